/*
 * test_csv.c — unit tests of the CSV reader of the Open Supply Hub file
 * loader (src/supply/csv_core.c): records as COPY (FORMAT csv) reads them,
 * and a block's first record found from the quotes' parity alone, at every
 * place a block could start.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "../../src/supply/csv_core.h"
#include "unit.h"

/* every record of s: fields joined with '|', NULL as <N>, records as [..]; or the status that stopped it */
static void
Records(const char *s, size_t n, bool at_eof, char *out)
{
	CsvField	f[16];
	size_t		pos = 0;

	out[0] = '\0';
	for (;;)
	{
		int			nf;
		size_t		used,
					nl;
		CsvStatus	st = CsvReadRecord(s + pos, n - pos, at_eof, f, 16, &nf, &used, &nl);

		if (st == CSV_NEED_MORE)
		{
			strcat(out, "<more>");
			return;
		}
		if (st == CSV_UNTERMINATED)
		{
			strcat(out, "<unterminated>");
			return;
		}
		if (st == CSV_TOO_MANY_FIELDS)
		{
			strcat(out, "<too many>");
			return;
		}
		if (used == 0)
			return;
		if (nf > 0)
		{
			strcat(out, "[");
			for (int i = 0; i < nf; i++)
			{
				char		v[256];
				size_t		vn;

				if (i > 0)
					strcat(out, "|");
				if (f[i].kind == CSV_NULL)
				{
					strcat(out, "<N>");
					continue;
				}
				if (f[i].kind == CSV_SLICE)
					memcpy(v, s + pos + f[i].off, vn = f[i].len);
				else
					vn = CsvUnescape(s + pos + f[i].off, f[i].len, v);
				v[vn] = '\0';
				strcat(out, v);
			}
			strcat(out, "]");
		}
		pos += used;
	}
}

#define RECORDS(in, want) \
	do { char o_[1024]; Records((in), strlen(in), true, o_); CHECK_STR(o_, (want)); } while (0)

/*
 * For every place k a block could start in s: the record start found from
 * the parity of the quotes before k - 1 is the first one at or after k of a
 * reading from the start, with the same newlines before it.
 */
static void
Blocks(const char *s)
{
	size_t		n = strlen(s);
	size_t		starts[256],
				lines[256];
	int			nstarts = 0;
	size_t		pos = 0,
				line = 0;

	/* the record starts (empty lines too) of a reading from the start */
	for (;;)
	{
		CsvField	f[16];
		int			nf;
		size_t		used,
					nl;

		if (CsvReadRecord(s + pos, n - pos, true, f, 16, &nf, &used, &nl) != CSV_RECORD || used == 0)
			break;
		pos += used;
		line += nl;
		if (pos < n)
		{
			starts[nstarts] = pos;
			lines[nstarts++] = line;
		}
	}
	for (size_t k = 1; k < n; k++)
	{
		uint64_t	q,
					nl;
		size_t		start,
					snl;
		bool		found;
		int			want = -1;

		CsvCount(s, k - 1, &q, &nl);
		found = CsvRecordStart(s + k - 1, n - k + 1, (q & 1) != 0, &start, &snl);
		for (int i = 0; i < nstarts && want < 0; i++)
			if (starts[i] >= k)
				want = i;
		if (want < 0)
			CHECK(!found || k - 1 + start >= n);
		else
		{
			CHECK(found);
			if (found)
			{
				CHECK(k - 1 + start == starts[want]);
				CHECK(nl + snl == lines[want]);
			}
		}
	}
}

int
main(void)
{
	char		o[1024];
	CsvField	f[4];
	int			nf;
	size_t		used,
				nl;
	uint64_t	q,
				n;

	/* fields, NULL and empty, quotes */
	RECORDS("a,b,c\n", "[a|b|c]");
	RECORDS("a,,c\n", "[a|<N>|c]");
	RECORDS("a,\"\",c\n", "[a||c]");
	RECORDS(",\n", "[<N>|<N>]");
	RECORDS("\"a,b\",c\n", "[a,b|c]");
	RECORDS("\"say \"\"hi\"\"\",x\n", "[say \"hi\"|x]");
	RECORDS("\"\"\"\"\n", "[\"]");
	/* a quote anywhere starts quoting, as COPY reads it */
	RECORDS("ab\"c,d\"e,f\n", "[abc,de|f]");
	/* newlines inside quotes are data; CRLF ends a record */
	RECORDS("\"l1\nl2\",x\ny,z\n", "[l1\nl2|x][y|z]");
	RECORDS("a,b\r\nc,d\r\n", "[a|b][c|d]");
	RECORDS("a,\"b\"\r\nc,\"d\r\"\r\n", "[a|b][c|d\r]");
	RECORDS("a,b\rc\n", "[a|b\rc]");
	/* empty lines are no records; the last record needs no newline */
	RECORDS("a\n\n\r\nb\n", "[a][b]");
	RECORDS("a,b\nc,d", "[a|b][c|d]");
	RECORDS("", "");
	RECORDS("\n", "");
	/* the end of the file inside quotes */
	RECORDS("a,\"b\nc", "<unterminated>");
	RECORDS("\"", "<unterminated>");
	/* before the end of the file: a record that may go on needs more */
	Records("a,b", 3, false, o);
	CHECK_STR(o, "<more>");
	Records("a,b\nc", 5, false, o);
	CHECK_STR(o, "[a|b]<more>");
	Records("a,\"b\"", 5, false, o);	/* (a doubled quote may follow) */
	CHECK_STR(o, "<more>");
	Records("a\r", 2, false, o);
	CHECK_STR(o, "<more>");
	/* too many fields */
	CHECK(CsvReadRecord("a,b,c,d,e\n", 10, true, f, 4, &nf, &used, &nl) == CSV_TOO_MANY_FIELDS);
	CHECK(CsvReadRecord("a,b,c,d\n", 8, true, f, 4, &nf, &used, &nl) == CSV_RECORD && nf == 4 && used == 8);
	/* newlines counted with those inside quotes */
	CHECK(CsvReadRecord("\"a\n\nb\",c\nz", 10, true, f, 4, &nf, &used, &nl) == CSV_RECORD && nl == 3 && used == 9);
	/* kinds: a simple quoted field is a slice, others are unescaped */
	CHECK(CsvReadRecord("\"abc\",\"a\"\"b\",x\n", 15, true, f, 4, &nf, &used, &nl) == CSV_RECORD && nf == 3);
	CHECK(f[0].kind == CSV_SLICE && f[0].off == 1 && f[0].len == 3);
	CHECK(f[1].kind == CSV_ESCAPED && f[2].kind == CSV_SLICE);

	CsvCount("a\"b\n\"\n", 6, &q, &n);
	CHECK(q == 2 && n == 2);
	CsvCount("", 0, &q, &n);
	CHECK(q == 0 && n == 0);

	/* a block's first record, at every place a block could start */
	Blocks("os_id,name\nA1,\"x, \"\"y\"\"\nz\"\nA2,\"\"\n\nA3,\"\n\"\"\n\"\r\nA4,w\"q\nr\"s\n\"\"\"\"\nA5,e");
	Blocks("a\nb\nc\n");
	Blocks("\"\n\",\"\n\"\n\"\n\"\n");
	Blocks("x\n\"\"\"\n\"\"\"\n\"\",\"\"\ny\n");

	UNIT_DONE("test_csv");
}
