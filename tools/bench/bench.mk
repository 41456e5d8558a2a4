# `make bench`: benchmarks of process operations (host Linux against
# cowvisor with and without copy-on-write), VMM start-up (against QEMU and
# host Linux) and inspection; a table on stdout, build/bench/results.json
# and build/bench/fork-latency.svg. See tools/bench/run.sh for the settings
# (BENCH_* variables) and the README's "Performance" section for the method.
# Included from the top-level Makefile; paths are relative to the top.

BENCH_DEPS := $(BUILD)/cowvisor $(BUILD)/kernel.elf $(BUILD)/user/exit_code \
              $(BUILD)/progs/glibc/bench_proc $(BUILD)/progs/glibc/bench_snap \
              $(BUILD)/progs/glibc/hello $(BUILD)/progs/glibc/float \
              $(BUILD)/bench/runstat $(BUILD)/bench/insncount.so \
              $(BUILD)/progs/glibc/bench_insn $(BUILD)/progs/glibc64/bench_insn \
              $(BUILD)/progs/glibc64/bench_proc $(BUILD)/progs/glibc64/exit_status \
              $(if $(PROGS_MUSL64_OK),$(BUILD)/progs/musl64/exit_status)

.PHONY: bench
bench: deps
	@tools/deps.sh --optional linux
	@$(MAKE) --no-print-directory -s $(BENCH_DEPS)
	@tools/bench/run.sh $(BUILD)

$(BUILD)/bench/runstat: tools/bench/runstat.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) -o $@ $<

# The instruction-counting QEMU TCG plugin (insn.sh; test_insncount).
INSN_PLUGIN_SRCS := tools/bench/insncount.c tools/bench/insn_syms.c tools/bench/insn_x86.c
$(BUILD)/bench/insncount.so: $(INSN_PLUGIN_SRCS) $(wildcard tools/bench/*.h) tests/progs/bench_marker.h
	@mkdir -p $(dir $@)
	$(say) CC $@
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden \
		-o $@ $(INSN_PLUGIN_SRCS)

# The plugin's test boots it under QEMU: built with the tests.
$(BUILD)/tests/test_insncount: $(BUILD)/bench/insncount.so

# Its pure parts' unit test (tests/unit/test_bench_insn.c).
$(BUILD)/tests/test_bench_insn: tests/unit/test_bench_insn.c \
		$(BUILD)/tests/obj/tools/bench/insn_syms.o $(BUILD)/tests/obj/tools/bench/insn_x86.o
	@mkdir -p $(dir $@)
	$(say) TEST $@
	$(Q)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) $(DEPF) $(HOST_LDFLAGS) -o $@ $^ -lcmocka
