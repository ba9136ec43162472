#!/usr/bin/env bash
# scripts/build-sql.sh treats upgrade parts as it treats install fragments:
# "-- @data FILE" becomes FILE's contents as a dollar-quoted literal, a
# "-- @postgis-begin/end" region becomes a DO block with @postgis@ replaced,
# the header pins search_path; a missing data file or an unclosed region fails
# the build.  The built script is then run in a database.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '{"a": 1}\nline two\n' > "$tmp/data.json"
cat > "$tmp/10-part.sql" <<SQL
CREATE TABLE pg_temp.shipped (doc text);
INSERT INTO pg_temp.shipped VALUES (
-- @data $tmp/data.json
);
SQL
cat > "$tmp/20-part.sql" <<'SQL'
-- @postgis-begin
CREATE TABLE pg_temp.g (geom @postgis@.geometry(Point, 4326));
-- @postgis-end
SQL
scripts/build-sql.sh upgrade 9.0.0 9.1.0 "$tmp/10-part.sql" "$tmp/20-part.sql" > "$tmp/up.sql"
fail=0
grep -q "^\\\\echo Use \"ALTER EXTENSION hredd UPDATE TO '9.1.0'\"" "$tmp/up.sql" || { echo "build_sql: no \\echo guard"; fail=1; }
grep -q "^SELECT pg_catalog.set_config('search_path', 'hredd, pg_catalog, pg_temp', true);" "$tmp/up.sql" || { echo "build_sql: no search_path header"; fail=1; }
grep -q '^-- @data' "$tmp/up.sql" && { echo "build_sql: @data line left as is"; fail=1; }
grep -q '^DO \$hredd_postgis\$' "$tmp/up.sql" || { echo "build_sql: no DO block for the PostGIS region"; fail=1; }
# run it (without its \echo guard) where PostGIS is installed
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS hredd_build_sql" -c "CREATE DATABASE hredd_build_sql"
got=$(grep -v '^\\echo' "$tmp/up.sql" | { echo "SET client_min_messages = warning; CREATE EXTENSION postgis;"; cat; echo "SELECT doc FROM pg_temp.shipped; INSERT INTO pg_temp.g VALUES ('SRID=4326;POINT(1 2)'); SELECT count(*) FROM pg_temp.g;"; } \
	| psql -X -q -At -v ON_ERROR_STOP=1 -d hredd_build_sql)
