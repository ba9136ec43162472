#!/usr/bin/env bash
# supply_osh_load_ab.sh — hredd.load_osh_download of two builds of hredd,
# alternated in one session of the machine, over the same download:
#   HREDD_PREFIX=/tmp/hredd-priv-NNNN test/bench/supply_osh_load_ab.sh /path/to/before-checkout /path/to/after-checkout
# Run inside a cluster (scripts/private-cluster.sh); HREDD_PREFIX is the
# DESTDIR of its private install (the /tmp/hredd-priv-* it made); each
# checkout must be built (make).  Each build is installed once (make install:
# its library and its SQL) and gets a database of its own with the extension
# created from its SQL and the download (supply_osh_lib.sh, ROWS records)
# copied into a table of text columns; then, RUNS rounds, which build goes
# first alternating: that build's hredd.so is put in place (by a rename) and
# a new session of its database times (a) a first load (the registry and the
# report emptied, CHECKPOINT before) and (b) a later load of the same
# download into the registry (a) wrote (every record unchanged).  The COPY
# is not timed: the load alone.  Prints the medians and after / before.
# Both registries must end the same (compared row for row, loaded_at aside).
# The after build is installed again at the end.
# Environment: ROWS (default 1000000), RUNS (3).
set -euo pipefail
before=$(cd "$1" && pwd)
after=$(cd "$2" && pwd)
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
: "${HREDD_PREFIX:?set HREDD_PREFIX to the DESTDIR of the private install}"
libdir=$(${PG_CONFIG:-pg_config} --pkglibdir)
# (the private install's own pg_config names the directory with its prefix)
case $libdir in "$HREDD_PREFIX"/*) ;; *) libdir=$HREDD_PREFIX$libdir ;; esac
lib=$libdir/hredd.so
for d in "$before" "$after"; do
	[ -f "$d/hredd.so" ] || { echo "no $d/hredd.so: build it first"; exit 1; }
done
export PGOPTIONS=${PGOPTIONS:-'-c client_min_messages=warning'}
work=$(mktemp -d /tmp/hredd-bench-osh-ab.XXXXXX)
chmod 777 "$work"
cleanup() {
	make -s -C "$after" install DESTDIR="$HREDD_PREFIX" >/dev/null || true
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS hredd_osh_ab_before" -c "DROP DATABASE IF EXISTS hredd_osh_ab_after" \
		>/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB=
. "$(dirname "$0")/supply_osh_lib.sh"

cols=$osh_cols
for b in before after; do
	dir=$before
	[ "$b" = after ] && dir=$after
	make -s -C "$dir" install DESTDIR="$HREDD_PREFIX" >/dev/null
	DB=hredd_osh_ab_$b
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
	q "CREATE EXTENSION hredd CASCADE"
	q "CREATE TABLE dl ($cols)"
	[ -f "$work/dl.csv" ] || supply_osh_csv "$work/dl.csv" "$ROWS"
	q "COPY dl FROM '$work/dl.csv' CSV HEADER"
	q "VACUUM ANALYZE dl"
done

put() {   # the build's library in place (a rename: running backends keep theirs)
	local dir=$before
	[ "$1" = after ] && dir=$after
	cp "$dir/hredd.so" "$lib.ab" && chmod 755 "$lib.ab" && mv "$lib.ab" "$lib"
}
fb=(); fa=(); lb=(); la=()
for r in $(seq "$RUNS"); do
	order="before after"
	[ $((r % 2)) = 0 ] && order="after before"
	for b in $order; do
		put "$b"
		DB=hredd_osh_ab_$b
		q "TRUNCATE hredd.osh_location; TRUNCATE hredd.osh_report; CHECKPOINT"
		t1=$(timed "\\timing on
SELECT * FROM hredd.load_osh_download('dl');")
		q "CHECKPOINT"
		t2=$(timed "\\timing on
SELECT * FROM hredd.load_osh_download('dl');")
		echo "supply_osh_load_ab: round $r $b: first load ${t1}s, later load ${t2}s"
		if [ "$b" = before ]; then fb+=("$t1"); lb+=("$t2"); else fa+=("$t1"); la+=("$t2"); fi
	done
done
put after
osh_dump hredd_osh_ab_after > "$work/after.txt"
put before
osh_dump hredd_osh_ab_before > "$work/before.txt"
if cmp -s "$work/before.txt" "$work/after.txt"; then
	echo "supply_osh_load_ab: registry and report rows of both builds identical ($(grep -c . "$work/after.txt") lines)"
else
	echo "supply_osh_load_ab: the registries or reports of the two builds differ:"
	diff "$work/before.txt" "$work/after.txt" | head -20
	exit 1
fi
m1b=$(median "${fb[@]}"); m1a=$(median "${fa[@]}"); m2b=$(median "${lb[@]}"); m2a=$(median "${la[@]}")
echo "supply_osh_load_ab: $ROWS records, median of $RUNS: first load ${m1b}s before, ${m1a}s after: $(awk -v a="$m1a" -v b="$m1b" 'BEGIN { printf "%.2f", a / b }')x"
echo "supply_osh_load_ab: $ROWS records, median of $RUNS: later load (every record unchanged) ${m2b}s before, ${m2a}s after: $(awk -v a="$m2a" -v b="$m2b" 'BEGIN { printf "%.2f", a / b }')x"
