#!/usr/bin/python3
"""The client's view of VIP ownership: every 10 ms, an ARP request "who has VIP" from the client namespace's interface,
and every reply, whatever its slot, logged as "UNIX_MS reply MAC SEQ" (SEQ: the request it answers, by arrival: the
latest request sent). Two directors that both answer within one 10 ms slot both held the VIP then, as a client sees
it. Also logs "UNIX_MS sent SEQ" every 100 requests, so gaps in sampling are visible. Runs until killed.
Usage: arp-sampler.py INTERFACE CLIENT_IP VIP"""
import os
import select
import socket
import struct
import sys
import time

interface, client_ip, vip = sys.argv[1], sys.argv[2], sys.argv[3]
ETH_P_ARP = 0x0806
sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
sock.bind((interface, ETH_P_ARP))
mac = sock.getsockname()[4]
request = (b"\xff" * 6 + mac + struct.pack("!H", ETH_P_ARP)
           + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac + socket.inet_aton(client_ip)
           + b"\x00" * 6 + socket.inet_aton(vip))
out = os.fdopen(sys.stdout.fileno(), "w", buffering=1)
seq, next_send = 0, time.monotonic()
while True:
    now = time.monotonic()
    if now >= next_send:
        seq += 1
        sock.send(request)
        if seq % 100 == 0:
            out.write(f"{int(time.time() * 1000)} sent {seq}\n")
        next_send += 0.01
        if next_send < now:  # stalled: do not burst to catch up
            next_send = now + 0.01
    ready, _, _ = select.select([sock], [], [], max(0.0, next_send - time.monotonic()))
    if not ready:
        continue
    frame = sock.recv(128)
    if len(frame) < 42:
        continue
    op, sender_mac, sender_ip = struct.unpack("!H", frame[20:22])[0], frame[22:28], frame[28:32]
    if op == 2 and sender_ip == socket.inet_aton(vip):
        out.write(f"{int(time.time() * 1000)} reply {sender_mac.hex(':')} {seq}\n")
