// SPDX-License-Identifier: MIT
/*
 * The translation-table builder (model/builder.c).  Every expected
 * descriptor below is worked out by hand from the VMSAv8-64 formats
 * (arch.md §6.4): table = NLTA | 0b11; block = OA | 0b01; page = OA | 0b11;
 * attributes AttrIndx/MemAttr [5:2], AP/S2AP [7:6], SH [9:8], AF [10],
 * nG [11], XN/{UXN,PXN} [54:53].  Index arithmetic is spelt out next to
 * each address: index = (IA >> levelshift) mod entries, address = table +
 * 8 * index, levelshift = g + (g-3)(3-level).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/builder.h>

struct word {
	u64 addr, value;
};

static void assert_words(const struct sn_mem *m, const struct word *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		u64 got = sn_mem_read64(m, w[i].addr);

		ck_assert_msg(got == w[i].value, "word at 0x%llx: got 0x%016llx, expected 0x%016llx",
			      (unsigned long long)w[i].addr, (unsigned long long)got,
			      (unsigned long long)w[i].value);
	}
}

static struct sn_tt_cfg cfg_of(unsigned stage, unsigned g, unsigned tsz, int level, u64 pool,
			       u64 pool_size)
{
	return (struct sn_tt_cfg){ .stage = stage, .granule_shift = g, .tsz = tsz,
				   .start_level = level, .pool_base = pool, .pool_size = pool_size };
}

static void build_ok(struct sn_mem *m, const struct sn_tt_cfg *c, const struct sn_tt_map *maps,
		     unsigned n, struct sn_tt *t)
{
	struct sn_tt_err err;

	ck_assert_msg(sn_tt_build(m, c, maps, n, t, &err) == 0, "build: %s", err.msg);
}

/* ------------------------------------------------------------------ */
/* Descriptors per granule, stage, level and size                      */

/*
 * Stage 2, 4 KB, S2T0SZ 24 (40-bit IPA): level 0 would hold 2 entries, so
 * the builder starts at level 1 with 2 concatenated tables (8 KB), SL0=01.
 */
