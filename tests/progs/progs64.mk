# A few test programs as static x86-64 executables (issue 12's kernel
# part): tests/progs/NAME.c -> build/progs64/glibc/NAME (gcc -static) and,
# where musl-tools is installed, build/progs64/musl/NAME (musl-gcc). The
# full x86-64 build of every program comes with progs.mk; this list is
# what tests/integration/test_x86_64.c runs. Included from the Makefile.

PROGS64_NAMES  := hello signals abichain mmaphigh
PROGS64_CFLAGS := -static -O2 -Wall -Wextra -Werror
PROGS64_GLIBC_BINS := $(PROGS64_NAMES:%=$(BUILD)/progs64/glibc/%)
PROGS64_MUSL_OK := $(shell musl-gcc -dumpversion >/dev/null 2>&1 && echo yes)
PROGS64_MUSL_BINS := $(if $(PROGS64_MUSL_OK),$(PROGS64_NAMES:%=$(BUILD)/progs64/musl/%))

.PHONY: progs64
progs64: $(PROGS64_GLIBC_BINS) $(PROGS64_MUSL_BINS)
progs: progs64

$(PROGS64_GLIBC_BINS): $(BUILD)/progs64/glibc/%: tests/progs/%.c $(PROGS_HDRS)
	@mkdir -p $(dir $@)
	$(say) GCC64 $@
	$(Q)gcc $(PROGS64_CFLAGS) -o $@ $< -lm

$(PROGS64_MUSL_BINS): $(BUILD)/progs64/musl/%: tests/progs/%.c $(PROGS_HDRS)
	@mkdir -p $(dir $@)
	$(say) MUSL64 $@
	$(Q)musl-gcc $(PROGS64_CFLAGS) -o $@ $< -lm

# hello as a static-pie (ET_DYN without an interpreter), glibc's.
PROGS64_PIE := $(BUILD)/progs64/glibc/hello-pie
progs64: $(PROGS64_PIE)
$(PROGS64_PIE): tests/progs/hello.c
	@mkdir -p $(dir $@)
	$(say) GCC64 $@
	$(Q)gcc -static-pie -O2 -Wall -Wextra -Werror -o $@ $<
