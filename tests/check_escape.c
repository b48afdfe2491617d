// SPDX-License-Identifier: MIT
/*
 * The semantic escape checker over generated cases: for each real host
 * policy, 10,000 (vSTE, guest layout, transaction) cases translated by the
 * model with zero escapes; and deliberately broken policies (a bypass vSTE
 * installed as physical bypass, an S1 vSTE installed as stage-1 only) that
 * the checker must catch.  Cases come from a fixed-seed generator, so every
 * run checks the same cases.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/escape.h>
#include <smmu-nest/policy.h>

#define CASES_PER_POLICY 10000

/* Host physical layout */
#define STRTAB_PA   0x10000000ULL       /* linear stream table, 16 STEs */
#define S2_POOL_PA  0x40000000ULL       /* the host's stage-2 tables */
#define S2_POOL_SZ  0x00100000ULL
#define RAM_PA      0x80000000ULL       /* IPA [0, 16 MiB) in 2 MiB blocks */
#define PAGES_PA    0x90000000ULL       /* IPA 0x1000000.. in 4 KB pages, scattered */

/* Guest IPA layout (40-bit IPA) */
#define IPA_BLOCKS  0x01000000ULL       /* [0, 16 MiB): read-write blocks */
#define IPA_PAGES   0x01000000ULL       /* 16 x 4 KB pages of mixed S2AP */
#define N_PAGES     16
#define IPA_HOLE    0x02000000ULL       /* unmapped */
#define S1_POOL_IPA 0x00300000ULL       /* guest stage-1 tables (in a RW block) */

struct rng {
	u64 s;
};

