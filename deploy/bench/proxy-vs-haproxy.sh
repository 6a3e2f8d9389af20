#!/usr/bin/env bash
# The userspace data plane against HAProxy 2.6 `mode tcp` (nbthread 1) on this host's loopback (DESIGN.md §8):
# three nginx backends, both proxies round-robin over them, wrk -t1 -c32 for (a) keep-alive requests and (b) a new
# connection per request, alternating proxies run by run. Prints a table of medians with spread, CPU and the ratio.
#
#   deploy/bench/proxy-vs-haproxy.sh                 # 3 runs of 10 s per mode and proxy (about 2.5 minutes)
#   RUNS=5 DURATION=10 INLINE_COMPLETIONS=0 SOCKET_THREADS=2 deploy/bench/proxy-vs-haproxy.sh
#
# Our proxy relays TCP on one thread of its own (the data plane's TcpRelayEngine), as HAProxy nbthread 1 does.
# INLINE_COMPLETIONS and SOCKET_THREADS set .NET's socket engine, which only the proxy's UDP uses now; kept at one
# event thread running its completions, so that no other thread of the process competes.
#
# On a shared machine NICE=-10 runs everything it starts (nginx, both proxies, wrk) at that priority, alike for both.
# Needs root only to install what is missing (haproxy, nginx-light, wrk). Everything it starts is killed by PID on exit.
# With SUMMARY=<file>, one tab-separated line per run and figure is appended there (deploy/bench/run.sh reads it).
set -euo pipefail

RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
INLINE_COMPLETIONS=${INLINE_COMPLETIONS:-1}
SOCKET_THREADS=${SOCKET_THREADS:-1}
NICE=${NICE:-0}
BASE_PORT=${BASE_PORT:-18080}
HAPROXY_PORT=$BASE_PORT
OUR_PORT=$((BASE_PORT + 10))
BACKENDS=($((BASE_PORT + 1)) $((BASE_PORT + 2)) $((BASE_PORT + 3)))

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/proxy-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

