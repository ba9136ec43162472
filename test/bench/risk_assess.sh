#!/usr/bin/env bash
# risk_assess.sh — benchmark of the risk register: hredd.assess_risk,
# hredd.risk_explain and the hredd.risk_register view.
#
# Run inside a cluster:  scripts/with-cluster.sh test/bench/risk_assess.sh
# Needs PGHOST/PGPORT/PGUSER pointing at a superuser and hredd (with PostGIS)
# installed.  Environment:
#   FACILITIES    facilities in the user's table (default 100000): country
#                 mix weighted to sourcing countries (CN, BD, IN, VN, TR …),
#                 1 % without country; points inside the country's boundary
#                 (ST_GeneratePoints, fixed seed), 8 % without; products one
#                 to three words of a vocabulary of 20 ("Garments", "cotton
#                 ginning", "Leather tanning" …) joined by ", " or " | ",
#                 7 % none; workers as bands
#                 ("1001-5000"), numbers or NULL
#   ZONES         zones of a user zone layer (default 10000): star-shaped,
#                 10-1000 vertices, radius 0.02-0.3 degrees, 80 % near a
#                 facility, 10 % expired before the as-of date
#   OBSERVATIONS  rows inserted directly into hredd.observation (default
#                 10000000; harmonize is bypassed, it is not measured here):
#                 audits of 25 observations on facilities drawn at random,
#                 three schemes, dates up to 1200 days before the as-of date
#   EVIDENCE      rows of hredd.evidence (default FACILITIES / 20)
#   DECISIONS     rows of hredd.risk_decision on the top ranks of the latest
#                 run, before the register is read (default 100)
#   EXPLAIN_PAIRS facility × topic pairs of the risk_explain timing (1000)
#   RUNS          timed runs of (a) and (b) and of the register read (default
#                 3), the median is reported
#   PROFILE       1 (default) to run assess_risk once more under auto_explain
#                 (analyze, nested statements) and print its costliest
#                 statements; PROFILE_PLANS=file keeps the plans
#   AS_OF         the as-of date of the analysis (default 2026-06-30)
#   BENCH_DB      database, created and dropped (default hredd_risk_bench);
#                 KEEP_DB=1 keeps it, to study plans after the run
# All data are generated in SQL from hashes of row numbers
# (test/bench/risk_assess_setup.sql): the same in every run.
#
# The profile is the shipped "default" (20 topics, ILAB goods) copied to a
# new version with a country index (every country, two editions), the zone
# layer and the processing stages added, so every layer kind is used.
#
# Measured, interleaved, RUNS times, median:
#   (a) baseline: one hand-written set-based query that computes the same
#       inherent likelihood per facility × topic (base likelihood, country
#       index, goods, stages and zones combined by noisy-or with the
#       profile's weights; unknown country at the prior) and the worst of
#       the latest audit observations per facility × topic (within the
#       horizon, known by now), with no explanations, written with CREATE
#       UNLOGGED TABLE ... AS;
#   (b) SELECT hredd.assess_risk(...) on the same data (which also writes the
#       run, its facilities, every contribution and the results, ranks, gaps
#       and other evidence, in one transaction).
# Ratio b / a; the rows written; the agreement of (a) and (b) on inherent
# likelihood and audit severity, over all rows.  Then hredd.risk_explain per
# call on EXPLAIN_PAIRS pairs against a plain SELECT of the same pair's
# contribution rows (median and p95, interleaved), and the whole
# hredd.risk_register read by COPY ... TO '/dev/null' against the same COPY
# of hredd.risk_result of that run.
#
# Every query runs serially (max_parallel_workers_per_gather = 0, jit off),
# timed by psql's \timing (server work plus one round trip), after a
# CHECKPOINT for (a) and (b); the CPU time of the server process is shown
# beside it (on a shared machine the wall clock also counts others' work).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
FACILITIES=${FACILITIES:-100000}
ZONES=${ZONES:-10000}
OBSERVATIONS=${OBSERVATIONS:-10000000}
EVIDENCE=${EVIDENCE:-$((FACILITIES / 20))}
DECISIONS=${DECISIONS:-100}
EXPLAIN_PAIRS=${EXPLAIN_PAIRS:-1000}
RUNS=${RUNS:-3}
PROFILE=${PROFILE:-1}
PROFILE_PLANS=${PROFILE_PLANS:-}
AS_OF=${AS_OF:-2026-06-30}
DB=${BENCH_DB:-hredd_risk_bench}
KEEP_DB=${KEEP_DB:-0}
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning -c jit=off -c max_parallel_workers_per_gather=0"

