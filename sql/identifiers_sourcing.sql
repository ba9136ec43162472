-- identifiers_sourcing: company numbers of the sourcing countries (uscc,
-- gstin, vn_mst, bd_bin, tr_vkn): forms read, canonical output, binary
-- round trip, order, indexes, helpers, exact-ID evidence, and every class of
-- bad input with its exact message.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default

-- forms read, canonical output
SELECT v, v::uscc FROM (VALUES ('914403001922038216'), (' uscc: 9144-0300-7152-6726-xg '),
    ('91330100716105852F'), ('91310115ma1k3btp2b')) t(v);
SELECT v, v::gstin FROM (VALUES ('27AAPFU0939F1ZV'), ('gstin 27-aaacr5055k1z7'), ('27 AAACT 2727Q 1ZW')) t(v);
SELECT v, v::vn_mst FROM (VALUES ('0300588569'), ('0100109106-501'), ('MST: 0100109106 501'),
    ('0314409058-002'), ('0100.233.488')) t(v);
SELECT v, v::bd_bin FROM (VALUES ('0001234560101'), ('BIN 000123456-0101')) t(v);
SELECT v, v::tr_vkn FROM (VALUES ('4540536920'), ('0010213576'), ('VKN: 1050 060 784')) t(v);

-- helpers: is_valid, try_, _error
SELECT uscc_is_valid('914403001922038216') AS ok, uscc_is_valid('914403001922038217') AS bad,
       try_uscc('914403001922038217') IS NULL AS try_null, uscc_error('914403001922038217');
SELECT gstin_is_valid('27AAPFU0939F1ZV'), try_gstin('27aapfu0939f1zv'), gstin_error('27AAPFU0939F1ZV') IS NULL;
SELECT vn_mst_is_valid('0100109106-501'), try_vn_mst('0100109106-000'), vn_mst_error('0100109106-000');
SELECT bd_bin_is_valid('123456789'), bd_bin_error('123456789');
SELECT tr_vkn_is_valid('4540536920'), tr_vkn_error('4540536921');

-- accessors
SELECT uscc_region('914403001922038216'), uscc_org_code_ok('914403001922038216'),
       gstin_state('27AAPFU0939F1ZV'), gstin_pan('27AAPFU0939F1ZV'),
       vn_mst_head_office('0100109106-501'), vn_mst_branch('0100109106-501'), vn_mst_branch('0100109106');

-- order equals the order of the canonical text
WITH u(x) AS (VALUES ('914403001922038216'::uscc), ('9144030071526726XG'), ('91330100716105852F'),
                     ('91110000600037341L'), ('91310115MA1K3BTP2B'))
SELECT array_agg(x ORDER BY x) = array_agg(x ORDER BY x::text) AS uscc_order FROM u;
WITH g(x) AS (VALUES ('27AAPFU0939F1ZV'::gstin), ('27AAACR5055K1Z7'), ('27AAACT2727Q1ZW'))
SELECT array_agg(x ORDER BY x) = array_agg(x ORDER BY x::text) AS gstin_order FROM g;
WITH m(x) AS (VALUES ('0300588569'::vn_mst), ('0100109106-501'), ('0100109106'), ('0314409058-002'), ('0100233488'))
SELECT array_agg(x ORDER BY x) AS mst_sorted, array_agg(x ORDER BY x) = array_agg(x ORDER BY x::text) AS mst_order FROM m;

-- binary round trip re-validates
SELECT length(uscc_send('9144030071526726XG')) AS uscc_bytes,
       gstin_send('27AAPFU0939F1ZV') = gstin_send('27aapfu0939f1zv') AS same_bytes;
CREATE TEMP TABLE ids_bin (u uscc, g gstin, m vn_mst, b bd_bin, t tr_vkn);
INSERT INTO ids_bin VALUES ('914403001922038216', '27AAPFU0939F1ZV', '0100109106-501', '0001234560101', '4540536920');
\copy ids_bin TO '/tmp/hredd_ids_sourcing.bin' WITH (FORMAT binary)
\copy ids_bin FROM '/tmp/hredd_ids_sourcing.bin' WITH (FORMAT binary)
SELECT count(*), count(DISTINCT (u, g, m, b, t)) FROM ids_bin;
\! rm -f /tmp/hredd_ids_sourcing.bin

