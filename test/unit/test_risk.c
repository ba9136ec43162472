/* test_risk.c — unit tests of src/risk/risk_core.c (no PostgreSQL). */
#include <math.h>
#include <stdbool.h>

#include "../../src/risk/risk_core.h"
#include "unit.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-12)

static void
test_compute(void)
{
	double		base[3] = {0.15, 0.15, 0.1},
				scale[3] = {0.9, 0.6, 0.5},
				irrem[3] = {0.8, 0.4, 0.3};
	bool		nc[3] = {true, false, true},
				np[3] = {false, true, false},
				nl[3] = {false, false, true};
	RiskTopics	t = {3, base, scale, irrem, nc, np, nl};
	RiskProfileNumbers p = {RISK_NOISY_OR, 0.5, 0.5, 0.67, 0.5, 10000};
	RiskFacilityFacts f = {true, false, false, true, 999, true, 0.6};
	double		lg[3] = {0},
				mx[3] = {0},
				swv[3] = {0},
				sw[3] = {0};
	bool		any[3] = {false};
	RiskLayerSums s = {lg, mx, any, swv, sw};
	double		shift[3] = {0, -1.0, 0.8},
				cov[3] = {0, 0.5, 0.3};
	bool		act[3] = {false, false, false};
	int			cnt[3] = {0, 2, 1};
	RiskEvidenceSums e = {shift, act, cnt, cov};
	double		l0[3], lik[3], pri[3], conf[3], esh[3];
	bool		ract[3];
	short		gap[3];
	int			ecnt[3];
	RiskResults r = {0, l0, lik, pri, ract, conf, gap, ecnt, esh};
	/* the country's layer: topic 1 w·v 0.5, topic 3 w·v 0.2 */
	int			ord[2] = {1, 3};
	double		k_lg[2] = {log(1 - 0.5), log(1 - 0.2)},
				k_mx[2] = {0.5, 0.2},
				k_swv[2] = {0.5, 0.2},
				k_sw[2] = {1, 1};
	bool		yes[2] = {true, true};
	int			bad_ord[1] = {4};
	double		scope,
				v,
				c,
				lraw;

	CHECK(RiskAddLayer(&s, 3, 2, ord, k_lg, yes, k_mx, yes, k_swv, yes, k_sw, yes) == -1);
	CHECK(RiskAddLayer(&s, 3, 1, bad_ord, k_lg, yes, k_mx, yes, k_swv, yes, k_sw, yes) == 0);
	RiskCompute(&t, &p, &f, &s, &e, &r);

	scope = log(1 + 999.0) / log(1 + 10000.0);
	CHECK(NEAR(r.scope, scope));
	/* topic 1: noisy-or of 0.5 over base 0.15, no evidence */
	v = 1 - (1 - 0.15) * (1 - 0.5);
	CHECK(NEAR(l0[0], v));
	CHECK(NEAR(lik[0], v));
	CHECK(NEAR(pri[0], pow((0.9 + scope + 0.8) / 3, 0.67) * pow(v, 0.33)));
	/* no evidence (1), products unknown but topic 1 needs none, match 0.6 < 0.8 (32) */
	CHECK(gap[0] == (1 | 32));
	CHECK(NEAR(conf[0], 0));
	/* topic 2: products unknown and needed: the prior 0.5 stands in; clean
	 * evidence (shift -1) stops at the floor 0.5 × 0.5 */
	CHECK(NEAR(l0[1], 0.5));
	c = 0.5;
	lraw = 1 / (1 + exp(-(log(c / (1 - c)) - 1.0)));
	CHECK(NEAR(lik[1], lraw > 0.25 ? lraw : 0.25));
	CHECK(gap[1] == ((1 << 3) | 32));
	CHECK(NEAR(conf[1], 0.5 * 0.6));
	CHECK(ecnt[1] == 2 && NEAR(esh[1], -1.0));
	/* topic 3: location needed and unknown (4); adverse evidence raises it */
	v = 1 - (1 - 0.1) * (1 - 0.2);
	CHECK(NEAR(l0[2], v));
	CHECK(lik[2] > v);
	CHECK(gap[2] == (4 | 32));

	/* actual: likelihood 1 */
	act[0] = true;
	cnt[0] = 1;
	RiskCompute(&t, &p, &f, &s, &e, &r);
	CHECK(lik[0] == 1 && ract[0]);

	/* max and mean */
	p.combine = RISK_MAX;
	RiskCompute(&t, &p, &f, &s, &e, &r);
	CHECK(NEAR(l0[2], 1 - (1 - 0.1) * (1 - 0.2)));
	CHECK(NEAR(l0[1], 0.5));	/* unknown products: prior */
	p.combine = RISK_MEAN;
	RiskCompute(&t, &p, &f, &s, &e, &r);
	CHECK(NEAR(l0[0], 1 - (1 - 0.15) * (1 - 0.5)));

	/* workers unknown: the default scope; match unknown: confidence = coverage */
	f.workers_known = false;
	f.match_known = false;
	RiskCompute(&t, &p, &f, &s, &e, &r);
	CHECK(r.scope == 0.5);
	CHECK(NEAR(conf[1], 0.5));
	CHECK(gap[1] == ((1 << 3) | 16));
}

static void
test_max_nan(void)
{
	double		lg[1] = {0},
				mx[1] = {0},
				swv[1] = {0},
				sw[1] = {0};
	bool		any[1] = {false};
	RiskLayerSums s = {lg, mx, any, swv, sw};
	int			ord[3] = {1, 1, 1};
	double		v[3] = {0.2, NAN, 0.9};
	bool		yes[3] = {true, true, true},
				no[3] = {false, false, false};

	/* NaN is above every number, as PostgreSQL's max() has it */
	CHECK(RiskAddLayer(&s, 1, 3, ord, v, no, v, yes, v, no, v, no) == -1);
	CHECK(any[0] && isnan(mx[0]));
	CHECK(lg[0] == 0 && swv[0] == 0 && sw[0] == 0);
}

static void
test_rank(void)
{
	RiskRef		refs[3] = {{"B", 1}, {"A", 1}, {"AA", 2}};
	/* 3 facilities × 2 topics */
	double		pri[6] = {0.5, 0.9, 0.5, 0.1, 0.5, NAN};
	bool		act[6] = {false, false, false, true, false, false};
	int			rank[6],
				work[6];

	CHECK(RiskRank(refs, 3, 2, pri, act, rank, work));
	/* actual first (A/2), then NaN (AA/2), 0.9 (B/2), then the three 0.5s by
	 * reference in byte order: A, AA, B */
	CHECK(rank[3] == 1);
	CHECK(rank[5] == 2);
	CHECK(rank[1] == 3);
	CHECK(rank[2] == 4);
	CHECK(rank[4] == 5);
	CHECK(rank[0] == 6);
	/* ties within a facility: the topic's position */
	{
		RiskRef		one[1] = {{"X", 1}};
		double		p2[3] = {0.3, 0.3, 0.3};
		bool		a2[3] = {false, false, false};
		int			r2[3],
					w2[3];

		CHECK(RiskRank(one, 1, 3, p2, a2, r2, w2));
		CHECK(r2[0] == 1 && r2[1] == 2 && r2[2] == 3);
	}
	CHECK(!RiskRank(refs, 3, 0, pri, act, rank, work));
}

int
main(void)
{
	test_compute();
	test_max_nan();
	test_rank();
	UNIT_DONE("test_risk");
}
