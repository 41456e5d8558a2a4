/* hello_cv: greets, prints argc and each argument on its own line, exits 3. */
#include <cvlibc.h>

/* Entry point. */
int main(int argc, char **argv)
{
	int i;

	printf("hello from cvlibc\n");
	printf("argc=%d\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	return 3;
}
