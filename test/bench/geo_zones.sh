#!/usr/bin/env bash
# geo_zones.sh — benchmark of the zone and country look-ups.
#
# Run inside a cluster:  scripts/with-cluster.sh test/bench/geo_zones.sh
# Needs PGHOST/PGPORT/PGUSER pointing at a superuser and hredd (with PostGIS)
# installed.  Environment:
#   POINTS  points to look up (default 1000000): 70% inside the shipped
#           country polygons (area-weighted), 30% uniform over lon -180..180,
#           lat -60..75; deterministic
#   ZONES   synthetic zones (default 10000): star-shaped polygons of 10 to
#           5000 vertices, radius 0.2-2 degrees, centres weighted to land,
#           loaded with one INSERT into hredd.risk_zone
#   RUNS    timed runs per query (default 3), the median is reported
#   ZONES_AT_POINTS  points of the per-point zones_at run (default 20000)
#   COUNTRY_AT_POINTS  points of the per-point country_at run (default 100000)
#   NAIVE_IX_POINTS  points of the naive join with a GiST index on the zones,
#           which the planner drives by the points (default 100000; the time
#           for all points is extrapolated linearly and labelled so)
#   BENCH_DB  database, created and dropped (default hredd_geo_bench)
#
# Measured: the zone INSERT (validation + subdivision); the (point, zone)
# pairs computed (a) by a naive join on the raw polygons, (b1-b3) by
# hand-written joins on the subdivided copy (planner's order; polygons forced
# to drive with LATERAL .. OFFSET 0; the same without bitmap scans), (c) by
# hredd.zones_for, checked to be the same sets; (a2) the naive join once the
# zones have a GiST index (points drive: subset, extrapolated); hredd.zones_at per point on
# a sample; hredd.country_at(geom) and country_at(lat, lng) per point against
# PostGIS per point and a set-based PostGIS join, with their agreement.
#
# Every query runs serially (max_parallel_workers_per_gather = 0, jit off),
# so throughputs are per core.  Every variant writes its result into a fresh
# unlogged table with CREATE UNLOGGED TABLE ... AS (the same materialisation
# for all), timed by psql's \timing (server work plus one round trip); the
# runs of the variants are interleaved.  The results are then compared.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
POINTS=${POINTS:-1000000}
ZONES=${ZONES:-10000}
RUNS=${RUNS:-3}
ZONES_AT_POINTS=${ZONES_AT_POINTS:-20000}
COUNTRY_AT_POINTS=${COUNTRY_AT_POINTS:-100000}
NAIVE_IX_POINTS=${NAIVE_IX_POINTS:-100000}
DB=${BENCH_DB:-hredd_geo_bench}
LAYER=bench_zones
[ "$ZONES_AT_POINTS" -le "$POINTS" ] || ZONES_AT_POINTS=$POINTS
[ "$COUNTRY_AT_POINTS" -le "$POINTS" ] || COUNTRY_AT_POINTS=$POINTS
[ "$NAIVE_IX_POINTS" -le "$POINTS" ] || NAIVE_IX_POINTS=$POINTS
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning -c jit=off -c max_parallel_workers_per_gather=0"

cleanup() {
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
# psql with aligned output and no footer, for tables and plans
show() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -P footer=off "$@"; }

# Seconds taken by statement $2 (after untimed set-up statements $1), as
# psql's \timing sees it.
time_sql() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<-EOF | awk '/^Time: / { t = $2 } END { printf "%.3f\n", t / 1000 }'
		$1
		\timing on
		$2
	EOF
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else print "n/a" }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "n/a" }'; }
# the plan's join order in one line: the scans, outer first
plan_order() {
	q "${2:-} EXPLAIN (COSTS OFF) $1" | grep -Eo '(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Function Scan) (using [a-z_]+ )?on [a-z_.]+( [a-z]+)?' |
		sed -E 's/ using [a-z_]+//' | paste -sd '>' | sed 's/>/  ->  /g'
}

