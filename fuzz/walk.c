// SPDX-License-Identifier: MIT
/*
 * Fuzz harness "walk": random translation tables and transactions, the
 * model's walker (walk.h) against the second walker of fuzz/walk_ref.c.
 *
 * From the input: a mode (nested, stage 1 only, stage 2 only), the SMMU's
 * OAS and XNX, a stage-2 configuration (granule, S2T0SZ, start level with
 * or without concatenation, S2PS, S2AFFD, S2PTW), a stage-1 configuration
 * per TTB half (granule, TxSZ, EPD, TBI, HAD) with IPS, AFFD, WXN and PAN,
 * and the mappings of each tree, built by the builder (builder.h) into
 * fresh memory; the stage-1 tables of a nested walk live in IPA space
 * behind stage 2.  Then descriptor mutations (invalid, type flips, AF,
 * permissions and hierarchical bits, output bits beyond the output size,
 * table redirection, Device memory under a walk, ignored bits, external
 * aborts) aimed at the descriptors some address's walk reads, and a few
 * transactions.
 *
 * Each transaction must give the same result under both walkers: the
 * output address, IPA, page size and permissions, or the same fault (type,
 * stage, class, level, IPA, fetch address, TTRnW) after the same sequence
 * of descriptor reads.  And every nested result of the model must equal
 * stage 2 applied to its stage-1 output: walk_s2() of the IPA gives the
 * same PA and stage-2 permissions (or the same stage-2 fault), and the
 * permissions are the intersection.  Any difference aborts.
 *
 * Configurations stay inside what both walkers model: AArch64, 4/16/64 KB,
 * no 52-bit addressing, no STT, no HTTU, no FWB, little-endian, and only
 * configurations the model's s1_cfg_legal()/s2_cfg_legal() accept.
 */
#include <inttypes.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/walk.h>

#include "fuzz.h"
#include "walk_ref.h"

#define FAIL(...) FUZZ_FAIL("walk", __VA_ARGS__)

/* Memory map */
#define S2_POOL_PA      0x01000000ULL   /* the stage-2 tables */
#define S2_POOL_SIZE    0x00800000ULL
#define S1_POOL_PA      0x02000000ULL   /* stage-1 tables of a stage-1-only walk */
#define S1_POOL_SIZE    0x00100000ULL   /* per half */
#define META_PA         0x40000000ULL   /* nested: IPA [0, META_SIZE) -> META_PA + IPA */
#define META_SIZE       0x00200000ULL   /* two stage-1 pools of S1_POOL_SIZE */
#define MEM_PAGES       8192u

#define MAX_S1_MAPS     6
#define MAX_S2_DATA     8
#define MAX_META        (META_SIZE >> 12)
#define MAX_TXNS        8
#define MAX_MUTATIONS   6

enum mode { MODE_NESTED, MODE_S1, MODE_S2 };

struct half_gen {
	bool on;                        /* its tree was built */
	struct sn_tt tt;
	struct sn_tt_map maps[MAX_S1_MAPS];
	unsigned n;
};

struct ctx {
	enum mode mode;
	struct sn_mem *mem;
	struct smmu smmu;
	/* stage 2 */
	bool s2_on;
	struct sn_tt s2tt;
	bool s2_built;
	struct sn_tt_map s2maps[MAX_META + MAX_S2_DATA];
	unsigned n_s2maps;
	struct sn_tt_map data[MAX_S2_DATA];
	unsigned n_data;
	struct s2_cfg s2;
	struct wr_s2 rs2;
	unsigned s2_granule, s2_ia, s2_out;
	/* stage 1 */
	bool s1_on;
	struct half_gen h[2];
	struct s1_cfg s1;
	struct wr_s1 rs1;
	unsigned s1_out;
	/* both */
	struct walk_env env, env_s2;
	struct wr_cfg ref;
	struct wr_trace trace;
	char cfgdesc[512];
};

/* CD.IPS / S2PS / IDR5.OAS as a size (IHI0070 §6.3.6; arch.md §1.2). */
static unsigned size_bits(unsigned enc)
{
	static const unsigned bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };

	return bits[enc & 7];
}

static u64 align_down(u64 v, u64 a)
{
	return v & ~(a - 1);
}

static bool overlaps(u64 a, u64 asz, u64 b, u64 bsz)
{
	return a < b + bsz && b < a + asz;
}

static bool overlaps_any(const struct sn_tt_map *m, unsigned n, u64 ia, u64 size)
{
	for (unsigned i = 0; i < n; i++)
		if (overlaps(m[i].ia, m[i].size, ia, size))
			return true;
	return false;
}

