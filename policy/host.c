// SPDX-License-Identifier: MIT
/*
 * Host vSTE policies: what each Linux version does with a guest's vSTE.
 *
 * Sources (shared/reference/linux.md §2-3 and the seed patch):
 *   seed-v2  "[PATCH v2 8/8] iommu/arm-smmu-v3: Support IOMMU_DOMAIN_NESTED",
 *            27 Aug 2024: arm_smmu_domain_alloc_nesting().
 *   v6.13    1e8be08d1c91 (nested domains), f27298a82ba0 (ATS),
 *            67e4fe398513 (S2FWB); arm_smmu_validate_vste(), arm_vsmmu_alloc().
 *   v6.15    da0c56520e88 (MEV in the nested STE) and the vmaster series.
 *   v7.0     81c45c62dc3e (GBPA: abort/bypass attach without a vDEVICE),
 *            a45dd3466302 (disable_ats only for S1-translate vSTEs), and the
 *            get_viommu_size() ordering of the vIOMMU checks.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <smmu-nest/mutants.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/vectors.h>

/* STRTAB_STE_0_NESTING_ALLOWED: V | Config | S1Fmt | S1ContextPtr[51:6] | S1CDMax */
#define NESTING_ALLOWED_DW0 0xf80fffffffffffffULL
/* STRTAB_STE_1_NESTING_ALLOWED: S1DSS | S1CIR | S1COR | S1CSH | S1STALLD | EATS */
#define NESTING_ALLOWED_DW1 0x380000ffULL
#if SN_MUTANT == SN_MUT_STRW_MASK /* mutant strw-mask: STRW bit 31 let through the mask */
#undef NESTING_ALLOWED_DW1
#define NESTING_ALLOWED_DW1 (0x380000ffULL | 1ULL << 31)
#endif

static const struct host_policy policy_seed_v2 = {
	.name = "seed-v2",
	.summary = "v2 8/8 patch: V=0 checked like V=1, EATS must be 0, ATS always off",
	.source = "[PATCH v2 8/8] iommu/arm-smmu-v3: Support IOMMU_DOMAIN_NESTED (27 Aug 2024)",
	.allowed0 = NESTING_ALLOWED_DW0,
	.allowed1 = NESTING_ALLOWED_DW1,
	.v0_sanitized = false,
	.eats_accepted = 1u << STE_EATS_ABT,
	.ats = ATS_NEVER,
	.vdevice = VDEV_NOT_NEEDED,
	.mev_nested = false,
	.viommu_invalidate = false,   /* no vIOMMU object before v6.13 */
	.phys_cfg_bypass = STE_CFG_S2_TRANS,
	.phys_cfg_s1 = STE_CFG_NESTED,
	/*
	 * The iommufd core of the seed's era (v6.11) runs first:
	 * iommufd_hwpt_alloc() refuses a parent id that is not a paging HWPT
	 * (EINVAL), iommufd_hwpt_nested_alloc() refuses flags (EOPNOTSUPP) and
	 * a parent that is not a nest parent (EINVAL).  Then the seed driver's
	 * checks in source order; its own flags and paging checks can no longer
	 * refuse anything, but they are kept so the row reads like the patch.
	 */
	.checks = { CHK_PARENT_PAGING, CHK_FLAGS, CHK_NEST_PARENT,
		    CHK_NESTING, CHK_CANWBS_OR_FWB,
		    CHK_FLAGS_OR_TRANS_S1, CHK_PARENT_PAGING,
		    CHK_PARENT_S2_SAME_SMMU, CHK_VSTE,
		    CHK_SSIDS_OR_SMMU_EINVAL, CHK_END },
	/*
	 * The issue has the seed behave as v6.13 here.  (The S2FWB patch
	 * posted with the v2 series first set S2FWB without adding it to the
	 * used bits; the omission was fixed in review on 4 Sep 2024 and the
	 * merged 67e4fe398513 has it, so the row follows the merged form.)
	 */
	.writer = { .s2fwb_used = true, .mev_used = false, .update_safe = false,
		    .safe_mev = false, .safe_eats_trans = false,
		    .source = "as v6.13 (67e4fe398513 used bits; no MEV, no update_safe)" },
};

