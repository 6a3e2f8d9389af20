# shellcheck shell=bash
# Helpers for lab scenarios; source it first:  . "$LAB_DIR/lib.sh"
# Runs inside the guest as root. Addresses: documentation ranges only (192.0.2.0/24, 198.51.100.0/24,
# 203.0.113.0/24). Files the host should read go to $LAB_RESULT.
set -euo pipefail

: "${LAB_DIR:?run scenarios through deploy/lab/boot.sh}"
: "${LAB_RESULT:?run scenarios through deploy/lab/boot.sh}"
_lab_veths=0
_lab_pids=()

# Prints a step with the guest's uptime, so the console shows where time goes.
lab_step() { echo "== [$(awk '{ print $1 }' /proc/uptime)s] $*"; }
# A line within a step, with the same clock: where a step's time goes.
lab_say() { echo "   [$(awk '{ print $1 }' /proc/uptime)s] $*"; }

# Fails the scenario with a message.
lab_fail() { echo "FAIL: $*" >&2; exit 1; }

# Asserts that a command succeeds; fails the scenario naming it otherwise.
lab_check() { "$@" || lab_fail "command failed: $*"; }

# lab_bridge NAME: a bridge in the guest's root namespace joining the namespaces of one subnet.
lab_bridge() {
    ip link show "$1" >/dev/null 2>&1 && return 0
    ip link add "$1" type bridge
    ip link set "$1" up
}

# lab_ns NS BRIDGE ADDR/PREFIX [GATEWAY]: puts NS (created when missing) on BRIDGE through a new veth pair,
# with ADDR/PREFIX on its end (eth0, eth1, … in the order added) and, when given, a default route via GATEWAY.
lab_ns() {
    local ns=$1 bridge=$2 addr=$3 gw=${4:-}
    if [[ ! -e /run/netns/$ns ]]; then
        ip netns add "$ns"
        ip -n "$ns" link set lo up
    fi
    lab_bridge "$bridge"
    local n dev outside
    n=$(ip -n "$ns" -o link show | grep -c ': eth' || true)
    dev=eth$n
    outside=lv$((_lab_veths++))
    ip link add "$outside" type veth peer name "$dev" netns "$ns"
    ip link set "$outside" master "$bridge" up
    ip -n "$ns" addr add "$addr" dev "$dev"
    ip -n "$ns" link set "$dev" up
    if [[ -n $gw ]]; then
        ip -n "$ns" route add default via "$gw"
    fi
}

# lab_addr NS ADDR/PREFIX [DEV]: one more address in NS (a VIP), on DEV (default eth0).
lab_addr() { ip -n "$1" addr add "$2" dev "${3:-eth0}"; }

# lab_forwarding NS: lets NS route between its legs (a NAT director).
# /proc/sys/net shows the namespace of the process reading it; no sysctl binary needed (procps may be absent).
lab_forwarding() { ip netns exec "$1" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward'; }

# lab_in NS COMMAND...: runs COMMAND in NS.
lab_in() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# lab_bg NS LOG COMMAND...: starts COMMAND in NS in the background, output to $LAB_RESULT/LOG; stopped at exit.
lab_bg() {
    local ns=$1 log=$2; shift 2
    ip netns exec "$ns" "$@" >"$LAB_RESULT/$log" 2>&1 &
    _lab_pids+=($!)
}

# lab_http NS NAME [PORT]: an HTTP server in NS answering every request with "NAME\n"; waits until it answers.
lab_http() {
    local ns=$1 name=$2 port=${3:-80}
    lab_bg "$ns" "http-$name.log" python3 "$LAB_DIR/name-server.py" "$name" "$port"
    lab_wait_http "$ns" "http://127.0.0.1:$port/" 20
}

# lab_wait_http NS URL [SECONDS]: waits until URL answers from inside NS.
lab_wait_http() {
    local ns=$1 url=$2 limit=${3:-20} i
    for ((i = 0; i < limit * 5; i++)); do
        if ip netns exec "$ns" curl -fsS --max-time 2 -o /dev/null "$url" 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    lab_fail "$url did not answer from $ns within ${limit}s"
}

# lab_curl NS URL: one request from NS; prints the body. Bounded by a 5 s time limit.
lab_curl() { ip netns exec "$1" curl -fsS --max-time 5 "$2"; }

# lab_requests NS URL COUNT FILE: COUNT requests from NS, one after another; appends each body to
# $LAB_RESULT/FILE and prints it. Fails the scenario on the first request that fails.
lab_requests() {
    local ns=$1 url=$2 count=$3 file=$4 i body
    for ((i = 1; i <= count; i++)); do
        body=$(lab_curl "$ns" "$url") || lab_fail "request $i of $count from $ns to $url failed"
        echo "$body" | tee -a "$LAB_RESULT/$file"
    done
}

# lab_count FILE LINE: how many lines of $LAB_RESULT/FILE are exactly LINE.
lab_count() { grep -cx -- "$2" "$LAB_RESULT/$1" || true; }

# lab_nat_topology: the standard NAT lab.
#   client  203.0.113.10  --br-client--  director 203.0.113.2, VIP 203.0.113.100
#   director 198.51.100.1 --br-real--    rs1 198.51.100.11, rs2 198.51.100.12 (default route via the director)
# Exports the addresses as LAB_CLIENT, LAB_DIRECTOR, LAB_VIP, LAB_DIRECTOR_RS, LAB_RS1, LAB_RS2.
lab_nat_topology() {
    export LAB_CLIENT=203.0.113.10 LAB_DIRECTOR=203.0.113.2 LAB_VIP=203.0.113.100
    export LAB_DIRECTOR_RS=198.51.100.1 LAB_RS1=198.51.100.11 LAB_RS2=198.51.100.12
    lab_ns client br-client "$LAB_CLIENT/24" "$LAB_DIRECTOR"
    lab_ns director br-client "$LAB_DIRECTOR/24"
    lab_addr director "$LAB_VIP/24"
    lab_ns director br-real "$LAB_DIRECTOR_RS/24"
    lab_forwarding director
    lab_ns rs1 br-real "$LAB_RS1/24" "$LAB_DIRECTOR_RS"
    lab_ns rs2 br-real "$LAB_RS2/24" "$LAB_DIRECTOR_RS"
}

# lab_dotnet_env: the environment a .NET program (ours, built on the host) needs in the guest. HOME and TMPDIR
# already point at a guest tmpfs (guest-init.sh), so the CLI's first-run files and the runtime's diagnostic
# sockets stay off the host; workstation GC, since the guest has one CPU.
lab_dotnet_env() {
    export DOTNET_CLI_HOME=$HOME DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    export DOTNET_gcServer=0
    # An apphost (bin/…/lvsactors) finds the runtime through DOTNET_ROOT; `dotnet exec x.dll` needs no help.
    DOTNET_ROOT=$(dirname "$(readlink -f "$(command -v dotnet)")")
    export DOTNET_ROOT
}

_lab_cleanup() {
    local pid
    for pid in "${_lab_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap _lab_cleanup EXIT