/* A leaf size of @granule: mostly a page, some blocks where the granule has them. */
static unsigned leaf_shift(struct fz *f, unsigned g)
{
	unsigned pick = (unsigned)fz_below(f, 8);

	if (pick == 6)
		return sn_tt_level_shift(g, 2);
	if (pick == 7 && g == 12)
		return sn_tt_level_shift(g, 1);
	return g;
}

/* An output address of @size below 2^@bits, now and then above it. */
static u64 rand_oa(struct fz *f, u64 size, unsigned bits)
{
	u64 oa = align_down(fz_u64(f) & (SN_BIT(bits) - 1), size);

	if (fz_chance(f, 8) && bits < 48)
		oa |= SN_BIT(bits + fz_below(f, 48 - bits));
	return align_down(oa, size) & SN_GENMASK(47, 0);
}

/* An input address for a leaf of @size in [lo, lo + span): near the bottom, or anywhere. */
static u64 rand_ia(struct fz *f, u64 lo, u64 span, u64 size)
{
	u64 slots = span / size;

	if (!slots)
		return lo;
	if (fz_bool(f) && slots > 64)
		slots = 64;
	return lo + fz_below(f, slots) * size;
}

/* ---- Stage 2 ------------------------------------------------------------ */

static void gen_s2_cfg(struct fz *f, struct ctx *c)
{
	static const unsigned grans[] = { 12, 14, 16 };
	unsigned enc = fz_chance(f, 50) ? (unsigned)fz_below(f, 7) : 5;

	c->s2_granule = FZ_PICK(f, grans);
	c->s2_ia = 64 - (unsigned)(16 + fz_below(f, 24));     /* S2T0SZ 16..39 */
	c->s2 = (struct s2_cfg){
		.vmid = 1, .t0sz = 64 - c->s2_ia, .ps = enc, .affd = fz_chance(f, 20),
		.ptw = fz_chance(f, 50), .r = true, .aa64 = true,
	};
	c->s2_out = size_bits(enc) < size_bits(c->smmu.idr.oas) ? size_bits(enc)
		    : size_bits(c->smmu.idr.oas);
}

/* The stage-2 data leaves (the meta pages are added once stage 1 is built). */
static void gen_s2_data(struct fz *f, struct ctx *c)
{
	unsigned want = 1 + (unsigned)fz_below(f, MAX_S2_DATA);
	u64 span = SN_BIT(c->s2_ia);

	for (unsigned k = 0; k < want && c->n_data < MAX_S2_DATA; k++) {
		unsigned sh = leaf_shift(f, c->s2_granule);
		u64 size = SN_BIT(sh), lo = META_SIZE * 2 > size ? META_SIZE * 2 : size;
		struct sn_tt_map m = {
			.size = size, .ap = fz_chance(f, 30) ? (u8)fz_below(f, 4) : 3,
			.xn = fz_chance(f, 20) ? (u8)(c->smmu.idr.xnx ? fz_below(f, 4) : 2) : 0,
			.attr = fz_chance(f, 15) ? (u8)fz_below(f, 16) : 0xf, .sh = 3,
			.af = !fz_chance(f, 10),
		};

		if (lo >= span)
			continue;
		m.ia = rand_ia(f, lo, span - lo, size);
		m.oa = rand_oa(f, size, c->s2_out);
		if (overlaps_any(c->data, c->n_data, m.ia, size))
			continue;
		c->data[c->n_data++] = m;
	}
}

/* IPA [0, used) of each stage-1 pool -> META_PA + IPA, in stage-2 pages. */
static void add_meta(struct fz *f, struct ctx *c)
{
	u64 page = SN_BIT(c->s2_granule);
	u64 lo[2] = { 0, S1_POOL_SIZE }, hi[2] = { 0, S1_POOL_SIZE };
	unsigned odd = fz_chance(f, 30) ? (unsigned)fz_below(f, 8) : ~0u, k = 0;

	for (unsigned i = 0; i < 2; i++)
		if (c->h[i].on)
			hi[i] = c->h[i].tt.pool_end;
	for (unsigned i = 0; i < 2; i++) {
		for (u64 ipa = align_down(lo[i], page); ipa < hi[i]; ipa += page, k++) {
			struct sn_tt_map m = { .ia = ipa, .oa = META_PA + ipa, .size = page,
					       .ap = 3, .attr = 0xf, .sh = 3, .af = true };

			if (overlaps_any(c->s2maps, c->n_s2maps, ipa, page))
				continue;
			if (k == odd) {
				/* One odd page under the walk: no read, Device, or AF=0. */
				m.ap = (u8)fz_below(f, 4);
				m.attr = (u8)fz_below(f, 16);
				m.af = fz_bool(f);
			}
			c->s2maps[c->n_s2maps++] = m;
		}
	}
}

