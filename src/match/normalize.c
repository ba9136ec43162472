/*
 * normalize.c — facility name and address normalisation.
 *
 * Text goes through four steps, the same for names, addresses and the
 * compiled-in word lists (so a list entry always looks like the text it
 * must find):
 *
 *   1. fold and split: Unicode letters folded to lower-case ASCII where they
 *      have an ASCII form (Latin with diacritics, Vietnamese, full-width
 *      forms), other scripts lower-cased or kept; every run of punctuation
 *      or blanks becomes one token boundary, and so does a change between
 *      letters and digits or between Latin and other scripts;
 *   2. token rules: leading zeros dropped, roman numerals II..XX written as
 *      digits, ordinal suffixes dropped ("1st" → "1");
 *   3. word lists: abbreviations, spellings and the plurals of the trade's
 *      common words replaced ("gmts", "garments" → "garment"), stop words
 *      dropped (longest phrase first).  No general stemming: it would cut
 *      brand names ("Hanes", "Ozanteks") that need to stay as written;
 *   4. names only: legal forms removed — at the end of the name (any form of
 *      the facility's country, or of any country when it is unknown), at the
 *      start (forms written first: PT, CV, Cong Ty, SC, ...) and anywhere when
 *      the form has two words or more or is unmistakable (Ltd, GmbH, TNHH, ...);
 *      a CJK name loses a trailing 有限公司 and the like.  If nothing would be
 *      left, the name keeps its words.  Addresses lose a trailing country name.
 *
 * The result is run through the steps again until it no longer changes,
 * which makes normalisation idempotent by construction: the text form of a
 * facility can be read back without drift.  The second pass is read from
 * the first one's tokens (SameAgain): when every token is already folded
 * (FoldSplit of the tokens joined by blanks gives them back), steps 2-3 run
 * on them, and step 4 only when step 3 gave another list than the first
 * time; only when that changes something (about 0.3 % of real addresses,
 * no real name) does the text go through all the steps again, as before.
 *
 * Cost: a token is looked up in the dictionary once (its entry is kept with
 * it, its hash made while it is folded; a slot's tag tells a miss without
 * reading the entries), a phrase only where a bit filter of every key's
 * first two words allows one and then upward from its first word until a
 * start of it is missing, steps 2-4 copy no bytes (tokens point into the
 * folded text, the arena or constants), and an address whose last word ends
 * no country's name skips the country look-ups.  Over the 66,080 names and
 * addresses of the shared data this takes about 0.66 µs a text against
 * 2.15 µs for the two full passes before (3.3x fewer, gcc -O2):
 * `test/bench/normalize_speed.sh`, which also checks (CHECK=1, FUZZ=s) that
 * the output is byte for byte that of the normaliser before.
 */
#include "normalize.h"

#include <string.h>

#include "../common/fold.h"
#include "../ids/ids.h"

#include "match_lists.h"

#define MAX_TOKENS		(2 * MATCH_ADDRESS_MAX + 8)
#define WORK_CAP		(MATCH_NORM_CAP(MATCH_ADDRESS_MAX))
#define MAX_PHRASE		8

typedef struct Tok
{
	const char *s;				/* in FoldSplit's buffer, the arena or a
								 * constant: steps 2-4 copy no bytes */
	int			len;
	int			ent;			/* the token's dictionary entry: its slot,
								 * TOK_NO_ENTRY, or TOK_UNREAD (not looked up) */
	uint32_t	hash;			/* HashBytes of the token */
} Tok;

#define TOK_NO_ENTRY	(-1)
#define TOK_UNREAD		(-2)

static uint32_t HashBytes(const char *s, int n);

/* A token sequence; used counts its bytes as if they were copied together. */
typedef struct TokList
{
	int			used;
	Tok			t[MAX_TOKENS];
	int			n;
	bool		overflow;
} TokList;

static void
TokAddHashed(TokList *l, const char *s, int len, int ent, uint32_t hash)
{
	if (len <= 0)
		return;
	if (l->n >= MAX_TOKENS || l->used + len > WORK_CAP)
	{
		l->overflow = true;
		return;
	}
	l->t[l->n].s = s;
	l->t[l->n].len = len;
	l->t[l->n].ent = ent;
	l->t[l->n].hash = hash;
	l->used += len;
	l->n++;
}

/* A new token (not looked up), or a token t as it is. */
#define TokAdd(l, s, len)	TokAddHashed(l, s, len, TOK_UNREAD, HashBytes(s, len))
#define TokCopy(l, t)		TokAddHashed(l, (t)->s, (t)->len, (t)->ent, (t)->hash)

/* ---- step 1: fold and split ------------------------------------------- */

/*
 * The classes are FoldChar's (src/common/fold.h): FOLD_SEP is a token
 * boundary, FOLD_DROP vanishes, and a change between FOLD_DIGIT, FOLD_LATIN,
 * FOLD_CJK and FOLD_OTHER starts a new token.
 */
typedef FoldClass CharClass;

#define CC_SEP		FOLD_SEP
#define CC_DROP		FOLD_DROP
#define CC_DIGIT	FOLD_DIGIT
#define CC_LATIN	FOLD_LATIN

static int	RomanValue(const char *t, int n);

/* An ordinal suffix written straight after digits: 1st, 2nd, 3rd, 4th. */
static bool
IsOrdinalSuffix(const char *s, int n)
{
	return n == 2 && (memcmp(s, "st", 2) == 0 || memcmp(s, "nd", 2) == 0 ||
					  memcmp(s, "rd", 2) == 0 || memcmp(s, "th", 2) == 0);
}

