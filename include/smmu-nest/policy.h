/* SPDX-License-Identifier: MIT */
/*
 * Host kernel policies for guest-supplied virtual STEs.
 *
 * A guest (through a VMM and iommufd) hands the host two 64-bit words, the
 * vSTE.  The host either refuses it with an errno or installs a physical
 * STE that nests the guest's stage 1 over the host's stage-2 "parent" STE.
 * Each Linux version in the model is a row of data (struct host_policy)
 * over one shared procedure, host_policy_apply(); the differences between
 * versions are visible in policy/host.c at a glance.
 */
#ifndef SMMU_NEST_POLICY_H
#define SMMU_NEST_POLICY_H

#include <smmu-nest/ste.h>

/* Errnos by name; values are ours, not the host C library's. */
enum sn_errno {
	SN_OK = 0,
	SN_EIO,
	SN_EINVAL,
	SN_EOPNOTSUPP,
	SN_EBUSY,
	SN_ENOENT,
	SN_ERRNO_COUNT
};
const char *sn_errno_name(int err);
bool sn_errno_parse(const char *name, int *err);

/* Which kernel step refused the request. */
enum sn_stage {
	SN_STAGE_NONE = 0,
	SN_STAGE_VIOMMU,        /* IOMMU_VIOMMU_ALLOC (merged policies) */
	SN_STAGE_ALLOC,         /* IOMMU_HWPT_ALLOC of the nested domain */
	SN_STAGE_ATTACH,        /* attaching the device to the nested domain */
	SN_STAGE_COUNT
};
const char *sn_stage_name(enum sn_stage s);
bool sn_stage_parse(const char *name, enum sn_stage *s);

/*
 * Host facts the policies consult besides the vSTE and the parent STE.
 * host_env_default() gives a host on which every precondition holds.
 */
struct host_env {
	bool nesting;            /* ARM_SMMU_FEAT_NESTING */
	bool trans_s1;           /* ARM_SMMU_FEAT_TRANS_S1 */
	bool s2fwb;              /* ARM_SMMU_FEAT_S2FWB */
	bool cmdq_force_sync;    /* ARM_SMMU_OPT_CMDQ_FORCE_SYNC */
	bool canwbs;             /* device: IOMMU_FWSPEC_PCI_RC_CANWBS */
	bool ats_supported;      /* device: arm_smmu_ats_supported() */
	bool parent_paging;      /* parent is a paging domain */
	bool parent_s2;          /* parent is a stage-2 domain */
	bool parent_same_smmu;   /* parent lives on the device's SMMU */
	bool parent_nest_parent; /* parent allocated with ALLOC_NEST_PARENT */
	bool ssids_in_use;       /* device has PASIDs attached */
	bool vdevice;            /* a vDEVICE exists for the device */
	u32 alloc_flags;         /* flags passed to the nested allocation */
};
void host_env_default(struct host_env *env);

/* Names of the boolean host facts, for the CLI and the vector loader. */
struct host_env_key {
	const char *name;
	unsigned offset;         /* offsetof a bool in struct host_env */
};
extern const struct host_env_key host_env_keys[];
extern const unsigned host_env_key_count;
/* Set a fact by name; "alloc-flags" takes a number, the rest 0/1. */
bool host_env_set(struct host_env *env, const char *key, u64 value);

/* The precondition checks a policy may run, each with its errno. */
enum env_check {
	CHK_END = 0,
	CHK_HWPT_PAGING,        /* parent id is not a paging HWPT: ENOENT */
	CHK_NEST_PARENT,        /* parent not allocated as nest parent: EINVAL */
	CHK_NESTING,            /* no FEAT_NESTING: EOPNOTSUPP */
	CHK_SAME_SMMU,          /* parent on another SMMU: EINVAL */
	CHK_FORCE_SYNC,         /* OPT_CMDQ_FORCE_SYNC: EOPNOTSUPP */
	CHK_CANWBS_OR_FWB,      /* neither CANWBS nor S2FWB: EOPNOTSUPP */
	CHK_FLAGS,              /* non-zero alloc flags: EOPNOTSUPP */
	CHK_FLAGS_OR_TRANS_S1,  /* flags or no TRANS_S1: EOPNOTSUPP (seed) */
	CHK_PARENT_PAGING,      /* parent not paging: EINVAL (seed) */
	CHK_PARENT_S2_SAME_SMMU,/* parent not S2 or other SMMU: EINVAL (seed) */
	CHK_VSTE,               /* the vSTE data checks */
	CHK_SSIDS_OR_SMMU_EINVAL, /* PASIDs in use or other SMMU: EINVAL (seed) */
	CHK_SSIDS_EBUSY,        /* PASIDs in use: EBUSY (merged) */
	CHK_VDEVICE,            /* no vDEVICE, where the policy needs one: ENOENT */
	CHK_COUNT
};

/* When the host lets the device use ATS. */
enum ats_rule {
	ATS_NEVER,              /* seed-v2: disable_ats always */
	ATS_GUEST_EATS,         /* v6.13..v6.19: disable_ats = !enable_ats */
	ATS_GUEST_EATS_S1_ONLY, /* v7.0: disable_ats only for S1-translate vSTEs */
};

