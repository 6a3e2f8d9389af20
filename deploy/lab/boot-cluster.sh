#!/usr/bin/env bash
# Boots a lab of several User-Mode-Linux guests: N director guests (d1..dN) and one hub guest that runs SCENARIO.
#
#   deploy/lab/boot-cluster.sh SCENARIO_SCRIPT RESULT_DIR [--directors 3] [--mem 1G] [--director-mem 1536M]
#                              [--timeout 300] [--env KEY=VALUE]...
#
# Why several guests: one UML guest is one CPU. Three .NET directors in one guest never formed a stable cluster —
# starting one stalled the others' heartbeats for seconds. Here each director has its own guest (its own kernel, IPVS
# table and CPU time), as each director of a real cluster has its own machine.
#
# Wiring (uml_switch over unix sockets in a private folder of /dev/shm: no host interface, no host address):
#   dK eth0 --- switch lan-dK --- hub ethK-1    the hub bridges its eth0..ethN-1 with its client and real servers,
#                                               so a partition is the hub taking one port off its bridge
#   dK eth1 --- switch mgmt   --- hub ethN      203.0.113.0/24: the hub's commands to each director's agent
#                                               (deploy/lab/director-agent.py), untouched by partitions
# Director guests run deploy/lab/director-guest.sh with LAB_INDEX=K and LAB_RESULT=RESULT_DIR/dK; the hub runs
# SCENARIO with LAB_RESULT=RESULT_DIR and LAB_DIRECTORS=N. Every LAB_* variable and --env reaches all guests.
# Exits with the hub scenario's exit code (124: time limit; 125: the lab could not start). Director guests still
# running when the hub has halted are stopped.
set -euo pipefail

lab_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() {
    echo "lab cluster: $*" >&2
    exit 125
}
usage() {
    echo "usage: $0 SCENARIO_SCRIPT RESULT_DIR [--directors N] [--mem 1G] [--director-mem 1536M] [--timeout SECONDS] [--env KEY=VALUE]..." >&2
    exit 125
}

(($# >= 2)) || usage
scenario=$1
result=$2
shift 2
directors=3
mem=1G
director_mem=1536M
time_limit=300
env_args=()
while (($# > 0)); do
    case $1 in
        --directors) directors=${2:?--directors needs a count}; shift 2 ;;
        --mem) mem=${2:?--mem needs a size}; shift 2 ;;
        --director-mem) director_mem=${2:?--director-mem needs a size}; shift 2 ;;
        --timeout) time_limit=${2:?--timeout needs seconds}; shift 2 ;;
        --env) env_args+=(--env "${2:?--env needs NAME=VALUE}"); shift 2 ;;
        *) usage ;;
    esac
done
[[ $directors =~ ^[1-9]$ ]] || fail "--directors must be 1..9, got '$directors'"
[[ -f $scenario ]] || fail "scenario '$scenario' not found"
command -v uml_switch >/dev/null || fail "no uml_switch (package uml-utilities); run deploy/lab/install.sh as root"
mkdir -p "$result"
result=$(cd "$result" && pwd)

# Unix socket paths must stay under 108 bytes, so the switches live in a short private folder, not in RESULT_DIR.
sockets=$(mktemp -d /dev/shm/lab-XXXXXX)
guest_pids=()
switch_pids=()
# stop_guest PID: boot.sh runs UML under `timeout`, in timeout's own process group; UML makes a session (and process
# group) of its own under it. Kill both groups: killing timeout's alone leaves a hung guest running on the switch.
stop_guest() {
    local t c g
    for t in $(pgrep -P "$1" -x timeout || true); do
        for c in $(pgrep -P "$t" || true); do
            g=$(ps -o pgid= -p "$c" | tr -d ' ') || true
            [[ -n $g ]] && kill -KILL -- "-$g" 2>/dev/null || true
        done
        kill -KILL -- "-$t" 2>/dev/null || true
    done
}
cleanup() {
    local p
    [[ -n ${watcher_pid:-} ]] && kill "$watcher_pid" 2>/dev/null || true
    for p in "${guest_pids[@]}" $(cat "$sockets"/d*.pid 2>/dev/null); do stop_guest "$p"; done
    for p in "${switch_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$sockets"
}
trap cleanup EXIT

