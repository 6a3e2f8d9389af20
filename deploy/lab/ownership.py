#!/usr/bin/python3
"""Reads a leadership-failover result folder and prints one line per run and a summary per kind of run.

Inputs (all in the folder): events.txt ("UNIX_MS begin|down|heal|end KIND RUN DIRECTOR", "UNIX_MS stop PHASE",
"UNIX_MS skew DIRECTOR OFFSET_MS RTT_MS": a director guest's clock against the hub's),
monitor-dN.log or dN/monitor-dN.log (`ip -ts monitor address link` on dN), probe.log ("UNIX_MS ok|fail ..."),
long-lived-ours.log, long-lived-insecure.log (the kills without TLS) and long-lived-keepalived.log
("UNIX_MS lost N ...").

A director owns the VIP while 192.0.2.100 is on its eth0 and eth0 is administratively up. Per run, in ms from the
kill (the victim's link going down, as its monitor saw it) or SIGTERM of the victim (its "down" event) or, for a
partition, from the cut (its begin): release_ms (the
victim's VIP or link went away), claim_ms (another director added the VIP), answer_ms (the first answered request after both);
from begin to end: owners_max and overlap_ms (time with two or more owners), lost (long-lived connections lost),
probe_fail (failed requests)."""
import datetime
import os
import re
import statistics
import sys

folder = sys.argv[1]
VIP = "192.0.2.100/"
stamp = re.compile(r"^\[([^\]]+)\] (Deleted )?\d+: (eth0)(@\S+)?:?\s+(.*)$")


def ms(text):
    return int(datetime.datetime.fromisoformat(text).timestamp() * 1000)


def monitor_events(name):
    """(ms, director, 'vip'|'link', present) for every change of dN's VIP or eth0's UP flag."""
    found = []
    path = os.path.join(folder, f"monitor-{name}.log")
    if not os.path.exists(path):
        path = os.path.join(folder, name, f"monitor-{name}.log")  # the cluster lab: each director guest's own folder
    with open(path, errors="replace") as lines:
        for line in lines:
            m = stamp.match(line)
            if not m:
                continue
            # An address line reads "2: eth0    inet …"; a link line "2: eth0: <FLAGS>" (a veth: "eth0@if5: <…").
            when, deleted, rest = ms(m.group(1)), bool(m.group(2)), m.group(5)
            if rest.startswith("inet ") and VIP in rest:
                found.append((when, name, "vip", not deleted))
            elif rest.startswith("<"):
                flags = rest[1:rest.index(">")].split(",")
                found.append((when, name, "link", "UP" in flags and not deleted))
    return found


directors = ["d1", "d2", "d3"]
# By time alone: Python's sort is stable, so one director's lines logged in the same millisecond keep their order (a
# renewal and the deletion that followed it, sorted as tuples, read as deleted-then-present: a phantom owner).
changes = sorted((e for d in directors for e in monitor_events(d)), key=lambda e: e[0])
state = {d: {"vip": False, "link": True} for d in directors}
timeline = []  # (ms, frozenset of owners) after each change
# The holder renews its VIP's lifetime every vip-renew-interval, and the kernel reports each renewal as a new address:
# only a change of state (absent -> present, present -> absent) is a claim or a release.
transitions = []
for when, name, what, present in changes:
    if state[name][what] != present:
        transitions.append((when, name, what, present))
    state[name][what] = present
    timeline.append((when, frozenset(d for d in directors if state[d]["vip"] and state[d]["link"])))


def owners_during(start, end):
    """(max owners, ms with two or more owners) in [start, end]."""
    current = frozenset()
    for when, owners in timeline:
        if when > start:
            break
        current = owners
    most, overlap, since = len(current), 0, start
    for when, owners in timeline:
        if when <= start:
            continue
        if when > end:
            break
        if len(current) >= 2:
            overlap += when - since
        current, since = owners, when
        most = max(most, len(current))
    if len(current) >= 2:
        overlap += end - since
    return most, overlap