echo "== hredd zone and country look-up benchmark"
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "command:  $0${*:+ $*}  (cwd $(pwd))"
echo "host:     $(uname -srm), $(nproc) CPUs"
echo "server:   $(psql -X -A -t -d postgres -c 'SELECT version()')"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "CREATE EXTENSION hredd CASCADE" -c "CREATE EXTENSION pg_prewarm" >/dev/null
echo "postgis:  $(q 'SELECT postgis_full_version()')"
echo "hredd:    $(q "SELECT extversion FROM pg_extension WHERE extname = 'hredd'")"
echo "settings: $(q "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('jit', 'max_parallel_workers_per_gather', 'shared_buffers', 'work_mem', 'hash_mem_multiplier', 'fsync', 'random_page_cost', 'effective_cache_size')")"
echo "size:     POINTS=$POINTS ZONES=$ZONES RUNS=$RUNS (median reported) ZONES_AT_POINTS=$ZONES_AT_POINTS COUNTRY_AT_POINTS=$COUNTRY_AT_POINTS NAIVE_IX_POINTS=$NAIVE_IX_POINTS"

# ------------------------------------------------------------ data
echo
echo "== data"
t0=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v points="$POINTS" -v zones="$ZONES" -v layer="$LAYER" \
	-f "$here/geo_zones_setup.sql" >/dev/null
echo "set-up:   $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s to generate the points (table pts, GiST-indexed) and the zone polygons (not timed below)"
show -c "SELECT count(*) AS points,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM hredd.country_boundary_part c
                                               WHERE ST_Intersects(c.geom, p.geom))) AS in_a_country_polygon,
                pg_size_pretty(pg_table_size('pts')) AS heap, pg_size_pretty(pg_indexes_size('pts')) AS indexes
         FROM pts p" \
     -c "SELECT count(*) AS zones, min(ST_NPoints(geom)) AS min_vertices, round(avg(ST_NPoints(geom))) AS avg_vertices,
                max(ST_NPoints(geom)) AS max_vertices, sum(ST_NPoints(geom)) AS vertices,
                round(avg(ST_Area(geom))::numeric, 2) AS avg_area_deg2
         FROM zone_src"

zone_insert="INSERT INTO hredd.risk_zone (layer, name, severity, geom)
SELECT '$LAYER', 'zone ' || i, (i % 100) / 100.0, geom FROM zone_src ORDER BY i"
t=$(time_sql "" "$zone_insert")
q "ANALYZE hredd.risk_zone; ANALYZE hredd.risk_zone_part" >/dev/null
parts=$(q "SELECT count(*) FROM hredd.risk_zone_part")
echo "zone INSERT: $ZONES zones in one statement (validation trigger + subdivision by the statement trigger): $t s, $(rate "$ZONES" "$t") zones/s"
show -c "SELECT count(*) AS parts_created, round(count(*)::numeric / $ZONES, 1) AS parts_per_zone,
                round(avg(ST_NPoints(geom))) AS avg_vertices_per_part, max(ST_NPoints(geom)) AS max_vertices_per_part,
                pg_size_pretty(pg_table_size('hredd.risk_zone_part')) AS heap,
                pg_size_pretty(pg_indexes_size('hredd.risk_zone_part')) AS indexes,
                pg_size_pretty(pg_table_size('hredd.risk_zone')) AS risk_zone_heap_and_toast
         FROM hredd.risk_zone_part"
[ "$parts" -gt 0 ] || { echo "error: no parts were created" >&2; exit 1; }

# everything the queries read, in memory before the first timed run
q "SELECT sum(n) FROM (
     SELECT pg_prewarm(c.oid, CASE WHEN c.relkind = 't' THEN 'read' ELSE 'buffer' END) AS n
     FROM pg_class c
     WHERE c.oid IN (SELECT to_regclass(r) FROM unnest(ARRAY['pts', 'pts_pkey', 'pts_geom_idx',
                         'hredd.risk_zone', 'hredd.risk_zone_pkey', 'hredd.risk_zone_part',
                         'hredd.risk_zone_part_geom_idx', 'hredd.country_boundary_part',
                         'hredd.country_boundary_part_geom_idx', 'hredd.country_boundary_part_geog_idx']) r)
        OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = 'hredd.risk_zone'::regclass)) x" >/dev/null

