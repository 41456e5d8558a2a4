/* ELF symbol lookup with libelf. */
#include "symbols.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "../util.h"

/* Search one symbol table section for a defined symbol called name:
 * 1 found, 0 absent. */
static int search_symtab(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, const char *name,
			 GElf_Sym *out)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t n;

	if (data == NULL || sh->sh_entsize == 0)
		return 0;
	n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		const char *s;

		if (gelf_getsym(data, (int)i, &sym) == NULL)
			break;
		if (sym.st_shndx == SHN_UNDEF)
			continue;
		s = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (s != NULL && strcmp(s, name) == 0) {
			*out = sym;
			return 1;
		}
	}
	return 0;
}

/* Look through every SHT_SYMTAB of elf; -1 when there is none. */
static int find_in_elf(Elf *elf, const char *name, GElf_Sym *out)
{
	Elf_Scn *scn = NULL;
	bool any = false;

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) == NULL || sh.sh_type != SHT_SYMTAB)
			continue;
		any = true;
		if (search_symtab(elf, scn, &sh, name, out))
			return 1;
	}
	return any ? 0 : -1;
}

/* Look name up in an open ELF descriptor. */
static int lookup_fd(int fd, const char *path, const char *name, GElf_Sym *sym,
		     char *err, size_t errlen)
{
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	int found, rc = 0;

	if (elf == NULL || elf_kind(elf) != ELF_K_ELF) {
		if (elf)
			elf_end(elf);
		return errorf(err, errlen, "%s: not an ELF file", path);
	}
	found = find_in_elf(elf, name, sym);
	if (found < 0)
		rc = errorf(err, errlen, "%s has no symbol table (stripped?)", path);
	else if (found == 0)
		rc = errorf(err, errlen, "symbol %s not found in %s", name, path);
	elf_end(elf);
	return rc;
}

/* Find a defined symbol in the ELF file at kernel_path. */
int kernel_symbol(const char *kernel_path, const char *name, uint64_t *vaddr,
		  uint64_t *size, char *err, size_t errlen)
{
	GElf_Sym sym;
	char why[200];
	int fd, rc;

	memset(&sym, 0, sizeof(sym));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return errorf(err, errlen, "libelf initialisation failed");
	fd = open_regular(kernel_path, why, sizeof(why));
	if (fd < 0)
		return errorf(err, errlen, "cannot open %s: %s", kernel_path, why);
	rc = lookup_fd(fd, kernel_path, name, &sym, err, errlen);
	close(fd);
	if (rc)
		return -1;
	if (vaddr)
		*vaddr = sym.st_value;
	if (size)
		*size = sym.st_size;
	return 0;
}
