#!/usr/bin/env bash
# ids_load.sh — load benchmark of the identifier types.
#
# Run inside a cluster:  scripts/with-cluster.sh test/bench/ids_load.sh
# (or: make bench).  Needs PGHOST/PGPORT/PGUSER pointing at a superuser, the
# hredd extension installed, and the isn contrib module.
#
# For each of os_id, lei, gln, duns and country: one million valid canonical
# values (deterministic) are written to a file, then loaded with server-side
# COPY into a fresh one-column table of
#   (a) the hredd type, (b) text, (c) text with a CHECK calling a PL/pgSQL
#   validator of the same rule, (d) for gln only, isn.ean13.
# Each load runs RUNS times (interleaved, table truncated, vacuumed and a
# checkpoint taken before each); the median is reported.  Environment:
# RUNS (default 5), ROWS (default 1000000), BENCH_DB (default hredd_bench).  Then a btree index
# is built and the total size (heap + index) of (a) and (b) compared.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
RUNS=${RUNS:-5}
ROWS=${ROWS:-1000000}   # smaller only to try the script out
DB=${BENCH_DB:-hredd_bench}
TYPES=(os_id lei gln duns country)
export PGOPTIONS=${PGOPTIONS:-'-c client_min_messages=warning'}

work=$(mktemp -d /tmp/hredd-bench.XXXXXX)
chmod 777 "$work"   # the server (user postgres when we are root) writes here
cleanup() {
	rm -rf "$work"
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }

# Seconds taken by one COPY into table $1 from file $2, as psql's \timing
# sees it (server work plus one round trip; no connection set-up).
time_copy() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<-EOF | awk '/^Time: / { printf "%.3f\n", $2 / 1000 }'
		TRUNCATE $1;
		VACUUM $1;
		CHECKPOINT;
		\timing on
		COPY $1 FROM '$2';
	EOF
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

echo "== hredd identifier load benchmark"
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "command:  $0${*:+ $*}  (cwd $(pwd))"
echo "host:     $(uname -srm), $(nproc) CPUs"
echo "server:   $(psql -X -A -t -d postgres -c 'SELECT version()')"
echo "settings: $(psql -X -A -t -d postgres -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'shared_buffers', 'maintenance_work_mem', 'wal_level', 'synchronous_commit')")"
echo "rows:     $ROWS per file, $RUNS runs per load, median reported"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" \
	-c "SET client_min_messages = warning" \
	-c "CREATE EXTENSION hredd CASCADE" -c "CREATE EXTENSION isn" >/dev/null
echo "hredd:    $(q "SELECT extversion FROM pg_extension WHERE extname = 'hredd'"), isn $(q "SELECT extversion FROM pg_extension WHERE extname = 'isn'")"

t0=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v datadir="$work" -v rows="$ROWS" -f "$here/ids_load_setup.sql" >/dev/null
echo "set-up:   $(( $(date +%s) - t0 )) s to write the data files (not timed below)"
for t in "${TYPES[@]}"; do
	n=$(wc -l <"$work/$t.txt")
	[ "$n" -eq "$ROWS" ] || { echo "error: $work/$t.txt has $n lines" >&2; exit 1; }
	printf '          %-8s %s  e.g. %s\n' "$t" "$(du -h "$work/$t.txt" | cut -f1)" "$(sed -n 2p "$work/$t.txt")"
done

# ------------------------------------------------------------ timed loads
declare -A times med
variants_of() { if [ "$1" = gln ]; then echo "hredd text plpgsql ean13"; else echo "hredd text plpgsql"; fi; }

echo
echo "== loads (seconds, run 1..$RUNS, after one untimed warm-up load of each)"
for t in "${TYPES[@]}"; do
	for v in $(variants_of "$t"); do
		time_copy "bench.${t}_$v" "$work/$t.txt" >/dev/null
	done
	for r in $(seq "$RUNS"); do
		for v in $(variants_of "$t"); do
			s=$(time_copy "bench.${t}_$v" "$work/$t.txt")
			[ -n "$s" ] || { echo "error: no timing for bench.${t}_$v" >&2; exit 1; }
			times[$t.$v]="${times[$t.$v]:-} $s"
		done
	done
	for v in $(variants_of "$t"); do
		# shellcheck disable=SC2086
		med[$t.$v]=$(median ${times[$t.$v]})
		printf '%-8s %-8s %s   median %s\n' "$t" "$v" "${times[$t.$v]# }" "${med[$t.$v]}"
	done
done

