/*
 * em.c — the Fellegi-Sunter model fitted by EM, without labels (pure C).
 *
 * See em.h.  The EM is the textbook one for a two-class mixture of
 * independent categorical comparisons: the E-step gives each pair its
 * posterior P(match | levels), the M-step sets lambda to their mean and m
 * (u) of each level to the posterior (1 - posterior) weighted share of the
 * pairs at that level, with a small pseudo-count per level so that no
 * probability reaches 0.
 */
#include "em.h"
#include "score.h"

#include <math.h>
#include <string.h>

#define EM_PROB_FLOOR	1e-12

static bool
CheckShape(int n, int ncmp, const int *nlev, int *total)
{
	int			t = 0;

	if (n < 0 || ncmp < 1 || ncmp > EM_MAX_CMP || nlev == NULL)
		return false;
	for (int k = 0; k < ncmp; k++)
	{
		if (nlev[k] < 2 || nlev[k] > EM_MAX_LEVELS)
			return false;
		t += nlev[k];
	}
	*total = t;
	return true;
}

static bool
CheckLevels(const int *levels, int n, int ncmp, const int *nlev)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < ncmp; k++)
		{
			int			l = levels[(size_t) i * ncmp + k];

			if (l < -1 || l >= nlev[k])
				return false;
		}
	return true;
}

/* Scale each comparison's probabilities to sum to 1; false when one cannot. */
static bool
Normalise(double *p, int ncmp, const int *nlev)
{
	int			off = 0;

	for (int k = 0; k < ncmp; k++)
	{
		double		s = 0;

		for (int l = 0; l < nlev[k]; l++)
		{
			if (!isfinite(p[off + l]) || p[off + l] < 0)
				return false;
			s += p[off + l];
		}
		if (!(s > 0) || !isfinite(s))
			return false;
		for (int l = 0; l < nlev[k]; l++)
			p[off + l] /= s;
		off += nlev[k];
	}
	return true;
}

MatchEmStatus
MatchEmFrequencies(const int *levels, int n, int ncmp, const int *nlev, double smoothing, double *p)
{
	int			total;
	int			off = 0;

	if (!CheckShape(n, ncmp, nlev, &total) || levels == NULL || p == NULL ||
		!isfinite(smoothing) || smoothing < 0 || (n == 0 && smoothing == 0) ||
		!CheckLevels(levels, n, ncmp, nlev))
		return EM_BAD_INPUT;
	for (int j = 0; j < total; j++)
		p[j] = smoothing;
	for (int k = 0; k < ncmp; k++)
	{
		for (int i = 0; i < n; i++)
		{
			int			l = levels[(size_t) i * ncmp + k];

			if (l >= 0)
				p[off + l] += 1;
		}
		off += nlev[k];
	}
	return Normalise(p, ncmp, nlev) ? EM_OK : EM_BAD_INPUT;
}

static double
SafeLog(double p)
{
	return log(p > EM_PROB_FLOOR ? p : EM_PROB_FLOOR);
}

/* E-step: posteriors into post, the log-likelihood returned. */
static double
Expect(const int *levels, int n, int ncmp, const int *nlev, double lambda,
	   const double *lm, const double *lu, double *post)
{
	int			off[EM_MAX_CMP];
	double		ll = 0;
	double		la = SafeLog(lambda),
				lb = SafeLog(1 - lambda);

	off[0] = 0;
	for (int k = 1; k < ncmp; k++)
		off[k] = off[k - 1] + nlev[k - 1];
	for (int i = 0; i < n; i++)
	{
		const int  *lv = levels + (size_t) i * ncmp;
		double		a = la,
					b = lb,
					hi;

		for (int k = 0; k < ncmp; k++)
			if (lv[k] >= 0)
			{
				a += lm[off[k] + lv[k]];
				b += lu[off[k] + lv[k]];
			}
		hi = a > b ? a : b;
		ll += hi + log(exp(a - hi) + exp(b - hi));
		post[i] = 1.0 / (1.0 + exp(b - a));
	}
	return ll;
}

