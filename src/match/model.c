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

#include <math.h>
#include <string.h>

#define FIT_MAX_ITER	50

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

int
MatchFitLogistic(const double *x, const bool *y, int n, double l2, double *coef)
{
	const int	m = MM_NCOEF;
	double		H[MM_NCOEF * MM_NCOEF];
	double		g[MM_NCOEF];
	double		d[MM_NCOEF];

	memcpy(coef, MatchDefaultCoef, sizeof(double) * m);
	if (l2 < 1e-6)
		l2 = 1e-6;
	for (int it = 1; it <= FIT_MAX_ITER; it++)
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
				g[k] += (p - (y[i] ? 1 : 0)) * xi[k];
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
