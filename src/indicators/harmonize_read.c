/*
 * harmonize_read.c — what a harmonize batch reads once through SPI: the
 * scheme's crosswalk (a hash table of codes), the wage benchmarks and the
 * exchange rates, and the wage figures computed from them.  See harmonize.h.
 */
#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"

#include "harmonize.h"

/* A wage benchmark. */
typedef struct Benchmark
{
	int16		country;
	bool		minimum;		/* kind minimum, else living */
	DateADT		valid_from;
	DateADT		valid_to;
	double		amount;
	char		currency[4];
} Benchmark;

/* The exchange rates of one currency, by date. */
typedef struct Rates
{
	char		currency[4];
	int			n;
	DateADT    *valid_on;
	double	   *per_usd;
} Rates;

struct HarmWages
{
	MemoryContext cxt;			/* where rates read later live */
	Benchmark  *bench;
	int			nbench;
	Rates	   *rates;
	int			nrates;
	int			rates_cap;
};

/* ---------------------------------------------------------------- the crosswalk */

HarmCode *
HarmCodeFind(const HarmCodeTable *t, const char *s, size_t len)
{
	uint32		h;

	if (t->ncodes == 0)
		return NULL;
	h = hash_bytes((const unsigned char *) s, (int) len);
	for (int i = t->buckets[h & t->mask]; i >= 0; i = t->codes[i].next)
	{
		HarmCode   *c = &t->codes[i];

		if (c->hash == h && c->len == len && memcmp(c->code, s, len) == 0)
			return c;
	}
	return NULL;
}

static double
GetFloat(HeapTuple tup, TupleDesc td, int col, bool *has)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, col, &isnull);

	*has = !isnull;
	return isnull ? 0 : DatumGetFloat8(d);
}

static char *
GetString(HeapTuple tup, TupleDesc td, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, col, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/* Run a query with one text parameter; its rows are in SPI_tuptable. */
static SPITupleTable *
QueryWithText(const char *sql, text *arg, const char *what)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1] = {PointerGetDatum(arg)};

	if (SPI_execute_with_args(sql, 1, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "harmonize: could not read the %s", what);
	return SPI_tuptable;
}

/* The scheme's crosswalk rows that carry data, with their indicators and value maps. */
void
HarmLoadCodes(HarmCodeTable *t, text *scheme)
{
	SPITupleTable *tt;
	TupleDesc	td;
	uint32		nb = 16;

	tt = QueryWithText("SELECT c.scheme_code, c.topic, c.indicator, i.kind, i.unit, i.grade_scale, "
					   "       i.direction = 'lower_is_better', i.threshold_ok, i.threshold_severe, "
					   "       i.min_value, i.max_value "
					   "FROM hredd.crosswalk c JOIN hredd.indicator i ON i.code = c.indicator "
					   "WHERE c.scheme = $1 AND c.indicator IS NOT NULL",
					   scheme, "crosswalk");
	td = tt->tupdesc;
	t->ncodes = (int) SPI_processed;
	t->codes = palloc0(sizeof(HarmCode) * Max(t->ncodes, 1));
	while (nb < (uint32) t->ncodes * 2)
		nb <<= 1;
	t->mask = nb - 1;
	t->buckets = palloc(sizeof(int) * nb);
	memset(t->buckets, -1, sizeof(int) * nb);
	for (int i = 0; i < t->ncodes; i++)
	{
		HeapTuple	tup = tt->vals[i];
		HarmCode   *c = &t->codes[i];
		HarmIndicator *ind = &c->ind;
		char	   *kind = GetString(tup, td, 4);
		char	   *unit = GetString(tup, td, 5);
		bool		isnull;
		IndReason	r;
		char		bad[32];

		c->code = GetString(tup, td, 1);
		c->len = strlen(c->code);
		c->hash = hash_bytes((const unsigned char *) c->code, (int) c->len);
		c->next = t->buckets[c->hash & t->mask];
		t->buckets[c->hash & t->mask] = i;
		c->topic = PointerGetDatum(cstring_to_text(GetString(tup, td, 2)));
		c->indicator = PointerGetDatum(cstring_to_text(GetString(tup, td, 3)));
		c->ind_unit = PointerGetDatum(cstring_to_text(unit));
		ind->kind = strcmp(kind, "grade") == 0 ? HARM_GRADE :
			strcmp(kind, "wage") == 0 ? HARM_WAGE :
			strcmp(kind, "flag") == 0 ? HARM_FLAG : HARM_MEASURE;
		if (ind->kind != HARM_GRADE && !IndUnitParse(unit, strlen(unit), &ind->unit, &r, bad, sizeof(bad)))
			elog(ERROR, "harmonize: indicator %s has the unit \"%s\", which hredd cannot read",
				 TextDatumGetCString(c->indicator), unit);
		ind->grade_scale = GetString(tup, td, 6);
		ind->lower_is_better = DatumGetBool(SPI_getbinval(tup, td, 7, &isnull));
		ind->threshold_ok = GetFloat(tup, td, 8, &ind->has_thresholds);
		ind->threshold_severe = GetFloat(tup, td, 9, &isnull);
		ind->min_value = GetFloat(tup, td, 10, &ind->has_min);
		ind->max_value = GetFloat(tup, td, 11, &ind->has_max);
	}
	SPI_freetuptable(tt);

	/* value maps: raw answer -> number, as the crosswalk trigger checked them */
	tt = QueryWithText("SELECT c.scheme_code, e.key, e.value::float8 "
					   "FROM hredd.crosswalk c, jsonb_each(c.value_map) e "
					   "WHERE c.scheme = $1 AND c.indicator IS NOT NULL "
					   "ORDER BY c.scheme_code, e.key",
					   scheme, "value maps");
	td = tt->tupdesc;
	for (uint64 i = 0; i < SPI_processed;)
	{
		char	   *code = GetString(tt->vals[i], td, 1);
		HarmCode   *c = HarmCodeFind(t, code, strlen(code));
		uint64		j = i;
		HarmMapEntry *map;

		while (j < SPI_processed && strcmp(GetString(tt->vals[j], td, 1), code) == 0)
			j++;
		map = palloc(sizeof(HarmMapEntry) * (j - i));
		for (uint64 k = i; k < j; k++)
		{
			bool		has;

			map[k - i].key = GetString(tt->vals[k], td, 2);
			map[k - i].keylen = strlen(map[k - i].key);
			map[k - i].value = GetFloat(tt->vals[k], td, 3, &has);
		}
		if (c != NULL)
		{
			c->ind.map = map;
			c->ind.nmap = (int) (j - i);
		}
		i = j;
	}
	SPI_freetuptable(tt);
}

