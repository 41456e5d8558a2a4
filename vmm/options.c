/* Command-line parsing with getopt_long. */
#include "options.h"

#include <getopt.h>
#include <stdarg.h>
#include <string.h>

#include "../shared/layout.h"
#include "util.h"

enum {
	OPT_KERNEL = 256, OPT_MEM, OPT_TIMEOUT, OPT_ADD, OPT_APPEND, OPT_STRACE,
	OPT_STATS, OPT_STATS_JSON, OPT_STATS_HTML, OPT_STATS_PAGES, OPT_SNAPSHOT_ON, OPT_SAMPLE_MS,
	OPT_INITRD, OPT_ROOTFS, OPT_CORE_DIR,
	OPT_HELP, OPT_VERSION,
};

static const struct option long_options[] = {
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "mem", required_argument, NULL, OPT_MEM },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "add", required_argument, NULL, OPT_ADD },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "strace", no_argument, NULL, OPT_STRACE },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "stats-json", required_argument, NULL, OPT_STATS_JSON },
	{ "stats-html", required_argument, NULL, OPT_STATS_HTML },
	{ "stats-pages", no_argument, NULL, OPT_STATS_PAGES },
	{ "snapshot-on", required_argument, NULL, OPT_SNAPSHOT_ON },
	{ "sample-ms", required_argument, NULL, OPT_SAMPLE_MS },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "rootfs", required_argument, NULL, OPT_ROOTFS },
	{ "core-dir", required_argument, NULL, OPT_CORE_DIR },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

void options_usage(FILE *out)
{
	fputs(
"Usage: cowvisor run [OPTIONS] PROGRAM [ARGS...]\n"
"       cowvisor run [OPTIONS] --initrd FILE.cpio [-- ARGS...]\n"
"       cowvisor run [OPTIONS] --rootfs DIR [-- ARGS...]\n"
"       cowvisor run [OPTIONS]            (boot the kernel alone and power off)\n"
"       cowvisor report STATS.json -o REPORT.html\n"
"       cowvisor --help | --version\n"
"\n"
"Run a static i386 or x86-64 Linux program as init of a small guest kernel on KVM.\n"
"cowvisor report turns a --stats-json file into the HTML report.\n"
"\n"
"Options:\n"
"  --kernel FILE        guest kernel (default: $COWVISOR_KERNEL, else the\n"
"                       kernel.elf installed beside cowvisor)\n"
"  --mem SIZE           guest RAM, e.g. 64M, 1G (16M..3G, default 128M)\n"
"  --timeout SECONDS    stop the guest after SECONDS and exit 124\n"
"  --add HOST[:GUEST]   put a host file, or a directory with everything\n"
"                       under it, into the initrd (repeatable; GUEST\n"
"                       defaults to /BASENAME; with --initrd the files\n"
"                       are appended to the archive as a second one)\n"
"  --append WORDS       kernel command line words (repeatable): init=PATH,\n"
"                       cow=off, fork=copy|share (page tables copied or\n"
"                       shared at fork, default share), quiet, tty=on|off\n"
"                       (the console is a terminal; default: on when\n"
"                       cowvisor's stdin and stdout are); unknown words\n"
"                       are passed to init\n"
"  --strace             one line per guest system call on stderr\n"
"  --stats              print the memory-sharing report on stderr\n"
"  --stats-json FILE    write all statistics snapshots to FILE as JSON\n"
"  --stats-html FILE    write them to FILE as a self-contained HTML report\n"
"                       (timeline, page map, process tree; with page frames)\n"
"  --stats-pages        put every process's page frames (as runs) in the JSON\n"
"  --snapshot-on LIST   take snapshots on fork,vfork,exec,exit\n"
"  --sample-ms N        take a snapshot every N milliseconds\n"
"  --initrd FILE        boot this cpio (newc) archive instead of PROGRAM\n"
"  --rootfs DIR         pack the host directory DIR as the guest's root and\n"
"                       run init= from it (default /init); ARGS after '--'.\n"
"                       Directories, regular files, symlinks (not followed),\n"
"                       hard links, permission bits and mtimes are kept;\n"
"                       owners become root; sockets, FIFOs and devices are\n"
"                       skipped with a warning\n"
"  --core-dir DIR       when a guest process dies of a signal that dumps\n"
"                       core (SIGSEGV, SIGABRT, SIGQUIT, SIGILL, SIGFPE,\n"
"                       SIGBUS, SIGTRAP, SIGSYS, SIGXCPU, SIGXFSZ), write\n"
"                       its ELF core file DIR/core.PID (for gdb); DIR must\n"
"                       exist\n"
"  --help, --version    print this help or the version and exit\n"
"\n"
"Exit status: init's status; 128+N if init was killed by signal N (or\n"
"cowvisor got SIGTERM, SIGINT or SIGHUP: statistics so far are written);\n"
"124 timeout; 125 cowvisor or the guest kernel failed; 126 PROGRAM is not a\n"
"static i386 or x86-64 ELF executable; 127 PROGRAM not found.\n"
"Environment: COWVISOR_KERNEL (kernel path), COWVISOR_KVM_DEVICE (default /dev/kvm).\n",
	      out);
}