/*
 * Steps 1 and 2 in one: the tokens of FoldSplit as TokenRules gives them
 * (FoldSplit's list itself is never needed: TokenRules of it is this one).
 * The tokens' bytes go to buf (2 * WORK_CAP bytes): the token being read is
 * written in place, after the tokens before it; the limits (and overflow)
 * are those of FoldSplit's own list.  ASCII is classified here as FoldChar
 * would, a run of ASCII letters or digits read at once, and each token's
 * hash made as it is written.
 */
static void
FoldSplitRules(const char *s, size_t n, TokList *out, char *buf)
{
	int			curlen = 0;
	CharClass	curclass = CC_SEP;
	CharClass	prevclass = CC_SEP;	/* class of the token before cur */
	size_t		i = 0;
	int			bufused = 0;	/* FoldSplit's list's bytes */
	int			nsplit = 0;		/* and tokens */
	uint32_t	h = 0;

	out->n = 0;
	out->used = 0;
	out->overflow = false;
	while (i <= n)
	{
		char		piece[FOLD_PIECE_MAX];
		int			plen = 0;
		CharClass	cc = CC_SEP;
		bool		ascii = false;

		if (i < n && (unsigned char) s[i] < 0x80)
		{
			char		c = s[i++];

			ascii = true;
			if (c >= 'a' && c <= 'z')
				cc = CC_LATIN, piece[0] = c, plen = 1;
			else if (c >= 'A' && c <= 'Z')
				cc = CC_LATIN, piece[0] = (char) (c + ('a' - 'A')), plen = 1;
			else if (c >= '0' && c <= '9')
				cc = CC_DIGIT, piece[0] = c, plen = 1;
			else if (c == '\'' || c == '`')
				continue;		/* FOLD_DROP */
		}
		else if (i < n)
		{
			uint32_t	cp;
			int			len = Utf8Decode((const unsigned char *) s + i, n - i, &cp);

			cc = FoldChar(cp, (const unsigned char *) s + i, len, piece, &plen);
			i += len;
			if (cc == CC_DROP)
				continue;
		}
		else
			i++;
		/* a boundary, or a change of class (letters/digits, Latin/other) */
		if (curlen > 0 && (cc == CC_SEP || cc != curclass))
		{
			char	   *t = buf + bufused;
			bool		skip = (curclass == CC_LATIN && prevclass == CC_DIGIT &&
								IsOrdinalSuffix(t, curlen) && cc != CC_LATIN);

			if (!skip)
			{
				/* FoldSplit's TokAdd, then TokenRules on the token */
				if (nsplit >= MAX_TOKENS || bufused + curlen > WORK_CAP)
					out->overflow = true;
				else
				{
					int			rv;

					nsplit++;
					bufused += curlen;
					if (curclass == CC_DIGIT && t[0] == '0' && curlen > 1)
					{
						int			m = curlen;

						while (m > 1 && t[0] == '0')
							t++, m--;
						TokAdd(out, t, m);
					}
					else if (curclass == CC_LATIN && (rv = RomanValue(t, curlen)) > 0)
					{
						static const char digits[][3] = {
							"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
							"11", "12", "13", "14", "15", "16", "17", "18", "19", "20"
						};

						TokAdd(out, digits[rv], rv >= 10 ? 2 : 1);
					}
					else
						TokAddHashed(out, t, curlen, TOK_UNREAD, h);
				}
			}
			prevclass = (cc == CC_SEP) ? CC_SEP : curclass;
			curlen = 0;
		}
		else if (curlen == 0 && cc == CC_SEP)
			prevclass = CC_SEP;
		if (cc == CC_SEP)
			continue;
		if (curlen + plen > WORK_CAP)
		{
			out->overflow = true;
			return;
		}
		if (curlen == 0)
			h = 2166136261u;
		for (int k = 0; k < plen; k++)
		{
			buf[bufused + curlen++] = piece[k];
			h = (h ^ (unsigned char) piece[k]) * 16777619u;
		}
		curclass = cc;
		/* the rest of a run of ASCII letters or digits */
		if (ascii)
		{
			while (i < n)
			{
				char		c = s[i];

				if (cc == CC_LATIN && c >= 'a' && c <= 'z')
					;
				else if (cc == CC_LATIN && c >= 'A' && c <= 'Z')
					c = (char) (c + ('a' - 'A'));
				else if (cc != CC_DIGIT || c < '0' || c > '9')
					break;
				if (curlen + 1 > WORK_CAP)
				{
					out->overflow = true;
					return;
				}
				buf[bufused + curlen++] = c;
				h = (h ^ (unsigned char) c) * 16777619u;
				i++;
			}
		}
	}
}

/* ---- step 2: token rules ---------------------------------------------- */

bool
MatchIsNumber(const char *t, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (t[i] < '0' || t[i] > '9')
			return false;
	return true;
}

/* Roman numerals II..XX (I, V, X and XI stay words: initials, Xi'an). */
static int
RomanValue(const char *t, int n)
{
	static const char *const romans[] = {
		"ii", "iii", "iv", NULL, "vi", "vii", "viii", "ix", NULL, NULL,
		"xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"
	};

	/* (every numeral is 2 to 5 of i, v, x: most tokens are none) */
	if (n < 2 || n > 5)
		return 0;
	for (int i = 0; i < n; i++)
		if (t[i] != 'i' && t[i] != 'v' && t[i] != 'x')
			return 0;
	for (int v = 0; v < (int) (sizeof(romans) / sizeof(romans[0])); v++)
		if (romans[v] && (int) strlen(romans[v]) == n && memcmp(romans[v], t, n) == 0)
			return v + 2;
	return 0;
}

