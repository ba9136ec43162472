#!/usr/bin/env bash
# Match quality on labelled real data, against pg_trgm measured in the same run.
#
# Sets (built here from ../shared/data/matching; nothing labelled is shipped):
#  osh    Open Supply Hub's 112 labelled training pairs (47 match / 65 distinct).
#  chi    the development set: CANDIDATE pairs of the Chicago early-childhood
#         sites (3,337 records with true ids), as a search produces them —
#         every record's 10 most similar names (pg_trgm, >= 0.3) and its 5 most
#         similar addresses with the same zip code (>= 0.5) — so the hard
#         negatives are there: the branches of one agency, other centres in one
#         building.  Label: the two records carry the same true id (the only
#         labelling rule; the ids come with the data), except that a pair
#         whose normalised records also occur with the other label is dropped.  Split by entity: each
#         true id falls in TRAIN (70 %) or TEST (30 %) by a hash of the id, a
#         pair is kept only when both records are in the same split.  Reported:
#         TEST only.  TRAIN is what `match_calibrate` is fitted on (model "dev").
#  hard   hard negatives with coordinates: Open Supply Hub facilities (the
#         three facility extracts) with different OS IDs, names alike
#         (pg_trgm >= 0.5), in one country, both points precise (more than
#         two decimals) and at most 2 km apart — a chain's or group's other
#         site.  Reported: how many score >= 0.5 with and without their
#         coordinates, by distance band.  Only negatives: no two records of
#         one OS ID with two independent geocodes are in ../shared, so no
#         precision or recall; and OS Hub has duplicates of its own (the
#         same name and address under two OS IDs), so pairs within 300 m
#         are shown apart and are not all true negatives.
#  em     no set: the model match_estimate fits WITHOUT labels (EM, the
#         Fellegi-Sunter model as Splink fits it) on the Chicago TRAIN records
#         themselves, deduplicated against each other (its own candidates, by
#         search; the true ids are never read), scored on the same TEST pairs.
#         And "em_osh": the same on the Open Supply Hub facility extracts
#         (deduplicated against themselves, no OS IDs read), scored on osh.
#  For each: precision, recall, F1 of match_score >= 0.5 (the default model,
#  the calibrated one and the estimated one), pg_trgm's 0.6*similarity(name) +
#  0.4*similarity(address) at its best threshold chosen after the fact (a
#  baseline given the answer key), and the reliability table (predicted vs
#  observed match rate per score band).
#
# Run: HREDD_TEST_PORT=54410 scripts/private-cluster.sh test/bench/match_quality.sh
# FEATURES_OUT=file also writes every pair's set, split, label and model inputs
# (match_features) to file, for tuning the default offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SHARED_DATA:-$(cd .. && pwd)/shared/data}/matching
[ -f "$data/osh_training_pairs.csv" ] || { echo "skip: $data not found"; exit 0; }
db=hredd_match_quality
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
# \copy does not expand psql variables: the file names are put in with sed
sed -e "s|@DATA@|$data|g" -e "s|:'features_out'|'${FEATURES_OUT:-}'|" <<'SQL' | psql -X -q -v ON_ERROR_STOP=1 ${FEATURES_OUT:+-v features_out=1}
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE EXTENSION pg_trgm;
SET search_path = public, hredd;
\pset footer off