/* --add HOST[:GUEST]: when the last ':' is followed by '/', GUEST is what
 * follows it and HOST what precedes it; otherwise GUEST is /BASENAME(HOST). */
static int parse_add(struct cv_options *o, const char *arg, char *err, size_t errlen)
{
	const char *colon = strrchr(arg, ':');
	struct cv_add *a;
	const char *base;

	if (o->nadds == CV_MAX_ADDS)
		return errorf(err, errlen, "--add: more than %d files", CV_MAX_ADDS);
	a = &o->adds[o->nadds];
	if (colon && colon[1] == '/' && colon > arg) {
		a->host = strndup(arg, (size_t)(colon - arg));
		a->guest = strdup(colon + 1);
	} else {
		base = strrchr(arg, '/');
		base = base ? base + 1 : arg;
		if (*base == '\0')
			return errorf(err, errlen, "--add %s: no file name to use in the guest", arg);
		a->host = strdup(arg);
		a->guest = malloc(strlen(base) + 2);
		if (a->guest)
			sprintf(a->guest, "/%s", base);
	}
	if (a->host == NULL || a->guest == NULL || *a->host == '\0')
		return errorf(err, errlen, "--add %s: empty or unusable path", arg);
	o->nadds++;
	return 0;
}

/* --append: words accumulate, separated by one space. */
static int parse_append(struct cv_options *o, const char *arg, char *err, size_t errlen)
{
	size_t old = o->append ? strlen(o->append) : 0;
	size_t len = old + (old ? 1 : 0) + strlen(arg); /* without the NUL */
	char *s;

	if (len > CV_CMDLINE_MAX)
		return errorf(err, errlen, "--append: kernel command line longer than %u bytes",
			    CV_CMDLINE_MAX);
	s = realloc(o->append, len + 1);
	if (s == NULL)
		return errorf(err, errlen, "out of memory");
	if (old)
		sprintf(s + old, " %s", arg);
	else
		strcpy(s, arg);
	o->append = s;
	return 0;
}

/* The kernel event (fork, vfork, exec or exit) called name[0..n), or -1. */
static int event_trigger(const char *name, size_t n)
{
	static const char *const names[] = CV_SNAP_TRIGGER_NAMES;

	for (int t = CV_SNAP_FORK; t <= CV_SNAP_EXIT; t++) /* the kernel's events */
		if (strlen(names[t]) == n && strncmp(name, names[t], n) == 0)
			return t;
	return -1;
}

/* --snapshot-on fork,vfork,exec,exit */
static int parse_events(struct cv_options *o, const char *arg, char *err, size_t errlen)
{
	const char *p = arg;

	while (*p) {
		size_t n = strcspn(p, ",");
		int t = event_trigger(p, n);

		if (t < 0)
			return errorf(err, errlen, "--snapshot-on: unknown event '%.*s' (use fork,vfork,exec,exit)",
				    (int)n, p);
		o->snapshot_on |= CV_SNAP_BIT(t);
		p += n;
		if (*p == ',')
			p++;
	}
	if (o->snapshot_on == 0)
		return errorf(err, errlen, "--snapshot-on: empty list");
	return 0;
}

/* One option with its argument. */
static int parse_one(struct cv_options *o, int c, const char *arg, char *err, size_t errlen)
{
	uint64_t v;

	switch (c) {
	case OPT_KERNEL: o->kernel = arg; return 0;
	case OPT_MEM:
		if (!parse_size(arg, &v))
			return errorf(err, errlen, "--mem %s: not a size (try 128M or 1G)", arg);
		if (v < CV_MEM_MIN || v > CV_MEM_MAX || v % CV_PAGE_SIZE)
			return errorf(err, errlen, "--mem %s: must be a multiple of 4K between 16M and 3G", arg);
		o->mem = v;
		return 0;
	case OPT_TIMEOUT:
		if (!parse_seconds_ms(arg, &v) || v == 0)
			return errorf(err, errlen, "--timeout %s: not a positive number of seconds", arg);
		o->timeout_ms = v;
		return 0;
	case OPT_ADD: return parse_add(o, arg, err, errlen);
	case OPT_APPEND: return parse_append(o, arg, err, errlen);
	case OPT_STRACE: o->strace = true; return 0;
	case OPT_STATS: o->stats = true; return 0;
	case OPT_STATS_JSON: o->stats_json = arg; return 0;
	case OPT_STATS_HTML: o->stats_html = arg; return 0;
	case OPT_STATS_PAGES: o->stats_pages = true; return 0;
	case OPT_SNAPSHOT_ON: return parse_events(o, arg, err, errlen);
	case OPT_SAMPLE_MS:
		if (arg[strspn(arg, "0123456789")] != '\0' || !parse_size(arg, &v) ||
		    v == 0 || v > 3600000)
			return errorf(err, errlen, "--sample-ms %s: not a number of milliseconds (1..3600000)", arg);
		o->sample_ms = (unsigned)v;
		return 0;
	case OPT_INITRD: o->initrd = arg; return 0;
	case OPT_ROOTFS: o->rootfs = arg; return 0;
	case OPT_CORE_DIR:
		if (*arg == '\0')
			return errorf(err, errlen, "--core-dir: empty directory name");
		o->core_dir = arg;
		return 0;
	case OPT_HELP: o->cmd = CV_CMD_HELP; return 0;
	case OPT_VERSION: o->cmd = CV_CMD_VERSION; return 0;
	}
	return errorf(err, errlen, "internal error: option %d", c);
}

