/*
 * pip.c — point-in-polygon over a grid of country polygons.
 */
#include "pip.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GRID_W 360
#define GRID_H 180
#define KM_PER_DEG_LAT 110.574
#define KM_PER_DEG_LON_EQ 111.320

typedef struct Part
{
	uint16_t	code;
	double		xmin,
				ymin,
				xmax,
				ymax;
	int			first_ring;		/* into rings */
	int			nrings;
} Part;

struct PipIndex
{
	Part	   *parts;
	int			nparts,
				capparts;
	int		   *ring_start;		/* into xy (point index), one per ring, + sentinel */
	int			nrings,
				caprings;
	double	   *xy;				/* x0, y0, x1, y1, ... */
	int			npoints,
				cappoints;
	int		   *cell_start;		/* GRID_W * GRID_H + 1 */
	int		   *cell_parts;
};

PipIndex *
PipIndexNew(void)
{
	PipIndex   *ix = calloc(1, sizeof(PipIndex));

	if (ix && !(ix->ring_start = malloc(sizeof(int))))
	{
		free(ix);
		return NULL;
	}
	if (ix)
		ix->ring_start[0] = 0;
	return ix;
}

void
PipIndexFree(PipIndex *ix)
{
	if (!ix)
		return;
	free(ix->parts);
	free(ix->ring_start);
	free(ix->xy);
	free(ix->cell_start);
	free(ix->cell_parts);
	free(ix);
}

int
PipIndexParts(const PipIndex *ix)
{
	return ix->nparts;
}

/* Grow *p (n used, *cap allocated, elements of size sz) to hold need more. */
static bool
Reserve(void **p, int n, int *cap, int need, size_t sz)
{
	int			want;
	void	   *q;

	if (need < 0 || n > INT32_MAX - need)
		return false;
	if (n + need <= *cap)
		return true;
	want = *cap ? *cap : 64;
	while (want < n + need)
	{
		if (want > INT32_MAX / 2)
			return false;
		want *= 2;
	}
	q = realloc(*p, (size_t) want * sz);
	if (!q)
		return false;
	*p = q;
	*cap = want;
	return true;
}

typedef struct Reader
{
	const uint8_t *p;
	size_t		left;
} Reader;

static bool
ReadU32(Reader *r, bool little, uint32_t *out)
{
	if (r->left < 4)
		return false;
	*out = little ? ((uint32_t) r->p[0] | (uint32_t) r->p[1] << 8 | (uint32_t) r->p[2] << 16 | (uint32_t) r->p[3] << 24)
		: ((uint32_t) r->p[3] | (uint32_t) r->p[2] << 8 | (uint32_t) r->p[1] << 16 | (uint32_t) r->p[0] << 24);
	r->p += 4;
	r->left -= 4;
	return true;
}

static bool
ReadF64(Reader *r, bool little, double *out)
{
	uint64_t	u = 0;

	if (r->left < 8)
		return false;
	for (int i = 0; i < 8; i++)
		u |= (uint64_t) r->p[little ? i : 7 - i] << (8 * i);
	memcpy(out, &u, 8);
	r->p += 8;
	r->left -= 8;
	return true;
}

/* Header of one WKB geometry: byte order and 2D type (ISO or EWKB flags refused). */
static bool
ReadHeader(Reader *r, bool *little, uint32_t *type)
{
	if (r->left < 1 || r->p[0] > 1)
		return false;
	*little = r->p[0] == 1;
	r->p++;
	r->left--;
	return ReadU32(r, *little, type);
}

