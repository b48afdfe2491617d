/* SPDX-License-Identifier: MIT */
/*
 * VMSAv8-64 translation table walks for the SMMU model (ARM DDI0487 D8;
 * IHI0070 §3.4, §3.12, §7.3.22): stage 1, stage 2 and nested.
 *
 * The stream/CD front end (model/smmu.c, model/cd.c) decodes the STE and CD
 * into the two configurations below and calls these entry points; the walker
 * reads memory only through smmu_read64(), so every access is logged.
 */
#ifndef SMMU_NEST_WALK_H
#define SMMU_NEST_WALK_H

#include <smmu-nest/smmu.h>

/* Stage-2 configuration, from the STE's S2* fields (Config 0b11x). */
struct s2_cfg {
	u16 vmid;
	unsigned t0sz;          /* S2T0SZ */
	unsigned sl0;           /* S2SL0 */
	unsigned tg;            /* S2TG encoding: 0 4 KB, 1 64 KB, 2 16 KB */
	unsigned ps;            /* S2PS encoding (effective size: min with OAS) */
	u64 ttb;                /* S2TTB, address bits [55:4] in place */
	bool affd;              /* S2AFFD */
	bool ptw;               /* S2PTW */
	bool ha, hd;            /* S2HA, S2HD */
	bool s, r;              /* S2S, S2R: stall / record stage-2 faults */
	bool fwb;               /* S2FWB */
	bool aa64, endi;        /* S2AA64, S2ENDI */
};

/* One half (TTB0 or TTB1) of a stage-1 regime, from the CD. */
struct s1_half {
	bool epd;               /* EPDx: a miss in this half is a Translation fault */
	unsigned tsz;           /* TxSZ */
	unsigned granule_shift; /* 12, 14 or 16 (TG0 and TG1 encode it differently) */
	u64 ttb;                /* TTBx, address bits [55:4] in place */
	bool tbi;               /* TBIx */
	bool had;               /* HADx: hierarchical attributes disabled */
};

/* Stage-1 configuration, from the CD (Config 0bx1x with a CD). */
struct s1_cfg {
	struct s1_half half[2];
	unsigned ips;           /* IPS encoding (effective size: min with OAS) */
	bool affd, wxn, pan, ha, hd, aa64, endi;
	bool a, r, s;           /* CD.A, R, S: stage-1 fault configuration */
	u16 asid;
	u64 mair;               /* MAIR1:MAIR0 */
	bool single_priv;       /* StreamWorld with one privilege level (EL2, EL3) */
};

/* A request as the walker sees it. */
struct walk_req {
	u64 addr;
	bool write, priv, instr;
};

struct walk_out {
	u64 oa;                 /* output address */
	u64 ipa;                /* stage-1 output (== input if S1 bypassed) */
	unsigned page_shift;    /* log2 of the leaf size (nested: the smaller) */
	u8 perm;                /* SN_PERM_* granted (nested: intersection) */
	u8 s1_perm, s2_perm;
	u8 memattr;             /* final memory attributes */
	u8 sh;
	bool s2_device;         /* stage 2 maps it as Device memory */
};

/* A translation-related fault, before A/R/S decides its fate. */
struct walk_fault {
	u8 type;                /* EVT_F_TRANSLATION, _ADDR_SIZE, _ACCESS, _PERMISSION, _WALK_EABT */
	bool s2;                /* raised by stage 2 */
	u8 class;               /* enum sn_class */
	u64 ipa;                /* for stage-2 faults: the IPA being translated */
	u64 fetch_addr;         /* F_WALK_EABT: the descriptor address */
	bool ttrnw;             /* CLASS=TT permission faults: 1 read, 0 write */
	s8 level;
};

/* Stage 1 and/or stage 2 of a walk; NULL means that stage is bypassed. */
struct walk_env {
	struct smmu *smmu;
	const struct s1_cfg *s1;
	const struct s2_cfg *s2;
};

/*
 * Stage-2 translation of @ipa, on behalf of @cls (a CD fetch, a stage-1
 * table access, or the transaction itself).  True with @out filled, or
 * false with @f filled (f->s2 set, f->class = @cls, f->ipa = @ipa).
 * For @cls CD or TT the access is a data read and @req is ignored (it may
 * be NULL); the S2PTW check (a walk or CD access landing on stage-2 Device
 * memory is a stage-2 Permission fault) is made here (IHI0070 §5.2).
 */
bool walk_s2(const struct walk_env *w, u64 ipa, enum sn_class cls,
	     const struct walk_req *req, struct walk_out *out, struct walk_fault *f);

/*
 * The whole translation of @req->addr: stage 1 (its table addresses through
 * stage 2 when both are enabled), then stage 2 of the result; bypassed
 * stages apply the address-size checks of IHI0070 §3.4.  Fault priority as
 * in arch.md §5.4 / IHI0070 §7.3.22.
 */
bool walk_translate(const struct walk_env *w, const struct walk_req *req,
		    struct walk_out *out, struct walk_fault *f);

/* Is this stage-2 configuration legal (else C_BAD_STE)?  @why names the rule. */
bool s2_cfg_legal(const struct s2_cfg *c, const struct smmu_idr *idr, const char **why);
/* Is this stage-1 configuration legal (else C_BAD_CD)?  Disabled halves are not checked. */
bool s1_cfg_legal(const struct s1_cfg *c, const struct smmu_idr *idr, const char **why);

#endif
