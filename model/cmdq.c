// SPDX-License-Identifier: MIT
/*
 * SMMUv3 commands: decode, encode, names and the CERROR_ILL rules of the
 * Non-secure Command queue (IHI0070 G.b chapter 4; arch.md §4).
 *
 * One table says, per opcode, its spec name, which fields it defines and
 * whether the Non-secure queue may carry it at all.  Decode and encode walk
 * the same field list, so a field a command does not define is never read
 * into struct sn_cmd nor written back out.
 *
 * Reserved bits (IHI0070 §4.1.5 lets an implementation either detect them
 * or ignore them, field by field):
 *  - bits the command does not name at all are ignored;
 *  - named fields that the spec makes RES0 under a stated condition (the
 *    TLBI range and level fields when IDR3.RIL == 0 or TG == 0, SCALE[5]
 *    without IDR5.DS, TTL128 when TG or TTL is 0) are detected: these are
 *    exactly the fields a guest may set wrongly when its vSMMU advertises
 *    features the physical SMMU lacks, so the model reports them;
 *  - the upper byte of ASID/VMID without ASID16/VMID16, and VMID of NH_*
 *    without stage 2, are accepted: §4.4 and §4.4.2 say such a command need
 *    not affect any entry, which is a statement about the effect, not an
 *    error (the invalidation model decides the effect).
 * The model's smmu_idr has no IDR5.DS, IDR0.PRI, IDR3.MPAM or IDR3.DPT:
 * it behaves as an SMMU with all four 0.
 */
#include <stddef.h>
#include <string.h>

#include <smmu-nest/cmdq.h>

/* Which fields an opcode defines (IHI0070 chapter 4; arch.md §4.3). */
enum cmd_field {
	F_SSEC = 1u << 0,
	F_SSV = 1u << 1,
	F_SSID = 1u << 2,
	F_SID = 1u << 3,
	F_CFGI_LEAF = 1u << 4,
	F_RANGE = 1u << 5,      /* CFGI_STE_RANGE */
	F_VMID = 1u << 6,
	F_ASID = 1u << 7,
	F_TLBI_ADDR = 1u << 8,  /* VA DW1[63:12], Leaf, NUM/SCALE/TG/TTL/TTL128 */
	F_TLBI_IPA = 1u << 9,   /* the same with an IPA, DW1[55:12] */
	F_ATC = 1u << 10,       /* Global, Size[5:0], Address[63:12] */
	F_PREFETCH = 1u << 11,  /* Size[4:0], Address[63:12] */
	F_PRI = 1u << 12,       /* PRGIndex, Resp */
	F_RESUME = 1u << 13,    /* Ac, Ab, STAG */
	F_SYNC = 1u << 14,      /* CS, MSH, MSIAttr, MSIData, MSIAddress */
};

/* Where an opcode may be issued. */
enum cmd_queue {
	Q_NS,                   /* legal on the Non-secure queue (other rules apply) */
	Q_SECURE_ONLY,          /* Secure queue only */
	Q_EL3,                  /* Secure queue only, EL3 StreamWorld */
	Q_DPT,                  /* needs IDR3.DPT */
};

struct cmd_desc {
	u8 op;
	enum cmd_queue queue;
	unsigned fields;
	const char *name;
};

