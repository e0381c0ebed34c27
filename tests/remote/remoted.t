#!/bin/sh
# tests/remote/remoted.t: our sc_remoted on loopback.
#
#  - Debian's scamper 20211212 (plaintext, -R 127.0.0.1:PORT -M vp1)
#    connects; Debian's sc_attach runs ping and trace through the per-VP
#    socket; the mux socket lists the VP with its meta data and runs a
#    ping through a channel; SIGHUP reloads the meta data without
#    dropping anyone; a VP that goes is forgotten after -Z, its socket
#    removed; Debian's sc_remoted names its socket the same way.
#  - a scripted VP (tests/tools/remote_peer.py) drops its connection and
#    resumes with MASTER_RES: nothing lost or repeated.
#  - misbehaving VPs (garbage, oversized or empty frames, sequence
#    errors, data on a channel never opened, stray acks, floods, a VP
#    that reads nothing), unix clients and mux clients (not reading,
#    garbage, a 4 GB frame) are dropped or held back alone, and a
#    well-behaved VP keeps working.
#  - -O allowgroup and allowother: modes, and who can connect (as root);
#    VP_UPDATE and VP_DEPART as VPs come and go; IPv6 socket names;
#    -Z 0; -D with -e.
#  - TLS: certificates from a test CA (tests/lib/mkcerts.sh); a wrong CA,
#    an expired certificate, no client certificate with -C, a client
#    certificate naming another monitor, plaintext: each refused with a
#    log line saying why; SIGHUP reloads the certificate and key while a
#    TLS VP stays connected.
#  - a user outside the socket's group cannot connect (as root).
. "$(dirname "$0")/../lib/tap.sh"

REMOTED=$WARTS_BUILD/bin/sc_remoted
J2=$WARTS_BUILD/bin/sc_warts2json
# python3 by its path: a pyenv shim under /root cannot be run by the
# other user of the permission checks below
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
PEER="$PY $TOP/tests/tools/remote_peer.py"
[ -x "$REMOTED" ] || bail "no $REMOTED"
[ -x /usr/bin/scamper ] && [ -x /usr/bin/sc_attach ] ||
	skip_all "Debian's scamper and sc_attach are not installed"
[ -n "$PY" ] || skip_all "no python3"

T=$(mktemp -d /tmp/remoted-t.XXXXXX)
chmod 755 "$T"
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.2
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

freeport() {
	"$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
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

# peer_tap OUTPUT: each PASS/FAIL line of remote_peer.py is a test
peer_tap() {
	printf '%s\n' "$1" | while IFS= read -r l; do
		case "$l" in
		PASS:*) echo "PASS" ;;
		FAIL:*) echo "FAIL" ;;
		esac
	done > "$T/peer.res"
	printf '%s\n' "$1" > "$T/peer.out"
	while IFS= read -r l; do
		case "$l" in
		PASS:*) _tap_report 0 "${l#PASS: }" ;;
		FAIL:*) _tap_report 1 "${l#FAIL: }" ;;
		esac
	done < "$T/peer.out"
}

log_has() { grep -q -- "$2" "$1"; }

# ---- Debian's scamper through our sc_remoted ----------------------------

cat > "$T/meta" <<EOF2
# monitor key value
vp1 asn4 64496
vp1 cc NZ
vp1 place Hamilton, New Zealand
vp1 tag alpha
vp1 tag beta
vp1 iata HLZ
EOF2

P1=$(freeport)
"$REMOTED" -P 127.0.0.1:$P1 -U "$T/sock" -M "$T/mux" -m "$T/meta" -Z 2 \
	-e "$T/pid" -O debug 2> "$T/r1.log" &
R1=$!
PIDS="$PIDS $R1"
waitfor 5 test -S "$T/mux"
ok -S "$T/mux" "sc_remoted made its mux socket"
is "$(cat "$T/pid" 2>/dev/null)" "$R1" "-e wrote the pid file"

