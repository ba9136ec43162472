/*
 * fold.h — accent and case folding to ASCII keys (pure C, no PostgreSQL).
 *
 * Used wherever text from the wild is compared with a compiled-in list:
 * country names today, facility names later.
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

/*
 * Fold s[0..n) into a lookup key: ASCII letters lower-cased, Latin letters
 * with diacritics reduced to ASCII (ü → u, ß → ss), combining marks and
 * apostrophes dropped, every other run of punctuation or blanks turned into
 * one space, no space at either end.  Other characters are kept as they are.
 * Writes at most cap bytes (no NUL); returns the key's length, or
 * (size_t) -1 when it would not fit.
 */
/*
 * ASCII folding of one Latin letter with diacritics (U+00C0..U+024F and
 * U+1E00..U+1EFF): "ü" → "u", "ß" → "ss", "ặ" → "a".  Returns NULL for a
 * code point outside those blocks and "" for one that folds to nothing.
 */
extern const char *FoldLatin(uint32_t cp);

extern size_t FoldKey(const char *s, size_t n, char *out, size_t cap);

#endif
