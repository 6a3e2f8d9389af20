#!/usr/bin/python3
"""The restart-safety lab's hands (deploy/lab/scenarios/restart-safety.sh), one role per first argument:
  config SERVICES REALS [INDEX WEIGHT [reordered]]
                                         the director's configuration on stdout; with INDEX, that service's second
                                         real server at WEIGHT (the change of the reload "reload-changed"); with
                                         "reordered", the mh service's real servers in the other order too
  targets SERVICES COUNT                 COUNT - 1 services spread over the table and the mh service, "VIP PORT
                                         INDEX" per line
  sample SERVICES REALS                  reads /proc/net/ip_vs every 0.1 s until killed; a line per sample (below)
  hold TARGETS_FILE                      one long-lived connection per target, an echo every 200 ms, until killed
  summary SERVICES REALS                 results.txt from the files the others left in the current folder
The table: service i is VIP 192.0.2.(101 + i // 100), port 8000 + i % 100, wrr, NAT, real servers
198.51.100.11-… port 9000 at weights 1…REALS (every service has the same servers: their echo servers answer all).
One more, vs-order (ORDER_VIP:ORDER_PORT), schedules by mh over the same real servers at weight 1: the kernel's mh
table depends on the order it lists them in, which the director keeps as a director that filled it empty would."""
import os
import re
import signal
import socket
import sys
import threading
import time


