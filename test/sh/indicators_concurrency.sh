#!/usr/bin/env bash
# harmonize under concurrency and interruption:
#  - two sessions run CALL hredd.harmonize on the same source at once: every
#    row ends up exactly once in hredd.observation or hredd.rejected, and the
#    result equals a single run's in a database of its own;
#  - a run killed mid-way (pg_terminate_backend) is marked interrupted, and the
#    next run reads only the rest;
#  - a further run adds nothing;
#  - the duplicate check waits for a transaction in progress on a twin.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
fail() { echo "indicators_concurrency: $*"; exit 1; }

for db in hredd_ind_conc hredd_ind_ref; do
	q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	q -d $db <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE TABLE raw AS
SELECT 'F' || (i % 500) AS facility_ref,
       (ARRAY['WH-TOTAL', 'WH-OT', 'WB-LOWEST-WAGE', 'WI-UNION', 'NOPE'])[1 + i % 5] AS code,
       CASE i % 5 WHEN 0 THEN (40 + i % 30) || ' h' WHEN 1 THEN (i % 20)::text
                  WHEN 2 THEN 'BDT ' || (9000 + i % 5000) WHEN 3 THEN 'yes' ELSE 'x' END AS value,
       DATE '2020-01-01' + (i % 1500) AS observed_on
FROM generate_series(1, 60000) i;
INSERT INTO raw SELECT * FROM raw WHERE facility_ref = 'F7';   -- exact copies
CREATE TABLE raw2 AS SELECT * FROM raw;
ANALYZE raw;
ANALYZE raw2;
SQL
done
total=$(q -d hredd_ind_conc -c "SELECT count(*) FROM raw")

# the reference: one run
q -d hredd_ind_ref -c "SET client_min_messages = warning" -c "CALL hredd.harmonize('raw', 'SLCP_CAF', batch_rows => 2000)"

# Two runs at once, made to hit the start race on purpose: run A (the
# earlier run id) is held just before it records its state row, run B (the
# later id) records its state first, and then both take turns in small
# batches.  A test-only trigger on hredd.harmonize_state is the pause hook:
# it waits on advisory lock 4242 for the session named hredd_race_a.  The
# per-scheme batch lock (which harmonize_step takes) is held too, so neither
# run reads a row until both have started: B queues first, then A, and they
# alternate from there.
race_lock=4242
scheme_lock="hashtext('hredd.harmonize'), hashtext('SLCP_CAF')"
q -d hredd_ind_conc <<SQL
CREATE FUNCTION public.race_pause() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    IF current_setting('application_name') = 'hredd_race_a' THEN
        PERFORM pg_advisory_lock($race_lock);
        PERFORM pg_advisory_unlock($race_lock);
    END IF;
    RETURN NEW;
END \$\$;
CREATE TRIGGER race_pause BEFORE INSERT ON hredd.harmonize_state FOR EACH ROW EXECUTE FUNCTION public.race_pause();
SQL
waiting() {	# whether session $1 waits for advisory lock $2 (race or scheme)
	local cond="l.objsubid = 1 AND l.objid = $race_lock"
	[ "$2" = scheme ] && cond="l.objsubid = 2"
	q -d hredd_ind_conc -c "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
	                        WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = '$1' AND $cond"
}
wait_for() {
	for _ in $(seq 1 600); do [ "$(waiting "$1" "$2")" -ge 1 ] && return 0; sleep 0.05; done
	fail "session $1 never waited for the $2 lock"
}
hold() {	# session $1 holds advisory lock $2 until it is terminated
	PGAPPNAME=$1 psql -X -q -d hredd_ind_conc -c "SELECT pg_advisory_lock($2)" -c "SELECT pg_sleep(300)" >/dev/null 2>&1 &
	for _ in $(seq 1 200); do
		[ "$(q -d hredd_ind_conc -c "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		                             WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = '$1'")" = 1 ] && return 0
		sleep 0.05
	done
	fail "session $1 did not get its lock"
}
release() {
	q -d hredd_ind_conc -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$1'" >/dev/null
}
hold hredd_race_hold_state "$race_lock"
hold hredd_race_hold_batches "$scheme_lock"
PGAPPNAME=hredd_race_a psql -X -q -v ON_ERROR_STOP=1 -d hredd_ind_conc -c "SET client_min_messages = warning" \
	-c "CALL hredd.harmonize('raw', 'SLCP_CAF', batch_rows => 2000)" &
