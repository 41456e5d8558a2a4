/* Guest physical and virtual memory layout, agreed by VMM and kernel. */
#ifndef SHARED_LAYOUT_H
#define SHARED_LAYOUT_H

#define CV_PAGE_SIZE          4096u
#define CV_PAGE_SHIFT         12

/* 64-bit constants usable from C and from assembly (boot.S). */
#ifdef __ASSEMBLER__
#define CV_U64(x) x
#else
#define CV_U64(x) x##ull
#endif

/* The kernel maps all guest RAM here, supervisor-only, in the upper half
 * as Linux does (its direct map without KASLR): the lower half, PML4
 * slots 0..255, is all user space. The kernel image runs here too; the
 * Makefile hands this value to the linker script. */
#define CV_DIRECT_MAP_BASE    CV_U64(0xffff888000000000)
/* The kernel image is loaded (physically) from here upward. */
#define CV_KERNEL_PADDR       0x00100000u
/* Boot page, written by the VMM: start info, memory map, module list,
 * command line. Below the kernel; the kernel keeps it reserved. */
#define CV_BOOT_PAGE_GPA      0x00001000u
#define CV_BOOT_PAGE_SIZE     0x00003000u
#define CV_CMDLINE_MAX        4095u

/* Guest RAM bounds: RAM stays below the xAPIC/IOAPIC window at 3 GiB. */
#define CV_MEM_MIN            (16ull << 20)
#define CV_MEM_MAX            (3ull << 30)
#define CV_MEM_DEFAULT        (128ull << 20)

/* xAPIC MMIO window (physical). */
#define CV_LAPIC_PADDR        0xFEE00000u

/* COM1 16550 UART. */
#define CV_COM1_PORT          0x3F8u

#endif
