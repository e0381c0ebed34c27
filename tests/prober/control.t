#!/bin/sh
# The prober's control socket, used as a user would: build/bin/scamper in
# the vantage point of a small lab (tests/lab/topologies/small.topo)
# listening on a TCP port (-P, on the namespace's loopback) and a unix
# socket (-U) at once, driven by small python clients and by Debian's
# sc_attach (20211212).
#
#   A  interactive commands: help, get and set of every setting, source
#      list, ERR replies; both sockets serve the same prober
#   B  attach, a ping and a trace to the lab's destination: OK id-N, MORE,
#      DATA blocks whose uudecoded warts our sc_warts2json reads as the
#      list's cycle start, the results the lab's truth predicts, and the
#      cycle stop; a refused command names the option; format json
#   C  the dialects: DATA n id-N by default, DATA n with -O ctrl-2021 or
#      "attach dialect 2021"; Debian's sc_attach gets its results from a
#      prober in the 2021 dialect and cannot parse the 2026 one
#   D  bad input, each followed by a question that must still be answered:
#      a 490-character unknown command (it crashes scamper), lines of 600,
#      9000 and 1,000,000 bytes, bytes that are not printable, half lines,
#      10,000 commands at once (interactive and attached), a client that
#      never reads (dropped, logged; another client is served meanwhile),
#      a client that vanishes mid-measurement (its ping is halted), and
#      1,000 clients at once (each its own answer; RSS back near idle)
#   E  shutdown done (in-flight work finishes, then exit), cancel, flush
#      (queued commands dropped), now (exit at once)
# and the prober exits cleanly (under ASan: with no leak reported).
. "$(dirname "$0")/../lib/tap.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root"

SCAMPER=$WARTS_BUILD/bin/scamper
W2J=$WARTS_BUILD/bin/sc_warts2json
DEB_ATTACH=/usr/bin/sc_attach
DEB_W2J=/usr/bin/sc_warts2json
PY=/usr/bin/python3
netlab=$TOP/tests/lab/netlab
TOPO=$TOP/tests/lab/topologies/small.topo
for f in "$SCAMPER" "$W2J" "$DEB_ATTACH" "$DEB_W2J" "$PY"; do
	[ -x "$f" ] || bail "missing $f"
done

P=ct$$_
NS=${P}vp
T=$(mktemp -d /tmp/control-t.XXXXXX)
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

# the lab's truth: the destination and the hops toward it
DST=$("$netlab" truth "$TOPO" dst | sed -n 's/^dest dst \([0-9.]*\) .*/\1/p')
HOPS=$("$netlab" truth "$TOPO" dst | awk '$1 ~ /^[0-9]+$/ { printf "%s%s", s, $2; s = "," }')
[ -n "$DST" ] && [ -n "$HOPS" ] || bail "no truth for dst in $TOPO"

cat > "$T/ctl.py" <<'PYEOF'
# ctl.py: control-socket clients for control.t.  Each mode prints what a
# user would look at (the replies, the DATA headers, counts); the test
# script asserts on that.  SPEC is tcp:PORT (on 127.0.0.1) or unix:PATH.
import os, resource, select, socket, sys, time, binascii


def connect(spec, rcvbuf=0):
    kind, where = spec.split(":", 1)
    if kind == "tcp":
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        addr = ("127.0.0.1", int(where))
    else:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        addr = where
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect(addr)
    return s


class Conn:
    def __init__(self, spec, rcvbuf=0):
        self.s = connect(spec, rcvbuf)
        self.buf = b""
        self.eof = False

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.s.sendall(data)

    def fill(self, timeout):
        if self.eof:
            return False
        r, _, _ = select.select([self.s], [], [], timeout)
        if not r:
            return False
        try:
            d = self.s.recv(1 << 20)
        except ConnectionResetError:
            d = b""
        if not d:
            self.eof = True
            return False
        self.buf += d
        return True

    def line(self, timeout=10):
        end = time.time() + timeout
        while b"\n" not in self.buf:
            left = end - time.time()
            if left <= 0 or (not self.fill(left) and self.eof):
                return None
        l, self.buf = self.buf.split(b"\n", 1)
        return l.decode("latin-1")

    def take(self, n, timeout=10):
        end = time.time() + timeout
        while len(self.buf) < n:
            left = end - time.time()
            if left <= 0 or (not self.fill(left) and self.eof):
                return None
        d, self.buf = self.buf[:n], self.buf[n:]
        return d

    def reply(self, timeout=10):
        """Lines up to and including the first OK/ERR line."""
        out = []
        while True:
            l = self.line(timeout)
            if l is None:
                out.append("(nothing)")
                return out
            out.append(l)
            if l.startswith("OK") or l.startswith("ERR"):
                return out


