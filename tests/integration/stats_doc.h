/* Reading a --stats-json file in integration tests: load it, find
 * snapshots by label, read numbers, and check that a run left the kernel's
 * books clean. Failures fail the current cmocka test. */
#ifndef TESTS_STATS_DOC_H
#define TESTS_STATS_DOC_H

#include "harness.h"
#include "json_mini.h"

/* In a case's args: the --stats-json file, in the run's own directory. */
#define CV_STATS_JSON CV_DIR "/stats.json"

/* The whole file at path as a NUL-terminated malloc'd string. */
char *stats_read_text(const char *path);

/* The JSON document in path (schema cowvisor-stats/1), parsed. */
struct jnode *stats_load(const char *path);

/* The snapshot labelled label (the test fails when there is none). */
const struct jnode *stats_snapshot(const struct jnode *doc, const char *label);

/* A number inside a snapshot: group.field, e.g. "frames", "used". */
long stats_num(const struct jnode *snap, const char *group, const char *field);

/* A number field of the process with pid in snapshot snap (the test fails
 * when there is no such process or field). */
long stats_proc_num(const struct jnode *snap, long pid, const char *field);

/* Every snapshot's audit holds (the test fails otherwise). */
void stats_assert_audits(const struct jnode *doc);

/* Every snapshot's audit holds, and the frames used at the snapshot
 * labelled "end" are those used at "start", the kernel heap's aside:
 * nothing leaked. */
void stats_assert_clean(const struct jnode *doc);

/* stats_assert_clean() on the file at path, which is then removed. */
void stats_assert_clean_file(const char *path);

/* The path CV_STATS_JSON stood for in the case's run ran (a static buffer). */
const char *stats_ran_path(const struct cv_ran *ran);

/* A case's check: stats_assert_clean_file() on its CV_STATS_JSON. */
void stats_check_clean(const struct cv_ran *ran);

#endif