run_a=$!
wait_for hredd_race_a race	# A has its run id and waits before its state row
PGAPPNAME=hredd_race_b psql -X -q -v ON_ERROR_STOP=1 -d hredd_ind_conc -c "SET client_min_messages = warning" \
	-c "CALL hredd.harmonize('raw', 'SLCP_CAF', batch_rows => 2000)" &
run_b=$!
wait_for hredd_race_b scheme	# B has written its state row and waits for its first batch
release hredd_race_hold_state
wait_for hredd_race_a scheme	# A has written its state row and waits behind B
release hredd_race_hold_batches
wait $run_a
wait $run_b
wait	# the holders
q -d hredd_ind_conc -c "DROP TRIGGER race_pause ON hredd.harmonize_state" -c "DROP FUNCTION public.race_pause()"
[ "$(q -d hredd_ind_conc -c "SELECT string_agg((rows_in > 0)::text, ',' ORDER BY run_id) FROM hredd.harmonize_run WHERE source = 'public.raw'")" = "true,true" ] \
	|| fail "the race was not set up: both runs should have read rows"
read -r a_id b_id <<<"$(q -d hredd_ind_conc -F ' ' -c "SELECT min(run_id), max(run_id) FROM hredd.harmonize_run WHERE source = 'public.raw'")"
[ "$(q -d hredd_ind_conc -c "SELECT string_agg((rows_in > 0)::text, ',' ORDER BY run_id) FROM hredd.harmonize_run WHERE source = 'public.raw'")" = "true,true" ] \
	|| fail "the race was not set up: each run should have read rows (runs $a_id, $b_id)"
summary="SELECT source_rows, observations, rejected, not_yet_read, balanced FROM hredd.harmonize_reconcile('raw', 'SLCP_CAF')"
got=$(q -d hredd_ind_conc -c "$summary")
want=$(q -d hredd_ind_ref -c "$summary")
[ "$got" = "$want" ] || fail "two concurrent runs give $got, one run gives $want"
[ "$(q -d hredd_ind_conc -c "SELECT balanced AND not_yet_read = 0 FROM hredd.harmonize_reconcile('raw', 'SLCP_CAF')")" = t ] \
	|| fail "ledger not balanced: $got"
reasons="SELECT string_agg(reason || ':' || n, ' ' ORDER BY reason) FROM (SELECT reason, count(*) n FROM hredd.rejected GROUP BY 1) r"
[ "$(q -d hredd_ind_conc -c "$reasons")" = "$(q -d hredd_ind_ref -c "$reasons")" ] || fail "reject reasons differ from one run"
content="SELECT md5(string_agg(concat_ws('|', row_key, facility_ref, scheme_code, value, unit, severity), ';' ORDER BY row_key)) FROM hredd.observation"
[ "$(q -d hredd_ind_conc -c "$content")" = "$(q -d hredd_ind_ref -c "$content")" ] || fail "observations differ from one run"
read -r runs rows_in <<<"$(q -d hredd_ind_conc -F ' ' -c "SELECT count(*), sum(rows_in) FROM hredd.harmonize_run WHERE status = 'done'")"
[ "$runs" = 2 ] && [ "$rows_in" = "$total" ] || fail "the two runs read $rows_in rows in $runs runs, want $total in 2"
echo "indicators_concurrency: two runs at once: $total rows, each once ($got), same as one run;" \
	"rows per run: $(q -d hredd_ind_conc -c "SELECT string_agg(rows_in::text, ' + ' ORDER BY run_id) FROM hredd.harmonize_run")"

# a run killed mid-way: interrupted, and the next run reads the rest
psql -X -q -d hredd_ind_conc -c "SET client_min_messages = warning" \
	-c "CALL hredd.harmonize('raw2', 'SMETA', batch_rows => 300)" >/dev/null 2>&1 &
bg=$!
for _ in $(seq 1 200); do
	[ "$(q -d hredd_ind_conc -c "SELECT coalesce(max(batches), 0) >= 3 FROM hredd.harmonize_run WHERE source = 'public.raw2'")" = t ] && break
	sleep 0.05