static const struct host_policy policy_v6_13 = {
	.name = "v6.13",
	.summary = "merged: V=0 sanitised, EATS ABT/TRANS, ATS follows guest EATS",
	.source = "1e8be08d1c91, f27298a82ba0, 67e4fe398513 (v6.13)",
	.allowed0 = NESTING_ALLOWED_DW0,
	.allowed1 = NESTING_ALLOWED_DW1,
	.v0_sanitized = true,
	.eats_accepted = (1u << STE_EATS_ABT) | (1u << STE_EATS_TRANS),
	.ats = ATS_GUEST_EATS,
	.vdevice = VDEV_NOT_NEEDED,
	.mev_nested = false,
	.viommu_invalidate = true,
	.phys_cfg_bypass = STE_CFG_S2_TRANS,
	.phys_cfg_s1 = STE_CFG_NESTED,
	/* IOMMU_VIOMMU_ALLOC core, arm_vsmmu_alloc, nested alloc, attach */
	.checks = { CHK_HWPT_PAGING, CHK_NEST_PARENT, CHK_NESTING,
		    CHK_SAME_SMMU, CHK_FORCE_SYNC, CHK_CANWBS_OR_FWB, CHK_FLAGS,
		    CHK_VSTE, CHK_SSIDS_EBUSY, CHK_VDEVICE, CHK_END },
	.writer = { .s2fwb_used = true, .mev_used = false, .update_safe = false,
		    .safe_mev = false, .safe_eats_trans = false,
		    .source = "67e4fe398513 (S2FWB in the S2 used bits)" },
};

static const struct host_policy policy_v6_15 = {
	.name = "v6.15",
	.summary = "as v6.13, plus MEV in the nested STE and a vDEVICE for every attach",
	.source = "da0c56520e88 and the vmaster series (v6.15)",
	.allowed0 = NESTING_ALLOWED_DW0,
	.allowed1 = NESTING_ALLOWED_DW1,
	.v0_sanitized = true,
	.eats_accepted = (1u << STE_EATS_ABT) | (1u << STE_EATS_TRANS),
	.ats = ATS_GUEST_EATS,
	.vdevice = VDEV_ALWAYS,
	.mev_nested = true,
	.viommu_invalidate = true,
	.phys_cfg_bypass = STE_CFG_S2_TRANS,
	.phys_cfg_s1 = STE_CFG_NESTED,
	.checks = { CHK_HWPT_PAGING, CHK_NEST_PARENT, CHK_NESTING,
		    CHK_SAME_SMMU, CHK_FORCE_SYNC, CHK_CANWBS_OR_FWB, CHK_FLAGS,
		    CHK_VSTE, CHK_SSIDS_EBUSY, CHK_VDEVICE, CHK_END },
	.writer = { .s2fwb_used = true, .mev_used = true, .update_safe = false,
		    .safe_mev = false, .safe_eats_trans = false,
		    .source = "67e4fe398513, da0c56520e88 (MEV in both used lists)" },
};

