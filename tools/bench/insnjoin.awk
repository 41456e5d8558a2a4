# Join bench_insn's console ("insnop id=.. test=.. size_mib=.. n=..") with
# the plugin's output ("seg id=.." and "fn id=.." lines, tools/bench/
# insncount.c) into make bench result lines, per operation: the round
# (segment of that id) with the fewest kernel instructions, divided by the
# operations per round, and its top 3 kernel functions:
#   result part=insn env=ENV test=T size_mib=S n=N rounds=R kernel=K user=U
#          kernel_rep_iter=I user_rep_iter=I top=fn:insns,fn:insns,fn:insns
# (per operation, one decimal). Fails when an operation has no segment.
#   awk -v env=ENV -f insnjoin.awk CONSOLE PLUGIN_OUT

# Words key=value of line s into kv.
function kvs(s, kv,    n, w, i, eq) {
	delete kv
	n = split(s, w, " ")
	for (i = 1; i <= n; i++)
		if ((eq = index(w[i], "=")) > 0)
			kv[substr(w[i], 1, eq - 1)] = substr(w[i], eq + 1)
}

# A count per operation, one decimal.
function per(v, n) {
	return sprintf("%.1f", v / n)
}

FNR == NR && $1 == "insnop" { kvs($0, kv); op[kv["id"]] = $0; if (kv["id"] + 0 > maxid) maxid = kv["id"] + 0; next }
$1 == "seg" {
	kvs($0, kv)
	cur = kv["id"]; seq++
	rounds[cur]++
	if (!(cur in best) || kv["kernel"] + 0 < best[cur]) { best[cur] = kv["kernel"] + 0; bestseq[cur] = seq; line[cur] = $0 }
	next
}
$1 == "fn" {
	kvs($0, kv)
	nfn[seq]++
	if (nfn[seq] <= 3) top[seq] = top[seq] (nfn[seq] > 1 ? "," : "") kv["name"] ":" kv["insns"]
}
END {
	for (id = 1; id <= maxid; id++) { # in id order
		if (!(id in op))
			continue
		kvs(op[id], o)
		if (!(id in line)) { print "insnjoin: no segment for " op[id] > "/dev/stderr"; bad = 1; continue }
		kvs(line[id], s)
		n = o["n"]
		t = top[bestseq[id]]
		k = split(t, tp, ",")
		out = ""
		for (i = 1; i <= k; i++) {
			c = index(tp[i], ":")
			out = out (i > 1 ? "," : "") substr(tp[i], 1, c) per(substr(tp[i], c + 1), n)
		}
		printf "result part=insn env=%s test=%s size_mib=%s n=%s rounds=%d kernel=%s user=%s kernel_rep_iter=%s user_rep_iter=%s top=%s\n",
			env, o["test"], o["size_mib"], n, rounds[id], per(s["kernel"], n), per(s["user"], n),
			per(s["kernel_rep_iter"], n), per(s["user_rep_iter"], n), out == "" ? "-" : out
	}
	exit bad
}
