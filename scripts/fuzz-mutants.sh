#!/usr/bin/env bash
# make fuzz-mutants: build every planted-bug mutant of include/smmu-nest/mutants.h,
# run the test suite and the fuzz harnesses against it, and say what caught it.
#
# Usage: scripts/fuzz-mutants.sh [option...] [mutant...]
#   mutant            a name or number from mutants.h (default: every one)
#   --list            print the mutants and exit
#   --no-tests        skip the test suite
#   --no-fuzz         skip the fuzz harnesses
#   --fuzz-seconds=N  AFL++ budget per harness and mutant (default 60)
#   --from-empty      no seeds: AFL++ starts from one zero byte, without a
#                     dictionary (how fast the fuzzer itself finds the mutant)
#   --all-harnesses   run every harness on every mutant, not only up to the
#                     first one that crashes (slower: a harness that cannot
#                     see the mutant runs its whole budget)
#   --no-baseline     skip the normal build's test-suite run (its harnesses
#                     are always built and must pass their seeds)
#   --jobs=N          make -j for the builds (default: nproc)
#   --out=DIR         builds and logs (default build-mut)
#
# First the baseline: the normal build (no SN_MUTANT) must pass the test
# suite and every harness must pass its seeds, or a mutant's failures would
# say nothing.  Then for each mutant:
#   1. build:  make BUILD=DIR/<name> CFLAGS=-DSN_MUTANT=<n> tests
#   2. tests:  what `make check-run` runs before the fuzz smoke run: every
#              tests/check_* binary, lint, replay and explain of the vectors,
#              each to its end; the first failing test (binary:test) or
#              vector is named, the rest are in DIR/<name>/logs/tests.failed
#   3. fuzz:   the harnesses of fuzz/build.sh, built for AFL++ as fuzz/afl.sh
#              builds them but with -DSN_MUTANT=<n>, vste first for a mutant
#              in policy/host.c, scenario first for the others: each replays
#              its seeds (golden vectors, fuzz/make-corpus.sh; a crash there
#              is a catch in the time the seeds took), then runs afl-fuzz
#              until its first crash
#              that the normal build's harness does not share, or the budget;
#              the first harness to crash so and its time are named (AFL++'s
#              own clock, from the crash file's time: field).  Crashes the
#              normal build shares are a bug of their own, not a catch: they
#              are listed in DIR/<name>/logs/fuzz-<harness>.shared
# Exit status: 0 when every mutant was caught by the tests and by a fuzzer
# within the budget; 1 when one was not; 2 on a usage, build or baseline error.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2

MAKE=${MAKE:-make}
fuzz_seconds=60
jobs=$(nproc 2>/dev/null || echo 2)
out=build-mut
do_tests=1
do_fuzz=1
do_baseline=1
from_empty=0
all_harnesses=0
list_only=0
want=()

for arg in "$@"; do
	case $arg in
	--list) list_only=1 ;;
	--no-tests) do_tests=0 ;;
	--no-fuzz) do_fuzz=0 ;;
	--no-baseline) do_baseline=0 ;;
	--all-harnesses) all_harnesses=1 ;;
	--from-empty) from_empty=1 ;;
	--fuzz-seconds=*) fuzz_seconds=${arg#*=} ;;
	--jobs=*) jobs=${arg#*=} ;;
	--out=*) out=${arg#*=} ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "fuzz-mutants: unknown option $arg" >&2; exit 2 ;;
	*) want+=("$arg") ;;
	esac
done
case $fuzz_seconds in ''|*[!0-9]*) echo "fuzz-mutants: --fuzz-seconds needs a number" >&2; exit 2 ;; esac

# ---------------------------------------------------------------------------
# The mutants, from mutants.h: "/* <n> <name> (<file>): <what> */"

declare -a m_num m_name m_file m_what
while IFS=$'\t' read -r n name file what; do
	m_num+=("$n"); m_name+=("$name"); m_file+=("$file"); m_what+=("$what")
