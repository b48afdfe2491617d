// SPDX-License-Identifier: MIT
/*
 * The fuzz harness's second walker (walk_ref.h).  Organised as the Arm ARM
 * pseudocode is: a walk procedure per stage that only follows descriptors
 * (AArch64.S1Walk / AArch64.S2Walk: start level, descriptor address,
 * fetch, decode as table / leaf / invalid, output-address size), and the
 * translate procedures around them that add the Access flag and
 * permission checks (AArch64.S1Translate / AArch64.S2Translate).  The
 * nested case fetches each stage-1 descriptor after a stage-2 translation
 * of its IPA (AArch64.S2Translate called from the S1 walk), and the final
 * IPA goes through stage 2 last.
 */
#include "walk_ref.h"

/* ---- Descriptor fields (DDI0487 D8.3; arch.md §6.4) ------------------- */

#define D_VALID        SN_BIT(0)
#define D_TABLE        SN_BIT(1)        /* table (level < 3) or page (level 3) */
#define D_AF           SN_BIT(10)
#define D_S1_AP        SN_GENMASK(7, 6) /* AP[2:1] */
#define D_S1_PXN       SN_BIT(53)
#define D_S1_UXN       SN_BIT(54)
#define D_S2_AP        SN_GENMASK(7, 6) /* S2AP: bit 6 read, bit 7 write */
#define D_S2_MEMATTR   SN_GENMASK(5, 2)
#define D_S2_XN        SN_GENMASK(54, 53)
#define D_T_PXNTABLE   SN_BIT(59)
#define D_T_UXNTABLE   SN_BIT(60)
#define D_T_APTABLE    SN_GENMASK(62, 61)
#define D_OA_HI_64K    SN_GENMASK(15, 12) /* OA[51:48] in 64 KB descriptors */

enum desc_type { DESC_INVALID, DESC_TABLE, DESC_LEAF };

/* Hierarchical permission state collected from table descriptors. */
struct walk_perms {
	unsigned ap_table;              /* bit 0: no unprivileged, bit 1: no write */
	bool uxn_table, pxn_table;
};

struct walk_state {
	int level;
	u64 base;                       /* the table being walked */
	struct walk_perms perms;
};

/* What a stage's walk found: the leaf, or the fault. */
struct walk_leaf {
	u64 desc;
	int level;
	u64 oa;                         /* of the whole block or page */
	unsigned shift;                 /* log2 of its size */
	struct walk_perms perms;
};

