#!/bin/sh
# The rule matrix (make rule-matrix, part of make coverage; coverage/README.md).
#
#   sh scripts/rule-matrix.sh --cli=TRACE_CLI --out=FILE.html [--work=DIR]
#                             [--lcov=TRACEFILE] [--jobs=N] VECTORS RULES
#
# --work: where the per-vector files, traces and TAP output are kept (made
# afresh; default a temporary directory, removed at the end).
#
# One HTML page: a row per rule of RULES/*.yaml (id, kind, text, sources,
# the model's choice or the waiver), the vectors under VECTORS citing it
# (id, file:line), per policy -- seed-v2, v6.13, v6.15, v7.0, and "arch"
# for the policy-independent vectors of the architecture areas -- how
# many of those vectors run under it and how many pass, and the model/ and
# policy/ functions they run; then a row per vector.
#
# How: every vector is written to a file of its own (its file's header,
# test-count 1, and the vector) and replayed alone (--format=tap) by
# TRACE_CLI, the CLI built with model/ and policy/ compiled with
# -finstrument-functions and scripts/rule-matrix-trace.c, which writes the
# addresses of the functions the run entered to $SMMU_NEST_FTRACE;
# addr2line names them.  A vector passes under a policy when every case
# of that policy (every cache mode, for tlb vectors) is "ok".  A rule's
# functions are the union over the vectors citing it, less the "common"
# ones, listed once at the end: those every vector runs, and those every
# vector of an area (vectors/AREA/) runs, left out for that area's
# vectors (the table builder, say, for the architecture areas).  With
# --lcov (a tracefile
# that exists), function names link to their line in the lcov report next
# to FILE.html.
# Everything is sorted: the same tree gives the same page.
#
# Needs a POSIX shell and awk, addr2line and nm (binutils).
set -eu

cli='' out='' work='' lcov='' jobs=2
usage() {
	echo "usage: sh scripts/rule-matrix.sh --cli=TRACE_CLI --out=FILE.html [--work=DIR] [--lcov=TRACEFILE] [--jobs=N] VECTORS RULES" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--cli=*) cli=${1#*=} ;;
	--out=*) out=${1#*=} ;;
	--work=*) work=${1#*=} ;;
	--lcov=*) lcov=${1#*=} ;;
	--jobs=*) jobs=${1#*=} ;;
	--*) usage ;;
	*) break ;;
	esac
	shift
done
if [ $# -ne 2 ] || [ -z "$cli" ] || [ -z "$out" ]; then usage; fi
case $jobs in '' | *[!0-9]* | 0) usage ;; esac
vectors=${1%/}
rules=${2%/}
[ -x "$cli" ] || { echo "rule-matrix: $cli is not an executable" >&2; exit 2; }
for tool in addr2line nm; do
	command -v $tool >/dev/null 2>&1 || { echo "rule-matrix: $tool not found (binutils)" >&2; exit 2; }
done
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/smmu-nest-rule-matrix.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
root=$(pwd)
start=$(date +%s)
export LC_ALL=C

rm -rf "$work"
mkdir -p "$work/vec" "$work/fn" "$work/tap" "$work/err" "$(dirname "$out")"

