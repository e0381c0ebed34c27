#!/bin/bash
# tests/prober/trace.t: real traceroutes through a network of namespaces.
#
#   vp --A-- r1 --B-- r2 --C-- r3 --D-- dst        198.18.0.x, 2001:db8:100::x
#                               |--E-- r4 --F-- dst   198.18.1.1, 2001:db8:101::1
#                               |--G (MTU 1400)-- dst 198.18.2.x, 2001:db8:102::x
#   r4 never sends time exceeded (nft drops it): a silent hop.
#   r3: 203.0.113.0/25 and 2001:db8:300::/48 rejected (ICMP host or
#   address unreachable, once a probe is to be forwarded); 203.0.113.128/25
#   and 2001:db8:400::/48 blackholed; 198.18.3.0/24 and 2001:db8:103::/48
#   sent back to r2, which sends them to r3 again: a loop.
#
# Every method, IPv4 and IPv6, against each kind of destination: the hop
# addresses and stop reason are the ones the network dictates; the warts
# file is read by our sc_wartsdump and sc_warts2json and by Debian's
# sc_warts2json; Debian's scamper, run on the same destinations from the
# same namespace, sees the same hops.  Also: PMTUD finds the 1400-byte
# link, Paris methods keep their flow identifiers fixed (counted by nft on
# r1), 40 traces at once keep their replies apart, and the stop reasons
# that need a halt or an error.  Addresses only from the documentation
# and benchmarking ranges; everything made here is removed on exit.
. "$(dirname "$0")/../lib/tap.sh"
set -f   # '*' stands for a silent hop below, never a file

[ "$(id -u)" -eq 0 ] || skip_all "needs root"
for t in ip nft ethtool python3 xxd /usr/bin/scamper /usr/bin/sc_warts2json; do
	command -v "$t" >/dev/null 2>&1 || skip_all "needs $t"
done
SCAMPER=$WARTS_BUILD/bin/scamper
DUMP=$WARTS_BUILD/bin/sc_wartsdump
TOJSON=$WARTS_BUILD/bin/sc_warts2json
[ -x "$SCAMPER" ] && [ -x "$DUMP" ] && [ -x "$TOJSON" ] ||
	bail "build the programs first ($WARTS_BUILD)"

N=ptr$$
NS="vp r1 r2 r3 r4 dst"
TMP=$(mktemp -d /tmp/trace-t.XXXXXX)
BGPID=