static bool build_s2(struct fz *f, struct ctx *c)
{
	struct sn_tt_cfg tc = {
		.stage = 2, .granule_shift = c->s2_granule, .tsz = c->s2.t0sz,
		.start_level = SN_TT_LEVEL_AUTO, .pool_base = S2_POOL_PA,
		.pool_size = S2_POOL_SIZE,
	};
	struct sn_tt_err err;
	int level;
	unsigned concat;
	const char *why;

	if (fz_chance(f, 50)) {
		int want = (int)fz_below(f, 4);

		if (sn_tt_start_level(2, c->s2_granule, c->s2.t0sz, want, &level, &concat, &why) == 0)
			tc.start_level = want;
	}
	for (unsigned i = 0; i < c->n_data; i++)
		c->s2maps[c->n_s2maps++] = c->data[i];
	if (sn_tt_build(c->mem, &tc, c->s2maps, c->n_s2maps, &c->s2tt, &err) != 0)
		return false;
	c->s2_built = true;
	c->s2.sl0 = c->s2tt.sl0;
	c->s2.tg = c->s2tt.tg;
	c->s2.ttb = c->s2tt.ttb;
	c->rs2 = (struct wr_s2){
		.t0sz = c->s2.t0sz, .sl0 = c->s2.sl0, .granule = c->s2_granule, .ttb = c->s2.ttb,
		.ps_bits = size_bits(c->s2.ps), .affd = c->s2.affd, .ptw = c->s2.ptw,
	};
	return true;
}

/* ---- Stage 1 ------------------------------------------------------------ */

static void gen_s1_cfg(struct fz *f, struct ctx *c)
{
	static const unsigned grans[] = { 12, 14, 16 };
	unsigned enc = fz_chance(f, 50) ? (unsigned)fz_below(f, 7) : 5;

	c->s1 = (struct s1_cfg){
		.ips = enc, .affd = fz_chance(f, 20), .wxn = fz_chance(f, 25),
		.pan = fz_chance(f, 25), .aa64 = true, .a = true, .r = true, .asid = 1,
		.mair = 0x0444ffULL,
	};
	for (unsigned i = 0; i < 2; i++) {
		struct s1_half *h = &c->s1.half[i];

		h->granule_shift = FZ_PICK(f, grans);
		h->tsz = 16 + (unsigned)fz_below(f, 24);          /* TxSZ 16..39 */
		h->epd = i == 0 ? fz_chance(f, 5) : !fz_chance(f, 40);
		h->tbi = fz_chance(f, 25);
		h->had = fz_chance(f, 25);
	}
	c->s1_out = size_bits(enc) < size_bits(c->smmu.idr.oas) ? size_bits(enc)
		    : size_bits(c->smmu.idr.oas);
}

/* Where a stage-1 leaf points: into a stage-2 data leaf, the meta area, or anywhere. */
static u64 s1_target(struct fz *f, const struct ctx *c, u64 size)
{
	unsigned w = (unsigned)fz_below(f, 10);

	if (c->mode == MODE_NESTED && c->n_data && w < 7) {
		const struct sn_tt_map *d = &c->data[fz_below(f, c->n_data)];

		return align_down(d->ia + fz_below(f, d->size), size);
	}
	if (c->mode == MODE_NESTED && w == 7)
		return align_down(fz_below(f, META_SIZE), size);
	return rand_oa(f, size, c->s1_out);
}

/* Nested stage-1 tables: IPA -> META_PA + IPA, which add_meta() then maps. */
static bool meta_resolve(const void *ctx, u64 ipa, u64 *pa)
{
	(void)ctx;
	if (ipa >= META_SIZE)
		return false;
	*pa = META_PA + ipa;
	return true;
}

