/*
 * fold.h — the one text-folding module of hredd (pure C, no PostgreSQL).
 *
 * FoldChar() classifies one code point and gives its folded form; every
 * other folding in hredd is a thin wrapper over it:
 *
 *   FoldKey()        lookup keys (country names, indicator words): folded
 *                    letters and digits, one space for every run of others;
 *   MatchNormalize() (src/match/normalize.c) facility names and addresses:
 *                    tokens split at FOLD_SEP and at class changes;
 *   Normalise()      (src/indicators/value_core.c) raw indicator values:
 *                    letters and digits folded, punctuation kept as its
 *                    ASCII form (FoldAsciiPunct) so the value grammar can
 *                    read signs, ranges and units.
 *
 * The generators (tools/gen_*.py) never fold text themselves: they call
 * tools/hredd_tool (built by `make tools/hredd_tool` from this file), so a
 * compiled-in table always holds keys exactly as the C code makes them.
 */
#ifndef HREDD_FOLD_H
#define HREDD_FOLD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode one UTF-8 sequence at s (n bytes available).  Returns its length in
 * bytes (1..4) and stores the code point; an invalid or truncated sequence
 * counts as one byte with code point 0xFFFD.
 */
extern int	Utf8Decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Number of code points in s[0..n), counting invalid bytes one each. */
extern size_t Utf8Length(const char *s, size_t n);

typedef enum FoldClass
{
	FOLD_SEP,					/* blank, punctuation, symbol: a word boundary */
	FOLD_DROP,					/* vanishes without a boundary: apostrophes, combining marks */
	FOLD_DIGIT,					/* a decimal digit of any script, folded to ASCII */
	FOLD_LATIN,					/* a Latin letter (any diacritics, full-width), folded to ASCII */
	FOLD_CJK,					/* Han, kana, hangul: kept as written */
	FOLD_OTHER					/* letters of other scripts: lower-cased (Greek, Cyrillic) or kept */
} FoldClass;

/* The longest folded form of one code point, in bytes. */
#define FOLD_PIECE_MAX 4

/*
 * Classify the code point cp, whose UTF-8 bytes are raw[0..rawlen), and
 * write its folded form to piece (at most FOLD_PIECE_MAX bytes, no NUL);
 * *plen is its length, 0 for FOLD_SEP and FOLD_DROP.
 */
extern FoldClass FoldChar(uint32_t cp, const unsigned char *raw, int rawlen,
						  char *piece, int *plen);

/*
 * The ASCII punctuation or blank a non-ASCII code point stands for (no-break
 * and other blanks ' ', dashes and minus '-', curly apostrophes '\'', full-
 * width ASCII signs, ideographic comma and full stop, wave dash '~', ≤ '<',
 * ≥ '>'), or 0.
 */
extern char FoldAsciiPunct(uint32_t cp);

/* True for Han, kana and hangul code points (the FOLD_CJK class). */
extern int	FoldIsCjk(uint32_t cp);

/*
 * ASCII folding of one Latin letter with diacritics (U+00C0..U+024F and
 * U+1E00..U+1EFF): "ü" → "u", "ß" → "ss", "ặ" → "a".  Returns NULL for a
 * code point outside those blocks and "" for one that folds to nothing.
 */
extern const char *FoldLatin(uint32_t cp);

/*
 * Fold s[0..n) into a lookup key: every FOLD_DIGIT, FOLD_LATIN, FOLD_CJK and
 * FOLD_OTHER piece as FoldChar gives it, FOLD_DROP removed, every run of
 * FOLD_SEP turned into one space, no space at either end.  Writes at most
 * cap bytes (no NUL); returns the key's length, or (size_t) -1 when it would
 * not fit.
 */
extern size_t FoldKey(const char *s, size_t n, char *out, size_t cap);

#endif
