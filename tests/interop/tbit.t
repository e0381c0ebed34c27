#!/bin/sh
# Scamper 20211212's own tools (Debian's package: the interop oracle) read
# a list, cycle and four tbit tests that our writer built in code: every
# per-test block the old tools print, both application blocks, packets,
# the TFO cookie and the client TTL.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/oracle.sh"

f=$(mktemp /tmp/interop-tbit.XXXXXX)
trap 'rm -f "$f"' EXIT
"$WARTS_BUILD/tests/interop/gen_tbit" "$f"
is "$?" 0 "our writer builds the file"

dump=$("$SC_WARTSDUMP" "$f" 2>&1)
is "$?" 0 "sc_wartsdump accepts it"
contains "$dump" 'list id 4243, name tbit-list, descr "tbit built in code"' "dump: list"
contains "$dump" "cycle start, list tbit-list 4243, cycle 78" "dump: cycle start"
contains "$dump" "tbit from 192.0.2.10 to 198.51.100.80" "dump: pmtud src and dst"
contains "$dump" "user-id: 31337" "dump: userid"
contains "$dump" "start: Tue Nov 14 22:13:21 2023 123456" "dump: start time"
contains "$dump" "sport: 40000, dport: 80" "dump: ports"
contains "$dump" "client-mss: 1460, server-mss: 1400, ttl: 64, wscale: 7" "dump: mss, client TTL, window scale"
contains "$dump" "type: pmtud, result: pmtud-success" "dump: pmtud type and result"
contains "$dump" "options: tcpts, sack" "dump: options"
contains "$dump" "fo-cookie: 0011223344556677" "dump: TFO cookie"
contains "$dump" "mtu: 1280, ptb-retx: 3, ptb-src: 203.0.113.1, blackhole" "dump: pmtud block"
contains "$dump" "app: http, url: https://www.example.com/index.html" "dump: https block"
contains "$dump" "[  0.001] TX SYN             44  0               1234" "dump: packet 1 (SYN)"
contains "$dump" "[  0.050] RX SYN/ACK         44  0:1" "dump: packet 2 (SYN/ACK)"
contains "$dump" "[  0.100] RX PTB             56  mtu = 1280" "dump: packet 3 (too big)"
contains "$dump" "tbit from 2001:db8::10 to 2001:db8::80" "dump: null test over IPv6"
contains "$dump" "client-mss: 1440, server-mss: 0, ttl: 255" "dump: client TTL defaults to 255"
contains "$dump" "type: null, result: null-success" "dump: null type and result"
contains "$dump" "null-options: tcpts, sack" "dump: null block options"
contains "$dump" "results: tcpts-ok, sack-ok" "dump: null block results"
contains "$dump" "app: bgp, asn: 64496" "dump: bgp block"
contains "$dump" "type: blind-rst, result: blind-accepted" "dump: blind type and result"
contains "$dump" "blind: offset -70000, retx 4" "dump: blind block, negative offset"
contains "$dump" "app: http, file: /only-a-file.html" "dump: http block with only a file"
contains "$dump" "type: icw, result: icw-tooshort" "dump: icw test"
contains "$dump" "cycle stop, list tbit-list 4243, cycle 78, time Tue Nov 14 22:15:00 2023" "dump: cycle stop"

json=$("$SC_WARTS2JSON" "$f" 2>&1)
is "$?" 0 "sc_warts2json accepts it"
contains "$json" '"tbit_type":"pmtud", "userid":31337, "src":"192.0.2.10", "dst":"198.51.100.80", "sport":40000, "dport":80' "json: pmtud header"
contains "$json" '"client_mss":1460, "server_mss":1400, "ttl":64, "result":"pmtud-success", "options":["tcpts","sack"], "wscale":7, "fo_cookie":"0011223344556677"' "json: mss, ttl, options, cookie"
contains "$json" '"client_isn":1000, "server_isn":2000' "json: sequence numbers from the packets"
contains "$json" '"mtu":1280, "ptb_retx":3, "ptbsrc":"203.0.113.1", "pmtud_options":["blackhole"]' "json: pmtud block"
contains "$json" '"app":"http", "http_url":"https://www.example.com/index.html"' "json: https block"
contains "$json" '{"dir":"tx", "tv_sec":0, "tv_usec":1000, "len":44' "json: packet 1"
contains "$json" '"tcp_flags":["syn","ack"]' "json: packet 2 flags"
contains "$json" '{"dir":"rx", "tv_sec":0, "tv_usec":100000, "len":56' "json: packet 3"
contains "$json" '"null_options":["tcpts","sack"], "null_results":["tcpts-ok","sack-ok"], "app":"bgp", "bgp_asn":64496' "json: null and bgp blocks"
contains "$json" '"result":"blind-accepted", "blind_off":-70000, "blind_retx":4, "app":"http", "pkts":[]' "json: blind block"
contains "$json" '"tbit_type":"icw"' "json: icw test"
contains "$json" '"stop_time":1700000100' "json: cycle stop time"
done_testing
