// SPDX-License-Identifier: MIT
/*
 * Comparing an expected outcome with what the model returned: every way two
 * outcomes can differ is reported, naming the field, expected and got.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/replay.h>

static const u64 STE_A[STE_DWORDS] = { 0xf, 0x10, 0x20, 0x30, 0, 0, 0, 0 };

static struct vste_result got_ok(const u64 ste[STE_DWORDS], bool ats)
{
	struct vste_result r;

	memset(&r, 0, sizeof(r));
	r.err = SN_OK;
	memcpy(r.ste, ste, sizeof(r.ste));
	r.ats = ats;
	return r;
}

static struct vste_result got_err(int err, enum sn_stage stage)
{
	struct vste_result r;

	memset(&r, 0, sizeof(r));
	r.err = err;
	r.stage = stage;
	strcpy(r.reason, "because");
	return r;
}

static struct sn_outcome exp_ok(const u64 ste[STE_DWORDS], bool ats)
{
	struct sn_outcome o;

	memset(&o, 0, sizeof(o));
	o.kind = SN_RES_OK;
	memcpy(o.ste, ste, sizeof(o.ste));
	o.ats = ats;
	return o;
}

static struct sn_outcome exp_err(int err, bool has_stage, enum sn_stage stage)
{
	struct sn_outcome o;

	memset(&o, 0, sizeof(o));
	o.kind = SN_RES_ERROR;
	o.err = err;
	o.has_stage = has_stage;
	o.stage = stage;
	return o;
}

START_TEST(ok_matches_ok)
{
	struct sn_outcome e = exp_ok(STE_A, true);
	struct vste_result g = got_ok(STE_A, true);
	char why[512] = "";

	ck_assert(sn_outcome_matches(&e, &g, why, sizeof(why), NULL));
	ck_assert_str_eq(why, "");
}
END_TEST

START_TEST(ste_word_differs)
{
	u64 other[STE_DWORDS];
	struct sn_outcome e = exp_ok(STE_A, false);
	struct vste_result g;
	char why[512];

	memcpy(other, STE_A, sizeof(other));
	other[2] ^= 0x5;
	g = got_ok(other, false);
	ck_assert(!sn_outcome_matches(&e, &g, why, sizeof(why), NULL));
	ck_assert_str_eq(why, "STE word 2: expected 0x0000000000000020, got 0x0000000000000025 "
			 "(differing bits 0x0000000000000005)");
}
END_TEST

START_TEST(ats_differs)
{
	struct sn_outcome e = exp_ok(STE_A, true);
	struct vste_result g = got_ok(STE_A, false);
	char why[512];

	ck_assert(!sn_outcome_matches(&e, &g, why, sizeof(why), NULL));
	ck_assert_str_eq(why, "ATS: expected on, got off");
}
END_TEST

START_TEST(ok_expected_error_got)
{
	struct sn_outcome e = exp_ok(STE_A, false);
	struct vste_result g = got_err(SN_EIO, SN_STAGE_ALLOC);
	char why[512];

	ck_assert(!sn_outcome_matches(&e, &g, why, sizeof(why), NULL));
	ck_assert_ptr_nonnull(strstr(why, "expected ok ste=[0x000000000000000f,"));
	ck_assert_ptr_nonnull(strstr(why, "got error EIO (alloc): because"));
}
END_TEST

START_TEST(error_cases)
{
	struct sn_outcome any_stage = exp_err(SN_EINVAL, false, SN_STAGE_NONE);
	struct sn_outcome at_viommu = exp_err(SN_EINVAL, true, SN_STAGE_VIOMMU);
	struct vste_result g = got_err(SN_EINVAL, SN_STAGE_ALLOC);
	struct vste_result ok = got_ok(STE_A, false);
	char why[512];

	ck_assert(sn_outcome_matches(&any_stage, &g, why, sizeof(why), NULL));
	ck_assert(!sn_outcome_matches(&at_viommu, &g, why, sizeof(why), NULL));
	ck_assert_str_eq(why, "expected error EINVAL (viommu), got error EINVAL (alloc): because");
	g = got_err(SN_EBUSY, SN_STAGE_ALLOC);
	ck_assert(!sn_outcome_matches(&any_stage, &g, why, sizeof(why), NULL));
	ck_assert_str_eq(why, "expected error EINVAL, got error EBUSY (alloc): because");
	ck_assert(!sn_outcome_matches(&any_stage, &ok, why, sizeof(why), NULL));
	ck_assert_ptr_nonnull(strstr(why, "expected error EINVAL, got ok ste=["));
}
END_TEST

START_TEST(acceptable_alternatives)
{
	struct sn_outcome alts[2] = { exp_err(SN_EIO, false, SN_STAGE_NONE), exp_ok(STE_A, true) };
	struct sn_outcome e;
	struct vste_result g = got_ok(STE_A, true);
	unsigned alt = 99;
	char why[512];

	memset(&e, 0, sizeof(e));
	e.kind = SN_RES_ACCEPTABLE;
	e.any_of = alts;
	e.n_any_of = 2;
	ck_assert(sn_outcome_matches(&e, &g, why, sizeof(why), &alt));
	ck_assert_uint_eq(alt, 1);
	g = got_err(SN_EIO, SN_STAGE_ALLOC);
	ck_assert(sn_outcome_matches(&e, &g, why, sizeof(why), &alt));
	ck_assert_uint_eq(alt, 0);
	g = got_ok(STE_A, false);
	ck_assert(!sn_outcome_matches(&e, &g, why, sizeof(why), &alt));
	ck_assert_ptr_nonnull(strstr(why, "expected one of 2 acceptable outcomes, got ok ste=["));
}
END_TEST

START_TEST(result_format)
{
	struct vste_result g = got_ok(STE_A, true);
	char buf[512];

	sn_result_format(&g, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ok ste=[0x000000000000000f,0x0000000000000010,0x0000000000000020,"
			 "0x0000000000000030,0x0000000000000000,0x0000000000000000,"
			 "0x0000000000000000,0x0000000000000000] ats=on");
	g = got_err(SN_ENOENT, SN_STAGE_ATTACH);
	sn_result_format(&g, buf, sizeof(buf));
	ck_assert_str_eq(buf, "error ENOENT (attach): because");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("outcomes");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, ok_matches_ok);
	tcase_add_test(tc, ste_word_differs);
	tcase_add_test(tc, ats_differs);
	tcase_add_test(tc, ok_expected_error_got);
	tcase_add_test(tc, error_cases);
	tcase_add_test(tc, acceptable_alternatives);
	tcase_add_test(tc, result_format);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
