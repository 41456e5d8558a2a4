/* ELF validation for exec: ELF32 i386 and ELF64 x86-64, read into one
 * description. */
#include "elf.h"

#include "../kernel/lib/errno.h"
#include "../kernel/lib/string.h"
#include "../kernel/arch/layout.h"
#include "../kernel/mm/vm.h"

#define ET_EXEC   2
#define ET_DYN    3
#define EM_386    3
#define EM_X86_64 62
#define PT_LOAD   1
#define PT_INTERP 3
#define PT_PHDR   6
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct ehdr32 {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr32 {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

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

/* The header fields the checks use, of either class. */
struct ehdr {
	uint16_t type, machine, phentsize, phnum;
	uint32_t version;
	uint64_t entry, phoff;
};

/* A program header of either class. */
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz;
};

/* Set the reason and fail. */
static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -ENOEXEC;
}

/* Read the ELF header of either class (ident checked) into *eh. */
static int read_header(const uint8_t *data, uint64_t avail, struct ehdr *eh, const char **why)
{
	struct ehdr32 e32;
	struct ehdr64 e64;

	if (avail < sizeof(e32) || memcmp(data, "\177ELF", 4) != 0)
		return refuse(why, "not an ELF file");
	if (data[5] != 1)
		return refuse(why, "not a little-endian ELF version 1");
	if (data[4] == 1) {
		memcpy(&e32, data, sizeof(e32));
		*eh = (struct ehdr){ e32.type, e32.machine, e32.phentsize, e32.phnum, e32.version,
				     e32.entry, e32.phoff };
	} else if (data[4] == 2 && avail >= sizeof(e64)) {
		memcpy(&e64, data, sizeof(e64));
		*eh = (struct ehdr){ e64.type, e64.machine, e64.phentsize, e64.phnum, e64.version,
				     e64.entry, e64.phoff };
	} else {
		return refuse(why, "neither a 32-bit nor a 64-bit ELF");
	}
	return eh->version == 1 ? 0 : refuse(why, "not a little-endian ELF version 1");
}

/* Check the ELF header against its class and choose the ABI. */
static int check_header(const struct ehdr *eh, bool wide, uint64_t size, uint64_t avail,
			struct elf_info *info, const char **why)
{
	uint64_t table = (uint64_t)eh->phnum * eh->phentsize;

	if (eh->machine != (wide ? EM_X86_64 : EM_386))
		return refuse(why, wide ? "a 64-bit ELF not for x86-64" : "a 32-bit ELF not for i386");
	if (eh->type != ET_EXEC && eh->type != ET_DYN)
		return refuse(why, "not a static executable (ET_EXEC; build with -static)");
	if (eh->phentsize != (wide ? sizeof(struct phdr64) : sizeof(struct phdr32)) ||
	    eh->phnum == 0 || eh->phnum > 64)
		return refuse(why, "bad program header table");
	if (eh->phoff > size || table > size - eh->phoff)
		return refuse(why, "program headers beyond the end of the file");
	if (eh->phoff > avail || table > avail - eh->phoff)
		return refuse(why, "program headers beyond the file's first page");
	info->abi = wide ? CV_ABI_X86_64 : CV_ABI_I386;
	info->phnum = eh->phnum;
	info->phent = eh->phentsize;
	return 0;
}

/* Program header i of the table at phoff in data, of either class. */
static struct phdr read_phdr(const uint8_t *data, const struct ehdr *eh, bool wide, int i)
{
	const uint8_t *at = data + eh->phoff + (uint64_t)i * eh->phentsize;
	struct phdr32 p32;
	struct phdr64 p64;

	if (wide) {
		memcpy(&p64, at, sizeof(p64));
		return (struct phdr){ p64.type, p64.flags, p64.offset, p64.vaddr, p64.filesz, p64.memsz };
	}
	memcpy(&p32, at, sizeof(p32));
	return (struct phdr){ p32.type, p32.flags, p32.offset, p32.vaddr, p32.filesz, p32.memsz };
}

/* The first address an ABI's program may not load at (its stack's room). */
static uint64_t load_limit(enum cv_abi abi)
{
	return (abi == CV_ABI_X86_64 ? USER64_STACK_TOP : USER32_STACK_TOP) - USER_STACK_MAX;
}

/* Record one PT_LOAD (vaddr with the load bias) after checking it against
 * the file and user space. */
