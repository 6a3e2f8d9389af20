#!/bin/bash
# PID 1 inside the User-Mode-Linux guest (started by boot.sh through init=). The root file system is the
# host's own (hostfs, read-write), so everything written here outside a tmpfs lands on the host:
# scratch goes to tmpfs, results go to $LAB_RESULT only.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
state=${lab_result:?lab_result= missing from the kernel command line}/lab
: "${lab_scenario:?lab_scenario= missing from the kernel command line}"

stamp() { awk '{ print $1 }' /proc/uptime; }

finish() {
    echo "$1" >"$state/exit-code"
    sync
    # PID 1 must not exit (the kernel would panic); halt at once: nothing else runs here.
    echo o >/proc/sysrq-trigger
    sleep 5
    halt -f -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /dev/shm /run/netns /run/lab/tmp /run/lab/home /run/lock
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
ln -sfn /proc/self/fd /dev/fd 2>/dev/null
# /tmp on the host is shared with the rest of the machine: hide it behind a tmpfs. The result folder, the
# scenario and the repository may live under /tmp (a temp folder, a CI clone): carry them across at the same paths.
repo=$(cd "$(dirname "$0")/../.." && pwd)
keep=()
for p in "$lab_result" "$repo" "$(dirname "$lab_scenario")"; do
    if [[ $p == /tmp/* ]]; then
        mkdir -p "/run/lab/keep/${#keep[@]}"
        mount --bind "$p" "/run/lab/keep/${#keep[@]}"
        keep+=("$p")
    fi
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
for i in "${!keep[@]}"; do
    mkdir -p "${keep[$i]}"
    mount --bind "/run/lab/keep/$i" "${keep[$i]}"
done
# The host's resolver address is not ours to send to: with an empty resolv.conf, glibc asks 127.0.0.1 (nothing
# listens there, so a lookup fails at once instead of leaving a namespace through a default route).
: >/run/lab/resolv.conf
mount --bind /run/lab/resolv.conf /etc/resolv.conf
export HOME=/run/lab/home TMPDIR=/run/lab/tmp
hostname lab
ip link set lo up

echo "lab: kernel up at $(stamp)s"
# shellcheck source=/dev/null
. "$state/env.sh" || { echo "lab: cannot read $state/env.sh"; finish 125; }

modules="ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh ip_vs_sh ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_mh veth bridge dummy"
for m in $modules; do
    modprobe "$m" || { echo "lab: modprobe $m failed"; finish 125; }
done
echo "lab: modules loaded at $(stamp)s; running $LAB_SCENARIO"

cd "$LAB_RESULT" || finish 125
# The scenario's output goes to the console and to output.log; its stdin is empty.
bash "$LAB_SCENARIO" </dev/null 2>&1 | tee "$state/output.log"
rc=${PIPESTATUS[0]}
echo "lab: scenario exited $rc at $(stamp)s"
echo "guest_uptime_at_end=$(stamp)" >>"$state/timings"
finish "$rc"
