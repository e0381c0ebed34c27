#!/usr/bin/env python3
"""vp_client.py: a client of one VP's unix socket made by sc_remoted -U.

  vp_client.py SOCK TIMEOUT OUT.warts [--gate FILE] [--wait-after N] CMD...

A remote channel is already attached (no "attach" is sent): the client
sends each command, then "done", and reads until the VP closes the
channel or TIMEOUT seconds pass.  It checks every line it gets: "OK id-N"
for each command, "MORE", "ERR ...", "DATA n [id-N]" followed by n bytes
of uuencoded warts, which are decoded and written to OUT.warts.

--gate FILE: after sending the commands, wait until FILE exists before
sending "done" (so a test can cut the link while results are pending).
--wait-after N: stop after the N-th result with an id instead of sending
"done" and waiting for the end (a test then cuts the link itself).

It prints one summary line and exits 0 if it could talk at all:
  accepted=A results=R dups=D missing=M errors=E eof=0|1 first_err=...
results counts distinct ids that had a DATA block; dups the DATA blocks
with an id seen before; missing the accepted ids without one.
"""
import binascii
import os
import re
import socket
import sys
import time


def main():
    args = sys.argv[1:]
    path, timeout, out = args[0], float(args[1]), args[2]
    args = args[3:]
    gate = None
    wait_after = 0
    while args and args[0].startswith("--"):
        if args[0] == "--gate":
            gate = args[1]
            args = args[2:]
        elif args[0] == "--wait-after":
            wait_after = int(args[1])
            args = args[2:]
        else:
            sys.exit("unknown option " + args[0])
    cmds = args
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.settimeout(0.2)
    for c in cmds:
        s.sendall(c.encode() + b"\n")
    done_sent = False
    deadline = time.time() + timeout
    buf = b""
    accepted, seen, dups, errors = [], {}, 0, []
    eof = False
    warts = open(out, "wb")
    need = None          # bytes of the DATA block still to read
    block = b""
    block_id = None
    while time.time() < deadline:
        if not done_sent and not wait_after and \
                (gate is None or os.path.exists(gate)):
            s.sendall(b"done\n")
            done_sent = True
        try:
            b = s.recv(65536)
            if not b:
                eof = True
                break
            buf += b
        except socket.timeout:
            pass
        except OSError:
            eof = True
            break
        while True:
            if need is not None:
                take = min(need, len(buf))
                block += buf[:take]
                buf = buf[take:]
                need -= take
                if need > 0:
                    break
                for line in block.split(b"\n"):
                    if line:
                        warts.write(binascii.a2b_uu(line))
                if block_id is not None:
                    if block_id in seen:
                        dups += 1
                    seen[block_id] = seen.get(block_id, 0) + 1
                need, block, block_id = None, b"", None
                continue
            nl = buf.find(b"\n")
            if nl < 0:
                break
            line = buf[:nl].decode(errors="replace")
            buf = buf[nl + 1:]
            m = re.match(r"^DATA (\d+)(?: id-(\d+))?$", line)
            if m:
                need = int(m.group(1))
                block_id = int(m.group(2)) if m.group(2) else None
                continue
            m = re.match(r"^OK id-(\d+)$", line)
            if m:
                accepted.append(int(m.group(1)))
                continue
            if line in ("MORE", "OK"):
                continue
            errors.append(line)
        if wait_after and len(seen) >= wait_after:
            break
    warts.close()
    missing = [i for i in accepted if i not in seen]
    print("accepted=%d results=%d dups=%d missing=%d errors=%d eof=%d "
          "first_err=%s" % (len(accepted), len(seen), dups, len(missing),
                            len(errors), 1 if eof else 0,
                            errors[0].replace(" ", "_") if errors else "-"),
          flush=True)


if __name__ == "__main__":
    main()
