#!/bin/bash
# Director failover on the real kernel; the hub of a cluster lab (deploy/lab/boot-cluster.sh): three director guests,
# each one machine with its own kernel, IPVS table and CPU, in front of two DR real servers; a client sends a new
# request to the VIP every 20 ms and holds long-lived connections (an echo every 200 ms) through it.
# Ours: `lvsactors run` on each director guest (the published director, hocon/cluster-fast.conf on this segment),
# health-checking the real servers and programming its own table; the VIP and the IPVS sync daemon's role move with
# leadership. Peer, in the same lab: keepalived (VRRPv2, advert_int 1, lvs_sync_daemon) on the same guests.
#   br-lan (this guest) 192.0.2.0/24: client .50, rs1 .21, rs2 .22, and the ports eth0..eth2 to d1 .11 (priority 150),
#   d2 .12 (100), d3 .13 (50). VIP 192.0.2.100: on the owner's eth0; on the real servers' lo (DR, ARP suppressed).
#   eth3 203.0.113.1: management, to each director's agent (203.0.113.1K:7000).
# Ours run the safe profile's lease (750 ms, renewed every 100 ms: hocon/cluster-3node.conf) except in fast-kill.
# Runs ($LAB_RUNS each, default 5):
#   kill      SIGKILL the owner and take its link down (a dead host); then a new process on a clean host.
#   fast-kill as kill, with the three directors restarted on the fast profile's lease (260 ms, every 30 ms).
#   partition take the owner's port off the bridge (it lives on, cut off); heal; it must have let go by itself and
#             rejoin in the same process (downed by the majority: a new actor system, no exit).
#   follower  the same with a director that does not own the VIP; ownership must not move ($LAB_FOLLOWER_RUNS, 1).
#   oneway    a one-way partition: the hub drops every frame from the owner's port (tc ingress), so the owner hears
#             the others but they do not hear it. It must let go by itself; it rejoins in the same process.
#   leave     SIGTERM the owner (graceful leave); restart it.
#   freeze2, freeze10  SIGSTOP the owner for 2 s ($LAB_FREEZE_RUNS, default LAB_RUNS) / 10 s (once), then SIGCONT:
#             its kernel fence closes at its lease end (the address stays until its lifetime runs out unrenewed); two
#             owners must never be seen.
#   blip1, blip5  with two of three up, the owner's port off the bridge for 1 s / 5 s: nobody exits, the pair heals.
#   clock     the owner's wall clock stepped +5 s, then back -5 s, then the same on a follower: nothing may move (the
#             lease counts on monotonic clocks).
#   starve    the owner's guest CPU starved by four stress-ng hogs for 60 s ($LAB_STARVE_SECONDS), $LAB_STARVE_RUNS
#             times (default LAB_RUNS): the safe profile (its directors at nice -10, as the shipped profiles set)
#             must not move the VIP (a false failover).
#   insecure-kill  as kill, with the three directors restarted without TLS (insecure = on, akka.tcp seeds): the
#             failover figure without TLS from the same run, to set beside the kill runs'. Only with LAB_CLUSTER_TLS
#             (without it every run is insecure already); $LAB_INSECURE_RUNS, default LAB_RUNS.
#   keepalived-kill  as kill, with keepalived (VRRPv2, advert_int 1: its defaults).
#   keepalived3-kill as kill, with keepalived tuned for fast failover (VRRPv3, advert_int 0.1).
#   keepalived-freeze2, keepalived3-freeze2  freeze2 with keepalived (VRRP child and parent stopped): the figure of how
#             long two MACs answer ARP for the VIP without a fence (with "freeze" in $LAB_KINDS).
#   keepalived-oneway, -leave, -clock, -starve (and keepalived3-…)  the peer under ours' oneway, leave, clock and
#             starve runs; only with "keepalived-more" in $LAB_KINDS (not in the test command: 15 minutes more).
# $LAB_KINDS (space-separated: kill partition follower oneway leave freeze blip clock starve fast insecure keepalived
# keepalived3 keepalived-more; all but insecure and keepalived-more unless told) runs a subset, for a quicker look while developing, or adds insecure.
# Each director guest records its VIP and link changes (`ip -ts monitor`) and its kernel fence's deadline (the director's
# tc program stops answering for the VIP when its lease lapses, even frozen: fence-sampler.py, every 50 ms); the kernel
# view counts a director as an owner while it has the address, the link and an open fence. The client asks "who has
# the VIP" by ARP every 10 ms and logs which MACs answer (arp.log, arp-sampler.py); ownership.py turns them, the probe
# and the long-lived clients' logs into results.txt: one line per run with the times and the owner counts, both views.
# Needs: LAB_DIRECTOR (the published lvsactors.dll). Optional: LAB_RUNS, LAB_FOLLOWER_RUNS, LAB_INSECURE_RUNS, LAB_STARVE_RUNS,
# LAB_SETTLE, LAB_CLUSTER_TLS (see director-ops.sh), LAB_DIRECTOR_CONF (HOCON lines for every director, e.g. a slower
# failure detector).
. "$LAB_DIR/lib.sh"
: "${LAB_DIRECTOR:?set LAB_DIRECTOR to a published lvsactors.dll}"
[[ ${LAB_DIRECTORS:-} == 3 ]] || lab_fail "run through deploy/lab/boot-cluster.sh with three directors (LAB_DIRECTORS=${LAB_DIRECTORS:-unset})"
runs=${LAB_RUNS:-5}
kinds=" ${LAB_KINDS:-kill partition follower oneway leave freeze blip clock starve fast keepalived keepalived3} "
partition_runs=${LAB_PARTITION_RUNS:-$runs}
clock_runs=${LAB_CLOCK_RUNS:-$runs}
freeze_runs=${LAB_FREEZE_RUNS:-$runs}
wanted() { [[ $kinds == *" $1 "* ]]; }
if [[ -n ${LAB_TRACE:-} ]]; then
    exec {trace}>>"$LAB_RESULT/trace.log"
    BASH_XTRACEFD=$trace
    PS4='+ $(date +%T.%3N) '
    set -x