def mode_ask(spec, *lines):
    c = Conn(spec)
    for l in lines:
        c.send(l + "\n")
        for r in c.reply():
            print(r)


def mode_attach(spec, out, attach, *cmds):
    """attach, send the commands as MORE asks for them (after an ERR the
    next goes at once), then done; read to the end.  Non-DATA lines are
    printed; DATA headers as 'DATA' plus what follows the length; the
    payloads go to out (uudecoded for warts, as is for json)."""
    c = Conn(spec)
    json = "json" in attach.lower().split()
    f = open(out, "wb")
    c.send(attach + "\n")
    todo = list(cmds)
    credit = 0
    sent_done = False
    nodone = os.environ.get("NODONE") == "1"
    waiting = False   # a command sent, its OK/ERR not yet seen
    t_end = time.time() + 30
    while time.time() < t_end:
        if not waiting and not sent_done:
            if todo and credit > 0:
                c.send(todo.pop(0) + "\n")
                credit -= 1
                waiting = True
            elif not todo and not nodone:
                c.send("done\n")
                sent_done = True
                waiting = True
        l = c.line(t_end - time.time())
        if l is None:
            break
        if l.startswith("DATA "):
            w = l.split()
            n = int(w[1])
            print(" ".join(["DATA"] + w[2:]), flush=True)
            payload = c.take(n)
            if payload is None:
                print("(short DATA)")
                break
            if json:
                f.write(payload)
            else:
                for pl in payload.split(b"\n"):
                    if pl:
                        f.write(binascii.a2b_uu(pl))
            continue
        print(l, flush=True)
        if l == "MORE":
            credit += 1
        elif l.startswith("OK id-") or l.startswith("ERR"):
            waiting = False
            if l.startswith("ERR") and todo:
                credit += 1
        elif l == "OK" and sent_done:
            waiting = False
    print("EOF" if c.eof else "TIMEOUT")
    f.close()


def mode_robust(spec):
    """Lines no prober should choke on, each followed by a question that
    must still be answered."""
    c = Conn(spec)
    tests = [
        ("unknown490", "x" * 490),
        ("line600", "y" * 600),
        ("line9000", "get " + "z" * 8996),
        ("line1M", "w" * 1000000),
    ]
    for name, line in tests:
        c.send(line + "\n")
        r = c.reply(20)
        c.send("get version\n")
        v = c.reply(20)
        print("%s replies=%d first=%s len=%d then=%s" % (
            name, len(r), r[0][:40], len(r[0]), v[-1]))
    # a line in many small pieces, then a whole one
    for ch in "get ver":
        c.send(ch)
        time.sleep(0.01)
    c.send("sion\n")
    print("pieces " + c.reply()[-1])
    # several commands in one write
    c.send("get pps\nget window\nget version\n")
    print("pipelined " + " | ".join(c.reply()[0] for _ in range(3)))
    # a byte that is not printable: the error, then the connection closes
    c.send(b"get ver\x07sion\nget version\n")
    r = c.reply()
    while c.fill(5):
        pass
    print("nonprint %s eof=%s rest=%r" % (r[-1], c.eof, c.buf[:40]))
    c2 = Conn(spec)
    c2.send(b"get \xff\xfe\n")
    r = c2.reply()
    while c2.fill(5):
        pass
    print("highbit %s eof=%s" % (r[-1], c2.eof))
    # a half line, then the end of input: answered, then closed
    c3 = Conn(spec)
    c3.send("get pid")
    c3.s.shutdown(socket.SHUT_WR)
    r = c3.reply()
    while c3.fill(5):
        pass
    print("halfline %s eof=%s" % (r[-1].split()[0:2], c3.eof))
    # a half line, then gone
    c4 = Conn(spec)
    c4.send("get vers")
    c4.s.close()


