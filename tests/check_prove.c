// SPDX-License-Identifier: MIT
/*
 * prove-vste (prove.h): the enumeration and its shards, --case against the
 * run, one small shard per real policy with zero violations, planted bugs
 * and broken policy rows that must produce violations, and the CLI.
 *
 * Under valgrind (make valgrind sets SMMU_NEST_MEMCHECK) the shards are a
 * twentieth of their size: memory checking needs the paths, not the volume.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/prove.h>
#include "cli_run.h"

static struct sn_prove *pv;

static void setup(void)
{
	char err[256];

	pv = sn_prove_new(err, sizeof(err));
	ck_assert_msg(pv != NULL, "%s", err);
}

static void teardown(void)
{
	sn_prove_free(pv);
	pv = NULL;
}

static bool memcheck(void)
{
	return getenv("SMMU_NEST_MEMCHECK") != NULL;
}

/* Shards of a real run: 1/N of the space, N scaled under valgrind. */
static u64 shard_n(void)
{
	return memcheck() ? 40000 : 2000;
}

static u64 lcg(u64 *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 11;
}

/* ---- the space ------------------------------------------------------------- */

START_TEST(space_size_and_masks)
{
	ck_assert_uint_eq(sn_prove_total(), 2046820352ULL);
	ck_assert_uint_eq(sn_prove_total(), (1ULL << 22) * 2 * 4 * 61);
	/* the masks are the kernel's: the invariants' guest bits plus V, Config, EATS */
	ck_assert_uint_eq(SN_PROVE_MASK_DW0, GUEST_OWNED_DW0 | STE_DW0_V | STE_DW0_CONFIG);
	ck_assert_uint_eq(SN_PROVE_MASK_DW1, GUEST_OWNED_DW1 | STE_DW1_EATS);
	for (unsigned i = 0; i < host_policy_count; i++) {
		ck_assert_uint_eq(host_policies[i]->allowed0, SN_PROVE_MASK_DW0);
		ck_assert_uint_eq(host_policies[i]->allowed1, SN_PROVE_MASK_DW1);
	}
	/* the enumerated fields fill the masks exactly, but for S1ContextPtr */
	ck_assert_uint_eq(STE_DW0_V | STE_DW0_CONFIG | STE_DW0_S1FMT | STE_DW0_S1CDMAX |
			  SN_GENMASK(51, 6), SN_PROVE_MASK_DW0);
	ck_assert_uint_eq(STE_DW1_S1DSS | STE_DW1_S1CIR | STE_DW1_S1COR | STE_DW1_S1CSH |
			  STE_DW1_S1STALLD | STE_DW1_EATS, SN_PROVE_MASK_DW1);
	ck_assert_int_eq(__builtin_popcountll(~SN_PROVE_MASK_DW0) +
			 __builtin_popcountll(~SN_PROVE_MASK_DW1), SN_PROVE_OUTSIDE_BITS);
}
END_TEST

/* The bit variants of one field combination: none, then each outside bit once. */
START_TEST(bit_variants_cover_every_outside_bit)
{
	u64 seen[2] = { 0, 0 };
	struct sn_prove_case base, c;

	ck_assert(sn_prove_decode(pv, 12345 * SN_PROVE_PER_FIELDS, &base));
	ck_assert_uint_eq(base.flip, 0);
	ck_assert_int_eq(base.flip_word, -1);
	ck_assert_uint_eq(base.vste[0] & ~SN_PROVE_MASK_DW0, 0);
	ck_assert_uint_eq(base.vste[1] & ~SN_PROVE_MASK_DW1, 0);
	for (unsigned f = 1; f < SN_PROVE_FLIPS; f++) {
		ck_assert(sn_prove_decode(pv, base.index + f, &c));
		ck_assert_uint_eq(c.flip, f);
		ck_assert_uint_eq(c.fields, base.fields);
		ck_assert_uint_eq(c.setup, base.setup);
		ck_assert_uint_eq(c.ptr_class, base.ptr_class);
		u64 d0 = c.vste[0] ^ base.vste[0], d1 = c.vste[1] ^ base.vste[1];
		ck_assert_int_eq(__builtin_popcountll(d0) + __builtin_popcountll(d1), 1);
		ck_assert_uint_eq(d0 & SN_PROVE_MASK_DW0, 0);
		ck_assert_uint_eq(d1 & SN_PROVE_MASK_DW1, 0);
		ck_assert_uint_eq(seen[0] & d0, 0);
		ck_assert_uint_eq(seen[1] & d1, 0);
		seen[0] |= d0;
		seen[1] |= d1;
		ck_assert_int_eq(c.flip_word, d0 ? 0 : 1);
		ck_assert_uint_eq(SN_BIT(c.flip_bit), d0 ? d0 : d1);
	}
	ck_assert_uint_eq(seen[0], ~SN_PROVE_MASK_DW0);
	ck_assert_uint_eq(seen[1], ~SN_PROVE_MASK_DW1);
}
END_TEST

