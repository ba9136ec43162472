/*
 * hredd_tool — the extension's own C code as a filter, for the generators
 * (tools/gen_*.py) and the table checks: the generators never re-implement
 * folding, normalisation or the trigram hash, they ask this program.
 * Built by `make tools/hredd_tool` (plain gcc, no PostgreSQL).
 *
 *   hredd_tool fold       one line in, its FoldKey() out
 *   hredd_tool name       "text<TAB>CC" in (CC optional), MatchNormalize() of the name out
 *   hredd_tool address    the same for an address
 *   hredd_tool grams      a normalised name in, the trigram hashes the score
 *                         uses out (MatchProfileBuild(), hex, space-separated)
 *   hredd_tool country    one line in, CountryParse(): the alpha-2 code, or
 *                         "-" and the note when it names no single country
 *
 * One output line per input line, flushed at once, so a generator can keep
 * the program open and talk to it line by line.  Built with -DFOLD_ONLY it
 * links src/common/fold.c alone and has only "fold" (the country table is
 * generated with it, before the other modes could be built).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/common/fold.h"
#ifndef FOLD_ONLY
#include "../src/ids/ids.h"
#include "../src/match/normalize.h"
#include "../src/match/score.h"

static MatchProfile profile;
#endif

static char line[65536];
static char out[8 * 2000 + 64 + 65536];

static void
Usage(void)
{
	fprintf(stderr, "usage: hredd_tool fold|name|address|grams|country < lines\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *mode;

	if (argc != 2)
		Usage();
	mode = argv[1];
#ifdef FOLD_ONLY
	if (strcmp(mode, "fold"))
		Usage();
#else
	if (strcmp(mode, "fold") && strcmp(mode, "name") && strcmp(mode, "address") &&
		strcmp(mode, "grams") && strcmp(mode, "country"))
		Usage();
#endif
	while (fgets(line, sizeof(line), stdin))
	{
		size_t		n = strlen(line);

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (strcmp(mode, "fold") == 0)
		{
			size_t		k = FoldKey(line, n, out, sizeof(out));

			printf("%.*s\n", k == (size_t) -1 ? 0 : (int) k, out);
		}
#ifndef FOLD_ONLY
		else if (strcmp(mode, "grams") == 0)
		{
			MatchProfileBuild(&profile, line, n, "", 0, 0, false, 0, 0);
			for (int i = 0; i < profile.ngram; i++)
				printf(i ? " %08x" : "%08x", profile.gram[i]);
			printf("\n");
		}
		else if (strcmp(mode, "country") == 0)
		{
			uint16_t	cc;
			IdError		e;

			if (CountryParse(line, n, &cc, &e))
			{
				char		code[3];

				CountryFormat(cc, code);
				printf("%s\n", code);
			}
			else
				printf("-\t%s\n", e.note ? e.note : "");
		}
		else
		{
			uint16_t	cc = 0;
			size_t		outlen = 0;
			char	   *tab = strchr(line, '\t');

			if (tab)
			{
				IdError		e;

				*tab = '\0';
				n = (size_t) (tab - line);
				if (!CountryParse(tab + 1, strlen(tab + 1), &cc, &e))
					cc = 0;
			}
			if (MatchNormalize(strcmp(mode, "address") == 0 ? MATCH_FIELD_ADDRESS : MATCH_FIELD_NAME,
							   line, n, cc, out, &outlen) != MATCH_NORM_OK)
				outlen = 0;
			printf("%.*s\n", (int) outlen, out);
		}
#endif
		fflush(stdout);
	}
	return 0;
}
