#!/usr/bin/python3
"""Results of the active-active lab (deploy/lab/scenarios/active-active.sh): active-active.py RESULT_DIR.

Reads the hub's events.txt, the client's flows.log, the router's route.log (`ip -ts -o monitor route`) and, for each
run, the director the router sent each flow to when it began (owners-LABEL.txt: "CLIENT_PORT dK", ecmp-owners.py).
Prints one line per run, "run kind=… n=… victim=… key=value…":
  carry          flows each director carried when the flows were up (d1=… d2=… d3=…); servers: each real server's
  drain          lost: flows broken from the drain until the undrain (each broken flow: "lost" in flows.log)
  rskill         its_flows: flows on the killed real server; its_lost, other_lost: of those, and of the others, broken
                 until it was back; new_failed: connections made meanwhile that broke before their first echo (the
                 client took the port of a flow the kill had just ended; not a flow of another real server)
  kill, kill-nobfd  withdraw_ms: from the kill (the guest's clock, on the hub's) to the router's first route without
                 the director; victim_flows, victim_lost: the dead director's flows and how many broke;
                 survivor_flows, survivor_lost: the same for the other two; rejoin_lost: flows broken while it came back
  flap           route_changes: changes of the router's route to the VIP in the run; lost: flows broken in it (none may)
  broken         one per flow broken in a kill or real-server run (kind=… n=… port=… server=…): when a flow on its
                 port last opened (opened_s, to the run's start; an earlier flow's when this one never answered) and broke (lost_s:
                 a silent flow when it sent the line that got no echo), the director the router sent it to before and after
                 the kill (before=, after=), and each director's connection entries for it before and after
                 (conns-LABEL.txt in dK/: "dK:REAL_SERVER/STATE/EXPIRES_S", "-" for none)
  throughput     directors=N rounds=… echoes_per_s=… (median of the rounds) min=… max=… ratio=… (to one director)
"spread label=… owners=dA,dB,dC" lines: the director the router sent each VIP group to, at the start and after each
kill; and "summary" lines with the median and the range of each figure."""
import datetime
import os
import re
import statistics
import sys

from marks import read_marks

folder = sys.argv[1]
VIP = "203.0.113.100"


events = read_marks(folder, "events.txt")
flow_log = read_marks(folder, "flows.log")


def on_hub(director, when):
    """A guest's clock reading on the hub's clock: the latest skew sample ("skew dN OFFSET RTT") before it."""
    offset = 0
    for w, words in events:
        if words[0] == "skew" and len(words) >= 3 and words[1] == director and w <= when + 1000:
            offset = int(words[2])
    return when - offset


def owners(label):
    """client port -> the director the router sent the flow to when LABEL began (owners-LABEL.txt)."""
    found = {}
    path = os.path.join(folder, f"owners-{label}.txt")
    if os.path.exists(path):
        with open(path) as lines:
            for line in lines:
                parts = line.split()
                if len(parts) == 2 and parts[0].isdigit() and parts[1] != "-":
                    found[int(parts[0])] = parts[1]
    return found


def conn_entries(label):
    """director -> client port -> [(real server, state, expires s)] of the VIP's connections in dK/conns-LABEL.txt
    (/proc/net/ip_vs_conn: addresses and ports in hex)."""
    vip_hex = "".join(f"{int(b):02X}" for b in VIP.split("."))
    found = {}
    for k in (1, 2, 3):
        path = os.path.join(folder, f"d{k}", f"conns-{label}.txt")
        if not os.path.exists(path):
            continue
        table = found.setdefault(f"d{k}", {})
        with open(path, errors="replace") as lines:
            for line in lines:
                w = line.split()
                if len(w) < 9 or w[0] != "TCP" or w[3] != vip_hex:
                    continue
                server = "rs" + str(int(w[5][-2:], 16) - 20)
                table.setdefault(int(w[2], 16), []).append((server, w[7], w[8]))
    return found


def entries_text(tables, port):
    return " ".join(f"{d}:" + (",".join("/".join(e) for e in tables[d][port]) if port in tables[d] else "-")
                    for d in sorted(tables))


def opened_at(port, before):
    """When the flow on PORT that was open at BEFORE opened (ms), or None."""
    when = None
    for t, w in flow_log:
        if t >= before:
            break
        if w[0] == "opened" and w[1] == str(port):
            when = t
    return when


