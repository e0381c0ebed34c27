#!/bin/sh
# Scamper 20211212's own tools (Debian's package: the interop oracle) read
# a list, cycle and two neighbourdisc records that our writer built in
# code.  Debian's sc_warts2json does not print neighbourdisc records, so
# only sc_wartsdump shows their values; sc_warts2json must still accept
# the file.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/oracle.sh"

f=$(mktemp /tmp/interop-neighbourdisc.XXXXXX)
trap 'rm -f "$f"' EXIT
"$WARTS_BUILD/tests/interop/gen_neighbourdisc" "$f"
is "$?" 0 "our writer builds the file"

dump=$("$SC_WARTSDUMP" "$f" 2>&1)
is "$?" 0 "sc_wartsdump accepts it"
contains "$dump" 'list id 4243, name nd-list, descr "neighbourdisc built in code"' "dump: list"
contains "$dump" "cycle start, list nd-list 4243, cycle 78" "dump: cycle start"
contains "$dump" " list id: 4243, name: nd-list" "dump: record's list"
contains "$dump" " cycle id: 78" "dump: record's cycle"
contains "$dump" " user-id: 4711" "dump: userid"
contains "$dump" " start: Tue Nov 14 22:13:21 2023 250000" "dump: start time"
# scamper 20211212 prints the millisecond wait with an "s"
contains "$dump" "method: arp, attempts: 2, wait: 1500s, replyc: 1, iface: eth7" "dump: arp method, attempts, wait, replies wanted, interface"
contains "$dump" " our-mac: 02:00:5e:10:00:02" "dump: source MAC"
contains "$dump" " flags: 0x01 ( all-attempts )" "dump: flags"
contains "$dump" "who-has 192.0.2.1 tell 192.0.2.2 result: 02:00:5e:10:00:01" "dump: query and result"
contains "$dump" " probe: 0, tx: 1700000001.300000" "dump: probe without replies"
contains "$dump" " probe: 1, tx: 1700000002.800000" "dump: probe with replies"
contains "$dump" "rtt: 0.000123, mac: 02:00:5e:10:00:01" "dump: first reply (MAC as a reference)"
contains "$dump" "rtt: 0.000456, mac: 02:00:5e:10:00:99" "dump: second reply"
contains "$dump" "method: ipv6 nsol, attempts: 1, wait: 250s, replyc: 0, iface: eth8" "dump: nsol record"
contains "$dump" " flags: 0x02 ( first-response )" "dump: nsol flags"
contains "$dump" "who-has 2001:db8::1 tell 2001:db8::2" "dump: nsol query"
contains "$dump" "probe: 0, tx: 1700000010.000005" "dump: unanswered probe"
contains "$dump" "cycle stop, list nd-list 4243, cycle 78, time Tue Nov 14 22:15:00 2023" "dump: cycle stop"

json=$("$SC_WARTS2JSON" "$f" 2>&1)
is "$?" 0 "sc_warts2json accepts it"
contains "$json" '"type":"cycle-stop", "list_name":"nd-list", "id":78' "json: the records after ours are read"
done_testing
