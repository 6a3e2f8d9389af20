#!/bin/bash
# Records which real server the kernel's IPVS picks for each connection, scheduler by scheduler, so a test can
# replay the same connections through `lvsactors simulate` and compare choice by choice.
#
# NAT lab: client (32 source addresses 203.0.113.32-63) → director (VIP 203.0.113.100, and 16 addresses
# 203.0.113.128-143 for fwmark services) → rs1..rs4 (198.51.100.11-14:80, each answering its name).
#
# LAB_VARIANTS: one variant a line, fields separated by spaces:
#   NAME SCHEDULER FLAGS MODE TARGET COUNT SERVER...
#   FLAGS   ipvsadm -b flags (comma separated) or -
#   MODE    closed (each connection closes before the next) or open (all stay established)
#   TARGET  vip (one destination, 203.0.113.100) or fwmark:N (one fwmark service; its connections go to N of
#           the 16 addresses 203.0.113.128-143)
#   SERVER  rsN@WEIGHT or rsN@WEIGHTxUPPER (ipvsadm -w / -x), added in the order given
# Variant n gets its own service (TCP port or fwmark 8000+n) and fresh client ports: see "Isolation" below.
# Leaves in $LAB_RESULT: kernel-config.txt (IP_VS lines of the running kernel's config), and per variant
# choices-NAME.txt ("SRC:PORT DST:PORT rsN" per connection, in order) and counters-NAME.txt (ipvsadm -Ln of
# its service taken while its connections are still in the table).
. "$LAB_DIR/lib.sh"
: "${LAB_VARIANTS:?set LAB_VARIANTS to the scheduler variants to run}"

fwmark_base=128
fwmark_count=16

lab_step "kernel config"
modprobe configs
zcat /proc/config.gz | grep -E '^(# )?CONFIG_IP_VS' >"$LAB_RESULT/kernel-config.txt"
grep -E 'IP_VS_(SH_TAB_BITS|MH_TAB_INDEX|TWOS)' "$LAB_RESULT/kernel-config.txt"
# The fwmark services' mark comes from tc on the director's ingress (the guest kernel has no nftables for IPv4
# and the host may have no iptables binary).
for m in sch_ingress cls_u32 act_skbedit; do modprobe "$m"; done

lab_step "topology"
lab_nat_topology
lab_ns rs3 br-real 198.51.100.13/24 "$LAB_DIRECTOR_RS"
lab_ns rs4 br-real 198.51.100.14/24 "$LAB_DIRECTOR_RS"
# One `ip -batch` per namespace: under UML every process start costs a good fraction of a second.
for ((i = 0; i < 32; i++)); do echo "addr add 203.0.113.$((32 + i))/32 dev eth0"; done | ip -n client -batch -
for ((i = 0; i < fwmark_count; i++)); do echo "addr add 203.0.113.$((fwmark_base + i))/32 dev eth0"; done |
    ip -n director -batch -
lab_in director tc qdisc add dev eth0 ingress

lab_step "real servers"
for n in 1 2 3 4; do lab_http "rs$n" "rs$n"; done

# Isolation: a variant's connections linger in the director's table (TIME_WAIT: 120 s), and a deleted service's
# destinations wait in the kernel's trash, from where ip_vs_trash_get_dest revives them - counters included -
# when the same server is added to a service with the same address, port and fwmark. So each variant gets a
# service of its own (port or fwmark 8000+n, never reused) and source ports never reused in the run, instead of
# waiting the states out. Every variant is short, so none of its own entries expire while it runs.
client_port=20000

# run_variant N NAME SCHEDULER FLAGS MODE TARGET COUNT SERVER...
run_variant() {
    local n=$1 name=$2 scheduler=$3 flags=$4 mode=$5 target=$6 count=$7
    shift 7
    local port=$((8000 + n)) destinations=1 service rules server rs weight upper k dst src
    lab_step "variant $name: $scheduler ${flags/#-/} $mode $target, $count connections, servers $*"
    case $target in
        vip) service="-t $LAB_VIP:$port" ;;
        fwmark:*)
            destinations=${target#fwmark:}
            ((destinations >= 2 && destinations <= fwmark_count)) || lab_fail "variant $name: fwmark:N needs N from 2 to $fwmark_count"
            service="-f $port"
            # /28: the 16 addresses from fwmark_base; the port tells this variant's packets from earlier ones.
            lab_in director tc filter add dev eth0 ingress protocol ip prio 1 u32 \
                match ip dst "203.0.113.$fwmark_base/28" match ip dport "$port" 0xffff action skbedit mark "$port"
            ;;
        *) lab_fail "variant $name: TARGET must be vip or fwmark:N, got $target" ;;
    esac
    # -C first: the previous variant's service goes (its entries stay in the connection table, harmlessly).
    rules=$'-C\n'"-A $service -s $scheduler"
    [[ $flags == - ]] || rules+=" -b $flags"
    for server in "$@"; do
        [[ $server =~ ^rs([1-4])@([0-9]+)(x([0-9]+))?$ ]] || lab_fail "variant $name: bad server '$server'"
        rs=198.51.100.1${BASH_REMATCH[1]} weight=${BASH_REMATCH[2]} upper=${BASH_REMATCH[4]:-0}
        rules+=$'\n'"-a $service -r $rs:80 -m -w $weight -x $upper"
    done
    lab_in director ipvsadm -R <<<"$rules"

    # Sources and destinations follow different strides, so hashing schedulers see sources and destinations
    # repeat with other partners and ports.
    for ((k = 0; k < count; k++)); do
        src=203.0.113.$((32 + (k * 13 + n * 5) % 32))
        dst=$LAB_VIP
        ((destinations == 1)) || dst=203.0.113.$((fwmark_base + (k * k + k / 2 + n) % destinations))
        echo "$src $((client_port++)) $dst $port"
    done >"$LAB_RESULT/plan-$name.txt"
    local keep=()
    [[ $mode == closed ]] || keep=(--keep-open)
    lab_in client timeout 60 /usr/bin/python3 "$LAB_DIR/connect.py" "${keep[@]}" \
        --then "ip netns exec director ipvsadm -Ln $service >'$LAB_RESULT/counters-$name.txt'" \
        <"$LAB_RESULT/plan-$name.txt" >"$LAB_RESULT/choices-$name.txt" ||
        lab_fail "variant $name: the client failed"
}

n=0
while read -r line; do
    [[ -n $line ]] || continue
    # shellcheck disable=SC2086 # the fields are words on purpose
    run_variant $((++n)) $line
done <<<"$LAB_VARIANTS"
lab_step "OK: $n variants"