fi
vip=192.0.2.100
# shellcheck source=deploy/lab/hub-lib.sh
. "$LAB_DIR/hub-lib.sh"

lab_step "topology"
lab_bridge br-lan
for i in 0 1 2; do
    ip link set "eth$i" master br-lan
    ip link set "eth$i" up
done
ip addr add 203.0.113.1/24 dev eth3
ip link set eth3 up
lab_ns client br-lan 192.0.2.50/24
for i in 1 2; do
    lab_ns "rs$i" br-lan "192.0.2.2$i/24"
    ip -n "rs$i" addr add "$vip/32" dev lo
    # DR: the real servers hold the VIP but never answer ARP for it.
    ip netns exec "rs$i" sh -c 'echo 1 >/proc/sys/net/ipv4/conf/all/arp_ignore; echo 2 >/proc/sys/net/ipv4/conf/all/arp_announce'
    lab_bg "rs$i" "echo-rs$i.log" python3 "$LAB_DIR/echo-server.py" 9000 "rs$i"
    lab_http "rs$i" "rs$i"
done
declare -A port=([d1]=eth0 [d2]=eth1 [d3]=eth2)
# An ingress qdisc on every director's port, so that a one-way partition is one filter added at the cut (loading the
# tc modules then took half a second, counted against the run).
for i in 0 1 2; do tc qdisc add dev "eth$i" ingress; done

await_directors

skews

holders() {
    local i
    on_each holds
    for i in 1 2 3; do [[ ${answer[$i]} == yes ]] && echo "d$i"; done
    return 0
}

# answered_after MS: the first probe answer after MS, or nothing.
answered_after() { awk -v t="$1" '$1 > t && $2 == "ok" { print $1; exit }' "$LAB_RESULT/probe.log"; }

