#!/usr/bin/env bash
# Match quality on labelled real data, against pg_trgm measured in the same run.
#
#  1. Open Supply Hub's labelled training pairs (47 match / 65 distinct):
#     precision, recall, F1 of match_score >= 0.5, against pg_trgm's
#     0.6*similarity(name) + 0.4*similarity(address) at its best threshold
#     chosen after the fact (a baseline that is given the answer key).
#  2. Chicago early-childhood sites (3,337 records, true ids given):
#     pairwise precision/recall/F1 of hredd.cluster_facilities at 0.5,
#     against connected components over the same pg_trgm score at its best
#     threshold after the fact.
#
# Run: scripts/with-cluster.sh test/bench/match_quality.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SHARED_DATA:-$(cd .. && pwd)/shared/data}/matching
[ -f "$data/osh_training_pairs.csv" ] || { echo "skip: $data not found"; exit 0; }
db=hredd_match_quality
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE EXTENSION pg_trgm;
SET search_path = public, hredd;
\pset footer off

CREATE TABLE pairs (label text, a_id text, a_country text, a_name text, a_address text,
                    b_id text, b_country text, b_name text, b_address text);
\copy pairs FROM '$data/osh_training_pairs.csv' (FORMAT csv, HEADER)

CREATE FUNCTION prf(tp bigint, fp bigint, fn bigint, OUT "precision" numeric, OUT recall numeric, OUT f1 numeric)
LANGUAGE sql IMMUTABLE AS \$\$
  SELECT round(tp::numeric / nullif(tp + fp, 0), 3), round(tp::numeric / nullif(tp + fn, 0), 3),
         round(2 * tp::numeric / nullif(2 * tp + fp + fn, 0), 3)
\$\$;

CREATE TABLE scored AS
SELECT label = 'match' AS same,
       match_score(facility(a_name, a_address, a_country), facility(b_name, b_address, b_country)) AS hredd,
       0.6 * similarity(a_name, b_name) + 0.4 * similarity(a_address, b_address) AS trgm
  FROM pairs;

\echo '== Open Supply Hub labelled pairs (112: 47 match, 65 distinct) =='
WITH h AS (
  SELECT count(*) FILTER (WHERE same AND hredd >= 0.5) tp, count(*) FILTER (WHERE NOT same AND hredd >= 0.5) fp,
         count(*) FILTER (WHERE same AND hredd < 0.5) fn FROM scored),
t AS (
  SELECT th, count(*) FILTER (WHERE same AND trgm >= th) tp, count(*) FILTER (WHERE NOT same AND trgm >= th) fp,
         count(*) FILTER (WHERE same AND trgm < th) fn
    FROM scored, generate_series(0.05, 0.95, 0.01) th GROUP BY th),
best AS (SELECT * FROM t ORDER BY (prf(tp, fp, fn)).f1 DESC NULLS LAST, th LIMIT 1)
SELECT 'hredd match_score >= 0.5' AS method, (prf(tp, fp, fn)).*, tp, fp, fn FROM h
UNION ALL
SELECT 'pg_trgm 0.6 name + 0.4 address >= ' || th || ' (best)', (prf(tp, fp, fn)).*, tp, fp, fn FROM best;

\echo '== Chicago early-childhood sites: deduplication (pairwise) =='
CREATE TABLE chi_raw (true_id text, id text, source text, site_name text, address text, zip text,
  phone text, fax text, program_name text, length_of_day text, idhs text, agency text, neighborhood text,
  funded text, program_option text, ehs text, hs text, director text, hsf text, ehsf text, ccf text,
  progmod text, website text, exec_dir text, center_dir text, ece text, naeyc text, naeyc_id text,
  email text, ounce text, purple text, col1 text, col2 text);
\copy chi_raw FROM '$data/chicago_early_childhood_sites_true_ids.csv' (FORMAT csv, HEADER)
-- name and street address only: no phone numbers or ids (identifying shortcuts)
CREATE TABLE chi AS
SELECT id::bigint AS id, true_id::bigint AS true_id, site_name,
       concat_ws(' ', address, zip) AS address,
       facility(site_name, concat_ws(' ', address, zip), 'US') AS fac
  FROM chi_raw;