static bool build_half(struct fz *f, struct ctx *c, unsigned i)
{
	struct half_gen *hg = &c->h[i];
	const struct s1_half *h = &c->s1.half[i];
	unsigned ia = 64 - h->tsz, want = 1 + (unsigned)fz_below(f, MAX_S1_MAPS);
	u64 base = i ? (u64)0 - SN_BIT(ia) : 0;
	struct sn_tt_cfg tc = {
		.stage = 1, .granule_shift = h->granule_shift, .tsz = h->tsz,
		.start_level = SN_TT_LEVEL_AUTO,
		.pool_base = (c->mode == MODE_NESTED ? 0 : S1_POOL_PA) + i * S1_POOL_SIZE,
		.pool_size = S1_POOL_SIZE,
		.resolve = c->mode == MODE_NESTED ? meta_resolve : NULL,
	};
	struct sn_tt_err err;

	for (unsigned k = 0; k < want; k++) {
		unsigned sh = leaf_shift(f, h->granule_shift);
		u64 size = SN_BIT(sh);
		struct sn_tt_map m = {
			.size = size, .ap = (u8)fz_below(f, 4), .xn = (u8)fz_below(f, 4),
			.attr = (u8)fz_below(f, 8), .sh = 3, .af = !fz_chance(f, 10),
			.ng = fz_bool(f),
		};

		if (size >= SN_BIT(ia))
			continue;
		m.ia = rand_ia(f, base, SN_BIT(ia), size);
		m.oa = s1_target(f, c, size);
		if (overlaps_any(hg->maps, hg->n, m.ia, size))
			continue;
		hg->maps[hg->n++] = m;
	}
	if (!hg->n)
		return true;
	if (sn_tt_build(c->mem, &tc, hg->maps, hg->n, &hg->tt, &err) != 0)
		return false;
	hg->on = true;
	return true;
}

static void s1_finish(struct ctx *c)
{
	for (unsigned i = 0; i < 2; i++) {
		struct s1_half *h = &c->s1.half[i];
		struct wr_half *r = &c->rs1.half[i];

		/* A half without mappings still has a start table: an empty one. */
		h->ttb = c->h[i].on ? c->h[i].tt.ttb
			 : (c->mode == MODE_NESTED ? 0 : S1_POOL_PA) + i * S1_POOL_SIZE;
		*r = (struct wr_half){ .epd = h->epd, .tsz = h->tsz, .granule = h->granule_shift,
				       .ttb = h->ttb, .tbi = h->tbi, .had = h->had };
	}
	c->rs1.ips_bits = size_bits(c->s1.ips);
	c->rs1.affd = c->s1.affd;
	c->rs1.wxn = c->s1.wxn;
	c->rs1.pan = c->s1.pan;
}

/* ---- Mutations ---------------------------------------------------------- */

/* An IPA: in a stage-2 data leaf, in the meta area, at the top of the range, or anywhere. */
static u64 some_ipa(struct fz *f, const struct ctx *c)
{
	unsigned w = (unsigned)fz_below(f, 16);

	if (w < 8 && c->n_data) {
		const struct sn_tt_map *m = &c->data[fz_below(f, c->n_data)];

		return m->ia + align_down(fz_below(f, m->size), 8);
	}
	if (w < 13)
		return fz_below(f, META_SIZE) & ~7ULL;
	if (w < 15)
		return SN_BIT(c->s2_ia) - 8 + 8 * fz_below(f, 2);
	return fz_u64(f) >> fz_below(f, 24);
}

/* A VA (or, without stage 1, an IPA) worth translating. */
static u64 some_address(struct fz *f, const struct ctx *c)
{
	unsigned w;
	const struct half_gen *hg;

	if (!c->s1_on)
		return some_ipa(f, c);
	w = (unsigned)fz_below(f, 16);
	hg = &c->h[w & 1];
	if (w < 12 && hg->n) {
		const struct sn_tt_map *m = &hg->maps[fz_below(f, hg->n)];

		return m->ia + align_down(fz_below(f, m->size), 8);
	}
	if (w < 14) {
		u64 edge = SN_BIT(64 - c->s1.half[w & 1].tsz);

		/* the edges of a half, and tagged addresses for TBI */
		return (w & 1 ? (u64)0 - edge - 8 * fz_below(f, 2) : edge - 8 + 8 * fz_below(f, 2)) ^
		       ((u64)fz_u8(f) << 56);
	}
	return fz_u64(f);
}