/* The field index, read back from the vSTE words, per the documented layout. */
static u32 fields_of(const u64 v[2])
{
	return (u32)(sn_field_get(STE_DW0_V, v[0]) |
		     sn_field_get(STE_DW0_CONFIG, v[0]) << 1 |
		     sn_field_get(STE_DW1_EATS, v[1]) << 4 |
		     sn_field_get(STE_DW0_S1FMT, v[0]) << 6 |
		     sn_field_get(STE_DW1_S1DSS, v[1]) << 8 |
		     sn_field_get(STE_DW0_S1CDMAX, v[0]) << 10 |
		     sn_field_get(STE_DW1_S1CIR, v[1]) << 15 |
		     sn_field_get(STE_DW1_S1COR, v[1]) << 17 |
		     sn_field_get(STE_DW1_S1CSH, v[1]) << 19 |
		     sn_field_get(STE_DW1_S1STALLD, v[1]) << 21);
}

/* Every field combination appears, once, with the documented index.  (Plain
 * comparisons in the loops: each ck_assert marks a point, which is slow.) */
START_TEST(every_field_combination_once)
{
	unsigned step = memcheck() ? 997 : 1;
	struct sn_prove_case c;
	u64 bad = ~0ULL;

	for (u64 fi = 0; fi < SN_PROVE_FIELD_COMBOS && bad == ~0ULL; fi += step) {
		u64 k = fi * SN_PROVE_PER_FIELDS + (1 * SN_PROVE_PTR_CLASSES + 2) * SN_PROVE_FLIPS;

		if (!sn_prove_decode(pv, k, &c) || c.fields != fi || fields_of(c.vste) != fi ||
		    c.setup != 1 || c.ptr_class != 2 || c.flip != 0 ||
		    (c.vste[0] & SN_GENMASK(51, 6)) != sn_prove_ptr(pv, 1, 2))
			bad = fi;
	}
	ck_assert_msg(bad == ~0ULL, "field combination %" PRIu64 " decodes wrong", bad);
	ck_assert(!sn_prove_decode(pv, sn_prove_total(), &c));
	ck_assert(sn_prove_decode(pv, sn_prove_total() - 1, &c));
	ck_assert_uint_eq(c.fields, SN_PROVE_FIELD_COMBOS - 1);
	ck_assert_uint_eq(c.setup, SN_PROVE_SETUPS - 1);
	ck_assert_uint_eq(c.ptr_class, SN_PROVE_PTR_CLASSES - 1);
	ck_assert_uint_eq(c.flip, SN_PROVE_FLIPS - 1);
}
END_TEST

