# shellcheck shell=bash
# What the hub of the active-active lab (deploy/lab/scenarios/active-active.sh) can ask of a director guest, beside
# director-ops.sh's operations (which source this file; the agent runs one command line). Here the director runs
# hocon/cluster-active-active.conf as shipped, with this segment's addresses, and BIRD 2 beside it:
#   BIRD: $TMPDIR/bird.conf (Debian's shape: a device protocol and the director's include), its control socket
#         $TMPDIR/bird.ctl, its log $LAB_RESULT/bird-dK.log.
#   the director: lvs.cluster.bgp.config-file $TMPDIR/bird-lvsactors.conf, local AS 6500K, router 192.0.2.1 (AS 65000),
#         VIP 203.0.113.100/32 on lvsvip0 (every director alike) and the VIP groups a, b and c (203.0.113.101-103,
#         each preferred on one director), a DR service on port 9000 of each (mh with mh-port, mh-fallback) over the
#         real servers 192.0.2.21-23 in that order.
aa_vip=203.0.113.100
aa_token=lab-active-active
birdpid=/run/lab/bird.pid

# aa_real_servers: the three DR real servers, TCP-checked on the echo port, in one order on every director.
# (Commas: HOCON merges objects written side by side on one line into one.)
aa_real_servers() {
    local rs sep=""
    for rs in 21 22 23; do
        printf '%s{ address = "192.0.2.%s", checks = [ { type = tcp, connect-timeout = 1s } ] }' "$sep" "$rs"
        sep=", "
    done
}

# aa_conf: the director's configuration.
aa_conf() {
    local rs
    cp "$LAB_DIR/../../hocon/cluster-active-active.conf" "$TMPDIR/director.conf"
    cat >>"$TMPDIR/director.conf" <<CONF
akka.remote.dot-netty.tcp.hostname = "192.0.2.1$k"
lvs.cluster.tls { certificate = "$LAB_CLUSTER_TLS/192.0.2.1$k.crt", key = "$LAB_CLUSTER_TLS/192.0.2.1$k.key", ca = "$LAB_CLUSTER_TLS/ca.crt" }
lvs.cluster.bgp {
  local-as = $((65000 + k))
  router-id = 192.0.2.1$k
  config-file = "$TMPDIR/bird-lvsactors.conf"
  control-socket = "$TMPDIR/bird.ctl"
}
lvs.cluster.sync-daemon = { interface = eth0, sync-id = 53 }
lvs.admin.journal.path = "$TMPDIR/admin.db"
lvs.admin.api.token = "$aa_token"
lvs.cluster.vips = [
  { address = "$aa_vip/32" }
  { address = "203.0.113.101/32", group = a }
  { address = "203.0.113.102/32", group = b }
  { address = "203.0.113.103/32", group = c }
]
lvs.virtual-services.web.address = "$aa_vip:9000"
lvs.virtual-services.web.real-servers = [ $(aa_real_servers) ]
CONF
    for g in 1 2 3; do
        cat >>"$TMPDIR/director.conf" <<CONF
lvs.virtual-services.group-$g {
  address = "203.0.113.10$g:9000"
  scheduler = mh
  scheduler-flags = [mh-port, mh-fallback]
  forwarding = dr
  delay-loop = 1s
  real-servers = [ $(aa_real_servers) ]
}
CONF
    done
    printf '%s\n' "${LAB_DIRECTOR_CONF:-}" >>"$TMPDIR/director.conf"
}

# aa_start: BIRD, then a new director process; returns once the director is a cluster member.
aa_start() {
    running && { echo "d$k: a director already runs (pid $(pid))"; return 1; }
    aa_conf
    # An include BIRD can read before the director has written its own (BIRD refuses to start on a missing file).
    [[ -e $TMPDIR/bird-lvsactors.conf ]] || echo "# the director writes this file" >"$TMPDIR/bird-lvsactors.conf"
    cat >"$TMPDIR/bird.conf" <<CONF
log "$LAB_RESULT/bird-d$k.log" all;
protocol device { scan time 10; }
include "$TMPDIR/bird-lvsactors.conf";
CONF
    # Above the director (SCHED_FIFO): BFD's 100 ms × 3 must not wait behind a busy one-CPU guest.
    chrt -f 40 bird -c "$TMPDIR/bird.conf" -s "$TMPDIR/bird.ctl" -P "$birdpid" || { echo "d$k: bird did not start"; return 1; }
    launch
}

# aa_crash: the director's machine dies as far as the router and the others can tell: the link down (BFD and BGP
# hear nothing more), then the director and BIRD killed. Prints when (ms).
aa_crash() {
    clock
    ip link set eth0 down
    kill -9 "$(pid)" 2>/dev/null
    kill -9 "$(cat "$birdpid" 2>/dev/null || echo 999999)" 2>/dev/null
    return 0
}

# aa_clean: the machine comes back empty: no director, no BIRD, no VIP interface, no IPVS table, the link up.
aa_clean() {
    kill -9 "$(pid)" 2>/dev/null || true
    kill -9 "$(cat "$birdpid" 2>/dev/null || echo 999999)" 2>/dev/null || true
    wait_exit 10 || true
    ip link del lvsvip0 2>/dev/null || true
    ipvsadm -C
    ip link set eth0 up
    rm -f "$TMPDIR/bird-lvsactors.conf"
    return 0
}

# aa_drain / aa_undrain: `lvsactors director-drain [--undo]`, as an operator runs it. Prints when (ms) it was asked.
aa_drain() {
    clock
    "$DOTNET_ROOT/dotnet" exec "$TMPDIR/director/$(basename "$LAB_DIRECTOR")" director-drain --config "$TMPDIR/director.conf" "$@"
}
aa_undrain() { aa_drain --undo; }

# aa_conns LABEL: this director's connection table now (/proc/net/ip_vs_conn, hex) into conns-LABEL.txt in its result
# folder: what active-active.py shows for each flow that broke (which director held an entry for it, to which real
# server, in which state).
aa_conns() { cat /proc/net/ip_vs_conn >"$LAB_RESULT/conns-$1.txt"; }

# aa_bird CMD...: a BIRD command through its control socket (birdc).
aa_bird() { birdc -s "$TMPDIR/bird.ctl" "$@"; }
