#!/bin/bash
# A director guest of the cluster lab (deploy/lab/boot-cluster.sh): one machine of a director cluster, with its own
# kernel, IPVS table and CPU. It sets up its two links, copies the .NET runtime and the published director
# ($LAB_DIRECTOR) into its memory, and then does what the hub asks through deploy/lab/director-agent.py
# (the operations are in deploy/lab/director-ops.sh) until the hub says poweroff.
#   eth0  192.0.2.1K/24    the LAN of the VIP, the real servers and the client (through the hub's bridge)
#   eth1  203.0.113.1K/24  management: the agent on port 7000
. "$LAB_DIR/lib.sh"
: "${LAB_INDEX:?boot-cluster.sh sets LAB_INDEX}"
hostname "d$LAB_INDEX"
ip addr add "192.0.2.1$LAB_INDEX/24" dev eth0
ip addr add "203.0.113.1$LAB_INDEX/24" dev eth1
ip link set eth0 up
ip link set eth1 up
# Connection sync on every update of a connection's state and every 10 packets (the default 3/50 leaves a revived
# director without the older connections for a minute at the lab's traffic).
echo "3 10" >/proc/sys/net/ipv4/vs/sync_threshold
# `ip monitor` stamps an event when it reads it: at nice 0 it read a release 400 ms after the kernel made it while a busy
# director (nice -10) had the CPU, and at nice -20 still 39 ms after on a loaded host (the fence sampler, which polls,
# ran first) — a second owner in the kernel view that the client's ARP view never saw. So it runs SCHED_FIFO: it
# preempts the director that makes the change as soon as the kernel queues the event. The fence sampler (it logs
# deadlines, exact whenever it polls) runs at nice -20.
# Every VIP and link change, with the guest's time (UML's clock is the host's, so all guests share it; the hub
# measures the offset anyway).
# Appended to, as the fence log: a guest booted again after a hang (boot-cluster.sh) continues both.
chrt -f 50 ip -ts monitor address link >>"$LAB_RESULT/monitor-d$LAB_INDEX.log" 2>&1 &
_lab_pids+=($!)
# The director's kernel fence for the VIP (its BPF map's deadline), every 50 ms, on each change: with the address and
# the link, whether this kernel answers for the VIP (a frozen owner keeps its address, but its fence closes).
# A "boot" line first: whatever the log said of an earlier boot of this guest (a VIP, an open fence) is gone.
echo "$(date +%s%3N) boot" >>"$LAB_RESULT/fence-d$LAB_INDEX.log"
nice -n -20 python3 "$LAB_DIR/fence-sampler.py" 192.0.2.100 >>"$LAB_RESULT/fence-d$LAB_INDEX.log" 2>&1 &
_lab_pids+=($!)
# Whether this guest's kernel ran (stall-sampler.py, SCHED_FIFO above everything else here): the host's share of CPU
# for the guest, which no director setting can change; ownership.py tells a lease lapse on a guest the host stopped
# from one the director caused.
chrt -f 60 python3 "$LAB_DIR/stall-sampler.py" >>"$LAB_RESULT/stall-d$LAB_INDEX.log" 2>&1 &
_lab_pids+=($!)
# Memory, load and CPU every 5 s (ms, MemAvailable kB, the director's RSS kB, load average, the director's CPU time in
# clock ticks, user + system): the evidence should the guest hang again, and how busy a director keeps its one CPU.
while sleep 5; do
    pid=$(cat /run/lab/director.pid 2>/dev/null || echo 0)
    echo "$(date +%s%3N) $(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo) $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0) $(cut -d' ' -f1-3 /proc/loadavg) $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
done >>"$LAB_RESULT/memory-d$LAB_INDEX.log" 2>&1 &
_lab_pids+=($!)

if [[ -n ${LAB_DIRECTOR:-} ]]; then
    lab_step "runtime and director into guest memory"
    # Every hostfs read is a host system call made by the guest's one kernel thread; a director starting from hostfs
    # faults in 150 MB of assemblies that way. From tmpfs, a restart costs the guest far less.
    lab_dotnet_env
    mkdir -p "$TMPDIR/dotnet/shared" "$TMPDIR/director"
    cp -a "$DOTNET_ROOT/dotnet" "$DOTNET_ROOT/host" "$TMPDIR/dotnet/"
    cp -a "$DOTNET_ROOT/shared/Microsoft.NETCore.App" "$DOTNET_ROOT/shared/Microsoft.AspNetCore.App" "$TMPDIR/dotnet/shared/"
    cp -a "$(dirname "$LAB_DIRECTOR")/." "$TMPDIR/director/"
    # The agent, its commands and the directors they start inherit this environment.
    export DOTNET_ROOT=$TMPDIR/dotnet
    # No spinning in the thread pool: an idle director kept the guest's CPU 97-99 % busy with it and 11 % without
    # (measured 40 s after start, alone in a guest), because in UML every spin's yield is a trip through the host.
    # No tiered compilation (the code is ReadyToRun; re-JIT at tier 1 is extra work on the one CPU).
    export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_TieredCompilation=0 DOTNET_TieredPGO=0
fi
lab_step "agent"
python3 "$LAB_DIR/director-agent.py" "203.0.113.1$LAB_INDEX" 7000 "$LAB_DIR/director-ops.sh"
