/*
 * risk_core.c — see risk_core.h.
 */
#include "risk_core.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int
RiskAddLayer(RiskLayerSums *s, int n, int k, const int *ord,
			 const double *lg, const bool *lg_present,
			 const double *mx, const bool *mx_present,
			 const double *swv, const bool *swv_present,
			 const double *sw, const bool *sw_present)
{
	int			i;

	for (i = 0; i < k; i++)
	{
		int			t = ord[i] - 1;

		if (ord[i] < 1 || ord[i] > n)
			return i;
		if (lg_present[i])
			s->lg[t] += lg[i];
		if (mx_present[i] && (!s->mx_any[t] || mx[i] > s->mx[t] || isnan(mx[i])))
		{
			/* greatest(): NaN is above every number, as in PostgreSQL */
			if (!(s->mx_any[t] && isnan(s->mx[t])))
				s->mx[t] = mx[i];
			s->mx_any[t] = true;
		}
		if (swv_present[i])
			s->swv[t] += swv[i];
		if (sw_present[i])
			s->sw[t] += sw[i];
	}
	return -1;
}

static double
Greatest(double a, double b)
{
	if (isnan(a) || isnan(b))
		return NAN;
	return a > b ? a : b;
}

static double
Least(double a, double b)
{
	if (isnan(a))
		return b;				/* least(): NaN is above every number */
	if (isnan(b))
		return a;
	return a < b ? a : b;
}

void
RiskCompute(const RiskTopics *t, const RiskProfileNumbers *p, const RiskFacilityFacts *f,
			const RiskLayerSums *s, const RiskEvidenceSums *e, RiskResults *r)
{
	int			i;

	r->scope = f->workers_known ?
		Least(1, log(1 + f->workers) / log(1 + p->scope_workers)) : p->default_scope;

	for (i = 0; i < t->n; i++)
	{
		double		l1,
					v,
					l0,
					severity,
					c,
					l_raw,
					lik;
		double		shift = e->shift[i];
		bool		unknown;

		switch (p->combine)
		{
			case RISK_NOISY_OR:
				l1 = 1 - exp(s->lg[i]);
				break;
			case RISK_MAX:
				l1 = s->mx_any[i] ? s->mx[i] : 0;
				break;
			default:
				l1 = s->sw[i] != 0 ? s->swv[i] / s->sw[i] : 0;
				break;
		}
		/* where a topic's layers need the country or the products and those
		 * are unknown, the profile's prior stands in: unknown is not low */
		unknown = (!f->has_country && t->needs_country[i]) || (!f->has_products && t->needs_products[i]);
		v = 1 - (1 - t->base_likelihood[i]) * (1 - l1);
		l0 = unknown ? Greatest(v, p->unknown_prior) : v;
		severity = (t->scale[i] + r->scope + t->irremediability[i]) / 3;
		/* the evidence's shift in log-odds, from 0.001 .. 0.999 */
		c = Least(Greatest(l0, 0.001), 0.999);
		l_raw = 1 / (1 + exp(-(log(c / (1 - c)) + shift)));
		if (e->actual[i])
			lik = 1;
		else if (shift < 0)
			lik = Greatest(l_raw, p->floor_share * l0);
		else if (shift == 0)
			lik = l0;
		else
			lik = l_raw;

		r->l0[i] = l0;
		r->likelihood[i] = lik;
		r->priority[i] = pow(severity, p->alpha) * pow(lik, 1 - p->alpha);
		r->actual[i] = e->actual[i];
		r->confidence[i] = e->coverage[i] * (f->match_known ? f->match_score : 1);
		r->gap_bits[i] = (short) ((e->count[i] == 0)
								  | (!f->has_country) << 1
								  | (!f->has_location && t->needs_location[i]) << 2
								  | (!f->has_products && t->needs_products[i]) << 3
								  | (!f->workers_known) << 4
								  | (f->match_known && f->match_score < 0.8) << 5);
		r->evidence_count[i] = e->count[i];
		r->evidence_shift[i] = shift;
	}
}

/* ------------------------------------------------------------ rank */

typedef struct RankCtx
{
	const RiskRef *refs;
	int			ntopics;
	const double *priority;
	const bool *actual;
} RankCtx;

/* qsort has no context argument; a backend sorts one run at a time */
static const RankCtx *rank_ctx;

static int
CompareRef(const RiskRef *a, const RiskRef *b)
{
	size_t		n = a->len < b->len ? a->len : b->len;
	int			c = n ? memcmp(a->data, b->data, n) : 0;

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

/* PostgreSQL's float8 order: NaN equals NaN and is above every number */
static int
CompareFloat(double a, double b)
{
	if (isnan(a))
		return isnan(b) ? 0 : 1;
	if (isnan(b))
		return -1;
	return a < b ? -1 : a > b ? 1 : 0;
}

static int
CompareCell(const void *pa, const void *pb)
{
	const RankCtx *x = rank_ctx;
	int			a = *(const int *) pa,
				b = *(const int *) pb;
	int			c;

	if (x->actual[a] != x->actual[b])
		return x->actual[a] ? -1 : 1;
	c = CompareFloat(x->priority[b], x->priority[a]);
	if (c != 0)
		return c;
	if (a / x->ntopics != b / x->ntopics)
	{
		c = CompareRef(&x->refs[a / x->ntopics], &x->refs[b / x->ntopics]);
		if (c != 0)
			return c;
	}
	return a < b ? -1 : a > b ? 1 : 0;
}

bool
RiskRank(const RiskRef *refs, int nfac, int ntopics, const double *priority,
		 const bool *actual, int *rank, int *work)
{
	RankCtx		ctx = {refs, ntopics, priority, actual};
	int			n,
				i;

	if (nfac < 0 || ntopics <= 0 || (nfac > 0 && ntopics > INT_MAX / nfac))
		return false;
	n = nfac * ntopics;
	for (i = 0; i < n; i++)
		work[i] = i;
	rank_ctx = &ctx;
	qsort(work, n, sizeof(int), CompareCell);
	rank_ctx = NULL;
	for (i = 0; i < n; i++)
		rank[work[i]] = i + 1;
	return true;
}
