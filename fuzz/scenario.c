// SPDX-License-Identifier: MIT
/*
 * Fuzz harness "scenario": sequences of memory changes and invalidations,
 * under each real host policy with max caching, judged translation by
 * translation by the staleness oracle (oracle.h).  Any STALE aborts.
 *
 * The input is a stream of decisions (fuzz.h), replayed from the start for
 * each policy so that every policy sees the same scenario:
 *   - the SMMU (RIL or not) and one or two VMs, each a stage-2 nest-parent
 *     domain (its VMID, granule, a meta block holding the CDs and stage-1
 *     tables, and data leaves: pages and blocks, runs of neighbours);
 *   - guest address spaces (ASID, granule, stage-1 leaves in IPA space,
 *     nG = 1) and up to four streams: nested S1-translate vSTEs installed
 *     through the policy (with ATS where the policy lets the guest ask for
 *     it), nested bypass vSTEs, and the host's own stage-2 streams;
 *   - then, until the input ends (at most MAX_OPS): translations (DMA or
 *     ATS requests through the device's ATC); stage-2 changes (unmap,
 *     remap, permission change, runs of neighbours, full flush) each
 *     followed by the policy's host sequence (s2inval.h), with translations
 *     between its commands if the input says so; guest stage-1 changes
 *     followed by the guest's own invalidation (NH_VA in single or range
 *     form, NH_VAA, NH_ASID, NH_ALL, NSNH_ALL) through the policy's vIOMMU
 *     path (viommu.h; host-side for seed-v2) and ATC_INV for its ATS
 *     devices; and new mappings into empty slots.
 * Every sequence ends with a settle point, so STALE is a bug in the model's
 * caches or oracle, in a policy's invalidation sequence, or in the
 * vIOMMU path; ACCEPTABLE outside a sequence, a host command the SMMU
 * would stop with CERROR_ILL, and a sequence or guest command the host
 * refuses are failures too.
 *
 * Like the property runs (property.h), the generator never changes STEs,
 * CDs, stage-1 table descriptors or the meta block's stage-2 mapping
 * (none of which these host and guest sequences invalidate), and every
 * stage-1 leaf is non-global.  It is a separate, byte-driven generator,
 * so a fuzzer can steer it towards rare interleavings.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/cd.h>
#include <smmu-nest/cmdq.h>
#include <smmu-nest/oracle.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/s2inval.h>
#include <smmu-nest/scenario.h>
#include <smmu-nest/tlbscn.h>
#include <smmu-nest/viommu.h>

#include "fuzz.h"
#include "walk_ref.h"

#define FAIL(...) FUZZ_FAIL("scenario", __VA_ARGS__)
#define F(mask, v) sn_field_prep(mask, v)

/* Memory map */
#define STRTAB_PA       0x10000ULL
#define STRTAB_LOG2     4
#define S2_POOL_PA(v)   (0x1000000ULL + (u64)(v) * 0x1000000ULL)
#define S2_POOL_SIZE    0x800000ULL
#define META_PA(v)      (0x40000000ULL + (u64)(v) * 0x20000000ULL)
#define CD_IPA(i)       (0x1000ULL * ((u64)(i) + 1))
#define S1_POOL_IPA(k)  (0x10000ULL + (u64)(k) * 0x80000ULL)
#define S1_POOL_SIZE    0x80000ULL
#define DATA_LO         0x40000000ULL
#define DATA_SIZE       0x40000000ULL
#define DATA_PA         0x1000000000ULL
#define TSZ             25
#define MAIR_VALUE      0x0444ffULL
#define MEM_PAGES       8192u
#define CACHE_CAPACITY  1024

#define MAX_VMS         2
#define MAX_AS          3
#define MAX_STREAMS     4
#define MAX_S2L         24
#define MAX_S1L         12
#define MAX_OPS         64
#define MAX_CMDS        32
#define SLOTS           64              /* leaves cluster in 64 slots of their size */

struct leaf {
	struct sn_tt_map m;
	int level;
	u64 desc_pa;
	bool valid;
};

struct vm {
	u16 vmid;
	unsigned g;
	struct sn_tt s2;
	bool built;
	struct leaf l[MAX_S2L];
	unsigned n;
	u32 sids[MAX_STREAMS];
	struct s2inv_master masters[MAX_STREAMS];
	struct s2inv_domain dom;
	struct viommu_vdev vdevs[MAX_STREAMS];
	struct viommu vi;
	unsigned nas;
};

struct as {
	unsigned vm;
	u16 asid;
	unsigned g;
	struct sn_tt s1;
	bool built;
	struct leaf l[MAX_S1L];
	unsigned n;
};

enum stream_kind { ST_NESTED, ST_S2ONLY };

struct stream {
	enum stream_kind kind;
	bool nested;                    /* attached through a nested domain */
	unsigned vm, as;
	u32 sid, vsid;
	bool ats, enable_ats;
};

