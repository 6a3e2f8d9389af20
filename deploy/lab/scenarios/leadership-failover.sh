#!/bin/bash
# Director failover on the real kernel. Three directors on one L2 segment in front of two DR real servers; a client
# sends a new request to the VIP every 20 ms and holds long-lived connections (an echo every 50 ms) through it.
# Ours: three `lvsactors run` processes (the published director, hocon/cluster-fast.conf with this segment's
# addresses), each programming its own IPVS table and health-checking the real servers; the VIPs and the IPVS sync
# daemon's role move with leadership. Peer, in the same boot: keepalived (VRRPv2, advert_int 1, lvs_sync_daemon).
#   segment br-lan 192.0.2.0/24: client .50, d1 .11 (priority 150), d2 .12 (100), d3 .13 (50), rs1 .21, rs2 .22
#   VIP 192.0.2.100: on the owning director's eth0; on the real servers' lo (DR, ARP suppressed)
# Runs ($LAB_RUNS each, default 5):
#   kill      SIGKILL the owner and take its link down (a dead host); revive it afterwards as a new process.
#   partition detach the owner's port from the bridge (it lives on, cut off); heal; it must have let go by itself.
#   follower  the same with a director that does not own the VIP; ownership must not move ($LAB_FOLLOWER_RUNS, 1).
#   leave     SIGTERM the owner (graceful leave); restart it.
#   keepalived-kill  as kill, with keepalived.
# `ip -ts monitor` in every director's namespace records each VIP and link change; ownership.py turns them, the
# probe and the long-lived client's logs into results.txt: one line per run with the times and the owner counts.
# Needs: LAB_DIRECTOR (the published lvsactors.dll). Optional: LAB_RUNS, LAB_DIRECTOR_CONF (extra HOCON lines).
. "$LAB_DIR/lib.sh"
: "${LAB_DIRECTOR:?set LAB_DIRECTOR to a published lvsactors.dll}"
lab_dotnet_env
runs=${LAB_RUNS:-5}
vip=192.0.2.100
events=$LAB_RESULT/events.txt
now_ms() { date +%s%3N; }
mark() { echo "$(now_ms) $*" >>"$events"; }

# The directors run from the guest's memory, not from hostfs: every hostfs read is a host system call made by the
# guest's one kernel thread, and a starting director faulting in 150 MB of assemblies stalled the running ones'
# heartbeats for up to 0.8 s. TieredPGO and tiered compilation off: with ReadyToRun code, the instrumented tier and
# the background re-compiles are extra work on the guest's one CPU.
lab_step "runtime and director into guest memory"
mkdir -p "$TMPDIR/dotnet/shared" "$TMPDIR/director"
cp -a "$DOTNET_ROOT/dotnet" "$DOTNET_ROOT/host" "$TMPDIR/dotnet/"
cp -a "$DOTNET_ROOT/shared/Microsoft.NETCore.App" "$DOTNET_ROOT/shared/Microsoft.AspNetCore.App" "$TMPDIR/dotnet/shared/"
cp -a "$(dirname "$LAB_DIRECTOR")/." "$TMPDIR/director/"
dotnet=$TMPDIR/dotnet/dotnet
director=$TMPDIR/director/$(basename "$LAB_DIRECTOR")
export DOTNET_TieredPGO=0 DOTNET_TieredCompilation=${LAB_TIERED_COMPILATION:-0}

lab_step "topology"
declare -A port
lab_ns client br-lan 192.0.2.50/24
for i in 1 2 3; do
    lab_ns "d$i" br-lan "192.0.2.1$i/24"
    port[d$i]=lv$((_lab_veths - 1))
done
for i in 1 2; do
    lab_ns "rs$i" br-lan "192.0.2.2$i/24"
    ip -n "rs$i" addr add "$vip/32" dev lo
    # DR: the real servers hold the VIP but never answer ARP for it.
    ip netns exec "rs$i" sh -c 'echo 1 >/proc/sys/net/ipv4/conf/all/arp_ignore; echo 2 >/proc/sys/net/ipv4/conf/all/arp_announce'
    lab_bg "rs$i" "echo-rs$i.log" python3 "$LAB_DIR/echo-server.py" 9000 "rs$i"
    lab_http "rs$i" "rs$i"
done
for i in 1 2 3; do
    lab_bg "d$i" "monitor-d$i.log" ip -ts monitor address link
    # Connection sync on every update of a connection's state and every 10 packets (the default 3/50 leaves a
    # revived director without the older connections for a minute at this traffic).
    ip netns exec "d$i" sh -c 'echo "3 10" >/proc/sys/net/ipv4/vs/sync_threshold'
done

