/*
 * test_normalize_dict.c — the phrase dictionary inside src/match/normalize.c
 * (its statics, so the file is included, not linked): a full table answers
 * NULL instead of probing for ever.
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
	/* with no empty slot left at all, a lookup still ends */
	dict_used = 0;
	for (int h = 0; h < DICT_SLOTS; h++)
		if (dict[h].key == 0)
		{
			int			n = snprintf(key, sizeof(key), "x%d", h);

			dict[h].key = ArenaPut(key, n);
			dict[h].keylen = n;
		}
	if (DictFind("absent", 6, false) != NULL || DictFind("absent", 6, true) != NULL)
	{
		printf("test_normalize_dict: a table with no empty slot gave an entry\n");
		failed++;
	}
	printf("test_normalize_dict: %d checks, %d failed\n", 4, failed);
	return failed != 0;
}
