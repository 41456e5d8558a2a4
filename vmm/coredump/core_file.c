/* The ELF core file: headers, notes and memory. */
#include "core_file.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../shared/introspect.h"
#include "../../shared/layout.h"
#include "../inspect/pagewalk_read.h"
#include "../util.h"
#include "core_notes.h"

#define PAGE       CV_PAGE_SIZE
#define AUXV_MAX   4096u  /* bytes of auxiliary vector read (Linux keeps 2 * AT_VECTOR_SIZE words) */
#define USER_LIMIT32 (1ull << 32) /* i386 user space */
#define USER_LIMIT64 ((uint64_t)CV_USER_PML4_SLOTS_MAX << 39) /* x86-64's: the lower half */

/* One present page of the process. */
struct page {
	uint64_t va, pa;
	bool file; /* the file's own frame (never written privately) */
};

/* The process's present pages in address order, and the walk's problems. */
struct pages {
	struct page *v;
	size_t n, cap;
	bool failed;       /* out of memory */
	uint64_t limit;    /* the end of the process's user space */
	struct core_result *res;
};

/* Walk visitor: keep each page of the process's user space. */
static int on_page(const struct pw_mapping *m, void *ctx)
{
	struct pages *p = ctx;

	if (m->va >= p->limit)
		return 0;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		struct page *v = realloc(p->v, cap * sizeof(*v));
		if (v == NULL) {
			p->failed = true;
			return 1;
		}
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = (struct page){ m->va, m->pa, m->file };
	return 0;
}

/* Walk visitor: count a refused entry, keep the first. */
static void on_problem(const struct pw_problem *pr, void *ctx)
{
	struct pages *p = ctx;

	if (p->res->problems++ == 0)
		p->res->first = *pr;
}

/* Order pages by address (the walk gives them so; this makes sure). */
static int page_cmp(const void *a, const void *b)
{
	const struct page *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

/* Every present user page under cr3; 0 or -1 (err). */
static int collect_pages(const struct guest_mem *gm, uint64_t cr3, struct pages *p,
			 char *err, size_t errlen)
{
	struct pw_walker w;
	struct pw_visitor v = { on_page, on_problem, p, NULL };
	struct pw_walk_stats st;

	if (gm_ptr(gm, cr3 & ~(PAGE - 1ull), PAGE) == NULL)
		return errorf(err, errlen, "its page-table root 0x%llx is outside guest RAM",
			      (unsigned long long)cr3);
	if (pw_walker_init(&w, gm) != 0)
		return errorf(err, errlen, "out of memory");
	pw_each_mapping(&w, PW_LONG4, cr3, (unsigned)((p->limit + (1ull << 39) - 1) >> 39), &v, &st);
	pw_walker_free(&w);
	if (p->failed)
		return errorf(err, errlen, "out of memory");
	p->res->truncated = st.truncated;
	qsort(p->v, p->n, sizeof(*p->v), page_cmp);
	return 0;
}

/* The index of the first page at or above va. */
static size_t first_page(const struct pages *p, uint64_t va)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[mid].va < va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Bytes of m the core carries, as Linux's vma_dump_size with the default
 * coredump_filter. */
static uint64_t dump_size(const struct inspect_mapping *m, const struct pages *p,
			  const struct guest_mem *gm)
{
	uint64_t whole = m->end - m->start;
	bool file = inspect_mapping_has_file(m);
	size_t i = first_page(p, m->start);
	const uint8_t *head;

	if (m->kind == CV_VMA_TRAMP || m->kind == CV_VMA_VDSO)
		return whole; /* the vDSO (and what is like it): always */
	if (m->shared)
		return file ? 0 : whole; /* shared files: the file has it */
	for (size_t j = i; j < p->n && p->v[j].va < m->end; j++)
		if (!p->v[j].file)
			return whole; /* written to (Linux: it has an anon_vma) */
	if (!file)
		return 0; /* anonymous and never touched */
	if (m->file_off == 0 && i < p->n && p->v[i].va == m->start &&
	    (head = gm_ptr(gm, p->v[i].pa, SELFMAG)) != NULL && memcmp(head, ELFMAG, SELFMAG) == 0)
		return PAGE; /* an ELF header: its first page (build ids) */
	return 0;
}

/* The output file, written in order with holes for absent pages. */
struct out {
	int fd;
	uint64_t pos;      /* where the next byte goes */
	uint64_t written;  /* end of the last data actually written */
	int error;         /* errno of the first failure */
};

/* Write len bytes at the current position. */
static void out_write(struct out *o, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len && !o->error) {
		ssize_t n = pwrite(o->fd, p, len, (off_t)o->pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			o->error = n < 0 ? errno : ENOSPC;
			return;
		}
		p += n;
		len -= (size_t)n;
		o->pos += (uint64_t)n;
		o->written = o->pos;
	}
}