# wait_owner SECONDS [NOT]: until exactly one director (other than NOT) holds the VIP and the client got an answer
# after that; prints it.
wait_owner() {
    local not=${2:-} h since end
    end=$(deadline "$1")
    while before "$end"; do
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

# start N: a new director on dN's clean host; each start is logged in director-dN.log. With $transport "insecure"
# it runs without TLS; $profile is the lease's: safe (hocon/cluster-3node.conf's timings) or fast (cluster-fast.conf).
transport=
profile=safe
start() {
    on "$1" clean >/dev/null
    ip link set "${port[d$1]}" master br-lan
    on "$1" start "${transport:-tls}" "$profile"
}

# start_all: the three directors at once (each start waits until it joined, 10-15 s in a one-CPU guest). The first
# seed forms the cluster; the others join it as soon as it answers. What a start said (a failure) is shown.
start_all() {
    local i
    each start
    for i in 1 2 3; do [[ -z ${answer[$i]} ]] || echo "${answer[$i]}"; done
}

# ensure_cluster: what systemd's Restart=on-failure does for a director that exited (a downed director rejoins in
# its own process, so none should), until all three run, each sees all three Up, and one of them owns the VIP. A
# director still outside the cluster on a second look is restarted too. Each unplanned restart is an event line.
ensure_cluster() {
    local round i look
    for ((round = 1; round <= 6; round++)); do
        on_each standing
        for i in 1 2 3; do
            if [[ ${answer[$i]} == stopped ]] || { ((round > 1)) && [[ ${answer[$i]} != 3 ]]; }; then
                mark restart "d$i"
                start "$i" || continue 2
            fi
        done
        wait_owner 60 >/dev/null || continue
        # A director that has just joined is Up for the others a moment later: three looks a second apart before one
        # that does not see all three Up is restarted.
        for ((look = 1; look <= 3; look++)); do
            on_each standing
            [[ ${answer[1]} == 3 && ${answer[2]} == 3 && ${answer[3]} == 3 ]] && { skews; return 0; }
            sleep 1
        done
    done
    lab_fail "the cluster did not settle with three directors and one owner"
}

# run_owner KIND RUN: the owner a run of ours starts from, once all three run and one of them has held the VIP alone
# for a second (seen twice). Under load a lease can lapse again and again for a while (the fast profile's 300 ms one
# after its restart: the VIP moving every second for tens of seconds); a run that began in that churn killed or froze
# a director that no longer owned the VIP by then. Such a wait is an "unsettled" event, in ownership.py's output.
# The safe profile: no owner that stays within four tries (two to four minutes) fails the scenario. The fast profile
# on a host whose guests go unscheduled for 0.4-0.9 s (the host's cores taken by other work: the directors' own
# "heartbeat was delayed" warnings) cannot keep a 260 ms lease for a second, by design: after two tries its run kills
# the owner of the moment, a "churn" event. Safety is judged the same; a run whose victim had already lost the lease
# gives no figure (LeadershipFailoverTests: victim_owned=0).
run_owner() {
    local kind=$1 run=$2 try tries=4 owner since
    [[ $profile == fast ]] && tries=2
    since=$(now_ms)
    for ((try = 1; try <= tries; try++)); do
        ensure_cluster >&2
        lab_say "three directors, each sees all three Up" >&2
        owner=$(wait_owner 30) || continue
        sleep 1
        [[ $(holders) == "$owner" ]] || continue
        ((try == 1)) || mark unsettled "$kind" "$run" $(($(now_ms) - since))
        echo "$owner"
        return 0
    done
    [[ $profile == fast ]] || return 1
    # In that churn even "one owner, and an answer through it" may not hold still for the hub's look (each look asks
    # three busy guests): whoever holds the VIP now, or d1 when nobody does (a run that then kills a director without
    # the VIP is judged for safety alone, victim_owned=0).
    owner=$(wait_owner 30) || owner=$(holders | head -1)
    mark churn "$kind" "$run" $(($(now_ms) - since))
    echo "${owner:-d1}"
}

# settle: the cluster and the connection sync catch up before the next run.
# (A director started at the end of a run has received the long-lived connections from the sync daemon by then.)
settle() { sleep "${LAB_SETTLE:-5}"; }

# hung_other VICTIM: the number of a director guest other than VICTIM whose userspace stopped (its agent silent, or
# running no command: UML's hang, deploy/lab/README.md); nothing when none did. The agent answers the hub's polls
# (holds, standing) in its own process, so a guest that hung just before a run still looks well to wait_owner.
hung_other() {
    local i
    for i in 1 2 3; do
        [[ d$i == "$1" ]] && continue
        if silent "$i" || stalled "$i"; then
            echo "$i"
            return 0
        fi
    done
    return 1
}

# void_if_hung KIND RUN VICTIM: a run after which no other director took the VIP, judged: when another guest hung
# (then the one left is one of three, no majority, and waiting is what it must do: a dead host and a cut-off owner
# are two failures) the hung guest is booted again, the run marked void (ownership.py drops it) and 0 returned for the
# caller to undo its own action and run it again; 1 when every other guest runs (the failure is the director's).
# At most three voided runs per scenario.
voided=0
void_if_hung() {
    local hung
    hung=$(hung_other "$3") || return 1
    ((voided < 3)) || return 1
    voided=$((voided + 1))
    lab_say "$1 run $2: no new owner, and d$hung hung meanwhile (one of three left: no majority); the run is void and runs again"
    reboot_hung "$hung"
    mark void "$1" "$2" "$3"
    return 0
}

# heal_cut KIND VICTIM: VICTIM's port back on the bridge (partition, follower) or its frames let in again (oneway).
heal_cut() {
    if [[ $1 == oneway ]]; then
        tc filter del dev "${port[$2]}" ingress
    else
        ip link set "${port[$2]}" master br-lan
    fi
}

# kill_run RUN [KIND]: KIND (kill unless told) names the run in events.txt.
kill_run() {
    local run=$1 kind=${2:-kill} owner down
    owner=$(run_owner "$kind" "$run") || lab_fail "$kind run $run: no owner that stayed within four tries"
    mark begin "$kind" "$run" "$owner"
    down=$(on "${owner#d}" crash) || lab_fail "$kind run $run: could not kill $owner"
    echo "$down down $kind $run $owner" >>"$events"
    if ! wait_owner 30 "$owner" >/dev/null; then
        void_if_hung "$kind" "$run" "$owner" || lab_fail "$kind run $run: no new owner within 30 s of killing $owner"
        start "${owner#d}" || true
        kill_run "$run" "$kind"
        return
    fi
    lab_say "$kind $run: $owner killed, another owns the VIP"
    start "${owner#d}" || true
    lab_say "$owner started again and joined"
    settle
    mark end "$kind" "$run" "$owner"
}

# moved OWNER EPOCH: the VIP left OWNER, or OWNER let it go and took it again (its holding epoch is not EPOCH), since
# EPOCH was read.
moved() { [[ $(holders) != "$1" || $(on "${1#d}" holding_epoch) != "$2" ]]; }

# again KIND RUN OWNER EPOCH COMMAND...: after a run of KIND (follower, clock, starve) in which nothing may move, and OWNER
# held the VIP under EPOCH at its start: if it moved, COMMAND runs the same run once more as KIND-again. A step or a
# cut-off follower that moves the VIP moves it every time, a lease that lapsed under the lab's load (it happens every
# few minutes here, in any run) seldom twice in a row. LeadershipFailoverTests judges the pair; both are in results.txt.
again() {
    local kind=$1 run=$2 owner=$3 epoch=$4
    moved "$owner" "$epoch" || return 0
    lab_say "$kind run $run: the VIP moved ($owner held it under epoch $epoch at the start); the same run again"
    "${@:5}"
}

partition_run() {
    local kind=$1 run=$2 owner victim epoch
    owner=$(run_owner "$kind" "$run") || lab_fail "$kind run $run: no owner that stayed within four tries"
    victim=$owner
    if [[ ${kind%-again} == follower ]]; then
        epoch=$(on "${owner#d}" holding_epoch)
        # (An if, not [[ ]] && echo: with the owner last, the loop's status was the failed test, and under pipefail the
        # assignment ended the scenario without a word.)
        victim=$(for i in 1 2 3; do if [[ d$i != "$owner" ]]; then echo "d$i"; fi; done | sed -n "$(((run - 1) % 2 + 1))p")
    fi
    mark begin "$kind" "$run" "$victim"
    if [[ $kind == oneway ]]; then
        # Frames from the victim's guest are dropped where they enter the hub; frames to it still go out.
        tc filter add dev "${port[$victim]}" ingress matchall action drop
    else
        ip link set "${port[$victim]}" nomaster
    fi
    if [[ ${kind%-again} != follower ]]; then
        if ! wait_owner 30 "$owner" >/dev/null; then
            void_if_hung "$kind" "$run" "$victim" || lab_fail "$kind run $run: no new owner within 30 s of cutting $owner off"
            heal_cut "$kind" "$victim"
            settle
            partition_run "$kind" "$run"
            return
        fi
    else
        sleep 5
    fi
    sleep 2
    mark heal "$kind" "$run" "$victim"
    heal_cut "$kind" "$victim"
    # Cut off, the director downed nobody (it was the minority) and waited; the majority downed it, so once it hears
    # them again it starts a new actor system in the same process and rejoins: no exit, no restart.
    # 60 s: on a loaded host a rejoining member can be downed again by the fast profile's failure detector and take
    # a second incarnation (seen in a CI run at load 40: 35 s); still in-process, which is what is asserted.
    wait_rejoined "${victim#d}" 60 || lab_fail "$kind run $run: $victim did not rejoin within 60 s of the partition healing"
    settle
    mark end "$kind" "$run" "$victim"
    if [[ $kind == follower ]]; then again follower "$run" "$owner" "$epoch" partition_run follower-again "$run"; fi
}

# wait_rejoined N SECONDS: until dN's process (the same one: it must not exit) sees three members Up and reachable.
wait_rejoined() {
    local end
    end=$(deadline "$2")
    while before "$end"; do
        on "$1" running || { echo "d$1 exited instead of rejoining in-process"; return 1; }
        [[ $(on "$1" members_up) == 3 ]] && return 0
        sleep 0.5
    done
    return 1
}

# blip_run SECONDS RUN: the livelock of issue 17. With only two of three directors up (the third stopped gracefully),
# the hub drops the owner's port for SECONDS. Neither half is a majority of three: the owner fences its VIP, nobody
# downs anyone, and once the port is back both run on (same processes) and serve again; then the third joins.
blip_run() {
    local seconds=$1 run=$2 owner spare i
    owner=$(run_owner blip "$run") || lab_fail "blip run $run: no owner that stayed within four tries"
    # The lowest-priority director that does not own the VIP (a loop, not `| head -1`: under pipefail head's early
    # exit would end the scenario with SIGPIPE).
    for i in 3 2 1; do [[ d$i != "$owner" ]] && { spare=d$i; break; }; done
    on "${spare#d}" stop_gracefully >/dev/null
    on "${spare#d}" wait_exit 20 || lab_fail "blip run $run: $spare still runs 20 s after SIGTERM"
    for ((i = 0; i < 100; i++)); do [[ $(on "${owner#d}" members_up) == 2 ]] && break; sleep 0.2; done
    mark begin "blip$seconds" "$run" "$owner"
    ip link set "${port[$owner]}" nomaster
    sleep "$seconds"
    mark heal "blip$seconds" "$run" "$owner"
    ip link set "${port[$owner]}" master br-lan
    for i in 1 2 3; do
        [[ d$i == "$spare" ]] && continue
        on "$i" running || lab_fail "blip run $run: d$i exited during a $seconds s blip (two of three up)"
    done
    for ((i = 0; i < 100; i++)); do
        [[ $(on "${owner#d}" members_up) == 2 && -n $(holders) ]] && break
        sleep 0.2
    done
    [[ $(on "${owner#d}" members_up) == 2 ]] || lab_fail "blip run $run: the pair did not heal within 20 s of a $seconds s blip"
    wait_owner 30 >/dev/null || lab_fail "blip run $run: no owner after a $seconds s blip"
    mark end "blip$seconds" "$run" "$owner"
    start "${spare#d}" || true
    settle
}

# freeze_run SECONDS RUN: SIGSTOP the owner for SECONDS, then SIGCONT. Its kernel keeps answering for the VIP until
# the VIP's lifetime (vip-lifetime, renewed only by a running holder) runs out; the majority replaces it meanwhile.
# Once thawed, the holder finds its lease lapsed and lets go; the majority downed it, so it rejoins in-process.
freeze_run() {
    local seconds=$1 run=$2 owner down
    owner=$(run_owner freeze "$run") || lab_fail "freeze run $run: no owner that stayed within four tries"
    mark begin "freeze$seconds" "$run" "$owner"
    down=$(on "${owner#d}" freeze) || lab_fail "freeze run $run: could not stop $owner"
    echo "$down down freeze$seconds $run $owner" >>"$events"
    sleep "$seconds"
    on "${owner#d}" thaw || true
    # A single owner again, whoever: on a busy host the new owner's lease may lapse soon after and the VIPs go back to
    # the thawed director. That another took the VIPs meanwhile the kernel logs say (claim_ms), and the test asserts.
    wait_owner 30 >/dev/null || lab_fail "freeze run $run: no single owner within 30 s of freezing $owner"
    wait_rejoined "${owner#d}" 60 || lab_fail "freeze run $run: $owner did not rejoin within 60 s of SIGCONT"
    settle
    mark end "freeze$seconds" "$run" "$owner"
}

# step dN SECONDS: dN's wall clock stepped; the event (dN's time before the step, the step in ms) lets ownership.py
# read dN's logs on the hub's clock.
step() {
    local before
    before=$(on "${1#d}" clock_step "$2") || lab_fail "could not step $1's clock by $2 s"
    mark step "$1" "$before" "$(($2 * 1000))"
}

# clock_steps OWNER: OWNER's clock +5 s and back, then the lowest-priority follower's -5 s and back, 3 s apart.
clock_steps() {
    local follower i
    for i in 3 2 1; do [[ d$i != "$1" ]] && { follower=d$i; break; }; done
    step "$1" +5
    sleep 3
    step "$1" -5
    sleep 3
    step "$follower" -5
    sleep 3
    step "$follower" +5
    sleep 3
}

# clock_run RUN: the owner's clock +5 s and back, then a follower's; nothing may move.
clock_run() {
    local run=$1 kind=${2:-clock} owner epoch
    owner=$(run_owner "$kind" "$run") || lab_fail "$kind run $run: no owner that stayed within four tries"
    epoch=$(on "${owner#d}" holding_epoch)
    mark begin "$kind" "$run" "$owner"
    clock_steps "$owner"
    mark end "$kind" "$run" "$owner"
    if [[ $kind == clock ]]; then again clock "$run" "$owner" "$epoch" clock_run "$run" clock-again; fi
}

# starve_run RUN [KIND]: the owner's guest starved of CPU for $LAB_STARVE_SECONDS (60); nothing may move (a move gets
# a second go as starve-again, see again).
starve_run() {
    local run=$1 kind=${2:-starve} owner down epoch seconds=${LAB_STARVE_SECONDS:-60}
    owner=$(run_owner "$kind" "$run") || lab_fail "$kind run $run: no owner that stayed within four tries"
    epoch=$(on "${owner#d}" holding_epoch)
    mark begin "$kind" "$run" "$owner"
    down=$(on "${owner#d}" starve "$seconds") || lab_fail "$kind run $run: could not start stress-ng on $owner"
    echo "$down down $kind $run $owner" >>"$events"
    sleep $((seconds + 2))
    mark end "$kind" "$run" "$owner"
    if [[ $kind == starve ]]; then again starve "$run" "$owner" "$epoch" starve_run "$run" starve-again; fi
}

leave_run() {
    local run=$1 owner down
    owner=$(run_owner leave "$run") || lab_fail "leave run $run: no owner that stayed within four tries"
    mark begin leave "$run" "$owner"
    down=$(on "${owner#d}" stop_gracefully) || lab_fail "leave run $run: could not stop $owner"
    echo "$down down leave $run $owner" >>"$events"
    if ! wait_owner 30 "$owner" >/dev/null; then
        void_if_hung leave "$run" "$owner" || lab_fail "leave run $run: no new owner within 30 s of stopping $owner"
        start "${owner#d}" || true
        leave_run "$run"
        return
    fi
    on "${owner#d}" wait_exit 20 || lab_fail "leave run $run: $owner still runs 20 s after SIGTERM"
    start "${owner#d}" || true
    settle
    mark end leave "$run" "$owner"
}

# keepalived_kill_run RUN VERSION: VRRP VERSION 2 (advert_int 1, the kind keepalived-kill) or 3 (advert_int 0.1,
# keepalived3-kill).
keepalived_kill_run() {
    local run=$1 version=$2 owner down kind=keepalived-kill
    [[ $version == 3 ]] && kind=keepalived3-kill
    owner=$(wait_owner 30) || lab_fail "$kind run $run: no single owner"
    mark begin "$kind" "$run" "$owner"
    down=$(on "${owner#d}" keepalived_crash) || lab_fail "$kind run $run: could not kill $owner"
    echo "$down down $kind $run $owner" >>"$events"
    if wait_owner 30 "$owner" >/dev/null; then
        echo "$kind $run: $owner killed"
        on "${owner#d}" clean >/dev/null
        on "${owner#d}" keepalived_start "$version"
    else
        peer_stuck "$kind" "$run" "$version" "no new owner within 30 s of killing $owner"
    fi
    settle
    mark end "$kind" "$run" "$owner"
}

# peer_stuck KIND RUN VERSION WHY: a run of the peer that did not end as it should. The peer is measured, not judged:
# what every guest and the client saw goes to the console, a "stuck" event to ownership.py (the run's figure is left
# out of the peer's and the run is named beside it), and the group starts afresh. Ours never gets this pass.
peer_stuck() {
    local kind=$1 run=$2 version=$3 why=$4 i
    echo "$kind run $run: $why; holders now: $(holders | tr '\n' ' ')"
    for i in 1 2 3; do echo "-- d$i:"; on "$i" keepalived_state; done
    echo "-- client's neighbours: $(ip netns exec client ip neigh show "$vip" 2>&1)"
    mark stuck "$kind" "$run"
    for i in 1 2 3; do on "$i" clean >/dev/null; done
    for i in 1 2 3; do on "$i" keepalived_start "$version"; done
    wait_owner 60 >/dev/null || lab_fail "$kind run $run: $why, and no single owner within 60 s of starting keepalived again"
}

# keepalived_freeze_run RUN VERSION: the owner's keepalived (VRRP child and parent) stopped for 2 s, then continued.
# keepalived has no fence: its frozen kernel answers for the VIP while a backup that stopped hearing adverts takes it.
# With advert_int 1 a backup waits ~3 s, longer than the freeze: nothing moves. Once thawed, VRRP settles on one master.
keepalived_freeze_run() {
    local run=$1 version=$2 owner down kind=keepalived-freeze2
    [[ $version == 3 ]] && kind=keepalived3-freeze2
    owner=$(wait_owner 30) || lab_fail "$kind run $run: no single owner"
    mark begin "$kind" "$run" "$owner"
    down=$(on "${owner#d}" keepalived_freeze) || lab_fail "$kind run $run: could not stop $owner"
    echo "$down down $kind $run $owner" >>"$events"
    sleep 2
    on "${owner#d}" keepalived_thaw || true
    wait_owner 30 >/dev/null || peer_stuck "$kind" "$run" "$version" "no single owner within 30 s of the thaw"
    settle
    mark end "$kind" "$run" "$owner"
}

# keepalived_more_run WHAT RUN VERSION: the peer under what ours meets in oneway, leave, clock and starve (kinds
# keepalived-WHAT, keepalived3-WHAT); measured, not judged. oneway: the master's frames dropped at the hub for 5 s
# (longer than VRRPv2's 3.6 s master-down) — it hears the backups, they do not hear it. leave: SIGTERM (keepalived's
# child sends a priority-0 advert and drops the VIP). clock: as clock_run. starve: as starve_run.
keepalived_more_run() {
    local what=$1 run=$2 version=$3 owner down kind=keepalived-$1 seconds=${LAB_STARVE_SECONDS:-60}
    [[ $version == 3 ]] && kind=keepalived3-$what
    owner=$(wait_owner 30) || lab_fail "$kind run $run: no single owner"
    mark begin "$kind" "$run" "$owner"
    case $what in
        oneway)
            tc filter add dev "${port[$owner]}" ingress matchall action drop
            sleep 5
            mark heal "$kind" "$run" "$owner"
            tc filter del dev "${port[$owner]}" ingress
            ;;
        leave)
            down=$(on "${owner#d}" stop_gracefully) || lab_fail "$kind run $run: could not stop $owner"
            echo "$down down $kind $run $owner" >>"$events"
            wait_owner 30 "$owner" >/dev/null || peer_stuck "$kind" "$run" "$version" "no new owner within 30 s of SIGTERM to $owner"
            on "${owner#d}" wait_exit 20 || true
            on "${owner#d}" clean >/dev/null
            on "${owner#d}" keepalived_start "$version"
            ;;
        clock) clock_steps "$owner" ;;
        starve)
            down=$(on "${owner#d}" starve "$seconds") || lab_fail "$kind run $run: could not start stress-ng on $owner"
            echo "$down down $kind $run $owner" >>"$events"
            sleep $((seconds + 2))
            ;;
    esac
    wait_owner 30 >/dev/null || peer_stuck "$kind" "$run" "$version" "no single owner within 30 s of the run's end"
    settle
    mark end "$kind" "$run" "$owner"
}

