-- Every member object of extension hredd with its full definition, one line
-- each, sorted: two databases with equal output have equal extensions
-- (privileges, row-level security policies and triggers of tables included).
SET search_path = pg_catalog, public;  -- names print the same whatever the database's path
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'hredd'),
members AS (
  SELECT d.classid, d.objid, d.objsubid
  FROM pg_depend d, ext WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
),
defs AS (
  SELECT m.*, pg_describe_object(m.classid, m.objid, m.objsubid) AS what,
    CASE m.classid
      WHEN 'pg_proc'::regclass THEN (
        SELECT concat_ws(' | ', p.prokind, p.provolatile, p.proisstrict, p.proparallel, p.proleakproof,
               p.prosecdef, p.proretset, p.prorows, p.procost, p.prorettype::regtype,
               pg_get_function_arguments(p.oid), l.lanname, p.prosrc, p.probin, p.proconfig::text,
               'acl ' || coalesce(p.proacl::text, 'default'))
        FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.oid = m.objid)
      WHEN 'pg_type'::regclass THEN (
        SELECT concat_ws(' | ', t.typtype, t.typlen, t.typbyval, t.typalign, t.typstorage, t.typcategory,
               t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc, t.typsend::regproc,
               t.typelem::regtype, t.typbasetype::regtype, t.typnotnull, t.typdefault)
        FROM pg_type t WHERE t.oid = m.objid)
      WHEN 'pg_operator'::regclass THEN (
        SELECT concat_ws(' | ', o.oprleft::regtype, o.oprright::regtype, o.oprresult::regtype, o.oprcode,
               o.oprcom::regoperator, o.oprnegate::regoperator, o.oprrest, o.oprjoin, o.oprcanmerge, o.oprcanhash)
        FROM pg_operator o WHERE o.oid = m.objid)
      WHEN 'pg_opclass'::regclass THEN (
        SELECT concat_ws(' | ', c.opcdefault, c.opcintype::regtype, c.opckeytype::regtype,
               (SELECT string_agg(a.amopstrategy || ':' || a.amopopr::regoperator, ',' ORDER BY a.amopstrategy)
                FROM pg_amop a WHERE a.amopfamily = c.opcfamily),
               (SELECT string_agg(p.amprocnum || ':' || p.amproc::regprocedure, ',' ORDER BY p.amprocnum)
                FROM pg_amproc p WHERE p.amprocfamily = c.opcfamily))
        FROM pg_opclass c WHERE c.oid = m.objid)
      WHEN 'pg_cast'::regclass THEN (
        SELECT concat_ws(' | ', c.castcontext, c.castmethod, c.castfunc::regprocedure)
        FROM pg_cast c WHERE c.oid = m.objid)
      WHEN 'pg_class'::regclass THEN (
        SELECT concat_ws(' | ', c.relkind, c.relpersistence,
               (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull
                                  || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), ''), ', ' ORDER BY a.attnum)
                FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
               (SELECT string_agg(pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname) FROM pg_constraint k WHERE k.conrelid = c.oid),
               (SELECT string_agg(pg_get_indexdef(i.indexrelid), ', ' ORDER BY 1) FROM pg_index i WHERE i.indrelid = c.oid),
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
               'acl ' || coalesce(c.relacl::text, 'default'), 'rls ' || c.relrowsecurity,
               (SELECT string_agg(pol.polname || ' ' || pol.polcmd::text || ' ' || coalesce(pg_get_expr(pol.polqual, pol.polrelid), '')
                                  || ' ' || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), ''), ', ' ORDER BY pol.polname)
                FROM pg_policy pol WHERE pol.polrelid = c.oid),
               (SELECT string_agg(tg.tgname || ' ' || pg_get_triggerdef(tg.oid), ', ' ORDER BY tg.tgname)
                FROM pg_trigger tg WHERE tg.tgrelid = c.oid AND NOT tg.tgisinternal))
        FROM pg_class c WHERE c.oid = m.objid)
      ELSE ''
    END AS definition,
    obj_description(m.objid, (SELECT relname FROM pg_class WHERE oid = m.classid)) AS comment
  FROM members m
)
SELECT what || ' = ' || coalesce(definition, '?') || ' -- ' || coalesce(comment, '(no comment)')
FROM defs ORDER BY 1;
