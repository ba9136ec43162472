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

/* hredd.accept_stale_facility: read facility values of an older normaliser (facility.c). */
bool		hredd_accept_stale_facility = false;
/* hredd.match_model: the model of match_score(a, b, NULL). */
char	   *hredd_match_model = NULL;
/* hredd.match_registry: the registry whose statistics the operators use. */
char	   *hredd_match_registry = NULL;

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
	DefineCustomBoolVariable("hredd.accept_stale_facility",
							 "Read facility values that an older hredd normalised, as they are.",
							 "Off: using such a value raises an error that says how to recompute it "
							 "(CALL hredd.facility_upgrade). hredd.facility_upgrade turns it on "
							 "for itself only, to rewrite the values and rebuild their indexes.",
							 &hredd_accept_stale_facility,
							 false,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomStringVariable("hredd.match_model",
							   "Match model of the operators % and <->, their indexes, match_table, and match_score(a, b, model) when model is NULL.",
							   "\"default\" is the shipped model; other names are models "
							   "fitted by hredd.match_calibrate.",
							   &hredd_match_model,
							   "default",
							   PGC_USERSET, 0,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("hredd.match_registry",
							   "Registry whose statistics (hredd.match_analyze) the operators % and <-> and their index searches use.",
							   "Empty: none. A name common in that registry then weighs less, as in "
							   "match_score(a, b, model, registry); hredd.match_table sets it for its "
							   "searches when called with statistics => true.",
							   &hredd_match_registry,
							   "",
							   PGC_USERSET, 0,
							   NULL, NULL, NULL);
	MarkGUCPrefixReserved("hredd");
}
