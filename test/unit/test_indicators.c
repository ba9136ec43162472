/* test_indicators.c — the raw-value parser, units, conversion and grades. */
#include <math.h>

#include "../../src/indicators/harmonize_core.h"
#include "../../src/indicators/value_core.h"
#include "unit.h"

static IndValue
P2(const char *raw, const char *unit)
{
	IndValue	v;

	IndParse(raw, strlen(raw), unit, unit ? strlen(unit) : 0, &v);
	return v;
}

static IndValue
P(const char *raw)
{
	return P2(raw, NULL);
}

static const char *
U(const IndValue *v)
{
	static char buf[32];

	IndUnitFormat(&v->unit, buf, sizeof(buf));
	return buf;
}

/* value parsed without error, equal to want (within 1e-9), unit as given */
#define CHECK_VAL(raw, want, unit) \
	do { \
		IndValue v_ = P(raw); \
		CHECK(v_.reason == IND_OK); \
		CHECK(fabs(v_.lo - (want)) < 1e-9); \
		CHECK_STR(U(&v_), unit); \
	} while (0)

#define CHECK_REASON(raw, want) \
	do { \
		IndValue v_ = P(raw); \
		CHECK_STR(IndReasonCode(v_.reason), IndReasonCode(want)); \
	} while (0)

static void
test_numbers(void)
{
	CHECK_VAL("60", 60, "");
	CHECK_VAL("  60  ", 60, "");
	CHECK_VAL("12,5", 12.5, "");
	CHECK_VAL("12.5", 12.5, "");
	CHECK_VAL("0,125", 0.125, "");
	CHECK_VAL("0.500", 0.5, "");
	CHECK_VAL(".5", 0.5, "");
	CHECK_VAL("-3", -3, "");
	/* one mark before exactly three digits separates thousands */
	CHECK_VAL("8.000", 8000, "");
	CHECK_VAL("1,500", 1500, "");
	CHECK_VAL("1234.567", 1234.567, "");
	CHECK_VAL("1.234.567", 1234567, "");
	CHECK_VAL("1,234,567.89", 1234567.89, "");
	CHECK_VAL("1.234.567,89", 1234567.89, "");
	CHECK_VAL("1 234,5", 1234.5, "");
	CHECK_VAL("8 000", 8000, "");
	CHECK_VAL("1'234.50", 1234.5, "");
	CHECK_VAL("1,00,000", 100000, "");	/* Indian grouping */
	CHECK_VAL("\xc2\xa0" "8\xe2\x80\xaf" "000", 8000, "");	/* NBSP, narrow NBSP */
	/* digits of other scripts */
	CHECK_VAL("\xe0\xa7\xae,\xe0\xa7\xa6\xe0\xa7\xa6\xe0\xa7\xa6", 8000, "");	/* ৮,০০০ */
	CHECK_VAL("\xe0\xa5\xab\xe0\xa5\xa6", 50, "");	/* Devanagari ५० */
	CHECK_VAL("\xef\xbc\x96\xef\xbc\x90", 60, "");	/* full-width ６０ */
	/* malformed */
	CHECK_REASON("1.2.3", IND_UNPARSEABLE);
	CHECK_REASON("1,2,3", IND_UNPARSEABLE);
	CHECK_REASON("12,34,5", IND_UNPARSEABLE);
	CHECK_REASON("1.234,567.8", IND_UNPARSEABLE);
	CHECK_REASON("abc", IND_UNPARSEABLE);
	CHECK_REASON("sixty", IND_UNPARSEABLE);
	CHECK_REASON("60 h 5", IND_UNPARSEABLE);
	CHECK_REASON("?", IND_UNPARSEABLE);
	CHECK_REASON("", IND_EMPTY);
	CHECK_REASON("   ", IND_EMPTY);
	CHECK_REASON("99999999999999999999999999999999999999999999999999999999999999999999", IND_UNPARSEABLE);
}

