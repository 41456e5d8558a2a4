/* hello: prints a greeting, its arguments and $GREETING, and exits 42. */
#include <stdio.h>
#include <stdlib.h>

/* Entry point. */
int main(int argc, char **argv)
{
	const char *greeting = getenv("GREETING");
	int i;

	printf("hello, world\n");
	for (i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	if (greeting)
		printf("GREETING=%s\n", greeting);
	return 42;
}
