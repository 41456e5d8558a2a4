# Print make bench's table from the results file (awk -f fmt.awk -f
# table.awk RESULTS): process operations, start-up and inspection, each
# figure as "median [min–max]".

# The field f of the result for env, test and size ("" when missing).
function get(env, test, size, f) {
	return R[env, test, size, f]
}

# A cell: the spread of env/test/size, or "-".
function cell(env, test, size) {
	if (get(env, test, size, "median_ns") == "")
		return "-"
	return fmt_spread(get(env, test, size, "median_ns"), get(env, test, size, "min_ns"),
		get(env, test, size, "max_ns"))
}

# One row of the process table; ratio columns compare medians.
function proc_row(label, test, size,    line) {
	line = pad(label, 38) pad(cell("host", test, size), 28) pad(cell("cow", test, size), 28) \
		pad(cell("eager", test, size), 28) \
		pad(fmt_ratio(get("cow", test, size, "median_ns"), get("host", test, size, "median_ns")), 10) \
		(test == "fork" ? fmt_ratio(get("eager", test, size, "median_ns"), get("cow", test, size, "median_ns")) : "")
	sub(/ +$/, "", line)
	print line
}

# A row of test at size under fork=copy (page-table entries copied, not
# the tables shared), with its ratio to the default.
function tablecopy_row(label, test, size,    line) {
	if (get("tablecopy", test, size, "median_ns") == "")
		return
	line = pad("  " label, 38) pad("", 28) \
		pad(cell("tablecopy", test, size), 28) pad("", 28) pad("", 10) \
		"fork=copy/COW " fmt_ratio(get("tablecopy", test, size, "median_ns"), get("cow", test, size, "median_ns"))
	print line
}

# The process-operations section.
function proc_section(    i, n, s) {
	print "1. Process operations: bench_proc (static i386 glibc), median [min–max] per operation"
	printf "%s%s%s%s%s%s\n", pad("operation", 38), pad("host Linux", 28), pad("cowvisor (COW)", 28),
		pad("cowvisor cow=off", 28), pad("COW/host", 10), "cow=off/COW"
	proc_row("getpid, int 0x80 round trip", "getpid", 0)
	proc_row("clock_gettime (glibc: the vDSO)", "clock", 0)
	proc_row("pipe ping-pong, 1-byte round trip", "pipe", 0)
	proc_row("vfork+execve+exit+wait (exit_code)", "exec", 0)
	proc_row("x87 fld1+fstp pair", "x87", 0)
	proc_row("SSE pxor alone, one trap each", "sse", 0)
	proc_row("first touch of a page (demand zero)", "touch", M["cow_mib"])
	proc_row("first write to a COW page, per page", "cow", M["cow_mib"])
	tablecopy_row("the same with fork=copy", "cow", M["cow_mib"])
	n = split(M["sizes"], s, ",")
	for (i = 1; i <= n; i++)
		proc_row("fork+_exit+wait, " s[i] " MiB parent", "fork", s[i])
	for (i = 1; i <= n; i++)
		tablecopy_row("with fork=copy, " s[i] " MiB parent", "fork", s[i])
	for (i = 1; i <= n; i++)
		proc_row("vfork+_exit+wait, " s[i] " MiB parent", "vfork", s[i])
	print "  (cow=off: the guest kernel copies writable pages at fork; its \"first write\" row is a"
	print "   plain write to a page the child already owns. A COW sample writes at least a whole"
	print "   page table's pages (512), so its per-page figure includes the child's copy of"
	print "   the shared table. Samples: n per row in results.json.)"
}

# One row of the x86-64 process table: x86-64 on the host and in cowvisor,
# i386 in cowvisor, and the i386/x86-64 ratio of cowvisor's medians.
function proc64_row(label, test, size,    line) {
	line = pad(label, 38) pad(cell("host64", test, size), 28) pad(cell("cow64", test, size), 28) \
		pad(cell("cow", test, size), 28) \
		fmt_ratio(get("cow", test, size, "median_ns"), get("cow64", test, size, "median_ns"))
	sub(/ +$/, "", line)
	print line
}