# ------------------------------------------------------------ checks and sizes
declare -A size datum heap idx
echo
echo "== checks"
for t in "${TYPES[@]}"; do
	# every value must come back out of the hredd type exactly as it went in
	bad=$(q "SELECT count(*) FROM (SELECT v::text FROM bench.${t}_hredd EXCEPT ALL SELECT v FROM bench.${t}_text) AS d")
	rows=$(q "SELECT count(*) FROM bench.${t}_hredd")
	printf '%-8s rows %s, values whose canonical output differs from the input: %s\n' "$t" "$rows" "$bad"
	for v in hredd text; do
		q "CREATE INDEX ON bench.${t}_$v (v)" >/dev/null
		size[$t.$v]=$(q "SELECT pg_total_relation_size('bench.${t}_$v')")
		heap[$t.$v]=$(q "SELECT pg_relation_size('bench.${t}_$v')")
		idx[$t.$v]=$(q "SELECT pg_indexes_size('bench.${t}_$v')")
		datum[$t.$v]=$(q "SELECT round(avg(pg_column_size(v)), 1) FROM bench.${t}_$v")
	done
done
q "CREATE INDEX ON bench.gln_ean13 (v)" >/dev/null
ean13_size=$(q "SELECT pg_total_relation_size('bench.gln_ean13')")

# ------------------------------------------------------------ report
echo
echo "== results (load = median seconds of COPY FROM file, $ROWS rows; size = heap + btree index)"
echo "   aims: hredd/text load <= 1.15, plpgsql/hredd load >= 5, size hredd/text <= 0.60 (integer-backed types)"
fmt='%-8s | %8s | %8s | %8s | %8s | %8s | %8s | %8s | %8s | %8s | %11s\n'
printf "$fmt" type "hredd s" "text s" "h/text" "plpgsql s" "plp/h" "ean13 s" "hredd MB" "text MB" "size h/t" "datum B h/t"
printf '%s\n' "---------+----------+----------+----------+-----------+----------+----------+----------+----------+----------+------------"
misses=()
for t in "${TYPES[@]}"; do
	h=${med[$t.hredd]} x=${med[$t.text]} p=${med[$t.plpgsql]}
	e=${med[$t.ean13]:--}
	lr=$(ratio "$h" "$x") pr=$(ratio "$p" "$h") sr=$(ratio "${size[$t.hredd]}" "${size[$t.text]}")
	printf "$fmt" "$t" "$h" "$x" "$lr" "$p" "$pr" "$e" "$(mb "${size[$t.hredd]}")" "$(mb "${size[$t.text]}")" \
		"$sr" "${datum[$t.hredd]}/${datum[$t.text]}"
	awk -v r="$lr" 'BEGIN { exit !(r > 1.15) }' && misses+=("$t: load ratio hredd/text $lr > 1.15")
	awk -v r="$pr" 'BEGIN { exit !(r < 5) }' && misses+=("$t: load ratio plpgsql/hredd $pr < 5")
	if [ "$t" != lei ]; then
		awk -v r="$sr" 'BEGIN { exit !(r > 0.60) }' && misses+=("$t: size ratio hredd/text $sr > 0.60")
	fi
done
echo
echo "== sizes in detail (MB, hredd/text): a heap row carries a 24-byte header and a 4-byte line"
echo "   pointer whatever the column, so a one-column table cannot shrink below that floor"
printf '%-8s | %-22s | %-22s | %s\n' type "heap MB h/t (ratio)" "btree MB h/t (ratio)" "value bytes h/t (ratio)"
for t in "${TYPES[@]}"; do
	printf '%-8s | %-22s | %-22s | %s\n' "$t" \
		"$(mb "${heap[$t.hredd]}")/$(mb "${heap[$t.text]}") ($(ratio "${heap[$t.hredd]}" "${heap[$t.text]}"))" \
		"$(mb "${idx[$t.hredd]}")/$(mb "${idx[$t.text]}") ($(ratio "${idx[$t.hredd]}" "${idx[$t.text]}"))" \
		"${datum[$t.hredd]}/${datum[$t.text]} ($(ratio "${datum[$t.hredd]}" "${datum[$t.text]}"))"
done
echo
echo "gln as isn.ean13: load ${med[gln.ean13]} s ($(ratio "${med[gln.ean13]}" "${med[gln.hredd]}") x hredd.gln), size $(mb "$ean13_size") MB"
if [ ${#misses[@]} -gt 0 ]; then
	echo "aims missed:"
	printf '  %s\n' "${misses[@]}"
else
	echo "all aims met"
fi
