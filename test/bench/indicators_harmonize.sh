#!/usr/bin/env bash
# indicators_harmonize.sh — harmonize throughput and parser speed.
#
# Run inside a cluster:  scripts/with-cluster.sh test/bench/indicators_harmonize.sh
# Needs PGHOST/PGPORT/PGUSER pointing at a superuser and hredd installed.
#
# 1. ROWS synthetic raw audit rows (default 10,000,000), a third each for
#    amfori BSCI, SMETA and SLCP, deterministic, 5 % garbage spread over ten
#    classes (unparseable, unknown code, unknown unit, wrong unit, future and
#    missing dates, unknown facility, duplicate, out of range, N/A), checked
#    against a registry of 50,000 facilities.
# 2. Baseline: a plain INSERT … SELECT of the same rows (same five columns,
#    no mapping, no index) into a fresh table.  Then CALL hredd.harmonize on
#    each table (batches of BATCH rows, each committed).  Ratio = harmonize
#    time / baseline time; both measured after VACUUM and CHECKPOINT.  A
#    second baseline, the write floor: the finished observations inserted
#    into a copy of hredd.observation with its primary key.
# 3. Reconciliation: rows in = observations + rejected for every source;
#    a second run of all three adds nothing.
# 4. Parser: PARSER_ROWS raw values and units (default 1,000,000) through
#    hredd.parse_value and through a regex-based PL/pgSQL parser of the same
#    main rules (defined below), median of RUNS runs; calls per second of each.
# Environment: ROWS, BATCH (default 200000), PARSER_ROWS, RUNS (default 3),
# BENCH_DB (default hredd_bench_ind).
set -euo pipefail

ROWS=${ROWS:-10000000}
BATCH=${BATCH:-200000}
PARSER_ROWS=${PARSER_ROWS:-1000000}
RUNS=${RUNS:-3}
DB=${BENCH_DB:-hredd_bench_ind}
export PGOPTIONS=${PGOPTIONS:-'-c client_min_messages=warning'}

cleanup() { psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
# seconds that psql's \timing reports for the statements in $1 (summed)
timed() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<-EOF | awk '/^Time: / { s += $2 } END { printf "%.3f\n", s / 1000 }'
		VACUUM;
		CHECKPOINT;
		\timing on
		$1
	EOF
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "n/a" }'; }

echo "== hredd indicator harmonisation benchmark"
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "command:  ROWS=$ROWS BATCH=$BATCH PARSER_ROWS=$PARSER_ROWS RUNS=$RUNS $0  (cwd $(pwd))"
echo "host:     $(uname -srm), $(nproc) CPUs"
echo "server:   $(psql -X -A -t -d postgres -c 'SELECT version()')"
echo "settings: $(psql -X -A -t -d postgres -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'shared_buffers', 'work_mem', 'max_wal_size', 'synchronous_commit')")"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
q "CREATE EXTENSION hredd CASCADE" >/dev/null

t0=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v rows="$ROWS" >/dev/null <<'SQL'
-- deterministic pseudo-random 0..n-1 from an integer
CREATE FUNCTION pick(i bigint, salt int, n int) RETURNS int
LANGUAGE sql IMMUTABLE AS $$ SELECT (abs(hashint8(i * 7919 + salt)) % n)::int $$;

CREATE TABLE registry (facility_ref text PRIMARY KEY, country text);
INSERT INTO registry SELECT 'F' || lpad(f::text, 6, '0'), (ARRAY['BD', 'VN', 'IN', 'CN', 'PK', 'TR'])[1 + f % 6]
FROM generate_series(0, 49999) f;

-- good content of row i for a scheme (1 BSCI, 2 SMETA, 3 SLCP)
CREATE FUNCTION good(i bigint, s int, OUT code text, OUT value text, OUT unit text) LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE s
        WHEN 1 THEN (ARRAY['PA1','PA2','PA3','PA4','PA5','PA6','PA7','PA8','PA11','PA5-LOWEST-WAGE','PA6-TOTAL-HOURS',
                           'PA6-OT-HOURS','PA2-GRIEVANCE'])[1 + pick(i, 1, 13)]
        WHEN 2 THEN (ARRAY['1','2','3','4','5','6','7','WH-REGULAR','WH-TOTAL','WG-LOWEST-WAGE','WG-OT-PREMIUM',
                           'FOA-WORKER-REP','HS-EXITS-BLOCKED'])[1 + pick(i, 1, 13)]
        ELSE (ARRAY['WH-TOTAL','WH-OT','WH-DAYS-OFF','WB-LOWEST-WAGE','WB-OT-PREMIUM','RH-UNDER-15','WT-ID-RETAINED',
                    'WI-UNION','WI-GRIEVANCE','HS-EXITS-BLOCKED','PROFILE-WOMEN-PCT'])[1 + pick(i, 1, 11)] END, NULL, NULL