/usr/bin/scamper -R 127.0.0.1:$P1 -M vp1 2> "$T/s1.log" &
S1=$!
PIDS="$PIDS $S1"
waitfor 10 sh -c "ls '$T/sock' | grep -q '^vp1-127.0.0.1:'"
SOCK1=$(ls "$T/sock" | grep '^vp1-127.0.0.1:' | head -1)
ok -n "$SOCK1" "a socket named vp1-127.0.0.1:PORT ($SOCK1)"
ok -S "$T/sock/$SOCK1" "and it is a unix socket"
mode=$(stat -c %a "$T/sock/$SOCK1" 2>/dev/null)
is "$mode" "700" "socket mode 0700"
contains "$(cat "$T/r1.log")" "new VP vp1 (127.0.0.1:" "logged the new VP"

printf 'ping -c 1 127.0.0.1\ntrace -q 1 -m 2 127.0.0.1\n' > "$T/cmds"
timeout 60 /usr/bin/sc_attach -R "$T/sock/$SOCK1" -i "$T/cmds" \
	-o "$T/a1.warts" 2> "$T/a1.err"
is "$?" 0 "Debian's sc_attach -R ran ping and trace through the socket"
json=$("$J2" "$T/a1.warts" 2>&1)
contains "$json" '"type":"ping"' "a ping result came back"
contains "$json" '"type":"trace"' "a trace result came back"
contains "$json" '"dst":"127.0.0.1"' "for 127.0.0.1"
contains "$json" '"list_name":"127.0.0.1:' "in the VP's list"

out=$($PEER muxlist "$T/mux")
contains "$out" "name=vp1 ipv4=127.0.0.1" "mux lists vp1 with its address"
contains "$out" "asn4=64496 cc=NZ place=Hamilton, New Zealand tag=alpha tag=beta iata=HLZ" \
	"and its meta data, tags repeated, in file order"
contains "$out" "GO" "then GO"

out=$($PEER muxrun "$T/mux" vp1 "ping -c 1 127.0.0.1")
peer_tap "$out"
contains "$out" "LINE: OK id-1" "mux channel: the ping was accepted"
contains "$out" "LINE: DATA" "mux channel: results came"

# SIGHUP: meta data reloaded, nobody dropped
sed -i 's/cc NZ/cc AU/' "$T/meta"
kill -HUP "$R1"
waitfor 5 log_has "$T/r1.log" "reload:"
contains "$(cat "$T/r1.log")" "reload: 6 meta-data entries" "SIGHUP reloaded the meta file"
out=$($PEER muxlist "$T/mux")
contains "$out" "cc=AU" "the mux shows the new value"
ok -S "$T/sock/$SOCK1" "the VP's socket is still there"
timeout 60 /usr/bin/sc_attach -R "$T/sock/$SOCK1" -i "$T/cmds" \
	-o "$T/a2.warts" 2> /dev/null
ok "$("$J2" "$T/a2.warts" 2>/dev/null | grep -c '"type":"ping"')" -ge 1 \
	"and the VP still works through it"
echo 'vp1 bogus x' >> "$T/meta"
kill -HUP "$R1"
waitfor 5 log_has "$T/r1.log" "unknown key"
contains "$(cat "$T/r1.log")" "line 8: unknown key 'bogus'; keeping the old meta data" \
	"a bad meta file on SIGHUP is refused with its line, the old kept"

# a user outside the socket's group cannot connect
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$PY" -c "import socket,sys
s=socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1]); print('connected')
except OSError as e:
    print('refused', e.errno)" "$T/sock/$SOCK1" 2>&1)
	contains "$out" "refused 13" "uid 65534 cannot connect to the VP socket (EACCES)"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$PY" -c "import socket,sys
s=socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1]); print('connected')
except OSError as e:
    print('refused', e.errno)" "$T/mux" 2>&1)
	contains "$out" "refused 13" "nor to the mux socket"
else
	diag "not root: the other-user check is left out"
fi

