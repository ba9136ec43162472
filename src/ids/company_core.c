/*
 * company_core.c — exact-ID evidence between company numbers (pure C).
 *
 * Two records that carry the same valid company number are the same legal
 * entity; two valid numbers of one scheme that differ argue that they are
 * not.  What identifies the entity is not always the whole number: a GSTIN
 * is one state registration of the PAN inside it, and a Vietnamese branch
 * code extends its head office's.  CompanyKey() reduces a number to that
 * key; the matcher compares keys.
 */
#include "sourcing.h"

#include <string.h>

CompanyScheme
CompanySchemeByName(const char *name, size_t len)
{
	static const struct
	{
		const char *name;
		CompanyScheme s;
	}			names[] = {
		{"uscc", CS_USCC}, {"gstin", CS_GSTIN}, {"vn_mst", CS_VN_MST},
		{"bd_bin", CS_BD_BIN}, {"tr_vkn", CS_TR_VKN}, {"lei", CS_LEI}, {"duns", CS_DUNS},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == len && memcmp(names[i].name, name, len) == 0)
			return names[i].s;
	return CS_UNKNOWN;
}

int
CompanyKey(CompanyScheme s, const char *in, size_t len, char *out, IdError *e)
{
	Id16Value	v16;
	LeiValue	lv;
	int64_t		v8;
	int32_t		v4;
	char		buf[32];

	switch (s)
	{
		case CS_USCC:
			if (!UsccParse(in, len, &v16, e))
				return -1;
			UsccFormat(&v16, out);
			return USCC_LEN;
		case CS_GSTIN:
			if (!GstinParse(in, len, &v16, e))
				return -1;
			GstinFormat(&v16, buf);
			memcpy(out, buf + 2, 10);	/* the PAN */
			out[10] = '\0';
			return 10;
		case CS_VN_MST:
			if (!VnMstParse(in, len, &v8, e))
				return -1;
			VnMstFormat(v8 - v8 % 1000, out);	/* the head office */
			return 10;
		case CS_BD_BIN:
			if (!BdBinParse(in, len, &v8, e))
				return -1;
			BdBinFormat(v8, out);
			return BD_BIN_LEN;
		case CS_TR_VKN:
			if (!TrVknParse(in, len, &v8, e))
				return -1;
			TrVknFormat(v8, out);
			return TR_VKN_LEN;
		case CS_LEI:
			if (!LeiParse(in, len, &lv, e))
				return -1;
			LeiFormat(&lv, out);
			return LEI_LEN;
		case CS_DUNS:
			if (!DunsParse(in, len, &v4, e))
				return -1;
			DunsFormat(v4, out);
			return DUNS_LEN;
		case CS_UNKNOWN:
			break;
	}
	memset(e, 0, sizeof(*e));
	e->code = IDERR_EMPTY;
	return -1;
}

int
CompanyNumberEvidence(CompanyScheme s, const char *a, size_t alen,
					  const char *b, size_t blen)
{
	char		ka[32],
				kb[32];
	IdError		e;
	int			na = CompanyKey(s, a, alen, ka, &e);
	int			nb = na < 0 ? -1 : CompanyKey(s, b, blen, kb, &e);

	if (na < 0 || nb < 0)
		return 0;
	return (na == nb && memcmp(ka, kb, (size_t) na) == 0) ? 1 : -1;
}
