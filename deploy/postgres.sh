#!/usr/bin/env bash
# A PostgreSQL server for the admin-journal cluster tests, on 127.0.0.1 only. Idempotent; run as root.
#   deploy/postgres.sh          install (Debian's postgresql) if missing, create and start the cluster, print the connection
#   deploy/postgres.sh stop     stop it (the tests that prove a refused write use this too)
# Its own Debian cluster "lvsactors" (not the package's "main"), so it never touches a database someone else uses.
# Tests find it through LVSACTORS_TEST_PG; the value below is also their default.
set -euo pipefail

port=${LVSACTORS_PG_PORT:-55432}
name=lvsactors
db=lvsactors_test
user=lvsactors
password=lvsactors

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)

if [ "${1:-start}" = stop ]; then
  pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
  exit 0
fi

if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$name"; then
  # Loopback only (the test network rule); fsync off: a test journal, made fast on a 2-core machine.
  pg_createcluster "$version" "$name" -p "$port" >/dev/null
fi
cat > "/etc/postgresql/$version/$name/conf.d/lvsactors.conf" <<CONF
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
CONF
if ! pg_lsclusters -h | awk -v n="$name" '$2 == n {print $4}' | grep -qx online; then
  pg_ctlcluster "$version" "$name" start
fi

psql_() { su postgres -c "psql -X -q -t -A -p $port $*"; }
for _ in $(seq 1 50); do
  psql_ "-c 'select 1'" >/dev/null 2>&1 && break
  sleep 0.2
done
if [ "$(psql_ "-c \"select 1 from pg_roles where rolname = '$user'\"")" != 1 ]; then
  psql_ "-c \"create role $user login password '$password'\""
fi
if [ "$(psql_ "-c \"select 1 from pg_database where datname = '$db'\"")" != 1 ]; then
  psql_ "-c \"create database $db owner $user\""
fi

echo "LVSACTORS_TEST_PG=Host=127.0.0.1;Port=$port;Database=$db;Username=$user;Password=$password"
