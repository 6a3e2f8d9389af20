#!/usr/bin/python3
"""Reads a leadership-failover result folder and prints one line per run and a summary per kind of run.

Inputs (all in the folder): events.txt ("UNIX_MS begin|down|heal|end KIND RUN DIRECTOR", "UNIX_MS stop PHASE",
"UNIX_MS skew DIRECTOR OFFSET_MS RTT_MS": a director guest's clock against the hub's, "UNIX_MS step DIRECTOR
GUEST_MS STEP_MS": a clock run's step; every guest's timestamps are taken to the hub's clock with them, GuestClock;
"UNIX_MS unsettled KIND RUN WAITED_MS": a run of ours that waited for an owner that stayed, "UNIX_MS churn KIND RUN
WAITED_MS": a fast-profile run that began with the owner of the moment instead, "UNIX_MS stuck KIND RUN": a
run of the peer that did not end with a single owner, started afresh: its times are left out of the summary),
monitor-dN.log or dN/monitor-dN.log (`ip -ts monitor address link` on dN), probe.log ("UNIX_MS ok|fail ..."),
long-lived-ours.log, long-lived-fast.log (the fast profile's kills), long-lived-insecure.log (the kills without TLS)
and long-lived-keepalived.log
("UNIX_MS lost N ..."), fence-dN.log or dN/fence-dN.log (optional).

A director owns the VIP while 192.0.2.100 is on its eth0, eth0 is administratively up and its kernel fence is open:
fence-dN.log or dN/fence-dN.log (fence-sampler.py on dN: "UNIX_MS open-until UNIX_MS_DEADLINE|closed|none", and
"UNIX_MS boot" where the guest booted, again after a hang: no VIP, no fence from then on) says
until when dN's tc program still answers for the VIP; "none" (no map, no entry) and a missing log (an older result
folder, keepalived) count as open. A fence closes at its deadline unless a later line renews it: the deadlines are
events of the timeline themselves, not the poll that next saw them. Per run, in ms from the
kill (the victim's link going down, as its monitor saw it) or SIGTERM of the victim (its "down" event) or, for a
partition, from the cut (its begin): release_ms (the
victim's VIP or link went away, or its fence closed: a frozen owner's release is its fence closing at its lease end),
claim_ms (another director added the VIP), answer_ms (the first answered request after both);
from begin to end: owners_max and overlap_ms (time with two or more owners, kernel view: address, link and fence),
arp_two_ms (client view: time in
which two or more MACs answered one ARP request for the VIP, from arp.log: "UNIX_MS reply MAC SEQ"), lost (long-lived connections lost),
probe_fail (failed requests), stall_ms and stall_guest (the longest a lab guest stood still in the 1.2 s before
another director claimed the VIP, and which: stall-dN.log, stall-hub.log from stall-sampler.py, "UNIX_MS stall MS"),
lag_ms and lag_director (the same for a director process that did not run although it was due, "dN-director": its
LagWatch lines in director-dN.log; for reading a move, not judged)."""
import datetime
import os
import re
import statistics
import sys

from marks import read_marks

folder = sys.argv[1]
VIP = "192.0.2.100/"
stamp = re.compile(r"^\[([^\]]+)\] (Deleted )?\d+: (eth0)(@\S+)?:?\s+(.*)$")


def ms(text):
    return int(datetime.datetime.fromisoformat(text).timestamp() * 1000)


def director_log(kind, name):
    path = os.path.join(folder, f"{kind}-{name}.log")
    if not os.path.exists(path):
        path = os.path.join(folder, name, f"{kind}-{name}.log")  # the cluster lab: each director guest's own folder
    return path


events = read_marks(folder, "events.txt")


