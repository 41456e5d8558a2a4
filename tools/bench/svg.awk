# Draw fork latency against parent size as a plain SVG (awk -f fmt.awk -f
# svg.awk RESULTS > fork-latency.svg): fork+_exit+wait on host Linux, in
# cowvisor with copy-on-write and with cow=off, and vfork+_exit+wait on
# both; log-log axes, a dot at each median with a min–max bar. Below it,
# when make bench's insn part ran, the kernel instructions per fork.

# The x pixel of a size in MiB (log scale over the measured sizes).
function xpx(mib) {
	return L + (log(mib) - log(xmin)) / (xmax == xmin ? 1 : log(xmax) - log(xmin)) * PW
}

# The y pixel of a time in ns (log scale, whole decades).
function ypx(ns) {
	return T + PH - (log(ns) / log(10) - dlo) / (dhi - dlo) * PH
}

# The label of 10^d ns: 1 ns, 10 ns, 100 ns, 1 µs, ...
function decade(d,    u) {
	u = d < 3 ? "ns" : d < 6 ? "µs" : d < 9 ? "ms" : "s"
	if (d >= 9)
		return (10 ^ (d - 9)) " s"
	return (10 ^ (d % 3)) " " u
}

# Text escaped for XML.
function xml(s) {
	gsub(/&/, "\\&amp;", s)
	gsub(/</, "\\&lt;", s)
	return s
}

# A vertical min–max bar at x from y1 to y2, with caps.
function bar(x, y1, y2, color) {
	printf "<path d=\"M%.1f %.1f V%.1f M%.1f %.1f H%.1f M%.1f %.1f H%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
		x, y1, y2, x - 4, y1, x + 4, x - 4, y2, x + 4, color
}

# Draw one series: its line, dots, bars and legend entry number k.
function series(env, test, label, color, dash, k,    i, x, y, path, ly) {
	path = ""
	for (i = 1; i <= ns; i++) {
		if (R[env, test, S[i], "median_ns"] == "")
			continue
		x = xpx(S[i])
		y = ypx(R[env, test, S[i], "median_ns"])
		path = path (path == "" ? "M" : " L") sprintf("%.1f %.1f", x, y)
		bar(x, ypx(R[env, test, S[i], "min_ns"]), ypx(R[env, test, S[i], "max_ns"]), color)
		printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>\n", x, y, color
	}
	if (path == "")
		return
	printf "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n", path, color,
		dash ? " stroke-dasharray=\"6 4\"" : ""
	ly = T + 10 + k * 22
	printf "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
		L + PW + 20, L + PW + 50, ly, ly, color, dash ? " stroke-dasharray=\"6 4\"" : ""
	printf "<text x=\"%d\" y=\"%d\">%s</text>\n", L + PW + 58, ly + 4, xml(label)
}

# Below the plot: kernel instructions per fork+exit+wait under QEMU TCG
# (make bench's insn part), cowvisor against Linux, per parent size.
function insn_lines(y,    i, n, sz, c, l, ratio) {
	n = split(M["insn_sizes"], sz, ",")
	if (n == 0)
		return
	printf "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Kernel instructions per fork+_exit+wait (QEMU TCG, counted exactly)</text>\n", L, y
	for (i = 1; i <= n; i++) {
		c = INSN["cowvisor", sz[i] + 0]; l = INSN["linux", sz[i] + 0]
		ratio = (c != "" && l != "" && l + 0 != 0) ? sprintf(" (ratio %.2f)", c / l) : ""
		printf "<text x=\"%d\" y=\"%d\">%s MiB: cowvisor %s, Linux 6.1 %s%s</text>\n", L, y + 16 * i, sz[i],
			c == "" ? "-" : sprintf("%.0f", c), l == "" ? "-" : sprintf("%.0f", l), ratio
	}
}

# Widen the y range to cover the value v (ns).
function cover(v) {
	if (v == "" || v <= 0)
		return
	v = log(v) / log(10)
	if (!have++) lo = hi = v
	if (v < lo) lo = v
	if (v > hi) hi = v
}

$1 == "meta" { line = substr($0, 6); eq = index(line, "="); M[substr(line, 1, eq - 1)] = substr(line, eq + 1) }
$1 == "result" && / part=insn / && / test=fork / {
	parse_kv($0, kv)
	INSN[kv["env"], kv["size_mib"] + 0] = kv["kernel"]
	next
}
$1 == "result" && / test=(fork|vfork) / {
	parse_kv($0, kv)
	for (k in kv)
		R[kv["env"], kv["test"], kv["size_mib"] + 0, k] = kv[k]
	cover(kv["min_ns"])
	cover(kv["max_ns"])
}

END {
	L = 90; T = 60; PW = 520; PH = 380
	ns = split(M["sizes"], S, ",")
	if (ns == 0 || !have) {
		print "svg.awk: no fork results" > "/dev/stderr"
		exit 1
	}
	xmin = S[1]; xmax = S[ns]
	dlo = int(lo); if (dlo > lo) dlo--
	dhi = int(hi); if (dhi < hi) dhi++
	if (dhi == dlo) dhi++
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n",
		L + PW + 290, T + PH + 70 + (M["insn_sizes"] != "" ? 40 + 16 * ns : 0)
	printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
	printf "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">Fork latency against parent size (%s)</text>\n",
		L, xml(M["kvm"])
	printf "<text x=\"%d\" y=\"42\">median of repeated runs, bars min–max; %s; %s</text>\n", L,
		M["kvm"] == "kvm-pvm" ? "guest code emulated by kvm-pvm (~1 µs/instruction)" : "hardware KVM", xml(M["date"])
	for (d = dlo; d <= dhi; d++) {
		y = ypx(10 ^ d)
		printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L, L + PW, y, y
		printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 6, y + 4, decade(d)
	}
	for (i = 1; i <= ns; i++) {
		x = xpx(S[i])
		printf "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>\n", x, x, T, T + PH
		printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s MiB</text>\n", x, T + PH + 18, S[i]
	}
	printf "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>\n", L, T, PW, PH
	printf "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">touched memory of the parent</text>\n", L + PW / 2, T + PH + 42
	printf "<text transform=\"translate(20 %d) rotate(-90)\" text-anchor=\"middle\">time per fork (or vfork) + _exit + wait</text>\n", T + PH / 2
	series("eager", "fork", "cowvisor fork, cow=off", "#d62728", 0, 0)
	series("tablecopy", "fork", "cowvisor fork, fork=copy", "#ff7f0e", 0, 5)
	series("cow", "fork", "cowvisor fork (COW)", "#1f77b4", 0, 1)
	series("cow", "vfork", "cowvisor vfork", "#1f77b4", 1, 2)
	series("host", "fork", "host Linux fork", "#2ca02c", 0, 3)
	series("host", "vfork", "host Linux vfork", "#2ca02c", 1, 4)
	insn_lines(T + PH + 80)
	print "</svg>"
}
