#!/bin/bash
# lvsactors apply, list and save against the real kernel, compared with ipvsadm on the same tables:
#   1. apply $LAB_CONFIG to an empty table; list (plain, --stats, --rate) and save against ipvsadm -Ln/-S -n;
#   2. a messy table (ipvsadm -R of the rendered config, then foreign services, wrong weights, missing and extra
#      real servers, another scheduler) reconciled by apply; a second apply changes nothing;
#   3. render | ipvsadm -R gives the same table as apply;
#   4. with $LAB_PROBE_DLL set: the test assembly's IPVS probe (every client operation, compared with ipvsadm);
#   5. errors: a scheduler the kernel lacks ($LAB_BAD_CONFIG), and no CAP_NET_ADMIN (user nobody).
# Needs LAB_LVSACTORS (lvsactors.dll) and LAB_CONFIG. Everything runs in namespace "director", whose eth0 holds
# 198.51.100.1/24 and 2001:db8:1::1/64 so that the real servers are unicast destinations.
# Leaves in $LAB_RESULT: one file per output, named in the steps below.
. "$LAB_DIR/lib.sh"
: "${LAB_LVSACTORS:?set LAB_LVSACTORS to lvsactors.dll}"
: "${LAB_CONFIG:?set LAB_CONFIG to the configuration to apply}"
lab_dotnet_env

lvsactors() { lab_in director dotnet exec "$LAB_LVSACTORS" "$@"; }
ipvsadm() { lab_in director /usr/sbin/ipvsadm "$@"; }

lab_step "director namespace"
lab_ns director br-real 198.51.100.1/24
ip -n director addr add 2001:db8:1::1/64 dev eth0 nodad

lab_step "1. apply to an empty table"
lvsactors apply "$LAB_CONFIG" >apply-empty.txt
tail -n 1 apply-empty.txt
lvsactors list >list.txt
ipvsadm -Ln >ipvsadm-Ln.txt
lvsactors list --stats >list-stats.txt
ipvsadm -Ln --stats >ipvsadm-Ln-stats.txt
lvsactors list --rate >list-rate.txt
ipvsadm -Ln --rate >ipvsadm-Ln-rate.txt
lvsactors save >save.txt
ipvsadm -S -n >ipvsadm-S.txt
lvsactors render "$LAB_CONFIG" >render.txt
cat list.txt

lab_step "2. reconcile a messy table"
ipvsadm -C
ipvsadm -R <render.txt
ipvsadm -A -t 192.0.2.99:8080 -s rr
ipvsadm -a -t 192.0.2.99:8080 -r 198.51.100.99:8080 -m
ipvsadm -A -f 77 -s wlc
ipvsadm -e -t 203.0.113.100:80 -r 198.51.100.12:8080 -m -w 7
ipvsadm -d -t 203.0.113.100:80 -r 198.51.100.11:8080
ipvsadm -a -t 203.0.113.100:80 -r 198.51.100.14:8080 -m -w 2
ipvsadm -E -t 192.0.2.10:25 -s wlc
ipvsadm -e -t 203.0.113.101:443 -r 198.51.100.21:443 -m -w 2
ipvsadm -S -n >messy-S.txt
lvsactors apply "$LAB_CONFIG" >apply-messy.txt
cat apply-messy.txt
ipvsadm -S -n >reconciled-S.txt
lvsactors apply "$LAB_CONFIG" >apply-again.txt
cat apply-again.txt
ipvsadm -S -n >again-S.txt

lab_step "3. render | ipvsadm -R against apply"
ipvsadm -C
lvsactors render "$LAB_CONFIG" | ipvsadm -R
ipvsadm -S -n >restored-S.txt
ipvsadm -C
lvsactors apply "$LAB_CONFIG" >apply-after-flush.txt
ipvsadm -S -n >applied-S.txt

if [[ -n ${LAB_PROBE_DLL:-} ]]; then
    lab_step "4. IPVS client probe"
    ipvsadm -C
    lab_in director dotnet exec "$LAB_PROBE_DLL" ipvs-probe "$LAB_RESULT/probe"
fi
if [[ -n ${LAB_BAD_CONFIG:-} ]]; then
    lab_step "5. errors"
    ipvsadm -C
    set +e
    lvsactors apply "$LAB_BAD_CONFIG" >apply-bad.txt 2>apply-bad.err
    echo "exit $?" >>apply-bad.err
    lab_in director setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
        env HOME=/tmp DOTNET_CLI_HOME=/tmp dotnet exec "$LAB_LVSACTORS" list >list-nobody.txt 2>list-nobody.err
    echo "exit $?" >>list-nobody.err
    set -e
    cat apply-bad.err list-nobody.err
    ipvsadm -S -n >bad-S.txt
fi
lab_step "OK"