static void
test_units(void)
{
	CHECK_VAL("60 hrs/week", 60, "h/week");
	CHECK_VAL("60hrs/wk", 60, "h/week");
	CHECK_VAL("60 h per week", 60, "h/week");
	CHECK_VAL("60 Hours p.w.", 60, "h/week");
	CHECK_VAL("10 h/day", 10, "h/day");
	CHECK_VAL("8 hours a day", 8, "h/day");
	CHECK_VAL("26 days per month", 26, "days/month");
	CHECK_VAL("6 days/week", 6, "days/week");
	CHECK_VAL("5 days", 5, "days");
	CHECK_VAL("12,5 %", 12.5, "%");
	CHECK_VAL("12.5%", 12.5, "%");
	CHECK_VAL("12,5\xef\xbc\x85", 12.5, "%");	/* full-width ％ */
	CHECK_VAL("60 gi\xe1\xbb\x9d/tu\xe1\xba\xa7n", 60, "h/week");	/* giờ/tuần */
	CHECK_VAL("60 Stunden pro Woche", 60, "h/week");
	CHECK_VAL("60 saat/hafta", 60, "h/week");
	CHECK_VAL("60\xe5\xb0\x8f\xe6\x97\xb6/\xe5\x91\xa8", 60, "h/week");	/* 60小时/周 */
	CHECK_VAL("\xe6\xaf\x8f\xe5\x91\xa8" "60\xe5\xb0\x8f\xe6\x97\xb6", 60, "h/week");	/* 每周60小时 */
	CHECK_VAL("3 workers", 3, "count");
	CHECK_VAL("approx. 60 h/week", 60, "h/week");
	CHECK_REASON("60 furlongs", IND_UNKNOWN_UNIT);
	CHECK_REASON("60 h %", IND_CONFLICTING_UNIT);
	CHECK_REASON("60 h/week/month", IND_CONFLICTING_UNIT);
	{
		IndValue	v = P("60 furlongs/week");

		CHECK_STR(v.bad, "furlongs");
	}
	/* unit column merged with the value */
	{
		IndValue	v = P2("60", "hrs/week");

		CHECK(v.reason == IND_OK && v.lo == 60);
		CHECK_STR(U(&v), "h/week");
		v = P2("60 h", "per week");
		CHECK(v.reason == IND_OK);
		CHECK_STR(U(&v), "h/week");
		v = P2("8.000", "BDT");
		CHECK(v.reason == IND_OK && v.lo == 8000);
		CHECK_STR(U(&v), "BDT");
		v = P2("60 h", "%");
		CHECK(v.reason == IND_CONFLICTING_UNIT);
		v = P2("USD 100", "EUR");
		CHECK(v.reason == IND_CONFLICTING_UNIT);
		v = P2("60", "parsecs");
		CHECK(v.reason == IND_UNKNOWN_UNIT);
		v = P2("yes", "bool");
		CHECK(v.reason == IND_OK && v.lo == 1);
		v = P2("yes", "h/week");
		CHECK(v.reason == IND_CONFLICTING_UNIT);
	}
}

static void
test_currencies(void)
{
	CHECK_VAL("BDT 8.000", 8000, "BDT");
	CHECK_VAL("Tk. 8,000/-", 8000, "BDT");
	CHECK_VAL("\xe0\xa7\xb3 \xe0\xa7\xae\xe0\xa7\xa6\xe0\xa7\xa6\xe0\xa7\xa6", 8000, "BDT");	/* ৳ ৮০০০ */
	CHECK_VAL("\xe0\xa7\xb3" "12,500 per month", 12500, "BDT/month");
	CHECK_VAL("4.680.000 \xe2\x82\xab", 4680000, "VND");	/* ₫ */
	CHECK_VAL("4.680.000 VND/th\xc3\xa1ng", 4680000, "VND/month");
	CHECK_VAL("\xc2\xa5" "2,690", 2690, "CNY");	/* ¥ */
	CHECK_VAL("3000\xe5\x85\x83/\xe6\x9c\x88", 3000, "CNY/month");	/* 3000元/月 */
	CHECK_VAL("RMB 2690/month", 2690, "CNY/month");
	CHECK_VAL("\xe2\x82\xb9" "12,000", 12000, "INR");	/* ₹ */
	CHECK_VAL("INR 12,000 pm", 12000, "INR/month");
	CHECK_VAL("$1,200/mo", 1200, "USD/month");
	CHECK_VAL("US$ 1.25/h", 1.25, "USD/hour");
	CHECK_VAL("1.234,56 \xe2\x82\xac", 1234.56, "EUR");	/* € */
	CHECK_VAL("EUR 9,50 pro Stunde", 9.5, "EUR/hour");
	CHECK_VAL("Rp 4.900.000", 4900000, "IDR");
	CHECK_VAL("TRY 17.002", 17002, "TRY");
	CHECK_REASON("Rs. 25,000", IND_AMBIGUOUS_CURRENCY);
	CHECK_REASON("BDT 8000 USD", IND_CONFLICTING_UNIT);
}

