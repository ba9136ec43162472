-- security: what issue 10 found, as tests.  A role of the warehouse must not
-- crash the server, run code as another role, read or spoil what it may not.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default
\set SHOW_CONTEXT never
SET datestyle = ISO;
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_hredd_mallory;
DROP ROLE IF EXISTS regress_hredd_reader;
DROP ROLE IF EXISTS regress_hredd_writer;
DROP ROLE IF EXISTS regress_hredd_writer2;
RESET client_min_messages;
CREATE ROLE regress_hredd_mallory;
CREATE ROLE regress_hredd_reader;
CREATE ROLE regress_hredd_writer;
CREATE ROLE regress_hredd_writer2;
GRANT CREATE ON SCHEMA public TO regress_hredd_mallory;

-- ---------------------------------------------------------------- 1. the crash
-- a NULL row position from the input query was copied as if it were there
CREATE TABLE sec_raw (facility_ref text, code text, value text, observed_on date);
SELECT count(*) FROM hredd.harmonize_batch('SLCP_CAF', current_date,
 $q$SELECT NULL::tid,'F9'::text,'WH-TOTAL'::text,'66 h'::text,NULL::text,'2025-04-14'::date,NULL::hredd.country,true WHERE $1 IS NOT NULL AND $2 IS NOT NULL$q$,
 '(0,0)','(1,0)',1,'x');
SELECT 1 AS still_connected;

-- ---------------------------------------------------------------- 2. nothing by default
-- a role nobody granted anything may not even look
SET ROLE regress_hredd_mallory;
SELECT hredd.match_score(hredd.facility('a', NULL, NULL), hredd.facility('a', NULL, NULL));
SELECT count(*) FROM hredd.observation;
RESET ROLE;

-- internals and writers' routines are not executable by PUBLIC
SELECT p.oid::regprocedure AS executable_by_public
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'hredd'
WHERE (p.prokind = 'p' OR p.prorettype = 'trigger'::regtype
       OR p.proname IN ('harmonize_batch', 'harmonize_start', 'harmonize_step', 'match_table_start',
                        'match_table_batch', 'grant_access', 'reapply_access'))
  AND has_function_privilege('public', p.oid, 'EXECUTE')
ORDER BY 1;

-- ---------------------------------------------------------------- 3. levels
SELECT hredd.grant_access('regress_hredd_reader');
SELECT hredd.grant_access('regress_hredd_writer', 'writer');
SELECT hredd.grant_access('regress_hredd_writer2', 'writer');
SELECT hredd.grant_access('regress_hredd_mallory', 'superuser');
SELECT grantee, access FROM hredd.access_grant WHERE grantee LIKE 'regress_hredd_%' ORDER BY 1;
-- only the owner of hredd grants
SET ROLE regress_hredd_writer;
SELECT hredd.grant_access('regress_hredd_mallory', 'admin');
RESET ROLE;

