#!/usr/bin/python3
"""Long-lived connections through a director: long-lived.py HOST PORT COUNT. Opens COUNT TCP connections and, on
each, sends a line every 200 ms and waits for its echo. A connection that is reset, refused or silent for 20 s is
lost: it prints "UNIX_MS lost N REASON", and opens a new one in its place ("UNIX_MS opened N SERVER"). The echo
names the real server; a connection whose echo suddenly names another server also counts as lost ("moved").
Every 5 s: "UNIX_MS alive K" with K the connections that answered in the last 5 s. Runs until killed."""
import socket
import sys
import threading
import time

host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
answered = {}
lock = threading.Lock()


def now_ms():
    return int(time.time() * 1000)


def say(text):
    with lock:
        print(f"{now_ms()} {text}", flush=True)


def hold(n):
    while True:
        try:
            conn = socket.create_connection((host, port), timeout=2)
        except OSError as e:
            say(f"refused {n} {e.__class__.__name__}")
            time.sleep(0.5)
            continue
        conn.settimeout(20)
        server = None
        seq = 0
        try:
            with conn, conn.makefile("rb") as lines:
                while True:
                    seq += 1
                    conn.sendall(f"{n}.{seq}\n".encode())
                    line = lines.readline()
                    if not line:
                        raise ConnectionResetError("closed by peer")
                    who = line.split(b" ", 1)[0].decode()
                    if server is None:
                        server = who
                        say(f"opened {n} {server}")
                    elif who != server:
                        raise ConnectionError(f"moved from {server} to {who}")
                    answered[n] = time.time()
                    time.sleep(0.2)
        except OSError as e:
            say(f"lost {n} {e.__class__.__name__}:{e}".replace("\n", " "))


for n in range(count):
    threading.Thread(target=hold, args=(n,), daemon=True).start()
while True:
    time.sleep(5)
    recent = sum(1 for t in list(answered.values()) if time.time() - t < 5)
    say(f"alive {recent}")
