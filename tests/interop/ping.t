#!/bin/sh
# Scamper 20211212's own tools (Debian's package: the interop oracle) read
# a list, cycle and four pings that our writer built in code.  The replies
# also carry 2026-only fields (interface name, reply ToS) that the old
# reader must skip by length.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/oracle.sh"

f=$(mktemp /tmp/interop-ping.XXXXXX)
trap 'rm -f "$f"' EXIT
"$WARTS_BUILD/tests/interop/gen_ping" "$f"
is "$?" 0 "our writer builds the file"

dump=$("$SC_WARTSDUMP" "$f" 2>&1)
is "$?" 0 "sc_wartsdump accepts it"
contains "$dump" 'list id 4243, name interop-ping, descr "pings built in code"' "dump: list"
contains "$dump" "cycle start, list interop-ping 4243, cycle 78" "dump: cycle start"

# IPv4 ICMP echo
contains "$dump" "ping from 192.0.2.10 to 198.51.100.99" "dump: echo src and dst"
contains "$dump" "list id: 4243, name: interop-ping, monitor: vp-interop" "dump: list reference"
contains "$dump" "cycle id: 78" "dump: cycle reference"
contains "$dump" "user-id: 31337" "dump: userid"
contains "$dump" "start: Tue Nov 14 22:13:21 2023 123456" "dump: start time"
contains "$dump" "probe-count: 3, replies-req: 2, size: 84, wait: 1, timeout: 2, ttl: 64" "dump: count, stop count, size, wait, timeout, ttl"
contains "$dump" "flags: v4rr" "dump: flags"
contains "$dump" "pattern bytes (4): deadbeef" "dump: payload pattern"
contains "$dump" "probes-sent: 2, stop-reason: done" "dump: probes sent, stop reason"
contains "$dump" "reply from 198.51.100.99, attempt: 1, tx: 0.076544s, rtt: 0.001234s" "dump: reply 1 probe, tx, rtt"
contains "$dump" "size: 84, ttl: 61, probe-ipid: 0x4321, reply-ipid: 0x1234" "dump: reply 1 size, ttl, IP ids"
contains "$dump" "reply from 198.51.100.99, attempt: 2, tx: 1.076544s, rtt: 0.005678s" "dump: reply 2"
contains "$dump" "probe-ipid: 0x4322, reply-ipid: 0x1235" "dump: reply 2 IP ids"
contains "$dump" "record route: 203.0.113.1     203.0.113.2     198.51.100.99" "dump: record route"

# IPv6 TCP ACK
contains "$dump" "ping from 2001:db8::10 to 2001:db8::99" "dump: tcp src and dst"
contains "$dump" "method: tcp-ack, sport: 40001, dport: 80, seq: 1000001, ack: 2000002" "dump: tcp method, ports, seq, ack"
contains "$dump" "reply from 2001:db8::99, attempt: 1, tx: 0.176544s, rtt: 0.004321s" "dump: tcp reply"
contains "$dump" "size: 60, ttl: 60" "dump: tcp reply size and ttl"
contains "$dump" "tcp flags: 04 ( rst )" "dump: tcp flags"

# IPv4 ICMP timestamp
contains "$dump" "method: icmp-time" "dump: icmp-time method"
contains "$dump" "icmp type: 14, code: 0" "dump: timestamp reply type"
contains "$dump" "icmp-tsreply: tso=01:02:03.004 tsr=01:02:03.005 tst=01:02:03.006" "dump: timestamp reply stamps"

# IPv4 prespecified timestamps
contains "$dump" "flags: tsandaddr" "dump: tsandaddr flag"
contains "$dump" "timestamp-prespec: 203.0.113.5 198.51.100.8" "dump: prespecified addresses"
contains "$dump" "IP timestamp option: tsc 2" "dump: IP timestamp count"
contains "$dump" "203.0.113.5     0x01020304    198.51.100.8    0x01020305" "dump: IP timestamps and addresses"

contains "$dump" "cycle stop, list interop-ping 4243, cycle 78, time Tue Nov 14 22:15:00 2023" "dump: cycle stop"

json=$("$SC_WARTS2JSON" "$f" 2>&1)
is "$?" 0 "sc_warts2json accepts it"
contains "$json" '"method":"icmp-echo", "src":"192.0.2.10", "dst":"198.51.100.99", "start":{"sec":1700000001,"usec":123456}, "ping_sent":2, "probe_size":84, "userid":31337, "ttl":64, "wait":1, "timeout":2, "pattern":"deadbeef", "flags":["v4rr"]' "json: echo ping fields"
contains "$json" '"tx":{"sec":1700000002, "usec":200000}, "rx":{"sec":1700000002, "usec":205678}, "rtt":5.678, "probe_ipid":17186, "reply_ipid":4661' "json: echo reply tx, rtt, IP ids"
contains "$json" '"RR":["203.0.113.1","203.0.113.2","198.51.100.99"]' "json: record route"
contains "$json" '"sport":40001, "dport":80, "tcp_seq":1000001, "tcp_ack":2000002' "json: tcp ping fields"
contains "$json" '"reply_proto":"tcp"' "json: tcp reply protocol"
contains "$json" '"rtt":4.321, "tcp_flags":4' "json: tcp reply"
contains "$json" '"method":"icmp-time"' "json: icmp-time"
contains "$json" '"probe_tsps":["203.0.113.5","198.51.100.8"]' "json: prespecified addresses"
contains "$json" '"tsandaddr":[{"ip":"203.0.113.5","ts":16909060},{"ip":"198.51.100.8","ts":16909061}]' "json: IP timestamps"
contains "$json" '"stop_time":1700000100' "json: cycle stop time"
done_testing
