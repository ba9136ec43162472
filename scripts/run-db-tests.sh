#!/usr/bin/env bash
# Every suite that needs a server: pg_regress, pgTAP, shell tests.
# Runs inside scripts/with-cluster.sh (PGHOST etc. point at the cluster).
set -uo pipefail
cd "$(dirname "$0")/.."
export SHARED_DATA=${SHARED_DATA:-$(cd .. && pwd)/shared/data}
failed=()

echo "== pg_regress"
if ! make -s installcheck; then
	[ -f regression.diffs ] && head -n 300 regression.diffs
	failed+=(pg_regress)
fi

echo "== pgTAP (pg_prove)"
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS hredd_tap" -c "CREATE DATABASE hredd_tap" >/dev/null
psql -X -q -d hredd_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION hredd CASCADE" >/dev/null 2>&1
if ! pg_prove -d hredd_tap --set shared_data="$SHARED_DATA" --set tmpdir="$PGHOST" test/pgtap/*.sql; then
	failed+=(pgtap)
fi

echo "== shell tests"
for t in test/sh/*.sh; do
	echo "-- $t"
	if ! bash "$t"; then
		failed+=("$t")
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "FAILED: ${failed[*]}"
	exit 1
fi
echo "all database tests passed"
