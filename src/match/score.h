/*
 * score.h — the facility match score (pure C, no PostgreSQL).
 *
 * A MatchProfile holds what the score needs from one facility, computed
 * once from its normalised name and address: words with their weights,
 * numbers, the trigrams of the name, country and coordinates.  MatchScore
 * compares two profiles; MatchUpperBound bounds the score from the trigrams
 * another facility is known (or only may be) to have, which is what the
 * index opclasses need.
 */
#ifndef HREDD_MATCH_SCORE_H
#define HREDD_MATCH_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MP_MAX_TOK		128		/* words of a name that count */
#define MP_MAX_ATOK		256		/* words of an address that count */
#define MP_MAX_NUM		32		/* numbers of a name or address that count */
#define MP_MAX_GRAM		512		/* trigrams of a name that count */
#define MP_MAX_AGRAM	1024	/* trigrams of an address that count */

typedef struct MatchVocabWord
{
	const char *word;
	int			df;
} MatchVocabWord;

typedef struct MatchVocabGram
{
	uint32_t	hash;
	int			df;
} MatchVocabGram;

typedef struct MPTok
{
	const char *s;
	int			len;
	float		w;				/* weight: rarer words weigh more */
	uint32_t	mask;			/* letters it has (LetterMask) */
	int16_t		pos;			/* place among all words and numbers of the text */
	int16_t		g0;				/* interior trigrams: index list in gidx[] */
	int16_t		ng;
	uint8_t		area;			/* (numbers) right after zone, phase, sector:
								 * an area's number, not a site's */
} MPTok;

/*
 * Statistics of the registry being searched (hredd.match_analyze): how many
 * of its rows have a name word, a whole name, an address.  Callbacks return
 * 0 for what the statistics do not list.
 */
typedef struct MatchStats
{
	void	   *arg;
	double		rows;
	int			(*word_df) (void *arg, const char *s, int len);
	int			(*name_freq) (void *arg, const char *s, int len);
	int			(*addr_freq) (void *arg, const char *s, int len);
} MatchStats;

typedef struct MatchProfile
{
	const char *name;			/* the normalised name the profile points into */
	int			namelen;
	const char *addr;
	int			addrlen;
	uint16_t	country;		/* 0 = unknown */
	bool		has_coords;
	double		lat,
				lng;
	/* name */
	int			ntok;
	MPTok		tok[MP_MAX_TOK];
	double		W;				/* sum of word weights */
	int			nnum;
	MPTok		num[MP_MAX_NUM];
	bool		frag;			/* looks letter-spaced ("m e r c u r y") */
	int			ngram;
	uint32_t	gram[MP_MAX_GRAM];	/* sorted, unique */
	float		gw[MP_MAX_GRAM];
	double		V;				/* sum of trigram weights */
	int			ngidx;
	int16_t		gidx[MP_MAX_GRAM * 2];
	int			name_freq;		/* rows of the registry with this name (0 = no statistics) */
	int			addr_freq;		/* rows of the registry with this address */
	/* address */
	bool		has_address;
	bool		address_built;	/* atok .. agram filled (MatchProfileBuildAddress) */
	int			natok;
	MPTok		atok[MP_MAX_ATOK];
	double		AW;
	int			nanum;
	MPTok		anum[MP_MAX_NUM];
	int			nagram;
	uint32_t	agram[MP_MAX_AGRAM];	/* sorted, unique */
} MatchProfile;

/*
 * The same in two steps: everything but the address (which is kept as text),
 * then the address's words, numbers and trigrams.  MatchScoreModel needs
 * both; MatchNameBound only the first.
 */
extern void MatchProfileBuildName(MatchProfile *p, const char *name, size_t namelen,
								  const char *addr, size_t addrlen, uint16_t country,
								  bool has_coords, double lat, double lng,
								  const MatchStats *st);
extern void MatchProfileBuildAddress(MatchProfile *p);

/* Build a profile from normalised text (as MatchNormalize writes it). */
extern void MatchProfileBuild(MatchProfile *p, const char *name, size_t namelen,
							  const char *addr, size_t addrlen, uint16_t country,
							  bool has_coords, double lat, double lng);

/* The same, with the statistics of the registry searched (NULL: none). */
extern void MatchProfileBuildStats(MatchProfile *p, const char *name, size_t namelen,
								   const char *addr, size_t addrlen, uint16_t country,
								   bool has_coords, double lat, double lng,
								   const MatchStats *st);

/* The hash of a trigram of code points; the index keys. */
extern uint32_t MatchGramHash(uint32_t a, uint32_t b, uint32_t c);

/* Index key for a facility's country (0 = unknown), never a trigram's hash. */
extern uint32_t MatchCountryKey(uint16_t country);

