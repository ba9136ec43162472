#!/usr/bin/env bash
# pg_dump and restore (custom and plain) keep the user's indicator data: their
# own schemes, topics, indicators and crosswalk rows (shipped rows come back
# once, from the extension), wage benchmarks, exchange rates, observations,
# rejects, run log and resume positions; identities continue after restore.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
src=hredd_ind_dump_src

q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $src" \
  -c "DROP DATABASE IF EXISTS hredd_ind_dump_c" -c "DROP DATABASE IF EXISTS hredd_ind_dump_p"
q -c "CREATE DATABASE $src" -c "CREATE DATABASE hredd_ind_dump_c" -c "CREATE DATABASE hredd_ind_dump_p"
q -d $src <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
INSERT INTO hredd.topic (code, name, domain, source) VALUES ('MY_TOPIC', 'Canteen food safety', 'human_rights', 'in-house');
INSERT INTO hredd.scheme (code, name, kind, source) VALUES ('MY_AUDIT', 'In-house audit', 'audit', 'in-house');
INSERT INTO hredd.indicator (code, topic, name, unit, direction, threshold_ok, threshold_severe, source)
VALUES ('canteen_score', 'MY_TOPIC', 'Canteen inspection score', '%', 'higher_is_better', 90, 50, 'in-house');
INSERT INTO hredd.crosswalk (scheme, scheme_code, topic, indicator, label, source)
VALUES ('MY_AUDIT', 'C1', 'MY_TOPIC', 'canteen_score', 'Canteen score', 'in-house'),
       ('MY_AUDIT', 'H1', 'WORKING_HOURS', 'hours_total_week', 'Weekly hours', 'in-house');
INSERT INTO hredd.wage_benchmark (country, kind, valid_from, amount_month, currency, source)
VALUES ('BD', 'minimum', '2023-12-01', 12500, 'BDT', 'test');
INSERT INTO hredd.exchange_rate (currency, valid_on, per_usd, source) VALUES ('BDT', '2024-01-01', 110, 'test');
CREATE TABLE my_raw (facility_ref text, code text, value text, observed_on date);
INSERT INTO my_raw VALUES ('F1', 'C1', '72 %', '2025-01-01'), ('F1', 'H1', '61 h', '2025-01-01'), ('F1', 'X', '1', '2025-01-01');
CALL hredd.harmonize('my_raw', 'MY_AUDIT');
SQL
snapshot() {
	q -d "$1" \
	  -c "SELECT md5(string_agg(t::text, ';' ORDER BY code)) FROM hredd.topic t" \
	  -c "SELECT md5(string_agg(i::text, ';' ORDER BY code)) FROM hredd.indicator i" \
	  -c "SELECT md5(string_agg(s::text, ';' ORDER BY code)) FROM hredd.scheme s" \
	  -c "SELECT count(*), md5(string_agg(c::text, ';' ORDER BY scheme, scheme_code, topic)) FROM hredd.crosswalk c" \
	  -c "SELECT md5(string_agg(w::text, ';' ORDER BY country, kind)) FROM hredd.wage_benchmark w" \
	  -c "SELECT md5(string_agg(x::text, ';' ORDER BY currency)) FROM hredd.exchange_rate x" \
	  -c "SELECT count(*), md5(string_agg(o::text, ';' ORDER BY row_key)) FROM hredd.observation o" \
	  -c "SELECT count(*), md5(string_agg(r::text, ';' ORDER BY rejected_id)) FROM hredd.rejected r" \
	  -c "SELECT md5(string_agg(r::text, ';' ORDER BY run_id)) FROM hredd.harmonize_run r" \
	  -c "SELECT md5(string_agg(concat_ws('|', source, scheme, last_row, first_run), ';' ORDER BY source)) FROM hredd.harmonize_state"
}
want=$(snapshot $src)

pg_dump -Fc -d $src -f "$work/dump.custom"
pg_restore --exit-on-error -d hredd_ind_dump_c "$work/dump.custom"
pg_dump -Fp -d $src -f "$work/dump.sql"
q -d hredd_ind_dump_p -f "$work/dump.sql" >/dev/null

for db in hredd_ind_dump_c hredd_ind_dump_p; do
	got=$(snapshot $db)
	[ "$got" = "$want" ] || { echo "indicators_dump_restore: $db differs from the source"; diff <(echo "$want") <(echo "$got"); exit 1; }
	# identities continue: a new run and new rejects get new ids
	q -d $db -c "SET client_min_messages = warning" \
	  -c "CREATE TABLE more_raw (facility_ref text, code text, value text, observed_on date)" \
	  -c "INSERT INTO more_raw VALUES ('F2', 'C1', 'abc', '2025-02-01'), ('F2', 'C1', '95 %', '2025-02-01')" \
	  -c "CALL hredd.harmonize('more_raw', 'MY_AUDIT')"
	[ "$(q -d $db -c "SELECT count(DISTINCT run_id) = count(*) AND max(run_id) = 2 FROM hredd.harmonize_run")" = t ] \
		|| { echo "indicators_dump_restore: run ids collide in $db"; exit 1; }
	[ "$(q -d $db -c "SELECT count(*) FROM hredd.rejected")" = 2 ] || { echo "indicators_dump_restore: rejects lost in $db"; exit 1; }
done
q -c "DROP DATABASE $src" -c "DROP DATABASE hredd_ind_dump_c" -c "DROP DATABASE hredd_ind_dump_p"
echo "indicators_dump_restore: custom and plain dumps restore the user's taxonomy rows (shipped rows once), benchmarks, rates, observations, rejects, run log and resume positions; ids continue"
