#!/bin/sh
# Seed corpora for the fuzz harnesses, from the golden vectors.
#
#   fuzz/make-corpus.sh MKCORPUS OUTDIR
#
# MKCORPUS is the fuzz/mkcorpus.c tool built against the library; OUTDIR
# receives one directory per harness and the generated dictionaries:
#   loader/       every vector file split into one file per vector (header +
#                 that vector, test-count 1), every rules catalogue split per
#                 rule, and the good and bad loader fixtures of tests/
#   loader-min/   the first two vectors or rules of each file and the fixtures:
#                 the starting queue for a short AFL++ run
#   vste/         one input per vSTE vector (mkcorpus vste) and vste.dict
#   walk/, scenario/   the empty input and fixed pseudo-random inputs
# Run from the top of the tree.  Existing OUTDIR contents are replaced.
set -eu

mk=$1
out=$2
rm -rf "$out"
mkdir -p "$out/loader" "$out/loader-min" "$out/vste" "$out/walk" "$out/scenario"

# Split a vector or rules file: the header up to and including the line
# "vectors:" or "rules:", then one file per "  - id:" item.
split_yaml() {
	awk -v out="$2" -v min="$3" -v base="$(basename "$1" .yaml)" -v area="$(basename "$(dirname "$1")")" '
		function flush() {
			if (n == 0) return
			name = out "/" area "-" base "-" sprintf("%03d", n) ".yaml"
			printf "%s%s", header, item > name
			close(name)
			if (n <= 2) {
				name = min "/" area "-" base "-" sprintf("%03d", n) ".yaml"
				printf "%s%s", header, item > name
				close(name)
			}
		}
		!body && /^test-count:/ { header = header "test-count: 1\n"; next }
		!body { header = header $0 "\n"; if ($0 ~ /^(vectors|rules):/) body = 1; next }
		/^  - id:/ { flush(); n++; item = "" }
		{ item = item $0 "\n" }
		END { flush() }
	' "$1"
}

for f in vectors/*/*.yaml rules/*.yaml; do
	split_yaml "$f" "$out/loader" "$out/loader-min"
done
for d in tests/good tests/good-arch tests/good-tlb tests/good-hitless \
	 tests/bad tests/bad-arch tests/bad-tlb tests/bad-hitless; do
	[ -d "$d" ] || continue
	for f in "$d"/*.yaml; do
		[ -f "$f" ] || continue
		name=$(basename "$d")-$(basename "$f")
		cp "$f" "$out/loader/$name"
		cp "$f" "$out/loader-min/$name"
	done
done

"$mk" vste "$out/vste" "$out/vste.dict" vectors/vste/*.yaml
"$mk" random "$out/walk" 32
"$mk" random "$out/scenario" 32
count() { find "$1" -type f | wc -l; }
echo "make-corpus: loader $(count "$out/loader") (min $(count "$out/loader-min"))," \
	"vste $(count "$out/vste"), walk $(count "$out/walk")," \
	"scenario $(count "$out/scenario") inputs in $out" >&2
