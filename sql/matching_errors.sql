-- Facility matching: every error, with its exact message.
\set SHOW_CONTEXT never
\set VERBOSITY default
SET search_path = public, hredd;

-- names: empty, blank, punctuation only, too long
SELECT facility('', NULL, NULL);
SELECT facility('   ', 'somewhere', 'CN');
SELECT facility('---', NULL, NULL);
SELECT facility(repeat('a', 1001), NULL, NULL);
SELECT facility('ok', repeat('b', 2001), NULL);
SELECT normalize_name(repeat('x', 1000000));
SELECT normalize_address(repeat('y ', 1001));
-- a name at the limit is fine
SELECT length(normalize_name(repeat('a', 1000))) AS at_limit;

-- country: the country type's own error
SELECT facility('Zhenghao Garment', NULL, 'Atlantis');
SELECT facility('Zhenghao Garment', NULL, 'XX');
SELECT normalize_name('Zhenghao Garment', 'ZZZ');

-- coordinates: NaN, out of range, one without the other
SELECT facility('Zhenghao Garment', NULL, 'CN', 'NaN', 120);
SELECT facility('Zhenghao Garment', NULL, 'CN', 91, 120);
SELECT facility('Zhenghao Garment', NULL, 'CN', 30, -180.5);
SELECT facility('Zhenghao Garment', NULL, 'CN', 'Infinity', 0);
SELECT facility('Zhenghao Garment', NULL, 'CN', 30, NULL);
SELECT facility('Zhenghao Garment', NULL, 'CN', NULL, 120);

-- text input
SELECT 'zhenghao'::hredd.facility;
SELECT '("zhenghao")'::hredd.facility;
SELECT '("zhenghao",,,,,)'::hredd.facility;
SELECT '("zhenghao,,,,)'::hredd.facility;
SELECT '("zhenghao" x,,,,)'::hredd.facility;
SELECT '("zhenghao",,CN,north,120)'::hredd.facility;
SELECT '("zhenghao",,CN,30,)'::hredd.facility;
SELECT '("zhenghao",,CN,95,120)'::hredd.facility;
SELECT '("zhenghao",,CN,nan,120)'::hredd.facility;
SELECT '("zhenghao",,Narnia,,)'::hredd.facility;
SELECT '("",,,,)'::hredd.facility;
SELECT 'x'::hredd.facility_gkey;

-- the threshold setting
SET hredd.match_threshold = 1.5;
SET hredd.match_threshold = -0.1;

-- match_table: bad arguments and tables, all refused before anything is written
CREATE TABLE s (ref text PRIMARY KEY, fac hredd.facility, name text);
CREATE TABLE t (id int PRIMARY KEY, fac hredd.facility);
CREATE TABLE r (source_key text, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
CREATE TABLE r_nokey (source_key text, target_key int, score float8, rank int);
CREATE TABLE r_nocol (source_key text, target_key int, score float8);
CALL match_table('s', 'ref', 'fac', 't', 'id', 'fac', 'r', threshold => 1.5);
CALL match_table('s', 'ref', 'fac', 't', 'id', 'fac', 'r', top_k => 0);
CALL match_table('s', 'nope', 'fac', 't', 'id', 'fac', 'r');
CALL match_table('s', 'ref', 'fac', 't', 'id', 'nope', 'r');
CALL match_table('s', 'ref', 'name', 't', 'id', 'fac', 'r');
CALL match_table('s', 'ref', 'fac', 't', 'id', 'fac', 'r_nocol');
CALL match_table('s', 'ref', 'fac', 't', 'id', 'fac', 'r_nokey');
CALL match_table('no_such_table', 'ref', 'fac', 't', 'id', 'fac', 'r');
SELECT count(*) AS runs_recorded FROM hredd.match_run WHERE source = 's'::regclass;

-- cluster_facilities
SELECT * FROM cluster_facilities('s', 'ref', 'name');
SELECT * FROM cluster_facilities('s', 'nope', 'fac');
SELECT * FROM cluster_facilities('s', 'ref', 'fac', 2);
SELECT * FROM cluster_facilities('s', 'ref', 'fac', 0.5, 0);
SELECT * FROM cluster_facilities('s', 'ref', 'fac', 'NaN');
CALL match_table('s', 'ref', 'fac', 't', 'id', 'fac', 'r', threshold => 'NaN');
CALL match_table('s', NULL, 'fac', 't', 'id', 'fac', 'r');
