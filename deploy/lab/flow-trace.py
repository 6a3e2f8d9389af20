#!/usr/bin/python3
"""Every TCP segment to or from PORT on one interface, for SECONDS: flow-trace.py IFACE PORT SECONDS.

For reading where a flow's packets went when it broke (the active-active lab's flap runs trace the router's side
toward the directors: which director each of the client's segments was sent to, by MAC, and whether the real server's
answers came back). One line per segment, headers only:
  UNIX_MS in|out SRC_MAC DST_MAC SRC_IP:SPORT DST_IP:DPORT FLAGS PAYLOAD_BYTES
FLAGS as tcpdump writes them (S, F, R, P, . for ACK). A packet socket sees the frames the interface sends and receives;
nothing is changed. Stops by itself after SECONDS."""
import socket
import struct
import sys
import time

iface, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ETH_P_ALL = 0x0003  # not ETH_P_IP: a socket bound to one protocol never sees the frames the interface sends
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
FLAG_NAMES = ((0x02, "S"), (0x01, "F"), (0x04, "R"), (0x08, "P"), (0x10, "."))

sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
sock.bind((iface, 0))
sock.settimeout(0.5)
out = sys.stdout
end = time.time() + seconds


def mac(raw):
    return ":".join(f"{b:02x}" for b in raw)


while time.time() < end:
    try:
        frame, where = sock.recvfrom(128)  # headers are all we read
    except socket.timeout:
        continue
    ip = frame[14:]
    if len(frame) < 34 or struct.unpack("!H", frame[12:14])[0] != ETH_P_IP or ip[9] != socket.IPPROTO_TCP:
        continue
    ihl = (ip[0] & 0x0F) * 4
    tcp = ip[ihl:]
    if len(tcp) < 14:
        continue
    sport, dport = struct.unpack("!HH", tcp[:4])
    if port not in (sport, dport):
        continue
    total = struct.unpack("!H", ip[2:4])[0]
    payload = total - ihl - (tcp[12] >> 4) * 4
    flags = "".join(name for bit, name in FLAG_NAMES if tcp[13] & bit)
    direction = "out" if where[2] == PACKET_OUTGOING else "in"
    out.write(f"{int(time.time() * 1000)} {direction} {mac(frame[6:12])} {mac(frame[:6])} "
              f"{socket.inet_ntoa(ip[12:16])}:{sport} {socket.inet_ntoa(ip[16:20])}:{dport} {flags} {payload}\n")
out.flush()
