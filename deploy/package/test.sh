#!/usr/bin/env bash
# Builds the Debian package, checks it with lintian, installs it with apt as a user would, checks what it installed
# (validate of the shipped conffile, systemd-analyze verify of the unit, --version, man page, completion, user) and
# purges it, checking that nothing but the system user is left. Run as root; CI runs it from deploy/test.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
aside=$(mktemp -d)
fail() { echo "package test: FAILED: $*" >&2; exit 1; }

# A state folder or configuration left by a hand-run director (not by this package) is put back afterwards.
dpkg-query -W lvsactors >/dev/null 2>&1 && apt-get purge -y -q lvsactors >&2
for d in /var/lib/lvsactors /etc/lvsactors; do
    if [ -e "$d" ]; then mkdir -p "$aside$(dirname "$d")"; mv "$d" "$aside$d"; fi
done
restore() {
    dpkg-query -W lvsactors >/dev/null 2>&1 && apt-get purge -y -q lvsactors >/dev/null 2>&1
    for d in /var/lib/lvsactors /etc/lvsactors; do
        if [ -e "$aside$d" ]; then rm -rf "$d"; mv "$aside$d" "$d"; fi
    done
    rm -rf "$out" "$aside"
}
trap restore EXIT

# LVSACTORS_DEB: a package built before, to check it again without building (building takes minutes).
deb=${LVSACTORS_DEB:-$("$here/build.sh" "$out" | tail -1)}
echo "package test: built $(basename "$deb"), $(du -h "$deb" | cut -f1) ($(dpkg-deb -f "$deb" Installed-Size) KiB installed)"

tags=$(lintian --fail-on error,warning --tag-display-limit 0 "$deb" 2>&1) || fail "lintian reported errors or warnings: $tags"
echo "package test: lintian clean (one override, explained in deploy/package/lvsactors.lintian-overrides)"

DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >&2
lvsactors --version | grep -q '^lvsactors [0-9.]* (commit [0-9a-f]\{7,\})$' || fail "lvsactors --version: $(lvsactors --version)"
lvsactors validate /etc/lvsactors/lvsactors.conf || fail "the shipped /etc/lvsactors/lvsactors.conf is invalid"
# The command operators type is the native one; what it does not run itself, the full program runs.
[ "$(readlink -f "$(command -v lvsactors)")" = /usr/lib/lvsactors/lvsactors-native ] || fail "lvsactors is $(readlink -f "$(command -v lvsactors)"), not lvsactors-native"
lvsactors simulate --scheduler rr --server 198.51.100.11:80 --server 198.51.100.12:80 --connections 2 | grep -q '198.51.100.12:80' \
    || fail "lvsactors simulate (the full program, through lvsactors-native) printed no decision"
# The commented example in the conffile is valid too, once its comment marks are removed.
example=$(mktemp)
awk '/^    # web \{/ {on=1} on && /^    #/ {print "    " substr($0, 7); if ($0 ~ /^    # \}/) on=0; next} {print}' /etc/lvsactors/lvsactors.conf > "$example"
lvsactors validate "$example" 2>&1 | tee /dev/stderr | grep -q '1 virtual services, 2 real servers' || fail "the conffile's example is invalid"
rm -f "$example"
systemd-analyze verify /usr/lib/systemd/system/lvsactors.service || fail "systemd-analyze verify lvsactors.service"
dpkg-query -W -f='${Conffiles}\n' lvsactors | grep -q /etc/lvsactors/lvsactors.conf || fail "lvsactors.conf is not a conffile"
getent passwd lvsactors | grep -q ':/var/lib/lvsactors:/usr/sbin/nologin$' || fail "no lvsactors system user"
[ "$(stat -c '%U %a' /var/lib/lvsactors)" = "lvsactors 750" ] || fail "/var/lib/lvsactors is $(stat -c '%U %a' /var/lib/lvsactors)"
man -w lvsactors | grep -q man8/lvsactors.8 || fail "no lvsactors(8)"
bash -c 'source /usr/share/bash-completion/completions/lvsactors && COMP_WORDS=(lvsactors dr); COMP_CWORD=1; _lvsactors && [ "${COMPREPLY[*]}" = drain ]' \
    || fail "bash completion does not complete 'lvsactors dr' to drain"
echo "package test: installed; lvsactors-native in front of the full program, validate, --version, systemd-analyze verify, conffile, user, man page and completion check out"

DEBIAN_FRONTEND=noninteractive apt-get purge -y -q lvsactors >&2
left=$(ls -d /usr/lib/lvsactors /etc/lvsactors /var/lib/lvsactors /usr/sbin/lvsactors /usr/lib/systemd/system/lvsactors.service 2>/dev/null || true)
[ -z "$left" ] || fail "left after purge: $left"
echo "package test: purged; only the lvsactors system user is left, as Debian policy keeps it"
