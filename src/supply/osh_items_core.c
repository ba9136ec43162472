/*
 * osh_items_core.c — splitting Open Supply Hub multi-value fields (see
 * osh_items.h).  Repeats are found by sorting the items' indexes by content
 * (a merge sort: O(k log k) however many items a hostile field carries).
 */
#include "osh_items.h"

#include <string.h>

size_t
OshItemsMax(const char *s, size_t n)
{
	size_t		k = 1;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '|')
			k++;
	return k;
}

/* -1, 0, 1: items a and b of s by bytes, then a shorter one first */
static int
item_cmp(const char *s, const OshItem *a, const OshItem *b)
{
	size_t		m = a->len < b->len ? a->len : b->len;
	int			c = memcmp(s + a->off, s + b->off, m);

	if (c != 0)
		return c < 0 ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

/*
 * Sorts idx[0..k) (indexes into items) by content, then by index, with
 * tmp[0..k) as working space: bottom-up merge sort, stable.
 */
static void
sort_indexes(const char *s, const OshItem *items, size_t *idx, size_t *tmp, size_t k)
{
	size_t	   *src = idx,
			   *dst = tmp;

	for (size_t width = 1; width < k; width *= 2)
	{
		for (size_t lo = 0; lo < k; lo += 2 * width)
		{
			size_t		mid = lo + width < k ? lo + width : k;
			size_t		hi = lo + 2 * width < k ? lo + 2 * width : k;
			size_t		i = lo,
						j = mid,
						o = lo;

			while (i < mid && j < hi)
				dst[o++] = item_cmp(s, &items[src[j]], &items[src[i]]) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[o++] = src[i++];
			while (j < hi)
				dst[o++] = src[j++];
		}
		{
			size_t	   *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != idx)
		memcpy(idx, src, k * sizeof(size_t));
}

size_t
OshItemsSplit(const char *s, size_t n, OshItem *out, size_t *scratch, size_t *empty)
{
	size_t		k = 0,
				nempty = 0,
				start = 0,
				kept;
	int			multi = memchr(s, '|', n) != NULL;

	for (size_t i = 0; i <= n; i++)
	{
		size_t		b,
					e;

		if (i < n && s[i] != '|')
			continue;
		b = start;
		e = i;
		while (b < e && s[b] == ' ')
			b++;
		while (e > b && s[e - 1] == ' ')
			e--;
		if (e > b)
		{
			out[k].off = b;
			out[k].len = e - b;
			k++;
		}
		else if (multi)
			nempty++;
		start = i + 1;
	}
	if (empty)
		*empty = nempty;
	if (k < 2)
		return k;

	/*
	 * Repeats: sort the indexes by content (stable, so the first occurrence
	 * leads its run of equal items), flag every later one of a run, keep the
	 * others in their order.
	 */
	{
		size_t	   *idx = scratch,
				   *tmp = scratch + k;

		for (size_t i = 0; i < k; i++)
			idx[i] = i;
		sort_indexes(s, out, idx, tmp, k);
		for (size_t i = 0; i < k; i++)
			tmp[i] = 0;
		for (size_t i = 1; i < k; i++)
			if (item_cmp(s, &out[idx[i]], &out[idx[i - 1]]) == 0)
				tmp[idx[i]] = 1;
		kept = 0;
		for (size_t i = 0; i < k; i++)
			if (!tmp[i])
				out[kept++] = out[i];
	}
	return kept;
}
