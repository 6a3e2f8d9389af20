#!/usr/bin/python3
"""The hub's hand inside a director guest of the cluster lab: director-agent.py ADDRESS PORT OPS_FILE.

Listens on the management segment (203.0.113.0/24, never cut by a partition). Each connection carries one command
line; the agent runs it with bash after sourcing OPS_FILE (deploy/lab/director-ops.sh, the director's operations),
answers with its output and a last line "rc=N", and closes. Commands run concurrently, so a slow start does not hold
up the hub's polling. Two commands are the agent's own: "clock" answers this guest's time in ms at once (so the
hub can measure the offset between guest clocks without a shell's start-up in the way), and "poweroff" answers,
then ends the agent (and with it the guest). The questions the hub polls during every run are answered here too,
without a bash that sources the operations and a python3 that parses the admin API's JSON (a second of a one-CPU
guest per question, taken from the director it asks about, and half of the lab's time between runs):
  holds          "yes" when eth0 has the VIP and is administratively up, else "no"
  standing       "stopped" when no director runs here, else members_up
  members_up     how many members this director's admin API sees Up and reachable (0 when it does not answer)
  holding_epoch  the epoch this director holds the VIPs under, or "none"
A command is limited to 300 s; one that outlives it answers rc=124."""
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

address, port, ops = sys.argv[1], int(sys.argv[2]), sys.argv[3]
stop = threading.Event()

# As deploy/lab/director-ops.sh has them.
VIP = "192.0.2.100"
PIDFILE = "/run/lab/director.pid"
STATUS = "http://127.0.0.1:9180/api/v1/status"


def running():
    try:
        with open(PIDFILE) as f:
            os.kill(int(f.read().strip()), 0)
        return True
    except (OSError, ValueError):
        return False


def cluster_status():
    """The admin API's director.cluster.status ({} when it has none), or None when the API does not answer."""
    try:
        with urllib.request.urlopen(STATUS, timeout=5) as answer:
            return (json.load(answer)["director"]["cluster"] or {}).get("status") or {}
    except Exception:
        return None


def members_up():
    status = cluster_status() or {}
    return str(sum(1 for m in status.get("members", []) if m["status"] == "Up" and m["reachable"]))


def holding_epoch():
    status = cluster_status() or {}
    return str((status.get("local") or {}).get("holdingEpoch") or "none")


def holds():
    # The UP flag, not "state UP": a UML network device reports no carrier, so its operational state stays UNKNOWN.
    addresses = subprocess.run(["ip", "-o", "addr", "show", "dev", "eth0"], capture_output=True, text=True).stdout
    link = subprocess.run(["ip", "-o", "link", "show", "eth0"], capture_output=True, text=True).stdout
    flags = re.search(r"<([^>]*)>", link)
    up = flags is not None and "UP" in flags.group(1).split(",")
    return "yes" if f" {VIP}/" in addresses and up else "no"


QUESTIONS = {
    "holds": holds,
    "standing": lambda: members_up() if running() else "stopped",
    "members_up": members_up,
    "holding_epoch": holding_epoch,
}


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
        if line in QUESTIONS:
            conn.sendall(f"{QUESTIONS[line]()}\nrc=0\n".encode())
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