def broken(kind, n, start, lost, label, mine=None, moved=None):
    before, after = conn_entries(label), conn_entries(f"{label}-after")
    for port, server in lost:
        t = next(lt for lt, lport, lserver in losses if (lport, lserver) == (port, server) and lt >= start)
        opened = opened_at(port, t)
        where = f" before={(mine or {}).get(port, '-')} after={(moved or {}).get(port, '-')}" if mine is not None else ""
        print(f"broken kind={kind} n={n} port={port} server={server} "
              f"opened_s={(opened - start) / 1000 if opened else '-'} lost_s={(t - start) / 1000}{where} "
              f"entries_before=[{entries_text(before, port)}] entries_after=[{entries_text(after, port)}]")


def broke_at(t, w):
    """When a flow broke: a reset or close when the client saw it; a silent one when it sent the line that got no
    echo ("lost PORT SERVER silent SENT_MS"), not 30 s later when the client gave up on it. (In one CI run eleven flows
    fell silent 5 s before a kill and counted against it.)"""
    return int(w[4]) if len(w) >= 5 and w[3] == "silent" and w[4].isdigit() else t


# (when it broke, client port, real server) of every broken flow, in the order they broke.
losses = sorted((broke_at(t, w), int(w[1]), w[2]) for t, w in flow_log if w[0] == "lost" and w[1].isdigit())


def lost_between(start, end):
    """(client port, real server) of every flow that broke in [start, end)."""
    return [(port, server) for t, port, server in losses if start <= t < end]


def servers_at(when):
    """client port -> real server, of every flow opened before WHEN and not lost by then."""
    at = {}
    for t, w in flow_log:
        if t >= when:
            break
        if w[0] == "opened" and w[1].isdigit():
            at[int(w[1])] = w[2]
        elif w[0] == "lost" and w[1].isdigit():
            at.pop(int(w[1]), None)
    return at


route_line = re.compile(r"^\[([^\]]+)\] (Deleted )?(.*)$")


def routes():
    """(ms, set of next-hop directors) for every change of the router's route to the VIP."""
    found = []
    path = os.path.join(folder, "route.log")
    if os.path.exists(path):
        with open(path, errors="replace") as lines:
            for line in lines:
                m = route_line.match(line.strip())
                if not m or not m.group(3).startswith(VIP + " ") and not m.group(3).startswith(VIP + "/32"):
                    continue
                when = int(datetime.datetime.fromisoformat(m.group(1)).timestamp() * 1000)
                hops = set() if m.group(2) else {"d" + h for h in re.findall(r"via 192\.0\.2\.1([1-3])", m.group(3))}
                found.append((when, hops))
    return found


route_changes = routes()


def next_event(after, *kinds):
    return next((t for t, w in events if t > after and w[0] in kinds), None)


def run_end(start):
    """Where a run that began at START ends: the next run's begin, or the end of the scenario."""
    return next_event(start, "stop", "drain", "rskill", "kill", "kill-nobfd", "flap", "burst") or start + 3_600_000


