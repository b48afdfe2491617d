# smmu-nest: reference model and conformance suite for SMMUv3 nested translation.
#
#   make               build build/smmu-nest (installs missing Debian packages)
#   make check         unit tests, lint, replay of every golden vector
#   make check SANITIZE=1   the same under ASan + UBSan (build-san/)
#   make conformance   replay every vector under every policy, summary per area
#   make coverage      gcov build, run the suite, lcov HTML and rule matrix under coverage/html, gate (coverage/README.md)
#   make valgrind      the unit tests and a replay under valgrind
#   make bench         every figure in one table: walk/floor, vSTE/s, fuzz ratio, prove, replay
#   make fuzz          AFL++ on every fuzz harness (FUZZ_SECONDS, JOBS; fuzz/README.md)
#   make fuzz-smoke    every harness briefly; fails on any crash or hang (part of check)
#   make fuzz-mutants  each planted bug (mutants.h): which test or harness catches it, how fast
#   make install       library, headers, smmu-nest.pc, CLI, man page, vectors (PREFIX, DESTDIR)
#   make uninstall     remove what install installed (same PREFIX, DESTDIR)
#   make install-check install into temporary prefixes, build and run a program against it (part of check)
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
YAML_LIBS = $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml) -ldl
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
DUT_SOS := $(BUILD)/adapters/libsmmu-nest-dut-model.so $(BUILD)/adapters/libsmmu-nest-dut-broken.so

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

tests: $(TEST_BINS) $(CLI) $(DUT_SOS)

# Under ASan + UBSan the unit tests run at the reduced volume make valgrind
# uses (SMMU_NEST_MEMCHECK: e.g. 100 property scenarios per policy, not
# 5000, which take four minutes there): every path still runs, and the
# full volume runs in the plain make check.
CHECK_REDUCED := $(if $(filter 1,$(SANITIZE)),SMMU_NEST_MEMCHECK=1)

# Unit tests, then lint, then the golden vectors.
check: deps
	@$(MAKE) --no-print-directory check-run