/* Decoding is the documented mixed radix, at random indices. */
START_TEST(decode_is_the_documented_formula)
{
	u64 s = 7, bad = ~0ULL;
	struct sn_prove_case c;

	for (unsigned i = 0; i < 20000 && bad == ~0ULL; i++) {
		u64 k = lcg(&s) % sn_prove_total();
		u64 rest = k % SN_PROVE_PER_FIELDS;
		u64 v[2];

		if (!sn_prove_decode(pv, k, &c)) {
			bad = k;
			break;
		}
		v[0] = c.vste[0];
		v[1] = c.vste[1];
		if (c.flip)
			v[c.flip_word] ^= SN_BIT(c.flip_bit);
		if (c.index != k || c.fields != k / SN_PROVE_PER_FIELDS ||
		    c.flip != rest % SN_PROVE_FLIPS ||
		    c.ptr_class != rest / SN_PROVE_FLIPS % SN_PROVE_PTR_CLASSES ||
		    c.setup != rest / SN_PROVE_FLIPS / SN_PROVE_PTR_CLASSES ||
		    fields_of(v) != c.fields ||
		    (v[0] & SN_GENMASK(51, 6)) != sn_prove_ptr(pv, c.setup, c.ptr_class) ||
		    (v[0] & ~SN_PROVE_MASK_DW0) || (v[1] & ~SN_PROVE_MASK_DW1))
			bad = k;
	}
	ck_assert_msg(bad == ~0ULL, "case %" PRIu64 " decodes wrong", bad);
}
END_TEST

START_TEST(pointer_classes)
{
	/* default parent: 48-bit IPA; kunit-s2: S2T0SZ 4, capped at 51 bits */
	ck_assert_uint_eq(sn_prove_ptr(pv, 0, 0), 0x200000);
	ck_assert_uint_eq(sn_prove_ptr(pv, 0, 1), 0x1001fc0);
	ck_assert_uint_eq(sn_prove_ptr(pv, 0, 2), (1ULL << 48) - 64);
	ck_assert_uint_eq(sn_prove_ptr(pv, 0, 3), 1ULL << 48);
	ck_assert_uint_eq(sn_prove_ptr(pv, 1, 2), (1ULL << 51) - 64);
	ck_assert_uint_eq(sn_prove_ptr(pv, 1, 3), 1ULL << 51);
	for (unsigned s = 0; s < SN_PROVE_SETUPS; s++)
		for (unsigned c = 0; c < SN_PROVE_PTR_CLASSES; c++)
			ck_assert_uint_eq(sn_prove_ptr(pv, s, c) & ~SN_GENMASK(51, 6), 0);
	ck_assert(sn_prove_env(pv, 0)->ats_supported);
	ck_assert(!sn_prove_env(pv, 1)->ats_supported);
	ck_assert_uint_eq(sn_prove_parent(pv, 0)[2], host_default_parent[2]);
}
END_TEST

/* ---- shards ----------------------------------------------------------------- */

static void check_partition(u64 total, u64 n)
{
	u64 next = 0, lo = ~0ULL, hi = 0;

	for (u64 i = 1; i <= n; i++) {
		u64 first, count;

		ck_assert_msg(sn_prove_shard(total, i, n, &first, &count), "%" PRIu64 "/%" PRIu64, i, n);
		ck_assert_uint_eq(first, next);      /* adjacent: disjoint and no gap */
		next = first + count;
		lo = count < lo ? count : lo;
		hi = count > hi ? count : hi;
	}
	ck_assert_uint_eq(next, total);              /* the counts sum to the total */
	ck_assert_uint_le(hi - lo, 1);
}

START_TEST(shards_partition_the_space)
{
	static const u64 ns[] = { 1, 2, 3, 7, 64, 1000, 4093 };

	for (unsigned i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		check_partition(sn_prove_total(), ns[i]);
		check_partition(1000, ns[i] <= 1000 ? ns[i] : 1000);
	}
	check_partition(5, 5);
	check_partition(1, 1);
	/* the last of many shards, without overflow */
	u64 first, count, big = sn_prove_total();
	ck_assert(sn_prove_shard(big, big, big, &first, &count));
	ck_assert_uint_eq(first, big - 1);
	ck_assert_uint_eq(count, 1);
	ck_assert(sn_prove_shard(~0ULL, 3, 4, &first, &count));
	ck_assert_uint_eq(first + count, ~0ULL - (~0ULL / 4));
	/* bad shards */
	ck_assert(!sn_prove_shard(100, 0, 4, &first, &count));
	ck_assert(!sn_prove_shard(100, 5, 4, &first, &count));
	ck_assert(!sn_prove_shard(100, 1, 0, &first, &count));
	ck_assert(!sn_prove_shard(100, 1, 101, &first, &count));
}
END_TEST

