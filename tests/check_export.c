// SPDX-License-Identifier: MIT
/*
 * smmu-nest export --format=kunit: the header's text for two small fixtures
 * (tests/export/small.expected, written by hand from small.yaml and
 * small-hitless.yaml), every bad-argument path, byte-identical output, and
 * the real proof: the header exported from vectors/ compiles (as user space
 * against the model, and as a kernel would include it: -D__KERNEL__,
 * -nostdinc, its own linux/types.h and linux/errno.h only) and a tiny
 * harness finds every row equal to what the model does (host_policy_apply()
 * for vste rows, writer_run() for hitless rows), with as many rows as the
 * files have vectors under the policy.
 *
 * The compiler is $CC (else cc), the library the one next to the CLI
 * ($SMMU_NEST_CLI's directory): the same build as the test.  Under
 * `make valgrind` the compile tests say so and stop (see under_valgrind()).
 *
 * smmu-nest export --format=json: the export of vectors/ is valid JSON by
 * grammar_json() (tests/grammar.c, written from RFC 8259 apart from the
 * exporter), holds every file in sorted order with every vector the loader
 * loads, and is the same bytes each time; for the fixtures under
 * tests/export/json/ (one per kind of area) the values the export must
 * resolve -- defaults, per-policy expectations, STE words from named fields,
 * command words from fields -- are written here by hand from the YAML and
 * the spec's bit positions, and found with a small path lookup (js_at()).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <smmu-nest/version.h>
#include <smmu-nest/vectors.h>
#include "cli_run.h"
#include "grammar.h"

#if defined(__SANITIZE_ADDRESS__)
#define BUILT_WITH_SANITIZERS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BUILT_WITH_SANITIZERS 1
#endif
#endif
#ifndef BUILT_WITH_SANITIZERS
#define BUILT_WITH_SANITIZERS 0
#endif

/* ---- files and processes ----------------------------------------------- */

struct tmpdir {
	char path[1024];        /* short of PATH_MAX, to leave room for names */
};

static void tmp_make(struct tmpdir *t)
{
	const char *base = getenv("TMPDIR");

	int n = snprintf(t->path, sizeof(t->path), "%s/smmu-nest-export-XXXXXX",
			 base && *base ? base : "/tmp");

	ck_assert_msg(n > 0 && (size_t)n < sizeof(t->path), "TMPDIR is too long");
	ck_assert_msg(mkdtemp(t->path) != NULL, "mkdtemp: %s", strerror(errno));
}

