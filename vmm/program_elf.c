/* The interpreter a dynamically linked program asks for, read on the host. */
#include "program_elf.h"

#include <string.h>

#define PT_INTERP 3
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
