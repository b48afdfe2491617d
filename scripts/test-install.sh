#!/bin/sh
# make install-check: install smmu-nest into temporary directories and use
# what was installed, the way a user or a distribution package would.
#
#  1. make install DESTDIR=STAGE PREFIX=/usr: exactly the expected files,
#     with their modes, symlinks and soname, no trace of STAGE in them;
#     then make uninstall leaves no file behind.
#  2. make install PREFIX=TMP: every installed header compiles alone;
#     tests/install/demo.c builds with pkg-config against the shared and
#     the static library and prints what the installed CLI says; the
#     installed CLI replays the installed vectors from a directory without
#     vectors/; the man page renders without a warning and documents every
#     command and option the CLI's --help lists; make uninstall.
#
# Run from the top of the source tree, by the Makefile, with MAKE, CC,
# BUILD and SN_EXTRA_FLAGS (the build's sanitizer or coverage flags, also
# used for the demo) set.  Any failure exits 1.
set -eu

MAKE=${MAKE:-make}
CC=${CC:-cc}
BUILD=${BUILD:-build}
EXTRA=${SN_EXTRA_FLAGS:-}
start=$(date +%s)

fail() {
	echo "install-check: FAIL: $*" >&2
	exit 1
}

for tool in groff pkg-config readelf; do
	command -v "$tool" >/dev/null 2>&1 ||
		fail "$tool not found (scripts/install-deps.sh installs groff-base, pkg-config and binutils)"
done
[ -f include/smmu-nest/version.h ] || fail "run from the top of the source tree"

version=$(sed -n 's/^#define SMMU_NEST_VERSION "\(.*\)"/\1/p' include/smmu-nest/version.h)
[ -n "$version" ] || fail "no SMMU_NEST_VERSION in include/smmu-nest/version.h"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/smmu-nest-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir "$tmp/empty"

# run LOG CMD...: run CMD with its output in LOG, shown if it fails.
run() {
	log=$1
	shift
	if ! "$@" >"$log" 2>&1; then
		cat "$log" >&2
		fail "$*"
	fi
}