static void
test_words(void)
{
	static const char *const yes[] = {"Yes", "YES", "y", "Ja", "oui", "S\xc3\xad", "Sim", "Evet",
		"C\xc3\xb3", "ya", "\xe6\x98\xaf", "\xe0\xa6\xb9\xe0\xa7\x8d\xe0\xa6\xaf\xe0\xa6\xbe\xe0\xa6\x81",
	"true", NULL};
	static const char *const no[] = {"No", "n", "Nein", "non", "N\xc3\xa3o", "Hay\xc4\xb1r", "KH\xc3\x94NG",
		"kh\xc3\xb4ng", "tidak", "\xe5\x90\xa6", "\xe0\xa6\xa8\xe0\xa6\xbe", "false", NULL};
	static const char *const na[] = {"N/A", "n/a", "NA", "n.a.", "-", "--", "\xe2\x80\x94", "k.A.",
		"not applicable", "No aplica", "kh\xc3\xb4ng \xc3\xa1p d\xe1\xbb\xa5ng", "\xe4\xb8\x8d\xe9\x80\x82\xe7\x94\xa8",
	NULL};

	for (const char *const *w = yes; *w; w++)
	{
		IndValue	v = P(*w);

		CHECK(v.reason == IND_OK && v.lo == 1 && v.unit.qty == QTY_BOOL);
		if (v.reason != IND_OK || v.lo != 1)
			fprintf(stderr, "  yes word: %s\n", *w);
	}
	for (const char *const *w = no; *w; w++)
	{
		IndValue	v = P(*w);

		CHECK(v.reason == IND_OK && v.lo == 0 && v.unit.qty == QTY_BOOL);
		if (v.reason != IND_OK || v.lo != 0)
			fprintf(stderr, "  no word: %s\n", *w);
	}
	for (const char *const *w = na; *w; w++)
	{
		IndValue	v = P(*w);

		CHECK(v.reason == IND_NOT_APPLICABLE);
		if (v.reason != IND_NOT_APPLICABLE)
			fprintf(stderr, "  n/a word: %s\n", *w);
	}
	CHECK(IndSelfCheck() == NULL);
	if (IndSelfCheck())
		fprintf(stderr, "  not folded: %s\n", IndSelfCheck());
}

static void
test_ranges(void)
{
	IndValue	v = P("48-60");

	CHECK(v.reason == IND_OK && v.is_range && v.lo == 48 && v.hi == 60);
	v = P("48 \xe2\x80\x93 60 h/week");	/* en dash */
	CHECK(v.reason == IND_OK && v.is_range && v.lo == 48 && v.hi == 60);
	CHECK_STR(U(&v), "h/week");
	v = P("8 to 10 hours");
	CHECK(v.reason == IND_OK && v.is_range && v.lo == 8 && v.hi == 10);
	v = P("60~48");
	CHECK(v.reason == IND_OK && v.is_range && v.lo == 48 && v.hi == 60);
	v = P("BDT 8.000 - 9.500");
	CHECK(v.reason == IND_OK && v.is_range && v.lo == 8000 && v.hi == 9500);
	v = P("<5 %");
	CHECK(v.reason == IND_OK && v.qual == '<' && v.lo == 5);
	v = P("\xe2\x89\xa5 60");	/* ≥ */
	CHECK(v.reason == IND_OK && v.qual == '>' && v.lo == 60);
	v = P("~60");
	CHECK(v.reason == IND_OK && v.qual == '~' && !v.is_range);
	v = P("60-");
	CHECK(v.reason == IND_OK && !v.is_range && v.lo == 60);
}

