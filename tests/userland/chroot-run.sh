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
exec unshare --mount --pid --fork --propagation private /bin/sh -c '
	set -e
	tree=$1 shell=$2
	shift 2
	w=/tmp # the host /tmp, hidden by a tmpfs in this mount namespace only
	mount -t tmpfs -o mode=755 cowvisor-ref "$w"
	mkdir "$w/up" "$w/work" "$w/root"
	mount -t overlay -o "lowerdir=$tree,upperdir=$w/up,workdir=$w/work" overlay "$w/root"
	mount -t proc proc "$w/root/proc"
	mount --rbind /dev "$w/root/dev"
	mount -t tmpfs -o mode=1777 tmp "$w/root/tmp"
	exec env -i PATH=/bin:/usr/bin HOME=/ TERM=dumb "$(command -v chroot)" "$w/root" "$shell" "$@"
' chroot-run "$tree" "$shell" "$@"
