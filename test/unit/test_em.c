/*
 * test_em.c — the EM of the match model without labels (src/match/em.c):
 * it recovers lambda, m and u of synthetic Fellegi-Sunter mixtures, keeps to
 * its contract on hostile arrays, reads hredd's comparison levels from model
 * inputs, and the soft logistic fit reproduces posteriors it can express.
 */
#include "../../src/match/em.h"
#include "../../src/match/score.h"
#include "unit.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static uint64_t rng = 88172645463325252ULL;

static double
Uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double) (rng >> 11) / 9007199254740992.0;
}

static int
Draw(const double *p, int n)
{
	double		r = Uniform(),
				c = 0;

	for (int l = 0; l < n; l++)
	{
		c += p[l];
		if (r < c)
			return l;
	}
	return n - 1;
}

/* A mixture of 4 comparisons, drawn, then fitted from neutral starting values. */
static void
TestRecover(bool with_missing)
{
	enum
	{
		N = 40000, K = 4
	};
	const int	nlev[K] = {4, 3, 2, 3};
	const double true_m[] = {0.6, 0.25, 0.1, 0.05, 0.7, 0.2, 0.1, 0.9, 0.1, 0.5, 0.3, 0.2};
	const double true_u[] = {0.05, 0.15, 0.3, 0.5, 0.1, 0.3, 0.6, 0.3, 0.7, 0.1, 0.3, 0.6};
	const double true_lambda = 0.3;
	int		   *lv = malloc(sizeof(int) * N * K);
	double	   *post = malloc(sizeof(double) * N);
	double		m[12],
				u[12];
	double		err = 0;
	int			wrong = 0;
	bool	   *truth = malloc(sizeof(bool) * N);
	MatchEmOptions opt = {1000, 1e-7, false, 0.0};
	MatchEmFit	fit;
	MatchEmStatus st;

	for (int i = 0; i < N; i++)
	{
		bool		match = Uniform() < true_lambda;
		int			off = 0;

		truth[i] = match;
		for (int k = 0; k < K; k++)
		{
			lv[i * K + k] = Draw((match ? true_m : true_u) + off, nlev[k]);
			/* a fifth of comparison 3 not made, whatever the class */
			if (with_missing && k == 3 && Uniform() < 0.2)
				lv[i * K + k] = -1;
			off += nlev[k];
		}
	}
	/* neutral start: uniform u, m tilted towards level 0 */
	for (int k = 0, off = 0; k < K; off += nlev[k], k++)
		for (int l = 0; l < nlev[k]; l++)
		{
			m[off + l] = nlev[k] - l;
			u[off + l] = 1;
		}
	st = MatchEmRun(lv, N, K, nlev, 0.5, &opt, m, u, &fit, post);
	CHECK(st == EM_OK);
	CHECK(fit.converged);
	CHECK(fit.iterations > 1 && fit.iterations <= 1000);
	CHECK(fabs(fit.lambda - true_lambda) < 0.03);
	for (int j = 0; j < 12; j++)
	{
		err = fmax(err, fabs(m[j] - true_m[j]));
		err = fmax(err, fabs(u[j] - true_u[j]));
	}
	if (err >= 0.04)
		fprintf(stderr, "largest m/u error %g\n", err);
	CHECK(err < 0.04);
	CHECK(fabs(fit.expected_matches / N - fit.lambda) < 1e-6);
	/* the posteriors sort the pairs about as well as the true model would */
	for (int i = 0; i < N; i++)
		wrong += (post[i] >= 0.5) != truth[i];
	CHECK(wrong < N / 8);
	CHECK(fit.log_likelihood < 0 && isfinite(fit.log_likelihood));
	free(lv);
	free(post);
	free(truth);
}

/* Starting with the classes the wrong way round still names the match class right. */
static void
TestSwapped(void)
{
	enum
	{
		N = 20000, K = 4
	};
	const int	nlev[K] = {2, 2, 2, 2};
	const double pm[K] = {0.95, 0.9, 0.8, 0.85},
				pu[K] = {0.1, 0.2, 0.3, 0.15};
	int		   *lv = malloc(sizeof(int) * N * K);
	double	   *post = malloc(sizeof(double) * N);
	double		m[8],
				u[8];
	MatchEmOptions opt = {1000, 1e-8, false, 0.0};
	MatchEmFit	fit;

	for (int i = 0; i < N; i++)
	{
		bool		match = Uniform() < 0.2;

		for (int k = 0; k < K; k++)
			lv[i * K + k] = Uniform() < (match ? pm[k] : pu[k]) ? 0 : 1;
	}
	for (int k = 0; k < K; k++)
	{
		m[2 * k] = 0.1, m[2 * k + 1] = 0.9;
		u[2 * k] = 0.9, u[2 * k + 1] = 0.1;
	}
	CHECK(MatchEmRun(lv, N, K, nlev, 0.8, &opt, m, u, &fit, post) == EM_OK);
	CHECK(fabs(fit.lambda - 0.2) < 0.02);
	for (int k = 0; k < K; k++)
		CHECK(fabs(m[2 * k] - pm[k]) < 0.03 && fabs(u[2 * k] - pu[k]) < 0.03);
	free(lv);
	free(post);
}