static u64 next(struct rng *r)
{
	/* xorshift64* */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static u64 pick(struct rng *r, u64 n)
{
	return next(r) % n;
}

/* The parent's stage-2 image: 8 RW blocks, then 16 pages cycling S2AP
 * RW, RO, WO, none, placed in reverse order so neighbours are not contiguous. */
static unsigned s2_maps(struct sn_tt_map *m)
{
	unsigned n = 0;

	for (u64 ipa = 0; ipa < IPA_BLOCKS; ipa += 0x200000)
		m[n++] = (struct sn_tt_map){ .ia = ipa, .oa = RAM_PA + ipa, .size = 0x200000,
					     .ap = 3, .attr = 0xf, .sh = 3, .af = true };
	for (unsigned p = 0; p < N_PAGES; p++) {
		static const u8 ap[4] = { 3, 1, 2, 0 };

		m[n++] = (struct sn_tt_map){ .ia = IPA_PAGES + p * 0x1000ULL,
					     .oa = PAGES_PA + (N_PAGES - 1 - p) * 0x2000ULL,
					     .size = 0x1000, .ap = ap[p % 4], .xn = (p & 4) ? 2 : 0,
					     .attr = 0xf, .sh = 3, .af = true };
	}
	return n;
}

struct world {
	struct sn_mem *mem;
	struct smmu smmu;
	struct sn_tt s2;
	struct sn_tt_map s2m[N_PAGES + 8];
	struct sn_s2_image img;
	u64 parent[STE_DWORDS];
};

static void world_init(struct world *w)
{
	struct sn_tt_cfg cfg = {
		.stage = 2, .granule_shift = 12, .tsz = 24, .start_level = SN_TT_LEVEL_AUTO,
		.pool_base = S2_POOL_PA, .pool_size = S2_POOL_SZ,
	};
	unsigned n = s2_maps(w->s2m);
	struct sn_tt_err err;

	w->mem = sn_mem_new(4096);
	ck_assert_ptr_nonnull(w->mem);
	ck_assert_msg(sn_tt_build(w->mem, &cfg, w->s2m, n, &w->s2, &err) == 0, "%s", err.msg);
	smmu_init(&w->smmu, w->mem);
	w->smmu.strtab_base = STRTAB_PA;
	w->smmu.strtab_base_cfg = (u32)sn_field_prep(STRTAB_BASE_CFG_LOG2SIZE, 4);
	w->img = (struct sn_s2_image){ .maps = w->s2m, .n_maps = n,
				       .table_base = S2_POOL_PA, .table_size = S2_POOL_SZ };
	/* the host's stage-2-only STE for this domain: VMID 1, 40-bit IPA, 4 KB */
	memset(w->parent, 0, sizeof(w->parent));
	w->parent[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_S2_TRANS);
	w->parent[1] = sn_field_prep(STE_DW1_SHCFG, 1);
	w->parent[2] = sn_field_prep(STE_DW2_S2VMID, 1) | sn_field_prep(STE_DW2_S2T0SZ, 24) |
		       sn_field_prep(STE_DW2_S2SL0, w->s2.sl0) | sn_field_prep(STE_DW2_S2IR0, 1) |
		       sn_field_prep(STE_DW2_S2OR0, 1) | sn_field_prep(STE_DW2_S2SH0, 3) |
		       sn_field_prep(STE_DW2_S2TG, 0) | sn_field_prep(STE_DW2_S2PS, 5) |
		       STE_DW2_S2AA64 | STE_DW2_S2PTW | STE_DW2_S2R;
	w->parent[3] = w->s2.ttb & STE_DW3_S2TTB;
}

static void world_free(struct world *w)
{
	sn_tt_free(&w->s2);
	sn_mem_free(w->mem);
}

/* The guest writes a word at an IPA of its RAM (nothing if unmapped). */
static void guest_write(struct world *w, u64 ipa, u64 v)
{
	u64 pa;

	if (sn_tt_translate(&w->s2, ipa, &pa))
		ck_assert(sn_mem_write64(w->mem, pa, v) == 0);
}

/* An IPA a guest might point the SMMU at: mostly its RAM, often not. */
static u64 guest_ipa(struct rng *r, u64 align)
{
	switch (pick(r, 10)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return pick(r, IPA_BLOCKS) & ~(align - 1);              /* RW RAM */
	case 6:
		return (IPA_PAGES + pick(r, N_PAGES * 0x1000ULL)) & ~(align - 1); /* mixed S2AP */
	case 7:
		return (IPA_HOLE + pick(r, 1ULL << 30)) & ~(align - 1); /* unmapped */
	case 8:
		return pick(r, 1ULL << 52) & ~(align - 1);              /* anywhere, often too big */
	default:
		return (RAM_PA + pick(r, IPA_BLOCKS)) & ~(align - 1);   /* a host PA, as an IPA */
	}
}

/* Guest stage 1: a few 4 KB pages of a 39-bit VA space mapping to guest IPAs. */
static bool guest_s1(struct world *w, struct rng *r, struct sn_tt *s1, u64 *va)
{
	struct sn_tt_cfg cfg = {
		.stage = 1, .granule_shift = 12, .tsz = 25, .start_level = SN_TT_LEVEL_AUTO,
		.pool_base = S1_POOL_IPA, .pool_size = 0x40000,
		.resolve = sn_tt_resolve_s2, .resolve_ctx = &w->s2,
	};
	struct sn_tt_map m[6];
	struct sn_tt_err err;
	unsigned n = 0;

	if (pick(r, 8) == 0)
		cfg.pool_base = IPA_PAGES + pick(r, N_PAGES) * 0x1000ULL;   /* tables in odd pages */
	for (unsigned i = 0; i < 6; i++) {
		u64 ia = (u64)(i * 7 + 1) << 21 | pick(r, 512) << 12;

		/* the builder writes output addresses of up to 48 bits */
		m[n++] = (struct sn_tt_map){ .ia = ia, .oa = guest_ipa(r, 0x1000) & SN_GENMASK(47, 0),
					     .size = 0x1000,
					     .ap = pick(r, 3) ? 1 : (u8)pick(r, 4),
					     .xn = pick(r, 2) ? 0 : (u8)pick(r, 4),
					     .attr = (u8)pick(r, 8), .sh = 3, .af = pick(r, 8) != 0 };
	}
	*va = m[pick(r, n)].ia | pick(r, 0x1000);
	if (pick(r, 8) == 0)
		*va = next(r);                                      /* anything at all */
	return sn_tt_build(w->mem, &cfg, m, n, s1, &err) == 0;
}

/* A CD pointing at the guest's stage-1 tables (sometimes garbage). */
static void guest_cd(struct world *w, struct rng *r, u64 cd_ipa, u64 ttb0)
{
	u64 cd[CD_DWORDS] = { 0 };

	cd[0] = sn_field_prep(CD_DW0_T0SZ, 25) | sn_field_prep(CD_DW0_TG0, 0) |
		sn_field_prep(CD_DW0_IR0, 1) | sn_field_prep(CD_DW0_OR0, 1) |
		sn_field_prep(CD_DW0_SH0, 3) | CD_DW0_EPD1 | CD_DW0_V |
		sn_field_prep(CD_DW0_IPS, 5) | CD_DW0_AA64 | CD_DW0_A | CD_DW0_R |
		sn_field_prep(CD_DW0_ASID, pick(r, 65536));
	cd[1] = ttb0 & CD_DW1_TTB0;
	cd[3] = 0x000000000044ff04ULL;
	if (pick(r, 10) == 0)
		cd[pick(r, 4)] ^= next(r);                          /* a guest mistake, or worse */
	for (unsigned i = 0; i < CD_DWORDS; i++)
		guest_write(w, cd_ipa + 8 * i, cd[i]);
}

static void random_vste(struct rng *r, u64 cd_ipa, u64 vste[2])
{
	static const u64 configs[] = { 5, 5, 5, 5, 4, 0 };
	u64 cfg = pick(r, 8) == 0 ? pick(r, 8) : configs[pick(r, 6)];

	vste[0] = (pick(r, 16) ? STE_DW0_V : 0) | sn_field_prep(STE_DW0_CONFIG, cfg) |
		  (cd_ipa & SN_GENMASK(51, 6)) |
		  sn_field_prep(STE_DW0_S1CDMAX, pick(r, 4) == 0 ? pick(r, 3) : 0);
	vste[1] = sn_field_prep(STE_DW1_S1DSS, pick(r, 4)) | sn_field_prep(STE_DW1_S1CIR, 1) |
		  sn_field_prep(STE_DW1_S1COR, 1) | sn_field_prep(STE_DW1_S1CSH, 3) |
		  sn_field_prep(STE_DW1_EATS, pick(r, 3) == 0);
	if (pick(r, 32) == 0)
		vste[pick(r, 2)] ^= SN_BIT(pick(r, 64));            /* a stray bit */
}

struct tally {
	unsigned cases, accepted, translated, faulted, escapes;
	char first[400];
};

/* One generated case under @p; counts into @t. */
static void run_case(const struct host_policy *p, struct rng *r, struct tally *t)
{
	struct world w;
	struct host_env env;
	struct vste_result res;
	struct sn_tt s1;
	struct sn_txn txn;
	struct sn_xlate x;
	struct sn_escape esc;
	u64 vste[2], va = 0, cd_ipa = guest_ipa(r, 64);
	u32 sid = (u32)pick(r, 16);
	bool have_s1;

	world_init(&w);
	have_s1 = guest_s1(&w, r, &s1, &va);
	guest_cd(&w, r, cd_ipa, have_s1 ? s1.ttb : guest_ipa(r, 0x1000));
	random_vste(r, cd_ipa, vste);
	host_env_default(&env);
	env.ats_supported = pick(r, 2);
	t->cases++;
	host_policy_apply(p, vste, w.parent, &env, &res);
	if (res.err == SN_OK) {
		t->accepted++;
		for (unsigned i = 0; i < STE_DWORDS; i++)
			ck_assert(sn_mem_write64(w.mem, STRTAB_PA + sid * 64ULL + 8 * i, res.ste[i]) == 0);
		txn = (struct sn_txn){
			.sid = sid, .ssid = (u32)pick(r, 4), .addr = va,
			.write = pick(r, 2), .priv = pick(r, 2),
			.kind = pick(r, 6) == 0 ? SN_TXN_ATS_REQUEST : SN_TXN_UNTRANSLATED,
		};
		txn.instr = !txn.write && pick(r, 4) == 0;
		/* substream traffic mostly where the STE has substreams */
		txn.ssv = sn_field_get(STE_DW0_S1CDMAX, res.ste[0]) ? pick(r, 2) : pick(r, 16) == 0;
		smmu_translate(&w.smmu, &txn, &x);
		if (x.disp == SN_XLATE_OK)
			t->translated++;
		else
			t->faulted++;
		if (sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc)) {
			if (!t->escapes++)
				snprintf(t->first, sizeof(t->first),
					 "case %u: vSTE 0x%016" PRIx64 " 0x%016" PRIx64 ": %s",
					 t->cases, vste[0], vste[1], esc.what);
		}
	}
	if (have_s1)
		sn_tt_free(&s1);
	world_free(&w);
}

