# Shared by the tools/bench scripts (sourced, not run): messages, failing
# loudly, the results file and running a command under runstat.
# Expects BUILD (the build tree), OUT (build/bench) and RESULTS (the
# results file) to be set by run.sh.

# Print a progress message on stderr.
say() {
	printf 'bench: %s\n' "$*" >&2
}

# Print an error on stderr and exit 1: a figure that could not be taken.
die() {
	printf 'bench: error: %s\n' "$*" >&2
	exit 1
}

# Show the last lines of a log file on stderr, for a failure's context.
show_tail() {
	[[ -s "$1" ]] && { printf -- '--- last lines of %s:\n' "$1" >&2; tail -n 15 "$1" >&2; }
	return 0
}

# Append "meta KEY=VALUE" to the results file (VALUE: the rest of the line).
meta() {
	printf 'meta %s=%s\n' "$1" "$2" >>"$RESULTS"
}

# Run "runstat STATFILE COMMAND..." with stdout to OUTFILE and stderr to
# ERRFILE: run_logged OUTFILE ERRFILE STATFILE COMMAND [ARGS...]. Returns the
# command's status.
run_logged() {
	local out=$1 err=$2 stat=$3
	shift 3
	"$BUILD/bench/runstat" "$stat" "$@" >"$out" 2>"$err"
}

# The value of KEY in the last "KEY=VALUE ..." line of FILE.
stat_field() {
	tail -n 1 "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# Copy the "result ..." lines of FILE into the results file with the words
# PREFIX (e.g. "part=proc env=host") after "result"; fail when there are
# none or one reports an error.
import_results() {
	local file=$1 prefix=$2
	grep -q '^result ' "$file" || die "no results in $file"
	sed -n "s/^result /result $prefix /p; s/^info /info $prefix /p" "$file" >>"$RESULTS"
}

# Fail unless the results file has a line for PREFIX and test=TEST
# (and size_mib=SIZE when given).
require_result() {
	local prefix=$1 test=$2 size=${3:-}
	local pat="^result $prefix test=$test "
	[[ -n "$size" ]] && pat+="size_mib=$size "
	grep -q "$pat" "$RESULTS" || die "missing measurement: $prefix test=$test${size:+ size_mib=$size}"
}

# Run a bench_proc build in cowvisor's guest with the kernel words APPEND,
# TARGET added as /bin/NAME for its exec test, and import its results as
# "part=PART env=ENV": bench_proc_guest PART ENV PROG APPEND TARGET TESTS.
bench_proc_guest() {
	local part=$1 env=$2 prog=$3 append=$4 target=$5 tests=$6 raw=$OUT/raw/$1-$2
	local exe=/bin/${target##*/}
	say "$part: cowvisor, ${prog#"$BUILD"/progs/} ($append), sizes $BENCH_SIZES MiB, tests $tests"
	if ! run_logged "$raw.out" "$raw.err" "$raw.stat" \
		"$BUILD/cowvisor" run --mem "$BENCH_MEM" --timeout "$BENCH_TIMEOUT" --append "$append" \
		--add "$target:$exe" "$prog" -t tsc -b "$BENCH_BUDGET_MS" \
		-x "$exe" -s "$BENCH_SIZES" -c "$BENCH_COW_MIB" -T "$tests"; then
		show_tail "$raw.out"
		show_tail "$raw.err"
		die "$part: bench_proc in cowvisor ($env: $append) failed (status $(stat_field status "$raw.stat"))"
	fi
	import_results "$raw.out" "part=$part env=$env"
	meta "${part}_${env}_wall_s" "$(( $(stat_field wall_ns "$raw.stat") / 1000000000 ))"
}
