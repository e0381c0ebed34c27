#!/bin/sh
# sc_json2warts on owamp objects, which no corpus file holds.  The JSON
# lines below are written by hand as sc_warts2json -A prints them; each
# set is converted to warts, and then:
#  - the warts bytes are checked against the record layout (warts-types.md
#    section 17) for two small objects, worked out by hand;
#  - sc_warts2json -A prints exactly the lines that went in, and they
#    come back to the same bytes;
#  - sc_wartsdump, which shares no code with the JSON, shows the fields;
#  - scamper's default JSON of the result comes back to the same JSON;
#  - malformed lines fail with one message naming the line.
. "$(dirname "$0")/../lib/tap.sh"

export TZ=UTC
bin=$WARTS_BUILD/bin
jsoncheck=$WARTS_BUILD/tests/tools/jsoncheck
tmp=$(mktemp -d /tmp/warts-j2w-owamp.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# a file's bytes as space-separated hex
hexof() {
	od -An -tx1 -v "$1" | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'
}

# roundtrip NAME: $tmp/NAME.json to warts, and -A JSON of that back
roundtrip() {
	if "$bin/sc_json2warts" < "$tmp/$1.json" > "$tmp/$1.warts" \
	    2> "$tmp/err"; then
		_tap_report 0 "$1: sc_json2warts converts it"
	else
		_tap_report 1 "$1: sc_json2warts converts it"
		sed 's/^/#   /' "$tmp/err"
	fi
	"$bin/sc_warts2json" -A "$tmp/$1.warts" > "$tmp/$1.out" 2>&1
	if cmp -s "$tmp/$1.out" "$tmp/$1.json"; then
		_tap_report 0 "$1: sc_warts2json -A prints the lines that went in"
	else
		_tap_report 1 "$1: sc_warts2json -A prints the lines that went in"
		diff "$tmp/$1.json" "$tmp/$1.out" | cut -c1-300 | sed 's/^/#   /'
	fi
	is "$("$jsoncheck" < "$tmp/$1.out")" "$(grep -c . "$tmp/$1.json")" \
	    "$1: the -A JSON is valid"
	"$bin/sc_json2warts" < "$tmp/$1.out" > "$tmp/$1.back" 2> /dev/null
	ok "$(hexof "$tmp/$1.back")" = "$(hexof "$tmp/$1.warts")" \
	    "$1: the -A JSON comes back to the same bytes"
}

# ---- the smallest owamp object: every field as a reader assumes it,
# except the schedule count, which is 0 rather than the absent 1.
cat > "$tmp/minimal.json" <<'J'
{"type":"owamp","dir":"tx","dport":861,"start":{"sec":0,"usec":0},"startat":{"sec":0,"usec":0},"wait_timeout":{"sec":2,"usec":0},"hsrtt":{"sec":0,"usec":0},"userid":0,"attempts":10,"pktsize":42,"dscp":0,"flags":0,"ttl":255,"udp_sport":0,"udp_dport":0,"result":"none","txs":[],"warts":{"list":null,"cycle":null}}
J
roundtrip minimal
# header: magic 1205, type 17, 8 bytes; flags: bit 11 (byte 2, 0x08);
# 4 bytes of parameters: schedc 0
is "$(hexof "$tmp/minimal.warts")" \
    "12 05 00 11 00 00 00 08 80 08 00 04 00 00 00 00" \
    "minimal: the record's bytes"

# ---- one schedule slot, one packet, one copy received
cat > "$tmp/nested.json" <<'J'
{"type":"owamp","dir":"tx","dst":"192.0.2.1","dport":861,"start":{"sec":0,"usec":0},"startat":{"sec":0,"usec":0},"wait_timeout":{"sec":2,"usec":0},"hsrtt":{"sec":0,"usec":0},"userid":0,"attempts":10,"pktsize":42,"dscp":0,"flags":0,"ttl":255,"udp_sport":0,"udp_dport":0,"result":"none","sched":[{"value":{"sec":0,"usec":100000},"type":"fixed"}],"txs":[{"stamp":{"sec":1,"usec":5},"sched":{"sec":1,"usec":0},"seq":0,"rxc":1,"sent":1,"rxs":[{"stamp":{"sec":1,"usec":900},"ttl":60}]}],"warts":{"list":null,"cycle":null}}
J
roundtrip nested
# params: bits 5 (dst: length 4, type 1, 192.0.2.1) and 22 (txc 1);
# sched: bit 1 (0.100000 s); tx: bits 1 (sched 1.0), 2 (stamp 1.000005)
# and 6 (rxc 1); rx: bits 1 (stamp 1.000900), 3 (flags: TTL) and 5 (60)
is "$(hexof "$tmp/nested.warts")" \
    "12 05 00 11 00 00 00 3c 90 80 80 01 00 0a 04 01 c0 00 02 01 00 00 00 01 01 00 08 00 00 00 00 00 01 86 a0 23 00 11 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00 05 01 15 00 0a 00 00 00 01 00 00 03 84 02 3c" \
    "nested: the record's bytes"

# ---- a list and cycle; every field set; a packet not sent; flags and
# values the default keys cannot show (a tx flag 0x80 and an error
# estimate without its flag; an rx flag 0x08 and a DSCP without its
# flag); names scamper lacks ("5", "9", "3")
cat > "$tmp/full.json" <<'J'
{"type":"list", "id":1, "name":"lab", "descr":"owamp tests"}
{"type":"cycle-start", "list_name":"lab", "id":7, "hostname":"vm", "start_time":1795781000, "warts":{"list_id":1}}
{"type":"owamp","dir":"rx","src":"2001:db8::2","dst":"2001:db8::1","dport":8610,"start":{"sec":1795781001,"usec":123456},"startat":{"sec":1795781003,"usec":0},"wait_timeout":{"sec":5,"usec":500000},"hsrtt":{"sec":1,"usec":234567},"userid":42,"attempts":3,"pktsize":100,"dscp":46,"flags":1,"ttl":64,"udp_sport":40000,"udp_dport":40001,"result":"done","sched":[{"value":{"sec":0,"usec":100000},"type":"fixed"},{"value":{"sec":1,"usec":0},"type":"exponential"}],"txs":[{"stamp":{"sec":1795781003,"usec":10},"sched":{"sec":1795781003,"usec":0},"seq":0,"errest":257,"rxc":2,"sent":1,"rxs":[{"stamp":{"sec":1795781003,"usec":900},"errest":300,"dscp":46,"ttl":60},{"stamp":{"sec":1795781003,"usec":950}}]},{"stamp":{"sec":0,"usec":0},"sched":{"sec":1795781003,"usec":100000},"seq":1,"rxc":0,"sent":0,"rxs":[]},{"stamp":{"sec":1795781004,"usec":20},"sched":{"sec":1795781004,"usec":0},"seq":2,"rxc":1,"sent":1,"rxs":[{"stamp":{"sec":1795781004,"usec":800},"ttl":61,"warts":{"flags":10,"errest":0,"dscp":12,"ttl":61}}],"warts":{"flags":128,"errest":5}}],"warts":{"list":{"id":1,"name":"lab"},"cycle":{"id":7}}}
{"type":"owamp","dir":"5","dst":"192.0.2.1","dport":861,"start":{"sec":1795781050,"usec":0},"startat":{"sec":0,"usec":0},"wait_timeout":{"sec":2,"usec":0},"hsrtt":{"sec":0,"usec":0},"userid":0,"attempts":10,"pktsize":42,"dscp":0,"flags":0,"ttl":255,"udp_sport":0,"udp_dport":0,"result":"9","errmsg":"no route to host","sched":[{"value":{"sec":0,"usec":0},"type":"3"}],"txs":[],"warts":{"list":{"id":1,"name":"lab"},"cycle":{"id":7}}}
{"type":"cycle-stop", "list_name":"lab", "id":7, "hostname":"vm", "stop_time":1795781100}
J
roundtrip full

cat > "$tmp/full.dump" <<'J'
list id 1, name lab, descr "owamp tests"
cycle start, list lab 1, cycle 7, time Fri Nov 27 12:03:20 2026
owamp from 2001:db8::2 to 2001:db8::1
 list id: 1, name: lab
 cycle id: 7
 user-id: 42
 start: Fri Nov 27 12:03:21 2026 123456
 startat: Fri Nov 27 12:03:23 2026 000000
 wait-timeout: 5.5s, attempts: 3, dport: 8610, pktsize: 100, dscp: 46, ttl: 64
 dir: rx, udp_sport: 40000, udp_dport: 40001
 flags: 0x1 ( zero )
 hs-rtt: 1.234567
 result: done
 schedc: 2
  0: fixed, value: 0.1s
  1: exponential, value: 1s
 txc: 3
  0: 0.000010, seq: 0, rxc: 2, sched: 0.000000
    0.000900, ttl: 60, dscp: 46
    0.000950
  1: 2499186293.000000, seq: 1, rxc: 0, sched: 0.100000, not-sent
  2: 1.000020, seq: 2, rxc: 1, sched: 1.000000, flags: 0x80
    1.000800, ttl: 61, dscp: 12, flags: 0xa
owamp to 192.0.2.1
 list id: 1, name: lab
 cycle id: 7
 user-id: 0
 start: Fri Nov 27 12:04:10 2026 000000
 startat: Thu Jan  1 00:00:00 1970 000000
 wait-timeout: 2s, attempts: 10, dport: 861, pktsize: 42, dscp: 0, ttl: 255
 dir: 5, udp_sport: 0, udp_dport: 0
 result: 9
 errmsg: no route to host
 schedc: 1
  0: 3, value: 0s
cycle stop, list lab 1, cycle 7, time Fri Nov 27 12:05:00 2026
J
"$bin/sc_wartsdump" "$tmp/full.warts" > "$tmp/full.dump.out" 2>&1
if cmp -s "$tmp/full.dump.out" "$tmp/full.dump"; then
	_tap_report 0 "full: sc_wartsdump shows the fields"
else
	_tap_report 1 "full: sc_wartsdump shows the fields"
	diff "$tmp/full.dump" "$tmp/full.dump.out" | sed 's/^/#   /'
fi

# scamper's JSON (no -A) of that file comes back to the same JSON
"$bin/sc_warts2json" "$tmp/full.warts" > "$tmp/def.json"
"$bin/sc_json2warts" < "$tmp/def.json" > "$tmp/def.warts" 2> "$tmp/err"
"$bin/sc_warts2json" "$tmp/def.warts" > "$tmp/def.again" 2>> "$tmp/err"
if cmp -s "$tmp/def.again" "$tmp/def.json"; then
	_tap_report 0 "full: default JSON back to warts prints the same JSON"
else
	_tap_report 1 "full: default JSON back to warts prints the same JSON"
	sed 's/^/#   /' "$tmp/err"
	diff "$tmp/def.json" "$tmp/def.again" | cut -c1-300 | sed 's/^/#   /'
fi

# ---- what only -A carries: the list's monitor, and an error message
# with a byte (0xff) that is not UTF-8, which the "errmsg" key writes as
# \u00ff and "errmsg_hex" gives back
cat > "$tmp/bytes.json" <<'J'
{"type":"list", "id":1, "name":"lab", "monitor":"mon1"}
{"type":"owamp","dir":"tx","dst":"192.0.2.1","dport":861,"start":{"sec":1795781050,"usec":0},"startat":{"sec":0,"usec":0},"wait_timeout":{"sec":2,"usec":0},"hsrtt":{"sec":0,"usec":0},"userid":0,"attempts":10,"pktsize":42,"dscp":0,"flags":0,"ttl":255,"udp_sport":0,"udp_dport":0,"result":"error","errmsg":"bad \u00ff byte","monitor":"mon1","txs":[],"warts":{"list":{"id":1,"name":"lab"},"cycle":null,"errmsg_hex":"62616420ff2062797465"}}
J
roundtrip bytes
"$bin/sc_wartsdump" "$tmp/bytes.warts" > "$tmp/bytes.dump"
contains "$(hexof "$tmp/bytes.dump")" \
    "$(printf ' errmsg: bad \377 byte\n' > "$tmp/line"; hexof "$tmp/line")" \
    "bytes: the error message holds the byte 0xff"
contains "$("$bin/sc_wartsdump" "$tmp/bytes.warts")" \
    " list id: 1, name: lab, monitor: mon1" "bytes: the list's monitor"

# ---- malformed lines: exit 1, one message naming the line
good='{"type":"owamp","dst":"192.0.2.1","txs":[]}'
bad() {
	printf '%s\n%s\n' "$good" "$1" > "$tmp/bad.json"
	"$bin/sc_json2warts" < "$tmp/bad.json" > /dev/null 2> "$tmp/err"
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
	    grep -q '^sc_json2warts: stdin:2: ' "$tmp/err"; then
		_tap_report 0 "malformed: $2"
	else
		_tap_report 1 "malformed: $2"
		diag "exit $rc"
		sed 's/^/#   /' "$tmp/err"
	fi
}
bad '{"type":"owamp","dst":"192.0.2.1","txs":[{"stamp":{"sec":1,' \
    "a truncated line"
bad '{"type":"owamp","hsrtt":{"sec":4295,"usec":0}}' \
    "an hsrtt past 32 bits of microseconds"
bad '{"type":"owamp","dir":"sideways"}' "an unknown direction"
bad '{"type":"owamp","result":"256"}' "a result past 8 bits"
bad '{"type":"owamp","ttl":256}' "a TTL past 8 bits"
bad '{"type":"owamp","attempts":-1}' "negative attempts"
bad '{"type":"owamp","attempts":"10"}' "attempts as a string"
bad '{"type":"owamp","sched":[1]}' "a schedule slot that is not an object"
bad '{"type":"owamp","sched":{"value":{"sec":1,"usec":0}}}' \
    "a schedule that is not an array"
bad '{"type":"owamp","txs":[{"sent":2}]}' "a packet sent twice"
bad '{"type":"owamp","txs":[{"rxs":[{"stamp":5}]}]}' \
    "a receive time that is not a time"
bad '{"type":"owamp","txs":[{"warts":{"errest":65536}}]}' \
    "an error estimate past 16 bits"
bad '{"type":"owamp","warts":{"errmsg_hex":"6100"}}' \
    "an error message with a NUL"
bad '{"type":"owamp","warts":{"errmsg_hex":"6"}}' \
    "an error message of half a byte"
bad '{"type":"owamp","src":"192.0.2.300"}' "a source that is no address"
rxs=$(i=0; while [ $i -lt 256 ]; do printf '{},'; i=$((i + 1)); done)
bad "{\"type\":\"owamp\",\"txs\":[{\"rxs\":[${rxs%,}]}]}" \
    "256 copies of one packet"

done_testing
