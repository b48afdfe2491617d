#!/bin/sh
# The coverage gate (coverage/gate.sh) on the fixture tracefiles of
# coverage/fixtures (make coverage-gate-check, part of make check).
#
# Each fixture's figures are counted by hand from its records:
#   gate-pass.info          model/a.c: 49 of 50 lines (line 50 has 0 hits),
#                           9 of 10 branches (line 6 branch 1 is "-": its
#                           block never ran), 2 of 2 functions;
#                           policy/b.c: 10 of 10 lines, 2 of 2 branches;
#                           and, all unexecuted, files the gate must not
#                           count: tests/check_a.c, adapters/model/dut.c
#                           (a "model" directory elsewhere),
#                           model/sub/deep.c, model/a.h, a header
#   gate-lines-low.info     model/a.c: 48 of 50 lines, 10 of 10 branches
#   gate-branches-low.info  model/a.c: 50 of 50 lines, 8 of 10 branches
#                           (one taken 0 times, one "-")
#   gate-merge.info         model/a.c twice: the first record (lcov 1.x
#                           FN/FNDA) hits lines 1-25, the second (lcov 2.x
#                           FNL/FNA, DA with a checksum) lines 26-50; each
#                           hits one side of every branch and one of the
#                           two functions: merged, 50 of 50, 10 of 10, 2 of 2
#   gate-no-branches.info   model/a.c: 50 of 50 lines, no branch record
# --quiet: print only failures and the last line.
set -u
cd "$(dirname "$0")/.." || exit 2
quiet=0
[ "${1:-}" = --quiet ] && quiet=1

fx=coverage/fixtures
fails=0
n=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smmu-nest-gate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# check NAME EXPECTED_STATUS [+PATTERN | -PATTERN]... -- GATE ARGS...
check() {
	name=$1 want=$2
	shift 2
	pats=""
	while [ "$1" != "--" ]; do
		pats="$pats
$1"
		shift
	done
	shift
	n=$((n + 1))
	st=0
	sh coverage/gate.sh "$@" > "$tmp/out" 2>&1 || st=$?
	bad=""
	[ "$st" -eq "$want" ] || bad="exit status $st, expected $want"
	while IFS= read -r p; do
		[ -n "$p" ] || continue
		case $p in
		+*) grep -qF -- "${p#+}" "$tmp/out" || bad="$bad${bad:+; }no line with: ${p#+}" ;;
		-*) ! grep -qF -- "${p#-}" "$tmp/out" || bad="$bad${bad:+; }unexpected: ${p#-}" ;;
		esac
	done <<EOF
$pats
EOF
	if [ -n "$bad" ]; then
		fails=$((fails + 1))
		echo "not ok $n - $name: $bad"
		sed 's/^/#   /' "$tmp/out"
	elif [ "$quiet" -eq 0 ]; then
		echo "ok $n - $name"
	fi
}

# At the thresholds exactly: 49/50 = 98 %, 9/10 = 90 % pass.
check "at the thresholds" 0 \
	"+coverage gate: model/*.c: lines 98.00% (49 of 50), branches 90.00% (9 of 10), functions 100.00% (2 of 2)" \
	"+coverage gate: policy/*.c: lines 100.00% (10 of 10), branches 100.00% (2 of 2), functions 100.00% (1 of 1)" \
	"+coverage gate: passed" -FAIL -- \
	--min-lines=98 --min-branches=90 $fx/gate-pass.info model policy
check "a decimal line threshold above" 1 \
	"+coverage gate: FAIL: model/*.c line coverage 98.00% (49 of 50) is below COV_MIN_LINES = 98.5%" \
	"-branch coverage" "-policy/*.c line coverage" -- \
	--min-lines=98.5 --min-branches=90 $fx/gate-pass.info model policy
check "a branch threshold above" 1 \
	"+coverage gate: FAIL: model/*.c branch coverage 90.00% (9 of 10) is below COV_MIN_BRANCHES = 91%" \
	"-line coverage" -- \
	--min-lines=98 --min-branches=91 $fx/gate-pass.info model policy
check "lines below" 1 \
	"+coverage gate: FAIL: model/*.c line coverage 96.00% (48 of 50) is below COV_MIN_LINES = 98%" \
	"-branch coverage" -- \
	--min-lines=98 --min-branches=90 $fx/gate-lines-low.info model
check "branches below" 1 \
	"+coverage gate: FAIL: model/*.c branch coverage 80.00% (8 of 10) is below COV_MIN_BRANCHES = 90%" \
	"-line coverage" -- \
	--min-lines=98 --min-branches=90 $fx/gate-branches-low.info model
check "records of one file merged, lcov 1.x and 2.x spellings" 0 \
	"+coverage gate: model/*.c: lines 100.00% (50 of 50), branches 100.00% (10 of 10), functions 100.00% (2 of 2)" -- \
	--min-lines=100 --min-branches=100 $fx/gate-merge.info model
check "no branch data fails a branch gate" 1 \
	"+coverage gate: FAIL: model/*.c branch coverage 0.00% (0 of 0) is below COV_MIN_BRANCHES = 90%" -- \
	--min-lines=98 --min-branches=90 $fx/gate-no-branches.info model
check "no branch data, no branch gate" 0 "+coverage gate: passed" -- \
	--min-lines=98 $fx/gate-no-branches.info model
check "a directory without data" 2 "+coverage gate: src/*.c: no line records in the tracefile" -- \
	--min-lines=98 --min-branches=90 $fx/gate-pass.info model src
# Absolute source paths, as lcov writes them, under --root.
sed 's|^SF:|SF:/build/tree/|' $fx/gate-pass.info > "$tmp/abs.info"
check "absolute paths under --root" 0 "+coverage gate: model/*.c: lines 98.00% (49 of 50)" -- \
	--root=/build/tree/ --min-lines=98 --min-branches=90 "$tmp/abs.info" model policy
check "absolute paths under another root" 2 "+no line records" -- \
	--root=/elsewhere --min-lines=98 "$tmp/abs.info" model
check "not a percentage" 2 "+'ninety' is not a percentage" -- \
	--min-branches=ninety $fx/gate-pass.info model
check "no directory" 2 "+usage:" -- $fx/gate-pass.info
check "no tracefile" 2 "+cannot read" -- $fx/absent.info model

[ "$quiet" -eq 1 ] || echo "1..$n"
if [ "$fails" -ne 0 ]; then
	echo "coverage gate check: $fails of $n failed"
	exit 1
fi
echo "coverage gate check: $n passed"
