// SPDX-License-Identifier: MIT
/*
 * Sparse memory and the SMMU's logged reads: the page cap refuses instead of
 * allocating, never-written memory reads zero, abort ranges answer aborts,
 * and the access log records every read and says when it overflowed.
 */
#include <check.h>
#include <stdlib.h>

#include <smmu-nest/mem.h>
#include <smmu-nest/smmu.h>

START_TEST(unwritten_reads_zero)
{
	struct sn_mem *m = sn_mem_new(4);

	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(sn_mem_read64(m, 0), 0);
	ck_assert_uint_eq(sn_mem_read64(m, 0xfffffffffffff000ULL), 0);
	ck_assert_uint_eq(sn_mem_pages(m), 0);
	ck_assert_uint_eq(sn_mem_max_pages(m), 4);
	sn_mem_free(m);
}
END_TEST

/* Pages written out of order are kept sorted and found again. */
START_TEST(pages_in_any_order)
{
	static const u64 pas[] = { 0x5000, 0x1000, 0x9000, 0x3000, 0x7ff8, 0x0 };
	struct sn_mem *m = sn_mem_new(64);

	for (unsigned i = 0; i < 6; i++)
		ck_assert_int_eq(sn_mem_write64(m, pas[i], 0x1111ULL * (i + 1)), 0);
	for (unsigned i = 0; i < 6; i++)
		ck_assert_uint_eq(sn_mem_read64(m, pas[i]), 0x1111ULL * (i + 1));
	/* 0x7ff8 shares page 7 with nothing else: 6 distinct pages */
	ck_assert_uint_eq(sn_mem_pages(m), 6);
	/* rewriting a word allocates nothing */
	ck_assert_int_eq(sn_mem_write64(m, 0x5000, 42), 0);
	ck_assert_uint_eq(sn_mem_pages(m), 6);
	ck_assert_uint_eq(sn_mem_read64(m, 0x5000), 42);
	/* many pages: the array grows past its first capacity */
	for (u64 p = 0; p < 40; p++)
		ck_assert_int_eq(sn_mem_write64(m, 0x100000 + (39 - p) * 0x1000, p), 0);
	for (u64 p = 0; p < 40; p++)
		ck_assert_uint_eq(sn_mem_read64(m, 0x100000 + (39 - p) * 0x1000), p);
	sn_mem_free(m);
}
END_TEST

START_TEST(cap_refuses_new_pages)
{
	struct sn_mem *m = sn_mem_new(2);

	ck_assert_int_eq(sn_mem_write64(m, 0x0000, 1), 0);
	ck_assert_int_eq(sn_mem_write64(m, 0x1000, 2), 0);
	ck_assert_int_eq(sn_mem_write64(m, 0x2000, 3), -1);     /* a third page */
	ck_assert_uint_eq(sn_mem_pages(m), 2);
	ck_assert_uint_eq(sn_mem_read64(m, 0x2000), 0);
	ck_assert_int_eq(sn_mem_write64(m, 0x1ff8, 4), 0);      /* existing page: fine */
	sn_mem_free(m);
}
END_TEST

START_TEST(misaligned_write_refused)
{
	struct sn_mem *m = sn_mem_new(2);

	ck_assert_int_eq(sn_mem_write64(m, 0x1004, 1), -1);
	ck_assert_uint_eq(sn_mem_pages(m), 0);
	sn_mem_free(m);
}
END_TEST