cleanup() {
	[ -n "$BGPID" ] && kill "$BGPID" 2>/dev/null
	for n in $NS; do ip netns del "$N$n" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

nsx() { ip netns exec "$N$1" "${@:2}"; }

# link NAME NS1 ADDR4 ADDR6 NS2 ADDR4 ADDR6 [MTU]: a veth pair
link() {
	local a="$N$2" b="$N$5" mtu=${8:-1500}
	ip link add "${1}a" netns "$a" mtu "$mtu" type veth peer \
		name "${1}b" netns "$b" mtu "$mtu" || return 1
	set -- "$a ${1}a $3 $4" "$b ${1}b $6 $7"
	for s in "$@"; do
		set -- $s
		ip -n "$1" addr add "$3" dev "$2" &&
		ip -n "$1" addr add "$4" dev "$2" nodad || return 1
		# probes carry our own checksums; keep the kernel's honest too
		ip netns exec "$1" ethtool -K "$2" tx off >/dev/null 2>&1
		ip -n "$1" link set "$2" up || return 1
	done
}

net_up() {
	local n a r3="ip -n ${N}r3"
	for n in $NS; do
		ip netns add "$N$n" || return 1
		nsx "$n" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.default.rp_filter=0 \
			net.ipv4.conf.all.send_redirects=0 \
			net.ipv4.conf.default.send_redirects=0 \
			net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 \
			net.ipv4.icmp_msgs_per_sec=100000 \
			net.ipv4.icmp_msgs_burst=10000 \
			net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 >/dev/null || return 1
		ip -n "$N$n" link set lo up
	done
	for n in r1 r2 r3 r4; do
		nsx "$n" sysctl -qw net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.forwarding=1 >/dev/null || return 1
	done
	link A vp 192.0.2.2/30 2001:db8:a::2/64 r1 192.0.2.1/30 2001:db8:a::1/64 &&
	link B r1 198.51.100.1/30 2001:db8:b::1/64 r2 198.51.100.2/30 2001:db8:b::2/64 &&
	link C r2 198.51.100.5/30 2001:db8:c::1/64 r3 198.51.100.6/30 2001:db8:c::2/64 &&
	link D r3 198.51.100.9/30 2001:db8:d::1/64 dst 198.51.100.10/30 2001:db8:d::2/64 &&
	link E r3 198.51.100.13/30 2001:db8:e::1/64 r4 198.51.100.14/30 2001:db8:e::2/64 &&
	link F r4 198.51.100.17/30 2001:db8:f::1/64 dst 198.51.100.18/30 2001:db8:f::2/64 &&
	link G r3 198.51.100.21/30 2001:db8:10::1/64 dst 198.51.100.22/30 2001:db8:10::2/64 1400 ||
		return 1
	for a in $(seq 1 20); do
		ip -n "${N}dst" addr add "198.18.0.$a/32" dev lo &&
		ip -n "${N}dst" addr add "2001:db8:100::$a/128" dev lo nodad ||
			return 1
	done
	for a in 198.18.1.1/32 198.18.2.1/32 198.18.2.2/32; do
		ip -n "${N}dst" addr add "$a" dev lo || return 1
	done
	for a in 2001:db8:101::1/128 2001:db8:102::1/128 2001:db8:102::2/128; do
		ip -n "${N}dst" addr add "$a" dev lo nodad || return 1
	done
	ip -n "${N}vp" route add default via 192.0.2.1 &&
	ip -n "${N}vp" -6 route add default via 2001:db8:a::1 &&
	# toward 2001:db8:101::/48 the route names another source, one
	# the kernel picks for nothing else (deprecated: preferred_lft 0)
	ip -n "${N}vp" addr add 2001:db8:a::3/64 dev Aa nodad \
		preferred_lft 0 &&
	ip -n "${N}vp" -6 route add 2001:db8:101::/48 via 2001:db8:a::1 \
		src 2001:db8:a::3 &&
	ip -n "${N}r1" route add default via 198.51.100.2 &&
	ip -n "${N}r1" -6 route add default via 2001:db8:b::2 &&
	ip -n "${N}r2" route add default via 198.51.100.6 &&
	ip -n "${N}r2" route add 192.0.2.0/30 via 198.51.100.1 &&
	ip -n "${N}r2" -6 route add default via 2001:db8:c::2 &&
	ip -n "${N}r2" -6 route add 2001:db8:a::/64 via 2001:db8:b::1 &&
	$r3 route add 192.0.2.0/30 via 198.51.100.5 &&
	$r3 route add 198.51.100.0/30 via 198.51.100.5 &&
	$r3 route add 198.18.0.0/24 via 198.51.100.10 &&
	$r3 route add 198.18.1.0/24 via 198.51.100.14 &&
	$r3 route add 198.18.2.0/24 via 198.51.100.22 &&
	$r3 route add 198.18.3.0/24 via 198.51.100.5 &&
	$r3 route add 203.0.113.0/25 via 198.51.100.10 &&
	$r3 route add blackhole 203.0.113.128/25 &&
	$r3 -6 route add 2001:db8:a::/64 via 2001:db8:c::1 &&
	$r3 -6 route add 2001:db8:b::/64 via 2001:db8:c::1 &&
	$r3 -6 route add 2001:db8:100::/48 via 2001:db8:d::2 &&
	$r3 -6 route add 2001:db8:101::/48 via 2001:db8:e::2 &&
	$r3 -6 route add 2001:db8:102::/48 via 2001:db8:10::2 &&
	$r3 -6 route add 2001:db8:103::/48 via 2001:db8:c::1 &&
	$r3 -6 route add 2001:db8:300::/48 via 2001:db8:d::2 &&
	$r3 -6 route add blackhole 2001:db8:400::/48 &&
	ip -n "${N}r4" route add default via 198.51.100.13 &&
	ip -n "${N}r4" route add 198.18.1.0/24 via 198.51.100.18 &&
	ip -n "${N}r4" -6 route add default via 2001:db8:e::1 &&
	ip -n "${N}r4" -6 route add 2001:db8:101::/48 via 2001:db8:f::2 &&
	ip -n "${N}dst" route add default via 198.51.100.9 &&
	ip -n "${N}dst" -6 route add default via 2001:db8:d::1 || return 1
	# r3 refuses to forward to the unreachable prefixes (a firewall's
	# reject: the kernel's own unreachable routes are rate limited by a
	# global setting a namespace cannot change)
	nsx r3 nft -f - <<-'EOF' || return 1
	table inet unreach {
		chain refuse {
			type filter hook forward priority 0; policy accept;
			ip daddr 203.0.113.0/25 reject with icmp type host-unreachable
			ip6 daddr 2001:db8:300::/48 reject with icmpv6 type addr-unreachable
		}
	}
	EOF
	nsx r4 nft -f - <<-'EOF' || return 1
	table inet silent {
		chain out {
			type filter hook output priority 0; policy accept;
			icmp type time-exceeded drop
			icmpv6 type time-exceeded drop
		}
	}
	EOF
	# r1 counts the probes that pass it, by their flow identifiers
	nsx r1 nft -f - <<-'EOF' || return 1
	table inet count {
		counter u4all {}
		counter u4flow {}
		counter u4base {}
		counter i4all {}
		counter i4sum {}
		counter t4all {}
		counter t4flow {}
		counter u6all {}
		counter u6flow {}
		counter i6all {}
		counter i6sum {}
		chain pre {
			type filter hook prerouting priority 0; policy accept;
			ip saddr 192.0.2.2 udp sport 40001 counter name u4all
			ip saddr 192.0.2.2 udp sport 40001 udp dport 33435 counter name u4flow
			ip saddr 192.0.2.2 udp sport 40002 udp dport 33435 counter name u4base
			ip saddr 192.0.2.2 icmp type echo-request icmp id 40003 counter name i4all
			ip saddr 192.0.2.2 icmp type echo-request icmp id 40003 icmp checksum 4660 counter name i4sum
			ip saddr 192.0.2.2 tcp sport 40005 counter name t4all
			ip saddr 192.0.2.2 tcp sport 40005 tcp dport 80 counter name t4flow
			ip6 saddr 2001:db8:a::2 udp sport 40001 counter name u6all
			ip6 saddr 2001:db8:a::2 udp sport 40001 udp dport 33435 counter name u6flow
			ip6 saddr 2001:db8:a::2 icmpv6 type echo-request icmpv6 id 40003 counter name i6all
			ip6 saddr 2001:db8:a::2 icmpv6 type echo-request icmpv6 id 40003 icmpv6 checksum 4660 counter name i6sum
		}
	}
	EOF
	# warm the neighbour caches so that first probes are not lost
	nsx vp ping -c 1 -W 2 198.18.0.1 >/dev/null 2>&1
	nsx vp ping -6 -c 1 -W 2 2001:db8:100::1 >/dev/null 2>&1
	for a in 198.18.1.1 198.18.2.1; do
		nsx vp ping -c 1 -W 2 "$a" >/dev/null 2>&1
	done
	for a in 2001:db8:101::1 2001:db8:102::1; do
		nsx vp ping -6 -c 1 -W 2 "$a" >/dev/null 2>&1
	done
	return 0
}

ip netns add "${N}vp" 2>/dev/null || skip_all "cannot make network namespaces"
ip netns del "${N}vp"
net_up || bail "could not build the test network"

# ---- the checker ---------------------------------------------------------
#
# spec lines: userid|description|stop reason|stop data|hops|match
#   hops: addresses by TTL from firsthop, * for no reply; match: exact (the
#   trace's hop_count hops are these), or prefix (these come first: -N)
cat >"$TMP/check.py" <<'EOF'
import json, sys

def traces(path):
    out = {}
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        o = json.loads(line)
        if o.get("type") == "trace":
            out[o["userid"]] = o
    return out

def hoplist(o):
    first = o.get("firsthop", 1)
    byttl = {}
    mixed = False
    for h in o.get("hops", []):
        t = h["probe_ttl"]
        if t in byttl and byttl[t] != h["addr"]:
            mixed = True
        byttl.setdefault(t, h["addr"])
    return [byttl.get(t, "*") for t in range(first, o["hop_count"] + 1)], mixed

def check(spec, path):
    got = traces(path)
    for line in open(spec):
        uid, desc, stop, data, hops, match = line.rstrip("\n").split("|")
        o = got.get(int(uid))
        if o is None:
            print("1|%s|no trace with userid %s" % (desc, uid))
            continue
        want = hops.split(",") if hops else []
        have, mixed = hoplist(o)
        bad = []
        if o["stop_reason"] != stop:
            bad.append("stop %s, wanted %s" % (o["stop_reason"], stop))
        if data != "" and o["stop_data"] != int(data):
            bad.append("stop data %s, wanted %s" % (o["stop_data"], data))
        if (match == "exact" and have != want) or have[:len(want)] != want:
            bad.append("hops %s, wanted %s" % (have, want))
        if mixed:
            bad.append("two addresses at one TTL")
        if match == "prefix" and any(a != want[-1] for a in have[len(want):]):
            bad.append("beyond the destination: %s" % have[len(want):])
        print("%d|%s|%s" % (1 if bad else 0, desc, "; ".join(bad)))

def same(a, b, uids):
    x, y = traces(a), traces(b)
    for uid in uids.split(","):
        u = int(uid)
        if u not in x or u not in y:
            print("1|userid %s in both|missing" % uid)
            continue
        hx, hy = hoplist(x[u])[0], hoplist(y[u])[0]
        # scamper may probe past a silent end; compare up to the stop
        ok = hx == hy and x[u]["stop_reason"] == y[u]["stop_reason"]
        print("%d|userid %s (%s %s): same hops and stop|%s / %s %s / %s" % (
            0 if ok else 1, uid, x[u]["method"], x[u]["dst"], hx,
            x[u]["stop_reason"], hy, y[u]["stop_reason"]))

if sys.argv[1] == "check":
    check(sys.argv[2], sys.argv[3])
else:
    same(sys.argv[2], sys.argv[3], sys.argv[4])
EOF

# report the checker's lines as TAP
report() {
	local rc desc detail
	while IFS='|' read -r rc desc detail; do
		_tap_report "$rc" "$desc"
		[ "$rc" -eq 0 ] || diag "$detail"
	done
}

# ---- the main batch: every method, both families, each destination ------

R4="192.0.2.1 198.51.100.2 198.51.100.6"
R6="2001:db8:a::1 2001:db8:b::2 2001:db8:c::2"
csv() { echo "$*" | tr ' ' ','; }
uid=0
: >"$TMP/cmds"
: >"$TMP/spec"
DEBUIDS=
# add OPTIONS DEST DESCRIPTION STOP DATA HOPS [MATCH] [deb]
add() {
	uid=$((uid + 1))
	echo "trace -U $uid $1 $2" >>"$TMP/cmds"
	echo "$uid|$3: trace $1 $2|$4|$5|$(csv $6)|${7:-exact}" >>"$TMP/spec"
	[ "${8:-}" = deb ] && DEBUIDS="$DEBUIDS${DEBUIDS:+,}$uid"
}

for m in udp-paris udp icmp-paris icmp tcp tcp-ack; do
	o="-P $m -w 1"
	add "$o" 198.18.0.1 completed COMPLETED 0 "$R4 198.18.0.1" exact deb
	add "$o" 2001:db8:100::1 completed COMPLETED 0 "$R6 2001:db8:100::1" exact deb
	# scamper runs one trace at a time to a destination: compare the
	# slow ones (timeouts) with three methods only
	case $m in *-paris|tcp) deb=deb ;; *) deb= ;; esac
	add "$o -q 1" 198.18.1.1 "silent hop" COMPLETED 0 \
		"$R4 * 198.18.1.1" exact $deb
	add "$o -q 1" 2001:db8:101::1 "silent hop" COMPLETED 0 \
		"$R6 * 2001:db8:101::1" exact $deb
	add "$o" 203.0.113.5 unreachable UNREACH 1 "$R4 198.51.100.6" exact deb
	add "$o" 2001:db8:300::1 unreachable UNREACH 3 "$R6 2001:db8:c::2" \
		exact deb
	add "$o -q 1 -g 2" 203.0.113.200 blackhole GAPLIMIT 0 \
		"192.0.2.1 198.51.100.2 * *" exact $deb
	add "$o -q 1 -g 2" 2001:db8:400::1 blackhole GAPLIMIT 0 \
		"2001:db8:a::1 2001:db8:b::2 * *" exact $deb
	add "$o" 198.18.3.1 loop LOOP 0 "$R4 198.51.100.2" exact deb
	add "$o" 2001:db8:103::1 loop LOOP 0 \
		"$R6 2001:db8:c::1 2001:db8:c::2" exact deb
	add "$o -m 2" 198.18.0.1 maxttl HOPLIMIT 0 "192.0.2.1 198.51.100.2"
	add "$o -m 2" 2001:db8:100::1 maxttl HOPLIMIT 0 \
		"2001:db8:a::1 2001:db8:b::2"
	case $m in tcp*) ;; *)
		add "$o -N 3" 198.18.0.1 squeries COMPLETED 0 \
			"$R4 198.18.0.1" prefix
		add "$o -N 4" 2001:db8:101::1 squeries COMPLETED 0 \
			"$R6 * 2001:db8:101::1" prefix ;;
	esac
	case $m in tcp) ;; *)
		add "$o -M" 198.18.2.1 "pmtud" COMPLETED 0 "$R4 198.18.2.1"
		add "$o -M" 2001:db8:102::1 "pmtud" COMPLETED 0 \
			"$R6 2001:db8:102::1" ;;
	esac
