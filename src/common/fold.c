/*
 * fold.c — accent and case folding to ASCII keys.
 */
#include "fold.h"

#include "fold_table.h"

int
Utf8Decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	int			len;
	uint32_t	v;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		len = 2;
		v = c & 0x1F;
	}
	else if (c >= 0xE0 && c <= 0xEF)
	{
		len = 3;
		v = c & 0x0F;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		len = 4;
		v = c & 0x07;
	}
	else
	{
		*cp = 0xFFFD;
		return 1;
	}
	if ((size_t) len > n)
	{
		*cp = 0xFFFD;
		return 1;
	}
	for (int i = 1; i < len; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
		{
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	/* reject overlong forms and surrogates */
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
		(v >= 0xD800 && v <= 0xDFFF))
	{
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return len;
}

size_t
Utf8Length(const char *s, size_t n)
{
	size_t		count = 0;
	size_t		i = 0;
	uint32_t	cp;

	while (i < n)
	{
		i += Utf8Decode((const unsigned char *) s + i, n - i, &cp);
		count++;
	}
	return count;
}

const char *
FoldLatin(uint32_t cp)
{
	if (cp >= FOLD_FIRST && cp <= FOLD_LAST)
		return fold_table[cp - FOLD_FIRST];
	if (cp >= FOLD_EXT_FIRST && cp <= FOLD_EXT_LAST)
		return fold_ext_table[cp - FOLD_EXT_FIRST];
	return NULL;
}

static int
IsApostrophe(uint32_t cp)
{
	return cp == '\'' || cp == '`' || cp == 0x00B4 || cp == 0x2018 || cp == 0x2019;
}

size_t
FoldKey(const char *s, size_t n, char *out, size_t cap)
{
	size_t		i = 0;
	size_t		o = 0;
	int			pending_space = 0;

	while (i < n)
	{
		uint32_t	cp;
		int			len = Utf8Decode((const unsigned char *) s + i, n - i, &cp);
		const char *piece;
		size_t		plen;
		char		one;

		if (IsApostrophe(cp) || (cp >= 0x0300 && cp <= 0x036F))
		{
			i += len;
			continue;
		}
		if (cp < 0x80)
		{
			one = (char) cp;
			if (one >= 'A' && one <= 'Z')
				one = (char) (one - 'A' + 'a');
			if ((one >= 'a' && one <= 'z') || (one >= '0' && one <= '9'))
			{
				piece = &one;
				plen = 1;
			}
			else
				plen = 0, piece = NULL;
		}
		else if (cp < FOLD_FIRST || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000)
		{
			/* Latin-1 symbols, general punctuation, ideographic space */
			plen = 0, piece = NULL;
		}
		else if (cp >= FOLD_FIRST && cp <= FOLD_LAST)
		{
			piece = fold_table[cp - FOLD_FIRST];
			plen = 0;
			while (piece[plen])
				plen++;
		}
		else
		{
			piece = s + i;
			plen = (size_t) len;
		}
		i += len;

		if (plen == 0)
		{
			pending_space = (o > 0);
			continue;
		}
		if (o + plen + (pending_space ? 1 : 0) > cap)
			return (size_t) -1;
		if (pending_space)
		{
			out[o++] = ' ';
			pending_space = 0;
		}
		for (size_t k = 0; k < plen; k++)
			out[o++] = piece[k];
	}
	return o;
}
