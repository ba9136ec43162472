/*
 * value_core.c — parsing raw indicator values, units, conversion, grades.
 *
 * Pure C (see value_core.h).  The input is first normalised into a working
 * copy: ASCII lower-cased; digits of other scripts (Bengali, Devanagari,
 * Arabic-Indic, Thai, Khmer, Myanmar, full-width) turned into ASCII digits;
 * every kind of blank into a space; full-width ASCII forms, dashes, curly
 * apostrophes and the comparison signs into their ASCII counterparts;
 * Latin letters with diacritics (Vietnamese included) into ASCII — all by
 * the common folding of src/common/fold.h.  The
 * grammar then reads: [prefix words] number [range] [suffix words], where the
 * words are currency signs and codes, units, periods and qualifiers.
 */
#include "value_core.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/fold.h"

#define WORK_CAP (2 * IND_MAX_INPUT + 16)

/* ---------------------------------------------------------------- normalising */

/*
 * Normalise s[0..n) into out (NUL-terminated); returns the length without
 * blanks at either end.  out must hold WORK_CAP bytes; n <= IND_MAX_INPUT.
 * A thin wrapper over the common folding (src/common/fold.h): letters and
 * digits as FoldChar folds them, punctuation and blanks as FoldAsciiPunct
 * writes them in ASCII, everything else as it is.
 */
static size_t
Normalise(const char *s, size_t n, char *out)
{
	size_t		i = 0,
				o = 0;

	while (i < n)
	{
		uint32_t	cp;
		int			len = Utf8Decode((const unsigned char *) s + i, n - i, &cp);
		char		piece[FOLD_PIECE_MAX];
		int			plen = 0;
		FoldClass	cls;
		char		c = 0;

		if (cp < 0x80)
		{
			c = (char) cp;
			if (c >= 'A' && c <= 'Z')
				c = (char) (c - 'A' + 'a');
			else if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0)
				c = ' ';
			out[o++] = c;
		}
		else if ((c = FoldAsciiPunct(cp)) != 0)
			out[o++] = c;
		else if ((cls = FoldChar(cp, (const unsigned char *) s + i, len, piece, &plen)) == FOLD_DIGIT ||
				 cls == FOLD_LATIN)
		{
			memcpy(out + o, piece, (size_t) plen);
			o += (size_t) plen;
		}
		else
		{
			memcpy(out + o, s + i, (size_t) len);
			o += (size_t) len;
		}
		i += (size_t) len;
	}
	/* trim */
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	i = 0;
	while (i < o && out[i] == ' ')
		i++;
	if (i > 0)
	{
		memmove(out, out + i, o - i + 1);
		o -= i;
	}
	return o;
}

/* ---------------------------------------------------------------- word lists */

/*
 * The lists below are written in folded form (as FoldKey returns them: lower
 * case, no accents, punctuation as one space); IndSelfCheck() verifies that.
 */
static bool
KeyIn(const char *key, size_t keylen, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == keylen && memcmp(*list, key, keylen) == 0)
			return true;
	return false;
}

/* "Not applicable" and "no data" in the languages of sourcing countries. */
static const char *const na_words[] = {
	"n a", "na", "n v", "nv", "n d", "nd", "not applicable", "not available",
	"k a", "keine angabe", "entfallt", "s o", "sans objet", "non applicable",
	"no aplica", "no aplicable", "nao aplicavel", "nao se aplica", "khong ap dung",
	"uygulanamaz", "tidak berlaku", "不适用", "不適用", "无数据",
	"প্রযোজ্য নয়", "लागू नहीं", "ไม่เกี่ยวข้อง", NULL
};

static const char *const yes_words[] = {
	"yes", "y", "true", "ja", "oui", "si", "sim", "evet", "var", "co",
	"ya", "iya", "ada", "haan", "han", "是", "有", "是的", "হ্যাঁ", "হ্যা", "হাঁ", "हाँ", "हां",
	"ใช่", "មាន", NULL
};

static const char *const no_words[] = {
	"no", "n", "false", "nein", "non", "nao", "hayir", "yok", "khong",
	"tidak", "tidak ada", "nahin", "nahi", "否", "无", "無", "没有", "না", "नहीं", "ไม่",
	"ไม่ใช่", "គ្មាន", NULL
};

typedef enum WordKind
{
	W_QTY,						/* sets the quantity (val) */
	W_HOUR,						/* hours, or per hour after "per" */
	W_DAY,						/* days, or per day after "per" or a quantity */
	W_PERIOD,					/* a period (val) */
	W_PER,						/* "per", "/": the next word is a period */
	W_CUR,						/* a currency (cur) */
	W_AMBIG,					/* a currency sign used by several currencies */
	W_APPROX,					/* "approx", "ca." */
	W_NOISE						/* words that change nothing: "gross", "regular" */
} WordKind;

typedef struct Word
{
	const char *w;
	WordKind	kind;
	int			val;
	const char *cur;
} Word;

/* Signs looked up as typed (lower-cased), before folding. */
static const Word signs[] = {
	{"%", W_QTY, QTY_PERCENT, NULL}, {"$", W_CUR, 0, "USD"}, {"us$", W_CUR, 0, "USD"},
	{"usd$", W_CUR, 0, "USD"}, {"€", W_CUR, 0, "EUR"}, {"£", W_CUR, 0, "GBP"},
	{"¥", W_CUR, 0, "CNY"}, {"￥", W_CUR, 0, "CNY"}, {"rmb¥", W_CUR, 0, "CNY"},
	{"₹", W_CUR, 0, "INR"}, {"৳", W_CUR, 0, "BDT"}, {"₫", W_CUR, 0, "VND"},
	{"₺", W_CUR, 0, "TRY"}, {"₱", W_CUR, 0, "PHP"}, {"฿", W_CUR, 0, "THB"},
	{"៛", W_CUR, 0, "KHR"}, {"r$", W_CUR, 0, "BRL"}, {"hk$", W_CUR, 0, "HKD"},
	{"nt$", W_CUR, 0, "TWD"}, {"₨", W_AMBIG, 0, NULL}, {"₩", W_CUR, 0, "KRW"},
	{"~", W_APPROX, 0, NULL},
	{NULL, 0, 0, NULL}
};