done < <(sed -n 's|^/\* \([0-9][0-9]*\) \([a-z0-9-][a-z0-9-]*\) (\([^)]*\)): \(.*\) \*/$|\1\t\2\t\3\t\4|p' \
	include/smmu-nest/mutants.h)
if [ "${#m_num[@]}" -eq 0 ]; then
	echo "fuzz-mutants: no mutants found in include/smmu-nest/mutants.h" >&2
	exit 2
fi

if [ "$list_only" -eq 1 ]; then
	for i in "${!m_num[@]}"; do
		printf '%2s  %-24s %-17s %s\n' "${m_num[$i]}" "${m_name[$i]}" "${m_file[$i]}" "${m_what[$i]}"
	done
	exit 0
fi

sel=()
if [ "${#want[@]}" -eq 0 ]; then
	sel=("${!m_num[@]}")
else
	for w in "${want[@]}"; do
		found=
		for i in "${!m_num[@]}"; do
			if [ "$w" = "${m_num[$i]}" ] || [ "$w" = "${m_name[$i]}" ]; then
				sel+=("$i"); found=1
			fi
		done
		[ -n "$found" ] || { echo "fuzz-mutants: no mutant '$w' (see --list)" >&2; exit 2; }
	done
fi

# ---------------------------------------------------------------------------
# Build

build_tree() {      # <n> <dir>: library, CLI and test binaries; n = 0: no mutant
	local def=
	[ "$1" -ne 0 ] && def=-DSN_MUTANT=$1
	$MAKE -s -j"$jobs" BUILD="$2" CFLAGS="${CFLAGS:-} $def" tests
}

# ---------------------------------------------------------------------------
# The test suite: what `make check-run` runs, each part to its end.  Every
# failure goes to <dir>/logs/tests.failed; prints the first, or nothing.

first_check_failure() {     # <binary name> <log>: "binary:test"
	local t
	t=$(grep -m1 -E '^[^:]+:[0-9]+:[FE]:[^:]*:[^:]+:' "$2" | cut -d: -f5)
	echo "$1:${t:-?}"
}