# ------------------------------------------------------------ zone look-up
# country_at (and so zones_at) builds a per-backend grid of the boundaries on
# its first call: done, untimed, before every timed run of a per-point query.
warm="SELECT hredd.country_at(0::float8, 0::float8);"
layers="ARRAY['$LAYER']"
valid="current_date"
declare -A sql
sql[naive]="SELECT p.id, z.zone_id FROM pts p JOIN hredd.risk_zone z ON ST_Intersects(z.geom, p.geom)"
sql[join]="SELECT DISTINCT p.id, s.zone_id FROM hredd.risk_zone_part s JOIN pts p ON ST_Intersects(s.geom, p.geom)"
sql[lateral]="SELECT DISTINCT p.id, s.zone_id
FROM hredd.risk_zone_part s
CROSS JOIN LATERAL (SELECT p.id FROM pts p WHERE ST_Intersects(s.geom, p.geom) OFFSET 0) p"
sql[hredd]="SELECT key, zone_id FROM hredd.zones_for('pts', 'id', 'geom', $valid, $layers)"
sql[lateral_ix]=${sql[lateral]}
variants=(naive join lateral lateral_ix hredd)
declare -A label=([naive]="(a) naive join on the raw polygons" [join]="(b1) subdivided, plain join"
                  [lateral]="(b2) subdivided, LATERAL .. OFFSET 0" [lateral_ix]="(b3) = b2, enable_bitmapscan off"
                  [hredd]="(c) hredd.zones_for")
declare -A pre=([lateral_ix]="SET enable_bitmapscan = off;")

echo
echo "== zone look-up: (point id, zone_id) for every point in a zone (ST_Intersects)"
echo "(a)  naive:  ${sql[naive]}"
echo "     plan (outer -> inner): $(plan_order "${sql[naive]}")"
echo "(b1) hand-written, planner's join order:"
echo "            ${sql[join]}"
echo "     plan (outer -> inner): $(plan_order "${sql[join]}")"
echo "(b2) hand-written, polygons forced to drive:"
echo "            $(echo "${sql[lateral]}" | paste -sd ' ')"
echo "     plan (outer -> inner): $(plan_order "${sql[lateral]}")"
echo "(b3) the same with SET enable_bitmapscan = off (a plain index scan per polygon):"
echo "     plan (outer -> inner): $(plan_order "${sql[lateral_ix]}" "${pre[lateral_ix]}")"
echo "(c)  hredd:  ${sql[hredd]}"
echo "     (every zone of the layer is valid today, so (a) and (b) need no date or layer filter to ask the same question)"

declare -A times med
for _ in $(seq 1 "$RUNS"); do
	for v in "${variants[@]}"; do
		t=$(time_sql "DROP TABLE IF EXISTS res_$v; ${pre[$v]:-}" "CREATE UNLOGGED TABLE res_$v AS ${sql[$v]};")
		times[$v]="${times[$v]:-} $t"
	done
done
printf '%-40s %10s %10s %12s  %s\n' variant pairs "median s" "points/s" "runs (s)"
for v in "${variants[@]}"; do
	# shellcheck disable=SC2086
	med[$v]=$(median ${times[$v]})
	printf '%-40s %10s %10s %12s  %s\n' "${label[$v]}" "$(q "SELECT count(*) FROM res_$v")" "${med[$v]}" \
		"$(rate "$POINTS" "${med[$v]}")" "${times[$v]# }"
done
best="join"
for v in lateral lateral_ix; do
	awk -v a="${med[$v]}" -v b="${med[$best]}" 'BEGIN { exit !(a < b) }' && best=$v
done