START_TEST(s2_4k_concat_block_and_page)
{
	static const struct sn_tt_map maps[] = {
		/* 1 GB block at level 1: IPA 2 GB, index 0x80000000 >> 30 = 2 */
		{ .ia = 0x80000000, .oa = 0x40000000, .size = 1ULL << 30, .ap = 3, .attr = 0xf,
		  .sh = 3, .af = true },
		/* 4 KB page: level-1 index 0x8000001000 >> 30 = 512 (second concatenated
		 * table), level-2 index 0, level-3 index 1 */
		{ .ia = 0x8000001000, .oa = 0x50000000, .size = 0x1000, .ap = 1, .attr = 0x5,
		  .xn = 2, .af = true },
	};
	static const struct word want[] = {
		/* 0x40000000 | block 1 | MemAttr 0xf<<2 | S2AP 3<<6 | SH 3<<8 | AF */
		{ 0x100000 + 2 * 8, 0x400007fd },
		{ 0x100000 + 512 * 8, 0x102003 },       /* -> level-2 table at 0x102000 */
		{ 0x102000, 0x103003 },                 /* -> level-3 table at 0x103000 */
		/* 0x50000000 | page 3 | 0x5<<2 | S2AP 1<<6 | AF | XN bit 54 */
		{ 0x103000 + 1 * 8, 0x0040000050000457 },
		{ 0x100000, 0 }, { 0x102008, 0 }, { 0x103000, 0 },
	};
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c = cfg_of(2, 12, 24, SN_TT_LEVEL_AUTO, 0x100000, 0x10000);
	struct sn_tt t;
	u64 pa;

	build_ok(m, &c, maps, 2, &t);
	ck_assert_int_eq(t.start_level, 1);
	ck_assert_uint_eq(t.concat, 2);
	ck_assert_uint_eq(t.start_entries, 1024);
	ck_assert_uint_eq(t.sl0, 1);
	ck_assert_uint_eq(t.tg, 0);
	ck_assert_uint_eq(t.ttb, 0x100000);
	ck_assert_uint_eq(t.pool_end, 0x104000);
	assert_words(m, want, sizeof(want) / sizeof(want[0]));
	ck_assert(sn_tt_translate(&t, 0x80012345, &pa));
	ck_assert_uint_eq(pa, 0x40012345);
	ck_assert(sn_tt_translate(&t, 0x8000001ff8, &pa));
	ck_assert_uint_eq(pa, 0x50000ff8);
	ck_assert(!sn_tt_translate(&t, 0x8000002000, &pa));
	ck_assert(!sn_tt_translate(&t, 1ULL << 40, &pa));
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/* Stage 1, 4 KB, T0SZ 16 (48-bit VA) starts at level 0; a 2 MB block at level 2. */
START_TEST(s1_4k_l0_block_l2)
{
	/* VA 0x800000200000 = 2^47 + 2 MB: L0 index 2^47 >> 39 = 256, L1 index 0, L2 index 1 */
	static const struct sn_tt_map map = {
		.ia = 0x800000200000, .oa = 0x80200000, .size = 2ULL << 20, .attr = 1, .ap = 1,
		.sh = 3, .af = true, .ng = true, .xn = 3,
	};
	static const struct word want[] = {
		{ 0x200000 + 256 * 8, 0x201003 },
		{ 0x201000, 0x202003 },
		/* 0x80200000 | block 1 | AttrIndx 1<<2 | AP 1<<6 | SH 3<<8 | AF | nG | UXN+PXN */
		{ 0x202000 + 1 * 8, 0x0060000080200f45 },
	};
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c = cfg_of(1, 12, 16, SN_TT_LEVEL_AUTO, 0x200000, 0x3000);
	struct sn_tt t;

	build_ok(m, &c, &map, 1, &t);
	ck_assert_int_eq(t.start_level, 0);
	ck_assert_uint_eq(t.start_entries, 512);
	ck_assert_uint_eq(t.ttb, 0x200000);
	ck_assert(!t.ttb1);
	assert_words(m, want, 3);
	ck_assert_uint_eq(sn_mem_pages(m), 3);
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/* Stage 1, 4 KB, T0SZ 25 (39-bit VA) starts at level 1: a 1 GB block there. */
START_TEST(s1_4k_l1_block)
{
	/* VA 0x4000000000 >> 30 = 256 */
	static const struct sn_tt_map map = {
		.ia = 0x4000000000, .oa = 0xc0000000, .size = 1ULL << 30, .ap = 2, .af = true,
	};
	static const struct word want[] = { { 0x10000 + 256 * 8, 0xc0000481 } };
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c = cfg_of(1, 12, 25, 1, 0x10000, 0x1000);
	struct sn_tt t;

	build_ok(m, &c, &map, 1, &t);
	ck_assert_int_eq(t.start_level, 1);
	ck_assert_uint_eq(t.tg1, 2);
	assert_words(m, want, 1);
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/*
 * Stage 2, 16 KB, S2T0SZ 16 (48-bit IPA): level 0 would hold 2 entries, so
 * level 1 with 2 concatenated 16 KB tables, SL0=10.  The pool base 0x1000
 * rounds up to the 32 KB alignment of the start tables: TTB 0x8000.
 */
START_TEST(s2_16k_concat_32m_block)
{
	/* IPA 2^47: level-1 index 2^47 >> 36 = 2048 (second table); level-2 index 0 */
	static const struct sn_tt_map map = {
		.ia = 1ULL << 47, .oa = 0x2000000, .size = 32ULL << 20, .ap = 3, .attr = 0xf,
		.sh = 3, .af = true,
	};
	static const struct word want[] = {
		{ 0x8000 + 2048 * 8, 0x10003 },         /* level-2 table right after, at 0x10000 */
		{ 0x10000, 0x20007fd },
	};
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c = cfg_of(2, 14, 16, SN_TT_LEVEL_AUTO, 0x1000, 0x100000);
	struct sn_tt t;

	build_ok(m, &c, &map, 1, &t);
	ck_assert_int_eq(t.start_level, 1);
	ck_assert_uint_eq(t.concat, 2);
	ck_assert_uint_eq(t.sl0, 2);
	ck_assert_uint_eq(t.tg, 2);
	ck_assert_uint_eq(t.tg1, 1);
	ck_assert_uint_eq(t.ttb, 0x8000);
	ck_assert_uint_eq(t.pool_end, 0x14000);
	assert_words(m, want, 2);
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/* Stage 2, 16 KB, S2T0SZ 30 (34-bit IPA): level 2 start, a 16 KB page at level 3. */
START_TEST(s2_16k_page)
{
	/* natural level 4 - (30/11) = 2, 2^(34-25) = 512 entries; IPA 0x2_0000_4000:
	 * L2 index 0x200004000 >> 25 = 256, L3 index (>> 14) mod 2048 = 1 */
	static const struct sn_tt_map map = {
		.ia = 0x200004000, .oa = 0x7654000, .size = 0x4000, .ap = 2, .af = false,
	};
	static const struct word want[] = {
		{ 0x40000 + 256 * 8, 0x44003 },         /* start table 4 KB, next at 16 KB */
		{ 0x44000 + 8, 0x7654083 },
	};
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c = cfg_of(2, 14, 30, SN_TT_LEVEL_AUTO, 0x40000, 0x8000);
	struct sn_tt t;

	build_ok(m, &c, &map, 1, &t);
	ck_assert_int_eq(t.start_level, 2);
	ck_assert_uint_eq(t.sl0, 1);
	ck_assert_uint_eq(t.start_entries, 512);
	assert_words(m, want, 2);
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/* Stage 1, 64 KB, T0SZ 25 (39-bit VA): level 2 start with 1024 entries (8 KB). */
START_TEST(s1_64k_page_and_block)
{
	static const struct sn_tt_map maps[] = {
		/* VA 0x7fffff0000: L2 index >> 29 = 1023, L3 index (>> 16) mod 8192 = 8191 */
		{ .ia = 0x7fffff0000, .oa = 0x1230000, .size = 0x10000, .attr = 7, .ap = 2,
		  .sh = 2 },
		/* 512 MB block at level 2: VA 0x20000000 >> 29 = 1 */
		{ .ia = 0x20000000, .oa = 0x60000000, .size = 512ULL << 20, .af = true, .xn = 1 },
	};
	static const struct word want[] = {
		{ 0x300000 + 1023 * 8, 0x310003 },      /* level-3 table at the next 64 KB */
		{ 0x310000 + 8191 * 8, 0x123029f },     /* page | AttrIndx 7 | AP 2 | SH 2 */
		{ 0x300000 + 1 * 8, 0x0020000060000401 }, /* block | AF | PXN */
	};
	struct sn_mem *m = sn_mem_new(32);
	struct sn_tt_cfg c = cfg_of(1, 16, 25, SN_TT_LEVEL_AUTO, 0x300000, 0x20000);
	struct sn_tt t;

	build_ok(m, &c, maps, 2, &t);
	ck_assert_int_eq(t.start_level, 2);
	ck_assert_uint_eq(t.start_entries, 1024);
	ck_assert_uint_eq(t.tg, 1);
	ck_assert_uint_eq(t.tg1, 3);
	assert_words(m, want, 3);
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/* Stage 2, 64 KB, S2T0SZ 16: level 1 start (64 entries), SL0=10, no concatenation. */
START_TEST(s2_64k_l1_start)
{
	/* IPA 0xffffe0000000 (last 512 MB): L1 index >> 42 = 63, L2 index (>> 29) mod 8192 = 8191 */
	static const struct sn_tt_map map = {
		.ia = 0xffffe0000000, .oa = 0xa0000000, .size = 512ULL << 20, .ap = 3, .attr = 0xf,
		.af = true,
	};
	static const struct word want[] = {
		{ 0x500000 + 63 * 8, 0x510003 },
		{ 0x510000 + 8191 * 8, 0xa00004fd },
	};
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c = cfg_of(2, 16, 16, SN_TT_LEVEL_AUTO, 0x500000, 0x20000);
	struct sn_tt t;

	build_ok(m, &c, &map, 1, &t);
	ck_assert_int_eq(t.start_level, 1);
	ck_assert_uint_eq(t.concat, 1);
	ck_assert_uint_eq(t.start_entries, 64);
	ck_assert_uint_eq(t.sl0, 2);
	assert_words(m, want, 2);
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/* Stage 2, 4 KB, S2T0SZ 39 at an explicit level 3: 16 concatenated tables, SL0=11. */
START_TEST(s2_4k_l3_16_tables)
{
	/* IPA 0x1fff000 >> 12 = 8191: last entry of the 16th table */
	static const struct sn_tt_map map = { .ia = 0x1fff000, .oa = 0x5000, .size = 0x1000,
					      .af = true };
	static const struct word want[] = { { 0x400000 + 8191 * 8, 0x5403 } };
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c = cfg_of(2, 12, 39, 3, 0x400000, 0x10000);
	struct sn_tt t;

	build_ok(m, &c, &map, 1, &t);
	ck_assert_int_eq(t.start_level, 3);
	ck_assert_uint_eq(t.concat, 16);
	ck_assert_uint_eq(t.sl0, 3);
	ck_assert_uint_eq(t.pool_end, 0x410000);
	assert_words(m, want, 1);
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/* Stage 2, 4 KB, 44-bit IPA: level 0 holds 32 entries, too many to concatenate. */
START_TEST(s2_4k_stays_l0)
{
	struct sn_mem *m = sn_mem_new(4);
	struct sn_tt_cfg c = cfg_of(2, 12, 20, SN_TT_LEVEL_AUTO, 0, 0x1000);
	struct sn_tt t;

	build_ok(m, &c, NULL, 0, &t);
	ck_assert_int_eq(t.start_level, 0);
	ck_assert_uint_eq(t.start_entries, 32);
	ck_assert_uint_eq(t.sl0, 2);
	ck_assert_uint_eq(sn_mem_pages(m), 0);  /* no mapping, nothing written */
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/* A stage-1 table for the TTB1 half: VAs sign-extended from bit 38. */
START_TEST(s1_ttb1_half)
{
	/* VA 0xffffffffffe00000 folds to 0x7fffe00000: L1 index 511, L2 index 511 */
	static const struct sn_tt_map map = { .ia = 0xffffffffffe00000, .oa = 0x200000,
					      .size = 2ULL << 20, .af = true };
	static const struct word want[] = {
		{ 0x10000 + 511 * 8, 0x11003 },
		{ 0x11000 + 511 * 8, 0x200401 },
	};
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c = cfg_of(1, 12, 25, SN_TT_LEVEL_AUTO, 0x10000, 0x2000);
	struct sn_tt t;
	u64 pa;

	build_ok(m, &c, &map, 1, &t);
	ck_assert(t.ttb1);
	assert_words(m, want, 2);
	ck_assert(sn_tt_translate(&t, 0xffffffffffe12340, &pa));
	ck_assert_uint_eq(pa, 0x212340);
	ck_assert(!sn_tt_translate(&t, 0x7fffe12340, &pa));
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/*
 * Nested: stage-1 tables live at IPAs 0x80000000.. and stage 2 maps that
 * IPA page range to PA 0x9000000..; the stage-1 table descriptors hold
 * IPAs, and the words land at the PAs stage 2 gives.
 */
START_TEST(s1_tables_through_s2)
{
	static const struct sn_tt_map s2map[] = {
		{ .ia = 0x80000000, .oa = 0x9000000, .size = 0x1000, .ap = 3, .af = true },
		{ .ia = 0x80001000, .oa = 0x9005000, .size = 0x1000, .ap = 3, .af = true },
	};
	/* T0SZ 34 (30-bit VA) starts at level 2: VA 0x1000 -> L2 index 0, L3 index 1 */
	static const struct sn_tt_map s1map = { .ia = 0x1000, .oa = 0x40000000, .size = 0x1000,
						.af = true };
	static const struct word want[] = {
		{ 0x9000000, 0x80001003 },              /* level-2 table at IPA 0x80000000 */
		{ 0x9005000 + 8, 0x40000403 },          /* level-3 table at IPA 0x80001000 */
	};
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c2 = cfg_of(2, 12, 32, SN_TT_LEVEL_AUTO, 0x100000, 0x10000);
	struct sn_tt_cfg c1 = cfg_of(1, 12, 34, SN_TT_LEVEL_AUTO, 0x80000000, 0x2000);
	struct sn_tt s2, s1;

	build_ok(m, &c2, s2map, 2, &s2);
	c1.resolve = sn_tt_resolve_s2;
	c1.resolve_ctx = &s2;
	build_ok(m, &c1, &s1map, 1, &s1);
	ck_assert_int_eq(s1.start_level, 2);
	ck_assert_uint_eq(s1.ttb, 0x80000000);
	assert_words(m, want, 2);
	sn_tt_free(&s1);
	sn_tt_free(&s2);
	sn_mem_free(m);
}
END_TEST

/* Start levels and concatenation from arch.md §6.3's examples. */
static const struct {
	unsigned stage, g, tsz;
	int want, level;
	unsigned concat;
} levels[] = {
	{ 1, 12, 16, SN_TT_LEVEL_AUTO, 0, 1 }, { 1, 12, 24, SN_TT_LEVEL_AUTO, 0, 1 },
	{ 1, 12, 25, SN_TT_LEVEL_AUTO, 1, 1 }, { 1, 12, 33, SN_TT_LEVEL_AUTO, 1, 1 },
	{ 1, 12, 34, SN_TT_LEVEL_AUTO, 2, 1 }, { 1, 12, 43, SN_TT_LEVEL_AUTO, 3, 1 },
	{ 1, 14, 16, SN_TT_LEVEL_AUTO, 0, 1 }, { 1, 14, 17, SN_TT_LEVEL_AUTO, 1, 1 },
	{ 1, 14, 28, SN_TT_LEVEL_AUTO, 2, 1 }, { 1, 14, 39, SN_TT_LEVEL_AUTO, 3, 1 },
	{ 1, 16, 21, SN_TT_LEVEL_AUTO, 1, 1 }, { 1, 16, 22, SN_TT_LEVEL_AUTO, 2, 1 },
	{ 1, 16, 35, SN_TT_LEVEL_AUTO, 3, 1 }, { 1, 16, 47, SN_TT_LEVEL_AUTO, 3, 1 },
	{ 2, 12, 21, 1, 1, 16 },                /* 4K L1 with 16 tables (43-bit IPA) */
	{ 2, 12, 21, SN_TT_LEVEL_AUTO, 1, 16 }, { 2, 12, 20, SN_TT_LEVEL_AUTO, 0, 1 },
	{ 2, 12, 24, 0, 0, 1 }, { 2, 12, 33, 1, 1, 1 }, { 2, 12, 30, 2, 2, 16 },
	{ 2, 12, 39, 2, 2, 1 }, { 2, 14, 16, SN_TT_LEVEL_AUTO, 1, 2 }, { 2, 14, 16, 0, 0, 1 },
	{ 2, 14, 24, 2, 2, 16 }, { 2, 14, 38, 2, 2, 1 }, { 2, 14, 35, 3, 3, 16 },
	{ 2, 16, 18, 2, 2, 16 }, { 2, 16, 34, 2, 2, 1 }, { 2, 16, 31, 3, 3, 16 },
};

START_TEST(start_levels)
{
	int level;
	unsigned concat;
	const char *why = NULL;

	ck_assert_msg(sn_tt_start_level(levels[_i].stage, levels[_i].g, levels[_i].tsz,
					levels[_i].want, &level, &concat, &why) == 0,
		      "row %d: %s", _i, why);
	ck_assert_int_eq(level, levels[_i].level);
	ck_assert_uint_eq(concat, levels[_i].concat);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Refusals                                                            */

struct refusal {
	const char *name;
	struct sn_tt_cfg cfg;
	struct sn_tt_map maps[3];
	unsigned n_maps;
	enum sn_tt_status status;
	int map, other;
	const char *msg;
};

#define POOL 0x100000, 0x100000
#define PAGE(ia_, oa_) { .ia = (ia_), .oa = (oa_), .size = 0x1000, .af = true }

static const struct refusal refusals[] = {
	{ "stage 3", { 3, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL }, { { 0 } }, 0,
	  SN_TT_BAD_CFG, -1, -1, "the stage must be 1 or 2" },
	{ "8 KB granule", { 1, 13, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL }, { { 0 } }, 0,
	  SN_TT_BAD_CFG, -1, -1, "the granule must be 4 KB, 16 KB or 64 KB" },
	{ "52-bit", { 1, 12, 15, SN_TT_LEVEL_AUTO, POOL, NULL, NULL }, { { 0 } }, 0,
	  SN_TT_BAD_CFG, -1, -1,
	  "TxSZ below 16 needs 52-bit addressing, which the builder does not write" },
	{ "TxSZ 49", { 1, 12, 49, SN_TT_LEVEL_AUTO, POOL, NULL, NULL }, { { 0 } }, 0,
	  SN_TT_BAD_CFG, -1, -1, "TxSZ must be at most 48" },
	{ "64K TxSZ 48", { 2, 16, 48, SN_TT_LEVEL_AUTO, POOL, NULL, NULL }, { { 0 } }, 0,
	  SN_TT_BAD_CFG, -1, -1, "TxSZ must be at most 47 with 64 KB" },
	{ "stage-1 level", { 1, 12, 25, 2, POOL, NULL, NULL }, { { 0 } }, 0, SN_TT_BAD_CFG, -1, -1,
	  "stage 1 starts at the level TxSZ fixes (arch.md §6.2)" },
	{ "64K level 0", { 2, 16, 16, 0, POOL, NULL, NULL }, { { 0 } }, 0, SN_TT_BAD_CFG, -1, -1,
	  "no S2SL0 encoding starts a stage-2 walk at that level for this granule" },
	{ "level 4", { 2, 12, 25, 4, POOL, NULL, NULL }, { { 0 } }, 0, SN_TT_BAD_CFG, -1, -1,
	  "no S2SL0 encoding starts a stage-2 walk at that level for this granule" },
	{ "17 tables", { 2, 12, 20, 1, POOL, NULL, NULL }, { { 0 } }, 0, SN_TT_BAD_CFG, -1, -1,
	  "the IPA needs more than 16 concatenated tables at that level" },
	{ "IPA too small", { 2, 12, 34, 1, POOL, NULL, NULL }, { { 0 } }, 0, SN_TT_BAD_CFG, -1, -1,
	  "the IPA is too small to start at that level" },
	{ "empty pool", { 2, 12, 25, SN_TT_LEVEL_AUTO, 0x1000, 0, NULL, NULL }, { { 0 } }, 0,
	  SN_TT_BAD_CFG, -1, -1, "the table pool must be non-empty and lie below 2^48" },
	{ "pool past 48 bits", { 2, 12, 25, SN_TT_LEVEL_AUTO, 0xfffffffff000, 0x2000, NULL, NULL },
	  { { 0 } }, 0, SN_TT_BAD_CFG, -1, -1, "the table pool must be non-empty and lie below 2^48" },
	{ "start table does not fit", { 2, 12, 21, SN_TT_LEVEL_AUTO, 0x100000, 0x8000, NULL, NULL },
	  { { 0 } }, 0, SN_TT_POOL_EXHAUSTED, -1, -1,
	  "the table pool [0x100000, 0x108000) has no room for a level-1 table" },
	{ "size 12 KB", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 0x3000 } }, 1, SN_TT_BAD_SIZE, 0, -1,
	  "size 0x3000 is no page or block size of the 4 KB granule" },
	{ "4 KB page with 16 KB", { 1, 14, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0, 0) }, 1, SN_TT_BAD_SIZE, 0, -1,
	  "size 0x1000 is no page or block size of the 16 KB granule" },
	{ "1 MB with 4 KB", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 1ULL << 20 } }, 1, SN_TT_BAD_SIZE, 0, -1,
	  "size 0x100000 is no page or block size of the 4 KB granule" },
	{ "512 GB block", { 2, 12, 16, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 1ULL << 39 } }, 1, SN_TT_BAD_LEVEL, 0, -1,
	  "size 0x8000000000 would be a block at level 0, which has no blocks with the 4 KB granule" },
	{ "16K 64 GB block", { 1, 14, 16, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 1ULL << 36 } }, 1, SN_TT_BAD_LEVEL, 0, -1,
	  "size 0x1000000000 would be a block at level 1, which has no blocks with the 16 KB granule" },
	{ "64K 4 TB block", { 1, 16, 16, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 1ULL << 42 } }, 1, SN_TT_BAD_LEVEL, 0, -1,
	  "size 0x40000000000 would be a block at level 1, which has no blocks with the 64 KB granule" },
	{ "block above start", { 1, 12, 34, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 1ULL << 30 } }, 1, SN_TT_BAD_LEVEL, 0, -1,
	  "size 0x40000000 would be a block at level 1, above the start level 2" },
	{ "IA misaligned", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0x1000, 0), { .ia = 0x201000, .oa = 0, .size = 2ULL << 20 } }, 2,
	  SN_TT_MISALIGNED, 1, -1, "input address 0x201000 is not aligned to the size 0x200000" },
	{ "OA misaligned", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0x1234000, 0x800) }, 1, SN_TT_MISALIGNED, 0, -1,
	  "output address 0x800 is not aligned to the size 0x1000" },
	{ "IA past TxSZ", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0x8000000000, 0) }, 1, SN_TT_IA_RANGE, 0, -1,
	  "input address 0x8000000000 is outside the 39-bit input range of the table" },
	{ "stage-2 high IPA", { 2, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0xfffffffffffff000, 0) }, 1, SN_TT_IA_RANGE, 0, -1,
	  "input address 0xfffffffffffff000 is outside the 39-bit input range of the table" },
	{ "TTB0 then TTB1", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0x1000, 0), PAGE(0xfffffffffffff000, 0) }, 2, SN_TT_IA_RANGE, 1, -1,
	  "input address 0xfffffffffffff000 lies in the TTB1 half of the VA space, mapping 0 in "
	  "the TTB0 half (a table serves one of them)" },
	{ "TTB1 then TTB0", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0xfffffffffffff000, 0), PAGE(0x1000, 0) }, 2, SN_TT_IA_RANGE, 1, -1,
	  "input address 0x1000 lies in the TTB0 half of the VA space, mapping 0 in the TTB1 "
	  "half (a table serves one of them)" },
	{ "OA 2^48", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0, 1ULL << 48) }, 1, SN_TT_OA_RANGE, 0, -1,
	  "output address 0x1000000000000 does not fit in 48 bits" },
	{ "AP 4", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 0x1000, .ap = 4 } }, 1, SN_TT_BAD_ATTR, 0, -1,
	  "AP 4 does not fit in 2 bits" },
	{ "S2AP 5", { 2, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 0x1000, .ap = 5 } }, 1, SN_TT_BAD_ATTR, 0, -1,
	  "S2AP 5 does not fit in 2 bits" },
	{ "XN 4", { 2, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 0x1000, .xn = 4 } }, 1, SN_TT_BAD_ATTR, 0, -1,
	  "XN 4 does not fit in 2 bits" },
	{ "AttrIndx 8", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 0x1000, .attr = 8 } }, 1, SN_TT_BAD_ATTR, 0, -1,
	  "AttrIndx 8 does not fit in 3 bits" },
	{ "MemAttr 16", { 2, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 0x1000, .attr = 16 } }, 1, SN_TT_BAD_ATTR, 0, -1,
	  "MemAttr 16 does not fit in 4 bits" },
	{ "SH 4", { 2, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 0x1000, .sh = 4 } }, 1, SN_TT_BAD_ATTR, 0, -1,
	  "SH 4 does not fit in 2 bits" },
	{ "nG at stage 2", { 2, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0, .oa = 0, .size = 0x1000, .ng = true } }, 1, SN_TT_BAD_ATTR, 0, -1,
	  "nG exists only at stage 1" },
	{ "same page twice", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0x5000, 0), PAGE(0x6000, 0), PAGE(0x5000, 0x1000) }, 3, SN_TT_OVERLAP, 2, 0,
	  "the mapping at 0x5000 (size 0x1000) overlaps mapping 0" },
	{ "page inside a block", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0x200000, .oa = 0, .size = 2ULL << 20 }, PAGE(0x3ff000, 0) }, 2,
	  SN_TT_OVERLAP, 1, 0, "the mapping at 0x3ff000 (size 0x1000) overlaps mapping 0" },
	{ "block over pages", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { PAGE(0x10000, 0), PAGE(0x3ff000, 0), { .ia = 0x200000, .oa = 0, .size = 2ULL << 20 } },
	  3, SN_TT_OVERLAP, 2, 1, "the mapping at 0x200000 (size 0x200000) overlaps mapping 1" },
	{ "block over a block's table", { 1, 12, 25, SN_TT_LEVEL_AUTO, POOL, NULL, NULL },
	  { { .ia = 0x40200000, .oa = 0, .size = 2ULL << 20 },
	    { .ia = 0x40000000, .oa = 0, .size = 1ULL << 30 } }, 2,
	  SN_TT_OVERLAP, 1, 0, "the mapping at 0x40000000 (size 0x40000000) overlaps mapping 0" },
	/* three tables for mapping 0 (levels 1, 2, 3); mapping 1 needs a fourth */
	{ "pool exhausted", { 1, 12, 25, SN_TT_LEVEL_AUTO, 0x100000, 0x3000, NULL, NULL },
	  { PAGE(0x1000, 0), PAGE(0x40000000, 0) }, 2, SN_TT_POOL_EXHAUSTED, 1, -1,
	  "the table pool [0x100000, 0x103000) has no room for a level-2 table" },
};