static void rm_tree(const char *path)
{
	struct stat st;
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d) {
		struct dirent *e;
		char sub[PATH_MAX];

		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rm_tree(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/*
 * @t's directory joined with @name, in a static ring of buffers: valid for
 * the next TMP_RING - 1 calls (copy what must live longer).
 */
#define TMP_RING 32

static const char *tmp_file(const struct tmpdir *t, const char *name)
{
	static char ring[TMP_RING][PATH_MAX];
	static unsigned next;
	char *buf = ring[next++ % TMP_RING];

	snprintf(buf, PATH_MAX, "%s/%s", t->path, name);
	return buf;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	ck_assert(fputs(text, f) >= 0);
	ck_assert(fclose(f) == 0);
}

/* The whole of @path, NUL-terminated (caller frees); NULL if unreadable. */
static char *read_text(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			ck_assert(buf != NULL);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}

/* Run @argv with stdout and stderr to @log; its exit status, or -1. */
static int run_logged(char *const *argv, const char *log)
{
	pid_t pid;
	int st;

	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_RDONLY);

		if (fd < 0 || null < 0)
			_exit(126);
		dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	ck_assert(waitpid(pid, &st, 0) == pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * Under `make valgrind` (--trace-children=yes) a compiler would run under
 * valgrind too, which reports the compiler's own leaks and makes cc1 exit
 * 99: no compile can succeed there.  The compile tests then stop early
 * (saying so on stderr); the model the harness would run is replayed under
 * valgrind by `make valgrind` itself, and the header's text is still
 * checked here.
 */
static bool under_valgrind(void)
{
	const char *pre = getenv("LD_PRELOAD");

	return pre && strstr(pre, "vgpreload");
}

static bool skip_compiles(const char *test)
{
	if (!under_valgrind())
		return false;
	fprintf(stderr, "check_export: %s: not run under valgrind (the compiler "
		"cannot run traced)\n", test);
	return true;
}

/* The library built with the CLI under test. */
static void lib_path(char *buf, size_t len)
{
	const char *cli = cli_run_path();
	const char *slash = strrchr(cli, '/');

	if (slash)
		snprintf(buf, len, "%.*s/libsmmu-nest.a", (int)(slash - cli), cli);
	else
		snprintf(buf, len, "libsmmu-nest.a");
}

#define MAX_ARGS 48

struct argv_buf {
	char *argv[MAX_ARGS];
	unsigned n;
	char cc[256];
};

static void arg(struct argv_buf *a, const char *s)
{
	ck_assert(a->n + 1 < MAX_ARGS);
	a->argv[a->n++] = (char *)s;
	a->argv[a->n] = NULL;
}

/* $CC (split at blanks, e.g. "ccache gcc"), else cc. */
static void arg_cc(struct argv_buf *a)
{
	const char *cc = getenv("CC");
	char *save = NULL;

	snprintf(a->cc, sizeof(a->cc), "%s", cc && *cc ? cc : "cc");
	a->n = 0;
	for (char *w = strtok_r(a->cc, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		arg(a, w);
	ck_assert(a->n > 0);
}

static void arg_warnings(struct argv_buf *a)
{
	static const char *const w[] = {
		"-Wall", "-Wextra", "-Werror", "-Wshadow", "-Wstrict-prototypes",
		"-Wmissing-prototypes",
	};

	for (unsigned i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		arg(a, w[i]);
}

/* Fail the test with @log's text (the directory is kept, to look into). */
static void fail_with_log(const char *what, const char *log)
{
	char *text = read_text(log, NULL);
	char msg[2600];

	snprintf(msg, sizeof(msg), "%s failed (see %s):\n%.2000s", what, log,
		 text ? text : "(no output)");
	free(text);
	ck_abort_msg("%s", msg);
}

/* ---- the harness -------------------------------------------------------- */

/*
 * Includes the exported header ("vectors.h" in its directory) and the
 * smmu-nest public headers; runs every row through the model
 * (host_policy_apply(), writer_run()) and prints one line per area:
 * "vste: R rows, A any-of, M mismatches", "hitless: R rows, M mismatches".
 * argv[1]
 * overrides the header's policy (a negative control: the rows of one
 * policy must not all hold under another).
 */
static const char harness_c[] =
	"/* Written by tests/check_export.c. */\n"
	"#include <stdio.h>\n"
	"#include <string.h>\n"
	"#include <smmu-nest/policy.h>\n"
	"#include <smmu-nest/writer.h>\n"
	"#include \"vectors.h\"\n"
	"\n"
	"#if SMMU_NEST_VSTE_CASE_COUNT > 0\n"
	"static int kernel_errno(int e)\n"
	"{\n"
	"	switch (e) {\n"
	"	case SN_OK: return 0;\n"
	"	case SN_EIO: return -EIO;\n"
	"	case SN_EINVAL: return -EINVAL;\n"
	"	case SN_EOPNOTSUPP: return -EOPNOTSUPP;\n"
	"	case SN_EBUSY: return -EBUSY;\n"
	"	case SN_ENOENT: return -ENOENT;\n"
	"	}\n"
	"	return 1;\n"
	"}\n"
	"\n"
	"static unsigned kernel_stage(enum sn_stage s)\n"
	"{\n"
	"	switch (s) {\n"
	"	case SN_STAGE_VIOMMU: return SMMU_NEST_STAGE_VIOMMU;\n"
	"	case SN_STAGE_ALLOC: return SMMU_NEST_STAGE_ALLOC;\n"
	"	case SN_STAGE_ATTACH: return SMMU_NEST_STAGE_ATTACH;\n"
	"	default: return 99;\n"
	"	}\n"
	"}\n"
	"\n"
	"static int matches(int err, unsigned stage, const u64 *ste, bool ats,\n"
	"		   const struct vste_result *r)\n"
	"{\n"
	"	if (kernel_errno(r->err) != err)\n"
	"		return 0;\n"
	"	if (err)\n"
	"		return stage == SMMU_NEST_STAGE_ANY || stage == kernel_stage(r->stage);\n"
	"	return memcmp(ste, r->ste, sizeof(r->ste)) == 0 && ats == r->ats;\n"
	"}\n"
	"#endif\n"
	"\n"
	"static unsigned run_vste(const struct host_policy *p, unsigned *rows, unsigned *any)\n"
	"{\n"
	"	unsigned bad = 0;\n"
	"\n"
	"	*rows = *any = 0;\n"
	"#if SMMU_NEST_VSTE_CASE_COUNT > 0\n"
	"	static const u64 zero[8];\n"
	"\n"
	"	if (sizeof(smmu_nest_vste_cases) / sizeof(smmu_nest_vste_cases[0]) !=\n"
	"	    SMMU_NEST_VSTE_CASE_COUNT) {\n"
	"		printf(\"vste: SMMU_NEST_VSTE_CASE_COUNT is not the array's size\\n\");\n"
	"		return 1;\n"
	"	}\n"
	"	for (unsigned i = 0; i < SMMU_NEST_VSTE_CASE_COUNT; i++) {\n"
	"		const struct smmu_nest_vste_case *c = &smmu_nest_vste_cases[i];\n"
	"		struct host_env env;\n"
	"		struct vste_result r;\n"
	"		int ok;\n"
	"\n"
	"		memset(&env, 0, sizeof(env));\n"
	"		env.nesting = c->env & SMMU_NEST_ENV_NESTING;\n"
	"		env.trans_s1 = c->env & SMMU_NEST_ENV_TRANS_S1;\n"
	"		env.s2fwb = c->env & SMMU_NEST_ENV_S2FWB;\n"
	"		env.cmdq_force_sync = c->env & SMMU_NEST_ENV_CMDQ_FORCE_SYNC;\n"
	"		env.canwbs = c->env & SMMU_NEST_ENV_CANWBS;\n"
	"		env.ats_supported = c->env & SMMU_NEST_ENV_ATS_SUPPORTED;\n"
	"		env.parent_paging = c->env & SMMU_NEST_ENV_PARENT_PAGING;\n"
	"		env.parent_s2 = c->env & SMMU_NEST_ENV_PARENT_S2;\n"
	"		env.parent_same_smmu = c->env & SMMU_NEST_ENV_PARENT_SAME_SMMU;\n"
	"		env.parent_nest_parent = c->env & SMMU_NEST_ENV_PARENT_NEST_PARENT;\n"
	"		env.ssids_in_use = c->env & SMMU_NEST_ENV_SSIDS_IN_USE;\n"
	"		env.vdevice = c->env & SMMU_NEST_ENV_VDEVICE;\n"
	"		env.alloc_flags = c->alloc_flags;\n"
	"		host_policy_apply(p, c->vste, c->parent, &env, &r);\n"
	"		if (c->n_any_of) {\n"
	"			/* the single-result members are zero in an any-of row */\n"
	"			ok = c->err == 0 && c->stage == 0 && !c->ats &&\n"
	"			     memcmp(c->ste, zero, sizeof(zero)) == 0;\n"
	"			if (ok) {\n"
	"				ok = 0;\n"
	"				for (unsigned k = 0; k < c->n_any_of; k++)\n"
	"					ok |= matches(c->any_of[k].err, c->any_of[k].stage,\n"
	"						      c->any_of[k].ste, c->any_of[k].ats, &r);\n"
	"			}\n"
	"			++*any;\n"
	"		} else {\n"
	"			ok = matches(c->err, c->stage, c->ste, c->ats, &r);\n"
	"		}\n"
	"		++*rows;\n"
	"		if (!ok) {\n"
	"			printf(\"vste mismatch: %s\\n\", c->name);\n"
	"			bad++;\n"
	"		}\n"
	"	}\n"
	"#else\n"
	"	(void)p;\n"
	"#endif\n"
	"	return bad;\n"
	"}\n"
	"\n"
	"static unsigned run_hitless(const struct host_policy *p, unsigned *rows)\n"
	"{\n"
	"	unsigned bad = 0;\n"
	"\n"
	"	*rows = 0;\n"
	"#if SMMU_NEST_HITLESS_CASE_COUNT > 0\n"
	"	if (sizeof(smmu_nest_hitless_cases) / sizeof(smmu_nest_hitless_cases[0]) !=\n"
	"	    SMMU_NEST_HITLESS_CASE_COUNT) {\n"
	"		printf(\"hitless: SMMU_NEST_HITLESS_CASE_COUNT is not the array's size\\n\");\n"
	"		return 1;\n"
	"	}\n"
	"	for (unsigned i = 0; i < SMMU_NEST_HITLESS_CASE_COUNT; i++) {\n"
	"		const struct smmu_nest_hitless_case *c = &smmu_nest_hitless_cases[i];\n"
	"		struct writer_result w;\n"
	"\n"
	"		if (c->kind != SMMU_NEST_KIND_STE && c->kind != SMMU_NEST_KIND_CD) {\n"
	"			printf(\"hitless mismatch: %s: kind %u\\n\", c->name, c->kind);\n"
	"			bad++;\n"
	"			continue;\n"
	"		}\n"
	"		writer_run(p, c->kind == SMMU_NEST_KIND_STE ? WRITER_STE : WRITER_CD,\n"
	"			   c->from, c->to, &w);\n"
	"		++*rows;\n"
	"		if (w.syncs != c->syncs || w.hitless != c->hitless) {\n"
	"			printf(\"hitless mismatch: %s: syncs %u hitless %d, model %u %d\\n\",\n"
	"			       c->name, c->syncs, c->hitless, w.syncs, w.hitless);\n"
	"			bad++;\n"
	"		}\n"
	"	}\n"
	"#else\n"
	"	(void)p;\n"
	"#endif\n"
	"	return bad;\n"
	"}\n"
	"\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"	const struct host_policy *p =\n"
	"		host_policy_find(argc > 1 ? argv[1] : SMMU_NEST_KUNIT_POLICY);\n"
	"	unsigned rows, any, bad, hrows, hbad;\n"
	"\n"
	"	if (!p || SMMU_NEST_KUNIT_SCHEMA != 1) {\n"
	"		printf(\"unknown policy or schema\\n\");\n"
	"		return 3;\n"
	"	}\n"
	"	bad = run_vste(p, &rows, &any);\n"
	"	hbad = run_hitless(p, &hrows);\n"
	"	printf(\"vste: %u rows, %u any-of, %u mismatches\\n\", rows, any, bad);\n"
	"	printf(\"hitless: %u rows, %u mismatches\\n\", hrows, hbad);\n"
	"	return bad || hbad ? 1 : 0;\n"
	"}\n";

/* As the kernel would include the header: its own types.h and errno.h only. */
static const char kernel_types_h[] =
	"/* A stand-in for the kernel's linux/types.h (tests/check_export.c). */\n"
	"typedef unsigned char u8;\n"
	"typedef unsigned int u32;\n"
	"typedef unsigned long long u64;\n"
	"typedef _Bool bool;\n"
	"#define true 1\n"
	"#define false 0\n";

static const char kernel_errno_h[] =
	"/* A stand-in for the kernel's linux/errno.h (tests/check_export.c). */\n"
	"#define ENOENT 2\n"
	"#define EIO 5\n"
	"#define EBUSY 16\n"
	"#define EINVAL 22\n"
	"#define EOPNOTSUPP 95\n";

static const char kernel_tu_c[] =
	"/* Written by tests/check_export.c: the header as a kernel file includes it. */\n"
	"#include \"vectors.h\"\n"
	"\n"
	"int smmu_nest_kunit_rows(void);\n"
	"\n"
	"int smmu_nest_kunit_rows(void)\n"
	"{\n"
	"	int n = 0;\n"
	"\n"
	"#if SMMU_NEST_VSTE_CASE_COUNT > 0\n"
	"	n += (int)(sizeof(smmu_nest_vste_cases) / sizeof(smmu_nest_vste_cases[0]));\n"
	"#endif\n"
	"#if SMMU_NEST_HITLESS_CASE_COUNT > 0\n"
	"	n += (int)(sizeof(smmu_nest_hitless_cases) / sizeof(smmu_nest_hitless_cases[0]));\n"
	"#endif\n"
	"	return n;\n"
	"}\n";

struct harness_counts {
	unsigned rows, any_of, mismatches;          /* vste */
	unsigned h_rows, h_mismatches;              /* hitless */
	int status;
	char out[8192];
};

/* Compile the kernel view of @t/vectors.h (to an object, not linked). */
static void compile_kernel_view(const struct tmpdir *t)
{
	struct argv_buf a;
	char log[PATH_MAX], inc[PATH_MAX + 4];

	snprintf(log, sizeof(log), "%s", tmp_file(t, "kernel.log"));
	ck_assert(mkdir(tmp_file(t, "kernel"), 0755) == 0 || errno == EEXIST);
	ck_assert(mkdir(tmp_file(t, "kernel/linux"), 0755) == 0 || errno == EEXIST);
	write_text(tmp_file(t, "kernel/linux/types.h"), kernel_types_h);
	write_text(tmp_file(t, "kernel/linux/errno.h"), kernel_errno_h);
	write_text(tmp_file(t, "kernel_tu.c"), kernel_tu_c);
	snprintf(inc, sizeof(inc), "-I%s", tmp_file(t, "kernel"));
	arg_cc(&a);
	arg(&a, "-std=c11");
	arg(&a, "-pedantic");
	arg(&a, "-D__KERNEL__");
	arg(&a, "-nostdinc");
	arg(&a, inc);
	arg_warnings(&a);
	arg(&a, "-c");
	arg(&a, "-o");
	arg(&a, tmp_file(t, "kernel_tu.o"));
	arg(&a, tmp_file(t, "kernel_tu.c"));
	if (run_logged(a.argv, log) != 0)
		fail_with_log("compiling the header as the kernel would", log);
}

/*
 * Compile the harness over @t/vectors.h against the library.  A library
 * built for coverage needs its runtime: when the plain link fails, try once
 * more with --coverage before failing.
 */
static void compile_harness(const struct tmpdir *t)
{
	char lib[PATH_MAX], inc[PATH_MAX + 4], log[PATH_MAX], log2[PATH_MAX];
	struct argv_buf a;

	snprintf(log, sizeof(log), "%s", tmp_file(t, "compile.log"));
	snprintf(log2, sizeof(log2), "%s", tmp_file(t, "compile-coverage.log"));
	write_text(tmp_file(t, "harness.c"), harness_c);
	lib_path(lib, sizeof(lib));
	ck_assert_msg(access(lib, R_OK) == 0, "no library at %s", lib);
	snprintf(inc, sizeof(inc), "-I%s", t->path);
	arg_cc(&a);
	arg(&a, "-std=c11");
	arg(&a, "-pedantic");
	arg_warnings(&a);
	arg(&a, "-g");
	if (BUILT_WITH_SANITIZERS) {
		arg(&a, "-fsanitize=address,undefined");
		arg(&a, "-fno-sanitize-recover=all");
	}
	arg(&a, inc);
	arg(&a, "-Iinclude");
	arg(&a, "-o");
	arg(&a, tmp_file(t, "harness"));
	arg(&a, tmp_file(t, "harness.c"));
	arg(&a, lib);
	if (run_logged(a.argv, log) == 0)
		return;
	arg(&a, "--coverage");
	if (run_logged(a.argv, log2) != 0)
		fail_with_log("compiling the harness", log);
}

/* Run the harness (with @policy, or the header's), parse its counts. */
static void run_harness(const struct tmpdir *t, const char *policy, struct harness_counts *h)
{
	char *argv[3] = { (char *)tmp_file(t, "harness"), (char *)policy, NULL };
	const char *log = tmp_file(t, "harness.log");
	char *text;
	const char *line;

	memset(h, 0, sizeof(*h));
	h->status = run_logged(argv, log);
	text = read_text(log, NULL);
	ck_assert(text != NULL);
	snprintf(h->out, sizeof(h->out), "%s", text);
	line = strstr(text, "\nvste: ");
	line = line ? line + 1 : (strncmp(text, "vste: ", 6) == 0 ? text : NULL);
	if (!line || sscanf(line, "vste: %u rows, %u any-of, %u mismatches\nhitless: %u rows, "
			    "%u mismatches", &h->rows, &h->any_of, &h->mismatches, &h->h_rows,
			    &h->h_mismatches) != 5) {
		free(text);
		ck_abort_msg("harness output:\n%.2000s", h->out);
	}
	free(text);
}

/* Vectors under @path that run under their file's default policy (or @policy). */
static unsigned count_vectors(const char *path, const char *area, const char *policy)
{
	const char *paths[] = { path };
	char **files;
	unsigned n_files, n = 0;
	struct sn_error err;

	ck_assert_msg(sn_collect_yaml(paths, 1, &files, &n_files, &err) == 0, "%s", err.msg);
	for (unsigned i = 0; i < n_files; i++) {
		struct sn_vector_file f;
		unsigned pi = 0;

		ck_assert_msg(sn_vector_file_load(files[i], &f, &err) == 0, "%s", err.msg);
		for (unsigned k = 0; k < host_policy_count; k++)
			if (host_policies[k] == (policy ? host_policy_find(policy) : f.default_policy))
				pi = k;
		if (strcmp(f.area, area) == 0)
			for (unsigned k = 0; k < f.n_vectors; k++)
				n += (f.vectors[k].policy_mask >> pi) & 1;
		sn_vector_file_free(&f);
	}
	sn_free_paths(files, n_files);
	return n;
}

/* ---- tests ---------------------------------------------------------------- */

/* The header of vectors/vste compiles and every row holds against the model. */
/* The header of vectors/ compiles and every row holds against the model. */
START_TEST(export_vectors_compile_and_match)
{
	struct tmpdir t;
	struct harness_counts h;
	struct cli_run r;
	const unsigned want = count_vectors("vectors/vste", "vste", NULL);
	const unsigned want_h = count_vectors("vectors/hitless", "hitless", NULL);
	char *text, line[64];

	ck_assert_uint_gt(want, 300);
	ck_assert_uint_gt(want_h, 50);
	if (skip_compiles("export_vectors_compile_and_match"))
		return;
	tmp_make(&t);
	/* the whole tree: the architecture and cache areas are named, not exported */
	CLI_RUN(&r, "export", "--format=kunit", "-o", tmp_file(&t, "vectors.h"), "vectors");
	ck_assert_msg(r.status == 0, "export: %s", r.err);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	text = read_text(tmp_file(&t, "vectors.h"), NULL);
	ck_assert(text != NULL);
	snprintf(line, sizeof(line), "#define SMMU_NEST_VSTE_CASE_COUNT %u\n", want);
	ck_assert_msg(strstr(text, line), "missing '%s'", line);
	snprintf(line, sizeof(line), "#define SMMU_NEST_HITLESS_CASE_COUNT %u\n", want_h);
	ck_assert_msg(strstr(text, line), "missing '%s'", line);
	ck_assert_ptr_nonnull(strstr(text, " *   vectors/ste/"));
	free(text);
	compile_kernel_view(&t);
	compile_harness(&t);
	run_harness(&t, NULL, &h);
	ck_assert_msg(h.status == 0 && h.mismatches == 0 && h.h_mismatches == 0,
		      "harness:\n%.2000s", h.out);
	ck_assert_uint_eq(h.rows, want);
	ck_assert_uint_eq(h.any_of, 0);
	ck_assert_uint_eq(h.h_rows, want_h);
	/* Negative control: v7.0's rows do not all hold under seed-v2. */
	run_harness(&t, "seed-v2", &h);
	ck_assert_int_eq(h.status, 1);
	ck_assert_uint_eq(h.rows, want);
	ck_assert_uint_eq(h.h_rows, want_h);
	ck_assert_uint_gt(h.mismatches, 0);
	ck_assert_uint_gt(h.h_mismatches, 0);
	rm_tree(t.path);
}
END_TEST

/* The fixtures' rows (any-of included) hold too, under each policy exported. */
START_TEST(export_fixture_compiles_and_matches)
{
	static const struct {
		const char *policy;
		unsigned rows, any_of, h_rows;
	} runs[] = {
		{ NULL, 4, 1, 3 },              /* v7.0, the files' default-policy */
		{ "v6.15", 5, 1, 3 },
		{ "v6.13", 0, 0, 2 },           /* no vste array */
		{ "seed-v2", 0, 0, 3 },
	};
	struct tmpdir t;
	struct harness_counts h;
	struct cli_run r;
	char opt[32];

	if (skip_compiles("export_fixture_compiles_and_matches"))
		return;
	tmp_make(&t);
	for (unsigned i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		const char *argv[8] = { "export", "--format=kunit", "-o", tmp_file(&t, "vectors.h"),
					"tests/export/small.yaml", "tests/export/small-hitless.yaml" };

		snprintf(opt, sizeof(opt), "--policy=%s", runs[i].policy ? runs[i].policy : "");
		if (runs[i].policy)
			argv[6] = opt;
		cli_run(&r, argv);
		ck_assert_msg(r.status == 0, "export: %s", r.err);
		compile_kernel_view(&t);
		compile_harness(&t);
		run_harness(&t, NULL, &h);
		ck_assert_msg(h.status == 0 && h.mismatches == 0 && h.h_mismatches == 0,
			      "harness (%s):\n%.2000s", opt, h.out);
		ck_assert_uint_eq(h.rows, runs[i].rows);
		ck_assert_uint_eq(h.any_of, runs[i].any_of);
		ck_assert_uint_eq(h.h_rows, runs[i].h_rows);
	}
	/* Only hitless files: no vste array, and the harness still builds. */
	CLI_RUN(&r, "export", "--format=kunit", "-o", tmp_file(&t, "vectors.h"),
		"tests/export/small-hitless.yaml");
	ck_assert_msg(r.status == 0, "export: %s", r.err);
	compile_kernel_view(&t);
	compile_harness(&t);
	run_harness(&t, NULL, &h);
	ck_assert_msg(h.status == 0, "harness:\n%.2000s", h.out);
	ck_assert_uint_eq(h.rows, 0);
	ck_assert_uint_eq(h.h_rows, 3);
	rm_tree(t.path);
}
END_TEST

/* The header text, byte for byte, against the hand-written expectation. */
START_TEST(export_fixture_text)
{
	struct cli_run r;
	char *want = read_text("tests/export/small.expected", NULL);
	const char *at;
	char *expect;
	size_t len;

	ck_assert(want != NULL);
	at = strstr(want, "@VERSION@");
	ck_assert(at != NULL);
	len = strlen(want) + strlen(SMMU_NEST_VERSION) + 1;
	expect = malloc(len);
	ck_assert(expect != NULL);
	snprintf(expect, len, "%.*s%s%s", (int)(at - want), want, SMMU_NEST_VERSION,
		 at + strlen("@VERSION@"));
	/* in either order: the files are sorted */
	CLI_RUN(&r, "export", "--format=kunit", "tests/export/small.yaml",
		"tests/export/small-hitless.yaml");
	ck_assert_msg(r.status == 0, "export: %s", r.err);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out, expect);
	CLI_RUN(&r, "export", "--format=kunit", "tests/export/small-hitless.yaml",
		"tests/export/small.yaml");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, expect);
	free(expect);
	free(want);
}
END_TEST

/* A policy without rows: the count is 0 and there is no (empty) array. */
START_TEST(export_no_rows)
{
	struct cli_run r;

	CLI_RUN(&r, "export", "--format=kunit", "--policy=seed-v2", "tests/export/small.yaml");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, " * edit. Vector schema 1; host policy seed-v2 (--policy).\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "tests/export/small.yaml: area vste, 0 of 5 vectors\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "#define SMMU_NEST_KUNIT_POLICY \"seed-v2\"\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "#define SMMU_NEST_VSTE_CASE_COUNT 0\n"
				     "/* No vste vector runs under this policy: no array. */\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "#define SMMU_NEST_HITLESS_CASE_COUNT 0\n"
				     "/* No hitless vector file was given: no array. */\n"));
	ck_assert_ptr_null(strstr(r.out, "smmu_nest_vste_cases[]"));
	ck_assert_ptr_null(strstr(r.out, "smmu_nest_hitless_cases[]"));
	/* the struct definitions are there all the same */
	ck_assert_ptr_nonnull(strstr(r.out, "struct smmu_nest_hitless_case {\n"));
}
END_TEST

/* Same input, same bytes: twice, and through -o as on standard output. */
START_TEST(export_deterministic)
{
	struct tmpdir t;
	struct cli_run r;
	char *a, *b;
	size_t la, lb;

	tmp_make(&t);
	CLI_RUN(&r, "export", "--format=kunit", "-o", tmp_file(&t, "a.h"), "vectors/vste",
		"vectors/hitless");
	ck_assert_int_eq(r.status, 0);
	{
		char opt[PATH_MAX + 16];

		snprintf(opt, sizeof(opt), "--output=%s", tmp_file(&t, "b.h"));
		CLI_RUN(&r, "export", opt, "--format=kunit", "vectors/hitless/", "vectors/vste/");
		ck_assert_int_eq(r.status, 0);
	}
	a = read_text(tmp_file(&t, "a.h"), &la);
	b = read_text(tmp_file(&t, "b.h"), &lb);
	ck_assert(a && b);
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(a, b, la) == 0);
	free(a);
	free(b);
	CLI_RUN(&r, "export", "--format=kunit", "-o", tmp_file(&t, "c.h"),
		"tests/export/small.yaml");
	ck_assert_int_eq(r.status, 0);
	a = read_text(tmp_file(&t, "c.h"), &la);
	ck_assert(a != NULL);
	CLI_RUN(&r, "export", "--format=kunit", "tests/export/small.yaml");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, a);
	free(a);
	rm_tree(t.path);
}
END_TEST