# The x86-64 process-operations section (part proc64).
function proc64_section(    i, n, s) {
	print "1b. Process operations as x86-64: bench_proc (static x86-64 glibc) beside i386, median [min–max]"
	printf "%s%s%s%s%s\n", pad("operation", 38), pad("host Linux x86-64", 28), pad("cowvisor x86-64", 28),
		pad("cowvisor i386", 28), "i386/x86-64"
	proc64_row("user loop, 1000 x (add, dec, jnz)", "loop", 0)
	proc64_row("getpid (syscall; i386: int 0x80)", "getpid", 0)
	proc64_row("clock_gettime (glibc: the vDSO)", "clock", 0)
	proc64_row("pipe ping-pong, 1-byte round trip", "pipe", 0)
	proc64_row("vfork+execve+exit+wait (exit_status)", "exec", 0)
	proc64_row("x87 fld1+fstp pair", "x87", 0)
	proc64_row("SSE pxor", "sse", 0)
	proc64_row("first touch of a page (demand zero)", "touch", M["cow_mib"])
	proc64_row("first write to a COW page, per page", "cow", M["cow_mib"])
	n = split(M["sizes"], s, ",")
	for (i = 1; i <= n; i++)
		proc64_row("fork+_exit+wait, " s[i] " MiB parent", "fork", s[i])
	for (i = 1; i <= n; i++)
		proc64_row("vfork+_exit+wait, " s[i] " MiB parent", "vfork", s[i])
	printf "  (user loop in cowvisor: x86-64 %s faster than i386; i386's exec target is\n", \
		fmt_ratio(get("cow", "loop", 0, "median_ns"), get("cow64", "loop", 0, "median_ns"))
	print "   build/user/exit_code, x86-64's tests/progs/exit_status; the i386 column is part proc's)"
}

# One row of the start-up table.
function startup_row(label, env) {
	if (get(env, "startup", 0, "median_ns") == "")
		return
	printf "%s%s%s%s%s\n", pad(label, 48), pad(cell(env, "startup", 0), 30),
		pad(get(env, "startup", 0, "n"), 5), get(env, "startup", 0, "maxrss_kib") " KiB",
		(get(env, "startup", 0, "failed") > 0 ? "  (" get(env, "startup", 0, "failed") \
		" runs failed: see build/bench/raw/startup-" env ".log)" : "")
}

# The start-up section.
function startup_section() {
	print "2. Start-up, end to end, median [min–max]: a trivial program (build/user/exit_code 0);"
	print "   and, in cowvisor, two static glibc programs whose start-up and printf run x87/SSE code"
	printf "%s%s%s%s\n", pad("way", 48), pad("wall time", 30), pad("n", 5), "peak RSS"
	startup_row("host Linux, direct fork+exec", "host")
	startup_row("cowvisor run", "cowvisor")
	startup_row("cowvisor run, glibc hello (tests/progs)", "cowvisor-glibc-hello")
	startup_row("cowvisor run, glibc float (printf of doubles)", "cowvisor-glibc-float")
	startup_row("qemu-system-x86_64 -accel kvm (PVH, SeaBIOS)", "qemu-kvm")
	startup_row("qemu-system-x86_64 -accel tcg (PVH, SeaBIOS)", "qemu-tcg")
	if (M["qemu"] == "missing")
		print "  (QEMU not installed: apt-get install qemu-system-x86)"
	else if (M["qemu_accel_kvm"] == "no")
		print "  (QEMU could not boot with -accel kvm here; -accel tcg was used)"
}

