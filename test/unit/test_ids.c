/*
 * test_ids.c — unit tests of the identifier parsers (no PostgreSQL).
 *
 * Usage: test_ids [SHARED_DATA_DIR]
 * With the shared data directory, also checks every real OS ID and LEI and
 * every single-character substitution of the OS IDs.
 */
#include <stdlib.h>

#include "../../src/common/fold.h"
#include "../../src/ids/ids.h"
#include "unit.h"

static char detail[512];

/* Error detail of a failed parse of s as the given type. */
static const char *
Why(const char *type, const char *s)
{
	IdError		e;
	int64_t		v8;
	int32_t		v4;
	uint16_t	v2;
	LeiValue	lv;
	bool		ok = false;
	const char *name = "?";

	if (strcmp(type, "os_id") == 0)
		ok = OsIdParse(s, strlen(s), &v8, &e), name = "an OS ID";
	else if (strcmp(type, "lei") == 0)
		ok = LeiParse(s, strlen(s), &lv, &e), name = "an LEI";
	else if (strcmp(type, "gln") == 0)
		ok = GlnParse(s, strlen(s), &v8, &e), name = "a GLN";
	else if (strcmp(type, "duns") == 0)
		ok = DunsParse(s, strlen(s), &v4, &e), name = "a D-U-N-S number";
	else if (strcmp(type, "country") == 0)
		ok = CountryParse(s, strlen(s), &v2, &e), name = "a country";
	if (ok)
		return "OK";
	IdErrorDetail(&e, name, detail, sizeof(detail));
	return detail;
}

/* Canonical text of s parsed as type, or "ERR". */
static const char *
Canon(const char *type, const char *s)
{
	static char out[32];
	IdError		e;
	int64_t		v8;
	int32_t		v4;
	uint16_t	v2;
	LeiValue	lv;

	if (strcmp(type, "os_id") == 0 && OsIdParse(s, strlen(s), &v8, &e))
		OsIdFormat(v8, out);
	else if (strcmp(type, "lei") == 0 && LeiParse(s, strlen(s), &lv, &e))
		LeiFormat(&lv, out);
	else if (strcmp(type, "gln") == 0 && GlnParse(s, strlen(s), &v8, &e))
		GlnFormat(v8, out);
	else if (strcmp(type, "duns") == 0 && DunsParse(s, strlen(s), &v4, &e))
		DunsFormat(v4, out);
	else if (strcmp(type, "country") == 0 && CountryParse(s, strlen(s), &v2, &e))
		CountryFormat(v2, out);
	else
		return "ERR";
	return out;
}

