/*
 * normalize.h — facility name and address normalisation (pure C, no
 * PostgreSQL), shared by the SQL functions, the facility type, the unit
 * tests and the fuzzers.
 */
#ifndef HREDD_MATCH_NORMALIZE_H
#define HREDD_MATCH_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Input limits, in bytes: far above any real name or address. */
#define MATCH_NAME_MAX		1000
#define MATCH_ADDRESS_MAX	2000

/* Output never exceeds this many bytes for an input of n bytes. */
#define MATCH_NORM_CAP(n)	(8 * (n) + 64)

typedef enum MatchField
{
	MATCH_FIELD_NAME,
	MATCH_FIELD_ADDRESS
} MatchField;

typedef enum MatchNormStatus
{
	MATCH_NORM_OK,
	MATCH_NORM_TOO_LONG,		/* input above the field's limit */
	MATCH_NORM_EMPTY			/* no letters or digits at all */
} MatchNormStatus;

typedef struct MatchListEntry
{
	const char *a;
	const char *b;
} MatchListEntry;

/*
 * Where a word-list entry applies (the "where" column of data/match/name_words.csv and address_words.csv):
 * anywhere; "between": only with a word on either side (conjunctions: "Roi
 * Et" is a Thai province, "Dupont et Fils" loses its "et"); "lead": only as
 * the first word or after a number, never last (Vietnamese street words come
 * before the street's name: "12 Duong Le Loi", but "Binh Duong" is a province).
 */
typedef struct MatchWordEntry
{
	const char *a;
	const char *b;
	const char *where;
} MatchWordEntry;

/*
 * Normalise s[0..n) as a facility name or address of a facility in
 * `country` (COUNTRY_CODE(a, b), or 0 when unknown).  The result is a
 * sequence of tokens separated by single spaces: accents and case folded,
 * punctuation gone, numbers and roman numerals as plain digits, words
 * spelled one way, and for names the legal forms removed (kept when
 * nothing else is left).  Normalising the result again gives the result.
 * out must hold MATCH_NORM_CAP(n) bytes; no NUL is written.
 */
extern MatchNormStatus MatchNormalize(MatchField field, const char *s, size_t n,
									  uint16_t country, char *out, size_t *outlen);

/* True when t[0..n) consists of ASCII digits only. */
extern bool MatchIsNumber(const char *t, size_t n);

#endif
