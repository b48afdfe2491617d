/* SPDX-License-Identifier: MIT */
/*
 * The device-under-test interface: how an implementation that is not
 * smmu-nest -- an emulator's SMMUv3 model, a VMM's vSMMU, a host driver's
 * vSTE checks and invalidation code built for user space -- is replayed
 * against the golden vectors (`smmu-nest replay --dut=PATH.so`).
 *
 * The implementation is a shared library exporting one function,
 *
 *	const struct sn_dut_ops *smmu_nest_dut(uint32_t abi_version);
 *
 * which returns its table of operations for @abi_version (the
 * SN_DUT_ABI_VERSION the replay was built with), or NULL if it does not
 * speak that version.  This header depends on nothing but <stdbool.h>,
 * <stddef.h> and <stdint.h>, so that an adapter needs none of smmu-nest to
 * build: copy this one file.  docs/dut.md walks through an adapter for an
 * emulator.
 *
 * Two roles, either or both:
 *
 *  - the SMMU (SN_DUT_CAP_SMMU): reset with given ID registers, take
 *    memory writes, point at a stream table, take commands, translate one
 *    transaction to an output address or a fault with its event record.
 *    Replays the architecture areas (ste, cd, walk) and, through the
 *    commands the model's host policy issues, the cache area (tlb).
 *
 *  - the host policy (SN_DUT_CAP_VSTE, SN_DUT_CAP_S2_CHANGE): the host
 *    kernel's decision on a guest's vSTE, and the commands it issues when
 *    its stage-2 page table changes.  Replays area vste, and the tlb
 *    vectors' stage-2 changes (judged by the model's staleness oracle).
 *
 * Vectors a DUT cannot run are reported as skipped, with the reason; a
 * skip is never a pass.  All numbers are host-endian integers; memory
 * words are 64-bit little-endian words of the SMMU's physical memory.
 */
#ifndef SMMU_NEST_DUT_H
#define SMMU_NEST_DUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Version 1.  A change that alters the layout of anything below, or the
 * meaning of a field, makes version 2; adding a capability bit with a new
 * function at the end of struct sn_dut_ops, guarded by that bit, does not.
 */
#define SN_DUT_ABI_VERSION 1u
#define SN_DUT_ENTRY "smmu_nest_dut"

/* Return values of the operations. */
enum sn_dut_status {
	SN_DUT_OK = 0,
	SN_DUT_UNSUPPORTED = 1, /* the DUT cannot do this: the vector is skipped */
	SN_DUT_FAILED = -1,     /* an internal error: the vector fails, with @msg */
};

/* What the DUT provides (struct sn_dut_ops.caps). */
#define SN_DUT_CAP_SMMU      0x01u   /* reset, write64, set_strtab, command, translate */
#define SN_DUT_CAP_ABORTS    0x02u   /* add_abort: memory ranges answering external aborts */
#define SN_DUT_CAP_VSTE      0x04u   /* validate_vste */
#define SN_DUT_CAP_S2_CHANGE 0x08u   /* s2_change */

/*
 * The SMMU's configuration at reset.  The ID registers as IHI0070 §6.3
 * encodes them; the replay fills the fields the model honours (arch.md §3):
 *   IDR0: S2P 0, S1P 1, TTF [3:2], HTTU [7:6], HYP 9, ATS 10, NS1ATS 11,
 *         ASID16 12, VMID16 18, CD2L 19, TTENDIAN [22:21],
 *         STALL_MODEL [25:24], TERM_MODEL 26, ST_LEVEL [28:27]
 *   IDR1: SIDSIZE [5:0], SSIDSIZE [10:6]
 *   IDR3: XNX 4, FWB 8, STT 9, RIL 10
 *   IDR5: OAS [2:0], GRAN4K 4, GRAN16K 5, GRAN64K 6
 * and leaves every other bit 0.  A DUT that cannot take a configuration
 * (say, it has no stage 1) answers SN_DUT_UNSUPPORTED.
 */
struct sn_dut_config {
	uint32_t idr[6];        /* SMMU_IDR0..IDR5; IDR2 and IDR4 are 0 */
	uint32_t cr0;           /* SMMU_CR0: SMMUEN 0 set, ATSCHK 4 */
	uint32_t cr2;           /* SMMU_CR2: E2H 0, RECINVSID 1 */
	uint32_t max_pages;     /* memory the vector may populate, in 4 KB pages */
};

/* A transaction (IHI0070 §3.9, §13.1). */
enum sn_dut_txn_kind {
	SN_DUT_TXN_UNTRANSLATED = 0,    /* an ordinary DMA */
	SN_DUT_TXN_ATS_REQUEST = 1,     /* an ATS Translation Request */
	SN_DUT_TXN_ATS_TRANSLATED = 2,  /* traffic marked ATS-translated */
};

