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

/*
 * The normaliser's version, stored in every value.  A value's name and
 * address, its hash, its order and its index keys all come from the
 * normaliser (folding, word lists, legal forms, country names), so a value
 * written by another version would silently disagree with a fresh one.  The
 * rule: such a value is refused wherever it is used (FacilityCheck), with a
 * message that says what to run (CALL hredd.facility_upgrade(table)); only
 * its text and binary output, hredd.facility_renormalize and
 * hredd.facility_is_stale read it as it is (and everything does while
 * hredd.accept_stale_facility is on, as facility_upgrade sets it for itself).
 * Bump it whenever normalisation changes for any input.
 *   1  hredd 0.1.0
 *   2  hredd 0.2.0: one folding module, country names in every language,
 *      word lists that say where a word applies
 */
#define FAC_VERSION			2

#define FAC_HEADER			offsetof(FacilityData, data)
#define FAC_COORDS_SIZE(f)	(((f)->flags & FAC_HAS_COORDS) ? 2 * sizeof(double) : 0)
#define FAC_NAME(f)			((f)->data + FAC_COORDS_SIZE(f))
#define FAC_ADDR(f)			(FAC_NAME(f) + (f)->namelen)

/* A value as stored, of any normaliser version: only for output and upgrade. */
#define DatumGetFacilityAny(d)	((FacilityData *) PG_DETOAST_DATUM(d))
/* A value to use: refused when another normaliser version wrote it. */
#define DatumGetFacility(d)		FacilityCheck(DatumGetFacilityAny(d))

/* The GUC hredd.accept_stale_facility, defined in hredd.c. */
extern bool hredd_accept_stale_facility;

/* f itself, after raising the stale-value error when its version is not FAC_VERSION. */
extern FacilityData *FacilityCheck(FacilityData *f);
#define PG_GETARG_FACILITY(n)	DatumGetFacility(PG_GETARG_DATUM(n))

/* The GUC hredd.match_threshold, defined in hredd.c. */
extern double hredd_match_threshold;
extern char *hredd_match_model;
extern char *hredd_match_registry;

/* The coefficients of a named model (ERROR if it does not exist). */
extern void FacilityLoadModel(const char *name, double *coef);
/* The model hredd.match_model names: the operators' and the indexes'. */
extern const char *FacilitySettingModel(void);
extern Oid	FacilitySettingRegistry(void);
extern const MatchStats *FacilitySettingStats(void);

/* Build a facility from normalised parts. */
extern FacilityData *FacilityMake(const char *name, size_t namelen, const char *addr,
								  size_t addrlen, uint16 country, bool has_coords,
								  double lat, double lng);

/* Fill a profile (palloc'd by the caller, it is large) from a facility. */
extern void FacilityProfile(const FacilityData *f, MatchProfile *p);
extern void FacilityProfileStats(const FacilityData *f, MatchProfile *p, const MatchStats *st);
extern void FacilityProfileName(const FacilityData *f, MatchProfile *p, const MatchStats *st);

#endif
