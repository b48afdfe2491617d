// SPDX-License-Identifier: MIT
/*
 * smmu-nest replay / conformance / lint / policies.
 *
 * replay and conformance turn each vector of each area into cases (one per
 * vector, policy and, for tlb, cache mode), and hand every case to one
 * function, replay_report(), which passes it to the reporter (report.h):
 * the runners below know nothing of output formats.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/dutrun.h>
#include <smmu-nest/hitlessvec.h>
#include <smmu-nest/invariants.h>
#include <smmu-nest/replay.h>
#include <smmu-nest/report.h>
#include <smmu-nest/scenario.h>
#include <smmu-nest/tlbscn.h>
#include <smmu-nest/vectors.h>
#include <smmu-nest/version.h>
#include "cli.h"

struct replay_state {
	unsigned policy_mask;     /* policies asked for on the command line */
	bool one_mode;            /* --cache: tlb vectors under this cache mode only */
	struct tlb_policy mode;
	unsigned files, vectors;
	struct sn_report *rep;
	char fatal[512];          /* why the run stopped, for sn_report_abort() */
	struct sn_dut *dut;       /* --dut: every vector against it instead of the model */
	const struct host_policy *dut_policy;   /* whose expectations it is held to */
};

/* An error that stops the run: on stderr now, and kept for the report. */
static int replay_fatal(struct replay_state *st, const char *msg)
{
	fprintf(stderr, "%s\n", msg);
	snprintf(st->fatal, sizeof(st->fatal), "%s", msg);
	return EXIT_USAGE;
}

/* Every case of every area goes through here, whoever produced it. */
static void replay_report(struct replay_state *st, const struct sn_case *c)
{
	sn_report_case(st->rep, c);
}

/*
 * A case being filled in: the runner adds one diagnostic per failed check
 * as it finds them (a tlb run reports its failures through a callback, so
 * they cannot simply be collected at the end).  The strings are copies
 * owned here until case_done().
 */
struct case_buf {
	struct sn_case c;
	struct sn_case_diag *diags;
	char **owned;             /* two per diagnostic: what and msg */
	unsigned n, cap;
	bool lost;                /* a diagnostic could not be stored */
};

static void case_start(struct case_buf *b, const struct sn_vector_file *f,
		       const struct sn_vector *v, const char *policy, const char *mode)
{
	memset(b, 0, sizeof(*b));
	b->c.area = f->area;
	b->c.file = f->path;
	b->c.line = v->loc.line;
	b->c.id = v->id;
	b->c.policy = policy;
	b->c.mode = mode;
}

__attribute__((format(printf, 4, 5)))
static void case_diag(struct case_buf *b, unsigned line, const char *what,
		      const char *fmt, ...)
{
	char *msg = NULL, *w = NULL;
	va_list ap;
	int len;

	if (b->n == b->cap) {
		unsigned cap = b->cap ? b->cap * 2 : 4;
		struct sn_case_diag *d = realloc(b->diags, cap * sizeof(*d));
		char **o = d ? realloc(b->owned, 2 * cap * sizeof(*o)) : NULL;

		if (d)
			b->diags = d;
		if (!o) {
			b->lost = true;
			return;
		}
		b->owned = o;
		b->cap = cap;
	}
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len >= 0 && (msg = malloc((size_t)len + 1))) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}
	if (what && !(w = strdup(what))) {
		free(msg);
		msg = NULL;
	}
	if (!msg) {
		b->lost = true;
		return;
	}
	b->owned[2 * b->n] = w;
	b->owned[2 * b->n + 1] = msg;
	b->diags[b->n++] = (struct sn_case_diag){ .line = line, .what = w, .msg = msg };
}

/* Report the case, failed or not as @failed says, and free what it owned. */
static void case_done(struct replay_state *st, struct case_buf *b, bool failed)
{
	static const struct sn_case_diag lost = { 0, NULL, "out of memory: the checks' "
						  "messages were lost" };

	b->c.status = failed ? SN_CASE_FAIL : SN_CASE_PASS;
	b->c.diags = b->diags;
	b->c.n_diags = failed ? b->n : 0;
	if (failed && b->n == 0) {
		/* a failed case always has something to say */
		b->c.diags = &lost;
		b->c.n_diags = 1;
	}
	replay_report(st, &b->c);
	for (unsigned i = 0; i < 2 * b->n; i++)
		free(b->owned[i]);
	free(b->owned);
	free(b->diags);
}

