#!/usr/bin/python3
"""clock-offset.py HOST [PORT [TRIES]]: the clock of a director guest (its agent's "clock" command) minus this guest's,
in ms, from the quickest of TRIES (10) round trips: prints "OFFSET_MS RTT_MS". The offset is known to within RTT/2."""
import socket
import sys
import time

host, port = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 7000
tries = int(sys.argv[3]) if len(sys.argv) > 3 else 10
best = None
for _ in range(tries):
    before = time.time() * 1000
    with socket.create_connection((host, port), timeout=5) as conn:
        conn.sendall(b"clock\n")
        reply = b""
        while chunk := conn.recv(100):
            reply += chunk
    after = time.time() * 1000
    theirs = int(reply.split()[0])
    if best is None or after - before < best[1]:
        best = (theirs - (before + after) / 2, after - before)
print(f"{best[0]:.0f} {best[1]:.0f}")
