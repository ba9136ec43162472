#!/usr/bin/env bash
# How hredd meets its users: the simplest statements a user writes, run in a
# database as CREATE EXTENSION leaves it and again after the one statement its
# WARNING says to run (src/sql/95-search-path.sql).
#  - statements written with hredd.<name> work from any search_path;
#  - the unqualified ones (operators above all) are counted without the
#    setting: the figure docs/security.md quotes;
#  - after the statement from the HINT, in a new session, all of them work;
#  - the user's own names still win and new tables still go into public;
#  - a database whose path names hredd gets no WARNING.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=hredd_search_path
q() { psql -X -q -v ON_ERROR_STOP=1 -At -d $db "$@"; }
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
fail=0

out=$(psql -X -q -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION hredd CASCADE" 2>&1)
hint=$(sed -n 's/^HINT:  Run once: \(ALTER DATABASE [^;]*;\).*/\1/p' <<<"$out")
if ! grep -q "^WARNING:  hredd's operators (=, %, <-> …) are not on this database's search_path$" <<<"$out" \
   || [ "$hint" != "ALTER DATABASE $db SET search_path = \"\$user\", public, hredd;" ]; then
	echo "search_path: CREATE EXTENSION did not say what to run:"; echo "$out"; fail=1
fi

q <<'SQL'
SET client_min_messages = warning;
CREATE TABLE public.supplier (ref text PRIMARY KEY, name text, country hredd.country, os_id hredd.os_id,
    fac hredd.facility GENERATED ALWAYS AS (hredd.facility(name, NULL, country::text)) STORED);
INSERT INTO public.supplier (ref, name, country, os_id) VALUES
    ('S1', 'Zhejiang Zhenghao Garment Co Ltd', 'CN', 'CN2019303BQ3FZP'),
    ('S2', 'Pungkook Saigon III', 'VN', NULL), ('S3', 'Dhaka Knit', 'BD', 'BD2020021QK28YZ');
CREATE TABLE public.registry (id int PRIMARY KEY, os_id hredd.os_id, name text);
INSERT INTO public.registry VALUES (1, 'CN2019303BQ3FZP', 'Zhenghao Garment'), (2, 'BD2020021QK28YZ', 'Dhaka Knit Composite');
SQL

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

before_q=$(run_list qualified); before_s=$(run_list simple)
if grep -v $'\tok$' <<<"$before_q"; then echo "search_path: qualified statements failed on the default path (above)"; fail=1; fi
nfail=$(grep -vc $'\tok$' <<<"$before_s" || true)
echo "search_path: on the default path, $nfail of ${#simple[@]} simplest statements fail:"
grep -v $'\tok$' <<<"$before_s" | sed 's/^/  /'
# each failure is a name not found on the path, nothing else
if grep -v $'\tok$' <<<"$before_s" | grep -v $'\tERROR:  \\(operator\\|function\\|type\\) \\(does not exist\\|"[a-z]*" does not exist\\|[a-z_.]*(.*) does not exist\\)'; then
	echo "search_path: a statement failed for another reason than the path (above)"; fail=1
fi

# the statement the HINT gave, then new sessions
q -c "$hint"
after=$(run_list qualified; run_list simple)
if grep -v $'\tok$' <<<"$after"; then
	echo "search_path: after \"$hint\" these still fail (above)"; fail=1
else
	echo "search_path: after \"$hint\": all $(wc -l <<<"$after") statements work"
fi

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

psql -X -q -c "DROP DATABASE $db"
[ $fail -eq 0 ] && echo "search_path: ok"
exit $fail