/* Pairs that all look alike: EM cannot split them and says so. */
static void
TestDegenerate(void)
{
	enum
	{
		N = 200, K = 2
	};
	const int	nlev[K] = {2, 3};
	int			lv[N * K];
	double		post[N];
	double		m[5] = {0.9, 0.1, 0.8, 0.1, 0.1},
				u[5] = {0.9, 0.1, 0.8, 0.1, 0.1};
	MatchEmOptions opt = {5000, 1e-12, true, 0.0};
	MatchEmFit	fit;
	MatchEmStatus st;

	/* u fixed far from what the pairs show: every pair goes to m */
	for (int i = 0; i < N; i++)
	{
		lv[i * K] = 1;
		lv[i * K + 1] = 2;
	}
	st = MatchEmRun(lv, N, K, nlev, 0.5, &opt, m, u, &fit, post);
	CHECK(st == EM_DEGENERATE);
	CHECK(!fit.converged);
	/* too few iterations: not converged, estimates still finite */
	{
		MatchEmOptions one = {1, 1e-12, false, 0.1};
		double		m2[5] = {0.9, 0.1, 0.8, 0.1, 0.1},
					u2[5] = {0.1, 0.9, 0.1, 0.1, 0.8};

		for (int i = 0; i < N; i++)
			lv[i * K] = i % 2, lv[i * K + 1] = i % 3;
		st = MatchEmRun(lv, N, K, nlev, 0.5, &one, m2, u2, &fit, post);
		CHECK(st == EM_NOT_CONVERGED);
		CHECK(fit.iterations == 1 && !fit.converged);
		for (int j = 0; j < 5; j++)
			CHECK(isfinite(m2[j]) && isfinite(u2[j]));
	}
}

/* Hostile arrays: every bad shape or value is refused, nothing is read out of bounds. */
static void
TestHostile(void)
{
	int			nlev[3] = {2, 3, 2};
	int			lv[6] = {0, 1, 1, 1, 2, 0};
	double		m[7] = {0.5, 0.5, 0.3, 0.3, 0.4, 0.5, 0.5},
				u[7] = {0.5, 0.5, 0.3, 0.3, 0.4, 0.5, 0.5};
	double		post[2];
	double		p[7];
	MatchEmOptions ok = {10, 1e-6, false, 0.1};
	MatchEmOptions o;
	MatchEmFit	fit;

	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) != EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 0, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, -5, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 2, 0, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 2, EM_MAX_CMP + 1, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(NULL, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 2, 3, NULL, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, NULL) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, NULL, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, NULL, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 2, 3, nlev, 1, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmRun(lv, 2, 3, nlev, NAN, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	o = ok, o.max_iter = 0;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &o, m, u, &fit, post) == EM_BAD_INPUT);
	o = ok, o.tolerance = NAN;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &o, m, u, &fit, post) == EM_BAD_INPUT);
	o = ok, o.tolerance = 0;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &o, m, u, &fit, post) == EM_BAD_INPUT);
	o = ok, o.smoothing = -1;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &o, m, u, &fit, post) == EM_BAD_INPUT);
	o = ok, o.smoothing = INFINITY;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &o, m, u, &fit, post) == EM_BAD_INPUT);
	/* levels out of range, below -1 */
	lv[1] = 3;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	CHECK(MatchEmFrequencies(lv, 2, 3, nlev, 0.1, p) == EM_BAD_INPUT);
	lv[1] = -2;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	lv[1] = -1;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) != EM_BAD_INPUT);
	/* a comparison of one level, or of too many */
	nlev[1] = 1;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	nlev[1] = EM_MAX_LEVELS + 1;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	nlev[1] = 3;
	/* starting probabilities negative, NaN, all zero */
	m[2] = -0.1;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	m[2] = NAN;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	m[2] = 0.3;
	u[0] = u[1] = 0;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	u[0] = u[1] = INFINITY;
	CHECK(MatchEmRun(lv, 2, 3, nlev, 0.5, &ok, m, u, &fit, post) == EM_BAD_INPUT);
	/* frequencies: nothing to count and no smoothing */
	CHECK(MatchEmFrequencies(lv, 0, 3, nlev, 0, p) == EM_BAD_INPUT);
	CHECK(MatchEmFrequencies(lv, 0, 3, nlev, 0.5, p) == EM_OK);
	CHECK(fabs(p[0] - 0.5) < 1e-12 && fabs(p[2] - 1.0 / 3) < 1e-12);
	CHECK(MatchEmFrequencies(lv, 2, 3, nlev, NAN, p) == EM_BAD_INPUT);
	CHECK(MatchEmFrequencies(NULL, 2, 3, nlev, 0.1, p) == EM_BAD_INPUT);

	/* random level arrays: valid ones run to a status, invalid ones are refused */
	for (int round = 0; round < 2000; round++)
	{
		int			n = 1 + (int) (Uniform() * 30);
		int			k = 1 + (int) (Uniform() * 5);
		int			nl[5];
		int			lvs[30 * 5];
		double		mm[5 * EM_MAX_LEVELS],
					uu[5 * EM_MAX_LEVELS],
					pp[30];
		bool		valid = true;
		int			total = 0;
		MatchEmStatus st;

		for (int c = 0; c < k; c++)
		{
			nl[c] = 1 + (int) (Uniform() * (EM_MAX_LEVELS + 1));
			valid = valid && nl[c] >= 2 && nl[c] <= EM_MAX_LEVELS;
			total += nl[c];
		}
		for (int i = 0; i < n * k; i++)
		{
			int			c = i % k;

			lvs[i] = (int) (Uniform() * (nl[c] + 3)) - 2;
			valid = valid && lvs[i] >= -1 && lvs[i] < nl[c];
		}
		for (int j = 0; j < total && j < 5 * EM_MAX_LEVELS; j++)
		{
			mm[j] = Uniform();
			uu[j] = Uniform() < 0.01 ? NAN : Uniform();
			valid = valid && !isnan(uu[j]);
		}
		if (total > 5 * EM_MAX_LEVELS)
			continue;
		st = MatchEmRun(lvs, n, k, nl, 0.3, &ok, mm, uu, &fit, pp);
		if (!valid)
			CHECK(st == EM_BAD_INPUT);
		else
		{
			CHECK(st != EM_BAD_INPUT);
			if (st == EM_OK || st == EM_NOT_CONVERGED)
				for (int i = 0; i < n; i++)
					CHECK(pp[i] >= 0 && pp[i] <= 1);
		}
	}
}