def service(i):
    return "192.0.2.%d" % (101 + i // 100), 8000 + i % 100


ORDER_VIP, ORDER_PORT = "192.0.2.101", 8100


def reals(count):
    return ["198.51.100.%d" % (11 + j) for j in range(count)]


def now_ms():
    return int(time.time() * 1000)


def config(services, count, changed=None, weight=None, reordered=False):
    out = ["lvs {", "  data-plane = ipvs", "  admin.journal.path = \"%s/admin.db\"" % os.environ.get("TMPDIR", "/tmp"),
           "  virtual-services {"]
    for i in range(services):
        vip, port = service(i)
        servers = []
        for j, address in enumerate(reals(count)):
            w = weight if i == changed and j == 1 else 1 + j
            servers.append('{ address = "%s:9000", weight = %d }' % (address, w))
        out.append('    vs-%04d { address = "%s:%d", scheduler = wrr, forwarding = nat, real-servers = [ %s ] }'
                   % (i, vip, port, ", ".join(servers)))
    order = reals(count)[::-1] if reordered else reals(count)
    out.append('    vs-order { address = "%s:%d", scheduler = mh, forwarding = nat, real-servers = [ %s ] }'
               % (ORDER_VIP, ORDER_PORT, ", ".join('{ address = "%s:9000" }' % a for a in order)))
    out += ["  }", "}"]
    print("\n".join(out))


def targets(services, count):
    # Offset by 7 so that the targets are not all first ports of their VIP; every VIP band gets some.
    for k in range(count - 1):
        i = (k * services // count + 7) % services
        vip, port = service(i)
        print(vip, port, i)
    print(ORDER_VIP, ORDER_PORT, services)


def hex_key(vip, port):
    return "%02X%02X%02X%02X:%04X" % (*map(int, vip.split(".")), port)


def expected(services, count):
    table = {}
    for i in range(services):
        table[hex_key(*service(i))] = {hex_key(a, 9000) for a in reals(count)}
    table[hex_key(ORDER_VIP, ORDER_PORT)] = {hex_key(a, 9000) for a in reals(count)}
    return table


def dotted(key):
    """C0000265:1F40 → 192.0.2.101:8000."""
    address, port = key.split(":")
    return "%s:%d" % (".".join(str(int(address[i:i + 2], 16)) for i in range(0, 8, 2)), int(port, 16))


def parse(text):
    """/proc/net/ip_vs → {service key: {destination key}} (TCP services only: all the lab has)."""
    table, current = {}, None
    for line in text.splitlines():
        if line.startswith("TCP  "):
            current = table.setdefault(line.split()[1], set())
        elif line.startswith("  -> ") and current is not None and not line.startswith("  -> RemoteAddress"):
            current.add(line.split()[1])
    return table


def sample(services, count):
    """One line per sample: "MS SERVICES DESTINATIONS" when the table is whole, plus, when something is missing,
    "missing-services=K1,K2… missing-destinations=SVC>DEST,…". Counting is cheap (the whole table is ~10,000 lines
    and the guest has one CPU); the table is parsed only when a count is off."""
    want = expected(services, count)
    want_services, want_dests = len(want), sum(len(d) for d in want.values())
    while True:
        started = time.time()
        with open("/proc/net/ip_vs", "rb") as f:
            data = f.read()
        n_services, n_dests = data.count(b"\nTCP  "), data.count(b"\n  -> ") - 1
        line = "%d %d %d" % (int(started * 1000), n_services, n_dests)
        if n_services != want_services or n_dests != want_dests:
            have = parse(data.decode())
            gone = [k for k in want if k not in have]
            dests = ["%s>%s" % (k, d) for k, ds in want.items() if k in have for d in sorted(ds - have[k])]
            line += " missing-services=%s missing-destinations=%s" % (",".join(gone) or "-", ",".join(dests) or "-")
        print(line, flush=True)
        time.sleep(max(0.0, 0.1 - (time.time() - started)))


def hold(path):
    """Each target: a connection that sends "N.SEQ" every 200 ms and must get it back, from the same real server,
    within 10 s (a stall of the guest's one CPU under a loaded host lasts seconds; a service gone lasts until it is
    back). A reset, a close, a timeout or another server is "broken" (then a new connection in its place, each
    failed attempt a "refused" line). Lines: "MS opened N SERVER", "MS broken N REASON", "MS refused N REASON",
    "MS slow N SECONDS" (an echo over 0.5 s: a stall the connection survived); at SIGTERM "MS held N ECHOES
    MAX_SECONDS" per target."""
    lock = threading.Lock()
    stats = {}

    def say(text):
        with lock:
            print("%d %s" % (now_ms(), text), flush=True)

    def one(n, host, port):
        stats[n] = [0, 0.0]
        while True:
            try:
                conn = socket.create_connection((host, port), timeout=10)
            except OSError as e:
                say("refused %d %s" % (n, e.__class__.__name__))
                time.sleep(0.5)
                continue
            server, seq = None, 0
            try:
                with conn, conn.makefile("rb") as lines:
                    while True:
                        seq += 1
                        sent = time.time()
                        conn.sendall(b"%d.%d\n" % (n, seq))
                        line = lines.readline()
                        took = time.time() - sent
                        if not line:
                            raise ConnectionResetError("closed by peer")
                        who, echoed = line.decode().split()
                        if echoed != "%d.%d" % (n, seq):
                            raise ConnectionError("echo %s for %d.%d" % (echoed, n, seq))
                        if server is None:
                            server = who
                            say("opened %d %s" % (n, server))
                        elif who != server:
                            raise ConnectionError("moved from %s to %s" % (server, who))
                        stats[n][0] += 1
                        stats[n][1] = max(stats[n][1], took)
                        if took > 0.5:
                            say("slow %d %.3f" % (n, took))
                        time.sleep(max(0.0, 0.2 - took))
            except (OSError, ValueError) as e:
                say(("broken %d %s:%s" % (n, e.__class__.__name__, e)).replace("\n", " "))

    def stop(*_):
        with lock:
            for n in sorted(stats):
                print("%d held %d %d %.3f" % (now_ms(), n, stats[n][0], stats[n][1]), flush=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    with open(path) as f:
        for n, line in enumerate(f):
            host, port, _ = line.split()
            threading.Thread(target=one, args=(n, host, int(port)), daemon=True).start()
    while True:
        time.sleep(1)


def summary(services, count):
    """results.txt from events.txt (MS PHASE lines the scenario wrote), samples.txt, hold.txt and director.log.
    A phase runs from its event to the next; each line: "phase NAME writes=W removals=R min_services=S
    min_destinations=D samples=N started_s=T missing_services=K missing_example=VIP:PORT,…" — writes from the
    director's "Data plane ipvs: N changes" lines in that phase, removals the services and destinations seen
    missing (each counted once per time it went missing), K the services missing from some sample (the first few
    named), started_s the time from a start to the director's "Director started" line."""
    events = [l.split(None, 1) for l in open("events.txt").read().splitlines() if l.strip()]
    events = [(int(ms), name.strip()) for ms, name in events]

    def phase_of(ms):
        name = None
        for at, what in events:
            if at <= ms:
                name = what
        return name

    names = [name for _, name in events]
    rows = {name: {"writes": 0, "removals": 0, "min_services": None, "min_destinations": None, "samples": 0,
                   "missing": set(), "started_s": "-", "changes": []} for name in names}
    gone = set()
    for line in open("samples.txt").read().splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        ms, n_services, n_dests = int(parts[0]), int(parts[1]), int(parts[2])
        row = rows.get(phase_of(ms))
        if row is None:
            continue
        row["samples"] += 1
        row["min_services"] = n_services if row["min_services"] is None else min(row["min_services"], n_services)
        row["min_destinations"] = n_dests if row["min_destinations"] is None else min(row["min_destinations"], n_dests)
        now = set()
        for part in parts[3:]:
            key, _, value = part.partition("=")
            if value != "-":
                now |= {key[8] + ":" + v for v in value.split(",")}  # "s:" service, "d:" destination
        row["removals"] += len(now - gone)
        row["missing"] |= {m for m in now if m.startswith("s:")}
        gone = now

    # The director's log: the scenario writes "=== PHASE MS LOCALTIME" before each start and each SIGHUP, so a
    # phase's lines follow its marker (a restart's process appends to the same file).
    current, marker_time = None, None
    for line in open("director.log", errors="replace").read().splitlines():
        m = re.match(r"=== (\S+) (\d+) (\d\d):(\d\d):(\d\d\.\d+)", line)
        if m:
            current = m.group(1)
            marker_time = int(m.group(3)) * 3600 + int(m.group(4)) * 60 + float(m.group(5))
            continue
        if current not in rows:
            continue
        m = re.search(r"Data plane ipvs: (\d+) changes in [\d.]+ ms: (.*)", line)
        if m:
            rows[current]["writes"] += int(m.group(1))
            rows[current]["changes"].append(m.group(2))
        m = re.match(r"(\d\d):(\d\d):(\d\d\.\d+) \S+ Director started", line)
        if m and marker_time is not None:
            at = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
            rows[current]["started_s"] = "%.2f" % ((at - marker_time) % 86400)

    held = {}
    broken = refused = slow = before = 0
    # A connection that broke before the first phase (its first echo lost while the guest was busy with the table)
    # saw no start, restart or reload: the scenario waits until all are open again, and it is counted apart.
    first = min((at for at, _ in events), default=0)
    for line in open("hold.txt").read().splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "broken" and int(parts[0]) < first:
            before += 1
        elif len(parts) >= 3 and parts[1] == "broken":
            broken += 1
        elif len(parts) >= 3 and parts[1] == "refused":
            refused += 1
        elif len(parts) >= 3 and parts[1] == "slow":
            slow += 1
        elif len(parts) == 5 and parts[1] == "held":
            held[int(parts[2])] = (int(parts[3]), float(parts[4]))

    with open("results.txt", "w") as out:
        for name in names:
            r = rows[name]
            missing = sorted(r["missing"])
            out.write("phase %s writes=%d removals=%d min_services=%s min_destinations=%s samples=%d started_s=%s "
                      "missing_services=%d missing_example=%s\n" % (
                          name, r["writes"], r["removals"], r["min_services"], r["min_destinations"], r["samples"],
                          r["started_s"], len(missing), ",".join(dotted(m[2:]) for m in missing[:3]) or "-"))
            for change in r["changes"]:
                out.write("change %s %s\n" % (name, change))
        out.write("connections held=%d broken=%d refused=%d slow=%d echoes=%d max_echo_s=%.3f broken_before_start=%d\n" % (
            len(held), broken, refused, slow, sum(e for e, _ in held.values()), max((m for _, m in held.values()), default=0.0),
            before))


if __name__ == "__main__":
    role, args = sys.argv[1], sys.argv[2:]
    if role == "config":
        config(int(args[0]), int(args[1]), *(int(a) for a in args[2:4]), reordered="reordered" in args[4:])
    elif role == "targets":
        targets(int(args[0]), int(args[1]))
    elif role == "sample":
        sample(int(args[0]), int(args[1]))
    elif role == "hold":
        hold(args[0])
    elif role == "summary":
        summary(int(args[0]), int(args[1]))
    else:
        sys.exit("restart-safety.py: unknown role %s" % role)
