/* SPDX-License-Identifier: MIT */
/*
 * Internal to model/: the pieces of one transaction's configuration lookup,
 * shared by smmu.c (the procedure), strtab.c (Stream table and STE) and
 * cd_fetch.c (CD table and CD).  Not an installed interface.
 */
#ifndef SMMU_NEST_MODEL_SMMU_INT_H
#define SMMU_NEST_MODEL_SMMU_INT_H

#include <smmu-nest/walk.h>

/* Address-size limits of one instance, in bits (IHI0070 §3.4). */
unsigned smmu_oas_bits(const struct smmu_idr *idr);
unsigned smmu_ias_bits(const struct smmu_idr *idr);
/* Does @addr fit in @bits bits? */
bool sn_addr_fits(u64 addr, unsigned bits);

/* ---- Stream table (strtab.c) ------------------------------------------- */

enum ste_fetch_status {
	STE_FETCH_OK,
	STE_FETCH_BAD_STREAMID, /* C_BAD_STREAMID conditions of §7.3.3 */
	STE_FETCH_ABORT,        /* F_STE_FETCH: abort, or address beyond OAS */
};

struct ste_fetch_result {
	enum ste_fetch_status status;
	u64 fetch_addr;         /* STE_FETCH_ABORT: the L1STD or STE address */
};

/* Find and read the STE of @sid (IHI0070 §3.3.1, §5.1, §6.3.24-25). */
void strtab_fetch_ste(struct smmu *s, u32 sid, u64 words[STE_DWORDS],
		      struct ste_fetch_result *r);

/* The StreamWorld an STE selects (IHI0070 §5.2 STRW; Non-secure only). */
enum sn_stream_world {
	SW_NS_EL1,
	SW_EL2,                 /* any-EL2: one privilege level, no ASID, TTB0 only */
	SW_EL2_E2H,             /* any-EL2-E2H: two ranges, ASID-tagged */
};

/* Is STE.STRW used for this configuration (IgnoreSTESTRW, §5.2.2)? */
bool ste_strw_used(const struct smmu_idr *idr, unsigned config);
enum sn_stream_world ste_stream_world(const struct smmu *s, const struct ste_fields *f);

/* SteIllegal (IHI0070 §5.2.2); @why names the rule that failed. */
bool ste_is_illegal(const struct smmu *s, const struct ste_fields *f, const char **why);

/* The stage-2 configuration an STE with Config 0b11x describes. */
void ste_to_s2_cfg(const struct ste_fields *f, const struct smmu_idr *idr, struct s2_cfg *c);

/* ---- CD table (cd_fetch.c) --------------------------------------------- */

/* Where the CDs of one stream live (STE.S1ContextPtr/S1Fmt/S1CDMax). */
struct cd_table {
	u64 ctxptr;             /* S1ContextPtr, address bits [55:6] in place */
	unsigned cdmax;         /* effective S1CDMax: 0 = one CD */
	unsigned fmt;           /* effective S1Fmt: 0 linear, 1 4 KB leaves, 2 64 KB leaves */
	unsigned addr_bits;     /* IAS when the pointers are IPAs, else OAS */
};

void ste_cd_table(const struct ste_fields *f, const struct smmu_idr *idr, struct cd_table *tab);

enum cd_fetch_status {
	CD_FETCH_OK,
	CD_FETCH_BAD_SUBSTREAMID, /* L1CD.V == 0 or L1CD.L2Ptr out of range */
	CD_FETCH_ABORT,         /* F_CD_FETCH: external abort on an L1CD or CD read */
	CD_FETCH_S2_FAULT,      /* stage 2 of an L1CD or CD IPA faulted (CLASS = CD) */
};

struct cd_fetch_result {
	enum cd_fetch_status status;
	u64 fetch_addr;         /* CD_FETCH_ABORT: PA of the L1CD or CD */
	struct walk_fault fault;        /* CD_FETCH_S2_FAULT */
};

/*
 * Read CD number @index of @tab.  With w->s2 set the table pointers are IPAs
 * and every L1CD and CD address goes through walk_s2() as a data read.
 */
void cd_fetch(const struct walk_env *w, const struct cd_table *tab, u32 index,
	      u64 words[CD_DWORDS], struct cd_fetch_result *r);

/* The stage-1 configuration a CD describes for StreamWorld @sw. */
void cd_to_s1_cfg(const struct cd_fields *cd, enum sn_stream_world sw, struct s1_cfg *c);

/* CdIllegal (IHI0070 §5.4.2) for a CD located through @ste. */
bool cd_is_illegal(const struct smmu *s, const struct ste_fields *ste,
		   enum sn_stream_world sw, const struct cd_fields *cd,
		   const struct s1_cfg *c, const char **why);

#endif
