#!/usr/bin/python3
"""Client probe of the leadership failover lab: a new HTTP request to URL every 20 ms (100 ms time limit each),
one line per attempt on stdout: "UNIX_MS ok BODY" or "UNIX_MS fail". Runs until killed."""
import socket
import sys
import time

host, port = sys.argv[1], int(sys.argv[2])
while True:
    started = time.time()
    try:
        with socket.create_connection((host, port), timeout=0.1) as s:
            s.sendall(b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n")
            data = s.recv(4096)
        body = data.split(b"\r\n\r\n", 1)[-1].strip().decode() if data else ""
        print(f"{int(started * 1000)} ok {body}", flush=True)
    except OSError:
        print(f"{int(started * 1000)} fail", flush=True)
    time.sleep(max(0.0, 0.02 - (time.time() - started)))
