#!/bin/sh
# sc_attach in the lab (tests/lab/topologies/small.topo: vp -- r1 -- r2 --
# dst, dual stack), against every kind of prober socket it can reach:
#   our prober's TCP port and unix socket (the 2026 dialect), our prober
#   with -O ctrl-2021, Debian's scamper 20211212 (the 2021 dialect), and
#   Debian's scamper connected as a remote VP to our sc_remoted, reached
#   through its per-VP socket (-R) and, by name, through its multiplexed
#   socket (-M -V; -M -l lists the VPs with their metadata).
# Also Debian's sc_attach against our prober in the 2021 dialect.
# Every result is checked against the lab: pings answered by the
# destination, traces that see exactly the routers netlab says.
# The probers and sc_remoted run in vp's namespace; unix sockets are
# reached from outside it, TCP ports from inside.
. "$(dirname "$0")/../lib/tap.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root"

SCAMPER=$WARTS_BUILD/bin/scamper
ATTACH=$WARTS_BUILD/bin/sc_attach
REMOTED=$WARTS_BUILD/bin/sc_remoted
W2J=$WARTS_BUILD/bin/sc_warts2json
DUMP=$WARTS_BUILD/bin/sc_wartsdump
DEB_SCAMPER=/usr/bin/scamper
DEB_ATTACH=/usr/bin/sc_attach
DEB_DUMP=/usr/bin/sc_wartsdump
netlab=$TOP/tests/lab/netlab
TOPO=$TOP/tests/lab/topologies/small.topo
PY=/usr/bin/python3
for f in "$SCAMPER" "$ATTACH" "$REMOTED" "$W2J" "$DUMP" "$DEB_SCAMPER" \
	"$DEB_ATTACH" "$DEB_DUMP" "$PY"; do
	[ -x "$f" ] || bail "missing $f"
done

P=at$$_
T=$(mktemp -d /tmp/attach-t.XXXXXX)
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

"$netlab" up "$P" "$TOPO" >"$T/up.log" 2>&1 ||
	{ cat "$T/up.log"; bail "netlab up failed"; }

D4=203.0.113.2
D6=2001:db8:3::2
# what a trace must see: netlab's truth, hop addresses joined by commas
hops() {
	"$netlab" truth --json "$TOPO" "$1" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)["destinations"][0]
print(",".join(h["addrs"][0] for h in d["hops"]))'
}
H4=$(hops dst)
H6=$(hops dst6)
ok "$H4" = "192.0.2.1,198.51.100.2,$D4" "the lab's truth for $D4: $H4"

# summary FILE.json: one line per object, sorted: "ping DST replies=N
# from=A", "trace DST STOP hop,hop,...", "cycle-start", ...
cat >"$T/sum.py" <<'EOF'
import json, sys
out = []
for line in open(sys.argv[1]):
    o = json.loads(line)
    t = o.get("type")
    if t == "ping":
        fr = sorted(set(r["from"] for r in o.get("responses", [])))
        out.append("ping %s replies=%d from=%s" % (o["dst"],
                   len(o.get("responses", [])), ",".join(fr)))
    elif t == "trace":
        hops = {}
        for h in o.get("hops", []):
            hops.setdefault(h["probe_ttl"], h["addr"])
        out.append("trace %s %s %s" % (o["dst"], o["stop_reason"],
                   ",".join(hops[k] for k in sorted(hops))))
    else:
        out.append(t)
print("\n".join(sorted(out)))
EOF
summary() {
	"$PY" "$T/sum.py" "$1" 2>&1
}
lines() {
	printf '%s\n' "$@" | sort
}

# ---- the probers -----------------------------------------------------------

# bg NAME CMD...: run in the background, output in NAME.out/.err
bg() {
	_n=$1
	shift
	"$@" >"$T/$_n.out" 2>"$T/$_n.err" &
	PIDS="$PIDS $!"
	eval "${_n}_pid=$!"
}
wait_path() {
	for _i in $(seq 200); do
		ls $1 >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	return 1
}
mkdir -m 700 "$T/rs"
printf 'labvp cc NZ\nlabvp place Hamilton, Waikato\nlabvp tag lab\nlabvp shortname hlz1\n' \
	>"$T/meta"