/* One vector under one policy: compare, and hold the result to the invariants. */
static void run_one(struct replay_state *st, const struct sn_vector_file *f,
		    const struct sn_vector *v, unsigned pi)
{
	const struct sn_outcome *exp = sn_vector_expect_for(v, pi);
	const struct host_policy *p = host_policies[pi];
	struct vste_result got;
	char why[640], detail[256], what[40];
	enum sn_invariant inv;
	struct case_buf b;

	case_start(&b, f, v, p->name, NULL);
	snprintf(what, sizeof(what), "[%s]", p->name);
	sn_vector_run(v, pi, &got);
	if (!exp) {
		case_diag(&b, 0, what, "no expectation for this policy");
	} else if (!sn_outcome_matches(exp, &got, why, sizeof(why), NULL)) {
		case_diag(&b, 0, what, "%s", why);
	} else if (got.err == SN_OK &&
		   (inv = vste_check_invariants(p, v->vste, v->parent, &v->env, &got,
						detail, sizeof(detail))) != INV_NONE) {
		case_diag(&b, 0, what, "invariant '%s' broken: %s", sn_invariant_name(inv),
			  detail);
	}
	case_done(st, &b, b.n > 0 || b.lost);
}

/*
 * One vector of an architecture area: every transaction, in order, on one
 * SMMU.  It passes when all of them match; each mismatch is one diagnostic.
 */
static void run_arch(struct replay_state *st, const struct sn_vector_file *f,
		     const struct sn_vector *v)
{
	const struct sn_scenario *s = v->scn;
	struct sn_txn_report *reports = calloc(s->n_txns ? s->n_txns : 1, sizeof(*reports));
	struct sn_error err;
	struct case_buf b;
	char what[32];
	int failed;

	case_start(&b, f, v, NULL, NULL);
	if (!reports) {
		case_diag(&b, 0, NULL, "out of memory");
		case_done(st, &b, true);
		return;
	}
	failed = sn_scenario_run(s, reports, &err);
	if (failed < 0)
		case_diag(&b, 0, NULL, "%s", err.msg);
	for (unsigned i = 0; failed > 0 && i < s->n_txns; i++) {
		if (reports[i].passed)
			continue;
		snprintf(what, sizeof(what), "[txn %u]", i);
		case_diag(&b, s->txns[i].loc.line, what, "%s", reports[i].why);
	}
	free(reports);
	case_done(st, &b, failed != 0);
}

/* A tlb failure: "[step N] (policy, cache)" at the step's (or entry's) line. */
static void tlb_failure(void *ctx, unsigned step, int during, const struct sn_loc *at,
			const char *why)
{
	struct case_buf *b = ctx;
	char what[64];

	(void)during;
	snprintf(what, sizeof(what), "[step %u] (%s, %s)", step, b->c.policy, b->c.mode);
	case_diag(b, at->line, what, "%s", why);
}

/*
 * One tlb vector: every policy it runs under (and --policy allows) times
 * every cache mode (or the one --cache names), one case each.  A run that
 * cannot proceed is bad input: exit status 2.
 */
static int run_tlb(struct replay_state *st, const struct sn_vector_file *f,
		   const struct sn_vector *v)
{
	const unsigned n_modes = st->one_mode ? 1 : SN_TLB_N_MODES;
	struct sn_error err;

	for (unsigned pi = 0; pi < host_policy_count; pi++) {
		if (!(v->policy_mask & st->policy_mask & (1u << pi)))
			continue;
		for (unsigned m = 0; m < n_modes; m++) {
			struct tlb_policy mode = st->mode;
			struct case_buf b;
			struct sn_tlb_obs obs = { .ctx = &b, .failure = tlb_failure };
			char name[16];
			int rc;

			if (!st->one_mode && !tlb_policy_parse(sn_tlb_modes[m], &mode))
				continue;
			sn_tlb_mode_format(&mode, name, sizeof(name));
			case_start(&b, f, v, host_policies[pi]->name, name);
			rc = sn_tlb_run(sn_tlbscn_of(v), host_policies[pi], &mode, &obs, &err);
			if (rc < 0) {
				for (unsigned i = 0; i < 2 * b.n; i++)
					free(b.owned[i]);
				free(b.owned);
				free(b.diags);
				return replay_fatal(st, err.msg);
			}
			case_done(st, &b, rc != 0);
		}
	}
	return 0;
}