done
PMTUD_UIDS=$(grep '|pmtud: ' "$TMP/spec" | cut -d'|' -f1 | tr '\n' ' ')
# the first hops and the destination, to 20 destinations of each family
for i in $(seq 1 20); do
	set -- udp-paris udp icmp-paris icmp tcp tcp-ack
	shift $((i % 6))
	m=$1
	add "-P $m -w 1" "198.18.0.$i" "one of 40 at once" COMPLETED 0 \
		"$R4 198.18.0.$i"
	add "-P $m -w 1" "2001:db8:100::$i" "one of 40 at once" COMPLETED 0 \
		"$R6 2001:db8:100::$i"
done
# options that change what is recorded
add "-Q -q 3 -w 1" 198.18.0.1 "all attempts" COMPLETED 0 "$R4 198.18.0.1"
add "-c 95 -w 1 -P icmp-paris" 2001:db8:100::1 confidence COMPLETED 0 \
	"$R6 2001:db8:100::1"
add "-f 3 -w 1" 198.18.0.1 firsthop COMPLETED 0 "198.51.100.6 198.18.0.1"
add "-T -P icmp -w 1" 198.18.0.1 "ignore ttl-exceeded from dst" COMPLETED 0 \
	"$R4 198.18.0.1"
add "-l 2 -w 1" 198.18.3.1 "two loops" LOOP 0 \
	"$R4 198.51.100.2 198.51.100.6"
