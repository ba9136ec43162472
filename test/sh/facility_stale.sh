#!/usr/bin/env bash
# Stored facility values stay true across the 0.1.0 -> 0.2.0 upgrade.
#
# A private cluster runs hredd 0.1.0's own library, built from the release
# commit, and stores facilities (a generated column with a btree index, and a
# plain column).  Then this checkout's library replaces it, as a package
# upgrade does.  Every use of a stored value is refused with the message that
# names hredd.facility_upgrade; the 0.1.0->0.2.0 part file (applied here by
# hand: this branch has no 0.2.0 script yet) warns about each such column and
# adds facility_upgrade; after CALL hredd.facility_upgrade the values equal
# fresh ones and the index finds them.
# Runs its own cluster (the one run-db-tests.sh gives is not used); needs root.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
REL=9afca2c   # hredd 0.1.0 as released
if [ "$(id -u)" != 0 ]; then echo "facility_stale: skipped (needs root for a private cluster)"; exit 0; fi
if ! git cat-file -e "$REL^{commit}" 2>/dev/null; then
	echo "facility_stale: skipped (the 0.1.0 release commit $REL is not in this clone)"; exit 0
fi
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$($PG_CONFIG --bindir); lib=$($PG_CONFIG --pkglibdir); share=$($PG_CONFIG --sharedir)
work=$(mktemp -d /tmp/hredd-stale.XXXXXX); inst=$work/inst; data=$work/data
cleanup() { rc=$?; (cd / && runuser -u postgres -- "$inst$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1) || true
            rm -rf "$work"; exit $rc; }
trap cleanup EXIT

# hredd 0.1.0, built from the release commit, in a private copy of the installation
mkdir -p "$work/old"
git archive "$REL" | tar -x -C "$work/old"
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

q -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd CASCADE" -c "
CREATE TABLE public.supplier (
    id int PRIMARY KEY, name text, address text, country text,
    f hredd.facility GENERATED ALWAYS AS (hredd.facility(name, address, country)) STORED,
    g hredd.facility);
CREATE INDEX supplier_f ON public.supplier (f);
CREATE INDEX supplier_f_gin ON public.supplier USING gin (f);
INSERT INTO public.supplier (id, name, address, country) VALUES
    (1, 'Roi Et Garment', 'Roi Et', 'TH'),
    (2, 'Binh Duong Shoes', 'Binh Duong', 'VN'),
    (3, 'Alpha Textile', '12 Duong Le Loi', 'VN');
UPDATE public.supplier SET g = f;"
old=$(q -c "SELECT string_agg(f::text, ' ' ORDER BY id) FROM public.supplier")
echo "facility_stale: stored by 0.1.0: $old"

# the package upgrade: this checkout's library and scripts replace 0.1.0's
(cd / && runuser -u postgres -- "$inst$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null)
make -C "$root" -s PG_CONFIG="$PG_CONFIG" install DESTDIR="$inst" >/dev/null
start

fail() { echo "facility_stale: $*"; exit 1; }
expect_error() {   # SQL, the exact first line of the error
	local got
	got=$(q -c "$1" 2>&1 >/dev/null | head -1) && true
	[ "$got" = "$2" ] || fail "$1: got '$got', expected '$2'"
}
msg='ERROR:  facility value "roi garment" was normalised by an older hredd (normaliser version 1; this hredd is version 2)'
expect_error "SELECT f = hredd.facility(name, address, country) FROM public.supplier WHERE id = 1" "$msg"
expect_error "SELECT hredd.match_score(f, hredd.facility('Roi Et Garment', 'Roi Et', 'TH')) FROM public.supplier WHERE id = 1" "$msg"
expect_error "SELECT f < g FROM public.supplier WHERE id = 2" \
	'ERROR:  facility value "binh duong shoe" was normalised by an older hredd (normaliser version 1; this hredd is version 2)'
# a GIN index built by 0.1.0 (its keys of another format) still leads a search
# to the stored value, which is refused: not an empty answer
expect_error "SET enable_seqscan = off; SELECT id FROM public.supplier WHERE f OPERATOR(hredd.%) hredd.facility('Roi Et Garment', 'Roi Et', 'TH')" "$msg"
hint=$(q -c "SELECT f = f FROM public.supplier WHERE id = 1" 2>&1 | grep HINT || true)
[ "$hint" = "HINT:  Recompute the stored values and their indexes: CALL hredd.facility_upgrade('your_table'); hredd.facility_is_stale(column) finds them." ] \
	|| fail "hint: $hint"
# text output still reads them (pg_dump)
[ "$(q -c "SELECT string_agg(f::text, ' ' ORDER BY id) FROM public.supplier")" = "$old" ] || fail "output of stale values changed"

# the upgrade part: names every column, then adds facility_upgrade
# (its "-- @install-fragment" line expanded as scripts/build-sql.sh does)
warn=$(awk '/^-- @install-fragment / { while ((getline l < $3) > 0) if (l !~ /^\\echo Use/) print l; next } { print }' \
		src/sql/updates/0.1.0--0.2.0/10-fold-countries.sql | sed "s|MODULE_PATHNAME|\$libdir/hredd|g" | q 2>&1 >/dev/null | grep WARNING)
[ "$warn" = "WARNING:  hredd 0.2.0 normalises facilities differently: the values of supplier (f, g) are refused until you run CALL hredd.facility_upgrade('supplier')" ] \
	|| fail "upgrade warning: $warn"
[ "$(q -c "SELECT count(*) FILTER (WHERE hredd.facility_is_stale(f)), count(*) FILTER (WHERE hredd.facility_is_stale(g)) FROM public.supplier")" = "3|3" ] \
	|| fail "facility_is_stale does not find the stored values"

q -c "CALL hredd.facility_upgrade('supplier')"
[ "$(q -c "SELECT count(*) FROM public.supplier WHERE f = hredd.facility(name, address, country) AND NOT hredd.facility_is_stale(g)")" = 3 ] \
	|| fail "after facility_upgrade the generated column differs from fresh values"
[ "$(q -c "SET enable_seqscan = off" -c "SELECT id FROM public.supplier WHERE f = hredd.facility('Roi Et Garment', 'Roi Et', 'TH')")" = 1 ] \
	|| fail "the index does not find a recomputed value"
gin=$(q -c "SET enable_seqscan = off" -c "EXPLAIN (COSTS OFF) SELECT id FROM public.supplier WHERE f OPERATOR(hredd.%) hredd.facility('Roi Et Garment', 'Roi Et', 'TH')" | grep -c supplier_f_gin || true)
[ "$gin" -ge 1 ] && [ "$(q -c "SET enable_seqscan = off" -c "SELECT string_agg(id::text, ',') FROM public.supplier WHERE f OPERATOR(hredd.%) hredd.facility('Roi Et Garment', 'Roi Et', 'TH')")" = 1 ] \
	|| fail "the GIN index, rebuilt by facility_upgrade, does not find a recomputed value"
new=$(q -c "SELECT string_agg(f::text, ' ' ORDER BY id) FROM public.supplier")
echo "facility_stale: recomputed:     $new"
# (what 0.1.0 dropped from a column with no source is not recovered: "roi", "binh st")
echo "facility_stale: the plain column, normalised again from its stored text: $(q -c "SELECT string_agg(g::text, ' ' ORDER BY id) FROM public.supplier")"
echo "facility_stale: ok"
