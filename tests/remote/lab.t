#!/bin/sh
# tests/remote/lab.t: a controller and three vantage points in the lab
# (tests/lab/topologies/remote.topo), over TLS with certificates made
# here with openssl.
#
#  - ctl runs sc_remoted (-U per-VP sockets, -M mux, -m meta, -C: client
#    certificates must name the VP's monitor); vp1, vp2, vp3 (dual stack)
#    each run our scamper -R to ctl's address (checked against the
#    certificate's IP SANs) with a client certificate of their own.
#  - sc_attach in ctl runs a ping over each family and a trace on every
#    VP through its socket (-R) and by name through the mux (-M -V):
#    replies and completed traces, from that VP's own addresses, in a list
#    named for its channel, each naming its monitor; -M -l lists all
#    three with their addresses and metadata.
#  - sc_filterpolicy -R through vp3's socket prints filterpolicy.t's cells
#    for srv (the ones where the families differ, and some where not).
#  - vp1's link down (ip link set) for longer than its keepalive while 8
#    pings run, then up: the session resumes, every result once.
#  - bad frames from a TLS VP and from a mux client: only they are dropped.
#  - a controller certificate from another CA, for another address,
#    expired; a VP without a client certificate, one whose certificate
#    names another monitor: each refused, with a log line saying why; a
#    user outside the socket's group cannot connect.
#  - sc_remoted killed and started again (-Z 4): the VPs come back and
#    work; vp2's link down past -Z: a new session, cleanly, and it works.
. "$(dirname "$0")/../lib/tap.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root (network namespaces)"

SCAMPER=$WARTS_BUILD/bin/scamper
REMOTED=$WARTS_BUILD/bin/sc_remoted
ATTACH=$WARTS_BUILD/bin/sc_attach
FP=$WARTS_BUILD/bin/sc_filterpolicy
J2=$WARTS_BUILD/bin/sc_warts2json
netlab=$TOP/tests/lab/netlab
PY=/usr/bin/python3
for f in "$SCAMPER" "$REMOTED" "$ATTACH" "$FP" "$J2" "$PY"; do
	[ -x "$f" ] || bail "missing $f"
done
command -v openssl >/dev/null || bail "no openssl"
command -v setpriv >/dev/null || bail "no setpriv"

P=rl$$_
T=$(mktemp -d /tmp/remote-lab-t.XXXXXX)
chmod 755 "$T"
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.3
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	"$netlab" down "$P" >/dev/null 2>&1
	[ -n "${KEEP:-}" ] && echo "# kept $T" || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

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
log_has() { grep -q -- "$2" "$1"; }

# in NODE CMD...: run CMD in NODE's namespace
inns() {
	_n=$1
	shift
	"$netlab" exec "$P" "$_n" "$@"
}

# bg NAME NODE CMD...: start CMD in NODE's namespace, stderr in NAME.log;
# sets NAME_pid
bg() {
	_b=$1
	_n=$2
	shift 2
	"$netlab" exec "$P" "$_n" "$@" >"$T/$_b.out" 2>"$T/$_b.log" &
	PIDS="$PIDS $!"
	eval "${_b}_pid=$!"
}

stop() {
	kill "$@" 2>/dev/null
	for _p in "$@"; do
		waitfor 5 sh -c "! kill -0 $_p" || kill -9 "$_p" 2>/dev/null
	done
}

"$netlab" up "$P" "$TOP/tests/lab/topologies/remote.topo" \
	>"$T/up.log" 2>&1 || { cat "$T/up.log"; bail "netlab up failed"; }

# r1 keeps its IPv6 addresses on the VPs' links while they are cut
for v in vp1 vp2; do
	ip netns exec "${P}r1" sysctl -qw net.ipv6.conf.$v.keep_addr_on_down=1 ||
		bail "cannot set keep_addr_on_down"
done