/* Running shards one after the other is running their union. */
START_TEST(shard_runs_add_up)
{
	const struct host_policy *p = host_policy_find("v7.0");
	struct sn_prove_report whole, part;
	u64 first = 5000 * SN_PROVE_PER_FIELDS + 17, total = 9 * SN_PROVE_PER_FIELDS + 5;
	u64 sum[6] = { 0 };

	sn_prove_report_init(&whole, first, total);
	sn_prove_run(pv, p, first, total, &whole);
	ck_assert_uint_eq(whole.checked, total);
	for (u64 i = 1; i <= 7; i++) {
		u64 f, c;

		ck_assert(sn_prove_shard(total, i, 7, &f, &c));
		sn_prove_report_init(&part, first + f, c);
		sn_prove_run(pv, p, first + f, c, &part);
		sum[0] += part.checked;
		sum[1] += part.accepted;
		sum[2] += part.refused;
		sum[3] += part.escape_cases;
		sum[4] += part.translations;
		sum[5] += part.translated_ok;
	}
	ck_assert_uint_eq(sum[0], whole.checked);
	ck_assert_uint_eq(sum[1], whole.accepted);
	ck_assert_uint_eq(sum[2], whole.refused);
	ck_assert_uint_eq(sum[3], whole.escape_cases);
	ck_assert_uint_eq(sum[4], whole.translations);
	ck_assert_uint_eq(sum[5], whole.translated_ok);
	ck_assert_uint_eq(whole.accepted + whole.refused, whole.checked);
}
END_TEST

/* ---- --case reproduces the run -------------------------------------------------- */

/* Case by case with sn_prove_one, against the run over the same range. */
static void one_by_one(const struct host_policy *p, u64 first, u64 count)
{
	struct sn_prove_report r;
	struct sn_prove_detail *d = malloc(sizeof(*d));
	u64 acc = 0, bad = 0, esc = 0, viol[SN_PROVE_MAX_FIRST], wrong = ~0ULL;
	unsigned nv = 0;

	ck_assert_ptr_nonnull(d);
	sn_prove_report_init(&r, first, count);
	sn_prove_run(pv, p, first, count, &r);
	for (u64 k = first; k < first + count; k++) {
		struct vste_result direct;

		if (!sn_prove_one(pv, p, k, d) || d->c.index != k) {
			wrong = k;
			break;
		}
		host_policy_apply(p, d->c.vste, sn_prove_parent(pv, d->c.setup),
				  sn_prove_env(pv, d->c.setup), &direct);
		if (direct.err != d->r.err || memcmp(direct.ste, d->r.ste, sizeof(direct.ste)))
			wrong = k;
		acc += d->r.err == SN_OK;
		esc += d->escape_checked;
		if (d->violation) {
			if (nv < SN_PROVE_MAX_FIRST)
				viol[nv++] = k;
			bad++;
		}
	}
	ck_assert_msg(wrong == ~0ULL, "case %" PRIu64 " differs from host_policy_apply", wrong);
	ck_assert_uint_eq(r.checked, count);
	ck_assert_uint_eq(r.accepted, acc);
	ck_assert_uint_eq(r.escape_cases, esc);
	ck_assert_uint_eq(r.violations, bad);
	ck_assert_uint_eq(r.n_first, nv);
	for (unsigned i = 0; i < nv; i++)
		ck_assert_uint_eq(r.first_v[i].index, viol[i]);
	free(d);
}

START_TEST(case_reproduces_the_run)
{
	struct host_policy bug = *host_policy_find("v6.13");
	u64 n = memcheck() ? 2 * SN_PROVE_PER_FIELDS : 40 * SN_PROVE_PER_FIELDS;

	/* V=1 Config=5 EATS=0..1: accepted, nested, escape-checked */
	one_by_one(host_policy_find("v7.0"), 11 * SN_PROVE_PER_FIELDS, n);
	bug.bugs = BUG_EATS_NOT_STRIPPED;
	one_by_one(&bug, 11 * SN_PROVE_PER_FIELDS, n);
}
END_TEST