# the VP goes: kept for -Z 2, then forgotten
kill "$S1"
waitfor 5 log_has "$T/r1.log" "disconnected"
contains "$(cat "$T/r1.log")" "kept for 2 s" "VP gone: kept as a zombie"
ok -S "$T/sock/$SOCK1" "its socket stays meanwhile"
waitfor 6 sh -c "! test -e '$T/sock/$SOCK1'"
ok ! -e "$T/sock/$SOCK1" "after -Z the socket is removed"
contains "$(cat "$T/r1.log")" "did not come back in 2 s: forgotten" "and it is logged"
out=$($PEER muxlist "$T/mux")
ok "$(printf '%s\n' "$out" | grep -c '^VP')" -eq 0 "the mux lists no VP"

# ---- resume -----------------------------------------------------------

out=$(timeout 60 $PEER resume 127.0.0.1 $P1 "$T/sock")
peer_tap "$out"
contains "$(cat "$T/r1.log")" "resumed VP vpres" "the resume is logged"
contains "$(cat "$T/r1.log")" "rejected resume from 127.0.0.1:" "so is the unknown magic"

# ---- misbehaviour ----------------------------------------------------------

$PEER fakevp 127.0.0.1 $P1 good 120 > "$T/good.out" &
G=$!
PIDS="$PIDS $G"
waitfor 5 sh -c "ls '$T/sock' | grep -q '^good-'"
GOOD=$T/sock/$(ls "$T/sock" | grep '^good-' | head -1)
out=$($PEER unixrun "$GOOD" "ping -c 1 192.0.2.1")
contains "$out" "REPLY: MORE|OK id-1|" "a well-behaved fake VP answers through its socket"

for k in garbage-first huge-first zero-length bad-seq unknown-channel \
         bad-ack bad-control truncated-control flood; do
	out=$(timeout 60 $PEER badvp 127.0.0.1 $P1 $k)
	peer_tap "$out"
	out=$($PEER unixrun "$GOOD" "ping -c 1 192.0.2.2")
	contains "$out" "OK id-" "after a VP's $k, the good VP still answers"
done
log=$(cat "$T/r1.log")
contains "$log" "refused 127.0.0.1:" "garbage before MASTER_NEW: refused"
contains "$log" "bad frame: frame longer than allowed" "a 64 KB frame before MASTER_NEW: refused at its header"
contains "$log" "bad frame: frame of length 0" "zero-length frame: logged"
contains "$log" "sequence out of order: 7 where 0 was expected" "sequence error: logged with the numbers"
contains "$log" "data on channel 9, which is not open" "data on a channel never opened: logged"
contains "$log" "acknowledgement with nothing pending" "stray ack: logged"
contains "$log" "unexpected MASTER_NEW" "MASTER_NEW in a session: logged"
contains "$log" "bad control message: message truncated" "truncated control message: logged"
contains "$log" "output queue full" "a VP that floods and never reads: dropped"

# a VP that reads nothing while its client writes all it can: the
# client is held back (what is unacknowledged is bounded), sc_remoted's
# memory does not follow, and the other VP is not slowed
$PEER slowvp 127.0.0.1 $P1 slow 8 > "$T/slow.out" &
SV=$!
PIDS="$PIDS $SV"
waitfor 5 grep -q "^INFO: id " "$T/slow.out"
SLOW=$T/sock/slow-$(sed -n 's/^INFO: id //p' "$T/slow.out")
rss0=$(awk '/^VmRSS/ {print $2}' /proc/$R1/status)
out=$($PEER pushclient "$SLOW" 3)
pushed=${out#PUSHED: }
rss1=$(awk '/^VmRSS/ {print $2}' /proc/$R1/status)
diag "a client of a VP that reads nothing wrote $pushed bytes in 3 s; sc_remoted's RSS went from $rss0 to $rss1 kB"
ok "$pushed" -gt 0 -a "$pushed" -lt 4000000 \
	"a client of a VP that reads nothing is held back ($pushed bytes taken)"
ok $((rss1 - rss0)) -lt 4096 "and sc_remoted holds little of it ($((rss1 - rss0)) kB more RSS)"
out=$($PEER unixrun "$GOOD" "ping -c 1 192.0.2.8")
contains "$out" "OK id-" "the good VP still answers meanwhile"
kill "$SV" 2>/dev/null

# a unix client that asks for a lot and never reads
"$PY" - "$GOOD" <<'EOF2' &
import socket, sys, time
u = socket.socket(socket.AF_UNIX)
u.connect(sys.argv[1])
u.sendall(b"flood 12000000\n")
time.sleep(20)
EOF2
F=$!
PIDS="$PIDS $F"
waitfor 20 log_has "$T/r1.log" "not reading: dropped"
contains "$(cat "$T/r1.log")" "client of VP good (127.0.0.1:" "a unix client that does not read is dropped"
kill "$F" 2>/dev/null
out=$($PEER unixrun "$GOOD" "ping -c 1 192.0.2.3")
contains "$out" "OK id-" "the good VP still answers"

# a mux client sending garbage
"$PY" -c "import socket,sys,os
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b'\0\0\0\0\0\0\0\3\0\x09\0' + os.urandom(100))
s.settimeout(5)
try:
    while s.recv(4096): pass
