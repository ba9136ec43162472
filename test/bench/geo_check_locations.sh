#!/usr/bin/env bash
# check_location over every shared supplier list that has coordinates:
# counts per verdict and list, then every flagged row.
# Run: scripts/with-cluster.sh test/bench/geo_check_locations.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SHARED_DATA:-$(cd .. && pwd)/shared/data}/matching
[ -d "$data" ] || { echo "skip: $data not found"; exit 0; }
db=hredd_geo_check
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE TABLE site (list text, row_no int, name text, country text, lat text, lng text);
CREATE TEMP TABLE osh_list (country text, name text, address text, sector text, lat text, lng text);
CREATE TEMP TABLE osh_fac (os_id text, name text, address text, country_code text, lat text, lng text,
                           has_approved_claim text, is_closed text);
CREATE TEMP TABLE nike (contractor_id text, code text, address text, workers text, workers_line text,
  workers_female text, workers_migrant text, lat text, lon text, name text, city text, state text,
  postal_code text, average_worker_age text, subcons text, sms_rating text, last_audit_date text,
  supplier_name text, factory_tier text, product_type text, brand text, special_events text,
  country text, region text);
SQL
for f in "$data"/osh_lists/list_*.csv; do
	psql -X -q -v ON_ERROR_STOP=1 -c "TRUNCATE site_tmp" 2>/dev/null || true
	psql -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE t (country text, name text, address text, sector text, lat text, lng text);
\copy t FROM '$f' (FORMAT csv, HEADER)
INSERT INTO site SELECT 'osh_lists/$(basename "$f")', row_number() OVER (), name, country, lat, lng FROM t;
SQL
done
for f in "$data"/osh_facilities/adidas_contributor127_2022-10.csv "$data"/osh_facilities/contributor_type_union_other_2022-10.csv "$data"/osh_facilities/country_CH_2022-10.csv; do
	psql -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE t (os_id text, name text, address text, country_code text, lat text, lng text, c text, d text);
\copy t FROM '$f' (FORMAT csv, HEADER)
INSERT INTO site SELECT 'osh_facilities/$(basename "$f")', row_number() OVER (), name, country_code, lat, lng FROM t;
SQL
done
psql -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE t (contractor_id text, code text, address text, workers text, workers_line text,
  workers_female text, workers_migrant text, lat text, lon text, name text, city text, state text,
  postal_code text, average_worker_age text, subcons text, sms_rating text, last_audit_date text,
  supplier_name text, factory_tier text, product_type text, brand text, special_events text,
  country text, region text);
\copy t FROM '$data/supplier_lists/nike_2019_manufacturing_map.csv' (FORMAT csv, HEADER)
INSERT INTO site SELECT 'supplier_lists/nike_2019_manufacturing_map.csv', row_number() OVER (), name, country, lat, lon FROM t;
SQL

psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
\pset footer off
CREATE TABLE checked AS
SELECT s.*, hredd.try_country(s.country) AS declared,
       c.verdict, c.located_in, c.distance_km, c.detail
FROM site s,
     LATERAL hredd.check_location(nullif(s.lat, '')::float8, nullif(s.lng, '')::float8,
                                  hredd.try_country(s.country)) c;
\echo '== rows in, rows checked'
SELECT (SELECT count(*) FROM site) AS rows_in, (SELECT count(*) FROM checked) AS rows_checked;
\echo '== verdicts per list'
SELECT list, count(*) AS rows,
       count(*) FILTER (WHERE verdict = 'ok') AS ok,
       count(*) FILTER (WHERE verdict = 'lat/lng swapped') AS swapped,
       count(*) FILTER (WHERE verdict = 'outside declared country') AS outside,
       count(*) FILTER (WHERE verdict = 'at sea') AS at_sea,
       count(*) FILTER (WHERE verdict = 'null island') AS null_island,
       count(*) FILTER (WHERE verdict IN ('missing', 'out of range')) AS missing_or_range,
       count(*) FILTER (WHERE declared IS NULL AND country IS NOT NULL) AS country_unreadable
FROM checked GROUP BY ROLLUP (list) ORDER BY list NULLS LAST;
\echo '== every flagged row'
SELECT list, row_no, left(name, 40) AS name, country AS country_as_given, lat, lng, verdict,
       located_in, round(distance_km::numeric, 1) AS km
FROM checked
WHERE verdict <> 'ok' OR (declared IS NULL AND country IS NOT NULL)
ORDER BY list, row_no;
\echo '== countries that could not be read'
SELECT country, count(*) FROM checked WHERE declared IS NULL AND country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC;
SQL
