#!/usr/bin/env bash
# Matching at registry scale, hredd against pg_trgm in the same run.
#
# Registry: ROWS (default 1,000,000) deterministic facilities recombined from
# real vocabulary (words of real facility names, streets and cities of real
# addresses, the real country mix, legal forms) from ../shared/data/matching,
# plus every real facility of the shared lists planted in it.  Queries:
# QUERIES (default 1,000) planted facilities as a supplier list would type
# them — a typo, a dropped or added legal form, words swapped, upper case,
# an abbreviated or missing address.
#
# Reported for each method: index build time and size, median and p95
# latency of a top-5 search, recall@1 of the planted facility.
#   hredd   GIN on the facility column; WHERE fac % q ORDER BY fac <-> q LIMIT 5
#   hredd   GiST on the facility column; ORDER BY fac <-> q LIMIT 5 (KNN), on
#           the first QUERIES_GIST (default 100) queries; then those queries
#           again with GiST and pg_trgm alternately, for a ratio under one load
#   pg_trgm GIN on the normalised name; WHERE name % q ORDER BY similarity DESC LIMIT 5
#           (default threshold 0.3), the baseline
# Then the bulk path: BULK (default 100,000) source rows against the registry
# with hredd.match_table (top-1), serial (no parallel workers) and parallel,
# checked identical, and a pg_trgm set-based top-1 join as the baseline.
#
# Run: scripts/with-cluster.sh test/bench/match_speed.sh
#      ROWS=200000 QUERIES=300 BULK=10000 scripts/with-cluster.sh test/bench/match_speed.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SHARED_DATA:-$(cd .. && pwd)/shared/data}/matching
[ -d "$data/osh_facilities" ] || { echo "skip: $data not found"; exit 0; }
ROWS=${ROWS:-1000000}
QUERIES=${QUERIES:-1000}
BULK=${BULK:-100000}
TRGM_BULK=${TRGM_BULK:-1000}	# source rows of the pg_trgm bulk baseline (it is slow)
db=hredd_match_speed
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
[ -n "${KEEP_DB:-}" ] || trap 'psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
echo "registry rows: $ROWS, queries: $QUERIES, bulk source rows: $BULK"

psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE EXTENSION pg_trgm;
SET search_path = public, hredd;

-- ---- real facilities of the shared lists ---------------------------------
CREATE TABLE real_fac (name text, address text, country text);
CREATE TEMP TABLE f1 (os_id text, name text, address text, country_code text, lat text, lng text, c text, d text);
\copy f1 FROM '$data/osh_facilities/adidas_contributor127_2022-10.csv' (FORMAT csv, HEADER)
\copy f1 FROM '$data/osh_facilities/contributor_type_union_other_2022-10.csv' (FORMAT csv, HEADER)
\copy f1 FROM '$data/osh_facilities/country_CH_2022-10.csv' (FORMAT csv, HEADER)
INSERT INTO real_fac SELECT name, address, country_code FROM f1;
CREATE TABLE f2 (country text, name text, address text, sector text, lat text, lng text);
SQL
for f in "$data"/osh_lists/list_*.csv; do
	psql -X -q -v ON_ERROR_STOP=1 -c "\copy f2 FROM '$f' (FORMAT csv, HEADER)" 2>/dev/null || true
done
psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
SET search_path = public, hredd;
INSERT INTO real_fac SELECT name, address, country FROM f2;
DROP TABLE f2;
CREATE TEMP TABLE esprit (parent text, factory_name text, address text, country text, workers text, product text);
\copy esprit FROM '$data/supplier_lists/esprit_2019_02.csv' (FORMAT csv, HEADER)
INSERT INTO real_fac SELECT factory_name, address, country FROM esprit;
CREATE TEMP TABLE adidas (location text, account_name text, a1 text, a2 text, a3 text, city text, zip text,
                          province text, tier text, cat text, workers text, parent text);