START_TEST(refused)
{
	const struct refusal *r = &refusals[_i];
	struct sn_mem *m = sn_mem_new(64);
	struct sn_tt t;
	struct sn_tt_err err;

	ck_assert_msg(sn_tt_build(m, &r->cfg, r->maps, r->n_maps, &t, &err) == -1, "%s: built",
		      r->name);
	ck_assert_msg(err.status == r->status, "%s: status %s, expected %s", r->name,
		      sn_tt_status_name(err.status), sn_tt_status_name(r->status));
	ck_assert_msg(err.map == r->map && err.other == r->other, "%s: map %d other %d",
		      r->name, err.map, err.other);
	ck_assert_msg(strcmp(err.msg, r->msg) == 0, "%s:\n  got      '%s'\n  expected '%s'",
		      r->name, err.msg, r->msg);
	ck_assert_ptr_null(t.nodes);
	ck_assert_ptr_null(t.maps);
	sn_tt_free(&t);
	sn_mem_free(m);
}
END_TEST

/* A stage-1 table whose pool stage 2 leaves unmapped. */
START_TEST(refused_unresolved)
{
	static const struct sn_tt_map s2map = { .ia = 0x80000000, .oa = 0x9000000, .size = 0x1000,
						.ap = 3, .af = true };
	static const struct sn_tt_map s1map = PAGE(0x1000, 0x40000000);
	struct sn_mem *m = sn_mem_new(16);
	struct sn_tt_cfg c2 = cfg_of(2, 12, 32, SN_TT_LEVEL_AUTO, 0x100000, 0x10000);
	struct sn_tt_cfg c1 = cfg_of(1, 12, 34, SN_TT_LEVEL_AUTO, 0x80000000, 0x2000);
	struct sn_tt s2, s1;
	struct sn_tt_err err;

	build_ok(m, &c2, &s2map, 1, &s2);
	c1.resolve = sn_tt_resolve_s2;
	c1.resolve_ctx = &s2;
	/* the level-2 table at IPA 0x80000000 resolves; the level-3 one at 0x80001000 not */
	ck_assert_int_eq(sn_tt_build(m, &c1, &s1map, 1, &s1, &err), -1);
	ck_assert_int_eq(err.status, SN_TT_UNRESOLVED);
	ck_assert_int_eq(err.map, -1);
	ck_assert_str_eq(err.msg, "table address 0x80001008 is not mapped by the stage-2 tables "
			 "that hold it");
	sn_tt_free(&s2);
	sn_mem_free(m);
}
END_TEST

