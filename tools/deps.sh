#!/usr/bin/env bash
# Make sure the Debian packages cowvisor builds and tests with are present:
# installs the missing ones when run as root, otherwise prints the one
# apt-get line to run and fails. With --optional first, the packages are
# ones only some tests use (they skip, saying so, without them): when they
# cannot be installed, deps.sh prints the line and succeeds.
#
# The x86-64 programs need gcc's own glibc (libc6-dev) and musl-tools,
# whose musl-gcc wrapper builds against musl's amd64 libc.a (musl-dev).
# The i386 programs need gcc -m32 with the 32-bit glibc and libgcc
# (gcc-12-multilib) and musl-dev:i386, which brings musl's i386 libc.a, its
# gcc specs file and the /usr/bin/i386-linux-musl-gcc wrapper over
# gcc-i686-linux-gnu; it needs the i386 architecture added to dpkg. The
# gcc-multilib package itself conflicts with gcc-i686-linux-gnu (installing
# either removes the other); all it adds is the /usr/include/asm link, which
# tests/progs/progs.mk does without. GNU cpio makes test archives for --initrd.
set -euo pipefail

packages=(gcc make libc6-dev libelf-dev libcmocka-dev gcc-12-multilib musl-dev:i386 musl-tools cpio)
# Optional groups, asked for by name: `tools/deps.sh fuzz` (make fuzz: clang
# and its libFuzzer runtime), `tools/deps.sh qemu` (make test-qemu, make bench),
# `tools/deps.sh core` (gdb and elfutils' eu-readelf: the --core-dir tests
# open the cores with them, and skip those checks without them),
# `tools/deps.sh browser` (the HTML report's test opens it in headless Chromium),
# `tools/deps.sh go` (a Go program's goroutines on the kernel's threads),
# `tools/deps.sh userland` (the real-program tests: Debian's busybox-static,
# bash-static, mksh (its static dietlibc and klibc builds), zsh-static,
# sash, e2fsck-static and libc-bin (its static-pie ldconfig) for i386 and
# amd64, downloaded, not installed; see
# fetch_debs), `tools/deps.sh linux` (make bench's instruction counts:
# Debian's current linux-image-*-cloud-amd64 kernel, downloaded, not
# installed; fetch_linux).
userland=0
linux=0
optional=0
if [[ ${1:-} == --optional ]]; then
	optional=1
	shift
fi
for group in "$@"; do
	case $group in
	fuzz) packages+=(clang libclang-rt-14-dev) ;;
	qemu) packages+=(qemu-system-x86) ;;
	core) packages+=(gdb elfutils) ;;
	browser) packages+=(chromium) ;;
	userland) userland=1 ;;
	linux) linux=1 ;;
	go) packages+=(golang-go) ;;
	*) echo "deps.sh: unknown group '$group' (known: fuzz, qemu, core, browser, userland, linux, go)" >&2; exit 2 ;;
	esac
done

# The packages the userland tests run, for each ABI, fetched as .deb files.
userland_debs=(busybox-static:i386 bash-static:i386 busybox-static:amd64 bash-static:amd64
	mksh:i386 mksh:amd64 zsh-static:i386 zsh-static:amd64 sash:i386 sash:amd64
	e2fsck-static:i386 e2fsck-static:amd64 libc-bin:i386 libc-bin:amd64)
# Where they are kept: a cache outside the git tree, never committed.
userland_cache=${COWVISOR_DEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cowvisor/debs}

# Download the userland .deb files into the cache (fetch_debs) and, when
# USERLAND_TREE (i386) or USERLAND_TREE64 (amd64) is set (by make), build
# that test tree there from them.
userland_step() {
	local mktree
	mktree="$(dirname "$0")/../tests/userland/mktree.sh"
	fetch_debs
	[[ -z "${USERLAND_TREE:-}" ]] || "$mktree" "$userland_cache" "$USERLAND_TREE" i386
	[[ -z "${USERLAND_TREE64:-}" ]] || "$mktree" "$userland_cache" "$USERLAND_TREE64" amd64
}

