// SPDX-License-Identifier: MIT
/*
 * The SMMU front end: Stream table, STE validity, SubstreamID and S1DSS,
 * CD tables and CD validity, translation faults and their A/R/S
 * disposition, ATS, STE attribute overrides, and the event record layout.
 *
 * Every case is one row of a table and stands alone: it builds a fresh
 * memory with a linear Stream table, the STE of StreamID 1, a CD and the
 * translation tables below, applies the row's field changes (the STE_DW
 * and CD_DW masks through sn_field_prep), ID register tweaks and extra memory, runs
 * one transaction and compares the outcome.  Expected values are worked out
 * by hand from IHI0070 G.b (section in each row's rule) and arch.md §5.2;
 * event records are compared as four literal doublewords.
 *
 * Memory map (PA; identical IPA in nested cases unless stated):
 *   0x100000  Stream table (linear, LOG2SIZE 8; STE of SID 1 at 0x100040)
 *   0x200000  the CD (S1ContextPtr)
 *   0x210000  linear CD tables, 0x220000 L1CD tables, 0x230000/0x240000 leaves
 *   0x300000  stage 1, 4 KB granule, T0SZ 25 (39-bit VA), levels 1-2-3:
 *             VA 0x40000000 + n * 0x1000, n = 0 RW -> 0x800000, 1 invalid,
 *             2 RO -> 0x801000, 3 AF 0 -> 0x802000, 4 privileged only ->
 *             0x803000, 5 RW -> 0x600000, 6 RW -> 0xa00000
 *   0x400000  stage 2, 4 KB granule, S2T0SZ 25, S2SL0 1 (level 1), 2 MB
 *             blocks at level 2: IPA 0x200000 -> 0x200000 RW, 0x600000
 *             invalid, 0x800000 -> 0xa00000 RW, 0xa00000 -> 0xa00000 RO,
 *             0xc00000 no access, 0xe00000 Device RW, 0x1000000 AF 0
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/cd.h>
#include <smmu-nest/mem.h>
#include <smmu-nest/smmu.h>
#include <smmu-nest/ste.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X(v) ((unsigned long long)(v))
#define F(mask, v) sn_field_prep(mask, v)

#define STRTAB  0x100000ULL
#define STE_PA  0x100040ULL             /* SID 1 in the linear table */
#define CD_PA   0x200000ULL
#define S1_L1   0x300000ULL
#define S1_L2   0x301000ULL
#define S1_L3   0x302000ULL
#define S2_L1   0x400000ULL
#define S2_L2   0x401000ULL

/* Stage-1 level-3 pages: AP[7:6], SH ISH 0x300, AF 0x400, page 0b11. */
#define PG_RW      0x743ULL             /* AP 0b01: read/write at EL0 and EL1 */
#define PG_RO      0x7c3ULL             /* AP 0b11: read-only at EL0 and EL1 */
#define PG_RW_NOAF 0x343ULL
#define PG_PRIV    0x703ULL             /* AP 0b00: EL1 read/write only */
/* Stage-2 level-2 blocks: MemAttr[5:2], S2AP[7:6], SH 0x300, AF 0x400, block 0b01. */
#define BLK_RW     0x7fdULL             /* Normal WB, S2AP 0b11 */
#define BLK_RO     0x77dULL             /* S2AP 0b01 */
#define BLK_NONE   0x73dULL             /* S2AP 0b00 */
#define BLK_DEV    0x7c5ULL             /* MemAttr 0b0001 Device-nGnRE */
#define BLK_NOAF   0x3fdULL

enum base { B_NONE, B_BYPASS, B_S1, B_S2, B_NESTED };
enum obj { OBJ_END, OBJ_STE, OBJ_CD };

struct mod {
	enum obj obj;
	unsigned dw;
	u64 mask;
	u64 val;                /* field value, right-aligned */
};

struct fx {
	struct sn_mem *mem;
	struct smmu s;
	u64 ste[STE_DWORDS];
	u64 cd[CD_DWORDS];
};

struct expect {
	enum sn_disposition disp;
	bool event;
	u64 ev[4];              /* the encoded record */
	u64 pa;                 /* checked when disp is SN_XLATE_OK ... */
	bool any_pa;            /* ... unless this is set */
	u8 grant;               /* ATS Translation Request answered OK */
	u64 ste_at, cd_at;      /* first STE / CD read, when non-zero */
	bool no_cd;             /* no L1CD or CD read at all */
};

struct tcase {
	const char *rule;
	enum base base;
	struct mod mod[5];
	void (*tweak)(struct smmu *s);
	void (*setup)(struct fx *f, const u64 *p);
	u64 p[6];
	struct sn_txn txn;
	struct expect exp;
};

#define M_STE(dw, mask, v) { OBJ_STE, dw, mask, v }
#define M_CD(dw, mask, v) { OBJ_CD, dw, mask, v }
#define OK(p_) { .disp = SN_XLATE_OK, .pa = (p_) }
#define EV(d, w0, w1, w2, w3) { .disp = (d), .event = true, .ev = { w0, w1, w2, w3 } }
#define SILENT(d) { .disp = (d) }
#define ABORT_EV(w0, w1, w2, w3) EV(SN_XLATE_ABORT, w0, w1, w2, w3)

#define RD(a) { .sid = 1, .addr = (a) }
#define WR(a) { .sid = 1, .addr = (a), .write = true }
#define RD_SSID(a, id) { .sid = 1, .addr = (a), .ssv = true, .ssid = (id) }
#define TREQ(a) { .sid = 1, .addr = (a), .kind = SN_TXN_ATS_REQUEST }
#define TREQ_W(a) { .sid = 1, .addr = (a), .write = true, .kind = SN_TXN_ATS_REQUEST }
#define TXLATED(a) { .sid = 1, .addr = (a), .kind = SN_TXN_ATS_TRANSLATED }

#define BAD_STE ABORT_EV(0x0000000100000004ULL, 0, 0, 0)
#define BAD_CD ABORT_EV(0x000000010000000aULL, 0, 0, 0)
#define STREAM_DISABLED ABORT_EV(0x0000000100000006ULL, 0, 0, 0)
#define VA 0x40000abcULL

/* ------------------------------------------------------------------------ */
/* Fixture                                                                  */

static void w64(struct fx *f, u64 pa, u64 v)
{
	ck_assert_msg(sn_mem_write64(f->mem, pa, v) == 0, "write 0x%llx failed", X(pa));
}

static void write_words(struct fx *f, u64 pa, const u64 *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		w64(f, pa + 8 * i, w[i]);
}

static void ste_s2_fields(u64 *w)
{
	w[2] = F(STE_DW2_S2VMID, 1) | F(STE_DW2_S2T0SZ, 25) | F(STE_DW2_S2SL0, 1) |
	       F(STE_DW2_S2TG, 0) | F(STE_DW2_S2PS, 5) | F(STE_DW2_S2AA64, 1) |
	       F(STE_DW2_S2R, 1);
	w[3] = F(STE_DW3_S2TTB, S2_L1 >> 4);
}

static void ste_base(enum base b, u64 *w)
{
	u64 valid = F(STE_DW0_V, 1), ctx = F(STE_DW0_S1CONTEXTPTR, CD_PA >> 6);

	memset(w, 0, STE_DWORDS * sizeof(*w));
	switch (b) {
	case B_BYPASS:
		w[0] = valid | F(STE_DW0_CONFIG, STE_CFG_BYPASS);
		break;
	case B_S1:
		w[0] = valid | F(STE_DW0_CONFIG, STE_CFG_S1_TRANS) | ctx;
		break;
	case B_S2:
		w[0] = valid | F(STE_DW0_CONFIG, STE_CFG_S2_TRANS);
		ste_s2_fields(w);
		break;
	case B_NESTED:
		w[0] = valid | F(STE_DW0_CONFIG, STE_CFG_NESTED) | ctx;
		ste_s2_fields(w);
		break;
	default:
		break;
	}
}

/* 4 KB TTB0, T0SZ 25, TTB1 disabled, IPS 48 bits, AArch64, A = R = 1, ASID 1. */
static void cd_base(u64 *w)
{
	memset(w, 0, CD_DWORDS * sizeof(*w));
	w[0] = F(CD_DW0_T0SZ, 25) | F(CD_DW0_TG0, 0) | F(CD_DW0_EPD1, 1) | F(CD_DW0_V, 1) |
	       F(CD_DW0_IPS, 5) | F(CD_DW0_AA64, 1) | F(CD_DW0_R, 1) | F(CD_DW0_A, 1) |
	       F(CD_DW0_ASID, 1);
	w[1] = F(CD_DW1_TTB0, S1_L1 >> 4);
	w[3] = F(CD_DW3_MAIR0, 0xff);
}

static void tables(struct fx *f)
{
	w64(f, S1_L1 + 1 * 8, S1_L2 | 3);
	w64(f, S1_L2 + 0 * 8, S1_L3 | 3);
	w64(f, S1_L3 + 0 * 8, 0x800000 | PG_RW);
	w64(f, S1_L3 + 2 * 8, 0x801000 | PG_RO);
	w64(f, S1_L3 + 3 * 8, 0x802000 | PG_RW_NOAF);
	w64(f, S1_L3 + 4 * 8, 0x803000 | PG_PRIV);
	w64(f, S1_L3 + 5 * 8, 0x600000 | PG_RW);
	w64(f, S1_L3 + 6 * 8, 0xa00000 | PG_RW);

	w64(f, S2_L1 + 0 * 8, S2_L2 | 3);
	w64(f, S2_L2 + 1 * 8, 0x200000 | BLK_RW);
	w64(f, S2_L2 + 4 * 8, 0xa00000 | BLK_RW);
	w64(f, S2_L2 + 5 * 8, 0xa00000 | BLK_RO);
	w64(f, S2_L2 + 6 * 8, 0xc00000 | BLK_NONE);
	w64(f, S2_L2 + 7 * 8, 0xe00000 | BLK_DEV);
	w64(f, S2_L2 + 8 * 8, 0x1000000 | BLK_NOAF);
}

static void apply_mods(struct fx *f, const struct mod *m, unsigned n)
{
	for (unsigned i = 0; i < n && m[i].obj != OBJ_END; i++) {
		u64 *w = m[i].obj == OBJ_STE ? f->ste : f->cd;

		ck_assert(m[i].dw < 8);
		ck_assert_msg(sn_field_fits(m[i].mask, m[i].val), "mod %u does not fit", i);
		w[m[i].dw] = sn_field_set(m[i].mask, w[m[i].dw], m[i].val);
	}
}

static void fx_build(struct fx *f, const struct tcase *c)
{
	f->mem = sn_mem_new(SN_MEM_DEFAULT_MAX_PAGES);
	ck_assert(f->mem != NULL);
	smmu_init(&f->s, f->mem);
	f->s.strtab_base = STRTAB;
	f->s.strtab_base_cfg = (u32)F(STRTAB_BASE_CFG_LOG2SIZE, 8);
	ste_base(c->base, f->ste);
	cd_base(f->cd);
	apply_mods(f, c->mod, ARRAY_SIZE(c->mod));
	if (c->base != B_NONE)
		write_words(f, STE_PA, f->ste, STE_DWORDS);
	write_words(f, CD_PA, f->cd, CD_DWORDS);
	tables(f);
	if (c->tweak)
		c->tweak(&f->s);
	if (c->setup)
		c->setup(f, c->p);
}

static const struct sn_access *first_access(const struct smmu *s, enum sn_access_what what)
{
	for (unsigned i = 0; i < s->log.n; i++)
		if (s->log.a[i].what == what)
			return &s->log.a[i];
	return NULL;
}

static const char *disp_name(enum sn_disposition d)
{
	static const char *const names[] = { "OK", "ABORT", "STALL", "RAZWI", "ATS_UR", "ATS_CA" };

	return (unsigned)d < ARRAY_SIZE(names) ? names[d] : "?";
}

static void check_access(const struct tcase *c, const struct smmu *s,
			 enum sn_access_what what, u64 want, const char *name)
{
	const struct sn_access *a = first_access(s, what);

	ck_assert_msg(a != NULL, "%s: no %s read", c->rule, name);
	ck_assert_msg(a->pa == want, "%s: %s read at 0x%llx, expected 0x%llx",
		      c->rule, name, X(a->pa), X(want));
}

static void run_case(const struct tcase *c)
{
	const struct expect *e = &c->exp;
	struct fx f;
	struct sn_xlate out;
	u64 w[4];

	fx_build(&f, c);
	smmu_translate(&f.s, &c->txn, &out);

	ck_assert_msg(out.disp == e->disp, "%s: disposition %s, expected %s",
		      c->rule, disp_name(out.disp), disp_name(e->disp));
	if (e->event) {
		ck_assert_msg(out.has_event, "%s: no event, expected type 0x%02llx",
			      c->rule, X(e->ev[0] & 0xff));
		sn_event_encode(&out.event, w);
		for (unsigned i = 0; i < 4; i++)
			ck_assert_msg(w[i] == e->ev[i], "%s: %s record DW%u 0x%016llx, expected 0x%016llx",
				      c->rule, sn_event_name(out.event.type), i, X(w[i]), X(e->ev[i]));
	} else {
		ck_assert_msg(!out.has_event, "%s: unexpected event %s", c->rule,
			      sn_event_name(out.event.type));
	}
	if (out.disp == SN_XLATE_OK && !e->any_pa)
		ck_assert_msg(out.pa == e->pa, "%s: pa 0x%llx, expected 0x%llx",
			      c->rule, X(out.pa), X(e->pa));
	if (out.disp == SN_XLATE_OK && c->txn.kind == SN_TXN_ATS_REQUEST)
		ck_assert_msg(out.ats_grant == e->grant, "%s: ATS grant 0x%x, expected 0x%x",
			      c->rule, out.ats_grant, e->grant);
	if (e->ste_at)
		check_access(c, &f.s, SN_ACC_STE, e->ste_at, "STE");
	if (e->cd_at)
		check_access(c, &f.s, SN_ACC_CD, e->cd_at, "CD");
	if (e->no_cd)
		ck_assert_msg(!first_access(&f.s, SN_ACC_CD) && !first_access(&f.s, SN_ACC_L1CD),
			      "%s: a CD was fetched", c->rule);
	ck_assert_msg(!f.s.log.overflow, "%s: access log overflow", c->rule);
	sn_mem_free(f.mem);
}

