-- Privileges (docs/security.md): nothing for a new role out of the box;
-- grant_access's reader, writer and admin levels give what they say and no
-- more; PUBLIC may not execute writer routines, trigger functions or the
-- access functions; run state is under row-level security.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public;
BEGIN;
SELECT * FROM no_plan();
CREATE ROLE hredd_tap_nobody;
CREATE ROLE hredd_tap_reader;
CREATE ROLE hredd_tap_writer;
CREATE ROLE hredd_tap_admin;

SELECT ok(NOT has_schema_privilege('hredd_tap_nobody', 'hredd', 'USAGE'), 'out of the box a role has no USAGE on hredd');
SELECT ok(NOT has_table_privilege('hredd_tap_nobody', 'hredd.topic', 'SELECT'), 'out of the box a role cannot read hredd.topic');

SELECT is(hredd.grant_access('hredd_tap_reader', 'reader'), 'granted reader access to hredd to hredd_tap_reader', 'grant reader');
SELECT is(hredd.grant_access('hredd_tap_writer', 'writer'), 'granted writer access to hredd to hredd_tap_writer', 'grant writer');
SELECT is(hredd.grant_access('hredd_tap_admin', 'admin'), 'granted admin access to hredd to hredd_tap_admin', 'grant admin');
SELECT is((SELECT array_agg(grantee || ':' || access ORDER BY grantee) FROM hredd.access_grant WHERE grantee LIKE 'hredd_tap_%'),
          ARRAY['hredd_tap_admin:admin', 'hredd_tap_reader:reader', 'hredd_tap_writer:writer']::text[], 'recorded in hredd.access_grant');

-- reader: reads everything, writes nothing, runs no writer routine
SELECT ok(has_schema_privilege('hredd_tap_reader', 'hredd', 'USAGE'), 'reader: USAGE on hredd');
SELECT ok(has_table_privilege('hredd_tap_reader', t, 'SELECT'), format('reader: SELECT on %s', t))
FROM unnest(ARRAY['hredd.topic', 'hredd.observation', 'hredd.risk_register', 'hredd.country_risk']) t;
SELECT ok(NOT has_table_privilege('hredd_tap_reader', t, 'INSERT'), format('reader: no INSERT on %s', t))
FROM unnest(ARRAY['hredd.topic', 'hredd.observation', 'hredd.risk_zone', 'hredd.access_grant']) t;
SELECT ok(NOT has_function_privilege('hredd_tap_reader', r, 'EXECUTE'), format('reader: no EXECUTE on %s', r))
FROM unnest(hredd.access_writer_routines()) r;
SELECT ok(has_function_privilege('hredd_tap_reader', r, 'EXECUTE'), format('reader: EXECUTE on %s', r))
FROM unnest(ARRAY['hredd.match_score(hredd.facility, hredd.facility)'::regprocedure,
                  'hredd.check_location(float8, float8, hredd.country)'::regprocedure]) r;

-- writer: writes the data it loads, runs the writer routines, edits no taxonomy
SELECT ok(has_table_privilege('hredd_tap_writer', t, 'INSERT'), format('writer: INSERT on %s', t))
FROM unnest(hredd.access_tables('writer')) t;
SELECT ok(has_function_privilege('hredd_tap_writer', r, 'EXECUTE'), format('writer: EXECUTE on %s', r))
FROM unnest(hredd.access_writer_routines()) r;
SELECT ok(NOT has_table_privilege('hredd_tap_writer', t, 'UPDATE'), format('writer: no UPDATE on %s', t))
FROM unnest(hredd.access_tables('admin')) t;

-- admin: edits the taxonomy and crosswalks too
SELECT ok(has_table_privilege('hredd_tap_admin', t, 'UPDATE'), format('admin: UPDATE on %s', t))
FROM unnest(hredd.access_tables('admin')) t;

-- revoke
SELECT is(hredd.grant_access('hredd_tap_reader', NULL), 'revoked access to hredd from hredd_tap_reader', 'revoke');
SELECT ok(NOT has_schema_privilege('hredd_tap_reader', 'hredd', 'USAGE'), 'revoked: no USAGE on hredd');

-- PUBLIC
SELECT ok(NOT has_function_privilege('public', r, 'EXECUTE'), format('PUBLIC: no EXECUTE on %s', r))
FROM unnest(hredd.access_writer_routines()) r;
SELECT ok(NOT has_function_privilege('public', p.oid, 'EXECUTE'), format('PUBLIC: no EXECUTE on %s', p.oid::regprocedure))
FROM pg_proc p WHERE p.pronamespace = 'hredd'::regnamespace
  AND (p.prorettype = 'trigger'::regtype OR p.proname IN ('grant_access', 'reapply_access'));

-- only the owner of hredd grants
SET LOCAL ROLE hredd_tap_admin;
SELECT throws_ok($$SELECT hredd.grant_access('hredd_tap_nobody', 'reader')$$, '42501',
                 'permission denied for function grant_access', 'an admin who is not the owner of hredd cannot grant access');
RESET ROLE;

-- run state is per role
SELECT ok(relrowsecurity, format('%s is under row-level security', oid::regclass))
FROM pg_class WHERE oid IN ('hredd.match_run'::regclass, 'hredd.harmonize_run'::regclass, 'hredd.harmonize_state'::regclass);

SELECT * FROM finish();
ROLLBACK;
