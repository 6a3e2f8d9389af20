#!/usr/bin/env python3
"""A lab client that makes TCP connections one at a time from chosen source addresses and ports, sends one
HTTP GET on each, and prints which real server answered (the body name-server.py sends back).

Usage: connect.py [--keep-open] [--then COMMAND] <PLAN
PLAN lines: SRC SPORT DST DPORT. Output lines: SRC:SPORT DST:DPORT NAME, in plan order; NAME is "none" when
the connection was refused (IPVS found no destination and the director's own stack reset it).
COMMAND runs through the shell after the last connection, before held connections close (to read the
director's counters while they are still open).

Each connection is complete before the next starts. Without --keep-open the client closes it first (its FIN
passes IPVS before the next SYN, so the kernel counts it inactive by then); with --keep-open every connection
stays established until the plan is done. One process replays a whole plan: under UML each process start
costs 0.15-0.4 s, a connection here a few milliseconds.
"""
import argparse
import socket
import subprocess
import sys

TIMEOUT_SECONDS = 5


def ask(src, sport, dst, dport):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(TIMEOUT_SECONDS)
    sock.bind((src, sport))
    sock.connect((dst, dport))
    sock.sendall(b"GET / HTTP/1.1\r\nHost: lab\r\n\r\n")
    response = b""
    while b"\r\n\r\n" not in response or len(response) < body_end(response):
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the whole response arrived")
        response += chunk
    name = response.split(b"\r\n\r\n", 1)[1].decode().strip()
    return sock, name


def body_end(response):
    head, _ = response.split(b"\r\n\r\n", 1)
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            return len(head) + 4 + int(value)
    raise ValueError("response without Content-Length")


def main():
    parser = argparse.ArgumentParser(description="Connect one at a time; print which server answered.")
    parser.add_argument("--keep-open", action="store_true", help="hold every connection until the plan is done")
    parser.add_argument("--then", help="shell command to run after the last connection")
    args = parser.parse_args()
    held = []
    for n, line in enumerate(sys.stdin, 1):
        src, sport, dst, dport = line.split()
        try:
            sock, name = ask(src, int(sport), dst, int(dport))
        except ConnectionRefusedError:
            sock, name = None, "none"
        except (OSError, ValueError) as e:
            sys.exit("connection %d %s:%s -> %s:%s failed: %s" % (n, src, sport, dst, dport, e))
        print("%s:%s %s:%s %s" % (src, sport, dst, dport, name), flush=True)
        if sock is None:
            continue
        if args.keep_open:
            held.append(sock)
        else:
            sock.close()
    if args.then:
        subprocess.run(args.then, shell=True, check=True)
    for sock in held:
        sock.close()


main()
