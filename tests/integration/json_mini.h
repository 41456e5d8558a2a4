/* A small JSON reader for tests: parses a whole document into a tree and
 * looks values up by key and index. Strict: any syntax error fails. */
#ifndef TESTS_JSON_MINI_H
#define TESTS_JSON_MINI_H

#include <stdbool.h>
#include <stddef.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jtype type;
	bool b;
	double num;
	char *str;              /* J_STR, and the key of an object member */
	char *key;
	struct jnode *child;    /* first element or member */
	struct jnode *next;     /* next sibling */
};

/* Parse text; NULL when it is not valid JSON. */
struct jnode *json_parse(const char *text);

/* Free a tree. */
void json_free(struct jnode *n);

/* The member key of object n, or NULL. */
const struct jnode *json_get(const struct jnode *n, const char *key);

/* Element i of array n, or NULL. */
const struct jnode *json_at(const struct jnode *n, size_t i);

/* The number of elements of an array (members of an object). */
size_t json_len(const struct jnode *n);

/* The number at n (0 if n is not a number). */
double json_num(const struct jnode *n);

/* The string at n ("" if n is not a string). */
const char *json_str(const struct jnode *n);

#endif
