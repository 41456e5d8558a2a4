/* Segment markers for instruction counting (tools/bench/insncount.c, the
 * QEMU TCG plugin of make bench): a program brackets what it wants counted
 * with BENCH_MARK(id) ... BENCH_MARK(0). A marker is the multi-byte no-op
 * `nopl DISP32(%eax)` (0F 1F 80 disp32) whose displacement carries
 * BENCH_MARK_MAGIC in its high 16 bits and the segment id in its low 16:
 * it does nothing natively, under cowvisor and under QEMU, and compilers
 * and assemblers pad with displacement 0, never with the magic. Included by
 * the plugin (host) and the bench programs of both ABIs: the one definition. */
#ifndef BENCH_MARKER_H
#define BENCH_MARKER_H

#define BENCH_MARK_MAGIC 0xC0DE /* high half of the marker's displacement */
#define BENCH_MARK_LEN   7       /* 0F 1F 80 + 4 displacement bytes */
#define BENCH_MARK_END   0       /* id that closes a segment and opens none */

#define BENCH_MARK_STR_(x) #x
#define BENCH_MARK_STR(x)  BENCH_MARK_STR_(x)

/* Execute the marker for segment id (a compile-time constant 0..0xFFFF:
 * the id is part of the instruction, which the plugin reads). */
#ifdef __x86_64__ /* the same bytes: (%eax) would add a prefix, and disp32 is signed */
#define BENCH_MARK_ADDR "((" BENCH_MARK_STR(BENCH_MARK_MAGIC) " << 16) + %c0 - 0x100000000)(%%rax)"
#else
#define BENCH_MARK_ADDR "((" BENCH_MARK_STR(BENCH_MARK_MAGIC) " << 16) + %c0)(%%eax)"
#endif
#define BENCH_MARK(id) __asm__ volatile("nopl " BENCH_MARK_ADDR ::"i"(id) : "memory")

#endif
