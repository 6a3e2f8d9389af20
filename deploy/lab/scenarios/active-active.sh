#!/bin/bash
# Active-active on the real kernel (issue 23); the hub of a cluster lab (deploy/lab/boot-cluster.sh): three director
# guests that all serve the VIP, each announcing it by BGP (BIRD 2 beside `lvsactors run` on
# hocon/cluster-active-active.conf) to a router that spreads flows over them by ECMP, in front of three DR real servers;
# a client holds thousands of long-lived flows (each its own source port) through the VIP.
#   router (netns, BIRD 2, AS 65000)  br-lan 192.0.2.1/24, br-client 198.51.100.1/25; ECMP on the 5-tuple
#                                     (fib_multipath_hash_policy = 3), the VIP's route from BGP, BFD 100 ms × 3
#   client (netns)                    198.51.100.2/25, default route via the router
#   rs1..rs3 (netns)                  192.0.2.21-23/24 on br-lan, the VIP on lo (DR, ARP suppressed), default route via
#                                     the router (their answers go straight to the client)
#   d1..d3 (guests, on eth0..eth2)    192.0.2.11-13, AS 65001-65003; VIP 203.0.113.100/32 on their lvsvip0
#   eth3 203.0.113.1                  management, to each director's agent (203.0.113.1K:7000)
# Runs ($LAB_RUNS each, default 1; the figures take 5):
#   drain     `lvsactors director-drain` on one director (each in turn), then --undo: no flow may break.
#   rskill    a real server's echo server killed (each in turn), then started again: only its own flows may break.
#   kill      a director's machine dies (link down, director and BIRD killed; d1 and d2 in turn), then comes back: the
#             router must withdraw its route (BFD: about 0.3 s), no flow of a surviving director may break; with mh
#             and sloppy_tcp the dead one's flows go on through the others too (its broken flows are the figure).
#   kill-nobfd the same for d3, whose session with the router runs without BFD (d1's and d2's run with it): the route
#             goes when the BGP hold time (9 s) runs out.
#   flap      d1 and d2 silent for $LAB_FLAP_MS (500) ms at the hub: BFD takes their routes, BGP brings them back;
#             no flow may break (what a stalled host did to the router in CI).
#   throughput $LAB_BURST_FLOWS of the client's flows (48) send as fast as their echoes come back for $LAB_BURST
#             seconds (10) with 3, 1 and 2 directors announcing (the others drained), $LAB_RUNS rounds; the hub shapes
#             the VIP's traffic toward each director to $LAB_DIRECTOR_CAP (512kbit), its capacity here. Run it
#             with LAB_FLOWS=300: between bursts all flows' echoes must fit one director's capacity.
# $LAB_KINDS (space-separated; all unless told) runs a subset. $LAB_FLOWS flows (default 2000), each echoing every
# $LAB_FLOW_INTERVAL seconds (default 3).
# VIP groups: 203.0.113.101-103 (groups a, b, c) must each be routed to one director, a different one each, and a killed
# director's group must move to another.
# The router's route changes (`ip -ts monitor route`) and, before every run, the director the router sends each flow
# to go to the result folder; active-active.py turns them and the client's log into results.txt.
# Needs: LAB_DIRECTOR (the published lvsactors.dll), LAB_CLUSTER_TLS (lvsactors cluster-certs for 192.0.2.11-13).
. "$LAB_DIR/lib.sh"
: "${LAB_DIRECTOR:?set LAB_DIRECTOR to a published lvsactors.dll}"
: "${LAB_CLUSTER_TLS:?set LAB_CLUSTER_TLS to a folder of lvsactors cluster-certs for 192.0.2.11-13}"
[[ ${LAB_DIRECTORS:-} == 3 ]] || lab_fail "run through deploy/lab/boot-cluster.sh with three directors (LAB_DIRECTORS=${LAB_DIRECTORS:-unset})"
runs=${LAB_RUNS:-1}
kinds=" ${LAB_KINDS:-drain rskill kill kill-nobfd flap throughput} "
flows=${LAB_FLOWS:-2000}
burst=${LAB_BURST:-10}
wanted() { [[ $kinds == *" $1 "* ]]; }
vip=203.0.113.100
# The VIP groups a, b and c (one VIP each), each preferred on one director: the other way to use three directors.
spread_vips=(203.0.113.101 203.0.113.102 203.0.113.103)
# shellcheck source=deploy/lab/hub-lib.sh
. "$LAB_DIR/hub-lib.sh"

