/*
 * facility_text.h — the text form of hredd.facility (pure C, no PostgreSQL):
 *
 *     ("name","address",CC,lat,lng)
 *
 * Quoted fields may double a quote ("") or escape one with a backslash; an
 * empty address, country or coordinate is written as nothing between the
 * commas.  Used by facility_in and by the fuzzer.
 */
#ifndef HREDD_MATCH_FACILITY_TEXT_H
#define HREDD_MATCH_FACILITY_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#define FACILITY_FIELDS 5

typedef struct FacilityText
{
	/* field i is buf[off[i] .. off[i] + len[i]); present[i] false = empty */
	char	   *buf;			/* caller's buffer, at least n bytes */
	size_t		off[FACILITY_FIELDS];
	size_t		len[FACILITY_FIELDS];
	bool		present[FACILITY_FIELDS];
	bool		has_coords;
	double		lat,
				lng;
} FacilityText;

typedef enum FacilityTextError
{
	FT_OK,
	FT_NO_PARENS,				/* not enclosed in ( ) */
	FT_FIELD_COUNT,				/* not five fields */
	FT_UNTERMINATED,			/* a quote is not closed */
	FT_JUNK_AFTER_QUOTE,		/* text between a closing quote and the comma */
	FT_BAD_NUMBER,				/* lat or lng is not a number */
	FT_ONE_COORD,				/* lat without lng or the other way round */
	FT_COORD_RANGE				/* lat outside -90..90, lng outside -180..180, NaN */
} FacilityTextError;

extern FacilityTextError FacilityTextParse(const char *s, size_t n, FacilityText *ft);

/* A sentence for the error's DETAIL. */
extern const char *FacilityTextErrorDetail(FacilityTextError e);

/* Check coordinates: FT_OK, FT_ONE_COORD or FT_COORD_RANGE. */
extern FacilityTextError FacilityCheckCoords(bool has_lat, double lat, bool has_lng, double lng);

/*
 * The stored form of a coordinate: -0 becomes 0 and every NaN one NaN, so
 * that coordinates equal under facility's = have equal bytes (and hashes).
 */
extern double FacilityCanonCoord(double v);

#endif