static int add_load(struct elf_info *info, const struct phdr *ph, uint64_t size, const char **why)
{
	struct elf_load *l;
	uint64_t start = ph->vaddr & ~(PAGE_SIZE - 1ull), end = ph->vaddr + ph->memsz;

	if (ph->memsz == 0)
		return 0;
	if (info->nload == ELF_MAX_LOADS)
		return refuse(why, "too many loadable segments");
	if (ph->filesz > ph->memsz || ph->offset > size || ph->filesz > size - ph->offset)
		return refuse(why, "segment data beyond the end of the file");
	if (start < USER_MIN_ADDR || end < start || end > load_limit(info->abi))
		return refuse(why, "segment outside user space");
	if ((ph->vaddr - ph->offset) % PAGE_SIZE)
		return refuse(why, "segment offset and address not page congruent");
	end = PAGE_ROUND_UP(end);
	for (int i = 0; i < info->nload; i++) {
		uint64_t s = info->load[i].vaddr & ~(PAGE_SIZE - 1ull);
		uint64_t e = PAGE_ROUND_UP(info->load[i].vaddr + info->load[i].memsz);
		if (start < e && s < end)
			return refuse(why, "overlapping segments");
	}
	l = &info->load[info->nload++];
	*l = (struct elf_load){ ph->vaddr, ph->memsz, ph->filesz, ph->offset,
		((ph->flags & PF_R) ? VM_READ : 0) | ((ph->flags & PF_W) ? VM_WRITE : 0) |
		((ph->flags & PF_X) ? VM_EXEC : 0) };
	if (end > info->end)
		info->end = end;
	return 0;
}

/* Is the entry point inside an executable segment? */
static bool entry_ok(const struct elf_info *info)
{
	for (int i = 0; i < info->nload; i++) {
		const struct elf_load *l = &info->load[i];
		if ((l->prot & VM_EXEC) && info->entry - l->vaddr < l->memsz)
			return true;
	}
	return false;
}

/* Where the program headers lie in memory: PT_PHDR, or the segment that
 * holds them in the file. 0 when nowhere. */
static uint64_t find_phdr(const struct elf_info *info, uint64_t phoff, uint64_t pt_phdr)
{
	if (pt_phdr)
		return pt_phdr;
	for (int i = 0; i < info->nload; i++) {
		const struct elf_load *l = &info->load[i];
		if (phoff >= l->offset && phoff - l->offset < l->filesz)
			return l->vaddr + (phoff - l->offset);
	}
	return 0;
}

/* The interpreter a PT_INTERP names, when its string lies in data. */
static const char *interp_name(const uint8_t *data, uint64_t avail, const struct phdr *ph)
{
	if (ph->offset >= avail || ph->filesz == 0 || ph->filesz > avail - ph->offset ||
	    data[ph->offset + ph->filesz - 1] != '\0')
		return 0;
	return (const char *)data + ph->offset;
}

int elf_check(const uint8_t *data, uint64_t avail, uint64_t size, struct elf_info *info,
	      const char **why, const char **interp)
{
	struct ehdr eh;
	uint64_t pt_phdr = 0, bias;
	bool wide;
	int rc;

	memset(info, 0, sizeof(*info));
	*interp = 0;
	if ((rc = read_header(data, avail, &eh, why)))
		return rc;
	wide = data[4] == 2;
	if ((rc = check_header(&eh, wide, size, avail, info, why)))
		return rc;
	bias = 0; /* static-pie: Linux's place for the ABI, no ASLR */
	if (eh.type == ET_DYN)
		bias = wide ? ELF_ET_DYN_BASE_64 : ELF_ET_DYN_BASE_32;
	for (int i = 0; i < eh.phnum; i++) {
		struct phdr ph = read_phdr(data, &eh, wide, i);
		ph.vaddr += bias;
		if (ph.type == PT_INTERP) {
			*interp = interp_name(data, avail, &ph);
			return refuse(why, "dynamically linked (has an interpreter; build with -static)");
		}
		if (ph.type == PT_PHDR)
			pt_phdr = ph.vaddr;
		if (ph.type == PT_LOAD && (rc = add_load(info, &ph, size, why)))
			return rc;
	}
	if (info->nload == 0)
		return refuse(why, "no loadable segments");
	info->entry = eh.entry + bias;
	if (!entry_ok(info))
		return refuse(why, "entry point outside the executable segments");
	info->phdr_vaddr = find_phdr(info, eh.phoff, pt_phdr);
	return 0;
}
