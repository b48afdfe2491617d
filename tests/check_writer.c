// SPDX-License-Identifier: MIT
/*
 * The live entry writer (policy/writer.c), the torn-state checker
 * (model/torn.c) and `smmu-nest hitless`.
 *
 * Independent sources: the fixture qwords of linux.md §6.2, asserted
 * literally; the expected syncs and hitless flags of the kernel's KUnit
 * suite (linux.md §6.2 table, arm-smmu-v3-test.c); the fixtures the table
 * does not list are rebuilt below from the bit definitions the way the
 * KUnit make functions fill them, and their values were worked out by
 * hand.  The CLI's expected output was written by hand.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <smmu-nest/cd.h>
#include <smmu-nest/vectors.h>   /* host_parent_by_name() */
#include <smmu-nest/writer.h>

#include "cli_run.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X(v) ((unsigned long long)(v))
#define NQ WRITER_QWORDS

static const struct host_policy *pol(const char *name)
{
	const struct host_policy *p = host_policy_find(name);

	ck_assert_ptr_nonnull(p);
	return p;
}

/* ------------------------------------------------------------------------ */
/* KUnit fixtures, rebuilt from the bit definitions.                          */

/* arm-smmu-v3-test.c: features STALLS | ATTR_TYPES_OVR, little endian, no E2H. */
#define KU_CDTAB_DMA   0xF0F0F0F0F0F0ULL
#define KU_CDTAB_DMA_2 0x4B4B4b4B4BULL          /* the non_hitless case's second table */
#define KU_TTBR        0xdaedbeefdeadbeefULL     /* S1 ttbr and S2 vttbr */
#define KU_MAIR        0xabcdef012345678ULL

enum feat { F_ATS = 1, F_STALL = 2, F_NESTED = 4 };

/* Linux's address masks (STRTAB_STE_0_S1CTXPTR_MASK, _3_S2TTB_MASK, CTXDESC_CD_1_TTB0_MASK). */
#define LNX_ADDR_51_6 SN_GENMASK(51, 6)
#define LNX_ADDR_51_4 SN_GENMASK(51, 4)

static void mk_abort(u64 w[NQ])
{
	memset(w, 0, NQ * sizeof(*w));
	w[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_ABORT);
}

static void mk_bypass(u64 w[NQ])
{
	memset(w, 0, NQ * sizeof(*w));
	w[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_BYPASS);
	w[1] = sn_field_prep(STE_DW1_SHCFG, 1);         /* ATTR_TYPES_OVR: incoming */
}

/* The stage-2 STE: vtcr {ps 1, tg 2, sh 3, orgn 1, irgn 2, sl 3, tsz 4}, VMID 0. */
static void mk_s2(u64 w[NQ], unsigned feat)
{
	memset(w, 0, NQ * sizeof(*w));
	w[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_S2_TRANS);
	w[1] = sn_field_prep(STE_DW1_EATS, feat & F_ATS ? STE_EATS_TRANS : STE_EATS_ABT) |
	       sn_field_prep(STE_DW1_SHCFG, 1);
	w[2] = sn_field_prep(STE_DW2_S2VMID, 0) | sn_field_prep(STE_DW2_S2T0SZ, 4) |
	       sn_field_prep(STE_DW2_S2SL0, 3) | sn_field_prep(STE_DW2_S2IR0, 2) |
	       sn_field_prep(STE_DW2_S2OR0, 1) | sn_field_prep(STE_DW2_S2SH0, 3) |
	       sn_field_prep(STE_DW2_S2TG, 2) | sn_field_prep(STE_DW2_S2PS, 1) |
	       STE_DW2_S2AA64 | STE_DW2_S2PTW | (feat & F_STALL ? STE_DW2_S2S : 0) |
	       STE_DW2_S2R;
	w[3] = KU_TTBR & LNX_ADDR_51_4;
}

/* The CD-table STE: S1FMT 64K_L2, s1cdmax 0xFF (FIELD_PREP keeps 0x1F). */
static void mk_cdtable(u64 w[NQ], unsigned s1dss, u64 dma, unsigned feat)
{
	memset(w, 0, NQ * sizeof(*w));
	w[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_S1_TRANS) |
	       sn_field_prep(STE_DW0_S1FMT, 2) | (dma & LNX_ADDR_51_6) |
	       sn_field_prep(STE_DW0_S1CDMAX, 0xFF);
	w[1] = sn_field_prep(STE_DW1_S1DSS, s1dss) | sn_field_prep(STE_DW1_S1CIR, 1) |
	       sn_field_prep(STE_DW1_S1COR, 1) | sn_field_prep(STE_DW1_S1CSH, 3) |
	       (feat & F_STALL ? 0 : STE_DW1_S1STALLD) |
	       sn_field_prep(STE_DW1_EATS, feat & F_ATS ? STE_EATS_TRANS : STE_EATS_ABT);
	if (s1dss == STE_S1DSS_BYPASS)
		w[1] |= sn_field_prep(STE_DW1_SHCFG, 1);
	/* STRW NSEL1 and VMID 0 are zero. */
	if (feat & F_NESTED) {
		u64 s2[NQ];

		mk_s2(s2, feat & ~F_NESTED);
		w[0] |= sn_field_prep(STE_DW0_CONFIG, STE_CFG_NESTED);
		w[1] |= STE_DW1_MEV;
		for (unsigned i = 2; i < NQ; i++)
			w[i] = s2[i];
	}
}

/* arm_smmu_make_s1_cd() with the KUnit tcr {ips 1, tg 2, sh 3, orgn 1, irgn 2, tsz 4}. */
static void mk_s1_cd(u64 w[NQ], unsigned asid)
{
	memset(w, 0, NQ * sizeof(*w));
	w[0] = sn_field_prep(CD_DW0_T0SZ, 4) | sn_field_prep(CD_DW0_TG0, 2) |
	       sn_field_prep(CD_DW0_IR0, 2) | sn_field_prep(CD_DW0_OR0, 1) |
	       sn_field_prep(CD_DW0_SH0, 3) | CD_DW0_EPD1 | CD_DW0_V |
	       sn_field_prep(CD_DW0_IPS, 1) | CD_DW0_AA64 | CD_DW0_R | CD_DW0_A |
	       CD_DW0_ASET | sn_field_prep(CD_DW0_ASID, asid);
	w[1] = KU_TTBR & LNX_ADDR_51_4;
	w[3] = KU_MAIR;
}

