/*
 * osh_items.h — the items of an Open Supply Hub multi-value field
 * ("Apparel|Textiles"), pure C (no fmgr): split on '|', blanks (spaces)
 * trimmed at both ends of an item, empty items and repeats left out, the
 * first occurrence's order kept.
 */
#ifndef HREDD_OSH_ITEMS_H
#define HREDD_OSH_ITEMS_H

#include <stddef.h>

typedef struct OshItem
{
	size_t		off;			/* start of the trimmed item in the field */
	size_t		len;			/* its length in bytes (> 0) */
} OshItem;

/* How many items the field may have: one more than its '|' characters. */
size_t		OshItemsMax(const char *s, size_t n);

/*
 * Splits s[0..n) into items.  out holds OshItemsMax(s, n) entries and
 * scratch twice as many (working space for finding repeats).  Returns how
 * many items were written to out; *empty (when not NULL) gets the number of
 * empty items ("a||b", "a|", " | ").  A field without '|' that is blank is
 * no item and no empty item.
 */
size_t		OshItemsSplit(const char *s, size_t n, OshItem *out, size_t *scratch, size_t *empty);

#endif
