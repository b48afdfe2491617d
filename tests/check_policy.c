// SPDX-License-Identifier: MIT
/*
 * Host vSTE policies, one table-driven case per rule.
 *
 * Every expectation below was worked out by hand from
 * shared/reference/linux.md (§2 validation, §3 composition, §6.2 fixtures,
 * §7 later fixes) and the seed patch (arm_smmu_domain_alloc_nesting() and
 * arm_smmu_attach_dev_nested() in shared/seeds/000_449b4dd7f9ff9dc6.txt),
 * never by running the model.  Tables with one column per policy are in
 * the order seed-v2, v6.13, v6.15, v7.0.
 */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <smmu-nest/policy.h>
#include <smmu-nest/vectors.h>   /* host_parent_by_name() */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X(v) ((unsigned long long)(v))
#define NPOL 4

static const char *const policy_names[NPOL] = { "seed-v2", "v6.13", "v6.15", "v7.0" };

/* ------------------------------------------------------------------------ */
/* vSTEs and STEs used throughout, each spelled out from the bit layout.    */

/* linux.md §3 worked example: V, Config=5, linear, S1ContextPtr 0x80001000;
 * S1DSS=SSID0 (2), S1CIR=S1COR=WBRA (1), S1CSH=ISH (3) => 0xd6; EATS=TRANS. */
#define S1_W0        0x000000008000100bULL
#define S1_W1        0x00000000000000d6ULL
#define S1_W1_EATS1  0x00000000100000d6ULL
#define BYPASS_W0    0x0000000000000009ULL     /* V, Config=4 */
#define ABORT_W0     0x0000000000000001ULL     /* V, Config=0 */
#define EATS_1       0x0000000010000000ULL     /* EATS=TRANS, bits 29:28 */
#define MEV          0x0000000000080000ULL     /* bit 19 */

/* KUnit S2 fixture (linux.md §6.2), EATS=0: the "kunit-s2" parent. */
#define K0 0x000000000000000dULL               /* V, Config=6 */
#define K1 0x0000100000000000ULL               /* SHCFG=INCOMING */
#define K2 0x0449b6c400000000ULL
#define K3 0x000dbeefdeadbee0ULL

/* The model's default parent, as documented in policy.h/host.c: VMID 1,
 * T0SZ=16, SL0=2, IR0=OR0=1, SH0=3, PS=5, S2AA64, S2PTW, S2R; S2TTB 0x40000000. */
#define D0 0x000000000000000dULL
#define D1 0x0000100000000000ULL
#define D2 0x044d359000000001ULL
#define D3 0x0000000040000000ULL

/* Nesting masks (linux.md §1.1): V|CFG|S1FMT|S1CTXPTR[51:6]|S1CDMAX and
 * S1DSS|S1CIR|S1COR|S1CSH|S1STALLD|EATS. */
#define ALLOWED_W0 0xf80fffffffffffffULL
#define ALLOWED_W1 0x00000000380000ffULL

/* ------------------------------------------------------------------------ */
/* Running one case.                                                         */

struct env_kv {
	const char *key;
	u64 value;
};

struct outcome {
	int err;
	enum sn_stage stage;
	enum env_check check;
};

#define ACCEPT { SN_OK, SN_STAGE_NONE, CHK_END }
#define REFUSE(e, s, c) { SN_##e, SN_STAGE_##s, CHK_##c }
#define EIO_VSTE REFUSE(EIO, ALLOC, VSTE)

static const char *check_name(enum env_check c)
{
	static const char *const names[CHK_COUNT] = {
		[CHK_END] = "none", [CHK_HWPT_PAGING] = "HWPT_PAGING",
		[CHK_NEST_PARENT] = "NEST_PARENT", [CHK_NESTING] = "NESTING",
		[CHK_SAME_SMMU] = "SAME_SMMU", [CHK_FORCE_SYNC] = "FORCE_SYNC",
		[CHK_CANWBS_OR_FWB] = "CANWBS_OR_FWB", [CHK_FLAGS] = "FLAGS",
		[CHK_FLAGS_OR_TRANS_S1] = "FLAGS_OR_TRANS_S1",
		[CHK_PARENT_PAGING] = "PARENT_PAGING",
		[CHK_PARENT_S2_SAME_SMMU] = "PARENT_S2_SAME_SMMU",
		[CHK_VSTE] = "VSTE",
		[CHK_SSIDS_OR_SMMU_EINVAL] = "SSIDS_OR_SMMU_EINVAL",
		[CHK_SSIDS_EBUSY] = "SSIDS_EBUSY", [CHK_VDEVICE] = "VDEVICE",
	};
	return (unsigned)c < CHK_COUNT && names[c] ? names[c] : "?";
}

static const struct host_policy *policy(const char *name)
{
	const struct host_policy *p = host_policy_find(name);

	ck_assert_msg(p != NULL, "policy %s not found", name);
	return p;
}

/* Apply @pol to @vste over the named parent on a default host changed by @kv. */
static void run(const char *case_name, const char *pol, const char *parent_name,
		const u64 vste[2], const struct env_kv *kv, unsigned nkv,
		struct vste_result *r)
{
	struct host_env env;
	u64 parent[STE_DWORDS];

	host_env_default(&env);
	for (unsigned i = 0; i < nkv && kv[i].key; i++)
		ck_assert_msg(host_env_set(&env, kv[i].key, kv[i].value),
			      "case %s: host_env_set(%s, %llu) refused", case_name,
			      kv[i].key, X(kv[i].value));
	ck_assert_msg(host_parent_by_name(parent_name ? parent_name : "default", parent),
		      "case %s: no parent named %s", case_name, parent_name);
	host_policy_apply(policy(pol), vste, parent, &env, r);
}

static void expect_outcome(const char *case_name, const char *pol,
			   const struct vste_result *r, const struct outcome *want)
{
	ck_assert_msg(r->err == want->err,
		      "case %s, policy %s: err expected %s, got %s (%s)", case_name, pol,
		      sn_errno_name(want->err), sn_errno_name(r->err), r->reason);
	if (want->err == SN_OK)
		return;
	ck_assert_msg(r->stage == want->stage,
		      "case %s, policy %s: stage expected %s, got %s", case_name, pol,
		      sn_stage_name(want->stage), sn_stage_name(r->stage));
	ck_assert_msg(r->check == want->check,
		      "case %s, policy %s: check expected %s, got %s", case_name, pol,
		      check_name(want->check), check_name(r->check));
	ck_assert_msg(r->reason[0] != '\0', "case %s, policy %s: refusal without a reason",
		      case_name, pol);
}

static void expect_ste(const char *case_name, const char *pol,
		       const struct vste_result *r, const u64 want[STE_DWORDS])
{
	for (unsigned i = 0; i < STE_DWORDS; i++)
		ck_assert_msg(r->ste[i] == want[i],
			      "case %s, policy %s: STE DW%u expected 0x%016llx, got 0x%016llx",
			      case_name, pol, i, X(want[i]), X(r->ste[i]));
}

static void expect_ats(const char *case_name, const char *pol,
		       const struct vste_result *r, bool want)
{
	ck_assert_msg(r->ats == want, "case %s, policy %s: ats expected %d, got %d",
		      case_name, pol, want, r->ats);
}

/* ------------------------------------------------------------------------ */
/* Environment checks: each precondition on its own, then pairs that show   */
/* the order each generation runs them in.  Columns: seed-v2 v6.13 v6.15 v7.0 */

struct env_case {
	const char *rule;
	u64 vste[2];
	struct env_kv env[3];
	struct outcome want[NPOL];
};