bg ours "$netlab" exec "$P" vp "$SCAMPER" -p 500 -P 127.0.0.1:31337 \
	-U "$T/ours.sock"
bg ours21 "$netlab" exec "$P" vp "$SCAMPER" -p 500 -O ctrl-2021 \
	-P 127.0.0.1:31338 -U "$T/ours21.sock"
bg deb "$netlab" exec "$P" vp "$DEB_SCAMPER" -p 500 -P 127.0.0.1:31339 \
	-U "$T/deb.sock"
bg remoted "$netlab" exec "$P" vp "$REMOTED" -Z 0 -P 127.0.0.1:31340 \
	-U "$T/rs" -M "$T/mux.sock" -m "$T/meta"
wait_path "$T/mux.sock" || bail "sc_remoted did not start: $(cat "$T/remoted.err")"
bg debvp "$netlab" exec "$P" vp "$DEB_SCAMPER" -p 500 -M labvp \
	-R 127.0.0.1:31340
wait_path "$T/ours.sock"
ok $? -eq 0 "our prober listens (-P and -U)"
wait_path "$T/ours21.sock"
ok $? -eq 0 "our prober in the 2021 dialect listens"
wait_path "$T/deb.sock"
ok $? -eq 0 "Debian's scamper listens"
wait_path "$T/rs/labvp-127.0.0.1:*"
ok $? -eq 0 "Debian's scamper -R is a VP of our sc_remoted: $(ls "$T/rs")"
VPSOCK=$(ls -d "$T"/rs/labvp-* | head -1)

# ---- everything at once ------------------------------------------------------

# pipe NAME INPUT ATTACH-ARGS...: printf INPUT | sc_attach ARGS (in vp's
# namespace) | sc_warts2json, as the talk shows; NAME.rc is sc_attach's
# exit status, NAME.json the JSON.  In the background.
pipe() {
	_n=$1
	_in=$2
	shift 2
	( { printf "$_in" | "$netlab" exec "$P" vp "$ATTACH" "$@" \
		2>"$T/$_n.err"; echo $? >"$T/$_n.rc"; } | "$W2J" >"$T/$_n.json" \
		2>"$T/$_n.w2jerr" ) &
	PIDS="$PIDS $!"
}
# run NAME CMD...: in the background, status in NAME.rc
run() {
	_n=$1
	shift
	( "$@" >"$T/$_n.out" 2>"$T/$_n.err"; echo $? >"$T/$_n.rc" ) &
	PIDS="$PIDS $!"
}

pipe tcp "ping -c 1 $D4\n" -i - -o - -p 31337
pipe tcptr "trace -P icmp-paris $D4\n" -i - -o - -P 5 -p 31337
pipe ours21 "ping -c 1 $D6\ntrace $D4\n" -i - -o - -p 31338
pipe unix "ping -c 1 $D4\ntrace $D6\n" -i - -o - -U "$T/ours.sock"

cat >"$T/many.txt" <<EOF
# a ping and traces, both families
ping -c 2 -i 0.2 $D4
trace -P icmp-paris $D4

trace -P udp-paris $D6
ping -c 1 $D6
trace -P tcp $D4
EOF
WANT_MANY=$(lines cycle-start cycle-stop list \
	"ping $D4 replies=2 from=$D4" "trace $D4 COMPLETED $H4" \
	"trace $D6 COMPLETED $H6" "ping $D6 replies=1 from=$D6" \
	"trace $D4 COMPLETED $H4")
run many "$ATTACH" -i "$T/many.txt" -o "$T/many.warts" -U "$T/ours.sock"
run manyi "$ATTACH" -O impatient -O random -d -i "$T/many.txt" \
	-o "$T/manyi.warts" -U "$T/ours.sock"

cat >"$T/rej.txt" <<EOF
ping -c 1 $D4
ping -c 1 not.an.address
frobnicate $D4
trace $D4
EOF
run rej "$ATTACH" -i "$T/rej.txt" -o "$T/rej.warts" -U "$T/ours.sock"
run rej21 "$ATTACH" -i "$T/rej.txt" -o "$T/rej21.warts" -U "$T/deb.sock"

