/* Unit tests for the compat FPU trampoline's decoder (guest/kernel/arch/
 * compat_insn.c): which 32-bit instructions move to 64-bit mode, their
 * lengths, and the bytes they become there. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../guest/kernel/arch/compat_insn.h"

#define BYTES(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Decode b (n bytes); check kind and length; return the decoded insn. */
static struct insn decoded(const uint8_t *b, size_t n, int kind, int len)
{
	struct insn in;

	assert_int_equal(insn_decode(b, (int)n, &in), len);
	assert_int_equal(in.kind, kind);
	assert_int_equal(in.len, len);
	return in;
}

/* Decode b and check its 64-bit form is want. */
static void encodes_as(const uint8_t *b, size_t n, int kind, const uint8_t *want, size_t wn)
{
	struct insn in = decoded(b, n, kind, (int)n);
	uint8_t out[INSN_ENC64_MAX];

	assert_int_equal(insn_encode64(b, &in, out), (int)wn);
	assert_memory_equal(out, want, wn);
}

/* b is not movable. */
static void refused(const uint8_t *b, size_t n)
{
	struct insn in;

	assert_int_equal(insn_decode(b, (int)n, &in), 0);
}

static void x87_and_sse_keep_their_bytes_or_gain_0x67(void **state)
{
	(void)state;
	encodes_as(BYTES(0xd9, 0xd0), INSN_FP, BYTES(0xd9, 0xd0));                 /* fnop */
	encodes_as(BYTES(0xdb, 0x7c, 0x24, 0x20), INSN_FP,
		   BYTES(0x67, 0xdb, 0x7c, 0x24, 0x20));                              /* fstpt 0x20(%esp) */
	encodes_as(BYTES(0xf3, 0x0f, 0x6f, 0x00), INSN_FP, BYTES(0x67, 0xf3, 0x0f, 0x6f, 0x00));
	encodes_as(BYTES(0x66, 0x0f, 0x70, 0xc1, 0x1b), INSN_FP,
		   BYTES(0x66, 0x0f, 0x70, 0xc1, 0x1b));                              /* pshufd imm8 */
	encodes_as(BYTES(0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x08), INSN_FP,
		   BYTES(0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x08));                        /* palignr */
	encodes_as(BYTES(0x0f, 0xc3, 0x00), INSN_FP, BYTES(0x67, 0x0f, 0xc3, 0x00)); /* movnti: no imm */
	encodes_as(BYTES(0x0f, 0xae, 0xf0), INSN_FP, BYTES(0x0f, 0xae, 0xf0));       /* mfence */
	encodes_as(BYTES(0x9b), INSN_FP, BYTES(0x9b));                               /* fwait */
}

static void absolute_disp32_becomes_sib_not_rip_relative(void **state)
{
	(void)state;
	encodes_as(BYTES(0xf3, 0x0f, 0x10, 0x05, 0x34, 0x12, 0x00, 0x00), INSN_FP,
		   BYTES(0x67, 0xf3, 0x0f, 0x10, 0x04, 0x25, 0x34, 0x12, 0x00, 0x00));
	encodes_as(BYTES(0xdd, 0x1d, 0x78, 0x56, 0x34, 0x12), INSN_FP,           /* fstpl abs */
		   BYTES(0x67, 0xdd, 0x1c, 0x25, 0x78, 0x56, 0x34, 0x12));
	encodes_as(BYTES(0x8b, 0x04, 0x25, 1, 2, 3, 4), INSN_INT,                  /* SIB already */
		   BYTES(0x67, 0x8b, 0x04, 0x25, 1, 2, 3, 4));
}

static void inc_dec_r32_become_ff_forms(void **state)
{
	(void)state;
	encodes_as(BYTES(0x40), INSN_INT, BYTES(0xff, 0xc0));       /* inc %eax */
	encodes_as(BYTES(0x4f), INSN_INT, BYTES(0xff, 0xcf));       /* dec %edi */
	encodes_as(BYTES(0x66, 0x41), INSN_INT, BYTES(0x66, 0xff, 0xc1));
}

