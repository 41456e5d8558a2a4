/* A process's user data segment registers (ds, es, fs, gs) while it is
 * switched out, or across a signal frame; a 64-bit process's FS and GS
 * bases (arch_prctl) with them. */
#include "proc.h"

void proc_save_segments(struct proc *p)
{
	__asm__ volatile("mov %%ds, %0" : "=r"(p->useg[0]));
	__asm__ volatile("mov %%es, %0" : "=r"(p->useg[1]));
	__asm__ volatile("mov %%fs, %0" : "=r"(p->useg[2]));
	__asm__ volatile("mov %%gs, %0" : "=r"(p->useg[3]));
}

int proc_load_segments(struct proc *p)
{
	unsigned refused;
	int nulled = 0;

	for (int i = 0; i < 4; i++) {
		if (p->useg[i] == SEL_USER_DS || p->useg[i] == 0)
			continue; /* the flat user data segment, or null: always usable */
		if (!gdt_selector_usable(p->useg[i])) {
			p->useg[i] = 0;
			nulled++;
		}
	}
	refused = segments_load_data(p->useg); /* validated: a refusal is a checker bug */
	for (int i = 0; i < 4; i++) {
		if (refused & (1u << i)) {
			p->useg[i] = 0;
			nulled++;
		}
	}
	if (p->abi == CV_ABI_X86_64) { /* after the selectors, which set the bases too */
		wrmsr(MSR_FS_BASE, p->fsbase);
		wrmsr(MSR_GS_BASE, p->gsbase);
	}
	return nulled;
}

int proc_set_segments(struct proc *p, const uint16_t sel[4])
{
	bool same = true;

	proc_save_segments(p);
	for (int i = 0; i < 4; i++)
		same = same && p->useg[i] == sel[i];
	if (same)
		return 0; /* loaded already, from the GDT as it is now */
	for (int i = 0; i < 4; i++)
		p->useg[i] = sel[i];
	return proc_load_segments(p);
}
