# Test programs built against real libcs, as static i386 executables:
# tests/progs/NAME.c -> build/progs/glibc/NAME (gcc -m32, glibc) and
# build/progs/musl/NAME (musl's i386 gcc wrapper). `make progs` builds both
# sets and cvlibc's programs (`make user`); the musl set is skipped with a
# message where musl-dev:i386 is not installed (tools/deps.sh installs it).
# Included from the top-level Makefile; paths are relative to the top.

BUILD ?= build
Q ?= @
say ?= @printf '  %-7s %s\n'

PROGS_NAMES    := $(sort $(notdir $(basename $(wildcard tests/progs/*.c))))
PROGS_HDRS     := $(wildcard tests/progs/*.h)
# Extra flags of one program, PROGS_FLAGS_<name>: the core-dump test opens
# its program in gdb, which needs the debug information.
PROGS_FLAGS_coredump := -g

PROGS_GLIBC_CC := gcc
# gcc-multilib's /usr/include/asm link conflicts with the i686 cross gcc that
# musl-dev:i386 needs, so without it <asm/...> comes from the amd64
# linux-libc-dev headers, which serve -m32 as well.
PROGS_GLIBC_CFLAGS := -m32 -static -O2 -Wall -Wextra -Werror \
                $(if $(wildcard /usr/include/asm),,-idirafter /usr/include/$(shell $(PROGS_GLIBC_CC) -print-multiarch))
PROGS_GLIBC_BINS := $(PROGS_NAMES:%=$(BUILD)/progs/glibc/%)

# Debian 12's musl-dev:i386 ships this wrapper (over i686-linux-gnu-gcc and
# /usr/lib/i386-linux-musl/musl-gcc.specs).
PROGS_MUSL_CC  := i386-linux-musl-gcc
PROGS_MUSL_CFLAGS := -static -O2 -Wall -Wextra -Werror
PROGS_MUSL_OK  := $(shell $(PROGS_MUSL_CC) -dumpversion >/dev/null 2>&1 && echo yes)
PROGS_MUSL_BINS := $(PROGS_NAMES:%=$(BUILD)/progs/musl/%)

.PHONY: progs progs-glibc progs-musl
progs: user progs-glibc progs-musl

progs-glibc: $(PROGS_GLIBC_BINS)

$(PROGS_GLIBC_BINS): $(BUILD)/progs/glibc/%: tests/progs/%.c $(PROGS_HDRS)
	@mkdir -p $(dir $@)
	$(say) GLIBCC $@
	$(Q)$(PROGS_GLIBC_CC) $(PROGS_GLIBC_CFLAGS) $(PROGS_FLAGS_$*) -o $@ $< -lm

ifeq ($(PROGS_MUSL_OK),yes)
progs-musl: $(PROGS_MUSL_BINS)

$(PROGS_MUSL_BINS): $(BUILD)/progs/musl/%: tests/progs/%.c $(PROGS_HDRS)
	@mkdir -p $(dir $@)
	$(say) MUSLCC $@
	$(Q)$(PROGS_MUSL_CC) $(PROGS_MUSL_CFLAGS) $(PROGS_FLAGS_$*) -o $@ $< -lm
else
progs-musl:
	@echo "progs: $(PROGS_MUSL_CC) not found (Debian: musl-dev:i386, see tools/deps.sh): skipping the musl programs"
endif
