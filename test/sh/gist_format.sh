#!/usr/bin/env bash
# GiST indexes on facility built before the format-2 keys keep answering right.
#
# A private cluster runs the library of the last commit with format-1 GiST
# keys (trigrams and a country key; 0.1.0 and the 0.2 development builds up
# to it) and builds a GiST index on facilities.  Then this checkout's library
# replaces it, as a package upgrade does.  The old index, read with the bound
# it was built for, gives what a sequential scan gives (nearest neighbours by
# <-> and the % operator); so it does after rows are added to it (format-2
# leaves under format-1 signatures, pages split with both); and after REINDEX
# its keys are format 2 (read through pageinspect) with the same answers.
# Runs its own cluster (the one run-db-tests.sh gives is not used); needs root.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
OLD=f607370   # the last commit whose GiST keys are format 1
if [ "$(id -u)" != 0 ]; then echo "gist_format: skipped (needs root for a private cluster)"; exit 0; fi
if ! git cat-file -e "$OLD^{commit}" 2>/dev/null; then
	echo "gist_format: skipped (commit $OLD is not in this clone)"; exit 0
fi
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$($PG_CONFIG --bindir); lib=$($PG_CONFIG --pkglibdir); share=$($PG_CONFIG --sharedir)
work=$(mktemp -d /tmp/hredd-gistfmt.XXXXXX); inst=$work/inst; data=$work/data
cleanup() { rc=$?; (cd / && runuser -u postgres -- "$inst$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1) || true
            rm -rf "$work"; exit $rc; }
trap cleanup EXIT

mkdir -p "$work/old"
git archive "$OLD" | tar -x -C "$work/old"
make -C "$work/old" -s PG_CONFIG="$PG_CONFIG" all >/dev/null 2>&1
for d in "$bindir" "$lib" "$share"; do mkdir -p "$inst$d"; cp -a "$d/." "$inst$d/"; done
rm -rf "$inst$share"/extension/hredd[.-]* "$inst$lib"/hredd.so "$inst$lib"/bitcode/hredd*
make -C "$work/old" -s PG_CONFIG="$PG_CONFIG" install DESTDIR="$inst" >/dev/null
chmod 755 "$work" "$inst"; mkdir -m 700 "$data"; chown -R postgres: "$work"
export PGHOST=$work PGPORT=5432 PGUSER=postgres PGDATABASE=postgres PGOPTIONS="-c search_path=public,hredd"
start() { (cd / && runuser -u postgres -- "$inst$bindir/pg_ctl" -D "$data" -l "$work/server.log" -w \
            -o "-k $work -p $PGPORT -c listen_addresses='' -c fsync=off" start >/dev/null); }
(cd / && runuser -u postgres -- "$inst$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null)
start
q() { "$inst$bindir/psql" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

# facilities from recombined words: names alike and not, addresses with and
# without plot numbers, countries known and not
rows() { # first id, last id
	echo "INSERT INTO public.reg
SELECT i, hredd.facility(
         (ARRAY['zhenghao','pungkook','sabrina','mercury','hirdaramani','crystal','ozanteks','hong','seng','eratex',
                'shahi','arvind','nishat','soorty','atlantic'])[1 + (i * 7) % 15]
         || ' ' || substr(md5(i::text), 1, 4 + i % 4)
         || ' ' || (ARRAY['garment','textile','knitting','apparel','fashion','denim'])[1 + i % 6]
         || CASE WHEN i % 5 = 0 THEN ' ' || (i % 3 + 1) ELSE '' END,
         CASE WHEN i % 4 <> 0 THEN 'plot ' || (i % 40) || ' ' || (ARRAY['korangi','biyagama','tan tao','wenzhou'])[1 + i % 4] || ' road' END,
         (ARRAY['CN','VN','BD','PK',NULL])[1 + i % 5])
  FROM generate_series($1, $2) i;"
}
q -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd CASCADE" \
  -c "CREATE TABLE public.reg (id int PRIMARY KEY, fac hredd.facility)" -c "$(rows 1 3000)" \
  -c "CREATE INDEX reg_gist ON public.reg USING gist (fac)" -c "ANALYZE public.reg"

# the package upgrade: this checkout's library replaces the old one
(cd / && runuser -u postgres -- "$inst$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null)
make -C "$root" -s PG_CONFIG="$PG_CONFIG" install DESTDIR="$inst" >/dev/null
start

fail() { echo "gist_format: $*"; exit 1; }
# the queries: some rows as typed again, and names in no row
queries="SELECT id AS qid, hredd.facility(hredd.facility_name(fac) || CASE WHEN id % 2 = 0 THEN ' ltd' ELSE 's' END,
                                  hredd.facility_address(fac), hredd.facility_country(fac)::text) AS q
           FROM public.reg WHERE id % 250 = 7
         UNION ALL SELECT 0, hredd.facility('Zhenghao Garment', NULL, 'CN')
         UNION ALL SELECT -1, hredd.facility('nothing like it', 'plot 9 korangi road', 'PK')"
answers() { # scan settings; prints the top-5 distances and the % pairs of every query
	q -c "$1" -c "
WITH qs AS ($queries)
SELECT 'knn', qid, string_agg(round(d::numeric, 9)::text, ' ' ORDER BY d) FROM qs,
       LATERAL (SELECT r.fac <-> qs.q AS d FROM public.reg r ORDER BY r.fac <-> qs.q LIMIT 5) x GROUP BY qid
UNION ALL
SELECT 'similar', qid, string_agg(r.id::text, ' ' ORDER BY r.id) FROM qs JOIN public.reg r ON r.fac % qs.q GROUP BY qid
ORDER BY 1, 2"
}
plan() { q -c "SET enable_seqscan = off" -c "EXPLAIN (COSTS OFF) SELECT id FROM public.reg ORDER BY fac <-> hredd.facility('x', NULL, 'CN') LIMIT 5" | grep -c reg_gist || true; }
format() { # the output of the root's first key, and of a leaf's
	q -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS pageinspect"
	q -c "SELECT (SELECT keys FROM gist_page_items(get_raw_page('public.reg_gist', 0), 'public.reg_gist') LIMIT 1),
	             (SELECT keys FROM gist_page_items(get_raw_page('public.reg_gist', 1), 'public.reg_gist') LIMIT 1)"
}
check() { # what
	local seq idx
	seq=$(answers "SET enable_indexscan = off; SET enable_bitmapscan = off")
	idx=$(answers "SET enable_seqscan = off")
	[ "$(plan)" -ge 1 ] || fail "$1: the GiST index is not used"
	[ "$(echo "$seq" | grep -c '^similar')" -ge 5 ] || fail "$1: too few queries with similar rows to tell anything"
	[ "$seq" = "$idx" ] || { diff <(echo "$seq") <(echo "$idx") | head -20; fail "$1: the index answers differently"; }
	echo "gist_format: $1: $(echo "$idx" | wc -l) answers as a sequential scan gives them; keys: $(format)"
}
case "$(format)" in *"signature("*|*"leaf("*) ;; *) fail "the old library did not build format-1 keys: $(format)";; esac
check "format-1 index read by this library"
q -c "$(rows 3001 6000)" -c "ANALYZE public.reg"
check "format-1 index after 3,000 inserts (format-2 leaves)"
q -c "REINDEX INDEX public.reg_gist"
case "$(format)" in *"signature2("*"leaf2("*) ;; *) fail "REINDEX did not build format-2 keys: $(format)";; esac
check "after REINDEX"
echo "gist_format: ok"
