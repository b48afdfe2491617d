// SPDX-License-Identifier: MIT
/*
 * Stream table: from a StreamID to the eight words of its STE, the STE
 * validity rules (SteIllegal) and the stage-2 configuration an STE describes.
 *
 * CONSTRAINED UNPREDICTABLE choices made here (IHI0070 G.b):
 *  - An L1STD or STE address beyond the OAS raises F_STE_FETCH with the
 *    non-truncated address rather than being truncated (§3.4.3, case 5).
 *  - An STE.S1ContextPtr beyond the IAS in a nested STE is C_BAD_STE (§3.4.3,
 *    case 2a), the same rule SMMUv3.1 mandates for stage 1-only STEs (case 1).
 *  - Non-specified (RES0) STE bits are ignored, the second of the two
 *    behaviours Chapter 5 allows.  S2DS and S2SL0_2, which would select
 *    52-bit stage 2 (IDR5.DS, not modelled), make the STE ILLEGAL instead.
 *  - STRW is RES0, not checked, when IDR0.Hyp == 0 (IgnoreSTESTRW), and
 *    EATS 0b11 without IDR3.DPT is reserved and behaves as 0b00 (§5.2 EATS):
 *    neither makes the STE ILLEGAL.
 */
#include <stdio.h>
#include <string.h>

#include <smmu-nest/cache.h>

#include "smmu_int.h"

unsigned smmu_oas_bits(const struct smmu_idr *idr)
{
	return sn_pa_bits(idr->oas);
}

/* IAS = MAX(TTF[0] ? 40 : 0, TTF[1] ? OAS : 0) (IHI0070 §3.4). */
unsigned smmu_ias_bits(const struct smmu_idr *idr)
{
	unsigned ias = (idr->ttf & 1) ? 40 : 0;
	unsigned oas = smmu_oas_bits(idr);

	if ((idr->ttf & 2) && oas > ias)
		ias = oas;
	return ias;
}

bool sn_addr_fits(u64 addr, unsigned bits)
{
	return bits >= 64 || (addr >> bits) == 0;
}

/* @addr with bits [@n-1:0] cleared; every bit for n >= 64. */
static u64 align_down(u64 addr, unsigned n)
{
	return n >= 64 ? 0 : addr & ~((1ULL << n) - 1);
}

static bool read_ste(struct smmu *s, u64 pa, u32 sid, u64 words[STE_DWORDS])
{
	for (unsigned i = 0; i < STE_DWORDS; i++)
		if (!smmu_read64(s, pa + 8 * i, SN_ACC_STE, 0, 0, sid, 0, &words[i]))
			return false;
	return true;
}

/* SPLIT: 6, 8 or 10; other values behave as 6 (§6.3.25). */
static unsigned effective_split(u32 cfg)
{
	unsigned split = (unsigned)sn_field_get(STRTAB_BASE_CFG_SPLIT, cfg);

	return split == 8 || split == 10 ? split : 6;
}

static void fetch_fail(struct ste_fetch_result *r, enum ste_fetch_status st, u64 addr)
{
	r->status = st;
	r->fetch_addr = addr;
}

/*
 * The L1STD covering @sid: from the configuration cache, or read from
 * @l1_pa and cached for the 2^SPLIT StreamIDs it covers (cache.h).
 */
static bool cached_l1std(struct smmu *s, u32 sid, unsigned split, u64 l1_pa, unsigned oas,
			 u64 *l1std)
{
	struct sn_cache_mark m = sn_cache_mark(s);
	const struct tlb_entry *hit;
	struct tlb_entry e;

	if (s->cache && (hit = tlb_lookup_l1std(s->cache->tlb, sid))) {
		sn_cache_use(s, hit);
		*l1std = hit->words[0];
		return true;
	}
	if (!sn_addr_fits(l1_pa, oas) || !smmu_read64(s, l1_pa, SN_ACC_L1STD, 0, 0, sid, 0, l1std))
		return false;
	if (s->cache) {
		e = (struct tlb_entry){
			.kind = TLB_L1STD, .sid = sid, .span_shift = (u8)split,
			.oa = l1_pa, .words = { *l1std },
		};
		snprintf(e.desc, sizeof(e.desc), "L1STD for SID 0x%x", sid >> split << split);
		sn_cache_fill(s, &e, m);
	}
	return true;
}

