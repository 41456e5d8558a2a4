/* Preparing guest RAM: kernel, initrd, boot page. */
#include "guest_setup.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../shared/cmdline.h"
#include "../shared/exitcodes.h"
#include "../shared/layout.h"
#include "initrd.h"
#include "rootfs.h"
#include "program.h"
#include "pvh_boot.h"

#define PACK_NOTE_BYTES (64u << 20) /* a tree this big gets a note: packing takes a while */

const char *guest_init_path(const struct cv_options *opt, char *buf, size_t len)
{
	const char *p = opt->append, *found = NULL;

	while (p && (p = strstr(p, "init=")) != NULL) {
		if (p == opt->append || p[-1] == ' ')
			found = p + 5;
		p += 5;
	}
	if (found == NULL || *found == ' ' || *found == '\0')
		return "/init";
	snprintf(buf, len, "%.*s", (int)strcspn(found, " "), found);
	return buf;
}

/* Does words (blank-separated) hold a word starting with prefix? */
static bool has_word_prefix(const char *words, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = words; (p = strstr(p, prefix)) != NULL; p += n)
		if (p == words || p[-1] == ' ')
			return true;
	return false;
}

/* Append s to buf at *at; false when it does not fit. */
static bool put(char *buf, size_t len, size_t *at, const char *s, size_t n)
{
	if (*at + n >= len)
		return false;
	memcpy(buf + *at, s, n);
	*at += n;
	buf[*at] = '\0';
	return true;
}

/* Append one init argument, in double quotes with \" and \\ escaped when
 * it is empty or holds a blank, quote or backslash. */
static bool put_arg(char *buf, size_t len, size_t *at, const char *arg)
{
	bool quote = *arg == '\0' || strpbrk(arg, " \t\n\"\\") != NULL;

	if (!quote)
		return put(buf, len, at, arg, strlen(arg));
	if (!put(buf, len, at, "\"", 1))
		return false;
	for (; *arg; arg++)
		if ((*arg == '"' || *arg == '\\') ? !put(buf, len, at, "\\", 1) || !put(buf, len, at, arg, 1)
						  : !put(buf, len, at, arg, 1))
			return false;
	return put(buf, len, at, "\"", 1);
}

/* The argv0= word: PROGRAM as the user typed it is init's argv[0]. */
static bool put_argv0(char *buf, size_t len, size_t *at, const char *program)
{
	char word[CV_CMDLINE_MAX + 1];

	if ((size_t)snprintf(word, sizeof(word), "%s%s", CV_CMDLINE_ARGV0, program) >= sizeof(word))
		return false;
	return put_arg(buf, len, at, word);
}

int guest_cmdline(const struct cv_options *opt, char *buf, size_t len)
{
	size_t at = 0;
	size_t max = len < CV_CMDLINE_MAX + 1 ? len : CV_CMDLINE_MAX + 1;

	buf[0] = '\0';
	if (opt->program && !put_argv0(buf, max, &at, opt->program))
		return -1;
	/* The console is a terminal to the guest when cowvisor's is, unless
	 * the words say (tty=on, tty=off). */
	if (opt->host_tty && !(opt->append && has_word_prefix(opt->append, "tty=")) &&
	    ((at && !put(buf, max, &at, " ", 1)) || !put(buf, max, &at, "tty=on", 6)))
		return -1;
	if (opt->append && ((at && !put(buf, max, &at, " ", 1)) ||
			    !put(buf, max, &at, opt->append, strlen(opt->append))))
		return -1;
	if (opt->nargs && !put(buf, max, &at, at ? " --" : "--", at ? 3 : 2))
		return -1;
	for (int i = 0; i < opt->nargs; i++)
		if (!put(buf, max, &at, " ", 1) || !put_arg(buf, max, &at, opt->args[i]))
			return -1;
	return 0;
}

/* PROGRAM (at the init path), the --rootfs tree and the --add files and
 * trees, as initrd entries. Returns 0 or cowvisor's exit status with err. */
