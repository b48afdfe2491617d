// SPDX-License-Identifier: MIT
/*
 * Library contracts the other suites leave unexercised, each as its header
 * states it, and the range TLBI at the top of the address space.
 *
 *  - builder.h sn_tt_build: "-1 with @err filled and @out empty" -- an
 *    empty tree translates nothing (sn_tt_translate false) and can be
 *    freed again; sn_tt_free(NULL) does nothing, as free(3).
 *  - mem.h sn_mem_foreach_word: "stops at the first non-zero return of @fn
 *    and returns it (0 when all were seen)".
 *  - oracle.h sn_oracle_write: "0, or -1 if the memory cap is reached"; a
 *    refused write changes neither memory nor the oracle's clock.
 *  - tlb.h tlb_create: "NULL if out of memory or @capacity is 0"; an
 *    oracle needs a store, so sn_oracle_new() with capacity 0 is NULL.
 *  - IHI0070 G.b §4.4.1.1 (arch.md §4.3): a range TLBI (TG != 0) covers
 *    (NUM+1) * 2^SCALE granules starting at Address; addresses are not
 *    modular, so a range that would run past 2^64 ends at the top of the
 *    address space and does not wrap to 0.
 *  - tlb.h: a combined (TLB_NESTED) entry's stage-1 size is at least its
 *    own size (IHI0070 §4.4.2, arch.md §6.8: an NH_VA of any address in
 *    the stage-1 page removes it).
 */
#include <check.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/cmdq.h>
#include <smmu-nest/mem.h>
#include <smmu-nest/oracle.h>
#include <smmu-nest/tlb.h>

/* ---- builder.h ------------------------------------------------------------ */

static const struct sn_tt_cfg s1cfg = {
	.stage = 1, .granule_shift = 12, .tsz = 25, .start_level = SN_TT_LEVEL_AUTO,
	.pool_base = 0x100000, .pool_size = 0x10000,
};

/* Two mappings of VA 0x1000 overlap (SN_TT_OVERLAP): the tree is empty. */
START_TEST(failed_build_leaves_an_empty_tree)
{
	static const struct sn_tt_map maps[] = {
		{ .ia = 0x1000, .oa = 0x300000, .size = 0x1000, .ap = 1, .af = true },
		{ .ia = 0x1000, .oa = 0x301000, .size = 0x1000, .ap = 1, .af = true },
	};
	struct sn_mem *mem = sn_mem_new(16);
	struct sn_tt t;
	struct sn_tt_err err;
	u64 oa = 0x5a5a;

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(sn_tt_build(mem, &s1cfg, maps, 2, &t, &err), -1);
	ck_assert_int_eq(err.status, SN_TT_OVERLAP);
	ck_assert_int_eq(err.map, 1);
	ck_assert_int_eq(err.other, 0);
	ck_assert(!sn_tt_translate(&t, 0x1000, &oa));
	ck_assert_uint_eq(oa, 0x5a5a);
	sn_tt_free(&t);                         /* empty: nothing to free, twice */
	sn_tt_free(&t);
	sn_tt_free(NULL);
	/* The first mapping alone builds and translates. */
	ck_assert_int_eq(sn_tt_build(mem, &s1cfg, maps, 1, &t, &err), 0);
	ck_assert(sn_tt_translate(&t, 0x1abc, &oa));
	ck_assert_uint_eq(oa, 0x300abc);
	sn_tt_free(&t);
	sn_mem_free(mem);
}
END_TEST

/* A mapping count the shadow tree cannot index (2^31) is refused up front,
 * before the list is read: the same contract, status SN_TT_BAD_CFG. */
START_TEST(too_many_mappings_refused)
{
	static const struct sn_tt_map one = { .ia = 0x1000, .oa = 0x300000, .size = 0x1000 };
	struct sn_mem *mem = sn_mem_new(16);
	struct sn_tt t;
	struct sn_tt_err err;
	u64 oa;

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(sn_tt_build(mem, &s1cfg, &one, 0x80000000u, &t, &err), -1);
	ck_assert_int_eq(err.status, SN_TT_BAD_CFG);
	ck_assert_int_eq(err.map, -1);
	ck_assert(!sn_tt_translate(&t, 0x1000, &oa));
	sn_mem_free(mem);
}
END_TEST

/* ---- mem.h ---------------------------------------------------------------- */

struct visit {
	unsigned calls;
	u64 last_pa;
};

static int stop_at_second(void *ctx, u64 pa, u64 value)
{
	struct visit *v = ctx;

	(void)value;
	v->last_pa = pa;
	return ++v->calls == 2 ? 7 : 0;
}

/* Three non-zero words: the walk stops at the second with its return, 7. */
START_TEST(foreach_word_stops_at_first_nonzero_return)
{
	struct sn_mem *m = sn_mem_new(16);
	struct visit v = { 0 };

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(sn_mem_write64(m, 0x1000, 1), 0);
	ck_assert_int_eq(sn_mem_write64(m, 0x1008, 2), 0);
	ck_assert_int_eq(sn_mem_write64(m, 0x9000, 3), 0);
	ck_assert_int_eq(sn_mem_foreach_word(m, stop_at_second, &v), 7);
	ck_assert_uint_eq(v.calls, 2);
	ck_assert_uint_eq(v.last_pa, 0x1008);
	sn_mem_free(m);
}
END_TEST