/* Words, compared after FoldKey (accents and case folded). */
static const Word words[] = {
	/* hours */
	{"h", W_HOUR, 0, NULL}, {"hr", W_HOUR, 0, NULL}, {"hrs", W_HOUR, 0, NULL},
	{"hour", W_HOUR, 0, NULL}, {"hours", W_HOUR, 0, NULL}, {"std", W_HOUR, 0, NULL},
	{"stunden", W_HOUR, 0, NULL}, {"stunde", W_HOUR, 0, NULL}, {"heures", W_HOUR, 0, NULL},
	{"heure", W_HOUR, 0, NULL}, {"horas", W_HOUR, 0, NULL}, {"hora", W_HOUR, 0, NULL},
	{"gio", W_HOUR, 0, NULL}, {"saat", W_HOUR, 0, NULL}, {"jam", W_HOUR, 0, NULL},
	{"小时", W_HOUR, 0, NULL}, {"小時", W_HOUR, 0, NULL}, {"ঘণ্টা", W_HOUR, 0, NULL},
	{"घंटे", W_HOUR, 0, NULL}, {"घंटा", W_HOUR, 0, NULL}, {"ชั่วโมง", W_HOUR, 0, NULL},
	/* days */
	{"d", W_DAY, 0, NULL}, {"day", W_DAY, 0, NULL}, {"days", W_DAY, 0, NULL},
	{"tag", W_DAY, 0, NULL}, {"tage", W_DAY, 0, NULL}, {"jour", W_DAY, 0, NULL},
	{"jours", W_DAY, 0, NULL}, {"dia", W_DAY, 0, NULL}, {"dias", W_DAY, 0, NULL},
	{"ngay", W_DAY, 0, NULL}, {"gun", W_DAY, 0, NULL}, {"hari", W_DAY, 0, NULL},
	{"天", W_DAY, 0, NULL}, {"日", W_DAY, 0, NULL}, {"দিন", W_DAY, 0, NULL},
	{"दिन", W_DAY, 0, NULL}, {"วัน", W_DAY, 0, NULL},
	/* periods */
	{"week", W_PERIOD, PER_WEEK, NULL}, {"weeks", W_PERIOD, PER_WEEK, NULL},
	{"wk", W_PERIOD, PER_WEEK, NULL}, {"w", W_PERIOD, PER_WEEK, NULL},
	{"weekly", W_PERIOD, PER_WEEK, NULL}, {"pw", W_PERIOD, PER_WEEK, NULL},
	{"woche", W_PERIOD, PER_WEEK, NULL}, {"wo", W_PERIOD, PER_WEEK, NULL},
	{"semaine", W_PERIOD, PER_WEEK, NULL}, {"semana", W_PERIOD, PER_WEEK, NULL},
	{"tuan", W_PERIOD, PER_WEEK, NULL}, {"hafta", W_PERIOD, PER_WEEK, NULL},
	{"minggu", W_PERIOD, PER_WEEK, NULL}, {"周", W_PERIOD, PER_WEEK, NULL},
	{"週", W_PERIOD, PER_WEEK, NULL}, {"星期", W_PERIOD, PER_WEEK, NULL},
	{"每周", W_PERIOD, PER_WEEK, NULL}, {"সপ্তাহ", W_PERIOD, PER_WEEK, NULL},
	{"सप्ताह", W_PERIOD, PER_WEEK, NULL}, {"สัปดาห์", W_PERIOD, PER_WEEK, NULL},
	{"month", W_PERIOD, PER_MONTH, NULL}, {"months", W_PERIOD, PER_MONTH, NULL},
	{"mo", W_PERIOD, PER_MONTH, NULL}, {"mth", W_PERIOD, PER_MONTH, NULL},
	{"mon", W_PERIOD, PER_MONTH, NULL}, {"monthly", W_PERIOD, PER_MONTH, NULL},
	{"pm", W_PERIOD, PER_MONTH, NULL}, {"monat", W_PERIOD, PER_MONTH, NULL},
	{"mois", W_PERIOD, PER_MONTH, NULL}, {"mes", W_PERIOD, PER_MONTH, NULL},
	{"thang", W_PERIOD, PER_MONTH, NULL}, {"ay", W_PERIOD, PER_MONTH, NULL},
	{"bulan", W_PERIOD, PER_MONTH, NULL}, {"月", W_PERIOD, PER_MONTH, NULL},
	{"每月", W_PERIOD, PER_MONTH, NULL}, {"মাস", W_PERIOD, PER_MONTH, NULL},
	{"महीना", W_PERIOD, PER_MONTH, NULL}, {"माह", W_PERIOD, PER_MONTH, NULL},
	{"เดือน", W_PERIOD, PER_MONTH, NULL},
	{"year", W_PERIOD, PER_YEAR, NULL}, {"years", W_PERIOD, PER_YEAR, NULL},
	{"yr", W_PERIOD, PER_YEAR, NULL}, {"pa", W_PERIOD, PER_YEAR, NULL},
	{"annual", W_PERIOD, PER_YEAR, NULL}, {"annually", W_PERIOD, PER_YEAR, NULL},
	{"yearly", W_PERIOD, PER_YEAR, NULL}, {"jahr", W_PERIOD, PER_YEAR, NULL},
	{"nam", W_PERIOD, PER_YEAR, NULL}, {"年", W_PERIOD, PER_YEAR, NULL},
	{"daily", W_PERIOD, PER_DAY, NULL}, {"pd", W_PERIOD, PER_DAY, NULL},
	{"每天", W_PERIOD, PER_DAY, NULL}, {"每日", W_PERIOD, PER_DAY, NULL},
	{"hourly", W_PERIOD, PER_HOUR, NULL}, {"ph", W_PERIOD, PER_HOUR, NULL},
	/* "per" */
	{"per", W_PER, 0, NULL}, {"a", W_PER, 0, NULL}, {"an", W_PER, 0, NULL},
	{"pro", W_PER, 0, NULL}, {"je", W_PER, 0, NULL}, {"par", W_PER, 0, NULL},
	{"por", W_PER, 0, NULL}, {"moi", W_PER, 0, NULL}, {"each", W_PER, 0, NULL},
	{"every", W_PER, 0, NULL}, {"每", W_PER, 0, NULL}, {"in", W_PER, 0, NULL},
	/* other quantities */
	{"percent", W_QTY, QTY_PERCENT, NULL}, {"pct", W_QTY, QTY_PERCENT, NULL},
	{"prozent", W_QTY, QTY_PERCENT, NULL}, {"pourcent", W_QTY, QTY_PERCENT, NULL},
	{"por ciento", W_QTY, QTY_PERCENT, NULL}, {"phan tram", W_QTY, QTY_PERCENT, NULL},
	{"persen", W_QTY, QTY_PERCENT, NULL}, {"yuzde", W_QTY, QTY_PERCENT, NULL},
	{"workers", W_QTY, QTY_COUNT, NULL}, {"worker", W_QTY, QTY_COUNT, NULL},
	{"persons", W_QTY, QTY_COUNT, NULL}, {"people", W_QTY, QTY_COUNT, NULL},
	{"employees", W_QTY, QTY_COUNT, NULL}, {"cases", W_QTY, QTY_COUNT, NULL},
	{"incidents", W_QTY, QTY_COUNT, NULL}, {"times", W_QTY, QTY_COUNT, NULL},
	{"count", W_QTY, QTY_COUNT, NULL}, {"nguoi", W_QTY, QTY_COUNT, NULL},
	{"人", W_QTY, QTY_COUNT, NULL}, {"bool", W_QTY, QTY_BOOL, NULL},
	{"grade", W_QTY, QTY_GRADE, NULL},
	/* currencies by code and by name */
	{"bdt", W_CUR, 0, "BDT"}, {"tk", W_CUR, 0, "BDT"}, {"taka", W_CUR, 0, "BDT"},
	{"টাকা", W_CUR, 0, "BDT"}, {"vnd", W_CUR, 0, "VND"}, {"dong", W_CUR, 0, "VND"},
	{"cny", W_CUR, 0, "CNY"}, {"rmb", W_CUR, 0, "CNY"},
	{"yuan", W_CUR, 0, "CNY"}, {"元", W_CUR, 0, "CNY"}, {"人民币", W_CUR, 0, "CNY"},
	{"inr", W_CUR, 0, "INR"}, {"rupees", W_AMBIG, 0, NULL}, {"rs", W_AMBIG, 0, NULL},
	{"रुपये", W_CUR, 0, "INR"}, {"रुपए", W_CUR, 0, "INR"}, {"pkr", W_CUR, 0, "PKR"},
	{"lkr", W_CUR, 0, "LKR"}, {"npr", W_CUR, 0, "NPR"}, {"usd", W_CUR, 0, "USD"},
	{"us", W_CUR, 0, "USD"}, {"dollars", W_CUR, 0, "USD"}, {"eur", W_CUR, 0, "EUR"},
	{"euro", W_CUR, 0, "EUR"}, {"euros", W_CUR, 0, "EUR"}, {"gbp", W_CUR, 0, "GBP"},
	{"idr", W_CUR, 0, "IDR"}, {"rp", W_CUR, 0, "IDR"}, {"rupiah", W_CUR, 0, "IDR"},
	{"khr", W_CUR, 0, "KHR"}, {"riel", W_CUR, 0, "KHR"}, {"mmk", W_CUR, 0, "MMK"},
	{"kyat", W_CUR, 0, "MMK"}, {"thb", W_CUR, 0, "THB"}, {"baht", W_CUR, 0, "THB"},
	{"try", W_CUR, 0, "TRY"}, {"tl", W_CUR, 0, "TRY"}, {"lira", W_CUR, 0, "TRY"},
	{"etb", W_CUR, 0, "ETB"}, {"birr", W_CUR, 0, "ETB"}, {"mad", W_CUR, 0, "MAD"},
	{"tnd", W_CUR, 0, "TND"}, {"egp", W_CUR, 0, "EGP"}, {"mxn", W_CUR, 0, "MXN"},
	{"brl", W_CUR, 0, "BRL"}, {"hkd", W_CUR, 0, "HKD"}, {"twd", W_CUR, 0, "TWD"},
	{"php", W_CUR, 0, "PHP"}, {"myr", W_CUR, 0, "MYR"}, {"rm", W_CUR, 0, "MYR"},
	{"jpy", W_CUR, 0, "JPY"}, {"krw", W_CUR, 0, "KRW"}, {"mga", W_CUR, 0, "MGA"},
	{"kes", W_CUR, 0, "KES"}, {"gtq", W_CUR, 0, "GTQ"}, {"hnl", W_CUR, 0, "HNL"},
	{"chf", W_CUR, 0, "CHF"}, {"ron", W_CUR, 0, "RON"}, {"bgn", W_CUR, 0, "BGN"},
	{"uah", W_CUR, 0, "UAH"}, {"lak", W_CUR, 0, "LAK"}, {"money", W_CUR, 0, ""},
	/* qualifiers and noise */
	{"approx", W_APPROX, 0, NULL}, {"approximately", W_APPROX, 0, NULL},
	{"ca", W_APPROX, 0, NULL}, {"circa", W_APPROX, 0, NULL}, {"about", W_APPROX, 0, NULL},
	{"around", W_APPROX, 0, NULL}, {"khoang", W_APPROX, 0, NULL}, {"约", W_APPROX, 0, NULL},
	{"gross", W_NOISE, 0, NULL}, {"brutto", W_NOISE, 0, NULL}, {"total", W_NOISE, 0, NULL},
	{"avg", W_NOISE, 0, NULL}, {"average", W_NOISE, 0, NULL}, {"of", W_NOISE, 0, NULL},
	{NULL, 0, 0, NULL}
};

