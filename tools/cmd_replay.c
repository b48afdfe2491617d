// SPDX-License-Identifier: MIT
/* smmu-nest replay / conformance / lint / policies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/hitlessvec.h>
#include <smmu-nest/invariants.h>
#include <smmu-nest/replay.h>
#include <smmu-nest/scenario.h>
#include <smmu-nest/tlbscn.h>
#include <smmu-nest/vectors.h>
#include <smmu-nest/version.h>
#include "cli.h"

#define MAX_AREAS 8

struct tally {
	char area[16];
	unsigned passed[SN_MAX_POLICIES], failed[SN_MAX_POLICIES];
	unsigned arch_passed, arch_failed;      /* policy-independent areas */
};

struct replay_state {
	unsigned policy_mask;     /* policies asked for on the command line */
	bool one_mode;            /* --cache: tlb vectors under this cache mode only */
	struct tlb_policy mode;
	bool quiet;
	unsigned files, vectors, passed, failed;
	struct tally areas[MAX_AREAS];
	unsigned n_areas;
};

static struct tally *tally_for(struct replay_state *st, const char *area)
{
	for (unsigned i = 0; i < st->n_areas; i++)
		if (strcmp(st->areas[i].area, area) == 0)
			return &st->areas[i];
	if (st->n_areas == MAX_AREAS)
		return &st->areas[MAX_AREAS - 1];
	struct tally *t = &st->areas[st->n_areas++];
	snprintf(t->area, sizeof(t->area), "%s", area);
	return t;
}

/* One vector under one policy: compare, and hold the result to the invariants. */
static bool run_one(const struct sn_vector_file *f, const struct sn_vector *v,
		    unsigned pi, bool quiet)
{
	const struct sn_outcome *exp = sn_vector_expect_for(v, pi);
	const struct host_policy *p = host_policies[pi];
	struct vste_result got;
	char why[640], detail[256];
	enum sn_invariant inv;

	sn_vector_run(v, pi, &got);
	if (!exp) {
		snprintf(why, sizeof(why), "no expectation for this policy");
	} else if (!sn_outcome_matches(exp, &got, why, sizeof(why), NULL)) {
		/* why is filled */
	} else if (got.err == SN_OK &&
		   (inv = vste_check_invariants(p, v->vste, v->parent, &v->env, &got,
						detail, sizeof(detail))) != INV_NONE) {
		snprintf(why, sizeof(why), "invariant '%s' broken: %s",
			 sn_invariant_name(inv), detail);
	} else {
		return true;
	}
	if (!quiet)
		printf("%s:%u: %s [%s]: %s\n", f->path, v->loc.line, v->id, p->name, why);
	return false;
}

/*
 * One vector of an architecture area: every transaction, in order, on one
 * SMMU.  It passes when all of them match; each mismatch is one line.
 */
static bool run_arch(const struct sn_vector_file *f, const struct sn_vector *v, bool quiet)
{
	const struct sn_scenario *s = v->scn;
	struct sn_txn_report *reports = calloc(s->n_txns, sizeof(*reports));
	struct sn_error err;
	int failed;

	if (!reports) {
		fprintf(stderr, "smmu-nest: out of memory\n");
		return false;
	}
	failed = sn_scenario_run(s, reports, &err);
	if (failed < 0 && !quiet)
		printf("%s:%u: %s: %s\n", f->path, v->loc.line, v->id, err.msg);
	for (unsigned i = 0; failed > 0 && !quiet && i < s->n_txns; i++)
		if (!reports[i].passed)
			printf("%s:%u: %s [txn %u]: %s\n", f->path, s->txns[i].loc.line, v->id, i,
			       reports[i].why);
	free(reports);
	return failed == 0;
}

/* What a tlb failure line names: file:line: id [step N] (policy, cache): what. */
struct tlb_report {
	const char *path, *id, *policy;
	char mode[16];
	bool quiet;
};

static void tlb_failure(void *ctx, unsigned step, int during, const struct sn_loc *at,
			const char *why)
{
	const struct tlb_report *r = ctx;

	(void)during;
	if (!r->quiet)
		printf("%s:%u: %s [step %u] (%s, %s): %s\n", r->path, at->line, r->id, step,
		       r->policy, r->mode, why);
}

/*
 * One tlb vector: every policy it runs under (and --policy allows) times
 * every cache mode (or the one --cache names), one result each.  A run
 * that cannot proceed is bad input: exit status 2.
 */
static int run_tlb(struct replay_state *st, const struct sn_vector_file *f,
		   const struct sn_vector *v, struct tally *t)
{
	struct tlb_report rep = { .path = f->path, .id = v->id, .quiet = st->quiet };
	const struct sn_tlb_obs obs = { .ctx = &rep, .failure = tlb_failure };
	const unsigned n_modes = st->one_mode ? 1 : SN_TLB_N_MODES;
	struct sn_error err;

	for (unsigned pi = 0; pi < host_policy_count; pi++) {
		if (!(v->policy_mask & st->policy_mask & (1u << pi)))
			continue;
		rep.policy = host_policies[pi]->name;
		for (unsigned m = 0; m < n_modes; m++) {
			struct tlb_policy mode = st->mode;
			int rc;

			if (!st->one_mode && !tlb_policy_parse(sn_tlb_modes[m], &mode))
				continue;
			sn_tlb_mode_format(&mode, rep.mode, sizeof(rep.mode));
			rc = sn_tlb_run(sn_tlbscn_of(v), host_policies[pi], &mode, &obs, &err);
			if (rc < 0) {
				fprintf(stderr, "%s\n", err.msg);
				return EXIT_USAGE;
			}
			st->passed += rc == 0;
			st->failed += rc != 0;
			t->passed[pi] += rc == 0;
			t->failed[pi] += rc != 0;
		}
	}
	return 0;
}