tmp=$(mktemp -d)
cleanup() {
	[ "$KEEP_DB" = 1 ] || psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
# psql with aligned output and no footer, for tables
show() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -P footer=off "$@"; }
# Statements $2 (after untimed set-up statements $1): the seconds psql's
# \timing sees (server work plus a round trip each, summed), and the CPU
# seconds (user + system, /proc) of the server process that ran it, which
# other work on a shared machine does not inflate ("n/a" when the server
# runs on another host).
time_sql() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<-EOF | awk -v hz="$(getconf CLK_TCK)" '/^Time: / { t += $2 } /^cpu / { c[++n] = $2 }
		END { printf "%.3f %s\n", t / 1000, (n == 2 && c[1] >= 0) ? sprintf("%.2f", (c[2] - c[1]) / hz) : "n/a" }'
		$1
		SELECT pg_backend_pid() AS bench_pid \gset
		\setenv BENCH_PID :bench_pid
		\! awk '{ print "cpu", \$14 + \$15 }' /proc/\$BENCH_PID/stat 2>/dev/null || echo "cpu -1"
		\timing on
		$2
		\timing off
		\! awk '{ print "cpu", \$14 + \$15 }' /proc/\$BENCH_PID/stat 2>/dev/null || echo "cpu -1"
	EOF
}
median() { printf '%s\n' "$@" | sort -g | awk '/n\/a/ { na = 1 } { a[NR] = $1 } END { print na ? "n/a" : a[int((NR + 1) / 2)] }'; }
# percentile $1 (0-100) of the numbers in file $2, nearest rank
pctl() { sort -g "$2" | awk -v p="$1" '{ a[NR] = $1 } END { k = int(NR * p / 100 + 0.999999); if (k < 1) k = 1; printf "%.3f", a[k] }'; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else print "n/a" }'; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

echo "== hredd risk register benchmark"
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "command:  FACILITIES=$FACILITIES ZONES=$ZONES OBSERVATIONS=$OBSERVATIONS RUNS=$RUNS $0${*:+ $*}  (cwd $(pwd))"
echo "host:     $(uname -srm), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server:   $(psql -X -A -t -d postgres -c 'SELECT version()')"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
q "CREATE EXTENSION hredd CASCADE" >/dev/null
echo "hredd:    $(q "SELECT extversion FROM pg_extension WHERE extname = 'hredd'"), postgis $(q "SELECT extversion FROM pg_extension WHERE extname = 'postgis'")"
echo "settings: $(q "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('jit', 'max_parallel_workers_per_gather', 'shared_buffers', 'work_mem', 'maintenance_work_mem', 'fsync', 'synchronous_commit', 'max_wal_size')")"
echo "size:     FACILITIES=$FACILITIES ZONES=$ZONES OBSERVATIONS=$OBSERVATIONS EVIDENCE=$EVIDENCE DECISIONS=$DECISIONS EXPLAIN_PAIRS=$EXPLAIN_PAIRS RUNS=$RUNS (median reported) AS_OF=$AS_OF"

# ------------------------------------------------------------ data
echo
echo "== data"
t0=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v facilities="$FACILITIES" -v zones="$ZONES" -v observations="$OBSERVATIONS" \
	-v evidence="$EVIDENCE" -v as_of="$AS_OF" -f "$here/risk_assess_setup.sql" >/dev/null
echo "set-up:   $(elapsed "$t0") s to generate the facilities, layers, zones, profile, observations and evidence (not timed below)"
VER=$(q "SELECT max(version) FROM hredd.risk_profile WHERE profile = 'default'")
show -c "SELECT count(*) AS facilities, count(country) AS with_country, count(lat) AS with_location,
                count(products) AS with_products, count(DISTINCT products) AS distinct_product_texts,
                count(workers) AS with_workers,
                (SELECT count(DISTINCT country) FROM bench_facility) AS countries,
                (SELECT string_agg(country || ' ' || n, ', ' ORDER BY n DESC) FROM
                   (SELECT country, count(*) n FROM bench_facility WHERE country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 6) x) AS top_countries
         FROM bench_facility" \
     -c "SELECT string_agg(format('%s %s', products, workers), ' | ') AS sample_products_and_workers
         FROM (SELECT products, workers FROM bench_facility WHERE products IS NOT NULL ORDER BY facility_ref LIMIT 4) x" \
     -c "SELECT count(*) AS zones, (SELECT count(*) FROM hredd.risk_zone_part) AS zone_parts,
                round(avg(ST_NPoints(geom))) AS avg_vertices, count(*) FILTER (WHERE valid_to < DATE '$AS_OF') AS expired,
                (SELECT count(*) FROM hredd.country_risk WHERE layer = 'bench_country_index') AS country_index_rows,
                (SELECT count(*) FROM hredd.country_risk WHERE layer = 'ilab_tvpra_2022') AS ilab_rows
         FROM hredd.risk_zone" \
     -c "SELECT count(*) AS observations, count(DISTINCT facility_ref) AS audited_facilities,
                count(*) FILTER (WHERE observed_on > DATE '$AS_OF' - 1095) AS within_horizon,
                count(*) FILTER (WHERE severity = 1) AS zero_tolerance, count(*) FILTER (WHERE severity IS NULL) AS not_scored,
                (SELECT count(*) FROM hredd.evidence) AS evidence,
                pg_size_pretty(pg_total_relation_size('hredd.observation')) AS observation_size
         FROM hredd.observation" \
     -c "SELECT kind, count(*) AS topics, string_agg(DISTINCT nullif(layer, ''), ', ') AS layers
         FROM hredd.risk_profile_layer WHERE profile = 'default' AND version = $VER GROUP BY kind ORDER BY kind"