/* ---------------------------------------------------------------- units */

typedef struct UnitState
{
	IndUnit		u;
	bool		per_pending;
	bool		approx;
	IndReason	reason;
	char	   *bad;
	size_t		badcap;
} UnitState;

static void
SetBad(UnitState *st, IndReason r, const char *tok, size_t len)
{
	if (st->reason != IND_OK)
		return;
	st->reason = r;
	if (st->bad && st->badcap > 0)
	{
		size_t		n = len < st->badcap - 1 ? len : st->badcap - 1;

		/* do not cut a UTF-8 sequence */
		while (n > 0 && n < len && ((unsigned char) tok[n] & 0xC0) == 0x80)
			n--;
		memcpy(st->bad, tok, n);
		st->bad[n] = '\0';
	}
}

static void
SetQty(UnitState *st, IndQty q, const char *tok, size_t len)
{
	if (st->u.qty != QTY_NONE && st->u.qty != q)
		SetBad(st, IND_CONFLICTING_UNIT, tok, len);
	else
		st->u.qty = q;
}

static void
SetPeriod(UnitState *st, IndPeriod p, const char *tok, size_t len)
{
	if (st->u.per != PER_NONE && st->u.per != p)
		SetBad(st, IND_CONFLICTING_UNIT, tok, len);
	else
		st->u.per = p;
	st->per_pending = false;
}

