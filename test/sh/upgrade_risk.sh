#!/usr/bin/env bash
# The risk register across the 0.1.0 -> current upgrade: runs, results,
# contributions, the register and decisions made under 0.1.0 read the same
# after the upgrade (0.2.0 keeps results per facility as arrays and shared
# contributions once per run), a replay of the old run gives the same
# results, and new runs work.  Also checks the comparison can fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
db=hredd_up_risk
oldest=$(q -c "SELECT version FROM pg_available_extension_versions WHERE name = 'hredd'
               ORDER BY string_to_array(version, '.')::int[] LIMIT 1")
current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" hredd.control)
if [ "$oldest" = "$current" ]; then
	echo "upgrade_risk: no released version older than $current is installed"; exit 1
fi
q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
q -d $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd VERSION '$oldest' CASCADE"
q -d $db <<'SQL'
SET client_min_messages = warning;
CREATE TABLE public.upr_supplier (ref text PRIMARY KEY, name text, country text, products text, workers text,
                                  lat float8, lng float8);
INSERT INTO public.upr_supplier VALUES
    ('A', 'Alpha Garments', 'BD', 'garments, cotton', '1200', 23.8, 90.4),
    ('B', 'Beta', NULL, NULL, NULL, NULL, NULL),
    ('C', 'Gamma Knit', 'CN', 'knitting, dyeing', '50', 31.2, 121.5),
    ('D', 'Delta Shoes', 'VN', 'footwear', '1001-5000', 10.8, 106.7);
INSERT INTO hredd.evidence (facility_ref, topic, kind, status, polarity, severity, observed_on, reported_at, source)
VALUES ('A', 'FORCED_LABOUR', 'grievance', 'grounded', 'adverse', 0.9, '2025-03-01', '2025-03-02', 'hotline'),
       ('C', 'WAGES', 'self_assessment', 'admissible', 'positive', 0.5, '2025-02-01', '2025-02-02', 'SAQ');
SELECT hredd.assess_risk('public.upr_supplier', 'ref', as_of => '2025-06-30', known_at => '2026-01-01');
INSERT INTO hredd.risk_decision (run_id, facility_ref, topic, decision, rationale)
VALUES (1, 'A', 'FORCED_LABOUR', 'remediate', 'Grounded grievance: remediation plan agreed.');
SQL
snapshot() {
	q -d $db <<-'SQL'
	SELECT 'result', run_id, facility_ref, topic, inherent_likelihood, likelihood, scale, scope, irremediability, severity,
	       priority, rank, status, confidence, data_gap, gaps, evidence_count, upstream_priority
	FROM hredd.risk_result ORDER BY run_id, facility_ref, topic;
	SELECT 'contribution', run_id, facility_ref, topic, kind, layer, subject, value, weight, effect, source_row
	FROM hredd.risk_contribution ORDER BY 2, 3, 4, 5, 6, 7, 8;
	-- (the register's numbers are the results above, rounded to 4 places: 0.2.0
	-- rounds the binary value, 0.1.0 its decimal form, which differ on ties)
	SELECT 'register', run_id, facility_ref, topic, round(priority::numeric, 3), rank, status,
	       round(likelihood::numeric, 3), round(severity::numeric, 3), gaps, latest_decision
	FROM hredd.risk_register ORDER BY 2, 3, 4;
	SELECT 'explain', step, part, effect, sentence FROM hredd.risk_explain(1, 'A', 'FORCED_LABOUR');
	SELECT 'decision', decision_id, run_id, facility_ref, topic, decision FROM hredd.risk_decision ORDER BY 2;
	SQL
}
before=$(snapshot)
q -d $db -c "SET client_min_messages = warning" -c "ALTER EXTENSION hredd UPDATE TO '$current'"
after=$(snapshot)
if [ "$before" != "$after" ]; then
	diff <(echo "$before") <(echo "$after") | head -40
	echo "upgrade_risk: the run made under $oldest reads differently after the upgrade to $current"; exit 1
fi
echo "upgrade_risk: $(echo "$before" | grep -c '^result') results, $(echo "$before" | grep -c '^contribution') contributions, the register, an explanation and a decision read the same after $oldest -> $current"
# the old run replayed by the new code: no change
replay=$(q -d $db -c "SET client_min_messages = warning" -c "SELECT hredd.risk_replay(1)")
changes=$(q -d $db -c "SELECT count(*) FROM hredd.risk_diff(1, $replay)")
[ "$changes" = 0 ] || { q -d $db -c "SELECT * FROM hredd.risk_diff(1, $replay) LIMIT 10"; echo "upgrade_risk: replay of the $oldest run differs in $changes results"; exit 1; }
q -d $db -c "INSERT INTO hredd.risk_decision (run_id, facility_ref, topic, decision, rationale)
             VALUES ($replay, 'C', 'WAGES', 'monitor', 'Self-assessment only; audit next year.')" >/dev/null
echo "upgrade_risk: replay of the $oldest run by $current (run $replay) changes nothing; a new decision ties to it"
# the comparison can fail
q -d $db -c "SET client_min_messages = warning" -c "SELECT hredd.assess_risk('public.upr_supplier', 'ref', as_of => '2026-06-30')" >/dev/null
if [ "$(snapshot)" = "$before" ]; then
	echo "upgrade_risk: the comparison did not notice a new run"; exit 1
fi
echo "upgrade_risk: ok"