except OSError: pass" "$T/mux"
waitfor 5 log_has "$T/r1.log" "mux client: unknown mux control message type: dropped"
contains "$(cat "$T/r1.log")" "mux client: unknown mux control message type: dropped" "a mux client sending garbage is dropped"
out=$($PEER unixrun "$GOOD" "ping -c 1 192.0.2.4")
contains "$out" "OK id-" "the good VP still answers"
out=$($PEER muxlist "$T/mux")
contains "$out" "name=good" "and the mux still lists it"
# a mux client announcing a 4 GB frame: dropped at once, nothing held
"$PY" -c "import socket,sys,struct
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(struct.pack('>II', 5, 0xffffffff) + b'x' * 100)
s.settimeout(5)
try:
    while s.recv(4096): pass
except OSError: pass" "$T/mux"
waitfor 5 log_has "$T/r1.log" "mux client: mux frame longer"
contains "$(cat "$T/r1.log")" "mux client: mux frame longer than allowed: dropped" \
	"a mux client announcing a 4 GB frame is dropped"
out=$($PEER muxrun "$T/mux" good "ping -c 1 192.0.2.5" 0 2>&1)
contains "$out" "LINE: OK id-1" "another mux client still reaches the good VP"
kill "$G" 2>/dev/null

kill -TERM "$R1"
waitfor 5 sh -c "! kill -0 $R1"
ok ! -e "$T/mux" "on SIGTERM the mux socket is removed"
ok ! -e "$T/pid" "and the pid file"

# ---- Debian's sc_remoted names its socket the same way -----------------

# (theirs wants the directory to exist; ours makes it)
P2=$(freeport)
mkdir -p "$T/dsock"
/usr/bin/sc_remoted -P 127.0.0.1:$P2 -U "$T/dsock" 2> "$T/d.log" &
D=$!
PIDS="$PIDS $D"
waitfor 5 "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $P2)).close()"
/usr/bin/scamper -R 127.0.0.1:$P2 -M vp1 2> /dev/null &
S2=$!
PIDS="$PIDS $S2"
waitfor 10 sh -c "ls '$T/dsock' | grep -q ."
theirs=$(ls "$T/dsock" | sed 's/:[0-9]*$/:PORT/')
is "$theirs" "vp1-127.0.0.1:PORT" "Debian's sc_remoted: the same socket name form as ours"
kill "$S2" "$D" 2>/dev/null

# ---- allowgroup, VP_UPDATE and VP_DEPART as they happen, IPv6 names ------

P5=$(freeport)
"$REMOTED" -P $P5 -U "$T/gsock" -M "$T/gmux" -O allowgroup -Z 0 \
	2> "$T/r5.log" &