struct scen {
	const struct host_policy *p;
	struct fz f;
	struct sn_mem *mem;
	struct smmu smmu;
	struct sn_oracle *o;
	struct vm vm[MAX_VMS];
	unsigned nvm;
	struct as as[MAX_AS];
	unsigned nas;
	struct stream st[MAX_STREAMS];
	unsigned nst;
	/* the last change, for translations aimed at it */
	bool has_focus, focus_s2;
	unsigned focus_vm, focus_as;
	u64 focus_lo, focus_hi;
	bool interleave;
	bool s2_vmall;                  /* this stage-2 step is S12_VMALL, not S2_IPA */
	unsigned op;
	char ops[MAX_OPS + 1][96];
	struct sn_judgement j;
};

static bool overlaps(u64 a, u64 asz, u64 b, u64 bsz)
{
	return a < b + bsz && b < a + asz;
}

static void op_desc(struct scen *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void op_desc(struct scen *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->ops[s->op], sizeof(s->ops[s->op]), fmt, ap);
	va_end(ap);
}

/* ---- Failures ------------------------------------------------------------ */

static void fail_stale(struct scen *s, const struct sn_txn *t, bool atc, bool during)
{
	const struct sn_judgement *j = &s->j;
	char served[160], fresh[160], buf[4096];
	size_t n = 0;

#define ADD(...) do { if (n < sizeof(buf)) n += (size_t)snprintf(buf + n, sizeof(buf) - n, __VA_ARGS__); } while (0)
	sn_xlate_format(&j->served, served, sizeof(served));
	sn_xlate_format(&j->fresh, fresh, sizeof(fresh));
	ADD("policy %s, op %u%s: SID %u %s 0x%016" PRIx64 "%s\n  served: %s\n  fresh:  %s\n"
	    "  first difference: %s", s->p->name, s->op, during ? " (during its sequence)" : "",
	    t->sid, t->kind == SN_TXN_ATS_REQUEST ? (atc ? "ATS request via ATC" : "ATS request")
	    : t->write ? "write" : t->instr ? "fetch" : "read", t->addr, t->priv ? " priv" : "",
	    served, fresh, j->diff);
	for (unsigned i = 0; i < j->n_culprits; i++) {
		const struct sn_culprit *c = &j->culprits[i];
		char e[160], cmd[160] = "none";

		sn_tlb_entry_format(&c->entry, e, sizeof(e));
		if (c->has_remover)
			sn_tlb_cmd_format(c->remover, cmd, sizeof(cmd));
		ADD("\n  culprit %u: %s; PA 0x%" PRIx64 " 0x%016" PRIx64 " -> 0x%016" PRIx64
		    "; removed by %s", i + 1, e, c->pa, c->was, c->now, cmd);
	}
	ADD("\n  operations:");
	for (unsigned i = 0; i <= s->op && i <= MAX_OPS; i++)
		ADD("\n    %u: %s", i, s->ops[i]);
#undef ADD
	FAIL("STALE translation after the software said its update was complete: %s", buf);
}

/* ---- Descriptor addresses, by the reference walker's trace --------------- */

static void s2_ref(const struct vm *v, struct wr_s2 *r)
{
	*r = (struct wr_s2){ .t0sz = TSZ, .sl0 = v->s2.sl0, .granule = v->g, .ttb = v->s2.ttb,
			     .ps_bits = 48 };
}

/* The PA of the leaf descriptor that maps @ia (a stage-2 IPA, or a stage-1 VA of @a). */
static u64 leaf_pa(struct scen *s, const struct vm *v, const struct as *a, u64 ia, int level)
{
	struct wr_s2 r2;
	struct wr_s1 r1;
	struct wr_cfg c;
	struct wr_result r;
	struct wr_trace t = { .n = 0 };
	const struct wr_access rd = { .priv = true };
	unsigned stage = a ? 1 : 2;

	s2_ref(v, &r2);
	c = (struct wr_cfg){ .mem = s->mem, .s2 = &r2, .oas_bits = 48, .ias_bits = 48 };
	if (a) {
		r1 = (struct wr_s1){ .ips_bits = 48 };
		r1.half[0] = (struct wr_half){ .tsz = TSZ, .granule = a->g, .ttb = a->s1.ttb };
		r1.half[1] = (struct wr_half){ .epd = true, .tsz = TSZ, .granule = 12 };
		c.s1 = &r1;
		wr_translate(&c, ia, &rd, &r, &t);
	} else {
		wr_s2_translate(&c, ia, SN_CLASS_IN, &rd, &r, &t);
	}
	for (unsigned i = t.n; i-- > 0;)
		if (t.r[i].stage == stage) {
			if (t.r[i].level != level)
				FAIL("setup: the stage-%u leaf of 0x%" PRIx64 " is at level %d, built at %d",
				     stage, ia, t.r[i].level, level);
			return t.r[i].pa;
		}
	FAIL("setup: no stage-%u leaf descriptor for 0x%" PRIx64, stage, ia);
}

/* ---- Setup --------------------------------------------------------------- */

static u64 rand_oa(struct scen *s, u64 size)
{
	return DATA_PA + fz_below(&s->f, 4096) * size;
}

static bool leaf_overlaps(const struct leaf *l, unsigned n, u64 ia, u64 size)
{
	for (unsigned i = 0; i < n; i++)
		if (overlaps(l[i].m.ia, l[i].m.size, ia, size))
			return true;
	return false;
}

static u64 slot_ia(struct scen *s, u64 size)
{
	u64 slots = DATA_SIZE / size;

	return DATA_LO + fz_below(&s->f, slots < SLOTS ? slots : SLOTS) * size;
}