# our sc_attach against Debian's scamper (TCP, the 2021 dialect), -c
printf '%s\n' "$D4" "$D6" >"$T/addrs.txt"
run debp "$netlab" exec "$P" vp "$ATTACH" -c "ping -c 1" -i "$T/addrs.txt" \
	-o "$T/debp.warts" -p 31339
pipe debtr "trace $D4\n" -i - -o - -p 31339

# Debian's sc_attach against our prober in the 2021 dialect
printf '%s\n' "ping -c 1 $D4" "trace $D6" >"$T/two.txt"
run deba "$netlab" exec "$P" vp "$DEB_ATTACH" -i "$T/two.txt" \
	-o "$T/deba.warts" -p 31338

# the remote VP: its per-VP socket, then by name through the mux (one
# after the other: a VP runs one channel's work at a time anyway)
run remote sh -c "printf 'ping -c 1 $D4\ntrace $D6\n' | \
	\"$ATTACH\" -i - -o \"$T/remote.warts\" -R \"$VPSOCK\" && \
	\"$ATTACH\" -M \"$T/mux.sock\" -l >\"$T/list.txt\" && \
	\"$ATTACH\" -i \"$T/two.txt\" -o \"$T/mux.warts\" -M \"$T/mux.sock\" \
		-V hlz1"

# bad options, and probers that are not there: one line, non-zero
bad_case() {
	"$@" </dev/null >"$T/bad.out" 2>"$T/bad.err"
	_rc=$?
	ok $_rc -ne 0 -a "$(wc -l <"$T/bad.err")" -eq 1 \
		"sc_attach $(echo "$@" | sed "s|$ATTACH ||;s|$T/||g"): one line, exit $_rc: $(cat "$T/bad.err")"
}
bad_case "$ATTACH" -x
bad_case "$ATTACH" -i - -o -
bad_case "$ATTACH" -i - -p 31337
bad_case "$ATTACH" -i - -o - -p 31337 -U "$T/ours.sock"
bad_case "$ATTACH" -O sideways -i - -o - -p 31337
bad_case "$ATTACH" -P 0 -i - -o - -p 31337
bad_case "$ATTACH" -V labvp -i - -o - -p 31337
bad_case "$ATTACH" -i - -o - -p 127.0.0.1:1
bad_case "$ATTACH" -i - -o - -U "$T/nothing.sock"
bad_case "$ATTACH" -i - -o - -R "$T/rs"
bad_case "$ATTACH" -i "$T/nothing.txt" -o - -U "$T/ours.sock"
bad_case "$ATTACH" -i - -o "$T/no/dir.warts" -U "$T/ours.sock"
bad_case "$ATTACH" -i - -o - -M "$T/mux.sock" -V nobody
contains "$(cat "$T/bad.err")" "labvp" "... naming the VPs there are"
ok -z "$(cat "$T/bad.out")" "... and writes nothing"

# wait for the drivers (not the probers)
for n in tcp tcptr ours21 unix many manyi rej rej21 debp debtr deba remote; do
	for _i in $(seq 1200); do
		[ -s "$T/$n.rc" ] && break
		sleep 0.05
	done
done
sleep 0.2

# ---- the pipeline of the talk ------------------------------------------------

is "$(cat "$T/tcp.rc")" 0 "TCP: echo ping | sc_attach -i - -o - -p 31337 exits 0"
is "$(summary "$T/tcp.json")" "$(lines cycle-start cycle-stop \
	"ping $D4 replies=1 from=$D4")" \
	"... | sc_warts2json prints the ping with the destination's reply"
is "$(cat "$T/tcp.err")" "" "... nothing on stderr"
is "$(cat "$T/tcptr.rc")" 0 "TCP: a trace, attached with -P 5 (priority), exits 0"
is "$(summary "$T/tcptr.json")" "$(lines cycle-start cycle-stop \
	"trace $D4 COMPLETED $H4")" "... the trace sees every router"