CTL4=192.0.2.17
CTL6=2001:db8:c::1
V4_vp1=192.0.2.21 V6_vp1=2001:db8:a1::1
V4_vp2=192.0.2.25 V6_vp2=2001:db8:a2::1
V4_vp3=192.0.2.29 V6_vp3=2001:db8:a3::1
SRV4=203.0.113.10
SRV6=2001:db8:3::10

# ---- the certificates ------------------------------------------------------

PKI=$T/pki
mkdir -p "$PKI"
(
	set -e
	cd "$PKI"
	key() {
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
			-out "$1.key" 2>/dev/null
	}
	ca() {   # ca NAME CN
		key "$1"
		openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -days 2 \
			-addext basicConstraints=critical,CA:TRUE \
			-addext keyUsage=critical,keyCertSign,cRLSign \
			-out "$1.pem" 2>/dev/null
	}
	cert() {   # cert NAME CA CN SAN [START END]
		key "$1"
		openssl req -new -key "$1.key" -subj "/CN=$3" -out "$1.csr" \
			2>/dev/null
		printf 'basicConstraints=CA:FALSE\nsubjectAltName=%s\n' "$4" \
			> "$1.ext"
		if [ -n "${5:-}" ]; then
			: > index.txt
			echo 1000 > serial
			printf '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n' > ca.cnf
			openssl ca -batch -notext -config ca.cnf -cert "$2.pem" \
				-keyfile "$2.key" -in "$1.csr" -out "$1.pem" \
				-startdate "$5" -enddate "$6" -extfile "$1.ext" \
				>/dev/null 2>&1
		else
			openssl x509 -req -in "$1.csr" -CA "$2.pem" \
				-CAkey "$2.key" -CAcreateserial -days 2 \
				-extfile "$1.ext" -out "$1.pem" 2>/dev/null
		fi
	}
	ca ca "Lab CA"
	ca ca2 "Other CA"
	cert ctl ca ctl.lab "DNS:ctl.lab,IP:$CTL4,IP:$CTL6"
	cert ctl-other ca2 ctl.lab "DNS:ctl.lab,IP:$CTL4,IP:$CTL6"
	cert ctl-wrong ca other.lab "DNS:other.lab,IP:192.0.2.99"
	cert ctl-expired ca ctl.lab "DNS:ctl.lab,IP:$CTL4,IP:$CTL6" \
		20200101000000Z 20200201000000Z
	for v in vp1 vp2 vp3; do
		cert $v ca $v "DNS:$v"
	done
	cert badvp ca badvp "DNS:badvp"
) || bail "openssl could not make the certificates"
ok -s "$PKI/ctl-expired.pem" -a -s "$PKI/vp3.pem" "openssl made the CA, the controller's and the VPs' certificates"

# ---- the controller and the VPs ---------------------------------------------

printf 'vp1 cc NZ\nvp1 shortname hlz1\nvp2 cc US\nvp2 tag lab\nvp3 cc JP\nvp3 iata NRT\n' \
	> "$T/meta"
SOCKS=$T/rs
MUX=$T/mux.sock
remoted() {   # remoted NAME -Z SECONDS
	bg "$1" ctl "$REMOTED" -P 7000 -U "$SOCKS" -M "$MUX" -m "$T/meta" \
		-c "$PKI/ctl.pem" -p "$PKI/ctl.key" -C "$PKI/ca.pem" \
		-O keepalive=1 -O rxabort=3 -O debug "$2" "$3"
	eval "RPID=\$${1}_pid"
	waitfor 5 test -S "$MUX"
}
remoted r1 -Z 30
ok -S "$MUX" "sc_remoted runs in ctl with its mux socket"

# vp NAME NODE MONITOR REMOTE ARGS...: our scamper -R in NODE
vp() {
	_v=$1
	_n=$2
	_m=$3
	_r=$4
	shift 4
	bg "$_v" "$_n" "$SCAMPER" -R "$_r" -M "$_m" -p 200 \
		-O cafile="$PKI/ca.pem" -O remote-keepalive=1 "$@"
}
for v in vp1 vp2 vp3; do
	vp $v $v $v $CTL4:7000 -O client-certfile="$PKI/$v.pem" \
		-O client-privfile="$PKI/$v.key"
