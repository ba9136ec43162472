/*
 * ids.h — facility identifiers: parsing, validation and formatting in pure C.
 *
 * Nothing here calls PostgreSQL, so the unit tests and the fuzzers drive the
 * same code as the SQL types.  Every parser takes raw bytes (not necessarily
 * NUL-terminated), is forgiving about form (case, blanks, separators, known
 * prefixes) and strict about content; on failure it fills an IdError that
 * IdErrorDetail() turns into the sentence shown in errdetail.
 *
 * Stored forms (all ordered like the canonical text):
 *   os_id    int64:  country(10 bits) | yyyyddd(24 bits) | random(25 bits)
 *   lei      16 bytes: 18 base-36 digits of 6 bits each, big-endian
 *   gln      int64:  the 13-digit number, check digit included
 *   duns     int32:  the 9-digit number
 *   country  int16:  first letter * 256 + second letter (ASCII)
 */
#ifndef HREDD_IDS_H
#define HREDD_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest input a parser looks at; longer input is rejected unread. */
#define ID_MAX_INPUT 256

typedef enum IdErrorCode
{
	IDERR_NONE = 0,
	IDERR_EMPTY,				/* nothing left after blanks and separators */
	IDERR_TOO_LONG,				/* input longer than ID_MAX_INPUT bytes */
	IDERR_LENGTH,				/* wrong number of characters: len, want */
	IDERR_CHAR,					/* character got at pos not allowed there */
	IDERR_CHECK,				/* check character(s) got, expected */
	IDERR_COUNTRY,				/* country code got is not assigned */
	IDERR_DAY,					/* OS ID: day of year got not in that year */
	IDERR_YEAR,					/* OS ID: year got before OS IDs existed */
	IDERR_NAME,					/* country: not a code or known name */
	IDERR_BINARY				/* binary form out of range */
} IdErrorCode;

typedef struct IdError
{
	IdErrorCode code;
	int			pos;			/* 1-based character position, for IDERR_CHAR */
	int			len;			/* characters found, for IDERR_LENGTH */
	int			want;			/* characters wanted, for IDERR_LENGTH */
	char		got[16];		/* offending text, UTF-8, NUL-terminated */
	char		expected[8];	/* correct check character(s) */
	const char *allowed;		/* what is allowed at pos, in words */
	const char *note;			/* one more sentence, or NULL */
} IdError;

/*
 * Write the errdetail sentence(s) for e into buf (always NUL-terminated).
 * idname names the identifier with its article ("an OS ID", "a GLN", …).
 */
extern void IdErrorDetail(const IdError *e, const char *idname, char *buf, size_t cap);

/*
 * Normalise raw input into out (NUL-terminated, at most ID_MAX_INPUT bytes):
 * trim blanks, drop one leading prefix from prefixes (case-insensitive, must
 * be followed by ':', '#' or a blank, or be one that ends in ')'), drop every
 * byte in seps, upper-case ASCII letters.  Returns the length, or -1 with e
 * set (empty or too long).  *alnum tells whether every byte kept is [0-9A-Z],
 * so callers run IdFindForeign only on input that needs it.
 */
extern int	IdSqueeze(const char *in, size_t len, const char *const *prefixes,
					  const char *seps, char *out, bool *alnum, IdError *e);

/* Reports the first character of s[0..n) outside [0-9A-Z]; false if none. */
extern bool IdFindForeign(const char *s, int n, IdError *e);

/* True when s[0..n) is all digits; otherwise reports the first other one. */
extern bool IdAllDigits(const char *s, int n, IdError *e);

/* Record a wrong-length error (characters counted as code points). */
extern void IdSetLength(IdError *e, const char *s, int n, int want);

/* Record a character not allowed at 0-based byte offset off of s. */
extern void IdSetChar(IdError *e, const char *s, int n, int off, const char *allowed);

