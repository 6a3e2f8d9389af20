#!/bin/bash
# NAT, direct routing and IP-in-IP tunnelling each carry real HTTP requests from a client through a VIP to real
# servers in their own namespaces, with the table programmed by `lvsactors apply $LAB_CONFIG`
# (deploy/lab/configs/forwarding.conf):
#   client 203.0.113.10 ─br-client─ director 203.0.113.2 (VIPs .100 NAT, .101 DR, .102 TUN) ─br-real─ 198.51.100.1
#   NAT: rs1/rs2 198.51.100.11/12 on br-real, default route via the director.
#   DR:  dr1/dr2 203.0.113.21/22 on br-client (the director's L2), VIP .101 on lo, arp_ignore=1, arp_announce=2;
#        they answer the client directly.
#   TUN: tun1/tun2 198.51.100.31/32 on br-real, VIP .102 on tunl0 (ipip), rp_filter off; their answers leave from
#        the VIP through the director's routing (accept_local there), not through IPVS.
# Then the counters: lvsactors list --stats against ipvsadm -Ln --stats once the estimator has folded them in,
# and after the client probe's zero (with $LAB_PROBE_DLL), all zero.
# Leaves in $LAB_RESULT: apply.txt, responses-{nat,dr,tun}.txt, list.txt, ipvsadm-Ln.txt, {list,ipvsadm}-stats.txt,
# zeroed-stats.txt, tunl0-rx.txt (packets each tunnel real server decapsulated).
. "$LAB_DIR/lib.sh"
: "${LAB_LVSACTORS:?set LAB_LVSACTORS to lvsactors.dll}"
: "${LAB_CONFIG:?set LAB_CONFIG to the configuration to apply}"
lab_dotnet_env
proc() { lab_in "$1" sh -c "echo $3 >/proc/sys/net/$2"; }

lab_step "topology"
modprobe ipip
lab_nat_topology
lab_addr director 203.0.113.101/24
lab_addr director 203.0.113.102/24
# TUN replies come back with the VIP, one of the director's own addresses, as source: let it route them.
proc director ipv4/conf/all/rp_filter 0
proc director ipv4/conf/eth1/rp_filter 0
proc director ipv4/conf/eth1/accept_local 1
for n in 1 2; do
    lab_ns "dr$n" br-client "203.0.113.2$n/24" "$LAB_DIRECTOR"
    lab_in "dr$n" ip addr add 203.0.113.101/32 dev lo
    proc "dr$n" ipv4/conf/all/arp_ignore 1
    proc "dr$n" ipv4/conf/all/arp_announce 2
    proc "dr$n" ipv4/conf/eth0/arp_ignore 1
    proc "dr$n" ipv4/conf/eth0/arp_announce 2
    lab_ns "tun$n" br-real "198.51.100.3$n/24" "$LAB_DIRECTOR_RS"
    lab_in "tun$n" ip link set tunl0 up
    lab_in "tun$n" ip addr add 203.0.113.102/32 dev tunl0
    proc "tun$n" ipv4/conf/all/rp_filter 0
    proc "tun$n" ipv4/conf/tunl0/rp_filter 0
done

lab_step "real servers"
for rs in rs1 rs2 dr1 dr2 tun1 tun2; do lab_http "$rs" "$rs"; done

lab_step "lvsactors apply"
lab_in director dotnet exec "$LAB_LVSACTORS" apply "$LAB_CONFIG" | tee apply.txt

lab_step "requests through each VIP"
lab_requests client "http://$LAB_VIP/" 6 responses-nat.txt
lab_requests client "http://203.0.113.101/" 6 responses-dr.txt
lab_requests client "http://203.0.113.102/" 6 responses-tun.txt

lab_step "tables and counters"
# Proof of encapsulation: the tunnel real servers decapsulated what they answered.
for n in 1 2; do echo "tun$n $(lab_in "tun$n" cat /sys/class/net/tunl0/statistics/rx_packets)"; done | tee tunl0-rx.txt
lab_in director dotnet exec "$LAB_LVSACTORS" list >list.txt
lab_in director ipvsadm -Ln >ipvsadm-Ln.txt
# IPVS folds its counters in every 2 s (the estimator): wait so that both reads see the same totals.
sleep 3
lab_in director dotnet exec "$LAB_LVSACTORS" list --stats >list-stats.txt
lab_in director ipvsadm -Ln --stats | tee ipvsadm-stats.txt
if [[ -n ${LAB_PROBE_DLL:-} ]]; then
    lab_in director dotnet exec "$LAB_PROBE_DLL" ipvs-zero
    lab_in director ipvsadm -Ln --stats | tee zeroed-stats.txt
fi
lab_step "OK"
