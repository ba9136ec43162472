#!/usr/bin/env bash
# The reject reasons have one source, src/indicators/reasons.h: the C enums
# and code tables are built from it, tools/gen_indicators.py writes the rows
# of hredd.reject_reason and the table in docs/indicators.md from it.  This
# test fails when anything drifts from that list:
#  - the installed hredd.reject_reason (codes, descriptions, order of rows);
#  - the docs table;
#  - the sentences of hredd.reject_detail: every code has its own sentence
#    (not the generic fallback), and the CASE names no code outside the list;
#  - the generated files, when python3 is there to regenerate them.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
fail() { echo "indicators_reasons: $*"; exit 1; }

# code|description|docs phrase, one a line, from the list (C literals unescaped)
list=$(perl -ne 'print "$2|$3|$4\n" if /^\s*[HP]\((\w+), (\w+), "((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"\)/' \
	src/indicators/reasons.h | sed 's/\\\(.\)/\1/g')
n=$(grep -c '^[[:space:]]*[HP](' src/indicators/reasons.h)
[ "$(printf '%s\n' "$list" | grep -c .)" = "$n" ] && [ "$n" -ge 16 ] \
	|| fail "read $(printf '%s\n' "$list" | grep -c .) reasons of $n lines in src/indicators/reasons.h"
codes=$(printf '%s\n' "$list" | cut -d'|' -f1)

q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS hredd_reasons" -c "CREATE DATABASE hredd_reasons"
q -d hredd_reasons -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd CASCADE"

# the table, in the order it was filled (check order)
table=$(q -d hredd_reasons -c "SELECT code || '|' || description FROM hredd.reject_reason ORDER BY ctid")
if [ "$table" != "$(printf '%s\n' "$list" | cut -d'|' -f1,2)" ]; then
	diff <(printf '%s\n' "$list" | cut -d'|' -f1,2) <(printf '%s\n' "$table") || true
	fail "hredd.reject_reason differs from src/indicators/reasons.h (diff above: list, table)"
fi

# the docs table
docs=$(sed -n '/^<!-- reasons: generated/,/^<!-- reasons: end -->/p' docs/indicators.md |
	sed -n 's/^| `\([a-z_]*\)` | \(.*\) |$/\1|\2/p')
if [ "$docs" != "$(printf '%s\n' "$list" | cut -d'|' -f1,3)" ]; then
	diff <(printf '%s\n' "$list" | cut -d'|' -f1,3) <(printf '%s\n' "$docs") || true
	fail "the reason table of docs/indicators.md differs from src/indicators/reasons.h (diff above: list, docs)"
fi

# reject_detail: a sentence of its own for every code ...
for c in $codes; do
	d=$(q -d hredd_reasons -c "SELECT hredd.reject_detail('$c', 'S', 'F1', 'C1', 'v', 'u', DATE '2030-01-01', 'ind', 'h/week', 1, 0, 2)")
	[ -n "$d" ] || fail "reject_detail gives no sentence for $c"
	case $d in *"($c)"*) fail "reject_detail has no sentence of its own for $c: $d" ;; esac
done
# ... and none for a code that is not in the list
named=$(q -d hredd_reasons -c "SELECT pg_get_functiondef('hredd.reject_detail'::regproc)" | grep -o "WHEN '[a-z_]*'" | sed "s/WHEN '\(.*\)'/\1/" | sort -u)
for c in $named; do
	printf '%s\n' "$codes" | grep -qx "$c" || fail "reject_detail has a sentence for $c, which src/indicators/reasons.h does not list"
done
# what the C code says: every parser code comes out of parse_value for some input
for pair in 'empty_value:' 'not_applicable:N/A' 'unparseable_number:abc' 'unknown_unit:5 furlongs' \
	'conflicting_unit:5 h %' 'ambiguous_currency:Rs 5' "value_too_long:$(printf '6%.0s' $(seq 1 201))"; do
	c=${pair%%:*}
	[ "$(echo "SELECT (hredd.parse_value(:'raw')).reason" | q -d hredd_reasons -v raw="${pair#*:}")" = "$c" ] \
		|| fail "parse_value does not give $c for '${pair#*:}'"
done

# the generated files are current
if command -v python3 >/dev/null; then
	python3 tools/gen_indicators.py --check >/dev/null || { python3 tools/gen_indicators.py --check; fail "generated files out of date"; }
else
	echo "indicators_reasons: no python3, generated files not checked"
fi
q -c "DROP DATABASE hredd_reasons"
echo "indicators_reasons: $n reasons, one list: table, docs, detail sentences and parser agree"
