/* One statistics snapshot: processes, their address spaces walked, the
 * frame-wide totals and the audit. */
#include "stats.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sharing.h"
#include "stats_frames.h"

/* Format an error into err; always returns -1. */
static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

/* The name of a process state. */
const char *stats_state_name(uint32_t state)
{
	switch (state) {
	case CV_PROC_RUNNING: return "running";
	case CV_PROC_SLEEPING: return "sleeping";
	case CV_PROC_ZOMBIE: return "zombie";
	case CV_PROC_STOPPED: return "stopped";
	}
	return "unknown";
}

/* The name of an ABI (as uname -m and Linux's audit name them). */
const char *stats_abi_name(uint32_t abi)
{
	switch (abi) {
	case CV_ABI_I386: return "i386";
	case CV_ABI_X86_64: return "x86_64";
	}
	return "unknown";
}

/* The name of a process origin. */
const char *stats_origin_name(uint16_t origin)
{
	switch (origin) {
	case CV_ORIGIN_BOOT: return "boot";
	case CV_ORIGIN_FORK: return "fork";
	case CV_ORIGIN_VFORK: return "vfork";
	case CV_ORIGIN_THREAD: return "thread";
	}
	return "unknown";
}

/* The name of a snapshot trigger. */
const char *stats_trigger_name(enum cv_snapshot_trigger t)
{
	static const char *const names[] = CV_SNAP_TRIGGER_NAMES;

	return (unsigned)t < sizeof(names) / sizeof(names[0]) && names[t] ? names[t] : "unknown";
}

/* Frame totals and event counters from the kernel. */
static void read_kernel_totals(struct stats_snapshot *s, const struct guest_view *v)
{
	struct cv_frame_totals t;

	if (!view_counters(v, &s->kernel))
		stats_add_error(s, "the kernel's counters cannot be read");
	if (!view_totals(v, &t)) {
		stats_add_error(s, "the kernel's frame totals cannot be read");
		return;
	}
	s->frames_total = t.total;
	s->frames_free = t.free;
	s->frames_heap = t.heap;
	if (t.free > t.total)
		stats_add_error(s, "the kernel reports %llu free frames of %llu",
				(unsigned long long)t.free, (unsigned long long)t.total);
	else
		s->frames_used = t.total - t.free;
	if (t.heap > s->frames_used)
		stats_add_error(s, "the kernel reports %llu heap frames of %llu used",
				(unsigned long long)t.heap, (unsigned long long)s->frames_used);
}

/* Copy one process record into p, reporting an unknown state. */
static void take_process(struct stats_snapshot *s, const struct proc_info *in,
			 struct stats_process *p)
{
	memset(p, 0, sizeof(*p));
	p->pid = in->pid;
	p->ppid = in->ppid;
	p->state = in->state;
	memcpy(p->comm, in->comm, CV_COMM_LEN);
	p->comm[CV_COMM_LEN] = '\0';
	p->address_space = in->cr3;
	p->origin = in->origin;
	p->execs = in->execs;
	p->abi = in->abi;
	if (in->state > CV_PROC_STOPPED)
		stats_add_error(s, "process %u has unknown state %u", (unsigned)in->pid,
				(unsigned)in->state);
	if (in->abi >= CV_ABI_COUNT)
		stats_add_error(s, "process %u has unknown ABI %u", (unsigned)in->pid,
				(unsigned)in->abi);
}

/* List the used process slots; space[i] = space index of procs[i], or
 * SIZE_MAX without an address space. */
static void take_processes(struct stats_snapshot *s, struct sharing *sh, size_t *space)
{
	const struct guest_view *v = sh->v;

	for (uint32_t i = 0; i < v->root.nprocs; i++) {
		struct proc_info in;
		struct stats_process *p = &s->procs[s->nprocs];

		if (!view_proc(v, i, &in)) {
			stats_add_error(s, "process slot %u cannot be read", (unsigned)i);
			continue;
		}
		if (in.state == CV_PROC_FREE)
			continue;
		take_process(s, &in, p);
		space[s->nprocs++] = in.cr3 ? sharing_space_of(sh, in.cr3, in.pid) : SIZE_MAX;
	}
}

