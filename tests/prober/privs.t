#!/bin/sh
# The prober gives up root: started as root it opens its raw sockets and
# then runs as "nobody" (or the user -O user=NAME names) with no
# capabilities left and no helper process; installed with only
# CAP_NET_RAW it runs as the user who started it and gives the
# capability up once its sockets are open.  Probes go to loopback only.
. "$(dirname "$0")/../lib/tap.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root"

SCAMPER=$WARTS_BUILD/bin/scamper
[ -x "$SCAMPER" ] || bail "missing $SCAMPER"
for t in setcap setpriv; do
	command -v $t >/dev/null || bail "missing $t"
done

T=$(mktemp -d /tmp/privs-t.XXXXXX)
PID=
cleanup() {
	if [ -n "$PID" ]; then
		kill "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# status_of PID FIELD: the first value of a /proc/PID/status line
status_of() {
	awk -v f="$2:" '$1 == f { print $2; exit }' "/proc/$1/status"
}

# all_ids PID FIELD: every value of a Uid: or Gid: line, space separated
all_ids() {
	awk -v f="$2:" '$1 == f { print $2, $3, $4, $5; exit }' \
		"/proc/$1/status"
}

# running OUT ARGS...: start a slow ping to loopback in the background, as
# the test's root, and wait until it has dropped what it should have.
running() {
	_out=$1
	shift
	"$@" -O json -o "$_out" -c "ping -c 2 -i 1" -i 127.0.0.1 \
		2>"$T/err" &
	PID=$!
	sleep 0.5
}

finish() {
	wait "$PID"
	_rc=$?
	PID=
	return $_rc
}

# ---- started as root: nobody, by default ---------------------------------

nobody_uid=$(awk -F: '$1 == "nobody" { print $3 }' /etc/passwd)
nobody_gid=$(awk -F: '$1 == "nobody" { print $4 }' /etc/passwd)
running "$T/a.json" "$SCAMPER"
is "$(all_ids "$PID" Uid)" "$nobody_uid $nobody_uid $nobody_uid $nobody_uid" \
	"root start: real, effective, saved and fs uid are nobody's"
is "$(all_ids "$PID" Gid)" "$nobody_gid $nobody_gid $nobody_gid $nobody_gid" \
	"root start: every gid is nobody's group"
is "$(status_of "$PID" Groups)" "" "root start: no supplementary groups"
is "$(status_of "$PID" CapEff)" "0000000000000000" \
	"root start: no effective capability left"
is "$(status_of "$PID" CapPrm)" "0000000000000000" \
	"root start: no permitted capability left"
is "$(ps -o pid= --ppid "$PID" | wc -l)" "0" \
	"root start: no helper process kept as root"
finish
is "$?" "0" "root start: the ping finishes"
is "$(grep -c '"type":"ping"' "$T/a.json")" "1" \
	"root start: the ping is written"
contains "$(cat "$T/a.json")" '"responses":[{"from"' \
	"root start: the ping after the drop receives replies"

# ---- -O user=NAME --------------------------------------------------------

daemon_uid=$(awk -F: '$1 == "daemon" { print $3 }' /etc/passwd)
if [ -n "$daemon_uid" ] && [ "$daemon_uid" != 0 ]; then
	running "$T/b.json" "$SCAMPER" -O user=daemon
	is "$(status_of "$PID" Uid)" "$daemon_uid" "-O user=daemon runs as daemon"
	finish
	is "$?" "0" "-O user=daemon: the ping finishes"
else
	ok 1 -eq 1 "no daemon user here: -O user=daemon not tried"
	ok 1 -eq 1 "no daemon user here: -O user=daemon not tried"
fi

running "$T/c.json" "$SCAMPER" -O user=4242
is "$(all_ids "$PID" Uid)" "4242 4242 4242 4242" \
	"-O user=4242 (a number not in /etc/passwd) runs as uid 4242"
is "$(status_of "$PID" Gid)" "4242" "-O user=4242 runs as gid 4242"
finish
is "$?" "0" "-O user=4242: the ping finishes"

"$SCAMPER" -O user=nosuchuser -c ping -i 127.0.0.1 >"$T/out" 2>"$T/err"
ok $? -ne 0 "-O user=nosuchuser fails"
contains "$(cat "$T/err")" "no user nosuchuser" \
	"-O user=nosuchuser: the error names the user"
ok ! -s "$T/out" "-O user=nosuchuser: nothing probed or written"

"$SCAMPER" -O user=root -c ping -i 127.0.0.1 >"$T/out" 2>"$T/err"
ok $? -ne 0 "-O user=root is refused"
contains "$(cat "$T/err")" "root" "-O user=root: the error says why"

# ---- only CAP_NET_RAW ----------------------------------------------------

mkdir "$T/bin"
cp "$SCAMPER" "$T/bin/scamper"
chmod 755 "$T" "$T/bin" "$T/bin/scamper"
setcap cap_net_raw+ep "$T/bin/scamper"
ok $? -eq 0 "setcap cap_net_raw+ep on a copy of the prober"
touch "$T/d.json"
chmod 666 "$T/d.json"
running "$T/d.json" setpriv --reuid=4243 --regid=4243 --clear-groups \
	"$T/bin/scamper"
is "$(all_ids "$PID" Uid)" "4243 4243 4243 4243" \
	"CAP_NET_RAW only: runs as the user who started it"
is "$(status_of "$PID" CapEff)" "0000000000000000" \
	"CAP_NET_RAW only: the capability is given up once the sockets are open"
is "$(status_of "$PID" CapPrm)" "0000000000000000" \
	"CAP_NET_RAW only: ... for good (none permitted)"
finish
is "$?" "0" "CAP_NET_RAW only: the ping finishes"
contains "$(cat "$T/d.json")" '"responses":[{"from"' \
	"CAP_NET_RAW only: the ping receives replies"

setpriv --reuid=4243 --regid=4243 --clear-groups "$SCAMPER" \
	-c ping -i 127.0.0.1 >"$T/out" 2>"$T/err"
ok $? -ne 0 "neither root nor CAP_NET_RAW: fails"
ok -s "$T/err" "neither root nor CAP_NET_RAW: says why"
diag "$(cat "$T/err")"

done_testing
