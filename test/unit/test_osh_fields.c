/*
 * test_osh_fields.c — unit tests of the Open Supply Hub field readers
 * (src/supply/osh_fields_core.c): worker bands, flags, coordinates, with the
 * results the PL/pgSQL versions gave (test/bench/supply_osh_load.sh compares
 * the two over the same values in a database).
 */
#include "../../src/supply/osh_fields.h"
#include "unit.h"

/* "min..max" with "-" for a missing end, or "none" */
static const char *
Workers(const char *s)
{
	static char buf[64];
	int32_t		min = -7,
				max = -7;
	int			got = OshWorkers(s, strlen(s), &min, &max);

	if (got == 0)
		return "none";
	snprintf(buf, sizeof buf, "%s..%s", "", "");
	if (got & OSH_WORKERS_MIN)
		snprintf(buf, sizeof buf, "%d..", (int) min);
	else
		snprintf(buf, sizeof buf, "-..");
	if (got & OSH_WORKERS_MAX)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%d", (int) max);
	else
		strcat(buf, "-");
	return buf;
}

static const char *
Coord(const char *s, double bound)
{
	static char buf[64];
	double		v;

	if (!OshCoordinate(s, strlen(s), bound, &v))
		return "none";
	snprintf(buf, sizeof buf, "%.17g", v);
	return buf;
}

int
main(void)
{
	CHECK_STR(Workers("250"), "250..250");
	CHECK_STR(Workers("1,000"), "1000..1000");
	CHECK_STR(Workers(" 1 000 "), "1000..1000");
	CHECK_STR(Workers("100-150"), "100..150");
	CHECK_STR(Workers("100\xe2\x80\x93" "150"), "100..150");
	CHECK_STR(Workers("1001 - 5,000"), "1001..5000");
	CHECK_STR(Workers("150-100"), "none");
	CHECK_STR(Workers("1-2-3"), "none");
	CHECK_STR(Workers("-5"), "none");
	CHECK_STR(Workers("5-"), "none");
	CHECK_STR(Workers("<1000"), "0..1000");
	CHECK_STR(Workers("Less than 1000"), "0..1000");
	CHECK_STR(Workers("UNDER 7"), "0..7");
	CHECK_STR(Workers("under"), "none");
	CHECK_STR(Workers(">10000"), "10001..-");
	CHECK_STR(Workers("More than 10,000"), "10001..-");
	CHECK_STR(Workers("over 999999999"), "1000000000..-");
	CHECK_STR(Workers(">9999999999"), "none");
	CHECK_STR(Workers("1234567890"), "none");
	CHECK_STR(Workers("123456789"), "123456789..123456789");
	CHECK_STR(Workers("000"), "0..0");
	CHECK_STR(Workers(""), "none");
	CHECK_STR(Workers(" , "), "none");
	CHECK_STR(Workers("50 workers"), "none");
	CHECK_STR(Workers("123456789-123456789123"), "none");
	CHECK_STR(Workers("lessthanlessthan1"), "none");

	CHECK(OshFlag("True", 4) == 1);
	CHECK(OshFlag(" t ", 3) == 1);
	CHECK(OshFlag("YES", 3) == 1);
	CHECK(OshFlag("1", 1) == 1);
	CHECK(OshFlag("FALSE", 5) == 0);
	CHECK(OshFlag("f", 1) == 0);
	CHECK(OshFlag("No", 2) == 0);
	CHECK(OshFlag("0 ", 2) == 0);
	CHECK(OshFlag("y", 1) == -1);
	CHECK(OshFlag("tru", 3) == -1);
	CHECK(OshFlag("", 0) == -1);
	CHECK(OshFlag("true\0", 5) == -1);

	CHECK_STR(Coord("45.5", 90), "45.5");
	CHECK_STR(Coord(" -90 ", 90), "-90");
	CHECK_STR(Coord("90.0000001", 90), "none");
	CHECK_STR(Coord("+180", 180), "180");
	CHECK_STR(Coord("-180.5", 180), "none");
	CHECK_STR(Coord(".5", 90), "0.5");
	CHECK_STR(Coord("5.", 90), "5");
	CHECK_STR(Coord(".", 90), "none");
	CHECK_STR(Coord("1e1", 90), "10");
	CHECK_STR(Coord("1E-2", 90), "0.01");
	CHECK_STR(Coord("1e+001", 90), "10");
	CHECK_STR(Coord("1e0001", 90), "none");
	CHECK_STR(Coord("1e-320", 90), "9.9998886718268301e-321");
	CHECK_STR(Coord("1e-999", 90), "none");
	CHECK_STR(Coord("1e999", 90), "none");
	CHECK_STR(Coord("0x10", 90), "none");
	CHECK_STR(Coord("NaN", 90), "none");
	CHECK_STR(Coord("Infinity", 180), "none");
	CHECK_STR(Coord("1,5", 90), "none");
	CHECK_STR(Coord("--1", 90), "none");
	CHECK_STR(Coord("1.5e", 90), "none");
	CHECK_STR(Coord("", 90), "none");
	CHECK_STR(Coord("0000000000000000000000000000000000000000000000000000000000000000000000045.25", 90), "45.25");
	UNIT_DONE("test_osh_fields");
}
