#!/usr/bin/env bash
# Part 3 of make bench: inspection. Runs bench_snap (BENCH_SNAP = "MiB PROCS
# SNAPSHOTS": PROCS processes sharing MiB of touched memory) under cowvisor
# --stats-json and derives the time and pages per second of one walk and
# summary, and the VMM's peak RSS beyond the guest RAM in use; the same RSS
# figures for a trivial program with and without --stats-json. Appends
# "result part=inspect ..." and "info part=inspect ..." lines. Called by
# run.sh, which sets BUILD, OUT, RESULTS and the BENCH_* settings.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

here=$(dirname "$0")
read -r mib procs snaps <<<"$BENCH_SNAP"
raw=$OUT/raw/inspect

# The field KEY of the result line for test TEST in FILE.
result_field() {
	sed -n "s/^result test=$2 .*[ ]$1=\([0-9.]*\).*/\1/p" "$3"
}

# Peak RSS (KiB) and frames in use at the end of a trivial run:
# trivial_run NAME [COWVISOR OPTIONS...]; prints "MAXRSS USED" (USED empty
# without --stats-json).
trivial_run() {
	local name=$1 r=$OUT/raw/inspect-$1
	shift
	rm -f "$r.stat"
	run_logged "$r.out" "$r.err" "$r.stat" "$BUILD/cowvisor" run --append quiet "$@" \
		"$BUILD/user/exit_code" 0 || { show_tail "$r.err"; die "inspect: trivial run ($name) failed"; }
	stat_field maxrss_kib "$r.stat"
}

say "inspect: $procs processes sharing $mib MiB, $snaps snapshots (cowvisor --stats-json)"
rm -f "$raw.stat"
if ! run_logged "$raw.out" "$raw.err" "$raw.stat" "$BUILD/cowvisor" run --append quiet \
	--mem "$BENCH_SNAP_MEM" --timeout "$BENCH_TIMEOUT" --stats-json "$raw.json" \
	"$BUILD/progs/glibc/bench_snap" "$mib" "$procs" "$snaps"; then
	show_tail "$raw.out"
	show_tail "$raw.err"
	die "inspect: bench_snap under cowvisor failed (status $(stat_field status "$raw.stat"))"
fi
import_results "$raw.out" "part=inspect env=cowvisor"
awk -f "$here/snapjson.awk" "$raw.json" >"$raw.snaps"
guest=$(grep -c ' trigger=guest ' "$raw.snaps" || true)
[[ $guest -eq $snaps ]] || die "inspect: $guest guest snapshots in $raw.json, expected $snaps"
grep ' trigger=guest ' "$raw.snaps" | grep -q -v " procs=$procs " &&
	die "inspect: a snapshot does not show all $procs processes ($raw.snaps)"
grep -q ' audit=false' "$raw.snaps" && say "inspect: warning: a snapshot's audit failed ($raw.json)"

# Consecutive guest snapshots' time_ns differences: a walk plus the guest's
# return and its next system call.
deltas=$(grep ' trigger=guest ' "$raw.snaps" | sed 's/.*time_ns=\([0-9]*\).*/\1/' |
	awk 'NR > 1 { print $1 - prev } { prev = $1 }')
if [[ -n "$deltas" ]]; then
	echo "result part=inspect env=cowvisor test=snapshot_json size_mib=$mib batch=1" \
		"$(awk -f "$here/stats.awk" <<<"$deltas")" >>"$RESULTS"
fi

snap_ns=$(result_field median_ns snapshot "$raw.out")
einval_ns=$(result_field median_ns snapshot_einval "$raw.out")
first=$(grep -m 1 ' trigger=guest ' "$raw.snaps")
pages=$(sed 's/.*rss_pages=\([0-9]*\).*/\1/' <<<"$first")
ptpages=$(sed 's/.*pagetable_pages=\([0-9]*\).*/\1/' <<<"$first")
shared=$(sed 's/.*shared_frames=\([0-9]*\).*/\1/' <<<"$first")
used=$(sed 's/.* used=\([0-9]*\).*/\1/' "$raw.snaps" | sort -n | tail -n 1)
maxrss=$(stat_field maxrss_kib "$raw.stat")
wall_ns=$(stat_field wall_ns "$raw.stat")
awk -v s="$snap_ns" -v e="$einval_ns" -v p="$pages" -v pt="$ptpages" -v sh="$shared" \
	-v u="$used" -v rss="$maxrss" -v w="$wall_ns" -v procs="$procs" -v mib="$mib" 'BEGIN {
	walk = s - e
	if (walk <= 0) walk = s
	printf "info part=inspect env=cowvisor procs=%.0f mib=%.0f rss_pages=%.0f pagetable_pages=%.0f shared_frames=%.0f",
		procs, mib, p, pt, sh
	printf " walk_ns=%.0f pages_per_s=%.0f wall_ns=%.0f maxrss_kib=%.0f guest_used_kib=%.0f own_kib=%.0f\n",
		walk, p / (walk / 1e9), w, rss, u * 4, rss - u * 4
}' >>"$RESULTS"

say "inspect: RSS of a trivial run with and without --stats-json"
rss_plain=$(trivial_run plain)
rss_stats=$(trivial_run stats --stats-json "$OUT/raw/inspect-trivial.json")
used_trivial=$(awk -f "$here/snapjson.awk" "$OUT/raw/inspect-trivial.json" |
	sed 's/.* used=\([0-9]*\).*/\1/' | sort -n | tail -n 1)
echo "info part=inspect env=trivial maxrss_kib=$rss_plain maxrss_stats_kib=$rss_stats" \
	"guest_used_kib=$((used_trivial * 4)) own_kib=$((rss_plain - used_trivial * 4))" \
	"own_stats_kib=$((rss_stats - used_trivial * 4))" >>"$RESULTS"
for t in snapshot snapshot_einval snapshot_json; do
	require_result "part=inspect env=cowvisor" "$t"
done