/* One polygon's rings appended to the index as one part. */
static bool
ReadPolygon(PipIndex *ix, Reader *r, bool little, uint16_t code)
{
	uint32_t	nrings;
	Part		part;

	if (!ReadU32(r, little, &nrings) || nrings > r->left / 4)
		return false;
	if (nrings == 0)
		return true;			/* empty polygon: nothing to add */
	part.code = code;
	part.xmin = part.ymin = INFINITY;
	part.xmax = part.ymax = -INFINITY;
	part.first_ring = ix->nrings;
	part.nrings = (int) nrings;
	if (!Reserve((void **) &ix->ring_start, ix->nrings + 1, &ix->caprings, (int) nrings + 1, sizeof(int)))
		return false;
	for (uint32_t k = 0; k < nrings; k++)
	{
		uint32_t	npts;

		if (!ReadU32(r, little, &npts) || npts > r->left / 16 || npts < 4)
			return false;
		if (!Reserve((void **) &ix->xy, 2 * ix->npoints, &ix->cappoints, 2 * (int) npts, sizeof(double)))
			return false;
		for (uint32_t i = 0; i < npts; i++)
		{
			double		x,
						y;

			if (!ReadF64(r, little, &x) || !ReadF64(r, little, &y) || !isfinite(x) || !isfinite(y))
				return false;
			ix->xy[2 * ix->npoints] = x;
			ix->xy[2 * ix->npoints + 1] = y;
			ix->npoints++;
			if (x < part.xmin) part.xmin = x;
			if (x > part.xmax) part.xmax = x;
			if (y < part.ymin) part.ymin = y;
			if (y > part.ymax) part.ymax = y;
		}
		ix->nrings++;
		ix->ring_start[ix->nrings] = ix->npoints;
	}
	if (!Reserve((void **) &ix->parts, ix->nparts, &ix->capparts, 1, sizeof(Part)))
		return false;
	ix->parts[ix->nparts++] = part;
	return true;
}

bool
PipIndexAddWkb(PipIndex *ix, uint16_t code, const uint8_t *wkb, size_t len)
{
	Reader		r = {wkb, len};
	bool		little;
	uint32_t	type;
	int			nparts = ix->nparts,
				nrings = ix->nrings,
				npoints = ix->npoints;
	bool		ok;

	if (!ReadHeader(&r, &little, &type))
		return false;
	if (type == 3)
		ok = ReadPolygon(ix, &r, little, code);
	else if (type == 6)
	{
		uint32_t	n;

		ok = ReadU32(&r, little, &n) && n <= r.left / 9;
		for (uint32_t i = 0; ok && i < n; i++)
		{
			bool		l2;
			uint32_t	t2;

			ok = ReadHeader(&r, &l2, &t2) && t2 == 3 && ReadPolygon(ix, &r, l2, code);
		}
	}
	else
		ok = false;
	if (ok && r.left != 0)
		ok = false;				/* trailing bytes */
	if (!ok)
	{
		/* roll back whatever this geometry added */
		ix->nparts = nparts;
		ix->nrings = nrings;
		ix->npoints = npoints;
	}
	return ok;
}

/* Grid column and row of a coordinate, clamped in floating point first (any finite value is safe). */
static int
CellX(double x)
{
	double		c = floor(x + 180.0);

	return c < 0 ? 0 : (c >= GRID_W ? GRID_W - 1 : (int) c);
}

static int
CellY(double y)
{
	double		c = floor(y + 90.0);

	return c < 0 ? 0 : (c >= GRID_H ? GRID_H - 1 : (int) c);
}

bool
PipIndexFinish(PipIndex *ix)
{
	size_t		ncells = (size_t) GRID_W * GRID_H;
	size_t		total = 0;
	int		   *fill;

	free(ix->cell_start);
	free(ix->cell_parts);
	ix->cell_parts = NULL;
	ix->cell_start = calloc(ncells + 1, sizeof(int));
	if (!ix->cell_start)
		return false;
	for (int i = 0; i < ix->nparts; i++)
	{
		const Part *p = &ix->parts[i];

		for (int cy = CellY(p->ymin); cy <= CellY(p->ymax); cy++)
			for (int cx = CellX(p->xmin); cx <= CellX(p->xmax); cx++)
				ix->cell_start[(size_t) cy * GRID_W + cx + 1]++;
	}
	for (size_t c = 0; c < ncells; c++)
	{
		total += (size_t) ix->cell_start[c + 1];
		if (total > INT32_MAX)
			return false;
		ix->cell_start[c + 1] = (int) total;
	}
	ix->cell_parts = malloc((total ? total : 1) * sizeof(int));
	fill = calloc(ncells, sizeof(int));
	if (!ix->cell_parts || !fill)
	{
		free(fill);
		return false;
	}
	for (int i = 0; i < ix->nparts; i++)
	{
		const Part *p = &ix->parts[i];

		for (int cy = CellY(p->ymin); cy <= CellY(p->ymax); cy++)
			for (int cx = CellX(p->xmin); cx <= CellX(p->xmax); cx++)
			{
				size_t		c = (size_t) cy * GRID_W + cx;

				ix->cell_parts[ix->cell_start[c] + fill[c]++] = i;
			}
	}
	free(fill);
	return true;
}

