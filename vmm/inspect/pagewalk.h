/* x86 page-table walking over guest memory seen from the host: IA-32e
 * 4-level (4 KiB, 2 MiB, 1 GiB pages), PAE and legacy 32-bit paging.
 * Every table read goes through the checked guest-memory accessor. */
#ifndef VMM_INSPECT_PAGEWALK_H
#define VMM_INSPECT_PAGEWALK_H

#include <stdint.h>

#include "../guestmem.h"

enum pw_mode { PW_NONE, PW_LEGACY32, PW_PAE, PW_LONG4 };

enum pw_result {
	PW_OK = 0,
	PW_NOT_PRESENT,  /* some level's entry has P clear */
	PW_OUT_OF_RAM,   /* a table or the page lies outside guest RAM */
	PW_RESERVED,     /* reserved bits set in an entry */
	PW_NONCANONICAL, /* a 64-bit address that is not canonical */
};

/* The paging mode implied by CR0, CR4 and EFER. */
enum pw_mode pw_mode_of(uint64_t cr0, uint64_t cr4, uint64_t efer);

/* Translate virtual address va to a guest-physical address under root
 * (CR3) in the given mode. */
enum pw_result pw_translate(const struct guest_mem *gm, enum pw_mode mode, uint64_t cr3,
			    uint64_t va, uint64_t *pa);

/* A short English name of a result, for messages. */
const char *pw_result_name(enum pw_result r);

#endif
