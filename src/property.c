// SPDX-License-Identifier: MIT
/*
 * Property runs of the caches and the invalidation sequences (property.h).
 *
 * What the generator deliberately leaves alone, and why:
 *  - The stage-2 mappings of the pages that hold the CDs and the stage-1
 *    tables (the "meta" block of each VM) never change.  Those IPAs are
 *    read by the SMMU on behalf of CD fetches and stage-1 walks; a change
 *    there would leave CD and walk-cache entries built through the old
 *    stage-2 translation, and the host sequence (s2inval.h) issues no
 *    CFGI_CD for a stage-2 change (linux.md §4.1: TLBI_S2_IPA, NH_ALL,
 *    ATC_INV only).  Whether the host owes a CFGI there is a question for
 *    the VMM contract, not for these runs.
 *  - STEs, CDs and stage-1 table descriptors never change: only leaves do
 *    (stage 2: pages and blocks, plus whole last-level tables; stage 1:
 *    pages and blocks), so configuration caches and stage-1 walk caches
 *    stay valid and need no CFGI.
 *  - Every stage-1 leaf is non-global (nG = 1): two address spaces of one
 *    VM share VAs with different ASIDs, and a global entry would match
 *    both (IHI0070 §3.17), which is a software error, not an SMMU one.
 *
 * seed-v2 has no vIOMMU invalidation path (viommu_inv_supported() is
 * false): its guest stage-1 changes are followed by the same commands put
 * on the host queue directly with the VM's VMID (host-side stage-1
 * maintenance), and it never enables ATS on a nested attach.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/cd.h>
#include <smmu-nest/cmdq.h>
#include <smmu-nest/property.h>
#include <smmu-nest/s2inval.h>
#include <smmu-nest/viommu.h>

#define F(mask, v) sn_field_prep(mask, v)

/* ------------------------------------------------------------------------ */
/* Memory map of every scenario                                             */

#define STRTAB_PA       0x10000ULL              /* linear, LOG2SIZE 4 */
#define STRTAB_LOG2     4
#define S2_POOL_PA(v)   (0x1000000ULL + (u64)(v) * 0x1000000ULL)
#define S2_POOL_SIZE    0x800000ULL
/* Meta block of each VM: IPA [0, one level-2 block) -> META_PA(v) (512 MB aligned). */
#define META_PA(v)      (0x40000000ULL + (u64)(v) * 0x20000000ULL)
#define CD_IPA(i)       (0x1000ULL * ((u64)(i) + 1))    /* below 0x10000 */
#define S1_POOL_IPA(k)  (0x10000ULL + (u64)(k) * 0x80000ULL)
#define S1_POOL_SIZE    0x80000ULL
/* Data: VAs and IPAs in [1 GB, 2 GB); output PAs from 64 GB up. */
#define DATA_LO         0x40000000ULL
#define DATA_SIZE       0x40000000ULL
#define DATA_PA         0x1000000000ULL
#define TSZ             25                      /* 39-bit VA and IPA */
/* MAIR: Attr0 Normal WB RAWA, Attr1 Normal NC, Attr2 Device-nGnRE. */
#define MAIR_VALUE      0x0444ffULL
#define MEM_PAGES       8192u

#define MAX_VMS         2
#define MAX_AS          3
#define MAX_STREAMS     4
#define MAX_S2L         64
#define MAX_S1L         16
#define MAX_OPS         96
#define MAX_HIST        8
#define MAX_FOCUS       4
#define MAX_GUEST_CMDS  32
#define CACHE_CAPACITY  1024

/* ------------------------------------------------------------------------ */
/* Planted bugs                                                             */

const struct sn_property_bug sn_property_bugs[] = {
	{ "no-nh-all", BUG_S2INV_NO_NH_ALL,
	  "stage-2 change without TLBI_NH_ALL: combined S1+S2 entries survive" },
	{ "no-atc-full", BUG_S2INV_NO_ATC_FULL,
	  "stage-2 change: ranged ATC_INV by IPA for nested ATS masters, not a full one" },
	{ "no-sync-before-nh-all", BUG_S2INV_NO_SYNC_BEFORE_NH_ALL,
	  "stage-2 change: TLBI_S2_IPA not synced before TLBI_NH_ALL" },
	{ "partial-range", BUG_S2INV_PARTIAL_RANGE,
	  "stage-2 change: TLBI_S2_IPA covers only the first granule of the range" },
	{ "vmid-passthrough", BUG_VIOMMU_VMID_PASSTHROUGH,
	  "vIOMMU path keeps the guest's VMID field in stage-1 TLBIs" },
};
const unsigned sn_property_bug_count = sizeof(sn_property_bugs) / sizeof(sn_property_bugs[0]);

const struct sn_property_bug *sn_property_bug_find(const char *name)
{
	for (unsigned i = 0; i < sn_property_bug_count; i++)
		if (strcmp(sn_property_bugs[i].name, name) == 0)
			return &sn_property_bugs[i];
	return NULL;
}

bool sn_property_bug_applies(const struct host_policy *p, unsigned bug, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if ((bug & BUG_VIOMMU_VMID_PASSTHROUGH) && !viommu_inv_supported(p)) {
		*why = "the policy has no vIOMMU invalidation path";
		return false;
	}
	if ((bug & BUG_S2INV_NO_ATC_FULL) && p->ats == ATS_NEVER) {
		*why = "the policy never enables ATS on a nested attach";
		return false;
	}
	*why = NULL;
	return true;
}

void sn_property_cfg_init(struct sn_property_cfg *c, const struct host_policy *p, u64 seed,
			  unsigned count)
{
	*c = (struct sn_property_cfg){
		.policy = p, .seed = seed, .count = count,
		.cache = { .kind = TLB_POLICY_MAX },
	};
}

bool sn_property_holds(const struct host_policy *p, const struct sn_property_report *r)
{
	if (r->err)
		return false;
	return p->bugs ? r->n.verdict[SN_VERDICT_STALE] > 0 : r->n.verdict[SN_VERDICT_STALE] == 0;
}

/* ------------------------------------------------------------------------ */
/* The scenario                                                             */

/* One leaf of a table tree, as the generator last wrote it. */
struct leaf {
	struct sn_tt_map m;             /* ia, oa (stage 1: an IPA), size, attributes */
	int level;
	u64 desc_pa;                    /* where its descriptor lives (a PA) */
	bool valid;                     /* the descriptor is the mapping (else 0) */
};

struct vm {
	u16 vmid;
	unsigned g;                     /* stage-2 granule shift */
	struct sn_tt s2;
	bool built;
	u64 pool_next, pool_end;        /* PAs for tables made later (block splits) */
	struct leaf l[MAX_S2L];
	unsigned n;
	u32 sids[MAX_STREAMS];
	struct s2inv_master masters[MAX_STREAMS];
	struct s2inv_domain dom;
	struct viommu_vdev vdevs[MAX_STREAMS];
	struct viommu vi;
	unsigned nas;                   /* address spaces on this VM */
};

/* A guest address space: one CD's ASID and stage-1 tables. */
struct as {
	unsigned vm;
	u16 asid;
	unsigned g;
	struct sn_tt s1;
	bool built;
	struct leaf l[MAX_S1L];
	unsigned n;
};

/*
 * ST_NESTED: a guest S1-translate vSTE, physical Config 0b111.  ST_S2ONLY:
 * physical Config 0b110, device addresses are IPAs; either the host's own
 * stream on the parent domain, or (nested) a guest bypass vSTE attached
 * through a nested domain, which v7.0 lets use ATS without the guest asking
 * (a45dd3466302) and then invalidates by IPA range (nested_ats_flush 0).
 */
enum stream_kind { ST_NESTED, ST_S2ONLY };

struct stream {
	enum stream_kind kind;
	bool nested;                    /* attached through a nested domain */
	unsigned vm;
	unsigned as;                    /* ST_NESTED */
	u32 sid, vsid;
	bool ats;                       /* the host enabled ATS (STE.EATS = 0b01) */
	bool enable_ats;                /* the guest asked for it (nested_ats_flush) */
};

struct hist {
	unsigned st;
	u64 addr, ipa;
};

struct focus {
	bool s2;                        /* IPA ranges of vm, else VA ranges of as */
	unsigned vm, as;
	unsigned n;
	u64 lo[MAX_FOCUS], hi[MAX_FOCUS];
};

struct oprec {
	u64 clock;                      /* oracle clock when the operation began */
	char desc[160];
};