/*
 * arm_smmu_make_sva_cd() depends on the CPU: PARange, VA bits, PAGE_SIZE,
 * MAIR_EL1 and the PA of the mm's pgd.  Chosen here: 48-bit PA (IPS 5),
 * 48-bit VA (T0SZ 16), 4 KB pages, pgd at PA 0x89abc000 and the arm64
 * MAIR_EL1 layout 0x000000040044f0ff.  Any values give the same sequence:
 * only V, EPD0, R and TTB0 differ between the two SVA CDs.
 */
#define SVA_PGD  0x0000000089abc000ULL
#define SVA_MAIR 0x000000040044f0ffULL

static void mk_sva_cd(u64 w[NQ], unsigned asid, bool mm)
{
	memset(w, 0, NQ * sizeof(*w));
	w[0] = CD_DW0_EPD1 | CD_DW0_V | sn_field_prep(CD_DW0_IPS, 5) | CD_DW0_AA64 |
	       CD_DW0_R | CD_DW0_A | CD_DW0_ASET | sn_field_prep(CD_DW0_ASID, asid);
	if (mm) {
		w[0] |= sn_field_prep(CD_DW0_T0SZ, 16) | sn_field_prep(CD_DW0_TG0, 0) |
			sn_field_prep(CD_DW0_IR0, 1) | sn_field_prep(CD_DW0_OR0, 1) |
			sn_field_prep(CD_DW0_SH0, 3);
		w[1] = SVA_PGD & LNX_ADDR_51_4;
	} else {
		/* Release: faults everything; S and R cleared (no STALL_FORCE). */
		w[0] |= CD_DW0_EPD0;
		w[0] &= ~(CD_DW0_S | CD_DW0_R);
	}
	w[3] = SVA_MAIR;
}

enum fixture {
	FX_ABORT, FX_BYPASS, FX_CDTAB_SSID0_ATS, FX_CDTAB_BYP_ATS, FX_CDTAB_BYP_ATS_4B,
	FX_CDTAB_SSID0_STALL, FX_S2_ATS, FX_S2_STALL, FX_S2, FX_NESTED_BYP_ATS,
	FX_CD_ZERO, FX_CD_S1_1997, FX_CD_S1_778, FX_CD_SVA, FX_CD_SVA_REL,
};

static void fixture(enum fixture f, u64 w[NQ])
{
	switch (f) {
	case FX_ABORT: mk_abort(w); break;
	case FX_BYPASS: mk_bypass(w); break;
	case FX_CDTAB_SSID0_ATS: mk_cdtable(w, STE_S1DSS_SSID0, KU_CDTAB_DMA, F_ATS); break;
	case FX_CDTAB_BYP_ATS: mk_cdtable(w, STE_S1DSS_BYPASS, KU_CDTAB_DMA, F_ATS); break;
	case FX_CDTAB_BYP_ATS_4B: mk_cdtable(w, STE_S1DSS_BYPASS, KU_CDTAB_DMA_2, F_ATS); break;
	case FX_CDTAB_SSID0_STALL: mk_cdtable(w, STE_S1DSS_SSID0, KU_CDTAB_DMA, F_STALL); break;
	case FX_S2_ATS: mk_s2(w, F_ATS); break;
	case FX_S2_STALL: mk_s2(w, F_STALL); break;
	case FX_S2: mk_s2(w, 0); break;
	case FX_NESTED_BYP_ATS:
		mk_cdtable(w, STE_S1DSS_BYPASS, KU_CDTAB_DMA, F_ATS | F_NESTED);
		break;
	case FX_CD_ZERO: memset(w, 0, NQ * sizeof(*w)); break;
	case FX_CD_S1_1997: mk_s1_cd(w, 1997); break;
	case FX_CD_S1_778: mk_s1_cd(w, 778); break;
	case FX_CD_SVA: mk_sva_cd(w, 1997, true); break;
	case FX_CD_SVA_REL: mk_sva_cd(w, 1997, false); break;
	}
}

/* Qwords 0..3 of each fixture; 4..7 are zero in all of them. */
struct fixture_value {
	enum fixture f;
	u64 q[4];
	const char *source;
};

static const struct fixture_value fixture_values[] = {
	/* linux.md §6.2, as printed. */
	{ FX_ABORT, { 0x0000000000000001ULL, 0, 0, 0 }, "linux.md" },
	{ FX_BYPASS, { 0x0000000000000009ULL, 0x0000100000000000ULL, 0, 0 }, "linux.md" },
	{ FX_CDTAB_SSID0_ATS, { 0xf800f0f0f0f0f0ebULL, 0x00000000180000d6ULL, 0, 0 }, "linux.md" },
	{ FX_CDTAB_BYP_ATS, { 0xf800f0f0f0f0f0ebULL, 0x00001000180000d5ULL, 0, 0 }, "linux.md" },
	{ FX_S2_ATS, { 0x000000000000000dULL, 0x0000100010000000ULL, 0x0449b6c400000000ULL,
		       0x000dbeefdeadbee0ULL }, "linux.md" },
	{ FX_S2_STALL, { 0x000000000000000dULL, 0x0000100000000000ULL, 0x0649b6c400000000ULL,
			 0x000dbeefdeadbee0ULL }, "linux.md" },
	{ FX_NESTED_BYP_ATS, { 0xf800f0f0f0f0f0efULL, 0x00001000180800d5ULL, 0x0449b6c400000000ULL,
			       0x000dbeefdeadbee0ULL }, "linux.md" },
	/* Worked out by hand from the make functions and the field table. */
	/* S1ContextPtr 0x4B4B4B4B40 (bits 5:0 masked off), S1DSS bypass + SHCFG. */
	{ FX_CDTAB_BYP_ATS_4B, { 0xf800004b4b4b4b6bULL, 0x00001000180000d5ULL, 0, 0 }, "hand" },
	/* stall_enabled: no S1STALLD; no ATS: EATS 0; S1DSS SSID0, WBRA, ISH. */
	{ FX_CDTAB_SSID0_STALL, { 0xf800f0f0f0f0f0ebULL, 0x00000000000000d6ULL, 0, 0 }, "hand" },
	/* The S2 fixture without ATS or stall: the "kunit-s2" parent. */
	{ FX_S2, { 0x000000000000000dULL, 0x0000100000000000ULL, 0x0449b6c400000000ULL,
		   0x000dbeefdeadbee0ULL }, "hand" },
	{ FX_CD_ZERO, { 0, 0, 0, 0 }, "hand" },
	/* T0SZ 4, TG0 2, IR0 2, OR0 1, SH0 3 = 0x3684; EPD1|V = 0xc0000000;
	 * IPS 1, AA64, R, A, ASET = 0xe201 << 32; ASID 1997 = 0x7cd, 778 = 0x30a. */
	{ FX_CD_S1_1997, { 0x07cde201c0003684ULL, 0x000dbeefdeadbee0ULL, 0, 0x0abcdef012345678ULL },
	  "hand" },
	{ FX_CD_S1_778, { 0x030ae201c0003684ULL, 0x000dbeefdeadbee0ULL, 0, 0x0abcdef012345678ULL },
	  "hand" },
	/* T0SZ 16, TG0 0, IR0 1, OR0 1, SH0 3 = 0x3510; IPS 5 = 0x5 << 32. */
	{ FX_CD_SVA, { 0x07cde205c0003510ULL, 0x0000000089abc000ULL, 0, 0x000000040044f0ffULL },
	  "hand" },
	/* EPD0 0x4000, no TTB0 half, R cleared: 0xc201 << 32. */
	{ FX_CD_SVA_REL, { 0x07cdc205c0004000ULL, 0, 0, 0x000000040044f0ffULL }, "hand" },
};

