#!/usr/bin/env bash
# Part 5 of make bench: instructions per process operation, cowvisor's
# kernel against Linux 6.1's, counted exactly under QEMU TCG by the
# project's plugin (build/bench/insncount.so, tools/bench/insncount.c).
# Boots bench_insn (tests/progs/bench_insn.c) as /init of an initrd (with
# an exec target as /bin/exit_code), first the i386 build (target
# build/user/exit_code), then the x86-64 one (target glibc64 exit_status),
# on build/kernel.elf and on Debian's linux-image-*-cloud-amd64 (vmlinuz from
# the .deb that `tools/deps.sh linux` keeps in ~/.cache/cowvisor/debs),
# with -icount shift=0 (guest time follows the instruction count, so the
# plugin's own slowness brings no extra timer interrupts). Linux boots
# with nokaslr mitigations=off (cowvisor's kernel has neither). Appends
# "result part=insn env=cowvisor|linux|cowvisor64|linux64 test=.. size_mib=.. n=.. kernel=..
# user=.. kernel_rep_iter=.. top=fn:insns,.." lines (per operation, the
# round with the fewest kernel instructions). QEMU, a working plugin or
# the Linux package missing: that kernel's figures are skipped with the
# reason (meta insn_*), never a failure.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

here=$(dirname "$0")
plugin=$BUILD/bench/insncount.so
raw=$OUT/raw/insn
sizes=${BENCH_INSN_SIZES:-$BENCH_SIZES}
mem=${BENCH_INSN_MEM:-768M}
deb_cache=${COWVISOR_DEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cowvisor/debs}

# Record why a kernel's figures are missing: skip ENV REASON.
skip() {
	say "insn: $1 skipped: $2"
	meta "insn_$1" "skipped: $2"
}

# The initrd of one ABI: make_initrd BENCH_INSN EXIT_TARGET puts the
# bench program at /init and the exec target at /bin/exit_code.
make_initrd() {
	rm -rf "$raw/root" && mkdir -p "$raw/root/bin"
	cp "$1" "$raw/root/init"
	cp "$2" "$raw/root/bin/exit_code"
	(cd "$raw/root" && find . | cpio -o -H newc --quiet) >"$raw/initrd.cpio"
}

# Boot a kernel under TCG with the plugin: boot ENV KERNEL SYMS APPEND...
# (SYMS: an nm-style file, or "" for none). Output in $raw/ENV.{out,log}.
boot() {
	local env=$1 kernel=$2 syms=$3 rc=0
	shift 3
	"$BUILD/bench/runstat" "$raw/$env.stat" timeout "$BENCH_TIMEOUT" qemu-system-x86_64 \
		-accel tcg -icount shift=0 -smp 1 -m "$mem" -nodefaults -no-user-config -display none \
		-serial stdio -no-reboot -device isa-debug-exit,iobase=0x501,iosize=4 \
		-kernel "$kernel" -initrd "$raw/initrd.cpio" -append "$*" \
		-plugin "$plugin,out=$raw/$env.out${syms:+,syms=$syms}" </dev/null >"$raw/$env.log" 2>&1 || rc=$?
	tr -d '\r' <"$raw/$env.log" >"$raw/$env.console"
	grep -q '^insn done' "$raw/$env.console" || { say "insn: $env: QEMU status $rc"; show_tail "$raw/$env.console"; return 1; }
}

# Turn a boot's plugin output and console into result lines.
import() {
	local env=$1
	awk -v env="$env" -f "$here/insnjoin.awk" "$raw/$env.console" "$raw/$env.out" >"$raw/$env.results" ||
		die "insn: $env: could not read the counts (see $raw/$env.out)"
	cat "$raw/$env.results" >>"$RESULTS"
}

# Linux's vmlinuz from the cached .deb, unpacked under $raw/linux; prints
# its path, or nothing when the package is not there.
linux_kernel() {
	local deb
	deb=$(compgen -G "$deb_cache/linux-image-*-cloud-amd64_*_amd64.deb" | sort -V | tail -n 1) || return 0
	[[ -n "$deb" ]] || return 0
	rm -rf "$raw/linux" && mkdir -p "$raw/linux"
	dpkg-deb -x "$deb" "$raw/linux" && compgen -G "$raw/linux/boot/vmlinuz-*" | head -n 1
	meta insn_linux_package "$(basename "$deb")"
}

mkdir -p "$raw"
if ! command -v qemu-system-x86_64 >/dev/null; then
	for env in cowvisor linux cowvisor64 linux64; do
		skip "$env" "qemu-system-x86_64 is not installed (tools/deps.sh qemu)"
	done
	exit 0
fi
# Both kernels for one ABI: run_abi SUFFIX BENCH_INSN EXIT_TARGET (SUFFIX ""
# for i386, "64" for x86-64: envs cowvisorSUFFIX and linuxSUFFIX).
run_abi() {
	local sfx=$1 abi=${1:+x86-64}
	abi=${abi:-i386}
	make_initrd "$2" "$3"
	say "insn: $abi bench_insn on cowvisor's kernel under QEMU TCG with the counting plugin, fork sizes $sizes MiB"
	if boot "cowvisor$sfx" "$BUILD/kernel.elf" "$raw/kernel.syms" quiet -- -s "$sizes"; then
		import "cowvisor$sfx"
		meta "insn_cowvisor$sfx" "ok"
	else
		skip "cowvisor$sfx" "QEMU with the plugin did not run bench_insn to the end (see $raw/cowvisor$sfx.console)"
	fi
	if [[ -z "$vmlinuz" ]]; then
		skip "linux$sfx" "no linux-image-*-cloud-amd64 .deb in $deb_cache (tools/deps.sh linux)"
		return 0
	fi
	say "insn: $abi bench_insn on Linux ($(basename "$vmlinuz")) under QEMU TCG with the counting plugin"
	if boot "linux$sfx" "$vmlinuz" "" console=ttyS0 quiet panic=-1 nokaslr mitigations=off -- -s "$sizes"; then
		import "linux$sfx"
		meta "insn_linux$sfx" "ok: kernel totals only (Debian's System.map is a stub; symbols are in the -dbg package)"
	else
		skip "linux$sfx" "QEMU did not run bench_insn to the end on Linux (see $raw/linux$sfx.console)"
	fi
}

nm -n "$BUILD/kernel.elf" >"$raw/kernel.syms"
meta insn_sizes "$sizes"
vmlinuz=$(linux_kernel)
run_abi "" "$BUILD/progs/glibc/bench_insn" "$BUILD/user/exit_code"
run_abi 64 "$BUILD/progs/glibc64/bench_insn" "$BUILD/progs/glibc64/exit_status"