static const struct env_case env_cases[] = {
	{ "every precondition holds", { S1_W0, S1_W1 }, { { NULL, 0 } },
	  { ACCEPT, ACCEPT, ACCEPT, ACCEPT } },
	/* seed: driver's first check; merged: vIOMMU allocation */
	{ "FEAT_NESTING required", { S1_W0, S1_W1 }, { { "nesting", 0 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, NESTING), REFUSE(EOPNOTSUPP, VIOMMU, NESTING),
	    REFUSE(EOPNOTSUPP, VIOMMU, NESTING), REFUSE(EOPNOTSUPP, VIOMMU, NESTING) } },
	/* iommufd core insists on IOMMU_HWPT_ALLOC_NEST_PARENT: -EINVAL */
	{ "parent allocated with NEST_PARENT", { S1_W0, S1_W1 }, { { "parent-nest-parent", 0 } },
	  { REFUSE(EINVAL, ALLOC, NEST_PARENT), REFUSE(EINVAL, VIOMMU, NEST_PARENT),
	    REFUSE(EINVAL, VIOMMU, NEST_PARENT), REFUSE(EINVAL, VIOMMU, NEST_PARENT) } },
	/* seed: !(parent->type & __IOMMU_DOMAIN_PAGING) -> EINVAL;
	 * merged: iommufd_get_hwpt_paging() on a non-paging id -> ENOENT */
	{ "parent is a paging domain", { S1_W0, S1_W1 }, { { "parent-paging", 0 } },
	  { REFUSE(EINVAL, ALLOC, PARENT_PAGING), REFUSE(ENOENT, VIOMMU, HWPT_PAGING),
	    REFUSE(ENOENT, VIOMMU, HWPT_PAGING), REFUSE(ENOENT, VIOMMU, HWPT_PAGING) } },
	/* seed: stage != S2 -> EINVAL; merged has no separate test (a
	 * NEST_PARENT domain is always S2, linux.md §3) */
	{ "parent is stage 2 (seed only)", { S1_W0, S1_W1 }, { { "parent-s2", 0 } },
	  { REFUSE(EINVAL, ALLOC, PARENT_S2_SAME_SMMU), ACCEPT, ACCEPT, ACCEPT } },
	{ "parent on the device's SMMU", { S1_W0, S1_W1 }, { { "parent-same-smmu", 0 } },
	  { REFUSE(EINVAL, ALLOC, PARENT_S2_SAME_SMMU), REFUSE(EINVAL, VIOMMU, SAME_SMMU),
	    REFUSE(EINVAL, VIOMMU, SAME_SMMU), REFUSE(EINVAL, VIOMMU, SAME_SMMU) } },
	/* merged only: WARN_ON(OPT_CMDQ_FORCE_SYNC) -> EOPNOTSUPP */
	{ "no CMDQ_FORCE_SYNC (merged only)", { S1_W0, S1_W1 }, { { "cmdq-force-sync", 1 } },
	  { ACCEPT, REFUSE(EOPNOTSUPP, VIOMMU, FORCE_SYNC),
	    REFUSE(EOPNOTSUPP, VIOMMU, FORCE_SYNC), REFUSE(EOPNOTSUPP, VIOMMU, FORCE_SYNC) } },
	{ "CANWBS or S2FWB: neither", { S1_W0, S1_W1 }, { { "canwbs", 0 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, CANWBS_OR_FWB), REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB),
	    REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB), REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB) } },
	{ "CANWBS or S2FWB: S2FWB alone", { S1_W0, S1_W1 }, { { "canwbs", 0 }, { "s2fwb", 1 } },
	  { ACCEPT, ACCEPT, ACCEPT, ACCEPT } },
	/* seed: flags || !TRANS_S1 -> EOPNOTSUPP; merged: flags != 0 -> EOPNOTSUPP */
	/* seed: the iommufd core of the seed's era refuses flags first */
	{ "allocation flags must be 0", { S1_W0, S1_W1 }, { { "alloc-flags", 1 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, FLAGS), REFUSE(EOPNOTSUPP, ALLOC, FLAGS),
	    REFUSE(EOPNOTSUPP, ALLOC, FLAGS), REFUSE(EOPNOTSUPP, ALLOC, FLAGS) } },
	{ "allocation flags: top bit", { S1_W0, S1_W1 }, { { "alloc-flags", 0x80000000 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, FLAGS), REFUSE(EOPNOTSUPP, ALLOC, FLAGS),
	    REFUSE(EOPNOTSUPP, ALLOC, FLAGS), REFUSE(EOPNOTSUPP, ALLOC, FLAGS) } },
	{ "FEAT_TRANS_S1 required (seed only)", { S1_W0, S1_W1 }, { { "trans-s1", 0 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, FLAGS_OR_TRANS_S1), ACCEPT, ACCEPT, ACCEPT } },
	/* seed: ssids_in_use -> EINVAL at attach; merged (P-v3 on): EBUSY */
	{ "no PASIDs in use at attach", { S1_W0, S1_W1 }, { { "ssids-in-use", 1 } },
	  { REFUSE(EINVAL, ATTACH, SSIDS_OR_SMMU_EINVAL), REFUSE(EBUSY, ATTACH, SSIDS_EBUSY),
	    REFUSE(EBUSY, ATTACH, SSIDS_EBUSY), REFUSE(EBUSY, ATTACH, SSIDS_EBUSY) } },
	{ "no PASIDs in use, abort vSTE", { ABORT_W0, 0 }, { { "ssids-in-use", 1 } },
	  { REFUSE(EINVAL, ATTACH, SSIDS_OR_SMMU_EINVAL), REFUSE(EBUSY, ATTACH, SSIDS_EBUSY),
	    REFUSE(EBUSY, ATTACH, SSIDS_EBUSY), REFUSE(EBUSY, ATTACH, SSIDS_EBUSY) } },

	/* Order. */
	/* seed: core nest_parent test before the driver; v6.13/v6.15: core
	 * looks up the parent before arm_vsmmu_alloc(); v7.0: get_viommu_size()
	 * runs before the core looks at the parent */
	{ "order: no NESTING and not NEST_PARENT", { S1_W0, S1_W1 },
	  { { "nesting", 0 }, { "parent-nest-parent", 0 } },
	  { REFUSE(EINVAL, ALLOC, NEST_PARENT), REFUSE(EINVAL, VIOMMU, NEST_PARENT),
	    REFUSE(EINVAL, VIOMMU, NEST_PARENT), REFUSE(EOPNOTSUPP, VIOMMU, NESTING) } },
	/* seed: iommufd_hwpt_alloc() refuses a non-paging parent before the driver */
	{ "order: no NESTING and parent not paging", { S1_W0, S1_W1 },
	  { { "nesting", 0 }, { "parent-paging", 0 } },
	  { REFUSE(EINVAL, ALLOC, PARENT_PAGING), REFUSE(ENOENT, VIOMMU, HWPT_PAGING),
	    REFUSE(ENOENT, VIOMMU, HWPT_PAGING), REFUSE(EOPNOTSUPP, VIOMMU, NESTING) } },
	{ "order: FORCE_SYNC and not NEST_PARENT", { S1_W0, S1_W1 },
	  { { "cmdq-force-sync", 1 }, { "parent-nest-parent", 0 } },
	  { REFUSE(EINVAL, ALLOC, NEST_PARENT), REFUSE(EINVAL, VIOMMU, NEST_PARENT),
	    REFUSE(EINVAL, VIOMMU, NEST_PARENT), REFUSE(EOPNOTSUPP, VIOMMU, FORCE_SYNC) } },
	/* arm_vsmmu_alloc(): same SMMU before CANWBS; v7.0: CANWBS in
	 * get_viommu_size(), same SMMU in arm_vsmmu_init() */
	{ "order: no CANWBS/FWB and parent on another SMMU", { S1_W0, S1_W1 },
	  { { "canwbs", 0 }, { "parent-same-smmu", 0 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, CANWBS_OR_FWB), REFUSE(EINVAL, VIOMMU, SAME_SMMU),
	    REFUSE(EINVAL, VIOMMU, SAME_SMMU), REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB) } },
	{ "order: no NESTING and no CANWBS/FWB", { S1_W0, S1_W1 },
	  { { "nesting", 0 }, { "canwbs", 0 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, NESTING), REFUSE(EOPNOTSUPP, VIOMMU, NESTING),
	    REFUSE(EOPNOTSUPP, VIOMMU, NESTING), REFUSE(EOPNOTSUPP, VIOMMU, NESTING) } },
	{ "order: no CANWBS/FWB and flags", { S1_W0, S1_W1 },
	  { { "canwbs", 0 }, { "alloc-flags", 1 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, FLAGS), REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB),
	    REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB), REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB) } },
	/* seed: the core checks the parent's type before the flags */
	{ "order: flags and parent not paging", { S1_W0, S1_W1 },
	  { { "alloc-flags", 1 }, { "parent-paging", 0 } },
	  { REFUSE(EINVAL, ALLOC, PARENT_PAGING), REFUSE(ENOENT, VIOMMU, HWPT_PAGING),
	    REFUSE(ENOENT, VIOMMU, HWPT_PAGING), REFUSE(ENOENT, VIOMMU, HWPT_PAGING) } },
	{ "order: parent not paging and not stage 2 (seed)", { S1_W0, S1_W1 },
	  { { "parent-paging", 0 }, { "parent-s2", 0 } },
	  { REFUSE(EINVAL, ALLOC, PARENT_PAGING), REFUSE(ENOENT, VIOMMU, HWPT_PAGING),
	    REFUSE(ENOENT, VIOMMU, HWPT_PAGING), REFUSE(ENOENT, VIOMMU, HWPT_PAGING) } },
	/* the seed tests the SMMU at allocation already, before attach */
	{ "order: other SMMU and PASIDs in use", { S1_W0, S1_W1 },
	  { { "parent-same-smmu", 0 }, { "ssids-in-use", 1 } },
	  { REFUSE(EINVAL, ALLOC, PARENT_S2_SAME_SMMU), REFUSE(EINVAL, VIOMMU, SAME_SMMU),
	    REFUSE(EINVAL, VIOMMU, SAME_SMMU), REFUSE(EINVAL, VIOMMU, SAME_SMMU) } },
	/* flags before the vSTE data */
	{ "order: flags and a bad vSTE", { 0x000000000000000dULL, 0 }, { { "alloc-flags", 1 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, FLAGS), REFUSE(EOPNOTSUPP, ALLOC, FLAGS),
	    REFUSE(EOPNOTSUPP, ALLOC, FLAGS), REFUSE(EOPNOTSUPP, ALLOC, FLAGS) } },
	{ "order: no CANWBS/FWB and a bad vSTE", { 0x000000000000000dULL, 0 }, { { "canwbs", 0 } },
	  { REFUSE(EOPNOTSUPP, ALLOC, CANWBS_OR_FWB), REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB),
	    REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB), REFUSE(EOPNOTSUPP, VIOMMU, CANWBS_OR_FWB) } },
	/* seed: parent type checks precede the vSTE checks */
	{ "order: parent not paging and a bad vSTE", { 0x000000000000000dULL, 0 },
	  { { "parent-paging", 0 } },
	  { REFUSE(EINVAL, ALLOC, PARENT_PAGING), REFUSE(ENOENT, VIOMMU, HWPT_PAGING),
	    REFUSE(ENOENT, VIOMMU, HWPT_PAGING), REFUSE(ENOENT, VIOMMU, HWPT_PAGING) } },
	/* allocation before attach */
	{ "order: bad vSTE and PASIDs in use", { 0x000000000000000dULL, 0 },
	  { { "ssids-in-use", 1 } },
	  { EIO_VSTE, EIO_VSTE, EIO_VSTE, EIO_VSTE } },
	/* arm_smmu_attach_dev_nested(): PASIDs before attach_prepare (vmaster) */
	{ "order: PASIDs in use and no vDEVICE", { S1_W0, S1_W1 },
	  { { "ssids-in-use", 1 }, { "vdevice", 0 } },
	  { REFUSE(EINVAL, ATTACH, SSIDS_OR_SMMU_EINVAL), REFUSE(EBUSY, ATTACH, SSIDS_EBUSY),
	    REFUSE(EBUSY, ATTACH, SSIDS_EBUSY), REFUSE(EBUSY, ATTACH, SSIDS_EBUSY) } },
	{ "order: bad vSTE and no vDEVICE", { 0x000000000000000dULL, 0 }, { { "vdevice", 0 } },
	  { EIO_VSTE, EIO_VSTE, EIO_VSTE, EIO_VSTE } },
};

