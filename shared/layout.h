/* Guest physical and virtual memory layout, agreed by VMM and kernel. */
#ifndef SHARED_LAYOUT_H
#define SHARED_LAYOUT_H

#define CV_PAGE_SIZE          4096u
#define CV_PAGE_SHIFT         12

/* The kernel maps all guest RAM here (PML4 slot 1), supervisor-only. */
#define CV_DIRECT_MAP_BASE    0x0000008000000000ull
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
