// SPDX-License-Identifier: MIT
/* smmu-nest property: random cache and invalidation scenarios, judged by the oracle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/property.h>
#include "cli.h"

#define DEFAULT_COUNT 1000

struct property_opts {
	const struct host_policy *policy;       /* NULL: every policy */
	const struct sn_property_bug *bug;      /* NULL: the real policies */
	u64 seed;
	unsigned count;
	bool count_given;
	bool one;                               /* --scenario */
	unsigned scenario;
	struct tlb_policy cache;
	const char *cache_name;
	bool trace;
};

static void help(void)
{
	printf("Usage: smmu-nest property [OPTIONS]\n\n"
	       "Generate random scenarios on one SMMU with caches (one or two VMs; nested\n"
	       "streams with and without ATS; stage-2 streams of the host or of a guest\n"
	       "bypass vSTE), change stage-2 and stage-1 mappings at random, follow each\n"
	       "change with the policy's host sequence or the guest's invalidation through\n"
	       "the policy's vIOMMU path, and judge every translation with the staleness\n"
	       "oracle (vectors/SCHEMA.md, \"Area tlb\"). Prints per policy the scenarios,\n"
	       "translations and verdicts, and the first STALE translation with the\n"
	       "entries that served it.\n\n"
	       "Options:\n"
	       "  --policy=P     seed-v2, v6.13, v6.15, v7.0 or 'all' (default: all)\n"
	       "  --bug=NAME     run a broken variant of each policy it applies to:\n");
	for (unsigned i = 0; i < sn_property_bug_count; i++)
		printf("                   %-22s %s\n", sn_property_bugs[i].name,
		       sn_property_bugs[i].what);
	printf("  --seed=N       seed of the run (default 1); scenario i depends on (N, i) only\n"
	       "  --count=N      scenarios per policy, N >= 1 (default %u)\n"
	       "  --scenario=I   run scenario I of the seed alone (to reproduce a report)\n"
	       "  --cache=MODE   max (default), lru:N or none\n"
	       "  --trace        print every operation, command and translation\n"
	       "  --help\n\n"
	       "Exit status: 0 the property holds for every policy run (no STALE for a\n"
	       "real policy; with --bug at least one STALE), 1 it does not, 2 bad arguments.\n",
	       DEFAULT_COUNT);
}

static void print_trace(void *ctx, const char *line)
{
	(void)ctx;
	puts(line);
}

static unsigned long long ull(u64 v)
{
	return (unsigned long long)v;
}

static void print_report(const struct property_opts *o, const struct host_policy *p,
			 const struct sn_property_report *r, bool holds)
{
	const struct sn_property_counts *n = &r->n;
	static char buf[16384];

	printf("%s%s%s: %llu scenarios (seed 0x%llx, cache %s), %llu translations: "
	       "%llu FRESH (%llu served by a cached leaf, %llu by a device ATC), "
	       "%llu ACCEPTABLE, %llu STALE\n",
	       p->name, o->bug ? "+" : "", o->bug ? o->bug->name : "", ull(n->scenarios),
	       ull(o->seed), o->cache_name, ull(n->translations),
	       ull(n->verdict[SN_VERDICT_FRESH]), ull(n->fresh_cached), ull(n->atc_hits),
	       ull(n->verdict[SN_VERDICT_ACCEPTABLE]), ull(n->verdict[SN_VERDICT_STALE]));
	printf("  operations %llu: host stage-2 sequences %llu (%llu multi-leaf, %llu block "
	       "splits, %llu table removals, %llu full flushes), guest stage-1 leaf changes "
	       "%llu, invalidation calls %llu (%llu guest commands), new mappings %llu\n",
	       ull(n->ops), ull(n->s2_changes), ull(n->s2_multi), ull(n->s2_splits),
	       ull(n->s2_tables), ull(n->s2_flush_all), ull(n->s1_changes),
	       ull(n->guest_invalidations), ull(n->guest_cmds), ull(n->maps));
	printf("  host queue %llu commands (%llu ATC_INV); translations during sequences %llu, "
	       "ATS requests %llu, stage-2-only %llu, faulting %llu\n",
	       ull(n->host_cmds), ull(n->atc_inv), ull(n->during), ull(n->ats_requests),
	       ull(n->s2only_translations), ull(n->faults));
	if (n->cache_full)
		printf("  cache store full: %llu fills refused\n", ull(n->cache_full));
	if (r->err)
		printf("  error: %s\n", r->err_msg);
	if (r->first_stale.found) {
		sn_property_describe_stale(&r->first_stale, buf, sizeof(buf));
		printf("  first STALE:\n");
		for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
			printf("    %s\n", line);
		printf("  reproduce: smmu-nest property --policy=%s%s%s --seed=0x%llx --scenario=%u "
		       "--cache=%s --trace\n", p->name, o->bug ? " --bug=" : "",
		       o->bug ? o->bug->name : "", ull(r->first_stale.seed),
		       r->first_stale.scenario, o->cache_name);
	}
	printf("  property (%s): %s\n",
	       o->bug ? "at least one STALE" : "no STALE", holds ? "holds" : "FAILS");
}

