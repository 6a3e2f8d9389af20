#!/usr/bin/env bash
# Idle cost: an LvsActors director on hocon/quickstart.conf (dry-run data plane, three TCP-checked real servers,
# delay-loop 2 s) and keepalived (three TCP_CHECK real servers, delay_loop 2, no VRRP) each watch the same three
# listeners on 127.0.0.1 for WINDOW seconds after WARMUP. keepalived's checker stops at start without the kernel's
# IPVS ("IPVS: Can't initialize ipvs"); where the ip_vs module cannot be loaded, HAProxy (one thread, three servers,
# `check inter 2s`) takes its place as the reference, and the output says so. Prints per round and peer the share of one core (from
# /proc utime+stime over the window), RSS at the end, peak RSS (VmHWM) and threads; then the median of the rounds
# and the ratio LvsActors / keepalived. Nothing leaves 127.0.0.0/8. Bounded: ROUNDS × 2 × (WARMUP + WINDOW) seconds
# plus one publish. Usage: deploy/bench/idle.sh [WINDOW=60] [ROUNDS=3] [WARMUP=15] [PUBLISHED_DIR]
# PUBLISHED_DIR: an already published director (the folder with `lvsactors`); else a Release publish into a
# temporary folder, as deploy/package/build.sh makes it. With SUMMARY=<file>, one tab-separated line per round and
# figure is appended there (deploy/bench/run.sh reads it).
set -euo pipefail
cd "$(dirname "$0")/../.."
window=${1:-60} rounds=${2:-3} warmup=${3:-15} published=${4:-}
ports=(18181 18182 18183) admin_port=18190 vip_port=18180
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 143" INT TERM
tick=$(getconf CLK_TCK)

install() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null; }; }
if [ -e /proc/net/ip_vs ] || modprobe -q ip_vs 2>/dev/null; then
  reference=keepalived
else
  reference=haproxy
  echo "idle: no IPVS in this kernel (keepalived's checker needs it); HAProxy is the reference instead" >&2
fi
install "$reference"
if [ -z "$published" ]; then
  published=$work/publish
  dotnet publish src/LvsActors.Cli -c Release -r linux-x64 --self-contained true -p:DebugType=none -o "$published" -v q --nologo >&2
fi