static bool build_vm(struct scen *s, unsigned vi)
{
	static const unsigned gs[] = { 12, 14, 16 };
	struct fz *f = &s->f;
	struct vm *v = &s->vm[vi];
	struct sn_tt_map maps[MAX_S2L + 1];
	unsigned want = 2 + (unsigned)fz_below(f, 10);
	struct sn_tt_cfg c;
	struct sn_tt_err err;

	v->g = FZ_PICK(f, gs);
	for (unsigned tries = 0; v->n < want && tries < 32; tries++) {
		bool block = fz_chance(f, 25);
		u64 size = SN_BIT(block ? sn_tt_level_shift(v->g, 2) : v->g);
		unsigned run = block ? 1 : 1 + (unsigned)fz_below(f, 4);
		u64 ia = slot_ia(s, size), oa = rand_oa(s, size);
		struct sn_tt_map m = { .ap = fz_chance(f, 20) ? (u8)fz_below(f, 4) : 3,
				       .attr = fz_chance(f, 15) ? 0x5 : 0xf,
				       .xn = fz_chance(f, 10) ? 2 : 0, .sh = 3, .af = true };

		if (ia + run * size > DATA_LO + DATA_SIZE || v->n + run > MAX_S2L ||
		    leaf_overlaps(v->l, v->n, ia, run * size))
			continue;
		for (unsigned k = 0; k < run; k++) {
			struct leaf *l = &v->l[v->n++];

			*l = (struct leaf){ .m = m, .level = block ? 2 : 3, .valid = true };
			l->m.ia = ia + k * size;
			l->m.oa = fz_chance(f, 30) ? rand_oa(s, size) : oa + k * size;
			l->m.size = size;
		}
	}
	maps[0] = (struct sn_tt_map){ .ia = 0, .oa = META_PA(vi),
				      .size = SN_BIT(sn_tt_level_shift(v->g, 2)), .ap = 3,
				      .attr = 0xf, .sh = 3, .af = true };
	for (unsigned i = 0; i < v->n; i++)
		maps[i + 1] = v->l[i].m;
	c = (struct sn_tt_cfg){ .stage = 2, .granule_shift = v->g, .tsz = TSZ,
				.start_level = SN_TT_LEVEL_AUTO, .pool_base = S2_POOL_PA(vi),
				.pool_size = S2_POOL_SIZE };
	if (sn_tt_build(s->mem, &c, maps, v->n + 1, &v->s2, &err) != 0)
		return false;
	v->built = true;
	for (unsigned i = 0; i < v->n; i++)
		v->l[i].desc_pa = leaf_pa(s, v, NULL, v->l[i].m.ia, v->l[i].level);
	return true;
}

/* An IPA for a stage-1 leaf of @size: mostly inside one of the VM's stage-2 leaves. */
static u64 pick_ipa(struct scen *s, const struct vm *v, u64 size)
{
	if (v->n && !fz_chance(&s->f, 15)) {
		const struct leaf *l = &v->l[fz_below(&s->f, v->n)];

		return (l->m.ia + fz_below(&s->f, l->m.size)) & ~(size - 1);
	}
	return DATA_LO + fz_below(&s->f, DATA_SIZE / size) * size;
}

static u8 s1_ap(struct scen *s)
{
	static const u8 aps[] = { 1, 1, 1, 1, 1, 3, 3, 0, 2 };

	return FZ_PICK(&s->f, aps);
}

static bool build_as(struct scen *s, unsigned ai)
{
	static const unsigned gs[] = { 12, 14, 16 };
	struct fz *f = &s->f;
	struct as *a = &s->as[ai];
	struct vm *v = &s->vm[a->vm];
	struct sn_tt_map maps[MAX_S1L];
	unsigned want = 2 + (unsigned)fz_below(f, MAX_S1L - 1);
	struct sn_tt_cfg c;
	struct sn_tt_err err;

	a->g = FZ_PICK(f, gs);
	for (unsigned tries = 0; a->n < want && tries < 32; tries++) {
		bool block = fz_chance(f, 20);
		u64 size = SN_BIT(block ? sn_tt_level_shift(a->g, 2) : a->g);
		u64 va = slot_ia(s, size);
		struct leaf *l;

		if (leaf_overlaps(a->l, a->n, va, size))
			continue;
		l = &a->l[a->n++];
		*l = (struct leaf){ .level = block ? 2 : 3, .valid = true };
		l->m = (struct sn_tt_map){ .ia = va, .size = size, .ap = s1_ap(s),
					   .attr = fz_chance(f, 15) ? 1 : 0,
					   .xn = fz_chance(f, 20) ? (u8)(1 + fz_below(f, 3)) : 0,
					   .sh = 3, .af = true, .ng = true };
		l->m.oa = pick_ipa(s, v, size);
	}
	for (unsigned i = 0; i < a->n; i++)
		maps[i] = a->l[i].m;
	c = (struct sn_tt_cfg){ .stage = 1, .granule_shift = a->g, .tsz = TSZ,
				.start_level = SN_TT_LEVEL_AUTO,
				.pool_base = S1_POOL_IPA(v->nas), .pool_size = S1_POOL_SIZE,
				.resolve = sn_tt_resolve_s2, .resolve_ctx = &v->s2 };
	v->nas++;
	if (sn_tt_build(s->mem, &c, maps, a->n, &a->s1, &err) != 0)
		return false;
	a->built = true;
	for (unsigned i = 0; i < a->n; i++)
		a->l[i].desc_pa = leaf_pa(s, v, a, a->l[i].m.ia, a->l[i].level);
	return true;
}

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

