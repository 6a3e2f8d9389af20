#!/bin/bash
# Benchmark: program $LAB_BENCH_SERVICES services × $LAB_BENCH_REALS real servers into an empty kernel table with
# `lvsactors apply` (lvsactors-native, as the package installs it), with `ipvsadm -R` of the same rendered table and
# with keepalived's start-up (from its start until /proc/net/ip_vs lists the whole table, polled every 0.1 s),
# $LAB_BENCH_RUNS times each (interleaved, flushed between), then re-apply the unchanged table (must write nothing).
# Also times the start-up of lvsactors alone (`--version`) and the reading of the full table (`save`). Checks every programmed table against the
# rendered one. Leaves in $LAB_RESULT: bench.txt (one "what run seconds" line per timing), bench.rules (the
# rendered table), apply.txt and reapply.txt (lvsactors' output of the last runs), apply-log.txt (where apply's
# time went), keepalived.log. With $LAB_LVSACTORS_FULL (the full lvsactors.dll) its start-up and apply are timed too
# (startup-full, apply-full; its log in apply-full-log.txt), for the gain of the native build in the same boot.
. "$LAB_DIR/lib.sh"
: "${LAB_LVSACTORS:?set LAB_LVSACTORS to lvsactors-native, or to lvsactors.dll}"
services=${LAB_BENCH_SERVICES:-1000} reals=${LAB_BENCH_REALS:-10} runs=${LAB_BENCH_RUNS:-5}
lab_dotnet_env
run_lvsactors() { if [[ $1 == *.dll ]]; then lab_in director dotnet exec "$@"; else lab_in director "$@"; fi; }
lvsactors() { run_lvsactors "$LAB_LVSACTORS" "$@"; }
ipvsadm() { lab_in director /usr/sbin/ipvsadm "$@"; }
now() { date +%s.%N; }
record() { echo "$1 $2 $(awk -v a="$3" -v b="$4" 'BEGIN { printf "%.3f", b - a }')" | tee -a bench.txt; }
same_table() { ipvsadm -S -n | cmp -s - bench.rules || lab_fail "$1: the kernel table differs from the rendered one"; }

lab_step "director namespace; $services services × $reals real servers"
lab_ns director br-real 198.51.100.1/24
/usr/bin/python3 "$LAB_DIR/bench-config.py" "$services" "$reals" >bench.conf
/usr/bin/python3 "$LAB_DIR/bench-config.py" "$services" "$reals" keepalived >keepalived.conf
: >bench.txt
lvsactors render bench.conf >bench.rules
echo "rules $(wc -l <bench.rules)" | tee -a bench.txt

for ((run = 1; run <= runs; run++)); do
    lab_step "run $run"
    t0=$(now); lvsactors --version >/dev/null; t1=$(now)
    record startup "$run" "$t0" "$t1"
    ipvsadm -C
    t0=$(now); ipvsadm -R <bench.rules; t1=$(now)
    record ipvsadm-R "$run" "$t0" "$t1"
    same_table "ipvsadm -R run $run"
    ipvsadm -C
    # keepalived (checker process only, no VRRP): its start-up programs the table; stopping it removes the table.
    lab_in director bash -c '
        lines=$(($1 + 3)) t0=$(date +%s.%N)
        keepalived --dont-fork --log-console --check --use-file "$2" --pid /run/kd.pid --checkers_pid /run/kd-check.pid >>keepalived.log 2>&1 &
        while mapfile -t table </proc/net/ip_vs && ((${#table[@]} < lines)); do sleep 0.1; done
        echo "$t0 $(date +%s.%N)" >keepalived.span
        /usr/sbin/ipvsadm -S -n >keepalived-S.txt
        kill "$!"; wait "$!" || true' _ "$(wc -l <bench.rules)" keepalived.conf
    read -r t0 t1 <keepalived.span
    record keepalived "$run" "$t0" "$t1"
    cmp -s keepalived-S.txt bench.rules || lab_fail "keepalived run $run: the kernel table differs from the rendered one"
    ipvsadm -C
    t0=$(now); lvsactors apply --log-level debug bench.conf >apply.txt 2>>apply-log.txt; t1=$(now)
    record apply "$run" "$t0" "$t1"
    same_table "apply run $run"
    t0=$(now); lvsactors apply --log-level debug bench.conf >reapply.txt 2>>apply-log.txt; t1=$(now)
    record reapply "$run" "$t0" "$t1"
    [[ $(cat reapply.txt) == "no changes" ]] || lab_fail "re-apply run $run changed the table: $(tail -n 1 reapply.txt)"
    if [[ -n ${LAB_LVSACTORS_FULL:-} ]]; then
        t0=$(now); run_lvsactors "$LAB_LVSACTORS_FULL" --version >/dev/null; t1=$(now)
        record startup-full "$run" "$t0" "$t1"
        ipvsadm -C
        t0=$(now); run_lvsactors "$LAB_LVSACTORS_FULL" apply --log-level debug bench.conf >apply-full.txt 2>>apply-full-log.txt; t1=$(now)
        record apply-full "$run" "$t0" "$t1"
        same_table "the full program's apply run $run"
    fi
    t0=$(now); lvsactors save >save.txt; t1=$(now)
    record save "$run" "$t0" "$t1"
    cmp -s save.txt bench.rules || lab_fail "save run $run differs from the rendered table"
done
tail -n 1 apply.txt
cat apply-log.txt
lab_step "OK"
