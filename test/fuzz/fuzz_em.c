/*
 * fuzz_em.c — the EM of the match model without labels (src/match/em.c) on
 * arbitrary arrays: MatchEmRun and MatchEmFrequencies either refuse the
 * input (EM_BAD_INPUT, exactly when a shape, a level or a starting value is
 * out of range) or end with finite probabilities that sum to 1 per
 * comparison and posteriors in [0, 1]; MatchEmLevels reads levels in range
 * (or -1) from any finite model inputs and refuses the others.
 *
 * Layout: byte 0 the pairs (n, 1..64), byte 1 the comparisons (k, 1..6),
 * then k level counts (a byte each, taken as is: 0..255), then n * k levels
 * (a byte each, minus 2: -2..253), then the starting m and u and model inputs
 * as doubles from what is left.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/match/em.h"
#include "../../src/match/score.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static double
NextDouble(const uint8_t **p, const uint8_t *end)
{
	double		d = 0.5;

	if (end - *p >= (long) sizeof(double))
	{
		memcpy(&d, *p, sizeof(double));
		*p += sizeof(double);
	}
	else if (*p < end)
		d = *(*p)++ / 255.0;
	return d;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data,
			   *end = data + size;
	int			n,
				k,
				nlev[6],
				lv[64 * 6],
				total = 0;
	double		m[6 * 256],
				u[6 * 256],
				post[64],
				x[MM_NCOEF];
	bool		valid = true;
	MatchEmOptions opt = {50, 1e-6, false, 0.1};
	MatchEmFit	fit;
	MatchEmStatus st;

	if (size < 2)
		return 0;
	n = 1 + p[0] % 64;
	k = 1 + p[1] % 6;
	p += 2;
	for (int c = 0; c < k; c++)
	{
		nlev[c] = p < end ? *p++ : 2;
		valid = valid && nlev[c] >= 2 && nlev[c] <= EM_MAX_LEVELS;
		total += nlev[c];
	}
	for (int i = 0; i < n * k; i++)
	{
		lv[i] = (p < end ? *p++ : 2) - 2;
		valid = valid && lv[i] >= -1 && lv[i] < nlev[i % k];
	}
	for (int j = 0; j < total; j++)
	{
		m[j] = NextDouble(&p, end);
		u[j] = NextDouble(&p, end);
	}
	opt.fix_u = (size & 1) != 0;
	if (valid)
	{
		/* the starting values are valid when each comparison's sum is finite and > 0 */
		int			off = 0;

		for (int c = 0; c < k; c++)
		{
			double		sm = 0,
						su = 0;
			bool		ok = true;

			for (int l = 0; l < nlev[c]; l++)
			{
				ok = ok && isfinite(m[off + l]) && m[off + l] >= 0 && isfinite(u[off + l]) && u[off + l] >= 0;
				sm += m[off + l];
				su += u[off + l];
			}
			valid = valid && ok && sm > 0 && su > 0 && isfinite(sm) && isfinite(su);
			off += nlev[c];
		}
	}
	st = MatchEmRun(lv, n, k, nlev, 0.3, &opt, m, u, &fit, post);
	FUZZ_ASSERT((st == EM_BAD_INPUT) == !valid);
	if (st == EM_OK || st == EM_NOT_CONVERGED)
	{
		int			off = 0;

		FUZZ_ASSERT(fit.lambda > 0 && fit.lambda < 1);
		for (int i = 0; i < n; i++)
			FUZZ_ASSERT(post[i] >= 0 && post[i] <= 1);
		for (int c = 0; c < k; c++)
		{
			double		sm = 0,
						su = 0;

			for (int l = 0; l < nlev[c]; l++)
			{
				FUZZ_ASSERT(isfinite(m[off + l]) && isfinite(u[off + l]));
				sm += m[off + l];
				su += u[off + l];
			}
			FUZZ_ASSERT(fabs(sm - 1) < 1e-6 && fabs(su - 1) < 1e-6);
			off += nlev[c];
		}
	}
	if (valid)
		FUZZ_ASSERT(MatchEmFrequencies(lv, n, k, nlev, 0.1, m) == EM_OK);

	/* levels of arbitrary model inputs */
	{
		const uint8_t *q = data;
		int			lvl[EMC_NCMP];
		bool		finite = true;

		for (int i = 0; i < MM_NCOEF; i++)
		{
			x[i] = NextDouble(&q, end);
			finite = finite && isfinite(x[i]);
		}
		FUZZ_ASSERT(MatchEmLevels(x, lvl) == finite);
		if (finite)
			for (int c = 0; c < EMC_NCMP; c++)
				FUZZ_ASSERT(lvl[c] >= -1 && lvl[c] < MatchEmLevelCount[c]);
	}
	return 0;
}