\copy adidas FROM '$data/supplier_lists/adidas_2019_primary_suppliers_subcons.csv' (FORMAT csv, HEADER)
\copy adidas FROM '$data/supplier_lists/adidas_2019_licensees.csv' (FORMAT csv, HEADER)
\copy adidas FROM '$data/supplier_lists/adidas_2019_wet_process_suppliers.csv' (FORMAT csv, HEADER)
INSERT INTO real_fac SELECT account_name, concat_ws(' ', a1, a2, a3, city, province), location FROM adidas;
DELETE FROM real_fac WHERE coalesce(trim(name), '') = '' OR try_country(country) IS NULL
                        OR normalize_name(name) = '';
-- one row per distinct facility
CREATE TABLE planted AS
SELECT row_number() OVER (ORDER BY lower(name), lower(address)) AS pid, name, address,
       try_country(country)::text AS country
  FROM (SELECT DISTINCT ON (lower(name), lower(coalesce(address, ''))) * FROM real_fac) d;

-- ---- vocabulary from the real rows ------------------------------------------
CREATE TABLE w_name AS SELECT array_agg(w ORDER BY w) AS a FROM (
  SELECT DISTINCT w FROM planted, regexp_split_to_table(name, '[\s,.()]+') w WHERE length(w) >= 3 AND w ~ '[[:alnum:]]') x;
CREATE TABLE w_common AS SELECT array_agg(w ORDER BY n DESC, w) AS a FROM (
  SELECT w, count(*) n FROM planted, regexp_split_to_table(initcap(name), '[\s,.()]+') w
   WHERE length(w) >= 4 GROUP BY w ORDER BY n DESC, w LIMIT 60) x;
CREATE TABLE w_street AS SELECT array_agg(w ORDER BY w) AS a FROM (
  SELECT DISTINCT w FROM planted, regexp_split_to_table(address, '[\s,.()#]+') w
   WHERE length(w) >= 4 AND w !~ '[0-9]') x;
CREATE TABLE w_country AS SELECT array_agg(country ORDER BY pid) AS a FROM planted;
CREATE TABLE w_legal AS SELECT ARRAY['Co., Ltd.', 'Ltd', 'Limited', '(Pvt) Ltd', 'Pvt. Ltd.', 'LLC', 'Inc.', 'S.A.',
  'Sdn Bhd', 'A.Ş.', 'San. ve Tic. Ltd. Şti.', 'GmbH', 'S.r.l.', 'Company Limited', '', '', '', ''] AS a;
SELECT (SELECT count(*) FROM planted) AS planted_facilities,
       (SELECT cardinality(a) FROM w_name) AS name_words, (SELECT cardinality(a) FROM w_street) AS street_words;

-- ---- the registry ----------------------------------------------------------
CREATE TABLE reg (id bigint PRIMARY KEY, name text, address text, country text);
-- plpgsql keeps the word arrays expanded in variables: one detoast, not one per pick
CREATE FUNCTION gen_registry(n bigint) RETURNS SETOF reg LANGUAGE plpgsql AS \$\$
DECLARE
  nw text[] := (SELECT a FROM w_name);   cw text[] := (SELECT a FROM w_common);
  sw text[] := (SELECT a FROM w_street); kw text[] := (SELECT a FROM w_country);
  lw text[] := (SELECT a FROM w_legal);
  nn int := cardinality(nw); cn int := cardinality(cw); sn int := cardinality(sw);
  kn int := cardinality(kw); ln int := cardinality(lw);
  r reg;
BEGIN
  FOR i IN 1..n LOOP
    r.id := i;
    r.name := concat_ws(' ', nw[1 + abs(hashint8(i * 11 + 1)) % nn],
                 CASE WHEN abs(hashint8(i * 11 + 2)) % 2 = 0 THEN nw[1 + abs(hashint8(i * 11 + 3)) % nn] END,
                 CASE WHEN abs(hashint8(i * 11 + 4)) % 3 > 0 THEN cw[1 + abs(hashint8(i * 11 + 5)) % cn] END,
                 lw[1 + abs(hashint8(i * 11 + 6)) % ln]);
    r.address := concat_ws(' ', 'No.', abs(hashint8(i * 11 + 7)) % 500, sw[1 + abs(hashint8(i * 11 + 8)) % sn],
                 'Road,', sw[1 + abs(hashint8(i * 11 + 9)) % sn], sw[1 + abs(hashint8(i * 11 + 10)) % sn]);
    r.country := kw[1 + abs(hashint8(i * 11 + 11)) % kn];
    RETURN NEXT r;
  END LOOP;
