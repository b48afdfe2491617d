// SPDX-License-Identifier: MIT
/*
 * VMSAv8-64 translation table walks: stage 1, stage 2 and nested
 * (ARM DDI0487 D8.2-D8.6, D8.15; IHI0070 §3.4, §5.2, §5.4, §7.3.22, §13.4).
 *
 * Scope: 4 KB, 16 KB and 64 KB granules, 48-bit VA/IPA/PA.  DS, LPA/LVA
 * (52-bit), VMSAv8-32 and VMSAv9-128 are not modelled; s1_cfg_legal() and
 * s2_cfg_legal() reject every setting that would need them.  Hardware
 * updates (HA/HD) are modelled without writes: an AF of 0 reads as 1, and
 * a writable-clean descriptor (DBM) counts as writable.  Contiguous hints
 * are ignored (permitted, D8.7.1).
 *
 * Every descriptor read goes through smmu_read64(), so the access log is
 * the complete walk.  Walks are bounded by the level count: no memory
 * contents can make them loop.
 */
#include <stdio.h>
#include <string.h>

#include <smmu-nest/cache.h>
#include <smmu-nest/mutants.h>
#include <smmu-nest/walk.h>

/* Descriptor fields (ARM DDI0487 D8.3, Tables D8-50..D8-53). */
#define DESC_VALID        SN_BIT(0)
#define DESC_TYPE         SN_BIT(1)      /* 1: table (level < 3) or page (level 3) */
#define DESC_ATTRINDX     SN_GENMASK(4, 2)
#define DESC_S2_MEMATTR   SN_GENMASK(5, 2)
#define DESC_AP1          SN_BIT(6)      /* stage 1 AP[1]; stage 2 S2AP[0] (read) */
#define DESC_AP2          SN_BIT(7)      /* stage 1 AP[2]; stage 2 S2AP[1] (write) */
#define DESC_SH           SN_GENMASK(9, 8)
#define DESC_AF           SN_BIT(10)
#define DESC_NG           SN_BIT(11)     /* stage 1: not global (ASID-tagged) */
#define DESC_DBM          SN_BIT(51)
#define DESC_PXN          SN_BIT(53)     /* stage 2: XN[0] with FEAT_XNX */
#define DESC_UXN          SN_BIT(54)     /* XN for one-privilege regimes; stage 2 XN[1] */
#define DESC_S2_XN        SN_GENMASK(54, 53)
#define DESC_OA_HI_64K    SN_GENMASK(15, 12)  /* OA[51:48] with the 64 KB granule */
#define TABLE_PXNTABLE    SN_BIT(59)
#define TABLE_UXNTABLE    SN_BIT(60)     /* XNTable for one-privilege regimes */
#define TABLE_APTABLE0    SN_BIT(61)     /* no unprivileged access below */
#define TABLE_APTABLE1    SN_BIT(62)     /* no write access below */

#define MAX_IA_BITS 48u                  /* no DS / LVA */

/* The shape of one walk: granule, bits per level, start level, input size. */
struct geom {
	unsigned g;             /* log2 of the granule: 12, 14, 16 */
	unsigned s;             /* index bits per full level: g - 3 */
	int start;              /* start level, 0..3 */
	unsigned ia;            /* input address bits */
};

enum desc_kind { DESC_INVALID, DESC_NEXT_TABLE, DESC_LEAF };

/* The leaf a walk ended on. */
struct leaf {
	u64 desc;
	int level;
	unsigned shift;         /* log2 of the block or page size */
	u64 oa;                 /* output address of the input (base + offset) */
	unsigned g;             /* granule shift of the walk */
};

/* Hierarchical stage-1 controls gathered from table descriptors (D8.4.1.2). */
struct s1_hier {
	bool no_unpriv, no_write, uxn, pxn;
};

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static bool walk_fail(struct walk_fault *f, u8 type, bool s2, enum sn_class cls,
		      u64 ipa, int level)
{
	*f = (struct walk_fault){
		.type = type, .s2 = s2, .class = (u8)cls, .ipa = ipa,
		.level = (s8)level,
	};
	return false;
}

static bool fits_bits(u64 a, unsigned bits)
{
	return bits >= 64 || (a >> bits) == 0;
}