check-run: tests
	@set -e; for t in $(TEST_BINS); do \
		echo "== $$t"; \
		SMMU_NEST_CLI=$(CLI) $(CHECK_REDUCED) $$t; \
	done
	@echo "== lint"
	$(CLI) lint vectors rules
	@echo "== replay"
	$(CLI) replay vectors
	@echo "== replay against the model adapter (--dut; docs/dut.md)"
	$(CLI) replay --quiet --dut=$(BUILD)/adapters/libsmmu-nest-dut-model.so vectors
	@echo "== explain every architecture vector (text and dot) and every cache vector"
	@set -e; n=0; for f in vectors/ste/*.yaml vectors/cd/*.yaml vectors/walk/*.yaml; do \
		$(CLI) explain $$f >/dev/null; \
		$(CLI) explain --format=dot $$f >/dev/null; \
		n=$$((n + 1)); \
	done; for f in vectors/tlb/*.yaml; do \
		$(CLI) explain $$f >/dev/null; \
		n=$$((n + 1)); \
	done; echo "explain: $$n files, every transaction and step explained and matching"
	@echo "== coverage gate on its fixtures"
	@$(MAKE) --no-print-directory coverage-gate-check
	@$(MAKE) --no-print-directory install-check-run
	@$(MAKE) --no-print-directory fuzz-smoke-run

lint: $(CLI)
	$(CLI) lint vectors rules

replay: $(CLI)
	$(CLI) replay vectors

conformance: deps
	@$(MAKE) --no-print-directory $(CLI)
	$(CLI) conformance vectors

# ---- Coverage (coverage/README.md) ------------------------------------------
#
# make coverage: the library, CLI, unit tests and fuzz drivers built with
# gcov at -O0 in build-cov/; coverage-run runs them JOBS at a time: every
# unit test, lint, replay and explain of every vector, each fuzz driver
# over its seeds, reproducers and FUZZ_SMOKE_RANDOM random inputs (the
# AFL++ part of fuzz-smoke and install-check are left to make check: they
# run no model or policy code the rest does not).  Then the lcov report in
# coverage/html (coverage/lcov.sh: lcov 1.x or 2.x), the rule matrix
# coverage/html/rules.html (make rule-matrix), and last the gate
# (coverage/gate.sh): make coverage fails when the files DIR/*.c of any
# directory of COV_GATE_DIRS have less than COV_MIN_LINES % of their lines
# or COV_MIN_BRANCHES % of their branches covered.  Raise the thresholds as
# coverage improves; a line no test can reach is excluded only by an
# LCOV_EXCL marker giving its reason, listed in coverage/exclusions.md.
# (The issue's floor was 98 % of lines, 90 % of branches; raised to what the
# suite reaches, less a margin.)
COV_MIN_LINES ?= 99
COV_MIN_BRANCHES ?= 93
COV_GATE_DIRS ?= model policy
COV_BUILD := build-cov
COV_INFO := coverage/lcov.info
COV_HTML := coverage/html
# Unit tests run at the reduced volume of make valgrind (SMMU_NEST_MEMCHECK):
# check_property's 5000 scenarios per policy take minutes at -O0 and reach
# no model or policy line or branch that its 100 do not.
COV_REDUCED ?= check_property
COV_TEST_RUNS := $(TEST_SRCS:tests/%.c=cov-test-%)

.PHONY: coverage coverage-run cov-cli cov-explain cov-fuzz $(COV_TEST_RUNS) \
	rule-matrix coverage-gate-check

coverage: deps
	@rm -f $(COV_INFO)
	@if [ -d $(COV_BUILD) ]; then find $(COV_BUILD) -name '*.gcda' -exec rm -f {} +; fi
	@$(MAKE) --no-print-directory COVERAGE=1 -j$(JOBS) tests \
		$(FUZZ_ALL:%=$(COV_BUILD)/fuzz/%) $(FUZZ_CORPUS)/.stamp
	@$(MAKE) --no-print-directory COVERAGE=1 -j$(JOBS) coverage-run
	@sh coverage/lcov.sh capture $(COV_BUILD) $(COV_INFO)
	@sh coverage/lcov.sh html $(COV_INFO) $(COV_HTML)
	@$(MAKE) --no-print-directory rule-matrix
	@echo "coverage: report $(COV_HTML)/index.html, rule matrix $(COV_HTML)/rules.html"
	@sh coverage/gate.sh --root="$(CURDIR)" --min-lines=$(COV_MIN_LINES) \
		--min-branches=$(COV_MIN_BRANCHES) $(COV_INFO) $(COV_GATE_DIRS)

# Under COVERAGE=1 (BUILD is build-cov); the longest runs first.
coverage-run: cov-explain cov-fuzz $(COV_TEST_RUNS) cov-cli

$(COV_TEST_RUNS): cov-test-%: $(BUILD)/tests/%
	@mkdir -p $(BUILD)/log
	@if SMMU_NEST_CLI=$(CLI) $(if $(filter $*,$(COV_REDUCED)),SMMU_NEST_MEMCHECK=1) \
		$(BUILD)/tests/$* > $(BUILD)/log/$*.log 2>&1; then \
		echo "== $(BUILD)/tests/$*: $$(grep -E '^[0-9]+%: Checks' $(BUILD)/log/$*.log | tail -n 1)"; \
	else cat $(BUILD)/log/$*.log; echo "coverage: $(BUILD)/tests/$* failed" >&2; exit 1; fi

cov-cli: $(CLI)
	@mkdir -p $(BUILD)/log
	@$(CLI) lint vectors rules >/dev/null
	@$(CLI) replay vectors > $(BUILD)/log/replay.log 2>&1 || { cat $(BUILD)/log/replay.log; exit 1; }
	@echo "== lint, replay: $$(tail -n 1 $(BUILD)/log/replay.log)"

cov-explain: $(CLI)
	@set -e; n=0; for f in vectors/ste/*.yaml vectors/cd/*.yaml vectors/walk/*.yaml; do \
		$(CLI) explain $$f >/dev/null; \
		$(CLI) explain --format=dot $$f >/dev/null; \
		n=$$((n + 1)); \
	done; for f in vectors/tlb/*.yaml; do \
		$(CLI) explain $$f >/dev/null; \
		n=$$((n + 1)); \
	done; echo "== explain: $$n files"

cov-fuzz:
	@set -e; for h in $(FUZZ_ALL); do \
		SMMU_NEST_FUZZ_RANDOM=$(FUZZ_SMOKE_RANDOM) $(BUILD)/fuzz/$$h $(FUZZ_CORPUS)/$$h \
			$$(ls fuzz/repro/$$h-* 2>/dev/null) >/dev/null; \
	done; echo "== fuzz drivers $(FUZZ_ALL): seeds, reproducers, $(FUZZ_SMOKE_RANDOM) random inputs each"

# make rule-matrix: coverage/html/rules.html (scripts/rule-matrix.sh) --
# rules x vectors x policies, and the model and policy functions each
# rule's vectors run, recorded by build-cov/trace/smmu-nest: the CLI with
# model/ and policy/ compiled with -finstrument-functions at -O0 and
# scripts/rule-matrix-trace.c, linked -no-pie so that addr2line resolves
# the addresses it records.  Function links go to the lcov report when
# coverage/lcov.info is there.
COV_TRACE := $(COV_BUILD)/trace
COV_TRACE_CLI := $(COV_TRACE)/smmu-nest
COV_TRACE_OBJS := $(LIB_SRCS:%.c=$(COV_TRACE)/%.o) $(TOOL_SRCS:%.c=$(COV_TRACE)/%.o) \
	$(COV_TRACE)/scripts/rule-matrix-trace.o

$(COV_TRACE)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -O0 $(if $(filter model/% policy/%,$<),-finstrument-functions) \
		-MMD -MP -c $< -o $@

$(COV_TRACE_CLI): $(COV_TRACE_OBJS)
	$(CC) $(LDFLAGS_ALL) -no-pie -o $@ $(COV_TRACE_OBJS) $(YAML_LIBS)

rule-matrix: deps
	@$(MAKE) --no-print-directory -j$(JOBS) $(COV_TRACE_CLI)
	@sh scripts/rule-matrix.sh --cli=$(COV_TRACE_CLI) --work=$(COV_TRACE)/matrix \
		--lcov=$(COV_INFO) --jobs=$(JOBS) --out=$(COV_HTML)/rules.html vectors rules

# The gate itself, on fixture tracefiles (part of check: well under a second).
coverage-gate-check:
	@sh coverage/test-gate.sh --quiet

-include $(COV_TRACE_OBJS:.o=.d)

# Figures, not tests (scripts/bench-table.sh): walk rate and its ratio to
# the floor of the same reads, vSTE decisions/s, the vste harness against an
# empty one under AFL++, prove-vste per policy, replay cases/s; one table.
bench: deps
	@command -v afl-fuzz >/dev/null || sh scripts/install-deps.sh afl++
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench_walk $(CLI) $(DUT_SOS)
	@sh scripts/bench-table.sh $(BUILD)

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

# ---- Device-under-test adapters (include/smmu-nest/dut.h, docs/dut.md) ---
#
# Shared libraries `smmu-nest replay --dut=PATH.so` loads: the model itself
# (every vector must pass) and a deliberately non-conforming one (each of
# its planted differences must be reported).  The library's own symbols
# stay inside each .so; only smmu_nest_dut() is exported.

$(BUILD)/adapters/model/dut_model_noentry.o: adapters/model/dut_model.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DSN_DUT_MODEL_NO_ENTRY -MMD -MP -c $< -o $@

$(BUILD)/adapters/libsmmu-nest-dut-model.so: $(BUILD)/adapters/model/dut_model.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -shared -Wl,--exclude-libs,ALL -o $@ $< $(LIB) $(YAML_LIBS)

$(BUILD)/adapters/libsmmu-nest-dut-broken.so: $(BUILD)/adapters/broken/dut_broken.o \
		$(BUILD)/adapters/model/dut_model_noentry.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -shared -Wl,--exclude-libs,ALL -o $@ $(filter %.o,$^) $(LIB) $(YAML_LIBS)

-include $(BUILD)/adapters/model/dut_model.d $(BUILD)/adapters/model/dut_model_noentry.d \
	$(BUILD)/adapters/broken/dut_broken.d

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

# ---- Install ---------------------------------------------------------------
#
# make install [PREFIX=/usr/local] [DESTDIR=]: the static and the shared
# library (soname libsmmu-nest.so.$(SOVERSION_MAJOR)), the public headers,
# smmu-nest.pc (from smmu-nest.pc.in), the CLI, the man page smmu-nest(1),
# and the golden vectors and rules catalogues under $(DATADIR)/smmu-nest.
# Each directory can be set apart: BINDIR, LIBDIR, INCLUDEDIR, DATADIR,
# MANDIR, PKGCONFIGDIR.  The installed CLI is linked on its own
# ($(BUILD)/install/smmu-nest) with $(DATADIR)/smmu-nest compiled in
# (tools/datadir.c): with no path and no ./vectors, it uses the installed
# vectors.  make uninstall removes what make install installs.
# make install-check (part of check; scripts/test-install.sh) installs into
# temporary directories, builds tests/install/demo.c against the result with
# pkg-config, runs it and the installed CLI, then uninstalls.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

VERSION := $(shell sed -n 's/^\#define SMMU_NEST_VERSION "\(.*\)"/\1/p' include/smmu-nest/version.h)
SOVERSION_MAJOR := 0
SONAME := libsmmu-nest.so.$(SOVERSION_MAJOR)
SHLIB := $(BUILD)/$(SONAME)
INSTALL_BUILD := $(BUILD)/install
INSTALL_CLI := $(INSTALL_BUILD)/smmu-nest
INSTALL_HEADERS := $(sort $(wildcard include/smmu-nest/*.h))
INSTALL_DATA := $(sort $(wildcard vectors/*.yaml vectors/*/*.yaml vectors/*/*/*.yaml \
	rules/*.yaml rules/*/*.yaml)) vectors/README.md vectors/SCHEMA.md
