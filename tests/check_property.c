// SPDX-License-Identifier: MIT
/*
 * Property runs of the caches and the invalidation sequences (property.h).
 *
 * The requirement: under `max` caching, at least 5,000 generated
 * scenarios per real policy with no STALE translation, and at least one
 * STALE for each planted broken variant.  The floors below (translations
 * served from cache, sequences of each kind, ...) make sure the generator
 * really exercises what the property claims; they sit well under what seed
 * 1 gives, so that a change of the generator does not need new numbers
 * unless it loses coverage.  Then: determinism (scenario i depends on the
 * seed and i only), the other cache modes, the report text, and the CLI.
 *
 * seed-v2 has no vIOMMU invalidation path and never enables ATS on a
 * nested attach: its guest stage-1 changes are followed by host-side
 * stage-1 maintenance, and its ATCs are those of stage-2-only devices.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/cmdq.h>
#include <smmu-nest/property.h>
#include <smmu-nest/viommu.h>
#include "cli_run.h"

#define REAL_COUNT 5000u
#define BUG_COUNT 50u
/*
 * Under valgrind (make valgrind sets SMMU_NEST_MEMCHECK) the real-policy
 * runs use a fiftieth of the scenarios, with the floors scaled to match:
 * memory checking needs the paths exercised, not the volume.
 */
#define MEMCHECK_COUNT 100u

static unsigned real_count(void)
{
	return getenv("SMMU_NEST_MEMCHECK") ? MEMCHECK_COUNT : REAL_COUNT;
}

/* Other volume-only counts, scaled the same way under valgrind. */
static unsigned volume(unsigned n)
{
	return getenv("SMMU_NEST_MEMCHECK") ? (n + 19) / 20 : n;
}

static char text[32768];

static struct sn_property_report *run(const struct host_policy *p, u64 seed, unsigned first,
				      unsigned count, const char *cache)
{
	struct sn_property_report *r = malloc(sizeof(*r));
	struct sn_property_cfg c;

	ck_assert_ptr_nonnull(r);
	sn_property_cfg_init(&c, p, seed, count);
	c.first = first;
	if (cache)
		ck_assert(tlb_policy_parse(cache, &c.cache));
	ck_assert_int_eq(sn_property_run(&c, r), 0);
	ck_assert_msg(r->err == 0, "%s", r->err_msg);
	return r;
}

static const char *stale_text(const struct sn_property_report *r)
{
	sn_property_describe_stale(&r->first_stale, text, sizeof(text));
	return text;
}

#define FLOOR(field, min) \
	ck_assert_msg(n->field >= (u64)(min) * real_count() / REAL_COUNT, \
		      "%s: " #field " %llu, below the floor %llu", p->name, \
		      (unsigned long long)n->field, \
		      (unsigned long long)((u64)(min) * real_count() / REAL_COUNT))

/* ------------------------------------------------------------------------ */
/* The real policies: >= 5,000 scenarios under max, no STALE                 */

