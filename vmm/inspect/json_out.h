/* Writing JSON strings that are always valid, whatever bytes they hold. */
#ifndef VMM_INSPECT_JSON_OUT_H
#define VMM_INSPECT_JSON_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Length (1-4) of the well-formed UTF-8 sequence at s, or 0 when the
 * byte at s does not start one (overlong forms, surrogates and code
 * points above U+10FFFF are not well-formed). s is NUL-terminated. */
size_t utf8_seq_len(const unsigned char *s);

/* Write s as a quoted JSON string: quote and backslash escaped, control
 * characters as \uXXXX (or \n, \t ...), well-formed UTF-8 as is, and each
 * byte of malformed UTF-8 as \u00XX (its Latin-1 reading). */
void json_put_string(FILE *out, const char *s);

/* A uint64_t member of a struct and its JSON name. */
struct json_u64_field {
	const char *name;
	size_t offset; /* offsetof() the member */
};

/* The field for member of type, named name in JSON (a member that is not
 * a uint64_t does not compile: _Generic has no match for it). */
#define JSON_U64_FIELD(type, member, name) \
	{ name, offsetof(type, member) + 0 * _Generic(((type *)0)->member, uint64_t: 1) }

/* The field for member of type, named in JSON as it is spelled in C. */
#define JSON_U64_MEMBER(type, member) JSON_U64_FIELD(type, member, #member)

/* Write the n fields f of the struct at base as "name": value pairs,
 * separated by ", " (the caller writes what surrounds them). */
void json_put_u64_fields(FILE *out, const void *base, const struct json_u64_field *f, size_t n);

#endif
