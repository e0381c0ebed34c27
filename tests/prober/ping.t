#!/bin/sh
# The prober's ping in a network of its own: a vantage point, a router and
# a destination (dual stack) in network namespaces this test creates and
# removes.  The destination listens on TCP port 80 and echoes UDP on port 7.
#
#   vp 192.0.2.2     --- 192.0.2.1     router 198.51.100.1 --- 198.51.100.2 dst
#      2001:db8:a::2 --- 2001:db8:a::1        2001:db8:b::1 --- 2001:db8:b::2
#
# Every method, over IPv4 and IPv6 (icmp-time: IPv4 only), must record the
# replies the lab sends, with the reply TTL, size, IP ids and RTT present
# and plausible; -R must show the router, -T the timestamps, -m 1 the
# router's time exceeded, -o must stop early, and pings that run at once
# must not take each other's replies.  The file is read by our
# sc_warts2json and by Debian's, and Debian's scamper pings the same
# destination with the same commands: both files must fill the same fields.
. "$(dirname "$0")/../lib/tap.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root"

SCAMPER=$WARTS_BUILD/bin/scamper
W2J=$WARTS_BUILD/bin/sc_warts2json
DUMP=$WARTS_BUILD/bin/sc_wartsdump
DEB_SCAMPER=/usr/bin/scamper
DEB_W2J=/usr/bin/sc_warts2json
DEB_DUMP=/usr/bin/sc_wartsdump
PY=$(command -v python3)
for f in "$SCAMPER" "$W2J" "$DUMP" "$DEB_SCAMPER" "$DEB_W2J" "$DEB_DUMP" \
	"$PY"; do
	[ -x "$f" ] || bail "missing $f"
done
command -v ip >/dev/null || bail "missing ip (iproute2)"

P=pg$$
VP=${P}vp
R=${P}r
D=${P}d
T=$(mktemp -d /tmp/ping-t.XXXXXX)
LISTENER=

cleanup() {
	if [ -n "$LISTENER" ]; then
		kill "$LISTENER" 2>/dev/null
		wait "$LISTENER" 2>/dev/null
	fi
	for n in $VP $R $D; do
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ---- the lab -------------------------------------------------------------

lab_up() {
	for n in $VP $R $D; do
		ip netns add "$n" || return 1
		ip -n "$n" link set lo up
		# no duplicate address detection: addresses usable at once;
		# no ICMP rate limits: every probe gets its error
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 \
			net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 ||
			return 1
	done
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 || return 1
	ip link add ${P}a0 netns "$VP" type veth peer name ${P}a1 netns "$R" &&
	ip link add ${P}b0 netns "$R" type veth peer name ${P}b1 netns "$D" ||
		return 1
	ip -n "$VP" addr add 192.0.2.2/24 dev ${P}a0 &&
	ip -n "$VP" addr add 2001:db8:a::2/64 dev ${P}a0 nodad &&
	ip -n "$R" addr add 192.0.2.1/24 dev ${P}a1 &&
	ip -n "$R" addr add 2001:db8:a::1/64 dev ${P}a1 nodad &&
	ip -n "$R" addr add 198.51.100.1/24 dev ${P}b0 &&
	ip -n "$R" addr add 2001:db8:b::1/64 dev ${P}b0 nodad &&
	ip -n "$D" addr add 198.51.100.2/24 dev ${P}b1 &&
	ip -n "$D" addr add 2001:db8:b::2/64 dev ${P}b1 nodad || return 1
	for x in "$VP ${P}a0" "$R ${P}a1" "$R ${P}b0" "$D ${P}b1"; do
		set -- $x
		ip -n "$1" link set "$2" up || return 1
		# checksums in software, so raw sockets see them filled in
		ip netns exec "$1" ethtool -K "$2" tx off >/dev/null 2>&1
	done
	ip -n "$VP" route add default via 192.0.2.1 &&
	ip -n "$VP" -6 route add default via 2001:db8:a::1 &&
	ip -n "$D" route add default via 198.51.100.1 &&
	ip -n "$D" -6 route add default via 2001:db8:b::1
}

cat > "$T/listen.py" <<'EOF'
# TCP port 80 accepts and closes; UDP port 7 echoes; both families.
import socket, select, sys
t = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
t.bind(("::", 80))
t.listen(64)
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
u.bind(("::", 7))
open(sys.argv[1], "w").close()
while True:
    r, _, _ = select.select([t, u], [], [])
    if u in r:
        data, addr = u.recvfrom(65535)
        u.sendto(data, addr)
    if t in r:
        c, _ = t.accept()
        c.close()
EOF

lab_up || bail "could not build the lab"
ip netns exec "$D" "$PY" "$T/listen.py" "$T/ready" &
LISTENER=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ -e "$T/ready" ] && break
	sleep 0.2