is "$(cat "$T/unix.rc")" 0 "unix socket: ping and trace from stdin exit 0"
is "$(summary "$T/unix.json")" "$(lines cycle-start cycle-stop \
	"ping $D4 replies=1 from=$D4" "trace $D6 COMPLETED $H6")" \
	"... both results, IPv4 ping and IPv6 trace"

# ---- a file of commands ------------------------------------------------------

jsum() {
	"$W2J" "$1" >"$1.json" 2>"$1.w2jerr" && summary "$1.json"
	"$DUMP" "$1" >/dev/null 2>&1 || echo "sc_wartsdump failed"
}
# listed: do the list record and cycle records frame the file?
listed() {
	"$DEB_DUMP" "$1" 2>/dev/null | grep -c '^list id\|^cycle start\|^cycle stop'
}
is "$(cat "$T/many.rc")" 0 "a file of 5 commands (# and blank lines skipped): exit 0"
is "$( (jsum "$T/many.warts"; echo list) | sort)" "$WANT_MANY" \
	"every result came, each as the lab says; our sc_wartsdump reads it"
is "$(listed "$T/many.warts")" 3 \
	"Debian's sc_wartsdump reads the file: list, cycle start and stop"
is "$(cat "$T/many.err")" "" "... nothing on stderr"
is "$(cat "$T/manyi.rc")" 0 "-O impatient -O random: exit 0"
is "$( (jsum "$T/manyi.warts"; echo list) | sort)" "$WANT_MANY" \
	"... the same results"
is "$(grep -c ': ' "$T/manyi.err")" 5 "-d: each command sent, on stderr"

# ---- rejected commands ---------------------------------------------------------

is "$(cat "$T/rej.rc")" 1 "a file with 2 bad commands: exit 1"
contains "$(cat "$T/rej.err")" "line 2: \"ping -c 1 not.an.address\": command not accepted: " \
	"the rejected ping is named, with its line"
contains "$(cat "$T/rej.err")" "not.an.address: not an IPv4 or IPv6 address" \
	"... and the prober's reason"
contains "$(cat "$T/rej.err")" "line 3: \"frobnicate $D4\": command not accepted: " \
	"the unknown command too"
is "$(grep -c . "$T/rej.err")" 2 "... two lines, one for each"
is "$(jsum "$T/rej.warts")" "$(lines cycle-start cycle-stop \
	"ping $D4 replies=1 from=$D4" "trace $D4 COMPLETED $H4")" \
	"the good commands still ran, after the rejected ones too"
is "$(cat "$T/rej21.rc")" 1 "the same against Debian's scamper: exit 1"
is "$(grep -c 'command not accepted' "$T/rej21.err")" 2 \
	"... both rejections named (2021 gives no reason)"
is "$(jsum "$T/rej21.warts")" "$(lines cycle-start cycle-stop \
	"ping $D4 replies=1 from=$D4" "trace $D4 COMPLETED $H4")" \
	"... and the good commands ran"

# ---- the 2021 dialect, both ways -----------------------------------------------

is "$(cat "$T/debp.rc")" 0 "our sc_attach -c 'ping -c 1' -p against Debian's scamper: exit 0"
is "$(jsum "$T/debp.warts")" "$(lines cycle-start cycle-stop \
	"ping $D4 replies=1 from=$D4" "ping $D6 replies=1 from=$D6")" \
	"... both pings answered"
is "$(cat "$T/debtr.rc")" 0 "the pipeline against Debian's scamper: exit 0"
is "$(summary "$T/debtr.json")" "$(lines cycle-start cycle-stop \
	"trace $D4 COMPLETED $H4")" "... the trace sees every router"
is "$(cat "$T/ours21.rc")" 0 "our sc_attach against our prober -O ctrl-2021: exit 0"
is "$(summary "$T/ours21.json")" "$(lines cycle-start cycle-stop \
	"ping $D6 replies=1 from=$D6" "trace $D4 COMPLETED $H4")" \
	"... both results, matched by count"
is "$(cat "$T/deba.rc")" 0 "Debian's sc_attach against our prober -O ctrl-2021: exit 0"
is "$(cat "$T/deba.err")" "" "... nothing on stderr"
is "$(jsum "$T/deba.warts")" "$(lines cycle-start cycle-stop \
	"ping $D4 replies=1 from=$D4" "trace $D6 COMPLETED $H6")" \
	"... its file holds both results"
