/*
 * id_common.c — input normalisation and error sentences shared by the
 * identifier parsers (pure C).
 */
#include "ids.h"

#include <stdio.h>
#include <string.h>

#include "../common/fold.h"

/* Upper-case form of each ASCII letter or digit; 0 for every other byte. */
static const unsigned char alnum_upper[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['A'] = 'A', ['B'] = 'B', ['C'] = 'C', ['D'] = 'D', ['E'] = 'E', ['F'] = 'F', ['G'] = 'G',
	['H'] = 'H', ['I'] = 'I', ['J'] = 'J', ['K'] = 'K', ['L'] = 'L', ['M'] = 'M', ['N'] = 'N',
	['O'] = 'O', ['P'] = 'P', ['Q'] = 'Q', ['R'] = 'R', ['S'] = 'S', ['T'] = 'T', ['U'] = 'U',
	['V'] = 'V', ['W'] = 'W', ['X'] = 'X', ['Y'] = 'Y', ['Z'] = 'Z',
	['a'] = 'A', ['b'] = 'B', ['c'] = 'C', ['d'] = 'D', ['e'] = 'E', ['f'] = 'F', ['g'] = 'G',
	['h'] = 'H', ['i'] = 'I', ['j'] = 'J', ['k'] = 'K', ['l'] = 'L', ['m'] = 'M', ['n'] = 'N',
	['o'] = 'O', ['p'] = 'P', ['q'] = 'Q', ['r'] = 'R', ['s'] = 'S', ['t'] = 'T', ['u'] = 'U',
	['v'] = 'V', ['w'] = 'W', ['x'] = 'X', ['y'] = 'Y', ['z'] = 'Z',
};

static bool
IsBlank(const unsigned char *s, size_t n, size_t *len)
{
	if (n >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
	{
		*len = 1;
		return true;
	}
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)	/* no-break space */
	{
		*len = 2;
		return true;
	}
	return false;
}

/* Does s start with prefix, ignoring ASCII case? */
static bool
StartsWithCI(const char *s, size_t n, const char *prefix)
{
	size_t		i;

	for (i = 0; prefix[i]; i++)
	{
		char		c;

		if (i >= n)
			return false;
		c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char) (c - 'a' + 'A');
		if (c != prefix[i])
			return false;
	}
	return true;
}

int
IdSqueeze(const char *in, size_t len, const char *const *prefixes,
		  const char *seps, char *out, bool *alnum, IdError *e)
{
	const unsigned char *s = (const unsigned char *) in;
	size_t		start = 0;
	size_t		end = len;
	size_t		bl = 0;
	int			o = 0;

	memset(e, 0, sizeof(*e));

	/* trim blanks at both ends */
	while (start < end && IsBlank(s + start, end - start, &bl))
		start += bl;
	while (end > start)
	{
		if (s[end - 1] == ' ' || (s[end - 1] >= '\t' && s[end - 1] <= '\r'))
			end--;
		else if (end - start >= 2 && s[end - 2] == 0xC2 && s[end - 1] == 0xA0)
			end -= 2;
		else
			break;
	}
	if (end - start > ID_MAX_INPUT)
	{
		e->code = IDERR_TOO_LONG;
		return -1;
	}

	/* one known prefix, such as "osid:" or "LEI "; none starts with a digit */
	if (start < end && s[start] >= '0' && s[start] <= '9')
		prefixes = NULL;
	for (const char *const *p = prefixes; p && *p; p++)
	{
		size_t		pl = strlen(*p);
		size_t		i;

		if (!StartsWithCI(in + start, end - start, *p))
			continue;
		i = start + pl;
		if ((*p)[pl - 1] != ')')
		{
			if (i >= end || !(s[i] == ':' || s[i] == '#' || IsBlank(s + i, end - i, &bl)))
				continue;
		}
		while (i < end && (s[i] == ':' || s[i] == '#' || IsBlank(s + i, end - i, &bl)))
			i += (s[i] == ':' || s[i] == '#') ? 1 : bl;
		start = i;
		break;
	}

	*alnum = true;
	for (size_t i = start; i < end; i++)
	{
		unsigned char c = s[i];

		/* letters and digits, the common case, are never separators */
		if (alnum_upper[c])
			out[o++] = (char) alnum_upper[c];
		else if (c == '\0' || strchr(seps, c) == NULL)
		{
			out[o++] = (char) c;
			*alnum = false;
		}
	}
	out[o] = '\0';
	if (o == 0)
	{
		e->code = IDERR_EMPTY;
		return -1;
	}
	return o;
}

