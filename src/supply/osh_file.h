/*
 * osh_file.h — an Open Supply Hub download read from its CSV file on the
 * server, in blocks, by parallel workers (osh_file.c): no COPY and no
 * table in between.  hredd.osh_write_file (osh_write.c) writes what it
 * reads.
 */
#ifndef HREDD_OSH_FILE_H
#define HREDD_OSH_FILE_H

#include "postgres.h"

#include "access/htup.h"
#include "access/skey.h"
#include "access/tupdesc.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "utils/relcache.h"

typedef struct OshFile OshFile;

/* the columns of the note table and of the registry (osh_write.c) */
#define OSH_NOTE_NCOLS 8
#define OSH_REG_NCOLS 19

/*
 * What the loading process gets of each record: its note (the note
 * table's columns), where a report shows it, and its registry row, where
 * it is accepted: as values (read by this process alone) or formed by a
 * worker (then rv and rn are NULL).  In a later load the workers compare
 * each accepted record with the registry's row of its OS ID (OshFileRead's
 * pk): where they are the same, only the OS ID comes (same).
 */
typedef struct OshFileSink
{
	void	   *arg;
	void		(*note) (void *arg, Datum *nv, bool *nn);
	void		(*row) (void *arg, Datum *rv, bool *rn, MinimalTuple mt);
	void		(*same) (void *arg, Datum os_id);
} OshFileSink;

/* osh_write.c: a record's note and registry row from osh_read's row (then its JSON), false where none */
extern bool OshNoteValues(const Datum *v, const bool *n, Datum *nv, bool *nn);
extern bool OshRowValues(const Datum *v, const bool *n, Datum label, Datum now, Datum *rv, bool *rn);
extern TupleDesc OshNoteDesc(void);
/* osh_write.c: how a later load compares a record's row with the registry's (see there) */
extern const char *OshRowEqualities(Relation rel, Relation pk, FmgrInfo *eq, Oid *coll, ScanKey key,
									MemoryContext cxt);
extern bool OshRowSame(FmgrInfo *eq, const Oid *coll, TupleTableSlot *old, const Datum *rv, const bool *rn);

/*
 * The file at path, checked (the privilege to read server files, a
 * regular file, UTF-8 in a UTF-8 database), its header read and its
 * columns found as hredd.load_osh_download finds a table's, and with count
 * the quotes and newlines before each block counted (one pass over the
 * file; OshFileRead needs them).
 */
extern OshFile *OshFileOpen(const char *path, bool count);

/* The header's names, as the columns of a table to COPY the file into. */
extern List *OshFileHeader(OshFile *f);

/* osh_read's row type (what the readers make of each record before its row and note) */
extern TupleDesc OshReadDesc(void);

/*
 * Every record, read by parallel workers where there are any (this process
 * then only takes what they read), its note and row (source = label,
 * loaded_at = now) handed to sink in this process.  pk: the registry's
 * unique index on os_id where it has rows (a later load; the workers then
 * compare), else InvalidOid.
 */
extern void OshFileRead(OshFile *f, Datum label, Datum now, Oid pk, const OshFileSink *sink);

#endif
