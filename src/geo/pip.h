/*
 * pip.h — point-in-polygon over a grid of country polygons (pure C, no
 * PostgreSQL).
 *
 * The polygons come in as WKB (Polygon or MultiPolygon, 2D, either byte
 * order), each tagged with a 16-bit country code; a 1-degree grid over the
 * bounding boxes narrows each look-up to a few polygons, tested by ray
 * casting (even-odd over all rings, so holes work).  A point in no polygon
 * may still get the nearest country within a distance, for points just off a
 * coast.
 */
#ifndef HREDD_PIP_H
#define HREDD_PIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct PipIndex PipIndex;

/* A new, empty index; NULL when out of memory. */
extern PipIndex *PipIndexNew(void);
extern void PipIndexFree(PipIndex *ix);

/*
 * Add the polygons of one WKB geometry for country code.  Returns false for
 * WKB that is not a well-formed 2D Polygon or MultiPolygon, or when out of
 * memory; the index is unchanged then.
 */
extern bool PipIndexAddWkb(PipIndex *ix, uint16_t code, const uint8_t *wkb, size_t len);

/* Build the grid; call once after the last PipIndexAddWkb.  False when out of memory. */
extern bool PipIndexFinish(PipIndex *ix);

/*
 * Country code of the polygon containing (lng, lat); else of the nearest
 * polygon within max_km kilometres (0 to skip that search); else 0.
 * Coordinates out of range or NaN give 0.
 */
extern uint16_t PipIndexLookup(const PipIndex *ix, double lng, double lat, double max_km);

/* Number of polygons (parts) in the index. */
extern int	PipIndexParts(const PipIndex *ix);

#endif