static bool write_words(struct scen *s, u64 pa, const u64 *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (sn_mem_write64(s->mem, pa + 8 * i, w[i]) != 0)
			return false;
	return true;
}

/* A stream attached through a nested domain: the guest's vSTE through the policy. */
static bool nested_ste(struct scen *s, unsigned si, bool want_ats)
{
	struct stream *st = &s->st[si];
	bool s1 = st->kind == ST_NESTED;
	u64 parent[STE_DWORDS], vste[2];
	struct host_env env;
	struct vste_result r;

	parent_ste(&s->vm[st->vm], parent);
	vste[0] = STE_DW0_V | F(STE_DW0_CONFIG, s1 ? STE_CFG_S1_TRANS : STE_CFG_BYPASS) |
		  (s1 ? CD_IPA(si) & STE_DW0_S1CONTEXTPTR : 0);
	vste[1] = F(STE_DW1_EATS, want_ats && s1 ? STE_EATS_TRANS : STE_EATS_ABT);
	host_env_default(&env);
	env.ats_supported = want_ats;
	host_policy_apply(s->p, vste, parent, &env, &r);
	if (r.err != SN_OK)
		FAIL("setup: %s refused a plain %s vSTE: %s", s->p->name,
		     s1 ? "S1-translate" : "bypass", r.reason);
	st->ats = r.ats;
	st->enable_ats = r.enable_ats;
	if (!write_words(s, STRTAB_PA + 64ULL * st->sid, r.ste, STE_DWORDS))
		return false;
	if (s1) {
		const struct as *a = &s->as[st->as];
		u64 cd[CD_DWORDS] = { 0 };

		cd[0] = F(CD_DW0_T0SZ, TSZ) | F(CD_DW0_TG0, a->s1.tg) | F(CD_DW0_IR0, 1) |
			F(CD_DW0_OR0, 1) | F(CD_DW0_SH0, 3) | CD_DW0_EPD1 | CD_DW0_V |
			F(CD_DW0_IPS, 5) | CD_DW0_AA64 | CD_DW0_R | CD_DW0_A |
			F(CD_DW0_ASID, a->asid);
		cd[1] = a->s1.ttb & CD_DW1_TTB0;
		cd[3] = MAIR_VALUE;
		return write_words(s, META_PA(st->vm) + CD_IPA(si), cd, CD_DWORDS);
	}
	return true;
}

static bool add_stream(struct scen *s, enum stream_kind kind, bool nested, unsigned vm,
		       unsigned as, bool ats)
{
	unsigned si = s->nst++;
	struct stream *st = &s->st[si];

	*st = (struct stream){ .kind = kind, .nested = nested, .vm = vm, .as = as,
			       .sid = si + 1, .vsid = 0x100 * (si + 1) + fz_u8(&s->f), .ats = ats };
	if (nested)
		return nested_ste(s, si, ats);
	u64 ste[STE_DWORDS];

	parent_ste(&s->vm[vm], ste);
	if (ats)
		ste[1] |= F(STE_DW1_EATS, STE_EATS_TRANS);
	return write_words(s, STRTAB_PA + 64ULL * st->sid, ste, STE_DWORDS);
}

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

static bool setup(struct scen *s)
{
	struct fz *f = &s->f;
	const struct tlb_policy max = { .kind = TLB_POLICY_MAX };
	bool guest_ats = s->p->eats_accepted & (1u << STE_EATS_TRANS);

	s->mem = sn_mem_new(MEM_PAGES);
	if (!s->mem)
		return false;
	smmu_init(&s->smmu, s->mem);
	s->smmu.idr.ril = fz_bool(f);
	s->smmu.strtab_base = STRTAB_PA;
	s->smmu.strtab_base_cfg = (u32)F(STRTAB_BASE_CFG_LOG2SIZE, STRTAB_LOG2);
	s->nvm = fz_chance(f, 30) ? 2 : 1;
	for (unsigned vi = 0; vi < s->nvm; vi++) {
		s->vm[vi].vmid = (u16)(1 + fz_below(f, 0xfffe));
		if (vi && s->vm[vi].vmid == s->vm[0].vmid)
			s->vm[vi].vmid ^= 0x8000;
		if (!build_vm(s, vi))
			return false;
	}
	for (unsigned vi = 0; vi < s->nvm; vi++)
		s->as[s->nas++].vm = vi;
	if (fz_chance(f, 35))
		s->as[s->nas++].vm = 0;
	for (unsigned ai = 0; ai < s->nas; ai++) {
		s->as[ai].asid = (u16)(1 + fz_below(f, 0xfffe));
		for (unsigned k = 0; k < ai; k++)
			if (s->as[k].vm == s->as[ai].vm && s->as[k].asid == s->as[ai].asid)
				s->as[ai].asid ^= 0x8000;
		if (!build_as(s, ai))
			return false;
	}
	if (!add_stream(s, ST_NESTED, true, 0, 0, guest_ats && fz_bool(f)))
		return false;
	while (s->nst < MAX_STREAMS && fz_chance(f, 60)) {
		unsigned ai = (unsigned)fz_below(f, s->nas), w = (unsigned)fz_below(f, 10);
		unsigned vi = (unsigned)fz_below(f, s->nvm);
		bool ok;

		if (w < 7)
			ok = add_stream(s, ST_NESTED, true, s->as[ai].vm, ai, guest_ats && fz_bool(f));
		else if (w < 9)
			ok = add_stream(s, ST_S2ONLY, false, vi, 0, fz_bool(f));
		else
			ok = add_stream(s, ST_S2ONLY, true, vi, 0, fz_bool(f));
		if (!ok)
			return false;
	}
	wire_domains(s);
	s->o = sn_oracle_new(&s->smmu, &max, CACHE_CAPACITY);
	return s->o != NULL;
}

