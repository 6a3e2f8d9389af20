# shellcheck shell=bash
# What the hub of the cluster lab can ask of a director guest (deploy/lab/director-agent.py sources this file and
# runs one command line). Runs in the director guest's root namespace: eth0 is the LAN, the VIP is 192.0.2.100.
# Logs go to $LAB_RESULT (the hub's result folder/dK): director-dK.log, keepalived-dK.log.
# Either our director or keepalived runs here at a time; its pid is in /run/lab/director.pid. The .NET environment
# comes from director-guest.sh, through the agent.
k=${LAB_INDEX:?}
vip=192.0.2.100
pidfile=/run/lab/director.pid
# Builtins only, so that the time printed is the action's: in `clock; kill "$(pid)"` two forks (date, then the
# subshell) stood between them, each waiting for the guest's one CPU behind the director's real-time threads.
clock() { local t=${EPOCHREALTIME/./}; echo "${t%???}"; }
# pid_of FILE: the pid in FILE (999999 when none) into $target, read without a fork.
pid_of() { target=999999; read -r target <"$1" 2>/dev/null || target=999999; }
pid() { local target; pid_of "$pidfile"; echo "$target"; }
running() { kill -0 "$(pid)" 2>/dev/null; }

# conf [insecure] [safe]: the director's configuration: hocon/cluster-fast.conf on this segment, two DR services, and
# $LAB_DIRECTOR_CONF (HOCON lines, last so they win). "insecure" runs the cluster without TLS even when
# $LAB_CLUSTER_TLS is set (the hub's comparison runs); "safe" takes the lease timings and Akka tick of hocon/cluster-3node.conf (the
# safe profile: a 750 ms lease renewed every 100 ms, timers on a 50 ms tick) instead of the fast profile's (260 ms, every 30 ms, 10 ms).
conf() {
    cp "$LAB_DIR/../../hocon/cluster-fast.conf" "$TMPDIR/director.conf"
    cat >>"$TMPDIR/director.conf" <<CONF
akka.remote.dot-netty.tcp.hostname = "192.0.2.1$k"
lvs.data-plane = ipvs
lvs.cluster.priority = $((200 - 50 * k))
lvs.cluster.preempt = false
lvs.cluster.notify-master = null
lvs.cluster.notify-backup = null
lvs.cluster.notify-fault = null
lvs.cluster.sync-daemon = { interface = eth0, sync-id = 51 }
lvs.admin.journal.path = "$TMPDIR/admin.db"
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
CONF
    # The cluster examples run mutual TLS. $LAB_CLUSTER_TLS is a folder from `lvsactors cluster-certs --out DIR
    # 192.0.2.11 192.0.2.12 192.0.2.13` (the host test makes one per run); without it the lab runs insecure, as a
    # hand-run lab may, with the warning that brings. (null first: the example's certificate files would merge into
    # an object given after them, and insecure = on beside them is refused.)
    if [[ -n ${LAB_CLUSTER_TLS:-} && ${1:-} != insecure ]]; then
        cat >>"$TMPDIR/director.conf" <<CONF
lvs.cluster.tls { certificate = "$LAB_CLUSTER_TLS/192.0.2.1$k.crt", key = "$LAB_CLUSTER_TLS/192.0.2.1$k.key", ca = "$LAB_CLUSTER_TLS/ca.crt" }
CONF
    else
        cat >>"$TMPDIR/director.conf" <<CONF
lvs.cluster.tls = null
lvs.cluster.tls.insecure = on
akka.cluster.seed-nodes = [ "akka.tcp://lvs@192.0.2.11:4053", "akka.tcp://lvs@192.0.2.12:4053", "akka.tcp://lvs@192.0.2.13:4053" ]
CONF
    fi
    if [[ ${2:-} == safe ]]; then
        cat >>"$TMPDIR/director.conf" <<CONF
lvs.fencing.isolation-timeout = 750ms
lvs.director.leadership { fence-interval = 100ms, lease-margin = 100ms }
akka.scheduler.tick-duration = 50ms
CONF
    fi
    printf '%s\n' "${LAB_DIRECTOR_CONF:-}" >>"$TMPDIR/director.conf"
}