START_TEST(runs_are_deterministic)
{
	const struct host_policy *p = host_policy_find("v6.15");
	struct sn_prove_report a, b;
	u64 first = 3 * SN_PROVE_PER_FIELDS * 1000, count = 64 * SN_PROVE_PER_FIELDS;

	sn_prove_report_init(&a, first, count);
	sn_prove_run(pv, p, first, count, &a);
	sn_prove_report_init(&b, first, count);
	sn_prove_run(pv, p, first, count, &b);
	ck_assert(memcmp(&a, &b, sizeof(a)) == 0);
}
END_TEST

/* ---- real policies: a shard each, zero violations ------------------------------ */

START_TEST(real_policy_shard_has_no_violation)
{
	const struct host_policy *p = host_policies[_i];
	struct sn_prove_report r;
	u64 first, count, n = shard_n();

	/* a different shard for each policy */
	ck_assert(sn_prove_shard(sn_prove_total(), 1 + (u64)(_i * 613) % n, n, &first, &count));
	sn_prove_report_init(&r, first, count);
	sn_prove_run(pv, p, first, count, &r);
	ck_assert_uint_eq(r.checked, count);
	ck_assert_msg(r.violations == 0, "%s: %" PRIu64 " violations; first at case %" PRIu64 ": %s",
		      p->name, r.violations, r.first_v[0].index, r.first_v[0].what);
	/* the shard must exercise what it claims */
	ck_assert_uint_gt(r.accepted, count / 1000);
	ck_assert_uint_gt(r.refused, count / 4);
	ck_assert_uint_gt(r.escape_cases, 0);
	ck_assert_uint_gt(r.translated_ok, 0);
	ck_assert_uint_gt(r.translated_fault, 0);
	printf("prove: %-8s cases [%" PRIu64 ", +%" PRIu64 "): %" PRIu64 " accepted, %" PRIu64
	       " refused, %" PRIu64 " escape-checked, 0 violations\n", p->name, first, count,
	       r.accepted, r.refused, r.escape_cases);
}
END_TEST

/* ---- broken policies: violations ------------------------------------------------- */

static struct sn_prove_report *run_broken(const struct host_policy *p, u64 first, u64 count)
{
	struct sn_prove_report *r = malloc(sizeof(*r));
	struct sn_prove_detail *d = malloc(sizeof(*d));

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(d);
	sn_prove_report_init(r, first, count);
	sn_prove_run(pv, p, first, count, r);
	ck_assert_msg(r->violations > 0, "%s+bugs 0x%x: no violation", p->name, p->bugs);
	ck_assert_uint_gt(r->n_first, 0);
	/* the first violation reproduces on its own */
	ck_assert(sn_prove_one(pv, p, r->first_v[0].index, d));
	ck_assert(d->violation);
	free(d);
	return r;
}

/* Fields V=1, Config=5 (S1 translate) with EATS=1 start at index 27. */
#define S1_EATS_TRANS_FIELDS 27u

START_TEST(planted_eats_not_stripped)
{
	struct host_policy p = *host_policy_find(_i ? "v7.0" : "v6.13");
	struct sn_prove_report *r;

	p.bugs = BUG_EATS_NOT_STRIPPED;
	r = run_broken(&p, S1_EATS_TRANS_FIELDS * SN_PROVE_PER_FIELDS, 64 * SN_PROVE_PER_FIELDS);
	ck_assert_uint_gt(r->by_kind[INV_ATS], 0);
	ck_assert_uint_eq(r->first_v[0].kind, INV_ATS);
	free(r);
}
END_TEST

