/* Build-time check of a vDSO image, and the header the kernel maps it by.
 * Usage: vdso_check CLASS SONAME PREFIX IN.so OUT.h SYMBOL@VERSION...
 * (CLASS 32 or 64). The image must be what the kernel can map as it lies:
 * an ELF shared object of that class named SONAME, one read+execute
 * PT_LOAD at address 0 covering the file's start, within one page, no
 * writable segment, a PT_DYNAMIC without relocations, a PT_NOTE, and each
 * SYMBOL defined in .dynsym with VERSION, and a section .cv_clock of the
 * size of struct cv_vdso_clock inside the segment. OUT.h gets PREFIX_BYTES
 * (the image's size), PREFIX_SYM_SYMBOL (its offset) for each symbol and
 * PREFIX_CLOCK (the offset where the kernel writes its clock data). */
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../shared/vdso_clock.h"

#define PAGE_BYTES 4096

static const char *image; /* the file checked, for messages */

/* Report a failed check and exit 1. */
static void __attribute__((noreturn, format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vdso_check: %s: ", image);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The first section of type type, or NULL. */
static Elf_Scn *section_of(Elf *e, GElf_Word type, GElf_Shdr *sh)
{
	for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s))
		if (gelf_getshdr(s, sh) && sh->sh_type == type)
			return s;
	return NULL;
}

/* Check the program headers: one R+X PT_LOAD at 0 from offset 0 within a
 * page, nothing writable, PT_DYNAMIC and PT_NOTE present. */
static void check_segments(Elf *e, size_t file_bytes)
{
	size_t n, loads = 0;
	int dynamic = 0, note = 0;
	GElf_Phdr p;

	if (elf_getphdrnum(e, &n) != 0)
		fail("no program headers");
	for (size_t i = 0; i < n && gelf_getphdr(e, (int)i, &p); i++) {
		if (p.p_flags & PF_W)
			fail("segment %zu is writable", i);
		dynamic += p.p_type == PT_DYNAMIC;
		note += p.p_type == PT_NOTE;
		if (p.p_type != PT_LOAD)
			continue;
		if (loads++ || p.p_vaddr != 0 || p.p_offset != 0 || p.p_filesz != p.p_memsz ||
		    p.p_flags != (PF_R | PF_X))
			fail("the image must be one R+X PT_LOAD at 0 from the file's start");
		if (p.p_memsz > PAGE_BYTES || file_bytes > PAGE_BYTES)
			fail("%zu bytes: more than one page", file_bytes);
	}
	if (loads != 1 || !dynamic || !note)
		fail("needs exactly one PT_LOAD, a PT_DYNAMIC and a PT_NOTE");
}

/* The dynamic tags a loader (glibc's, musl's, dietlibc's) looks the
 * symbols up by: both hash tables, the symbols, and their versions. */
static const GElf_Sxword needed_tags[] = { DT_HASH, DT_GNU_HASH, DT_SYMTAB, DT_STRTAB, DT_VERSYM, DT_VERDEF };
#define NNEEDED (sizeof(needed_tags) / sizeof(needed_tags[0]))

/* Check the dynamic section: no relocations of any kind; the needed
 * tags present; DT_SONAME is soname. */
static void check_dynamic(Elf *e, const char *soname)
{
	GElf_Shdr sh;
	Elf_Scn *s = section_of(e, SHT_DYNAMIC, &sh);
	Elf_Data *d = s ? elf_getdata(s, NULL) : NULL;
	const char *name = NULL;
	unsigned found = 0;
	GElf_Dyn dyn;

	if (d == NULL)
		fail("no .dynamic");
	for (int i = 0; gelf_getdyn(d, i, &dyn) && dyn.d_tag != DT_NULL; i++) {
		if (dyn.d_tag == DT_REL || dyn.d_tag == DT_RELA || dyn.d_tag == DT_TEXTREL ||
		    dyn.d_tag == DT_JMPREL)
			fail("has relocations (tag %lld): the kernel maps it unrelocated",
			     (long long)dyn.d_tag);
		if (dyn.d_tag == DT_SONAME)
			name = elf_strptr(e, sh.sh_link, dyn.d_un.d_val);
		for (unsigned k = 0; k < NNEEDED; k++)
			found |= (unsigned)(dyn.d_tag == needed_tags[k]) << k;
	}
	if (found != (1u << NNEEDED) - 1)
		fail("a needed dynamic tag (hash tables, symbols, versions) is missing");
	if (name == NULL || strcmp(name, soname) != 0)
		fail("soname %s, not %s", name ? name : "(none)", soname);
}

/* The name of version index ndx from .gnu.version_d, or NULL. */
static const char *version_name(Elf *e, GElf_Half ndx)
{
	GElf_Shdr sh;
	Elf_Scn *s = section_of(e, SHT_GNU_verdef, &sh);
	Elf_Data *d = s ? elf_getdata(s, NULL) : NULL;
	GElf_Verdef vd;
	GElf_Verdaux va;

	for (size_t off = 0; d && gelf_getverdef(d, (int)off, &vd); off += vd.vd_next) {
		if (vd.vd_ndx == ndx && gelf_getverdaux(d, (int)(off + vd.vd_aux), &va))
			return elf_strptr(e, sh.sh_link, va.vda_name);
		if (vd.vd_next == 0)
			break;
	}
	return NULL;
}