# holders: the directors whose eth0 has the VIP and is up. (Output captured first: with pipefail, `ip | grep -q`
# fails whenever grep exits before ip has written everything.)
holders() {
    local i addresses link
    for i in 1 2 3; do
        addresses=$(ip -n "d$i" -o addr show dev eth0)
        link=$(ip -n "d$i" link show eth0)
        if [[ $addresses == *" $vip/"* && $link == *"state UP"* ]]; then echo "d$i"; fi
    done
}

# answered_after MS: the first probe answer after MS, or nothing.
answered_after() { awk -v t="$1" '$1 > t && $2 == "ok" { print $1; exit }' "$LAB_RESULT/probe.log"; }

# wait_owner SECONDS [NOT]: until exactly one director (other than NOT) holds the VIP and the client got an answer
# after that; prints it.
wait_owner() {
    local limit=$1 not=${2:-} i h since
    for ((i = 0; i < limit * 4; i++)); do
        h=$(holders)
        if [[ $h =~ ^d[123]$ && $h != "$not" ]]; then
            since=$(now_ms)
            sleep 0.3
            if [[ -n $(answered_after "$since") ]]; then echo "$h"; return 0; fi
        fi
        sleep 0.2
    done
    return 1
}

declare -A pid
conf() {
    local i=$1
    cp "$LAB_DIR/../../hocon/cluster-fast.conf" "$TMPDIR/d$i.conf"
    cat >>"$TMPDIR/d$i.conf" <<CONF
akka.remote.dot-netty.tcp.hostname = "192.0.2.1$i"
lvs.data-plane = ipvs
lvs.cluster.priority = $((200 - 50 * i))
lvs.cluster.preempt = false
lvs.cluster.notify-master = null
lvs.cluster.notify-backup = null
lvs.cluster.notify-fault = null
lvs.cluster.sync-daemon = { interface = eth0, sync-id = 51 }
lvs.admin.journal.path = "$TMPDIR/admin-d$i.db"
lvs.virtual-services.web.scheduler = rr
lvs.virtual-services.web.real-servers = [
  { address = "192.0.2.21", checks = [ { type = tcp, connect-timeout = 1s } ] }
  { address = "192.0.2.22", checks = [ { type = tcp, connect-timeout = 1s } ] }
]
lvs.virtual-services.echo {
  address = "$vip:9000"
  scheduler = rr
  forwarding = dr
  delay-loop = 1s
  real-servers = [
    { address = "192.0.2.21", checks = [ { type = tcp, connect-timeout = 1s } ] }
    { address = "192.0.2.22", checks = [ { type = tcp, connect-timeout = 1s } ] }
  ]
}
# The guest has one slow CPU shared by three directors, the servers and the client: heartbeats arrive up to ~0.5 s
# late in steady state, and for several seconds after a director joined it stalls for 1-2 s (its first cluster work
# on one CPU). With cluster-fast's 600 ms pause, or 1-1.5 s, nearly every join ended in downings; the lab therefore
# runs a 3 s pause (validate's inequality: 3 s + 200 ms + 200 ms < 3 s + 1 s), and judges a new member after 10 s.
akka.cluster.failure-detector.heartbeat-interval = 200ms
akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
akka.cluster.failure-detector.min-std-deviation = 100ms
akka.cluster.failure-detector.expected-response-after = 10s
akka.cluster.split-brain-resolver.stable-after = 1s
lvs.fencing.isolation-timeout = 3s
${LAB_DIRECTOR_CONF:-}
CONF
}

# start_director N: starts dN and waits until it is a cluster member (it formed the cluster or was welcomed into it);
# fails when the process exits first. Alone, d1 holds no VIPs: a majority of the three expected voters is two.
start_director() {
    local i=$1 log w
    log=$LAB_RESULT/director-d$i.log
    echo "=== start $(now_ms)" >>"$log"
    # Niced while it starts, so that the running directors come first. (It did not remove their stalls: the guest's
    # kernel is not preemptible, and most of a start is page faults, which are kernel work.)
    ip netns exec "d$i" nice -n 19 "$dotnet" exec "$director" run --config "$TMPDIR/d$i.conf" --log-level information >>"$log" 2>&1 &
    pid[d$i]=$!
    _lab_pids+=($!)
    for ((w = 0; w < 600; w++)); do
        [[ $(awk '/^=== start/ { n = 0 } /Welcome from|is JOINING itself/ { n++ } END { print n + 0 }' "$log") -gt 0 ]] && return 0
        if ! kill -0 "${pid[d$i]}" 2>/dev/null; then
            echo "d$i exited during start-up"
            return 1
        fi
        sleep 0.1
    done
    echo "d$i did not join the cluster within 60 s"
    return 1
}

