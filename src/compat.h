/*
 * compat.h — everything that depends on the PostgreSQL major version.
 *
 * hredd is built and tested on PostgreSQL 15 and 17 (scripts/test-pg17.sh);
 * 16 lies between them and is covered by the tests below, which follow the
 * release each change arrived in, but no test run builds against it.  Keep
 * every version test here, so a new major version means editing one file.
 */
#ifndef HREDD_COMPAT_H
#define HREDD_COMPAT_H

#include "postgres.h"

#include "nodes/nodes.h"

#if PG_VERSION_NUM < 150000 || PG_VERSION_NUM >= 180000
#error "hredd builds against PostgreSQL 15, 16 and 17 (see src/compat.h)"
#endif

#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
/* 16 moved the varlena macros (VARDATA_ANY …) out of postgres.h */
#include "varatt.h"
#else
/* Soft input errors arrive in 16; before that every error is hard. */
#define errsave(context, ...)	ereport(ERROR, __VA_ARGS__)
#endif

/*
 * Executor and index calls of the direct writer (src/indicators/
 * harmonize_write.c, which includes executor/executor.h and access/genam.h).
 */

/* 17 adds the MERGE actions to check (none for a plain INSERT). */
#if PG_VERSION_NUM >= 170000
#define HreddCheckValidResultRel(rri, op)	CheckValidResultRel((rri), (op), NIL)
#else
#define HreddCheckValidResultRel(rri, op)	CheckValidResultRel((rri), (op))
#endif

/*
 * Index entries of a freshly inserted tuple, no ON CONFLICT: 16 adds
 * onlySummarizing (false: a new tuple goes into every index).
 */
#if PG_VERSION_NUM >= 160000
#define HreddInsertIndexTuples(rri, slot, estate) \
	ExecInsertIndexTuples((rri), (slot), (estate), false, false, NULL, NIL, false)
#else
#define HreddInsertIndexTuples(rri, slot, estate) \
	ExecInsertIndexTuples((rri), (slot), (estate), false, false, NULL, NIL)
#endif

/* An index scan with nkeys keys and no ORDER BY keys (the same in 15-17). */
#define HreddIndexBeginScan(heap, index, snapshot, nkeys) \
	index_beginscan((heap), (index), (snapshot), (nkeys), 0)

#endif
