#!/usr/bin/env bash
# supply_osh_file.sh — an Open Supply Hub download loaded from its CSV file
# on the server with hredd.load_osh_file (parallel workers read the file; no
# COPY into a table first), against a plain COPY of the same file into text
# columns: the issue's "at most 2x a plain COPY into text columns".
#
# Run inside a cluster:  HREDD_TEST_PORT=N scripts/private-cluster.sh test/bench/supply_osh_file.sh
#
# ROWS records (supply_osh_lib.sh's generator, written by the server) in a
# directory the server reads.  Each of RUNS rounds times, in this order, each
# after a CHECKPOINT with the registry emptied:
#   (a) COPY of the file into a table of text columns (the baseline)
#   (b) hredd.load_osh_file into an empty registry
#   (c) the same COPY + hredd.load_osh_download (the table path), in a
#       second database
#   (d) hredd.load_osh_file again into the registry (b) wrote: a later load,
#       every record unchanged
#   (e) hredd.load_osh_file of a second file (about a tenth of the names
#       changed) into that registry: a later load that replaces rows
#   (f) the same second file by COPY + load_osh_download into the registry
#       (c) wrote
# and prints the medians and their ratios to (a).  Then the equality check:
# the registries of (e) and (f) identical row for row, the reports with the
# same records and reasons (row_ref aside: "line N" from the file, a ctid
# from the table, where a record at a new ctid is reported again).
# Environment: ROWS (default 1000000), RUNS (3), BENCH_DB (hredd_bench_oshf).
set -euo pipefail

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
DB=${BENCH_DB:-hredd_bench_oshf}
TDB=${DB}_table
export PGOPTIONS=${PGOPTIONS:-'-c client_min_messages=warning'}
work=$(mktemp -d /tmp/hredd-bench-oshf.XXXXXX)
chmod 777 "$work"
cleanup() { rm -rf "$work"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "DROP DATABASE IF EXISTS $TDB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$(dirname "$0")/supply_osh_lib.sh"

for d in "$DB" "$TDB"; do
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d" -c "CREATE DATABASE $d"
	q "CREATE EXTENSION hredd CASCADE" "$d"
	q "CREATE TABLE dl ($osh_cols)" "$d"
done
supply_osh_csv "$work/dl.csv" "$ROWS"
# the second file: the same records, a tenth of them renamed (by their OS ID's hash)
q "COPY dl FROM '$work/dl.csv' CSV HEADER" "$TDB"
q "COPY (SELECT os_id, contribution_date,
                CASE WHEN abs(hashtext(os_id)) % 10 = 0 THEN replace(name, 'Factory', 'Fabrik') ELSE name END AS name,
                address, country_code, country_name, lat, lng, sector, contributor, number_of_workers, parent_company,
                processing_type_facility_type_raw, facility_type, processing_type, product_type, is_closed
         FROM dl) TO '$work/dl2.csv' CSV HEADER" "$TDB"
echo "supply_osh_file: $ROWS records, $(du -m "$work/dl.csv" | cut -f1) MB; $(nproc) cores; $(uptime | sed 's/.*load/load/')"

empty="TRUNCATE dl; TRUNCATE hredd.osh_location; TRUNCATE hredd.osh_report; CHECKPOINT"
ta=(); tb=(); tc=(); td=(); te=(); tf=()
for _ in $(seq "$RUNS"); do
	q "$empty"
	ta+=("$(timed "\\timing on
COPY dl FROM '$work/dl.csv' CSV HEADER;")")
	q "$empty"
	tb+=("$(timed "\\timing on
SELECT * FROM hredd.load_osh_file('$work/dl.csv', 'bench');")")
	q "$empty" "$TDB"
	tc+=("$(timed "\\timing on
COPY dl FROM '$work/dl.csv' CSV HEADER;
SELECT * FROM hredd.load_osh_download('dl', 'bench');" "$TDB")")
	q "CHECKPOINT"
	td+=("$(timed "\\timing on
SELECT * FROM hredd.load_osh_file('$work/dl.csv', 'bench');")")
	q "CHECKPOINT"
	te+=("$(timed "\\timing on
SELECT * FROM hredd.load_osh_file('$work/dl2.csv', 'bench');")")
	q "TRUNCATE dl; CHECKPOINT" "$TDB"
	tf+=("$(timed "\\timing on
COPY dl FROM '$work/dl2.csv' CSV HEADER;
SELECT * FROM hredd.load_osh_download('dl', 'bench');" "$TDB")")
done
renamed=$(q "SELECT count(*) FROM hredd.osh_location WHERE name LIKE 'Fabrik%'")
counts=$(q "SELECT (SELECT count(*) FROM hredd.osh_location) || ' loaded, ' ||
                   (SELECT count(*) FROM hredd.osh_report WHERE status = 'rejected') || ' rejected, ' ||
                   (SELECT count(*) FROM hredd.osh_report WHERE status <> 'rejected') || ' warnings'")
echo "supply_osh_file: $counts"
ma=$(median "${ta[@]}"); mb=$(median "${tb[@]}"); mc=$(median "${tc[@]}"); md=$(median "${td[@]}")
me=$(median "${te[@]}"); mf=$(median "${tf[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "supply_osh_file: runs: COPY ${ta[*]}; load_osh_file ${tb[*]}; COPY + load_osh_download ${tc[*]}; later load_osh_file ${td[*]}; renaming load_osh_file ${te[*]}; renaming COPY + load_osh_download ${tf[*]}"
echo "supply_osh_file: median of $RUNS: load_osh_file ${mb}s, COPY into text columns ${ma}s, ratio $(ratio "$mb" "$ma")"
echo "supply_osh_file: median of $RUNS: COPY + load_osh_download ${mc}s, ratio $(ratio "$mc" "$ma") (load_osh_file $(ratio "$mb" "$mc")x the table path)"
echo "supply_osh_file: median of $RUNS: a later load_osh_file of the same file (every record unchanged) ${md}s, ratio $(ratio "$md" "$ma")"
echo "supply_osh_file: median of $RUNS: a later load_osh_file renaming $renamed rows ${me}s, ratio $(ratio "$me" "$ma"); by COPY + load_osh_download ${mf}s, ratio $(ratio "$mf" "$ma")"

# equality (after the renaming loads): registries identical; reports identical but for row_ref
dump() {
	q "COPY (SELECT os_id, name, address, country, lat, lng, facility, sectors, product_types, processing_types,
	                facility_types, workers_min, workers_max, parent_companies, contributors, claim_status,
	                is_closed, source FROM hredd.osh_location ORDER BY os_id) TO STDOUT" "$1"
	# (each record and reason: a record the table path saw at a new ctid in the second load is
	# reported again there, under its new row_ref; the file's lines stay the same)
	q "COPY (SELECT DISTINCT source, record, status, reason, detail FROM hredd.osh_report) TO STDOUT" "$1" | sort
}
dump "$DB" > "$work/file.txt"
dump "$TDB" > "$work/table.txt"
if cmp -s "$work/file.txt" "$work/table.txt"; then
	echo "supply_osh_file: equality: registry rows of both paths identical, and the records and reasons reported ($(grep -c . "$work/file.txt") lines; report rows: $(q "SELECT count(*) FROM hredd.osh_report") from the file, $(q "SELECT count(*) FROM hredd.osh_report" "$TDB") from the table)"
else
	echo "supply_osh_file: equality FAILED: the file path and the table path differ:"
	diff "$work/table.txt" "$work/file.txt" | head -20
	exit 1
fi