MatchEmStatus
MatchEmRun(const int *levels, int n, int ncmp, const int *nlev, double lambda0,
		   const MatchEmOptions *opt, double *m, double *u, MatchEmFit *fit, double *post_out)
{
	int			total;
	double		lm[EM_MAX_CMP * EM_MAX_LEVELS],
				lu[EM_MAX_CMP * EM_MAX_LEVELS],
				nm[EM_MAX_CMP * EM_MAX_LEVELS],
				nu[EM_MAX_CMP * EM_MAX_LEVELS];
	double	   *post = post_out;
	double		lambda = lambda0;
	double		alpha;
	MatchEmStatus status = EM_NOT_CONVERGED;

	if (fit)
		memset(fit, 0, sizeof(*fit));
	if (!CheckShape(n, ncmp, nlev, &total) || n < 1 || levels == NULL || opt == NULL ||
		m == NULL || u == NULL || fit == NULL || post == NULL ||
		!(lambda0 > 0 && lambda0 < 1) || opt->max_iter < 1 || opt->max_iter > 100000 ||
		!(opt->tolerance > 0) || !isfinite(opt->tolerance) ||
		!isfinite(opt->smoothing) || opt->smoothing < 0 ||
		!CheckLevels(levels, n, ncmp, nlev) ||
		!Normalise(m, ncmp, nlev) || !Normalise(u, ncmp, nlev))
		return EM_BAD_INPUT;
	alpha = opt->smoothing;

	for (int it = 1; it <= opt->max_iter; it++)
	{
		double		sp = 0,
					step,
					nl;
		int			off = 0;

		for (int j = 0; j < total; j++)
		{
			lm[j] = SafeLog(m[j]);
			lu[j] = SafeLog(u[j]);
		}
		fit->log_likelihood = Expect(levels, n, ncmp, nlev, lambda, lm, lu, post);
		fit->iterations = it;

		/* M-step */
		for (int i = 0; i < n; i++)
			sp += post[i];
		for (int j = 0; j < total; j++)
			nm[j] = nu[j] = alpha;
		for (int k = 0; k < ncmp; k++)
		{
			for (int i = 0; i < n; i++)
			{
				int			l = levels[(size_t) i * ncmp + k];

				if (l < 0)
					continue;	/* not compared: no evidence either way */
				nm[off + l] += post[i];
				nu[off + l] += 1 - post[i];
			}
			off += nlev[k];
		}
		/* a comparison no pair has: uniform with smoothing, else kept as it was */
		off = 0;
		for (int k = 0; k < ncmp; k++)
		{
			double		dm = 0,
						du = 0;

			for (int l = 0; l < nlev[k]; l++)
			{
				dm += nm[off + l];
				du += nu[off + l];
			}
			for (int l = 0; l < nlev[k]; l++)
			{
				nm[off + l] = dm > 0 ? nm[off + l] / dm : m[off + l];
				nu[off + l] = du > 0 ? nu[off + l] / du : u[off + l];
			}
			off += nlev[k];
		}
		nl = sp / n;
		step = fabs(nl - lambda);
		for (int j = 0; j < total; j++)
		{
			step = fmax(step, fabs(nm[j] - m[j]));
			m[j] = nm[j];
			if (!opt->fix_u)
			{
				step = fmax(step, fabs(nu[j] - u[j]));
				u[j] = nu[j];
			}
		}
		lambda = nl;
		if (!isfinite(lambda) || !isfinite(step))
		{
			status = EM_BAD_INPUT;
			break;
		}
		if (sp < 0.5 || n - sp < 0.5)
		{
			status = EM_DEGENERATE;
			break;
		}
		if (step < opt->tolerance)
		{
			status = EM_OK;
			break;
		}
	}

	if (status == EM_OK || status == EM_NOT_CONVERGED)
	{
		double		evidence = 0;
		int			off = 0;

		/* the final posteriors, at the final estimate */
		for (int j = 0; j < total; j++)
		{
			lm[j] = SafeLog(m[j]);
			lu[j] = SafeLog(u[j]);
		}
		fit->log_likelihood = Expect(levels, n, ncmp, nlev, lambda, lm, lu, post);
		/*
		 * Levels run from the strongest agreement (0) to the strongest
		 * disagreement: the match class is the one whose mean level is
		 * lower, summed over the comparisons (each scaled to 0..1).
		 */
		for (int k = 0; k < ncmp; k++)
		{
			for (int l = 1; l < nlev[k]; l++)
				evidence += (u[off + l] - m[off + l]) * l / (nlev[k] - 1);
			off += nlev[k];
		}
		if (evidence < 0 && !opt->fix_u)
		{
			for (int j = 0; j < total; j++)
			{
				double		t = m[j];

				m[j] = u[j];
				u[j] = t;
			}
			lambda = 1 - lambda;
			for (int i = 0; i < n; i++)
				post[i] = 1 - post[i];
		}
		fit->expected_matches = 0;
		for (int i = 0; i < n; i++)
			fit->expected_matches += post[i];
	}
	fit->lambda = lambda;
	fit->converged = status == EM_OK;
	return status;
}

