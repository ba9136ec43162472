/*
 * test_osh_record.c — unit tests of one Open Supply Hub record read in one
 * pass (src/supply/osh_record_core.c): trimming, the reasons in their order,
 * the country from the OS ID, coordinates, band, flag, empty items and their
 * sentence (test/bench/supply_osh_load.sh compares the whole loader with the
 * SQL one before it over 100,000 records).
 */
#include "../../src/supply/osh_fields.h"
#include "../../src/supply/osh_items.h"
#include "../../src/supply/osh_record.h"
#include "unit.h"

/* fields from a list of C strings (NULL: absent), trimmed when trim */
static void
Fields(OshText *f, const char *const *v, int trim)
{
	for (int i = 0; i < OSH_NFIELDS; i++)
	{
		f[i].present = v[i] != NULL;
		f[i].s = v[i];
		f[i].n = v[i] ? strlen(v[i]) : 0;
		if (trim)
			OshTrimField(&f[i]);
	}
}

static OshRecord
Read(const char *const *v, int trim)
{
	OshText		f[OSH_NFIELDS];
	OshRecord	r;

	Fields(f, v, trim);
	OshRecordRead(f, &r);
	return r;
}

static const char *
Reason(const char *const *v)
{
	OshRecord	r = Read(v, 1);

	return r.reason == OSH_OK ? "ok" : OshReasonName(r.reason);
}

static const char *
Trimmed(const char *s)
{
	static char buf[64];
	OshText		t = {s, s ? strlen(s) : 0, s != NULL};

	OshTrimField(&t);
	if (!t.present)
		return "NULL";
	snprintf(buf, sizeof buf, "[%.*s]", (int) t.n, t.s);
	return buf;
}

static const char *
EmptyDetail(const char *const *v)
{
	static char buf[256];
	OshRecord	r = Read(v, 1);

	if (OshEmptyItemsDetail(r.empty, buf, sizeof buf) == 0)
		return "none";
	return buf;
}

#define GOOD "CN2019303BQ3FZP"

