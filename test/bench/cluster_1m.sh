#!/usr/bin/env bash
# cluster_facilities at registry scale: candidate pairs by blocking
# (candidates => 'blocks') against one indexed search per record
# (candidates => 'index', the baseline), in the same run.
#
# Registry: ROWS (default 1,000,000) deterministic facilities recombined from
# real vocabulary of ../shared/data/matching (as test/bench/match_speed.sh
# builds them), every real facility of the shared lists planted, and for one
# planted facility in three a variant as a second list would type it (a
# typo, upper case, another legal form, words swapped, an abbreviated or
# missing address): true duplicates among hard negatives.
# SUB (default 100,000): the registry's first SUB generated rows with all the
# planted rows and variants, clustered both ways:
#   wall time of each, and the ratio index / blocks;
#   pair recall of blocking: of the pairs >= threshold that the index search
#     finds for SAMPLE (default 2,000) records, the share blocking finds too;
#   cluster agreement: pairwise precision and recall of "same cluster" under
#     blocks against the index path;
#   planted variants: the share of (facility, its variant) pairs in one cluster.
# Then the whole registry with blocks (wall time), and the real supplier lists
# (Esprit 2019, adidas 2019) both ways, compared.
#
# Run: scripts/with-cluster.sh test/bench/cluster_1m.sh
#      ROWS=200000 SUB=20000 scripts/with-cluster.sh test/bench/cluster_1m.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SHARED_DATA:-$(cd .. && pwd)/shared/data}/matching
[ -d "$data/osh_facilities" ] || { echo "skip: $data not found"; exit 0; }
ROWS=${ROWS:-1000000}
SUB=${SUB:-100000}
SAMPLE=${SAMPLE:-2000}
TH=${TH:-0.5}
db=hredd_cluster_1m
# REUSE=1: the registry of an earlier run kept with KEEP_DB=1 (same ROWS and SUB)
[ -n "${REUSE:-}" ] || psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
[ -n "${KEEP_DB:-}" ] || trap 'psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
echo "registry rows: $ROWS generated, subset: $SUB, recall sample: $SAMPLE, threshold: $TH"
if [ -z "${REUSE:-}" ]; then
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
-- a variant of one planted facility in three, as a second list would type it
INSERT INTO reg
SELECT 200000000 + p.pid,
       CASE p.pid % 5
         WHEN 0 THEN regexp_replace(p.name, '^(.{3,}?)[aeiou]', '\1')
         WHEN 1 THEN upper(p.name)
         WHEN 2 THEN regexp_replace(p.name, '\s*(co\.?,?\s*ltd\.?|limited|ltd\.?|llc|inc\.?|s\.a\.?)\s*$', '', 'i') || ' Company'
         WHEN 3 THEN regexp_replace(p.name, '^(\S+)\s+(\S+)', '\2 \1')
         ELSE lower(p.name) || ' Co., Ltd.' END,
       CASE WHEN p.pid % 7 = 0 THEN NULL
            ELSE regexp_replace(regexp_replace(p.address, 'Road', 'Rd', 'gi'), 'Street', 'St', 'gi') END,
       p.country
  FROM planted p WHERE p.pid % 3 = 0;
ALTER TABLE reg ADD COLUMN fac hredd.facility GENERATED ALWAYS AS (hredd.try_facility(name, address, country)) STORED;
CREATE TABLE sub AS SELECT id, fac FROM reg WHERE id <= $SUB OR id >= 100000000;
ALTER TABLE sub ADD PRIMARY KEY (id);
CREATE INDEX ON sub USING gin (fac);
VACUUM ANALYZE reg;
VACUUM ANALYZE sub;
SELECT (SELECT count(*) FROM reg) AS registry_rows, (SELECT count(*) FROM sub) AS subset_rows,
       (SELECT count(*) FROM reg WHERE id >= 200000000) AS planted_variants;
SQL
fi
psql -X -q -c "DROP TABLE IF EXISTS cl_index, cl_blocks, cl_full, node, pb, smp, pi, ci, cb, lists, esprit, adidas, esprit_i, esprit_b, adidas_i, adidas_b; DROP FUNCTION IF EXISTS coclustered(regclass)" 2>/dev/null
[ -z "${GEN_ONLY:-}" ] || exit 0

