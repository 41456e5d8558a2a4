/* Preemption: two CPU-bound processes that never block both make progress.
 * Each counts in a shared page; each waits, spinning, until the other has
 * counted too - which only happens if the scheduler takes turns. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define GOAL 20000

int main(void)
{
	volatile unsigned *count = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status, me;
	pid_t pid;

	if (count == MAP_FAILED)
		return 1;
	count[0] = count[1] = 0;
	pid = fork();
	me = pid == 0;
	/* Count to GOAL, then spin until the other reached it as well. */
	while (count[me] < GOAL)
		count[me]++;
	while (count[!me] < GOAL)
		;
	if (pid == 0)
		_exit(0);
	waitpid(pid, &status, 0);
	printf("both processes counted to %u and %u\n", count[0], count[1]);
	return 0;
}