static const struct host_policy policy_v7_0 = {
	.name = "v7.0",
	.summary = "as v6.15, plus ATS forced off only for S1-translate vSTEs without EATS=TRANS",
	.source = "a45dd3466302, 81c45c62dc3e (v6.19/v7.0)",
	.allowed0 = NESTING_ALLOWED_DW0,
	.allowed1 = NESTING_ALLOWED_DW1,
	.v0_sanitized = true,
	.eats_accepted = (1u << STE_EATS_ABT) | (1u << STE_EATS_TRANS),
	.ats = ATS_GUEST_EATS_S1_ONLY,
	.vdevice = VDEV_S1_ONLY,
	.mev_nested = true,
	.viommu_invalidate = true,
	.phys_cfg_bypass = STE_CFG_S2_TRANS,
	.phys_cfg_s1 = STE_CFG_NESTED,
	/* arm_smmu_get_viommu_size() runs before the core looks up the parent */
	.checks = { CHK_NESTING, CHK_FORCE_SYNC, CHK_CANWBS_OR_FWB,
		    CHK_HWPT_PAGING, CHK_NEST_PARENT, CHK_SAME_SMMU, CHK_FLAGS,
		    CHK_VSTE, CHK_SSIDS_EBUSY, CHK_VDEVICE, CHK_END },
	.writer = { .s2fwb_used = true, .mev_used = true, .update_safe = true,
		    .safe_mev = true, .safe_eats_trans = true,
		    .source = "2781f2a930ab (update_safe), f3c1d372dbb8 (MEV safe), "
			      "7cad80048595 (EATS_TRANS safe)" },
};

const struct host_policy *const host_policies[] = {
	&policy_seed_v2, &policy_v6_13, &policy_v6_15, &policy_v7_0,
};
const unsigned host_policy_count = sizeof(host_policies) / sizeof(host_policies[0]);

const struct host_policy *host_policy_find(const char *name)
{
	for (unsigned i = 0; i < host_policy_count; i++)
		if (strcmp(host_policies[i]->name, name) == 0)
			return host_policies[i];
	return NULL;
}

const struct host_policy *host_policy_default(void)
{
	return &policy_v7_0;
}

/*
 * Default parent: the stage-2 STE Linux builds for a nest-parent domain with
 * VMID 1, 4 KB granule, 48-bit IPA starting at level 0 (S2T0SZ=16, S2SL0=2),
 * WBRA inner/outer, inner shareable, S2PS=48 bits, S2AA64, S2PTW, S2R, and
 * SHCFG=incoming (FEAT_ATTR_TYPES_OVR); S2TTB at 0x40000000.
 */
const u64 host_default_parent[STE_DWORDS] = {
	0x000000000000000dULL, /* V=1, Config=6 (stage 2 only) */
	0x0000100000000000ULL, /* SHCFG=1 */
	0x044d359000000001ULL, /* S2R|S2PTW|S2AA64|S2PS=5|SH0=3|OR0=1|IR0=1|SL0=2|T0SZ=16|VMID=1 */
	0x0000000040000000ULL, /* S2TTB */
	0, 0, 0, 0,
};

static const char *const errno_names[SN_ERRNO_COUNT] = {
	[SN_OK] = "OK", [SN_EIO] = "EIO", [SN_EINVAL] = "EINVAL",
	[SN_EOPNOTSUPP] = "EOPNOTSUPP", [SN_EBUSY] = "EBUSY",
	[SN_ENOENT] = "ENOENT",
};

const char *sn_errno_name(int err)
{
	if (err < 0 || err >= SN_ERRNO_COUNT)
		return "E?";
	return errno_names[err];
}

bool sn_errno_parse(const char *name, int *err)
{
	for (int i = 1; i < SN_ERRNO_COUNT; i++) {
		if (strcmp(errno_names[i], name) == 0) {
			*err = i;
			return true;
		}
	}
	return false;
}

static const char *const stage_names[SN_STAGE_COUNT] = {
	[SN_STAGE_NONE] = "none", [SN_STAGE_VIOMMU] = "viommu",
	[SN_STAGE_ALLOC] = "alloc", [SN_STAGE_ATTACH] = "attach",
};

const char *sn_stage_name(enum sn_stage s)
{
	return (unsigned)s < SN_STAGE_COUNT ? stage_names[s] : "?";
}

bool sn_stage_parse(const char *name, enum sn_stage *s)
{
	for (unsigned i = 1; i < SN_STAGE_COUNT; i++) {
		if (strcmp(stage_names[i], name) == 0) {
			*s = (enum sn_stage)i;
			return true;
		}
	}
	return false;
}

