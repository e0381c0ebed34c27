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
#  - misbehaving VPs, unix clients and mux clients are dropped alone,
#    and a well-behaved VP keeps working.
#  - TLS: certificates from a test CA (tests/lib/mkcerts.sh); a wrong CA,
#    an expired certificate, no client certificate with -C, a client
#    certificate naming another monitor, plaintext: each refused with a
#    log line saying why.
#  - a user outside the socket's group cannot connect (as root).
. "$(dirname "$0")/../lib/tap.sh"

REMOTED=$WARTS_BUILD/bin/sc_remoted
J2=$WARTS_BUILD/bin/sc_warts2json
PEER="python3 $TOP/tests/tools/remote_peer.py"
[ -x "$REMOTED" ] || bail "no $REMOTED"
[ -x /usr/bin/scamper ] && [ -x /usr/bin/sc_attach ] ||
	skip_all "Debian's scamper and sc_attach are not installed"
command -v python3 >/dev/null || skip_all "no python3"

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
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
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
		python3 -c "import socket,sys
s=socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1]); print('connected')
except OSError as e:
    print('refused', e.errno)" "$T/sock/$SOCK1" 2>&1)
	contains "$out" "refused 13" "uid 65534 cannot connect to the VP socket (EACCES)"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		python3 -c "import socket,sys
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

for k in garbage-first zero-length bad-seq bad-ack bad-control \
         truncated-control flood; do
	out=$(timeout 60 $PEER badvp 127.0.0.1 $P1 $k)
	peer_tap "$out"
	out=$($PEER unixrun "$GOOD" "ping -c 1 192.0.2.2")
	contains "$out" "OK id-" "after a VP's $k, the good VP still answers"
done
log=$(cat "$T/r1.log")
contains "$log" "refused 127.0.0.1:" "garbage before MASTER_NEW: refused"
contains "$log" "bad frame: frame of length 0" "zero-length frame: logged"
contains "$log" "sequence out of order: 7 where 0 was expected" "sequence error: logged with the numbers"
contains "$log" "acknowledgement with nothing pending" "stray ack: logged"
contains "$log" "unexpected MASTER_NEW" "MASTER_NEW in a session: logged"
contains "$log" "bad control message: message truncated" "truncated control message: logged"
contains "$log" "output queue full" "a VP that floods and never reads: dropped"

# a unix client that asks for a lot and never reads
python3 - "$GOOD" <<'EOF2' &
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
python3 -c "import socket,sys,os
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
kill "$G" 2>/dev/null

kill -TERM "$R1"
waitfor 5 sh -c "! kill -0 $R1"
ok ! -e "$T/mux" "on SIGTERM the mux socket is removed"
ok ! -e "$T/pid" "and the pid file"

# ---- Debian's sc_remoted names its socket the same way -----------------

P2=$(freeport)
/usr/bin/sc_remoted -P 127.0.0.1:$P2 -U "$T/dsock" 2> /dev/null &
D=$!
PIDS="$PIDS $D"
mkdir -p "$T/dsock"
sleep 0.3
/usr/bin/scamper -R 127.0.0.1:$P2 -M vp1 2> /dev/null &
S2=$!
PIDS="$PIDS $S2"
waitfor 10 sh -c "ls '$T/dsock' | grep -q ."
theirs=$(ls "$T/dsock" | sed 's/:[0-9]*$/:PORT/')
is "$theirs" "vp1-127.0.0.1:PORT" "Debian's sc_remoted: the same socket name form as ours"
kill "$S2" "$D" 2>/dev/null

# ---- TLS -------------------------------------------------------------------

PKI=$T/pki
if ! sh "$TOP/tests/lib/mkcerts.sh" "$PKI"; then
	bail "cannot make the test PKI"
fi
P3=$(freeport)
"$REMOTED" -P 127.0.0.1:$P3 -M "$T/mux3" -c "$PKI/server.pem" \
	-p "$PKI/server.key" -C "$PKI/ca.pem" -O rxabort=4 2> "$T/r3.log" &
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
kill "$R3"

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
