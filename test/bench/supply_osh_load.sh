#!/usr/bin/env bash
# supply_osh_load.sh — loading an Open Supply Hub download with
# hredd.load_osh_download, against a plain COPY of the same CSV into text
# columns (what the loader starts from).
#
# Run inside a cluster:  HREDD_TEST_PORT=N scripts/private-cluster.sh test/bench/supply_osh_load.sh
#
# ROWS records (deterministic: valid OS IDs of the shared examples' form,
# names, addresses, country codes, coordinates, |-joined sectors, product and
# processing types, worker bands, parent companies; every 100th record with
# a broken OS ID check character, every 50th with an empty multi-value
# item) are written to a CSV in the download's layout.  Timed, median of RUNS:
#   (a) COPY into a table of text columns + hredd.load_osh_download (into an
#       empty registry)
#   (b) COPY into the same table of text columns
#   (d) as (a) with the CSV copied into an UNLOGGED table of text columns
#       (a download table is read once: its COPY need not be WAL-logged;
#       a temporary one would keep the parallel workers out)
#   (e) the COPY into that UNLOGGED table alone
#   (f) as (a) into the registry (a) wrote: a later load of the same
#       download, every record's row there and unchanged
#   (g) as (f) by the staged path (the way of every later load before:
#       forced by a BEFORE UPDATE trigger on the registry, the built-in
#       suppress_redundant_updates_trigger, which no row of such a load
#       fires)
#   (c) as (a) in a second database where the loader is as it was before
#       (supply_osh_load_ref.sql: the field readers osh_workers, osh_flag,
#       osh_coordinate in PL/pgSQL, osh_store writing by INSERT ... ON
#       CONFLICT): the loader before, timed in the same run
# Then the equality check: the registry rows and the report rows of (a) and
# (c) are dumped and compared (they must be identical), and the readers of
# both databases are compared over a list of awkward field values.
# With PARTS=1 (jit off, as load_osh_download sets it), the parts of the load are then timed alone over the same
# records (median of RUNS each, against the COPY's median): the facility
# values (hredd.facility over every record), reading every record
# (hredd.osh_read, counted) as planned (parallel workers where worth it) and
# in one process, the first load's direct write (hredd.osh_write_new: reading
# and writing the registry, no stage) as planned and in one process, then
# the staged path later loads take: reading and writing the stage (CREATE
# TEMP TABLE ... AS), writing the registry from a ready stage, and the same
# rows into a table like the registry without its indexes and checks; last,
# the direct write into the registry with its two indexes dropped.
# Environment: ROWS (default 1000000), RUNS (3), BENCH_DB (hredd_bench_osh),
# REF (1: also time and compare against (c); 0: skip it), PARTS (0).
set -euo pipefail

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
DB=${BENCH_DB:-hredd_bench_osh}
REF=${REF:-1}
PARTS=${PARTS:-0}
RDB=${DB}_ref
export PGOPTIONS=${PGOPTIONS:-'-c client_min_messages=warning'}
work=$(mktemp -d /tmp/hredd-bench-osh.XXXXXX)
chmod 777 "$work"
cleanup() { rm -rf "$work"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "DROP DATABASE IF EXISTS $RDB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$(dirname "$0")/supply_osh_lib.sh"

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
q "CREATE EXTENSION hredd CASCADE"
cols=$osh_cols
q "CREATE TABLE dl ($cols)"
q "CREATE UNLOGGED TABLE dlu ($cols)"
supply_osh_csv "$work/dl.csv" "$ROWS"

if [ "$REF" = 1 ]; then
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $RDB" -c "CREATE DATABASE $RDB"
	q "CREATE EXTENSION hredd CASCADE" "$RDB"
	q "CREATE TABLE dl ($cols)" "$RDB"
	# the loader as it was (field readers in PL/pgSQL, INSERT ... ON CONFLICT)
	psql -X -q -v ON_ERROR_STOP=1 -d "$RDB" -f "$(dirname "$0")/supply_osh_load_ref.sql"
fi

# copied TABLE [load] [DB]: the seconds of the CSV's COPY into TABLE, and with
# "load" of load_osh_download(TABLE) after it, in one session
copied() {
	local load=""
	[ "${2:-}" = load ] && load="SELECT * FROM hredd.load_osh_download('$1');"
	timed "\\timing on
COPY $1 FROM '$work/dl.csv' CSV HEADER;
$load" "${3:-$DB}"
}
ta=(); tb=(); tc=(); td=(); te=(); tf=(); tg=()
for _ in $(seq "$RUNS"); do
	q "TRUNCATE dl; TRUNCATE hredd.osh_location; TRUNCATE hredd.osh_report; CHECKPOINT"
	tb+=("$(copied dl)")
	q "TRUNCATE dlu; CHECKPOINT"
	te+=("$(copied dlu)")
	q "TRUNCATE dlu; TRUNCATE hredd.osh_location; TRUNCATE hredd.osh_report; CHECKPOINT"
	td+=("$(copied dlu load)")
	q "TRUNCATE dlu"
	q "TRUNCATE dl; TRUNCATE hredd.osh_location; TRUNCATE hredd.osh_report; CHECKPOINT"
	ta+=("$(copied dl load)")
	q "TRUNCATE dl; CHECKPOINT"
	tf+=("$(copied dl load)")
	q "TRUNCATE dl; CHECKPOINT;
	   CREATE TRIGGER bench_staged BEFORE UPDATE ON hredd.osh_location FOR EACH ROW
	   EXECUTE FUNCTION suppress_redundant_updates_trigger()"
	tg+=("$(copied dl load)")
	q "DROP TRIGGER bench_staged ON hredd.osh_location"
	if [ "$REF" = 1 ]; then
		q "TRUNCATE dl; TRUNCATE hredd.osh_location; TRUNCATE hredd.osh_report; CHECKPOINT" "$RDB"
		tc+=("$(copied dl load "$RDB")")
	fi
done
counts=$(q "SELECT (SELECT count(*) FROM hredd.osh_location) || ' loaded, ' ||
                   (SELECT count(*) FROM hredd.osh_report WHERE status = 'rejected') || ' rejected, ' ||
                   (SELECT count(*) FROM hredd.osh_report WHERE status <> 'rejected') || ' warnings'")
ma=$(median "${ta[@]}"); mb=$(median "${tb[@]}")
echo "supply_osh_load: $ROWS records: $counts"
if [ "$REF" = 1 ]; then
	dump() {
		osh_dump "$1"
		# awkward values for the field readers
		q "COPY (SELECT v, (hredd.osh_workers(v)).*, hredd.osh_flag(v), hredd.osh_coordinate(v, 90),
		                hredd.osh_coordinate(v, 180)
		         FROM unnest(ARRAY['250', '1,000', ' 1 000 ', '100-150', '100–150', '150-100', '1-2-3', '-5', '5-',
		                           '<1000', '< 1,000', 'Less than 1000', 'LESS THAN 5', 'under 7', 'Under', '>10000',
		                           'More than 10000', 'over 999999999', '>9999999999', '1234567890', '123456789',
		                           '0', '000', '', ' ', ',', 'many', '50 workers', 'True', 'FALSE', ' t ', 'F', 'yes',
		                           'No', '1', '0 ', 'y', 'tru', '45.5', '-90', '90.0000001', '+180', '-180.5', '.5',
		                           '5.', '.', '1e2', '1E-2', '1e+002', '1e-320', '4.9e-324', '0x10', ' 12 ',
		                           '1,5', 'NaN', 'Infinity', '--1', '+-1', '-0', '1e0001', '1.5e', 'e5',
		                           '00000000000000000000000000000000000000000000000000000000000000000000045.25',
		                           'İ', 'ǅ', 'K', 'ＴＲＵＥ', '１０'] || ARRAY[NULL]) v ORDER BY v) TO STDOUT" "$1"
	}
	dump "$DB" > "$work/new.txt"
	dump "$RDB" > "$work/ref.txt"
	if cmp -s "$work/new.txt" "$work/ref.txt"; then
		echo "supply_osh_load: equality: registry rows, report rows and the field readers ($(grep -c . "$work/new.txt") lines) identical to those of the loader before"
	else
		echo "supply_osh_load: equality FAILED: the outputs differ from those of the loader before:"
		diff "$work/ref.txt" "$work/new.txt" | head -20
		exit 1
	fi
	mc=$(median "${tc[@]}")
	echo "supply_osh_load: median of $RUNS: COPY + load_osh_download before (supply_osh_load_ref.sql) ${mc}s, ratio $(awk -v a="$mc" -v b="$(median "${tb[@]}")" 'BEGIN { printf "%.2f", a / b }')"
fi
echo "supply_osh_load: median of $RUNS: COPY + load_osh_download ${ma}s, COPY into text columns ${mb}s, ratio $(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.2f", a / b }')"
mf=$(median "${tf[@]}")
mg=$(median "${tg[@]}")
echo "supply_osh_load: median of $RUNS: COPY + a later load of the same download (every record unchanged) ${mf}s, ratio $(awk -v a="$mf" -v b="$mb" 'BEGIN { printf "%.2f", a / b }'); by the staged path ${mg}s, ratio $(awk -v a="$mg" -v b="$mb" 'BEGIN { printf "%.2f", a / b }') (direct $(awk -v a="$mf" -v b="$mg" 'BEGIN { printf "%.2f", a / b }')x the staged)"
md=$(median "${td[@]}"); me=$(median "${te[@]}")
echo "supply_osh_load: median of $RUNS: COPY into an UNLOGGED table + load_osh_download ${md}s, ratio $(awk -v a="$md" -v b="$mb" 'BEGIN { printf "%.2f", a / b }') (the COPY into the UNLOGGED table alone ${me}s, $(awk -v a="$me" -v b="$mb" 'BEGIN { printf "%.2f", a / b }')x the COPY)"