/* The option getopt just refused, as the user wrote it. */
static const char *refused_option(char **argv)
{
	static char shortopt[3];

	if (optopt > 0 && optopt < 256) {
		shortopt[0] = '-';
		shortopt[1] = (char)optopt;
		return shortopt;
	}
	return argv[optind - 1];
}

/* Run getopt_long over argv, stopping at PROGRAM or "--". Returns the index
 * of the first word after the options; *separated tells whether that came
 * after a "--" separator (not an option's argument that happened to be "--"). */
static int parse_option_list(int argc, char **argv, struct cv_options *o, bool *separated,
			     char *err, size_t errlen)
{
	int c, last_arg_index = -1;

	optind = 0;  /* GNU: reinitialise, so the parser can run repeatedly */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:", long_options, NULL)) != -1) {
		if (c == '?')
			return errorf(err, errlen, "unknown option '%s' (see cowvisor --help)",
				    refused_option(argv));
		if (c == ':')
			return errorf(err, errlen, "option '%s' needs an argument", argv[optind - 1]);
		if (optarg)
			last_arg_index = optind - 1;
		if (parse_one(o, c, optarg, err, errlen))
			return -1;
	}
	*separated = optind > 1 && strcmp(argv[optind - 1], "--") == 0 &&
		     optind - 1 != last_arg_index;
	return optind;
}

/* cowvisor report STATS.json -o REPORT.html (-o anywhere after report). */
static int parse_report(int argc, char **argv, struct cv_options *o, char *err, size_t errlen)
{
	o->cmd = CV_CMD_REPORT;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
			if (i + 1 == argc)
				return errorf(err, errlen, "report: %s needs a file name", argv[i]);
			o->report_out = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return errorf(err, errlen, "report: unknown option '%s' (usage: cowvisor report "
				      "STATS.json -o REPORT.html)", argv[i]);
		} else if (o->report_in) {
			return errorf(err, errlen, "report: one JSON file only ('%s' and '%s')",
				      o->report_in, argv[i]);
		} else {
			o->report_in = argv[i];
		}
	}
	if (o->report_in == NULL || o->report_out == NULL)
		return errorf(err, errlen, "report: usage: cowvisor report STATS.json -o REPORT.html");
	return 0;
}

int options_parse(int argc, char **argv, struct cv_options *o, char *err, size_t errlen)
{
	int rest;
	bool separated = false;

	memset(o, 0, sizeof(*o));
	o->mem = CV_MEM_DEFAULT;
	if (argc < 2)
		return errorf(err, errlen, "no command given (try cowvisor --help)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		o->cmd = CV_CMD_HELP;
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		o->cmd = CV_CMD_VERSION;
		return 0;
	}
	if (strcmp(argv[1], "report") == 0)
		return parse_report(argc, argv, o, err, errlen);
	if (strcmp(argv[1], "run") != 0)
		return errorf(err, errlen, "unknown command '%s' (try cowvisor --help)", argv[1]);
	o->cmd = CV_CMD_RUN;
	rest = parse_option_list(argc - 1, argv + 1, o, &separated, err, errlen);
	if (rest < 0 || o->cmd != CV_CMD_RUN)
		return rest < 0 ? -1 : 0;
	rest += 1; /* index into argv */
	if (o->initrd || o->rootfs) {
		if (rest < argc && !separated)
			return errorf(err, errlen, "with %s, arguments for init go after '--' (got '%s')",
				    o->initrd ? "--initrd" : "--rootfs", argv[rest]);
	} else if (rest < argc) {
		o->program = argv[rest++];
	}
	o->args = argv + rest;
	o->nargs = argc - rest;
	if ((o->snapshot_on || o->sample_ms) && !o->stats && !o->stats_json && !o->stats_html)
		return errorf(err, errlen, "--snapshot-on and --sample-ms need --stats, --stats-json "
			      "or --stats-html");
	if (o->stats_pages && !o->stats_json)
		return errorf(err, errlen, "--stats-pages needs --stats-json");
	return 0;
}

void options_free(struct cv_options *o)
{
	for (size_t i = 0; i < o->nadds; i++) {
		free(o->adds[i].host);
		free(o->adds[i].guest);
	}
	free(o->append);
	memset(o, 0, sizeof(*o));
}