/*
 * One hitless vector under every policy it runs under (and --policy
 * allows): one result each, and one line per mismatching field,
 * "file:line: id (policy): field: expected X, got Y", at the line of the
 * expectation that applies.
 */
static void run_hitless(struct replay_state *st, const struct sn_vector_file *f,
			const struct sn_vector *v, struct tally *t)
{
	const struct sn_hitless *h = sn_hitless_of(v);

	for (unsigned pi = 0; pi < host_policy_count; pi++) {
		const struct sn_hitless_outcome *exp = sn_hitless_expect_for(h, pi);
		struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS];
		unsigned n;

		if (!(v->policy_mask & st->policy_mask & (1u << pi)) || !exp)
			continue;
		n = sn_hitless_run(h, host_policies[pi], exp, NULL, fails);
		for (unsigned i = 0; i < n && !st->quiet; i++)
			printf("%s:%u: %s (%s): %s: expected %s, got %s\n", f->path, exp->loc.line,
			       v->id, host_policies[pi]->name, fails[i].field, fails[i].expected,
			       fails[i].got);
		st->passed += n == 0;
		st->failed += n != 0;
		t->passed[pi] += n == 0;
		t->failed[pi] += n != 0;
	}
}

static int replay_file(struct replay_state *st, const char *path)
{
	struct sn_vector_file f;
	struct sn_error err;
	struct tally *t;

	if (sn_vector_file_load(path, &f, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	st->files++;
	t = tally_for(st, f.area);
	for (unsigned i = 0; i < f.n_vectors; i++) {
		const struct sn_vector *v = &f.vectors[i];

		st->vectors++;
		if (strcmp(f.area, "tlb") == 0) {
			if (run_tlb(st, &f, v, t) != 0) {
				sn_vector_file_free(&f);
				return EXIT_USAGE;
			}
			continue;
		}
		if (strcmp(f.area, "hitless") == 0) {
			run_hitless(st, &f, v, t);
			continue;
		}
		if (f.arch) {
			bool ok = run_arch(&f, v, st->quiet);

			st->passed += ok;
			st->failed += !ok;
			t->arch_passed += ok;
			t->arch_failed += !ok;
			continue;
		}
		for (unsigned pi = 0; pi < host_policy_count; pi++) {
			if (!(v->policy_mask & st->policy_mask & (1u << pi)))
				continue;
			if (run_one(&f, v, pi, st->quiet)) {
				st->passed++;
				t->passed[pi]++;
			} else {
				st->failed++;
				t->failed[pi]++;
			}
		}
	}
	sn_vector_file_free(&f);
	return 0;
}

static int replay_paths(struct replay_state *st, const char *const *paths, unsigned n)
{
	char **files = NULL;
	unsigned n_files = 0;
	struct sn_error err;
	int rc = 0;

	if (sn_collect_yaml(paths, n, &files, &n_files, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	for (unsigned i = 0; i < n_files && rc == 0; i++)
		if (!sn_is_rules_path(files[i]))
			rc = replay_file(st, files[i]);
	sn_free_paths(files, n_files);
	if (rc == 0 && st->files == 0) {
		fprintf(stderr, "smmu-nest: no vector files found\n");
		rc = EXIT_USAGE;
	}
	return rc;
}

static void print_summary_table(const struct replay_state *st)
{
	printf("%-10s %-8s %8s %8s\n", "area", "policy", "passed", "failed");
	for (unsigned a = 0; a < st->n_areas; a++) {
		const struct tally *t = &st->areas[a];

		if (t->arch_passed || t->arch_failed)
			printf("%-10s %-8s %8u %8u\n", t->area, "arch", t->arch_passed,
			       t->arch_failed);
		for (unsigned pi = 0; pi < host_policy_count; pi++) {
			if (!t->passed[pi] && !t->failed[pi])
				continue;
			printf("%-10s %-8s %8u %8u\n", t->area, host_policies[pi]->name,
			       t->passed[pi], t->failed[pi]);
		}
	}
}

static void replay_help(const char *cmd)
{
	printf("Usage: smmu-nest %s [--policy=P] [--quiet] %s\n\n", cmd,
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
	       "  --policy=P   only seed-v2, v6.13, v6.15 or v7.0 (vste, tlb and hitless\n"
	       "               vectors)\n"
	       "  --cache=M    tlb vectors under cache mode M only: none, max or lru:N\n"
	       "  --quiet      do not list failing vectors\n"
	       "  --help, --version\n\n"
	       "Exit status: 0 all passed, 1 some failed, 2 bad input or usage.\n");
}

static int replay_main(const char *cmd, int argc, char **argv, bool summary)
{
	struct replay_state st = { .policy_mask = (1u << host_policy_count) - 1 };
	const char *paths[256];
	unsigned n = 0;
	const char *v;
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
		} else if ((v = cli_opt_value(a, "cache"))) {
			if (!tlb_policy_parse(v, &st.mode))
				return cli_usage_error(cmd, "unknown cache mode '%s' (none, max or lru:N "
						       "with N >= 1)", v);
			st.one_mode = true;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			st.quiet = true;
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
	rc = replay_paths(&st, paths, n);
	if (rc)
		return rc;
	if (summary) {
		printf("smmu-nest conformance: %u files, %u vectors\n", st.files, st.vectors);
		print_summary_table(&st);
	}
	printf("%u passed, %u failed\n", st.passed, st.failed);
	return st.failed ? 1 : 0;
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
