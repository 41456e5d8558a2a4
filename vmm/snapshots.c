/* Statistics snapshots during a run: taken on the guest's requests, on
 * --sample-ms ticks and at the end, printed live (--stats) and appended to
 * the JSON output as they are taken (--stats-json). */
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "../shared/introspect.h"
#include "../shared/layout.h"
#include "inspect/report.h"
#include "vmm.h"

/* Nanoseconds since the guest started. */
static uint64_t run_time_ns(const struct vmm *v)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec - v->start_ns;
}

int64_t vmm_snapshot(struct vmm *v, enum cv_snapshot_trigger trigger, const char *label)
{
	char err[512];
	int64_t seq;

	if (v->inspector == NULL)
		return -1;
	seq = inspector_snapshot(v->inspector, &v->vm.mem, trigger, label, run_time_ns(v),
				 err, sizeof(err));
	if (seq < 0) {
		fprintf(stderr, "cowvisor: statistics snapshot failed: %s\n", err);
		return -1;
	}
	if (v->opt->stats)
		report_print_table(stderr, inspector_last(v->inspector));
	return seq;
}

/* Ask the kernel for a sample at its next safe point (a timer tick),
 * through the request word of its introspection root. */
void vmm_request_sample(struct vmm *v)
{
	uint64_t gpa = v->inspector ? v->inspector->root_vaddr - CV_DIRECT_MAP_BASE : 0;
	uint32_t one = 1;

	if (v->inspector)
		gm_write(&v->vm.mem, gpa + offsetof(struct cv_introspect, sample_request), &one,
			 sizeof(one));
}
