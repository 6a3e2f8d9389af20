#!/usr/bin/env bash
# Every peer comparison of the hot paths in one command, ending in one table of ratios (issue 20, DESIGN.md §8):
#   TCP checks of 10,000 real servers every second against HAProxy 2.6 (health-checks.sh),
#   HTTP checks (GET /health, 200) of 2,000 real servers against HAProxy's option httpchk (CHECK=http),
#   the userspace proxy against HAProxy mode tcp, keep-alive and a new connection per request (proxy-vs-haproxy.sh),
#   an idle director on the quickstart against keepalived's checker, or HAProxy where the kernel has no IPVS (idle.sh),
#   parse + validate of 1,000 services x 10 real servers: bytes allocated (no peer; the target is absolute),
#   and with --lab, `apply` of that table into an empty kernel table against keepalived's start-up, in the kernel
#   lab (User-Mode Linux; deploy/lab/install.sh sets it up).
# Rounds alternate the peers so that drift in the machine's load falls on both; every ratio is ours / the peer's,
# per round, then the median and spread of those. The load average is printed before and after.
# Bounded: about 25 minutes with the defaults (ROUNDS=3), plus the lab's 10 with --lab. Nothing leaves 127.0.0.0/8
# (the lab's guests have their own addresses inside their own switch).
# Usage: deploy/bench/run.sh [--lab] [--only tcp,http,proxy,idle,config,apply]   (ROUNDS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
only=tcp,http,proxy,idle,config
while [ $# -gt 0 ]; do
  case $1 in
    --lab) only=$only,apply ;;
    --only) only=$2; shift ;;
    *) echo "usage: deploy/bench/run.sh [--lab] [--only tcp,http,proxy,idle,config,apply]" >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$only," == *",$1,"* ]]; }

out=${BENCH_OUT:-/tmp/lvsactors-bench/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"
summary=$out/summary.tsv
: > "$summary"
echo "bench: results in $out; $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

step() { # name command...: runs one comparison, its full output in $out/name.log; once more if it fails
  local name=$1; shift
  local attempt
  for attempt in 1 2; do
    echo "bench: $name ($(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))"
    # A failed attempt's rounds stay out of the table.
    cp "$summary" "$summary.before"
    if SUMMARY=$summary "$@" > "$out/$name.log" 2>&1; then
      rm -f "$summary.before"
      return 0
    fi
    mv "$summary.before" "$summary"
    echo "bench: $name failed (attempt $attempt); the end of its log:" >&2
    tail -20 "$out/$name.log" >&2
  done
  return 1
}

status=0
if wants tcp; then step tcp-checks deploy/bench/health-checks.sh 10000 "$rounds" 15 20 || status=1; fi
if wants http; then CHECK=http step http-checks deploy/bench/health-checks.sh 2000 "$rounds" 15 20 || status=1; fi
if wants proxy; then RUNS=$rounds step proxy deploy/bench/proxy-vs-haproxy.sh || status=1; fi
if wants idle; then step idle deploy/bench/idle.sh 60 "$rounds" 15 || status=1; fi
if wants config; then
  step config-build dotnet build -c Release tests/LvsActors.Benchmarks -v q --nologo || status=1
  for ((round = 1; round <= rounds; round++)); do
    step config-allocations-$round bash -c '
      dotnet tests/LvsActors.Benchmarks/bin/Release/net10.0/LvsActors.Benchmarks.dll config-allocations 1000 \
        | tee /dev/stderr | awk -v r='"$round"' '"'"'/parse \+ validate/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/ && $(i+1) == "MB") { printf "config-1000x10\tlvsactors\t%d\tparse-validate-mb\t%s\n", r, $i; exit } }'"'"' >> "$SUMMARY"' \
      || status=1
  done
fi
if wants apply; then
  # The lab's own test runs the scenario (5 runs in one boot) and checks every table; its bench.txt has
  # "what run seconds" lines, of which apply and keepalived's start-up are the pair compared here.
  step apply bash -c 'deploy/lab/install.sh && LVSACTORS_BENCH_APPLY_RUNS=5 dotnet test tests/LvsActors.Lab.Tests --filter "FullyQualifiedName~BenchApplyTests" \
    --logger "console;verbosity=detailed" && awk '"'"'$1 == "apply" || $1 == "keepalived" {
      printf "apply-1000x10\t%s\t%s\tseconds\t%s\n", ($1 == "apply" ? "lvsactors" : "keepalived"), $2, $3 }'"'"' \
      "$(ls -td /tmp/lvsactors-lab/*bench-apply*/ | head -1)bench.txt" >> "$SUMMARY"' || status=1
fi
echo "bench: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 deploy/bench/table.py "$summary" | tee "$out/table.md"
exit "$status"
