#!/usr/bin/env bash
# Part proc64 of make bench: the process operations of proc.sh as x86-64.
# Runs the x86-64 glibc build of bench_proc on the host (pinned to one CPU)
# and in cowvisor's guest (copy-on-write), exec'ing the x86-64 exit_status
# (musl's when built: the smallest static program), and the user-code loop
# of the i386 build in the guest beside it. Appends "result part=proc64
# env=host64|cow64|cow ..." lines to the results file (env=cow: the i386
# guest, as in part proc). Called by run.sh, which sets BUILD, OUT, RESULTS
# and the BENCH_* settings.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

prog64=$BUILD/progs/glibc64/bench_proc
prog32=$BUILD/progs/glibc/bench_proc
target=$BUILD/progs/musl64/exit_status
[[ -x "$target" ]] || target=$BUILD/progs/glibc64/exit_status
sizes=$BENCH_SIZES
all="getpid,clock,loop,x87,sse,pipe,exec,touch,fork,vfork,cow"

# Run the x86-64 bench_proc natively, on CPU 0 when taskset is there.
host_run() {
	local raw=$OUT/raw/proc64-host pin=()
	command -v taskset >/dev/null && pin=(taskset -c 0)
	say "proc64: host Linux, x86-64 bench_proc, sizes $sizes MiB"
	if ! run_logged "$raw.out" "$raw.err" "$raw.stat" "${pin[@]}" "$prog64" -t mono \
		-b "$BENCH_BUDGET_MS" -x "$target" -s "$sizes" -c "$BENCH_COW_MIB" -T "$all"; then
		show_tail "$raw.err"
		die "proc64: the x86-64 bench_proc on the host failed"
	fi
	import_results "$raw.out" "part=proc64 env=host64"
	meta proc64_host_wall_s "$(( $(stat_field wall_ns "$raw.stat") / 1000000000 ))"
}

host_run
bench_proc_guest proc64 cow64 "$prog64" quiet "$target" "$all"
bench_proc_guest proc64 cow "$prog32" quiet "$target" loop,clock

for env in host64 cow64; do
	for t in getpid clock loop x87 sse pipe exec; do
		require_result "part=proc64 env=$env" "$t"
	done
	for s in ${sizes//,/ }; do
		require_result "part=proc64 env=$env" fork "$s"
		require_result "part=proc64 env=$env" vfork "$s"
	done
	require_result "part=proc64 env=$env" cow "$BENCH_COW_MIB"
done
require_result "part=proc64 env=cow" loop
require_result "part=proc64 env=cow" clock
say "proc64: done"
