#!/bin/sh
# sc_filterpolicy in the lab (tests/lab/topologies/filterpolicy.topo): a
# dual-stack server whose firewall drops IPv4 SSH and DNS and IPv6 HTTPS,
# a router with nothing listening, a router that drops IPv4 echo, and a
# population of 60 devices on AnyIP addresses whose per-family policies
# this test draws at random and writes into the firewall.
#
# The drivers run at the same time, against one prober, so the whole
# file takes about a minute:
#   A  -t server on srv and r3 (named rows): the exact tables
#   B  the same with -O incongruent: only srv
#   C  -t router -T -icmp -T +vnc on r3: exactly those columns
#   D  -T +icmp -T +ssh on r2 (ICMP incongruence) and on a device with an
#      address nobody answers for (X cells); one command the prober
#      refuses
#   E  -t router -O json on the population: every device's verdict and
#      the per-service openness counts equal the drawn truth
#   F  our driver against Debian's scamper: the same tables as A
#   G  Debian's sc_filterpolicy against our prober in the 2021 dialect
#      (tuples: its rows reader crashes on names): the same tables
# and -r on the files of A and E prints the same reports again.
. "$(dirname "$0")/../lib/tap.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root"

SCAMPER=$WARTS_BUILD/bin/scamper
FP=$WARTS_BUILD/bin/sc_filterpolicy
DEB_SCAMPER=/usr/bin/scamper
DEB_FP=/usr/bin/sc_filterpolicy
netlab=$TOP/tests/lab/netlab
PY=/usr/bin/python3
for f in "$SCAMPER" "$FP" "$DEB_SCAMPER" "$DEB_FP" "$PY"; do
	[ -x "$f" ] || bail "missing $f"
done

P=fp$$_
T=$(mktemp -d /tmp/filterpolicy-t.XXXXXX)
chmod 755 "$T"
PIDS=
cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	"$netlab" down "$P" >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

"$netlab" up "$P" "$TOP/tests/lab/topologies/filterpolicy.topo" \
	>"$T/up.log" 2>&1 || { cat "$T/up.log"; bail "netlab up failed"; }

# ---- the population: policies drawn, written to pop's firewall -----------

"$PY" - "$T" <<'EOF'
import json, random, sys
d = sys.argv[1]
rnd = random.Random()
tests = [("ICMP", "icmp", 0), ("SSH", "tcp", 22), ("Telnet", "tcp", 23),
         ("HTTPS", "tcp", 443), ("HTTP", "tcp", 80), ("BGP", "tcp", 179),
         ("NTP", "udp", 123), ("DNS", "udp", 53), ("SNMP", "udp", 161)]
# pop has no firewall table of its own yet: make one
rules = ["add table inet netlab",
         "add chain inet netlab input { type filter hook input priority 0; }"]
devs = []
with open(d + "/pop.txt", "w") as f:
    for i in range(1, 61):
        v4, v6 = "198.18.64.%d" % i, "2001:db8:64::%x" % i
        f.write("dev%d %s %s\n" % (i, v4, v6))
        open_ = {}
        for fam, addr in (("ip", v4), ("ip6", v6)):
            # each family: an open rate of its own, so IPv6 often differs
            p = rnd.choice([0.2, 0.5, 0.8])
            o = sorted(t[0] for t in tests if rnd.random() < p)
            open_[addr] = o
            for name, proto, port in tests:
                if name in o:
                    continue
                if proto == "icmp":
                    icmp = "icmp" if fam == "ip" else "icmpv6"
                    rules.append("add rule inet netlab input %s daddr %s %s type echo-request drop"
                                 % (fam, addr, icmp))
                elif proto == "tcp":
                    rules.append("add rule inet netlab input %s daddr %s tcp dport %d reject with tcp reset"
                                 % (fam, addr, port))
                else:
                    rules.append("add rule inet netlab input %s daddr %s udp dport %d drop"
                                 % (fam, addr, port))
        devs.append({"name": "dev%d" % i, "open": open_})
open(d + "/pop.nft", "w").write("\n".join(rules) + "\n")
json.dump(devs, open(d + "/truth.json", "w"))
EOF
"$netlab" exec "$P" pop nft -f "$T/pop.nft"
ok $? -eq 0 "the population's policies are in pop's firewall"