/* IHI0070 §4.1.1 */
static const struct cmd_desc cmd_descs[] = {
	{ CMD_PREFETCH_CONFIG, Q_NS, F_SSEC | F_SSV | F_SSID | F_SID, "CMD_PREFETCH_CONFIG" },
	{ CMD_PREFETCH_ADDR, Q_NS, F_SSEC | F_SSV | F_SSID | F_SID | F_PREFETCH, "CMD_PREFETCH_ADDR" },
	{ CMD_CFGI_STE, Q_NS, F_SSEC | F_SID | F_CFGI_LEAF, "CMD_CFGI_STE" },
	{ CMD_CFGI_STE_RANGE, Q_NS, F_SSEC | F_SID | F_RANGE, "CMD_CFGI_STE_RANGE" },
	{ CMD_CFGI_CD, Q_NS, F_SSEC | F_SSID | F_SID | F_CFGI_LEAF, "CMD_CFGI_CD" },
	{ CMD_CFGI_CD_ALL, Q_NS, F_SSEC | F_SID, "CMD_CFGI_CD_ALL" },
	/* VMID position assumed as in CMD_TLBI_* (§4.3.5: "consistent with"). */
	{ CMD_CFGI_VMS_PIDM, Q_NS, F_SSEC | F_VMID, "CMD_CFGI_VMS_PIDM" },
	{ CMD_TLBI_NH_ALL, Q_NS, F_VMID, "CMD_TLBI_NH_ALL" },
	{ CMD_TLBI_NH_ASID, Q_NS, F_VMID | F_ASID, "CMD_TLBI_NH_ASID" },
	{ CMD_TLBI_NH_VA, Q_NS, F_VMID | F_ASID | F_TLBI_ADDR, "CMD_TLBI_NH_VA" },
	{ CMD_TLBI_NH_VAA, Q_NS, F_VMID | F_TLBI_ADDR, "CMD_TLBI_NH_VAA" },
	{ CMD_TLBI_EL3_ALL, Q_EL3, 0, "CMD_TLBI_EL3_ALL" },
	{ CMD_TLBI_EL3_VA, Q_EL3, F_TLBI_ADDR, "CMD_TLBI_EL3_VA" },
	{ CMD_TLBI_EL2_ALL, Q_NS, 0, "CMD_TLBI_EL2_ALL" },
	{ CMD_TLBI_EL2_ASID, Q_NS, F_ASID, "CMD_TLBI_EL2_ASID" },
	{ CMD_TLBI_EL2_VA, Q_NS, F_ASID | F_TLBI_ADDR, "CMD_TLBI_EL2_VA" },
	{ CMD_TLBI_EL2_VAA, Q_NS, F_TLBI_ADDR, "CMD_TLBI_EL2_VAA" },
	{ CMD_TLBI_S12_VMALL, Q_NS, F_VMID, "CMD_TLBI_S12_VMALL" },
	{ CMD_TLBI_S2_IPA, Q_NS, F_VMID | F_TLBI_IPA, "CMD_TLBI_S2_IPA" },
	{ CMD_TLBI_NSNH_ALL, Q_NS, 0, "CMD_TLBI_NSNH_ALL" },
	{ CMD_ATC_INV, Q_NS, F_SSV | F_SSID | F_SID | F_ATC, "CMD_ATC_INV" },
	{ CMD_PRI_RESP, Q_NS, F_SSV | F_SSID | F_SID | F_PRI, "CMD_PRI_RESP" },
	{ CMD_RESUME, Q_NS, F_SSEC | F_SID | F_RESUME, "CMD_RESUME" },
	{ CMD_STALL_TERM, Q_NS, F_SSEC | F_SID, "CMD_STALL_TERM" },
	{ CMD_SYNC, Q_NS, F_SYNC, "CMD_SYNC" },
	/* Named by the spec but never legal on this model's Non-secure queue;
	 * their fields are not decoded. */
	{ 0x50, Q_SECURE_ONLY, 0, "CMD_TLBI_S_EL2_ALL" },
	{ 0x51, Q_SECURE_ONLY, 0, "CMD_TLBI_S_EL2_ASID" },
	{ 0x52, Q_SECURE_ONLY, 0, "CMD_TLBI_S_EL2_VA" },
	{ 0x53, Q_SECURE_ONLY, 0, "CMD_TLBI_S_EL2_VAA" },
	{ 0x58, Q_SECURE_ONLY, 0, "CMD_TLBI_S_S12_VMALL" },
	{ 0x5a, Q_SECURE_ONLY, 0, "CMD_TLBI_S_S2_IPA" },
	{ 0x60, Q_SECURE_ONLY, 0, "CMD_TLBI_SNH_ALL" },
	{ 0x70, Q_DPT, 0, "CMD_DPTI_ALL" },
	{ 0x73, Q_DPT, 0, "CMD_DPTI_PA" },
};

#define CMD_IMPDEF_FIRST 0x80
#define CMD_IMPDEF_LAST 0x8f