START_TEST(test_fixture_value)
{
	const struct fixture_value *fv = &fixture_values[_i];
	u64 w[NQ];

	fixture(fv->f, w);
	for (unsigned q = 0; q < NQ; q++)
		ck_assert_msg(w[q] == (q < 4 ? fv->q[q] : 0),
			      "fixture %d (%s) q%u: 0x%016llx, expected 0x%016llx", fv->f,
			      fv->source, q, X(w[q]), X(q < 4 ? fv->q[q] : 0));
}
END_TEST

/* The S2 fixture without ATS is the parent the CLI calls "kunit-s2". */
START_TEST(test_fixture_kunit_s2_parent)
{
	u64 w[NQ], parent[STE_DWORDS];

	fixture(FX_S2, w);
	ck_assert(host_parent_by_name("kunit-s2", parent));
	ck_assert_mem_eq(w, parent, sizeof(w));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* KUnit cases 1-24 (linux.md §6.2; arm-smmu-v3-test.c).                      */

struct kcase {
	const char *name;       /* "7a": the case number, a/b for each direction */
	enum writer_kind kind;
	enum fixture from, to;
	unsigned syncs;         /* NUM_EXPECTED_SYNCS under v7.0 */
	bool hitless;           /* !invalid_entry_written under v7.0 */
};

static const struct kcase kcases[] = {
	{ "1 bypass_to_abort", WRITER_STE, FX_BYPASS, FX_ABORT, 2, true },
	{ "2 abort_to_bypass", WRITER_STE, FX_ABORT, FX_BYPASS, 2, true },
	{ "3 cdtable_to_abort", WRITER_STE, FX_CDTAB_SSID0_ATS, FX_ABORT, 2, true },
	{ "4 abort_to_cdtable", WRITER_STE, FX_ABORT, FX_CDTAB_SSID0_ATS, 2, true },
	{ "5 cdtable_to_bypass", WRITER_STE, FX_CDTAB_SSID0_ATS, FX_BYPASS, 3, true },
	{ "6 bypass_to_cdtable", WRITER_STE, FX_BYPASS, FX_CDTAB_SSID0_ATS, 3, true },
	{ "7a cdtable_s1dss_change", WRITER_STE, FX_CDTAB_SSID0_ATS, FX_CDTAB_BYP_ATS, 1, true },
	{ "7b cdtable_s1dss_change", WRITER_STE, FX_CDTAB_BYP_ATS, FX_CDTAB_SSID0_ATS, 1, true },
	{ "8 s1dssbypass_to_stebypass", WRITER_STE, FX_CDTAB_BYP_ATS, FX_BYPASS, 2, true },
	{ "9 stebypass_to_s1dssbypass", WRITER_STE, FX_BYPASS, FX_CDTAB_BYP_ATS, 2, true },
	{ "10 s2_to_abort", WRITER_STE, FX_S2_ATS, FX_ABORT, 2, true },
	{ "11 abort_to_s2", WRITER_STE, FX_ABORT, FX_S2_ATS, 2, true },
	{ "12 s2_to_bypass", WRITER_STE, FX_S2_ATS, FX_BYPASS, 2, true },
	{ "13 bypass_to_s2", WRITER_STE, FX_BYPASS, FX_S2_ATS, 2, true },
	{ "14 s1_to_s2", WRITER_STE, FX_CDTAB_SSID0_ATS, FX_S2_ATS, 3, true },
	{ "15 s2_to_s1", WRITER_STE, FX_S2_ATS, FX_CDTAB_SSID0_ATS, 3, true },
	{ "16 non_hitless", WRITER_STE, FX_CDTAB_SSID0_ATS, FX_CDTAB_BYP_ATS_4B, 3, false },
	{ "17a cd s1_clear", WRITER_CD, FX_CD_ZERO, FX_CD_S1_1997, 2, false },
	{ "17b cd s1_clear", WRITER_CD, FX_CD_S1_1997, FX_CD_ZERO, 2, false },
	{ "18a cd s1_change_asid", WRITER_CD, FX_CD_S1_778, FX_CD_S1_1997, 1, true },
	{ "18b cd s1_change_asid", WRITER_CD, FX_CD_S1_1997, FX_CD_S1_778, 1, true },
	{ "19 s1_to_s2_stall", WRITER_STE, FX_CDTAB_SSID0_STALL, FX_S2_STALL, 3, true },
	{ "20 s2_to_s1_stall", WRITER_STE, FX_S2_STALL, FX_CDTAB_SSID0_STALL, 3, true },
	{ "21 nested_s1dssbypass_to_s1bypass", WRITER_STE, FX_NESTED_BYP_ATS, FX_S2, 3, true },
	{ "22 nested_s1bypass_to_s1dssbypass", WRITER_STE, FX_S2, FX_NESTED_BYP_ATS, 2, true },
	{ "23a cd sva_clear", WRITER_CD, FX_CD_ZERO, FX_CD_SVA, 2, false },
	{ "23b cd sva_clear", WRITER_CD, FX_CD_SVA, FX_CD_ZERO, 2, false },
	{ "24a cd sva_release", WRITER_CD, FX_CD_SVA, FX_CD_SVA_REL, 2, true },
	{ "24b cd sva_release", WRITER_CD, FX_CD_SVA_REL, FX_CD_SVA, 2, true },
};

static bool is_nested_case(const struct kcase *c)
{
	return c->from == FX_NESTED_BYP_ATS || c->to == FX_NESTED_BYP_ATS;
}

static void run_case(const struct host_policy *p, const struct kcase *c, struct writer_result *r)
{
	u64 from[NQ], to[NQ];

	fixture(c->from, from);
	fixture(c->to, to);
	writer_run(p, c->kind, from, to, r);
	/* KUNIT_EXPECT_MEMEQ: the entry ends as the target. */
	if (r->nsteps)
		ck_assert_mem_eq(r->steps[r->nsteps - 1].after, to, sizeof(to));
	else
		ck_assert_mem_eq(from, to, sizeof(to));
	ck_assert_uint_eq(r->nsteps, r->syncs);
	ck_assert_msg(r->used_match, "%s: a synced entry matches neither end", c->name);
}

/* Every case under v7.0 with the kernel's figures, and the torn check clean. */
START_TEST(test_kunit_v7_0)
{
	const struct kcase *c = &kcases[_i];
	const struct host_policy *p = pol("v7.0");
	struct writer_result r;
	struct torn_report t;
	u64 from[NQ];

	run_case(p, c, &r);
	ck_assert_msg(r.syncs == c->syncs, "%s: %u syncs, kernel expects %u", c->name, r.syncs,
		      c->syncs);
	ck_assert_msg(r.hitless == c->hitless, "%s: hitless %d, kernel expects %d", c->name,
		      r.hitless, c->hitless);
	ck_assert_msg(r.warn_mask == 0, "%s: WARN in qwords 0x%x", c->name, r.warn_mask);
	fixture(c->from, from);
	torn_check(p, c->kind, from, &r, &t);
	ck_assert_msg(t.per_class[TORN_THIRD] == 0 && t.safe, "%s: %u third, %u unsafe (%s)",
		      c->name, t.per_class[TORN_THIRD], t.unsafe_total,
		      t.n_unsafe ? t.unsafe[0].why : "");
	ck_assert_uint_gt(t.mixes, 0);
}
END_TEST

/*
 * Before v7.0 (T-old, v6.13..v6.19, and the seed as v6.13): cases 1-20, 23
 * and 24 have the same figures; 21 and 22 are breaking (V=0 first, 3 syncs,
 * not hitless) -- the C_BAD_STE 2781f2a930ab describes.
 */
START_TEST(test_kunit_before_v7_0)
{
	static const char *const names[] = { "seed-v2", "v6.13", "v6.15" };
	const struct kcase *c = &kcases[_i / 3];
	const struct host_policy *p = pol(names[_i % 3]);
	struct writer_result r;
	struct torn_report t;
	u64 from[NQ];

	run_case(p, c, &r);
	fixture(c->from, from);
	torn_check(p, c->kind, from, &r, &t);
	ck_assert_msg(t.per_class[TORN_THIRD] == 0 && t.safe, "%s under %s: unsafe", c->name,
		      p->name);
	if (!is_nested_case(c)) {
		ck_assert_uint_eq(r.syncs, c->syncs);
		ck_assert_int_eq(r.hitless, c->hitless);
		return;
	}
	ck_assert_msg(r.path == WRITER_BREAKING, "%s under %s: path %s", c->name, p->name,
		      writer_path_name(r.path));
	ck_assert_uint_eq(r.critical_mask, 0x3);        /* qwords 0 and 1 */
	ck_assert_uint_eq(r.syncs, 3);
	ck_assert(!r.hitless);
	/* V=0 first: the whole of qword 0 is zeroed, the rest untouched. */
	ck_assert_uint_eq(r.steps[0].written, 0x1);
	ck_assert_uint_eq(r.steps[0].after[0], 0);
	ck_assert_uint_eq(r.steps[0].after[1], from[1]);
	ck_assert_uint_eq(r.steps[1].written, 0x2);
	ck_assert_uint_eq(r.steps[2].written, 0x1);
	/* The invalid entry is a tolerated abort on the breaking path. */
	ck_assert_uint_gt(t.per_class[TORN_ABORT], 0);
}
END_TEST

/* Case 21 under v7.0 step by step: EATS and MEV go first (the extra sync). */
START_TEST(test_case21_v7_0_steps)
{
	struct writer_result r;

	run_case(pol("v7.0"), &kcases[23], &r);
	ck_assert_str_eq(kcases[23].name, "21 nested_s1dssbypass_to_s1bypass");
	ck_assert_int_eq(r.path, WRITER_HITLESS);
	ck_assert_uint_eq(r.critical_mask, 0x1);
	ck_assert_uint_eq(r.steps[0].written, 0x2);
	ck_assert_uint_eq(r.steps[0].after[1], 0x00001000080000d5ULL);      /* EATS, MEV cleared */
	ck_assert_uint_eq(r.steps[1].written, 0x1);
	ck_assert_uint_eq(r.steps[1].after[0], 0x000000000000000dULL);
	ck_assert_uint_eq(r.steps[2].written, 0x2);
	ck_assert_uint_eq(r.steps[2].after[1], 0x0000100000000000ULL);
}
END_TEST

/* v6.13 has no MEV in the used bits, yet the nested fixture sets it: the
 * kernel would WARN on case 22's target. */
START_TEST(test_case22_v6_13_warns)
{
	struct writer_result r;

	run_case(pol("v6.13"), &kcases[24], &r);
	ck_assert_uint_eq(r.warn_mask, 0x2);
	run_case(pol("v6.15"), &kcases[24], &r);
	ck_assert_uint_eq(r.warn_mask, 0);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Used bits and update-safe bits per policy.                                 */

START_TEST(test_used_mev_per_policy)
{
	static const struct { const char *p; bool mev; } rows[] = {
		{ "seed-v2", false }, { "v6.13", false }, { "v6.15", true }, { "v7.0", true },
	};
	u64 nested[NQ], s2[NQ], cdtab[NQ], used[NQ];

	fixture(FX_NESTED_BYP_ATS, nested);
	fixture(FX_S2, s2);
	fixture(FX_CDTAB_SSID0_ATS, cdtab);
	for (unsigned i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct host_policy *p = pol(rows[i].p);

		writer_used(p, WRITER_STE, nested, used);
		ck_assert_int_eq(!!(used[1] & STE_DW1_MEV), rows[i].mev);
		writer_used(p, WRITER_STE, s2, used);
		ck_assert_int_eq(!!(used[1] & STE_DW1_MEV), rows[i].mev);
		writer_used(p, WRITER_STE, cdtab, used);
		ck_assert_int_eq(!!(used[1] & STE_DW1_MEV), rows[i].mev);
		/* S2FWB: a stage-2 used bit in all four (67e4fe398513; seed as v6.13). */
		writer_used(p, WRITER_STE, s2, used);
		ck_assert(used[1] & STE_DW1_S2FWB);
		writer_used(p, WRITER_STE, cdtab, used);
		ck_assert(!(used[1] & STE_DW1_S2FWB));
	}
}
END_TEST

/* The v7.0 used bits of each fixture, spelled out from linux.md §6.1. */
START_TEST(test_used_v7_0)
{
	const struct host_policy *p = pol("v7.0");
	u64 w[NQ], used[NQ];

	fixture(FX_ABORT, w);
	writer_used(p, WRITER_STE, w, used);
	ck_assert_uint_eq(used[0], 0xf);
	ck_assert_uint_eq(used[0], STE_DW0_V | STE_DW0_CONFIG);
	ck_assert_uint_eq(used[1] | used[2] | used[3], 0);
	fixture(FX_BYPASS, w);
	writer_used(p, WRITER_STE, w, used);
	ck_assert_uint_eq(used[0], 0xf);
	ck_assert_uint_eq(used[1], 0x0000300000000000ULL);      /* SHCFG */
	/* cdtable, S1DSS SSID0: S1FMT|S1CTXPTR[51:6]|S1CDMAX; S1 word-1 list + MEV; VMID. */
	fixture(FX_CDTAB_SSID0_ATS, w);
	writer_used(p, WRITER_STE, w, used);
	ck_assert_uint_eq(used[0], 0xf80fffffffffffffULL);
	ck_assert_uint_eq(used[1], 0x00000000f80800ffULL);
	ck_assert_uint_eq(used[2], 0xffff);
	ck_assert_uint_eq(used[3], 0);
	/* S1DSS bypass adds SHCFG. */
	fixture(FX_CDTAB_BYP_ATS, w);
	writer_used(p, WRITER_STE, w, used);
	ck_assert_uint_eq(used[1], 0x00003000f80800ffULL);
	/* S2: S2FWB|EATS|SHCFG|MEV; VMID|VTCR|S2AA64|S2ENDI|S2PTW|S2S|S2R; S2TTB[51:4]. */
	fixture(FX_S2, w);
	writer_used(p, WRITER_STE, w, used);
	ck_assert_uint_eq(used[0], 0xf);
	ck_assert_uint_eq(used[1], 0x0000300032080000ULL);
	ck_assert_uint_eq(used[2], 0x065fffff0000ffffULL);
	ck_assert_uint_eq(used[3], 0x000ffffffffffff0ULL);
	/* V=0: only V. */
	w[0] &= ~STE_DW0_V;
	writer_used(p, WRITER_STE, w, used);
	ck_assert_uint_eq(used[0], 1);
	ck_assert_uint_eq(used[1] | used[2] | used[3], 0);
}
END_TEST

START_TEST(test_used_cd)
{
	const struct host_policy *p = pol("v6.13");
	u64 w[NQ], used[NQ];

	fixture(FX_CD_ZERO, w);
	writer_used(p, WRITER_CD, w, used);
	ck_assert_uint_eq(used[0], CD_DW0_V);
	for (unsigned q = 1; q < NQ; q++)
		ck_assert_uint_eq(used[q], 0);
	fixture(FX_CD_SVA, w);
	writer_used(p, WRITER_CD, w, used);
	for (unsigned q = 0; q < NQ; q++)
		ck_assert_uint_eq(used[q], ~0ULL);
	/* EPD0: T0SZ/TG0/IR0/OR0/SH0 (bits 13:0) and TTB0[51:4] are ignored. */
	fixture(FX_CD_SVA_REL, w);
	writer_used(p, WRITER_CD, w, used);
	ck_assert_uint_eq(used[0], ~0x3fffULL);
	ck_assert_uint_eq(used[1], ~0x000ffffffffffff0ULL);
	ck_assert_uint_eq(used[2], ~0ULL);
}
END_TEST

#define EATS_TRANS_BIT SN_BIT(28)

/* v7.0 safe rules (linux.md §6.1): MEV always, EATS_TRANS unless S1CHK or S2S. */
START_TEST(test_safe_v7_0)
{
	const struct host_policy *p = pol("v7.0");
	u64 a[NQ], b[NQ], safe[NQ];

	fixture(FX_S2, a);
	fixture(FX_NESTED_BYP_ATS, b);
	writer_safe(p, WRITER_STE, a, b, safe);
	ck_assert_uint_eq(safe[1], STE_DW1_MEV | EATS_TRANS_BIT);
	for (unsigned q = 0; q < NQ; q++)
		if (q != 1)
			ck_assert_uint_eq(safe[q], 0);
	/* S2S in either entry: EATS_TRANS no longer safe. */
	fixture(FX_S2_STALL, a);
	writer_safe(p, WRITER_STE, a, b, safe);
	ck_assert_uint_eq(safe[1], STE_DW1_MEV);
	writer_safe(p, WRITER_STE, b, a, safe);
	ck_assert_uint_eq(safe[1], STE_DW1_MEV);
	/* S1CHK (EATS 0b10) in either entry: likewise. */
	fixture(FX_S2, a);
	b[1] = sn_field_set(STE_DW1_EATS, b[1], STE_EATS_S1CHK);
	writer_safe(p, WRITER_STE, a, b, safe);
	ck_assert_uint_eq(safe[1], STE_DW1_MEV);
	writer_safe(p, WRITER_STE, b, a, safe);
	ck_assert_uint_eq(safe[1], STE_DW1_MEV);
	/* No update-safe hook for CDs. */
	fixture(FX_CD_S1_778, a);
	fixture(FX_CD_S1_1997, b);
	writer_safe(p, WRITER_CD, a, b, safe);
	for (unsigned q = 0; q < NQ; q++)
		ck_assert_uint_eq(safe[q], 0);
}
END_TEST

START_TEST(test_safe_none_before_v7_0)
{
	static const char *const names[] = { "seed-v2", "v6.13", "v6.15" };
	u64 a[NQ], b[NQ], safe[NQ];

	fixture(FX_S2, a);
	fixture(FX_NESTED_BYP_ATS, b);
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
		writer_safe(pol(names[i]), WRITER_STE, a, b, safe);
		for (unsigned q = 0; q < NQ; q++)
			ck_assert_uint_eq(safe[q], 0);
	}
}
END_TEST

/* The policy rows carry the writer facts with their commits. */
START_TEST(test_policy_writer_rows)
{
	static const struct {
		const char *p;
		bool fwb, mev, hook, safe_mev, safe_eats;
		const char *commit;
	} rows[] = {
		{ "seed-v2", true, false, false, false, false, "67e4fe398513" },
		{ "v6.13", true, false, false, false, false, "67e4fe398513" },
		{ "v6.15", true, true, false, false, false, "da0c56520e88" },
		{ "v7.0", true, true, true, true, true, "7cad80048595" },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct writer_facts *f = &pol(rows[i].p)->writer;

		ck_assert_int_eq(f->s2fwb_used, rows[i].fwb);
		ck_assert_int_eq(f->mev_used, rows[i].mev);
		ck_assert_int_eq(f->update_safe, rows[i].hook);
		ck_assert_int_eq(f->safe_mev, rows[i].safe_mev);
		ck_assert_int_eq(f->safe_eats_trans, rows[i].safe_eats);
		ck_assert_ptr_nonnull(strstr(f->source, rows[i].commit));
	}
}
END_TEST

/* EATS_TRANS alone: one write under v7.0 (safe), a one-qword hitless
 * update before (EATS is used by both). */
START_TEST(test_eats_only_change)
{
	u64 a[NQ], b[NQ];
	struct writer_result r;

	fixture(FX_S2_ATS, a);
	fixture(FX_S2, b);
	writer_run(pol("v7.0"), WRITER_STE, a, b, &r);
	ck_assert_int_eq(r.path, WRITER_NO_CRITICAL);
	ck_assert_uint_eq(r.syncs, 1);
	ck_assert_uint_eq(r.steps[0].written, 0x2);
	writer_run(pol("v6.15"), WRITER_STE, a, b, &r);
	ck_assert_int_eq(r.path, WRITER_HITLESS);
	ck_assert_uint_eq(r.critical_mask, 0x2);
	ck_assert_uint_eq(r.syncs, 1);
	/* Same entry: nothing written, no sync. */
	writer_run(pol("v7.0"), WRITER_STE, a, a, &r);
	ck_assert_int_eq(r.path, WRITER_NOOP);
	ck_assert_uint_eq(r.syncs, 0);
	ck_assert(r.hitless);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The torn-state checker on sequences the kernel would not write.            */

/* Legal nested STEs over the model's default parent: S1ContextPtr
 * 0x80001000 (one CD), S1DSS SSID0, WBRA, ISH; VMID 1 or 2. */
static void legal_nested(u64 w[NQ], u64 ctxptr, unsigned vmid)
{
	memset(w, 0, NQ * sizeof(*w));
	w[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_NESTED) | ctxptr;
	w[1] = 0xd6;
	w[2] = sn_field_set(STE_DW2_S2VMID, host_default_parent[2], vmid);
	w[3] = host_default_parent[3];
}

/* A hand-built result: each step writes @masks[i] of @to over the last entry. */
static void hand_result(struct writer_result *r, const u64 from[NQ], const u64 to[NQ],
			const u8 *masks, unsigned n)
{
	u64 cur[NQ];

	memset(r, 0, sizeof(*r));
	memcpy(cur, from, sizeof(cur));
	r->path = WRITER_HITLESS;       /* no V=0 anywhere */
	r->hitless = true;
	for (unsigned i = 0; i < n; i++) {
		for (unsigned q = 0; q < NQ; q++)
			if ((masks[i] >> q) & 1)
				cur[q] = to[q];
		r->steps[i].written = masks[i];
		memcpy(r->steps[i].after, cur, sizeof(cur));
		r->steps[i].sync = true;
	}
	r->nsteps = r->syncs = n;
}

START_TEST(test_torn_ctxptr_before_vmid)
{
	u64 a[NQ], b[NQ];
	struct writer_result r;
	struct torn_report t;
	const u8 order[] = { 0x1, 0x4 };        /* S1ContextPtr's qword, then the VMID's */
	const struct torn_mix *m;

	legal_nested(a, 0x80001000, 1);
	legal_nested(b, 0x80002000, 2);
	/* The kernel: two critical qwords, so V=0 first, and no third state. */
	writer_run(pol("v7.0"), WRITER_STE, a, b, &r);
	ck_assert_int_eq(r.path, WRITER_BREAKING);
	ck_assert_uint_eq(r.critical_mask, 0x5);
	ck_assert_uint_eq(r.syncs, 3);
	torn_check(pol("v7.0"), WRITER_STE, a, &r, &t);
	ck_assert(t.safe);
	ck_assert_uint_eq(t.per_class[TORN_THIRD], 0);
	ck_assert_uint_gt(t.per_class[TORN_ABORT], 0);

	/* The hypothetical order: the new table pointer meets the old VMID. */
	hand_result(&r, a, b, order, 2);
	torn_check(pol("v7.0"), WRITER_STE, a, &r, &t);
	ck_assert(!t.safe);
	ck_assert_uint_eq(t.mixes, 4);
	ck_assert_uint_eq(t.per_class[TORN_LIKE_OLD], 1);
	ck_assert_uint_eq(t.per_class[TORN_LIKE_NEW], 1);
	ck_assert_uint_eq(t.per_class[TORN_THIRD], 2);
	ck_assert_uint_eq(t.unsafe_total, 2);
	ck_assert_uint_eq(t.n_unsafe, 2);
	/* Step 1 with its write landed, then the same entry at step 2 before its write. */
	m = &t.unsafe[0];
	ck_assert_uint_eq(m->step, 0);
	ck_assert_uint_eq(m->new_mask, 0x1);
	ck_assert_int_eq(m->cls, TORN_THIRD);
	ck_assert_uint_eq(m->words[0], b[0]);
	ck_assert_uint_eq(m->words[2], a[2]);
	ck_assert_str_eq(m->why, "differs from old in S1ContextPtr; from new in S2VMID");
	m = &t.unsafe[1];
	ck_assert_uint_eq(m->step, 1);
	ck_assert_uint_eq(m->new_mask, 0);
	ck_assert_int_eq(m->cls, TORN_THIRD);
	ck_assert_mem_eq(m->words, t.unsafe[0].words, sizeof(m->words));

	/* Both qwords in one step without a sync between: the mixes are torn. */
	{
		const u8 one[] = { 0x5 };

		hand_result(&r, a, b, one, 1);
		torn_check(pol("v7.0"), WRITER_STE, a, &r, &t);
		ck_assert_uint_eq(t.mixes, 4);
		ck_assert_uint_eq(t.per_class[TORN_THIRD], 2);
		ck_assert_uint_eq(t.unsafe[0].new_mask, 0x1);
		ck_assert_uint_eq(t.unsafe[1].new_mask, 0x4);
		ck_assert_str_eq(t.unsafe[1].why,
				 "differs from old in S2VMID; from new in S1ContextPtr");
	}
}
END_TEST

/* EATS=TRANS next to S2S=1 is an ILLEGAL STE (IHI0070 §5.2 EATS): the reason
 * 7cad80048595 keeps EATS_TRANS unsafe when S2S is involved. */
START_TEST(test_torn_eats_with_s2s)
{
	u64 a[NQ], b[NQ];
	struct writer_result r;
	struct torn_report t;
	const u8 order[] = { 0x2, 0x4 };        /* EATS before S2S */

	memcpy(a, host_default_parent, sizeof(a));
	a[2] |= STE_DW2_S2S;
	memcpy(b, host_default_parent, sizeof(b));
	b[1] = sn_field_set(STE_DW1_EATS, b[1], STE_EATS_TRANS);
	writer_run(pol("v7.0"), WRITER_STE, a, b, &r);
	ck_assert_int_eq(r.path, WRITER_BREAKING);
	ck_assert_uint_eq(r.critical_mask, 0x6);
	torn_check(pol("v7.0"), WRITER_STE, a, &r, &t);
	ck_assert(t.safe);

	hand_result(&r, a, b, order, 2);
	torn_check(pol("v7.0"), WRITER_STE, a, &r, &t);
	ck_assert(!t.safe);
	ck_assert_uint_eq(t.per_class[TORN_THIRD], 0);
	ck_assert_uint_eq(t.per_class[TORN_ABORT], 2);
	ck_assert_int_eq(t.unsafe[0].cls, TORN_ABORT);
	ck_assert_uint_eq(t.unsafe[0].new_mask, 0x2);
	ck_assert_str_eq(t.unsafe[0].why, "C_BAD_STE: EATS 0b01 with S2S 1 and stage 2 enabled");
}
END_TEST

/* A CD: the new TTB0 with the old ASID is a third configuration. */
START_TEST(test_torn_cd_ttb_before_asid)
{
	u64 a[NQ], b[NQ];
	struct writer_result r;
	struct torn_report t;
	const u8 order[] = { 0x2, 0x1 };

	fixture(FX_CD_SVA, a);
	fixture(FX_CD_SVA, b);
	b[0] = sn_field_set(CD_DW0_ASID, b[0], 42);
	b[1] = 0x0000000089abd000ULL;
	writer_run(pol("v7.0"), WRITER_CD, a, b, &r);
	ck_assert_int_eq(r.path, WRITER_BREAKING);
	ck_assert_uint_eq(r.syncs, 3);
	ck_assert(!r.hitless);
	torn_check(pol("v7.0"), WRITER_CD, a, &r, &t);
	ck_assert(t.safe);

	hand_result(&r, a, b, order, 2);
	torn_check(pol("v7.0"), WRITER_CD, a, &r, &t);
	ck_assert(!t.safe);
	ck_assert_uint_eq(t.per_class[TORN_THIRD], 2);
	ck_assert_str_eq(t.unsafe[0].why, "differs from old in TTB0; from new in ASID");
}
END_TEST

/* MEV alone never makes a third configuration (IHI0070 §5.2 MEV). */
START_TEST(test_torn_mev_ignored)
{
	u64 a[NQ], b[NQ];
	struct writer_result r;
	struct torn_report t;
	const u8 order[] = { 0x2 };

	fixture(FX_NESTED_BYP_ATS, a);
	memcpy(b, a, sizeof(b));
	b[1] &= ~STE_DW1_MEV;
	hand_result(&r, a, b, order, 1);
	torn_check(pol("v7.0"), WRITER_STE, a, &r, &t);
	ck_assert(t.safe);
	ck_assert_uint_eq(t.per_class[TORN_LIKE_BOTH], 2);
}
END_TEST

START_TEST(test_names)
{
	enum writer_kind k;

	ck_assert_str_eq(writer_path_name(WRITER_NOOP), "noop");
	ck_assert_str_eq(writer_path_name(WRITER_NO_CRITICAL), "no-critical");
	ck_assert_str_eq(writer_path_name(WRITER_HITLESS), "hitless");
	ck_assert_str_eq(writer_path_name(WRITER_BREAKING), "breaking");
	ck_assert_str_eq(torn_class_name(TORN_LIKE_OLD), "like-old");
	ck_assert_str_eq(torn_class_name(TORN_LIKE_NEW), "like-new");
	ck_assert_str_eq(torn_class_name(TORN_LIKE_BOTH), "like-both");
	ck_assert_str_eq(torn_class_name(TORN_ABORT), "abort");
	ck_assert_str_eq(torn_class_name(TORN_THIRD), "third");
	ck_assert_str_eq(writer_sync_name(WRITER_STE), "CFGI_STE");
	ck_assert_str_eq(writer_sync_name(WRITER_CD), "CFGI_CD");
	ck_assert(writer_kind_parse("ste", &k) && k == WRITER_STE);
	ck_assert(writer_kind_parse("cd", &k) && k == WRITER_CD);
	ck_assert(!writer_kind_parse("STE", &k));
	ck_assert(!writer_kind_parse("", &k));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* smmu-nest hitless                                                          */

#define K22_FROM "--from=0xd,0x0000100000000000,0x0449b6c400000000,0x000dbeefdeadbee0,0,0,0,0"
#define K22_TO "--to=0xf800f0f0f0f0f0ef,0x00001000180800d5,0x0449b6c400000000," \
	       "0x000dbeefdeadbee0,0,0,0,0"

/* Case 22 under v7.0, worked out by hand: qword 1 first (EATS and MEV are
 * safe, the S1 fields unused by Config 6), then qword 0; the entry after
 * step 1 is still the old stage-2 configuration. */
START_TEST(test_cli_text)
{
	struct cli_run r;

	CLI_RUN(&r, "hitless", "--policy=v7.0", "--kind=ste", K22_FROM, K22_TO);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out,
		"policy v7.0, ste: hitless path, 1 critical qword (q0), 2 syncs\n"
		"  step 1: q1=0x00001000180800d5; CFGI_STE + CMD_SYNC\n"
		"  step 2: q0=0xf800f0f0f0f0f0ef; CFGI_STE + CMD_SYNC\n"
		"kunit: hitless (no synced entry with qword 0 == 0)\n"
		"torn: 4 mixes, 3 like-old, 1 like-new, 0 like-both, 0 abort, 0 third: safe\n");
}
END_TEST

START_TEST(test_cli_json)
{
	struct cli_run r;

	CLI_RUN(&r, "hitless", "--policy=v7.0", "--kind=ste", K22_FROM, K22_TO, "--json");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out,
		"{\"policy\":\"v7.0\",\"kind\":\"ste\",\"syncs\":2,\"hitless\":true,\"steps\":["
		"{\"written\":[1],\"entry\":[\"0x000000000000000d\",\"0x00001000180800d5\","
		"\"0x0449b6c400000000\",\"0x000dbeefdeadbee0\",\"0x0000000000000000\","
		"\"0x0000000000000000\",\"0x0000000000000000\",\"0x0000000000000000\"],"
		"\"sync\":\"CFGI_STE\"},"
		"{\"written\":[0],\"entry\":[\"0xf800f0f0f0f0f0ef\",\"0x00001000180800d5\","
		"\"0x0449b6c400000000\",\"0x000dbeefdeadbee0\",\"0x0000000000000000\","
		"\"0x0000000000000000\",\"0x0000000000000000\",\"0x0000000000000000\"],"
		"\"sync\":\"CFGI_STE\"}],"
		"\"unsafe\":[],\"path\":\"hitless\",\"safe\":true}\n");
}
END_TEST

/* The same case under v6.15: breaking, V=0 first. */
START_TEST(test_cli_text_v6_15)
{
	struct cli_run r;

	CLI_RUN(&r, "hitless", "--policy=v6.15", "--kind=ste", K22_FROM, K22_TO);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out,
		"policy v6.15, ste: breaking path, 2 critical qwords (q0,q1), 3 syncs\n"
		"  step 1: q0=0x0000000000000000; CFGI_STE + CMD_SYNC\n"
		"  step 2: q1=0x00001000180800d5; CFGI_STE + CMD_SYNC\n"
		"  step 3: q0=0xf800f0f0f0f0f0ef; CFGI_STE + CMD_SYNC\n"
		"kunit: not hitless (a synced entry had qword 0 == 0)\n"
		"torn: 6 mixes, 1 like-old, 1 like-new, 0 like-both, 4 abort, 0 third: safe\n");
}
END_TEST

