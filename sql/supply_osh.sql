-- supply_osh: Open Supply Hub data as it comes — a facility download (CSV,
-- multi-values joined with |) and SC-DEX documents, every rejected or changed
-- record reported with a reason; re-running a load changes nothing.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default
CREATE TABLE osh_dl (os_id text, contribution_date text, name text, address text, country_code text, country_name text,
  lat text, lng text, sector text, contributor text, number_of_workers text, parent_company text,
  processing_type_facility_type_raw text, facility_type text, processing_type text, product_type text, is_closed text);
INSERT INTO osh_dl VALUES
 ('CN2019303BQ3FZP', '2020-01-01', 'Good Mill', 'No 1 Road, Shaoxing', 'CN', 'China', '30.0', '120.5', 'Apparel|Textiles', 'Brand A|Brand B', '1001-5000', 'Group X', 'Dyeing', 'Textile or Material Production', 'Dyeing|Printing', 'Fabric||', 'False'),
 ('CN2019303BQ3FZQ', NULL, 'Bad check', 'x', 'CN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (NULL, NULL, 'No id', 'x', 'CN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 ('BD2020021QK28YZ', NULL, 'Lat only', 'x', 'BD', NULL, '23.7', NULL, NULL, NULL, 'about 500', NULL, NULL, NULL, NULL, NULL, 'maybe'),
 ('VN2025093077Q64', NULL, 'VN factory', 'Hanoi', 'Viet Nam', NULL, '21.0', '105.8', 'Apparel', NULL, '<1000', NULL, NULL, NULL, NULL, 'Shirts | Trousers', 'True'),
 ('VN2025093077Q64', NULL, 'VN factory other', 'Hanoi', 'VN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 ('PK20190913BBJ2Y', NULL, '', 'x', 'PK', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 ('US2020052GKF19F', NULL, 'Nowhere', 'x', 'Atlantis', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM load_osh_download('osh_dl');
-- again: nothing changes, nothing is reported twice
SELECT * FROM load_osh_download('osh_dl');
SELECT row_ref, status, reason, detail FROM osh_report ORDER BY report_id;
SELECT os_id, name, country, lat, lng, sectors, product_types, processing_types, facility_types, workers_min, workers_max, parent_companies, contributors, claim_status, is_closed, facility IS NOT NULL AS fac FROM osh_location ORDER BY os_id;
SELECT * FROM load_scdex($j${
  "locations": [
    {"guid": "82d39ac8-1a12-4801-835a-85d319927548", "location-type": "factory", "products": ["Accessories", "Hats"],
     "processing-types": ["Final Product Assembly", "Cutting"], "location-identifier": "osid:CN2021250D1DTN7",
     "name": "Huai An Yuan Tong Headwear Mfg. Co., Ltd.", "coordinates": {"latitude": 33.7862099, "longitude": 119.2787399},
     "address": {"street-name": "Yan Huang Avenue", "building-number": "No.30", "town-name": "Huaian", "country": "CN",
                 "address-line": ["No.30 & 32 & 99 Yan Huang Avenue", "Huaian, Jiangsu - China"]}},
    {"guid": "g2", "location-type": "mill", "location-identifier": ["gfid:ABC", "osid:CN2019303BQ3FZP"], "name": "Good Mill 2", "country": "CN"},
    {"guid": "g3", "location-type": "farm", "location-identifier": "gfid:XYZ", "name": "Farm"},
    {"guid": "g4", "location-type": "factory", "location-identifier": "os-id:CN2021250D1DTN7", "name": "Typo"},
    {"guid": "g5", "location-type": "factory", "location-identifier": "osid:CN2021250D1DTN8", "name": "Bad check", "country": "CN"},
    {"guid": "g6", "name": "no type"}
  ],
  "organizations": [{"guid": "o1", "organization-type": "retailer", "organizational-identifier": "lei:3538002LJMRZ83SU0B85"}],
  "affiliations": [
    {"from-guid": "82d39ac8-1a12-4801-835a-85d319927548", "to-guid": "o1", "affiliation-type": "is supplier of"},
    {"from-guid": "g2", "to-guid": "82d39ac8-1a12-4801-835a-85d319927548", "affiliation-type": "is supplier of"},
    {"from-guid": "g3", "to-guid": "g2", "affiliation-type": "is supplier of"},
    {"from-guid": "o1", "to-guid": "g2", "affiliation-type": "is parent company of"},
    {"from-guid": "g2", "to-guid": "o1", "affiliation-type": "is within"},
    {"from-guid": "g2"}
  ]}$j$);
SELECT row_ref, status, reason, detail FROM osh_report WHERE source = 'sc-dex' ORDER BY report_id;
SELECT buyer_ref, supplier_ref, source FROM supply_link WHERE source = 'sc-dex' ORDER BY link_id;
SELECT os_id, name, address, country, processing_types, product_types, facility_types, parent_companies FROM osh_location WHERE source = 'sc-dex';
SELECT load_scdex('[1,2]');
SELECT load_scdex('{"locations": {}}');
SELECT load_osh_download('sc_list_nope');
CREATE TABLE osh_not (id text);
SELECT load_osh_download('osh_not');
SELECT v, osh_workers(v) FROM unnest(ARRAY['250', '1,000', '100-150', '1001-5000', '<1000', 'Less than 1000',
    '>10000', 'More than 10000', '150-100', 'lots', '']) v;
-- (in C: flags and coordinates; a number beyond double precision is no coordinate, not an error)
SELECT v, osh_flag(v), osh_coordinate(v, 90) AS lat, osh_coordinate(v, 180) AS lng
FROM unnest(ARRAY[' YES ', 'f', '0', 'maybe', '45.5', '-120.25', '.5', '1e2', '1e999', '1e-999', '0x10', 'NaN']) v;
SELECT osh_items(' a | b || a |'), osh_empty_items(' a | b || a |'), osh_items(NULL), osh_items('');
-- (in C: the same rules at the edges — a blank field, blanks only between bars, repeats far apart,
-- a tab is not a blank, prefixes are not repeats, bytes compared as they are)
SELECT t, osh_items(t), osh_empty_items(t)
FROM unnest(ARRAY['   ', ' | ', '|', 'x', 'b|a|b|a|c|b', E'a\t|a', 'ab|a|abc|a', 'Ä|ä|Ä', repeat('z|', 3) || 'y']) t;
SELECT osh_empty_items(NULL), cardinality(osh_items(repeat('a|b|', 50000))) AS many_repeats,
       cardinality(osh_items((SELECT string_agg(i::text, '|') FROM generate_series(1, 100000) i))) AS many_items;
-- osh_read: a record in one call (the loader's reader); the sentences quote
-- at most 60 characters (30 of a coordinate), counted as characters
SELECT v.k, (r).reason, (r).detail, (r).warn_empty, (r).warn_workers, (r).warn_flag
FROM (VALUES
    ('no id', NULL, 'x', NULL, NULL, NULL),
    ('blank id', '   ', 'x', NULL, NULL, NULL),
    ('long id', repeat('Ü', 70), 'x', NULL, NULL, NULL),
    ('no name', 'CN2019303BQ3FZP', ' ', NULL, NULL, NULL),
    ('country', 'CN2019303BQ3FZP', 'x', repeat('ß', 65), NULL, NULL),
    ('coords', 'CN2019303BQ3FZP', 'x', 'CN', repeat('9', 40), NULL),
    ('ok', 'CN2019303BQ3FZP', 'x', NULL, '1', '2')) v(k, id, name, cc, lat, lng)
CROSS JOIN LATERAL (SELECT osh_read(NULL, v.id, v.name, NULL, v.cc, v.lat, v.lng, 'a||b', NULL, NULL, NULL,
                                    repeat('ż', 70), NULL, ' | ', NULL, 'perhaps', true) AS r) x;
-- its facility is hredd.facility()'s; its order and reference come from a ctid
SELECT (r).facility = facility('Good Mill Co., Ltd.', '1 Road', 'CN', 30, 120.5) AS same_facility,
       (r).name, (r).address, (r).country, (r).lat, (r).lng, (r).ord, (r).row_ref, (r).sectors, (r).contributors
FROM (SELECT osh_read('(3,7)', ' CN2019303BQ3FZP ', '  Good Mill Co., Ltd. ', ' 1 Road ', NULL, '30', ' 120.5',
                      ' Apparel | Textiles |Apparel', NULL, NULL, NULL, NULL, NULL, 'b|a', NULL, NULL, true) AS r) x;
-- untrimmed (SC-DEX's fields are taken as they come); a call keeps nothing from
-- the calls before it (an OS ID read twice reads the same)
SELECT (r).name, (r).reason, (r).os_id
FROM (SELECT osh_read(NULL, v, ' ', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                      false) AS r
      FROM unnest(ARRAY['CN2019303BQ3FZP', 'VN2025093077Q64', 'CN2019303BQ3FZP']) WITH ORDINALITY u(v, n) ORDER BY n) x;
-- a name without letters or digits stops the load, as hredd.facility() does
CREATE TABLE osh_bad (os_id text, name text);
INSERT INTO osh_bad VALUES ('IN2021047AX3Y5M', '---');
\set VERBOSITY terse
SELECT load_osh_download('osh_bad');
\set VERBOSITY default
-- A first load (the registry empty) is written straight into the registry by
-- osh_write_new, without a stage; the staged path (osh_store) where it stops:
-- an OS ID twice (the download above), triggers on the registry.  Both write
-- the same rows and reports, read by one process or by parallel workers.
CREATE TABLE osh_big AS
SELECT CASE WHEN i % 97 = 0 THEN left(os_id, 14) || CASE WHEN right(os_id, 1) = 'A' THEN 'B' ELSE 'A' END
            ELSE os_id END AS os_id,
       format('Mill %s Co., Ltd.', i) AS name, format('No %s Road', i % 89) AS address, c AS country_code,
       CASE WHEN i % 61 = 0 THEN '95' ELSE (10 + i % 50)::text END AS lat, (100 + i % 70)::text AS lng,
       CASE WHEN i % 53 = 0 THEN 'Apparel||Textiles' ELSE 'Apparel|Textiles' END AS sector,
       CASE WHEN i % 71 = 0 THEN 'lots' ELSE '100-' || (100 + i % 900) END AS number_of_workers,
       CASE WHEN i % 43 = 0 THEN 'perhaps' ELSE 'false' END AS is_closed
FROM (SELECT i, (ARRAY['CN', 'BD', 'VN', 'IN'])[1 + i % 4] AS c FROM generate_series(1, 3000) i) s,
     LATERAL (SELECT left(id14 || os_id_check_char(id14), 15) AS os_id
              FROM (SELECT c || '2021' || lpad((1 + i % 365)::text, 3, '0') || lpad(upper(to_hex(i)), 5, '0') AS id14) y) x;
CREATE TABLE osh_runs (run text, what text, line text);
CREATE FUNCTION osh_keep(run text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO osh_runs
    SELECT run, 'registry', concat_ws(' ', os_id, name, address, country, lat, lng, facility, sectors, workers_min,
                                      workers_max, is_closed, source)
    FROM hredd.osh_location
    UNION ALL
    SELECT run, 'report', concat_ws(' ', row_ref, record, status, reason, detail) FROM hredd.osh_report;
    TRUNCATE hredd.osh_location, hredd.osh_report;
$$;
-- which path a load took: the calls of osh_write_new and osh_store since the last look
CREATE TABLE osh_calls_seen (funcname name, calls bigint);
CREATE FUNCTION osh_paths() RETURNS text LANGUAGE sql AS $$
    WITH now AS (SELECT f.funcname, f.calls FROM pg_stat_user_functions f
                 WHERE f.schemaname = 'hredd' AND f.funcname IN ('osh_write_new', 'osh_store')),
    d AS (SELECT string_agg(format('%s %s', n.funcname, n.calls - coalesce(s.calls, 0)), ', ' ORDER BY n.funcname) AS t
          FROM now n LEFT JOIN osh_calls_seen s USING (funcname)),
    gone AS (DELETE FROM osh_calls_seen),
    kept AS (INSERT INTO osh_calls_seen SELECT * FROM now)
    SELECT t FROM d;
$$;
SET track_functions = 'all';
SELECT FROM pg_stat_force_next_flush();
SELECT count(*) FROM (SELECT osh_paths()) x;
TRUNCATE osh_location, osh_report;
SET max_parallel_workers_per_gather = 0;
SELECT pg_relation_filenode('osh_location_pkey') AS pk_file \gset
SELECT * FROM load_osh_download('osh_big', 'big');
-- (built afresh: a new file)
SELECT pg_relation_filenode('osh_location_pkey') = :pk_file AS same_index_file;
SELECT FROM pg_stat_force_next_flush();  -- (flushed when this statement ends)
SELECT osh_paths();
-- the registry's indexes are built after its rows: each finds every row, and
-- the primary key refuses an OS ID again
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM (SELECT os_id FROM osh_location ORDER BY os_id) x;
SELECT (SELECT count(*) FROM (SELECT os_id FROM osh_location ORDER BY os_id) x) AS by_os_id,
       (SELECT count(*) FROM (SELECT country FROM osh_location ORDER BY country) x) AS by_country,
       (SELECT count(*) FROM osh_location o WHERE o.country = 'VN') AS vn,
       (SELECT count(*) FROM osh_location o WHERE o.os_id = (SELECT os_id FROM osh_location WHERE name = 'Mill 7 Co., Ltd.')) AS one;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT count(*) AS rows, count(*) FILTER (WHERE country = 'VN') AS vn FROM osh_location;
\set VERBOSITY terse
INSERT INTO osh_location (os_id, name, country, source) SELECT os_id, 'again', country, 'x' FROM osh_location ORDER BY os_id LIMIT 1;
\set VERBOSITY default
SELECT osh_keep('direct, one process');
-- read by parallel workers (the plan below), the same rows and reports
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT osh_read(s.ctid, os_id, name, address, country_code, lat, lng, sector, NULL, NULL, NULL,
                                    number_of_workers, NULL, NULL, NULL, is_closed, true) FROM osh_big s;
SELECT * FROM load_osh_download('osh_big', 'big');
SELECT FROM pg_stat_force_next_flush();  -- (flushed when this statement ends)
SELECT osh_paths();
SELECT osh_keep('direct, parallel');
-- a registry index open in the loading session (REINDEX would refuse it):
-- the direct path inserts the index entries instead, the same rows
BEGIN;
SET LOCAL enable_seqscan = off;
DECLARE osh_open CURSOR FOR SELECT os_id FROM osh_location ORDER BY os_id;
FETCH 1 FROM osh_open;
RESET enable_seqscan;
SELECT pg_relation_filenode('osh_location_pkey') AS pk_file \gset
SELECT * FROM load_osh_download('osh_big', 'big');
SELECT pg_relation_filenode('osh_location_pkey') = :pk_file AS same_index_file;
CLOSE osh_open;
COMMIT;
SELECT FROM pg_stat_force_next_flush();  -- (flushed when this statement ends)
SELECT osh_paths();
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT (SELECT count(*) FROM (SELECT os_id FROM osh_location ORDER BY os_id) x) AS by_os_id,
       (SELECT count(*) FROM (SELECT country FROM osh_location ORDER BY country) x) AS by_country;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT osh_keep('direct, an index open');
-- an OS ID twice, another name, with an index open: the primary key's entry
-- refuses the second, and the staged path reports it
INSERT INTO osh_big (os_id, name, address, country_code, lat, lng, sector, number_of_workers, is_closed)
SELECT os_id, 'Mill 7 again', address, country_code, lat, lng, sector, number_of_workers, is_closed
FROM osh_big WHERE name = 'Mill 7 Co., Ltd.';
BEGIN;
SET LOCAL enable_seqscan = off;
DECLARE osh_open CURSOR FOR SELECT os_id FROM osh_location ORDER BY os_id;
FETCH 1 FROM osh_open;
RESET enable_seqscan;
SELECT * FROM load_osh_download('osh_big', 'big');
CLOSE osh_open;
COMMIT;
SELECT FROM pg_stat_force_next_flush();  -- (flushed when this statement ends)
SELECT osh_paths();
SELECT row_ref = (SELECT ctid::text FROM osh_big WHERE name = 'Mill 7 again') AS the_second, reason,
       record->>'name' AS name
FROM osh_report WHERE reason = 'duplicate_os_id';
DELETE FROM osh_big WHERE name = 'Mill 7 again';
TRUNCATE osh_location, osh_report;
-- a trigger on the registry: the staged path, and the trigger fires
CREATE TABLE osh_fired (n bigint);
INSERT INTO osh_fired VALUES (0);
CREATE FUNCTION osh_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE public.osh_fired SET n = n + 1; RETURN NEW; END $$;
CREATE TRIGGER osh_count BEFORE INSERT ON osh_location FOR EACH ROW EXECUTE FUNCTION osh_count();
SELECT * FROM load_osh_download('osh_big', 'big');
SELECT FROM pg_stat_force_next_flush();  -- (flushed when this statement ends)
SELECT osh_paths();
SELECT n AS trigger_fired FROM osh_fired;
DROP TRIGGER osh_count ON osh_location;
SELECT osh_keep('staged, parallel');
-- an OS ID twice in a large download: the staged path, read in parallel
INSERT INTO osh_big SELECT * FROM osh_big WHERE name = 'Mill 7 Co., Ltd.';
SELECT * FROM load_osh_download('osh_big', 'big');
SELECT FROM pg_stat_force_next_flush();  -- (flushed when this statement ends)
SELECT osh_paths();
SELECT reason, count(*) FROM osh_report GROUP BY 1 ORDER BY 1;
DELETE FROM osh_big WHERE ctid = (SELECT max(ctid) FROM osh_big);
TRUNCATE osh_location, osh_report;
-- A later load, into the registry the first wrote, read in parallel: a row
-- that says the same is left as it is, one that differs replaced (a new
-- name; another country, which needs new index entries), a new OS ID added.
-- The direct path and the staged one (a trigger on the registry) write the
-- same rows and reports.
CREATE TABLE osh_big2 AS
SELECT os_id, CASE WHEN i % 7 = 0 THEN name || ' (renamed)' ELSE name END AS name, address,
       CASE WHEN i % 11 = 0 THEN 'KH' ELSE country_code END AS country_code, lat, lng, sector,
       number_of_workers, is_closed
FROM (SELECT *, split_part(name, ' ', 2)::int AS i FROM osh_big) b WHERE i % 13 <> 0
UNION ALL
SELECT left(id14 || os_id_check_char(id14), 15), format('New Mill %s', i), 'No 5 Road', 'BD', '23.5', '90.1',
       'Apparel', '100-200', 'false'
FROM generate_series(1, 200) i, LATERAL (SELECT 'BD2022' || lpad(i::text, 3, '0') || lpad(upper(to_hex(i)), 5, '0') AS id14) x;
SELECT * FROM load_osh_download('osh_big', 'big');
SELECT * FROM load_osh_download('osh_big2', 'big2');
SELECT FROM pg_stat_force_next_flush();  -- (flushed when this statement ends)
SELECT osh_paths();
SELECT source, count(*) FROM osh_location GROUP BY 1 ORDER BY 1;
-- the indexes find every row, the replaced ones by their new values
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT (SELECT count(*) FROM (SELECT os_id FROM osh_location ORDER BY os_id) x) AS by_os_id,
       (SELECT count(*) FROM (SELECT country FROM osh_location ORDER BY country) x) AS by_country,
       (SELECT count(*) FROM osh_location o WHERE o.country = 'KH') AS kh;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT count(*) AS rows, count(*) FILTER (WHERE country = 'KH') AS kh FROM osh_location;
-- the same download again: every row unchanged, nothing written
SELECT max(xmin::text::bigint) AS last_writer FROM osh_location \gset
SELECT * FROM load_osh_download('osh_big2', 'big2');
SELECT count(*) FILTER (WHERE xmin::text::bigint > :last_writer) AS rows_written FROM osh_location;
SELECT osh_keep('later, direct');
SELECT * FROM load_osh_download('osh_big', 'big');
CREATE TRIGGER osh_count BEFORE INSERT OR UPDATE ON osh_location FOR EACH ROW EXECUTE FUNCTION osh_count();
SELECT * FROM load_osh_download('osh_big2', 'big2');
SELECT * FROM load_osh_download('osh_big2', 'big2');
DROP TRIGGER osh_count ON osh_location;
SELECT FROM pg_stat_force_next_flush();  -- (flushed when this statement ends)
SELECT osh_paths();
SELECT osh_keep('later, staged');
-- An index of another kind (GIN on facility, for matching against the
-- registry) is built after a first load too; a later load inserts its
-- entries with each row.  Both find what a scan finds.
CREATE INDEX osh_location_fac_gin ON osh_location USING gin (facility);
SELECT pg_relation_filenode('osh_location_fac_gin') AS gin_file \gset
SELECT * FROM load_osh_download('osh_big', 'big');
SELECT pg_relation_filenode('osh_location_fac_gin') = :gin_file AS same_index_file;
SELECT * FROM load_osh_download('osh_big2', 'big2');
SET enable_seqscan = off;
CREATE FUNCTION pg_temp.osh_plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;
SELECT count(*) FILTER (WHERE p LIKE '%Index Scan on osh_location_fac_gin%') AS gin_scans
FROM pg_temp.osh_plan($q$SELECT count(*) FROM osh_location WHERE facility % facility('Mill 14 Co., Ltd.', 'No 14 Road', 'VN')$q$) p;
CREATE TABLE osh_found AS
SELECT n.q, (SELECT array_agg(os_id ORDER BY os_id) FROM osh_location o WHERE o.facility % n.f) AS ids
FROM (VALUES (1, facility('Mill 14 Co., Ltd. (renamed)', 'No 14 Road', 'VN')), (2, facility('Mill 7 Co., Ltd.', 'No 7 Road', 'IN')),
             (3, facility('New Mill 12', 'No 5 Road', 'BD')), (4, facility('Mill 22 Co., Ltd.', 'No 22 Road', 'KH'))) n(q, f);
RESET enable_seqscan;
SET enable_bitmapscan = off;
SET enable_indexscan = off;
SELECT f.q, cardinality(f.ids) AS found,
       f.ids IS NOT DISTINCT FROM (SELECT array_agg(os_id ORDER BY os_id) FROM osh_location o WHERE o.facility % n.f) AS as_a_scan
FROM osh_found f JOIN (VALUES (1, facility('Mill 14 Co., Ltd. (renamed)', 'No 14 Road', 'VN')), (2, facility('Mill 7 Co., Ltd.', 'No 7 Road', 'IN')),
             (3, facility('New Mill 12', 'No 5 Road', 'BD')), (4, facility('Mill 22 Co., Ltd.', 'No 22 Road', 'KH'))) n(q, f) USING (q)
ORDER BY f.q;
RESET enable_bitmapscan;
RESET enable_indexscan;
DROP TABLE osh_found;
DROP INDEX osh_location_fac_gin;
TRUNCATE osh_location, osh_report;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET track_functions;
SELECT run, what, count(*) FROM osh_runs GROUP BY 1, 2 ORDER BY 1, 2;
SELECT a.run, b.run,
       (SELECT count(*) FROM ((SELECT what, line FROM osh_runs WHERE run = a.run
                               EXCEPT ALL SELECT what, line FROM osh_runs WHERE run = b.run)
                              UNION ALL
                              (SELECT what, line FROM osh_runs WHERE run = b.run
                               EXCEPT ALL SELECT what, line FROM osh_runs WHERE run = a.run)) d) AS lines_apart
FROM (SELECT DISTINCT run FROM osh_runs) a JOIN (SELECT DISTINCT run FROM osh_runs) b ON a.run < b.run
ORDER BY 1, 2;
-- osh_write_new's refusals
BEGIN;
CREATE TEMP TABLE osh_note (ord bigint, row_ref text, record jsonb, reason text, detail text, warn_empty text,
                            warn_workers text, warn_flag text);
SAVEPOINT s;
SELECT osh_write_new('SELECT 1', 'x', 'osh_big');
ROLLBACK TO s;
SELECT osh_write_new('SELECT 1; SELECT 2', 'x', 'pg_temp.osh_note');
ROLLBACK TO s;
SELECT osh_write_new('DELETE FROM osh_big', 'x', 'pg_temp.osh_note');
ROLLBACK TO s;
SELECT osh_write_new('SELECT 1', 'x', 'pg_temp.osh_note');
ROLLBACK TO s;
SELECT osh_write_new('SELECT NULL::record', 'x', 'pg_temp.osh_note');
ROLLBACK TO s;
SELECT osh_write_new('SELECT ROW(1, ''a'')', 'x', 'pg_temp.osh_note');
ROLLBACK TO s;
SELECT osh_write_new($q$SELECT osh_read(NULL, v, 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                        NULL, NULL, true) FROM unnest(ARRAY['CN2019303BQ3FZP', 'CN2019303BQ3FZP']) v$q$,
                     'x', 'pg_temp.osh_note');
ROLLBACK TO s;
-- the same into a registry with rows (a later load: the first record leaves
-- its row as it was, the set of OS IDs taken finds the second)
INSERT INTO osh_location (os_id, name, country, source) VALUES ('CN2019303BQ3FZP', 'x', 'CN', 'x');
SELECT osh_write_new($q$SELECT osh_read(NULL, v, 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                        NULL, NULL, true) FROM unnest(ARRAY['CN2019303BQ3FZP', 'CN2019303BQ3FZP']) v$q$,
                     'x', 'pg_temp.osh_note');
ROLLBACK TO s;
-- a registry without a unique index on os_id (its primary key finds an OS ID twice)
ALTER TABLE osh_location DROP CONSTRAINT osh_location_pkey;
SELECT osh_write_new($q$SELECT osh_read(NULL, 'CN2019303BQ3FZP', 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                        NULL, NULL, NULL, NULL, NULL, true)$q$, 'x', 'pg_temp.osh_note');
ROLLBACK TO s;
SELECT osh_write_new($q$SELECT osh_read(NULL, 'CN2019303BQ3FZP', '---', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                        NULL, NULL, NULL, NULL, NULL, NULL, true)$q$, 'x', 'pg_temp.osh_note');
ROLLBACK;
-- osh_write_new asks for the privileges the staged path's statements need:
-- a role that may read and add registry rows but not change them loads into
-- an empty registry, and is refused a later load (before anything is read)
CREATE ROLE regress_hredd_osh_adder;
GRANT USAGE ON SCHEMA hredd TO regress_hredd_osh_adder;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA hredd TO regress_hredd_osh_adder;
GRANT SELECT, INSERT ON osh_location TO regress_hredd_osh_adder;
GRANT SELECT ON osh_big TO regress_hredd_osh_adder;
TRUNCATE osh_location, osh_report;
BEGIN;
SET LOCAL ROLE regress_hredd_osh_adder;
CREATE TEMP TABLE osh_note (ord bigint, row_ref text, record jsonb, reason text, detail text, warn_empty text,
                            warn_workers text, warn_flag text);
SELECT * FROM osh_write_new($q$SELECT osh_read(s.ctid, s.os_id, s.name, s.address, s.country_code, s.lat, s.lng, NULL, NULL,
                                              NULL, NULL, NULL, NULL, NULL, NULL, NULL, true) FROM public.osh_big s
                             WHERE s.name = 'Mill 7 Co., Ltd.'$q$, 'x', 'pg_temp.osh_note');
SAVEPOINT s;
\set VERBOSITY terse
SELECT * FROM osh_write_new($q$SELECT osh_read(s.ctid, s.os_id, s.name, s.address, s.country_code, s.lat, s.lng, NULL, NULL,
                                              NULL, NULL, NULL, NULL, NULL, NULL, NULL, true) FROM public.osh_big s$q$,
                            'x', 'pg_temp.osh_note');
\set VERBOSITY default
ROLLBACK TO s;
RESET ROLE;
GRANT UPDATE ON osh_location TO regress_hredd_osh_adder;
SET LOCAL ROLE regress_hredd_osh_adder;
SELECT * FROM osh_write_new($q$SELECT osh_read(s.ctid, s.os_id, 'Mill 7 renamed', s.address, s.country_code, s.lat, s.lng,
                                              NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true) FROM public.osh_big s
                             WHERE s.name = 'Mill 7 Co., Ltd.'$q$, 'x', 'pg_temp.osh_note');
ROLLBACK;
DROP OWNED BY regress_hredd_osh_adder;
DROP ROLE regress_hredd_osh_adder;
DROP TABLE osh_dl, osh_not, osh_bad, osh_big, osh_big2, osh_runs, osh_fired, osh_calls_seen;
DROP FUNCTION osh_keep(text), osh_count(), osh_paths();
