#!/usr/bin/env bash
# The hredd demo: runs inside scripts/with-cluster.sh (make demo).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGDATABASE=hredd_demo
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS hredd_demo" -c "CREATE DATABASE hredd_demo"
psql -X -q -v ON_ERROR_STOP=1 -f demo/identifiers.sql
psql -X -q -v ON_ERROR_STOP=1 -f demo/geo.sql
psql -X -q -v ON_ERROR_STOP=1 -f demo/indicators.sql