struct sn_dut_txn {
	uint32_t sid;
	bool ssv;
	uint32_t ssid;
	uint64_t addr;
	bool write;
	bool priv;
	bool instr;             /* reads only */
	uint32_t kind;          /* enum sn_dut_txn_kind */
	bool device_atc;        /* the device's ATC answers first, if it holds the page */
};

/* What happened to it. */
enum sn_dut_disposition {
	SN_DUT_XLATE_OK = 0,            /* translated (or bypassed) to @pa */
	SN_DUT_XLATE_ABORT = 1,         /* terminated with an abort */
	SN_DUT_XLATE_STALL = 2,         /* stalled */
	SN_DUT_XLATE_RAZWI = 3,         /* terminated, read-as-zero / write-ignored */
	SN_DUT_XLATE_ATS_UR = 4,        /* ATS request: Unsupported Request */
	SN_DUT_XLATE_ATS_CA = 5,        /* ATS request: Completer Abort */
};

/* Which optional fields of struct sn_dut_result the DUT filled. */
#define SN_DUT_R_IPA        0x01u
#define SN_DUT_R_PAGE_SHIFT 0x02u
#define SN_DUT_R_S1_PERM    0x04u
#define SN_DUT_R_S2_PERM    0x08u
#define SN_DUT_R_ATS_GRANT  0x10u

/* Permission bits (s1_perm, s2_perm): what each stage allows. */
#define SN_DUT_PERM_R_PRIV   0x01u
#define SN_DUT_PERM_W_PRIV   0x02u
#define SN_DUT_PERM_X_PRIV   0x04u
#define SN_DUT_PERM_R_UNPRIV 0x08u
#define SN_DUT_PERM_W_UNPRIV 0x10u
#define SN_DUT_PERM_X_UNPRIV 0x20u

/* ATS Translation Completion permissions (ats_grant, IHI0070 §13.7.1). */
#define SN_DUT_ATS_R 0x1u
#define SN_DUT_ATS_W 0x2u
#define SN_DUT_ATS_X 0x4u

struct sn_dut_result {
	uint32_t disp;          /* enum sn_dut_disposition */
	uint64_t pa;            /* SN_DUT_XLATE_OK; for an ATS request, the translated address */
	uint32_t valid;         /* SN_DUT_R_*: which of the fields below are filled */
	uint64_t ipa;           /* stage-1 output (the input if stage 1 is bypassed) */
	uint32_t page_shift;    /* log2 of the size the translation covers */
	uint32_t s1_perm, s2_perm;      /* SN_DUT_PERM_*, all six for a bypassed stage */
	uint32_t ats_grant;     /* SN_DUT_ATS_* */
	/*
	 * The event the SMMU records, if any, as the four doublewords of its
	 * event-queue record (IHI0070 §7.3): the replay decodes and compares
	 * them field by field.
	 */
	bool has_event;
	uint64_t event[4];
};

/* ---- host policy -------------------------------------------------- */

/* Linux errno values a vSTE decision returns (0: accepted). */
#define SN_DUT_EIO        5
#define SN_DUT_ENOENT     2
#define SN_DUT_EBUSY      16
#define SN_DUT_EINVAL     22
#define SN_DUT_EOPNOTSUPP 95

/* Where the refusal happened (0: not reported, then not compared). */
enum sn_dut_stage {
	SN_DUT_STAGE_UNKNOWN = 0,
	SN_DUT_STAGE_VIOMMU = 1,        /* IOMMU_VIOMMU_ALLOC */
	SN_DUT_STAGE_ALLOC = 2,         /* IOMMU_HWPT_ALLOC of the nested domain */
	SN_DUT_STAGE_ATTACH = 3,        /* attaching the device */
};

/* The host facts a vSTE decision depends on (linux.md §2). */
struct sn_dut_vste_in {
	uint64_t vste[2];       /* the guest's vSTE, words 0 and 1 */
	uint64_t parent[8];     /* the nest parent's stage-2 STE */
	bool nesting;           /* ARM_SMMU_FEAT_NESTING */
	bool trans_s1;          /* ARM_SMMU_FEAT_TRANS_S1 */
	bool s2fwb;             /* ARM_SMMU_FEAT_S2FWB */
	bool cmdq_force_sync;   /* ARM_SMMU_OPT_CMDQ_FORCE_SYNC */
	bool canwbs;            /* the device: IOMMU_FWSPEC_PCI_RC_CANWBS */
	bool ats_supported;     /* the device supports ATS */
	bool parent_paging;     /* the parent is a paging domain */
	bool parent_s2;         /* the parent is a stage-2 domain */
	bool parent_same_smmu;  /* the parent is on the device's SMMU */
	bool parent_nest_parent;/* the parent was allocated as a nest parent */
	bool ssids_in_use;      /* the device has PASIDs attached */
	bool vdevice;           /* a vDEVICE exists for the device */
	uint32_t alloc_flags;   /* flags of the nested allocation */
};