START_TEST(test_env_case)
{
	const struct env_case *c = &env_cases[_i / NPOL];
	unsigned p = (unsigned)_i % NPOL;
	struct vste_result r;

	run(c->rule, policy_names[p], "kunit-s2", c->vste, c->env, ARRAY_SIZE(c->env), &r);
	expect_outcome(c->rule, policy_names[p], &r, &c->want[p]);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* vSTE data checks.                                                         */

/*
 * Bits outside the nesting masks, one row per field: -EIO at allocation in
 * every policy (seed step 6, merged arm_smmu_validate_vste()).  Each is
 * added to the valid S1 vSTE.
 */
struct mask_case {
	const char *rule;
	unsigned word, bit;
};

static const struct mask_case mask_cases[] = {
	{ "DW0 S1ContextPtr bit 52 (Linux masks 51:6)", 0, 52 },
	{ "DW0 S1ContextPtr bit 55", 0, 55 },
	{ "DW0 RES0 bit 56", 0, 56 },
	{ "DW0 RES0 bit 58", 0, 58 },
	{ "DW1 S2HWU59 (8)", 1, 8 },
	{ "DW1 DRE (12)", 1, 12 },
	{ "DW1 MEV (19)", 1, 19 },
	{ "DW1 SW_RESERVED (20)", 1, 20 },
	{ "DW1 S1PIE (24)", 1, 24 },
	{ "DW1 S2FWB (25)", 1, 25 },
	{ "DW1 S1MPAM (26)", 1, 26 },
	{ "DW1 STRW (30)", 1, 30 },
	{ "DW1 STRW (31)", 1, 31 },
	{ "DW1 MemAttr (32)", 1, 32 },
	{ "DW1 MTCFG (36)", 1, 36 },
	{ "DW1 SHCFG (44)", 1, 44 },
	{ "DW1 PRIVCFG (48)", 1, 48 },
	{ "DW1 IMPDEF (63)", 1, 63 },
};

START_TEST(test_mask_case)
{
	const struct mask_case *c = &mask_cases[_i / NPOL];
	unsigned p = (unsigned)_i % NPOL;
	u64 vste[2] = { S1_W0, S1_W1 };
	struct outcome want = EIO_VSTE;
	struct vste_result r;

	vste[c->word] |= SN_BIT(c->bit);
	run(c->rule, policy_names[p], "kunit-s2", vste, NULL, 0, &r);
	expect_outcome(c->rule, policy_names[p], &r, &want);
}
END_TEST

/* Every bit outside the masks, per word and policy, from the hand constants. */
START_TEST(test_mask_every_outside_bit)
{
	unsigned p = (unsigned)_i / 2, word = (unsigned)_i % 2;
	u64 allowed = word ? ALLOWED_W1 : ALLOWED_W0;
	struct outcome want = EIO_VSTE;
	char name[64];

	for (unsigned b = 0; b < 64; b++) {
		u64 vste[2] = { S1_W0, S1_W1 };
		struct vste_result r;

		if (allowed & SN_BIT(b))
			continue;
		vste[word] |= SN_BIT(b);
		snprintf(name, sizeof(name), "vSTE word %u bit %u outside the mask", word, b);
		run(name, policy_names[p], "kunit-s2", vste, NULL, 0, &r);
		expect_outcome(name, policy_names[p], &r, &want);
	}
}
END_TEST

/* Bits inside the masks are accepted (no validation of their values). */
struct inside_case {
	const char *rule;
	u64 vste[2];
};

static const struct inside_case inside_cases[] = {
	{ "S1ContextPtr bit 51 (top of Linux's mask)", { S1_W0 | SN_BIT(51), S1_W1 } },
	{ "S1CDMax 31", { S1_W0 | 0xf800000000000000ULL, S1_W1 } },
	{ "S1Fmt 3 (reserved, not validated)", { S1_W0 | 0x30, S1_W1 } },
	{ "S1DSS 3 (reserved, not validated)", { S1_W0, S1_W1 | 0x3 } },
	{ "S1STALLD", { S1_W0, S1_W1 | SN_BIT(27) } },
	{ "all guest fields at their maximum", { 0xf80ffffffffffffbULL, 0x00000000080000ffULL } },
};

START_TEST(test_inside_case)
{
	const struct inside_case *c = &inside_cases[_i / NPOL];
	unsigned p = (unsigned)_i % NPOL;
	struct outcome want = ACCEPT;
	struct vste_result r;

	run(c->rule, policy_names[p], "kunit-s2", c->vste, NULL, 0, &r);
	expect_outcome(c->rule, policy_names[p], &r, &want);
	ck_assert_msg(sn_field_get(STE_DW0_CONFIG, r.ste[0]) == STE_CFG_NESTED,
		      "case %s, policy %s: physical Config expected 7, got %llu", c->rule,
		      policy_names[p], X(sn_field_get(STE_DW0_CONFIG, r.ste[0])));
}
END_TEST

/*
 * Config 0..7 with V=1: only abort (0), bypass (4) and S1 translate (5) are
 * accepted, in every policy; they become physical Config 0, 6 and 7.
 * -1 = EIO at allocation.
 */
static const int config_want[8][NPOL] = {
	/*            seed  v6.13 v6.15 v7.0 */
	[0] = {        0,    0,    0,    0 },
	[1] = {       -1,   -1,   -1,   -1 },
	[2] = {       -1,   -1,   -1,   -1 },
	[3] = {       -1,   -1,   -1,   -1 },
	[4] = {        6,    6,    6,    6 },
	[5] = {        7,    7,    7,    7 },
	[6] = {       -1,   -1,   -1,   -1 },
	[7] = {       -1,   -1,   -1,   -1 },
};

START_TEST(test_config)
{
	unsigned cfg = (unsigned)_i / NPOL, p = (unsigned)_i % NPOL;
	u64 vste[2] = { 0x0000000080001001ULL | ((u64)cfg << 1), S1_W1 };
	int want = config_want[cfg][p];
	struct vste_result r;
	char name[32];

	snprintf(name, sizeof(name), "V=1 Config %u", cfg);
	run(name, policy_names[p], "kunit-s2", vste, NULL, 0, &r);
	if (want < 0) {
		struct outcome o = EIO_VSTE;

		expect_outcome(name, policy_names[p], &r, &o);
		return;
	}
	ck_assert_msg(r.err == SN_OK, "case %s, policy %s: err expected OK, got %s (%s)",
		      name, policy_names[p], sn_errno_name(r.err), r.reason);
	ck_assert_msg(r.ste[0] & STE_DW0_V, "case %s, policy %s: physical V expected 1, got 0",
		      name, policy_names[p]);
	ck_assert_msg(sn_field_get(STE_DW0_CONFIG, r.ste[0]) == (u64)want,
		      "case %s, policy %s: physical Config expected %d, got %llu", name,
		      policy_names[p], want, X(sn_field_get(STE_DW0_CONFIG, r.ste[0])));
}
END_TEST

/*
 * EATS 0..3 on S1, bypass and abort vSTEs, with an ATS-capable device.
 * Cell: -1 = EIO at allocation; otherwise the physical EATS.
 * seed: only EATS=0 (step 8), ATS never.  v6.13/v6.15: ABT or TRANS; ATS
 * only for S1 with TRANS.  v7.0: as v6.15, and a bypass vSTE gets ATS like a
 * plain S2 attach.  An abort STE has EATS=0 whatever the ATS decision.
 */
struct eats_case {
	const char *kind;
	u64 w0, w1;             /* EATS is ORed into w1 */
	int want[4][NPOL];      /* [EATS][policy] */
};

static const struct eats_case eats_cases[] = {
	{ "S1 translate", S1_W0, S1_W1, {
		/*          seed v6.13 v6.15 v7.0 */
		[0] = {       0,    0,    0,    0 },
		[1] = {      -1,    1,    1,    1 },
		[2] = {      -1,   -1,   -1,   -1 },
		[3] = {      -1,   -1,   -1,   -1 } } },
	{ "bypass", BYPASS_W0, 0, {
		[0] = {       0,    0,    0,    1 },
		[1] = {      -1,    0,    0,    1 },
		[2] = {      -1,   -1,   -1,   -1 },
		[3] = {      -1,   -1,   -1,   -1 } } },
	{ "abort", ABORT_W0, 0, {
		[0] = {       0,    0,    0,    0 },
		[1] = {      -1,    0,    0,    0 },
		[2] = {      -1,   -1,   -1,   -1 },
		[3] = {      -1,   -1,   -1,   -1 } } },
};

START_TEST(test_eats)
{
	const struct eats_case *c = &eats_cases[_i / (4 * NPOL)];
	unsigned eats = ((unsigned)_i / NPOL) % 4, p = (unsigned)_i % NPOL;
	u64 vste[2] = { c->w0, c->w1 | ((u64)eats << 28) };
	struct env_kv kv[] = { { "ats-supported", 1 } };
	int want = c->want[eats][p];
	struct vste_result r;
	char name[48];

	snprintf(name, sizeof(name), "%s vSTE with EATS %u", c->kind, eats);
	run(name, policy_names[p], "kunit-s2", vste, kv, 1, &r);
	if (want < 0) {
		struct outcome o = EIO_VSTE;

		expect_outcome(name, policy_names[p], &r, &o);
		return;
	}
	ck_assert_msg(r.err == SN_OK, "case %s, policy %s: err expected OK, got %s (%s)",
		      name, policy_names[p], sn_errno_name(r.err), r.reason);
	ck_assert_msg(sn_field_get(STE_DW1_EATS, r.ste[1]) == (u64)want,
		      "case %s, policy %s: physical EATS expected %d, got %llu", name,
		      policy_names[p], want, X(sn_field_get(STE_DW1_EATS, r.ste[1])));
	/* the kernel keeps ste[1] & ~EATS */
	ck_assert_msg(sn_field_get(STE_DW1_EATS, r.stored[1]) == 0,
		      "case %s, policy %s: stored EATS expected 0, got %llu", name,
		      policy_names[p], X(sn_field_get(STE_DW1_EATS, r.stored[1])));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Whole-result cases: V=0 handling, composition, the worked example.      */

struct result_case {
	const char *rule;
	const char *policy;
	const char *parent;
	u64 vste[2];
	struct env_kv env[3];
	struct outcome want;
	/* when accepted: */
	u64 ste[STE_DWORDS];
	bool ats;
	bool check_stored;
	u64 stored[2];
	bool enable_ats;
};

#define ABORT_STE { 1, 0, 0, 0, 0, 0, 0, 0 }
#define GARBAGE { 0xfffffffffffffffeULL, 0xffffffffffffffffULL }

static const struct result_case v0_cases[] = {
	/* seed steps 6-8 run even when V=0 */
	{ "V=0: seed still checks the masks", "seed-v2", "kunit-s2",
	  { 0, SN_BIT(30) }, { { NULL, 0 } }, EIO_VSTE, { 0 }, false, false, { 0 }, false },
	{ "V=0: seed still checks Config", "seed-v2", "kunit-s2",
	  { 0x000000000000000cULL, 0 }, { { NULL, 0 } }, EIO_VSTE, { 0 }, false, false, { 0 }, false },
	{ "V=0: seed still checks EATS", "seed-v2", "kunit-s2",
	  { 0, EATS_1 }, { { NULL, 0 } }, EIO_VSTE, { 0 }, false, false, { 0 }, false },
	{ "V=0: seed accepts a clean V=0 vSTE, stores it, installs abort", "seed-v2", "kunit-s2",
	  { 0x000000008000100aULL, S1_W1 }, { { "ats-supported", 1 } }, ACCEPT,
	  ABORT_STE, false, true, { 0x000000008000100aULL, S1_W1 }, false },
	/* merged: V=0 zeroes the vSTE and returns 0, nothing else checked */
	{ "V=0: v6.13 sanitises garbage to zero, abort STE", "v6.13", "kunit-s2",
	  GARBAGE, { { NULL, 0 } }, ACCEPT, ABORT_STE, false, true, { 0, 0 }, false },
	{ "V=0: v6.15 sanitises garbage to zero, abort STE", "v6.15", "kunit-s2",
	  GARBAGE, { { NULL, 0 } }, ACCEPT, ABORT_STE, false, true, { 0, 0 }, false },
	{ "V=0: v7.0 sanitises garbage to zero, abort STE", "v7.0", "kunit-s2",
	  GARBAGE, { { NULL, 0 } }, ACCEPT, ABORT_STE, false, true, { 0, 0 }, false },
	{ "V=0: v6.13 Config 6 not checked", "v6.13", "kunit-s2",
	  { 0x000000000000000cULL, 0 }, { { NULL, 0 } }, ACCEPT, ABORT_STE, false, true, { 0, 0 }, false },
	{ "V=0: v6.15 EATS 2 not checked", "v6.15", "kunit-s2",
	  { 0, 2ULL << 28 }, { { NULL, 0 } }, ACCEPT, ABORT_STE, false, true, { 0, 0 }, false },
	/* v7.0: a V=0 vSTE is not S1 translate, so disable_ats stays false
	 * (linux.md §7 open observation): ATS on, STE still abort */
	{ "V=0: v7.0 S1-looking V=0 with EATS=1, ATS follows the device", "v7.0", "kunit-s2",
	  { 0x000000008000100aULL, S1_W1_EATS1 }, { { "ats-supported", 1 } }, ACCEPT,
	  ABORT_STE, true, true, { 0, 0 }, false },
	{ "V=0: v6.13 no ATS for V=0", "v6.13", "kunit-s2",
	  { 0x000000008000100aULL, S1_W1_EATS1 }, { { "ats-supported", 1 } }, ACCEPT,
	  ABORT_STE, false, true, { 0, 0 }, false },
};

static const struct result_case compose_cases[] = {
	/* arm_smmu_make_abort_ste(): qword0 = V, everything else 0 */
	{ "abort vSTE: abort STE (seed)", "seed-v2", "kunit-s2", { ABORT_W0, 0 },
	  { { "ats-supported", 1 } }, ACCEPT, ABORT_STE, false, true, { ABORT_W0, 0 }, false },
	{ "abort vSTE: abort STE (v6.13)", "v6.13", "kunit-s2", { ABORT_W0, 0 },
	  { { "ats-supported", 1 } }, ACCEPT, ABORT_STE, false, true, { ABORT_W0, 0 }, false },
	{ "abort vSTE: abort STE (v6.15)", "v6.15", "kunit-s2", { ABORT_W0, 0 },
	  { { "ats-supported", 1 } }, ACCEPT, ABORT_STE, false, true, { ABORT_W0, 0 }, false },
	{ "abort vSTE: abort STE, ATS left to the device (v7.0)", "v7.0", "kunit-s2", { ABORT_W0, 0 },
	  { { "ats-supported", 1 } }, ACCEPT, ABORT_STE, true, true, { ABORT_W0, 0 }, false },
	{ "abort vSTE with guest fields: still exactly the abort STE", "v7.0", "default",
	  { 0xf80000008000f031ULL, 0x00000000080000ffULL }, { { NULL, 0 } }, ACCEPT,
	  ABORT_STE, false, false, { 0 }, false },
	/* bypass: make_s2_domain_ste(parent, ats), Config 6, guest words dropped */
	{ "bypass vSTE: the parent, no ATS (seed)", "seed-v2", "kunit-s2", { BYPASS_W0, 0 },
	  { { "ats-supported", 1 } }, ACCEPT, { K0, K1, K2, K3, 0, 0, 0, 0 }, false, false, { 0 }, false },
	{ "bypass vSTE: the parent, no ATS (v6.13)", "v6.13", "kunit-s2", { BYPASS_W0, EATS_1 },
	  { { "ats-supported", 1 } }, ACCEPT, { K0, K1, K2, K3, 0, 0, 0, 0 }, false, true,
	  { BYPASS_W0, 0 }, false },
	{ "bypass vSTE: the parent, no ATS (v6.15)", "v6.15", "kunit-s2", { BYPASS_W0, 0 },
	  { { "ats-supported", 1 } }, ACCEPT, { K0, K1, K2, K3, 0, 0, 0, 0 }, false, false, { 0 }, false },
	/* v7.0: = the KUnit "s2 ATS" fixture */
	{ "bypass vSTE: the parent with EATS=TRANS (v7.0)", "v7.0", "kunit-s2", { BYPASS_W0, 0 },
	  { { "ats-supported", 1 } }, ACCEPT, { K0, K1 | EATS_1, K2, K3, 0, 0, 0, 0 }, true,
	  false, { 0 }, false },
	{ "bypass vSTE: the parent, EATS=0 without device ATS (v7.0)", "v7.0", "default",
	  { BYPASS_W0, 0 }, { { NULL, 0 } }, ACCEPT, { D0, D1, D2, D3, 0, 0, 0, 0 }, false,
	  false, { 0 }, false },
	{ "bypass vSTE: guest DW0/DW1 fields dropped, no MEV (v7.0)", "v7.0", "default",
	  { 0xf80000008000f009ULL, 0x00000000080000ffULL }, { { NULL, 0 } }, ACCEPT,
	  { D0, D1, D2, D3, 0, 0, 0, 0 }, false, false, { 0 }, false },
	/* S1: Config 7, guest DW0 (less Config) and DW1 (less EATS) over the parent */
	{ "S1 vSTE: nested, no MEV, no ATS (seed)", "seed-v2", "kunit-s2", { S1_W0, S1_W1 },
	  { { "ats-supported", 1 } }, ACCEPT,
	  { 0x000000008000100fULL, 0x00001000000000d6ULL, K2, K3, 0, 0, 0, 0 }, false, true,
	  { S1_W0, S1_W1 }, false },
	{ "S1 vSTE EATS=0: nested, no MEV, no ATS (v6.13)", "v6.13", "kunit-s2", { S1_W0, S1_W1 },
	  { { "ats-supported", 1 } }, ACCEPT,
	  { 0x000000008000100fULL, 0x00001000000000d6ULL, K2, K3, 0, 0, 0, 0 }, false, true,
	  { S1_W0, S1_W1 }, false },
	{ "S1 vSTE EATS=0: nested with MEV, no ATS (v6.15)", "v6.15", "kunit-s2", { S1_W0, S1_W1 },
	  { { "ats-supported", 1 } }, ACCEPT,
	  { 0x000000008000100fULL, 0x00001000000800d6ULL, K2, K3, 0, 0, 0, 0 }, false, true,
	  { S1_W0, S1_W1 }, false },
	{ "S1 vSTE EATS=TRANS, device without ATS: EATS stripped (v7.0)", "v7.0", "default",
	  { S1_W0, S1_W1_EATS1 }, { { NULL, 0 } }, ACCEPT,
	  { 0x000000008000100fULL, 0x00001000000800d6ULL, D2, D3, 0, 0, 0, 0 }, false, true,
	  { S1_W0, S1_W1 }, true },
	{ "S1 vSTE, every guest field set (v6.13)", "v6.13", "kunit-s2",
	  { 0xf80ffffffffffffbULL, 0x00000000080000ffULL }, { { NULL, 0 } }, ACCEPT,
	  { 0xf80fffffffffffffULL, 0x00001000080000ffULL, K2, K3, 0, 0, 0, 0 }, false, false,
	  { 0 }, false },
	{ "S1 vSTE, every guest field set (v7.0)", "v7.0", "kunit-s2",
	  { 0xf80ffffffffffffbULL, 0x00000000080000ffULL }, { { NULL, 0 } }, ACCEPT,
	  { 0xf80fffffffffffffULL, 0x00001000080800ffULL, K2, K3, 0, 0, 0, 0 }, false, false,
	  { 0 }, false },
};

/* linux.md §3 worked example over the KUnit S2 fixture, ATS-capable device. */
static const struct result_case worked_cases[] = {
	{ "worked example (v6.13, no MEV)", "v6.13", "kunit-s2", { S1_W0, S1_W1_EATS1 },
	  { { "ats-supported", 1 } }, ACCEPT,
	  { 0x000000008000100fULL, 0x00001000100000d6ULL, K2, K3, 0, 0, 0, 0 }, true, true,
	  { S1_W0, S1_W1 }, true },
	{ "worked example (v6.15)", "v6.15", "kunit-s2", { S1_W0, S1_W1_EATS1 },
	  { { "ats-supported", 1 } }, ACCEPT,
	  { 0x000000008000100fULL, 0x00001000100800d6ULL, K2, K3, 0, 0, 0, 0 }, true, true,
	  { S1_W0, S1_W1 }, true },
	{ "worked example (v7.0)", "v7.0", "kunit-s2", { S1_W0, S1_W1_EATS1 },
	  { { "ats-supported", 1 } }, ACCEPT,
	  { 0x000000008000100fULL, 0x00001000100800d6ULL, K2, K3, 0, 0, 0, 0 }, true, true,
	  { S1_W0, S1_W1 }, true },
	{ "worked example (seed: EATS must be 0)", "seed-v2", "kunit-s2", { S1_W0, S1_W1_EATS1 },
	  { { "ats-supported", 1 } }, EIO_VSTE, { 0 }, false, false, { 0 }, false },
};

static void run_result_case(const struct result_case *c)
{
	struct vste_result r;

	run(c->rule, c->policy, c->parent, c->vste, c->env, ARRAY_SIZE(c->env), &r);
	expect_outcome(c->rule, c->policy, &r, &c->want);
	if (c->want.err != SN_OK)
		return;
	expect_ste(c->rule, c->policy, &r, c->ste);
	expect_ats(c->rule, c->policy, &r, c->ats);
	if (!c->check_stored)
		return;
	for (unsigned i = 0; i < 2; i++)
		ck_assert_msg(r.stored[i] == c->stored[i],
			      "case %s, policy %s: stored word %u expected 0x%016llx, got 0x%016llx",
			      c->rule, c->policy, i, X(c->stored[i]), X(r.stored[i]));
	ck_assert_msg(r.enable_ats == c->enable_ats,
		      "case %s, policy %s: enable_ats expected %d, got %d", c->rule, c->policy,
		      c->enable_ats, r.enable_ats);
}

START_TEST(test_v0_case) { run_result_case(&v0_cases[_i]); }
END_TEST
START_TEST(test_compose_case) { run_result_case(&compose_cases[_i]); }
END_TEST
START_TEST(test_worked_case) { run_result_case(&worked_cases[_i]); }
END_TEST

/* ------------------------------------------------------------------------ */
/* ATS decision and the vDEVICE rule, one row per vSTE kind.                */

/*
 * ATS: cell [policy][ats_supported]: 'Y' ATS on, 'N' off, 'E' EIO.
 * seed: disable_ats always.  v6.13/v6.15: disable_ats = !enable_ats with
 * enable_ats = S1 && EATS=TRANS.  v7.0: disable_ats only decided for S1
 * vSTEs; bypass, abort and V=0 get ats_supported.
 */
struct ats_case {
	const char *kind;
	u64 vste[2];
	const char *want[NPOL];   /* two chars: without / with device ATS */
};

static const struct ats_case ats_cases[] = {
	/*                                         seed  v6.13 v6.15 v7.0 */
	{ "S1, EATS=TRANS", { S1_W0, S1_W1_EATS1 }, { "EE", "NY", "NY", "NY" } },
	{ "S1, EATS=ABT", { S1_W0, S1_W1 }, { "NN", "NN", "NN", "NN" } },
	{ "bypass, EATS=ABT", { BYPASS_W0, 0 }, { "NN", "NN", "NN", "NY" } },
	{ "bypass, EATS=TRANS", { BYPASS_W0, EATS_1 }, { "EE", "NN", "NN", "NY" } },
	{ "abort, EATS=ABT", { ABORT_W0, 0 }, { "NN", "NN", "NN", "NY" } },
	{ "abort, EATS=TRANS", { ABORT_W0, EATS_1 }, { "EE", "NN", "NN", "NY" } },
	{ "V=0", { 0, 0 }, { "NN", "NN", "NN", "NY" } },
	{ "V=0 with S1 fields and EATS=TRANS", { 0x000000008000100aULL, S1_W1_EATS1 },
	  { "EE", "NN", "NN", "NY" } },
};

START_TEST(test_ats_case)
{
	const struct ats_case *c = &ats_cases[_i / (2 * NPOL)];
	unsigned sup = ((unsigned)_i / NPOL) % 2, p = (unsigned)_i % NPOL;
	char want = c->want[p][sup];
	struct env_kv kv[] = { { "ats-supported", sup } };
	struct vste_result r;
	char name[96];

	snprintf(name, sizeof(name), "ATS for %s, device ATS %s", c->kind, sup ? "yes" : "no");
	run(name, policy_names[p], "kunit-s2", c->vste, kv, 1, &r);
	if (want == 'E') {
		struct outcome o = EIO_VSTE;

		expect_outcome(name, policy_names[p], &r, &o);
		return;
	}
	ck_assert_msg(r.err == SN_OK, "case %s, policy %s: err expected OK, got %s (%s)",
		      name, policy_names[p], sn_errno_name(r.err), r.reason);
	expect_ats(name, policy_names[p], &r, want == 'Y');
}
END_TEST

/*
 * vDEVICE missing: v6.13 has no vmaster; v6.15..v6.18 need one for every
 * nested attach; v6.19+ only for S1 translate (GBPA fix).  ENOENT at attach.
 */
struct vdev_case {
	const char *kind;
	u64 vste[2];
	struct outcome want[NPOL];
};

#define NO_VDEV REFUSE(ENOENT, ATTACH, VDEVICE)
static const struct vdev_case vdev_cases[] = {
	{ "S1", { S1_W0, S1_W1 }, { ACCEPT, ACCEPT, NO_VDEV, NO_VDEV } },
	{ "bypass", { BYPASS_W0, 0 }, { ACCEPT, ACCEPT, NO_VDEV, ACCEPT } },
	{ "abort", { ABORT_W0, 0 }, { ACCEPT, ACCEPT, NO_VDEV, ACCEPT } },
	{ "V=0", { 0, 0 }, { ACCEPT, ACCEPT, NO_VDEV, ACCEPT } },
	{ "V=0 with S1 Config", { 0x000000008000100aULL, S1_W1 },
	  { ACCEPT, ACCEPT, NO_VDEV, ACCEPT } },
};

START_TEST(test_vdev_case)
{
	const struct vdev_case *c = &vdev_cases[_i / NPOL];
	unsigned p = (unsigned)_i % NPOL;
	struct env_kv kv[] = { { "vdevice", 0 } };
	struct vste_result r;
	char name[64];

	snprintf(name, sizeof(name), "%s vSTE without a vDEVICE", c->kind);
	run(name, policy_names[p], "kunit-s2", c->vste, kv, 1, &r);
	expect_outcome(name, policy_names[p], &r, &c->want[p]);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The surrounding API.                                                      */

START_TEST(test_policy_find_each)
{
	const struct host_policy *p = host_policy_find(policy_names[_i]);

	ck_assert_msg(p != NULL, "host_policy_find(\"%s\"): expected a policy, got NULL",
		      policy_names[_i]);
	ck_assert_msg(strcmp(p->name, policy_names[_i]) == 0,
		      "host_policy_find(\"%s\"): expected that policy, got %s",
		      policy_names[_i], p->name);
	ck_assert_msg(p->summary && p->summary[0] && p->source && p->source[0],
		      "policy %s: summary and source expected non-empty", p->name);
}
END_TEST

static const char *const unknown_policies[] = {
	"", "seed", "seed-v3", "v6.14", "v7", "v7.0 ", "V7.0", "linux",
};

START_TEST(test_policy_find_unknown)
{
	const struct host_policy *p = host_policy_find(unknown_policies[_i]);

	ck_assert_msg(p == NULL, "host_policy_find(\"%s\"): expected NULL, got %s",
		      unknown_policies[_i], p ? p->name : "");
}
END_TEST

START_TEST(test_policy_list)
{
	ck_assert_msg(host_policy_count == NPOL, "host_policy_count: expected %d, got %u",
		      NPOL, host_policy_count);
	for (unsigned i = 0; i < host_policy_count && i < NPOL; i++)
		ck_assert_msg(strcmp(host_policies[i]->name, policy_names[i]) == 0,
			      "host_policies[%u]: expected %s, got %s", i, policy_names[i],
			      host_policies[i]->name);
}
END_TEST

START_TEST(test_policy_default_is_v7_0)
{
	const struct host_policy *p = host_policy_default();

	ck_assert_msg(p != NULL && strcmp(p->name, "v7.0") == 0,
		      "host_policy_default(): expected v7.0, got %s", p ? p->name : "NULL");
	ck_assert_msg(p == host_policy_find("v7.0"),
		      "host_policy_default(): expected the same row as host_policy_find(\"v7.0\")");
}
END_TEST

/* Planted-bug flags are for mutants only. */
START_TEST(test_policy_no_bugs)
{
	const struct host_policy *p = host_policies[_i];

	ck_assert_msg(p->bugs == 0, "policy %s: bugs expected 0, got 0x%x", p->name, p->bugs);
}
END_TEST

struct errno_case {
	int err;
	const char *name;
};

static const struct errno_case errno_cases[] = {
	{ SN_EIO, "EIO" }, { SN_EINVAL, "EINVAL" }, { SN_EOPNOTSUPP, "EOPNOTSUPP" },
	{ SN_EBUSY, "EBUSY" }, { SN_ENOENT, "ENOENT" },
};

START_TEST(test_errno_round_trip)
{
	const struct errno_case *c = &errno_cases[_i];
	int got = -1;

	ck_assert_msg(strcmp(sn_errno_name(c->err), c->name) == 0,
		      "sn_errno_name(%d): expected %s, got %s", c->err, c->name,
		      sn_errno_name(c->err));
	ck_assert_msg(sn_errno_parse(c->name, &got) && got == c->err,
		      "sn_errno_parse(\"%s\"): expected %d, got %d", c->name, c->err, got);
}
END_TEST

START_TEST(test_errno_unknown)
{
	static const char *const bad[] = { "", "EFAULT", "eio", "EIO ", "E?", "ENOMEM" };
	int got = 12345;

	ck_assert_msg(strcmp(sn_errno_name(SN_OK), "OK") == 0, "sn_errno_name(SN_OK): expected OK, got %s",
		      sn_errno_name(SN_OK));
	ck_assert_msg(strcmp(sn_errno_name(-1), "E?") == 0, "sn_errno_name(-1): expected E?, got %s",
		      sn_errno_name(-1));
	ck_assert_msg(strcmp(sn_errno_name(SN_ERRNO_COUNT), "E?") == 0,
		      "sn_errno_name(SN_ERRNO_COUNT): expected E?, got %s", sn_errno_name(SN_ERRNO_COUNT));
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_msg(!sn_errno_parse(bad[i], &got),
			      "sn_errno_parse(\"%s\"): expected refusal, got %d", bad[i], got);
		ck_assert_msg(got == 12345, "sn_errno_parse(\"%s\"): output written on refusal", bad[i]);
	}
}
END_TEST

START_TEST(test_stage_parse)
{
	static const struct { const char *name; enum sn_stage s; } ok[] = {
		{ "viommu", SN_STAGE_VIOMMU }, { "alloc", SN_STAGE_ALLOC },
		{ "attach", SN_STAGE_ATTACH },
	};
	static const char *const bad[] = { "", "ALLOC", "allocate", "none?", "attach " };

	for (unsigned i = 0; i < ARRAY_SIZE(ok); i++) {
		enum sn_stage got = SN_STAGE_NONE;

		ck_assert_msg(sn_stage_parse(ok[i].name, &got) && got == ok[i].s,
			      "sn_stage_parse(\"%s\"): expected %d, got %d", ok[i].name, ok[i].s, got);
		ck_assert_msg(strcmp(sn_stage_name(ok[i].s), ok[i].name) == 0,
			      "sn_stage_name(%d): expected %s, got %s", ok[i].s, ok[i].name,
			      sn_stage_name(ok[i].s));
	}
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		enum sn_stage got = SN_STAGE_COUNT;

		ck_assert_msg(!sn_stage_parse(bad[i], &got),
			      "sn_stage_parse(\"%s\"): expected refusal, got %d", bad[i], got);
	}
	ck_assert_msg(strcmp(sn_stage_name(SN_STAGE_COUNT), "?") == 0,
		      "sn_stage_name(SN_STAGE_COUNT): expected ?, got %s", sn_stage_name(SN_STAGE_COUNT));
}
END_TEST

/* host_env_set: each boolean key reaches its member. */
struct env_key_case {
	const char *key;
	size_t offset;
};

#define EK(k, m) { k, offsetof(struct host_env, m) }
static const struct env_key_case env_key_cases[] = {
	EK("nesting", nesting), EK("trans-s1", trans_s1), EK("s2fwb", s2fwb),
	EK("cmdq-force-sync", cmdq_force_sync), EK("canwbs", canwbs),
	EK("ats-supported", ats_supported), EK("parent-paging", parent_paging),
	EK("parent-s2", parent_s2), EK("parent-same-smmu", parent_same_smmu),
	EK("parent-nest-parent", parent_nest_parent), EK("ssids-in-use", ssids_in_use),
	EK("vdevice", vdevice),
};

/* Member-wise, so that padding never matters. */
static bool env_equal(const struct host_env *a, const struct host_env *b)
{
	return a->nesting == b->nesting && a->trans_s1 == b->trans_s1 &&
	       a->s2fwb == b->s2fwb && a->cmdq_force_sync == b->cmdq_force_sync &&
	       a->canwbs == b->canwbs && a->ats_supported == b->ats_supported &&
	       a->parent_paging == b->parent_paging && a->parent_s2 == b->parent_s2 &&
	       a->parent_same_smmu == b->parent_same_smmu &&
	       a->parent_nest_parent == b->parent_nest_parent &&
	       a->ssids_in_use == b->ssids_in_use && a->vdevice == b->vdevice &&
	       a->alloc_flags == b->alloc_flags;
}

START_TEST(test_env_set_key)
{
	const struct env_key_case *c = &env_key_cases[_i];

	for (u64 v = 0; v <= 1; v++) {
		struct host_env env, ref;
		bool *member;

		host_env_default(&env);
		ref = env;
		ck_assert_msg(host_env_set(&env, c->key, v), "host_env_set(%s, %llu): refused",
			      c->key, X(v));
		member = (bool *)((char *)&env + c->offset);
		ck_assert_msg(*member == (v == 1), "host_env_set(%s, %llu): member expected %d, got %d",
			      c->key, X(v), v == 1, *member);
		/* nothing else changed */
		*(bool *)((char *)&ref + c->offset) = *member;
		ck_assert_msg(env_equal(&env, &ref),
			      "host_env_set(%s, %llu): changed another member", c->key, X(v));
	}
}
END_TEST

struct env_set_case {
	const char *rule;
	const char *key;
	u64 value;
	bool ok;
	u32 flags;               /* alloc_flags afterwards, when ok */
};

static const struct env_set_case env_set_cases[] = {
	{ "alloc-flags 0", "alloc-flags", 0, true, 0 },
	{ "alloc-flags 5", "alloc-flags", 5, true, 5 },
	{ "alloc-flags UINT32_MAX", "alloc-flags", 0xffffffffULL, true, 0xffffffffu },
	{ "alloc-flags 2^32 refused", "alloc-flags", 0x100000000ULL, false, 0 },
	{ "alloc-flags ~0 refused", "alloc-flags", ~0ULL, false, 0 },
	{ "bool 2 refused", "nesting", 2, false, 0 },
	{ "bool ~0 refused", "vdevice", ~0ULL, false, 0 },
	{ "unknown key", "nesting2", 1, false, 0 },
	{ "empty key", "", 0, false, 0 },
	{ "member name, not key name", "ats_supported", 1, false, 0 },
	{ "key names are case-sensitive", "NESTING", 1, false, 0 },
};

START_TEST(test_env_set_case)
{
	const struct env_set_case *c = &env_set_cases[_i];
	struct host_env env, ref;
	bool ok;

	host_env_default(&env);
	ref = env;
	ok = host_env_set(&env, c->key, c->value);
	ck_assert_msg(ok == c->ok, "case %s: host_env_set(\"%s\", 0x%llx) expected %s, got %s",
		      c->rule, c->key, X(c->value), c->ok ? "accept" : "refuse",
		      ok ? "accept" : "refuse");
	if (!ok) {
		ck_assert_msg(env_equal(&env, &ref),
			      "case %s: refused host_env_set changed the environment", c->rule);
		return;
	}
	if (strcmp(c->key, "alloc-flags") == 0)
		ck_assert_msg(env.alloc_flags == c->flags, "case %s: alloc_flags expected 0x%x, got 0x%x",
			      c->rule, c->flags, env.alloc_flags);
}
END_TEST

/* The key table is exactly the twelve booleans. */
START_TEST(test_env_key_table)
{
	ck_assert_msg(host_env_key_count == ARRAY_SIZE(env_key_cases),
		      "host_env_key_count: expected %zu, got %u", ARRAY_SIZE(env_key_cases),
		      host_env_key_count);
	for (unsigned i = 0; i < host_env_key_count; i++) {
		bool found = false;

		for (unsigned j = 0; j < ARRAY_SIZE(env_key_cases); j++)
			if (strcmp(host_env_keys[i].name, env_key_cases[j].key) == 0)
				found = host_env_keys[i].offset == env_key_cases[j].offset;
		ck_assert_msg(found, "host_env_keys[%u] (%s): expected a known key at its member",
			      i, host_env_keys[i].name);
	}
}
END_TEST

START_TEST(test_env_default)
{
	struct host_env env;

	host_env_default(&env);
	ck_assert_msg(env.nesting && env.trans_s1 && env.canwbs && env.parent_paging &&
		      env.parent_s2 && env.parent_same_smmu && env.parent_nest_parent &&
		      env.vdevice, "host_env_default: a precondition does not hold");
	ck_assert_msg(!env.cmdq_force_sync && !env.ssids_in_use && env.alloc_flags == 0,
		      "host_env_default: a refusing fact is set");
}
END_TEST

/* host_parent_ok: a nest parent is V=1, Config=6, EATS=0. */
struct parent_case {
	const char *rule;
	u64 q0, q1;
	bool ok;
};

static const struct parent_case parent_cases[] = {
	{ "KUnit S2 fixture without EATS", K0, K1, true },
	{ "V=0 refused", 0x000000000000000cULL, K1, false },
	{ "Config 7 refused", 0x000000000000000fULL, K1, false },
	{ "Config 4 refused", 0x0000000000000009ULL, K1, false },
	{ "Config 0 refused", 0x0000000000000001ULL, 0, false },
	{ "EATS 1 refused", K0, K1 | EATS_1, false },
	{ "EATS 2 refused", K0, K1 | (2ULL << 28), false },
};

START_TEST(test_parent_ok)
{
	const struct parent_case *c = &parent_cases[_i];
	u64 parent[STE_DWORDS] = { c->q0, c->q1, K2, K3, 0, 0, 0, 0 };
	const char *why = NULL;
	bool ok = host_parent_ok(parent, &why);

	ck_assert_msg(ok == c->ok, "parent %s: host_parent_ok expected %d, got %d (%s)",
		      c->rule, c->ok, ok, why ? why : "");
	if (!c->ok)
		ck_assert_msg(why && why[0], "parent %s: refused without a reason", c->rule);
}
END_TEST

/* Each refusal names its own reason. */
START_TEST(test_parent_reasons_distinct)
{
	u64 v0[STE_DWORDS] = { 0x000000000000000cULL, K1, K2, K3, 0, 0, 0, 0 };
	u64 cfg[STE_DWORDS] = { 0x000000000000000fULL, K1, K2, K3, 0, 0, 0, 0 };
	u64 eats[STE_DWORDS] = { K0, K1 | EATS_1, K2, K3, 0, 0, 0, 0 };
	const char *a = NULL, *b = NULL, *c = NULL;

	ck_assert(!host_parent_ok(v0, &a));
	ck_assert(!host_parent_ok(cfg, &b));
	ck_assert(!host_parent_ok(eats, &c));
	ck_assert_msg(a && b && c && strcmp(a, b) && strcmp(b, c) && strcmp(a, c),
		      "host_parent_ok reasons expected distinct, got \"%s\", \"%s\", \"%s\"",
		      a ? a : "", b ? b : "", c ? c : "");
}
END_TEST

/* Named parents: "default" is host_default_parent, "kunit-s2" the fixture. */
START_TEST(test_parent_by_name)
{
	static const u64 kunit[STE_DWORDS] = { K0, K1, K2, K3, 0, 0, 0, 0 };
	static const u64 dflt[STE_DWORDS] = { D0, D1, D2, D3, 0, 0, 0, 0 };
	u64 got[STE_DWORDS];
	const char *why = NULL;

	ck_assert_msg(host_parent_by_name("kunit-s2", got), "parent kunit-s2 not found");
	for (unsigned i = 0; i < STE_DWORDS; i++)
		ck_assert_msg(got[i] == kunit[i], "parent kunit-s2 DW%u: expected 0x%016llx, got 0x%016llx",
			      i, X(kunit[i]), X(got[i]));
	ck_assert_msg(host_parent_by_name("default", got), "parent default not found");
	for (unsigned i = 0; i < STE_DWORDS; i++) {
		ck_assert_msg(got[i] == dflt[i], "parent default DW%u: expected 0x%016llx, got 0x%016llx",
			      i, X(dflt[i]), X(got[i]));
		ck_assert_msg(host_default_parent[i] == dflt[i],
			      "host_default_parent DW%u: expected 0x%016llx, got 0x%016llx",
			      i, X(dflt[i]), X(host_default_parent[i]));
	}
	ck_assert_msg(host_parent_ok(got, &why), "parent default refused: %s", why);
	ck_assert_msg(!host_parent_by_name("kunit", got), "parent \"kunit\": expected unknown");
	ck_assert_msg(!host_parent_by_name("", got), "parent \"\": expected unknown");
}
END_TEST

START_TEST(test_make_abort)
{
	u64 ste[STE_DWORDS];

	memset(ste, 0xff, sizeof(ste));
	ste_make_abort(ste);
	ck_assert_msg(ste[0] == 1, "ste_make_abort DW0: expected 0x1, got 0x%016llx", X(ste[0]));
	for (unsigned i = 1; i < STE_DWORDS; i++)
		ck_assert_msg(ste[i] == 0, "ste_make_abort DW%u: expected 0, got 0x%016llx", i, X(ste[i]));
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc;

	tc = tcase_create("env");
	tcase_add_loop_test(tc, test_env_case, 0, ARRAY_SIZE(env_cases) * NPOL);
	suite_add_tcase(s, tc);

	tc = tcase_create("vste");
	tcase_add_loop_test(tc, test_mask_case, 0, ARRAY_SIZE(mask_cases) * NPOL);
	tcase_add_loop_test(tc, test_mask_every_outside_bit, 0, NPOL * 2);
	tcase_add_loop_test(tc, test_inside_case, 0, ARRAY_SIZE(inside_cases) * NPOL);
	tcase_add_loop_test(tc, test_config, 0, 8 * NPOL);
	tcase_add_loop_test(tc, test_eats, 0, ARRAY_SIZE(eats_cases) * 4 * NPOL);
	tcase_add_loop_test(tc, test_v0_case, 0, ARRAY_SIZE(v0_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("compose");
	tcase_add_loop_test(tc, test_compose_case, 0, ARRAY_SIZE(compose_cases));
	tcase_add_loop_test(tc, test_worked_case, 0, ARRAY_SIZE(worked_cases));
	tcase_add_test(tc, test_make_abort);
	suite_add_tcase(s, tc);

	tc = tcase_create("attach");
	tcase_add_loop_test(tc, test_ats_case, 0, ARRAY_SIZE(ats_cases) * 2 * NPOL);
	tcase_add_loop_test(tc, test_vdev_case, 0, ARRAY_SIZE(vdev_cases) * NPOL);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_loop_test(tc, test_policy_find_each, 0, NPOL);
	tcase_add_loop_test(tc, test_policy_find_unknown, 0, ARRAY_SIZE(unknown_policies));
	tcase_add_test(tc, test_policy_list);
	tcase_add_test(tc, test_policy_default_is_v7_0);
	tcase_add_loop_test(tc, test_policy_no_bugs, 0, (int)host_policy_count);
	tcase_add_loop_test(tc, test_errno_round_trip, 0, ARRAY_SIZE(errno_cases));
	tcase_add_test(tc, test_errno_unknown);
	tcase_add_test(tc, test_stage_parse);
	tcase_add_loop_test(tc, test_env_set_key, 0, ARRAY_SIZE(env_key_cases));
	tcase_add_loop_test(tc, test_env_set_case, 0, ARRAY_SIZE(env_set_cases));
	tcase_add_test(tc, test_env_key_table);
	tcase_add_test(tc, test_env_default);
	tcase_add_loop_test(tc, test_parent_ok, 0, ARRAY_SIZE(parent_cases));
	tcase_add_test(tc, test_parent_reasons_distinct);
	tcase_add_test(tc, test_parent_by_name);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(policy_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
