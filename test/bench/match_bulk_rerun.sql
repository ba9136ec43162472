-- Rerun the bulk part of test/bench/match_speed.sh on the database it keeps
-- (KEEP_DB=1): rebuild the GIN index with the hredd installed now, then
-- match_table serial and parallel into fresh tables, timed, and the rows
-- compared with the bench's own result.  To compare two builds of hredd in
-- one session, install one, run this, install the other, run it again:
--   psql -d hredd_match_speed -f test/bench/match_bulk_rerun.sql
SET client_min_messages = warning;
SET search_path = public, hredd;
DROP INDEX IF EXISTS reg_fac_gin;
CREATE INDEX reg_fac_gin ON reg USING gin (fac);
ANALYZE reg;
DROP TABLE IF EXISTS res_a, res_b;
CREATE TABLE res_a (LIKE res INCLUDING ALL);
CREATE TABLE res_b (LIKE res INCLUDING ALL);
DELETE FROM hredd.match_run;
\timing on
SET max_parallel_workers_per_gather = 0;
CALL hredd.match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_a', top_k => 1, batch_size => 5000);
RESET max_parallel_workers_per_gather;
CALL hredd.match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_b', top_k => 1, batch_size => 5000);
\timing off
SELECT (SELECT count(*) FROM (SELECT * FROM res_a EXCEPT SELECT * FROM res) x) + (SELECT count(*) FROM (SELECT * FROM res_b EXCEPT SELECT * FROM res) y) AS rows_differing_from_the_bench;
