// SPDX-License-Identifier: MIT
/*
 * CD table: from a SubstreamID to the eight words of its CD (IHI0070 §5.2
 * S1Fmt/S1ContextPtr, §5.3 L1CD), the CD validity rules (CdIllegal, §5.4.2)
 * and the stage-1 configuration a CD describes.  The field layer stays in
 * cd.c.
 *
 * In a nested STE every L1CD and CD address is an IPA; each is translated by
 * walk_s2() as a data read on behalf of CLASS = CD before the read, so a
 * stage-2 fault there is reported as such (§3.12, §7.3.13); walk_s2()
 * also makes a stage-2 Device mapping with STE.S2PTW == 1 a stage-2
 * Permission fault for CLASS = CD (§5.2 S2PTW).
 *
 * CONSTRAINED UNPREDICTABLE choices made here (IHI0070 G.b):
 *  - S1ContextPtr bits that are RES0 because of the table size, and
 *    L1CD.L2Ptr[15:12] for 64 KB leaves, are treated as zero (§5.2 S1Fmt).
 *  - An L1CD.L2Ptr beyond the OAS (stage 1 only) or the IAS (nested) is
 *    C_BAD_SUBSTREAMID (§3.4.3, cases 3 and 4a).
 *  - Non-specified (RES0) CD bits are ignored (Chapter 5); CD.DS == 1, which
 *    would select 52-bit stage 1 (IDR5.DS, not modelled), and CD.AA64 == 0
 *    (VMSAv8-32 is not modelled) make the CD ILLEGAL.
 */
#include <stdio.h>
#include <string.h>

#include <smmu-nest/cache.h>

#include "smmu_int.h"

/* @addr with bits [@n-1:0] cleared (n < 64 here). */
static u64 clear_low(u64 addr, unsigned n)
{
	return addr & ~((1ULL << n) - 1);
}

static void fetch_abort(struct cd_fetch_result *r, u64 pa)
{
	r->status = CD_FETCH_ABORT;
	r->fetch_addr = pa;
}

/*
 * The PA of the structure at @addr: @addr itself without stage 2, else its
 * stage-2 translation as a data read for a CD fetch.  False with @r filled.
 */
static bool structure_pa(const struct walk_env *w, u64 addr, u64 *pa, struct cd_fetch_result *r)
{
	struct walk_req req = { .addr = addr, .write = false, .priv = false, .instr = false };
	struct walk_out out;

	if (!w->s2) {
		*pa = addr;
		return true;
	}
	memset(&out, 0, sizeof(out));
	memset(&r->fault, 0, sizeof(r->fault));
	if (!walk_s2(w, addr, SN_CLASS_CD, &req, &out, &r->fault)) {
		r->status = CD_FETCH_S2_FAULT;
		r->fault.s2 = true;
		r->fault.class = SN_CLASS_CD;
		r->fault.ipa = addr;
		return false;
	}
	*pa = out.oa;
	return true;
}

/* Read the L1CD at @addr; false with @r filled (abort or stage-2 fault). */
static bool read_l1cd(const struct walk_env *w, u64 addr, u32 index, u64 *l1cd,
		      struct cd_fetch_result *r)
{
	u64 pa;

	if (!structure_pa(w, addr, &pa, r))
		return false;
	if (!smmu_read64(w->smmu, pa, SN_ACC_L1CD, 0, 0, index, SN_CLASS_CD, l1cd)) {
		fetch_abort(r, pa);
		return false;
	}
	return true;
}

/*
 * The L1CD covering @index: from the configuration cache (tagged with the
 * StreamID and the 2^leaf_bits SubstreamIDs it covers), or read and cached.
 */