static unsigned min_u(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

/* IHI0070 §5.2 S2PS, §5.4 CD.IPS: the effective size is capped to IDR5.OAS. */
static unsigned eff_pa_bits(unsigned ps, const struct smmu_idr *idr)
{
	return sn_pa_bits(min_u(ps & 7, idr->oas & 7));
}

/* IHI0070 §3.4: IAS = MAX(TTF[0] ? 40 : 0, TTF[1] ? OAS : 0). */
static unsigned ias_bits(const struct smmu_idr *idr)
{
	unsigned a32 = (idr->ttf & 1) ? 40 : 0;
	unsigned a64 = (idr->ttf & 2) ? sn_pa_bits(idr->oas) : 0;

	return a32 > a64 ? a32 : a64;
}

/* D8.2.5: the descriptor endianness follows CD.ENDI / STE.S2ENDI. */
static u64 desc_endian(u64 v, bool big)
{
	return big ? __builtin_bswap64(v) : v;
}

static bool granule_supported(unsigned g, const struct smmu_idr *idr)
{
	return (g == 12 && idr->gran4k) || (g == 14 && idr->gran16k) ||
	       (g == 16 && idr->gran64k);
}

/* Lowest input bit resolved at @level (D8.2.8-D8.2.10). */
static unsigned level_shift(const struct geom *gm, int level)
{
	return gm->g + gm->s * (unsigned)(3 - level);
}

/* Index into the table at @level; the start level may be concatenated. */
static u64 table_index(const struct geom *gm, int level, u64 ia)
{
	unsigned sh = level_shift(gm, level);
	unsigned bits = level == gm->start ? gm->ia - sh : gm->s;

	return (ia >> sh) & ((1ULL << bits) - 1);
}

/*
 * IHI0070 §5.2 S2TTB, §5.4 TTBx: the low bits of the base below the table's
 * alignment (its size, including concatenation, D8.2.5.2) are taken as zero.
 */
static u64 start_table_base(u64 ttb, const struct geom *gm)
{
	unsigned x = gm->ia - level_shift(gm, gm->start) + 3;

	return ttb & SN_GENMASK(55, x < 4 ? 4 : x);
}

/* D8.3 Table D8-48; D8.15.1.1: a block where none is allowed is reserved. */
static bool block_allowed(unsigned g, int level)
{
	/* D8.2.8-10 without DS/LPA: 4 KB L1 and L2, 16 KB and 64 KB L2 only. */
	return g == 12 ? (level == 1 || level == 2) : level == 2;
}

static enum desc_kind desc_kind(u64 d, unsigned g, int level)
{
	if (!(d & DESC_VALID))
		return DESC_INVALID;
	if (level == 3)
		return (d & DESC_TYPE) ? DESC_LEAF : DESC_INVALID;
	if (d & DESC_TYPE)
		return DESC_NEXT_TABLE;
	return block_allowed(g, level) ? DESC_LEAF : DESC_INVALID;
}

/*
 * D8.3.1: the address bits [47:shift] of a table or leaf descriptor.  With
 * the 64 KB granule bits [15:12] are OA[51:48] (FEAT_LPA layout); without
 * 52-bit support they make the address exceed the output size, which is
 * the recommended Address size fault of D8.15.1.1 (R WDZFC).  Other RES0
 * bits are ignored.
 */
static u64 desc_out_addr(u64 d, unsigned g, unsigned shift)
{
	u64 a = d & SN_GENMASK(47, shift);

	if (g == 16)
		a |= sn_field_get(DESC_OA_HI_64K, d) << 48;
	return a;
}

/* Which permission bit a request needs (IHI0070 §13.1.2: writes are data). */
static u8 needed_perm(const struct walk_req *r, bool priv)
{
	u8 p = r->write ? SN_PERM_W_PRIV : r->instr ? SN_PERM_X_PRIV : SN_PERM_R_PRIV;

	return priv ? p : (u8)(p << 3);
}

/* ------------------------------------------------------------------------ */
/* Memory attributes (D8.6; IHI0070 §13.4)                                  */

enum cach { CACH_NC, CACH_WT, CACH_WB };

/* A memory type held as a MAIR byte: Device 0000dd00, Normal outer:inner. */
static bool mair_is_device(u8 a)
{
	return (a & 0xf0) == 0;
}

/* MAIR nibble: 0100 NC, 00RW/10RW WT, 01RW/11RW WB (0000 in Normal: taken as NC). */
static enum cach nibble_cach(unsigned n)
{
	if (n == 0x4 || n == 0)
		return CACH_NC;
	return (n & 0x4) ? CACH_WB : CACH_WT;
}

/* Table D8-98: the weaker cacheability wins; hints stay stage 1's. */
static unsigned nibble_weaken(unsigned n1, enum cach c2)
{
	enum cach c1 = nibble_cach(n1);

	if (c1 == CACH_NC || c2 == CACH_NC)
		return 0x4;
	if (c2 < c1)
		return n1 & ~0x4u;              /* WB -> WT, same hints */
	return n1;
}

/* D8.6.6 Table D8-101, MemAttr[1:0] == 10: forced Write-Back (RTHYXB/RTBQKG). */
static unsigned nibble_force_wb(unsigned n1)
{
	return nibble_cach(n1) == CACH_NC ? 0xf : (n1 | 0x4);
}

static u8 device_stricter(u8 a, u8 b)
{
	return a < b ? a : b;                   /* nGnRnE 0x00 < nGnRE 0x04 < ... */
}

/* Stage-2 cacheability code of MemAttr[3:2] or [1:0] (Table D8-96). */
static enum cach s2_cach(unsigned code)
{
	static const enum cach c[4] = { CACH_NC, CACH_NC, CACH_WT, CACH_WB };

	return c[code & 3];                     /* 00 (reserved) read as NC */
}

/* Stage-2 descriptor maps Device memory (D8.6.5 / D8.6.6). */
static bool s2_is_device(u64 d, bool fwb)
{
	unsigned m = (unsigned)sn_field_get(DESC_S2_MEMATTR, d);

	return fwb ? !(m & 0x4) : (m & 0xc) == 0;
}

/* D8.6.5: FWB == 0, Tables D8-96..D8-98. */
static u8 combine_nofwb(u8 a1, unsigned m)
{
	if ((m & 0xc) == 0) {
		u8 dev = (u8)((m & 3) << 2);

		return mair_is_device(a1) ? device_stricter(a1, dev) : dev;
	}
	if (mair_is_device(a1))
		return a1;
	return (u8)(nibble_weaken(a1 >> 4, s2_cach(m >> 2)) << 4 |
		    nibble_weaken(a1 & 0xf, s2_cach(m)));
}

/* D8.6.6: FWB == 1, Tables D8-100/D8-101 (no FEAT_MTE_PERM: MemAttr[3] RES0). */
static u8 combine_fwb(u8 a1, unsigned m)
{
	if (!(m & 0x4)) {
		u8 dev = (u8)((m & 3) << 2);

		return mair_is_device(a1) ? device_stricter(a1, dev) : dev;
	}
	switch (m & 3) {
	case 3:                                 /* stage 1 attributes */
		return a1;
	case 2:                                 /* Normal Write-Back */
		if (mair_is_device(a1))
			return 0xff;
		return (u8)(nibble_force_wb(a1 >> 4) << 4 | nibble_force_wb(a1 & 0xf));
	default:                                /* 01 NC (00 reserved: as 01) */
		return mair_is_device(a1) ? a1 : 0x44;
	}
}

/* Rank of an SH encoding for Table D8-103: NSH < ISH < OSH (01 reserved: NSH). */
static unsigned sh_rank(u8 sh)
{
	static const unsigned rank[4] = { 0, 0, 2, 1 };

	return rank[sh & 3];
}

/* D8.6.2 RPYFVQ, D8.6.7.1: Device and Normal NC/NC are Outer Shareable. */
static u8 final_sh(u8 attr, u8 sh)
{
	if (mair_is_device(attr) ||
	    (nibble_cach(attr >> 4) == CACH_NC && nibble_cach(attr & 0xf) == CACH_NC))
		return 2;
	return sh_rank(sh) == 0 ? 0 : sh;
}

static u8 combine_sh(u8 sh1, u8 sh2)
{
	return sh_rank(sh1) >= sh_rank(sh2) ? sh1 : sh2;
}

/*
 * IHI0070 §13.4.3: stage 2 combines its attributes with those it is given.
 * The walker does not see a transaction's incoming attributes, so with
 * stage 1 bypassed it assumes Normal Write-Back RAWA, Non-shareable, which
 * makes the stage-2 attributes themselves the result.
 */
#define S2_ONLY_INPUT_ATTR 0xff
#define S2_ONLY_INPUT_SH   0

/* What stage 2 combines its own attributes with. */
struct s2_input {
	u8 attr;                /* MAIR-style byte */
	u8 sh;
};

static void s2_attrs(u64 d, bool fwb, u8 in_attr, u8 in_sh, struct walk_out *out)
{
	unsigned m = (unsigned)sn_field_get(DESC_S2_MEMATTR, d);
	u8 attr = fwb ? combine_fwb(in_attr, m) : combine_nofwb(in_attr, m);

	out->memattr = attr;
	out->sh = final_sh(attr, combine_sh(in_sh, (u8)sn_field_get(DESC_SH, d)));
	out->s2_device = s2_is_device(d, fwb);
}

/* ------------------------------------------------------------------------ */
/* Permissions (Direct scheme)                                              */

/*
 * ARM DDI0487 D8.4.1.2, Tables D8-62..D8-66; IHI0070 §13.4.1 and §5.4
 * (WXN, PAN).  One-privilege regimes treat AP[1] as 1 and use bit 54 as XN;
 * their permissions are reported for both privileges since PRIV is not
 * checked.  PAN removes privileged data access from pages that allow
 * unprivileged data access, so the check below stays one bit test.
 */
static u8 s1_leaf_perm(const struct s1_cfg *c, const struct s1_hier *h, u64 d, bool hd)
{
	bool ap2 = (d & DESC_AP2) && !(hd && (d & DESC_DBM)); /* IHI0070 §3.13 */
	bool ap1 = d & DESC_AP1;
	bool pr = true, pw, px, ur, uw, ux;

	if (c->single_priv) {
		u8 p;

		pw = !ap2 && !h->no_write;
		px = !(d & DESC_UXN) && !h->uxn;
		if (c->wxn && pw)
			px = false;
		p = (u8)(SN_PERM_R_PRIV | (pw ? SN_PERM_W_PRIV : 0) | (px ? SN_PERM_X_PRIV : 0));
		return (u8)(p | p << 3);
	}
	ur = ap1 && !h->no_unpriv;
	uw = ur && !ap2 && !h->no_write;
	pw = !ap2 && !h->no_write;
	ux = !(d & DESC_UXN) && !h->uxn;
	px = !(d & DESC_PXN) && !h->pxn && !uw;            /* R VWLLR */
	if (c->wxn) {                                       /* R SYMMB, R FYMXJ */
		if (pw)
			px = false;
		if (uw)
			ux = false;
	}
	if (c->pan && (ur || uw))                           /* R XTSQH */
		pr = pw = false;
	return (u8)((pr ? SN_PERM_R_PRIV : 0) | (pw ? SN_PERM_W_PRIV : 0) |
		    (px ? SN_PERM_X_PRIV : 0) | (ur ? SN_PERM_R_UNPRIV : 0) |
		    (uw ? SN_PERM_W_UNPRIV : 0) | (ux ? SN_PERM_X_UNPRIV : 0));
}

/* D8.4.1.2: APTable, UXNTable, PXNTable of one table descriptor (unless HAD). */
static void s1_gather_hier(struct s1_hier *h, u64 d, bool single_priv)
{
	if (d & TABLE_APTABLE1)
		h->no_write = true;
	if ((d & TABLE_APTABLE0) && !single_priv)   /* APTable[0] RES0 at one EL */
		h->no_unpriv = true;
	if (d & TABLE_UXNTABLE)
		h->uxn = true;
	if ((d & TABLE_PXNTABLE) && !single_priv)   /* RES0 at one EL */
		h->pxn = true;
}

/* D8.4.2.1, Tables D8-76..D8-78; IHI0070 §13.4.3: PRIV only with IDR3.XNX. */
static u8 s2_leaf_perm(u64 d, bool xnx, bool hd)
{
	bool r = d & DESC_AP1;
	bool w = (d & DESC_AP2) || (hd && (d & DESC_DBM));
	unsigned xn = xnx ? (unsigned)sn_field_get(DESC_S2_XN, d) : ((d & DESC_UXN) ? 2 : 0);
	bool px = xn == 0 || xn == 3;
	bool ux = xn == 0 || xn == 1;

	return (u8)((r ? SN_PERM_R_PRIV | SN_PERM_R_UNPRIV : 0) |
		    (w ? SN_PERM_W_PRIV | SN_PERM_W_UNPRIV : 0) |
		    (px ? SN_PERM_X_PRIV : 0) | (ux ? SN_PERM_X_UNPRIV : 0));
}

/* ------------------------------------------------------------------------ */
/* Walk geometry                                                            */

/* D8.2.8.2 Table D8-19, D8.2.9.2 Table D8-29, D8.2.10.2 Table D8-38 (no DS). */
static int s2_start_level(unsigned g, unsigned sl0, bool stt)
{
	sl0 &= 3;
	if (g == 12) {
		static const int lvl[4] = { 2, 1, 0, 3 };

		return sl0 == 3 && !stt ? -1 : lvl[sl0];   /* L3 needs FEAT_TTST */
	}
	return sl0 == 3 ? -1 : 3 - (int)sl0;            /* 16 KB L0 needs DS */
}

/*
 * D8.2.2 and Tables D8-20..D8-42: the start level resolves at least one
 * bit and at most 4 more than one table holds (up to 16 concatenated).
 */
static bool s2_consistent(const struct geom *gm)
{
	unsigned lo = level_shift(gm, gm->start);

	return gm->ia > lo && gm->ia <= lo + gm->s + 4 && gm->ia <= MAX_IA_BITS;
}

/* Why a stage-2 walk shape is inconsistent, or NULL. */
static const char *s2_geometry(const struct s2_cfg *c, bool stt, struct geom *gm)
{
	gm->g = sn_tg0_granule_shift(c->tg);
	if (!gm->g)
		return "S2TG reserved (IHI0070 §5.2 S2TG)";
	gm->s = gm->g - 3;
	if (c->t0sz < 64 - MAX_IA_BITS || c->t0sz > 63)
		return "S2T0SZ needs a 52-bit IPA (DS/LPA not modelled; IHI0070 §5.2 S2T0SZ)";
	gm->ia = 64 - c->t0sz;
	gm->start = s2_start_level(gm->g, c->sl0, stt);
	if (gm->start < 0)
		return "S2SL0 reserved for this S2TG (ARM DDI0487 D8.2.8.2-D8.2.10.2)";
	if (!s2_consistent(gm))
		return "S2T0SZ inconsistent with S2SL0/S2TG (IHI0070 §5.2 S2SL0; D8.2.2)";
	return NULL;
}

/* D8.2.8.1 Table D8-18, D8.2.9.1 Table D8-28, D8.2.10.1 Table D8-37. */
static bool s1_geometry(const struct s1_half *h, struct geom *gm)
{
	gm->g = h->granule_shift;
	if (gm->g != 12 && gm->g != 14 && gm->g != 16)
		return false;
	if (h->tsz < 64 - MAX_IA_BITS || h->tsz > 63)
		return false;
	gm->s = gm->g - 3;
	gm->ia = 64 - h->tsz;
	if (gm->ia <= gm->g)
		return false;
	gm->start = 3 - (int)((gm->ia - 1 - gm->g) / gm->s);
	return true;
}

/* ------------------------------------------------------------------------ */
/* Stage 2                                                                  */

static void s2_bypass_out(const struct smmu_idr *idr, u64 ipa, struct walk_out *out)
{
	*out = (struct walk_out){
		.oa = ipa & SN_GENMASK(sn_pa_bits(idr->oas) - 1, 0),  /* §3.4: truncate */
		.ipa = ipa, .page_shift = 12, .perm = SN_PERM_ALL,
		.s1_perm = SN_PERM_ALL, .s2_perm = SN_PERM_ALL,
		.memattr = S2_ONLY_INPUT_ATTR, .sh = S2_ONLY_INPUT_SH,
	};
}

/* ------------------------------------------------------------------------ */
/* Caches (cache.h): walk-cache entries and leaf entries                     */

/*
 * Cache the table descriptor @d read at @level for @ia: a walk-cache entry
 * covering the 2^@span_shift input range that descriptor maps, tagged as
 * the stage's TLB entries are (IHI0070 §3.17; arch.md §10).
 */
static void cache_table(struct smmu *s, enum tlb_kind kind, u16 vmid, u16 asid, u64 ia,
			int level, unsigned span_shift, unsigned g, u64 next, u64 d,
			struct sn_cache_mark m)
{
	struct tlb_entry e = {
		.kind = kind, .strw = kind == TLB_WALK_S2 ? TLB_STRW_NS_EL1 : s->cache->strw,
		.vmid = vmid, .asid = asid, .ia = ia, .size_shift = (u8)span_shift,
		.level = (s8)level, .granule_shift = (u8)g, .oa = next, .words = { d },
	};

	snprintf(e.desc, sizeof(e.desc), "%s L%d table for 0x%llx",
		 kind == TLB_WALK_S2 ? "S2" : "S1", level,
		 (unsigned long long)(ia & ~SN_GENMASK(span_shift - 1, 0)));
	sn_cache_fill(s, &e, m);
}

/*
 * The table walk of one stage-2 lookup: per level, the external abort,
 * the descriptor's Translation fault, then its Address size fault
 * (IHI0070 §7.3.22; D8.15.4).
 */
static bool s2_walk_tables(const struct walk_env *w, const struct geom *gm, u64 ipa,
			   enum sn_class cls, struct leaf *lf, struct walk_fault *f)
{
	const struct s2_cfg *c = w->s2;
	struct smmu *s = w->smmu;
	struct sn_cache_mark m = sn_cache_mark(s);
	unsigned ps = eff_pa_bits(c->ps, &s->idr);
	u64 table = start_table_base(c->ttb, gm);

	for (int level = gm->start; level <= 3; level++) {
		u64 pa = table | table_index(gm, level, ipa) << 3;
		unsigned sh = level_shift(gm, level);
		const struct tlb_entry *hit;
		u64 d, next;

		if (s->cache && level < 3 &&
		    (hit = tlb_lookup_walk_s2(s->cache->tlb, c->vmid, ipa, (s8)level))) {
			sn_cache_use(s, hit);
			table = hit->oa;
			continue;
		}
		if (!smmu_read64(w->smmu, pa, SN_ACC_S2_DESC, 2, (s8)level, ipa, (u8)cls, &d)) {
			walk_fail(f, EVT_F_WALK_EABT, true, cls, ipa, level);
			f->fetch_addr = pa;
			return false;
		}
		d = desc_endian(d, c->endi);
		switch (desc_kind(d, gm->g, level)) {
		case DESC_INVALID:
			return walk_fail(f, EVT_F_TRANSLATION, true, cls, ipa, level);
		case DESC_NEXT_TABLE:
			next = desc_out_addr(d, gm->g, gm->g);
			if (!fits_bits(next, ps))
				return walk_fail(f, EVT_F_ADDR_SIZE, true, cls, ipa, level);
			if (s->cache)
				cache_table(s, TLB_WALK_S2, c->vmid, 0, ipa, level, sh, gm->g, next, d, m);
			table = next;
			continue;
		case DESC_LEAF:
			next = desc_out_addr(d, gm->g, sh);
			if (!fits_bits(next, ps))
				return walk_fail(f, EVT_F_ADDR_SIZE, true, cls, ipa, level);
			*lf = (struct leaf){
				.desc = d, .level = level, .shift = sh,
				.oa = next | (ipa & SN_GENMASK(sh - 1, 0)), .g = gm->g,
			};
			return true;
		}
	}
	return walk_fail(f, EVT_F_TRANSLATION, true, cls, ipa, 3);  /* LCOV_EXCL_LINE: not reached: level 3 holds pages or invalid entries (desc_kind) */
}

/*
 * Stage-2 leaf checks: Access flag, then permission (IHI0070 §7.3.22).
 * CD fetches and stage-1 table accesses are data reads (§7.3.16) and, with
 * S2PTW, must not land on Device memory (§5.2 S2PTW).
 */
static bool s2_leaf_checks(const struct walk_env *w, const struct leaf *lf, u64 ipa,
			   enum sn_class cls, const struct walk_req *req,
			   const struct s2_input *in, struct walk_out *out,
			   struct walk_fault *f)
{
	const struct s2_cfg *c = w->s2;
	const struct smmu_idr *idr = &w->smmu->idr;
	bool fwb = c->fwb && idr->fwb;
	bool hd = c->ha && c->hd;
	u8 perm = s2_leaf_perm(lf->desc, idr->xnx, hd);
	bool walk_access = cls != SN_CLASS_IN || !req;
	u8 need;

	if (!(lf->desc & DESC_AF) && !c->ha && !c->affd)       /* §5.2 S2AFFD */
		return walk_fail(f, EVT_F_ACCESS, true, cls, ipa, lf->level);
	need = walk_access ? SN_PERM_R_PRIV : needed_perm(req, req->priv);
	if (!(perm & need) || (walk_access && c->ptw && s2_is_device(lf->desc, fwb))) {
		walk_fail(f, EVT_F_PERMISSION, true, cls, ipa, lf->level);
		f->ttrnw = cls == SN_CLASS_TT;
		return false;
	}
	*out = (struct walk_out){
		.oa = lf->oa, .ipa = ipa, .page_shift = lf->shift, .perm = perm,
		.s1_perm = SN_PERM_ALL, .s2_perm = perm,
	};
	s2_attrs(lf->desc, fwb, in->attr, in->sh, out);
	return true;
}

/*
 * A stage-2 lookup through the caches: a stage-2 TLB entry (IPA -> PA,
 * tagged VMID) gives the leaf; the leaf checks run on it as on a walked
 * one.  Only lookups that pass them are cached (arch.md §6.6: Permission
 * faults may be cached; this model does not).
 */
static bool s2_translate_cached(const struct walk_env *w, const struct geom *gm, u64 ipa,
				enum sn_class cls, const struct walk_req *req,
				const struct s2_input *in, struct walk_out *out,
				struct walk_fault *f)
{
	struct smmu *s = w->smmu;
	struct sn_cache_mark m = sn_cache_mark(s);
	const struct tlb_entry *hit = tlb_lookup_s2(s->cache->tlb, w->s2->vmid, ipa);
	struct tlb_entry e;
	struct leaf lf;

	if (hit) {
		sn_cache_use(s, hit);
		lf = (struct leaf){
			.desc = hit->words[0], .level = hit->level, .shift = hit->size_shift,
			.oa = hit->oa | (ipa & SN_GENMASK(hit->size_shift - 1, 0)),
			.g = hit->granule_shift,
		};
		return s2_leaf_checks(w, &lf, ipa, cls, req, in, out, f);
	}
	if (!s2_walk_tables(w, gm, ipa, cls, &lf, f) ||
	    !s2_leaf_checks(w, &lf, ipa, cls, req, in, out, f))
		return false;
	e = (struct tlb_entry){
		.kind = TLB_S2, .strw = TLB_STRW_NS_EL1, .vmid = w->s2->vmid, .ia = ipa,
		.size_shift = (u8)lf.shift, .level = (s8)lf.level, .granule_shift = (u8)lf.g,
		.oa = lf.oa & ~SN_GENMASK(lf.shift - 1, 0), .s1_perm = SN_PERM_ALL,
		.s2_perm = out->s2_perm, .words = { lf.desc },
	};
	snprintf(e.desc, sizeof(e.desc), "S2 IPA 0x%llx L%d",
		 (unsigned long long)(ipa & ~SN_GENMASK(lf.shift - 1, 0)), lf.level);
	sn_cache_fill(s, &e, m);
	return true;
}

/* One stage-2 lookup, given the attributes stage 2 combines with. */
static bool s2_translate(const struct walk_env *w, u64 ipa, enum sn_class cls,
			 const struct walk_req *req, const struct s2_input *in,
			 struct walk_out *out, struct walk_fault *f)
{
	struct geom gm;
	struct leaf lf;

	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	if (!w->s2) {
		s2_bypass_out(&w->smmu->idr, ipa, out);
		return true;
	}
	/* An inconsistent shape is C_BAD_STE first; on a PE it is a level 0 fault. */
	if (s2_geometry(w->s2, w->smmu->idr.stt, &gm))
		return walk_fail(f, EVT_F_TRANSLATION, true, cls, ipa, 0);
	if (!fits_bits(ipa, gm.ia))                             /* §3.4 stage 2 check 1 */
		return walk_fail(f, EVT_F_TRANSLATION, true, cls, ipa, 0);
	if (w->smmu->cache)
		return s2_translate_cached(w, &gm, ipa, cls, req, in, out, f);
	if (!s2_walk_tables(w, &gm, ipa, cls, &lf, f))
		return false;
	return s2_leaf_checks(w, &lf, ipa, cls, req, in, out, f);
}

bool walk_s2(const struct walk_env *w, u64 ipa, enum sn_class cls,
	     const struct walk_req *req, struct walk_out *out, struct walk_fault *f)
{
	static const struct s2_input s2_only = { S2_ONLY_INPUT_ATTR, S2_ONLY_INPUT_SH };

	return s2_translate(w, ipa, cls, req, &s2_only, out, f);
}

/* ------------------------------------------------------------------------ */
/* Stage 1                                                                  */

/*
 * IHI0070 §3.4.1, §5.4: the half is chosen by VA[55]; the VA must be a
 * sign extension from bit ia-1 up to bit 63, or bit 55 with TBI.  A
 * one-privilege regime has TTB0 only, and its EPDx read as 0 (§5.4 EPD0).
 */
static bool s1_select_half(const struct s1_cfg *c, u64 va, const struct s1_half **hp,
			   struct geom *gm)
{
	unsigned sel = c->single_priv ? 0 : (unsigned)((va >> 55) & 1);
	const struct s1_half *h = &c->half[sel];
	unsigned top;
	u64 upper;

	*hp = h;
	if (h->epd && !c->single_priv)
		return false;
	if (!s1_geometry(h, gm))
		return false;
	top = h->tbi ? 55 : 63;
	upper = (va & SN_GENMASK(top, 0)) >> gm->ia;
	return upper == (sel ? SN_GENMASK(top - gm->ia, 0) : 0);
}

/* Stage 2 of a stage-1 descriptor's IPA (IHI0070 §5.4.1: walks in IPA space). */
static bool s1_desc_pa(const struct walk_env *w, u64 addr, u64 *pa, struct walk_fault *f)
{
	struct walk_out o;

	if (!w->s2) {
		*pa = addr;
		return true;
	}
	if (!walk_s2(w, addr, SN_CLASS_TT, NULL, &o, f))
		return false;
	*pa = o.oa;
	return true;
}

static bool s1_walk_tables(const struct walk_env *w, const struct s1_half *h,
			   const struct geom *gm, u64 va, struct leaf *lf,
			   struct s1_hier *hier, struct walk_fault *f)
{
	const struct s1_cfg *c = w->s1;
	struct smmu *s = w->smmu;
	struct sn_cache_mark m = sn_cache_mark(s);
	unsigned ips = eff_pa_bits(c->ips, &s->idr);
	u64 table = start_table_base(h->ttb, gm);

	for (int level = gm->start; level <= 3; level++) {
		u64 addr = table | table_index(gm, level, va) << 3;
		unsigned sh = level_shift(gm, level);
		const struct tlb_entry *hit;
		u64 pa, d, next;

		if (s->cache && level < 3 &&
		    (hit = tlb_lookup_walk_s1(s->cache->tlb, s->cache->strw, s->cache->vmid,
					      c->asid, va, (s8)level))) {
			sn_cache_use(s, hit);
			if (!h->had)
				s1_gather_hier(hier, hit->words[0], c->single_priv);
			table = hit->oa;
			continue;
		}
		if (!s1_desc_pa(w, addr, &pa, f))
			return false;
		if (!smmu_read64(w->smmu, pa, SN_ACC_S1_DESC, 1, (s8)level, va,
				 SN_CLASS_TT, &d)) {
			walk_fail(f, EVT_F_WALK_EABT, false, SN_CLASS_TT, 0, level);
			f->fetch_addr = pa;
			return false;
		}
		d = desc_endian(d, c->endi);
		switch (desc_kind(d, gm->g, level)) {
		case DESC_INVALID:
			return walk_fail(f, EVT_F_TRANSLATION, false, SN_CLASS_IN, 0, level);
		case DESC_NEXT_TABLE:
			next = desc_out_addr(d, gm->g, gm->g);
			if (!fits_bits(next, ips))
				return walk_fail(f, EVT_F_ADDR_SIZE, false, SN_CLASS_IN, 0, level);
			if (!h->had)
				s1_gather_hier(hier, d, c->single_priv);
			if (s->cache)
				cache_table(s, TLB_WALK_S1, s->cache->vmid, c->asid, va, level, sh,
					    gm->g, next, d, m);
			table = next;
			continue;
		case DESC_LEAF:
			next = desc_out_addr(d, gm->g, sh);
			if (!fits_bits(next, ips))
				return walk_fail(f, EVT_F_ADDR_SIZE, false, SN_CLASS_IN, 0, level);
			*lf = (struct leaf){
				.desc = d, .level = level, .shift = sh,
				.oa = next | (va & SN_GENMASK(sh - 1, 0)), .g = gm->g,
			};
			return true;
		}
	}
	return walk_fail(f, EVT_F_TRANSLATION, false, SN_CLASS_IN, 0, 3);  /* LCOV_EXCL_LINE: not reached: level 3 holds pages or invalid entries */
}

/* Stage 1 of @req: range, walk, Access flag, permission (IHI0070 §7.3.22). */
static bool walk_stage1(const struct walk_env *w, const struct walk_req *req,
			struct leaf *lf, u8 *perm, struct walk_fault *f)
{
	const struct s1_cfg *c = w->s1;
	struct s1_hier hier = { 0 };
	const struct s1_half *h;
	struct geom gm;

	if (!s1_select_half(c, req->addr, &h, &gm))
		return walk_fail(f, EVT_F_TRANSLATION, false, SN_CLASS_IN, 0, 0);
	if (!s1_walk_tables(w, h, &gm, req->addr, lf, &hier, f))
		return false;
	if (!(lf->desc & DESC_AF) && !c->ha && !c->affd)       /* §5.4 AFFD */
		return walk_fail(f, EVT_F_ACCESS, false, SN_CLASS_IN, 0, lf->level);
	*perm = s1_leaf_perm(c, &hier, lf->desc, c->ha && c->hd);
	if (!(*perm & needed_perm(req, req->priv || c->single_priv)))
		return walk_fail(f, EVT_F_PERMISSION, false, SN_CLASS_IN, 0, lf->level);
	return true;
}

/* Stage-1 attributes: MAIR[AttrIndx] and the descriptor's SH (§13.4.2). */
static u8 s1_attr(const struct s1_cfg *c, u64 d)
{
	unsigned idx = (unsigned)sn_field_get(DESC_ATTRINDX, d);

	return (u8)(c->mair >> (8 * idx));
}

/* Stage 1 bypassed: the input must fit the IAS, or the OAS with no stage 2. */
static bool s1_bypass(const struct walk_env *w, const struct walk_req *req,
		      struct walk_out *out, struct walk_fault *f)
{
	const struct smmu_idr *idr = &w->smmu->idr;
	unsigned bits = w->s2 ? ias_bits(idr) : sn_pa_bits(idr->oas);

	if (!fits_bits(req->addr, bits))                        /* §3.4 */
		return walk_fail(f, EVT_F_ADDR_SIZE, false, SN_CLASS_IN, 0, 0);
	return walk_s2(w, req->addr, SN_CLASS_IN, req, out, f);
}

/*
 * §6.8 of arch.md / D8.4.3: the nested result covers the smaller of the two
 * leaves, takes its address from stage 2, and grants the intersection.
 */
static bool walk_finish(const struct walk_env *w, const struct walk_req *req,
			const struct leaf *lfp, u8 perm1, struct walk_out *out,
			struct walk_fault *f);
static bool walk_translate_cached(const struct walk_env *w, const struct walk_req *req,
				  struct walk_out *out, struct walk_fault *f);

bool walk_translate(const struct walk_env *w, const struct walk_req *req,
		    struct walk_out *out, struct walk_fault *f)
{
	struct leaf lf;
	u8 perm1 = 0;

	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	if (!w->s1)
		return s1_bypass(w, req, out, f);
	if (w->smmu->cache)
		return walk_translate_cached(w, req, out, f);
	if (!walk_stage1(w, req, &lf, &perm1, f))
		return false;
	return walk_finish(w, req, &lf, perm1, out, f);
}

/* Stage 2 of a successful stage-1 walk, and the combination of both. */
static bool walk_finish(const struct walk_env *w, const struct walk_req *req,
			const struct leaf *lfp, u8 perm1, struct walk_out *out,
			struct walk_fault *f)
{
	struct walk_out o2;
	struct s2_input in;
	struct leaf lf = *lfp;
	u8 attr1;

	attr1 = s1_attr(w->s1, lf.desc);
	if (!w->s2) {
		*out = (struct walk_out){
			.oa = lf.oa, .ipa = lf.oa, .page_shift = lf.shift,
			.perm = perm1, .s1_perm = perm1, .s2_perm = SN_PERM_ALL,
			.memattr = attr1,
			.sh = final_sh(attr1, (u8)sn_field_get(DESC_SH, lf.desc)),
		};
		return true;
	}
	/*
	 * D8.6.2 R NSCNC: whether stage 1's SH or Outer Shareable enters
	 * stage 2 for Device/NC is IMPLEMENTATION DEFINED; the descriptor's
	 * SH is passed on.
	 */
	in = (struct s2_input){ attr1, (u8)sn_field_get(DESC_SH, lf.desc) };
	if (!s2_translate(w, lf.oa, SN_CLASS_IN, req, &in, &o2, f))
		return false;
	*out = o2;
	out->ipa = lf.oa;
	out->page_shift = min_u(lf.shift, o2.page_shift);
	out->s1_perm = perm1;
	out->perm = perm1 & o2.s2_perm;
	return true;
}

/* ------------------------------------------------------------------------ */
/* Configuration legality (C_BAD_STE / C_BAD_CD rules about translation)    */

static bool illegal(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return false;
}

/* IHI0070 §5.2 S2ENDI, §5.4 ENDI vs IDR0.TTENDIAN (2 LE only, 3 BE only). */
static bool endian_supported(bool big, const struct smmu_idr *idr)
{
	return !((idr->ttendian == 2 && big) || (idr->ttendian == 3 && !big));
}

/* §5.2 S2T0SZ, §5.4 T0SZ: the maximum TxSZ is 39, or 48 (47 for 64 KB) with STT. */
static unsigned txsz_max(unsigned g, bool stt)
{
	return !stt ? 39 : g == 16 ? 47 : 48;
}

/* The stage-2 address-size rules of §5.2 (S2PS, S2T0SZ, S2TTB). */
static bool s2_sizes_legal(const struct s2_cfg *c, const struct smmu_idr *idr,
			   unsigned g, const char **why)
{
	unsigned ps = eff_pa_bits(c->ps, idr);
	unsigned ias = ias_bits(idr);

	if (ps > MAX_IA_BITS)
		return illegal(why, "effective S2PS above 48 bits needs 52-bit tables "
			       "(DS/LPA not modelled; IHI0070 §5.2 S2PS)");
	if (c->t0sz < 64 - ias)
		return illegal(why, "S2T0SZ below 64-IAS (IHI0070 §5.2 S2T0SZ)");
	if (c->t0sz < 64 - MAX_IA_BITS)
		return illegal(why, g == 16 ? "S2T0SZ below 16 needs a 52-bit IPA "
			       "(LPA not modelled; IHI0070 §5.2 S2T0SZ)"
			       : "S2T0SZ below 16 with a 4 KB/16 KB granule needs S2DS "
			       "(not modelled; IHI0070 §5.2 S2T0SZ)");
	if (c->t0sz > txsz_max(g, idr->stt))
		return illegal(why, "S2T0SZ above the maximum (39, or 48/47 with "
			       "IDR3.STT; IHI0070 §5.2 S2T0SZ)");
	if (!fits_bits(c->ttb & SN_GENMASK(55, 4), ps))
		return illegal(why, "S2TTB outside the effective S2PS (IHI0070 §5.2 S2TTB)");
	return true;
}

bool s2_cfg_legal(const struct s2_cfg *c, const struct smmu_idr *idr, const char **why)
{
	const char *shape;
	struct geom gm;
	unsigned g = sn_tg0_granule_shift(c->tg);

	if (!idr->s2p)
		return illegal(why, "stage 2 not implemented (IDR0.S2P == 0; IHI0070 §5.2 Config)");
	if (!c->aa64)
		return illegal(why, "S2AA64 == 0: VMSAv8-32 stage 2 not supported by this "
			       "model (IHI0070 §5.2 S2AA64)");
	if (!(idr->ttf & 2))
		return illegal(why, "S2AA64 == 1 but IDR0.TTF has no AArch64 tables "
			       "(IHI0070 §5.2 S2AA64)");
	if (!g || !granule_supported(g, idr))
		return illegal(why, "S2TG reserved or granule not in IDR5.GRAN* "
			       "(IHI0070 §5.2 S2TG)");
	if ((c->ha || c->hd) && idr->httu == 0)
		return illegal(why, "S2HA/S2HD set without IDR0.HTTU (IHI0070 §5.2 S2HA)");
	if (c->hd && idr->httu < 2)
		return illegal(why, "S2HD set without dirty-state HTTU (IHI0070 §5.2 S2HA)");
	if (!endian_supported(c->endi, idr))
		return illegal(why, "S2ENDI selects an endianness IDR0.TTENDIAN lacks "
			       "(IHI0070 §5.2 S2ENDI)");
	if (!s2_sizes_legal(c, idr, g, why))
		return false;
	shape = s2_geometry(c, idr->stt, &gm);
	if (shape)
		return illegal(why, shape);
	if (why)
		*why = NULL;
	return true;
}

/* §5.4 TGx, TxSZ, TTBx of one enabled half (§5.4.2 CdIllegal). */
static bool s1_half_legal(const struct s1_half *h, unsigned ips,
			  const struct smmu_idr *idr, const char **why)
{
	unsigned g = h->granule_shift;

	if ((g != 12 && g != 14 && g != 16) || !granule_supported(g, idr))
		return illegal(why, "TGx reserved or granule not in IDR5.GRAN* "
			       "(IHI0070 §5.4 TG0/TG1)");
	if (h->tsz < 64 - MAX_IA_BITS)
		return illegal(why, g == 16 ? "TxSZ below 16 needs a 52-bit VA "
			       "(IDR5.VAX/LVA not modelled; IHI0070 §5.4 T0SZ)"
			       : "TxSZ below 16 with a 4 KB/16 KB granule needs CD.DS "
			       "(not modelled; IHI0070 §5.4 T0SZ)");
	if (h->tsz > txsz_max(g, idr->stt))
		return illegal(why, "TxSZ above the maximum (39, or 48/47 with IDR3.STT; "
			       "IHI0070 §5.4 T0SZ)");
	if (!fits_bits(h->ttb & SN_GENMASK(55, 4), ips))
		return illegal(why, "TTBx outside the effective IPS (IHI0070 §5.4 TTB0/TTB1)");
	return true;
}

bool s1_cfg_legal(const struct s1_cfg *c, const struct smmu_idr *idr, const char **why)
{
	unsigned ips = eff_pa_bits(c->ips, idr);
	/* §5.4 EPD0: EPDx read as 0 and TTB1 is unreachable at any-EL2/EL3. */
	bool on0 = c->single_priv || !c->half[0].epd;
	bool on1 = !c->single_priv && !c->half[1].epd;

	if (!idr->s1p)
		return illegal(why, "stage 1 not implemented (IDR0.S1P == 0; IHI0070 §5.2 Config)");
	if (!c->aa64)
		return illegal(why, "CD.AA64 == 0: VMSAv8-32 stage 1 not supported by this "
			       "model (IHI0070 §5.4 AA64)");
	if (!(idr->ttf & 2))
		return illegal(why, "CD.AA64 == 1 but IDR0.TTF has no AArch64 tables "
			       "(IHI0070 §5.4 AA64)");
	if ((c->ha || c->hd) && idr->httu == 0)
		return illegal(why, "CD.HA/HD set without IDR0.HTTU (IHI0070 §5.4 HA)");
	if (c->hd && idr->httu < 2)
		return illegal(why, "CD.HD set without dirty-state HTTU (IHI0070 §5.4 HA)");
	if ((on0 || on1) && !endian_supported(c->endi, idr))
		return illegal(why, "CD.ENDI selects an endianness IDR0.TTENDIAN lacks "
			       "(IHI0070 §5.4 ENDI)");
	if (ips > MAX_IA_BITS)
		return illegal(why, "effective IPS above 48 bits needs 52-bit tables "
			       "(DS/LPA not modelled; IHI0070 §5.4 IPS)");
	if (on0 && !s1_half_legal(&c->half[0], ips, idr, why))
		return false;
	if (on1 && !s1_half_legal(&c->half[1], ips, idr, why))
		return false;
	if (why)
		*why = NULL;
	return true;
}

/*
 * A stage-1 lookup through the caches.  A combined entry (nested) or a
 * stage-1-only entry, tagged StreamWorld, VMID and ASID unless global
 * (IHI0070 §3.17; arch.md §6.8), gives the translation; the permission
 * check runs on its stored permissions, stage 1 first, so a fault is
 * attributed to the stage that denies (QEMU keeps both for the same reason,
 * arch.md §6.8).  A successful walk is cached as one entry covering the
 * smaller of the two leaves; a faulting one is not.
 */
static bool walk_translate_cached(const struct walk_env *w, const struct walk_req *req,
				  struct walk_out *out, struct walk_fault *f)
{
	struct smmu *s = w->smmu;
	struct sn_cache *c = s->cache;
	const struct s1_cfg *s1 = w->s1;
	struct sn_cache_mark m = sn_cache_mark(s);
	const struct tlb_entry *hit;
	struct tlb_entry e;
	struct leaf lf;
	u8 perm1 = 0;
	u64 off;

	hit = w->s2 ? tlb_lookup_nested(c->tlb, c->vmid, s1->asid, req->addr)
		    : tlb_lookup_s1(c->tlb, c->strw, c->vmid, s1->asid, req->addr);
	if (hit) {
		sn_cache_use(s, hit);
#if SN_MUTANT == SN_MUT_HIT_NO_S2_PERM /* mutant hit-no-s2-perm: the entry's S2 permissions lost */
		struct tlb_entry granted = *hit;
		granted.s2_perm = SN_PERM_ALL;
		hit = &granted;
#endif
		off = req->addr & SN_GENMASK(hit->size_shift - 1, 0);
		if (!(hit->s1_perm & needed_perm(req, req->priv || s1->single_priv)))
			return walk_fail(f, EVT_F_PERMISSION, false, SN_CLASS_IN, 0, hit->level);
		if (w->s2 && !(hit->s2_perm & needed_perm(req, req->priv)))
			return walk_fail(f, EVT_F_PERMISSION, true, SN_CLASS_IN,
					 hit->words[0] | off, hit->level);
		*out = (struct walk_out){
			.oa = hit->oa | off, .ipa = hit->words[0] | off,
			.page_shift = hit->size_shift, .perm = hit->s1_perm & hit->s2_perm,
			.s1_perm = hit->s1_perm, .s2_perm = hit->s2_perm,
			.memattr = (u8)hit->words[1], .sh = (u8)(hit->words[1] >> 8),
			.s2_device = (hit->words[1] >> 16) & 1,
		};
		return true;
	}
	if (!walk_stage1(w, req, &lf, &perm1, f) || !walk_finish(w, req, &lf, perm1, out, f))
		return false;
	off = req->addr & SN_GENMASK(out->page_shift - 1, 0);
	e = (struct tlb_entry){
		.kind = w->s2 ? TLB_NESTED : TLB_S1, .strw = c->strw, .vmid = c->vmid,
		.asid = s1->asid,
		.global = s1->single_priv || !(lf.desc & DESC_NG),
		.ia = req->addr, .size_shift = (u8)out->page_shift,
		.s1_size_shift = (u8)lf.shift, .level = (s8)lf.level,
		.granule_shift = (u8)lf.g, .oa = out->oa - off,
		.s1_perm = out->s1_perm, .s2_perm = w->s2 ? out->s2_perm : SN_PERM_ALL,
		.words = { out->ipa - off,
			   (u64)out->memattr | (u64)out->sh << 8 | (u64)out->s2_device << 16 },
	};
	snprintf(e.desc, sizeof(e.desc), "%s VA 0x%llx ASID %u",
		 w->s2 ? "S1+S2" : "S1", (unsigned long long)(req->addr - off), s1->asid);
#if SN_MUTANT == SN_MUT_COMBINED_S1_SIZE /* mutant combined-s1-size: sized by stage 1 only */
	e.size_shift = (u8)lf.shift;
#endif
	sn_cache_fill(s, &e, m);
	return true;
}
