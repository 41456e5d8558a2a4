/* cvlibc: memory and string functions. */
#ifndef CV_STRING_H
#define CV_STRING_H

#include <stddef.h>

#include "../../../common/freestanding/cstring.h" /* memcmp, strlen, strnlen, strcmp, strncmp */

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
char *strcpy(char *dst, const char *src);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
const char *strerror(int err);

#endif
