#!/usr/bin/env python3
"""cutproxy.py: a TCP relay a test can cut, to break a link on purpose.

  cutproxy.py LISTEN_PORT TARGET_PORT [PIDFILE]

Relays every connection to 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT.
Signals change what it does:

  SIGUSR1  cut: close every relayed connection (both ends see it close)
           and close new connections at once, until SIGUSR2
  SIGHUP   freeze: stop relaying (as a link that went down: nothing
           moves, nothing closes); new connections are held unanswered
  SIGUSR2  restore: frozen or held connections are closed, new ones are
           relayed again
  SIGTERM  exit

It prints one line per event on stdout ("accept", "cut", ...).
"""
import os
import select
import signal
import socket
import sys

MODE_RELAY, MODE_CUT, MODE_FREEZE = range(3)


class Proxy:
    def __init__(self, lport, tport):
        self.l = socket.socket()
        self.l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.l.bind(("127.0.0.1", lport))
        self.l.listen(16)
        self.tport = tport
        self.pairs = {}          # sock -> peer sock
        self.held = []           # connections not relayed (freeze)
        self.mode = MODE_RELAY
        self.pending = []        # signals to act on
        self.running = True

    def say(self, what):
        print(what, flush=True)

    def close_all(self):
        for s in list(self.pairs):
            try:
                s.close()
            except OSError:
                pass
        self.pairs.clear()
        for s in self.held:
            s.close()
        self.held = []

    def act(self, sig):
        if sig == signal.SIGUSR1:
            self.mode = MODE_CUT
            self.close_all()
            self.say("cut")
        elif sig == signal.SIGHUP:
            self.mode = MODE_FREEZE
            self.say("freeze")
        elif sig == signal.SIGUSR2:
            if self.mode == MODE_FREEZE:
                self.close_all()
            self.mode = MODE_RELAY
            self.say("restore")
        elif sig == signal.SIGTERM:
            self.running = False

    def accept(self):
        c, _ = self.l.accept()
        if self.mode == MODE_CUT:
            c.close()
            self.say("refused")
            return
        if self.mode == MODE_FREEZE:
            self.held.append(c)
            self.say("held")
            return
        t = socket.socket()
        try:
            t.connect(("127.0.0.1", self.tport))
        except OSError:
            c.close()
            self.say("target down")
            return
        self.pairs[c] = t
        self.pairs[t] = c
        self.say("accept")

    def relay(self, s):
        peer = self.pairs.get(s)
        if peer is None:
            return
        try:
            b = s.recv(65536)
        except OSError:
            b = b""
        if not b:
            for x in (s, peer):
                self.pairs.pop(x, None)
                x.close()
            self.say("closed")
            return
        try:
            peer.sendall(b)
        except OSError:
            pass

    def run(self):
        while self.running:
            while self.pending:
                self.act(self.pending.pop(0))
            rd = [self.l]
            if self.mode == MODE_RELAY:
                rd += list(self.pairs)
            try:
                r, _, _ = select.select(rd, [], [], 0.1)
            except InterruptedError:
                continue
            for s in r:
                if s is self.l:
                    self.accept()
                elif self.mode == MODE_RELAY:
                    self.relay(s)
        self.close_all()


def main():
    p = Proxy(int(sys.argv[1]), int(sys.argv[2]))
    for sig in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP,
                signal.SIGTERM):
        signal.signal(sig, lambda n, f: p.pending.append(n))
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            f.write("%d\n" % os.getpid())
    p.say("listening")
    p.run()


if __name__ == "__main__":
    main()
