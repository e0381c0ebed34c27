#!/usr/bin/env python3
"""remote_peer.py: scripted peers for sc_remoted's tests.

Speaks the remote-control frames (shared/reference/control-remote.md,
3.3) as a fake vantage point, and the mux frames (3.6) as a mux client.
Each subcommand prints "PASS: what" or "FAIL: what" lines, which
tests/remote/remoted.t turns into TAP, plus "INFO:" lines.

  fakevp HOST PORT NAME SECONDS [tls options]  a well-behaved VP
  resume HOST PORT SOCKDIR                     resume after a drop
  badvp HOST PORT KIND                         a misbehaving VP
  slowvp HOST PORT NAME SECONDS                a VP that reads nothing
  tlsvp HOST PORT NAME CAFILE CERT KEY SNI     does the handshake pass?
  muxlist MUX                                  VPs and attributes
  muxwatch MUX SECONDS                         the mux's messages as they come
  muxrun MUX VPNAME COMMAND [NDATA]            a command through the mux
  unixrun SOCK COMMAND                         a command on a VP socket
"""
import os
import socket
import ssl
import struct
import sys
import time

MASTER_NEW, MASTER_ID, CHANNEL_NEW, CHANNEL_FIN, KEEPALIVE, ACK, \
    MASTER_RES, MASTER_REJ, MASTER_OK = range(9)


def say(ok, what):
    print(("PASS: " if ok else "FAIL: ") + what, flush=True)


def info(what):
    print("INFO: " + what, flush=True)


def frame(seq, chan, payload):
    return struct.pack(">IIH", seq, chan, len(payload)) + payload


class Peer:
    """A fake VP: its own sequence state, acks everything by default."""

    def __init__(self, sock):
        self.s = sock
        self.buf = b""
        self.snd_nxt = 0
        self.rcv_nxt = 0
        self.unacked = []            # (seq, frame bytes)
        self.autoack = True
        self.last_tx = time.time()

    def send_raw(self, b):
        self.s.sendall(b)
        self.last_tx = time.time()

    def send_ctl(self, payload, seq=0):
        self.send_raw(frame(seq, 0, payload))

    def send_seq(self, chan, payload):
        f = frame(self.snd_nxt, chan, payload)
        self.unacked.append((self.snd_nxt, f))
        self.snd_nxt = (self.snd_nxt + 1) & 0xffffffff
        self.send_raw(f)

    def ack(self, seq):
        self.send_ctl(bytes([ACK]) + struct.pack(">I", seq), self.snd_nxt)

    def master_new(self, magic, name):
        p = bytes([MASTER_NEW, len(magic)]) + magic
        if name:
            n = name.encode() + b"\0"
            p += bytes([len(n)]) + n
        else:
            p += b"\0"
        self.send_ctl(p)

    def read_frame(self, timeout=5.0):
        end = time.time() + timeout
        while True:
            if len(self.buf) >= 10:
                seq, chan, ln = struct.unpack(">IIH", self.buf[:10])
                if len(self.buf) >= 10 + ln:
                    p = self.buf[10:10 + ln]
                    self.buf = self.buf[10 + ln:]
                    return seq, chan, p
            left = end - time.time()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                b = self.s.recv(65536)
            except (socket.timeout, ssl.SSLError, OSError):
                return None
            if not b:
                return None
            self.buf += b

    def handle(self, f):
        """Account for a frame as a VP would; returns (kind, chan, data)."""
        seq, chan, p = f
        if chan == 0:
            t = p[0]
            if t == ACK:
                (a,) = struct.unpack(">I", p[1:5])
                if self.unacked and self.unacked[0][0] == a:
                    self.unacked.pop(0)
                return ("ack", a, None)
            if t in (CHANNEL_NEW, CHANNEL_FIN):
                self.rcv_nxt += 1
                if self.autoack:
                    self.ack(seq)
                (c,) = struct.unpack(">I", p[1:5])
                return ("new" if t == CHANNEL_NEW else "fin", c, None)
            return ("ctl", t, p)
        self.rcv_nxt += 1
        if self.autoack:
            self.ack(seq)
        return ("data", chan, p)


