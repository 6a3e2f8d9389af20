#!/usr/bin/env bash
# Runs every test of LvsActors: unit, CLI, actor and cluster specs, and the kernel lab.
# It installs what the tests need on a fresh Debian machine that has only the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/.."

# The status page's browser test, promtool and the Debian package's tools.
deploy/test-tools.sh

# The kernel lab (User-Mode Linux with IPVS) and the peers it runs come from Debian packages.
if [ -x deploy/lab/install.sh ]; then
  deploy/lab/install.sh
fi

# The admin journal's cluster tests need a real PostgreSQL on 127.0.0.1; they fail (never skip) without it.
export "$(deploy/postgres.sh | tail -1)"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Stopped from outside (Ctrl-C, a CI runner's timeout, kill), the tests stop too: every process this script started,
# down to the lab's UML guests and stress-ng hogs, not only the direct children. A test runner left behind went on
# running its kernel lab beside the next run on the same two cores and skewed its failover figures.
descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do
    descendants "$child"
    echo "$child"
  done
}
stop_tests() {
  trap - INT TERM HUP
  echo "stopped: ending the tests and everything they started" >&2
  # shellcheck disable=SC2046
  kill -TERM $(descendants $$) 2>/dev/null || true
  sleep 3
  # shellcheck disable=SC2046
  kill -KILL $(descendants $$) 2>/dev/null || true
  exit 130
}
trap stop_tests INT TERM HUP
status=0
# One test assembly at a time (-m:1): the kernel lab's UML guest would otherwise starve the timing-sensitive
# cluster specs of CPU on a 2-core machine. In the background and waited for, so that a signal reaches stop_tests at
# once (bash runs a trap only after the foreground command it waits for has ended).
dotnet test LvsActors.sln --nologo -m:1 2>&1 | tee "$log" &
wait $! || status=$?

# The Debian package: built, lintian-checked, installed with apt, checked and purged (deploy/package/test.sh).
package=0
# apt's and dpkg's progress goes to its own log, shown only when the package's test fails.
package_log=$(mktemp)
deploy/package/test.sh 2>"$package_log" || package=$?
if [ "$package" -ne 0 ]; then tail -60 "$package_log" >&2; fi
rm -f "$package_log"
if [ "$package" -ne 0 ]; then
  echo "the Debian package's test failed (exit $package)" >&2
  status=1
fi

# One plain closing line for people and CI, summed over the test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
# The package's test counts as one.
if [ "$package" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
# The failed tests by name, so that the end of the output (all CI keeps) says which.
grep -E '^\s+Failed [A-Za-z_][A-Za-z0-9_]*\.[^ ]+ \[' "$log" | sed -E 's/^\s+Failed /failed: /' | sort -u | head -40 || true
# And what each said (the first lines of its error message: CsCheck's seed, the violated assertion), CI keeping only
# the end of the output.
awk '/^ +Failed [A-Za-z_][A-Za-z0-9_]*\.[^ ]+ \[/ { name = $2; taking = 0; next }
     name != "" && /^ +Error Message:/ { taking = 1; shown = 0; print "why " name ":"; next }
     taking && (/^ +Stack Trace:/ || /^ +(Standard Output|Failed|Passed) / || shown >= 12) { taking = 0; name = ""; next }
     taking { print "  " substr($0, 1, 300); shown++ }' "$log" | head -120 || true
if [ "$package" -ne 0 ]; then echo "failed: the Debian package's test (deploy/package/test.sh)"; fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
