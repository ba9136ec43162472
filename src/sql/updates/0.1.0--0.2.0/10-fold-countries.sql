-- 0.1.0 -> 0.2.0, part of the fold-countries change (one folding module,
-- countries in every language, stored facility values that stay true).
-- The C library changes the rest: country names in ~150 languages, the
-- normaliser (version 2).  Values of hredd.facility that 0.1.0 stored are
-- normaliser version 1: they are refused until hredd.facility_upgrade
-- recomputes them; the DO block at the end names every such column.
-- Stored facility values and the normaliser's version (the whole fragment).
-- @install-fragment src/sql/22-facility-version.sql

DO $hredd_fold$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT c.oid::pg_catalog.regclass AS tbl, pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) AS cols
             FROM pg_catalog.pg_attribute a
             JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) a.attrelid
             WHERE a.atttypid OPERATOR(pg_catalog.=) 'hredd.facility'::pg_catalog.regtype AND a.attnum OPERATOR(pg_catalog.>) 0
               AND NOT a.attisdropped AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p']::"char"[])
             GROUP BY c.oid
    LOOP
        RAISE WARNING 'hredd 0.2.0 normalises facilities differently: the values of % (%) are refused until you run CALL hredd.facility_upgrade(%)',
            r.tbl, r.cols, pg_catalog.quote_literal(r.tbl::pg_catalog.text);
    END LOOP;
END
$hredd_fold$;