/* Give every process the sizes of its address space. */
static void fill_sizes(struct stats_snapshot *s, const struct sharing *sh, const size_t *space)
{
	for (size_t i = 0; i < s->nprocs; i++) {
		struct stats_process *p = &s->procs[i];
		const struct space *sp;

		if (space[i] == SIZE_MAX)
			continue;
		sp = &sh->spaces[space[i]];
		p->rss_pages = sp->rss;
		p->pss_bytes = sp->pss_fx >> PSS_FX_SHIFT;
		p->uss_pages = sp->uss;
		p->shared_pages = sp->shared;
		p->cow_pages = sp->cow;
		p->file_pages = sp->file;
		p->anon_pages = sp->rss - sp->file;
		p->map_shared_pages = sp->mapshared;
		p->private_writable_pages = sp->private_writable;
		p->pagetable_pages = sp->tables;
		p->pt_shared = sp->pt_shared;
		if (s->has_pages && page_runs_copy(&p->pages, &sp->runs) != 0)
			stats_add_error(s, "out of memory for the pages of process %u",
					(unsigned)p->pid);
	}
}

/* Read every process's regions from the kernel's tables. */
static void take_mappings(struct stats_snapshot *s, const struct guest_view *v)
{
	for (size_t i = 0; i < s->nprocs; i++) {
		struct stats_process *p = &s->procs[i];
		char why[300];

		if (p->address_space != 0 &&
		    inspect_mappings(v, p->address_space, &p->maps, &p->nmaps, why, sizeof(why)) < 0)
			stats_add_error(s, "process %u: its regions: %s", (unsigned)p->pid, why);
	}
}

/* Walk, measure and audit: everything after the header fields. */
static int compute(struct stats_snapshot *s, const struct guest_view *v)
{
	size_t nslots = v->root.nprocs ? v->root.nprocs : 1;
	size_t *space = calloc(nslots, sizeof(*space));
	struct sharing sh;
	int rc = -1;

	s->procs = calloc(nslots, sizeof(*s->procs));
	if (space == NULL || s->procs == NULL || sharing_init(&sh, v, s) != 0) {
		free(space);
		return -1;
	}
	read_kernel_totals(s, v);
	take_processes(s, &sh, space);
	take_mappings(s, v);
	sh.want_pages = s->has_pages;
	sharing_count(&sh);
	sharing_measure(&sh);
	if (sh.pages_failed)
		stats_add_error(s, "out of memory for the page runs");
	fill_sizes(s, &sh, space);
	if (frames_sharing(s, &sh) == 0) {
		frames_audit(s, &sh);
		rc = 0;
	}
	sharing_free(&sh);
	free(space);
	return rc;
}

/* Compute a snapshot; see stats.h. */
int stats_snapshot_take(struct stats_snapshot *s, const struct guest_view *v,
			enum cv_snapshot_trigger trigger, const char *label, uint64_t time_ns,
			char *err, size_t errlen)
{
	return stats_snapshot_take_opt(s, v, trigger, label, time_ns, false, err, errlen);
}

/* Compute a snapshot, with page runs on request; see stats.h. */
int stats_snapshot_take_opt(struct stats_snapshot *s, const struct guest_view *v,
			    enum cv_snapshot_trigger trigger, const char *label, uint64_t time_ns,
			    bool pages, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->has_pages = pages;
	snprintf(s->label, sizeof(s->label), "%s", label ? label : "");
	s->trigger = trigger;
	s->time_ns = time_ns;
	if (compute(s, v) != 0) {
		stats_snapshot_free(s);
		return fail(err, errlen, "out of memory for the statistics snapshot");
	}
	s->audit_ok = s->nmismatches == 0 && s->mismatches_omitted == 0 &&
		      s->nerrors == 0 && s->errors_omitted == 0;
	return 0;
}