/* Leave a hole of len bytes (reads as zeros). */
static void out_skip(struct out *o, uint64_t len)
{
	o->pos += len;
}

/* Extend the file to its full size when it ends in a hole. */
static void out_finish(struct out *o)
{
	if (!o->error && o->pos > o->written && ftruncate(o->fd, (off_t)o->pos) != 0)
		o->error = errno;
}

/* Write the first len bytes of m: present pages, holes for the rest. */
static void write_segment(struct out *o, const struct inspect_mapping *m, uint64_t len,
			  const struct pages *p, const struct guest_mem *gm, struct core_result *res)
{
	size_t i = first_page(p, m->start);

	for (uint64_t va = m->start; va < m->start + len && !o->error; va += PAGE) {
		const void *src;
		while (i < p->n && p->v[i].va < va)
			i++;
		if (i < p->n && p->v[i].va == va && (src = gm_ptr(gm, p->v[i].pa, PAGE)) != NULL) {
			out_write(o, src, PAGE);
			res->pages++;
		} else {
			out_skip(o, PAGE);
		}
	}
}

/* The ELF header of a core of the process's class with phnum program headers. */
static int put_ehdr(struct core_buf *b, bool wide, size_t phnum)
{
	Elf64_Ehdr e64 = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT,
			     ELFOSABI_NONE },
		.e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = (Elf64_Half)phnum,
	};
	Elf32_Ehdr e32 = {
		.e_type = ET_CORE, .e_machine = EM_386, .e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf32_Ehdr), .e_ehsize = sizeof(Elf32_Ehdr),
		.e_phentsize = sizeof(Elf32_Phdr), .e_phnum = (Elf32_Half)phnum,
	};

	if (wide)
		return core_buf_put(b, &e64, sizeof(e64));
	memcpy(e32.e_ident, e64.e_ident, EI_NIDENT);
	e32.e_ident[EI_CLASS] = ELFCLASS32;
	return core_buf_put(b, &e32, sizeof(e32));
}

/* One program header, ph, in the process's class (32-bit: the offsets
 * fit, fits_elf32 checked). */
static int put_phdr(struct core_buf *b, bool wide, const Elf64_Phdr *ph)
{
	Elf32_Phdr p32 = {
		.p_type = ph->p_type, .p_offset = (Elf32_Off)ph->p_offset,
		.p_vaddr = (Elf32_Addr)ph->p_vaddr, .p_filesz = (Elf32_Word)ph->p_filesz,
		.p_memsz = (Elf32_Word)ph->p_memsz, .p_flags = ph->p_flags,
		.p_align = (Elf32_Word)ph->p_align,
	};

	return wide ? core_buf_put(b, ph, sizeof(*ph)) : core_buf_put(b, &p32, sizeof(p32));
}

/* Bytes of the ELF header and of one program header in the class. */
static size_t ehdr_size(bool wide)
{
	return wide ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
}

static size_t phdr_size(bool wide)
{
	return wide ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
}

/* ELF header and program headers for the mappings' loads and one note. */
static int put_headers(struct core_buf *b, bool wide, uint64_t notes_off, size_t notes_len,
		       const struct core_mappings *m, const uint64_t *sizes, uint64_t data_off)
{
	Elf64_Phdr note = { .p_type = PT_NOTE, .p_offset = notes_off, .p_filesz = notes_len,
			    .p_align = 4 };
	int rc = put_ehdr(b, wide, m->n + 1) | put_phdr(b, wide, &note);

	for (size_t i = 0; i < m->n; i++) {
		const struct inspect_mapping *r = &m->map[i];
		Elf64_Phdr ph = {
			.p_type = PT_LOAD, .p_offset = data_off, .p_vaddr = r->start,
			.p_filesz = sizes[i], .p_memsz = r->end - r->start,
			.p_flags = (r->prot & 1 ? PF_R : 0) | (r->prot & 2 ? PF_W : 0) |
				   (r->prot & 4 ? PF_X : 0),
			.p_align = PAGE,
		};
		rc |= put_phdr(b, wide, &ph);
		data_off += sizes[i];
	}
	return rc ? -1 : 0;
}