done
q -d hredd_ind_conc -c "SELECT pg_terminate_backend(backend_pid) FROM hredd.harmonize_run WHERE source = 'public.raw2' AND status = 'running'" >/dev/null
wait $bg || true
partial=$(q -d hredd_ind_conc -c "SELECT not_yet_read FROM hredd.harmonize_reconcile('raw2', 'SMETA')")
[ "$partial" -gt 0 ] || fail "the killed run had already finished; nothing left to resume"
q -d hredd_ind_conc -c "SET client_min_messages = warning" -c "CALL hredd.harmonize('raw2', 'SMETA', batch_rows => 300)"
[ "$(q -d hredd_ind_conc -c "SELECT balanced AND not_yet_read = 0 AND source_rows = $total FROM hredd.harmonize_reconcile('raw2', 'SMETA')")" = t ] \
	|| fail "after resuming: $(q -d hredd_ind_conc -c "SELECT * FROM hredd.harmonize_reconcile('raw2', 'SMETA')")"
[ "$(q -d hredd_ind_conc -c "SELECT string_agg(status, ',' ORDER BY run_id) FROM hredd.harmonize_run WHERE source = 'public.raw2'")" = "interrupted,done" ] \
	|| fail "run statuses: $(q -d hredd_ind_conc -c "SELECT string_agg(status, ',' ORDER BY run_id) FROM hredd.harmonize_run WHERE source = 'public.raw2'")"
[ "$(q -d hredd_ind_conc -c "SELECT sum(rows_in) FROM hredd.harmonize_run WHERE source = 'public.raw2'")" = "$total" ] \
	|| fail "the killed and the resumed run did not read each row once"
echo "indicators_concurrency: killed after $((total - partial)) rows, resumed with the other $partial; interrupted,done"

# once more: nothing changes
before=$(q -d hredd_ind_conc -c "SELECT (SELECT count(*) FROM hredd.observation) || '/' || (SELECT count(*) FROM hredd.rejected)")
q -d hredd_ind_conc -c "SET client_min_messages = warning" -c "CALL hredd.harmonize('raw', 'SLCP_CAF')" -c "CALL hredd.harmonize('raw2', 'SMETA')"
after=$(q -d hredd_ind_conc -c "SELECT (SELECT count(*) FROM hredd.observation) || '/' || (SELECT count(*) FROM hredd.rejected)")
[ "$before" = "$after" ] || fail "a repeated run changed observations/rejected from $before to $after"

# the duplicate check waits for a transaction in progress on a twin: a
# session deletes observations and has not committed yet; a run over the
# same content waits for it, then finds the twins gone and writes them again
q -d hredd_ind_conc -c "CREATE TABLE raw3 AS SELECT * FROM raw WHERE facility_ref = 'F3'"
n3=$(q -d hredd_ind_conc -c "SELECT count(*) FROM hredd.observation WHERE scheme = 'SLCP_CAF' AND facility_ref = 'F3'")
[ "$n3" -gt 0 ] || fail "no observations of F3 to delete"
psql -X -q -v ON_ERROR_STOP=1 -d hredd_ind_conc -c "BEGIN" \
	-c "DELETE FROM hredd.observation WHERE scheme = 'SLCP_CAF' AND facility_ref = 'F3'" \
	-c "SELECT pg_sleep(3)" -c "COMMIT" >/dev/null &
deleter=$!
for _ in $(seq 1 100); do	# until the delete is done and its transaction waits
	[ "$(q -d hredd_ind_conc -c "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(3)' AND state = 'active'")" = 1 ] && break
	sleep 0.05
done
q -d hredd_ind_conc -c "SET client_min_messages = warning" -c "CALL hredd.harmonize('raw3', 'SLCP_CAF')"
wait $deleter
got=$(q -d hredd_ind_conc -c "SELECT (SELECT count(*) FROM hredd.observation WHERE scheme = 'SLCP_CAF' AND facility_ref = 'F3') || '/' || (SELECT count(*) FROM hredd.rejected WHERE source = 'public.raw3' AND reason = 'duplicate_row')")
# raw3 holds each F3 row of raw, so the copies within raw3 are its only duplicates
want=$(q -d hredd_ind_conc -c "SELECT $n3 || '/' || (SELECT count(*) - count(DISTINCT (facility_ref, code, value, observed_on)) FROM raw3)")
[ "$got" = "$want" ] || fail "after a concurrent delete: observations/duplicates $got, expected $want"
echo "indicators_concurrency: a run waited for a concurrent delete of $n3 twins and wrote them again ($got)"

q -c "DROP DATABASE hredd_ind_conc" -c "DROP DATABASE hredd_ind_ref"
echo "indicators_concurrency: ok"