def mode_flood(spec, n):
    """n commands in one go while reading: every one answered, in order."""
    n = int(n)
    c = Conn(spec)
    c.s.setblocking(False)
    data = b"get version\n" * n + b"get pid\n"
    got = []
    end = time.time() + 30
    while time.time() < end:
        w = [c.s] if data else []
        r, wr, _ = select.select([c.s], w, [], 1)
        if wr:
            k = c.s.send(data[:65536])
            data = data[k:]
        if r:
            d = c.s.recv(1 << 20)
            if not d:
                break
            c.buf += d
            if b"OK pid" in c.buf:
                break
    lines = c.buf.decode().splitlines()
    good = sum(1 for l in lines if l.startswith("OK version "))
    print("answers=%d version=%d last=%s" % (len(lines), good,
          lines[-1].split()[0:2] if lines else None))


def mode_attachflood(spec, n):
    """n commands the parser refuses, in one go, attached."""
    n = int(n)
    c = Conn(spec)
    c.send("attach\n")
    c.s.setblocking(False)
    data = b"ping -c 0 192.0.2.1\n" * n + b"done\n"
    end = time.time() + 30
    while time.time() < end and not c.eof:
        w = [c.s] if data else []
        r, wr, _ = select.select([c.s], w, [], 1)
        if wr:
            try:
                k = c.s.send(data[:65536])
                data = data[k:]
            except BlockingIOError:
                pass
        if r:
            d = c.s.recv(1 << 20)
            if not d:
                c.eof = True
                break
            c.buf += d
    lines = c.buf.decode("latin-1").splitlines()
    errs = sum(1 for l in lines if l.startswith("ERR command not accepted: -c"))
    print("refused=%d eof=%s" % (errs, c.eof))


def mode_noread(spec, logpath):
    """A client asks for a lot and never reads; meanwhile another client
    asks questions.  Prints what the other client got, and whether the
    prober closed the first one."""
    bad = Conn(spec, rcvbuf=4096)
    good = Conn(spec)
    bad.s.setblocking(False)
    data = b"help\n" * 100000
    answered = 0
    end = time.time() + 30
    dropped_logged = False
    while time.time() < end:
        if data:
            try:
                k = bad.s.send(data[:65536])
                data = data[k:]
            except BlockingIOError:
                pass
            except (BrokenPipeError, ConnectionResetError):
                data = b""
        good.send("get version\n")
        r = good.reply(5)
        if r[-1].startswith("OK version"):
            answered += 1
        try:
            dropped_logged = "bytes unread" in open(logpath).read()
        except OSError:
            pass
        if dropped_logged and not data:
            break
        time.sleep(0.01)
    # now read what it was sent: the stream must end (closed by the prober)
    bad.s.setblocking(True)
    n = 0
    closed = False
    bad.s.settimeout(5)
    try:
        while True:
            d = bad.s.recv(1 << 20)
            if not d:
                closed = True
                break
            n += len(d)
    except (ConnectionResetError, BrokenPipeError):
        closed = True
    except socket.timeout:
        pass
    good.send("get version\n")
    last = good.reply()[-1]
    print("logged=%s closed=%s other_answered=%d after=%s unread_bytes_lt_16MB=%s"
          % (dropped_logged, closed, answered, last.split()[0], n < 16 << 20))


def mode_vanish(spec, target):
    """Attach, start a long ping, vanish (a reset); another client then
    sees no measurement running."""
    c = Conn(spec)
    c.send("attach\n")
    c.reply()
    c.send("ping -c 60 -i 0.1 %s\n" % target)
    seen = []
    while True:
        l = c.line()
        if l is None:
            break
        seen.append(l)
        if l.startswith("OK id-") or l.startswith("ERR"):
            break
    other = Conn(spec)
    other.send("get window\n")
    before = other.reply()[-1]
    c.s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
    c.s.close()
    after = None
    for _ in range(50):
        other.send("get window\n")
        after = other.reply()[-1]
        if after.startswith("OK window 0/"):
            break
        time.sleep(0.05)
    print("accepted=%s before=%s after=%s" % (seen[-1], before, after))


