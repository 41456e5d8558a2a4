/* Writing JSON strings that are always valid, whatever bytes they hold. */
#ifndef VMM_INSPECT_JSON_OUT_H
#define VMM_INSPECT_JSON_OUT_H

#include <stddef.h>
#include <stdio.h>

/* Length (1-4) of the well-formed UTF-8 sequence at s, or 0 when the
 * byte at s does not start one (overlong forms, surrogates and code
 * points above U+10FFFF are not well-formed). s is NUL-terminated. */
size_t utf8_seq_len(const unsigned char *s);

/* Write s as a quoted JSON string: quote and backslash escaped, control
 * characters as \uXXXX (or \n, \t ...), well-formed UTF-8 as is, and each
 * byte of malformed UTF-8 as \u00XX (its Latin-1 reading). */
void json_put_string(FILE *out, const char *s);

#endif