static bool cached_l1cd(const struct walk_env *w, u64 addr, u32 index, unsigned leaf_bits,
			u64 *l1cd, struct cd_fetch_result *r)
{
	struct smmu *s = w->smmu;
	struct sn_cache_mark m = sn_cache_mark(s);
	const struct tlb_entry *hit;
	struct tlb_entry e;

	if (s->cache && (hit = tlb_lookup_l1cd(s->cache->tlb, s->cache->sid, index))) {
		sn_cache_use(s, hit);
		*l1cd = hit->words[0];
		return true;
	}
	if (!read_l1cd(w, addr, index, l1cd, r))
		return false;
	if (s->cache) {
		e = (struct tlb_entry){
			.kind = TLB_L1CD, .sid = s->cache->sid, .ssid = index,
			.span_shift = (u8)leaf_bits, .oa = addr, .words = { *l1cd },
		};
		snprintf(e.desc, sizeof(e.desc), "L1CD SID 0x%x SSID 0x%x+", s->cache->sid,
			 index >> leaf_bits << leaf_bits);
		sn_cache_fill(s, &e, m);
	}
	return true;
}

/*
 * The address of CD @index (before any stage-2 translation), or false with
 * @r filled.  Linear: ctxptr + index * 64; 2-level: through the L1CD for
 * index >> 6 (4 KB leaves, 64 CDs) or index >> 10 (64 KB leaves, 1024 CDs).
 */
static bool cd_address(const struct walk_env *w, const struct cd_table *tab, u32 index,
		       u64 *addr, struct cd_fetch_result *r)
{
	unsigned leaf_bits, l1_bytes_log2;
	u64 l1cd, l2ptr;

	if (tab->cdmax == 0) {
		*addr = tab->ctxptr;            /* one CD (§5.2 S1CDMax) */
		return true;
	}
	if (tab->fmt == 0) {
		/* Linear table aligned to its size: S1ContextPtr[S1CDMax+5:6] RES0. */
		*addr = clear_low(tab->ctxptr, tab->cdmax + 6) + (u64)index * 64;
		return true;
	}
	leaf_bits = tab->fmt == 1 ? 6 : 10;
	/* L1 table aligned to MAX(its size, 64 B); its size is 8 bytes per L1CD. */
	l1_bytes_log2 = tab->cdmax > leaf_bits ? tab->cdmax - leaf_bits + 3 : 3;
	if (l1_bytes_log2 < 6)
		l1_bytes_log2 = 6;
	if (!cached_l1cd(w, clear_low(tab->ctxptr, l1_bytes_log2) + (u64)(index >> leaf_bits) * 8,
			 index, leaf_bits, &l1cd, r))
		return false;
	l2ptr = clear_low(l1cd & L1CD_L2PTR, leaf_bits + 6);
	if (!(l1cd & L1CD_V) || !sn_addr_fits(l2ptr, tab->addr_bits)) {
		r->status = CD_FETCH_BAD_SUBSTREAMID;   /* §5.3.1, §3.4.3 */
		return false;
	}
	*addr = l2ptr + (u64)(index & ((1u << leaf_bits) - 1)) * 64;
	return true;
}

void cd_fetch(const struct walk_env *w, const struct cd_table *tab, u32 index,
	      u64 words[CD_DWORDS], struct cd_fetch_result *r)
{
	u64 addr, pa;

	memset(words, 0, CD_DWORDS * sizeof(*words));
	memset(r, 0, sizeof(*r));
	r->status = CD_FETCH_OK;
	if (!cd_address(w, tab, index, &addr, r) || !structure_pa(w, addr, &pa, r))
		return;
	for (unsigned i = 0; i < CD_DWORDS; i++) {
		if (!smmu_read64(w->smmu, pa + 8 * i, SN_ACC_CD, 0, 0, index, SN_CLASS_CD, &words[i])) {
			fetch_abort(r, pa);
			return;
		}
	}
}

/* ---- CD decode and validity --------------------------------------------- */

