/*
 * test_sourcing_ids.c — unit tests of the sourcing-country company numbers
 * (USCC, GSTIN, MST, BIN, VKN) and of the exact-ID evidence (no PostgreSQL).
 *
 * Usage: test_sourcing_ids [SHARED_DATA_DIR]
 * With the shared data directory, also checks the 200 real USCCs and every
 * single-character substitution of them.
 */
#include <stdlib.h>

#include "../../src/ids/sourcing.h"
#include "unit.h"

static char detail[512];

/* Canonical text of s parsed as type, or the error detail after "ERR: ". */
static const char *
Canon(const char *type, const char *s)
{
	static char out[600];
	IdError		e;
	Id16Value	v16;
	int64_t		v8;
	bool		ok = false;
	const char *name = "?";

	if (strcmp(type, "uscc") == 0)
	{
		name = "a unified social credit code";
		if ((ok = UsccParse(s, strlen(s), &v16, &e)))
		{
			CHECK(UsccValidPacked(&v16));
			UsccFormat(&v16, out);
		}
	}
	else if (strcmp(type, "gstin") == 0)
	{
		name = "a GSTIN";
		if ((ok = GstinParse(s, strlen(s), &v16, &e)))
		{
			CHECK(GstinValidPacked(&v16));
			GstinFormat(&v16, out);
		}
	}
	else if (strcmp(type, "vn_mst") == 0)
	{
		name = "a Vietnamese tax code";
		if ((ok = VnMstParse(s, strlen(s), &v8, &e)))
		{
			CHECK(VnMstValidPacked(v8));
			VnMstFormat(v8, out);
		}
	}
	else if (strcmp(type, "bd_bin") == 0)
	{
		name = "a BIN";
		if ((ok = BdBinParse(s, strlen(s), &v8, &e)))
		{
			CHECK(BdBinValidPacked(v8));
			BdBinFormat(v8, out);
		}
	}
	else if (strcmp(type, "tr_vkn") == 0)
	{
		name = "a VKN";
		if ((ok = TrVknParse(s, strlen(s), &v8, &e)))
		{
			CHECK(TrVknValidPacked(v8));
			TrVknFormat(v8, out);
		}
	}
	if (ok)
		return out;
	IdErrorDetail(&e, name, detail, sizeof(detail));
	snprintf(out, sizeof(out), "ERR: %s", detail);
	return out;
}

static bool
Valid(const char *type, const char *s)
{
	return strncmp(Canon(type, s), "ERR", 3) != 0;
}

static void
TestUscc(void)
{
	const char *valid[] = {"914403001922038216", "9144030071526726XG", "91330100716105852F",
	"91110000600037341L", "91310115MA1K3BTP2B", NULL};
	const char *invalid[] = {"914403001922038217", "914403001922038261", "91110000600037341N",
	"91440300192203821", "9144030019220382160", "91440300I922038216", NULL};

	for (int i = 0; valid[i]; i++)
		CHECK_STR(Canon("uscc", valid[i]), valid[i]);
	for (int i = 0; invalid[i]; i++)
		CHECK(!Valid("uscc", invalid[i]));
	CHECK_STR(Canon("uscc", " uscc: 9144-0300-7152-6726-xg "), "9144030071526726XG");
	CHECK_STR(Canon("uscc", "914403001922038217"),
			  "ERR: The check character is \"7\" but \"6\" was expected.");
	CHECK_STR(Canon("uscc", "91440300I922038216"),
			  "ERR: Character 9 (\"I\") must be a digit or a letter other than I, O, S, V and Z.");
	CHECK_STR(Canon("uscc", "9144A3001922038216"),
			  "ERR: Character 5 (\"A\") must be a digit (characters 3 to 8 are the administrative division code).");
	CHECK_STR(Canon("uscc", "91440300192203821"),
			  "ERR: The value has 17 characters; a unified social credit code has 18.");
	CHECK(UsccOrgCodeOk("914403001922038216"));
	CHECK(UsccCheckChar("91440300192203821") == '6');
	CHECK(UsccCheckChar("9144030019220382I") == 0);
}

