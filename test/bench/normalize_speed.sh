#!/usr/bin/env bash
# normalize_speed.sh — the facility normaliser (MatchNormalize,
# src/match/normalize.c) against a named baseline, in one process: the
# normalize.c of git revision BASE (default 617f21a5, the last to run every
# text through all four steps twice) compiled under another name in a
# scratch directory (never part of the build), over every facility name and
# address of ../shared/data/matching (test/bench/normalize_corpus.py).
#
#   test/bench/normalize_speed.sh          time both (CPU time per record,
#                                          best of ROUNDS alternated rounds)
#   CHECK=1 test/bench/normalize_speed.sh  also check that both give the same
#                                          status and bytes for every record
#                                          (as name and address, its country,
#                                          unknown and 28 others), every word
#                                          list entry, the fuzz seeds and
#                                          SEEDED random texts of list words
#   FUZZ=300 test/bench/normalize_speed.sh also fuzz both for 300 s with
#                                          libFuzzer (normalize_diff_fuzz.c:
#                                          same status and bytes, idempotent),
#                                          from the fuzz seeds and the corpus
# Environment: SHARED_DATA (default ../shared/data), BASE, ROUNDS (5),
# CHECK (0), SEEDED (200000), FUZZ (0), CC (gcc), CFLAGS (-O2, as the extension).
# Without the shared data or git it says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${SHARED_DATA:-$(cd .. && pwd)/shared/data}
BASE=${BASE:-617f21a5bbadcc9a7340fe5e72735c15b51b3320}
ROUNDS=${ROUNDS:-5}
CC=${CC:-gcc}
CFLAGS=${CFLAGS:--O2}
if [ ! -d "$data/matching" ]; then
	echo "normalize_speed: $data/matching absent, skipped"
	exit 0
fi
if ! git cat-file -e "$BASE:src/match/normalize.c" 2>/dev/null; then
	echo "normalize_speed: git revision $BASE not available, skipped"
	exit 0
fi
work=$(mktemp -d /tmp/hredd-norm-speed.XXXXXX)
trap 'rm -rf "$work"' EXIT
git show "$BASE:src/match/normalize.c" > "$work/normalize_base.c"
pure="src/common/fold.c src/ids/id_common.c src/ids/country_core.c"
# the baseline: its own statics, its entry points renamed; today's headers and lists
$CC -std=gnu11 $CFLAGS -iquote src/match -DMatchNormalize=MatchNormalizeOld \
	-DMatchIsNumber=MatchIsNumberOld -c "$work/normalize_base.c" -o "$work/base.o"
$CC -std=gnu11 $CFLAGS -Wall -Wextra -o "$work/normalize_speed" test/bench/normalize_speed.c \
	src/match/normalize.c "$work/base.o" $pure -lm
python3 test/bench/normalize_corpus.py "$data" > "$work/corpus.bin"
echo "baseline: src/match/normalize.c at $(git rev-parse --short "$BASE"); new: the working tree; $CC $CFLAGS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${CHECK:-0}" = 1 ]; then
	"$work/normalize_speed" check "$work/corpus.bin" test/fuzz/corpus/match/* test/fuzz/corpus/facility/*
fi
"$work/normalize_speed" bench "$work/corpus.bin" "$ROUNDS"
if [ "${FUZZ:-0}" != 0 ]; then
	fz="clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -std=gnu11"
	$fz -iquote src/match -DMatchNormalize=MatchNormalizeOld -DMatchIsNumber=MatchIsNumberOld \
		-c "$work/normalize_base.c" -o "$work/base_fuzz.o"
	$fz -o "$work/normalize_diff_fuzz" test/bench/normalize_diff_fuzz.c src/match/normalize.c \
		"$work/base_fuzz.o" $pure -lm
	mkdir -p "$work/fuzz_corpus" "$work/fuzz_seeds"
	# seeds: the fuzz seeds, and a sample of the records (field byte + text)
	cp test/fuzz/corpus/match/* test/fuzz/corpus/facility/* "$work/fuzz_seeds/"
	python3 - "$work/corpus.bin" "$work/fuzz_seeds" <<-'PY'
		import sys
		parts = open(sys.argv[1], "rb").read().split(b"\0")
		for i in range(0, len(parts) - 2, 3 * 37):
		    kind, text = parts[i], parts[i + 2]
		    open("%s/r%d" % (sys.argv[2], i), "wb").write(bytes([(i // 3) % 32 & ~1 | (kind == b"A")]) + text)
	PY
	rc=0
	"$work/normalize_diff_fuzz" -max_total_time="$FUZZ" -max_len=600 -print_final_stats=1 \
		"$work/fuzz_corpus" "$work/fuzz_seeds" > "$work/fuzz.log" 2>&1 || rc=$?
	grep -E "stat::number_of_executed_units|Done|ERROR|SUMMARY|normalize_diff_fuzz" "$work/fuzz.log" || true
	echo "normalize_diff_fuzz: exit $rc after ${FUZZ}s"
	[ "$rc" = 0 ] || { tail -n 30 "$work/fuzz.log"; exit 1; }
fi