/* What one word of one side met on the other side. */
typedef struct MatchPair
{
	const MPTok *a;
	const MPTok *b;				/* NULL when unmatched */
	const MPTok *b2;			/* second word when a = b + b2 */
	double		credit;			/* 1 same word, 0.8 a typo apart */
	double		weight;
} MatchPair;

typedef struct MatchResult
{
	double		name_words;		/* weighted word similarity, 0..1 */
	double		name_chars;		/* weighted trigram similarity, 0..1 */
	bool		frag;
	bool		swapped;		/* pairs are from b's side */
	double		address;		/* 0..1, valid when address_known */
	double		address_words;	/* its parts: weighted words, letter trigrams */
	double		address_chars;
	bool		address_known;
	int			name_numbers;	/* 1 agree, -1 conflict, 0 not comparable */
	int			address_numbers;
	int			address_site;	/* house/plot numbers conflict: 0 no, 1 one a side,
								 * 2 two or more a side (the address words then
								 * count for nothing) */
	bool		address_area_only;	/* the numbers in common are the street's or
									 * the area's: each side has its own house
									 * number (then address_numbers is -1) */
	bool		site_shared;	/* the addresses share a house or plot number */
	bool		address_town_only;	/* the addresses end alike (the town) and
									 * differ before: address is read from
									 * the parts before the common end */
	bool		unspaced;		/* both names one word of a script without
								 * blanks: compared by their letter groups */
	bool		names_apart;	/* no uncommon word in common, and each name has
								 * one of its own (MATCH_DISTINCT_W) */
	double		paired_max;		/* the weight of the heaviest word pair of the
								 * names (same or a typo apart) */
	bool		one_site;		/* one site, and an uncommon name word in
								 * common, opened a gate that was not yet
								 * open (OneSite) */
	int			country;		/* 1 same, -1 different, 0 unknown */
	double		distance_km;	/* valid when distance_known */
	bool		distance_known;
	bool		distance_inexact;	/* a side's point is a centroid or rounded */
	/* contributions to the log-odds */
	double		gate;			/* 0..1: how much supporting evidence counts */
	double		gate_name;		/* the gate from the names' similarity alone */
	bool		contained;		/* one name's words all inside the other's, and
								 * no house or plot number sets them apart */
	double		c_intercept,
				c_name,
				c_address,
				c_name_numbers,
				c_address_numbers,
				c_country,
				c_distance,
				c_name_common;	/* the name is common in the registry */
	int			name_freq;		/* rows of the registry with the commoner name (0: no statistics) */
	double		x[16];			/* the model's inputs (MM_* order), see MatchFeatures */
	double		logit;
	double		score;
	/* the word pairs behind name_words (for explanations) */
	int			npairs;
	MatchPair	pairs[MP_MAX_TOK * 2];	/* then the other side's unpaired words */
} MatchResult;

/*
 * A model: one coefficient (log-odds) per input, in this order.  The inputs
 * are the components of MatchResult; the positive evidence of address,
 * numbers, country and distance is multiplied by the name gate first.
 */
enum
{
	MM_INTERCEPT,				/* 1 */
	MM_NAME_WORDS,				/* weighted word similarity, less MATCH_WORDS_SHORT
								 * times what it falls short of MATCH_WORDS_FULL */
	MM_NAME_CHARS,				/* weighted trigram similarity */
	MM_ADDR_ABOVE,				/* gate * max(address - 0.5, 0) */
	MM_ADDR_BELOW,				/* min(address - 0.5, 0) */
	MM_NUM_AGREE,				/* gate * [name numbers agree] */
	MM_NUM_CONFLICT,			/* [name numbers conflict] */
	MM_ANUM_AGREE,				/* gate * [address numbers agree] */
	MM_ANUM_CONFLICT,			/* -1 address numbers conflict, -MATCH_ANUM_SITE
								 * two or more house numbers a side, none shared */
	MM_COUNTRY_SAME,			/* gate * [same country] */
	MM_COUNTRY_DIFF,			/* [different countries] */
	MM_DIST_NEAR,				/* gate * positive part of MatchDistanceTerm */
	MM_DIST_FAR,				/* negative part of MatchDistanceTerm */
	MM_NAME_COMMON,				/* -gate * ln(rows with the name / 2), from 2 rows */
	MM_NCOEF
};

extern const char *const MatchCoefNames[MM_NCOEF];
extern const double MatchDefaultCoef[MM_NCOEF];

extern double MatchScore(const MatchProfile *a, const MatchProfile *b, MatchResult *r);
/* The same with a model's coefficients (MM_NCOEF of them). */
/* An upper bound of MatchScoreModel read without the addresses (see score.c). */
extern double MatchNameBound(const MatchProfile *a, const MatchProfile *b, const double *coef);
extern double MatchScoreModel(const MatchProfile *a, const MatchProfile *b,
							  const double *coef, MatchResult *r);

