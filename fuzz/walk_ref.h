/* SPDX-License-Identifier: MIT */
/*
 * A second VMSAv8-64 walker, for the walk fuzz harness to hold the model's
 * walker (model/walk.c) against.  It is written separately, from the
 * structure of the Arm ARM pseudocode (DDI0487 J.a: AArch64.S1Walk,
 * AArch64.S2Walk, AArch64.S1DirectBasePermissions,
 * AArch64.S2DirectBasePermissions, and the nested S1 walk that translates
 * each descriptor IPA through stage 2) and the SMMU rules of IHI0070 §3.4,
 * §7.3 (arch.md §5.3, §5.4, §6), and shares no code with the model's
 * walker: only the memory (model/mem.c) and the constant names of smmu.h.
 *
 * Its scope is what the fuzz harness generates: AArch64 tables, 4, 16 and
 * 64 KB granules, no 52-bit addressing (no DS, no LPA: 64 KB descriptor
 * bits [15:12] are read as OA[51:48], so anything there is beyond every
 * output size), no STT, little-endian, no hardware Access flag or dirty
 * state updates, no FWB, two-privilege (NS-EL1) stage 1, direct
 * permissions, no E0PD.  Configurations are assumed legal (the caller
 * filters them): the TTBs are aligned and inside the output size.
 */
#ifndef SMMU_NEST_FUZZ_WALK_REF_H
#define SMMU_NEST_FUZZ_WALK_REF_H

#include <smmu-nest/mem.h>
#include <smmu-nest/smmu.h>

/* One TTBx half of a stage-1 regime. */
struct wr_half {
	bool epd;                       /* EPDx: a miss is a Translation fault */
	unsigned tsz;                   /* TxSZ */
	unsigned granule;               /* log2 of the granule: 12, 14 or 16 */
	u64 ttb;                        /* start table (an IPA when nested) */
	bool tbi;                       /* top byte ignored */
	bool had;                       /* hierarchical attributes disabled */
};

struct wr_s1 {
	struct wr_half half[2];
	unsigned ips_bits;              /* CD.IPS as a size, before the OAS cap */
	bool affd, wxn, pan;
};

struct wr_s2 {
	unsigned t0sz;
	unsigned sl0;                   /* S2SL0 as encoded */
	unsigned granule;
	u64 ttb;
	unsigned ps_bits;               /* S2PS as a size, before the OAS cap */
	bool affd;
	bool ptw;                       /* S2PTW: walks into Device memory fault */
};

struct wr_cfg {
	const struct sn_mem *mem;
	const struct wr_s1 *s1;         /* NULL: stage 1 bypassed */
	const struct wr_s2 *s2;         /* NULL: stage 2 bypassed */
	unsigned oas_bits;              /* SMMU_IDR5.OAS as a size */
	unsigned ias_bits;              /* the SMMU's input address size */
	bool xnx;                       /* SMMU_IDR3.XNX: stage-2 XN[1:0] */
};

struct wr_access {
	bool write, priv, instr;
};

struct wr_result {
	bool ok;
	/* ok */
	u64 pa, ipa;
	unsigned page_shift;
	u8 perm, s1_perm, s2_perm;      /* SN_PERM_* */
	/* a fault */
	u8 type;                        /* EVT_F_* */
	bool s2;
	u8 cls;                         /* SN_CLASS_* */
	u64 fault_ipa;                  /* stage-2 faults: the IPA being translated */
	u64 fetch_addr;                 /* F_WALK_EABT: the descriptor's PA */
	bool ttrnw;                     /* stage-2 Permission fault on a walk read */
	int level;
};

/* Every descriptor read, in order: where, at which stage and level. */
#define WR_TRACE_MAX 64
struct wr_trace {
	struct {
		u64 pa;
		u8 stage;
		s8 level;
	} r[WR_TRACE_MAX];
	unsigned n;
};

/* The whole translation of @addr (a VA, or an IPA when stage 1 is bypassed). */
void wr_translate(const struct wr_cfg *c, u64 addr, const struct wr_access *a,
		  struct wr_result *r, struct wr_trace *t);

/*
 * Stage 2 alone, of @ipa on behalf of @cls: SN_CLASS_IN uses @a, the
 * others are descriptor or CD reads.  @t may be NULL.
 */
void wr_s2_translate(const struct wr_cfg *c, u64 ipa, u8 cls, const struct wr_access *a,
		     struct wr_result *r, struct wr_trace *t);

/* The stage-2 start level the STE's S2SL0 names for this granule. */
int wr_s2_start_level(unsigned granule, unsigned sl0);

/* The stage-1 start level for a TxSZ and granule. */
int wr_s1_start_level(unsigned granule, unsigned tsz);

#endif
