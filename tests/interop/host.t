#!/bin/sh
# Scamper 20211212's own tools (Debian's package: the interop oracle) read
# a list, cycle and DNS measurements that our writer built in code.  The
# 2021 reader requires data on every RR, so its accepting the SOA RR (which
# its dump prints without data) shows that the SOA block parsed too.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/oracle.sh"

f=$(mktemp /tmp/interop-host.XXXXXX)
trap 'rm -f "$f"' EXIT
"$WARTS_BUILD/tests/interop/gen_host" "$f"
is "$?" 0 "our writer builds the file"

dump=$("$SC_WARTSDUMP" "$f" 2>&1)
is "$?" 0 "sc_wartsdump accepts it"
contains "$dump" 'list id 5353, name interop-dns, descr "dns built in code"' "dump: list"
contains "$dump" "cycle start, list interop-dns 5353, cycle 88" "dump: cycle start"
contains "$dump" "host from 192.0.2.10 to 198.51.100.53" "dump: IPv4 src and server"
contains "$dump" "list id: 5353, name: interop-dns, monitor: vp-interop" "dump: list reference"
contains "$dump" "user-id: 4321" "dump: userid"
contains "$dump" "start: Tue Nov 14 22:13:21 2023 250000" "dump: start time"
contains "$dump" "flags: norecurse" "dump: flags"
contains "$dump" "wait: 3000ms, retries: 2" "dump: wait in ms and retries"
contains "$dump" "stop: done" "dump: stop reason"
contains "$dump" "qname: www.interop.example, qclass: IN, qtype: A" "dump: question"
contains "$dump" "query: 0, id: 4660, tx: 0.010000, rtt: 0.012345, an: 2, ns: 2, ar: 3" "dump: query times, id and counts"
contains "$dump" "an: www.interop.example 300 IN CNAME web.interop.example" "dump: CNAME answer"
contains "$dump" "an: web.interop.example 60 IN A 203.0.113.80" "dump: A answer"
contains "$dump" "ns: interop.example 86400 IN NS ns1.interop.example" "dump: NS authority"
contains "$dump" "ns: interop.example 3600 IN SOA" "dump: SOA authority"
contains "$dump" "ar: ns1.interop.example 86400 IN A 198.51.100.53" "dump: A additional (address table reference)"
contains "$dump" "ar: ns1.interop.example 86400 IN AAAA 2001:db8::53" "dump: AAAA additional"
contains "$dump" "ar: interop.example 600 IN MX 20 mx.interop.example" "dump: MX additional"
contains "$dump" "host from 2001:db8::10 to 2001:db8::53" "dump: IPv6 src and server"
contains "$dump" "qname: 80.113.0.203.in-addr.arpa, qclass: IN, qtype: PTR" "dump: PTR question"
contains "$dump" "qcount: 2" "dump: query count"
contains "$dump" "an: 80.113.0.203.in-addr.arpa 1800 IN PTR web.interop.example" "dump: PTR answer"
contains "$dump" "query: 1, id: 78, tx: 2.001000" "dump: unanswered query (2021 style, zero rx written)"
contains "$dump" "cycle stop, list interop-dns 5353, cycle 88, time Tue Nov 14 22:15:00 2023" "dump: cycle stop"

# Debian's sc_warts2json prints no host records; it must still read past
# them to the cycle stop.
json=$("$SC_WARTS2JSON" "$f" 2>&1)
is "$?" 0 "sc_warts2json accepts it"
contains "$json" '"type":"cycle-stop", "list_name":"interop-dns", "id":88' "json: reads past the host records to the cycle stop"
contains "$json" '"stop_time":1700000100' "json: cycle stop time"
done_testing
