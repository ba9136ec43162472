/* fuzz_common.h — shared checks for the identifier fuzz harnesses. */
#ifndef HREDD_FUZZ_COMMON_H
#define HREDD_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>

#include "../../src/ids/ids.h"

/* Abort (a crash libFuzzer reports) when cond is false. */
#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

/* Every error must yield a detail sentence; exercise the formatter. */
static inline void
FuzzDetail(const IdError *e, const char *idname)
{
	char		buf[512];

	FUZZ_ASSERT(e->code != IDERR_NONE);
	IdErrorDetail(e, idname, buf, sizeof(buf));
	FUZZ_ASSERT(strlen(buf) > 0 && strlen(buf) < sizeof(buf));
}

#endif
