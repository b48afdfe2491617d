// SPDX-License-Identifier: MIT
/*
 * Stage-1-only streams (STE Config 0b101) outside the NS-EL1 StreamWorld,
 * and a CD whose table format the SMMU does not implement.
 *
 * One stream, built with the table builder:
 *   SID 2, linear stream table at PA 0x10000; STE V=1, Config 0b101,
 *   STRW as each test says, S2VMID 5 (the VMID of its NS-EL1 entries; not
 *   an EL2 tag, §3.17), one CD at PA 0x20000 (ASID 3, T0SZ 25, 4 KB
 *   granule, EPD1 1);
 *   stage 1 (tables at PA 0x100000): VA 0x1000 -> PA 0x300000,
 *   VA 0x2000 -> PA 0x301000, both RW at every privilege.
 *
 * Expectations, derived by hand:
 *  - IHI0070 G.b §5.2 STRW (arch.md §1.2): with IDR0.Hyp == 1 and Config
 *    0b101, STRW 0b10 selects StreamWorld NS-EL2 when SMMU_CR2.E2H == 0 and
 *    NS-EL2-E2H when E2H == 1.
 *  - IHI0070 G.b §3.17, §4.4 (arch.md §4.4 table): CMD_TLBI_NH_* invalidate
 *    NS-EL1 entries only; CMD_TLBI_EL2_* invalidate NS-EL2 and NS-EL2-E2H
 *    entries; NS-EL2-E2H entries carry an ASID (arch.md §2: "ASID tags
 *    entries for NS-EL1/Secure/any-EL2-E2H"), so CMD_TLBI_EL2_ASID removes
 *    the entries of its ASID only.
 *  - The staleness oracle under cache mode "max" keeps an entry until an
 *    invalidation required to remove it completes (rules/tlb.yaml
 *    arch.tlb.retention): after the stage-1 page of VA 0x1000 is moved to
 *    PA 0x302000, an invalidation that does not cover the entry leaves the
 *    translation STALE (served PA 0x300000, fresh PA 0x302000), one that
 *    does makes it FRESH at 0x302000.
 *  - IHI0070 G.b §5.4.2 (rules/arch.yaml arch.cd.illegal.aa64): a CD whose
 *    AA64 selects a format IDR0.TTF does not support (TTF 0b01: VMSAv8-32
 *    LPAE only) is ILLEGAL: C_BAD_CD (§7.3.11, type 0x0a), the
 *    transaction aborted.
 */
#include <check.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/cd.h>
#include <smmu-nest/cmdq.h>
#include <smmu-nest/oracle.h>
#include <smmu-nest/ste.h>

#define SID 2
#define ASID 3
#define STRTAB 0x10000ULL
#define CD_PA 0x20000ULL
#define VA 0x1000ULL
#define OLD_PA 0x300000ULL
#define NEW_PA 0x302000ULL
#define DESC_OA 0x0000fffffffff000ULL   /* a 4 KB page descriptor's OA, [47:12] */

struct fx {
	struct sn_mem *mem;
	struct smmu smmu;
	struct sn_tt s1;
	struct sn_oracle *o;
};

