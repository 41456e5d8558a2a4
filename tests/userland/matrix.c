/* Parsing tests/userland/matrix.txt (format described at its top). */
#include "matrix.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SHELL "/bin/sh"

/* A copy of the n bytes at s, NUL-terminated (exits if memory runs out). */
static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL) {
		perror("matrix");
		exit(125);
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Format an error message into err and return -1. */
static int bad(char *err, size_t errlen, int line, const char *fmt, ...)
{
	va_list ap;
	int k = snprintf(err, errlen, "matrix.txt:%d: ", line);

	va_start(ap, fmt);
	if (k >= 0 && (size_t)k < errlen)
		vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

/* Set *slot to the attribute value v (of length n); -1 if given twice. */
static int set_once(char **slot, const char *v, size_t n)
{
	if (*slot)
		return -1;
	*slot = dup_n(v, n);
	return 0;
}

/* Apply one "@name value" line of length n to e; 0, or -1 with err. */
static int attribute(struct ul_entry *e, const char *s, size_t n, int line, char *err, size_t errlen)
{
	static const char *const names[] = { "shell", "filter", "why-filter", "known", "abi" };
	char **slots[] = { &e->shell, &e->filter, &e->why_filter, &e->known, &e->abi };
	size_t k = strcspn(s + 1, " \t\n") + 1, vlen;
	const char *v = s + k;

	while (v < s + n && (*v == ' ' || *v == '\t'))
		v++;
	vlen = (size_t)(s + n - v);
	if (k == 7 && strncmp(s, "@sample", 7) == 0 && vlen == 0) {
		e->sample = true;
		return 0;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (k - 1 != strlen(names[i]) || strncmp(s + 1, names[i], k - 1) != 0)
			continue;
		if (vlen == 0)
			return bad(err, errlen, line, "@%s needs a value", names[i]);
		if (set_once(slots[i], v, vlen) != 0)
			return bad(err, errlen, line, "@%s given twice", names[i]);
		return 0;
	}
	return bad(err, errlen, line, "unknown attribute %.*s", (int)k, s);
}

/* Check a finished entry (command present, filter explained) and trim it. */
static int finish(struct ul_entry *e, char *err, size_t errlen)
{
	size_t n = e->cmd ? strlen(e->cmd) : 0;

	while (n > 0 && e->cmd[n - 1] == '\n')
		e->cmd[--n] = '\0';
	if (n == 0)
		return bad(err, errlen, e->line, "entry %s has no command", e->name);
	if ((e->filter == NULL) != (e->why_filter == NULL))
		return bad(err, errlen, e->line, "entry %s: @filter and @why-filter go together", e->name);
	if (e->abi && strcmp(e->abi, "i386") != 0 && strcmp(e->abi, "x86_64") != 0)
		return bad(err, errlen, e->line, "entry %s: @abi is i386 or x86_64, not %s", e->name, e->abi);
	if (e->shell == NULL)
		e->shell = dup_n(DEFAULT_SHELL, strlen(DEFAULT_SHELL));
	return 0;
}

/* Append the n bytes of line s (and a newline) to e's command. */
static void add_cmd_line(struct ul_entry *e, const char *s, size_t n)
{
	size_t old = e->cmd ? strlen(e->cmd) : 0;
	char *p = realloc(e->cmd, old + n + 2);

	if (p == NULL) {
		perror("matrix");
		exit(125);
	}
	memcpy(p + old, s, n);
	p[old + n] = '\n';
	p[old + n + 1] = '\0';
	e->cmd = p;
}

/* Start a new entry named by the "=== NAME" line s of length n. */
static int start_entry(struct ul_matrix *m, const char *s, size_t n, int line, char *err, size_t errlen)
{
	struct ul_entry *e = realloc(m->e, (m->n + 1) * sizeof(*e));
	const char *name = s + 4;
	size_t len = n - 4;

	if (e == NULL) {
		perror("matrix");
		exit(125);
	}
	m->e = e;
	e = &m->e[m->n++];
	memset(e, 0, sizeof(*e));
	e->line = line;
	if (n <= 4 || s[3] != ' ' || strcspn(name, " \t") < len)
		return bad(err, errlen, line, "expected \"=== NAME\" (one word)");
	e->name = dup_n(name, len);
	for (size_t i = 0; i + 1 < m->n; i++)
		if (strcmp(m->e[i].name, e->name) == 0)
			return bad(err, errlen, line, "entry %s given twice", e->name);
	return 0;
}

int ul_matrix_parse(const char *text, struct ul_matrix *m, char *err, size_t errlen)
{
	const char *s = text;
	bool in_attrs = false;
	int line = 0;

	memset(m, 0, sizeof(*m));
	while (*s) {
		size_t n = strcspn(s, "\n");
		struct ul_entry *e = m->n ? &m->e[m->n - 1] : NULL;

		line++;
		if (n >= 3 && strncmp(s, "===", 3) == 0) { /* a new entry ends the last */
			if ((e && finish(e, err, errlen) != 0) || start_entry(m, s, n, line, err, errlen) != 0)
				return -1;
			in_attrs = true;
		} else if (e && in_attrs && s[0] == '@') {
			if (attribute(e, s, n, line, err, errlen) != 0)
				return -1;
		} else if (e && (!in_attrs || n > 0)) { /* blank lines before a command are dropped */
			in_attrs = false;
			add_cmd_line(e, s, n);
		}
		s += n + (s[n] == '\n');
	}
	if (m->n == 0)
		return bad(err, errlen, line, "no entries");
	return finish(&m->e[m->n - 1], err, errlen);
}

void ul_matrix_free(struct ul_matrix *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct ul_entry *e = &m->e[i];

		free(e->name);
		free(e->shell);
		free(e->filter);
		free(e->why_filter);
		free(e->known);
		free(e->abi);
		free(e->cmd);
	}
	free(m->e);
	memset(m, 0, sizeof(*m));
}
