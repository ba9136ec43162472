-- The rows of hredd's tables, one line per row: "table md5", unsorted (the
-- caller sorts).  With -v part=all: every row of every member table, minus
-- the columns whose default is the time of the insert (loaded_at …), so two
-- databases with equal output ship equal data.  With -v part=user: only the
-- rows pg_dump would save as the user's (the WHERE of
-- pg_extension_config_dump), every column.
SET search_path = pg_catalog, public;  -- names print the same whatever the database's path
SELECT format('SELECT %L || '' '' || md5((to_jsonb(t) - %L::text[])::text) FROM %s t %s',
              c.oid::regclass::text,
              CASE WHEN :'part' = 'all' THEN coalesce((
                  SELECT array_agg(a.attname ORDER BY a.attnum)::text
                  FROM pg_attribute a JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                  WHERE a.attrelid = c.oid AND pg_get_expr(ad.adbin, ad.adrelid) ~ '(now|clock_timestamp|statement_timestamp|transaction_timestamp)\(\)|CURRENT_'), '{}')
                   ELSE '{}' END,
              c.oid::regclass,
              CASE WHEN :'part' = 'user' THEN e.cond END)
FROM pg_extension x
JOIN pg_depend d ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = x.oid AND d.deptype = 'e'
                AND d.classid = 'pg_class'::regclass
JOIN pg_class c ON c.oid = d.objid AND c.relkind IN ('r', 'p')
LEFT JOIN LATERAL (
    SELECT cf.cond FROM unnest(x.extconfig, x.extcondition) AS cf(rel, cond) WHERE cf.rel = c.oid
) e ON true
WHERE x.extname = 'hredd' AND (:'part' = 'all' OR e.cond IS NOT NULL)
ORDER BY 1
\gexec
