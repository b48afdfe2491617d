#!/bin/sh
# AFL++ for the fuzz harnesses: build, run, report (make fuzz, make fuzz-smoke).
#
#   fuzz/afl.sh build OUT [asan]
#       the harnesses built with afl-clang-fast and AFL++'s libAFLDriver
#       (persistent mode, shared-memory test cases) by fuzz/build.sh into OUT;
#       with "asan", under ASan + UBSan (AFL_USE_ASAN, AFL_USE_UBSAN)
#   fuzz/afl.sh run SECONDS JOBS CORPUS BIN [ASAN_BIN] HARNESS...
#       every HARNESS at once, each with JOBS afl-fuzz instances for SECONDS
#       (one -M, the rest -S, sharing $FUZZ_SYNC/HARNESS; with JOBS >= 2
#       and ASAN_BIN not "-", the last -S runs the ASan + UBSan build), seeded
#       from CORPUS/HARNESS (loader: CORPUS/loader-min) plus, unless
#       FUZZ_FRESH=1, what the last run's main instance kept; then one line
#       per harness: execs/s, corpus size, crashes, hangs.  Exit 1 if any
#       crash or hang was saved or an instance did not run (a saved hang
#       that replays alone in under 2 s was a timeout under load, and is
#       dropped with a note); the inputs are
#       copied to build-fuzz/crashes/HARNESS/ and replayed once to show the
#       failure.
#
# The environment AFL++ needs in containers and CI (fresh Debian, root):
# AFL_NO_UI, AFL_SKIP_CPUFREQ, AFL_NO_AFFINITY,
# AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES (core_pattern may pipe to a
# handler), AFL_FAST_CAL; -m none (ASan), -t 2000 (a hang is an input that
# runs for 2 s).
set -eu
cd "$(dirname "$0")/.."

TOP=build-fuzz
# FUZZ_SYNC: the sync directories (one per harness); FUZZ_FRESH=1: seeds only,
# not what the last run kept.
SYNC=${FUZZ_SYNC:-$TOP/sync}

build() {
	out=$1
	command -v afl-clang-fast >/dev/null || { echo "fuzz/afl.sh: afl-clang-fast not found (apt-get install afl++)" >&2; exit 2; }
	driver=/usr/lib/afl/libAFLDriver.a
	[ -f "$driver" ] || driver=-fsanitize=fuzzer
	if [ "${2:-}" = asan ]; then
		export AFL_USE_ASAN=1 AFL_USE_UBSAN=1
	fi
	AFL_QUIET=1 CC=afl-clang-fast CXX='' CFLAGS="-O2 -fno-omit-frame-pointer" \
		LIB_FUZZING_ENGINE=$driver OUT=$out WORK=$out/obj sh fuzz/build.sh
}

# One field of an instance's fuzzer_stats, 0 if absent.
field() {
	v=$(sed -n "s/^$2 *: *//p" "$1/fuzzer_stats" 2>/dev/null | head -n 1)
	echo "${v:-0}"
}

