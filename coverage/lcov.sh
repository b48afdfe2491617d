#!/bin/sh
# lcov and genhtml for `make coverage` (coverage/README.md), with whichever
# lcov the machine has: Debian 12 ships 1.16, Debian 13 ships 2.x, and the
# two spell their options differently.
#
#   sh coverage/lcov.sh capture BUILD_DIR TRACEFILE
#       the counters of every object under BUILD_DIR (gcov), test code
#       (*/tests/*) left out, with branch coverage, into TRACEFILE
#   sh coverage/lcov.sh html TRACEFILE OUT_DIR
#       genhtml's report in OUT_DIR (paths relative to the current
#       directory), and a link from OUT_DIR/index.html to the rule matrix
#       OUT_DIR/rules.html (scripts/rule-matrix.sh)
#
# lcov 1.x takes "--rc lcov_branch_coverage=1"; lcov 2.x takes
# "--rc branch_coverage=1", refuses 1.x's name, and stops on conditions 1.x
# ignored: an --exclude pattern that matches nothing ("unused"), gcc's
# function end lines disagreeing with its line table ("mismatch"), a
# branch or function count inconsistent with its line ("inconsistent").
# Those three are reported as warnings here, not errors; any other error
# (a gcov failure, a stale .gcda) still fails.
set -eu

ver=$(lcov --version 2>/dev/null | sed -n 's/.*[Vv]ersion \([0-9][0-9]*\)\..*/\1/p' | head -n 1)
case $ver in
'') echo "coverage/lcov.sh: lcov not found or its version unreadable (scripts/install-deps.sh installs lcov)" >&2
    exit 2 ;;
1) rc="--rc lcov_branch_coverage=1"
   lcov_ignore=""
   genhtml_ignore="" ;;
*) rc="--rc branch_coverage=1"
   lcov_ignore="--ignore-errors unused,mismatch,inconsistent"
   genhtml_ignore="--ignore-errors inconsistent,mismatch" ;;
esac

# lcov 1.16's geninfo loads a module that redefines its subroutines and
# warns about each; those lines say nothing about the data.
quiet() {
	err=$(mktemp "${TMPDIR:-/tmp}/smmu-nest-lcov.XXXXXX")
	st=0
	"$@" 2>"$err" || st=$?
	grep -v '^Subroutine .* redefined at ' "$err" >&2 || :
	rm -f "$err"
	return "$st"
}

case ${1:-} in
capture)
	[ $# -eq 3 ] || { echo "usage: sh coverage/lcov.sh capture BUILD_DIR TRACEFILE" >&2; exit 2; }
	rm -f "$3"
	# shellcheck disable=SC2086
	quiet lcov --quiet $rc $lcov_ignore --capture --directory "$2" \
		--output-file "$3" --exclude '*/tests/*'
	[ -s "$3" ] || { echo "coverage/lcov.sh: lcov wrote no $3" >&2; exit 1; }
	;;
html)
	[ $# -eq 3 ] || { echo "usage: sh coverage/lcov.sh html TRACEFILE OUT_DIR" >&2; exit 2; }
	rm -rf "$3"
	mkdir -p "$3"
	# shellcheck disable=SC2086
	quiet genhtml --quiet $rc $genhtml_ignore --branch-coverage --prefix "$(pwd)" \
		--title "smmu-nest" --output-directory "$3" "$2"
	[ -s "$3/index.html" ] || { echo "coverage/lcov.sh: genhtml wrote no $3/index.html" >&2; exit 1; }
	# The rule matrix, linked under the report's title.
	awk '
	!done && /<body>/ {
		print
		print "<p style=\"font-family: sans-serif; margin: 0.5em 1em\"><a href=\"rules.html\">Rule matrix</a>: every rule of rules/*.yaml, the vectors citing it, their results per policy and the model functions they run (scripts/rule-matrix.sh).</p>"
		done = 1
		next
	}
	{ print }' "$3/index.html" > "$3/index.html.tmp"
	mv "$3/index.html.tmp" "$3/index.html"
	;;
*)
	echo "usage: sh coverage/lcov.sh capture BUILD_DIR TRACEFILE | html TRACEFILE OUT_DIR" >&2
	exit 2
	;;
esac
