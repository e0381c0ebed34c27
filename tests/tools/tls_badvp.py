#!/usr/bin/env python3
"""tls_badvp.py: a VP that says who it is over TLS, then sends a bad frame.

  tls_badvp.py HOST PORT NAME CAFILE CERT KEY SNI

Connects to sc_remoted with a client certificate, sends MASTER_NEW as
NAME, waits for MASTER_ID, then sends a frame of length 0 on channel 1
and reads until sc_remoted closes the connection (or 10 s pass).
Prints "ID: yes|no" and "CLOSED: yes|no".
"""
import os
import socket
import ssl
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import remote_peer  # noqa: E402


def main():
    host, port, name, cafile, cert, key, sni = sys.argv[1:8]
    p = remote_peer.Peer(remote_peer.connect(host, port,
                                             (cafile, cert, key, sni)))
    p.master_new(os.urandom(8), name)
    f = p.read_frame(5)
    print("ID: %s" % ("yes" if f and f[2][0] == remote_peer.MASTER_ID
                      else "no"), flush=True)
    closed = False
    try:
        p.send_raw(struct.pack(">IIH", 0, 1, 0))
        end = time.time() + 10
        p.s.settimeout(1)
        while time.time() < end:
            try:
                b = p.s.recv(4096)
            except socket.timeout:
                continue
            if not b:
                closed = True
                break
    except (ssl.SSLError, OSError):
        closed = True
    print("CLOSED: %s" % ("yes" if closed else "no"), flush=True)


if __name__ == "__main__":
    main()