static void
TestGstin(void)
{
	CHECK_STR(Canon("gstin", "27AAPFU0939F1ZV"), "27AAPFU0939F1ZV");
	CHECK_STR(Canon("gstin", "27aaacr5055k1z7"), "27AAACR5055K1Z7");
	CHECK_STR(Canon("gstin", "GSTIN: 27AAACT2727Q1ZW"), "27AAACT2727Q1ZW");
	CHECK_STR(Canon("gstin", "27AAPFU0939F1ZO"),
			  "ERR: The check character is \"O\" but \"V\" was expected.");
	CHECK_STR(Canon("gstin", "27AAACR5055K1Z0"),
			  "ERR: The check character is \"0\" but \"7\" was expected.");
	CHECK_STR(Canon("gstin", "27AAPFU0939F1AV"), "ERR: Character 14 (\"A\") must be \"Z\".");
	CHECK_STR(Canon("gstin", "27AAPFU0939F0ZV"),
			  "ERR: Character 13 (\"0\") must be a digit from 1 to 9 or a letter (the registration number of the PAN in the state).");
	CHECK_STR(Canon("gstin", "27AAPFU0939F1Z"), "ERR: The value has 14 characters; a GSTIN has 15.");
	CHECK_STR(Canon("gstin", "369296450896540"),
			  "ERR: Character 3 (\"9\") must be a letter (characters 3 to 7 and 12 are the letters of the PAN).");
	CHECK_STR(Canon("gstin", "AAPFU0939F"),
			  "ERR: The value has 10 characters; a GSTIN has 15. Ten characters are a PAN, not a GSTIN.");
	CHECK(!Valid("gstin", "00AAPFU0939F1ZV"));
	CHECK(GstinCheckChar("27AAPFU0939F1Z") == 'V');
}

static void
TestVnMst(void)
{
	CHECK_STR(Canon("vn_mst", "0300588569"), "0300588569");
	CHECK_STR(Canon("vn_mst", "0100109106"), "0100109106");
	CHECK_STR(Canon("vn_mst", "0100109106-501"), "0100109106-501");
	CHECK_STR(Canon("vn_mst", "MST: 0100109106501"), "0100109106-501");
	CHECK_STR(Canon("vn_mst", "0100233488"), "0100233488");
	CHECK_STR(Canon("vn_mst", "0314409058-002"), "0314409058-002");
	CHECK_STR(Canon("vn_mst", "0300588560"), "ERR: The check digit is \"0\" but \"9\" was expected.");
	CHECK(!Valid("vn_mst", "0100233480"));
	CHECK_STR(Canon("vn_mst", "030058856"),
			  "ERR: The value has 9 characters; a Vietnamese tax code has 10. "
			  "A branch's code has 13 digits: the head office's 10 and a branch number.");
	CHECK_STR(Canon("vn_mst", "0314409058-000"),
			  "ERR: Character 11 (\"0\") must be part of a branch number from 001 to 999 (characters 11 to 13).");
	CHECK_STR(Canon("vn_mst", "0100000007"),
			  "ERR: Character 3 (\"0\") must be part of a sequence number other than 0000000 (characters 3 to 9).");
	CHECK(VnMstCheckDigit("030058856") == 9);
	/* order: a head office sorts just before its branches */
	{
		int64_t		a,
					b,
					c;
		IdError		e;

		CHECK(VnMstParse("0100109106", 10, &a, &e));
		CHECK(VnMstParse("0100109106-501", 14, &b, &e));
		CHECK(VnMstParse("0100233488", 10, &c, &e));
		CHECK(a < b && b < c);
	}
	CHECK(!VnMstValidPacked(-1));
	CHECK(!VnMstValidPacked(300588560000LL));
	CHECK(VnMstValidPacked(300588569000LL));
}

static void
TestBinVkn(void)
{
	CHECK_STR(Canon("bd_bin", "000123456-0101"), "0001234560101");
	CHECK_STR(Canon("bd_bin", "BIN 0001234560101"), "0001234560101");
	CHECK_STR(Canon("bd_bin", "123456789"),
			  "ERR: The value has 9 characters; a BIN has 13. BINs of 9 and 11 digits were replaced by 13-digit BINs on 30 November 2019.");
	CHECK_STR(Canon("bd_bin", "12345678901X"), "ERR: Character 12 (\"X\") must be a digit.");
	CHECK(!BdBinValidPacked(10000000000000LL));
	CHECK_STR(Canon("tr_vkn", "4540536920"), "4540536920");
	CHECK_STR(Canon("tr_vkn", "0010213576"), "0010213576");
	CHECK_STR(Canon("tr_vkn", "1050060784"), "1050060784");
	CHECK_STR(Canon("tr_vkn", "3230937581"), "3230937581");
	CHECK_STR(Canon("tr_vkn", "4540536921"), "ERR: The check digit is \"1\" but \"0\" was expected.");
	CHECK(!Valid("tr_vkn", "0010213577"));
	CHECK(!Valid("tr_vkn", "454053692"));
	CHECK_STR(Canon("tr_vkn", "45405369200"),
			  "ERR: The value has 11 characters; a VKN has 10. Eleven digits are a T.C. kimlik number of a person, not a VKN.");
	CHECK(TrVknValidPacked(4540536920LL));
	CHECK(!TrVknValidPacked(4540536921LL));
}

