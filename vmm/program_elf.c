/* PROGRAM's ELF64 rules and interpreter, checked on the host. */
#include "program_elf.h"

#include <string.h>

#define ET_EXEC   2
#define ET_DYN    3
#define EM_X86_64 62
#define PT_LOAD   1
#define PT_INTERP 3
#define PF_X      1
#define PAGE      4096ull
#define PHNUM_MAX 64

struct ehdr64 {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr64 {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* One program header, as either class gives it. */
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz;
};

int elf_is_64(const uint8_t *data, uint64_t size)
{
	return size >= 16 && memcmp(data, "\177ELF", 4) == 0 && data[4] == 2;
}

/* The program header table's place: 0, or -1 when it is not in the file. */
static int ph_table(const uint8_t *data, uint64_t size, uint64_t *off, unsigned *num,
		    unsigned *entsize)
{
	if (size < 52 || memcmp(data, "\177ELF", 4) != 0)
		return -1;
	if (data[4] == 2) {
		struct ehdr64 eh;

		if (size < sizeof(eh))
			return -1;
		memcpy(&eh, data, sizeof(eh));
		*off = eh.phoff, *num = eh.phnum, *entsize = eh.phentsize;
		if (eh.phentsize != sizeof(struct phdr64))
			return -1;
	} else {
		uint32_t phoff;
		uint16_t phentsize, phnum;

		memcpy(&phoff, data + 28, 4);
		memcpy(&phentsize, data + 42, 2);
		memcpy(&phnum, data + 44, 2);
		*off = phoff, *num = phnum, *entsize = phentsize;
		if (phentsize != 32)
			return -1;
	}
	if (*num == 0 || *num > PHNUM_MAX || *off > size ||
	    (uint64_t)*num * *entsize > size - *off)
		return -1;
	return 0;
}

/* Program header i of a table checked by ph_table. */
static struct phdr ph_get(const uint8_t *data, uint64_t off, unsigned entsize, unsigned i)
{
	const uint8_t *p = data + off + (uint64_t)i * entsize;
	struct phdr h;

	if (entsize == sizeof(struct phdr64)) {
		struct phdr64 ph;

		memcpy(&ph, p, sizeof(ph));
		h = (struct phdr){ ph.type, ph.flags, ph.offset, ph.vaddr, ph.filesz, ph.memsz };
	} else {
		uint32_t f[8]; /* type offset vaddr paddr filesz memsz flags align */

		memcpy(f, p, sizeof(f));
		h = (struct phdr){ f[0], f[6], f[1], f[2], f[4], f[5] };
	}
	return h;
}

int elf_interp(const uint8_t *data, uint64_t size, char *out, size_t outlen)
{
	uint64_t off;
	unsigned num, entsize;

	if (outlen == 0 || ph_table(data, size, &off, &num, &entsize) != 0)
		return 0;
	for (unsigned i = 0; i < num; i++) {
		struct phdr h = ph_get(data, off, entsize, i);
		size_t n = 0;

		if (h.type != PT_INTERP)
			continue;
		for (; h.offset <= size && n < h.filesz && n < size - h.offset && n + 1 < outlen; n++) {
			uint8_t c = data[h.offset + n];

			if (c == 0)
				break;
			out[n] = c >= 0x20 && c < 0x7f ? (char)c : '?'; /* safe to print */
		}
		out[n] = '\0';
		return 1;
	}
	return 0;
}

/* Set the reason and fail. */
static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

/* Check the ELF64 header. */
static int check_header(const struct ehdr64 *eh, uint64_t size, const char **why)
{
	if (eh->ident[5] != 1 || eh->version != 1)
		return refuse(why, "not a little-endian ELF version 1");
	if (eh->machine != EM_X86_64)
		return refuse(why, "a 64-bit ELF for another machine than x86-64");
	if (eh->type != ET_EXEC && eh->type != ET_DYN)
		return refuse(why, "not an executable (ET_EXEC, or ET_DYN for static-pie)");
	if (eh->phentsize != sizeof(struct phdr64) || eh->phnum == 0 || eh->phnum > PHNUM_MAX)
		return refuse(why, "bad program header table");
	if (eh->phoff > size || (uint64_t)eh->phnum * sizeof(struct phdr64) > size - eh->phoff)
		return refuse(why, "program headers beyond the end of the file");
	return 0;
}

/* Page-rounded [start, end) of a load, or an empty range on overflow. */
static void load_range(const struct phdr *h, uint64_t *start, uint64_t *end)
{
	*start = h->vaddr & ~(PAGE - 1);
	*end = h->vaddr + h->memsz;
	if (*end < h->vaddr || *end > UINT64_MAX - PAGE)
		*end = *start = UINT64_MAX; /* wraps: certainly outside user space */
	else
		*end = (*end + PAGE - 1) & ~(PAGE - 1);
}

/* Check one PT_LOAD against the file, user space and the earlier ones
 * (loads[0..n)); a static-pie's addresses are relative to its base. */
static int check_load(const struct phdr *h, uint64_t size, int pie, const struct phdr *loads,
		      int n, const char **why)
{
	uint64_t start, end, min = pie ? 0 : ELF64_USER_MIN;

	if (h->filesz > h->memsz || h->offset > size || h->filesz > size - h->offset)
		return refuse(why, "segment data beyond the end of the file");
	load_range(h, &start, &end);
	if (start < min || end > ELF64_USER_TOP)
		return refuse(why, "segment outside user space");
	if ((h->vaddr - h->offset) % PAGE)
		return refuse(why, "segment offset and address not page congruent");
	for (int i = 0; i < n; i++) {
		uint64_t s, e;

		load_range(&loads[i], &s, &e);
		if (start < e && s < end)
			return refuse(why, "overlapping segments");
	}
	return 0;
}

/* Is the entry point inside an executable segment? */
static int entry_ok(uint64_t entry, const struct phdr *loads, int n)
{
	for (int i = 0; i < n; i++)
		if ((loads[i].flags & PF_X) && entry - loads[i].vaddr < loads[i].memsz)
			return 1;
	return 0;
}

int elf64_check(const uint8_t *data, uint64_t size, const char **why)
{
	struct phdr loads[ELF64_MAX_LOADS];
	struct ehdr64 eh;
	int n = 0;

	if (!elf_is_64(data, size) || size < sizeof(eh))
		return refuse(why, "not an ELF64 file");
	memcpy(&eh, data, sizeof(eh));
	if (check_header(&eh, size, why) != 0)
		return -1;
	for (unsigned i = 0; i < eh.phnum; i++) {
		struct phdr h = ph_get(data, eh.phoff, sizeof(struct phdr64), i);

		if (h.type == PT_INTERP)
			return refuse(why, "dynamically linked (has an interpreter; build with -static)");
		if (h.type != PT_LOAD || h.memsz == 0)
			continue;
		if (n == ELF64_MAX_LOADS)
			return refuse(why, "too many loadable segments");
		if (check_load(&h, size, eh.type == ET_DYN, loads, n, why) != 0)
			return -1;
		loads[n++] = h;
	}
	if (n == 0)
		return refuse(why, "no loadable segments");
	if (!entry_ok(eh.entry, loads, n))
		return refuse(why, "entry point outside the executable segments");
	return 0;
}
