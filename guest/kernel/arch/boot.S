/* PVH entry: 32-bit flat protected mode, paging off, EBX = start info.
 * Switch to long mode with boot page tables that map the first GiB twice:
 * identity (to survive enabling paging) and at the direct-map base, then
 * jump to kmain() in the direct map. mm_init() replaces these tables. */

#include "../../../shared/layout.h"

#define KERNEL_VMA CV_DIRECT_MAP_BASE
#define DIRECT_MAP_SLOT ((KERNEL_VMA >> 39) & 511)
#define PHYS(x) ((x) - KERNEL_VMA)

/* The PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY). */
	.section .note.pvh, "a"
	.p2align 2
	.long 4, 4, 18
	.asciz "Xen"
	.long pvh_entry

	.section .boot.text, "ax"
	.code32
	.globl pvh_entry
pvh_entry:
	cli
	cld
	mov %ebx, %esi                  /* keep the start info address */
	mov $PHYS(boot_stack_top), %esp

	/* PD: 512 x 2 MiB pages covering 0..1 GiB. */
	mov $PHYS(boot_pd), %edi
	mov $0x83, %eax                 /* P | RW | PS */
	xor %ecx, %ecx
1:	mov %eax, (%edi,%ecx,8)
	add $0x200000, %eax
	inc %ecx
	cmp $512, %ecx
	jne 1b

	mov $PHYS(boot_pd), %eax
	or $0x3, %eax
	mov %eax, PHYS(boot_pdpt)
	mov $PHYS(boot_pdpt), %eax
	or $0x3, %eax
	mov %eax, PHYS(boot_pml4)       /* slot 0: identity */
	mov %eax, PHYS(boot_pml4) + 8 * DIRECT_MAP_SLOT /* the direct map */

	mov %cr4, %eax
	or $0x20, %eax                  /* PAE */
	mov %eax, %cr4
	mov $PHYS(boot_pml4), %eax
	mov %eax, %cr3
	mov $0xC0000080, %ecx           /* EFER */
	rdmsr
	or $0x100, %eax                 /* LME */
	wrmsr
	mov %cr0, %eax
	or $0x80010001, %eax            /* PG | WP | PE */
	mov %eax, %cr0

	lgdt PHYS(boot_gdt_desc)
	ljmp $0x10, $long_entry

	.code64
long_entry:
	mov $0x18, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
	movabs $high_entry, %rax
	jmp *%rax

	.text
high_entry:
	movabs $boot_stack_top, %rsp
	mov %esi, %edi                  /* kmain(start_info_paddr) */
	xor %ebp, %ebp
	call kmain
2:	cli
	hlt
	jmp 2b

	.section .rodata
	.p2align 3
boot_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff        /* 0x08: 32-bit code */
	.quad 0x00af9a000000ffff        /* 0x10: 64-bit code */
	.quad 0x00cf92000000ffff        /* 0x18: data */
boot_gdt_end:
boot_gdt_desc:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.bss
	.p2align 12
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pd:	.skip 4096
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