done
ok -e "$T/ready" "the destination listens on TCP 80 and UDP 7"
# the first packets resolve neighbours; let them, so RTTs are the path's
ready=no
for i in 1 2 3 4 5 6 7 8 9 10; do
	if ip netns exec "$VP" ping -c 1 -W 1 198.51.100.2 >/dev/null 2>&1 &&
	   ip netns exec "$VP" ping -6 -c 1 -W 1 2001:db8:b::2 >/dev/null 2>&1; then
		ready=yes
		break
	fi
	sleep 0.3
done
is "$ready" yes "the lab forwards IPv4 and IPv6"

# ---- the commands --------------------------------------------------------
#
# Each is labelled with its user id (-U), which the output keeps: the
# checker finds each ping by it.  Debian's scamper (20211212) runs the
# ones it knows: it has no tcp-syn-sport or udp-sport, and reads -W as
# whole seconds.

V4=198.51.100.2
V6=2001:db8:b::2
C="-c 2 -i 0.1 -W 1"
cat > "$T/cmds" <<EOF
ping -U 1 $C $V4
ping -U 2 $C $V6
ping -U 3 -P icmp-time $C $V4
ping -U 4 -P tcp-syn -d 80 $C $V4
ping -U 5 -P tcp-syn -d 80 $C $V6
ping -U 6 -P tcp-syn-sport -d 80 $C $V4
ping -U 7 -P tcp-syn-sport -d 80 $C $V6
ping -U 8 -P tcp-ack -d 80 $C $V4
ping -U 9 -P tcp-ack -d 80 $C $V6
ping -U 10 -P tcp-ack-sport -d 80 $C $V4
ping -U 11 -P tcp-ack-sport -d 80 $C $V6
ping -U 12 -P tcp-synack -d 80 $C $V4
ping -U 13 -P tcp-synack -d 80 $C $V6
ping -U 14 -P tcp-rst -d 80 $C $V4
ping -U 15 -P tcp-rst -d 80 $C $V6
ping -U 16 -P udp -d 7 $C $V4
ping -U 17 -P udp -d 7 $C $V6
ping -U 18 -P udp-sport -d 7 $C $V4
ping -U 19 -P udp-sport -d 7 $C $V6
ping -U 20 -P udp-dport $C $V4
ping -U 21 -P udp-dport $C $V6
ping -U 22 -P udp $C $V4
ping -U 23 -P udp $C $V6
ping -U 24 -R $C $V4
ping -U 25 -T tsonly $C $V4
ping -U 26 -m 1 $C $V4
ping -U 27 -m 1 $C $V6
ping -U 28 -o 1 -c 3 -i 0.3 $V4
ping -U 29 -c 3 -i 0.1 $V4
ping -U 30 -c 3 -i 0.1 $V4
ping -U 31 -P udp -d 7 -c 3 -i 0.1 $V6
ping -U 32 -P udp -d 7 -c 3 -i 0.1 $V6
ping -U 33 -T tsandaddr $C $V4
ping -U 34 -T tsprespec=198.51.100.1,198.51.100.2 $C $V4
ping -U 35 -C 4660 -p 0a0b $C $V4
ping -U 36 -P tcp-syn -d 80 -c 3 -i 0.1 $V4
ping -U 37 -P tcp-syn -d 80 -c 3 -i 0.1 $V4
ping -U 38 -C 4660 -B 0a0b0c0d $C $V4
ping -U 39 -F 0 $C $V4
EOF
# Debian's: not the methods and options it lacks, nor the repeats; it
# runs only a couple of pings at a time, so six of it run side by side
grep -v -e tcp-syn-sport -e udp-sport -e '-C 4660' -e '-F 0 ' \
	-e '-U 30 ' -e '-U 32 ' -e '-U 37 ' "$T/cmds" > "$T/cmds.deb"