done

# sock MONITOR: its per-VP socket, waiting up to 15 s for it
sock() {
	eval "_a=\$V4_$1"
	waitfor 15 sh -c "ls '$SOCKS' 2>/dev/null | grep -q '^$1-$_a:'" ||
		return 1
	echo "$SOCKS/$(ls "$SOCKS" | grep "^$1-$_a:" | head -1)"
}
for v in vp1 vp2 vp3; do
	s=$(sock $v)
	eval "S_$v=\$s"
	eval "a=\$V4_$v"
	ok -S "$s" "$v connected over TLS; its socket is named for monitor and address ($(basename "$s"))"
done
contains "$(cat "$T/vp1.log")" "connected to $CTL4:7000 (TLS) as $V4_vp1:" \
	"vp1's scamper says it connected over TLS"

# ---- sc_attach on every VP, through its socket and through the mux -----------

# summary FILE: one line per record of a warts file: pings with the
# replies from the destination, traces with how they ended, each with
# its source and the monitor named in it; cycles with their list's name
summary() {
	"$J2" "$1" | "$PY" -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    t = o.get("type")
    if t == "ping":
        print("ping %s from %s replies=%d monitor=%s" % (o["dst"], o["src"],
              len([r for r in o.get("responses", []) if r.get("from") == o["dst"]]),
              o.get("monitor")))
    elif t == "trace":
        print("trace %s from %s %s monitor=%s" % (o["dst"], o["src"],
              o.get("stop_reason"), o.get("monitor")))
    elif t in ("cycle-start", "cycle-stop"):
        print("%s list=%s" % (t, o.get("list_name")))
'
}

printf 'ping -c 3 %s\nping -c 3 %s\ntrace %s\n' $SRV4 $SRV6 $SRV4 > "$T/cmds"
for v in vp1 vp2 vp3; do
	eval "s=\$S_$v"
	(inns ctl "$ATTACH" -R "$s" -i "$T/cmds" -o "$T/$v-R.warts" \
		2>"$T/$v-R.err"; echo $? > "$T/$v-R.rc"
	 inns ctl "$ATTACH" -M "$MUX" -V $v -i "$T/cmds" -o "$T/$v-V.warts" \
		2>"$T/$v-V.err"; echo $? > "$T/$v-V.rc") &
	eval "A_$v=\$!"
done
inns ctl "$ATTACH" -M "$MUX" -l > "$T/list.txt" 2>"$T/list.err"
is "$?" 0 "sc_attach -M mux -l exits 0"
for v in vp1 vp2 vp3; do
	eval "a=\$V4_$v"
	contains "$(grep "^$v " "$T/list.txt")" "ipv4=$a" \
		"-M -l lists $v with the address it connected from"
done
contains "$(grep '^vp1 ' "$T/list.txt")" "shortname=hlz1" "... and vp1's metadata"
contains "$(grep '^vp3 ' "$T/list.txt")" "iata=NRT" "... and vp3's"
for v in vp1 vp2 vp3; do
	eval "wait \$A_$v"
	eval "a4=\$V4_$v; a6=\$V6_$v"
	for how in R V; do
		is "$(cat "$T/$v-$how.rc")" 0 "$v -$how: sc_attach exits 0"
		got=$(summary "$T/$v-$how.warts")
		printf '%s\n' "$got" > "$T/$v-$how.sum"
		contains "$got" "ping $SRV4 from $a4 replies=3 monitor=$v" \
			"$v -$how: IPv4 ping from $v's address, 3 replies, monitor $v"
		contains "$got" "ping $SRV6 from $a6 replies=3 monitor=$v" \
			"$v -$how: IPv6 ping from $v's address, 3 replies, monitor $v"
		contains "$got" "trace $SRV4 from $a4 COMPLETED monitor=$v" \
			"$v -$how: the trace from $v reached srv, monitor $v"
		contains "$got" "cycle-start list=$a4:" \
			"$v -$how: in a cycle of the list named for $v's channel"
		is "$(grep -c . "$T/$v-$how.sum")" 5 \
			"$v -$how: 5 records: the cycle's start and stop and the 3 results"
	done
