/*
 * risk_core.h — the per facility × topic arithmetic of hredd.assess_risk
 * and the run's rank, without PostgreSQL (unit-tested in
 * test/unit/test_risk.c; the model in words is docs/risk.md).
 *
 * assess_risk sums each layer's contributions per key in SQL (a country, a
 * country and products text, a products text's stages, a facility's zones,
 * a facility's evidence); what follows combines them for one facility and
 * all topics of the run at once, in the order and with the operations the
 * SQL statement it replaces used, so both give the same numbers.
 */
#ifndef HREDD_RISK_CORE_H
#define HREDD_RISK_CORE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum RiskCombine
{
	RISK_NOISY_OR,
	RISK_MAX,
	RISK_MEAN
} RiskCombine;

/* the run's topics, in its order (arrays of n) */
typedef struct RiskTopics
{
	int			n;
	const double *base_likelihood;
	const double *scale;
	const double *irremediability;
	const bool *needs_country;
	const bool *needs_products;
	const bool *needs_location;
} RiskTopics;

/* the profile's numbers (hredd.risk_profile) */
typedef struct RiskProfileNumbers
{
	RiskCombine combine;
	double		unknown_prior;
	double		floor_share;
	double		alpha;
	double		default_scope;
	double		scope_workers;
} RiskProfileNumbers;

/* what the facility table says of one facility */
typedef struct RiskFacilityFacts
{
	bool		has_country;
	bool		has_products;
	bool		has_location;
	bool		workers_known;
	double		workers;
	bool		match_known;
	double		match_score;
} RiskFacilityFacts;

/*
 * Per topic, the layers' sums so far (arrays of n, zeroed by the caller):
 * the sum of ln(1 - w·v), the greatest w·v (mx_any says whether there is
 * one), the sums of w·v and of w.
 */
typedef struct RiskLayerSums
{
	double	   *lg;
	double	   *mx;
	bool	   *mx_any;
	double	   *swv;
	double	   *sw;
} RiskLayerSums;

/* per topic, the evidence's sums (arrays of n; zero where there is none) */
typedef struct RiskEvidenceSums
{
	double	   *shift;
	bool	   *actual;
	int		   *count;
	double	   *coverage;
} RiskEvidenceSums;

/* per topic, the results (arrays of n) */
typedef struct RiskResults
{
	double		scope;
	double	   *l0;				/* inherent likelihood */
	double	   *likelihood;		/* after evidence */
	double	   *priority;
	bool	   *actual;
	double	   *confidence;
	short	   *gap_bits;
	int		   *evidence_count;
	double	   *evidence_shift;
} RiskResults;

/*
 * Add one key's layer sums (k entries: ord 1-based topic positions, each
 * value absent where its present flag is false) to s.  Returns the index of
 * the first ord outside 1..n, or -1.
 */
extern int	RiskAddLayer(RiskLayerSums *s, int n, int k, const int *ord,
						 const double *lg, const bool *lg_present,
						 const double *mx, const bool *mx_present,
						 const double *swv, const bool *swv_present,
						 const double *sw, const bool *sw_present);

/* The results of one facility from its layer and evidence sums. */
extern void RiskCompute(const RiskTopics *t, const RiskProfileNumbers *p, const RiskFacilityFacts *f,
						const RiskLayerSums *s, const RiskEvidenceSums *e, RiskResults *r);

/* One facility's reference, as bytes (compared as COLLATE "C" compares). */
typedef struct RiskRef
{
	const char *data;
	size_t		len;
} RiskRef;

/*
 * rank[f * ntopics + t] = the 1-based position of facility f's topic t in
 * the run's order: actual impacts first, then priority from high to low
 * (NaN above every number, as PostgreSQL orders floats), then the facility
 * reference in byte order, then the topic's position.  work must hold
 * nfac * ntopics ints.  Returns false when that product overflows an int.
 */
extern bool RiskRank(const RiskRef *refs, int nfac, int ntopics, const double *priority,
					 const bool *actual, int *rank, int *work);

#endif
