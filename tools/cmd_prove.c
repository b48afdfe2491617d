// SPDX-License-Identifier: MIT
/* smmu-nest prove-vste: every vSTE of the enumerated space under each policy. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smmu-nest/prove.h>
#include <smmu-nest/replay.h>
#include <smmu-nest/version.h>
#include "cli.h"

struct prove_bug {
	const char *name;
	unsigned bug;
	const char *what;
};

static const struct prove_bug prove_bugs[] = {
	{ "eats-not-stripped", BUG_EATS_NOT_STRIPPED, "the guest's EATS reaches the physical STE" },
	{ "dw1-into-dw2", BUG_DW1_INTO_DW2, "the guest's word 1 is ORed into DW2 (S2VMID...)" },
};
#define N_BUGS (sizeof(prove_bugs) / sizeof(prove_bugs[0]))

struct prove_opts {
	const struct host_policy *policy;   /* NULL: every policy */
	const struct prove_bug *bug;
	u64 shard_i, shard_n;
	bool one;
	u64 index;
	bool json;
};

static unsigned long long ull(u64 v)
{
	return (unsigned long long)v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void print_space(FILE *f)
{
	fprintf(f, "%llu field combinations (V 2 x Config 8 x EATS 4 x S1Fmt 4 x S1DSS 4 x "
		"S1CDMax 32 x S1CIR 4 x S1COR 4 x S1CSH 4 x S1STALLD 2) x %u setups (",
		ull(SN_PROVE_FIELD_COMBOS), SN_PROVE_SETUPS);
	for (unsigned s = 0; s < SN_PROVE_SETUPS; s++)
		fprintf(f, "%s%s", s ? ", " : "", sn_prove_setups[s].name);
	fprintf(f, ") x %u S1ContextPtr classes (", SN_PROVE_PTR_CLASSES);
	for (unsigned c = 0; c < SN_PROVE_PTR_CLASSES; c++)
		fprintf(f, "%s%s", c ? ", " : "", sn_prove_ptr_class_names[c]);
	fprintf(f, ") x %u bit variants (none, or one of the %u bits outside the nesting masks) "
		"= %llu cases per policy", SN_PROVE_FLIPS, SN_PROVE_OUTSIDE_BITS,
		ull(sn_prove_total()));
}

static void help(void)
{
	printf("Usage: smmu-nest prove-vste [OPTIONS]\n\n"
	       "Check every vSTE of an enumerated space against a host policy: each case\n"
	       "runs the policy; an accepted result must keep the four escape invariants\n"
	       "(config, guest-bits, host-bits, ats); an accepted result on the default\n"
	       "parent whose physical STE translates (V=1, Config >= 4) is also written\n"
	       "into a stream table over a representative guest memory and two or three\n"
	       "transactions are translated and judged by the semantic escape checker.\n"
	       "Prints per policy the cases checked, accepted, refused, the violations\n"
	       "(0 expected) with the first few case indices, and the wall time.\n\n"
	       "The space, case index K = fields*%llu + (setup*%u + class)*%u + bit:\n  ",
	       ull(SN_PROVE_PER_FIELDS), SN_PROVE_PTR_CLASSES, SN_PROVE_FLIPS);
	print_space(stdout);
	printf(".\n"
	       "  fields: every value of each field; index bits low to high V[0],\n"
	       "    Config[3:1], EATS[5:4], S1Fmt[7:6], S1DSS[9:8], S1CDMax[14:10],\n"
	       "    S1CIR[16:15], S1COR[18:17], S1CSH[20:19], S1STALLD[21].\n"
	       "  setups: default+ats = parent 'default' on a device with ATS support;\n"
	       "    kunit-s2 = parent 'kunit-s2' on a device without (see 'smmu-nest vste\n"
	       "    --help'; every other host fact holds). The escape checker runs on\n"
	       "    default+ats only: kunit-s2's S2TTB points at no tables.\n"
	       "  S1ContextPtr classes: aligned 0x200000, unaligned 0x1001fc0 (64-byte\n"
	       "    aligned only), at-ipa-size 2^ias - 64, beyond-ipa-size 2^ias, with\n"
	       "    ias = min(64 - parent S2T0SZ, 51): 48 for default, 51 for kunit-s2.\n"
	       "  bit variants: 0 none; 1-7 DW0 bits 52-58; 8-26 DW1 bits 8-26; 27-60 DW1\n"
	       "    bits 30-63 (every bit outside STRTAB_STE_{0,1}_NESTING_ALLOWED).\n\n"
	       "Options:\n"
	       "  --policy=P    seed-v2, v6.13, v6.15, v7.0 or 'all' (default: all)\n"
	       "  --shard=I/N   run the I-th of N equal contiguous ranges of case indices,\n"
	       "                1 <= I <= N (default 1/1: the whole space); the N shards\n"
	       "                partition the space, so N machines can share it\n"
	       "  --case=K      run case K alone and show everything about it\n"
	       "  --bug=NAME    plant a bug in each policy run, to see the proof catch it:\n");
	for (unsigned i = 0; i < N_BUGS; i++)
		printf("                  %-18s %s\n", prove_bugs[i].name, prove_bugs[i].what);
	printf("  --json        one JSON object per policy (or per case with --case)\n"
	       "  --help, --version\n\n"
	       "Exit status: 0 no violation in any policy run, 1 a violation, 2 bad\n"
	       "arguments.\n");
}

static bool parse_shard(const char *v, u64 *i, u64 *n)
{
	const char *slash = strchr(v, '/');
	char buf[32];
	size_t len;

	if (!slash)
		return false;
	len = (size_t)(slash - v);
	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, v, len);
	buf[len] = '\0';
	return cli_parse_u64(buf, i) && cli_parse_u64(slash + 1, n) &&
	       *n >= 1 && *i >= 1 && *i <= *n && *n <= sn_prove_total();
}