/* The offset of want ("name@VERSION"), defined in .dynsym with that
 * version; fails otherwise. */
static GElf_Addr symbol(Elf *e, const char *want)
{
	GElf_Shdr sh, vsh;
	Elf_Scn *s = section_of(e, SHT_DYNSYM, &sh), *vs = section_of(e, SHT_GNU_versym, &vsh);
	Elf_Data *d = s ? elf_getdata(s, NULL) : NULL, *vd = vs ? elf_getdata(vs, NULL) : NULL;
	const char *at = strchr(want, '@');
	size_t len = at ? (size_t)(at - want) : strlen(want);
	GElf_Sym sym;
	GElf_Versym ver;

	if (d == NULL || vd == NULL || at == NULL)
		fail("no .dynsym or .gnu.version, or %s names no version", want);
	for (int i = 0; gelf_getsym(d, i, &sym); i++) {
		const char *name = elf_strptr(e, sh.sh_link, sym.st_name), *vname;
		if (name == NULL || strlen(name) != len || strncmp(name, want, len) != 0)
			continue;
		if (sym.st_shndx == SHN_UNDEF || GELF_ST_TYPE(sym.st_info) != STT_FUNC)
			fail("%.*s is not a defined function", (int)len, want);
		if (!gelf_getversym(vd, i, &ver) || (vname = version_name(e, ver & 0x7fff)) == NULL ||
		    strcmp(vname, at + 1) != 0)
			fail("%.*s is not of version %s", (int)len, want, at + 1);
		return sym.st_value;
	}
	fail("%.*s is missing", (int)len, want);
}

/* The offset of the clock data (section .cv_clock, in the image's one
 * segment, sized as struct cv_vdso_clock); fails otherwise. */
static GElf_Addr clock_section(Elf *e, size_t bytes)
{
	size_t shstrndx;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(e, &shstrndx) != 0)
		fail("no section names");
	for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
		const char *name = gelf_getshdr(s, &sh) ? elf_strptr(e, shstrndx, sh.sh_name) : NULL;
		if (name == NULL || strcmp(name, ".cv_clock") != 0)
			continue;
		if (sh.sh_type != SHT_PROGBITS || sh.sh_size != sizeof(struct cv_vdso_clock) ||
		    sh.sh_addr != sh.sh_offset || sh.sh_offset + sh.sh_size > bytes || sh.sh_addr % 4)
			fail(".cv_clock is not one struct cv_vdso_clock in the image");
		return sh.sh_addr;
	}
	fail("no .cv_clock section (the clock data)");
}

/* Write the header: the image's size and each symbol's offset. */
static void write_header(Elf *e, const char *out, const char *prefix, size_t bytes,
			 char **syms, int nsyms)
{
	FILE *f = fopen(out, "w");

	if (f == NULL)
		fail("cannot write %s", out);
	fprintf(f, "/* Generated by tools/vdso_check.c from %s; do not edit. */\n", image);
	fprintf(f, "#define %s_BYTES %zu\n", prefix, bytes);
	fprintf(f, "#define %s_CLOCK 0x%llxu\n", prefix, (unsigned long long)clock_section(e, bytes));
	for (int i = 0; i < nsyms; i++)
		fprintf(f, "#define %s_SYM_%.*s 0x%llxu\n", prefix, (int)strcspn(syms[i], "@"), syms[i],
			(unsigned long long)symbol(e, syms[i]));
	if (fclose(f) != 0)
		fail("cannot write %s", out);
}

int main(int argc, char **argv)
{
	int fd, class;
	Elf *e;
	GElf_Ehdr eh;
	off_t bytes;

	if (argc < 6) {
		fprintf(stderr, "usage: vdso_check 32|64 SONAME PREFIX IN.so OUT.h SYMBOL@VERSION...\n");
		return 2;
	}
	image = argv[4];
	class = atoi(argv[1]) == 64 ? ELFCLASS64 : ELFCLASS32;
	if (elf_version(EV_CURRENT) == EV_NONE || (fd = open(image, O_RDONLY)) < 0 ||
	    (bytes = lseek(fd, 0, SEEK_END)) < 0 || (e = elf_begin(fd, ELF_C_READ, NULL)) == NULL)
		fail("cannot read it as ELF");
	if (gelf_getehdr(e, &eh) == NULL || gelf_getclass(e) != class || eh.e_type != ET_DYN ||
	    eh.e_machine != (class == ELFCLASS64 ? EM_X86_64 : EM_386))
		fail("not an ELF%s x86 shared object", argv[1]);
	check_segments(e, (size_t)bytes);
	check_dynamic(e, argv[2]);
	write_header(e, argv[5], argv[3], (size_t)bytes, argv + 6, argc - 6);
	elf_end(e);
	close(fd);
	return 0;
}