# The hub's own stalls (stall-sampler.py): every frame between the directors crosses this guest's bridge.
chrt -f 60 python3 "$LAB_DIR/stall-sampler.py" >>"$LAB_RESULT/stall-hub.log" 2>&1 &
_lab_pids+=($!)
lab_bg client probe.log /usr/bin/python3 "$LAB_DIR/scenarios/leadership-probe.py" "$vip" 80
lab_bg client arp.log /usr/bin/python3 "$LAB_DIR/arp-sampler.py" eth0 192.0.2.50 "$vip"
for i in 1 2 3; do echo "$(now_ms) mac d$i $(on "$i" mac)" >>"$events"; done

lab_step "ours: three directors"
: >>"$events"
start_all
ensure_cluster
lab_bg client long-lived-ours.log /usr/bin/python3 "$LAB_DIR/long-lived.py" "$vip" 9000 8
long_lived=${_lab_pids[-1]}
settle
if wanted kill; then for ((run = 1; run <= runs; run++)); do lab_step "ours: kill, run $run"; kill_run "$run"; done; fi
if wanted partition; then for ((run = 1; run <= partition_runs; run++)); do lab_step "ours: owner partition, run $run"; partition_run partition "$run"; done; fi
if wanted oneway; then for ((run = 1; run <= runs; run++)); do lab_step "ours: one-way partition of the owner, run $run"; partition_run oneway "$run"; done; fi
if wanted follower; then for ((run = 1; run <= ${LAB_FOLLOWER_RUNS:-1}; run++)); do lab_step "ours: follower partition, run $run"; partition_run follower "$run"; done; fi
if wanted leave; then for ((run = 1; run <= runs; run++)); do lab_step "ours: graceful leave, run $run"; leave_run "$run"; done; fi
if wanted freeze; then
    for ((run = 1; run <= freeze_runs; run++)); do lab_step "ours: owner frozen (SIGSTOP 2 s), run $run"; freeze_run 2 "$run"; done
    lab_step "ours: owner frozen (SIGSTOP 10 s)"
    freeze_run 10 1
