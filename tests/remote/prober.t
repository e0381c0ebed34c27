#!/bin/sh
# tests/remote/prober.t: our scamper as a vantage point (-R) of our
# sc_remoted, on loopback.
#
#  - TLS with certificates from a test CA (tests/lib/mkcerts.sh): a client
#    on the VP's unix socket runs pings and gets each result; the
#    controller's name is checked (a DNS name, a wildcard, an IP address
#    against the IP SANs; names resolved through a private /etc/hosts in
#    a mount namespace); another CA, a wrong name, an address the
#    certificate does not hold: each refused with a message saying why;
#    a client certificate when sc_remoted asks for one.
#  - -O notls-remote: plaintext, with a warning.
#  - the link cut (closed) and frozen (silent) in the middle of
#    measurements, restored within the controller's zombie time: every
#    result arrives exactly once; cut past the zombie time: a new session.
#  - results held while the link is down past -O remote-buffer: new
#    measurements wait, none is lost.
. "$(dirname "$0")/../lib/tap.sh"

SCAMPER=$WARTS_BUILD/bin/scamper
REMOTED=$WARTS_BUILD/bin/sc_remoted
J2=$WARTS_BUILD/bin/sc_warts2json
DUMP=$WARTS_BUILD/bin/sc_wartsdump
PY=/usr/bin/python3
CLIENT="$PY $TOP/tests/tools/vp_client.py"
PROXY="$PY $TOP/tests/tools/cutproxy.py"
for b in "$SCAMPER" "$REMOTED" "$J2" "$DUMP"; do
	[ -x "$b" ] || bail "no $b"
done
[ "$(id -u)" = 0 ] || skip_all "needs root (raw sockets, a mount namespace)"
[ -x "$PY" ] || skip_all "no $PY"
command -v openssl >/dev/null || skip_all "no openssl"
command -v unshare >/dev/null || skip_all "no unshare"

T=$(mktemp -d /tmp/prober-remote-t.XXXXXX)
chmod 755 "$T"
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.2
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

sh "$TOP/tests/lib/mkcerts.sh" "$T/pki" || bail "mkcerts.sh failed"
PKI=$T/pki
printf '127.0.0.1 remoted.example a.ctl.example wrong.example cn.example\n' \
	> "$T/hosts"

freeport() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# waitfor SECONDS COMMAND...: until COMMAND succeeds
waitfor() {
	_w=$(($1 * 10))
	shift
	while [ "$_w" -gt 0 ]; do
		if "$@" 2>/dev/null; then return 0; fi
		sleep 0.1
		_w=$((_w - 1))
	done
	return 1
}

# remoted NAME ARGS...: start sc_remoted on a fresh port with a socket
# directory $T/NAME; sets RPORT, RPID, RDIR, RLOG
remoted() {
	_n=$1
	shift
	RPORT=$(freeport)
	RDIR=$T/$_n
	RLOG=$T/$_n.rlog
	mkdir -p "$RDIR"
	"$REMOTED" -P 127.0.0.1:$RPORT -U "$RDIR" -O debug "$@" \
		2> "$RLOG" &
	RPID=$!
	PIDS="$PIDS $RPID"
	waitfor 5 grep -q listening "$RLOG"
}

# vp NAME HOST:PORT ARGS...: start our scamper -R in a mount namespace
# whose /etc/hosts names 127.0.0.1 as the test's hosts; sets VPID, VLOG
vp() {
	_n=$1
	_r=$2
	shift 2
	VLOG=$T/$_n.vlog
	unshare -m sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' \
		"$T/hosts" "$SCAMPER" -R "$_r" -d "$T/$_n.dbg" "$@" \
		2> "$VLOG" &
	VPID=$!
	PIDS="$PIDS $VPID"
}

stop() {
	kill "$@" 2>/dev/null
	for _p in "$@"; do
		waitfor 5 sh -c "! kill -0 $_p" || kill -9 "$_p" 2>/dev/null
	done
}