static int gather(const struct cv_options *opt, struct pack_list *l, char *err, size_t errlen)
{
	char init_path[4096];
	struct stat st;
	int status;

	if (opt->program) {
		if ((status = program_check(opt->program, err, errlen)) != 0)
			return status;
		if (pack_add_file(l, opt->program, guest_init_path(opt, init_path, sizeof(init_path)),
				  0755, err, errlen) != 0)
			return CV_EXIT_FAILURE;
	}
	if (opt->rootfs && pack_add_tree(l, opt->rootfs, "/", err, errlen) != 0)
		return CV_EXIT_FAILURE;
	for (size_t i = 0; i < opt->nadds; i++) {
		const struct cv_add *a = &opt->adds[i];
		bool dir = stat(a->host, &st) == 0 && S_ISDIR(st.st_mode);

		if (dir ? pack_add_tree(l, a->host, a->guest, err, errlen)
			: pack_add_file(l, a->host, a->guest, 0755, err, errlen))
			return CV_EXIT_FAILURE;
	}
	return 0;
}

/* The initrd for opt: the --initrd archive, followed by (or else) one built
 * from PROGRAM, --rootfs and the --add files. */
static int make_initrd(const struct cv_options *opt, struct initrd *rd, char *err, size_t errlen)
{
	struct pack_list l = { .warn = stderr };
	struct initrd built = { NULL, 0 };
	int status;

	if (opt->initrd && initrd_load(rd, opt->initrd, err, errlen) != 0)
		return CV_EXIT_FAILURE;
	status = gather(opt, &l, err, errlen);
	if (status == 0 && l.bytes >= PACK_NOTE_BYTES)
		fprintf(stderr, "cowvisor: packing %zu files and directories (%llu MiB)\n", l.n,
			(unsigned long long)(l.bytes >> 20));
	if (status == 0 && l.n && initrd_build(&built, l.v, l.n, err, errlen) != 0)
		status = CV_EXIT_FAILURE;
	pack_list_free(&l);
	if (status == 0 && built.size && rd->size) {
		if (initrd_append(rd, &built, err, errlen) != 0)
			status = CV_EXIT_FAILURE;
		initrd_free(&built);
	} else if (status == 0 && built.size) {
		*rd = built;
	}
	if (status != 0)
		initrd_free(rd);
	return status;
}

/* Copy the initrd to the top of RAM, above the kernel with room to spare. */
static int place_initrd(const struct initrd *rd, const struct kernel_image *img,
			struct guest_mem *gm, struct boot_module *mod, char *err, size_t errlen)
{
	uint64_t gpa = (gm->size - rd->size) & ~(uint64_t)(CV_PAGE_SIZE - 1);

	if (rd->size > gm->size || gpa < img->load_hi + INITRD_MIN_FREE) {
		snprintf(err, errlen, "the initrd (%zu KiB) does not fit in %llu MiB of guest RAM "
			 "beside the kernel; use a larger --mem", rd->size >> 10,
			 (unsigned long long)(gm->size >> 20));
		return CV_EXIT_FAILURE;
	}
	gm_write(gm, gpa, rd->data, rd->size);
	mod->gpa = gpa;
	mod->size = rd->size;
	return 0;
}

int guest_setup(const struct cv_options *opt, const char *kernel_path, struct guest_mem *gm,
		struct guest_entry *boot, char *err, size_t errlen)
{
	struct initrd rd = { NULL, 0 };
	struct boot_module mod = { 0, 0 };
	struct kernel_image img;
	char cmdline[CV_CMDLINE_MAX + 1];
	int status;

	if (guest_cmdline(opt, cmdline, sizeof(cmdline)) != 0) {
		snprintf(err, errlen, "the kernel command line (--append words and the program's "
			 "arguments) is longer than %u bytes", CV_CMDLINE_MAX);
		return CV_EXIT_FAILURE;
	}
	if ((status = make_initrd(opt, &rd, err, errlen)) != 0)
		return status;
	if (kernel_load_file(kernel_path, gm, &img, err, errlen) != 0)
		status = CV_EXIT_FAILURE;
	else if (rd.size)
		status = place_initrd(&rd, &img, gm, &mod, err, errlen);
	initrd_free(&rd);
	boot->entry = img.entry;
	if (status == 0 && (boot->start_info = pvh_write_boot_page(gm, cmdline, &mod, err, errlen)) == 0)
		status = CV_EXIT_FAILURE;
	return status;
}
