# `make bench`: benchmarks of process operations (host Linux against
# cowvisor with and without copy-on-write), VMM start-up (against QEMU and
# host Linux) and inspection; a table on stdout, build/bench/results.json
# and build/bench/fork-latency.svg. See tools/bench/run.sh for the settings
# (BENCH_* variables) and the README's "Performance" section for the method.
# Included from the top-level Makefile; paths are relative to the top.

BENCH_DEPS := $(BUILD)/cowvisor $(BUILD)/kernel.elf $(BUILD)/user/exit_code \
              $(BUILD)/progs/glibc/bench_proc $(BUILD)/progs/glibc/bench_snap \
              $(BUILD)/progs/glibc/hello $(BUILD)/progs/glibc/float \
              $(BUILD)/bench/runstat

.PHONY: bench
bench: deps
	@$(MAKE) --no-print-directory -s $(BENCH_DEPS)
	@tools/bench/run.sh $(BUILD)

$(BUILD)/bench/runstat: tools/bench/runstat.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $<