def connect(host, port, tlsopt=None):
    s = socket.create_connection((host, int(port)), timeout=5)
    if tlsopt:
        cafile, cert, key, sni = tlsopt
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(cafile)
        if cert:
            ctx.load_cert_chain(cert, key)
        s = ctx.wrap_socket(s, server_hostname=sni)
    return s


def serve(p, seconds, ids=None):
    """Act as scamper: MORE on a new channel, OK id-N per command,
    OK and FIN on done, a lot of data for 'flood N'."""
    end = time.time() + seconds
    n = {}
    while time.time() < end:
        # a keepalive after a second of silence, so that controllers
        # with short timers (-O rxabort) keep us
        if time.time() - p.last_tx >= 1.0:
            p.send_ctl(bytes([KEEPALIVE]), p.snd_nxt)
        f = p.read_frame(max(0.05, min(1.0, end - time.time())))
        if f is None:
            continue
        kind, c, data = p.handle(f)
        if kind == "new":
            n[c] = 0
            p.send_seq(c, b"MORE\n")
        elif kind == "data":
            for line in data.decode(errors="replace").splitlines():
                if line.startswith("flood"):
                    total = int(line.split()[1])
                    chunk = b"x" * 8000 + b"\n"
                    sent = 0
                    while sent < total:
                        p.send_seq(c, chunk)
                        sent += len(chunk)
                elif line == "done":
                    p.send_seq(c, b"OK\n")
                    p.send_seq(0, bytes([CHANNEL_FIN]) +
                               struct.pack(">I", c))
                elif line:
                    n[c] = n.get(c, 0) + 1
                    p.send_seq(c, b"OK id-%d\n" % n[c])
                    p.send_seq(c, b"MORE\n")


def cmd_fakevp(host, port, name, seconds, *tls):
    s = connect(host, port, tls if tls else None)
    p = Peer(s)
    p.master_new(os.urandom(8), name)
    f = p.read_frame()
    ok = f is not None and f[2][0] == MASTER_ID
    say(ok, "fake VP %s got MASTER_ID" % name)
    if ok:
        info("id " + f[2][2:-1].decode())
    try:
        serve(p, float(seconds))
    except (OSError, ssl.SSLError) as e:
        info("connection ended: %s" % e)