/* ------------------------------------------------------------------------ */
/* ID register and control register tweaks                                  */

static void no_recinvsid(struct smmu *s) { s->cr2_recinvsid = false; }
static void sidsize8_log2size10(struct smmu *s)
{
	s->idr.sidsize = 8;
	s->strtab_base_cfg = (u32)F(STRTAB_BASE_CFG_LOG2SIZE, 10);
}
static void log2size10(struct smmu *s)
{
	s->strtab_base_cfg = (u32)F(STRTAB_BASE_CFG_LOG2SIZE, 10);
}
static void oas32(struct smmu *s) { s->idr.oas = 0; }
static void oas40(struct smmu *s) { s->idr.oas = 2; }
static void st_level0(struct smmu *s) { s->idr.st_level = 0; }
static void no_s1p(struct smmu *s) { s->idr.s1p = false; }
static void no_s2p(struct smmu *s) { s->idr.s2p = false; }
static void ats_off(struct smmu *s) { s->idr.ats = false; }
static void ns1ats(struct smmu *s) { s->idr.ns1ats = true; }
static void hyp_off(struct smmu *s) { s->idr.hyp = false; }
static void stall_term(struct smmu *s) { s->idr.stall_model = 1; }
static void stall_force(struct smmu *s) { s->idr.stall_model = 2; }
static void term_model(struct smmu *s) { s->idr.term_model = true; }
static void ssid4(struct smmu *s) { s->idr.ssidsize = 4; }
static void ssid0(struct smmu *s) { s->idr.ssidsize = 0; }
static void no_cd2l(struct smmu *s) { s->idr.cd2l = false; }
static void no_gran64k(struct smmu *s) { s->idr.gran64k = false; }
static void httu_af(struct smmu *s) { s->idr.httu = 1; }
static void le_only(struct smmu *s) { s->idr.ttendian = 2; }
static void be_only(struct smmu *s) { s->idr.ttendian = 3; }
static void vmid8(struct smmu *s) { s->idr.vmid16 = false; }
static void asid8(struct smmu *s) { s->idr.asid16 = false; }
static void asid8_e2h(struct smmu *s) { s->idr.asid16 = false; s->cr2_e2h = true; }
static void atschk(struct smmu *s) { s->cr0_atschk = true; }

/* ------------------------------------------------------------------------ */
/* Memory setups (p[] holds literal addresses and values)                   */

/* The STE (as built) also at p[0]. */
static void ste_at(struct fx *f, const u64 *p) { write_words(f, p[0], f->ste, STE_DWORDS); }
/* SMMU_STRTAB_BASE = p[0]. */
static void strtab_base(struct fx *f, const u64 *p) { f->s.strtab_base = p[0]; }
/* SMMU_STRTAB_BASE_CFG = p[0]. */
static void strtab_cfg(struct fx *f, const u64 *p) { f->s.strtab_base_cfg = (u32)p[0]; }
/* Accesses to [p[0], p[0] + p[1]) abort. */
static void abort_at(struct fx *f, const u64 *p)
{
	ck_assert(sn_mem_add_abort(f->mem, p[0], p[1]) == 0);
}

/*
 * Two-level Stream table: STRTAB_BASE_CFG p[0], the L1STD p[2] at p[1], the
 * STE at p[3], STRTAB_BASE p[4] (0: 0x100000), an aborting word at p[5].
 */
static void strtab_2lvl(struct fx *f, const u64 *p)
{
	f->s.strtab_base_cfg = (u32)p[0];
	if (p[4])
		f->s.strtab_base = p[4];
	w64(f, p[1], p[2]);
	if (p[3] >> 32 == 0)
		write_words(f, p[3], f->ste, STE_DWORDS);
	if (p[5])
		ck_assert(sn_mem_add_abort(f->mem, p[5], 8) == 0);
}

/* The CD (as built) at p[2]; an L1CD p[1] at p[0] if p[0]; abort at p[3] if set. */
static void cd_table(struct fx *f, const u64 *p)
{
	if (p[0])
		w64(f, p[0], p[1]);
	write_words(f, p[2], f->cd, CD_DWORDS);
	if (p[3])
		ck_assert(sn_mem_add_abort(f->mem, p[3], 8) == 0);
}

/* CDs 0 and 1 of a linear table at 0x210000. */
static void two_cds(struct fx *f, const u64 *p)
{
	(void)p;
	write_words(f, 0x210000, f->cd, CD_DWORDS);
	write_words(f, 0x210040, f->cd, CD_DWORDS);
}

/* OAS 32 bits and SMMU_STRTAB_BASE = p[0]. */
static void oas32_base(struct fx *f, const u64 *p)
{
	f->s.idr.oas = 0;
	f->s.strtab_base = p[0];
}

/* OAS 32 bits and a two-level table as strtab_2lvl(). */
static void oas32_2lvl(struct fx *f, const u64 *p)
{
	f->s.idr.oas = 0;
	strtab_2lvl(f, p);
}

/* ------------------------------------------------------------------------ */
/* Stream table (IHI0070 §3.3.1, §5.1, §6.3.24-25, §7.3.3-4)                */

#define CFG2(split) (0x10000 | (split) << 6 | 16)       /* FMT 1, LOG2SIZE 16 */

