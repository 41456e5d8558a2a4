# Write make bench's results file as JSON (schema cowvisor-bench/1):
#   { "schema": "cowvisor-bench/1", "meta": { KEY: VALUE, ... },
#     "results": [ { "part": .., "env": .., "test": .., "size_mib": N,
#                    "n": N, "batch": N, "median_ns": N, "q1_ns": N,
#                    "q3_ns": N, "min_ns": N, "max_ns": N, ... }, ... ],
#     "info": [ { "part": .., "env": .., KEY: VALUE, ... }, ... ] }
# Values that look like numbers are written as numbers, others as strings.

# v as a JSON value.
function jval(v) {
	if (v ~ /^-?[0-9]+(\.[0-9]+)?$/)
		return v
	gsub(/\\/, "\\\\", v)
	gsub(/"/, "\\\"", v)
	return "\"" v "\""
}

# The key=value words of line s (after its first word) as a JSON object.
function jobject(s,    n, w, i, eq, out) {
	n = split(s, w, " ")
	out = "{ "
	for (i = 2; i <= n; i++) {
		eq = index(w[i], "=")
		if (eq == 0)
			continue
		out = out (out == "{ " ? "" : ", ") jval(substr(w[i], 1, eq - 1)) ": " jval(substr(w[i], eq + 1))
	}
	return out " }"
}

$1 == "meta" {
	line = substr($0, 6)
	eq = index(line, "=")
	meta = meta (meta == "" ? "" : ",\n    ") jval(substr(line, 1, eq - 1)) ": " jval(substr(line, eq + 1))
}
$1 == "result" { results = results (results == "" ? "" : ",\n    ") jobject($0) }
$1 == "info" { info = info (info == "" ? "" : ",\n    ") jobject($0) }

END {
	print "{ \"schema\": \"cowvisor-bench/1\","
	print "  \"meta\": {\n    " meta " },"
	print "  \"results\": [\n    " results " ],"
	print "  \"info\": [\n    " info " ] }"
}
