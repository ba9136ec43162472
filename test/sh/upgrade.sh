#!/usr/bin/env bash
# Install the oldest released version of hredd, walk the upgrade chain to the
# current one, and check the result equals a fresh install:
#  1. the same member objects with the same definitions and comments
#     (test/sh/extension_objects.sql);
#  2. the same rows in every table of the extension — the shipped taxonomy,
#     crosswalks, ILAB goods, boundaries, reason codes, risk profile …
#     (test/sh/extension_data.sql);
#  3. a user's data made under the old version (test/sh/upgrade_user_data.sql:
#     a table with facility, os_id and country columns, generated columns,
#     btree/hash/brin/GIN/GiST indexes, and the user's own rows in hredd's
#     tables) reads the same after the upgrade (test/sh/upgrade_user_snapshot.sql),
#     the user's rows in hredd's tables are unchanged, and every index still
#     finds what a sequential scan finds.
# Each comparison is also shown to notice a difference, so the test can fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
dbs="hredd_up_old hredd_up_user hredd_up_new"
for db in $dbs; do q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"; done

current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" hredd.control)
oldest=$(q -c "SELECT version FROM pg_available_extension_versions WHERE name = 'hredd'
               ORDER BY string_to_array(version, '.')::int[] LIMIT 1")
path=$(q -c "SELECT coalesce(path, '(none)') FROM pg_extension_update_paths('hredd')
             WHERE source = '$oldest' AND target = '$current'")
echo "upgrade: oldest released $oldest, current $current, path: ${path:-$oldest}"
if [ "$oldest" = "$current" ]; then
	echo "upgrade: no released version older than $current is installed (src/sql/updates/hredd--*.sql)"; exit 1
fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for db in hredd_up_old hredd_up_user; do
	q -d $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd VERSION '$oldest' CASCADE"
done
q -d hredd_up_user -f test/sh/upgrade_user_data.sql
q -d hredd_up_user -f test/sh/upgrade_user_snapshot.sql > "$tmp/user.before"
q -d hredd_up_user -v part=user -f test/sh/extension_data.sql | sort > "$tmp/userrows.before"
for db in hredd_up_old hredd_up_user; do
	q -d $db -c "SET client_min_messages = warning" -c "ALTER EXTENSION hredd UPDATE TO '$current'"
	[ "$(q -d $db -c "SELECT extversion FROM pg_extension WHERE extname = 'hredd'")" = "$current" ] \
		|| { echo "upgrade: $db is not at $current after ALTER EXTENSION UPDATE"; exit 1; }
done
q -d hredd_up_new -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd CASCADE"

fail=0
# 1. objects
q -d hredd_up_old -f test/sh/extension_objects.sql > "$tmp/objects.old"
q -d hredd_up_new -f test/sh/extension_objects.sql > "$tmp/objects.new"
if ! diff -u "$tmp/objects.new" "$tmp/objects.old"; then
	echo "upgrade: $oldest upgraded to $current has other objects than a fresh install (diff above: - fresh, + upgraded)"; fail=1
else
	echo "upgrade: $(wc -l < "$tmp/objects.new") member objects identical after upgrade"
fi

# 2. shipped rows
q -d hredd_up_old -v part=all -f test/sh/extension_data.sql | sort > "$tmp/rows.old"
q -d hredd_up_new -v part=all -f test/sh/extension_data.sql | sort > "$tmp/rows.new"
if ! cmp -s "$tmp/rows.new" "$tmp/rows.old"; then
	echo "upgrade: $oldest upgraded to $current has other rows in its tables than a fresh install:"
	diff "$tmp/rows.new" "$tmp/rows.old" | sed -n 's/^\([<>]\) \([^ ]*\) .*/\1 \2/p' | sort | uniq -c \
		| sed 's/</only in a fresh install:/; s/>/only after the upgrade:  /'
	fail=1
else
	echo "upgrade: $(wc -l < "$tmp/rows.new") rows in $(cut -d' ' -f1 "$tmp/rows.new" | sort -u | wc -l) tables identical after upgrade"
fi

# 3. the user's data
q -d hredd_up_user -f test/sh/upgrade_user_snapshot.sql > "$tmp/user.after"
q -d hredd_up_user -v part=user -f test/sh/extension_data.sql | sort > "$tmp/userrows.after"
if ! diff -u "$tmp/user.before" "$tmp/user.after" | head -n 40; then :; fi
if ! cmp -s "$tmp/user.before" "$tmp/user.after"; then
	echo "upgrade: the user's table reads differently after the upgrade (diff above: - before, + after)"; fail=1
elif ! cmp -s "$tmp/userrows.before" "$tmp/userrows.after"; then
	diff "$tmp/userrows.before" "$tmp/userrows.after" | head -n 20
	echo "upgrade: the user's rows in hredd's tables changed in the upgrade"; fail=1
else
	echo "upgrade: the user's table ($(wc -l < "$tmp/user.before") lines) and their $(wc -l < "$tmp/userrows.before") rows in hredd's tables unchanged"
fi
# Indexes built by the old version must still agree with the data as the new
# version reads it (a changed key extraction or sort order needs a REINDEX in
# the upgrade script).
probe() {
	q -d hredd_up_user -c "SET search_path = public, hredd" -c "$1" -c "
	  WITH q AS (SELECT facility AS f FROM public.up_supplier WHERE id IN (3, 77, 1234))
	  SELECT 'os_id', s.id FROM public.up_supplier s WHERE s.os_id IN (SELECT os_id FROM public.up_supplier WHERE id % 97 = 1)
	  UNION ALL SELECT 'country', count(*) FROM public.up_supplier s WHERE s.country = 'KH'
	  UNION ALL SELECT 'similar', s.id FROM public.up_supplier s, q WHERE s.facility % q.f
	  UNION ALL SELECT 'equal', s.id FROM public.up_supplier s, q WHERE s.facility = q.f
	  ORDER BY 1, 2" -c "
	  SELECT 'nearest', round((s.facility <-> q.f)::numeric, 6) FROM public.up_supplier s,
	         (SELECT facility AS f FROM public.up_supplier WHERE id = 77) q ORDER BY s.facility <-> q.f LIMIT 25"
}
probe "SET enable_seqscan = off" > "$tmp/idx"
probe "SET enable_indexscan = off; SET enable_bitmapscan = off" > "$tmp/seq"
if ! diff -u "$tmp/seq" "$tmp/idx" | head -n 40; then :; fi
if ! cmp -s "$tmp/seq" "$tmp/idx"; then
	echo "upgrade: an index made under $oldest finds other rows than a sequential scan after the upgrade (REINDEX it in the upgrade script)"; fail=1
else
	echo "upgrade: indexes made under $oldest agree with sequential scans ($(wc -l < "$tmp/idx") rows probed)"
fi
btrees=$(q -d hredd_up_user -c "CREATE EXTENSION IF NOT EXISTS amcheck" -c "
	SELECT count(bt_index_check(i.indexrelid, true)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
	JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'public.up_supplier'::regclass AND a.amname = 'btree'") \
	|| { echo "upgrade: amcheck finds a btree index made under $oldest broken after the upgrade"; fail=1; }
[ -n "$btrees" ] && echo "upgrade: amcheck: $btrees btree indexes of the user's table intact"
[ $fail -eq 0 ] || exit 1

# Each comparison must be able to fail.
q -d hredd_up_old -c "COMMENT ON FUNCTION hredd.os_id_is_valid(text) IS 'changed'"
q -d hredd_up_old -f test/sh/extension_objects.sql > "$tmp/objects.old"
cmp -s "$tmp/objects.new" "$tmp/objects.old" && { echo "upgrade: the object comparison did not notice a changed comment"; exit 1; }
q -d hredd_up_old -c "UPDATE hredd.topic SET name = name || ' ' WHERE code = (SELECT min(code) FROM hredd.topic WHERE shipped)"
q -d hredd_up_old -v part=all -f test/sh/extension_data.sql | sort > "$tmp/rows.old"
cmp -s "$tmp/rows.new" "$tmp/rows.old" && { echo "upgrade: the row comparison did not notice a changed shipped row"; exit 1; }
q -d hredd_up_user -c "UPDATE hredd.exchange_rate SET per_usd = per_usd + 1 WHERE currency = 'VND'" \
	-c "UPDATE public.up_supplier SET address = address || '.' WHERE id = 1999"
q -d hredd_up_user -f test/sh/upgrade_user_snapshot.sql > "$tmp/user.after"
q -d hredd_up_user -v part=user -f test/sh/extension_data.sql | sort > "$tmp/userrows.after"
cmp -s "$tmp/user.before" "$tmp/user.after" && { echo "upgrade: the user data comparison did not notice a changed row"; exit 1; }
cmp -s "$tmp/userrows.before" "$tmp/userrows.after" && { echo "upgrade: the user rows comparison did not notice a changed rate"; exit 1; }
# a stale index: row 500 takes row 98's OS ID while its index is not maintained
q -d hredd_up_user -c "UPDATE pg_index SET indisready = false WHERE indexrelid = 'public.up_supplier_os_id'::regclass" \
	-c "UPDATE public.up_supplier SET os_id = (SELECT os_id FROM public.up_supplier WHERE id = 98) WHERE id = 500" \
	-c "UPDATE pg_index SET indisready = true WHERE indexrelid = 'public.up_supplier_os_id'::regclass"
probe "SET enable_seqscan = off" > "$tmp/idx"
probe "SET enable_indexscan = off; SET enable_bitmapscan = off" > "$tmp/seq"
cmp -s "$tmp/seq" "$tmp/idx" && { echo "upgrade: the index probe did not notice a stale index"; exit 1; }
for db in $dbs; do q -c "DROP DATABASE $db"; done
echo "upgrade: ok"
