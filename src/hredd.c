/*
 * hredd.c — module magic and start-up.
 *
 * Nothing else lives here: every capability has its own directory.
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Called when the library is loaded; settings (GUCs) are defined here. */
void
_PG_init(void)
{
}
