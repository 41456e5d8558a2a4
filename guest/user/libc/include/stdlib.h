/* cvlibc: process exit, numbers from strings, the heap, the environment. */
#ifndef CV_STDLIB_H
#define CV_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

#define LONG_MAX 0x7fffffffL
#define LONG_MIN (-LONG_MAX - 1L)

void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
int atoi(const char *s);
void *malloc(size_t n);
void free(void *p);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);
char *getenv(const char *name);

extern char **environ;

#endif