END \$\$;
INSERT INTO reg SELECT * FROM gen_registry($ROWS);
INSERT INTO reg SELECT 100000000 + pid, name, address, country FROM planted;
ALTER TABLE reg ADD COLUMN fac hredd.facility GENERATED ALWAYS AS (hredd.try_facility(name, address, country)) STORED;
ALTER TABLE reg ADD COLUMN nname text GENERATED ALWAYS AS (hredd.normalize_name(name, country)) STORED;
VACUUM ANALYZE reg;

-- ---- queries: planted facilities as a supplier would type them ---------------
CREATE TABLE q AS
SELECT p.pid, 100000000 + p.pid AS want,
       CASE p.pid % 5
         WHEN 0 THEN regexp_replace(p.name, '^(.{3,}?)[aeiou]', '\1')                 -- a typo
         WHEN 1 THEN upper(p.name)                                                    -- shouting
         WHEN 2 THEN regexp_replace(p.name, '\s*(co\.?,?\s*ltd\.?|limited|ltd\.?|llc|inc\.?|s\.a\.?)\s*$', '', 'i')
                     || ' Company'                                                    -- legal form changed
         WHEN 3 THEN regexp_replace(p.name, '^(\S+)\s+(\S+)', '\2 \1')                -- words swapped
         ELSE lower(p.name) || ' Co., Ltd.' END AS name,
       CASE WHEN p.pid % 3 = 0 THEN NULL
            ELSE regexp_replace(regexp_replace(p.address, 'Road', 'Rd', 'gi'), 'Street', 'St', 'gi') END AS address,
       p.country
  FROM planted p
 WHERE abs(hashint8(p.pid)) % greatest(1, (SELECT count(*) FROM planted) / $QUERIES) = 0
 ORDER BY p.pid LIMIT $QUERIES;
ALTER TABLE q ADD COLUMN fac hredd.facility;
UPDATE q SET fac = hredd.facility(name, address, country);
ALTER TABLE q ADD COLUMN nname text;
UPDATE q SET nname = hredd.normalize_name(name, country);
SELECT count(*) AS queries FROM q;

CREATE TABLE result (method text, pid bigint, ms float8, top1 bigint, hit5 boolean);
CREATE TABLE build (method text, seconds float8, bytes bigint);
SQL

measure_build() { # method, sql
	psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
SET search_path = public, hredd;
SELECT clock_timestamp() AS t0 \gset
$2;
INSERT INTO build SELECT '$1', extract(epoch FROM clock_timestamp() - :'t0'::timestamptz),
       pg_relation_size('$(echo "$2" | sed -n 's/.*INDEX \([a-z_]*\) .*/\1/p')');
SQL
}

run_queries() { # method, query text using q.fac / q.nname, index setup
	psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
SET search_path = public, hredd;
CREATE OR REPLACE FUNCTION bench_$1() RETURNS void LANGUAGE plpgsql AS \$\$
DECLARE r record; t0 timestamptz; ids bigint[];
BEGIN
  FOR r IN SELECT * FROM q ORDER BY pid LOOP
    t0 := clock_timestamp();
    $2
    INSERT INTO result VALUES ('$1', r.pid, extract(epoch FROM clock_timestamp() - t0) * 1000,
                               ids[1], (100000000 + r.pid) = ANY (ids));
  END LOOP;
END \$\$;
SELECT bench_$1();               -- warm-up
DELETE FROM result WHERE method = '$1';
SELECT bench_$1();
SQL
}

echo "-- hredd GIN"
measure_build hredd_gin "CREATE INDEX reg_fac_gin ON reg USING gin (fac)"
run_queries hredd_gin "SELECT array_agg(id) INTO ids FROM (SELECT id FROM reg WHERE fac OPERATOR(hredd.%) r.fac ORDER BY fac OPERATOR(hredd.<->) r.fac, id LIMIT 5) x;"
psql -X -q -c "SET search_path = public, hredd" -c "EXPLAIN (COSTS OFF) SELECT id FROM reg WHERE fac % (SELECT fac FROM q LIMIT 1) ORDER BY fac <-> (SELECT fac FROM q LIMIT 1) LIMIT 5"