int
main(void)
{
	/* os_id, name, address, country, lat, lng, sectors, products, processing, facility types,
	 * workers, parents, contributors, claim, closed */
	const char *ok[OSH_NFIELDS] = {GOOD, "Good Mill", "1 Road", "CN", "30", "120.5", "Apparel|Textiles",
		"Fabric", "Dyeing", NULL, "1001-5000", "Group X", "Brand A|Brand B", NULL, "False"};
	OshRecord	r;

	CHECK_STR(Trimmed("  a b  "), "[a b]");
	CHECK_STR(Trimmed("   "), "NULL");
	CHECK_STR(Trimmed(""), "NULL");
	CHECK_STR(Trimmed(NULL), "NULL");
	CHECK_STR(Trimmed("\ta\t"), "[\ta\t]");	/* btrim trims spaces only */

	r = Read(ok, 1);
	CHECK(r.reason == OSH_OK);
	CHECK(r.has_os_id && r.has_country && r.country == COUNTRY_CODE('C', 'N'));
	CHECK(r.has_lat && r.lat == 30 && r.has_lng && r.lng == 120.5);
	CHECK(r.workers == (OSH_WORKERS_MIN | OSH_WORKERS_MAX) && r.workers_min == 1001 && r.workers_max == 5000);
	CHECK(r.closed == 0 && !r.bad_flag && !r.bad_workers);
	CHECK_STR(EmptyDetail(ok), "none");

	/* the reasons, first one wins */
	{
		const char *v[OSH_NFIELDS];

		memcpy(v, ok, sizeof v);
		v[OSH_F_OS_ID] = "  ";
		v[OSH_F_NAME] = NULL;
		CHECK_STR(Reason(v), "missing_os_id");
		v[OSH_F_OS_ID] = "CN2019303BQ3FZQ";
		CHECK_STR(Reason(v), "invalid_os_id");
		r = Read(v, 1);
		CHECK(r.os_id_error.code != IDERR_NONE);
		v[OSH_F_OS_ID] = GOOD;
		CHECK_STR(Reason(v), "missing_name");
		v[OSH_F_NAME] = "x";
		v[OSH_F_COUNTRY] = "Atlantis";
		CHECK_STR(Reason(v), "invalid_country");
		r = Read(v, 1);
		CHECK(r.country_error.code != IDERR_NONE);
		/* no country: the OS ID's */
		v[OSH_F_COUNTRY] = NULL;
		CHECK_STR(Reason(v), "ok");
		r = Read(v, 1);
		CHECK(r.has_country && r.country == COUNTRY_CODE('C', 'N'));
		v[OSH_F_COUNTRY] = "Viet Nam";
		r = Read(v, 1);
		CHECK(r.reason == OSH_OK && r.country == COUNTRY_CODE('V', 'N'));
		/* coordinates: both or neither, in range */
		v[OSH_F_LNG] = NULL;
		CHECK_STR(Reason(v), "invalid_coordinates");
		v[OSH_F_LAT] = NULL;
		CHECK_STR(Reason(v), "ok");
		v[OSH_F_LAT] = "91";
		v[OSH_F_LNG] = "100";
		CHECK_STR(Reason(v), "invalid_coordinates");
		v[OSH_F_LAT] = "-90";
		v[OSH_F_LNG] = "180.0";
		CHECK_STR(Reason(v), "ok");
		v[OSH_F_LNG] = "1e999";
		CHECK_STR(Reason(v), "invalid_coordinates");
		v[OSH_F_LNG] = " 12 ";
		CHECK_STR(Reason(v), "ok");

		/* warnings: a band that is none, a flag that is none, empty items */
		v[OSH_F_WORKERS] = "many";
		v[OSH_F_CLOSED] = "perhaps";
		v[OSH_F_SECTORS] = "Apparel||Textiles|";
		v[OSH_F_CONTRIBUTORS] = " | ";
		r = Read(v, 1);
		CHECK(r.reason == OSH_OK && r.bad_workers && r.bad_flag && r.closed == -1 && r.workers == 0);
		CHECK(r.empty[0] == 2 && r.empty[5] == 2 && r.empty[1] == 0);
		CHECK_STR(EmptyDetail(v), "2 empty item(s) in sector, 2 empty item(s) in contributor left out.");
		v[OSH_F_WORKERS] = ">10000";
		r = Read(v, 1);
		CHECK(!r.bad_workers && r.workers == OSH_WORKERS_MIN && r.workers_min == 10001);
		/* a blank field is no field (trimmed), so no empty item either */
		v[OSH_F_SECTORS] = "   ";
		v[OSH_F_CONTRIBUTORS] = "|";
		CHECK_STR(EmptyDetail(v), "2 empty item(s) in contributor left out.");
		/* untrimmed (SC-DEX): the field as given */
		v[OSH_F_NAME] = "   ";
		r = Read(v, 0);
		CHECK(r.reason == OSH_OK);
		r = Read(v, 1);
		CHECK(r.reason == OSH_MISSING_NAME);
	}

	/* the empty counts agree with the splitter's */
	{
		const char *fields[] = {"a||b", "|", " | a |  ", "a", "", "||||", " a|b | |c|"};

		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		{
			const char *v[OSH_NFIELDS];
			OshItem		items[16];
			size_t		scratch[32],
						empty = 0;

			memcpy(v, ok, sizeof v);
			v[OSH_F_PRODUCTS] = fields[i];
			r = Read(v, 0);
			OshItemsSplit(fields[i], strlen(fields[i]), items, scratch, &empty);
			CHECK(r.empty[1] == empty);
		}
	}

	/* the sentence is cut, NUL-terminated, where the buffer ends */
	{
		size_t		e[OSH_NLISTS] = {1, 2, 3, 4, 5, 6};
		char		small[20];
		char		big[512];
		size_t		n = OshEmptyItemsDetail(e, small, sizeof small);

		CHECK(n == strlen(small) && n < sizeof small);
		n = OshEmptyItemsDetail(e, big, sizeof big);
		CHECK_STR(big, "1 empty item(s) in sector, 2 empty item(s) in product_type, 3 empty item(s) in "
				  "processing_type, 4 empty item(s) in facility_type, 5 empty item(s) in parent_company, "
				  "6 empty item(s) in contributor left out.");
		CHECK(n == strlen(big));
		CHECK(OshEmptyItemsDetail(e, big, 0) == 0);
	}
	UNIT_DONE("test_osh_record");
}