# all at once: one prober, every ping in parallel
ip netns exec "$VP" "$SCAMPER" -p 1000 -O cmdfile -f "$T/cmds" \
	-o "$T/ours.warts" 2>"$T/ours.err"
is "$?" 0 "our scamper runs every ping"
[ -s "$T/ours.err" ] && diag "$(cat "$T/ours.err")"
awk -v d="$T" '{ print > (d "/deb." (NR % 6) ".cmds") }' "$T/cmds.deb"
pids=
for f in "$T"/deb.*.cmds; do
	ip netns exec "$VP" "$DEB_SCAMPER" -p 1000 -O warts -O cmdfile \
		-f "$f" -o "$f.warts" 2>>"$T/deb.err" &
	pids="$pids $!"
done
rc=0
for pid in $pids; do
	wait "$pid" || rc=1
done
is "$rc" 0 "Debian's scamper runs the same pings"

"$W2J" "$T/ours.warts" > "$T/ours.json" 2>"$T/w2j.err"
is "$?" 0 "our sc_warts2json reads our file"
"$DEB_W2J" "$T/ours.warts" > "$T/ours.deb.json" 2>"$T/dw2j.err"
is "$?" 0 "Debian's sc_warts2json reads our file"
ok ! -s "$T/dw2j.err" "Debian's sc_warts2json has no complaint"
rc=0
for f in "$T"/deb.*.cmds.warts; do
	"$DEB_W2J" "$f" >> "$T/deb.deb.json" 2>/dev/null || rc=1
done
is "$rc" 0 "Debian's sc_warts2json reads Debian's files"
"$DUMP" "$T/ours.warts" > "$T/ours.dump" 2>&1
is "$?" 0 "our sc_wartsdump reads our file"
"$DEB_DUMP" "$T/ours.warts" > "$T/ours.deb.dump" 2>&1
is "$?" 0 "Debian's sc_wartsdump reads our file"

# -W: after the last probe, the wait for replies (here none come)
ms() { date +%s%3N; }
t0=$(ms)
ip netns exec "$VP" "$SCAMPER" -O json -o /dev/null \
	-I "ping -P tcp-rst -d 80 -c 2 -i 0.1 -W 0.5 $V4"
t1=$(ms)
ok "$((t1 - t0))" -ge 550 -a "$((t1 - t0))" -lt 1500 \
	"-i 0.1 -W 0.5, no replies: done in 0.6s ($((t1 - t0)) ms)"

# ---- what was recorded ---------------------------------------------------
#
# The checker prints one line per test: "pass" or "fail", a tab, the
# description, a tab, and what it found when it failed.

cat > "$T/check.py" <<'EOF'
import json, sys

ours_f, ours_deb_f, deb_f, ours_dump_f, ours_deb_dump_f, vpif = sys.argv[1:7]

def load(path):
    out = {}
    for line in open(path):
        o = json.loads(line)
        if o.get("type") == "ping":
            out.setdefault(o["userid"], []).append(o)
    return {k: v[0] for k, v in out.items()}

def report(cond, desc, detail=""):
    print("%s\t%s\t%s" % ("pass" if cond else "fail", desc,
                          "" if cond else str(detail)[:300]))

ours, ours_deb, deb = load(ours_f), load(ours_deb_f), load(deb_f)
V4, V6, R4, R6 = "198.51.100.2", "2001:db8:b::2", "192.0.2.1", "2001:db8:a::1"