/* The command line for NT_PRPSINFO: the argument strings, NULs as spaces. */
static void read_psargs(const struct guest_mem *gm, const struct cv_core_event *ev,
			char *out, size_t size)
{
	size_t want = ev->arg_end > ev->arg_start ? ev->arg_end - ev->arg_start : 0;
	size_t got = pw_read_virt(gm, PW_LONG4, ev->cr3, ev->arg_start, out,
				  want < size - 1 ? want : size - 1);

	out[got] = '\0';
	for (size_t i = 0; i < got; i++)
		out[i] = out[i] ? out[i] : ' ';
	while (got && out[got - 1] == ' ')
		out[--got] = '\0';
}

/* Notes and headers into b; the per-mapping dump sizes into sizes. */
static int build_head(struct core_buf *b, const struct guest_mem *gm,
		      const struct cv_core_event *ev, const struct core_mappings *maps,
		      const struct pages *p, uint64_t *sizes, uint64_t *data_off)
{
	uint8_t auxv[AUXV_MAX];
	char psargs[CORE_PSARGS_LEN];
	struct core_buf notes = { 0 };
	struct core_note_input in = { ev, maps, auxv, 0, psargs };
	bool wide = core_event_wide(ev);
	uint64_t notes_off = ehdr_size(wide) + (maps->n + 1) * phdr_size(wide);
	int rc;

	in.auxv_len = pw_read_virt(gm, PW_LONG4, ev->cr3, ev->auxv, auxv,
				   ev->auxv_bytes < AUXV_MAX ? ev->auxv_bytes : AUXV_MAX);
	read_psargs(gm, ev, psargs, sizeof(psargs));
	for (size_t i = 0; i < maps->n; i++)
		sizes[i] = dump_size(&maps->map[i], p, gm);
	rc = core_notes_build(&notes, &in);
	*data_off = (notes_off + notes.len + PAGE - 1) / PAGE * PAGE;
	rc = rc || put_headers(b, wide, notes_off, notes.len, maps, sizes, *data_off) ||
	     core_buf_put(b, notes.p, notes.len);
	core_buf_free(&notes);
	return rc ? -1 : 0;
}

/* Do all offsets fit an Elf32_Off? */
static bool fits_elf32(uint64_t data_off, const uint64_t *sizes, size_t nmaps)
{
	for (size_t i = 0; i < nmaps; i++)
		data_off += sizes[i];
	return data_off <= UINT32_MAX;
}

/* How many of maps (sorted) lie below limit: a 32-bit core leaves out the
 * kernel's FPU trampoline page above 4 GiB, which the program cannot see. */
static size_t addressable(const struct core_mappings *maps, uint64_t limit)
{
	size_t n = maps->n;

	while (n > 0 && maps->map[n - 1].start >= limit)
		n--;
	return n;
}

int core_write(int fd, const struct guest_mem *gm, const struct cv_core_event *ev,
	       const struct core_mappings *maps, struct core_result *res,
	       char *err, size_t errlen)
{
	struct pages p = { .res = res, .limit = core_event_wide(ev) ? USER_LIMIT64 : USER_LIMIT32 };
	size_t nmaps = addressable(maps, p.limit);
	struct core_mappings own = { maps->map, maps->path, nmaps };
	struct core_buf head = { 0 };
	struct out o = { .fd = fd };
	uint64_t *sizes = calloc(nmaps ? nmaps : 1, sizeof(*sizes)), data_off = 0;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (ev->abi >= CV_ABI_COUNT)
		errorf(err, errlen, "unknown ABI %u in the kernel's report", ev->abi);
	else if (sizes == NULL)
		errorf(err, errlen, "out of memory");
	else if (collect_pages(gm, ev->cr3, &p, err, errlen) == 0 &&
		 build_head(&head, gm, ev, &own, &p, sizes, &data_off) != 0)
		errorf(err, errlen, "out of memory");
	else if (head.len && !core_event_wide(ev) && !fits_elf32(data_off, sizes, nmaps))
		errorf(err, errlen, "more than 4 GiB: too large for an ELFCLASS32 core");
	else if (head.len) {
		out_write(&o, head.p, head.len);
		out_skip(&o, data_off - head.len);
		for (size_t i = 0; i < nmaps && !o.error; i++)
			write_segment(&o, &maps->map[i], sizes[i], &p, gm, res);
		res->loads = nmaps;
		out_finish(&o);
		res->file_size = o.pos;
		rc = o.error ? errorf(err, errlen, "%s", strerror(o.error)) : 0;
	}
	core_buf_free(&head);
	free(p.v);
	free(sizes);
	return rc;
}