add "-g 1 -G 2 -w 1" 198.18.1.1 "last-ditch probes" GAPLIMIT 0 "$R4 *"
LASTDITCH_UID=$uid
add "-g 1 -G 2 -w 1" 2001:db8:101::1 "last-ditch probes" GAPLIMIT 0 "$R6 *"
add "-O const-payload -w 1" 198.18.0.1 "constant payload (IP ID)" \
	COMPLETED 0 "$R4 198.18.0.1"
add "-O const-payload -w 1 -q 1" 2001:db8:101::1 \
	"constant payload (flow label)" COMPLETED 0 "$R6 * 2001:db8:101::1"
add "-z 198.51.100.6 -w 1" 198.18.0.1 "doubletree gss" GSS 0 \
	"192.0.2.1 198.51.100.2 198.51.100.6"
# an IPv6 packet too big during the trace; IPv4's frag-needed unreachable
big=$(head -c 1420 /dev/zero | xxd -p | tr -d '\n')
add "-w 1 -p $big" 2001:db8:102::2 "packet too big" ICMP 2 \
	"$R6 2001:db8:c::2"
add "-w 1 -p $big" 198.18.2.2 "fragmentation needed" UNREACH 4 \
	"$R4 198.51.100.6"
add "-w 1 -S 198.51.100.99" 198.18.0.1 "not our source address" ERROR "" ""
NTRACES=$uid