static const struct cmd_desc *cmd_desc_of(u8 op)
{
	for (size_t i = 0; i < sizeof(cmd_descs) / sizeof(cmd_descs[0]); i++)
		if (cmd_descs[i].op == op)
			return &cmd_descs[i];
	return NULL;
}

static unsigned cmd_fields(u8 op)
{
	const struct cmd_desc *d = cmd_desc_of(op);

	return d ? d->fields : 0;
}

const char *sn_cmd_name(u8 op)
{
	const struct cmd_desc *d = cmd_desc_of(op);

	if (d)
		return d->name;
	if (op >= CMD_IMPDEF_FIRST && op <= CMD_IMPDEF_LAST)
		return "IMPLEMENTATION DEFINED";
	return "reserved";
}

/* ------------------------------------------------------------------------ */
/* Decode and encode: the same field list, in the same order.               */

static u8 get8(u64 mask, u64 w) { return (u8)sn_field_get(mask, w); }
static u16 get16(u64 mask, u64 w) { return (u16)sn_field_get(mask, w); }
static u32 get32(u64 mask, u64 w) { return (u32)sn_field_get(mask, w); }

void sn_cmd_decode(const u64 words[2], struct sn_cmd *c)
{
	const u64 w0 = words[0], w1 = words[1];
	unsigned f;

	memset(c, 0, sizeof(*c));
	c->raw[0] = w0;
	c->raw[1] = w1;
	c->op = get8(CMD_DW0_OP, w0);
	f = cmd_fields(c->op);

	if (f & F_SSEC)
		c->ssec = w0 & CMD_DW0_SSEC;
	if (f & F_SSV)
		c->ssv = w0 & CMD_DW0_SSV;
	if (f & F_SSID)
		c->ssid = get32(CMD_DW0_SSID, w0);
	if (f & F_SID)
		c->sid = get32(CMD_DW0_SID, w0);
	if (f & F_CFGI_LEAF)
		c->leaf = w1 & CMD_CFGI_DW1_LEAF;
	if (f & F_RANGE)
		c->range = get8(CMD_CFGI_DW1_RANGE, w1);
	if (f & F_VMID)
		c->vmid = get16(CMD_TLBI_DW0_VMID, w0);
	if (f & F_ASID)
		c->asid = get16(CMD_TLBI_DW0_ASID, w0);
	if (f & (F_TLBI_ADDR | F_TLBI_IPA)) {
		c->num = get8(CMD_TLBI_DW0_NUM, w0);
		c->scale = get8(CMD_TLBI_DW0_SCALE, w0);
		c->leaf = w1 & CMD_TLBI_DW1_LEAF;
		c->ttl128 = w1 & CMD_TLBI_DW1_TTL128;
		c->ttl = get8(CMD_TLBI_DW1_TTL, w1);
		c->tg = get8(CMD_TLBI_DW1_TG, w1);
		c->addr = w1 & ((f & F_TLBI_IPA) ? CMD_TLBI_DW1_IPA : CMD_TLBI_DW1_VA);
	}
	if (f & F_ATC) {
		c->global = w0 & CMD_ATC_DW0_GLOBAL;
		c->size = get8(CMD_ATC_DW1_SIZE, w1);
		c->addr = w1 & CMD_ATC_DW1_ADDR;
	}
	if (f & F_PREFETCH) {
		c->size = get8(CMD_PREFETCH_DW1_SIZE, w1);
		c->addr = w1 & CMD_PREFETCH_DW1_ADDR;
	}
	if (f & F_PRI) {
		c->prgindex = get16(CMD_PRI_DW1_PRGINDEX, w1);
		c->resp = get8(CMD_PRI_DW1_RESP, w1);
	}
	if (f & F_RESUME) {
		c->ac = w0 & CMD_RESUME_DW0_AC;
		c->ab = w0 & CMD_RESUME_DW0_AB;
		c->stag = get16(CMD_RESUME_DW1_STAG, w1);
	}
	if (f & F_SYNC) {
		c->cs = get8(CMD_SYNC_DW0_CS, w0);
		c->msh = get8(CMD_SYNC_DW0_MSH, w0);
		c->msiattr = get8(CMD_SYNC_DW0_MSIATTR, w0);
		c->msidata = get32(CMD_SYNC_DW0_MSIDATA, w0);
		c->msiaddr = w1 & CMD_SYNC_DW1_MSIADDR;
	}
}

