#!/usr/bin/python3
"""Client probe of the leadership failover lab: a new HTTP request to HOST:PORT every 20 ms, each on its own connection
with a 300 ms time limit, several in flight at once; one line per attempt on stdout, in the order they started:
"UNIX_MS ok BODY" or "UNIX_MS fail" (UNIX_MS: when the attempt started). Runs until killed.

Why overlapping attempts: the "first answer through the new owner" is the first attempt started after the takeover
that succeeds. One attempt at a time, each waiting out its time limit while the VIP has no owner, could see that
answer only a time limit after the previous attempt began: a resolution of 100 ms where the failovers measured differ
by tens. Here it is 20 ms, the same for every director and for keepalived (every 10 ms, the hub guest's one CPU,
which also runs the real servers' HTTP, timed out a third of the requests while nothing failed over)."""
import errno
import selectors
import socket
import sys
import time
from collections import deque

host, port = sys.argv[1], int(sys.argv[2])
EVERY, LIMIT = 0.020, 0.300
REQUEST = b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n"


class Attempt:
    def __init__(self, started):
        self.started, self.result, self.data = started, None, b""
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        code = self.sock.connect_ex((host, port))
        if code not in (0, errno.EINPROGRESS):
            self.finish("fail")

    def finish(self, result):
        if self.result is None:
            self.result = result
            try:
                selector.unregister(self.sock)
            except (KeyError, ValueError):
                pass
            self.sock.close()


selector = selectors.DefaultSelector()
attempts = deque()
next_start = time.time()
while True:
    now = time.time()
    if now >= next_start:
        attempt = Attempt(now)
        if attempt.result is None:
            selector.register(attempt.sock, selectors.EVENT_WRITE, attempt)
        attempts.append(attempt)
        next_start += EVERY
        if next_start < now:
            next_start = now + EVERY
    for key, events in selector.select(timeout=max(0.0, next_start - time.time())):
        attempt = key.data
        try:
            if events & selectors.EVENT_WRITE and not attempt.data:
                if attempt.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    attempt.finish("fail")
                    continue
                attempt.sock.sendall(REQUEST)
                attempt.data = b"-"
                selector.modify(attempt.sock, selectors.EVENT_READ, attempt)
            elif events & selectors.EVENT_READ:
                chunk = attempt.sock.recv(4096)
                body = chunk.split(b"\r\n\r\n", 1)[-1].strip().split(b"\n", 1)[0].decode(errors="replace") if chunk else ""
                attempt.finish("ok " + body if chunk else "fail")
        except OSError:
            attempt.finish("fail")
    now = time.time()
    for attempt in attempts:
        if attempt.result is None and now - attempt.started > LIMIT:
            attempt.finish("fail")
    # In start order: a later attempt that finished first waits for the ones before it.
    while attempts and attempts[0].result is not None:
        done = attempts.popleft()
        print(f"{int(done.started * 1000)} {done.result}", flush=True)
