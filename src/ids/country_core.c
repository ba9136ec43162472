/*
 * country_core.c — ISO 3166-1 country codes and names (pure C).
 *
 * The allow-list is the 249 officially assigned alpha-2 codes plus XK
 * (Kosovo), compiled in from data/iso3166_1.csv so that the input function
 * stays IMMUTABLE.  Two letters are always read as an alpha-2 code, never as
 * a name: "UK" is a reserved code, not the United Kingdom.
 */
#include "ids.h"

#include <stdlib.h>
#include <string.h>

#include "../common/fold.h"

/* A folded name that names two or more countries in the translations. */
typedef struct CountryAmbiguous
{
	const char *key;
	const char *note;			/* the countries, for the error detail */
} CountryAmbiguous;

#include "country_table.h"

/* Codes that users type but ISO 3166-1 does not assign, with the right one. */
static const struct
{
	char		code[3];
	const char *note;
}			reserved_notes[] =
{
	{"AN", "AN (Netherlands Antilles) was withdrawn in 2010; use BQ, CW or SX."},
	{"BU", "BU (Burma) was withdrawn in 1989; Myanmar is MM."},
	{"CS", "CS (Serbia and Montenegro) was withdrawn in 2006; use RS or ME."},
	{"DD", "DD (East Germany) was withdrawn in 1990; Germany is DE."},
	{"EL", "EL is the European Union's abbreviation for Greece; the ISO 3166-1 code is GR."},
	{"EU", "EU is reserved for the European Union, which is not a country."},
	{"FX", "FX (Metropolitan France) was withdrawn in 1997; France is FR."},
	{"SU", "SU (Soviet Union) is reserved; use the code of the successor state."},
	{"TP", "TP (East Timor) was withdrawn in 2002; Timor-Leste is TL."},
	{"UK", "UK is reserved; the code of the United Kingdom is GB."},
	{"YU", "YU (Yugoslavia) was withdrawn in 2003; use the code of the successor state."},
	{"ZR", "ZR (Zaire) was withdrawn in 1997; the Democratic Republic of the Congo is CD."},
};

const CountryInfo *
CountryLookup(uint16_t v)
{
	unsigned	a = (v >> 8) - 'A';
	unsigned	b = (v & 0xFF) - 'A';
	int			i;

	if (a >= 26 || b >= 26)
		return NULL;
	i = country_index[a * 26 + b];
	return i < 0 ? NULL : &country_table[i];
}

int
CountryTableSize(void)
{
	return COUNTRY_COUNT;
}

const CountryInfo *
CountryAt(int i)
{
	return (i >= 0 && i < COUNTRY_COUNT) ? &country_table[i] : NULL;
}

int
CountryNameCount(void)
{
	return COUNTRY_NAME_COUNT;
}

const CountryName *
CountryNameAt(int i)
{
	return (i >= 0 && i < COUNTRY_NAME_COUNT) ? &country_names[i] : NULL;
}

void
CountryFormat(uint16_t v, char out[3])
{
	out[0] = (char) (v >> 8);
	out[1] = (char) (v & 0xFF);
	out[2] = '\0';
}

/* Note for a two-letter code that is not assigned, or NULL. */
static const char *
ReservedNote(const char *code)
{
	for (size_t i = 0; i < sizeof(reserved_notes) / sizeof(reserved_notes[0]); i++)
		if (memcmp(reserved_notes[i].code, code, 2) == 0)
			return reserved_notes[i].note;
	if (code[0] == 'X' || (code[0] == 'Q' && code[1] >= 'M') || strcmp(code, "AA") == 0 || strcmp(code, "ZZ") == 0)
		return "Codes AA, QM to QZ, XA to XZ and ZZ are user-assigned and name no country; "
			"of them only XK (Kosovo) is accepted.";
	return NULL;
}