timed() { # label, sql -> prints seconds
	psql -X -q -At -v ON_ERROR_STOP=1 <<SQL
SET search_path = public, hredd;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
$2;
SELECT '$1 ' || round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 1);
SQL
}
cl() { # table, result table, candidates
	echo "CREATE TABLE $2 AS SELECT * FROM hredd.cluster_facilities('$1', 'id', 'fac', $TH, candidates => '$3')"
}
echo "-- subset: index path (baseline), then blocks"
t_index=$(timed index "$(cl sub cl_index index)" | tail -1 | cut -d' ' -f2)
out=$(timed blocks "$(cl sub cl_blocks blocks)" 2>&1)
echo "$out" | grep -v '^blocks [0-9.]*$' || true
t_blocks=$(echo "$out" | tail -1 | cut -d' ' -f2)
printf 'subset %s rows: index %s s, blocks %s s: blocks %sx faster\n' \
	"$(psql -X -At -c 'SELECT count(*) FROM sub')" "$t_index" "$t_blocks" "$(echo "scale=1; $t_index / $t_blocks" | bc)"

psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET search_path = public, hredd;
-- the records as cluster_facilities sees them: one per distinct value
CREATE TABLE node AS
SELECT id, fac, row_number() OVER (ORDER BY id::text)::int AS idx
  FROM (SELECT DISTINCT ON (fac) id, fac FROM sub ORDER BY fac, id::text) d;
-- blocking's pairs >= threshold, all of them (max_links 1000)
CREATE TABLE pb AS SELECT least(x.id, y.id) AS a, greatest(x.id, y.id) AS b, p.s
  FROM hredd.facility_block_pairs(ARRAY(SELECT fac FROM node ORDER BY idx), $TH, 1000, 1000) p
  JOIN node x ON x.idx = p.a JOIN node y ON y.idx = p.b;
-- the index search's pairs for a sample of records (as cluster_facilities runs it)
CREATE TABLE smp AS SELECT * FROM node ORDER BY hashint4(idx), idx LIMIT $SAMPLE;
SET hredd.match_threshold = $TH;
CREATE TABLE pi AS SELECT DISTINCT least(x.id, m.id) AS a, greatest(x.id, m.id) AS b, m.s
  FROM smp x CROSS JOIN LATERAL (
       SELECT y.id, hredd.match_score(y.fac, x.fac) AS s FROM sub y
        WHERE y.fac OPERATOR(hredd.%) x.fac AND y.fac <> x.fac AND y.id IN (SELECT id FROM node)
        ORDER BY 2 DESC, y.id::text LIMIT 20) m
 WHERE m.s >= $TH;
SELECT count(*) AS index_pairs_of_sample,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pb WHERE pb.a = pi.a AND pb.b = pi.b)) AS found_by_blocks,
       round(avg((EXISTS (SELECT 1 FROM pb WHERE pb.a = pi.a AND pb.b = pi.b))::int), 4) AS pair_recall
  FROM pi;
-- the pairs blocking missed, a few
SELECT round(pi.s::numeric, 3) AS s, hredd.facility_name(x.fac) AS a, hredd.facility_name(y.fac) AS b
  FROM pi JOIN sub x ON x.id = pi.a JOIN sub y ON y.id = pi.b
 WHERE NOT EXISTS (SELECT 1 FROM pb WHERE pb.a = pi.a AND pb.b = pi.b)
 ORDER BY pi.s DESC, pi.a LIMIT 8;