/* A table address to point a descriptor at instead. */
static u64 redirect_target(struct fz *f, const struct ctx *c, unsigned stage, unsigned g,
			   unsigned out)
{
	switch (fz_below(f, 3)) {
	case 0:
		if (stage == 2)
			return align_down(S2_POOL_PA + fz_below(f, c->s2_built ? c->s2tt.pool_end -
								S2_POOL_PA : SN_BIT(g)), SN_BIT(g));
		if (c->mode == MODE_NESTED)
			return align_down(fz_below(f, META_SIZE), SN_BIT(g));
		return align_down(S1_POOL_PA + fz_below(f, 2 * S1_POOL_SIZE), SN_BIT(g));
	case 1:
		return align_down(fz_u64(f) & (SN_BIT(out) - 1), SN_BIT(g));
	default:
		return align_down(fz_u64(f), SN_BIT(g)) & SN_GENMASK(47, 0);
	}
}

static void mutate_one(struct fz *f, struct ctx *c)
{
	u64 addr = some_address(f, c), pa, d;
	struct wr_access rd = { .priv = true };
	struct wr_result r;
	unsigned stage, g, out, idx;
	int level;

	c->trace.n = 0;
	if (c->s1_on)
		wr_translate(&c->ref, addr, &rd, &r, &c->trace);
	else
		wr_s2_translate(&c->ref, addr, SN_CLASS_IN, &rd, &r, &c->trace);
	if (!c->trace.n)
		return;
	idx = (unsigned)fz_below(f, c->trace.n);
	pa = c->trace.r[idx].pa;
	stage = c->trace.r[idx].stage;
	level = c->trace.r[idx].level;
	g = stage == 2 ? c->s2_granule : c->s1.half[(addr >> 55) & 1].granule_shift;
	out = stage == 2 ? c->s2_out : c->s1_out;
	d = sn_mem_read64(c->mem, pa);
	switch (fz_below(f, 12)) {
	case 0:                                 /* invalid */
		d = fz_bool(f) ? 0 : d & ~1ULL;
		break;
	case 1:                                 /* table <-> block, page <-> reserved */
		d ^= 2;
		break;
	case 2:                                 /* Access flag */
		d ^= SN_BIT(10);
		break;
	case 3:                                 /* AP[2:1] / S2AP */
		d = sn_field_set(SN_GENMASK(7, 6), d, fz_below(f, 4));
		break;
	case 4:                                 /* UXN/PXN, XN[1:0] */
		d ^= (stage == 2 && !c->smmu.idr.xnx) ? SN_BIT(54) : fz_below(f, 4) << 53;
		break;
	case 5:                                 /* APTable, UXNTable, PXNTable */
		if (stage == 1)
			d = sn_field_set(SN_GENMASK(62, 59), d, fz_below(f, 16));
		break;
	case 6:                                 /* an output bit beyond the output size */
		if (out < 48)
			d |= SN_BIT(out + fz_below(f, 48 - out));
		else if (g == 16)
			d |= (1 + fz_below(f, 15)) << 12;
		break;
	case 7: {                               /* point the table (or leaf) elsewhere */
		u64 to = redirect_target(f, c, stage, g, out);

		d = (d & ~SN_GENMASK(47, 12)) | (to & SN_GENMASK(47, g));
		if (fz_bool(f))
			d |= 3;
		break;
	}
	case 8:                                 /* an external abort on that read */
		sn_mem_add_abort(c->mem, pa & ~7ULL, 8);
		return;
	case 9:                                 /* stage-2 MemAttr (Device under a walk) */
		if (stage == 2)
			d = sn_field_set(SN_GENMASK(5, 2), d, fz_below(f, 16));
		break;
	case 10:                                /* bits the walker must ignore */
		if (level < 3 && (d & 3) == 3)
			d ^= fz_below(f, SN_BIT(10)) << 2;              /* table [11:2] */
		else
			d ^= fz_below(f, 16) << 55;                     /* leaf [58:55] */
		break;
	default: {                              /* a fresh descriptor */
		u64 to = redirect_target(f, c, stage, g, out);
		u64 attrs = fz_u16(f) & 0xffc;          /* [11:2] */

		d = 1 | (fz_bool(f) ? 2 : 0) | attrs | (to & SN_GENMASK(47, g));
		if (fz_bool(f))
			d |= (fz_below(f, 4) << 53) & (stage == 2 && !c->smmu.idr.xnx ?
						       SN_BIT(54) : SN_GENMASK(54, 53));
		if (stage == 1 && fz_bool(f))
			d |= fz_below(f, 16) << 59;
		break;
	}
	}
	sn_mem_write64(c->mem, pa, d);
}

/* ---- Comparison --------------------------------------------------------- */

