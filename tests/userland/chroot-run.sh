#!/bin/sh
# Run a command of the userland matrix on the host, as the reference:
#
#   tests/userland/chroot-run.sh TREE SHELL ARGS...
#
# runs SHELL ARGS... chrooted into a fresh writable copy of TREE (an
# overlay whose upper layer is a tmpfs, so nothing is written to TREE),
# with /proc mounted and /dev bound from the host, in new mount and PID
# namespaces: SHELL is PID 1 there, as init is in the guest. The
# environment is exactly the one cowvisor's kernel gives init. Needs root.
set -e
tree=$(cd "$1" && pwd) shell=$2
shift 2
# A fresh empty directory for the namespace's tmpfs: never an ancestor of
# TREE, wherever the checkout is (a tmpfs over all of /tmp would hide a
# TREE under /tmp).
w=$(mktemp -d "${TMPDIR:-/tmp}/cowvisor-ref.XXXXXX")
trap 'rmdir "$w"' EXIT
unshare --mount --pid --fork --propagation private /bin/sh -c '
	set -e
	w=$1 tree=$2 shell=$3
	shift 3
	mount -t tmpfs -o mode=755 cowvisor-ref "$w"
	mkdir "$w/up" "$w/work" "$w/root"
	mount -t overlay -o "lowerdir=$tree,upperdir=$w/up,workdir=$w/work" overlay "$w/root"
	mount -t proc proc "$w/root/proc"
	mount --rbind /dev "$w/root/dev"
	mount -t tmpfs -o mode=1777 tmp "$w/root/tmp"
	exec env -i PATH=/bin:/usr/bin HOME=/ TERM=dumb "$(command -v chroot)" "$w/root" "$shell" "$@"
' chroot-run "$w" "$tree" "$shell" "$@"
