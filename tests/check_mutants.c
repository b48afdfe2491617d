// SPDX-License-Identifier: MIT
/*
 * The planted-bug mutants (include/smmu-nest/mutants.h): the normal build
 * carries none, and focused tests for the mutants the rest of the suite
 * caught only through random property runs (check_property), so that each
 * is also caught by a deterministic case that names the rule.
 *
 * The nested stream of the focused tests, built with the table builder:
 *   SID 3, linear stream table at PA 0x10000; STE Config 0b111, VMID 1,
 *   S2R (stage-2 faults recorded), S2S 0 (terminated); one CD at IPA
 *   0x80000000 (ASID 3);
 *   stage 2 (4 KB, S2T0SZ 24): IPA 0x80000000 -> PA 0x200000 (the CD page),
 *     IPA 0x80010000..0x80013fff -> PA 0x210000.. (stage-1 tables),
 *     IPA 0x40000000 -> PA 0x300000 (read/write),
 *     IPA 0x40001000 -> PA 0x500000 (read/write; not next to 0x301000),
 *     IPA 0x40002000 -> PA 0x302000 (S2AP 0b01: read only),
 *     nothing else of [0x40000000, 0x40200000);
 *   stage 1 (4 KB, T0SZ 25): one 2 MB block, VA 0x200000 -> IPA 0x40000000,
 *     AP[2:1] 0b01 (read/write at EL1 and EL0), nG.
 * Every expectation is worked out by hand in the test from ARM DDI0487 D8.4.3
 * (a nested translation covers the smaller of the two leaves) and IHI0070
 * §3.17 (a combined entry keeps both stages' permissions), never by running
 * the model.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/cd.h>
#include <smmu-nest/mutants.h>
#include <smmu-nest/oracle.h>
#include <smmu-nest/ste.h>
#include "nested_fx.h"

#define SID NFX_SID
#define VMID NFX_VMID
#define ASID NFX_ASID
#define STRTAB NFX_STRTAB
#define CD_IPA NFX_CD_IPA
#define CD_PA NFX_CD_PA
#define S2_WRITE (SN_PERM_W_PRIV | SN_PERM_W_UNPRIV)

/* ------------------------------------------------------------------------ */
/* No mutant in the normal build                                            */

