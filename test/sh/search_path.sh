#!/usr/bin/env bash
# How hredd meets its users (src/sql/95-search-path.sql): the simplest
# statements a user writes, run
#  - in the session that ran CREATE EXTENSION (its path is the old one),
#  - in new sessions of a database that had no search_path of its own
#    (CREATE EXTENSION appended hredd to the default path: all must work),
#  - in a database with a path of its own, which CREATE EXTENSION keeps,
#    warning with the exact statement to run; after it, all must work.
# Statements written with hredd.<name> must work from any path; the user's
# own names still win; new tables still go into public.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=hredd_search_path
q() { psql -X -q -v ON_ERROR_STOP=1 -At -d $db "$@"; }
fail=0
user_tables_sql=$(cat <<'SQL'
SET client_min_messages = warning;
CREATE TABLE public.supplier (ref text PRIMARY KEY, name text, country hredd.country, os_id hredd.os_id,
    fac hredd.facility GENERATED ALWAYS AS (hredd.facility(name, NULL, country::text)) STORED);
INSERT INTO public.supplier (ref, name, country, os_id) VALUES
    ('S1', 'Zhejiang Zhenghao Garment Co Ltd', 'CN', 'CN2019303BQ3FZP'),
    ('S2', 'Pungkook Saigon III', 'VN', NULL), ('S3', 'Dhaka Knit', 'BD', 'BD2020021QK28YZ');
CREATE TABLE public.registry (id int PRIMARY KEY, os_id hredd.os_id, name text);
INSERT INTO public.registry VALUES (1, 'CN2019303BQ3FZP', 'Zhenghao Garment'), (2, 'BD2020021QK28YZ', 'Dhaka Knit Composite');
RESET client_min_messages;
SQL
)
user_tables() { q <<<"$user_tables_sql"; }