void host_env_default(struct host_env *env)
{
	*env = (struct host_env){
		.nesting = true, .trans_s1 = true, .s2fwb = false,
		.cmdq_force_sync = false, .canwbs = true, .ats_supported = false,
		.parent_paging = true, .parent_s2 = true,
		.parent_same_smmu = true, .parent_nest_parent = true,
		.ssids_in_use = false, .vdevice = true, .alloc_flags = 0,
	};
}

#define ENV_KEY(n, m) { n, offsetof(struct host_env, m) }
const struct host_env_key host_env_keys[] = {
	ENV_KEY("nesting", nesting),
	ENV_KEY("trans-s1", trans_s1),
	ENV_KEY("s2fwb", s2fwb),
	ENV_KEY("cmdq-force-sync", cmdq_force_sync),
	ENV_KEY("canwbs", canwbs),
	ENV_KEY("ats-supported", ats_supported),
	ENV_KEY("parent-paging", parent_paging),
	ENV_KEY("parent-s2", parent_s2),
	ENV_KEY("parent-same-smmu", parent_same_smmu),
	ENV_KEY("parent-nest-parent", parent_nest_parent),
	ENV_KEY("ssids-in-use", ssids_in_use),
	ENV_KEY("vdevice", vdevice),
};
const unsigned host_env_key_count = sizeof(host_env_keys) / sizeof(host_env_keys[0]);

bool host_env_set(struct host_env *env, const char *key, u64 value)
{
	if (strcmp(key, "alloc-flags") == 0) {
		if (value > UINT32_MAX)
			return false;
		env->alloc_flags = (u32)value;
		return true;
	}
	for (unsigned i = 0; i < host_env_key_count; i++) {
		if (strcmp(host_env_keys[i].name, key) == 0) {
			if (value > 1)
				return false;
			*(bool *)((char *)env + host_env_keys[i].offset) = value;
			return true;
		}
	}
	return false;
}

bool host_parent_ok(const u64 parent[STE_DWORDS], const char **why)
{
	if (!(parent[0] & STE_DW0_V)) {
		*why = "parent STE must be valid (V=1)";
		return false;
	}
	if (sn_field_get(STE_DW0_CONFIG, parent[0]) != STE_CFG_S2_TRANS) {
		*why = "parent STE must be stage-2 only (Config=6)";
		return false;
	}
	/*
	 * A nest parent is the STE of a kernel stage-2 domain, whose word 0
	 * holds V and Config only (arm_smmu_make_s2_domain_ste()); the nested
	 * STE's word 0 is built from the guest's, so any other parent bit there
	 * could not be kept (fuzz/repro/vste-parent-dw0-host-bits.yaml).
	 */
	if (parent[0] & ~(STE_DW0_V | STE_DW0_CONFIG)) {
		*why = "parent STE word 0 may hold only V and Config, as a kernel stage-2 STE does";
		return false;
	}
	if (sn_field_get(STE_DW1_EATS, parent[1]) != STE_EATS_ABT) {
		*why = "parent STE must have EATS=0 (the policy sets EATS)";
		return false;
	}
	return true;
}

bool host_setup_ok(const u64 parent[STE_DWORDS], const struct host_env *env,
		   const char **why)
{
	if ((parent[2] & STE_DW2_S2S) && env->ats_supported) {
		*why = "a stall-enabled master (parent S2S=1) cannot support ATS";
		return false;
	}
	return true;
}

void ste_make_abort(u64 ste[STE_DWORDS])
{
	memset(ste, 0, STE_DWORDS * sizeof(*ste));
	ste[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_ABORT);
}

static void refuse(struct vste_result *out, int err, enum sn_stage stage,
		   enum env_check check, const char *reason)
{
	out->err = err;
	out->stage = stage;
	out->check = check;
	snprintf(out->reason, sizeof(out->reason), "%s", reason);
}

/* The stage a check belongs to depends on the policy generation. */
static enum sn_stage check_stage(const struct host_policy *p, enum env_check c)
{
	bool merged = p->v0_sanitized;