echo "profile:  default version $VER ($(q "SELECT count(*) FROM hredd.risk_profile_topic WHERE profile = 'default' AND version = $VER") topics)"

# ------------------------------------------------------------ (a) and (b)
base_sql="CREATE UNLOGGED TABLE base_res AS
WITH prof AS (SELECT * FROM hredd.risk_profile WHERE profile = 'default' AND version = $VER),
t AS (SELECT tp.topic, tp.base_likelihood,
             EXISTS (SELECT 1 FROM hredd.risk_profile_layer x WHERE x.profile = prof.profile AND x.version = prof.version
                     AND x.topic = tp.topic AND x.kind IN ('country', 'goods')) AS needs_country,
             EXISTS (SELECT 1 FROM hredd.risk_profile_layer x WHERE x.profile = prof.profile AND x.version = prof.version
                     AND x.topic = tp.topic AND x.kind IN ('goods', 'stage')) AS needs_products
      FROM hredd.risk_profile_topic tp, prof
      WHERE tp.profile = prof.profile AND tp.version = prof.version),
pl AS (SELECT l.kind, l.layer, l.topic, l.weight FROM hredd.risk_profile_layer l, prof
       WHERE l.profile = prof.profile AND l.version = prof.version),
lay AS (SELECT name FROM hredd.risk_layer WHERE loaded_at <= now()),
f AS (SELECT f.facility_ref COLLATE \"C\" AS ref, hredd.try_country(f.country) AS country, f.products,
             CASE WHEN f.lat BETWEEN -90 AND 90 AND f.lng BETWEEN -180 AND 180 AND NOT (f.lat = 0 AND f.lng = 0)
                  THEN ST_SetSRID(ST_MakePoint(f.lng, f.lat), 4326) END AS pt
      FROM bench_facility f),
w AS (SELECT d.products, ' ' || trim(regexp_replace(lower(d.products), '[^[:alnum:]]+', ' ', 'g')) || ' ' AS words
      FROM (SELECT DISTINCT products FROM f WHERE products IS NOT NULL) d),
good AS (SELECT DISTINCT w.products, pg.good FROM w JOIN hredd.product_good pg ON position(' ' || pg.term || ' ' IN w.words) > 0),
stage AS (SELECT DISTINCT w.products, s.stage FROM w JOIN hredd.processing_stage s ON position(' ' || s.term || ' ' IN w.words) > 0),
zone AS (SELECT f.ref, p.layer, max(z.severity) AS severity
         FROM f JOIN hredd.risk_zone_part p ON ST_Intersects(p.geom, f.pt)
         JOIN hredd.risk_zone z ON z.zone_id = p.zone_id
         WHERE p.valid_from <= DATE '$AS_OF' AND DATE '$AS_OF' < p.valid_to
           AND p.layer IN (SELECT layer FROM pl WHERE kind = 'zone')
         GROUP BY f.ref, p.layer),
