/*
 * osh_record.h — one Open Supply Hub record read into its typed values in
 * one pass, pure C (no fmgr): the OS ID validated, the country (the
 * record's, else the OS ID's), both coordinates, the worker band, the
 * closure flag, the empty items of the multi-value fields, and the first
 * reason the record is refused.  The rules are those of hredd.osh_store's
 * SQL before it (docs/supply_chain.md): the loader calls OshRecordRead once
 * per record (hredd.osh_read, src/supply/osh_record.c), and builds the
 * facility value and the item arrays in the same call.
 */
#ifndef HREDD_OSH_RECORD_H
#define HREDD_OSH_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ids/ids.h"

/* The record's text fields, in the order hredd.osh_read takes them. */
typedef enum OshFieldNo
{
	OSH_F_OS_ID,
	OSH_F_NAME,
	OSH_F_ADDRESS,
	OSH_F_COUNTRY,
	OSH_F_LAT,
	OSH_F_LNG,
	OSH_F_SECTORS,
	OSH_F_PRODUCTS,
	OSH_F_PROCESSING,
	OSH_F_FACILITY_TYPES,
	OSH_F_WORKERS,
	OSH_F_PARENTS,
	OSH_F_CONTRIBUTORS,
	OSH_F_CLAIM,
	OSH_F_CLOSED,
	OSH_NFIELDS
} OshFieldNo;

/* The six multi-value fields, in the order the empty_items warning names them. */
#define OSH_NLISTS 6
extern const OshFieldNo osh_list_fields[OSH_NLISTS];
extern const char *const osh_list_names[OSH_NLISTS];

/* A field: s[0..n) when present, else NULL (SQL NULL). */
typedef struct OshText
{
	const char *s;
	size_t		n;
	bool		present;
} OshText;

/* The reasons a record is refused, in the order they are checked. */
typedef enum OshReason
{
	OSH_OK = 0,
	OSH_MISSING_OS_ID,
	OSH_INVALID_OS_ID,
	OSH_MISSING_NAME,
	OSH_INVALID_COUNTRY,
	OSH_INVALID_COORDINATES
} OshReason;

/* The reason's name as hredd.osh_report writes it, NULL for OSH_OK. */
extern const char *OshReasonName(OshReason r);

typedef struct OshRecord
{
	OshReason	reason;
	IdError		os_id_error;	/* why the OS ID failed (OSH_INVALID_OS_ID) */
	IdError		country_error;	/* why the record's country failed */
	bool		has_os_id;
	int64_t		os_id;
	bool		has_country;
	uint16_t	country;
	bool		has_lat,
				has_lng;
	double		lat,
				lng;
	int			workers;		/* OshWorkers' bits: OSH_WORKERS_MIN | _MAX */
	int32_t		workers_min,
				workers_max;
	int			closed;			/* 1, 0, or -1 when none */
	bool		bad_workers;	/* a band was given and is not one */
	bool		bad_flag;		/* is_closed was given and is not yes/no */
	size_t		empty[OSH_NLISTS];	/* empty items of each multi-value field */
} OshRecord;

/* nullif(btrim(t), ''): spaces trimmed at both ends, blank → absent. */
extern void OshTrimField(OshText *t);

/*
 * Reads the record f[0..OSH_NFIELDS) (fields as given: trim them first
 * with OshTrimField when the loader's rule says so) into r.
 */
extern void OshRecordRead(const OshText *f, OshRecord *r);

/*
 * The empty_items warning's sentence ("1 empty item(s) in sector, 2 empty
 * item(s) in contributor left out.") into buf (cap bytes, NUL-terminated,
 * cut when it does not fit); its length, 0 when no field has an empty item.
 */
extern size_t OshEmptyItemsDetail(const size_t empty[OSH_NLISTS], char *buf, size_t cap);

#endif