/* Files that default to different policies need --policy; with it, one header. */
START_TEST(export_mixed_policies)
{
	struct cli_run r;

	CLI_RUN(&r, "export", "--format=kunit", "tests/export/mixed");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "smmu-nest export: 'tests/export/mixed/a.yaml' "
				     "defaults to policy v7.0 but 'tests/export/mixed/b.yaml' to "
				     "v6.15; choose one with --policy\n"));
	CLI_RUN(&r, "export", "--format=kunit", "--policy=v6.15", "tests/export/mixed");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "host policy v6.15 (--policy)"));
	ck_assert_ptr_nonnull(strstr(r.out, "#define SMMU_NEST_VSTE_CASE_COUNT 2\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "\t\t.name = \"export.mixed.a\",\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "\t\t.name = \"export.mixed.b\",\n"));
}
END_TEST

/* Files of other areas are loaded, named, and not exported; rules are skipped. */
START_TEST(export_other_areas)
{
	struct cli_run r;

	CLI_RUN(&r, "export", "--format=kunit", "tests/export/small.yaml",
		"tests/explain/s2.yaml", "rules/vste.yaml");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, " *   tests/explain/s2.yaml: area walk, not exported "
				     "(no KUnit form)\n"));
	ck_assert_ptr_null(strstr(r.out, "rules/vste.yaml"));
	ck_assert_ptr_nonnull(strstr(r.out, "#define SMMU_NEST_VSTE_CASE_COUNT 4\n"));
	CLI_RUN(&r, "export", "--format=kunit", "tests/explain/s2.yaml");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "smmu-nest export: no vste or hitless vector files found\n");
}
END_TEST

