/* A small recursive-descent JSON parser for tests. */
#include "json_mini.h"

#include <stdlib.h>
#include <string.h>

struct parser {
	const char *p;
	int depth;
};

static struct jnode *parse_value(struct parser *ps);

/* Skip blanks. */
static void blank(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

/* A new node of type t. */
static struct jnode *node(enum jtype t)
{
	struct jnode *n = calloc(1, sizeof(*n));

	if (n)
		n->type = t;
	return n;
}

/* The value of one hex digit, or -1. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The character a one-letter escape stands for, or -1. */
static int unescape(char e)
{
	switch (e) {
	case '"': return '"';
	case '\\': return '\\';
	case '/': return '/';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	}
	return -1;
}

/* Bytes of the string literal at p (at its quote) up to its closing quote
 * or the end: enough for its decoded form. (Not the whole rest of the
 * text: that made parsing quadratic in time and memory.) */
static size_t raw_len(const char *p)
{
	size_t n = *p ? 1 : 0;

	while (p[n] && p[n] != '"')
		n += p[n] == '\\' && p[n + 1] ? 2 : 1;
	return n;
}

/* A string literal at ps->p (at the quote); malloc'd, NULL on error. \\u
 * escapes below 0x80 become bytes, others '?'. */
static char *parse_string(struct parser *ps)
{
	size_t cap = raw_len(ps->p) + 1, n = 0;
	char *out = malloc(cap);

	if (out == NULL || *ps->p++ != '"')
		goto bad;
	while (*ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p++;
		if (c < 0x20)
			goto bad;
		if (c == '\\') {
			char e = *ps->p++;
			if (e == 'u') {
				int v = 0;
				for (int i = 0; i < 4; i++) {
					int h = hexval(*ps->p++);
					if (h < 0)
						goto bad;
					v = v * 16 + h;
				}
				c = v < 0x80 ? (unsigned char)v : '?';
			} else if (unescape(e) >= 0) {
				c = (unsigned char)unescape(e);
			} else {
				goto bad;
			}
		}
		out[n++] = (char)c;
	}
	ps->p++;
	out[n] = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

/* Elements of an array or members of an object, after the opening bracket. */
static struct jnode *parse_container(struct parser *ps, enum jtype t, char close)
{
	struct jnode *n = node(t), **tail;

	if (n == NULL || ++ps->depth > 64)
		goto bad;
	tail = &n->child;
	blank(ps);
	if (*ps->p == close) {
		ps->p++;
		ps->depth--;
		return n;
	}
	for (;;) {
		char *key = NULL;
		struct jnode *v;
		blank(ps);
		if (t == J_OBJ) {
			if ((key = parse_string(ps)) == NULL)
				goto bad;
			blank(ps);
			if (*ps->p++ != ':') {
				free(key);
				goto bad;
			}
		}
		if ((v = parse_value(ps)) == NULL) {
			free(key);
			goto bad;
		}
		v->key = key;
		*tail = v;
		tail = &v->next;
		blank(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p++ != close)
			goto bad;
		ps->depth--;
		return n;
	}
bad:
	json_free(n);
	return NULL;
}

/* A literal word (true, false, null). */
static struct jnode *parse_word(struct parser *ps, const char *w, enum jtype t, bool b)
{
	struct jnode *n;

	if (strncmp(ps->p, w, strlen(w)) != 0 || (n = node(t)) == NULL)
		return NULL;
	ps->p += strlen(w);
	n->b = b;
	return n;
}

/* A number (the JSON grammar, checked by strtod's extent). */
static struct jnode *parse_number(struct parser *ps)
{
	char *end;
	struct jnode *n;
	double v;

	if (*ps->p != '-' && (*ps->p < '0' || *ps->p > '9'))
		return NULL;
	v = strtod(ps->p, &end);
	if (end == ps->p || (n = node(J_NUM)) == NULL)
		return NULL;
	n->num = v;
	ps->p = end;
	return n;
}

static struct jnode *parse_value(struct parser *ps)
{
	struct jnode *n;

	blank(ps);
	switch (*ps->p) {
	case '{': ps->p++; return parse_container(ps, J_OBJ, '}');
	case '[': ps->p++; return parse_container(ps, J_ARR, ']');
	case '"':
		if ((n = node(J_STR)) && (n->str = parse_string(ps)))
			return n;
		free(n);
		return NULL;
	case 't': return parse_word(ps, "true", J_BOOL, true);
	case 'f': return parse_word(ps, "false", J_BOOL, false);
	case 'n': return parse_word(ps, "null", J_NULL, false);
	}
	return parse_number(ps);
}

struct jnode *json_parse(const char *text)
{
	struct parser ps = { text, 0 };
	struct jnode *n = parse_value(&ps);

	blank(&ps);
	if (n && *ps.p != '\0') {
		json_free(n);
		return NULL;
	}
	return n;
}

void json_free(struct jnode *n)
{
	while (n) {
		struct jnode *next = n->next;
		json_free(n->child);
		free(n->str);
		free(n->key);
		free(n);
		n = next;
	}
}

const struct jnode *json_get(const struct jnode *n, const char *key)
{
	if (n == NULL || n->type != J_OBJ)
		return NULL;
	for (const struct jnode *c = n->child; c; c = c->next)
		if (strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

const struct jnode *json_at(const struct jnode *n, size_t i)
{
	const struct jnode *c = n && n->type == J_ARR ? n->child : NULL;

	while (c && i--)
		c = c->next;
	return c;
}

size_t json_len(const struct jnode *n)
{
	size_t k = 0;

	for (const struct jnode *c = n ? n->child : NULL; c; c = c->next)
		k++;
	return k;
}

double json_num(const struct jnode *n)
{
	return n && n->type == J_NUM ? n->num : 0;
}

const char *json_str(const struct jnode *n)
{
	return n && n->type == J_STR ? n->str : "";
}
