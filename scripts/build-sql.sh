#!/usr/bin/env bash
# Builds an extension script from SQL fragments (called by the Makefile):
#   scripts/build-sql.sh install VERSION FRAGMENT...        > hredd--VERSION.sql
#   scripts/build-sql.sh upgrade FROM TO PART...            > hredd--FROM--TO.sql
# Both kinds get the same header (search_path pinned to hredd, pg_catalog) and
# the same processing of each fragment:
#  - a line "-- @data FILE" becomes the contents of FILE (relative to the
#    checkout) as a dollar-quoted literal: shipped data needs no file access at
#    CREATE EXTENSION or ALTER EXTENSION UPDATE;
#  - lines between "-- @postgis-begin" and "-- @postgis-end" become one DO
#    block that EXECUTEs them with "@postgis@" replaced by PostGIS's schema
#    (quoted) and search_path set to "pg_catalog, hredd, pg_temp" for the region
#    only: PostgreSQL 15 has no @extschema:postgis@, and PostGIS's schema (often
#    public) must not be on the path of anything hredd runs;
#  - a fragment's own "\echo Use ... \quit" line is dropped.
# Upgrade parts may also say
#   -- @install-function hredd.name(first argument
# to get the one CREATE FUNCTION (or PROCEDURE) statement of the install
# fragments whose first line starts with "CREATE FUNCTION hredd.name(first
# argument", as CREATE OR REPLACE, with the COMMENT ON that follows it (and in
# a PostGIS region when it names @postgis@): a changed routine's body then has
# one home, the fragment, and the upgrade cannot drift from it.  The fragments
# searched are those of $SQL_FRAGMENTS (the Makefile passes them).
# and
#   -- @install-fragment src/sql/NN-name.sql
# to get a whole install fragment (one that the release adds) as it is.
set -euo pipefail
kind=$1; shift
case $kind in
install) version=$1; shift
	echo "-- hredd $version: built from src/sql/NN-*.sql; do not edit."
	printf '%s\n' '\echo Use "CREATE EXTENSION hredd" to load this file. \quit' ;;
upgrade) from=$1 to=$2; shift 2
	echo "-- hredd $from -> $to: built from src/sql/updates/$from--$to/*.sql; do not edit."
	printf '%s\n' "\\echo Use \"ALTER EXTENSION hredd UPDATE TO '$to'\" to load this file. \\quit" ;;
*) echo "usage: $0 install VERSION FRAGMENT... | upgrade FROM TO PART..." >&2; exit 2 ;;
esac
cat <<'HEADER'
-- Names in this script resolve in hredd and pg_catalog only, never in the schemas
-- CREATE EXTENSION adds (public, where PostGIS lives): a CHECK constraint such as
-- severity >= 0 binds its operator here, once and for good (CREATE EXTENSION
-- restores the caller's path afterwards).
SELECT pg_catalog.set_config('search_path', 'hredd, pg_catalog, pg_temp', true);
HEADER
# expand "-- @install-function PREFIX" lines of one part (stdout)
expand_install_functions() {
	local part=$1 line prefix body n frag
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		"-- @install-function "*)
			prefix=${line#-- @install-function }
			# shellcheck disable=SC2086
			body=$(awk -v p="$prefix" '
				function dollars(s,   t) {   # toggles dollar quoting for each $tag$ on the line
					while (match(s, /\$[A-Za-z0-9_]*\$/)) {
						t = substr(s, RSTART, RLENGTH)
						if (tag == "") tag = t; else if (t == tag) tag = ""
						s = substr(s, RSTART + RLENGTH)
					}
				}
				stmt == 0 && comment == 1 { if ($0 ~ /^COMMENT ON (FUNCTION|PROCEDURE) /) print; comment = 0 }
				stmt == 0 && (index($0, "CREATE FUNCTION " p) == 1 || index($0, "CREATE PROCEDURE " p) == 1) {
					stmt = 1; n++; tag = ""; sub(/^CREATE /, "CREATE OR REPLACE ") }
				stmt == 1 { print; dollars($0); if (tag == "" && $0 ~ /;[ \t]*$/) { stmt = 0; comment = 1 } }
				END { if (n != 1) { print "@install-function " p ": " n " statements match in the install fragments" > "/dev/stderr"; exit 1 } }
			' ${SQL_FRAGMENTS:?the Makefile passes SQL_FRAGMENTS}) || exit 1
			if [[ $body == *@postgis@* ]]; then printf '%s\n%s\n%s\n' '-- @postgis-begin' "$body" '-- @postgis-end'
			else printf '%s\n' "$body"; fi ;;
		"-- @install-fragment "*)
			frag=${line#-- @install-fragment }
			[ -f "$frag" ] || { echo "@install-fragment $frag: no such fragment" >&2; exit 1; }
			case " ${SQL_FRAGMENTS} " in *" $frag "*) ;;
			*) echo "@install-fragment $frag: not an install fragment" >&2; exit 1 ;; esac
			cat "$frag" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done < "$part"
}

tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
for f in "$@"; do
	echo; echo "-- ---- $f"
	if [ "$kind" = upgrade ]; then expand_install_functions "$f" > "$tmp"; else cp "$f" "$tmp"; fi
	awk -v name="$f" 'BEGIN { q = "\047" }
	     /^\\echo Use .*\\quit$/ { next }
	     /^-- @postgis-begin$/ { if (region) { bad = "nested -- @postgis-begin"; exit 1 } region = 1;
	       print "DO $hredd_postgis$";
	       print "DECLARE";
	       print "    postgis_schema pg_catalog.text := (SELECT pg_catalog.quote_ident(n.nspname)";
	       print "        FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace";
	       print "        WHERE e.extname OPERATOR(pg_catalog.=) " q "postgis" q "::pg_catalog.name);";
	       print "    caller_path pg_catalog.text := pg_catalog.current_setting(" q "search_path" q ");";
	       print "BEGIN";
	       print "    IF postgis_schema OPERATOR(pg_catalog.~) " q "[%$" q q "]" q " THEN";
	       print "        RAISE EXCEPTION " q "hredd cannot name PostGIS schema %: it contains %%, $ or a quote" q ", postgis_schema;";
	       print "    END IF;";
	       print "    PERFORM pg_catalog.set_config(" q "search_path" q ", " q "pg_catalog, hredd, pg_temp" q ", true);";
	       print "    EXECUTE pg_catalog.replace($hredd_postgis_region$"; next }
	     /^-- @postgis-end$/ { if (!region) { bad = "-- @postgis-end without -- @postgis-begin"; exit 1 } region = 0;
	       print "$hredd_postgis_region$, " q "@postgis@" q ", postgis_schema);";
	       print "    PERFORM pg_catalog.set_config(" q "search_path" q ", caller_path, true);";
	       print "END";
	       print "$hredd_postgis$;"; next }
	     /^-- @data / { if ((getline l < $3) <= 0) { bad = "-- @data " $3 ": cannot read it"; exit 1 }
	       printf "$hredd_data$"; print l; while ((getline l < $3) > 0) print l; print "$hredd_data$"; next }
	     { print }
	     END { if (region && !bad) bad = "-- @postgis-begin without -- @postgis-end";
	           if (bad) { print name ": " bad > "/dev/stderr"; exit 1 } }' "$tmp"
done
