# Read cowvisor's --stats-json output (schema cowvisor-stats/1, one
# snapshot header, frames, sharing, audit and process object per line, as
# cowvisor writes it) and print one line per snapshot:
#   snap seq=N trigger=T time_ns=N used=N procs=N rss_pages=N
#        pagetable_pages=N shared_frames=N audit=true|false

# The value after "key": on line s (a number, true/false or a string
# without its quotes), or "" when the key is not there.
function field(s, key,    i, v) {
	i = index(s, "\"" key "\": ")
	if (i == 0)
		return ""
	v = substr(s, i + length(key) + 4)
	if (substr(v, 1, 1) == "\"") {
		v = substr(v, 2)
		return substr(v, 1, index(v, "\"") - 1)
	}
	match(v, /^[^,} ]*/)
	return substr(v, 1, RLENGTH)
}

# Print the snapshot gathered so far, if any.
function flush() {
	if (seq == "")
		return
	printf "snap seq=%s trigger=%s time_ns=%s used=%s procs=%d rss_pages=%.0f pagetable_pages=%.0f shared_frames=%s audit=%s\n",
		seq, trigger, time_ns, used, procs, rss, pt, shared, audit
	seq = ""
}

/"seq": / {
	flush()
	seq = field($0, "seq"); trigger = field($0, "trigger"); time_ns = field($0, "time_ns")
	used = ""; shared = ""; audit = ""; procs = 0; rss = 0; pt = 0
}
/"frames": / { used = field($0, "used") }
/"shared_frames": / { shared = field($0, "shared_frames") }
/"audit": / { audit = field($0, "ok") }
/"rss_pages": / { procs++; rss += field($0, "rss_pages"); pt += field($0, "pagetable_pages") }
END { flush() }