static const struct tcase strtab_cases[] = {
	{ "linear: STE of SID n at base + n * 64 (§3.3.1)", B_BYPASS,
	  .setup = ste_at, .p = { 0x103fc0 }, .txn = { .sid = 0xff, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x103fc0 } },
	{ "linear: STRTAB_BASE aligned down to the table size (§6.3.24)", B_BYPASS,
	  .setup = strtab_base, .p = { 0x102000 }, .txn = RD(0x1234),
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x100040 } },
	{ "SID >= 2^LOG2SIZE: C_BAD_STREAMID (§7.3.3)", B_BYPASS,
	  .txn = { .sid = 0x100, .addr = 0x1234 },
	  .exp = ABORT_EV(0x0000010000000002ULL, 0, 0, 0) },
	{ "C_BAD_STREAMID records SSV and SubstreamID (§7.3.3)", B_BYPASS,
	  .txn = { .sid = 0x100, .addr = 0x1234, .ssv = true, .ssid = 0x12345 },
	  .exp = ABORT_EV(0x0000010012345802ULL, 0, 0, 0) },
	{ "SMMU_CR2.RECINVSID 0: out-of-range SID aborts without an event (§7.3.3)", B_BYPASS,
	  .tweak = no_recinvsid, .txn = { .sid = 0x100, .addr = 0x1234 },
	  .exp = SILENT(SN_XLATE_ABORT) },
	{ "effective LOG2SIZE is MIN(LOG2SIZE, IDR1.SIDSIZE) (§6.3.25)", B_BYPASS,
	  .tweak = sidsize8_log2size10, .txn = { .sid = 0x100, .addr = 0x1234 },
	  .exp = ABORT_EV(0x0000010000000002ULL, 0, 0, 0) },
	{ "LOG2SIZE 10 with SIDSIZE 16: SID 0x100 in range at base + 0x4000 (§6.3.25)", B_BYPASS,
	  .tweak = log2size10, .setup = ste_at, .p = { 0x104000 },
	  .txn = { .sid = 0x100, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x104000 } },
	{ "F_STE_FETCH: abort reading the STE, FetchAddr (§7.3.4)", B_BYPASS,
	  .setup = abort_at, .p = { 0x100040, 8 }, .txn = RD(0x1234),
	  .exp = ABORT_EV(0x0000000100000003ULL, 0, 0, 0x100040) },
	{ "F_STE_FETCH: abort on STE DW7 reports the STE address (§7.3.4)", B_BYPASS,
	  .setup = abort_at, .p = { 0x100078, 8 }, .txn = RD(0x1234),
	  .exp = ABORT_EV(0x0000000100000003ULL, 0, 0, 0x100040) },
	{ "F_STE_FETCH records SSV and SubstreamID (§7.3.4)", B_BYPASS,
	  .setup = abort_at, .p = { 0x100040, 64 }, .txn = RD_SSID(0x1234, 0x2a),
	  .exp = ABORT_EV(0x000000010002a803ULL, 0, 0, 0x100040) },
	{ "STE address beyond the OAS: F_STE_FETCH, untruncated (§3.4.3 case 5)", B_BYPASS,
	  .setup = oas32_base, .p = { 0x100000000 }, .txn = RD(0x1234),
	  .exp = ABORT_EV(0x0000000100000003ULL, 0, 0, 0x100000040) },
	{ "2-level SPLIT 6: L1STD at base + (SID >> 6) * 8, STE at L2Ptr + SID[5:0] * 64 (§3.3.1)",
	  B_BYPASS, .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x110007, 0x110140 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x110140 } },
	{ "2-level SPLIT 8: 16 KB leaves (§6.3.25)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(8), 0x100018, 0x114009, 0x114140 },
	  .txn = { .sid = 0x305, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x114140 } },
	{ "2-level SPLIT 10: 64 KB leaves (§6.3.25)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(10), 0x100028, 0x12000b, 0x120140 },
	  .txn = { .sid = 0x1405, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x120140 } },
	{ "2-level SPLIT 7 is reserved and behaves as 6 (§6.3.25)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(7), 0x100010, 0x110007, 0x110140 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x110140 } },
	{ "L1STD Span 0: C_BAD_STREAMID (§5.1)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x110000, 0x110140 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = ABORT_EV(0x0000008500000002ULL, 0, 0, 0) },
	{ "L1STD Span 12 is reserved, behaves as 0: C_BAD_STREAMID (§5.1)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x11000c, 0x110140 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = ABORT_EV(0x0000008500000002ULL, 0, 0, 0) },
	{ "L1STD Span > SPLIT + 1: C_BAD_STREAMID (§7.3.3 2c)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x110008, 0x110140 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = ABORT_EV(0x0000008500000002ULL, 0, 0, 0) },
	{ "SID[SPLIT-1:0] >= 2^(Span-1): C_BAD_STREAMID (§7.3.3 2d)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x110003, 0x110140 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = ABORT_EV(0x0000008500000002ULL, 0, 0, 0) },
	{ "Span 3 holds 4 STEs: index 3 is in range (§5.1)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x110003, 0x1100c0 },
	  .txn = { .sid = 0x83, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x1100c0 } },
	{ "L1STD.L2Ptr[5 + Span - 1:0] treated as zero (§5.1)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x110042, 0x110040 },
	  .txn = { .sid = 0x81, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x110040 } },
	{ "2-level: STRTAB_BASE aligned to the L1 table size (§6.3.24)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x110007, 0x110140, 0x101000 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x110140 } },
	{ "2-level with LOG2SIZE < SPLIT: a single L1STD (§6.3.25)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { 0x10184, 0x100000, 0x110007, 0x110140 },
	  .txn = { .sid = 5, .addr = 0x1234 },
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x110140 } },
	{ "STRTAB_BASE_CFG.FMT 0b10 is reserved and behaves as linear (§6.3.25)", B_BYPASS,
	  .setup = strtab_cfg, .p = { 0x20008 }, .txn = RD(0x1234),
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x100040 } },
	{ "IDR0.ST_LEVEL 0: FMT is RES0, the table is linear (§6.3.25)", B_BYPASS,
	  .tweak = st_level0, .setup = strtab_cfg, .p = { 0x10188 }, .txn = RD(0x1234),
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x1234, .ste_at = 0x100040 } },
	{ "F_STE_FETCH: abort reading the L1STD (§7.3.4)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x110007, 0x110140, 0, 0x100010 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = ABORT_EV(0x0000008500000003ULL, 0, 0, 0x100010) },
	{ "F_STE_FETCH: abort reading the level-2 STE (§7.3.4)", B_BYPASS,
	  .setup = strtab_2lvl, .p = { CFG2(6), 0x100010, 0x110007, 0x110140, 0, 0x110140 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = ABORT_EV(0x0000008500000003ULL, 0, 0, 0x110140) },
	{ "L1STD.L2Ptr beyond the OAS: F_STE_FETCH, untruncated (§3.4.3 case 5)", B_BYPASS,
	  .setup = oas32_2lvl, .p = { CFG2(6), 0x100010, 0x100000007, 0x100000140 },
	  .txn = { .sid = 0x85, .addr = 0x1234 },
	  .exp = ABORT_EV(0x0000008500000003ULL, 0, 0, 0x100000140) },
};

/* ------------------------------------------------------------------------ */
/* STE validity: SteIllegal (IHI0070 §5.2.2) and Config (§5.2)              */

#define S1_OK OK(0x800abc)
#define S2_OK OK(0xa00abc)
#define IPA 0x800abcULL

static const struct tcase ste_cases[] = {
	{ "V 0: C_BAD_STE (§5.2 V)", B_BYPASS, { M_STE(0, STE_DW0_V, 0) },
	  .txn = RD(0x1234), .exp = BAD_STE },
	{ "V 0: C_BAD_STE records SSV and SubstreamID (§7.3.5)", B_BYPASS,
	  { M_STE(0, STE_DW0_V, 0) }, .txn = RD_SSID(0x1234, 7),
	  .exp = ABORT_EV(0x0000000100007804ULL, 0, 0, 0) },
	{ "V 0 is checked before Config 0b000 (SteIllegal)", B_BYPASS,
	  { M_STE(0, STE_DW0_V, 0), M_STE(0, STE_DW0_CONFIG, 0) }, .txn = RD(0x1234),
	  .exp = BAD_STE },
	{ "Config 0b101 without IDR0.S1P (SteIllegal)", B_S1, .tweak = no_s1p,
	  .txn = RD(VA), .exp = BAD_STE },
	{ "Config 0b111 without IDR0.S1P (SteIllegal)", B_NESTED, .tweak = no_s1p,
	  .txn = RD(VA), .exp = BAD_STE },
	{ "Config 0b110 without IDR0.S2P (SteIllegal)", B_S2, .tweak = no_s2p,
	  .txn = RD(IPA), .exp = BAD_STE },
	{ "Config 0b111 without IDR0.S2P (SteIllegal)", B_NESTED, .tweak = no_s2p,
	  .txn = RD(VA), .exp = BAD_STE },
	{ "EATS 0b10 with Config 0b101 (§5.2 EATS)", B_S1,
	  { M_STE(1, STE_DW1_EATS, 2) }, .txn = RD(VA), .exp = BAD_STE },
	{ "EATS 0b10 with Config 0b110 (§5.2 EATS)", B_S2,
	  { M_STE(1, STE_DW1_EATS, 2) }, .txn = RD(IPA), .exp = BAD_STE },
	{ "EATS 0b10 with S2S 1 (§5.2 EATS)", B_NESTED,
	  { M_STE(1, STE_DW1_EATS, 2), M_STE(2, STE_DW2_S2S, 1) }, .txn = RD(VA), .exp = BAD_STE },
	{ "EATS 0b10 with IDR0.NS1ATS 1 (§5.2 EATS)", B_NESTED,
	  { M_STE(1, STE_DW1_EATS, 2) }, .tweak = ns1ats, .txn = RD(VA), .exp = BAD_STE },
	{ "EATS 0b10 with Config 0b111, S2S 0: legal (§5.2 EATS)", B_NESTED,
	  { M_STE(1, STE_DW1_EATS, 2) }, .txn = RD(VA), .exp = S2_OK },
	{ "EATS 0b01 with S2S 1 and Config 0b110 (§5.2 EATS, v3.1)", B_S2,
	  { M_STE(1, STE_DW1_EATS, 1), M_STE(2, STE_DW2_S2S, 1) }, .txn = RD(IPA), .exp = BAD_STE },
	{ "EATS 0b01 with S2S 1 and Config 0b111 (§5.2 EATS)", B_NESTED,
	  { M_STE(1, STE_DW1_EATS, 1), M_STE(2, STE_DW2_S2S, 1) }, .txn = RD(VA), .exp = BAD_STE },
	{ "EATS 0b01 with S2S 1 is legal when stage 2 is off (§5.2 EATS)", B_S1,
	  { M_STE(1, STE_DW1_EATS, 1), M_STE(2, STE_DW2_S2S, 1) }, .txn = RD(VA), .exp = S1_OK },
	{ "EATS IGNORED when IDR0.ATS 0 (§5.2 EATS)", B_S1,
	  { M_STE(1, STE_DW1_EATS, 2) }, .tweak = ats_off, .txn = RD(VA), .exp = S1_OK },
	{ "EATS 0b11 without IDR3.DPT is reserved, behaves as 0b00, not ILLEGAL (§5.2 EATS)", B_S1,
	  { M_STE(1, STE_DW1_EATS, 3) }, .txn = RD(VA), .exp = S1_OK },
	{ "STRW 0b01 is reserved: ILLEGAL (§5.2 STRW)", B_S1,
	  { M_STE(1, STE_DW1_STRW, 1) }, .txn = RD(VA), .exp = BAD_STE },
	{ "STRW 0b11 is reserved: ILLEGAL (§5.2 STRW)", B_S1,
	  { M_STE(1, STE_DW1_STRW, 3) }, .txn = RD(VA), .exp = BAD_STE },
	{ "STRW is RES0 with IDR0.Hyp 0: not checked (IgnoreSTESTRW)", B_S1,
	  { M_STE(1, STE_DW1_STRW, 1) }, .tweak = hyp_off, .txn = RD(VA), .exp = S1_OK },
	{ "STRW IGNORED with stage 2 enabled (IgnoreSTESTRW)", B_NESTED,
	  { M_STE(1, STE_DW1_STRW, 3) }, .txn = RD(VA), .exp = S2_OK },
	{ "S1STALLD 1 with terminate-only stall model (§5.5)", B_S1,
	  { M_STE(1, STE_DW1_S1STALLD, 1) }, .tweak = stall_term, .txn = RD(VA), .exp = BAD_STE },
	{ "S1STALLD 1 with stall forced (§5.5)", B_S1,
	  { M_STE(1, STE_DW1_S1STALLD, 1), M_CD(0, CD_DW0_S, 1) }, .tweak = stall_force,
	  .txn = RD(VA), .exp = BAD_STE },
	{ "S1STALLD 1 with the stall model 0b00: legal (§5.5)", B_S1,
	  { M_STE(1, STE_DW1_S1STALLD, 1) }, .txn = RD(VA), .exp = S1_OK },
	{ "S1CDMax > IDR1.SSIDSIZE (§5.2 S1CDMax)", B_S1,
	  { M_STE(0, STE_DW0_S1CDMAX, 5) }, .tweak = ssid4, .txn = RD(VA), .exp = BAD_STE },
	{ "S1CDMax IGNORED when IDR1.SSIDSIZE 0 (§5.2 S1CDMax)", B_S1,
	  { M_STE(0, STE_DW0_S1CDMAX, 5) }, .tweak = ssid0, .txn = RD(VA),
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x800abc, .cd_at = CD_PA } },
	{ "S1Fmt 0b01 without IDR0.CD2L (§5.2 S1Fmt)", B_S1,
	  { M_STE(0, STE_DW0_S1FMT, 1), M_STE(0, STE_DW0_S1CDMAX, 4) }, .tweak = no_cd2l,
	  .txn = RD_SSID(VA, 1), .exp = ABORT_EV(0x0000000100001804ULL, 0, 0, 0) },
	{ "S1Fmt 0b10 without IDR0.CD2L (§5.2 S1Fmt)", B_S1,
	  { M_STE(0, STE_DW0_S1FMT, 2), M_STE(0, STE_DW0_S1CDMAX, 4) }, .tweak = no_cd2l,
	  .txn = RD(VA), .exp = BAD_STE },
	{ "S1Fmt IGNORED when S1CDMax 0, even without CD2L (§5.2 S1Fmt)", B_S1,
	  { M_STE(0, STE_DW0_S1FMT, 1) }, .tweak = no_cd2l, .txn = RD(VA), .exp = S1_OK },
	{ "S1Fmt 0b11 without CD2L behaves as linear, legal (§5.2 S1Fmt)", B_S1,
	  { M_STE(0, STE_DW0_S1FMT, 3), M_STE(0, STE_DW0_S1CDMAX, 4),
	    M_STE(0, STE_DW0_S1CONTEXTPTR, 0x210000 >> 6) }, .tweak = no_cd2l,
	  .setup = cd_table, .p = { 0, 0, 0x2100c0 }, .txn = RD_SSID(VA, 3),
	  .exp = { .disp = SN_XLATE_OK, .pa = 0x800abc, .cd_at = 0x2100c0 } },
	{ "S1ContextPtr beyond the OAS, stage 1 only (§3.4.3 case 1, v3.1)", B_S1,
	  { M_STE(0, STE_DW0_S1CONTEXTPTR, 0x1000000000000ULL >> 6) }, .txn = RD(VA),
	  .exp = BAD_STE },
	{ "S1ContextPtr beyond the OAS of 40 bits (§3.4.3 case 1)", B_S1,
	  { M_STE(0, STE_DW0_S1CONTEXTPTR, 0x10000000000ULL >> 6) }, .tweak = oas40,
	  .txn = RD(VA), .exp = BAD_STE },
	{ "S1ContextPtr beyond the IAS, nested: C_BAD_STE (§3.4.3 case 2a, model choice)", B_NESTED,
	  { M_STE(0, STE_DW0_S1CONTEXTPTR, 0x1000000000000ULL >> 6) }, .txn = RD(VA),
	  .exp = BAD_STE },
	{ "S1ContextPtr at the top of the OAS is in range (§5.2 S1ContextPtr)", B_S1,
	  { M_STE(0, STE_DW0_S1CONTEXTPTR, 0xffffffffffc0ULL >> 6) }, .txn = RD(VA),
	  .exp = BAD_CD },
	{ "S2TG 0b11 reserved (§5.2 S2TG)", B_S2, { M_STE(2, STE_DW2_S2TG, 3) },
	  .txn = RD(IPA), .exp = BAD_STE },
	{ "S2TG 64 KB without IDR5.GRAN64K (§5.2 S2TG)", B_S2, { M_STE(2, STE_DW2_S2TG, 1) },
	  .tweak = no_gran64k, .txn = RD(IPA), .exp = BAD_STE },
	{ "S2T0SZ 40 above the maximum 39 (§5.2 S2T0SZ)", B_S2,
	  { M_STE(2, STE_DW2_S2T0SZ, 40), M_STE(2, STE_DW2_S2SL0, 0) }, .txn = RD(IPA),
	  .exp = BAD_STE },
	{ "S2T0SZ 15 below the minimum 16 for 4 KB (§5.2 S2T0SZ)", B_S2,
	  { M_STE(2, STE_DW2_S2T0SZ, 15), M_STE(2, STE_DW2_S2SL0, 2) }, .txn = RD(IPA),
	  .exp = BAD_STE },
	{ "S2T0SZ 25 with S2SL0 0 (level 2) is inconsistent (§5.2 S2SL0)", B_S2,
	  { M_STE(2, STE_DW2_S2SL0, 0) }, .txn = RD(IPA), .exp = BAD_STE },
	{ "S2SL0 0b11 with 4 KB needs IDR3.STT (§5.2 S2SL0)", B_S2,
	  { M_STE(2, STE_DW2_S2SL0, 3) }, .txn = RD(IPA), .exp = BAD_STE },
	{ "S2T0SZ 24, S2SL0 1: two concatenated tables, legal (§5.2 S2SL0)", B_S2,
	  { M_STE(2, STE_DW2_S2T0SZ, 24) }, .txn = RD(IPA), .exp = S2_OK },
	{ "S2TTB beyond the effective S2PS (§5.2 S2TTB)", B_S2,
	  { M_STE(2, STE_DW2_S2PS, 0), M_STE(3, STE_DW3_S2TTB, 0x100000000ULL >> 4) },
	  .txn = RD(IPA), .exp = BAD_STE },
	{ "S2AA64 0: VMSAv8-32 stage 2 not supported (§5.2 S2AA64)", B_S2,
	  { M_STE(2, STE_DW2_S2AA64, 0) }, .txn = RD(IPA), .exp = BAD_STE },
	{ "S2HA 1 without IDR0.HTTU (§5.2 S2HA)", B_S2, { M_STE(2, STE_DW2_S2HA, 1) },
	  .txn = RD(IPA), .exp = BAD_STE },
	{ "S2HD 1 with IDR0.HTTU 0b01 (§5.2 S2HD)", B_S2,
	  { M_STE(2, STE_DW2_S2HA, 1), M_STE(2, STE_DW2_S2HD, 1) }, .tweak = httu_af,
	  .txn = RD(IPA), .exp = BAD_STE },
	{ "S2HA 1 with IDR0.HTTU 0b01: legal (§5.2 S2HA)", B_S2, { M_STE(2, STE_DW2_S2HA, 1) },
	  .tweak = httu_af, .txn = RD(IPA), .exp = S2_OK },
	{ "S2ENDI 1 with little-endian-only IDR0.TTENDIAN (§5.2 S2ENDI)", B_S2,
	  { M_STE(2, STE_DW2_S2ENDI, 1) }, .tweak = le_only, .txn = RD(IPA), .exp = BAD_STE },
	{ "S2ENDI 0 with big-endian-only IDR0.TTENDIAN (§5.2 S2ENDI)", B_S2,
	  .tweak = be_only, .txn = RD(IPA), .exp = BAD_STE },
	{ "S2S 1 with terminate-only stall model (§5.5)", B_S2, { M_STE(2, STE_DW2_S2S, 1) },
	  .tweak = stall_term, .txn = RD(IPA), .exp = BAD_STE },
	{ "S2S 0 with stall forced (§5.5)", B_S2, .tweak = stall_force, .txn = RD(IPA),
	  .exp = BAD_STE },
	{ "S2S 1 with the stall model 0b00: legal (§5.5)", B_S2, { M_STE(2, STE_DW2_S2S, 1) },
	  .txn = RD(IPA), .exp = S2_OK },
	{ "S2VMID[15:8] != 0 with 8-bit VMIDs, Config 0b110 (SteIllegal)", B_S2,
	  { M_STE(2, STE_DW2_S2VMID, 0x100) }, .tweak = vmid8, .txn = RD(IPA), .exp = BAD_STE },
	{ "S2VMID[15:8] != 0 with 8-bit VMIDs, Config 0b101 NS-EL1 (IgnoreSTES2VMID)", B_S1,
	  { M_STE(2, STE_DW2_S2VMID, 0x100) }, .tweak = vmid8, .txn = RD(VA), .exp = BAD_STE },
	{ "S2VMID IGNORED for an EL2 StreamWorld (IgnoreSTES2VMID)", B_S1,
	  { M_STE(2, STE_DW2_S2VMID, 0x100), M_STE(1, STE_DW1_STRW, 2) }, .tweak = vmid8,
	  .txn = RD(VA), .exp = S1_OK },
	{ "S2VMID IGNORED for Config 0b100 (IgnoreSTES2VMID)", B_BYPASS,
	  { M_STE(2, STE_DW2_S2VMID, 0x100) }, .tweak = vmid8, .txn = RD(0x1234),
	  .exp = OK(0x1234) },
	{ "S2DS 1: 52-bit stage 2 not supported (IDR5.DS 0)", B_S2,
	  { M_STE(3, STE_DW3_S2DS, 1) }, .txn = RD(IPA), .exp = BAD_STE },
	{ "S2SL0_2 1 without DS: inconsistent start level (§5.2 S2SL0)", B_S2,
	  { M_STE(3, STE_DW3_S2SL0_2, 1) }, .txn = RD(IPA), .exp = BAD_STE },
	{ "stage-2 fields IGNORED for Config 0b101 (§5.2)", B_S1,
	  { M_STE(2, STE_DW2_S2TG, 3), M_STE(2, STE_DW2_S2AA64, 0) }, .txn = RD(VA),
	  .exp = S1_OK },
	{ "stage-1 fields IGNORED for Config 0b100 (§5.2)", B_BYPASS,
	  { M_STE(0, STE_DW0_S1CDMAX, 31), M_STE(0, STE_DW0_S1FMT, 1) }, .tweak = no_cd2l,
	  .txn = RD(0x1234), .exp = OK(0x1234) },
	{ "Config 0b000: abort without an event (§5.2 Config)", B_BYPASS,
	  { M_STE(0, STE_DW0_CONFIG, 0) }, .txn = RD(0x1234), .exp = SILENT(SN_XLATE_ABORT) },
	{ "Config 0b001 is reserved, behaves as 0b000 (§5.2 Config)", B_BYPASS,
	  { M_STE(0, STE_DW0_CONFIG, 1) }, .txn = RD(0x1234), .exp = SILENT(SN_XLATE_ABORT) },
	{ "Config 0b010 is reserved, behaves as 0b000 (§5.2 Config)", B_BYPASS,
	  { M_STE(0, STE_DW0_CONFIG, 2) }, .txn = RD(0x1234), .exp = SILENT(SN_XLATE_ABORT) },
	{ "Config 0b011 is reserved, behaves as 0b000 (§5.2 Config)", B_NESTED,
	  { M_STE(0, STE_DW0_CONFIG, 3) }, .txn = RD(VA), .exp = SILENT(SN_XLATE_ABORT) },
	{ "Config 0b000 with a SubstreamID: still no event (§7.3.7)", B_BYPASS,
	  { M_STE(0, STE_DW0_CONFIG, 0) }, .txn = RD_SSID(0x1234, 5),
	  .exp = SILENT(SN_XLATE_ABORT) },
};

/* ------------------------------------------------------------------------ */
/* Bypass and STE attribute overrides (IHI0070 §3.4, §5.2 PRIVCFG/INSTCFG)  */

#define ADDR_SIZE_W0 0x0000000100000011ULL
#define BIG 0x1000000000000ULL          /* bit 48: beyond a 48-bit OAS/IAS */

static const struct tcase bypass_cases[] = {
	{ "Config 0b100: the input address is the PA (§3.4)", B_BYPASS,
	  .txn = RD(0x123456789abcULL), .exp = OK(0x123456789abcULL) },
	{ "Config 0b100: input beyond the OAS is a stage-1 F_ADDR_SIZE, CLASS IN (§3.4)", B_BYPASS,
	  .txn = RD(BIG), .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020800000000ULL, BIG, 0) },
	{ "Config 0b100 with a 32-bit OAS (§3.4)", B_BYPASS, .tweak = oas32,
	  .txn = WR(0x100000000ULL),
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020000000000ULL, 0x100000000ULL, 0) },
	{ "Config 0b100: a top-byte tag is not ignored (§3.4.1)", B_BYPASS,
	  .txn = RD(0xff00000000001000ULL),
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020800000000ULL, 0xff00000000001000ULL, 0) },
	{ "Config 0b100 with a SubstreamID: C_BAD_SUBSTREAMID (§5.2 S1Fmt)", B_BYPASS,
	  .txn = RD_SSID(0x1234, 9), .exp = ABORT_EV(0x0000000100009008ULL, 0, 0, 0) },
	{ "no override: PnU and InD as presented (§7.3)", B_BYPASS,
	  .txn = { .sid = 1, .addr = BIG, .priv = true, .instr = true },
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020e00000000ULL, BIG, 0) },
	{ "writes are Data: InD 0 for a write marked instruction (§13.1.2)", B_BYPASS,
	  .txn = { .sid = 1, .addr = BIG, .write = true, .instr = true },
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020000000000ULL, BIG, 0) },
	{ "PRIVCFG 0b11 makes the stream privileged (§5.2 PRIVCFG)", B_BYPASS,
	  { M_STE(1, STE_DW1_PRIVCFG, 3) }, .txn = RD(BIG),
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020a00000000ULL, BIG, 0) },
	{ "PRIVCFG 0b10 makes the stream unprivileged (§5.2 PRIVCFG)", B_BYPASS,
	  { M_STE(1, STE_DW1_PRIVCFG, 2) }, .txn = { .sid = 1, .addr = BIG, .priv = true },
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020800000000ULL, BIG, 0) },
	{ "PRIVCFG 0b01 is reserved and uses the incoming PRIV (§5.2 PRIVCFG)", B_BYPASS,
	  { M_STE(1, STE_DW1_PRIVCFG, 1) }, .txn = { .sid = 1, .addr = BIG, .priv = true },
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020a00000000ULL, BIG, 0) },
	{ "INSTCFG 0b11 makes reads instruction fetches (§5.2 INSTCFG)", B_BYPASS,
	  { M_STE(1, STE_DW1_INSTCFG, 3) }, .txn = RD(BIG),
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020c00000000ULL, BIG, 0) },
	{ "INSTCFG 0b11 leaves writes Data (§5.2 INSTCFG)", B_BYPASS,
	  { M_STE(1, STE_DW1_INSTCFG, 3) }, .txn = WR(BIG),
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020000000000ULL, BIG, 0) },
	{ "INSTCFG 0b10 makes instruction reads Data (§5.2 INSTCFG)", B_BYPASS,
	  { M_STE(1, STE_DW1_INSTCFG, 2) }, .txn = { .sid = 1, .addr = BIG, .instr = true },
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020800000000ULL, BIG, 0) },
	{ "PRIVCFG 0b11 lets an unprivileged read use a privileged-only page (§5.2)", B_S1,
	  { M_STE(1, STE_DW1_PRIVCFG, 3) }, .txn = RD(0x40004abc), .exp = OK(0x803abc) },
};

