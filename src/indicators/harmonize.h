/*
 * harmonize.h — the parts of hredd.harmonize_batch (harmonize.c) that talk
 * to the server, in two files:
 *
 *   harmonize_read.c   what a batch reads once through SPI: the scheme's
 *                      crosswalk, the wage benchmarks, the exchange rates;
 *   harmonize_write.c  hredd.observation and hredd.rejected: the duplicate
 *                      probes through their indexes and the direct writer.
 *                      It is the only file that calls the executor and the
 *                      index access methods, whose signatures change between
 *                      major versions (the differences are in src/compat.h).
 *
 * The batch loop itself is in harmonize.c; the rules for one row, in pure C,
 * in harmonize_core.c.
 */
#ifndef HREDD_HARMONIZE_H
#define HREDD_HARMONIZE_H

#include "postgres.h"

#include "utils/date.h"
#include "utils/uuid.h"

#include "harmonize_core.h"

/* ---------------------------------------------------------------- reading */

/* A crosswalk row of the scheme that maps a code onto an indicator. */
typedef struct HarmCode
{
	char	   *code;
	size_t		len;
	uint32		hash;
	int			next;			/* chain in HarmCodeTable.buckets, -1 at the end */
	HarmIndicator ind;
	Datum		topic;			/* text */
	Datum		indicator;		/* text */
	Datum		ind_unit;		/* text */
} HarmCode;

typedef struct HarmCodeTable
{
	HarmCode   *codes;
	int			ncodes;
	int		   *buckets;
	uint32		mask;
} HarmCodeTable;

/* The scheme's crosswalk rows that carry data, with their value maps (SPI connected). */
extern void HarmLoadCodes(HarmCodeTable *t, text *scheme);
extern HarmCode *HarmCodeFind(const HarmCodeTable *t, const char *s, size_t len);

/* Wage benchmarks and the exchange rates read so far. */
typedef struct HarmWages HarmWages;

/* Reads the benchmarks (SPI connected); rates are read per currency on first use, into cxt. */
extern HarmWages *HarmLoadWages(MemoryContext cxt);

/*
 * A wage (value in currency cur per month) against the benchmarks of its
 * country on its day: out[] = value in US dollars, ratio to the minimum
 * wage, ratio to the living wage, severity; has[i] false where a benchmark
 * or rate is missing.
 */
extern void HarmWageFigures(HarmWages *w, double v, const char *cur, bool has_country, int16 country,
							DateADT day, double out[4], bool has[4]);

/* ---------------------------------------------------------------- writing */

/* The columns of hredd.observation that harmonize fills, in this order. */
typedef enum HarmObsColumn
{
	HOBS_ROW_KEY, HOBS_RUN_ID, HOBS_SOURCE, HOBS_SCHEME, HOBS_FACILITY_REF, HOBS_SCHEME_CODE, HOBS_TOPIC,
	HOBS_INDICATOR, HOBS_VALUE, HOBS_UNIT, HOBS_SEVERITY, HOBS_OBSERVED_ON, HOBS_COUNTRY, HOBS_VALUE_USD,
	HOBS_MINIMUM_WAGE_RATIO, HOBS_LIVING_WAGE_RATIO, HOBS_RAW_VALUE, HOBS_RAW_UNIT, HOBS_NCOLS
} HarmObsColumn;

/* hredd.observation and hredd.rejected, open for one batch. */
typedef struct HarmStore HarmStore;

/*
 * Checks the caller's privileges, locks and opens both tables and their
 * keys, and decides whether observations may be written directly (see
 * HarmStoreDirect).  country_type is hredd.country's type OID; the store
 * keeps its memory in cxt.
 */
extern HarmStore *HarmStoreOpen(Oid country_type, MemoryContext cxt);

/*
 * Whether HarmStoreAdd writes observations itself: hredd.observation is as
 * shipped (no triggers, rules, row security, generated or extra columns).
 * Otherwise harmonize's INSERT writes them, so that everything fires.
 */
extern bool HarmStoreDirect(const HarmStore *s);

/* Whether an observation with this facility, day and row key exists (or is being written). */
extern bool HarmObservationExists(HarmStore *s, Datum facility, DateADT day, pg_uuid_t *key);

/* Whether a reject with this row key exists (or is being written). */
extern bool HarmRejectExists(HarmStore *s, pg_uuid_t *key);

/* Buffer one observation for the direct writer; values in HarmObsColumn order. */
extern void HarmStoreAdd(HarmStore *s, Datum *values, bool *nulls);

/* Writes what is buffered, closes the tables (locks kept to the end of the transaction). */
extern void HarmStoreClose(HarmStore *s);

#endif
