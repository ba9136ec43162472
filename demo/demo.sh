#!/usr/bin/env bash
# The hredd demo: runs inside scripts/with-cluster.sh (make demo).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGDATABASE=hredd_demo
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS hredd_demo" -c "CREATE DATABASE hredd_demo"
psql -X -q -v ON_ERROR_STOP=1 -f demo/identifiers.sql
# the supplier list to match: adidas' published 2019 list when the shared data
# is there, else the shipped demo supplier master
shared=$(cd .. && pwd)/shared/data/matching/supplier_lists/adidas_2019_primary_suppliers_subcons.csv
if [ -f "$shared" ]; then
	psql -X -q -v ON_ERROR_STOP=1 \
		-c "CREATE TABLE adidas_2019 (location text, account_name text, a1 text, a2 text, a3 text, city text, zip text, province text, tier text, cat text, workers text, parent text)" \
		-c "\copy adidas_2019 FROM '$shared' (FORMAT csv, HEADER)"
fi
# the same workbook's tier-2 (wet-process) list, for the supply chain part
wet=$(cd .. && pwd)/shared/data/matching/supplier_lists/adidas_2019_wet_process_suppliers.csv
if [ -f "$wet" ]; then
	psql -X -q -v ON_ERROR_STOP=1 \
		-c "CREATE TABLE adidas_2019_wet (location text, account_name text, a1 text, a2 text, a3 text, city text, zip text, province text, tier text, cat text, workers text, parent text)" \
		-c "\copy adidas_2019_wet FROM '$wet' (FORMAT csv, HEADER)"
fi
psql -X -q -v ON_ERROR_STOP=1 -f demo/geo.sql
psql -X -q -v ON_ERROR_STOP=1 -f demo/matching.sql
psql -X -q -v ON_ERROR_STOP=1 -f demo/indicators.sql
# the risk register over all of the above; the map goes to demo/out/ (the
# cluster's directory is removed at the end)
mkdir -p demo/out
rm -f demo/out/risk_map.svg demo/out/risk.geojson
psql -X -q -v ON_ERROR_STOP=1 -v outdir="$PWD/demo/out" -f demo/risk.sql
psql -X -q -v ON_ERROR_STOP=1 -f demo/supply.sql
echo
echo "== demo finished in ${SECONDS} s"
