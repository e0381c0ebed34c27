#!/usr/bin/env python3
"""bench/remoted_load.py: the load bench/remoted puts on an sc_remoted.

One process, one selector: N scripted VPs connect over loopback in
plaintext (MASTER_NEW, then they answer each command of a channel with
"OK id-N", "MORE" and a result of RESULT bytes in a DATA block, and keep
the link alive), and a client side that runs commands through W of them
and times each from the command's write to its result's last byte.

  remoted_load.py PORT N PHASES...   (RESULT, W, ROUNDS from the env)

Phases, in order, printing "key value" lines:
  connect           connect all N; time until every one has MASTER_ID
  idle SEC          let them idle (answering keepalives) for SEC
  work-unix DIR     ROUNDS commands on each of W VPs through DIR's sockets
  work-mux PATH     the same through the mux socket
  flood read|noread  start a flooding VP (another process, 20 s); the
                    work phases after it are labelled _flood

sc_remoted's RSS and CPU are read from /proc/$REMOTED_PID.
"""
import os
import selectors
import socket
import struct
import sys
import time

MASTER_NEW, MASTER_ID, CHANNEL_NEW, CHANNEL_FIN, KEEPALIVE, ACK = range(6)
RESULT = int(os.environ.get("RESULT", "1000"))
W = int(os.environ.get("W", "100"))
ROUNDS = int(os.environ.get("ROUNDS", "20"))
sel = selectors.DefaultSelector()


def frame(seq, chan, payload):
    return struct.pack(">IIH", seq, chan, len(payload)) + payload


class VP:
    def __init__(self, i, port):
        self.i = i
        self.name = "bvp%05d" % i
        self.s = socket.socket()
        self.s.setblocking(False)
        self.s.connect_ex(("127.0.0.1", port))
        self.buf = b""
        self.out = b""
        self.snd_nxt = 0
        self.idstr = None
        self.ids = {}
        self.last_tx = time.time()
        self.dead = False
        self.ev = selectors.EVENT_READ | selectors.EVENT_WRITE
        magic = os.urandom(8)
        n = self.name.encode() + b"\0"
        self.send(frame(0, 0, bytes([MASTER_NEW, 8]) + magic +
                        bytes([len(n)]) + n))
        sel.register(self.s, selectors.EVENT_READ | selectors.EVENT_WRITE,
                     self)

    def send(self, b):
        self.out += b
        self.last_tx = time.time()

    def seq(self, chan, payload):
        self.send(frame(self.snd_nxt, chan, payload))
        self.snd_nxt += 1

    def on_frame(self, seq, chan, p):
        if chan == 0:
            t = p[0]
            if t == MASTER_ID:
                self.idstr = p[2:-1].decode()
            elif t in (CHANNEL_NEW, CHANNEL_FIN):
                self.send(frame(self.snd_nxt, 0, bytes([ACK]) +
                                struct.pack(">I", seq)))
                (c,) = struct.unpack(">I", p[1:5])
                if t == CHANNEL_NEW:
                    self.ids[c] = 0
                    self.seq(c, b"MORE\n")
            return
        self.send(frame(self.snd_nxt, 0, bytes([ACK]) +
                        struct.pack(">I", seq)))
        for line in p.split(b"\n"):
            if not line:
                continue
            if line == b"done":
                self.seq(chan, b"OK\n")
                self.seq(0, bytes([CHANNEL_FIN]) + struct.pack(">I", chan))
                continue
            self.ids[chan] = self.ids.get(chan, 0) + 1
            n = self.ids[chan]
            body = b"M" * (RESULT - 1) + b"\n"
            self.seq(chan, b"OK id-%d\n" % n)
            self.seq(chan, b"MORE\n")
            self.seq(chan, b"DATA %d\n" % len(body))
            self.seq(chan, body)

    def readable(self):
        try:
            b = self.s.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            b = b""
        if not b:
            self.close()
            return
        self.buf += b
        while len(self.buf) >= 10:
            seq, chan, ln = struct.unpack(">IIH", self.buf[:10])
            if len(self.buf) < 10 + ln:
                break
            p = self.buf[10:10 + ln]
            self.buf = self.buf[10 + ln:]
            self.on_frame(seq, chan, p)

    def writable(self):
        if not self.out:
            return
        try:
            n = self.s.send(self.out)
            self.out = self.out[n:]
        except BlockingIOError:
            pass
        except OSError:
            self.close()

    def close(self):
        if not self.dead:
            self.dead = True
            sel.unregister(self.s)
            self.s.close()


def want(v):
    return selectors.EVENT_READ | (selectors.EVENT_WRITE if v.out else 0)