run_tests() {       # <dir>
	local dir=$1 cli=$1/smmu-nest logs=$1/logs t name f n rc
	: >"$logs/tests.failed"
	for t in tests/check_*.c; do
		name=$(basename "$t" .c)
		SMMU_NEST_CLI=$cli timeout 600 "$dir/tests/$name" >"$logs/$name.log" 2>&1
		rc=$?
		if [ "$rc" -ne 0 ]; then
			f=$(first_check_failure "$name" "$logs/$name.log")
			[ "$rc" -eq 124 ] && f="$name:timeout"
			echo "$f" >>"$logs/tests.failed"
		fi
	done
	if ! timeout 600 "$cli" lint vectors rules >"$logs/lint.log" 2>&1; then
		echo "lint:$(grep -m1 -v '^lint:' "$logs/lint.log" | cut -d' ' -f1)" >>"$logs/tests.failed"
	fi
	if ! timeout 600 "$cli" replay vectors >"$logs/replay.log" 2>&1; then
		f=$(grep -m1 -E '^vectors/' "$logs/replay.log" | sed -E 's/^([^:]+):[0-9]+:( [^ ]+)?.*/\1\2/')
		echo "replay:${f:-?}" >>"$logs/tests.failed"
	fi
	: >"$logs/explain.log"
	for f in vectors/ste/*.yaml vectors/cd/*.yaml vectors/walk/*.yaml vectors/tlb/*.yaml; do
		rc=0
		timeout 600 "$cli" explain "$f" >>"$logs/explain.log" 2>&1 || rc=1
		case $f in
		vectors/tlb/*) ;;
		*) timeout 600 "$cli" explain --format=dot "$f" >/dev/null 2>>"$logs/explain.log" || rc=1 ;;
		esac
		if [ "$rc" -ne 0 ]; then
			echo "explain:$f" >>"$logs/tests.failed"
			break
		fi
	done
	n=$(wc -l <"$logs/tests.failed")
	if [ "$n" -gt 1 ]; then
		echo "$(head -n1 "$logs/tests.failed") (+$((n - 1)))"
	elif [ "$n" -eq 1 ]; then
		head -n1 "$logs/tests.failed"
	fi
}

# ---------------------------------------------------------------------------
# The fuzz harnesses (fuzz/build.sh, fuzz/make-corpus.sh, fuzz/afl.sh)

AFL_DRIVER=/usr/lib/afl/libAFLDriver.a

# The harnesses of fuzz/build.sh, the likeliest first for a mutant in <file>
# (only the time it takes depends on the order: a harness that cannot see a
# mutant runs its whole budget before the next one starts).
fuzz_harnesses() {  # [<file>]
	local h hs order seen=''
	case ${1:-} in
	policy/host.c) order="vste scenario walk loader" ;;
	*) order="scenario walk vste loader" ;;
	esac
	hs=$(sed -n 's/^HARNESSES="\(.*\)"$/\1/p' fuzz/build.sh 2>/dev/null)
	for h in $order $hs; do
		case " $hs " in *" $h "*) ;; *) continue ;; esac
		case " $seen " in *" $h "*) continue ;; esac
		seen="$seen $h"
		echo "$h"
	done
}

# Seed corpora and dictionaries in $out/corpus, from the normal sources.
fuzz_corpus() {
	local yaml
	[ -f "$out/corpus/.stamp" ] && [ "$out/corpus/.stamp" -nt fuzz/make-corpus.sh ] && return 0
	yaml=$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
	# shellcheck disable=SC2046,SC2086
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -Iinclude $(pkg-config --cflags yaml-0.1 2>/dev/null) \
		fuzz/mkcorpus.c model/*.c policy/*.c src/*.c $yaml -o "$out/mkcorpus" &&
		sh fuzz/make-corpus.sh "$out/mkcorpus" "$out/corpus" && touch "$out/corpus/.stamp"
}

fuzz_build() {      # <n> <dir>: the AFL++ harnesses of mutant <n> (0: none) in <dir>/afl
	local driver=$AFL_DRIVER def=
	[ -f "$driver" ] || driver=-fsanitize=fuzzer
	[ "$1" -ne 0 ] && def=-DSN_MUTANT=$1
	AFL_QUIET=1 CC=afl-clang-fast CXX='' CFLAGS="-O2 -fno-omit-frame-pointer $def" \
		LIB_FUZZING_ENGINE=$driver OUT="$2/afl" WORK="$2/afl/obj" sh fuzz/build.sh
}

# <bin> <harness> <log>: every seed once (libAFLDriver runs the files it is
# given, in one process); 0 when none fails.
fuzz_replay_seeds() {
	# shellcheck disable=SC2046
	timeout 600 "$1" $(find "$out/corpus/$2" -type f | sort) >"$3" 2>&1
}

# Does the normal build's <harness> pass <input>?  A crash counts against a
# mutant only if it does: a harness may also crash on a bug the normal build
# has, and that is not the mutant's doing.
normal_passes() {   # <harness> <input>
	timeout 60 "$out/normal/afl/$1" "$2" >/dev/null 2>&1
}

# <dir> <harness>: "<seconds>" or "<seconds> (seed)" to the first crash that
# the normal build does not share, or nothing within the budget.  Crashes
# the normal build shares are kept in <dir>/logs/fuzz-<harness>.shared.
fuzz_run() {
	local dir=$1 h=$2 bin=$1/afl/$2 o=$1/afl/$2.out t0 t1 in dict='' pid c ms found='' seen=' '
	t0=$(date +%s.%N)
	if [ "$from_empty" -eq 0 ] && ! fuzz_replay_seeds "$bin" "$h" "$dir/logs/fuzz-$h-seeds.log"; then
		t1=$(date +%s.%N)
		grep -m1 '^smmu-nest fuzz' "$dir/logs/fuzz-$h-seeds.log" >"$dir/logs/fuzz-$h.why"
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f (seed)\n", b - a }'
		return 0
	fi
	in=$out/corpus/$h
	[ "$h" = loader ] && { in=$out/corpus/loader-min; dict="-x fuzz/loader.dict"; }
	[ "$h" = vste ] && [ -f "$out/corpus/vste.dict" ] && dict="-x $out/corpus/vste.dict"
	if [ "$from_empty" -eq 1 ]; then
		in=$out/corpus/zero-byte
		mkdir -p "$in" && printf '\0' >"$in/zero"
		dict=''
	fi
	rm -rf "$o" "$dir/logs/fuzz-$h.shared"
	# shellcheck disable=SC2086
	AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
	AFL_FAST_CAL=1 afl-fuzz -i "$in" -o "$o" -t 2000 -m none -V "$fuzz_seconds" $dict \
		-- "$bin" >"$dir/logs/fuzz-$h.log" 2>&1 &
	pid=$!
	t0=$(date +%s)
	while [ -z "$found" ]; do
		for c in "$o"/default/crashes/id:*; do
			[ -f "$c" ] || continue
			case $seen in *" $c "*) continue ;; esac
			seen="$seen$c "
			if normal_passes "$h" "$c"; then
				found=$c
				break
			fi
			echo "$c" >>"$dir/logs/fuzz-$h.shared"
		done
		[ -n "$found" ] && break
		kill -0 "$pid" 2>/dev/null || break
		if [ $(($(date +%s) - t0)) -gt $((fuzz_seconds + 120)) ]; then
			echo "fuzz-mutants: afl-fuzz ($h) overran its budget; stopped" >>"$dir/logs/fuzz-$h.log"
			break
		fi
		sleep 1
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -n "$found" ] || return 0
	"$bin" "$found" 2>&1 | grep -m1 '^smmu-nest fuzz' >"$dir/logs/fuzz-$h.why"
	cp "$found" "$dir/logs/fuzz-$h.crash"
	ms=$(basename "$found" | sed -n 's/.*,time:\([0-9]*\).*/\1/p')
	awk -v ms="${ms:-0}" 'BEGIN { printf "%.1f\n", ms / 1000 }'
}

