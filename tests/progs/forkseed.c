/* The seed program: print, fork, the child and the parent (after wait)
 * say who they are. With stdout not a terminal, the first line is still
 * in stdio's buffer at fork, so it is printed twice. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int rc;

	printf("hello world (pid:%d)\n", (int)getpid());
	rc = fork();
	if (rc < 0) {
		fprintf(stderr, "fork failed\n");
		exit(1);
	} else if (rc == 0) {
		printf("hello, I am child (pid:%d)\n", (int)getpid());
	} else {
		wait(NULL);
		printf("hello, I am parent of %d (pid:%d)\n", rc, (int)getpid());
	}
	return 0;
}