/*
 * Fit a model by L2-regularised logistic regression (Newton's method):
 * x holds n rows of MM_NCOEF inputs (as MatchResult.x), y the labels (0/1).
 * Writes coef; returns the iterations used, or -1 when the fit did not
 * converge (coef then holds the last estimate).
 */
extern int	MatchFitLogistic(const double *x, const bool *y, int n, double l2, double *coef);

/*
 * An upper bound of MatchScore(q, x) over every facility x whose name has
 * at least the trigrams of q marked present (present[i] for q->gram[i]; a
 * trigram not marked may or may not be there) and whose country is
 * country_state: 1 same as q, -1 different, 0 unknown, 2 may be anything.
 */
extern double MatchUpperBound(const MatchProfile *q, const bool *present, int country_state);

/*
 * Word evidence of a row for the bound (the GIN opclass's word keys): word[k]
 * whether the row has q's word k (as a word, or as two neighbouring words
 * written together); join[k] whether q's words k and k + 1 are neighbours
 * (-1 when not) and present_join[k] whether the row has them written together
 * as one word; frag whether the row looks letter-spaced.
 */
typedef struct MatchWordEvidence
{
	const bool *word;
	const int  *join;
	const bool *present_join;
	bool		frag;
	bool		anum_conflict;	/* the row's house and plot numbers share none
								 * of q's (format 3's number keys) */
} MatchWordEvidence;

extern double MatchUpperBoundWords(const MatchProfile *q, const bool *present,
								   const MatchWordEvidence *ev, int country_state,
								   const double *coef);

/*
 * The GiST opclass's bound (format 2): with word evidence, each word of q
 * credited no more than its trigrams allow as well, and the row's total word
 * and trigram weights known to be at least row_W and row_V (0: unknown).
 */
extern double MatchUpperBoundRow(const MatchProfile *q, const bool *present,
								 const MatchWordEvidence *ev, double row_W, double row_V,
								 int addr_state, double addr_ub,
								 int country_state, const double *coef);

/*
 * For the same bound, what the row's address can add: addr_state 1 when the
 * row has an address the score reads (words or numbers), its similarity to
 * q's then at most addr_ub; 0 when it has none; 2 when either.
 * MatchAddressBound gives addr_ub from q's address trigrams the row may have
 * (apresent[i] for q->agram[i]) and what is known of the row's address words.
 */
typedef struct MatchAddressQuery
{
	int			ngidx;
	int			g0[MP_MAX_ATOK];
	int			ng[MP_MAX_ATOK];
	bool		typo[MP_MAX_ATOK];	/* may be met a typo apart (five letters, Latin) */
	int16_t		gidx[MP_MAX_AGRAM * 2];
} MatchAddressQuery;

extern void MatchAddressQueryBuild(const MatchProfile *q, MatchAddressQuery *aq);
typedef struct MatchAddressRow
{
	int			nagram;			/* the row's address trigrams (0 when it has no words) */
	double		AW;				/* its address words' total weight is at least this */
	int			nword;			/* its address words (-1: not known), */
	const uint8_t *len;			/* their lengths (255 for longer) */
	const uint32_t *mask;		/* and letters (MPTok.mask) */
} MatchAddressRow;

extern double MatchAddressBound(const MatchProfile *q, const MatchAddressQuery *aq,
								const bool *apresent, const MatchAddressRow *row);

/* Index keys of the word evidence (format 2): see score.c. */
#ifndef MATCH_JOIN_KEY_MAX
#define MATCH_JOIN_KEY_MAX		8	/* pairs of neighbouring words have a key
									 * up to this many bytes together */
#endif
/* consecutive interior trigrams one edit can break (a transposition: four) */
#define MATCH_TYPO_WINDOW		4

/*
 * The trigrams of q's word k whose absence from a row's name rules out
 * that row having the word, or a typo of it (need[i] set for q->gram[i]):
 * the rarest few that suffice (see TypoPossible in score.c).  Returns how
 * many it marked (0: none needed, a short word judged by its word key).
 */
extern int	MatchWordRefuteGrams(const MatchProfile *q, int k, bool *need);
extern uint32_t MatchFragKey(void);
extern uint32_t MatchCountryKey2(uint16_t country);
extern uint32_t MatchWordKey(const char *a, int alen, const char *b, int blen);
/* a row's keys: at most 2 * ntok + 1 */
extern int	MatchRowWordKeys(const MatchProfile *p, uint32_t *out);
/* a query's: ntok word keys, then one per neighbouring pair (join[k] its index, or -1) */
extern int	MatchQueryWordKeys(const MatchProfile *q, uint32_t *out, int *join);