def median_range(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"median {statistics.median(values):g} (range {min(values)}-{max(values)}, {len(values)} runs)"


figures = {}


def figure(name, value):
    figures.setdefault(name, []).append(value)


start = next((t for t, w in events if w[:2] == ["carry", "start"]), None)
if start is not None:
    carried = owners("start")
    print("carry " + " ".join(f"d{k}={sum(1 for d in carried.values() if d == f'd{k}')}" for k in (1, 2, 3)))
    on_servers = servers_at(start)
    print("servers " + " ".join(f"rs{k}={sum(1 for s in on_servers.values() if s == f'rs{k}')}" for k in (1, 2, 3)))

for t, w in events:
    if w[0] == "spread" and len(w) >= 3:
        print(f"spread label={w[1]} owners={','.join(w[2:])}")

for t, w in events:
    kind = w[0]
    if kind == "drain" and len(w) >= 3:
        victim, n = w[1], w[2]
        end = run_end(t)
        # Until the next run: the undrain, when flows come back to the director, is part of the drain.
        lost = lost_between(t, end)
        mine = owners(f"drain-{n}")
        victim_flows = sum(1 for d in mine.values() if d == victim)
        print(f"run kind=drain n={n} victim={victim} victim_flows={victim_flows} lost={len(lost)}")
        figure("drain lost", len(lost))
    elif kind == "rskill" and len(w) >= 3:
        victim, n = w[1], w[2]
        end = run_end(t)
        at = servers_at(t)
        lost = lost_between(t, end)
        its = sum(1 for s in at.values() if s == victim)
        its_lost = sum(1 for port, s in lost if s == victim and at.get(port) == victim)
        others = [(p, s) for p, s in lost if s not in (victim, "None")]
        new_failed = [(p, s) for p, s in lost if s == "None"]
        print(f"run kind=rskill n={n} victim={victim} its_flows={its} its_lost={its_lost} other_lost={len(others)} "
              f"new_failed={len(new_failed)}")
        broken("rskill", n, t, others + new_failed, f"rskill-{n}")
        figure("rskill its_lost", its_lost)
        figure("rskill other_lost", len(others))
        figure("rskill new_failed", len(new_failed))
    elif kind in ("kill", "kill-nobfd") and len(w) >= 4:
        victim, n, when = w[1], w[2], on_hub(w[1], int(w[3]))
        gone = next((rt for rt, hops in route_changes if rt >= when - 50 and victim not in hops), None)
        withdraw = gone - when if gone is not None else None
        back = next((bt for bt, bw in events if bt > t and bw[0] == "back" and bw[1] == victim), None)
        end = run_end(t)
        mine = owners(f"{kind}-{n}")
        lost_dead = lost_between(t, back or end)
        victim_flows = sum(1 for d in mine.values() if d == victim)
        victim_lost = sum(1 for port, _ in lost_dead if mine.get(port) == victim)
        survivor_flows = sum(1 for d in mine.values() if d != victim)
        survivor_lost = sum(1 for port, _ in lost_dead if mine.get(port) not in (None, victim))
        unknown_lost = sum(1 for port, _ in lost_dead if port not in mine)
        rejoin_lost = len(lost_between(back, end)) if back else 0
        print(f"run kind={kind} n={n} victim={victim} withdraw_ms={withdraw if withdraw is not None else '-'} "
              f"victim_flows={victim_flows} victim_lost={victim_lost} survivor_flows={survivor_flows} "
              f"survivor_lost={survivor_lost} unattributed_lost={unknown_lost} rejoin_lost={rejoin_lost}")
        broken(kind, n, t, lost_dead, f"{kind}-{n}", mine, owners(f"{kind}-{n}-after"))
        figure(f"{kind} withdraw_ms", withdraw)
        figure(f"{kind} victim_lost", victim_lost)
        figure(f"{kind} survivor_lost", survivor_lost)
    elif kind == "flap" and len(w) >= 3:
        n = w[2]
        # Until the next run: the routes coming back, and the 30 s in which a silent flow is not yet declared lost.
        lost = lost_between(t, run_end(t))
        changes = sum(1 for rt, _ in route_changes if t <= rt < run_end(t))
        print(f"run kind=flap n={n} victims={w[1]} route_changes={changes} lost={len(lost)}")
        broken("flap", n, t, lost, f"flap-{n}", owners(f"flap-{n}"), None)
        figure("flap lost", len(lost))

bursts = {}
for t, w in events:
    if w[0] == "burst" and len(w) == 2:
        done = next((fw for ft, fw in flow_log if ft > t and fw[0] == "burst"), None)
        if done is not None:
            bursts.setdefault(int(w[1]), []).append(int(done[2]) / float(done[1]))
# Each director's capacity as the hub shaped it (active-active.sh, $LAB_DIRECTOR_CAP); "none" when unshaped.
cap = next((f"{w[1]}/{w[2]}flows" for _, w in events if w[0] == "director-cap" and len(w) == 3), "none")
if 1 in bursts:
    one = statistics.median(bursts[1])
    for n in sorted(bursts):
        rate = statistics.median(bursts[n])
        print(f"run kind=throughput n=1 directors={n} rounds={len(bursts[n])} echoes_per_s={rate:.0f} "
              f"min={min(bursts[n]):.0f} max={max(bursts[n]):.0f} ratio={rate / one:.2f} cap={cap}")

for name, values in figures.items():
    print(f"summary {name}: {median_range(values)}")
