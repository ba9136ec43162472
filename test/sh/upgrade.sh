#!/usr/bin/env bash
# Install the oldest released version of hredd, walk the upgrade chain to the
# current one, and check the result equals a fresh install: same member
# objects with the same definitions and comments.  Also checks that the
# comparison notices a difference, so the test can fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS hredd_up_old" -c "DROP DATABASE IF EXISTS hredd_up_new"
q -c "CREATE DATABASE hredd_up_old" -c "CREATE DATABASE hredd_up_new"

current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" hredd.control)
oldest=$(q -c "SELECT version FROM pg_available_extension_versions WHERE name = 'hredd'
               ORDER BY string_to_array(version, '.')::int[] LIMIT 1")
path=$(q -c "SELECT coalesce(path, '(none)') FROM pg_extension_update_paths('hredd')
             WHERE source = '$oldest' AND target = '$current'")
echo "upgrade: oldest released $oldest, current $current, path: ${path:-$oldest}"

q -d hredd_up_old -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd VERSION '$oldest' CASCADE"
q -d hredd_up_old -c "SET client_min_messages = warning" -c "ALTER EXTENSION hredd UPDATE TO '$current'"
q -d hredd_up_new -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd CASCADE"

old=$(mktemp); new=$(mktemp); trap 'rm -f "$old" "$new"' EXIT
q -d hredd_up_old -f test/sh/extension_objects.sql > "$old"
q -d hredd_up_new -f test/sh/extension_objects.sql > "$new"
[ "$(q -d hredd_up_old -c "SELECT extversion FROM pg_extension WHERE extname = 'hredd'")" = "$current" ] \
	|| { echo "upgrade: extension is not at $current after ALTER EXTENSION UPDATE"; exit 1; }
if ! diff -u "$new" "$old"; then
	echo "upgrade: $oldest upgraded to $current differs from a fresh install (diff above)"
	exit 1
fi
echo "upgrade: $(wc -l < "$new") member objects identical after upgrade"

# The comparison must be able to fail.
q -d hredd_up_old -c "COMMENT ON FUNCTION hredd.os_id_is_valid(text) IS 'changed'"
q -d hredd_up_old -f test/sh/extension_objects.sql > "$old"
if diff -q "$new" "$old" >/dev/null; then
	echo "upgrade: the comparison did not notice a changed comment"
	exit 1
fi
q -c "DROP DATABASE hredd_up_old" -c "DROP DATABASE hredd_up_new"
echo "upgrade: ok"