-- indexes: btree, hash, hash partitioning
CREATE TEMP TABLE ids_m AS SELECT try_vn_mst(lpad(i::text, 9, '0') || d::text) AS m
    FROM generate_series(100000000, 100002000) i, generate_series(0, 9) d
    WHERE vn_mst_is_valid(lpad(i::text, 9, '0') || d::text);
SELECT count(*) > 1500 AS many FROM ids_m;
CREATE INDEX ON ids_m (m);
CREATE INDEX ON ids_m USING hash (m);
SET enable_seqscan = off;
SELECT count(*) FROM ids_m WHERE m = '1000000185';
SELECT count(*) FROM ids_m WHERE m = '1000000185-001';
RESET enable_seqscan;
CREATE TABLE ids_part (g gstin) PARTITION BY HASH (g);
CREATE TABLE ids_part_0 PARTITION OF ids_part FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE ids_part_1 PARTITION OF ids_part FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO ids_part VALUES ('27AAPFU0939F1ZV'), ('27AAACR5055K1Z7'), ('27AAACT2727Q1ZW');
SELECT count(*) FROM ids_part WHERE g = '27aaacr5055k1z7';
DROP TABLE ids_part;
CREATE TEMP TABLE ids_u2 (u uscc PRIMARY KEY);
INSERT INTO ids_u2 VALUES ('914403001922038216'), ('9144030071526726XG');
INSERT INTO ids_u2 VALUES ('9144 0300 1922 0382 16');   -- same code, other form

-- exact-ID evidence for matching
SELECT company_number_evidence('uscc', '914403001922038216', '9144-0300-1922-0382-16') AS same,
       company_number_evidence('uscc', '914403001922038216', '9144030071526726XG') AS differ,
       company_number_evidence('uscc', '914403001922038216', '914403001922038217') AS unknown,
       company_number_evidence('vn_mst', '0100109106', '0100109106-501') AS branch_same_company,
       company_number_evidence('gstin', '27AAPFU0939F1ZV', '27AAACR5055K1Z7') AS gstin_differ;
SELECT company_key('gstin', '27AAPFU0939F1ZV'), company_key('vn_mst', '0100109106-501'),
       company_key('lei', '506700ge1g29325qx363'), company_key('uscc', 'nonsense') IS NULL AS invalid_null;
SELECT company_key('ssn', '123');

-- bad input, exact messages
SELECT '914403001922038217'::uscc;           -- wrong check character
SELECT '914403001922038261'::uscc;           -- last two swapped
SELECT '91440300192203821'::uscc;            -- 17 characters
SELECT '9144030019220382160'::uscc;          -- 19 characters
SELECT '91440300I922038216'::uscc;           -- I is not in the alphabet
SELECT '9144A3001922038216'::uscc;           -- letter in the division code
SELECT '91440300192203821é'::uscc;           -- non-ASCII
SELECT ''::uscc;                             -- empty
SELECT '27AAPFU0939F1ZO'::gstin;             -- wrong check character
SELECT '27AAPFU0939F1AV'::gstin;             -- position 14 is not Z
SELECT '27AAPFU0939F0ZV'::gstin;             -- position 13 is 0
SELECT '27AAPFU0939F1Z'::gstin;              -- 14 characters
SELECT '369296450896540'::gstin;             -- all digits
SELECT 'AAPFU0939F'::gstin;                  -- a PAN
SELECT '00AAPFU0939F1ZV'::gstin;             -- state 00
SELECT '0300588560'::vn_mst;                 -- wrong check digit
SELECT '030058856'::vn_mst;                  -- 9 digits
SELECT '0314409058-000'::vn_mst;             -- branch 000
SELECT '0100000007'::vn_mst;                 -- sequence 0000000
SELECT '1000000080'::vn_mst;                 -- no check digit exists
SELECT '03005885B9'::vn_mst;                 -- letter
SELECT '123456789'::bd_bin;                  -- old 9-digit BIN
SELECT '123456789012'::bd_bin;               -- an e-TIN
SELECT '4540536921'::tr_vkn;                 -- wrong check digit
SELECT '45405369200'::tr_vkn;                -- 11 digits: a TCKN
-- binary input re-validates: 16 bytes that encode no USCC
CREATE TEMP TABLE ids_bad (u uscc);
\! printf 'PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0\0\1\0\0\0\20\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' > /tmp/hredd_ids_sourcing_bad.bin
\copy ids_bad FROM '/tmp/hredd_ids_sourcing_bad.bin' WITH (FORMAT binary)
\! rm -f /tmp/hredd_ids_sourcing_bad.bin
