/*
 * test_osh_items.c — unit tests of the Open Supply Hub multi-value splitter
 * (src/supply/osh_items_core.c), against a naive reference written here.
 */
#include <stdlib.h>

#include "../../src/supply/osh_items.h"
#include "unit.h"

/* the items joined with ',' (for comparison), and the empty count */
static void
Split(const char *s, char *outbuf, size_t *empty)
{
	size_t		n = strlen(s);
	size_t		max = OshItemsMax(s, n);
	OshItem    *items = malloc(max * sizeof(OshItem));
	size_t	   *scratch = malloc(2 * max * sizeof(size_t));
	size_t		k = OshItemsSplit(s, n, items, scratch, empty);

	outbuf[0] = '\0';
	for (size_t i = 0; i < k; i++)
	{
		if (i > 0)
			strcat(outbuf, ",");
		strncat(outbuf, s + items[i].off, items[i].len);
	}
	free(items);
	free(scratch);
}

/* the reference: split, trim spaces, drop empties and repeats in O(k^2) */
static void
Naive(const char *s, char *outbuf, size_t *empty)
{
	char		seen[64][64];
	size_t		nseen = 0,
				nempty = 0;
	const char *p = s;
	int			multi = strchr(s, '|') != NULL;

	outbuf[0] = '\0';
	for (;;)
	{
		const char *e = strchr(p, '|');
		size_t		len = e ? (size_t) (e - p) : strlen(p);
		const char *b = p;
		char		item[64];
		int			dup = 0;

		while (len > 0 && *b == ' ')
			b++, len--;
		while (len > 0 && b[len - 1] == ' ')
			len--;
		memcpy(item, b, len);
		item[len] = '\0';
		if (len == 0)
			nempty += multi;
		else
		{
			for (size_t i = 0; i < nseen; i++)
				dup |= strcmp(seen[i], item) == 0;
			if (!dup)
			{
				strcpy(seen[nseen++], item);
				if (outbuf[0])
					strcat(outbuf, ",");
				strcat(outbuf, item);
			}
		}
		if (!e)
			break;
		p = e + 1;
	}
	*empty = nempty;
}

int
main(void)
{
	const char *cases[] = {"", " ", "a", " a ", "a|b", "a||b", "|", " | ", "a|", "|a", "b|a|b|a|c|b",
		"ab|a|abc|a", "a\t|a", "Apparel|Textiles", "Apparel | Textiles | Apparel", "x|x|x|x|x|x|x|x|x|y",
		"c|b|a|c|b|a", "  z  ||  z|", "a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|a|b"};
	char		got[512],
				want[512];
	size_t		e1,
				e2;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		Split(cases[i], got, &e1);
		Naive(cases[i], want, &e2);
		CHECK_STR(got, want);
		CHECK(e1 == e2);
	}
	Split("a||b|", got, &e1);
	CHECK_STR(got, "a,b");
	CHECK(e1 == 2);
	Split("   ", got, &e1);
	CHECK_STR(got, "");
	CHECK(e1 == 0);				/* no bar: a blank field is no item, not an empty one */
	CHECK(OshItemsMax("a|b||", 5) == 4);

	/* pseudo-random fields over a small alphabet, against the reference */
	{
		unsigned	seed = 12345;
		const char	alpha[] = "ab |";

		for (int round = 0; round < 20000; round++)
		{
			char		s[40];
			int			len = (int) ((seed = seed * 1103515245u + 12345u) >> 16) % 39;

			for (int i = 0; i < len; i++)
				s[i] = alpha[((seed = seed * 1103515245u + 12345u) >> 16) % 4];
			s[len] = '\0';
			Split(s, got, &e1);
			Naive(s, want, &e2);
			CHECK(strcmp(got, want) == 0 && e1 == e2);
		}
	}
	UNIT_DONE("test_osh_items");
}