# The inspection section.
function inspect_section(    walk) {
	print "3. Inspection: " I["cowvisor", "procs"] " processes sharing " I["cowvisor", "mib"] \
		" MiB (bench_snap), cowvisor --stats-json"
	printf "  set-up in the guest: touching %s MiB took %s, forking %s children of it %s\n",
		I["cowvisor", "mib"], fmt_time(I["cowvisor", "touch_ms"] * 1e6), I["cowvisor", "procs"] - 1,
		fmt_time(I["cowvisor", "fork_ms"] * 1e6)
	printf "  walked per snapshot: %.0f present user pages, %.0f page-table pages, %.0f shared frames\n",
		I["cowvisor", "rss_pages"], I["cowvisor", "pagetable_pages"], I["cowvisor", "shared_frames"]
	printf "  %s%s\n", pad("cv_snapshot call, timed in the guest", 52), cell("cowvisor", "snapshot", I["cowvisor", "mib"])
	printf "  %s%s\n", pad("same call refused (label too long: no walk)", 52),
		cell("cowvisor", "snapshot_einval", I["cowvisor", "mib"])
	printf "  %s%s\n", pad("time_ns between consecutive snapshots (JSON)", 52),
		cell("cowvisor", "snapshot_json", I["cowvisor", "mib"])
	walk = I["cowvisor", "walk_ns"]
	printf "  %s%s = %.1f million pages/s\n", pad("walk + summary (difference of the medians)", 52),
		fmt_time(walk), I["cowvisor", "pages_per_s"] / 1e6
	printf "  %s%s\n", pad("cowvisor wall time of the whole run", 52), fmt_time(I["cowvisor", "wall_ns"])
	printf "  VMM peak RSS %.0f KiB - guest RAM in use %.0f KiB (peak frames used x 4 KiB) = %.0f KiB of its own\n",
		I["cowvisor", "maxrss_kib"], I["cowvisor", "guest_used_kib"], I["cowvisor", "own_kib"]
	printf "  trivial program: peak RSS %.0f KiB (%.0f KiB with --stats-json); guest RAM in use %.0f KiB;" \
		" own %.0f KiB (%.0f KiB)\n", I["trivial", "maxrss_kib"], I["trivial", "maxrss_stats_kib"],
		I["trivial", "guest_used_kib"], I["trivial", "own_kib"], I["trivial", "own_stats_kib"]
}

# One row of the userland table.
function userland_row(label, test) {
	printf "%s%s%s%s\n", pad(label, 52), pad(cell("host", test, 0), 28), pad(cell("cowvisor", test, 0), 28),
		fmt_ratio(get("cowvisor", test, 0, "median_ns"), get("host", test, 0, "median_ns"))
}

# The userland section: Debian's busybox-static and bash-static.
function userland_section() {
	print "4. Real programs: Debian's static i386 busybox and bash, end to end, median [min–max]"
	if (M["userland"] ~ /^skipped/) {
		print "  (" M["userland"] ")"
		return
	}
	printf "%s%s%s%s\n", pad("command", 52), pad("host Linux", 28), pad("cowvisor run --rootfs", 28), "cowvisor/host"
	userland_row("busybox sh: while loop to 200, echo $x", "loop200")
	userland_row("bash -c true (bash-static)", "bash_true")
}

# A ratio a/b of two instruction counts, or "-".
function insn_ratio(a, b) {
	if (a == "" || b == "" || b <= 0)
		return "-"
	return sprintf(a / b >= 10 ? "%.0f" : a / b >= 0.1 ? "%.2f" : "%.4f", a / b)
}

# One row of the instruction-count table; sfx: "" (i386) or "64" (x86-64).
function insn_row(sfx, label, test, size,    c, l) {
	c = get("insn-cowvisor" sfx, test, size, "kernel")
	l = get("insn-linux" sfx, test, size, "kernel")
	printf "%s%s%s%s%s%s%s\n", pad(label, 30), pad(c == "" ? "-" : c, 12), pad(l == "" ? "-" : l, 12),
		pad(insn_ratio(c, l), 8), pad(get("insn-cowvisor" sfx, test, size, "user"), 8),
		pad(get("insn-linux" sfx, test, size, "user"), 8), get("insn-cowvisor" sfx, test, size, "top")
}