fi
if wanted blip; then
    lab_step "ours: blips while two of three are up"
    blip_run 1 1
    blip_run 5 1
fi
if wanted clock; then for ((run = 1; run <= clock_runs; run++)); do lab_step "ours: clock steps, run $run"; clock_run "$run"; done; fi
if wanted starve; then for ((run = 1; run <= ${LAB_STARVE_RUNS:-$runs}; run++)); do lab_step "ours: the owner starved of CPU, run $run"; starve_run "$run"; done; fi
mark stop ours
kill "$long_lived" 2>/dev/null || true

# kill_phase PHASE LABEL RUNS: every director killed and started again as $profile and $transport now say (a TLS
# director and a plain one cannot talk, nor two lease timings mix, so no rolling change), long-lived connections of
# the phase's own in long-lived-PHASE.log (none lost in the change counts against a run), then RUNS kills named
# PHASE-kill.
kill_phase() {
    local phase=$1 label=$2 count=$3 i run
    lab_step "$label: three directors"
    for i in 1 2 3; do on "$i" clean >/dev/null; done
    start_all
    ensure_cluster
    lab_bg client "long-lived-$phase.log" /usr/bin/python3 "$LAB_DIR/long-lived.py" "$vip" 9000 8
    long_lived=${_lab_pids[-1]}
    settle
    for ((run = 1; run <= count; run++)); do lab_step "$label: kill, run $run"; kill_run "$run" "$phase-kill"; done
    mark stop "$phase"
    kill "$long_lived" 2>/dev/null || true
}