/* --- Open Supply Hub OS ID ------------------------------------------------ */
#define OS_ID_LEN 15
extern bool OsIdParse(const char *in, size_t len, int64_t *out, IdError *e);
extern void OsIdFormat(int64_t v, char out[OS_ID_LEN + 1]);
extern bool OsIdValidPacked(int64_t v);
/* Check character for the first 14 characters of an ID (upper case), or 0. */
extern char OsIdCheckChar(const char *first14);
/* Check character for an ID typed without it (validated as a whole). */
extern bool OsIdCheckCharFor(const char *in, size_t len, char *out, IdError *e);
extern uint16_t OsIdCountry(int64_t v);
extern void OsIdMintedOn(int64_t v, int *year, int *day_of_year);
extern int	CrockfordValue(char c);	/* -1 if not a Crockford symbol */

/* --- LEI (ISO 17442) ------------------------------------------------------ */
#define LEI_LEN 20
typedef struct LeiValue
{
	uint8_t		b[16];
} LeiValue;
extern bool LeiParse(const char *in, size_t len, LeiValue *out, IdError *e);
extern void LeiFormat(const LeiValue *v, char out[LEI_LEN + 1]);
extern bool LeiValidPacked(const LeiValue *v);
/* Check digits (02..98) for 18 upper-case alphanumerics. */
extern int	LeiCheckDigits(const char *first18);
/* Check digits for an LEI typed without them (validated as a whole). */
extern bool LeiCheckDigitsFor(const char *in, size_t len, int *out, IdError *e);

/* --- GS1 GLN -------------------------------------------------------------- */
#define GLN_LEN 13
extern bool GlnParse(const char *in, size_t len, int64_t *out, IdError *e);
extern void GlnFormat(int64_t v, char out[GLN_LEN + 1]);
extern bool GlnValidPacked(int64_t v);
/* GS1 mod-10 check digit of n digits (the number without its check digit). */
extern int	Gs1CheckDigit(const char *digits, int n);
/* Check digit for a GLN typed without it (12 digits). */
extern bool GlnCheckDigitFor(const char *in, size_t len, int *out, IdError *e);

/* --- D-U-N-S -------------------------------------------------------------- */
#define DUNS_LEN 9
extern bool DunsParse(const char *in, size_t len, int32_t *out, IdError *e);
extern void DunsFormat(int32_t v, char out[DUNS_LEN + 1]);
extern bool DunsValidPacked(int32_t v);
extern bool DunsLegacyLuhnOk(int32_t v);

/* --- ISO 3166-1 country --------------------------------------------------- */
typedef struct CountryInfo
{
	char		alpha2[3];
	char		alpha3[4];
	int			numeric;		/* -1 when ISO assigns none (XK) */
	const char *name;			/* common English name */
	const char *iso_name;		/* ISO 3166-1 English short name */
} CountryInfo;

typedef struct CountryName
{
	const char *key;			/* FoldKey() of a name or alias */
	char		alpha2[3];
	uint8_t		translated;		/* 1: only a translation gives it (iso-codes) */
} CountryName;

#define COUNTRY_CODE(a, b) ((uint16_t) (((unsigned char) (a) << 8) | (unsigned char) (b)))
extern bool CountryParse(const char *in, size_t len, uint16_t *out, IdError *e);
/* The same; *translated (when not NULL) says the name is only a translation's. */
extern bool CountryParseEx(const char *in, size_t len, uint16_t *out, IdError *e,
						   bool *translated);
extern void CountryFormat(uint16_t v, char out[3]);
extern const CountryInfo *CountryLookup(uint16_t v);	/* NULL if not assigned */
/* Strict: is s an assigned alpha-2 code (any case, blanks trimmed)? */
extern bool CountryCodeValid(const char *s, size_t len);
extern int	CountryTableSize(void);
extern const CountryInfo *CountryAt(int i);
extern int	CountryNameCount(void);
extern const CountryName *CountryNameAt(int i);

#endif
