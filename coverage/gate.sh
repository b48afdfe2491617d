#!/bin/sh
# The coverage gate of `make coverage` (coverage/README.md).
#
#   sh coverage/gate.sh [--min-lines=PCT] [--min-branches=PCT] [--root=DIR]
#                       TRACEFILE DIR...
#
# For each DIR (model, policy), the line, branch and function coverage of
# the files DIR/*.c in the lcov TRACEFILE, printed one line per DIR; then a
# line naming the metric, its value and the threshold for every figure
# below --min-lines / --min-branches (percentages, decimals allowed;
# default 0: report only).  Exit status: 0 every figure at or above its
# threshold, 1 some figure below, 2 usage error or a DIR with no data (a
# gate over nothing never passes).
#
# The tracefile is read directly, not through `lcov --summary`, whose
# output and options differ between lcov 1.x and 2.x: DA, BRDA, FN/FNDA
# (lcov 1.x and 2.0/2.1) and FNL/FNA (lcov 2.2+) records are counted, a
# file recorded more than once (several objects, several test names) is
# merged (a line or branch is hit if any record hit it), and source paths
# are taken relative to --root (default: the current directory).
# LCOV_EXCL markers have already removed their lines and branches when
# lcov wrote the tracefile.
set -eu

min_lines=0
min_branches=0
root=$(pwd)
usage() {
	echo "usage: sh coverage/gate.sh [--min-lines=PCT] [--min-branches=PCT] [--root=DIR] TRACEFILE DIR..." >&2
	exit 2
}
is_pct() {
	case $1 in
	'' | *[!0-9.]* | *.*.* | . ) return 1 ;;
	esac
	return 0
}
while [ $# -gt 0 ]; do
	case $1 in
	--min-lines=*) min_lines=${1#*=} ;;
	--min-branches=*) min_branches=${1#*=} ;;
	--root=*) root=${1#*=} ;;
	--help) usage ;;
	--*) echo "coverage gate: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 2 ] || usage
for v in "$min_lines" "$min_branches"; do
	is_pct "$v" || { echo "coverage gate: '$v' is not a percentage" >&2; exit 2; }
done
info=$1
shift
[ -r "$info" ] || { echo "coverage gate: cannot read $info" >&2; exit 2; }
root=${root%/}

awk -v root="$root" -v dirs="$*" -v min_l="$min_lines" -v min_b="$min_branches" '
function rel(p) {
	if (index(p, root "/") == 1)
		return substr(p, length(root) + 2)
	if (substr(p, 1, 1) == "/")
		return ""
	sub(/^\.\//, "", p)
	return p
}
# The DIR of "DIR/name.c", if DIR is one of the gated directories.
function gated(p,   d) {
	if (p !~ /\.c$/ || split(p, part, "/") != 2)
		return ""
	d = part[1]
	return (d in want) ? d : ""
}
function pct(h, t) { return t ? 100 * h / t : 0 }
BEGIN {
	n = split(dirs, list, " ")
	for (i = 1; i <= n; i++)
		want[list[i]] = 1
}
/^SF:/ { d = gated(rel(substr($0, 4))); f = substr($0, 4); next }
d == "" { next }
/^DA:/ {
	split(substr($0, 4), a, ",")
	k = f SUBSEP a[1]
	if (!(k in line)) { line[k] = 0; lf[d]++ }
	if (a[2] + 0 > 0 && !line[k]) { line[k] = 1; lh[d]++ }
	next
}
/^BRDA:/ {
	split(substr($0, 6), a, ",")
	k = f SUBSEP a[1] SUBSEP a[2] SUBSEP a[3]
	if (!(k in br)) { br[k] = 0; bf[d]++ }
	if (a[4] != "-" && a[4] + 0 > 0 && !br[k]) { br[k] = 1; bh[d]++ }
	next
}
# FN:line,name or FN:line,end,name; FNDA:count,name (the name is the last field)
/^FN:/ {
	m = split(substr($0, 4), a, ",")
	fnew(f SUBSEP a[m], d)
	next
}
/^FNDA:/ {
	m = split(substr($0, 6), a, ",")
	fhit(f SUBSEP a[m], d, a[1])
	next
}
# lcov 2.2+: FNL:index,line[,end] then FNA:index,count,name
/^FNA:/ {
	m = split(substr($0, 5), a, ",")
	fnew(f SUBSEP a[m], d)
	fhit(f SUBSEP a[m], d, a[2])
	next
}
function fnew(k, dd) { if (!(k in fn)) { fn[k] = 0; ff[dd]++ } }
function fhit(k, dd, c) { fnew(k, dd); if (c + 0 > 0 && !fn[k]) { fn[k] = 1; fh[dd]++ } }
END {
	status = 0
	for (i = 1; i <= n; i++) {
		d = list[i]
		if (!lf[d]) {
			printf "coverage gate: %s/*.c: no line records in the tracefile\n", d
			status = 2
			continue
		}
		printf "coverage gate: %s/*.c: lines %.2f%% (%d of %d), branches %.2f%% (%d of %d), functions %.2f%% (%d of %d)\n",
		       d, pct(lh[d], lf[d]), lh[d], lf[d], pct(bh[d], bf[d]), bh[d], bf[d],
		       pct(fh[d], ff[d]), fh[d], ff[d]
	}
	for (i = 1; i <= n; i++) {
		d = list[i]
		if (!lf[d])
			continue
		# h / t < min / 100, in integers where the threshold is whole
		if (100 * lh[d] < min_l * lf[d]) {
			printf "coverage gate: FAIL: %s/*.c line coverage %.2f%% (%d of %d) is below COV_MIN_LINES = %s%%\n",
			       d, pct(lh[d], lf[d]), lh[d], lf[d], min_l
			if (!status) status = 1
		}
		if (100 * bh[d] < min_b * bf[d] || (min_b > 0 && !bf[d])) {
			printf "coverage gate: FAIL: %s/*.c branch coverage %.2f%% (%d of %d) is below COV_MIN_BRANCHES = %s%%\n",
			       d, pct(bh[d], bf[d]), bh[d], bf[d], min_b
			if (!status) status = 1
		}
	}
	if (!status)
		printf "coverage gate: passed: lines >= %s%%, branches >= %s%% in %s\n", min_l, min_b, dirs
	exit status
}' "$info"