START_TEST(planted_dw1_into_dw2)
{
	struct host_policy p = *host_policies[_i];
	struct sn_prove_report *r;

	/* from fields 256: S1DSS=1, which lands in S2VMID bit 0 */
	p.bugs = BUG_DW1_INTO_DW2;
	r = run_broken(&p, 256 * SN_PROVE_PER_FIELDS, 64 * SN_PROVE_PER_FIELDS);
	ck_assert_uint_gt(r->by_kind[INV_HOST_BITS], 0);
	free(r);
}
END_TEST

/* A bypass vSTE installed as physical bypass: the config invariant and the
 * escape checker (the output leaves the parent's image) both see it. */
START_TEST(broken_bypass_escapes)
{
	struct host_policy p = *host_policy_find("v7.0");
	struct sn_prove_report *r;

	p.phys_cfg_bypass = STE_CFG_BYPASS;
	r = run_broken(&p, 0, 64 * SN_PROVE_PER_FIELDS);
	ck_assert_uint_gt(r->by_kind[INV_CONFIG], 0);
	ck_assert_uint_gt(r->by_kind[SN_PROVE_ESCAPE], 0);
	free(r);
}
END_TEST

START_TEST(broken_stage1_only_escapes)
{
	struct host_policy p = *host_policy_find("v6.13");
	struct sn_prove_report *r;

	p.phys_cfg_s1 = STE_CFG_S1_TRANS;
	r = run_broken(&p, 0, 64 * SN_PROVE_PER_FIELDS);
	ck_assert_uint_gt(r->by_kind[INV_CONFIG], 0);
	ck_assert_uint_gt(r->by_kind[SN_PROVE_ESCAPE], 0);
	free(r);
}
END_TEST

/* A mask one bit too wide (STRW bit 31): only the bit variants find it. */
START_TEST(widened_mask_is_caught)
{
	struct host_policy p = *host_policy_find("v6.15");
	struct sn_prove_report *r;
	struct sn_prove_case c;

	p.allowed1 |= SN_BIT(31);
	r = run_broken(&p, 0, 64 * SN_PROVE_PER_FIELDS);
	ck_assert_uint_gt(r->by_kind[INV_GUEST_BITS], 0);
	ck_assert(sn_prove_decode(pv, r->first_v[0].index, &c));
	ck_assert_int_eq(c.flip_word, 1);
	ck_assert_int_eq(c.flip_bit, 31);
	free(r);
}
END_TEST

/* ---- the CLI ------------------------------------------------------------------------ */

START_TEST(cli_shard_run)
{
	static struct cli_run r;

	CLI_RUN(&r, "prove-vste", "--policy=v7.0", "--shard=77/100000");
	ck_assert_msg(r.status == 0, "status %d: %s%s", r.status, r.out, r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "2046820352 cases per policy"));
	ck_assert_ptr_nonnull(strstr(r.out, "shard 77/100000, cases [1555644, 1576113)"));
	ck_assert_ptr_nonnull(strstr(r.out, "checked 20469:"));
	ck_assert_ptr_nonnull(strstr(r.out, "violations 0 ("));
	ck_assert_ptr_nonnull(strstr(r.out, "wall time"));
	ck_assert_ptr_nonnull(strstr(r.out, "proof (no violation): holds"));

	CLI_RUN(&r, "prove-vste", "--policy=all", "--shard=3/200000", "--json");
	ck_assert_int_eq(r.status, 0);
	unsigned lines = 0;
	for (const char *s = r.out; (s = strstr(s, "{\"policy\":")); s++)
		lines++;
	ck_assert_uint_eq(lines, host_policy_count);
	ck_assert_ptr_nonnull(strstr(r.out, "\"space\":2046820352,\"shard\":[3,200000]"));
	ck_assert_ptr_nonnull(strstr(r.out, "\"violations\":0,"));
}
END_TEST

