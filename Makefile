# smmu-nest: reference model and conformance suite for SMMUv3 nested translation.
#
#   make               build build/smmu-nest (installs missing Debian packages)
#   make check         unit tests, lint, replay of every golden vector
#   make check SANITIZE=1   the same under ASan + UBSan (build-san/)
#   make conformance   replay every vector under every policy, summary per area
#   make coverage      gcov build, run the suite, lcov HTML under coverage/html
#   make valgrind      the unit tests and a replay under valgrind
#   make bench         walk rate and its ratio to the floor (figures, not tests)
#   make fuzz          AFL++ on every fuzz harness (FUZZ_SECONDS, JOBS; fuzz/README.md)
#   make fuzz-smoke    every harness briefly; fails on any crash or hang (part of check)
#   make fuzz-mutants  each planted bug (mutants.h): which test or harness catches it, how fast
#   make CC=clang ...  any of the above with clang

CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif

BUILD := build
OPT := -O2
EXTRA :=
ifeq ($(SANITIZE),1)
BUILD := build-san
EXTRA += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ifeq ($(COVERAGE),1)
BUILD := build-cov
OPT := -O0
EXTRA += --coverage
endif

CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-Wshadow -Wstrict-prototypes -Wmissing-prototypes -g $(OPT) -fPIC -Iinclude \
	$(YAML_CFLAGS) $(EXTRA) $(CFLAGS)
LDFLAGS_ALL = $(EXTRA) $(LDFLAGS)

# Evaluated when used (after `deps` has run), not when the Makefile is read.
YAML_CFLAGS = $(shell pkg-config --cflags yaml-0.1 2>/dev/null)
YAML_LIBS = $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