# label: method, destination, probes, replies, then what each reply is:
# who sends it, its TTL and size, its protocol, its ICMP type or TCP flags
SYNACK, RST = 0x12, 0x04
E = {
 1: ("icmp-echo", V4, 2, 2, V4, 63, 84, "icmp", ("icmp", 0)),
 2: ("icmp-echo", V6, 2, 2, V6, 63, 104, "icmp", ("icmp", 129)),
 3: ("icmp-time", V4, 2, 2, V4, 63, 40, "icmp", ("icmp", 14)),
 4: ("tcp-syn", V4, 2, 2, V4, 63, 44, "tcp", ("tcp", SYNACK)),
 5: ("tcp-syn", V6, 2, 2, V6, 63, 64, "tcp", ("tcp", SYNACK)),
 6: ("tcp-syn-sport", V4, 2, 2, V4, 63, 44, "tcp", ("tcp", SYNACK)),
 7: ("tcp-syn-sport", V6, 2, 2, V6, 63, 64, "tcp", ("tcp", SYNACK)),
 8: ("tcp-ack", V4, 2, 2, V4, 63, 40, "tcp", ("tcp", RST)),
 9: ("tcp-ack", V6, 2, 2, V6, 63, 60, "tcp", ("tcp", RST)),
 10: ("tcp-ack-sport", V4, 2, 2, V4, 63, 40, "tcp", ("tcp", RST)),
 11: ("tcp-ack-sport", V6, 2, 2, V6, 63, 60, "tcp", ("tcp", RST)),
 12: ("tcp-synack", V4, 2, 2, V4, 63, 40, "tcp", ("tcp", RST)),
 13: ("tcp-synack", V6, 2, 2, V6, 63, 60, "tcp", ("tcp", RST)),
 14: ("tcp-rst", V4, 2, 0, None, 0, 0, None, None),
 15: ("tcp-rst", V6, 2, 0, None, 0, 0, None, None),
 16: ("udp", V4, 2, 2, V4, 63, 40, "udp", None),
 17: ("udp", V6, 2, 2, V6, 63, 60, "udp", None),
 18: ("udp-sport", V4, 2, 2, V4, 63, 40, "udp", None),
 19: ("udp-sport", V6, 2, 2, V6, 63, 60, "udp", None),
 20: ("udp-dport", V4, 2, 2, V4, 63, 68, "icmp", ("icmp", 3)),
 21: ("udp-dport", V6, 2, 2, V6, 63, 108, "icmp", ("icmp", 1)),
 22: ("udp", V4, 2, 2, V4, 63, 68, "icmp", ("icmp", 3)),
 23: ("udp", V6, 2, 2, V6, 63, 108, "icmp", ("icmp", 1)),
 24: ("icmp-echo", V4, 2, 2, V4, 63, 124, "icmp", ("icmp", 0)),
 25: ("icmp-echo", V4, 2, 2, V4, 63, 124, "icmp", ("icmp", 0)),
 26: ("icmp-echo", V4, 2, 2, R4, 64, 112, "icmp", ("icmp", 11)),
 27: ("icmp-echo", V6, 2, 2, R6, 64, 152, "icmp", ("icmp", 3)),
 28: ("icmp-echo", V4, 1, 1, V4, 63, 84, "icmp", ("icmp", 0)),
 29: ("icmp-echo", V4, 3, 3, V4, 63, 84, "icmp", ("icmp", 0)),
 30: ("icmp-echo", V4, 3, 3, V4, 63, 84, "icmp", ("icmp", 0)),
 31: ("udp", V6, 3, 3, V6, 63, 60, "udp", None),
 32: ("udp", V6, 3, 3, V6, 63, 60, "udp", None),
 33: ("icmp-echo", V4, 2, 2, V4, 63, 120, "icmp", ("icmp", 0)),
 34: ("icmp-echo", V4, 2, 2, V4, 63, 104, "icmp", ("icmp", 0)),
 35: ("icmp-echo", V4, 2, 2, V4, 63, 84, "icmp", ("icmp", 0)),
 36: ("tcp-syn", V4, 3, 3, V4, 63, 44, "tcp", ("tcp", SYNACK)),
 37: ("tcp-syn", V4, 3, 3, V4, 63, 44, "tcp", ("tcp", SYNACK)),
 38: ("icmp-echo", V4, 2, 2, V4, 63, 34, "icmp", ("icmp", 0)),
 39: ("icmp-echo", V4, 2, 2, V4, 63, 84, "icmp", ("icmp", 0)),
}

def check_reply(lab, p, r, e):
    _, dst, _, _, frm, ttl, size, proto, kind = e
    v4 = dst == V4
    bad = []
    if r.get("from") != frm: bad.append("from %s" % r.get("from"))
    if r.get("reply_ttl") != ttl: bad.append("ttl %s" % r.get("reply_ttl"))
    if r.get("reply_size") != size: bad.append("size %s" % r.get("reply_size"))
    if r.get("reply_proto") != proto:
        bad.append("proto %s" % r.get("reply_proto"))
    rtt = r.get("rtt")
    if not isinstance(rtt, (int, float)) or not 0 < rtt < 100:
        bad.append("rtt %s ms" % rtt)
    if "tx" not in r or "rx" not in r: bad.append("no tx/rx")
    if v4 and ("reply_ipid" not in r or "probe_ipid" not in r):
        bad.append("IPv4 without IP ids")
    if not v4 and "probe_ipid" in r: bad.append("IPv6 with a probe IP id")
    if r.get("ifname") != vpif: bad.append("ifname %s" % r.get("ifname"))
    if "reply_tos" not in r: bad.append("no reply_tos")
    if kind and kind[0] == "icmp" and r.get("icmp_type") != kind[1]:
        bad.append("icmp type %s" % r.get("icmp_type"))
    if kind and kind[0] == "tcp" and r.get("tcp_flags") != kind[1]:
        bad.append("tcp flags %s" % r.get("tcp_flags"))
    return bad

