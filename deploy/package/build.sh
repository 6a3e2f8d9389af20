#!/usr/bin/env bash
# Builds lvsactors_<version>_amd64.deb into deploy/package/out/ (or $1): the director published self-contained (Debian
# 12 has no .NET 10 runtime package, so a framework-dependent build could not be installed with apt alone), the
# systemd unit, /etc/lvsactors/lvsactors.conf as a conffile, lvsactors(8) made from the command-line help, bash
# completion, the lvsactors system user (sysusers.d) and /var/lib/lvsactors. Needs the .NET SDK, dpkg-dev and lintian.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/out}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/src/Release.props")
pkg=$work/pkg
lib=$pkg/usr/lib/lvsactors

echo "package: publishing lvsactors $version (self-contained, linux-x64)" >&2
dotnet publish "$root/src/LvsActors.Cli" -c Release -r linux-x64 --self-contained true -p:DebugType=none \
    -o "$lib" -v q --nologo >&2
# The XML documentation files are for compilers, not for an installed program.
find "$lib" -name "*.xml" -delete
find "$lib" -type f -exec chmod 0644 {} +
chmod 0755 "$lib/lvsactors"
# The runtime's native libraries come unstripped; strip them as Debian does its own.
find "$lib" -name '*.so' -exec strip --strip-unneeded {} +
strip --strip-unneeded "$lib/lvsactors" 2>/dev/null || true

# /usr/sbin/lvsactors is lvsactors-native: the table commands (validate, render, apply, list, save) compiled ahead of
# time, which start without a runtime; every other command line it hands to the full lvsactors beside it (execv).
echo "package: publishing lvsactors-native (ahead of time)" >&2
dotnet publish "$root/src/LvsActors.Cli.Native" -c Release -r linux-x64 -p:DebugType=none -p:StripSymbols=true \
    --artifacts-path "$work/native-build" -o "$work/native" -v q --nologo >&2
install -m 0755 "$work/native/lvsactors-native" "$lib/lvsactors-native"
strip --strip-unneeded "$lib/lvsactors-native"
install -d "$pkg/usr/sbin"
ln -s ../lib/lvsactors/lvsactors-native "$pkg/usr/sbin/lvsactors"

install -D -m 0644 "$here/lvsactors.conf" "$pkg/etc/lvsactors/lvsactors.conf"
install -d -m 0755 "$pkg/var/lib/lvsactors"
# The packaged binary lives in /usr/sbin; the unit in deploy/systemd names the /usr/local/bin of a hand install.
install -d "$pkg/usr/lib/systemd/system"
sed -e 's:/usr/local/bin/lvsactors:/usr/sbin/lvsactors:g' \
    -e 's:^Documentation=.*:Documentation=man\:lvsactors(8) file\:///usr/share/doc/lvsactors/README.md:' \
    -e '/^#   install -D/,/^#   systemctl daemon-reload/d' \
    "$root/deploy/systemd/lvsactors.service" > "$pkg/usr/lib/systemd/system/lvsactors.service"
chmod 0644 "$pkg/usr/lib/systemd/system/lvsactors.service"
install -D -m 0644 "$here/lvsactors.sysusers" "$pkg/usr/lib/sysusers.d/lvsactors.conf"

doc=$pkg/usr/share/doc/lvsactors
install -D -m 0644 "$root/README.md" "$doc/README.md"
install -d "$doc/examples"
install -m 0644 "$root"/hocon/*.conf "$doc/examples/"
install -m 0644 "$here/copyright" "$doc/copyright"
printf 'lvsactors (%s) unstable; urgency=medium\n\n  * Built from commit %s.\n\n -- LvsActors maintainers <maintainers@lvsactors.invalid>  %s\n' \
    "$version" "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}")" \
    | gzip -9n > "$doc/changelog.gz"
install -D -m 0644 "$here/lvsactors.lintian-overrides" "$pkg/usr/share/lintian/overrides/lvsactors"

install -d "$pkg/usr/share/man/man8"
"$here/manpage.sh" "$version" "$lib/lvsactors" | gzip -9n > "$pkg/usr/share/man/man8/lvsactors.8.gz"
install -d "$pkg/usr/share/bash-completion/completions"
"$here/completion.sh" "$lib/lvsactors" > "$pkg/usr/share/bash-completion/completions/lvsactors"

install -d "$pkg/DEBIAN"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$pkg/DEBIAN/"
echo /etc/lvsactors/lvsactors.conf > "$pkg/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$here/control" > "$pkg/DEBIAN/control"

mkdir -p "$out"
deb=$out/lvsactors_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >&2
echo "$deb"
