# Sourced by test/citus/citus.sh and test/bench/citus_match.sh: starts a
# Citus coordinator and two workers on this machine from the install of the
# test server (the private copy of scripts/private-cluster.sh when it is
# first on PATH), ports HREDD_CITUS_PORT (default PGPORT + 1) to + 2, sockets
# in a temporary directory; stops and removes them on exit.  Where the test
# server's PostgreSQL has no Citus it says so and exits 0.  Defines node N,
# coord and val (one value, or an error's first line prefixed "ERROR:").
if ! have=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'citus'"); then
	echo "$0: cannot reach the test server (run it inside scripts/with-cluster.sh)" >&2
	exit 1
fi
if [ "$have" != 1 ]; then
	echo "skipped: Citus not installed (no citus in pg_available_extensions of the test server's PostgreSQL)"
	exit 0
fi

# the install of the test server: the private copy of scripts/private-cluster.sh
# when it is first on PATH, else the system one
if command -v initdb >/dev/null 2>&1; then
	BINDIR=$(dirname "$(command -v initdb)")
else
	BINDIR=$(pg_config --bindir)
fi
base=$(mktemp -d /tmp/hredd-citus.XXXXXX)
chmod 755 "$base"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$base"
	run_as=(runuser -u postgres --)
fi
as_server() { (cd / && exec "${run_as[@]}" "$@"); }
user=${PGUSER:-$(id -un)}
port0=${HREDD_CITUS_PORT:-$((${PGPORT:-5432} + 1))}
nodes=(0 1 2)

cleanup() {
	local rc=$?
	for n in "${nodes[@]}"; do
		if [ -f "$base/n$n/postmaster.pid" ]; then
			as_server "$BINDIR/pg_ctl" -D "$base/n$n" -m immediate -w stop >/dev/null 2>&1 || true
		fi
	done
	rm -rf "$base"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for n in "${nodes[@]}"; do
	as_server "$BINDIR/initdb" -D "$base/n$n" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
	if ! as_server "$BINDIR/pg_ctl" -D "$base/n$n" -l "$base/n$n.log" -w \
		-o "-k $base -p $((port0 + n)) -c listen_addresses=localhost -c fsync=off -c shared_preload_libraries=citus -c max_worker_processes=16" \
		start >/dev/null; then
		echo "FAIL: citus is available but a server with shared_preload_libraries = citus does not start:" >&2
		tail -n 20 "$base/n$n.log" >&2
		exit 1
	fi
done
node() { local n=$1; shift; psql -X -q -h "$base" -p $((port0 + n)) -U "$user" -d postgres -v ON_ERROR_STOP=1 "$@"; }
coord() { node 0 "$@"; }
# one value (or an error's first line, prefixed "ERROR:") from the coordinator
# (each argument a statement of its own, -c)
val() { local out a args=(); for a in "$@"; do args+=(-c "$a"); done
	if out=$(coord -At -c "SET client_min_messages = warning" "${args[@]}" 2>&1); then
		printf '%s' "$out"; else printf 'ERROR: %s' "$(printf '%s\n' "$out" | grep -m1 'ERROR' | sed 's/^.*ERROR: *//')"; fi; }

for n in "${nodes[@]}"; do
	node "$n" -c "SET client_min_messages = warning" -c "CREATE EXTENSION citus" >/dev/null || exit 1
done
coord -c "SET client_min_messages = warning" \
	-c "SELECT citus_set_coordinator_host('localhost', $port0)" \
	-c "SELECT citus_add_node('localhost', $((port0 + 1)))" \
	-c "SELECT citus_add_node('localhost', $((port0 + 2)))" >/dev/null || exit 1