/* Four tables (levels 0 to 3) on four pages; the cap is two, so the third write fails. */
START_TEST(refused_mem_cap)
{
	static const struct sn_tt_map map = PAGE(0x1000, 0x5000);
	struct sn_mem *m = sn_mem_new(2);
	struct sn_tt_cfg c = cfg_of(1, 12, 16, SN_TT_LEVEL_AUTO, 0x100000, 0x10000);
	struct sn_tt t;
	struct sn_tt_err err;

	ck_assert_int_eq(sn_tt_build(m, &c, &map, 1, &t, &err), -1);
	ck_assert_int_eq(err.status, SN_TT_MEM_CAP);
	ck_assert_str_eq(err.msg, "writing the descriptor at 0x102000 passes the memory cap of "
			 "2 pages");
	sn_mem_free(m);
}
END_TEST

START_TEST(sl0_encodings)
{
	unsigned sl0;

	ck_assert(sn_tt_s2_sl0(12, 2, &sl0) && sl0 == 0);
	ck_assert(sn_tt_s2_sl0(12, 1, &sl0) && sl0 == 1);
	ck_assert(sn_tt_s2_sl0(12, 0, &sl0) && sl0 == 2);
	ck_assert(sn_tt_s2_sl0(12, 3, &sl0) && sl0 == 3);
	ck_assert(sn_tt_s2_sl0(14, 3, &sl0) && sl0 == 0);
	ck_assert(sn_tt_s2_sl0(14, 0, &sl0) && sl0 == 3);
	ck_assert(sn_tt_s2_sl0(16, 1, &sl0) && sl0 == 2);
	ck_assert(!sn_tt_s2_sl0(16, 0, &sl0));
	ck_assert(!sn_tt_s2_sl0(12, -1, &sl0));
	ck_assert(!sn_tt_s2_sl0(13, 1, &sl0));
	ck_assert_str_eq(sn_tt_status_name(SN_TT_OVERLAP), "overlap");
	ck_assert_str_eq(sn_tt_status_name((enum sn_tt_status)99), "?");
}
END_TEST

