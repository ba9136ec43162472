/*
 * match_normalize — developer tool: normalise facility names or addresses,
 * one per line on stdin ("text<TAB>CC", country optional), one result per
 * line on stdout.  Built and run by tools/gen_match_vocab.py.
 */
#include <stdio.h>
#include <string.h>

#include "../src/ids/ids.h"
#include "../src/match/normalize.h"

int
main(int argc, char **argv)
{
	static char line[65536];
	static char out[MATCH_NORM_CAP(MATCH_ADDRESS_MAX)];
	MatchField	f = (argc > 1 && strcmp(argv[1], "address") == 0) ?
		MATCH_FIELD_ADDRESS : MATCH_FIELD_NAME;

	while (fgets(line, sizeof(line), stdin))
	{
		size_t		n = strlen(line);
		size_t		outlen = 0;
		uint16_t	cc = 0;
		char	   *tab;

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		tab = strchr(line, '\t');
		if (tab)
		{
			IdError		e;

			*tab = '\0';
			n = (size_t) (tab - line);
			if (!CountryParse(tab + 1, strlen(tab + 1), &cc, &e))
				cc = 0;
		}
		if (MatchNormalize(f, line, n, cc, out, &outlen) != MATCH_NORM_OK)
			outlen = 0;
		printf("%.*s\n", (int) outlen, out);
	}
	return 0;
}
