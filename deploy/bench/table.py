#!/usr/bin/env python3
"""The table of deploy/bench/run.sh: for every benchmark and figure, ours and the peer's median (min-max) over the
rounds, the ratio ours / peer per round (median, min-max), the target (issue 20, DESIGN.md §8) and whether the
median meets it. Input: tab-separated lines "bench peer round metric value" (each script's SUMMARY output).
Usage: table.py summary.tsv"""
import statistics
import sys

# bench, metric -> (what the row says, target kind, target value). Kinds: "ratio<=" and "ratio>=" compare the median
# of the per-round ratios ours / peer; "<=", "<" and ">=" compare our median itself.
TARGETS = {
    ("tcp-checks", "cpu-us-per-check"): ("TCP checks, 10,000 real servers/s: CPU µs per check", "ratio<=", 1.0),
    ("tcp-checks", "peak-rss-mib"): ("TCP checks, 10,000 real servers/s: peak RSS MiB", "ratio<=", 1.5),
    ("tcp-checks", "on-time-percent"): ("TCP checks, 10,000 real servers/s: % of probes on time", ">=", 99.0),
    ("http-checks", "cpu-us-per-check"): ("HTTP checks, 2,000 real servers/s: CPU µs per check", "ratio<=", 1.0),
    ("http-checks", "peak-rss-mib"): ("HTTP checks, 2,000 real servers/s: peak RSS MiB", "ratio<=", 1.5),
    ("http-checks", "on-time-percent"): ("HTTP checks, 2,000 real servers/s: % of probes on time", ">=", 99.0),
    ("proxy-keepalive", "requests-per-s"): ("userspace proxy, keep-alive: requests/s", "ratio>=", 1.0),
    ("proxy-keepalive", "cpu-us-per-request"): ("userspace proxy, keep-alive: CPU µs per request", None, None),
    ("proxy-close", "requests-per-s"): ("userspace proxy, new connection per request: requests/s", "ratio>=", 1.0),
    ("proxy-close", "cpu-us-per-request"): ("userspace proxy, new connection per request: CPU µs per request", None, None),
    ("idle", "cpu-percent-of-a-core"): ("idle director (quickstart, 3 real servers): % of one core", "<", 1.0),
    ("idle", "rss-mib"): ("idle director (quickstart, 3 real servers): RSS MiB", "<", 100.0),
    ("config-1000x10", "parse-validate-mb"): ("parse + validate 1,000 × 10: MB allocated", "<=", 20.0),
    ("apply-1000x10", "seconds"): ("apply 1,000 × 10 into an empty kernel table: seconds", "ratio<=", 0.5),
}
OURS = "lvsactors"


def spread(values):
    return f"{statistics.median(values):,.2f} ({min(values):,.2f}–{max(values):,.2f})"


def main(path):
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    figures = {}
    for bench, peer, rnd, metric, value in rows:
        figures.setdefault((bench, metric), {}).setdefault(peer, {})[rnd] = float(value)
    print("| figure | ours | peer | peer's figure | ours / peer per round | target | met |")
    print("|---|---|---|---|---|---|---|")
    for key, (label, kind, target) in TARGETS.items():
        if key not in figures or OURS not in figures[key]:
            continue
        by_peer = figures[key]
        ours = by_peer[OURS]
        peers = [p for p in by_peer if p != OURS and p != "before"]
        peer = peers[0] if peers else None
        theirs = by_peer.get(peer, {}) if peer else {}
        ratios = [ours[r] / theirs[r] for r in ours if r in theirs and theirs[r] > 0]
        ratio_text = spread(ratios) if ratios else "–"
        met = "–"
        if kind and kind.startswith("ratio") and ratios:
            value = statistics.median(ratios)
            met = "yes" if (value <= target if kind == "ratio<=" else value >= target) else "no"
        elif kind in ("<=", "<", ">="):
            value = statistics.median(ours.values())
            met = "yes" if {"<=": value <= target, "<": value < target, ">=": value >= target}[kind] else "no"
        target_text = "" if kind is None else (f"≤ {target}×" if kind == "ratio<=" else f"≥ {target}×" if kind == "ratio>=" else f"{kind} {target:g}")
        print(f"| {label} | {spread(list(ours.values()))} | {peer or '–'} | {spread(list(theirs.values())) if theirs else '–'} "
              f"| {ratio_text} | {target_text} | {met} |")


if __name__ == "__main__":
    main(sys.argv[1])