struct sn_dut_vste_out {
	int err;                /* 0 accepted, else a SN_DUT_E* value */
	uint32_t stage;         /* enum sn_dut_stage, for a refusal */
	uint64_t ste[8];        /* accepted: the physical STE installed */
	bool ats;               /* accepted: ATS enabled on the device */
};

/* One master on the stage-2 domain (linux.md §4.1). */
struct sn_dut_s2_master {
	const uint32_t *sids;
	size_t nsids;
	bool ats_enabled;
	bool nested;            /* attached through a nested domain on this parent */
	bool nested_ats_flush;  /* the nested domain enabled ATS */
	uint32_t ssid;
};

struct sn_dut_s2_change {
	/* the domain */
	uint16_t vmid;
	bool nest_parent;
	unsigned page_shift;    /* 12, 14 or 16 */
	bool range_inv;         /* SMMU_IDR3.RIL */
	bool ats;               /* the SMMU supports ATS */
	const struct sn_dut_s2_master *masters;
	size_t nmasters;
	/* the change */
	bool flush_all;         /* the whole domain (then the range is unused) */
	uint64_t iova, size;    /* the IPA range */
	uint64_t granule;       /* the leaf size, or the page size for a walk change */
	bool leaf;              /* iotlb_sync (leaf) or tlb_flush_walk */
};

/* Where the host puts each command of its stage-2 change sequence. */
typedef void (*sn_dut_emit_fn)(void *ctx, const uint64_t cmd[2]);

/* ---- the table ----------------------------------------------------- */

#define SN_DUT_MSG 256

struct sn_dut_ops {
	uint32_t abi_version;   /* SN_DUT_ABI_VERSION */
	const char *name;       /* shown in reports */
	uint32_t caps;          /* SN_DUT_CAP_* */

	/*
	 * One instance.  @arg is the replay's --dut-arg string ("" if none).
	 * NULL with @msg set on failure; the replay then stops with status 2.
	 */
	void *(*open)(const char *arg, char msg[SN_DUT_MSG]);
	void (*close)(void *dut);

	/*
	 * SN_DUT_CAP_SMMU.  reset(): forget everything -- memory reads as
	 * zero, no stream table, every cache empty, the command queue running
	 * -- and take @cfg.  The replay calls it once per vector.
	 */
	int (*reset)(void *dut, const struct sn_dut_config *cfg, char msg[SN_DUT_MSG]);
	/* One 64-bit word of memory (8-byte aligned).  Memory writes never
	 * invalidate anything: the commands do (IHI0070 §4.8). */
	int (*write64)(void *dut, uint64_t pa, uint64_t value, char msg[SN_DUT_MSG]);
	/* SMMU_STRTAB_BASE (ADDR [55:6], RA 62) and SMMU_STRTAB_BASE_CFG
	 * (LOG2SIZE [5:0], SPLIT [10:6], FMT [17:16]). */
	int (*set_strtab)(void *dut, uint64_t base, uint32_t base_cfg, char msg[SN_DUT_MSG]);
	/*
	 * One command on the command queue (IHI0070 §4), executed in queue
	 * order; a CMD_SYNC completes the ones before it.  A command the DUT
	 * finds illegal stops its queue (CERROR_ILL, §7.1): return SN_DUT_OK
	 * and ignore the rest, as hardware would; the replay judges the
	 * translations that follow.
	 */
	int (*command)(void *dut, const uint64_t cmd[2], char msg[SN_DUT_MSG]);
	int (*translate)(void *dut, const struct sn_dut_txn *t, struct sn_dut_result *r,
			 char msg[SN_DUT_MSG]);

	/* SN_DUT_CAP_ABORTS: accesses to [pa, pa + size) answer an external abort. */
	int (*add_abort)(void *dut, uint64_t pa, uint64_t size, char msg[SN_DUT_MSG]);

	/* SN_DUT_CAP_VSTE: the host's whole path for one vSTE (linux.md §2). */
	int (*validate_vste)(void *dut, const struct sn_dut_vste_in *in,
			     struct sn_dut_vste_out *out, char msg[SN_DUT_MSG]);

	/*
	 * SN_DUT_CAP_S2_CHANGE: the commands, CMD_SYNCs included, that the host
	 * issues for @c, in queue order, each through @emit.
	 */
	int (*s2_change)(void *dut, const struct sn_dut_s2_change *c, sn_dut_emit_fn emit,
			 void *emit_ctx, char msg[SN_DUT_MSG]);
};

/* The one symbol an adapter exports. */
typedef const struct sn_dut_ops *(*sn_dut_entry_fn)(uint32_t abi_version);

#endif
