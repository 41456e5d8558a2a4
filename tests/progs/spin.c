/* A process that never yields: only preemption and --timeout end it. */
int main(void)
{
	for (volatile unsigned i = 0;; i++)
		;
}