static void teardown(struct scen *s)
{
	sn_oracle_free(s->o);
	for (unsigned i = 0; i < s->nas; i++)
		if (s->as[i].built)
			sn_tt_free(&s->as[i].s1);
	for (unsigned i = 0; i < s->nvm; i++)
		if (s->vm[i].built)
			sn_tt_free(&s->vm[i].s2);
	sn_mem_free(s->mem);
}

/* ---- Translations -------------------------------------------------------- */

static void translate(struct scen *s, unsigned si, u64 addr, bool during)
{
	struct fz *f = &s->f;
	const struct stream *st = &s->st[si];
	struct sn_txn t = { .sid = st->sid, .addr = addr };
	bool atc = st->ats && fz_bool(f);

	if (atc || (st->ats && fz_chance(f, 20))) {
		t.kind = SN_TXN_ATS_REQUEST;
		t.write = fz_bool(f);
	} else {
		t.write = fz_chance(f, 25);
		t.priv = fz_bool(f);
		t.instr = !t.write && fz_chance(f, 5);
	}
	sn_oracle_translate(s->o, &t, atc, &s->j);
	if (s->j.verdict == SN_VERDICT_STALE)
		fail_stale(s, &t, atc, during);
	if (s->j.verdict == SN_VERDICT_ACCEPTABLE && !during)
		FAIL("policy %s, op %u (%s): ACCEPTABLE outside a sequence: a change without a "
		     "settle point", s->p->name, s->op, s->ops[s->op]);
}

/* A VA inside stage-1 leaf @l (or an IPA inside stage-2 leaf @l). */
static u64 addr_in(struct scen *s, const struct leaf *l)
{
	return l->m.ia + (fz_below(&s->f, l->m.size) & ~7ULL);
}

static u64 pick_addr(struct scen *s, unsigned si)
{
	const struct stream *st = &s->st[si];

	if (fz_chance(&s->f, 8))
		return DATA_LO + (fz_below(&s->f, DATA_SIZE) & ~7ULL);
	if (st->kind == ST_S2ONLY) {
		const struct vm *v = &s->vm[st->vm];

		return v->n ? addr_in(s, &v->l[fz_below(&s->f, v->n)]) : DATA_LO;
	}
	const struct as *a = &s->as[st->as];

	return a->n ? addr_in(s, &a->l[fz_below(&s->f, a->n)]) : DATA_LO;
}

/* A translation aimed at the last change; false if no stream reaches it. */
static bool focus_translate(struct scen *s, bool during)
{
	unsigned cand[MAX_STREAMS], nc = 0, si;

	if (!s->has_focus)
		return false;
	for (unsigned i = 0; i < s->nst; i++) {
		const struct stream *st = &s->st[i];

		if (s->focus_s2 ? st->vm == s->focus_vm : st->kind == ST_NESTED && st->as == s->focus_as)
			cand[nc++] = i;
	}
	if (!nc)
		return false;
	si = cand[fz_below(&s->f, nc)];
	if (!s->focus_s2 || s->st[si].kind == ST_S2ONLY) {
		translate(s, si, s->focus_lo + (fz_below(&s->f, s->focus_hi - s->focus_lo) & ~7ULL),
			  during);
		return true;
	}
	/* A VA whose stage-1 leaf points into the changed IPA range. */
	const struct as *a = &s->as[s->st[si].as];
	unsigned hits[MAX_S1L], nh = 0;

	for (unsigned k = 0; k < a->n; k++)
		if (overlaps(a->l[k].m.oa, a->l[k].m.size, s->focus_lo, s->focus_hi - s->focus_lo))
			hits[nh++] = k;
	if (!nh)
		return false;
	const struct leaf *l = &a->l[hits[fz_below(&s->f, nh)]];
	u64 lo = l->m.oa > s->focus_lo ? l->m.oa : s->focus_lo;
	u64 hi = l->m.oa + l->m.size < s->focus_hi ? l->m.oa + l->m.size : s->focus_hi;

	translate(s, si, l->m.ia + ((lo + fz_below(&s->f, hi - lo)) & ~7ULL) - l->m.oa, during);
	return true;
}

