// SPDX-License-Identifier: MIT
/*
 * The torn-state checker (model/torn.c, writer.h) on write sequences built
 * by hand: each step writes some qwords, then a CFGI + CMD_SYNC; the SMMU
 * may fetch any mix of the words before the step and the words it writes.
 *
 * Expectations, derived by hand:
 *  - IHI0070 G.b §5.2 V, Config and §5.2.2 SteIllegal (arch.md §1.3): an
 *    STE with V == 0 is invalid (C_BAD_STE); Config 0b000 aborts.
 *  - writer.h torn_report.safe: a mix is unsafe when it aborts although
 *    both ends translate and the path is not the breaking one (which
 *    accepts an invalid entry: V=0 first).  So a one-qword sequence that
 *    passes through V == 0 or Config 0b000 between two identical bypass
 *    STEs is unsafe as a hitless path and safe as a breaking one.
 *  - IHI0070 G.b §5.4 EPD1: with EPD1 == 1 the TTB1 half is never walked
 *    and its fields (TTB1 among them) are IGNORED: two CDs that differ only
 *    in TTB1 are the same configuration, every mix of them "like-both".
 *    With EPD1 == 0 TTB1 is consumed: the old words behave as the old CD,
 *    the new as the new.
 */
#include <check.h>
#include <string.h>

#include <smmu-nest/cd.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/ste.h>
#include <smmu-nest/writer.h>

/* A valid bypass STE: V=1, Config 0b100. */
static const u64 bypass[WRITER_QWORDS] = { STE_DW0_V | (4ULL << 1) };

/* @nsteps steps, step i writing qword 0 := q0[i] over the previous words. */
static void seq_q0(struct writer_result *r, enum writer_path path, const u64 *from,
		   const u64 *q0, unsigned nsteps)
{
	const u64 *before = from;

	memset(r, 0, sizeof(*r));
	r->path = path;
	r->nsteps = r->syncs = nsteps;
	for (unsigned i = 0; i < nsteps; i++) {
		memcpy(r->steps[i].after, before, sizeof(r->steps[i].after));
		r->steps[i].after[0] = q0[i];
		r->steps[i].written = 1;
		r->steps[i].sync = true;
		before = r->steps[i].after;
	}
}

/*
 * bypass -> (q0 := @mid) -> (q0 := bypass q0) = bypass.  Step 0's mixes:
 * {} the old STE, {q0} @mid; step 1's: {} @mid, {q0} the new STE.  Old and
 * new are the same STE, so the unmixed ends are "like-both" and the two
 * @mid mixes abort.
 */
static void through(u64 mid, enum writer_path path, struct torn_report *out)
{
	struct writer_result r;
	const u64 q0[2] = { mid, bypass[0] };

	seq_q0(&r, path, bypass, q0, 2);
	torn_check(host_policy_default(), WRITER_STE, bypass, &r, out);
	ck_assert_uint_eq(out->mixes, 4);
	ck_assert_uint_eq(out->per_class[TORN_LIKE_BOTH], 2);
	ck_assert_uint_eq(out->per_class[TORN_ABORT], 2);
	ck_assert_uint_eq(out->per_class[TORN_THIRD], 0);
}

/* §5.2 V: a hitless path through V == 0 is unsafe at both mixes holding it. */
START_TEST(hitless_through_v0_is_unsafe)
{
	struct torn_report out;

	through(bypass[0] & ~STE_DW0_V, WRITER_HITLESS, &out);
	ck_assert(!out.safe);
	ck_assert_uint_eq(out.unsafe_total, 2);
	ck_assert_uint_eq(out.n_unsafe, 2);
	ck_assert_uint_eq(out.unsafe[0].step, 0);
	ck_assert_uint_eq(out.unsafe[0].new_mask, 1);
	ck_assert_uint_eq(out.unsafe[0].words[0], 0x8);        /* Config 0b100, V 0 */
	ck_assert_int_eq(out.unsafe[0].cls, TORN_ABORT);
	ck_assert_str_eq(out.unsafe[0].why, "C_BAD_STE: V 0");
	ck_assert_uint_eq(out.unsafe[1].step, 1);
	ck_assert_uint_eq(out.unsafe[1].new_mask, 0);
	ck_assert_str_eq(out.unsafe[1].why, "C_BAD_STE: V 0");
}
END_TEST