# The fast profile: the same guests on the fast lease; kills only (its figure).
if wanted fast; then
    profile=fast
    kill_phase fast "ours, fast profile" "$runs"
    profile=safe
fi

# The same guests and kills without TLS, for the figure beside the kill runs'.
if [[ -n ${LAB_CLUSTER_TLS:-} ]] && wanted insecure; then
    transport=insecure
    kill_phase insecure "ours without TLS" "${LAB_INSECURE_RUNS:-$runs}"
fi

# keepalived_group VERSION: the peer on the same guests, VRRPv2 advert_int 1 or VRRPv3 advert_int 0.1.
keepalived_group() {
    local version=$1 i run what
    lab_step "keepalived VRRPv$version"
    for i in 1 2 3; do
        on "$i" clean >/dev/null
        on "$i" keepalived_start "$version"
    done
    wait_owner 60 >/dev/null || lab_fail "keepalived VRRPv$version: no single owner within 60 s of the start"
    settle
    for ((run = 1; run <= runs; run++)); do lab_step "keepalived VRRPv$version: kill, run $run"; keepalived_kill_run "$run" "$version"; done
    if wanted freeze; then
        for ((run = 1; run <= freeze_runs; run++)); do lab_step "keepalived VRRPv$version: owner frozen 2 s, run $run"; keepalived_freeze_run "$run" "$version"; done
    fi
    if wanted keepalived-more; then
        for what in oneway leave clock starve; do
            for ((run = 1; run <= runs; run++)); do lab_step "keepalived VRRPv$version: $what, run $run"; keepalived_more_run "$what" "$run" "$version"; done
        done
    fi
}
if wanted keepalived || wanted keepalived3; then
    lab_bg client long-lived-keepalived.log /usr/bin/python3 "$LAB_DIR/long-lived.py" "$vip" 9000 8
    if wanted keepalived; then keepalived_group 2; fi
    if wanted keepalived3; then keepalived_group 3; fi
    mark stop keepalived
    for i in 1 2 3; do on "$i" clean >/dev/null; done
fi

lab_step "results"
skews
python3 "$LAB_DIR/ownership.py" "$LAB_RESULT" | tee "$LAB_RESULT/results.txt"