# The files `make install` must install, relative to the prefix, sorted.
expected_files() {
	{
		echo bin/smmu-nest
		echo lib/libsmmu-nest.a
		echo lib/libsmmu-nest.so
		echo lib/libsmmu-nest.so.0
		echo "lib/libsmmu-nest.so.$version"
		echo lib/pkgconfig/smmu-nest.pc
		for h in include/smmu-nest/*.h; do
			echo "$h"
		done
		echo share/man/man1/smmu-nest.1
		find vectors rules -name '*.yaml' | sed 's|^|share/smmu-nest/|'
		echo share/smmu-nest/vectors/README.md
		echo share/smmu-nest/vectors/SCHEMA.md
	} | LC_ALL=C sort
}

# check_tree ROOT: ROOT holds exactly the expected files (and symlinks),
# each with its mode.
check_tree() {
	root=$1
	expected_files >"$tmp/expected"
	(cd "$root" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort) >"$tmp/installed"
	if ! diff -u "$tmp/expected" "$tmp/installed" >"$tmp/diff"; then
		cat "$tmp/diff" >&2
		fail "the files installed under $root differ from the expected list (- missing, + unexpected)"
	fi
	while read -r f; do
		case $f in
		lib/libsmmu-nest.so | lib/libsmmu-nest.so.0)
			[ -L "$root/$f" ] || fail "$f is not a symlink"
			continue ;;
		bin/smmu-nest | "lib/libsmmu-nest.so.$version") want=755 ;;
		*) want=644 ;;
		esac
		if [ ! -f "$root/$f" ] || [ -L "$root/$f" ]; then
			fail "$f is not a regular file"
		fi
		mode=$(stat -c %a "$root/$f")
		[ "$mode" = "$want" ] || fail "$f has mode $mode, expected $want"
	done <"$tmp/expected"
	[ "$(readlink "$root/lib/libsmmu-nest.so")" = libsmmu-nest.so.0 ] ||
		fail "lib/libsmmu-nest.so does not point to libsmmu-nest.so.0"
	[ "$(readlink "$root/lib/libsmmu-nest.so.0")" = "libsmmu-nest.so.$version" ] ||
		fail "lib/libsmmu-nest.so.0 does not point to libsmmu-nest.so.$version"
	readelf -d "$root/lib/libsmmu-nest.so.$version" | grep -qF 'Library soname: [libsmmu-nest.so.0]' ||
		fail "the shared library's soname is not libsmmu-nest.so.0"
}

# check_gone ROOT: no file or symlink left under ROOT, nor our directories.
check_gone() {
	root=$1
	left=$(cd "$root" && find . ! -type d)
	[ -z "$left" ] || fail "make uninstall left under $root: $left"
	for d in include/smmu-nest share/smmu-nest; do
		[ ! -e "$root/$d" ] || fail "make uninstall left the directory $root/$d"
	done
}

# ---- 1. A staged install, as a package build makes it ---------------------

stage=$tmp/stage
echo "== install-check: make install DESTDIR=$stage PREFIX=/usr"
run "$tmp/log" "$MAKE" --no-print-directory -s install DESTDIR="$stage" PREFIX=/usr
[ "$(ls "$stage")" = usr ] || fail "make install DESTDIR=... PREFIX=/usr wrote outside DESTDIR/usr: $(ls "$stage")"
check_tree "$stage/usr"
grep -qx 'prefix=/usr' "$stage/usr/lib/pkgconfig/smmu-nest.pc" || fail "smmu-nest.pc: prefix is not /usr"
leaks=$(grep -rlF "$stage" "$stage" || true)
[ -z "$leaks" ] || fail "the DESTDIR path is written into: $leaks"
grep -qF /usr/share/smmu-nest "$stage/usr/bin/smmu-nest" ||
	fail "the installed CLI does not carry its data directory /usr/share/smmu-nest"
cflags=$(PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage" \
	pkg-config --cflags smmu-nest)
case " $cflags " in
*" -I$stage/usr/include "*) ;;
*) fail "pkg-config with PKG_CONFIG_SYSROOT_DIR: --cflags gave '$cflags'" ;;
esac
run "$tmp/log" "$MAKE" --no-print-directory -s uninstall DESTDIR="$stage" PREFIX=/usr
check_gone "$stage"

# ---- 2. An install in a prefix of its own, used --------------------------

prefix=$tmp/prefix
share=$prefix/share/smmu-nest
cli=$prefix/bin/smmu-nest
echo "== install-check: make install PREFIX=$prefix"
run "$tmp/log" "$MAKE" --no-print-directory -s install PREFIX="$prefix"
check_tree "$prefix"

PKG_CONFIG_PATH=$prefix/lib/pkgconfig
export PKG_CONFIG_PATH
got=$(pkg-config --modversion smmu-nest)
[ "$got" = "$version" ] || fail "pkg-config --modversion smmu-nest: '$got', expected '$version'"
got=$(pkg-config --variable=vectorsdir smmu-nest)
[ "$got" = "$share/vectors" ] || fail "pkg-config --variable=vectorsdir smmu-nest: '$got'"
cflags=$(pkg-config --cflags smmu-nest)
case " $cflags " in
*" -I$prefix/include "*) ;;
*) fail "pkg-config --cflags smmu-nest: '$cflags'" ;;
esac
case " $(pkg-config --static --libs smmu-nest) " in
*" -lyaml "*) ;;
*) fail "pkg-config --static --libs smmu-nest does not bring libyaml" ;;
esac

echo "== install-check: every installed header compiles alone"
n=0
for h in "$prefix"/include/smmu-nest/*.h; do
	h=${h##*/}
	# Twice: the second inclusion checks the include guard.
	printf '#include <smmu-nest/%s>\n#include <smmu-nest/%s>\n' "$h" "$h" >"$tmp/header.c"
	# shellcheck disable=SC2086
	if ! $CC -std=c11 -Wall -Wextra -Werror $cflags -fsyntax-only "$tmp/header.c" \
			>"$tmp/log" 2>&1; then
		cat "$tmp/log" >&2
		fail "<smmu-nest/$h> does not compile alone with -std=c11 -Wall -Wextra -Werror"
	fi
	n=$((n + 1))
done
echo "install-check: $n headers"

echo "== install-check: tests/install/demo.c against the shared and the static library"
# What the demo must print: the installed CLI's answer for the same vSTE.
vector_file=$share/vectors/vste/ats.yaml
json=$("$cli" vste --policy=v7.0 --ats-supported --json 0x000000008000100b 0x00000000100000d6)
ste=$(echo "$json" | sed -n 's/.*"ste":\[\([^]]*\)\].*/\1/p' | tr -d '"')
ats=$(echo "$json" | sed -n 's/.*"ats":\([a-z]*\).*/\1/p')
if [ -z "$ste" ] || [ -z "$ats" ]; then
	fail "smmu-nest vste --json: unexpected output: $json"
fi
n_vectors=$(grep -c '^  - id:' "$vector_file")
[ "$n_vectors" -gt 0 ] || fail "$vector_file has no vectors"
printf 'smmu-nest %s\nv7.0: ok ats=%s ste=%s\n%s: area vste, %s vectors\n' \
	"$version" "$ats" "$ste" "$vector_file" "$n_vectors" >"$tmp/demo.expected"

# shellcheck disable=SC2046,SC2086
run "$tmp/log" $CC $EXTRA -std=c11 -Wall -Wextra -Werror -o "$tmp/demo-shared" tests/install/demo.c \
	$(pkg-config --cflags --libs smmu-nest)
readelf -d "$tmp/demo-shared" | grep -qF 'Shared library: [libsmmu-nest.so.0]' ||
	fail "demo-shared is not linked against libsmmu-nest.so.0"
LD_LIBRARY_PATH=$prefix/lib ldd "$tmp/demo-shared" |
	grep -qF "libsmmu-nest.so.0 => $prefix/lib/libsmmu-nest.so.0" ||
	fail "demo-shared does not load the installed libsmmu-nest.so.0"
LD_LIBRARY_PATH=$prefix/lib "$tmp/demo-shared" "$vector_file" >"$tmp/demo.out" ||
	fail "demo-shared exited with status $?"
diff -u "$tmp/demo.expected" "$tmp/demo.out" || fail "demo-shared: unexpected output"

static_libs=""
for w in $(pkg-config --static --libs smmu-nest); do
	[ "$w" = -lsmmu-nest ] && w=-l:libsmmu-nest.a
	static_libs="$static_libs $w"
done
# shellcheck disable=SC2046,SC2086
run "$tmp/log" $CC $EXTRA -std=c11 -Wall -Wextra -Werror -o "$tmp/demo-static" tests/install/demo.c \
	$(pkg-config --cflags smmu-nest) $static_libs
if readelf -d "$tmp/demo-static" | grep -qF libsmmu-nest; then
	fail "demo-static needs a shared libsmmu-nest"
fi
"$tmp/demo-static" "$vector_file" >"$tmp/demo.out" || fail "demo-static exited with status $?"
diff -u "$tmp/demo.expected" "$tmp/demo.out" || fail "demo-static: unexpected output"

echo "== install-check: the installed CLI and its installed data"
got=$("$cli" --version)
case $got in
"smmu-nest $version "*) ;;
*) fail "smmu-nest --version: '$got'" ;;
esac
# The reference: the installed CLI on the source tree's vectors and rules.
"$cli" conformance vectors >"$tmp/conf.tree" || fail "installed smmu-nest conformance vectors: status $?"
"$cli" lint vectors rules >"$tmp/lint.tree" || fail "installed smmu-nest lint vectors rules: status $?"
(cd "$tmp/empty" && "$cli" conformance "$share/vectors") >"$tmp/conf.out" ||
	fail "installed smmu-nest conformance $share/vectors: status $?"
