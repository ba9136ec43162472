/*
 * normalize_speed.c — the facility normaliser (src/match/normalize.c)
 * against a baseline copy of it compiled under the name MatchNormalizeOld
 * (normalize_speed.sh extracts it from a git revision into a scratch
 * directory; it is never part of the build).
 *
 *   normalize_speed check CORPUS [FILE...]
 *       every record of CORPUS (normalize_corpus.py: kind, country, text,
 *       each NUL-terminated) as a name and as an address, with its country
 *       (when it reads as one), unknown, and a fixed set of sourcing
 *       countries; every entry of the compiled-in word lists and legal
 *       forms; every FILE (fuzz seeds: whole, and split as fuzz_match reads
 *       them); SEEDED random texts made of list words, digits, roman
 *       numerals and punctuation.  Each must give the same status and bytes
 *       in both, and normalising the result again must give it back (or,
 *       where the baseline's does not either, the baseline's again).
 *       Prints the number of strings compared; exit 1 on the first
 *       difference (printed).
 *   normalize_speed bench CORPUS ROUNDS
 *       CPU time per record (its own kind and country) of the baseline and
 *       of the normaliser, alternating over ROUNDS rounds, best round each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/ids/ids.h"
#include "../../src/match/normalize.h"
#include "../../src/match/match_lists.h"

extern MatchNormStatus MatchNormalizeOld(MatchField field, const char *s, size_t n,
										 uint16_t country, char *out, size_t *outlen);

typedef struct Rec
{
	MatchField	field;
	uint16_t	country;
	const char *s;
	size_t		n;
} Rec;

static Rec *recs;
static size_t nrecs;
static unsigned long long compared;

static char *
ReadFile(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	if (fread(buf, 1, n, f) != (size_t) n)
		n = 0;
	buf[n] = 0;
	fclose(f);
	*len = (size_t) n;
	return buf;
}

static void
LoadCorpus(const char *path)
{
	size_t		len,
				i = 0,
				cap = 1024;
	char	   *buf = ReadFile(path, &len);

	if (buf == NULL)
	{
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	recs = malloc(cap * sizeof(Rec));
	while (i < len)
	{
		const char *kind = buf + i,
				   *cc,
				   *text;
		uint16_t	code = 0;
		IdError		e;

		i += strlen(kind) + 1;
		if (i >= len)
			break;
		cc = buf + i;
		i += strlen(cc) + 1;
		if (i > len)
			break;
		text = buf + i;
		i += strlen(text) + 1;
		if (cc[0] && !CountryParse(cc, strlen(cc), &code, &e))
			code = 0;
		if (nrecs == cap)
			recs = realloc(recs, (cap *= 2) * sizeof(Rec));
		recs[nrecs++] = (Rec) {kind[0] == 'A' ? MATCH_FIELD_ADDRESS : MATCH_FIELD_NAME, code, text, strlen(text)};
	}
}

static char o1[MATCH_NORM_CAP(8192)],
			o2[MATCH_NORM_CAP(8192)],
			o3[MATCH_NORM_CAP(8192)],
			o4[MATCH_NORM_CAP(8192)];

static void
Compare(MatchField f, const char *s, size_t n, uint16_t cc)
{
	size_t		l1 = 0,
				l2 = 0,
				l3 = 0;
	MatchNormStatus s1,
				s2,
				s3;

	if (n > 8192)
		n = 8192;
	s1 = MatchNormalizeOld(f, s, n, cc, o1, &l1);
	s2 = MatchNormalize(f, s, n, cc, o2, &l2);
	compared++;
	if (s1 != s2 || l1 != l2 || memcmp(o1, o2, l1) != 0)
	{
		printf("DIFFERENCE (%s, country %c%c): \"%.*s\"\n  old %d \"%.*s\"\n  new %d \"%.*s\"\n",
			   f == MATCH_FIELD_NAME ? "name" : "address", cc ? cc >> 8 : '0', cc ? cc & 255 : '0',
			   (int) n, s, s1, (int) l1, o1, s2, (int) l2, o2);
		exit(1);
	}
	if (s2 == MATCH_NORM_OK)
	{
		s3 = MatchNormalize(f, o2, l2, cc, o3, &l3);
		if (s3 != MATCH_NORM_OK || l3 != l2 || memcmp(o2, o3, l2) != 0)
			s1 = MatchNormalizeOld(f, o1, l1, cc, o4, &l1);
		if ((s3 != MATCH_NORM_OK || l3 != l2 || memcmp(o2, o3, l2) != 0) &&
			(s1 != s3 || l1 != l3 || memcmp(o4, o3, l3) != 0))
		{
			printf("NOT IDEMPOTENT, unlike the baseline (%s, country %c%c): \"%.*s\" -> \"%.*s\" -> \"%.*s\"\n",
				   f == MATCH_FIELD_NAME ? "name" : "address", cc ? cc >> 8 : '0', cc ? cc & 255 : '0',
				   (int) n, s, (int) l2, o2, (int) l3, o3);
			exit(1);
		}
	}
}

static const char *const extra_cc[] = {"CN", "VN", "TR", "BD", "ID", "TH", "LK", "IN", "PK", "KH",
"MM", "DE", "US", "GB", "FR", "IT", "ES", "PT", "MY", "KR", "JP", "TW", "HK", "BR", "MX", "RO", "PL", "RU", NULL};

static void
CompareAll(const char *s, size_t n, uint16_t cc, bool many)
{
	for (int f = 0; f < 2; f++)
	{
		Compare((MatchField) f, s, n, 0);
		if (cc)
			Compare((MatchField) f, s, n, cc);
		if (many)
			for (int k = 0; extra_cc[k]; k++)
				Compare((MatchField) f, s, n, COUNTRY_CODE(extra_cc[k][0], extra_cc[k][1]));
	}
}

static uint64_t rng = 88172645463325252ull;

static uint32_t
Rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t) (rng >> 11);
}

static const char *
RandomWord(void)
{
	static const char *const bits[] = {
		"ii", "IV", "xix", "x", "v", "i", "1st", "2nd", "03", "007", "0", "12", "km", "no", "the", "and",
		"et", "of", "y", "&", "-", ",", ".", "(", ")", "'", "/", "Việt Nam", "China", "sri lanka", "中国",
		"有限公司", "株式会社", "广州", "บริษัท", "จำกัด", "Ωμέγα", "ООО", "ß", "ﬁ", "Ａ", "１", "²", "Ⅻ",
		"roi", "binh", "duong", "lot", "#", "co", "ltd", "pvt", "sdn", "bhd", "pt", "cv", "ud", "tbk", "cong",
		"ty", "tnhh", "mtv", "san", "ve", "tic", "a.s.", "şti", "gmbh", "s.a.", "srl", "llc", "inc"
	};
	uint32_t	r = Rand() % 100;

	if (r < 35)
		return bits[Rand() % (sizeof(bits) / sizeof(bits[0]))];
	if (r < 60)
	{
		const MatchListEntry *e = &match_legal_forms[Rand() % (sizeof(match_legal_forms) / sizeof(match_legal_forms[0]))];

		return e->b;
	}
	if (r < 75)
	{
		const MatchWordEntry *e = &match_name_words[Rand() % (sizeof(match_name_words) / sizeof(match_name_words[0]))];

		return Rand() & 1 ? e->a : e->b;
	}
	if (r < 90)
	{
		const MatchWordEntry *e = &match_address_words[Rand() % (sizeof(match_address_words) / sizeof(match_address_words[0]))];

		return Rand() & 1 ? e->a : e->b;
	}
	if (nrecs > 0)
	{
		/* one word of a real record */
		const Rec  *rc = &recs[Rand() % nrecs];
		static char w[64];
		size_t		a = rc->n ? Rand() % rc->n : 0,
					b = a;

		while (b < rc->n && b - a < 40 && rc->s[b] != ' ' && rc->s[b] != ',')
			b++;
		memcpy(w, rc->s + a, b - a);
		w[b - a] = 0;
		return w;
	}
	return "garment";
}