CREATE INDEX ON chi USING gin (fac);
CREATE INDEX ON chi USING gin (site_name gin_trgm_ops);
ANALYZE chi;
CREATE TABLE truth AS SELECT a.id a, b.id b FROM chi a JOIN chi b ON a.true_id = b.true_id AND a.id < b.id;

\timing on
CREATE TABLE hredd_clusters AS SELECT * FROM cluster_facilities('chi', 'id', 'fac', 0.5);
\timing off

-- pg_trgm: candidate pairs through its GIN index (name similarity >= 0.3), scored
CREATE TABLE trgm_pairs AS
SELECT a.id a, b.id b, 0.6 * similarity(a.site_name, b.site_name) + 0.4 * similarity(a.address, b.address) s
  FROM chi a JOIN chi b ON a.site_name % b.site_name AND a.id < b.id;

-- connected components of the pairs scoring >= th (same procedure for every threshold)
CREATE FUNCTION components(th float8) RETURNS TABLE (id bigint, label bigint) LANGUAGE plpgsql AS \$\$
DECLARE n bigint;
BEGIN
  CREATE TEMP TABLE lab AS SELECT chi.id, chi.id AS label FROM chi;
  CREATE TEMP TABLE e AS SELECT a, b FROM trgm_pairs WHERE s >= th UNION ALL SELECT b, a FROM trgm_pairs WHERE s >= th;
  LOOP
    UPDATE lab l SET label = m.label FROM (SELECT e.a, min(l2.label) label FROM e JOIN lab l2 ON l2.id = e.b GROUP BY e.a) m
     WHERE l.id = m.a AND m.label < l.label;
    GET DIAGNOSTICS n = ROW_COUNT;
    EXIT WHEN n = 0;
  END LOOP;
  RETURN QUERY SELECT lab.id, lab.label FROM lab;
  DROP TABLE lab, e;
END \$\$;

CREATE FUNCTION pairwise(pred_a bigint[], pred_b bigint[]) RETURNS TABLE (tp bigint, fp bigint, fn bigint)
LANGUAGE sql AS \$\$
  WITH p AS (SELECT unnest(pred_a) a, unnest(pred_b) b)
  SELECT (SELECT count(*) FROM p JOIN truth t USING (a, b)),
         (SELECT count(*) FROM p) - (SELECT count(*) FROM p JOIN truth t USING (a, b)),
         (SELECT count(*) FROM truth) - (SELECT count(*) FROM p JOIN truth t USING (a, b))
\$\$;

CREATE TABLE trgm_result AS
SELECT th, (SELECT row(x.tp, x.fp, x.fn)::text FROM (
         SELECT * FROM pairwise(
           (SELECT array_agg(c1.id) FROM components(th) c1 JOIN components(th) c2 ON c1.label = c2.label AND c1.id < c2.id),
           (SELECT array_agg(c2.id) FROM components(th) c1 JOIN components(th) c2 ON c1.label = c2.label AND c1.id < c2.id))) x) r
  FROM generate_series(0.40, 0.90, 0.05) th;

WITH h AS (
  SELECT * FROM pairwise(
    (SELECT array_agg(x.record_key::bigint) FROM hredd_clusters x JOIN hredd_clusters y
        ON x.cluster_key = y.cluster_key AND x.record_key::bigint < y.record_key::bigint),
    (SELECT array_agg(y.record_key::bigint) FROM hredd_clusters x JOIN hredd_clusters y
        ON x.cluster_key = y.cluster_key AND x.record_key::bigint < y.record_key::bigint))),
t AS (
  SELECT th, split_part(trim(r, '()'), ',', 1)::bigint tp, split_part(trim(r, '()'), ',', 2)::bigint fp,
         split_part(trim(r, '()'), ',', 3)::bigint fn FROM trgm_result),
best AS (SELECT * FROM t ORDER BY (prf(tp, fp, fn)).f1 DESC NULLS LAST LIMIT 1)
SELECT 'hredd cluster_facilities(0.5)' AS method, (prf(tp, fp, fn)).*, tp, fp, fn FROM h
UNION ALL
SELECT 'pg_trgm components >= ' || th || ' (best)', (prf(tp, fp, fn)).*, tp, fp, fn FROM best;
SQL