done

# ---- sc_filterpolicy through vp3's socket (in the background) -----------

# filterpolicy.t's srv row, its cells that differ between the families
# and some that do not: a device's tests run one after the other, six
# seconds each, so all twelve of -t server would take two and a half
# minutes (r3's row, all timeouts, runs at the same time in
# filterpolicy.t)
printf 'srv.lab 203.0.113.10 2001:db8:3::10\n' > "$T/rows.txt"
(inns ctl "$FP" -R "$S_vp3" -a "$T/rows.txt" -o "$T/fp.warts" -t server \
	-T -ftp -T -telnet -T -mysql -T -rdp -T -smb \
	-T -snmp > "$T/fp.stdout" 2>"$T/fp.stderr"; echo $? > "$T/fp.rc") &
FPJ=$!
PIDS="$PIDS $FPJ"

# ---- vp1's link down while it measures ---------------------------------------

# (cut at r1's end: at vp1's end, the kernel would also drop vp1's routes)
ip -n "${P}r1" link show vp1 >/dev/null 2>&1 || bail "no interface vp1 in r1"
rm -f "$T/gate"
i=0
: > "$T/cut.cmds"
while [ $i -lt 8 ]; do   # ending 1 to 4.5 s from now: most while it is cut
	echo "ping -c $((i + 2)) -i 0.5 $V4_vp1" >> "$T/cut.cmds"
	i=$((i + 1))
done
(xargs -d '\n' -a "$T/cut.cmds" timeout 60 "$netlab" exec "$P" ctl "$PY" \
	"$TOP/tests/tools/vp_client.py" "$S_vp1" 50 "$T/cut.warts" \
	--gate "$T/gate" > "$T/cut.out" 2>&1) &
CL=$!
PIDS="$PIDS $CL"
sleep 1
ip -n "${P}r1" link set vp1 down
waitfor 8 log_has "$T/vp1.log" "lost the link"
sleep 1
ip -n "${P}r1" link set vp1 up
contains "$(cat "$T/vp1.log")" "lost the link to $CTL4:7000: no message received in 2 s" \
	"vp1's link down: scamper gives it up after twice its keepalive"
touch "$T/gate"
waitfor 40 sh -c "! kill -0 $CL"
is "$(cat "$T/cut.out")" "accepted=8 results=8 dups=0 missing=0 errors=0 eof=1 first_err=-" \
	"link down during 8 pings, then up: every result arrives, once"
contains "$(cat "$T/vp1.log")" "resumed the session with $CTL4:7000 (TLS)" \
	"vp1 resumed its session"
ok "$("$J2" "$T/cut.warts" | grep -c '"type":"ping"')" -eq 8 \
	"the client's warts holds 8 pings"

# ---- bad frames: only that connection goes -------------------------------------

out=$(inns vp3 "$PY" "$TOP/tests/tools/tls_badvp.py" $CTL4 7000 badvp \
	"$PKI/ca.pem" "$PKI/badvp.pem" "$PKI/badvp.key" ctl.lab 2>&1)
contains "$out" "ID: yes" "a TLS VP with a good certificate is taken"
contains "$out" "CLOSED: yes" "... and dropped when it sends a frame of length 0"
waitfor 5 log_has "$T/r1.log" "frame of length 0"
contains "$(grep badvp "$T/r1.log")" "bad frame: frame of length 0" \
	"sc_remoted logs the bad frame, naming the VP"
inns ctl "$PY" -c "import socket,sys,struct
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(struct.pack('>II', 5, 0xffffffff) + b'x' * 100)
s.settimeout(5)
try:
    while s.recv(4096): pass