START_TEST(abort_ranges)
{
	struct sn_mem *m = sn_mem_new(2);

	ck_assert_int_eq(sn_mem_add_abort(m, 0x2000, 0), -1);   /* empty range */
	ck_assert_int_eq(sn_mem_add_abort(m, 0x2000, 0x10), 0);
	ck_assert(!sn_mem_aborts(m, 0x1ff8));
	ck_assert(sn_mem_aborts(m, 0x2000));
	ck_assert(sn_mem_aborts(m, 0x2008));
	ck_assert(!sn_mem_aborts(m, 0x2010));
	/* a range reaching the top of the address space does not wrap */
	ck_assert_int_eq(sn_mem_add_abort(m, 0xfffffffffffff000ULL, 0x1000), 0);
	ck_assert(sn_mem_aborts(m, 0xfffffffffffffff8ULL));
	ck_assert(!sn_mem_aborts(m, 0x0));
	for (unsigned i = 2; i < SN_MEM_MAX_ABORTS; i++)
		ck_assert_int_eq(sn_mem_add_abort(m, 0x100000ULL * i, 8), 0);
	ck_assert_int_eq(sn_mem_add_abort(m, 0x90000000, 8), -1); /* table full */
	sn_mem_free(m);
}
END_TEST

START_TEST(logged_reads)
{
	struct sn_mem *m = sn_mem_new(2);
	struct smmu s;
	u64 v;

	smmu_init(&s, m);
	ck_assert_int_eq(sn_mem_write64(m, 0x1000, 0xabcd), 0);
	ck_assert_int_eq(sn_mem_add_abort(m, 0x1008, 8), 0);
	ck_assert(smmu_read64(&s, 0x1000, SN_ACC_CD, 0, -1, 7, SN_CLASS_CD, &v));
	ck_assert_uint_eq(v, 0xabcd);
	ck_assert(!smmu_read64(&s, 0x1008, SN_ACC_S2_DESC, 2, 3, 0x5000, SN_CLASS_TT, &v));
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(s.log.n, 2);
	ck_assert_uint_eq(s.log.a[0].pa, 0x1000);
	ck_assert_int_eq(s.log.a[0].what, SN_ACC_CD);
	ck_assert_uint_eq(s.log.a[0].value, 0xabcd);
	ck_assert(!s.log.a[0].aborted);
	ck_assert(s.log.a[1].aborted);
	ck_assert_int_eq(s.log.a[1].stage, 2);
	ck_assert_int_eq(s.log.a[1].level, 3);
	ck_assert_uint_eq(s.log.a[1].ia, 0x5000);
	ck_assert_int_eq(s.log.a[1].for_class, SN_CLASS_TT);
	/* past SN_LOG_MAX the log keeps the first reads and says it overflowed */
	for (unsigned i = 2; i < SN_LOG_MAX + 3; i++)
		smmu_read64(&s, 0x1000, SN_ACC_DATA, 0, -1, i, 0, &v);
	ck_assert_uint_eq(s.log.n, SN_LOG_MAX);
	ck_assert(s.log.overflow);
	sn_mem_free(m);
}
END_TEST

START_TEST(names_and_sizes)
{
	ck_assert_str_eq(sn_event_name(EVT_F_TRANSLATION), "F_TRANSLATION");
	ck_assert_str_eq(sn_event_name(EVT_C_BAD_STE), "C_BAD_STE");
	ck_assert_str_eq(sn_event_name(0x0c), "reserved");
	ck_assert_str_eq(sn_event_name(0xff), "reserved");
	/* IHI0070 §6.3.6 OAS encodings */
	ck_assert_uint_eq(sn_pa_bits(0), 32);
	ck_assert_uint_eq(sn_pa_bits(2), 40);
	ck_assert_uint_eq(sn_pa_bits(5), 48);
	ck_assert_uint_eq(sn_pa_bits(6), 52);
	ck_assert_uint_eq(sn_pa_bits(7), 56);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("mem");
	TCase *tc = tcase_create("mem");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, unwritten_reads_zero);
	tcase_add_test(tc, pages_in_any_order);
	tcase_add_test(tc, cap_refuses_new_pages);
	tcase_add_test(tc, misaligned_write_refused);
	tcase_add_test(tc, abort_ranges);
	tcase_add_test(tc, logged_reads);
	tcase_add_test(tc, names_and_sizes);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
