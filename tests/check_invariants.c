// SPDX-License-Identifier: MIT
/*
 * Escape invariants (include/smmu-nest/invariants.h).
 *
 *  - sweep: every real policy, over a deterministic set of vSTEs (every
 *    Config x V x EATS, every single bit alone and over valid vSTEs, a few
 *    thousand pseudo-random ones biased toward the nesting masks), with and
 *    without device ATS, over each named parent: every accepted result
 *    passes vste_check_invariants();
 *  - mutants: a copy of a real policy with one rule broken; the invariant
 *    that guards the rule fires, by name, on a chosen vSTE and in the sweep;
 *  - hand-built results: a physical STE written out by hand from linux.md
 *    §3, changed in one place, and the exact invariant that must report it.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <smmu-nest/invariants.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/vectors.h>   /* host_parent_by_name() */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X(v) ((unsigned long long)(v))
#define NPOL 4

static const char *const policy_names[NPOL] = { "seed-v2", "v6.13", "v6.15", "v7.0" };
static const char *const parent_names[] = { "default", "kunit-s2" };

/* linux.md §3 worked example and the KUnit S2 fixture (§6.2) */
#define S1_W0        0x000000008000100bULL
#define S1_W1        0x00000000000000d6ULL
#define S1_W1_EATS1  0x00000000100000d6ULL
#define BYPASS_W0    0x0000000000000009ULL
#define ABORT_W0     0x0000000000000001ULL
#define EATS_1       0x0000000010000000ULL
#define MEV          0x0000000000080000ULL
#define K0 0x000000000000000dULL
#define K1 0x0000100000000000ULL
#define K2 0x0449b6c400000000ULL
#define K3 0x000dbeefdeadbee0ULL
/* kernel nesting masks, linux.md §1.1 */
#define ALLOWED_W0 0xf80fffffffffffffULL
#define ALLOWED_W1 0x00000000380000ffULL

static const struct host_policy *policy(const char *name)
{
	const struct host_policy *p = host_policy_find(name);

	ck_assert_msg(p != NULL, "policy %s not found", name);
	return p;
}

static void parent_by_name(const char *name, u64 parent[STE_DWORDS])
{
	ck_assert_msg(host_parent_by_name(name, parent), "parent %s not found", name);
}