# The real servers: one process accepting and closing on the three ports, as a TCP check needs no more.
python3 - "${ports[@]}" <<'PY' &
import selectors, socket, sys
sel = selectors.DefaultSelector()
for port in sys.argv[1:]:
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(port))); s.listen(64); s.setblocking(False); sel.register(s, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        try: key.fileobj.accept()[0].close()
        except OSError: pass
PY
pids+=($!)

# quickstart.conf with the dry-run data plane, the listeners' ports, an admin API and journal of its own.
sed -e 's/data-plane = userspace/data-plane = dry-run/' \
    -e "s/127.0.0.1:8080/127.0.0.1:$vip_port/" -e "s/127.0.0.1:8081/127.0.0.1:${ports[0]}/" \
    -e "s/127.0.0.1:8082/127.0.0.1:${ports[1]}/" -e "s/127.0.0.1:8083/127.0.0.1:${ports[2]}/" \
    -e "s/^lvs {/lvs {\n  admin { journal.path = \"$(printf %s "$work" | sed 's:/:\\/:g')\\/admin.db\", api.bind = \"127.0.0.1:$admin_port\" }/" \
    hocon/quickstart.conf > "$work/quickstart.conf"
grep -q 'dry-run' "$work/quickstart.conf" || { echo "idle: quickstart.conf no longer names data-plane = userspace" >&2; exit 1; }

cat > "$work/keepalived.conf" <<EOF
global_defs {
  router_id idle_bench
  enable_script_security
}
virtual_server 127.0.0.1 $vip_port {
  delay_loop 2
  lvs_sched wrr
  lvs_method NAT
  protocol TCP
$(for i in 0 1 2; do printf '  real_server 127.0.0.1 %s {\n    weight %d\n    TCP_CHECK {\n      connect_timeout 1\n    }\n  }\n' "${ports[$i]}" $((3 - i)); done)
}
EOF

cat > "$work/haproxy.cfg" <<EOF
global
  nbthread 1
defaults
  mode tcp
  timeout connect 1s
  timeout check 1s
  timeout client 5s
  timeout server 5s
listen idle
  bind 127.0.0.1:$vip_port
  balance roundrobin
$(for i in 0 1 2; do printf '  server s%d 127.0.0.1:%s weight %d check inter 2s\n' "$i" "${ports[$i]}" $((3 - i)); done)
EOF

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
# keepalived forks a checker child: its cost is the parent's plus its children's.
family() { echo "$1"; pgrep -P "$1" || true; }

measure() { # peer round → one line: peer round cpu% rss_mib hwm_mib threads
  local peer=$1 round=$2 pid
  if [ "$peer" = lvsactors ]; then
    "$published/lvsactors" run --config "$work/quickstart.conf" --log-level warning >"$work/lvs.log" 2>&1 & pid=$!
  elif [ "$peer" = haproxy ]; then
    haproxy -f "$work/haproxy.cfg" -db -q >"$work/k.log" 2>&1 & pid=$!
  else
    # -n: no daemon (the pid is ours); -C: checkers only, no VRRP; its own pid files, so a system keepalived is untouched.
    keepalived -n -l -C -f "$work/keepalived.conf" -p "$work/k.pid" -c "$work/k-check.pid" -r "$work/k-vrrp.pid" \
      >"$work/k.log" 2>&1 & pid=$!
  fi
  pids+=("$pid")
  sleep "$warmup"
  kill -0 "$pid" 2>/dev/null || { echo "idle: $peer exited during warm-up:" >&2; tail -20 "$work/lvs.log" "$work/k.log" >&2 2>/dev/null; exit 1; }
  local members c0=0 c1=0 rss=0 hwm=0 threads=0 p
  members=$(family "$pid")
  for p in $members; do c0=$((c0 + $(cpu_ticks "$p"))); done
  sleep "$window"
  for p in $members; do
    c1=$((c1 + $(cpu_ticks "$p")))
    rss=$((rss + $(status_kib "$p" VmRSS))); hwm=$((hwm + $(status_kib "$p" VmHWM))); threads=$((threads + $(status_kib "$p" Threads)))
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  awk -v peer="$peer" -v r="$round" -v d=$((c1 - c0)) -v t="$tick" -v w="$window" -v rss="$rss" -v hwm="$hwm" -v th="$threads" \
    'BEGIN { printf "%s %d %.3f %.1f %.1f %d\n", peer, r, 100 * d / t / w, rss / 1024, hwm / 1024, th }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); window ${window} s after ${warmup} s warm-up, $rounds rounds"
for ((r = 1; r <= rounds; r++)); do
  for peer in lvsactors "$reference"; do
    measure "$peer" "$r" >> "$work/results"
    tail -1 "$work/results" \
      | awk '{ printf "%-10s round %d: %6.2f %% of a core, RSS %6.1f MiB (peak %6.1f MiB), %d threads\n", $1, $2, $3, $4, $5, $6 }'
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/results" "$reference" "${SUMMARY:-}" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
ref, summary = sys.argv[2], sys.argv[3]
if summary:
    # bench, peer, round, metric, value: deploy/bench/run.sh's table is made of these.
    with open(summary, "a") as f:
        for r in rows:
            print(f"idle\t{r[0]}\t{r[1]}\tcpu-percent-of-a-core\t{float(r[2]):.3f}", file=f)
            print(f"idle\t{r[0]}\t{r[1]}\trss-mib\t{float(r[3]):.1f}", file=f)
def of(peer, col): return [float(r[col]) for r in rows if r[0] == peer]
med = {}
for peer in ("lvsactors", ref):
    cpu, rss = of(peer, 2), of(peer, 3)
    med[peer] = (statistics.median(cpu), statistics.median(rss))
    print(f"{peer:10} median: {med[peer][0]:.2f} % of a core (spread {min(cpu):.2f}–{max(cpu):.2f}), "
          f"RSS {med[peer][1]:.1f} MiB (spread {min(rss):.1f}–{max(rss):.1f})")
l, k = med["lvsactors"], med[ref]
print(f"ratio lvsactors / {ref}: CPU {l[0] / max(k[0], 1e-9):.1f}×, RSS {l[1] / max(k[1], 1e-9):.1f}×")
PY