diff -u "$tmp/conf.tree" "$tmp/conf.out" ||
	fail "conformance on the installed vectors differs from conformance on vectors/"
(cd "$tmp/empty" && "$cli" lint "$share/vectors" "$share/rules") >"$tmp/lint.out" ||
	fail "installed smmu-nest lint on the installed vectors and rules: status $?"
diff -u "$tmp/lint.tree" "$tmp/lint.out" ||
	fail "lint on the installed vectors and rules differs from lint on vectors/ rules/"
# With no path, from a directory without vectors/: the installed copies
# (tools/datadir.c).
(cd "$tmp/empty" && "$cli" conformance) >"$tmp/conf.out" ||
	fail "installed smmu-nest conformance (no path, no ./vectors): status $?"
diff -u "$tmp/conf.tree" "$tmp/conf.out" ||
	fail "conformance with no path does not replay the installed vectors"
(cd "$tmp/empty" && "$cli" lint) >"$tmp/lint.out" ||
	fail "installed smmu-nest lint (no path, no ./vectors, ./rules): status $?"
diff -u "$tmp/lint.tree" "$tmp/lint.out" ||
	fail "lint with no path does not check the installed vectors and rules"

echo "== install-check: the man page"
page=$prefix/share/man/man1/smmu-nest.1
grep -q "^\.TH SMMU-NEST 1 .*\"smmu-nest $version\"" "$page" ||
	fail "man/smmu-nest.1: the .TH line does not name version $version"