static void
TokenRules(const TokList *in, TokList *out)
{
	out->n = 0;
	out->used = 0;
	out->overflow = in->overflow;
	for (int k = 0; k < in->n; k++)
	{
		const char *t = in->t[k].s;
		int			n = in->t[k].len;
		int			rv;

		if (MatchIsNumber(t, n) && n > 1 && t[0] == '0')
		{
			while (n > 1 && t[0] == '0')
				t++, n--;
			TokAdd(out, t, n);
		}
		else if ((rv = RomanValue(t, n)) > 0)
		{
			static const char digits[][3] = {
				"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
				"11", "12", "13", "14", "15", "16", "17", "18", "19", "20"
			};

			TokAdd(out, digits[rv], rv >= 10 ? 2 : 1);
		}
		else
			TokCopy(out, &in->t[k]);
	}
}

/* ---- the phrase dictionary (word lists and legal forms) ----------------- */

#define DICT_SLOTS		32768	/* power of two, > 2 × entries */
#define ARENA_CAP		(1 << 19)
#define CC_LINKS		16384

typedef struct DictEntry
{
	int			key;			/* arena offset, 0 = empty slot */
	int			keylen;
	int			ntok;
	int			name_repl;		/* arena offset of the replacement, -1 none */
	int			name_repl_len;
	int			addr_repl;
	int			addr_repl_len;
	uint8_t		name_where;		/* WHERE_* of the name replacement */
	uint8_t		addr_where;
	bool		legal_any;		/* a legal form in every country */
	int			legal_cc;		/* first link in cc_links, -1 none */
	bool		legal_strong;	/* may be removed anywhere in a name */
	bool		legal_prefix;	/* may be removed at the start of a name */
	uint8_t		lead_max;		/* the most tokens of an entry whose key starts
								 * with this key and a space (0: none) */
} DictEntry;

#define WHERE_ANY		0
#define WHERE_BETWEEN	1
#define WHERE_LEAD		2

typedef struct CcLink
{
	uint16_t	cc;
	int			next;
} CcLink;

static DictEntry dict[DICT_SLOTS];
/* each slot's hash | 1, 0 when empty: a miss is found without reading dict */
static uint32_t dict_tag[DICT_SLOTS];
static char arena[ARENA_CAP];
static int	arena_used = 1;
static CcLink cc_links[CC_LINKS];
static int	cc_used;
static int	max_phrase_tokens = 1;
static int	dict_used;			/* occupied slots; one is always left empty */
static bool dict_ready;
/* lead_max is set for every entry of two tokens or more (DictIndexLeads) */
static bool lead_ready;

/*
 * A bit for the first two words of every key of two words or more (the
 * starts that DictIndexLeads marks included): two tokens whose bit is clear
 * start no phrase, and most do not.
 */
#define PAIR_FILTER_BITS	(1 << 18)

static uint64_t pair_filter[PAIR_FILTER_BITS / 64];

static uint32_t
PairBit(uint32_t h1, uint32_t h2)
{
	return (((h1 * 0x9E3779B1u) ^ h2) * 0x85EBCA6Bu) >> (32 - 18);
}

static uint32_t
HashBytes(const char *s, int n)
{
	uint32_t	h = 2166136261u;

	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char) s[i]) * 16777619u;
	return h;
}

static DictEntry *DictFindHashed(const char *key, int len, uint32_t hash, bool create);

/*
 * The entry for key, or NULL; with create, a new entry when there is none
 * (NULL when the table or the arena is full).  Open addressing with linear
 * probing: the probe stops after one full round, so a full table answers
 * NULL instead of looping for ever.
 */
static DictEntry *
DictFind(const char *key, int len, bool create)
{
	return DictFindHashed(key, len, HashBytes(key, len), create);
}

/* DictFind with the key's HashBytes already made. */
static DictEntry *
DictFindHashed(const char *key, int len, uint32_t hash, bool create)
{
	uint32_t	h = hash & (DICT_SLOTS - 1);
	uint32_t	tag = hash | 1;

	for (int probes = 0; probes < DICT_SLOTS; probes++)
	{
		DictEntry  *e = &dict[h];

		if (dict_tag[h] == 0)
		{
			if (!create || arena_used + len > ARENA_CAP || dict_used >= DICT_SLOTS - 1)
				return NULL;
			dict_tag[h] = tag;
			memcpy(arena + arena_used, key, len);
			e->key = arena_used;
			e->keylen = len;
			arena_used += len;
			e->name_repl = e->addr_repl = -1;
			e->legal_cc = -1;
			dict_used++;
			return e;
		}
		if (dict_tag[h] == tag && e->keylen == len && memcmp(arena + e->key, key, len) == 0)
			return e;
		h = (h + 1) & (DICT_SLOTS - 1);
	}
	return NULL;
}

static int
ArenaPut(const char *s, int n)
{
	int			off = arena_used;

	if (arena_used + n > ARENA_CAP)
		return -1;
	memcpy(arena + arena_used, s, n);
	arena_used += n;
	return off;
}

/* Join tokens [from, to) of l with single spaces into out; returns length. */
static int
JoinTokens(const TokList *l, int from, int to, char *out, int cap)
{
	int			o = 0;

	for (int k = from; k < to; k++)
	{
		int			n = l->t[k].len;

		if (o + n + 1 > cap)
			return -1;
		if (k > from)
			out[o++] = ' ';
		memcpy(out + o, l->t[k].s, n);
		o += n;
	}
	return o;
}

static void ApplyWords(TokList *in, TokList *out, MatchField field);
static void DictIndexLeads(void);
static void CountryFilterInit(void);

static bool
HasDigit(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return false;
}


