/*
 * jsoncheck: read lines from stdin and check that each one is a valid
 * JSON object, using jansson (an independent parser; \u0000 is valid
 * JSON, so it is allowed).  Prints the number of lines and exits 0, or
 * prints the first bad line's number and the parser's complaint and
 * exits 1.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;

	while ((n = getline(&line, &cap, stdin)) >= 0) {
		json_error_t err;
		json_t *j;
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		j = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
		if (j == NULL || !json_is_object(j)) {
			printf("line %ld: %s\n", lineno,
			       j == NULL ? err.text : "not an object");
			free(line);
			return 1;
		}
		json_decref(j);
	}
	free(line);
	printf("%ld\n", lineno);
	return 0;
}
