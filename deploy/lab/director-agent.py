#!/usr/bin/python3
"""The hub's hand inside a director guest of the cluster lab: director-agent.py ADDRESS PORT OPS_FILE.

Listens on the management segment (203.0.113.0/24, never cut by a partition). Each connection carries one command
line; the agent runs it with bash after sourcing OPS_FILE (deploy/lab/director-ops.sh, the director's operations),
answers with its output and a last line "rc=N", and closes. Commands run concurrently, so a slow start does not hold
up the hub's polling. Two commands are the agent's own: "clock" answers this guest's time in ms at once (so the
hub can measure the offset between guest clocks without a shell's start-up in the way), and "poweroff" answers,
then ends the agent (and with it the guest). A command is limited to 300 s; one that outlives it answers rc=124."""
import socket
import subprocess
import sys
import threading
import time

address, port, ops = sys.argv[1], int(sys.argv[2]), sys.argv[3]
stop = threading.Event()


def serve(conn):
    with conn:
        line = conn.makefile("rb").readline().decode(errors="replace").strip()
        if line == "clock":
            conn.sendall(f"{int(time.time() * 1000)}\nrc=0\n".encode())
            return
        if line == "poweroff":
            conn.sendall(b"rc=0\n")
            stop.set()
            return
        try:
            done = subprocess.run(["bash", "-c", f'. "$1"; {line}', "ops", ops], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
            out, rc = done.stdout, done.returncode
        except subprocess.TimeoutExpired as e:
            out, rc = e.stdout or b"", 124
        if out and not out.endswith(b"\n"):
            out += b"\n"
        conn.sendall(out + f"rc={rc}\n".encode())


listener = socket.create_server((address, port), reuse_port=False)
listener.settimeout(0.5)
print(f"agent listening on {address}:{port}", flush=True)
while not stop.is_set():
    try:
        conn, _ = listener.accept()
    except socket.timeout:
        continue
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
print("agent: poweroff", flush=True)
