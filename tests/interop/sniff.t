#!/bin/sh
# Scamper 20211212's own tools (Debian's package: the interop oracle) read
# a list, cycle and sniff record that our writer built in code.  Debian's
# sc_warts2json does not print sniff records; sc_wartsdump does, and
# sc_warts2pcap copies the captured packets, byte for byte, into a pcap.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/oracle.sh"

f=$(mktemp /tmp/interop-sniff.XXXXXX)
p=$(mktemp /tmp/interop-sniff-pcap.XXXXXX)
trap 'rm -f "$f" "$p"' EXIT
"$WARTS_BUILD/tests/interop/gen_sniff" "$f"
is "$?" 0 "our writer builds the file"

dump=$("$SC_WARTSDUMP" "$f" 2>&1)
is "$?" 0 "sc_wartsdump accepts it"
contains "$dump" 'list id 4245, name sniff-list, descr "sniff built in code"' "dump: list"
contains "$dump" "cycle start, list sniff-list 4245, cycle 80" "dump: cycle start"
contains "$dump" "sniff 192.0.2.2" "dump: src"
contains "$dump" " list id: 4245, name: sniff-list" "dump: record's list"
contains "$dump" " cycle id: 80" "dump: record's cycle"
contains "$dump" " user-id: 99" "dump: userid"
contains "$dump" " start: Tue Nov 14 22:13:21 2023 100000" "dump: start time"
contains "$dump" " finish: Tue Nov 14 22:13:26 2023 100000" "dump: finish time"
contains "$dump" " limit-pktc: 2, limit-time: 30, icmp-id 4660" "dump: limits and ICMP id"
contains "$dump" " result: limit-pktc, pktc: 2" "dump: stop reason and packet count"
contains "$dump" "   0 1.400000 198.51.100.1 -> 192.0.2.2" "dump: packet 0 time and addresses"
contains "$dump" "0x0010:  c000 0202 0000 0000 1234 0007 cafe f00d" "dump: packet 0 bytes"
contains "$dump" "   1 2.650000 198.51.100.1 -> 192.0.2.2" "dump: packet 1"
contains "$dump" "0x0010:  c000 0202 0000 0000 1234 0008 cafe f00d" "dump: packet 1 bytes"
contains "$dump" "cycle stop, list sniff-list 4245, cycle 80, time Tue Nov 14 22:15:00 2023" "dump: cycle stop"

json=$("$SC_WARTS2JSON" "$f" 2>&1)
is "$?" 0 "sc_warts2json accepts it"
contains "$json" '"type":"cycle-stop", "list_name":"sniff-list", "id":80' "json: the records after ours are read"

/usr/bin/sc_warts2pcap "$f" > "$p"
is "$?" 0 "sc_warts2pcap accepts it"
# a 24-byte pcap header, then per packet a 16-byte header and 32 bytes
is "$(wc -c < "$p" | tr -d ' ')" 120 "pcap: two 32-byte packets"
hex=$(od -An -tx1 -v "$p" | tr -d ' \n')
contains "$hex" "45000020beef00003c010000c6336401c00002020000000012340007cafef00d" "pcap: packet 0 bytes"
contains "$hex" "45000020beef00003c010000c6336401c00002020000000012340008cafef00d" "pcap: packet 1 bytes"
# sc_warts2pcap writes the record headers in host byte order
is "$(od -An -tu4 -j24 -N8 "$p" | tr -s ' ' | sed 's/^ //')" "1700000002 500000" "pcap: packet 0 time"
is "$(od -An -tu4 -j72 -N8 "$p" | tr -s ' ' | sed 's/^ //')" "1700000003 750000" "pcap: packet 1 time"
done_testing
