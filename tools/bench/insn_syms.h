/* A kernel's function symbols (nm -n or System.map text: "ADDR TYPE NAME"
 * lines), to name the function an instruction address belongs to. */
#ifndef BENCH_INSN_SYMS_H
#define BENCH_INSN_SYMS_H

#include <stddef.h>
#include <stdint.h>

struct insn_sym {
	uint64_t addr;
	char *name;
};

struct insn_syms {
	struct insn_sym *v; /* sorted by addr */
	size_t n;
};

/* Load the text symbols (types T, t, W, w) of the nm-style file path into
 * s; 0 on success, -1 (errno set) when the file cannot be read. */
int insn_syms_load(struct insn_syms *s, const char *path);

/* Index of the last symbol at or below addr, or -1 below the first. */
long insn_syms_find(const struct insn_syms *s, uint64_t addr);

#endif