# ---- the probers ---------------------------------------------------------

# start_prober NAME ARGS...: a prober in vp with a control socket
start_prober() {
	_n=$1
	shift
	"$netlab" exec "$P" vp "$@" >"$T/$_n.out" 2>"$T/$_n.err" &
	PIDS="$PIDS $!"
	eval "${_n}_pid=$!"
}
wait_socket() {
	for _i in $(seq 100); do
		[ -S "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
start_prober ours "$SCAMPER" -p 2000 -U "$T/ours.sock"
start_prober ours21 "$SCAMPER" -p 2000 -O ctrl-2021 -U "$T/ours21.sock"
start_prober deb "$DEB_SCAMPER" -p 2000 -U "$T/deb.sock"
wait_socket "$T/ours.sock"
ok $? -eq 0 "our prober listens on its unix socket"
wait_socket "$T/ours21.sock"
ok $? -eq 0 "our prober in the 2021 dialect listens"
wait_socket "$T/deb.sock"
ok $? -eq 0 "Debian's scamper listens"

# ---- the drivers, at once ------------------------------------------------

printf 'srv.lab 203.0.113.10 2001:db8:3::10\nr3.lab 192.0.2.9 2001:db8:23::2\n' \
	> "$T/rows.txt"
printf 'srv.lab 203.0.113.10\nr3.lab 192.0.2.9\nsrv.lab 2001:db8:3::10\nr3.lab 2001:db8:23::2\n' \
	> "$T/tuples.txt"
printf 'r3.lab 192.0.2.9 2001:db8:23::2\n' > "$T/r3.txt"
printf '# r2 drops IPv4 echo\nr2 192.0.2.10 2001:db8:23::1\nhalf 198.18.64.250 203.0.113.11\nbad 198.18.64.251 0.0.0.0\n' \
	> "$T/d.txt"

# drive NAME ARGS...: run a driver in the background, output in NAME.*
drive() {
	_n=$1
	shift
	"$@" >"$T/$_n.stdout" 2>"$T/$_n.stderr" &
	eval "${_n}_pid=$!"
	PIDS="$PIDS $!"
}
drive A "$FP" -U "$T/ours.sock" -a "$T/rows.txt" -o "$T/A.warts" -t server
drive B "$FP" -U "$T/ours.sock" -a "$T/rows.txt" -o "$T/B.warts" -t server \
	-O incongruent
drive C "$FP" -U "$T/ours.sock" -a "$T/r3.txt" -o "$T/C.warts" -t router \
	-T -icmp -T +vnc
drive D "$FP" -U "$T/ours.sock" -a "$T/d.txt" -o "$T/D.warts" -T +icmp \
	-T +ssh -l "$T/D.log" -O active=1
drive E "$FP" -U "$T/ours.sock" -a "$T/pop.txt" -o "$T/E.warts.gz" \
	-t router -O json
drive H "$FP" -U "$T/ours.sock" -a "$T/r3.txt" -o "$T/H.warts" -T +icmp \
	-T +dns -T +ssh -O trace
drive F "$FP" -U "$T/deb.sock" -a "$T/rows.txt" -o "$T/F.warts" -t server
drive G "$DEB_FP" -U "$T/ours21.sock" -a "$T/tuples.txt" -o "$T/G.warts" \
	-t server -O tuples

for n in A B C D E F G H; do
	eval "wait \$${n}_pid"
	eval "${n}_rc=$?"
done

# blocks FILE: the tables of a report, one per line (rows joined by |),
# sorted, so that the order devices finished in does not matter
blocks() {
	"$PY" -c '
import sys
text = open(sys.argv[1]).read()
out = []
for b in text.split("\n\n"):
    if b.strip():
        out.append("|".join(b.split("\n")))
print("\n".join(sorted(out)))' "$1"
}

H='               :           T                        |               :           e  M     H               |               :  I        l  y     T     H        S|               :  C  F  S  n  S  R  T  S  T  N  D  N|               :  M  T  S  e  Q  D  P  M  T  T  N  M|               :  P  P  H  t  L  P  S  B  P  P  S  P|===================================================='
SRV="$H|  203.0.113.10 :  O     X           O     O  O  X   |2001:db8:3::10 :  O     O           X     O  O  O   "
BLANK11="                                 "
R3="$H|     192.0.2.9 :  O$BLANK11|2001:db8:23::2 :  O$BLANK11"
WANT_A=$(printf '%s\n%s\n' "$SRV" "$R3" | sort)

is "$A_rc" 0 "A: sc_filterpolicy -t server exits 0"
is "$(blocks "$T/A.stdout")" "$WANT_A" \
	"A: srv SSH X/O, DNS X/O, HTTPS O/X, ICMP HTTP NTP O/O; r3 ICMP only"
is "$(cat "$T/A.stderr")" "" "A: nothing on stderr"
is "$B_rc" 0 "B: -O incongruent exits 0"
is "$(blocks "$T/B.stdout")" "$SRV" "B: -O incongruent prints srv only"

is "$C_rc" 0 "C: -T edits exit 0"
is "$(head -1 "$T/C.stdout")" "               :     T                     " \
	"C: first header row"
is "$(blocks "$T/C.stdout")" "$("$PY" -c '
names = ["SSH", "Telnet", "HTTPS", "VNC", "HTTP", "BGP", "NTP", "DNS", "SNMP"]
rows = []
for r in range(6):
    rows.append("               :" + "".join("  " + n[r - (6 - len(n))] if r >= 6 - len(n) else "   " for n in names))
rows.append("=" * (16 + 27))
rows.append("     192.0.2.9 :" + "   " * 9)
rows.append("2001:db8:23::2 :" + "   " * 9)
print("|".join(rows))')" \
	"C: -t router -T -icmp -T +vnc: exactly SSH Telnet HTTPS VNC HTTP BGP NTP DNS SNMP, all blank"

is "$D_rc" 0 "D: exits 0 though one command was refused"
D_GOT=$(blocks "$T/D.stdout" | grep -v 198.18.64.251)
ok -n "$D_GOT" "D: reports printed"
contains "$D_GOT" "    192.0.2.10 :  X   |2001:db8:23::1 :  O   " \
	"D: r2 drops IPv4 echo: ICMP X over IPv4, O over IPv6"
contains "$D_GOT" "198.18.64.250 :  O  O| 203.0.113.11 :  X  X" \
	"D: an address nobody answers for: X where the other answered"
contains "$(cat "$T/D.stderr")" "0.0.0.0" \
	"D: the refused command is reported, naming the address"
contains "$(cat "$T/D.log")" ": p " "D: -l logs each command sent"
contains "$(cat "$T/D.log")" "-U " "D: ... with the device's id as -U"
# the log's "p P, w W" counts devices probing and resting
is "$(awk -F'[ ,]+' '$2 == "p" && $3 + $5 > 1' "$T/D.log")" "" \
	"D: -O active=1: one device under test at a time"
"$FP" -U "$T/ours.sock" -a "$T/d.txt" -T +icmp -O active=0 > /dev/null \
	2> "$T/act.err"
is "$?" 2 "-O active=0 is a usage error (exit 2)"
contains "$(cat "$T/act.err")" "N from 1 to 1000000" "... naming the range"

is "$E_rc" 0 "E: the population run exits 0"
"$PY" - "$T/truth.json" "$T/E.stdout" > "$T/E.check" <<'EOF'
import json, sys
truth = json.load(open(sys.argv[1]))
got = {}
for line in open(sys.argv[2]):
    o = json.loads(line)
    got[o["name"]] = o
tests = ["ICMP", "SSH", "Telnet", "HTTPS", "HTTP", "BGP", "NTP", "DNS", "SNMP"]
bad = []
count = {4: {t: 0 for t in tests}, 6: {t: 0 for t in tests}}
want = {4: {t: 0 for t in tests}, 6: {t: 0 for t in tests}}
incong_got, incong_want = set(), set()
for d in truth:
    sets = list(d["open"].values())
    if sets[0] != sets[1]:
        incong_want.add(d["name"])
    for a, o in d["open"].items():
        for t in o:
            want[6 if ":" in a else 4][t] += 1
    g = got.get(d["name"])
    if g is None:
        bad.append("%s: no report" % d["name"])
        continue
    if not g["congruent"]:
        incong_got.add(d["name"])
    for a in g["addresses"]:
        if sorted(a["responsive"]) != sorted(d["open"][a["addr"]]):
            bad.append("%s %s: got %s want %s" % (d["name"], a["addr"],
                       a["responsive"], d["open"][a["addr"]]))
        if sorted(a["tested"]) != sorted(tests):
            bad.append("%s %s: tested %s" % (d["name"], a["addr"], a["tested"]))
        for t in a["responsive"]:
            count[6 if ":" in a["addr"] else 4][t] += 1
print("reports %d" % len(got))
print("mismatches %d" % len(bad))
for b in bad[:10]:
    print("# " + b)
print("counts %s" % ("equal" if count == want else "differ: %s vs %s" % (count, want)))
print("incongruent %s" % ("equal" if incong_got == incong_want else "differ"))
print("nincongruent %d" % len(incong_want))
EOF
is "$(grep '^reports' "$T/E.check")" "reports 60" "E: a report for each of the 60 devices"
is "$(grep '^mismatches' "$T/E.check")" "mismatches 0" \
	"E: every address answered exactly the tests its policy opens"
grep '^#' "$T/E.check" | head -10
is "$(grep '^counts' "$T/E.check")" "counts equal" \
	"E: per-service openness counts, IPv4 and IPv6, equal the truth"
is "$(grep '^incongruent ' "$T/E.check")" "incongruent equal" \
	"E: the incongruent devices are exactly those drawn so ($(sed -n 's/^nincongruent //p' "$T/E.check"))"

is "$F_rc" 0 "F: our driver against Debian's scamper exits 0"
is "$(blocks "$T/F.stdout")" "$WANT_A" "F: ... and prints the same tables"

is "$G_rc" 0 "G: Debian's sc_filterpolicy against our prober (2021 dialect) exits 0"
is "$(blocks "$T/G.stdout")" "$WANT_A" "G: ... and prints the same tables"

# -O trace: traces in place of pings, the same protocols and ports
is "$H_rc" 0 "H: -O trace exits 0"
is "$(cat "$T/H.stdout")" "" "H: -O trace reports nothing"
"$WARTS_BUILD/bin/sc_warts2json" "$T/H.warts" | "$PY" -c '
import json, sys
got = sorted("%s %s %s" % (o["dst"], o["method"], o.get("dport", "-"))
             for o in map(json.loads, sys.stdin) if o["type"] == "trace")
print(",".join(got))' > "$T/H.got"
is "$(cat "$T/H.got")" "192.0.2.9 icmp-echo-paris -,192.0.2.9 tcp 22,192.0.2.9 udp-paris 53,2001:db8:23::2 icmp-echo-paris -,2001:db8:23::2 tcp 22,2001:db8:23::2 udp-paris 53" \
	"H: a trace per test and address, with the test's method and port"

# ---- -r: the files say the same ------------------------------------------

"$FP" -r "$T/A.warts" > "$T/rA.stdout" 2>"$T/rA.stderr"
is "$?" 0 "-r A.warts exits 0"
is "$(blocks "$T/rA.stdout")" "$WANT_A" "-r A.warts: the same tables"
"$FP" -O incongruent -r "$T/A.warts" > "$T/rB.stdout"
is "$(blocks "$T/rB.stdout")" "$SRV" "-r with -O incongruent: srv only"
"$DEB_FP" -r "$T/A.warts" > "$T/dA.stdout" 2>&1
is "$(blocks "$T/dA.stdout")" "$WANT_A" \
	"Debian's sc_filterpolicy -r reads our driver's file: same tables"
"$FP" -O json -r "$T/E.warts.gz" > "$T/rE.stdout"
"$PY" -c '
import json, sys
a = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[1])}
b = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[2])}
for o in list(a.values()) + list(b.values()):
    o["name"] = None
print("same" if a == b else "differ")' "$T/E.stdout" "$T/rE.stdout" > "$T/rE.cmp"
is "$(cat "$T/rE.cmp")" "same" "-r on the population's gzip file: the same verdicts"

head -c 3000 "$T/A.warts" > "$T/cut.warts"
"$FP" -r "$T/cut.warts" > "$T/cut.stdout" 2>"$T/cut.stderr"
ok $? -ne 0 "-r on a truncated file fails"
contains "$(cat "$T/cut.stderr")" "offset" "... naming the byte offset"

done_testing
