-- The contract of the extension and its routines (DESIGN.md): fixed schema,
-- the names marked (contract) with their signatures, procedures as
-- procedures, no SECURITY DEFINER, every SQL and PL/pgSQL function pinning
-- its search_path, the tables users add rows to saved by pg_dump, and
-- routines refusing bad arguments with their own messages.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public;
BEGIN;
SELECT * FROM no_plan();

SELECT is((SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'hredd'), 'hredd', 'installed in schema hredd');
SELECT is((SELECT extrelocatable FROM pg_extension WHERE extname = 'hredd'), false, 'not relocatable');
SELECT ok(EXISTS (SELECT 1 FROM pg_depend d JOIN pg_extension a ON a.oid = d.objid JOIN pg_extension b ON b.oid = d.refobjid
                  WHERE d.classid = 'pg_extension'::regclass AND a.extname = 'hredd' AND b.extname = 'postgis'),
          'requires postgis');

-- contract names and signatures
SELECT has_function('hredd', f, a, format('hredd.%s(%s)', f, array_to_string(a, ', ')))
FROM (VALUES ('match_score', ARRAY['hredd.facility', 'hredd.facility']),
             ('match_explain', ARRAY['hredd.facility', 'hredd.facility']),
             ('normalize_name', ARRAY['text', 'text']),
             ('normalize_address', ARRAY['text', 'text']),
             ('facility', ARRAY['text', 'text', 'text', 'double precision', 'double precision']),
             ('country_at', ARRAY['double precision', 'double precision']),
             ('check_location', ARRAY['double precision', 'double precision', 'hredd.country']),
             ('country_name', ARRAY['hredd.country']),
             ('os_id_country', ARRAY['hredd.os_id']),
             ('os_id_minted_on', ARRAY['hredd.os_id'])) AS c(f, a);
SELECT is(pg_get_function_result(p), r, format('%s returns %s', p, r))
FROM (VALUES ('hredd.match_score(hredd.facility, hredd.facility)'::regprocedure, 'double precision'),
             ('hredd.match_explain(hredd.facility, hredd.facility)'::regprocedure, 'jsonb'),
             ('hredd.normalize_name(text, text)'::regprocedure, 'text'),
             ('hredd.check_location(float8, float8, hredd.country)'::regprocedure,
              'TABLE(verdict text, located_in hredd.country, distance_km double precision, detail text)')) AS c(p, r);
SELECT has_function('hredd', f, format('hredd.%s exists', f))
FROM unnest(ARRAY['assess_risk', 'risk_explain', 'risk_diff', 'zones_at', 'zones_near', 'grant_access']) f;
SELECT is_procedure('hredd', p, format('hredd.%s is a procedure (CALL, commits between batches)', p))
FROM unnest(ARRAY['harmonize', 'match_table']) p;
SELECT has_view('hredd', 'risk_register', 'view hredd.risk_register');
SELECT has_table('hredd', t, 'table hredd.' || t)
FROM unnest(ARRAY['risk_layer', 'risk_zone', 'country_risk', 'topic', 'indicator', 'scheme', 'crosswalk',
                  'observation', 'rejected', 'evidence', 'risk_decision', 'risk_profile', 'risk_run']) t;

-- security rules of every routine
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'hredd'::regnamespace AND p.prosecdef ORDER BY 1),
          '{}'::text[], 'no SECURITY DEFINER routine');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                WHERE p.pronamespace = 'hredd'::regnamespace AND l.lanname IN ('sql', 'plpgsql') AND p.prokind <> 'p'
                  AND NOT coalesce('search_path=pg_catalog, hredd, pg_temp' = ANY (p.proconfig), false)
                ORDER BY 1),
          '{}'::text[], 'every SQL and PL/pgSQL function pins search_path = pg_catalog, hredd, pg_temp');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                WHERE p.pronamespace = 'hredd'::regnamespace AND l.lanname = 'sql' AND p.provolatile <> 'i'
                  AND p.prosrc ~* '\m(from|join)\s+hredd\.' ORDER BY 1),
          -- known, left to its owner: risk_map_marks (56-risk-map.sql) reads the register in SQL
          ARRAY['hredd.risk_map_marks(bigint,text)']::text[],
          'no LANGUAGE sql function reads hredd''s tables (DESIGN.md, ready for Citus), but the one known');