/* ---- oracle.h ------------------------------------------------------------- */

/* A one-page memory: a write to a second page is refused. */
START_TEST(oracle_write_past_the_cap)
{
	struct sn_mem *m = sn_mem_new(1);
	struct smmu s;
	struct tlb_policy p;
	struct sn_oracle *o;

	ck_assert_ptr_nonnull(m);
	smmu_init(&s, m);
	ck_assert(tlb_policy_parse("max", &p));
	o = sn_oracle_new(&s, &p, 16);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(sn_oracle_clock(o), 0);
	ck_assert_int_eq(sn_oracle_write(o, 0x1000, 0x11), 0);
	ck_assert_uint_eq(sn_oracle_clock(o), 1);
	ck_assert_int_eq(sn_oracle_write(o, 0x1000 + (1ULL << SN_MEM_PAGE_SHIFT), 0x22), -1);
	ck_assert_uint_eq(sn_oracle_clock(o), 1);
	ck_assert_uint_eq(sn_mem_read64(m, 0x1000 + (1ULL << SN_MEM_PAGE_SHIFT)), 0);
	ck_assert_uint_eq(sn_mem_read64(m, 0x1000), 0x11);
	sn_oracle_free(o);
	sn_mem_free(m);
}
END_TEST

/* tlb.h tlb_create: "NULL if out of memory or @capacity is 0" -- so is the
 * oracle over such a store; LRU:N needs N >= 1 too. */
START_TEST(oracle_needs_a_store)
{
	struct sn_mem *m = sn_mem_new(1);
	struct smmu s;
	struct tlb_policy p;

	ck_assert_ptr_nonnull(m);
	smmu_init(&s, m);
	ck_assert(tlb_policy_parse("max", &p));
	ck_assert_ptr_null(sn_oracle_new(&s, &p, 0));
	ck_assert_ptr_null(tlb_create(&p, 0, false));
	p = (struct tlb_policy){ .kind = TLB_POLICY_LRU, .lru_n = 0 };
	ck_assert_ptr_null(tlb_create(&p, 8, false));
	sn_mem_free(m);
}
END_TEST

/* ---- IHI0070 §4.4.1.1: a range TLBI at the top of the VA space ------------ */

static struct tlb_entry s1_page(u64 va)
{
	return (struct tlb_entry){
		.kind = TLB_S1, .strw = TLB_STRW_NS_EL1, .vmid = 1, .asid = 1, .ia = va,
		.size_shift = 12, .level = 3, .granule_shift = 12, .oa = 0x300000,
		.s1_perm = 0x3f, .s2_perm = 0x3f,
	};
}

/*
 * TLBI_NH_VA VMID 1 ASID 1, TG 4 KB, NUM 1, SCALE 0: 2 pages from Address
 * 0xfffffffffffff000 -- the top page, and past 2^64.  It removes the top
 * page's entry, not the page below Address, and not page 0 (no wrap).
 */
START_TEST(range_tlbi_does_not_wrap)
{
	struct tlb_policy p;
	struct tlb *t;
	struct sn_cmd c = { .op = CMD_TLBI_NH_VA, .vmid = 1, .asid = 1,
			    .addr = 0xfffffffffffff000ULL, .tg = 1, .num = 1, .scale = 0,
			    .leaf = true };
	const u64 vas[3] = { 0xfffffffffffff000ULL, 0xffffffffffffe000ULL, 0 };
	const bool removed[3] = { true, false, false };
	u64 w[2];

	ck_assert(tlb_policy_parse("max", &p));
	t = tlb_create(&p, 8, false);
	ck_assert_ptr_nonnull(t);
	sn_cmd_encode(&c, w);
	for (unsigned i = 0; i < 3; i++) {
		struct tlb_entry e = s1_page(vas[i]);
		const struct tlb_entry *held;

		ck_assert_int_eq(tlb_insert(t, &e), TLB_INS_OK);
		held = tlb_lookup_s1(t, TLB_STRW_NS_EL1, 1, 1, vas[i]);
		ck_assert_ptr_nonnull(held);
		ck_assert_uint_eq(held->ia, vas[i]);
		ck_assert_msg(tlb_cmd_removes(t, w, held) == removed[i],
			      "entry at VA 0x%llx: removed %d, expected %d",
			      (unsigned long long)vas[i], !removed[i], removed[i]);
	}
	/* And through the queue: only the top page's entry goes. */
	ck_assert_uint_eq(tlb_count(t, TLB_S1), 3);
	ck_assert_int_eq(tlb_queue_cmd(t, w), TLB_Q_QUEUED);
	tlb_sync(t);
	ck_assert_uint_eq(tlb_count(t, TLB_S1), 2);
	ck_assert_ptr_null(tlb_lookup_s1(t, TLB_STRW_NS_EL1, 1, 1, 0xfffffffffffff000ULL));
	ck_assert_ptr_nonnull(tlb_lookup_s1(t, TLB_STRW_NS_EL1, 1, 1, 0xffffffffffffe000ULL));
	ck_assert_ptr_nonnull(tlb_lookup_s1(t, TLB_STRW_NS_EL1, 1, 1, 0));
	tlb_destroy(t);
}
END_TEST

