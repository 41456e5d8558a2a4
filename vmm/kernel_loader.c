/* ELF64 kernel loading with libelf: validation first, then the copy. */
#include "kernel_loader.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../shared/layout.h"
#include "../shared/pvh.h"
#include "util.h"

struct segment {
	uint64_t paddr, memsz, offset, filesz;
	bool exec;
};

struct parsed {
	struct segment seg[KERNEL_MAX_SEGMENTS];
	size_t nseg;
	uint64_t entry;
	bool have_entry;
};

/* Check the ELF header: 64-bit little-endian x86-64 executable. */
static int check_header(Elf *elf, char *err, size_t errlen)
{
	GElf_Ehdr eh;

	if (elf_kind(elf) != ELF_K_ELF)
		return errorf(err, errlen, "not an ELF file");
	if (gelf_getehdr(elf, &eh) == NULL)
		return errorf(err, errlen, "unreadable ELF header (%s)", elf_errmsg(-1));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		return errorf(err, errlen, "ELF class is not 64-bit (the kernel must be ELF64)");
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return errorf(err, errlen, "ELF data is not little-endian");
	if (eh.e_machine != EM_X86_64)
		return errorf(err, errlen, "ELF machine is %u, not x86-64", (unsigned)eh.e_machine);
	if (eh.e_type != ET_EXEC)
		return errorf(err, errlen, "ELF type is %u, not an executable", (unsigned)eh.e_type);
	if (eh.e_phnum && eh.e_phentsize != sizeof(Elf64_Phdr))
		return errorf(err, errlen, "program header size is %u, not %zu",
			    (unsigned)eh.e_phentsize, sizeof(Elf64_Phdr));
	return 0;
}

/* Check one PT_LOAD header against the file and RAM; record it. */
static int add_segment(struct parsed *p, const GElf_Phdr *ph, size_t flen,
		       const struct guest_mem *gm, char *err, size_t errlen)
{
	struct segment *s;

	if (ph->p_memsz == 0)
		return 0; /* loads nothing: ignored */
	if (p->nseg == KERNEL_MAX_SEGMENTS)
		return errorf(err, errlen, "more than %d loadable segments", KERNEL_MAX_SEGMENTS);
	if (ph->p_filesz > ph->p_memsz)
		return errorf(err, errlen, "segment at 0x%llx: file size exceeds memory size",
			    (unsigned long long)ph->p_paddr);
	if (ph->p_offset > flen || ph->p_filesz > flen - ph->p_offset)
		return errorf(err, errlen, "segment at 0x%llx: data lies beyond the end of the file (truncated?)",
			    (unsigned long long)ph->p_paddr);
	if (gm_ptr(gm, ph->p_paddr, ph->p_memsz) == NULL)
		return errorf(err, errlen, "segment 0x%llx+0x%llx does not fit in guest RAM (%llu MiB)",
			    (unsigned long long)ph->p_paddr, (unsigned long long)ph->p_memsz,
			    (unsigned long long)(gm->size >> 20));
	if (ranges_overlap(ph->p_paddr, ph->p_memsz, CV_BOOT_PAGE_GPA, CV_BOOT_PAGE_SIZE))
		return errorf(err, errlen, "segment at 0x%llx overlaps the boot information page",
			    (unsigned long long)ph->p_paddr);
	for (size_t i = 0; i < p->nseg; i++)
		if (ranges_overlap(ph->p_paddr, ph->p_memsz, p->seg[i].paddr, p->seg[i].memsz))
			return errorf(err, errlen, "segments at 0x%llx and 0x%llx overlap",
				    (unsigned long long)ph->p_paddr,
				    (unsigned long long)p->seg[i].paddr);
	s = &p->seg[p->nseg++];
	s->paddr = ph->p_paddr;
	s->memsz = ph->p_memsz;
	s->offset = ph->p_offset;
	s->filesz = ph->p_filesz;
	s->exec = (ph->p_flags & PF_X) != 0;
	return 0;
}