CREATE FUNCTION prf(tp bigint, fp bigint, fn bigint, OUT "precision" numeric, OUT recall numeric, OUT f1 numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT round(tp::numeric / nullif(tp + fp, 0), 3), round(tp::numeric / nullif(tp + fn, 0), 3),
         round(2 * tp::numeric / nullif(2 * tp + fp + fn, 0), 3)
$$;

-- ---------------------------------------------------------------- the sets
CREATE TABLE osh (label text, a_id text, a_country text, a_name text, a_address text,
                  b_id text, b_country text, b_name text, b_address text);
\copy osh FROM '@DATA@/osh_training_pairs.csv' (FORMAT csv, HEADER)

CREATE TABLE chi_raw (true_id text, id text, source text, site_name text, address text, zip text,
  phone text, fax text, program_name text, length_of_day text, idhs text, agency text, neighborhood text,
  funded text, program_option text, ehs text, hs text, director text, hsf text, ehsf text, ccf text,
  progmod text, website text, exec_dir text, center_dir text, ece text, naeyc text, naeyc_id text,
  email text, ounce text, purple text, col1 text, col2 text);
\copy chi_raw FROM '@DATA@/chicago_early_childhood_sites_true_ids.csv' (FORMAT csv, HEADER)
-- name and street address only: no phone numbers or ids (identifying shortcuts)
CREATE TABLE chi AS
SELECT id::bigint AS id, true_id::bigint AS true_id, site_name,
       concat_ws(' ', address, zip) AS address, nullif(btrim(zip), '') AS zip,
       CASE WHEN abs(hashtext('split' || true_id)) % 10 < 7 THEN 'train' ELSE 'test' END AS split
  FROM chi_raw;
CREATE INDEX ON chi USING gist (site_name gist_trgm_ops);
CREATE INDEX ON chi USING gist (address gist_trgm_ops);
ANALYZE chi;
CREATE TABLE chi_cand AS
WITH c AS (
  SELECT a.id a, n.id b FROM chi a CROSS JOIN LATERAL (
    SELECT x.id FROM chi x WHERE x.id <> a.id AND x.split = a.split AND similarity(x.site_name, a.site_name) >= 0.3
     ORDER BY x.site_name <-> a.site_name, x.id LIMIT 10) n
  UNION
  SELECT a.id, n.id FROM chi a CROSS JOIN LATERAL (
    SELECT x.id FROM chi x WHERE x.id <> a.id AND x.split = a.split AND x.zip = a.zip
       AND similarity(x.address, a.address) >= 0.5
     ORDER BY x.address <-> a.address, x.id LIMIT 5) n)
SELECT DISTINCT least(a, b) a, greatest(a, b) b FROM c;

CREATE TABLE pairs AS
SELECT 'osh'::text AS set, 'test'::text AS split, label = 'match' AS same,
       facility(a_name, a_address, a_country) fa, facility(b_name, b_address, b_country) fb,
       0.6 * similarity(a_name, b_name) + 0.4 * similarity(coalesce(a_address, ''), coalesce(b_address, '')) AS trgm
  FROM osh
UNION ALL
SELECT 'chi', x.split, x.true_id = y.true_id,
       facility(x.site_name, x.address, 'US'), facility(y.site_name, y.address, 'US'),
       0.6 * similarity(x.site_name, y.site_name) + 0.4 * similarity(x.address, y.address)
  FROM chi_cand c JOIN chi x ON x.id = c.a JOIN chi y ON y.id = c.b;

-- labelling rule 2: a pair whose two facility values (as normalised) also occur
-- with the other label contradicts itself; it is dropped (it is the data's
-- duplicate records under different true ids, no score can get both right)
DELETE FROM pairs p USING (
  SELECT least(fa, fb) x, greatest(fa, fb) y FROM pairs WHERE set = 'chi'
   GROUP BY 1, 2 HAVING bool_or(same) AND NOT bool_and(same)) c
 WHERE p.set = 'chi' AND least(p.fa, p.fb) = c.x AND greatest(p.fa, p.fb) = c.y;

\echo '== the development set (candidate pairs; match = same true id) =='
SELECT set, split, count(*) AS pairs, count(*) FILTER (WHERE same) AS matches,
       count(*) FILTER (WHERE NOT same) AS non_matches
  FROM pairs GROUP BY 1, 2 ORDER BY 1, 2 DESC;

-- ---------------------------------------------------------------- calibration
\echo '== match_calibrate on chi TRAIN (model "dev") =='
CREATE VIEW chi_train AS SELECT fa, fb, same FROM pairs WHERE set = 'chi' AND split = 'train';
SELECT * FROM match_calibrate('dev', 'chi_train', 'fa', 'fb', 'same');

-- no labels: EM (match_estimate) on the Chicago TRAIN records as they are,
-- deduplicated against themselves (the labels are never read)
\echo '== match_estimate on the chi TRAIN records, NO labels (model "em"): m and u per comparison level =='
CREATE TABLE chi_train_reg AS SELECT id, facility(site_name, address, 'US') AS fac FROM chi WHERE split = 'train';
CREATE INDEX ON chi_train_reg USING gist (fac);
SELECT comparison, level, pairs, round(m::numeric, 3) AS m, round(u::numeric, 3) AS u,
       round(u_random::numeric, 4) AS u_random, round(match_weight::numeric, 2) AS match_weight,
       round(lambda::numeric, 3) AS lambda, candidate_pairs, iterations, converged
  FROM match_estimate('em', 'chi_train_reg', 'fac');
\echo '== the same with u fixed at the random pairs (Splink''s u from random sampling) =='
DO $$
BEGIN
    PERFORM match_estimate('em_fixed_u', 'chi_train_reg', 'fac', fix_u => true);
    RAISE WARNING 'fix_u: estimated (model "em_fixed_u")';
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'fix_u: %', SQLERRM;
END
$$;

SELECT t AS term, round(c::numeric, 3) AS "default", round(d::numeric, 3) AS dev, round(e::numeric, 3) AS em
  FROM unnest(match_model_terms(), match_default_coefficients(),
              (SELECT coefficients FROM hredd.match_model WHERE name = 'dev'),
              (SELECT coefficients FROM hredd.match_model WHERE name = 'em')) u(t, c, d, e);

-- registry statistics: the Chicago records are their own registry (deduplication)
CREATE TABLE chi_reg AS SELECT id, facility(site_name, address, 'US') AS fac FROM chi;
\echo '== match_analyze of the Chicago records =='
SELECT * FROM match_analyze('chi_reg', 'fac');

ALTER TABLE pairs ADD hredd float8, ADD dev float8, ADD reg float8, ADD em float8;
UPDATE pairs SET hredd = match_score(fa, fb), dev = match_score(fa, fb, 'dev'), em = match_score(fa, fb, 'em'),
                 reg = CASE set WHEN 'chi' THEN match_score(fa, fb, 'default', 'chi_reg') ELSE match_score(fa, fb) END;

-- ---------------------------------------------------------------- figures
\echo '== precision / recall / F1 on TEST (osh: all 112 pairs) =='
CREATE TABLE res AS
WITH m(method, col) AS (VALUES ('hredd default >= 0.5', 'hredd'), ('hredd calibrated "dev" >= 0.5', 'dev'),
                              ('hredd default + registry statistics >= 0.5', 'reg'),
                              ('hredd estimated without labels "em" >= 0.5', 'em')),
h AS (
  SELECT set, method,
         count(*) FILTER (WHERE same AND CASE col WHEN 'hredd' THEN hredd WHEN 'reg' THEN reg WHEN 'em' THEN em ELSE dev END >= 0.5) tp,
         count(*) FILTER (WHERE NOT same AND CASE col WHEN 'hredd' THEN hredd WHEN 'reg' THEN reg WHEN 'em' THEN em ELSE dev END >= 0.5) fp,
         count(*) FILTER (WHERE same AND CASE col WHEN 'hredd' THEN hredd WHEN 'reg' THEN reg WHEN 'em' THEN em ELSE dev END < 0.5) fn
    FROM pairs, m WHERE split = 'test' GROUP BY set, method),
t AS (
  SELECT set, th, count(*) FILTER (WHERE same AND trgm >= th) tp, count(*) FILTER (WHERE NOT same AND trgm >= th) fp,
         count(*) FILTER (WHERE same AND trgm < th) fn
    FROM pairs, generate_series(0.05, 0.95, 0.01) th WHERE split = 'test' GROUP BY set, th),
best AS (SELECT DISTINCT ON (set) * FROM t ORDER BY set, (prf(tp, fp, fn)).f1 DESC NULLS LAST, th)
SELECT set, method, (prf(tp, fp, fn)).*, tp, fp, fn FROM h
UNION ALL
SELECT set, 'pg_trgm 0.6 name + 0.4 address >= ' || th || ' (best after the fact)', (prf(tp, fp, fn)).*, tp, fp, fn FROM best;
SELECT * FROM res ORDER BY set, method;

\echo '== against the aims: F1 at 0.5 >= pg_trgm best + 0.05, precision at 0.5 >= 0.85 =='
SELECT h.set, h.method, h.f1 AS f1, t.f1 AS trgm_best_f1, h.f1 - t.f1 AS margin,
       h.f1 >= t.f1 + 0.05 AS f1_aim_met, h."precision" >= 0.85 AS precision_aim_met
  FROM res h JOIN res t ON t.set = h.set AND t.method LIKE 'pg_trgm%'
 WHERE h.method LIKE 'hredd%' ORDER BY 1, 2;

\echo '== reliability on TEST: predicted vs observed match rate per score band =='
SELECT set, m.method, width_bucket(least(s, 0.9999), 0, 1, 10) AS band,
       to_char((width_bucket(least(s, 0.9999), 0, 1, 10) - 1) / 10.0, 'FM0.0') || '-' ||
       to_char(width_bucket(least(s, 0.9999), 0, 1, 10) / 10.0, 'FM0.0') AS score,
       count(*) AS pairs, round(avg(s)::numeric, 3) AS predicted, round(avg(same::int), 3) AS observed
  FROM pairs, LATERAL (VALUES ('default', hredd), ('dev', dev), ('em', em), ('registry', reg)) m(method, s)
 WHERE split = 'test'
 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3;

-- for tuning the default offline (FEATURES_OUT=file): the model's inputs of every pair
\if :{?features_out}
\copy (SELECT set, split, same, array_to_string(match_features(fa, fb), ' ') FROM pairs) TO :'features_out'
\endif

-- ---------------------------------------------------------------- hard negatives with coordinates
CREATE TABLE oshf (os_id text, name text, address text, country_code text, lat float8, lng float8,
                   has_approved_claim text, is_closed text);
\copy oshf FROM '@DATA@/osh_facilities/adidas_contributor127_2022-10.csv' (FORMAT csv, HEADER)
\copy oshf FROM '@DATA@/osh_facilities/contributor_type_union_other_2022-10.csv' (FORMAT csv, HEADER)
\copy oshf FROM '@DATA@/osh_facilities/country_CH_2022-10.csv' (FORMAT csv, HEADER)
-- precise: not both coordinates with at most two decimals (the score's own rule)
CREATE TABLE oshu AS
SELECT DISTINCT ON (os_id) os_id, btrim(name) AS name, address, country_code, lat, lng
  FROM oshf
 WHERE lat IS NOT NULL AND lng IS NOT NULL AND NOT (lat * 100 = round(lat * 100) AND lng * 100 = round(lng * 100))
 ORDER BY os_id;
CREATE TABLE hard AS
SELECT a.os_id AS a_id, b.os_id AS b_id, a.name AS a_name, b.name AS b_name, d.km,
       facility(a.name, a.address, a.country_code, a.lat, a.lng) fa, facility(b.name, b.address, b.country_code, b.lat, b.lng) fb,
       facility(a.name, a.address, a.country_code) fa0, facility(b.name, b.address, b.country_code) fb0,
       0.6 * similarity(a.name, b.name) + 0.4 * similarity(coalesce(a.address, ''), coalesce(b.address, '')) AS trgm
  FROM oshu a JOIN oshu b ON a.os_id < b.os_id AND a.country_code = b.country_code AND abs(a.lat - b.lat) < 0.02,
       LATERAL (SELECT 2 * 6371.0088 * asin(sqrt(sin(radians(b.lat - a.lat) / 2) ^ 2 +
                cos(radians(a.lat)) * cos(radians(b.lat)) * sin(radians(b.lng - a.lng) / 2) ^ 2)) AS km) d
 WHERE d.km <= 2 AND similarity(a.name, b.name) >= 0.5;
\echo '== hard negatives with coordinates: OS Hub facilities, different OS IDs, names alike, <= 2 km =='
SELECT CASE WHEN km <= 0.3 THEN '0-0.3 km (OS Hub duplicates among them)' ELSE '0.3-2 km' END AS band,
       count(*) AS pairs,
       count(*) FILTER (WHERE match_score(fa, fb) >= 0.5) AS hredd_ge_05,
       count(*) FILTER (WHERE match_score(fa0, fb0) >= 0.5) AS hredd_without_coordinates_ge_05,
       count(*) FILTER (WHERE trgm >= (SELECT substring(method FROM '>= ([0-9.]+)')::float8 FROM res
                                        WHERE set = 'chi' AND method LIKE 'pg_trgm%')) AS pg_trgm_at_chi_best_ge
  FROM hard GROUP BY 1 ORDER BY 1;
\echo '== hard negatives 0.3-2 km that still score >= 0.5 (up to 10) =='
SELECT round(km::numeric, 2) AS km, round(match_score(fa, fb)::numeric, 3) AS score, a_name, b_name
  FROM hard WHERE km > 0.3 AND match_score(fa, fb) >= 0.5 ORDER BY match_score(fa, fb) DESC LIMIT 10;

-- no labels, on supplier data: EM on the Open Supply Hub facility extracts
-- deduplicated against themselves (their OS IDs are never read), scored on
-- the 112 labelled OS Hub pairs (EM reads no labels: a record the two share
-- tells it nothing about the pair's label)
\echo '== match_estimate on the OS Hub facility extracts, NO labels (model "em_osh"), scored on the 112 OS Hub pairs =='
CREATE TABLE osh_reg AS
SELECT DISTINCT ON (os_id) os_id, try_facility(btrim(name), address, country_code) AS fac
  FROM oshf WHERE try_facility(btrim(name), address, country_code) IS NOT NULL ORDER BY os_id;
CREATE INDEX ON osh_reg USING gist (fac);
SELECT count(*) AS osh_extract_rows FROM osh_reg;
SELECT comparison, level, pairs, round(m::numeric, 3) AS m, round(u::numeric, 3) AS u,
       round(match_weight::numeric, 2) AS match_weight, round(lambda::numeric, 3) AS lambda,
       candidate_pairs, iterations, converged
  FROM match_estimate('em_osh', 'osh_reg', 'fac');
SELECT method, (prf(tp, fp, fn)).*, tp, fp, fn FROM (
  SELECT method, count(*) FILTER (WHERE same AND s >= 0.5) tp, count(*) FILTER (WHERE NOT same AND s >= 0.5) fp,
         count(*) FILTER (WHERE same AND s < 0.5) fn
    FROM pairs, LATERAL (VALUES ('hredd default >= 0.5', hredd),
                                ('hredd estimated on the OS Hub extracts "em_osh" >= 0.5', match_score(fa, fb, 'em_osh')),
                                ('hredd estimated on chi TRAIN "em" >= 0.5', em)) v(method, s)
   WHERE set = 'osh' GROUP BY method) x ORDER BY method;
SELECT width_bucket(least(s, 0.9999), 0, 1, 10) AS band, count(*) AS pairs, round(avg(s)::numeric, 3) AS predicted,
       round(avg(same::int), 3) AS observed
  FROM pairs, LATERAL (SELECT match_score(fa, fb, 'em_osh') AS s) v WHERE set = 'osh' GROUP BY 1 ORDER BY 1;

\echo '== TEST errors of the default model at 0.5 (worst 15 per set) =='
SELECT set, same, round(hredd::numeric, 3) AS score, round(dev::numeric, 3) AS dev,
       facility_name(fa) AS a, facility_name(fb) AS b,
       left(facility_address(fa), 40) AS a_addr, left(facility_address(fb), 40) AS b_addr
  FROM (SELECT *, row_number() OVER (PARTITION BY set ORDER BY abs(hredd - 0.5) DESC) r
          FROM pairs WHERE split = 'test' AND (hredd >= 0.5) <> same) e
 WHERE r <= 15 ORDER BY set, r;
SQL