switch() {
    # -hub: every frame to every port. Each switch has two ports (or N+1 on mgmt), so a hub costs nothing and never
    # has to learn a MAC address again after a director's VIP moves.
    uml_switch -unix "$sockets/$1.ctl" -hub </dev/null >"$result/switch-$1.log" 2>&1 &
    switch_pids+=($!)
}
switch mgmt
for ((k = 1; k <= directors; k++)); do switch "lan-d$k"; done
for ((w = 0; w < 50; w++)); do
    ready=1
    for s in mgmt $(seq -f 'lan-d%g' 1 "$directors"); do [[ -S $sockets/$s.ctl ]] || ready=0; done
    ((ready)) && break
    sleep 0.1
done
((ready)) || fail "uml_switch did not create its sockets in $sockets"

# boot_director K: director guest dK, in the background; its boot.sh's pid in $sockets/dK.pid. A guest booted again
# (see watch_reboots) gets what is left of the time limit and appends to its console log.
started_at=$SECONDS
boot_director() {
    local k=$1 left=$((time_limit - (SECONDS - started_at)))
    ((left > 10)) || left=10
    "$lab_dir/boot.sh" "$lab_dir/director-guest.sh" "$result/d$k" --mem "$director_mem" --timeout "$left" \
        "${env_args[@]}" --env "LAB_INDEX=$k" \
        --kernel-arg "eth0=daemon,,unix,$sockets/lan-d$k.ctl" --kernel-arg "eth1=daemon,,unix,$sockets/mgmt.ctl" \
        >>"$result/guest-d$k.log" 2>&1 &
    echo $! >"$sockets/d$k.pid"
}
for ((k = 1; k <= directors; k++)); do
    boot_director "$k"
    guest_pids+=("$(cat "$sockets/d$k.pid")")
done

# watch_reboots: a director guest whose kernel stopped answering (UML has hung a guest's userspace about once in
# four long runs here; the hub notices when the guest's agent falls silent) is what a watchdog would power-cycle.
# The hub asks by creating reboot-dK in the result folder; this records what the host can see of the hung guest
# (its processes' states, and the guest kernel's memory and task dumps through UML's management console, if that
# still answers) in hung-dK-N.txt, stops it, boots it again and answers with reboot-dK.done.
watch_reboots() {
    local k n=0 pid t c mconsole
    while sleep 1; do
        for ((k = 1; k <= directors; k++)); do
            [[ -e $result/reboot-d$k ]] || continue
            n=$((n + 1))
            pid=$(cat "$sockets/d$k.pid")
            mconsole=$result/d$k/lab/uml/lab/mconsole
            {
                echo "d$k hung: $(date -u +%FT%T.%3NZ)"
                for t in $(pgrep -P "$pid" -x timeout || true); do
                    for c in $(pgrep -P "$t" || true); do
                        ps -o pid,stat,pcpu,rss,wchan:32,comm -g "$(ps -o pgid= -p "$c" | tr -d ' ')" || true
                    done
                done
                # (A director guest's console socket has not been found in its uml_dir here, unlike the hub's.)
                if [[ -S $mconsole ]]; then
                    for key in m w t; do
                        echo "--- uml_mconsole sysrq $key (the dump goes to the guest's console: guest-d$k.log)"
                        timeout 10 uml_mconsole "$mconsole" sysrq "$key" 2>&1 || echo "(no answer within 10 s)"
                    done
                else
                    echo "--- no UML management console at $mconsole"
                fi
            } >"$result/hung-d$k-$n.txt" 2>&1
            sleep 2 # the console flushes the dumps
            stop_guest "$pid"
            boot_director "$k"
            rm -f "$result/reboot-d$k"
            touch "$result/reboot-d$k.done"
        done
    done
}
watch_reboots &
watcher_pid=$!

hub_net=()
for ((k = 1; k <= directors; k++)); do hub_net+=(--kernel-arg "eth$((k - 1))=daemon,,unix,$sockets/lan-d$k.ctl"); done
hub_net+=(--kernel-arg "eth$directors=daemon,,unix,$sockets/mgmt.ctl")
set +e
"$lab_dir/boot.sh" "$scenario" "$result" --mem "$mem" --timeout "$time_limit" "${env_args[@]}" \
    --env "LAB_DIRECTORS=$directors" "${hub_net[@]}"
status=$?
set -e

# The hub's scenario powers the directors off through their agents; give them 10 s, then cleanup stops the rest.
kill "$watcher_pid" 2>/dev/null || true
for ((w = 0; w < 100; w++)); do
    alive=0
    for p in $(cat "$sockets"/d*.pid); do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
done
for ((k = 1; k <= directors; k++)); do
    echo "--- director guest d$k (console: $result/guest-d$k.log)"
    tail -n 5 "$result/guest-d$k.log" 2>/dev/null || true
done
exit "$status"
