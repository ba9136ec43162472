/*
 * test_normalize_dict.c — the phrase dictionary inside src/match/normalize.c
 * (its statics, so the file is included, not linked): every phrase's
 * first words are marked (phrases are looked up only where they may start),
 * and normalising gives the same with and without the marks; a full table
 * answers NULL instead of probing for ever.
 */
#include "../../src/match/normalize.c"

#include <stdio.h>

int
main(void)
{
	char		key[32];
	int			made = 0,
				failed = 0;
	DictEntry  *e;
	int			checks = 6;

	/* the lead marks: every start of a phrase of two tokens or more */
	{
		static const char *const texts[] = {
			"Cong Ty TNHH May Mac Viet Nam", "PT. Sinar Garment Indonesia Tbk", "Roi Et Garment Co., Ltd.",
			"Dupont et Fils S.A.R.L.", "12 Duong Le Loi, Binh Duong", "Shenzhen Lucky Textile Co Ltd",
			"The And", "Ozanteks Tekstil Sanayi ve Ticaret Limited Sirketi", "Limited Liability Company",
			"Sdn Bhd", "Pvt Ltd Pvt Ltd", "Hanes Brands Inc", "株式会社 東京", "No 5 Industrial Road, Zone 3, China"};
		char		a[4096],
					b[4096];
		size_t		la,
					lb;
		int			bad = 0;

		MatchNormalize(MATCH_FIELD_NAME, "x", 1, 0, a, &la);	/* builds the dictionary */
		if (!lead_ready)
		{
			printf("test_normalize_dict: the lead marks were not made\n");
			failed++;
		}
		for (int i = 0; i < DICT_SLOTS; i++)
		{
			if (dict[i].key == 0 || dict[i].ntok < 2)
				continue;
			for (int p = 1; p < dict[i].keylen; p++)
				if (arena[dict[i].key + p] == ' ' &&
					((e = DictFind(arena + dict[i].key, p, false)) == NULL || e->lead_max < dict[i].ntok))
					bad++;
		}
		if (bad)
		{
			printf("test_normalize_dict: %d phrase starts not marked\n", bad);
			failed++;
		}
		bad = 0;
		for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
			for (int f = 0; f < 2; f++)
				for (int c = 0; c < 3; c++)
				{
					uint16_t	cc = c == 0 ? 0 : c == 1 ? COUNTRY_CODE('V', 'N') : COUNTRY_CODE('I', 'D');

					lead_ready = true;
					MatchNormalize((MatchField) f, texts[i], strlen(texts[i]), cc, a, &la);
					lead_ready = false;
					MatchNormalize((MatchField) f, texts[i], strlen(texts[i]), cc, b, &lb);
					lead_ready = true;
					if (la != lb || memcmp(a, b, la) != 0)
					{
						printf("test_normalize_dict: \"%s\" gives \"%.*s\" with the marks, \"%.*s\" without\n",
							   texts[i], (int) la, a, (int) lb, b);
						bad++;
					}
				}
		if (bad)
			failed++;
		/* a phrase of three words, a legal form of three, found where they start */
		MatchNormalize(MATCH_FIELD_NAME, "Cong Ty TNHH May Mac", 20, COUNTRY_CODE('V', 'N'), a, &la);
		if (la != 7 || memcmp(a, "garment", 7) != 0)
		{
			printf("test_normalize_dict: \"Cong Ty TNHH May Mac\" gave \"%.*s\"\n", (int) la, a);
			failed++;
		}
		/* an empty table again for the tests below */
		memset(dict, 0, sizeof(dict));
		memset(dict_tag, 0, sizeof(dict_tag));
		dict_used = 0;
		arena_used = 1;
	}

	/* fill the table until it refuses */
	for (int i = 0; i < 2 * DICT_SLOTS; i++)
	{
		int			n = snprintf(key, sizeof(key), "k%d", i);

		if (DictFind(key, n, true) == NULL)
			break;
		made++;
	}
	if (made != DICT_SLOTS - 1)
	{
		printf("test_normalize_dict: %d entries made, expected %d\n", made, DICT_SLOTS - 1);
		failed++;
	}
	/* every entry is found again, an absent key is not, and nothing hangs */
	for (int i = 0; i < made; i++)
	{
		int			n = snprintf(key, sizeof(key), "k%d", i);

		if ((e = DictFind(key, n, false)) == NULL || e->keylen != n)
		{
			printf("test_normalize_dict: k%d lost\n", i);
			failed++;
			break;
		}
	}
	if (DictFind("absent", 6, false) != NULL || DictFind("absent", 6, true) != NULL)
	{
		printf("test_normalize_dict: a full table gave an entry for an absent key\n");
		failed++;
	}
	/* with no empty slot left at all (every slot tagged), a lookup still ends */
	dict_used = 0;
	for (int h = 0; h < DICT_SLOTS; h++)
		if (dict[h].key == 0)
		{
			int			n = snprintf(key, sizeof(key), "x%d", h);

			dict[h].key = ArenaPut(key, n);
			dict[h].keylen = n;
			dict_tag[h] = HashBytes(key, n) | 1;
		}
	if (DictFind("absent", 6, false) != NULL || DictFind("absent", 6, true) != NULL)
	{
		printf("test_normalize_dict: a table with no empty slot gave an entry\n");
		failed++;
	}
	printf("test_normalize_dict: %d checks, %d failed\n", checks, failed);
	return failed != 0;
}
