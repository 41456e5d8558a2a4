/* Reading and validating the guest kernel's introspection root. */
#include "guest_view.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../shared/layout.h"
#include "../util.h"
#include "symbols.h"

/* Is the array [gpa, gpa + count * size) inside RAM (overflow-safe)? */
static bool array_in_ram(const struct guest_mem *gm, uint64_t gpa, uint64_t count, uint64_t size)
{
	if (size != 0 && count > UINT64_MAX / size)
		return false;
	return gm_ptr(gm, gpa, count * size) != NULL;
}

/* Copy the root from guest memory. */
static int read_root(const struct guest_mem *gm, uint64_t vaddr, struct cv_introspect *r,
		     char *err, size_t errlen)
{
	if (vaddr < CV_DIRECT_MAP_BASE)
		return errorf(err, errlen, "%s at 0x%llx is not in the kernel's direct map (0x%llx+)",
			    CV_INTROSPECT_SYMBOL, (unsigned long long)vaddr,
			    (unsigned long long)CV_DIRECT_MAP_BASE);
	if (!gm_read(gm, vaddr - CV_DIRECT_MAP_BASE, r, sizeof(*r)))
		return errorf(err, errlen, "%s at physical 0x%llx lies outside guest RAM",
			    CV_INTROSPECT_SYMBOL, (unsigned long long)(vaddr - CV_DIRECT_MAP_BASE));
	return 0;
}

/* Check magic, version and record size. */
static int check_header(const struct cv_introspect *r, char *err, size_t errlen)
{
	if (r->magic != CV_INTROSPECT_MAGIC)
		return errorf(err, errlen, "%s magic is 0x%08x, not 0x%08x (kernel not initialised "
			    "yet, or not a cowvisor kernel)", CV_INTROSPECT_SYMBOL,
			    (unsigned)r->magic, (unsigned)CV_INTROSPECT_MAGIC);
	if (r->version != CV_INTROSPECT_VERSION)
		return errorf(err, errlen, "%s layout version is %u, this cowvisor reads version %u",
			    CV_INTROSPECT_SYMBOL, (unsigned)r->version, (unsigned)CV_INTROSPECT_VERSION);
	if (r->proc_layout_size != sizeof(struct cv_proc_layout))
		return errorf(err, errlen, "process layout size is %u, expected %zu",
			    (unsigned)r->proc_layout_size, sizeof(struct cv_proc_layout));
	return 0;
}

/* Check counts: processes, frames, pinned frames, user slots. */
static int check_counts(const struct cv_introspect *r, const struct guest_mem *gm,
			char *err, size_t errlen)
{
	uint64_t ram_frames = gm->size / CV_PAGE_SIZE;

	if (r->nprocs > INTROSPECT_MAX_PROCS)
		return errorf(err, errlen, "%u process slots (at most %u)", (unsigned)r->nprocs,
			    INTROSPECT_MAX_PROCS);
	if (r->nframes == 0 || r->nframes > ram_frames)
		return errorf(err, errlen, "%llu frames claimed, guest RAM has %llu",
			    (unsigned long long)r->nframes, (unsigned long long)ram_frames);
	if (r->pinned_start > r->pinned_end || r->pinned_end > r->nframes)
		return errorf(err, errlen, "pinned frames [%llu, %llu) are not within the %llu frames",
			    (unsigned long long)r->pinned_start, (unsigned long long)r->pinned_end,
			    (unsigned long long)r->nframes);
	if (r->pinned_extra != UINT64_MAX && r->pinned_extra >= r->nframes)
		return errorf(err, errlen, "pinned frame %llu is beyond the %llu frames",
			    (unsigned long long)r->pinned_extra, (unsigned long long)r->nframes);
	if (r->user_pml4_slots > CV_USER_PML4_SLOTS_MAX) /* the upper half is never user space */
		return errorf(err, errlen, "%llu user PML4 slots (at most %u)",
			    (unsigned long long)r->user_pml4_slots, CV_USER_PML4_SLOTS_MAX);
	return 0;
}