/* The stream, with STRW @strw; an oracle under "max" when @oracle. */
static void build(struct fx *f, unsigned strw, bool e2h, bool oracle)
{
	static const struct sn_tt_map maps[] = {
		{ .ia = VA, .oa = OLD_PA, .size = 0x1000, .ap = 1, .sh = 3, .af = true, .ng = true },
		{ .ia = 0x2000, .oa = 0x301000, .size = 0x1000, .ap = 1, .sh = 3, .af = true, .ng = true },
	};
	struct sn_tt_cfg c1 = { .stage = 1, .granule_shift = 12, .tsz = 25,
				.start_level = SN_TT_LEVEL_AUTO, .pool_base = 0x100000,
				.pool_size = 0x10000 };
	struct sn_tt_err err;
	struct tlb_policy p;
	u64 ste[8] = { 0 }, cd[8] = { 0 };

	memset(f, 0, sizeof(*f));
	f->mem = sn_mem_new(64);
	ck_assert_ptr_nonnull(f->mem);
	smmu_init(&f->smmu, f->mem);
	f->smmu.strtab_base = STRTAB;
	f->smmu.strtab_base_cfg = 4;            /* linear, LOG2SIZE 4 */
	f->smmu.cr2_e2h = e2h;
	ck_assert(f->smmu.idr.hyp);
	ck_assert_int_eq(sn_tt_build(f->mem, &c1, maps, 2, &f->s1, &err), 0);

	ste[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_S1_TRANS) |
		 (CD_PA & STE_DW0_S1CONTEXTPTR);
	ste[1] = sn_field_prep(STE_DW1_STRW, strw);
	ste[2] = sn_field_prep(STE_DW2_S2VMID, 5);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_int_eq(sn_mem_write64(f->mem, STRTAB + 64 * SID + 8 * i, ste[i]), 0);
	cd[0] = sn_field_prep(CD_DW0_T0SZ, 25) | CD_DW0_EPD1 | CD_DW0_V |
		sn_field_prep(CD_DW0_IPS, 5) | CD_DW0_AA64 | CD_DW0_R | CD_DW0_A |
		sn_field_prep(CD_DW0_ASID, ASID);
	cd[1] = f->s1.ttb & CD_DW1_TTB0;
	cd[3] = 0xff;                           /* MAIR: Attr0 Normal WB */
	for (unsigned i = 0; i < 8; i++)
		ck_assert_int_eq(sn_mem_write64(f->mem, CD_PA + 8 * i, cd[i]), 0);
	if (oracle) {
		ck_assert(tlb_policy_parse("max", &p));
		f->o = sn_oracle_new(&f->smmu, &p, 256);
		ck_assert_ptr_nonnull(f->o);
	}
}

static void teardown(struct fx *f)
{
	sn_oracle_free(f->o);
	sn_tt_free(&f->s1);
	sn_mem_free(f->mem);
}

static void judge(struct fx *f, struct sn_judgement *j)
{
	struct sn_txn t = { .sid = SID, .addr = VA, .priv = true };

	sn_oracle_translate(f->o, &t, false, j);
}

static void cmd(struct fx *f, struct sn_cmd c)
{
	u64 w[2];

	sn_cmd_encode(&c, w);
	ck_assert_int_ne(sn_oracle_cmd(f->o, w), TLB_Q_STOPPED);
}

/* CMD_SYNC, then the software declares its update complete (a settle
 * point: a difference from an earlier write is STALE from here on). */
static void sync_cmd(struct fx *f)
{
	u64 w[2];

	sn_cmd_encode(&(struct sn_cmd){ .op = CMD_SYNC }, w);
	ck_assert_int_eq(sn_oracle_cmd(f->o, w), TLB_Q_SYNCED);
	sn_oracle_settle(f->o);
}

/* Move the stage-1 page of VA to NEW_PA.  The descriptor's PA comes from a
 * cache-less walk's access log (a locator, not an expectation). */
static void move_page(struct fx *f)
{
	struct sn_txn t = { .sid = SID, .addr = VA, .priv = true };
	struct sn_xlate x;
	u64 pa = 0, d;

	smmu_translate(&f->smmu, &t, &x);
	for (unsigned i = 0; i < f->smmu.log.n; i++) {
		const struct sn_access *a = &f->smmu.log.a[i];

		if (a->what == SN_ACC_S1_DESC && a->level == 3 && a->ia == VA)
			pa = a->pa;
	}
	ck_assert_msg(pa != 0, "no level-3 stage-1 read for VA 0x%llx", (unsigned long long)VA);
	d = sn_mem_read64(f->mem, pa);
	ck_assert_uint_eq(d & DESC_OA, OLD_PA);
	ck_assert_int_eq(sn_oracle_write(f->o, pa, (d & ~DESC_OA) | NEW_PA), 0);
}

static void expect(const struct sn_judgement *j, enum sn_verdict v, u64 served, u64 fresh)
{
	ck_assert_msg(j->verdict == v, "verdict %s, expected %s (%s)", sn_verdict_name(j->verdict),
		      sn_verdict_name(v), j->diff);
	ck_assert_int_eq(j->served.disp, SN_XLATE_OK);
	ck_assert_uint_eq(j->served.pa, served);
	ck_assert_int_eq(j->fresh.disp, SN_XLATE_OK);
	ck_assert_uint_eq(j->fresh.pa, fresh);
}

/* §5.2 STRW 0b10, CR2.E2H 0: NS-EL2.  §4.4: TLBI_NH_ALL (even of the VMID
 * the entry would carry at NS-EL1) leaves an NS-EL2 entry; TLBI_EL2_ALL
 * removes it. */