/* ------------------------------------------------------------------------ */
/* SubstreamID, S1DSS and CD tables (IHI0070 §5.2 S1CDMax/S1DSS/S1Fmt, §5.3)*/

#define LIN4 M_STE(0, STE_DW0_S1CDMAX, 4), M_STE(0, STE_DW0_S1CONTEXTPTR, 0x210000 >> 6)
#define L2_4K(max) M_STE(0, STE_DW0_S1FMT, 1), M_STE(0, STE_DW0_S1CDMAX, max), \
	M_STE(0, STE_DW0_S1CONTEXTPTR, 0x220000 >> 6)
#define L2_64K(max) M_STE(0, STE_DW0_S1FMT, 2), M_STE(0, STE_DW0_S1CDMAX, max), \
	M_STE(0, STE_DW0_S1CONTEXTPTR, 0x220000 >> 6)
#define CD_OK(at) { .disp = SN_XLATE_OK, .pa = 0x800abc, .cd_at = (at) }

static const struct tcase ssid_cases[] = {
	{ "SSV with S1CDMax 0: C_BAD_SUBSTREAMID, no SSV in the record (§7.3.9)", B_S1,
	  .txn = RD_SSID(VA, 0), .exp = ABORT_EV(0x0000000100000008ULL, 0, 0, 0) },
	{ "SSV with stage 1 disabled (Config 0b110): C_BAD_SUBSTREAMID (§7.3.9)", B_S2,
	  .txn = RD_SSID(IPA, 5), .exp = ABORT_EV(0x0000000100005008ULL, 0, 0, 0) },
	{ "SSV with IDR1.SSIDSIZE 0: C_BAD_SUBSTREAMID (§7.3.9)", B_S1, { LIN4 },
	  .tweak = ssid0, .txn = RD_SSID(VA, 3), .exp = ABORT_EV(0x0000000100003008ULL, 0, 0, 0) },
	{ "SSID >= 2^S1CDMax: C_BAD_SUBSTREAMID (§5.2 S1CDMax)", B_S1, { LIN4 },
	  .txn = RD_SSID(VA, 16), .exp = ABORT_EV(0x0000000100010008ULL, 0, 0, 0) },
	{ "SSID 2^S1CDMax - 1 is the last CD of the table (§5.2 S1CDMax)", B_S1, { LIN4 },
	  .setup = cd_table, .p = { 0, 0, 0x2103c0 }, .txn = RD_SSID(VA, 15), .exp = CD_OK(0x2103c0) },
	{ "no SSV, S1DSS 0b00: F_STREAM_DISABLED, StreamID only (§7.3.7)", B_S1, { LIN4 },
	  .txn = RD(VA), .exp = STREAM_DISABLED },
	{ "no SSV, S1DSS 0b11 reserved, behaves as 0b00 (§5.2 S1DSS)", B_S1,
	  { LIN4, M_STE(1, STE_DW1_S1DSS, 3) }, .txn = RD(VA), .exp = STREAM_DISABLED },
	{ "no SSV, S1DSS 0b01: stage 1 bypassed, no CD fetch (§5.2 S1DSS)", B_S1,
	  { LIN4, M_STE(1, STE_DW1_S1DSS, 1) }, .txn = RD(VA),
	  .exp = { .disp = SN_XLATE_OK, .pa = VA, .no_cd = true } },
	{ "no SSV, S1DSS 0b01, nested: the input is an IPA for stage 2 (§5.2 S1DSS)", B_NESTED,
	  { LIN4, M_STE(1, STE_DW1_S1DSS, 1) }, .txn = RD(IPA),
	  .exp = { .disp = SN_XLATE_OK, .pa = 0xa00abc, .no_cd = true } },
	{ "S1DSS 0b01: input beyond the IAS is a stage-1 F_ADDR_SIZE (§3.4)", B_S1,
	  { LIN4, M_STE(1, STE_DW1_S1DSS, 1) }, .txn = RD(BIG),
	  .exp = ABORT_EV(ADDR_SIZE_W0, 0x0000020800000000ULL, BIG, 0) },
	{ "no SSV, S1DSS 0b10: CD 0 is used (§5.2 S1DSS)", B_S1,
	  { LIN4, M_STE(1, STE_DW1_S1DSS, 2) }, .setup = cd_table, .p = { 0, 0, 0x210000 },
	  .txn = RD(VA), .exp = CD_OK(0x210000) },
	{ "SSID 0 with S1DSS 0b10: F_STREAM_DISABLED (§5.2 S1DSS)", B_S1,
	  { LIN4, M_STE(1, STE_DW1_S1DSS, 2) }, .setup = cd_table, .p = { 0, 0, 0x210000 },
	  .txn = RD_SSID(VA, 0), .exp = STREAM_DISABLED },
	{ "SSID 0 with S1DSS 0b00 uses CD 0 (§5.2 S1DSS)", B_S1, { LIN4 },
	  .setup = cd_table, .p = { 0, 0, 0x210000 }, .txn = RD_SSID(VA, 0), .exp = CD_OK(0x210000) },
	{ "S1DSS IGNORED when S1CDMax 0 (§5.2 S1DSS)", B_S1, { M_STE(1, STE_DW1_S1DSS, 0) },
	  .txn = RD(VA), .exp = CD_OK(CD_PA) },
	{ "S1CDMax 0: one CD at S1ContextPtr (§5.2 S1CDMax)", B_S1, .txn = RD(VA),
	  .exp = CD_OK(CD_PA) },
	{ "S1CDMax 20: 2^20 CDs, SSID 0xfffff (§5.2 S1CDMax)", B_S1,
	  { M_STE(0, STE_DW0_S1CDMAX, 20), M_STE(0, STE_DW0_S1CONTEXTPTR, 0x4000000 >> 6) },
	  .setup = cd_table, .p = { 0, 0, 0x7ffffc0 }, .txn = RD_SSID(VA, 0xfffff),
	  .exp = CD_OK(0x7ffffc0) },
	{ "linear CD table: CD at S1ContextPtr + SSID * 64 (§5.2 S1Fmt)", B_S1, { LIN4 },
	  .setup = cd_table, .p = { 0, 0, 0x2100c0 }, .txn = RD_SSID(VA, 3), .exp = CD_OK(0x2100c0) },
	{ "linear CD table: S1ContextPtr[S1CDMax+5:6] RES0 taken as zero (§5.2 S1Fmt)", B_S1,
	  { M_STE(0, STE_DW0_S1CDMAX, 4), M_STE(0, STE_DW0_S1CONTEXTPTR, 0x210040 >> 6) },
	  .setup = cd_table, .p = { 0, 0, 0x2100c0 }, .txn = RD_SSID(VA, 3), .exp = CD_OK(0x2100c0) },
	{ "2-level, 4 KB leaves: L1CD SSID[7:6], CD SSID[5:0] (§5.2 S1Fmt)", B_S1, { L2_4K(8) },
	  .setup = cd_table, .p = { 0x220010, 0x230001, 0x230140 }, .txn = RD_SSID(VA, 0x85),
	  .exp = CD_OK(0x230140) },
	{ "2-level, 4 KB leaves, S1CDMax <= 6: only L1CD 0 (§5.2 S1Fmt)", B_S1, { L2_4K(5) },
	  .setup = cd_table, .p = { 0x220000, 0x230001, 0x2304c0 }, .txn = RD_SSID(VA, 0x13),
	  .exp = CD_OK(0x2304c0) },
	{ "2-level, 4 KB leaves: L1 table aligned to its size (§5.2 S1Fmt)", B_S1,
	  { L2_4K(12), M_STE(0, STE_DW0_S1CONTEXTPTR, 0x220040 >> 6) },
	  .setup = cd_table, .p = { 0x220010, 0x230001, 0x230140 }, .txn = RD_SSID(VA, 0x85),
	  .exp = CD_OK(0x230140) },
	{ "2-level, 64 KB leaves: L1CD SSID[11:10], CD SSID[9:0] (§5.2 S1Fmt)", B_S1, { L2_64K(12) },
	  .setup = cd_table, .p = { 0x220010, 0x240001, 0x240140 }, .txn = RD_SSID(VA, 0x805),
	  .exp = CD_OK(0x240140) },
	{ "2-level, 64 KB leaves, S1CDMax <= 10: only L1CD 0 (§5.2 S1Fmt)", B_S1, { L2_64K(10) },
	  .setup = cd_table, .p = { 0x220000, 0x240001, 0x24ffc0 }, .txn = RD_SSID(VA, 0x3ff),
	  .exp = CD_OK(0x24ffc0) },
	{ "2-level, 64 KB leaves: L1CD.L2Ptr[15:12] RES0 taken as zero (§5.3)", B_S1, { L2_64K(12) },
	  .setup = cd_table, .p = { 0x220010, 0x243001, 0x240140 }, .txn = RD_SSID(VA, 0x805),
	  .exp = CD_OK(0x240140) },
	{ "L1CD.V 0: C_BAD_SUBSTREAMID with the SubstreamID (§5.3.1)", B_S1, { L2_4K(8) },
	  .setup = cd_table, .p = { 0x220010, 0x230000, 0x230140 }, .txn = RD_SSID(VA, 0x85),
	  .exp = ABORT_EV(0x0000000100085008ULL, 0, 0, 0) },
	{ "L1CD.V 0 reached through S1DSS 0b10: SubstreamID 0 recorded (§7.3.9)", B_S1,
	  { L2_4K(8), M_STE(1, STE_DW1_S1DSS, 2) },
	  .setup = cd_table, .p = { 0x220000, 0x230000, 0x230000 }, .txn = RD(VA),
	  .exp = ABORT_EV(0x0000000100000008ULL, 0, 0, 0) },
	{ "L1CD.L2Ptr beyond the OAS: C_BAD_SUBSTREAMID (§3.4.3 case 3)", B_S1, { L2_4K(8) },
	  .setup = cd_table, .p = { 0x220010, 0x1000000000001ULL, 0x230140 },
	  .txn = RD_SSID(VA, 0x85), .exp = ABORT_EV(0x0000000100085008ULL, 0, 0, 0) },
	{ "F_CD_FETCH: abort reading the CD, FetchAddr (§7.3.10)", B_S1,
	  .setup = abort_at, .p = { CD_PA, 8 }, .txn = RD(VA),
	  .exp = ABORT_EV(0x0000000100000009ULL, 0, 0, CD_PA) },
	{ "F_CD_FETCH: abort on CD DW5 reports the CD address (§7.3.10)", B_S1,
	  .setup = abort_at, .p = { CD_PA + 40, 8 }, .txn = RD(VA),
	  .exp = ABORT_EV(0x0000000100000009ULL, 0, 0, CD_PA) },
	{ "F_CD_FETCH: abort reading the L1CD, SSV recorded (§7.3.10)", B_S1, { L2_4K(8) },
	  .setup = cd_table, .p = { 0x220010, 0x230001, 0x230140, 0x220010 },
	  .txn = RD_SSID(VA, 0x85), .exp = ABORT_EV(0x0000000100085809ULL, 0, 0, 0x220010) },
	{ "F_CD_FETCH: abort reading the level-2 CD (§7.3.10)", B_S1, { L2_4K(8) },
	  .setup = cd_table, .p = { 0x220010, 0x230001, 0x230140, 0x230140 },
	  .txn = RD_SSID(VA, 0x85), .exp = ABORT_EV(0x0000000100085809ULL, 0, 0, 0x230140) },
};

