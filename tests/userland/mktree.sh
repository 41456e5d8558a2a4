#!/usr/bin/env bash
# Build the userland test tree from Debian's busybox-static and
# bash-static packages of one architecture, i386 (the default) or amd64
# (downloaded by `tools/deps.sh userland`):
#
#   tests/userland/mktree.sh DEBDIR TREE [ARCH]
#
# TREE gets bin/busybox with every applet linked beside it in /bin (sh
# among them), bin/bash (bash-static), bin/zsh, bin/sash, sbin/e2fsck and
# sbin/ldconfig when their packages are there (see extra below), a small
# shared library for ldconfig and an ext4 image for e2fsck, /tmp, empty /dev and /proc mount
# points, a minimal /etc and /data with small input files. When a package
# is missing, TREE is left without bin/busybox and TREE.skip says why (the
# userland tests then skip with that reason). Nothing here is committed:
# TREE lives in the build directory.
set -euo pipefail

debdir=$1 tree=$2 arch=${3:-i386}
skip="$tree.skip"

# Leave no tree, and the reason the tests are skipped, in TREE.skip.
give_up() {
	rm -rf "$tree"
	echo "$*" >"$skip"
	echo "userland: $*" >&2
	exit 0
}

rm -rf "$tree" "$skip"
for pkg in busybox-static bash-static; do
	debs=("$debdir"/${pkg}_*_"$arch".deb)
	[[ -f "${debs[0]}" ]] || give_up "no ${pkg}:$arch package in $debdir (tools/deps.sh userland downloads it; network or apt registry unavailable?)"
done

mkdir -p "$tree"
x="$tree.x"
rm -rf "$x"
mkdir -p "$x"
for deb in "$debdir"/busybox-static_*_"$arch".deb "$debdir"/bash-static_*_"$arch".deb; do
	dpkg -x "$deb" "$x"
done

mkdir -p "$tree"/{bin,etc,data,dev,proc,root}
install -d -m 1777 "$tree/tmp"
cp "$x/bin/busybox" "$tree/bin/busybox"
cp "$x/bin/bash-static" "$tree/bin/bash"
# mksh's static builds, when its package is there (optional: the tests
# that run them skip without): dietlibc's and klibc's.
mksh_debs=("$debdir"/mksh_*_"$arch".deb)
if [[ -f "${mksh_debs[0]}" ]]; then
	dpkg -x "${mksh_debs[0]}" "$x/mksh"
	cp "$x/mksh/usr/lib/diet/bin/mksh" "$tree/bin/mksh-diet"
	cp "$x/mksh/usr/lib/klibc/bin/mksh" "$tree/bin/mksh-klibc"
fi
# More of Debian's static programs, each when its package is there
# (optional: the matrix entries that run them then fail to find them):
# zsh-static as /bin/zsh, sash, e2fsck-static as /sbin/e2fsck and
# libc-bin's static-pie ldconfig as /sbin/ldconfig.
extra() { # PACKAGE PATH-IN-PACKAGE PATH-IN-TREE
	local debs=("$debdir"/${1}_*_"$arch".deb)
	[[ -f "${debs[0]}" ]] || return 0
	rm -rf "$x/extra"
	dpkg -x "${debs[0]}" "$x/extra"
	mkdir -p "$(dirname "$tree/$3")"
	cp "$x/extra/$2" "$tree/$3"
}
extra zsh-static bin/zsh-static bin/zsh
extra sash bin/sash bin/sash
extra e2fsck-static sbin/e2fsck.static sbin/e2fsck
extra libc-bin sbin/ldconfig sbin/ldconfig
rm -rf "$x"
# Every applet in /bin (PATH is /bin:/usr/bin in the guest and the chroot).
for applet in $("$tree/bin/busybox" --list); do
	[[ -e "$tree/bin/$applet" ]] || ln -s busybox "$tree/bin/$applet"
done
[[ -L "$tree/bin/sh" ]] || give_up "busybox lists no sh applet"

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$tree/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$tree/etc/group"
printf 'cowvisor\n' >"$tree/etc/hostname"

# Input files for the matrix (tests/userland/matrix.txt).
printf 'alpha\nbravo\ncharlie\ndelta\necho\nfoxtrot\ngolf\nhotel\nindia\njuliet\n' >"$tree/data/f"
seq 1 100 >"$tree/data/nums"
printf 'pear 3\napple 10\nfig 7\napple 2\nkiwi 5\npear 1\n' >"$tree/data/fruit"
printf 'name,age,city\nana,31,lisbon\nbo,25,oslo\ncy,47,quito\n' >"$tree/data/people.csv"
printf 'the quick brown fox\njumps over\nthe lazy dog\n' >"$tree/data/text"
printf '#!/bin/sh\necho "script: $0 $# $*"\nexit 7\n' >"$tree/data/script.sh"
chmod 755 "$tree/data/script.sh"
printf '#!/bin/bash\necho "bash script: ${BASH_VERSINFO[0]} $1"\n' >"$tree/data/script.bash"
chmod 755 "$tree/data/script.bash"
mkdir -p "$tree/data/dir/sub"
printf 'one\n' >"$tree/data/dir/a"
printf 'two\n' >"$tree/data/dir/sub/b"
ln -s a "$tree/data/dir/link"
touch -d '2024-01-02 03:04:05 UTC' $(find "$tree/data" "$tree/etc" -not -type l)
# A small shared library of the tree's ABI in /usr/lib/cv, for ldconfig
# (its soname libcv.so.1, the file libcv.so.1.2), when the host has cc.
if command -v cc >/dev/null; then
	mkdir -p "$tree/usr/lib/cv"
	echo 'int cv_answer(void) { return 42; }' >"$x.c"
	cc $([[ $arch == i386 ]] && echo -m32) -shared -fPIC -nostdlib -Wl,-soname,libcv.so.1 \
		-Wl,--build-id=none -o "$tree/usr/lib/cv/libcv.so.1.2" "$x.c" 2>/dev/null ||
		rm -rf "$tree/usr/lib/cv"
	rm -f "$x.c"
fi
# An ext4 image holding /data/dir, for e2fsck (metadata_csum, extents, a
# journal: what busybox's mke2fs cannot make), when the host has mke2fs;
# the same bytes every time (fixed UUID, hash seed and time).
if command -v mke2fs >/dev/null; then
	E2FSPROGS_FAKE_TIME=1704164645 mke2fs -q -t ext4 -F -L e4 -d "$tree/data/dir" \
		-U 01234567-89ab-cdef-0123-456789abcdef -E hash_seed=01234567-89ab-cdef-0123-456789abcdef \
		"$tree/data/ext4.img" 2048 >/dev/null
	touch -d '2024-01-02 03:04:05 UTC' "$tree/data/ext4.img"
fi
echo "userland: $arch test tree in $tree" >&2