void sn_cmd_encode(const struct sn_cmd *c, u64 words[2])
{
	const unsigned f = cmd_fields(c->op);
	u64 w0 = sn_field_prep(CMD_DW0_OP, c->op), w1 = 0;

	if (f & F_SSEC)
		w0 |= sn_field_prep(CMD_DW0_SSEC, c->ssec);
	if (f & F_SSV)
		w0 |= sn_field_prep(CMD_DW0_SSV, c->ssv);
	if (f & F_SSID)
		w0 |= sn_field_prep(CMD_DW0_SSID, c->ssid);
	if (f & F_SID)
		w0 |= sn_field_prep(CMD_DW0_SID, c->sid);
	if (f & F_CFGI_LEAF)
		w1 |= sn_field_prep(CMD_CFGI_DW1_LEAF, c->leaf);
	if (f & F_RANGE)
		w1 |= sn_field_prep(CMD_CFGI_DW1_RANGE, c->range);
	if (f & F_VMID)
		w0 |= sn_field_prep(CMD_TLBI_DW0_VMID, c->vmid);
	if (f & F_ASID)
		w0 |= sn_field_prep(CMD_TLBI_DW0_ASID, c->asid);
	if (f & (F_TLBI_ADDR | F_TLBI_IPA)) {
		w0 |= sn_field_prep(CMD_TLBI_DW0_NUM, c->num);
		w0 |= sn_field_prep(CMD_TLBI_DW0_SCALE, c->scale);
		w1 |= sn_field_prep(CMD_TLBI_DW1_LEAF, c->leaf);
		w1 |= sn_field_prep(CMD_TLBI_DW1_TTL128, c->ttl128);
		w1 |= sn_field_prep(CMD_TLBI_DW1_TTL, c->ttl);
		w1 |= sn_field_prep(CMD_TLBI_DW1_TG, c->tg);
		w1 |= c->addr & ((f & F_TLBI_IPA) ? CMD_TLBI_DW1_IPA : CMD_TLBI_DW1_VA);
	}
	if (f & F_ATC) {
		w0 |= sn_field_prep(CMD_ATC_DW0_GLOBAL, c->global);
		w1 |= sn_field_prep(CMD_ATC_DW1_SIZE, c->size);
		w1 |= c->addr & CMD_ATC_DW1_ADDR;
	}
	if (f & F_PREFETCH) {
		w1 |= sn_field_prep(CMD_PREFETCH_DW1_SIZE, c->size);
		w1 |= c->addr & CMD_PREFETCH_DW1_ADDR;
	}
	if (f & F_PRI) {
		w1 |= sn_field_prep(CMD_PRI_DW1_PRGINDEX, c->prgindex);
		w1 |= sn_field_prep(CMD_PRI_DW1_RESP, c->resp);
	}
	if (f & F_RESUME) {
		w0 |= sn_field_prep(CMD_RESUME_DW0_AC, c->ac);
		w0 |= sn_field_prep(CMD_RESUME_DW0_AB, c->ab);
		w1 |= sn_field_prep(CMD_RESUME_DW1_STAG, c->stag);
	}
	if (f & F_SYNC) {
		w0 |= sn_field_prep(CMD_SYNC_DW0_CS, c->cs);
		w0 |= sn_field_prep(CMD_SYNC_DW0_MSH, c->msh);
		w0 |= sn_field_prep(CMD_SYNC_DW0_MSIATTR, c->msiattr);
		w0 |= sn_field_prep(CMD_SYNC_DW0_MSIDATA, c->msidata);
		w1 |= c->msiaddr & CMD_SYNC_DW1_MSIADDR;
	}
	words[0] = w0;
	words[1] = w1;
}

/* ------------------------------------------------------------------------ */
/* Legality on the Non-secure Command queue.                                */