static void
SetCurrency(UnitState *st, const char *cur, const char *tok, size_t len)
{
	if (st->u.qty == QTY_MONEY && st->u.cur[0] && cur[0] && strcmp(st->u.cur, cur) != 0)
	{
		SetBad(st, IND_CONFLICTING_UNIT, tok, len);
		return;
	}
	SetQty(st, QTY_MONEY, tok, len);
	if (cur[0])
		strcpy(st->u.cur, cur);
}

static void
ApplyWord(UnitState *st, const Word *w, const char *tok, size_t len)
{
	switch (w->kind)
	{
		case W_QTY:
			SetQty(st, (IndQty) w->val, tok, len);
			break;
		case W_HOUR:
			if (st->per_pending)
				SetPeriod(st, PER_HOUR, tok, len);
			else
				SetQty(st, QTY_HOURS, tok, len);
			break;
		case W_DAY:
			if (st->per_pending || (st->u.qty != QTY_NONE && st->u.qty != QTY_DAYS))
				SetPeriod(st, PER_DAY, tok, len);
			else
				SetQty(st, QTY_DAYS, tok, len);
			break;
		case W_PERIOD:
			SetPeriod(st, (IndPeriod) w->val, tok, len);
			break;
		case W_PER:
			st->per_pending = true;
			break;
		case W_CUR:
			SetCurrency(st, w->cur, tok, len);
			break;
		case W_AMBIG:
			SetBad(st, IND_AMBIGUOUS_CURRENCY, tok, len);
			break;
		case W_APPROX:
			st->approx = true;
			break;
		case W_NOISE:
			break;
	}
}

static const Word *
FindSign(const char *tok, size_t len)
{
	for (const Word *w = signs; w->w; w++)
		if (strlen(w->w) == len && memcmp(w->w, tok, len) == 0)
			return w;
	return NULL;
}

/* Words are written folded, so the token's key is compared as it is. */
static const Word *
FindWord(const char *key, size_t keylen)
{
	for (const Word *w = words; w->w; w++)
		if (strlen(w->w) == keylen && memcmp(w->w, key, keylen) == 0)
			return w;
	return NULL;
}

/* The first list entry that is not in folded form, or NULL: for the tests. */
const char *
IndSelfCheck(void)
{
	static const char *const *lists[] = {na_words, yes_words, no_words};
	char		k[64];

	for (size_t l = 0; l < 3; l++)
		for (const char *const *e = lists[l]; *e; e++)
			if (FoldKey(*e, strlen(*e), k, sizeof(k)) != strlen(*e) || memcmp(k, *e, strlen(*e)) != 0)
				return *e;
	for (const Word *w = words; w->w; w++)
		if (FoldKey(w->w, strlen(w->w), k, sizeof(k)) != strlen(w->w) || memcmp(k, w->w, strlen(w->w)) != 0)
			return w->w;
	return NULL;
}

