#!/usr/bin/env bash
# Bulk matching on Citus (issue 15): CALL hredd.match_table of BULK source
# rows against a registry of ROWS facilities, distributed over a coordinator
# and two workers on this machine (32 shards), against the same registry
# undistributed on the coordinator (the one-node baseline, same run, same
# server settings).  Prints both times, their ratio, the per-shard figures
# and whether the results are identical.
#
# On one machine the three nodes share its cores: the ratio shows what
# distributing costs (a search per shard instead of one), not a speed-up.
# docs/scaling.md turns the per-shard figures into an estimate for 4 and 16
# workers.  Defaults: ROWS=100000 BULK=10000 (the issue's 1 M x 100,000 is
# ROWS=1000000 BULK=100000, about 20x longer).  Needs an installed Citus
# (it says so and exits where there is none); run it like test/citus/citus.sh:
#   HREDD_TEST_PORT=54470 scripts/private-cluster.sh bash test/bench/citus_match.sh
# PER_SHARD=0 skips the one-core per-shard phase at the end (at 100,000
# source rows it searches them all twice on one core: most of an hour).
set -uo pipefail
ROWS=${ROWS:-100000}
BULK=${BULK:-10000}
SHARDS=${SHARDS:-32}
. "$(dirname "$0")/../citus/nodes.sh"
ms() { date +%s%3N; }
echo "registry rows: $ROWS, source rows: $BULK, shards: $SHARDS on 2 workers, cores: $(nproc)"

coord >/dev/null <<SQL || exit 1
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
-- names of two made-up words (of 40 syllables), a trade and a legal form;
-- addresses of a plot, a street word and a town word
CREATE FUNCTION w(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS \$\$
  SELECT initcap((ARRAY['ka','lo','mi','ten','sar','vo','ra','nu','pe','dil','mor','ga','zi','han','tu','bel','so','rin','qa','fe',
                        'jo','lam','ce','do','wi','xan','yu','bo','ne','tas','ri','ko','ul','pa','es','ma','vin','hu','ge','ol'])[1 + (i % 40)]
              || (ARRAY['ka','lo','mi','ten','sar','vo','ra','nu','pe','dil','mor','ga','zi','han','tu','bel','so','rin','qa','fe',
                        'jo','lam','ce','do','wi','xan','yu','bo','ne','tas','ri','ko','ul','pa','es','ma','vin','hu','ge','ol'])[1 + (i / 40) % 40]
              || (ARRAY['', 'n', 'r', 'ta'])[1 + (i / 1600) % 4]) \$\$;
CREATE TABLE reg_local (id int PRIMARY KEY, fac hredd.facility NOT NULL);
INSERT INTO reg_local
SELECT i, hredd.facility(
         w(hashint4(i)::bigint & 8191) || ' ' || w(hashint4(i + 7)::bigint & 8191) || ' '
           || (ARRAY['Textile','Garment','Knit','Apparel','Fashion','Denim','Leather','Fabric','Weaving','Dyeing','Sweater','Shoes'])[1 + i % 12]
           || ' ' || (ARRAY['Ltd','Co','Industries','Mills','Limited','Factory','Group'])[1 + (i / 12) % 7],
         'Plot ' || (i % 300) || ', ' || w(hashint4(i + 13)::bigint & 4095) || ' Road, ' || w(hashint4(i + 29)::bigint & 1023),
         (ARRAY['BD','VN','CN','IN','TR','KH','LK','PK','ID','MM'])[1 + (hashint4(i + 3) & 2147483647) % 10])
FROM generate_series(1, $ROWS) i;
CREATE TABLE reg_dist (LIKE reg_local INCLUDING ALL);
SELECT create_distributed_table('reg_dist', 'id', shard_count := $SHARDS);
INSERT INTO reg_dist SELECT * FROM reg_local;
CREATE INDEX ON reg_local USING gin (fac);
CREATE INDEX ON reg_dist USING gin (fac);
ANALYZE reg_local; ANALYZE reg_dist;
-- the source: every (ROWS / BULK)th facility as a supplier list types it
CREATE TABLE src (ref int PRIMARY KEY, fac hredd.facility);
INSERT INTO src
SELECT id, hredd.facility(CASE id % 3 WHEN 0 THEN upper(hredd.facility_name(fac))
                                      WHEN 1 THEN regexp_replace(hredd.facility_name(fac), ' [^ ]+\$', '')
                                      ELSE overlay(hredd.facility_name(fac) placing '' from 3 for 1) END,
                          CASE WHEN id % 2 = 0 THEN hredd.facility_address(fac) END, hredd.facility_country(fac)::text)
FROM reg_local WHERE id % ($ROWS / $BULK) = 0;
CREATE TABLE res_local (source_key int, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
CREATE TABLE res_dist (LIKE res_local INCLUDING ALL);
SQL
echo "loaded: $(val "SELECT count(*) FROM src") source rows, $(val "SELECT count(*) FROM reg_dist") registry rows distributed"

t0=$(ms)
coord -c "SET client_min_messages = warning" -c "CALL hredd.match_table('src', 'ref', 'fac', 'reg_local', 'id', 'fac', 'res_local', top_k => 3)" >/dev/null || exit 1
t1=$(ms)
coord -c "SET client_min_messages = warning" -c "CALL hredd.match_table('src', 'ref', 'fac', 'reg_dist', 'id', 'fac', 'res_dist', top_k => 3)" >/dev/null || exit 1
t2=$(ms)
one=$((t1 - t0)); dist=$((t2 - t1))
a=$(val "SELECT count(*) || ' rows, ' || md5(string_agg(source_key || '/' || target_key || '/' || rank, ',' ORDER BY source_key, rank)) FROM res_local")
b=$(val "SELECT count(*) || ' rows, ' || md5(string_agg(source_key || '/' || target_key || '/' || rank, ',' ORDER BY source_key, rank)) FROM res_dist")
echo "one node (coordinator, undistributed): $one ms, $a"
echo "distributed ($SHARDS shards, 2 workers): $dist ms, $b"
[ "$a" = "$b" ] && echo "results identical" || echo "RESULTS DIFFER"
echo "ratio distributed / one node: $(awk -v d=$dist -v o=$one 'BEGIN { printf "%.2f", d / o }')"
[ "${PER_SHARD:-1}" = 0 ] && exit 0
# per shard: the search of all source rows in one shard's worth of the
# registry (ROWS / SHARDS rows, its own GIN index), on one core, against
# the same search in the whole registry on one core
coord >/dev/null <<SQL || exit 1
SET client_min_messages = warning;
CREATE TABLE reg_part AS SELECT * FROM reg_local WHERE id % $SHARDS = 0;
CREATE INDEX ON reg_part USING gin (fac);
ANALYZE reg_part;
SQL
search() { local t0 t1; t0=$(ms)
	coord -c "SET max_parallel_workers_per_gather = 0" -c "SET hredd.match_threshold = 0.5" \
		-c "SELECT count(*) FROM src b JOIN $1 t ON t.fac OPERATOR(hredd.%) b.fac" >/dev/null || exit 1
	t1=$(ms); echo $((t1 - t0)); }
full=$(search reg_local)
part=$(search reg_part)
echo "one core, all $BULK source rows: whole registry $full ms; one shard ($(val "SELECT count(*) FROM reg_part") rows) $part ms"
echo "per shard and source row: $(awk -v p=$part -v b=$BULK 'BEGIN { printf "%.3f", p / b }') ms; $SHARDS shards = $(awk -v p=$part -v s=$SHARDS -v f=$full 'BEGIN { printf "%.2f", p * s / f }') x the one-node search work"