# ---- 1. One file per vector ---------------------------------------------
# index.tsv: NNNNN, id, file, line, rules (space-separated), in file order.
find "$vectors" -name '*.yaml' -type f | sort > "$work/files"
[ -s "$work/files" ] || { echo "rule-matrix: no vector files under $vectors" >&2; exit 2; }
# shellcheck disable=SC2046
awk -v dir="$work/vec" '
function flush() {
	if (id == "")
		return
	f = sprintf("%s/%05d.yaml", dir, n)
	printf "%s", hdr > f
	printf "%s", body >> f
	close(f)
	printf "%05d\t%s\t%s\t%d\t%s\n", n, id, FILENAME_OF, line, rl
	id = ""
}
FNR == 1 {
	flush()
	hdr = ""; inhdr = 1; isvec = 0; FILENAME_OF = FILENAME
}
inhdr {
	if ($0 ~ /^test-count:/)
		hdr = hdr "test-count: 1\n"
	else
		hdr = hdr $0 "\n"
	if ($0 ~ /^vectors:/) { inhdr = 0; isvec = 1 }
	next
}
!isvec { next }
/^  - id:/ {
	flush()
	n++
	id = $0
	sub(/^  - id:[ \t]*/, "", id); sub(/[ \t]+#.*$/, "", id); gsub(/["\047]/, "", id)
	line = FNR; body = ""; rl = ""
}
id != "" && /^    rules:[ \t]*\[/ {
	r = $0
	sub(/^    rules:[ \t]*\[/, "", r); sub(/\].*$/, "", r); gsub(/[ \t"\047]/, "", r)
	gsub(/,/, " ", r)
	rl = r
}
id != "" { body = body $0 "\n" }
END { flush() }' $(cat "$work/files") > "$work/index.tsv"
nvec=$(wc -l < "$work/index.tsv" | tr -d ' ')
[ "$nvec" -gt 0 ] || { echo "rule-matrix: no vectors found under $vectors" >&2; exit 2; }

# ---- 2. Replay each alone, recording its functions --------------------------
run_share() {
	k=$1
	i=0
	cut -f1 "$work/index.tsv" | while read -r n; do
		if [ $((i % jobs)) -eq "$k" ]; then
			st=0
			SMMU_NEST_FTRACE="$work/fn/$n" "$cli" replay --format=tap "$work/vec/$n.yaml" \
				> "$work/tap/$n" 2> "$work/err/$n" || st=$?
			# 0 passed, 1 a case failed (a result, shown in the matrix), 2 bad input
			[ "$st" -le 1 ] || echo "$n $st" >> "$work/bad.$k"
		fi
		i=$((i + 1))
	done
}
k=0
while [ "$k" -lt "$jobs" ]; do
	run_share "$k" &
	k=$((k + 1))
done
wait
if ls "$work"/bad.* >/dev/null 2>&1; then
	cat "$work"/bad.* | sort | head -n 5 | while read -r n st; do
		echo "rule-matrix: replay of $(awk -F '\t' -v n="$n" '$1 == n { print $3 ":" $4 ": " $2 }' "$work/index.tsv") exited $st:" >&2
		head -n 5 "$work/err/$n" >&2
	done
	exit 1
fi

# ---- 3. Name the functions ------------------------------------------------
anchor=$(nm "$cli" | awk '$3 == "sn_ftrace_anchor" { print $1 }')
[ -n "$anchor" ] || { echo "rule-matrix: $cli has no sn_ftrace_anchor (not the trace build?)" >&2; exit 2; }
# Every run must have seen the anchor where the symbol table has it (-no-pie).
bad=$(awk -v a="$anchor" '
	FNR == 1 { if ($1 != "anchor") { print FILENAME ": no anchor line"; exit }
		   v = $2; sub(/^0x/, "", v); while (length(v) < length(a)) v = "0" v
		   if (v != a) { print FILENAME ": anchor " $2 ", symbol table 0x" a; exit } }
	/^overflow/ { print FILENAME ": too many functions"; exit }' "$work"/fn/*)
[ -z "$bad" ] || { echo "rule-matrix: $bad" >&2; exit 1; }
awk 'FNR > 1 && /^0x/ { print $1 }' "$work"/fn/* | sort -u > "$work/addrs"
# addrs.tsv: address, file (relative), function, line
addr2line -f -e "$cli" < "$work/addrs" | paste - - | paste "$work/addrs" - |
	awk -F '\t' -v root="$root/" '{
		fl = $3; sub(/:[0-9]+.*$/, "", fl); ln = $3; sub(/^.*:/, "", ln); sub(/[^0-9].*$/, "", ln)
		if (index(fl, root) == 1) fl = substr(fl, length(root) + 1)
		print $1 "\t" fl "\t" $2 "\t" ln }' > "$work/addrs.tsv"

# Function lines as the lcov report numbers them (FN records), if given.
: > "$work/fnlines.tsv"
if [ -n "$lcov" ] && [ -r "$lcov" ]; then
	awk -v root="$root/" '
	/^SF:/ { f = substr($0, 4); if (index(f, root) == 1) f = substr(f, length(root) + 1); next }
	/^FN:/ { m = split(substr($0, 4), a, ","); print f "\t" a[m] "\t" a[1] }
	/^FNL:/ { split(substr($0, 5), a, ","); fnl[a[1]] = a[2] }
	/^FNA:/ { m = split(substr($0, 5), a, ","); print f "\t" a[m] "\t" fnl[a[1]] }' "$lcov" |
		sort -u > "$work/fnlines.tsv"
fi

# defs.tsv: file, function, line of each function defined in model/*.c and
# policy/*.c (a line starting in column 0 with its name followed by "(";
# the last such line, the definition after any prototype).  Only these
# count: addr2line can name a header's static inline function (bits.h)
# after the .c file that instantiated it.
for f in model/*.c policy/*.c; do
	[ -f "$f" ] && echo "$f"
done > "$work/srcfiles"
# shellcheck disable=SC2046
awk '/^[A-Za-z_]/ && /\(/ {
	s = $0; sub(/\(.*$/, "", s); m = split(s, w, /[^A-Za-z0-9_]+/)
	if (m && w[m] != "") def[FILENAME "\t" w[m]] = FNR
}
END { for (k in def) print k "\t" def[k] }' $(cat "$work/srcfiles") | sort > "$work/defs.tsv"

# vecfn.tsv: NNNNN, function key (file:function), for model/ and policy/ only
awk -F '\t' '
FILENAME ~ /defs\.tsv$/ { def[$1 ":" $2] = 1; next }
FILENAME ~ /addrs\.tsv$/ { if (($2 ":" $3) in def) key[$1] = $2 ":" $3; next }
FNR == 1 { n = FILENAME; sub(/^.*\//, "", n); next }
($1 in key) { print n "\t" key[$1] }' "$work/defs.tsv" "$work/addrs.tsv" "$work"/fn/* | sort -u > "$work/vecfn.tsv"

# vecres.tsv: NNNNN, policy ("arch" when none), ok (1/0), in TAP order
awk '
FNR == 1 { n = FILENAME; sub(/^.*\//, "", n) }
/^(not )?ok [0-9]/ {
	ok = $1 == "ok"
	if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) next
	p = "arch"
	if (match($0, /\[[^]]*\]/)) { p = substr($0, RSTART + 1, RLENGTH - 2); sub(/,.*$/, "", p) }
	print n "\t" p "\t" ok
}' "$work"/tap/* > "$work/vecres.tsv"

# ---- 4. The rules -----------------------------------------------------------
# rules.tsv: id, kind, text, sources, choice, waiver, file, line
find "$rules" -name '*.yaml' -type f | sort > "$work/rulefiles"
# shellcheck disable=SC2046
awk '
function unq(s) {
	sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s)
	if (s ~ /^".*"$/) { s = substr(s, 2, length(s) - 2); gsub(/\\"/, "\"", s) }
	else if (s ~ /^\047.*\047$/) { s = substr(s, 2, length(s) - 2); gsub(/\047\047/, "\047", s) }
	gsub(/\t/, " ", s)
	return s
}
function flush() {
	if (id != "")
		print id "\t" kind "\t" text "\t" src "\t" choice "\t" waiver "\t" FILENAME_OF "\t" line
	id = ""
}
FNR == 1 { flush(); FILENAME_OF = FILENAME }
/^  - id:/ {
	flush(); id = $0; sub(/^  - id:/, "", id); id = unq(id); line = FNR
	kind = text = src = choice = waiver = ""
	next
}
id == "" { next }
/^    kind:/ { v = $0; sub(/^    kind:/, "", v); kind = unq(v) }
/^    text:/ { v = $0; sub(/^    text:/, "", v); text = unq(v) }
/^    choice:/ { v = $0; sub(/^    choice:/, "", v); choice = unq(v) }
/^    waiver:/ { v = $0; sub(/^    waiver:/, "", v); waiver = unq(v) }
/^    sources:/ {
	v = $0; sub(/^    sources:[ \t]*\[/, "", v); sub(/\][ \t]*$/, "", v)
	src = ""
	m = split(v, a, /", *"/)
	for (i = 1; i <= m; i++) { s = a[i]; gsub(/^"|"$/, "", s); src = src (i > 1 ? "; " : "") s }
}
END { flush() }' $(cat "$work/rulefiles") | sort -t "$(printf '\t')" -k1,1 > "$work/rules.tsv"

# ---- 5. The page ------------------------------------------------------------
# A function is "common" when every traced vector runs it, and "common to
# AREA" when every traced vector of AREA (vectors/AREA/) runs it; a rule's
# row lists the functions some vector citing it runs that are not common
# to that vector's area (so not common at all either).
html=$(dirname "$out")
# Line anchors of the lcov report: "#123" (genhtml 1.x) or "#L123" (2.x).
lp=
for f in "$html"/model/*.gcov.html; do
	[ -f "$f" ] && grep -q 'id="L1"' "$f" && lp=L
	break
done
up=$(awk -v h="$html" 'BEGIN { n = split(h, a, "/"); s = ""; for (i = 1; i <= n; i++) if (a[i] != "" && a[i] != ".") s = s "../"; print s }')
awk -F '\t' -v up="$up" -v lp="$lp" -v vdir="$vectors" -v report="$( [ -s "$work/fnlines.tsv" ] && echo 1 || echo 0)" \
    -v nrulefiles="$(wc -l < "$work/rulefiles" | tr -d ' ')" '
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
function anchor(s) { gsub(/[^A-Za-z0-9._-]/, "_", s); return s }
# A function key "model/walk.c:walk_s1" as a link to its line in the report.
function fnlink(k,   f, fn, l) {
	f = k; sub(/:[^:]*$/, "", f); fn = k; sub(/^.*:/, "", fn)
	l = (k in fnline) ? fnline[k] : defline[k]
	if (report && l != "")
		return "<a href=\"" esc(f) ".gcov.html#" lp l "\">" esc(fn) "</a>"
	return esc(fn)
}
# keys[1..m] (in order), grouped by file.
function fnlist(keys, m,   i, f, cur, o, k) {
	o = ""; cur = ""
	for (i = 1; i <= m; i++) {
		k = keys[i]; f = k; sub(/:[^:]*$/, "", f)
		if (f != cur) { o = o (cur != "" ? "<br>" : "") "<span class=\"file\">" esc(f) "</span>: "; cur = f }
		else o = o ", "
		o = o fnlink(k)
	}
	return o
}
FILENAME ~ /fnlines\.tsv$/ { fnline[$1 ":" $2] = $3; next }
FILENAME ~ /defs\.tsv$/ { defline[$1 ":" $2] = $3; next }
FILENAME ~ /rules\.tsv$/ {
	nr++; rid[nr] = $1; rkind[nr] = $2; rtext[nr] = $3; rsrc[nr] = $4; rchoice[nr] = $5
	rwaiver[nr] = $6; rfile[nr] = $7; rline[nr] = $8; known[$1] = nr
	next
}
FILENAME ~ /index\.tsv$/ {
	nv++; vn[nv] = $1; vid[nv] = $2; vfile[nv] = $3; vline[nv] = $4; vrules[nv] = $5; byn[$1] = nv
	a = $3; if (index(a, vdir "/") == 1) a = substr(a, length(vdir) + 2); sub(/\/.*$/, "", a)
	varea[nv] = a
	if (!(a in acount)) { na++; areas[na] = a; acount[a] = 0 }
	m = split($5, rr, " ")
	for (i = 1; i <= m; i++) {
		if (!(rr[i] in known)) unknown = unknown " " rr[i] " (" $2 ")"
		cites[rr[i]] = cites[rr[i]] " " nv
	}
	next
}
FILENAME ~ /vecres\.tsv$/ {
	v = byn[$1]
	if (!((v, $2) in vrun)) {
		vrun[v, $2] = 1; vpass[v, $2] = 1
		if (!($2 in pol)) { pol[$2] = 1; npol++; pols[npol] = $2 }
	}
	if (!$3) vpass[v, $2] = 0
	next
}
FILENAME ~ /vecfn\.tsv$/ {
	v = byn[$1]
	if (!($2 in fidx)) { nf++; fkey[nf] = $2; fidx[$2] = nf }
	if (!((v, $2) in vf)) {
		vf[v, $2] = 1; fcount[$2]++; afcount[varea[v], $2]++; vnf[v]++
		if (!traced[v]) { traced[v] = 1; ntraced++; acount[varea[v]]++ }
	}
	next
}
END {
	# Policies sorted by name, then "arch"; areas and function keys sorted.
	for (i = 2; i <= npol; i++) { t = pols[i]; for (j = i - 1; j >= 1 && (pols[j] == "arch" || (t != "arch" && pols[j] > t)); j--) pols[j + 1] = pols[j]; pols[j + 1] = t }
	for (i = 2; i <= na; i++) { t = areas[i]; for (j = i - 1; j >= 1 && areas[j] > t; j--) areas[j + 1] = areas[j]; areas[j + 1] = t }
	for (i = 2; i <= nf; i++) { t = fkey[i]; for (j = i - 1; j >= 1 && fkey[j] > t; j--) fkey[j + 1] = fkey[j]; fkey[j + 1] = t }
	ncommon = 0
	for (i = 1; i <= nf; i++) {
		k = fkey[i]
		if (fcount[k] == ntraced) { common[++ncommon] = k; iscommon[k] = 1 }
		for (j = 1; j <= na; j++) if (acount[areas[j]] && afcount[areas[j], k] == acount[areas[j]]) acommon[areas[j], k] = 1
	}

	print "<!DOCTYPE html>"
	print "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>smmu-nest rule matrix</title>"
	print "<style>"
	print "body { font-family: sans-serif; margin: 1em; } table { border-collapse: collapse; }"
	print "th, td { border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; font-size: 90%; }"
	print "th { background: #dde; position: sticky; top: 0; } td.ok { background: #cfc; text-align: center; }"
	print "td.bad, p.bad { background: #fbb; text-align: center; } td.na { color: #999; text-align: center; }"
	print "td.fn { font-size: 80%; min-width: 22em; } td.vec { font-size: 80%; min-width: 14em; }"
	print ".file { color: #555; } .note { color: #555; font-style: italic; } code { font-size: 95%; }"
	print "</style></head><body>"
	print "<h1>smmu-nest rule matrix</h1>"
	printf "<p>%d rules from %d catalogues; %d vectors, %d of them traced (they ran <code>model/</code> or <code>policy/</code> code). " \
	       "<a href=\"index.html\">Coverage report</a>; <a href=\"#common\">common functions</a>; <a href=\"#vectors\">vectors</a>.</p>\n", \
	       nr, nrulefiles, nv, ntraced
	print "<p>Per rule: the vectors citing it; per policy, <em>passed/run</em> of those vectors (a vector passes under a policy"
	print "when every case of it passes, every cache mode for <code>tlb</code>; <em>arch</em>: the policy-independent vectors of the"
	print "architecture areas); and the <code>model/</code> and <code>policy/</code> functions those vectors ran, each replayed alone by"
	print "the function-tracing CLI, less the functions common to the vector&rsquo;s area (<a href=\"#common\">below</a>), which"
	print "include those every vector runs. Made by <code>make rule-matrix</code> (scripts/rule-matrix.sh); function names link to"
	print "their line in the coverage report.</p>"
	if (unknown != "")
		printf "<p class=\"bad\">Rule ids cited but not in the catalogues:%s</p>\n", esc(unknown)
	printf "<h2>Rules</h2>\n<table>\n<tr><th>rule</th><th>kind</th><th>text</th><th>sources</th><th>vectors</th>"
	for (i = 1; i <= npol; i++) printf "<th>%s</th>", esc(pols[i])
	print "<th>functions</th></tr>"
	norule = 0
	for (r = 1; r <= nr; r++) {
		id = rid[r]
		split("", run); split("", pass); split("", rf)
		m = split(cites[id], vs, " ")
		vlist = ""
		for (i = 1; i <= m; i++) {
			v = vs[i]
			vlist = vlist (i > 1 ? "<br>" : "") "<a href=\"#v-" anchor(vid[v]) "\">" esc(vid[v]) "</a> <span class=\"file\">" esc(vfile[v]) ":" vline[v] "</span>"
			for (j = 1; j <= npol; j++) {
				p = pols[j]
				if ((v, p) in vrun) { run[p]++; if (vpass[v, p]) pass[p]++ }
			}
			for (j = 1; j <= nf; j++) {
				k = fkey[j]
				if (((v, k) in vf) && !((varea[v], k) in acommon)) rf[k] = 1
			}
		}
		if (!m) { norule++; vlist = "<span class=\"note\">none</span>" }
		nk = 0; split("", keys)
		for (j = 1; j <= nf; j++) if (fkey[j] in rf) keys[++nk] = fkey[j]
		note = ""
		if (rchoice[r] != "") note = note "<br><span class=\"note\">choice: " esc(rchoice[r]) "</span>"
		if (rwaiver[r] != "") note = note "<br><span class=\"note\">waiver: " esc(rwaiver[r]) "</span>"
		printf "<tr id=\"r-%s\"><td><code>%s</code><br><span class=\"file\">%s:%d</span></td><td>%s</td><td>%s%s</td><td>%s</td><td class=\"vec\">%s</td>",
		       anchor(id), esc(id), esc(rfile[r]), rline[r], esc(rkind[r]), esc(rtext[r]), note, esc(rsrc[r]), vlist
		for (j = 1; j <= npol; j++) {
			p = pols[j]
			if (!run[p]) printf "<td class=\"na\">&ndash;</td>"
			else printf "<td class=\"%s\">%d/%d</td>", pass[p] == run[p] ? "ok" : "bad", pass[p], run[p]
		}
		printf "<td class=\"fn\">%s</td></tr>\n", nk ? fnlist(keys, nk) : (m ? "<span class=\"note\">only common functions</span>" : "")
	}
	print "</table>"
	printf "<p>%d rules have no vector: each carries a waiver (<code>smmu-nest lint</code> refuses any other).</p>\n", norule
	printf "<h2 id=\"common\">Common functions</h2>\n<p>Every traced vector (%d) runs these %d:</p>\n<p>%s</p>\n", ntraced, ncommon, ncommon ? fnlist(common, ncommon) : "none"
	for (j = 1; j <= na; j++) {
		a = areas[j]; n = 0; split("", keys)
		for (i = 1; i <= nf; i++) if (((a, fkey[i]) in acommon) && !(fkey[i] in iscommon)) keys[++n] = fkey[i]
		printf "<p>Every traced vector of <code>%s</code> (%d) also runs these %d:<br>%s</p>\n", esc(a), acount[a], n, n ? fnlist(keys, n) : "none"
	}
	printf "<h2 id=\"vectors\">Vectors</h2>\n<table>\n<tr><th>vector</th><th>file:line</th><th>rules</th>"
	for (i = 1; i <= npol; i++) printf "<th>%s</th>", esc(pols[i])
	print "<th>functions run</th></tr>"
	bad = 0
	for (v = 1; v <= nv; v++) {
		m = split(vrules[v], rr, " ")
		rl = ""
		for (i = 1; i <= m; i++) rl = rl (i > 1 ? "<br>" : "") "<a href=\"#r-" anchor(rr[i]) "\">" esc(rr[i]) "</a>"
		printf "<tr id=\"v-%s\"><td><code>%s</code></td><td><a href=\"%s%s\">%s</a>:%d</td><td>%s</td>",
		       anchor(vid[v]), esc(vid[v]), up, esc(vfile[v]), esc(vfile[v]), vline[v], rl
		for (j = 1; j <= npol; j++) {
			p = pols[j]
			if (!((v, p) in vrun)) { printf "<td class=\"na\">&ndash;</td>"; continue }
			printf "<td class=\"%s\">%s</td>", vpass[v, p] ? "ok" : "bad", vpass[v, p] ? "pass" : "FAIL"
			if (!vpass[v, p]) bad++
		}
		printf "<td>%d</td></tr>\n", vnf[v]
	}
	print "</table></body></html>"
	printf "%d %d %d %d %d %d\n", nr, nv, ntraced, ncommon, norule, bad > "/dev/stderr"
}' "$work/fnlines.tsv" "$work/defs.tsv" "$work/rules.tsv" "$work/index.tsv" "$work/vecres.tsv" "$work/vecfn.tsv" \
	> "$out.tmp" 2> "$work/summary" || { cat "$work/summary" >&2; exit 1; }
mv "$out.tmp" "$out"
read -r nr nv ntraced ncommon norule nbad < "$work/summary"
echo "rule-matrix: $out: $nr rules, $nv vectors ($ntraced traced), functions common to all: $ncommon," \
	"rules without a vector: $norule, failing vector-policy pairs: $nbad ($(($(date +%s) - start)) s)"
[ "$nbad" -eq 0 ] || echo "rule-matrix: some vectors fail: see the FAIL cells of $out" >&2
