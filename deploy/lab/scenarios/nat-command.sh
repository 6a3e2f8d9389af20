#!/bin/bash
# The standard NAT lab (lab_nat_topology: client, director with VIP, rs1/rs2 answering their names), with no
# IPVS service: $LAB_COMMAND programs it and drives the clients. The command is evaluated by this shell with
# errexit, so lib.sh's helpers and the addresses (LAB_VIP, LAB_RS1, …) are at hand; wrap programs with
# `lab_in NS` to run them in a namespace, e.g. our director binary from the host's build folder:
#   LAB_COMMAND='lab_in director dotnet exec "$LAB_LVSACTORS" run --config "$LAB_CONFIG"
#                lab_requests client "http://$LAB_VIP/" 10 responses.txt'
# Leaves in $LAB_RESULT whatever the command writes there, plus ipvsadm-Ln.txt and ipvsadm-S.txt (director's
# table after the command). Exits with the command's exit code.
. "$LAB_DIR/lib.sh"
: "${LAB_COMMAND:?set LAB_COMMAND to the commands to run in the NAT lab}"
lab_dotnet_env

lab_step "topology"
lab_nat_topology
lab_step "real servers"
lab_http rs1 rs1
lab_http rs2 rs2

lab_step "command"
set +e
(
    set -e
    eval "$LAB_COMMAND"
)
rc=$?
set -e
lab_step "command exited $rc"

lab_in director ipvsadm -Ln | tee "$LAB_RESULT/ipvsadm-Ln.txt"
lab_in director ipvsadm -S -n >"$LAB_RESULT/ipvsadm-S.txt"
exit "$rc"
