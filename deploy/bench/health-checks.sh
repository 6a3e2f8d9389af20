#!/usr/bin/env bash
# Health-check cost: one LvsActors director and HAProxy 2.6 (one thread, `check inter 1s`) each check the same
# SERVERS real servers every second, against listeners in a separate process on 127.0.0.0/8: TCP checks (half-open),
# or with CHECK=http, GET /health expecting 200 (HAProxy: `option httpchk`, `http-check expect status 200`) against
# listeners that answer it. For each peer and
# round: CPU per check (from /proc utime+stime over the window), share of one core, probes received per second,
# the fraction of our probes on time (next probe of a server within 1.1 s; HAProxy's are not observable here: its
# half-open probes never reach accept()), and peak memory. Bounded: ROUNDS × 2 × (WARMUP+WINDOW).
# With BEFORE=<a LvsActors.Benchmarks.dll built from another commit>, that build runs too, as peer "before", in each
# round, so that a change is compared under the same load. The load average is printed with every measurement.
# With SUMMARY=<file>, one tab-separated line per peer and round is appended there (deploy/bench/run.sh reads it).
# Usage: [CHECK=tcp|http] [BEFORE=dll] [SUMMARY=file] deploy/bench/health-checks.sh [SERVERS=10000] [ROUNDS=3] [WARMUP=8] [WINDOW=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
servers=${1:-10000} rounds=${2:-3} warmup=${3:-8} window=${4:-20} check=${CHECK:-tcp}
case $check in tcp | http) ;; *) echo "CHECK is tcp or http, not '$check'" >&2; exit 2 ;; esac
first_port=20001 ports=10
# HAProxy asks for 2 × maxconn + one per server file descriptors; the hard limit here is 20000.
maxconn=$(( (19000 - servers) / 2 ))
command -v haproxy >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }
dotnet build -c Release tests/LvsActors.Benchmarks -v q --nologo >/dev/null
bench="dotnet tests/LvsActors.Benchmarks/bin/Release/net10.0/LvsActors.Benchmarks.dll"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
tick=$(getconf CLK_TCK)

# The same real servers as DirectorChecks.RealServers: 127.(1 + i/62500).(i/250 % 250).(i%250 + 1), port first + i % ports.
{
  printf 'global\n  nbthread 1\n  maxconn %d\ndefaults\n  mode tcp\n  timeout connect 1s\n  timeout check 1s\n  timeout client 5s\n  timeout server 5s\n' "$maxconn"
  printf 'listen bench\n  bind 127.0.0.1:18100\n  balance roundrobin\n'
  if [ "$check" = http ]; then printf '  option httpchk GET /health\n  http-check expect status 200\n'; fi
  for ((i = 0; i < servers; i++)); do
    printf '  server s%d 127.%d.%d.%d:%d check inter 1s\n' "$i" $((1 + i / 62500)) $((i / 250 % 250)) $((i % 250 + 1)) $((first_port + i % ports))
  done
} > "$work/haproxy.cfg"

cpu() { awk -v t="$tick" '{ print ($14 + $15) / t }' "/proc/$1/stat"; }
peak_mib() { awk '/VmHWM/ { print $2 / 1024 }' "/proc/$1/status"; }

measure() { # peer round
  local peer=$1 round=$2 out="$work/$1-$2.json" pid
  $bench check-listeners "$first_port" "$ports" "$warmup" "$window" "$check" > "$out" 2>/dev/null &
  local listeners=$!; pids+=("$listeners")
  sleep 1
  if [ "$peer" = before ]; then
    dotnet "$BEFORE" director-checks "$servers" "$first_port" "$ports" "$((warmup - 1))" "$window" 1s "$check" > "$work/ontime-$round.json" 2>/dev/null & pid=$!
  elif [ "$peer" = lvsactors ]; then
    $bench director-checks "$servers" "$first_port" "$ports" "$((warmup - 1))" "$window" 1s "$check" > "$work/ontime-$round.json" 2>/dev/null & pid=$!
  else
    haproxy -f "$work/haproxy.cfg" -db -q & pid=$!
  fi
  pids+=("$pid")
  sleep "$((warmup - 1))"
  local c0; c0=$(cpu "$pid")
  sleep "$window"
  local c1 mem load; c1=$(cpu "$pid"); mem=$(peak_mib "$pid"); load=$(cut -d' ' -f1 /proc/loadavg)
  wait "$listeners"
  if [ "$peer" != haproxy ]; then wait "$pid" || true; else kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  python3 - "$out" "$peer" "$round" "$c0" "$c1" "$window" "$mem" "$work/ontime-$round.json" "$load" "${SUMMARY:-}" "$check" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1])); peer, rnd = sys.argv[2], sys.argv[3]
c0, c1, window, mem = map(float, sys.argv[4:8])
own, summary, check = sys.argv[8], sys.argv[10], sys.argv[11]
on_time = json.load(open(own))["onTimeFraction"] if peer != "haproxy" and os.path.getsize(own) else None
cpu = c1 - c0
print(f"{peer:10} round {rnd}: {r['probes']:>7} probes ({r['probesPerSecond']:8.0f}/s), "
      f"CPU {cpu:6.2f} s = {100 * cpu / window:5.1f} % of a core, {1e6 * cpu / max(r['probes'], 1):6.1f} µs per check, "
      f"on time {'n/a' if on_time is None else f'{100 * on_time:.2f} %'}, peak RSS {mem:6.0f} MiB, load {sys.argv[9]}")
if summary:
    # bench, peer, round, metric, value: deploy/bench/run.sh's table is made of these.
    with open(summary, "a") as f:
        for metric, value in (("cpu-us-per-check", 1e6 * cpu / max(r['probes'], 1)), ("peak-rss-mib", mem), ("checks-per-s", r['probesPerSecond'])) + ((("on-time-percent", 100 * on_time),) if on_time is not None else ()):
            print(f"{check}-checks\t{peer}\t{rnd}\t{metric}\t{value:.2f}", file=f)
PY
}

echo "health checks ($check): $servers real servers every 1 s; warmup ${warmup} s, window ${window} s; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 1; round <= rounds; round++)); do
  if [ -n "${BEFORE:-}" ]; then measure before "$round"; fi
  measure lvsactors "$round"
  measure haproxy "$round"
done