if ! groff -man -Tutf8 -ww -z "$page" >"$tmp/log" 2>&1 || [ -s "$tmp/log" ]; then
	cat "$tmp/log" >&2
	fail "groff -man -ww: warnings in smmu-nest(1)"
fi
groff -man -Tascii -P-cbou -rLL=250n "$page" 2>/dev/null >"$tmp/man.txt"
# section SECTION WORD: the rendered text of the subsections of SECTION
# whose heading has WORD among its words.
section() {
	awk -v sec="$1" -v word="$2" '
		/^[A-Z]/ { in_sec = ($0 == sec); keep = 0; next }
		!in_sec { next }
		/^   [^ ]/ {
			keep = 0
			n = split($0, w, " ")
			for (i = 1; i <= n; i++)
				if (w[i] == word)
					keep = 1
			next
		}
		keep { print }' "$tmp/man.txt"
}
"$cli" --help | awk '/^Commands:/ { c = 1; next } c && /^  [a-z]/ { print $1 } c && /^$/ { c = 0 }' \
	>"$tmp/commands"
[ -s "$tmp/commands" ] || fail "smmu-nest --help lists no command"
awk '/^OPTIONS$/ { o = 1; next } /^[A-Z]/ { o = 0 } o && /^   [^ ]/ { exit } o' "$tmp/man.txt" \
	>"$tmp/common"
for opt in --help --version; do
	grep -qF -- "$opt" "$tmp/common" || fail "smmu-nest(1): OPTIONS does not describe $opt"
done
n_cmds=0
n_opts=0
while read -r cmd; do
	for sec in COMMANDS OPTIONS; do
		awk -v sec="$sec" -v word="$cmd" '
			/^[A-Z]/ { in_sec = ($0 == sec); next }
			in_sec && /^   [^ ]/ {
				n = split($0, w, " ")
				for (i = 1; i <= n; i++)
					if (w[i] == word)
						found = 1
			}
			END { exit !found }' "$tmp/man.txt" ||
			fail "smmu-nest(1): no subsection for '$cmd' under $sec"
	done
	section OPTIONS "$cmd" >"$tmp/cmd-options"
	"$cli" "$cmd" --help | grep -o -- '--[a-z][a-z0-9-]*' | LC_ALL=C sort -u >"$tmp/opts"
	while read -r opt; do
		case $opt in --help | --version) continue ;; esac
		grep -qF -- "$opt" "$tmp/cmd-options" ||
			fail "smmu-nest(1): OPTIONS, $cmd: $opt (from 'smmu-nest $cmd --help') is not described"
		n_opts=$((n_opts + 1))
	done <"$tmp/opts"
	n_cmds=$((n_cmds + 1))
done <"$tmp/commands"
echo "install-check: smmu-nest(1): no warning; $n_cmds commands and $n_opts of their options described"

echo "== install-check: make uninstall PREFIX=$prefix"
run "$tmp/log" "$MAKE" --no-print-directory -s uninstall PREFIX="$prefix"
check_gone "$prefix"

echo "install-check: ok ($(($(date +%s) - start)) s)"