def cmd_resume(host, port, sockdir):
    magic = os.urandom(8)
    p = Peer(connect(host, port))
    p.master_new(magic, "vpres")
    f = p.read_frame()
    say(f is not None and f[2][0] == MASTER_ID, "resume: MASTER_ID")
    time.sleep(0.2)
    names = [x for x in os.listdir(sockdir) if x.startswith("vpres-")]
    say(len(names) == 1, "resume: one socket for the VP")
    if not names:
        return
    path = os.path.join(sockdir, names[0])
    u = socket.socket(socket.AF_UNIX)
    u.connect(path)
    u.sendall(b"ping -c 1 192.0.2.1\n")
    # the VP acknowledges nothing: it takes CHANNEL_NEW (seq 0) and the
    # command (seq 1) but the link drops before its ACKs go out
    p.autoack = False
    got = []
    while len(got) < 2:
        f = p.read_frame(3)
        if f is None:
            break
        got.append(p.handle(f))
    say([g[0] for g in got] == ["new", "data"],
        "resume: CHANNEL_NEW and the command arrived")
    p.send_seq(1, b"MORE\n")         # seq 0, acked by remoted, ack lost
    time.sleep(0.2)
    p.s.close()
    time.sleep(0.3)
    say(os.path.exists(path), "resume: the socket stays while a zombie")

    # unknown magic: rejected
    q = Peer(connect(host, port))
    q.send_ctl(bytes([MASTER_RES, 8]) + os.urandom(8) +
               struct.pack(">III", 0, 0, 0))
    f = q.read_frame()
    say(f is not None and f[2] == bytes([MASTER_REJ]),
        "resume: an unknown magic gets MASTER_REJ")
    q.s.close()

    # we claim to have CHANNEL_NEW only (rcv_nxt 1), and to hold seq 0
    # unacked (snd_una 0, snd_nxt 1)
    p2 = Peer(connect(host, port))
    p2.snd_nxt = 1
    p2.rcv_nxt = 1
    p2.unacked = list(p.unacked)
    p2.send_ctl(bytes([MASTER_RES, 8]) + magic +
                struct.pack(">III", 1, 0, 1))
    f = p2.read_frame()
    ok = f is not None and f[2][0] == MASTER_OK
    say(ok, "resume: MASTER_OK")
    if not ok:
        return
    (r,) = struct.unpack(">I", f[2][1:5])
    say(r == 1, "resume: remoted has our seq 0 (MASTER_OK 1, got %d)" % r)
    # drop what remoted has; nothing of ours to send again
    p2.unacked = [u_ for u_ in p2.unacked if u_[0] >= r]
    f = p2.read_frame(3)
    kind = p2.handle(f) if f else None
    say(kind is not None and kind[0] == "data" and
        f[0] == 1 and kind[2] == b"ping -c 1 192.0.2.1\n",
        "resume: the command is sent again with its sequence (1)")
    p2.send_seq(1, b"OK id-1\n")
    u.settimeout(3)
    data = b""
    try:
        while b"OK id-1\n" not in data:
            b = u.recv(4096)
            if not b:
                break
            data += b
    except socket.timeout:
        pass
    say(data == b"MORE\nOK id-1\n",
        "resume: the client got each line once: %r" % data)
    names2 = [x for x in os.listdir(sockdir) if x.startswith("vpres-")]
    say(len(names2) == 1, "resume: still one socket (%s)" % names2)
    # a window that does not fit: MASTER_REJ, and the session is gone
    p2.s.close()
    time.sleep(0.3)
    p3 = Peer(connect(host, port))
    p3.send_ctl(bytes([MASTER_RES, 8]) + magic +
                struct.pack(">III", 50, 40, 45))
    f = p3.read_frame()
    say(f is not None and f[2] == bytes([MASTER_REJ]),
        "resume: an inconsistent window gets MASTER_REJ")
    time.sleep(0.3)
    say(not any(x.startswith("vpres-") for x in os.listdir(sockdir)),
        "resume: and the rejected session's socket is gone")
    u.close()


def cmd_slowvp(host, port, name, seconds):
    """Say MASTER_NEW, take MASTER_ID, then read nothing for SECONDS."""
    p = Peer(connect(host, port))
    p.master_new(os.urandom(8), name)
    f = p.read_frame()
    say(f is not None and f[2][0] == MASTER_ID,
        "slow VP %s got MASTER_ID" % name)
    if f is not None:
        info("id " + f[2][2:-1].decode())
    time.sleep(float(seconds))


def cmd_pushclient(path, seconds):
    """Write commands to a VP socket as fast as it takes them, for
    SECONDS; print how many bytes it took."""
    u = socket.socket(socket.AF_UNIX)
    u.connect(path)
    u.setblocking(False)
    line = b"ping -c 1 192.0.2.1\n" * 512
    total = 0
    end = time.time() + float(seconds)
    while time.time() < end:
        try:
            total += u.send(line)
        except BlockingIOError:
            time.sleep(0.01)
        except OSError:
            break
    print("PUSHED: %d" % total, flush=True)