/*
 * Format 3 adds the address's house and plot numbers (those of up to four
 * digits, which AddressNumbers compares first): a key for each, or one key
 * saying the row has none.  MatchCountryKey3 marks the format.
 */
extern uint32_t MatchCountryKey3(uint16_t country);
extern uint32_t MatchNoNumberKey(void);
extern uint32_t MatchNumberKey(const char *s, int len);
/* An address's numbers as SplitWords reads them (at most MP_MAX_NUM), without its words. */
extern void MatchAddressNumbers(const char *addr, int addrlen, MPTok *num, int *nnum);
/* The number keys of an address: its distinct short numbers' keys, or the
 * no-number key; at most MP_MAX_NUM.  A query's are the same (no no-number key). */
extern int	MatchRowNumberKeys(const MatchProfile *p, uint32_t *out);
extern int	MatchQueryNumberKeys(const MatchProfile *q, uint32_t *out);
/* The same for a model's coefficients (any signs); MatchUpperBound is the default's. */
extern double MatchUpperBoundModel(const MatchProfile *q, const bool *present, int country_state,
								   const double *coef);

/*
 * Model coefficients (log-odds), fitted by tools/fit_match_model.py on
 * labelled pairs and rounded; see docs/matching.md.  0.2.0 lowered the
 * prior (-1.6 to -2.0), raised the name words (2.2 to 3.0) to match and the
 * name-number conflict (-3.6 to -5.0), so that near-equal names with other
 * plant numbers stay apart even at one address; a partial word overlap
 * counts less (MATCH_WORDS_FULL) and a matching address more (2.4 to 3.0,
 * its gate open from names half alike), so that half the words and nothing
 * else is below 0.5 while half the words at one address is above.  The
 * country-difference term is set by hand (the labelled sets hold almost no
 * cross-country pairs); the distance bands are derived from stated
 * distributions (MatchDistanceTerm, tools/match_distance_llr.py).
 */
#define MATCH_B0				(-2.0)
#define MATCH_B_WORDS			3.0
#define MATCH_B_CHARS			1.4
#define MATCH_ADDRESS_MID		0.5
#define MATCH_B_ADDRESS_ABOVE	3.0		/* times (address similarity - 0.5) */
#define MATCH_B_ADDRESS_BELOW	5.5
#define MATCH_NUM_AGREE			0.7
#define MATCH_NUM_CONFLICT		(-5.0)
#define MATCH_NUM_ONE_SIDED		0.5	/* the conflict input when one name alone has
										 * numbers and the addresses' do not agree */
#define MATCH_ANUM_AGREE		0.15
#define MATCH_ANUM_CONFLICT		(-2.8)
#define MATCH_ANUM_SITE			1.5		/* the conflict input when both sides have
										 * two or more house numbers, none shared */
#define MATCH_COUNTRY_SAME		0.6
#define MATCH_COUNTRY_DIFF		(-4.0)
#define MATCH_DIST_MAX			2.6		/* the best distance band (MatchDistanceTerm) */
#define MATCH_DIST_MIN			(-3.8)	/* the worst (precise or inexact) */
#define MATCH_NAME_COMMON		1.0		/* times ln(rows with the name / 2) */
/* supporting evidence counts from this name similarity, in full from that */
#define MATCH_GATE_WORDS		0.5
#define MATCH_GATE_CHARS		0.5
#define MATCH_GATE_FROM			0.5
#define MATCH_AGATE_FROM		0.25		/* the address's own gate starts here, */
#define MATCH_AGATE_FULL		0.5			/* and is open from here */
#define MATCH_GATE_FULL			0.8
#define MATCH_TAIL_SHARE		0.4		/* of an address's similarity, a common end (the town) */
#define MATCH_SITE_ADDRESS		0.9		/* addresses this alike, with a house or plot
										 * number in common, are one site */
#define MATCH_DISTINCT_W		4.0		/* an uncommon word weighs at least */
#define MATCH_CONTAIN_MIN_W		4.0		/* the shorter name's word weight, at least */
#define MATCH_CONTAIN_COVER		0.99	/* of it met whole in the longer */
#define MATCH_CONTAIN_GATE		1.0		/* the gate then */
/*
 * A partial overlap is no evidence of one facility: below this word
 * similarity the name words input falls MATCH_WORDS_SHORT times faster
 * (half the words in common and nothing else scores below 0.5).
 */
#define MATCH_WORDS_FULL		0.7
#define MATCH_WORDS_SHORT		1.0

/* The name words input of the model (monotone in the similarity). */
extern double MatchWordsInput(double words);

extern double MatchDistanceTerm(double km);
extern double MatchInexactDistanceTerm(double km);
extern bool MatchCoordsInexact(double lat, double lng);
extern double MatchHaversineKm(double lat1, double lng1, double lat2, double lng2);

#endif