echo
echo "== check: the five results are the same set of (id, zone_id) pairs"
show <<-'SQL'
	CREATE TEMP VIEW ra AS SELECT id, zone_id FROM res_naive;
	CREATE TEMP VIEW rb AS SELECT id, zone_id FROM res_join;
	CREATE TEMP VIEW rb2 AS SELECT id, zone_id FROM res_lateral;
	CREATE TEMP VIEW rb3 AS SELECT id, zone_id FROM res_lateral_ix;
	CREATE TEMP VIEW rc AS SELECT key::bigint AS id, zone_id FROM res_hredd;
	SELECT 'naive vs hand (b1)' AS pair,
	       (SELECT count(*) FROM (SELECT * FROM ra EXCEPT SELECT * FROM rb) x) AS only_left,
	       (SELECT count(*) FROM (SELECT * FROM rb EXCEPT SELECT * FROM ra) x) AS only_right
	UNION ALL
	SELECT 'hand (b1) vs hand (b2)',
	       (SELECT count(*) FROM (SELECT * FROM rb EXCEPT SELECT * FROM rb2) x),
	       (SELECT count(*) FROM (SELECT * FROM rb2 EXCEPT SELECT * FROM rb) x)
	UNION ALL
	SELECT 'hand (b2) vs hand (b3)',
	       (SELECT count(*) FROM (SELECT * FROM rb2 EXCEPT SELECT * FROM rb3) x),
	       (SELECT count(*) FROM (SELECT * FROM rb3 EXCEPT SELECT * FROM rb2) x)
	UNION ALL
	SELECT 'naive vs hredd',
	       (SELECT count(*) FROM (SELECT * FROM ra EXCEPT SELECT * FROM rc) x),
	       (SELECT count(*) FROM (SELECT * FROM rc EXCEPT SELECT * FROM ra) x)
	UNION ALL
	SELECT 'hand (b1) vs hredd',
	       (SELECT count(*) FROM (SELECT * FROM rb EXCEPT SELECT * FROM rc) x),
	       (SELECT count(*) FROM (SELECT * FROM rc EXCEPT SELECT * FROM rb) x);
	SELECT (SELECT count(*) FROM ra) AS naive_rows, (SELECT count(*) FROM (SELECT DISTINCT * FROM ra) x) AS naive_distinct,
	       (SELECT count(*) FROM rb) AS b1_rows, (SELECT count(*) FROM rb2) AS b2_rows, (SELECT count(*) FROM rb3) AS b3_rows,
	       (SELECT count(*) FROM rc) AS hredd_rows, (SELECT count(*) FROM (SELECT DISTINCT * FROM rc) x) AS hredd_distinct,
	       (SELECT count(DISTINCT id) FROM ra) AS points_in_some_zone,
	       CASE WHEN NOT EXISTS (SELECT * FROM ra EXCEPT SELECT * FROM rb) AND NOT EXISTS (SELECT * FROM rb EXCEPT SELECT * FROM ra)
	             AND NOT EXISTS (SELECT * FROM rb EXCEPT SELECT * FROM rb2) AND NOT EXISTS (SELECT * FROM rb2 EXCEPT SELECT * FROM rb)
	             AND NOT EXISTS (SELECT * FROM rb2 EXCEPT SELECT * FROM rb3) AND NOT EXISTS (SELECT * FROM rb3 EXCEPT SELECT * FROM rb2)
	             AND NOT EXISTS (SELECT * FROM ra EXCEPT SELECT * FROM rc) AND NOT EXISTS (SELECT * FROM rc EXCEPT SELECT * FROM ra)
	             AND (SELECT count(*) FROM ra) = (SELECT count(*) FROM rb) AND (SELECT count(*) FROM rb) = (SELECT count(*) FROM rb2)
	             AND (SELECT count(*) FROM rb2) = (SELECT count(*) FROM rb3) AND (SELECT count(*) FROM rb) = (SELECT count(*) FROM rc)
	            THEN 'IDENTICAL' ELSE 'DIFFERENT' END AS verdict;
SQL

echo "ratios (same run; best hand-written = ${label[$best]}):"
echo "  hredd vs naive:                $(div "${med[naive]}" "${med[hredd]}")x faster   (time naive / time hredd; aim >= 5)"
echo "  hredd vs best hand-written:    $(div "${med[hredd]}" "${med[$best]}")   (time hredd / time hand; aim <= 1.3)"
echo "  hredd vs hand (b1), (b2), (b3): $(div "${med[hredd]}" "${med[join]}"), $(div "${med[hredd]}" "${med[lateral]}"), $(div "${med[hredd]}" "${med[lateral_ix]}")"
echo "  best hand-written vs naive:    $(div "${med[naive]}" "${med[$best]}")x faster"

# ------------------------------------------------------------ naive, points driving
# The naive join above has only one indexable plan: the zone table has no
# spatial index, so the polygons drive.  With a GiST index on the zones (which
# users add) the planner drives by the points instead; timed on a subset.
echo
echo "== (a2) the naive join when hredd.risk_zone has a GiST index on geom (index built for this step, dropped after)"
q "CREATE INDEX bench_risk_zone_geom_idx ON hredd.risk_zone USING gist (geom); ANALYZE hredd.risk_zone" >/dev/null
sql_a2="SELECT p.id, z.zone_id FROM pts p JOIN hredd.risk_zone z ON ST_Intersects(z.geom, p.geom) WHERE p.id <= $NAIVE_IX_POINTS"
echo "     $sql_a2"
a2_plan_all=$(plan_order "${sql[naive]}")
a2_plan=$(plan_order "$sql_a2")
echo "     plan (outer -> inner), all points: $a2_plan_all"
echo "     plan (outer -> inner), the subset: $a2_plan"
a2_times=""
for _ in $(seq 1 "$RUNS"); do
	a2_times="$a2_times $(time_sql "DROP TABLE IF EXISTS res_a2;" "CREATE UNLOGGED TABLE res_a2 AS $sql_a2;")"
