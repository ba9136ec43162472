/* unit.h — a minimal test harness for the pure C parts of hredd. */
#ifndef HREDD_UNIT_H
#define HREDD_UNIT_H

#include <stdio.h>
#include <string.h>

static int	unit_failures = 0;
static int	unit_checks = 0;

#define CHECK(cond) \
	do { \
		unit_checks++; \
		if (!(cond)) { \
			unit_failures++; \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		} \
	} while (0)

#define CHECK_STR(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		unit_checks++; \
		if (strcmp(g_, w_) != 0) { \
			unit_failures++; \
			fprintf(stderr, "%s:%d: got \"%s\"\n%*swant \"%s\"\n", __FILE__, __LINE__, g_, \
					(int) strlen(__FILE__) + 8, "", w_); \
		} \
	} while (0)

#define UNIT_DONE(name) \
	do { \
		printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failures); \
		return unit_failures ? 1 : 0; \
	} while (0)

#endif