START_TEST(normal_build_has_no_mutant)
{
	/*
	 * The library and this test are built with the same flags: a normal
	 * build (no SN_MUTANT) must report 0 and "none"; a mutant build
	 * (scripts/fuzz-mutants.sh) must report the mutant it was built with,
	 * so a library built with a mutant cannot pass for a normal one.
	 */
	ck_assert_int_eq(sn_mutant_active(), SN_MUTANT);
#if SN_MUTANT == 0
	ck_assert_int_eq(sn_mutant_active(), 0);
	ck_assert_str_eq(sn_mutant_name(), "none");
#else
	ck_assert_str_ne(sn_mutant_name(), "none");
	ck_assert_str_ne(sn_mutant_name(), "?");
#endif
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The nested fixture                                                       */

static void build(struct nested_fx *f)
{
	static const struct sn_tt_map s2maps[] = {
		{ .ia = CD_IPA, .oa = CD_PA, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x80010000, .oa = 0x210000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x80011000, .oa = 0x211000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x80012000, .oa = 0x212000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x80013000, .oa = 0x213000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x40000000, .oa = 0x300000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x40001000, .oa = 0x500000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x40002000, .oa = 0x302000, .size = 0x1000, .ap = 1, .attr = 15, .sh = 3, .af = true },
	};
	static const struct sn_tt_map s1maps[] = {
		{ .ia = 0x200000, .oa = 0x40000000, .size = 0x200000, .ap = 1, .sh = 3, .af = true,
		  .ng = true },
	};
	/* max: every entry kept until a command must remove it */
	nested_fx_build(f, s2maps, sizeof(s2maps) / sizeof(s2maps[0]), s1maps,
			sizeof(s1maps) / sizeof(s1maps[0]), 0, "max");
}

static void xlate(struct nested_fx *f, u64 va, bool write, struct sn_judgement *j)
{
	struct sn_txn t = { .sid = SID, .addr = va, .write = write };

	sn_oracle_translate(f->o, &t, false, j);
}

static bool used_kind(const struct sn_judgement *j, enum tlb_kind k)
{
	for (unsigned i = 0; i < j->n_used; i++)
		if (j->used[i].kind == k)
			return true;
	return false;
}

/* ------------------------------------------------------------------------ */
/* combined-s1-size: a combined entry covers the smaller of the two leaves  */

START_TEST(combined_entry_covers_the_smaller_leaf)
{
	struct nested_fx f;
	struct sn_judgement j;

	build(&f);
	/*
	 * VA 0x200010: the stage-1 block gives IPA 0x40000000 + 0x10, the
	 * stage-2 page 0x40000000 gives PA 0x300010.  The leaves are 2 MB and
	 * 4 KB: the translation, and the combined entry, cover 4 KB (D8.4.3).
	 */
	xlate(&f, 0x200010, false, &j);
	ck_assert_int_eq(j.served.disp, SN_XLATE_OK);
	ck_assert_uint_eq(j.served.pa, 0x300010);
	ck_assert_uint_eq(j.served.page_shift, 12);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(tlb_count(sn_oracle_tlb(f.o), TLB_NESTED), 1);
	/*
	 * VA 0x201020, same stage-1 block, next stage-2 page: IPA 0x40001020,
	 * which stage 2 maps to PA 0x500000 + 0x20.  An entry sized by stage 1
	 * alone would answer 0x300000 + 0x1020.
	 */
	xlate(&f, 0x201020, false, &j);
	ck_assert_int_eq(j.served.disp, SN_XLATE_OK);
	ck_assert_uint_eq(j.served.pa, 0x500020);
	ck_assert_uint_eq(j.served.ipa, 0x40001020);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(tlb_count(sn_oracle_tlb(f.o), TLB_NESTED), 2);
	/*
	 * VA 0x203000: IPA 0x40003000, which stage 2 does not map: a stage-2
	 * Translation fault on the input (S2 = 1, CLASS = IN), terminated.
	 */
	xlate(&f, 0x203000, false, &j);
	ck_assert_int_eq(j.served.disp, SN_XLATE_ABORT);
	ck_assert(j.served.has_event);
	ck_assert_uint_eq(j.served.event.type, EVT_F_TRANSLATION);
	ck_assert(j.served.event.s2);
	ck_assert_uint_eq(j.served.event.class, SN_CLASS_IN);
	ck_assert_uint_eq(j.served.event.ipa, 0x40003000);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	nested_fx_free(&f);
}
END_TEST

/* hit-no-s2-perm: a combined entry keeps, and is checked against, both stages' permissions */
START_TEST(combined_hit_checks_stage2_permission)
{
	struct nested_fx f;
	struct sn_judgement j;

	build(&f);
	/* A read of VA 0x202008: IPA 0x40002008, S2AP read only: PA 0x302008. */
	xlate(&f, 0x202008, false, &j);
	ck_assert_int_eq(j.served.disp, SN_XLATE_OK);
	ck_assert_uint_eq(j.served.pa, 0x302008);
	ck_assert_uint_eq(j.served.s2_perm & S2_WRITE, 0);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	/* Again: served by the combined entry, still without stage-2 write. */
	xlate(&f, 0x202008, false, &j);
	ck_assert(used_kind(&j, TLB_NESTED));
	ck_assert_uint_eq(j.served.pa, 0x302008);
	ck_assert_uint_eq(j.served.s2_perm & S2_WRITE, 0);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	/*
	 * A write to the same page: stage 1 allows it (AP 0b01), stage 2 does
	 * not (S2AP 0b01): a stage-2 Permission fault on the input, with the
	 * IPA, terminated (S2S = 0) and recorded (S2R = 1), whether the
	 * translation comes from the combined entry or from a walk.
	 */
	xlate(&f, 0x202010, true, &j);
	ck_assert(used_kind(&j, TLB_NESTED));
	ck_assert_int_eq(j.served.disp, SN_XLATE_ABORT);
	ck_assert(j.served.has_event);
	ck_assert_uint_eq(j.served.event.type, EVT_F_PERMISSION);
	ck_assert(j.served.event.s2);
	ck_assert_uint_eq(j.served.event.class, SN_CLASS_IN);
	ck_assert_uint_eq(j.served.event.ipa, 0x40002010);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	nested_fx_free(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mutants");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, normal_build_has_no_mutant);
	tcase_add_test(tc, combined_entry_covers_the_smaller_leaf);
	tcase_add_test(tc, combined_hit_checks_stage2_permission);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