INSTALL_DATA_DIRS := $(sort $(patsubst %/,%,$(dir $(INSTALL_DATA))))
# In smmu-nest.pc, directories under the prefix are written from ${prefix}.
PC_DIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

.PHONY: install uninstall install-check install-check-run install-datadir-force

$(SHLIB): $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS_ALL) -o $@ $(LIB_OBJS) $(YAML_LIBS)

# The data directory the installed CLI is built with (and the compiler and
# flags): rewritten only when it changes, so that the CLI is relinked only then.
$(INSTALL_BUILD)/datadir: install-datadir-force
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)/smmu-nest $(CC) $(CFLAGS_ALL)' > $@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(INSTALL_BUILD)/tools/datadir.o: tools/datadir.c $(INSTALL_BUILD)/datadir | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DSMMU_NEST_DATADIR='"$(DATADIR)/smmu-nest"' -MMD -MP -c $< -o $@

$(INSTALL_CLI): $(filter-out $(BUILD)/tools/datadir.o,$(TOOL_OBJS)) $(INSTALL_BUILD)/tools/datadir.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $(filter %.o,$^) $(LIB) $(YAML_LIBS)

install: $(LIB) $(SHLIB) $(INSTALL_CLI)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(LIBDIR)" "$(DESTDIR)$(PKGCONFIGDIR)" \
		"$(DESTDIR)$(INCLUDEDIR)/smmu-nest" "$(DESTDIR)$(MANDIR)/man1"
	install -m 755 $(INSTALL_CLI) "$(DESTDIR)$(BINDIR)/smmu-nest"
	install -m 644 $(LIB) "$(DESTDIR)$(LIBDIR)/libsmmu-nest.a"
	install -m 755 $(SHLIB) "$(DESTDIR)$(LIBDIR)/libsmmu-nest.so.$(VERSION)"
	ln -sf libsmmu-nest.so.$(VERSION) "$(DESTDIR)$(LIBDIR)/$(SONAME)"
	ln -sf $(SONAME) "$(DESTDIR)$(LIBDIR)/libsmmu-nest.so"
	install -m 644 $(INSTALL_HEADERS) "$(DESTDIR)$(INCLUDEDIR)/smmu-nest"
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(call PC_DIR,$(LIBDIR))|' \
		-e 's|@INCLUDEDIR@|$(call PC_DIR,$(INCLUDEDIR))|' -e 's|@DATADIR@|$(call PC_DIR,$(DATADIR))|' \
		-e 's|@VERSION@|$(VERSION)|' smmu-nest.pc.in > $(INSTALL_BUILD)/smmu-nest.pc
	install -m 644 $(INSTALL_BUILD)/smmu-nest.pc "$(DESTDIR)$(PKGCONFIGDIR)/smmu-nest.pc"
	install -m 644 man/smmu-nest.1 "$(DESTDIR)$(MANDIR)/man1/smmu-nest.1"
	@set -e; for d in $(INSTALL_DATA_DIRS); do \
		echo "install -d \"$(DESTDIR)$(DATADIR)/smmu-nest/$$d\""; \
		install -d "$(DESTDIR)$(DATADIR)/smmu-nest/$$d"; \
	done
	@set -e; for f in $(INSTALL_DATA); do \
		install -m 644 $$f "$(DESTDIR)$(DATADIR)/smmu-nest/$$f"; \
	done; echo "install: $(words $(INSTALL_DATA)) vector and rule files into $(DESTDIR)$(DATADIR)/smmu-nest"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/smmu-nest" "$(DESTDIR)$(LIBDIR)/libsmmu-nest.a" \
		"$(DESTDIR)$(LIBDIR)/libsmmu-nest.so.$(VERSION)" "$(DESTDIR)$(LIBDIR)/$(SONAME)" \
		"$(DESTDIR)$(LIBDIR)/libsmmu-nest.so" "$(DESTDIR)$(PKGCONFIGDIR)/smmu-nest.pc" \
		"$(DESTDIR)$(MANDIR)/man1/smmu-nest.1"
	@set -e; for h in $(notdir $(INSTALL_HEADERS)); do \
		rm -f "$(DESTDIR)$(INCLUDEDIR)/smmu-nest/$$h"; \
	done; for f in $(INSTALL_DATA); do \
		rm -f "$(DESTDIR)$(DATADIR)/smmu-nest/$$f"; \
	done; for d in $$(printf '%s\n' $(INSTALL_DATA_DIRS) | sort -r); do \
		d="$(DESTDIR)$(DATADIR)/smmu-nest/$$d"; \
		if [ -d "$$d" ]; then rmdir --ignore-fail-on-non-empty "$$d"; fi; \
	done; for d in "$(DESTDIR)$(DATADIR)/smmu-nest" "$(DESTDIR)$(INCLUDEDIR)/smmu-nest"; do \
		if [ -d "$$d" ]; then rmdir --ignore-fail-on-non-empty "$$d"; fi; \
	done
	@echo "uninstall: removed smmu-nest from $(DESTDIR)$(PREFIX)"

install-check: deps
	@$(MAKE) --no-print-directory install-check-run

install-check-run:
	@MAKE="$(MAKE)" CC="$(CC)" BUILD="$(BUILD)" SN_EXTRA_FLAGS="$(EXTRA)" sh scripts/test-install.sh

-include $(INSTALL_BUILD)/tools/datadir.d

-include $(LIB_OBJS:.o=.d) $(TOOL_OBJS:.o=.d) $(TEST_BINS:=.d) $(TEST_SUPPORT_OBJS:.o=.d)
