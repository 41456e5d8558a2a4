#!/bin/sh
# The guest system-call fuzzer's runner: `make fuzz-guest SEEDS=N`.
#
# For each seed, boots `cowvisor run --mem 64M --timeout T --stats-json J
# sysfuzz SEED ACTIONS WORKERS` (tests/progs/sysfuzz.c as init; glibc for odd
# seeds, musl for even ones when built) and classifies the run:
#   PANIC        exit 125 with a kernel panic on stderr (saved)
#   VMM-FAIL     exit 125 otherwise, a VMM killed by a signal, or no JSON
#   VM-HANG      exit 124: the whole VM stopped making progress
#   INIT-KILLED  the supervisor (init) was killed by a signal
#   HANG         sysfuzz saw a worker stuck outside any blocking call, or
#                one surviving SIGKILL (exit 1)
#   AUDIT        a snapshot's frame reference audit failed
#   LEAK         more frames used at "end" (all reaped) than at "start"
#   ok           none of these
# Each run's stdout, stderr and JSON stay in $OUT/seed-N.*; a finding prints
# the command that replays the seed. Exit status: 0 when every seed is ok.
#
# Environment: SEEDS (number of seeds, default 4), SEED_FIRST (default 1),
# FUZZ_ACTIONS (per seed, default 1500), FUZZ_WORKERS (default 4),
# FUZZ_TIMEOUT (seconds per run, default 900), FUZZ_DEADLINE (sysfuzz's
# stuck-worker deadline, default 5), FUZZ_APPEND (extra kernel command line
# words, e.g. cow=off), BUILD (default build), OUT (default
# $BUILD/fuzz-guest).
set -u

BUILD=${BUILD:-build}
SEEDS=${SEEDS:-4}
SEED_FIRST=${SEED_FIRST:-1}
ACTIONS=${FUZZ_ACTIONS:-1500}
WORKERS=${FUZZ_WORKERS:-4}
TIMEOUT=${FUZZ_TIMEOUT:-900}
DEADLINE=${FUZZ_DEADLINE:-5}
APPEND=${FUZZ_APPEND:-}
OUT=${OUT:-$BUILD/fuzz-guest}
CV=$BUILD/cowvisor
KERNEL=$BUILD/kernel.elf

mkdir -p "$OUT" || exit 2
[ -x "$CV" ] && [ -f "$KERNEL" ] || { echo "fuzz-guest: build $CV and $KERNEL first" >&2; exit 2; }

# The program for a seed: glibc for odd seeds, musl for even ones if built.
program_for() {
	if [ $(($1 % 2)) -eq 0 ] && [ -x "$BUILD/progs/musl/sysfuzz" ]; then
		echo "$BUILD/progs/musl/sysfuzz"
	else
		echo "$BUILD/progs/glibc/sysfuzz"
	fi
}

# Frames used outside the kernel heap in the snapshot labelled $2 of JSON
# file $1 (the heap may keep what it grew to: nodes of files workers made,
# as tests/integration/stats_doc.c's used_outside_heap counts).
frames_at() {
	awk -v want="\"$2\"" '
		/"label":/ { split($0, a, "\"label\": "); split(a[2], b, ","); label = b[1] }
		/"frames":/ && label == want {
			u = $0; sub(/.*"used": /, "", u); sub(/[,}].*/, "", u)
			h = $0; sub(/.*"kernel_heap": /, "", h); sub(/[,}].*/, "", h)
			print u - h; exit
		}' "$1"
}

# Classify one finished run: prints the class.
classify() {
	status=$1 out=$2 err=$3 json=$4
	case $status in
	125) if grep -aq "panic" "$err"; then echo PANIC; else echo VMM-FAIL; fi; return ;;
	124) echo VM-HANG; return ;;
	esac
	if grep -aq "^cowvisor: init was killed by signal" "$err"; then echo INIT-KILLED; return; fi
	if [ "$status" -gt 128 ]; then echo VMM-FAIL; return; fi
	if [ ! -s "$json" ]; then echo VMM-FAIL; return; fi
	if grep -aq "sysfuzz: HANG" "$out" || [ "$status" -ne 0 ]; then echo HANG; return; fi
	if grep -q '"ok": false' "$json"; then echo AUDIT; return; fi
	start=$(frames_at "$json" start) end=$(frames_at "$json" end)
	if [ -z "$start" ] || [ -z "$end" ]; then echo VMM-FAIL; return; fi
	if [ "$end" -gt "$start" ]; then echo LEAK; return; fi
	echo ok
}

total_actions=0 total_procs=0 total_stuck=0 findings=0 t0=$(date +%s)
classes="PANIC VMM-FAIL VM-HANG INIT-KILLED HANG AUDIT LEAK"
for c in $classes; do eval "count_$(echo $c | tr - _)=0"; done
seed=$SEED_FIRST
last=$((SEED_FIRST + SEEDS - 1))
while [ "$seed" -le "$last" ]; do
	prog=$(program_for "$seed")
	out=$OUT/seed-$seed.out err=$OUT/seed-$seed.err json=$OUT/seed-$seed.json
	rm -f "$json"
	set -- run --kernel "$KERNEL" --mem 64M --timeout "$TIMEOUT" --stats-json "$json"
	[ -n "$APPEND" ] && set -- "$@" --append "$APPEND"
	set -- "$@" "$prog" "$seed" "$ACTIONS" "$WORKERS" "$DEADLINE"
	s0=$(date +%s)
	"$CV" "$@" </dev/null >"$out" 2>"$err"
	status=$?
	secs=$(($(date +%s) - s0))
	class=$(classify "$status" "$out" "$err" "$json")
	summary=$(grep -a "sysfuzz: summary" "$out" | tail -1)
	actions=$(echo "$summary" | sed -n 's/.* actions \([0-9]*\).*/\1/p')
	procs=$(echo "$summary" | sed -n 's/.* processes \([0-9]*\).*/\1/p')
	stuck=$(echo "$summary" | sed -n 's/.* stuck \([0-9]*\).*/\1/p')
	total_actions=$((total_actions + ${actions:-0}))
	total_procs=$((total_procs + ${procs:-0}))
	total_stuck=$((total_stuck + ${stuck:-0}))
	printf 'seed %-6s %-5s %-11s status %-3s %4s s  actions %-6s processes %-5s stuck %s\n' \
		"$seed" "$(basename "$(dirname "$prog")")" "$class" "$status" "$secs" \
		"${actions:--}" "${procs:--}" "${stuck:--}"
	if [ "$class" != ok ]; then
		findings=$((findings + 1))
		v=count_$(echo "$class" | tr - _)
		eval "$v=\$((\$$v + 1))"
		grep -ah "sysfuzz: HANG\|panic\|^cowvisor: " "$err" "$out" 2>/dev/null | head -5 | sed 's/^/    /'
		echo "    replay: $CV $*"
		echo "    one worker: add WORKER GEN from the HANG line after $DEADLINE (and --strace)"
	fi
	seed=$((seed + 1))
done
printf 'fuzz-guest: %s seeds (%s..%s), %s actions, %s processes, %s workers killed as stuck, %s s\n' \
	"$SEEDS" "$SEED_FIRST" "$last" "$total_actions" "$total_procs" "$total_stuck" $(($(date +%s) - t0))
line="fuzz-guest: findings $findings:"
for c in $classes; do v=count_$(echo $c | tr - _); eval "line=\"\$line $c \$$v\""; done
echo "$line"
[ "$findings" -eq 0 ]