/* Look through one PT_NOTE segment for the PVH entry note. */
static int scan_notes(Elf *elf, struct parsed *p, const GElf_Phdr *ph, size_t flen,
		      char *err, size_t errlen)
{
	Elf_Data *data;
	GElf_Nhdr nh;
	size_t off = 0, name_off, desc_off, next;

	if (ph->p_offset > flen || ph->p_filesz > flen - ph->p_offset)
		return errorf(err, errlen, "note segment lies beyond the end of the file (truncated?)");
	data = elf_getdata_rawchunk(elf, (int64_t)ph->p_offset, ph->p_filesz, ELF_T_NHDR);
	if (data == NULL)
		return errorf(err, errlen, "unreadable note segment (%s)", elf_errmsg(-1));
	while ((next = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)data->d_buf + name_off;

		off = next;
		if (nh.n_type != PVH_ELFNOTE_ENTRY || nh.n_namesz != sizeof(PVH_ELFNOTE_NAME) ||
		    memcmp(name, PVH_ELFNOTE_NAME, sizeof(PVH_ELFNOTE_NAME)) != 0)
			continue;
		if (nh.n_descsz == 4) {
			uint32_t v;
			memcpy(&v, (const char *)data->d_buf + desc_off, 4);
			p->entry = v;
		} else if (nh.n_descsz == 8) {
			memcpy(&p->entry, (const char *)data->d_buf + desc_off, 8);
		} else {
			return errorf(err, errlen, "PVH entry note has a %u-byte value (want 4 or 8)",
				    (unsigned)nh.n_descsz);
		}
		p->have_entry = true;
	}
	return 0;
}

/* The entry must be 32-bit and inside an executable loaded segment. */
static int check_entry(const struct parsed *p, char *err, size_t errlen)
{
	if (!p->have_entry)
		return errorf(err, errlen, "no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY) in a PT_NOTE segment");
	for (size_t i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];
		if (s->exec && p->entry >= s->paddr && p->entry - s->paddr < s->filesz &&
		    p->entry <= UINT32_MAX)
			return 0;
	}
	return errorf(err, errlen, "PVH entry 0x%llx is not inside an executable loaded segment",
		    (unsigned long long)p->entry);
}

/* Walk the program headers, validating every loadable and note segment. */
static int parse(Elf *elf, size_t flen, const struct guest_mem *gm, struct parsed *p,
		 char *err, size_t errlen)
{
	size_t phnum;
	GElf_Phdr ph;

	if (check_header(elf, err, errlen))
		return -1;
	if (elf_getphdrnum(elf, &phnum) != 0)
		return errorf(err, errlen, "unreadable program headers (%s)", elf_errmsg(-1));
	for (size_t i = 0; i < phnum; i++) {
		if (gelf_getphdr(elf, (int)i, &ph) == NULL)
			return errorf(err, errlen, "unreadable program header %zu (%s)", i, elf_errmsg(-1));
		if (ph.p_type == PT_LOAD && add_segment(p, &ph, flen, gm, err, errlen))
			return -1;
		if (ph.p_type == PT_NOTE && scan_notes(elf, p, &ph, flen, err, errlen))
			return -1;
	}
	if (p->nseg == 0)
		return errorf(err, errlen, "no loadable segments");
	return check_entry(p, err, errlen);
}

/* Copy validated segments into guest RAM and describe the image. */
static void copy_segments(const struct parsed *p, const uint8_t *buf, struct guest_mem *gm,
			  struct kernel_image *img)
{
	img->entry = (uint32_t)p->entry;
	img->load_lo = UINT64_MAX;
	img->load_hi = 0;
	for (size_t i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];
		uint8_t *dst = gm_ptr(gm, s->paddr, s->memsz);

		memcpy(dst, buf + s->offset, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
		if (s->paddr < img->load_lo)
			img->load_lo = s->paddr;
		if (s->paddr + s->memsz > img->load_hi)
			img->load_hi = s->paddr + s->memsz;
	}
}

int kernel_load_buffer(void *buf, size_t len, struct guest_mem *gm,
		       struct kernel_image *img, char *err, size_t errlen)
{
	struct parsed p = { 0 };
	Elf *elf;
	int rc;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return errorf(err, errlen, "libelf initialisation failed");
	elf = elf_memory(buf, len);
	if (elf == NULL)
		return errorf(err, errlen, "not an ELF file (%s)", elf_errmsg(-1));
	rc = parse(elf, len, gm, &p, err, errlen);
	if (rc == 0)
		copy_segments(&p, buf, gm, img);
	elf_end(elf);
	return rc;
}

int kernel_load_file(const char *path, struct guest_mem *gm,
		     struct kernel_image *img, char *err, size_t errlen)
{
	char why[200];
	size_t len;
	void *buf = read_whole_file(path, KERNEL_FILE_MAX, &len, why, sizeof(why));
	int rc;

	if (buf == NULL)
		return errorf(err, errlen, "kernel %s: %s", path, why);
	rc = kernel_load_buffer(buf, len, gm, img, why, sizeof(why));
	if (rc)
		errorf(err, errlen, "kernel %s: %s", path, why);
	free(buf);
	return rc;
}