if [ "$PARTS" = 1 ]; then
	read_all="hredd.osh_read(s.ctid, os_id, name, address, country_code, lat, lng, sector, product_type, processing_type,
	          facility_type, number_of_workers, parent_company, contributor, NULL, is_closed, true)"
	stage="CREATE TEMP TABLE osh_stage AS SELECT NULL::jsonb AS record, (q.r).* FROM (SELECT $read_all AS r FROM dl s OFFSET 0) q;"
	cols="os_id, name, address, country, lat, lng, facility, sectors, product_types, processing_types, facility_types,
	      workers_min, workers_max, parent_companies, contributors, claim_status, is_closed, source"
	sel="SELECT s.os_id, s.name, s.address, s.country, s.lat, s.lng, s.facility, s.sectors, s.product_types,
	     s.processing_types, s.facility_types, s.workers_min, s.workers_max, s.parent_companies, s.contributors,
	     s.claim_status, s.is_closed, 'bench' FROM pg_temp.osh_stage s WHERE s.reason IS NULL"
	q "CREATE TABLE plain (LIKE hredd.osh_location INCLUDING DEFAULTS)"
	part() {   # name, statement timed, statements before it (same session)
		local ts=()
		for _ in $(seq "$RUNS"); do
			ts+=("$(timed "SET client_min_messages = warning;
SET jit = off;
$3
\\timing on
$2")")
		done
		local m; m=$(median "${ts[@]}")
		echo "supply_osh_load: part: $1 ${m}s, $(awk -v a="$m" -v b="$mb" 'BEGIN { printf "%.2f", a / b }')x the COPY"
	}
	note="CREATE TEMP TABLE osh_note (ord bigint, row_ref text, record jsonb, reason text, detail text,
	      warn_empty text, warn_workers text, warn_flag text);"
	# (as load_osh_download runs it: jit off, the leader only writing)
	direct="SET parallel_leader_participation = off; SELECT hredd.osh_write_new('SELECT $read_all FROM dl s', 'bench', 'pg_temp.osh_note');"
	serial="SET max_parallel_workers_per_gather = 0;"
	part "the facility values (hredd.facility over every record)" \
		"SELECT count(hredd.facility(name, address, country_code, lat::float8, lng::float8)) FROM dl;" ""
	part "reading every record (hredd.osh_read), as planned" \
		"SELECT count((q.r).ord) FROM (SELECT $read_all AS r FROM dl s OFFSET 0) q;" ""
	part "reading every record (hredd.osh_read), one process" \
		"SELECT count((q.r).ord) FROM (SELECT $read_all AS r FROM dl s OFFSET 0) q;" "$serial"
	part "the direct write of a first load (osh_write_new: reading and writing, no stage), as planned" "$direct" \
		"TRUNCATE hredd.osh_location; CHECKPOINT; $note"
	part "the direct write, one process" "$direct" "TRUNCATE hredd.osh_location; CHECKPOINT; $note $serial"
	part "reading and writing the stage (the staged path: an OS ID twice, triggers)" "$stage" ""
	part "writing the registry from a ready stage" "INSERT INTO hredd.osh_location ($cols) $sel;" \
		"TRUNCATE hredd.osh_location; $stage CHECKPOINT;"
	part "the same rows into a table without the registry's indexes and checks" "INSERT INTO plain ($cols) $sel;" \
		"TRUNCATE plain; $stage CHECKPOINT;"
	q "DROP INDEX hredd.osh_location_country_idx"
	part "the direct write into the registry without its index on country (the primary key it needs)" "$direct" \
		"TRUNCATE hredd.osh_location; CHECKPOINT; $note"
fi
