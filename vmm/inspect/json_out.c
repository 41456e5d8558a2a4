/* JSON string output with escaping and UTF-8 validation. */
#include "json_out.h"

#include <stdint.h>
#include <string.h>

/* Is c a UTF-8 continuation byte (10xxxxxx)? */
static int cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* Check a lead byte's continuation bytes: the first within [lo, hi]. */
static size_t seq(const unsigned char *s, size_t n, unsigned char lo, unsigned char hi)
{
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (!cont(s[i]))
			return 0;
	return n;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629 table). */
size_t utf8_seq_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return seq(s, 2, 0x80, 0xbf);
	if (c == 0xe0)
		return seq(s, 3, 0xa0, 0xbf);
	if (c == 0xed)
		return seq(s, 3, 0x80, 0x9f);
	if (c >= 0xe1 && c <= 0xef)
		return seq(s, 3, 0x80, 0xbf);
	if (c == 0xf0)
		return seq(s, 4, 0x90, 0xbf);
	if (c >= 0xf1 && c <= 0xf3)
		return seq(s, 4, 0x80, 0xbf);
	if (c == 0xf4)
		return seq(s, 4, 0x80, 0x8f);
	return 0;
}

/* Write one ASCII character, escaped as JSON requires. */
static void put_ascii(FILE *out, unsigned char c)
{
	switch (c) {
	case '"': fputs("\\\"", out); return;
	case '\\': fputs("\\\\", out); return;
	case '\n': fputs("\\n", out); return;
	case '\r': fputs("\\r", out); return;
	case '\t': fputs("\\t", out); return;
	case '\b': fputs("\\b", out); return;
	case '\f': fputs("\\f", out); return;
	}
	if (c < 0x20)
		fprintf(out, "\\u%04x", c);
	else
		fputc(c, out);
}

/* Write s as a JSON string literal. */
void json_put_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	while (*p) {
		size_t n = utf8_seq_len(p);

		if (n == 0) {
			fprintf(out, "\\u%04x", *p++);
		} else if (n == 1) {
			put_ascii(out, *p++);
		} else {
			fwrite(p, 1, n, out);
			p += n;
		}
	}
	fputc('"', out);
}

void json_put_u64_fields(FILE *out, const void *base, const struct json_u64_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t v;

		memcpy(&v, (const char *)base + f[i].offset, sizeof(v));
		fprintf(out, "%s\"%s\": %llu", i ? ", " : "", f[i].name, (unsigned long long)v);
	}
}