static void
test_convert(void)
{
	IndUnit		t;
	IndReason	r;
	IndValue	v;
	char		bad[8];

	CHECK(IndUnitParse("h/week", 6, &t, &r, bad, sizeof(bad)));
	v = P("10 h/day");
	CHECK(IndConvertValue(&v, &t) && fabs(v.lo - 60) < 1e-9);
	v = P("260 hours per month");
	CHECK(IndConvertValue(&v, &t) && fabs(v.lo - 60) < 1e-9);
	v = P("62");				/* a bare number takes the target unit */
	CHECK(IndConvertValue(&v, &t) && v.lo == 62);
	CHECK_STR(U(&v), "h/week");
	v = P("62 h");				/* the period too */
	CHECK(IndConvertValue(&v, &t) && v.lo == 62);
	v = P("12 %");
	CHECK(!IndConvertValue(&v, &t) && v.reason == IND_UNIT_MISMATCH);
	v = P("yes");
	CHECK(!IndConvertValue(&v, &t));
	v = P("BDT 8000");
	CHECK(!IndConvertValue(&v, &t));

	CHECK(IndUnitParse("money/month", 11, &t, &r, bad, sizeof(bad)));
	CHECK(t.qty == QTY_MONEY && t.cur[0] == '\0' && t.per == PER_MONTH);
	v = P("BDT 400 per day");
	CHECK(IndConvertValue(&v, &t) && fabs(v.lo - 400 * 6 * 52 / 12.0) < 1e-6);
	CHECK_STR(U(&v), "BDT/month");
	v = P("USD 1.25/h");
	CHECK(IndConvertValue(&v, &t) && fabs(v.lo - 1.25 * 48 * 52 / 12.0) < 1e-9);
	CHECK_STR(U(&v), "USD/month");
	v = P("BDT 8.000");
	CHECK(IndConvertValue(&v, &t) && v.lo == 8000);
	CHECK_STR(U(&v), "BDT/month");
	v = P("60 h/week");
	CHECK(!IndConvertValue(&v, &t));

	CHECK(IndUnitParse("days/month", 10, &t, &r, bad, sizeof(bad)));
	v = P("1 day per week");
	CHECK(IndConvertValue(&v, &t) && fabs(v.lo - 52 / 12.0) < 1e-9);
	v = P("2 days/day");
	CHECK(!IndConvertValue(&v, &t));
	CHECK(!IndUnitParse("h/fortnight", 11, &t, &r, bad, sizeof(bad)) && r == IND_UNKNOWN_UNIT);
}