start=$(date +%s)
nsx vp "$SCAMPER" -p 2000 -O cmdfile -f "$TMP/cmds" -o "$TMP/ours.warts" \
	2>"$TMP/ours.err"
ok $? -eq 0 "our scamper ran $NTRACES traces at once"
diag "the batch took $(($(date +%s) - start))s"

# every reader reads it
"$DUMP" "$TMP/ours.warts" >"$TMP/ours.dump" 2>&1
ok $? -eq 0 "our sc_wartsdump reads the file"
is "$(grep -c '^traceroute from' "$TMP/ours.dump")" "$NTRACES" \
	"sc_wartsdump shows every trace"
"$TOJSON" "$TMP/ours.warts" >"$TMP/ours.json" 2>"$TMP/tojson.err"
ok $? -eq 0 "our sc_warts2json reads the file"
/usr/bin/sc_warts2json "$TMP/ours.warts" >"$TMP/deb-read.json" \
	2>"$TMP/deb-read.err"
ok $? -eq 0 -a ! -s "$TMP/deb-read.err" "Debian's sc_warts2json reads it"

# the source each trace records is the kernel's choice toward its
# destination (the prober asks for a tick's traces at once)
is "$(python3 - "$TMP/ours.json" <<'PY'
import json, sys
bad = n = 0
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") != "trace" or o.get("stop_reason") == "ERROR":
        continue
    d = o["dst"]
    want = ("2001:db8:a::3" if d.startswith("2001:db8:101:") else
            "2001:db8:a::2" if ":" in d else "192.0.2.2")
    n += 1
    if o.get("src") != want:
        bad += 1
        print("trace to %s from %s, not %s" % (d, o.get("src"), want),
              file=sys.stderr)