/* ---------------------------------------------------------------- hredd's comparisons */

const char *const MatchEmComparisonNames[EMC_NCMP] = {
	"name", "address", "name_numbers", "address_numbers", "country", "distance", "name_common"
};

const int	MatchEmLevelCount[EMC_NCMP] = {5, 4, 2, 3, 2, 4, 3};

static const char *const LevelNames[EMC_NCMP][EM_MAX_LEVELS] = {
	{"exact", "close", "similar", "partial", "unlike"},
	{"same", "alike", "weak", "different"},
	{"agree", "conflict"},
	{"agree", "conflict", "other site"},
	{"same", "different"},
	{"near", "close", "apart", "far"},
	{"rare or unknown", "common", "very common"}
};

/*
 * Starting values: m heavy on agreement, u on disagreement.
 */
static const double StartM[EMC_NCMP][EM_MAX_LEVELS] = {
	{0.5, 0.25, 0.15, 0.07, 0.03},
	{0.6, 0.25, 0.1, 0.05},
	{0.8, 0.2},
	{0.7, 0.2, 0.1},
	{0.98, 0.02},
	{0.8, 0.1, 0.05, 0.05},
	{0.9, 0.07, 0.03}
};
static const double StartU[EMC_NCMP][EM_MAX_LEVELS] = {
	{0.02, 0.08, 0.2, 0.35, 0.35},
	{0.1, 0.2, 0.3, 0.4},
	{0.3, 0.7},
	{0.2, 0.6, 0.2},
	{0.9, 0.1},
	{0.1, 0.1, 0.3, 0.5},
	{0.8, 0.12, 0.08}
};

void
MatchEmStart(double *m, double *u, const double *u_random)
{
	int			off = 0;

	for (int k = 0; k < EMC_NCMP; k++)
	{
		for (int l = 0; l < MatchEmLevelCount[k]; l++)
		{
			m[off + l] = StartM[k][l];
			u[off + l] = u_random ? 0.5 * StartU[k][l] + 0.5 * u_random[off + l] : StartU[k][l];
		}
		off += MatchEmLevelCount[k];
	}
}

const char *
MatchEmLevelName(int k, int l)
{
	if (k < 0 || k >= EMC_NCMP || l < 0 || l >= MatchEmLevelCount[k])
		return "?";
	return LevelNames[k][l];
}

static double
Clamp01(double v)
{
	return v > 1 ? 1 : (v < 0 ? 0 : v);
}