run() {
	seconds=$1 jobs=$2 corpus=$3 bin=$4 asan=$5
	shift 5
	export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
		AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FAST_CAL=1
	mkdir -p "$SYNC/logs"
	pids=""
	for h in "$@"; do
		seeds=$corpus/$h
		[ "$h" = loader ] && seeds=$corpus/loader-min
		in=$SYNC/in/$h
		rm -rf "$in"
		mkdir -p "$in"
		cp "$seeds"/* "$in/"
		# What the last run found (its main instance's queue) seeds this one.
		if [ "${FUZZ_FRESH:-0}" != 1 ] && [ -d "$SYNC/$h/main/queue" ]; then
			for q in "$SYNC/$h/main/queue"/id*; do
				[ -f "$q" ] && cp "$q" "$in/prev-$(basename "$q" | cut -c1-9)"
			done
		fi
		rm -rf "${SYNC:?}/$h"
		mkdir -p "$SYNC/$h"
		dict=""
		[ "$h" = loader ] && dict="-x fuzz/loader.dict"
		[ "$h" = vste ] && [ -f "$corpus/vste.dict" ] && dict="-x $corpus/vste.dict"
		i=0
		while [ "$i" -lt "$jobs" ]; do
			if [ "$i" -eq 0 ]; then
				role="-M main"
			else
				role="-S s$i"
			fi
			b=$bin/$h
			if [ "$jobs" -ge 2 ] && [ "$i" -eq $((jobs - 1)) ] && [ "$asan" != - ]; then
				b=$asan/$h
			fi
			# shellcheck disable=SC2086
			timeout $((seconds + 300)) afl-fuzz -i "$in" -o "$SYNC/$h" $role \
				-t 2000 -m none -V "$seconds" $dict -- "$b" \
				> "$SYNC/logs/$h-$i.log" 2>&1 &
			pids="$pids $!"
			i=$((i + 1))
		done
	done
	failed=0
	for p in $pids; do
		wait "$p" || failed=1
	done

	status=0
	printf '%-9s %9s %12s %9s %7s %8s %6s\n' harness instances execs execs/s corpus crashes hangs
	for h in "$@"; do
		execs=0 secs=0 crashes=0 hangs=0 n=0
		for d in "$SYNC/$h"/*/; do
			[ -f "$d/fuzzer_stats" ] || continue
			n=$((n + 1))
			execs=$((execs + $(field "$d" execs_done)))
			t=$(field "$d" run_time)
			[ "$t" -gt "$secs" ] && secs=$t
			crashes=$((crashes + $(field "$d" saved_crashes)))
		done
		hangs=$(real_hangs "$h" "$bin/$h")
		corpus=$(field "$SYNC/$h/main" corpus_count)
		rate=0
		[ "$secs" -gt 0 ] && rate=$((execs / secs))
		printf '%-9s %9s %12s %9s %7s %8s %6s\n' "$h" "$n/$jobs" "$execs" "$rate" "$corpus" \
			"$crashes" "$hangs"
		if [ "$n" -ne "$jobs" ]; then
			echo "  $h: $((jobs - n)) instance(s) did not start; see $SYNC/logs/$h-*.log" >&2
			status=1
		fi
		if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
			status=1
			rm -rf "${TOP:?}/crashes/$h"
			mkdir -p "$TOP/crashes/$h"
			for f in "$SYNC/$h"/*/crashes/id* "$SYNC/$h"/*/hangs/id*; do
				[ -f "$f" ] || continue
				inst=$(basename "$(dirname "$(dirname "$f")")")
				cp "$f" "$TOP/crashes/$h/$inst-$(basename "$(dirname "$f")")-$(basename "$f" | cut -c1-9)"
			done
			echo "  $h: inputs in $TOP/crashes/$h/; the first one replayed:" >&2
			first=$(find "$TOP/crashes/$h" -type f | sort | head -n 1)
			timeout 20 "$bin/$h" "$first" 2>&1 | grep -v '^[[:space:]]*$' \
				| head -n 20 >&2 || true
		fi
	done
	[ "$failed" -eq 0 ] || { echo "fuzz/afl.sh: an afl-fuzz instance failed; see $SYNC/logs/" >&2; status=1; }
	return $status
}

# The hangs AFL++ saved for harness $1 that hang again when replayed alone
# through $2: a timeout taken while the machine was loaded (each instance
# shares the cores with the others) is not a hang of the harness.  Prints the
# count; the ones that do not reproduce are removed from the hangs directory
# and named on standard error.
real_hangs() {
	n=0
	for f in "$SYNC/$1"/*/hangs/id*; do
		[ -f "$f" ] || continue
		t0=$(date +%s%N)
		if timeout 10 "$2" <"$f" >/dev/null 2>&1; then
			ms=$((($(date +%s%N) - t0) / 1000000))
			if [ "$ms" -lt 2000 ]; then
				echo "  $1: $(basename "$f"): timed out under load, replays in $ms ms: not a hang" >&2
				rm -f "$f"
				continue
			fi
		fi
		n=$((n + 1))
	done
	echo "$n"
}

case ${1:-} in
build)
	shift
	build "$@"
	;;
run)
	shift
	run "$@"
	;;
*)
	echo "usage: fuzz/afl.sh build OUT [asan] | run SECONDS JOBS CORPUS BIN ASAN_BIN|- HARNESS..." >&2
	exit 2
	;;
esac