# start [insecure] [safe]: a new director process (its configuration: conf); returns once it is a cluster member (it formed
# the cluster or was welcomed into it), fails when it exits first or has not joined within 60 s.
start() {
    running && { echo "d$k: a director already runs (pid $(pid))"; return 1; }
    conf "${1:-}" "${2:-}"
    launch
}

# launch: `lvsactors run` on $TMPDIR/director.conf, logged to director-dK.log; returns once it joined (see start).
launch() {
    local log=$LAB_RESULT/director-d$k.log w
    echo "=== start $(clock)" >>"$log"
    setsid "$DOTNET_ROOT/dotnet" exec "$TMPDIR/director/$(basename "$LAB_DIRECTOR")" run --config "$TMPDIR/director.conf" \
        --log-level information </dev/null >>"$log" 2>&1 &
    echo $! >"$pidfile"
    for ((w = 0; w < 600; w++)); do
        [[ $(awk '/^=== start/ { n = 0 } /Welcome from|is JOINING itself/ { n++ } END { print n + 0 }' "$log") -gt 0 ]] && return 0
        running || { echo "d$k exited during start-up"; return 1; }
        sleep 0.1
    done
    echo "d$k did not join the cluster within 60 s"
    return 1
}

# holds, standing, members_up, holding_epoch: the agent answers them itself (deploy/lab/director-agent.py).

# crash: the host dies as far as the others can tell: the link down first (from then on nothing leaves it, as from
# a host that lost power), then the process killed. Prints when (ms): the hub's clock for it is a shell start late.
crash() {
    local target
    pid_of "$pidfile"
    clock
    ip link set eth0 down
    kill -9 "$target" 2>/dev/null
}

# stop_gracefully: SIGTERM (our director leaves the cluster and hands the VIPs over). Prints when (ms).
stop_gracefully() {
    local target
    pid_of "$pidfile"
    clock
    kill -TERM "$target"
}

# freeze: SIGSTOP the director (a stalled process: its kernel runs on, its timers do not). Prints when (ms).
freeze() {
    local target
    pid_of "$pidfile"
    clock
    kill -STOP "$target"
}

# thaw: SIGCONT after a freeze.
thaw() { kill -CONT "$(pid)"; }

# clock_step SECONDS: steps this guest's wall clock by SECONDS (+5, -5); the director's lease counts on the monotonic
# clock, which no step moves. Prints the time before the step. Read and set in one process, microseconds apart: `date
# -s "+5 seconds"` loses the time between its read and its set (tens of ms on a loaded guest), and the guests' clocks
# drifted apart by that much with every step, which the cross-guest timelines of ownership.py then took for overlaps.
clock_step() {
    python3 -c 'import sys, time
now = time.clock_gettime(time.CLOCK_REALTIME)
time.clock_settime(time.CLOCK_REALTIME, now + float(sys.argv[1]))
print(int(now * 1000))' "$1"
}

# starve SECONDS: four CPU hogs beside the director for SECONDS (stress-ng, in the background).
starve() {
    clock
    setsid stress-ng --cpu 4 --timeout "${1}s" </dev/null >/dev/null 2>&1 &
}

# mac: eth0's MAC address (the hub maps the client's ARP view to directors with it).
mac() { cat /sys/class/net/eth0/address; }

# wait_exit SECONDS: until the process has exited; says whether it did.
wait_exit() {
    local w
    for ((w = 0; w < $1 * 10; w++)); do
        running || return 0
        sleep 0.1
    done
    return 1
}