/* Check that every array the root names lies in RAM. */
static int check_arrays(const struct cv_introspect *r, const struct guest_mem *gm,
			char *err, size_t errlen)
{
	if (!array_in_ram(gm, r->counters, 1, sizeof(struct cv_counters)))
		return errorf(err, errlen, "counters at 0x%llx lie outside guest RAM",
			    (unsigned long long)r->counters);
	if (!array_in_ram(gm, r->totals, 1, sizeof(struct cv_frame_totals)))
		return errorf(err, errlen, "frame totals at 0x%llx lie outside guest RAM",
			    (unsigned long long)r->totals);
	if (!array_in_ram(gm, r->refcounts, r->nframes, sizeof(uint32_t)))
		return errorf(err, errlen, "refcount array at 0x%llx (%llu frames) lies outside guest RAM",
			    (unsigned long long)r->refcounts, (unsigned long long)r->nframes);
	if (r->held_map != 0 && !array_in_ram(gm, r->held_map, (r->nframes + 7) / 8, 1))
		return errorf(err, errlen, "held-frame bitmap at 0x%llx (%llu frames) lies outside guest RAM",
			    (unsigned long long)r->held_map, (unsigned long long)r->nframes);
	return 0;
}

/* Does the field [off, off + width) lie inside a record of size bytes? */
static bool field_fits(uint32_t off, uint32_t width, uint32_t size)
{
	return width <= size && off <= size - width;
}

/* Read the process layout the root names into l and check it: magic,
 * version, fields inside records, the table in RAM. */
static int read_proc_layout(const struct cv_introspect *r, const struct guest_mem *gm,
			    struct cv_proc_layout *l, char *err, size_t errlen)
{
	if (!gm_read(gm, r->proc_layout, l, sizeof(*l)))
		return errorf(err, errlen, "process layout at 0x%llx lies outside guest RAM",
			    (unsigned long long)r->proc_layout);
	if (l->magic != CV_PROC_LAYOUT_MAGIC || l->version != CV_PROC_LAYOUT_VERSION)
		return errorf(err, errlen, "process layout has magic 0x%08x version %u, "
			    "expected 0x%08x version %u", (unsigned)l->magic, (unsigned)l->version,
			    (unsigned)CV_PROC_LAYOUT_MAGIC, (unsigned)CV_PROC_LAYOUT_VERSION);
	if (l->proc_size > INTROSPECT_MAX_PROC_SIZE || !field_fits(l->pid, 4, l->proc_size) ||
	    !field_fits(l->parent, 8, l->proc_size) || !field_fits(l->state, 4, l->proc_size) ||
	    !field_fits(l->mm, 8, l->proc_size) || !field_fits(l->comm, CV_COMM_LEN, l->proc_size) ||
	    !field_fits(l->abi, 4, l->proc_size) || !field_fits(l->origin, 4, l->proc_size) ||
	    !field_fits(l->execs, 2, l->proc_size) || l->mm_pml4 > INTROSPECT_MAX_PROC_SIZE)
		return errorf(err, errlen, "process records of %u bytes are inconsistent",
			    (unsigned)l->proc_size);
	if (!array_in_ram(gm, l->procs, r->nprocs, l->proc_size))
		return errorf(err, errlen, "process array at 0x%llx (%u entries) lies outside guest RAM",
			    (unsigned long long)l->procs, (unsigned)r->nprocs);
	return 0;
}

/* Read and validate the root; see introspect.h. */
int introspect_open(struct guest_view *v, const struct guest_mem *gm, uint64_t symbol_vaddr,
		    char *err, size_t errlen)
{
	struct cv_introspect r;
	struct cv_proc_layout l;

	memset(v, 0, sizeof(*v));
	if (gm == NULL || gm->base == NULL)
		return errorf(err, errlen, "no guest memory");
	if (read_root(gm, symbol_vaddr, &r, err, errlen) || check_header(&r, err, errlen) ||
	    check_counts(&r, gm, err, errlen) || check_arrays(&r, gm, err, errlen) ||
	    read_proc_layout(&r, gm, &l, err, errlen))
		return -1;
	v->gm = gm;
	v->root = r;
	v->procs = l;
	return 0;
}

/* Read the width-byte (4 or 8) unsigned field at offset off of what a
 * kernel pointer (a direct-map address, or 0) points to: 0 for a null
 * pointer. */
