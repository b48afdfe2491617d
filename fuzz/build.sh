#!/bin/sh
# Build the fuzz harnesses, OSS-Fuzz style.
#
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/out fuzz/build.sh
#
# Environment (the OSS-Fuzz / ClusterFuzzLite conventions):
#   CC, CFLAGS          compiler and flags for everything, the model included:
#                       the library sources are compiled here with the same
#                       flags (not the prebuilt build/libsmmu-nest.a), so the
#                       engine's instrumentation covers the model
#   CXX                 the linker driver if set (OSS-Fuzz links with $CXX,
#                       as some engines are C++); otherwise $CC
#   LIB_FUZZING_ENGINE  the engine: -fsanitize=fuzzer (libFuzzer), AFL++'s
#                       libAFLDriver.a, or any object providing main()
#   OUT                 where the binaries go (default build-fuzz/out)
#   WORK                scratch space for objects (default $OUT/obj); objects
#                       are rebuilt when a source, any header or the flags change
#   YAML_LIBS           how to link libyaml (default: pkg-config's answer)
#   FUZZ_CORPUS=1       also write $OUT/<harness>_seed_corpus.zip (or a
#                       directory when zip is missing) and $OUT/<harness>.dict
#                       from the golden vectors (fuzz/make-corpus.sh)
#
# Harnesses: vste, loader, walk, scenario (fuzz/<name>.c).
set -eu
cd "$(dirname "$0")/.."

CC=${CC:-cc}
CFLAGS=${CFLAGS:-}
LINK=${CXX:-$CC}
OUT=${OUT:-build-fuzz/out}
WORK=${WORK:-$OUT/obj}
LIB_FUZZING_ENGINE=${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}
HARNESSES="vste loader walk scenario"

YAML_CFLAGS=$(pkg-config --cflags yaml-0.1 2>/dev/null || true)
# YAML_LIBS may be set: ClusterFuzzLite links libyaml statically, as its
# runner image has no libyaml (.clusterfuzzlite/build.sh).  -ldl: mkcorpus
# links the whole library, dlopen() (src/dutrun.c) included, and dlopen is
# in libc itself only since glibc 2.34.
YAML_LIBS=${YAML_LIBS:-$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)}
YAML_LIBS="$YAML_LIBS -ldl"
BASE="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -g -Iinclude $YAML_CFLAGS"
JOBS_N=$(nproc 2>/dev/null || echo 2)

mkdir -p "$OUT" "$WORK"

# Rebuild everything when the compiler or flags change.
stamp="$WORK/.flags"
flags="$CC $BASE $CFLAGS"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$flags" ]; then
	rm -f "$WORK"/*.o
	printf '%s' "$flags" > "$stamp"
fi

# An object older than its source or than any header is rebuilt.
headers="include/smmu-nest/*.h src/*.h model/*.h fuzz/*.h"

compile_list=""
for src in model/*.c policy/*.c src/*.c fuzz/walk_ref.c; do
	# The device-under-test loader (dlopen) is no harness's business, and
	# AFL++ warns about any dlopen() it instruments.
	[ "$src" = src/dutrun.c ] && continue
	obj="$WORK/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	# shellcheck disable=SC2086
	if [ ! -f "$obj" ] || [ -n "$(find "$src" $headers -newer "$obj" 2>/dev/null | head -n 1)" ]; then
		compile_list="$compile_list $src"
	fi
done
if [ -n "$compile_list" ]; then
	# shellcheck disable=SC2086,SC2016
	printf '%s\n' $compile_list | xargs -P "$JOBS_N" -I{} sh -c \
		'obj="$1/$(echo "$2" | tr / _ | sed "s/\.c\$/.o/")"; '"$CC $BASE $CFLAGS"' -c "$2" -o "$obj"' \
		sh "$WORK" {}
fi
rm -f "$WORK/libsmmu-nest-fuzz.a" "$WORK/src_dutrun.o"
ar rcs "$WORK/libsmmu-nest-fuzz.a" "$WORK"/model_*.o "$WORK"/policy_*.o "$WORK"/src_*.o

for h in $HARNESSES; do
	extra=""
	case $h in
	walk|scenario) extra="$WORK/fuzz_walk_ref.o" ;;
	esac
	# shellcheck disable=SC2086
	$CC $BASE $CFLAGS -c "fuzz/$h.c" -o "$WORK/h_$h.o"
	# shellcheck disable=SC2086
	$LINK $CFLAGS "$WORK/h_$h.o" $extra "$WORK/libsmmu-nest-fuzz.a" \
		$LIB_FUZZING_ENGINE $YAML_LIBS -o "$OUT/$h"
done

if [ "${FUZZ_CORPUS:-0}" = 1 ]; then
	# The corpus tool runs at build time: plain flags, no sanitizer or engine.
	# shellcheck disable=SC2086
	${CC_HOST:-cc} $BASE fuzz/mkcorpus.c model/*.c policy/*.c src/*.c $YAML_LIBS \
		-o "$WORK/mkcorpus"
	sh fuzz/make-corpus.sh "$WORK/mkcorpus" "$WORK/corpus"
	for h in $HARNESSES; do
		rm -rf "$OUT/${h}_seed_corpus" "$OUT/${h}_seed_corpus.zip"
		if command -v zip >/dev/null 2>&1; then
			(cd "$WORK/corpus/$h" && zip -q -r - .) > "$OUT/${h}_seed_corpus.zip"
		else
			cp -r "$WORK/corpus/$h" "$OUT/${h}_seed_corpus"
		fi
	done
	cp fuzz/loader.dict "$OUT/loader.dict"
	cp "$WORK/corpus/vste.dict" "$OUT/vste.dict"
fi
echo "fuzz/build.sh: $HARNESSES in $OUT" >&2
