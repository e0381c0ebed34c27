#!/bin/sh
# Scamper 20211212's own tools (Debian's package: the interop oracle) read
# a list, cycle and two MDA traceroutes that our writer built in code: an
# IPv4 one with a load balancer, a dead end, a PTR name, a router, an MPLS
# extension and a 2026-only error message the old tools must skip, and an
# IPv6 one answered over TCP.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/oracle.sh"

f=$(mktemp /tmp/interop-tracelb.XXXXXX)
trap 'rm -f "$f"' EXIT
"$WARTS_BUILD/tests/interop/gen_tracelb" "$f"
is "$?" 0 "our writer builds the file"

dump=$("$SC_WARTSDUMP" "$f" 2>&1)
is "$?" 0 "sc_wartsdump accepts it"
contains "$dump" 'list id 4343, name interop-lb, descr "tracelb built in code"' "dump: list"
contains "$dump" "cycle start, list interop-lb 4343, cycle 88" "dump: cycle start"
contains "$dump" "tracelb from 192.0.2.10 to 198.51.100.99" "dump: v4 src and dst"
contains "$dump" "user-id: 31337" "dump: userid"
contains "$dump" "rtr: 192.0.2.254" "dump: router"
contains "$dump" "start: Tue Nov 14 22:13:21 2023 123456" "dump: start time"
contains "$dump" "type: udp-dport 40001:33435, tos: 0x20" "dump: method, ports, tos"
contains "$dump" "firsthop: 2, attempts: 3, confidence: 99" "dump: firsthop, attempts, confidence"
contains "$dump" "probe-size: 60, wait-probe: 200ms, wait-timeout 4s" "dump: size and waits"
contains "$dump" "nodec: 5, linkc: 6, probec: 6, probec_max: 2500" "dump: counts"
contains "$dump" "node 0 203.0.113.1, q-ttl 1, name lb.example" "dump: node with quoted TTL and name"
contains "$dump" " link 203.0.113.1 -> 203.0.113.2 hopc 1" "dump: first branch of the balancer"
contains "$dump" " link 203.0.113.1 -> 203.0.113.3 hopc 1" "dump: second branch of the balancer"
contains "$dump" "probe flowid: 33435, ttl: 3, attempt: 0, tx: 1700000002.100000" "dump: probe"
contains "$dump" "reply from: 203.0.113.2, rtt: 0.001500, ttl: 250, ipid: 0x1234" "dump: reply"
contains "$dump" "icmp: 11/0, q-tos: 0x20, q-ttl: 1" "dump: reply icmp and quoted fields"
contains "$dump" "icmp-ext mpls: label 1000 exp 0 s 1 ttl 1" "dump: MPLS extension"
contains "$dump" "icmp: 3/3, q-tos: 0x20, q-ttl: 1" "dump: port unreachable from the destination"
contains "$dump" " link 203.0.113.4 -> * hopc 1" "dump: dead-end link"
contains "$dump" "probe flowid: 33437, ttl: 5, attempt: 0, tx: 1700000002.500000" "dump: unanswered probe"
contains "$dump" "tracelb from 2001:db8::10 to 2001:db8:99::1" "dump: v6 src and dst"
contains "$dump" "type: tcp-sport 50001:443, tos: 0x00" "dump: v6 method"
contains "$dump" "reply from: 2001:db8:99::1, rtt: 0.004321, ttl: 60" "dump: v6 reply"
contains "$dump" "tcp flags 0x12 ( syn ack )" "dump: TCP reply flags"
contains "$dump" "cycle stop, list interop-lb 4343, cycle 88, time Tue Nov 14 22:15:00 2023" "dump: cycle stop"

json=$("$SC_WARTS2JSON" "$f" 2>&1)
is "$?" 0 "sc_warts2json accepts it"
contains "$json" '"method":"udp-dport", "src":"192.0.2.10", "dst":"198.51.100.99", "rtr":"192.0.2.254"' "json: method and addresses"
contains "$json" '"gaplimit":4, "wait_timeout":4, "wait_probe":200, "probec":6, "probec_max":2500, "nodec":5, "linkc":6' "json: parameters"
contains "$json" '"addr":"203.0.113.1", "name":"lb.example", "q_ttl":1, "linkc":3' "json: node links hang on their from-node"
contains "$json" '"rtt":1.500, "ipid":4660, "icmp_type":11, "icmp_code":0, "icmp_q_tos":32, "icmp_q_ttl":1' "json: reply"
contains "$json" '"links":[[{"addr":"*"}]]' "json: dead end"
contains "$json" '"rtt":4.321, "tcp_flags":18' "json: TCP reply"

text=$("$SC_WARTS2TEXT" "$f" 2>&1)
is "$?" 0 "sc_warts2text accepts it"
contains "$text" "tracelb from 192.0.2.10 to 198.51.100.99, 5 nodes, 6 links, 6 probes, 99%" "text: v4 summary"
contains "$text" "203.0.113.4 -> *" "text: dead end"
contains "$text" "2001:db8::1 -> 2001:db8:99::1" "text: v6 link"
done_testing
