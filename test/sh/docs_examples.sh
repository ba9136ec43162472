#!/usr/bin/env bash
# The SQL examples in README.md and docs/*.md run: each file's ```sql blocks
# run in order, in a fresh database, and must not fail; each ```sql error
# block must fail with an ERROR.  Then every file's blocks run once more, all
# in ONE database, README first and the docs in name order, as a reader who
# follows them all would: examples must compose (no two create the same
# table).  The databases have search_path = "$user", public, hredd, as the
# docs recommend.
set -euo pipefail
cd "$(dirname "$0")/../.."
fails=0
files=(README.md docs/*.md)

fresh_db() {
	psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" \
		-c "ALTER DATABASE $1 SET search_path = \"\$user\", public, hredd"
}

# run_blocks DB FILE LABEL: runs FILE's sql blocks in DB; returns the count in $n
run_blocks() {
	local db=$1 md=$2 label=$3 info body out
	n=0
	# blocks, one per file, NUL-separated: first line is the fence info
	while IFS= read -r -d '' block; do
		info=${block%%$'\n'*}
		body=${block#*$'\n'}
		n=$((n + 1))
		if [ "$info" = "sql error" ]; then
			out=$(printf '%s\n' "$body" | psql -X -q -d "$db" -v ON_ERROR_STOP=0 2>&1 || true)
			if ! grep -q 'ERROR:' <<<"$out"; then
				echo "docs: $md block $n ($label) was expected to fail but did not"; fails=1
			fi
		else
			if ! out=$(printf 'SET client_min_messages = warning;\n%s\n' "$body" | psql -X -q -d "$db" -v ON_ERROR_STOP=1 2>&1 >/dev/null); then
				echo "docs: $md block $n ($label) failed:"; echo "$out"; fails=1
			fi
		fi
	done < <(awk '
		/^```sql/ { inb = 1; info = substr($0, 4); buf = info "\n"; next }
		/^```/ && inb { printf "%s%c", buf, 0; inb = 0; next }
		inb { buf = buf $0 "\n" }' "$md")
}

for md in "${files[@]}"; do
	fresh_db hredd_docs
	run_blocks hredd_docs "$md" "alone"
	echo "docs: $md: $n SQL blocks checked"
	psql -X -q -c "DROP DATABASE hredd_docs"
done

fresh_db hredd_docs_all
total=0
for md in "${files[@]}"; do
	run_blocks hredd_docs_all "$md" "after the files before it, in one database"
	total=$((total + n))
done
echo "docs: all ${#files[@]} files' $total SQL blocks in one database, in order"
psql -X -q -c "DROP DATABASE hredd_docs_all"
exit $fails