x AS (
    SELECT f.ref, pl.topic, pl.weight * max(c.severity) AS x
    FROM f JOIN hredd.country_risk c ON c.country = f.country AND c.subject = ''
                AND c.valid_from <= DATE '$AS_OF' AND DATE '$AS_OF' < c.valid_to
    JOIN pl ON pl.kind = 'country' AND pl.layer = c.layer
    JOIN lay ON lay.name = c.layer
    GROUP BY f.ref, pl.topic, pl.layer, pl.weight
    UNION ALL
    SELECT f.ref, pl.topic, pl.weight * max(c.severity)
    FROM f JOIN good g ON g.products = f.products
    JOIN hredd.country_risk c ON c.country = f.country AND c.subject = g.good
         AND c.valid_from <= DATE '$AS_OF' AND DATE '$AS_OF' < c.valid_to
    JOIN hredd.good_level_topic gt ON gt.level = c.level
    JOIN pl ON pl.kind = 'goods' AND pl.layer = c.layer AND pl.topic = gt.topic
    JOIN lay ON lay.name = c.layer
    GROUP BY f.ref, pl.topic, pl.layer, c.subject, pl.weight
    UNION ALL
    SELECT f.ref, pl.topic, pl.weight * st.severity
    FROM f JOIN stage s ON s.products = f.products
    JOIN hredd.stage_topic st ON st.stage = s.stage
    JOIN pl ON pl.kind = 'stage' AND pl.topic = st.topic
    UNION ALL
    SELECT z.ref, pl.topic, pl.weight * z.severity
    FROM zone z JOIN pl ON pl.kind = 'zone' AND pl.layer = z.layer JOIN lay ON lay.name = z.layer),
inh AS (SELECT ref, topic, 1 - exp(sum(ln(greatest(1 - x, 1e-9)))) AS l, count(*) AS n FROM x GROUP BY ref, topic),
aud AS (
    SELECT l.facility_ref, l.topic, max(l.severity) AS severity
    FROM (SELECT DISTINCT ON (o.facility_ref, o.topic, o.indicator, o.scheme) o.facility_ref, o.topic, o.severity
          FROM hredd.observation o
          JOIN f ON f.ref = o.facility_ref
          JOIN hredd.harmonize_run h ON h.run_id = o.run_id AND h.started_at <= now()
          WHERE o.observed_on <= DATE '$AS_OF' AND o.observed_on > DATE '$AS_OF' - (SELECT horizon_days FROM prof)
            AND o.topic IN (SELECT topic FROM t)
          ORDER BY o.facility_ref, o.topic, o.indicator, o.scheme, o.observed_on DESC, o.severity DESC NULLS LAST) l
    GROUP BY l.facility_ref, l.topic)
SELECT f.ref AS facility_ref, t.topic,
       CASE WHEN (f.country IS NULL AND t.needs_country) OR (f.products IS NULL AND t.needs_products)
            THEN greatest(1 - (1 - t.base_likelihood) * (1 - coalesce(inh.l, 0)), prof.unknown_prior)
            ELSE 1 - (1 - t.base_likelihood) * (1 - coalesce(inh.l, 0)) END AS inherent_likelihood,
       coalesce(inh.n, 0) AS layer_rows, aud.severity AS audit_severity
FROM f CROSS JOIN t CROSS JOIN prof
LEFT JOIN inh ON inh.ref = f.ref AND inh.topic = t.topic
LEFT JOIN aud ON aud.facility_ref = f.ref AND aud.topic = t.topic;"
assess_sql="SELECT hredd.assess_risk('bench_facility', 'facility_ref', as_of => DATE '$AS_OF', profile_version => $VER);"