is "$(listed "$T/deba.warts")" 3 "... and Debian's sc_wartsdump reads it"

# ---- sc_remoted: per-VP socket and the mux ---------------------------------------

is "$(cat "$T/remote.rc")" 0 "-R, -M -l and -M -V against the remote VP: exit 0"
is "$(cat "$T/remote.err")" "" "... nothing on stderr"
is "$(jsum "$T/remote.warts")" "$(lines cycle-start cycle-stop \
	"ping $D4 replies=1 from=$D4" "trace $D6 COMPLETED $H6")" \
	"-R the per-VP socket (Debian's scamper -R as the VP): both results"
contains "$("$W2J" "$T/remote.warts" | head -1)" '"list_name":"127.0.0.1:' \
	"... on the VP's channel (list named for it by the VP)"
contains "$(cat "$T/list.txt")" 'labvp ' "-M -l lists the VP by name"
contains "$(cat "$T/list.txt")" 'ipv4=127.0.0.1' "... with its address"
contains "$(cat "$T/list.txt")" 'cc=NZ place="Hamilton, Waikato" ' \
	"... and its metadata from sc_remoted's meta file (quoted)"
contains "$(cat "$T/list.txt")" ' shortname=hlz1' "... its shortname"
contains "$(cat "$T/list.txt")" ' tag=lab' "... its tag"
is "$(jsum "$T/mux.warts")" "$(lines cycle-start cycle-stop \
	"ping $D4 replies=1 from=$D4" "trace $D6 COMPLETED $H6")" \
	"-M mux -V hlz1: the VP chosen by its shortname ran both"

# the VP goes away in the middle of a ping (sc_remoted -Z 0: no zombie)
( printf 'ping -c 50 -i 0.2 %s\n' "$D4" | "$ATTACH" -i - -o "$T/gone.warts" \
	-M "$T/mux.sock" -V labvp 2>"$T/gone.err"; echo $? >"$T/gone.rc" ) &
PIDS="$PIDS $!"
sleep 1.5
kill "$debvp_pid"
for _i in $(seq 200); do
	[ -s "$T/gone.rc" ] && break
	sleep 0.05
done
is "$(cat "$T/gone.rc")" 1 "the VP disconnects mid-ping: sc_attach ends, exit 1"
contains "$(cat "$T/gone.err")" 'line 1: "ping -c 50 -i 0.2 '"$D4"'": no result: VP labvp: ' \
	"... naming the command that got no result, and the VP"
is "$(jsum "$T/gone.warts")" "cycle-start" "... what came before is a valid file"

# a mux that speaks nonsense: a VP_UPDATE cut short, then a huge frame
cat >"$T/fakemux.py" <<'EOF'
import os, socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(2)
for msg in (struct.pack(">IIH", 0, 3, 0) + b"\xff",
            struct.pack(">II", 7, 0x7fffffff)):
    c, _ = s.accept()
    c.sendall(msg)
    c.recv(100)
    c.close()
EOF
"$PY" "$T/fakemux.py" "$T/fake.sock" &
PIDS="$PIDS $!"
wait_path "$T/fake.sock"
"$ATTACH" -M "$T/fake.sock" -l >"$T/fake1.out" 2>"$T/fake1.err"
ok $? -eq 1 -a "$(wc -l <"$T/fake1.err")" -eq 1 \
	"a malformed VP update from the mux: one line, exit 1: $(cat "$T/fake1.err")"
echo "ping $D4" | "$ATTACH" -i - -o - -M "$T/fake.sock" -V labvp \
	>"$T/fake2.out" 2>"$T/fake2.err"
ok $? -eq 1 -a "$(wc -l <"$T/fake2.err")" -eq 1 \
	"a 2 GB mux frame: one line, exit 1: $(cat "$T/fake2.err")"

# ---- and the probers are all still there -----------------------------------------
printf 'ping -c 1 %s\n' "$D4" | "$ATTACH" -i - -o "$T/after.warts" \
	-U "$T/ours.sock"
is "$?" 0 "our prober still serves a client after all that"

done_testing
