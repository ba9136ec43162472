/*
 * id_fmgr.h — helpers shared by the SQL-callable identifier functions.
 */
#ifndef HREDD_ID_FMGR_H
#define HREDD_ID_FMGR_H

#include "../compat.h"

#include "fmgr.h"
#include "ids.h"

/*
 * Raise (or, on PostgreSQL 16 and later, save for a soft-error context) the
 * 22P02 error for input that failed to parse.  typname is the SQL type name,
 * idname the identifier with its article for the detail sentence.
 */
extern void IdReportError(Node *escontext, const IdError *e, const char *typname,
						  const char *idname, const char *input, size_t len);

/*
 * User input quoted in an error message: at most 64 bytes of whole, validly
 * encoded characters, and "..." when anything was left out, so a 10 MB value
 * gives a short message and log line (palloc'd).
 */
extern char *ClipForMessage(const char *input, size_t len);

/* The detail sentence for e as a text datum (for the *_error functions). */
extern text *IdErrorText(const IdError *e, const char *idname);

/* Raise 22P03 for a binary value that does not encode a valid identifier. */
extern void IdReportBinaryError(const char *typname) pg_attribute_noreturn();

/* Text argument n as pointer and length, without copying. */
#define ID_TEXT_ARG(n, ptr, len) \
	do { \
		text	   *t_ = PG_GETARG_TEXT_PP(n); \
		(ptr) = VARDATA_ANY(t_); \
		(len) = VARSIZE_ANY_EXHDR(t_); \
	} while (0)

#endif