# clean: the host comes back: no process, link up without the VIP, no sync daemon, no VIP fence (a killed director
# leaves its tc filter behind, closed: keepalived, which has no fence, would find its VIP's traffic dropped).
clean() {
    pkill -9 stress-ng 2>/dev/null || true
    kill -9 "$(pid)" 2>/dev/null || true
    # Every keepalived process, not only the one in the pidfile: a VRRP child outlives a parent killed with -9, and a
    # VRRPv2 child left from one group went on holding elections beside the next group's VRRPv3 instance.
    keepalived_gone || true
    wait_exit 10 || true
    tc qdisc del dev eth0 clsact 2>/dev/null || true
    ip addr del "$vip/24" dev eth0 2>/dev/null || true
    ip link set eth0 up
    ipvsadm --stop-daemon master 2>/dev/null || true
    ipvsadm --stop-daemon backup 2>/dev/null || true
    return 0
}

# keepalived_start [VERSION]: the peer: VRRPv2 with advert_int 1 (keepalived's defaults), or with 3 VRRPv3 and
# advert_int 0.1 (what users who care about failover run), unicast to the other two, the IPVS sync daemon with the
# VRRP instance. It programs no virtual servers: the table (and its real servers) is the director's; here only the
# VIP and the sync role move, as with ours.
keepalived_start() {
    local j peers="" version=${1:-2} advert=1
    [[ $version == 3 ]] && advert=0.1
    for j in 1 2 3; do [[ $j != "$k" ]] && peers+="    192.0.2.1$j"$'\n'; done
    cat >"$TMPDIR/keepalived.conf" <<CONF
global_defs {
  router_id d$k
  vrrp_version $version
  lvs_sync_daemon eth0 VI_1 id 52
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $((200 - 50 * k))
  nopreempt
  advert_int $advert
  unicast_src_ip 192.0.2.1$k
  unicast_peer {
$peers  }
  virtual_ipaddress { $vip/24 dev eth0 }
}
CONF
    rm -f /run/lab/ka.pid /run/lab/ka-vrrp.pid
    setsid keepalived -P -n -l -D -f "$TMPDIR/keepalived.conf" -p /run/lab/ka.pid -r /run/lab/ka-vrrp.pid \
        </dev/null >>"$LAB_RESULT/keepalived-d$k.log" 2>&1 &
    echo $! >"$pidfile"
}

# keepalived_crash: as crash, for keepalived's VRRP child and then its parent. (The other order lets the child see
# its parent die and leave gracefully, with a priority-0 advert that hands over at once: not a crash.)
# keepalived_freeze / keepalived_thaw: as freeze and thaw, for keepalived's VRRP child and its parent (a stalled host).
keepalived_freeze() {
    local target child
    pid_of /run/lab/ka-vrrp.pid
    child=$target
    pid_of "$pidfile"
    clock
    kill -STOP "$child" 2>/dev/null
    kill -STOP "$target"
}
keepalived_thaw() {
    kill -CONT "$(pid)"
    kill -CONT "$(cat /run/lab/ka-vrrp.pid 2>/dev/null || echo 999999)" 2>/dev/null || true
}

keepalived_crash() {
    local target child
    pid_of /run/lab/ka-vrrp.pid
    child=$target
    pid_of "$pidfile"
    clock
    ip link set eth0 down
    kill -9 "$child" 2>/dev/null
    kill -9 "$target" 2>/dev/null
    keepalived_gone
}

# keepalived_gone: no keepalived process left (each forked child has its parent's command line), within 5 s.
keepalived_gone() {
    local i
    for ((i = 0; i < 50; i++)); do
        pkill -9 -f '^keepalived -P ' 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

# keepalived_state: what a stuck peer run needs to be read: the keepalived processes, the VIP's interface, the log.
keepalived_state() {
    pgrep -af '^keepalived -P ' || echo "no keepalived process"
    ip -o addr show dev eth0
    ip -o link show eth0
    tail -n 5 "$LAB_RESULT/keepalived-d$k.log" 2>/dev/null || true
}

# The active-active lab's operations (aa_*).
# shellcheck source=deploy/lab/active-active-ops.sh
. "$LAB_DIR/active-active-ops.sh"