for lab in sorted(E):
    e = E[lab]
    method, dst, sent, nreplies = e[:4]
    p = ours.get(lab)
    what = "ping %d (%s to %s)" % (lab, method, dst)
    if p is None:
        report(False, what + " was recorded", "missing")
        continue
    report(p["method"] == method and p["dst"] == dst and
           p.get("stop_reason") == "done" and p["ping_sent"] == sent,
           what + ": method, destination, %d sent, done" % sent,
           {k: p.get(k) for k in ("method", "dst", "stop_reason", "ping_sent")})
    rs = p["responses"]
    seqs = sorted(r["seq"] for r in rs)
    report(len(rs) == nreplies and seqs == list(range(nreplies)),
           what + ": %d replies, one per probe" % nreplies, seqs)
    bad = []
    for r in rs:
        bad += check_reply(lab, p, r, e)
    if nreplies:
        report(not bad, what + ": replies' sender, TTL, size, protocol, "
               "IP ids, RTT, ToS, interface, ICMP type or TCP flags", bad)

def ping(lab):
    return ours.get(lab, {"responses": []})

# -R: the router's addresses on the way there and back
rr = [r.get("RR", []) for r in ping(24)["responses"]]
report(rr and all("198.51.100.1" in x and "192.0.2.1" in x and V4 in x
                  for x in rr), "-R: record route shows the router both ways",
       rr)
# -T: stamps from the router and the destination (ms since midnight UT)
ts = [r.get("tsonly", []) for r in ping(25)["responses"]]
report(ts and all(len(x) >= 3 and all(0 <= t < 86400000 for t in x)
                  for x in ts), "-T tsonly: the hops' timestamps", ts)
ta = [r.get("tsandaddr", []) for r in ping(33)["responses"]]
report(ta and all(len(x) >= 3 and
                  {"192.0.2.1", "198.51.100.1", V4} <= {s["ip"] for s in x}
                  for x in ta), "-T tsandaddr: stamps with addresses", ta)
tp = [r.get("tsandaddr", []) for r in ping(34)["responses"]]
report(tp and all([s["ip"] for s in x] == ["198.51.100.1", V4] for x in tp),
       "-T tsprespec: the two addresses asked for stamped", tp)
report(ping(24).get("flags") == ["v4rr"] and ping(25).get("flags") ==
       ["tsonly"] and ping(34).get("probe_tsps") == ["198.51.100.1", V4],
       "-R and -T are in the ping's parameters")
# -o 1: the first reply ends it
report(ping(28).get("ping_sent") == 1, "-o 1 -c 3: stops after one reply",
       ping(28).get("ping_sent"))
# pings at once to one destination: apart by ICMP id or source port
ids = [{r.get("icmp_id") for r in ping(n)["responses"]} for n in (29, 30)]
report(all(len(x) == 1 for x in ids) and ids[0] != ids[1],
       "two echo pings at once use different ICMP ids", ids)
report(ping(31).get("sport") != ping(32).get("sport"),
       "two udp pings at once use different source ports",
       (ping(31).get("sport"), ping(32).get("sport")))
report(ping(36).get("sport") != ping(37).get("sport"),
       "two tcp-syn pings at once use different source ports",
       (ping(36).get("sport"), ping(37).get("sport")))
# -sport: each probe's own port
sp = [r.get("tcp_sport") for r in ping(6)["responses"]]
report(len(sp) == 2 and sp[1] == sp[0] + 1 == ping(6).get("sport") + 1,
       "tcp-syn-sport: the second probe from the next port", sp)
