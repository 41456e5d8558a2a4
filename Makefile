# cowvisor: `make` builds build/cowvisor and build/kernel.elf;
# `make run` runs the demo; `make test` runs every test; see README.md.

# The version is shared/version.h's (the programs say it; the Makefile reads it).
VERSION    := $(shell sed -n 's/^\#define CV_VERSION_STRING "\(.*\)"/\1/p' shared/version.h)
BUILD      := build
PREFIX     ?= /usr/local

CC         ?= cc
HOST_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
               -DCV_VERSION='"$(VERSION)"' $(EXTRA_CFLAGS)
HOST_LDLIBS := -lelf
# Every compile also writes its header dependencies beside the object
# (-MMD, X.o -> X.d; -MP: a deleted header is no error); they are read at
# the end of this file. A rule that compiles and links one source in one
# step names its file with DEPF.
DEPFLAGS   := -MMD -MP
DEPF        = -MF $@.d -MT $@

GUEST_CC   := gcc
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin \
               -nostdinc -isystem $(shell $(GUEST_CC) -print-file-name=include) \
               -fpie -fvisibility=hidden -fno-stack-protector -fno-asynchronous-unwind-tables \
               -mno-red-zone -mgeneral-regs-only -m64 -DCV_VERSION='"$(VERSION)"'
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--no-dynamic-linker -Wl,-z,max-page-size=4096 \
               -Wl,--build-id=none -Wl,-T,guest/kernel/kernel.ld \
               -Wl,--defsym=KERNEL_VMA=$(shell sed -n 's/^\#define CV_DIRECT_MAP_BASE *CV_U64(\(0x[0-9a-fA-F]*\))/\1/p' shared/layout.h)

# Sanitizers for the host side: make test SANITIZE=1, built in its own tree
# (the guest kernel and programs are rebuilt there too, unsanitized)
ifeq ($(SANITIZE),1)
BUILD      := build-san
HOST_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HOST_LDFLAGS += -fsanitize=address,undefined
endif

