#!/bin/bash
# Restart safety on the real kernel (issue 15): a director restarted or reloaded over a programmed table must not
# take out, even briefly, a service that has not changed, nor break a connection through it.
# One guest, one director (no cluster), NAT:
#   client 203.0.113.10 --br-client-- director 203.0.113.2, VIPs 192.0.2.101-… (100 ports each: 8000-8099)
#   director 198.51.100.1 --br-real-- rs1..rsR 198.51.100.11-… (an echo server on port 9000 each)
# $LAB_SERVICES services × $LAB_REALS real servers (restart-safety.py config). `lvsactors apply` programs the table;
# then, while the table is sampled every 0.1 s (/proc/net/ip_vs: each service and destination present?) and
# $LAB_CONNECTIONS long-lived connections through services spread over the table echo every 200 ms:
#   start0           `lvsactors run` started over the programmed table
#   restart1..N      SIGTERM, wait for the exit, start again ($LAB_RESTARTS, 5)
#   reload1..N       SIGHUP with the file unchanged ($LAB_RELOADS, 5)
#   reload-changed   SIGHUP with one service's second real server at another weight
#   reload-reordered SIGHUP with the mh service's real servers in the other order: the kernel must list them as a
#                    director that filled the service empty would (the reverse of the file), its connection kept
# results.txt (restart-safety.py summary): per phase the director's writes, the removals seen, the fewest services
# and destinations seen, the time to "Director started"; the connections broken. The scenario itself fails only
# when the lab cannot do its part (a director that does not start, stop or reload); RestartSafetyTests judges.
# Needs: LAB_DIRECTOR (a published lvsactors.dll). Optional: LAB_SERVICES (2000), LAB_REALS (4), LAB_CONNECTIONS
# (16), LAB_RESTARTS (5), LAB_RELOADS (5), LAB_HOLD (s a start lasts at least after "Director started", 10),
# LAB_QUIET (s without a new log line that ends a phase, 3).
. "$LAB_DIR/lib.sh"
: "${LAB_DIRECTOR:?set LAB_DIRECTOR to a published lvsactors.dll}"
services=${LAB_SERVICES:-2000} reals=${LAB_REALS:-4} connections=${LAB_CONNECTIONS:-16}
restarts=${LAB_RESTARTS:-5} reloads=${LAB_RELOADS:-5} quiet=${LAB_QUIET:-3} hold=${LAB_HOLD:-10}
changed=$((services / 2 + 7)) changed_weight=7
helper=$LAB_DIR/scenarios/restart-safety.py
log=$LAB_RESULT/director.log
cd "$LAB_RESULT"
: >events.txt
: >"$log"

lab_step "topology: client, director, $reals real servers"
lab_ns client br-client 203.0.113.10/24 203.0.113.2
lab_ns director br-client 203.0.113.2/24
for ((v = 0; v < (services + 99) / 100; v++)); do lab_addr director "192.0.2.$((101 + v))/32"; done
lab_ns director br-real 198.51.100.1/24
lab_forwarding director
for ((j = 1; j <= reals; j++)); do
    lab_ns "rs$j" br-real "198.51.100.$((10 + j))/24" 198.51.100.1
    lab_bg "rs$j" "echo-rs$j.log" /usr/bin/python3 "$LAB_DIR/echo-server.py" 9000 "rs$j"
done

lab_step "runtime and director into guest memory"
# As in director-guest.sh: a director starting from hostfs faults in its assemblies through the guest's one
# kernel thread; from tmpfs each of the restarts costs far less. Spinning off and no tiering: see director-guest.sh.
lab_dotnet_env
mkdir -p "$TMPDIR/dotnet/shared" "$TMPDIR/director"
cp -a "$DOTNET_ROOT/dotnet" "$DOTNET_ROOT/host" "$TMPDIR/dotnet/"
cp -a "$DOTNET_ROOT/shared/Microsoft.NETCore.App" "$DOTNET_ROOT/shared/Microsoft.AspNetCore.App" "$TMPDIR/dotnet/shared/"
cp -a "$(dirname "$LAB_DIRECTOR")/." "$TMPDIR/director/"
export DOTNET_ROOT=$TMPDIR/dotnet
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_TieredCompilation=0 DOTNET_TieredPGO=0
dll=$TMPDIR/director/$(basename "$LAB_DIRECTOR")
lvsactors() { lab_in director "$DOTNET_ROOT/dotnet" exec "$dll" "$@"; }

lab_step "$services services × $reals real servers: lvsactors apply"
/usr/bin/python3 "$helper" config "$services" "$reals" >director.conf
/usr/bin/python3 "$helper" config "$services" "$reals" "$changed" "$changed_weight" >changed.conf
/usr/bin/python3 "$helper" config "$services" "$reals" "$changed" "$changed_weight" reordered >reordered.conf
/usr/bin/python3 "$helper" targets "$services" "$connections" >targets.txt
conf=$TMPDIR/director.conf
cp director.conf "$conf"
t0=$(date +%s%3N)
lvsactors apply "$conf" >apply.txt 2>&1 || lab_fail "lvsactors apply failed: $(tail -n 3 apply.txt)"
echo "apply_ms $(($(date +%s%3N) - t0))" >timings.txt
tail -n 1 apply.txt