/* Steps 1-2 (and 3 for legal forms) on a list entry; the key and its length. */
static int
PrepareKey(const char *raw, bool words, char *key, int cap, int *ntok)
{
	static TokList b,
				c;
	static char buf[2 * WORK_CAP];

	FoldSplitRules(raw, strlen(raw), &b, buf);
	if (words)
	{
		ApplyWords(&b, &c, MATCH_FIELD_NAME);
		*ntok = c.n;
		return c.n > 0 ? JoinTokens(&c, 0, c.n, key, cap) : 0;
	}
	*ntok = b.n;
	return b.n > 0 ? JoinTokens(&b, 0, b.n, key, cap) : 0;
}

/* Unmistakable legal forms: removed wherever they stand in a name. */
static bool
IsStrongLegal(const char *k, int n)
{
	static const char *const strong[] = {
		"ltd", "llc", "inc", "plc", "pvt", "gmbh", "bhd", "sdn", "tnhh", "pte",
		"jsc", "ltda", "lda", "sarl", "srl", "spa", "corp", "incorporated",
		"limited", "corporation", "sti", "eireli", "ooo", "doo", "eood", "ood",
		"cty", "company", NULL
	};

	for (int i = 0; strong[i]; i++)
		if ((int) strlen(strong[i]) == n && memcmp(strong[i], k, n) == 0)
			return true;
	return false;
}

/* Legal forms written before the name. */
static bool
IsPrefixLegal(const char *k, int n)
{
	static const char *const prefix[] = {
		"pt", "cv", "ud", "sc", "cty", "cong ty", "cong ty tnhh", "cty tnhh",
		"cong ty tnhh mtv", "cty tnhh mtv",
		"cong ty co phan", "cong ty trach nhiem huu han", "pt pma",
		"\340\270\232\340\270\243\340\270\264\340\270\251\340\270\261\340\270\227", /* บริษัท */
		"\346\240\252\345\274\217\344\274\232\347\244\276", /* 株式会社 */
		"\354\243\274\354\213\235\355\232\214\354\202\254", /* 주식회사 */
		NULL
	};

	for (int i = 0; prefix[i]; i++)
		if ((int) strlen(prefix[i]) == n && memcmp(prefix[i], k, n) == 0)
			return true;
	return false;
}

static uint8_t
WhereCode(const char *where)
{
	if (where != NULL && strcmp(where, "between") == 0)
		return WHERE_BETWEEN;
	if (where != NULL && strcmp(where, "lead") == 0)
		return WHERE_LEAD;
	return WHERE_ANY;
}

static void
DictAddWords(const MatchWordEntry *list, int count, MatchField field)
{
	char		key[512];
	char		repl[512];

	for (int i = 0; i < count; i++)
	{
		int			ntok,
					rtok;
		int			klen = PrepareKey(list[i].a, false, key, sizeof(key), &ntok);
		int			rlen = PrepareKey(list[i].b, false, repl, sizeof(repl), &rtok);
		DictEntry  *e;

		if (klen <= 0 || rlen < 0 || ntok > MAX_PHRASE)
			continue;
		e = DictFind(key, klen, true);
		if (e == NULL)
			continue;
		e->ntok = ntok;
		if (ntok > max_phrase_tokens)
			max_phrase_tokens = ntok;
		if (field == MATCH_FIELD_NAME && e->name_repl < 0)
		{
			e->name_repl = ArenaPut(repl, rlen);
			e->name_repl_len = rlen;
			e->name_where = WhereCode(list[i].where);
		}
		else if (field == MATCH_FIELD_ADDRESS && e->addr_repl < 0)
		{
			e->addr_repl = ArenaPut(repl, rlen);
			e->addr_repl_len = rlen;
			e->addr_where = WhereCode(list[i].where);
		}
	}
}

static void
DictInit(void)
{
	char		key[512];

	if (dict_ready)
		return;
	DictAddWords(match_name_words, sizeof(match_name_words) / sizeof(match_name_words[0]),
				 MATCH_FIELD_NAME);
	DictAddWords(match_address_words,
				 sizeof(match_address_words) / sizeof(match_address_words[0]),
				 MATCH_FIELD_ADDRESS);
	/* word entries must be found by ApplyWords while legal forms are prepared */
	dict_ready = true;
	for (size_t i = 0; i < sizeof(match_legal_forms) / sizeof(match_legal_forms[0]); i++)
	{
		const MatchListEntry *f = &match_legal_forms[i];
		int			ntok;
		int			klen = PrepareKey(f->b, true, key, sizeof(key), &ntok);
		DictEntry  *e;

		if (klen <= 1 || ntok > MAX_PHRASE || HasDigit(key, klen))
			continue;			/* "II", "1", "S": numbers and initials stay */
		e = DictFind(key, klen, true);
		if (e == NULL)
			continue;
		e->ntok = ntok;
		if (ntok > max_phrase_tokens)
			max_phrase_tokens = ntok;
		e->legal_strong = (ntok >= 2) || IsStrongLegal(key, klen);
		e->legal_prefix = IsPrefixLegal(key, klen);
		if (f->a[0] == '\0')
			e->legal_any = true;
		else if (cc_used < CC_LINKS)
		{
			cc_links[cc_used].cc = COUNTRY_CODE(f->a[0], f->a[1]);
			cc_links[cc_used].next = e->legal_cc;
			e->legal_cc = cc_used++;
		}
	}
	DictIndexLeads();
	CountryFilterInit();
}

/*
 * Marks, for every entry of two tokens or more, each start of its key
 * that ends before a space ("cong ty tnhh" marks "cong" and "cong ty"), so
 * a phrase is looked up only where its first word stands: most words start
 * no phrase, and a text's tokens were each looked up at every phrase length.
 * The marks are entries of their own (no replacement, no legal form, ntok
 * 0: every lookup passes over them as over a missing key); when the table
 * cannot hold them, phrases are looked up everywhere as before.
 */