/* True for the bytes that separate unit tokens. */
static inline bool
IsUnitSep(char c)
{
	return c == ' ' || c == '/' || c == '(' || c == ')' || c == ',' || c == ';' ||
		c == ':' || c == '|' || c == '[' || c == ']' || c == '=';
}

/*
 * One token: a sign as typed; else the folded word; else the token split into
 * its leading sign and the rest ("us$"; "৳" glued to "মাস").  Dots are dropped
 * ("hrs." "p.m." "rs.").
 */
static void
UnitToken(UnitState *st, const char *tok, size_t len)
{
	char		t[WORK_CAP];
	char		key[WORK_CAP];
	size_t		n = 0,
				kl;
	const Word *w;

	for (size_t i = 0; i < len; i++)
		if (tok[i] != '.' && tok[i] != '-' && tok[i] != '_' && tok[i] != '\'')
			t[n++] = tok[i];
	if (n == 0)
		return;
	if ((w = FindSign(t, n)) != NULL)
	{
		ApplyWord(st, w, tok, len);
		return;
	}
	kl = FoldKey(t, n, key, sizeof(key));
	if (kl != (size_t) -1 && kl > 0 && (w = FindWord(key, kl)) != NULL)
	{
		ApplyWord(st, w, tok, len);
		return;
	}
	/* a leading sign glued to a word: "$us" is rare; "%" "৳" "$" first */
	for (const Word *s = signs; s->w; s++)
	{
		size_t		sl = strlen(s->w);

		if (sl < n && memcmp(t, s->w, sl) == 0)
		{
			ApplyWord(st, s, t, sl);
			UnitToken(st, t + sl, n - sl);
			return;
		}
		if (sl < n && memcmp(t + n - sl, s->w, sl) == 0)
		{
			UnitToken(st, t, n - sl);
			ApplyWord(st, s, t + n - sl, sl);
			return;
		}
	}
	SetBad(st, IND_UNKNOWN_UNIT, tok, len);
}

/* Read every unit word of s[0..n) (already normalised) into st. */
static void
UnitWords(UnitState *st, const char *s, size_t n)
{
	size_t		i = 0;

	while (i < n && st->reason == IND_OK)
	{
		size_t		start;

		if (s[i] == '/')
		{
			st->per_pending = true;
			i++;
			continue;
		}
		if (IsUnitSep(s[i]))
		{
			i++;
			continue;
		}
		start = i;
		while (i < n && !IsUnitSep(s[i]))
			i++;
		UnitToken(st, s + start, i - start);
	}
}

bool
IndUnitParse(const char *s, size_t len, IndUnit *u, IndReason *reason, char *bad, size_t badcap)
{
	char		w[WORK_CAP];
	size_t		n;
	UnitState	st;

	memset(&st, 0, sizeof(st));
	st.bad = bad;
	st.badcap = badcap;
	if (bad && badcap)
		bad[0] = '\0';
	if (len > IND_MAX_INPUT)
	{
		*reason = IND_TOO_LONG;
		return false;
	}
	n = Normalise(s, len, w);
	UnitWords(&st, w, n);
	*u = st.u;
	*reason = st.reason;
	return st.reason == IND_OK;
}

/* Merge unit b into a: components set in both must agree. */
static bool
MergeUnits(IndUnit *a, const IndUnit *b)
{
	if (b->qty != QTY_NONE)
	{
		if (a->qty != QTY_NONE && a->qty != b->qty)
			return false;
		if (a->qty == QTY_MONEY && a->cur[0] && b->cur[0] && strcmp(a->cur, b->cur) != 0)
			return false;
		a->qty = b->qty;
		if (b->cur[0])
			memcpy(a->cur, b->cur, sizeof(a->cur));
	}
	if (b->per != PER_NONE)
	{
		if (a->per != PER_NONE && a->per != b->per)
			return false;
		a->per = b->per;
	}
	return true;
}

void
IndUnitFormat(const IndUnit *u, char *buf, size_t cap)
{
	static const char *const qty[] = {"", "h", "days", "%", "money", "bool", "count", "grade"};
	static const char *const per[] = {"", "/hour", "/day", "/week", "/month", "/year"};
	const char *q = qty[u->qty];

	if (u->qty == QTY_MONEY && u->cur[0])
		q = u->cur;
	if (cap == 0)
		return;
	buf[0] = '\0';
	strncat(buf, q, cap - 1);
	strncat(buf, per[u->per], cap - 1 - strlen(buf));
}

/* ---------------------------------------------------------------- numbers */

static inline bool
IsDigit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Read a number at s[*pos..n): digits with thousands separators (. , ' and
 * space) and one decimal mark (. or ,).  With both marks, the last one is the
 * decimal mark; with one mark seen once, it separates thousands when exactly
 * three digits follow and one to three non-zero-led digits precede ("8.000",
 * "1,500"), else it is the decimal mark ("12,5", "0.500").  Indian grouping
 * ("1,00,000") is accepted.  Returns false when the digits do not form a
 * number; *pos moves past what was read.
 */
