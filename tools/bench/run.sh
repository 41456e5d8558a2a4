#!/usr/bin/env bash
# make bench: measure cowvisor against host Linux and QEMU, print a table,
# write build/bench/results.json and build/bench/fork-latency.svg.
#
#   tools/bench/run.sh [BUILD]        (BUILD: the build tree, default build)
#
# Parts (BENCH_PARTS, default "proc proc64 startup inspect userland insn"):
# proc.sh (process operations), proc64.sh (the same as x86-64, beside i386's
# user-code loop), startup.sh (VMM start-up), inspect.sh (walking a
# guest with many processes), userland.sh (Debian's busybox and bash),
# insn.sh (instructions per operation under QEMU TCG, cowvisor's kernel
# against Linux 6.1's; skipped with the reason without QEMU or the package).
# Settings, from the environment:
#   BENCH_SIZES        parent sizes in MiB for fork/vfork (1,16,64,256)
#   BENCH_COW_MIB      the size at which first COW writes are timed (16)
#   BENCH_MEM          guest RAM for bench_proc (768M: cow=off at 256 MiB
#                      holds the parent and its copy)
#   BENCH_BUDGET_MS    time per figure; each gets 3 to 21 samples (1000)
#   BENCH_SNAP         "MiB PROCS SNAPSHOTS" for inspect (64 64 5)
#   BENCH_SNAP_MEM     guest RAM for inspect (512M)
#   BENCH_STARTUP_REPS timed start-ups each for host, cowvisor, QEMU tcg (10)
#   BENCH_QEMU_KVM_REPS timed start-ups for QEMU -accel kvm (3: slow on kvm-pvm)
#   BENCH_TIMEOUT      cowvisor --timeout for each guest run, seconds (600)
#   BENCH_USERLAND_REPS timed runs of each busybox/bash command (3)
#   BENCH_INSN_SIZES   parent sizes in MiB for insn's fork counts (BENCH_SIZES)
#   BENCH_INSN_MEM     QEMU guest RAM for insn (768M)
# Any measurement that cannot be taken ends the run with status 1.
set -euo pipefail

BUILD=${1:-build}
OUT=$BUILD/bench
RESULTS=$OUT/results.txt
export BUILD OUT RESULTS
export BENCH_SIZES=${BENCH_SIZES:-1,16,64,256}
export BENCH_COW_MIB=${BENCH_COW_MIB:-16}
export BENCH_MEM=${BENCH_MEM:-768M}
export BENCH_BUDGET_MS=${BENCH_BUDGET_MS:-1000}
export BENCH_SNAP=${BENCH_SNAP:-64 64 5}
export BENCH_SNAP_MEM=${BENCH_SNAP_MEM:-512M}
export BENCH_STARTUP_REPS=${BENCH_STARTUP_REPS:-10}
export BENCH_QEMU_KVM_REPS=${BENCH_QEMU_KVM_REPS:-3}
export BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
parts=${BENCH_PARTS:-proc proc64 startup inspect userland insn}
here=$(dirname "$0")
source "$here/lib.sh"

# Which KVM this is: kvm-pvm, kvm_intel, kvm_amd, unknown, or none
# (no /dev/kvm: only the insn part can run).
kvm_kind() {
	if [[ ! -e /dev/kvm ]]; then echo "none (no /dev/kvm)"
	elif [[ -d /sys/module/kvm_pvm ]]; then echo kvm-pvm
	elif [[ -d /sys/module/kvm_intel ]]; then echo kvm_intel
	elif [[ -d /sys/module/kvm_amd ]]; then echo kvm_amd
	else echo unknown
	fi
}

# Record what this machine is and how the run is set up.
write_meta() {
	meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
	meta commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo +dirty)"
	meta kvm "$(kvm_kind)"
	meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	meta cpus "$(nproc)"
	meta host_kernel "$(uname -r)"
	meta host_is_vm "$(grep -qw hypervisor /proc/cpuinfo && echo yes || echo no)"
	meta load_start "$(cut -d ' ' -f 1-3 /proc/loadavg)"
	meta sizes "$BENCH_SIZES"
	meta cow_mib "$BENCH_COW_MIB"
	meta guest_mem "$BENCH_MEM"
	meta budget_ms "$BENCH_BUDGET_MS"
	meta snap "$BENCH_SNAP"
	meta parts "$parts"
}

# insn boots under QEMU TCG only; every other part runs guests on KVM.
if [[ " $parts " != " insn " && ! ( -r /dev/kvm && -w /dev/kvm ) ]]; then
	die "/dev/kvm is missing or not usable by $(id -un): nothing in the guest can be measured (BENCH_PARTS=insn needs only QEMU)"
fi
[[ ",$BENCH_SIZES," == *",$BENCH_COW_MIB,"* ]] || die "BENCH_COW_MIB=$BENCH_COW_MIB is not one of BENCH_SIZES=$BENCH_SIZES"
rm -rf "$OUT/raw" "$RESULTS" "$OUT/results.json" "$OUT/fork-latency.svg" "$OUT/table.txt"
mkdir -p "$OUT/raw"
write_meta
say "KVM: $(kvm_kind); results in $OUT"

start=$SECONDS
durations=""
for part in $parts; do
	[[ -x "$here/$part.sh" ]] || die "no such part: $part"
	t=$SECONDS
	"$here/$part.sh"
	durations+="${durations:+, }$part $((SECONDS - t)) s"
done
meta load_end "$(cut -d ' ' -f 1-3 /proc/loadavg)"
meta durations "$durations"
meta total_s "$((SECONDS - start))"

awk -f "$here/json.awk" "$RESULTS" >"$OUT/results.json"
if [[ " $parts " == *" proc "* ]]; then
	LC_ALL=C awk -f "$here/fmt.awk" -f "$here/svg.awk" "$RESULTS" >"$OUT/fork-latency.svg" ||
		die "could not draw $OUT/fork-latency.svg"
fi
LC_ALL=C awk -f "$here/fmt.awk" -f "$here/table.awk" "$RESULTS" | tee "$OUT/table.txt"
say "wrote $OUT/results.json, $OUT/fork-latency.svg, $OUT/table.txt (raw outputs in $OUT/raw)"