/*
 * Two-level lookup: the L1STD at base + SID[LOG2SIZE-1:SPLIT] * 8, then the
 * STE at L2Ptr + SID[SPLIT-1:0] * 64 (§3.3.1, §5.1).  Returns the STE address
 * through @ste_pa, or false with @r filled.
 */
static bool l2_ste_address(struct smmu *s, u32 sid, unsigned log2size, u64 *ste_pa,
			   struct ste_fetch_result *r)
{
	unsigned split = effective_split(s->strtab_base_cfg);
	unsigned oas = smmu_oas_bits(&s->idr);
	/* Base aligned to MAX(64 B, L1 table size), from the literal LOG2SIZE (§6.3.24). */
	unsigned l1_shift = log2size + 3 > split + 6 ? log2size + 3 - split : 6;
	u64 l1_pa = align_down(s->strtab_base & STRTAB_BASE_ADDR, l1_shift) + (u64)(sid >> split) * 8;
	u64 l1std, span, index = sid & ((1u << split) - 1);

	if (!cached_l1std(s, sid, split, l1_pa, oas, &l1std)) {
		fetch_fail(r, STE_FETCH_ABORT, l1_pa);
		return false;
	}
	/* Span 0 or 12..31 (reserved, behaves as 0), Span > SPLIT + 1, or an
	 * index beyond the 2^(Span-1) STEs: C_BAD_STREAMID (§5.1, §7.3.3). */
	span = sn_field_get(L1STD_SPAN, l1std);
	if (span == 0 || span > 11 || span > split + 1 || index >= (1ULL << (span - 1))) {
		fetch_fail(r, STE_FETCH_BAD_STREAMID, 0);
		return false;
	}
	/* L2Ptr[5 + Span - 1:0] are treated as zero (§5.1). */
	*ste_pa = align_down(l1std & L1STD_L2PTR, 6 + (unsigned)span - 1) + index * 64;
	return true;
}

void strtab_fetch_ste(struct smmu *s, u32 sid, u64 words[STE_DWORDS], struct ste_fetch_result *r)
{
	u32 cfg = s->strtab_base_cfg;
	unsigned log2size = (unsigned)sn_field_get(STRTAB_BASE_CFG_LOG2SIZE, cfg);
	unsigned sidsize = s->idr.sidsize < 32 ? s->idr.sidsize : 32;
	unsigned eff = log2size < sidsize ? log2size : sidsize;
	/* FMT other than 0b01, or IDR0.ST_LEVEL == 0: linear (§6.3.25). */
	bool two_level = s->idr.st_level != 0 && sn_field_get(STRTAB_BASE_CFG_FMT, cfg) == 1;
	u64 ste_pa;

	memset(words, 0, STE_DWORDS * sizeof(*words));
	r->status = STE_FETCH_OK;
	r->fetch_addr = 0;
	/* SID >= 2^MIN(LOG2SIZE, SIDSIZE) is out of range (§6.3.25, §7.3.3). */
	if (((u64)sid >> eff) != 0) {
		fetch_fail(r, STE_FETCH_BAD_STREAMID, 0);
		return;
	}
	if (two_level) {
		if (!l2_ste_address(s, sid, log2size, &ste_pa, r))
			return;
	} else {
		/* Linear: base aligned to the table size, ADDR[LOG2SIZE+5:0] = 0. */
		ste_pa = align_down(s->strtab_base & STRTAB_BASE_ADDR, log2size + 6) + (u64)sid * 64;
	}
	if (!sn_addr_fits(ste_pa, smmu_oas_bits(&s->idr)) || !read_ste(s, ste_pa, sid, words))
		fetch_fail(r, STE_FETCH_ABORT, ste_pa);
}

