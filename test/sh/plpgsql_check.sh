#!/usr/bin/env bash
# plpgsql_check over every PL/pgSQL function, procedure and trigger function
# of the extension (its members, found through pg_depend).  A trigger
# function is checked against each relation it has triggers on, with their
# transition tables.  All the checker's classes are on: errors, warnings,
# extra (unused or unmodified variables, missing RETURN), performance (hidden
# casts, volatility that could be stricter), security (SQL injection in
# EXECUTE) and compatibility (PostgreSQL 16's cursor names).  Any finding
# fails the test unless the allow-list below names it with a reason; an
# allow-list entry that matches nothing fails it too, so the list shrinks
# when the code is fixed.  A canary function with a known error and a known
# injection proves the check can fail.  Skips when the server has no
# plpgsql_check (scripts/setup.sh installs it).
set -euo pipefail
db=hredd_plpgsql_check

# The allow-list, one entry a line, five fields separated by "|":
#   function (as printed below, or *) | level | message (LIKE pattern)
#   | where (LIKE pattern over the finding's detail, context and query; empty = anywhere)
#   | why it is not a fault in the code
# An entry that starts with "?" names a finding that only some versions of
# plpgsql_check report (2.3 with PostgreSQL 15, 2.8 with 17): it may match
# nothing without failing the test.
allow_list=$(cat <<'EOF'
* | performance | target type is different type than source type | %local variable % initialization% | a DECLARE default is converted once when its block starts, never per row
? hredd.zones_for(regclass,name,name,date,text[]) | warning extra | OUT variable "%" is maybe unmodified | %dynamic SQL% | RETURN QUERY EXECUTE fills the result columns; the checker cannot see into dynamic SQL
hredd.cluster_facilities(regclass,text,text,double precision,integer,text,integer) | security | text type variable is not sanitized | | plpgsql_check 2.3 checks the argument before a positional %n$s (a column name that goes through %I); the %s are the regclass and a query built with %I
hredd.facilities_geojson(regclass,name,name,name,name,date,text[],name) | security | text type variable is not sanitized | %4$s% | plpgsql_check 2.3 checks the argument before a positional %n$s (a column name that goes through %I); %2$s, %3$s and %5$s to %9$s are built with %I, %4$s is the regclass
hredd.assess_risk(regclass,name,text,date,timestamp with time zone,name,name,name,name,name,name,name,name,name,name,integer,bigint) | security | text type variable is not sanitized | | the %s are column expressions hredd.risk_column builds with %I, the schema-qualified table name from relation_ref, and PostGIS's schema through quote_ident
hredd.match_table_batch(regclass,text,text,regclass,text,text,regclass,double precision,integer,integer) | security | text type variable is not sanitized | | plpgsql_check 2.3 checks the argument before a positional %n$s; %3$s, %5$s, %8$s are regclass, %4$s is format_type()'s quoted output, the rest go through %I
hredd.zones_for(regclass,name,name,date,text[]) | security | text type variable is not sanitized | | the %s is either a subquery built with %I over the regclass, or the name of the function's own temporary table
? hredd.zones_for(regclass,name,name,date,text[]) | warning extra | unmodified OUT variable "%" | | plpgsql_check 2.8's wording of the finding above: RETURN QUERY (EXECUTE) fills the result columns
? hredd.zones_for(regclass,name,name,date,text[]) | error | relation "pg_temp.hredd_zones_for_points" does not exist | | a temporary table the function creates when it runs (plpgsql_check 2.8 looks into these RETURN QUERY statements)
hredd.harmonize_step(bigint,bigint,regclass,text,regclass,name,integer,name,name,name,name,name,name) | security | text type variable is not sanitized | | EXECUTE of the statement hredd.harmonize_plan builds with %I and relation_ref's quoted name; its values are parameters
hredd.cluster_facilities(regclass,text,text,double precision,integer,text,integer) | error | relation "pg_temp.hredd_cl_%" does not exist | | a temporary table the function creates when it runs (a PRAGMA:TABLE in the code would let these statements be checked)
hredd.assess_risk(regclass,name,text,date,timestamp with time zone,name,name,name,name,name,name,name,name,name,name,integer,bigint) | error | relation "pg_temp.hredd_r%" does not exist | | temporary tables the function creates when it runs, some of them by dynamic SQL (CREATE TABLE AS over the user's columns)
hredd.load_country_index(text,regclass,name,name,double precision,double precision,boolean,date,date,text,text) | error | relation "pg_temp.hredd_load_index_work" does not exist | | a temporary table the function creates when it runs (a PRAGMA:TABLE in the code would let these statements be checked)
hredd.load_country_index(text,regclass,name,name,double precision,double precision,boolean,date,date,text,text) | warning extra | unused parameter "%" | | used only in the statements over the temporary table, which the checker skips
hredd.load_geojson(text,jsonb,text,text,double precision,date,date,integer) | error | relation "pg_temp.hredd_load_geojson_work" does not exist | | a temporary table the function creates when it runs (a PRAGMA:TABLE in the code would let these statements be checked)
hredd.match_summary(regclass,text,regclass,double precision) | warning extra | OUT variable "%" is maybe unmodified | %dynamic SQL% | RETURN QUERY EXECUTE fills the result columns; the checker cannot see into dynamic SQL
hredd.match_assign(regclass,double precision) | error | relation "pg_temp.hredd_assign_%" does not exist | | temporary tables the function creates when it runs (the keys already taken)
hredd.cluster_facilities(regclass,text,text,double precision,integer,text,integer) | warning extra | never read variable "centres" | | read by the RETURN QUERY over the function's temporary table, which the checker skips
hredd.load_geojson(text,jsonb,text,text,double precision,date,date,integer) | warning extra | unused parameter "%" | | used only in the statements over the temporary table, which the checker skips
hredd.match_analyze(regclass,name) | security | text type variable is not sanitized | | plpgsql_check 2.3 checks the argument before a positional %n$s (a column name that goes through %I); %2$s is the regclass
hredd.match_calibrate(text,regclass,name,name,name,double precision,double precision,regclass) | error | relation "pg_temp.hredd_cal" does not exist | | a temporary table the function creates when it runs (a PRAGMA:TABLE in the code would let these statements be checked)
hredd.match_calibrate(text,regclass,name,name,name,double precision,double precision,regclass) | warning extra | unused parameter "%" | | used only in the statements over the temporary table, which the checker skips
hredd.match_estimate(text,regclass,name,regclass,name,integer,integer,double precision,integer,boolean,integer,double precision,regclass) | security | text type variable is not sanitized | | plpgsql_check 2.3 checks the argument before a positional %n$s (a column name that goes through %I); %2$s is the regclass
hredd.match_estimate(text,regclass,name,regclass,name,integer,integer,double precision,integer,boolean,integer,double precision,regclass) | error | relation "pg_temp.hredd_est_%" does not exist | | temporary tables the function creates when it runs (a PRAGMA:TABLE in the code would let these statements be checked)
hredd.match_estimate(text,regclass,name,regclass,name,integer,integer,double precision,integer,boolean,integer,double precision,regclass) | warning extra | unused parameter "registry" | | used only in the statements over the temporary tables, which the checker skips
hredd.load_supply_links(regclass,name,name,text,name,name,name,name,name,name,name,text,regclass,name) | error | relation "pg_temp.supply_load" does not exist | | a temporary table the function creates when it runs, by dynamic SQL over the user's columns
hredd.load_supply_links(regclass,name,name,text,name,name,name,name,name,name,name,text,regclass,name) | warning extra | never read variable "label" | | read only in the statements over the temporary table, which the checker skips
hredd.osh_store(text,regclass) | error | relation "pg_temp.osh_%" does not exist | | the stage its caller made with hredd.osh_stage_create, and a temporary table of warnings it creates
hredd.osh_store_notes(text,regclass) | error | relation "pg_temp.osh_note" does not exist | | the temporary note table its caller made (hredd.osh_store, or hredd.osh_load_direct for hredd.osh_write_new and hredd.osh_write_file)
hredd.load_osh_file(text,text) | security | text type variable is not sanitized | | the column list of the temporary table, each name from the file's header through %I
hredd.osh_store_notes(text,regclass) | warning extra | unused parameter "label" | | used only in the statements over the temporary note table, which the checker skips
hredd.load_scdex(jsonb,text) | error | relation "pg_temp.%" does not exist | | the stage made by hredd.osh_stage_create and a temporary table of the document's guids it creates
hredd.load_scdex(jsonb,text) | error | record "r" is not assigned yet | | its loops run over queries of the temporary guid table, whose row type the checker cannot know
hredd.load_scdex(jsonb,text) | warning extra | never read variable "%" | | read only in the statements over the temporary tables, which the checker skips
hredd.assess_risk(regclass,name,text,date,timestamp with time zone,name,name,name,name,name,name,name,name,name,name,integer,bigint) | warning extra | never read variable "run_%" | | the topics' constants, read only by the statement over the temporary tables (hredd.risk_facility's arguments), which the checker skips
hredd.audit_observations(date,integer,regclass,name,name) | security | text type variable is not sanitized | | plpgsql_check 2.3 checks the argument before a positional %n$s; %1$I and %2$I are column names, %3$s the schema-qualified, quoted table name from relation_ref
hredd.citus_coordinator() | error | function pg_catalog.citus_is_coordinator() does not exist | | Citus's function, run by EXECUTE only where it exists (to_regprocedure first): hredd does not depend on Citus
hredd.match_model_on_workers(text) | error | function pg_catalog.run_command_on_workers(text) does not exist | | Citus's function, reached only on a Citus coordinator (hredd.citus_coordinator() first): hredd does not depend on Citus
hredd.match_model_on_workers(text) | performance | routine is marked as VOLATILE, should be STABLE | | it runs a command on every worker (Citus's run_command_on_workers, VOLATILE) by dynamic SQL the checker cannot see into
hredd.match_model_on_workers(text) | warning extra | unmodified OUT variable "%" | | RETURN QUERY EXECUTE fills the result columns
hredd.citus_copy_to_workers(text,text,text) | error | function pg_catalog.run_command_on_workers(text) does not exist | | Citus's function, reached only on a Citus coordinator (its callers check hredd.citus_coordinator() first): hredd does not depend on Citus
hredd.risk_layer_on_workers(text[]) | error | function pg_catalog.run_command_on_workers(text) does not exist | | Citus's function, reached only on a Citus coordinator (hredd.citus_coordinator() first): hredd does not depend on Citus
hredd.risk_layer_on_workers(text[]) | performance | routine is marked as VOLATILE, should be STABLE | | it runs a command on every worker (Citus's run_command_on_workers, VOLATILE) by dynamic SQL the checker cannot see into
hredd.risk_layer_on_workers(text[]) | warning extra | unmodified OUT variable "%" | | RETURN QUERY EXECUTE fills the result columns
EOF
)

q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
if [ "$(q -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'plpgsql_check'")" = 0 ]; then
	echo "plpgsql_check: SKIPPED, the server has no plpgsql_check (apt-get install postgresql-15-plpgsql-check, or scripts/setup.sh)"
	exit 0
fi
maint=${PGDATABASE:-postgres}
q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d "$maint" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db

out=$(psql -X -q -v ON_ERROR_STOP=1 -At -v allow_list="$allow_list" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE EXTENSION plpgsql_check SCHEMA public;

-- the canary: made a member of hredd in this throwaway database, it must be
-- found and must fail with both of its faults
CREATE FUNCTION public.hredd_check_canary(tbl text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE 'SELECT count(*) FROM ' || tbl INTO n;
    SELECT count(no_such_column) INTO n FROM hredd.risk_layer;
    RETURN n;
END
$$;
ALTER EXTENSION hredd ADD FUNCTION public.hredd_check_canary(text);

SET search_path = pg_catalog;   -- functions print schema-qualified

CREATE TEMP TABLE target AS
SELECT p.oid::regprocedure AS fn, t.tgrelid AS rel, t.tgoldtable AS oldtab, t.tgnewtable AS newtab,
       p.prorettype = 'trigger'::regtype AS is_trigger
  FROM pg_depend d
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'hredd'
  JOIN pg_proc p ON p.oid = d.objid
  -- one check per relation, with the transition tables of all its triggers
  -- that call the function (one function may serve INSERT, UPDATE and DELETE)
  LEFT JOIN LATERAL (SELECT tgrelid, max(tgoldtable) AS tgoldtable, max(tgnewtable) AS tgnewtable
                       FROM pg_trigger WHERE tgfoid = p.oid AND NOT tgisinternal
                      GROUP BY tgrelid) t
         ON p.prorettype = 'trigger'::regtype
 WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql');

CREATE TEMP TABLE finding (fn regprocedure, rel regclass, lineno int, statement text, sqlstate text,
                           message text, detail text, hint text, level text, query text, context text);
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM target ORDER BY fn::text, rel::regclass::text LOOP
        IF t.is_trigger AND t.rel IS NULL THEN
            INSERT INTO finding (fn, level, message)
            VALUES (t.fn, 'error', 'trigger function with no trigger: it cannot be checked');
            CONTINUE;
        END IF;
        BEGIN
            INSERT INTO finding
            SELECT t.fn, t.rel, c.lineno, c.statement, c.sqlstate, c.message, c.detail, c.hint,
                   c.level, c.query, c.context
              FROM public.plpgsql_check_function_tb(t.fn, coalesce(t.rel, 0)::regclass,
                       fatal_errors => false, other_warnings => true, extra_warnings => true,
                       performance_warnings => true, security_warnings => true,
                       compatibility_warnings => true,
                       oldtable => t.oldtab, newtable => t.newtab) c;
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO finding (fn, rel, level, sqlstate, message)
            VALUES (t.fn, t.rel, 'error', SQLSTATE, 'plpgsql_check itself failed: ' || SQLERRM);
        END;
    END LOOP;
END
$$;

CREATE TEMP TABLE allowed AS
SELECT trim(ltrim(split_part(l, '|', 1), ' ?')) AS fn, l ~ '^\s*\?' AS optional, trim(split_part(l, '|', 2)) AS level,
       trim(split_part(l, '|', 3)) AS message, trim(split_part(l, '|', 4)) AS place,
       trim(split_part(l, '|', 5)) AS reason
  FROM regexp_split_to_table(:'allow_list', E'\n') l
 WHERE l !~ '^\s*(#|$)';

CREATE TEMP VIEW judged AS
SELECT f.*, f.fn = 'public.hredd_check_canary(text)'::regprocedure AS canary,
       (SELECT a.reason FROM allowed a
         WHERE (a.fn = '*' OR a.fn = f.fn::text) AND a.level = f.level AND f.message LIKE a.message
           AND concat_ws(E'\n', f.detail, f.context, f.query) LIKE '%' || a.place || '%'
         LIMIT 1) AS allowed_because
  FROM finding f;

SELECT 'checked|' || count(*) FILTER (WHERE fn <> 'public.hredd_check_canary(text)'::regprocedure)
       || '|' || count(*) FILTER (WHERE is_trigger) FROM target;
-- allowed findings in one line each, then the failing ones in full
SELECT 'finding|' || CASE WHEN f.allowed_because IS NULL THEN 'FAILING ' ELSE 'allowed ' END
       || f.fn::text || coalesce(' on ' || f.rel::text, '')
       || coalesce(' line ' || f.lineno, '') || coalesce(' (' || f.statement || ')', '')
       || ': ' || f.level || ': ' || f.message
       || CASE WHEN f.allowed_because IS NOT NULL THEN ' -- ' || f.allowed_because
          ELSE coalesce(E'\n    detail: ' || f.detail, '') || coalesce(E'\n    hint: ' || f.hint, '')
               || coalesce(E'\n    context: ' || f.context, '')
               || coalesce(E'\n    query: ' || left(regexp_replace(f.query, '\s+', ' ', 'g'), 300), '') END
  FROM judged f WHERE NOT f.canary
 ORDER BY f.allowed_because IS NULL, f.fn::text, f.lineno NULLS FIRST, f.message;
SELECT 'failing|' || count(*) FROM judged WHERE NOT canary AND allowed_because IS NULL;
SELECT 'unused|' || concat_ws(' | ', a.fn, a.level, a.message, a.place) FROM allowed a
 WHERE NOT a.optional AND NOT EXISTS (SELECT 1 FROM judged f
                    WHERE (a.fn = '*' OR a.fn = f.fn::text) AND a.level = f.level AND f.message LIKE a.message
                      AND concat_ws(E'\n', f.detail, f.context, f.query) LIKE '%' || a.place || '%');
SELECT 'canary|' || count(*) FILTER (WHERE level = 'error' AND sqlstate = '42703')
       || '|' || count(*) FILTER (WHERE level = 'security')
  FROM judged WHERE canary AND allowed_because IS NULL;
SQL
)
printf '%s\n' "$out" | sed -n 's/^finding|//p; /^    /p'
printf '%s\n' "$out" | sed -n 's/^unused|/unused allow-list entry: /p'
IFS='|' read -r _ checked triggers < <(printf '%s\n' "$out" | grep '^checked|')
IFS='|' read -r _ canary_errors canary_security < <(printf '%s\n' "$out" | grep '^canary|')
failing=$(printf '%s\n' "$out" | sed -n 's/^failing|//p')
unused=$(printf '%s\n' "$out" | grep -c '^unused|' || true)
echo "plpgsql_check: $checked checks ($triggers of trigger functions), $failing findings not allowed, $unused unused allow-list entries"
status=0
if [ "$canary_errors" -lt 1 ] || [ "$canary_security" -lt 1 ]; then
	echo "plpgsql_check: FAILED, the canary's faults went unreported (errors $canary_errors, security $canary_security): the check cannot fail"
	status=1
fi
[ "$checked" -gt 0 ] || { echo "plpgsql_check: FAILED, no PL/pgSQL function found in hredd"; status=1; }
[ "$failing" = 0 ] && [ "$unused" = 0 ] || status=1
[ $status = 0 ] && echo "plpgsql_check: ok" || echo "plpgsql_check: FAILED"
exit $status
