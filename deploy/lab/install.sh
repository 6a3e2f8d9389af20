#!/usr/bin/env bash
# Installs what the kernel lab needs, when it is missing. Idempotent; safe to run before every lab test.
#   - user-mode-linux: a Linux 6.1 kernel that runs as a process, with every IPVS module
#   - ipvsadm, kmod (modprobe), iproute2 (ip netns/veth/bridge), curl, python3 (our tiny HTTP server)
#   - uml-utilities: uml_switch, the segment between the guests of a cluster lab (boot-cluster.sh)
#   - keepalived: the peer the apply benchmark measures (its init script is denied by policy-rc.d; never started)
#   - stress-ng: CPU starvation of a director guest in the failover lab
#   - bird2: the BGP daemon beside each director and on the router of the active-active lab
# Then links /lib/modules/<uml-version> to the package's module folder, because modprobe in the guest
# looks in /lib/modules and the guest's root is the host's own filesystem.
set -euo pipefail

packages=(user-mode-linux uml-utilities ipvsadm kmod iproute2 curl python3 keepalived stress-ng bird2)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "lab install: missing packages (${missing[*]}) and not root: run deploy/lab/install.sh as root" >&2
        exit 1
    fi
    echo "lab install: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# The package ships modules in /usr/lib/uml/modules/<version>; there is one version per package.
shopt -s nullglob
found=0
for dir in /usr/lib/uml/modules/*/; do
    ver=$(basename "$dir")
    found=1
    link=/lib/modules/$ver
    if [[ -L $link && $(readlink "$link") == "${dir%/}" ]]; then
        continue
    fi
    if [[ -e $link && ! -L $link ]]; then
        echo "lab install: $link exists and is not a link; leaving it alone" >&2
        continue
    fi
    mkdir -p /lib/modules
    ln -sfn "${dir%/}" "$link"
    echo "lab install: linked $link -> ${dir%/}" >&2
done
if ((found == 0)); then
    echo "lab install: no module folder under /usr/lib/uml/modules after installing user-mode-linux" >&2
    exit 1
fi
