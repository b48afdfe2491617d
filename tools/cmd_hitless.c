// SPDX-License-Identifier: MIT
/*
 * smmu-nest hitless: how a policy's kernel rewrites one live STE or CD
 * (policy/writer.c) and what the SMMU may see meanwhile (model/torn.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smmu-nest/version.h>
#include <smmu-nest/writer.h>
#include "cli.h"

#define CMD "hitless"

struct hitless_opts {
	const struct host_policy *policy;
	bool kind_set, from_set, to_set, json;
	enum writer_kind kind;
	u64 from[WRITER_QWORDS], to[WRITER_QWORDS];
};

static void help(void)
{
	printf("Usage: smmu-nest hitless --policy=P --kind=ste|cd --from=W0,...,W7\n"
	       "                        --to=W0,...,W7 [--json]\n\n"
	       "Show the sequence of 64-bit writes the policy's kernel makes to take a live\n"
	       "STE or CD from the --from words to the --to words (arm_smmu_write_entry():\n"
	       "used bits, update-safe bits, critical qwords), each step followed by a\n"
	       "CFGI_STE or CFGI_CD and a CMD_SYNC, and the sync count as the kernel's\n"
	       "KUnit test counts it. Then check every mix of old and new qwords the SMMU\n"
	       "could fetch before each sync, judged by the model: like the old entry,\n"
	       "like the new one, an abort, or a third configuration (unsafe).\n\n"
	       "Options:\n"
	       "  --policy=P     seed-v2, v6.13, v6.15 or v7.0\n"
	       "  --kind=K       ste or cd\n"
	       "  --from=WORDS   the entry now: exactly 8 comma-separated numbers\n"
	       "  --to=WORDS     the target entry: exactly 8 numbers\n"
	       "                 (numbers are decimal or 0x-hex)\n"
	       "  --json         one object: {\"policy\":P,\"kind\":K,\"syncs\":N,\n"
	       "                 \"hitless\":true|false,\"steps\":[...],\"unsafe\":[...],\n"
	       "                 \"path\":...,\"safe\":true|false}\n"
	       "  --help, --version\n\n"
	       "'hitless' is the KUnit verdict: no synced entry had qword 0 == 0.\n"
	       "Exit status: 0 answered (whatever the answer), 2 bad arguments.\n");
}

static void print_mask(FILE *f, u8 mask, const char *prefix, const char *sep)
{
	bool first = true;

	for (unsigned q = 0; q < WRITER_QWORDS; q++) {
		if (!((mask >> q) & 1))
			continue;
		fprintf(f, "%s%s%u", first ? "" : sep, prefix, q);
		first = false;
	}
	if (first)
		fprintf(f, "none");
}

static void print_words(FILE *f, const u64 w[WRITER_QWORDS], bool json)
{
	for (unsigned q = 0; q < WRITER_QWORDS; q++)
		fprintf(f, json ? "%s\"0x%016" PRIx64 "\"" : "%s0x%016" PRIx64, q ? "," : "", w[q]);
}

static void print_text(const struct hitless_opts *o, const struct writer_result *r,
		       const struct torn_report *t)
{
	printf("policy %s, %s: %s path, %u critical qword%s (", o->policy->name,
	       writer_kind_name(o->kind), writer_path_name(r->path), r->critical,
	       r->critical == 1 ? "" : "s");
	print_mask(stdout, r->critical_mask, "q", ",");
	printf("), %u sync%s\n", r->syncs, r->syncs == 1 ? "" : "s");
	for (unsigned i = 0; i < r->nsteps; i++) {
		const struct writer_step *s = &r->steps[i];
		bool first = true;

		printf("  step %u:", i + 1);
		for (unsigned q = 0; q < WRITER_QWORDS; q++) {
			if (!((s->written >> q) & 1))
				continue;
			printf("%s q%u=0x%016" PRIx64, first ? "" : ",", q, s->after[q]);
			first = false;
		}
		printf("; %s + CMD_SYNC\n", writer_sync_name(o->kind));
	}
	if (r->warn_mask) {
		printf("warn: the target sets bits its used mask lacks in ");
		print_mask(stdout, r->warn_mask, "q", ",");
		printf(" (WARN_ON_ONCE)\n");
	}
	printf("kunit: %s\n", r->hitless ? "hitless (no synced entry with qword 0 == 0)"
					 : "not hitless (a synced entry had qword 0 == 0)");
	printf("torn: %u mixes, %u like-old, %u like-new, %u like-both, %u abort, %u third: %s\n",
	       t->mixes, t->per_class[TORN_LIKE_OLD], t->per_class[TORN_LIKE_NEW],
	       t->per_class[TORN_LIKE_BOTH], t->per_class[TORN_ABORT], t->per_class[TORN_THIRD],
	       t->safe ? "safe" : "UNSAFE");
	for (unsigned i = 0; i < t->n_unsafe; i++) {
		const struct torn_mix *m = &t->unsafe[i];

		printf("  unsafe: step %u, new ", m->step + 1);
		print_mask(stdout, m->new_mask, "q", ",");
		printf(": %s: ", torn_class_name(m->cls));
		print_words(stdout, m->words, false);
		printf(": %s\n", m->why);
	}
	if (t->unsafe_total > t->n_unsafe)
		printf("  (%u more unsafe mixes not listed)\n", t->unsafe_total - t->n_unsafe);
}

static void print_json(const struct hitless_opts *o, const struct writer_result *r,
		       const struct torn_report *t)
{
	printf("{\"policy\":");
	cli_json_string(stdout, o->policy->name);
	printf(",\"kind\":\"%s\",\"syncs\":%u,\"hitless\":%s,\"steps\":[",
	       writer_kind_name(o->kind), r->syncs, r->hitless ? "true" : "false");
	for (unsigned i = 0; i < r->nsteps; i++) {
		printf("%s{\"written\":[", i ? "," : "");
		print_mask(stdout, r->steps[i].written, "", ",");
		printf("],\"entry\":[");
		print_words(stdout, r->steps[i].after, true);
		printf("],\"sync\":\"%s\"}", writer_sync_name(o->kind));
	}
	printf("],\"unsafe\":[");
	for (unsigned i = 0; i < t->n_unsafe; i++) {
		const struct torn_mix *m = &t->unsafe[i];

		printf("%s{\"step\":%u,\"new\":[", i ? "," : "", m->step + 1);
		if (m->new_mask)
			print_mask(stdout, m->new_mask, "", ",");
		printf("],\"class\":\"%s\",\"words\":[", torn_class_name(m->cls));
		print_words(stdout, m->words, true);
		printf("],\"why\":");
		cli_json_string(stdout, m->why);
		printf("}");
	}
	printf("],\"path\":\"%s\",\"safe\":%s}\n", writer_path_name(r->path),
	       t->safe ? "true" : "false");
}

/* --from/--to: exactly eight numbers. */
static bool parse_words(const char *v, u64 w[WRITER_QWORDS])
{
	unsigned count = 0;

	return cli_parse_u64_list(v, w, WRITER_QWORDS, &count) && count == WRITER_QWORDS;
}