print(n > 0, bad)
PY
)" "True 0" "every trace's source address is the route's toward its destination"
# one at a time (-w 1: no batch), each is looked up alone, and a route's
# source is not kept for the next destination
nsx vp "$SCAMPER" -w 1 -O json -I "trace -q 1 -m 1 2001:db8:400::1" \
	-I "trace -q 1 -m 1 2001:db8:101::1" -I "trace -q 1 -m 1 198.18.0.1" \
	-I "trace -q 1 -m 1 2001:db8:100::1" >"$TMP/alone.json" 2>/dev/null
is "$(python3 -c '
import json, sys
print(" ".join(o["src"] for o in map(json.loads, open(sys.argv[1]))
               if o.get("type") == "trace"))' "$TMP/alone.json")" \
	"2001:db8:a::2 2001:db8:a::3 192.0.2.2 2001:db8:a::2" \
	"looked up alone, each trace's source is its route's"

# (report reads from a redirection, not a pipe: it must count in this shell)
report < <(python3 "$TMP/check.py" check "$TMP/spec" "$TMP/ours.json")
report < <(python3 "$TMP/check.py" same "$TMP/ours.json" \
	"$TMP/deb-read.json" "$(seq -s, 1 "$NTRACES")" | grep -v '^0|')
is "$(python3 "$TMP/check.py" same "$TMP/ours.json" "$TMP/deb-read.json" \
	"$(seq -s, 1 "$NTRACES")" | grep -c '^0|')" "$NTRACES" \
	"Debian's reader sees the same hops and stop in every trace"