/* What convert_unit reports: units first, then a value that is not finite, then overflow. */
static void
test_convert_status(void)
{
	IndUnit		day,
				week,
				year,
				pct;
	IndReason	r;
	char		bad[8];
	double		out = -1;

	CHECK(IndUnitParse("h/day", 5, &day, &r, bad, sizeof(bad)));
	CHECK(IndUnitParse("h/week", 6, &week, &r, bad, sizeof(bad)));
	CHECK(IndUnitParse("BDT/year", 8, &year, &r, bad, sizeof(bad)));
	CHECK(IndUnitParse("%", 1, &pct, &r, bad, sizeof(bad)));
	CHECK(IndConvertStatus(10, &day, &week, &out) == IND_CONV_OK && fabs(out - 60) < 1e-9);
	CHECK(IndConvertStatus(-0.0, &day, &week, &out) == IND_CONV_OK && out == 0);
	CHECK(IndConvertStatus(NAN, &day, &week, &out) == IND_CONV_NOT_FINITE);
	CHECK(IndConvertStatus(NAN, &week, &week, &out) == IND_CONV_NOT_FINITE);
	CHECK(IndConvertStatus(INFINITY, &day, &week, &out) == IND_CONV_NOT_FINITE);
	CHECK(IndConvertStatus(-INFINITY, &pct, &pct, &out) == IND_CONV_NOT_FINITE);
	CHECK(IndConvertStatus(1e308, &day, &week, &out) == IND_CONV_OVERFLOW);
	CHECK(IndConvertStatus(-1e308, &day, &week, &out) == IND_CONV_OVERFLOW);
	CHECK(IndConvertStatus(1e308, &week, &week, &out) == IND_CONV_OK && out == 1e308);
	CHECK(IndConvertStatus(1e300, &day, &week, &out) == IND_CONV_OK);
	/* a mismatch is reported before the value is looked at */
	CHECK(IndConvertStatus(NAN, &pct, &week, &out) == IND_CONV_MISMATCH);
	CHECK(IndConvertStatus(1e308, &day, &year, &out) == IND_CONV_MISMATCH);
	out = -1;
	CHECK(IndConvertStatus(1e308, &day, &week, &out) == IND_CONV_OVERFLOW && out == -1);
	CHECK(!IndConvert(1e308, &day, &week, &out) && IndConvert(1, &day, &week, &out));
}

static void
test_grades(void)
{
	double		s;

	CHECK(IndGradeScore("bsci", 4, "A", 1, &s) && s == 0.07);
	CHECK(IndGradeScore("bsci", 4, " c ", 3, &s) && s == 0.395);
	CHECK(IndGradeScore("bsci", 4, "ZT", 2, &s) && s == 1.0);
	CHECK(!IndGradeScore("bsci", 4, "F", 1, &s));
	CHECK(IndGradeScore("nc", 2, "Major NC", 8, &s) && s == 0.7);
	CHECK(IndGradeScore("nc", 2, "Critical", 8, &s) && s == 1.0);
	CHECK(IndGradeScore("rba", 3, "Priority", 8, &s) && s == 1.0);
	CHECK(IndGradeScore("rba", 3, "OFI", 3, &s) && s == 0.1);
	CHECK(IndGradeScore("ituc", 4, "5+", 2, &s) && s == 1.0);
	CHECK(IndGradeScore("ituc", 4, "3", 1, &s) && fabs(s - 0.4) < 1e-12);
	CHECK(IndGradeScore("higg", 4, "78,5 %", 6, &s) && fabs(s - 0.215) < 1e-12);
	CHECK(!IndGradeScore("higg", 4, "120", 3, &s));
	CHECK(!IndGradeScore("nope", 4, "A", 1, &s));
}

/* ---------------------------------------------------------------- harmonize_core */

static HarmRow
Row(const HarmIndicator *ind, const char *raw)
{
	HarmRow		r;

	memset(&r, 0, sizeof(r));
	r.facility = "F000001";
	r.facility_len = 7;
	r.facility_known = true;
	r.ind = ind;
	r.raw = raw;
	r.raw_len = raw ? strlen(raw) : 0;
	r.has_date = true;
	r.date = 100;
	r.today = 200;
	return r;
}