def step(vps, timeout):
    for key, ev in sel.select(timeout):
        o = key.data
        if ev & selectors.EVENT_READ:
            o.readable()
        if ev & selectors.EVENT_WRITE and not getattr(o, "dead", False):
            o.writable()
    now = time.time()
    for v in vps:
        if v.dead:
            continue
        if now - v.last_tx > 1.0 and v.idstr:
            v.send(frame(v.snd_nxt, 0, bytes([KEEPALIVE])))
        w = want(v)
        if w != v.ev:
            v.ev = w
            sel.modify(v.s, w, v)


class Client:
    """A client of one VP's channel: sends a command, times its result."""

    def __init__(self, send, name):
        self.sendf = send
        self.name = name
        self.text = b""
        self.t0 = None
        self.lat = []
        self.ready = False

    def got(self, b):
        self.text += b
        while True:
            if b"MORE\n" in self.text and not self.ready and self.t0 is None:
                self.text = self.text.replace(b"MORE\n", b"", 1)
                self.ready = True
            i = self.text.find(b"DATA ")
            if i < 0:
                break
            j = self.text.find(b"\n", i)
            if j < 0:
                break
            n = int(self.text[i + 5:j].split()[0])
            if len(self.text) < j + 1 + n:
                break
            if self.t0 is not None and b"OK id-" in self.text[:i]:
                self.lat.append(time.time() - self.t0)
                self.t0 = None
            self.text = self.text[j + 1 + n:]

    def fire(self):
        if self.t0 is None and len(self.lat) < ROUNDS:
            self.t0 = time.time()
            self.sendf(b"ping -c 1 192.0.2.1\n")


class UnixConn:
    def __init__(self, path, name):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.s.setblocking(False)
        self.c = Client(self.s.sendall, name)
        self.dead = False
        sel.register(self.s, selectors.EVENT_READ, self)

    def readable(self):
        try:
            b = self.s.recv(65536)
        except BlockingIOError:
            return
        if b:
            self.c.got(b)

    def writable(self):
        pass


class MuxConn:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.buf = b""
        self.vps = {}
        self.chans = {}
        self.dead = False
        # the VP list, up to GO
        while True:
            f = self.read_one(blocking=True)
            ch, p = f
            (t,) = struct.unpack(">H", p[:2])
            if t == 2:
                break
            if t == 0:
                (vid,) = struct.unpack(">I", p[2:6])
                off = 6
                while off < len(p):
                    (a,) = struct.unpack(">H", p[off:off + 2])
                    end = p.index(b"\0", off + 2)
                    if a == 1:
                        self.vps[p[off + 2:end].decode()] = vid
                    off = end + 1
        self.s.setblocking(False)
        sel.register(self.s, selectors.EVENT_READ, self)

    def read_one(self, blocking=False):
        while True:
            if len(self.buf) >= 8:
                ch, ln = struct.unpack(">II", self.buf[:8])
                if len(self.buf) >= 8 + ln:
                    p = self.buf[8:8 + ln]
                    self.buf = self.buf[8 + ln:]
                    return ch, p
            if not blocking:
                return None
            self.buf += self.s.recv(65536)

    def open(self, name, chan):
        vid = self.vps[name]
        self.s.sendall(struct.pack(">IIHII", 0, 10, 3, vid, chan))
        c = Client(lambda b, ch=chan: self.s.sendall(
            struct.pack(">II", ch, len(b)) + b), name)
        self.chans[chan] = c
        return c

    def readable(self):
        try:
            b = self.s.recv(262144)
        except BlockingIOError:
            return
        self.buf += b
        while True:
            f = self.read_one()
            if f is None:
                break
            ch, p = f
            if ch in self.chans:
                self.chans[ch].got(p)

    def writable(self):
        pass


PID = int(os.environ.get("REMOTED_PID", "0"))
HZ = os.sysconf("SC_CLK_TCK")


def rss_kb(field="VmRSS"):
    with open("/proc/%d/status" % PID) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def cpu_s():
    with open("/proc/%d/stat" % PID) as f:
        x = f.read().rsplit(")", 1)[1].split()
    return (int(x[11]) + int(x[12])) / HZ


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def work(vps, clients, label):
    t0 = time.time()
    while time.time() - t0 < 120:
        for c in clients:
            if c.ready and c.t0 is None:
                c.fire()
        step(vps, 0.01)
        if all(len(c.lat) >= ROUNDS for c in clients):
            break
    lat = [x for c in clients for x in c.lat]
    print("%s_results %d" % (label, len(lat)))
    print("%s_wall_s %.2f" % (label, time.time() - t0))
    print("%s_latency_ms_median %.2f" % (label, pct(lat, 0.5) * 1000))
    print("%s_latency_ms_p99 %.2f" % (label, pct(lat, 0.99) * 1000))
    sys.stdout.flush()