static bool
ReadNumber(const char *s, size_t n, size_t *pos, double *out)
{
	size_t		i = *pos;
	bool		neg = false;
	char		body[64];
	size_t		bl = 0;
	int			nsep = 0;
	char		lastsep = 0;
	int			groups[32];
	char		gsep[32];
	int			ng = 0;
	int			cur = 0;
	char		clean[80];
	size_t		cl = 0;
	int			decimal_at = -1;	/* index of the group after the decimal mark */
	char	   *end;

	if (i < n && (s[i] == '-' || s[i] == '+'))
	{
		neg = (s[i] == '-');
		i++;
	}
	/* collect digits and separators that are followed by a digit */
	while (i < n)
	{
		char		c = s[i];

		if (IsDigit(c))
		{
			if (bl >= sizeof(body) - 1)
				return false;
			body[bl++] = c;
			cur++;
			i++;
			continue;
		}
		if ((c == '.' || c == ',' || c == '\'' || c == ' ') && i + 1 < n && IsDigit(s[i + 1]))
		{
			if (c == ' ')
			{
				/* a blank separates thousands only before exactly 3 digits */
				if (!(i + 3 < n && IsDigit(s[i + 2]) && IsDigit(s[i + 3]) &&
					  (i + 4 >= n || !IsDigit(s[i + 4]))) || cur == 0)
					break;
			}
			if (ng >= 31 || bl >= sizeof(body) - 1)
				return false;
			groups[ng] = cur;
			gsep[ng] = c;
			ng++;
			cur = 0;
			nsep++;
			lastsep = c;
			body[bl++] = c;
			i++;
			continue;
		}
		break;
	}
	if (bl == 0 || (nsep == 0 && cur == 0))
		return false;
	groups[ng] = cur;			/* the last group */
	gsep[ng] = 0;

	/* which separator is the decimal mark? */
	if (nsep > 0)
	{
		bool		mixed = false;
		int			lastcount = 0;

		for (int g = 0; g < ng; g++)
		{
			if (gsep[g] != gsep[0])
				mixed = true;
			if (gsep[g] == lastsep)
				lastcount++;
		}
		if (mixed)
		{
			if ((lastsep == '.' || lastsep == ',') && lastcount == 1)
				decimal_at = ng;
			else
				return false;
		}
		else if (lastsep == '.' || lastsep == ',')
		{
			if (nsep == 1 && !(groups[1] == 3 && groups[0] >= 1 && groups[0] <= 3 &&
							   body[0] != '0'))
				decimal_at = 1;
		}
		/* thousands groups: first 1-3 digits, later 2 or 3, the last 3 */
		{
			int			lastint = (decimal_at >= 0) ? decimal_at - 1 : ng;

			for (int g = 0; g <= lastint; g++)
			{
				if (lastint == 0)
					break;
				if (g == 0 && (groups[g] < 1 || groups[g] > 3))
					return false;
				if (g > 0 && g < lastint && groups[g] != 2 && groups[g] != 3)
					return false;
				if (g > 0 && g == lastint && groups[g] != 3)
					return false;
			}
			/* separators inside the integer part must all be the same */
			for (int g = 1; g < lastint; g++)
				if (gsep[g] != gsep[0])
					return false;
			if (decimal_at >= 0 && groups[decimal_at] == 0)
				return false;
		}
	}

	/* build a plain number for strtod */
	if (neg)
		clean[cl++] = '-';
	{
		int			g = 0;

		for (size_t k = 0; k < bl; k++)
		{
			char		c = body[k];

			if (IsDigit(c))
				clean[cl++] = c;
			else
			{
				g++;
				if (g == decimal_at)
					clean[cl++] = '.';
			}
			if (cl >= sizeof(clean) - 2)
				return false;
		}
	}
	clean[cl] = '\0';
	*out = strtod(clean, &end);
	if (*end != '\0' || !isfinite(*out))
		return false;
	*pos = i;
	return true;
}

/* Is s[i..n) the start of a number (after an optional sign)? */
static inline bool
NumberStarts(const char *s, size_t n, size_t i)
{
	if (i < n && IsDigit(s[i]))
		return true;
	if (i + 1 < n && (s[i] == '-' || s[i] == '+' || s[i] == '.') && IsDigit(s[i + 1]))
		return true;
	return false;
}

/* A word between two numbers that makes a range: "8 to 10", "8 bis 10". */
static size_t
RangeWord(const char *s, size_t n, size_t i)
{
	static const char *const rw[] = {"to", "bis", "a", "à", "den", "đen", "hasta", "até", "ila",
	"至", "到", "till", "until", NULL};

	for (const char *const *w = rw; *w; w++)
	{
		size_t		l = strlen(*w);

		if (i + l <= n && memcmp(s + i, *w, l) == 0 && (i + l == n || s[i + l] == ' '))
			return l;
	}
	return 0;
}

/* ---------------------------------------------------------------- the parser */

static bool
HasDigit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (IsDigit(s[i]))
			return true;
	return false;
}