done
# shellcheck disable=SC2086
a2_med=$(median $a2_times)
echo "     $NAIVE_IX_POINTS points (id <= $NAIVE_IX_POINTS): median $a2_med s (runs:$a2_times), $(rate "$NAIVE_IX_POINTS" "$a2_med") points/s"
if [[ $a2_plan =~ ^[A-Za-z\ ]*Scan\ on\ pts\ p\  && $a2_plan_all =~ ^[A-Za-z\ ]*Scan\ on\ pts\ p\  ]]; then
	# points drive in both plans: the work is linear in the points
	a2_all=$(awk -v t="$a2_med" -v n="$NAIVE_IX_POINTS" -v all="$POINTS" 'BEGIN { printf "%.1f", t * all / n }')
	echo "     EXTRAPOLATED linearly to all $POINTS points: $a2_all s; hredd.zones_for is $(div "$a2_all" "${med[hredd]}")x faster than this"
else
	echo "     (the polygons drive here, as in (a): not extrapolated, the subset time is not linear in the points)"
fi
show -c "SELECT (SELECT count(*) FROM res_a2) AS pairs,
                (SELECT count(*) FROM (SELECT * FROM res_a2 EXCEPT SELECT id, zone_id FROM res_naive WHERE id <= $NAIVE_IX_POINTS) x) AS only_a2,
                (SELECT count(*) FROM (SELECT id, zone_id FROM res_naive WHERE id <= $NAIVE_IX_POINTS EXCEPT SELECT * FROM res_a2) x) AS only_naive"
q "DROP INDEX hredd.bench_risk_zone_geom_idx; ANALYZE hredd.risk_zone" >/dev/null

# ------------------------------------------------------------ per point
echo
echo "== per-point function path: hredd.zones_at for $ZONES_AT_POINTS points (id <= $ZONES_AT_POINTS)"
sql_at="SELECT p.id, z.zone_id FROM pts p, LATERAL hredd.zones_at(p.geom, $valid, $layers) z WHERE p.id <= $ZONES_AT_POINTS"
echo "    $sql_at"
at_times=""
for _ in $(seq 1 "$RUNS"); do
	at_times="$at_times $(time_sql "DROP TABLE IF EXISTS res_at; $warm" "CREATE UNLOGGED TABLE res_at AS $sql_at;")"
done
# shellcheck disable=SC2086
at_med=$(median $at_times)
echo "    median $at_med s (runs:$at_times), $(rate "$ZONES_AT_POINTS" "$at_med") points/s;" \
	"zones_for: $(rate "$POINTS" "${med[hredd]}") points/s, $(div "$(rate "$POINTS" "${med[hredd]}")" "$(rate "$ZONES_AT_POINTS" "$at_med")" '%.0f')x more"
show -c "SELECT (SELECT count(*) FROM res_at) AS zones_at_pairs,
                (SELECT count(*) FROM res_hredd WHERE key::bigint <= $ZONES_AT_POINTS) AS zones_for_pairs_same_points,
                (SELECT count(*) FROM (SELECT id, zone_id FROM res_at EXCEPT
                                       SELECT key::bigint, zone_id FROM res_hredd WHERE key::bigint <= $ZONES_AT_POINTS) x) AS only_zones_at,
                (SELECT count(*) FROM (SELECT key::bigint, zone_id FROM res_hredd WHERE key::bigint <= $ZONES_AT_POINTS EXCEPT
                                       SELECT id, zone_id FROM res_at) x) AS only_zones_for"

# ------------------------------------------------------------ country_at
echo
echo "== country_at: per point, $COUNTRY_AT_POINTS points (id <= $COUNTRY_AT_POINTS), one core"
first=$(time_sql "" "$warm")
echo "    first call in a new session (loads the per-backend grid of the boundaries): $first s"
declare -A csql ctimes cmed
csql[geom]="SELECT p.id, hredd.country_at(p.geom) AS country FROM pts p WHERE p.id <= $COUNTRY_AT_POINTS"
csql[latlng]="SELECT p.id, hredd.country_at(ST_Y(p.geom), ST_X(p.geom)) AS country FROM pts p WHERE p.id <= $COUNTRY_AT_POINTS"
csql[postgis]="SELECT p.id, (SELECT c.country FROM hredd.country_boundary_part c
                      WHERE ST_Intersects(c.geom, p.geom) AND c.country IS NOT NULL LIMIT 1) AS country
