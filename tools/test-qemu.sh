#!/usr/bin/env bash
# A second opinion from an exact CPU: run the kernel and test programs under
# QEMU's software emulation (TCG: int 0x80 through the IDT gate, x87/SSE
# executed directly, no kvm-pvm quirks) and compare each program's output
# and exit status with the same run under cowvisor, each program as i386
# (build/progs/glibc) and as x86-64 (build/progs/glibc64). Skipped, with
# the reason, where qemu-system-x86_64 is missing. TEST_QEMU_BUILDS picks
# the builds (default "glibc glibc64").
set -euo pipefail

build=${BUILD:-build}
cowvisor=$build/cowvisor
kernel=$build/kernel.elf
programs=(hello forkseed float signals cowwrite zombies vforktest badptr hostile mm_linux waitflags zombie_init)
builds=(${TEST_QEMU_BUILDS:-glibc glibc64})
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "test-qemu: skipped: qemu-system-x86_64 is not installed (Debian: qemu-system-x86)"
	exit 0
fi

# Pack program $1 of build $3 as /init (and its forkseed as /bin/forkseed
# for vforktest) into $2.
pack() {
	local root=$work/root
	rm -rf "$root" && mkdir -p "$root/bin"
	cp "$build/progs/$3/$1" "$root/init"
	cp "$build/progs/$3/forkseed" "$root/bin/forkseed"
	(cd "$root" && find . | cpio -o -H newc --quiet) > "$2"
}

# Run program $1 with the kernel arguments $2 under QEMU; prints its output,
# returns its exit status.
run_qemu() {
	local status=0
	timeout 600 qemu-system-x86_64 -accel tcg -m 128M -nodefaults -no-user-config \
		-display none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0x501,iosize=4 \
		-kernel "$kernel" -initrd "$work/$1.cpio" -append "quiet $2" \
		> "$work/$1.qemu.raw" 2>/dev/null || status=$?
	tr -d '\r' < "$work/$1.qemu.raw" | sed '/cowvisor kernel: /d' > "$work/$1.qemu"
	# isa-debug-exit makes QEMU exit with (status << 1) | 1
	return $(( status >> 1 ))
}

passed=0 failed=0
for b in "${builds[@]}"; do
	for p in "${programs[@]}"; do
		args="-- a b"
		[[ $p == vforktest ]] && args="-- /bin/forkseed"
		[[ $p == hostile || $p == mm_linux ]] && args=""
		[[ $p == zombie_init ]] && args="-- ign"
		n=$b-$p
		pack "$p" "$work/$n.cpio" "$b"
		qstatus=0 cstatus=0
		run_qemu "$n" "$args" || qstatus=$?
		# shellcheck disable=SC2086
		"$cowvisor" run --kernel "$kernel" --initrd "$work/$n.cpio" --append quiet $args \
			> "$work/$n.cowvisor" 2>/dev/null || cstatus=$?
		if [[ $qstatus -eq $cstatus ]] && cmp -s "$work/$n.qemu" "$work/$n.cowvisor"; then
			echo "test-qemu: $b/$p: same output and status ($cstatus) under QEMU and cowvisor"
			passed=$((passed + 1))
		else
			echo "test-qemu: $b/$p: DIFFERENT (QEMU status $qstatus, cowvisor status $cstatus)"
			diff "$work/$n.qemu" "$work/$n.cowvisor" | head -20 || true
			failed=$((failed + 1))
		fi
	done
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