VMM_SRCS   := $(wildcard vmm/*.c vmm/inspect/*.c vmm/coredump/*.c)
VMM_OBJS   := $(VMM_SRCS:%.c=$(BUILD)/%.o)
# Code compiled into both the VMM and the kernel (guest/common/): the ELF
# checks and the cpio newc reader, so the VMM refuses a PROGRAM or an
# --initrd by exactly the kernel's rules.
COMMON_SRCS := $(wildcard guest/common/*.c)
COMMON_OBJS := $(COMMON_SRCS:guest/%.c=$(BUILD)/hostguest/%.o)
# Files embedded into the binary at build time (tools/embed.c): the HTML
# report's template, kept as a real .html file.
EMBED_OBJS := $(BUILD)/gen/report_page.o
VMM_LIBOBJS := $(filter-out $(BUILD)/vmm/main.o,$(VMM_OBJS)) $(COMMON_OBJS) $(EMBED_OBJS)
KERNEL_SRCS := $(shell find guest/kernel guest/common -name '*.c' -o -name '*.S' | sort)
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

.PHONY: all deps run test unit integration install clean progs fuzz test-qemu
all: $(BUILD)/cowvisor $(BUILD)/kernel.elf

deps:
	@USERLAND_TREE=$(abspath $(USERLAND_TREE)) USERLAND_TREE64=$(abspath $(USERLAND_TREE64)) \
		tools/deps.sh userland

# ---- host program ----
$(BUILD)/vmm/%.o: vmm/%.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/hostguest/%.o: guest/%.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) -o $@ $<

# The template must hold the JSON's marker exactly once.
$(BUILD)/gen/report_page.c: vmm/inspect/report_page.html $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(say) EMBED $<
	$(Q)test "$$(grep -o '@COWVISOR_STATS_JSON@' $< | wc -l)" = 1 || \
		{ echo "$<: the marker @COWVISOR_STATS_JSON@ must occur exactly once" >&2; exit 1; }
	$(Q)$(BUILD)/tools/embed report_page $< $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/libcowvisor.a: $(VMM_LIBOBJS)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/cowvisor: $(BUILD)/vmm/main.o $(BUILD)/libcowvisor.a
	$(say) LD $@
	$(Q)$(CC) $(HOST_LDFLAGS) -o $@ $^ $(HOST_LDLIBS)

# ---- guest kernel ----
$(BUILD)/guest/%.c.o: guest/%.c
	@mkdir -p $(dir $@)
	$(say) GUESTCC $<
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/guest/%.S.o: guest/%.S
	@mkdir -p $(dir $@)
	$(say) GUESTAS $<
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/kernel.elf: $(KERNEL_OBJS) guest/kernel/kernel.ld shared/layout.h
	$(say) GUESTLD $@
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $@ $(KERNEL_OBJS)

# ---- tests ----
$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/libcowvisor.a
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) $(HOST_LDFLAGS) -o $@ $< $(BUILD)/libcowvisor.a $(HOST_LDLIBS) -lcmocka

# Sources a test binary links beside its own (harnesses, parsers, guest
# code run natively), each compiled once with its dependencies.
$(BUILD)/tests/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) -c $< -o $@

# The kernel's file tree (guest/kernel/fs/), only the kernel's but
# unit-tested natively: tests/unit/test_guest_X.c is linked with it and
# the newc reader it unpacks with.
KERNEL_FS_SRCS := $(wildcard guest/kernel/fs/*.c)
KERNEL_FS_OBJS := $(KERNEL_FS_SRCS:guest/%.c=$(BUILD)/hostguest/%.o)
$(BUILD)/tests/test_guest_%: tests/unit/test_guest_%.c $(KERNEL_FS_OBJS) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) $(HOST_LDFLAGS) -o $@ $< $(KERNEL_FS_OBJS) $(COMMON_OBJS) -lcmocka

# The kernel's block operations (lib/string.c) and the lengths and
# comparisons it shares with cvlibc (guest/common/freestanding/cstring.c),
# unit-tested natively under prefixed names (k_memcpy...), so the host's
# own stay in use.
KSTRING_RENAME := -fno-builtin $(foreach f,memcpy memset memmove memcmp strlen strnlen strcmp strncmp,-D$(f)=k_$(f))
KSTRING_OBJS := $(BUILD)/tests/kstring.o $(BUILD)/tests/kcstring.o
$(BUILD)/tests/kstring.o: guest/kernel/lib/string.c guest/kernel/lib/string.h
$(BUILD)/tests/kcstring.o: guest/common/freestanding/cstring.c guest/common/freestanding/cstring.h
$(KSTRING_OBJS):
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(KSTRING_RENAME) -c $< -o $@
$(BUILD)/tests/test_kstring: tests/unit/test_kstring.c $(KSTRING_OBJS)
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(KSTRING_OBJS) -lcmocka

# The formatter the kernel and cvlibc share, unit-tested natively against
# the host's snprintf under prefixed names (k_snprintf...).
KFORMAT_RENAME := -fno-builtin -Dvsnprintf=k_vsnprintf -Dsnprintf=k_snprintf
$(BUILD)/tests/kformat.o: guest/common/freestanding/format.c guest/common/freestanding/format.h
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(KFORMAT_RENAME) -c $< -o $@
$(BUILD)/tests/test_format: tests/unit/test_format.c $(BUILD)/tests/kformat.o
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(BUILD)/tests/kformat.o -lcmocka

# The compat FPU trampoline's instruction decoder, unit-tested natively.
$(BUILD)/tests/test_compat_insn: tests/unit/test_compat_insn.c $(BUILD)/hostguest/kernel/arch/compat_insn.o
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) $(HOST_LDFLAGS) -o $@ $^ -lcmocka

# The kernel's dispatch arrays, compiled for the host and linked with one
# stub per handler (each returns its index in sys_stub_names and keeps its
# arguments in sys_stub_args), made from the
# object's undefined symbols: test_syscall_table checks where numbers lead.
$(BUILD)/tests/sys_table.o: guest/kernel/sys/table.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/tests/sys_table_stubs.c: $(BUILD)/tests/sys_table.o
	$(say) GEN $@
	$(Q)nm -u $< | awk '$$2 ~ /^sys_/ { n[c++] = $$2 } END { \
		print "#include <stdint.h>"; \
		print "uint64_t sys_stub_args[6];"; \
		for (i = 0; i < c; i++) printf "long %s(const uint64_t *a) { for (int k = 0; k < 6; k++) sys_stub_args[k] = a[k]; return %d; }\n", n[i], i; \
		print "const char *const sys_stub_names[] = {"; \
		for (i = 0; i < c; i++) printf "\t\"%s\",\n", n[i]; \
		printf "};\nconst unsigned sys_stub_count = %d;\n", c }' > $@

$(BUILD)/tests/test_syscall_table: tests/unit/test_syscall_table.c $(BUILD)/tests/sys_table.o $(BUILD)/tests/sys_table_stubs.c $(BUILD)/libcowvisor.a
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) $(HOST_LDFLAGS) -o $@ $< $(BUILD)/tests/sys_table.o \
		$(BUILD)/tests/sys_table_stubs.c $(BUILD)/libcowvisor.a $(HOST_LDLIBS) -lcmocka

INTEG_HELPER_OBJS := $(patsubst %.c,$(BUILD)/tests/obj/%.o,\
               tests/integration/harness.c tests/integration/json_mini.c tests/integration/stats_doc.c)
$(BUILD)/tests/test_%: tests/integration/test_%.c $(INTEG_HELPER_OBJS)
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) $(HOST_LDFLAGS) -o $@ $< $(INTEG_HELPER_OBJS) -lcmocka

# Every fuzz target (tests/fuzz/fuzz_X.c) also built with the ordinary
# compiler and tests/fuzz/replay.c as a cmocka test: $(BUILD)/tests/fuzz_X
# runs it on built-in inputs and tests/fuzz/corpus/X/, so make test keeps
# the targets compiling and their seeds passing (make fuzz really fuzzes).
FUZZ_HELPER_SRCS := tests/fuzz/ram_image.c tests/fuzz/json_check.c
FUZZ_REPLAY_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/tests/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY_OBJS := $(FUZZ_HELPER_SRCS:%.c=$(BUILD)/tests/obj/%.o) $(KERNEL_FS_OBJS)

$(BUILD)/tests/libfuzzreplay.a: $(FUZZ_REPLAY_OBJS)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

# replay.c is compiled per target (its name and corpus are -D words).
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/tests/replay_%.o \
		$(BUILD)/tests/libfuzzreplay.a $(BUILD)/libcowvisor.a
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) $(HOST_LDFLAGS) -o $@ $< $(BUILD)/tests/replay_$*.o \
		$(BUILD)/tests/libfuzzreplay.a $(BUILD)/libcowvisor.a $(HOST_LDLIBS) -lcmocka

$(FUZZ_REPLAY_BINS:$(BUILD)/tests/fuzz_%=$(BUILD)/tests/replay_%.o): $(BUILD)/tests/replay_%.o: tests/fuzz/replay.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) -DREPLAY_NAME='"fuzz_$*"' \
		-DREPLAY_CORPUS='"$(abspath tests/fuzz/corpus/$*)"' -c $< -o $@

# The userland matrix test links the matrix file parser (tests/userland/).
USERLAND_TREE := $(BUILD)/userland/root
# The same tree from the amd64 packages, for the x86-64 matrix.
USERLAND_TREE64 := $(BUILD)/userland/root64
USERLAND_ENV  := USERLAND_TREE=$(abspath $(USERLAND_TREE)) USERLAND_TREE64=$(abspath $(USERLAND_TREE64)) \
		 USERLAND_DIR=$(abspath tests/userland)
$(BUILD)/tests/test_userland: tests/integration/test_userland.c $(BUILD)/tests/obj/tests/userland/matrix.o \
		$(BUILD)/tests/obj/tests/integration/harness.o
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) $(HOST_LDFLAGS) -o $@ $^ -lcmocka

$(BUILD)/tests/test_userland_matrix: tests/unit/test_userland_matrix.c $(BUILD)/tests/obj/tests/userland/matrix.o
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) $(HOST_LDFLAGS) -o $@ $^ -lcmocka

# Checks of the source tree itself, run first by make unit and make test
# (cmocka-style output): tools/check-includes finds circles of #include.
TREE_CHECKS := tools/check-includes

unit: $(UNIT_BINS) $(FUZZ_REPLAY_BINS)
	@tools/run-tests.sh $(TREE_CHECKS) $(UNIT_BINS) $(FUZZ_REPLAY_BINS)

integration: all progs $(INTEG_BINS)
	@$(USERLAND_ENV) COWVISOR=$(abspath $(BUILD)/cowvisor) COWVISOR_KERNEL=$(abspath $(BUILD)/kernel.elf) \
		tools/run-tests.sh $(INTEG_BINS)

# Packages only some tests use (gdb and elfutils for core files, Chromium
# for the HTML report, QEMU for the instruction-count plugin, Go for a Go
# program on the kernel's threads): installed when root, else those tests
# are skipped.
.PHONY: test-deps
test-deps:
	@tools/deps.sh --optional core browser qemu go

test: deps test-deps
	@$(MAKE) --no-print-directory all progs $(UNIT_BINS) $(FUZZ_REPLAY_BINS) $(INTEG_BINS)
	@$(USERLAND_ENV) COWVISOR=$(abspath $(BUILD)/cowvisor) COWVISOR_KERNEL=$(abspath $(BUILD)/kernel.elf) \
		tools/run-tests.sh $(TREE_CHECKS) $(UNIT_BINS) $(FUZZ_REPLAY_BINS) $(INTEG_BINS)

# ---- make userland: every command of tests/userland/matrix.txt under
# cowvisor and on the host, and the table (make test runs the @sample ones) ----
.PHONY: userland
userland: deps
	@$(MAKE) --no-print-directory all $(BUILD)/tests/test_userland
	@$(USERLAND_ENV) USERLAND_ALL=1 COWVISOR=$(abspath $(BUILD)/cowvisor) \
		COWVISOR_KERNEL=$(abspath $(BUILD)/kernel.elf) tools/run-tests.sh $(BUILD)/tests/test_userland

# ---- fuzzing: make fuzz [FUZZ_SECONDS=60], libFuzzer targets built with
# clang into $(BUILD)/fuzz/ and run for FUZZ_SECONDS each (tests/fuzz/) ----
FUZZ_CC      := clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=all -DCV_VERSION='"$(VERSION)"'
# Code under test, the embedded files it uses and the targets' helpers,
# instrumented for coverage.
FUZZ_LIB_SRCS := $(filter-out vmm/main.c,$(VMM_SRCS)) $(COMMON_SRCS) $(KERNEL_FS_SRCS) \
               $(EMBED_OBJS:%.o=%.c) $(FUZZ_HELPER_SRCS)
FUZZ_LIB_OBJS := $(FUZZ_LIB_SRCS:%.c=$(BUILD)/fuzz/obj/%.o)
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) FUZZCC $<
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(BUILD)/fuzz/libfuzz.a: $(FUZZ_LIB_OBJS)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/fuzz/libfuzz.a
	$(say) FUZZLD $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) $(DEPF) -fsanitize=fuzzer -o $@ $< $(BUILD)/fuzz/libfuzz.a $(HOST_LDLIBS)

fuzz:
	@tools/deps.sh fuzz
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1; then \
		echo "fuzz: $(FUZZ_CC) not found (Debian: clang): skipping the fuzz targets"; exit 0; fi; \
	if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return !d + !n; }' | \
		$(FUZZ_CC) -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null; then \
		echo "fuzz: $(FUZZ_CC) has no libFuzzer (Debian: libclang-rt-14-dev): skipping the fuzz targets"; \
		exit 0; fi; \
	$(MAKE) --no-print-directory $(FUZZ_BINS) && tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# ---- the guest system-call fuzzer: make fuzz-guest SEEDS=N [FUZZ_ACTIONS=...]
# boots tests/progs/sysfuzz.c once per seed and classifies each run
# (tools/fuzz-guest.sh: panics, hangs, audit mismatches, leaked frames) ----
SEEDS ?= 4
.PHONY: fuzz-guest
fuzz-guest: all progs
	@BUILD=$(BUILD) SEEDS=$(SEEDS) tools/fuzz-guest.sh

# ---- a second opinion: the same programs under QEMU's exact CPU (TCG) ----
test-qemu: all progs
	@tools/deps.sh qemu
	@BUILD=$(BUILD) tools/test-qemu.sh

# ---- demo: fork and copy-on-write, with the sharing table at each step:
# cowdemo (i386, cvlibc), then sharing (x86-64, glibc) ----
run: deps
	@$(MAKE) --no-print-directory all user $(BUILD)/progs/glibc64/sharing
	$(BUILD)/cowvisor run --stats --kernel $(BUILD)/kernel.elf \
		--add $(BUILD)/user/hello_cv:/bin/hello_cv $(BUILD)/user/cowdemo
	$(BUILD)/cowvisor run --stats --kernel $(BUILD)/kernel.elf $(BUILD)/progs/glibc64/sharing 256 64

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/cowvisor
	install -m 755 $(BUILD)/cowvisor $(DESTDIR)$(PREFIX)/bin/cowvisor
	install -m 644 $(BUILD)/kernel.elf $(DESTDIR)$(PREFIX)/lib/cowvisor/kernel.elf

clean:
	rm -rf $(BUILD) build-san

include guest/user/user.mk guest/vdso/vdso.mk tests/progs/progs.mk

# make bench: performance figures (tools/bench/)
include tools/bench/bench.mk

# Objects made on the way (test helpers, per-target replay objects) are
# kept, not deleted as intermediates: the next build reuses them.
.SECONDARY:

# A build tree made before header dependencies were tracked has objects
# without a .d file: a header change would not reach them, so such a tree
# loses its outputs once (the fetched userland trees and bench results stay)
# and is marked as tracked.
ifeq ($(wildcard $(BUILD)/.deps-tracked),)
$(shell if [ -d $(BUILD) ]; then find $(BUILD) -mindepth 1 -maxdepth 1 ! -name userland ! -name bench \
	-exec rm -rf {} +; fi; mkdir -p $(BUILD) && touch $(BUILD)/.deps-tracked)
endif

# The header dependencies every compile wrote (see DEPFLAGS).
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