static int parse(int argc, char **argv, struct prove_opts *o)
{
	const char *v;
	bool shard_given = false;

	*o = (struct prove_opts){ .shard_i = 1, .shard_n = 1 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if ((v = cli_opt_value(a, "policy"))) {
			if (strcmp(v, "all") == 0)
				o->policy = NULL;
			else if (!(o->policy = host_policy_find(v)))
				return cli_usage_error("prove-vste", "unknown policy '%s' (seed-v2, "
						       "v6.13, v6.15, v7.0 or all)", v);
		} else if ((v = cli_opt_value(a, "shard"))) {
			if (!parse_shard(v, &o->shard_i, &o->shard_n))
				return cli_usage_error("prove-vste", "--shard: '%s' is not I/N with "
						       "1 <= I <= N <= %llu", v, ull(sn_prove_total()));
			shard_given = true;
		} else if ((v = cli_opt_value(a, "case"))) {
			if (!cli_parse_u64(v, &o->index) || o->index >= sn_prove_total())
				return cli_usage_error("prove-vste", "--case: '%s' is not a case index "
						       "below %llu", v, ull(sn_prove_total()));
			o->one = true;
		} else if ((v = cli_opt_value(a, "bug"))) {
			o->bug = NULL;
			for (unsigned b = 0; b < N_BUGS; b++)
				if (strcmp(prove_bugs[b].name, v) == 0)
					o->bug = &prove_bugs[b];
			if (!o->bug)
				return cli_usage_error("prove-vste", "unknown bug '%s' (see --help)", v);
		} else if (strcmp(a, "--json") == 0) {
			o->json = true;
		} else if (a[0] == '-') {
			return cli_usage_error("prove-vste", "unknown option '%s'", a);
		} else {
			return cli_usage_error("prove-vste", "unexpected argument '%s'", a);
		}
	}
	if (o->one && shard_given)
		return cli_usage_error("prove-vste", "--case runs one case; drop --shard");
	return 0;
}

static void policy_label(const struct prove_opts *o, const struct host_policy *p,
			 char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", p->name, o->bug ? "+" : "", o->bug ? o->bug->name : "");
}

