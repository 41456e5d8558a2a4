/* KVM setup: VM, memslot, in-kernel irqchip, CPUID, vCPU in PVH state. */
#include "kvm_vm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "util.h"

#define CPUID_MAX_ENTRIES 256
/* Where Intel VMX wants its real-mode helper pages: above RAM (max 3 GiB). */
#define KVM_TSS_ADDR 0xfffbd000u

int guest_ram_alloc(struct guest_mem *gm, uint64_t size, char *err, size_t errlen)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return errorf(err, errlen, "cannot map %llu MiB of guest RAM: %s",
			    (unsigned long long)(size >> 20), strerror(errno));
	gm->base = p;
	gm->size = size;
	return 0;
}

void guest_ram_free(struct guest_mem *gm)
{
	if (gm->base)
		munmap(gm->base, gm->size);
	gm->base = NULL;
	gm->size = 0;
}

/* Open the KVM device and check the API version. */
static int open_kvm(struct kvm_vm *vm, char *err, size_t errlen)
{
	const char *path = getenv(CV_KVM_DEVICE_ENV);
	int version;

	if (path == NULL || *path == '\0')
		path = CV_KVM_DEVICE_DEFAULT;
	vm->kvm_fd = open(path, O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		int e = errno;
		return errorf(err, errlen,
			    "cannot open %s: %s. cowvisor needs KVM: %s", path, strerror(e),
			    e == ENOENT ? "load the kvm module (modprobe kvm_intel or kvm_amd) and "
					  "enable virtualization in the firmware"
					: "make sure you may read and write it (e.g. join the 'kvm' group)");
	}
	version = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION)
		return errorf(err, errlen, "%s: KVM API version %d, cowvisor needs %d", path,
			    version, KVM_API_VERSION);
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IMMEDIATE_EXIT) <= 0)
		return errorf(err, errlen, "%s: KVM lacks KVM_CAP_IMMEDIATE_EXIT (Linux 4.11+)", path);
	return 0;
}

/* Give the vCPU the CPUID leaves KVM supports. (The guest kernel limits
 * the FPU state to x87 and SSE through XCR0, which libcs consult.) */
static int setup_cpuid(struct kvm_vm *vm, char *err, size_t errlen)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + CPUID_MAX_ENTRIES * sizeof(c->entries[0]));
	int rc = 0;

	if (c == NULL)
		return errorf(err, errlen, "out of memory");
	c->nent = CPUID_MAX_ENTRIES;
	if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, c) < 0)
		rc = errorf(err, errlen, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
	else if (ioctl(vm->vcpu_fd, KVM_SET_CPUID2, c) < 0)
		rc = errorf(err, errlen, "KVM_SET_CPUID2: %s", strerror(errno));
	free(c);
	return rc;
}

/* Create the VM: irqchip (for the LAPIC timer) and the RAM memslot. */
static int create_machine(struct kvm_vm *vm, const struct guest_mem *gm, char *err, size_t errlen)
{
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = gm->size,
		.userspace_addr = (uint64_t)(uintptr_t)gm->base,
	};

	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		return errorf(err, errlen, "KVM_CREATE_VM: %s", strerror(errno));
	/* Only Intel VMX without unrestricted guest needs this; harmless elsewhere. */
	(void)ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, KVM_TSS_ADDR);
	if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0)
		return errorf(err, errlen, "KVM_CREATE_IRQCHIP: %s", strerror(errno));
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return errorf(err, errlen, "KVM_SET_USER_MEMORY_REGION (%llu MiB): %s",
			    (unsigned long long)(gm->size >> 20), strerror(errno));
	return 0;
}

/* Create the vCPU and map its shared kvm_run area. */
static int create_vcpu(struct kvm_vm *vm, char *err, size_t errlen)
{
	int size;
	long khz;

	vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0)
		return errorf(err, errlen, "KVM_CREATE_VCPU: %s", strerror(errno));
	size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(struct kvm_run))
		return errorf(err, errlen, "KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
	vm->run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED) {
		vm->run = NULL;
		return errorf(err, errlen, "mmap of kvm_run: %s", strerror(errno));
	}
	vm->run_size = (size_t)size;
	khz = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
	vm->tsc_khz = khz > 0 ? (uint64_t)khz : 0;
	return setup_cpuid(vm, err, errlen);
}

int kvm_vm_create(struct kvm_vm *vm, const struct guest_mem *gm, char *err, size_t errlen)
{
	memset(vm, 0, sizeof(*vm));
	vm->kvm_fd = vm->vm_fd = vm->vcpu_fd = -1;
	vm->mem = *gm;
	vm->kernel_emulated = access("/sys/module/kvm_pvm", F_OK) == 0;
	if (open_kvm(vm, err, errlen) || create_machine(vm, gm, err, errlen) ||
	    create_vcpu(vm, err, errlen))
		return -1;
	return 0;
}

/* A flat 4 GiB segment of the given type (0xb code, 0x3 data). */
static struct kvm_segment flat_segment(uint16_t selector, uint8_t type)
{
	struct kvm_segment s = {
		.base = 0, .limit = 0xffffffff, .selector = selector, .type = type,
		.present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
	};
	return s;
}

int kvm_vm_enter_pvh(struct kvm_vm *vm, uint32_t entry, uint32_t start_info_gpa,
		     char *err, size_t errlen)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sregs) < 0)
		return errorf(err, errlen, "KVM_GET_SREGS: %s", strerror(errno));
	sregs.cs = flat_segment(0x08, 0xb);
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = flat_segment(0x10, 0x3);
	sregs.tr = (struct kvm_segment){ .base = 0, .limit = 0x67, .selector = 0x18,
					 .type = 0xb, .present = 1 };
	sregs.cr0 = 0x11; /* PE | ET: protected mode, paging off */
	sregs.cr4 = 0;
	sregs.efer = 0;
	if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sregs) < 0)
		return errorf(err, errlen, "KVM_SET_SREGS: %s", strerror(errno));
	memset(&regs, 0, sizeof(regs));
	regs.rip = entry;
	regs.rbx = start_info_gpa;
	regs.rflags = 0x2;
	if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &regs) < 0)
		return errorf(err, errlen, "KVM_SET_REGS: %s", strerror(errno));
	return 0;
}

void kvm_vm_destroy(struct kvm_vm *vm)
{
	if (vm->run)
		munmap(vm->run, vm->run_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	vm->run = NULL;
	vm->kvm_fd = vm->vm_fd = vm->vcpu_fd = -1;
}
