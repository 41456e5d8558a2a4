/* Replay main for a fuzz target built without libFuzzer (make test): runs
 * LLVMFuzzerTestOneInput once per input as a cmocka test, so a target that
 * no longer compiles or crashes on a known input fails the ordinary test
 * run. Inputs: a few built-in ones (empty, one byte, 4 KiB of 0xff), then
 * every file of the seed directories (or files) named on the command line,
 * by default the target's committed corpus REPLAY_CORPUS if it exists.
 * A failed check in the target abort()s, which ends the binary with a
 * non-zero status (run-tests.sh counts it as a failure). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#ifndef REPLAY_CORPUS
#error "REPLAY_CORPUS (the target's seed directory) must be defined"
#endif

#define ONES_SIZE 4096 /* the all-0xff built-in input */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One input: a name for the report and where its bytes come from. */
struct input {
	char *path;          /* a file to read, or NULL for the built-in bytes */
	const uint8_t *bytes;
	size_t size;
};

static struct input *inputs;
static struct CMUnitTest *tests;
static size_t ninputs, cap;

/* Append an input and its test (name is copied). */
static void add(const char *name, char *path, const uint8_t *bytes, size_t size)
{
	if (ninputs == cap) {
		cap = cap ? 2 * cap : 64;
		inputs = realloc(inputs, cap * sizeof(*inputs));
		tests = realloc(tests, cap * sizeof(*tests));
		if (inputs == NULL || tests == NULL)
			abort();
	}
	inputs[ninputs] = (struct input){ path, bytes, size };
	tests[ninputs] = (struct CMUnitTest){ .name = strdup(name), .test_func = NULL };
	ninputs++;
}

/* The whole of file path in a malloc'd buffer (at least one byte), *size set. */
static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*size = (size_t)len;
	return buf;
}

/* Run the target on one input; its checks abort on a finding. */
static void replay_one(void **state)
{
	const struct input *in = *state;
	uint8_t *copy;
	size_t size = in->size;

	if (in->path != NULL) {
		copy = slurp(in->path, &size);
	} else { /* an exactly sized copy, as libFuzzer gives */
		copy = malloc(size ? size : 1);
		assert_non_null(copy);
		memcpy(copy, in->bytes, size);
	}
	assert_int_equal(LLVMFuzzerTestOneInput(copy, size), 0);
	free(copy);
}

/* Add path: a regular file, or every regular file of a directory (sorted). */
static void add_path(const char *path)
{
	struct dirent **names;
	struct stat st;
	int n;

	if (stat(path, &st) != 0)
		return; /* no seeds for this target */
	if (!S_ISDIR(st.st_mode)) {
		add(path, strdup(path), NULL, 0);
		return;
	}
	n = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char *full;

		if (names[i]->d_name[0] != '.' && asprintf(&full, "%s/%s", path, names[i]->d_name) >= 0) {
			if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
				add(names[i]->d_name, full, NULL, 0);
			else
				free(full);
		}
		free(names[i]);
	}
	free(n >= 0 ? names : NULL);
}

int main(int argc, char **argv)
{
	static const uint8_t one[1] = { 0 };
	static uint8_t ones[ONES_SIZE];

	memset(ones, 0xff, sizeof(ones));
	add("built-in: empty", NULL, one, 0);
	add("built-in: one byte", NULL, one, sizeof(one));
	add("built-in: 4 KiB of 0xff", NULL, ones, sizeof(ones));
	if (argc > 1)
		for (int i = 1; i < argc; i++)
			add_path(argv[i]);
	else
		add_path(REPLAY_CORPUS);
	for (size_t i = 0; i < ninputs; i++) {
		tests[i].test_func = replay_one;
		tests[i].initial_state = &inputs[i]; /* pointers are final once all are added */
	}
	return _cmocka_run_group_tests(REPLAY_NAME, tests, ninputs, NULL, NULL);
}