def cmd_badvp(host, port, kind):
    p = Peer(connect(host, port))
    if kind not in ("garbage-first", "huge-first"):
        p.master_new(os.urandom(8), "bad" + kind.replace("-", ""))
        f = p.read_frame()
        if f is None:
            say(False, "badvp %s: MASTER_ID" % kind)
            return
    try:
        if kind == "garbage-first":
            p.send_raw(os.urandom(5000))
        elif kind == "huge-first":
            # the longest frame there is, before saying who we are
            p.send_raw(struct.pack(">IIH", 0, 0, 65535) + b"\0" * 1000)
        elif kind == "zero-length":
            p.send_raw(struct.pack(">IIH", 0, 1, 0))
        elif kind == "bad-seq":
            p.send_raw(frame(7, 1, b"hello\n"))
        elif kind == "unknown-channel":
            p.send_raw(frame(0, 9, b"hello\n"))
        elif kind == "bad-ack":
            p.send_ctl(bytes([ACK]) + struct.pack(">I", 3))
        elif kind == "bad-control":
            p.send_ctl(bytes([MASTER_NEW, 8]) + b"12345678\0")
        elif kind == "truncated-control":
            p.send_ctl(bytes([CHANNEL_FIN, 0, 0]))
        elif kind == "flood":
            # a stream of small sequenced frames, each of which remoted
            # must acknowledge (CHANNEL_FIN of a channel it does not
            # know, which it ignores, as scamper's does), never reading
            # those acknowledgements: remoted's output toward us grows
            # until it gives up on us
            p.s.setblocking(False)
            deadline = time.time() + 30
            seq = 0
            pending = b""
            while time.time() < deadline:
                if not pending:
                    pending = b"".join(struct.pack(">IIHBI", seq + i, 0, 5,
                                                   CHANNEL_FIN, 77)
                                       for i in range(4096))
                    seq += 4096
                try:
                    n = p.s.send(pending)
                    pending = pending[n:]
                except BlockingIOError:
                    time.sleep(0.01)
                except OSError:
                    break
            info("flood: %d frames sent" % seq)
    except OSError:
        pass
    # remoted should close us
    p.s.settimeout(15)
    closed = False
    try:
        while True:
            b = p.s.recv(65536)
            if not b:
                closed = True
                break
    except OSError:
        closed = True
    say(closed, "badvp %s: disconnected" % kind)


def cmd_tlsvp(host, port, name, cafile, cert, key, sni):
    try:
        s = connect(host, port, (cafile, cert if cert != "-" else None,
                                 key if key != "-" else None, sni))
        p = Peer(s)
        p.master_new(os.urandom(8), name)
        f = p.read_frame(3)
        print("RESULT: " + ("accepted" if f and f[2][0] == MASTER_ID
                            else "refused"), flush=True)
    except (ssl.SSLError, OSError) as e:
        print("RESULT: refused (%s)" % e, flush=True)


def mux_read(s, buf, timeout=5.0):
    end = time.time() + timeout
    while True:
        if len(buf[0]) >= 8:
            ch, ln = struct.unpack(">II", buf[0][:8])
            if len(buf[0]) >= 8 + ln:
                p = buf[0][8:8 + ln]
                buf[0] = buf[0][8 + ln:]
                return ch, p
        left = end - time.time()
        if left <= 0:
            return None
        s.settimeout(left)
        try:
            b = s.recv(65536)
        except OSError:
            return None
        if not b:
            return None
        buf[0] += b


ATTRS = {1: "name", 2: "arrival", 3: "ipv4", 4: "asn4", 5: "cc", 6: "st",
         7: "place", 8: "latlong", 9: "shortname", 10: "tag", 11: "iata",
         12: "ipv6", 13: "asn6"}


def mux_vps(s, buf):
    vps = {}
    while True:
        f = mux_read(s, buf)
        if f is None:
            return None
        ch, p = f
        (t,) = struct.unpack(">H", p[:2])
        if t == 2:
            return vps
        if t == 0:
            (vid,) = struct.unpack(">I", p[2:6])
            attrs = []
            off = 6
            while off < len(p):
                (a,) = struct.unpack(">H", p[off:off + 2])
                end = p.index(b"\0", off + 2)
                attrs.append((ATTRS.get(a, str(a)),
                              p[off + 2:end].decode()))
                off = end + 1
            vps[vid] = attrs


