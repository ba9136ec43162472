/*
 * em.h — estimating the match model without labels (pure C, no PostgreSQL).
 *
 * The Fellegi-Sunter model of record linkage, fitted by expectation-
 * maximisation as Splink does: each comparison of a pair (name, address,
 * numbers, country, distance, how common the name is) falls in one of a few
 * levels; among matches level l of comparison k occurs with probability
 * m[k][l], among non-matches with u[k][l]; comparisons are independent given
 * the class; a share lambda of the pairs match.  EM finds lambda, m and u
 * from the levels of unlabelled candidate pairs (u may instead come from
 * random pairs and be held fixed, Splink's "u from random sampling").
 *
 * MatchEmRun is the generic EM (any number of comparisons and levels; the
 * unit tests drive it with synthetic mixtures).  MatchEmLevels reads the
 * levels of hredd's own comparisons from a pair's model inputs (MatchResult.x,
 * match_features).  MatchFitLogisticSoft (model.c) then fits hredd's logistic
 * model to the EM posteriors, so the scores and operators use the estimate
 * unchanged.
 */
#ifndef HREDD_MATCH_EM_H
#define HREDD_MATCH_EM_H

#include <stdbool.h>
#include <stddef.h>

#define EM_MAX_LEVELS	8		/* levels of one comparison at most */
#define EM_MAX_CMP		32		/* comparisons at most */

/* What MatchEmRun returns besides the estimates. */
typedef enum MatchEmStatus
{
	EM_OK = 0,
	EM_BAD_INPUT = -1,			/* sizes out of range, a level outside 0..nlev-1 */
	EM_NOT_CONVERGED = -2,		/* max_iter reached (the estimates are the last) */
	EM_DEGENERATE = -3			/* lambda went to 0 or 1: one class took every pair */
} MatchEmStatus;

typedef struct MatchEmOptions
{
	int			max_iter;		/* EM iterations at most (>= 1) */
	double		tolerance;		/* stop when no parameter moves more than this */
	bool		fix_u;			/* hold u at its starting value (from random pairs) */
	double		smoothing;		/* pseudo-count per level (keeps m, u > 0) */
} MatchEmOptions;

typedef struct MatchEmFit
{
	double		lambda;			/* share of the pairs that match */
	int			iterations;
	bool		converged;
	double		log_likelihood;	/* of the candidate pairs' levels, at the estimate */
	double		expected_matches;	/* sum of the posteriors */
} MatchEmFit;

/*
 * EM over n pairs of ncmp comparisons: levels[i * ncmp + k] is the level of
 * comparison k of pair i, in 0 .. nlev[k] - 1, or -1 when it was not compared
 * (a side lacks the data: no evidence either way, as Splink's null level).  m and u hold sum(nlev)
 * probabilities, comparison after comparison; on entry they are the starting
 * values (u is kept when opt->fix_u), lambda0 the starting lambda.  post
 * (n values) receives each pair's posterior P(match | levels).
 * Levels run from the strongest agreement (0) to the strongest disagreement:
 * the class with the lower mean levels is the match class, and when EM ends
 * with the classes the other way round, m and u are exchanged.
 */
extern MatchEmStatus MatchEmRun(const int *levels, int n, int ncmp, const int *nlev,
								double lambda0, const MatchEmOptions *opt,
								double *m, double *u, MatchEmFit *fit, double *post);

/* Level frequencies of n pairs (with the smoothing pseudo-count): u from random pairs. */
extern MatchEmStatus MatchEmFrequencies(const int *levels, int n, int ncmp, const int *nlev,
										double smoothing, double *p);

/* ---------------------------------------------------------------- hredd's comparisons */
enum
{
	EMC_NAME,					/* exact, close, similar, partial, unlike */
	EMC_ADDRESS,				/* same, alike, weak, different */
	EMC_NAME_NUMBERS,			/* agree, conflict */
	EMC_ADDRESS_NUMBERS,		/* agree, conflict, other site */
	EMC_COUNTRY,				/* same, different */
	EMC_DISTANCE,				/* near, close, apart, far */
	EMC_NAME_COMMON,			/* rare or unknown, common, very common */
	EMC_NCMP
};

extern const char *const MatchEmComparisonNames[EMC_NCMP];
extern const int MatchEmLevelCount[EMC_NCMP];
/* The name of level l of comparison k ("exact", "not compared" ...). */
extern const char *MatchEmLevelName(int k, int l);

/* Sum of MatchEmLevelCount: the length of m and u for hredd's comparisons. */
#define EMC_NLEVELS		23

/*
 * Starting values of m and u (EMC_NLEVELS each): fixed ones, u blended half
 * and half with the level frequencies of random pairs when u_random is given.
 */
extern void MatchEmStart(double *m, double *u, const double *u_random);

/*
 * The levels of a pair from its model inputs (MM_NCOEF of them, as
 * match_features gives them); false when an input is not finite.  The
 * name gate is undone where the inputs allow it (distance, address), so a
 * level means the same whatever the name similarity; a comparison that
 * cannot be made, or that the gate hides (names unlike), is -1.
 */
extern bool MatchEmLevels(const double *x, int *levels);

/*
 * Fit hredd's logistic model to soft labels p[i] in [0, 1] (the EM
 * posteriors): as MatchFitLogistic, the L2 penalty pulling towards the
 * default.  Returns the iterations or -1.
 */
extern int	MatchFitLogisticSoft(const double *x, const double *p, int n, double l2, double *coef);

#endif
