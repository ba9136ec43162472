#!/usr/bin/env bash
# Two hredd.assess_risk runs at once over one facility table: both complete,
# each with every facility × topic, and the register never shows half of one
# (each run is written in one transaction).
set -euo pipefail
db=hredd_risk_concurrency
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE TABLE sup (ref text PRIMARY KEY, country text, products text);
INSERT INTO sup SELECT 'F' || i, (ARRAY['BD','VN','CN','IN','TR','PT'])[1 + i % 6],
       (ARRAY['Garments','Footwear','cotton','Electronics'])[1 + i % 4] FROM generate_series(1, 4000) i;
SQL
topics=$(psql -X -At -c "SELECT count(*) FROM hredd.risk_profile_topic WHERE profile = 'default' AND version = 1")
for i in 1 2; do
	psql -X -q -At -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
		-c "SELECT hredd.assess_risk('sup', 'ref')" > "/tmp/hredd_risk_conc_$i.out" 2>&1 &
	pids[$i]=$!
done
# while they run, the register shows a whole run or nothing
seen=""
for _ in $(seq 1 100); do
	n=$(psql -X -At -c "SELECT count(*) FROM hredd.risk_register")
	case "$n" in 0|$((4000 * topics))) ;; *) seen="$seen $n" ;; esac
	sleep 0.05
done
ok=1
for i in 1 2; do wait "${pids[$i]}" || { echo "risk_concurrency: run $i failed: $(cat /tmp/hredd_risk_conc_$i.out)"; ok=0; }; done
rm -f /tmp/hredd_risk_conc_1.out /tmp/hredd_risk_conc_2.out
state=$(psql -X -At -c "SELECT count(*), min(result_count), max(result_count), bool_and(finished_at IS NOT NULL) FROM hredd.risk_run")
counts=$(psql -X -At -c "SELECT string_agg(n::text, ',' ORDER BY run_id) FROM (SELECT run_id, count(*) n FROM hredd.risk_result GROUP BY run_id) x")
echo "risk_concurrency: runs|min results|max results|finished = $state; results per run: $counts; register read half a run:${seen:- never}"
[ "$ok" = 1 ] && [ "$state" = "2|$((4000 * topics))|$((4000 * topics))|t" ] && [ -z "$seen" ] || { echo "risk_concurrency: FAILED"; exit 1; }
echo "risk_concurrency: ok"