/* ------------------------------------------------------------------------ */
/* CD validity: CdIllegal (IHI0070 §5.4.2)                                  */

#define EL2 M_STE(1, STE_DW1_STRW, 2)
#define S1_XLATE_FAULT(a) ABORT_EV(0x0000000100000010ULL, 0x0000020800000000ULL, a, 0)

static const struct tcase cd_cases[] = {
	{ "CD.V 0: C_BAD_CD (§5.4 V)", B_S1, { M_CD(0, CD_DW0_V, 0) }, .txn = RD(VA), .exp = BAD_CD },
	{ "C_BAD_CD records SSV and SubstreamID (§7.3.11)", B_S1,
	  { LIN4, M_CD(0, CD_DW0_V, 0) }, .setup = cd_table, .p = { 0, 0, 0x210080 },
	  .txn = RD_SSID(VA, 2), .exp = ABORT_EV(0x000000010000280aULL, 0, 0, 0) },
	{ "CD.AA64 0: VMSAv8-32 not supported (§5.4 AA64)", B_S1, { M_CD(0, CD_DW0_AA64, 0) },
	  .txn = RD(VA), .exp = BAD_CD },
	{ "CD.S 1 with STE.S1STALLD 1 (§5.5)", B_S1,
	  { M_CD(0, CD_DW0_S, 1), M_STE(1, STE_DW1_S1STALLD, 1) }, .txn = RD(VA), .exp = BAD_CD },
	{ "CD.A 0 with IDR0.TERM_MODEL 1 (§5.5)", B_S1, { M_CD(0, CD_DW0_A, 0) },
	  .tweak = term_model, .txn = RD(VA), .exp = BAD_CD },
	{ "CD.S 1 with terminate-only stall model (§5.5)", B_S1, { M_CD(0, CD_DW0_S, 1) },
	  .tweak = stall_term, .txn = RD(VA), .exp = BAD_CD },
	{ "CD.S 0 with stall forced (§5.5)", B_S1, .tweak = stall_force, .txn = RD(VA),
	  .exp = BAD_CD },
	{ "CD.S 1 with stall forced: legal (§5.5)", B_S1, { M_CD(0, CD_DW0_S, 1) },
	  .tweak = stall_force, .txn = RD(VA), .exp = S1_OK },
	{ "CD.HA 1 without IDR0.HTTU (§5.4 HA)", B_S1, { M_CD(0, CD_DW0_HA, 1) }, .txn = RD(VA),
	  .exp = BAD_CD },
	{ "CD.HD 1 with IDR0.HTTU 0b01 (§5.4 HD)", B_S1,
	  { M_CD(0, CD_DW0_HA, 1), M_CD(0, CD_DW0_HD, 1) }, .tweak = httu_af, .txn = RD(VA),
	  .exp = BAD_CD },
	{ "CD.HA 1 with IDR0.HTTU 0b01: legal (§5.4 HA)", B_S1, { M_CD(0, CD_DW0_HA, 1) },
	  .tweak = httu_af, .txn = RD(VA), .exp = S1_OK },
	{ "CD.ENDI 1 with little-endian-only tables (§5.4 ENDI)", B_S1, { M_CD(0, CD_DW0_ENDI, 1) },
	  .tweak = le_only, .txn = RD(VA), .exp = BAD_CD },
	{ "CD.ENDI 0 with big-endian-only tables (§5.4 ENDI)", B_S1, .tweak = be_only,
	  .txn = RD(VA), .exp = BAD_CD },
	{ "CD.ENDI not checked with both halves disabled: F_TRANSLATION (§5.4.2)", B_S1,
	  { M_CD(0, CD_DW0_ENDI, 1), M_CD(0, CD_DW0_EPD0, 1) }, .tweak = le_only,
	  .txn = RD(VA), .exp = S1_XLATE_FAULT(VA) },
	{ "CD.ASID[15:8] != 0 with 8-bit ASIDs, NS-EL1 (§5.4 ASID)", B_S1,
	  { M_CD(0, CD_DW0_ASID, 0x100) }, .tweak = asid8, .txn = RD(VA), .exp = BAD_CD },
	{ "CD.ASID IGNORED for the any-EL2 StreamWorld (§5.4 ASID)", B_S1,
	  { M_CD(0, CD_DW0_ASID, 0x100), EL2 }, .tweak = asid8, .txn = RD(VA), .exp = S1_OK },
	{ "CD.ASID[15:8] != 0 with 8-bit ASIDs, any-EL2-E2H (§5.4 ASID)", B_S1,
	  { M_CD(0, CD_DW0_ASID, 0x100), EL2 }, .tweak = asid8_e2h, .txn = RD(VA), .exp = BAD_CD },
	{ "CD.DS 1: 52-bit stage 1 not supported (IDR5.DS 0)", B_S1, { M_CD(2, CD_DW2_DS, 1) },
	  .txn = RD(VA), .exp = BAD_CD },
	{ "CD.TG0 0b11 reserved (§5.4 TG0)", B_S1, { M_CD(0, CD_DW0_TG0, 3) }, .txn = RD(VA),
	  .exp = BAD_CD },
	{ "CD.TG0 64 KB without IDR5.GRAN64K (§5.4 TG0)", B_S1, { M_CD(0, CD_DW0_TG0, 1) },
	  .tweak = no_gran64k, .txn = RD(VA), .exp = BAD_CD },
	{ "CD.TG1 0b00 reserved with EPD1 0 (§5.4 TG1)", B_S1,
	  { M_CD(0, CD_DW0_EPD1, 0), M_CD(0, CD_DW0_T1SZ, 25), M_CD(2, CD_DW2_TTB1, S1_L1 >> 4) },
	  .txn = RD(VA), .exp = BAD_CD },
	{ "CD.TG1 0b10 is 4 KB: legal with EPD1 0 (§5.4 TG1)", B_S1,
	  { M_CD(0, CD_DW0_EPD1, 0), M_CD(0, CD_DW0_T1SZ, 25), M_CD(0, CD_DW0_TG1, 2),
	    M_CD(2, CD_DW2_TTB1, S1_L1 >> 4) }, .txn = RD(VA), .exp = S1_OK },
	{ "CD.T0SZ 40 above the maximum 39 (§5.4 T0SZ)", B_S1, { M_CD(0, CD_DW0_T0SZ, 40) },
	  .txn = RD(VA), .exp = BAD_CD },
	{ "CD.T0SZ 15 below the minimum 16 (§5.4 T0SZ)", B_S1, { M_CD(0, CD_DW0_T0SZ, 15) },
	  .txn = RD(VA), .exp = BAD_CD },
	{ "CD.T0SZ not checked when EPD0 1: F_TRANSLATION (§5.4.1.1)", B_S1,
	  { M_CD(0, CD_DW0_T0SZ, 40), M_CD(0, CD_DW0_EPD0, 1) }, .txn = RD(VA),
	  .exp = S1_XLATE_FAULT(VA) },
	{ "CD.TTB0 beyond the effective IPS (§5.4 TTB0)", B_S1,
	  { M_CD(0, CD_DW0_IPS, 0), M_CD(1, CD_DW1_TTB0, 0x100000000ULL >> 4) }, .txn = RD(VA),
	  .exp = BAD_CD },
	{ "CD.IPS 32 bits with tables below 4 GB: legal (§5.4 IPS)", B_S1,
	  { M_CD(0, CD_DW0_IPS, 0) }, .txn = RD(VA), .exp = S1_OK },
	{ "any-EL2: CD.EPD0 IGNORED, TTB0 walked (§5.4 EPD0)", B_S1,
	  { EL2, M_CD(0, CD_DW0_EPD0, 1) }, .txn = RD(VA), .exp = S1_OK },
	{ "any-EL2: VA[55] 1 has no TTB1: F_TRANSLATION (§5.4 TTB1)", B_S1, { EL2 },
	  .txn = RD(0xffffffffc0000000ULL), .exp = S1_XLATE_FAULT(0xffffffffc0000000ULL) },
};

/* ------------------------------------------------------------------------ */
/* Translation, faults and A/R/S (IHI0070 §3.4, §3.12, §5.5, §7.3.12-16)    */

#define T_W0 0x0000000100000010ULL      /* F_TRANSLATION, SID 1 */
#define AS_W0 0x0000000100000011ULL
#define AF_W0 0x0000000100000012ULL
#define PERM_W0 0x0000000100000013ULL
#define EABT_W0 0x000000010000000bULL
#define S1_RD_IN 0x0000020800000000ULL  /* RnW, CLASS IN */
#define S1_WR_IN 0x0000020000000000ULL  /* CLASS IN */
#define S2_RD_IN 0x0000028800000000ULL  /* RnW, S2, CLASS IN */
#define S2_WR_IN 0x0000028000000000ULL
#define S2_RD_CD 0x0000008800000000ULL  /* RnW, S2, CLASS CD */
#define S2_RD_TT 0x0000018800000000ULL  /* RnW, S2, CLASS TT */
#define S1_RD_TT 0x0000010800000000ULL  /* RnW, CLASS TT */
#define STALL    0x0000000080000000ULL
#define TTRNW    0x0000100000000000ULL