bool
IndParse(const char *raw, size_t rawlen, const char *unit, size_t unitlen, IndValue *v)
{
	char		w[WORK_CAP];
	char		units[2 * WORK_CAP + 2];
	size_t		n,
				ul = 0,
				i = 0;
	UnitState	st;

	memset(v, 0, sizeof(*v));
	memset(&st, 0, sizeof(st));
	st.bad = v->bad;
	st.badcap = sizeof(v->bad);

	if (rawlen > IND_MAX_INPUT || unitlen > IND_MAX_INPUT)
	{
		v->reason = IND_TOO_LONG;
		return false;
	}
	n = Normalise(raw, rawlen, w);
	if (n == 0)
	{
		v->reason = IND_EMPTY;
		return false;
	}

	if (!HasDigit(w, n))
	{
		char		key[WORK_CAP];
		size_t		kl;
		bool		dashes = true;

		for (size_t k = 0; k < n; k++)
			if (w[k] != '-' && w[k] != ' ')
				dashes = false;
		if (dashes)
		{
			v->reason = IND_NOT_APPLICABLE;
			return false;
		}
		kl = FoldKey(w, n, key, sizeof(key));
		if (kl != (size_t) -1 && kl > 0)
		{
			bool		yes = KeyIn(key, kl, yes_words);

			if (KeyIn(key, kl, na_words))
			{
				v->reason = IND_NOT_APPLICABLE;
				return false;
			}
			if (yes || KeyIn(key, kl, no_words))
			{
				v->lo = v->hi = yes ? 1.0 : 0.0;
				v->unit.qty = QTY_BOOL;
				if (unit && unitlen > 0)
				{
					IndUnit		cu;
					IndReason	r;

					/* a unit column next to a yes/no answer must say bool, or nothing */
					if (IndUnitParse(unit, unitlen, &cu, &r, v->bad, sizeof(v->bad)) &&
						!MergeUnits(&v->unit, &cu))
					{
						v->reason = IND_CONFLICTING_UNIT;
						return false;
					}
				}
				return true;
			}
		}
		v->reason = IND_UNPARSEABLE;
		return false;
	}

	/* prefix: qualifiers and unit words up to the number */
	while (i < n)
	{
		size_t		start;

		if (w[i] == ' ')
		{
			i++;
			continue;
		}
		if (w[i] == '<' || w[i] == '>' || w[i] == '~')
		{
			v->qual = w[i] == '~' && v->qual ? v->qual : w[i];
			i++;
			if (i < n && w[i] == '=')
				i++;
			continue;
		}
		if (NumberStarts(w, n, i))
			break;
		start = i;
		while (i < n && w[i] != ' ' && !IsDigit(w[i]) &&
			   !((w[i] == '-' || w[i] == '+') && NumberStarts(w, n, i)))
			i++;
		/* a sign glued before the number is its own word: "$1,200", "৳8000" */
		memcpy(units + ul, w + start, i - start);
		ul += i - start;
		units[ul++] = ' ';
	}
	if (i >= n || !ReadNumber(w, n, &i, &v->lo))
	{
		v->reason = IND_UNPARSEABLE;
		return false;
	}
	v->hi = v->lo;

	/* range: "48-60", "48 - 60", "8 to 10", "48~60" */
	{
		size_t		j = i,
					l;

		while (j < n && w[j] == ' ')
			j++;
		if (j < n && (w[j] == '-' || w[j] == '~'))
			j++;
		else if ((l = RangeWord(w, n, j)) > 0)
			j += l;
		else
			j = 0;
		if (j > 0)
		{
			double		hi;

			while (j < n && w[j] == ' ')
				j++;
			if (NumberStarts(w, n, j) && w[j] != '-' && w[j] != '+' && ReadNumber(w, n, &j, &hi))
			{
				v->is_range = true;
				if (hi < v->lo)
				{
					v->hi = v->lo;
					v->lo = hi;
				}
				else
					v->hi = hi;
				i = j;
			}
		}
	}

	/* suffix: unit words; another number there is garbage ("60 h 5") */
	if (HasDigit(w + i, n - i))
	{
		v->reason = IND_UNPARSEABLE;
		return false;
	}
	memcpy(units + ul, w + i, n - i);
	ul += n - i;
	UnitWords(&st, units, ul);
	if (st.reason != IND_OK)
	{
		v->reason = st.reason;
		return false;
	}
	if (st.approx && !v->qual)
		v->qual = '~';
	v->unit = st.u;

	if (unit && unitlen > 0)
	{
		IndUnit		cu;
		IndReason	r;

		if (!IndUnitParse(unit, unitlen, &cu, &r, v->bad, sizeof(v->bad)))
		{
			v->reason = r;
			return false;
		}
		if (!MergeUnits(&v->unit, &cu))
		{
			v->reason = IND_CONFLICTING_UNIT;
			return false;
		}
	}
	return true;
}

/* ---------------------------------------------------------------- conversion */

/* Working-time conventions: ILO C1's 8 hours x 6 days = 48 h a week. */
#define DAYS_PER_WEEK	6.0
#define HOURS_PER_WEEK	48.0
#define WEEKS_PER_MONTH (52.0 / 12.0)
#define WEEKS_PER_YEAR	52.0

/* Length of a period in weeks; 0 for none. */
static double
PeriodWeeks(IndPeriod p)
{
	switch (p)
	{
		case PER_HOUR:
			return 1.0 / HOURS_PER_WEEK;
		case PER_DAY:
			return 1.0 / DAYS_PER_WEEK;
		case PER_WEEK:
			return 1.0;
		case PER_MONTH:
			return WEEKS_PER_MONTH;
		case PER_YEAR:
			return WEEKS_PER_YEAR;
		default:
			return 0.0;
	}
}

IndConvResult
IndConvertStatus(double x, const IndUnit *from, const IndUnit *to, double *out)
{
	double		r;

	if (from->qty != to->qty)
		return IND_CONV_MISMATCH;
	if (from->qty == QTY_MONEY && to->cur[0] && strcmp(from->cur, to->cur) != 0)
		return IND_CONV_MISMATCH;
	if (from->per != to->per)
	{
		/* a period converts only into another period, never into none */
		if (from->per == PER_NONE || to->per == PER_NONE)
			return IND_CONV_MISMATCH;
		/* hours per hour make no sense; hours and days per day or longer do */
		if ((from->qty == QTY_HOURS && (from->per == PER_HOUR || to->per == PER_HOUR)) ||
			(from->qty == QTY_DAYS && (from->per <= PER_DAY || to->per <= PER_DAY)) ||
			from->qty == QTY_PERCENT || from->qty == QTY_BOOL || from->qty == QTY_GRADE)
			return IND_CONV_MISMATCH;
	}
	if (!isfinite(x))
		return IND_CONV_NOT_FINITE;
	r = from->per == to->per ? x : x / PeriodWeeks(from->per) * PeriodWeeks(to->per);
	if (!isfinite(r))
		return IND_CONV_OVERFLOW;
	*out = r;
	return IND_CONV_OK;
}

