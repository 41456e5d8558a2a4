#!/usr/bin/env bash
# Part 1 of make bench: process operations. Runs bench_proc on the host
# (Linux's IA32 emulation, pinned to one CPU like the guest's one vCPU) and
# three times in cowvisor's guest: with copy-on-write (page tables shared at
# fork, the default), with fork=copy (page-table entries copied at fork)
# and with cow=off (eager copies). Appends "result part=proc
# env=host|cow|tablecopy|eager ..." lines to the
# results file. Called by run.sh, which sets BUILD, OUT, RESULTS and the
# BENCH_* settings.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

prog=$BUILD/progs/glibc/bench_proc
target=$BUILD/user/exit_code
sizes=$BENCH_SIZES
largest=${sizes##*,}

# Run bench_proc natively, on CPU 0 when taskset is there.
host_run() {
	local raw=$OUT/raw/proc-host pin=()
	if command -v taskset >/dev/null; then
		pin=(taskset -c 0)
		meta host_pinned cpu0
	else
		say "proc: taskset not found: the host run is not pinned to one CPU"
		meta host_pinned no
	fi
	say "proc: host Linux, sizes $sizes MiB"
	if ! run_logged "$raw.out" "$raw.err" "$raw.stat" "${pin[@]}" "$prog" -t mono \
		-b "$BENCH_BUDGET_MS" -x "$target" -s "$sizes" -c "$BENCH_COW_MIB"; then
		show_tail "$raw.err"
		die "proc: bench_proc on the host failed (can this kernel run i386 programs? CONFIG_IA32_EMULATION)"
	fi
	import_results "$raw.out" "part=proc env=host"
	meta proc_host_wall_s "$(( $(stat_field wall_ns "$raw.stat") / 1000000000 ))"
}

host_run
bench_proc_guest proc cow "$prog" quiet "$target" "getpid,clock,x87,sse,pipe,exec,touch,fork,vfork,cow"
bench_proc_guest proc tablecopy "$prog" "quiet fork=copy" "$target" "fork,cow"
bench_proc_guest proc eager "$prog" "quiet cow=off" "$target" "touch,fork,cow"

for env in host cow; do
	for t in getpid clock x87 sse pipe exec; do
		require_result "part=proc env=$env" "$t"
	done
done
for env in host cow eager; do
	for s in ${sizes//,/ }; do
		require_result "part=proc env=$env" fork "$s"
	done
	require_result "part=proc env=$env" cow "$BENCH_COW_MIB"
done
for s in ${sizes//,/ }; do
	require_result "part=proc env=tablecopy" fork "$s"
done
for env in host cow; do
	for s in ${sizes//,/ }; do
		require_result "part=proc env=$env" vfork "$s"
	done
done
say "proc: done (largest parent $largest MiB)"
