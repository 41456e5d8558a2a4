# The vDSO images (guest/vdso/): linux-vdso.so.1 (x86-64) and
# linux-gate.so.1 (i386), linked with the host's gcc, checked by
# tools/vdso_check.c (which also writes the header of their sizes and the
# symbol offsets the kernel uses) and embedded into the kernel
# (guest/kernel/proc/vdso_image.S). Included from the top-level Makefile.

VDSO_DIR     := $(BUILD)/vdso
VDSO_LDFLAGS := -shared -nostdlib -Wl,--hash-style=both -Wl,--eh-frame-hdr \
                -Wl,-T,guest/vdso/vdso.lds -Wl,-Bsymbolic -Wl,--no-undefined \
                -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--build-id=sha1 -Wl,--strip-all
VDSO64_SYMS  := $(foreach f,clock_gettime gettimeofday time clock_getres getcpu,__vdso_$(f)@LINUX_2.6 $(f)@LINUX_2.6)
VDSO32_SYMS  := __kernel_vsyscall@LINUX_2.5 __kernel_sigreturn@LINUX_2.5 __kernel_rt_sigreturn@LINUX_2.5 \
                $(foreach f,clock_gettime clock_gettime64 gettimeofday time clock_getres,__vdso_$(f)@LINUX_2.6)

$(VDSO_DIR)/%64.o: guest/vdso/%64.S
	@mkdir -p $(dir $@)
	$(say) VDSOAS $<
	$(Q)$(GUEST_CC) -m64 $(DEPFLAGS) -c $< -o $@
$(VDSO_DIR)/%32.o: guest/vdso/%32.S
	@mkdir -p $(dir $@)
	$(say) VDSOAS $<
	$(Q)$(GUEST_CC) -m32 $(DEPFLAGS) -c $< -o $@
# The time functions in C: no SSE (i386 user code is emulated without it
# on kvm-pvm), no jump tables or other GOT users (nothing is relocated).
VDSO_CFLAGS := -O2 -std=gnu11 -Wall -Wextra -Werror -fPIC -ffreestanding -fno-stack-protector \
               -fno-jump-tables -mgeneral-regs-only -fno-builtin -fcf-protection=none
$(VDSO_DIR)/vclock64.o $(VDSO_DIR)/vclock32.o: $(VDSO_DIR)/vclock%.o: guest/vdso/vclock.c # static: no other target matches
	@mkdir -p $(dir $@)
	$(say) VDSOCC $<
	$(Q)$(GUEST_CC) -m$* $(VDSO_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(VDSO_DIR)/note%.o: guest/vdso/note.S
	@mkdir -p $(dir $@)
	$(say) VDSOAS $<
	$(Q)$(GUEST_CC) -m$* $(DEPFLAGS) -c $< -o $@

$(VDSO_DIR)/vdso64.so: $(VDSO_DIR)/vdso64.o $(VDSO_DIR)/vclock64.o $(VDSO_DIR)/note64.o guest/vdso/vdso.lds guest/vdso/vdso64.map
	$(say) VDSOLD $@
	$(Q)$(GUEST_CC) -m64 $(VDSO_LDFLAGS) -Wl,-soname=linux-vdso.so.1 \
		-Wl,--version-script=guest/vdso/vdso64.map -o $@ $(filter %.o,$^)
$(VDSO_DIR)/vdso32.so: $(VDSO_DIR)/vdso32.o $(VDSO_DIR)/vclock32.o $(VDSO_DIR)/note32.o guest/vdso/vdso.lds guest/vdso/vdso32.map
	$(say) VDSOLD $@
	$(Q)$(GUEST_CC) -m32 $(VDSO_LDFLAGS) -Wl,-soname=linux-gate.so.1 \
		-Wl,--version-script=guest/vdso/vdso32.map -o $@ $(filter %.o,$^)

$(BUILD)/tools/vdso_check: tools/vdso_check.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) -o $@ $< -lelf

$(VDSO_DIR)/vdso64.h: $(VDSO_DIR)/vdso64.so $(BUILD)/tools/vdso_check
	$(say) VDSOCHK $<
	$(Q)$(BUILD)/tools/vdso_check 64 linux-vdso.so.1 VDSO64 $< $@ $(VDSO64_SYMS)
$(VDSO_DIR)/vdso32.h: $(VDSO_DIR)/vdso32.so $(BUILD)/tools/vdso_check
	$(say) VDSOCHK $<
	$(Q)$(BUILD)/tools/vdso_check 32 linux-gate.so.1 VDSO32 $< $@ $(VDSO32_SYMS)

# The kernel's users of the images find them (.incbin, #include) in VDSO_DIR.
VDSO_USERS := $(BUILD)/guest/kernel/proc/vdso_image.S.o $(BUILD)/guest/kernel/proc/vdso.c.o
$(VDSO_USERS): $(VDSO_DIR)/vdso64.h $(VDSO_DIR)/vdso32.h
$(VDSO_USERS): GUEST_CFLAGS += -I$(VDSO_DIR) -Wa,-I$(VDSO_DIR)