echo "-- pg_trgm GIN (baseline)"
measure_build pg_trgm_gin "CREATE INDEX reg_nname_trgm ON reg USING gin (nname gin_trgm_ops)"
run_queries pg_trgm_gin "SELECT array_agg(id) INTO ids FROM (SELECT id FROM reg WHERE nname % r.nname ORDER BY similarity(nname, r.nname) DESC, id LIMIT 5) x;"
# the same queries once more, hredd GIN and pg_trgm GIN alternately (which
# first alternates too): the passes above run minutes apart, and on a machine
# shared with other jobs the load then differs more than a search change is worth
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
SET search_path = public, hredd;
CREATE OR REPLACE FUNCTION bench_gin_paired() RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record; t0 timestamptz; ids bigint[]; m text;
BEGIN
  FOR r IN SELECT * FROM q ORDER BY pid LOOP
    FOREACH m IN ARRAY CASE WHEN r.pid % 2 = 0 THEN ARRAY['hredd', 'pg_trgm'] ELSE ARRAY['pg_trgm', 'hredd'] END LOOP
      t0 := clock_timestamp();
      IF m = 'hredd' THEN
        SELECT array_agg(id) INTO ids FROM (SELECT id FROM reg WHERE fac OPERATOR(hredd.%) r.fac ORDER BY fac OPERATOR(hredd.<->) r.fac, id LIMIT 5) x;
      ELSE
        SELECT array_agg(id) INTO ids FROM (SELECT id FROM reg WHERE nname % r.nname ORDER BY similarity(nname, r.nname) DESC, id LIMIT 5) x;
      END IF;
      INSERT INTO result VALUES (CASE m WHEN 'hredd' THEN 'hredd_gin_paired' ELSE 'pg_trgm_gin_paired_gin' END, r.pid,
                                 extract(epoch FROM clock_timestamp() - t0) * 1000, ids[1], (100000000 + r.pid) = ANY (ids));
    END LOOP;
  END LOOP;
END $$;
SELECT bench_gin_paired();
SQL

if [ -z "${NO_GIST:-}" ]; then
	echo "-- hredd GiST (KNN)"
	psql -X -q -c "DROP INDEX reg_fac_gin"
	measure_build hredd_gist "CREATE INDEX reg_fac_gist ON reg USING gist (fac)"
	QUERIES_GIST=${QUERIES_GIST:-100}
	psql -X -q -c "CREATE TABLE q_all AS SELECT * FROM q; DELETE FROM q WHERE pid NOT IN (SELECT pid FROM q ORDER BY pid LIMIT $QUERIES_GIST)"
	run_queries hredd_gist "SELECT array_agg(id) INTO ids FROM (SELECT id FROM reg ORDER BY fac OPERATOR(hredd.<->) r.fac LIMIT 5) x;"
	# the same queries once more, GiST and pg_trgm alternately (one query
	# each in turn): on a machine shared with other jobs both see the same load
	psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
SET search_path = public, hredd;
CREATE OR REPLACE FUNCTION bench_paired() RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record; t0 timestamptz; ids bigint[];
BEGIN
  FOR r IN SELECT * FROM q ORDER BY pid LOOP
    t0 := clock_timestamp();
    SELECT array_agg(id) INTO ids FROM (SELECT id FROM reg WHERE nname % r.nname ORDER BY similarity(nname, r.nname) DESC, id LIMIT 5) x;
    INSERT INTO result VALUES ('pg_trgm_gin_paired', r.pid, extract(epoch FROM clock_timestamp() - t0) * 1000,
                               ids[1], (100000000 + r.pid) = ANY (ids));
    t0 := clock_timestamp();
    SELECT array_agg(id) INTO ids FROM (SELECT id FROM reg ORDER BY fac OPERATOR(hredd.<->) r.fac LIMIT 5) x;
    INSERT INTO result VALUES ('hredd_gist_paired', r.pid, extract(epoch FROM clock_timestamp() - t0) * 1000,
                               ids[1], (100000000 + r.pid) = ANY (ids));
  END LOOP;