static void
TestOsId(void)
{
	int64_t		a,
				b;
	IdError		e;
	int			y,
				d;

	CHECK_STR(Canon("os_id", "CN2019303BQ3FZP"), "CN2019303BQ3FZP");
	CHECK_STR(Canon("os_id", " cn-2019303-bq3fz-p "), "CN2019303BQ3FZP");
	CHECK_STR(Canon("os_id", "osid: CN2019303BQ3FZP"), "CN2019303BQ3FZP");
	CHECK_STR(Canon("os_id", "OS ID CN 2019303 BQ3FZ P"), "CN2019303BQ3FZP");
	CHECK_STR(Canon("os_id", "XK2020100ABCDE0"), "ERR");	/* check wrong but XK fine */
	CHECK_STR(Why("os_id", "CN2019303BQ3FZQ"),
			  "The check character is \"Q\" but \"P\" was expected.");
	CHECK_STR(Why("os_id", "US2019303BQ3FZP"),
			  "The check character is \"P\" but \"D\" was expected.");
	CHECK_STR(Why("os_id", "CN2019303BQ3FZ"),
			  "The value has 14 characters; an OS ID has 15. If the check character is missing, "
			  "hredd.os_id_check_char() computes it.");
	CHECK_STR(Why("os_id", "CN2019303BQ3IZP"),
			  "Character 13 (\"I\") must be a Crockford base-32 symbol (a digit or a letter other "
			  "than I, L, O, U).");
	CHECK_STR(Why("os_id", "CN2019303BQ3F.P"), "Character 14 (\".\") must be a letter or a digit.");
	CHECK_STR(Why("os_id", "CN2019303BQ3FéP"), "Character 14 (\"é\") must be a letter or a digit.");
	CHECK_STR(Why("os_id", "C12019303BQ3FZP"),
			  "Character 2 (\"1\") must be a letter (characters 1 and 2 are a country code).");
	CHECK_STR(Why("os_id", "XX0000000000000"),
			  "\"XX\" is not an ISO 3166-1 country code. Characters 1 and 2 of an OS ID are the "
			  "facility's country.");
	CHECK_STR(Why("os_id", "CN2019366BQ3FZP"),
			  "Characters 3 to 9 (\"2019366\") must be a year and a day of that year, 001 to 365, "
			  "or 366 in a leap year.");
	CHECK_STR(Why("os_id", "CN1999303BQ3FZP"),
			  "The year in characters 3 to 6 (\"1999\") is before 2000; Open Supply Hub has minted "
			  "OS IDs since 2019.");
	CHECK_STR(Why("os_id", "   "), "The value is empty once blanks, separators and prefixes are removed.");
	CHECK_STR(Why("os_id", "osid:"), "The value is empty once blanks, separators and prefixes are removed.");

	CHECK(OsIdParse("CN2019303BQ3FZP", 15, &a, &e));
	CHECK(OsIdParse("CN2019303BQ3FZQ", 15, &b, &e) == false);
	CHECK(OsIdValidPacked(a));
	CHECK(!OsIdValidPacked(-1));
	CHECK(!OsIdValidPacked(a | ((int64_t) 1 << 60)));
	CHECK(OsIdCountry(a) == COUNTRY_CODE('C', 'N'));
	OsIdMintedOn(a, &y, &d);
	CHECK(y == 2019 && d == 303);
	CHECK(OsIdCheckChar("CN2019303BQ3FZ") == 'P');
	CHECK(OsIdCheckChar("CN2019303BQ3FI") == 0);
	/* order of packed values equals order of text */
	CHECK(OsIdParse("BD2020021QK28YZ", 15, &b, &e) && b < a);
}

static void
TestLei(void)
{
	LeiValue	a,
				b;
	IdError		e;

	CHECK_STR(Canon("lei", "506700GE1G29325QX363"), "506700GE1G29325QX363");
	CHECK_STR(Canon("lei", "5067 00ge 1g29 325q x363"), "506700GE1G29325QX363");
	CHECK_STR(Canon("lei", "LEI: HWUPKR0MPOU8FGXBT394"), "HWUPKR0MPOU8FGXBT394");
	CHECK_STR(Why("lei", "506700GE1G29325QX364"),
			  "The check digits are \"64\" but \"63\" were expected.");
	CHECK_STR(Why("lei", "5493001KJTIIGC8Y1V00"),
			  "The check digits are \"00\" but \"97\" were expected. Check digits 00, 01 and 99 are never issued.");
	CHECK_STR(Why("lei", "506700GE1G29325QX3A3"),
			  "Character 19 (\"A\") must be a digit (characters 19 and 20 are the check digits).");
	CHECK_STR(Why("lei", "506700GE1G29325QX36"), "The value has 19 characters; an LEI has 20.");
	CHECK(LeiCheckDigits("5493001KJTIIGC8Y1V") == 97);
	CHECK(LeiParse("506700GE1G29325QX363", 20, &a, &e));
	CHECK(LeiValidPacked(&a));
	CHECK(LeiParse("HWUPKR0MPOU8FGXBT394", 20, &b, &e));
	CHECK(memcmp(a.b, b.b, 16) < 0);
	b.b[15] = 1;
	CHECK(!LeiValidPacked(&b));
	memset(b.b, 0xFF, 16);
	CHECK(!LeiValidPacked(&b));
}

