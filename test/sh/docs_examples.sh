#!/usr/bin/env bash
# The SQL examples in README.md and docs/*.md run: each file's ```sql blocks
# run in order, in a fresh database, and must not fail; each ```sql error
# block must fail with an ERROR.  The database has search_path = public, hredd,
# as the docs recommend.
set -euo pipefail
cd "$(dirname "$0")/../.."
fails=0
for md in README.md docs/*.md; do
	db=hredd_docs
	psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" \
		-c "ALTER DATABASE $db SET search_path = public, hredd"
	n=0
	# blocks, one per file, NUL-separated: first line is the fence info
	while IFS= read -r -d '' block; do
		info=${block%%$'\n'*}
		body=${block#*$'\n'}
		n=$((n + 1))
		if [ "$info" = "sql error" ]; then
			out=$(printf '%s\n' "$body" | psql -X -q -d $db -v ON_ERROR_STOP=0 2>&1 || true)
			if ! grep -q 'ERROR:' <<<"$out"; then
				echo "docs: $md block $n was expected to fail but did not"; fails=1
			fi
		else
			if ! out=$(printf 'SET client_min_messages = warning;\n%s\n' "$body" | psql -X -q -d $db -v ON_ERROR_STOP=1 2>&1 >/dev/null); then
				echo "docs: $md block $n failed:"; echo "$out"; fails=1
			fi
		fi
	done < <(awk '
		/^```sql/ { inb = 1; info = substr($0, 4); buf = info "\n"; next }
		/^```/ && inb { printf "%s%c", buf, 0; inb = 0; next }
		inb { buf = buf $0 "\n" }' "$md")
	echo "docs: $md: $n SQL blocks checked"
	psql -X -q -c "DROP DATABASE $db"
done
exit $fails
