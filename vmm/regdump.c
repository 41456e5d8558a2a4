/* Formatting register dumps. */
#include "regdump.h"

#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>

#include "inspect/pagewalk.h"

#define RIP_BYTES 16

int regdump_read_vcpu(int vcpu_fd, struct cv_regs *r)
{
	struct kvm_regs k;
	struct kvm_sregs s;

	if (ioctl(vcpu_fd, KVM_GET_REGS, &k) < 0 || ioctl(vcpu_fd, KVM_GET_SREGS, &s) < 0)
		return -1;
	*r = (struct cv_regs){
		.rax = k.rax, .rbx = k.rbx, .rcx = k.rcx, .rdx = k.rdx,
		.rsi = k.rsi, .rdi = k.rdi, .rbp = k.rbp, .rsp = k.rsp,
		.r8 = k.r8, .r9 = k.r9, .r10 = k.r10, .r11 = k.r11,
		.r12 = k.r12, .r13 = k.r13, .r14 = k.r14, .r15 = k.r15,
		.rip = k.rip, .rflags = k.rflags,
		.cr0 = s.cr0, .cr2 = s.cr2, .cr3 = s.cr3, .cr4 = s.cr4, .efer = s.efer,
		.vector = UINT64_MAX, .error_code = 0,
		.cs = s.cs.selector, .ss = s.ss.selector, .ds = s.ds.selector,
		.es = s.es.selector, .fs = s.fs.selector, .gs = s.gs.selector,
		.tr = s.tr.selector,
	};
	return 0;
}

/* Print up to 16 bytes at RIP, or why they cannot be read. */
static void print_rip_bytes(FILE *out, const struct cv_regs *r, const struct guest_mem *gm)
{
	enum pw_mode mode = pw_mode_of(r->cr0, r->cr4, r->efer);
	uint8_t bytes[RIP_BYTES];
	uint64_t pa;
	size_t n = 0;

	/* Read byte by byte: the instruction may straddle a page boundary. */
	for (; n < RIP_BYTES; n++) {
		enum pw_result res = pw_translate(gm, mode, r->cr3, r->rip + n, &pa);
		if (res != PW_OK || !gm_read(gm, pa, &bytes[n], 1)) {
			if (n == 0) {
				fprintf(out, "  code: unreadable at RIP (%s)\n",
					res != PW_OK ? pw_result_name(res) : "outside guest RAM");
				return;
			}
			break;
		}
	}
	fprintf(out, "  code:");
	for (size_t i = 0; i < n; i++)
		fprintf(out, " %02x", bytes[i]);
	fprintf(out, "\n");
}

void regdump_print(FILE *out, const struct cv_regs *r, const struct guest_mem *gm)
{
	if (r->vector != UINT64_MAX)
		fprintf(out, "  vector %llu, error code 0x%llx\n",
			(unsigned long long)r->vector, (unsigned long long)r->error_code);
	fprintf(out,
		"  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
		"  rsi %016llx rdi %016llx rbp %016llx rsp %016llx\n"
		"  r8  %016llx r9  %016llx r10 %016llx r11 %016llx\n"
		"  r12 %016llx r13 %016llx r14 %016llx r15 %016llx\n"
		"  rip %016llx rflags %08llx\n"
		"  cr0 %08llx cr2 %016llx cr3 %016llx cr4 %08llx efer %llx\n"
		"  cs %04x ss %04x ds %04x es %04x fs %04x gs %04x tr %04x\n",
		(unsigned long long)r->rax, (unsigned long long)r->rbx,
		(unsigned long long)r->rcx, (unsigned long long)r->rdx,
		(unsigned long long)r->rsi, (unsigned long long)r->rdi,
		(unsigned long long)r->rbp, (unsigned long long)r->rsp,
		(unsigned long long)r->r8, (unsigned long long)r->r9,
		(unsigned long long)r->r10, (unsigned long long)r->r11,
		(unsigned long long)r->r12, (unsigned long long)r->r13,
		(unsigned long long)r->r14, (unsigned long long)r->r15,
		(unsigned long long)r->rip, (unsigned long long)r->rflags,
		(unsigned long long)r->cr0, (unsigned long long)r->cr2,
		(unsigned long long)r->cr3, (unsigned long long)r->cr4,
		(unsigned long long)r->efer,
		r->cs, r->ss, r->ds, r->es, r->fs, r->gs, r->tr);
	print_rip_bytes(out, r, gm);
}
