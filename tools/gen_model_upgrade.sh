#!/usr/bin/env bash
# Developer: write the 0.1.0 -> 0.2.0 upgrade part of the match-model work from
# the install fragments it changed (run after editing them).
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/sql/updates/0.1.0--0.2.0/20-match-model.sql
{
  echo "-- hredd 0.2.0: match models and registry statistics (issue 12, score quality)."
  echo "-- Generated from src/sql/22-matching-model.sql by tools/gen_model_upgrade.sh."
  echo
  sed 1d src/sql/22-matching-model.sql
  echo
  echo "-- (the access lists that name the new table and routines: 90-release.sql)"
} > "$out"
echo "wrote $out"
