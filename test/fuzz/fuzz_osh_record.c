/*
 * fuzz_osh_record.c — one Open Supply Hub record read in one pass
 * (osh_record_core.c), as hredd.osh_read reads it: the input is split on
 * 0x1F into the record's fields (the first byte says which are NULL and
 * whether they are trimmed), each field copied to a buffer of its own size
 * so ASan sees any read past it.  Checked: no crash; an accepted record has
 * an OS ID, a country and both coordinates or neither, in range; every value
 * agrees with the field reader it comes from (OsIdParse, CountryParse or the
 * OS ID's country, OshCoordinate, OshWorkers, OshFlag, OshItemsSplit's empty
 * items); trimmed fields have no blank ends; the empty_items sentence fits
 * its buffer; the facility's name and address normalise without a crash.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/match/normalize.h"
#include "../../src/supply/osh_fields.h"
#include "../../src/supply/osh_items.h"
#include "../../src/supply/osh_record.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	OshText		f[OSH_NFIELDS];
	char	   *copy[OSH_NFIELDS] = {0};
	OshRecord	r;
	uint8_t		flags;
	size_t		pos = 1;
	int			trim;

	if (size < 1)
		return 0;
	flags = data[0];
	trim = flags & 1;
	for (int i = 0; i < OSH_NFIELDS; i++)
	{
		size_t		end = pos;

		while (end < size && data[end] != 0x1F)
			end++;
		/* NULL: a field the input does not reach, or one the flags mark */
		f[i].present = pos <= size && !((flags >> 1) & 1 && i % 7 == (flags >> 2) % 7);
		copy[i] = malloc(end > pos ? end - pos : 1);
		if (end > pos)
			memcpy(copy[i], data + pos, end - pos);
		f[i].s = copy[i];
		f[i].n = end > pos ? end - pos : 0;
		if (pos > size)
			f[i].present = false;
		pos = end + 1;
		if (trim)
		{
			OshTrimField(&f[i]);
			if (f[i].present)
				FUZZ_ASSERT(f[i].n > 0 && f[i].s[0] != ' ' && f[i].s[f[i].n - 1] != ' ');
		}
	}

	OshRecordRead(f, &r);

	/* the reasons */
	if (r.reason == OSH_OK)
	{
		FUZZ_ASSERT(r.has_os_id && r.has_country && f[OSH_F_NAME].present);
		FUZZ_ASSERT(f[OSH_F_LAT].present == f[OSH_F_LNG].present);
		FUZZ_ASSERT(r.has_lat == f[OSH_F_LAT].present && r.has_lng == f[OSH_F_LNG].present);
	}
	else
		FUZZ_ASSERT(OshReasonName(r.reason) != NULL);
	FUZZ_ASSERT((r.reason == OSH_MISSING_OS_ID) == !f[OSH_F_OS_ID].present);
	if (r.has_lat)
		FUZZ_ASSERT(fabs(r.lat) <= 90);
	if (r.has_lng)
		FUZZ_ASSERT(fabs(r.lng) <= 180);

	/* every value as its own reader gives it */
	if (f[OSH_F_OS_ID].present)
	{
		int64_t		v;
		IdError		e;

		FUZZ_ASSERT(OsIdParse(f[OSH_F_OS_ID].s, f[OSH_F_OS_ID].n, &v, &e) == r.has_os_id);
		if (r.has_os_id)
			FUZZ_ASSERT(v == r.os_id);
	}
	else
		FUZZ_ASSERT(!r.has_os_id);
	if (f[OSH_F_COUNTRY].present)
	{
		uint16_t	c;
		IdError		e;

		FUZZ_ASSERT(CountryParse(f[OSH_F_COUNTRY].s, f[OSH_F_COUNTRY].n, &c, &e) == r.has_country);
		if (r.has_country)
			FUZZ_ASSERT(c == r.country);
	}
	else if (r.has_os_id)
		FUZZ_ASSERT(r.has_country && r.country == OsIdCountry(r.os_id));
	else
		FUZZ_ASSERT(!r.has_country);
	if (f[OSH_F_WORKERS].present)
	{
		int32_t		mn,
					mx;
		int			w = OshWorkers(f[OSH_F_WORKERS].s, f[OSH_F_WORKERS].n, &mn, &mx);

		FUZZ_ASSERT(w == r.workers && r.bad_workers == (w == 0));
	}
	else
		FUZZ_ASSERT(r.workers == 0 && !r.bad_workers);
	if (f[OSH_F_CLOSED].present)
		FUZZ_ASSERT(r.closed == OshFlag(f[OSH_F_CLOSED].s, f[OSH_F_CLOSED].n) && r.bad_flag == (r.closed < 0));
	else
		FUZZ_ASSERT(r.closed == -1 && !r.bad_flag);
	for (int k = 0; k < OSH_NLISTS; k++)
	{
		const OshText *t = &f[osh_list_fields[k]];
		size_t		empty = 0;

		if (t->present)
		{
			size_t		max = OshItemsMax(t->s, t->n);
			OshItem    *items = malloc(max * sizeof(OshItem));
			size_t	   *scratch = malloc(2 * max * sizeof(size_t));

			OshItemsSplit(t->s, t->n, items, scratch, &empty);
			free(items);
			free(scratch);
		}
		FUZZ_ASSERT(r.empty[k] == empty);
	}

	/* the sentence: fits, says nothing when nothing is empty */
	{
		char		buf[512],
					tiny[7];
		size_t		n = OshEmptyItemsDetail(r.empty, buf, sizeof buf);
		int			any = 0;

		for (int k = 0; k < OSH_NLISTS; k++)
			any |= r.empty[k] > 0;
		FUZZ_ASSERT(n == strlen(buf) && n < sizeof buf && (n > 0) == any);
		n = OshEmptyItemsDetail(r.empty, tiny, sizeof tiny);
		FUZZ_ASSERT(n == strlen(tiny) && n < sizeof tiny);
	}

	/* the facility's parts, as hredd.osh_read normalises them */
	if (r.reason == OSH_OK && f[OSH_F_NAME].n <= MATCH_NAME_MAX)
	{
		char	   *out = malloc(MATCH_NORM_CAP(f[OSH_F_NAME].n) + 1);
		size_t		len;

		MatchNormalize(MATCH_FIELD_NAME, f[OSH_F_NAME].s, f[OSH_F_NAME].n, r.country, out, &len);
		FUZZ_ASSERT(len <= MATCH_NORM_CAP(f[OSH_F_NAME].n));
		free(out);
		if (f[OSH_F_ADDRESS].present && f[OSH_F_ADDRESS].n <= MATCH_ADDRESS_MAX)
		{
			out = malloc(MATCH_NORM_CAP(f[OSH_F_ADDRESS].n) + 1);
			MatchNormalize(MATCH_FIELD_ADDRESS, f[OSH_F_ADDRESS].s, f[OSH_F_ADDRESS].n, r.country, out, &len);
			free(out);
		}
	}
	for (int i = 0; i < OSH_NFIELDS; i++)
		free(copy[i]);
	return 0;
}
