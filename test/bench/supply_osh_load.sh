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
# Environment: ROWS (default 1000000), RUNS (3), BENCH_DB (hredd_bench_osh).
set -euo pipefail

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
DB=${BENCH_DB:-hredd_bench_osh}
export PGOPTIONS=${PGOPTIONS:-'-c client_min_messages=warning'}
work=$(mktemp -d /tmp/hredd-bench-osh.XXXXXX)
chmod 777 "$work"
cleanup() { rm -rf "$work"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
timed() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<-EOF | awk '/^Time: / { s += $2 } END { printf "%.3f\n", s / 1000 }'
		$1
	EOF
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
q "CREATE EXTENSION hredd CASCADE"
cols="os_id text, contribution_date text, name text, address text, country_code text, country_name text, lat text,
      lng text, sector text, contributor text, number_of_workers text, parent_company text,
      processing_type_facility_type_raw text, facility_type text, processing_type text, product_type text, is_closed text"
q "CREATE TABLE dl ($cols)"
# OS IDs: country, a day of 2020, a random part from i, and the check character
q "CREATE TABLE gen AS
   SELECT i, c, left(id14 || hredd.os_id_check_char(id14), 15) AS os_id
   FROM (SELECT i, (ARRAY['CN','BD','VN','IN','TR','PK','KH','ID'])[1 + i % 8] AS c FROM generate_series(1, $ROWS) i) s,
        LATERAL (SELECT c || '2020' || lpad((1 + i % 365)::text, 3, '0')
                 || (SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((i / (32 ^ k)::bigint) % 32)::int, 1), '' ORDER BY k DESC)
                     FROM generate_series(0, 4) k) AS id14) x"
q "COPY (SELECT CASE WHEN i % 100 = 0 THEN left(os_id, 14) || CASE WHEN right(os_id, 1) = 'A' THEN 'B' ELSE 'A' END ELSE os_id END,
                '2022-10-01', format('Factory %s Co., Ltd.', i), format('No %s Industrial Road, Zone %s', i % 997, i % 89),
                c, NULL, (10 + (i % 2000) / 100.0)::text, (90 + (i % 3000) / 100.0)::text,
                CASE WHEN i % 50 = 0 THEN 'Apparel||Textiles' ELSE 'Apparel|Textiles' END, 'Brand A|Brand B',
                (ARRAY['<1000', '1001-5000', '250', '5001-10000'])[1 + i % 4], format('Group %s', i % 500),
                'Dyeing', 'Textile or Material Production', 'Dyeing|Printing', 'Fabric|Yarn', 'False'
         FROM gen) TO '$work/dl.csv' CSV HEADER"
q "DROP TABLE gen"

ta=(); tb=()
for _ in $(seq "$RUNS"); do
	q "TRUNCATE dl; TRUNCATE hredd.osh_location; TRUNCATE hredd.osh_report; CHECKPOINT"
	tb+=("$(timed "\\timing on
COPY dl FROM '$work/dl.csv' CSV HEADER;")")
	q "TRUNCATE dl; TRUNCATE hredd.osh_location; TRUNCATE hredd.osh_report; CHECKPOINT"
	ta+=("$(timed "\\timing on
COPY dl FROM '$work/dl.csv' CSV HEADER;
SELECT * FROM hredd.load_osh_download('dl');")")
done
counts=$(q "SELECT (SELECT count(*) FROM hredd.osh_location) || ' loaded, ' ||
                   (SELECT count(*) FROM hredd.osh_report WHERE status = 'rejected') || ' rejected, ' ||
                   (SELECT count(*) FROM hredd.osh_report WHERE status <> 'rejected') || ' warnings'")
ma=$(median "${ta[@]}"); mb=$(median "${tb[@]}")
echo "supply_osh_load: $ROWS records: $counts"
echo "supply_osh_load: median of $RUNS: COPY + load_osh_download ${ma}s, COPY into text columns ${mb}s, ratio $(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.2f", a / b }')"
