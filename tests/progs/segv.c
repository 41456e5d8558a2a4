/* Write through a null pointer: must die with SIGSEGV (status 139). */
#include <stdio.h>

int main(void)
{
	volatile int *p = (int *)0;

	printf("writing to address 0\n");
	fflush(stdout);
	*p = 1;
	printf("still alive?\n");
	return 0;
}