lab_step "topology"
lab_bridge br-lan
for i in 0 1 2; do
    ip link set "eth$i" master br-lan
    ip link set "eth$i" up
    # Where a flap run drops a director's frames.
    tc qdisc add dev "eth$i" ingress
done
ip addr add 203.0.113.1/24 dev eth3
ip link set eth3 up
lab_ns router br-lan 192.0.2.1/24
lab_ns router br-client 198.51.100.1/25
lab_forwarding router
# The 5-tuple hash, as a hardware router computes it: one client's flows differ only in their source port. Not policy
# 1: it takes a hash the packet already carries, and the client's packets come from a socket on this same kernel with
# its random transmit hash (sk_txhash), which TCP draws afresh at every retransmission timeout (net.core.txrehash):
# a flow would hop to another director on any lost packet, and `ip route get` (ecmp-owners.py) would not predict the
# director its packets really take. Policy 3 hashes the fields named (0x37: addresses, protocol, ports) from the packet.
lab_in router sh -c 'echo 3 >/proc/sys/net/ipv4/fib_multipath_hash_policy; echo 0x0037 >/proc/sys/net/ipv4/fib_multipath_hash_fields'
lab_ns client br-client 198.51.100.2/25 198.51.100.1
# Thousands of flows from one address, and their replacements: every local port of the client.
lab_in client sh -c 'echo "1024 65000" >/proc/sys/net/ipv4/ip_local_port_range'
declare -A echo_pid
for i in 1 2 3; do
    lab_ns "rs$i" br-lan "192.0.2.2$i/24" 192.0.2.1
    for v in "$vip" "${spread_vips[@]}"; do ip -n "rs$i" addr add "$v/32" dev lo; done
    # DR: the real servers hold the VIP but never answer ARP for it.
    ip netns exec "rs$i" sh -c 'echo 1 >/proc/sys/net/ipv4/conf/all/arp_ignore; echo 2 >/proc/sys/net/ipv4/conf/all/arp_announce'
    lab_bg "rs$i" "echo-rs$i.log" python3 "$LAB_DIR/echo-server.py" 9000 "rs$i"
    echo_pid[rs$i]=${_lab_pids[-1]}
done

# The router's BIRD: BFD on its sessions with d1 and d2, and not with d3, so that one router gives both figures (a kill
# with BFD: d1 or d2; without: d3, whose route goes when the BGP hold time, 9 s, runs out) without the restart of every
# session that a change of BFD on a running BIRD brings (the whole route gone for seconds).
cat >"$LAB_RESULT/bird-router.conf" <<CONF
log "$LAB_RESULT/bird-router.log" all;
router id 192.0.2.1;
protocol device { scan time 10; }
protocol kernel { ipv4 { import none; export all; }; merge paths on; }
protocol bfd { interface "eth0" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }
template bgp director {
  local 192.0.2.1 as 65000;
  hold time 9; keepalive time 3; connect delay time 1; connect retry time 3; error wait time 1, 10;
  ipv4 { import where net ~ [ $vip/32, 203.0.113.101/32, 203.0.113.102/32, 203.0.113.103/32 ]; export none; };
}
protocol bgp d1 from director { neighbor 192.0.2.11 as 65001; bfd on; }
protocol bgp d2 from director { neighbor 192.0.2.12 as 65002; bfd on; }
protocol bgp d3 from director { neighbor 192.0.2.13 as 65003; bfd off; }
CONF
# SCHED_FIFO, as a router's control plane comes first: this guest also carries the client's flows and the real
# servers, and BFD's 100 ms × 3 flapped while it was busy with them.
lab_in router chrt -f 50 bird -c "$LAB_RESULT/bird-router.conf" -s /run/lab/bird-router.ctl -P /run/lab/bird-router.pid
# Every change of the router's route to the VIP, stamped when the kernel tells it.
lab_bg router route.log ip -ts -o monitor route