struct scen {
	const struct sn_property_cfg *cfg;
	const struct host_policy *p;
	struct sn_property_report *rep;
	u64 rng;
	unsigned index, op;
	bool failed;
	struct sn_mem *mem;
	struct smmu smmu;
	struct sn_oracle *o;
	struct vm vm[MAX_VMS];
	unsigned nvm;
	struct as as[MAX_AS];
	unsigned nas;
	struct stream st[MAX_STREAMS];
	unsigned nst;
	struct hist hist[MAX_HIST];
	unsigned nhist, hist_next;
	struct focus focus;
	bool has_focus;
	bool interleave;                /* translations between the commands of this sequence */
	struct oprec ops[MAX_OPS + 1];
	struct sn_judgement j;
	char line[512];
};

/* ------------------------------------------------------------------------ */
/* Random numbers: splitmix64, one stream per scenario                      */

static u64 rnd(struct scen *s)
{
	u64 z = (s->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n >= 1 (n <= 2^30 here: the modulo bias is below 2^-34). */
static u64 below(struct scen *s, u64 n)
{
	return rnd(s) % n;
}

static bool chance(struct scen *s, unsigned percent)
{
	return below(s, 100) < percent;
}

static u64 max_u64(u64 a, u64 b) { return a > b ? a : b; }
static u64 min_u64(u64 a, u64 b) { return a < b ? a : b; }

static void fail(struct scen *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct scen *s, const char *fmt, ...)
{
	struct sn_property_report *r = s->rep;
	char msg[180];
	va_list ap;

	if (s->failed)
		return;
	s->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->err = -1;
	snprintf(r->err_msg, sizeof(r->err_msg), "scenario %u, operation %u: %s", s->index,
		 s->op, msg);
}

static void trace(struct scen *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void trace(struct scen *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->cfg->trace)
		return;
	va_start(ap, fmt);
	vsnprintf(s->line, sizeof(s->line), fmt, ap);
	va_end(ap);
	s->cfg->trace(s->cfg->trace_ctx, s->line);
}

/* The description of the current operation (for the trace and a STALE report). */
static void op_desc(struct scen *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void op_desc(struct scen *s, const char *fmt, ...)
{
	struct oprec *o = &s->ops[s->op];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->desc, sizeof(o->desc), fmt, ap);
	va_end(ap);
	trace(s, "  op %u: %s", s->op, o->desc);
}

/* ------------------------------------------------------------------------ */
/* Tables                                                                   */

static unsigned lvl_shift(unsigned g, int level)
{
	return sn_tt_level_shift(g, level);
}

/*
 * The PA of the descriptor at @level that translates @ia in tree @t, found
 * by walking memory as it is now; table addresses of a stage-1 tree are
 * IPAs, resolved through the (never changing) meta block of @s2.  0 when a
 * table on the way is missing.
 */
static u64 desc_addr(const struct sn_mem *mem, const struct sn_tt *t, u64 ia, int level,
		     const struct sn_tt *s2)
{
	unsigned g = t->cfg.granule_shift;
	u64 table = t->ttb;

	for (int l = t->start_level; l <= 3; l++) {
		unsigned sh = lvl_shift(g, l);
		unsigned bits = l == t->start_level ? t->ia_bits - sh : g - 3;
		u64 pa = table + (((ia >> sh) & ((1ULL << bits) - 1)) << 3);
		u64 d;

		if (s2 && !sn_tt_resolve_s2(s2, pa, &pa))
			return 0;
		if (l == level)
			return pa;
		d = sn_mem_read64(mem, pa);
		if ((d & 3) != 3)
			return 0;
		table = d & SN_GENMASK(47, g);
	}
	return 0;
}

static u64 leaf_desc(unsigned stage, const struct leaf *l)
{
	return sn_tt_leaf_desc(stage, l->level, &l->m);
}

static bool overlaps(u64 a, u64 asz, u64 b, u64 bsz)
{
	return a < b + bsz && b < a + asz;
}

static bool leaf_overlaps(const struct leaf *l, unsigned n, u64 ia, u64 size)
{
	for (unsigned i = 0; i < n; i++)
		if (overlaps(l[i].m.ia, l[i].m.size, ia, size))
			return true;
	return false;
}

/* Stage-2 leaf attributes: S2AP mostly read/write, MemAttr mostly Normal WB. */
static void s2_attrs(struct scen *s, struct sn_tt_map *m)
{
	unsigned a = (unsigned)below(s, 100);

	m->ap = a < 80 ? 3 : a < 97 ? 1 : 0;
	a = (unsigned)below(s, 100);
	m->attr = a < 85 ? 0xf : a < 95 ? 0x5 : 0x1;
	m->xn = chance(s, 10) ? 2 : 0;
	m->sh = 3;
	m->af = true;
	m->ng = false;
}

/* Stage-1 AP[2:1]: mostly read/write at EL0 and EL1, some read-only, some EL1 only. */
static u8 s1_ap(struct scen *s)
{
	static const u8 aps[] = { 1, 1, 1, 1, 1, 3, 3, 0, 2 };

	return aps[below(s, sizeof(aps))];
}

/* Stage-1 leaf attributes: AP, UXN/PXN, AttrIndx 0..2 (MAIR_VALUE), nG. */
static void s1_attrs(struct scen *s, struct sn_tt_map *m)
{
	unsigned a = (unsigned)below(s, 100);

	m->ap = s1_ap(s);
	m->attr = a < 85 ? 0 : a < 95 ? 1 : 2;
	m->xn = chance(s, 20) ? (u8)(1 + below(s, 3)) : 0;
	m->sh = 3;
	m->af = true;
	m->ng = true;
}

static u64 rand_oa(struct scen *s, u64 size)
{
	return DATA_PA + below(s, 4096) * size;
}

/* Stage-2 data leaves of @v: runs of 1-4 adjacent pages, and blocks. */
static void gen_s2_leaves(struct scen *s, struct vm *v)
{
	unsigned want = 6 + (unsigned)below(s, 10);
	u64 page = 1ULL << v->g, block = 1ULL << lvl_shift(v->g, 2);

	for (unsigned tries = 0; v->n < want && tries < 64; tries++) {
		bool is_block = chance(s, 25);
		u64 size = is_block ? block : page;
		unsigned run = is_block ? 1 : 1 + (unsigned)below(s, 4);
		u64 ia = DATA_LO + below(s, DATA_SIZE / size) * size;
		u64 oa = rand_oa(s, size);
		struct sn_tt_map m;

		if (ia + run * size > DATA_LO + DATA_SIZE || v->n + run > MAX_S2L / 2 ||
		    leaf_overlaps(v->l, v->n, ia, run * size))
			continue;
		s2_attrs(s, &m);
		for (unsigned k = 0; k < run; k++) {
			struct leaf *l = &v->l[v->n++];

			*l = (struct leaf){ .m = m, .level = is_block ? 2 : 3, .valid = true };
			l->m.ia = ia + k * size;
			l->m.oa = chance(s, 70) ? oa + k * size : rand_oa(s, size);
			l->m.size = size;
		}
	}
}

/* An IPA for a stage-1 leaf of @size: mostly inside one of the VM's stage-2 leaves. */
static u64 pick_ipa(struct scen *s, const struct vm *v, u64 size)
{
	if (v->n && chance(s, 85)) {
		const struct leaf *l = &v->l[below(s, v->n)];

		return (l->m.ia + below(s, l->m.size)) & ~(size - 1);
	}
	return DATA_LO + below(s, DATA_SIZE / size) * size;
}

static void gen_s1_leaves(struct scen *s, struct as *a)
{
	const struct vm *v = &s->vm[a->vm];
	unsigned want = 4 + (unsigned)below(s, 9);
	u64 page = 1ULL << a->g, block = 1ULL << lvl_shift(a->g, 2);

	for (unsigned tries = 0; a->n < want && tries < 64; tries++) {
		bool is_block = chance(s, 20);
		u64 size = is_block ? block : page;
		u64 va = DATA_LO + below(s, DATA_SIZE / size) * size;
		struct leaf *l;

		if (leaf_overlaps(a->l, a->n, va, size))
			continue;
		l = &a->l[a->n++];
		*l = (struct leaf){ .level = is_block ? 2 : 3, .valid = true };
		s1_attrs(s, &l->m);
		l->m.ia = va;
		l->m.size = size;
		l->m.oa = pick_ipa(s, v, size);
	}
}

/* ------------------------------------------------------------------------ */
/* Setup                                                                    */

static bool write_init(struct scen *s, u64 pa, const u64 *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (sn_mem_write64(s->mem, pa + 8 * i, w[i]) != 0) {
			fail(s, "memory cap reached at PA 0x%llx", (unsigned long long)pa);
			return false;
		}
	return true;
}

static bool build_vm(struct scen *s, unsigned vi)
{
	static const unsigned gs[] = { 12, 14, 16 };
	struct vm *v = &s->vm[vi];
	struct sn_tt_map maps[MAX_S2L + 1];
	struct sn_tt_cfg c;
	struct sn_tt_err err;

	v->g = gs[below(s, 3)];
	maps[0] = (struct sn_tt_map){ .ia = 0, .oa = META_PA(vi),
				      .size = 1ULL << lvl_shift(v->g, 2), .ap = 3, .attr = 0xf,
				      .sh = 3, .af = true };
	gen_s2_leaves(s, v);
	for (unsigned i = 0; i < v->n; i++)
		maps[i + 1] = v->l[i].m;
	c = (struct sn_tt_cfg){ .stage = 2, .granule_shift = v->g, .tsz = TSZ,
				.start_level = SN_TT_LEVEL_AUTO, .pool_base = S2_POOL_PA(vi),
				.pool_size = S2_POOL_SIZE };
	if (sn_tt_build(s->mem, &c, maps, v->n + 1, &v->s2, &err) != 0) {
		fail(s, "stage-2 build: %s", err.msg);
		return false;
	}
	v->built = true;
	v->pool_next = (v->s2.pool_end + (1ULL << v->g) - 1) & ~((1ULL << v->g) - 1);
	v->pool_end = S2_POOL_PA(vi) + S2_POOL_SIZE;
	for (unsigned i = 0; i < v->n; i++) {
		v->l[i].desc_pa = desc_addr(s->mem, &v->s2, v->l[i].m.ia, v->l[i].level, NULL);
		if (!v->l[i].desc_pa) {
			fail(s, "stage-2 leaf of IPA 0x%llx not found", (unsigned long long)v->l[i].m.ia);
			return false;
		}
	}
	return true;
}

static bool build_as(struct scen *s, unsigned ai)
{
	static const unsigned gs[] = { 12, 14, 16 };
	struct as *a = &s->as[ai];
	struct vm *v = &s->vm[a->vm];
	struct sn_tt_map maps[MAX_S1L];
	struct sn_tt_cfg c;
	struct sn_tt_err err;

	a->g = gs[below(s, 3)];
	gen_s1_leaves(s, a);
	for (unsigned i = 0; i < a->n; i++)
		maps[i] = a->l[i].m;
	c = (struct sn_tt_cfg){ .stage = 1, .granule_shift = a->g, .tsz = TSZ,
				.start_level = SN_TT_LEVEL_AUTO,
				.pool_base = S1_POOL_IPA(v->nas), .pool_size = S1_POOL_SIZE,
				.resolve = sn_tt_resolve_s2, .resolve_ctx = &v->s2 };
	v->nas++;
	if (sn_tt_build(s->mem, &c, maps, a->n, &a->s1, &err) != 0) {
		fail(s, "stage-1 build: %s", err.msg);
		return false;
	}
	a->built = true;
	for (unsigned i = 0; i < a->n; i++) {
		a->l[i].desc_pa = desc_addr(s->mem, &a->s1, a->l[i].m.ia, a->l[i].level, &v->s2);
		if (!a->l[i].desc_pa) {
			fail(s, "stage-1 leaf of VA 0x%llx not found", (unsigned long long)a->l[i].m.ia);
			return false;
		}
	}
	return true;
}

/* The stage-2 STE of a nest-parent domain, as arm_smmu_make_s2_domain_ste() builds it. */
static void parent_ste(const struct vm *v, u64 ste[STE_DWORDS])
{
	memset(ste, 0, STE_DWORDS * sizeof(*ste));
	ste[0] = STE_DW0_V | F(STE_DW0_CONFIG, STE_CFG_S2_TRANS);
	ste[1] = F(STE_DW1_SHCFG, 1);
	ste[2] = F(STE_DW2_S2VMID, v->vmid) | F(STE_DW2_S2T0SZ, TSZ) |
		 F(STE_DW2_S2SL0, v->s2.sl0) | F(STE_DW2_S2IR0, 1) | F(STE_DW2_S2OR0, 1) |
		 F(STE_DW2_S2SH0, 3) | F(STE_DW2_S2TG, v->s2.tg) | F(STE_DW2_S2PS, 5) |
		 STE_DW2_S2AA64 | STE_DW2_S2PTW | STE_DW2_S2R;
	ste[3] = v->s2.ttb & STE_DW3_S2TTB;
}

static bool write_cd(struct scen *s, unsigned si)
{
	const struct stream *st = &s->st[si];
	const struct as *a = &s->as[st->as];
	u64 cd[CD_DWORDS] = { 0 };

	cd[0] = F(CD_DW0_T0SZ, TSZ) | F(CD_DW0_TG0, a->s1.tg) | F(CD_DW0_IR0, 1) |
		F(CD_DW0_OR0, 1) | F(CD_DW0_SH0, 3) | CD_DW0_EPD1 | CD_DW0_V |
		F(CD_DW0_IPS, 5) | CD_DW0_AA64 | CD_DW0_R | CD_DW0_A | F(CD_DW0_ASID, a->asid);
	cd[1] = a->s1.ttb & CD_DW1_TTB0;
	cd[3] = MAIR_VALUE;
	return write_init(s, META_PA(st->vm) + CD_IPA(si), cd, CD_DWORDS);
}

/*
 * A stream attached through a nested domain: the guest's vSTE (S1
 * translate with one CD at CD_IPA(si), or bypass; EATS 0b01 if it wants
 * ATS) through the policy, as a VMM would install it.
 */
static bool nested_ste(struct scen *s, unsigned si, bool want_ats)
{
	struct stream *st = &s->st[si];
	bool s1 = st->kind == ST_NESTED;
	u64 parent[STE_DWORDS];
	u64 vste[2];
	struct host_env env;
	struct vste_result r;

	parent_ste(&s->vm[st->vm], parent);
	vste[0] = STE_DW0_V | F(STE_DW0_CONFIG, s1 ? STE_CFG_S1_TRANS : STE_CFG_BYPASS) |
		  (s1 ? CD_IPA(si) & STE_DW0_S1CONTEXTPTR : 0);
	vste[1] = F(STE_DW1_EATS, want_ats && s1 ? STE_EATS_TRANS : STE_EATS_ABT);
	host_env_default(&env);
	env.ats_supported = want_ats;
	host_policy_apply(s->p, vste, parent, &env, &r);
	if (r.err != SN_OK) {
		fail(s, "%s refused the vSTE of SID %u: %s", s->p->name, st->sid, r.reason);
		return false;
	}
	st->ats = r.ats;
	st->enable_ats = r.enable_ats;
	if (!write_init(s, STRTAB_PA + 64ULL * st->sid, r.ste, STE_DWORDS))
		return false;
	return !s1 || write_cd(s, si);
}

static bool s2only_ste(struct scen *s, unsigned si)
{
	struct stream *st = &s->st[si];
	u64 ste[STE_DWORDS];

	parent_ste(&s->vm[st->vm], ste);
	if (st->ats)
		ste[1] |= F(STE_DW1_EATS, STE_EATS_TRANS);
	return write_init(s, STRTAB_PA + 64ULL * st->sid, ste, STE_DWORDS);
}

static u16 fresh_id(struct scen *s, const u16 *used, unsigned n)
{
	for (;;) {
		u16 id = (u16)(1 + below(s, 0xfffe));
		bool dup = false;

		for (unsigned i = 0; i < n; i++)
			dup |= used[i] == id;
		if (!dup)
			return id;
	}
}

/* The host's view of each VM: its domain's masters and its vIOMMU's vDEVICEs. */
static void wire_domains(struct scen *s)
{
	for (unsigned vi = 0; vi < s->nvm; vi++) {
		struct vm *v = &s->vm[vi];
		unsigned nm = 0, nd = 0;

		for (unsigned i = 0; i < s->nst; i++) {
			const struct stream *st = &s->st[i];

			if (st->vm != vi)
				continue;
			v->sids[nm] = st->sid;
			v->masters[nm] = (struct s2inv_master){
				.sids = &v->sids[nm], .nsids = 1, .ats_enabled = st->ats,
				.nested = st->nested,
				.nested_ats_flush = st->nested && st->ats && st->enable_ats,
			};
			nm++;
			if (st->nested)
				v->vdevs[nd++] = (struct viommu_vdev){ st->vsid, st->sid };
		}
		v->dom = (struct s2inv_domain){
			.vmid = v->vmid, .nest_parent = true, .page_shift = v->g,
			.range_inv = s->smmu.idr.ril, .ats = s->smmu.idr.ats,
			.masters = v->masters, .nmasters = nm,
		};
		v->vi = (struct viommu){ .vmid = v->vmid, .vdevs = v->vdevs, .nvdevs = nd };
	}
}

static bool add_stream(struct scen *s, enum stream_kind kind, bool nested, unsigned vm,
		       unsigned as, bool ats)
{
	unsigned si = s->nst++;
	struct stream *st = &s->st[si];

	*st = (struct stream){ .kind = kind, .nested = nested, .vm = vm, .as = as,
			       .sid = si + 1, .vsid = 0x100 * (si + 1) + (u32)below(s, 0x100),
			       .ats = ats };
	return nested ? nested_ste(s, si, ats) : s2only_ste(s, si);
}

static bool setup(struct scen *s)
{
	u16 vmids[MAX_VMS];
	bool guest_ats = s->p->eats_accepted & (1u << STE_EATS_TRANS);
	struct tlb_policy cache = s->cfg->cache;

	s->mem = sn_mem_new(MEM_PAGES);
	if (!s->mem) {
		fail(s, "out of memory");
		return false;
	}
	smmu_init(&s->smmu, s->mem);
	s->smmu.idr.ril = chance(s, 50);
	s->smmu.strtab_base = STRTAB_PA;
	s->smmu.strtab_base_cfg = (u32)F(STRTAB_BASE_CFG_LOG2SIZE, STRTAB_LOG2);

	s->nvm = chance(s, 30) ? 2 : 1;
	for (unsigned vi = 0; vi < s->nvm; vi++) {
		s->vm[vi].vmid = vmids[vi] = fresh_id(s, vmids, vi);
		if (!build_vm(s, vi))
			return false;
	}
	/* Address spaces: one per VM, and sometimes a second on VM 0. */
	for (unsigned vi = 0; vi < s->nvm; vi++)
		s->as[s->nas++].vm = vi;
	if (chance(s, 35))
		s->as[s->nas++].vm = 0;
	for (unsigned ai = 0; ai < s->nas; ai++) {
		u16 used[MAX_AS];
		unsigned nu = 0;

		for (unsigned k = 0; k < ai; k++)
			if (s->as[k].vm == s->as[ai].vm)
				used[nu++] = s->as[k].asid;
		s->as[ai].asid = fresh_id(s, used, nu);
		if (!build_as(s, ai))
			return false;
	}
	/* Streams: a nested device, then up to three more of random kinds. */
	if (!add_stream(s, ST_NESTED, true, 0, 0, false))
		return false;
	while (s->nst < MAX_STREAMS && chance(s, 60)) {
		unsigned ai = (unsigned)below(s, s->nas), w = (unsigned)below(s, 100);
		unsigned vi = (unsigned)below(s, s->nvm);
		bool ok;

		if (w < 70)
			ok = add_stream(s, ST_NESTED, true, s->as[ai].vm, ai,
					guest_ats && chance(s, 75));
		else if (w < 85)
			ok = add_stream(s, ST_S2ONLY, false, vi, 0, chance(s, 50));
		else
			ok = add_stream(s, ST_S2ONLY, true, vi, 0, chance(s, 50));
		if (!ok)
			return false;
	}
	wire_domains(s);
	s->o = sn_oracle_new(&s->smmu, &cache, CACHE_CAPACITY);
	if (!s->o) {
		fail(s, "out of memory");
		return false;
	}
	return true;
}

static void teardown(struct scen *s)
{
	if (s->o)
		s->rep->n.cache_full += tlb_get_stats(sn_oracle_tlb(s->o))->overflow;
	sn_oracle_free(s->o);
	for (unsigned i = 0; i < s->nas; i++)
		if (s->as[i].built)
			sn_tt_free(&s->as[i].s1);
	for (unsigned i = 0; i < s->nvm; i++)
		if (s->vm[i].built)
			sn_tt_free(&s->vm[i].s2);
	sn_mem_free(s->mem);
}

static const char *gname(unsigned g)
{
	return g == 12 ? "4K" : g == 14 ? "16K" : "64K";
}

static void describe_scenario(const struct scen *s, char *buf, size_t len)
{
	size_t n = 0;

#define ADD(...) do { if (n < len) n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); } while (0)
	ADD("RIL %d;", s->smmu.idr.ril);
	for (unsigned i = 0; i < s->nvm; i++)
		ADD(" vm%u VMID 0x%x S2 %s (%u leaves);", i, s->vm[i].vmid, gname(s->vm[i].g),
		    s->vm[i].n);
	for (unsigned i = 0; i < s->nas; i++)
		ADD(" as%u vm%u ASID 0x%x S1 %s (%u leaves);", i, s->as[i].vm, s->as[i].asid,
		    gname(s->as[i].g), s->as[i].n);
	for (unsigned i = 0; i < s->nst; i++) {
		const struct stream *st = &s->st[i];

		if (st->kind == ST_NESTED)
			ADD(" SID %u nested as%u vSID 0x%x%s%s", st->sid, st->as, st->vsid,
			    st->ats ? " ATS" : "", i + 1 < s->nst ? ";" : "");
		else
			ADD(" SID %u %s vm%u vSID 0x%x%s%s", st->sid,
			    st->nested ? "nested bypass" : "S2-only", st->vm, st->vsid,
			    st->ats ? " ATS" : "", i + 1 < s->nst ? ";" : "");
	}
#undef ADD
}

/* ------------------------------------------------------------------------ */
/* Translations                                                             */

static const char *disp_name(enum sn_disposition d)
{
	static const char *const names[] = { "OK", "ABORT", "STALL", "RAZWI", "ATS_UR", "ATS_CA" };

	return (unsigned)d < sizeof(names) / sizeof(names[0]) ? names[d] : "?";
}

static int fmt_xlate(const struct sn_xlate *x, bool ats, char *buf, size_t len)
{
	if (x->disp == SN_XLATE_OK && ats)
		return snprintf(buf, len, "OK pa 0x%llx grant %s%s%s", (unsigned long long)x->pa,
				x->ats_grant & SN_ATS_R ? "R" : "", x->ats_grant & SN_ATS_W ? "W" : "",
				x->ats_grant ? "" : "none");
	if (x->disp == SN_XLATE_OK)
		return snprintf(buf, len, "OK pa 0x%llx ipa 0x%llx s1-perm 0x%x s2-perm 0x%x",
				(unsigned long long)x->pa, (unsigned long long)x->ipa,
				x->s1_perm, x->s2_perm);
	if (x->has_event)
		return snprintf(buf, len, "%s %s%s", disp_name(x->disp), sn_event_name(x->event.type),
				x->event.s2 ? " S2" : "");
	return snprintf(buf, len, "%s", disp_name(x->disp));
}

static int fmt_txn(const struct sn_txn *t, bool atc, char *buf, size_t len)
{
	return snprintf(buf, len, "SID %u %s 0x%llx%s", t->sid,
			t->kind == SN_TXN_ATS_REQUEST ? (atc ? "ATS request (device ATC)" : "ATS request")
			: t->write ? "DMA write" : t->instr ? "DMA fetch" : "DMA read",
			(unsigned long long)t->addr, t->priv ? " priv" : "");
}

/* The operation during which oracle clock @at fell. */
static const char *op_at(const struct scen *s, u64 at)
{
	const char *d = "the initial state";

	for (unsigned i = 0; i <= s->op && i <= MAX_OPS; i++)
		if (s->ops[i].clock < at)
			d = s->ops[i].desc;
	return d;
}

static void record_stale(struct scen *s, const struct sn_txn *t, bool atc, bool during)
{
	struct sn_property_stale *f = &s->rep->first_stale;
	char tx[96];

	f->found = true;
	f->seed = s->cfg->seed;
	f->scenario = s->index;
	f->op = s->op;
	describe_scenario(s, f->scenario_desc, sizeof(f->scenario_desc));
	fmt_txn(t, atc, tx, sizeof(tx));
	snprintf(f->op_desc, sizeof(f->op_desc), "%s%s%s", tx,
		 during ? ", during: " : "", during ? s->ops[s->op].desc : "");
	f->txn = *t;
	f->device_atc = atc;
	f->j = s->j;
	for (unsigned i = 0; i < s->j.n_culprits; i++) {
		const struct sn_culprit *c = &s->j.culprits[i];

		snprintf(f->change_desc[i], sizeof(f->change_desc[i]), "%s",
			 c->written_at ? op_at(s, c->written_at) : "never written through the oracle");
	}
}

static bool used_leaf(const struct sn_judgement *j, enum stream_kind kind)
{
	for (unsigned i = 0; i < j->n_used; i++) {
		enum tlb_kind k = j->used[i].kind;

		if (k == TLB_NESTED || k == TLB_S1 || k == TLB_ATC ||
		    (k == TLB_S2 && kind == ST_S2ONLY))
			return true;
	}
	return false;
}

static void translate(struct scen *s, unsigned si, u64 addr, bool during)
{
	const struct stream *st = &s->st[si];
	struct sn_property_counts *n = &s->rep->n;
	struct sn_txn t = { .sid = st->sid, .addr = addr };
	bool atc = st->ats && chance(s, 65);
	struct sn_judgement *j = &s->j;

	if (atc) {
		t.kind = SN_TXN_ATS_REQUEST;
		t.write = chance(s, 30);
	} else {
		t.write = chance(s, 20);
		t.priv = chance(s, 50);
		t.instr = !t.write && chance(s, 5);
	}
	sn_oracle_translate(s->o, &t, atc, j);
	n->translations++;
	n->verdict[j->verdict]++;
	n->ats_requests += atc;
	n->s2only_translations += st->kind == ST_S2ONLY;
	n->during += during;
	n->atc_hits += j->from_atc;
	n->faults += j->fresh.disp != SN_XLATE_OK;
	if (j->verdict == SN_VERDICT_FRESH && used_leaf(j, st->kind))
		n->fresh_cached++;
	if (j->verdict == SN_VERDICT_STALE && !s->rep->first_stale.found)
		record_stale(s, &t, atc, during);
	/* Every change ends with a settle point: outside a sequence nothing is in progress. */
	if (j->verdict == SN_VERDICT_ACCEPTABLE && !during)
		fail(s, "ACCEPTABLE outside a sequence: a change without a settle point");
	if (s->cfg->trace) {
		char tx[96], out[128];

		fmt_txn(&t, atc, tx, sizeof(tx));
		fmt_xlate(&j->served, atc, out, sizeof(out));
		trace(s, "    %s%s -> %s: %s%s%s", during ? "(during) " : "", tx, out,
		      sn_verdict_name(j->verdict), j->diff[0] ? ", " : "", j->diff);
	}
	if (j->fresh.disp == SN_XLATE_OK) {
		struct hist *h = &s->hist[s->hist_next];

		*h = (struct hist){ si, addr, st->kind == ST_S2ONLY ? addr : j->fresh.ipa };
		s->hist_next = (s->hist_next + 1) % MAX_HIST;
		if (s->nhist < MAX_HIST)
			s->nhist++;
	}
}

static bool leaf_usable(const struct leaf *l, bool want_valid)
{
	return l->valid == want_valid;
}

/*
 * An address inside stage-1 leaf @l whose IPA lies in [lo, hi), preferring
 * IPAs that stage 2 maps; the VA is returned.
 */
static u64 va_in_leaf(struct scen *s, const struct as *a, const struct leaf *l, u64 lo, u64 hi)
{
	const struct vm *v = &s->vm[a->vm];
	u64 ilo = max_u64(l->m.oa, lo), ihi = min_u64(l->m.oa + l->m.size, hi);
	unsigned cand[MAX_S2L], nc = 0;

	if (ilo >= ihi)
		return l->m.ia;
	for (unsigned k = 0; k < v->n; k++)
		if (v->l[k].valid && overlaps(v->l[k].m.ia, v->l[k].m.size, ilo, ihi - ilo))
			cand[nc++] = k;
	if (nc && chance(s, 95)) {
		const struct leaf *m = &v->l[cand[below(s, nc)]];

		ilo = max_u64(ilo, m->m.ia);
		ihi = min_u64(ihi, m->m.ia + m->m.size);
	}
	return l->m.ia + ((ilo + below(s, ihi - ilo)) & ~7ULL) - l->m.oa;
}

static u64 random_data_addr(struct scen *s)
{
	return DATA_LO + (below(s, DATA_SIZE) & ~7ULL);
}

/* An address for stream @si: mostly mapped at stage 1, and then mostly at stage 2. */
static u64 pick_addr(struct scen *s, unsigned si)
{
	const struct stream *st = &s->st[si];
	const struct vm *v = &s->vm[st->vm];

	if (chance(s, 8))
		return random_data_addr(s);
	if (st->kind == ST_S2ONLY) {
		const struct leaf *l;

		if (!v->n)
			return random_data_addr(s);
		l = &v->l[below(s, v->n)];
		return l->m.ia + (below(s, l->m.size) & ~7ULL);
	}
	const struct as *a = &s->as[st->as];

	if (!a->n)
		return random_data_addr(s);
	return va_in_leaf(s, a, &a->l[below(s, a->n)], 0, ~0ULL);
}

/*
 * A translation aimed at the last change (s->focus): a stream that the
 * change can affect, at an address inside the changed range.  False if no
 * stream can reach it.
 */
static bool focus_translate(struct scen *s, bool during)
{
	const struct focus *f = &s->focus;
	unsigned cand[MAX_STREAMS], nc = 0, si, r;
	u64 lo, hi;

	if (!s->has_focus)
		return false;
	for (unsigned i = 0; i < s->nst; i++) {
		const struct stream *st = &s->st[i];

		if (f->s2 ? st->vm == f->vm : st->kind == ST_NESTED && st->as == f->as)
			cand[nc++] = i;
	}
	if (!nc)
		return false;
	si = cand[below(s, nc)];
	r = (unsigned)below(s, f->n);
	lo = f->lo[r];
	hi = f->hi[r];
	if (!f->s2 || s->st[si].kind == ST_S2ONLY) {
		translate(s, si, lo + (below(s, hi - lo) & ~7ULL), during);
		return true;
	}
	/* A VA whose stage-1 leaf points into the changed IPA range. */
	const struct as *a = &s->as[s->st[si].as];
	unsigned hits[MAX_S1L], nh = 0;

	for (unsigned k = 0; k < a->n; k++)
		if (overlaps(a->l[k].m.oa, a->l[k].m.size, lo, hi - lo))
			hits[nh++] = k;
	if (!nh)
		return false;
	translate(s, si, va_in_leaf(s, a, &a->l[hits[below(s, nh)]], lo, hi), during);
	return true;
}

static void op_translate(struct scen *s, bool prefer_focus)
{
	unsigned si;

	if ((prefer_focus || chance(s, 40)) && focus_translate(s, false))
		return;
	if (s->nhist && chance(s, 40)) {
		/* Again where the device went recently: what the caches hold. */
		const struct hist *h = &s->hist[below(s, s->nhist)];

		translate(s, h->st, h->addr, false);
		return;
	}
	si = (unsigned)below(s, s->nst);
	translate(s, si, pick_addr(s, si), false);
}

static void set_focus(struct scen *s, bool s2, unsigned vm, unsigned as)
{
	s->focus = (struct focus){ .s2 = s2, .vm = vm, .as = as };
	s->has_focus = true;
}

static void add_focus(struct scen *s, u64 lo, u64 size)
{
	if (s->focus.n < MAX_FOCUS) {
		s->focus.lo[s->focus.n] = lo;
		s->focus.hi[s->focus.n] = lo + size;
		s->focus.n++;
	}
}

/* ------------------------------------------------------------------------ */
/* The host command queue                                                   */

static void queue_cmd(struct scen *s, const u64 cmd[2])
{
	struct sn_cmd c;
	const char *why = NULL;

	sn_cmd_decode(cmd, &c);
	if (sn_cmd_check(&c, &s->smmu.idr, &why) != SN_CERROR_NONE) {
		fail(s, "%s [0x%016llx 0x%016llx] would stop the queue with CERROR_ILL: %s",
		     sn_cmd_name(c.op), (unsigned long long)cmd[0], (unsigned long long)cmd[1],
		     why ? why : "?");
		return;
	}
	sn_oracle_cmd(s->o, cmd);
	s->rep->n.host_cmds++;
	s->rep->n.atc_inv += c.op == CMD_ATC_INV;
	if (s->cfg->trace)
		trace(s, "    cmd %s [0x%016llx 0x%016llx]", sn_cmd_name(c.op),
		      (unsigned long long)cmd[0], (unsigned long long)cmd[1]);
}

/* After a command of a sequence: sometimes the device keeps translating. */
static void maybe_during(struct scen *s)
{
	if (s->interleave && !s->failed && chance(s, 35))
		focus_translate(s, true);
}

static void host_emit(void *ctx, const u64 cmd[2], enum s2inv_step step)
{
	struct scen *s = ctx;

	(void)step;
	if (s->failed)
		return;
	queue_cmd(s, cmd);
	maybe_during(s);
}

static int guest_issue(void *ctx, const u64 (*cmds)[2], unsigned n, bool sync)
{
	struct scen *s = ctx;
	u64 sc[2];

	for (unsigned i = 0; i < n && !s->failed; i++) {
		queue_cmd(s, cmds[i]);
		maybe_during(s);
	}
	if (sync && !s->failed) {
		s2inv_sync_cmd(sc);
		queue_cmd(s, sc);
	}
	return 0;
}

/* The policy's host sequence for a stage-2 change of VM @vi, then the settle point. */
static void host_sequence(struct scen *s, unsigned vi, const struct s2inv_change *ch)
{
	const struct s2inv_queue q = { host_emit, s };
	struct s2inv_result res;

	s->interleave = chance(s, 40);
	s2inv_run(s->p, &s->vm[vi].dom, ch, &q, &res);
	s->interleave = false;
	if (res.err != SN_OK) {
		fail(s, "s2inv_run refused the change: %s", res.reason);
		return;
	}
	sn_oracle_settle(s->o);
	s->rep->n.s2_changes++;
}

/* ------------------------------------------------------------------------ */
/* Stage-2 changes                                                          */

static bool owrite(struct scen *s, u64 pa, u64 v)
{
	if (sn_oracle_write(s->o, pa, v) != 0) {
		fail(s, "memory cap reached at PA 0x%llx", (unsigned long long)pa);
		return false;
	}
	return true;
}

/* A leaf of VM @vi, valid or not as asked: often the one holding a recent IPA. */
static int pick_s2_leaf(struct scen *s, unsigned vi, bool want_valid)
{
	const struct vm *v = &s->vm[vi];
	unsigned cand[MAX_S2L], nc = 0;

	if (s->nhist && chance(s, 65)) {
		const struct hist *h = &s->hist[below(s, s->nhist)];

		if (s->st[h->st].vm == vi)
			for (unsigned k = 0; k < v->n; k++)
				if (leaf_usable(&v->l[k], want_valid) &&
				    overlaps(v->l[k].m.ia, v->l[k].m.size, h->ipa, 1))
					return (int)k;
	}
	for (unsigned k = 0; k < v->n; k++)
		if (leaf_usable(&v->l[k], want_valid))
			cand[nc++] = k;
	return nc ? (int)cand[below(s, nc)] : -1;
}

static unsigned pick_vm(struct scen *s)
{
	if (s->nhist && chance(s, 65))
		return s->st[s->hist[below(s, s->nhist)].st].vm;
	return (unsigned)below(s, s->nvm);
}

/* New contents for a valid leaf: another output, or other permissions or attributes. */
static const char *mutate_s2(struct scen *s, struct leaf *l)
{
	if (chance(s, 50)) {
		u64 old = l->m.oa;

		while (l->m.oa == old)
			l->m.oa = rand_oa(s, l->m.size);
		if (chance(s, 20))
			l->m.attr = l->m.attr == 0xf ? 0x5 : 0xf;
		return "remap";
	}
	switch (below(s, 3)) {
	case 0:                         /* write, then read, permission goes */
		l->m.ap = l->m.ap == 3 ? 1 : 0;
		return "permission downgrade";
	case 1:
		l->m.xn ^= 2;
		return "XN change";
	default:
		l->m.ap = l->m.ap == 3 ? 1 : 3;
		return "permission change";
	}
}

/*
 * Split block @bi of VM @vi into a table of pages: the pages the stage-1
 * leaves point at (and one more), one of them perhaps changed; the rest of
 * the block is left unmapped, which the invalidation of the whole block
 * covers as well.  False if there is no room (nothing written); true once
 * done, or once s->failed is set.
 */
static bool split_block(struct scen *s, unsigned vi, unsigned bi, struct s2inv_change *ch)
{
	struct vm *v = &s->vm[vi];
	struct leaf b = v->l[bi];
	u64 page = 1ULL << v->g, pages[8], table;
	unsigned np = 0, changed = ~0u;

	if (v->pool_next + page > v->pool_end || v->n + 8 > MAX_S2L)
		return false;
	/* Pages the stage-1 leaves of this VM point at, and one at random. */
	for (unsigned ai = 0; ai < s->nas && np < 7; ai++) {
		const struct as *a = &s->as[ai];

		if (a->vm != vi)
			continue;
		for (unsigned k = 0; k < a->n && np < 7; k++) {
			const struct leaf *l = &a->l[k];
			u64 lo = max_u64(l->m.oa, b.m.ia), hi = min_u64(l->m.oa + l->m.size,
								       b.m.ia + b.m.size);

			if (lo < hi)
				pages[np++] = (lo + below(s, hi - lo)) & ~(page - 1);
		}
	}
	pages[np++] = (b.m.ia + below(s, b.m.size)) & ~(page - 1);
	table = v->pool_next;
	v->pool_next += page;
	if (chance(s, 40))
		changed = (unsigned)below(s, np);
	/* Remove the block from the shadow, then add each distinct page. */
	v->l[bi] = v->l[--v->n];
	for (unsigned i = 0; i < np; i++) {
		struct leaf *l;
		bool dup = false;

		for (unsigned k = 0; k < i; k++)
			dup |= pages[k] == pages[i];
		if (dup)
			continue;
		l = &v->l[v->n++];
		*l = b;
		l->level = 3;
		l->m.ia = pages[i];
		l->m.oa = b.m.oa + (pages[i] - b.m.ia);
		l->m.size = page;
		l->desc_pa = table + (((pages[i] >> v->g) & ((1ULL << (v->g - 3)) - 1)) << 3);
		if (i == changed)
			mutate_s2(s, l);
		if (!owrite(s, l->desc_pa, leaf_desc(2, l)))
			return true;
	}
	if (!owrite(s, b.desc_pa, sn_tt_table_desc(table)))
		return true;
	*ch = (struct s2inv_change){ .kind = S2INV_RANGE, .iova = b.m.ia, .size = b.m.size,
				     .granule = b.m.size, .leaf = true };
	op_desc(s, "S2 vm%u: split block IPA 0x%llx (%s) into a table at PA 0x%llx%s",
		vi, (unsigned long long)b.m.ia, gname(v->g), (unsigned long long)table,
		changed != ~0u ? ", one page changed" : "");
	s->rep->n.s2_splits++;
	return true;
}

/* Remove the last-level table holding page leaf @li: every page under it goes. */
static bool remove_table(struct scen *s, unsigned vi, unsigned li, struct s2inv_change *ch)
{
	struct vm *v = &s->vm[vi];
	unsigned span = lvl_shift(v->g, 2);
	u64 base = v->l[li].m.ia & ~((1ULL << span) - 1);
	u64 pa = desc_addr(s->mem, &v->s2, base, 2, NULL);

	if (!pa) {
		fail(s, "no level-2 descriptor for IPA 0x%llx", (unsigned long long)base);
		return false;
	}
	if (!owrite(s, pa, 0))
		return false;
	for (unsigned k = 0; k < v->n;) {
		if (overlaps(v->l[k].m.ia, v->l[k].m.size, base, 1ULL << span))
			v->l[k] = v->l[--v->n];
		else
			k++;
	}
	/* tlb_flush_walk: the table's span, the page granule, not leaf-only. */
	*ch = (struct s2inv_change){ .kind = S2INV_RANGE, .iova = base, .size = 1ULL << span,
				     .granule = 1ULL << v->g, .leaf = false };
	op_desc(s, "S2 vm%u: remove the last-level table of IPA 0x%llx (%s)", vi,
		(unsigned long long)base, gname(v->g));
	s->rep->n.s2_tables++;
	return true;
}

/* Leaves adjacent to leaf @li of the same size, valid, from it upwards (at most 4). */
static unsigned adjacent_run(const struct vm *v, unsigned li, unsigned *run)
{
	unsigned n = 0;
	u64 next = v->l[li].m.ia, size = v->l[li].m.size;

	while (n < 4) {
		unsigned k;

		for (k = 0; k < v->n; k++)
			if (v->l[k].valid && v->l[k].m.size == size && v->l[k].m.ia == next)
				break;
		if (k == v->n)
			break;
		run[n++] = k;
		next += size;
	}
	return n;
}

static void op_s2_change(struct scen *s)
{
	unsigned vi = pick_vm(s);
	struct vm *v = &s->vm[vi];
	int li = pick_s2_leaf(s, vi, true);
	struct s2inv_change ch;
	unsigned w = (unsigned)below(s, 100);
	struct leaf *l;

	if (li < 0) {
		op_desc(s, "translate (vm%u has no stage-2 leaf to change)", vi);
		op_translate(s, false);
		return;
	}
	l = &v->l[li];
	ch = (struct s2inv_change){ .kind = S2INV_RANGE, .iova = l->m.ia, .size = l->m.size,
				    .granule = l->m.size, .leaf = true };
	if (w < 10 && l->level == 2 && split_block(s, vi, (unsigned)li, &ch)) {
		if (s->failed)
			return;
	} else if (w < 16 && l->level == 3) {
		if (!remove_table(s, vi, (unsigned)li, &ch))
			return;
	} else if (w < 36) {
		unsigned run[4], n = adjacent_run(v, (unsigned)li, run);
		bool unmap = chance(s, 50);

		for (unsigned k = 0; k < n; k++) {
			struct leaf *r = &v->l[run[k]];

			if (unmap)
				r->valid = false;
			else
				mutate_s2(s, r);
			if (!owrite(s, r->desc_pa, r->valid ? leaf_desc(2, r) : 0))
				return;
		}
		ch.size = n * l->m.size;
		op_desc(s, "S2 vm%u: %s %u adjacent leaves from IPA 0x%llx (%s, 0x%llx each)", vi,
			unmap ? "unmap" : "change", n, (unsigned long long)l->m.ia, gname(v->g),
			(unsigned long long)l->m.size);
		s->rep->n.s2_multi += n > 1;
	} else if (w < 60) {
		l->valid = false;
		if (!owrite(s, l->desc_pa, 0))
			return;
		op_desc(s, "S2 vm%u: unmap IPA 0x%llx (size 0x%llx)", vi,
			(unsigned long long)l->m.ia, (unsigned long long)l->m.size);
	} else {
		const char *what = mutate_s2(s, l);

		if (!owrite(s, l->desc_pa, leaf_desc(2, l)))
			return;
		op_desc(s, "S2 vm%u: %s IPA 0x%llx (size 0x%llx) -> PA 0x%llx S2AP %u XN %u", vi,
			what, (unsigned long long)l->m.ia, (unsigned long long)l->m.size,
			(unsigned long long)l->m.oa, l->m.ap, l->m.xn);
	}
	if (chance(s, 8)) {
		ch.kind = S2INV_FLUSH_ALL;
		s->rep->n.s2_flush_all++;
	}
	set_focus(s, true, vi, 0);
	add_focus(s, ch.iova, ch.size);
	host_sequence(s, vi, &ch);
}

/* ------------------------------------------------------------------------ */
/* Guest stage-1 changes and their invalidation                             */

static int pick_s1_leaf(struct scen *s, unsigned ai, bool want_valid, const bool *taken)
{
	const struct as *a = &s->as[ai];
	unsigned cand[MAX_S1L], nc = 0;

	if (s->nhist && chance(s, 65)) {
		const struct hist *h = &s->hist[below(s, s->nhist)];
		const struct stream *st = &s->st[h->st];

		if (st->kind == ST_NESTED && st->as == ai)
			for (unsigned k = 0; k < a->n; k++)
				if (!taken[k] && leaf_usable(&a->l[k], want_valid) &&
				    overlaps(a->l[k].m.ia, a->l[k].m.size, h->addr, 1))
					return (int)k;
	}
	for (unsigned k = 0; k < a->n; k++)
		if (!taken[k] && leaf_usable(&a->l[k], want_valid))
			cand[nc++] = k;
	return nc ? (int)cand[below(s, nc)] : -1;
}

static unsigned pick_as(struct scen *s)
{
	if (s->nhist && chance(s, 65)) {
		const struct stream *st = &s->st[s->hist[below(s, s->nhist)].st];

		if (st->kind == ST_NESTED)
			return st->as;
	}
	return (unsigned)below(s, s->nas);
}

static const char *mutate_s1(struct scen *s, const struct vm *v, struct leaf *l)
{
	u8 ap = l->m.ap;

	switch (below(s, 4)) {
	case 0:
	case 1: {
		u64 old = l->m.oa;

		for (unsigned i = 0; i < 8 && l->m.oa == old; i++)
			l->m.oa = pick_ipa(s, v, l->m.size);
		return "remap";
	}
	case 2:
		while (l->m.ap == ap)
			l->m.ap = s1_ap(s);
		return "AP change";
	default:
		if (chance(s, 50))
			l->m.xn = (u8)((l->m.xn + 1 + below(s, 3)) & 3);
		else
			l->m.attr = (u8)((l->m.attr + 1) % 3);
		return "XN/AttrIndx change";
	}
}

/* TG encoding of a TLBI for a granule shift (IHI0070 §4.4.1.1): 01 4K, 10 16K, 11 64K. */
static u8 tlbi_tg(unsigned g)
{
	return g == 12 ? 1 : g == 14 ? 2 : 3;
}

static unsigned add_cmd(struct scen *s, u64 (*cmds)[2], unsigned n, const struct sn_cmd *c)
{
	if (n == MAX_GUEST_CMDS) {
		fail(s, "more than %u guest commands", MAX_GUEST_CMDS);
		return n;
	}
	sn_cmd_encode(c, cmds[n]);
	return n + 1;
}

/*
 * NH_VA over a leaf with range commands, as arm_smmu_tlb_inv_range_asid()
 * builds them: TG the stage-1 granule, TTL the leaf's level, the lowest
 * 5-bit run of the pages left per command (IHI0070 §4.4.1.1).
 */
static unsigned range_cmds(struct scen *s, u64 (*cmds)[2], unsigned n, struct sn_cmd c,
			   const struct leaf *l, unsigned g)
{
	u64 pages = l->m.size >> g, va = l->m.ia;

	c.tg = tlbi_tg(g);
	c.ttl = (u8)l->level;
	c.leaf = true;
	while (pages) {
		unsigned scale = (unsigned)__builtin_ctzll(pages);
		u64 num = (pages >> scale) & 31;

		c.scale = (u8)scale;
		c.num = (u8)(num - 1);
		c.addr = va;
		n = add_cmd(s, cmds, n, &c);
		va += num << (scale + g);
		pages -= num << scale;
	}
	return n;
}

/* The guest's commands through the policy (or, seed-v2, the host's own). */
static void guest_submit(struct scen *s, unsigned vi, const u64 (*cmds)[2], unsigned n)
{
	struct sn_property_counts *c = &s->rep->n;

	if (!n || s->failed)
		return;
	c->guest_invalidations++;
	c->guest_cmds += n;
	if (viommu_inv_supported(s->p)) {
		const struct viommu_queue q = { guest_issue, s };
		struct viommu_inv_result r;

		viommu_invalidate(s->p, &s->vm[vi].vi, cmds, n, &q, &r);
		if (r.err != SN_OK)
			fail(s, "viommu_invalidate: %s", r.reason);
		return;
	}
	guest_issue(s, cmds, n, true);
}

static void guest_invalidate(struct scen *s, unsigned ai, const unsigned *chg, unsigned nchg)
{
	const struct as *a = &s->as[ai];
	const struct vm *v = &s->vm[a->vm];
	bool vio = viommu_inv_supported(s->p);
	u64 cmds[MAX_GUEST_CMDS][2];
	unsigned n = 0, w = (unsigned)below(s, 100);
	/* The guest's own VMID field: whatever it likes; the host must replace it. */
	u16 gvmid = vio ? (u16)below(s, 0x10000) : v->vmid;

	if (w < 65) {
		bool vaa = w >= 45;

		for (unsigned i = 0; i < nchg; i++) {
			const struct leaf *l = &a->l[chg[i]];
			struct sn_cmd c = { .op = vaa ? CMD_TLBI_NH_VAA : CMD_TLBI_NH_VA,
					    .vmid = gvmid, .asid = vaa ? 0 : a->asid };

			if (s->smmu.idr.ril && chance(s, 50)) {
				n = range_cmds(s, cmds, n, c, l, a->g);
			} else {
				/* TG 0: any address inside the leaf names it. */
				c.addr = (l->m.ia + below(s, l->m.size)) & ~0xfffULL;
				c.leaf = chance(s, 70);
				n = add_cmd(s, cmds, n, &c);
			}
		}
	} else if (w < 80) {
		n = add_cmd(s, cmds, n, &(struct sn_cmd){ .op = CMD_TLBI_NH_ASID, .vmid = gvmid,
						       .asid = a->asid });
	} else if (w < 90 || !vio) {
		n = add_cmd(s, cmds, n, &(struct sn_cmd){ .op = CMD_TLBI_NH_ALL, .vmid = gvmid });
	} else {
		n = add_cmd(s, cmds, n, &(struct sn_cmd){ .op = CMD_TLBI_NSNH_ALL });
	}
	s->interleave = chance(s, 40);
	guest_submit(s, a->vm, (const u64 (*)[2])cmds, n);

	/* Then the ATCs of the devices on this address space (IHI0070 §4.5.1 order). */
	n = 0;
	for (unsigned si = 0; si < s->nst; si++) {
		const struct stream *st = &s->st[si];
		bool full = chance(s, 30);

		if (st->kind != ST_NESTED || st->as != ai || !st->ats)
			continue;
		for (unsigned i = 0; i < (full ? 1 : nchg); i++) {
			const struct leaf *l = &a->l[chg[i]];
			struct sn_cmd c = { .op = CMD_ATC_INV, .sid = vio ? st->vsid : st->sid };

			if (full) {
				c.size = CMD_ATC_SIZE_ALL;
			} else {
				c.addr = l->m.ia;
				c.size = (u8)(__builtin_ctzll(l->m.size) - 12);
			}
			n = add_cmd(s, cmds, n, &c);
		}
	}
	guest_submit(s, a->vm, (const u64 (*)[2])cmds, n);
	s->interleave = false;
}

static void op_s1_change(struct scen *s)
{
	unsigned ai = pick_as(s);
	struct as *a = &s->as[ai];
	const struct vm *v = &s->vm[a->vm];
	unsigned chg[3], nchg = 0, want = chance(s, 30) ? 1 + (unsigned)below(s, 3) : 1;
	bool taken[MAX_S1L] = { false };
	char desc[160];
	size_t dn = 0;

	set_focus(s, false, a->vm, ai);
	for (unsigned i = 0; i < want; i++) {
		int li = pick_s1_leaf(s, ai, true, taken);
		struct leaf *l;
		const char *what;

		if (li < 0)
			break;
		l = &a->l[li];
		taken[li] = true;
		if (chance(s, 30)) {
			l->valid = false;
			what = "unmap";
		} else {
			what = mutate_s1(s, v, l);
		}
		if (!owrite(s, l->desc_pa, l->valid ? leaf_desc(1, l) : 0))
			return;
		chg[nchg++] = (unsigned)li;
		add_focus(s, l->m.ia, l->m.size);
		if (dn < sizeof(desc))
			dn += (size_t)snprintf(desc + dn, sizeof(desc) - dn, "%s%s VA 0x%llx",
					       i ? ", " : "", what, (unsigned long long)l->m.ia);
	}
	if (!nchg) {
		s->has_focus = false;
		op_desc(s, "translate (as%u has no stage-1 leaf to change)", ai);
		op_translate(s, false);
		return;
	}
	op_desc(s, "S1 as%u (ASID 0x%x, %s): %s; guest invalidation%s", ai, a->asid, gname(a->g),
		desc, viommu_inv_supported(s->p) ? " via vIOMMU" : " (host-side, no vIOMMU)");
	s->rep->n.s1_changes += nchg;
	guest_invalidate(s, ai, chg, nchg);
	if (!s->failed)
		sn_oracle_settle(s->o);
}

/*
 * A new mapping into an empty slot.  Neither iommu_map() nor a guest's map
 * invalidates: an invalid descriptor gives a Translation fault, which is
 * never cached (ARM DDI0487 D8.15.1; arch.md §6.6).  The mapping is usable
 * once written: a settle point.
 */
static void op_map(struct scen *s)
{
	bool taken[MAX_S1L] = { false };

	if (chance(s, 50)) {
		unsigned vi = (unsigned)below(s, s->nvm);
		struct vm *v = &s->vm[vi];
		int li = pick_s2_leaf(s, vi, false);

		if (li >= 0) {
			struct leaf *l = &v->l[li];

			if (chance(s, 50))
				l->m.oa = rand_oa(s, l->m.size);
			l->valid = true;
			if (!owrite(s, l->desc_pa, leaf_desc(2, l)))
				return;
			op_desc(s, "S2 vm%u: map IPA 0x%llx -> PA 0x%llx (empty slot, no invalidation)",
				vi, (unsigned long long)l->m.ia, (unsigned long long)l->m.oa);
			set_focus(s, true, vi, 0);
			add_focus(s, l->m.ia, l->m.size);
			sn_oracle_settle(s->o);
			s->rep->n.maps++;
			return;
		}
	}
	unsigned ai = (unsigned)below(s, s->nas);
	struct as *a = &s->as[ai];
	int li = pick_s1_leaf(s, ai, false, taken);

	if (li < 0) {
		op_desc(s, "translate (nothing unmapped to map)");
		op_translate(s, false);
		return;
	}
	struct leaf *l = &a->l[li];

	if (chance(s, 50))
		l->m.oa = pick_ipa(s, &s->vm[a->vm], l->m.size);
	l->valid = true;
	if (!owrite(s, l->desc_pa, leaf_desc(1, l)))
		return;
	op_desc(s, "S1 as%u: map VA 0x%llx -> IPA 0x%llx (empty slot, no invalidation)", ai,
		(unsigned long long)l->m.ia, (unsigned long long)l->m.oa);
	set_focus(s, false, a->vm, ai);
	add_focus(s, l->m.ia, l->m.size);
	sn_oracle_settle(s->o);
	s->rep->n.maps++;
}

/* ------------------------------------------------------------------------ */
/* One scenario                                                             */

static void run_scenario(struct scen *s)
{
	unsigned nops = 48 + (unsigned)below(s, 49);

	if (!setup(s))
		return;
	s->rep->n.scenarios++;
	if (s->cfg->trace) {
		char d[320];

		describe_scenario(s, d, sizeof(d));
		trace(s, "scenario %u: %s", s->index, d);
	}
	for (s->op = 0; s->op < nops && !s->failed; s->op++) {
		unsigned w = (unsigned)below(s, 100);

		s->ops[s->op].clock = sn_oracle_clock(s->o);
		s->rep->n.ops++;
		if (w < 46) {
			op_desc(s, "translate");
			op_translate(s, false);
		} else if (w < 64) {
			op_s2_change(s);
		} else if (w < 84) {
			op_s1_change(s);
		} else if (w < 92) {
			op_map(s);
		} else {
			op_desc(s, "translate x3 near the last change");
			for (unsigned k = 0; k < 3; k++)
				op_translate(s, true);
		}
	}
	/* A last look at what the final change touched. */
	if (!s->failed) {
		s->ops[s->op].clock = sn_oracle_clock(s->o);
		op_desc(s, "final translations near the last change");
		for (unsigned k = 0; k < 4; k++)
			op_translate(s, true);
	}
}

/* The seed of scenario @i: the run's seed and the index, mixed. */
static u64 scenario_seed(u64 seed, unsigned i)
{
	struct scen tmp;

	tmp.rng = seed ^ (0xd1b54a32d192ed03ULL * ((u64)i + 1));
	return rnd(&tmp);
}

int sn_property_run(const struct sn_property_cfg *c, struct sn_property_report *out)
{
	struct scen *s = malloc(sizeof(*s));

	memset(out, 0, sizeof(*out));
	if (!s) {
		out->err = -1;
		snprintf(out->err_msg, sizeof(out->err_msg), "out of memory");
		return -1;
	}
	for (unsigned i = 0; i < c->count && !out->err; i++) {
		memset(s, 0, sizeof(*s));
		s->cfg = c;
		s->p = c->policy;
		s->rep = out;
		s->index = c->first + i;
		s->rng = scenario_seed(c->seed, s->index);
		run_scenario(s);
		teardown(s);
	}
	free(s);
	return out->err ? -1 : 0;
}

/* ------------------------------------------------------------------------ */
/* Reporting                                                                */

int sn_property_describe_stale(const struct sn_property_stale *f, char *buf, size_t len)
{
	const struct sn_judgement *j = &f->j;
	bool ats = f->txn.kind == SN_TXN_ATS_REQUEST;
	char served[160], fresh[160];
	size_t n = 0;
	int total = 0;

#define ADD(...) do { \
		int k_ = snprintf(n < len ? buf + n : NULL, n < len ? len - n : 0, __VA_ARGS__); \
		total += k_; \
		n = (size_t)total; \
	} while (0)
	if (!f->found) {
		ADD("no STALE translation\n");
		return total;
	}
	fmt_xlate(&j->served, ats, served, sizeof(served));
	fmt_xlate(&j->fresh, ats, fresh, sizeof(fresh));
	ADD("scenario %u of seed 0x%llx, operation %u: %s\n", f->scenario,
	    (unsigned long long)f->seed, f->op, f->op_desc);
	ADD("  scenario: %s\n", f->scenario_desc);
	ADD("  served%s: %s\n  fresh:  %s\n  difference: %s\n", j->from_atc ? " (device ATC)" : "",
	    served, fresh, j->diff);
	ADD("  translation %llu at clock %llu; last settle point at clock %llu\n",
	    (unsigned long long)j->txn, (unsigned long long)j->at,
	    (unsigned long long)j->settled_at);
	if (!j->n_culprits)
		ADD("  no cached entry was built from a word that changed: a model error\n");
	for (unsigned i = 0; i < j->n_culprits; i++) {
		const struct sn_culprit *c = &j->culprits[i];
		struct sn_cmd cmd;

		ADD("  culprit %u: %s entry \"%s\", built by translation %llu\n", i + 1,
		    tlb_kind_name(c->entry.kind), c->entry.desc, (unsigned long long)c->entry.origin);
		ADD("    from the word at PA 0x%llx: 0x%llx, now 0x%llx, written at clock %llu%s\n",
		    (unsigned long long)c->pa, (unsigned long long)c->was,
		    (unsigned long long)c->now, (unsigned long long)c->written_at,
		    c->written_at < j->settled_at ? " (before the settle point)" : "");
		ADD("    written by: %s\n", f->change_desc[i]);
		if (c->has_remover) {
			sn_cmd_decode(c->remover, &cmd);
			ADD("    removed by %s [0x%016llx 0x%016llx] (+ CMD_SYNC)\n", sn_cmd_name(cmd.op),
			    (unsigned long long)c->remover[0], (unsigned long long)c->remover[1]);
		} else {
			ADD("    no single command removes it\n");
		}
	}
#undef ADD
	return total;
}