class GuestClock:
    """dN's timestamps on the hub's clock. Each guest keeps a wall clock of its own, tens of ms from the others' (UML
    sets it at boot; a lab measured -28, -18 and +12 ms against the hub), and a timeline across guests compares them:
    every timestamp of dN's logs is taken back by dN's offset from the latest "skew" sample (the hub measures every
    guest at each run's begin and end) and by the clock runs' own steps ("UNIX_MS step dN GUEST_MS_BEFORE STEP_MS").
    Call hub() with one log's lines in their order: a step is known to have happened from the first line after it."""

    def __init__(self, name):
        self.samples = [(w, int(words[2])) for w, words in events if words[0] == "skew" and len(words) >= 3 and words[1] == name]
        self.steps = [(int(words[2]), int(words[3])) for w, words in events if words[0] == "step" and len(words) == 4 and words[1] == name]
        self.stepped, self.prev = 0, None

    def hub(self, when):
        while self.steps:
            before, step = self.steps[0]
            # Forward: every later line reads past the step's start. Back: a line reads far behind the one before it,
            # or later than the step's start (which no line written before it can; 50 ms for lines written between the
            # read and the set).
            after = when >= before + step / 2 if step > 0 else (
                (self.prev is not None and when < self.prev + step / 2) or when > before + 50)
            if not after:
                break
            self.stepped += step
            self.steps.pop(0)
        self.prev = when
        when -= self.stepped
        offset = next((o for w, o in reversed(self.samples) if w <= when - o), self.samples[0][1] if self.samples else 0)
        return when - offset


def monitor_events(name):
    """(ms, director, 'vip'|'link', present) for every change of dN's VIP or eth0's UP flag."""
    found, clock = [], GuestClock(name)
    with open(director_log("monitor", name), errors="replace") as lines:
        for line in lines:
            m = stamp.match(line)
            if not m:
                continue
            # An address line reads "2: eth0    inet …"; a link line "2: eth0: <FLAGS>" (a veth: "eth0@if5: <…").
            when, deleted, rest = clock.hub(ms(m.group(1))), bool(m.group(2)), m.group(5)
            if rest.startswith("inet ") and VIP in rest:
                found.append((when, name, "vip", not deleted))
            elif rest.startswith("<"):
                flags = rest[1:rest.index(">")].split(",")
                found.append((when, name, "link", "UP" in flags and not deleted))
    return found


def fence_events(name):
    """(ms, director, 'fence', deadline) for every line of dN's fence log (deadline None: not fenced; 0: closed), and
    (deadline, director, 'expiry', None) for every deadline: the instant that fence closes unless renewed by then."""
    found, clock = [], GuestClock(name)
    path = director_log("fence", name)
    if not os.path.exists(path):
        return found  # an older result folder: never fenced
    with open(path, errors="replace") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) < 2 or not parts[0].isdigit():
                continue
            own = int(parts[0])
            when = clock.hub(own)
            if parts[1] == "boot":
                found.append((when, name, "boot", None))  # the guest (re)booted: no VIP, link up, no fence
            elif parts[1] == "none":
                found.append((when, name, "fence", None))
            elif parts[1] == "closed":
                found.append((when, name, "fence", 0))
            elif parts[1] == "open-until" and len(parts) == 3 and parts[2].isdigit():
                deadline = int(parts[2]) - (own - when)
                found.append((when, name, "fence", deadline))
                found.append((deadline, name, "expiry", None))
    return found


directors = ["d1", "d2", "d3"]
# By time alone: Python's sort is stable, so one director's lines logged in the same millisecond keep their order (a
# renewal and the deletion that followed it, sorted as tuples, read as deleted-then-present: a phantom owner). A fence's
# expiry goes before anything else in its millisecond: the fence sampler rounds deadlines up, so a fence is closed from
# that millisecond on, and `ip monitor`'s times are truncated (a claim logged in it happened after the closing).
changes = sorted((e for d in directors for e in monitor_events(d) + fence_events(d)), key=lambda e: (e[0], e[2] != "expiry"))
state = {d: {"vip": False, "link": True, "fence": None} for d in directors}


def fence_open(name, when):
    """A fence is open while not fenced (None) or before its deadline (0: closed)."""
    deadline = state[name]["fence"]
    return deadline is None or when < deadline