want=$(printf 'hredd, pg_catalog, pg_temp\n{"a": 1}\nline two\n\n1')
[ "$got" = "$want" ] || { echo "build_sql: the built upgrade gave"; echo "$got"; echo "instead of"; echo "$want"; fail=1; }
psql -X -q -c "DROP DATABASE hredd_build_sql"
# broken parts fail the build
printf -- '-- @data %s/missing.json\n' "$tmp" > "$tmp/30-bad.sql"
scripts/build-sql.sh upgrade 9.0.0 9.1.0 "$tmp/30-bad.sql" > /dev/null 2>&1 && { echo "build_sql: a missing @data file did not fail"; fail=1; }
printf -- '-- @postgis-begin\nSELECT 1;\n' > "$tmp/40-bad.sql"
scripts/build-sql.sh upgrade 9.0.0 9.1.0 "$tmp/40-bad.sql" > /dev/null 2>&1 && { echo "build_sql: an unclosed region did not fail"; fail=1; }
# "-- @install-function PREFIX" brings the fragment's statement, as CREATE OR REPLACE, with its COMMENT
cat > "$tmp/10-frag.sql" <<'SQL'
CREATE FUNCTION hredd.f(a int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE $q$SELECT 1;$q$;   -- a statement end inside the body
    RETURN a;
END
$$;
COMMENT ON FUNCTION hredd.f(int) IS 'one';
CREATE FUNCTION hredd.f(a text) RETURNS @postgis@.geometry LANGUAGE sql AS $$ SELECT NULL::@postgis@.geometry $$;
CREATE FUNCTION hredd.g() RETURNS int AS 'MODULE_PATHNAME', 'g' LANGUAGE C;
SQL
printf -- '-- @install-function hredd.f(a int)\n-- @install-function hredd.f(a text\n-- @install-function hredd.g(\n' > "$tmp/50-fn.sql"
SQL_FRAGMENTS="$tmp/10-frag.sql" scripts/build-sql.sh upgrade 9.0.0 9.1.0 "$tmp/50-fn.sql" > "$tmp/fn.sql"
got=$(sed -n '/^-- ---- /,$p' "$tmp/fn.sql" | grep -v '^-- ---- ' | grep -v '^    \|^DECLARE\|^BEGIN\|^END\|^\$hredd\|^\$\$;\|^    PERFORM\|^    EXECUTE\|^    IF\|^        ' )
want="CREATE OR REPLACE FUNCTION hredd.f(a int) RETURNS int LANGUAGE plpgsql AS \$\$
COMMENT ON FUNCTION hredd.f(int) IS 'one';
DO \$hredd_postgis\$
CREATE OR REPLACE FUNCTION hredd.f(a text) RETURNS @postgis@.geometry LANGUAGE sql AS \$\$ SELECT NULL::@postgis@.geometry \$\$;
CREATE OR REPLACE FUNCTION hredd.g() RETURNS int AS 'MODULE_PATHNAME', 'g' LANGUAGE C;"
[ "$got" = "$want" ] || { echo "build_sql: @install-function gave"; echo "$got"; echo "instead of"; echo "$want"; fail=1; }
grep -q 'RETURN a;' "$tmp/fn.sql" && grep -q '^\$\$;$' "$tmp/fn.sql" || { echo "build_sql: @install-function cut the body short"; fail=1; }
printf -- '-- @install-function hredd.f(\n' > "$tmp/60-amb.sql"
SQL_FRAGMENTS="$tmp/10-frag.sql" scripts/build-sql.sh upgrade 9.0.0 9.1.0 "$tmp/60-amb.sql" > /dev/null 2>&1 && { echo "build_sql: an ambiguous @install-function did not fail"; fail=1; }
printf -- '-- @install-function hredd.nothing(\n' > "$tmp/70-none.sql"
SQL_FRAGMENTS="$tmp/10-frag.sql" scripts/build-sql.sh upgrade 9.0.0 9.1.0 "$tmp/70-none.sql" > /dev/null 2>&1 && { echo "build_sql: an @install-function matching nothing did not fail"; fail=1; }
# "-- @install-fragment FILE" brings a whole install fragment, and only one
printf -- '-- @install-fragment %s\n' "$tmp/10-frag.sql" > "$tmp/75-frag.sql"
SQL_FRAGMENTS="$tmp/10-frag.sql" scripts/build-sql.sh upgrade 9.0.0 9.1.0 "$tmp/75-frag.sql" > "$tmp/frag.sql" \
	|| { echo "build_sql: @install-fragment failed"; fail=1; }
grep -v '^\\echo' "$tmp/10-frag.sql" | diff -q - <(sed -n "/^-- ---- .*75-frag.sql$/,\$p" "$tmp/frag.sql" | tail -n +2) >/dev/null \
	|| { echo "build_sql: @install-fragment did not bring the fragment as it is"; fail=1; }
printf -- '-- @install-fragment %s\n' "$tmp/70-none.sql" > "$tmp/76-notfrag.sql"
got=$(SQL_FRAGMENTS="$tmp/10-frag.sql" scripts/build-sql.sh upgrade 9.0.0 9.1.0 "$tmp/76-notfrag.sql" 2>&1 >/dev/null) \
	&& { echo "build_sql: @install-fragment of a file that is no install fragment did not fail"; fail=1; }
[ "$got" = "@install-fragment $tmp/70-none.sql: not an install fragment" ] \
	|| { echo "build_sql: @install-fragment's message was: $got"; fail=1; }
[ $fail -eq 0 ] && echo "build_sql: ok"
exit $fail
