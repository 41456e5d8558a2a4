#!/usr/bin/env bash
# Run libFuzzer targets one after another for SECONDS each:
#   tests/fuzz/run.sh SECONDS build/fuzz/fuzz_X ...
# Each starts from its seeds in tests/fuzz/corpus/X/ if any (read only) and keeps
# what it finds in BUILD/fuzz/corpus/X/, with its log in BUILD/fuzz/X.log
# and any crashing input as BUILD/fuzz/crash-X-*. Prints one line per
# target with the executions run; exits non-zero when any target found a
# crash, a leak, a timeout or ran out of memory.
set -u

seconds=$1
shift
failed=()

for bin in "$@"; do
	name=$(basename "$bin")
	short=${name#fuzz_}
	dir=$(dirname "$bin")
	work=$dir/corpus/$short
	seeds=tests/fuzz/corpus/$short
	log=$dir/$short.log
	mkdir -p "$work"
	dict=() seed_dirs=()
	[[ -d $seeds ]] && seed_dirs=("$seeds") # a target may have no committed seeds
	[[ -f tests/fuzz/$short.dict ]] && dict=(-dict="tests/fuzz/$short.dict")
	"$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=180 -print_final_stats=1 \
		-artifact_prefix="$dir/crash-$short-" "${dict[@]+"${dict[@]}"}" "$work" "${seed_dirs[@]+"${seed_dirs[@]}"}" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [[ $rc -eq 0 ]]; then
		printf '  %-14s ok: %s executions in %s s\n' "$short" "${execs:-?}" "$seconds"
	else
		printf '  %-14s FAILED (exit status %d) after %s executions; see %s\n' \
			"$short" "$rc" "${execs:-?}" "$log"
		grep -m 3 -E 'ERROR: |runtime error|^fuzz_|Test unit written' "$log" | sed 's/^/      /'
		failed+=("$short")
	fi
done

if [[ ${#failed[@]} -ne 0 ]]; then
	echo "fuzz: findings in ${failed[*]}"
	exit 1
fi
echo "fuzz: no findings"
