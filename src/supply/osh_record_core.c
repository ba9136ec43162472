/*
 * osh_record_core.c — one Open Supply Hub record in one pass (see
 * osh_record.h).  The checks are hredd.osh_store's before it, in its order:
 * missing OS ID, invalid OS ID, missing name, invalid country (the record's,
 * or the OS ID's when the record names none), coordinates (both or neither,
 * a latitude within 90 and a longitude within 180).
 */
#include "osh_record.h"

#include <stdio.h>
#include <string.h>

#include "osh_fields.h"
#include "osh_items.h"

const OshFieldNo osh_list_fields[OSH_NLISTS] = {
	OSH_F_SECTORS, OSH_F_PRODUCTS, OSH_F_PROCESSING, OSH_F_FACILITY_TYPES, OSH_F_PARENTS, OSH_F_CONTRIBUTORS
};
const char *const osh_list_names[OSH_NLISTS] = {
	"sector", "product_type", "processing_type", "facility_type", "parent_company", "contributor"
};

const char *
OshReasonName(OshReason r)
{
	switch (r)
	{
		case OSH_MISSING_OS_ID:
			return "missing_os_id";
		case OSH_INVALID_OS_ID:
			return "invalid_os_id";
		case OSH_MISSING_NAME:
			return "missing_name";
		case OSH_INVALID_COUNTRY:
			return "invalid_country";
		case OSH_INVALID_COORDINATES:
			return "invalid_coordinates";
		case OSH_OK:
			break;
	}
	return NULL;
}

void
OshTrimField(OshText *t)
{
	if (!t->present)
		return;
	while (t->n > 0 && t->s[0] == ' ')
		t->s++, t->n--;
	while (t->n > 0 && t->s[t->n - 1] == ' ')
		t->n--;
	if (t->n == 0)
		t->present = false;
}

/* how many items of a multi-value field are empty (none when absent) */
static size_t
EmptyItems(const OshText *t)
{
	size_t		empty = 0,
				start = 0;

	if (!t->present || memchr(t->s, '|', t->n) == NULL)
		return 0;				/* a field without '|' has no empty item */
	for (size_t i = 0; i <= t->n; i++)
	{
		size_t		b,
					e;

		if (i < t->n && t->s[i] != '|')
			continue;
		b = start;
		e = i;
		while (b < e && t->s[b] == ' ')
			b++;
		if (b == e)
			empty++;
		start = i + 1;
	}
	return empty;
}

void
OshRecordRead(const OshText *f, OshRecord *r)
{
	const OshText *id = &f[OSH_F_OS_ID],
			   *cc = &f[OSH_F_COUNTRY],
			   *lat = &f[OSH_F_LAT],
			   *lng = &f[OSH_F_LNG];

	memset(r, 0, sizeof *r);
	r->closed = -1;

	if (id->present)
		r->has_os_id = OsIdParse(id->s, id->n, &r->os_id, &r->os_id_error);
	if (cc->present)
		r->has_country = CountryParse(cc->s, cc->n, &r->country, &r->country_error);
	else if (r->has_os_id)
	{
		/* a valid OS ID always names a country */
		r->country = OsIdCountry(r->os_id);
		r->has_country = true;
	}
	if (lat->present)
		r->has_lat = OshCoordinate(lat->s, lat->n, 90, &r->lat) != 0;
	if (lng->present)
		r->has_lng = OshCoordinate(lng->s, lng->n, 180, &r->lng) != 0;
	if (f[OSH_F_WORKERS].present)
	{
		r->workers = OshWorkers(f[OSH_F_WORKERS].s, f[OSH_F_WORKERS].n, &r->workers_min, &r->workers_max);
		r->bad_workers = r->workers == 0;
	}
	if (f[OSH_F_CLOSED].present)
	{
		r->closed = OshFlag(f[OSH_F_CLOSED].s, f[OSH_F_CLOSED].n);
		r->bad_flag = r->closed < 0;
	}
	for (int k = 0; k < OSH_NLISTS; k++)
		r->empty[k] = EmptyItems(&f[osh_list_fields[k]]);

	if (!id->present)
		r->reason = OSH_MISSING_OS_ID;
	else if (!r->has_os_id)
		r->reason = OSH_INVALID_OS_ID;
	else if (!f[OSH_F_NAME].present)
		r->reason = OSH_MISSING_NAME;
	else if (!r->has_country)
		r->reason = OSH_INVALID_COUNTRY;
	else if (lat->present != lng->present || (lat->present && (!r->has_lat || !r->has_lng)))
		r->reason = OSH_INVALID_COORDINATES;
}

size_t
OshEmptyItemsDetail(const size_t empty[OSH_NLISTS], char *buf, size_t cap)
{
	size_t		o = 0;
	int			any = 0;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	for (int k = 0; k < OSH_NLISTS; k++)
	{
		int			w;

		if (empty[k] == 0)
			continue;
		w = snprintf(buf + o, cap - o, "%s%zu empty item(s) in %s", any ? ", " : "", empty[k], osh_list_names[k]);
		any = 1;
		if (w < 0 || (size_t) w >= cap - o)
			return strlen(buf);
		o += (size_t) w;
	}
	if (!any)
		return 0;
	{
		int			w = snprintf(buf + o, cap - o, " left out.");

		if (w < 0 || (size_t) w >= cap - o)
			return strlen(buf);
		o += (size_t) w;
	}
	return o;
}
