#!/usr/bin/env bash
# Part 2 of make bench: start-up, end to end, of a trivial program
# (build/user/exit_code 0: cvlibc, exits at once): run directly on the host,
# with `cowvisor run`, and with QEMU booting the same kernel.elf and an
# initrd holding the same program as /init (PVH boot; the kernel powers
# QEMU off through isa-debug-exit, so QEMU exits with (0 << 1) | 1 = 1).
# One warm-up run each, then the timed ones; a QEMU boot that ends with the
# wrong status is reported, counted and retried. Also `cowvisor run` of the
# glibc programs hello and float (start-up with x87/SSE code). Appends
# "result part=startup env=host|cowvisor|cowvisor-glibc-hello|
# cowvisor-glibc-float|qemu-kvm|qemu-tcg test=startup ..." lines. Called by
# run.sh, which sets BUILD, OUT, RESULTS and the BENCH_* settings.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

prog=$BUILD/user/exit_code
here=$(dirname "$0")

# Time a command: time_runs ENV REPS STATUS TOLERATE COMMAND... runs it once
# to warm up and REPS times more, each expected to exit with STATUS, and
# appends the result line. A run with another status ends it (returns 1,
# after saying why) unless TOLERATE is "yes": then it is logged, counted
# (failed=N on the result line) and run again, up to REPS failures.
time_runs() {
	local env=$1 reps=$2 want=$3 tolerate=$4 ok=0 failed=0 rc fields rss
	local stat=$OUT/raw/startup-$env.stat log=$OUT/raw/startup-$env.log
	shift 4
	rm -f "$stat" "$log" "$stat.all"
	while ((ok <= reps)); do
		rc=0
		"$BUILD/bench/runstat" "$stat.all" "$@" </dev/null >"$log.last" 2>&1 || rc=$?
		cat "$log.last" >>"$log"
		if [[ $rc -eq $want ]]; then
			tail -n 1 "$stat.all" >>"$stat"
			ok=$((ok + 1))
			continue
		fi
		failed=$((failed + 1))
		say "startup: $env: exit status $rc, expected $want: $*"
		show_tail "$log.last"
		[[ $tolerate == yes && $failed -lt $reps ]] || return 1
	done
	fields=$(tail -n +2 "$stat" | sed -n 's/.*wall_ns=\([0-9]*\).*/\1/p' | awk -f "$here/stats.awk")
	rss=$(tail -n +2 "$stat" | sed -n 's/.*maxrss_kib=\([0-9]*\).*/\1/p' | sort -n | tail -n 1)
	echo "result part=startup env=$env test=startup size_mib=0 batch=1 $fields maxrss_kib=$rss failed=$failed" >>"$RESULTS"
}

# The initrd QEMU boots: the program as /init, in a newc cpio archive.
make_initrd() {
	local dir=$OUT/raw/initrd
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$prog" "$dir/init"
	(cd "$dir" && echo init | cpio -o -H newc --quiet) >"$OUT/raw/startup.cpio" ||
		die "startup: cpio failed (GNU cpio: tools/deps.sh installs it)"
}

# Time QEMU with one accelerator: qemu_runs ACCEL REPS.
qemu_runs() {
	time_runs "qemu-$1" "$2" 1 yes qemu-system-x86_64 -accel "$1" -m 128M \
		-kernel "$BUILD/kernel.elf" -initrd "$OUT/raw/startup.cpio" -append "quiet -- 0" \
		-nographic -no-reboot -device isa-debug-exit,iobase=0x501,iosize=4
}

say "startup: host Linux, ${BENCH_STARTUP_REPS} runs"
time_runs host "$BENCH_STARTUP_REPS" 0 no "$prog" 0 || die "startup: the program failed on the host"
say "startup: cowvisor run, ${BENCH_STARTUP_REPS} runs"
time_runs cowvisor "$BENCH_STARTUP_REPS" 0 no "$BUILD/cowvisor" run --append quiet "$prog" 0 ||
	die "startup: cowvisor run failed"

# Start-up of real glibc programs, whose libc start-up and printf run x87
# and SSE code (on kvm-pvm through the kernel's FPU trampoline): hello, and
# float (printf of doubles).
for p in hello:42 float:0; do # program:its exit status
	say "startup: cowvisor run glibc ${p%:*}, ${BENCH_STARTUP_REPS} runs"
	time_runs "cowvisor-glibc-${p%:*}" "$BENCH_STARTUP_REPS" "${p#*:}" no "$BUILD/cowvisor" run \
		--append quiet "$BUILD/progs/glibc/${p%:*}" || die "startup: cowvisor run of glibc ${p%:*} failed"
done

if ! command -v qemu-system-x86_64 >/dev/null; then
	say "startup: qemu-system-x86_64 is not installed: no QEMU comparison (apt-get install qemu-system-x86)"
	meta qemu missing
	exit 0
fi
meta qemu "$(qemu-system-x86_64 --version | head -n 1 | sed 's/.*version \([^ ]*\).*/\1/')"
make_initrd
said_kvm=no
say "startup: qemu-system-x86_64 -accel kvm, ${BENCH_QEMU_KVM_REPS} runs"
if qemu_runs kvm "$BENCH_QEMU_KVM_REPS"; then
	said_kvm=yes
else
	say "startup: qemu -accel kvm failed on this host; trying -accel tcg"
fi
meta qemu_accel_kvm "$said_kvm"
say "startup: qemu-system-x86_64 -accel tcg, ${BENCH_STARTUP_REPS} runs"
if qemu_runs tcg "$BENCH_STARTUP_REPS"; then
	meta qemu_accel_tcg yes
else
	meta qemu_accel_tcg no
	[[ $said_kvm == yes ]] || die "startup: QEMU is installed but boots the kernel with neither -accel kvm nor -accel tcg"
fi