static void op_translate(struct scen *s, bool focus)
{
	unsigned si;

	if ((focus || fz_bool(&s->f)) && focus_translate(s, false))
		return;
	si = (unsigned)fz_below(&s->f, s->nst);
	translate(s, si, pick_addr(s, si), false);
}

static void set_focus(struct scen *s, bool s2, unsigned vm, unsigned as, u64 lo, u64 size)
{
	s->has_focus = true;
	s->focus_s2 = s2;
	s->focus_vm = vm;
	s->focus_as = as;
	s->focus_lo = lo;
	s->focus_hi = lo + size;
}

/* ---- The host queue ------------------------------------------------------ */

static void queue_cmd(struct scen *s, const u64 cmd[2])
{
	struct sn_cmd c;
	const char *why = NULL;
	char text[160];

	sn_cmd_decode(cmd, &c);
	if (sn_cmd_check(&c, &s->smmu.idr, &why) != SN_CERROR_NONE) {
		sn_tlb_cmd_format(cmd, text, sizeof(text));
		FAIL("policy %s, op %u (%s): %s would stop the queue with CERROR_ILL: %s",
		     s->p->name, s->op, s->ops[s->op], text, why ? why : "?");
	}
	sn_oracle_cmd(s->o, cmd);
	if (s->interleave && fz_chance(&s->f, 35))
		focus_translate(s, true);
}

static void host_emit(void *ctx, const u64 cmd[2], enum s2inv_step step)
{
	struct scen *s = ctx;
	u8 op = (u8)sn_field_get(CMD_DW0_OP, cmd[0]);
	size_t combined = tlb_count(sn_oracle_tlb(s->o), TLB_NESTED);

	queue_cmd(ctx, cmd);
	/*
	 * IHI0070 §4.4.3.1: TLBI_S2_IPA need not remove combined S1+S2
	 * entries, and max removes only what a command must: the CMD_SYNC
	 * that completes the S2_IPA step removes none (after S12_VMALL it may).
	 */
	if (step == S2INV_STEP_S2 && op == CMD_TLBI_S12_VMALL)
		s->s2_vmall = true;
	if (step == S2INV_STEP_S2 && op == CMD_SYNC && !s->s2_vmall &&
	    tlb_count(sn_oracle_tlb(s->o), TLB_NESTED) < combined)
		FAIL("policy %s, op %u (%s): the stage-2 step's CMD_SYNC removed combined entries "
		     "under max (TLBI_S2_IPA must not: IHI0070 §4.4.3.1)", s->p->name, s->op,
		     s->ops[s->op]);
}

static int guest_issue(void *ctx, const u64 (*cmds)[2], unsigned n, bool sync)
{
	struct scen *s = ctx;
	u64 sc[2];

	for (unsigned i = 0; i < n; i++)
		queue_cmd(s, cmds[i]);
	if (sync) {
		s2inv_sync_cmd(sc);
		queue_cmd(s, sc);
	}
	return 0;
}

/* ---- Stage-2 changes ----------------------------------------------------- */

static void owrite(struct scen *s, u64 pa, u64 v)
{
	if (sn_oracle_write(s->o, pa, v) != 0)
		FAIL("policy %s: memory cap reached at PA 0x%" PRIx64, s->p->name, pa);
}

static int pick_leaf(struct scen *s, const struct leaf *l, unsigned n, bool valid)
{
	unsigned cand[MAX_S2L], nc = 0;

	for (unsigned k = 0; k < n; k++)
		if (l[k].valid == valid)
			cand[nc++] = k;
	return nc ? (int)cand[fz_below(&s->f, nc)] : -1;
}

static void mutate_s2(struct scen *s, struct leaf *l)
{
	switch (fz_below(&s->f, 4)) {
	case 0: {
		u64 old = l->m.oa;

		for (unsigned i = 0; i < 4 && l->m.oa == old; i++)
			l->m.oa = rand_oa(s, l->m.size);
		break;
	}
	case 1:
		l->m.ap = l->m.ap == 3 ? 1 : 0;
		break;
	case 2:
		l->m.xn ^= 2;
		break;
	default:
		l->m.ap = (u8)((l->m.ap + 1 + fz_below(&s->f, 3)) & 3);
		l->m.attr = l->m.attr == 0xf ? 0x5 : 0xf;
		break;
	}
}

