#!/bin/sh
# make bench (fuzz part): execs/s of the vste harness under AFL++ and, in the
# same run and with identical settings, of the empty harness (fuzz/empty.c);
# their ratio is what the model costs against the fuzzer's own floor.
#
# Usage: scripts/bench-fuzz.sh [options]
#   --seconds=N   fuzzing time of each harness in each round (default 10)
#   --rounds=N    rounds (default 3): vste, empty, vste, empty, ...; the best
#                 execs/s of each harness is reported, as bench_walk reports
#                 the best of its runs, so that load from elsewhere on the
#                 machine (which hurts the fork server most) counts least
#   --vste=BIN    the AFL++ build of the vste harness (default
#                 build-fuzz/afl/vste; if missing, `fuzz/afl.sh build` makes it)
#   --empty=BIN   the AFL++ build of fuzz/empty.c (default: built into OUT by
#                 the same compiler, flags and driver as fuzz/afl.sh builds)
#   --seeds=DIR   the inputs both harnesses start from (default the first of
#                 build-fuzz/corpus/vste, fuzz/corpus/vste, fuzz/seeds/vste;
#                 else one zero byte); DIR.dict, if present, is given to both
#   --out=DIR     work directory (default build-fuzz/bench)
#   --no-build    never build anything: skip when a harness binary is missing
#
# The harnesses run one after the other (never at the same time), each for
# --seconds under `afl-fuzz -V`, with the same seeds, dictionary,
# environment and options as fuzz/afl.sh uses (-t 2000 -m none, AFL_NO_UI,
# AFL_SKIP_CPUFREQ, AFL_NO_AFFINITY, AFL_FAST_CAL, one instance); execs/s is
# afl-fuzz's own execs_per_sec from fuzzer_stats.
# Exit status: 0 measured, or skipped with a message saying why (AFL++ or
# the harness missing); 1 afl-fuzz failed; 2 usage error.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2

seconds=10
rounds=3
vste=
empty=
seeds=
out=
do_build=1

for arg in "$@"; do
	case $arg in
	--seconds=*) seconds=${arg#*=} ;;
	--rounds=*) rounds=${arg#*=} ;;
	--vste=*) vste=${arg#*=} ;;
	--empty=*) empty=${arg#*=} ;;
	--seeds=*) seeds=${arg#*=} ;;
	--out=*) out=${arg#*=} ;;
	--no-build) do_build=0 ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench-fuzz: unknown argument $arg (see --help)" >&2; exit 2 ;;
	esac
done
case $seconds in
''|*[!0-9]*|0) echo "bench-fuzz: --seconds takes a whole number >= 1" >&2; exit 2 ;;
esac
case $rounds in
''|*[!0-9]*|0) echo "bench-fuzz: --rounds takes a whole number >= 1" >&2; exit 2 ;;
esac
[ -n "$out" ] || out="build-fuzz/bench"

skip() {
	echo "bench-fuzz: skipped: $*"
	exit 0
}

command -v afl-fuzz >/dev/null 2>&1 || skip "afl-fuzz not found (apt-get install afl++)"

if [ -z "$vste" ]; then
	vste="build-fuzz/afl/vste"
	if [ ! -x "$vste" ]; then
		[ -f fuzz/vste.c ] || skip "no vste harness: fuzz/vste.c does not exist"
		[ "$do_build" -eq 1 ] || skip "$vste is not built (and --no-build)"
		[ -f fuzz/afl.sh ] || skip "$vste is not built and fuzz/afl.sh is missing; pass --vste=BIN"
		command -v afl-clang-fast >/dev/null 2>&1 ||
			skip "afl-clang-fast not found: cannot build $vste"
		echo "bench-fuzz: building the AFL++ harnesses (fuzz/afl.sh build build-fuzz/afl)"
		sh fuzz/afl.sh build build-fuzz/afl >/dev/null ||
			skip "could not build $vste; build it and pass --vste=BIN"
	fi
fi
[ -x "$vste" ] || skip "vste harness $vste is missing or not executable"