static void integer_forms_and_immediates(void **state)
{
	(void)state;
	decoded(BYTES(0x83, 0xc2, 0x01), INSN_INT, 3);              /* add $1,%edx */
	decoded(BYTES(0x39, 0xd3), INSN_INT, 2);                    /* cmp */
	decoded(BYTES(0x05, 1, 2, 3, 4), INSN_INT, 5);              /* add $imm32,%eax */
	decoded(BYTES(0x66, 0x05, 1, 2), INSN_INT, 4);              /* add $imm16,%ax */
	decoded(BYTES(0xf7, 0xc0, 1, 2, 3, 4), INSN_INT, 6);        /* test $imm32 */
	decoded(BYTES(0xf6, 0xc0, 1), INSN_INT, 3);                 /* test $imm8 */
	decoded(BYTES(0xf7, 0xf1), INSN_INT, 2);                    /* div %ecx */
	decoded(BYTES(0xff, 0x00), INSN_INT, 2);                    /* incl (%eax) */
	decoded(BYTES(0x8d, 0x76, 0x00), INSN_INT, 3);              /* lea 0(%esi),%esi */
	decoded(BYTES(0xc7, 0x44, 0x24, 0x04, 1, 2, 3, 4), INSN_INT, 8);
	decoded(BYTES(0x0f, 0xb6, 0x01), INSN_INT, 3);              /* movzbl */
	decoded(BYTES(0x0f, 0x44, 0xc1), INSN_INT, 3);              /* cmove */
	decoded(BYTES(0xf3, 0x0f, 0xbc, 0xc1), INSN_INT, 4);        /* tzcnt */
	decoded(BYTES(0x0f, 0xc7, 0x0e), INSN_INT, 3);              /* cmpxchg8b (%esi) */
}

static void jumps_give_condition_and_displacement(void **state)
{
	(void)state;
	struct insn in = decoded(BYTES(0x75, 0xf7), INSN_JCC, 2);
	assert_int_equal(in.cond, 5);
	assert_int_equal(in.rel, -9);
	in = decoded(BYTES(0x0f, 0x84, 0x10, 0x00, 0x00, 0x00), INSN_JCC, 6);
	assert_int_equal(in.cond, 4);
	assert_int_equal(in.rel, 16);
	in = decoded(BYTES(0xe9, 0xfb, 0xff, 0xff, 0xff), INSN_JMP, 5);
	assert_int_equal(in.rel, -5);
	in = decoded(BYTES(0xeb, 0x02), INSN_JMP, 2);
	assert_int_equal(in.rel, 2);
}

static void stack_far_io_and_odd_forms_do_not_move(void **state)
{
	(void)state;
	refused(BYTES(0x50));                       /* push */
	refused(BYTES(0x5b));                       /* pop */
	refused(BYTES(0xe8, 0, 0, 0, 0));           /* call */
	refused(BYTES(0xc3));                       /* ret */
	refused(BYTES(0xcd, 0x80));                 /* int $0x80 */
	refused(BYTES(0xff, 0xd0));                 /* call *%eax */
	refused(BYTES(0xff, 0x30));                 /* push (%eax) */
	refused(BYTES(0x67, 0xd9, 0x07));           /* 16-bit addressing */
	refused(BYTES(0x8d, 0xc0));                 /* lea with a register */
	refused(BYTES(0x82, 0xc0, 0x01));           /* invalid in 64-bit mode */
	refused(BYTES(0xa1, 1, 2, 3, 4));           /* moffs */
	refused(BYTES(0xa4));                       /* movsb */
	refused(BYTES(0xc7, 0xf8, 0, 0, 0, 0));     /* xbegin */
	refused(BYTES(0xf3, 0x0f, 0xae, 0xc0));     /* rdfsbase */
	refused(BYTES(0x66, 0xeb, 0x00));           /* jmp rel16 */
	refused(BYTES(0x0f, 0x0b));                 /* ud2 */
	refused(BYTES(0x8e, 0xd8));                 /* mov to %ds */
	refused(BYTES(0x27));                       /* daa */
}

static void cut_short_is_refused(void **state)
{
	(void)state;
	struct insn in;
	static const uint8_t fstpt[] = { 0xdb, 0x7c, 0x24, 0x20 };
	static const uint8_t prefixes[] = { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
					    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x0f, 0x58, 0xc1 };

	for (int n = 0; n < 4; n++)
		assert_int_equal(insn_decode(fstpt, n, &in), 0);
	assert_int_equal(insn_decode(prefixes, (int)sizeof prefixes, &in), 0); /* over 15 bytes */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(x87_and_sse_keep_their_bytes_or_gain_0x67),
		cmocka_unit_test(absolute_disp32_becomes_sib_not_rip_relative),
		cmocka_unit_test(inc_dec_r32_become_ff_forms),
		cmocka_unit_test(integer_forms_and_immediates),
		cmocka_unit_test(jumps_give_condition_and_displacement),
		cmocka_unit_test(stack_far_io_and_odd_forms_do_not_move),
		cmocka_unit_test(cut_short_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
