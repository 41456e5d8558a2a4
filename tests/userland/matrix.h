/* The userland matrix file (tests/userland/matrix.txt): entries of a
 * command, the shell that runs it and what the comparison allows. */
#ifndef TESTS_USERLAND_MATRIX_H
#define TESTS_USERLAND_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

struct ul_entry {
	char *name;       /* after "=== " */
	char *shell;      /* @shell, default /bin/sh */
	char *filter;     /* @filter: host sh command for both stdouts, or NULL */
	char *why_filter; /* @why-filter: required with @filter */
	char *known;      /* @known: why it differs today, or NULL */
	char *abi;        /* @abi: the one tree it runs on ("i386", "x86_64"), or NULL */
	bool sample;      /* @sample: part of make test's sample */
	char *cmd;        /* the command text, without trailing newlines */
	int line;         /* line of the "===" in the file */
};

struct ul_matrix {
	struct ul_entry *e;
	size_t n;
};

/* Parse the matrix text into m (freed with ul_matrix_free). Returns 0, or
 * -1 with a message naming the line in err (a malformed file). */
int ul_matrix_parse(const char *text, struct ul_matrix *m, char *err, size_t errlen);

/* Free what ul_matrix_parse allocated. */
void ul_matrix_free(struct ul_matrix *m);

#endif
