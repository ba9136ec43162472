/*
 * value_core.h — indicator values from audit exports: parsing messy raw text,
 * units, unit conversion and grade scales, in pure C.
 *
 * Nothing here calls PostgreSQL, so unit tests and the fuzzer drive the same
 * code as the SQL functions.  A raw value is text as typed into an audit
 * report or a spreadsheet: "60 hrs/week", "12,5 %", "BDT 8.000", "৳ ৮,০০০",
 * "Yes", "Có", "N/A", "48-60".  The parser returns a number (or a range), a
 * unit, and a reason code when it cannot.
 *
 * A unit is a quantity (hours, days, percent, money in one currency, yes/no,
 * a count, or none) per an optional period (hour, day, week, month, year).
 * Its canonical text is "h/week", "days/month", "%", "BDT/month", "bool".
 */
#ifndef HREDD_VALUE_CORE_H
#define HREDD_VALUE_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "reasons.h"

/* Longest raw value or unit the parser looks at, in bytes. */
#define IND_MAX_INPUT 200

/*
 * Why a value could not be read; IndReasonCode() gives the SQL code.  The
 * members (IND_EMPTY, IND_UNPARSEABLE …) come from the list in reasons.h.
 */
typedef enum IndReason
{
	IND_OK = 0,
	HREDD_REJECT_REASONS(HREDD_REASON_SKIP, HREDD_REASON_ENUM)
	IND_NREASONS
} IndReason;

typedef enum IndQty
{
	QTY_NONE = 0,				/* a bare number */
	QTY_HOURS,
	QTY_DAYS,
	QTY_PERCENT,
	QTY_MONEY,					/* currency in IndUnit.cur; "" = any currency */
	QTY_BOOL,
	QTY_COUNT,
	QTY_GRADE					/* an ordinal grade, scored by IndGradeScore */
} IndQty;

typedef enum IndPeriod
{
	PER_NONE = 0,
	PER_HOUR,
	PER_DAY,
	PER_WEEK,
	PER_MONTH,
	PER_YEAR
} IndPeriod;

typedef struct IndUnit
{
	IndQty		qty;
	IndPeriod	per;
	char		cur[4];			/* ISO 4217 code for QTY_MONEY, NUL-terminated */
} IndUnit;

typedef struct IndValue
{
	IndReason	reason;
	double		lo;				/* the value, or the low end of a range */
	double		hi;				/* equal to lo unless a range */
	bool		is_range;
	char		qual;			/* '<', '>', '~' (approximately) or 0 */
	IndUnit		unit;
	char		bad[24];		/* offending word for unknown units, UTF-8 */
} IndValue;

/*
 * Parse raw[0..rawlen) with an optional separate unit text (unit may be NULL
 * or empty): the unit column of an export, "hrs/week".  Units in the value
 * and in the unit text are merged; a conflict is an error.  Returns true
 * when v holds a value (numeric, range or yes/no), false with v->reason set.
 */
extern bool IndParse(const char *raw, size_t rawlen, const char *unit, size_t unitlen,
					 IndValue *v);

/* Parse a unit alone ("h/week", "BDT per month", "%"). */
extern bool IndUnitParse(const char *s, size_t len, IndUnit *u, IndReason *reason,
						 char *bad, size_t badcap);

/*
 * Canonical text of a unit into buf (always NUL-terminated): "h/week", "%",
 * "BDT/month", "money/month" for money in no particular currency, "" for a
 * bare number.
 */
extern void IndUnitFormat(const IndUnit *u, char *buf, size_t cap);

/* What IndConvertStatus found. */
typedef enum IndConvResult
{
	IND_CONV_OK = 0,
	IND_CONV_MISMATCH,			/* the units do not convert */
	IND_CONV_NOT_FINITE,		/* x is NaN or infinite */
	IND_CONV_OVERFLOW			/* the result is too large for a double */
} IndConvResult;

/*
 * Convert x from unit from to unit to.  Quantities must match (money: the
 * same currency, or to has none); periods convert with the working-time
 * conventions documented in docs/indicators.md (6 working days and 48 hours a
 * week, 52/12 weeks a month, 52 weeks a year).  The units are checked first,
 * then the value: only a finite x converts, to a finite result.
 */
extern IndConvResult IndConvertStatus(double x, const IndUnit *from, const IndUnit *to,
									  double *out);

/* IndConvertStatus(...) == IND_CONV_OK. */
extern bool IndConvert(double x, const IndUnit *from, const IndUnit *to, double *out);

/*
 * Fill what v's unit leaves open from target (a bare "62" for an indicator
 * in h/week is 62 h/week; "60 h" is 60 h/week), then convert v (both ends of
 * a range) to target.  On success v->unit is the target unit, with the
 * value's own currency when the target accepts any.  False with
 * v->reason = IND_UNIT_MISMATCH otherwise.
 */
extern bool IndConvertValue(IndValue *v, const IndUnit *target);

/* The SQL reason code of r ("unparseable_number" …); "" for IND_OK. */
extern const char *IndReasonCode(IndReason r);

/*
 * Severity score 0-1 (1 = worst) of a grade on a named scale:
 *   bsci        amfori BSCI A-E and ZT (zero tolerance)
 *   nc          non-conformance severity: critical/major/minor/observation/
 *               compliant (SMETA, SA8000 and most codes of conduct)
 *   rba         RBA VAP findings: priority/major/minor/ofi/conformance
 *   ituc        ITUC Global Rights Index 1-5 and 5+
 *   thinkhazard VLO/LOW/MED/HIG
 *   higg        a Higg FEM/FSLM score 0-100 (or a percentage)
 * Returns false when the scale or the grade is unknown.
 */
extern bool IndGradeScore(const char *scale, size_t scalelen, const char *grade,
						  size_t gradelen, double *score);

/* The first word-list entry not written in folded form, or NULL (tests). */
extern const char *IndSelfCheck(void);

#endif