static const struct tcase xlate_cases[] = {
	{ "stage 1 only: VA to PA through TTB0 (§3.4)", B_S1, .txn = RD(VA), .exp = S1_OK },
	{ "stage 1 only: write to a read/write page", B_S1, .txn = WR(VA), .exp = S1_OK },
	{ "stage 2 only: IPA to PA (§3.4)", B_S2, .txn = RD(IPA), .exp = S2_OK },
	{ "nested: VA to IPA to PA, tables and CD in IPA space (§5.4.1)", B_NESTED,
	  .txn = RD(VA), .exp = S2_OK },
	{ "stage 1: invalid descriptor, F_TRANSLATION S2 0 CLASS IN (§7.3.13)", B_S1,
	  .txn = RD(0x40001abc), .exp = S1_XLATE_FAULT(0x40001abc) },
	{ "stage 1: VA outside the T0SZ range, F_TRANSLATION (§3.4 check 1)", B_S1,
	  .txn = RD(0x8000000000ULL), .exp = S1_XLATE_FAULT(0x8000000000ULL) },
	{ "stage 1: write to a read-only page, F_PERMISSION (§7.3.16)", B_S1,
	  .txn = WR(0x40002abc), .exp = ABORT_EV(PERM_W0, S1_WR_IN, 0x40002abc, 0) },
	{ "stage 1: AF 0, F_ACCESS (§7.3.15)", B_S1,
	  .txn = RD(0x40003abc), .exp = ABORT_EV(AF_W0, S1_RD_IN, 0x40003abc, 0) },
	{ "stage 1: unprivileged read of a privileged page, F_PERMISSION (§7.3.16)", B_S1,
	  .txn = RD(0x40004abc), .exp = ABORT_EV(PERM_W0, S1_RD_IN, 0x40004abc, 0) },
	{ "stage 1: privileged read of a privileged page", B_S1,
	  .txn = { .sid = 1, .addr = 0x40004abc, .priv = true }, .exp = OK(0x803abc) },
	{ "stage 1: abort on a descriptor, F_WALK_EABT S2 0 CLASS TT (§7.3.12)", B_S1,
	  .setup = abort_at, .p = { S1_L3, 0x1000 }, .txn = RD(VA),
	  .exp = ABORT_EV(EABT_W0, S1_RD_TT, VA, S1_L3) },
	{ "stage 2: unmapped IPA, F_TRANSLATION S2 1 CLASS IN with IPA (§7.3.13)", B_S2,
	  .txn = RD(0x600abc), .exp = ABORT_EV(T_W0, S2_RD_IN, 0x600abc, 0x600000) },
	{ "stage 2: write to a read-only block, F_PERMISSION (§7.3.16)", B_S2,
	  .txn = WR(0xa00abc), .exp = ABORT_EV(PERM_W0, S2_WR_IN, 0xa00abc, 0xa00000) },
	{ "stage 2: AF 0, F_ACCESS (§7.3.15)", B_S2,
	  .txn = RD(0x1000abc), .exp = ABORT_EV(AF_W0, S2_RD_IN, 0x1000abc, 0x1000000) },
	{ "stage 2: IPA beyond S2T0SZ, F_TRANSLATION (§3.4 stage 2 check 1)", B_S2,
	  .txn = RD(0x8000000000ULL),
	  .exp = ABORT_EV(T_W0, S2_RD_IN, 0x8000000000ULL, 0x8000000000ULL) },
	{ "stage 2 only: input beyond the IAS is a stage-1 F_ADDR_SIZE (§3.4)", B_S2,
	  .txn = RD(BIG), .exp = ABORT_EV(AS_W0, S1_RD_IN, BIG, 0) },
	{ "nested: final IPA unmapped, stage-2 F_TRANSLATION CLASS IN (§7.3.13)", B_NESTED,
	  .txn = RD(0x40005abc), .exp = ABORT_EV(T_W0, S2_RD_IN, 0x40005abc, 0x600000) },
	{ "nested: stage 2 denies the write of a writable stage-1 page (§7.3.16)", B_NESTED,
	  .txn = WR(0x40006abc), .exp = ABORT_EV(PERM_W0, S2_WR_IN, 0x40006abc, 0xa00000) },
	{ "nested: stage-1 table IPA unmapped, stage-2 F_TRANSLATION CLASS TT (§7.3.13)",
	  B_NESTED, { M_CD(1, CD_DW1_TTB0, 0x600000 >> 4) }, .txn = RD(VA),
	  .exp = ABORT_EV(T_W0, S2_RD_TT, VA, 0x600000) },
	{ "nested: stage 2 denies a table read, F_PERMISSION CLASS TT TTRnW 1 (§7.3.16)",
	  B_NESTED, { M_CD(1, CD_DW1_TTB0, 0xc00000 >> 4) }, .txn = RD(VA),
	  .exp = ABORT_EV(PERM_W0, S2_RD_TT | TTRNW, VA, 0xc00000) },
	{ "nested: abort on a stage-2 descriptor for a table, F_WALK_EABT S2 1 CLASS TT (§7.3.12)",
	  B_NESTED, { M_CD(1, CD_DW1_TTB0, 0x600000 >> 4) }, .setup = abort_at,
	  .p = { S2_L2 + 3 * 8, 8 }, .txn = RD(VA),
	  .exp = ABORT_EV(EABT_W0, S2_RD_TT, VA, S2_L2 + 3 * 8) },
	{ "nested: abort on the stage-1 descriptor itself, F_WALK_EABT S2 0 CLASS TT (§7.3.12)",
	  B_NESTED, .setup = abort_at, .p = { S1_L3, 8 }, .txn = RD(VA),
	  .exp = ABORT_EV(EABT_W0, S1_RD_TT, VA, S1_L3) },
	{ "nested CD fetch: CD IPA unmapped, stage-2 F_TRANSLATION CLASS CD (§7.3.13)", B_NESTED,
	  { M_STE(0, STE_DW0_S1CONTEXTPTR, 0x600000 >> 6) }, .txn = RD(VA),
	  .exp = ABORT_EV(T_W0, S2_RD_CD, VA, 0x600000) },
	{ "nested CD fetch: L1CD IPA unmapped, CLASS CD with the L1CD IPA (§7.3.13)", B_NESTED,
	  { M_STE(0, STE_DW0_S1FMT, 1), M_STE(0, STE_DW0_S1CDMAX, 8),
	    M_STE(0, STE_DW0_S1CONTEXTPTR, 0x600000 >> 6) }, .txn = RD_SSID(VA, 0x85),
	  .exp = ABORT_EV(0x0000000100085810ULL, S2_RD_CD, VA, 0x600000) },
	{ "nested CD fetch: L1CD.L2Ptr is an IPA (§5.2 S1Fmt)", B_NESTED, { L2_4K(8) },
	  .setup = cd_table, .p = { 0x220010, 0x230001, 0x230140 }, .txn = RD_SSID(VA, 0x85),
	  .exp = { .disp = SN_XLATE_OK, .pa = 0xa00abc, .cd_at = 0x230140 } },
	{ "nested CD fetch: L1CD.L2Ptr beyond the IAS, C_BAD_SUBSTREAMID (§3.4.3 case 4a)",
	  B_NESTED, { L2_4K(8) }, .setup = cd_table,
	  .p = { 0x220010, 0x1000000000001ULL, 0x230140 }, .txn = RD_SSID(VA, 0x85),
	  .exp = ABORT_EV(0x0000000100085008ULL, 0, 0, 0) },
	{ "nested CD fetch: stage 2 grants no read, F_PERMISSION CLASS CD (§7.3.16)", B_NESTED,
	  { M_STE(0, STE_DW0_S1CONTEXTPTR, 0xc00000 >> 6) }, .txn = RD(VA),
	  .exp = ABORT_EV(PERM_W0, S2_RD_CD, VA, 0xc00000) },
	{ "nested CD fetch: S2PTW 1 and Device memory, F_PERMISSION CLASS CD (§5.2 S2PTW)",
	  B_NESTED, { M_STE(0, STE_DW0_S1CONTEXTPTR, 0xe00000 >> 6), M_STE(2, STE_DW2_S2PTW, 1) },
	  .txn = RD(VA), .exp = ABORT_EV(PERM_W0, S2_RD_CD, VA, 0xe00000) },
	{ "nested CD fetch: Device memory allowed with S2PTW 0 (§5.2 S2PTW)", B_NESTED,
	  { M_STE(0, STE_DW0_S1CONTEXTPTR, 0xe00000 >> 6) }, .txn = RD(VA), .exp = BAD_CD },
	{ "nested CD fetch: abort on a stage-2 descriptor, F_WALK_EABT S2 1 CLASS CD (§7.3.12)",
	  B_NESTED, { M_STE(0, STE_DW0_S1CONTEXTPTR, 0x600000 >> 6) }, .setup = abort_at,
	  .p = { S2_L2 + 3 * 8, 8 }, .txn = RD(VA),
	  .exp = ABORT_EV(EABT_W0, S2_RD_CD, VA, S2_L2 + 3 * 8) },
	{ "nested CD fetch: abort on the CD's PA, F_CD_FETCH (§7.3.10)", B_NESTED,
	  .setup = abort_at, .p = { CD_PA, 8 }, .txn = RD(VA),
	  .exp = ABORT_EV(0x0000000100000009ULL, 0, 0, CD_PA) },
	{ "nested CD fetch: S2S 1 stalls a CLASS CD fault (§3.12.2.3)", B_NESTED,
	  { M_STE(0, STE_DW0_S1CONTEXTPTR, 0x600000 >> 6), M_STE(2, STE_DW2_S2S, 1) },
	  .txn = RD(VA), .exp = EV(SN_XLATE_STALL, T_W0, S2_RD_CD | STALL, VA, 0x600000) },
	{ "nested CD fetch: S2R 0 aborts a CLASS CD fault silently (§5.5)", B_NESTED,
	  { M_STE(0, STE_DW0_S1CONTEXTPTR, 0x600000 >> 6), M_STE(2, STE_DW2_S2R, 0) },
	  .txn = RD(VA), .exp = SILENT(SN_XLATE_ABORT) },
	{ "stage 1 A 1 R 0: abort, no record (§5.5)", B_S1, { M_CD(0, CD_DW0_R, 0) },
	  .txn = RD(0x40001abc), .exp = SILENT(SN_XLATE_ABORT) },
	{ "stage 1 A 0 R 1: RAZ/WI and record (§5.5)", B_S1, { M_CD(0, CD_DW0_A, 0) },
	  .txn = RD(0x40001abc), .exp = EV(SN_XLATE_RAZWI, T_W0, S1_RD_IN, 0x40001abc, 0) },
	{ "stage 1 A 0 R 0: RAZ/WI silently (§5.5)", B_S1,
	  { M_CD(0, CD_DW0_A, 0), M_CD(0, CD_DW0_R, 0) }, .txn = WR(0x40001abc),
	  .exp = SILENT(SN_XLATE_RAZWI) },
	{ "stage 1 S 1: stall and record, R ignored (§5.5)", B_S1,
	  { M_CD(0, CD_DW0_S, 1), M_CD(0, CD_DW0_R, 0) }, .txn = RD(0x40001abc),
	  .exp = EV(SN_XLATE_STALL, T_W0, S1_RD_IN | STALL, 0x40001abc, 0) },
	{ "stage 1 S 1 with A 0: stall wins (§5.5)", B_S1,
	  { M_CD(0, CD_DW0_S, 1), M_CD(0, CD_DW0_A, 0) }, .txn = WR(0x40002abc),
	  .exp = EV(SN_XLATE_STALL, PERM_W0, S1_WR_IN | STALL, 0x40002abc, 0) },
	{ "F_WALK_EABT ignores A/R/S: abort and record with A 0 R 0 (§5.5)", B_S1,
	  { M_CD(0, CD_DW0_A, 0), M_CD(0, CD_DW0_R, 0) }, .setup = abort_at,
	  .p = { S1_L3, 0x1000 }, .txn = RD(VA), .exp = ABORT_EV(EABT_W0, S1_RD_TT, VA, S1_L3) },
	{ "stage 2 S2R 0: abort, no record (§5.5)", B_S2, { M_STE(2, STE_DW2_S2R, 0) },
	  .txn = RD(0x600abc), .exp = SILENT(SN_XLATE_ABORT) },
	{ "stage 2 S2S 1: stall and record, S2R ignored (§5.5)", B_S2,
	  { M_STE(2, STE_DW2_S2S, 1), M_STE(2, STE_DW2_S2R, 0) }, .txn = RD(0x600abc),
	  .exp = EV(SN_XLATE_STALL, T_W0, S2_RD_IN | STALL, 0x600abc, 0x600000) },
	{ "stage-2 fault under CD.A 0: implicit A 1, abort (§5.5)", B_NESTED,
	  { M_CD(0, CD_DW0_A, 0), M_CD(0, CD_DW0_R, 0) }, .txn = RD(0x40005abc),
	  .exp = ABORT_EV(T_W0, S2_RD_IN, 0x40005abc, 0x600000) },
	{ "stage-1 fault in a nested stream follows CD.R, not S2R (§5.5)", B_NESTED,
	  { M_CD(0, CD_DW0_R, 0) }, .txn = RD(0x40001abc), .exp = SILENT(SN_XLATE_ABORT) },
	{ "stage-1 bypass F_ADDR_SIZE always aborts and records, S2R 0 (§3.12)", B_S2,
	  { M_STE(2, STE_DW2_S2R, 0), M_STE(2, STE_DW2_S2S, 1) }, .txn = RD(BIG),
	  .exp = ABORT_EV(AS_W0, S1_RD_IN, BIG, 0) },
};

/* ------------------------------------------------------------------------ */
/* ATS (IHI0070 §3.9.1, §5.2 EATS, §13.6, §13.7)                            */