/* ---------------------------------------------------------------- wages */

static int
BenchmarkCmp(const void *a, const void *b)
{
	const Benchmark *x = a,
			   *y = b;

	if (x->country != y->country)
		return x->country < y->country ? -1 : 1;
	if (x->minimum != y->minimum)
		return x->minimum ? -1 : 1;
	/* latest first */
	if (x->valid_from != y->valid_from)
		return x->valid_from > y->valid_from ? -1 : 1;
	return 0;
}

HarmWages *
HarmLoadWages(MemoryContext cxt)
{
	HarmWages  *b = MemoryContextAllocZero(cxt, sizeof(HarmWages));
	SPITupleTable *tt;
	TupleDesc	td;

	b->cxt = cxt;

	if (SPI_execute("SELECT b.country, b.kind = 'minimum', b.valid_from, b.valid_to, b.amount_month, b.currency "
					"FROM hredd.wage_benchmark b", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "harmonize: could not read the wage benchmarks");
	tt = SPI_tuptable;
	td = tt->tupdesc;
	b->nbench = (int) SPI_processed;
	b->bench = palloc0(sizeof(Benchmark) * Max(b->nbench, 1));
	for (int i = 0; i < b->nbench; i++)
	{
		HeapTuple	tup = tt->vals[i];
		Benchmark  *x = &b->bench[i];
		bool		isnull;
		char	   *cur = GetString(tup, td, 6);

		x->country = DatumGetInt16(SPI_getbinval(tup, td, 1, &isnull));
		x->minimum = DatumGetBool(SPI_getbinval(tup, td, 2, &isnull));
		x->valid_from = DatumGetDateADT(SPI_getbinval(tup, td, 3, &isnull));
		x->valid_to = DatumGetDateADT(SPI_getbinval(tup, td, 4, &isnull));
		x->amount = DatumGetFloat8(SPI_getbinval(tup, td, 5, &isnull));
		strlcpy(x->currency, cur, sizeof(x->currency));
	}
	SPI_freetuptable(tt);
	qsort(b->bench, b->nbench, sizeof(Benchmark), BenchmarkCmp);
	return b;
}

/* The benchmark of a kind in force in a country on a day, or NULL. */
static const Benchmark *
FindBenchmark(const HarmWages *b, int16 country, bool minimum, DateADT day)
{
	int			lo = 0,
				hi = b->nbench;

	/* first entry of (country, kind) */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		const Benchmark *x = &b->bench[mid];

		if (x->country < country || (x->country == country && x->minimum && !minimum))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < b->nbench && b->bench[i].country == country && b->bench[i].minimum == minimum; i++)
	{
		const Benchmark *x = &b->bench[i];

		if (x->valid_from <= day && day < x->valid_to)
			return x;
	}
	return NULL;
}

