#!/usr/bin/env bash
# Part 4 of make bench: Debian's static i386 busybox and bash (the userland
# test tree, built by `tools/deps.sh userland`), end to end, on the host
# (the same binary run directly) and under `cowvisor run --rootfs TREE`:
#   loop200   busybox sh -c 'x=0; while [ $x -lt 200 ]; do x=$((x+1)); done; echo $x'
#   bash_true bash -c true (bash-static)
# BENCH_USERLAND_REPS timed runs each (default 3) after one warm-up run;
# each must exit 0 and print what the host prints. Without the tree the
# rows are skipped with the reason. Appends "result part=userland
# env=host|cowvisor test=loop200|bash_true ..." lines. Called by run.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

here=$(dirname "$0")
tree=${USERLAND_TREE:-$BUILD/userland/root}
reps=${BENCH_USERLAND_REPS:-3}
loop='x=0; while [ $x -lt 200 ]; do x=$((x+1)); done; echo $x'

if [[ ! -x "$tree/bin/busybox" || ! -x "$tree/bin/bash" ]]; then
	why=$(cat "$tree.skip" 2>/dev/null || echo "run tools/deps.sh userland")
	say "userland: no test tree in $tree: skipped ($why)"
	meta userland "skipped: $why"
	exit 0
fi
meta userland "$tree"

# Time SHELL -c CMD: time_shell ENV TEST SHELL CMD, checking the output
# against the host's (in $OUT/raw/userland-TEST.want).
time_shell() {
	local env=$1 test=$2 shell=$3 cmd=$4 i rc
	local stat=$OUT/raw/userland-$test-$env.stat log=$OUT/raw/userland-$test-$env
	local run=("$tree$shell" -c "$cmd")
	[[ $env == cowvisor ]] && run=("$BUILD/cowvisor" run --rootfs "$tree" --timeout "$BENCH_TIMEOUT" \
		--append quiet --append "init=$shell" -- -c "$cmd")
	rm -f "$stat"
	for ((i = 0; i <= reps; i++)); do
		rc=0
		"$BUILD/bench/runstat" "$stat" "${run[@]}" </dev/null >"$log.out" 2>"$log.err" || rc=$?
		[[ $rc -eq 0 ]] || { show_tail "$log.err"; die "userland: $test on $env: exit status $rc"; }
		[[ $env == host ]] && cp "$log.out" "$OUT/raw/userland-$test.want"
		cmp -s "$log.out" "$OUT/raw/userland-$test.want" ||
			die "userland: $test on $env printed $(head -c 80 "$log.out"), not $(head -c 80 "$OUT/raw/userland-$test.want")"
	done
	fields=$(tail -n +2 "$stat" | sed -n 's/.*wall_ns=\([0-9]*\).*/\1/p' | awk -f "$here/stats.awk")
	echo "result part=userland env=$env test=$test size_mib=0 batch=1 $fields" >>"$RESULTS"
}

for env in host cowvisor; do
	say "userland: busybox sh 200-iteration loop on $env, $reps runs"
	time_shell "$env" loop200 /bin/sh "$loop"
	say "userland: bash -c true on $env, $reps runs"
	time_shell "$env" bash_true /bin/bash true
done
