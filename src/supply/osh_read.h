/*
 * osh_read.h — the columns of the row hredd.osh_read returns (osh_record.c),
 * in the order its SQL declaration lists them; hredd.osh_write_new
 * (osh_write.c) takes rows of this type.
 */
#ifndef HREDD_OSH_READ_H
#define HREDD_OSH_READ_H

enum
{
	R_ORD, R_ROW_REF, R_OS_ID, R_COUNTRY, R_LAT, R_LNG, R_WORKERS_MIN, R_WORKERS_MAX, R_IS_CLOSED,
	R_NAME, R_ADDRESS, R_CLAIM_STATUS, R_FACILITY,
	R_SECTORS, R_PRODUCT_TYPES, R_PROCESSING_TYPES, R_FACILITY_TYPES, R_PARENT_COMPANIES, R_CONTRIBUTORS,
	R_REASON, R_DETAIL, R_WARN_EMPTY, R_WARN_WORKERS, R_WARN_FLAG,
	R_NCOLS
};

#include "osh_record.h"

/*
 * A record's fields (trimmed where the loader trims them) as the values of
 * hredd.osh_read's row, but for its place (R_ORD, R_ROW_REF: NULL).  args:
 * the fields as given (their texts are kept where not trimmed), or NULL.
 * (osh_record.c; the SQL function, and the file loader's workers.)
 */
extern void OshReadValues(const OshText *f, text *const *args, Datum *values, bool *nulls);

#endif