static void
test_harmonize_reasons(void)
{
	HarmIndicator hours;
	HarmIndicator grade;
	HarmMapEntry gmap[1] = {{"zt", 2, 1.0}};
	HarmResult	res;
	HarmRow		r;
	IndReason	why;
	char		bad[32];

	memset(&hours, 0, sizeof(hours));
	hours.kind = HARM_MEASURE;
	CHECK(IndUnitParse("h/week", 6, &hours.unit, &why, bad, sizeof(bad)));
	hours.lower_is_better = true;
	hours.has_thresholds = true;
	hours.threshold_ok = 48;
	hours.threshold_severe = 72;
	hours.has_min = true;
	hours.min_value = 0;
	hours.has_max = true;
	hours.max_value = 168;
	memset(&grade, 0, sizeof(grade));
	grade.kind = HARM_GRADE;
	grade.grade_scale = "bsci";
	grade.has_thresholds = true;
	grade.threshold_ok = 0;
	grade.threshold_severe = 1;
	grade.map = gmap;
	grade.nmap = 1;

	/* each reason, in the order they are tried */
	r = Row(&hours, "60");
	r.facility = "   ";
	r.facility_len = 3;
	r.facility_known = false;
	r.ind = NULL;
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "missing_facility");
	r.facility = NULL;
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "missing_facility");
	r = Row(NULL, "60");
	r.facility_known = false;
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "unknown_facility");
	r.facility_known = true;
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "unknown_code");
	r = Row(&hours, "");
	r.has_date = false;
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "missing_date");
	r.has_date = true;
	r.date = 201;
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "future_date");
	r.date = 200;				/* today itself is fine */
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "empty_value");
	r = Row(&hours, NULL);
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "empty_value");
	r = Row(&hours, "about sixty");
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "unparseable_number");
	r = Row(&hours, "12 %");
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "unit_mismatch");
	r = Row(&hours, "60 furlongs");
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "unknown_unit");
	r = Row(&hours, "200");
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "out_of_range");
	CHECK(res.has_value && res.value == 200);

	/* a range counts by its worse end; severity is linear and clamped */
	r = Row(&hours, "50-60 hrs/week");
	CHECK(HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "");
	CHECK(res.value == 60 && res.has_severity && res.severity == 0.5);
	hours.lower_is_better = false;
	CHECK(HarmClassify(&r, &res));
	CHECK(res.value == 50);
	r = Row(&hours, "40");
	CHECK(HarmClassify(&r, &res) && res.severity == 0);
	r = Row(&hours, "100 h");
	CHECK(HarmClassify(&r, &res) && res.severity == 1);
	r = Row(&hours, "8 h/day");	/* 6 working days a week */
	CHECK(HarmClassify(&r, &res) && res.value == 48);
	/* the unit column counts too */
	r = Row(&hours, "10");
	r.unit = "h/day";
	r.unit_len = 5;
	CHECK(HarmClassify(&r, &res) && res.value == 60);

	/* grades: the value map first, then the scale; no range check */
	r = Row(&grade, "C");
	CHECK(HarmClassify(&r, &res) && res.is_grade && res.has_severity);
	r = Row(&grade, "ZT");
	r.raw_key = "zt";
	r.raw_key_len = 2;
	CHECK(HarmClassify(&r, &res) && res.value == 1.0 && res.severity == 1.0);
	r = Row(&grade, "Q");
	CHECK(!HarmClassify(&r, &res));
	CHECK_STR(HarmReasonCode(&res), "unknown_grade");

	/* a wage gets no severity here: that needs the benchmarks */
	hours.kind = HARM_WAGE;
	r = Row(&hours, "60");
	CHECK(HarmClassify(&r, &res) && !res.has_severity);
}

