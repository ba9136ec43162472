/*
 * reasons.h — the one list of the reasons hredd.harmonize rejects a raw row
 * for, in the order the checks run.  Everything else is made from it:
 *
 *   - the C enums IndReason (the parser's reasons, value_core.h) and
 *     HarmReason (harmonize's own, harmonize_core.h) and their SQL codes
 *     (IndReasonCode, HarmReasonCode);
 *   - the rows of hredd.reject_reason (src/sql/41-indicators-data.sql) and
 *     the table of reason codes in docs/indicators.md, both written by
 *     tools/gen_indicators.py, which reads this file.
 *
 * test/sh/indicators_reasons.sh fails when the installed table, the docs or
 * the sentences of hredd.reject_detail drift from this list.
 *
 * HREDD_REJECT_REASONS(H, P) calls H for a reason harmonize decides and P
 * for one the value parser gives, each with: the enum member, the SQL code
 * (an identifier), the description stored in hredd.reject_reason, and what
 * the docs say of such a row ("the row …").  Keep one entry per line, with
 * plain string literals: the generator reads them with a regular expression.
 */
#ifndef HREDD_REASONS_H
#define HREDD_REASONS_H

#define HREDD_REJECT_REASONS(H, P) \
	H(HARM_MISSING_FACILITY, missing_facility, "The facility reference is empty.", "has an empty facility reference") \
	H(HARM_UNKNOWN_FACILITY, unknown_facility, "The facility reference is not in the facility registry given to harmonize.", "names a facility that is not in the registry given as `facilities`") \
	H(HARM_UNKNOWN_CODE, unknown_code, "No crosswalk row maps this code of the scheme to an indicator.", "has a code no crosswalk row of the scheme maps to an indicator") \
	H(HARM_MISSING_DATE, missing_date, "The observation date is empty.", "has no observation date") \
	H(HARM_FUTURE_DATE, future_date, "The observation date lies after the day of the run.", "is dated after the day of the run") \
	P(IND_EMPTY, empty_value, "The raw value is empty.", "has an empty value") \
	P(IND_NOT_APPLICABLE, not_applicable, "The raw value says not applicable or not available (N/A, n.a., -, k.A. …).", "says N/A (or n.a., -, k.A., không áp dụng …)") \
	P(IND_UNPARSEABLE, unparseable_number, "The raw value is not a number, range or yes/no that the parser can read.", "has a value that is no number, range or yes/no") \
	P(IND_UNKNOWN_UNIT, unknown_unit, "The raw value or unit column has a word that is no known unit, currency or period.", "has a word that is no unit, currency or period") \
	P(IND_CONFLICTING_UNIT, conflicting_unit, "The value and the unit column (or two words of one) name different units.", "names two different units (value and unit column, or within one)") \
	P(IND_AMBIGUOUS_CURRENCY, ambiguous_currency, "The currency sign names several currencies (Rs, ₨); use the ISO 4217 code.", "uses Rs or ₨") \
	P(IND_TOO_LONG, value_too_long, "The raw value or unit is longer than 200 bytes.", "has a value or unit longer than 200 bytes") \
	P(IND_UNIT_MISMATCH, unit_mismatch, "The unit does not convert to the indicator's unit (a percentage for hours).", "has a unit that does not convert to the indicator's (`12 %` for hours)") \
	H(HARM_UNKNOWN_GRADE, unknown_grade, "The grade is not on the indicator's grade scale nor in the code's value map.", "has a grade that is not on the indicator's scale or in the code's value map") \
	H(HARM_OUT_OF_RANGE, out_of_range, "The value lies outside the indicator's plausible range.", "has a value outside the indicator's plausible range (620 h/week)") \
	H(HARM_DUPLICATE, duplicate_row, "The same facility, code, value, unit and date were already harmonised for this scheme, or appear earlier in the same batch.", "repeats facility, code, value, unit and date of a row already harmonised for the scheme, or of an earlier row of the batch")

/* helpers for the users of the list */
#define HREDD_REASON_ENUM(member, code, description, docs)	member,
#define HREDD_REASON_SKIP(member, code, description, docs)
#define HREDD_REASON_CASE(member, code, description, docs)	case member: return #code;

#endif
