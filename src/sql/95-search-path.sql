\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 95-search-path.sql — how hredd meets its users (docs/security.md,
-- "search_path"; README, "Getting started").
--
-- hredd lives in schema hredd (its names are a contract: hredd.os_id,
-- hredd.assess_risk …).  Types, functions, tables, casts, index operator
-- classes, ORDER BY, GROUP BY and DISTINCT work from any search_path when
-- written hredd.<name>; operators (country = 'VN', a.os_id = b.os_id, %, <->)
-- are looked up through search_path only.  So the install says, once, the one
-- statement that puts hredd at the END of this database's path (unless the
-- database's path names hredd already): the user's
-- own tables and functions keep winning over hredd's names, new tables still
-- go into public, and no setting changes behind the user's back.
-- test/sh/search_path.sh runs the simplest statements before and after it.
DO $search_path$
DECLARE
    current_path text := (
        SELECT substr(c, length('search_path=') + 1)
        FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c
        WHERE s.setrole OPERATOR(pg_catalog.=) 0
          AND s.setdatabase OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                                    WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
          AND c OPERATOR(pg_catalog.~~) 'search_path=%');
BEGIN
    IF current_path IS NOT NULL
       AND 'hredd' OPERATOR(pg_catalog.=) ANY (pg_catalog.regexp_split_to_array(
               pg_catalog.replace(current_path, '"', ''), '\s*,\s*')) THEN
        RETURN;
    END IF;
    -- a WARNING: CREATE EXTENSION shows nothing below that level
    RAISE WARNING 'hredd''s operators (=, %%, <-> …) are not on this database''s search_path'
        USING HINT = pg_catalog.format(
            'Run once: ALTER DATABASE %I SET search_path = %s, hredd; (sessions started after it see it; SET search_path = %s, hredd; does it for this one)',
            pg_catalog.current_database(), coalesce(current_path, '"$user", public'), coalesce(current_path, '"$user", public'));
END
$search_path$;
