/*
 * score.c — the facility match score.
 *
 * The score is a logistic model: log-odds = intercept + name + address +
 * numbers + country + distance, score = 1 / (1 + e^-log-odds), so 0.5 is
 * the point where "same facility" and "different facility" are equally
 * likely.  The parts:
 *
 *   name words   weighted Dice of the words of both names: a word counts by
 *                its weight, ln(N / document frequency) in real facility
 *                names minus a floor, so "garment", "textile", "industrial"
 *                say little and a rare word says a lot; a word matches the
 *                same word, two neighbouring words written together
 *                ("sangwoo" = "sang woo"), or a word one typo away (two for
 *                long words) at 0.8;
 *   name chars   weighted Dice of the trigrams of the names written without
 *                blanks — tolerant of split, merged and letter-spaced words
 *                ("m e r c u r y"); a letter-spaced name is judged on this
 *                alone;
 *   numbers      names whose numbers differ ("II" vs "III", "unit 10" vs
 *                "unit 6") are different facilities; addresses that share
 *                no number lose a little;
 *   address      the same weighted word similarity on addresses, when both
 *                have one;
 *   country      different declared countries weigh heavily against;
 *   distance     when both have coordinates, closer is more likely the same.
 *
 * Every part is bounded, and the name parts only grow with the trigrams two
 * names share, which gives MatchUpperBound (used by the index opclasses).
 */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../common/fold.h"
#include "match_vocab.h"

#define WORD_FLOOR		2.5
#define GRAM_FLOOR		1.0
#define MIN_WEIGHT		0.1
#define FUZZY_CREDIT	0.8

uint32_t
MatchGramHash(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t	h = 2166136261u;
	uint32_t	cps[3] = {a, b, c};

	for (int i = 0; i < 3; i++)
		for (int shift = 0; shift < 24; shift += 8)
			h = (h ^ ((cps[i] >> shift) & 0xFF)) * 16777619u;
	/*
	 * 0 is never returned.  Nothing keeps a trigram hash apart from the
	 * country keys of MatchCountryKey(): about 250 of the 2^32 values are
	 * country keys, and a trigram can hash to one of them.
	 */
	return h == 0 ? 1 : h;
}

uint32_t
MatchCountryKey(uint16_t country)
{
	/*
	 * Not reserved: a trigram can hash to the same value (see MatchGramHash),
	 * so code that mixes both kinds of key must not take them as distinct.
	 */
	return 0x80000000u ^ (uint32_t) country ^ 0x5A5A0000u;
}

/*
 * Keys of the GIN opclass's word evidence (format 2).  A row's keys say which
 * words its name has (and which two neighbouring words it has written
 * together), whether it looks letter-spaced, and its country by a key that
 * also marks the format: an index built by 0.1.0 has country keys of
 * MatchCountryKey and no word keys, and its rows are bound by their trigrams
 * alone.  Like trigram hashes these are not reserved: a key met by another
 * only makes a bound looser, never lower.
 */
#define MATCH_WORD_KEY_BASE		0x2D000000u
#define MATCH_WORD_KEY_BUCKETS	65536u

uint32_t
MatchFragKey(void)
{
	return 0x7F3A91C5u;
}

static uint32_t
WordKeyAdd(uint32_t h, const char *s, int n)
{
	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char) s[i]) * 16777619u;
	return h;
}

uint32_t
MatchCountryKey2(uint16_t country)
{
	return 0x40000000u ^ (uint32_t) country ^ 0x3C3C0000u;
}

uint32_t
MatchWordKey(const char *a, int alen, const char *b, int blen)
{
	/* a seed other than the trigram hash's; "ab" + "c" = "a" + "bc" */
	uint32_t	h = 0x9E3779B1u;

	h = WordKeyAdd(h, a, alen);
	h = WordKeyAdd(h, b, blen);
	h ^= h >> 15;
	h *= 0x85EBCA6Bu;
	h ^= h >> 13;
	/*
	 * Into a small range of buckets: words of one bucket share a key.  That
	 * only makes the bound looser where a row has another word of the bucket
	 * (a few dozen rows of a million), and spares the index a tuple for each
	 * rare word and each pair of neighbouring words: the keys cost a few
	 * bytes a row in posting lists instead.
	 */
	return MATCH_WORD_KEY_BASE + (h & (MATCH_WORD_KEY_BUCKETS - 1));
}

/* Is word k followed by its neighbour in the text (a possible join)? */
static bool
Adjacent(const MatchProfile *p, int k)
{
	return k + 1 < p->ntok && p->tok[k + 1].pos == p->tok[k].pos + 1;
}

int
MatchRowWordKeys(const MatchProfile *p, uint32_t *out)
{
	int			n = 0;

	for (int k = 0; k < p->ntok; k++)
	{
		out[n++] = MatchWordKey(p->tok[k].s, p->tok[k].len, "", 0);
		if (Adjacent(p, k) && p->tok[k].len + p->tok[k + 1].len <= MATCH_JOIN_KEY_MAX)
			out[n++] = MatchWordKey(p->tok[k].s, p->tok[k].len,
									p->tok[k + 1].s, p->tok[k + 1].len);
	}
	if (p->frag)
		out[n++] = MatchFragKey();
	return n;
}

int
MatchQueryWordKeys(const MatchProfile *q, uint32_t *out, int *join)
{
	int			n = 0;

	for (int k = 0; k < q->ntok; k++)
		out[n++] = MatchWordKey(q->tok[k].s, q->tok[k].len, "", 0);
	for (int k = 0; k < q->ntok; k++)
	{
		join[k] = -1;
		if (Adjacent(q, k))
		{
			join[k] = n;
			out[n++] = MatchWordKey(q->tok[k].s, q->tok[k].len,
									q->tok[k + 1].s, q->tok[k + 1].len);
		}
	}
	return n;
}

/*
 * Keys of format 3: format 2's, and the address's house and plot numbers.
 * AddressNumbers compares the numbers of up to four digits first: two
 * addresses that both have some and share none are two sites, whatever
 * else they share, and the score counts the conflict (-1 or -1.5 times its
 * coefficient) instead of an agreement.  A row has a key for each of its
 * short numbers, or the no-number key; a query asks for its own numbers'
 * keys and the no-number key, and a row with none of them is known to
 * conflict.  The keys share the word keys' buckets (a number met by another
 * key only makes a bound looser).
 */
static bool IsNumber(const char *s, int n);
static bool IsRoadWord(const char *s, int n);
static bool IsAreaWord(const char *s, int n);
static bool SameText(const MPTok *a, const MPTok *b);

uint32_t
MatchCountryKey3(uint16_t country)
{
	return 0x50000000u ^ (uint32_t) country ^ 0x0C3C0000u;
}

uint32_t
MatchNoNumberKey(void)
{
	return 0x7F3A91C7u;
}

uint32_t
MatchNumberKey(const char *s, int len)
{
	return MatchWordKey("#", 1, s, len);
}

/*
 * An address's numbers exactly as SplitWords (table 1) reads them into
 * anum, without reading its words: the % operator's name-first bound and
 * the index keys use them before (or without) the address's profile.
 */
void
MatchAddressNumbers(const char *s, int n, MPTok *num, int *nnum)
{
	int			i = 0;
	const char *prev = NULL;
	int			prevlen = 0;

	*nnum = 0;
	while (i < n)
	{
		int			j = i;

		while (j < n && s[j] != ' ')
			j++;
		if (j > i)
		{
			int			len = j - i;
			bool		after_road = prev != NULL && IsRoadWord(prev, prevlen);
			bool		prev_area = prev != NULL && IsAreaWord(prev, prevlen);

			prev = s + i;
			prevlen = len;
			if (IsNumber(s + i, len) && *nnum < MP_MAX_NUM)
			{
				MPTok	   *t = &num[*nnum];

				memset(t, 0, sizeof(MPTok));
				t->s = s + i;
				t->len = len;
				t->mask = after_road ? 1 : 0;
				t->area = prev_area;
				(*nnum)++;
			}
		}
		i = j + 1;
	}
}

/* The distinct short numbers' keys of an address (0 when it has none). */
static int
ShortNumberKeys(const char *addr, int addrlen, uint32_t *out)
{
	MPTok		num[MP_MAX_NUM];
	int			nnum,
				n = 0;

	MatchAddressNumbers(addr, addrlen, num, &nnum);
	for (int i = 0; i < nnum; i++)
	{
		bool		seen = false;

		if (num[i].len >= 5)
			continue;
		for (int k = 0; k < i && !seen; k++)
			seen = num[k].len < 5 && SameText(&num[k], &num[i]);
		if (!seen)
			out[n++] = MatchNumberKey(num[i].s, num[i].len);
	}
	return n;
}

int
MatchRowNumberKeys(const MatchProfile *p, uint32_t *out)
{
	int			n = p->has_address ? ShortNumberKeys(p->addr, p->addrlen, out) : 0;

	if (n == 0)
		out[n++] = MatchNoNumberKey();
	return n;
}

int
MatchQueryNumberKeys(const MatchProfile *q, uint32_t *out)
{
	return q->has_address ? ShortNumberKeys(q->addr, q->addrlen, out) : 0;
}

static double
Idf(int df, double floor)
{
	double		w = log((MATCH_VOCAB_DOCS + 1.0) / (df + 1.0)) - floor;

	return w < MIN_WEIGHT ? MIN_WEIGHT : w;
}

/*
 * Word and trigram weights, looked up in open-addressing tables built from
 * the compiled-in frequencies on first use (constant afterwards).
 */
#define VOCAB_SLOTS		65536	/* > 2 x (name + address words) */
#define GRAM_SLOTS		32768	/* > 2 x trigrams */

typedef struct VocabSlot
{
	const char *word;			/* NULL = empty */
	int			len;
	float		w;
	uint8_t		table;			/* 0 names, 1 addresses */
} VocabSlot;

typedef struct GramSlot
{
	uint32_t	hash;			/* 0 = empty (no trigram hashes to 0) */
	float		w;
} GramSlot;

static VocabSlot vocab[VOCAB_SLOTS];
static GramSlot gram_slots[GRAM_SLOTS];
static bool vocab_ready;
static float word_default,
			gram_default;

static uint32_t
WordHash(const char *s, int n, int table)
{
	uint32_t	h = 2166136261u ^ (uint32_t) table;

	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char) s[i]) * 16777619u;
	return h;
}