static bool read_through(const struct guest_view *v, uint64_t kva, uint32_t off, size_t width,
			 uint64_t *out)
{
	uint32_t narrow = 0;

	*out = 0;
	if (kva == 0)
		return true;
	if (kva < CV_DIRECT_MAP_BASE)
		return false;
	if (width == 8)
		return gm_read(v->gm, kva - CV_DIRECT_MAP_BASE + off, out, 8);
	if (!gm_read(v->gm, kva - CV_DIRECT_MAP_BASE + off, &narrow, 4))
		return false;
	*out = narrow;
	return true;
}

/* Read process slot i's fields where the layout says they are. */
bool view_proc(const struct guest_view *v, uint32_t i, struct proc_info *out)
{
	const struct cv_proc_layout *l = &v->procs;
	uint64_t rec = l->procs + (uint64_t)i * l->proc_size, parent = 0, mm = 0, ppid = 0;
	uint32_t kstate = 0, origin = 0;
	int32_t pid = 0;

	memset(out, 0, sizeof(*out));
	if (i >= v->root.nprocs || !gm_read(v->gm, rec + l->pid, &pid, 4) ||
	    !gm_read(v->gm, rec + l->parent, &parent, 8) || !gm_read(v->gm, rec + l->state, &kstate, 4) ||
	    !gm_read(v->gm, rec + l->mm, &mm, 8) || !gm_read(v->gm, rec + l->comm, out->comm, CV_COMM_LEN) ||
	    !gm_read(v->gm, rec + l->abi, &out->abi, 4) || !gm_read(v->gm, rec + l->origin, &origin, 4) ||
	    !gm_read(v->gm, rec + l->execs, &out->execs, 2) ||
	    !read_through(v, parent, l->pid, 4, &ppid) || /* the parent's own record's pid */
	    !read_through(v, mm, l->mm_pml4, 8, &out->cr3))
		return false;
	out->pid = (uint32_t)pid;
	out->ppid = (uint32_t)ppid;
	/* a state beyond the kernel's table stays as it is: no cv_proc_state,
	 * which the statistics report as unknown */
	out->state = kstate < CV_PROC_STATES_MAX ? l->states[kstate] : kstate;
	out->origin = (uint16_t)origin;
	return true;
}

/* Copy the event counters. */
bool view_counters(const struct guest_view *v, struct cv_counters *out)
{
	return gm_read(v->gm, v->root.counters, out, sizeof(*out));
}

/* Copy the frame totals. */
bool view_totals(const struct guest_view *v, struct cv_frame_totals *out)
{
	return gm_read(v->gm, v->root.totals, out, sizeof(*out));
}

/* The kernel's reference count of frame pfn. */
uint32_t view_refcount(const struct guest_view *v, uint64_t pfn)
{
	uint32_t c = 0;

	if (pfn < v->root.nframes)
		gm_read(v->gm, v->root.refcounts + pfn * sizeof(c), &c, sizeof(c));
	return c;
}

/* Is pfn's bit set in the held-frame bitmap? */
bool view_held(const struct guest_view *v, uint64_t pfn)
{
	uint8_t byte = 0;

	if (v->root.held_map == 0 || pfn >= v->root.nframes)
		return false;
	gm_read(v->gm, v->root.held_map + pfn / 8, &byte, 1);
	return (byte >> (pfn % 8)) & 1;
}

/* Is pfn in the pinned range or the extra pinned frame? */
bool view_pinned(const struct guest_view *v, uint64_t pfn)
{
	return (pfn >= v->root.pinned_start && pfn < v->root.pinned_end) ||
	       pfn == v->root.pinned_extra;
}

/* The root's address from the kernel's symbol table; see introspect.h. */
int introspect_locate(const char *kernel_path, uint64_t *vaddr, char *err, size_t errlen)
{
	uint64_t size;
	char why[300];

	if (kernel_symbol(kernel_path, CV_INTROSPECT_SYMBOL, vaddr, &size, why, sizeof(why)))
		return errorf(err, errlen, "%s", why);
	if (size != 0 && size < sizeof(struct cv_introspect))
		return errorf(err, errlen, "%s in %s is %llu bytes, expected %zu",
			      CV_INTROSPECT_SYMBOL, kernel_path, (unsigned long long)size,
			      sizeof(struct cv_introspect));
	return 0;
}