# <n> <dir> <file>: one line "harness seconds[ (seed)]" per harness that
# crashed, up to the first unless --all-harnesses; "build-failed" if the
# harnesses did not build.
fuzz_mutant() {     # <n> <dir> <file>
	local n=$1 dir=$2 h t
	fuzz_build "$n" "$dir" >"$dir/logs/fuzz-build.log" 2>&1 || { echo "build-failed"; return; }
	for h in $(fuzz_harnesses "$3"); do
		t=$(fuzz_run "$dir" "$h")
		[ -n "$t" ] || continue
		echo "$h ${t%% *}s${t#"${t%% *}"}"
		[ "$all_harnesses" -eq 1 ] || return 0
	done
}

# ---------------------------------------------------------------------------

mkdir -p "$out" || exit 2
if [ "$do_fuzz" -eq 1 ]; then
	if [ -z "$(fuzz_harnesses)" ]; then
		echo "fuzz-mutants: no harnesses (fuzz/build.sh)" >&2
		exit 2
	fi
	if ! command -v afl-fuzz >/dev/null || ! command -v afl-clang-fast >/dev/null; then
		echo "fuzz-mutants: AFL++ not found (apt-get install afl++)" >&2
		exit 2
	fi
	if ! fuzz_corpus >"$out/corpus.log" 2>&1; then
		cat "$out/corpus.log" >&2
		echo "fuzz-mutants: the seed corpora did not build" >&2
		exit 2
	fi
fi

