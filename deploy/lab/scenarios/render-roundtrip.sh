#!/bin/bash
# Proves `lvsactors render` against the real ipvsadm and kernel: for each $LAB_RESULT/rendered/NAME.rules (what
# render printed, written there by the test), `ipvsadm -C`, `ipvsadm -R < NAME.rules`, then `ipvsadm -S -n` must
# print the same bytes back. When the test also gives $LAB_RESULT/program/NAME.rules, ipvsadm -R reads that instead:
# the same table written so that ipvsadm accepts it, or in the order our director adds entries (the order the kernel
# lists them in, and so ipvsadm's sort, can depend on it).
# Leaves in $LAB_RESULT: saved/NAME.rules (ipvsadm -S -n), listed/NAME.txt (ipvsadm -Ln), diffs/NAME.diff (only
# when they differ), restore/NAME.err (ipvsadm -R's stderr), and compared.txt: one "NAME same|differs|refused"
# line per file. Exits 1 when any file differs or was refused, or when there was no file at all.
. "$LAB_DIR/lib.sh"

shopt -s nullglob
files=("$LAB_RESULT"/rendered/*.rules)
((${#files[@]} > 0)) || lab_fail "no rendered/*.rules in $LAB_RESULT: nothing to compare"
mkdir -p "$LAB_RESULT"/{saved,listed,diffs,restore}

# A namespace of its own with nothing but lo: the tables may name any address, and nothing can be sent anyway.
# lo must be up: with it down the namespace has no local routing table, and the kernel refuses every IPv4 real
# server as "not unicast" (inet_addr_type answers RTN_BROADCAST when there is no table to look in).
ip netns add render
ip -n render link set lo up
: >"$LAB_RESULT/compared.txt"
failed=0
for rules in "${files[@]}"; do
    name=$(basename "$rules" .rules)
    lab_step "$name"
    program=$LAB_RESULT/program/$name.rules
    [[ -f $program ]] || program=$rules
    lab_in render ipvsadm -C
    # ipvsadm -R exits with the status of its last line only, so an error on any other line shows only on stderr.
    if ! lab_in render ipvsadm -R <"$program" 2>"$LAB_RESULT/restore/$name.err" || [[ -s $LAB_RESULT/restore/$name.err ]]; then
        echo "ipvsadm -R refused ${program#"$LAB_RESULT"/}:" >&2
        cat "$LAB_RESULT/restore/$name.err" >&2
        echo "$name refused" >>"$LAB_RESULT/compared.txt"
        failed=1
        continue
    fi
    lab_in render ipvsadm -S -n >"$LAB_RESULT/saved/$name.rules"
    lab_in render ipvsadm -Ln >"$LAB_RESULT/listed/$name.txt"
    if diff -u --label "rendered/$name.rules" --label "ipvsadm-S/$name.rules" \
        "$rules" "$LAB_RESULT/saved/$name.rules" >"$LAB_RESULT/diffs/$name.diff"; then
        rm "$LAB_RESULT/diffs/$name.diff"
        echo "$name same" >>"$LAB_RESULT/compared.txt"
    else
        cat "$LAB_RESULT/diffs/$name.diff"
        echo "$name differs" >>"$LAB_RESULT/compared.txt"
        failed=1
    fi
done

lab_step "compared ${#files[@]} files"
cat "$LAB_RESULT/compared.txt"
((failed == 0)) || lab_fail "ipvsadm did not give back what render printed (see above)"
lab_step "OK"
