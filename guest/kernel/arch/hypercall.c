/* The hypercall port protocol. */
#include "hypercall.h"

#include "direct_map.h"
#include "x86.h"

static bool cowvisor_present;

bool hypercall_probe(void)
{
	cowvisor_present = inl(CV_HC_PORT) == CV_HC_MAGIC;
	return cowvisor_present;
}

bool under_cowvisor(void)
{
	return cowvisor_present;
}

int64_t hypercall(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	/* On the stack, so an interrupt handler may make its own call. */
	volatile struct cv_hypercall hc = { .nr = nr, .arg = { a0, a1, a2, a3 }, .ret = CV_HC_ENOSYS };

	if (!cowvisor_present)
		return CV_HC_ENOSYS;
	outl(CV_HC_PORT, (uint32_t)V2P(&hc));
	return hc.ret;
}