static void
DictIndexLeads(void)
{
	for (int i = 0; i < DICT_SLOTS; i++)
	{
		int			key,
					keylen,
					ntok;

		if (dict[i].key == 0 || dict[i].ntok < 2)
			continue;
		key = dict[i].key;
		keylen = dict[i].keylen;
		ntok = dict[i].ntok;
		for (int p = 1; p < keylen; p++)
		{
			DictEntry  *lead;

			if (arena[key + p] != ' ')
				continue;
			lead = DictFind(arena + key, p, true);
			if (lead == NULL)
				return;			/* lead_ready stays false */
			if (lead->lead_max < ntok)
				lead->lead_max = (uint8_t) ntok;
		}
	}
	/* the pair filter, from every key of two words or more (now with the marks) */
	for (int i = 0; i < DICT_SLOTS; i++)
	{
		const char *k = arena + dict[i].key;
		int			n = dict[i].keylen,
					p1,
					p2;
		uint32_t	b;

		if (dict[i].key == 0)
			continue;
		for (p1 = 0; p1 < n && k[p1] != ' '; p1++)
			;
		if (p1 == n)
			continue;
		for (p2 = p1 + 1; p2 < n && k[p2] != ' '; p2++)
			;
		b = PairBit(HashBytes(k, p1), HashBytes(k + p1 + 1, p2 - p1 - 1));
		pair_filter[b / 64] |= (uint64_t) 1 << (b % 64);
	}
	lead_ready = true;
}

/*
 * The longest phrase to look up at token k: every length when the leads
 * are not indexed, else the entry of the token alone (*one, NULL when none)
 * says how long a phrase starting with it may be.
 */
static int
PhraseMax(TokList *l, int k, int limit, DictEntry **one, bool *looked)
{
	int			max = max_phrase_tokens < limit - k ? max_phrase_tokens : limit - k;
	int			n = l->t[k].len;

	*looked = false;
	*one = NULL;
	if (!lead_ready)
		return max;
	*looked = true;
	/* as JoinTokens + DictFind would: a token over the key buffer is no key */
	if (n > 0 && n + 1 <= 512)
	{
		/* each token is looked up once, whatever reads it after */
		if (l->t[k].ent == TOK_UNREAD)
		{
			DictEntry  *e = DictFindHashed(l->t[k].s, n, l->t[k].hash, false);

			l->t[k].ent = e ? (int) (e - dict) : TOK_NO_ENTRY;
		}
		*one = l->t[k].ent >= 0 ? &dict[l->t[k].ent] : NULL;
	}
	if (*one == NULL || (*one)->lead_max < 2)
		return max < 1 ? max : 1;
	return max < (*one)->lead_max ? max : (*one)->lead_max;
}

/*
 * The entries of the phrases of 2..max tokens at token k (max from
 * PhraseMax with the leads indexed), as JoinTokens + DictFind find them, in
 * e[2..]; returns the longest length L whose phrases of 2..L tokens all have
 * an entry (1: none).  Every start of a phrase of two tokens or more is an
 * entry (DictIndexLeads), so no phrase is longer than the first start that
 * is not: the key and its hash grow a token at a time, and the search stops
 * there.
 */
static int
PhraseEntries(const TokList *l, int k, int max, DictEntry **e)
{
	char		key[512];
	int			klen = l->t[k].len;
	uint32_t	h;
	int			found = 1;

	if (max < 2 || klen + 1 > (int) sizeof(key))
		return 1;
	{
		uint32_t	b = PairBit(l->t[k].hash, l->t[k + 1].hash);

		if (!((pair_filter[b / 64] >> (b % 64)) & 1))
			return 1;			/* no key starts with these two words */
	}
	memcpy(key, l->t[k].s, klen);
	h = HashBytes(key, klen);
	for (int len = 2; len <= max; len++)
	{
		const Tok  *t = &l->t[k + len - 1];

		/* as JoinTokens: no room for the token, and no key */
		if (klen + t->len + 1 > (int) sizeof(key))
			break;
		key[klen++] = ' ';
		h = (h ^ (unsigned char) ' ') * 16777619u;
		for (int i = 0; i < t->len; i++)
		{
			key[klen++] = t->s[i];
			h = (h ^ (unsigned char) t->s[i]) * 16777619u;
		}
		if ((e[len] = DictFindHashed(key, klen, h, false)) == NULL)
			break;
		found = len;
	}
	return found;
}

static bool
IsLegalFor(const DictEntry *e, uint16_t country)
{
	if (e->legal_any || (country == 0 && e->legal_cc >= 0))
		return true;
	for (int l = e->legal_cc; l >= 0; l = cc_links[l].next)
		if (cc_links[l].cc == country)
			return true;
	return false;
}

/* ---- step 3: word lists ----------------------------------------------- */