lab_step "sampler and $connections long-lived connections"
lab_bg director samples.txt /usr/bin/python3 "$helper" sample "$services" "$reals"
sampler=${_lab_pids[-1]}
lab_bg client hold.txt /usr/bin/python3 "$helper" hold targets.txt
holder=${_lab_pids[-1]}

# phase NAME: from now on, samples and the director's log lines belong to NAME.
phase() {
    local ms
    ms=$(date +%s%3N)
    echo "$ms $1" >>events.txt
    echo "=== $1 $ms $(date +%H:%M:%S.%3N)" >>"$log"
    lab_step "$1"
}
pid=
running() { [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }
# seen PATTERN: whether the director logged PATTERN since the last phase marker.
seen() { [[ $(awk -v p="$1" '/^=== / { n = 0 } $0 ~ p { n++ } END { print n + 0 }' "$log") -gt 0 ]]; }
# Deadlines are wall time from bash's clock, never counted loop turns: under a loaded host every process a loop
# starts (sleep, awk, stat) takes a while, and 600 turns of "sleep 0.1" took minutes.
now_us() { echo "${EPOCHREALTIME/./}"; }
# within SECONDS COMMAND...: until COMMAND succeeds (0) or SECONDS have passed (1).
within() {
    local end=$(($(now_us) + $1 * 1000000))
    shift
    until "$@"; do
        (($(now_us) < end)) || return 1
        sleep 0.2
    done
}
# settle [SECONDS]: at least SECONDS (0), then until the director has logged nothing new for $quiet s (its applies
# are over), at most 60 s more.
settle() {
    local size last=-1 since first end
    since=$(now_us) first=$(($(now_us) + ${1:-0} * 1000000))
    end=$((first + 60000000))
    while (($(now_us) < end)); do
        size=$(stat -c %s "$log")
        if ((size != last)); then last=$size since=$(now_us); fi
        (($(now_us) >= first && $(now_us) - since >= quiet * 1000000)) && return 0
        sleep 0.5
    done
    lab_fail "the director's log did not go quiet within 60 s"
}
started_or_gone() { seen "Director started" || ! running; }
reloaded_or_gone() { seen "Reloaded:" || ! running; }
start() {
    phase "$1"
    # ip execs dotnet: $! is the director itself, for SIGTERM and SIGHUP (lab_in, a function, would fork a shell).
    ip netns exec director "$DOTNET_ROOT/dotnet" exec "$dll" run --config "$conf" --log-level information </dev/null >>"$log" 2>&1 &
    pid=$!
    within 180 started_or_gone || lab_fail "$1: no \"Director started\" within 180 s"
    running || lab_fail "$1: the director exited during start-up (see director.log)"
    # The old director's first applies came 4-15 s after "Director started" (the admin state's recovery and the
    # services' start-up wait came first), with a quiet log in between.
    settle "$hold"
}
stop() {
    echo "SIGTERM to $pid at $(date +%T.%3N)"
    kill -TERM "$pid"
    if ! within 60 eval '! running'; then
        echo "the director (pid $pid) still runs 60 s after SIGTERM: $(grep -E '^(State|Threads)' "/proc/$pid/status" | tr '\n' ' ')"
        kill -KILL "$pid"
        lab_fail "the director did not exit within 60 s of SIGTERM"
    fi
    wait "$pid" || true
}
reload() {
    phase "$1"
    kill -HUP "$pid"
    within 60 reloaded_or_gone || lab_fail "$1: no \"Reloaded:\" within 60 s"
    running || lab_fail "$1: the director exited (see director.log)"
    settle
}

all_open() { (($(grep -c ' opened ' hold.txt || true) >= connections)); }
within 60 all_open || lab_fail "the long-lived connections did not all open: $(tail -n 3 hold.txt)"
start start0
for ((r = 1; r <= restarts; r++)); do
    stop
    start "restart$r"
done
for ((r = 1; r <= reloads; r++)); do reload "reload$r"; done
cp changed.conf "$conf.new" && mv "$conf.new" "$conf"
reload reload-changed
# listed_order: the mh service's destinations as the kernel lists them (its mh table is built walking this list);
# --nosort, since ipvsadm sorts them by address unless told not to.
listed_order() { lab_in director /usr/sbin/ipvsadm -Ln --nosort -t 192.0.2.101:8100 | awk '$1 == "->" && $2 ~ /^198/ { print $2 }' | paste -sd, -; }
echo "order before=$(listed_order)" >>timings.txt
cp reordered.conf "$conf.new" && mv "$conf.new" "$conf"
reload reload-reordered
echo "order after=$(listed_order)" >>timings.txt
phase end
sleep 0.5
stop

lab_step "results"
kill "$sampler" "$holder"
wait "$sampler" "$holder" 2>/dev/null || true
# The table after it all must be the reordered configuration's (sorted: a destination's place in the kernel's list
# is its add order, which restarts may have changed).
lvsactors render "$conf" | sort >expected.rules
lab_in director /usr/sbin/ipvsadm -S -n | sort >final.rules
cmp -s expected.rules final.rules && echo "final table=expected" >>timings.txt || echo "final table=differs" >>timings.txt
echo "changed vs-$changed weight=$changed_weight" >>timings.txt
/usr/bin/python3 "$helper" summary "$services" "$reals"
cat timings.txt >>results.txt
cat results.txt
lab_step "OK"