bool
MatchEmLevels(const double *x, int *lv)
{
	double		words,
				chars,
				n,
				gate,
				gname,
				agate;

	for (int i = 0; i < MM_NCOEF; i++)
		if (!isfinite(x[i]))
			return false;
	/* the name: undo MatchWordsInput, then the gate's own mix of words and letters */
	words = x[MM_NAME_WORDS] >= MATCH_WORDS_FULL ? x[MM_NAME_WORDS] :
		(x[MM_NAME_WORDS] + MATCH_WORDS_SHORT * MATCH_WORDS_FULL) / (1 + MATCH_WORDS_SHORT);
	chars = x[MM_NAME_CHARS];
	n = MATCH_GATE_WORDS * words + MATCH_GATE_CHARS * chars;
	gate = Clamp01((n - MATCH_GATE_FROM) / (MATCH_GATE_FULL - MATCH_GATE_FROM));
	/* a name inside the other opens the gate further (score.c, Contained):
	 * the inputs that are the gate times an indicator carry it (not the
	 * distance's, which counts through the names' gate alone) */
	gname = gate;
	if (x[MM_COUNTRY_SAME] > gate)
		gate = x[MM_COUNTRY_SAME];
	if (x[MM_ANUM_AGREE] > gate)
		gate = x[MM_ANUM_AGREE];
	if (x[MM_NUM_AGREE] > gate)
		gate = x[MM_NUM_AGREE];
	agate = Clamp01((0.5 * words + 0.5 * chars - MATCH_AGATE_FROM) / (MATCH_AGATE_FULL - MATCH_AGATE_FROM));
	if (gate > agate)
		agate = gate;
	lv[EMC_NAME] = n >= 0.995 ? 0 : n >= 0.85 ? 1 : n >= 0.7 ? 2 : n >= 0.5 ? 3 : 4;

	/*
	 * Where the gate is shut, the inputs hide agreement but show conflict:
	 * counting the conflicts alone would tie "not compared" to unlike names,
	 * so the whole comparison is left out (level -1) for such pairs.
	 */
	if (agate <= 0)
		lv[EMC_ADDRESS] = -1;
	else if (x[MM_ADDR_ABOVE] > 0)
		lv[EMC_ADDRESS] = x[MM_ADDR_ABOVE] / agate + MATCH_ADDRESS_MID >= 0.9 ? 0 : 1;
	else if (x[MM_ADDR_BELOW] < 0)
		lv[EMC_ADDRESS] = x[MM_ADDR_BELOW] + MATCH_ADDRESS_MID >= 0.3 ? 2 : 3;
	else
		lv[EMC_ADDRESS] = -1;

	if (gate <= 0)
	{
		lv[EMC_NAME_NUMBERS] = lv[EMC_ADDRESS_NUMBERS] = lv[EMC_COUNTRY] = -1;
		lv[EMC_DISTANCE] = lv[EMC_NAME_COMMON] = -1;
		return true;
	}
	/* a number on one side only (an input of half a conflict) is left out:
	 * it is neither level */
	lv[EMC_NAME_NUMBERS] = x[MM_NUM_AGREE] > 0 ? 0 : x[MM_NUM_CONFLICT] <= -1 ? 1 : -1;
	lv[EMC_ADDRESS_NUMBERS] = x[MM_ANUM_AGREE] > 0 ? 0 :
		x[MM_ANUM_CONFLICT] < 0 ? (x[MM_ANUM_CONFLICT] > -1.25 ? 1 : 2) : -1;
	lv[EMC_COUNTRY] = x[MM_COUNTRY_SAME] > 0 ? 0 : x[MM_COUNTRY_DIFF] < 0 ? 1 : -1;
	if (x[MM_DIST_NEAR] > 0)
		lv[EMC_DISTANCE] = x[MM_DIST_NEAR] / gname >= 0.95 ? 0 : 1;
	else if (x[MM_DIST_FAR] < 0)
		lv[EMC_DISTANCE] = x[MM_DIST_FAR] > -1.5 ? 2 : 3;
	else
		lv[EMC_DISTANCE] = -1;
	lv[EMC_NAME_COMMON] = x[MM_NAME_COMMON] < 0 ? (-x[MM_NAME_COMMON] / gate >= 1 ? 2 : 1) : 0;
	return true;
}
