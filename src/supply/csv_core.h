/*
 * csv_core.h — CSV records as PostgreSQL's COPY ... (FORMAT csv) reads them
 * (delimiter ',', quote and escape '"'), pure C (no fmgr), for the Open
 * Supply Hub file loader (osh_file.c), which reads a file in blocks in
 * parallel workers.
 *
 * The rules, COPY's: a quote anywhere in a field starts or ends quoting,
 * and a doubled quote inside quotes is one quote; a delimiter or newline
 * inside quotes is data; a record ends at a newline outside quotes ("\n",
 * or "\r\n": the "\r" is dropped); an unquoted empty field is NULL, a quoted
 * one the empty string.  Unlike COPY, an empty line is no record (COPY would
 * refuse it for a table of more than one column).
 *
 * Every quote toggles quoting (a doubled one twice), so whether a byte lies
 * inside quotes depends only on how many quotes come before it: a reader
 * that knows the parity of the quotes before a block finds the block's first
 * record without reading what precedes it (CsvRecordStart).
 */
#ifndef HREDD_CSV_CORE_H
#define HREDD_CSV_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum CsvKind
{
	CSV_NULL,					/* an unquoted empty field */
	CSV_SLICE,					/* the value is the bytes off..off+len */
	CSV_ESCAPED					/* the raw bytes off..off+len: CsvUnescape gives the value */
} CsvKind;

typedef struct CsvField
{
	size_t		off;
	size_t		len;
	CsvKind		kind;
} CsvField;

typedef enum CsvStatus
{
	CSV_RECORD,					/* a record (or, with *nfields 0, an empty line) */
	CSV_NEED_MORE,				/* the record goes on past the bytes given */
	CSV_UNTERMINATED,			/* the bytes end inside quotes, at the end of the file */
	CSV_TOO_MANY_FIELDS			/* more than maxfields fields */
} CsvStatus;

/*
 * Reads the record at p[0..n): its fields into fields[0..*nfields), the
 * bytes it takes (its newline included) into *used, and the newlines in it
 * (its own included) into *newlines.  at_eof says the file ends at p + n
 * (then a last record needs no newline); otherwise a record that may go on
 * past n is CSV_NEED_MORE.  An empty line is CSV_RECORD with *nfields 0.
 */
extern CsvStatus CsvReadRecord(const char *p, size_t n, bool at_eof, CsvField *fields, int maxfields,
							   int *nfields, size_t *used, size_t *newlines);

/* The value of a CSV_ESCAPED field, its quotes taken out, into out (len bytes at most); its length. */
extern size_t CsvUnescape(const char *raw, size_t len, char *out);

/* The quotes and the newlines in p[0..n). */
extern void CsvCount(const char *p, size_t n, uint64_t *quotes, uint64_t *newlines);

/*
 * Where the first record that starts at or after p + 1 begins, given
 * whether p[0] lies inside quotes (the parity of the quotes before it):
 * the byte after the first newline outside quotes from p on.  Its offset
 * from p into *start and the newlines before it (from p on) into
 * *newlines; false when there is none in p[0..n).
 */
extern bool CsvRecordStart(const char *p, size_t n, bool in_quotes, size_t *start, size_t *newlines);

#endif