# PMTUD: 1400 behind the narrow link, found from r3's packet too big
for u in $PMTUD_UIDS; do
	got=$(python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "trace" and o["userid"] == int(sys.argv[2]):
        p = o.get("pmtud", {})
        n = p.get("notes", [{}])[0]
        print(o["method"], o["dst"], p.get("if_mtu"), p.get("path_mtu"),
              n.get("type"), n.get("nhmtu"), n.get("addr"))' \
		"$TMP/ours.json" "$u")
	set -- $got
	case $2 in *:*) r3=2001:db8:c::2 ;; *) r3=198.51.100.6 ;; esac
	is "$3 $4 $5 $6 $7" "1500 1400 ptb 1400 $r3" \
		"pmtud, $1 to $2: path MTU 1400, a PTB from r3"
done
got=$(sed -n "/^traceroute from 192.0.2.2 to 198.18.1.1/,/^cycle stop/p" \
	"$TMP/ours.dump" | grep -A100 'gapaction: lastditch' | grep '^hop 255')
contains "$got" "hop 255  198.18.1.1" \
	"last-ditch probes: the destination answers a TTL 255 probe"

# ---- Debian's scamper on the same destinations ---------------------------

grep -E "^trace -U ($(echo "$DEBUIDS" | tr ',' '|')) " "$TMP/cmds" \
	>"$TMP/deb-cmds"
start=$(date +%s)
nsx vp /usr/bin/scamper -p 2000 -O json -O cmdfile -f "$TMP/deb-cmds" \
	>"$TMP/deb.json" 2>"$TMP/deb.err"
ok $? -eq 0 "Debian's scamper ran the same traces"
diag "Debian's batch took $(($(date +%s) - start))s"
report < <(python3 "$TMP/check.py" same "$TMP/ours.json" "$TMP/deb.json" \
	"$DEBUIDS")

# Debian's PMTUD on the narrow path agrees
nsx vp /usr/bin/scamper -p 2000 -O warts -o "$TMP/deb-pmtud.warts" \
	-I "trace -M -w 1 198.18.2.1" -I "trace -M -w 1 2001:db8:102::1" \
	2>/dev/null
is "$(/usr/bin/sc_wartsdump "$TMP/deb-pmtud.warts" | grep -c 'pmtu 1400')" 2 \
	"Debian's scamper finds the same path MTU"

# ---- Paris: flow identifiers stay put; classic udp moves the port ---------

count() {
	nsx r1 nft list counter inet count "$1" |
		sed -n 's/.*packets \([0-9]*\).*/\1/p'
}
probec() {
	"$TOJSON" "$1" | python3 -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o.get("type") == "trace":
        print(o["probe_count"])'
}
paris() {
	nsx r1 nft reset counters table inet count >/dev/null
	nsx vp "$SCAMPER" -p 2000 -o "$TMP/p.warts" -I "trace -Q -q 3 -w 1 $1"
	probec "$TMP/p.warts"
}
n=$(paris "-P udp-paris -s 40001 -d 33435 198.18.0.1")
ok "$n" -ge 12 -a "$(count u4all)" = "$n" -a "$(count u4flow)" = "$n" \
	"udp-paris IPv4: all $n probes on one 5-tuple"