def rss(pid):
    for l in open("/proc/%s/status" % pid):
        if l.startswith("VmRSS:"):
            return int(l.split()[1])
    return -1


def mode_many(spec, n, pid):
    """n clients connected at once, each asking its own question."""
    n = int(n)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, n + 100)), hard))
    idle = rss(pid)
    conns = []
    for i in range(n):
        conns.append(Conn(spec))
    peak_clients = len(conns)
    # every client asks, all at once, something with its own answer
    for i, c in enumerate(conns):
        c.send("get nosuch%d\n" % i)
    good = 0
    pending = dict((c.s.fileno(), (i, c)) for i, c in enumerate(conns))
    poller = select.poll()   # select() stops at descriptor 1023
    for fd in pending:
        poller.register(fd, select.POLLIN)
    end = time.time() + 30
    while pending and time.time() < end:
        for fd, _ in poller.poll(1000):
            i, c = pending[fd]
            d = c.s.recv(4096)
            c.buf += d
            if b"\n" in c.buf or not d:
                if c.buf == ("ERR unhandled get command 'nosuch%d'\n" % i).encode():
                    good += 1
                poller.unregister(fd)
                del pending[fd]
    peak = rss(pid)
    for c in conns:
        c.s.close()
    time.sleep(1.0)
    # one more client, so that the prober notices and trims
    c = Conn(spec)
    c.send("get version\n")
    v = c.reply()[-1]
    c.s.close()
    time.sleep(0.5)
    after = rss(pid)
    print("clients=%d good=%d idle_kb=%d peak_kb=%d after_kb=%d next=%s"
          % (peak_clients, good, idle, peak, after, v.split()[0]))


def mode_summary(path):
    """One line per JSON object: what a user checks in a result."""
    import json
    for line in open(path):
        o = json.loads(line)
        t = o.get("type")
        if t in ("cycle-start", "cycle-stop"):
            print("%s list=%s id=%s" % (t, o.get("list_name"), o.get("id")))
        elif t == "list":
            print("list name=%s" % o.get("name"))
        elif t == "ping":
            print("ping dst=%s sent=%s replies=%d from=%s" % (
                o.get("dst"), o.get("ping_sent"), len(o.get("responses", [])),
                ",".join(sorted(set(r["from"] for r in o.get("responses", []))))))
        elif t == "trace":
            print("trace dst=%s stop=%s hops=%s" % (
                o.get("dst"), o.get("stop_reason"),
                ",".join(h["addr"] for h in o.get("hops", []))))
        else:
            print(t)


def main():
    mode = sys.argv[1]
    globals()["mode_" + mode](*sys.argv[2:])
    sys.stdout.flush()


main()
PYEOF