static void
ApplyWords(TokList *in, TokList *out, MatchField field)
{
	char		key[512];

	out->n = 0;
	out->used = 0;
	out->overflow = in->overflow;
	for (int k = 0; k < in->n;)
	{
		int			len;
		bool		done = false;
		DictEntry  *one;
		bool		looked;
		DictEntry  *phrase[MAX_PHRASE + 1];
		int			found;

		len = PhraseMax(in, k, in->n, &one, &looked);
		found = looked ? PhraseEntries(in, k, len, phrase) : 0;
		for (; len >= 1 && !done; len--)
		{
			int			klen;
			DictEntry  *e;
			int			roff,
						rlen;
			uint8_t		where;

			if (looked)
				e = len == 1 ? one : len <= found ? phrase[len] : NULL;
			else if ((klen = JoinTokens(in, k, k + len, key, sizeof(key))) <= 0)
				continue;
			else
				e = DictFind(key, klen, false);
			if (e == NULL)
				continue;
			roff = field == MATCH_FIELD_NAME ? e->name_repl : e->addr_repl;
			rlen = field == MATCH_FIELD_NAME ? e->name_repl_len : e->addr_repl_len;
			where = field == MATCH_FIELD_NAME ? e->name_where : e->addr_where;
			if (roff < 0)
				continue;
			/* a word whose meaning depends on its place (normalize.h) */
			if (where == WHERE_BETWEEN && (k == 0 || k + len >= in->n))
				continue;
			if (where == WHERE_LEAD &&
				(k + len >= in->n ||
				 (k > 0 && !HasDigit(in->t[k - 1].s, in->t[k - 1].len))))
				continue;
			/* the replacement may hold several words */
			for (int p = 0; p < rlen;)
			{
				int			q = p;

				while (q < rlen && arena[roff + q] != ' ')
					q++;
				TokAdd(out, arena + roff + p, q - p);
				p = q + 1;
			}
			k += len;
			done = true;
		}
		if (!done)
		{
			TokCopy(out, &in->t[k]);
			k++;
		}
	}
}

/* ---- step 4: legal forms and country names ----------------------------- */

static bool
IsCjkToken(const TokList *l, int k)
{
	uint32_t	cp;

	Utf8Decode((const unsigned char *) l->t[k].s, l->t[k].len, &cp);
	return FoldIsCjk(cp);
}

/* Length (in tokens) of the longest legal form starting at token k, or 0. */
static int
LegalAt(TokList *l, int k, int limit, uint16_t country, bool strong_only,
		bool prefix_only)
{
	char		key[512];
	DictEntry  *one;
	bool		looked;
	DictEntry  *phrase[MAX_PHRASE + 1];
	int			max = PhraseMax(l, k, limit, &one, &looked);
	int			found = looked ? PhraseEntries(l, k, max, phrase) : 0;

	for (int len = max; len >= 1; len--)
	{
		int			klen;
		DictEntry  *e;

		if (looked)
			e = len == 1 ? one : len <= found ? phrase[len] : NULL;
		else if ((klen = JoinTokens(l, k, k + len, key, sizeof(key))) <= 0)
			continue;
		else
			e = DictFind(key, klen, false);
		if (e == NULL || e->ntok != len)
			continue;
		if (!IsLegalFor(e, country))
			continue;
		if (strong_only && !e->legal_strong)
			continue;
		if (prefix_only && !e->legal_prefix && len < 2)
			continue;
		return len;
	}
	return 0;
}

/* Strip a trailing CJK legal form from a CJK token; new length or the old one. */
static int
StripCjkSuffix(const char *t, int n, uint16_t country)
{
	bool		again = true;

	while (again)
	{
		again = false;
		/* try suffixes from long to short, on code point boundaries */
		for (int cut = 0; cut < n; cut++)
		{
			DictEntry  *e;

			if (((unsigned char) t[cut] & 0xC0) == 0x80)
				continue;
			if (cut == 0)
				continue;		/* never strip the whole token */
			e = DictFind(t + cut, n - cut, false);
			if (e && e->ntok == 1 && IsLegalFor(e, country))
			{
				n = cut;
				again = true;
				break;
			}
		}
	}
	return n;
}

/* Remove tokens [from, from + len) of l in place. */
static void
DropTokens(TokList *l, int from, int len)
{
	memmove(&l->t[from], &l->t[from + len], sizeof(Tok) * (l->n - from - len));
	l->n -= len;
}

/*
 * Remove legal forms one at a time, always on the compacted list (so forms
 * that become neighbours are seen), until none is left to remove or only a
 * legal form would remain.
 */
static void
StripLegalForms(const TokList *in, TokList *out, uint16_t country)
{
	bool		changed = true;

	out->used = in->used;
	memcpy(out->t, in->t, sizeof(Tok) * in->n);
	out->n = in->n;
	out->overflow = in->overflow;
	while (changed && out->n > 1)
	{
		int			len;

		changed = false;
		/* at the end: any legal form of the country */
		for (int start = 1; start < out->n; start++)
		{
			len = LegalAt(out, start, out->n, country, false, false);
			if (len > 0 && start + len == out->n)
			{
				DropTokens(out, start, len);
				changed = true;
				break;
			}
		}
		if (changed)
			continue;
		/* at the start: forms written first */
		len = LegalAt(out, 0, out->n, country, false, true);
		if (len > 0 && len < out->n)
		{
			DropTokens(out, 0, len);
			changed = true;
			continue;
		}
		/* anywhere: several words, or unmistakable */
		for (int k = 0; k < out->n; k++)
		{
			len = LegalAt(out, k, out->n, country, true, false);
			if (len > 0 && len < out->n)
			{
				DropTokens(out, k, len);
				changed = true;
				break;
			}
		}
	}
	for (int k = 0; k < out->n; k++)
		if (IsCjkToken(out, k))
		{
			int			n = StripCjkSuffix(out->t[k].s, out->t[k].len, country);

			if (n != out->t[k].len)
			{
				out->t[k].len = n;
				out->t[k].ent = TOK_UNREAD;
				out->t[k].hash = HashBytes(out->t[k].s, n);
			}
		}
}

/*
 * Whether key names the facility's country (or, when that is unknown, a
 * country by a curated name), remembered: an address's last words repeat
 * from one address to the next (towns, provinces, zones), and reading them
 * as a country cost a fifth of normalising the address.  The answer depends
 * on the key and the country alone; keys of up to COUNTRY_MEMO_KEY bytes
 * are kept, the whole key compared, one entry per slot.
 */