timeline = []  # (ms, frozenset of owners) after each change
# The holder renews its VIP's lifetime every vip-renew-interval, and the kernel reports each renewal as a new address:
# only a change of state (absent -> present, present -> absent) is a claim or a release. Likewise a fence's renewals:
# only its opening and its closing (at a deadline, or a "closed" line) are transitions ('fence', open).
transitions = []
opened = {d: True for d in directors}
for when, name, what, present in changes:
    if what == "boot":
        # A guest booted again after it hung (boot-cluster.sh): what its logs said before is gone with its kernel.
        if state[name]["vip"]:
            transitions.append((when, name, "vip", False))
        state[name].update(vip=False, link=True, fence=None)
        opened[name] = True
    elif what in ("vip", "link"):
        if state[name][what] != present:
            transitions.append((when, name, what, present))
        state[name][what] = present
    elif what == "fence":
        # A director deletes its fence entry only once its addresses are gone (it keeps the entry closed when one could
        # not be removed): the entry gone means the address is. On a guest that the host starves, `ip monitor` stamps
        # that removal when it gets to read it, tens of ms after the fence sampler saw the entry go: read as a second
        # owner for that long, which the client's ARP view never sees.
        if present is None and state[name]["fence"] is not None and state[name]["vip"]:
            transitions.append((when, name, "vip", False))
            state[name]["vip"] = False
        state[name]["fence"] = present
    if what in ("fence", "expiry"):
        now_open = fence_open(name, when)
        if now_open != opened[name]:
            transitions.append((when, name, "fence", now_open))
            opened[name] = now_open
    owners = frozenset(d for d in directors if state[d]["vip"] and state[d]["link"] and opened[d])
    if not timeline or timeline[-1][1] != owners:  # a renewal changes nothing: a shorter timeline, the same sums
        timeline.append((when, owners))


def owners_at(when):
    """The owners (kernel view) at WHEN."""
    current = frozenset()
    for at, owners in timeline:
        if at > when:
            break
        current = owners
    return current


def owners_during(start, end):
    """(max owners, ms with two or more owners) in [start, end]."""
    current = owners_at(start)
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


def stall_spans():
    """(start, end, guest) on the hub's clock for every stall a guest's stall-sampler.py logged (stall-dN.log on each
    director, stall-hub.log on the hub): the guest's kernel did not run, so nothing on it did."""
    spans = []
    for name in directors + ["hub"]:
        path = director_log("stall", name)
        if not os.path.exists(path):
            continue  # an older result folder
        clock = GuestClock(name) if name != "hub" else None
        with open(path, errors="replace") as lines:
            for line in lines:
                parts = line.split()
                if len(parts) == 3 and parts[0].isdigit() and parts[1] == "stall" and parts[2].isdigit():
                    if int(parts[2]) > SAMPLER_GAP:
                        continue
                    end = clock.hub(int(parts[0])) if clock else int(parts[0])
                    spans.append((end - int(parts[2]), end, name))
    return spans


# A "stall" longer than this is the sampler's own gap, not its guest's: in one loaded run d3's sampler logged 223 s
# while d3's director logged on through them, and as a stall it excused every move in its window as the host's doing.
SAMPLER_GAP = 10_000


# A director's LagWatch: "HH:MM:SS.mmm WRN This director ran N ms late: … for at least M ms it did not run". M is what
# the garbage collector and the process's own CPU time leave of the late wake-up: the machine ran other work instead.
lag_line = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) WRN This director ran \d+ ms late: .* for at least (\d+) ms it did not run")
time_of_day = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) ")


