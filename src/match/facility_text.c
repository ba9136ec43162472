/*
 * facility_text.c — parse the text form of hredd.facility.
 */
#include "facility_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool
IsSpace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

FacilityTextError
FacilityCheckCoords(bool has_lat, double lat, bool has_lng, double lng)
{
	if (has_lat != has_lng)
		return FT_ONE_COORD;
	if (!has_lat)
		return FT_OK;
	if (isnan(lat) || isnan(lng) || lat < -90 || lat > 90 || lng < -180 || lng > 180)
		return FT_COORD_RANGE;
	return FT_OK;
}

double
FacilityCanonCoord(double v)
{
	if (isnan(v))
		return NAN;
	if (v == 0)
		return 0.0;
	return v;
}

/* Parse a coordinate field: plain decimal notation, no blanks inside. */
static bool
ParseNumber(const char *s, size_t n, double *v)
{
	char		tmp[64];
	char	   *end;

	if (n == 0 || n >= sizeof(tmp))
		return false;
	for (size_t i = 0; i < n; i++)
	{
		char		c = s[i];

		if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
			  c == 'e' || c == 'E'))
			return false;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*v = strtod(tmp, &end);
	return end == tmp + n;
}

FacilityTextError
FacilityTextParse(const char *s, size_t n, FacilityText *ft)
{
	size_t		i = 0,
				o = 0;
	int			field = 0;
	double		lat = 0,
				lng = 0;
	FacilityTextError e;

	while (n > 0 && IsSpace(s[n - 1]))
		n--;
	while (i < n && IsSpace(s[i]))
		i++;
	if (i >= n || s[i] != '(' || s[n - 1] != ')')
		return FT_NO_PARENS;
	i++;
	n--;
	for (;;)
	{
		if (field >= FACILITY_FIELDS)
			return FT_FIELD_COUNT;
		while (i < n && IsSpace(s[i]))
			i++;
		ft->off[field] = o;
		if (i < n && s[i] == '"')
		{
			i++;
			for (;;)
			{
				if (i >= n)
					return FT_UNTERMINATED;
				if (s[i] == '"' && i + 1 < n && s[i + 1] == '"')
				{
					ft->buf[o++] = '"';
					i += 2;
				}
				else if (s[i] == '"')
				{
					i++;
					break;
				}
				else if (s[i] == '\\' && i + 1 < n)
				{
					ft->buf[o++] = s[i + 1];
					i += 2;
				}
				else
					ft->buf[o++] = s[i++];
			}
			while (i < n && IsSpace(s[i]))
				i++;
			if (i < n && s[i] != ',')
				return FT_JUNK_AFTER_QUOTE;
			ft->present[field] = true;
		}
		else
		{
			size_t		start = o;

			while (i < n && s[i] != ',')
				ft->buf[o++] = s[i++];
			while (o > start && IsSpace(ft->buf[o - 1]))
				o--;
			ft->present[field] = o > start;
		}
		ft->len[field] = o - ft->off[field];
		field++;
		if (i >= n)
			break;
		i++;					/* the comma */
	}
	if (field != FACILITY_FIELDS)
		return FT_FIELD_COUNT;
	if (ft->present[3] && !ParseNumber(ft->buf + ft->off[3], ft->len[3], &lat))
		return FT_BAD_NUMBER;
	if (ft->present[4] && !ParseNumber(ft->buf + ft->off[4], ft->len[4], &lng))
		return FT_BAD_NUMBER;
	e = FacilityCheckCoords(ft->present[3], lat, ft->present[4], lng);
	if (e != FT_OK)
		return e;
	ft->has_coords = ft->present[3];
	ft->lat = lat;
	ft->lng = lng;
	return FT_OK;
}

const char *
FacilityTextErrorDetail(FacilityTextError e)
{
	switch (e)
	{
		case FT_OK:
			return "";
		case FT_NO_PARENS:
			return "A facility is written (\"name\",\"address\",country,lat,lng).";
		case FT_FIELD_COUNT:
			return "A facility has five fields: name, address, country, lat, lng.";
		case FT_UNTERMINATED:
			return "A quoted field is not closed.";
		case FT_JUNK_AFTER_QUOTE:
			return "Only a comma may follow a quoted field.";
		case FT_BAD_NUMBER:
			return "Latitude and longitude must be decimal numbers.";
		case FT_ONE_COORD:
			return "Give both latitude and longitude, or neither.";
		case FT_COORD_RANGE:
			return "Latitude must be between -90 and 90 and longitude between -180 and 180.";
	}
	return "";
}
