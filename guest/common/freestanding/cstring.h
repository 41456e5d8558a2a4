/* The C string functions the kernel and cvlibc share (cstring.c): lengths
 * and comparisons, plain C loops that suit both. The block copies are each
 * side's own (the kernel's rep movsq/stosq, cvlibc's byte loops). */
#ifndef COMMON_FREESTANDING_CSTRING_H
#define COMMON_FREESTANDING_CSTRING_H

#include <stddef.h>

int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