	switch (c) {
	case CHK_HWPT_PAGING:
	case CHK_NEST_PARENT:
	case CHK_NESTING:
	case CHK_SAME_SMMU:
	case CHK_FORCE_SYNC:
	case CHK_CANWBS_OR_FWB:
		return merged ? SN_STAGE_VIOMMU : SN_STAGE_ALLOC;
	case CHK_SSIDS_OR_SMMU_EINVAL:
	case CHK_SSIDS_EBUSY:
	case CHK_VDEVICE:
		return SN_STAGE_ATTACH;
	default:
		return SN_STAGE_ALLOC;
	}
}

/*
 * The vSTE data checks: arm_smmu_validate_vste() in the merged code, the
 * tail of arm_smmu_domain_alloc_nesting() in seed-v2.  Fills out->stored
 * and out->enable_ats on success.
 */
static bool check_vste(const struct host_policy *p, const u64 vste[2],
		       struct vste_result *out)
{
	u64 w0 = vste[0], w1 = vste[1];
	u64 cfg, eats;

#if SN_MUTANT == SN_MUT_V0_NOT_SANITIZED /* mutant v0-not-sanitized: V=0 checked like V=1 */
	struct host_policy unsanitized = *p;
	unsanitized.v0_sanitized = false;
	p = &unsanitized;
#endif
	/* Merged code: a non-valid vSTE is zeroed and accepted, unchecked. */
	if (p->v0_sanitized && !(w0 & STE_DW0_V)) {
		out->stored[0] = out->stored[1] = 0;
		out->enable_ats = false;
		return true;
	}
	/* "EIO is reserved for invalid STE data." */
	if ((w0 & ~p->allowed0) || (w1 & ~p->allowed1)) {
		out->err = SN_EIO;
		snprintf(out->reason, sizeof(out->reason),
			 "vSTE sets bits outside the nesting masks: word 0 0x%016llx, word 1 0x%016llx",
			 (unsigned long long)(w0 & ~p->allowed0),
			 (unsigned long long)(w1 & ~p->allowed1));
		return false;
	}
	cfg = sn_field_get(STE_DW0_CONFIG, w0);
	if (cfg != STE_CFG_ABORT && cfg != STE_CFG_BYPASS && cfg != STE_CFG_S1_TRANS) {
		out->err = SN_EIO;
		snprintf(out->reason, sizeof(out->reason),
			 "vSTE Config %llu is not abort (0), bypass (4) or S1 translate (5)",
			 (unsigned long long)cfg);
		return false;
	}
	eats = sn_field_get(STE_DW1_EATS, w1);
#if SN_MUTANT == SN_MUT_S1CHK_ACCEPTED /* mutant s1chk-accepted: S1CHK taken as TRANS */
	if (eats == STE_EATS_S1CHK)
		eats = STE_EATS_TRANS;
#endif
	if (!(p->eats_accepted & (1u << eats))) {
		out->err = SN_EIO;
		snprintf(out->reason, sizeof(out->reason),
			 "vSTE EATS %llu is not accepted by %s", (unsigned long long)eats,
			 p->name);
		return false;
	}
	out->stored[0] = w0;
	out->stored[1] = (p->bugs & BUG_EATS_NOT_STRIPPED) ? w1 : w1 & ~STE_DW1_EATS;
#if SN_MUTANT == SN_MUT_EATS_NOT_STRIPPED /* mutant eats-not-stripped */
	out->stored[1] = w1;
#endif
	out->enable_ats = p->ats != ATS_NEVER && cfg == STE_CFG_S1_TRANS &&
			  eats == STE_EATS_TRANS;
	return true;
}

static bool stored_is_s1(const struct vste_result *r)
{
	return (r->stored[0] & STE_DW0_V) &&
	       sn_field_get(STE_DW0_CONFIG, r->stored[0]) == STE_CFG_S1_TRANS;
}

/* Does check @c refuse?  Sets out on refusal. */
static bool run_check(const struct host_policy *p, enum env_check c,
		      const u64 vste[2], const struct host_env *env,
		      struct vste_result *out)
{
	enum sn_stage st = check_stage(p, c);