#define TREQ_W0 0x0000000100000005ULL
#define FORBID_W0 0x0000000100000007ULL
#define EATS(v) M_STE(1, STE_DW1_EATS, v)
#define ATS_OK(p_, g) { .disp = SN_XLATE_OK, .pa = (p_), .grant = (g) }
#define ATS_NONE { .disp = SN_XLATE_OK, .any_pa = true, .grant = 0 }
#define R SN_ATS_R
#define W SN_ATS_W

static const struct tcase ats_cases[] = {
	{ "TR with EATS 0b00: UR and F_BAD_ATS_TREQ, InputAddr[63:12] (§7.3.6)", B_S1,
	  .txn = TREQ(VA), .exp = EV(SN_XLATE_ATS_UR, TREQ_W0, 0, 0x40000000, 0) },
	{ "TR with EATS 0b00 records SSV and SubstreamID (§7.3.6)", B_S1,
	  .txn = { .sid = 1, .addr = VA, .ssv = true, .ssid = 3, .kind = SN_TXN_ATS_REQUEST },
	  .exp = EV(SN_XLATE_ATS_UR, 0x0000000100003805ULL, 0, 0x40000000, 0) },
	{ "TR to Config 0b100: UR and F_BAD_ATS_TREQ (§3.9.1.2)", B_BYPASS, { EATS(1) },
	  .txn = TREQ(0x1234), .exp = EV(SN_XLATE_ATS_UR, TREQ_W0, 0, 0x1000, 0) },
	{ "TR to Config 0b000: UR, no event (§3.9.1.2)", B_BYPASS,
	  { M_STE(0, STE_DW0_CONFIG, 0), EATS(1) }, .txn = TREQ(0x1234),
	  .exp = SILENT(SN_XLATE_ATS_UR) },
	{ "TR to an STE with V 0: CA, no event (§5.2 V)", B_S1, { M_STE(0, STE_DW0_V, 0) },
	  .txn = TREQ(VA), .exp = SILENT(SN_XLATE_ATS_CA) },
	{ "TR to an ILLEGAL STE: CA, no C_BAD_STE (§3.9.1.2)", B_S1, { EATS(1) },
	  .tweak = no_s1p, .txn = TREQ(VA), .exp = SILENT(SN_XLATE_ATS_CA) },
	{ "TR with an out-of-range StreamID: CA, no event (§3.9.1.2)", B_S1,
	  .txn = { .sid = 0x100, .addr = VA, .kind = SN_TXN_ATS_REQUEST },
	  .exp = SILENT(SN_XLATE_ATS_CA) },
	{ "TR with EATS 0b11 and no DPT: as 0b00, UR (§5.2 EATS)", B_S1, { EATS(3) },
	  .txn = TREQ(VA), .exp = EV(SN_XLATE_ATS_UR, TREQ_W0, 0, 0x40000000, 0) },
	{ "TR with EATS 0b10 and ATSCHK 0: as 0b00, UR (§5.2 EATS)", B_NESTED, { EATS(2) },
	  .txn = TREQ(VA), .exp = EV(SN_XLATE_ATS_UR, TREQ_W0, 0, 0x40000000, 0) },
	{ "TR, full ATS, stage 1: PA with R and W (§13.7.1)", B_S1, { EATS(1) },
	  .txn = TREQ_W(VA), .exp = ATS_OK(0x800abc, R | W) },
	{ "TR, full ATS: a read-only page grants R only (§13.7.1)", B_S1, { EATS(1) },
	  .txn = TREQ_W(0x40002abc), .exp = ATS_OK(0x801abc, R) },
	{ "TR, full ATS: W granted even with NW 1 on a writable page (§13.7.1)", B_S1, { EATS(1) },
	  .txn = TREQ(VA), .exp = ATS_OK(0x800abc, R | W) },
	{ "TR, full ATS, nested: the final PA, permissions of both stages (§13.6)", B_NESTED,
	  { EATS(1) }, .txn = TREQ_W(0x40006abc), .exp = ATS_OK(0xa00abc, R) },
	{ "TR, split-stage ATS: the IPA is returned (§13.6.3)", B_NESTED, { EATS(2) },
	  .tweak = atschk, .txn = TREQ_W(VA), .exp = ATS_OK(0x800abc, R | W) },
	{ "TR translation fault: Success with R == W == 0, no event (§3.9.1.2)", B_S1, { EATS(1) },
	  .txn = TREQ_W(0x40001abc), .exp = ATS_NONE },
	{ "TR permission fault: no permission granted, no event (§3.9.1.2)", B_S1, { EATS(1) },
	  .txn = TREQ_W(0x40004abc), .exp = ATS_NONE },
	{ "TR with PRIVCFG privileged: the privileged permissions (§13.7.1)", B_S1,
	  { EATS(1), M_STE(1, STE_DW1_PRIVCFG, 3) }, .txn = TREQ_W(0x40004abc),
	  .exp = ATS_OK(0x803abc, R | W) },
	{ "TR with PASID, Exe, unprivileged: X granted (§13.7.1)", B_S1,
	  { EATS(1), LIN4, M_STE(0, STE_DW0_S1CDMAX, 1) }, .setup = two_cds,
	  .txn = { .sid = 1, .addr = VA, .ssv = true, .ssid = 1, .instr = true,
		   .kind = SN_TXN_ATS_REQUEST },
	  .exp = ATS_OK(0x800abc, R | W | SN_ATS_X) },
	{ "TR with PASID, Exe, privileged: no X on a user-writable page (§13.7.1)", B_S1,
	  { EATS(1), LIN4, M_STE(0, STE_DW0_S1CDMAX, 1) }, .setup = two_cds,
	  .txn = { .sid = 1, .addr = VA, .ssv = true, .ssid = 1, .instr = true, .priv = true,
		   .kind = SN_TXN_ATS_REQUEST },
	  .exp = ATS_OK(0x800abc, R | W) },
	{ "TR without PASID: Exe and Priv are not requested (§13.7)", B_S1, { EATS(1) },
	  .txn = { .sid = 1, .addr = 0x40004abc, .instr = true, .priv = true,
		   .kind = SN_TXN_ATS_REQUEST }, .exp = ATS_NONE },
	{ "TR: stage-2 fault on a CD fetch gives R == W == 0 (§3.9.1.2)", B_NESTED,
	  { EATS(1), M_STE(0, STE_DW0_S1CONTEXTPTR, 0x600000 >> 6) }, .txn = TREQ(VA),
	  .exp = ATS_NONE },
	{ "TR: F_CD_FETCH condition gives CA, no event (§3.9.1.2)", B_S1, { EATS(1) },
	  .setup = abort_at, .p = { CD_PA, 8 }, .txn = TREQ(VA), .exp = SILENT(SN_XLATE_ATS_CA) },
	{ "TR: C_BAD_CD condition gives CA, no event (§3.9.1.2)", B_S1,
	  { EATS(1), M_CD(0, CD_DW0_V, 0) }, .txn = TREQ(VA), .exp = SILENT(SN_XLATE_ATS_CA) },
	{ "TR: F_WALK_EABT condition gives CA, no event (§3.9.1.2)", B_S1, { EATS(1) },
	  .setup = abort_at, .p = { S1_L3, 0x1000 }, .txn = TREQ(VA),
	  .exp = SILENT(SN_XLATE_ATS_CA) },
	{ "TR: F_STREAM_DISABLED condition gives CA, no event (§3.9.1.2)", B_S1,
	  { EATS(1), LIN4 }, .txn = TREQ(VA), .exp = SILENT(SN_XLATE_ATS_CA) },
	{ "TR: C_BAD_SUBSTREAMID condition gives CA, no event (§3.9.1.2)", B_S1, { EATS(1) },
	  .txn = { .sid = 1, .addr = VA, .ssv = true, .ssid = 1, .kind = SN_TXN_ATS_REQUEST },
	  .exp = SILENT(SN_XLATE_ATS_CA) },
	{ "TR with S1DSS bypass, stage 1 only: identity, R and W (§13.6.4)", B_S1,
	  { EATS(1), LIN4, M_STE(1, STE_DW1_S1DSS, 1) }, .txn = TREQ(VA),
	  .exp = ATS_OK(VA, R | W) },
	{ "TR with CD.A 0 and CD.S 1: faults still answer R == W == 0 (§5.5)", B_S1,
	  { EATS(1), M_CD(0, CD_DW0_A, 0), M_CD(0, CD_DW0_S, 1) }, .txn = TREQ(0x40001abc),
	  .exp = ATS_NONE },
	{ "Translated, ATSCHK 0: bypass without any check (§3.9.1)", B_NONE,
	  .txn = { .sid = 0x100, .addr = 0x123456, .kind = SN_TXN_ATS_TRANSLATED },
	  .exp = OK(0x123456) },
	{ "Translated, ATSCHK 0, beyond the OAS: abort, no event (§3.9.1.1, IMPL DEF)", B_BYPASS,
	  .txn = TXLATED(BIG), .exp = SILENT(SN_XLATE_ABORT) },
	{ "Translated, ATSCHK 1, EATS 0b00: F_TRANSL_FORBIDDEN (§7.3.8)", B_S1, .tweak = atschk,
	  .txn = TXLATED(0x800abc),
	  .exp = ABORT_EV(FORBID_W0, 0x0000000800000000ULL, 0x800abc, 0) },
	{ "Translated write, ATSCHK 1, EATS 0b00: F_TRANSL_FORBIDDEN RnW 0 (§7.3.8)", B_S1,
	  .tweak = atschk, .txn = { .sid = 1, .addr = 0x800abc, .write = true, .ssv = true,
				    .ssid = 4, .kind = SN_TXN_ATS_TRANSLATED },
	  .exp = ABORT_EV(FORBID_W0, 0, 0x800abc, 0) },
	{ "Translated, ATSCHK 1, Config 0b100: F_TRANSL_FORBIDDEN (§7.3.8)", B_BYPASS,
	  { EATS(1) }, .tweak = atschk, .txn = TXLATED(0x800abc),
	  .exp = ABORT_EV(FORBID_W0, 0x0000000800000000ULL, 0x800abc, 0) },
	{ "Translated, ATSCHK 1, full ATS: bypass (§5.2 EATS)", B_S1, { EATS(1) },
	  .tweak = atschk, .txn = TXLATED(0x800abc), .exp = OK(0x800abc) },
	{ "Translated, ATSCHK 1, STE V 0: abort, no event (§3.9.1.3)", B_S1,
	  { M_STE(0, STE_DW0_V, 0) }, .tweak = atschk, .txn = TXLATED(0x800abc),
	  .exp = SILENT(SN_XLATE_ABORT) },
	{ "Translated, ATSCHK 1, bad StreamID: abort, no event (§3.9.1.3)", B_S1,
	  .tweak = atschk, .txn = { .sid = 0x100, .addr = 1, .kind = SN_TXN_ATS_TRANSLATED },
	  .exp = SILENT(SN_XLATE_ABORT) },
	{ "Translated, ATSCHK 1, Config 0b000: abort, no event (§3.9.1.3)", B_S1,
	  { M_STE(0, STE_DW0_CONFIG, 0) }, .tweak = atschk, .txn = TXLATED(0x800abc),
	  .exp = SILENT(SN_XLATE_ABORT) },
	{ "Translated, ATSCHK 1, split-stage: the IPA goes through stage 2 (§13.6.3)", B_NESTED,
	  { EATS(2) }, .tweak = atschk, .txn = TXLATED(0x800abc), .exp = S2_OK },
	{ "Translated, split-stage, stage-2 fault: recorded as usual, SSV 0 (§3.9.1.3)", B_NESTED,
	  { EATS(2) }, .tweak = atschk,
	  .txn = { .sid = 1, .addr = 0x600abc, .ssv = true, .ssid = 5, .priv = true,
		   .kind = SN_TXN_ATS_TRANSLATED },
	  .exp = ABORT_EV(T_W0, S2_RD_IN, 0x600abc, 0x600000) },
	{ "Translated, split-stage: PRIVCFG applies before stage 2 (§13.7)", B_NESTED,
	  { EATS(2), M_STE(1, STE_DW1_PRIVCFG, 3) }, .tweak = atschk, .txn = TXLATED(0x600abc),
	  .exp = ABORT_EV(T_W0, S2_RD_IN | 0x0000000200000000ULL, 0x600abc, 0x600000) },
};

/* ------------------------------------------------------------------------ */
/* Event records (IHI0070 §7.3; arch.md §5.2)                               */

struct enc_case {
	const char *rule;
	struct sn_event e;
	u64 w[4];
};

/* Every field set, so only the ones a type defines may reach the record. */
#define FULL(t) { .type = (t), .sid = 0x1234, .ssv = true, .ssid = 0xabcde, .stall = true, \
	.stag = 0x5a5a, .pnu = true, .ind = true, .rnw = true, .s2 = true, .class = 2, \
	.ttrnw = true, .input_addr = 0xfedcba9876543210ULL, .ipa = 0x00ffffffffffffffULL, \
	.fetch_addr = 0x00ffffffffffffffULL }
#define IN_ADDR 0xfedcba9876543210ULL
#define FETCH 0x00fffffffffffff8ULL     /* FetchAddr[55:3] */
#define IPA55 0x00fffffffffff000ULL     /* IPA[55:12] */

