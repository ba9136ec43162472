#!/usr/bin/env bash
# match_search_ab.sh — the top-5 GIN search of match_speed.sh for two builds
# of hredd, query by query on two backends of one session, so that both see
# the same registry, index and load (on a shared machine the load swings
# more between two passes of the queries than a search change is worth):
#   HREDD_PREFIX=/tmp/hredd-priv-NNNN test/bench/match_search_ab.sh /path/to/before-checkout /path/to/after-checkout
# Runs against the database match_speed.sh kept (KEEP_DB=1, NO_GIST=1), on
# its GIN index reg_fac_gin as built there: for changes to the search (the
# query's keys, the consistent functions, the recheck), not to the keys a
# row is indexed by.  HREDD_PREFIX is the DESTDIR of the server's private
# install (the /tmp/hredd-priv-* of scripts/private-cluster.sh); each
# checkout must be built (make).  One backend loads the before build's
# hredd.so, the other the after build's (the file is replaced by a rename,
# so the first backend keeps its copy); each query then runs on both, in
# turn (which first alternates), for PASSES passes (default 2; the first
# warms the caches and is not counted).  Prints the median and p95 of each,
# the median and geometric mean of the per-query ratio after / before, and
# how many queries' top-5 rows differ (must be 0).
set -euo pipefail
before=$1
after=$2
PASSES=${PASSES:-2}
DB=${BENCH_DB:-hredd_match_speed}
: "${HREDD_PREFIX:?set HREDD_PREFIX to the DESTDIR of the private install}"
lib=$HREDD_PREFIX$(${PG_CONFIG:-pg_config} --pkglibdir)/hredd.so
for d in "$before" "$after"; do
	[ -f "$d/hredd.so" ] || { echo "no $d/hredd.so: build it first"; exit 1; }
done
orig=$(mktemp /tmp/hredd-ab-so.XXXXXX)
cp "$lib" "$orig"
trap 'cp "$orig" "$lib.ab" && chmod 755 "$lib.ab" && mv "$lib.ab" "$lib"; rm -f "$orig"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS dblink;
DROP TABLE IF EXISTS search_ab;
CREATE TABLE search_ab (build text, pid bigint, ms float8, ids bigint[]);
\! cp "$before/hredd.so" "$lib.ab" && mv "$lib.ab" "$lib"
SELECT dblink_connect('before', 'dbname=$DB') IS NOT NULL AS connected;
SELECT n >= 0 AS loaded FROM dblink('before', 'SELECT count(*) FROM public.reg WHERE fac OPERATOR(hredd.%) (SELECT fac FROM public.q ORDER BY pid LIMIT 1)') AS t(n bigint);
\! cp "$after/hredd.so" "$lib.ab" && mv "$lib.ab" "$lib"
SELECT dblink_connect('after', 'dbname=$DB') IS NOT NULL AS connected;
SELECT n >= 0 AS loaded FROM dblink('after', 'SELECT count(*) FROM public.reg WHERE fac OPERATOR(hredd.%) (SELECT fac FROM public.q ORDER BY pid LIMIT 1)') AS t(n bigint);
DO \$\$
DECLARE r record; t0 timestamptz; ids bigint[]; c text; sql text;
BEGIN
  FOR pass IN 1..$PASSES LOOP
    FOR r IN SELECT pid FROM q ORDER BY pid LOOP
      sql := format('SELECT array_agg(id) FROM (SELECT id FROM public.reg WHERE fac OPERATOR(hredd.%%) (SELECT fac FROM public.q WHERE pid = %s) '
                    'ORDER BY fac OPERATOR(hredd.<->) (SELECT fac FROM public.q WHERE pid = %s), id LIMIT 5) x', r.pid, r.pid);
      FOREACH c IN ARRAY CASE WHEN (r.pid + pass) % 2 = 0 THEN ARRAY['before', 'after'] ELSE ARRAY['after', 'before'] END LOOP
        t0 := clock_timestamp();
        SELECT t.ids INTO ids FROM dblink(c, sql) AS t(ids bigint[]);
        IF pass > 1 THEN
          INSERT INTO search_ab VALUES (c, r.pid, extract(epoch FROM clock_timestamp() - t0) * 1000, ids);
        END IF;
      END LOOP;
    END LOOP;
  END LOOP;
END \$\$;
SELECT dblink_disconnect('before'), dblink_disconnect('after');
SQL
psql -X -d "$DB" <<'SQL'
WITH b AS (SELECT pid, avg(ms) ms, array_agg(DISTINCT ids::text) ids FROM search_ab WHERE build = 'before' GROUP BY pid),
     a AS (SELECT pid, avg(ms) ms, array_agg(DISTINCT ids::text) ids FROM search_ab WHERE build = 'after' GROUP BY pid)
SELECT count(*) AS queries,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY b.ms)::numeric, 2) AS before_median_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms)::numeric, 2) AS after_median_ms,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY b.ms)::numeric, 1) AS before_p95_ms,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY a.ms)::numeric, 1) AS after_p95_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms / b.ms)::numeric, 3) AS median_ratio,
       round(exp(avg(ln(a.ms / b.ms)))::numeric, 3) AS geomean_ratio,
       count(*) FILTER (WHERE a.ids IS DISTINCT FROM b.ids) AS top5_differing
  FROM b JOIN a USING (pid);
SQL