echo
echo "== (a) hand-written set-based query vs (b) hredd.assess_risk, per facility × topic"
echo "(a)  $(echo "$base_sql" | head -n 1) …  (the whole query is in $0)"
echo "(b)  $assess_sql"
q "VACUUM ANALYZE" >/dev/null
declare -a ta tb ca cb wal
for _ in $(seq 1 "$RUNS"); do
	read -r w c <<<"$(time_sql "DROP TABLE IF EXISTS base_res; SET search_path = public, hredd; CHECKPOINT;" "$base_sql")"
	ta+=("$w"); ca+=("$c")
	lsn=$(q "CHECKPOINT; SELECT pg_current_wal_lsn()")
	read -r w c <<<"$(time_sql "" "$assess_sql")"
	tb+=("$w"); cb+=("$c")
	wal+=("$(q "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn') / 1048576)")")
done
ma=$(median "${ta[@]}"); mb=$(median "${tb[@]}"); mca=$(median "${ca[@]}"); mcb=$(median "${cb[@]}")
RUN=$(q "SELECT max(run_id) FROM hredd.risk_run WHERE finished_at IS NOT NULL")
pairs=$(q "SELECT count(*) FROM base_res")
printf '%-26s %9s %9s %9s %12s  %s\n' variant "rows" "median s" "CPU s" "pairs/s" "runs: s (CPU s)"
runs() { local -n w=$1 c=$2; local i out=""; for i in "${!w[@]}"; do out+="${w[$i]} (${c[$i]})  "; done; echo "$out"; }
printf '%-26s %9s %9s %9s %12s  %s\n' "(a) hand-written query" "$pairs" "$ma" "$mca" "$(div "$pairs" "$ma" '%.0f')" "$(runs ta ca)"
printf '%-26s %9s %9s %9s %12s  %s\n' "(b) hredd.assess_risk" "$(q "SELECT result_count FROM hredd.risk_run WHERE run_id = $RUN")" \
	"$mb" "$mcb" "$(div "$pairs" "$mb" '%.0f')" "$(runs tb cb)"
echo "ratio b / a: $(div "$mb" "$ma") (wall clock), $(div "$mcb" "$mca") (CPU of the server process)   (aim: at most 1.5)"
echo "WAL written by (b): $(median "${wal[@]}") MB (median; runs: ${wal[*]}; max_wal_size $(q "SHOW max_wal_size"): a larger one saves the checkpoints, and their full-page images, during the run)"
echo "written by (b), run $RUN:"
show -c "SELECT r.facility_count AS facilities, r.result_count AS results,
                (SELECT count(*) FROM hredd.risk_contribution c WHERE c.run_id = r.run_id) AS contributions_read,
                (SELECT count(*) FROM hredd.risk_contribution_facility c WHERE c.run_id = r.run_id) AS facility_rows_written,
                (SELECT count(*) FROM hredd.risk_contribution_shared c WHERE c.run_id = r.run_id) AS shared_rows_written,
                round(extract(epoch FROM r.finished_at - r.started_at)::numeric, 3) AS run_s_by_its_clock
         FROM hredd.risk_run r WHERE r.run_id = $RUN" \
     -c "SELECT kind, count(*) AS contributions FROM hredd.risk_contribution WHERE run_id = $RUN GROUP BY kind ORDER BY 2 DESC" \
     -c "SELECT pg_size_pretty(pg_total_relation_size('hredd.risk_run_facility') / $RUNS) AS facility_and_result_size_per_run,
                pg_size_pretty((pg_total_relation_size('hredd.risk_contribution_facility')
                                + pg_total_relation_size('hredd.risk_contribution_shared')) / $RUNS) AS contribution_size_per_run,
                pg_size_pretty(pg_total_relation_size('base_res')) AS baseline_table"

echo
echo "== check: (a) and (b) on every facility × topic of run $RUN"
show <<-SQL
	WITH r AS (SELECT facility_ref, topic, inherent_likelihood FROM hredd.risk_result WHERE run_id = $RUN),
	     c AS (SELECT facility_ref, topic, max(value) AS audit_severity, count(*) AS n
	           FROM hredd.risk_contribution WHERE run_id = $RUN AND kind = 'audit' GROUP BY 1, 2),
	     j AS (SELECT b.facility_ref AS b_ref, r.facility_ref AS r_ref, b.inherent_likelihood AS b_l0,
	                  r.inherent_likelihood AS r_l0, b.audit_severity AS b_aud, c.audit_severity AS r_aud, c.n AS n_aud
	           FROM base_res b FULL JOIN r ON r.facility_ref = b.facility_ref AND r.topic = b.topic
	           LEFT JOIN c ON c.facility_ref = r.facility_ref AND c.topic = r.topic)
	SELECT count(*) FILTER (WHERE b_ref IS NOT NULL AND r_ref IS NOT NULL) AS pairs_in_both,
	       count(*) FILTER (WHERE r_ref IS NULL) AS only_a, count(*) FILTER (WHERE b_ref IS NULL) AS only_b,
	       to_char(max(abs(b_l0 - r_l0)), '0.0EEEE') AS max_abs_diff_inherent,
	       count(*) FILTER (WHERE abs(b_l0 - r_l0) > 1e-9) AS inherent_differ,
	       to_char(coalesce(max(abs(b_aud - r_aud)), 0), '0.0EEEE') AS max_abs_diff_audit,
	       count(*) FILTER (WHERE (b_aud IS NULL) <> (r_aud IS NULL)) AS audit_null_differ,
	       count(*) FILTER (WHERE n_aud IS NOT NULL) AS pairs_with_audits,
	       round(avg(r_l0)::numeric, 4) AS mean_inherent,
	       CASE WHEN count(*) FILTER (WHERE r_ref IS NULL OR b_ref IS NULL OR abs(b_l0 - r_l0) > 1e-9
	                                    OR (b_aud IS NULL) <> (r_aud IS NULL) OR abs(b_aud - r_aud) > 1e-12) = 0
	            THEN 'AGREE' ELSE 'DIFFER' END AS verdict
	FROM j;
SQL
show -c "SELECT status, count(*) AS results, count(*) FILTER (WHERE data_gap) AS data_gaps,
                round(avg(likelihood)::numeric, 3) AS mean_likelihood, round(avg(priority)::numeric, 3) AS mean_priority
         FROM hredd.risk_result WHERE run_id = $RUN GROUP BY status ORDER BY status"
verdict=$(q "SELECT count(*) FROM base_res b FULL JOIN (SELECT * FROM hredd.risk_result WHERE run_id = $RUN) r
             ON r.facility_ref = b.facility_ref AND r.topic = b.topic
             WHERE r.facility_ref IS NULL OR b.facility_ref IS NULL OR abs(b.inherent_likelihood - r.inherent_likelihood) > 1e-9")
[ "$verdict" = 0 ] || { echo "error: (a) and (b) differ on inherent likelihood for $verdict facility × topic pairs" >&2; exit 1; }

# ------------------------------------------------------------ write floor
# What writing alone costs: the rows (b) wrote, copied into tables shaped
# and indexed like hredd's (no foreign keys, no triggers).
echo
echo "== write floor: the rows of run $RUN copied by INSERT … SELECT into copies of the tables (b) writes (risk_run_facility with the results, risk_contribution_facility and _shared) with their indexes"
q "CREATE TABLE wf_facility (LIKE hredd.risk_run_facility INCLUDING ALL);
   CREATE TABLE wf_contribution (LIKE hredd.risk_contribution_facility INCLUDING ALL);
   CREATE TABLE wf_shared (LIKE hredd.risk_contribution_shared INCLUDING ALL)" >/dev/null
floor_sql="INSERT INTO wf_facility SELECT * FROM hredd.risk_run_facility WHERE run_id = $RUN;
INSERT INTO wf_contribution SELECT * FROM hredd.risk_contribution_facility WHERE run_id = $RUN;
INSERT INTO wf_shared SELECT * FROM hredd.risk_contribution_shared WHERE run_id = $RUN;"
declare -a tf cf
for _ in $(seq 1 "$RUNS"); do
	read -r w c <<<"$(time_sql "TRUNCATE wf_facility, wf_contribution, wf_shared; CHECKPOINT;" "BEGIN; $(echo "$floor_sql" | paste -sd ' ') COMMIT;")"
	tf+=("$w"); cf+=("$c")
done
mf=$(median "${tf[@]}"); mcf=$(median "${cf[@]}")
echo "write floor: median $mf s, CPU $mcf s (runs: $(runs tf cf))"
echo "ratio floor / a: $(div "$mf" "$ma") (wall), $(div "$mcf" "$mca") (CPU);  b / floor: $(div "$mb" "$mf") (wall), $(div "$mcb" "$mcf") (CPU)"
q "DROP TABLE wf_facility, wf_contribution, wf_shared" >/dev/null

# ------------------------------------------------------------ risk_explain
echo
echo "== hredd.risk_explain(run, facility, topic) per call, $EXPLAIN_PAIRS pairs of run $RUN (hash order)"
q "SELECT facility_ref || ' ' || topic FROM hredd.risk_result WHERE run_id = $RUN ORDER BY md5(facility_ref || topic) LIMIT $EXPLAIN_PAIRS" >"$tmp/pairs"
explain_sql() { echo "SELECT * FROM hredd.risk_explain($RUN, '$1', '$2');"; }
plain_sql() { echo "SELECT * FROM hredd.risk_contribution WHERE run_id = $RUN AND facility_ref = '$1' AND topic = '$2';"; }
{
	printf '%s\n' '\o /dev/null'
	# compile the function and warm the caches: untimed
	head -n 5 "$tmp/pairs" | while read -r f t; do explain_sql "$f" "$t"; plain_sql "$f" "$t"; done
	printf '%s\n' '\timing on'
	while read -r f t; do explain_sql "$f" "$t"; plain_sql "$f" "$t"; done <"$tmp/pairs"
} >"$tmp/explain.sql"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$tmp/explain.sql" | awk -v e="$tmp/t_explain" -v p="$tmp/t_plain" \
	'/^Time: / { n++; print $2 > ((n % 2) ? e : p) }'
echo "    explain:  $(explain_sql F T | sed "s/'F'/'<facility>'/; s/'T'/'<topic>'/")"
echo "    baseline: $(plain_sql F T | sed "s/'F'/'<facility>'/; s/'T'/'<topic>'/")"
echo "    (one psql session, calls interleaved, psql's timing per call: server work plus one round trip)"
q "SELECT 'rows per explanation: ' || round(avg(n), 1) || ' on average, ' || max(n) || ' at most'
   FROM (SELECT count(*) + 2 AS n FROM hredd.risk_contribution c
         JOIN (SELECT split_part(l, ' ', 1) AS f, split_part(l, ' ', 2) AS t
               FROM regexp_split_to_table(\$\$$(cat "$tmp/pairs")\$\$, E'\n') l) p ON c.facility_ref = p.f AND c.topic = p.t
         WHERE c.run_id = $RUN GROUP BY p.f, p.t) x" | sed 's/^/    /'
printf '    %-34s %10s %10s %10s %8s\n' "" "calls" "median ms" "p95 ms" "max ms"
printf '    %-34s %10s %10s %10s %8s\n' "hredd.risk_explain" "$(wc -l <"$tmp/t_explain")" "$(pctl 50 "$tmp/t_explain")" \
	"$(pctl 95 "$tmp/t_explain")" "$(pctl 100 "$tmp/t_explain")"
printf '    %-34s %10s %10s %10s %8s\n' "plain SELECT of its contributions" "$(wc -l <"$tmp/t_plain")" "$(pctl 50 "$tmp/t_plain")" \
	"$(pctl 95 "$tmp/t_plain")" "$(pctl 100 "$tmp/t_plain")"
echo "    ratio explain / plain: $(div "$(pctl 50 "$tmp/t_explain")" "$(pctl 50 "$tmp/t_plain")") (medians), $(div "$(pctl 95 "$tmp/t_explain")" "$(pctl 95 "$tmp/t_plain")") (p95)   (aim: explain under 10 ms per call)"

# ------------------------------------------------------------ the register
echo
echo "== hredd.risk_register: every row of the latest run, as a BI tool reads it"
q "INSERT INTO hredd.risk_decision (run_id, facility_ref, topic, decision, rationale)
   SELECT run_id, facility_ref, topic, (ARRAY['prioritise', 'remediate', 'monitor', 'defer'])[1 + rank % 4],
          'benchmark decision on rank ' || rank
   FROM hredd.risk_result WHERE run_id = $RUN AND rank <= $DECISIONS" >/dev/null
q "ANALYZE hredd.risk_decision" >/dev/null
reg_sql="COPY (SELECT * FROM hredd.risk_register) TO '/dev/null';"
bin_sql="COPY (SELECT * FROM hredd.risk_register) TO '/dev/null' WITH (FORMAT binary);"
res_sql="COPY (SELECT * FROM hredd.risk_result WHERE run_id = (SELECT max(x.run_id) FROM hredd.risk_run x WHERE x.finished_at IS NOT NULL)) TO '/dev/null';"
echo "    register: $reg_sql   ($DECISIONS decisions in hredd.risk_decision)"
echo "    binary:   $bin_sql   (as a driver that reads binary, such as Npgsql, receives it)"
echo "    parallel: the register again with max_parallel_workers_per_gather = 2, PostgreSQL's default (CPU of the leader only)"
flo_sql="COPY (SELECT * FROM bench_register_copy) TO '/dev/null';"
q "DROP TABLE IF EXISTS bench_register_copy; CREATE UNLOGGED TABLE bench_register_copy AS SELECT * FROM hredd.risk_register" >/dev/null
q "VACUUM ANALYZE bench_register_copy" >/dev/null
echo "    baseline: $res_sql"
echo "    floor:    $flo_sql   (the register's own rows and columns, stored in a plain table: what printing them costs)"
declare -a tr tp cr cp tbin cbin tpar cpar tflo cflo
for _ in $(seq 1 "$RUNS"); do
	read -r w c <<<"$(time_sql "" "$reg_sql")"; tr+=("$w"); cr+=("$c")
	read -r w c <<<"$(time_sql "SET max_parallel_workers_per_gather = 2;" "$reg_sql")"; tpar+=("$w"); cpar+=("$c")
	read -r w c <<<"$(time_sql "" "$bin_sql")"; tbin+=("$w"); cbin+=("$c")
	read -r w c <<<"$(time_sql "" "$res_sql")"; tp+=("$w"); cp+=("$c")
	read -r w c <<<"$(time_sql "" "$flo_sql")"; tflo+=("$w"); cflo+=("$c")
done
mr=$(median "${tr[@]}"); mp=$(median "${tp[@]}")
rows=$(q "SELECT count(*) FROM hredd.risk_result WHERE run_id = $RUN")
printf '    %-34s %10s %10s %8s  %s\n' "" rows "median s" "CPU s" "runs: s (CPU s)"
printf '    %-34s %10s %10s %8s  %s\n' "COPY of hredd.risk_register" "$rows" "$mr" "$(median "${cr[@]}")" "$(runs tr cr)"
printf '    %-34s %10s %10s %8s  %s\n' "the same, 2 parallel workers" "$rows" "$(median "${tpar[@]}")" "$(median "${cpar[@]}")" "$(runs tpar cpar)"
printf '    %-34s %10s %10s %8s  %s\n' "COPY of hredd.risk_register, binary" "$rows" "$(median "${tbin[@]}")" "$(median "${cbin[@]}")" "$(runs tbin cbin)"
printf '    %-34s %10s %10s %8s  %s\n' "COPY of hredd.risk_result (run)" "$rows" "$mp" "$(median "${cp[@]}")" "$(runs tp cp)"
printf '    %-34s %10s %10s %8s  %s\n' "COPY of the same rows, plain table" "$rows" "$(median "${tflo[@]}")" "$(median "${cflo[@]}")" "$(runs tflo cflo)"
echo "    ratio register / risk_result: $(div "$mr" "$mp") (wall clock), $(div "$(median "${cr[@]}")" "$(median "${cp[@]}")") (CPU)   (aim: the register under 2 s)"
echo "    ratio register / plain table: $(div "$mr" "$(median "${tflo[@]}")") (wall clock), $(div "$(median "${cr[@]}")" "$(median "${cflo[@]}")") (CPU)   (the plain table is the floor of any view: printing the rows)"
q "DROP TABLE bench_register_copy" >/dev/null
echo "    plan of the register (COSTS OFF):"
q "EXPLAIN (COSTS OFF) SELECT * FROM hredd.risk_register" | sed 's/^/      /'

# ------------------------------------------------------------ profile
if [ "$PROFILE" = 1 ]; then
	echo
	echo "== profile: one more run of (b) under auto_explain (log_analyze, log_timing, log_triggers, nested statements of 10 ms or more)"
	t0=$(date +%s.%N)
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null 2>"$tmp/plans" <<-EOF
		CHECKPOINT;
		LOAD 'auto_explain';
		SET auto_explain.log_min_duration = '10ms';
		SET auto_explain.log_analyze = on;
		SET auto_explain.log_triggers = on;
		SET auto_explain.log_timing = on;
		SET auto_explain.log_nested_statements = on;
		SET auto_explain.log_level = notice;
		SET client_min_messages = notice;
		$assess_sql
	EOF
	echo "    the run took $(elapsed "$t0") s with instrumentation (median above without: $mb s)"
	[ -z "$PROFILE_PLANS" ] || cp "$tmp/plans" "$PROFILE_PLANS"
	# one line per statement: duration, first words of its text, its
	# triggers' time; the statements of functions it calls (zones_for) are
	# also inside their caller
	awk 'function out() { if (d != "") print d "\t" txt "\t" trig }
	     /^NOTICE:  duration: / { out(); d = $3; txt = ""; trig = ""; want = 1; next }
	     want == 1 && /^Query Text: / { sub(/^Query Text: /, ""); txt = $0; want = 2; next }
	     want == 2 && /^[[:space:]]/ && !/->/ && !/\(cost=|\(actual/ { if (length(txt) < 160) txt = txt " " $0; next }
	     /^Trigger / { sub(/^Trigger /, ""); trig = trig (trig == "" ? "" : "; ") $0 }
	     { if (want == 2) want = 0 }
	     END { out() }' "$tmp/plans" >"$tmp/stmts_all"
	total=$(awk -F'\t' '$2 ~ /^SELECT hredd.assess_risk/ { print $1; exit }' "$tmp/stmts_all")
	grep -v $'\tSELECT hredd.assess_risk' "$tmp/stmts_all" | sort -t$'\t' -k1,1gr >"$tmp/stmts"
	echo "    assess_risk under auto_explain: ${total:-?} ms; its statements over 1 % of that, costliest first:"
	printf '    %10s %6s  %s\n' "ms" "share" "statement (and the time of its triggers)"
	awk -F'\t' -v T="${total:-0}" '{ gsub(/[[:space:]]+/, " ", $2)
	     if (T > 0 && $1 >= T / 100) {
	         printf "    %10.1f %5.1f%%  %s\n", $1, 100 * $1 / T, substr($2, 1, 150)
	         if ($3 != "") printf "    %17s  triggers: %s\n", "", $3 } }' "$tmp/stmts"
fi
