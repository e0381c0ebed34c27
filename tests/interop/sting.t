#!/bin/sh
# Scamper 20211212's own tools (Debian's package: the interop oracle) read
# a list, cycle and Sting record that our writer built in code.  The
# record carries an error message in bit 23, which scamper declares but
# never writes or reads: Debian's reader must skip it by length and still
# read everything else.  Debian's sc_warts2json does not print sting
# records; sc_warts2text does.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/oracle.sh"

f=$(mktemp /tmp/interop-sting.XXXXXX)
trap 'rm -f "$f"' EXIT
"$WARTS_BUILD/tests/interop/gen_sting" "$f"
is "$?" 0 "our writer builds the file"
n=$(grep -a -c "bit 23 is read by nobody" "$f")
is "$n" 1 "the file holds the bit 23 error message"

dump=$("$SC_WARTSDUMP" "$f" 2>&1)
is "$?" 0 "sc_wartsdump accepts it"
contains "$dump" 'list id 4244, name sting-list, descr "sting built in code"' "dump: list"
contains "$dump" "cycle start, list sting-list 4244, cycle 79" "dump: cycle start"
contains "$dump" "sting from 192.0.2.2 to 198.51.100.80" "dump: src and dst"
contains "$dump" " list id: 4244, name: sting-list" "dump: record's list"
contains "$dump" " cycle id: 79" "dump: record's cycle"
contains "$dump" " user-id: 8080" "dump: userid"
contains "$dump" " start: Tue Nov 14 22:13:21 2023 654321" "dump: start time"
contains "$dump" " sport: 40000, dport: 80" "dump: ports"
# scamper 20211212 prints the millisecond gaps with a "us"
contains "$dump" " count: 48, mean: 250us, inter: 1500us, seqskip 3" "dump: count, gaps, seqskip"
contains "$dump" " synretx: 2, dataretx: 4" "dump: retransmissions"
contains "$dump" " dataackc: 45, holec: 2" "dump: data acks and holes"
contains "$dump" " hs-rtt: 0.012345" "dump: handshake rtt (a timeval)"
contains "$dump" " result: completed" "dump: result (bit 22, before the skipped bit 23)"
contains "$dump" "[  0.000] TX SYN             40 seq = 0:0              1234" "dump: packet 0 (flags, time, bytes)"
contains "$dump" "[  0.012] RX SYN/ACK         40 seq = 0:1" "dump: packet 1"
contains "$dump" "cycle stop, list sting-list 4244, cycle 79, time Tue Nov 14 22:15:00 2023" "dump: cycle stop"

text=$("$SC_WARTS2TEXT" "$f" 2>&1)
is "$?" 0 "sc_warts2text accepts it"
contains "$text" "sting from 192.0.2.2:40000 to 198.51.100.80:80, 48 probes, 250ms mean" "text: summary"
contains "$text" " data-ack count 45, holec 2" "text: results"

json=$("$SC_WARTS2JSON" "$f" 2>&1)
is "$?" 0 "sc_warts2json accepts it"
contains "$json" '"type":"cycle-stop", "list_name":"sting-list", "id":79' "json: the records after ours are read"
done_testing
