/* cvlibc: the environment crt0.S found. */
#include <stdlib.h>
#include <string.h>

char **environ;

/* getenv(3). */
char *getenv(const char *name)
{
	size_t n = strlen(name);
	char **e;

	if (!environ)
		return NULL;
	for (e = environ; *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}