END $$;
SELECT bench_paired();
SQL
	psql -X -q -c "SET search_path = public, hredd" -c "EXPLAIN (COSTS OFF) SELECT id FROM reg ORDER BY fac <-> (SELECT fac FROM q LIMIT 1) LIMIT 5"
	psql -X -q -c "DROP TABLE q; ALTER TABLE q_all RENAME TO q; DROP INDEX reg_fac_gist; CREATE INDEX reg_fac_gin ON reg USING gin (fac)"
fi

psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
\pset footer off
\echo '== index build =='
SELECT method, round(seconds::numeric, 1) AS build_s, pg_size_pretty(bytes) AS size, bytes FROM build ORDER BY method;
\echo '== top-5 search =='
SELECT method, count(*) AS queries,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::numeric, 2) AS median_ms,
       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY ms))::numeric, 2) AS p95_ms,
       round(avg((top1 = 100000000 + pid)::int)::numeric, 3) AS recall_at_1,
       round(avg(hit5::int)::numeric, 3) AS recall_at_5
  FROM result GROUP BY method ORDER BY method;
\echo '== ratios hredd GIN / pg_trgm GIN (aims: latency <= 0.1, build <= 2, size <= 1.5, recall@1 >= 1) =='
WITH m AS (SELECT method, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) med,
                  avg((top1 = 100000000 + pid)::int) r1 FROM result GROUP BY method)
SELECT round(((SELECT med FROM m WHERE method = 'hredd_gin') / (SELECT med FROM m WHERE method = 'pg_trgm_gin'))::numeric, 3) AS median_latency_ratio,
       round(((SELECT seconds FROM build WHERE method = 'hredd_gin') / (SELECT seconds FROM build WHERE method = 'pg_trgm_gin'))::numeric, 2) AS build_time_ratio,
       round(((SELECT bytes FROM build WHERE method = 'hredd_gin')::numeric / (SELECT bytes FROM build WHERE method = 'pg_trgm_gin')), 2) AS size_ratio,
       round(((SELECT r1 FROM m WHERE method = 'hredd_gin') / nullif((SELECT r1 FROM m WHERE method = 'pg_trgm_gin'), 0))::numeric, 3) AS recall_at_1_ratio;
\echo '== ratios hredd GIN / pg_trgm GIN, the same queries run alternately (aim: latency <= 0.1) =='
WITH m AS (SELECT method, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) med,
                  percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) p95 FROM result GROUP BY method)
SELECT round(((SELECT med FROM m WHERE method = 'hredd_gin_paired') / (SELECT med FROM m WHERE method = 'pg_trgm_gin_paired_gin'))::numeric, 3) AS median_latency_ratio,
       round(((SELECT p95 FROM m WHERE method = 'hredd_gin_paired') / (SELECT p95 FROM m WHERE method = 'pg_trgm_gin_paired_gin'))::numeric, 3) AS p95_latency_ratio;
\echo '== ratios hredd GiST KNN / pg_trgm GIN, the same queries run alternately (aims: latency <= 1, recall@1 >= 1) =='
WITH m AS (SELECT method, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) med, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) p95,
                  avg((top1 = 100000000 + pid)::int) r1 FROM result GROUP BY method)
SELECT round(((SELECT med FROM m WHERE method = 'hredd_gist_paired') / (SELECT med FROM m WHERE method = 'pg_trgm_gin_paired'))::numeric, 3) AS median_latency_ratio,
       round(((SELECT p95 FROM m WHERE method = 'hredd_gist_paired') / (SELECT p95 FROM m WHERE method = 'pg_trgm_gin_paired'))::numeric, 3) AS p95_latency_ratio,
       round(((SELECT seconds FROM build WHERE method = 'hredd_gist') / (SELECT seconds FROM build WHERE method = 'pg_trgm_gin'))::numeric, 2) AS build_time_ratio,
       round(((SELECT bytes FROM build WHERE method = 'hredd_gist')::numeric / (SELECT bytes FROM build WHERE method = 'pg_trgm_gin')), 2) AS size_ratio,
       round(((SELECT r1 FROM m WHERE method = 'hredd_gist_paired') / nullif((SELECT r1 FROM m WHERE method = 'pg_trgm_gin_paired'), 0))::numeric, 3) AS recall_at_1_ratio
 WHERE EXISTS (SELECT FROM m WHERE method = 'hredd_gist_paired');