/*
 * One hitless vector under every policy it runs under (and --policy
 * allows): one case each, and one diagnostic per mismatching field,
 * "file:line: id (policy): field: expected X, got Y", at the line of the
 * expectation that applies.
 */
static void run_hitless(struct replay_state *st, const struct sn_vector_file *f,
			const struct sn_vector *v)
{
	const struct sn_hitless *h = sn_hitless_of(v);

	for (unsigned pi = 0; pi < host_policy_count; pi++) {
		const struct sn_hitless_outcome *exp = sn_hitless_expect_for(h, pi);
		struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS];
		struct case_buf b;
		char what[40];
		unsigned n;

		if (!(v->policy_mask & st->policy_mask & (1u << pi)) || !exp)
			continue;
		case_start(&b, f, v, host_policies[pi]->name, NULL);
		snprintf(what, sizeof(what), "(%s)", host_policies[pi]->name);
		n = sn_hitless_run(h, host_policies[pi], exp, NULL, fails);
		for (unsigned i = 0; i < n; i++)
			case_diag(&b, exp->loc.line, what, "%s: expected %s, got %s",
				  fails[i].field, fails[i].expected, fails[i].got);
		case_done(st, &b, n != 0);
	}
}

/*
 * --dut: one case per vector, judged against the expectations of
 * st->dut_policy (vste, tlb) or the vector's own (ste, cd, walk); what the
 * DUT cannot run is a skip with its reason (dutrun.h).
 */
static int run_dut(struct replay_state *st, const struct sn_vector_file *f,
		   const struct sn_vector *v)
{
	const bool per_policy = !f->arch && strcmp(f->area, "hitless") != 0;
	const bool tlb = strcmp(f->area, "tlb") == 0;
	struct sn_dut_verdict *r = malloc(sizeof(*r));
	struct sn_error err;
	struct case_buf b;

	if (!r)
		return replay_fatal(st, "smmu-nest: out of memory");
	if (sn_dut_run(st->dut, f, v, st->dut_policy, r, &err) != 0) {
		free(r);
		return replay_fatal(st, err.msg);
	}
	case_start(&b, f, v, per_policy ? st->dut_policy->name : NULL, tlb ? "max" : NULL);
	if (r->status == SN_CASE_SKIP) {
		b.c.status = SN_CASE_SKIP;
		b.c.skip_reason = r->skip;
		replay_report(st, &b.c);
		free(r);
		return 0;
	}
	for (unsigned i = 0; i < r->n_diags; i++) {
		char what[128];

		/* named as the model's own replay names them */
		if (tlb)
			snprintf(what, sizeof(what), "%s (%s, max)", r->diags[i].what,
				 st->dut_policy->name);
		else if (per_policy && !r->diags[i].what[0])
			snprintf(what, sizeof(what), "[%s]", st->dut_policy->name);
		else
			snprintf(what, sizeof(what), "%s", r->diags[i].what);
		case_diag(&b, r->diags[i].line ? r->diags[i].line : v->loc.line, what, "%s",
			  r->diags[i].msg);
	}
	if (r->n_failed > r->n_diags)
		case_diag(&b, v->loc.line, "", "and %u more failed checks", r->n_failed - r->n_diags);
	case_done(st, &b, r->status == SN_CASE_FAIL);
	free(r);
	return 0;
}