# Download the userland .deb files into the cache unless they are there.
# Never fails: without network or registry the tests skip with the reason
# tests/userland/mktree.sh records.
fetch_debs() {
	local want=() d name
	for d in "${userland_debs[@]}"; do
		name=${d%%:*}
		compgen -G "$userland_cache/${name}_*_${d##*:}.deb" >/dev/null || want+=("$d")
	done
	[[ ${#want[@]} -eq 0 ]] && return 0
	mkdir -p "$userland_cache"
	# No candidate for the package: the lists are missing (or lack i386).
	if ! apt-cache show "${want[0]}" >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
		dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
		apt-get update -qq >&2 || echo "deps.sh: apt-get update reported errors" >&2
	fi
	echo "deps.sh: downloading ${want[*]} into $userland_cache" >&2
	# (apt's warning that root downloads unsandboxed is dropped: expected)
	(cd "$userland_cache" && apt-get download -qq "${want[@]}" 2>&1) | { grep -v '^W: Download is performed unsandboxed' >&2 || true; }
	[[ ${PIPESTATUS[0]} -eq 0 ]] ||
		echo "deps.sh: could not download ${want[*]}: the userland tests will be skipped" >&2
	return 0
}

# Download the current Debian cloud kernel package (the one the
# linux-image-cloud-amd64 metapackage depends on) into the cache unless a
# linux-image-*-cloud-amd64 .deb is there. Never fails: without it make
# bench's insn part skips Linux, saying so.
fetch_linux() {
	local pkg
	compgen -G "$userland_cache/linux-image-*-cloud-amd64_*_amd64.deb" >/dev/null && return 0
	if ! apt-cache show linux-image-cloud-amd64 >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
		apt-get update -qq >&2 || echo "deps.sh: apt-get update reported errors" >&2
	fi
	pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*-cloud-amd64\)$/\1/p' | head -n 1)
	if [[ -z "$pkg" ]]; then
		echo "deps.sh: no linux-image-cloud-amd64 in the package lists: make bench skips Linux" >&2
		return 0
	fi
	mkdir -p "$userland_cache"
	echo "deps.sh: downloading $pkg into $userland_cache" >&2
	(cd "$userland_cache" && apt-get download -qq "$pkg" 2>&1) | { grep -v '^W: Download is performed unsandboxed' >&2 || true; }
	[[ ${PIPESTATUS[0]} -eq 0 ]] || echo "deps.sh: could not download $pkg: make bench skips Linux" >&2
	return 0
}
[[ $linux -eq 1 ]] && fetch_linux

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
	[[ $userland -eq 1 ]] && userland_step
	exit 0
fi

# Packages named PKG:i386 need the i386 architecture in dpkg.
need_i386=0
if [[ " ${missing[*]}" == *":i386"* ]] && ! dpkg --print-foreign-architectures | grep -qx i386; then
	need_i386=1
fi

if [[ $(id -u) -ne 0 && $optional -eq 1 ]]; then
	echo "deps.sh: not installed: ${missing[*]} (the tests that use them are skipped); as root:" >&2
	echo "  apt-get install -y ${missing[*]}" >&2
	exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
	echo "cowvisor needs these Debian packages: ${missing[*]}" >&2
	echo "install them with:" >&2
	if [[ $need_i386 -eq 1 ]]; then
		echo "  sudo dpkg --add-architecture i386 && sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
	else
		echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
	fi
	exit 1
fi

if [[ $need_i386 -eq 1 ]]; then
	echo "deps.sh: adding the i386 architecture" >&2
	dpkg --add-architecture i386
fi
echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A mirror caught mid-sync fails one index but leaves the rest usable.
apt-get update -qq || echo "deps.sh: apt-get update reported errors; trying the install anyway" >&2
if ! apt-get install -y -qq "${missing[@]}" >&2; then
	[[ $optional -eq 1 ]] || exit 1
	echo "deps.sh: could not install ${missing[*]}: the tests that use them are skipped" >&2
fi
[[ $userland -eq 1 ]] && userland_step
exit 0