static bool run_policy(const struct property_opts *o, const struct host_policy *real)
{
	struct host_policy p = *real;
	struct sn_property_cfg c;
	struct sn_property_report *r = malloc(sizeof(*r));
	bool holds;

	if (!r) {
		fprintf(stderr, "smmu-nest property: out of memory\n");
		return false;
	}
	if (o->bug)
		p.bugs = o->bug->bug;
	sn_property_cfg_init(&c, &p, o->seed, o->count);
	c.cache = o->cache;
	if (o->one) {
		c.first = o->scenario;
		c.count = 1;
	}
	if (o->trace)
		c.trace = print_trace;
	sn_property_run(&c, r);
	holds = sn_property_holds(&p, r);
	print_report(o, &p, r, holds);
	free(r);
	return holds;
}

static int parse(int argc, char **argv, struct property_opts *o)
{
	const char *v;
	u64 n;

	*o = (struct property_opts){ .seed = 1, .count = DEFAULT_COUNT, .cache_name = "max",
				     .cache = { .kind = TLB_POLICY_MAX } };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if ((v = cli_opt_value(a, "policy"))) {
			if (strcmp(v, "all") == 0) {
				o->policy = NULL;
			} else if (!(o->policy = host_policy_find(v))) {
				return cli_usage_error("property", "unknown policy '%s' (seed-v2, "
						       "v6.13, v6.15, v7.0 or all)", v);
			}
		} else if ((v = cli_opt_value(a, "bug"))) {
			if (!(o->bug = sn_property_bug_find(v)))
				return cli_usage_error("property", "unknown bug '%s' (see --help)", v);
		} else if ((v = cli_opt_value(a, "seed"))) {
			if (!cli_parse_u64(v, &o->seed))
				return cli_usage_error("property", "--seed: '%s' is not a 64-bit "
						       "number", v);
		} else if ((v = cli_opt_value(a, "count"))) {
			if (!cli_parse_u64(v, &n) || n == 0 || n > 100000000)
				return cli_usage_error("property", "--count: '%s' is not a number "
						       "from 1 to 100000000", v);
			o->count = (unsigned)n;
			o->count_given = true;
		} else if ((v = cli_opt_value(a, "scenario"))) {
			if (!cli_parse_u64(v, &n) || n > 0xffffffffULL)
				return cli_usage_error("property", "--scenario: '%s' is not a "
						       "32-bit number", v);
			o->one = true;
			o->scenario = (unsigned)n;
		} else if ((v = cli_opt_value(a, "cache"))) {
			if (!tlb_policy_parse(v, &o->cache))
				return cli_usage_error("property", "--cache: '%s' is not max, "
						       "lru:N or none", v);
			o->cache_name = v;
		} else if (strcmp(a, "--trace") == 0) {
			o->trace = true;
		} else if (a[0] == '-') {
			return cli_usage_error("property", "unknown option '%s'", a);
		} else {
			return cli_usage_error("property", "unexpected argument '%s'", a);
		}
	}
	if (o->one && o->count_given)
		return cli_usage_error("property", "--scenario runs one scenario; drop --count");
	if (o->bug && o->policy) {
		const char *why;

		if (!sn_property_bug_applies(o->policy, o->bug->bug, &why))
			return cli_usage_error("property", "bug %s cannot show on %s: %s",
					       o->bug->name, o->policy->name, why);
	}
	return 0;
}

int cmd_property(int argc, char **argv)
{
	struct property_opts o;
	bool all_hold = true;
	unsigned ran = 0;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			help();
			return 0;
		}
	}
	rc = parse(argc, argv, &o);
	if (rc)
		return rc;
	for (unsigned i = 0; i < host_policy_count; i++) {
		const struct host_policy *p = host_policies[i];
		const char *why;

		if (o.policy && o.policy != p)
			continue;
		if (o.bug && !sn_property_bug_applies(p, o.bug->bug, &why)) {
			printf("%s+%s: skipped, %s\n", p->name, o.bug->name, why);
			continue;
		}
		all_hold &= run_policy(&o, p);
		ran++;
		fflush(stdout);
	}
	return all_hold && ran ? 0 : 1;
}
