/*
 * osh_file.h — an Open Supply Hub download read from its CSV file on the
 * server, in blocks, by parallel workers (osh_file.c): no COPY and no
 * table in between.  hredd.osh_write_file (osh_write.c) writes what it
 * reads.
 */
#ifndef HREDD_OSH_FILE_H
#define HREDD_OSH_FILE_H

#include "postgres.h"

#include "access/tupdesc.h"

typedef struct OshFile OshFile;

/*
 * A record read: values and nulls of hredd.osh_read's row (R_NCOLS), then
 * the record as JSON (its header's names and its fields) where a report
 * shows it, else NULL.
 */
typedef void (*OshFileEmit) (void *arg, Datum *values, bool *nulls);

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

/* The type of what OshFileEmit gets (osh_read's row, then jsonb). */
extern TupleDesc OshFileDesc(void);

/*
 * Every record, read by parallel workers where there are any (this process
 * then only takes what they read), to emit in this process.
 */
extern void OshFileRead(OshFile *f, OshFileEmit emit, void *arg);

#endif