bool
IndConvert(double x, const IndUnit *from, const IndUnit *to, double *out)
{
	return IndConvertStatus(x, from, to, out) == IND_CONV_OK;
}

bool
IndConvertValue(IndValue *v, const IndUnit *target)
{
	IndUnit		from = v->unit;
	double		lo,
				hi;

	if (from.qty == QTY_NONE && from.per == PER_NONE)
		from = *target;
	else
	{
		if (from.qty == QTY_NONE)
		{
			from.qty = target->qty;
			memcpy(from.cur, target->cur, sizeof(from.cur));
		}
		if (from.per == PER_NONE)
			from.per = target->per;
	}
	if (!IndConvert(v->lo, &from, target, &lo) || !IndConvert(v->hi, &from, target, &hi))
	{
		v->reason = IND_UNIT_MISMATCH;
		return false;
	}
	v->lo = lo;
	v->hi = hi;
	v->unit = *target;
	if (target->qty == QTY_MONEY && !target->cur[0])
		memcpy(v->unit.cur, from.cur, sizeof(v->unit.cur));
	return true;
}

const char *
IndReasonCode(IndReason r)
{
	switch (r)
	{
		case IND_OK:
			return "";
		case IND_NREASONS:
			break;
			HREDD_REJECT_REASONS(HREDD_REASON_SKIP, HREDD_REASON_CASE)
	}
	return "unparseable_number";
}

/* ---------------------------------------------------------------- grades */

typedef struct Grade
{
	const char *scale;
	const char *grade;
	double		score;
} Grade;

/*
 * Severity (1 = worst) per grade.  BSCI: 1 - the midpoint of the rating's
 * band (A 86-100 %, B 71-85, C 51-70, D 30-50, E 0-29; bands from a
 * secondary source, see docs/indicators.md), ZT = 1.  ITUC and ThinkHazard as
 * in the reference's normalisation table.  nc and rba: ordinal steps.
 */
static const Grade grades[] = {
	{"bsci", "a", 0.07}, {"bsci", "b", 0.22}, {"bsci", "c", 0.395}, {"bsci", "d", 0.60},
	{"bsci", "e", 0.855}, {"bsci", "zt", 1.0}, {"bsci", "zero tolerance", 1.0},
	{"nc", "compliant", 0.0}, {"nc", "compliance", 0.0}, {"nc", "none", 0.0},
	{"nc", "no finding", 0.0}, {"nc", "good example", 0.0}, {"nc", "good practice", 0.0},
	{"nc", "observation", 0.1}, {"nc", "obs", 0.1}, {"nc", "minor", 0.3},
	{"nc", "minor nc", 0.3}, {"nc", "minor non compliance", 0.3}, {"nc", "major", 0.7},
	{"nc", "major nc", 0.7}, {"nc", "major non compliance", 0.7}, {"nc", "critical", 1.0},
	{"nc", "critical nc", 1.0}, {"nc", "business critical", 1.0}, {"nc", "zero tolerance", 1.0},
	{"rba", "conformance", 0.0}, {"rba", "conforming", 0.0}, {"rba", "ofi", 0.1},
	{"rba", "opportunity for improvement", 0.1}, {"rba", "minor", 0.3}, {"rba", "major", 0.7},
	{"rba", "priority", 1.0},
	{"ituc", "1", 0.0}, {"ituc", "2", 0.2}, {"ituc", "3", 0.4}, {"ituc", "4", 0.6},
	{"ituc", "5", 0.8}, {"ituc", "5+", 1.0},
	{"thinkhazard", "vlo", 0.0}, {"thinkhazard", "very low", 0.0}, {"thinkhazard", "low", 1.0 / 3},
	{"thinkhazard", "med", 2.0 / 3}, {"thinkhazard", "medium", 2.0 / 3}, {"thinkhazard", "hig", 1.0},
	{"thinkhazard", "high", 1.0},
	{NULL, NULL, 0}
};

bool
IndGradeScore(const char *scale, size_t scalelen, const char *grade, size_t gradelen, double *score)
{
	char		w[WORK_CAP];
	char		key[WORK_CAP];
	size_t		n,
				kl;
	bool		known = false;

	if (gradelen > IND_MAX_INPUT || scalelen > 32)
		return false;
	n = Normalise(grade, gradelen, w);
	if (scalelen == 4 && memcmp(scale, "higg", 4) == 0)
	{
		IndValue	v;

		if (!IndParse(grade, gradelen, NULL, 0, &v) || v.is_range ||
			!(v.unit.qty == QTY_NONE || v.unit.qty == QTY_PERCENT) || v.unit.per != PER_NONE ||
			v.lo < 0 || v.lo > 100)
			return false;
		*score = 1.0 - v.lo / 100.0;
		return true;
	}
	/* "5+" keeps its plus sign; everything else is folded */
	if (n == 2 && w[0] == '5' && w[1] == '+')
	{
		memcpy(key, "5+", 2);
		kl = 2;
	}
	else
	{
		kl = FoldKey(w, n, key, sizeof(key));
		if (kl == (size_t) -1)
			return false;
	}
	for (const Grade *g = grades; g->scale; g++)
	{
		if (strlen(g->scale) != scalelen || memcmp(g->scale, scale, scalelen) != 0)
			continue;
		known = true;
		if (strlen(g->grade) == kl && memcmp(g->grade, key, kl) == 0)
		{
			*score = g->score;
			return true;
		}
	}
	(void) known;
	return false;
}