static unsigned min_u(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

/* Bits of the input address one level resolves (the granule's stride). */
static unsigned stride(unsigned granule)
{
	return granule - 3;
}

/* Log2 of the region one descriptor at @level maps. */
static unsigned level_shift(unsigned granule, int level)
{
	return granule + stride(granule) * (unsigned)(3 - level);
}

int wr_s1_start_level(unsigned granule, unsigned tsz)
{
	unsigned ia = 64 - tsz;
	unsigned levels = (ia - granule + stride(granule) - 1) / stride(granule);

	return 4 - (int)levels;
}

int wr_s2_start_level(unsigned granule, unsigned sl0)
{
	/* 4 KB: SL0 0 -> level 2, 1 -> 1, 2 -> 0; 16/64 KB: 0 -> 3, 1 -> 2, 2 -> 1. */
	return granule == 12 ? 2 - (int)sl0 : 3 - (int)sl0;
}

/* May a block descriptor sit at @level (no DS, no 52-bit PA)? */
static bool block_allowed(unsigned granule, int level)
{
	switch (granule) {
	case 12:
		return level == 1 || level == 2;
	default:                        /* 16 KB and 64 KB: level 2 only */
		return level == 2;
	}
}

/* The output address a table or leaf descriptor holds (bits below @low cleared). */
static u64 desc_oa(u64 d, unsigned granule, unsigned low)
{
	u64 oa = d & SN_GENMASK(47, low);

	if (granule == 16)
		oa |= sn_field_get(D_OA_HI_64K, d) << 48;
	return oa;
}

static bool oa_out_of_range(u64 oa, unsigned bits)
{
	return bits < 64 && (oa >> bits) != 0;
}

static enum desc_type decode_type(u64 d, int level)
{
	if (!(d & D_VALID))
		return DESC_INVALID;
	if (level == 3)
		return (d & D_TABLE) ? DESC_LEAF : DESC_INVALID;
	return (d & D_TABLE) ? DESC_TABLE : DESC_LEAF;
}

static void fault(struct wr_result *r, u8 type, bool s2, u8 cls, int level)
{
	*r = (struct wr_result){ .ok = false, .type = type, .s2 = s2, .cls = cls,
				 .level = level };
}

static void trace_read(struct wr_trace *t, u64 pa, u8 stage, int level)
{
	if (t && t->n < WR_TRACE_MAX) {
		t->r[t->n].pa = pa;
		t->r[t->n].stage = stage;
		t->r[t->n].level = (s8)level;
		t->n++;
	}
}

/* A descriptor fetch: false if memory answers with an external abort. */
static bool fetch(const struct wr_cfg *c, u64 pa, u8 stage, int level, struct wr_trace *t,
		  u64 *d)
{
	trace_read(t, pa, stage, level);
	if (sn_mem_aborts(c->mem, pa))
		return false;
	*d = sn_mem_read64(c->mem, pa);
	return true;
}

/* ---- Stage 2 ----------------------------------------------------------- */

static unsigned s2_out_bits(const struct wr_cfg *c)
{
	return min_u(c->s2->ps_bits, c->oas_bits);
}

/*
 * AArch64.S2Walk: from the start level SL0 names, through any concatenated
 * start tables, to the leaf.  On a fault @r is filled (stage 2, class @cls,
 * the IPA) and false returned.
 */
static bool s2_walk(const struct wr_cfg *c, u64 ipa, u8 cls, struct walk_leaf *leaf,
		    struct wr_result *r, struct wr_trace *t)
{
	const struct wr_s2 *s2 = c->s2;
	unsigned g = s2->granule, ia = 64 - s2->t0sz, out = s2_out_bits(c);
	struct walk_state ws = { .level = wr_s2_start_level(g, s2->sl0), .base = s2->ttb };

	if (ia < 64 && (ipa >> ia) != 0) {
		fault(r, EVT_F_TRANSLATION, true, cls, 0);
		r->fault_ipa = ipa;
		return false;
	}
	for (;;) {
		unsigned sh = level_shift(g, ws.level);
		/* The start level indexes every IA bit above it (concatenation included). */
		unsigned bits = ws.level == wr_s2_start_level(g, s2->sl0) ? ia - sh : stride(g);
		u64 index = (ipa >> sh) & (SN_BIT(bits) - 1);
		u64 addr = ws.base + index * 8, d;

		if (!fetch(c, addr, 2, ws.level, t, &d)) {
			fault(r, EVT_F_WALK_EABT, true, cls, ws.level);
			r->fault_ipa = ipa;
			r->fetch_addr = addr;
			return false;
		}
		switch (decode_type(d, ws.level)) {
		case DESC_INVALID:
			fault(r, EVT_F_TRANSLATION, true, cls, ws.level);
			r->fault_ipa = ipa;
			return false;
		case DESC_TABLE: {
			u64 next = desc_oa(d, g, g);

			if (oa_out_of_range(next, out)) {
				fault(r, EVT_F_ADDR_SIZE, true, cls, ws.level);
				r->fault_ipa = ipa;
				return false;
			}
			/* Stage-2 table descriptors carry no hierarchical attributes. */
			ws.base = next;
			ws.level++;
			continue;
		}
		case DESC_LEAF:
			if (!block_allowed(g, ws.level) && ws.level != 3) {
				fault(r, EVT_F_TRANSLATION, true, cls, ws.level);
				r->fault_ipa = ipa;
				return false;
			}
			leaf->desc = d;
			leaf->level = ws.level;
			leaf->shift = sh;
			leaf->oa = desc_oa(d, g, sh);
			if (oa_out_of_range(leaf->oa, out)) {
				fault(r, EVT_F_ADDR_SIZE, true, cls, ws.level);
				r->fault_ipa = ipa;
				return false;
			}
			return true;
		}
	}
}

/* AArch64.S2DirectBasePermissions: what a stage-2 leaf grants. */
static u8 s2_perms(const struct wr_cfg *c, u64 d)
{
	unsigned ap = (unsigned)sn_field_get(D_S2_AP, d);
	unsigned xn = (unsigned)sn_field_get(D_S2_XN, d);
	u8 p = 0;

	if (ap & 1)
		p |= SN_PERM_R_PRIV | SN_PERM_R_UNPRIV;
	if (ap & 2)
		p |= SN_PERM_W_PRIV | SN_PERM_W_UNPRIV;
	if (!c->xnx)
		xn = (xn & 2) ? 2 : 0;  /* only XN[1] (bit 54) exists */
	switch (xn) {
	case 0:                         /* executable at EL1 and EL0 */
		p |= SN_PERM_X_PRIV | SN_PERM_X_UNPRIV;
		break;
	case 1:                         /* not at EL1 */
		p |= SN_PERM_X_UNPRIV;
		break;
	case 2:                         /* at neither */
		break;
	default:                        /* not at EL0 */
		p |= SN_PERM_X_PRIV;
		break;
	}
	return p;
}

/* The permission bit a transaction needs. */
static u8 needed(const struct wr_access *a)
{
	if (a->instr && !a->write)
		return a->priv ? SN_PERM_X_PRIV : SN_PERM_X_UNPRIV;
	if (a->write)
		return a->priv ? SN_PERM_W_PRIV : SN_PERM_W_UNPRIV;
	return a->priv ? SN_PERM_R_PRIV : SN_PERM_R_UNPRIV;
}

void wr_s2_translate(const struct wr_cfg *c, u64 ipa, u8 cls, const struct wr_access *a,
		     struct wr_result *r, struct wr_trace *t)
{
	struct walk_leaf leaf;
	u8 perm;
	bool walk_read = cls != SN_CLASS_IN;

	if (!s2_walk(c, ipa, cls, &leaf, r, t))
		return;
	/* Access flag first, then permissions (D8.15.4 order). */
	if (!(leaf.desc & D_AF) && !c->s2->affd) {
		fault(r, EVT_F_ACCESS, true, cls, leaf.level);
		r->fault_ipa = ipa;
		return;
	}
	perm = s2_perms(c, leaf.desc);
	if (walk_read) {
		/* Descriptor and CD reads are data reads; with S2PTW, Device memory refuses them. */
		bool device = (sn_field_get(D_S2_MEMATTR, leaf.desc) >> 2) == 0;

		if (!(perm & SN_PERM_R_PRIV) || (c->s2->ptw && device)) {
			fault(r, EVT_F_PERMISSION, true, cls, leaf.level);
			r->fault_ipa = ipa;
			r->ttrnw = cls == SN_CLASS_TT;  /* a read; defined for CLASS=TT only */
			return;
		}
	} else if (!(perm & needed(a))) {
		fault(r, EVT_F_PERMISSION, true, cls, leaf.level);
		r->fault_ipa = ipa;
		return;
	}
	*r = (struct wr_result){
		.ok = true, .pa = leaf.oa | (ipa & (SN_BIT(leaf.shift) - 1)), .ipa = ipa,
		.page_shift = leaf.shift, .perm = perm, .s1_perm = SN_PERM_ALL, .s2_perm = perm,
	};
}

/* ---- Stage 1 ----------------------------------------------------------- */

static unsigned s1_out_bits(const struct wr_cfg *c)
{
	return min_u(c->s1->ips_bits, c->oas_bits);
}

/*
 * AArch64.S1Walk: choose the half by VA[55], check the VA against it, and
 * follow the descriptors; with stage 2 on, every descriptor address is an
 * IPA that stage 2 translates first (a fault there is the walk's fault).
 */
static bool s1_walk(const struct wr_cfg *c, u64 va, struct walk_leaf *leaf,
		    struct wr_result *r, struct wr_trace *t)
{
	const struct wr_s1 *s1 = c->s1;
	unsigned upper = (unsigned)((va >> 55) & 1);
	const struct wr_half *h = &s1->half[upper];
	unsigned ia = 64 - h->tsz, top = h->tbi ? 55 : 63, out = s1_out_bits(c);
	u64 range = SN_GENMASK(top, ia);
	unsigned g = h->granule;
	struct walk_state ws = { .level = wr_s1_start_level(g, h->tsz), .base = h->ttb };
	int start = ws.level;

	if ((va & range) != (upper ? range : 0) || h->epd) {
		fault(r, EVT_F_TRANSLATION, false, SN_CLASS_IN, 0);
		return false;
	}
	for (;;) {
		unsigned sh = level_shift(g, ws.level);
		unsigned bits = ws.level == start ? ia - sh : stride(g);
		u64 index = (va >> sh) & (SN_BIT(bits) - 1);
		u64 addr = ws.base + index * 8, pa = addr, d;

		if (c->s2) {
			struct wr_result r2;
			static const struct wr_access rd = { .write = false };

			wr_s2_translate(c, addr, SN_CLASS_TT, &rd, &r2, t);
			if (!r2.ok) {
				*r = r2;
				return false;
			}
			pa = r2.pa;
		}
		if (!fetch(c, pa, 1, ws.level, t, &d)) {
			fault(r, EVT_F_WALK_EABT, false, SN_CLASS_TT, ws.level);
			r->fetch_addr = pa;
			return false;
		}
		switch (decode_type(d, ws.level)) {
		case DESC_INVALID:
			fault(r, EVT_F_TRANSLATION, false, SN_CLASS_IN, ws.level);
			return false;
		case DESC_TABLE: {
			u64 next = desc_oa(d, g, g);

			if (oa_out_of_range(next, out)) {
				fault(r, EVT_F_ADDR_SIZE, false, SN_CLASS_IN, ws.level);
				return false;
			}
			if (!h->had) {
				ws.perms.ap_table |= (unsigned)sn_field_get(D_T_APTABLE, d);
				ws.perms.uxn_table |= (d & D_T_UXNTABLE) != 0;
				ws.perms.pxn_table |= (d & D_T_PXNTABLE) != 0;
			}
			ws.base = next;
			ws.level++;
			continue;
		}
		case DESC_LEAF:
			if (!block_allowed(g, ws.level) && ws.level != 3) {
				fault(r, EVT_F_TRANSLATION, false, SN_CLASS_IN, ws.level);
				return false;
			}
			leaf->desc = d;
			leaf->level = ws.level;
			leaf->shift = sh;
			leaf->oa = desc_oa(d, g, sh);
			leaf->perms = ws.perms;
			if (oa_out_of_range(leaf->oa, out)) {
				fault(r, EVT_F_ADDR_SIZE, false, SN_CLASS_IN, ws.level);
				return false;
			}
			return true;
		}
	}
}

/*
 * AArch64.S1DirectBasePermissions for a regime with two privilege levels
 * (NS-EL1): AP[2:1], then APTable, then execute-never (an
 * unprivileged-writable location is never privileged-executable), PAN
 * (a privileged data access to an unprivileged-accessible location
 * fails; instruction fetches are not PAN's business), and WXN (writable
 * at an EL means not executable at it, judged before PAN).
 */
static u8 s1_perms(const struct wr_cfg *c, const struct walk_leaf *leaf)
{
	unsigned ap = (unsigned)sn_field_get(D_S1_AP, leaf->desc);
	unsigned apt = leaf->perms.ap_table;
	bool pr = true, pw = !(ap & 2), ur = (ap & 1) != 0, uw = ap == 1;
	bool px, ux;
	u8 p = 0;

	if (apt & 1)
		ur = uw = false;
	if (apt & 2)
		pw = uw = false;
	px = !((leaf->desc & D_S1_PXN) || leaf->perms.pxn_table || uw);
	ux = !((leaf->desc & D_S1_UXN) || leaf->perms.uxn_table);
	if (c->s1->wxn) {
		if (pw)
			px = false;
		if (uw)
			ux = false;
	}
	if (c->s1->pan && (ur || uw))
		pr = pw = false;
	p |= pr ? SN_PERM_R_PRIV : 0;
	p |= pw ? SN_PERM_W_PRIV : 0;
	p |= px ? SN_PERM_X_PRIV : 0;
	p |= ur ? SN_PERM_R_UNPRIV : 0;
	p |= uw ? SN_PERM_W_UNPRIV : 0;
	p |= ux ? SN_PERM_X_UNPRIV : 0;
	return p;
}

static void s1_translate(const struct wr_cfg *c, u64 va, const struct wr_access *a,
			 struct wr_result *r, struct wr_trace *t)
{
	struct walk_leaf leaf;
	u8 perm;

	if (!s1_walk(c, va, &leaf, r, t))
		return;
	if (!(leaf.desc & D_AF) && !c->s1->affd) {
		fault(r, EVT_F_ACCESS, false, SN_CLASS_IN, leaf.level);
		return;
	}
	perm = s1_perms(c, &leaf);
	if (!(perm & needed(a))) {
		fault(r, EVT_F_PERMISSION, false, SN_CLASS_IN, leaf.level);
		return;
	}
	*r = (struct wr_result){
		.ok = true, .ipa = leaf.oa | (va & (SN_BIT(leaf.shift) - 1)),
		.page_shift = leaf.shift, .perm = perm, .s1_perm = perm, .s2_perm = SN_PERM_ALL,
	};
	r->pa = r->ipa;
}

void wr_translate(const struct wr_cfg *c, u64 addr, const struct wr_access *a,
		  struct wr_result *r, struct wr_trace *t)
{
	struct wr_result r1, r2;

	if (c->s1) {
		s1_translate(c, addr, a, &r1, t);
		if (!r1.ok || !c->s2) {
			*r = r1;
			return;
		}
	} else {
		/* Stage 1 bypassed: the input must fit the SMMU's input size (IHI0070 §3.4). */
		if (c->ias_bits < 64 && (addr >> c->ias_bits) != 0) {
			fault(r, EVT_F_ADDR_SIZE, false, SN_CLASS_IN, 0);
			return;
		}
		r1 = (struct wr_result){ .ok = true, .ipa = addr, .pa = addr, .page_shift = 64,
					 .perm = SN_PERM_ALL, .s1_perm = SN_PERM_ALL,
					 .s2_perm = SN_PERM_ALL };
		if (!c->s2) {
			*r = r1;
			return;
		}
	}
	wr_s2_translate(c, r1.ipa, SN_CLASS_IN, a, &r2, t);
	if (!r2.ok) {
		*r = r2;
		return;
	}
	*r = (struct wr_result){
		.ok = true, .pa = r2.pa, .ipa = r1.ipa,
		.page_shift = r1.page_shift < r2.page_shift ? r1.page_shift : r2.page_shift,
		.s1_perm = r1.s1_perm, .s2_perm = r2.s2_perm,
		.perm = (u8)(r1.s1_perm & r2.s2_perm),
	};
}