/* hredd's comparisons read from model inputs. */
static void
TestLevels(void)
{
	double		x[MM_NCOEF] = {0};
	int			lv[EMC_NCMP];
	int			total = 0;

	for (int k = 0; k < EMC_NCMP; k++)
	{
		total += MatchEmLevelCount[k];
		CHECK(MatchEmLevelCount[k] >= 2 && MatchEmLevelCount[k] <= EM_MAX_LEVELS);
	}
	CHECK(total == EMC_NLEVELS);
	CHECK_STR(MatchEmLevelName(EMC_NAME, 0), "exact");
	CHECK_STR(MatchEmLevelName(EMC_ADDRESS_NUMBERS, 2), "other site");
	CHECK_STR(MatchEmLevelName(EMC_NAME, 5), "?");
	CHECK_STR(MatchEmLevelName(-1, 0), "?");

	/* the same name, address and numbers, one country, 50 m apart */
	x[MM_INTERCEPT] = 1;
	x[MM_NAME_WORDS] = 1;
	x[MM_NAME_CHARS] = 1;
	x[MM_ADDR_ABOVE] = 0.5;
	x[MM_ANUM_AGREE] = 1;
	x[MM_COUNTRY_SAME] = 1;
	x[MM_DIST_NEAR] = MatchDistanceTerm(0.05);
	CHECK(MatchEmLevels(x, lv));
	CHECK(lv[EMC_NAME] == 0 && lv[EMC_ADDRESS] == 0 && lv[EMC_NAME_NUMBERS] == -1);
	CHECK(lv[EMC_ADDRESS_NUMBERS] == 0 && lv[EMC_COUNTRY] == 0 && lv[EMC_DISTANCE] == 0);
	CHECK(lv[EMC_NAME_COMMON] == 0);

	/* names half alike (gate 1/3): the gated inputs are read ungated */
	x[MM_NAME_WORDS] = MatchWordsInput(0.6);
	x[MM_NAME_CHARS] = 0.6;
	{
		double		gate = (0.6 - MATCH_GATE_FROM) / (MATCH_GATE_FULL - MATCH_GATE_FROM);

		x[MM_DIST_NEAR] = gate * MatchDistanceTerm(0.15);
		x[MM_COUNTRY_SAME] = gate;
		x[MM_ANUM_AGREE] = 0;
		x[MM_ANUM_CONFLICT] = -MATCH_ANUM_SITE;
		x[MM_ADDR_ABOVE] = 0;
		x[MM_ADDR_BELOW] = 0.1 - 0.5;
		x[MM_NAME_COMMON] = -gate * log(20 / 2.0);
	}
	CHECK(MatchEmLevels(x, lv));
	CHECK(lv[EMC_NAME] == 3);
	CHECK(lv[EMC_DISTANCE] == 0);
	CHECK(lv[EMC_COUNTRY] == 0);
	CHECK(lv[EMC_ADDRESS_NUMBERS] == 2);
	CHECK(lv[EMC_ADDRESS] == 3);
	CHECK(lv[EMC_NAME_COMMON] == 2);

	/* names unlike: the gate hides agreement, so those comparisons are left out */
	x[MM_NAME_WORDS] = MatchWordsInput(0.1);
	x[MM_NAME_CHARS] = 0.1;
	x[MM_DIST_NEAR] = x[MM_COUNTRY_SAME] = x[MM_NAME_COMMON] = 0;
	x[MM_DIST_FAR] = MatchDistanceTerm(5);
	CHECK(MatchEmLevels(x, lv));
	CHECK(lv[EMC_NAME] == 4 && lv[EMC_ADDRESS] == -1 && lv[EMC_DISTANCE] == -1);
	CHECK(lv[EMC_COUNTRY] == -1 && lv[EMC_ADDRESS_NUMBERS] == -1 && lv[EMC_NAME_COMMON] == -1);

	x[MM_NAME_CHARS] = NAN;
	CHECK(!MatchEmLevels(x, lv));
	x[MM_NAME_CHARS] = INFINITY;
	CHECK(!MatchEmLevels(x, lv));
}

