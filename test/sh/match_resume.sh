#!/usr/bin/env bash
# hredd.match_table survives an interruption: the backend running it is
# terminated after its first committed batches; CALLing it again resumes
# after the last committed key and ends with exactly the rows of an
# uninterrupted run — none missing, none twice.
set -euo pipefail
db=hredd_match_resume
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
SET search_path = public, hredd;
CREATE TABLE reg (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO reg SELECT i, facility('factory ' || md5(i::text) || ' garment', 'lot ' || i % 50, 'VN')
  FROM generate_series(1, 1000) i;
CREATE INDEX ON reg USING gin (fac);
CREATE TABLE src (ref int PRIMARY KEY, fac hredd.facility);
INSERT INTO src SELECT id, facility(facility_name(fac) || ' co ltd', facility_address(fac), 'VN') FROM reg;
CREATE TABLE res (source_key int, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
CREATE TABLE res_ref (LIKE res INCLUDING ALL);
SQL
# the reference: one uninterrupted run
psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
	-c "CALL hredd.match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_ref', top_k => 2, batch_size => 50)"
# the interrupted run: kill its backend once a few batches have committed
psql -X -q -c "SET client_min_messages = warning" -c "SET application_name = 'resume_victim'" \
	-c "CALL hredd.match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 2, batch_size => 50)" \
	>/dev/null 2>&1 &
victim=$!
for _ in $(seq 1 600); do
	done_rows=$(psql -X -At -c "SELECT coalesce(max(rows_done), 0) FROM hredd.match_run WHERE result = 'res'::regclass")
	[ "$done_rows" -ge 300 ] && break
	sleep 0.05
done
psql -X -q -At -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'resume_victim'" >/dev/null
wait $victim || true
state=$(psql -X -At -c "SELECT rows_done, finished_at IS NULL FROM hredd.match_run WHERE result = 'res'::regclass")
echo "match_resume: interrupted with rows_done|unfinished = $state"
case "$state" in *"|t") ;; *) echo "match_resume: the run was not interrupted mid-way"; exit 1 ;; esac
# resume, then compare with the reference
psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
	-c "CALL hredd.match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 2, batch_size => 50)"
diff=$(psql -X -At -c "SELECT (SELECT count(*) FROM (SELECT source_key, target_key, rank FROM res EXCEPT SELECT source_key, target_key, rank FROM res_ref) a)
                            + (SELECT count(*) FROM (SELECT source_key, target_key, rank FROM res_ref EXCEPT SELECT source_key, target_key, rank FROM res) b)")
rows=$(psql -X -At -c "SELECT (SELECT count(*) FROM res) || ' of ' || (SELECT count(*) FROM res_ref)")
done_total=$(psql -X -At -c "SELECT rows_done FROM hredd.match_run WHERE result = 'res'::regclass")
echo "match_resume: after resuming $rows rows, $diff differences, rows_done $done_total"
[ "$diff" = 0 ] && [ "$done_total" = 1000 ] || { echo "match_resume: FAILED"; exit 1; }
echo "match_resume: ok"