def cmd_muxlist(path):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    vps = mux_vps(s, [b""])
    if vps is None:
        print("FAIL: no GO")
        return
    for vid, attrs in sorted(vps.items()):
        print("VP %d %s" % (vid, " ".join(
            "%s=%s" % (k, v) for k, v in attrs if k != "arrival")))
    print("GO")


def cmd_muxwatch(path, seconds):
    """Print each mux control message as it comes, for SECONDS."""
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    buf = [b""]
    end = time.time() + float(seconds)
    while time.time() < end:
        f = mux_read(s, buf, end - time.time())
        if f is None:
            break
        ch, p = f
        if ch != 0:
            continue
        (t,) = struct.unpack(">H", p[:2])
        if t == 0:
            (vid,) = struct.unpack(">I", p[2:6])
            names = [v for a, v in mux_attrs(p) if a == "name"]
            print("UPDATE %d %s" % (vid, names[0] if names else "-"),
                  flush=True)
        elif t == 1:
            print("DEPART %d" % struct.unpack(">I", p[2:6]), flush=True)
        elif t == 2:
            print("GO", flush=True)
        else:
            print("TYPE %d" % t, flush=True)


def mux_attrs(p):
    attrs = []
    off = 6
    while off < len(p):
        (a,) = struct.unpack(">H", p[off:off + 2])
        end = p.index(b"\0", off + 2)
        attrs.append((ATTRS.get(a, str(a)), p[off + 2:end].decode()))
        off = end + 1
    return attrs


def cmd_muxrun(path, vpname, command, ndata="3"):
    """Open a channel to the VP, send COMMAND at the first MORE, and
    done once NDATA DATA lines came (0: once the command is accepted;
    a scripted VP sends no results)."""
    ndata = int(ndata)
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    buf = [b""]
    vps = mux_vps(s, buf)
    vid = [v for v, a in (vps or {}).items() if ("name", vpname) in a]
    say(len(vid) == 1, "mux: VP %s listed" % vpname)
    if not vid:
        return
    s.sendall(struct.pack(">IIHII", 0, 10, 3, vid[0], 7))
    text = b""
    sent_cmd = sent_done = False
    closed = False
    end = time.time() + 30
    while time.time() < end:
        f = mux_read(s, buf, end - time.time())
        if f is None:
            break
        ch, p = f
        if ch == 0:
            (t,) = struct.unpack(">H", p[:2])
            if t == 4 and struct.unpack(">I", p[2:6])[0] == 7:
                closed = True
                break
            continue
        if ch != 7:
            continue
        text += p
        if b"MORE\n" in text and not sent_cmd:
            s.sendall(struct.pack(">II", 7, len(command) + 1) +
                      command.encode() + b"\n")
            sent_cmd = True
        elif sent_cmd and not sent_done and \
                text.count(b"DATA ") >= ndata and b"OK id-" in text:
            s.sendall(struct.pack(">II", 7, 5) + b"done\n")
            sent_done = True
    lines = [x for x in text.decode(errors="replace").split("\n")
             if x.startswith(("OK", "ERR", "DATA", "MORE"))]
    for x in lines:
        print("LINE: " + x)
    say(closed, "mux: CHANNEL_CLOSE after done")


def cmd_unixrun(path, command):
    u = socket.socket(socket.AF_UNIX)
    u.connect(path)
    u.settimeout(5)
    u.sendall(command.encode() + b"\n")
    data = b""
    try:
        while b"OK id-" not in data and b"ERR" not in data:
            b = u.recv(4096)
            if not b:
                break
            data += b
    except OSError:
        pass
    print("REPLY: " + data.decode(errors="replace").replace("\n", "|"))


def main():
    cmd = sys.argv[1]
    args = sys.argv[2:]
    f = globals().get("cmd_" + cmd)
    if f is None:
        sys.exit("unknown subcommand " + cmd)
    f(*args)


if __name__ == "__main__":
    main()
