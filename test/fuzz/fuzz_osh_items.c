/*
 * fuzz_osh_items.c — OshItemsSplit: no crash, no read outside the field;
 * every item is non-empty, trimmed, within the field, free of '|', and no
 * two items are equal; splitting the items joined again gives them back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/supply/osh_items.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	size_t		max = OshItemsMax(s, size);
	OshItem    *items = malloc(max * sizeof(OshItem));
	size_t	   *scratch = malloc(2 * max * sizeof(size_t));
	size_t		empty = 0;
	size_t		k = OshItemsSplit(s, size, items, scratch, &empty);
	char	   *joined;
	size_t		jn = 0;

	FUZZ_ASSERT(k <= max && k + empty <= max);
	joined = malloc(size + 1);
	for (size_t i = 0; i < k; i++)
	{
		FUZZ_ASSERT(items[i].len > 0 && items[i].off + items[i].len <= size);
		FUZZ_ASSERT(s[items[i].off] != ' ' && s[items[i].off + items[i].len - 1] != ' ');
		FUZZ_ASSERT(memchr(s + items[i].off, '|', items[i].len) == NULL);
		for (size_t j = 0; j < i; j++)
			FUZZ_ASSERT(items[j].len != items[i].len || memcmp(s + items[j].off, s + items[i].off, items[i].len) != 0);
		if (i > 0)
			joined[jn++] = '|';
		memcpy(joined + jn, s + items[i].off, items[i].len);
		jn += items[i].len;
	}
	/* the items joined again are their own items, with nothing empty */
	{
		size_t		max2 = OshItemsMax(joined, jn);
		OshItem    *again = malloc(max2 * sizeof(OshItem));
		size_t	   *scratch2 = malloc(2 * max2 * sizeof(size_t));
		size_t		empty2 = 0;
		size_t		k2 = OshItemsSplit(joined, jn, again, scratch2, &empty2);

		FUZZ_ASSERT(k2 == k && empty2 == 0);
		for (size_t i = 0; i < k; i++)
			FUZZ_ASSERT(again[i].len == items[i].len
						&& memcmp(joined + again[i].off, s + items[i].off, items[i].len) == 0);
		free(again);
		free(scratch2);
	}
	free(joined);
	free(items);
	free(scratch);
	return 0;
}