await_directors
skews

# nexthops: the directors the router's route to the VIP leads to, as "d1 d3" (nothing when it has none).
nexthops() {
    ip -n router route show "$vip/32" | grep -oE 'via 192\.0\.2\.1[1-3]' | sed -E 's/via 192\.0\.2\.1/d/' | sort | xargs
}

# wait_nexthops WANT SECONDS: until the router's route leads to exactly WANT ("d1 d2 d3"); fails the scenario after
# SECONDS, with each director's BIRD sessions.
wait_nexthops() {
    local want=$1 end i
    end=$(deadline "$2")
    while before "$end"; do
        [[ $(nexthops) == "$want" ]] && return 0
        sleep 0.2
    done
    for i in 1 2 3; do echo "-- d$i: $(on "$i" aa_bird show protocols 2>&1 | tail -n 4)" >&2; done
    lab_fail "the router's route to $vip leads to '$(nexthops)', not '$want', after $2 s"
}

# spread_owners: the router's next hops for each VIP group's VIP, as "d1 d3 d2" ("d1+d2" for several, "-" for none).
spread_owners() {
    local v
    for v in "${spread_vips[@]}"; do
        ip -n router route show "$v/32" | grep -oE 'via 192\.0\.2\.1[1-3]' | sed -E 's/via 192\.0\.2\.1/d/' | sort | paste -sd+ | sed 's/^$/-/'
    done | xargs
}

# wait_spread LABEL [GONE]: until each VIP group has one director (the one it is preferred on), none of them GONE, and
# with all three up a different one each; marks "spread LABEL OWNERS". Fails the scenario after 60 s.
wait_spread() {
    local label=$1 gone=${2:-} end owners
    end=$(deadline 60)
    while before "$end"; do
        owners=$(spread_owners)
        if [[ ! $owners =~ [-+] && " $owners " != *" $gone "* ]] && { [[ -n $gone ]] || (($(tr ' ' '\n' <<<"$owners" | sort -u | wc -l) == 3)); }; then
            mark spread "$label" "$owners"
            return 0
        fi
        sleep 0.5
    done
    lab_fail "the VIP groups' routes lead to '$owners' $label, not one director each${gone:+ (none of them $gone)}"
}

# echo_via VIP: one line through VIP:9000 from the client, echoed by a real server.
echo_via() {
    lab_in client python3 -c 'import socket, sys
with socket.create_connection((sys.argv[1], 9000), timeout=5) as s:
    s.sendall(b"hello\n"); print(s.makefile().readline().strip())' "$1"
}

# start N: a director on dN's clean machine, BIRD beside it; returns once it joined the cluster.
start() {
    on "$1" aa_clean >/dev/null
    on "$1" aa_start
}

# snapshot LABEL: which director the router sends each open flow to when LABEL begins (owners-LABEL.txt, "PORT dK"):
# its kernel's ECMP choice for the flow's 5-tuple (deploy/lab/ecmp-owners.py).
snapshot() {
    python3 "$LAB_DIR/ecmp-owners.py" "$LAB_RESULT/flows.log" router eth1 "$vip" 9000 198.51.100.2 >"$LAB_RESULT/owners-$1.txt"
}

# settle: the flows that broke in the last step have new connections, every director and real server is back.
settle() { sleep "${LAB_SETTLE:-8}"; }

lab_step "three directors"
each start
for i in 1 2 3; do [[ -z ${answer[$i]} ]] || echo "${answer[$i]}"; done
wait_nexthops "d1 d2 d3" 120
mark directors up
wait_spread start
for v in "${spread_vips[@]}"; do
    echoed=$(echo_via "$v") || lab_fail "nothing answered through the VIP group's $v"
    lab_say "$v: $echoed"
done

lab_step "$flows flows"
lab_bg client flows.log python3 "$LAB_DIR/aa-flows.py" "$vip" 9000 "$flows" "${LAB_FLOW_INTERVAL:-3}" "$LAB_RESULT/flows.control"
end=$(deadline 120)
while before "$end"; do
    alive=$(awk '$2 == "alive" { n = $3 } END { print n + 0 }' "$LAB_RESULT/flows.log")
    ((alive >= flows * 98 / 100)) && break
    sleep 1