static int replay_file(struct replay_state *st, const char *path)
{
	struct sn_vector_file f;
	struct sn_error err;
	int rc = 0;

	sn_report_file(st->rep, path);
	if (sn_vector_file_load(path, &f, &err) != 0)
		return replay_fatal(st, err.msg);
	st->files++;
	for (unsigned i = 0; i < f.n_vectors && rc == 0; i++) {
		const struct sn_vector *v = &f.vectors[i];

		st->vectors++;
		if (st->dut) {
			rc = run_dut(st, &f, v);
		} else if (strcmp(f.area, "tlb") == 0) {
			rc = run_tlb(st, &f, v);
		} else if (strcmp(f.area, "hitless") == 0) {
			run_hitless(st, &f, v);
		} else if (f.arch) {
			run_arch(st, &f, v);
		} else {
			for (unsigned pi = 0; pi < host_policy_count; pi++)
				if (v->policy_mask & st->policy_mask & (1u << pi))
					run_one(st, &f, v, pi);
		}
	}
	sn_vector_file_free(&f);
	return rc;
}

static int replay_paths(struct replay_state *st, const char *const *paths, unsigned n)
{
	char **files = NULL;
	unsigned n_files = 0;
	struct sn_error err;
	int rc = 0;

	if (sn_collect_yaml(paths, n, &files, &n_files, &err) != 0)
		return replay_fatal(st, err.msg);
	for (unsigned i = 0; i < n_files && rc == 0; i++)
		if (!sn_is_rules_path(files[i]))
			rc = replay_file(st, files[i]);
	sn_free_paths(files, n_files);
	if (rc == 0 && st->files == 0)
		rc = replay_fatal(st, "smmu-nest: no vector files found");
	return rc;
}

static void replay_help(const char *cmd)
{
	printf("Usage: smmu-nest %s [--policy=P] [--cache=M] [--format=F] [--color=WHEN]\n"
	       "       [--quiet] %s\n\n", cmd,
	       strcmp(cmd, "replay") == 0 ? "PATH..." : "[PATH...]");
	if (strcmp(cmd, "replay") == 0)
		printf("Replay golden vector files (and directories, recursively) against\n"
		       "the model: each vste vector under each policy it names, or only P.\n"
		       "Prints one line per failing vector, 'file:line: id [policy]: expected\n"
		       "..., got ...', then 'N passed, M failed' (one count per vector and\n"
		       "policy). Every accepted result is also held to the escape invariants.\n"
		       "Vectors of the architecture areas (ste, cd, walk) do not depend on a\n"
		       "policy: each counts once, and each failing transaction prints\n"
		       "'file:line: id [txn N]: field: expected X, got Y' (N from 0).\n"
		       "Vectors of the cache area (tlb) run under each policy and each cache\n"
		       "mode none, max and lru:4, one count each; a failing step prints\n"
		       "'file:line: id [step N] (policy, cache): what' (N from 0).\n"
		       "Vectors of the entry-writer area (hitless) run the policy's STE/CD\n"
		       "writer and the torn-state checker under each policy, one count each;\n"
		       "each mismatching field prints 'file:line: id (policy): field:\n"
		       "expected X, got Y' (syncs, hitless, path or torn).\n\n");
	else
		printf("Replay every golden vector (default: vectors/) under every policy\n"
		       "and print a summary per area and policy (policy 'arch' for the\n"
		       "policy-independent areas; a tlb row counts each cache mode), then\n"
		       "'N passed, M failed'.\n\n");
	printf("Options:\n"
	       "  --policy=P     only seed-v2, v6.13, v6.15 or v7.0 (vste, tlb and hitless\n"
	       "                 vectors)\n"
	       "  --cache=M      tlb vectors under cache mode M only: none, max or lru:N\n"
	       "  --format=F     the report: text (the default, as above), tap (TAP\n"
	       "                 version 13), ktap (KTAP version 1, one subtest per area),\n"
	       "                 json (one document) or junit (JUnit XML, one testsuite\n"
	       "                 per area); one case per vector, policy and cache mode,\n"
	       "                 named 'id [policy, mode]'\n"
	       "  --color=WHEN   colour the text report: auto (the default: when standard\n"
	       "                 output is a terminal and NO_COLOR is unset or empty),\n"
	       "                 always or never\n"
	       "  --dut=PATH.so  replay against a device under test instead of the model:\n"
	       "                 a shared library exporting smmu_nest_dut() (smmu-nest/dut.h,\n"
	       "                 docs/dut.md); one case per vector, held to the expectations\n"
	       "                 of --policy (default: the default policy); what the DUT\n"
	       "                 cannot run is reported as skipped, with the reason\n"
	       "  --dut-arg=S    a string for the adapter's open() (e.g. settings)\n"
	       "  --quiet        text: do not list failing vectors\n"
	       "  --help, --version\n\n"
	       "When standard error is a terminal, a progress line shows there while\n"
	       "the run lasts.\n\n"
	       "Exit status: 0 all passed, 1 some failed, 2 bad input or usage.\n");
}

