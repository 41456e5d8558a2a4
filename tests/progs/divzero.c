/* divzero: an integer division by zero must kill the process with SIGFPE. */
#include <stdio.h>

/* Entry point. */
int main(void)
{
	/* Both volatile, so gcc cannot fold or rewrite the division (it turns
	 * 1 / x into a compare, which does not trap). */
	volatile int dividend = 1000, zero = 0;
	int q;

	printf("dividing by zero\n");
	fflush(stdout);
	q = dividend / zero;
	printf("still alive: %d\n", q);
	return 0;
}
