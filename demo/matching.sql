-- Demo, part 3: find the supplier list's factories in a registry.
-- Registry: adidas' 589 facilities on Open Supply Hub (Oct 2022, shipped in
-- data/sample/registry_sample.csv, loaded through hredd.load_osh_download).  Supplier list: adidas' own published
-- 2019 list of primary suppliers (loaded by demo.sh from ../shared/data
-- into table adidas_2019 when present), typed
-- by other hands three years earlier: the real matching problem.  Without
-- the shared data the demo supplier master (data/sample/) stands in.
\pset footer off
SET client_min_messages = warning;
SET search_path = public, hredd;

\echo
\echo '== 12. The registry through the Open Supply Hub loader (hredd.load_osh_download), then a table with a facility column and a GIN index'
-- the shipped sample is an Open Supply Hub download: its CSV into text
-- columns named by the header, then the loader validates the OS IDs, reads
-- countries and coordinates, builds the facility values and reports what it
-- could not take (hredd.osh_report)
CREATE TABLE registry_download (os_id text, name text, address text, country_code text, lat text, lng text);
\copy registry_download FROM 'data/sample/registry_sample.csv' (FORMAT csv, HEADER)
SELECT * FROM load_osh_download('registry_download', 'shipped sample: adidas on OS Hub, Oct 2022');
SELECT count(*) AS records_reported FROM osh_report WHERE source = 'shipped sample: adidas on OS Hub, Oct 2022';
CREATE TABLE registry AS
SELECT os_id, name, address, country::text AS country, lat, lng, facility AS fac
  FROM osh_location WHERE source = 'shipped sample: adidas on OS Hub, Oct 2022';
ALTER TABLE registry ADD PRIMARY KEY (os_id);
CREATE INDEX registry_fac ON registry USING gin (fac);
SELECT name, fac FROM registry ORDER BY os_id LIMIT 3;

\echo
\echo '== 13. One record typed by hand: the best candidates'
SELECT r.os_id, r.name, round(match_score(r.fac, q)::numeric, 3) AS score
  FROM registry r, facility('NINGBO SHENZOU KNITTING CO., LTD. FACTORY 4', NULL, 'China') q
 WHERE r.fac % q ORDER BY r.fac <-> q LIMIT 3;

\echo
\echo '== 14. A whole supplier list against the registry (match_table, batches that commit)'
CREATE TABLE supplier_list (ref text PRIMARY KEY, name text, address text, country text, fac hredd.facility,
                            category text, workers text, tier text);
SELECT to_regclass('adidas_2019') IS NOT NULL AS have_shared_list \gset
\if :have_shared_list
INSERT INTO supplier_list (ref, name, address, country, category, workers, tier)
SELECT 'A' || lpad(row_number() OVER (ORDER BY account_name, a1)::text, 4, '0'), account_name,
       concat_ws(', ', nullif(a1, ''), nullif(a2, ''), nullif(a3, ''), nullif(city, ''), nullif(province, '')),
       location, nullif(cat, ''), nullif(workers, ''), nullif(tier, '')
  FROM adidas_2019 WHERE try_country(location) IS NOT NULL;
\else
CREATE TEMP TABLE sm (supplier_ref text, facility_name text, country text, os_id text, lat text, lng text);
\copy sm FROM 'data/sample/supplier_master.csv' (FORMAT csv, HEADER)
INSERT INTO supplier_list (ref, name, country)
SELECT supplier_ref, upper(facility_name), country FROM sm WHERE try_country(country) IS NOT NULL;
\endif
UPDATE supplier_list SET fac = facility(name, address, country);
CREATE TABLE supplier_match (source_key text, target_key hredd.os_id, score float8, rank int,
                             PRIMARY KEY (source_key, target_key));
CALL match_table('supplier_list', 'ref', 'fac', 'registry', 'os_id', 'fac', 'supplier_match',
                 top_k => 1, batch_size => 200);
SELECT (SELECT count(*) FROM supplier_list) AS supplier_rows, count(*) AS matched,
       count(*) FILTER (WHERE score >= 0.8) AS sure, count(*) FILTER (WHERE score < 0.8) AS to_review
  FROM supplier_match;
\echo '-- a sample of the matches, the least sure first'
SELECT s.name AS supplier_list_name, r.name AS registry_name, s.country, round(m.score::numeric, 3) AS score
  FROM supplier_match m JOIN supplier_list s ON s.ref = m.source_key JOIN registry r ON r.os_id = m.target_key
 ORDER BY m.score, s.ref LIMIT 8;

\echo
\echo '== 15. Why? One explanation, component by component'
SELECT c->>'component' AS component, c->>'value' AS value, c->>'contribution' AS contribution, c->>'reason' AS reason
  FROM (SELECT match_explain(s.fac, r.fac) e
          FROM supplier_match m JOIN supplier_list s ON s.ref = m.source_key JOIN registry r ON r.os_id = m.target_key
         ORDER BY abs(m.score - 0.75), s.ref LIMIT 1) x,
       jsonb_array_elements(e->'components') c;
