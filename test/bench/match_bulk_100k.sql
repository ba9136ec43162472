-- The aim of issue 12 at full size: 100,000 source rows against the 1,000,000-row
-- registry that test/bench/match_speed.sh keeps (KEEP_DB=1), in one parallel
-- match_table run, timed; source rows made as the bench makes its BULK rows
-- (registry rows re-typed: upper case, or ' Co Ltd' added).  About 12 minutes
-- on 2 idle cores:  psql -d hredd_match_speed -f test/bench/match_bulk_100k.sql
SET client_min_messages = warning;
SET search_path = public, hredd;
DROP TABLE IF EXISTS src100k, res100k;
CREATE TABLE src100k AS
SELECT id AS ref, hredd.facility(CASE WHEN id % 2 = 0 THEN upper(name) ELSE name || ' Co Ltd' END,
                                 address, country) AS fac
  FROM reg WHERE abs(hashint8(id * 3)) % greatest(1, (SELECT count(*) FROM reg) / 100000) = 0 LIMIT 100000;
ALTER TABLE src100k ADD PRIMARY KEY (ref);
CREATE TABLE res100k (source_key bigint, target_key bigint, score float8, rank int, PRIMARY KEY (source_key, target_key));
ANALYZE src100k;
SELECT count(*) AS source_rows FROM src100k;
SELECT now() AS t0 \gset
CALL hredd.match_table('src100k', 'ref', 'fac', 'reg', 'id', 'fac', 'res100k', top_k => 1, batch_size => 5000);
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric / 60, 2) AS minutes,
       round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric / 60 / 15, 2) AS ratio_to_the_15_minute_aim,
       (SELECT count(*) FROM res100k) AS result_rows,
       (SELECT count(*) FROM res100k WHERE source_key = target_key) AS found_itself;
