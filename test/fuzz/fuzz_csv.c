/*
 * fuzz_csv.c — the CSV reader of the Open Supply Hub file loader
 * (csv_core.c): no crash, no read outside the bytes given; every field
 * within its record and no longer unescaped; a record read before the end
 * of the file is the same record, or "more"; and for every place a block
 * could start, the record start found from the quotes' parity alone is the
 * first one at or after it of a reading from the start, with the same
 * newlines before it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/supply/csv_core.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)
#define MAXF 8

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* (a copy of exactly size bytes: ASan catches a read past it) */
	char	   *s = malloc(size ? size : 1);
	size_t	   *starts = malloc((size + 1) * sizeof(size_t));
	size_t	   *lines = malloc((size + 1) * sizeof(size_t));
	char	   *out = malloc(size + 1);
	size_t		nstarts = 0,
				pos = 0,
				line = 0;

	memcpy(s, data, size);
	for (;;)
	{
		CsvField	f[MAXF],
					g[MAXF];
		int			nf,
					ng;
		size_t		used,
					nl,
					used2,
					nl2;
		CsvStatus	st = CsvReadRecord(s + pos, size - pos, true, f, MAXF, &nf, &used, &nl);
		uint64_t	q,
					n;

		FUZZ_ASSERT(st != CSV_NEED_MORE);
		if (st != CSV_RECORD || used == 0)
			break;
		FUZZ_ASSERT(pos + used <= size && nf <= MAXF);
		CsvCount(s + pos, used, &q, &n);
		FUZZ_ASSERT(n == nl);
		for (int i = 0; i < nf; i++)
		{
			FUZZ_ASSERT(f[i].off + f[i].len <= used);
			if (f[i].kind == CSV_NULL)
				FUZZ_ASSERT(f[i].len == 0);
			if (f[i].kind == CSV_ESCAPED)
				FUZZ_ASSERT(CsvUnescape(s + pos + f[i].off, f[i].len, out) <= f[i].len);
		}
		/* the same bytes, the file going on after them: the same record or "more" */
		st = CsvReadRecord(s + pos, used, false, g, MAXF, &ng, &used2, &nl2);
		FUZZ_ASSERT(st == CSV_RECORD || st == CSV_NEED_MORE);
		if (st == CSV_RECORD)
		{
			FUZZ_ASSERT(ng == nf && used2 == used && nl2 == nl);
			for (int i = 0; i < nf; i++)
				FUZZ_ASSERT(g[i].off == f[i].off && g[i].len == f[i].len && g[i].kind == f[i].kind);
		}
		else
			FUZZ_ASSERT(s[pos + used - 1] != '\n');	/* only a record that the end of the file ended */
		pos += used;
		line += nl;
		if (pos < size)
		{
			starts[nstarts] = pos;
			lines[nstarts++] = line;
		}
	}
	for (size_t k = 1; k < size && nstarts > 0; k++)
	{
		uint64_t	q,
					nl;
		size_t		start,
					snl,
					want = nstarts;
		bool		found;

		/* (only where the reading went: it may stop at a bad record) */
		if (k > starts[nstarts - 1])
			break;
		CsvCount(s, k - 1, &q, &nl);
		found = CsvRecordStart(s + k - 1, size - k + 1, (q & 1) != 0, &start, &snl);
		for (size_t i = 0; i < nstarts && want == nstarts; i++)
			if (starts[i] >= k)
				want = i;
		FUZZ_ASSERT(want < nstarts && found);
		FUZZ_ASSERT(k - 1 + start == starts[want] && nl + snl == lines[want]);
	}
	free(s);
	free(starts);
	free(lines);
	free(out);
	return 0;
}
