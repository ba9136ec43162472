-- identifier_index: the planner uses the operator classes as it should.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
CREATE EXTENSION IF NOT EXISTS pageinspect;
SET search_path = public, hredd;

-- opclasses pass amvalidate
SELECT opc.opcname, am.amname, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcnamespace = 'hredd'::regnamespace ORDER BY 1, 2;

-- deterministic sample rows of every type
CREATE TABLE fac AS
SELECT i,
       (c || lpad((2019 + i % 5)::text, 4, '0') || lpad((1 + i % 365)::text, 3, '0') ||
        translate(lpad(upper(to_hex(i)), 5, '0'), 'ILOU', 'JMPV') ||
        os_id_check_char(c || lpad((2019 + i % 5)::text, 4, '0') || lpad((1 + i % 365)::text, 3, '0') ||
                         translate(lpad(upper(to_hex(i)), 5, '0'), 'ILOU', 'JMPV')))::os_id AS os,
       (s18 || lei_check_digits(s18))::lei AS lei,
       (d12 || gln_check_digit(d12))::gln AS gln,
       lpad((i * 7919 % 1000000000)::text, 9, '0')::duns AS duns,
       c::country AS country
FROM (SELECT i, (ARRAY['CN','BD','VN','IN','TR','KH','XK','PK'])[1 + i % 8] AS c,
             '5493' || lpad(upper(to_hex(i * 2654435761 % 4294967296)), 14, '0') AS s18,
             lpad((i * 104729 % 1000000000000)::text, 12, '0') AS d12
      FROM generate_series(1, 20000) i) g;
ANALYZE fac;

-- hash join on each type
SET enable_mergejoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM fac a JOIN fac b ON a.os = b.os;
EXPLAIN (COSTS OFF) SELECT count(*) FROM fac a JOIN fac b ON a.lei = b.lei;
SELECT count(*) FROM fac a JOIN fac b ON a.lei = b.lei;
SELECT count(*) FROM fac a JOIN fac b ON a.os = b.os;
RESET enable_mergejoin; RESET enable_nestloop;

-- merge join
SET enable_hashjoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM fac a JOIN fac b ON a.gln = b.gln;
SELECT count(*) FROM fac a JOIN fac b ON a.gln = b.gln;
EXPLAIN (COSTS OFF) SELECT count(*) FROM fac a JOIN fac b ON a.lei = b.lei;
RESET enable_hashjoin; RESET enable_nestloop;

-- hash aggregate and DISTINCT
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT country, count(*) FROM fac GROUP BY country;
SELECT country, count(*) FROM fac GROUP BY country ORDER BY country;
RESET enable_sort;

-- btree: index-only scans, deduplication (equalimage)
CREATE INDEX fac_os ON fac (os);
CREATE INDEX fac_lei ON fac (lei);
CREATE INDEX fac_duns ON fac (duns);
CREATE INDEX fac_country ON fac (country);
VACUUM ANALYZE fac;
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT os FROM fac WHERE os = 'CN2019303BQ3FZP';
EXPLAIN (COSTS OFF) SELECT lei FROM fac WHERE lei > '5493001KJTIIGC8Y1R12';
EXPLAIN (COSTS OFF) SELECT count(*) FROM fac WHERE country = 'Viet Nam';
SELECT count(*) FROM fac WHERE country = 'Viet Nam';
EXPLAIN (COSTS OFF) SELECT duns FROM fac ORDER BY duns LIMIT 3;
RESET enable_seqscan; RESET enable_bitmapscan;
SELECT c.relname, (bt_metap(c.relname)).allequalimage
FROM pg_class c WHERE c.relname IN ('fac_os', 'fac_lei', 'fac_duns', 'fac_country') ORDER BY 1;

-- hash and BRIN indexes
CREATE INDEX fac_gln_hash ON fac USING hash (gln);
DROP INDEX fac_os;
CREATE INDEX fac_os_brin ON fac USING brin (os);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM fac WHERE gln = '0078742000008';
EXPLAIN (COSTS OFF) SELECT count(*) FROM fac WHERE os > 'VN201900100000H';
SELECT (SELECT count(*) FROM fac WHERE os > 'VN201900100000H') =
       (SELECT count(*) FROM fac WHERE os::text > 'VN201900100000H') AS brin_agrees_with_text,
       (SELECT count(*) FROM fac WHERE os > 'VN201900100000H') AS n;
RESET enable_seqscan;

-- sort with abbreviated keys agrees with the text order
SELECT bool_and(ok) AS lei_sort_matches_text FROM (
  SELECT lei::text >= lag(lei::text) OVER (ORDER BY lei) AS ok FROM fac) s WHERE ok IS NOT NULL;

-- PARTITION BY HASH on every type, rows routed and found
CREATE TABLE p_os (v os_id) PARTITION BY HASH (v);
CREATE TABLE p_os_0 PARTITION OF p_os FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE p_os_1 PARTITION OF p_os FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO p_os SELECT os FROM fac;
CREATE TABLE p_lei (v lei) PARTITION BY HASH (v);
CREATE TABLE p_lei_0 PARTITION OF p_lei FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE p_lei_1 PARTITION OF p_lei FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO p_lei SELECT lei FROM fac;
CREATE TABLE p_gln (v gln) PARTITION BY HASH (v);
CREATE TABLE p_gln_0 PARTITION OF p_gln FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE p_gln_1 PARTITION OF p_gln FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO p_gln SELECT gln FROM fac;
CREATE TABLE p_duns (v duns) PARTITION BY HASH (v);
CREATE TABLE p_duns_0 PARTITION OF p_duns FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE p_duns_1 PARTITION OF p_duns FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO p_duns SELECT duns FROM fac;
CREATE TABLE p_country (v country) PARTITION BY HASH (v);
CREATE TABLE p_country_0 PARTITION OF p_country FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE p_country_1 PARTITION OF p_country FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO p_country SELECT country FROM fac;
SELECT 'os' AS t, count(*) FILTER (WHERE tableoid = 'p_os_0'::regclass) > 0 AND
       count(*) FILTER (WHERE tableoid = 'p_os_1'::regclass) > 0 AS both_used, count(*) FROM p_os
UNION ALL SELECT 'lei', count(*) FILTER (WHERE tableoid = 'p_lei_0'::regclass) > 0 AND
       count(*) FILTER (WHERE tableoid = 'p_lei_1'::regclass) > 0, count(*) FROM p_lei
UNION ALL SELECT 'gln', count(*) FILTER (WHERE tableoid = 'p_gln_0'::regclass) > 0 AND
       count(*) FILTER (WHERE tableoid = 'p_gln_1'::regclass) > 0, count(*) FROM p_gln
UNION ALL SELECT 'duns', count(*) FILTER (WHERE tableoid = 'p_duns_0'::regclass) > 0 AND
       count(*) FILTER (WHERE tableoid = 'p_duns_1'::regclass) > 0, count(*) FROM p_duns
UNION ALL SELECT 'country', count(*) FILTER (WHERE tableoid = 'p_country_0'::regclass) > 0 AND
       count(*) FILTER (WHERE tableoid = 'p_country_1'::regclass) > 0, count(*) FROM p_country
ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM p_lei WHERE v = '506700GE1G29325QX363';

-- parallel plans are allowed
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT count(*) FROM fac WHERE os::text LIKE 'CN%' AND lei_lou(lei) = '5493';
RESET ALL;