bool
CountryCodeValid(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || (s[len - 1] >= '\t' && s[len - 1] <= '\r')))
		len--;
	if (len != 2)
		return false;
	for (int i = 0; i < 2; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
			return false;
	return CountryLookup(COUNTRY_CODE(s[0] & ~0x20, s[1] & ~0x20)) != NULL;
}

static bool
FromAlpha3(const char *key, uint16_t *out)
{
	for (int i = 0; i < COUNTRY_COUNT; i++)
	{
		const char *a3 = country_table[i].alpha3;

		if (a3[0] == key[0] - 'a' + 'A' && a3[1] == key[1] - 'a' + 'A' &&
			a3[2] == key[2] - 'a' + 'A')
		{
			*out = COUNTRY_CODE(country_table[i].alpha2[0], country_table[i].alpha2[1]);
			return true;
		}
	}
	return false;
}

static int
CompareName(const void *key, const void *elem)
{
	return strcmp((const char *) key, ((const CountryName *) elem)->key);
}

static int
CompareAmbiguous(const void *key, const void *elem)
{
	return strcmp((const char *) key, ((const CountryAmbiguous *) elem)->key);
}

bool
CountryParse(const char *in, size_t len, uint16_t *out, IdError *e)
{
	return CountryParseEx(in, len, out, e, NULL);
}

bool
CountryParseEx(const char *in, size_t len, uint16_t *out, IdError *e, bool *translated)
{
	const CountryAmbiguous *amb;

	char		key[ID_MAX_INPUT + 1];
	size_t		klen;
	const CountryName *hit;

	memset(e, 0, sizeof(*e));
	if (translated)
		*translated = false;
	if (len > 4 * ID_MAX_INPUT)
	{
		e->code = IDERR_TOO_LONG;
		return false;
	}
	klen = FoldKey(in, len, key, ID_MAX_INPUT);
	if (klen == (size_t) -1)
	{
		e->code = IDERR_TOO_LONG;
		return false;
	}
	key[klen] = '\0';
	if (klen == 0)
	{
		e->code = IDERR_EMPTY;
		return false;
	}

	/* two letters: an alpha-2 code, nothing else */
	if (klen == 2 && key[0] >= 'a' && key[0] <= 'z' && key[1] >= 'a' && key[1] <= 'z')
	{
		char		code[3] = {(char) (key[0] - 'a' + 'A'), (char) (key[1] - 'a' + 'A'), '\0'};
		uint16_t	v = COUNTRY_CODE(code[0], code[1]);

		if (CountryLookup(v) == NULL)
		{
			e->code = IDERR_COUNTRY;
			memcpy(e->got, code, 3);
			e->note = ReservedNote(code);
			return false;
		}
		*out = v;
		return true;
	}

	/* one to three digits: a numeric code */
	if (klen <= 3 && strspn(key, "0123456789") == klen)
	{
		int			num = atoi(key);

		for (int i = 0; i < COUNTRY_COUNT; i++)
			if (country_table[i].numeric == num)
			{
				*out = COUNTRY_CODE(country_table[i].alpha2[0], country_table[i].alpha2[1]);
				return true;
			}
		e->code = IDERR_NAME;
		e->note = "No country has that ISO 3166-1 numeric code.";
		return false;
	}

	/* three letters: alpha-3 first, then names such as "uae" */
	if (klen == 3 && strspn(key, "abcdefghijklmnopqrstuvwxyz") == 3 && FromAlpha3(key, out))
		return true;

	hit = bsearch(key, country_names, COUNTRY_NAME_COUNT, sizeof(CountryName), CompareName);
	if (hit)
	{
		*out = COUNTRY_CODE(hit->alpha2[0], hit->alpha2[1]);
		if (translated)
			*translated = hit->translated != 0;
		return true;
	}
	e->code = IDERR_NAME;
	/* a name that means two countries is refused, saying which */
	amb = bsearch(key, country_ambiguous, COUNTRY_AMBIGUOUS_COUNT, sizeof(CountryAmbiguous),
				  CompareAmbiguous);
	if (amb)
		e->note = amb->note;
	return false;
}