CREATE TABLE sec_reg (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO sec_reg SELECT i, hredd.facility('factory ' || i || ' garment', 'lot ' || i, 'VN') FROM generate_series(1, 30) i;
CREATE TABLE sec_src (ref int PRIMARY KEY, fac hredd.facility);
INSERT INTO sec_src SELECT id, fac FROM sec_reg;
CREATE TABLE sec_res (source_key int, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
GRANT SELECT ON sec_reg, sec_src TO regress_hredd_reader, regress_hredd_writer, regress_hredd_writer2;
GRANT SELECT, INSERT ON sec_res TO regress_hredd_writer, regress_hredd_writer2;
GRANT SELECT ON sec_raw TO regress_hredd_writer, regress_hredd_writer2;
INSERT INTO sec_raw VALUES ('F1', 'WH-TOTAL', '60', '2025-01-01'), ('F1', 'WH-TOTAL', 'lots', '2025-01-01');

-- a reader reads and scores, but does not write
SET ROLE regress_hredd_reader;
SELECT count(*) AS topics FROM hredd.topic;
SELECT round(hredd.match_score(r.fac, s.fac)::numeric, 2) AS same FROM sec_reg r JOIN sec_src s ON s.ref = r.id WHERE r.id = 1;
CALL hredd.match_table('sec_src', 'ref', 'fac', 'sec_reg', 'id', 'fac', 'sec_res');
INSERT INTO hredd.observation (row_key, run_id, source, scheme, facility_ref, scheme_code, topic, indicator, value, unit, observed_on, raw_value)
VALUES (gen_random_uuid(), 1, 'x', 'SLCP_CAF', 'F1', 'x', 'WORKING_TIME', 'weekly_hours', 1, 'h/week', '2025-01-01', '1');
-- harmonize_batch checks the tables' privileges before it reads or locks them
SELECT count(*) FROM hredd.harmonize_batch('SLCP_CAF', current_date, 'SELECT NULL', '(0,0)', '(1,0)', 1, 'x');
RESET ROLE;

-- a writer runs the procedures; its run state is its own
SET client_min_messages = warning;
SET ROLE regress_hredd_writer;
CALL hredd.match_table('sec_src', 'ref', 'fac', 'sec_reg', 'id', 'fac', 'sec_res', batch_size => 10);
CALL hredd.harmonize('sec_raw', 'SLCP_CAF');
SELECT run_by, rows_done, finished_at IS NOT NULL AS finished FROM hredd.match_run WHERE result = 'sec_res'::regclass;
-- … and assesses risk (freezing the profile version it used), but cannot change the profile
SELECT hredd.assess_risk('sec_src', 'ref', facility_column => 'fac') IS NOT NULL AS assessed;
SELECT frozen_by_run IS NOT NULL AS frozen FROM hredd.risk_profile WHERE profile = 'default' AND version = 1;
UPDATE hredd.risk_profile SET alpha = 0.5 WHERE profile = 'default';
INSERT INTO hredd.risk_profile (profile, version) VALUES ('sec_mine', 1);
RESET ROLE;
SET ROLE regress_hredd_reader;
SELECT count(*) > 0 AS reader_reads_register FROM hredd.risk_register;
SELECT hredd.assess_risk('sec_src', 'ref', facility_column => 'fac');
RESET ROLE;
SET ROLE regress_hredd_writer2;
-- another writer can neither see nor spoil the first one's positions …
SELECT count(*) AS visible_match_runs FROM hredd.match_run;
UPDATE hredd.match_run SET last_key = 'ZZZZ', finished_at = NULL;
SELECT count(*) AS visible_positions FROM hredd.harmonize_state;
UPDATE hredd.harmonize_state SET last_row = '(1000000,0)';
INSERT INTO hredd.harmonize_state (source, scheme, run_by) VALUES ('public.sec_raw', 'SLCP_CAF', 'regress_hredd_writer');
-- … nor mark its runs interrupted; it reads the run log
UPDATE hredd.harmonize_run SET status = 'interrupted';
SELECT run_by, status, rows_in, rows_out, rows_rejected FROM hredd.harmonize_run WHERE source = 'public.sec_raw';
-- its own run of the same table reads it whole and finds the twins
CALL hredd.harmonize('sec_raw', 'SLCP_CAF');
SELECT run_by, status, rows_in, rows_out, rows_rejected FROM hredd.harmonize_run WHERE source = 'public.sec_raw' ORDER BY run_id;
-- the internals refuse to run outside their procedure
SELECT hredd.match_table_batch('sec_src', 'ref', 'fac', 'sec_reg', 'id', 'fac', 'sec_res', 0.5, 5, 10);
SELECT hredd.harmonize_step(1, 0, 'sec_raw', 'SLCP_CAF', NULL, 'facility_ref', 100, 'facility_ref', 'code', 'value', NULL, 'observed_on', NULL);
RESET ROLE;
RESET client_min_messages;
SELECT run_by, last_key, rows_done, finished_at IS NOT NULL AS finished FROM hredd.match_run WHERE result = 'sec_res'::regclass;
SELECT run_by, last_row FROM hredd.harmonize_state WHERE source = 'public.sec_raw' ORDER BY 1;

-- one run into a result table at a time: another session's claim blocks it
SELECT pg_advisory_lock(hashtext('hredd.match_table'), hashtext('sec_res'::regclass::oid::text));
SELECT hredd.match_table_lock_holder('sec_res') = pg_backend_pid() AS claimed_here;
SELECT pg_advisory_unlock(hashtext('hredd.match_table'), hashtext('sec_res'::regclass::oid::text));
SELECT hredd.match_table_lock_holder('sec_res') AS holder_after_unlock;

-- ---------------------------------------------------------------- 4. settings do not move progress
-- a run stopped under one DateStyle and resumed under another reads every row once
CREATE TABLE sec_dsrc (d date PRIMARY KEY, fac hredd.facility);
INSERT INTO sec_dsrc SELECT date '2024-01-01' + i, hredd.facility('factory ' || (i % 30 + 1) || ' garment', 'lot ' || (i % 30 + 1), 'VN')
FROM generate_series(0, 59) i;
CREATE TABLE sec_dres (source_key date, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
CREATE TABLE sec_dref (LIKE sec_dres INCLUDING ALL);
SET client_min_messages = warning;
CALL hredd.match_table('sec_dsrc', 'd', 'fac', 'sec_reg', 'id', 'fac', 'sec_dref', top_k => 1, batch_size => 7);
SET DateStyle = 'SQL, DMY';
SELECT hredd.match_table_start('sec_dsrc', 'd', 'fac', 'sec_reg', 'id', 'fac', 'sec_dres', 0.5, 1, 7, false);
SELECT hredd.match_table_batch('sec_dsrc', 'd', 'fac', 'sec_reg', 'id', 'fac', 'sec_dres', 0.5, 1, 7);
SELECT hredd.match_table_batch('sec_dsrc', 'd', 'fac', 'sec_reg', 'id', 'fac', 'sec_dres', 0.5, 1, 7);
SELECT last_key, rows_done FROM hredd.match_run WHERE result = 'sec_dres'::regclass;
SET DateStyle = 'ISO, MDY';
CALL hredd.match_table('sec_dsrc', 'd', 'fac', 'sec_reg', 'id', 'fac', 'sec_dres', top_k => 1, batch_size => 7);
RESET client_min_messages;
SELECT rows_done, finished_at IS NOT NULL AS finished FROM hredd.match_run WHERE result = 'sec_dres'::regclass;
SELECT (SELECT count(*) FROM sec_dres) AS resumed, (SELECT count(*) FROM sec_dref) AS uninterrupted,
       (SELECT count(*) FROM (SELECT * FROM sec_dres EXCEPT SELECT * FROM sec_dref) x) AS differences;
SET datestyle = ISO;

-- ---------------------------------------------------------------- 5. search_path shadows
-- mallory plants better-matching operators and functions in public, and a
-- table named like the temporary work table cluster_facilities uses; none
-- of it may run when a superuser calls hredd with public first on its path.
CREATE TABLE sec_pwned (what text, by_user name DEFAULT current_user);
GRANT INSERT ON sec_pwned TO PUBLIC;
SET ROLE regress_hredd_mallory;
CREATE FUNCTION public.sec_pw_lt(float8, int) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('<(float8,int)'); RETURN $1 < $2::float8; END $$;
CREATE OPERATOR public.< (LEFTARG = float8, RIGHTARG = int, FUNCTION = public.sec_pw_lt);
CREATE FUNCTION public.sec_pw_gt(float8, int) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('>(float8,int)'); RETURN $1 > $2::float8; END $$;
CREATE OPERATOR public.> (LEFTARG = float8, RIGHTARG = int, FUNCTION = public.sec_pw_gt);
CREATE FUNCTION public.sec_pw_ge(float8, int) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('>=(float8,int)'); RETURN $1 >= $2::float8; END $$;
CREATE OPERATOR public.>= (LEFTARG = float8, RIGHTARG = int, FUNCTION = public.sec_pw_ge);
CREATE FUNCTION public.sec_pw_le(float8, int) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('<=(float8,int)'); RETURN $1 <= $2::float8; END $$;
CREATE OPERATOR public.<= (LEFTARG = float8, RIGHTARG = int, FUNCTION = public.sec_pw_le);
CREATE FUNCTION public.sec_pw_eq(regclass, regclass) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('=(regclass,regclass)'); RETURN $1::oid = $2::oid; END $$;
CREATE OPERATOR public.= (LEFTARG = regclass, RIGHTARG = regclass, FUNCTION = public.sec_pw_eq);
CREATE FUNCTION public.sec_pw_neq(regtype, regtype) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('<>(regtype,regtype)'); RETURN $1::oid <> $2::oid; END $$;
CREATE OPERATOR public.<> (LEFTARG = regtype, RIGHTARG = regtype, FUNCTION = public.sec_pw_neq);
CREATE FUNCTION public.sec_pw_bigint_eq(bigint, int) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('=(bigint,int)'); RETURN $1 = $2::bigint; END $$;
CREATE OPERATOR public.= (LEFTARG = bigint, RIGHTARG = int, FUNCTION = public.sec_pw_bigint_eq);
CREATE FUNCTION public.format(text, text) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('format(text,text)'); RETURN pg_catalog.format($1, $2); END $$;
CREATE FUNCTION public.format(text, regclass) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('format(text,regclass)'); RETURN pg_catalog.format($1, $2); END $$;
CREATE FUNCTION public.unnest(text[]) RETURNS SETOF text LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('unnest(text[])'); RETURN QUERY SELECT pg_catalog.unnest($1); END $$;
CREATE FUNCTION public.set_config(text, text, boolean) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('set_config'); RETURN pg_catalog.set_config($1, $2, $3); END $$;
CREATE FUNCTION public.hashtext(text) RETURNS int LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('hashtext'); RETURN 0; END $$;
CREATE TABLE public.hredd_cl_node (k text, fac text, label text, centre text, settled boolean);
CREATE TABLE public.hredd_cl_pair (a text, b text, s float8);
CREATE FUNCTION public.sec_pw_trigger() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO sec_pwned (what) VALUES ('trigger on ' || TG_TABLE_NAME); RETURN NEW; END $$;
CREATE TRIGGER pw BEFORE INSERT ON public.hredd_cl_node FOR EACH ROW EXECUTE FUNCTION public.sec_pw_trigger();
CREATE TRIGGER pw BEFORE INSERT ON public.hredd_cl_pair FOR EACH ROW EXECUTE FUNCTION public.sec_pw_trigger();
RESET ROLE;

SET search_path = public, hredd;
SET client_min_messages = warning;
CALL hredd.match_table('sec_src', 'ref', 'fac', 'sec_reg', 'id', 'fac', 'sec_res', restart => true, batch_size => 10);
CALL hredd.harmonize('sec_raw', 'SLCP_CAF');
SELECT count(*) AS clustered FROM hredd.cluster_facilities('sec_reg', 'id', 'fac');
SELECT hredd.wage_severity(0.9, 0.5), hredd.wage_severity(1.2, 0.8);
SELECT count(*) AS reconciled FROM hredd.harmonize_reconcile('sec_raw', 'SLCP_CAF');
SELECT hredd.relation_ref('sec_raw'), hredd.column_type('sec_raw', 'code');
INSERT INTO hredd.crosswalk (scheme, scheme_code, topic, label, source, value_map)
VALUES ('SMETA', 'SEC-1', 'OSH', 'x', 't', '{"yes": 1}');
DELETE FROM hredd.crosswalk WHERE scheme_code = 'SEC-1';
SET search_path = hredd;
CALL hredd.match_table('public.sec_src', 'ref', 'fac', 'public.sec_reg', 'id', 'fac', 'public.sec_res', restart => true, batch_size => 10);
SELECT count(*) AS clustered FROM hredd.cluster_facilities('public.sec_reg', 'id', 'fac');
SET search_path = public, hredd;
RESET client_min_messages;
SELECT what, by_user FROM sec_pwned;

-- ---------------------------------------------------------------- clean up
SET client_min_messages = warning;
DROP TABLE public.hredd_cl_node, public.hredd_cl_pair;
DROP OPERATOR public.< (float8, int);
DROP OPERATOR public.> (float8, int);
DROP OPERATOR public.>= (float8, int);
DROP OPERATOR public.<= (float8, int);
DROP OPERATOR public.= (regclass, regclass);
DROP OPERATOR public.<> (regtype, regtype);
DROP OPERATOR public.= (bigint, int);
DROP FUNCTION public.format(text, text), public.format(text, regclass), public.unnest(text[]),
    public.set_config(text, text, boolean), public.hashtext(text), public.sec_pw_trigger(),
    public.sec_pw_lt(float8, int), public.sec_pw_gt(float8, int), public.sec_pw_ge(float8, int),
    public.sec_pw_le(float8, int), public.sec_pw_eq(regclass, regclass), public.sec_pw_neq(regtype, regtype),
    public.sec_pw_bigint_eq(bigint, int);
DELETE FROM hredd.match_run WHERE result::text LIKE '%sec_%';
DELETE FROM hredd.harmonize_state WHERE source = 'public.sec_raw';
SELECT hredd.grant_access(r, NULL) FROM unnest(ARRAY['regress_hredd_reader', 'regress_hredd_writer', 'regress_hredd_writer2']::regrole[]) r;
REVOKE CREATE ON SCHEMA public FROM regress_hredd_mallory;
DROP TABLE sec_raw, sec_reg, sec_src, sec_res, sec_dsrc, sec_dres, sec_dref, sec_pwned;
DROP OWNED BY regress_hredd_mallory, regress_hredd_reader, regress_hredd_writer, regress_hredd_writer2;
DROP ROLE regress_hredd_mallory, regress_hredd_reader, regress_hredd_writer, regress_hredd_writer2;
