#!/usr/bin/python3
"""TCP echo server for long-lived connections: echo-server.py PORT. Each connection gets a thread that sends back
every line it reads, prefixed with this server's name (argv[2]) so the client sees which real server holds it."""
import socket
import sys
import threading

port, name = int(sys.argv[1]), sys.argv[2].encode()


def serve(conn):
    with conn, conn.makefile("rb") as lines:
        for line in lines:
            conn.sendall(name + b" " + line)


listener = socket.create_server(("0.0.0.0", port), backlog=128, reuse_port=False)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
