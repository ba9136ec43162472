#!/usr/bin/env bash
# The pg_regress suite with every server process under valgrind (memcheck):
# reads of uninitialised memory, reads and writes outside malloc'd blocks,
# invalid frees, bad system call arguments.  Not part of `make test`: it
# takes tens of minutes.  Run it as `make valgrind` or
#
#     scripts/valgrind-check.sh [make variables, e.g. REGRESS=geo]
#
# How: like scripts/with-cluster.sh, a throwaway cluster (own data and socket
# directory, no TCP port), but the postmaster runs under valgrind with
# --trace-children=yes, one log file per process (%p).  The server runs from
# a private copy of the PostgreSQL installation into which this worktree's
# hredd is installed (make install DESTDIR=…; PostgreSQL finds its share and
# lib directories relative to its binary), so the run neither needs nor
# disturbs the installed extension, however long it takes.  `make
# installcheck` then runs against it; afterwards every log is scanned.
#
# Verdict: exit 1 when any valgrind error has a frame in hredd's code (a
# source file of this worktree or hredd.so), whatever the innermost frame:
# hredd handing PostgreSQL uninitialised bytes is hredd's fault.  Errors
# entirely inside PostgreSQL or its libraries are counted and shown, but do
# not fail the run.  Exit 2 when the run itself failed (set-up, server).
# pg_regress's own verdict is printed, not judged: --error-exitcode makes a
# backend with an error exit with code 128, which the postmaster treats as
# a crash (it restarts, so tests after it may fail too — the logs tell).
#
# Limits, and what is suppressed (scripts/valgrind.supp, our own: Debian
# ships no PostgreSQL suppression file):
#  - Debian's PostgreSQL is built without USE_VALGRIND, so palloc chunks are
#    invisible to valgrind: it sees only the blocks the memory contexts
#    malloc.  Overruns into the next chunk of the same block, reads of a
#    pfree'd chunk, and uninitialised reads of a recycled chunk go unseen;
#    uninitialised reads of memory from a fresh block are found.  For
#    chunk-precise checks, build PostgreSQL with USE_VALGRIND
#    (src/include/pg_config_manual.h) and point PG_CONFIG at it.
#  - PostgreSQL knowingly writes uninitialised padding to disk (WAL pages,
#    the relcache init file); no reader interprets it.  Those reports are
#    suppressed, each anchored on the PostgreSQL function that writes.  A
#    consequence: hredd's own uninitialised bytes are not reported when they
#    only reach the WAL (they are when they reach a data page, a hash, or
#    a comparison).
#  - valgrind 3.19 takes glibc's fortified memmove (__memmove_chk) for
#    memcpy and reports overlaps: suppressed where the source calls memmove.
#  - JIT is off (LLVM's generated code is opaque to valgrind and slow under it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