static Suite *builder_suite(void)
{
	Suite *s = suite_create("builder");
	TCase *desc = tcase_create("descriptors");
	TCase *bad = tcase_create("refusals");

	tcase_add_test(desc, s2_4k_concat_block_and_page);
	tcase_add_test(desc, s1_4k_l0_block_l2);
	tcase_add_test(desc, s1_4k_l1_block);
	tcase_add_test(desc, s2_16k_concat_32m_block);
	tcase_add_test(desc, s2_16k_page);
	tcase_add_test(desc, s1_64k_page_and_block);
	tcase_add_test(desc, s2_64k_l1_start);
	tcase_add_test(desc, s2_4k_l3_16_tables);
	tcase_add_test(desc, s2_4k_stays_l0);
	tcase_add_test(desc, s1_ttb1_half);
	tcase_add_test(desc, s1_tables_through_s2);
	tcase_add_loop_test(desc, start_levels, 0, (int)(sizeof(levels) / sizeof(levels[0])));
	tcase_add_test(desc, sl0_encodings);
	suite_add_tcase(s, desc);
	tcase_add_loop_test(bad, refused, 0, (int)(sizeof(refusals) / sizeof(refusals[0])));
	tcase_add_test(bad, refused_unresolved);
	tcase_add_test(bad, refused_mem_cap);
	suite_add_tcase(s, bad);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(builder_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