START_TEST(el2_entry_survives_nh_all_not_el2_all)
{
	struct fx f;
	struct sn_judgement j;

	build(&f, 2, false, true);
	judge(&f, &j);
	expect(&j, SN_VERDICT_FRESH, OLD_PA, OLD_PA);
	move_page(&f);
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_NH_ALL, .vmid = 0 });
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_NH_ALL, .vmid = 5 });
	sync_cmd(&f);
	judge(&f, &j);
	expect(&j, SN_VERDICT_STALE, OLD_PA, NEW_PA);
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_EL2_ALL });
	sync_cmd(&f);
	judge(&f, &j);
	expect(&j, SN_VERDICT_FRESH, NEW_PA, NEW_PA);
	teardown(&f);
}
END_TEST

/* §5.2 STRW 0b10, CR2.E2H 1: NS-EL2-E2H, whose entries carry the CD's ASID:
 * TLBI_EL2_ASID of another ASID leaves the entry, of ASID 3 removes it. */
START_TEST(el2_e2h_entry_removed_by_its_asid)
{
	struct fx f;
	struct sn_judgement j;

	build(&f, 2, true, true);
	judge(&f, &j);
	expect(&j, SN_VERDICT_FRESH, OLD_PA, OLD_PA);
	move_page(&f);
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_EL2_ASID, .asid = ASID + 1 });
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_NH_ASID, .vmid = 0, .asid = ASID });
	sync_cmd(&f);
	judge(&f, &j);
	expect(&j, SN_VERDICT_STALE, OLD_PA, NEW_PA);
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_EL2_ASID, .asid = ASID });
	sync_cmd(&f);
	judge(&f, &j);
	expect(&j, SN_VERDICT_FRESH, NEW_PA, NEW_PA);
	teardown(&f);
}
END_TEST

/* The control: STRW 0b00 is NS-EL1, tagged with S2VMID 5 (§3.17, arch.md
 * §1.2 S2VMID): TLBI_EL2_ALL leaves it, TLBI_NH_ALL of VMID 5 removes it. */
START_TEST(el1_entry_removed_by_nh_all_of_its_vmid)
{
	struct fx f;
	struct sn_judgement j;

	build(&f, 0, false, true);
	judge(&f, &j);
	expect(&j, SN_VERDICT_FRESH, OLD_PA, OLD_PA);
	move_page(&f);
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_EL2_ALL });
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_NH_ALL, .vmid = 4 });
	sync_cmd(&f);
	judge(&f, &j);
	expect(&j, SN_VERDICT_STALE, OLD_PA, NEW_PA);
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_NH_ALL, .vmid = 5 });
	sync_cmd(&f);
	judge(&f, &j);
	expect(&j, SN_VERDICT_FRESH, NEW_PA, NEW_PA);
	teardown(&f);
}
END_TEST

/* §5.4.2: IDR0.TTF 0b01 (no VMSAv8-64): the CD's AA64 1 is ILLEGAL; TTF
 * 0b10 (VMSAv8-64 only, the default) translates VA 0x1000 to 0x300000. */
START_TEST(cd_aa64_needs_ttf_aarch64)
{
	struct fx f;
	struct sn_txn t = { .sid = SID, .addr = VA, .priv = true };
	struct sn_xlate x;

	build(&f, 0, false, false);
	f.smmu.idr.ttf = 1;
	smmu_translate(&f.smmu, &t, &x);
	ck_assert_int_eq(x.disp, SN_XLATE_ABORT);
	ck_assert(x.has_event);
	ck_assert_uint_eq(x.event.type, EVT_C_BAD_CD);
	ck_assert_uint_eq(x.event.sid, SID);
	ck_assert(!x.event.ssv);

	f.smmu.idr.ttf = 2;
	smmu_translate(&f.smmu, &t, &x);
	ck_assert_int_eq(x.disp, SN_XLATE_OK);
	ck_assert(!x.has_event);
	ck_assert_uint_eq(x.pa, OLD_PA);
	teardown(&f);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cov_s1");
	TCase *sw = tcase_create("streamworld");
	TCase *cd = tcase_create("cd");

	tcase_add_test(sw, el2_entry_survives_nh_all_not_el2_all);
	tcase_add_test(sw, el2_e2h_entry_removed_by_its_asid);
	tcase_add_test(sw, el1_entry_removed_by_nh_all_of_its_vmid);
	suite_add_tcase(s, sw);
	tcase_add_test(cd, cd_aa64_needs_ttf_aarch64);
	suite_add_tcase(s, cd);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