static u64 xorshift64(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* ------------------------------------------------------------------------ */
/* The sweep's vSTEs, in a fixed order.                                      */

#define SWEEP_COMBOS   64      /* Config 0..7 x V 0..1 x EATS 0..3 */
#define SWEEP_BITS     128     /* each bit of either word, alone */
#define SWEEP_ON_S1    128     /* each bit added to the valid S1 vSTE */
#define SWEEP_ON_BYP   128     /* each bit added to the valid bypass vSTE */
#define SWEEP_RANDOM   3000
#define SWEEP_COUNT (SWEEP_COMBOS + SWEEP_BITS + SWEEP_ON_S1 + SWEEP_ON_BYP + SWEEP_RANDOM)

/* A pseudo-random vSTE, mostly inside the masks, mostly V=1 with a legal
 * Config and EATS, sometimes with one bit flipped anywhere. */
static void random_vste(u64 *seed, u64 vste[2])
{
	static const u64 cfgs[8] = { 0, 4, 5, 5, 5, 4, 0, 8 /* = random */ };
	u64 r = xorshift64(seed), ctl = xorshift64(seed);
	u64 cfg = cfgs[ctl & 7], eats = (ctl >> 3) & 3;

	if (cfg == 8)
		cfg = (ctl >> 5) & 7;
	if (((ctl >> 8) & 3) != 0)          /* 3 in 4: ABT or TRANS */
		eats &= 1;
	vste[0] = (r & ALLOWED_W0 & ~(STE_DW0_V | STE_DW0_CONFIG)) |
		  sn_field_prep(STE_DW0_CONFIG, cfg) |
		  (((ctl >> 10) & 7) != 0 ? STE_DW0_V : 0);   /* 7 in 8: V=1 */
	vste[1] = (xorshift64(seed) & ALLOWED_W1 & ~STE_DW1_EATS) |
		  sn_field_prep(STE_DW1_EATS, eats);
	if (((ctl >> 13) & 7) == 0) {       /* 1 in 8: one bit anywhere */
		unsigned b = (unsigned)((ctl >> 16) & 127);

		vste[b / 64] ^= SN_BIT(b % 64);
	}
}

static void sweep_vste(unsigned i, u64 *seed, u64 vste[2])
{
	if (i < SWEEP_COMBOS) {
		vste[0] = 0x0000000080001000ULL | (i & 1) | ((u64)((i >> 1) & 7) << 1);
		vste[1] = S1_W1 | ((u64)(i >> 4) << 28);
		return;
	}
	i -= SWEEP_COMBOS;
	if (i < SWEEP_BITS) {
		vste[0] = vste[1] = 0;
		vste[i / 64] = SN_BIT(i % 64);
		return;
	}
	i -= SWEEP_BITS;
	if (i < SWEEP_ON_S1) {
		vste[0] = S1_W0;
		vste[1] = S1_W1;           /* EATS=0, so seed-v2 accepts it too */
		vste[i / 64] ^= SN_BIT(i % 64);
		return;
	}
	i -= SWEEP_ON_S1;
	if (i < SWEEP_ON_BYP) {
		vste[0] = BYPASS_W0;
		vste[1] = 0;
		vste[i / 64] ^= SN_BIT(i % 64);
		return;
	}
	random_vste(seed, vste);
}

struct sweep_stats {
	unsigned accepted, refused;
	unsigned by_inv[INV_COUNT];
	/* first result that broke an invariant */
	enum sn_invariant first;
	u64 first_vste[2];
	const char *first_parent;
	bool first_ats;
	char first_detail[256];
};

/* Run @p over the whole sweep; count the invariant each accepted result gives. */
static void sweep(const struct host_policy *p, struct sweep_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (unsigned pi = 0; pi < ARRAY_SIZE(parent_names); pi++) {
		u64 parent[STE_DWORDS];

		parent_by_name(parent_names[pi], parent);
		for (unsigned ats = 0; ats < 2; ats++) {
			u64 seed = 0x2545f4914f6cdd1dULL;   /* same vSTEs every time */
			struct host_env env;

			host_env_default(&env);
			env.ats_supported = ats;
			for (unsigned i = 0; i < SWEEP_COUNT; i++) {
				struct vste_result r;
				u64 vste[2];
				char detail[256] = "";
				enum sn_invariant inv;

				sweep_vste(i, &seed, vste);
				host_policy_apply(p, vste, parent, &env, &r);
				if (r.err != SN_OK) {
					st->refused++;
					continue;
				}
				st->accepted++;
				inv = vste_check_invariants(p, vste, parent, &env, &r,
							    detail, sizeof(detail));
				st->by_inv[inv]++;
				if (inv != INV_NONE && st->first == INV_NONE) {
					st->first = inv;
					st->first_vste[0] = vste[0];
					st->first_vste[1] = vste[1];
					st->first_parent = parent_names[pi];
					st->first_ats = ats;
					snprintf(st->first_detail, sizeof(st->first_detail), "%s", detail);
				}
			}
		}
	}
}

START_TEST(test_sweep_real_policy)
{
	const struct host_policy *p = policy(policy_names[_i]);
	struct sweep_stats st;

	sweep(p, &st);
	ck_assert_msg(st.first == INV_NONE,
		      "sweep, policy %s: vSTE {0x%016llx, 0x%016llx} over %s, ats-supported %d: "
		      "invariant expected none, got %s (%s); %u of %u accepted results broke one",
		      p->name, X(st.first_vste[0]), X(st.first_vste[1]), st.first_parent,
		      st.first_ats, sn_invariant_name(st.first), st.first_detail,
		      st.accepted - st.by_inv[INV_NONE], st.accepted);
	/* the sweep is not vacuous: plenty of both outcomes */
	ck_assert_msg(st.accepted >= 4000, "sweep, policy %s: accepted expected >= 4000, got %u",
		      p->name, st.accepted);
	ck_assert_msg(st.refused >= 1000, "sweep, policy %s: refused expected >= 1000, got %u",
		      p->name, st.refused);
}
END_TEST

/* The sweep reaches every kind of physical STE in every policy. */
START_TEST(test_sweep_reaches_every_config)
{
	const struct host_policy *p = policy(policy_names[_i]);
	unsigned seen[8] = { 0 }, ats_on = 0;

	for (unsigned pi = 0; pi < ARRAY_SIZE(parent_names); pi++) {
		u64 parent[STE_DWORDS], seed = 0x2545f4914f6cdd1dULL;
		struct host_env env;

		parent_by_name(parent_names[pi], parent);
		host_env_default(&env);
		env.ats_supported = true;
		for (unsigned i = 0; i < SWEEP_COUNT; i++) {
			struct vste_result r;
			u64 vste[2];

			sweep_vste(i, &seed, vste);
			host_policy_apply(p, vste, parent, &env, &r);
			if (r.err != SN_OK)
				continue;
			seen[sn_field_get(STE_DW0_CONFIG, r.ste[0])]++;
			ats_on += r.ats;
		}
	}
	ck_assert_msg(seen[STE_CFG_ABORT] && seen[STE_CFG_S2_TRANS] && seen[STE_CFG_NESTED],
		      "sweep, policy %s: physical Config 0/6/7 seen %u/%u/%u times, expected each > 0",
		      p->name, seen[0], seen[6], seen[7]);
	/* seed-v2 never enables ATS; the merged policies do */
	if (strcmp(p->name, "seed-v2") == 0)
		ck_assert_msg(ats_on == 0, "sweep, policy seed-v2: ATS on expected 0 times, got %u", ats_on);
	else
		ck_assert_msg(ats_on > 0, "sweep, policy %s: ATS on expected > 0 times, got 0", p->name);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Mutants: a real policy row with one rule broken.                          */

struct mutant_case {
	const char *name;
	const char *base;
	int cfg_bypass;         /* -1 keep */
	int cfg_s1;             /* -1 keep */
	u64 widen0, widen1;     /* ORed into allowed0/allowed1 */
	unsigned bugs;
	u64 vste[2];            /* a vSTE the mutant gets wrong */
	const char *parent;
	bool ats_supported;
	enum sn_invariant want;
	const char *want_name;
};

static const struct mutant_case mutant_cases[] = {
	{ "bypass installed as physical bypass (Config 4)", "v7.0", 4, -1, 0, 0, 0,
	  { BYPASS_W0, 0 }, "kunit-s2", true, INV_CONFIG, "config" },
	{ "bypass installed as physical bypass (seed)", "seed-v2", 4, -1, 0, 0, 0,
	  { BYPASS_W0, 0 }, "default", false, INV_CONFIG, "config" },
	{ "bypass installed as nested (Config 7)", "v6.13", 7, -1, 0, 0, 0,
	  { BYPASS_W0, 0 }, "default", false, INV_CONFIG, "config" },
	{ "S1 installed as stage-1 only (Config 5)", "v7.0", -1, 5, 0, 0, 0,
	  { S1_W0, S1_W1_EATS1 }, "kunit-s2", true, INV_CONFIG, "config" },
	{ "S1 installed as stage-1 only (Config 5, v6.15)", "v6.15", -1, 5, 0, 0, 0,
	  { S1_W0, S1_W1 }, "default", false, INV_CONFIG, "config" },
	{ "S1 installed as stage-2 only (Config 6)", "v6.13", -1, 6, 0, 0, 0,
	  { S1_W0, S1_W1 }, "default", false, INV_CONFIG, "config" },
	{ "allowed1 widened by STRW: STRW bit 30 accepted", "v7.0", -1, -1, 0, STE_DW1_STRW, 0,
	  { S1_W0, S1_W1 | SN_BIT(30) }, "kunit-s2", false, INV_GUEST_BITS, "guest-bits" },
	{ "allowed1 widened by STRW (v6.13)", "v6.13", -1, -1, 0, STE_DW1_STRW, 0,
	  { S1_W0, S1_W1 | SN_BIT(31) }, "default", true, INV_GUEST_BITS, "guest-bits" },
	{ "allowed0 widened to S1ContextPtr[55:52] (seed)", "seed-v2", -1, -1,
	  0x00f0000000000000ULL, 0, 0, { S1_W0 | SN_BIT(52), S1_W1 }, "default", false,
	  INV_GUEST_BITS, "guest-bits" },
	{ "guest word 1 ORed into DW2", "v7.0", -1, -1, 0, 0, BUG_DW1_INTO_DW2,
	  { S1_W0, S1_W1 }, "kunit-s2", false, INV_HOST_BITS, "host-bits" },
	{ "guest word 1 ORed into DW2 (seed)", "seed-v2", -1, -1, 0, 0, BUG_DW1_INTO_DW2,
	  { S1_W0, S1_W1 }, "default", false, INV_HOST_BITS, "host-bits" },
	{ "guest EATS not stripped, device without ATS", "v7.0", -1, -1, 0, 0,
	  BUG_EATS_NOT_STRIPPED, { S1_W0, S1_W1_EATS1 }, "kunit-s2", false, INV_ATS, "ats" },
	{ "guest EATS not stripped (v6.13)", "v6.13", -1, -1, 0, 0, BUG_EATS_NOT_STRIPPED,
	  { S1_W0, S1_W1_EATS1 }, "default", false, INV_ATS, "ats" },
};

static void make_mutant(const struct mutant_case *c, struct host_policy *m)
{
	*m = *policy(c->base);
	if (c->cfg_bypass >= 0)
		m->phys_cfg_bypass = (u8)c->cfg_bypass;
	if (c->cfg_s1 >= 0)
		m->phys_cfg_s1 = (u8)c->cfg_s1;
	m->allowed0 |= c->widen0;
	m->allowed1 |= c->widen1;
	m->bugs |= c->bugs;
}

START_TEST(test_mutant_fires)
{
	const struct mutant_case *c = &mutant_cases[_i];
	struct host_policy m;
	struct host_env env;
	struct vste_result r;
	u64 parent[STE_DWORDS];
	char detail[256] = "";
	enum sn_invariant inv;

	make_mutant(c, &m);
	host_env_default(&env);
	env.ats_supported = c->ats_supported;
	parent_by_name(c->parent, parent);

	/* control: the real policy on the same input is clean */
	host_policy_apply(policy(c->base), c->vste, parent, &env, &r);
	if (r.err == SN_OK) {
		inv = vste_check_invariants(policy(c->base), c->vste, parent, &env, &r,
					    detail, sizeof(detail));
		ck_assert_msg(inv == INV_NONE, "mutant %s, control (real %s): expected none, got %s (%s)",
			      c->name, c->base, sn_invariant_name(inv), detail);
	}

	host_policy_apply(&m, c->vste, parent, &env, &r);
	ck_assert_msg(r.err == SN_OK, "mutant %s: vSTE expected accepted, got %s (%s)", c->name,
		      sn_errno_name(r.err), r.reason);
	inv = vste_check_invariants(&m, c->vste, parent, &env, &r, detail, sizeof(detail));
	ck_assert_msg(inv == c->want, "mutant %s: invariant expected %s, got %s (%s)", c->name,
		      sn_invariant_name(c->want), sn_invariant_name(inv), detail);
	ck_assert_msg(strcmp(sn_invariant_name(inv), c->want_name) == 0,
		      "mutant %s: invariant name expected \"%s\", got \"%s\"", c->name,
		      c->want_name, sn_invariant_name(inv));
	ck_assert_msg(detail[0] != '\0', "mutant %s: %s fired without a detail", c->name,
		      c->want_name);
}
END_TEST

/* The sweep alone would have caught each mutant, with the same invariant. */
START_TEST(test_mutant_caught_by_sweep)
{
	const struct mutant_case *c = &mutant_cases[_i];
	struct host_policy m;
	struct sweep_stats st;

	make_mutant(c, &m);
	sweep(&m, &st);
	ck_assert_msg(st.by_inv[c->want] > 0,
		      "mutant %s: sweep expected results breaking %s, got none (%u accepted)",
		      c->name, sn_invariant_name(c->want), st.accepted);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Results built by hand.  Parent: the KUnit S2 fixture {K0, K1, K2, K3}.    */

struct hand_case {
	const char *name;
	const char *policy;
	u64 vste[2];
	bool ats_supported;
	bool ats;
	u64 ste[STE_DWORDS];
	enum sn_invariant want;
};

/* linux.md §3: the nested STE of the worked example (v6.15+, with MEV) */
#define NS0 0x000000008000100fULL
#define NS1 0x00001000100800d6ULL
#define NESTED_STE { NS0, NS1, K2, K3, 0, 0, 0, 0 }
#define WORKED { S1_W0, S1_W1_EATS1 }
#define BYPASS_ATS_STE { K0, K1 | EATS_1, K2, K3, 0, 0, 0, 0 }
#define ABORT_STE { 1, 0, 0, 0, 0, 0, 0, 0 }

static const struct hand_case hand_cases[] = {
	/* nested */
	{ "worked example as built by v7.0", "v7.0", WORKED, true, true, NESTED_STE, INV_NONE },
	{ "worked example as built by v6.13 (no MEV)", "v6.13", WORKED, true, true,
	  { NS0, NS1 & ~MEV, K2, K3, 0, 0, 0, 0 }, INV_NONE },
	{ "nested: S2VMID changed", "v7.0", WORKED, true, true,
	  { NS0, NS1, K2 ^ 1, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "nested: S2T0SZ changed", "v7.0", WORKED, true, true,
	  { NS0, NS1, K2 ^ SN_BIT(32), K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "nested: S2TTB changed", "v7.0", WORKED, true, true,
	  { NS0, NS1, K2, K3 ^ SN_BIT(12), 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "nested: a DW5 bit set", "v7.0", WORKED, true, true,
	  { NS0, NS1, K2, K3, 0, 1, 0, 0 }, INV_HOST_BITS },
	{ "nested: S2POI15 set in DW7", "v7.0", WORKED, true, true,
	  { NS0, NS1, K2, K3, 0, 0, 0, 0xf000000000000000ULL }, INV_HOST_BITS },
	{ "nested: STRW=EL2", "v7.0", WORKED, true, true,
	  { NS0, NS1 | (2ULL << 30), K2, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "nested: S2FWB set without the parent's", "v7.0", WORKED, true, true,
	  { NS0, NS1 | SN_BIT(25), K2, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "nested: SHCFG lost", "v7.0", WORKED, true, true,
	  { NS0, NS1 & ~STE_DW1_SHCFG, K2, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "nested: DW0 RES0 bit 56 set", "v7.0", WORKED, true, true,
	  { NS0 | SN_BIT(56), NS1, K2, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "nested: MEV set by v6.13", "v6.13", WORKED, true, true, NESTED_STE, INV_HOST_BITS },
	{ "nested: S1ContextPtr changed", "v7.0", WORKED, true, true,
	  { NS0 ^ SN_BIT(12), NS1, K2, K3, 0, 0, 0, 0 }, INV_GUEST_BITS },
	{ "nested: S1CDMax set", "v7.0", WORKED, true, true,
	  { NS0 | SN_BIT(59), NS1, K2, K3, 0, 0, 0, 0 }, INV_GUEST_BITS },
	{ "nested: S1DSS changed", "v7.0", WORKED, true, true,
	  { NS0, NS1 ^ 0x3, K2, K3, 0, 0, 0, 0 }, INV_GUEST_BITS },
	{ "nested: S1STALLD added", "v7.0", WORKED, true, true,
	  { NS0, NS1 | SN_BIT(27), K2, K3, 0, 0, 0, 0 }, INV_GUEST_BITS },
	{ "nested: V=0", "v7.0", WORKED, true, true,
	  { NS0 & ~1ULL, NS1, K2, K3, 0, 0, 0, 0 }, INV_CONFIG },
	{ "nested: Config 5 (stage 1 only)", "v7.0", WORKED, true, true,
	  { 0x000000008000100bULL, NS1, K2, K3, 0, 0, 0, 0 }, INV_CONFIG },
	{ "nested: Config 6 for an S1 vSTE", "v7.0", WORKED, true, true,
	  { 0x000000008000100dULL, NS1, K2, K3, 0, 0, 0, 0 }, INV_CONFIG },
	{ "nested: Config 4 (bypass)", "v7.0", WORKED, true, true,
	  { 0x0000000080001009ULL, NS1, K2, K3, 0, 0, 0, 0 }, INV_CONFIG },
	{ "nested: EATS=1 with ATS off", "v7.0", WORKED, true, false, NESTED_STE, INV_ATS },
	{ "nested: EATS=0 with ATS on", "v7.0", WORKED, true, true,
	  { NS0, NS1 & ~STE_DW1_EATS, K2, K3, 0, 0, 0, 0 }, INV_ATS },
	{ "nested: EATS=2 (split stage)", "v7.0", WORKED, true, true,
	  { NS0, (NS1 & ~STE_DW1_EATS) | (2ULL << 28), K2, K3, 0, 0, 0, 0 }, INV_ATS },
	{ "nested: ATS on a device without ATS", "v7.0", WORKED, false, true, NESTED_STE, INV_ATS },
	{ "nested: ATS for a guest that asked EATS=ABT", "v7.0", { S1_W0, S1_W1 }, true, true,
	  NESTED_STE, INV_ATS },
	/* first broken invariant, in enum order */
	{ "nested: Config 5 and S2VMID changed -> config first", "v7.0", WORKED, true, true,
	  { 0x000000008000100bULL, NS1, K2 ^ 1, K3, 0, 0, 0, 0 }, INV_CONFIG },
	{ "nested: S2VMID changed and ATS off -> host-bits first", "v7.0", WORKED, true, false,
	  { NS0, NS1, K2 ^ 1, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "nested: S1DSS and S2VMID changed -> guest-bits first", "v7.0", WORKED, true, true,
	  { NS0, NS1 ^ 0x3, K2 ^ 1, K3, 0, 0, 0, 0 }, INV_GUEST_BITS },

	/* bypass: the parent, Config 6, EATS as decided */
	{ "bypass as built by v7.0 with ATS", "v7.0", { BYPASS_W0, 0 }, true, true,
	  BYPASS_ATS_STE, INV_NONE },
	{ "bypass: MEV set on a Config-6 STE", "v7.0", { BYPASS_W0, 0 }, true, true,
	  { K0, K1 | EATS_1 | MEV, K2, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "bypass: MEV set on a Config-6 STE (v6.15)", "v6.15", { BYPASS_W0, 0 }, false, false,
	  { K0, K1 | MEV, K2, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "bypass: guest word 1 merged", "v7.0", { BYPASS_W0, S1_W1 }, true, true,
	  { K0, K1 | EATS_1 | S1_W1, K2, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "bypass: guest S1ContextPtr merged", "v7.0", { 0x0000000080001009ULL, 0 }, true, true,
	  { 0x000000008000100dULL, K1 | EATS_1, K2, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "bypass: S2VMID changed", "v7.0", { BYPASS_W0, 0 }, true, true,
	  { K0, K1 | EATS_1, K2 | 0x7, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "bypass: installed as Config 4", "v7.0", { BYPASS_W0, 0 }, true, true,
	  { 0x0000000000000009ULL, K1 | EATS_1, K2, K3, 0, 0, 0, 0 }, INV_CONFIG },
	{ "bypass: installed as abort", "v7.0", { BYPASS_W0, 0 }, true, false, ABORT_STE,
	  INV_CONFIG },
	{ "bypass: ATS on a device without ATS", "v7.0", { BYPASS_W0, 0 }, false, true,
	  BYPASS_ATS_STE, INV_ATS },
	{ "bypass: EATS=1 with ATS off", "v6.13", { BYPASS_W0, EATS_1 }, true, false,
	  BYPASS_ATS_STE, INV_ATS },

	/* abort: exactly {V, 0, ...} */
	{ "abort as built", "v6.13", { ABORT_W0, 0 }, true, false, ABORT_STE, INV_NONE },
	{ "abort: S1 fields in DW0", "v7.0", { ABORT_W0, 0 }, false, false,
	  { 0x0000000080001001ULL, 0, 0, 0, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "abort: guest word 1 in DW1", "v7.0", { ABORT_W0, S1_W1 }, false, false,
	  { 1, S1_W1, 0, 0, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "abort: the parent's S2 fields", "v7.0", { ABORT_W0, 0 }, false, false,
	  { 1, 0, K2, K3, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "abort: EATS=1", "v7.0", { ABORT_W0, 0 }, true, true,
	  { 1, EATS_1, 0, 0, 0, 0, 0, 0 }, INV_HOST_BITS },
	{ "abort: ATS on a device without ATS", "v7.0", { ABORT_W0, 0 }, false, true,
	  ABORT_STE, INV_ATS },
	{ "abort: ATS on a device with ATS (v7.0, linux.md §7)", "v7.0", { ABORT_W0, 0 }, true,
	  true, ABORT_STE, INV_NONE },
	{ "abort vSTE installed as the parent", "v7.0", { ABORT_W0, 0 }, false, false,
	  { K0, K1, K2, K3, 0, 0, 0, 0 }, INV_CONFIG },

	/* V=0 vSTEs must become abort */
	{ "V=0 as abort", "v7.0", { 0, 0 }, false, false, ABORT_STE, INV_NONE },
	{ "V=0 with garbage as abort (merged sanitise)", "v6.13",
	  { 0xfffffffffffffffeULL, ~0ULL }, false, false, ABORT_STE, INV_NONE },
	{ "V=0 with ATS on a device without ATS", "v7.0", { 0, 0 }, false, true, ABORT_STE,
	  INV_ATS },
	{ "V=0 installed as nested", "v7.0", { 0x000000008000100aULL, S1_W1 }, false, false,
	  { NS0, NS1 & ~EATS_1, K2, K3, 0, 0, 0, 0 }, INV_CONFIG },

	/* accepted vSTEs with bits outside the kernel's masks */
	{ "accepted vSTE with S1ContextPtr bit 52", "v7.0", { S1_W0 | SN_BIT(52), S1_W1_EATS1 },
	  true, true, { NS0 | SN_BIT(52), NS1, K2, K3, 0, 0, 0, 0 }, INV_GUEST_BITS },
	{ "accepted vSTE with STRW", "v7.0", { S1_W0, S1_W1_EATS1 | SN_BIT(30) }, true, true,
	  NESTED_STE, INV_GUEST_BITS },
	{ "accepted bypass vSTE with MEV", "v7.0", { BYPASS_W0, MEV }, true, true,
	  BYPASS_ATS_STE, INV_GUEST_BITS },
};

START_TEST(test_hand_case)
{
	const struct hand_case *c = &hand_cases[_i];
	static const u64 parent[STE_DWORDS] = { K0, K1, K2, K3, 0, 0, 0, 0 };
	struct vste_result r;
	struct host_env env;
	char detail[256] = "";
	enum sn_invariant inv, inv_nodetail;

	memset(&r, 0, sizeof(r));
	r.err = SN_OK;
	r.ats = c->ats;
	memcpy(r.ste, c->ste, sizeof(r.ste));
	host_env_default(&env);
	env.ats_supported = c->ats_supported;

	inv = vste_check_invariants(policy(c->policy), c->vste, parent, &env, &r,
				    detail, sizeof(detail));
	ck_assert_msg(inv == c->want, "hand case %s (%s): invariant expected %s, got %s (%s)",
		      c->name, c->policy, sn_invariant_name(c->want), sn_invariant_name(inv),
		      detail);
	if (inv != INV_NONE)
		ck_assert_msg(detail[0] != '\0', "hand case %s: %s fired without a detail",
			      c->name, sn_invariant_name(inv));
	/* no detail buffer: same answer */
	inv_nodetail = vste_check_invariants(policy(c->policy), c->vste, parent, &env, &r, NULL, 0);
	ck_assert_msg(inv_nodetail == inv, "hand case %s: without detail expected %s, got %s",
		      c->name, sn_invariant_name(inv), sn_invariant_name(inv_nodetail));
}
END_TEST

/* ------------------------------------------------------------------------ */

START_TEST(test_invariant_names)
{
	for (int i = 0; i < INV_COUNT; i++) {
		const char *a = sn_invariant_name((enum sn_invariant)i);

		ck_assert_msg(a && a[0] && strcmp(a, "?") != 0,
			      "sn_invariant_name(%d): expected a name, got \"%s\"", i, a ? a : "NULL");
		for (int j = i + 1; j < INV_COUNT; j++) {
			const char *b = sn_invariant_name((enum sn_invariant)j);

			ck_assert_msg(strcmp(a, b) != 0,
				      "sn_invariant_name(%d) and (%d): expected distinct, both \"%s\"",
				      i, j, a);
		}
	}
	ck_assert_msg(strcmp(sn_invariant_name(INV_COUNT), "?") == 0,
		      "sn_invariant_name(INV_COUNT): expected \"?\", got \"%s\"",
		      sn_invariant_name(INV_COUNT));
	ck_assert_msg(strcmp(sn_invariant_name(INV_NONE), "none") == 0,
		      "sn_invariant_name(INV_NONE): expected \"none\", got \"%s\"",
		      sn_invariant_name(INV_NONE));
}
END_TEST

/* The guest-owned masks are the kernel's nesting masks less V, Config, EATS. */
START_TEST(test_guest_owned_masks)
{
	ck_assert_msg(GUEST_OWNED_DW0 == (ALLOWED_W0 & ~0xfULL),
		      "GUEST_OWNED_DW0: expected 0x%016llx, got 0x%016llx",
		      X(ALLOWED_W0 & ~0xfULL), X(GUEST_OWNED_DW0));
	ck_assert_msg(GUEST_OWNED_DW1 == (ALLOWED_W1 & ~0x30000000ULL),
		      "GUEST_OWNED_DW1: expected 0x%016llx, got 0x%016llx",
		      X(ALLOWED_W1 & ~0x30000000ULL), X(GUEST_OWNED_DW1));
}
END_TEST

/*
 * IHI0070 §5.2: EATS=0b01 with stage 2 and S2S=1 is ILLEGAL.  A stall parent
 * (S2S, DW2 bit 57) with an ATS-capable device is not a real host, so
 * host_setup_ok() refuses it; if a policy were run on it anyway, the
 * invariant must flag the STE it builds.
 */
START_TEST(test_stall_parent_with_ats)
{
	const u64 vste[2] = { 0x000000008000100bULL, 0x00000000100000d6ULL };
	u64 parent[STE_DWORDS];
	struct host_env env;
	struct vste_result r;
	const char *why = NULL;
	char detail[256];

	ck_assert(host_parent_by_name("kunit-s2", parent));
	parent[2] |= SN_BIT(57);
	host_env_default(&env);
	ck_assert(host_setup_ok(parent, &env, &why));
	env.ats_supported = true;
	ck_assert(!host_setup_ok(parent, &env, &why));
	ck_assert_ptr_nonnull(strstr(why, "stall"));
	host_policy_apply(host_policy_find("v7.0"), vste, parent, &env, &r);
	ck_assert_int_eq(r.err, SN_OK);
	ck_assert(r.ats);
	ck_assert_int_eq(vste_check_invariants(host_policy_find("v7.0"), vste, parent, &env,
					       &r, detail, sizeof(detail)), INV_ATS);
	ck_assert_ptr_nonnull(strstr(detail, "S2S=1"));
}
END_TEST

static Suite *invariants_suite(void)
{
	Suite *s = suite_create("invariants");
	TCase *tc;

	tc = tcase_create("sweep");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_sweep_real_policy, 0, NPOL);
	tcase_add_loop_test(tc, test_sweep_reaches_every_config, 0, NPOL);
	suite_add_tcase(s, tc);

	tc = tcase_create("mutants");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_mutant_fires, 0, ARRAY_SIZE(mutant_cases));
	tcase_add_loop_test(tc, test_mutant_caught_by_sweep, 0, ARRAY_SIZE(mutant_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("hand");
	tcase_add_loop_test(tc, test_hand_case, 0, ARRAY_SIZE(hand_cases));
	tcase_add_test(tc, test_invariant_names);
	tcase_add_test(tc, test_guest_owned_masks);
	tcase_add_test(tc, test_stall_parent_with_ats);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(invariants_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