/* §5.2 Config 0b000: abort; unsafe on a path that is not breaking. */
START_TEST(no_critical_through_config_abort_is_unsafe)
{
	struct torn_report out;

	through(STE_DW0_V, WRITER_NO_CRITICAL, &out);
	ck_assert(!out.safe);
	ck_assert_uint_eq(out.unsafe_total, 2);
	ck_assert_str_eq(out.unsafe[0].why, "Config abort");
	ck_assert_str_eq(out.unsafe[1].why, "Config abort");
}
END_TEST

/* The breaking path accepts the invalid entry it writes on purpose. */
START_TEST(breaking_through_v0_is_safe)
{
	struct torn_report out;

	through(0, WRITER_BREAKING, &out);
	ck_assert(out.safe);
	ck_assert_uint_eq(out.unsafe_total, 0);
	ck_assert_uint_eq(out.n_unsafe, 0);
}
END_TEST

/* A stage-1 CD, both halves described (TTB1 at @ttb1); EPD1 from @epd1. */
static void cd_words(u64 w[WRITER_QWORDS], bool epd1, u64 ttb1)
{
	memset(w, 0, WRITER_QWORDS * sizeof(*w));
	w[0] = sn_field_prep(CD_DW0_T0SZ, 25) | sn_field_prep(CD_DW0_TG0, 0) |
	       sn_field_prep(CD_DW0_T1SZ, 25) | sn_field_prep(CD_DW0_TG1, 2) |
	       (epd1 ? CD_DW0_EPD1 : 0) | CD_DW0_V | sn_field_prep(CD_DW0_IPS, 5) |
	       CD_DW0_AA64 | CD_DW0_R | CD_DW0_A | sn_field_prep(CD_DW0_ASID, 1);
	w[1] = 0x100000 & CD_DW1_TTB0;
	w[2] = ttb1 & CD_DW2_TTB1;
	w[3] = 0xff;
}

/* One step writing qword 2 (TTB1) of a CD: mixes {} and {q2}. */
static void ttb1_move(bool epd1, struct torn_report *out)
{
	struct writer_result r;
	u64 from[WRITER_QWORDS];

	cd_words(from, epd1, 0x200000);
	memset(&r, 0, sizeof(r));
	r.path = WRITER_NO_CRITICAL;
	r.nsteps = r.syncs = 1;
	cd_words(r.steps[0].after, epd1, 0x300000);
	r.steps[0].written = 1u << 2;
	r.steps[0].sync = true;
	torn_check(host_policy_default(), WRITER_CD, from, &r, out);
	ck_assert_uint_eq(out->mixes, 2);
	ck_assert(out->safe);
	ck_assert_uint_eq(out->per_class[TORN_ABORT], 0);
	ck_assert_uint_eq(out->per_class[TORN_THIRD], 0);
}

/* §5.4 EPD1 == 1: TTB1 IGNORED, the two CDs are one configuration. */
START_TEST(cd_ttb1_ignored_with_epd1)
{
	struct torn_report out;

	ttb1_move(true, &out);
	ck_assert_uint_eq(out.per_class[TORN_LIKE_BOTH], 2);
	ck_assert_uint_eq(out.per_class[TORN_LIKE_OLD], 0);
	ck_assert_uint_eq(out.per_class[TORN_LIKE_NEW], 0);
}
END_TEST

/* §5.4 EPD1 == 0: TTB1 is walked, so the two CDs differ. */
START_TEST(cd_ttb1_consumed_without_epd1)
{
	struct torn_report out;

	ttb1_move(false, &out);
	ck_assert_uint_eq(out.per_class[TORN_LIKE_BOTH], 0);
	ck_assert_uint_eq(out.per_class[TORN_LIKE_OLD], 1);
	ck_assert_uint_eq(out.per_class[TORN_LIKE_NEW], 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cov_torn");
	TCase *ste = tcase_create("ste");
	TCase *cd = tcase_create("cd");

	tcase_add_test(ste, hitless_through_v0_is_unsafe);
	tcase_add_test(ste, no_critical_through_config_abort_is_unsafe);
	tcase_add_test(ste, breaking_through_v0_is_safe);
	suite_add_tcase(s, ste);
	tcase_add_test(cd, cd_ttb1_ignored_with_epd1);
	tcase_add_test(cd, cd_ttb1_consumed_without_epd1);
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
