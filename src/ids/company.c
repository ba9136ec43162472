/*
 * company.c — exact-ID evidence between company numbers, for matching:
 * hredd.company_key(scheme, number) and
 * hredd.company_number_evidence(scheme, a, b).  The logic is CompanyKey()
 * and CompanyNumberEvidence() in company_core.c, callable from C as well.
 */
#include "id_fmgr.h"
#include "sourcing.h"

#include "utils/builtins.h"

static CompanyScheme
SchemeArg(FunctionCallInfo fcinfo, int n)
{
	text	   *t = PG_GETARG_TEXT_PP(n);
	CompanyScheme s = CompanySchemeByName(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	if (s == CS_UNKNOWN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown company number scheme: \"%s\"",
						ClipForMessage(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t))),
				 errhint("The schemes are uscc, gstin, vn_mst, bd_bin, tr_vkn, lei and duns.")));
	return s;
}

PG_FUNCTION_INFO_V1(company_key);
Datum
company_key(PG_FUNCTION_ARGS)
{
	CompanyScheme s = SchemeArg(fcinfo, 0);
	const char *in;
	size_t		len;
	char		out[32];
	IdError		e;
	int			n;

	ID_TEXT_ARG(1, in, len);
	n = CompanyKey(s, in, len, out, &e);
	if (n < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, n));
}

PG_FUNCTION_INFO_V1(company_number_evidence);
Datum
company_number_evidence(PG_FUNCTION_ARGS)
{
	CompanyScheme s = SchemeArg(fcinfo, 0);
	const char *a,
			   *b;
	size_t		alen,
				blen;

	ID_TEXT_ARG(1, a, alen);
	ID_TEXT_ARG(2, b, blen);
	PG_RETURN_INT32(CompanyNumberEvidence(s, a, alen, b, blen));
}