START_TEST(real_policy_no_stale)
{
	const struct host_policy *p = host_policies[_i];
	struct sn_property_report *r = run(p, 1, 0, real_count(), "max");
	const struct sn_property_counts *n = &r->n;

	ck_assert_msg(n->verdict[SN_VERDICT_STALE] == 0, "%s: %llu STALE; the first:\n%s",
		      p->name, (unsigned long long)n->verdict[SN_VERDICT_STALE], stale_text(r));
	ck_assert(!r->first_stale.found);
	ck_assert(sn_property_holds(p, r));
	ck_assert_uint_eq(n->scenarios, real_count());
	ck_assert_uint_eq(n->translations, n->verdict[0] + n->verdict[1] + n->verdict[2]);
	/* What the run exercised (seed 1 gives about twice each floor). */
	FLOOR(translations, 200000);
	FLOOR(fresh_cached, 25000);
	FLOOR(verdict[SN_VERDICT_ACCEPTABLE], 1500);    /* the windows inside sequences */
	FLOOR(during, 15000);
	FLOOR(s2_changes, 30000);
	FLOOR(s2_multi, 3000);
	FLOOR(s2_splits, 300);
	FLOOR(s2_tables, 1500);
	FLOOR(s2_flush_all, 2000);
	FLOOR(s1_changes, 40000);
	FLOOR(guest_invalidations, 35000);
	FLOOR(maps, 9000);
	FLOOR(s2only_translations, 15000);
	FLOOR(faults, 50000);
	ck_assert_msg(n->cache_full == 0, "%s: %llu cache fills refused (store full)", p->name,
		      (unsigned long long)n->cache_full);
	if (viommu_inv_supported(p)) {
		FLOOR(ats_requests, 30000);
		FLOOR(atc_hits, 2500);
		FLOOR(atc_inv, 40000);
	} else {
		FLOOR(ats_requests, 5000);
		FLOOR(atc_hits, 1000);
	}
	free(r);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Each broken variant shows STALE within BUG_COUNT scenarios               */

static bool has_culprit(const struct sn_judgement *j, enum tlb_kind k)
{
	for (unsigned i = 0; i < j->n_culprits; i++)
		if (j->culprits[i].entry.kind == k)
			return true;
	return false;
}

START_TEST(bug_shows_stale)
{
	const struct sn_property_bug *b = &sn_property_bugs[_i / host_policy_count];
	struct host_policy p = *host_policies[_i % host_policy_count];
	struct sn_property_report *r;
	const struct sn_judgement *j;

	p.bugs = b->bug;
	if (!sn_property_bug_applies(&p, b->bug, NULL)) {
		/* Only seed-v2 lacks what a bug needs: the vIOMMU path or nested ATS. */
		ck_assert_str_eq(p.name, "seed-v2");
		ck_assert(b->bug == BUG_VIOMMU_VMID_PASSTHROUGH || b->bug == BUG_S2INV_NO_ATC_FULL);
		return;
	}
	r = run(&p, 1, 0, BUG_COUNT, "max");
	ck_assert_msg(r->n.verdict[SN_VERDICT_STALE] > 0, "%s+%s: no STALE in %u scenarios",
		      p.name, b->name, BUG_COUNT);
	ck_assert(sn_property_holds(&p, r));
	ck_assert(r->first_stale.found);
	j = &r->first_stale.j;
	ck_assert_int_eq(j->verdict, SN_VERDICT_STALE);
	ck_assert(j->diff[0] != '\0');
	/* Explained: a culprit built from a word changed before the settle point. */
	ck_assert_uint_gt(j->n_culprits, 0);
	ck_assert_uint_lt(j->culprits[0].written_at, j->settled_at);
	ck_assert_uint_gt(j->culprits[0].written_at, 0);
	ck_assert(j->culprits[0].has_remover);
	switch (b->bug) {
	case BUG_S2INV_NO_ATC_FULL:
		/* Only the device ATC can be left behind: the SMMU's entries went. */
		ck_assert_msg(j->from_atc && has_culprit(j, TLB_ATC), "%s", stale_text(r));
		break;
	case BUG_S2INV_PARTIAL_RANGE:
		ck_assert_msg(has_culprit(j, TLB_S2) || has_culprit(j, TLB_NESTED) ||
			      has_culprit(j, TLB_ATC), "%s", stale_text(r));
		break;
	default:
		/* Stage-1 information that survived: combined entries, or an ATC fed by one. */
		ck_assert_msg(has_culprit(j, TLB_NESTED) || has_culprit(j, TLB_ATC), "%s",
			      stale_text(r));
		break;
	}
	/* The report names the scenario, the culprit and its remover. */
	stale_text(r);
	ck_assert_ptr_nonnull(strstr(text, "culprit 1:"));
	ck_assert_ptr_nonnull(strstr(text, "removed by CMD_"));
	ck_assert_ptr_nonnull(strstr(text, "written by: S"));

	/* Reproducible: the scenario alone gives the same first STALE. */
	struct sn_property_report *again = run(&p, 1, r->first_stale.scenario, 1, "max");

	ck_assert(again->first_stale.found);
	ck_assert_uint_eq(again->first_stale.op, r->first_stale.op);
	ck_assert_uint_eq(again->first_stale.j.served.pa, j->served.pa);
	ck_assert_str_eq(again->first_stale.j.diff, j->diff);
	free(again);
	free(r);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Determinism                                                              */

START_TEST(same_seed_same_counts)
{
	const struct host_policy *p = host_policy_find("v7.0");
	struct sn_property_report *a = run(p, 7, 0, 40, "max");
	struct sn_property_report *b = run(p, 7, 0, 40, "max");
	struct sn_property_report *c = run(p, 8, 0, 40, "max");

	ck_assert(memcmp(&a->n, &b->n, sizeof(a->n)) == 0);
	ck_assert(memcmp(&a->n, &c->n, sizeof(a->n)) != 0);
	ck_assert_uint_eq(a->n.scenarios, 40);
	free(a);
	free(b);
	free(c);
}
END_TEST

/* Scenario i depends on (seed, i) only: one by one they add up to the run. */
START_TEST(scenarios_are_independent)
{
	struct host_policy p = *host_policy_find("v6.15");
	struct sn_property_report *all, *one;
	u64 tr = 0, stale = 0, fresh = 0, ops = 0;

	p.bugs = BUG_S2INV_NO_NH_ALL;
	all = run(&p, 3, 10, 12, "max");
	for (unsigned i = 10; i < 22; i++) {
		one = run(&p, 3, i, 1, "max");
		tr += one->n.translations;
		stale += one->n.verdict[SN_VERDICT_STALE];
		fresh += one->n.verdict[SN_VERDICT_FRESH];
		ops += one->n.ops;
		free(one);
	}
	ck_assert_uint_eq(tr, all->n.translations);
	ck_assert_uint_eq(stale, all->n.verdict[SN_VERDICT_STALE]);
	ck_assert_uint_eq(fresh, all->n.verdict[SN_VERDICT_FRESH]);
	ck_assert_uint_eq(ops, all->n.ops);
	ck_assert_uint_gt(stale, 0);
	free(all);
}
END_TEST

/* The generator draws the same scenarios whatever the cache mode. */
START_TEST(cache_mode_does_not_change_the_scenarios)
{
	const struct host_policy *p = host_policy_find("v6.13");
	struct sn_property_report *a = run(p, 5, 0, 30, "max");
	struct sn_property_report *b = run(p, 5, 0, 30, "lru:2");

	ck_assert_uint_eq(a->n.translations, b->n.translations);
	ck_assert_uint_eq(a->n.host_cmds, b->n.host_cmds);
	ck_assert_uint_eq(a->n.guest_cmds, b->n.guest_cmds);
	free(a);
	free(b);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Other cache modes                                                        */

START_TEST(lru_no_stale)
{
	const struct host_policy *p = host_policies[_i];
	struct sn_property_report *r = run(p, 11, 0, volume(600), "lru:4");

	ck_assert_msg(r->n.verdict[SN_VERDICT_STALE] == 0, "%s lru:4:\n%s", p->name,
		      stale_text(r));
	ck_assert_uint_gt(r->n.fresh_cached, volume(1000));
	free(r);
}
END_TEST

/* Without caches every translation is the fresh walk: all FRESH, none from cache. */
START_TEST(none_all_fresh)
{
	struct host_policy p = *host_policy_find("v7.0");
	struct sn_property_report *r;

	p.bugs = BUG_S2INV_NO_NH_ALL | BUG_VIOMMU_VMID_PASSTHROUGH;
	r = run(&p, 2, 0, volume(100), "none");
	ck_assert_uint_eq(r->n.verdict[SN_VERDICT_FRESH], r->n.translations);
	ck_assert_uint_eq(r->n.fresh_cached, 0);
	ck_assert_uint_eq(r->n.atc_hits, 0);
	ck_assert(!sn_property_holds(&p, r));     /* a bug that cannot show fails the run */
	free(r);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Small pieces                                                             */

START_TEST(bug_table)
{
	static const char *const names[] = {
		"no-nh-all", "no-atc-full", "no-sync-before-nh-all", "partial-range",
		"vmid-passthrough",
	};
	unsigned all = 0;

	ck_assert_uint_eq(sn_property_bug_count, 5);
	for (unsigned i = 0; i < 5; i++) {
		const struct sn_property_bug *b = sn_property_bug_find(names[i]);

		ck_assert_ptr_nonnull(b);
		ck_assert_uint_ne(b->bug, 0);
		ck_assert_uint_eq(b->bug & all, 0);
		all |= b->bug;
	}
	ck_assert_ptr_null(sn_property_bug_find("no-such-bug"));
	ck_assert(!sn_property_bug_applies(host_policy_find("seed-v2"),
					   BUG_VIOMMU_VMID_PASSTHROUGH, NULL));
	ck_assert(!sn_property_bug_applies(host_policy_find("seed-v2"), BUG_S2INV_NO_ATC_FULL,
					   NULL));
	ck_assert(sn_property_bug_applies(host_policy_find("seed-v2"), BUG_S2INV_NO_NH_ALL,
					  NULL));
	ck_assert(sn_property_bug_applies(host_policy_find("v6.13"),
					  BUG_VIOMMU_VMID_PASSTHROUGH, NULL));
}
END_TEST

START_TEST(describe_truncates_safely)
{
	struct host_policy p = *host_policy_find("v6.13");
	struct sn_property_report *r;
	char small[24];
	int full;

	p.bugs = BUG_S2INV_NO_NH_ALL;
	r = run(&p, 1, 0, 5, "max");
	ck_assert(r->first_stale.found);
	full = sn_property_describe_stale(&r->first_stale, NULL, 0);
	ck_assert_int_gt(full, 200);
	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(sn_property_describe_stale(&r->first_stale, small, sizeof(small)), full);
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert_int_eq(sn_property_describe_stale(&r->first_stale, text, sizeof(text)), full);
	ck_assert_uint_eq(strlen(text), (size_t)full);
	memset(&r->first_stale, 0, sizeof(r->first_stale));
	sn_property_describe_stale(&r->first_stale, text, sizeof(text));
	ck_assert_str_eq(text, "no STALE translation\n");
	free(r);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The CLI                                                                  */

START_TEST(cli_real_policy)
{
	struct cli_run r;

	CLI_RUN(&r, "property", "--policy=v7.0", "--count=20", "--seed=0x2a");
	ck_assert_msg(r.status == 0, "status %d: %s", r.status, r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "v7.0: 20 scenarios (seed 0x2a, cache max)"));
	ck_assert_ptr_nonnull(strstr(r.out, " 0 STALE\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "property (no STALE): holds"));
	ck_assert_ptr_null(strstr(r.out, "seed-v2"));
}
END_TEST

START_TEST(cli_bug_shows_chain)
{
	struct cli_run r;

	CLI_RUN(&r, "property", "--policy=v6.13", "--bug=no-atc-full", "--count=20");
	ck_assert_msg(r.status == 0, "status %d: %s", r.status, r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "v6.13+no-atc-full:"));
	ck_assert_ptr_nonnull(strstr(r.out, "first STALE:"));
	ck_assert_ptr_nonnull(strstr(r.out, "culprit 1: ATC entry"));
	ck_assert_ptr_nonnull(strstr(r.out, "removed by CMD_ATC_INV"));
	ck_assert_ptr_nonnull(strstr(r.out, "written by: S2 vm"));
	ck_assert_ptr_nonnull(strstr(r.out, "reproduce: smmu-nest property --policy=v6.13 "
					    "--bug=no-atc-full --seed=0x1 --scenario="));
	ck_assert_ptr_nonnull(strstr(r.out, "property (at least one STALE): holds"));
}
END_TEST

/* The reproduce line works: one scenario, traced, with the STALE in the trace. */
START_TEST(cli_reproduce_with_trace)
{
	static struct cli_run r;
	char arg[32];
	const char *at;
	unsigned sc;

	CLI_RUN(&r, "property", "--policy=v7.0", "--bug=no-nh-all", "--count=20");
	ck_assert_int_eq(r.status, 0);
	at = strstr(r.out, "--scenario=");
	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(sscanf(at, "--scenario=%u", &sc), 1);
	snprintf(arg, sizeof(arg), "--scenario=%u", sc);
	CLI_RUN(&r, "property", "--policy=v7.0", "--bug=no-nh-all", arg, "--trace");
	ck_assert_msg(r.status == 0, "status %d: %s", r.status, r.err);
	snprintf(arg, sizeof(arg), "scenario %u: RIL", sc);
	ck_assert_ptr_nonnull(strstr(r.out, arg));
	ck_assert_ptr_nonnull(strstr(r.out, "  op 0: "));
	ck_assert_ptr_nonnull(strstr(r.out, "cmd CMD_TLBI_S2_IPA"));
	ck_assert_ptr_nonnull(strstr(r.out, ": STALE, "));
	ck_assert_ptr_nonnull(strstr(r.out, "1 scenarios"));
}
END_TEST

/* A broken variant that shows nothing in the scenarios run: the property fails, 1. */
START_TEST(cli_expectation_fails)
{
	struct cli_run r;

	CLI_RUN(&r, "property", "--policy=v6.13", "--bug=no-atc-full", "--scenario=1");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.out, " 0 STALE\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "property (at least one STALE): FAILS"));
}
END_TEST

START_TEST(cli_bug_skips_where_it_cannot_show)
{
	struct cli_run r;

	CLI_RUN(&r, "property", "--bug=vmid-passthrough", "--count=10");
	ck_assert_msg(r.status == 0, "status %d: %s", r.status, r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "seed-v2+vmid-passthrough: skipped, the policy has "
					    "no vIOMMU invalidation path"));
	ck_assert_ptr_nonnull(strstr(r.out, "v7.0+vmid-passthrough:"));
}
END_TEST

START_TEST(cli_help)
{
	struct cli_run r;

	CLI_RUN(&r, "property", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Usage: smmu-nest property"));
	ck_assert_ptr_nonnull(strstr(r.out, "no-sync-before-nh-all"));
	CLI_RUN(&r, "--help");
	ck_assert_ptr_nonnull(strstr(r.out, "property"));
}
END_TEST

static const struct {
	const char *args[3];
	const char *msg;
} bad_args[] = {
	{ { "--policy=v9.9" }, "unknown policy 'v9.9'" },
	{ { "--bug=no-such" }, "unknown bug 'no-such'" },
	{ { "--seed=xyz" }, "--seed: 'xyz' is not a 64-bit number" },
	{ { "--seed=" }, "--seed: '' is not a 64-bit number" },
	{ { "--count=0" }, "--count: '0' is not a number from 1" },
	{ { "--count=-3" }, "--count: '-3' is not a number" },
	{ { "--count=ten" }, "--count: 'ten' is not a number" },
	{ { "--scenario=0x100000000" }, "--scenario: '0x100000000' is not a 32-bit number" },
	{ { "--cache=lru:0" }, "--cache: 'lru:0' is not max, lru:N or none" },
	{ { "--cache=biggest" }, "--cache: 'biggest' is not max" },
	{ { "--frobnicate" }, "unknown option '--frobnicate'" },
	{ { "--policy" }, "unknown option '--policy'" },
	{ { "vectors" }, "unexpected argument 'vectors'" },
	{ { "--policy=seed-v2", "--bug=vmid-passthrough" },
	  "bug vmid-passthrough cannot show on seed-v2: the policy has no vIOMMU" },
	{ { "--policy=seed-v2", "--bug=no-atc-full" },
	  "bug no-atc-full cannot show on seed-v2: the policy never enables ATS" },
	{ { "--scenario=3", "--count=2" }, "--scenario runs one scenario; drop --count" },
};

START_TEST(cli_bad_arguments)
{
	struct cli_run r;
	const char *const *a = bad_args[_i].args;

	if (a[1])
		CLI_RUN(&r, "property", a[0], a[1]);
	else
		CLI_RUN(&r, "property", a[0]);
	ck_assert_msg(r.status == 2, "%s: status %d", a[0], r.status);
	ck_assert_msg(strstr(r.err, "smmu-nest property: ") != NULL, "%s: stderr '%s'", a[0], r.err);
	ck_assert_msg(strstr(r.err, bad_args[_i].msg) != NULL, "%s: stderr '%s'", a[0], r.err);
	ck_assert_ptr_nonnull(strstr(r.err, "Try 'smmu-nest property --help'."));
	ck_assert_str_eq(r.out, "");
}
END_TEST

static Suite *property_suite(void)
{
	Suite *s = suite_create("property");
	TCase *real = tcase_create("real policies, max");
	TCase *bugs = tcase_create("broken variants");
	TCase *det = tcase_create("determinism and cache modes");
	TCase *cli = tcase_create("cli");

	/* Long runs: allow for sanitizers and slow machines. */
	tcase_set_timeout(real, 600);
	tcase_set_timeout(bugs, 300);
	tcase_set_timeout(det, 300);
	tcase_set_timeout(cli, 300);
	tcase_add_loop_test(real, real_policy_no_stale, 0, (int)host_policy_count);
	tcase_add_loop_test(bugs, bug_shows_stale, 0,
			    (int)(sn_property_bug_count * host_policy_count));
	tcase_add_test(det, same_seed_same_counts);
	tcase_add_test(det, scenarios_are_independent);
	tcase_add_test(det, cache_mode_does_not_change_the_scenarios);
	tcase_add_loop_test(det, lru_no_stale, 0, (int)host_policy_count);
	tcase_add_test(det, none_all_fresh);
	tcase_add_test(det, bug_table);
	tcase_add_test(det, describe_truncates_safely);
	tcase_add_test(cli, cli_real_policy);
	tcase_add_test(cli, cli_bug_shows_chain);
	tcase_add_test(cli, cli_reproduce_with_trace);
	tcase_add_test(cli, cli_expectation_fails);
	tcase_add_test(cli, cli_bug_skips_where_it_cannot_show);
	tcase_add_test(cli, cli_help);
	tcase_add_loop_test(cli, cli_bad_arguments, 0, (int)(sizeof(bad_args) / sizeof(bad_args[0])));
	suite_add_tcase(s, real);
	suite_add_tcase(s, bugs);
	suite_add_tcase(s, det);
	suite_add_tcase(s, cli);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(property_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
