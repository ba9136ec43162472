/*
 * csv_core.c — CSV records as COPY (FORMAT csv) reads them; see csv_core.h.
 */
#include "csv_core.h"

#include <string.h>

/* the bytes that end a run of plain data: quote, delimiter, newline */
static const bool csv_special[256] = {['"'] = true, [','] = true, ['\n'] = true};

CsvStatus
CsvReadRecord(const char *p, size_t n, bool at_eof, CsvField *fields, int maxfields, int *nfields,
			  size_t *used, size_t *newlines)
{
	size_t		i = 0;
	size_t		nl = 0;
	int			nf = 0;

	*nfields = 0;
	*used = 0;
	*newlines = 0;
	if (n == 0)
		return at_eof ? CSV_RECORD : CSV_NEED_MORE;
	/* an empty line ("\n" or "\r\n") is no record */
	if (p[0] == '\n' || (p[0] == '\r' && n > 1 && p[1] == '\n'))
	{
		*used = p[0] == '\n' ? 1 : 2;
		*newlines = 1;
		return CSV_RECORD;
	}
	for (;;)
	{
		size_t		start = i;
		size_t		end;
		int			quotes = 0;
		bool		in_quotes = false;
		bool		last = false;	/* the field ends the record */

		for (;;)
		{
			if (i >= n)
			{
				if (!at_eof)
					return CSV_NEED_MORE;
				if (in_quotes)
					return CSV_UNTERMINATED;
				last = true;
				end = i;
				break;
			}
			if (in_quotes)
			{
				const char *q = memchr(p + i, '"', n - i);

				if (q == NULL)
				{
					/* (the newlines inside quotes count) */
					for (size_t k = i; k < n; k++)
						nl += p[k] == '\n';
					i = n;
					continue;
				}
				for (const char *k = p + i; k < q; k++)
					nl += *k == '\n';
				i = (size_t) (q - p);
				if (i + 1 >= n && !at_eof)
					return CSV_NEED_MORE;	/* a doubled quote or the end of quoting */
				if (i + 1 < n && p[i + 1] == '"')
				{
					quotes += 2;
					i += 2;
					continue;
				}
				in_quotes = false;
				quotes++;
				i++;
				continue;
			}
			while (i < n && !csv_special[(unsigned char) p[i]])
				i++;
			if (i >= n)
				continue;
			if (p[i] == '"')
			{
				in_quotes = true;
				quotes++;
				i++;
				continue;
			}
			end = i;
			last = p[i] == '\n';
			if (last)
				nl++;
			i++;
			break;
		}
		/* the "\r" of a "\r\n" (outside quotes) */
		if (last && end > start && p[end - 1] == '\r' && end < n && p[end] == '\n')
			end--;
		if (nf == maxfields)
			return CSV_TOO_MANY_FIELDS;
		if (quotes == 0)
		{
			fields[nf].off = start;
			fields[nf].len = end - start;
			fields[nf].kind = end == start ? CSV_NULL : CSV_SLICE;
		}
		else if (quotes == 2 && p[start] == '"' && p[end - 1] == '"')
		{
			fields[nf].off = start + 1;
			fields[nf].len = end - start - 2;
			fields[nf].kind = CSV_SLICE;
		}
		else
		{
			fields[nf].off = start;
			fields[nf].len = end - start;
			fields[nf].kind = CSV_ESCAPED;
		}
		nf++;
		if (last)
			break;
	}
	*nfields = nf;
	*used = i;
	*newlines = nl;
	return CSV_RECORD;
}

size_t
CsvUnescape(const char *raw, size_t len, char *out)
{
	size_t		o = 0;
	bool		in_quotes = false;

	for (size_t i = 0; i < len; i++)
	{
		char		c = raw[i];

		if (c != '"')
			out[o++] = c;
		else if (in_quotes && i + 1 < len && raw[i + 1] == '"')
			out[o++] = '"', i++;
		else
			in_quotes = !in_quotes;
	}
	return o;
}

/* how many bytes c are in p[0..n) (memchr: quotes and newlines are rare, and it is vectorised) */
static uint64_t
CountByte(const char *p, size_t n, char c)
{
	const char *e = p + n;
	uint64_t	k = 0;

	while (p < e && (p = memchr(p, c, (size_t) (e - p))) != NULL)
		k++, p++;
	return k;
}

void
CsvCount(const char *p, size_t n, uint64_t *quotes, uint64_t *newlines)
{
	*quotes = CountByte(p, n, '"');
	*newlines = CountByte(p, n, '\n');
}

bool
CsvRecordStart(const char *p, size_t n, bool in_quotes, size_t *start, size_t *newlines)
{
	size_t		nl = 0;

	for (size_t i = 0; i < n; i++)
	{
		if (p[i] == '"')
			in_quotes = !in_quotes;
		else if (p[i] == '\n')
		{
			nl++;
			if (!in_quotes)
			{
				*start = i + 1;
				*newlines = nl;
				return true;
			}
		}
	}
	return false;
}