done
((alive >= flows * 98 / 100)) || lab_fail "only $alive of $flows flows answered within 120 s (see flows.log)"
settle
wait_nexthops "d1 d2 d3" 30
snapshot start
mark carry start

if wanted drain; then
    for ((run = 1; run <= runs; run++)); do
        victim=$(((run - 1) % 3 + 1))
        lab_step "drain d$victim, run $run"
        snapshot "drain-$run"
        out=$(on "$victim" aa_drain) || lab_fail "lvsactors director-drain on d$victim failed: $out"
        mark drain "d$victim" "$run" "${out%%$'\n'*}"
        wait_nexthops "$(for i in 1 2 3; do [[ $i != "$victim" ]] && echo "d$i"; done | xargs)" 30
        settle
        out=$(on "$victim" aa_undrain) || lab_fail "lvsactors director-drain --undo on d$victim failed: $out"
        mark undrain "d$victim" "$run" "${out%%$'\n'*}"
        wait_nexthops "d1 d2 d3" 30
        settle
    done
fi

if wanted rskill; then
    for ((run = 1; run <= runs; run++)); do
        victim=rs$(((run - 1) % 3 + 1))
        lab_step "real server $victim killed, run $run"
        snapshot "rskill-$run"
        mark rskill "$victim" "$run"
        kill -9 "${echo_pid[$victim]}"
        # The directors' checks (delay-loop 1 s) see it fail and a majority agrees; its flows reconnect elsewhere.
        settle
        lab_bg "$victim" "echo-$victim.log" python3 "$LAB_DIR/echo-server.py" 9000 "$victim"
        echo_pid[$victim]=${_lab_pids[-1]}
        mark rsback "$victim" "$run"
        settle
        on_each aa_conns "rskill-$run-after" >/dev/null
    done
fi