# The instruction-count table of one ABI: sfx "" (i386) or "64" (x86-64).
function insn_table(sfx, title,    i, n, s) {
	print title
	if (M["insn_cowvisor" sfx] ~ /^skipped/)
		print "  (cowvisor: " M["insn_cowvisor" sfx] ")"
	if (M["insn_linux" sfx] ~ /^skipped/)
		print "  (Linux: " M["insn_linux" sfx] ")"
	printf "%s%s%s%s%s%s%s\n", pad("operation", 30), pad("cowvisor", 12), pad("Linux 6.1", 12), pad("cv/Lx", 8),
		pad("cv user", 8), pad("Lx user", 8), "cowvisor's top 3 kernel functions (insns per op)"
	insn_row(sfx, sfx == "" ? "getpid (int 0x80)" : "getpid (syscall)", "getpid", 0)
	insn_row(sfx, sfx == "" ? "getpid (glibc: AT_SYSINFO)" : "getpid (glibc)", "getpid_libc", 0)
	insn_row(sfx, "demand-zero fault", "touch", 0)
	n = split(M["insn_sizes"], s, ",")
	insn_row(sfx, "COW fault (" s[1] " MiB parent)", "cow", s[1])
	for (i = 1; i <= n; i++)
		insn_row(sfx, "fork+exit+wait, " s[i] " MiB", "fork", s[i])
	insn_row(sfx, "vfork+exit+wait", "vfork", 0)
	insn_row(sfx, "vfork+exec+exit+wait", "exec", 0)
	insn_row(sfx, "pipe round trip (1 byte)", "pipe", 0)
	if (M["insn_linux" sfx] ~ /^ok/)
		print "  (Linux: " substr(M["insn_linux" sfx], 5) "; booted nokaslr mitigations=off)"
}

# The instruction-count section: QEMU TCG with the counting plugin, i386
# and (when it ran) x86-64.
function insn_section() {
	insn_table("", "5. Instructions per operation under QEMU TCG (tools/bench/insncount.c plugin), bench_insn;\n" \
		"   kernel instructions (rep string instructions counted once; their iterations in results.json)")
	if (M["insn_cowvisor64"] != "" || M["insn_linux64"] != "") {
		print ""
		insn_table("64", "5b. The same as x86-64 (static glibc bench_insn; exec target glibc64 exit_status)")
	}
}

$1 == "meta" { line = substr($0, 6); eq = index(line, "="); M[substr(line, 1, eq - 1)] = substr(line, eq + 1) }
$1 == "result" {
	parse_kv($0, kv)
	if (kv["part"] == "insn")
		kv["env"] = "insn-" kv["env"]
	for (k in kv)
		R[kv["env"], kv["test"], kv["size_mib"] + 0, k] = kv[k]
}
$1 == "info" && $2 == "part=inspect" {
	parse_kv($0, kv)
	for (k in kv)
		I[kv["env"], k] = kv[k]
}

END {
	printf "cowvisor make bench, %s, commit %s\n", M["date"], M["commit"]
	printf "KVM: %s. Host: %s, %s CPUs, Linux %s%s; load average %s at start, %s at the end.\n",
		M["kvm"], M["cpu"], M["cpus"], M["host_kernel"], M["host_is_vm"] == "yes" ? " (itself a VM)" : "",
		M["load_start"], M["load_end"]
	if (M["kvm"] == "kvm-pvm")
		print "On kvm-pvm the guest kernel and all 32-bit user code run in KVM's instruction emulator\n" \
			"(~1 µs per instruction): guest/host ratios measure that emulator, not cowvisor's design."
	print ""
	if (M["parts"] ~ /proc( |$)/) { proc_section(); print "" }
	if (M["parts"] ~ /proc64/) { proc64_section(); print "" }
	if (M["parts"] ~ /startup/) { startup_section(); print "" }
	if (M["parts"] ~ /inspect/) { inspect_section(); print "" }
	if (M["parts"] ~ /userland/) { userland_section(); print "" }
	if (M["parts"] ~ /insn/) { insn_section(); print "" }
	printf "Durations: %s; total %s s.\n", M["durations"], M["total_s"]
}
