#!/usr/bin/env bash
# Run cmocka test binaries one after another, show their output, and close
# with one line of totals: "N passed, N failed, N skipped". Exits non-zero
# when any test failed or a binary crashed.
set -u

passed=0 failed=0 skipped=0 broken=()

for bin in "$@"; do
	out=$(mktemp)
	"$bin" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9][0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
	rm -f "$out"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	if [[ $rc -ne 0 && $f -eq 0 ]]; then
		broken+=("$(basename "$bin") (exit status $rc)")
		failed=$((failed + 1))
	fi
done

echo
for b in "${broken[@]+"${broken[@]}"}"; do
	echo "test binary failed without a cmocka summary: $b"
done
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