n=$(paris "-P udp -s 40002 -d 33435 198.18.0.1")
ok "$n" -ge 12 -a "$(count u4base)" = 1 \
	"udp IPv4: the destination port moves with every probe"
n=$(paris "-P icmp-paris -s 40003 -d 4660 198.18.0.1")
ok "$n" -ge 12 -a "$(count i4all)" = "$n" -a "$(count i4sum)" = "$n" \
	"icmp-paris IPv4: all $n probes with ICMP checksum 0x1234"
n=$(paris "-P tcp -s 40005 -d 80 198.18.0.1")
ok "$n" -ge 4 -a "$(count t4all)" = "$n" -a "$(count t4flow)" = "$n" \
	"tcp IPv4: all $n probes on one 5-tuple"
n=$(paris "-P udp-paris -s 40001 -d 33435 2001:db8:100::1")
ok "$n" -ge 12 -a "$(count u6all)" = "$n" -a "$(count u6flow)" = "$n" \
	"udp-paris IPv6: all $n probes on one 5-tuple"
n=$(paris "-P icmp-paris -s 40003 -d 4660 2001:db8:100::1")
ok "$n" -ge 12 -a "$(count i6all)" = "$n" -a "$(count i6sum)" = "$n" \
	"icmp-paris IPv6: all $n probes with ICMPv6 checksum 0x1234"

# ---- Doubletree: a local stop set is shared by name ----------------------
# One at a time (-w 1), each starting at TTL 3 (r3) and going back: the
# first trace with -Z L puts r2 in L and goes on back (to TTL 1, where
# going back ends anyway); the second with -Z L stops going back at r2,
# already in L, which it records as its lss_stop; one with another set
# goes back past r2.  (sc_warts2json shows hops from the first hop, which
# going back lowers, so the hops shown tell how far back each went.)

nsx vp "$SCAMPER" -p 2000 -w 1 -o "$TMP/lss.warts" \
	-I "trace -f 3 -Z L -U 1 -w 1 198.18.0.3" \
	"trace -f 3 -Z L -U 2 -w 1 198.18.0.4" \
	"trace -f 3 -Z M -U 3 -w 1 198.18.0.5"
"$TOJSON" -A "$TMP/lss.warts" > "$TMP/lss.json"
python3 - "$TMP/lss.json" > "$TMP/lss.got" <<'EOF'
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "trace":
        hops = sorted((h["probe_ttl"], h["addr"]) for h in o.get("hops", []))
        d = o.get("warts", {}).get("dtree", {})
        print(o["userid"], d.get("lss_stop", "-"),
              " ".join("%d:%s" % h for h in hops))
EOF
is "$(sort "$TMP/lss.got")" "1 - 2:198.51.100.2 3:198.51.100.6 4:198.18.0.3
2 198.51.100.2 3:198.51.100.6 4:198.18.0.4
3 - 2:198.51.100.2 3:198.51.100.6 4:198.18.0.5" \
	"-Z: the second trace naming L stops going back at r2, which the first put there"

# ---- halted: a signal writes out what was measured ------------------------
# (SIGTERM: a background job of a script ignores SIGINT)

# (ip netns exec, not the nsx function: $! must be scamper itself)
ip netns exec "${N}vp" "$SCAMPER" -p 2000 -O json \
	-I "trace -w 10 203.0.113.200" >"$TMP/halt.json" 2>/dev/null &
BGPID=$!
sleep 1
kill -TERM "$BGPID"
wait "$BGPID"
BGPID=
contains "$(cat "$TMP/halt.json")" '"stop_reason":"HALTED"' \
	"a halted trace is written with stop reason halted"
contains "$(cat "$TMP/halt.json")" '"addr":"198.51.100.2"' \
	"... and the hops it had found"

done_testing
