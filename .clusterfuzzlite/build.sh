#!/bin/sh
# ClusterFuzzLite / OSS-Fuzz build: $CC, $CFLAGS and $LIB_FUZZING_ENGINE
# come from the builder image; fuzz/build.sh puts the harnesses, their
# seed corpora (from the golden vectors) and dictionaries into $OUT.
set -eu
cd "$SRC/smmu-nest"
YAML_LIBS="-Wl,-Bstatic -lyaml -Wl,-Bdynamic" FUZZ_CORPUS=1 sh fuzz/build.sh