# -C: the checksum asked for, kept
report(ping(35).get("icmp_csum") == 4660 and
       ping(35).get("pattern") == "0a0b" and
       ping(35).get("flags") == ["icmpsum"],
       "-C and -p: the ping keeps the checksum and the pattern",
       {k: ping(35).get(k) for k in ("icmp_csum", "pattern", "flags")})
# -C and -B: the 2 checksum bytes, then the payload (34 bytes; answered,
# so the checksum was right)
report(ping(38).get("icmp_csum") == 4660 and
       ping(38).get("payload") == "0a0b0c0d" and
       ping(38).get("probe_size") == 34 and
       ping(38).get("flags") == ["payload", "icmpsum"],
       "-C and -B: the ping keeps the checksum and the payload",
       {k: ping(38).get(k) for k in ("icmp_csum", "payload", "probe_size",
                                     "flags")})
# -F 0: ICMP id 0, as in scamper
ids = [r.get("icmp_id") for r in ping(39)["responses"]]
report(ids == [0, 0], "-F 0: the ICMP id is 0", ids)

# icmp-time: the three stamps, in both dumps
for name, path in (("our", ours_dump_f), ("Debian's", ours_deb_dump_f)):
    blocks = open(path).read().split("ping from ")
    b = [x for x in blocks if "user-id: 3\n" in x]
    report(b and b[0].count("icmp-tsreply: tso=") == 2,
           "icmp-time: %s sc_wartsdump shows the ICMP timestamps" % name,
           b[0][:300] if b else "no ping 3")

# Debian's reader sees what ours does: every ping, every reply
report(sorted(ours_deb) == sorted(ours) and
       all(len(ours_deb[k]["responses"]) == len(ours[k]["responses"])
           for k in ours), "Debian's sc_warts2json sees every ping and reply",
       (sorted(ours_deb), sorted(ours)))

# the same fields as Debian's scamper fills, as Debian's reader shows them
for lab in sorted(deb):
    o, d = ours_deb.get(lab), deb[lab]
    what = "ping %d (%s) vs Debian's scamper" % (lab, d["method"])
    if o is None:
        report(False, what, "ours missing")
        continue
    ok_, okr = set(o), set(d)
    report(ok_ == okr, what + ": the ping's fields", (ok_ ^ okr))
    ro = set().union(*[set(r) for r in o["responses"]])
    rd = set().union(*[set(r) for r in d["responses"]])
    report(ro == rd and len(o["responses"]) == len(d["responses"]),
           what + ": the replies' fields and count",
           (ro ^ rd, len(o["responses"]), len(d["responses"])))
EOF

"$PY" "$T/check.py" "$T/ours.json" "$T/ours.deb.json" "$T/deb.deb.json" \
	"$T/ours.dump" "$T/ours.deb.dump" "${P}a0" > "$T/results" 2>&1 ||
	diag "checker: $(cat "$T/results")"
TAB=$(printf '\t')
while IFS="$TAB" read -r st desc detail; do
	is "$st" pass "$desc"
	[ "$st" = pass ] || diag "$detail"
done < "$T/results"

# ---- -S: this host's address, unless spoofing ---------------------------

# field FILE KEY: a top-level value of the ping in a JSON output
field() {
	"$PY" -c 'import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "ping":
        print(o.get(sys.argv[2]))' "$1" "$2"
}
ip netns exec "$VP" "$SCAMPER" -O json -o "$T/s1.json" \
	-I "ping -S 192.0.2.77 -c 1 $V4"
field "$T/s1.json" stop_reason > "$T/s1.f"
field "$T/s1.json" errmsg >> "$T/s1.f"
field "$T/s1.json" ping_sent >> "$T/s1.f"
is "$(cat "$T/s1.f")" "error
-S 192.0.2.77: not an address of this host: Cannot assign requested address
0" "ping -S with an address not of this host: an error, nothing sent"
ip netns exec "$VP" "$SCAMPER" -O json -o "$T/s2.json" \
	-I "ping -S 192.0.2.2 -c 1 $V4"
is "$(field "$T/s2.json" stop_reason)" done \
	"ping -S with this host's address: done"
ip netns exec "$VP" "$SCAMPER" -O json -o "$T/s3.json" \
	-I "ping -O spoof -S 192.0.2.77 -c 1 $V4"
is "$(field "$T/s3.json" ping_sent)" 1 \
	"ping -O spoof -S with another address: the probe is sent"

done_testing