static const char *fault_name(u8 type)
{
	switch (type) {
	case EVT_F_TRANSLATION: return "F_TRANSLATION";
	case EVT_F_ADDR_SIZE: return "F_ADDR_SIZE";
	case EVT_F_ACCESS: return "F_ACCESS";
	case EVT_F_PERMISSION: return "F_PERMISSION";
	case EVT_F_WALK_EABT: return "F_WALK_EABT";
	default: return "?";
	}
}

static void fmt_ref(const struct wr_result *r, char *buf, size_t len)
{
	if (r->ok)
		snprintf(buf, len, "ok pa=0x%" PRIx64 " ipa=0x%" PRIx64 " page_shift=%u perm=0x%02x "
			 "s1_perm=0x%02x s2_perm=0x%02x", r->pa, r->ipa, r->page_shift, r->perm,
			 r->s1_perm, r->s2_perm);
	else
		snprintf(buf, len, "%s s2=%d class=%u level=%d ipa=0x%" PRIx64 " fetch=0x%" PRIx64
			 " ttrnw=%d", fault_name(r->type), r->s2, r->cls, r->level, r->fault_ipa,
			 r->fetch_addr, r->ttrnw);
}

static void model_to_ref(bool ok, const struct walk_out *o, const struct walk_fault *flt,
			 struct wr_result *r)
{
	if (ok)
		*r = (struct wr_result){ .ok = true, .pa = o->oa, .ipa = o->ipa,
					 .page_shift = o->page_shift, .perm = o->perm,
					 .s1_perm = o->s1_perm, .s2_perm = o->s2_perm };
	else
		*r = (struct wr_result){ .ok = false, .type = flt->type, .s2 = flt->s2,
					 .cls = flt->class, .fault_ipa = flt->ipa,
					 .fetch_addr = flt->fetch_addr, .ttrnw = flt->ttrnw,
					 .level = flt->level };
}

/* The first field in which @m (the model) and @r (the reference) differ, or NULL. */
static const char *differs(const struct wr_result *m, const struct wr_result *r, bool s1,
			   bool s2)
{
	if (m->ok != r->ok)
		return "outcome";
	if (m->ok) {
		if (m->pa != r->pa)
			return "output address";
		if (s1 && s2 && m->ipa != r->ipa)
			return "IPA";
		if (m->page_shift != r->page_shift)
			return "page size";
		if (m->perm != r->perm)
			return "permissions";
		if (s1 && m->s1_perm != r->s1_perm)
			return "stage-1 permissions";
		if (s2 && m->s2_perm != r->s2_perm)
			return "stage-2 permissions";
		return NULL;
	}
	if (m->type != r->type)
		return "fault type";
	if (m->s2 != r->s2)
		return "fault stage";
	if (m->cls != r->cls)
		return "fault class";
	if (m->level != r->level)
		return "fault level";
	if (m->s2 && m->fault_ipa != r->fault_ipa)
		return "fault IPA";
	if (m->type == EVT_F_WALK_EABT && m->fetch_addr != r->fetch_addr)
		return "fetch address";
	if (m->type == EVT_F_PERMISSION && m->cls == SN_CLASS_TT && m->ttrnw != r->ttrnw)
		return "TTRnW";
	return NULL;
}

/* The descriptor reads the model logged against the reference's, in order. */
static const char *reads_differ(const struct ctx *c, unsigned *at)
{
	const struct sn_access_log *log = &c->smmu.log;
	unsigned j = 0;

	for (unsigned i = 0; i < log->n; i++) {
		const struct sn_access *a = &log->a[i];

		if (a->what != SN_ACC_S1_DESC && a->what != SN_ACC_S2_DESC)
			continue;
		*at = j;
		if (j >= c->trace.n)
			return "the model read more descriptors";
		if (a->pa != c->trace.r[j].pa || a->stage != c->trace.r[j].stage ||
		    a->level != c->trace.r[j].level)
			return "a descriptor read differs";
		j++;
	}
	*at = j;
	return j == c->trace.n ? NULL : "the model read fewer descriptors";
}

