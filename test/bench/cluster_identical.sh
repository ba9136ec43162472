#!/usr/bin/env bash
# cluster_facilities on near-identical records: the case that used to grow
# quadratically (issue 10: 100 rows 0.06 s, 400 rows 0.86 s, 1,000 rows at
# threshold 0 in 296 s).  Two tables of N rows:
#   identical  copies of a few facility values (one group's plants typed alike)
#   similar    one name, each row its own address word (a chain's branches),
#              with a GiST index, so candidates come nearest first
# clustered
#   bounded   the default, each record linked to its 20 best matches
#   unbounded max_links => 1000, every pair kept: the baseline
# and the growth ratio t(4N)/t(N) of each (4 for linear work, 16 for quadratic).
#
# Run: scripts/with-cluster.sh test/bench/cluster_identical.sh
#      N=250 scripts/with-cluster.sh test/bench/cluster_identical.sh
set -euo pipefail
N=${N:-250}
db=hredd_bench_cluster
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd CASCADE"
run() { # rows threshold max_links data -> seconds
	if [ "$4" = identical ]; then
		fill="hredd.facility('Shahi Exports Unit ' || (i % 7), 'Plot ' || (i % 3) || ' Peenya Industrial Area', 'IN')"
		index=gin
	else
		fill="hredd.facility('Shahi Exports', 'Peenya Industrial Area ' || translate(left(md5(i::text), 6), '0123456789', 'ghijklmnop'), 'IN')"
		index=gist
	fi
	psql -X -q -At -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS dup;
CREATE TABLE dup (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO dup SELECT i, $fill FROM generate_series(1, $1) i;
CREATE INDEX ON dup USING $index (fac);
ANALYZE dup;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT count(*) FROM hredd.cluster_facilities('dup', 'id', 'fac', $2, $3) \g /dev/null
SELECT round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 3);
SQL
}
printf '%-10s %-10s %-9s %8s %8s %8s\n' data method threshold "t(N)" "t(4N)" "ratio"
for data in identical similar; do
for th in 0.5 0; do
	for mode in bounded unbounded; do
		links=20; [ $mode = unbounded ] && links=1000
		a=$(run "$N" "$th" "$links" $data); b=$(run $((4 * N)) "$th" "$links" $data)
		printf '%-10s %-10s %-9s %8s %8s %8s\n' $data $mode "$th" "$a" "$b" "$(echo "scale=1; $b / $a" | bc)"
		[ $mode = bounded ] && bounded_b=$b
		[ $mode = unbounded ] && printf '  N=%d, 4N=%d: bounded is %sx faster than unbounded at 4N\n' "$N" $((4 * N)) "$(echo "scale=2; $b / $bounded_b" | bc)"
	done
done
done