/* ---- json: a small reader for the content checks ----------------------- */

/*
 * Just enough JSON to find one value by its path: these walk a document
 * (which export_json_vectors also validates with grammar_json()) without
 * building anything, and give each value's text as written.  A malformed
 * document makes them return NULL, never read past its end.
 */
static const char *js_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

/* Past the end of the value at @p, or NULL if there is none. */
static const char *js_skip(const char *p, unsigned depth)
{
	p = js_ws(p);
	if (depth > 64)
		return NULL;
	if (*p == '"') {
		for (p++; *p && *p != '"'; p++)
			if (*p == '\\' && p[1])
				p++;
		return *p == '"' ? p + 1 : NULL;
	}
	if (*p == '{' || *p == '[') {
		const char close = *p == '{' ? '}' : ']';

		p = js_ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (close == '}') {
				p = js_skip(p, depth + 1);              /* the key */
				if (!p || *(p = js_ws(p)) != ':')
					return NULL;
				p++;
			}
			p = js_skip(p, depth + 1);
			if (!p)
				return NULL;
			p = js_ws(p);
			if (*p == ',') {
				p++;
				continue;
			}
			return *p == close ? p + 1 : NULL;
		}
	}
	if (!*p || strchr(",:}]", *p))
		return NULL;
	while (*p && !strchr(",:}] \n\t\r", *p))
		p++;
	return p;
}

/* The member @key (@len bytes) of the object at @p, or element @key of the array. */
static const char *js_child(const char *p, const char *key, size_t len)
{
	char *end;
	unsigned long want = 0, i = 0;
	bool array;

	p = js_ws(p);
	if (*p != '{' && *p != '[')
		return NULL;
	array = *p == '[';
	if (array) {
		want = strtoul(key, &end, 10);
		if (end != key + len || len == 0)
			return NULL;
	}
	p = js_ws(p + 1);
	if (*p == '}' || *p == ']')
		return NULL;
	for (;; i++) {
		if (array) {
			if (i == want)
				return js_ws(p);
		} else {
			const char *k = js_ws(p), *after = js_skip(k, 0);

			if (!after)
				return NULL;
			p = js_ws(after);
			if (*p != ':')
				return NULL;
			p = js_ws(p + 1);
			if ((size_t)(after - k) == len + 2 && strncmp(k + 1, key, len) == 0)
				return p;
		}
		p = js_skip(p, 0);
		if (!p)
			return NULL;
		p = js_ws(p);
		if (*p != ',')
			return NULL;
		p++;
	}
}

/* The value at @path ("files/0/vectors/1/id": keys and indexes) in @doc, or NULL. */
static const char *js_at(const char *doc, const char *path)
{
	const char *p = js_ws(doc);

	while (p && *path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);

		p = js_child(p, path, len);
		path += len + (slash != NULL);
	}
	return p;
}

/* The first element of the array at @p, or NULL (none, or no array). */
static const char *js_first(const char *p)
{
	if (!p || *(p = js_ws(p)) != '[')
		return NULL;
	p = js_ws(p + 1);
	return *p == ']' || !*p ? NULL : p;
}