static void reproduce(const struct prove_opts *o, const struct host_policy *p, u64 index)
{
	printf("    reproduce: smmu-nest prove-vste --policy=%s%s%s --case=%llu\n", p->name,
	       o->bug ? " --bug=" : "", o->bug ? o->bug->name : "", ull(index));
}

static void print_text(const struct prove_opts *o, const struct host_policy *p,
		       const struct sn_prove_report *r, double secs)
{
	char label[64];

	policy_label(o, p, label, sizeof(label));
	printf("prove-vste %s: shard %llu/%llu, cases [%llu, %llu) of %llu\n", label,
	       ull(o->shard_i), ull(o->shard_n), ull(r->first), ull(r->first + r->count),
	       ull(sn_prove_total()));
	printf("  checked %llu: accepted %llu, refused %llu (", ull(r->checked),
	       ull(r->accepted), ull(r->refused));
	for (int e = 1, k = 0; e < SN_ERRNO_COUNT; e++)
		if (r->by_errno[e])
			printf("%s%s %llu", k++ ? ", " : "", sn_errno_name(e), ull(r->by_errno[e]));
	printf(")\n  escape checker: %llu accepted cases translated on the default parent, "
	       "%llu transactions (%llu OK, %llu faulted)\n", ull(r->escape_cases),
	       ull(r->translations), ull(r->translated_ok), ull(r->translated_fault));
	printf("  violations %llu (", ull(r->violations));
	for (unsigned k = 1; k < SN_PROVE_KINDS; k++)
		printf("%s%s %llu", k > 1 ? ", " : "", sn_prove_kind_name(k), ull(r->by_kind[k]));
	printf(")\n");
	for (unsigned i = 0; i < r->n_first; i++) {
		printf("  violation: case %llu, %s: %s\n", ull(r->first_v[i].index),
		       sn_prove_kind_name(r->first_v[i].kind), r->first_v[i].what);
		if (i == 0)
			reproduce(o, p, r->first_v[i].index);
	}
	printf("  wall time %.2f s (%.1f M cases/s)\n", secs,
	       secs > 0 ? (double)r->checked / secs / 1e6 : 0.0);
	printf("  proof (no violation): %s\n", r->violations ? "FAILS" : "holds");
}

static void print_json(const struct prove_opts *o, const struct host_policy *p,
		       const struct sn_prove_report *r, double secs)
{
	printf("{\"policy\":");
	cli_json_string(stdout, p->name);
	printf(",\"bug\":");
	if (o->bug)
		cli_json_string(stdout, o->bug->name);
	else
		printf("null");
	printf(",\"space\":%llu,\"shard\":[%llu,%llu],\"first\":%llu,\"count\":%llu,"
	       "\"checked\":%llu,\"accepted\":%llu,\"refused\":%llu,\"violations\":%llu,"
	       "\"by_kind\":{", ull(sn_prove_total()), ull(o->shard_i), ull(o->shard_n),
	       ull(r->first), ull(r->count), ull(r->checked), ull(r->accepted),
	       ull(r->refused), ull(r->violations));
	for (unsigned k = 1; k < SN_PROVE_KINDS; k++)
		printf("%s\"%s\":%llu", k > 1 ? "," : "", sn_prove_kind_name(k), ull(r->by_kind[k]));
	printf("},\"by_errno\":{");
	for (int e = 1; e < SN_ERRNO_COUNT; e++)
		printf("%s\"%s\":%llu", e > 1 ? "," : "", sn_errno_name(e), ull(r->by_errno[e]));
	printf("},\"escape_cases\":%llu,\"translations\":%llu,\"translated_ok\":%llu,"
	       "\"translated_fault\":%llu,\"first_violations\":[", ull(r->escape_cases),
	       ull(r->translations), ull(r->translated_ok), ull(r->translated_fault));
	for (unsigned i = 0; i < r->n_first; i++) {
		printf("%s{\"case\":%llu,\"kind\":\"%s\",\"what\":", i ? "," : "",
		       ull(r->first_v[i].index), sn_prove_kind_name(r->first_v[i].kind));
		cli_json_string(stdout, r->first_v[i].what);
		printf("}");
	}
	printf("],\"seconds\":%.3f}\n", secs);
}