# members_up N: how many members dN's admin API sees Up and reachable.
members_up() {
    ip netns exec "d$1" curl -fsS --max-time 5 http://127.0.0.1:9180/api/v1/status 2>/dev/null | python3 -c '
import json, sys
cluster = json.load(sys.stdin)["director"]["cluster"] or {}
members = (cluster.get("status") or {}).get("members", [])
print(sum(1 for m in members if m["status"] == "Up" and m["reachable"]))' 2>/dev/null || echo 0
}

# ensure_cluster: what systemd's Restart=on-failure does for a director that exited (downed by the others, or by
# itself on the minority side), until all three run, each sees all three Up, and one of them owns the VIP. A director
# still outside the cluster on a second look is restarted too. Each restart is an event line.
ensure_cluster() {
    local round i
    for ((round = 1; round <= 8; round++)); do
        for i in 1 2 3; do
            if ! kill -0 "${pid[d$i]:-999999}" 2>/dev/null || { ((round > 1)) && [[ $(members_up "$i") != 3 ]]; }; then
                mark restart "d$i"
                revive "$i" || continue 2
            fi
        done
        wait_owner 60 >/dev/null || continue
        sleep 2
        for i in 1 2 3; do
            kill -0 "${pid[d$i]}" 2>/dev/null && [[ $(members_up "$i") == 3 ]] || continue 2
        done
        normal_priority
        return 0
    done
    lab_fail "the cluster did not settle with three directors and one owner"
}

# revive N: the director's host comes back: its link up without the VIP, the sync daemons stopped, a new process.
revive() {
    local i=$1
    kill -9 "${pid[d$i]}" 2>/dev/null || true
    wait "${pid[d$i]}" 2>/dev/null || true
    ip -n "d$i" addr del "$vip/24" dev eth0 2>/dev/null || true
    ip link set "${port[d$i]}" master br-lan
    ip -n "d$i" link set eth0 up
    lab_in "d$i" ipvsadm --stop-daemon master 2>/dev/null || true
    lab_in "d$i" ipvsadm --stop-daemon backup 2>/dev/null || true
    start_director "$i"
}

# settle: the cluster and the connection sync catch up before the next run; then every director runs at normal
# priority (each thread: nice is per thread on Linux).
settle() {
    sleep "${LAB_SETTLE:-6}"
    normal_priority
}

normal_priority() {
    local i t
    for i in 1 2 3; do
        for t in /proc/"${pid[d$i]:-999999}"/task/*; do renice -n 0 -p "${t##*/}" >/dev/null 2>&1 || true; done
    done
}

