/*
 * id_fmgr.c — error reporting shared by the identifier types.
 */
#include "id_fmgr.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

/* At most this many bytes of a bad value are quoted in a message. */
#define QUOTE_MAX 64

/* See id_fmgr.h: the quoted part of a bad value, short and validly encoded. */
char *
ClipForMessage(const char *input, size_t len)
{
	int			n = (int) Min(len, (size_t) 4 * QUOTE_MAX);
	int			clip;

	/* a binary message may hold anything: quote only its valid prefix */
	n = pg_encoding_verifymbstr(GetDatabaseEncoding(), input, n);
	clip = pg_mbcliplen(input, n, QUOTE_MAX);
	return psprintf("%.*s%s", clip, input, (size_t) clip < len ? "..." : "");
}

void
IdReportError(Node *escontext, const IdError *e, const char *typname,
			  const char *idname, const char *input, size_t len)
{
	char		detail[512];

	IdErrorDetail(e, idname, detail, sizeof(detail));
	errsave(escontext,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					typname, ClipForMessage(input, len)),
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