	switch (c) {
	case CHK_HWPT_PAGING:
		if (env->parent_paging)
			return false;
		refuse(out, SN_ENOENT, st, c, "parent object is not a paging HWPT");
		return true;
	case CHK_NEST_PARENT:
		if (env->parent_nest_parent)
			return false;
		refuse(out, SN_EINVAL, st, c, "parent was not allocated with IOMMU_HWPT_ALLOC_NEST_PARENT");
		return true;
	case CHK_NESTING:
		if (env->nesting)
			return false;
		refuse(out, SN_EOPNOTSUPP, st, c, "SMMU lacks ARM_SMMU_FEAT_NESTING");
		return true;
	case CHK_SAME_SMMU:
		if (env->parent_same_smmu)
			return false;
		refuse(out, SN_EINVAL, st, c, "parent domain is on another SMMU");
		return true;
	case CHK_FORCE_SYNC:
		if (!env->cmdq_force_sync)
			return false;
		refuse(out, SN_EOPNOTSUPP, st, c, "SMMU needs ARM_SMMU_OPT_CMDQ_FORCE_SYNC");
		return true;
	case CHK_CANWBS_OR_FWB:
		if (env->canwbs || env->s2fwb)
			return false;
		refuse(out, SN_EOPNOTSUPP, st, c, "device is not CANWBS and the SMMU lacks S2FWB");
		return true;
	case CHK_FLAGS:
		if (env->alloc_flags == 0)
			return false;
		refuse(out, SN_EOPNOTSUPP, st, c, "nested allocation flags must be 0");
		return true;
	case CHK_FLAGS_OR_TRANS_S1:
		if (env->alloc_flags == 0 && env->trans_s1)
			return false;
		refuse(out, SN_EOPNOTSUPP, st, c, "allocation flags set or SMMU lacks ARM_SMMU_FEAT_TRANS_S1");
		return true;
	case CHK_PARENT_PAGING:
		if (env->parent_paging)
			return false;
		refuse(out, SN_EINVAL, st, c, "parent is not a paging domain");
		return true;
	case CHK_PARENT_S2_SAME_SMMU:
		if (env->parent_s2 && env->parent_same_smmu)
			return false;
		refuse(out, SN_EINVAL, st, c, "parent is not a stage-2 domain on the device's SMMU");
		return true;
	case CHK_VSTE:
		if (check_vste(p, vste, out))
			return false;
		out->stage = st;
		out->check = c;
		return true;
	case CHK_SSIDS_OR_SMMU_EINVAL:
		if (!env->ssids_in_use && env->parent_same_smmu)
			return false;
		refuse(out, SN_EINVAL, st, c, "device has PASIDs in use (or another SMMU)");
		return true;
	case CHK_SSIDS_EBUSY:
		if (!env->ssids_in_use)
			return false;
		refuse(out, SN_EBUSY, st, c, "device has PASIDs in use");
		return true;
	case CHK_VDEVICE:
		if (env->vdevice || p->vdevice == VDEV_NOT_NEEDED)
			return false;
		if (p->vdevice == VDEV_S1_ONLY && !stored_is_s1(out))
			return false;
		refuse(out, SN_ENOENT, st, c, "no vDEVICE for the device on this vIOMMU");
		return true;
	/* LCOV_EXCL_START: sentinels: host_policy_apply() stops at CHK_END; no list holds CHK_COUNT */
	case CHK_END:
	case CHK_COUNT:
		break;
	}
	return false;
	/* LCOV_EXCL_STOP */
}

/* arm_smmu_attach_dev_nested(): the disable_ats rule, then arm_smmu_attach_prepare(). */
static bool decide_ats(const struct host_policy *p, const struct vste_result *r,
		       const struct host_env *env)
{
	bool disable;

	switch (p->ats) {
	case ATS_NEVER:
		disable = true;
		break;
	case ATS_GUEST_EATS:
		disable = !r->enable_ats;
		break;
	case ATS_GUEST_EATS_S1_ONLY:
	default:
		disable = stored_is_s1(r) ? !r->enable_ats : false;
		break;
	}
	return !disable && env->ats_supported;
}