/* The soft fit reproduces posteriors a logistic model of the inputs can express. */
static void
TestSoftFit(void)
{
	enum
	{
		N = 3000
	};
	double	   *x = calloc((size_t) N * MM_NCOEF, sizeof(double));
	double	   *p = malloc(sizeof(double) * N);
	double		want[MM_NCOEF],
				coef[MM_NCOEF];
	int			it;

	for (int k = 0; k < MM_NCOEF; k++)
		want[k] = MatchDefaultCoef[k];
	want[MM_INTERCEPT] = -1.0;
	want[MM_NAME_WORDS] = 4.0;
	want[MM_ADDR_BELOW] = 8.0;
	for (int i = 0; i < N; i++)
	{
		double	   *xi = x + (size_t) i * MM_NCOEF;
		double		z = 0;

		xi[MM_INTERCEPT] = 1;
		xi[MM_NAME_WORDS] = Uniform() * 1.7 - 0.7;
		xi[MM_NAME_CHARS] = Uniform();
		xi[MM_ADDR_BELOW] = Uniform() < 0.5 ? -0.5 * Uniform() : 0;
		xi[MM_COUNTRY_SAME] = Uniform() < 0.5 ? 1 : 0;
		for (int k = 0; k < MM_NCOEF; k++)
			z += want[k] * xi[k];
		p[i] = 1 / (1 + exp(-z));
	}
	it = MatchFitLogisticSoft(x, p, N, 1e-6, coef);
	CHECK(it > 0);
	CHECK(fabs(coef[MM_INTERCEPT] - want[MM_INTERCEPT]) < 0.05);
	CHECK(fabs(coef[MM_NAME_WORDS] - want[MM_NAME_WORDS]) < 0.05);
	CHECK(fabs(coef[MM_ADDR_BELOW] - want[MM_ADDR_BELOW]) < 0.1);
	/* posteriors of 0 and 1 only, perfectly separable: still a finite fit */
	for (int i = 0; i < N; i++)
		p[i] = x[(size_t) i * MM_NCOEF + MM_NAME_WORDS] > 0.5 ? 1 : 0;
	it = MatchFitLogisticSoft(x, p, N, 1.0, coef);
	CHECK(it > 0);
	for (int k = 0; k < MM_NCOEF; k++)
		CHECK(isfinite(coef[k]));
	/* a soft label outside [0, 1] is refused */
	p[7] = 1.5;
	CHECK(MatchFitLogisticSoft(x, p, N, 1.0, coef) == -1);
	p[7] = NAN;
	CHECK(MatchFitLogisticSoft(x, p, N, 1.0, coef) == -1);
	free(x);
	free(p);
}

int
main(void)
{
	TestRecover(false);
	TestRecover(true);
	TestSwapped();
	TestDegenerate();
	TestHostile();
	TestLevels();
	TestSoftFit();
	UNIT_DONE("test_em");
}
