\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 90-access.sql — who may do what in a shared warehouse (docs/security.md).
--
-- Out of the box only the owner of hredd (the superuser who created it) can
-- use it: PostgreSQL grants nothing on a new schema.  Three levels are
-- granted to the user's own roles with hredd.grant_access:
--
--   reader  dashboards, analysts: read every table and view, call every
--           function that only reads
--   writer  ETL: reader, plus run harmonize, match_table and the loaders,
--           and write the data they write (observations, rejects, run
--           state, zones, country risks, wage benchmarks, exchange rates)
--   admin   reader and writer, plus edit the taxonomy and the scheme
--           crosswalks, shipped rows included
--
-- Run state (hredd.match_run, hredd.harmonize_run, hredd.harmonize_state) is
-- per role under row-level security: one writer cannot spoil another's run.
-- Functions that write, and the internals of the procedures, are not
-- executable by PUBLIC; trigger functions neither (triggers fire without it).

-- Routines only writers may execute.  Names missing from this version are
-- skipped, so the list can run ahead of the code.
CREATE FUNCTION hredd.access_writer_routines() RETURNS regprocedure[]
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN ARRAY(
        SELECT p.oid::regprocedure
        FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'hredd'
        WHERE p.prokind = 'p'
           OR p.proname IN ('harmonize_batch', 'harmonize_plan', 'harmonize_start', 'harmonize_step',
                            'harmonize_run_live', 'match_table_start', 'match_table_batch',
                            'match_table_lock_holder', 'match_calibrate', 'match_estimate', 'match_model_sync', 'match_model_sync_after_fit', 'citus_copy_to_workers', 'match_analyze', 'load_geojson', 'risk_layer_sync', 'risk_layer_sync_after_load', 'load_country_index',
                            'assess_risk', 'risk_replay', 'load_evidence', 'risk_profile_copy',
                            'load_supply_links', 'risk_upstream', 'load_osh_download', 'load_osh_file', 'load_scdex',
                            'osh_store', 'osh_store_notes', 'osh_load_direct', 'osh_write_new', 'osh_write_file', 'osh_file_header', 'osh_stage_create', 'osh_report_add')
        ORDER BY 1);
END
$$;
COMMENT ON FUNCTION hredd.access_writer_routines() IS 'the procedures and functions of hredd that write, or are internal to one that does: granted to writers only';

-- Tables a writer writes, and the further tables an admin edits.
CREATE FUNCTION hredd.access_tables(access text) RETURNS regclass[]
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    names text[];
BEGIN
    names := CASE access
        WHEN 'writer' THEN ARRAY['observation', 'rejected', 'harmonize_run', 'harmonize_state', 'match_run', 'match_model', 'match_stats_run', 'match_stats',
                                 'risk_layer', 'risk_zone', 'risk_zone_part', 'country_risk',
                                 'wage_benchmark', 'exchange_rate', 'evidence', 'evidence_rejected',
                                 'risk_run', 'risk_run_facility', 'risk_contribution_facility',
                                 'risk_contribution_shared', 'risk_decision',
                                 'supply_link', 'supply_link_rejected', 'risk_upstream', 'risk_upstream_node',
                                 'osh_location', 'osh_report']
        WHEN 'admin' THEN ARRAY['topic', 'indicator', 'scheme', 'crosswalk', 'reject_reason',
                                'risk_profile', 'risk_profile_topic', 'risk_profile_layer', 'risk_profile_evidence',
                                'product_good', 'good_level_topic', 'processing_stage', 'stage_topic']
        ELSE ARRAY[]::text[] END;
    RETURN ARRAY(SELECT to_regclass(format('hredd.%I', n)) FROM unnest(names) n
                 WHERE to_regclass(format('hredd.%I', n)) IS NOT NULL);
END
$$;
COMMENT ON FUNCTION hredd.access_tables(text) IS 'the tables a writer writes (access = writer) or an admin edits besides (access = admin)';