void
IdSetLength(IdError *e, const char *s, int n, int want)
{
	e->code = IDERR_LENGTH;
	e->len = (int) Utf8Length(s, (size_t) n);
	e->want = want;
}

void
IdSetChar(IdError *e, const char *s, int n, int off, const char *allowed)
{
	uint32_t	cp;
	int			cl = Utf8Decode((const unsigned char *) s + off, (size_t) (n - off), &cp);

	e->code = IDERR_CHAR;
	e->pos = (int) Utf8Length(s, (size_t) off) + 1;
	e->allowed = allowed;
	if (cp == 0xFFFD && cl == 1 && (unsigned char) s[off] >= 0x80)
		snprintf(e->got, sizeof(e->got), "\\x%02X", (unsigned char) s[off]);
	else if (cp < 0x20 || cp == 0x7F)
		snprintf(e->got, sizeof(e->got), "\\x%02X", (unsigned) cp);
	else
	{
		memcpy(e->got, s + off, (size_t) cl);
		e->got[cl] = '\0';
	}
}

bool
IdFindForeign(const char *s, int n, IdError *e)
{
	for (int i = 0; i < n; i++)
	{
		char		c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
		{
			IdSetChar(e, s, n, i, "a letter or a digit");
			return true;
		}
	}
	return false;
}

bool
IdAllDigits(const char *s, int n, IdError *e)
{
	for (int i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9'))
		{
			IdSetChar(e, s, n, i, "a digit");
			return false;
		}
	return true;
}

void
IdErrorDetail(const IdError *e, const char *idname, char *buf, size_t cap)
{
	int			n = 0;

	switch (e->code)
	{
		case IDERR_NONE:
			n = snprintf(buf, cap, "The value is %s.", idname);
			break;
		case IDERR_EMPTY:
			n = snprintf(buf, cap, "The value is empty once blanks, separators and prefixes are removed.");
			break;
		case IDERR_TOO_LONG:
			n = snprintf(buf, cap, "The value is longer than %d bytes, longer than any way of writing %s.",
						 ID_MAX_INPUT, idname);
			break;
		case IDERR_LENGTH:
			n = snprintf(buf, cap, "The value has %d characters; %s has %d.", e->len, idname, e->want);
			break;
		case IDERR_CHAR:
			n = snprintf(buf, cap, "Character %d (\"%s\") must be %s.", e->pos, e->got, e->allowed);
			break;
		case IDERR_CHECK:
			if (strlen(e->expected) > 1)
				n = snprintf(buf, cap, "The %s are \"%s\" but \"%s\" were expected.",
							 e->allowed, e->got, e->expected);
			else
				n = snprintf(buf, cap, "The %s is \"%s\" but \"%s\" was expected.",
							 e->allowed, e->got, e->expected);
			break;
		case IDERR_COUNTRY:
			n = snprintf(buf, cap, "\"%s\" is not an ISO 3166-1 country code.", e->got);
			break;
		case IDERR_DAY:
			n = snprintf(buf, cap, "Characters 3 to 9 (\"%s\") must be a year and a day of that year, "
						 "001 to 365, or 366 in a leap year.", e->got);
			break;
		case IDERR_YEAR:
			n = snprintf(buf, cap, "The year in characters 3 to 6 (\"%s\") is before 2000; "
						 "Open Supply Hub has minted OS IDs since 2019.", e->got);
			break;
		case IDERR_NAME:
			n = snprintf(buf, cap, "The value is not an ISO 3166-1 alpha-2, alpha-3 or numeric code, "
						 "nor a country name or alias that hredd knows; hredd.country_list() lists them.");
			break;
		case IDERR_BINARY:
			n = snprintf(buf, cap, "The binary value does not encode %s.", idname);
			break;
	}
	if (e->note && n >= 0 && (size_t) n + 1 < cap)
		snprintf(buf + n, cap - (size_t) n, " %s", e->note);
}