# the VP's socket in directory $1 for monitor $2 (waits for it)
vpsock() {
	waitfor 10 sh -c "ls '$1' | grep -q '^$2-'" || return 1
	echo "$1/$(ls "$1" | grep "^$2-" | head -1)"
}

# N copies of a command, as arguments for vp_client.py
cmds() {
	_i=0
	while [ $_i -lt "$1" ]; do
		printf '%s\n' "$2"
		_i=$((_i + 1))
	done
}

# ---- TLS, verified by IP address, a ping through the VP's socket -------

# (sc_remoted sends a keepalive every second: the VPs given
# -O remote-keepalive=1 below give an idle link up after 2 s)
remoted tls -c "$PKI/server.pem" -p "$PKI/server.key" -Z 30 -O keepalive=1
R1=$RPID; P1=$RPORT; D1=$RDIR; L1=$RLOG
vp ip 127.0.0.1:$P1 -M vp1 -O cafile="$PKI/ca.pem"
V1=$VPID
S=$(vpsock "$D1" vp1)
ok -n "$S" "over TLS to 127.0.0.1 (an IP SAN), sc_remoted made vp1's socket"
contains "$(cat "$T/ip.vlog")" "connected to 127.0.0.1:$P1 (TLS) as 127.0.0.1:" \
	"scamper says it connected over TLS, and the id it was given"
out=$(timeout 30 $CLIENT "$S" 20 "$T/ip.warts" "ping -c 1 127.0.0.1")
is "$out" "accepted=1 results=1 dups=0 missing=0 errors=0 eof=1 first_err=-" \
	"a client on the socket (no attach) ran a ping and got its result"
json=$("$J2" "$T/ip.warts" 2>&1)
contains "$json" '"type":"ping"' "the result is a ping"
contains "$json" '"dst":"127.0.0.1"' "to 127.0.0.1"
contains "$json" '"list_name":"127.0.0.1:' "in the channel's list (id_n)"
contains "$("$DUMP" "$T/ip.warts" 2>&1)" "vp1" "whose monitor is -M's name"
out=$(timeout 30 $CLIENT "$S" 20 "$T/ip2.warts" "get version" \
	"ping -c 1 127.0.0.1" "ping -c 2 127.0.0.1")
case "$out" in
"accepted=2 results=2 dups=0 missing=0 errors=1 eof=1 first_err=ERR_command_not_accepted"*)
	_tap_report 0 "a second channel: two pings, and an ERR for an interactive command" ;;
*)	_tap_report 1 "a second channel: two pings, and an ERR for an interactive command"
	diag "$out" ;;
esac
stop $V1

# ---- names ---------------------------------------------------------------

vp name remoted.example:$P1 -M vp2 -O cafile="$PKI/ca.pem"
S=$(vpsock "$D1" vp2)
ok -n "$S" "a DNS name in the certificate's SANs is accepted"
stop $VPID
vp wild a.ctl.example:$P1 -M vp3 -O cafile="$PKI/ca.pem"
S=$(vpsock "$D1" vp3)
ok -n "$S" "a name matching the *.ctl.example wildcard is accepted"
stop $VPID
vp wrong wrong.example:$P1 -M vp4 -O cafile="$PKI/ca.pem"
waitfor 5 grep -q "does not match" "$T/wrong.vlog"
contains "$(cat "$T/wrong.vlog")" \
	"cannot connect to wrong.example:$P1: name wrong.example does not match the certificate" \
	"a name the certificate does not hold is refused, saying so"
ok -z "$(ls "$D1" | grep '^vp4-')" "and no socket for that VP"
stop $VPID
vp noca 127.0.0.1:$P1 -M vp5
waitfor 5 grep -q "verify failed" "$T/noca.vlog"
contains "$(cat "$T/noca.vlog")" "certificate verify failed: unable to get local issuer certificate" \
	"without -O cafile the test CA is unknown (system store): refused"
stop $VPID

remoted other -c "$PKI/server-other.pem" -p "$PKI/server-other.key"
R2=$RPID
vp otherca remoted.example:$RPORT -M vp1 -O cafile="$PKI/ca.pem"
waitfor 5 grep -q "verify failed" "$T/otherca.vlog"
contains "$(cat "$T/otherca.vlog")" "cannot connect to remoted.example:$RPORT: certificate verify failed" \
	"a controller certificate from another CA is refused"
