#!/bin/bash
# Proves the .NET runtime runs inside the guest, from the host's installation through hostfs.
# With LAB_DOTNET_DLL set, also runs `dotnet exec $LAB_DOTNET_DLL $LAB_DOTNET_ARGS` (words split on spaces).
# Leaves in $LAB_RESULT: dotnet-runtimes.txt, dotnet-info.txt, and dotnet-dll.txt when a dll ran.
. "$LAB_DIR/lib.sh"
lab_dotnet_env

lab_step "dotnet --list-runtimes"
dotnet --list-runtimes | tee "$LAB_RESULT/dotnet-runtimes.txt"
grep -q '^Microsoft.NETCore.App ' "$LAB_RESULT/dotnet-runtimes.txt" || lab_fail "no Microsoft.NETCore.App runtime listed"

lab_step "dotnet --info"
dotnet --info >"$LAB_RESULT/dotnet-info.txt" || lab_fail "dotnet --info failed"
head -n 3 "$LAB_RESULT/dotnet-info.txt"

if [[ -n ${LAB_DOTNET_DLL:-} ]]; then
    lab_step "dotnet exec $LAB_DOTNET_DLL ${LAB_DOTNET_ARGS:-}"
    # shellcheck disable=SC2086 # the arguments are words on purpose
    dotnet exec "$LAB_DOTNET_DLL" ${LAB_DOTNET_ARGS:-} | tee "$LAB_RESULT/dotnet-dll.txt"
    rc=${PIPESTATUS[0]}
    ((rc == 0)) || lab_fail "dotnet exec $LAB_DOTNET_DLL exited $rc"
fi
lab_step "OK"
