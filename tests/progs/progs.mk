# Test programs built against real libcs, as static executables of both
# ABIs: tests/progs/NAME.c -> build/progs/glibc/NAME (gcc -m32, glibc) and
# build/progs/musl/NAME (musl's i386 gcc wrapper) for i386;
# build/progs/glibc64/NAME (gcc -static) and build/progs/musl64/NAME
# (musl-gcc -static, Debian's musl-tools) for x86-64, all but the
# programs i386 is the subject of (PROGS_I386_ONLY), plus glibc/hello-pie
# and glibc64/hello-pie (static-pie). `make progs` builds every set and
# cvlibc's programs (`make user`); a musl set is skipped with a message where its compiler is not
# installed (tools/deps.sh installs both).
# Included from the top-level Makefile; paths are relative to the top.

BUILD ?= build
Q ?= @
say ?= @printf '  %-7s %s\n'

PROGS_NAMES    := $(sort $(notdir $(basename $(wildcard tests/progs/*.c))))
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
PROGS_GLIBC_PIE  := $(BUILD)/progs/glibc/hello-pie

# Debian 12's musl-dev:i386 ships this wrapper (over i686-linux-gnu-gcc and
# /usr/lib/i386-linux-musl/musl-gcc.specs).
PROGS_MUSL_CC  := i386-linux-musl-gcc
PROGS_MUSL_CFLAGS := -static -O2 -Wall -Wextra -Werror
PROGS_MUSL_OK  := $(shell $(PROGS_MUSL_CC) -dumpversion >/dev/null 2>&1 && echo yes)
PROGS_MUSL_BINS := $(PROGS_NAMES:%=$(BUILD)/progs/musl/%)

# Programs about the i386 ABI itself, not built as x86-64:
#   fprun       - 32-bit code and REG_EIP: the x87/SSE trampoline of
#                 compatibility mode (guest/kernel/proc/compat_fp.c)
#   hostile_sig - the i386 sigcontext (selectors) and rt_sigaction's i386
#                 structure layout
#   sysfuzz     - its table of calls is i386's numbers and argument kinds
PROGS_I386_ONLY := fprun hostile_sig sysfuzz
PROGS64_NAMES  := $(filter-out $(PROGS_I386_ONLY),$(PROGS_NAMES))

PROGS_GLIBC64_CFLAGS := -static -O2 -Wall -Wextra -Werror
PROGS_GLIBC64_BINS := $(PROGS64_NAMES:%=$(BUILD)/progs/glibc64/%) $(BUILD)/progs/glibc64/hello-pie

# Debian 12's musl-tools (amd64): the musl-gcc wrapper over gcc.
PROGS_MUSL64_CC := musl-gcc
PROGS_MUSL64_OK := $(shell $(PROGS_MUSL64_CC) -dumpversion >/dev/null 2>&1 && echo yes)
PROGS_MUSL64_BINS := $(PROGS64_NAMES:%=$(BUILD)/progs/musl64/%)

.PHONY: progs progs-glibc progs-musl progs-glibc64 progs-musl64 progs-go
progs: user progs-glibc progs-musl progs-glibc64 progs-musl64 progs-go

progs-glibc: $(PROGS_GLIBC_BINS) $(PROGS_GLIBC_PIE)

$(PROGS_GLIBC_BINS): $(BUILD)/progs/glibc/%: tests/progs/%.c
	@mkdir -p $(dir $@)
	$(say) GLIBCC $@
	$(Q)$(PROGS_GLIBC_CC) $(PROGS_GLIBC_CFLAGS) $(PROGS_FLAGS_$*) $(DEPFLAGS) $(DEPF) -o $@ $< -lm

ifeq ($(PROGS_MUSL_OK),yes)
progs-musl: $(PROGS_MUSL_BINS)

$(PROGS_MUSL_BINS): $(BUILD)/progs/musl/%: tests/progs/%.c
	@mkdir -p $(dir $@)
	$(say) MUSLCC $@
	$(Q)$(PROGS_MUSL_CC) $(PROGS_MUSL_CFLAGS) $(PROGS_FLAGS_$*) $(DEPFLAGS) $(DEPF) -o $@ $< -lm
else
progs-musl:
	@echo "progs: $(PROGS_MUSL_CC) not found (Debian: musl-dev:i386, see tools/deps.sh): skipping the musl programs"
endif

progs-glibc64: $(PROGS_GLIBC64_BINS)

$(PROGS64_NAMES:%=$(BUILD)/progs/glibc64/%): $(BUILD)/progs/glibc64/%: tests/progs/%.c
	@mkdir -p $(dir $@)
	$(say) GLIBC64 $@
	$(Q)$(PROGS_GLIBC_CC) $(PROGS_GLIBC64_CFLAGS) $(PROGS_FLAGS_$*) $(DEPFLAGS) $(DEPF) -o $@ $< -lm

# The same hello as a static-pie (ET_DYN without an interpreter), both ABIs.
$(PROGS_GLIBC_PIE): tests/progs/hello.c
	@mkdir -p $(dir $@)
	$(say) GLIBC $@
	$(Q)$(PROGS_GLIBC_CC) $(filter-out -static,$(PROGS_GLIBC_CFLAGS)) -static-pie $(DEPFLAGS) $(DEPF) -o $@ $< -lm

$(BUILD)/progs/glibc64/hello-pie: tests/progs/hello.c
	@mkdir -p $(dir $@)
	$(say) GLIBC64 $@
	$(Q)$(PROGS_GLIBC_CC) $(filter-out -static,$(PROGS_GLIBC64_CFLAGS)) -static-pie $(DEPFLAGS) $(DEPF) -o $@ $< -lm

ifeq ($(PROGS_MUSL64_OK),yes)
progs-musl64: $(PROGS_MUSL64_BINS)

$(PROGS_MUSL64_BINS): $(BUILD)/progs/musl64/%: tests/progs/%.c
	@mkdir -p $(dir $@)
	$(say) MUSL64 $@
	$(Q)$(PROGS_MUSL64_CC) $(PROGS_GLIBC64_CFLAGS) $(PROGS_FLAGS_$*) $(DEPFLAGS) $(DEPF) -o $@ $< -lm
else
progs-musl64:
	@echo "progs: $(PROGS_MUSL64_CC) not found (Debian: musl-tools, see tools/deps.sh): skipping the x86-64 musl programs"
endif

# Go programs (tests/go/*.go), static without cgo, for each ABI:
# build/progs/go/NAME (x86-64) and build/progs/go32/NAME (i386, GO386=
# softfloat: no SSE2 needed, as simd32=off hides it on kvm-pvm); skipped
# with a message where Debian's golang-go is not installed (tools/deps.sh go).
GO            ?= go
GO_OK         := $(shell $(GO) version >/dev/null 2>&1 && echo yes)
GO_NAMES      := $(notdir $(basename $(wildcard tests/go/*.go)))
GO_ENV        := CGO_ENABLED=0 GOCACHE=$(abspath $(BUILD))/gocache GOPATH=$(abspath $(BUILD))/gopath
ifeq ($(GO_OK),yes)
progs-go: $(GO_NAMES:%=$(BUILD)/progs/go/%) $(GO_NAMES:%=$(BUILD)/progs/go32/%)

$(BUILD)/progs/go/%: tests/go/%.go tests/go/go.mod
	@mkdir -p $(dir $@)
	$(say) GO $@
	$(Q)cd tests/go && $(GO_ENV) GOARCH=amd64 $(GO) build -o $(abspath $@) $*.go

$(BUILD)/progs/go32/%: tests/go/%.go tests/go/go.mod
	@mkdir -p $(dir $@)
	$(say) GO32 $@
	$(Q)cd tests/go && $(GO_ENV) GOARCH=386 GO386=softfloat $(GO) build -o $(abspath $@) $*.go
else
progs-go:
	@echo "progs: $(GO) not found (Debian: golang-go, see tools/deps.sh go): skipping the Go programs"
endif