/* ---- STE validity ------------------------------------------------------- */

#define CFG_S1(c) (((c) & 1) != 0)      /* Config 0b1x1 (with Config[2] set) */
#define CFG_S2(c) (((c) & 2) != 0)      /* Config 0b11x */

/* IgnoreSTESTRW (§5.2.2): STRW only matters for Config 0b101 with S1P and Hyp. */
bool ste_strw_used(const struct smmu_idr *idr, unsigned config)
{
	return idr->s1p && idr->hyp && config == STE_CFG_S1_TRANS;
}

enum sn_stream_world ste_stream_world(const struct smmu *s, const struct ste_fields *f)
{
	if (!ste_strw_used(&s->idr, (unsigned)f->config) || f->strw != 2)
		return SW_NS_EL1;
	return s->cr2_e2h ? SW_EL2_E2H : SW_EL2;    /* §5.2 STRW table */
}

/* IgnoreSTES2VMID (§5.2.2), for a Non-secure STE with Config[2] == 1. */
static bool s2vmid_ignored(const struct smmu_idr *idr, const struct ste_fields *f)
{
	unsigned config = (unsigned)f->config;

	if (!idr->s2p || config == STE_CFG_BYPASS)
		return true;
	return f->strw != 0 && ste_strw_used(idr, config);
}

/* STES1ContextPtrOutOfRange: PA beyond OAS, or IPA beyond IAS (§5.2, §3.4.3). */
static bool s1contextptr_out_of_range(const struct smmu_idr *idr, const struct ste_fields *f)
{
	unsigned bits = CFG_S2(f->config) ? smmu_ias_bits(idr) : smmu_oas_bits(idr);

	return !sn_addr_fits(f->s1contextptr << 6, bits);
}

static bool illegal(const char **why, const char *rule)
{
	*why = rule;
	return true;
}

/* The EATS rules of SteIllegal, for Config 0b101/0b110/0b111 (§5.2 EATS). */
static bool eats_illegal(const struct smmu_idr *idr, const struct ste_fields *f, const char **why)
{
	unsigned config = (unsigned)f->config;

	if (!idr->ats)
		return false;   /* EATS IGNORED when IDR0.ATS == 0 */
	if (f->eats == STE_EATS_S1CHK &&
	    (config != STE_CFG_NESTED || f->s2s || idr->ns1ats))
		return illegal(why, "EATS 0b10 needs Config 0b111, S2S 0 and IDR0.NS1ATS 0");
	if (f->eats == STE_EATS_TRANS && f->s2s && CFG_S2(config))
		return illegal(why, "EATS 0b01 with S2S 1 and stage 2 enabled");
	/* EATS 0b11 without IDR3.DPT is reserved and behaves as 0b00: legal. */
	return false;
}

/* The stage-1 rules of SteIllegal, for Config 0b1x1. */
static bool s1_illegal(const struct smmu_idr *idr, const struct ste_fields *f, const char **why)
{
	if (f->s1stalld && idr->stall_model != 0)
		return illegal(why, "S1STALLD 1 without the stall model (IDR0.STALL_MODEL != 0b00)");
	if (idr->ssidsize != 0 && f->s1cdmax > idr->ssidsize)
		return illegal(why, "S1CDMax > IDR1.SSIDSIZE");
	if (idr->ssidsize != 0 && f->s1cdmax != 0 && !idr->cd2l && (f->s1fmt == 1 || f->s1fmt == 2))
		return illegal(why, "S1Fmt 2-level without IDR0.CD2L");
	if (s1contextptr_out_of_range(idr, f))
		return illegal(why, "S1ContextPtr out of range");
	return false;
}

