/*
 * fold.c — the one text-folding module (see fold.h).
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

/* ASCII digit for a decimal digit of another script, or -1. */
static int
ForeignDigit(uint32_t cp)
{
	static const uint32_t zeros[] = {
		0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0BE6, 0x0C66,
		0x0CE6, 0x0D66, 0x0E50, 0x0ED0, 0x1040, 0x17E0, 0xFF10
	};

	if (cp < 0x0660)
		return -1;
	for (size_t k = 0; k < sizeof(zeros) / sizeof(zeros[0]); k++)
		if (cp >= zeros[k] && cp <= zeros[k] + 9)
			return (int) (cp - zeros[k]);
	return -1;
}

int
FoldIsCjk(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) ||	/* kana */
		(cp >= 0x3400 && cp <= 0x4DBF) ||
		(cp >= 0x4E00 && cp <= 0x9FFF) ||
		(cp >= 0xAC00 && cp <= 0xD7AF) ||	/* hangul */
		(cp >= 0xF900 && cp <= 0xFAFF) ||
		(cp >= 0x20000 && cp <= 0x2FFFF);
}

char
FoldAsciiPunct(uint32_t cp)
{
	if (cp < 0x80)
		return 0;
	if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
		cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)
		return ' ';
	if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
		return '-';
	if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC)
		return '\'';
	if (cp == 0x301C || cp == 0x2248 || cp == 0x223C)
		return '~';
	if (cp == 0x2264)
		return '<';
	if (cp == 0x2265)
		return '>';
	if (cp == 0x3001)
		return ',';
	if (cp == 0x3002)
		return '.';
	if (cp >= 0xFF01 && cp <= 0xFF5E)
	{
		char		c = (char) (cp - 0xFEE0);

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return c;
	}
	return 0;
}

FoldClass
FoldChar(uint32_t cp, const unsigned char *raw, int rawlen, char *piece, int *plen)
{
	const char *f;
	int			d;

	*plen = 0;
	if (cp < 0x80)
	{
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp >= 'a' && cp <= 'z')
		{
			piece[0] = (char) cp;
			*plen = 1;
			return FOLD_LATIN;
		}
		if (cp >= '0' && cp <= '9')
		{
			piece[0] = (char) cp;
			*plen = 1;
			return FOLD_DIGIT;
		}
		if (cp == '\'' || cp == '`')
			return FOLD_DROP;
		return FOLD_SEP;
	}
	if (cp == 0x00B4 || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC ||
		(cp >= 0x0300 && cp <= 0x036F))
		return FOLD_DROP;
	if ((f = FoldLatin(cp)) != NULL)
	{
		int			k = 0;

		while (f[k] && k < FOLD_PIECE_MAX)
		{
			piece[k] = f[k];
			k++;
		}
		*plen = k;
		return k == 0 ? FOLD_SEP : FOLD_LATIN;
	}
	if ((d = ForeignDigit(cp)) >= 0)
	{
		piece[0] = (char) ('0' + d);
		*plen = 1;
		return FOLD_DIGIT;
	}
	if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
	{
		piece[0] = (char) ('a' + ((cp - 0xFF21) % 0x20));
		*plen = 1;
		return FOLD_LATIN;
	}
	if (cp < 0x00C0 || (cp >= 0x2000 && cp <= 0x2BFF) ||
		(cp >= 0x3000 && cp <= 0x303F) || cp == 0xFFFD || cp == 0xFEFF ||
		(cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF65) ||
		cp == 0x0964 || cp == 0x0965)
		return FOLD_SEP;
	if (FoldIsCjk(cp))
	{
		for (int k = 0; k < rawlen; k++)
			piece[k] = (char) raw[k];
		*plen = rawlen;
		return FOLD_CJK;
	}
	/* simple case folding for Greek and Cyrillic capitals */
	if ((cp >= 0x0391 && cp <= 0x03A9) || (cp >= 0x0410 && cp <= 0x042F))
		cp += 0x20;
	else if (cp >= 0x0400 && cp <= 0x040F)
		cp += 0x50;
	if (cp < 0x800)
	{
		piece[0] = (char) (0xC0 | (cp >> 6));
		piece[1] = (char) (0x80 | (cp & 0x3F));
		*plen = 2;
	}
	else
	{
		for (int k = 0; k < rawlen; k++)
			piece[k] = (char) raw[k];
		*plen = rawlen;
	}
	return FOLD_OTHER;
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
		char		piece[FOLD_PIECE_MAX];
		int			plen;
		FoldClass	cls = FoldChar(cp, (const unsigned char *) s + i, len, piece, &plen);

		i += len;
		if (cls == FOLD_DROP)
			continue;
		if (cls == FOLD_SEP)
		{
			pending_space = (o > 0);
			continue;
		}
		if (o + (size_t) plen + (pending_space ? 1 : 0) > cap)
			return (size_t) -1;
		if (pending_space)
		{
			out[o++] = ' ';
			pending_space = 0;
		}
		for (int k = 0; k < plen; k++)
			out[o++] = piece[k];
	}
	return o;
}