$$;
CREATE FUNCTION val(code text, i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN code ~ '^PA[0-9]+$' THEN (ARRAY['A','B','C','D','E','B','C'])[1 + pick(i, 2, 7)]
        WHEN code ~ '^[0-9]+$' THEN (ARRAY['Compliant','Minor','Major NC','Observation','Critical','Minor NC'])[1 + pick(i, 2, 6)]
        WHEN code LIKE '%HOURS' OR code IN ('WH-TOTAL', 'WH-REGULAR') THEN
            (ARRAY[(40 + pick(i, 3, 40)) || ' hrs/week', (40 + pick(i, 3, 40))::text, (40 + pick(i, 3, 40)) || ' h',
                   (40 + pick(i, 3, 40)) || ' giờ/tuần', (7 + pick(i, 3, 5)) || ',5 h/day'])[1 + pick(i, 4, 5)]
        WHEN code = 'WH-OT' THEN pick(i, 3, 30)::text
        WHEN code = 'WH-DAYS-OFF' THEN (ARRAY['1', '0', '1 day per week', '2'])[1 + pick(i, 3, 4)]
        WHEN code LIKE '%WAGE' THEN
            (ARRAY['BDT ' || to_char(9000 + pick(i, 3, 9000), 'FM99G999'), 'Tk. ' || (9000 + pick(i, 3, 9000)) || '/-',
                   to_char(4000 + pick(i, 3, 3000), 'FM9999') || '.000 ₫', '₹ ' || to_char(9000 + pick(i, 3, 6000), 'FM99G999') || ' per month',
                   'CNY ' || (2000 + pick(i, 3, 1500))])[1 + pick(i, 4, 5)]
        WHEN code LIKE '%PREMIUM' THEN (100 + pick(i, 3, 100)) || ' %'
        WHEN code = 'FOA-WORKER-REP' THEN (ARRAY['Union', 'Elected committee', 'None'])[1 + pick(i, 3, 3)]
        WHEN code = 'PROFILE-WOMEN-PCT' THEN pick(i, 3, 90) || ',' || pick(i, 5, 10) || ' %'
        WHEN code = 'RH-UNDER-15' THEN (CASE WHEN pick(i, 3, 50) = 0 THEN '1' ELSE '0' END)
        ELSE (ARRAY['Yes', 'No', 'Có', 'Không', 'Ja', 'Nein'])[1 + pick(i, 3, 6)] END
$$;

-- one source table per scheme; 5 % garbage in ten classes
CREATE FUNCTION make_source(tab text, s int, n bigint) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format($q$
    CREATE TABLE %I AS
    WITH base AS (
        SELECT i, CASE WHEN pick(i, 11, 100) < 5 THEN pick(i, 12, 10) END AS garbage,
               CASE WHEN pick(i, 11, 100) < 5 AND pick(i, 12, 10) = 7 THEN i - 1 ELSE i END AS j
        FROM generate_series(1, %s) i
    ), content AS (
        SELECT b.i, b.garbage, 'F' || lpad((b.j %% 50000)::text, 6, '0') AS facility_ref,
               g.code, val(g.code, b.j) AS value, DATE '2015-01-01' + ((b.j / 50000) %% 3650)::int AS observed_on
        FROM base b, LATERAL good(b.j, %s) g
    )
    SELECT CASE WHEN garbage = 6 THEN 'X' || facility_ref ELSE facility_ref END AS facility_ref,
           CASE WHEN garbage = 1 THEN 'NOPE-' || (i %% 7) ELSE code END AS code,
           CASE garbage WHEN 0 THEN 'about sixty' WHEN 2 THEN '60 furlongs' WHEN 3 THEN '12 %%'
                        WHEN 8 THEN '99999999' WHEN 9 THEN 'N/A' ELSE value END AS value,
           NULL::text AS unit,
           CASE garbage WHEN 4 THEN DATE '2999-01-01' WHEN 5 THEN NULL ELSE observed_on END AS observed_on
    FROM content ORDER BY i
    $q$, tab, n, s);
    EXECUTE format('ANALYZE %I', tab);
END
$f$;
SELECT make_source('raw_bsci', 1, :rows / 3);
SELECT make_source('raw_smeta', 2, :rows / 3);
SELECT make_source('raw_slcp', 3, :rows - 2 * (:rows / 3));
CREATE TABLE plain_target (facility_ref text, code text, value text, unit text, observed_on date);

-- the comparison parser: the main rules of hredd.parse_value with regular
-- expressions in PL/pgSQL (N/A and yes/no words, currency codes and signs,
-- decimal comma or point, thousands separators, ranges, units and periods)
CREATE FUNCTION regex_parse(raw text, unit text, OUT value float8, OUT value_high float8, OUT unit_out text, OUT reason text)
LANGUAGE plpgsql IMMUTABLE AS $f$
DECLARE
    s text := lower(btrim(coalesce(raw, '')));
    u text := lower(btrim(coalesce(unit, '')));
    m text[];
    num text;
    cur text := '';
    qty text := '';
    per text := '';
    w text;
BEGIN
    IF s = '' THEN reason := 'empty_value'; RETURN; END IF;
    IF s ~ '^(n/?a|n\.a\.|-+|—|k\.a\.|not applicable|không áp dụng|不适用)$' THEN reason := 'not_applicable'; RETURN; END IF;
    IF s ~ '^(yes|y|true|ja|oui|sí|si|sim|evet|có|ya|是|有)$' THEN value := 1; value_high := 1; unit_out := 'bool'; RETURN; END IF;
    IF s ~ '^(no|n|false|nein|non|não|hayır|không|tidak|否|无)$' THEN value := 0; value_high := 0; unit_out := 'bool'; RETURN; END IF;
    m := regexp_match(s, '^([^0-9.,+-]*?)\s*([+-]?[0-9][0-9.,'' ]*[0-9]|[0-9])\s*(?:(?:-|–|~|to)\s*([0-9][0-9.,'' ]*[0-9]|[0-9]))?\s*(.*)$');
    IF m IS NULL THEN reason := 'unparseable_number'; RETURN; END IF;
    FOREACH num IN ARRAY ARRAY[m[2], m[3]] LOOP
        CONTINUE WHEN num IS NULL;
        num := replace(replace(num, ' ', ''), '''', '');
        IF num ~ '^\d{1,3}(\.\d{3})+,\d+$' THEN num := replace(replace(num, '.', ''), ',', '.');
        ELSIF num ~ '^\d{1,3}(,\d{3})+\.\d+$' THEN num := replace(num, ',', '');
        ELSIF num ~ '^\d{1,3}([.,]\d{3})+$' AND num !~ '^0' THEN num := regexp_replace(num, '[.,]', '', 'g');
        ELSIF num ~ '^\d+,\d+$' THEN num := replace(num, ',', '.');
        ELSIF num !~ '^[+-]?\d+(\.\d+)?$' THEN reason := 'unparseable_number'; RETURN;
        END IF;
        IF value IS NULL THEN value := num::float8; ELSE value_high := num::float8; END IF;
    END LOOP;
    value_high := coalesce(value_high, value);
    FOREACH w IN ARRAY regexp_split_to_array(btrim(m[1] || ' ' || m[4] || ' ' || u), '[\s/]+|(?<=[%$€¥₹৳₫])|(?=[%$€¥₹৳₫])') LOOP
        w := replace(w, '.', '');
        CONTINUE WHEN w IN ('', '-', 'per', 'a', 'pro', 'approx', 'ca');
        IF w IN ('bdt', 'tk', 'taka', '৳') THEN cur := 'BDT';
        ELSIF w IN ('vnd', '₫', 'dong') THEN cur := 'VND';
        ELSIF w IN ('cny', 'rmb', '¥', '元') THEN cur := 'CNY';
        ELSIF w IN ('inr', '₹') THEN cur := 'INR';
        ELSIF w IN ('usd', '$', 'us$') THEN cur := 'USD';
        ELSIF w IN ('eur', '€') THEN cur := 'EUR';
        ELSIF w IN ('rs', '₨') THEN reason := 'ambiguous_currency'; value := NULL; value_high := NULL; RETURN;
        ELSIF w IN ('%', 'percent', 'pct') THEN qty := '%';
        ELSIF w IN ('h', 'hr', 'hrs', 'hour', 'hours', 'giờ', 'stunden', 'saat', '小时') THEN
            IF qty = '' THEN qty := 'h'; ELSE per := '/hour'; END IF;
        ELSIF w IN ('week', 'wk', 'w', 'weekly', 'pw', 'tuần', 'woche', 'hafta', '周') THEN per := '/week';
        ELSIF w IN ('month', 'mo', 'pm', 'monthly', 'tháng', 'monat', '月') THEN per := '/month';
        ELSIF w IN ('day', 'days', 'd', 'daily', 'ngày', '天') THEN
            IF qty = '' AND cur = '' THEN qty := 'days'; ELSE per := '/day'; END IF;
        ELSIF w IN ('year', 'yr', 'pa', 'annual') THEN per := '/year';
        ELSE reason := 'unknown_unit'; value := NULL; value_high := NULL; RETURN;
        END IF;
    END LOOP;
    unit_out := CASE WHEN cur <> '' THEN cur ELSE qty END || per;
END
$f$;
CREATE TABLE parser_input AS
SELECT value AS raw, coalesce(unit, '') AS unit FROM raw_bsci WHERE pick(length(value)::bigint * 31 + ascii(value), 1, 3) = 0
UNION ALL SELECT value, coalesce(unit, '') FROM raw_smeta
UNION ALL SELECT value, coalesce(unit, '') FROM raw_slcp;
SQL
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "CREATE TABLE parser_sample AS SELECT * FROM parser_input WHERE raw IS NOT NULL LIMIT $PARSER_ROWS" -c "DROP TABLE parser_input" -c "ANALYZE parser_sample"
echo "set-up:   $(( $(date +%s) - t0 )) s to generate the data (not timed below)"
echo "rows:     $(q "SELECT (SELECT count(*) FROM raw_bsci) || ' amfori BSCI + ' || (SELECT count(*) FROM raw_smeta) || ' SMETA + ' || (SELECT count(*) FROM raw_slcp) || ' SLCP'"), batches of $BATCH rows"
echo "sample:   $(q "SELECT string_agg(format('%s %s %s %s', facility_ref, code, value, observed_on), ' | ') FROM (SELECT * FROM raw_slcp LIMIT 3) s")"

echo
echo "== harmonize vs a plain INSERT … SELECT of the same rows"
plain=$(timed "INSERT INTO plain_target SELECT facility_ref, code, value, unit, observed_on FROM raw_bsci;
INSERT INTO plain_target SELECT facility_ref, code, value, unit, observed_on FROM raw_smeta;
INSERT INTO plain_target SELECT facility_ref, code, value, unit, observed_on FROM raw_slcp;")
echo "plain INSERT … SELECT:   ${plain} s  ($(per_s "$ROWS" "$plain") rows/s)"
harm=$(timed "CALL hredd.harmonize('raw_bsci', 'AMFORI_BSCI', facilities => 'registry', batch_rows => $BATCH);
CALL hredd.harmonize('raw_smeta', 'SMETA', facilities => 'registry', batch_rows => $BATCH);
CALL hredd.harmonize('raw_slcp', 'SLCP_CAF', facilities => 'registry', batch_rows => $BATCH);")
echo "CALL hredd.harmonize:    ${harm} s  ($(per_s "$ROWS" "$harm") rows/s)"
echo "ratio harmonize / plain: $(ratio "$harm" "$plain")   (aim: at most 2.5)"
q "SELECT 'runs:     ' || string_agg(format('%s %s batches, %s in, %s out, %s rejected', scheme, batches, rows_in, rows_out, rows_rejected), '; ' ORDER BY run_id) FROM hredd.harmonize_run"
# the write floor: the same observations, finished, inserted into a table
# shaped and indexed like hredd.observation: what writing alone costs
q "CREATE TABLE obs_floor (LIKE hredd.observation INCLUDING ALL)" >/dev/null
floor=$(timed "INSERT INTO obs_floor SELECT * FROM hredd.observation;")
echo "write floor:             ${floor} s  (INSERT … SELECT of the $(q "SELECT count(*) FROM hredd.observation") finished observations into a copy of hredd.observation with its primary key)"
echo "ratio floor / plain:     $(ratio "$floor" "$plain")   (what the output table and its index cost)"
echo "ratio harmonize / floor: $(ratio "$harm" "$floor")   (what reading, classifying and checking cost on top)"
q "DROP TABLE obs_floor" >/dev/null
q "SELECT 'sizes:    observation ' || pg_size_pretty(pg_total_relation_size('hredd.observation')) || ' (with indexes), rejected ' || pg_size_pretty(pg_total_relation_size('hredd.rejected')) || ', plain target ' || pg_size_pretty(pg_total_relation_size('plain_target'))"

echo
echo "== reconciliation"
q "SELECT format('%-10s %s rows = %s observations + %s rejected + %s unread: %s', s, r.source_rows, r.observations, r.rejected, r.not_yet_read, CASE WHEN r.balanced THEN 'balanced' ELSE 'NOT BALANCED' END)
   FROM (VALUES ('raw_bsci', 'AMFORI_BSCI'), ('raw_smeta', 'SMETA'), ('raw_slcp', 'SLCP_CAF')) v(s, scheme),
        LATERAL hredd.harmonize_reconcile(s::regclass, scheme) r"
q "SELECT 'rejects:  ' || string_agg(reason || ' ' || n, ', ' ORDER BY n DESC) || format(' (%s %% of rows)', round(100.0 * sum(n) / $ROWS, 2)) FROM (SELECT reason, count(*) n FROM hredd.rejected GROUP BY 1) r"
before=$(q "SELECT (SELECT count(*) FROM hredd.observation) || ' observations, ' || (SELECT count(*) FROM hredd.rejected) || ' rejected'")
again=$(timed "CALL hredd.harmonize('raw_bsci', 'AMFORI_BSCI', facilities => 'registry', batch_rows => $BATCH);
CALL hredd.harmonize('raw_smeta', 'SMETA', facilities => 'registry', batch_rows => $BATCH);
CALL hredd.harmonize('raw_slcp', 'SLCP_CAF', facilities => 'registry', batch_rows => $BATCH);")
after=$(q "SELECT (SELECT count(*) FROM hredd.observation) || ' observations, ' || (SELECT count(*) FROM hredd.rejected) || ' rejected'")
echo "second run: ${again} s; before: $before; after: $after; $([ "$before" = "$after" ] && echo 'nothing added' || echo 'CHANGED')"
ok=$(q "SELECT bool_and(r.balanced AND r.not_yet_read = 0) FROM (VALUES ('raw_bsci', 'AMFORI_BSCI'), ('raw_smeta', 'SMETA'), ('raw_slcp', 'SLCP_CAF')) v(s, scheme), LATERAL hredd.harmonize_reconcile(s::regclass, scheme) r")
[ "$ok" = t ] && [ "$before" = "$after" ] || { echo "reconciliation FAILED"; exit 1; }

echo
echo "== parser: hredd.parse_value vs a regex-based PL/pgSQL parser, $(q "SELECT count(*) FROM parser_sample") values"
q "SELECT 'agree:    ' || count(*) FILTER (WHERE (c).value IS NOT DISTINCT FROM (r).value AND coalesce((c).unit, '') = coalesce((r).unit_out, '')) || ' of ' || count(*) || ' values read alike by both'
   FROM (SELECT hredd.parse_value(raw, unit) c, regex_parse(raw, unit) r FROM parser_sample LIMIT 100000) x"
declare -a tc tr ts
for r in $(seq 1 "$RUNS"); do
	ts+=("$(timed "SELECT count(raw) FROM parser_sample;")")
	tc+=("$(timed "SELECT count((hredd.parse_value(raw, unit)).value) FROM parser_sample;")")
	tr+=("$(timed "SELECT count((regex_parse(raw, unit)).value) FROM parser_sample;")")
done
n=$(q "SELECT count(*) FROM parser_sample")
mc=$(median "${tc[@]}"); mr=$(median "${tr[@]}"); ms=$(median "${ts[@]}")
echo "scan only:       ${ts[*]}  median $ms s"
echo "hredd (C):       ${tc[*]}  median $mc s  -> $(per_s "$n" "$mc") calls/s ($(per_s "$n" "$(awk -v a="$mc" -v b="$ms" 'BEGIN { print a - b }')") net of the scan)"
echo "regex PL/pgSQL:  ${tr[*]}  median $mr s  -> $(per_s "$n" "$mr") calls/s ($(per_s "$n" "$(awk -v a="$mr" -v b="$ms" 'BEGIN { print a - b }')") net of the scan)"
echo "ratio regex / C: $(ratio "$mr" "$mc") (whole query), $(awk -v a="$mr" -v b="$mc" -v s="$ms" 'BEGIN { if (b - s > 0) printf "%.1f", (a - s) / (b - s); else print "n/a" }') (net of the scan)   (aim: at least 10)"