FROM pts p WHERE p.id <= $COUNTRY_AT_POINTS"
csql[join]="SELECT DISTINCT ON (p.id) p.id, c.country
FROM hredd.country_boundary_part c JOIN pts p ON ST_Intersects(c.geom, p.geom)
WHERE c.country IS NOT NULL ORDER BY p.id, c.country"
cvariants=(geom latlng postgis join)
declare -A cpoints=([geom]=$COUNTRY_AT_POINTS [latlng]=$COUNTRY_AT_POINTS [postgis]=$COUNTRY_AT_POINTS [join]=$POINTS)
declare -A clabel=([geom]="hredd.country_at(geom)" [latlng]="hredd.country_at(lat, lng) (C)"
                   [postgis]="PostGIS per point (reference)" [join]="set-based PostGIS join, all points")
echo "    geom:    ${csql[geom]}"
echo "    lat/lng: ${csql[latlng]}"
echo "    PostGIS per point (containment only, no 25 km fallback): $(echo "${csql[postgis]}" | paste -sd ' ' | tr -s ' ')"
echo "    join (containment only):  $(echo "${csql[join]}" | paste -sd ' ')"
echo "    join plan (outer -> inner): $(plan_order "${csql[join]}")"
for _ in $(seq 1 "$RUNS"); do
	for v in "${cvariants[@]}"; do
		t=$(time_sql "DROP TABLE IF EXISTS res_c_$v; $warm" "CREATE UNLOGGED TABLE res_c_$v AS ${csql[$v]};")
		ctimes[$v]="${ctimes[$v]:-} $t"
	done
done
printf '%-42s %9s %10s %14s  %s\n' variant points "median s" "points/s" "runs (s)"
for v in "${cvariants[@]}"; do
	# shellcheck disable=SC2086
	cmed[$v]=$(median ${ctimes[$v]})
	printf '%-42s %9s %10s %14s  %s\n' "${clabel[$v]}" "${cpoints[$v]}" "${cmed[$v]}" \
		"$(rate "${cpoints[$v]}" "${cmed[$v]}")" "${ctimes[$v]# }"
done
echo "    per core (aim >= 500000 points/s): country_at(geom) $(rate "$COUNTRY_AT_POINTS" "${cmed[geom]}")," \
	"country_at(lat, lng) $(rate "$COUNTRY_AT_POINTS" "${cmed[latlng]}"), set-based join $(rate "$POINTS" "${cmed[join]}") points/s"
echo "    agreement on the $COUNTRY_AT_POINTS points (the join tests containment only; country_at adds the nearest country within 25 km):"
show <<-SQL
	SELECT CASE WHEN a.country IS NULL AND j.country IS NULL THEN 'both NULL (at sea)'
	            WHEN a.country::text = j.country::text THEN 'same country'
	            WHEN j.country IS NULL THEN 'country_at only (in no polygon, within 25 km)'
	            WHEN a.country IS NULL THEN 'join only'
	            ELSE 'different country' END AS "country_at(lat, lng) vs join",
	       count(*) AS points
	FROM res_c_latlng a LEFT JOIN res_c_join j USING (id)
	GROUP BY 1 ORDER BY 2 DESC;
	SELECT count(*) FILTER (WHERE g.country::text IS NOT DISTINCT FROM l.country::text) AS "geom = lat/lng",
	       count(*) FILTER (WHERE g.country::text IS DISTINCT FROM l.country::text) AS "geom <> lat/lng",
	       count(*) FILTER (WHERE pg.country IS NOT NULL AND pg.country::text IS DISTINCT FROM l.country::text) AS "in a polygon, C <> PostGIS"
	FROM res_c_geom g JOIN res_c_latlng l USING (id) JOIN res_c_postgis pg USING (id);
	SELECT coalesce(sum(n), 0) AS points_in_2_or_more_countries,
	       string_agg(countries || ' ' || n, ', ' ORDER BY n DESC, countries) FILTER (WHERE rk <= 8) AS most_common
	FROM (SELECT countries, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, countries) AS rk
	      FROM (SELECT p.id, string_agg(DISTINCT c.country::text, '+') AS countries
	            FROM hredd.country_boundary_part c JOIN pts p ON ST_Intersects(c.geom, p.geom)
	            WHERE c.country IS NOT NULL AND p.id <= $COUNTRY_AT_POINTS
	            GROUP BY p.id HAVING count(DISTINCT c.country) > 1) m
	      GROUP BY countries) x;
SQL
