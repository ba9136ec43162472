#!/usr/bin/env bash
# Development: run "$@" against a throwaway cluster whose PostgreSQL install is a
# private copy of the system one with this checkout's hredd installed into it,
# so several checkouts (worktrees, helpers) can build and test at once without
# touching the system's extension directory.  Run as root from the checkout:
#   HREDD_TEST_PORT=54410 scripts/private-cluster.sh scripts/run-db-tests.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
bindir=$($PG_CONFIG --bindir); lib=$($PG_CONFIG --pkglibdir); share=$($PG_CONFIG --sharedir)
inst=/tmp/hredd-priv-$$
for d in "$bindir" "$lib" "$share"; do mkdir -p "$inst$d"; cp -a "$d/." "$inst$d/"; done
rm -rf "$inst$share"/extension/hredd[.-]* "$inst$lib"/hredd.so "$inst$lib"/bitcode/hredd*
make -s install DESTDIR="$inst" >/dev/null
base=$(mktemp -d /tmp/hredd-pc.XXXXXX); chmod 755 "$base" "$inst"; chown -R postgres: "$base"
export PGHOST=$base PGPORT=${HREDD_TEST_PORT:-54360} PGUSER=postgres PGDATABASE=postgres
export PATH="$inst$bindir:$PATH"
# from / : runuser keeps the cwd, which postgres may not enter (a clone in root's home)
as_server() { (cd / && exec runuser -u postgres -- "$@"); }
cleanup() { rc=$?; as_server "$inst$bindir/pg_ctl" -D "$base/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$base" "$inst"; exit $rc; }
trap cleanup EXIT
as_server "$inst$bindir/initdb" -D "$base/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_server "$inst$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -w -o "-k $base -p $PGPORT -c listen_addresses='' -c fsync=off" start >/dev/null
"$@"
