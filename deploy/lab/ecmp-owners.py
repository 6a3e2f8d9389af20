#!/usr/bin/python3
"""Which director the router sends each open flow to: ecmp-owners.py FLOWS_LOG NETNS IIF VIP PORT CLIENT.

Reads the client's flows.log (aa-flows.py: "opened PORT SERVER", "lost PORT …") for the flows open now, and asks the
router's kernel for each one's route as it forwards it (`ip route get VIP from CLIENT iif IIF ipproto tcp sport P
dport PORT`, all in one `ip -batch`): the ECMP hash's choice, the same the router makes for the flow's packets. Prints
"PORT dK" per flow (dK: the director 192.0.2.1K), or "PORT -" when the router has no route to the VIP."""
import re
import subprocess
import sys

log, netns, iif, vip, port, client = sys.argv[1:7]
open_flows = {}
with open(log, errors="replace") as lines:
    for line in lines:
        words = line.split()
        if len(words) >= 3 and words[1] == "opened" and words[2].isdigit():
            open_flows[int(words[2])] = True
        elif len(words) >= 3 and words[1] == "lost" and words[2].isdigit():
            open_flows.pop(int(words[2]), None)
ports = sorted(open_flows)
batch = "".join(f"route get {vip} from {client} iif {iif} ipproto tcp sport {p} dport {port}\n" for p in ports)
done = subprocess.run(["ip", "-n", netns, "-force", "-batch", "-"], input=batch, capture_output=True, text=True)
# Each answer begins with a line naming the VIP; its next hop (via) is on that line.
answers = [l for l in done.stdout.splitlines() if l.startswith(vip)]
for p, answer in zip(ports, answers):
    m = re.search(r"via 192\.0\.2\.1([1-9])", answer)
    print(p, f"d{m.group(1)}" if m else "-")
for p in ports[len(answers):]:
    print(p, "-")
