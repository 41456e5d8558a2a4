#!/usr/bin/env bash
# Regenerate the committed seed corpora in tests/fuzz/corpus/ (after
# `make` and `make user`, which build build/libcowvisor.a, build/kernel.elf
# and build/user/): the generated inputs of gen_corpus.c, the start of the
# stripped kernel, a stripped cvlibc program, and archives from GNU cpio
# with symlinks and a hard link.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf "$out"
mkdir -p "$out"/{kernel_loader,initrd,guest_cpio,inspect,json,strace,elf}
cc -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror -o "$tmp/gen" tests/fuzz/gen_corpus.c \
	build/libcowvisor.a -lelf
"$tmp/gen" "$tmp" "$out"

# The real kernel's headers and first pages: its segments run past the end.
strip -o "$tmp/kernel.elf" build/kernel.elf
head -c 6144 "$tmp/kernel.elf" >"$out/kernel_loader/kernel-head.elf"

# A static i386 program (cvlibc's hello), whole and cut short.
strip -o "$out/elf/hello_cv" build/user/hello_cv
head -c 600 "$out/elf/hello_cv" >"$out/elf/hello_cv-head"

# GNU cpio: directories first, a symlink, a hard link pair, ./ names.
mkdir -p "$tmp/root/bin" "$tmp/root/etc"
printf 'hello\n' >"$tmp/root/bin/prog"
ln -s prog "$tmp/root/bin/link"
ln -s /etc/missing "$tmp/root/etc/dangling"
ln "$tmp/root/bin/prog" "$tmp/root/bin/hard"
(cd "$tmp/root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc) >"$tmp/gnu.cpio"
(cd "$tmp/root" && find bin | LC_ALL=C sort | cpio --quiet -o -H newc) >"$tmp/gnu-bin.cpio"
for f in gnu.cpio gnu-bin.cpio; do
	cp "$tmp/$f" "$out/initrd/$f"
	cp "$tmp/$f" "$out/guest_cpio/$f"
done
du -sh "$out"