static void op_s2_change(struct scen *s)
{
	unsigned vi = (unsigned)fz_below(&s->f, s->nvm);
	struct vm *v = &s->vm[vi];
	int li = pick_leaf(s, v->l, v->n, true);
	const struct s2inv_queue q = { host_emit, s };
	struct s2inv_change ch;
	struct s2inv_result res;
	unsigned kind = (unsigned)fz_below(&s->f, 4), n = 1;
	struct leaf *l;

	if (li < 0) {
		op_desc(s, "translate (vm%u has no stage-2 leaf to change)", vi);
		op_translate(s, false);
		return;
	}
	l = &v->l[li];
	if (kind == 3) {
		/* a run of valid neighbours of the same size: unmapped or changed together */
		bool unmap = fz_bool(&s->f);
		u64 next = l->m.ia + l->m.size;

		for (unsigned k = 0; k < v->n && n < 4; k++)
			if (v->l[k].valid && v->l[k].m.size == l->m.size && v->l[k].m.ia == next) {
				struct leaf *r = &v->l[k];

				if (unmap)
					r->valid = false;
				else
					mutate_s2(s, r);
				owrite(s, r->desc_pa, r->valid ? sn_tt_leaf_desc(2, r->level, &r->m) : 0);
				next += l->m.size;
				n++;
				k = (unsigned)-1;       /* look again from the start */
			}
		if (unmap)
			l->valid = false;
		else
			mutate_s2(s, l);
	} else if (kind == 0) {
		l->valid = false;
	} else {
		mutate_s2(s, l);
	}
	owrite(s, l->desc_pa, l->valid ? sn_tt_leaf_desc(2, l->level, &l->m) : 0);
	op_desc(s, "S2 vm%u: %s %u leaf(s) from IPA 0x%" PRIx64 " (size 0x%" PRIx64 ")", vi,
		l->valid ? "change" : "unmap", n, l->m.ia, l->m.size);
	ch = (struct s2inv_change){ .kind = S2INV_RANGE, .iova = l->m.ia, .size = n * l->m.size,
				    .granule = l->m.size, .leaf = true };
	if (fz_chance(&s->f, 8))
		ch.kind = S2INV_FLUSH_ALL;
	set_focus(s, true, vi, 0, ch.iova, ch.size);
	s->interleave = fz_bool(&s->f);
	s->s2_vmall = false;
	s2inv_run(s->p, &v->dom, &ch, &q, &res);
	s->interleave = false;
	if (res.err != SN_OK)
		FAIL("policy %s, op %u (%s): the host refused the stage-2 change: %s", s->p->name,
		     s->op, s->ops[s->op], res.reason);
	sn_oracle_settle(s->o);
}

/* ---- Guest stage-1 changes ----------------------------------------------- */

static unsigned add_cmd(struct scen *s, u64 (*cmds)[2], unsigned n, const struct sn_cmd *c)
{
	(void)s;
	if (n < MAX_CMDS)
		sn_cmd_encode(c, cmds[n++]);
	return n;
}