static void run_policy(const struct host_policy *p, u64 seed, struct tally *t)
{
	struct rng r = { seed };

	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < CASES_PER_POLICY; i++)
		run_case(p, &r, t);
}

START_TEST(real_policies_never_escape)
{
	const struct host_policy *p = host_policies[_i];
	struct tally t;

	run_policy(p, 0x5eed0000ULL + (u64)_i, &t);
	ck_assert_uint_eq(t.cases, CASES_PER_POLICY);
	ck_assert_msg(t.escapes == 0, "%s: %u escapes; first: %s", p->name, t.escapes, t.first);
	/* the cases must exercise both outcomes, or they prove little */
	ck_assert_msg(t.translated > CASES_PER_POLICY / 20, "%s: only %u translated",
		      p->name, t.translated);
	ck_assert_msg(t.faulted > CASES_PER_POLICY / 20, "%s: only %u faulted", p->name, t.faulted);
	printf("escape: %-8s %u cases, %u accepted, %u translated, %u faulted, 0 escapes\n",
	       p->name, t.cases, t.accepted, t.translated, t.faulted);
}
END_TEST

/* A bypass vSTE installed as physical bypass: stage 2 is gone. */
START_TEST(broken_bypass_is_caught)
{
	struct host_policy broken = *host_policy_find("v7.0");
	struct tally t;

	broken.phys_cfg_bypass = STE_CFG_BYPASS;
	run_policy(&broken, 0x5eed1000ULL, &t);
	ck_assert_msg(t.escapes > 0, "a physical bypass STE went unnoticed");
	ck_assert_ptr_nonnull(strstr(t.first, "outside the parent's stage-2 image"));
}
END_TEST