static void
TestEvidence(void)
{
	CompanyScheme u = CompanySchemeByName("uscc", 4);
	CompanyScheme g = CompanySchemeByName("gstin", 5);
	CompanyScheme m = CompanySchemeByName("vn_mst", 6);

	CHECK(u == CS_USCC && g == CS_GSTIN && m == CS_VN_MST);
	CHECK(CompanySchemeByName("nope", 4) == CS_UNKNOWN);
	CHECK(CompanyNumberEvidence(u, "914403001922038216", 18, "9144 0300 1922 0382 16", 22) == 1);
	CHECK(CompanyNumberEvidence(u, "914403001922038216", 18, "9144030071526726XG", 18) == -1);
	CHECK(CompanyNumberEvidence(u, "914403001922038216", 18, "914403001922038217", 18) == 0);
	/* the same PAN registered in two states: one company */
	{
		char		other[16];

		memcpy(other, "29AAPFU0939F1Z", 14);
		other[14] = GstinCheckChar(other);
		other[15] = '\0';
		CHECK(CompanyNumberEvidence(g, "27AAPFU0939F1ZV", 15, other, 15) == 1);
	}
	CHECK(CompanyNumberEvidence(g, "27AAPFU0939F1ZV", 15, "27AAACR5055K1Z7", 15) == -1);
	CHECK(CompanyNumberEvidence(m, "0100109106", 10, "0100109106-501", 14) == 1);
	CHECK(CompanyNumberEvidence(m, "0100109106", 10, "0300588569", 10) == -1);
	CHECK(CompanyNumberEvidence(CS_UNKNOWN, "1", 1, "1", 1) == 0);
	CHECK(CompanyNumberEvidence(CS_LEI, "506700GE1G29325QX363", 20, "506700ge1g29325qx363", 20) == 1);
}

/* The packed form orders like the canonical text. */
static void
TestOrder(void)
{
	const char *u[] = {"91110000600037341L", "91310115MA1K3BTP2B", "91330100716105852F",
	"914403001922038216", "9144030071526726XG"};
	const char *g[] = {"27AAACR5055K1Z7", "27AAACT2727Q1ZW", "27AAPFU0939F1ZV"};
	Id16Value	a,
				b;
	IdError		e;

	for (int i = 0; i + 1 < 5; i++)
	{
		CHECK(UsccParse(u[i], 18, &a, &e) && UsccParse(u[i + 1], 18, &b, &e));
		CHECK(memcmp(a.b, b.b, 16) < 0);
	}
	for (int i = 0; i + 1 < 3; i++)
	{
		CHECK(GstinParse(g[i], 15, &a, &e) && GstinParse(g[i + 1], 15, &b, &e));
		CHECK(memcmp(a.b, b.b, 16) < 0);
	}
	memset(a.b, 0xFF, 16);
	CHECK(!UsccValidPacked(&a));
	CHECK(!GstinValidPacked(&a));
}

static void
TestRealUscc(const char *dir)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char		path[1024];
	char		line[128];
	FILE	   *f;
	int			count = 0,
				subs = 0,
				accepted_subs = 0,
				org_ok = 0;

	snprintf(path, sizeof(path), "%s/identifiers/uscc_real.txt", dir);
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
		CHECK_STR(Canon("uscc", line), line);
		org_ok += UsccOrgCodeOk(line);
		for (size_t pos = 0; pos < n; pos++)
			for (const char *c = alphabet; *c; c++)
			{
				char		mutated[USCC_LEN + 1];
				Id16Value	w;
				IdError		e;

				if (*c == line[pos])
					continue;
				memcpy(mutated, line, n + 1);
				mutated[pos] = *c;
				subs++;
				if (UsccParse(mutated, n, &w, &e))
					accepted_subs++;
			}
	}
	fclose(f);
	CHECK(count == 200);
	CHECK(org_ok == 200);
	CHECK(accepted_subs == 0);
	printf("real USCCs: %d accepted, %d with a valid organisation code, %d substitutions, %d wrongly accepted\n",
		   count, org_ok, subs, accepted_subs);
}

int
main(int argc, char **argv)
{
	TestUscc();
	TestGstin();
	TestVnMst();
	TestBinVkn();
	TestEvidence();
	TestOrder();
	if (argc > 1)
		TestRealUscc(argv[1]);
	UNIT_DONE("test_sourcing_ids");
}