static void
VocabInit(void)
{
	const MatchVocabWord *tables[2] = {match_name_df, match_address_df};
	int			sizes[2] = {sizeof(match_name_df) / sizeof(match_name_df[0]),
	sizeof(match_address_df) / sizeof(match_address_df[0])};

	if (vocab_ready)
		return;
	for (int t = 0; t < 2; t++)
		for (int i = 0; i < sizes[t]; i++)
		{
			int			len = (int) strlen(tables[t][i].word);
			uint32_t	h = WordHash(tables[t][i].word, len, t) & (VOCAB_SLOTS - 1);

			while (vocab[h].word != NULL)
				h = (h + 1) & (VOCAB_SLOTS - 1);
			vocab[h].word = tables[t][i].word;
			vocab[h].len = len;
			vocab[h].table = (uint8_t) t;
			vocab[h].w = (float) Idf(tables[t][i].df, WORD_FLOOR);
		}
	for (size_t i = 0; i < sizeof(match_gram_df) / sizeof(match_gram_df[0]); i++)
	{
		uint32_t	h = match_gram_df[i].hash & (GRAM_SLOTS - 1);

		while (gram_slots[h].hash != 0)
			h = (h + 1) & (GRAM_SLOTS - 1);
		gram_slots[h].hash = match_gram_df[i].hash;
		gram_slots[h].w = (float) Idf(match_gram_df[i].df, GRAM_FLOOR);
	}
	word_default = (float) Idf(1, WORD_FLOOR);	/* rarer than anything listed */
	gram_default = (float) Idf(1, GRAM_FLOOR);
	vocab_ready = true;
}

static float
WordWeight(int table, const char *s, int len)
{
	uint32_t	h = WordHash(s, len, table) & (VOCAB_SLOTS - 1);

	while (vocab[h].word != NULL)
	{
		if (vocab[h].table == table && vocab[h].len == len && memcmp(vocab[h].word, s, len) == 0)
			return vocab[h].w;
		h = (h + 1) & (VOCAB_SLOTS - 1);
	}
	return word_default;
}

static float
GramWeight(uint32_t g)
{
	uint32_t	h = g & (GRAM_SLOTS - 1);

	while (gram_slots[h].hash != 0)
	{
		if (gram_slots[h].hash == g)
			return gram_slots[h].w;
		h = (h + 1) & (GRAM_SLOTS - 1);
	}
	return gram_default;
}

