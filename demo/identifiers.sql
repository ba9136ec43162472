-- Demo, part 1: facility identifiers.
-- A brand's supplier master, typed by hand (data/sample/supplier_master.csv),
-- checked against the identifier rules.
\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
SET search_path = public, hredd;

\echo
\echo '== 1. Load the supplier master as it comes: text columns'
CREATE TABLE supplier_raw (supplier_ref text, facility_name text, country text, os_id text, lat float8, lng float8);
\copy supplier_raw FROM 'data/sample/supplier_master.csv' (FORMAT csv, HEADER)
SELECT count(*) AS suppliers,
       count(*) FILTER (WHERE os_id_is_valid(os_id)) AS valid_os_ids,
       count(*) FILTER (WHERE NOT os_id_is_valid(os_id)) AS bad_os_ids,
       count(*) FILTER (WHERE os_id IS NULL) AS missing_os_ids,
       count(*) FILTER (WHERE country_is_valid(country)) AS valid_countries
FROM supplier_raw;

\echo
\echo '== 2. The bad rows, each with the exact reason'
SELECT supplier_ref, os_id AS typed, os_id_error(os_id) AS why_rejected
FROM supplier_raw WHERE NOT os_id_is_valid(os_id) ORDER BY supplier_ref;
SELECT supplier_ref, country AS typed, country_error(country) AS why_rejected
FROM supplier_raw WHERE NOT country_is_valid(country) ORDER BY supplier_ref;

\echo
\echo '== 3. Typed columns: forgiving about form, strict about content'
CREATE TABLE supplier AS
SELECT supplier_ref, facility_name, try_country(country) AS country, try_os_id(os_id) AS os_id,
       os_id AS os_id_as_typed
FROM supplier_raw;
SELECT supplier_ref, os_id_as_typed, os_id, os_id_country(os_id) AS os_country,
       os_id_minted_on(os_id) AS minted_on
FROM supplier
WHERE os_id IS NOT NULL AND os_id::text <> os_id_as_typed ORDER BY supplier_ref;

\echo
\echo '== 4. A missing check character, computed'
SELECT supplier_ref, os_id_as_typed, os_id_as_typed || os_id_check_char(os_id_as_typed) AS completed
FROM supplier WHERE length(os_id_as_typed) = 14 AND os_id_is_valid(os_id_as_typed || os_id_check_char(os_id_as_typed));

\echo
\echo '== 5. Declared country against the country inside the OS ID'
SELECT s.supplier_ref, s.facility_name, r.country AS declared_as_typed, s.country AS declared,
       os_id_country(s.os_id) AS in_os_id, country_name(os_id_country(s.os_id)) AS name
FROM supplier s JOIN supplier_raw r USING (supplier_ref)
WHERE s.os_id IS NOT NULL AND s.country IS DISTINCT FROM os_id_country(s.os_id) ORDER BY 1;

\echo
\echo '== 6. Company identifiers: LEI, GLN, D-U-N-S'
SELECT v AS typed, lei_is_valid(v) AS valid, try_lei(v) AS lei, lei_error(v) AS why_rejected
FROM unnest(ARRAY['506700GE1G29325QX363', '5067 00ge 1g29 325q x363', '506700GE1G29325QX364',
                  '5493001KJTIIGC8Y1V00']) v;
SELECT v AS typed, try_gln(v) AS gln, gln_error(v) AS why_rejected
FROM unnest(ARRAY['(414)0078742000008', '0078742000009', '007874200000']) v;
SELECT v AS typed, try_duns(v) AS duns, duns_legacy_luhn_ok(try_duns(v)) AS passes_legacy_luhn,
       duns_error(v) AS why_rejected
FROM unnest(ARRAY['15-048-3782', '150483783', '15048378A']) v;

\echo
\echo '== 7. An error as a data engineer sees it'
\set VERBOSITY default
\set ON_ERROR_STOP 0
SELECT 'CN2019303BQ3FZQ'::os_id;
\set ON_ERROR_STOP 1