/* arm_smmu_make_s2_domain_ste(): the parent with the host's EATS choice. */
static void make_s2_ste(const u64 parent[STE_DWORDS], bool ats, u8 cfg,
			u64 ste[STE_DWORDS])
{
	memcpy(ste, parent, STE_DWORDS * sizeof(*ste));
	ste[0] = sn_field_set(STE_DW0_CONFIG, ste[0], cfg);
	ste[1] = sn_field_set(STE_DW1_EATS, ste[1], ats ? STE_EATS_TRANS : STE_EATS_ABT);
}

/* arm_smmu_make_nested_domain_ste() */
static void make_physical_ste(const struct host_policy *p, const u64 parent[STE_DWORDS],
			      struct vste_result *r)
{
	u64 cfg = sn_field_get(STE_DW0_CONFIG, r->stored[0]);

	if (!(r->stored[0] & STE_DW0_V))
		cfg = STE_CFG_ABORT;   /* relayed as abort, not as V=0 */

	switch (cfg) {
	case STE_CFG_S1_TRANS:
		/* arm_smmu_make_nested_cd_table_ste() */
		make_s2_ste(parent, r->ats, p->phys_cfg_s1, r->ste);
		r->ste[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, p->phys_cfg_s1) |
			    (r->stored[0] & ~STE_DW0_CONFIG);
		r->ste[1] |= r->stored[1];
		if (p->bugs & BUG_DW1_INTO_DW2)
			r->ste[2] |= r->stored[1];
#if SN_MUTANT == SN_MUT_GUEST_BITS_S2VMID /* mutant guest-bits-s2vmid */
		r->ste[2] |= r->stored[1];
#endif
		if (p->mev_nested)
			r->ste[1] |= STE_DW1_MEV;
		break;
	case STE_CFG_BYPASS:
		make_s2_ste(parent, r->ats, p->phys_cfg_bypass, r->ste);
#if SN_MUTANT == SN_MUT_BYPASS_PHYS_BYPASS /* mutant bypass-phys-bypass */
		r->ste[0] = sn_field_set(STE_DW0_CONFIG, r->ste[0], STE_CFG_BYPASS);
#endif
		break;
	default:
		ste_make_abort(r->ste);
		break;
	}
}

void host_policy_apply(const struct host_policy *p, const u64 vste[2],
		       const u64 parent[STE_DWORDS], const struct host_env *env,
		       struct vste_result *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < POLICY_MAX_CHECKS && p->checks[i] != CHK_END; i++) {
		if (run_check(p, p->checks[i], vste, env, out))
			return;
	}
	out->err = SN_OK;
	out->ats = decide_ats(p, out, env);
	make_physical_ste(p, parent, out);
	snprintf(out->reason, sizeof(out->reason), "accepted");
}

/*
 * KUnit's S2 fixture (linux.md §6.2: vttbr 0xdaedbeefdeadbeef, vtcr {ps 1,
 * tg 2, sh 3, orgn 1, irgn 2, sl 3, tsz 4}, VMID 0, ATTR_TYPES_OVR) without
 * EATS: the parent the kernel's worked example nests over.
 */
static const u64 kunit_s2_parent[STE_DWORDS] = {
	0x000000000000000dULL, 0x0000100000000000ULL,
	0x0449b6c400000000ULL, 0x000dbeefdeadbee0ULL, 0, 0, 0, 0,
};

bool host_parent_by_name(const char *name, u64 parent[STE_DWORDS])
{
	const u64 *src = NULL;

	if (strcmp(name, "default") == 0)
		src = host_default_parent;
	else if (strcmp(name, "kunit-s2") == 0)
		src = kunit_s2_parent;
	if (!src)
		return false;
	memcpy(parent, src, STE_DWORDS * sizeof(*parent));
	return true;
}