# kill_runs KIND VICTIMS...: a director's machine killed (the VICTIMS in turn) and brought back, RUNS times.
kill_runs() {
    local kind=$1 run victim victims
    shift
    victims=("$@")
    for ((run = 1; run <= runs; run++)); do
        victim=${victims[(run - 1) % ${#victims[@]}]}
        lab_step "$kind: d$victim killed, run $run"
        skews
        snapshot "$kind-$run"
        on_each aa_conns "$kind-$run" >/dev/null
        out=$(on "$victim" aa_crash) || lab_fail "d$victim could not be killed: $out"
        mark "$kind" "d$victim" "$run" "${out%%$'\n'*}"
        wait_nexthops "$(for i in 1 2 3; do [[ $i != "$victim" ]] && echo "d$i"; done | xargs)" 30
        mark withdrawn "d$victim" "$run"
        # Its VIP group is preferred on another director once the others see it gone.
        wait_spread "$kind-$run" "d$victim"
        snapshot "$kind-$run-after"
        # The dead director's flows go on through the others (TCP retransmits into the new route).
        sleep 15
        on_each aa_conns "$kind-$run-after" >/dev/null
        mark restart "d$victim" "$run"
        start "$victim" || lab_fail "d$victim did not start again"
        wait_nexthops "d1 d2 d3" 120
        mark back "d$victim" "$run"
        settle
    done
}
if wanted kill; then kill_runs kill 1 2; fi
if wanted kill-nobfd; then kill_runs kill-nobfd 3; fi

# flap: what a stalled host does to the router (in one CI run the router's BFD sessions with d1 and d2 went down
# together, the route went [d1 d2 d3] → [d3] → [d1 d3] → … in seconds, and eleven flows fell silent): the hub drops
# every frame d1 and d2 send for $LAB_FLAP_MS (500) ms, BFD takes their routes away and BGP brings them back. Nothing
# failed, so no flow may break. The router's side toward the directors is traced meanwhile (trace-flap-N.log,
# flow-trace.py: which director each of the client's segments went to, by MAC, and the real servers' answers).
if wanted flap; then
    for ((run = 1; run <= runs; run++)); do
        lab_step "flap: d1 and d2 silent for ${LAB_FLAP_MS:-500} ms, run $run"
        snapshot "flap-$run"
        on_each aa_conns "flap-$run" >/dev/null
        # Through the 30 s in which a silent flow is not yet declared lost, and the settle after it.
        lab_bg router "trace-flap-$run.log" python3 "$LAB_DIR/flow-trace.py" eth0 9000 50
        sleep 1
        mark flap "d1+d2" "$run"
        for i in 0 1; do tc filter add dev "eth$i" ingress matchall action drop; done
        sleep "$(awk "BEGIN { print ${LAB_FLAP_MS:-500} / 1000 }")"
        for i in 0 1; do tc filter del dev "eth$i" ingress; done
        mark flapped "d1+d2" "$run"
        wait_nexthops "d1 d2 d3" 60
        sleep 32
        on_each aa_conns "flap-$run-after" >/dev/null
        settle
    done
fi

# burst DIRECTORS: the client's flows as fast as they go for $burst seconds; its log says how many echoes came back.
burst() {
    mark burst "$1"
    echo "burst $burst $burst_flows" >"$LAB_RESULT/flows.control"
    sleep $((burst + 3))
}
# cap_directors RATE: the hub shapes the VIP's traffic toward each director to RATE (tc htb on its port to the
# director; the cluster's, BGP's and BFD's frames pass beside it unshaped). A director's capacity, standing in for
# what this lab cannot show by itself: the guests share the host's two cores, and unshaped the hub guest (client,
# router and real servers on one CPU) saturates first, whatever the number of directors. The queue holds a packet
# of every flow, so the shaping delays and never drops.
cap_directors() {
    local i
    for i in 0 1 2; do
        tc qdisc replace dev "eth$i" root handle 1: htb default 1
        tc class add dev "eth$i" parent 1: classid 1:1 htb rate 1gbit
        tc class add dev "eth$i" parent 1: classid 1:2 htb rate "$1" ceil "$1"
        tc qdisc add dev "eth$i" parent 1:2 pfifo limit $((flows * 4))
        tc filter add dev "eth$i" parent 1: protocol ip prio 1 u32 match ip dst "$vip/32" flowid 1:2
    done
}
uncap_directors() {
    local i
    for i in 0 1 2; do tc qdisc del dev "eth$i" root 2>/dev/null || true; done
}
if wanted throughput; then
    # $LAB_DIRECTOR_CAP (default 512kbit, about 400 echoes a second: a line and an ACK toward the VIP per echo): each
    # director's capacity, a sixth of what saturates the hub (about 2,400 echoes a second), so that three directors'
    # stay well below it. $LAB_BURST_FLOWS (default 48) of the flows take part: every one of them waits in a shaped
    # queue, and with all 2,000 in one director's the wait (seconds) would outlast TCP's retransmission timeout, the
    # queue fill with copies, and the figure measure the collapse. "none" measures the lab unshaped, every flow
    # bursting (the hub's limit).
    cap=${LAB_DIRECTOR_CAP:-512kbit}
    burst_flows=$flows
    if [[ $cap != none ]]; then
        burst_flows=${LAB_BURST_FLOWS:-48}
        cap_directors "$cap"
        mark director-cap "$cap" "$burst_flows"
    fi
    # Rounds alternate 3, 1, 2 directors, $runs of them: each count's figure is the median of its rounds.
    for ((run = 1; run <= runs; run++)); do
        lab_step "throughput: 3, 1 and 2 directors, round $run"
        burst 3
        on 2 aa_drain >/dev/null || lab_fail "lvsactors director-drain on d2 failed"
        on 3 aa_drain >/dev/null || lab_fail "lvsactors director-drain on d3 failed"
        wait_nexthops d1 30
        settle
        burst 1
        on 2 aa_undrain >/dev/null || lab_fail "lvsactors director-drain --undo on d2 failed"
        wait_nexthops "d1 d2" 30
        settle
        burst 2
        on 3 aa_undrain >/dev/null || lab_fail "lvsactors director-drain --undo on d3 failed"
        wait_nexthops "d1 d2 d3" 30
        settle
    done
    uncap_directors
fi
mark stop

lab_step "results"
skews
python3 "$LAB_DIR/active-active.py" "$LAB_RESULT" | tee "$LAB_RESULT/results.txt"