static const char *disp_name(enum sn_disposition d)
{
	switch (d) {
	case SN_XLATE_OK: return "OK";
	case SN_XLATE_ABORT: return "abort";
	case SN_XLATE_STALL: return "stall";
	case SN_XLATE_RAZWI: return "RAZ/WI";
	case SN_XLATE_ATS_UR: return "ATS UR";
	case SN_XLATE_ATS_CA: return "ATS CA";
	}
	return "?";
}

static void describe_xlate(const struct sn_txn *t, const struct sn_xlate *x, char *buf,
			   size_t len)
{
	int n = snprintf(buf, len, "%s%s%s at 0x%" PRIx64 "%s -> %s",
			 t->kind == SN_TXN_ATS_REQUEST ? "ATS request" : t->write ? "write" : "read",
			 t->instr ? " (fetch)" : "", t->priv ? " priv" : "", t->addr,
			 t->ssv ? ", SSID 1" : ", no SSID", disp_name(x->disp));

	if (n < 0 || (size_t)n >= len)
		return;
	if (x->disp == SN_XLATE_OK)
		snprintf(buf + n, len - (size_t)n, " pa=0x%" PRIx64 " ipa=0x%" PRIx64, x->pa, x->ipa);
	else if (x->has_event)
		snprintf(buf + n, len - (size_t)n, " (%s)", sn_event_name(x->event.type));
}

static void print_case_text(const struct prove_opts *o, const struct host_policy *p,
			    const struct sn_prove *pv, const struct sn_prove_detail *d)
{
	const struct sn_prove_case *c = &d->c;
	const struct sn_prove_setup *s = &sn_prove_setups[c->setup];
	char buf[512], label[64];

	policy_label(o, p, label, sizeof(label));
	printf("prove-vste %s: case %llu of %llu\n", label, ull(c->index), ull(sn_prove_total()));
	printf("  setup %s: parent %s, ATS %ssupported\n", s->name, s->parent,
	       s->ats_supported ? "" : "not ");
	sn_prove_describe_fields(c->vste, buf, sizeof(buf));
	printf("  fields (index %u): %s\n", c->fields, buf);
	sn_prove_describe_flip(c, buf, sizeof(buf));
	printf("  S1ContextPtr class %s (0x%llx); extra bit: %s\n",
	       sn_prove_ptr_class_names[c->ptr_class],
	       ull(sn_prove_ptr(pv, c->setup, c->ptr_class)), buf);
	printf("  vSTE 0x%016llx 0x%016llx\n", ull(c->vste[0]), ull(c->vste[1]));
	if (!o->bug)
		printf("  same as: smmu-nest vste --policy=%s --parent=%s%s 0x%016llx 0x%016llx\n",
		       p->name, s->parent, s->ats_supported ? " --ats-supported" : "",
		       ull(c->vste[0]), ull(c->vste[1]));
	sn_result_format(&d->r, buf, sizeof(buf));
	printf("  result: %s\n", buf);
	if (d->r.err == SN_OK) {
		if (d->inv == INV_NONE)
			printf("  invariants: all four hold\n");
		else
			printf("  invariants: %s broken: %s\n", sn_invariant_name(d->inv),
			       d->inv_detail);
		if (!d->escape_checked)
			printf("  escape checker: not run (%s)\n",
			       s->world ? "the physical STE does not translate"
					: "no guest memory for this parent");
		for (unsigned i = 0; i < d->n_txn; i++) {
			describe_xlate(&d->txn[i], &d->x[i], buf, sizeof(buf));
			printf("  escape checker: %s: %s%s\n", buf,
			       d->escaped[i] ? "ESCAPE: " : "stays in the image",
			       d->escaped[i] ? d->esc_what[i] : "");
		}
	}
	printf("  verdict: %s\n", d->violation ? "VIOLATION" : "no violation");
}

