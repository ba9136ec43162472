\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 95-search-path.sql — how hredd meets its users (docs/security.md, "Your
-- search_path"; README, "Getting started").
--
-- hredd lives in schema hredd (its names are a contract: hredd.os_id,
-- hredd.assess_risk …).  Types, functions, tables, casts, index operator
-- classes, ORDER BY, GROUP BY and DISTINCT work from any search_path when
-- written hredd.<name>; operators (country = 'VN', a.os_id = b.os_id, %, <->)
-- are looked up through search_path only.  So hredd goes at the END of the
-- database's path, where the user's own tables and functions keep winning
-- over hredd's names and new tables still go into public:
--  - a database with no search_path of its own, whose schema public only
--    its owner may create in (PostgreSQL 15's default), gets PostgreSQL's default
--    path with hredd appended, for the sessions that start after this one
--    (the same statement the WARNING below would ask for; nothing else of
--    the database changes, and the setting is harmless after DROP EXTENSION);
--  - where every role may create in public, nothing is set (a planted
--    operator there would win over hredd's): a WARNING says what to run;
--  - a database whose own path lacks hredd keeps it: a WARNING (CREATE
--    EXTENSION shows nothing lower) gives the exact statement to run;
--  - a database whose path names hredd is left alone.
-- test/sh/search_path.sh runs the simplest statements in each case.
DO $search_path$
DECLARE
    db_path text := (
        SELECT pg_catalog.substr(c, 13)
        FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c
        WHERE s.setrole OPERATOR(pg_catalog.=) 0
          AND s.setdatabase OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                                    WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
          AND c OPERATOR(pg_catalog.~~) 'search\_path=%');
    -- whether every role may create in schema public (the default before
    -- PostgreSQL 15, and in databases created before it): then an operator
    -- planted there would be found before hredd's on that path
    public_open boolean := EXISTS (
        SELECT 1 FROM pg_catalog.pg_namespace n
        WHERE n.nspname OPERATOR(pg_catalog.=) 'public'
          AND pg_catalog.has_schema_privilege('public', n.oid, 'CREATE'));
BEGIN
    IF db_path IS NULL AND public_open THEN
        RAISE WARNING 'hredd did not put itself on this database''s search_path: every role may create objects in schema public, which the path would search before hredd'
            USING HINT = pg_catalog.format(
                'Run once: REVOKE CREATE ON SCHEMA public FROM PUBLIC; ALTER DATABASE %I SET search_path = "$user", public, hredd; (or write hredd.name and OPERATOR(hredd.=))',
                pg_catalog.current_database());
    ELSIF db_path IS NULL THEN
        EXECUTE pg_catalog.format('ALTER DATABASE %I SET search_path = "$user", public, hredd', pg_catalog.current_database());
    ELSIF NOT 'hredd' OPERATOR(pg_catalog.=) ANY (pg_catalog.regexp_split_to_array(
                  pg_catalog.replace(db_path, '"', ''), '\s*,\s*')) THEN
        RAISE WARNING 'hredd''s operators (=, %%, <-> …) are not on this database''s search_path'
            USING HINT = pg_catalog.format(
                'Run once: ALTER DATABASE %I SET search_path = %s, hredd; (sessions started after it see it; SET search_path = %s, hredd; does it for this one)',
                pg_catalog.current_database(), db_path, db_path);
    END IF;
END
$search_path$;
