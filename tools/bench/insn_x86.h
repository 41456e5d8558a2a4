/* What the instruction counter needs to know about an x86 instruction's
 * bytes: whether it is a segment marker (tests/progs/bench_marker.h) and
 * whether it is a rep-prefixed string instruction (QEMU runs each of its
 * iterations as one execution of the instruction). */
#ifndef BENCH_INSN_X86_H
#define BENCH_INSN_X86_H

#include <stddef.h>
#include <stdint.h>

/* The marker's segment id (0..0xFFFF) when the len bytes at p are a
 * marker, else -1. */
int insn_marker_id(const uint8_t *p, size_t len);

/* 1 when the len bytes at p are a rep/repe/repne string instruction
 * (movs, stos, lods, cmps, scas, ins, outs), else 0; 64-bit mode (REX
 * prefixes count as prefixes) or 32-bit alike. */
int insn_is_rep_string(const uint8_t *p, size_t len);

#endif
