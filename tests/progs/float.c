/* Floating point through x87 and SSE, printed with printf: the output is
 * the same wherever the program runs, so a test can compare it. */
#include <math.h>
#include <stdio.h>

/* A sum computed by the libc's double arithmetic. */
static double harmonic(int n)
{
	double s = 0;

	for (int i = 1; i <= n; i++)
		s += 1.0 / i;
	return s;
}

int main(void)
{
	volatile float f = 1.5f;
	volatile double d = 2.25;
	long double ld = 1.0L / 3.0L;

	printf("harmonic(100) = %.9f\n", harmonic(100));
	printf("float*double = %.4f\n", f * d);
	printf("sqrt(2) = %.12f\n", sqrt(2.0));
	printf("long double 1/3 = %.15Lf\n", ld);
	printf("int of 7.9 = %d\n", (int)(7.9 * (double)f));
	return 0;
}
