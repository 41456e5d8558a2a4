/* GDT selectors (Linux x86-64 compatible) and the TSS. */
#ifndef ARCH_SEGMENTS_H
#define ARCH_SEGMENTS_H

#define SEL_KERNEL_CS32 0x08
#define SEL_KERNEL_CS   0x10
#define SEL_KERNEL_DS   0x18
#define SEL_USER_CS32   0x23
#define SEL_USER_DS     0x2b
#define SEL_USER_CS64   0x33
#define SEL_TSS         0x40
#define GDT_TLS_FIRST   12   /* i386 set_thread_area entries 12..14 */
#define GDT_TLS_COUNT   3
#define GDT_ENTRIES     16

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Load the GDT and TSS; call once at boot. */
void gdt_init(void);

/* The stack the CPU switches to on a trap from user mode (and
 * syscall_entry with it). */
void tss_set_kernel_stack(uint64_t rsp0);

/* The stack tss_set_kernel_stack set last. */
uint64_t tss_kernel_stack(void);

/* syscall_entry's kernel stack and its scratch slot for the user rsp. */
extern uint64_t syscall_kernel_rsp, syscall_user_rsp;

/* Install a process's three TLS descriptors (GDT entries 12..14). */
void gdt_set_tls(const uint64_t tls[GDT_TLS_COUNT]);

/* May a user data segment register (ds, es, fs, gs) hold this selector
 * now? Null, or a present user (DPL 3, RPL 3) data or readable code
 * descriptor: what the CPU loads without a fault. */
int gdt_selector_usable(uint16_t sel);

/* May ss hold this selector in user mode? A present writable user data
 * descriptor with RPL 3. */
int gdt_stack_selector_usable(uint16_t sel);

/* Load ds, es, fs and gs from sel[0..3]. A selector the CPU refuses is
 * replaced by null; returns a bit (1 << i) for each one refused. */
unsigned segments_load_data(const uint16_t sel[4]);

#endif /* __ASSEMBLER__ */
#endif
