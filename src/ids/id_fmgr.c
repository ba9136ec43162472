/*
 * id_fmgr.c — error reporting shared by the identifier types.
 */
#include "id_fmgr.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

/* At most this many bytes of a bad value are quoted in a message. */
#define QUOTE_MAX 64

void
IdReportError(Node *escontext, const IdError *e, const char *typname,
			  const char *idname, const char *input, size_t len)
{
	char		detail[512];
	int			clip = pg_mbcliplen(input, (int) Min(len, (size_t) 4 * QUOTE_MAX), QUOTE_MAX);

	IdErrorDetail(e, idname, detail, sizeof(detail));
	errsave(escontext,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%.*s%s\"",
					typname, clip, input, (size_t) clip < len ? "..." : ""),
			 errdetail("%s", detail)));
}

text *
IdErrorText(const IdError *e, const char *idname)
{
	char		detail[512];

	IdErrorDetail(e, idname, detail, sizeof(detail));
	return cstring_to_text(detail);
}

void
IdReportBinaryError(const char *typname)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid external binary value for type %s", typname)));
	pg_unreachable();
}