static bool colour_parse(const char *s, struct sn_report_opts *o)
{
	if (strcmp(s, "auto") == 0)
		o->colour = SN_COLOUR_AUTO;
	else if (strcmp(s, "always") == 0)
		o->colour = SN_COLOUR_ALWAYS;
	else if (strcmp(s, "never") == 0)
		o->colour = SN_COLOUR_NEVER;
	else
		return false;
	return true;
}

/* Replay @paths into a report written to standard output. */
static int replay_run(struct replay_state *st, const struct sn_report_opts *o,
		      const char *const *paths, unsigned n)
{
	const char *names[SN_MAX_POLICIES];
	int rc;

	st->rep = sn_report_open(stdout, o);
	if (!st->rep) {
		fprintf(stderr, "smmu-nest: out of memory\n");
		return EXIT_USAGE;
	}
	/* the summary lists policies in their usual order, not as first met */
	for (unsigned pi = 0; pi < host_policy_count && pi < SN_MAX_POLICIES; pi++)
		names[pi] = host_policies[pi]->name;
	sn_report_policies(st->rep, names, host_policy_count < SN_MAX_POLICIES ?
			   host_policy_count : SN_MAX_POLICIES);
	rc = replay_paths(st, paths, n);
	if (rc) {
		sn_report_abort(st->rep, st->fatal);
		return rc;
	}
	return sn_report_close(st->rep, st->files, st->vectors);
}

static int replay_main(const char *cmd, int argc, char **argv, bool summary)
{
	struct replay_state st = { .policy_mask = (1u << host_policy_count) - 1 };
	struct sn_report_opts o = {
		.format = SN_REPORT_TEXT, .command = cmd, .summary = summary,
		.colour = SN_COLOUR_AUTO, .progress_stream = stderr,
	};
	const char *paths[256];
	unsigned n = 0;
	const char *v, *dut_path = NULL, *dut_arg = NULL;
	bool one_policy = false;
	struct sn_error err;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			replay_help(cmd);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("smmu-nest %s %s\n", cmd, SMMU_NEST_VERSION);
			return 0;
		} else if ((v = cli_opt_value(a, "policy"))) {
			const struct host_policy *p = host_policy_find(v);
			if (!p)
				return cli_usage_error(cmd, "unknown policy '%s' (seed-v2, v6.13, v6.15, v7.0)", v);
			for (unsigned pi = 0; pi < host_policy_count; pi++)
				if (host_policies[pi] == p)
					st.policy_mask = 1u << pi;
			st.dut_policy = p;
			one_policy = true;
		} else if ((v = cli_opt_value(a, "cache"))) {
			if (!tlb_policy_parse(v, &st.mode))
				return cli_usage_error(cmd, "unknown cache mode '%s' (none, max or lru:N "
						       "with N >= 1)", v);
			st.one_mode = true;
		} else if ((v = cli_opt_value(a, "format"))) {
			if (!sn_report_format_parse(v, &o.format))
				return cli_usage_error(cmd, "unknown format '%s' (text, tap, ktap, "
						       "json or junit)", v);
		} else if ((v = cli_opt_value(a, "color"))) {
			if (!colour_parse(v, &o))
				return cli_usage_error(cmd, "unknown colour mode '%s' (auto, always "
						       "or never)", v);
		} else if ((v = cli_opt_value(a, "dut"))) {
			if (!v[0])
				return cli_usage_error(cmd, "--dut needs the path of an adapter (.so)");
			dut_path = v;
		} else if ((v = cli_opt_value(a, "dut-arg"))) {
			dut_arg = v;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			o.quiet = true;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error(cmd, "unknown option '%s'", a);
		} else if (n < sizeof(paths) / sizeof(paths[0])) {
			paths[n++] = a;
		} else {
			return cli_usage_error(cmd, "too many paths");
		}
	}
	if (n == 0 && !summary)
		return cli_usage_error(cmd, "no vector files or directories given");
	if (n == 0)
		paths[n++] = cli_data_path("vectors");  /* ./vectors, else the installed copy */
	if (dut_arg && !dut_path)
		return cli_usage_error(cmd, "--dut-arg without --dut");
	if (!dut_path)
		return replay_run(&st, &o, paths, n);
	if (st.one_mode)
		return cli_usage_error(cmd, "--cache has no meaning with --dut: the DUT brings "
				       "its own caches, and the model beside it runs under max");
	if (!one_policy)
		st.dut_policy = host_policy_default();
	/* dlopen() searches the library path for a bare name: a path is meant. */
	if (!strchr(dut_path, '/'))
		return cli_usage_error(cmd, "--dut=%s: give a path (./%s for the current "
				       "directory)", dut_path, dut_path);
	if (sn_dut_load(dut_path, dut_arg, &st.dut, &err) != 0) {
		fprintf(stderr, "smmu-nest %s: %s\n", cmd, err.msg);
		return EXIT_USAGE;
	}
	o.dut = sn_dut_name(st.dut);
	rc = replay_run(&st, &o, paths, n);
	sn_dut_free(st.dut);
	return rc;
}

