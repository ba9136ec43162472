/*
 * harmonize_core.h — the decision hredd.harmonize takes for one raw audit
 * row, in pure C: which reason rejects it, or which value, unit and severity
 * it becomes.
 *
 * The caller (harmonize.c) reads the rows, looks the code up in the scheme's
 * crosswalk, checks the facility registry and the duplicates, and writes the
 * results; everything that only depends on the row and the indicator is
 * here, so unit tests drive the same rules as the procedure.
 */
#ifndef HREDD_HARMONIZE_CORE_H
#define HREDD_HARMONIZE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "value_core.h"

/* hredd.indicator.kind */
typedef enum HarmKind
{
	HARM_MEASURE = 0,
	HARM_FLAG,
	HARM_GRADE,
	HARM_WAGE
} HarmKind;

/*
 * Why a row is rejected; HarmReasonCode() gives the SQL code.  The members
 * (HARM_DUPLICATE, HARM_UNKNOWN_CODE …) come from the list in reasons.h;
 * HARM_PARSE stands for the parser's reason, in HarmResult.parse (an empty
 * value is IND_EMPTY there too).
 */
typedef enum HarmReason
{
	HARM_OK = 0,
	HREDD_REJECT_REASONS(HREDD_REASON_ENUM, HREDD_REASON_SKIP)
	HARM_PARSE,
	HARM_NREASONS
} HarmReason;

/* One entry of a crosswalk row's value map: raw answer -> value. */
typedef struct HarmMapEntry
{
	const char *key;			/* lower case, trimmed */
	size_t		keylen;
	double		value;
} HarmMapEntry;

/* An indicator as a crosswalk row maps a code onto it. */
typedef struct HarmIndicator
{
	HarmKind	kind;
	IndUnit		unit;			/* canonical unit (parsed hredd.indicator.unit) */
	const char *grade_scale;	/* for HARM_GRADE; NULL otherwise */
	bool		lower_is_better;
	bool		has_thresholds;
	double		threshold_ok;
	double		threshold_severe;
	bool		has_min;
	double		min_value;
	bool		has_max;
	double		max_value;
	const HarmMapEntry *map;	/* the crosswalk row's value map */
	int			nmap;
} HarmIndicator;

/* A raw row as harmonize reads it.  Text fields are not NUL-terminated. */
typedef struct HarmRow
{
	const char *facility;		/* NULL when the column is NULL */
	size_t		facility_len;
	bool		facility_known; /* in the registry (true without one) */
	const HarmIndicator *ind;	/* NULL: no crosswalk row for the code */
	const char *raw;			/* raw value, NULL when NULL */
	size_t		raw_len;
	const char *unit;			/* unit column, NULL when NULL or absent */
	size_t		unit_len;
	const char *raw_key;		/* raw value folded for the value map */
	size_t		raw_key_len;	/* (lower case, trimmed); NULL when no map */
	bool		has_date;
	int32_t		date;			/* days, any epoch */
	int32_t		today;			/* same epoch */
} HarmRow;

typedef struct HarmResult
{
	HarmReason	reason;
	IndReason	parse;			/* for HARM_PARSE */
	bool		has_value;		/* value is set (also for out_of_range) */
	double		value;			/* in the indicator's unit; a grade's score */
	IndUnit		unit;			/* the value's unit (the wage's currency) */
	bool		is_grade;		/* unit is "grade" */
	bool		has_severity;	/* for measures, flags and grades */
	double		severity;
} HarmResult;

/*
 * Classify one row that is not a duplicate.  The reasons are tried in this
 * order: missing_facility, unknown_facility, unknown_code, missing_date,
 * future_date, empty_value, then unknown_grade for grades or the parser's
 * reason and unit_mismatch, then out_of_range.  Wages get no severity here:
 * it needs the benchmarks (HarmWageSeverity).  Returns true for a good row.
 */
extern bool HarmClassify(const HarmRow *row, HarmResult *res);

/* The SQL reason code of a result ("unknown_code" …); "" for a good row. */
extern const char *HarmReasonCode(const HarmResult *res);

/*
 * Severity of a value against thresholds: 0 at ok, 1 at severe, linear in
 * between and clamped; rounded to 6 decimals.
 */
extern double HarmThresholdSeverity(double value, double ok, double severe);

/*
 * Severity of a wage from its ratios to the minimum and the living wage: 1
 * below the minimum, 0 at or above the living wage, in between 0.5 at the
 * minimum falling linearly (in the wage's inverse) to 0 at the living wage.
 * has_* false means no benchmark; returns false when the severity is
 * unknown.
 */
extern bool HarmWageSeverity(bool has_min, double min_ratio, bool has_living, double living_ratio,
							 double *severity);

/* x rounded to 6 decimals, halves away from zero. */
extern double HarmRound6(double x);

/*
 * The bytes whose MD5 is a row's key: each field as a 4-byte big-endian
 * length (0xFFFFFFFF for a NULL field, fields[i] == NULL) followed by its
 * bytes.  fields and lens have n entries.  Writes at most cap bytes and returns the length needed.
 */
extern size_t HarmKeyBytes(const char *const *fields, const size_t *lens, int n, unsigned char *buf,
						   size_t cap);

#endif