PG_MAJOR=${PG_MAJOR:-15}
PG_CONFIG=${PG_CONFIG:-$(command -v pg_config || echo "/usr/lib/postgresql/$PG_MAJOR/bin/pg_config")}
[ -x "$PG_CONFIG" ] || PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
command -v valgrind >/dev/null || { echo "valgrind-check: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

base=$(mktemp -d /tmp/hredd-valgrind.XXXXXX)
chmod 755 "$base"
inst=$base/inst
logs=$base/valgrind
run_as=()
as_server() { (cd / && exec "${run_as[@]}" "$@"); }
if [ "$(id -u)" -eq 0 ]; then
	run_as=(runuser -u postgres --)  # as_server: from /, a directory postgres may enter
fi
export PGHOST=$base PGPORT=${HREDD_TEST_PORT:-54329} PGUSER=postgres PGDATABASE=postgres
[ "$(id -u)" -eq 0 ] || PGUSER=$(id -un)
KEEP=${KEEP:-0}   # KEEP=1 keeps $base (the logs) afterwards

bindir=$("$PG_CONFIG" --bindir)
pg_pid=
cleanup() {
	local rc=$?
	if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null; then
		as_server "$inst$bindir/pg_ctl" -D "$base/data" -m immediate -w stop >/dev/null 2>&1 || kill "$pg_pid" 2>/dev/null || true
		wait "$pg_pid" 2>/dev/null || true
	fi
	if [ "$KEEP" = 1 ]; then echo "valgrind-check: kept $base"; else rm -rf "$base"; fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# a private PostgreSQL installation, with this worktree's hredd in it
echo "valgrind-check: private installation in $inst"
for d in "$bindir" "$("$PG_CONFIG" --pkglibdir)" "$("$PG_CONFIG" --sharedir)"; do
	mkdir -p "$inst$d"
	cp -a "$d/." "$inst$d/"
done
rm -rf "$inst$("$PG_CONFIG" --sharedir)"/extension/hredd[.-]* \
	"$inst$("$PG_CONFIG" --pkglibdir)"/hredd.so "$inst$("$PG_CONFIG" --pkglibdir)"/bitcode/hredd*
make -s PG_CONFIG="$PG_CONFIG" install DESTDIR="$inst" >/dev/null
chmod -R go+rX "$inst"

mkdir -p "$logs"
[ ${#run_as[@]} -eq 0 ] || chown postgres: "$base" "$logs"
as_server "$inst$bindir/initdb" -D "$base/data" -U "$PGUSER" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null

echo "valgrind-check: starting the server under valgrind (logs in $logs)"
as_server valgrind --trace-children=yes --leak-check=no --track-origins=yes \
	--read-inline-info=yes --read-var-info=yes --error-exitcode=128 --num-callers=40 \
	--suppressions="$root/scripts/valgrind.supp" --gen-suppressions=all --fullpath-after= \
	--error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END --log-file="$logs/%p.log" \
	"$inst$bindir/postgres" -D "$base/data" -k "$base" -p "$PGPORT" -c listen_addresses='' \
	-c fsync=off -c jit=off -c shared_buffers=128MB -c maintenance_work_mem=256MB \
	>"$base/server.log" 2>&1 &
pg_pid=$!
for _ in $(seq 1 600); do
	pg_isready -q && break
	kill -0 "$pg_pid" 2>/dev/null || { echo "valgrind-check: the server did not start" >&2; tail -n 30 "$base/server.log" >&2; exit 2; }
	sleep 1
done
pg_isready -q || { echo "valgrind-check: the server is not ready after 10 minutes" >&2; exit 2; }

echo "valgrind-check: make installcheck $*"
start=$(date +%s)
regress=passed
make -s PG_CONFIG="$PG_CONFIG" installcheck "$@" || regress=failed
echo "valgrind-check: pg_regress $regress in $(( $(date +%s) - start )) s"

# a fast shutdown lets every process exit normally and finish its log
as_server "$inst$bindir/pg_ctl" -D "$base/data" -m fast -w -t 600 stop >/dev/null || true
wait "$pg_pid" || true
pg_pid=

# The logs: one per process.  An error is the text between the markers.
processes=$(find "$logs" -name '*.log' | wc -l)
errors=0; ours=0; others=0
report=$base/hredd-errors.txt; : > "$report"
other_report=$base/other-errors.txt; : > "$other_report"
for f in "$logs"/*.log; do
	# split each error into its own record (NUL-separated)
	while IFS= read -r -d '' err; do
		errors=$((errors + 1))
		if grep -qE "\(($root/src/[^)]*|in [^)]*/hredd\.so)\)" <<<"$err"; then
			ours=$((ours + 1))
			printf '=== %s\n%s\n' "$(basename "$f")" "$err" >> "$report"
		else
			others=$((others + 1))
			printf '=== %s\n%s\n' "$(basename "$f")" "$err" >> "$other_report"
		fi
	done < <(awk '/VALGRINDERROR-BEGIN/ { inb = 1; buf = ""; next }
	              /VALGRINDERROR-END/ { if (inb) printf "%s%c", buf, 0; inb = 0; next }
	              inb { sub(/^==[0-9]+== ?/, ""); buf = buf $0 "\n" }' "$f")
done
crashed=$(grep -c 'exited with exit code 128\|was terminated by signal' "$base/server.log" || true)
# each process that exits normally ends its log with a summary
finished=$(grep -l 'ERROR SUMMARY:' "$logs"/*.log | wc -l)
suppressed=$(sed -n 's/.*ERROR SUMMARY: .*(suppressed: \([0-9]*\) from.*/\1/p' "$logs"/*.log | awk '{ n += $1 } END { print n + 0 }')

echo "valgrind-check: $processes processes ($finished wrote their summary), $errors valgrind errors: $ours in hredd, $others elsewhere ($suppressed suppressed); $crashed server processes ended by an error or a signal"
if [ "$others" -gt 0 ]; then
	echo "--- errors outside hredd: the first 3, 15 lines each (KEEP=1 keeps them all, with suppressions in the logs)"
	awk '/^=== /{n++; l=0} n<=3 && l++<15' "$other_report"
fi
if [ "$ours" -gt 0 ]; then
	echo "--- errors in hredd"
	cat "$report"
	echo "valgrind-check: FAILED, $ours valgrind errors in hredd"
	exit 1
fi
echo "valgrind-check: no valgrind error in hredd"
