/* SPDX-License-Identifier: MIT */
/*
 * What the host kernel does with a guest's IOMMU_HWPT_INVALIDATE array on
 * a vIOMMU (arm_vsmmu_cache_invalidate() and arm_vsmmu_convert_user_cmd(),
 * linux.md §5): each 128-bit guest command is checked against a whitelist,
 * its VMID or StreamID is forced to the host's, and the converted commands
 * go to the main command queue in batches, each ended by a CMD_SYNC.
 *
 * The model keeps no state: the vIOMMU is a description (its VMID and its
 * vDEVICEs), the host queue is a callback, and the answer is a result.
 */
#ifndef SMMU_NEST_VIOMMU_H
#define SMMU_NEST_VIOMMU_H

#include <stddef.h>

#include <smmu-nest/bits.h>
#include <smmu-nest/policy.h>

/* CMDQ_BATCH_ENTRIES = BITS_PER_LONG on a 64-bit host (linux.md §1.3). */
#define VIOMMU_CMDQ_BATCH_ENTRIES 64
/* Commands per arm_smmu_cmdq_issue_cmdlist() call: CMDQ_BATCH_ENTRIES - 1. */
#define VIOMMU_BATCH_MAX (VIOMMU_CMDQ_BATCH_ENTRIES - 1)

/* One vDEVICE: IOMMU_VDEVICE_ALLOC's virt_id (the vSID) and streams[0].id. */
struct viommu_vdev {
	u32 vsid;
	u32 psid;
};

/* A vIOMMU as the invalidation path sees it. */
struct viommu {
	u16 vmid;                       /* vsmmu->vmid: the S2 parent's VMID */
	const struct viommu_vdev *vdevs;/* the vDEVICE xarray; first match wins */
	size_t nvdevs;
};

/*
 * The host command queue: called once per batch, as
 * arm_smmu_cmdq_issue_cmdlist(smmu, &smmu->cmdq, cmds, n, sync) is.
 * Returns 0, or a non-zero errno the model passes back unchanged (the
 * kernel's would be -ETIMEDOUT from a CMD_SYNC that never completes).
 * A NULL function is a queue on which every issue succeeds.
 */
struct viommu_queue {
	int (*issue)(void *ctx, const u64 (*cmds)[2], unsigned n, bool sync);
	void *ctx;
};

struct viommu_inv_result {
	int err;                 /* SN_OK, SN_EIO, SN_EOPNOTSUPP or the queue's errno */
	size_t entry_num;        /* what the kernel writes back into entry_num */
	size_t issues;           /* issue calls made, the failed one included */
	size_t unissued;         /* converted but never issued (edge case (a)) */
	char reason[160];        /* one sentence naming the rule */
};

/*
 * Does @p's kernel have the vIOMMU invalidation path?  seed-v2 has no
 * vIOMMU object at all (policy/viommu.c says why).
 */
bool viommu_inv_supported(const struct host_policy *p);

/*
 * arm_vsmmu_convert_user_cmd(): convert one guest command @in for the
 * vIOMMU @v into the host command @out.  Returns SN_OK or SN_EIO; @why (may
 * be NULL) names the rule.  @out is written only on SN_OK.
 */
int viommu_convert_cmd(const struct host_policy *p, const struct viommu *v,
		       const u64 in[2], u64 out[2], const char **why);

/*
 * arm_vsmmu_cache_invalidate(): convert and issue the @n guest commands
 * @cmds on @q, exactly as the kernel's loop does, including its two
 * error-path quirks (linux.md §5):
 *  (a) a conversion failure at entry k reports entry_num = k although
 *      entries [last, k) of the open batch were converted and never issued;
 *  (b) an issue failure reports entry_num = (end of that batch) - 1.
 * Needs no memory beyond one batch, so @n is unbounded.
 */
void viommu_invalidate(const struct host_policy *p, const struct viommu *v,
		       const u64 (*cmds)[2], size_t n,
		       const struct viommu_queue *q, struct viommu_inv_result *out);

/*
 * A ready-made queue that records what was issued, for tests and the CLI.
 * The caller provides the storage; whatever does not fit is counted, not
 * stored, and @overflow is set.  fail_issue = N makes the Nth issue call
 * (1-based) return fail_err; 0 never fails.
 */
struct viommu_batch {
	size_t first;            /* index of its first command in log->cmds */
	unsigned n;              /* commands in the batch */
	bool sync;               /* ended by a CMD_SYNC */
	int err;                 /* what the issue call returned */
};

struct viommu_log {
	u64 (*cmds)[2];
	size_t cmd_cap, ncmds;
	struct viommu_batch *batches;
	size_t batch_cap, nbatches;
	size_t calls;            /* issue calls seen, stored or not */
	size_t total_cmds;       /* commands seen, stored or not */
	bool overflow;           /* something did not fit */
	size_t fail_issue;       /* 1-based issue call to fail; 0: none */
	int fail_err;            /* errno for that call (0 is taken as SN_EIO) */
};

/* Point @q at @log (its storage and fault settings already filled in). */
void viommu_log_queue(struct viommu_log *log, struct viommu_queue *q);

#endif