-- the tables users add rows to are saved by pg_dump
SELECT ok(to_regclass('hredd.' || t) = ANY ((SELECT extconfig FROM pg_extension WHERE extname = 'hredd')::regclass[]),
          format('hredd.%s is registered with pg_extension_config_dump', t))
FROM unnest(ARRAY['risk_layer', 'risk_zone', 'country_risk', 'topic', 'indicator', 'scheme', 'crosswalk',
                  'exchange_rate', 'wage_benchmark', 'observation', 'rejected', 'evidence', 'risk_decision',
                  'risk_profile', 'risk_run', 'access_grant']) t;

-- routines refuse bad arguments with their own messages
SELECT throws_ok($$SELECT hredd.grant_access('pg_monitor', 'superuser')$$, '22023', 'unknown access level "superuser"',
                 'grant_access: unknown level');
SELECT throws_ok($$SELECT hredd.grant_access(NULL, 'reader')$$, '22004', 'grant_access needs a role', 'grant_access: no role');
CREATE TEMP TABLE tap_cols (ref text, fac hredd.facility);
SELECT throws_ok($$SELECT hredd.require_column('tap_cols', 'nope')$$, '42703',
                 format('table %s has no column "nope"', hredd.relation_ref('tap_cols')), 'require_column: a missing column');
SELECT throws_ok($$SELECT hredd.require_column('tap_cols', 'ref', 'hredd.facility')$$, '42804',
                 format('column "ref" of table %s is of type text, not hredd.facility', hredd.relation_ref('tap_cols')),
                 'require_column: a column of another type');
SELECT is(hredd.require_column('tap_cols', 'fac', 'hredd.facility')::text, 'hredd.facility', 'require_column: the type when it fits');
SELECT throws_ok($$CALL hredd.match_table('tap_cols', 'ref', 'nope', 'tap_cols', 'ref', 'fac', 'tap_cols')$$, '42703',
                 format('table %s has no column "nope"', hredd.relation_ref('tap_cols')), 'match_table checks its columns with it');
SELECT is((SELECT verdict FROM hredd.check_location(0, 0, 'VN'::hredd.country)), 'null island', 'check_location: (0, 0) is null island');
SELECT is((SELECT verdict FROM hredd.check_location(106.93, 10.8572, 'VN'::hredd.country)), 'lat/lng swapped', 'check_location: swapped');
SELECT is((SELECT verdict FROM hredd.check_location(NULL, 106.93, 'VN'::hredd.country)), 'missing', 'check_location: missing');
SELECT is((SELECT verdict FROM hredd.check_location(95, 10, NULL::hredd.country)), 'out of range', 'check_location: out of range');
SELECT is((SELECT verdict FROM hredd.check_location('10.8572'::text, '106.93'::text, 'Narnia'::text)), 'unverified',
          'check_location: an unknown declared country is a verdict, not an error');
SELECT is(hredd.normalize_name('ZHEJIANG ZHENGHAO GARMENT CO., LTD.', 'CN') = hredd.normalize_name('Zhejiang Zhenghao Garment Co Ltd', 'CN'),
          true, 'normalize_name: case and legal form spellings fold to one key');
SELECT ok(hredd.match_score(hredd.facility('A', NULL, 'CN'), hredd.facility('A', NULL, 'CN')) BETWEEN 0 AND 1, 'match_score in [0, 1]');
SELECT ok(jsonb_typeof(hredd.match_explain(hredd.facility('Pungkook Saigon II', NULL, 'VN'),
                                           hredd.facility('Pungkook Saigon III', NULL, 'VN'))->'components') = 'array',
          'match_explain lists its components');

SELECT * FROM finish();
ROLLBACK;