LIB_SRCS := $(sort $(wildcard model/*.c policy/*.c src/*.c))
TOOL_SRCS := $(sort $(wildcard tools/*.c))
TEST_SRCS := $(sort $(wildcard tests/check_*.c))
TEST_SUPPORT := $(sort $(filter-out tests/check_%.c,$(wildcard tests/*.c)))

LIB := $(BUILD)/libsmmu-nest.a
CLI := $(BUILD)/smmu-nest
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
TOOL_OBJS := $(TOOL_SRCS:%.c=$(BUILD)/%.o)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT_OBJS := $(TEST_SUPPORT:%.c=$(BUILD)/%.o)

.SECONDARY:

.PHONY: all deps check check-run conformance lint replay coverage valgrind clean tests bench

all: $(CLI)

deps:
	@sh scripts/install-deps.sh

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(CLI): $(TOOL_OBJS) $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $(TOOL_OBJS) $(LIB) $(YAML_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_SUPPORT_OBJS) $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(TEST_SUPPORT_OBJS) $(LIB) $(YAML_LIBS) $(CHECK_LIBS)

tests: $(TEST_BINS) $(CLI)

# Unit tests, then lint, then the golden vectors.
check: deps
	@$(MAKE) --no-print-directory check-run

check-run: tests
	@set -e; for t in $(TEST_BINS); do \
		echo "== $$t"; \
		SMMU_NEST_CLI=$(CLI) $$t; \
	done
	@echo "== lint"
	$(CLI) lint vectors rules
	@echo "== replay"
	$(CLI) replay vectors
	@echo "== explain every architecture vector (text and dot) and every cache vector"
	@set -e; n=0; for f in vectors/ste/*.yaml vectors/cd/*.yaml vectors/walk/*.yaml; do \
		$(CLI) explain $$f >/dev/null; \
		$(CLI) explain --format=dot $$f >/dev/null; \
		n=$$((n + 1)); \
	done; for f in vectors/tlb/*.yaml; do \
		$(CLI) explain $$f >/dev/null; \
		n=$$((n + 1)); \
	done; echo "explain: $$n files, every transaction and step explained and matching"
	@$(MAKE) --no-print-directory fuzz-smoke-run

lint: $(CLI)
	$(CLI) lint vectors rules

replay: $(CLI)
	$(CLI) replay vectors

conformance: deps
	@$(MAKE) --no-print-directory $(CLI)
	$(CLI) conformance vectors

coverage: deps
	@$(MAKE) --no-print-directory COVERAGE=1 check-run
	@mkdir -p coverage/html
	lcov --quiet --capture --rc lcov_branch_coverage=1 --directory build-cov \
		--output-file coverage/lcov.info --exclude '*/tests/*'
	genhtml --quiet --branch-coverage --output-directory coverage/html coverage/lcov.info
	@lcov --summary --rc lcov_branch_coverage=1 coverage/lcov.info 2>&1 | grep -E 'lines|functions|branches'
	@echo "coverage: report in coverage/html/index.html"

# Figures, not tests: walk rate against the floor of the same reads.
bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench_walk
	$(BUILD)/bench/bench_walk
	@command -v afl-fuzz >/dev/null || sh scripts/install-deps.sh afl++
	@sh scripts/bench-fuzz.sh

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(LIB) $(YAML_LIBS)

valgrind: tests
	@command -v valgrind >/dev/null || sh scripts/install-deps.sh valgrind
	@set -e; for t in $(TEST_BINS); do \
		echo "== valgrind $$t"; \
		CK_FORK=no SMMU_NEST_MEMCHECK=1 SMMU_NEST_CLI=$(CLI) valgrind -q --error-exitcode=99 --leak-check=full --trace-children=yes \
			--errors-for-leak-kinds=definite,indirect $$t; \
	done
	valgrind -q --error-exitcode=99 --leak-check=full $(CLI) replay vectors

clean:
	rm -rf build build-san build-cov build-mut coverage/html coverage/lcov.info

# ---- Fuzzing (fuzz/README.md) ----------------------------------------------
#
# Harnesses fuzz/{vste,loader,walk,scenario}.c, each a LLVMFuzzerTestOneInput.
# AFL++ builds (afl-clang-fast, persistent mode through libAFLDriver) go to
# build-fuzz/afl (and build-fuzz/afl-asan: ASan + UBSan), made by
# fuzz/build.sh; plain replay drivers (fuzz/standalone.c) are built here with
# this build's compiler and flags into $(BUILD)/fuzz/; seed corpora are made
# from the golden vectors into build-fuzz/corpus.

FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_HARNESSES ?= vste loader walk scenario
FUZZ_TOP := build-fuzz
FUZZ_CORPUS := $(FUZZ_TOP)/corpus
FUZZ_ALL := vste loader walk scenario
FUZZ_BINS := $(FUZZ_ALL:%=$(BUILD)/fuzz/%)
FUZZ_OBJS := $(FUZZ_ALL:%=$(BUILD)/fuzz/%.o) $(BUILD)/fuzz/standalone.o \
	$(BUILD)/fuzz/walk_ref.o $(BUILD)/fuzz/mkcorpus.o
# Random inputs each standalone driver runs in fuzz-smoke, besides the seeds.
FUZZ_SMOKE_RANDOM ?= 2000

.PHONY: fuzz fuzz-run fuzz-smoke fuzz-smoke-run fuzz-replay fuzz-clean fuzz-mutants

$(BUILD)/fuzz/walk $(BUILD)/fuzz/scenario: $(BUILD)/fuzz/walk_ref.o

$(FUZZ_BINS): $(BUILD)/fuzz/%: $(BUILD)/fuzz/%.o $(BUILD)/fuzz/standalone.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $(filter %.o,$^) $(LIB) $(YAML_LIBS)

$(BUILD)/fuzz/mkcorpus: $(BUILD)/fuzz/mkcorpus.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(LIB) $(YAML_LIBS)

# One corpus for every build: remade when its sources change, not per $(BUILD).
$(FUZZ_CORPUS)/.stamp: fuzz/mkcorpus.c fuzz/make-corpus.sh \
		$(wildcard vectors/*/*.yaml rules/*.yaml tests/good*/*.yaml tests/bad*/*.yaml) \
		| $(BUILD)/fuzz/mkcorpus
	sh fuzz/make-corpus.sh $(BUILD)/fuzz/mkcorpus $(FUZZ_CORPUS)
	@touch $@

# Every seed, and what the last AFL++ run kept, through the standalone
# drivers of this build (under SANITIZE=1: ASan + UBSan, leaks included).
fuzz-replay: $(FUZZ_BINS) $(FUZZ_CORPUS)/.stamp
	@set -e; for h in $(FUZZ_HARNESSES); do \
		q=""; for d in $(FUZZ_TOP)/sync/$$h/*/queue; do [ -d "$$d" ] && q="$$q $$d"; done; \
		echo "== replay $$h: seeds$${q:+ and the AFL++ queues}"; \
		$(BUILD)/fuzz/$$h $(FUZZ_CORPUS)/$$h $$q; \
	done

# make fuzz: AFL++ on each harness for FUZZ_SECONDS with JOBS instances (all
# harnesses at once), then their queues replayed under ASan + UBSan.
fuzz: deps
	@command -v afl-fuzz >/dev/null || sh scripts/install-deps.sh afl++
	@$(MAKE) --no-print-directory fuzz-run

fuzz-run: $(FUZZ_CORPUS)/.stamp
	sh fuzz/afl.sh build $(FUZZ_TOP)/afl
	@if [ $(JOBS) -ge 2 ]; then sh fuzz/afl.sh build $(FUZZ_TOP)/afl-asan asan; fi
	@echo "== fuzz: $(FUZZ_HARNESSES), $(FUZZ_SECONDS) s, $(JOBS) instance(s) each"
	@set +e; sh fuzz/afl.sh run $(FUZZ_SECONDS) $(JOBS) $(FUZZ_CORPUS) $(FUZZ_TOP)/afl \
		$$([ $(JOBS) -ge 2 ] && echo $(FUZZ_TOP)/afl-asan || echo -) $(FUZZ_HARNESSES); \
	rc=$$?; \
	$(MAKE) --no-print-directory SANITIZE=1 fuzz-replay || rc=1; \
	exit $$rc

# make fuzz-smoke (and the last step of make check): every seed and
# FUZZ_SMOKE_RANDOM random inputs through this build's standalone drivers,
# then AFL++ on every harness for FUZZ_SMOKE_SECONDS (all at once, fresh
# seeds), then what AFL++ found through the standalone drivers again.
fuzz-smoke: deps
	@$(MAKE) --no-print-directory fuzz-smoke-run

fuzz-smoke-run: $(FUZZ_BINS) $(FUZZ_CORPUS)/.stamp
	@set -e; for h in $(FUZZ_HARNESSES); do \
		echo "== fuzz-smoke $$h: seeds, reproducers and $(FUZZ_SMOKE_RANDOM) random inputs ($(BUILD)/fuzz/$$h)"; \
		SMMU_NEST_FUZZ_RANDOM=$(FUZZ_SMOKE_RANDOM) $(BUILD)/fuzz/$$h $(FUZZ_CORPUS)/$$h \
			$$(ls fuzz/repro/$$h-* 2>/dev/null); \
	done
	@sh fuzz/afl.sh build $(FUZZ_TOP)/afl
	@echo "== fuzz-smoke: AFL++, $(FUZZ_SMOKE_SECONDS) s per harness"
	@FUZZ_SYNC=$(FUZZ_TOP)/smoke/$(notdir $(BUILD)) FUZZ_FRESH=1 sh fuzz/afl.sh run $(FUZZ_SMOKE_SECONDS) 1 \
		$(FUZZ_CORPUS) $(FUZZ_TOP)/afl - $(FUZZ_HARNESSES)
	@set -e; if [ "$(COVERAGE)" != 1 ]; then for h in $(FUZZ_HARNESSES); do \
		echo "== fuzz-smoke $$h: the AFL++ queue through $(BUILD)/fuzz/$$h"; \
		$(BUILD)/fuzz/$$h $(FUZZ_TOP)/smoke/$(notdir $(BUILD))/$$h/main/queue; \
	done; fi
	@echo "fuzz-smoke: $(FUZZ_HARNESSES): no crash, no hang"

fuzz-clean:
	rm -rf $(FUZZ_TOP)

# make fuzz-mutants: every planted bug of include/smmu-nest/mutants.h built,
# then the test suite and the harnesses run against it; prints which test or
# harness caught each and AFL++'s time to the first crash.  Options through
# FUZZ_MUTANTS_ARGS (scripts/fuzz-mutants.sh --help), e.g.
# FUZZ_MUTANTS_ARGS="--fuzz-seconds=60 v0-not-sanitized".
FUZZ_MUTANTS_ARGS ?=
fuzz-mutants: deps
	@command -v afl-fuzz >/dev/null || sh scripts/install-deps.sh afl++
	@MAKE="$(MAKE)" bash scripts/fuzz-mutants.sh $(FUZZ_MUTANTS_ARGS)

-include $(FUZZ_OBJS:.o=.d)

-include $(LIB_OBJS:.o=.d) $(TOOL_OBJS:.o=.d) $(TEST_BINS:=.d) $(TEST_SUPPORT_OBJS:.o=.d)
