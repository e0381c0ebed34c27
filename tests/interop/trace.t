#!/bin/sh
# Scamper 20211212's own tools (Debian's package: the interop oracle) read
# a list, cycle and trace that our writer built in code.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/oracle.sh"

f=$(mktemp /tmp/interop-trace.XXXXXX)
trap 'rm -f "$f"' EXIT
"$WARTS_BUILD/tests/interop/gen_trace" "$f"
is "$?" 0 "our writer builds the file"

dump=$("$SC_WARTSDUMP" "$f" 2>&1)
is "$?" 0 "sc_wartsdump accepts it"
contains "$dump" 'list id 4242, name interop-list, descr "built in code"' "dump: list"
contains "$dump" "cycle start, list interop-list 4242, cycle 77" "dump: cycle start"
contains "$dump" "traceroute from 192.0.2.10 to 198.51.100.99" "dump: trace src and dst"
contains "$dump" "monitor: vp-interop" "dump: list monitor"
contains "$dump" "user-id: 31337" "dump: userid"
contains "$dump" "start: Tue Nov 14 22:13:21 2023 123456" "dump: start time"
contains "$dump" "type: udp paris, sport: 40001, dport: 33435" "dump: method and ports"
contains "$dump" "attempts: 3, hoplimit: 30, loops: 1, probec: 2" "dump: attempts, hoplimit, loops, probec"
contains "$dump" "gaplimit: 7, gapaction: stop" "dump: gaplimit"
contains "$dump" "wait-timeout: 4s, wait-probe: 100ms, confidence: 95%" "dump: waits and confidence"
contains "$dump" "hop  1  203.0.113.1" "dump: hop 1"
contains "$dump" "reply-ttl: 254, reply-size: 56, reply-ipid: 0x4321" "dump: hop 1 reply fields"
contains "$dump" "icmp-type: 11, icmp-code: 0, q-ttl: 1, q-len: 60" "dump: hop 1 icmp"
contains "$dump" "mpls ext ttl: 1, s: 1, exp: 0, label: 1000" "dump: MPLS label stack"
contains "$dump" "hop  2  198.51.100.99" "dump: hop 2"
contains "$dump" "icmp-type: 3, icmp-code: 3" "dump: hop 2 icmp"
contains "$dump" "cycle stop, list interop-list 4242, cycle 77, time Tue Nov 14 22:15:00 2023" "dump: cycle stop"

json=$("$SC_WARTS2JSON" "$f" 2>&1)
is "$?" 0 "sc_warts2json accepts it"
contains "$json" '"tos":32, "probe_size":60, "probe_count":2' "json: trace fields"
contains "$json" '"rtt":1.234, "reply_ttl":254' "json: hop rtt and ttl"
contains "$json" '"stop_time":1700000100' "json: cycle stop time"
done_testing
