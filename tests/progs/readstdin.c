/* Copy standard input to standard output, then report how many bytes and
 * lines came in: shows a program reading the console until EOF. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char buf[512];
	long bytes = 0, lines = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
		bytes += n;
		if (write(1, buf, (size_t)n) != n)
			return 2;
	}
	printf("stdin: %ld bytes, %ld lines, %s\n", bytes, lines, n == 0 ? "EOF" : "error");
	return n == 0 ? 0 : 1;
}