/*
 * With 64 KB granules (TG 0b11) a 6-bit SCALE (G.b CMD_TLBI_DW0_SCALE
 * [25:20]) gives ranges of 2^79 bytes (SCALE 63) or (1+1) * 2^63 (NUM 1,
 * SCALE 47): both reach past 2^64, so each covers Address 0x10000 to the
 * top -- the 64 KB pages at 0x20000 and at the top, not the one at 0.
 */
START_TEST(range_tlbi_past_the_top)
{
	static const struct { u8 num, scale; } cmds[2] = { { 0, 63 }, { 1, 47 } };
	const u64 vas[3] = { 0xffffffffffff0000ULL, 0x20000, 0 };
	const bool removed[3] = { true, true, false };
	struct tlb_policy p;

	ck_assert(tlb_policy_parse("max", &p));
	for (unsigned k = 0; k < 2; k++) {
		struct sn_cmd c = { .op = CMD_TLBI_NH_VA, .vmid = 1, .asid = 1, .addr = 0x10000,
				    .tg = 3, .num = cmds[k].num, .scale = cmds[k].scale, .leaf = true };
		struct tlb *t = tlb_create(&p, 8, false);
		u64 w[2];

		ck_assert_ptr_nonnull(t);
		sn_cmd_encode(&c, w);
		for (unsigned i = 0; i < 3; i++) {
			struct tlb_entry e = s1_page(vas[i]);
			const struct tlb_entry *held;

			e.size_shift = 16;
			e.granule_shift = 16;
			ck_assert_int_eq(tlb_insert(t, &e), TLB_INS_OK);
			held = tlb_lookup_s1(t, TLB_STRW_NS_EL1, 1, 1, vas[i]);
			ck_assert_ptr_nonnull(held);
			ck_assert_msg(tlb_cmd_removes(t, w, held) == removed[i],
				      "NUM %u SCALE %u, 64 KB page at VA 0x%llx: removed %d, expected %d",
				      cmds[k].num, cmds[k].scale, (unsigned long long)vas[i],
				      !removed[i], removed[i]);
		}
		tlb_destroy(t);
	}
}
END_TEST

/*
 * tlb.h tlb_entry.s1_size_shift: "TLB_NESTED only: log2 of the stage-1 leaf
 * size (>= size_shift)".  A combined entry inserted without it (0) holds
 * its own size: NH_VA by an address in the page removes it, one outside
 * does not.
 */
START_TEST(nested_entry_stage1_size_at_least_its_size)
{
	struct tlb_policy p;
	struct tlb *t;
	struct tlb_entry e = s1_page(0x40000000);
	const struct tlb_entry *held;
	struct sn_cmd in = { .op = CMD_TLBI_NH_VA, .vmid = 1, .asid = 1, .addr = 0x40000000, .leaf = true };
	struct sn_cmd out = in;
	u64 w[2];

	ck_assert(tlb_policy_parse("max", &p));
	t = tlb_create(&p, 4, false);
	ck_assert_ptr_nonnull(t);
	e.kind = TLB_NESTED;
	e.s1_size_shift = 0;
	ck_assert_int_eq(tlb_insert(t, &e), TLB_INS_OK);
	held = tlb_lookup_nested(t, 1, 1, 0x40000abc);
	ck_assert_ptr_nonnull(held);
	ck_assert_uint_eq(held->s1_size_shift, 12);
	sn_cmd_encode(&in, w);
	ck_assert(tlb_cmd_removes(t, w, held));
	out.addr = 0x40001000;
	sn_cmd_encode(&out, w);
	ck_assert(!tlb_cmd_removes(t, w, held));
	tlb_destroy(t);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cov_api");
	TCase *b = tcase_create("builder");
	TCase *m = tcase_create("mem");
	TCase *o = tcase_create("oracle");
	TCase *r = tcase_create("range");

	tcase_add_test(b, failed_build_leaves_an_empty_tree);
	tcase_add_test(b, too_many_mappings_refused);
	suite_add_tcase(s, b);
	tcase_add_test(m, foreach_word_stops_at_first_nonzero_return);
	suite_add_tcase(s, m);
	tcase_add_test(o, oracle_write_past_the_cap);
	tcase_add_test(o, oracle_needs_a_store);
	suite_add_tcase(s, o);
	tcase_add_test(r, range_tlbi_does_not_wrap);
	tcase_add_test(r, range_tlbi_past_the_top);
	tcase_add_test(r, nested_entry_stage1_size_at_least_its_size);
	suite_add_tcase(s, r);
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
