/*
 * model.c — fitting the match model to labelled pairs (pure C).
 *
 * Logistic regression by Newton's method, with an L2 penalty that pulls
 * every coefficient but the intercept towards the shipped default: evidence
 * the labelled pairs do not hold (no coordinates, no other countries) keeps
 * its default weight instead of dropping to zero, and a few hundred pairs
 * adjust the default rather than replace it.
 */
#include "score.h"
#include "em.h"

#include <math.h>
#include <string.h>

#define FIT_MAX_ITER	50
#define FIT_MAX_ITER_SOFT	200

/* Solve H d = g (n x n, row-major) by Gaussian elimination; false if singular. */
static bool
Solve(double *H, double *g, double *d, int n)
{
	for (int c = 0; c < n; c++)
	{
		int			p = c;

		for (int r = c + 1; r < n; r++)
			if (fabs(H[r * n + c]) > fabs(H[p * n + c]))
				p = r;
		if (fabs(H[p * n + c]) < 1e-12)
			return false;
		if (p != c)
		{
			for (int k = 0; k < n; k++)
			{
				double		t = H[c * n + k];

				H[c * n + k] = H[p * n + k];
				H[p * n + k] = t;
			}
			{
				double		t = g[c];

				g[c] = g[p];
				g[p] = t;
			}
		}
		for (int r = c + 1; r < n; r++)
		{
			double		f = H[r * n + c] / H[c * n + c];

			if (f == 0)
				continue;
			for (int k = c; k < n; k++)
				H[r * n + k] -= f * H[c * n + k];
			g[r] -= f * g[c];
		}
	}
	for (int r = n - 1; r >= 0; r--)
	{
		double		v = g[r];

		for (int k = r + 1; k < n; k++)
			v -= H[r * n + k] * d[k];
		d[r] = v / H[r * n + r];
	}
	return true;
}

/* The penalised cross-entropy of coef against soft labels p. */
static double
SoftObjective(const double *x, const double *p, int n, double l2, const double *coef)
{
	double		j = 0;

	for (int i = 0; i < n; i++)
	{
		const double *xi = x + (size_t) i * MM_NCOEF;
		double		z = 0;

		for (int k = 0; k < MM_NCOEF; k++)
			z += coef[k] * xi[k];
		/* -p log s(z) - (1 - p) log(1 - s(z)), written to stay finite */
		j += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - p[i] * z;
	}
	for (int k = 1; k < MM_NCOEF; k++)
		j += 0.5 * l2 * (coef[k] - MatchDefaultCoef[k]) * (coef[k] - MatchDefaultCoef[k]);
	return j;
}

/*
 * The fit to hard labels (y) or to soft ones (p, each in [0, 1]: the
 * cross-entropy against them, which is what a logistic model fitted to the
 * posteriors of another model minimises).
 */
static int
FitLogistic(const double *x, const bool *y, const double *p_soft, int n, double l2, double *coef)
{
	const int	m = MM_NCOEF;
	double		H[MM_NCOEF * MM_NCOEF];
	double		g[MM_NCOEF];
	double		d[MM_NCOEF];

	memcpy(coef, MatchDefaultCoef, sizeof(double) * m);
	if (l2 < 1e-6)
		l2 = 1e-6;
	for (int it = 1; it <= (p_soft ? FIT_MAX_ITER_SOFT : FIT_MAX_ITER); it++)
	{
		double		step = 0;

		memset(H, 0, sizeof(H));
		memset(g, 0, sizeof(g));
		for (int i = 0; i < n; i++)
		{
			const double *xi = x + (size_t) i * m;
			double		z = 0,
						p,
						w;

			for (int k = 0; k < m; k++)
				z += coef[k] * xi[k];
			z = z > 30 ? 30 : (z < -30 ? -30 : z);
			p = 1.0 / (1.0 + exp(-z));
			w = p * (1 - p);
			for (int k = 0; k < m; k++)
			{
				if (xi[k] == 0)
					continue;
				g[k] += (p - (y ? (y[i] ? 1 : 0) : p_soft[i])) * xi[k];
				for (int l = 0; l < m; l++)
					H[k * m + l] += w * xi[k] * xi[l];
			}
		}
		/* the pull towards the default (not on the intercept) */
		for (int k = 1; k < m; k++)
		{
			g[k] += l2 * (coef[k] - MatchDefaultCoef[k]);
			H[k * m + k] += l2;
		}
		H[0] += 1e-9;
		if (!Solve(H, g, d, m))
			return -1;
		if (p_soft)
		{
			/*
			 * Soft labels near 0 and 1 on nearly separable pairs (EM
			 * posteriors) make full Newton steps overshoot: halve the step
			 * until the penalised cross-entropy does not rise.
			 */
			double		before = SoftObjective(x, p_soft, n, l2, coef);
			double		t = 1;
			double		trial[MM_NCOEF];

			for (int h = 0; h < 30; h++, t /= 2)
			{
				for (int k = 0; k < m; k++)
					trial[k] = coef[k] - t * d[k];
				if (SoftObjective(x, p_soft, n, l2, trial) <= before + 1e-12 * fabs(before))
					break;
			}
			for (int k = 0; k < m; k++)
				d[k] *= t;
		}
		for (int k = 0; k < m; k++)
		{
			coef[k] -= d[k];
			step = fmax(step, fabs(d[k]));
		}
		for (int k = 0; k < m; k++)
			if (!isfinite(coef[k]))
				return -1;
		if (step < 1e-7)
			return it;
	}
	return -1;
}

int
MatchFitLogistic(const double *x, const bool *y, int n, double l2, double *coef)
{
	return FitLogistic(x, y, NULL, n, l2, coef);
}

int
MatchFitLogisticSoft(const double *x, const double *p, int n, double l2, double *coef)
{
	for (int i = 0; i < n; i++)
		if (!(p[i] >= 0 && p[i] <= 1))
			return -1;
	return FitLogistic(x, NULL, p, n, l2, coef);
}
