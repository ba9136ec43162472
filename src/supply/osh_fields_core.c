/*
 * osh_fields_core.c — worker bands, flags and coordinates of Open Supply Hub
 * records (see osh_fields.h).  Byte-wise and ASCII-only: the words and digits
 * these fields are read from are ASCII, so folding other letters changes
 * nothing that could match.
 */
#include "osh_fields.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* s[0..n) without spaces and commas, ASCII letters lowered, into buf (cap bytes); length or -1 when too long */
static long
squeeze(const char *s, size_t n, char *buf, size_t cap)
{
	size_t		k = 0;

	for (size_t i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c == ' ' || c == ',')
			continue;
		if (k == cap)
			return -1;
		buf[k++] = (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
	}
	return (long) k;
}

/* 1 to 9 ASCII digits at p[0..len) exactly: their value, else -1 */
static int32_t
digits(const char *p, size_t len)
{
	int32_t		v = 0;

	if (len < 1 || len > 9)
		return -1;
	for (size_t i = 0; i < len; i++)
	{
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* when b[0..k) starts with word: its length, else 0 */
static size_t
prefix(const char *b, size_t k, const char *word)
{
	size_t		w = strlen(word);

	return k >= w && memcmp(b, word, w) == 0 ? w : 0;
}

int
OshWorkers(const char *s, size_t n, int32_t *min, int32_t *max)
{
	/* the longest band that can match: 9 digits, an en dash (3 bytes), 9 digits */
	char		b[24];
	long		kl = squeeze(s, n, b, sizeof b);
	size_t		k,
				w;
	int32_t		v;

	if (kl <= 0)
		return 0;
	k = (size_t) kl;
	if ((v = digits(b, k)) >= 0)
	{
		*min = *max = v;
		return OSH_WORKERS_MIN | OSH_WORKERS_MAX;
	}
	/* a range: digits, '-' or '–' (E2 80 93), digits */
	for (size_t i = 1; i < k; i++)
	{
		size_t		dl = 0;

		if (b[i] == '-')
			dl = 1;
		else if (i + 2 < k && (unsigned char) b[i] == 0xE2 && (unsigned char) b[i + 1] == 0x80
				 && (unsigned char) b[i + 2] == 0x93)
			dl = 3;
		if (dl)
		{
			int32_t		lo = digits(b, i),
						hi = digits(b + i + dl, k - i - dl);

			if (lo >= 0 && hi >= 0 && lo <= hi)
			{
				*min = lo;
				*max = hi;
				return OSH_WORKERS_MIN | OSH_WORKERS_MAX;
			}
			break;
		}
		if (b[i - 1] < '0' || b[i - 1] > '9')
			break;
	}
	if ((w = prefix(b, k, "<")) || (w = prefix(b, k, "lessthan")) || (w = prefix(b, k, "under")))
	{
		if ((v = digits(b + w, k - w)) >= 0)
		{
			*min = 0;
			*max = v;
			return OSH_WORKERS_MIN | OSH_WORKERS_MAX;
		}
		return 0;
	}
	if ((w = prefix(b, k, ">")) || (w = prefix(b, k, "morethan")) || (w = prefix(b, k, "over")))
	{
		if ((v = digits(b + w, k - w)) >= 0)
		{
			*min = v + 1;		/* at most 999999999 + 1 */
			return OSH_WORKERS_MIN;
		}
	}
	return 0;
}

/* s[0..n) with spaces trimmed at both ends */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (*s)[0] == ' ')
		(*s)++, (*n)--;
	while (*n > 0 && (*s)[*n - 1] == ' ')
		(*n)--;
}

static int
word_is(const char *s, size_t n, const char *word)
{
	size_t		w = strlen(word);

	if (n != w)
		return 0;
	for (size_t i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	return 1;
}

int
OshFlag(const char *s, size_t n)
{
	trim(&s, &n);
	if (word_is(s, n, "true") || word_is(s, n, "t") || word_is(s, n, "yes") || word_is(s, n, "1"))
		return 1;
	if (word_is(s, n, "false") || word_is(s, n, "f") || word_is(s, n, "no") || word_is(s, n, "0"))
		return 0;
	return -1;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
OshCoordinate(const char *s, size_t n, double bound, double *v)
{
	size_t		i = 0,
				d = 0,
				f = 0;
	char		buf[64];
	char	   *end;
	double		x;

	trim(&s, &n);
	if (n == 0)
		return 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && is_digit(s[i]))
		i++, d++;
	if (i < n && s[i] == '.')
	{
		i++;
		while (i < n && is_digit(s[i]))
			i++, f++;
	}
	if (d == 0 && f == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E'))
	{
		size_t		e = 0;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && is_digit(s[i]) && e < 4)
			i++, e++;
		if (e < 1 || e > 3)
			return 0;
	}
	if (i != n)
		return 0;
	if (n < sizeof buf)
	{
		/* a longer number (many leading zeros) is read from a copy of its own */
		memcpy(buf, s, n);
		buf[n] = '\0';
		errno = 0;
		x = strtod(buf, &end);
	}
	else
	{
		char	   *big = malloc(n + 1);

		if (big == NULL)
			return 0;
		memcpy(big, s, n);
		big[n] = '\0';
		errno = 0;
		x = strtod(big, &end);
		free(big);
	}
	/*
	 * out of double's range (1e999, 1e-999; float8in refuses them too, a
	 * denormal it takes): not a coordinate
	 */
	if ((errno == ERANGE && (x == 0.0 || isinf(x))) || isinf(x) || isnan(x))
		return 0;
	if (!(fabs(x) <= bound))
		return 0;
	*v = x;
	return 1;
}