static void
Generated(long count)
{
	static const char *const seps[] = {" ", " ", " ", "", ", ", ".", "-", " (", ") ", "'", " / "};
	char		buf[1200];

	for (long i = 0; i < count; i++)
	{
		int			words = 1 + Rand() % 9;
		size_t		n = 0;
		uint16_t	cc = 0;
		int			pick = Rand() % 40;

		if (pick < (int) (sizeof(extra_cc) / sizeof(extra_cc[0])) - 1)
			cc = COUNTRY_CODE(extra_cc[pick][0], extra_cc[pick][1]);
		for (int w = 0; w < words; w++)
		{
			const char *t = RandomWord();
			const char *sp = seps[Rand() % (sizeof(seps) / sizeof(seps[0]))];
			size_t		tl = strlen(t),
						sl = strlen(sp);

			if (n + tl + sl > 1000)
				break;
			if (Rand() % 5 == 0)
				for (size_t k = 0; k < tl; k++)
					buf[n + k] = (t[k] >= 'a' && t[k] <= 'z') ? t[k] - 32 : t[k];
			else
				memcpy(buf + n, t, tl);
			n += tl;
			if (w + 1 < words)
			{
				memcpy(buf + n, sp, sl);
				n += sl;
			}
		}
		Compare(MATCH_FIELD_NAME, buf, n, cc);
		Compare(MATCH_FIELD_ADDRESS, buf, n, cc);
	}
}

