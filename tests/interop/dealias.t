#!/bin/sh
# Scamper 20211212's own tools (Debian's package: the interop oracle) read
# alias resolution measurements that our writer built in code, one for
# each method 2021 knows: ally, radargun, prefixscan, mercator and bump.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/oracle.sh"

f=$(mktemp /tmp/interop-dealias.XXXXXX)
trap 'rm -f "$f"' EXIT
"$WARTS_BUILD/tests/interop/gen_dealias" "$f"
is "$?" 0 "our writer builds the file"

dump=$("$SC_WARTSDUMP" "$f" 2>&1)
is "$?" 0 "sc_wartsdump accepts it"
contains "$dump" 'list id 4243, name interop-dealias, descr "built in code"' "dump: list"
contains "$dump" "cycle start, list interop-dealias 4243, cycle 78" "dump: cycle start"
contains "$dump" " list id: 4243, name: interop-dealias" "dump: dealias list"
contains "$dump" " cycle id: 78" "dump: dealias cycle"
contains "$dump" " user-id: 31337" "dump: userid"
contains "$dump" " start: Tue Nov 14 22:13:30 2023 042714" "dump: start time"

# ally
contains "$dump" "method: ally, attempts: 5, fudge: 200, wait-probe: 500ms, wait-timeout: 5s, nobs" "ally: block"
contains "$dump" " probedef 0: dst: 198.51.100.6, ttl: 255, tos: 0x00
  src: 192.0.2.10
  udp 44129:33435" "ally: UDP probedef"
contains "$dump" " probedef 1: dst: 198.51.100.9, ttl: 255, tos: 0x20
  src: 192.0.2.10, size: 84
  icmp-echo csum: 1234, id: acb3" "ally: ICMP probedef with tos, size, checksum"
contains "$dump" " probes: 2, result: not-aliases" "ally: probe count and result"
contains "$dump" " probe: 0, def: 0, seq: 0, tx: 1700000010.100000, ipid: ffff
  reply: 0, src: 198.51.100.6, ttl: 62, rtt: 0.000076, ipid: 7587
  icmp-type: 3, icmp-code: 3, icmp-q-ttl: 253" "ally: probe 0 and its reply"
contains "$dump" " probe: 1, def: 1, seq: 1, tx: 1700000010.600000, ipid: fefe
  reply: 0, src: 198.51.100.9, ttl: 62, rtt: 0.000343, ipid: 8e4e" "ally: probe 1 names probedef 1"

# radargun
contains "$dump" " method: radargun, wait-probe: 100ms, wait-round: 1000ms
  wait-timeout: 5s, attempts: 3, probedefc: 3
  flags: shuffle" "radargun: block"
contains "$dump" "  tcp-ack 44212:80  ( ack )" "radargun: TCP probedef"
contains "$dump" " probe: 1, def: 1, seq: 0, tx: 1700000020.200000, ipid: fefe
 probe: 2, def: 2, seq: 0, tx: 1700000020.300000, ipid: fdfd" "radargun: a probe without replies"
contains "$dump" "  reply: 0, src: 198.51.100.7, ttl: 62, rtt: 0.000091, ipid: 5aec
   tcp flags: ( rst )" "radargun: TCP reply"

# prefixscan
contains "$dump" " method: prefixscan, 198.51.100.2:198.51.100.4/30, alias: 198.51.100.5/31
  attempts: 2, replyc: 4, fudge: 200, wait-probe: 200ms, wait-timeout: 5s
  exclude: 198.51.100.7" "prefixscan: block, alias and excluded address"
contains "$dump" " probes: 2, result: aliases" "prefixscan: result"

# mercator, IPv6
contains "$dump" "dealias from 2001:db8:0:1::2 to 2001:db8:0:23::2" "mercator: src and dst"
contains "$dump" " method: mercator, attempts: 3, timeout: 5s" "mercator: block"
contains "$dump" "  reply: 0, src: 2001:db8:0:23::2, ttl: 62, rtt: 0.000075, ipid32: deadbeef
  icmp-type: 1, icmp-code: 4, icmp-q-ttl: 253" "mercator: ICMPv6 reply with a 32-bit IP id"

# bump
contains "$dump" " method: bump, attempts: 3, wait-probe: 1000ms, bump-limit: 30" "bump: block"
contains "$dump" " probe: 1, def: 1, seq: 0, tx: 1700000050.269168, ipid: fefe
  reply: 0, src: 198.51.100.5, ttl: 62, rtt: 0.000088, ipid: 3845" "bump: probe 1"
contains "$dump" "cycle stop, list interop-dealias 4243, cycle 78, time Tue Nov 14 22:15:00 2023" "dump: cycle stop"

json=$("$SC_WARTS2JSON" "$f" 2>&1)
is "$?" 0 "sc_warts2json accepts it"
ok "$(printf '%s\n' "$json" | grep -c '"type":"dealias"')" -eq 5 "json: five dealias objects"
contains "$json" '"method":"ally", "userid":31337, "result":"not-aliases", "start":{"sec":1700000010, "usec":42714}, "wait_probe":500, "wait_timeout":5, "attempts":5, "fudge":200, "flags":["nobs"]' "json: ally"
contains "$json" '"method":"icmp-echo", "icmp_id":44211, "icmp_csum":4660' "json: ICMP probedef"
contains "$json" '"method":"radargun", "userid":0, "result":"none", "start":{"sec":1700000020, "usec":42714}, "attempts":3, "wait_probe":100, "wait_round":1000, "wait_timeout":5' "json: radargun"
contains "$json" '"method":"tcp-ack", "tcp_sport":44212, "tcp_dport":80, "tcp_flags":16' "json: TCP probedef"
contains "$json" '"ipid": 23276, "proto":6, "tcp_flags":4' "json: TCP reply"
contains "$json" '"a":"198.51.100.2", "b":"198.51.100.4/30", "ab":"198.51.100.5/31", "xs":["198.51.100.7"], "attempts":2, "replyc":4, "fudge":200, "wait_probe":200, "wait_timeout":5' "json: prefixscan"
contains "$json" '"ipid": 3735928559, "proto":58, "icmp_type":1, "icmp_code":4, "icmp_q_ttl":253' "json: mercator IPv6 reply"
contains "$json" '"method":"bump", "userid":0, "result":"not-aliases", "start":{"sec":1700000050, "usec":42714}, "wait_probe":1000, "bump_limit":30, "attempts":3' "json: bump"

text=$("$SC_WARTS2TEXT" "$f" 2>&1)
is "$?" 0 "sc_warts2text accepts it"
contains "$text" "198.51.100.6 198.51.100.9 not aliases" "text: ally result"
done_testing