static enum sn_cerror ill(const char **why, const char *rule)
{
	if (why)
		*why = rule;
	return SN_CERROR_ILL;
}

/* An opcode the Non-secure queue never takes (IHI0070 §4.1.1, §4.1.3). */
static enum sn_cerror opcode_check(const struct cmd_desc *d, u8 op, const char **why)
{
	if (op >= CMD_IMPDEF_FIRST && op <= CMD_IMPDEF_LAST)
		/* §4.1.1: the model implements no IMPLEMENTATION DEFINED command */
		return ill(why, "IMPLEMENTATION DEFINED opcode: the model implements none (IHI0070 §4.1.1)");
	if (!d)
		return ill(why, "reserved opcode (IHI0070 §4.1.1, §4.1.3)");
	switch (d->queue) {
	case Q_SECURE_ONLY:
		return ill(why, "Secure-only command on the Non-secure queue (IHI0070 §4.4.2.11-14, §4.4.3.3-4, §4.4.4.2)");
	case Q_EL3:
		return ill(why, "CMD_TLBI_EL3_* is valid only on the Secure queue (IHI0070 §4.4.2.5, §4.4.2.6)");
	case Q_DPT:
		return ill(why, "CMD_DPTI_* with SMMU_IDR3.DPT == 0 (IHI0070 §4.6.1, §4.6.2)");
	case Q_NS:
		break;
	}
	return SN_CERROR_NONE;
}

/* Does the SMMU implement what the command acts on? */
static enum sn_cerror feature_check(const struct sn_cmd *c, const struct smmu_idr *idr,
				    const char **why)
{
	switch (c->op) {
	case CMD_CFGI_CD:
	case CMD_CFGI_CD_ALL:
		if (!idr->s1p)   /* §4.3.3, §4.3.4 */
			return ill(why, "CMD_CFGI_CD/CD_ALL without stage 1 (SMMU_IDR0.S1P == 0; IHI0070 §4.3.3, §4.3.4)");
		break;
	case CMD_CFGI_VMS_PIDM:  /* §4.3.5; the model has no MPAM */
		return ill(why, "CMD_CFGI_VMS_PIDM with SMMU_IDR3.MPAM == 0 (IHI0070 §4.3.5)");
	case CMD_TLBI_NH_ALL:
	case CMD_TLBI_NH_ASID:
	case CMD_TLBI_NH_VA:
	case CMD_TLBI_NH_VAA:
		if (!idr->s1p)   /* §4.4.2 */
			return ill(why, "CMD_TLBI_NH_* without stage 1 (SMMU_IDR0.S1P == 0; IHI0070 §4.4.2)");
		break;
	case CMD_TLBI_EL2_ALL:
	case CMD_TLBI_EL2_ASID:
	case CMD_TLBI_EL2_VA:
	case CMD_TLBI_EL2_VAA:
		if (!idr->hyp)   /* §4.4.2.7-10 */
			return ill(why, "CMD_TLBI_EL2_* with SMMU_IDR0.Hyp == 0 (IHI0070 §4.4.2.7-10)");
		break;
	case CMD_TLBI_S2_IPA:
	case CMD_TLBI_S12_VMALL:
		if (!idr->s2p)   /* §4.4.3.1, §4.4.3.2 */
			return ill(why, "CMD_TLBI_S2_IPA/S12_VMALL without stage 2 (SMMU_IDR0.S2P == 0; IHI0070 §4.4.3.1-2)");
		break;
	case CMD_ATC_INV:
		if (!idr->ats)   /* §4.5.1 */
			return ill(why, "CMD_ATC_INV with SMMU_IDR0.ATS == 0 (IHI0070 §4.5.1)");
		break;
	case CMD_PRI_RESP:
		if (c->resp == 3)   /* §4.5.2 */
			return ill(why, "CMD_PRI_RESP Resp == 0b11 is Reserved: ILLEGAL (IHI0070 §4.5.2)");
		/* §4.5.2; the model has no PRI queue */
		return ill(why, "CMD_PRI_RESP with SMMU_IDR0.PRI == 0 (IHI0070 §4.5.2)");
	case CMD_RESUME:
	case CMD_STALL_TERM:
		if (idr->stall_model == 1)   /* §4.7.1, §4.7.2 */
			return ill(why, "CMD_RESUME/STALL_TERM with SMMU_IDR0.STALL_MODEL == 0b01 (IHI0070 §4.7.1, §4.7.2)");
		break;
	default:
		break;
	}
	return SN_CERROR_NONE;
}