/* Packed order equals text order, for LEIs and OS IDs made from a simple PRNG. */
static void
TestOrder(void)
{
	static const char b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	static const char cf[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint32_t	x = 12345;
	char		prev_lei[LEI_LEN + 1] = "",
				prev_os[OS_ID_LEN + 1] = "";
	LeiValue	prev_lv;
	int64_t		prev_ov = 0;
	int			bad = 0;

	for (int k = 0; k < 20000; k++)
	{
		char		t[LEI_LEN + 1],
					o[OS_ID_LEN + 1];
		LeiValue	lv;
		int64_t		ov;
		IdError		e;
		int			cd;

		for (int i = 0; i < 18; i++)
			x = x * 1103515245u + 12345u, t[i] = b36[(x >> 16) % 36];
		cd = LeiCheckDigits(t);
		t[18] = (char) ('0' + cd / 10), t[19] = (char) ('0' + cd % 10), t[20] = '\0';
		memcpy(o, "CN2020", 6);
		x = x * 1103515245u + 12345u;
		snprintf(o + 6, 4, "%03u", 1 + (x >> 16) % 366);
		for (int i = 9; i < 14; i++)
			x = x * 1103515245u + 12345u, o[i] = cf[(x >> 16) % 32];
		o[14] = OsIdCheckChar(o), o[15] = '\0';
		if (!LeiParse(t, 20, &lv, &e) || !OsIdParse(o, 15, &ov, &e))
		{
			bad++;
			continue;
		}
		if (k > 0)
		{
			int			c1 = memcmp(lv.b, prev_lv.b, 16),
						c2 = strcmp(t, prev_lei);

			bad += ((c1 > 0) != (c2 > 0)) || ((c1 == 0) != (c2 == 0));
			bad += ((ov > prev_ov) != (strcmp(o, prev_os) > 0));
		}
		prev_lv = lv, prev_ov = ov;
		memcpy(prev_lei, t, sizeof(t));
		memcpy(prev_os, o, sizeof(o));
	}
	CHECK(bad == 0);
}

static void
TestGlnDuns(void)
{
	int32_t		v;
	IdError		e;

	CHECK_STR(Canon("gln", "0078742000008"), "0078742000008");
	CHECK_STR(Canon("gln", "(414)0078742000008"), "0078742000008");
	CHECK_STR(Canon("gln", "GLN 007-8742-00000-8"), "0078742000008");
	CHECK_STR(Why("gln", "0078742000009"), "The check digit is \"9\" but \"8\" was expected.");
	CHECK_STR(Why("gln", "0078742OOO008"), "Character 8 (\"O\") must be a digit.");
	CHECK_STR(Why("gln", "00787420000080"),
			  "The value has 14 characters; a GLN has 13. Fourteen digits are a GTIN-14, not a GLN.");
	CHECK(!GlnValidPacked(78742000009LL));
	CHECK(GlnValidPacked(78742000008LL));
	CHECK(Gs1CheckDigit("007874200000", 12) == 8);

	CHECK_STR(Canon("duns", "15-048-3782"), "150483782");
	CHECK_STR(Canon("duns", "DUNS: 060704780"), "060704780");
	CHECK_STR(Canon("duns", "150483783"), "150483783");
	CHECK_STR(Why("duns", "15048378A"), "Character 9 (\"A\") must be a digit.");
	CHECK_STR(Why("duns", "1504837820001"),
			  "The value has 13 characters; a D-U-N-S number has 9. The four-digit DUNS+4 suffix "
			  "names a sub-unit and is not part of the number.");
	CHECK(DunsParse("150483782", 9, &v, &e) && DunsLegacyLuhnOk(v));
	CHECK(DunsParse("150483783", 9, &v, &e) && !DunsLegacyLuhnOk(v));
	CHECK(DunsParse("060704780", 9, &v, &e) && v == 60704780 && DunsLegacyLuhnOk(v));
}

static void
TestCountry(void)
{
	char		key[ID_MAX_INPUT + 1];

	CHECK_STR(Canon("country", "CN"), "CN");
	CHECK_STR(Canon("country", "cn"), "CN");
	CHECK_STR(Canon("country", "CHN"), "CN");
	CHECK_STR(Canon("country", "156"), "CN");
	CHECK_STR(Canon("country", "4"), "AF");
	CHECK_STR(Canon("country", "XK"), "XK");
	CHECK_STR(Canon("country", "Viet Nam"), "VN");
	CHECK_STR(Canon("country", "Türkiye"), "TR");
	CHECK_STR(Canon("country", "TÜRKIYE"), "TR");
	CHECK_STR(Canon("country", "China, People's Republic of"), "CN");
	CHECK_STR(Canon("country", "Côte d’Ivoire"), "CI");
	CHECK_STR(Canon("country", "  bangladesh "), "BD");
	CHECK_STR(Canon("country", "UAE"), "AE");
	CHECK_STR(Canon("country", "Korea, Republic of"), "KR");
	CHECK_STR(Why("country", "UK"), "\"UK\" is not an ISO 3166-1 country code. UK is reserved; the code of the United Kingdom is GB.");
	CHECK_STR(Why("country", "ZZ"), "\"ZZ\" is not an ISO 3166-1 country code. Codes AA, QM to QZ, XA to XZ and ZZ are user-assigned and name no country; of them only XK (Kosovo) is accepted.");
	CHECK_STR(Why("country", "C1"), "The value is not an ISO 3166-1 alpha-2, alpha-3 or numeric code, nor a country name or alias that hredd knows; hredd.country_list() lists them.");
	CHECK_STR(Why("country", "999"), "The value is not an ISO 3166-1 alpha-2, alpha-3 or numeric code, nor a country name or alias that hredd knows; hredd.country_list() lists them. No country has that ISO 3166-1 numeric code.");
	CHECK_STR(Why("country", "Narnia"), "The value is not an ISO 3166-1 alpha-2, alpha-3 or numeric code, nor a country name or alias that hredd knows; hredd.country_list() lists them.");
	CHECK_STR(Why("country", " - "), "The value is empty once blanks, separators and prefixes are removed.");
	CHECK(CountryTableSize() == 250);
	CHECK(CountryCodeValid(" cn ", 4));
	CHECK(CountryCodeValid("XK", 2));
	CHECK(!CountryCodeValid("CHN", 3));
	CHECK(!CountryCodeValid("UK", 2));
	CHECK(!CountryCodeValid("C1", 2));
	CHECK(!CountryCodeValid("", 0));

	/* tables: sorted, and every name key is its own fold */
	for (int i = 1; i < CountryTableSize(); i++)
		CHECK(memcmp(CountryAt(i - 1)->alpha2, CountryAt(i)->alpha2, 2) < 0);
	for (int i = 0; i < CountryNameCount(); i++)
	{
		const CountryName *n = CountryNameAt(i);
		size_t		kl = FoldKey(n->key, strlen(n->key), key, sizeof(key) - 1);

		key[kl] = '\0';
		CHECK(strcmp(key, n->key) == 0);
		if (i > 0)
			CHECK(strcmp(CountryNameAt(i - 1)->key, n->key) < 0);
		CHECK(CountryLookup(COUNTRY_CODE(n->alpha2[0], n->alpha2[1])) != NULL);
	}
	/* every alpha-2, alpha-3 and numeric code resolves to itself */
	for (int i = 0; i < CountryTableSize(); i++)
	{
		const CountryInfo *c = CountryAt(i);
		char		num[16];

		CHECK_STR(Canon("country", c->alpha3), c->alpha2);
		CHECK_STR(Canon("country", c->name), c->alpha2);
		CHECK_STR(Canon("country", c->iso_name), c->alpha2);
		if (c->numeric >= 0)
		{
			snprintf(num, sizeof(num), "%03d", c->numeric);
			CHECK_STR(Canon("country", num), c->alpha2);
		}
	}
}

static void
TestFold(void)
{
	char		out[64];
	size_t		n;
	const char *in = "  Ünïcode — Straße, İstanbul ";

	n = FoldKey(in, strlen(in), out, sizeof(out));
	out[n] = '\0';
	CHECK_STR(out, "unicode strasse istanbul");
	CHECK(FoldKey("abcdef", 6, out, 3) == (size_t) -1);
	/* invalid bytes are boundaries, as in facility names */
	n = FoldKey("\xff\xfe", 2, out, sizeof(out));
	CHECK(n == 0);
	n = FoldKey("a\xff" "b", 3, out, sizeof(out));
	out[n] = '\0';
	CHECK_STR(out, "a b");
	/* the Vietnamese letters of U+1E00..U+1EFF fold as matching folds them */
	n = FoldKey("Vi\xe1\xbb\x87t Nam", 10, out, sizeof(out));
	out[n] = '\0';
	CHECK_STR(out, "viet nam");
	/* other digits and full-width letters fold; CJK stays; Cyrillic is lower-cased */
	in = "\xef\xbc\xa1\xef\xbc\x91 \xe0\xa5\xa8 \xe4\xb8\xad\xe5\x9b\xbd \xd0\xa0\xd0\xbe";
	n = FoldKey(in, strlen(in), out, sizeof(out));
	out[n] = '\0';
	CHECK_STR(out, "a1 2 \xe4\xb8\xad\xe5\x9b\xbd \xd1\x80\xd0\xbe");
}

/* The real OS IDs: accepted, round-trip, ordered, all substitutions rejected. */
static void
TestRealOsIds(const char *dir)
{
	char		path[1024];
	char		line[128];
	FILE	   *f;
	int			count = 0,
				subs = 0,
				accepted_subs = 0;
	static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	snprintf(path, sizeof(path), "%s/identifiers/os_ids_real.txt", dir);
	f = fopen(path, "r");
	if (!f)
	{
		printf("skip: %s not found\n", path);
		return;
	}
	while (fgets(line, sizeof(line), f))
	{
		int64_t		v;
		IdError		e;
		char		out[OS_ID_LEN + 1];
		size_t		n = strcspn(line, "\r\n");

		line[n] = '\0';
		if (n == 0)
			continue;
		count++;
		CHECK(OsIdParse(line, n, &v, &e));
		OsIdFormat(v, out);
		CHECK_STR(out, line);
		for (size_t pos = 0; pos < n; pos++)
			for (const char *c = alphabet; *c; c++)
			{
				char		mutated[OS_ID_LEN + 1];
				int64_t		w;

				if (*c == line[pos])
					continue;
				memcpy(mutated, line, n + 1);
				mutated[pos] = *c;
				subs++;
				if (OsIdParse(mutated, n, &w, &e))
				{
					accepted_subs++;
					if (accepted_subs < 5)
						fprintf(stderr, "substitution accepted: %s\n", mutated);
				}
			}
	}
	fclose(f);
	CHECK(count == 5657);
	CHECK(accepted_subs == 0);
	printf("real OS IDs: %d accepted, %d substitutions, %d wrongly accepted\n",
		   count, subs, accepted_subs);
}

static void
TestRealLeis(const char *dir)
{
	char		path[1024];
	char		line[128];
	FILE	   *f;
	int			count = 0;

	snprintf(path, sizeof(path), "%s/identifiers/lei_real.txt", dir);
	f = fopen(path, "r");
	if (!f)
	{
		printf("skip: %s not found\n", path);
		return;
	}
	while (fgets(line, sizeof(line), f))
	{
		size_t		n = strcspn(line, "\r\n");

		line[n] = '\0';
		if (n == 0)
			continue;
		count++;
		CHECK_STR(Canon("lei", line), line);
	}
	fclose(f);
	CHECK(count == 100);
}

int
main(int argc, char **argv)
{
	TestFold();
	TestOsId();
	TestLei();
	TestOrder();
	TestGlnDuns();
	TestCountry();
	if (argc > 1)
	{
		TestRealOsIds(argv[1]);
		TestRealLeis(argv[1]);
	}
	UNIT_DONE("test_ids");
}