static void print_case_json(const struct prove_opts *o, const struct host_policy *p,
			    const struct sn_prove_detail *d)
{
	const struct sn_prove_case *c = &d->c;
	char buf[512];

	printf("{\"policy\":");
	cli_json_string(stdout, p->name);
	printf(",\"bug\":");
	if (o->bug)
		cli_json_string(stdout, o->bug->name);
	else
		printf("null");
	sn_prove_describe_flip(c, buf, sizeof(buf));
	printf(",\"case\":%llu,\"setup\":\"%s\",\"ptr_class\":\"%s\",\"fields\":%u,\"flip\":\"%s\","
	       "\"vste\":[\"0x%016llx\",\"0x%016llx\"]", ull(c->index),
	       sn_prove_setups[c->setup].name, sn_prove_ptr_class_names[c->ptr_class],
	       c->fields, buf, ull(c->vste[0]), ull(c->vste[1]));
	if (d->r.err != SN_OK) {
		printf(",\"result\":\"error\",\"errno\":\"%s\",\"stage\":\"%s\",\"reason\":",
		       sn_errno_name(d->r.err), sn_stage_name(d->r.stage));
		cli_json_string(stdout, d->r.reason);
	} else {
		printf(",\"result\":\"ok\",\"ste\":[");
		for (unsigned i = 0; i < STE_DWORDS; i++)
			printf("%s\"0x%016llx\"", i ? "," : "", ull(d->r.ste[i]));
		printf("],\"ats\":%s,\"invariant\":\"%s\"", d->r.ats ? "true" : "false",
		       sn_invariant_name(d->inv));
		printf(",\"escape_checked\":%s,\"transactions\":[", d->escape_checked ? "true" : "false");
		for (unsigned i = 0; i < d->n_txn; i++) {
			describe_xlate(&d->txn[i], &d->x[i], buf, sizeof(buf));
			printf("%s{\"what\":", i ? "," : "");
			cli_json_string(stdout, buf);
			printf(",\"escaped\":%s}", d->escaped[i] ? "true" : "false");
		}
		printf("]");
	}
	printf(",\"violation\":%s}\n", d->violation ? "true" : "false");
}

int cmd_prove(int argc, char **argv)
{
	struct prove_opts o;
	struct sn_prove *pv;
	bool clean = true;
	char err[256];
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			help();
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("smmu-nest prove-vste %s\n", SMMU_NEST_VERSION);
			return 0;
		}
	}
	rc = parse(argc, argv, &o);
	if (rc)
		return rc;
	pv = sn_prove_new(err, sizeof(err));
	if (!pv) {
		fprintf(stderr, "smmu-nest %s\n", err);
		return 1;
	}
	if (!o.json && !o.one) {
		printf("space: ");
		print_space(stdout);
		printf("\n");
	}
	for (unsigned i = 0; i < host_policy_count; i++) {
		struct host_policy p = *host_policies[i];

		if (o.policy && o.policy != host_policies[i])
			continue;
		if (o.bug)
			p.bugs |= o.bug->bug;
		if (o.one) {
			struct sn_prove_detail *d = malloc(sizeof(*d));

			if (!d || !sn_prove_one(pv, &p, o.index, d)) {
				free(d);
				sn_prove_free(pv);
				fprintf(stderr, "smmu-nest prove-vste: out of memory\n");
				return 1;
			}
			if (o.json)
				print_case_json(&o, &p, d);
			else
				print_case_text(&o, &p, pv, d);
			clean &= !d->violation;
			free(d);
		} else {
			struct sn_prove_report r;
			u64 first, count;
			double t0;

			sn_prove_shard(sn_prove_total(), o.shard_i, o.shard_n, &first, &count);
			sn_prove_report_init(&r, first, count);
			t0 = now();
			sn_prove_run(pv, &p, first, count, &r);
			if (o.json)
				print_json(&o, &p, &r, now() - t0);
			else
				print_text(&o, &p, &r, now() - t0);
			clean &= r.violations == 0;
		}
		fflush(stdout);
	}
	sn_prove_free(pv);
	return clean ? 0 : 1;
}