# wait_exit N SECONDS: until dN's process has exited; says whether it did.
wait_exit() {
    local i=$1 limit=$2 w
    for ((w = 0; w < limit * 10; w++)); do
        kill -0 "${pid[d$i]}" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

kill_run() {
    local run=$1 owner t0 down first
    ensure_cluster
    owner=$(wait_owner 30) || lab_fail "kill run $run: no single owner"
    t0=$(now_ms)
    mark begin kill "$run" "$owner"
    kill -9 "${pid[$owner]}"
    ip -n "$owner" link set eth0 down
    down=$(now_ms)
    mark down kill "$run" "$owner"
    wait_owner 30 "$owner" >/dev/null || lab_fail "kill run $run: no new owner within 30 s of killing $owner"
    first=$(answered_after "$down")
    echo "kill $run: $owner killed, first answer after $((first - t0)) ms"
    revive "${owner#d}" || true
    settle
    mark end kill "$run" "$owner"
}

partition_run() {
    local kind=$1 run=$2 owner victim t0
    ensure_cluster
    owner=$(wait_owner 30) || lab_fail "$kind run $run: no single owner"
    victim=$owner
    if [[ $kind == follower ]]; then
        victim=$(for i in 1 2 3; do [[ d$i != "$owner" ]] && echo "d$i"; done | sed -n "$(((run - 1) % 2 + 1))p")
    fi
    t0=$(now_ms)
    mark begin "$kind" "$run" "$victim"
    ip link set "${port[$victim]}" nomaster
    if [[ $kind == partition ]]; then
        wait_owner 30 "$owner" >/dev/null || lab_fail "partition run $run: no new owner within 30 s of cutting $owner off"
    else
        sleep 5
    fi
    sleep 2
    mark heal "$kind" "$run" "$victim"
    ip link set "${port[$victim]}" master br-lan
    # Cut off, the director downed itself (keep-majority: it was the minority): its process ends by itself.
    wait_exit "${victim#d}" 20 || lab_fail "$kind run $run: $victim still runs 20 s after the partition healed"
    revive "${victim#d}" || true
    settle
    mark end "$kind" "$run" "$victim"
}

leave_run() {
    local run=$1 owner
    ensure_cluster
    owner=$(wait_owner 30) || lab_fail "leave run $run: no single owner"
    mark begin leave "$run" "$owner"
    kill -TERM "${pid[$owner]}"
    wait_owner 30 "$owner" >/dev/null || lab_fail "leave run $run: no new owner within 30 s of stopping $owner"
    wait_exit "${owner#d}" 20 || lab_fail "leave run $run: $owner still runs 20 s after SIGTERM"
    revive "${owner#d}" || true
    settle
    mark end leave "$run" "$owner"
}

keepalived_start() {
    local i=$1 peers
    peers=$(for j in 1 2 3; do if [[ $j != "$i" ]]; then echo "    192.0.2.1$j"; fi; done)
    cat >"$TMPDIR/ka$i.conf" <<CONF
global_defs {
  router_id d$i
  lvs_sync_daemon eth0 VI_1 id 52
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $((200 - 50 * i))
  nopreempt
  advert_int 1
  unicast_src_ip 192.0.2.1$i
  unicast_peer {
$peers
  }
  virtual_ipaddress { $vip/24 dev eth0 }
}
CONF
    rm -f "/run/ka$i.pid" "/run/ka$i-vrrp.pid"
    ip netns exec "d$i" keepalived -P -n -l -D -f "$TMPDIR/ka$i.conf" -p "/run/ka$i.pid" -r "/run/ka$i-vrrp.pid" \
        >>"$LAB_RESULT/keepalived-d$i.log" 2>&1 &
    pid[d$i]=$!
    _lab_pids+=($!)
}

keepalived_kill_run() {
    local run=$1 owner t0 down first n
    owner=$(wait_owner 30) || lab_fail "keepalived run $run: no single owner"
    n=${owner#d}
    t0=$(now_ms)
    mark begin keepalived-kill "$run" "$owner"
    kill -9 "${pid[$owner]}" "$(cat "/run/ka$n-vrrp.pid")"
    ip -n "$owner" link set eth0 down
    down=$(now_ms)
    mark down keepalived-kill "$run" "$owner"
    wait_owner 30 "$owner" >/dev/null || lab_fail "keepalived run $run: no new owner within 30 s of killing $owner"
    first=$(answered_after "$down")
    echo "keepalived-kill $run: $owner killed, first answer after $((first - t0)) ms"
    wait "${pid[$owner]}" 2>/dev/null || true
    ip -n "$owner" addr del "$vip/24" dev eth0 2>/dev/null || true
    ip -n "$owner" link set eth0 up
    lab_in "$owner" ipvsadm --stop-daemon master 2>/dev/null || true
    lab_in "$owner" ipvsadm --stop-daemon backup 2>/dev/null || true
    keepalived_start "$n"
    settle
    mark end keepalived-kill "$run" "$owner"
}

lab_bg client probe.log /usr/bin/python3 "$LAB_DIR/scenarios/leadership-probe.py" "$vip" 80

lab_step "ours: three directors"
: >"$events"
for i in 1 2 3; do conf "$i"; start_director "$i" || true; done
ensure_cluster
lab_bg client long-lived-ours.log /usr/bin/python3 "$LAB_DIR/long-lived.py" "$vip" 9000 8
long_lived=${_lab_pids[-1]}
settle
for ((run = 1; run <= runs; run++)); do lab_step "ours: kill, run $run"; kill_run "$run"; done
for ((run = 1; run <= runs; run++)); do lab_step "ours: owner partition, run $run"; partition_run partition "$run"; done
for ((run = 1; run <= ${LAB_FOLLOWER_RUNS:-1}; run++)); do lab_step "ours: follower partition, run $run"; partition_run follower "$run"; done
for ((run = 1; run <= runs; run++)); do lab_step "ours: graceful leave, run $run"; leave_run "$run"; done
mark stop ours
for i in 1 2 3; do kill -9 "${pid[d$i]}" 2>/dev/null || true; done
kill "$long_lived" 2>/dev/null || true

lab_step "keepalived"
for i in 1 2 3; do
    ip -n "d$i" addr del "$vip/24" dev eth0 2>/dev/null || true
    lab_in "d$i" ipvsadm --stop-daemon master 2>/dev/null || true
    lab_in "d$i" ipvsadm --stop-daemon backup 2>/dev/null || true
    keepalived_start "$i"
done
wait_owner 60 >/dev/null || lab_fail "keepalived: no single owner within 60 s of the start"
lab_bg client long-lived-keepalived.log /usr/bin/python3 "$LAB_DIR/long-lived.py" "$vip" 9000 8
settle
for ((run = 1; run <= runs; run++)); do lab_step "keepalived: kill, run $run"; keepalived_kill_run "$run"; done
mark stop keepalived

lab_step "results"
python3 "$LAB_DIR/ownership.py" "$LAB_RESULT" | tee "$LAB_RESULT/results.txt"