R5=$!
PIDS="$PIDS $R5"
waitfor 5 test -S "$T/gmux"
$PEER muxwatch "$T/gmux" 6 > "$T/watch.out" &
W=$!
PIDS="$PIDS $W"
waitfor 5 grep -q GO "$T/watch.out"
$PEER fakevp 127.0.0.1 $P5 grp 3 > /dev/null &
G5=$!
PIDS="$PIDS $G5"
waitfor 5 sh -c "ls '$T/gsock' | grep -q '^grp-127.0.0.1:'"
GS=$T/gsock/$(ls "$T/gsock" | grep '^grp-127.0.0.1:' | head -1)
is "$(stat -c %a "$T/gsock")" "750" "-O allowgroup: socket directory 0750"
is "$(stat -c %a "$GS")" "770" "-O allowgroup: VP socket 0770"
is "$(stat -c %a "$T/gmux")" "770" "-O allowgroup: mux socket 0770"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	try_as() {   # try_as UID GID PATH
		setpriv --reuid="$1" --regid="$2" --clear-groups "$PY" -c "import socket,sys
s=socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1]); print('connected')
except OSError as e:
    print('refused', e.errno)" "$3" 2>&1
	}
	grp=$(stat -c %g "$GS")
	is "$(try_as 65534 "$grp" "$GS")" "connected" \
		"-O allowgroup: another user in the socket's group connects"
	is "$(try_as 65534 65534 "$GS")" "refused 13" \
		"-O allowgroup: a user outside the group cannot"
else
	diag "not root: the other-user checks are left out"
fi
if ip -6 addr show dev lo 2>/dev/null | grep -q '::1'; then
	$PEER fakevp ::1 $P5 six 2 > /dev/null &
	S6=$!
	PIDS="$PIDS $S6"
	waitfor 5 sh -c "ls '$T/gsock' | grep -q '^six-'"
	six=$(ls "$T/gsock" | grep '^six-' | sed 's/\.[0-9]*$/.PORT/')
	is "$six" "six-::1.PORT" "a VP over IPv6: socket named monitor-address.port"
else
	diag "no IPv6 on lo: the IPv6 name is left out"
fi
$PEER fakevp 127.0.0.1 $P5 "" 2 > "$T/anon.out" &
AN=$!
PIDS="$PIDS $AN"
waitfor 5 grep -q "^INFO: id " "$T/anon.out"
anon=$(sed -n 's/^INFO: id //p' "$T/anon.out")
ok -n "$anon" -a -S "$T/gsock/$anon" "a VP without a monitor name: socket named address:port ($anon)"
wait "$G5" 2>/dev/null
waitfor 5 sh -c "! test -e '$GS'"
ok ! -e "$GS" "-Z 0: the socket goes as soon as the VP does"
wait "$W" 2>/dev/null
watch=$(tr '\n' ' ' < "$T/watch.out")
case "$watch" in
*"GO UPDATE "*" grp "*"DEPART "*) _tap_report 0 "mux: GO, then VP_UPDATE when the VP came, VP_DEPART when it went" ;;
*) _tap_report 1 "mux: GO, then VP_UPDATE when the VP came, VP_DEPART when it went"; diag "got: $watch" ;;
esac
id1=$(sed -n 's/^UPDATE \([0-9]*\) grp$/\1/p' "$T/watch.out")
contains "$watch" "DEPART $id1" "VP_DEPART names the VP that VP_UPDATE announced"
kill "$R5" 2>/dev/null

# ---- -D, -e, allowother ------------------------------------------------------

P6=$(freeport)
"$REMOTED" -D -P 127.0.0.1:$P6 -U "$T/osock" -O allowother -e "$T/dpid" \
	> "$T/r6.out" 2>&1
is "$?" 0 "-D: the command returns at once"
waitfor 5 test -s "$T/dpid"
DP=$(cat "$T/dpid" 2>/dev/null)
PIDS="$PIDS $DP"
ok -n "$DP" "-D -e: the daemon wrote its pid"
ok -n "$DP" -a -d "/proc/$DP" "and it is running"
is "$(cat "$T/r6.out")" "" "-D: nothing on the terminal"
$PEER fakevp 127.0.0.1 $P6 oth 3 > /dev/null &
O6=$!
PIDS="$PIDS $O6"
waitfor 5 sh -c "ls '$T/osock' | grep -q '^oth-'"
OS=$T/osock/$(ls "$T/osock" | grep '^oth-' | head -1)
is "$(stat -c %a "$OS")" "777" "-O allowother: VP socket 0777"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	is "$(try_as 65534 65534 "$OS")" "connected" \
		"-O allowother: any user connects"