static const struct enc_case enc_cases[] = {
	{ "F_UUT: SSV, SSID, PnU/InD/RnW, InputAddr (§7.3.2)", FULL(EVT_F_UUT),
	  { 0x00001234abcde801ULL, 0x0000000e00000000ULL, IN_ADDR, 0 } },
	{ "C_BAD_STREAMID: SID, SSV, SSID only (§7.3.3)", FULL(EVT_C_BAD_STREAMID),
	  { 0x00001234abcde802ULL, 0, 0, 0 } },
	{ "F_STE_FETCH: FetchAddr[55:3] in DW3 (§7.3.4)", FULL(EVT_F_STE_FETCH),
	  { 0x00001234abcde803ULL, 0, 0, FETCH } },
	{ "C_BAD_STE: SID, SSV, SSID only (§7.3.5)", FULL(EVT_C_BAD_STE),
	  { 0x00001234abcde804ULL, 0, 0, 0 } },
	{ "F_BAD_ATS_TREQ: InputAddr[63:12] (§7.3.6)", FULL(EVT_F_BAD_ATS_TREQ),
	  { 0x00001234abcde805ULL, 0, 0xfedcba9876543000ULL, 0 } },
	{ "F_STREAM_DISABLED: StreamID only (§7.3.7)", FULL(EVT_F_STREAM_DISABLED),
	  { 0x0000123400000006ULL, 0, 0, 0 } },
	{ "F_TRANSL_FORBIDDEN: SID, RnW, InputAddr (§7.3.8)", FULL(EVT_F_TRANSL_FORBIDDEN),
	  { 0x0000123400000007ULL, 0x0000000800000000ULL, IN_ADDR, 0 } },
	{ "C_BAD_SUBSTREAMID: SubstreamID without SSV (§7.3.9)", FULL(EVT_C_BAD_SUBSTREAMID),
	  { 0x00001234abcde008ULL, 0, 0, 0 } },
	{ "F_CD_FETCH: FetchAddr[55:3] in DW3 (§7.3.10)", FULL(EVT_F_CD_FETCH),
	  { 0x00001234abcde809ULL, 0, 0, FETCH } },
	{ "C_BAD_CD: SID, SSV, SSID only (§7.3.11)", FULL(EVT_C_BAD_CD),
	  { 0x00001234abcde80aULL, 0, 0, 0 } },
	{ "F_WALK_EABT: attributes, S2, CLASS, InputAddr, FetchAddr; no Stall (§7.3.12)",
	  FULL(EVT_F_WALK_EABT),
	  { 0x00001234abcde80bULL, 0x0000028e00000000ULL, IN_ADDR, FETCH } },
	{ "F_TRANSLATION: STAG, Stall, attributes, S2, CLASS, InputAddr, IPA (§7.3.13)",
	  FULL(EVT_F_TRANSLATION),
	  { 0x00001234abcde810ULL, 0x0000028e80005a5aULL, IN_ADDR, IPA55 } },
	{ "F_ADDR_SIZE: as F_TRANSLATION (§7.3.14)", FULL(EVT_F_ADDR_SIZE),
	  { 0x00001234abcde811ULL, 0x0000028e80005a5aULL, IN_ADDR, IPA55 } },
	{ "F_ACCESS: as F_TRANSLATION (§7.3.15)", FULL(EVT_F_ACCESS),
	  { 0x00001234abcde812ULL, 0x0000028e80005a5aULL, IN_ADDR, IPA55 } },
	{ "F_PERMISSION, CLASS IN: TTRnW not written (§7.3.16)", FULL(EVT_F_PERMISSION),
	  { 0x00001234abcde813ULL, 0x0000028e80005a5aULL, IN_ADDR, IPA55 } },
	{ "F_TLB_CONFLICT: attributes, S2, InputAddr, IPA (§7.3.17)", FULL(EVT_F_TLB_CONFLICT),
	  { 0x00001234abcde820ULL, 0x0000008e00000000ULL, IN_ADDR, IPA55 } },
	{ "F_CFG_CONFLICT: SID, SSV, SSID only (§7.3.18)", FULL(EVT_F_CFG_CONFLICT),
	  { 0x00001234abcde821ULL, 0, 0, 0 } },
	{ "E_PAGE_REQUEST: InputAddr[63:12] (§7.3.19)", FULL(EVT_E_PAGE_REQUEST),
	  { 0x00001234abcde824ULL, 0, 0xfedcba9876543000ULL, 0 } },
	{ "F_VMS_FETCH: FetchAddr[55:3] in DW3 (§7.3.20)", FULL(EVT_F_VMS_FETCH),
	  { 0x00001234abcde825ULL, 0, 0, FETCH } },
	{ "reserved type 0x30: type and StreamID only (§7.3)", FULL(0x30),
	  { 0x0000123400000030ULL, 0, 0, 0 } },
	{ "IMPLEMENTATION DEFINED type 0xe0: type and StreamID only (§7.3.21)", FULL(0xe0),
	  { 0x00001234000000e0ULL, 0, 0, 0 } },
};

/* Variants that change one field of FULL(). */
static const struct enc_case enc_variants[] = {
	{ "F_PERMISSION, CLASS TT: TTRnW at DW1[44] (§7.3.16)",
	  { .type = EVT_F_PERMISSION, .sid = 0x1234, .ssv = true, .ssid = 0xabcde, .stall = true,
	    .stag = 0x5a5a, .pnu = true, .ind = true, .rnw = true, .s2 = true, .class = 1,
	    .ttrnw = true, .input_addr = IN_ADDR, .ipa = 0x00ffffffffffffffULL },
	  { 0x00001234abcde813ULL, 0x0000118e80005a5aULL, IN_ADDR, IPA55 } },
	{ "SSV 0: SubstreamID is not written (§7.3)",
	  { .type = EVT_C_BAD_STE, .sid = 0x1234, .ssv = false, .ssid = 0xabcde },
	  { 0x0000123400000004ULL, 0, 0, 0 } },
	{ "Stall 0: STAG is not written (§3.12.2)",
	  { .type = EVT_F_TRANSLATION, .sid = 0x1234, .ssv = true, .ssid = 0xabcde, .stall = false,
	    .stag = 0x5a5a, .pnu = true, .ind = true, .rnw = true, .s2 = true, .class = 2,
	    .input_addr = IN_ADDR, .ipa = 0x00ffffffffffffffULL },
	  { 0x00001234abcde810ULL, 0x0000028e00000000ULL, IN_ADDR, IPA55 } },
	{ "RnW 0: InD is 0 (§7.3.13)",
	  { .type = EVT_F_TRANSLATION, .sid = 0x1234, .ssv = true, .ssid = 0xabcde, .stall = true,
	    .stag = 0x5a5a, .pnu = true, .ind = true, .rnw = false, .s2 = true, .class = 2,
	    .input_addr = IN_ADDR, .ipa = 0x00ffffffffffffffULL },
	  { 0x00001234abcde810ULL, 0x0000028280005a5aULL, IN_ADDR, IPA55 } },
	{ "S2 0: IPA is not written (§7.3.13)",
	  { .type = EVT_F_TRANSLATION, .sid = 0x1234, .ssv = true, .ssid = 0xabcde, .stall = true,
	    .stag = 0x5a5a, .pnu = true, .ind = true, .rnw = true, .s2 = false, .class = 2,
	    .input_addr = IN_ADDR, .ipa = 0x00ffffffffffffffULL },
	  { 0x00001234abcde810ULL, 0x0000020e80005a5aULL, IN_ADDR, 0 } },
	{ "largest StreamID and a SubstreamID wider than 20 bits (§7.3)",
	  { .type = EVT_C_BAD_STE, .sid = 0xffffffffu, .ssv = true, .ssid = 0xffffffffu },
	  { 0xfffffffffffff804ULL, 0, 0, 0 } },
	{ "F_WALK_EABT, stage 1: S2 0, CLASS TT (§7.3.12)",
	  { .type = EVT_F_WALK_EABT, .sid = 1, .rnw = true, .class = 1, .input_addr = 0x1000,
	    .fetch_addr = 0x302008 },
	  { 0x000000010000000bULL, 0x0000010800000000ULL, 0x1000, 0x302008 } },
};

/* ------------------------------------------------------------------------ */
/* Test bodies                                                              */

START_TEST(test_strtab) { run_case(&strtab_cases[_i]); }
END_TEST
START_TEST(test_ste) { run_case(&ste_cases[_i]); }
END_TEST
START_TEST(test_bypass) { run_case(&bypass_cases[_i]); }
END_TEST
START_TEST(test_ssid) { run_case(&ssid_cases[_i]); }
END_TEST
START_TEST(test_cd) { run_case(&cd_cases[_i]); }
END_TEST
START_TEST(test_xlate) { run_case(&xlate_cases[_i]); }
END_TEST
START_TEST(test_ats) { run_case(&ats_cases[_i]); }
END_TEST

static void check_encoding(const struct enc_case *c)
{
	u64 w[4] = { 1, 2, 3, 4 };

	sn_event_encode(&c->e, w);
	for (unsigned i = 0; i < 4; i++)
		ck_assert_msg(w[i] == c->w[i], "%s: DW%u 0x%016llx, expected 0x%016llx",
			      c->rule, i, X(w[i]), X(c->w[i]));
}

START_TEST(test_encode) { check_encoding(&enc_cases[_i]); }
END_TEST
START_TEST(test_encode_variant) { check_encoding(&enc_variants[_i]); }
END_TEST

/* The access log is cleared by every translation (smmu.h). */
START_TEST(test_log_restarts)
{
	static const struct tcase c = { .rule = "log", .base = B_S1 };
	struct sn_txn t = RD(VA);
	struct sn_xlate out;
	struct fx f;
	unsigned first;

	fx_build(&f, &c);
	smmu_translate(&f.s, &t, &out);
	first = f.s.log.n;
	ck_assert_uint_gt(first, 0);
	smmu_translate(&f.s, &t, &out);
	ck_assert_uint_eq(f.s.log.n, first);
	ck_assert_int_eq(out.disp, SN_XLATE_OK);
	sn_mem_free(f.mem);
}
END_TEST

/* Deterministic xorshift64. */
static u64 next_rand(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/*
 * Hostile memory: random STE, CD, L1 descriptors and table words, random
 * registers and transactions.  Whatever the contents, a translation ends,
 * reads a bounded number of words, and reports a consistent result: OK
 * never carries an event, STALL always does, ATS answers only ATS kinds.
 */
START_TEST(test_hostile_memory)
{
	u64 seed = 0x9e3779b97f4a7c15ULL + (u64)_i * 0x1000193ULL;

	for (unsigned iter = 0; iter < 200; iter++) {
		static const struct tcase c = { .rule = "hostile", .base = B_NESTED };
		struct fx f;
		struct sn_txn t;
		struct sn_xlate out;

		fx_build(&f, &c);
		for (unsigned i = 0; i < 8; i++) {
			w64(&f, STE_PA + 8 * i, next_rand(&seed) & (i < 4 ? ~0ULL : 0));
			w64(&f, CD_PA + 8 * i, next_rand(&seed));
		}
		f.s.strtab_base_cfg = (u32)(next_rand(&seed) & 0x307ff);
		if (!(f.s.strtab_base_cfg & 0x10000))
			f.s.strtab_base_cfg = (u32)F(STRTAB_BASE_CFG_LOG2SIZE, 8);
		for (unsigned i = 0; i < 16; i++) {
			u64 a = STRTAB + (next_rand(&seed) & 0x3ff8);

			w64(&f, a, (next_rand(&seed) & 0xfffff007ULL) | 0x100000);
		}
		/* Tables that point at themselves and at each other. */
		w64(&f, S1_L3 + 8, S1_L1 | 3);
		w64(&f, S2_L2 + 3 * 8, S2_L1 | 3);
		t = (struct sn_txn){
			.sid = (u32)(next_rand(&seed) & 0x1ff), .addr = next_rand(&seed),
			.write = next_rand(&seed) & 1, .priv = next_rand(&seed) & 1,
			.instr = next_rand(&seed) & 1, .ssv = next_rand(&seed) & 1,
			.ssid = (u32)next_rand(&seed), .kind = (enum sn_txn_kind)(next_rand(&seed) % 3),
		};
		if (next_rand(&seed) & 1)
			t.sid = 1;
		if (next_rand(&seed) & 1)
			t.addr &= 0x7fffffffffULL;
		f.s.cr0_atschk = next_rand(&seed) & 1;
		smmu_translate(&f.s, &t, &out);
		ck_assert_int_le(out.disp, SN_XLATE_ATS_CA);
		ck_assert(!(out.disp == SN_XLATE_OK && out.has_event));
		ck_assert(!(out.disp == SN_XLATE_STALL && !out.has_event));
		ck_assert(!(out.disp >= SN_XLATE_ATS_UR && t.kind != SN_TXN_ATS_REQUEST));
		ck_assert(!(t.kind == SN_TXN_ATS_REQUEST && out.has_event &&
			    out.event.type != EVT_F_BAD_ATS_TREQ));
		ck_assert(!f.s.log.overflow);
		ck_assert_uint_le(f.s.log.n, 128);
		sn_mem_free(f.mem);
	}
}
END_TEST

static Suite *smmu_suite(void)
{
	Suite *s = suite_create("smmu");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_strtab, 0, ARRAY_SIZE(strtab_cases));
	tcase_add_loop_test(tc, test_ste, 0, ARRAY_SIZE(ste_cases));
	tcase_add_loop_test(tc, test_bypass, 0, ARRAY_SIZE(bypass_cases));
	tcase_add_loop_test(tc, test_ssid, 0, ARRAY_SIZE(ssid_cases));
	tcase_add_loop_test(tc, test_cd, 0, ARRAY_SIZE(cd_cases));
	tcase_add_loop_test(tc, test_xlate, 0, ARRAY_SIZE(xlate_cases));
	tcase_add_loop_test(tc, test_ats, 0, ARRAY_SIZE(ats_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("events");
	tcase_add_loop_test(tc, test_encode, 0, ARRAY_SIZE(enc_cases));
	tcase_add_loop_test(tc, test_encode_variant, 0, ARRAY_SIZE(enc_variants));
	suite_add_tcase(s, tc);

	tc = tcase_create("robustness");
	tcase_add_test(tc, test_log_restarts);
	tcase_add_loop_test(tc, test_hostile_memory, 0, 8);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(smmu_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
