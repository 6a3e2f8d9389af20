#!/bin/bash
# Smoke test of the kernel lab: IPVS NAT with round robin, programmed by ipvsadm.
# client → VIP 203.0.113.100:80 on the director → rs1/rs2 (198.51.100.11/12:80), each answering its name.
# Leaves in $LAB_RESULT: responses.txt (one name per request), ipvsadm-Ln.txt, ipvsadm-S.txt.
. "$LAB_DIR/lib.sh"

lab_step "topology"
lab_nat_topology

lab_step "real servers"
lab_http rs1 rs1
lab_http rs2 rs2

lab_step "IPVS service $LAB_VIP:80 rr, NAT"
lab_in director ipvsadm -A -t "$LAB_VIP:80" -s rr
lab_in director ipvsadm -a -t "$LAB_VIP:80" -r "$LAB_RS1:80" -m
lab_in director ipvsadm -a -t "$LAB_VIP:80" -r "$LAB_RS2:80" -m

lab_step "10 requests from the client"
lab_requests client "http://$LAB_VIP/" 10 responses.txt

lab_step "IPVS table"
lab_in director ipvsadm -Ln | tee "$LAB_RESULT/ipvsadm-Ln.txt"
lab_in director ipvsadm -S -n | tee "$LAB_RESULT/ipvsadm-S.txt"
lab_in director ipvsadm -Ln --stats

rs1=$(lab_count responses.txt rs1)
rs2=$(lab_count responses.txt rs2)
lab_step "rs1 answered $rs1, rs2 answered $rs2"
[[ $rs1 -eq 5 && $rs2 -eq 5 ]] || lab_fail "round robin should split 10 requests 5/5, got rs1=$rs1 rs2=$rs2"
# Round robin alternates: no server answers twice in a row.
if uniq -d "$LAB_RESULT/responses.txt" | grep -q .; then lab_fail "round robin did not alternate"; fi
lab_step "OK"
