/* The statistics entry points for the run loop. */
#include "inspector.h"

#include <stdio.h>

#include "../../shared/introspect.h"
#include "introspect.h"
#include "report.h"
#include "symbols.h"

/* Find the root symbol in the kernel's ELF file. */
int inspector_init(struct inspector *in, const char *kernel_path, char *err, size_t errlen)
{
	uint64_t vaddr, size;
	char why[300];

	if (kernel_symbol(kernel_path, CV_INTROSPECT_SYMBOL, &vaddr, &size, why, sizeof(why))) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (size != 0 && size < sizeof(struct cv_introspect)) {
		snprintf(err, errlen, "%s in %s is %llu bytes, expected %zu",
			 CV_INTROSPECT_SYMBOL, kernel_path, (unsigned long long)size,
			 sizeof(struct cv_introspect));
		return -1;
	}
	inspector_init_at(in, vaddr);
	return 0;
}

/* Start with a known root address. */
void inspector_init_at(struct inspector *in, uint64_t root_vaddr)
{
	in->root_vaddr = root_vaddr;
	stats_run_init(&in->run);
	in->json = (struct outfile){ .fd = -1 };
}

/* Open the JSON output and write the document's head. */
int inspector_open_json(struct inspector *in, const char *path, char *err, size_t errlen)
{
	if (outfile_open(&in->json, path, err, errlen) != 0)
		return -1;
	stats_json_begin(in->json.f);
	return 0;
}

/* Validate the root, then snapshot. */
int64_t inspector_snapshot(struct inspector *in, const struct guest_mem *gm,
			   enum cv_snapshot_trigger trigger, const char *label,
			   uint64_t time_ns, char *err, size_t errlen)
{
	struct guest_view v;
	char why[300];
	int64_t seq;

	if (introspect_open(&v, gm, in->root_vaddr, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "statistics: %s", why);
		return -1;
	}
	seq = stats_run_take(&in->run, &v, trigger, label, time_ns, err, errlen);
	if (seq >= 0 && in->json.f)
		stats_json_snapshot(in->json.f, &in->run.last, seq == 0);
	return seq;
}

/* The latest snapshot. */
const struct stats_snapshot *inspector_last(const struct inspector *in)
{
	return stats_run_last(&in->run);
}

/* Complete the JSON and put it in place. */
int inspector_finish(struct inspector *in, char *err, size_t errlen)
{
	if (in->json.f == NULL)
		return 0;
	stats_json_end(in->json.f, in->run.n == 0);
	return outfile_commit(&in->json, err, errlen);
}

/* Free the run. */
void inspector_free(struct inspector *in)
{
	outfile_abort(&in->json);
	stats_run_free(&in->run);
}