/* The element after the array element at @p, or NULL after the last. */
static const char *js_next(const char *p)
{
	p = js_skip(p, 0);
	if (!p || *(p = js_ws(p)) != ',')
		return NULL;
	return js_ws(p + 1);
}

/* Elements of the array (or members of the object) at @path; -1 if there is none. */
static int js_count(const char *doc, const char *path)
{
	const char *p = js_at(doc, path);
	bool obj;
	int n = 0;

	if (!p || (*p != '[' && *p != '{'))
		return -1;
	obj = *p == '{';
	p = js_ws(p + 1);
	if (*p == ']' || *p == '}')
		return 0;
	for (;;) {
		if (obj) {
			p = js_skip(p, 0);                      /* the key */
			if (!p || *(p = js_ws(p)) != ':')
				return -1;
			p++;
		}
		p = js_skip(p, 0);
		if (!p)
			return -1;
		n++;
		p = js_ws(p);
		if (*p != ',')
			return *p == (obj ? '}' : ']') ? n : -1;
		p++;
	}
}

/* The text of the value at @path, as written (strings with their quotes). */
static void js_text(const char *doc, const char *path, char *buf, size_t len)
{
	const char *p = js_at(doc, path), *end = p ? js_skip(p, 0) : NULL;

	if (!end) {
		snprintf(buf, len, "(nothing at %s)", path);
		return;
	}
	snprintf(buf, len, "%.*s", (int)(end - p), p);
}

/* The value at @prefix/@path is @want, as JSON text. */
static void at_is(const char *doc, const char *prefix, const char *path, const char *want)
{
	char full[256], got[512];

	snprintf(full, sizeof(full), "%s%s%s", prefix, *prefix ? "/" : "", path);
	js_text(doc, full, got, sizeof(got));
	ck_assert_msg(strcmp(got, want) == 0, "%s: expected %s, got %s", full, want, got);
}

/* ... is the hex string of @v (as the export writes numbers: "0x" and no leading zeros). */
static void at_hex(const char *doc, const char *prefix, const char *path, u64 v)
{
	char want[32];

	snprintf(want, sizeof(want), "\"0x%llx\"", (unsigned long long)v);
	at_is(doc, prefix, path, want);
}

/* ... is the list of 8 hex strings of @w. */
static void at_words(const char *doc, const char *prefix, const char *path, const u64 w[8])
{
	char want[400];
	size_t used = 0;

	for (unsigned i = 0; i < 8; i++)
		used += (size_t)snprintf(want + used, sizeof(want) - used, "%s\"0x%llx\"",
					 i ? ", " : "[", (unsigned long long)w[i]);
	snprintf(want + used, sizeof(want) - used, "]");
	at_is(doc, prefix, path, want);
}

static void at_absent(const char *doc, const char *path)
{
	ck_assert_msg(js_at(doc, path) == NULL, "%s: expected nothing there", path);
}

/* `export --format=json @path` through a file (the capture of stdout is 64 KiB). */
static char *export_json(const char *path)
{
	struct tmpdir t;
	struct cli_run r;
	char *text;

	tmp_make(&t);
	CLI_RUN(&r, "export", "--format=json", "-o", tmp_file(&t, "out.json"), path);
	ck_assert_msg(r.status == 0, "export %s: status %d: %s", path, r.status, r.err);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	text = read_text(tmp_file(&t, "out.json"), NULL);
	ck_assert(text != NULL);
	rm_tree(t.path);
	return text;
}

/* The reader itself, on a document whose every answer is known. */
START_TEST(export_json_reader)
{
	static const char doc[] = "{\"a\": [1, {\"b\\\"\": \"x,]\", \"v6.13\": [ ]}, true],"
				  " \"c\" : {\"d\": null}, \"e\": \"0x1\"}";
	char buf[64];

	at_is(doc, "", "a/0", "1");
	at_is(doc, "", "a/1/v6.13", "[ ]");
	at_is(doc, "", "a/2", "true");
	at_is(doc, "", "c/d", "null");
	at_is(doc, "", "e", "\"0x1\"");
	at_hex(doc, "", "e", 1);
	ck_assert_int_eq(js_count(doc, "a"), 3);
	ck_assert_int_eq(js_count(doc, "a/1"), 2);
	ck_assert_int_eq(js_count(doc, "a/1/v6.13"), 0);
	ck_assert_int_eq(js_count(doc, ""), 3);
	ck_assert_int_eq(js_count(doc, "e"), -1);
	at_absent(doc, "a/3");
	at_absent(doc, "b");
	at_absent(doc, "a/x");
	js_text(doc, "a/1/b\\\"", buf, sizeof(buf));      /* keys are compared as written */
	ck_assert_str_eq(buf, "\"x,]\"");
	ck_assert_ptr_null(js_at("{\"a\": [1, 2", "a/2"));
	ck_assert_ptr_null(js_skip("{\"a\": [1, 2", 0));
	ck_assert_int_eq(js_count("[1, 2", ""), -1);
	ck_assert_str_eq(js_next(js_first(js_at(doc, "a"))), "{\"b\\\"\": \"x,]\", \"v6.13\": [ ]}, true],"
			 " \"c\" : {\"d\": null}, \"e\": \"0x1\"}");
	ck_assert_ptr_null(js_next(js_next(js_next(js_first(js_at(doc, "a"))))));
	ck_assert_ptr_null(js_first(js_at(doc, "a/1/v6.13")));
	ck_assert_ptr_null(js_first(js_at(doc, "e")));
}
END_TEST

/*
 * The whole of vectors/: valid JSON (grammar_json, written apart from the
 * exporter), every file in sorted order with every vector loaded, and the
 * same bytes every time.
 */
START_TEST(export_json_vectors)
{
	const char *const roots[] = { "vectors" };
	struct tmpdir t;
	struct cli_run r;
	char **paths, *a, *b, why[256], want[PATH_MAX + 2];
	const char *file;
	unsigned n_paths, n_files = 0, n_vectors = 0;
	size_t la, lb;
	struct sn_error err;

	tmp_make(&t);
	/* without a PATH, vectors/ is exported */
	CLI_RUN(&r, "export", "--format=json", "-o", tmp_file(&t, "a.json"));
	ck_assert_msg(r.status == 0, "export: %s", r.err);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	{
		char opt[PATH_MAX + 16];

		snprintf(opt, sizeof(opt), "--output=%s", tmp_file(&t, "b.json"));
		CLI_RUN(&r, "export", opt, "--format=json", "vectors");
		ck_assert_int_eq(r.status, 0);
	}
	a = read_text(tmp_file(&t, "a.json"), &la);
	b = read_text(tmp_file(&t, "b.json"), &lb);
	ck_assert(a && b);
	ck_assert_uint_eq(la, lb);
	ck_assert_msg(memcmp(a, b, la) == 0, "two exports of vectors/ differ");
	free(b);
	CLI_RUN(&r, "export", "--format=json", "-o", tmp_file(&t, "b.json"), "vectors");
	ck_assert_int_eq(r.status, 0);
	b = read_text(tmp_file(&t, "b.json"), &lb);
	ck_assert(b != NULL);
	ck_assert_uint_eq(la, lb);
	ck_assert_msg(memcmp(a, b, la) == 0, "two exports of vectors/ differ");
	free(b);

	ck_assert_msg(grammar_json(a, why, sizeof(why)), "not JSON: %s", why);
	at_is(a, "", "format", "\"smmu-nest-vectors\"");
	at_is(a, "", "version", "1");
	at_is(a, "", "rules", "[]");

	/* every vector file, sorted, with its vectors in file order (walked in order) */
	ck_assert_msg(sn_collect_yaml(roots, 1, &paths, &n_paths, &err) == 0, "%s", err.msg);
	file = js_first(js_at(a, "files"));
	for (unsigned i = 0; i < n_paths; i++) {
		struct sn_vector_file f;
		const char *vec;

		if (sn_is_rules_path(paths[i]))
			continue;
		ck_assert_msg(sn_vector_file_load(paths[i], &f, &err) == 0, "%s", err.msg);
		ck_assert_msg(file != NULL, "no file object for %s", paths[i]);
		snprintf(want, sizeof(want), "\"%s\"", paths[i]);
		at_is(file, "", "path", want);
		snprintf(want, sizeof(want), "\"%s\"", f.area);
		at_is(file, "", "area", want);
		ck_assert_int_eq(js_count(file, "vectors"), (int)f.n_vectors);
		ck_assert_uint_eq(f.n_vectors, f.test_count);
		vec = js_first(js_at(file, "vectors"));
		for (unsigned k = 0; k < f.n_vectors; k++) {
			ck_assert(vec != NULL);
			snprintf(want, sizeof(want), "\"%s\"", f.vectors[k].id);
			at_is(vec, "", "id", want);
			vec = js_next(vec);
		}
		ck_assert_ptr_null(vec);
		n_vectors += f.n_vectors;
		n_files++;
		file = js_next(file);
		sn_vector_file_free(&f);
	}
	ck_assert_ptr_null(file);
	sn_free_paths(paths, n_paths);
	ck_assert_uint_gt(n_files, 30);
	ck_assert_uint_gt(n_vectors, 900);
	ck_assert_int_eq(js_count(a, "files"), (int)n_files);
	free(a);
	rm_tree(t.path);
}
END_TEST