fi
out=$($PEER unixrun "$OS" "ping -c 1 192.0.2.6")
contains "$out" "OK id-1" "the daemon passes commands to the VP"
kill "$DP" 2>/dev/null
waitfor 5 sh -c "! test -e '$T/dpid'"
ok ! -e "$T/dpid" "on SIGTERM the daemon removes its pid file"

# ---- TLS -------------------------------------------------------------------

PKI=$T/pki
if ! sh "$TOP/tests/lib/mkcerts.sh" "$PKI"; then
	bail "cannot make the test PKI"
fi
P3=$(freeport)
cp "$PKI/server.pem" "$T/srv.pem"
cp "$PKI/server.key" "$T/srv.key"
"$REMOTED" -P 127.0.0.1:$P3 -M "$T/mux3" -U "$T/tsock" -c "$T/srv.pem" \
	-p "$T/srv.key" -C "$PKI/ca.pem" -O rxabort=4 2> "$T/r3.log" &
R3=$!
PIDS="$PIDS $R3"
waitfor 5 test -S "$T/mux3"

tlsvp() {
	$PEER tlsvp 127.0.0.1 $P3 "$@" 2>&1
}
out=$(tlsvp vp1 "$PKI/ca.pem" "$PKI/vp1.pem" "$PKI/vp1.key" remoted.example)
contains "$out" "RESULT: accepted" "TLS: vp1 with its certificate is accepted"
out=$($PEER muxlist "$T/mux3")
contains "$out" "name=vp1" "and listed"

out=$(tlsvp vp1 "$PKI/ca.pem" - - remoted.example)
contains "$out" "RESULT: refused" "TLS: no client certificate with -C: refused"
waitfor 5 log_has "$T/r3.log" "peer did not return a certificate"
contains "$(cat "$T/r3.log")" "peer did not return a certificate" "logged: peer did not return a certificate"

out=$(tlsvp vp1 "$PKI/ca.pem" "$PKI/vp1-other.pem" "$PKI/vp1-other.key" remoted.example)
contains "$out" "RESULT: refused" "TLS: a client certificate from another CA: refused"
waitfor 5 log_has "$T/r3.log" "unable to get local issuer"
contains "$(cat "$T/r3.log")" "certificate verify failed: unable to get local issuer certificate" "logged with the reason"

out=$(tlsvp vp1 "$PKI/ca.pem" "$PKI/vp1-expired.pem" "$PKI/vp1-expired.key" remoted.example)
contains "$out" "RESULT: refused" "TLS: an expired client certificate: refused"
waitfor 5 log_has "$T/r3.log" "certificate has expired"
contains "$(cat "$T/r3.log")" "certificate verify failed: certificate has expired" "logged with the reason"

out=$(tlsvp vp1 "$PKI/ca.pem" "$PKI/vp2.pem" "$PKI/vp2.key" remoted.example)
contains "$out" "RESULT: refused" "TLS: vp2's certificate announcing monitor vp1: refused"
waitfor 5 log_has "$T/r3.log" "name vp1 does not match"
contains "$(cat "$T/r3.log")" "name vp1 does not match the certificate (vp2)" "logged: the name does not match"

out=$(tlsvp "" "$PKI/ca.pem" "$PKI/vp1.pem" "$PKI/vp1.key" remoted.example)
contains "$out" "RESULT: refused" "TLS: no monitor name with -C: refused"
waitfor 5 log_has "$T/r3.log" "no monitor name"
contains "$(cat "$T/r3.log")" "no monitor name to check the client certificate against" "logged"

