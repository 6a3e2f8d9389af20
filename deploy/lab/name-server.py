#!/usr/bin/env python3
"""A tiny HTTP server for lab real servers: answers every GET with its own name, so a client can tell
which real server IPVS picked.  Usage: name-server.py NAME [PORT] [ADDRESS]"""
import http.server
import socketserver
import sys

name = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 else 80
address = sys.argv[3] if len(sys.argv) > 3 else "0.0.0.0"
body = (name + "\n").encode()


class NameHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.client_address[0], fmt % args))


class Server(http.server.ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True

    def server_bind(self):
        # HTTPServer.server_bind resolves the host's name (socket.getfqdn): a DNS lookup we never want here.
        socketserver.TCPServer.server_bind(self)
        self.server_name = self.server_address[0]
        self.server_port = self.server_address[1]


server = Server((address, port), NameHandler)
print("%s listening on %s:%d" % (name, address, port), flush=True)
server.serve_forever()