/* The same bytes on standard output as through -o, and from either order of paths. */
START_TEST(export_json_stdout)
{
	struct cli_run r;
	char *a = export_json("tests/export/json");

	ck_assert_uint_lt(strlen(a), sizeof(r.out) - 1);
	CLI_RUN(&r, "export", "--format=json", "tests/export/json/vste.yaml",
		"tests/export/json/tlb.yaml", "tests/export/json/hitless.yaml",
		"tests/export/json/arch.yaml");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, a);
	/* sorted by path: arch, hitless, tlb, vste */
	at_is(a, "", "files/0/path", "\"tests/export/json/arch.yaml\"");
	at_is(a, "", "files/3/path", "\"tests/export/json/vste.yaml\"");
	free(a);
}
END_TEST

/*
 * vste: the file's defaults (parent kunit-s2, ats-supported, s2fwb), a
 * vector's own facts, the schema's defaults for the rest, and an
 * expectation for each policy the vector runs under.
 */
START_TEST(export_json_vste)
{
	/* linux.md §6.2: the KUnit S2 fixture, EATS=0 (the name 'kunit-s2') */
	static const u64 kunit_s2[8] = {
		0xd, 0x0000100000000000, 0x0449b6c400000000, 0x000dbeefdeadbee0,
	};
	/* SCHEMA.md area vste: the 'default' parent is the STE of vste --help */
	static const u64 default_parent[8] = {
		0xd, 0x0000100000000000, 0x044d359000000001, 0x0000000040000000,
	};
	/* the fixture's expectations: MEV (DW1 bit 19) set from v6.15 on */
	static const u64 v615[8] = {
		0x8000100f, 0x00001000100800d6, 0x0449b6c400000000, 0x000dbeefdeadbee0,
	};
	u64 v613[8];
	char *a = export_json("tests/export/json/vste.yaml");
	const char *v = "files/0/vectors/0", *e = "files/0/vectors/0/input/env";

	memcpy(v613, v615, sizeof(v613));
	v613[1] &= ~(1ULL << 19);
	at_is(a, "files/0", "area", "\"vste\"");
	at_is(a, "files/0", "default-policy", "\"v6.15\"");
	at_is(a, "files/0", "policies", "[\"v6.13\", \"v6.15\", \"v7.0\"]");
	at_is(a, "files/0", "flags/SPLIT", "\"the expectation differs by policy\"");
	at_is(a, v, "id", "\"export.json.vste.override\"");
	at_is(a, v, "line", "18");
	at_is(a, v, "cites", "[\"linux.md §3\", \"linux da0c56520e88\"]");
	at_is(a, v, "flags", "[\"SPLIT\"]");
	at_is(a, v, "comment", "\"S1 translate, EATS=TRANS; v6.13 sets no MEV.\"");
	at_is(a, v, "policies", "[\"v6.13\", \"v6.15\", \"v7.0\"]");
	at_is(a, v, "input/vste", "[\"0x8000100b\", \"0x100000d6\"]");
	at_words(a, v, "input/parent", kunit_s2);
	/* every host fact, from the vector, the file's defaults or the schema's */
	ck_assert_int_eq(js_count(a, e), 13);
	at_is(a, e, "canwbs", "false");                 /* the vector */
	at_is(a, e, "ats-supported", "true");           /* the file's defaults */
	at_is(a, e, "s2fwb", "true");
	at_is(a, e, "nesting", "true");                 /* the schema's defaults */
	at_is(a, e, "trans-s1", "true");
	at_is(a, e, "cmdq-force-sync", "false");
	at_is(a, e, "parent-paging", "true");
	at_is(a, e, "parent-s2", "true");
	at_is(a, e, "parent-same-smmu", "true");
	at_is(a, e, "parent-nest-parent", "true");
	at_is(a, e, "ssids-in-use", "false");
	at_is(a, e, "vdevice", "true");
	at_hex(a, e, "alloc-flags", 0);
	/* one expectation per policy: the override for v6.13, 'expect' for the rest */
	ck_assert_int_eq(js_count(a, "files/0/vectors/0/expect"), 3);
	at_is(a, v, "expect/v6.13/result", "\"ok\"");
	at_words(a, v, "expect/v6.13/ste", v613);
	at_is(a, v, "expect/v6.13/ats", "true");
	at_words(a, v, "expect/v6.15/ste", v615);
	at_words(a, v, "expect/v7.0/ste", v615);
	at_is(a, v, "expect/v7.0/ats", "true");
	at_absent(a, "files/0/vectors/0/expect/seed-v2");

	v = "files/0/vectors/1";
	e = "files/0/vectors/1/input/env";
	at_is(a, v, "comment", "null");
	at_is(a, v, "flags", "[]");
	at_is(a, v, "policies", "[\"v7.0\"]");
	at_words(a, v, "input/parent", default_parent);
	at_is(a, e, "nesting", "false");
	at_is(a, e, "ats-supported", "true");
	at_hex(a, e, "alloc-flags", 0x10);
	ck_assert_int_eq(js_count(a, "files/0/vectors/1/expect"), 1);
	at_is(a, v, "expect/v7.0", "{\"result\": \"error\", \"errno\": \"EOPNOTSUPP\", "
	      "\"stage\": \"viommu\"}");
	free(a);
}
END_TEST

/*
 * An architecture vector: SMMU defaults, the table's placement, an STE by
 * named fields and references with its words computed here from the bit
 * positions of IHI0070 §5.2, an STE patched by a raw memory word, and the
 * transactions' defaults and asserted fields.
 */
