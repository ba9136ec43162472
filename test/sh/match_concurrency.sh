#!/usr/bin/env bash
# Two hredd.match_table runs into one result table: the second is refused
# while the first runs (each used to redo the other's work: rows_done
# reached 8,800 for 3,000 source rows), and a run killed mid-way leaves the
# result free for the next CALL, which resumes it.
set -euo pipefail
db=hredd_match_concurrency
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE TABLE reg (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO reg SELECT i, hredd.facility('factory ' || md5(i::text) || ' garment', 'lot ' || i % 50, 'VN')
  FROM generate_series(1, 3000) i;
CREATE INDEX ON reg USING gin (fac);
CREATE TABLE res (source_key int, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
SQL
psql -X -q -c "SET client_min_messages = warning" -c "SET application_name = 'first_run'" \
	-c "CALL hredd.match_table('reg', 'id', 'fac', 'reg', 'id', 'fac', 'res', top_k => 1, batch_size => 20)" \
	>/dev/null 2>&1 &
first=$!
for _ in $(seq 1 600); do
	n=$(psql -X -At -c "SELECT coalesce(max(rows_done), 0) FROM hredd.match_run")
	[ "$n" -ge 100 ] && break
	sleep 0.05
done
second=$(psql -X -q -c "CALL hredd.match_table('reg', 'id', 'fac', 'reg', 'id', 'fac', 'res', top_k => 1, batch_size => 20)" 2>&1 || true)
pid=$(psql -X -At -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'first_run' AND backend_type = 'client backend'")
echo "match_concurrency: second run while the first (backend $pid) runs: $(grep -o 'ERROR:.*' <<<"$second")"
grep -q "ERROR:  match_table: another run into public.res is in progress (backend $pid)" <<<"$second" ||
	{ echo "match_concurrency: FAILED, the second run was not refused: $second"; exit 1; }
psql -X -q -At -c "SELECT pg_terminate_backend($pid)" >/dev/null
wait $first || true
psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
	-c "CALL hredd.match_table('reg', 'id', 'fac', 'reg', 'id', 'fac', 'res', top_k => 1, batch_size => 500)"
state=$(psql -X -At -c "SELECT rows_done, finished_at IS NOT NULL, (SELECT count(DISTINCT source_key) FROM res) FROM hredd.match_run")
echo "match_concurrency: after the first was killed and resumed: rows_done|finished|sources matched = $state"
[ "$state" = "3000|t|3000" ] || { echo "match_concurrency: FAILED"; exit 1; }
echo "match_concurrency: ok"
