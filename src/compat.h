/*
 * compat.h — everything that depends on the PostgreSQL major version.
 *
 * hredd targets PostgreSQL 15; keep version tests here so 16 and 17 can
 * follow by editing one file.
 */
#ifndef HREDD_COMPAT_H
#define HREDD_COMPAT_H

#include "postgres.h"

#include "nodes/nodes.h"

#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#else
/* Soft input errors arrive in 16; before that every error is hard. */
#define errsave(context, ...)	ereport(ERROR, __VA_ARGS__)
#endif

#endif