# name|statement: written with hredd.<name>, they need no setting
qualified=(
	"cast|SELECT 'Viet Nam'::hredd.country"
	"group and order|SELECT country, count(*) FROM supplier GROUP BY country ORDER BY country"
	"distinct|SELECT DISTINCT os_id FROM supplier"
	"function|SELECT verdict FROM hredd.check_location(10.8572, 106.93, 'VN')"
	"index|CREATE INDEX ON supplier (os_id); CREATE INDEX ON supplier USING gin (fac)"
	"score|SELECT hredd.match_score(fac, hredd.facility('Zhenghao Garment', NULL, 'CN')) FROM supplier"
	"operator qualified|SELECT count(*) FROM hredd.country_risk WHERE country OPERATOR(hredd.=) 'VN'"
	"as text|SELECT count(*) FROM hredd.country_risk WHERE country::text = 'VN'"
)
# the simplest statements a user writes
simple=(
	"country = literal|SELECT count(*) FROM hredd.country_risk WHERE country = 'VN'"
	"own column = literal|SELECT count(*) FROM supplier WHERE country = 'VN'"
	"IN list|SELECT count(*) FROM supplier WHERE country IN ('VN', 'BD')"
	"not equal|SELECT count(*) FROM supplier WHERE country <> 'CN'"
	"OS ID literal|SELECT ref FROM supplier WHERE os_id = 'CN2019303BQ3FZP'"
	"OS ID join|SELECT s.ref FROM supplier s JOIN registry r ON r.os_id = s.os_id"
	"join USING|SELECT ref FROM supplier JOIN registry USING (os_id)"
	"join to hredd|SELECT count(*) FROM supplier s JOIN hredd.country_risk r ON r.country = s.country"
	"similar %|SELECT ref FROM supplier WHERE fac % hredd.facility('Zhenghao Garment', NULL, 'CN')"
	"nearest <->|SELECT ref FROM supplier ORDER BY fac <-> hredd.facility('Zhenghao Garment', NULL, 'CN') LIMIT 2"
	"unqualified type|SELECT 'VN'::country"
	"unqualified function|SELECT verdict FROM check_location(10.8572, 106.93, 'VN')"
)
# run_list ARRAY-NAME: prints "name<TAB>ok" or "name<TAB>first error line"
run_list() {
	local -n list=$1
	local item name sql err
	for item in "${list[@]}"; do
		name=${item%%|*}; sql=${item#*|}
		if err=$(q -c "$sql" 2>&1 >/dev/null); then printf '%s\tok\n' "$name"
		else printf '%s\t%s\n' "$name" "$(head -n1 <<<"$err")"; fi
	done
}

check_failures() {   # stdin: run_list output; every failure must be a name the path does not reach
	if grep -v $'\tok$' | grep -v $'\tERROR:  \\(operator\\|function\\|type\\) \\(does not exist\\|"[a-z]*" does not exist\\|[a-z_.]*(.*) does not exist\\)'; then
		echo "search_path: a statement failed for another reason than the path (above)"; fail=1
	fi
}
all_work() {   # $1: what was done; stdin: run_list output
	local out; out=$(cat)
	if grep -v $'\tok$' <<<"$out"; then echo "search_path: $1, these still fail (above)"; fail=1
	else echo "search_path: $1: all $(wc -l <<<"$out") statements work"; fi
}
fresh() { psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"; }

# 1. a database without a search_path of its own
fresh
# the session that creates the extension keeps its path: measured in that session
out=$( { echo "CREATE EXTENSION hredd CASCADE;"; echo "$user_tables_sql"
         for item in "${qualified[@]}" "${simple[@]}"; do printf '\\echo %s\n%s;\n' "${item%%|*}" "${item#*|}"; done
       } | psql -X -q -d $db -v ON_ERROR_STOP=0 2>&1)
if grep -q WARNING <<<"$out"; then echo "search_path: a WARNING in a database without a path of its own:"; grep -A1 WARNING <<<"$out"; fail=1; fi
n_same=$(grep -c 'ERROR:  \(operator\|function\|type\)' <<<"$out" || true)
echo "search_path: in the session that ran CREATE EXTENSION, $n_same of ${#simple[@]} simplest statements fail (its path is the one it started with)"
[ "$n_same" -eq ${#simple[@]} ] || { echo "search_path: expected all ${#simple[@]} to fail there:"; echo "$out"; fail=1; }
[ "$(q -c "SELECT setting FROM pg_settings WHERE name = 'search_path'")" = '"$user", public, hredd' ] \
	|| { echo "search_path: a new session's path is not \"\$user\", public, hredd"; fail=1; }
run_list qualified | all_work "new sessions after CREATE EXTENSION"
run_list simple | all_work "new sessions after CREATE EXTENSION"

# 2. a database with a path of its own: kept, and a WARNING with the statement
fresh
q -c "CREATE SCHEMA app" -c "ALTER DATABASE $db SET search_path = app, public"
out=$(psql -X -q -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION hredd CASCADE" 2>&1)
hint=$(sed -n 's/^HINT:  Run once: \(ALTER DATABASE [^;]*;\).*/\1/p' <<<"$out")
if ! grep -q "^WARNING:  hredd's operators (=, %, <-> …) are not on this database's search_path$" <<<"$out" \
   || [ "$hint" != "ALTER DATABASE $db SET search_path = app, public, hredd;" ]; then
	echo "search_path: CREATE EXTENSION did not say what to run:"; echo "$out"; fail=1
fi
user_tables
before_q=$(run_list qualified); before_s=$(run_list simple)
all_work "on a path without hredd, written hredd.<name>" <<<"$before_q"
nfail=$(grep -vc $'\tok$' <<<"$before_s" || true)
echo "search_path: on a path without hredd, $nfail of ${#simple[@]} simplest statements fail:"
grep -v $'\tok$' <<<"$before_s" | sed 's/^/  /'
check_failures <<<"$before_s"
q -c "$hint"
{ run_list qualified; run_list simple; } | all_work "after \"$hint\""

# the user's names still win; new tables go into public; hredd's own code is unaffected
got=$(q <<'SQL'
SET client_min_messages = warning;
CREATE TABLE topic (code text);
SELECT 'topic'::regclass::text;
CREATE FUNCTION public.country_name(text) RETURNS text LANGUAGE sql AS $$ SELECT 'mine' $$;
SELECT country_name('VN');
SELECT hredd.country_name('BD');
SELECT count(*) > 0 FROM hredd.topic WHERE shipped;
SQL
)
want=$'topic\nmine\nBangladesh\nt'
if [ "$got" != "$want" ]; then
	echo "search_path: with hredd at the end of the path, expected"; echo "$want"; echo "got"; echo "$got"; fail=1
fi

# the database names hredd already: no WARNING
out=$(psql -X -q -v ON_ERROR_STOP=1 -d $db -c "DROP EXTENSION hredd CASCADE" -c "CREATE EXTENSION hredd" 2>&1)
if grep -q WARNING <<<"$out"; then echo "search_path: a WARNING although the path names hredd:"; echo "$out"; fail=1; fi
[ "$(q -c "SELECT setting FROM pg_settings WHERE name = 'search_path'")" = 'app, public, hredd' ] \
	|| { echo "search_path: CREATE EXTENSION changed a path that named hredd"; fail=1; }

# 3. a database where every role may create in public: an operator planted
# there would be found before hredd's, so nothing is set, and a WARNING says
# what to run
fresh
q -c "GRANT CREATE ON SCHEMA public TO PUBLIC"
out=$(psql -X -q -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION hredd CASCADE" 2>&1)
if ! grep -qx "WARNING:  hredd did not put itself on this database's search_path: every role may create objects in schema public, which the path would search before hredd" <<<"$out" \
   || ! grep -qx "HINT:  Run once: REVOKE CREATE ON SCHEMA public FROM PUBLIC; ALTER DATABASE $db SET search_path = \"\$user\", public, hredd; (or write hredd.name and OPERATOR(hredd.=))" <<<"$out"; then
	echo "search_path: with public open to every role, CREATE EXTENSION did not refuse to set the path, saying why:"; echo "$out"; fail=1
fi
[ "$(q -c "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = '$db'")" = 0 ] \
	|| { echo "search_path: a path was set although every role may create in public"; fail=1; }
echo "search_path: with public open to every role, no path is set and the WARNING says what to run"

psql -X -q -c "DROP DATABASE $db"
[ $fail -eq 0 ] && echo "search_path: ok"
exit $fail
