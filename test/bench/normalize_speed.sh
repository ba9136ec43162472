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
# Environment: SHARED_DATA (default ../shared/data), BASE, ROUNDS (5),
# CHECK (0), SEEDED (200000), CC (gcc), CFLAGS (-O2, as the extension).
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
