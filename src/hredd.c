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

/* hredd.match_model: the model of match_score(a, b, NULL). */
char	   *hredd_match_model = NULL;

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
	DefineCustomStringVariable("hredd.match_model",
							   "Match model of match_score(a, b, model) when model is NULL.",
							   "\"default\" is the shipped model; other names are models "
							   "fitted by hredd.match_calibrate.",
							   &hredd_match_model,
							   "default",
							   PGC_USERSET, 0,
							   NULL, NULL, NULL);
	MarkGUCPrefixReserved("hredd");
}
