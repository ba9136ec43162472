/*
 * osh_fields.h — the single-value fields of an Open Supply Hub record, pure C
 * (no fmgr): a worker band, a yes/no flag, a coordinate.  The rules are the
 * ones hredd.osh_workers, hredd.osh_flag and hredd.osh_coordinate had in
 * PL/pgSQL (docs/supply_chain.md); the loader calls them once per record.
 */
#ifndef HREDD_OSH_FIELDS_H
#define HREDD_OSH_FIELDS_H

#include <stddef.h>
#include <stdint.h>

/*
 * A worker band from s[0..n): spaces and commas ignored, letters in any
 * case; "250" (min = max), "100-150" or "100–150" (en dash; min <= max),
 * "<1000" / "less than 1000" / "under 1000" (0 .. 1000), ">10000" /
 * "more than 10000" / "over 10000" (10001 .. none); numbers of 1 to 9 digits.
 * Returns a bit set: 1 when *min was set, 2 when *max was set (0: not a band).
 */
#define OSH_WORKERS_MIN 1
#define OSH_WORKERS_MAX 2
int			OshWorkers(const char *s, size_t n, int32_t *min, int32_t *max);

/* A yes/no flag (true/false, t/f, yes/no, 1/0; any case, spaces trimmed): 1, 0, or -1 when none. */
int			OshFlag(const char *s, size_t n);

/*
 * A coordinate: spaces trimmed, then [+-]digits[.digits][e[+-]d{1,3}] (or
 * .digits); 1 and *v set when it is such a number within +-bound, else 0.
 */
int			OshCoordinate(const char *s, size_t n, double bound, double *v);

#endif
