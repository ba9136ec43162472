/*
 * facility_gin.c — GIN operator class for hredd.facility and the % operator.
 *
 * Keys (format 3): the hashed trigrams of the normalised name (as the score
 * sees it), the country (by a key that also marks the format), the name's
 * words and short pairs of neighbouring words, a key for letter-spaced names,
 * and the address's house and plot numbers (or a key saying it has none).
 * The consistent functions compute an upper bound of the match score from
 * the keys a row has (MatchUpperBoundWords) and drop a row only when even
 * that bound is below hredd.match_threshold, so the index never loses a
 * match; every survivor is rechecked with the exact score.  The bound also
 * tells GIN's fast scan which rare keys a match must have, so common
 * trigrams ("gar", "ent") are never walked in full; and a row whose house
 * numbers conflict with the query's loses what an agreeing address could
 * have added, so a name half alike at another plot is not even a candidate.
 * Indexes of earlier formats (2: no number keys; 1, built by 0.1.0: no word
 * keys either) are read with the evidence they have.
 */
#include "facility.h"

#include "access/gin.h"
#include "access/stratnum.h"
#include "utils/builtins.h"

#define FACILITY_SIMILAR_STRATEGY	1

/*
 * Trigrams and words this common are not asked for (see extract_query),
 * except the trigrams that rule out a typo of an asked word.
 */
#ifndef GIN_COMMON_GRAM
#define GIN_COMMON_GRAM		3.5
#endif
#ifndef GIN_COMMON_WORD
#define GIN_COMMON_WORD		0.5
#endif

#define GIN_MEMO			256

typedef struct GinQuery
{
	MatchProfile *q;
	int			ngram;			/* keys [0, ngram) are q's trigrams */
	int			same_key;		/* key index of q's country (format 1), -1 none */
	int			unknown_key;	/* key index of "no country" (format 1), -1 none */
	int			same_key2;		/* the same in format 2 */
	int			unknown_key2;
	int			same_key3;		/* the same in format 3 */
	int			unknown_key3;
	int			num0;			/* key index of q's first number key */
	int			nnum;			/* q's number keys (0: no number evidence) */
	int			nonum_key;		/* key index of the no-number key, -1 none */
	int			word0;			/* key index of q's first word key, -1 none */
	int			frag_key;		/* key index of the letter-spaced key */
	int		   *join;			/* per word of q: its join key's offset, or -1 */
	int		   *gram_key;		/* per trigram of q: its key index, -1 not asked */
	int		   *word_key;		/* per word of q: its key index, -1 not asked */
	double		threshold;
	double		coef[MM_NCOEF];	/* the model hredd.match_model names */
	/*
	 * The consistent functions' answers by the keys a row has (when every
	 * key is known and there are at most 64): GIN's fast scan meets the
	 * same few patterns (a rare key and the country) thousands of times.
	 */
	uint64		memo_mask[GIN_MEMO];
	uint8		memo_val[GIN_MEMO];	/* 0 empty, 1 false, 2 true */
	bool	   *present;		/* scratch for the consistent functions */
	bool	   *word;
	bool	   *present_join;
	GinTernaryValue *tri;
} GinQuery;

/*
 * A row's keys: its name's trigrams, and (format 2) its words and pairs of
 * neighbouring words written together in its country, and whether it looks
 * letter-spaced.  An index
 * built by 0.1.0 (format 1) has a country key (MatchCountryKey) instead.
 */