void cd_to_s1_cfg(const struct cd_fields *cd, enum sn_stream_world sw, struct s1_cfg *c)
{
	memset(c, 0, sizeof(*c));
	/* EPDx are IGNORED (effective 0) for any-EL2, which has only TTB0:
	 * the TTB1 half is marked disabled so that it is neither walked nor
	 * checked (§5.4 EPD0, T1SZ, TTB1). */
	c->half[0] = (struct s1_half){
		.epd = sw != SW_EL2 && cd->epd0, .tsz = (unsigned)cd->t0sz,
		.granule_shift = sn_tg0_granule_shift(cd->tg0), .ttb = cd->ttb0 << 4,
		.tbi = cd->tbi0, .had = cd->had0,
	};
	c->half[1] = (struct s1_half){
		.epd = sw == SW_EL2 || cd->epd1, .tsz = (unsigned)cd->t1sz,
		.granule_shift = sn_tg1_granule_shift(cd->tg1), .ttb = cd->ttb1 << 4,
		.tbi = cd->tbi1, .had = cd->had1,
	};
	c->ips = (unsigned)cd->ips;
	c->affd = cd->affd;
	c->wxn = cd->wxn;
	c->pan = cd->pan;
	c->ha = cd->ha;
	c->hd = cd->hd;
	c->aa64 = cd->aa64;
	c->endi = cd->endi;
	c->a = cd->a;
	c->r = cd->r;
	c->s = cd->s;
	c->asid = (u16)cd->asid;
	c->mair = cd->mair1 << 32 | cd->mair0;
	c->single_priv = sw == SW_EL2;
}

static bool illegal(const char **why, const char *rule)
{
	*why = rule;
	return true;
}

static bool granule_supported(const struct smmu_idr *idr, unsigned shift)
{
	return (shift == 12 && idr->gran4k) || (shift == 14 && idr->gran16k) ||
	       (shift == 16 && idr->gran64k);
}

/* A, R, S against STE.S1STALLD and IDR0.STALL_MODEL/TERM_MODEL (§5.5). */
static bool ars_illegal(const struct smmu_idr *idr, const struct ste_fields *ste,
			const struct cd_fields *cd, const char **why)
{
	if (ste->s1stalld && cd->s)
		return illegal(why, "CD.S 1 with STE.S1STALLD 1");
	if (idr->term_model && !cd->a)
		return illegal(why, "CD.A 0 with IDR0.TERM_MODEL 1");
	if (idr->stall_model == 1 && cd->s)
		return illegal(why, "CD.S 1 with terminate-only stall model");
	if (idr->stall_model == 2 && !cd->s)
		return illegal(why, "CD.S 0 with stall forced");
	return false;
}

bool cd_is_illegal(const struct smmu *s, const struct ste_fields *ste,
		   enum sn_stream_world sw, const struct cd_fields *cd,
		   const struct s1_cfg *c, const char **why)
{
	const struct smmu_idr *idr = &s->idr;
	bool any_half = !c->half[0].epd || !c->half[1].epd;

	*why = NULL;
	if (!cd->v)
		return illegal(why, "V 0");
	if (ars_illegal(idr, ste, cd, why))
		return true;
	if (any_half && ((idr->ttendian == 2 && cd->endi) || (idr->ttendian == 3 && !cd->endi)))
		return illegal(why, "ENDI not supported by IDR0.TTENDIAN");
	/* VMSAv8-32 LPAE stage 1 is not modelled, so AA64 == 0 is rejected
	 * whatever IDR0.TTF says (the spec allows it with TTF[0] == 1). */
	if (!cd->aa64)
		return illegal(why, "AA64 0 (VMSAv8-32 not modelled)");
	if (!(idr->ttf & 2) || (ste->config >= STE_CFG_S2_TRANS && !ste->s2aa64))
		return illegal(why, "AA64 1 without VMSAv8-64 support");
	if (((cd->ha || cd->hd) && idr->httu == 0) || (cd->hd && idr->httu == 1))
		return illegal(why, "HA/HD beyond IDR0.HTTU");
	if ((sw == SW_NS_EL1 || sw == SW_EL2_E2H) && !idr->asid16 && (cd->asid >> 8) != 0)
		return illegal(why, "ASID[15:8] != 0 with 8-bit ASIDs");
	/* 52-bit VA/PA with 4 KB/16 KB granules (IDR5.DS) is not modelled. */
	if (cd->ds)
		return illegal(why, "DS 1 (IDR5.DS == 0)");
	for (unsigned i = 0; i < 2; i++)
		if (!c->half[i].epd && !granule_supported(idr, c->half[i].granule_shift))
			return illegal(why, i ? "TG1 reserved or unsupported" : "TG0 reserved or unsupported");
	return !s1_cfg_legal(c, idr, why);
}