def flooder(port, seconds, reads):
    """A VP that floods, 16 kB of frames at a time, as fast as it can:
    "read": KEEPALIVEs (valid, unacknowledged: work for the controller
    and nothing else), reading what comes back; "noread": CHANNEL_FINs
    of a channel the controller does not know, which it must
    acknowledge (ours ignores them, as scamper 2026 does; scamper 2021
    drops the VP), never reading the acknowledgements."""
    s = socket.create_connection(("127.0.0.1", port))
    n = b"flooder\0"
    s.sendall(frame(0, 0, bytes([MASTER_NEW, 8]) + os.urandom(8) +
                    bytes([len(n)]) + n))
    s.setblocking(False)
    seq = 0
    sent = 0
    pending = b""
    t0 = time.time()
    fs = selectors.DefaultSelector()
    fs.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    try:
        while time.time() - t0 < seconds:
            for key, ev in fs.select(0.1):
                if ev & selectors.EVENT_READ and reads:
                    if not s.recv(1 << 20):
                        raise OSError("closed")
                if ev & selectors.EVENT_WRITE:
                    if not pending:
                        if reads:
                            pending = frame(0, 0, bytes([KEEPALIVE])) * 1489
                        else:
                            pending = b"".join(
                                frame(seq + k, 0, bytes([CHANNEL_FIN]) +
                                      struct.pack(">I", 77))
                                for k in range(1092))
                            seq += 1092
                    k = s.send(pending)
                    pending = pending[k:]
                    sent += k
            if not reads:
                fs.modify(s, selectors.EVENT_WRITE)
    except OSError:
        pass
    print("flooder_%s_mb_sent %.0f" % ("reads" if reads else "noread",
                                       sent / 1e6))
    print("flooder_%s_s %.1f" % ("reads" if reads else "noread",
                                 time.time() - t0))


def main():
    if sys.argv[1] == "flooder":
        flooder(int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "read")
        return
    port = int(sys.argv[1])
    n = int(sys.argv[2])
    phases = sys.argv[3:]
    vps = []
    tag = ""
    rss0 = rss_kb()
    print("rss_kb_before %d" % rss0)
    while phases:
        ph = phases.pop(0)
        if ph == "connect":
            t0 = time.time()
            for i in range(n):
                vps.append(VP(i, port))
                if i % 100 == 99:
                    step(vps, 0)
            while time.time() - t0 < 120:
                step(vps, 0.05)
                if all(v.idstr or v.dead for v in vps):
                    break
            ok = sum(1 for v in vps if v.idstr and not v.dead)
            print("connected %d" % ok)
            print("connect_s %.2f" % (time.time() - t0))
        elif ph == "idle":
            sec = float(phases.pop(0))
            t0 = time.time()
            c0 = cpu_s()
            while time.time() - t0 < sec:
                step(vps, 0.1)
            c1 = cpu_s()
            live = sum(1 for v in vps if not v.dead)
            rss = rss_kb()
            print("still_connected %d" % live)
            print("idle_cpu_pct %.2f" % (100.0 * (c1 - c0) /
                                        (time.time() - t0)))
            print("rss_kb_idle %d" % rss)
            if live:
                print("rss_kb_per_vp %.2f" % ((rss - rss0) / live))
        elif ph == "work-unix":
            d = phases.pop(0)
            names = {}
            for f in os.listdir(d):
                names[f.split("-", 1)[0]] = os.path.join(d, f)
            cl = [UnixConn(names[v.name], v.name).c for v in vps[1:W + 1]]
            work(vps, cl, "unix" + tag)
        elif ph == "work-mux":
            m = MuxConn(phases.pop(0))
            cl = [m.open(v.name, 100 + i)
                  for i, v in enumerate(vps[1:W + 1])]
            work(vps, cl, "mux" + tag)
        elif ph == "flood":
            # a separate process, so that its work is not the load
            # generator's: "read" keeps reading (a heavy but correct VP),
            # "noread" never reads (sc_remoted must drop it)
            import subprocess
            how = phases.pop(0)
            flood_proc = subprocess.Popen([sys.executable, __file__,
                                           "flooder", str(port), "20",
                                           how])
            time.sleep(1)
            tag = "_flood_" + how
        sys.stdout.flush()
    print("rss_kb_peak %d" % rss_kb("VmHWM"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
