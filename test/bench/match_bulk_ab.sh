#!/usr/bin/env bash
# match_bulk_ab.sh — the bulk part of match_speed.sh for two builds of hredd,
# alternated in one session on the database that match_speed.sh kept
# (KEEP_DB=1), so that both see the same registry, source rows and load:
#   HREDD_PREFIX=/tmp/hredd-priv-NNNN test/bench/match_bulk_ab.sh /path/to/before-checkout /path/to/after-checkout
# HREDD_PREFIX is the DESTDIR of the server's private install (the
# /tmp/hredd-priv-* of scripts/private-cluster.sh); each checkout must be
# built (make).  For each of ROUNDS (default 2) rounds, each build is
# installed there and test/bench/match_bulk_rerun.sql runs against it (it
# rebuilds the GIN index with that build, then match_table serial and
# parallel, and compares the rows with the bench's own result).  Prints the
# seconds of each run, the medians and the ratio after / before.
set -euo pipefail
before=$1
after=$2
ROUNDS=${ROUNDS:-2}
DB=${BENCH_DB:-hredd_match_speed}
: "${HREDD_PREFIX:?set HREDD_PREFIX to the DESTDIR of the private install}"
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp /tmp/hredd-ab.XXXXXX)
trap 'rm -f "$out"' EXIT
printf 'build\tround\tindex_bytes\tserial_s\tparallel_s\trows_differing\n' > "$out.tsv"
for r in $(seq 1 "$ROUNDS"); do
	for b in before after; do
		dir=$before; [ "$b" = after ] && dir=$after
		make -s -C "$dir" install DESTDIR="$HREDD_PREFIX" >/dev/null
		psql -X -d "$DB" -f "$here/match_bulk_rerun.sql" > "$out" 2>&1
		# the two CALLs' times (each "CALL" is followed by its "Time:" line)
		times=$(awk '/^CALL/ {c = 1; next} c && /^Time:/ {print $2 / 1000; c = 0}' "$out" | paste -sd' ')
		diffs=$(grep -A2 rows_differing_from_the_bench "$out" | tail -1 | tr -d ' ')
		bytes=$(psql -X -A -t -d "$DB" -c "SELECT pg_relation_size('reg_fac_gin')")
		set -- $times
		printf '%s\t%s\t%s\t%.1f\t%.1f\t%s\n' "$b" "$r" "$bytes" "$1" "$2" "$diffs" | tee -a "$out.tsv"
	done
done
python3 - "$out.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
m = {b: {k: statistics.median(float(r[k]) for r in rows if r['build'] == b) for k in ('serial_s', 'parallel_s', 'index_bytes')} for b in ('before', 'after')}
print('median  before: serial %.1f s, parallel %.1f s, index %d bytes' % (m['before']['serial_s'], m['before']['parallel_s'], m['before']['index_bytes']))
print('median  after:  serial %.1f s, parallel %.1f s, index %d bytes' % (m['after']['serial_s'], m['after']['parallel_s'], m['after']['index_bytes']))
print('ratio after / before: serial %.2f, parallel %.2f, index size %.2f' % tuple(m['after'][k] / m['before'][k] for k in ('serial_s', 'parallel_s', 'index_bytes')))
print('rows differing from the bench (every run): %s' % ' '.join(r['rows_differing'] for r in rows))
PY
rm -f "$out.tsv"