ok -z "$(ls "$RDIR")" "and sc_remoted has no VP"
stop $VPID $R2

remoted cn -c "$PKI/server-cn.pem" -p "$PKI/server-cn.key"
R3=$RPID; P3=$RPORT; D3=$RDIR
vp cn cn.example:$P3 -M vp1 -O cafile="$PKI/ca.pem"
S=$(vpsock "$D3" vp1)
ok -n "$S" "a certificate without SANs: its CN names the controller"
stop $VPID
vp noipsan 127.0.0.1:$P3 -M vp2 -O cafile="$PKI/ca.pem"
waitfor 5 grep -q "cannot connect" "$T/noipsan.vlog"
contains "$(cat "$T/noipsan.vlog")" "address 127.0.0.1 is not among the certificate's IP addresses" \
	"an IP address with no IP SAN to match is refused (no fallback to plaintext)"
ok -z "$(ls "$D3" | grep '^vp2-')" "and no socket for it"
stop $VPID $R3

# ---- a client certificate ------------------------------------------------

remoted ccert -c "$PKI/server.pem" -p "$PKI/server.key" -C "$PKI/ca.pem"
R4=$RPID; P4=$RPORT; D4=$RDIR; L4=$RLOG
vp ccert 127.0.0.1:$P4 -M vp1 -O cafile="$PKI/ca.pem" \
	-O client-certfile="$PKI/vp1.pem" -O client-privfile="$PKI/vp1.key"
S=$(vpsock "$D4" vp1)
ok -n "$S" "with -O client-certfile/-privfile, sc_remoted -C accepts vp1"
stop $VPID
vp nocert 127.0.0.1:$P4 -M vp2 -O cafile="$PKI/ca.pem"
waitfor 5 grep -q "cannot connect" "$T/nocert.vlog"
ok -z "$(ls "$D4" | grep '^vp2-')" "without a client certificate: no VP"
contains "$(cat "$T/nocert.vlog")" "cannot connect to 127.0.0.1:$P4" \
	"and scamper says it could not connect"
stop $VPID $R4
"$SCAMPER" -R 127.0.0.1:1 -O client-certfile="$PKI/vp1.pem" -M x \
	2> "$T/half.err"
is "$?" 1 "-O client-certfile without client-privfile: exit 1"
contains "$(cat "$T/half.err")" "client-certfile and client-privfile go together" \
	"with a message"
"$SCAMPER" -R nocolon -M x 2> "$T/spec.err"
contains "$(cat "$T/spec.err")" "-R nocolon: expected host:port" \
	"-R without a port is refused"

# ---- plaintext -----------------------------------------------------------

remoted plain -Z 3
R5=$RPID; P5=$RPORT; D5=$RDIR
vp plain 127.0.0.1:$P5 -M vp1 -O notls-remote
S=$(vpsock "$D5" vp1)
contains "$(cat "$T/plain.vlog")" "warning: -O notls-remote: the link to 127.0.0.1:$P5 is neither encrypted nor authenticated" \
	"-O notls-remote warns on stderr"
out=$(timeout 30 $CLIENT "$S" 20 "$T/plain.warts" "ping -c 1 127.0.0.1")
is "$out" "accepted=1 results=1 dups=0 missing=0 errors=0 eof=1 first_err=-" \
	"and a ping runs over the plaintext link"
stop $VPID

# ---- the link cut in the middle of measurements ---------------------------

QP=$(freeport)
$PROXY $QP $P1 "$T/proxy.pid" > "$T/proxy.log" &
PIDS="$PIDS $!"
waitfor 5 grep -q listening "$T/proxy.log"
PX=$(cat "$T/proxy.pid")
vp cut 127.0.0.1:$QP -M cut1 -O cafile="$PKI/ca.pem" -p 100
S=$(vpsock "$D1" cut1)
ok -n "$S" "a VP through a relay that can be cut"
rm -f "$T/gate"
(cmds 20 "ping -c 4 -i 0.5 127.0.0.1" | xargs -d '\n' \
	timeout 60 $CLIENT "$S" 50 "$T/cut.warts" --gate "$T/gate" \
	> "$T/cut.out") &
