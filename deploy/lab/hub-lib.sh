# shellcheck shell=bash
# The hub's side of a cluster lab (deploy/lab/boot-cluster.sh), for its scenarios to source after lib.sh: events,
# commands to the three director guests through their agents (deploy/lab/director-agent.py on 203.0.113.1K:7000),
# and what to do when a guest's kernel hangs.
events=$LAB_RESULT/events.txt
now_ms() { date +%s%3N; }
mark() { echo "$(now_ms) $*" >>"$events"; }
# skews: every director guest's clock against this one's (clock-offset.py), as "skew" events: ownership.py reads each
# guest's logs on the hub's clock with them (the guests' clocks differ by tens of ms, a handover by a few). A guest
# whose agent does not answer within 5 s keeps its last sample.
skews() {
    local i
    # Four round trips: a connection to a guest's agent takes about 0.2 s, and this runs before every run.
    each skew_of
    for i in 1 2 3; do
        [[ -n ${answer[$i]} ]] && mark skew "d$i" ${answer[$i]}
    done
    return 0
}
skew_of() { timeout 5 python3 "$LAB_DIR/clock-offset.py" "203.0.113.1$1" 7000 4 2>/dev/null; }

# each FUNCTION ARGS...: FUNCTION N ARGS... for the three director guests at once (a command through an agent costs a
# connection and a bash in a one-CPU guest: a third of a second, a python3 a second); sets answer[N] to its output.
# (Waits for its own three only: the scenario's background samplers run until the end.)
declare -A answer
each() {
    local i dir pids=()
    dir=$(mktemp -d)
    for i in 1 2 3; do
        "$1" "$i" "${@:2}" >"$dir/$i" &
        pids+=($!)
    done
    wait "${pids[@]}" || true
    for i in 1 2 3; do answer[$i]=$(<"$dir/$i"); done
    rm -rf "$dir"
}

# on_each COMMAND: COMMAND on the three guests at once, through their agents (on).
on_each() { each on "$@"; }

# A guest whose kernel hangs answers no SYN: give up on a connection after about 7 s, not two minutes.
echo 2 >/proc/sys/net/ipv4/tcp_syn_retries

# on N COMMAND: runs COMMAND (a function of deploy/lab/director-ops.sh) on director guest dN through its agent;
# prints its output, returns its exit code (255: the agent could not be reached, or dN hung and was booted again).
on() {
    local n=$1 fd out="" line waited=0 rc
    shift
    # The group keeps 2>/dev/null to the connect: on exec itself it would silence the whole scenario's stderr for good.
    if ! { exec {fd}<>"/dev/tcp/203.0.113.1$n/7000"; } 2>/dev/null; then
        ((watching)) && silent "$n" && reboot_hung "$n"
        return 255
    fi
    printf '%s\n' "$*" >&"$fd"
    # The agent answers every command within its own 300 s limit; a long wait is a hung guest only if the agent no
    # longer answers "clock" either (it does so at once, beside any command).
    while :; do
        if IFS= read -r -t 15 -u "$fd" line; then
            out+=$line$'\n'
        elif (($? > 128)); then
            out+=$line
            waited=$((waited + 15))
            if ((waited > 330)) || silent "$n" || { ((waited >= 45)) && stalled "$n"; }; then
                exec {fd}<&-
                ((watching)) && reboot_hung "$n"
                return 255
            fi
        else
            out+=$line
            break
        fi
    done
    exec {fd}<&-
    rc=${out##*rc=}
    rc=${rc%$'\n'}
    out=${out%rc=*}
    printf '%s' "$out"
    [[ $rc =~ ^[0-9]+$ ]] || return 255 # the agent went away before answering
    return "$rc"
}

# alive N: dN's agent answers "clock" within 10 s.
alive() {
    local fd t
    { exec {fd}<>"/dev/tcp/203.0.113.1$1/7000"; } 2>/dev/null || return 1
    printf 'clock\n' >&"$fd"
    IFS= read -r -t 10 -u "$fd" t
    exec {fd}<&-
    [[ $t =~ ^[0-9]+$ ]]
}

# silent N: dN's agent missed two liveness probes in a row (a starved guest or a director starting may miss one).
silent() { ! alive "$1" && ! alive "$1"; }

# runs N: dN's agent runs a command (bash: a fork and an exec) within 20 s.
runs() {
    local fd line="" all=""
    { exec {fd}<>"/dev/tcp/203.0.113.1$1/7000"; } 2>/dev/null || return 1
    printf 'true\n' >&"$fd"
    while IFS= read -r -t 20 -u "$fd" line; do all+=$line$'\n'; done
    all+=$line
    exec {fd}<&-
    [[ $all == *rc=0* ]]
}

# stalled N: dN's agent still answers "clock" but ran no command twice in a row: a guest whose userspace stopped
# starting processes (a CI run: every log of d1 stopped at once, its agent answered the clock, and each command to it
# waited out the 330 s limit — 12 minutes before the guest was booted again).
stalled() { ! runs "$1" && ! runs "$1"; }

# watching: 1 once every guest has answered (before that a silent agent is one still booting), 0 again at exit.
watching=0

# reboot_hung N: dN's guest stopped answering: the host records what it can see of it (hung-dN-K.txt), powers it off
# and boots it again (boot-cluster.sh); back when its agent answers. An event line "hung dN" marks it. A director
# on it is started by the next ensure_cluster, as systemd would after a watchdog's reboot.
reboot_hung() {
    local n=$1 w t0=$SECONDS
    echo "d$n: the guest stopped answering (its agent is silent); the host boots it again" >&2
    mark hung "d$n"
    rm -f "$LAB_RESULT/reboot-d$n.done"
    touch "$LAB_RESULT/reboot-d$n"
    for ((w = 0; w < 120; w++)); do
        [[ -e $LAB_RESULT/reboot-d$n.done ]] && break
        sleep 1
    done
    for ((w = 0; w < 300; w++)); do
        if alive "$n"; then
            echo $(($(hung_seconds) + SECONDS - t0)) >"$LAB_RESULT/hung-seconds"
            return 0
        fi
        sleep 1
    done
    # Usually called inside $(...): end the whole scenario, not only this subshell (the TERM trap exits, EXIT cleans up).
    echo "FAIL: d$n hung, and its agent did not answer within 300 s of booting it again (see guest-d$n.log, hung-d$n-*.txt)" >&2
    kill -TERM $$
    exit 1
}
trap 'exit 143' TERM

# hung_seconds: how long reboots of hung guests have taken so far; the waits below do not count it against a run:
# `deadline S` is S seconds from now, `before END` whether that deadline (moved on by any reboot since) is ahead.
hung_seconds() { cat "$LAB_RESULT/hung-seconds" 2>/dev/null || echo 0; }
deadline() { echo $((SECONDS + $1 - $(hung_seconds))); }
before() { ((SECONDS < $1 + $(hung_seconds))); }

# await_directors: every director guest's agent answers (300 s each, for a guest still booting); from then on a silent
# agent is a hung guest (watching), and at exit every guest is powered off through its agent.
await_directors() {
    local i w
    lab_step "director guests"
    for i in 1 2 3; do
        for ((w = 0; w < 300; w++)); do
            alive "$i" && break
            sleep 1
        done
        on "$i" true >/dev/null || lab_fail "d$i's agent did not answer within 300 s (see guest-d$i.log)"
    done
    watching=1
    trap 'poweroff_directors; _lab_cleanup' EXIT
}
poweroff_directors() {
    local i
    watching=0
    for i in 1 2 3; do on "$i" poweroff >/dev/null || true; done
}
