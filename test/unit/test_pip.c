/*
 * test_pip.c — unit tests of the point-in-polygon index (no PostgreSQL).
 */
#include <math.h>
#include <stdlib.h>

#include "../../src/geo/pip.h"
#include "unit.h"

/* WKB writer for the tests: little-endian polygons from rings of (x, y). */
typedef struct Buf
{
	uint8_t		b[4096];
	size_t		n;
} Buf;

static void
PutU32(Buf *w, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		w->b[w->n++] = (uint8_t) (v >> (8 * i));
}

static void
PutF64(Buf *w, double d)
{
	uint64_t	u;

	memcpy(&u, &d, 8);
	for (int i = 0; i < 8; i++)
		w->b[w->n++] = (uint8_t) (u >> (8 * i));
}

/* A square ring from (x0, y0) to (x1, y1). */
static void
PutSquare(Buf *w, double x0, double y0, double x1, double y1)
{
	double		pts[5][2] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};

	PutU32(w, 5);
	for (int i = 0; i < 5; i++)
		PutF64(w, pts[i][0]), PutF64(w, pts[i][1]);
}

int
main(void)
{
	PipIndex   *ix = PipIndexNew();
	Buf			w = {{0}, 0};
	Buf			m = {{0}, 0};

	/* country 1: a square with a square hole */
	w.b[w.n++] = 1;
	PutU32(&w, 3);
	PutU32(&w, 2);
	PutSquare(&w, 0, 0, 10, 10);
	PutSquare(&w, 4, 4, 6, 6);
	CHECK(PipIndexAddWkb(ix, 1, w.b, w.n));

	/* country 2: a multipolygon of two squares, one across a cell border */
	m.b[m.n++] = 1;
	PutU32(&m, 6);
	PutU32(&m, 2);
	m.b[m.n++] = 1;
	PutU32(&m, 3);
	PutU32(&m, 1);
	PutSquare(&m, 20, 20, 21.5, 21.5);
	m.b[m.n++] = 1;
	PutU32(&m, 3);
	PutU32(&m, 1);
	PutSquare(&m, 179, -1, 180, 1);
	CHECK(PipIndexAddWkb(ix, 2, m.b, m.n));
	CHECK(PipIndexParts(ix) == 3);

	/* malformed WKB is refused and leaves the index as it was */
	CHECK(!PipIndexAddWkb(ix, 3, w.b, w.n - 1));	/* truncated */
	CHECK(!PipIndexAddWkb(ix, 3, w.b, 0));
	w.b[0] = 7;
	CHECK(!PipIndexAddWkb(ix, 3, w.b, w.n));		/* bad byte order */
	w.b[0] = 1;
	{
		uint8_t		point[21] = {1, 1, 0, 0, 0};

		CHECK(!PipIndexAddWkb(ix, 3, point, sizeof(point)));	/* a point */
	}
	CHECK(PipIndexParts(ix) == 3);
	{
		/* a polygon with an enormous (finite) coordinate must not break the grid */
		Buf			h = {{0}, 0};
		PipIndex   *ix2 = PipIndexNew();

		h.b[h.n++] = 1;
		PutU32(&h, 3);
		PutU32(&h, 1);
		PutSquare(&h, -1e306, 0, 1, 1e306);
		CHECK(PipIndexAddWkb(ix2, 9, h.b, h.n));
		CHECK(PipIndexFinish(ix2));
		CHECK(PipIndexLookup(ix2, 0, 0.5, 0) == 9);
		PipIndexFree(ix2);
	}
	CHECK(PipIndexFinish(ix));

	CHECK(PipIndexLookup(ix, 1, 1, 0) == 1);
	CHECK(PipIndexLookup(ix, 5, 5, 0) == 0);		/* in the hole */
	CHECK(PipIndexLookup(ix, 9.99, 9.99, 0) == 1);
	CHECK(PipIndexLookup(ix, 21.2, 21.2, 0) == 2);	/* across a cell border */
	CHECK(PipIndexLookup(ix, 179.5, 0.5, 0) == 2);
	CHECK(PipIndexLookup(ix, 15, 15, 0) == 0);
	/* near a coast: 0.1 degree east of country 1 at the equator is ~11 km */
	CHECK(PipIndexLookup(ix, 10.1, 5, 25) == 1);
	CHECK(PipIndexLookup(ix, 10.3, 5, 25) == 0);	/* ~33 km */
	/* across the antimeridian: -179.9 is 0.1 degree from 180 */
	CHECK(PipIndexLookup(ix, -179.9, 0.5, 25) == 2);
	/* the nearer of two countries wins: (12, 12) is ~310 km from 1, ~1,200 km from 2 */
	CHECK(PipIndexLookup(ix, 12, 12, 2000) == 1);
	CHECK(PipIndexLookup(ix, 17, 17, 2000) == 2);
	CHECK(PipIndexLookup(ix, 19.9, 19.9, 25) == 2);
	/* out of range and NaN */
	CHECK(PipIndexLookup(ix, 200, 0, 25) == 0);
	CHECK(PipIndexLookup(ix, NAN, 0, 25) == 0);
	PipIndexFree(ix);
	UNIT_DONE("test_pip");
}
