/* CPUID as user programs see it (see cpuid.h). */
#include "cpuid.h"

#include "../arch/extable.h"
#include "../arch/segments.h"
#include "../arch/x86.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"

#define MSR_PLATFORM_INFO          0xCEu
#define PLATFORM_INFO_CPUID_FAULT  (1ull << 31)
#define MSR_MISC_FEATURES_ENABLES  0x140u
#define MISC_CPUID_FAULT           1u
#define ANY_SUBLEAF                0xFFFFFFFFu

/* The SIMD feature bits of one CPUID leaf (and subleaf) in eax, ebx, ecx,
 * edx: what 32-bit programs do not see when they are hidden. */
struct simd_bits {
	uint32_t leaf, subleaf;
	uint32_t reg[4];
};

static const struct simd_bits simd[] = {
	/* ecx: SSE3 0, PCLMULQDQ 1, SSSE3 9, FMA 12, SSE4.1 19, SSE4.2 20,
	 * AES 25, OSXSAVE 27, AVX 28, F16C 29; edx: SSE 25, SSE2 26 */
	{ 1, ANY_SUBLEAF, { 0, 0, 0x3A181203u, 0x06000000u } },
	/* ebx: AVX2 5, AVX-512 F/DQ/IFMA/PF/ER/CD/BW/VL 16,17,21,26,27,28,30,31,
	 * SHA 29; ecx: AVX-512 VBMI 1, VBMI2 6, GFNI 8, VAES 9, VPCLMULQDQ 10,
	 * VNNI 11, BITALG 12, VPOPCNTDQ 14; edx: AVX-512 4VNNIW 2, 4FMAPS 3,
	 * VP2INTERSECT 8, FP16 23 */
	{ 7, 0, { 0, 0xFC230020u, 0x00005F42u, 0x0080010Cu } },
	/* eax: AVX-VNNI 4, AVX-512 BF16 5 */
	{ 7, 1, { 0x00000030u, 0, 0, 0 } },
	/* ecx: SSE4A 6, XOP 11, FMA4 16 */
	{ 0x80000001u, ANY_SUBLEAF, { 0, 0, 0x00010840u, 0 } },
};

static bool hide_simd32;

/* rdmsr that may fault: false when the MSR does not exist. */
static bool rdmsr_safe(uint32_t msr, uint64_t *v)
{
	uint32_t lo, hi;

	__asm__ goto("1: rdmsr\n\t"
		     "mov %%eax, (%0)\n\t"
		     "mov %%edx, (%1)\n\t"
		     EXTABLE_ENTRY("1b", "%l[fault]")
		     :: "r"(&lo), "r"(&hi), "c"(msr) : "rax", "rdx", "memory" : fault);
	*v = (uint64_t)hi << 32 | lo;
	return true;
fault:
	return false;
}

bool cpuid_hide_simd32(void)
{
	uint64_t info;

	if (!rdmsr_safe(MSR_PLATFORM_INFO, &info) || !(info & PLATFORM_INFO_CPUID_FAULT))
		return false;
	wrmsr(MSR_MISC_FEATURES_ENABLES, rdmsr(MSR_MISC_FEATURES_ENABLES) | MISC_CPUID_FAULT);
	hide_simd32 = true;
	return true;
}

/* Clear the hidden bits of leaf/subleaf from r (eax, ebx, ecx, edx). */
static void drop_simd(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
	for (unsigned i = 0; i < sizeof simd / sizeof simd[0]; i++)
		if (simd[i].leaf == leaf && (simd[i].subleaf == ANY_SUBLEAF || simd[i].subleaf == subleaf))
			for (int k = 0; k < 4; k++)
				r[k] &= ~simd[i].reg[k];
}

bool cpuid_user_emulate(struct trapframe *tf)
{
	static const uint8_t insn_cpuid[2] = { 0x0f, 0xa2 };
	uint8_t insn[2];
	uint32_t leaf = (uint32_t)tf->rax, subleaf = (uint32_t)tf->rcx, r[4];

	if (!hide_simd32 || copy_from_user(cur->mm, insn, tf->rip, 2) != 0 ||
	    insn[0] != insn_cpuid[0] || insn[1] != insn_cpuid[1])
		return false;
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(subleaf));
	if (tf->cs == SEL_USER_CS32)
		drop_simd(leaf, subleaf, r);
	tf->rax = r[0];
	tf->rbx = r[1];
	tf->rcx = r[2];
	tf->rdx = r[3];
	tf->rip += sizeof insn_cpuid;
	return true;
}
