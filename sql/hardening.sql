-- hardening: what a shared warehouse needs of the C functions.
--   1. facility values equal under = hash alike (-0 is 0), so hashed and
--      sorted plans agree;
--   2. convert_unit says what is wrong with a value that is not finite or
--      that overflows, with its own SQLSTATE;
--   3. an error quotes at most the start of a huge or badly encoded value.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
RESET client_min_messages;
SET search_path = public, hredd;
\set VERBOSITY default
\set SHOW_CONTEXT never

-- 1. -0 is stored as 0, from every entry point
SELECT facility('Zhenghao Garment', NULL, 'CN', '-0', '-0')::text AS constructor,
       '("zhenghao garment",,CN,-0,-0.0e3)'::hredd.facility::text AS text_input,
       try_facility('Zhenghao Garment', NULL, 'CN', '-0', 0)::text AS try;
SELECT facility('a', NULL, NULL, '-0', 0) = facility('a', NULL, NULL, 0, 0) AS eq,
       facility_hash(facility('a', NULL, NULL, '-0', 0)) = facility_hash(facility('a', NULL, NULL, 0, 0)) AS hash,
       facility_hash_extended(facility('a', NULL, NULL, 0, '-0'), 42)
         = facility_hash_extended(facility('a', NULL, NULL, 0, 0), 42) AS hash_extended;
-- the binary form: a hand-made message with -0 coordinates (COPY BINARY
-- hands each field's bytes to facility_recv)
\copy (SELECT '\x000001'::bytea || float8send('-0') || float8send('-0') || int4send(16) || 'zhenghao garment'::bytea || int4send(0)) TO 'results/hardening_recv.bin' WITH (FORMAT binary)
CREATE TABLE recv (f hredd.facility);
\copy recv FROM 'results/hardening_recv.bin' WITH (FORMAT binary)
SELECT f::text AS received, f = facility('Zhenghao Garment', NULL, NULL, 0, 0) AS eq,
       facility_send(f) = facility_send(facility('Zhenghao Garment', NULL, NULL, 0, 0)) AS same_bytes
FROM recv;
-- NaN coordinates are refused by recv as by every other entry point
\copy (SELECT '\x000001'::bytea || float8send('NaN') || float8send(0) || int4send(1) || 'a'::bytea || int4send(0)) TO 'results/hardening_recv.bin' WITH (FORMAT binary)
\copy recv FROM 'results/hardening_recv.bin' WITH (FORMAT binary)
SELECT facility('a', NULL, NULL, 'NaN', 0);
SELECT '("a",,,0,nan)'::hredd.facility;

-- hashed and sorted plans agree: six spellings of one value, one other
CREATE TABLE fz (id int, f hredd.facility);
INSERT INTO fz
SELECT id, facility('Zhenghao Garment', NULL, NULL, lat, lng)
FROM (VALUES (1, 0::float8, 0::float8), (2, '-0', 0), (3, 0, '-0'), (4, '-0', '-0'), (5, 30, 120)) v(id, lat, lng);
INSERT INTO fz SELECT 6, f FROM recv;
INSERT INTO fz VALUES (7, '("zhenghao garment",,,-0,-0)');
ANALYZE fz;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT f FROM fz GROUP BY f;
SELECT count(*) AS hashed_groups FROM (SELECT f FROM fz GROUP BY f) g;
RESET enable_sort;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT f FROM fz GROUP BY f;
SELECT count(*) AS sorted_groups FROM (SELECT f FROM fz GROUP BY f) g;
RESET enable_hashagg;
SET enable_nestloop = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM fz a JOIN fz b ON a.f = b.f;
SELECT count(*) AS hash_join_pairs FROM fz a JOIN fz b ON a.f = b.f;
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM fz a JOIN fz b ON a.f = b.f;
SELECT count(*) AS merge_join_pairs FROM fz a JOIN fz b ON a.f = b.f;
RESET enable_hashjoin;
RESET enable_nestloop;
-- a hash index finds every spelling
CREATE INDEX fz_hash ON fz USING hash (f);
SET enable_seqscan = off;
SELECT count(*) AS hash_index_hits FROM fz WHERE f = facility('Zhenghao Garment', NULL, NULL, '-0', 0);
RESET enable_seqscan;

-- 2. convert_unit: a value that is not finite, a result that overflows
SELECT convert_unit('NaN', 'h/day', 'h/week');
\echo :LAST_ERROR_SQLSTATE
SELECT convert_unit('Infinity', 'h/week', 'h/week');
\echo :LAST_ERROR_SQLSTATE
SELECT convert_unit('-Infinity', 'BDT/day', 'BDT/month');
\echo :LAST_ERROR_SQLSTATE
SELECT convert_unit(1e308, 'h/day', 'h/week');
\echo :LAST_ERROR_SQLSTATE
SELECT convert_unit(-1e308, 'BDT/day', 'BDT/year');
\echo :LAST_ERROR_SQLSTATE
-- units are checked before the value
SELECT convert_unit('NaN', '%', 'h/week');
\echo :LAST_ERROR_SQLSTATE
-- what does convert
SELECT convert_unit(1e308, 'h/week', 'h/week') AS same_unit,
       convert_unit(1e300, 'h/day', 'h/week') AS large,
       convert_unit('-0', 'h/day', 'h/week') AS minus_zero;

-- 3. a huge value is quoted by its first 64 bytes, whole characters only
SELECT repeat('x', 10000000)::hredd.facility;
SELECT ('("' || repeat('é', 1000000))::hredd.facility;
SELECT ('("zhenghao" ' || repeat('junk ', 100) || ',,,,)')::hredd.facility;
SELECT ('(' || repeat('"a",', 100) || ')')::hredd.facility;
SELECT ('("a",,' || repeat('Narnia', 1000000) || ',,)')::hredd.facility;
SELECT facility(repeat('-', 1000), NULL, NULL);
SELECT facility(repeat('—', 300), NULL, NULL);
SELECT facility('-', NULL, NULL);
SELECT facility('Zhenghao Garment', NULL, repeat('Atlantis', 1000000));
SELECT try_facility('Zhenghao Garment', NULL, repeat('Atlantis', 1000000)) IS NULL AS try_is_null;
SELECT normalize_name('Zhenghao Garment', repeat('Ruritania ', 1000000));
SELECT normalize_address('No. 8 Road', repeat('ø', 1000000));
SELECT normalize_unit(repeat('furlongs ', 1000000));
SELECT convert_unit(1, 'h/week', repeat('€', 1000000));
SELECT parse_value_as('60', '', repeat('parsec ', 1000000));
SELECT grade_score(repeat('michelin', 1000000), 'A');
-- a binary message's name is quoted only as far as it is valid UTF-8
\copy (SELECT '\x000000'::bytea || int4send(3) || '\x2dff2d'::bytea || int4send(0)) TO 'results/hardening_recv.bin' WITH (FORMAT binary)
\copy recv FROM 'results/hardening_recv.bin' WITH (FORMAT binary)