START_TEST(export_json_arch)
{
	char *a = export_json("tests/export/json/arch.yaml");
	const char *in = "files/0/vectors/0/input";
	const char *ste = "files/0/vectors/0/input/stream-table/entries/0";
	const char *tx = "files/0/vectors/0/input/transactions";
	u64 words[8] = { 0 }, patched[8] = { 0 };

	/*
	 * 4 KB granule, S2T0SZ 24 (40-bit IPA): a level-0 start would have 2
	 * entries, so the builder starts at level 1 with 2 concatenated tables
	 * (S2SL0 1 for 4 KB), 8 KB at the pool base.
	 */
	words[0] = 1ULL << 0 | 6ULL << 1;               /* V, Config 0b110 (3:1) */
	words[2] = 1ULL << 0 |                          /* S2VMID (15:0) */
		   24ULL << 32 |                        /* S2T0SZ (37:32) */
		   1ULL << 38 |                         /* S2SL0 (39:38): level 1 */
		   0ULL << 46 |                         /* S2TG (47:46): 4 KB */
		   5ULL << 48 |                         /* S2PS (50:48): 48 bits */
		   1ULL << 51 |                         /* S2AA64 */
		   1ULL << 58;                          /* S2R */
	words[3] = 0x100000;                            /* S2TTB (55:4), the address in place */
	patched[0] = 0x1;                               /* the raw word over V=1, Config 0b100 */

	at_is(a, "files/0", "area", "\"ste\"");
	at_is(a, "files/0", "default-policy", "null");
	at_is(a, "files/0", "policies", "[]");
	at_is(a, "files/0/vectors/0", "policies", "[]");
	/* the SMMU: one field given, the rest smmu_idr_default() as SCHEMA.md lists it */
	ck_assert_int_eq(js_count(a, "files/0/vectors/0/input/smmu"), 27);
	at_hex(a, in, "smmu/sidsize", 8);
	at_hex(a, in, "smmu/ssidsize", 20);
	at_hex(a, in, "smmu/oas", 5);
	at_is(a, in, "smmu/s2p", "true");
	at_is(a, in, "smmu/httu", "\"0x0\"");
	at_is(a, in, "smmu/stt", "false");
	at_is(a, in, "smmu/cr2-recinvsid", "true");
	at_is(a, in, "smmu/cr0-atschk", "false");
	at_hex(a, in, "memory/max-pages", 1024);
	at_is(a, in, "memory/raw/0", "{\"addr\": \"0x10140\", \"words\": [\"0x1\"]}");
	at_is(a, in, "memory/aborts", "[]");
	/* the table */
	at_is(a, in, "tables/0/name", "\"s2\"");
	at_hex(a, in, "tables/0/stage", 2);
	at_is(a, in, "tables/0/granule", "\"4k\"");
	at_hex(a, in, "tables/0/start-level", 1);
	at_hex(a, in, "tables/0/concat", 2);
	at_hex(a, in, "tables/0/sl0", 1);
	at_hex(a, in, "tables/0/ttb", 0x100000);
	at_is(a, in, "tables/0/tg1", "null");
	at_is(a, in, "tables/0/s2", "null");
	/* a stage-2 mapping's defaults: S2AP 3, XN 0, MemAttr 15, SH 3, AF */
	at_is(a, in, "tables/0/mappings/0", "{\"ia\": \"0x80000000\", \"oa\": \"0x40000000\", "
	      "\"size\": \"0x40000000\", \"s2ap\": \"0x3\", \"xn\": \"0x0\", \"memattr\": "
	      "\"0xf\", \"sh\": \"0x3\", \"af\": true}");
	/* the stream table and its registers: LOG2SIZE 4, FMT linear */
	at_is(a, in, "stream-table/format", "\"linear\"");
	at_hex(a, in, "stream-table/base", 0x10000);
	at_hex(a, in, "stream-table/strtab-base", 0x10000);
	at_hex(a, in, "stream-table/strtab-base-cfg", 4);
	at_is(a, in, "cds", "[]");
	/* the STE by fields: references resolved, words as the SMMU reads them */
	at_hex(a, ste, "sid", 3);
	at_is(a, ste, "given", "\"fields\"");
	at_is(a, ste, "fields/3", "{\"name\": \"S2T0SZ\", \"value\": \"0x18\", \"address\": "
	      "false, \"ref\": \"tables.s2.tsz\"}");
	at_is(a, ste, "fields/9", "{\"name\": \"S2TTB\", \"value\": \"0x100000\", \"address\": "
	      "true, \"ref\": \"tables.s2.ttb\"}");
	at_hex(a, ste, "pa", 0x10000 + 64 * 3);
	at_words(a, ste, "words", words);
	at_is(a, ste, "patched", "false");
	ste = "files/0/vectors/0/input/stream-table/entries/1";
	at_hex(a, ste, "pa", 0x10000 + 64 * 5);
	at_words(a, ste, "words", patched);
	at_is(a, ste, "patched", "true");
	/* transactions: defaults resolved, which fields are asserted */
	at_is(a, tx, "0/write", "false");
	at_is(a, tx, "0/ssv", "false");
	at_is(a, tx, "0/kind", "\"untranslated\"");
	at_hex(a, tx, "0/expect/pa", 0x40001234);
	at_is(a, tx, "0/expect/asserted", "[\"page-size\"]");
	at_hex(a, tx, "0/expect/page-size", 0x40000000);
	at_is(a, tx, "0/expect/ipa", "null");
	at_is(a, tx, "0/expect/s1-perm", "null");
	at_is(a, tx, "1/write", "true");
	at_is(a, tx, "1/expect/result", "\"fault\"");
	at_is(a, tx, "1/expect/disposition", "\"abort\"");
	at_is(a, tx, "1/expect/event/asserted",
	      "[\"type\", \"sid\", \"rnw\", \"s2\", \"class\", \"ipa\"]");
	at_is(a, tx, "1/expect/event/type", "\"F_TRANSLATION\"");
	at_hex(a, tx, "1/expect/event/sid", 3);
	at_is(a, tx, "1/expect/event/class", "\"IN\"");
	at_is(a, tx, "1/expect/event/rnw", "false");
	at_hex(a, tx, "1/expect/event/ipa", 0x2000);
	at_is(a, tx, "1/expect/event/ssid", "null");
	at_is(a, tx, "1/expect/event/fetch-addr", "null");
	at_is(a, tx, "2/expect/event", "null");
	free(a);
}
END_TEST

/*
 * tlb: the scenario as above plus the domain and the vIOMMU with their
 * defaults, the policies left after a guest step drops seed-v2, and each
 * step: commands given by fields as the words IHI0070 §4 lays out.
 */
START_TEST(export_json_tlb)
{
	char *a = export_json("tests/export/json/tlb.yaml");
	const char *v = "files/0/vectors/0";
	const char *st = "files/0/vectors/0/input/steps";
	char want[256];

	at_is(a, v, "policies", "[\"v6.13\", \"v6.15\", \"v7.0\"]");
	at_is(a, v, "bug", "null");
	at_hex(a, v, "input/stream-table/entries/0/words/0", 0xd);
	/* the domain: page-shift 12, a nest parent; a master nested, without ATS */
	at_hex(a, v, "input/domain/vmid", 1);
	at_hex(a, v, "input/domain/page-shift", 12);
	at_is(a, v, "input/domain/nest-parent", "true");
	at_is(a, v, "input/domain/masters/0", "{\"sids\": [\"0x3\"], \"ats\": false, \"nested\": "
	      "true, \"nested-ats-flush\": false, \"ssid\": \"0x0\"}");
	at_is(a, v, "input/viommu/vdevs/0", "{\"vsid\": \"0x10\", \"psid\": \"0x3\"}");
	ck_assert_int_eq(js_count(a, st), 6);
	at_is(a, st, "0/kind", "\"translate\"");
	at_is(a, st, "0/settle", "false");
	at_is(a, st, "0/verdict", "\"fresh\"");
	at_is(a, st, "0/served", "null");
	at_hex(a, st, "0/translate/sid", 3);
	at_is(a, st, "0/translate/kind", "\"untranslated\"");
	at_is(a, st, "0/expect/asserted", "[]");
	at_is(a, st, "1/kind", "\"write\"");
	ck_assert_int_eq(js_count(a, "files/0/vectors/0/input/steps/1/writes"), 1);
	at_is(a, st, "1/writes/0", "{\"addr\": \"0x100010\", \"words\": [\"0x0\"]}");
	at_is(a, st, "2/kind", "\"commands\"");
	at_is(a, st, "2/settle", "true");               /* it ends with a SYNC */
	/* CMD_TLBI_S2_IPA 0x2a, VMID in DW0 47:32; IPA in DW1 55:12, Leaf DW1 bit 0 */
	snprintf(want, sizeof(want), "[\"0x%llx\", \"0x%llx\"]",
		 0x2aULL | 1ULL << 32, 0x80000000ULL | 1);
	at_is(a, st, "2/commands/0/words", want);
	at_is(a, st, "2/commands/0/op", "\"CMD_TLBI_S2_IPA\"");
	at_hex(a, st, "2/commands/0/opcode", 0x2a);
	at_hex(a, st, "2/commands/0/fields/vmid", 1);
	at_is(a, st, "2/commands/0/fields/leaf", "true");
	/* CMD_SYNC 0x46 as Linux builds it: CS=SEV (13:12), MSH=ISH (23:22), MSIAttr=OIWB (27:24) */
	snprintf(want, sizeof(want), "[\"0x%llx\", \"0x0\"]",
		 0x46ULL | 2ULL << 12 | 3ULL << 22 | 0xfULL << 24);
	at_is(a, st, "2/commands/1/words", want);
	at_is(a, st, "2/commands/1/fields", "{}");
	at_is(a, st, "3/expect/event/s2", "true");
	at_is(a, st, "4/kind", "\"host\"");
	at_is(a, st, "4/settle", "true");
	/* granule: the domain's page size; leaf: true */
	at_is(a, st, "4/change", "{\"change\": \"range\", \"iova\": \"0x80000000\", \"size\": "
	      "\"0x1000\", \"granule\": \"0x1000\", \"leaf\": true}");
	at_is(a, st, "4/during", "[]");
	at_is(a, st, "5/kind", "\"guest\"");
	at_is(a, st, "5/settle", "true");
	at_is(a, st, "5/error", "null");
	/* CMD_TLBI_NH_ALL 0x10 with the guest's VMID 9 in DW0 47:32 */
	snprintf(want, sizeof(want), "[\"0x%llx\", \"0x0\"]", 0x10ULL | 9ULL << 32);
	at_is(a, st, "5/commands/0/words", want);
	at_is(a, st, "5/commands/0/op", "\"CMD_TLBI_NH_ALL\"");
	free(a);
}
END_TEST