/* NH_VA over leaf @l in range form (TG the granule, TTL its level), as Linux builds it. */
static unsigned range_cmds(struct scen *s, u64 (*cmds)[2], unsigned n, struct sn_cmd c,
			   const struct leaf *l, unsigned g)
{
	u64 pages = l->m.size >> g, va = l->m.ia;

	c.tg = g == 12 ? 1 : g == 14 ? 2 : 3;
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

static void guest_submit(struct scen *s, unsigned vi, const u64 (*cmds)[2], unsigned n)
{
	if (!n)
		return;
	if (viommu_inv_supported(s->p)) {
		const struct viommu_queue q = { guest_issue, s };
		struct viommu_inv_result r;

		viommu_invalidate(s->p, &s->vm[vi].vi, cmds, n, &q, &r);
		if (r.err != SN_OK)
			FAIL("policy %s, op %u (%s): the vIOMMU refused the guest's commands: %s",
			     s->p->name, s->op, s->ops[s->op], r.reason);
		return;
	}
	guest_issue(s, cmds, n, true);
}

static void guest_invalidate(struct scen *s, unsigned ai, const unsigned *chg, unsigned nchg)
{
	struct fz *f = &s->f;
	const struct as *a = &s->as[ai];
	const struct vm *v = &s->vm[a->vm];
	bool vio = viommu_inv_supported(s->p);
	u64 cmds[MAX_CMDS][2];
	unsigned n = 0, w = (unsigned)fz_below(f, 5);
	u16 gvmid = vio ? fz_u16(f) : v->vmid;

	if (w <= 1) {
		for (unsigned i = 0; i < nchg; i++) {
			const struct leaf *l = &a->l[chg[i]];
			struct sn_cmd c = { .op = w ? CMD_TLBI_NH_VAA : CMD_TLBI_NH_VA, .vmid = gvmid,
					    .asid = w ? 0 : a->asid };

			if (s->smmu.idr.ril && fz_bool(f)) {
				n = range_cmds(s, cmds, n, c, l, a->g);
			} else {
				c.addr = (l->m.ia + fz_below(f, l->m.size)) & ~0xfffULL;
				c.leaf = !fz_chance(f, 30);
				n = add_cmd(s, cmds, n, &c);
			}
		}
	} else if (w == 2) {
		n = add_cmd(s, cmds, n, &(struct sn_cmd){ .op = CMD_TLBI_NH_ASID, .vmid = gvmid,
						       .asid = a->asid });
	} else if (w == 3 || !vio) {
		n = add_cmd(s, cmds, n, &(struct sn_cmd){ .op = CMD_TLBI_NH_ALL, .vmid = gvmid });
	} else {
		n = add_cmd(s, cmds, n, &(struct sn_cmd){ .op = CMD_TLBI_NSNH_ALL });
	}
	s->interleave = fz_bool(f);
	guest_submit(s, a->vm, (const u64 (*)[2])cmds, n);

	/* Then the ATCs of the devices on this address space (IHI0070 §4.5.1 order). */
	n = 0;
	for (unsigned si = 0; si < s->nst; si++) {
		const struct stream *st = &s->st[si];
		bool full = fz_chance(f, 30);

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
	struct fz *f = &s->f;
	unsigned ai = (unsigned)fz_below(f, s->nas);
	struct as *a = &s->as[ai];
	const struct vm *v = &s->vm[a->vm];
	unsigned chg[3], nchg = 0, want = 1 + (unsigned)fz_below(f, 3);
	bool taken[MAX_S1L] = { false };

	for (unsigned i = 0; i < want; i++) {
		unsigned cand[MAX_S1L], nc = 0;
		struct leaf *l;

		for (unsigned k = 0; k < a->n; k++)
			if (a->l[k].valid && !taken[k])
				cand[nc++] = k;
		if (!nc)
			break;
		chg[nchg] = cand[fz_below(f, nc)];
		taken[chg[nchg]] = true;
		l = &a->l[chg[nchg++]];
		switch (fz_below(f, 5)) {
		case 0:
			l->valid = false;
			break;
		case 1:
		case 2: {
			u64 old = l->m.oa;

			for (unsigned k = 0; k < 4 && l->m.oa == old; k++)
				l->m.oa = pick_ipa(s, v, l->m.size);
			break;
		}
		case 3: {
			u8 ap = l->m.ap;

			for (unsigned k = 0; k < 4 && l->m.ap == ap; k++)
				l->m.ap = s1_ap(s);
			break;
		}
		default:
			if (fz_bool(f))
				l->m.xn = (u8)((l->m.xn + 1 + fz_below(f, 3)) & 3);
			else
				l->m.attr = (u8)((l->m.attr + 1) % 3);
			break;
		}
		owrite(s, l->desc_pa, l->valid ? sn_tt_leaf_desc(1, l->level, &l->m) : 0);
	}
	if (!nchg) {
		op_desc(s, "translate (as%u has no stage-1 leaf to change)", ai);
		op_translate(s, false);
		return;
	}
	op_desc(s, "S1 as%u (ASID 0x%x): %u leaf(s) changed from VA 0x%" PRIx64
		"; guest invalidation%s", ai, a->asid, nchg, a->l[chg[0]].m.ia,
		viommu_inv_supported(s->p) ? " via the vIOMMU" : " (host-side)");
	set_focus(s, false, a->vm, ai, a->l[chg[0]].m.ia, a->l[chg[0]].m.size);
	guest_invalidate(s, ai, chg, nchg);
	sn_oracle_settle(s->o);
}

/* A new mapping into an empty slot: no invalidation is owed (D8.15.1). */
static void op_map(struct scen *s)
{
	struct fz *f = &s->f;

	if (fz_bool(f)) {
		unsigned vi = (unsigned)fz_below(f, s->nvm);
		struct vm *v = &s->vm[vi];
		int li = pick_leaf(s, v->l, v->n, false);

		if (li >= 0) {
			struct leaf *l = &v->l[li];

			if (fz_bool(f))
				l->m.oa = rand_oa(s, l->m.size);
			l->valid = true;
			owrite(s, l->desc_pa, sn_tt_leaf_desc(2, l->level, &l->m));
			op_desc(s, "S2 vm%u: map IPA 0x%" PRIx64 " (empty slot)", vi, l->m.ia);
			set_focus(s, true, vi, 0, l->m.ia, l->m.size);
			sn_oracle_settle(s->o);
			return;
		}
	}
	unsigned ai = (unsigned)fz_below(f, s->nas);
	struct as *a = &s->as[ai];
	int li = pick_leaf(s, a->l, a->n, false);

	if (li < 0) {
		op_desc(s, "translate (nothing unmapped to map)");
		op_translate(s, false);
		return;
	}
	struct leaf *l = &a->l[li];

	if (fz_bool(f))
		l->m.oa = pick_ipa(s, &s->vm[a->vm], l->m.size);
	l->valid = true;
	owrite(s, l->desc_pa, sn_tt_leaf_desc(1, l->level, &l->m));
	op_desc(s, "S1 as%u: map VA 0x%" PRIx64 " (empty slot)", ai, l->m.ia);
	set_focus(s, false, a->vm, ai, l->m.ia, l->m.size);
	sn_oracle_settle(s->o);
}

/* ---- The harness --------------------------------------------------------- */

static void run(struct scen *s)
{
	struct fz *f = &s->f;

	if (!setup(s))
		return;
	for (s->op = 0; s->op < MAX_OPS && !fz_empty(f); s->op++) {
		switch (fz_below(f, 6)) {
		case 0:
		case 1:
			op_desc(s, "translate");
			op_translate(s, false);
			break;
		case 2:
			op_s2_change(s);
			break;
		case 3:
			op_s1_change(s);
			break;
		case 4:
			op_map(s);
			break;
		default:
			op_desc(s, "translate x3 near the last change");
			for (unsigned k = 0; k < 3; k++)
				op_translate(s, true);
			break;
		}
	}
	op_desc(s, "final translations near the last change");
	for (unsigned k = 0; k < 4; k++)
		op_translate(s, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scen *s = malloc(sizeof(*s));

	if (!s)
		return 0;
	for (unsigned i = 0; i < host_policy_count; i++) {
		memset(s, 0, sizeof(*s));
		s->p = host_policies[i];
		fz_init(&s->f, data, size);
		run(s);
		teardown(s);
	}
	free(s);
	return 0;
}
