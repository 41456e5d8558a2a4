/* sleeptime: nanosleep and clock_nanosleep never return before the time
 * asked for has passed on CLOCK_MONOTONIC (as on Linux). Sleeps 30 ms five
 * times each way; prints "sleeptime: ok" or the shortest sleep seen. */
#include <stdio.h>
#include <time.h>

#define ASK_NS 30000000L
#define ROUNDS 5

/* Nanoseconds from a to b. */
static long long since(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

int main(void)
{
	struct timespec ask = { 0, ASK_NS }, a, b;
	long long shortest = -1;

	for (int i = 0; i < 2 * ROUNDS; i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (i < ROUNDS)
			nanosleep(&ask, NULL);
		else
			clock_nanosleep(CLOCK_MONOTONIC, 0, &ask, NULL);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (shortest < 0 || since(&a, &b) < shortest)
			shortest = since(&a, &b);
	}
	if (shortest >= ASK_NS) {
		printf("sleeptime: ok\n");
		return 0;
	}
	printf("sleeptime: SHORT: a %ld ns sleep took %lld ns\n", ASK_NS, shortest);
	return 1;
}
