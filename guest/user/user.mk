# cvlibc, cowvisor's own minimal libc for static Linux i386 programs
# (guest/user/libc), and the programs built with it:
# guest/user/progs/NAME.c -> build/user/NAME. `make user` builds them all.
# Included from the top-level Makefile; paths are relative to the top.

BUILD ?= build
Q ?= @
say ?= @printf '  %-7s %s\n'

USER_CC      := gcc
USER_CFLAGS  := -std=gnu11 -m32 -march=i686 -ffreestanding -fno-pic -fno-pie \
                -fno-stack-protector -fno-asynchronous-unwind-tables \
                -fno-tree-loop-distribute-patterns -nostdlib -nostdinc \
                -isystem $(shell $(USER_CC) -m32 -print-file-name=include) \
                -Iguest/user/libc/include -O2 -Wall -Wextra -Werror
USER_LDFLAGS := -m32 -static -nostdlib -no-pie -Wl,--build-id=none
# 64-bit division (printf's %llu) comes from libgcc.
USER_LIBGCC  := $(shell $(USER_CC) -m32 -print-libgcc-file-name)

USER_LIBC_SRCS := $(filter-out guest/user/libc/crt0.S, \
                $(wildcard guest/user/libc/*.c guest/user/libc/*.S))
USER_LIBC_OBJS := $(USER_LIBC_SRCS:guest/user/libc/%=$(BUILD)/user/libc/%.o)
# What cvlibc shares with the kernel (guest/common/freestanding/), built
# here as i386 code.
USER_SHARED_SRCS := $(wildcard guest/common/freestanding/*.c)
USER_LIBC_OBJS += $(USER_SHARED_SRCS:guest/common/freestanding/%=$(BUILD)/user/shared/%.o)
USER_CRT0    := $(BUILD)/user/crt0.o
USER_LIBCV   := $(BUILD)/user/libcv.a
USER_PROG_SRCS := $(wildcard guest/user/progs/*.c)
USER_PROGS   := $(USER_PROG_SRCS:guest/user/progs/%.c=$(BUILD)/user/%)

.PHONY: user
user: $(USER_LIBCV) $(USER_CRT0) $(USER_PROGS)

$(BUILD)/user/libc/%.c.o: guest/user/libc/%.c
	@mkdir -p $(dir $@)
	$(say) USERCC $<
	$(Q)$(USER_CC) $(USER_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/user/shared/%.c.o: guest/common/freestanding/%.c
	@mkdir -p $(dir $@)
	$(say) USERCC $<
	$(Q)$(USER_CC) $(USER_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/user/libc/%.S.o: guest/user/libc/%.S
	@mkdir -p $(dir $@)
	$(say) USERAS $<
	$(Q)$(USER_CC) $(USER_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(USER_CRT0): guest/user/libc/crt0.S
	@mkdir -p $(dir $@)
	$(say) USERAS $<
	$(Q)$(USER_CC) $(USER_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(USER_LIBCV): $(USER_LIBC_OBJS)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/user/progs/%.o: guest/user/progs/%.c
	@mkdir -p $(dir $@)
	$(say) USERCC $<
	$(Q)$(USER_CC) $(USER_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(USER_PROGS): $(BUILD)/user/%: $(BUILD)/user/progs/%.o $(USER_CRT0) $(USER_LIBCV)
	$(say) USERLD $@
	$(Q)$(USER_CC) $(USER_LDFLAGS) -o $@ $(USER_CRT0) $< $(USER_LIBCV) $(USER_LIBGCC)