/* Even-odd ray casting over all rings of a part. */
static bool
InPart(const PipIndex *ix, const Part *p, double x, double y)
{
	bool		in = false;

	for (int r = p->first_ring; r < p->first_ring + p->nrings; r++)
	{
		const double *v = ix->xy + 2 * ix->ring_start[r];
		int			n = ix->ring_start[r + 1] - ix->ring_start[r];

		for (int i = 0, j = n - 1; i < n; j = i++)
		{
			double		xi = v[2 * i],
						yi = v[2 * i + 1],
						xj = v[2 * j],
						yj = v[2 * j + 1];

			if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
				in = !in;
		}
	}
	return in;
}

/* Distance in km from (x, y) to a part's boundary, in a local equirectangular frame. */
static double
DistanceKm(const PipIndex *ix, const Part *p, double x, double y)
{
	double		kx = KM_PER_DEG_LON_EQ * cos(y * M_PI / 180.0);
	double		best = INFINITY;

	for (int r = p->first_ring; r < p->first_ring + p->nrings; r++)
	{
		const double *v = ix->xy + 2 * ix->ring_start[r];
		int			n = ix->ring_start[r + 1] - ix->ring_start[r];

		for (int i = 1; i < n; i++)
		{
			double		ax = remainder(v[2 * i - 2] - x, 360.0) * kx,
						ay = (v[2 * i - 1] - y) * KM_PER_DEG_LAT,
						bx = remainder(v[2 * i] - x, 360.0) * kx,
						by = (v[2 * i + 1] - y) * KM_PER_DEG_LAT;
			double		dx = bx - ax,
						dy = by - ay;
			double		len2 = dx * dx + dy * dy;
			double		t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
			double		px,
						py,
						d;

			t = t < 0 ? 0 : (t > 1 ? 1 : t);
			px = ax + t * dx;
			py = ay + t * dy;
			d = sqrt(px * px + py * py);
			if (d < best)
				best = d;
		}
	}
	return best;
}

uint16_t
PipIndexLookup(const PipIndex *ix, double lng, double lat, double max_km)
{
	size_t		c;
	uint16_t	best_code = 0;
	double		best = INFINITY;
	double		dlat,
				dlon;

	if (!ix->cell_start || !(lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90))
		return 0;
	c = (size_t) CellY(lat) * GRID_W + CellX(lng);
	for (int k = ix->cell_start[c]; k < ix->cell_start[c + 1]; k++)
	{
		const Part *p = &ix->parts[ix->cell_parts[k]];

		if (lng >= p->xmin && lng <= p->xmax && lat >= p->ymin && lat <= p->ymax &&
			InPart(ix, p, lng, lat))
			return p->code;
	}
	if (!(max_km > 0))
		return 0;

	/* nearest part within max_km: scan the cells of the window around the point */
	dlat = max_km / KM_PER_DEG_LAT;
	dlon = fabs(cos(lat * M_PI / 180.0)) > 1e-6 ? dlat * KM_PER_DEG_LAT / (KM_PER_DEG_LON_EQ * fabs(cos(lat * M_PI / 180.0))) : 360;
	if (dlon > 180)
		dlon = 180;
	for (int cy = CellY(lat - dlat); cy <= CellY(lat + dlat); cy++)
		for (int step = (int) floor(lng - dlon); step <= (int) floor(lng + dlon); step++)
		{
			int			cx = ((step + 180) % GRID_W + GRID_W) % GRID_W;
			size_t		cc = (size_t) cy * GRID_W + cx;

			for (int k = ix->cell_start[cc]; k < ix->cell_start[cc + 1]; k++)
			{
				const Part *p = &ix->parts[ix->cell_parts[k]];
				double		d;

				if (lat + dlat < p->ymin || lat - dlat > p->ymax)
					continue;
				d = DistanceKm(ix, p, lng, lat);
				if (d <= max_km && d < best)
				{
					best = d;
					best_code = p->code;
				}
			}
		}
	return best_code;
}