PG_FUNCTION_INFO_V1(facility_gin_extract_value);
Datum
facility_gin_extract_value(PG_FUNCTION_ARGS)
{
	FacilityData *f = PG_GETARG_FACILITY(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	MatchProfile *p = palloc(sizeof(MatchProfile));
	uint32	   *words;
	Datum	   *keys;
	int			n = 0,
				nw;

	FacilityProfileName(f, p, NULL);
	words = palloc(sizeof(uint32) * (2 * p->ntok + 2 + MP_MAX_NUM));
	nw = MatchRowWordKeys(p, words);
	nw += MatchRowNumberKeys(p, words + nw);
	keys = palloc(sizeof(Datum) * (p->ngram + 1 + nw));
	for (int i = 0; i < p->ngram; i++)
		keys[n++] = Int32GetDatum((int32) p->gram[i]);
	keys[n++] = Int32GetDatum((int32) MatchCountryKey3(f->country));
	for (int i = 0; i < nw; i++)
		keys[n++] = Int32GetDatum((int32) words[i]);
	*nkeys = n;
	pfree(words);
	pfree(p);
	PG_RETURN_POINTER(keys);
}

PG_FUNCTION_INFO_V1(facility_gin_extract_query);
Datum
facility_gin_extract_query(PG_FUNCTION_ARGS)
{
	FacilityData *f = PG_GETARG_FACILITY(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	Pointer   **extra = (Pointer **) PG_GETARG_POINTER(4);
	int32	   *mode = (int32 *) PG_GETARG_POINTER(6);
	GinQuery   *gq = palloc0(sizeof(GinQuery));
	int			ntok;
	Datum	   *keys;
	int			n;
	bool	   *none;
	bool	   *need;

	gq->q = palloc(sizeof(MatchProfile));
	/* the operator weighs words with the statistics hredd.match_registry names
	 * (if any): so does the bound (it reads no row's total word weight) */
	FacilityProfileStats(f, gq->q, FacilitySettingStats());
	ntok = gq->q->ntok;
	gq->ngram = gq->q->ngram;
	gq->threshold = hredd_match_threshold;
	/* the operator scores with the model the setting names: bound that one */
	FacilityLoadModel(FacilitySettingModel(), gq->coef);
	gq->present = palloc(sizeof(bool) * (gq->ngram + 1));
	gq->word = palloc(sizeof(bool) * (ntok + 1));
	gq->present_join = palloc(sizeof(bool) * (ntok + 1));
	gq->join = palloc(sizeof(int) * (ntok + 1));
	gq->gram_key = palloc(sizeof(int) * (gq->ngram + 1));
	gq->word_key = palloc(sizeof(int) * (ntok + 1));
	keys = palloc(sizeof(Datum) * (gq->ngram + 6 + 2 * ntok + 1 + MP_MAX_NUM + 1));
	n = 0;

	/*
	 * The trigrams whose absence rules out an asked word and a typo of it:
	 * the rarest few of each word's (MatchWordRefuteGrams), so that GIN's
	 * fast scan can drop a row lacking them from lists shorter than the
	 * word's half-commonest trigrams'.
	 */
	need = palloc0(sizeof(bool) * (gq->ngram + 1));
	for (int k = 0; k < ntok; k++)
		if (gq->q->tok[k].w >= GIN_COMMON_WORD)
			MatchWordRefuteGrams(gq->q, k, need);
	for (int i = 0; i < gq->ngram; i++)
	{
		/*
		 * With word keys (a country), the other trigrams but the rare ones
		 * are not asked for and count as present: GIN would advance their
		 * long lists for every candidate, and they weigh little in the
		 * bound (the rarest three are always asked for).
		 */
		int			rarer = 0;

		for (int j = 0; j < gq->ngram; j++)
			rarer += gq->q->gw[j] > gq->q->gw[i] || (gq->q->gw[j] == gq->q->gw[i] && j < i);
		if (f->country != 0 && !need[i] && gq->q->gw[i] < GIN_COMMON_GRAM && rarer >= 3)
		{
			gq->gram_key[i] = -1;
			continue;
		}
		gq->gram_key[i] = n;
		keys[n++] = Int32GetDatum((int32) gq->q->gram[i]);
	}
	gq->same_key = gq->unknown_key = gq->same_key2 = gq->unknown_key2 = gq->word0 = -1;
	gq->same_key3 = gq->unknown_key3 = gq->num0 = gq->nonum_key = -1;
	gq->nnum = 0;
	gq->frag_key = -1;
	if (f->country != 0)
	{
		uint32	   *words = palloc(sizeof(uint32) * (2 * ntok + 1));
		int			nw;

		gq->same_key = n;
		keys[n++] = Int32GetDatum((int32) MatchCountryKey(f->country));
		gq->unknown_key = n;
		keys[n++] = Int32GetDatum((int32) MatchCountryKey(0));

		gq->same_key2 = n;
		keys[n++] = Int32GetDatum((int32) MatchCountryKey2(f->country));
		gq->unknown_key2 = n;
		keys[n++] = Int32GetDatum((int32) MatchCountryKey2(0));

		gq->same_key3 = n;
		keys[n++] = Int32GetDatum((int32) MatchCountryKey3(f->country));
		gq->unknown_key3 = n;
		keys[n++] = Int32GetDatum((int32) MatchCountryKey3(0));

		/*
		 * Word evidence needs a row's format, which its country key tells:
		 * so only where q has a country (a query without one meets rows of
		 * every country, whose keys it cannot list; it has the trigrams'
		 * bound alone).
		 */
		nw = MatchQueryWordKeys(gq->q, words, gq->join);
		/* (a common word is not asked for either: it counts as present) */
		for (int k = 0; k < ntok; k++)
		{
			gq->word_key[k] = -1;
			if (gq->q->tok[k].w >= GIN_COMMON_WORD)
			{
				gq->word_key[k] = n;
				keys[n++] = Int32GetDatum((int32) words[k]);
			}
		}
		gq->word0 = n;
		for (int i = ntok; i < nw; i++)
			keys[n++] = Int32GetDatum((int32) words[i]);
		for (int k = 0; k < ntok; k++)
			if (gq->join[k] >= 0)
				gq->join[k] += n - nw;
		gq->frag_key = n;
		keys[n++] = Int32GetDatum((int32) MatchFragKey());

		/*
		 * q's house and plot numbers (format 3): a row with none of them
		 * and without the no-number key has numbers that conflict.  Only
		 * when the bound has an address to count (q's address known).
		 */
		if (gq->q->has_address && gq->q->natok + gq->q->nanum > 0)
		{
			uint32	   *nums = palloc(sizeof(uint32) * MP_MAX_NUM);

			gq->nnum = MatchQueryNumberKeys(gq->q, nums);
			if (gq->nnum > 0)
			{
				gq->num0 = n;
				for (int i = 0; i < gq->nnum; i++)
					keys[n++] = Int32GetDatum((int32) nums[i]);
				gq->nonum_key = n;
				keys[n++] = Int32GetDatum((int32) MatchNoNumberKey());
			}
			pfree(nums);
		}
		pfree(words);
	}
	*nkeys = n;
	gq->tri = palloc(sizeof(GinTernaryValue) * (n + 1));
	*extra = palloc(sizeof(Pointer) * n);
	for (int i = 0; i < n; i++)
		(*extra)[i] = (Pointer) gq;

	/* a row sharing no trigram could still pass a very low threshold */
	none = palloc0(sizeof(bool) * (gq->ngram + 1));
	if (MatchUpperBoundModel(gq->q, none, 2, gq->coef) >= gq->threshold)
		*mode = GIN_SEARCH_MODE_ALL;
	PG_RETURN_POINTER(keys);
}

/*
 * The bound of one row given, for each key, whether the row may have it
 * (GIN_TRUE / GIN_MAYBE) or has not (GIN_FALSE): the largest of the bounds
 * over what the row can be — in format 2, of q's country or none, with the
 * words it may have; in format 1 (an index built by 0.1.0), of q's country or
 * none, from its trigrams; of another country, in either format.
 */
static double
GinBound(GinQuery *gq, const GinTernaryValue *check, int nkeys)
{
	bool	   *present = gq->present;
	double		ub = 0,
				b;
	int			cs;

	for (int i = 0; i < gq->ngram; i++)
		present[i] = gq->gram_key[i] < 0 || check[gq->gram_key[i]] != GIN_FALSE;
	if (gq->same_key < 0 || nkeys <= gq->frag_key)
		return MatchUpperBoundModel(gq->q, present, 0, gq->coef);

	/*
	 * formats 3 and 2, q's country or none: a word key absent is a word
	 * absent; in format 3 also the number keys (a row with numbers, none of
	 * them q's, has numbers that conflict)
	 */
	for (int f3 = 1; f3 >= 0; f3--)
	{
		GinTernaryValue same = check[f3 ? gq->same_key3 : gq->same_key2];
		GinTernaryValue unknown = check[f3 ? gq->unknown_key3 : gq->unknown_key2];
		MatchWordEvidence ev;

		if (same == GIN_FALSE && unknown == GIN_FALSE)
			continue;
		for (int k = 0; k < gq->q->ntok; k++)
		{
			int			j = gq->join[k];

			gq->word[k] = gq->word_key[k] < 0 || check[gq->word_key[k]] != GIN_FALSE;
			gq->present_join[k] = j >= 0 && check[j] != GIN_FALSE;
		}
		ev.word = gq->word;
		ev.join = gq->join;
		ev.present_join = gq->present_join;
		ev.frag = check[gq->frag_key] != GIN_FALSE;
		ev.anum_conflict = false;
		if (f3 && gq->nnum > 0 && check[gq->nonum_key] == GIN_FALSE)
		{
			ev.anum_conflict = true;
			for (int i = 0; i < gq->nnum; i++)
				if (check[gq->num0 + i] != GIN_FALSE)
					ev.anum_conflict = false;
		}
		cs = same == GIN_TRUE ? 1 : (same == GIN_MAYBE ? 2 : 0);
		b = MatchUpperBoundWords(gq->q, present, &ev, cs, gq->coef);
		if (b > ub)
			ub = b;
	}
	/* format 1, q's country or none */
	if (check[gq->same_key] != GIN_FALSE || check[gq->unknown_key] != GIN_FALSE)
	{
		cs = check[gq->same_key] == GIN_TRUE ? 1 :
			(check[gq->same_key] == GIN_MAYBE ? 2 : 0);
		b = MatchUpperBoundModel(gq->q, present, cs, gq->coef);
		if (b > ub)
			ub = b;
	}
	/* another country, in any format */
	if (check[gq->same_key] != GIN_TRUE && check[gq->unknown_key] != GIN_TRUE &&
		check[gq->same_key2] != GIN_TRUE && check[gq->unknown_key2] != GIN_TRUE &&
		check[gq->same_key3] != GIN_TRUE && check[gq->unknown_key3] != GIN_TRUE)
	{
		b = MatchUpperBoundModel(gq->q, present, -1, gq->coef);
		if (b > ub)
			ub = b;
	}
	return ub;
}

/*
 * Whether a row with the keys check tells is a candidate: the bound against
 * the threshold, remembered by the pattern of keys when all are known.
 */
static bool
GinCandidate(GinQuery *gq, const GinTernaryValue *check, int nkeys)
{
	uint64		mask = 0;
	int			slot;
	bool		r;

	if (nkeys > 64)
		return GinBound(gq, check, nkeys) >= gq->threshold;
	for (int i = 0; i < nkeys; i++)
	{
		if (check[i] == GIN_MAYBE)
			return GinBound(gq, check, nkeys) >= gq->threshold;
		if (check[i] == GIN_TRUE)
			mask |= UINT64CONST(1) << i;
	}
	slot = (int) (((mask * UINT64CONST(0x9E3779B97F4A7C15)) >> 56) & (GIN_MEMO - 1));
	if (gq->memo_val[slot] != 0 && gq->memo_mask[slot] == mask)
		return gq->memo_val[slot] == 2;
	r = GinBound(gq, check, nkeys) >= gq->threshold;
	gq->memo_mask[slot] = mask;
	gq->memo_val[slot] = r ? 2 : 1;
	return r;
}

PG_FUNCTION_INFO_V1(facility_gin_consistent);
Datum
facility_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra = (Pointer *) PG_GETARG_POINTER(4);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);
	GinQuery   *gq = (GinQuery *) extra[0];
	GinTernaryValue *tri = gq->tri;

	*recheck = true;
	for (int i = 0; i < nkeys; i++)
		tri[i] = check[i] ? GIN_TRUE : GIN_FALSE;
	PG_RETURN_BOOL(GinCandidate(gq, tri, nkeys));
}

PG_FUNCTION_INFO_V1(facility_gin_tri_consistent);
Datum
facility_gin_tri_consistent(PG_FUNCTION_ARGS)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	Pointer    *extra = (Pointer *) PG_GETARG_POINTER(4);
	int32		nkeys = PG_GETARG_INT32(3);
	GinQuery   *gq = (GinQuery *) extra[0];

	PG_RETURN_GIN_TERNARY_VALUE(GinCandidate(gq, check, nkeys) ? GIN_MAYBE : GIN_FALSE);
}
