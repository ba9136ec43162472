#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster of our own.
#
# The cluster has its own data directory and its own socket directory, listens
# on no TCP port, so it cannot clash with a server already running, and is
# stopped and removed when the command ends, whether it succeeded or not.
# The command sees PGHOST, PGPORT, PGUSER and PGDATABASE set for the cluster.
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
BINDIR=$(pg_config --bindir 2>/dev/null || echo "/usr/lib/postgresql/$PG_MAJOR/bin")
[ -x "$BINDIR/initdb" ] || BINDIR=/usr/lib/postgresql/$PG_MAJOR/bin

base=$(mktemp -d /tmp/hredd-cluster.XXXXXX)
chmod 755 "$base"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$base"
	run_as=(runuser -u postgres --)
fi
# The server's tools run from / : runuser keeps the caller's directory, which
# the postgres user may not be allowed to enter (a clone in root's home), and
# initdb and pg_ctl then print "could not change directory".
as_server() { (cd / && exec "${run_as[@]}" "$@"); }
export PGHOST=$base PGPORT=${HREDD_TEST_PORT:-54329} PGUSER=postgres PGDATABASE=postgres
[ "$(id -u)" -eq 0 ] || PGUSER=$(id -un)

cleanup() {
	local rc=$?
	if [ -f "$base/data/postmaster.pid" ]; then
		as_server "$BINDIR/pg_ctl" -D "$base/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [ $rc -ne 0 ] && [ -f "$base/server.log" ]; then
		echo "--- last lines of the server log ---" >&2
		tail -n 30 "$base/server.log" >&2 || true
	fi
	rm -rf "$base"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_server "$BINDIR/initdb" -D "$base/data" -U "$PGUSER" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_server "$BINDIR/pg_ctl" -D "$base/data" -l "$base/server.log" -w \
	-o "-k $base -p $PGPORT -c listen_addresses='' -c fsync=off -c max_worker_processes=8 -c shared_buffers=512MB -c maintenance_work_mem=512MB" \
	start >/dev/null
"$@"
