-- What a user sees of their data (run before and after the upgrade; the two
-- outputs must be equal): the table's definition, its indexes, every row as
-- text (through hredd's output functions, so stored values still read), and
-- look-ups that go through each index.
SET client_min_messages = warning;
SET search_path = public, hredd;
\pset footer off
SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attgenerated,
       pg_get_expr(ad.adbin, ad.adrelid)
FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attrelid = 'public.up_supplier'::regclass AND a.attnum > 0 ORDER BY 1;
SELECT indexdef FROM pg_indexes WHERE tablename = 'up_supplier' ORDER BY 1;
SELECT s::text FROM public.up_supplier s ORDER BY id;
SET enable_seqscan = off;
SELECT id FROM public.up_supplier WHERE os_id = (SELECT os_id FROM public.up_supplier WHERE id = 17);
SELECT country::text, count(*) FROM public.up_supplier WHERE country = 'BD'::hredd.country GROUP BY 1;
SELECT count(*) FROM public.up_supplier WHERE os_id > (SELECT os_id FROM public.up_supplier WHERE id = 5);
SELECT id FROM public.up_supplier WHERE name_key = (SELECT name_key FROM public.up_supplier WHERE id = 42) ORDER BY id;
