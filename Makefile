# cowvisor: `make` builds build/cowvisor and build/kernel.elf;
# `make run` runs the demo; `make test` runs every test; see README.md.

VERSION    := 0.1.0
BUILD      := build
PREFIX     ?= /usr/local

CC         ?= cc
HOST_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
               -DCV_VERSION='"$(VERSION)"' $(EXTRA_CFLAGS)
HOST_LDLIBS := -lelf

GUEST_CC   := gcc
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin \
               -nostdinc -isystem $(shell $(GUEST_CC) -print-file-name=include) \
               -fpie -fvisibility=hidden -fno-stack-protector -fno-asynchronous-unwind-tables \
               -mno-red-zone -mgeneral-regs-only -m64 -DCV_VERSION='"$(VERSION)"'
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--no-dynamic-linker -Wl,-z,max-page-size=4096 \
               -Wl,--build-id=none -Wl,-T,guest/kernel/kernel.ld

# Sanitizers for the host side: make test SANITIZE=1
ifeq ($(SANITIZE),1)
HOST_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HOST_LDFLAGS += -fsanitize=address,undefined
endif

VMM_SRCS   := $(wildcard vmm/*.c vmm/inspect/*.c)
VMM_OBJS   := $(VMM_SRCS:%.c=$(BUILD)/%.o)
# Guest code the host runs too: the ELF32 checks, so the VMM refuses a
# PROGRAM by exactly the kernel's rules.
HOST_GUEST_SRCS := guest/kernel/proc/elf32.c
HOST_GUEST_OBJS := $(HOST_GUEST_SRCS:guest/%.c=$(BUILD)/hostguest/%.o)
VMM_LIBOBJS := $(filter-out $(BUILD)/vmm/main.o,$(VMM_OBJS)) $(HOST_GUEST_OBJS)
KERNEL_SRCS := $(shell find guest/kernel -name '*.c' -o -name '*.S' | sort)
KERNEL_OBJS := $(KERNEL_SRCS:%=$(BUILD)/%.o)
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
INTEG_SRCS := $(wildcard tests/integration/test_*.c)
INTEG_BINS := $(INTEG_SRCS:tests/integration/%.c=$(BUILD)/tests/%)

# Short build lines; make V=1 shows the full commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n'
endif

.PHONY: all deps run test unit integration install clean progs
all: $(BUILD)/cowvisor $(BUILD)/kernel.elf

deps:
	@tools/deps.sh

# ---- host program ----
$(BUILD)/vmm/%.o: vmm/%.c $(wildcard vmm/*.h vmm/inspect/*.h shared/*.h)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/hostguest/%.o: guest/%.c $(shell find guest/kernel -name '*.h') $(wildcard shared/*.h)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/libcowvisor.a: $(VMM_LIBOBJS)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/cowvisor: $(BUILD)/vmm/main.o $(BUILD)/libcowvisor.a
	$(say) LD $@
	$(Q)$(CC) $(HOST_LDFLAGS) -o $@ $^ $(HOST_LDLIBS)

# ---- guest kernel ----
$(BUILD)/guest/%.c.o: guest/%.c $(shell find guest/kernel -name '*.h') $(wildcard shared/*.h)
	@mkdir -p $(dir $@)
	$(say) GUESTCC $<
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/guest/%.S.o: guest/%.S
	@mkdir -p $(dir $@)
	$(say) GUESTAS $<
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/kernel.elf: $(KERNEL_OBJS) guest/kernel/kernel.ld
	$(say) GUESTLD $@
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $@ $(KERNEL_OBJS)

# ---- tests ----
$(BUILD)/tests/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(BUILD)/libcowvisor.a
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(BUILD)/libcowvisor.a $(HOST_LDLIBS) -lcmocka

# Guest code that runs on the host too (the initrd file tree), unit-tested
# natively: tests/unit/test_guest_X.c is linked with it.
GUEST_HOSTED_SRCS := $(wildcard guest/kernel/fs/*.c)
$(BUILD)/tests/test_guest_%: tests/unit/test_guest_%.c $(GUEST_HOSTED_SRCS) $(wildcard guest/kernel/fs/*.h)
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(GUEST_HOSTED_SRCS) -lcmocka

$(BUILD)/tests/test_%: tests/integration/test_%.c $(wildcard tests/integration/*.h) tests/integration/harness.c tests/integration/json_mini.c
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< tests/integration/harness.c tests/integration/json_mini.c -lcmocka

unit: $(UNIT_BINS)
	@tools/run-tests.sh $(UNIT_BINS)

integration: all progs $(INTEG_BINS)
	@COWVISOR=$(abspath $(BUILD)/cowvisor) COWVISOR_KERNEL=$(abspath $(BUILD)/kernel.elf) \
		tools/run-tests.sh $(INTEG_BINS)

test: deps
	@$(MAKE) --no-print-directory all progs $(UNIT_BINS) $(INTEG_BINS)
	@COWVISOR=$(abspath $(BUILD)/cowvisor) COWVISOR_KERNEL=$(abspath $(BUILD)/kernel.elf) \
		tools/run-tests.sh $(UNIT_BINS) $(INTEG_BINS)

# ---- demo: fork and copy-on-write, with the sharing table at each step ----
run: deps
	@$(MAKE) --no-print-directory all user
	$(BUILD)/cowvisor run --stats --kernel $(BUILD)/kernel.elf \
		--add $(BUILD)/user/hello_cv:/bin/hello_cv $(BUILD)/user/cowdemo

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/cowvisor
	install -m 755 $(BUILD)/cowvisor $(DESTDIR)$(PREFIX)/bin/cowvisor
	install -m 644 $(BUILD)/kernel.elf $(DESTDIR)$(PREFIX)/lib/cowvisor/kernel.elf

clean:
	rm -rf $(BUILD)

include guest/user/user.mk tests/progs/progs.mk
