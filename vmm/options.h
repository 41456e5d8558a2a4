/* The cowvisor command line (see README.md, "Options"). */
#ifndef VMM_OPTIONS_H
#define VMM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum cv_command { CV_CMD_RUN, CV_CMD_REPORT, CV_CMD_HELP, CV_CMD_VERSION };

#include "../shared/hypercall.h"


#define CV_MAX_ADDS 256

struct cv_add {
	char *host;   /* file or directory on the host */
	char *guest;  /* absolute path in the guest */
};

struct cv_options {
	enum cv_command cmd;
	const char *kernel;      /* NULL: default lookup */
	uint64_t mem;            /* bytes */
	uint64_t timeout_ms;     /* 0: none */
	struct cv_add adds[CV_MAX_ADDS];
	size_t nadds;
	char *append;            /* kernel command line words, or NULL */
	bool strace, stats;
	const char *stats_json;  /* NULL: no JSON */
	const char *stats_html;  /* NULL: no HTML report */
	bool stats_pages;        /* per-page frames in the JSON */
	const char *report_in;   /* cowvisor report: the JSON */
	const char *report_out;  /* ... and the HTML (-o) */
	unsigned snapshot_on;    /* CV_SNAP_BIT(CV_SNAP_FORK) ... (shared/hypercall.h) */
	unsigned sample_ms;      /* 0: no periodic snapshots */
	const char *initrd;      /* --initrd FILE, or NULL */
	const char *rootfs;      /* --rootfs DIR, or NULL */
	const char *core_dir;    /* --core-dir DIR, or NULL */
	const char *program;     /* PROGRAM, or NULL */
	int nargs;               /* ARGS after PROGRAM (or after -- with --initrd
				    or --rootfs) */
	char **args;
	bool host_tty;           /* stdin and stdout are terminals (not parsed) */
};

/* Parse argv into o. Returns 0, or -1 with a one-line message in err.
 * Never prints and never exits; free with options_free(). */
int options_parse(int argc, char **argv, struct cv_options *o, char *err, size_t errlen);

/* Release what options_parse() allocated. */
void options_free(struct cv_options *o);

/* The --help text. */
void options_usage(FILE *out);

#endif
