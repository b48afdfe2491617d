/* SPDX-License-Identifier: MIT */
/*
 * What the host kernel puts on the command queue when its stage-2 domain
 * changes (linux.md §4.1): arm_smmu_tlb_inv_range_domain() for iotlb_sync
 * and tlb_flush_walk, arm_smmu_tlb_inv_context() for tlb_flush_all.
 *
 * Three steps, each ended by a CMD_SYNC:
 *   1. TLBI_S2_IPA over the change (one per granule, or RIL range commands);
 *   2. for a nest parent, TLBI_NH_ALL of the VMID: S2_IPA need not remove
 *      combined S1+S2 entries (IHI0070 §4.4.3.1; arch.md §4.4);
 *   3. ATC_INV per StreamID of every ATS master on the domain: full for a
 *      master attached through a nested domain, ranged otherwise.
 * tlb_flush_all is TLBI_S12_VMALL + SYNC, then step 3 over everything.
 *
 * The model keeps no state: the domain and its masters are a description,
 * the queue is a callback, and the answer is a result.
 */
#ifndef SMMU_NEST_S2INVAL_H
#define SMMU_NEST_S2INVAL_H

#include <stddef.h>

#include <smmu-nest/bits.h>
#include <smmu-nest/policy.h>

/* One master_domain on the S2 domain's devices list. */
struct s2inv_master {
	const u32 *sids;            /* master->streams[].id, in order */
	size_t nsids;               /* at least 1 */
	bool ats_enabled;           /* master->ats_enabled */
	bool nested;                /* attached through a nested domain on this parent */
	bool nested_ats_flush;      /* v6.13+: nested_domain->enable_ats */
	u32 ssid;                   /* master_domain->ssid (0: IOMMU_NO_PASID) */
};

/* The stage-2 domain and the SMMU it lives on. */
struct s2inv_domain {
	u16 vmid;                   /* s2_cfg.vmid */
	bool nest_parent;           /* allocated with IOMMU_HWPT_ALLOC_NEST_PARENT */
	unsigned page_shift;        /* __ffs(pgsize_bitmap): 12, 14 or 16 */
	bool range_inv;             /* ARM_SMMU_FEAT_RANGE_INV (SMMU_IDR3.RIL) */
	bool ats;                   /* ARM_SMMU_FEAT_ATS */
	const struct s2inv_master *masters; /* the devices list, in list order */
	size_t nmasters;
};

enum s2inv_kind {
	S2INV_RANGE,                /* arm_smmu_tlb_inv_range_domain() */
	S2INV_FLUSH_ALL,            /* arm_smmu_tlb_inv_context() */
};

/* The change: for S2INV_FLUSH_ALL only the kind is read. */
struct s2inv_change {
	enum s2inv_kind kind;
	u64 iova, size;             /* IPA range, page-aligned, size != 0 */
	u64 granule;                /* leaf: the leaf's size; walk: the page size */
	bool leaf;                  /* iotlb_sync (true) or tlb_flush_walk (false) */
};

/* Which kernel step issued a command (a CMD_SYNC belongs to the step it closes). */
enum s2inv_step {
	S2INV_STEP_S2,              /* TLBI_S2_IPA, or TLBI_S12_VMALL for a full flush */
	S2INV_STEP_NH_ALL,          /* TLBI_NH_ALL of a nest parent */
	S2INV_STEP_ATC,             /* ATC_INV */
	S2INV_STEP_COUNT
};

/*
 * The host command queue, called once per command in queue order, CMD_SYNCs
 * included.  A NULL function discards the commands (the counts remain).
 */
struct s2inv_queue {
	void (*emit)(void *ctx, const u64 cmd[2], enum s2inv_step step);
	void *ctx;
};

/* Commands the model will generate for one step before it refuses. */
#define S2INV_MAX_STEP_CMDS (1u << 20)

struct s2inv_result {
	int err;                    /* SN_OK or SN_EINVAL (the input cannot occur) */
	size_t ncmds;               /* commands emitted, CMD_SYNCs included */
	size_t nsyncs;              /* of which CMD_SYNC */
	size_t per_step[S2INV_STEP_COUNT]; /* commands per step, CMD_SYNCs included */
	char reason[160];           /* one sentence naming the rule */
};

/*
 * The commands @p's kernel issues for @c on @d, in queue order, through @q.
 * On SN_EINVAL nothing was emitted.
 */
void s2inv_run(const struct host_policy *p, const struct s2inv_domain *d,
	       const struct s2inv_change *c, const struct s2inv_queue *q,
	       struct s2inv_result *out);

/*
 * The CMD_SYNC the kernel builds without MSI polling: CS=SEV, MSH=ISH,
 * MSIAttr=OIWB (arm_smmu_cmdq_build_cmd; linux.md §1.3).
 */
void s2inv_sync_cmd(u64 cmd[2]);

/*
 * A ready-made queue that records what was emitted, for tests and the CLI.
 * The caller provides the storage; what does not fit is counted in @total,
 * not stored, and @overflow is set.
 */
struct s2inv_entry {
	u64 cmd[2];
	enum s2inv_step step;
};

struct s2inv_log {
	struct s2inv_entry *entries;
	size_t cap, n;
	size_t total;               /* commands seen, stored or not */
	bool overflow;
};

/* Point @q at @log (its storage already filled in). */
void s2inv_log_queue(struct s2inv_log *log, struct s2inv_queue *q);

#endif