def read_marks(name):
    rows = []
    path = os.path.join(folder, name)
    if os.path.exists(path):
        with open(path, errors="replace") as lines:
            for line in lines:
                parts = line.split()
                if len(parts) >= 2 and parts[0].isdigit():
                    rows.append((int(parts[0]), parts[1:]))
    return rows


probe = read_marks("probe.log")
lost = {phase: read_marks(f"long-lived-{phase}.log") for phase in ("ours", "insecure", "keepalived")}
events = read_marks("events.txt")
runs = {}
for when, words in events:
    if words[0] in ("begin", "down", "heal", "end"):
        kind, run, victim = words[1], int(words[2]), words[3]
        runs.setdefault((kind, run), {"victim": victim})[words[0]] = when

lines, summary = [], {}
for (kind, run), r in sorted(runs.items(), key=lambda kv: kv[1]["begin"]):
    begin, end, victim = r["begin"], r.get("end"), r["victim"]
    if end is None:
        continue
    # Zero: the moment the victim was killed or stopped (its own clock, printed by the agent's command), or the hub's
    # begin (a partition: the hub takes the port off its own bridge right after marking it).
    zero = r.get("down", begin)
    release = next((w for w, d, what, present in transitions if begin <= w <= end and d == victim and not present), None)
    if kind.endswith("kill") and release is not None:
        # A kill is the link going down on the victim (its monitor saw it); the printed time is before `ip` ran.
        zero = release
    claim = next((w for w, d, what, present in transitions if zero <= w <= end and d != victim and what == "vip" and present), None)
    # The first answer from the new owner: after its claim (in a graceful leave the old owner answers until it lets go).
    served = zero if claim is None else max(zero, claim)
    answer = next((w for w, words in probe if served < w <= end and words[0] == "ok"), None)
    most, overlap = owners_during(begin, end)
    phase = next((p for p in ("keepalived", "insecure") if kind.startswith(p)), "ours")
    lost_here = sum(1 for w, words in lost[phase] if begin <= w <= end and words[0] == "lost")
    fails = sum(1 for w, words in probe if begin <= w <= end and words[0] == "fail")
    row = {
        "release_ms": None if release is None else release - zero,
        "claim_ms": None if claim is None else claim - zero,
        "answer_ms": None if answer is None else answer - zero,
        "owners_max": most,
        "overlap_ms": overlap,
        "lost": lost_here,
        "probe_fail": fails,
    }
    summary.setdefault(kind, []).append(row)
    shown = " ".join(f"{k}={'-' if v is None else v}" for k, v in row.items())
    lines.append(f"run kind={kind} n={run} victim={victim} {shown}")

for kind, rows in summary.items():
    parts = [f"summary kind={kind} runs={len(rows)}"]
    for key in ("release_ms", "claim_ms", "answer_ms"):
        values = [row[key] for row in rows if row[key] is not None]
        if values:
            parts.append(f"{key}_median={statistics.median(values):g} {key}_min={min(values)} {key}_max={max(values)}")
    parts.append(f"owners_max={max(row['owners_max'] for row in rows)}")
    parts.append(f"overlap_ms={sum(row['overlap_ms'] for row in rows)}")
    parts.append(f"lost={sum(row['lost'] for row in rows)}")
    lines.append(" ".join(parts))
skews = [(words[1], int(words[2]), int(words[3])) for w, words in events if words[0] == "skew" and len(words) == 4]
if skews:
    worst = max(skews, key=lambda s: abs(s[1]))
    lines.append(f"clock_skew samples={len(skews)} max_abs_ms={abs(worst[1])} director={worst[0]} rtt_ms={worst[2]}")
restarts = [words[1] for w, words in events if words[0] == "restart"]
lines.append(f"restarts unplanned={len(restarts)} {' '.join(restarts)}".rstrip())
print("\n".join(lines))
