#!/usr/bin/env bash
# harmonize writes observations two ways: directly (harmonize_write.c, the
# way COPY does, when hredd.observation is as shipped) or through the SQL
# INSERT of harmonize's batch statement (when the table has a trigger, rule,
# row security or a column of the user's).  The same raw rows must give the
# same observations, to the bit, either way: here one database writes
# directly, the other has a counting trigger on hredd.observation, which
# sends every row through the INSERT (the trigger's count proves it).
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
fail() { echo "indicators_writer: $*"; exit 1; }

for db in hredd_wr_direct hredd_wr_sql; do
	q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	q -d $db <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
INSERT INTO hredd.wage_benchmark (country, kind, valid_from, amount_month, currency, source) VALUES
    ('BD', 'minimum', '2021-12-01', 12500, 'BDT', 'test'),
    ('BD', 'living', '2021-01-01', 200, 'USD', 'test'),
    ('VN', 'minimum', '2021-07-01', 4960000, 'VND', 'test');
INSERT INTO hredd.exchange_rate (currency, valid_on, per_usd, source) VALUES
    ('BDT', '2020-01-01', 110, 'test'), ('BDT', '2022-01-01', 120, 'test'), ('VND', '2020-01-01', 25000, 'test');
CREATE TABLE raw AS
SELECT 'F' || (i % 300) AS facility_ref,
       (ARRAY['WH-TOTAL', 'WH-OT', 'WB-LOWEST-WAGE', 'WI-UNION', 'WB-LOWEST-WAGE', 'NOPE', 'WH-TOTAL'])[1 + i % 7] AS code,
       CASE i % 7 WHEN 0 THEN (40 + i % 30) || ' hrs/week' WHEN 1 THEN (i % 20)::text
                  WHEN 2 THEN 'BDT ' || (9000 + i % 9000) WHEN 3 THEN (ARRAY['yes', 'Có', 'no', 'N/A'])[1 + i % 4]
                  WHEN 4 THEN (4000000 + i % 2000000) || ' ₫' WHEN 5 THEN 'x' ELSE (i % 700)::text END AS value,
       CASE WHEN i % 11 = 0 THEN 'h' END AS unit,
       DATE '2020-01-01' + (i % 1800) AS observed_on,
       (ARRAY['BD', 'VN', 'IN', NULL, 'bd'])[1 + i % 5] AS country
FROM generate_series(1, 20000) i;
INSERT INTO raw SELECT * FROM raw WHERE facility_ref = 'F7';   -- duplicates
SQL
done
q -d hredd_wr_sql <<'SQL'
CREATE TABLE public.written (n bigint NOT NULL);
INSERT INTO public.written VALUES (0);
CREATE FUNCTION public.count_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public.written SET n = n + 1;
    RETURN NEW;
END $$;
CREATE TRIGGER count_written AFTER INSERT ON hredd.observation FOR EACH ROW EXECUTE FUNCTION public.count_written();
SQL
for db in hredd_wr_direct hredd_wr_sql; do
	q -d $db -c "SET client_min_messages = warning" -c "CALL hredd.harmonize('raw', 'SLCP_CAF', batch_rows => 3000)"
done

n=$(q -d hredd_wr_direct -c "SELECT count(*) FROM hredd.observation")
[ "$n" -gt 1000 ] || fail "only $n observations: the data exercise too little"
[ "$(q -d hredd_wr_sql -c "SELECT n FROM public.written")" = "$n" ] \
	|| fail "the SQL INSERT wrote $(q -d hredd_wr_sql -c "SELECT n FROM public.written") rows through the trigger, want all $n"
# every column, floats to the bit (float8send), NULLs told apart from ''
rows="SELECT o.row_key, o.run_id, o.source, o.scheme, o.facility_ref, o.scheme_code, o.topic, o.indicator,
             float8send(o.value), o.unit, float8send(o.severity), o.observed_on, o.country,
             float8send(o.value_usd), float8send(o.minimum_wage_ratio), float8send(o.living_wage_ratio),
             o.raw_value, o.raw_unit
      FROM hredd.observation o ORDER BY o.row_key"
direct=$(q -d hredd_wr_direct -c "$rows" | md5sum)
sqlpath=$(q -d hredd_wr_sql -c "$rows" | md5sum)
if [ "$direct" != "$sqlpath" ]; then
	diff <(q -d hredd_wr_direct -c "$rows") <(q -d hredd_wr_sql -c "$rows") | head -n 10
	fail "the direct writer and the SQL INSERT wrote different observations"
fi
# what the comparison covers: wages with both ratios, severities, countries, NULLs
cover=$(q -d hredd_wr_direct -c "SELECT count(*) FILTER (WHERE living_wage_ratio IS NOT NULL AND minimum_wage_ratio IS NOT NULL) > 0
                                        AND count(*) FILTER (WHERE severity IS NULL) > 0 AND count(*) FILTER (WHERE country IS NULL) > 0
                                        AND count(*) FILTER (WHERE raw_unit IS NOT NULL) > 0 AND count(DISTINCT indicator) >= 4
                                 FROM hredd.observation")
[ "$cover" = t ] || fail "the data do not cover wages with ratios, NULL severities and countries, units and four indicators"
rej="SELECT reason, count(*) FROM hredd.rejected GROUP BY 1 ORDER BY 1"
[ "$(q -d hredd_wr_direct -c "$rej")" = "$(q -d hredd_wr_sql -c "$rej")" ] || fail "the rejects differ"
echo "indicators_writer: $n observations, identical to the bit written directly and through the SQL INSERT" \
	"(rejects: $(q -d hredd_wr_direct -F: -c "$rej" | tr '\n' ' '))"
q -c "DROP DATABASE hredd_wr_direct" -c "DROP DATABASE hredd_wr_sql"
echo "indicators_writer: ok"