def lag_spans():
    """(start, end, "dN-director") on the hub's clock for every time dN's director process did not run for a while
    although its threads were due (LagWatch in director-dN.log): to the cluster that director stood still, as a whole
    guest does in stall_spans, even where the guest's own sampler ran. Only the part that was neither a GC pause nor
    the process's own CPU time counts: those are the director's doing, not the machine's."""
    if not events:
        return []
    spans = []
    for name in directors:
        path = director_log("director", name)
        if not os.path.exists(path):
            continue
        clock, previous = GuestClock(name), events[0][0]
        with open(path, errors="replace") as lines:
            for line in lines:
                m = time_of_day.match(line)
                if not m:
                    continue
                # The log has the time of day only: the guest's wall clock on the day nearest the line before it.
                day = datetime.datetime.fromtimestamp(previous / 1000, datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
                wall = day + datetime.timedelta(hours=int(m.group(1)), minutes=int(m.group(2)), seconds=int(m.group(3)), milliseconds=int(m.group(4)))
                guest = min((int((wall + datetime.timedelta(days=d)).timestamp() * 1000) for d in (-1, 0, 1)), key=lambda w: abs(w - previous))
                previous = guest
                end = clock.hub(guest)
                lag = lag_line.match(line)
                if lag and int(lag.group(5)) > 0:
                    spans.append((end - int(lag.group(5)), end, f"{name}-director"))
    return spans


stalls = stall_spans()
# Not part of stall_ms, which the test takes as the host's doing: inside a UML guest a process the host did not run
# can still be charged CPU time by the guest's kernel, and the split is only as good as that accounting. Shown beside
# it, for whoever reads a run's move.
lags = lag_spans()
# A lease lapses when no majority renewal came for a lease (750 ms safe, 260 ms fast); the next owner claims right
# after. A guest that stood still in the 1200 ms before a claim may be why: the holder's, or the hub's bridge.
STALL_WINDOW = 1200


def stall_before(when, spans=None):
    """(ms, guest) of the longest stall overlapping the STALL_WINDOW before WHEN, or (0, None)."""
    found = [(min(end, when) - max(start, when - STALL_WINDOW), name) for start, end, name in (stalls if spans is None else spans)
             if start < when and end > when - STALL_WINDOW]
    return max(found, default=(0, None))


probe = read_marks(folder, "probe.log")
# The client's ARP view: for each request (its sequence number), the MACs that answered it.
arp_slots = {}
for when, words in read_marks(folder, "arp.log"):
    if words[0] == "reply" and len(words) == 3:
        slot = arp_slots.setdefault(int(words[2]), [when, set()])
        slot[1].add(words[1])
arp_sampled = bool(arp_slots)


def arp_two(start, end):
    """ms (10 per request) in [start, end] in which two or more MACs answered one ARP request for the VIP."""
    return 10 * sum(1 for when, macs in arp_slots.values() if start <= when <= end and len(macs) >= 2)


lost = {phase: read_marks(folder, f"long-lived-{phase}.log") for phase in ("ours", "fast", "insecure", "keepalived")}
runs = {}
for when, words in events:
    if words[0] in ("begin", "down", "heal", "end"):
        kind, run, victim = words[1], int(words[2]), words[3]
        runs.setdefault((kind, run), {"victim": victim})[words[0]] = when
    elif words[0] == "void" and len(words) >= 3:
        # Another guest hung during the run (leadership-failover.sh, void_if_hung): it runs again under its number.
        runs.pop((words[1], int(words[2])), None)

stuck = {(words[1], int(words[2])) for w, words in events if words[0] == "stuck" and len(words) == 3}
lines, summary = [], {}
for (kind, run), r in sorted(runs.items(), key=lambda kv: kv[1]["begin"]):
    begin, end, victim = r["begin"], r.get("end"), r["victim"]
    if end is None:
        continue
    # Zero: the moment the victim was killed or stopped (its own clock, printed by the agent's command), or the hub's
    # begin (a partition: the hub takes the port off its own bridge right after marking it).
    zero = GuestClock(victim).hub(r["down"]) if "down" in r else begin
    # A release: the victim's VIP or link went away, or its fence closed (a frozen owner keeps its address until the
    # VIP's lifetime runs out, but its kernel stops answering for the VIP at its lease end).
    release = next((w for w, d, what, present in transitions if begin <= w <= end and d == victim and not present), None)
    gone = next((w for w, d, what, present in transitions if begin <= w <= end and d == victim and not present and what != "fence"), None)
    if kind.endswith("kill") and gone is not None:
        # A kill is the link going down on the victim (its monitor saw it); the printed time is before `ip` ran.
        zero = gone
    claim = next((w for w, d, what, present in transitions if zero <= w <= end and d != victim and what == "vip" and present), None)
    # The first answer from the new owner: after its claim (in a graceful leave the old owner answers until it lets go).
    served = zero if claim is None else max(zero, claim)
    answer = next((w for w, words in probe if served < w <= end and words[0] == "ok"), None)
    most, overlap = owners_during(begin, end)
    phase = next((p for p in ("keepalived", "insecure", "fast") if kind.startswith(p)), "ours")
    lost_here = sum(1 for w, words in lost[phase] if begin <= w <= end and words[0] == "lost")
    fails = sum(1 for w, words in probe if begin <= w <= end and words[0] == "fail")
    row = {
        "release_ms": None if release is None else release - zero,
        "claim_ms": None if claim is None else claim - zero,
        "answer_ms": None if answer is None else answer - zero,
        "owners_max": most,
        "overlap_ms": overlap,
        "arp_two_ms": arp_two(begin, end) if arp_sampled else None,
        "lost": lost_here,
        "probe_fail": fails,
        "stuck": int((kind, run) in stuck),
        # The victim of every kind but a follower's is the owner the hub saw last; one whose lease lapsed between that
        # look and the run's begin, or between the begin and the kill, freeze or cut (it let go before zero), was no
        # owner when the run struck it, and the run measured someone else's lapse.
        "victim_owned": int(victim in owners_at(begin) and (release is None or release >= zero)),
        # Where another director claimed the VIP: the longest time a lab guest stood still before it (stall-sampler.py),
        # and which (a run that must not move the VIP, moved by a guest the host stopped, was a freeze, not a fault).
        "stall_ms": stall_before(claim)[0] if claim is not None and stalls else None,
        "stall_guest": stall_before(claim)[1] if claim is not None and stalls else None,
        # The longest a director process did not run although it was due, by its own LagWatch, in the same window.
        "lag_ms": stall_before(claim, lags)[0] if claim is not None and lags else None,
        "lag_director": stall_before(claim, lags)[1] if claim is not None and lags else None,
    }
    summary.setdefault(kind, []).append(row)
    shown = " ".join(f"{k}={'-' if v is None else v}" for k, v in row.items())
    lines.append(f"run kind={kind} n={run} victim={victim} {shown}")

for kind, rows in summary.items():
    parts = [f"summary kind={kind} runs={len(rows)}"]
    for key in ("release_ms", "claim_ms", "answer_ms"):
        values = [row[key] for row in rows if row[key] is not None and not row["stuck"] and (row["victim_owned"] or kind.startswith("follower"))]
        if values:
            parts.append(f"{key}_median={statistics.median(values):g} {key}_min={min(values)} {key}_max={max(values)}")
    parts.append(f"owners_max={max(row['owners_max'] for row in rows)}")
    parts.append(f"overlap_ms={sum(row['overlap_ms'] for row in rows)}")
    arp = [row["arp_two_ms"] for row in rows if row["arp_two_ms"] is not None]
    if arp:
        parts.append(f"arp_two_ms_median={statistics.median(arp):g} arp_two_ms_max={max(arp)}")
    parts.append(f"lost={sum(row['lost'] for row in rows)}")
    if any(row["stuck"] for row in rows):
        parts.append(f"stuck={sum(row['stuck'] for row in rows)}")
    lines.append(" ".join(parts))
skews = [(words[1], int(words[2]), int(words[3])) for w, words in events if words[0] == "skew" and len(words) == 4]
if skews:
    worst = max(skews, key=lambda s: abs(s[1]))
    lines.append(f"clock_skew samples={len(skews)} max_abs_ms={abs(worst[1])} director={worst[0]} rtt_ms={worst[2]}")
# Runs of ours that waited for an owner that stayed (a lease lapsing again and again before the run): how long.
unsettled = [(words[1], words[2], int(words[3])) for w, words in events if words[0] == "unsettled" and len(words) == 4]
if unsettled:
    waits = " ".join(f"{kind}/{run}:{ms}" for kind, run, ms in unsettled)
    lines.append(f"unsettled runs={len(unsettled)} waited_ms_max={max(ms for _, _, ms in unsettled)} {waits}")
# Runs of the fast profile that began amid its lease lapsing again and again (a host that starves the guests) with
# the owner of the moment: how many, how long they waited first.
churn = [(words[1], words[2], int(words[3])) for w, words in events if words[0] == "churn" and len(words) == 4]
if churn:
    waits = " ".join(f"{kind}/{run}:{ms}" for kind, run, ms in churn)
    lines.append(f"churn runs={len(churn)} waited_ms_max={max(ms for _, _, ms in churn)} {waits}")
restarts = [words[1] for w, words in events if words[0] == "restart"]
lines.append(f"restarts unplanned={len(restarts)} {' '.join(restarts)}".rstrip())
print("\n".join(lines))