/* The rate of a currency (units per US dollar) on a day; false when none. */
static bool
FindRate(HarmWages *b, const char *currency, DateADT day, double *rate)
{
	Rates	   *r = NULL;
	int			lo,
				hi;

	if (strcmp(currency, "USD") == 0)
	{
		*rate = 1.0;
		return true;
	}
	if (strlen(currency) != 3)
		return false;			/* "money": a wage in no particular currency */
	for (int i = 0; i < b->nrates && r == NULL; i++)
		if (strcmp(b->rates[i].currency, currency) == 0)
			r = &b->rates[i];
	if (r == NULL)
	{
		/* first use of this currency: read its rates */
		SPITupleTable *tt;
		MemoryContext caller = CurrentMemoryContext;

		tt = QueryWithText("SELECT x.valid_on, x.per_usd FROM hredd.exchange_rate x "
						   "WHERE x.currency = $1 ORDER BY x.valid_on",
						   cstring_to_text(currency), "exchange rates");
		/* SPI leaves its own context current: the arrays live with the batch */
		MemoryContextSwitchTo(b->cxt);
		if (b->nrates == b->rates_cap)
		{
			b->rates_cap = Max(8, b->rates_cap * 2);
			b->rates = b->rates ? repalloc(b->rates, sizeof(Rates) * b->rates_cap)
				: palloc(sizeof(Rates) * b->rates_cap);
		}
		r = &b->rates[b->nrates++];
		strlcpy(r->currency, currency, sizeof(r->currency));
		r->n = (int) SPI_processed;
		r->valid_on = palloc(sizeof(DateADT) * Max(r->n, 1));
		r->per_usd = palloc(sizeof(double) * Max(r->n, 1));
		for (int i = 0; i < r->n; i++)
		{
			bool		isnull;

			r->valid_on[i] = DatumGetDateADT(SPI_getbinval(tt->vals[i], tt->tupdesc, 1, &isnull));
			r->per_usd[i] = DatumGetFloat8(SPI_getbinval(tt->vals[i], tt->tupdesc, 2, &isnull));
		}
		MemoryContextSwitchTo(caller);
		SPI_freetuptable(tt);
	}
	/* the last rate valid on or before the day */
	lo = 0;
	hi = r->n;
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (r->valid_on[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	*rate = r->per_usd[lo - 1];
	return true;
}

/*
 * A wage (value in currency cur per month) against the benchmarks of its
 * country on its day: value in US dollars, ratios to the minimum and the
 * living wage, severity.  Each output is NULL (false in has[]) when a
 * benchmark or rate is missing.
 */
void
HarmWageFigures(HarmWages *b, double v, const char *cur, bool has_country, int16 country, DateADT day,
			double out[4], bool has[4])
{
	double		w_rate = 0;
	bool		has_w = FindRate(b, cur, day, &w_rate);
	double		ratio[2] = {0, 0};
	bool		has_ratio[2] = {false, false};

	memset(has, 0, sizeof(bool) * 4);
	if (has_w)
	{
		out[0] = HarmRound6(v / w_rate);
		has[0] = true;
	}
	for (int k = 0; k < 2 && has_country; k++)
	{
		const Benchmark *x = FindBenchmark(b, country, k == 0, day);
		double		x_rate;

		if (x == NULL)
			continue;
		if (strcmp(x->currency, cur) == 0)
		{
			ratio[k] = v / x->amount;
			has_ratio[k] = true;
		}
		else if (has_w && FindRate(b, x->currency, day, &x_rate))
		{
			ratio[k] = v / w_rate / (x->amount / x_rate);
			has_ratio[k] = true;
		}
		if (has_ratio[k])
		{
			out[1 + k] = HarmRound6(ratio[k]);
			has[1 + k] = true;
		}
	}
	has[3] = HarmWageSeverity(has_ratio[0], ratio[0], has_ratio[1], ratio[1], &out[3]);
}