#define COUNTRY_MEMO_SLOTS	4096	/* power of two */
#define COUNTRY_MEMO_KEY	47

typedef struct CountryMemo
{
	uint16_t	country;
	uint8_t		len;			/* 0 = empty slot */
	bool		names;
	char		key[COUNTRY_MEMO_KEY];
} CountryMemo;

static CountryMemo country_memo[COUNTRY_MEMO_SLOTS];

/*
 * A bit for the hash of every folded country name and alias: a key of
 * plain words (a-z, 0-9, single blanks: FoldKey leaves it as it is) whose
 * bit is clear names no country, and most of an address's last words name
 * none.  Keys of four bytes or more are read by name alone (CountryParseEx:
 * codes have two or three), so the filter answers for them exactly.
 */
#define COUNTRY_FILTER_BITS	(1 << 19)

static uint64_t country_filter[COUNTRY_FILTER_BITS / 64];
/* the same for the last word of every name and alias */
static uint64_t country_last_filter[COUNTRY_FILTER_BITS / 64];
static bool country_filter_ready;

static uint32_t
CountryFilterBit(uint32_t h)
{
	return h >> (32 - 19);
}

static void
CountryFilterInit(void)
{
	for (int i = 0; i < CountryNameCount(); i++)
	{
		const char *k = CountryNameAt(i)->key;
		int			len = (int) strlen(k);
		const char *last = strrchr(k, ' ');
		uint32_t	b = CountryFilterBit(HashBytes(k, len));

		country_filter[b / 64] |= (uint64_t) 1 << (b % 64);
		last = last ? last + 1 : k;
		b = CountryFilterBit(HashBytes(last, (int) (k + len - last)));
		country_last_filter[b / 64] |= (uint64_t) 1 << (b % 64);
	}
	country_filter_ready = true;
}