# run a client in the vantage point's namespace (its loopback has -P)
cl() {
	ip netns exec "$NS" "$PY" -u "$T/ctl.py" "$@"
}
# the value of key= in a line of facts
fact() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}
# a port nobody in the namespace listens on
free_port() {
	ip netns exec "$NS" "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# start a prober: start_prober NAME ARGS...; its PID in $PROBER
start_prober() {
	_n=$1
	shift
	ip netns exec "$NS" "$SCAMPER" -p 200 -d "$T/$_n.log" "$@" \
		>"$T/$_n.out" 2>"$T/$_n.err" &
	PROBER=$!
	PIDS="$PIDS $PROBER"
}
# wait up to $2 tenths of a second for file $1 to exist / to contain $3
wait_for() {
	_i=0
	while [ $_i -lt "$2" ]; do
		if [ -z "${3:-}" ]; then
			[ -e "$1" ] && return 0
		else
			grep -q -- "$3" "$1" 2>/dev/null && return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
# PID $1 has been waited for: forget it, so that cleanup never signals
# a process that reused its number
reaped() {
	_keep=
	for _p in $PIDS; do
		[ "$_p" = "$1" ] || _keep="$_keep $_p"
	done
	PIDS=$_keep
}
# wait up to $2 tenths of a second for PID $1 to end; its status in $RC
wait_exit() {
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt "$2" ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		RC=running
	else
		wait "$1"
		RC=$?
		reaped "$1"
	fi
}
# a sanitizer build reports leaks and errors on stderr at exit
clean_exit() {
	is "$RC" 0 "$2: the prober exits with status 0"
	if grep -q -E 'Sanitizer|runtime error' "$T/$1.err"; then
		_tap_report 1 "$2: no sanitizer report"
		head -30 "$T/$1.err" | sed 's/^/# /'
	else
		_tap_report 0 "$2: no sanitizer report"
	fi
}

PORT=$(free_port)
SOCK=$T/ctl.sock
TCP=tcp:$PORT
UNIX=unix:$SOCK
start_prober main -P "127.0.0.1:$PORT" -U "$SOCK"
MAIN=$PROBER
wait_for "$SOCK" 100 || bail "the prober did not make $SOCK: $(cat "$T/main.err")"
sleep 0.2

# ---- A: interactive --------------------------------------------------------

ok -S "$SOCK" "-U makes a unix socket"
is "$(stat -c %a "$SOCK")" 700 "the unix socket has mode 0700"
is "$(cl ask $TCP 'get pid')" "OK pid $MAIN" "-P: get pid is the prober's"
is "$(cl ask $UNIX 'get pid')" "OK pid $MAIN" "-U at the same time: the same prober"
VERSION=$("$SCAMPER" -v | awk '{ print $NF }')
is "$(cl ask $TCP 'get version')" "OK version $VERSION" "get version: what scamper -v says"
is "$(cl ask $TCP 'GET VERSION')" "OK version $VERSION" "commands are not case-sensitive"

out=$(cl ask $UNIX 'get pps' 'set pps 50' 'get pps' 'set pps 0' 'set pps x' 'set pps')
is "$out" "OK pps 200
OK pps 50
OK pps 50
ERR pps: 0 out of range (1, 1000000)
ERR set pps argument is not an integer
ERR set pps requires argument" "get/set pps: the -p rate, changed, range and errors"
out=$(cl ask $UNIX 'get window' 'set window 3' 'get window' 'set window 70000' 'set window 0')
is "$out" "OK window 0/0
OK window 3
OK window 0/3
ERR window: 70000 out of range (0, 65535)
OK window 0" "get/set window: running/limit, changed, range"
out=$(cl ask $TCP 'get monitorname' 'set monitorname vp1.example' 'get monitorname' 'set monitorname "a b"')
is "$out" "OK null monitorname
OK
OK monitorname vp1.example
ERR could not set monitorname" "get/set monitorname"
out=$(cl ask $TCP 'get command' 'set command ping -c 2' 'get command' 'set command bogus 1' 'set command trace')
is "$out" "OK command trace
OK
OK command ping -c 2
ERR could not set command
OK" "get/set command: trace by default, then the rest of the line; an unknown measurement refused"
out=$(cl ask $TCP 'get nameserver' 'set nameserver 192.0.2.53' 'get nameserver' 'set nameserver nowhere')
is "$out" "OK null nameserver
OK
OK nameserver 192.0.2.53
ERR could not set nameserver" "get/set nameserver"
out=$(cl ask $TCP 'get' 'get foo' 'set' 'bogus')
is "$out" "ERR usage: get [command | monitorname | nameserver | pid | pps | version | window]
ERR unhandled get command 'foo'
ERR usage: set [command | monitorname | nameserver | pps | window]
ERR unhandled command 'bogus'" "errors for get, set and an unknown command"

out=$(cl ask $TCP 'help')
for c in attach exit get help set shutdown source; do
	contains "$out" "INFO   $c" "help lists $c"
done
is "$(printf '%s\n' "$out" | tail -1)" OK "help ends with OK"
out=$(cl ask $TCP 'help attach')
contains "$out" "format warts|json" "help attach: the format parameter"
contains "$out" "dialect 2021|2026" "help attach: the dialect parameter"
is "$(cl ask $TCP 'help nosuch')" "ERR no help for 'nosuch'" "help for no such command"
is "$(cl ask $TCP 'source list')" OK "source list: nothing attached yet"
is "$(cl ask $TCP 'source list nosuch')" "ERR no source 'nosuch'" "source list NAME: no such source"

# ---- B: attached ------------------------------------------------------------

out=$(cl attach $TCP "$T/b.warts" "attach name lab1 descr \"a lab\" list_id 7" \
	"ping -c 2 -i 0.2 $DST" "ping -c 0 $DST" "trace $DST")
printf '%s\n' "$out" > "$T/b.txt"
is "$(printf '%s\n' "$out" | head -2 | tr '\n' ' ')" "OK MORE " "attach: OK, then MORE"
contains "$out" "OK id-1" "the ping is accepted as id-1"
contains "$out" "ERR command not accepted: -c 0:" "a bad option: refused, the option named"
contains "$out" "OK id-2" "the trace is accepted as id-2 (a refused command takes no id)"
contains "$out" "DATA id-1" "the ping's result comes in a DATA block for id-1"
contains "$out" "DATA id-2" "the trace's result for id-2"
is "$(printf '%s\n' "$out" | tail -1)" EOF "after done and the results, the prober closes the connection"
"$W2J" "$T/b.warts" > "$T/b.json" 2>"$T/b.w2j.err"
is "$?" 0 "our sc_warts2json reads the uudecoded DATA blocks"
sum=$(cl summary "$T/b.json" | sort)
is "$sum" "cycle-start list=lab1 id=1
cycle-stop list=lab1 id=1
ping dst=$DST sent=2 replies=2 from=$DST
trace dst=$DST stop=COMPLETED hops=$HOPS" "the warts: cycle start, the ping's replies, the lab's hops, cycle stop"
"$DEB_W2J" "$T/b.warts" > "$T/b.deb.json" 2>/dev/null
is "$(grep -c '"type":"ping"\|"type":"trace"' "$T/b.deb.json")" 2 "Debian's sc_warts2json reads the same ping and trace"

out=$(cl attach $UNIX "$T/j.json" "attach format json" "ping -c 1 $DST")
contains "$out" "OK id-1" "format json over -U: accepted"
contains "$out" "DATA id-1" "format json: the result in a DATA block"
sum=$(cl summary "$T/j.json")
is "$sum" "cycle-start list=$SOCK:0 id=1
ping dst=$DST sent=1 replies=1 from=$DST
cycle-stop list=$SOCK:0 id=1" "format json: JSON lines, cycle start, the ping, cycle stop"

# ---- C: dialects ------------------------------------------------------------

out=$(cl attach $TCP "$T/c1.warts" "attach" "ping -c 1 $DST")
contains "$out" "DATA id-1" "by default the 2026 dialect: DATA n id-N"
out=$(cl attach $TCP "$T/c2.warts" "attach dialect 2021" "ping -c 1 $DST")
ok "$(printf '%s\n' "$out" | grep -c '^DATA id-')" -eq 0 "attach dialect 2021: no id on any DATA line"
is "$(printf '%s\n' "$out" | grep -c '^DATA$')" 4 "attach dialect 2021: DATA n for list, cycle start, ping, cycle stop"
printf 'ping -c 1 %s\ntrace %s\n' "$DST" "$DST" > "$T/cmds"
timeout 30 "$DEB_ATTACH" -U "$SOCK" -i "$T/cmds" -o "$T/deb26.warts" \
	>/dev/null 2>"$T/deb26.err"
contains "$(cat "$T/deb26.err")" "could not parse DATA" "Debian's sc_attach cannot parse the 2026 dialect's DATA n id-N"
ok "$("$W2J" "$T/deb26.warts" 2>/dev/null | grep -c '"type":"ping"')" -eq 0 "so it writes no results"

S21=$T/c21.sock
start_prober c21 -O ctrl-2021 -U "$S21"
C21=$PROBER
wait_for "$S21" 100 || bail "no $S21: $(cat "$T/c21.err")"
timeout 30 "$DEB_ATTACH" -U "$S21" -i "$T/cmds" -o "$T/deb21.warts" \
	>/dev/null 2>"$T/deb21.err"
is "$?" 0 "-O ctrl-2021: Debian's sc_attach runs to the end"
is "$(cat "$T/deb21.err")" "" "and complains of nothing"
"$DEB_W2J" "$T/deb21.warts" > "$T/deb21.json" 2>/dev/null
is "$(cl summary "$T/deb21.json" | sort)" "cycle-start list=$S21:0 id=1
cycle-stop list=$S21:0 id=1
ping dst=$DST sent=1 replies=1 from=$DST
trace dst=$DST stop=COMPLETED hops=$HOPS" "its file, read by Debian's sc_warts2json: the ping and the trace"
out=$(cl attach unix:$S21 "$T/c3.warts" "attach dialect 2026" "ping -c 1 $DST")
contains "$out" "DATA id-1" "-O ctrl-2021 with attach dialect 2026: DATA n id-N for that client"
is "$(cl ask unix:$S21 'shutdown done')" OK "shutdown done (nothing running)"
wait_exit "$C21" 50
clean_exit c21 "-O ctrl-2021"

# ---- D: bad input ----------------------------------------------------------

out=$(cl robust $TCP)
contains "$out" "unknown490 replies=1 first=ERR unhandled command 'xxxxxxxxxxxxxxxxx len=91 then=OK" \
	"a 490-character unknown command: one ERR quoting 64 characters, then served"
contains "$out" "line600 replies=1 first=ERR unhandled command 'yyyyyyyyyyyyyyyyy len=91 then=OK" \
	"a 600-byte line: one short ERR, then served"
contains "$out" "line9000 replies=1 first=ERR line too long len=17 then=OK" \
	"a 9000-byte line: ERR line too long, then served"
contains "$out" "line1M replies=1 first=ERR line too long len=17 then=OK" \
	"a 1,000,000-byte line: ERR line too long, then served"
contains "$out" "pieces OK version" "a line sent a byte at a time"
contains "$out" "pipelined OK pps 50 | OK window 0/0 | OK version" "three commands in one write, answered in order"
contains "$out" "nonprint ERR invalid character in line eof=True rest=b''" \
	"a control character: ERR invalid character in line, then closed, the rest ignored"
contains "$out" "highbit ERR invalid character in line eof=True" "bytes above 127 likewise"
contains "$out" "halfline ['OK', 'pid'] eof=True" "a half line then the end of input: answered, then closed"
is "$(cl ask $TCP 'get version')" "OK version $VERSION" "a client that vanished in the middle of a line: others are served"

out=$(cl flood $TCP 10000)
is "$out" "answers=10001 version=10000 last=['OK', 'pid']" "10,000 commands in one go: 10,000 answers, in order"
out=$(cl attachflood $UNIX 10000)
is "$out" "refused=10000 eof=True" "10,000 refused measurements in one go, attached: each refused, then done"

out=$(cl noread $TCP "$T/main.log")
contains "$out" "logged=True closed=True" "a client that never reads: dropped once its output passes the limit"
ok "$(fact "$out" other_answered)" -gt 0 "meanwhile another client gets its answers"
contains "$out" "after=OK" "and afterwards too"
contains "$(cat "$T/main.log")" "dropped: its output passed 8388608 bytes unread" "the prober's log (-d) says why it dropped the client"

out=$(cl vanish $TCP "$DST")
is "$out" "accepted=OK id-1 before=OK window 1/0 after=OK window 0/0" \
	"a client that vanishes (reset) during a 6-second ping: the ping is halted"

if grep -q __asan_init "$SCAMPER"; then ASAN=1; else ASAN=0; fi
out=$(cl many $TCP 1000 "$MAIN")
is "$(fact "$out" clients)" 1000 "1,000 clients connected at once"
is "$(fact "$out" good)" 1000 "each gets its own answer"
is "$(fact "$out" next)" OK "the next client is served"
idle=$(fact "$out" idle_kb)
after=$(fact "$out" after_kb)
diag "RSS: idle $idle kB, with 1,000 clients $(fact "$out" peak_kb) kB, after $after kB"
if [ "$ASAN" -eq 0 ]; then
	ok "$after" -le $((idle + 256)) "the prober's RSS after they left is within 256 kB of idle"
fi

# ---- E: shutdown ------------------------------------------------------------

# cancel: a shutdown done called off; the prober stays after the ping
NODONE=1 cl attach $UNIX "$T/e1.warts" attach "ping -c 3 -i 0.2 $DST" > "$T/e1.txt" &
E1=$!
PIDS="$PIDS $E1"
wait_for "$T/e1.txt" 50 "OK id-1" || diag "no OK id-1 for e1"
is "$(cl ask $TCP 'shutdown done' 'shutdown cancel')" "OK
OK" "shutdown done, then shutdown cancel"
wait_for "$T/e1.txt" 50 "DATA id-1"
sleep 0.3
ok "$(kill -0 "$MAIN" 2>/dev/null && echo alive)" = alive "after cancel the prober outlives the ping"
is "$(cl ask $TCP 'get window')" "OK window 0/0" "and answers"

# done: the running ping finishes and is delivered, then the prober exits
NODONE=1 cl attach $UNIX "$T/e2.warts" attach "ping -c 5 -i 0.2 $DST" > "$T/e2.txt" &
E2=$!
PIDS="$PIDS $E2"
wait_for "$T/e2.txt" 50 "OK id-1" || diag "no OK id-1 for e2"
t0=$(date +%s%N)
is "$(cl ask $TCP 'shutdown done')" OK "shutdown done while a ping runs"
wait_exit "$MAIN" 100
t1=$(date +%s%N)
clean_exit main "shutdown done"
ok $(((t1 - t0) / 1000000)) -ge 500 "it waited for the ping (exited after $(((t1 - t0) / 1000000)) ms)"
wait "$E1" "$E2"
reaped "$E1"
reaped "$E2"
contains "$(cat "$T/e2.txt")" "DATA id-1" "the ping's result was delivered before the exit"
is "$(tail -1 "$T/e2.txt")" EOF "then its client's connection closed"
is "$("$W2J" "$T/e2.warts" | cl summary /dev/stdin | sed -n 2,3p | sed "s|$SOCK:[0-9]*|SOCK:n|")" "ping dst=$DST sent=5 replies=5 from=$DST
cycle-stop list=SOCK:n id=1" "the whole ping, then the cycle stop"

# flush: the queued command is dropped, the running one finishes.  This
# prober takes over the first one's unix socket (a prober running as
# nobody may not remove it from a directory of root's: the file stays,
# and the next prober replaces it)
S2=$SOCK
start_prober flush -U "$S2" -w 1
FL=$PROBER
_i=0
while [ $_i -lt 50 ] && ! cl ask unix:$S2 'get pid' 2>/dev/null | grep -q "pid $FL"; do
	sleep 0.1
	_i=$((_i + 1))
done
is "$(cl ask unix:$S2 'get pid')" "OK pid $FL" "a new prober replaces the socket the last one left"
NODONE=1 cl attach unix:$S2 "$T/f.warts" attach "ping -c 5 -i 0.2 $DST" "ping -c 1 $DST" > "$T/f.txt" &
F1=$!
PIDS="$PIDS $F1"
wait_for "$T/f.txt" 50 "OK id-2" || diag "no OK id-2 for flush"
is "$(cl ask unix:$S2 'shutdown flush')" OK "shutdown flush with one ping running, one queued (-w 1)"
wait_exit "$FL" 100
clean_exit flush "shutdown flush"
wait "$F1"
reaped "$F1"
out=$(cat "$T/f.txt")
contains "$out" "DATA id-1" "flush: the running ping's result is delivered"
ok "$(printf '%s\n' "$out" | grep -c 'DATA id-2')" -eq 0 "flush: the queued ping never ran"

# now: exit at once, the running ping lost
S3=$T/n.sock
start_prober now -U "$S3"
NOW=$PROBER
wait_for "$S3" 100 || bail "no $S3: $(cat "$T/now.err")"
NODONE=1 cl attach unix:$S3 "$T/n.warts" attach "ping -c 50 -i 0.2 $DST" > "$T/n.txt" &
N1=$!
PIDS="$PIDS $N1"
wait_for "$T/n.txt" 50 "OK id-1" || diag "no OK id-1 for now"
t0=$(date +%s%N)
is "$(cl ask unix:$S3 'shutdown now')" OK "shutdown now with a 10-second ping running"
wait_exit "$NOW" 50
t1=$(date +%s%N)
clean_exit now "shutdown now"
ok $(((t1 - t0) / 1000000)) -lt 3000 "it exits at once ($(((t1 - t0) / 1000000)) ms)"
wait "$N1"
reaped "$N1"
ok "$(grep -c 'DATA id-1' "$T/n.txt")" -eq 0 "the unfinished ping is not delivered"
is "$(tail -1 "$T/n.txt")" EOF "its client's connection is closed"

done_testing