/* hitless: the kind from the defaults, path and torn defaults, a policy override. */
START_TEST(export_json_hitless)
{
	char *a = export_json("tests/export/json/hitless.yaml");
	const char *v = "files/0/vectors/0";

	at_is(a, v, "policies", "[\"seed-v2\", \"v6.13\", \"v6.15\", \"v7.0\"]");
	at_is(a, v, "input/kind", "\"ste\"");
	at_is(a, v, "input/from", "[\"0x9\", \"0x100000000000\", \"0x0\", \"0x0\", \"0x0\", "
	      "\"0x0\", \"0x0\", \"0x0\"]");
	ck_assert_int_eq(js_count(a, "files/0/vectors/0/expect"), 4);
	at_is(a, v, "expect/seed-v2", "{\"syncs\": \"0x2\", \"hitless\": true, \"path\": "
	      "\"hitless\", \"torn\": \"safe\"}");
	v = "files/0/vectors/1";
	at_is(a, v, "policies", "[\"v6.15\", \"v7.0\"]");
	at_is(a, v, "input/kind", "\"ste\"");
	at_is(a, v, "expect/v6.15", "{\"syncs\": \"0x3\", \"hitless\": false, \"path\": "
	      "\"breaking\", \"torn\": \"safe\"}");
	at_is(a, v, "expect/v7.0", "{\"syncs\": \"0x3\", \"hitless\": true, \"path\": null, "
	      "\"torn\": \"safe\"}");
	at_absent(a, "files/0/vectors/1/expect/v6.13");
	free(a);
}
END_TEST

/* Rules catalogues go under "rules", apart from the vector files. */
START_TEST(export_json_rules)
{
	struct cli_run r;
	const char *p = "rules/0/rules/1";

	CLI_RUN(&r, "export", "--format=json", "tests/export/rules", "tests/export/json/hitless.yaml");
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(js_count(r.out, "files"), 1);
	ck_assert_int_eq(js_count(r.out, "rules"), 1);
	at_is(r.out, "rules/0", "path", "\"tests/export/rules/mini.yaml\"");
	ck_assert_int_eq(js_count(r.out, "rules/0/rules"), 2);
	at_is(r.out, "rules/0/rules/0", "waiver", "\"Only the export reads this file.\"");
	at_is(r.out, "rules/0/rules/0", "policies", "[]");
	at_is(r.out, "rules/0/rules/0", "choice", "null");
	at_is(r.out, p, "id", "\"export.rule.policy\"");
	at_is(r.out, p, "kind", "\"policy\"");
	at_is(r.out, p, "sources", "[\"linux.md §3\", \"seed-v2\"]");
	at_is(r.out, p, "policies", "[\"v6.15\", \"v7.0\"]");
	at_is(r.out, p, "waiver", "null");
}
END_TEST

/* A scenario that does not build: exit 2 at its location, nothing written. */
START_TEST(export_json_unbuildable)
{
	struct tmpdir t;
	struct cli_run r;

	tmp_make(&t);
	CLI_RUN(&r, "export", "--format=json", "-o", tmp_file(&t, "out.json"),
		"tests/export/json/hitless.yaml", "tests/export/bad/unbuildable.yaml");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "tests/export/bad/unbuildable.yaml:21:13: SID 64: no L1STD with "
			 "index 1 in 'l1'\n");
	ck_assert_int_eq(access(tmp_file(&t, "out.json"), F_OK), -1);
	rm_tree(t.path);
}
END_TEST

static const struct {
	const char *args[6];
	const char *err;        /* a substring of stderr */
} usage_cases[] = {
	{ { NULL }, "smmu-nest export: missing --format (kunit or json)\n" },
	{ { "tests/export/small.yaml" }, "smmu-nest export: missing --format (kunit or json)\n" },
	{ { "--format=bogus", "tests/export/small.yaml" },
	  "smmu-nest export: unknown format 'bogus' (kunit or json)\n" },
	{ { "--format=JSON", "tests/export/small.yaml" },
	  "smmu-nest export: unknown format 'JSON' (kunit or json)\n" },
	{ { "--format=", "tests/export/small.yaml" },
	  "smmu-nest export: unknown format '' (kunit or json)\n" },
	{ { "--format=kunit" }, "smmu-nest export: no vector files or directories given\n" },
	{ { "--format=kunit", "--policy=v9.9", "tests/export/small.yaml" },
	  "smmu-nest export: unknown policy 'v9.9' (seed-v2, v6.13, v6.15, v7.0)\n" },
	{ { "--format=kunit", "--bogus", "tests/export/small.yaml" },
	  "smmu-nest export: unknown option '--bogus'\n" },
	{ { "--format=kunit", "tests/export/small.yaml", "-o" },
	  "smmu-nest export: option '-o' needs a file name\n" },
	{ { "--format=kunit", "--output=", "tests/export/small.yaml" },
	  "smmu-nest export: empty output file name\n" },
	{ { "--format=kunit", "tests/no/such/file.yaml" }, "tests/no/such/file.yaml" },
	{ { "--format=kunit", "tests/export/small.yaml", "tests/cli-bad/unclosed.yaml" },
	  "tests/cli-bad/unclosed.yaml:4:1: YAML syntax error" },
	{ { "--format=kunit", "tests/bad/errno-unknown.yaml" }, "tests/bad/errno-unknown.yaml:" },
	{ { "--format=kunit", "-o", "/nonexistent-dir/x.h", "tests/export/small.yaml" },
	  "smmu-nest export: cannot write '/nonexistent-dir/x.h': " },
	{ { "--format=kunit", "-o", "tests/export", "tests/export/small.yaml" },
	  "smmu-nest export: cannot write 'tests/export': " },
	{ { "--format=kunit", "--policy=v7.0", "tests/export/mixed", "tests/export/small.yaml",
	    "tests/cli-bad" }, "tests/cli-bad/unclosed.yaml:4:1: YAML syntax error" },
	/* json */
	{ { "--format=json", "tests/no/such/file.yaml" }, "tests/no/such/file.yaml" },
	{ { "--format=json", "tests/export/json", "tests/no/such/dir" }, "tests/no/such/dir" },
	{ { "--format=json", "tests/export/json/arch.yaml", "tests/cli-bad/unclosed.yaml" },
	  "tests/cli-bad/unclosed.yaml:4:1: YAML syntax error" },
	{ { "--format=json", "tests/bad/errno-unknown.yaml" }, "tests/bad/errno-unknown.yaml:" },
	{ { "--format=json", "--policy=v7.0", "tests/export/json" },
	  "smmu-nest export: --policy is for --format=kunit: the json export holds every "
	  "policy's expectations\n" },
	{ { "--format=json", "--bogus" }, "smmu-nest export: unknown option '--bogus'\n" },
	{ { "--format=json", "-o", "/nonexistent-dir/x.json", "tests/export/json" },
	  "smmu-nest export: cannot write '/nonexistent-dir/x.json': " },
};

/* Every bad argument: exit 2, nothing on standard output, the message on stderr. */
START_TEST(export_usage)
{
	const char *argv[8] = { "export" };
	unsigned n = 1;
	struct cli_run r;

	for (unsigned i = 0; usage_cases[_i].args[i]; i++)
		argv[n++] = usage_cases[_i].args[i];
	argv[n] = NULL;
	cli_run(&r, argv);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(strstr(r.err, usage_cases[_i].err), "stderr '%s' lacks '%s'", r.err,
		      usage_cases[_i].err);
}
END_TEST

START_TEST(export_help_version)
{
	struct cli_run r;

	CLI_RUN(&r, "export", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Usage: smmu-nest export --format=kunit [--policy=P] "
				     "[-o FILE] PATH...\n"
				     "       smmu-nest export --format=json [-o FILE] [PATH...]\n"));
	CLI_RUN(&r, "export", "--version");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "smmu-nest export " SMMU_NEST_VERSION "\n");
	CLI_RUN(&r, "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\n  export "));
}
END_TEST

static Suite *export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *text = tcase_create("text");
	TCase *build = tcase_create("compile");
	TCase *json = tcase_create("json");

	tcase_set_timeout(text, 60);
	tcase_set_timeout(build, 300);
	tcase_add_test(text, export_fixture_text);
	tcase_add_test(text, export_no_rows);
	tcase_add_test(text, export_deterministic);
	tcase_add_test(text, export_mixed_policies);
	tcase_add_test(text, export_other_areas);
	tcase_add_loop_test(text, export_usage, 0,
			    (int)(sizeof(usage_cases) / sizeof(usage_cases[0])));
	tcase_add_test(text, export_help_version);
	suite_add_tcase(s, text);
	tcase_set_timeout(json, 300);
	tcase_add_test(json, export_json_reader);
	tcase_add_test(json, export_json_vectors);
	tcase_add_test(json, export_json_stdout);
	tcase_add_test(json, export_json_vste);
	tcase_add_test(json, export_json_arch);
	tcase_add_test(json, export_json_tlb);
	tcase_add_test(json, export_json_hitless);
	tcase_add_test(json, export_json_rules);
	tcase_add_test(json, export_json_unbuildable);
	suite_add_tcase(s, json);
	tcase_add_test(build, export_vectors_compile_and_match);
	tcase_add_test(build, export_fixture_compiles_and_matches);
	suite_add_tcase(s, build);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(export_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
