#!/usr/bin/env bash
# Boots the User-Mode-Linux kernel with the host's filesystem as root and runs one scenario script inside it.
#
#   deploy/lab/boot.sh SCENARIO_SCRIPT RESULT_DIR [--mem 1G] [--timeout 300] [--env KEY=VALUE]... [--kernel-arg ARG]...
#
# The guest sees the host's files through hostfs, so SCENARIO_SCRIPT and RESULT_DIR are host paths (no spaces).
# Every LAB_* variable of this shell and each --env KEY=VALUE is handed to the scenario's environment.
# --kernel-arg hands one more parameter to the UML kernel: a network device (eth0=daemon,,unix,SWITCH_SOCKET) when
# several guests share a segment (deploy/lab/boot-cluster.sh).
# The scenario runs with LAB_RESULT=RESULT_DIR (write files there), LAB_DIR=deploy/lab, TMPDIR/HOME on a guest tmpfs.
# Writes RESULT_DIR/lab/{console.log,output.log,exit-code}; prints the guest console on stdout.
# Exits with the scenario's exit code; 124 when the time limit hit; 125 when the lab could not start or
# the guest ended without recording an exit code.
set -euo pipefail

lab_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() {
    echo "usage: $0 SCENARIO_SCRIPT RESULT_DIR [--mem 1G] [--timeout SECONDS] [--env KEY=VALUE]... [--kernel-arg ARG]..." >&2
    exit 125
}
fail() {
    echo "lab boot: $*" >&2
    exit 125
}

(($# >= 2)) || usage
scenario=$1
result=$2
shift 2
mem=1G
time_limit=300
extra_env=()
kernel_args=()
while (($# > 0)); do
    case $1 in
        --mem) mem=${2:?--mem needs a size}; shift 2 ;;
        --timeout) time_limit=${2:?--timeout needs seconds}; shift 2 ;;
        --env)
            [[ ${2:-} =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || fail "--env needs NAME=VALUE with a shell variable name, got '${2:-}'"
            extra_env+=("$2")
            shift 2
            ;;
        --kernel-arg)
            [[ -n ${2:-} && ${2:-} != *[[:space:]]* ]] || fail "--kernel-arg needs one parameter without spaces, got '${2:-}'"
            kernel_args+=("$2")
            shift 2
            ;;
        *) usage ;;
    esac
done

[[ -f $scenario ]] || fail "scenario '$scenario' not found"
mkdir -p "$result"
scenario=$(cd "$(dirname "$scenario")" && pwd)/$(basename "$scenario")
result=$(cd "$result" && pwd)
for p in "$scenario" "$result" "$lab_dir"; do
    # The kernel command line splits on spaces and hands paths to init through its environment.
    [[ $p != *[[:space:]]* ]] || fail "path '$p' has a space; the kernel command line cannot carry it"
done

kernel=""
for k in /usr/bin/linux.uml /usr/bin/linux; do
    if [[ -x $k ]]; then kernel=$k; break; fi
done
[[ -n $kernel ]] || fail "no User-Mode-Linux kernel (/usr/bin/linux.uml); run deploy/lab/install.sh as root"
uml_version=""
for dir in /usr/lib/uml/modules/*/; do
    [[ -d $dir ]] && uml_version=$(basename "$dir")
done
[[ -n $uml_version && -d /lib/modules/$uml_version/kernel ]] ||
    fail "IPVS modules not reachable at /lib/modules/${uml_version:-<version>}; run deploy/lab/install.sh as root"

state=$result/lab
rm -rf "$state"
mkdir -p "$state/uml"
{
    printf 'export LAB_RESULT=%q LAB_DIR=%q LAB_SCENARIO=%q\n' "$result" "$lab_dir" "$scenario"
    while IFS= read -r name; do
        printf 'export %s=%q\n' "$name" "${!name}"
    done < <(compgen -e | grep '^LAB_' | grep -vE '^LAB_(RESULT|DIR|SCENARIO)$' || true)
    for kv in "${extra_env[@]}"; do
        printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
    done
} >"$state/env.sh"

started=$(date +%s.%N)
set +e
# timeout puts UML and its helper processes in one process group and kills the whole group at the limit.
# con0=null,fd:1: the guest console writes to our stdout and never reads our stdin (a test runner's or none).
# uml_dir keeps UML's pid file and control socket in the scratch folder, not in ~/.uml.
# Unknown KEY=VALUE parameters reach init as environment variables: that is how lab_result and lab_scenario get there.
TMPDIR=/dev/shm timeout --kill-after=10 "$time_limit" \
    "$kernel" mem="$mem" root=/dev/root rootfstype=hostfs rootflags=/ rw quiet \
    init="$lab_dir/guest-init.sh" con=null con0=null,fd:1 \
    uml_dir="$state/uml" umid=lab \
    lab_result="$result" lab_scenario="$scenario" "${kernel_args[@]}" </dev/null 2>&1 | tee "$state/console.log"
uml_status=${PIPESTATUS[0]}
set -e
ended=$(date +%s.%N)
awk -v a="$started" -v b="$ended" 'BEGIN { printf "uml_seconds=%.2f\n", b - a }' >>"$state/timings"

if ((uml_status == 124 || uml_status == 137)); then
    echo "lab boot: time limit of ${time_limit}s reached; the guest was killed" >&2
    exit 124
fi
if [[ ! -s $state/exit-code ]]; then
    echo "lab boot: the guest ended (UML status $uml_status) without recording the scenario's exit code; see $state/console.log" >&2
    exit 125
fi
exit "$(cat "$state/exit-code")"