/* Sort and de-duplicate a small array of hashes; returns the new length. */
static int
SortUnique(uint32_t *a, int n)
{
	int			u = 0;

	for (int i = 1; i < n; i++)
	{
		uint32_t	v = a[i];
		int			j = i - 1;

		while (j >= 0 && a[j] > v)
		{
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
	for (int i = 0; i < n; i++)
		if (u == 0 || a[u - 1] != a[i])
			a[u++] = a[i];
	return u;
}

static bool
IsNumber(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static int
FindGram(const MatchProfile *p, uint32_t h)
{
	int			lo = 0,
				hi = p->ngram - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (p->gram[mid] == h)
			return mid;
		if (p->gram[mid] < h)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Which ASCII letters (and "other") a word has: a cheap typo pre-check. */
static uint32_t
LetterMask(const char *s, int n)
{
	uint32_t	m = 0;

	for (int i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		m |= (c >= 'a' && c <= 'z') ? (1u << (c - 'a')) : (1u << 26);
	}
	return m;
}

/*
 * Words of country names weigh little in a facility name, however rare they
 * are among names: "Viet Nam Paiho" and "Din Sen Viet Nam" share only the
 * country.  (Normalised forms, as MatchNormalize writes them.)
 */
static const char *const country_words[] = {
	"viet", "nam", "vietnam", "china", "chinese", "india", "indian", "bangladesh", "cambodia",
	"indonesia", "thailand", "thai", "pakistan", "sri", "lanka", "lankan", "turkey", "turkiye",
	"myanmar", "burma", "korea", "korean", "taiwan", "hong", "kong", "japan", "usa", "america",
	"american", "mexico", "egypt", "jordan", "ethiopia", "kenya", "philippines", "malaysia",
	"laos", "lao", "portugal", "italia", "italy", "germany", "deutschland", "brasil", "brazil",
	"peru", "honduras", "guatemala", "salvador", "nicaragua", "haiti", "morocco", "tunisia",
	"romania", "bulgaria", "ukraine", "georgia", "europe", "asia", "international", NULL
};
#define COUNTRY_WORD_WEIGHT	0.5

static bool
IsCountryWord(const char *s, int n)
{
	/* (the first letter first: most words are no country's) */
	for (int i = 0; country_words[i]; i++)
		if (country_words[i][0] == s[0] && (int) strlen(country_words[i]) == n &&
			memcmp(country_words[i], s, n) == 0)
			return true;
	return false;
}

/* Words after which a lone "i" is the roman numeral one ("Div. I", "Unit I"). */
static bool
IsUnitWord(const char *s, int n)
{
	static const char *const units[] = {"div", "division", "unit", "plant", "factory", "phase",
	"block", "mill", "branch", "site", "no", "number", "line", "building", "sector", NULL};

	for (int i = 0; units[i]; i++)
		if ((int) strlen(units[i]) == n && memcmp(units[i], s, n) == 0)
			return true;
	return false;
}

/*
 * Address words after which a number is the road's ("nat rd 4", "km 12"),
 * not the house's or plot's (normalised forms).
 */
static bool
IsRoadWord(const char *s, int n)
{
	static const char *const roads[] = {"rd", "st", "av", "hwy", "blvd", "km", NULL};

	for (int i = 0; roads[i]; i++)
		if ((int) strlen(roads[i]) == n && memcmp(roads[i], s, n) == 0)
			return true;
	return false;
}

/*
 * Address words after which a number is an area's ("industrial zone 2",
 * "phase 2", "sector 63"): two such numbers that differ are two areas, so
 * two sites, and one in common is no site in common.
 */
static bool
IsAreaWord(const char *s, int n)
{
	return (n == 4 && memcmp(s, "zone", 4) == 0) ||
		(n == 5 && memcmp(s, "phase", 5) == 0) ||
		(n == 6 && memcmp(s, "sector", 6) == 0);
}

/* Split normalised text into words and numbers. */
static void
SplitWords(const char *s, size_t n, MPTok *tok, int *ntok, int maxtok,
		   MPTok *num, int *nnum, int table, double *total, const MatchStats *st)
{
	size_t		i = 0;
	int			pos = 0;
	const char *prev = NULL;
	int			prevlen = 0;

	*ntok = *nnum = 0;
	*total = 0;
	while (i < n)
	{
		size_t		j = i;

		while (j < n && s[j] != ' ')
			j++;
		if (j > i)
		{
			int			len = (int) (j - i);
			bool		roman_one = table == 0 && len == 1 && s[i] == 'i' && prev != NULL &&
				IsUnitWord(prev, prevlen);
			bool		after_road = table == 1 && prev != NULL && IsRoadWord(prev, prevlen);
			bool		after_area = table == 1 && prev != NULL && IsAreaWord(prev, prevlen);

			pos++;
			prev = s + i;
			prevlen = len;
			if (roman_one || IsNumber(s + i, len))
			{
				if (*nnum < MP_MAX_NUM)
				{
					num[*nnum].s = roman_one ? "1" : s + i;
					num[*nnum].len = len;
					num[*nnum].w = 0;
					num[*nnum].ng = 0;
					/* numbers: mask 1 = a road's number ("nat rd 4"), not a site's */
					num[*nnum].mask = after_road ? 1 : 0;
					num[*nnum].area = after_area;
					(*nnum)++;
				}
			}
			else if (*ntok < maxtok)
			{
				MPTok	   *t = &tok[*ntok];

				t->s = s + i;
				t->len = len;
				t->pos = (int16_t) (pos < INT16_MAX ? pos : INT16_MAX);
				t->w = WordWeight(table, s + i, len);
				/* an unseen word is rare only if it is a real word: initials and
				 * fragments ("y", "bh") say little however rare they are */
				if (len <= 3 && t->w > (float) (len * 1.0))
					t->w = (float) (len * 1.0);
				if (table == 0 && t->w > COUNTRY_WORD_WEIGHT && IsCountryWord(s + i, len))
					t->w = COUNTRY_WORD_WEIGHT;
				/* a word common in the registry searched says as little as a
				 * word that common in names at large ("shahi" of a group) */
				if (table == 0 && st && st->word_df)
				{
					int			df = st->word_df(st->arg, s + i, len);

					if (df >= 2)
					{
						double		w = log((st->rows + 1.0) / (df + 1.0)) - WORD_FLOOR;

						if (w < MIN_WEIGHT)
							w = MIN_WEIGHT;
						if (w < t->w)
							t->w = (float) w;
					}
				}
				t->mask = LetterMask(s + i, len);
				t->g0 = t->ng = 0;
				*total += t->w;
				(*ntok)++;
			}
		}
		i = j + 1;
	}
}

/* Trigrams of the words of a list written without blanks, sorted and unique. */
static int
WordsGrams(const MPTok *t, int n, uint32_t *out, int cap)
{
	uint32_t	prev1 = ' ',
				prev2 = ' ';
	int			k = 0;

	for (int w = 0; w < n; w++)
		for (int i = 0; i < t[w].len;)
		{
			uint32_t	cp;

			i += Utf8Decode((const unsigned char *) t[w].s + i, t[w].len - i, &cp);
			if (k < cap)
				out[k++] = MatchGramHash(prev2, prev1, cp);
			prev2 = prev1;
			prev1 = cp;
		}
	if (k < cap)
		out[k++] = MatchGramHash(prev2, prev1, ' ');
	return SortUnique(out, k);
}

void
MatchProfileBuild(MatchProfile *p, const char *name, size_t namelen,
				  const char *addr, size_t addrlen, uint16_t country,
				  bool has_coords, double lat, double lng)
{
	MatchProfileBuildStats(p, name, namelen, addr, addrlen, country, has_coords, lat, lng, NULL);
}

void
MatchProfileBuildStats(MatchProfile *p, const char *name, size_t namelen,
					   const char *addr, size_t addrlen, uint16_t country,
					   bool has_coords, double lat, double lng, const MatchStats *st)
{
	MatchProfileBuildName(p, name, namelen, addr, addrlen, country, has_coords, lat, lng, st);
	MatchProfileBuildAddress(p);
}

void
MatchProfileBuildName(MatchProfile *p, const char *name, size_t namelen,
					  const char *addr, size_t addrlen, uint16_t country,
					  bool has_coords, double lat, double lng, const MatchStats *st)
{
	uint32_t	cps[MP_MAX_GRAM + 3];
	int			ncp = 0;
	int			shortw = 0;

	p->country = country;
	p->has_coords = has_coords;
	p->lat = lat;
	p->lng = lng;

	VocabInit();
	p->name = name;
	p->namelen = (int) namelen;
	p->addr = addr;
	p->addrlen = (int) addrlen;
	SplitWords(name, namelen, p->tok, &p->ntok, MP_MAX_TOK, p->num, &p->nnum, 0, &p->W, st);
	p->name_freq = st && st->name_freq ? st->name_freq(st->arg, name, (int) namelen) : 0;
	p->addr_freq = st && st->addr_freq && addrlen > 0 ? st->addr_freq(st->arg, addr, (int) addrlen) : 0;
	for (int k = 0; k < p->ntok; k++)
		if (p->tok[k].len <= 2)
			shortw++;
	p->frag = shortw >= 3 && shortw * 5 >= p->ntok * 2;

	/* trigrams of the name without blanks, padded like pg_trgm's words */
	cps[ncp++] = ' ';
	cps[ncp++] = ' ';
	for (size_t i = 0; i < namelen && ncp < MP_MAX_GRAM + 1;)
	{
		uint32_t	cp;
		int			l = Utf8Decode((const unsigned char *) name + i, namelen - i, &cp);

		if (cp != ' ')
			cps[ncp++] = cp;
		i += l;
	}
	cps[ncp++] = ' ';
	p->ngram = 0;
	for (int i = 0; i + 2 < ncp && p->ngram < MP_MAX_GRAM; i++)
		p->gram[p->ngram++] = MatchGramHash(cps[i], cps[i + 1], cps[i + 2]);
	if (ncp <= 3)
		p->ngram = 0;
	p->ngram = SortUnique(p->gram, p->ngram);
	p->V = 0;
	for (int i = 0; i < p->ngram; i++)
	{
		p->gw[i] = GramWeight(p->gram[i]);
		p->V += p->gw[i];
	}

	/* each word's interior trigrams, as indexes into gram[] */
	p->ngidx = 0;
	for (int k = 0; k < p->ntok; k++)
	{
		MPTok	   *t = &p->tok[k];
		uint32_t	wc[64];
		int			nwc = 0;

		t->g0 = (int16_t) p->ngidx;
		t->ng = 0;
		for (int i = 0; i < t->len && nwc < 64;)
		{
			int			l = Utf8Decode((const unsigned char *) t->s + i, t->len - i, &wc[nwc]);

			nwc++;
			i += l;
		}
		for (int i = 0; i + 2 < nwc; i++)
		{
			int			g = FindGram(p, MatchGramHash(wc[i], wc[i + 1], wc[i + 2]));
			bool		dup = false;

			if (g < 0 || p->ngidx >= MP_MAX_GRAM * 2)
			{
				/* beyond the counted trigrams: no bound from this word */
				t->ng = 0;
				p->ngidx = t->g0;
				break;
			}
			for (int d = t->g0; d < p->ngidx; d++)
				dup |= (p->gidx[d] == g);
			if (!dup)
			{
				p->gidx[p->ngidx++] = (int16_t) g;
				t->ng++;
			}
		}
	}

	p->has_address = addrlen > 0;
	p->address_built = false;
	p->natok = p->nanum = p->nagram = 0;
	p->AW = 0;
}

void
MatchProfileBuildAddress(MatchProfile *p)
{
	if (p->address_built)
		return;
	SplitWords(p->addr, p->addrlen, p->atok, &p->natok, MP_MAX_ATOK, p->anum, &p->nanum, 1, &p->AW, NULL);
	p->nagram = WordsGrams(p->atok, p->natok, p->agram, MP_MAX_AGRAM);
	p->address_built = true;
}

/* ---- word matching ------------------------------------------------------- */

/* Damerau-Levenshtein (optimal string alignment) distance, capped at max+1. */
static int
EditDistance(const char *a, int n, const char *b, int m, int max)
{
	int			d[3][66];
	int			cur = 0;

	if (n > 64 || m > 64 || abs(n - m) > max)
		return max + 1;
	for (int j = 0; j <= m; j++)
		d[0][j] = j;
	for (int i = 1; i <= n; i++)
	{
		int			prev = cur,
					pp = (cur + 2) % 3;
		int			best = max + 1;

		cur = (cur + 1) % 3;
		d[cur][0] = i;
		for (int j = 1; j <= m; j++)
		{
			int			cost = a[i - 1] != b[j - 1];
			int			v = d[prev][j] + 1;

			if (d[cur][j - 1] + 1 < v)
				v = d[cur][j - 1] + 1;
			if (d[prev][j - 1] + cost < v)
				v = d[prev][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				d[pp][j - 2] + 1 < v)
				v = d[pp][j - 2] + 1;
			d[cur][j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return d[cur][m];
}

static bool
SameText(const MPTok *a, const MPTok *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* a = b + c written together (b and c neighbours in their text) */
static bool
IsJoin(const MPTok *a, const MPTok *b, const MPTok *c)
{
	return a->len == b->len + c->len && c->pos == b->pos + 1 &&
		memcmp(a->s, b->s, b->len) == 0 &&
		memcmp(a->s + b->len, c->s, c->len) == 0;
}

static bool
IsAscii(const MPTok *t)
{
	for (int i = 0; i < t->len; i++)
		if ((unsigned char) t->s[i] >= 0x80)
			return false;
	return true;
}

/*
 * Typos allowed between two words (0 = must be equal): one from five
 * letters, two from nine.  Only for words in Latin letters, where one edit
 * is one letter, which keeps the trigram bound of MatchUpperBound exact.
 */
static int
TyposAllowed(const MPTok *a, const MPTok *b)
{
	int			l = a->len < b->len ? a->len : b->len;

	if (l < 5 || !IsAscii(a) || !IsAscii(b))
		return 0;
	return l >= 9 ? 2 : 1;
}

/*
 * Do two words share at least half (of the larger count) of their interior
 * trigrams?  Part of what a typo match is for names: it keeps the index
 * bound tight (MatchUpperBound credits a typo match only when half of a
 * word's trigrams are present), and two short words one letter apart in
 * the middle ("mabel", "mapel") are told apart by the letter trigrams.
 */
static bool
SharedHalf(const MatchProfile *pa, const MPTok *a, const MatchProfile *pb, const MPTok *b)
{
	int			shared = 0;
	int			most = a->ng > b->ng ? a->ng : b->ng;

	if (a->ng == 0 || b->ng == 0)
		return false;
	for (int i = 0; i < a->ng; i++)
	{
		uint32_t	h = pa->gram[pa->gidx[a->g0 + i]];

		for (int j = 0; j < b->ng; j++)
			if (pb->gram[pb->gidx[b->g0 + j]] == h)
			{
				shared++;
				break;
			}
	}
	return 2 * shared >= most;
}

/*
 * Weighted Dice of two word lists; fills pairs (from a's side) when given.
 * Matching: equal words, then words written together, then typos.
 */
/*
 * Has each side an uncommon word left unpaired, none of them an edit or
 * two from one of the other side's (a typo the pairing did not take: a
 * short word's letters swapped at its end share too few trigrams)?
 */
static bool
OwnWordsApart(const MPTok *A, int na, const bool *usedA, const MPTok *B, int nb,
			  const bool *usedB)
{
	bool		ownA = false,
				ownB = false;

	for (int i = 0; i < na; i++)
		if (!usedA[i] && A[i].w >= MATCH_DISTINCT_W)
		{
			ownA = true;
			for (int j = 0; j < nb; j++)
			{
				int			l = A[i].len < B[j].len ? A[i].len : B[j].len;
				int			max = (l >= 9 || !IsAscii(&A[i]) || !IsAscii(&B[j])) ? 2 : 1;

				if (!usedB[j] && B[j].w >= MATCH_DISTINCT_W &&
					EditDistance(A[i].s, A[i].len, B[j].s, B[j].len, max) <= max)
					return false;
			}
		}
	for (int j = 0; j < nb && !ownB; j++)
		ownB = !usedB[j] && B[j].w >= MATCH_DISTINCT_W;
	return ownA && ownB;
}

static double
WordSimilarity(const MPTok *A, int na, double WA, const MPTok *B, int nb, double WB,
			   const MatchProfile *pa, const MatchProfile *pb,
			   MatchPair *pairs, int *npairs, double *matched, bool *apart,
			   double *pmax)
{
	bool		usedA[MP_MAX_ATOK];
	bool		usedB[MP_MAX_ATOK];
	double		sum = 0;
	int			np = 0;

	double		paired_max = 0;

	if (matched)
		*matched = 0;
	if (apart)
		*apart = false;
	if (pmax)
		*pmax = 0;
	if (na == 0 || nb == 0 || WA + WB <= 0)
	{
		if (npairs)
			*npairs = 0;
		return 0;
	}
	memset(usedA, 0, sizeof(bool) * na);
	memset(usedB, 0, sizeof(bool) * nb);

	/* pass 1: the same word */
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++)
			if (!usedB[j] && SameText(&A[i], &B[j]))
			{
				double		w = A[i].w < B[j].w ? A[i].w : B[j].w;

				usedA[i] = usedB[j] = true;
				sum += w;
				paired_max = w > paired_max ? w : paired_max;
				if (pairs)
					pairs[np++] = (MatchPair) {&A[i], &B[j], NULL, 1.0, w};
				break;
			}
	/* pass 2: two neighbouring words on one side written as one on the other */
	for (int i = 0; i < na; i++)
	{
		if (usedA[i])
			continue;
		for (int j = 0; j + 1 < nb && !usedA[i]; j++)
			if (!usedB[j] && !usedB[j + 1] && IsJoin(&A[i], &B[j], &B[j + 1]))
			{
				double		wb = B[j].w > B[j + 1].w ? B[j].w : B[j + 1].w;
				double		w = A[i].w < wb ? A[i].w : wb;

				usedA[i] = usedB[j] = usedB[j + 1] = true;
				sum += w;
				paired_max = w > paired_max ? w : paired_max;
				if (pairs)
					pairs[np++] = (MatchPair) {&A[i], &B[j], &B[j + 1], 1.0, w};
			}
	}
	for (int j = 0; j < nb; j++)
	{
		if (usedB[j])
			continue;
		for (int i = 0; i + 1 < na && !usedB[j]; i++)
			if (!usedA[i] && !usedA[i + 1] && IsJoin(&B[j], &A[i], &A[i + 1]))
			{
				double		wa = A[i].w > A[i + 1].w ? A[i].w : A[i + 1].w;
				double		w = B[j].w < wa ? B[j].w : wa;

				usedB[j] = usedA[i] = usedA[i + 1] = true;
				sum += w;
				paired_max = w > paired_max ? w : paired_max;
				if (pairs)
				{
					pairs[np++] = (MatchPair) {&A[i], &B[j], NULL, 1.0, w};
					pairs[np++] = (MatchPair) {&A[i + 1], &B[j], NULL, 1.0, 0};
				}
			}
	}
	/* pass 3: a typo or two apart */
	for (int i = 0; i < na; i++)
	{
		int			best = -1;

		if (usedA[i])
			continue;
		for (int j = 0; j < nb; j++)
		{
			int			max;

			if (usedB[j])
				continue;
			max = TyposAllowed(&A[i], &B[j]);
			/* each edit changes at most two letters of the letter set */
			if (max > 0 && __builtin_popcount(A[i].mask ^ B[j].mask) <= 2 * max &&
				EditDistance(A[i].s, A[i].len, B[j].s, B[j].len, max) <= max &&
				(pa == NULL || SharedHalf(pa, &A[i], pb, &B[j])))
			{
				best = j;
				break;
			}
		}
		if (best >= 0)
		{
			double		w = A[i].w < B[best].w ? A[i].w : B[best].w;

			usedA[i] = usedB[best] = true;
			sum += FUZZY_CREDIT * w;
			paired_max = w > paired_max ? w : paired_max;
			if (pairs)
				pairs[np++] = (MatchPair) {&A[i], &B[best], NULL, FUZZY_CREDIT, w};
		}
	}
	if (pairs)
		for (int i = 0; i < na && np < MP_MAX_TOK; i++)
			if (!usedA[i])
				pairs[np++] = (MatchPair) {&A[i], NULL, NULL, 0, 0};
	if (npairs)
		*npairs = np;
	if (matched)
		*matched = sum;
	if (apart && paired_max > 0 && paired_max < MATCH_DISTINCT_W)
		*apart = OwnWordsApart(A, na, usedA, B, nb, usedB);
	if (pmax)
		*pmax = paired_max;
	return 2.0 * sum / (WA + WB);
}

/* Weighted Dice of the two trigram sets. */
static double
GramSimilarity(const MatchProfile *a, const MatchProfile *b)
{
	double		common = 0;
	int			i = 0,
				j = 0;

	if (a->V + b->V <= 0)
		return 0;
	while (i < a->ngram && j < b->ngram)
	{
		if (a->gram[i] == b->gram[j])
		{
			common += a->gw[i];
			i++, j++;
		}
		else if (a->gram[i] < b->gram[j])
			i++;
		else
			j++;
	}
	return 2.0 * common / (a->V + b->V);
}

/* Dice of two sorted sets of trigram hashes (0 when both are empty). */
static double
SortedDice(const uint32_t *a, int na, const uint32_t *b, int nb)
{
	int			i = 0,
				j = 0,
				common = 0;

	while (i < na && j < nb)
	{
		if (a[i] == b[j])
			common++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return na + nb > 0 ? 2.0 * common / (na + nb) : 0;
}

/* Plain Dice of the letter trigrams of two addresses. */
static double
AddressGramSimilarity(const MatchProfile *a, const MatchProfile *b)
{
	if (a->natok == 0 || b->natok == 0)
		return 0;
	return SortedDice(a->agram, a->nagram, b->agram, b->nagram);
}

/* How many of A's numbers (each counted once) also occur in B. */
static int
NumbersFoundIn(const MPTok *A, int na, const MPTok *B, int nb, int *distinct)
{
	int			found = 0;

	*distinct = 0;
	for (int i = 0; i < na; i++)
	{
		bool		seen = false;

		for (int k = 0; k < i && !seen; k++)
			seen = SameText(&A[k], &A[i]);
		if (seen)
			continue;
		(*distinct)++;
		for (int j = 0; j < nb; j++)
			if (SameText(&A[i], &B[j]))
			{
				found++;
				break;
			}
	}
	return found;
}

/*
 * Numbers of two texts: 0 when a side has none; 1 the same set (or, when
 * !need_all, any number in common); 0 one set inside the other ("II" vs
 * "II 3"); -1 none in common, or each side has a number the other lacks.
 */
static int
NumberAgreement(const MPTok *A, int na, const MPTok *B, int nb, bool need_all)
{
	int			da,
				db;
	int			ab,
				ba;

	if (na == 0 || nb == 0)
		return 0;
	ab = NumbersFoundIn(A, na, B, nb, &da);
	ba = NumbersFoundIn(B, nb, A, na, &db);
	if (ab == 0)
		return -1;
	if (!need_all || (ab == da && ba == db))
		return 1;
	return (ab == da || ba == db) ? 0 : -1;
}

/* Both sides name an area by its number, and no area number is in common. */
static bool
AreasDiffer(const MPTok *x, int nx, const MPTok *y, int ny)
{
	bool		ax = false,
				ay = false;

	for (int i = 0; i < nx; i++)
		if (x[i].area)
		{
			ax = true;
			for (int j = 0; j < ny; j++)
				if (y[j].area && SameText(&x[i], &y[j]))
					return false;
		}
	for (int j = 0; j < ny && !ay; j++)
		ay = y[j].area;
	return ax && ay;
}

/*
 * House and plot numbers that conflict, the roads' numbers left out: 0 no
 * conflict, 1 a conflict, 2 one with at least two numbers on each side, or
 * with areas' numbers that differ.
 */
static int
SiteNumbers(const MPTok *x, int nx, const MPTok *y, int ny)
{
	MPTok		xs[MP_MAX_NUM],
				ys[MP_MAX_NUM];
	int			nxs = 0,
				nys = 0,
				dx,
				dy;

	for (int i = 0; i < nx; i++)
		if (x[i].mask == 0)
			xs[nxs++] = x[i];
	for (int i = 0; i < ny; i++)
		if (y[i].mask == 0)
			ys[nys++] = y[i];
	if (NumberAgreement(xs, nxs, ys, nys, false) >= 0)
		return 0;
	if (AreasDiffer(xs, nxs, ys, nys))
		return 2;				/* "industrial zone 1" / "zone 2": never one typo */
	(void) NumbersFoundIn(xs, nxs, ys, nys, &dx);
	(void) NumbersFoundIn(ys, nys, xs, nxs, &dy);
	return dx >= 2 && dy >= 2 ? 2 : 1;
}

/* The numbers of x that y lacks, into xo; how many. */
static int
NumbersNotIn(const MPTok *x, int nx, const MPTok *y, int ny, MPTok *xo)
{
	int			n = 0;

	for (int i = 0; i < nx; i++)
	{
		bool		found = false;

		for (int j = 0; j < ny && !found; j++)
			found = SameText(&x[i], &y[j]);
		if (!found)
			xo[n++] = x[i];
	}
	return n;
}

/* Each side has a number the other lacks; their own numbers in xo, yo. */
static bool
EachHasOwn(const MPTok *x, int nx, const MPTok *y, int ny,
		   MPTok *xo, int *nxo, MPTok *yo, int *nyo)
{
	*nxo = NumbersNotIn(x, nx, y, ny, xo);
	*nyo = NumbersNotIn(y, ny, x, nx, yo);
	return *nxo > 0 && *nyo > 0;
}

/*
 * Address numbers: house, plot and unit numbers (up to four digits) and
 * postcodes (five or more) are compared separately, so a postcode that one
 * side leaves out is no conflict.  1 a number in common, -1 both sides
 * have numbers of a kind and share none of them, 0 otherwise.  *site says
 * whether the house and plot numbers conflict (roads' numbers left out):
 * 0 no, 1 yes, 2 yes with at least two of them on each side ("plot 12, sector 4" vs "plot 33, sector
 * 8": two numbers that both differ are seldom one typo).
 *
 * A short number in common while each side also has one the other lacks
 * ("2140 w 79 st" / "2141 w 79 st"; "505 ... 1704" / "555 ... 1704", a
 * Bangladeshi postcode; "plot 12 road 3" / "plot 14 road 3") is the
 * street's, the area's or a short postcode, not the site's: the house
 * numbers conflict as if nothing were shared, *area_only says so, and
 * *site is read from the numbers each side has alone.
 */
static int
NumbersOfAddresses(const MPTok *an, int nan, const MPTok *bn, int nbn, int *site,
				   bool *area_only)
{
	int			v[2] = {0, 0};

	*area_only = false;
	for (int kind = 0; kind < 2; kind++)
	{
		MPTok		x[MP_MAX_NUM],
					y[MP_MAX_NUM],
					xo[MP_MAX_NUM],
					yo[MP_MAX_NUM];
		int			nx = 0,
					ny = 0,
					nxo,
					nyo;

		for (int i = 0; i < nan; i++)
			if ((an[i].len >= 5) == kind)
				x[nx++] = an[i];
		for (int i = 0; i < nbn; i++)
			if ((bn[i].len >= 5) == kind)
				y[ny++] = bn[i];
		v[kind] = NumberAgreement(x, nx, y, ny, false);
		if (kind > 0)
			continue;
		*site = v[0] < 0 ? SiteNumbers(x, nx, y, ny) : 0;
		if (v[0] > 0 && EachHasOwn(x, nx, y, ny, xo, &nxo, yo, &nyo))
		{
			v[0] = -1;
			*area_only = true;
			*site = SiteNumbers(xo, nxo, yo, nyo);
		}
	}
	/*
	 * House and plot numbers that share nothing are two sites, whatever the
	 * postcode: one postcode covers a whole industrial area (two Radnik
	 * Exports sites at plots 12 and 33 of one zone).
	 */
	if (v[0] < 0)
		return -1;
	if (v[0] > 0 || v[1] > 0)
		return 1;
	return v[1];
}

static int
AddressNumbers(const MatchProfile *a, const MatchProfile *b, int *site, bool *area_only)
{
	return NumbersOfAddresses(a->anum, a->nanum, b->anum, b->nanum, site, area_only);
}

/* Do two addresses share a house or plot number (not a road's, "22 km")? */
static bool
SiteNumberShared(const MPTok *an, int nan, const MPTok *bn, int nbn)
{
	for (int i = 0; i < nan; i++)
		for (int j = 0; j < nbn; j++)
			if (an[i].len < 5 && an[i].mask == 0 && bn[j].mask == 0 && !an[i].area && !bn[j].area &&
				SameText(&an[i], &bn[j]))
				return true;
	return false;
}

double
MatchHaversineKm(double lat1, double lng1, double lat2, double lng2)
{
	const double r = 6371.0088;
	double		p1 = lat1 * M_PI / 180,
				p2 = lat2 * M_PI / 180;
	double		dp = p2 - p1,
				dl = (lng2 - lng1) * M_PI / 180;
	double		h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (h > 1)
		h = 1;
	return 2 * r * asin(sqrt(h));
}

/*
 * Distance between two precisely geocoded records, as log-odds: the
 * log-likelihood ratio of the distance band, ln(P(band | same facility) /
 * P(band | different facilities)), from the two distributions stated and
 * computed in tools/match_distance_llr.py (docs/matching.md, "Distance"):
 * the same facility lies within geocoding error (90 % within 150 m), the
 * different facilities of candidate pairs spread over the search area
 * (density growing with the radius), a few side by side in one park.
 */
double
MatchDistanceTerm(double km)
{
	if (km <= 0.1)
		return MATCH_DIST_MAX;
	if (km <= 0.2)
		return 1.3;
	if (km <= 0.3)
		return 1.0;
	if (km <= 0.6)
		return -1.0;
	if (km <= 2)
		return -3.4;
	return MATCH_DIST_MIN;
}

/*
 * The same when a point is inexact (a coordinate of at most two decimals:
 * a city or district centroid, or rounded): near means little, only far
 * counts against.
 */
double
MatchInexactDistanceTerm(double km)
{
	if (km <= 5)
		return 0.3;
	if (km <= 25)
		return 0;
	if (km <= 100)
		return -1.0;
	return -2.0;
}

/* At most two decimals: a centroid or a rounded point. */
bool
MatchCoordsInexact(double lat, double lng)
{
	double		a = lat * 100,
				b = lng * 100;

	return fabs(a - round(a)) < 1e-6 && fabs(b - round(b)) < 1e-6;
}

/*
 * How far supporting evidence (address, numbers, country, distance) may
 * count: not at all while the names are unlike, fully once they are alike,
 * in proportion between.
 * Two facilities in one building or industrial park share an address and a
 * country; without similar names that is not evidence of one facility.
 */
static double
Gate(double words, double chars)
{
	double		n = MATCH_GATE_WORDS * words + MATCH_GATE_CHARS * chars;
	double		g = (n - MATCH_GATE_FROM) / (MATCH_GATE_FULL - MATCH_GATE_FROM);

	return g > 1 ? 1 : (g < 0 ? 0 : g);
}

double
MatchWordsInput(double words)
{
	return words < MATCH_WORDS_FULL ? words - MATCH_WORDS_SHORT * (MATCH_WORDS_FULL - words) : words;
}

static double
Sigmoid(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

static int
TextCmp(const char *a, int na, const char *b, int nb)
{
	int			c = memcmp(a, b, na < nb ? na : nb);

	return c != 0 ? c : (na > nb) - (na < nb);
}

/*
 * Add the words of the other side that found no partner to the pairs (as
 * pairs with a = that word and b = NULL, credit -1 marking "other side"), so
 * an explanation lists the unpaired words of both names.
 */
static int
UnpairedOf(const MPTok *B, int nb, MatchPair *pairs, int np)
{
	int			n = np;

	for (int j = 0; j < nb && n < MP_MAX_TOK * 2; j++)
	{
		bool		used = false;

		for (int k = 0; k < np && !used; k++)
			used = pairs[k].b == &B[j] || pairs[k].b2 == &B[j];
		if (!used)
			pairs[n++] = (MatchPair) {&B[j], NULL, NULL, -1, 0};
	}
	return n;
}

/*
 * How far an address in agreement counts: like the other supporting
 * evidence, but already from a name half alike, so that "SP Apparel" and
 * "Les Vetements SP Apparel" at one address are not judged on the names
 * alone.
 */
static double
AddressGate(double gate, double words, double chars)
{
	double		n = 0.5 * words + 0.5 * chars;
	double		g = (n - MATCH_AGATE_FROM) / (MATCH_AGATE_FULL - MATCH_AGATE_FROM);

	g = g > 1 ? 1 : (g < 0 ? 0 : g);
	return g > gate ? g : gate;
}

/*
 * Two addresses that end alike (the town, the district, the province) and
 * differ before that: how alike the parts before the common end are, words
 * or letter groups, or -1 when they do not end alike or one is only that end.
 */
static double
AddressHeadSimilarity(const MatchProfile *x, const MatchProfile *y)
{
	int			k = 0;
	double		tx = 0,
				ty = 0,
				words,
				chars;
	uint32_t	gx[MP_MAX_AGRAM],
				gy[MP_MAX_AGRAM];
	int			nx,
				ny;

	while (k < x->natok && k < y->natok &&
		   SameText(&x->atok[x->natok - 1 - k], &y->atok[y->natok - 1 - k]))
	{
		tx += x->atok[x->natok - 1 - k].w;
		ty += y->atok[y->natok - 1 - k].w;
		k++;
	}
	if (k == 0 || k == x->natok || k == y->natok)
		return -1;
	words = WordSimilarity(x->atok, x->natok - k, x->AW - tx, y->atok, y->natok - k, y->AW - ty,
						   NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	nx = WordsGrams(x->atok, x->natok - k, gx, MP_MAX_AGRAM);
	ny = WordsGrams(y->atok, y->natok - k, gy, MP_MAX_AGRAM);
	chars = SortedDice(gx, nx, gy, ny);
	return words > chars ? words : chars;
}

/*
 * A name of one word in a script written without blanks (Chinese, Japanese,
 * Thai: "广州市华美服装"): two such names are compared by their letter
 * groups, as letter-spaced ones are, since their words cannot be told apart.
 */
static bool
Unspaced(const MatchProfile *p)
{
	uint32_t	cp;

	if (p->ntok != 1 || IsAscii(&p->tok[0]))
		return false;
	(void) Utf8Decode((const unsigned char *) p->tok[0].s, p->tok[0].len, &cp);
	return (cp >= 0x0E00 && cp <= 0x0EFF) ||	/* Thai, Lao */
		(cp >= 0x1000 && cp <= 0x109F) ||	/* Myanmar */
		(cp >= 0x1780 && cp <= 0x17FF) ||	/* Khmer */
		(cp >= 0x3040 && cp <= 0x30FF) ||	/* Hiragana, Katakana */
		(cp >= 0x3400 && cp <= 0x9FFF) ||	/* CJK ideographs */
		(cp >= 0xF900 && cp <= 0xFAFF) ||
		(cp >= 0x20000 && cp <= 0x3FFFF);
}

/*
 * One site, two names of it: the addresses share a house or plot number and
 * are otherwise alike (MATCH_SITE_ADDRESS), and the names share an uncommon
 * word and are at least a quarter alike ("concordia place" / "concordia
 * child care center", both at 3855 N Seeley Av: the operator's name and the
 * programme's, or the group's and the plant's).  Then the address, its
 * numbers and the country count in full, as for one name inside the other.
 * A different number in the names still argues against (a unit of a group),
 * and names apart never get here (their heaviest pair is a common word).
 */
static bool
OneSite(const MatchResult *r, int site, double address)
{
	return r->site_shared && site != 2 && address >= MATCH_SITE_ADDRESS &&
		r->paired_max >= MATCH_DISTINCT_W &&
		0.5 * r->name_words + 0.5 * r->name_chars >= MATCH_AGATE_FROM;
}

/* The address's gate of a pair (closed for names apart: ScoreName). */
static double
AddressGateOf(const MatchResult *r)
{
	return r->names_apart ? 0 : AddressGate(r->gate, r->name_words, r->name_chars);
}

/*
 * Is one name, all its words, inside the other ("chicago public schools
 * cameron daniel r" / "cameron", "son ha" / "son ha bien hao branch")?  The
 * shorter name must weigh enough to name something (not only legal forms
 * or common words), and numbers must not set the two apart: a side with
 * numbers the other lacks may be one unit of a group ("shenghong group" /
 * "shenghong group 4 dye branch"), so only names whose numbers agree, or
 * that have none, count.  Then the supporting evidence (address, numbers,
 * country, distance) counts as for alike names: the name alone still does
 * not carry the pair.
 */
static bool
Contained(const MatchProfile *a, const MatchProfile *b, double matched)
{
	double		wmin = a->W < b->W ? a->W : b->W;

	if (a->frag || b->frag || a->ntok == b->ntok)
		return false;
	if (wmin < MATCH_CONTAIN_MIN_W || matched < MATCH_CONTAIN_COVER * wmin)
		return false;
	if (a->nnum + b->nnum > 0 && NumberAgreement(a->num, a->nnum, b->num, b->nnum, true) <= 0)
		return false;
	return true;
}

const char *const MatchCoefNames[MM_NCOEF] = {
	"intercept", "name_words", "name_chars", "address_above", "address_below",
	"name_numbers_agree", "name_numbers_conflict", "address_numbers_agree",
	"address_numbers_conflict", "country_same", "country_different",
	"distance_near", "distance_far", "name_common"
};

const double MatchDefaultCoef[MM_NCOEF] = {
	MATCH_B0, MATCH_B_WORDS, MATCH_B_CHARS, MATCH_B_ADDRESS_ABOVE, MATCH_B_ADDRESS_BELOW,
	MATCH_NUM_AGREE, -MATCH_NUM_CONFLICT, MATCH_ANUM_AGREE, -MATCH_ANUM_CONFLICT,
	MATCH_COUNTRY_SAME, -MATCH_COUNTRY_DIFF, 1.0, 1.0, MATCH_NAME_COMMON
};

_Static_assert(MM_NCOEF <= 16, "MatchResult.x holds every input");

static void ScoreName(const MatchProfile *a, const MatchProfile *b, MatchResult *r, bool no_pairs);
static void ScoreAddress(const MatchProfile *a, const MatchProfile *b, MatchResult *r, int *site_out);
static void ScoreRest(const MatchProfile *a, const MatchProfile *b, MatchResult *r, int site);
static double ScoreSum(MatchResult *r, const double *coef);
static double MaxTerm(double coef, double lo, double hi);

double
MatchScore(const MatchProfile *a, const MatchProfile *b, MatchResult *r)
{
	return MatchScoreModel(a, b, MatchDefaultCoef, r);
}

double
MatchScoreModel(const MatchProfile *a, const MatchProfile *b, const double *coef,
				MatchResult *r)
{
	MatchResult local;
	int			site = 0;

	if (r == NULL)
		r = &local;
	ScoreName(a, b, r, r == &local);
	ScoreAddress(a, b, r, &site);
	ScoreRest(a, b, r, site);
	return ScoreSum(r, coef);
}

/* The name's part of the score: its inputs, the gate, the word pairs. */
static void
ScoreName(const MatchProfile *a, const MatchProfile *b, MatchResult *r, bool no_pairs)
{
	double	   *x = r->x;

	memset(r->x, 0, sizeof(r->x));
	x[MM_INTERCEPT] = 1;
	r->frag = a->frag || b->frag;
	/* greedy matching depends on the order: fix one (by the text), so that
	 * score(a, b) = score(b, a) */
	r->swapped = TextCmp(a->name, a->namelen, b->name, b->namelen) > 0;
	{
		const MatchProfile *x1 = r->swapped ? b : a;
		const MatchProfile *y1 = r->swapped ? a : b;

		double		matched;

		r->name_words = WordSimilarity(x1->tok, x1->ntok, x1->W, y1->tok, y1->ntok, y1->W, x1, y1,
									   no_pairs ? NULL : r->pairs, &r->npairs, &matched,
									   &r->names_apart, &r->paired_max);
		r->contained = Contained(x1, y1, matched);
		if (!no_pairs)
			r->npairs = UnpairedOf(y1->tok, y1->ntok, r->pairs, r->npairs);
	}
	r->name_chars = GramSimilarity(a, b);
	r->unspaced = Unspaced(a) && Unspaced(b);
	{
		double		words = (r->frag || r->unspaced) ? r->name_chars : r->name_words;

		if (r->frag)
			r->names_apart = false;
		x[MM_NAME_WORDS] = MatchWordsInput(words);
		x[MM_NAME_CHARS] = r->name_chars;
		r->gate = r->gate_name = Gate(words, r->name_chars);
		if (r->contained && r->gate < MATCH_CONTAIN_GATE)
			r->gate = MATCH_CONTAIN_GATE;
		/*
		 * Names whose words in common are all common ones (the province,
		 * the trade: "zhejiang printing dye") while each has an uncommon
		 * word of its own ("yicai" / "yinan") name two companies (names
		 * with no word in common, a CJK name written without blanks among
		 * them, are left to their letters): the
		 * common words count as no word in common (the letters still
		 * count), and the address, the numbers, the country and the
		 * distance do not count.
		 */
		if (r->names_apart)
		{
			x[MM_NAME_WORDS] = MatchWordsInput(0);
			r->gate = r->gate_name = 0;
		}
	}
}

/*
 * One name inside the other, once the address numbers are known
 * (r->address_numbers, r->site_shared): at another house or plot number it
 * is another site of one organisation, not the same one said shorter, and
 * the gate falls back to the names'; at one house or plot number the words
 * the longer name adds are the organisation's or the programme's
 * ("chicago public schools cameron daniel r" / "cameron"), not a partial
 * overlap of two names, so the name's words count without the fall below
 * MATCH_WORDS_FULL.  (ScoreAddress and MatchNameBound both call it.)
 */
static void
ContainmentAtSite(MatchResult *r)
{
	if (!r->contained)
		return;
	if (r->address_numbers < 0)
	{
		r->contained = false;
		r->gate = r->gate_name;
	}
	else if (r->site_shared && !r->frag)
		r->x[MM_NAME_WORDS] = r->name_words;
}

/* The address's part (both profiles' addresses built). */
static void
ScoreAddress(const MatchProfile *a, const MatchProfile *b, MatchResult *r, int *site_out)
{
	double	   *x = r->x;
	int			site = 0;

	r->address_known = a->has_address && b->has_address && a->natok + a->nanum > 0 &&
		b->natok + b->nanum > 0;
	r->address = r->address_words = r->address_chars = 0;
	r->address_area_only = r->address_town_only = r->one_site = false;
	r->address_numbers = r->address_known ? AddressNumbers(a, b, &site, &r->address_area_only) : 0;
	r->address_site = site;
	r->site_shared = r->address_numbers > 0 &&
		SiteNumberShared(a->anum, a->nanum, b->anum, b->nanum);
	ContainmentAtSite(r);
	if (r->address_known)
	{
		bool		swap = TextCmp(a->addr, a->addrlen, b->addr, b->addrlen) > 0;
		const MatchProfile *x1 = swap ? b : a;
		const MatchProfile *y1 = swap ? a : b;
		double		chars = AddressGramSimilarity(a, b);

		r->address_words = WordSimilarity(x1->atok, x1->natok, x1->AW, y1->atok, y1->natok,
										  y1->AW, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
		r->address_chars = chars;
		/* glued words ("estatesahab") defeat word matching, not letter groups */
		r->address = r->address_words > chars ? r->address_words : chars;
		/*
		 * Addresses that end alike (the town, the province) and differ
		 * before that are two places in one town: the common end counts
		 * for MATCH_TAIL_SHARE of the similarity, the rest is how alike
		 * the parts before it are ("10 s 2 st yakima washington" / "10 n 6
		 * av ste 102 yakima washington").  It can only lower a similarity
		 * above MATCH_TAIL_SHARE: below that the parts are not read again
		 * (most candidate pairs of a search).
		 */
		if (r->address > MATCH_TAIL_SHARE)
		{
			double		head = AddressHeadSimilarity(x1, y1);
			double		t = MATCH_TAIL_SHARE + (1 - MATCH_TAIL_SHARE) * head;

			r->address_town_only = head >= 0 && t < r->address;
			if (r->address_town_only)
				r->address = t;
		}
		r->one_site = r->gate < 1 && OneSite(r, site, r->address);
		if (r->one_site)
			r->gate = 1;
		/*
		 * Addresses whose house and plot numbers differ share the street or
		 * the industrial area, not the site (two Radnik Exports plots under
		 * one postcode, Style Textile at 112/18 and 126/3 of one estate): the
		 * words in common are no evidence of one facility.
		 */
		if (r->address >= MATCH_ADDRESS_MID && site == 2)
			;
		else if (r->address >= MATCH_ADDRESS_MID)
		{
			int			k = a->addr_freq > b->addr_freq ? a->addr_freq : b->addr_freq;

			x[MM_ADDR_ABOVE] = AddressGateOf(r) *
				(r->address - MATCH_ADDRESS_MID);
			/* an address many rows of the registry share (a building, an
			 * industrial park) says less that two records are one */
			if (k >= 2)
				x[MM_ADDR_ABOVE] /= 1.0 + log((double) k);
		}
		else
			x[MM_ADDR_BELOW] = r->address - MATCH_ADDRESS_MID;
	}
	*site_out = site;
}

/* Numbers, country, distance and the name's frequency in the registry. */
static void
ScoreRest(const MatchProfile *a, const MatchProfile *b, MatchResult *r, int site)
{
	double	   *x = r->x;

	r->name_numbers = NumberAgreement(a->num, a->nnum, b->num, b->nnum, true);
	if (r->name_numbers > 0)
		x[MM_NUM_AGREE] = r->gate;
	else if (r->name_numbers < 0)
		x[MM_NUM_CONFLICT] = -1;
	else if ((a->nnum > 0) != (b->nnum > 0) && !r->site_shared)
	{
		/*
		 * One name carries a unit's number and the other none ("shenghong
		 * group" / "shenghong group 4 dye branch"): the shorter may be any
		 * unit of the group, unless a house or plot number in common says
		 * which (a road's, "22 km", does not).
		 */
		x[MM_NUM_CONFLICT] = -MATCH_NUM_ONE_SIDED;
	}
	if (r->address_numbers > 0)
		x[MM_ANUM_AGREE] = r->gate;
	else if (r->address_numbers < 0)
		x[MM_ANUM_CONFLICT] = site == 2 ? -MATCH_ANUM_SITE : -1;

	r->country = (a->country == 0 || b->country == 0) ? 0 :
		(a->country == b->country ? 1 : -1);
	if (r->country > 0)
		x[MM_COUNTRY_SAME] = r->gate;
	else if (r->country < 0)
		x[MM_COUNTRY_DIFF] = -1;

	r->distance_known = a->has_coords && b->has_coords;
	r->distance_km = 0;
	r->distance_inexact = false;
	if (r->distance_known)
	{
		double		d;

		r->distance_km = MatchHaversineKm(a->lat, a->lng, b->lat, b->lng);
		r->distance_inexact = MatchCoordsInexact(a->lat, a->lng) || MatchCoordsInexact(b->lat, b->lng);
		d = r->distance_inexact ? MatchInexactDistanceTerm(r->distance_km) :
			MatchDistanceTerm(r->distance_km);
		if (d > 0)
			x[MM_DIST_NEAR] = r->gate_name * d;	/* (not a name inside the other) */
		else
			x[MM_DIST_FAR] = d;
	}

	{
		int			k = a->name_freq > b->name_freq ? a->name_freq : b->name_freq;

		r->name_freq = k;
		if (k > 2)
			x[MM_NAME_COMMON] = -r->gate * log(k / 2.0);
	}
}

static double
ScoreSum(MatchResult *r, const double *coef)
{
	double	   *x = r->x;

	r->c_intercept = coef[MM_INTERCEPT];
	r->c_name = coef[MM_NAME_WORDS] * x[MM_NAME_WORDS] + coef[MM_NAME_CHARS] * x[MM_NAME_CHARS];
	r->c_address = coef[MM_ADDR_ABOVE] * x[MM_ADDR_ABOVE] + coef[MM_ADDR_BELOW] * x[MM_ADDR_BELOW];
	r->c_name_numbers = coef[MM_NUM_AGREE] * x[MM_NUM_AGREE] + coef[MM_NUM_CONFLICT] * x[MM_NUM_CONFLICT];
	r->c_address_numbers = coef[MM_ANUM_AGREE] * x[MM_ANUM_AGREE] +
		coef[MM_ANUM_CONFLICT] * x[MM_ANUM_CONFLICT];
	r->c_country = coef[MM_COUNTRY_SAME] * x[MM_COUNTRY_SAME] + coef[MM_COUNTRY_DIFF] * x[MM_COUNTRY_DIFF];
	r->c_distance = coef[MM_DIST_NEAR] * x[MM_DIST_NEAR] + coef[MM_DIST_FAR] * x[MM_DIST_FAR];
	r->c_name_common = coef[MM_NAME_COMMON] * x[MM_NAME_COMMON];

	r->logit = r->c_intercept + r->c_name + r->c_address + r->c_name_numbers +
		r->c_address_numbers + r->c_country + r->c_distance + r->c_name_common;
	r->score = Sigmoid(r->logit);
	return r->score;
}

double
MatchUpperBound(const MatchProfile *q, const bool *present, int country_state)
{
	return MatchUpperBoundModel(q, present, country_state, MatchDefaultCoef);
}

/* The largest of coef * x over x in [lo, hi]. */
static double
MaxTerm(double coef, double lo, double hi)
{
	return coef >= 0 ? coef * hi : coef * lo;
}

/*
 * The bound for any model: each input's contribution is bounded over the
 * range the input can take given what is known of the row, whatever the
 * sign of its coefficient (a calibrated model may weigh an input against),
 * and the sum of those maxima bounds the log-odds.  For the default it is
 * the bound the opclasses have always used.  Profiles built without
 * registry statistics (the operators' and indexes') have no name-common
 * input.
 */
double
MatchUpperBoundModel(const MatchProfile *q, const bool *present, int country_state,
					 const double *coef)
{
	return MatchUpperBoundWords(q, present, NULL, country_state, coef);
}

/*
 * With word evidence (ev not NULL): a word of q can be met whole only where
 * the row has it as a word or as two neighbouring words written together, or
 * where the row has it written together with q's neighbouring word; short of
 * that only a typo match (from five letters, half its trigrams present) is
 * possible.  And only a letter-spaced side lets the name's letters stand in
 * for its words.
 */
static double UpperBound(const MatchProfile *q, const bool *present, const MatchWordEvidence *ev,
						 bool grams_too, double row_W, double row_V, int addr_state,
						 double addr_ub, int country_state, const double *coef);

double
MatchUpperBoundWords(const MatchProfile *q, const bool *present, const MatchWordEvidence *ev,
					 int country_state, const double *coef)
{
	return UpperBound(q, present, ev, false, 0, 0, 2, 1, country_state, coef);
}

/*
 * The GiST opclass's bound (see score.h): a word of q counts only as far as
 * both its word evidence and its trigrams allow (each bounds what the score
 * credits that word: a word met whole or written together has all its
 * interior trigrams in the row's name, a typo half of them), and the Dice
 * denominators use the row's total word and trigram weights, when known:
 * the score's word similarity is 2 s / (W_q + W_row) with s at most U (the
 * credit q's words can get) and at most W_row, so at most
 * 2 U / (W_q + max(U, W_row)) for any W_row from row_W up; the same for the
 * trigrams (a shared trigram weighs the same on both sides).
 */
double
MatchUpperBoundRow(const MatchProfile *q, const bool *present, const MatchWordEvidence *ev,
				   double row_W, double row_V, int addr_state, double addr_ub,
				   int country_state, const double *coef)
{
	return UpperBound(q, present, ev, true, row_W, row_V, addr_state, addr_ub, country_state, coef);
}

/*
 * The interior trigrams of q's address words, as indexes into q->agram
 * (built once per query; MatchAddressBound reads them).
 */
void
MatchAddressQueryBuild(const MatchProfile *q, MatchAddressQuery *aq)
{
	aq->ngidx = 0;
	for (int k = 0; k < q->natok; k++)
	{
		const MPTok *t = &q->atok[k];
		uint32_t	wc[64];
		int			nwc = 0;

		aq->g0[k] = aq->ngidx;
		aq->ng[k] = 0;
		aq->typo[k] = t->len >= 5 && IsAscii(t);
		for (int i = 0; i < t->len && nwc < 64;)
		{
			i += Utf8Decode((const unsigned char *) t->s + i, t->len - i, &wc[nwc]);
			nwc++;
		}
		for (int i = 0; i + 2 < nwc; i++)
		{
			uint32_t	h = MatchGramHash(wc[i], wc[i + 1], wc[i + 2]);
			int			lo = 0,
						hi = q->nagram - 1,
						g = -1;
			bool		dup = false;

			while (lo <= hi)
			{
				int			mid = (lo + hi) / 2;

				if (q->agram[mid] == h)
				{
					g = mid;
					break;
				}
				if (q->agram[mid] < h)
					lo = mid + 1;
				else
					hi = mid - 1;
			}
			if (g < 0 || aq->ngidx >= MP_MAX_AGRAM * 2)
			{
				/* beyond the counted trigrams: no bound from this word */
				aq->ng[k] = 0;
				aq->ngidx = aq->g0[k];
				break;
			}
			for (int d = aq->g0[k]; d < aq->ngidx; d++)
				dup |= (aq->gidx[d] == g);
			if (!dup)
			{
				aq->gidx[aq->ngidx++] = (int16_t) g;
				aq->ng[k]++;
			}
		}
	}
}

/*
 * An upper bound of the address similarity of q and a row whose address
 * (read by the score: words or numbers) has at most the trigrams of q's
 * address marked in apresent, row_nagram trigrams in all, and words of total
 * weight at least row_AW.  The letter trigrams' Dice is bounded by the
 * trigrams in common; the weighted words' by what each word of q can be
 * credited: whole (or written together with a neighbour) only where all its
 * interior trigrams are present, a typo or two apart (addresses have no
 * trigram condition on typos) only where the row has a word of a length and
 * letters that allow it (row->nword of them, their lengths and LetterMask;
 * nword -1: not known).
 */
double
MatchAddressBound(const MatchProfile *q, const MatchAddressQuery *aq, const bool *apresent,
				  const MatchAddressRow *row)
{
	int			row_nagram = row->nagram;
	double		row_AW = row->AW;

	double		U = 0,
				words,
				chars = 0;
	int			common = 0;

	if (q->natok == 0)
		return 0;
	for (int k = 0; k < q->natok; k++)
	{
		const MPTok *t = &q->atok[k];
		int			have = 0;
		double		ub;

		for (int g = 0; g < aq->ng[k]; g++)
			have += apresent[aq->gidx[aq->g0[k] + g]];
		if (have == aq->ng[k])
			ub = 1.0;
		else if (!aq->typo[k])
			ub = 0;
		else if (row->nword < 0)
			ub = FUZZY_CREDIT;
		else
		{
			/* a typo partner passes WordSimilarity's first tests: lengths,
			 * letter sets (TyposAllowed, the mask test, EditDistance's) */
			ub = 0;
			for (int j = 0; j < row->nword; j++)
			{
				int			l = t->len < row->len[j] ? t->len : row->len[j];
				int			e = l >= 9 ? 2 : 1;
				uint32_t	x = t->mask ^ row->mask[j];

				/* (the bits of x counted without a library call) */
				x = x - ((x >> 1) & 0x55555555u);
				x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
				x = (((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
				if (l >= 5 && abs(t->len - row->len[j]) <= e && (int) x <= 2 * e)
				{
					ub = FUZZY_CREDIT;
					break;
				}
			}
		}
		U += ub * t->w;
	}
	words = q->AW > 0 ? 2 * U / (q->AW + (row_AW > U ? row_AW : U)) : 0;
	for (int i = 0; i < q->nagram; i++)
		common += apresent[i];
	if (row_nagram > 0 && q->nagram > 0)
	{
		if (common > row_nagram)
			common = row_nagram;
		chars = 2.0 * common / (q->nagram + row_nagram);
	}
	words = words > chars ? words : chars;
	return words > 1 ? 1 : words;
}

/*
 * Can q's word t (ASCII, five letters or more) be met a typo apart by a row
 * whose name has the trigrams present marks (have of the word's ng interior
 * trigrams)?  The score allows one edit (two from nine letters: TyposAllowed,
 * EditDistance, optimal string alignment) and asks that half the interior
 * trigrams be shared (SharedHalf).  An edit changes at most two neighbouring
 * letters (a transposition), so it breaks at most four consecutive interior
 * trigrams; every other trigram of q's word is in the row's word.  So the
 * trigrams the row lacks must lie within as many windows of four consecutive
 * positions as edits are allowed.  A word with a repeated trigram (its
 * unique trigrams not in position order) is judged by the half rule alone.
 */
static bool
TypoPossible(const MatchProfile *q, const MPTok *t, const bool *present, int have)
{
	int			edits,
				end = -1;

	if (t->len < 5 || 2 * have < t->ng || !IsAscii(t))
		return false;
	if (t->ng != t->len - 2)
		return true;
	edits = t->len >= 9 ? 2 : 1;
	for (int g = 0; g < t->ng; g++)
		if (!present[q->gidx[t->g0 + g]] && g > end)
		{
			if (edits-- == 0)
				return false;
			end = g + MATCH_TYPO_WINDOW - 1;
		}
	return true;
}

/*
 * Which of q's word k's trigrams must a row lack for the word to count for
 * nothing, when the row has neither it nor it written together (the word
 * keys): the typo rule's (TypoPossible), and a long word's all-trigrams
 * rule (UpperBound: it may be two of the row's words written together).
 * The rarest trigrams first, as few as rule it out: a GIN search asks
 * for these, and the rarer they are the fewer rows it reads.
 */
int
MatchWordRefuteGrams(const MatchProfile *q, int k, bool *need)
{
	const MPTok *t = &q->tok[k];
	int			order[MP_MAX_GRAM];
	bool		present[MP_MAX_GRAM];
	int			n = t->ng,
				c,
				marked = 0;

	if (n == 0)
		return 0;
	/* the word's trigrams, rarest first (stable: by position on a tie) */
	for (int g = 0; g < n; g++)
	{
		int			j = g;

		while (j > 0 && q->gw[q->gidx[t->g0 + order[j - 1]]] < q->gw[q->gidx[t->g0 + g]])
		{
			order[j] = order[j - 1];
			j--;
		}
		order[j] = g;
	}
	for (int i = 0; i < q->ngram; i++)
		present[i] = true;
	/* the shortest prefix of that order whose absence rules the word out */
	for (c = 0; c < n; c++)
	{
		if (!TypoPossible(q, t, present, n - c) && (t->len <= MATCH_JOIN_KEY_MAX || c > 0))
			break;
		present[q->gidx[t->g0 + order[c]]] = false;
	}
	if (c == 0)
		return 0;
	/* and without those of it that are not needed (the commoner first) */
	for (int d = c - 2; d >= 0; d--)
	{
		int			gi = q->gidx[t->g0 + order[d]];
		int			have = 0;

		present[gi] = true;
		for (int g = 0; g < n; g++)
			have += present[q->gidx[t->g0 + g]];
		if (TypoPossible(q, t, present, have))
			present[gi] = false;
	}
	for (int g = 0; g < n; g++)
	{
		int			gi = q->gidx[t->g0 + g];

		if (!present[gi])
		{
			need[gi] = true;
			marked++;
		}
	}
	return marked;
}

static double
UpperBound(const MatchProfile *q, const bool *present, const MatchWordEvidence *ev,
		   bool grams_too, double row_W, double row_V, int addr_state, double addr_ub,
		   int country_state, const double *coef)
{
	double		U = 0,
				P = 0;
	double		words_ub,
				chars_ub,
				gate_ub,
				logit;
	bool		contain_ub = false;
	bool		rare_ub = false;
	double		gate_name_ub;

	for (int k = 0; k < q->ntok; k++)
	{
		const MPTok *t = &q->tok[k];
		int			have = 0;
		double		ub;

		for (int g = 0; g < t->ng; g++)
			have += present[q->gidx[t->g0 + g]];
		if (ev != NULL)
		{
			if (ev->word[k] || (ev->join[k] >= 0 && ev->present_join[k]) ||
				(k > 0 && ev->join[k - 1] >= 0 && ev->present_join[k - 1]))
				ub = 1.0;		/* possibly the same word */
			else if (t->len > MATCH_JOIN_KEY_MAX && have == t->ng)
				ub = 1.0;		/* possibly two of the row's words written together
								 * (only short pairs have keys) */
			else if (TypoPossible(q, t, present, have))
				ub = FUZZY_CREDIT;	/* (typos only between words in Latin letters) */
			else
				ub = 0;
			/* and no more than its trigrams allow (as below) */
			if (grams_too && ub > 0 && have < t->ng)
				ub = TypoPossible(q, t, present, have) ? FUZZY_CREDIT : 0;
		}
		else if (have == t->ng)
			ub = 1.0;			/* possibly the same word (or no trigram to tell) */
		else if (TypoPossible(q, t, present, have))
			ub = FUZZY_CREDIT;	/* possibly a typo away: shares half its trigrams,
								 * lacks none outside an edit's reach
								 * (TyposAllowed: only between words in Latin letters) */
		else
			ub = 0;
		U += ub * t->w;
		/* a pair weighs the lighter of its words: the query's bounds it */
		if (ub > 0 && t->w >= MATCH_DISTINCT_W)
			rare_ub = true;
	}
	for (int i = 0; i < q->ngram; i++)
		if (present[i])
			P += q->gw[i];
	words_ub = q->W > 0 ? 2 * U / (q->W + (row_W > U ? row_W : U)) : 0;
	chars_ub = q->V > 0 ? 2 * P / (q->V + (row_V > P ? row_V : P)) : 0;
	/* a letter-spaced row is judged on trigrams alone: take the larger */
	if (chars_ub > words_ub && (ev == NULL || ev->frag || q->frag || Unspaced(q)))
		words_ub = chars_ub;
	gate_ub = Gate(words_ub, chars_ub);
	/*
	 * One name inside the other opens the gate (Contained): possible only
	 * where the words met weigh at least the shorter name's, which weighs
	 * MATCH_CONTAIN_MIN_W or more (a row's total weight is at least row_W),
	 * and where the house or plot numbers do not conflict.
	 */
	if (!q->frag && q->W >= MATCH_CONTAIN_MIN_W && !(ev != NULL && ev->anum_conflict))
	{
		double		wmin = q->W < row_W ? q->W : row_W;

		if (wmin < MATCH_CONTAIN_MIN_W)
			wmin = MATCH_CONTAIN_MIN_W;
		contain_ub = U >= MATCH_CONTAIN_COVER * wmin;
	}
	gate_name_ub = gate_ub;
	if (contain_ub && gate_ub < MATCH_CONTAIN_GATE)
		gate_ub = MATCH_CONTAIN_GATE;
	/* one site (OneSite): an uncommon word possibly in common, a house or
	 * plot number on the query's side, an address possibly that alike */
	if (rare_ub && q->has_address && q->nanum > 0 && addr_state != 0 &&
		(addr_state != 1 || addr_ub >= MATCH_SITE_ADDRESS) &&
		!(ev != NULL && ev->anum_conflict) &&
		0.5 * words_ub + 0.5 * chars_ub >= MATCH_AGATE_FROM)
		gate_ub = 1;

	logit = coef[MM_INTERCEPT];
	/* (one name inside the other at one site: the words without their fall) */
	logit += MaxTerm(coef[MM_NAME_WORDS], MatchWordsInput(0),
					 contain_ub ? words_ub : MatchWordsInput(words_ub));
	logit += MaxTerm(coef[MM_NAME_CHARS], 0, chars_ub);
	if (q->has_address && q->natok + q->nanum > 0 && addr_state != 0)
	{
		/* the address counts through its own gate, which opens earlier than
		 * the name's (AddressGate is monotone in both similarities, so its
		 * value at their bounds bounds it); the address numbers through the
		 * name's.  A row known to have an address (addr_state 1) has its
		 * similarity at most addr_ub; one that may have none, any. */
		double		agate_ub = AddressGate(gate_ub, words_ub, chars_ub);
		double		a_ub = addr_state == 1 ? addr_ub : 1;

		logit += MaxTerm(coef[MM_ADDR_ABOVE], 0,
						 agate_ub * (a_ub > MATCH_ADDRESS_MID ? a_ub - MATCH_ADDRESS_MID : 0));
		logit += MaxTerm(coef[MM_ADDR_BELOW], -MATCH_ADDRESS_MID,
						 a_ub < MATCH_ADDRESS_MID ? a_ub - MATCH_ADDRESS_MID : 0);
		if (ev != NULL && ev->anum_conflict)
		{
			/* both have house or plot numbers and share none: a conflict */
			logit += MaxTerm(coef[MM_ANUM_CONFLICT], -MATCH_ANUM_SITE, -1);
		}
		else
		{
			logit += MaxTerm(coef[MM_ANUM_AGREE], 0, gate_ub);
			logit += MaxTerm(coef[MM_ANUM_CONFLICT], -MATCH_ANUM_SITE, 0);
		}
	}
	if (q->nnum > 0)
	{
		logit += MaxTerm(coef[MM_NUM_AGREE], 0, gate_ub);
		logit += MaxTerm(coef[MM_NUM_CONFLICT], -1, 0);
	}
	else
		logit += MaxTerm(coef[MM_NUM_CONFLICT], -MATCH_NUM_ONE_SIDED, 0);
	if (q->has_coords)
	{
		logit += MaxTerm(coef[MM_DIST_NEAR], 0, gate_name_ub * MATCH_DIST_MAX);
		logit += MaxTerm(coef[MM_DIST_FAR], MATCH_DIST_MIN, 0);
	}
	if (q->country != 0)
	{
		if (country_state == 1 || country_state == 2)
			logit += MaxTerm(coef[MM_COUNTRY_SAME], 0, gate_ub);
		if (country_state == -1)
			logit -= coef[MM_COUNTRY_DIFF];
		else if (country_state == 2)
			logit += MaxTerm(coef[MM_COUNTRY_DIFF], -1, 0);
	}
	return Sigmoid(logit);
}

/* MatchNameBound's log-odds for one gate: the address's inputs at their best. */
static double
NameBoundLogit(const MatchProfile *a, const MatchProfile *b, MatchResult *r, int site,
			   bool both, const double *coef)
{
	double	   *x = r->x;
	double		logit = 0;

	ScoreRest(a, b, r, site);
	x[MM_ADDR_ABOVE] = x[MM_ADDR_BELOW] = 0;
	for (int i = 0; i < MM_NCOEF; i++)
		logit += coef[i] * x[i];
	if (both)
	{
		if (site != 2)
			logit += MaxTerm(coef[MM_ADDR_ABOVE], 0,
							 AddressGateOf(r) * (1 - MATCH_ADDRESS_MID));
		logit += MaxTerm(coef[MM_ADDR_BELOW], -MATCH_ADDRESS_MID, 0);
	}
	return logit;
}

/*
 * An upper bound of MatchScoreModel(a, b, coef) read from everything but the
 * addresses (whose profiles need not be built): the name, numbers, country,
 * distance and name frequency count as they will; the address's inputs at
 * whatever value they can take.  The % operator tells most candidates an
 * index returns from this alone, without reading their addresses.
 */
double
MatchNameBound(const MatchProfile *a, const MatchProfile *b, const double *coef)
{
	MatchResult r;
	double		logit;
	int			site = 0,
				v = 0;
	bool		both = a->has_address && b->has_address;

	ScoreName(a, b, &r, true);
	if (both)
	{
		/*
		 * The address numbers are read from the text, without the words: a
		 * side without numbers gives no number input; otherwise both have
		 * numbers, so the address is known and its numbers count exactly
		 * (and with them whether one name inside the other still opens the
		 * gate, and a number on one name only), and house numbers
		 * conflicting two and more on each side leave the words in common
		 * uncounted (ScoreAddress).
		 */
		MPTok		an[MP_MAX_NUM],
					bn[MP_MAX_NUM];
		int			nan,
					nbn;

		MatchAddressNumbers(a->addr, a->addrlen, an, &nan);
		MatchAddressNumbers(b->addr, b->addrlen, bn, &nbn);
		if (nan > 0 && nbn > 0)
		{
			bool		area_only;

			v = NumbersOfAddresses(an, nan, bn, nbn, &site, &area_only);
		}
		r.site_shared = v > 0 && SiteNumberShared(an, nan, bn, nbn);
	}
	else
		r.site_shared = false;
	r.address_numbers = v;
	ContainmentAtSite(&r);
	logit = NameBoundLogit(a, b, &r, site, both, coef);
	/* the addresses, not read, may be one site's (OneSite): then the gate is
	 * open, which under a model with negative weights may score lower or
	 * higher, so the larger of the two */
	if (OneSite(&r, site, 1.0) && r.gate < 1)
	{
		double		open;

		r.gate = 1;
		open = NameBoundLogit(a, b, &r, site, both, coef);
		logit = open > logit ? open : logit;
	}
	return Sigmoid(logit);
}