/* The stage-2 rules of SteIllegal, for Config 0b11x (S2S: §5.5; the
 * translation-table rules are walk.c's s2_cfg_legal()). */
static bool s2_illegal(const struct smmu *s, const struct ste_fields *f, const char **why)
{
	struct s2_cfg c;

	/* 52-bit IPA/PA with 4 KB/16 KB granules (IDR5.DS) is not modelled:
	 * S2DS is RES0 here and S2SL0_2 only encodes a DS start level. */
	if (f->s2ds)
		return illegal(why, "S2DS 1 (IDR5.DS == 0)");
	if (f->s2sl0_2)
		return illegal(why, "S2SL0_2 1: start level inconsistent without DS");
	if (f->s2s && s->idr.stall_model == 1)
		return illegal(why, "S2S 1 with the terminate-only stall model");
	if (!f->s2s && s->idr.stall_model == 2)
		return illegal(why, "S2S 0 with stall forced");
	ste_to_s2_cfg(f, &s->idr, &c);
	return !s2_cfg_legal(&c, &s->idr, why);
}

bool ste_is_illegal(const struct smmu *s, const struct ste_fields *f, const char **why)
{
	const struct smmu_idr *idr = &s->idr;
	unsigned config = (unsigned)f->config;

	*why = NULL;
	if (!f->v)
		return illegal(why, "V 0");
	if (config < STE_CFG_BYPASS)
		return false;   /* Config 0b0xx: abort without an event */
	if (CFG_S1(config) && !idr->s1p)
		return illegal(why, "stage 1 enabled without IDR0.S1P");
	if (CFG_S2(config) && !idr->s2p)
		return illegal(why, "stage 2 enabled without IDR0.S2P");
	if (config != STE_CFG_BYPASS && eats_illegal(idr, f, why))
		return true;
	if (ste_strw_used(idr, config) && (f->strw & 1))
		return illegal(why, "STRW 0bx1 reserved");
	if (CFG_S1(config) && s1_illegal(idr, f, why))
		return true;
	if (CFG_S2(config) && s2_illegal(s, f, why))
		return true;
	if (!s2vmid_ignored(idr, f) && !idr->vmid16 && (f->s2vmid >> 8) != 0)
		return illegal(why, "S2VMID[15:8] != 0 with 8-bit VMIDs");
	return false;
}

void ste_to_s2_cfg(const struct ste_fields *f, const struct smmu_idr *idr, struct s2_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->vmid = (u16)f->s2vmid;
	c->t0sz = (unsigned)f->s2t0sz;
	c->sl0 = (unsigned)f->s2sl0;
	c->tg = (unsigned)f->s2tg;
	c->ps = (unsigned)f->s2ps;
	c->ttb = f->s2ttb << 4;
	c->affd = f->s2affd;
	c->ptw = f->s2ptw;
	c->ha = f->s2ha;
	c->hd = f->s2hd;
	c->s = f->s2s;
	c->r = f->s2r;
	c->fwb = f->s2fwb && idr->fwb;  /* RES0 without IDR3.FWB */
	c->aa64 = f->s2aa64;
	c->endi = f->s2endi;
}

void ste_cd_table(const struct ste_fields *f, const struct smmu_idr *idr, struct cd_table *tab)
{
	/* S1CDMax and S1Fmt are IGNORED when IDR1.SSIDSIZE == 0; S1Fmt is
	 * IGNORED when S1CDMax == 0; S1Fmt 0b11 behaves as 0b00 (§5.2). */
	tab->ctxptr = f->s1contextptr << 6;
	tab->cdmax = idr->ssidsize ? (unsigned)f->s1cdmax : 0;
	tab->fmt = tab->cdmax && f->s1fmt != 3 ? (unsigned)f->s1fmt : 0;
	tab->addr_bits = CFG_S2(f->config) ? smmu_ias_bits(idr) : smmu_oas_bits(idr);
}
