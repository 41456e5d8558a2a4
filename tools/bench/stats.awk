# Summarise numbers (one per line, e.g. wall times in ns) as the fields of
# a result line: n=N median_ns=.. q1_ns=.. q3_ns=.. min_ns=.. max_ns=..
# Quartiles are interpolated linearly, as bench_proc does.

# Sort v[1..n] in place (insertion sort: n is small).
function sort_values(v, n,    i, j, x) {
	for (i = 2; i <= n; i++) {
		x = v[i]
		for (j = i - 1; j >= 1 && v[j] > x; j--)
			v[j + 1] = v[j]
		v[j + 1] = x
	}
}

# The q-quantile of sorted v[1..n].
function quantile(v, n, q,    pos, i) {
	pos = 1 + q * (n - 1)
	i = int(pos)
	if (i >= n)
		return v[n]
	return v[i] + (pos - i) * (v[i + 1] - v[i])
}

NF > 0 { v[++n] = $1 + 0 }

END {
	if (n == 0)
		exit 1
	sort_values(v, n)
	printf "n=%d median_ns=%.0f q1_ns=%.0f q3_ns=%.0f min_ns=%.0f max_ns=%.0f\n",
		n, quantile(v, n, 0.5), quantile(v, n, 0.25), quantile(v, n, 0.75), v[1], v[n]
}
