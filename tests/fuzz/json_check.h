/* A strict JSON validator for the fuzz targets (RFC 8259: one value, UTF-8
 * text, no control characters in strings), written independently of the
 * writer it checks (vmm/inspect/json_out.c). String values of object
 * members are handed to a callback, decoded the way json_put_string
 * encodes: literal UTF-8 as its bytes and each \u00XX escape as the one
 * byte XX (the writer escapes control characters and the bytes of
 * malformed UTF-8 so), which gives back exactly the bytes that were
 * written. An escape above \u00ff is refused: the writer never makes one. */
#ifndef FUZZ_JSON_CHECK_H
#define FUZZ_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Called for each object member whose value is a string. */
typedef void json_string_fn(const uint8_t *key, size_t keylen, const uint8_t *value,
			    size_t len, void *ctx);

/* Check that doc[0..len) is one JSON value with optional white space
 * around it. Returns true, or false with a reason and the offset in why. */
bool json_check(const char *doc, size_t len, json_string_fn *fn, void *ctx,
		char *why, size_t whylen);

#endif
