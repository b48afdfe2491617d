#!/bin/sh
# make bench: every figure smmu-nest measures, then all of them in one table.
#
#   bench/bench_walk      nested walk rate and its ratio to the floor of the
#                         same reads, combined-TLB hit rate, vSTE decisions/s,
#                         prove-vste per policy (1/64 of the space, with the
#                         whole space's wall time estimated from it)
#   scripts/bench-fuzz.sh execs/s of the vste harness and of an empty
#                         harness under AFL++, and their ratio
#   replay                golden-vector cases per second: `smmu-nest replay
#                         vectors` (the model), and the same through the
#                         model adapter (`--dut`), best of 3 runs each
#
# Usage: scripts/bench-table.sh BUILD_DIR   (the CLI, bench and adapters there)
# Figures, not tests: exit status 1 only when a benchmark cannot run.
set -u

build=${1:-build}
cli=$build/smmu-nest
tsv=$(mktemp)
trap 'rm -f "$tsv" "$tsv.out"' EXIT INT TERM

now_ns() { date +%s%N; }

BENCH_TSV=$tsv "$build/bench/bench_walk" || exit 1
echo
BENCH_TSV=$tsv sh scripts/bench-fuzz.sh || exit 1
echo

# Cases per second of a replay: the best of 3 runs.  The count is the
# replay's own "N passed, M failed" line.
replay_rate() {
	label=$1
	shift
	best=0
	for _ in 1 2 3; do
		t0=$(now_ns)
		"$cli" replay --quiet "$@" vectors >"$tsv.out"
		rc=$?
		t1=$(now_ns)
		if [ "$rc" -ne 0 ]; then
			echo "bench: replay $* failed (status $rc)" >&2
			tail -3 "$tsv.out" >&2
			return 1
		fi
		n=$(awk '/ passed, / { print $1 + $3 }' "$tsv.out" | tail -1)
		rate=$(awk -v n="$n" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", n / ((t1 - t0) / 1e9) }')
		best=$(awk -v a="$best" -v b="$rate" 'BEGIN { print (b > a ? b : a) }')
	done
	echo "replay ($label): $n cases, best $best cases/s"
	printf '%s\t%s\t%s\n' "replay, $label" "$best" "cases/s" >>"$tsv"
}
replay_rate "the model" || exit 1
replay_rate "--dut model adapter" --dut="$build/adapters/libsmmu-nest-dut-model.so" || exit 1

echo
echo "smmu-nest bench: every figure ($(uname -m), $(nproc 2>/dev/null || echo '?') cores; best of several runs each)"
awk -F '\t' '
	BEGIN { printf "%-48s %16s  %s\n", "figure", "value", "unit"
		printf "%-48s %16s  %s\n", "------", "-----", "----" }
	{ v = $2 + 0
	  if (v >= 1000) s = sprintf("%.0f", v); else s = sprintf("%.3g", v)
	  printf "%-48s %16s  %s\n", $1, s, $3 }' "$tsv"
