/* ELF32 validation for exec. */
#include "elf32.h"

#include "../lib/errno.h"
#include "../lib/string.h"
#include "../mm/layout.h"
#include "../mm/vm.h"

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

/* Set the reason and fail. */
static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -ENOEXEC;
}

/* Check the ELF header. */
static int check_header(const struct ehdr32 *eh, uint64_t size, uint64_t avail, const char **why)
{
	if (avail < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) != 0)
		return refuse(why, "not an ELF file");
	if (eh->ident[4] != 1)
		return refuse(why, "not a 32-bit ELF (cowvisor runs i386 programs)");
	if (eh->ident[5] != 1 || eh->version != 1)
		return refuse(why, "not a little-endian ELF version 1");
	if (eh->machine != 3)
		return refuse(why, "not an i386 ELF");
	if (eh->type != 2)
		return refuse(why, "not a static executable (ET_EXEC; build with -static)");
	if (eh->phentsize != sizeof(struct phdr32) || eh->phnum == 0 || eh->phnum > 64)
		return refuse(why, "bad program header table");
	if ((uint64_t)eh->phoff + (uint64_t)eh->phnum * sizeof(struct phdr32) > size)
		return refuse(why, "program headers beyond the end of the file");
	if ((uint64_t)eh->phoff + (uint64_t)eh->phnum * sizeof(struct phdr32) > avail)
		return refuse(why, "program headers beyond the file's first page");
	return 0;
}

/* Record one PT_LOAD after checking it against the file and user space. */
static int add_load(struct elf32_info *info, const struct phdr32 *ph, uint64_t size,
		    const char **why)
{
	struct elf32_load *l;
	uint64_t start = ph->vaddr & ~(PAGE_SIZE - 1ull), end = (uint64_t)ph->vaddr + ph->memsz;

	if (ph->memsz == 0)
		return 0;
	if (info->nload == ELF32_MAX_LOADS)
		return refuse(why, "too many loadable segments");
	if (ph->filesz > ph->memsz || (uint64_t)ph->offset + ph->filesz > size)
		return refuse(why, "segment data beyond the end of the file");
	if (start < USER_MIN_ADDR || end > USER_STACK_TOP - USER_STACK_MAX)
		return refuse(why, "segment outside user space");
	if ((ph->vaddr - ph->offset) % PAGE_SIZE)
		return refuse(why, "segment offset and address not page congruent");
	end = PAGE_ROUND_UP(end);
	for (int i = 0; i < info->nload; i++) {
		uint64_t s = info->load[i].vaddr & ~(PAGE_SIZE - 1ull);
		uint64_t e = PAGE_ROUND_UP((uint64_t)info->load[i].vaddr + info->load[i].memsz);
		if (start < e && s < end)
			return refuse(why, "overlapping segments");
	}
	l = &info->load[info->nload++];
	*l = (struct elf32_load){ ph->vaddr, ph->memsz, ph->filesz, ph->offset,
		((ph->flags & PF_R) ? VM_READ : 0) | ((ph->flags & PF_W) ? VM_WRITE : 0) |
		((ph->flags & PF_X) ? VM_EXEC : 0) };
	if (end > info->end)
		info->end = (uint32_t)end;
	return 0;
}

/* Is the entry point inside an executable segment? */
static bool entry_ok(const struct elf32_info *info)
{
	for (int i = 0; i < info->nload; i++) {
		const struct elf32_load *l = &info->load[i];
		if ((l->prot & VM_EXEC) && info->entry - l->vaddr < l->memsz)
			return true;
	}
	return false;
}

/* Where the program headers lie in memory: PT_PHDR, or the segment that
 * holds them in the file. 0 when nowhere. */
static uint32_t find_phdr(const struct elf32_info *info, uint32_t phoff, uint32_t pt_phdr)
{
	if (pt_phdr)
		return pt_phdr;
	for (int i = 0; i < info->nload; i++) {
		const struct elf32_load *l = &info->load[i];
		if (phoff >= l->offset && phoff - l->offset < l->filesz)
			return l->vaddr + (phoff - l->offset);
	}
	return 0;
}

int elf32_check(const uint8_t *data, uint64_t avail, uint64_t size, struct elf32_info *info,
		const char **why)
{
	struct ehdr32 eh;
	uint32_t pt_phdr = 0;
	int rc;

	memset(info, 0, sizeof(*info));
	if (avail >= sizeof(eh))
		memcpy(&eh, data, sizeof(eh));
	if ((rc = check_header(&eh, size, avail, why)))
		return rc;
	for (int i = 0; i < eh.phnum; i++) {
		struct phdr32 ph;
		memcpy(&ph, data + eh.phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.type == PT_INTERP)
			return refuse(why, "dynamically linked (has an interpreter; build with -static)");
		if (ph.type == PT_PHDR)
			pt_phdr = ph.vaddr;
		if (ph.type == PT_LOAD && (rc = add_load(info, &ph, size, why)))
			return rc;
	}
	if (info->nload == 0)
		return refuse(why, "no loadable segments");
	info->entry = eh.entry;
	if (!entry_ok(info))
		return refuse(why, "entry point outside the executable segments");
	info->phnum = eh.phnum;
	info->phdr_vaddr = find_phdr(info, eh.phoff, pt_phdr);
	return 0;
}