/* True when no country name or alias can be key (klen >= 4). */
static bool
CountryFilterRules(const char *key, int klen, uint32_t h)
{
	uint32_t	b = CountryFilterBit(h);

	if (!country_filter_ready || klen < 4 || (country_filter[b / 64] >> (b % 64)) & 1)
		return false;
	for (int i = 0; i < klen; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') || key[i] == ' '))
			return false;
	return true;
}

static bool
NamesCountry(const char *key, int klen, uint16_t country)
{
	uint16_t	cc;
	IdError		e;
	bool		translated,
				names;
	CountryMemo *m = NULL;
	uint32_t	hk = HashBytes(key, klen);

	if (CountryFilterRules(key, klen, hk))
		return false;
	if (klen <= COUNTRY_MEMO_KEY)
	{
		uint32_t	h = (hk ^ (country * 2654435761u)) & (COUNTRY_MEMO_SLOTS - 1);

		m = &country_memo[h];
		if (m->len == klen && m->country == country && memcmp(m->key, key, klen) == 0)
			return m->names;
	}

	/*
	 * The facility's own country in any language; when it is unknown, only
	 * the curated names (a translation can be an ordinary word elsewhere:
	 * "Duc" is Germany in Vietnamese).
	 */
	names = CountryParseEx(key, klen, &cc, &e, &translated) &&
		(country == 0 ? !translated : cc == country);
	if (m != NULL)
	{
		m->country = country;
		m->len = (uint8_t) klen;
		m->names = names;
		memcpy(m->key, key, klen);
	}
	return names;
}

/* True when the token is made of a-z and 0-9 only. */
static bool
TokAsciiWord(const Tok *t)
{
	for (int i = 0; i < t->len; i++)
		if (!((t->s[i] >= 'a' && t->s[i] <= 'z') || (t->s[i] >= '0' && t->s[i] <= '9')))
			return false;
	return true;
}

/* Drop a trailing country name ("... Sri Lanka") from an address. */
static void
StripCountryName(TokList *l, uint16_t country)
{
	char		key[256];

	/*
	 * Every key read below ends with the last token.  When the tokens it
	 * may hold are plain words, each key is as FoldKey leaves it and of
	 * four bytes or more (read by name alone), and it names a country only
	 * when its last word ends a country's name or alias: most addresses end
	 * with a word that ends none.
	 */
	if (l->n >= 2 && country_filter_ready)
	{
		const Tok  *last = &l->t[l->n - 1];
		uint32_t	b = CountryFilterBit(HashBytes(last->s, last->len));
		bool		plain = true;

		for (int k = l->n - 4 < 1 ? 1 : l->n - 4; k < l->n && plain; k++)
			plain = TokAsciiWord(&l->t[k]);
		if (plain && !((country_last_filter[b / 64] >> (b % 64)) & 1))
			return;
	}

	for (int len = 4; len >= 1; len--)
	{
		int			klen;

		if (l->n - len < 1)
			continue;
		klen = JoinTokens(l, l->n - len, l->n, key, sizeof(key));
		if (klen < 4)
			continue;
		if (NamesCountry(key, klen, country))
		{
			l->n -= len;
			return;
		}
	}
}

/* ---- the whole pipeline -------------------------------------------------- */

static TokList lb,
			lc,
			ld;
static char la_buf[2 * WORK_CAP];	/* the tokens' bytes, read by every list after */

/* Copy the tokens of a (and its counts) to b. */
static void
CopyTokens(const TokList *a, TokList *b)
{
	memcpy(b->t, a->t, sizeof(Tok) * a->n);
	b->n = a->n;
	b->used = a->used;
	b->overflow = a->overflow;
}
static int	lc_n;				/* lc's tokens before StripCountryName */

/* Step 4 on c (d receives a name's tokens); the list that holds the result. */
static TokList *
Step4(MatchField field, TokList *c, TokList *d, uint16_t country)
{
	if (field == MATCH_FIELD_NAME)
	{
		StripLegalForms(c, d, country);
		return d;
	}
	StripCountryName(c, country);
	return c;
}

/* One pass of steps 1-4; false when the text has too many tokens. */
static bool
NormalizeOnce(MatchField field, const char *s, size_t n, uint16_t country,
			  char *out, size_t cap, size_t *outlen, TokList **result)
{
	TokList    *final;
	int			len;

	FoldSplitRules(s, n, &lb, la_buf);
	ApplyWords(&lb, &lc, field);
	if (lc.n == 0 && lb.n > 0)
		CopyTokens(&lb, &lc);	/* only stop words ("The And"): keep them */
	lc_n = lc.n;
	final = Step4(field, &lc, &ld, country);
	if (final->overflow)
		return false;
	len = final->n > 0 ? JoinTokens(final, 0, final->n, out, (int) cap) : 0;
	if (len < 0)
		return false;
	*outlen = (size_t) len;
	*result = final;
	return true;
}

/* Whether FoldSplit gives token k back as it is (one class, folded already). */
static bool
TokPlain(const TokList *l, int k)
{
	const unsigned char *t = (const unsigned char *) l->t[k].s;
	int			n = l->t[k].len;
	CharClass	first = CC_SEP;

	if (t[0] >= 'a' && t[0] <= 'z')
	{
		for (int i = 1; i < n; i++)
			if (t[i] < 'a' || t[i] > 'z')
				return false;
		return true;
	}
	if (t[0] >= '0' && t[0] <= '9')
	{
		for (int i = 1; i < n; i++)
			if (t[i] < '0' || t[i] > '9')
				return false;
		return true;
	}
	for (int i = 0; i < n;)
	{
		uint32_t	cp;
		char		piece[FOLD_PIECE_MAX];
		int			plen;
		int			len = Utf8Decode(t + i, n - i, &cp);
		CharClass	cc = FoldChar(cp, t + i, len, piece, &plen);

		if (cc == CC_SEP || cc == CC_DROP || (i > 0 && cc != first) ||
			plen != len || memcmp(piece, t + i, len) != 0)
			return false;
		first = cc;
		i += len;
	}
	return n > 0;
}

/* Whether the first n tokens of a are the tokens of b. */
static bool
TokListsEqual(const TokList *a, int n, const TokList *b)
{
	if (n != b->n)
		return false;
	for (int k = 0; k < n; k++)
		if (a->t[k].len != b->t[k].len ||
			memcmp(a->t[k].s, b->t[k].s, a->t[k].len) != 0)
			return false;
	return true;
}

static TokList pb,
			pc,
			pd;

/*
 * Whether a second pass over the text that the pass just made (its result
 * *d, its step 3 result lc[0..lc_n)) would give that text back.  Read from
 * the tokens, without writing and splitting the text again: when every
 * token is plain (TokPlain), FoldSplit of the tokens joined by spaces gives
 * exactly the tokens (the blanks end every token, so no ordinal suffix is
 * dropped).  Steps 2-3 then run on them as the pass would; when step 3
 * gives the list step 4 read the first time, step 4 gives the same again,
 * so it is not run.  false (run the text through the steps again) when it
 * is not plain, or nothing is known.
 */
static bool
SameAgain(MatchField field, uint16_t country, TokList *d)
{
	TokList    *f,
			   *b = d;

	for (int k = 0; k < d->n; k++)
	{
		const Tok  *t = &d->t[k];

		if (!TokPlain(d, k))
			return false;
		/* a token TokenRules would change: run it (none does, in practice) */
		if ((t->s[0] == '0' && t->len > 1) || RomanValue(t->s, t->len) > 0)
			b = NULL;
	}
	if (b == NULL)
	{
		TokenRules(d, &pb);
		b = &pb;
	}
	ApplyWords(b, &pc, field);
	if (pc.n == 0 && b->n > 0)
		TokenRules(d, &pc);
	if (b->overflow || pc.overflow)
		return false;
	if (TokListsEqual(&lc, lc_n, &pc))
		return true;
	f = Step4(field, &pc, &pd, country);
	return !f->overflow && TokListsEqual(f, f->n, d);
}

MatchNormStatus
MatchNormalize(MatchField field, const char *s, size_t n, uint16_t country,
			   char *out, size_t *outlen)
{
	static char again[WORK_CAP];
	size_t		limit = field == MATCH_FIELD_NAME ? MATCH_NAME_MAX : MATCH_ADDRESS_MAX;
	TokList    *result;

	*outlen = 0;
	if (n > limit)
		return MATCH_NORM_TOO_LONG;
	DictInit();
	if (!NormalizeOnce(field, s, n, country, out, MATCH_NORM_CAP(n), outlen, &result))
		return MATCH_NORM_TOO_LONG;
	/* almost always the second pass changes nothing, seen from the tokens */
	if (SameAgain(field, country, result))
		return *outlen > 0 ? MATCH_NORM_OK : MATCH_NORM_EMPTY;
	/* run again until stable: idempotent by construction */
	for (int round = 0; round < 16; round++)
	{
		size_t		len2;

		memcpy(again, out, *outlen);
		if (!NormalizeOnce(field, again, *outlen, country, out, MATCH_NORM_CAP(n), &len2, &result))
			return MATCH_NORM_TOO_LONG;
		if (len2 == *outlen && memcmp(again, out, len2) == 0)
			break;
		*outlen = len2;
	}
	return *outlen > 0 ? MATCH_NORM_OK : MATCH_NORM_EMPTY;
}
