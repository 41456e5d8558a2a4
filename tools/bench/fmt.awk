# Formatting helpers shared by table.awk and svg.awk (awk -f fmt.awk -f ...).

# A duration in ns as text with a unit (ns, µs, ms, s) and 3 significant digits.
function fmt_time(ns,    v, u) {
	if (ns == "")
		return "-"
	ns += 0
	if (ns < 1000) { v = ns; u = "ns" }
	else if (ns < 1e6) { v = ns / 1e3; u = "µs" }
	else if (ns < 1e9) { v = ns / 1e6; u = "ms" }
	else { v = ns / 1e9; u = "s" }
	return fmt_sig(v) " " u
}

# v with 3 significant digits (no exponent).
function fmt_sig(v) {
	if (v >= 100)
		return sprintf("%.0f", v)
	if (v >= 10)
		return sprintf("%.1f", v)
	if (v >= 1)
		return sprintf("%.2f", v)
	return sprintf("%.3f", v)
}

# "median [min–max]" of a duration, in the median's unit.
function fmt_spread(med, lo, hi,    div, u) {
	if (med == "")
		return "-"
	med += 0
	if (med < 1000) { div = 1; u = "ns" }
	else if (med < 1e6) { div = 1e3; u = "µs" }
	else if (med < 1e9) { div = 1e6; u = "ms" }
	else { div = 1e9; u = "s" }
	return fmt_sig(med / div) " " u " [" fmt_sig(lo / div) "–" fmt_sig(hi / div) "]"
}

# A ratio a/b as "123x" (or "-" when either is missing).
function fmt_ratio(a, b) {
	if (a == "" || b == "" || b + 0 == 0)
		return "-"
	a /= b
	if (a >= 1e5)
		return sprintf("%.1e", a) "x"
	return (a >= 100 ? sprintf("%.0f", a) : a >= 10 ? sprintf("%.1f", a) : sprintf("%.2f", a)) "x"
}

# s padded on the right to w characters (counting a UTF-8 character once).
function pad(s, w,    n) {
	n = w - ulen(s)
	while (n-- > 0)
		s = s " "
	return s
}

# The number of characters in s, UTF-8 continuation bytes not counted.
function ulen(s,    t) {
	t = s
	gsub(/[\200-\277]/, "", t)
	return length(t)
}

# Split the key=value words of line s (after the first word) into kv[].
function parse_kv(s, kv,    n, w, i, eq) {
	split("", kv)
	n = split(s, w, " ")
	for (i = 2; i <= n; i++) {
		eq = index(w[i], "=")
		if (eq > 0)
			kv[substr(w[i], 1, eq - 1)] = substr(w[i], eq + 1)
	}
}
