#!/usr/bin/env bash
# supply_graph.sh — the upstream graph of many facilities over a large
# supplier network, against a plain recursive CTE over the same table.
#
# Run inside a cluster:  HREDD_TEST_PORT=N scripts/private-cluster.sh test/bench/supply_graph.sh
# Needs PGHOST/PGPORT/PGUSER pointing at a superuser; installs hredd into BENCH_DB.
#
# The network (deterministic): TIERS tiers of WIDTH facilities; facility i of
# tier t buys from facilities i and i+1 (mod WIDTH) of tier t+1, and every
# 50th facility of tiers 2 and up also buys from facility i of tier t-2,
# which closes cycles.  LINKS ≈ 2 × WIDTH × (TIERS − 1) + cycles.  ROOTS
# facilities of tier 0 are walked upstream:
#   (a) hredd.supply_graph(roots, 'upstream', date, MAXTIER)
#   (b) WITH RECURSIVE … UNION over (root, node, tier), tiers cut at MAXTIER
#       (it needs the cut to end in the cycles), then the lowest tier per
#       node — the same answer, without paths
# Both give every (root, node) pair once; the script checks that they give
# the same (root, node, tier) set, then reports the median of RUNS timed runs
# of each and the ratio a/b.
# With CHECK_REF=1 it also installs the PL/pgSQL walk supply_graph was before
# it became C (test/bench/supply_graph_ref.sql), checks that both give the
# same rows, every column, and times it as well (c).
# Environment: WIDTH (default 55000), TIERS (10), ROOTS (1000), MAXTIER (12),
# RUNS (3), CHECK_REF (0), BENCH_DB (hredd_bench_supply).
set -euo pipefail

WIDTH=${WIDTH:-55000}
TIERS=${TIERS:-10}
ROOTS=${ROOTS:-1000}
MAXTIER=${MAXTIER:-12}
RUNS=${RUNS:-3}
CHECK_REF=${CHECK_REF:-0}
here=$(cd "$(dirname "$0")" && pwd)
DB=${BENCH_DB:-hredd_bench_supply}
export PGOPTIONS=${PGOPTIONS:-'-c client_min_messages=warning'}

cleanup() { psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
# Seconds of one statement as psql's \timing sees it.
timed() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<-EOF | awk '/^Time: / { printf "%.3f\n", $2 / 1000 }'
		\timing on
		$1
	EOF
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
q "CREATE EXTENSION hredd CASCADE"
q "ALTER TABLE hredd.supply_link DISABLE TRIGGER supply_link_check"   # the generator makes no overlaps
q "INSERT INTO hredd.supply_link (buyer_ref, supplier_ref, material, source)
   SELECT format('t%s-%s', t, i), format('t%s-%s', t + 1, (i + k) % $WIDTH), 'input', 'bench'
   FROM generate_series(0, $TIERS - 2) t, generate_series(0, $WIDTH - 1) i, generate_series(0, 1) k
   UNION ALL
   SELECT format('t%s-%s', t, i), format('t%s-%s', t - 2, i), 'waste', 'bench'
   FROM generate_series(2, $TIERS - 1) t, generate_series(0, $WIDTH - 1, 50) i"
q "ALTER TABLE hredd.supply_link ENABLE TRIGGER supply_link_check"
q "VACUUM ANALYZE hredd.supply_link"
links=$(q "SELECT count(*) FROM hredd.supply_link")
roots="ARRAY(SELECT format('t0-%s', i * ($WIDTH / $ROOTS)) FROM generate_series(0, $ROOTS - 1) i)"

a_sql="SELECT count(*) FROM hredd.supply_graph($roots, 'upstream', '2025-01-01', $MAXTIER)"
b_cte="WITH RECURSIVE up(root, node, tier) AS (
         SELECT r COLLATE \"C\", r COLLATE \"C\", 0 FROM unnest($roots) r
         UNION
         SELECT u.root, l.supplier_ref, u.tier + 1
         FROM up u JOIN hredd.supply_link l ON l.buyer_ref = u.node
         WHERE u.tier < $MAXTIER AND l.supplier_ref IS NOT NULL
           AND l.valid_from <= '2025-01-01' AND '2025-01-01' <= l.valid_to)"
b_sql="$b_cte SELECT count(*) FROM (SELECT root, node, min(tier) FROM up WHERE node <> root GROUP BY 1, 2) x"
b_set="$b_cte SELECT root, node, min(tier) AS tier FROM up WHERE node <> root GROUP BY 1, 2"

na=$(q "$a_sql"); nb=$(q "$b_sql")
echo "supply_graph: $links links, $TIERS tiers of $WIDTH facilities with cycles, $ROOTS roots, max tier $MAXTIER"
echo "supply_graph: (root, node) pairs: supply_graph $na, recursive CTE $nb"
# the same (root, node, tier) set: rows of each that the other lacks
diff=$(q "CREATE TEMP TABLE a AS SELECT root COLLATE \"C\" AS root, node COLLATE \"C\" AS node, tier
            FROM hredd.supply_graph($roots, 'upstream', '2025-01-01', $MAXTIER);
          CREATE TEMP TABLE b AS $b_set;
          SELECT (SELECT count(*) FROM (TABLE a EXCEPT TABLE b) x) || ' ' || (SELECT count(*) FROM (TABLE b EXCEPT TABLE a) y)")
echo "supply_graph: (root, node, tier) only in supply_graph, only in the CTE: $diff"
if [ "$na" != "$nb" ] || [ "$diff" != "0 0" ]; then echo "supply_graph: the two answers differ" >&2; exit 1; fi
if [ "$CHECK_REF" = 1 ]; then
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$here/supply_graph_ref.sql"
	c_sql="SELECT count(*) FROM public.supply_graph_ref($roots, 'upstream', '2025-01-01', $MAXTIER)"
	refdiff=$(q "CREATE TEMP TABLE a AS SELECT * FROM hredd.supply_graph($roots, 'upstream', '2025-01-01', $MAXTIER);
	             CREATE TEMP TABLE c AS SELECT * FROM public.supply_graph_ref($roots, 'upstream', '2025-01-01', $MAXTIER);
	             SELECT (SELECT count(*) FROM (TABLE a EXCEPT ALL TABLE c) x) + (SELECT count(*) FROM (TABLE c EXCEPT ALL TABLE a) y)")
	echo "supply_graph: rows (every column) that differ from the PL/pgSQL walk: $refdiff"
	if [ "$refdiff" != 0 ]; then echo "supply_graph: the C and the PL/pgSQL walk differ" >&2; exit 1; fi
fi

ta=(); tb=(); tc=()
for _ in $(seq "$RUNS"); do
	ta+=("$(timed "$a_sql;")")
	tb+=("$(timed "$b_sql;")")
	if [ "$CHECK_REF" = 1 ]; then tc+=("$(timed "$c_sql;")"); fi
done
ma=$(median "${ta[@]}"); mb=$(median "${tb[@]}")
echo "supply_graph: median of $RUNS: hredd.supply_graph ${ma}s, recursive CTE ${mb}s, ratio $(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.2f", a / b }') (below 1: faster than the CTE)"
if [ "$CHECK_REF" = 1 ]; then
	mc=$(median "${tc[@]}")
	echo "supply_graph: the PL/pgSQL walk before: ${mc}s, ratio $(awk -v c="$mc" -v b="$mb" 'BEGIN { printf "%.2f", c / b }') to the CTE"
fi