START_TEST(test_cli_cd_noop)
{
	struct cli_run r;

	CLI_RUN(&r, "hitless", "--policy=seed-v2", "--kind=cd", "--from=0,0,0,0,0,0,0,0",
		"--to=0,0,0,0,0,0,0,0");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out,
		"policy seed-v2, cd: noop path, 0 critical qwords (none), 0 syncs\n"
		"kunit: hitless (no synced entry with qword 0 == 0)\n"
		"torn: 0 mixes, 0 like-old, 0 like-new, 0 like-both, 0 abort, 0 third: safe\n");
}
END_TEST

START_TEST(test_cli_help)
{
	struct cli_run r;

	CLI_RUN(&r, "hitless", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Usage: smmu-nest hitless"));
	CLI_RUN(&r, "--help");
	ck_assert_ptr_nonnull(strstr(r.out, "hitless"));
}
END_TEST

#define W8 "0,0,0,0,0,0,0,0"

static const struct {
	const char *args[6];
	const char *msg;
} bad_args[] = {
	{ { "--kind=ste", "--from=" W8, "--to=" W8 }, "missing --policy" },
	{ { "--policy=v7.0", "--from=" W8, "--to=" W8 }, "missing --kind" },
	{ { "--policy=v7.0", "--kind=ste", "--to=" W8 }, "missing --from" },
	{ { "--policy=v7.0", "--kind=ste", "--from=" W8 }, "missing --to" },
	{ { "--policy=v7.0", "--kind=ste", "--from=" W8, "--to=" W8, "--bogus" },
	  "unknown option '--bogus'" },
	{ { "--policy=v7.0", "--kind=ste", "--from=" W8, "--to=" W8, "extra" },
	  "unexpected argument 'extra'" },
	{ { "--policy=v7.0", "--kind=ste", "--from=0,0,0,0,0,0,0", "--to=" W8 },
	  "--from takes exactly 8" },
	{ { "--policy=v7.0", "--kind=ste", "--from=" W8, "--to=0,0,0,0,0,0,0,0,0" },
	  "--to takes exactly 8" },
	{ { "--policy=v7.0", "--kind=ste", "--from=0,0,0,0x0g,0,0,0,0", "--to=" W8 },
	  "--from takes exactly 8" },
	{ { "--policy=v7.0", "--kind=ste", "--from=" W8, "--to=0,,0,0,0,0,0,0" }, "--to takes exactly 8" },
	{ { "--policy=v7.0", "--kind=ste", "--from=" W8, "--to=" }, "--to takes exactly 8" },
	{ { "--policy=v9.9", "--kind=ste", "--from=" W8, "--to=" W8 }, "unknown policy 'v9.9'" },
	{ { "--policy=v7.0", "--kind=l1std", "--from=" W8, "--to=" W8 }, "unknown kind 'l1std'" },
	{ { "--policy", "--kind=ste", "--from=" W8, "--to=" W8 }, "unknown option '--policy'" },
};

START_TEST(test_cli_bad_args)
{
	const char *args[8] = { "hitless" };
	struct cli_run r;
	unsigned n = 1;

	for (unsigned i = 0; i < 6 && bad_args[_i].args[i]; i++)
		args[n++] = bad_args[_i].args[i];
	args[n] = NULL;
	cli_run(&r, args);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(strstr(r.err, "smmu-nest hitless: ") && strstr(r.err, bad_args[_i].msg),
		      "stderr: %s", r.err);
}
END_TEST

static Suite *writer_suite(void)
{
	Suite *s = suite_create("writer");
	TCase *tc = tcase_create("fixtures");

	tcase_add_loop_test(tc, test_fixture_value, 0, ARRAY_SIZE(fixture_values));
	tcase_add_test(tc, test_fixture_kunit_s2_parent);
	suite_add_tcase(s, tc);

	tc = tcase_create("kunit");
	tcase_add_loop_test(tc, test_kunit_v7_0, 0, ARRAY_SIZE(kcases));
	tcase_add_loop_test(tc, test_kunit_before_v7_0, 0, ARRAY_SIZE(kcases) * 3);
	tcase_add_test(tc, test_case21_v7_0_steps);
	tcase_add_test(tc, test_case22_v6_13_warns);
	suite_add_tcase(s, tc);

	tc = tcase_create("bits");
	tcase_add_test(tc, test_used_mev_per_policy);
	tcase_add_test(tc, test_used_v7_0);
	tcase_add_test(tc, test_used_cd);
	tcase_add_test(tc, test_safe_v7_0);
	tcase_add_test(tc, test_safe_none_before_v7_0);
	tcase_add_test(tc, test_policy_writer_rows);
	tcase_add_test(tc, test_eats_only_change);
	suite_add_tcase(s, tc);

	tc = tcase_create("torn");
	tcase_add_test(tc, test_torn_ctxptr_before_vmid);
	tcase_add_test(tc, test_torn_eats_with_s2s);
	tcase_add_test(tc, test_torn_cd_ttb_before_asid);
	tcase_add_test(tc, test_torn_mev_ignored);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("cli");
	tcase_add_test(tc, test_cli_text);
	tcase_add_test(tc, test_cli_json);
	tcase_add_test(tc, test_cli_text_v6_15);
	tcase_add_test(tc, test_cli_cd_noop);
	tcase_add_test(tc, test_cli_help);
	tcase_add_loop_test(tc, test_cli_bad_args, 0, ARRAY_SIZE(bad_args));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(writer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