static void describe_cfg(struct ctx *c)
{
	size_t n = 0, len = sizeof(c->cfgdesc);

#define ADD(...) do { if (n < len) n += (size_t)snprintf(c->cfgdesc + n, len - n, __VA_ARGS__); } while (0)
	ADD("mode %s, OAS %u, XNX %d", c->mode == MODE_NESTED ? "nested" : c->mode == MODE_S1 ?
	    "stage-1 only" : "stage-2 only", size_bits(c->smmu.idr.oas), c->smmu.idr.xnx);
	if (c->s2_on)
		ADD("; S2 granule %u T0SZ %u SL0 %u TTB 0x%" PRIx64 " PS %u AFFD %d PTW %d",
		    c->s2_granule, c->s2.t0sz, c->s2.sl0, c->s2.ttb, size_bits(c->s2.ps),
		    c->s2.affd, c->s2.ptw);
	if (c->s1_on) {
		ADD("; S1 IPS %u AFFD %d WXN %d PAN %d", size_bits(c->s1.ips), c->s1.affd,
		    c->s1.wxn, c->s1.pan);
		for (unsigned i = 0; i < 2; i++) {
			const struct s1_half *h = &c->s1.half[i];

			ADD("; TTB%u granule %u TSZ %u TTB 0x%" PRIx64 " EPD %d TBI %d HAD %d", i,
			    h->granule_shift, h->tsz, h->ttb, h->epd, h->tbi, h->had);
		}
	}
#undef ADD
}

static void fail_diff(struct ctx *c, const char *what, const char *field, u64 addr,
		      const struct walk_req *req, const struct wr_result *m,
		      const struct wr_result *r)
{
	char mb[256], rb[256];

	fmt_ref(m, mb, sizeof(mb));
	fmt_ref(r, rb, sizeof(rb));
	describe_cfg(c);
	FAIL("%s: %s differs for address 0x%016" PRIx64 " (write %d priv %d instr %d)\n"
	     "  config: %s\n  model:     %s\n  reference: %s",
	     what, field, addr, req->write, req->priv, req->instr, c->cfgdesc, mb, rb);
}

static void check_txn(struct ctx *c, u64 addr, const struct walk_req *req)
{
	struct wr_access acc = { .write = req->write, .priv = req->priv, .instr = req->instr };
	struct walk_out o;
	struct walk_fault flt;
	struct wr_result m, r;
	const char *why;
	unsigned at;
	bool ok;

	memset(&o, 0, sizeof(o));
	memset(&flt, 0, sizeof(flt));
	c->smmu.log.n = 0;
	c->smmu.log.overflow = false;
	ok = walk_translate(&c->env, req, &o, &flt);
	model_to_ref(ok, &o, &flt, &m);
	c->trace.n = 0;
	wr_translate(&c->ref, addr, &acc, &r, &c->trace);
	why = differs(&m, &r, c->s1_on, c->s2_on);
	if (why)
		fail_diff(c, "walk_translate against the reference walker", why, addr, req, &m, &r);
	why = reads_differ(c, &at);
	if (why) {
		describe_cfg(c);
		FAIL("walk_translate against the reference walker: %s (read %u) for address "
		     "0x%016" PRIx64 "\n  config: %s", why, at, addr, c->cfgdesc);
	}
	if (c->mode != MODE_NESTED)
		return;

	/* Nested = stage 2 applied to stage 1, within the model itself. */
	if (ok) {
		struct walk_out o2;
		struct walk_fault f2;
		struct wr_result m2;

		memset(&o2, 0, sizeof(o2));
		memset(&f2, 0, sizeof(f2));
		if (!walk_s2(&c->env_s2, o.ipa, SN_CLASS_IN, req, &o2, &f2)) {
			model_to_ref(false, &o2, &f2, &m2);
			fail_diff(c, "nested result against walk_s2 of its IPA", "outcome", addr,
				  req, &m, &m2);
		}
		model_to_ref(true, &o2, &f2, &m2);
		if (o2.oa != o.oa || o2.perm != o.s2_perm || o.perm != (o.s1_perm & o.s2_perm) ||
		    o.page_shift > o2.page_shift)
			fail_diff(c, "nested result against walk_s2 of its IPA",
				  o2.oa != o.oa ? "output address" : o2.perm != o.s2_perm ?
				  "stage-2 permissions" : o.perm != (o.s1_perm & o.s2_perm) ?
				  "permission intersection" : "page size", addr, req, &m, &m2);
	} else if (flt.s2 && flt.class == SN_CLASS_IN) {
		struct walk_out o2;
		struct walk_fault f2;
		struct wr_result m2;
		bool ok2;

		memset(&o2, 0, sizeof(o2));
		memset(&f2, 0, sizeof(f2));
		ok2 = walk_s2(&c->env_s2, flt.ipa, SN_CLASS_IN, req, &o2, &f2);
		model_to_ref(ok2, &o2, &f2, &m2);
		if (ok2 || f2.type != flt.type || f2.level != flt.level || !f2.s2)
			fail_diff(c, "nested stage-2 fault against walk_s2 of its IPA", "fault", addr,
				  req, &m, &m2);
	}
}