int cmd_hitless(int argc, char **argv)
{
	struct hitless_opts o = { 0 };
	struct writer_result r;
	struct torn_report t;
	const char *v;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help();
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("smmu-nest hitless %s\n", SMMU_NEST_VERSION);
			return 0;
		} else if ((v = cli_opt_value(a, "policy"))) {
			o.policy = host_policy_find(v);
			if (!o.policy)
				return cli_usage_error(CMD, "unknown policy '%s' (seed-v2, v6.13, v6.15, v7.0)", v);
		} else if ((v = cli_opt_value(a, "kind"))) {
			if (!writer_kind_parse(v, &o.kind))
				return cli_usage_error(CMD, "unknown kind '%s' (ste or cd)", v);
			o.kind_set = true;
		} else if ((v = cli_opt_value(a, "from"))) {
			if (!parse_words(v, o.from))
				return cli_usage_error(CMD, "--from takes exactly 8 comma-separated numbers, not '%s'", v);
			o.from_set = true;
		} else if ((v = cli_opt_value(a, "to"))) {
			if (!parse_words(v, o.to))
				return cli_usage_error(CMD, "--to takes exactly 8 comma-separated numbers, not '%s'", v);
			o.to_set = true;
		} else if (strcmp(a, "--json") == 0) {
			o.json = true;
		} else if (a[0] == '-') {
			return cli_usage_error(CMD, "unknown option '%s'", a);
		} else {
			return cli_usage_error(CMD, "unexpected argument '%s'", a);
		}
	}
	if (!o.policy)
		return cli_usage_error(CMD, "missing --policy");
	if (!o.kind_set)
		return cli_usage_error(CMD, "missing --kind");
	if (!o.from_set)
		return cli_usage_error(CMD, "missing --from");
	if (!o.to_set)
		return cli_usage_error(CMD, "missing --to");
	writer_run(o.policy, o.kind, o.from, o.to, &r);
	torn_check(o.policy, o.kind, o.from, &r, &t);
	if (o.json)
		print_json(&o, &r, &t);
	else
		print_text(&o, &r, &t);
	return 0;
}