CL=$!
sleep 1
kill -USR1 "$PX"                 # every connection closed, new refused
sleep 3
kill -USR2 "$PX"
touch "$T/gate"
waitfor 40 sh -c "! kill -0 $CL"
is "$(cat "$T/cut.out")" "accepted=20 results=20 dups=0 missing=0 errors=0 eof=1 first_err=-" \
	"link closed for 3 s during 20 pings: every result arrives, once"
vlog=$(cat "$T/cut.vlog")
contains "$vlog" "lost the link to 127.0.0.1:$QP" "scamper saw the link go"
case "$vlog" in
*"resumed the session with 127.0.0.1:$QP (TLS), 0 messages sent again"*)
	_tap_report 1 "it resumed the session and sent again what was not acknowledged" ;;
*"resumed the session with 127.0.0.1:$QP (TLS), "*" sent again"*)
	_tap_report 0 "it resumed the session and sent again what was not acknowledged" ;;
*)	_tap_report 1 "it resumed the session and sent again what was not acknowledged"
	diag "$vlog" ;;
esac
n=$("$J2" "$T/cut.warts" | grep -c '"type":"ping"')
is "$n" 20 "the client's warts holds 20 pings"

# frozen: nothing moves and nothing closes, as when a link goes down
stop $VPID
vp freeze 127.0.0.1:$QP -M frz1 -O cafile="$PKI/ca.pem" -p 100 \
	-O remote-keepalive=1
S=$(vpsock "$D1" frz1)
rm -f "$T/gate"
(cmds 10 "ping -c 4 -i 0.5 127.0.0.1" | xargs -d '\n' \
	timeout 60 $CLIENT "$S" 50 "$T/frz.warts" --gate "$T/gate" \
	> "$T/frz.out") &
CL=$!
sleep 1
kill -HUP "$PX"
waitfor 8 grep -q "no message received in 2 s" "$T/freeze.vlog"
contains "$(cat "$T/freeze.vlog")" "lost the link to 127.0.0.1:$QP: no message received in 2 s" \
	"a silent link is given up after twice -O remote-keepalive"
kill -USR2 "$PX"
touch "$T/gate"
waitfor 40 sh -c "! kill -0 $CL"
is "$(cat "$T/frz.out")" "accepted=10 results=10 dups=0 missing=0 errors=0 eof=1 first_err=-" \
	"link frozen during 10 pings: every result arrives, once"
sleep 3
is "$(grep -c 'lost the link' "$T/freeze.vlog")" 1 \
	"and an idle link that hears keepalives is not given up"
stop $VPID

# results held past -O remote-buffer: no new measurement starts; two
# at a time (-w 2), each taking half a second
vp hold 127.0.0.1:$QP -M hold1 -O cafile="$PKI/ca.pem" -p 200 -w 2 \
	-O remote-buffer=1
S=$(vpsock "$D1" hold1)
rm -f "$T/gate"
(cmds 24 "ping -c 2 -i 0.5 127.0.0.1" | xargs -d '\n' \
	timeout 60 $CLIENT "$S" 50 "$T/hold.warts" --gate "$T/gate" \
	> "$T/hold.out") &
CL=$!
sleep 0.7
kill -USR1 "$PX"
waitfor 8 grep -q "no new measurement starts" "$T/hold.vlog"
contains "$(cat "$T/hold.vlog")" "of results wait for 127.0.0.1:$QP: no new measurement starts until it takes them" \
	"past -O remote-buffer=1 (KB) with the link down, new measurements wait"
sleep 1
kill -USR2 "$PX"
touch "$T/gate"
waitfor 40 sh -c "! kill -0 $CL"
is "$(cat "$T/hold.out")" "accepted=24 results=24 dups=0 missing=0 errors=0 eof=1 first_err=-" \
	"once the link is back, the rest run: all 24 arrive, once"