/* walk_s2() on behalf of a stage-1 table or CD read, against the reference. */
static void check_s2_read(struct fz *f, struct ctx *c)
{
	u64 ipa = some_ipa(f, c);
	u8 cls = fz_bool(f) ? SN_CLASS_CD : SN_CLASS_TT;
	struct walk_req req = { .addr = ipa };
	struct wr_access acc = { .write = false };
	struct walk_out o;
	struct walk_fault flt;
	struct wr_result m, r;
	const char *why;
	bool ok;

	memset(&o, 0, sizeof(o));
	memset(&flt, 0, sizeof(flt));
	c->smmu.log.n = 0;
	ok = walk_s2(&c->env_s2, ipa, cls, NULL, &o, &flt);
	model_to_ref(ok, &o, &flt, &m);
	wr_s2_translate(&c->ref, ipa, cls, &acc, &r, NULL);
	why = differs(&m, &r, false, true);
	if (why)
		fail_diff(c, cls == SN_CLASS_CD ? "walk_s2 for a CD read" : "walk_s2 for a table read",
			  why, ipa, &req, &m, &r);
}

/* ---- The harness -------------------------------------------------------- */

static void run(struct fz *f, struct ctx *c)
{
	static const unsigned oas[] = { 5, 5, 5, 4, 3, 2, 1, 0 };
	const char *why;
	unsigned ntx;

	c->mode = (enum mode)fz_below(f, 3);
	c->s1_on = c->mode != MODE_S2;
	c->s2_on = c->mode != MODE_S1;
	c->mem = sn_mem_new(MEM_PAGES);
	if (!c->mem)
		return;
	smmu_init(&c->smmu, c->mem);
	c->smmu.idr.oas = (u8)FZ_PICK(f, oas);
	c->smmu.idr.xnx = fz_chance(f, 30);
	if (c->s2_on) {
		gen_s2_cfg(f, c);
		gen_s2_data(f, c);
	}
	if (c->s1_on) {
		gen_s1_cfg(f, c);
		for (unsigned i = 0; i < 2; i++)
			if (!build_half(f, c, i))
				return;
		s1_finish(c);
	}
	if (c->s2_on) {
		if (c->mode == MODE_NESTED)
			add_meta(f, c);
		if (!build_s2(f, c))
			return;
		if (!s2_cfg_legal(&c->s2, &c->smmu.idr, &why))
			return;
	}
	if (c->s1_on && !s1_cfg_legal(&c->s1, &c->smmu.idr, &why))
		return;
	c->env = (struct walk_env){ .smmu = &c->smmu, .s1 = c->s1_on ? &c->s1 : NULL,
				    .s2 = c->s2_on ? &c->s2 : NULL };
	c->env_s2 = (struct walk_env){ .smmu = &c->smmu, .s2 = c->s2_on ? &c->s2 : NULL };
	c->ref = (struct wr_cfg){
		.mem = c->mem, .s1 = c->s1_on ? &c->rs1 : NULL, .s2 = c->s2_on ? &c->rs2 : NULL,
		.oas_bits = size_bits(c->smmu.idr.oas),
		/* IAS: the OAS, at least 40 bits with AArch32 tables (IHI0070 §3.4). */
		.ias_bits = (c->smmu.idr.ttf & 1) && size_bits(c->smmu.idr.oas) < 40 ? 40
			    : size_bits(c->smmu.idr.oas),
		.xnx = c->smmu.idr.xnx,
	};

	for (unsigned k = (unsigned)fz_below(f, MAX_MUTATIONS + 1); k; k--)
		mutate_one(f, c);
	ntx = 1 + (unsigned)fz_below(f, MAX_TXNS);
	for (unsigned k = 0; k < ntx; k++) {
		u64 addr = some_address(f, c);
		struct walk_req req = { .addr = addr, .write = fz_bool(f), .priv = fz_bool(f) };

		req.instr = !req.write && fz_chance(f, 30);
		check_txn(c, addr, &req);
		if (c->s2_on && fz_chance(f, 30))
			check_s2_read(f, c);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx *c = calloc(1, sizeof(*c));
	struct fz f;

	if (!c)
		return 0;
	fz_init(&f, data, size);
	run(&f, c);
	for (unsigned i = 0; i < 2; i++)
		if (c->h[i].on)
			sn_tt_free(&c->h[i].tt);
	if (c->s2_built)
		sn_tt_free(&c->s2tt);
	sn_mem_free(c->mem);
	free(c);
	return 0;
}
