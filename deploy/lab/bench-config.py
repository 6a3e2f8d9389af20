#!/usr/bin/env python3
"""Writes the apply benchmark's table: SERVICES virtual services with REALS real servers each (wrr, NAT), as our
configuration or, with "keepalived", as the keepalived.conf that programs the same table.
Usage: bench-config.py SERVICES REALS [keepalived] > FILE
VIPs 203.0.113.1-100 with 100 ports each; real servers 198.51.100.11+ (the director's subnet, so unicast)."""
import sys

services, reals = int(sys.argv[1]), int(sys.argv[2])
keepalived = len(sys.argv) > 3 and sys.argv[3] == "keepalived"


def table():
    for i in range(services):
        vip, port = "203.0.113.%d" % (1 + i // 100), 8000 + i % 100
        yield i, vip, port, [("198.51.100.%d" % (11 + j), 10000 + i, 1 + j) for j in range(reals)]


out = []
if keepalived:
    for i, vip, port, servers in table():
        out.append("virtual_server %s %d {\n  lvs_sched wrr\n  lvs_method NAT\n  protocol TCP" % (vip, port))
        out += ["  real_server %s %d { weight %d }" % s for s in servers]
        out.append("}")
else:
    out += ["lvs {", "  data-plane = ipvs", "  virtual-services {"]
    for i, vip, port, servers in table():
        rs = ", ".join('{ address = "%s:%d", weight = %d }' % s for s in servers)
        out.append('    vs-%04d { address = "%s:%d", scheduler = wrr, real-servers = [ %s ] }' % (i, vip, port, rs))
    out += ["  }", "}"]
print("\n".join(out))