out=$(tlsvp vp1 "$PKI/ca2.pem" "$PKI/vp1.pem" "$PKI/vp1.key" remoted.example)
contains "$out" "RESULT: refused" "TLS: a VP trusting another CA refuses sc_remoted"
out=$(tlsvp vp1 "$PKI/ca.pem" "$PKI/vp1.pem" "$PKI/vp1.key" other.example)
contains "$out" "RESULT: refused" "TLS: a VP expecting another name refuses sc_remoted"

out=$($PEER badvp 127.0.0.1 $P3 zero-length 2>&1)
waitfor 5 log_has "$T/r3.log" "TLS handshake"
contains "$(cat "$T/r3.log")" "refused 127.0.0.1:" "a plaintext VP is refused"
contains "$(cat "$T/r3.log")" "TLS handshake:" "by the TLS handshake"

# SIGHUP reloads the certificate and key; a VP connected keeps going
$PEER fakevp 127.0.0.1 $P3 vp1 12 "$PKI/ca.pem" "$PKI/vp1.pem" \
	"$PKI/vp1.key" remoted.example > "$T/tvp.out" &
TV=$!
PIDS="$PIDS $TV"
# (the earlier VPs named vp1 are zombies there too: find this one's by
# the address MASTER_ID gave it)
waitfor 5 grep -q "^INFO: id " "$T/tvp.out"
TS=$T/tsock/vp1-$(sed -n 's/^INFO: id //p' "$T/tvp.out")
ok -S "$TS" "the TLS VP's socket is there"
out=$(tlsvp vp1 "$PKI/ca.pem" "$PKI/vp1.pem" "$PKI/vp1.key" cn.example)
contains "$out" "RESULT: refused" "TLS: before SIGHUP, the certificate does not name cn.example"
cp "$PKI/server-cn.pem" "$T/srv.pem"
cp "$PKI/server-cn.key" "$T/srv.key"
kill -HUP "$R3"
waitfor 5 log_has "$T/r3.log" "certificate and key reloaded"
contains "$(cat "$T/r3.log")" "reload: certificate and key reloaded" "SIGHUP: certificate and key reloaded"
out=$(tlsvp vp1 "$PKI/ca.pem" "$PKI/vp1.pem" "$PKI/vp1.key" cn.example)
contains "$out" "RESULT: accepted" "TLS: after SIGHUP, new VPs get the new certificate"
sleep 5   # longer than -O rxabort=4: keepalives keep the VP
out=$($PEER unixrun "$TS" "ping -c 1 192.0.2.7")
contains "$out" "OK id-1" "the VP connected before SIGHUP still works, over its TLS link"
ok "$(grep -c "vp1 ($(sed -n 's/^INFO: id //p' "$T/tvp.out")) disconnected" "$T/r3.log")" -eq 0 \
	"and was never disconnected"
kill "$TV" "$R3" 2>/dev/null

# skipnameverification: the name is not checked, the chain still is
P4=$(freeport)
"$REMOTED" -P 127.0.0.1:$P4 -M "$T/mux4" -c "$PKI/server.pem" \
	-p "$PKI/server.key" -C "$PKI/ca.pem" -O skipnameverification \
	2> "$T/r4.log" &
R4=$!
PIDS="$PIDS $R4"
waitfor 5 test -S "$T/mux4"
out=$($PEER tlsvp 127.0.0.1 $P4 vp1 "$PKI/ca.pem" "$PKI/vp2.pem" "$PKI/vp2.key" remoted.example 2>&1)
contains "$out" "RESULT: accepted" "-O skipnameverification: vp2's certificate may announce vp1"
kill "$R4"

# option errors name the option and range
out=$("$REMOTED" -P 1 -U "$T/x" -Z 10801 2>&1)
contains "$out" "-Z 10801: zombie time out of range (0 .. 10800 s)" "-Z range checked"
out=$("$REMOTED" -P 70000 -U "$T/x" 2>&1)
contains "$out" "port 1 .. 65535" "-P range checked"
out=$("$REMOTED" -P 1 -U "$T/x" -c "$PKI/server.pem" 2>&1)
contains "$out" "-c and -p go together" "-c without -p refused"
out=$("$REMOTED" -v)
contains "$out" "sc_remoted version" "-v says which implementation"

done_testing
