/*
 * hredd.c — module magic and start-up.
 *
 * Nothing else lives here: every capability has its own directory.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* hredd.match_threshold: the score at which % says "same facility". */
double		hredd_match_threshold = 0.5;

/* Called when the library is loaded; settings (GUCs) are defined here. */
void
_PG_init(void)
{
	DefineCustomRealVariable("hredd.match_threshold",
							 "Score from which the % operator treats two facilities as the same.",
							 "match_score is calibrated so that 0.5 means \"as likely the same "
							 "facility as not\"; raise it for fewer, surer matches.",
							 &hredd_match_threshold,
							 0.5, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	MarkGUCPrefixReserved("hredd");
}