mkdir -p "$out" || exit 1
if [ -z "$empty" ]; then
	empty=$out/empty
	if [ ! -x "$empty" ] || [ -n "$(find fuzz/empty.c -newer "$empty")" ]; then
		[ "$do_build" -eq 1 ] || skip "$empty is not built (and --no-build)"
		command -v afl-clang-fast >/dev/null 2>&1 ||
			skip "afl-clang-fast not found: cannot build the empty harness"
		# What fuzz/afl.sh build gives fuzz/build.sh: the same flags and driver.
		driver=/usr/lib/afl/libAFLDriver.a
		[ -f "$driver" ] || driver=-fsanitize=fuzzer
		# shellcheck disable=SC2086
		AFL_QUIET=1 afl-clang-fast -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -g \
			-Iinclude -O2 -fno-omit-frame-pointer fuzz/empty.c $driver -o "$empty" ||
			skip "could not build $empty; pass --empty=BIN"
	fi
fi
[ -x "$empty" ] || skip "empty harness $empty is missing or not executable"

if [ -z "$seeds" ]; then
	for d in build-fuzz/corpus/vste fuzz/corpus/vste fuzz/seeds/vste; do
		if [ -d "$d" ]; then
			seeds=$d
			break
		fi
	done
fi
if [ -z "$seeds" ]; then
	seeds=$out/seeds
	mkdir -p "$seeds"
	printf '\0' >"$seeds/zero"
fi
[ -d "$seeds" ] || { echo "bench-fuzz: --seeds: $seeds is not a directory" >&2; exit 2; }
nseeds=$(find "$seeds" -type f | wc -l | tr -d ' ')
dict=
[ -f "$seeds.dict" ] && dict="-x $seeds.dict"

# <name> <binary>: fuzz for $seconds; prints execs_per_sec.
run() {
	dir=$out/$1.out
	rm -rf "$dir"
	# shellcheck disable=SC2086
	AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
	AFL_FAST_CAL=1 AFL_QUIET=1 \
		timeout $((seconds + 300)) afl-fuzz -i "$seeds" -o "$dir" -t 2000 -m none \
		-V "$seconds" $dict -- "$2" >"$out/$1.log" 2>&1
	rc=$?
	stats=$dir/default/fuzzer_stats
	if [ ! -f "$stats" ]; then
		echo "bench-fuzz: afl-fuzz on $2 failed (status $rc); the end of $out/$1.log:" >&2
		tail -n 15 "$out/$1.log" >&2
		return 1
	fi
	sed -n 's/^execs_per_sec *: *//p' "$stats"
}

# The larger of two rates.
best() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? a : b }'
}

version=$(afl-fuzz -h 2>&1 | sed -n 's/.*afl-fuzz\([+0-9.a-z]*\).*/\1/p' | head -n 1)
echo "bench-fuzz: AFL++ ${version:-?}, $rounds rounds of $seconds s per harness, alternating," \
	"same settings (afl-fuzz -V $seconds -t 2000 -m none${dict:+ $dict}), seeds $seeds ($nseeds inputs)"
vste_rate=0
empty_rate=0
r=1
while [ "$r" -le "$rounds" ]; do
	v=$(run vste "$vste") || exit 1
	e=$(run empty "$empty") || exit 1
	echo "  round $r: vste $v /s, empty $e /s"
	vste_rate=$(best "$vste_rate" "$v")
	empty_rate=$(best "$empty_rate" "$e")
	r=$((r + 1))
done
awk -v v="$vste_rate" -v e="$empty_rate" -v vb="$vste" -v eb="$empty" -v n="$rounds" 'BEGIN {
	printf "%-48s %12.0f /s\n", "vste harness (" vb "), best of " n, v
	printf "%-48s %12.0f /s\n", "empty harness (" eb "), best of " n, e
	if (v > 0 && e > 0)
		printf "%-48s %12.3f    (an exec of the model costs %.2fx the fuzzer'"'"'s own floor)\n",
		       "vste / empty", v / e, e / v
}'
# BENCH_TSV=FILE (make bench): the figures for scripts/bench-table.sh too.
if [ -n "${BENCH_TSV:-}" ]; then
	awk -v v="$vste_rate" -v e="$empty_rate" 'BEGIN {
		printf "vste harness under AFL++\t%.6g\texecs/s\n", v
		printf "empty harness under AFL++\t%.6g\texecs/s\n", e
		if (v > 0 && e > 0)
			printf "vste harness / empty harness\t%.4g\tx\n", v / e
	}' >>"$BENCH_TSV"
fi