START_TEST(cli_bug_and_case)
{
	static struct cli_run r;
	char arg[64];
	const char *at;
	unsigned long long k;

	/* shard 1/150000 (13,645 cases) holds fields 27 (V=1, S1, EATS=1) */
	CLI_RUN(&r, "prove-vste", "--policy=v7.0", "--bug=eats-not-stripped", "--shard=1/150000");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "proof (no violation): FAILS"));
	at = strstr(r.out, "--case=");
	ck_assert_ptr_nonnull(at);
	k = strtoull(at + 7, NULL, 10);
	snprintf(arg, sizeof(arg), "--case=%llu", k);
	CLI_RUN(&r, "prove-vste", "--policy=v7.0", "--bug=eats-not-stripped", arg);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "verdict: VIOLATION"));
	ck_assert_ptr_nonnull(strstr(r.out, "invariants: ats broken"));
	/* the same case under the real policy */
	CLI_RUN(&r, "prove-vste", "--policy=v7.0", arg);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "verdict: no violation"));
	ck_assert_ptr_nonnull(strstr(r.out, "same as: smmu-nest vste --policy=v7.0"));
	CLI_RUN(&r, "prove-vste", "--policy=v7.0", arg, "--json");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\"violation\":false}"));
	/* an escape-checked case shows its transactions */
	CLI_RUN(&r, "prove-vste", "--policy=v6.13", "--case=13176");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "setup default+ats"));
	ck_assert_ptr_nonnull(strstr(r.out, "escape checker: read"));
	ck_assert_ptr_nonnull(strstr(r.out, "stays in the image"));
}
END_TEST

START_TEST(cli_bad_arguments)
{
	static const char *const bad[][2] = {
		{ "--shard=0/4", NULL }, { "--shard=5/4", NULL }, { "--shard=1/0", NULL },
		{ "--shard=4", NULL }, { "--shard=/4", NULL }, { "--shard=1/x", NULL },
		{ "--shard=1/2046820353", NULL }, { "--case=2046820352", NULL },
		{ "--case=-1", NULL }, { "--case=x", NULL }, { "--policy=v5", NULL },
		{ "--bug=nope", NULL }, { "--bogus", NULL }, { "extra", NULL },
		{ "--case=1", "--shard=1/2" },
	};
	static struct cli_run r;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i][1])
			CLI_RUN(&r, "prove-vste", bad[i][0], bad[i][1]);
		else
			CLI_RUN(&r, "prove-vste", bad[i][0]);
		ck_assert_msg(r.status == 2, "%s: status %d", bad[i][0], r.status);
		ck_assert_msg(strstr(r.err, "smmu-nest prove-vste: ") != NULL, "%s: %s", bad[i][0], r.err);
		ck_assert_str_eq(r.out, "");
	}
	CLI_RUN(&r, "prove-vste", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "= 2046820352 cases per policy"));
	ck_assert_ptr_nonnull(strstr(r.out, "--shard=I/N"));
}
END_TEST

static Suite *prove_suite(void)
{
	Suite *s = suite_create("prove");
	TCase *tc = tcase_create("space");
	TCase *run = tcase_create("run");
	TCase *cli = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, space_size_and_masks);
	tcase_add_test(tc, bit_variants_cover_every_outside_bit);
	tcase_add_test(tc, every_field_combination_once);
	tcase_add_test(tc, decode_is_the_documented_formula);
	tcase_add_test(tc, pointer_classes);
	tcase_add_test(tc, shards_partition_the_space);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(run, setup, teardown);
	tcase_set_timeout(run, 300);
	tcase_add_test(run, shard_runs_add_up);
	tcase_add_test(run, case_reproduces_the_run);
	tcase_add_test(run, runs_are_deterministic);
	tcase_add_loop_test(run, real_policy_shard_has_no_violation, 0, (int)host_policy_count);
	tcase_add_loop_test(run, planted_eats_not_stripped, 0, 2);
	tcase_add_loop_test(run, planted_dw1_into_dw2, 0, (int)host_policy_count);
	tcase_add_test(run, broken_bypass_escapes);
	tcase_add_test(run, broken_stage1_only_escapes);
	tcase_add_test(run, widened_mask_is_caught);
	suite_add_tcase(s, run);

	tcase_set_timeout(cli, 120);
	tcase_add_test(cli, cli_shard_run);
	tcase_add_test(cli, cli_bug_and_case);
	tcase_add_test(cli, cli_bad_arguments);
	suite_add_tcase(s, cli);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(prove_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
