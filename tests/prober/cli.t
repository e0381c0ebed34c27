#!/bin/sh
# The prober as a process: the -e file is written by root-opened
# descriptor and holds the daemon's pid as soon as `scamper -D` returns;
# a run that fails to start leaves no new output file behind (and no
# half-written one); a failed write of results, in any format, makes the
# exit status 1; installed set-user-ID, the program refuses to run.
# -I takes its commands as scamper does; -O debugfileappend appends; ping
# and trace refuse 0.0.0.0, :: and multicast; without IPv6 in the kernel
# IPv4 still works.  Results are in the file as each measurement ends,
# so a SIGKILL loses only those still running.  With -f -, commands run
# as they come, and SIGTERM is heard while none has.
# Probes go to loopback only.
. "$(dirname "$0")/../lib/tap.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root"

SCAMPER=$WARTS_BUILD/bin/scamper
[ -x "$SCAMPER" ] || bail "missing $SCAMPER"
command -v setpriv >/dev/null || bail "missing setpriv"
PY=$(command -v python3) || bail "missing python3"

T=$(mktemp -d /tmp/cli-t.XXXXXX)
PID=
DPID=
WPID=
cleanup() {
	for p in $PID $DPID $WPID; do
		kill "$p" 2>/dev/null
	done
	[ -n "$PID" ] && wait "$PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

chmod 755 "$T"
mkdir "$T/root" "$T/user"            # root's, and uid 4243's
chmod 755 "$T/root"
chown 4243:4243 "$T/user"
nobody_uid=$(awk -F: '$1 == "nobody" { print $3 }' /etc/passwd)

uid_of() {
	awk '$1 == "Uid:" { print $2; exit }' "/proc/$1/status" 2>/dev/null
}

# gone PID: wait up to 10 s for a process that is not our child to end
gone() {
	for _i in $(seq 100); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

# ---- -e: opened before privileges go ------------------------------------

"$SCAMPER" -e "$T/root/pid" -O json -o "$T/a.json" -c "ping -c 2 -i 0.5" \
	-i 127.0.0.1 2>"$T/a.err" &
PID=$!
sleep 0.3
is "$(cat "$T/root/pid" 2>/dev/null)" "$PID" \
	"-e in a directory only root may write to: holds the pid"
is "$(uid_of "$PID")" "$nobody_uid" "... of a process running as nobody"
wait "$PID"
rc=$?
PID=
is "$rc" 0 "... and the run succeeds"
is "$(cat "$T/a.err")" "" "... with nothing on stderr"
is "$(stat -c %U "$T/root/pid")" root "the file is root's, made as root"

# -D: the parent writes the daemon's pid before it returns
"$SCAMPER" -D -e "$T/root/dpid" -O json -o "$T/d.json" \
	-c "ping -c 3 -i 0.5" -i 127.0.0.1 2>"$T/d.err"
is "$?" 0 "-D -e: the command returns 0"
DPID=$(cat "$T/root/dpid" 2>/dev/null)
ok -n "$DPID" "-D -e: the file is written when the command returns"
kill -0 "$DPID" 2>/dev/null
is "$?" 0 "-D -e: it names a live process"
is "$(uid_of "$DPID")" "$nobody_uid" "-D -e: the daemon runs as nobody"
ok "$(awk '{ print $6 }' "/proc/$DPID/stat" 2>/dev/null)" = "$DPID" \
	"-D: the daemon leads a session of its own"
gone "$DPID"
is "$?" 0 "-D: the daemon finishes"
DPID=
is "$(grep -c '"type":"ping"' "$T/d.json")" 1 "-D: its ping is written"

"$SCAMPER" -e "$T/nodir/pid" -o "$T/e.warts.gz" -c "ping -c 1" \
	-i 127.0.0.1 2>"$T/e.err"
ok $? -ne 0 "-e in a missing directory: fails"
contains "$(cat "$T/e.err")" "$T/nodir/pid" "... naming the file"

# ---- a run that never starts leaves no output ---------------------------

ok ! -e "$T/e.warts.gz" "... and the new .warts.gz output is removed"

"$SCAMPER" -f "$T/no-such-list" -o "$T/f.json" 2>/dev/null
ok $? -ne 0 "a missing -f file: fails"
ok ! -e "$T/f.json" "... and the new .json output is removed"

printf 'old\n' > "$T/g.json"
"$SCAMPER" -f "$T/no-such-list" -o "$T/g.json" 2>/dev/null
ok -f "$T/g.json" -a ! -s "$T/g.json" \
	"an output file that existed is left, empty (-o truncates it)"

# without root or CAP_NET_RAW the sockets cannot be opened: the JSON
# output once got a cycle-stop line nobody asked for
setpriv --reuid=4243 --regid=4243 --clear-groups "$SCAMPER" -O json \
	-o "$T/user/h.json" -c "ping -c 1" -i 127.0.0.1 2>"$T/h.err"
ok $? -ne 0 "no raw sockets: fails"
ok ! -e "$T/user/h.json" "... and leaves no output file"
contains "$(cat "$T/h.err")" "raw socket" "... saying why"

# ---- write errors show in the exit status -------------------------------

for fmt in text json warts; do
	"$SCAMPER" -O $fmt -o /dev/full -c "ping -c 1 -i 0.1" -i 127.0.0.1 \
		2>"$T/full.err"
	is "$?" 1 "-O $fmt to /dev/full: exit status 1"
	contains "$(cat "$T/full.err")" "No space left" "... and says why"
done
"$SCAMPER" -O json -o "$T/ok.json" -c "ping -c 1 -i 0.1" -i 127.0.0.1
is "$?" 0 "the same run to a file that takes it: exit status 0"

# ---- replies bigger than the receiving buffer ---------------------------

# 2,048 bytes a reply are read; a bigger one (a jumbo PMTUD probe's echo)
# is cut there, and still matched, with its whole size
for dst in 127.0.0.1 ::1; do
	"$SCAMPER" -O json -o "$T/big.json" -c "ping -c 2 -i 0.1 -s 3000" \
		-i $dst 2>"$T/big.err"
	is "$(grep -o '"reply_size":3000' "$T/big.json" | wc -l)" 2 \
		"ping -s 3000 $dst: both replies, of 3,000 bytes"
done

# ---- -I: the arguments are commands, as in scamper ----------------------

# pings FILE: the user ids of the pings in a JSON output, sorted
pings() {
	grep '"type":"ping"' "$1" | grep -o '"userid":[0-9]*' | sort | tr '\n' ' '
}
"$SCAMPER" -O json -o "$T/i1.json" -I "ping -c 1 -i 0.1 -U 1 127.0.0.1" \
	"ping -c 1 -i 0.1 -U 2 127.0.0.1" 2>"$T/i1.err"
is "$?" 0 "-I with two commands after it: exit status 0"
is "$(pings "$T/i1.json")" '"userid":1 "userid":2 ' "... both run"
"$SCAMPER" -O json -I "ping -c 1 -i 0.1 -U 3 127.0.0.1" -o "$T/i2.json" \
	-I "ping -c 1 -i 0.1 -U 4 127.0.0.1"
is "$(pings "$T/i2.json")" '"userid":3 "userid":4 ' \
	"-I given before each command, options between: both run"
"$SCAMPER" -I 2>"$T/i3.err"
ok $? -ne 0 "-I without a command: fails"
contains "$(cat "$T/i3.err")" "-I needs at least one command" "... saying why"
"$SCAMPER" -i -I "ping 127.0.0.1" 2>"$T/i4.err"
ok $? -ne 0 "-i with -I: fails"

# ---- -O debugfileappend -------------------------------------------------

printf 'an earlier run\n' > "$T/dbg"
"$SCAMPER" -d "$T/dbg" -O debugfileappend -O json -o "$T/j.json" \
	-I "ping -c 1 -i 0.1 127.0.0.1"
is "$(head -1 "$T/dbg")" "an earlier run" "-O debugfileappend keeps the -d file"
contains "$(sed -n 2p "$T/dbg")" "tasks 1 done 1" "... and appends this run's log"
"$SCAMPER" -d "$T/dbg" -O json -o "$T/j.json" -I "ping -c 1 -i 0.1 127.0.0.1"
contains "$(head -1 "$T/dbg")" "tasks 1 done 1" "without it, -d truncates"

# ---- ping and trace refuse addresses that are no one host ---------------

for cmd in "ping -c 1 0.0.0.0" "trace ::" "ping 224.0.0.1"; do
	"$SCAMPER" -O json -o "$T/k.json" -I "$cmd" 2>"$T/k.err"
	ok $? -ne 0 "$cmd: exit status 1"
	contains "$(cat "$T/k.err")" "invalid destination address" \
		"... the command is refused: invalid destination address"
	is "$(grep -c '"type":"ping"\|"type":"trace"' "$T/k.json")" 0 \
		"... and nothing is probed"
done

# ---- a kernel without IPv6 -----------------------------------------------

cat > "$T/no6.py" <<'EOF'
# no6.py PROGRAM ARGS...: run PROGRAM where socket(AF_INET6, ...) fails
# with EAFNOSUPPORT, as on a kernel booted with ipv6.disable=1 (a
# seccomp filter, kept across exec; x86_64 and aarch64).
import ctypes, os, platform, struct, sys
arch = {"x86_64": (0xc000003e, 41), "aarch64": (0xc00000b7, 198)}
if platform.machine() not in arch:
    sys.exit("no6.py: unknown machine " + platform.machine())
audit, nr_socket = arch[platform.machine()]
def stmt(code, k):
    return struct.pack("HBBI", code, 0, 0, k)
def jump(code, k, jt, jf):
    return struct.pack("HBBI", code, jt, jf, k)
LD, JEQ, RET = 0x20, 0x15, 0x06
ALLOW, ERRNO = 0x7fff0000, 0x00050000
prog = b"".join([
    stmt(LD, 4), jump(JEQ, audit, 0, 5),        # arch
    stmt(LD, 0), jump(JEQ, nr_socket, 0, 3),    # socket(2)
    stmt(LD, 16), jump(JEQ, 10, 0, 1),          # domain AF_INET6
    stmt(RET, ERRNO | 97),                      # EAFNOSUPPORT
    stmt(RET, ALLOW),
])
n = len(prog) // 8
buf = ctypes.create_string_buffer(prog)
class fprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
fp = fprog(n, ctypes.addressof(buf))
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(38, 1, 0, 0, 0) != 0:                 # PR_SET_NO_NEW_PRIVS
    sys.exit("no6.py: PR_SET_NO_NEW_PRIVS failed")
if libc.prctl(22, 2, ctypes.byref(fp), 0, 0) != 0:  # SECCOMP_MODE_FILTER
    sys.exit("no6.py: seccomp: " + os.strerror(ctypes.get_errno()))
os.execv(sys.argv[1], sys.argv[1:])
EOF
"$PY" "$T/no6.py" "$SCAMPER" -O json -o "$T/n.json" \
	-I "ping -c 1 -i 0.1 127.0.0.1" "ping -c 1 ::1" "trace -q 1 ::1" \
	2>"$T/n.err"
is "$?" 0 "no IPv6 in the kernel (socket(AF_INET6) fails): runs, exit 0"
"$PY" - "$T/n.json" > "$T/n.got" <<'EOF'
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o["type"] in ("ping", "trace"):
        print(o["type"], o["dst"], o["stop_reason"],
              len(o.get("responses", [])), o.get("errmsg", ""))
EOF
is "$(sort "$T/n.got")" "ping 127.0.0.1 done 1 
ping ::1 error 0 no source address toward the destination: Address family not supported by protocol
trace ::1 ERROR 0 no route to ::1: Address family not supported by protocol" \
	"... IPv4 measures; IPv6 measurements end with an error that says why"

# ---- -f -: commands as they come, and signals heard while waiting -------

mkfifo "$T/fifo"
# the writer keeps the pipe open, and sends a second address after 3 s
( echo 127.0.0.1; sleep 3; echo 127.0.0.3; exec sleep 30 ) > "$T/fifo" &
WPID=$!
"$SCAMPER" -O json -o "$T/fifo.json" -c "ping -c 1" -f - < "$T/fifo" &
PID=$!
sleep 2
is "$(grep -o '"dst":"[0-9.]*"' "$T/fifo.json" | tr '\n' ' ')" \
	'"dst":"127.0.0.1" ' "-f -: the first address's ping, written when done"
sleep 2.5
is "$(grep -o '"dst":"[0-9.]*"' "$T/fifo.json" | tr '\n' ' ')" \
	'"dst":"127.0.0.1" "dst":"127.0.0.3" ' \
	"... and the second's, which came 3 s later"
kill -TERM "$PID"
sleep 0.5
kill -0 "$PID" 2>/dev/null
ok $? -ne 0 "... SIGTERM while waiting for more: it ends at once"
wait "$PID"
is $? 0 "... with status 0"
PID=
kill "$WPID" 2>/dev/null
wait "$WPID" 2>/dev/null
WPID=
contains "$(tail -1 "$T/fifo.json")" '"type":"cycle-stop"' \
	"... and the output finished with the cycle stop"

# ---- results reach the file as each measurement ends ---------------------
# (a kill, even SIGKILL, loses only what was still running)

for fmt in json warts; do
	"$SCAMPER" -O $fmt -o "$T/early.$fmt" -I "ping -c 1 127.0.0.1" \
		-I "ping -c 1 -i 0.1 127.0.0.3" -I "ping -c 30 -i 1 127.0.0.2" \
		2>"$T/early.err" &
	PID=$!
	sleep 2
	kill -0 "$PID" 2>/dev/null
	ok $? -eq 0 "$fmt: the 30 s ping still running"
	kill -KILL "$PID"
	wait "$PID" 2>/dev/null
	PID=
	if [ $fmt = warts ]; then
		"$WARTS_BUILD/bin/sc_warts2json" "$T/early.warts" \
			> "$T/early.got" 2>&1
	else
		cp "$T/early.json" "$T/early.got"
	fi
	is "$(grep -o '"type":"ping".*"dst":"[0-9.]*"' "$T/early.got" |
		grep -o '"dst":"[0-9.]*"' | sort | tr '\n' ' ')" \
		'"dst":"127.0.0.1" "dst":"127.0.0.3" ' \
		"$fmt: after SIGKILL the file holds the two pings that ended"
done

# ---- set-user-ID: refused -----------------------------------------------

mkdir "$T/bin"
chmod 755 "$T/bin"
for mode in 4755 2755; do
	cp "$SCAMPER" "$T/bin/scamper"
	chown root:root "$T/bin/scamper"
	chmod $mode "$T/bin/scamper"
	setpriv --reuid=4243 --regid=4243 --clear-groups "$T/bin/scamper" \
		-d "$T/user/dbg$mode" -O json -o "$T/user/s$mode.json" \
		-c "ping -c 1" -i 127.0.0.1 2>"$T/s.err"
	ok $? -ne 0 "mode $mode (set-$( [ $mode = 4755 ] && echo user \
		|| echo group)-ID root): refused"
	contains "$(cat "$T/s.err")" "refusing to run set-user-ID" \
		"... saying why"
	ok ! -e "$T/user/s$mode.json" -a ! -e "$T/user/dbg$mode" \
		"... before opening any file"
	rm -f "$T/bin/scamper"
done

done_testing
