#!/usr/bin/env python3
"""Writes a configuration of SERVICES virtual services with REALS real servers each, for the apply benchmark.
Usage: bench-config.py SERVICES REALS > bench.conf
VIPs 203.0.113.1-100 with 100 ports each; real servers 198.51.100.11+ (the director's subnet, so unicast)."""
import sys

services, reals = int(sys.argv[1]), int(sys.argv[2])
out = ["lvs {", "  data-plane = ipvs", "  virtual-services {"]
for i in range(services):
    vip = "203.0.113.%d:%d" % (1 + i // 100, 8000 + i % 100)
    servers = ", ".join('{ address = "198.51.100.%d:%d", weight = %d }' % (11 + j, 10000 + i, 1 + j) for j in range(reals))
    out.append('    vs-%04d { address = "%s", scheduler = wrr, real-servers = [ %s ] }' % (i, vip, servers))
out += ["  }", "}"]
print("\n".join(out))