/* An S1 vSTE installed as stage-1 only: guest IPAs are used as PAs. */
START_TEST(broken_stage1_only_is_caught)
{
	struct host_policy broken = *host_policy_find("v6.13");
	struct tally t;

	broken.phys_cfg_s1 = STE_CFG_S1_TRANS;
	run_policy(&broken, 0x5eed2000ULL, &t);
	ck_assert_msg(t.escapes > 0, "a stage-1-only STE went unnoticed");
}
END_TEST

/* The checker itself, on hand-made logs and results. */
START_TEST(checker_judges_each_read)
{
	struct world w;
	struct sn_txn txn = { .addr = 0x1000 };
	struct sn_xlate x = { .disp = SN_XLATE_OK, .pa = RAM_PA + 0x1000 };
	struct sn_escape esc;
	u64 v;

	world_init(&w);
	/* an output inside a RW block is fine, outside is not */
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	x.pa = 0x1000;
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	ck_assert_int_eq(esc.log_index, -1);
	/* a write to the read-only page (IPA page 1 -> PA PAGES_PA + 14 pages) */
	x.pa = PAGES_PA + 14 * 0x2000ULL;
	txn.write = true;
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	ck_assert_ptr_nonnull(strstr(esc.what, "lacks the stage-2 permission"));
	txn.write = false;
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	/* fetches need stage-2 execute, not read: page 2 is write-only and executable */
	txn.instr = true;
	x.eff_instr = true;
	x.pa = PAGES_PA + 13 * 0x2000ULL;
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	/* the access is judged as performed: a read the host's STE.INSTCFG
	 * 0b11 made a fetch (IHI0070 §5.2) may use that page too ... */
	txn.instr = false;
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	/* ... and a data read may not */
	x.eff_instr = false;
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	/* ... page 4 is read-write but XN */
	txn.instr = true;
	x.eff_instr = true;
	x.pa = PAGES_PA + 11 * 0x2000ULL;
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	txn.instr = false;
	x.eff_instr = false;
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	/*
	 * An ATS Translation Completion is judged by what it grants.  R on
	 * page 2 (write-only, executable): an escape, unless the host's
	 * STE.INSTCFG makes every read a fetch, where IHI0070 §13.7.1 grants
	 * R from X; R on page 4 (read-write, XN) is the reverse.
	 */
	txn.kind = SN_TXN_ATS_REQUEST;
	x.ats_grant = SN_ATS_R;
	x.pa = PAGES_PA + 13 * 0x2000ULL;
	x.reads_as_fetch = false;
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	x.reads_as_fetch = true;
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	x.pa = PAGES_PA + 11 * 0x2000ULL;
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	x.reads_as_fetch = false;
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	/* W on page 4 is fine, X on it (XN) is not */
	x.ats_grant = SN_ATS_R | SN_ATS_W;
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	x.ats_grant = SN_ATS_R | SN_ATS_X;
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	/* "no access" (R == W == 0) is never an escape */
	x.ats_grant = 0;
	x.pa = 0x1000;
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	txn.kind = SN_TXN_UNTRANSLATED;
	/* a faulting result is never an escape by its output */
	x.disp = SN_XLATE_ABORT;
	x.pa = 0x1000;
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	/* a CD read outside the image */
	w.smmu.log.n = 0;
	smmu_read64(&w.smmu, 0x2000, SN_ACC_CD, 0, -1, 0, SN_CLASS_CD, &v);
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	ck_assert_int_eq(esc.log_index, 0);
	/* a stage-1 descriptor read in the no-access page (IPA page 3) */
	w.smmu.log.n = 0;
	smmu_read64(&w.smmu, PAGES_PA + 12 * 0x2000ULL, SN_ACC_S1_DESC, 1, 3, 0, SN_CLASS_TT, &v);
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	ck_assert_ptr_nonnull(strstr(esc.what, "grants no read"));
	/* a stage-2 descriptor read outside the host's tables */
	w.smmu.log.n = 0;
	smmu_read64(&w.smmu, RAM_PA, SN_ACC_S2_DESC, 2, 1, 0, SN_CLASS_IN, &v);
	ck_assert(sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	ck_assert_ptr_nonnull(strstr(esc.what, "stage-2 descriptor"));
	/* STE reads are the host's own */
	w.smmu.log.n = 0;
	smmu_read64(&w.smmu, STRTAB_PA, SN_ACC_STE, 0, -1, 0, 0, &v);
	ck_assert(!sn_escape_check(&w.img, &w.smmu, &txn, &x, &esc));
	world_free(&w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("escape");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, checker_judges_each_read);
	tcase_add_loop_test(tc, real_policies_never_escape, 0, (int)host_policy_count);
	tcase_add_test(tc, broken_bypass_is_caught);
	tcase_add_test(tc, broken_stage1_only_is_caught);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