-- co-clustering: pairs of records in one cluster under each
CREATE FUNCTION coclustered(t regclass) RETURNS TABLE (a text, b text) LANGUAGE plpgsql AS \$f\$
BEGIN
  RETURN QUERY EXECUTE format('SELECT x.record_key, y.record_key FROM %s x JOIN %s y
    ON y.cluster_key = x.cluster_key AND y.record_key > x.record_key WHERE x.cluster_size > 1', t, t);
END \$f\$;
CREATE TABLE ci AS SELECT * FROM coclustered('cl_index');
CREATE TABLE cb AS SELECT * FROM coclustered('cl_blocks');
SELECT (SELECT count(*) FROM ci) AS index_copairs, (SELECT count(*) FROM cb) AS blocks_copairs,
       (SELECT count(*) FROM ci JOIN cb USING (a, b)) AS both,
       round((SELECT count(*) FROM ci JOIN cb USING (a, b))::numeric / nullif((SELECT count(*) FROM cb), 0), 4) AS precision_vs_index,
       round((SELECT count(*) FROM ci JOIN cb USING (a, b))::numeric / nullif((SELECT count(*) FROM ci), 0), 4) AS recall_vs_index;
-- planted variants: (facility, its variant) in one cluster
SELECT 'index' AS method, count(*) AS variants, round(avg((v.cluster_key = p.cluster_key)::int), 4) AS in_one_cluster
  FROM cl_index v JOIN cl_index p ON p.record_key = (v.record_key::bigint - 100000000)::text
 WHERE v.record_key::bigint >= 200000000
UNION ALL
SELECT 'blocks', count(*), round(avg((v.cluster_key = p.cluster_key)::int), 4)
  FROM cl_blocks v JOIN cl_blocks p ON p.record_key = (v.record_key::bigint - 100000000)::text
 WHERE v.record_key::bigint >= 200000000;
SQL

echo "-- the whole registry with blocks"
out=$(timed blocks_full "$(cl reg cl_full blocks)" 2>&1)
echo "$out"
t_full=$(echo "$out" | tail -1 | cut -d' ' -f2)
psql -X -q -At -c "SELECT 'registry ' || (SELECT count(*) FROM reg) || ' rows: blocks $t_full s; ' || count(DISTINCT cluster_key) || ' clusters, ' || count(*) FILTER (WHERE cluster_size > 1) || ' records in clusters of 2+, largest ' || max(cluster_size) FROM cl_full"
echo "ratio: 1 M blocks / subset blocks = $(echo "scale=1; $t_full / $t_blocks" | bc)x for $(echo "scale=1; $(psql -X -At -c 'SELECT count(*) FROM reg') / $(psql -X -At -c 'SELECT count(*) FROM sub')" | bc)x the rows"

echo "-- real supplier lists, both ways"
psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET search_path = public, hredd;
CREATE TEMP TABLE esprit_raw (parent text, factory_name text, address text, country text, workers text, product text);
\copy esprit_raw FROM '$data/supplier_lists/esprit_2019_02.csv' (FORMAT csv, HEADER)
CREATE TEMP TABLE adidas_raw (location text, account_name text, a1 text, a2 text, a3 text, city text, zip text,
                              province text, tier text, cat text, workers text, parent text);
\copy adidas_raw FROM '$data/supplier_lists/adidas_2019_primary_suppliers_subcons.csv' (FORMAT csv, HEADER)
\copy adidas_raw FROM '$data/supplier_lists/adidas_2019_licensees.csv' (FORMAT csv, HEADER)
\copy adidas_raw FROM '$data/supplier_lists/adidas_2019_wet_process_suppliers.csv' (FORMAT csv, HEADER)
CREATE TABLE lists AS
SELECT 'esprit' AS list, row_number() OVER () AS id, hredd.try_facility(factory_name, address, country) AS fac FROM esprit_raw
UNION ALL
SELECT 'adidas', row_number() OVER (), hredd.try_facility(account_name, concat_ws(' ', a1, a2, a3, city, province), location) FROM adidas_raw;
CREATE TABLE esprit AS SELECT id, fac FROM lists WHERE list = 'esprit' AND fac IS NOT NULL;
CREATE TABLE adidas AS SELECT id, fac FROM lists WHERE list = 'adidas' AND fac IS NOT NULL;
CREATE INDEX ON esprit USING gin (fac);
CREATE INDEX ON adidas USING gin (fac);
ANALYZE esprit; ANALYZE adidas;
SQL
for l in esprit adidas; do
	psql -X -q -At -v ON_ERROR_STOP=1 <<SQL
SET search_path = public, hredd;
\o /dev/null
CREATE TABLE ${l}_i AS SELECT * FROM hredd.cluster_facilities('$l', 'id', 'fac', $TH, candidates => 'index');
CREATE TABLE ${l}_b AS SELECT * FROM hredd.cluster_facilities('$l', 'id', 'fac', $TH, candidates => 'blocks');
\o
SELECT '$l: ' || (SELECT count(*) FROM $l) || ' records; in clusters of 2+: index ' ||
       (SELECT count(*) FROM ${l}_i WHERE cluster_size > 1) || ', blocks ' || (SELECT count(*) FROM ${l}_b WHERE cluster_size > 1) ||
       '; same-cluster pairs: index ' || (SELECT count(*) FROM coclustered('${l}_i')) || ', blocks ' || (SELECT count(*) FROM coclustered('${l}_b')) ||
       ', both ' || (SELECT count(*) FROM coclustered('${l}_i') x JOIN coclustered('${l}_b') y USING (a, b)) ||
       '; identical clusterings: ' || NOT EXISTS (SELECT record_key, cluster_key FROM ${l}_i EXCEPT SELECT record_key, cluster_key FROM ${l}_b);
SQL
done