CREATE TABLE hredd.access_grant (
    grantee    name PRIMARY KEY,
    access     text NOT NULL CHECK (access IN ('reader', 'writer', 'admin')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by name NOT NULL DEFAULT current_user
);
COMMENT ON TABLE hredd.access_grant IS 'the roles granted access to hredd with hredd.grant_access, and at which level; an upgrade grants new objects to them';
SELECT pg_catalog.pg_extension_config_dump('hredd.access_grant', '');

-- Grants (or, with access NULL, revokes) a level of access to a role, and
-- records it.  Only the owner of hredd (or a superuser) can run it.
CREATE FUNCTION hredd.grant_access(grantee regrole, access text DEFAULT 'reader') RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    owner  oid := (SELECT n.nspowner FROM pg_namespace n WHERE n.nspname = 'hredd');
    r      regprocedure;
    t      regclass;
    writes regprocedure[] := hredd.access_writer_routines();
    who    text;
BEGIN
    IF grantee IS NULL THEN
        RAISE EXCEPTION 'grant_access needs a role' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    who := quote_ident(grantee::text);
    IF access IS NOT NULL AND access NOT IN ('reader', 'writer', 'admin') THEN
        RAISE EXCEPTION 'unknown access level "%"', access
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The levels are reader, writer and admin; NULL revokes.';
    END IF;
    IF NOT pg_has_role(current_user, owner, 'USAGE') THEN
        RAISE EXCEPTION 'only the owner of hredd (%) can grant access to it', owner::regrole
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    -- start from nothing, so that a lower level takes away what a higher gave
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA hredd FROM %s', who);
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA hredd FROM %s', who);
    FOREACH r IN ARRAY writes LOOP
        EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM %s', r, who);
    END LOOP;
    EXECUTE format('REVOKE USAGE ON SCHEMA hredd FROM %s', who);
    IF access IS NULL THEN
        DELETE FROM hredd.access_grant g WHERE g.grantee = grant_access.grantee::text;
        RETURN format('revoked access to hredd from %s', who);
    END IF;

    EXECUTE format('GRANT USAGE ON SCHEMA hredd TO %s', who);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA hredd TO %s', who);
    IF access IN ('writer', 'admin') THEN
        FOREACH t IN ARRAY hredd.access_tables('writer') LOOP
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %s TO %s', t, who);
        END LOOP;
        EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA hredd TO %s', who);
        -- a run freezes the profile version it used
        IF to_regclass('hredd.risk_profile') IS NOT NULL THEN
            EXECUTE format('GRANT UPDATE (frozen_by_run) ON hredd.risk_profile TO %s', who);
        END IF;
        FOREACH r IN ARRAY writes LOOP
            EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO %s', r, who);
        END LOOP;
    END IF;
    IF access = 'admin' THEN
        FOREACH t IN ARRAY hredd.access_tables('admin') LOOP
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %s TO %s', t, who);
        END LOOP;
    END IF;
    INSERT INTO hredd.access_grant AS g (grantee, access) VALUES (grantee::text, access)
    ON CONFLICT ON CONSTRAINT access_grant_pkey
    DO UPDATE SET access = excluded.access, granted_at = now(), granted_by = current_user;
    RETURN format('granted %s access to hredd to %s', access, who);
END
$$;
COMMENT ON FUNCTION hredd.grant_access(regrole, text) IS 'grants a role reader, writer or admin access to hredd (NULL revokes it) and records it in hredd.access_grant; only the owner of hredd can run it';

-- Grants again what hredd.access_grant records: after an upgrade added
-- objects, or after a restore into a cluster whose roles exist.
CREATE FUNCTION hredd.reapply_access() RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    g record;
    n integer := 0;
BEGIN
    FOR g IN SELECT a.grantee, a.access FROM hredd.access_grant a ORDER BY a.grantee LOOP
        IF to_regrole(quote_ident(g.grantee)) IS NULL THEN
            RAISE WARNING 'role "%" of hredd.access_grant does not exist; skipped', g.grantee;
            CONTINUE;
        END IF;
        PERFORM hredd.grant_access(to_regrole(quote_ident(g.grantee)), g.access);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION hredd.reapply_access() IS 'grants again to every role in hredd.access_grant what its level gives (after an upgrade or a restore); returns the number of roles';

-- Nothing that writes, nothing internal and no trigger function is
-- executable by PUBLIC.
DO $access$
DECLARE
    r regprocedure;
BEGIN
    FOREACH r IN ARRAY hredd.access_writer_routines() LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC', r);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
             JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                  AND d.objid OPERATOR(pg_catalog.=) p.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
             JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
                  AND e.extname OPERATOR(pg_catalog.=) 'hredd'
             WHERE p.prorettype OPERATOR(pg_catalog.=) 'pg_catalog.trigger'::pg_catalog.regtype
                OR p.proname OPERATOR(pg_catalog.=) ANY (ARRAY['grant_access', 'reapply_access']::pg_catalog.name[])
    LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', r);
    END LOOP;
END
$access$;
