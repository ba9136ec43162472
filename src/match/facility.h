/*
 * facility.h — the on-disk form of hredd.facility and helpers shared by the
 * SQL-callable matching functions and the index opclasses.
 */
#ifndef HREDD_MATCH_FACILITY_H
#define HREDD_MATCH_FACILITY_H

#include "../compat.h"

#include "fmgr.h"

#include "normalize.h"
#include "score.h"

/*
 * varlena: header, then country (ISO code as two letters, 0 = unknown),
 * flags, the byte lengths of the normalised name and address, the
 * coordinates when FAC_HAS_COORDS, then the name and address bytes.
 */
typedef struct FacilityData
{
	int32		vl_len_;
	uint16		country;
	uint8		flags;
	uint8		version;
	uint16		namelen;
	uint16		addrlen;
	char		data[FLEXIBLE_ARRAY_MEMBER];
} FacilityData;

#define FAC_HAS_COORDS		0x01
#define FAC_VERSION			1

#define FAC_HEADER			offsetof(FacilityData, data)
#define FAC_COORDS_SIZE(f)	(((f)->flags & FAC_HAS_COORDS) ? 2 * sizeof(double) : 0)
#define FAC_NAME(f)			((f)->data + FAC_COORDS_SIZE(f))
#define FAC_ADDR(f)			(FAC_NAME(f) + (f)->namelen)

#define DatumGetFacility(d)		((FacilityData *) PG_DETOAST_DATUM(d))
#define PG_GETARG_FACILITY(n)	DatumGetFacility(PG_GETARG_DATUM(n))

/* The GUC hredd.match_threshold, defined in hredd.c. */
extern double hredd_match_threshold;
extern char *hredd_match_model;

/* Build a facility from normalised parts. */
extern FacilityData *FacilityMake(const char *name, size_t namelen, const char *addr,
								  size_t addrlen, uint16 country, bool has_coords,
								  double lat, double lng);

/* Fill a profile (palloc'd by the caller, it is large) from a facility. */
extern void FacilityProfile(const FacilityData *f, MatchProfile *p);
extern void FacilityProfileStats(const FacilityData *f, MatchProfile *p, const MatchStats *st);

#endif
