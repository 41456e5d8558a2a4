/* A KVM virtual machine with one memslot of guest RAM and one vCPU. */
#ifndef VMM_KVM_VM_H
#define VMM_KVM_VM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestmem.h"

#define CV_KVM_DEVICE_ENV "COWVISOR_KVM_DEVICE"
#define CV_KVM_DEVICE_DEFAULT "/dev/kvm"

struct kvm_vm {
	int kvm_fd, vm_fd, vcpu_fd;
	struct kvm_run *run;
	size_t run_size;
	struct guest_mem mem;
	uint64_t tsc_khz;    /* 0 when KVM could not say */
	bool kernel_emulated; /* kvm-pvm: guest CPL0 code is emulated */
};

/* Map zeroed guest RAM of size bytes (not yet attached to any VM). */
int guest_ram_alloc(struct guest_mem *gm, uint64_t size, char *err, size_t errlen);
void guest_ram_free(struct guest_mem *gm);

/* Open KVM, create the VM with its irqchip, attach gm as RAM and create the
 * vCPU. Returns 0 or -1 with a message saying what to do. */
int kvm_vm_create(struct kvm_vm *vm, const struct guest_mem *gm, char *err, size_t errlen);

/* Put the vCPU in the PVH entry state: 32-bit flat protected mode, paging
 * off, EIP = entry, EBX = start_info_gpa. */
int kvm_vm_enter_pvh(struct kvm_vm *vm, uint32_t entry, uint32_t start_info_gpa,
		     char *err, size_t errlen);

/* Close every descriptor and unmap kvm_run (guest RAM is freed separately). */
void kvm_vm_destroy(struct kvm_vm *vm);

#endif