static double
CpuNow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
Run(bool old)
{
	double		t0 = CpuNow();
	size_t		len;

	for (size_t i = 0; i < nrecs; i++)
	{
		if (old)
			MatchNormalizeOld(recs[i].field, recs[i].s, recs[i].n, recs[i].country, o1, &len);
		else
			MatchNormalize(recs[i].field, recs[i].s, recs[i].n, recs[i].country, o1, &len);
	}
	return CpuNow() - t0;
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "check") == 0)
	{
		long		seeded = getenv("SEEDED") ? atol(getenv("SEEDED")) : 200000;

		LoadCorpus(argv[2]);
		for (size_t i = 0; i < nrecs; i++)
			CompareAll(recs[i].s, recs[i].n, recs[i].country, true);
		printf("corpus: %zu records\n", nrecs);
		for (size_t i = 0; i < sizeof(match_legal_forms) / sizeof(match_legal_forms[0]); i++)
		{
			const MatchListEntry *e = &match_legal_forms[i];
			uint16_t	cc = e->a[0] ? COUNTRY_CODE(e->a[0], e->a[1]) : 0;

			CompareAll(e->b, strlen(e->b), cc, false);
		}
		for (size_t i = 0; i < sizeof(match_name_words) / sizeof(match_name_words[0]); i++)
		{
			CompareAll(match_name_words[i].a, strlen(match_name_words[i].a), 0, true);
			CompareAll(match_name_words[i].b, strlen(match_name_words[i].b), 0, false);
		}
		for (size_t i = 0; i < sizeof(match_address_words) / sizeof(match_address_words[0]); i++)
		{
			CompareAll(match_address_words[i].a, strlen(match_address_words[i].a), 0, true);
			CompareAll(match_address_words[i].b, strlen(match_address_words[i].b), 0, false);
		}
		for (int a = 3; a < argc; a++)
		{
			size_t		len;
			char	   *buf = ReadFile(argv[a], &len);
			const char *nul;

			if (buf == NULL)
				continue;
			CompareAll(buf, len, 0, true);
			if (len > 1)
			{
				nul = memchr(buf + 1, 0, len - 1);
				if (nul)
				{
					CompareAll(buf + 1, nul - (buf + 1), 0, true);
					CompareAll(nul + 1, len - (nul + 1 - buf), 0, true);
				}
			}
			free(buf);
		}
		Generated(seeded);
		printf("identical: %llu normalisations compared (old == new, status and bytes; the result again idempotent or as the baseline's)\n",
			   compared);
		{
			/* the baseline's own limit: one trailing country name a pass */
			static const char t[] = "Factory 5 China China China China China China China China China China "
				"China China China China China China China China China China";
			size_t		l1,
						l2;

			MatchNormalize(MATCH_FIELD_ADDRESS, t, strlen(t), 0, o1, &l1);
			MatchNormalize(MATCH_FIELD_ADDRESS, o1, l1, 0, o2, &l2);
			printf("not idempotent, as before: \"%.30s ... China\" (20 times) -> \"%.*s\" -> \"%.*s\"\n",
				   t, (int) l1, o1, (int) l2, o2);
		}
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "bench") == 0)
	{
		int			rounds = argc > 3 ? atoi(argv[3]) : 5;
		double		best_old = 1e9,
					best_new = 1e9;

		LoadCorpus(argv[2]);
		Run(false);				/* the dictionaries, built once */
		Run(true);
		for (int r = 0; r < rounds; r++)
		{
			double		a = Run(true),
						b = Run(false);

			best_old = a < best_old ? a : best_old;
			best_new = b < best_new ? b : best_new;
		}
		printf("%zu records (names and addresses), best of %d rounds, CPU time per record:\n", nrecs, rounds);
		printf("  baseline  %7.0f ns\n  new       %7.0f ns\n  ratio     %7.2fx fewer (baseline / new)\n",
			   best_old / nrecs * 1e9, best_new / nrecs * 1e9, best_old / best_new);
		return 0;
	}
	fprintf(stderr, "usage: normalize_speed check CORPUS [FILE...] | bench CORPUS [ROUNDS]\n");
	return 2;
}