/* Which nested attaches need a vDEVICE (arm_smmu_attach_prepare_vmaster). */
enum vdevice_rule {
	VDEV_NOT_NEEDED,        /* before v6.15: no vmaster */
	VDEV_ALWAYS,            /* v6.15..v6.18 */
	VDEV_S1_ONLY,           /* v6.19+: abort/bypass may attach without */
};

#define POLICY_MAX_CHECKS 12

/*
 * Planted bugs, for proving that tests and invariants catch them.  Real
 * policies have none; tests (and later the mutant builds) set them on a
 * copy of a policy row.
 */
enum policy_bug {
	BUG_EATS_NOT_STRIPPED = 1u << 0, /* guest EATS reaches the physical STE */
	BUG_DW1_INTO_DW2 = 1u << 1,      /* guest word 1 ORed into DW2 (S2VMID) */
	BUG_VIOMMU_VMID_PASSTHROUGH = 1u << 2, /* vIOMMU TLBI keeps the guest's VMID (viommu.h) */
	BUG_S2INV_NO_NH_ALL = 1u << 3,   /* S2 change: no TLBI_NH_ALL (+SYNC) for a nest parent (s2inval.h) */
	BUG_S2INV_NO_ATC_FULL = 1u << 4, /* S2 change: ranged ATC_INV for nested ATS masters, not full */
	BUG_S2INV_NO_SYNC_BEFORE_NH_ALL = 1u << 5, /* S2 change: S2_IPA batch not synced before NH_ALL */
	BUG_S2INV_PARTIAL_RANGE = 1u << 6, /* S2 change: S2_IPA covers only the first granule */
};

/*
 * What the policy's kernel does when it rewrites a live STE or CD
 * (arm_smmu_write_entry(), linux.md §6.1; model in policy/writer.c).  Each
 * fact is the effect of one upstream commit, named in the row.
 */
struct writer_facts {
	bool s2fwb_used;             /* S2FWB in the stage-2 used bits (67e4fe398513, v6.13) */
	bool mev_used;               /* MEV in the S1 and S2 used bits (da0c56520e88, v6.15) */
	bool update_safe;            /* get_update_safe() exists (2781f2a930ab, v7.0) */
	bool safe_mev;               /* MEV always update-safe (f3c1d372dbb8, v7.0) */
	bool safe_eats_trans;        /* EATS_TRANS safe without S1CHK/S2S (7cad80048595, v7.0) */
	const char *source;          /* the commits the row is taken from */
};

struct host_policy {
	const char *name;
	const char *summary;
	const char *source;          /* commit or patch the row is taken from */
	u64 allowed0, allowed1;      /* vSTE bits the guest may set */
	bool v0_sanitized;           /* V=0: zero the vSTE and accept it */
	u8 eats_accepted;            /* bit n set: EATS value n is accepted */
	enum ats_rule ats;
	enum vdevice_rule vdevice;
	bool mev_nested;             /* MEV=1 in the nested CD-table STE */
	bool viommu_invalidate;      /* IOMMU_HWPT_INVALIDATE on a vIOMMU (d68beb276ba2, v6.13) */
	u8 phys_cfg_bypass;          /* physical Config for a bypass vSTE (6) */
	u8 phys_cfg_s1;              /* physical Config for an S1 vSTE (7) */
	enum env_check checks[POLICY_MAX_CHECKS]; /* in kernel order, CHK_END-terminated */
	struct writer_facts writer;  /* the live entry writer (writer.h) */
	unsigned bugs;               /* enum policy_bug; 0 in every real policy */
};

extern const struct host_policy *const host_policies[];
extern const unsigned host_policy_count;
const struct host_policy *host_policy_find(const char *name);
const struct host_policy *host_policy_default(void);

struct vste_result {
	int err;                 /* SN_OK or an enum sn_errno */
	enum sn_stage stage;     /* where it was refused */
	enum env_check check;    /* which check refused it */
	char reason[192];        /* one sentence naming the rule */
	u64 stored[2];           /* vSTE as the kernel keeps it (accepted) */
	bool enable_ats;         /* guest asked for ATS (merged policies) */
	bool ats;                /* host enables ATS on the device */
	u64 ste[STE_DWORDS];     /* the physical STE installed */
};

/*
 * The whole host path for one vSTE: vIOMMU creation, nested-domain
 * allocation with the vSTE checks, attach, and the physical STE.
 */
void host_policy_apply(const struct host_policy *p, const u64 vste[2],
		       const u64 parent[STE_DWORDS], const struct host_env *env,
		       struct vste_result *out);

/* The documented default parent: a 4 KB, 48-bit, VMID 1 stage-2 STE. */
extern const u64 host_default_parent[STE_DWORDS];

/*
 * Is @parent usable as a nest parent: a valid stage-2-only STE (V=1,
 * Config=6) with EATS=0?  On failure @why says which, for a usage error.
 */
bool host_parent_ok(const u64 parent[STE_DWORDS], const char **why);

/*
 * Can @parent and @env describe one real host?  A stall-enabled master (the
 * parent has S2S=1) is a platform device, which never supports ATS; the
 * kernel cannot build that pair, and its STE would be ILLEGAL (EATS with
 * S2S, IHI0070 §5.2).  On failure @why says which, for a usage error.
 */
bool host_setup_ok(const u64 parent[STE_DWORDS], const struct host_env *env,
		   const char **why);

/* The abort STE of arm_smmu_make_abort_ste(): V=1, Config=0, all else 0. */
void ste_make_abort(u64 ste[STE_DWORDS]);

#endif