except OSError: pass" "$MUX"
waitfor 5 log_has "$T/r1.log" "mux frame longer"
contains "$(cat "$T/r1.log")" "mux client: mux frame longer than allowed: dropped" \
	"a mux client announcing a 4 GB frame is dropped"
printf 'ping -c 1 %s\n' $SRV6 > "$T/one6"
for v in vp1 vp2 vp3; do
	inns ctl "$ATTACH" -M "$MUX" -V $v -i "$T/one6" -o "$T/$v-after.warts" \
		2>/dev/null
	eval "a6=\$V6_$v"
	contains "$(summary "$T/$v-after.warts")" "ping $SRV6 from $a6 replies=1 monitor=$v" \
		"after both, $v still works through the mux"
done

wait $FPJ
is "$(cat "$T/fp.rc")" 0 "sc_filterpolicy -R vp3's socket exits 0"
blocks() {
	"$PY" -c '
import sys
out = []
for b in open(sys.argv[1]).read().split("\n\n"):
    if b.strip():
        out.append("|".join(b.split("\n")))
print("\n".join(sorted(out)))' "$1"
}
WANT=$("$PY" -c '
names = ["ICMP", "SSH", "HTTPS", "HTTP", "NTP", "DNS"]
n = max(len(x) for x in names)
rows = []
for r in range(n):
    rows.append(" " * 15 + ":" + "".join(
        "  " + x[r - (n - len(x))] if r >= n - len(x) else "   " for x in names))
rows.append("=" * (16 + 3 * len(names)))
rows.append("  203.0.113.10 :" + "".join("  " + c for c in "OXOOOX"))
rows.append("2001:db8:3::10 :" + "".join("  " + c for c in "OOXOOO"))
print("|".join(rows))')
is "$(blocks "$T/fp.stdout")" "$WANT" \
	"sc_filterpolicy through vp3: srv SSH X/O, DNS X/O, HTTPS O/X, ICMP HTTP NTP O/O"
is "$(cat "$T/fp.stderr")" "" "sc_filterpolicy: nothing on stderr"
ok "$("$J2" "$T/fp.warts" | grep '"type":"ping"' | grep -c -v '"monitor":"vp3"')" -eq 0 \
	"every measurement of sc_filterpolicy's names monitor vp3"

# ---- security ---------------------------------------------------------------

# controllers with the wrong certificates, each on a port of its own
bg rother ctl "$REMOTED" -P 7001 -U "$T/rs-other" -c "$PKI/ctl-other.pem" \
	-p "$PKI/ctl-other.key"
bg rwrong ctl "$REMOTED" -P 7002 -U "$T/rs-wrong" -c "$PKI/ctl-wrong.pem" \
	-p "$PKI/ctl-wrong.key"
bg rexp ctl "$REMOTED" -P 7003 -U "$T/rs-exp" -c "$PKI/ctl-expired.pem" \
	-p "$PKI/ctl-expired.key"
waitfor 5 sh -c "ip netns exec '${P}ctl' ss -ltn | grep -q ':7003 '"
sleep 0.5
vp sother vp3 vp3 $CTL4:7001
vp swrong vp3 vp3 $CTL4:7002
vp sexp vp3 vp3 $CTL4:7003
vp snocert vp3 nocert $CTL4:7000
vp sname vp3 vp2 $CTL4:7000 -O client-certfile="$PKI/vp3.pem" \
	-O client-privfile="$PKI/vp3.key"
waitfor 8 log_has "$T/sexp.log" "cannot connect"
waitfor 5 log_has "$T/r1.log" "does not match the certificate (vp3)"
waitfor 5 log_has "$T/r1.log" "peer did not return a certificate"
contains "$(cat "$T/sother.log")" "cannot connect to $CTL4:7001: certificate verify failed: unable to get local issuer certificate" \
	"a controller certificate from another CA: refused, saying why"
contains "$(cat "$T/swrong.log")" "cannot connect to $CTL4:7002: address $CTL4 is not among the certificate's IP addresses" \
	"a controller certificate for another address: refused, saying why"
contains "$(cat "$T/sexp.log")" "cannot connect to $CTL4:7003: certificate verify failed: certificate has expired" \
	"an expired controller certificate: refused, saying why"
for d in rs-other rs-wrong rs-exp; do
	ok -z "$(ls "$T/$d" 2>/dev/null)" "and that controller has no VP ($d)"
done
contains "$(cat "$T/r1.log")" "peer did not return a certificate" \
	"a VP without a client certificate (-C set): sc_remoted refuses it, saying why"
contains "$(cat "$T/r1.log")" "name vp2 does not match the certificate (vp3)" \
	"a VP whose certificate names vp3 announcing vp2: refused, saying why"
ok -z "$(ls "$SOCKS" | grep '^nocert-')" "no socket for the VP without a certificate"
ok "$(ls "$SOCKS" | grep -c '^vp2-')" -eq 1 "and only the real vp2 has a socket"
stop $sother_pid $swrong_pid $sexp_pid $snocert_pid $sname_pid \
	$rother_pid $rwrong_pid $rexp_pid

out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$PY" -c "import socket,sys
for p in sys.argv[1:]:
    s=socket.socket(socket.AF_UNIX)
    try:
        s.connect(p); print('connected')
    except OSError as e:
        print('refused', e.errno)" "$S_vp1" "$MUX" 2>&1)
is "$(printf '%s' "$out" | tr '\n' ' ')" "refused 13 refused 13" \
	"a user outside the socket's group cannot connect to vp1's socket nor the mux"

# ---- sc_remoted killed and started again ---------------------------------------

stop $RPID
waitfor 5 sh -c "! test -e '$MUX'"
sleep 1
remoted r2 -Z 4
for v in vp1 vp2 vp3; do
	s=$(sock $v)
	eval "S_$v=\$s"
	ok -S "$s" "sc_remoted restarted: $v connected again"
done
contains "$(cat "$T/vp2.log")" "no longer holds our session" \
	"vp2 learnt that the new sc_remoted has no session, and began a new one"
printf 'ping -c 1 %s\n' $SRV4 > "$T/one4"
for v in vp1 vp2 vp3; do
	inns ctl "$ATTACH" -M "$MUX" -V $v -i "$T/one4" -o "$T/$v-re.warts" \
		2>/dev/null
	eval "a4=\$V4_$v"
	contains "$(summary "$T/$v-re.warts")" "ping $SRV4 from $a4 replies=1 monitor=$v" \
		"after the restart, a ping runs on $v"
done

# ---- vp2's link down past the zombie time --------------------------------------

old=$(basename "$S_vp2")
n0=$(grep -c "no longer holds our session" "$T/vp2.log")
ip -n "${P}r1" link set vp2 down
waitfor 12 log_has "$T/r2.log" "did not come back in 4 s"
ip -n "${P}r1" link set vp2 up
contains "$(cat "$T/r2.log")" "did not come back in 4 s" \
	"vp2's link down past -Z 4: sc_remoted forgets its session"
waitfor 15 sh -c "[ \$(grep -c 'no longer holds our session' '$T/vp2.log') -gt $n0 ]"
ok "$(grep -c "no longer holds our session" "$T/vp2.log")" -gt "$n0" \
	"vp2 comes back, is told so, and begins a new session"
s=$(sock vp2)
ok -S "$s" "vp2 has a socket again ($(basename "$s"), was $old)"
inns ctl "$ATTACH" -R "$s" -i "$T/one4" -o "$T/vp2-new.warts" 2>/dev/null
contains "$(summary "$T/vp2-new.warts")" "ping $SRV4 from $V4_vp2 replies=1" \
	"the new session works"
inns ctl "$ATTACH" -M "$MUX" -V vp1 -i "$T/one4" -o "$T/vp1-new.warts" 2>/dev/null
contains "$(summary "$T/vp1-new.warts")" "ping $SRV4 from $V4_vp1 replies=1" \
	"and vp1 was not disturbed"

done_testing