static void
test_harmonize_numbers(void)
{
	double		s;
	const char *f1[2] = {"ab", "c"};
	const char *f2[2] = {"a", "bc"};
	const char *f3[2] = {"ab", NULL};
	const char *f4[2] = {"ab", ""};
	size_t		l1[2] = {2, 1},
				l2[2] = {1, 2},
				l3[2] = {2, 0},
				l4[2] = {2, 0};
	unsigned char b1[32],
				b2[32];
	size_t		n1,
				n2;

	/* the rounding of SQL's round(x::numeric, 6) */
	CHECK(HarmRound6(0.0010075) == 0.001008);
	CHECK(HarmRound6(0.0010074) == 0.001007);
	CHECK(HarmRound6(-0.0010075) == -0.001008);
	CHECK(HarmRound6(1.0000005) == 1.000001);
	CHECK(HarmRound6(999.9999995) == 1000.0);
	CHECK(HarmRound6(0.00000025) == 0.0);
	CHECK(HarmRound6(0.0000005) == 0.000001);
	CHECK(HarmRound6(2.0 / 3) == 0.666667);
	CHECK(HarmRound6(123456789.1234567) == 123456789.123457);
	CHECK(HarmRound6(49908.0709995) == 49908.071);	/* found by fuzz_value */
	CHECK(HarmRound6(-0.0000004) == 0.0 && !signbit(HarmRound6(-0.0000004)));
	CHECK(HarmThresholdSeverity(60, 48, 72) == 0.5);
	CHECK(HarmThresholdSeverity(20, 48, 72) == 0.0);
	CHECK(HarmThresholdSeverity(50, 100, 0) == 0.5);	/* higher is better */

	/* wages: 1 below the minimum, 0 at the living wage, 0.5 at the minimum */
	CHECK(HarmWageSeverity(true, 0.9, true, 0.5, &s) && s == 1.0);
	CHECK(HarmWageSeverity(true, 2.0, true, 1.0, &s) && s == 0.0);
	CHECK(HarmWageSeverity(false, 0, true, 1.2, &s) && s == 0.0);
	CHECK(HarmWageSeverity(true, 1.0, true, 0.5, &s) && s == 0.5);
	CHECK(HarmWageSeverity(true, 1.5, true, 0.75, &s) && s == 0.25);
	CHECK(HarmWageSeverity(true, 1.25, true, 0.8, &s) && s == 0.277778);
	CHECK(!HarmWageSeverity(true, 1.5, false, 0, &s));
	CHECK(!HarmWageSeverity(false, 0, false, 0, &s));

	/* row keys: field boundaries and NULL are part of the bytes */
	n1 = HarmKeyBytes(f1, l1, 2, b1, sizeof(b1));
	n2 = HarmKeyBytes(f2, l2, 2, b2, sizeof(b2));
	CHECK(n1 == 11 && n2 == 11 && memcmp(b1, b2, n1) != 0);
	n1 = HarmKeyBytes(f3, l3, 2, b1, sizeof(b1));
	n2 = HarmKeyBytes(f4, l4, 2, b2, sizeof(b2));
	CHECK(n1 == 10 && n2 == 10 && memcmp(b1, b2, n1) != 0);
	CHECK(HarmKeyBytes(f1, l1, 2, b1, 3) == 11);	/* too small: the length needed */
}

/* the reason list (reasons.h): every enum member has its own code, none empty */
static void
test_reason_list(void)
{
	static const char *const codes[] = {
#define CODE_OF(member, code, description, docs) #code,
		HREDD_REJECT_REASONS(CODE_OF, CODE_OF)
#undef CODE_OF
	};
	const char *got[sizeof(codes) / sizeof(codes[0])];
	int			n = 0;
	HarmResult	res;

	memset(&res, 0, sizeof(res));
	for (int r = HARM_OK + 1; r < HARM_PARSE; r++)
	{
		res.reason = (HarmReason) r;
		got[n++] = HarmReasonCode(&res);
	}
	res.reason = HARM_PARSE;
	for (int r = IND_OK + 1; r < IND_NREASONS; r++)
	{
		res.parse = (IndReason) r;
		got[n++] = HarmReasonCode(&res);
		CHECK_STR(IndReasonCode((IndReason) r), got[n - 1]);
	}
	CHECK(n == (int) (sizeof(codes) / sizeof(codes[0])) && n == 16);
	for (int i = 0; i < n; i++)
	{
		int			found = 0;

		CHECK(got[i][0] != '\0');
		for (int j = 0; j < n; j++)
			found += strcmp(codes[j], got[i]) == 0;
		CHECK(found == 1);
	}
	res.reason = HARM_OK;
	CHECK_STR(HarmReasonCode(&res), "");
}

int
main(void)
{
	test_numbers();
	test_units();
	test_currencies();
	test_words();
	test_ranges();
	test_convert();
	test_convert_status();
	test_grades();
	test_harmonize_reasons();
	test_harmonize_numbers();
	test_reason_list();
	UNIT_DONE("test_indicators");
}