dir=$out/normal
mkdir -p "$dir/logs"
echo "== baseline: the normal build" >&2
if ! build_tree 0 "$dir" >"$dir/logs/build.log" 2>&1; then
	cat "$dir/logs/build.log" >&2
	echo "fuzz-mutants: the normal build does not build" >&2
	exit 2
fi
if [ "$do_baseline" -eq 1 ] && [ "$do_tests" -eq 1 ]; then
	t=$(run_tests "$dir")
	if [ -n "$t" ]; then
		echo "fuzz-mutants: the normal build fails the suite ($t; $dir/logs): fix that first" >&2
		exit 2
	fi
	echo "   passes the test suite" >&2
fi
# The normal harnesses: every seed must pass, and each crash a mutant's
# harness finds is replayed on them (normal_passes).
if [ "$do_fuzz" -eq 1 ]; then
	if ! fuzz_build 0 "$dir" >"$dir/logs/fuzz-build.log" 2>&1; then
		cat "$dir/logs/fuzz-build.log" >&2
		echo "fuzz-mutants: the normal fuzz harnesses do not build" >&2
		exit 2
	fi
	for h in $(fuzz_harnesses); do
		if ! fuzz_replay_seeds "$dir/afl/$h" "$h" "$dir/logs/fuzz-$h-seeds.log"; then
			tail -n 20 "$dir/logs/fuzz-$h-seeds.log" >&2
			echo "fuzz-mutants: the normal build's $h harness fails a seed: fix that first" >&2
			exit 2
		fi
	done
	echo "   every harness passes its seeds" >&2
fi

declare -a r_tests r_fuzz
status=0
for i in "${sel[@]}"; do
	n=${m_num[$i]} name=${m_name[$i]} dir=$out/${m_name[$i]}
	mkdir -p "$dir/logs"
	echo "== mutant $n $name (${m_file[$i]}): ${m_what[$i]}" >&2
	if ! build_tree "$n" "$dir" >"$dir/logs/build.log" 2>&1; then
		cat "$dir/logs/build.log" >&2
		echo "fuzz-mutants: mutant $name does not build" >&2
		exit 2
	fi
	r_tests[i]="(not run)"
	r_fuzz[i]="(not run)"
	if [ "$do_tests" -eq 1 ]; then
		t=$(run_tests "$dir")
		r_tests[i]=${t:-SURVIVED}
		echo "   tests: ${r_tests[$i]}" >&2
		[ -n "$t" ] || status=1
	fi
	if [ "$do_fuzz" -eq 1 ]; then
		fuzz_mutant "$n" "$dir" "${m_file[$i]}" >"$dir/logs/fuzz.caught"
		t=$(head -n1 "$dir/logs/fuzz.caught")
		r_fuzz[i]=${t:-"SURVIVED ${fuzz_seconds}s per harness"}
		[ "$(wc -l <"$dir/logs/fuzz.caught")" -gt 1 ] &&
			r_fuzz[i]="${r_fuzz[$i]} (+$(($(wc -l <"$dir/logs/fuzz.caught") - 1)))"
		echo "   fuzz:  ${r_fuzz[$i]}" >&2
		case ${t:-SURVIVED} in SURVIVED|build-failed) status=1 ;; esac
	fi
done

{
	printf '%-3s %-24s %-17s %-56s %s\n' n mutant file "caught by the tests (first)" \
		"caught by a fuzzer (first, time to crash)"
	for i in "${sel[@]}"; do
		printf '%-3s %-24s %-17s %-56s %s\n' "${m_num[$i]}" "${m_name[$i]}" "${m_file[$i]}" \
			"${r_tests[$i]}" "${r_fuzz[$i]}"
	done
} | tee "$out/summary.txt"
if [ "$status" -eq 0 ]; then
	echo "fuzz-mutants: ${#sel[@]} mutants, every one caught"
else
	echo "fuzz-mutants: a mutant survived (logs in $out/<mutant>/logs)"
fi
exit "$status"