contains "$(cat "$T/hold.vlog")" "took the results: measurements start again" \
	"scamper says when measurements start again"
stop $VPID $PX

# past the zombie time: the controller has forgotten the session
QP2=$(freeport)
$PROXY $QP2 $P5 "$T/proxy2.pid" > "$T/proxy2.log" &
PIDS="$PIDS $!"
waitfor 5 grep -q listening "$T/proxy2.log"
PX2=$(cat "$T/proxy2.pid")
vp zombie 127.0.0.1:$QP2 -M zom1 -O notls-remote
S=$(vpsock "$D5" zom1)
ok -n "$S" "a VP of sc_remoted -Z 3"
kill -USR1 "$PX2"
waitfor 10 grep -q "zom1 .*did not come back" "$T/plain.rlog"
contains "$(cat "$T/plain.rlog")" "did not come back in 3 s" \
	"link cut past -Z 3: sc_remoted forgets the session"
kill -USR2 "$PX2"
waitfor 15 grep -q "no longer holds our session" "$T/zombie.vlog"
contains "$(cat "$T/zombie.vlog")" "no longer holds our session: its channels are closed and a new session begins" \
	"back after the zombie time: MASTER_REJ, and scamper says what it means"
waitfor 10 sh -c "ls '$D5' | grep -q '^zom1-'"
S=$(vpsock "$D5" zom1)
out=$(timeout 30 $CLIENT "$S" 20 "$T/zom.warts" "ping -c 1 127.0.0.1")
is "$out" "accepted=1 results=1 dups=0 missing=0 errors=0 eof=1 first_err=-" \
	"the new session works"

# sc_remoted killed and started again: the VP comes back, in a new session
stop $R5
sleep 1
"$REMOTED" -P 127.0.0.1:$P5 -U "$D5" -O debug 2> "$T/plain2.rlog" &
R5=$!
PIDS="$PIDS $R5"
waitfor 15 sh -c "ls '$D5' | grep -q '^zom1-'"
S=$(vpsock "$D5" zom1)
out=$(timeout 30 $CLIENT "$S" 20 "$T/zom2.warts" "ping -c 1 127.0.0.1")
is "$out" "accepted=1 results=1 dups=0 missing=0 errors=0 eof=1 first_err=-" \
	"sc_remoted restarted: the VP connects again and a ping runs"
stop $VPID $PX2 $R5 $R1

# ---- Debian's sc_remoted and sc_attach (scamper 2021, plaintext) -----------

if [ -x /usr/bin/sc_remoted ] && [ -x /usr/bin/sc_attach ]; then
	DP=$(freeport)
	mkdir -p "$T/deb"
	/usr/bin/sc_remoted -P $DP -U "$T/deb" 2> "$T/deb.rlog" &
	DR=$!
	PIDS="$PIDS $DR"
	waitfor 5 sh -c "ss -ltn | grep -q ':$DP '"
	vp deb 127.0.0.1:$DP -M vp1 -O notls-remote -O ctrl-2021
	S=$(vpsock "$T/deb" vp1)
	ok -n "$S" "Debian's sc_remoted takes our scamper (-O notls-remote)"
	printf 'ping -c 1 127.0.0.1\ntrace -q 1 -m 2 127.0.0.1\n' > "$T/deb.cmds"
	timeout 30 /usr/bin/sc_attach -R "$S" -i "$T/deb.cmds" \
		-o "$T/deb.warts" 2> "$T/deb.aerr"
	is "$?" 0 "Debian's sc_attach -R drives it through the VP's socket"
	json=$("$J2" "$T/deb.warts" 2>&1)
	contains "$json" '"type":"ping"' "a ping came back"
	contains "$json" '"type":"trace"' "and a trace"
	stop $VPID $DR
fi

# every scamper above was stopped with SIGTERM and exited by itself: in a
# sanitizer build (WARTS_BUILD=build/asan) a leak or error is reported here
bad=$(grep -l -E "Sanitizer|runtime error" "$T"/*.vlog 2>/dev/null)
is "$bad" "" "no sanitizer report from any scamper"

done_testing
