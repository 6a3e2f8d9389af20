#!/usr/bin/env bash
# Installs, when missing, the Debian packages that the tests outside the kernel lab need. Idempotent.
#   - chromium, chromium-driver: the status page's browser test (Selenium drives the system browser, never a downloaded one)
#   - prometheus: promtool, which checks deploy/prometheus/lvsactors-rules.yml (the server is not started here)
#   - dpkg-dev, fakeroot, lintian: deploy/package/build.sh and its checks
#   - bird2: BIRD 2, the BGP daemon an active-active director drives (its include parsed, its control socket spoken)
set -euo pipefail

packages=(chromium chromium-driver prometheus dpkg-dev fakeroot lintian bird2)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "test tools: missing packages (${missing[*]}) and not root: run deploy/test-tools.sh as root" >&2
        exit 1
    fi
    echo "test tools: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