int cmd_replay(int argc, char **argv)
{
	return replay_main("replay", argc, argv, false);
}

int cmd_conformance(int argc, char **argv)
{
	return replay_main("conformance", argc, argv, true);
}

int cmd_lint(int argc, char **argv)
{
	const char *paths[256];
	unsigned n = 0;
	bool event_fields = false;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			printf("Usage: smmu-nest lint [--event-fields] [PATH...]\n\n"
			       "Check vector files and rules catalogues (default: vectors rules):\n"
			       "schema, unique vector and rule ids, header test counts, known rules,\n"
			       "policies and flags, and that every rule is checked by at least one\n"
			       "vector or carries a waiver. Files under a 'rules' directory are\n"
			       "rules catalogues; the rest are vector files.\n\n"
			       "  --event-fields  then, per architecture or cache vector file (ste,\n"
			       "                  cd, walk, tlb),\n"
			       "                  how many expected events assert each event field\n"
			       "                  and which fields none asserts\n\n"
			       "Exit status: 0 clean, 2 problems found (each printed as\n"
			       "'file:line:col: message') or bad usage.\n");
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("smmu-nest lint %s\n", SMMU_NEST_VERSION);
			return 0;
		} else if (strcmp(a, "--event-fields") == 0) {
			event_fields = true;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("lint", "unknown option '%s'", a);
		} else if (n < sizeof(paths) / sizeof(paths[0])) {
			paths[n++] = a;
		} else {
			return cli_usage_error("lint", "too many paths");
		}
	}
	if (n == 0) {
		paths[n++] = cli_data_path("vectors");  /* ./vectors, else the installed copy */
		paths[n++] = cli_data_path("rules");
	}
	rc = sn_lint(paths, n, stdout);
	if (event_fields && sn_lint_event_fields(paths, n, stdout) != 0)
		rc = 2;
	return rc;
}

int cmd_policies(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("Usage: smmu-nest policies\n\nList the host policies: name, source, summary.\n");
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("smmu-nest policies %s\n", SMMU_NEST_VERSION);
			return 0;
		}
		return cli_usage_error("policies", "unexpected argument '%s'", argv[i]);
	}
	for (unsigned i = 0; i < host_policy_count; i++) {
		const struct host_policy *p = host_policies[i];

		printf("%-8s%s %s\n         source: %s\n", p->name,
		       p == host_policy_default() ? "*" : " ", p->summary, p->source);
	}
	printf("(* the default policy)\n");
	return 0;
}