SQL

if [ "$BULK" -gt 0 ]; then
	echo "-- bulk: $BULK source rows against the registry (match_table)"
	psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
SET search_path = public, hredd;
CREATE TABLE src AS
SELECT id AS ref, hredd.facility(CASE WHEN id % 2 = 0 THEN upper(name) ELSE name || ' Co Ltd' END,
                                 address, country) AS fac
  FROM reg WHERE abs(hashint8(id * 3)) % greatest(1, (SELECT count(*) FROM reg) / $BULK) = 0 LIMIT $BULK;
ALTER TABLE src ADD PRIMARY KEY (ref);
CREATE TABLE res (source_key bigint, target_key bigint, score float8, rank int, PRIMARY KEY (source_key, target_key));
CREATE TABLE res_serial (LIKE res INCLUDING ALL);
CREATE TABLE src_n AS SELECT ref, hredd.normalize_name(CASE WHEN ref % 2 = 0 THEN upper(name) ELSE name || ' Co Ltd' END, country) AS nname
  FROM src JOIN reg ON reg.id = src.ref ORDER BY ref LIMIT $TRGM_BULK;
ANALYZE src; ANALYZE src_n;
SQL
	# the same run twice: serial (no parallel workers: one backend, as
	# before) and parallel (the session's max_parallel_workers_per_gather,
	# default 2); then the pg_trgm baseline, a set-based top-1 join
	t() { date +%s.%N; }
	s0=$(t)
	psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "SET max_parallel_workers_per_gather = 0" \
		-c "CALL hredd.match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_serial', top_k => 1, batch_size => 5000)"
	s1=$(t)
	psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
		-c "CALL hredd.match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 1, batch_size => 5000)"
	s2=$(t)
	psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "SET search_path = public, hredd" \
		-c "CREATE TABLE res_trgm AS SELECT DISTINCT ON (s.ref) s.ref AS source_key, r.id AS target_key, similarity(r.nname, s.nname) AS score
		      FROM src_n s JOIN reg r ON r.nname % s.nname ORDER BY s.ref, similarity(r.nname, s.nname) DESC, r.id"
	s3=$(t)
	psql -X -q -v ON_ERROR_STOP=1 <<SQL
\pset footer off
\echo '== bulk: match_table top-1, serial vs parallel, and the pg_trgm join (machine shared with other jobs: ratios matter) =='
SELECT m.method, m.source_rows, m.matched, m.found_itself, m.seconds,
       round((m.source_rows / m.seconds)::numeric, 1) AS rows_per_second
  FROM (VALUES ('hredd serial', (SELECT count(*) FROM src), (SELECT count(*) FROM res_serial), (SELECT round(avg((source_key = target_key)::int)::numeric, 3) FROM res_serial), round(($s1 - $s0)::numeric, 1)),
               ('hredd parallel', (SELECT count(*) FROM src), (SELECT count(*) FROM res), (SELECT round(avg((source_key = target_key)::int)::numeric, 3) FROM res), round(($s2 - $s1)::numeric, 1)),
               ('pg_trgm join', (SELECT count(*) FROM src_n), (SELECT count(*) FROM res_trgm), (SELECT round(avg((source_key = target_key)::int)::numeric, 3) FROM res_trgm), round(($s3 - $s2)::numeric, 1))
       ) m(method, source_rows, matched, found_itself, seconds);
SELECT (SELECT count(*) FROM (SELECT * FROM res EXCEPT SELECT * FROM res_serial) a)
     + (SELECT count(*) FROM (SELECT * FROM res_serial EXCEPT SELECT * FROM res) b) AS rows_differing_parallel_vs_serial,
       round((($s2 - $s1) / ($s1 - $s0))::numeric, 3) AS parallel_time_ratio,
       round(((($s2 - $s1) / (SELECT count(*) FROM src)) / (($s3 - $s2) / (SELECT count(*) FROM src_n)))::numeric, 3) AS parallel_vs_pg_trgm_time_per_row_ratio,
       round((($s2 - $s1) * 100000 / (SELECT count(*) FROM src) / 60)::numeric, 1) AS minutes_per_100k_rows;
SQL
fi