install_missing() {
  local missing=()
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v wrk >/dev/null || missing+=(wrk)
  if ((${#missing[@]})); then
    echo "installing ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

wait_for_http() {
  for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "nothing answers on 127.0.0.1:$1" >&2
  return 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start_nginx() {
  local servers=""
  for port in "${BACKENDS[@]}"; do
    servers+="  server { listen 127.0.0.1:$port reuseport backlog=4096; location / { return 200 \"hello from $port\\n\"; } }"$'\n'
  done
  cat >"$work/nginx.conf" <<CONF
worker_processes 1;
error_log $work/nginx-error.log warn;
pid $work/nginx.pid;
events { worker_connections 8192; multi_accept on; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
$servers}
CONF
  nice -n "$NICE" nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
  pids+=($!)
  for port in "${BACKENDS[@]}"; do wait_for_http "$port"; done
}

start_haproxy() {
  {
    echo "global"
    echo "  nbthread 1"
    echo "  maxconn 8000"
    echo "defaults"
    echo "  mode tcp"
    echo "  timeout connect 5s"
    echo "  timeout client 60s"
    echo "  timeout server 60s"
    echo "frontend bench"
    echo "  bind 127.0.0.1:$HAPROXY_PORT"
    echo "  default_backend nginx"
    echo "backend nginx"
    echo "  balance roundrobin"
    for i in "${!BACKENDS[@]}"; do echo "  server n$i 127.0.0.1:${BACKENDS[$i]}"; done
  } >"$work/haproxy.cfg"
  nice -n "$NICE" haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
  pids+=($!)
  haproxy_pid=$!
  wait_for_http "$HAPROXY_PORT"
}

start_ours() {
  dotnet build -c Release "$root/tests/LvsActors.ProxyBench" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
  local args=(--listen "127.0.0.1:$OUR_PORT" --scheduler rr --max-seconds $((RUNS * DURATION * 4 + 120)))
  for port in "${BACKENDS[@]}"; do args+=(--real "127.0.0.1:$port"); done
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=$INLINE_COMPLETIONS DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=$SOCKET_THREADS \
    nice -n "$NICE" dotnet "$root/tests/LvsActors.ProxyBench/bin/Release/net10.0/LvsActors.ProxyBench.dll" "${args[@]}" >"$work/ours.log" 2>&1 &
  pids+=($!)
  our_pid=$!
  wait_for_http "$OUR_PORT"
}

# run MODE TARGET PORT PID: one wrk run; appends "mode target rps p50_ms p99_ms cpu_percent errors alloc_bytes" to results.
run() {
  local mode=$1 target=$2 port=$3 pid=$4 header=() out="$work/wrk-$1-$2-$RANDOM.txt"
  [[ $mode == close ]] && header=(-H 'Connection: close')
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the $target proxy (pid $pid) is gone; the end of its log:" >&2
    tail -20 "$work/$([[ $target == ours ]] && echo ours || echo haproxy).log" >&2
    exit 1
  fi
  [[ $target == ours ]] && kill -HUP "$pid"
  local before; before=$(cpu_ticks "$pid")
  timeout $((DURATION + 20)) nice -n "$NICE" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${header[@]}" "http://127.0.0.1:$port/" >"$out"
  local after; after=$(cpu_ticks "$pid")
  local alloc=-
  if [[ $target == ours ]]; then
    kill -HUP "$pid"
    sleep 0.3
    # No stats line when SIGHUP was ignored on entry (started under nohup): .NET then leaves it ignored.
    alloc=$(grep '^stats' "$work/ours.log" | tail -1 | sed 's/.*allocated_bytes=\([0-9]*\).*/\1/' || true)
    [[ -n $alloc ]] || alloc=-
  fi
  python3 - "$out" "$mode" "$target" "$((after - before))" "$(getconf CLK_TCK)" "$DURATION" "$alloc" >>"$work/results" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
mode, target, ticks, hz, duration, alloc = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
errors += int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
print(mode, target, rps, p50, p99, 100.0 * ticks / hz / duration, errors, alloc)
PY
}

install_missing
start_nginx
start_haproxy
start_ours
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); nice $NICE; $(nproc) cores; haproxy $(haproxy -v | head -1 | awk '{print $3}'); wrk, nginx and both proxies share the cores" >&2
grep '^ready' "$work/ours.log" >&2
: >"$work/results"
for mode in keepalive close; do
  for i in $(seq "$RUNS"); do
    # Alternate which proxy goes first so that drift in the machine's load falls on both.
    if ((i % 2)); then order=(haproxy ours); else order=(ours haproxy); fi
    for target in "${order[@]}"; do
      if [[ $target == haproxy ]]; then run "$mode" haproxy "$HAPROXY_PORT" "$haproxy_pid"; else run "$mode" ours "$OUR_PORT" "$our_pid"; fi
      echo "  $(tail -1 "$work/results")" >&2
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$work/results" "$RUNS" "$DURATION" "$CONNECTIONS" "${SUMMARY:-}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
runs, duration, connections, summary = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
if summary:
    # bench, peer, run, metric, value: deploy/bench/run.sh's table is made of these.
    with open(summary, "a") as f:
        counters = {}
        for r in rows:
            key = (r[0], r[1])
            counters[key] = counters.get(key, 0) + 1
            peer = "lvsactors" if r[1] == "ours" else "haproxy"
            bench = f"proxy-{r[0]}"
            print(f"{bench}\t{peer}\t{counters[key]}\trequests-per-s\t{float(r[2]):.0f}", file=f)
            print(f"{bench}\t{peer}\t{counters[key]}\tcpu-us-per-request\t{float(r[5]) * 10_000 / float(r[2]):.2f}", file=f)
def pick(mode, target, column):
    return [float(r[column]) for r in rows if r[0] == mode and r[1] == target]
names = {"keepalive": "keep-alive", "close": "new connection per request"}
print(f"wrk -t1 -c{connections} -d{duration}s, {runs} runs per cell, medians (min–max)\n")
print("| mode | proxy | requests/s | p50 ms | p99 ms | proxy CPU % | proxy CPU µs/request | errors | allocated B/request | us/HAProxy |")
print("|---|---|---|---|---|---|---|---|---|---|")
for mode in ("keepalive", "close"):
    medians = {}
    for target in ("haproxy", "ours"):
        rps = pick(mode, target, 2)
        medians[target] = statistics.median(rps)
        allocs = [float(r[7]) / (float(r[2]) * float(duration)) for r in rows if r[0] == mode and r[1] == target and r[7] != "-"]
        alloc = f"{statistics.median(allocs):.0f}" if allocs else "–"
        cpu = statistics.median([float(r[5]) * 10_000 / float(r[2]) for r in rows if r[0] == mode and r[1] == target])
        ratio = f"**{medians['ours'] / medians['haproxy']:.2f}×**" if target == "ours" else ""
        label = "HAProxy 2.6 mode tcp, nbthread 1" if target == "haproxy" else "LvsActors userspace"
        print(f"| {names[mode]} | {label} | {medians[target]:,.0f} ({min(rps):,.0f}–{max(rps):,.0f}) "
              f"| {statistics.median(pick(mode, target, 3)):.2f} | {statistics.median(pick(mode, target, 4)):.2f} "
              f"| {statistics.median(pick(mode, target, 5)):.0f} | {cpu:.1f} | {sum(pick(mode, target, 6)):.0f} | {alloc} | {ratio} |")
PY