/* Range and level fields of the address-based TLBIs (IHI0070 §4.4.1.1). */
static enum sn_cerror tlbi_range_check(const struct sn_cmd *c, const struct smmu_idr *idr,
				       const char **why)
{
	if (!idr->ril) {
		if (c->num || c->scale || c->tg || c->ttl || c->ttl128)
			return ill(why, "TLBI NUM/SCALE/TG/TTL/TTL128 non-zero with SMMU_IDR3.RIL == 0 (RES0, IHI0070 §4.4.1.1; detected, §4.1.5)");
		return SN_CERROR_NONE;
	}
	if (c->scale > 31)   /* no IDR5.DS in the model: SCALE is [24:20] */
		return ill(why, "TLBI SCALE bit 25 set with SMMU_IDR5.DS == 0 (RES0, IHI0070 §4.4.1.1; detected, §4.1.5)");
	if (c->tg == 0) {
		if (c->num || c->scale || c->ttl || c->ttl128)
			return ill(why, "TLBI NUM/SCALE/TTL/TTL128 non-zero with TG == 0 (RES0, IHI0070 §4.4.1.1; detected, §4.1.5)");
		return SN_CERROR_NONE;
	}
	if (c->ttl == 0 && c->ttl128)
		return ill(why, "TLBI TTL128 set with TTL == 0 (RES0, IHI0070 §4.4.1.1; detected, §4.1.5)");
	if (c->num == 0 && c->scale == 0) {
		/* With DS == 0, TG = 16KB and TTL = 0b01 is treated as TTL = 0b00. */
		if (c->tg == 2 && c->ttl == 1)
			return ill(why, "TLBI TG == 16KB, TTL == 0b01 with SMMU_IDR5.DS == 0 and NUM == SCALE == 0 (IHI0070 §4.4.1.1)");
		if (c->ttl == 0)
			return ill(why, "TLBI TG != 0 with NUM == SCALE == TTL == 0 is Reserved (IHI0070 §4.4.1.1)");
	}
	return SN_CERROR_NONE;
}

/* Parameter values the spec makes ILLEGAL. */
static enum sn_cerror param_check(const struct sn_cmd *c, const struct smmu_idr *idr,
				  const char **why)
{
	if (cmd_fields(c->op) & (F_TLBI_ADDR | F_TLBI_IPA))
		return tlbi_range_check(c, idr, why);
	if (c->op == CMD_ATC_INV && c->size > CMD_ATC_SIZE_ALL)
		/* §4.5.1 permits CERROR_ILL or an UNKNOWN span; the model raises */
		return ill(why, "CMD_ATC_INV Size > 52 (IHI0070 §4.5.1; the model chooses CERROR_ILL)");
	if (c->op == CMD_SYNC && c->cs == 3)
		return ill(why, "CMD_SYNC CS == 0b11 is Reserved (IHI0070 §4.7.3)");
	return SN_CERROR_NONE;
}

enum sn_cerror sn_cmd_check(const struct sn_cmd *c, const struct smmu_idr *idr,
			    const char **why)
{
	const struct cmd_desc *d = cmd_desc_of(c->op);
	enum sn_cerror e;

	if (why)
		*why = "legal";
	e = opcode_check(d, c->op, why);
	if (e != SN_CERROR_NONE)
		return e;
	/* §4.1.6: SSec == 1 is ILLEGAL on the Non-secure queue, Secure state or not. */
	if ((d->fields & F_SSEC) && c->ssec)
		return ill(why, "SSec == 1 on the Non-secure Command queue (IHI0070 §4.1.6)");
	e = feature_check(c, idr, why);
	if (e != SN_CERROR_NONE)
		return e;
	return param_check(c, idr, why);
}
