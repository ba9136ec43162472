/*
 * facility_gin.c — GIN operator class for hredd.facility and the % operator.
 *
 * Keys: the hashed trigrams of the normalised name (as the score sees it)
 * and one key for the country.  The consistent functions compute an upper
 * bound of the match score from the trigrams a row has (MatchUpperBound) and
 * drop a row only when even that bound is below hredd.match_threshold, so
 * the index never loses a match; every survivor is rechecked with the exact
 * score.  The bound also tells GIN's fast scan which rare trigrams a match
 * must have, so common trigrams ("gar", "ent") are never walked in full.
 */
#include "facility.h"

#include "access/gin.h"
#include "access/stratnum.h"
#include "utils/builtins.h"

#define FACILITY_SIMILAR_STRATEGY	1

typedef struct GinQuery
{
	MatchProfile *q;
	int			ngram;			/* keys [0, ngram) are q's trigrams */
	int			same_key;		/* key index of q's country, -1 none */
	int			unknown_key;	/* key index of "no country", -1 none */
	double		threshold;
	double		coef[MM_NCOEF];	/* the model hredd.match_model names */
	bool	   *present;		/* scratch for the ternary consistent function */
} GinQuery;

PG_FUNCTION_INFO_V1(facility_gin_extract_value);
Datum
facility_gin_extract_value(PG_FUNCTION_ARGS)
{
	FacilityData *f = PG_GETARG_FACILITY(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	MatchProfile *p = palloc(sizeof(MatchProfile));
	Datum	   *keys;

	FacilityProfile(f, p);
	keys = palloc(sizeof(Datum) * (p->ngram + 1));
	for (int i = 0; i < p->ngram; i++)
		keys[i] = Int32GetDatum((int32) p->gram[i]);
	keys[p->ngram] = Int32GetDatum((int32) MatchCountryKey(f->country));
	*nkeys = p->ngram + 1;
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
	GinQuery   *gq = palloc(sizeof(GinQuery));
	Datum	   *keys;
	int			n;
	bool	   *none;

	gq->q = palloc(sizeof(MatchProfile));
	FacilityProfile(f, gq->q);
	gq->ngram = gq->q->ngram;
	gq->threshold = hredd_match_threshold;
	/* the operator scores with the model the setting names: bound that one */
	FacilityLoadModel(FacilitySettingModel(), gq->coef);
	gq->present = palloc(sizeof(bool) * (gq->ngram + 1));
	keys = palloc(sizeof(Datum) * (gq->ngram + 2));
	for (n = 0; n < gq->ngram; n++)
		keys[n] = Int32GetDatum((int32) gq->q->gram[n]);
	gq->same_key = gq->unknown_key = -1;
	if (f->country != 0)
	{
		gq->same_key = n;
		keys[n++] = Int32GetDatum((int32) MatchCountryKey(f->country));
		gq->unknown_key = n;
		keys[n++] = Int32GetDatum((int32) MatchCountryKey(0));
	}
	*nkeys = n;
	*extra = palloc(sizeof(Pointer) * n);
	for (int i = 0; i < n; i++)
		(*extra)[i] = (Pointer) gq;

	/* a row sharing no trigram could still pass a very low threshold */
	none = palloc0(sizeof(bool) * (gq->ngram + 1));
	if (MatchUpperBoundModel(gq->q, none, 2, gq->coef) >= gq->threshold)
		*mode = GIN_SEARCH_MODE_ALL;
	PG_RETURN_POINTER(keys);
}

PG_FUNCTION_INFO_V1(facility_gin_consistent);
Datum
facility_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	Pointer    *extra = (Pointer *) PG_GETARG_POINTER(4);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);
	GinQuery   *gq = (GinQuery *) extra[0];
	int			cs = 0;

	*recheck = true;
	if (gq->same_key >= 0)
		cs = check[gq->same_key] ? 1 : (check[gq->unknown_key] ? 0 : -1);
	PG_RETURN_BOOL(MatchUpperBoundModel(gq->q, check, cs, gq->coef) >= gq->threshold);
}

PG_FUNCTION_INFO_V1(facility_gin_tri_consistent);
Datum
facility_gin_tri_consistent(PG_FUNCTION_ARGS)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	Pointer    *extra = (Pointer *) PG_GETARG_POINTER(4);
	int32		nkeys = PG_GETARG_INT32(3);
	GinQuery   *gq = (GinQuery *) extra[0];
	bool	   *present = gq->present;
	int			cs = 0;
	double		ub;

	for (int i = 0; i < gq->ngram; i++)
		present[i] = check[i] != GIN_FALSE;
	if (gq->same_key >= 0 && nkeys > gq->unknown_key)
	{
		GinTernaryValue s = check[gq->same_key];
		GinTernaryValue u = check[gq->unknown_key];

		if (s == GIN_TRUE)
			cs = 1;
		else if (s == GIN_MAYBE)
			cs = 2;
		else
			cs = (u == GIN_FALSE) ? -1 : 0;
	}
	ub = MatchUpperBoundModel(gq->q, present, cs, gq->coef);
	PG_RETURN_GIN_TERNARY_VALUE(ub >= gq->threshold ? GIN_MAYBE : GIN_FALSE);
}
