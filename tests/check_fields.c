// SPDX-License-Identifier: MIT
/*
 * Field layer: the STE and CD tables against the architecture.
 *
 *  - coverage: in every doubleword the masks are disjoint and cover all 64
 *    bits, every row names a doubleword < 8, names are unique;
 *  - round trip: decode then encode reproduces every bit;
 *  - spot checks: one bit pattern per row, expected values worked out by
 *    hand from shared/reference/arch.md §1.1 (STE) and §2 (CD);
 *  - the KUnit fixture qwords of linux.md §6.2 decode to their fields;
 *  - the sn_field_* helpers on edge masks; lookup by name.
 *
 * Every case is a row of a table; a failure names the row, the field, the
 * expected value and the value got.
 */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <smmu-nest/bits.h>
#include <smmu-nest/cd.h>
#include <smmu-nest/ste.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X(v) ((unsigned long long)(v))

/* ------------------------------------------------------------------------ */
/* The two structures under test, so most cases run over both.              */

struct layout {
	const char *name;
	const struct sn_field_desc *table;
	unsigned count;
	size_t fields_size;
	void (*decode)(const u64 *words, void *f);
	void (*encode)(const void *f, u64 *words);
	bool (*by_name)(const char *name, const struct sn_field_desc **out);
};

static void ste_decode_any(const u64 *w, void *f) { ste_decode(w, f); }
static void ste_encode_any(const void *f, u64 *w) { ste_encode(f, w); }
static void cd_decode_any(const u64 *w, void *f) { cd_decode(w, f); }
static void cd_encode_any(const void *f, u64 *w) { cd_encode(f, w); }

/* By index, since the tables are extern objects, not constant expressions. */
static struct layout layout_of(unsigned i)
{
	if (i == 0)
		return (struct layout){ "STE", ste_field_table, ste_field_count,
					sizeof(struct ste_fields), ste_decode_any,
					ste_encode_any, ste_field_by_name };
	return (struct layout){ "CD", cd_field_table, cd_field_count,
				sizeof(struct cd_fields), cd_decode_any,
				cd_encode_any, cd_field_by_name };
}
#define N_LAYOUTS 2

static u64 member_value(const void *fields, unsigned offset)
{
	u64 v;

	memcpy(&v, (const char *)fields + offset, sizeof(v));
	return v;
}

/* Deterministic xorshift64 (Marsaglia), fixed seed per case. */
static u64 xorshift64(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* ------------------------------------------------------------------------ */
/* (a) Coverage: disjoint, complete, dw < 8, unique names.                  */

START_TEST(test_rows_name_valid_dword)
{
	struct layout l = layout_of((unsigned)_i);

	for (unsigned i = 0; i < l.count; i++) {
		ck_assert_msg(l.table[i].dw < 8, "%s row %u (%s): dw expected < 8, got %u",
			      l.name, i, l.table[i].name, l.table[i].dw);
		ck_assert_msg(l.table[i].mask != 0, "%s row %u (%s): mask expected non-zero, got 0",
			      l.name, i, l.table[i].name);
		ck_assert_msg(l.table[i].offset + sizeof(u64) <= l.fields_size,
			      "%s row %u (%s): member offset %u outside the fields struct (%zu bytes)",
			      l.name, i, l.table[i].name, l.table[i].offset, l.fields_size);
		ck_assert_msg(l.table[i].kind <= SN_FIELD_SW, "%s row %u (%s): kind %u unknown",
			      l.name, i, l.table[i].name, l.table[i].kind);
	}
}
END_TEST

/* A field's mask is one contiguous run of bits (FIELD_GET needs that). */
START_TEST(test_rows_masks_contiguous)
{
	struct layout l = layout_of((unsigned)_i);

	for (unsigned i = 0; i < l.count; i++) {
		u64 m = l.table[i].mask >> sn_mask_shift(l.table[i].mask);

		ck_assert_msg((m & (m + 1)) == 0,
			      "%s row %s: mask 0x%016llx expected contiguous",
			      l.name, l.table[i].name, X(l.table[i].mask));
	}
}
END_TEST

START_TEST(test_masks_disjoint_and_cover_each_dword)
{
	struct layout l = layout_of((unsigned)_i / 8);
	unsigned dw = (unsigned)_i % 8;
	u64 seen = 0;

	for (unsigned i = 0; i < l.count; i++) {
		if (l.table[i].dw != dw)
			continue;
		ck_assert_msg((seen & l.table[i].mask) == 0,
			      "%s DW%u: row %s mask 0x%016llx overlaps earlier rows in 0x%016llx",
			      l.name, dw, l.table[i].name, X(l.table[i].mask),
			      X(seen & l.table[i].mask));
		seen |= l.table[i].mask;
	}
	ck_assert_msg(seen == ~0ULL,
		      "%s DW%u: union of masks expected 0xffffffffffffffff, got 0x%016llx (bits 0x%016llx unaccounted for)",
		      l.name, dw, X(seen), X(~seen));
}
END_TEST

START_TEST(test_names_unique)
{
	struct layout l = layout_of((unsigned)_i);

	for (unsigned i = 0; i < l.count; i++)
		for (unsigned j = i + 1; j < l.count; j++)
			ck_assert_msg(strcasecmp(l.table[i].name, l.table[j].name) != 0,
				      "%s: rows %u and %u share the name %s (case-insensitive)",
				      l.name, i, j, l.table[i].name);
	/* Distinct members too: two rows writing one member would lose bits. */
	for (unsigned i = 0; i < l.count; i++)
		for (unsigned j = i + 1; j < l.count; j++)
			ck_assert_msg(l.table[i].offset != l.table[j].offset,
				      "%s: rows %s and %s share member offset %u",
				      l.name, l.table[i].name, l.table[j].name, l.table[i].offset);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* (b) Round trip: decode followed by encode reproduces every bit.          */

static void roundtrip_expect(const struct layout *l, const u64 in[8],
			     const char *what)
{
	unsigned char fields[sizeof(struct ste_fields) > sizeof(struct cd_fields) ?
			     sizeof(struct ste_fields) : sizeof(struct cd_fields)];
	u64 out[8];

	memset(fields, 0xa5, sizeof(fields));
	l->decode(in, fields);
	memset(out, 0x5a, sizeof(out));
	l->encode(fields, out);
	for (unsigned w = 0; w < 8; w++)
		ck_assert_msg(out[w] == in[w],
			      "%s round trip, %s: DW%u expected 0x%016llx, got 0x%016llx",
			      l->name, what, w, X(in[w]), X(out[w]));
}

START_TEST(test_roundtrip_all_zero)
{
	struct layout l = layout_of((unsigned)_i);
	u64 w[8] = { 0 };

	roundtrip_expect(&l, w, "all zero");
}
END_TEST

START_TEST(test_roundtrip_all_ones)
{
	struct layout l = layout_of((unsigned)_i);
	u64 w[8];

	for (unsigned i = 0; i < 8; i++)
		w[i] = ~0ULL;
	roundtrip_expect(&l, w, "all ones");
}
END_TEST

/* One case per (structure, doubleword); each of the 64 bits on its own. */
START_TEST(test_roundtrip_single_bits)
{
	struct layout l = layout_of((unsigned)_i / 8);
	unsigned dw = (unsigned)_i % 8;
	char what[48];

	for (unsigned b = 0; b < 64; b++) {
		u64 w[8] = { 0 };

		w[dw] = SN_BIT(b);
		snprintf(what, sizeof(what), "single bit DW%u[%u]", dw, b);
		roundtrip_expect(&l, w, what);
	}
}
END_TEST

START_TEST(test_roundtrip_random_words)
{
	struct layout l = layout_of((unsigned)_i);
	u64 seed = 0x9e3779b97f4a7c15ULL;
	char what[48];

	for (unsigned n = 0; n < 1000; n++) {   /* 8000 random words */
		u64 w[8];

		for (unsigned i = 0; i < 8; i++)
			w[i] = xorshift64(&seed);
		snprintf(what, sizeof(what), "random structure #%u", n);
		roundtrip_expect(&l, w, what);
	}
}
END_TEST

/* ------------------------------------------------------------------------ */
/* (c) Spot checks from arch.md: one doubleword value, the one field it     */
/* sets and that field's value.  Every other field must decode to 0.        */

struct spot {
	const char *field;      /* spec name as in the table */
	unsigned dw;
	u64 word;
	unsigned offset;        /* member the field decodes into */
	u64 value;
};

#define STE_SPOT(name, dw, word, member, value) \
	{ name, dw, word, offsetof(struct ste_fields, member), value }
#define CD_SPOT(name, dw, word, member, value) \
	{ name, dw, word, offsetof(struct cd_fields, member), value }

/* arch.md §1.1, the "DWk bits" column. */
static const struct spot ste_spots[] = {
	/* DW0 */
	STE_SPOT("V", 0, 1ULL << 0, v, 1),
	STE_SPOT("Config", 0, 0xeULL, config, 7),
	STE_SPOT("Config", 0, 1ULL << 3, config, 4),
	STE_SPOT("S1Fmt", 0, 1ULL << 5, s1fmt, 2),
	STE_SPOT("S1ContextPtr", 0, 1ULL << 6, s1contextptr, 1),
	STE_SPOT("S1ContextPtr", 0, 1ULL << 55, s1contextptr, 1ULL << 49),
	STE_SPOT("RES0_DW0_58_56", 0, 1ULL << 56, res0_dw0_58_56, 1),
	STE_SPOT("S1CDMax", 0, 1ULL << 59, s1cdmax, 1),
	STE_SPOT("S1CDMax", 0, 0xf800000000000000ULL, s1cdmax, 0x1f),
	/* DW1 */
	STE_SPOT("S1DSS", 1, 0x3ULL, s1dss, 3),
	STE_SPOT("S1CIR", 1, 1ULL << 2, s1cir, 1),
	STE_SPOT("S1COR", 1, 1ULL << 5, s1cor, 2),
	STE_SPOT("S1CSH", 1, 0xc0ULL, s1csh, 3),
	STE_SPOT("S2HWU59", 1, 1ULL << 8, s2hwu59, 1),
	STE_SPOT("S2HWU62", 1, 1ULL << 11, s2hwu62, 1),
	STE_SPOT("DRE", 1, 1ULL << 12, dre, 1),
	STE_SPOT("CONT", 1, 0xfULL << 13, cont, 15),
	STE_SPOT("DCP", 1, 1ULL << 17, dcp, 1),
	STE_SPOT("PPAR", 1, 1ULL << 18, ppar, 1),
	STE_SPOT("MEV", 1, 1ULL << 19, mev, 1),
	STE_SPOT("SW_RESERVED", 1, 1ULL << 20, sw_reserved, 1),
	STE_SPOT("S1PIE", 1, 1ULL << 24, s1pie, 1),
	STE_SPOT("S2FWB", 1, 1ULL << 25, s2fwb, 1),
	STE_SPOT("S1MPAM", 1, 1ULL << 26, s1mpam, 1),
	STE_SPOT("S1STALLD", 1, 1ULL << 27, s1stalld, 1),
	STE_SPOT("EATS", 1, 1ULL << 28, eats, 1),
	STE_SPOT("EATS", 1, 1ULL << 29, eats, 2),
	STE_SPOT("STRW", 1, 1ULL << 31, strw, 2),
	STE_SPOT("MemAttr", 1, 1ULL << 32, memattr, 1),
	STE_SPOT("MTCFG", 1, 1ULL << 36, mtcfg, 1),
	STE_SPOT("ALLOCCFG", 1, 1ULL << 40, alloccfg, 8),
	STE_SPOT("RES0_DW1_43_41", 1, 1ULL << 41, res0_dw1_43_41, 1),
	STE_SPOT("SHCFG", 1, 1ULL << 44, shcfg, 1),
	STE_SPOT("NSCFG", 1, 1ULL << 47, nscfg, 2),
	STE_SPOT("PRIVCFG", 1, 3ULL << 48, privcfg, 3),
	STE_SPOT("INSTCFG", 1, 1ULL << 50, instcfg, 1),
	STE_SPOT("IMPDEF_DW1", 1, 1ULL << 63, impdef_dw1, 0x800),
	/* DW2 */
	STE_SPOT("S2VMID", 2, 0xffffULL, s2vmid, 0xffff),
	STE_SPOT("IMPDEF_DW2", 2, 1ULL << 16, impdef_dw2, 1),
	STE_SPOT("S2T0SZ", 2, 0x3fULL << 32, s2t0sz, 63),
	STE_SPOT("S2T0SZ", 2, 1ULL << 32, s2t0sz, 1),
	STE_SPOT("S2SL0", 2, 1ULL << 38, s2sl0, 1),
	STE_SPOT("S2IR0", 2, 1ULL << 41, s2ir0, 2),
	STE_SPOT("S2OR0", 2, 1ULL << 42, s2or0, 1),
	STE_SPOT("S2SH0", 2, 3ULL << 44, s2sh0, 3),
	STE_SPOT("S2TG", 2, 1ULL << 47, s2tg, 2),
	STE_SPOT("S2PS", 2, 7ULL << 48, s2ps, 7),
	STE_SPOT("S2AA64", 2, 1ULL << 51, s2aa64, 1),
	STE_SPOT("S2ENDI", 2, 1ULL << 52, s2endi, 1),
	STE_SPOT("S2AFFD", 2, 1ULL << 53, s2affd, 1),
	STE_SPOT("S2PTW", 2, 1ULL << 54, s2ptw, 1),
	STE_SPOT("S2HD", 2, 1ULL << 55, s2hd, 1),
	STE_SPOT("S2HA", 2, 1ULL << 56, s2ha, 1),
	STE_SPOT("S2S", 2, 1ULL << 57, s2s, 1),
	STE_SPOT("S2R", 2, 1ULL << 58, s2r, 1),
	STE_SPOT("S2HAFT", 2, 1ULL << 59, s2haft, 1),
	STE_SPOT("S2PIE", 2, 1ULL << 60, s2pie, 1),
	STE_SPOT("S2POE", 2, 1ULL << 61, s2poe, 1),
	STE_SPOT("DPT_VMATCH", 2, 1ULL << 63, dpt_vmatch, 2),
	/* DW3 */
	STE_SPOT("S2NSW", 3, 1ULL << 0, s2nsw, 1),
	STE_SPOT("S2NSA", 3, 1ULL << 1, s2nsa, 1),
	STE_SPOT("S2SL0_2", 3, 1ULL << 2, s2sl0_2, 1),
	STE_SPOT("S2DS", 3, 1ULL << 3, s2ds, 1),
	STE_SPOT("S2TTB", 3, 1ULL << 4, s2ttb, 1),
	STE_SPOT("S2TTB", 3, 1ULL << 55, s2ttb, 1ULL << 51),
	STE_SPOT("RES0_DW3_60_56", 3, 1ULL << 60, res0_dw3_60_56, 0x10),
	STE_SPOT("S2SKL", 3, 1ULL << 61, s2skl, 1),
	STE_SPOT("RES0_DW3_63", 3, 1ULL << 63, res0_dw3_63, 1),
	/* DW4 */
	STE_SPOT("IMPDEF_DW4", 4, 1ULL << 15, impdef_dw4, 0x8000),
	STE_SPOT("PARTID", 4, 1ULL << 16, partid, 1),
	STE_SPOT("S_S2T0SZ", 4, 1ULL << 37, s_s2t0sz, 0x20),
	STE_SPOT("S_S2SL0", 4, 1ULL << 38, s_s2sl0, 1),
	STE_SPOT("RES0_DW4_45_40", 4, 1ULL << 45, res0_dw4_45_40, 0x20),
	STE_SPOT("S_S2TG", 4, 1ULL << 46, s_s2tg, 1),
	STE_SPOT("MECID", 4, 1ULL << 63, mecid, 0x8000),
	/* DW5 */
	STE_SPOT("PMG", 5, 0x80ULL, pmg, 0x80),
	STE_SPOT("MPAM_NS", 5, 1ULL << 8, mpam_ns, 1),
	STE_SPOT("AssuredOnly", 5, 1ULL << 9, assuredonly, 1),
	STE_SPOT("TL0", 5, 1ULL << 10, tl0, 1),
	STE_SPOT("TL1", 5, 1ULL << 11, tl1, 1),
	STE_SPOT("VMSPtr", 5, 1ULL << 12, vmsptr, 1),
	STE_SPOT("VMSPtr", 5, 1ULL << 55, vmsptr, 1ULL << 43),
	STE_SPOT("RES0_DW5_63_56", 5, 1ULL << 56, res0_dw5_63_56, 1),
	/* DW6 */
	STE_SPOT("S2SW", 6, 1ULL << 0, s2sw, 1),
	STE_SPOT("S2SA", 6, 1ULL << 1, s2sa, 1),
	STE_SPOT("S_S2SL0_2", 6, 1ULL << 2, s_s2sl0_2, 1),
	STE_SPOT("RES0_DW6_3", 6, 1ULL << 3, res0_dw6_3, 1),
	STE_SPOT("S_S2TTB", 6, 1ULL << 55, s_s2ttb, 1ULL << 51),
	STE_SPOT("RES0_DW6_60_56", 6, 1ULL << 56, res0_dw6_60_56, 1),
	STE_SPOT("S_S2SKL", 6, 1ULL << 62, s_s2skl, 2),
	STE_SPOT("RES0_DW6_63", 6, 1ULL << 63, res0_dw6_63, 1),
	/* DW7: S2POI<p> at 4p+3:4p */
	STE_SPOT("S2POI0", 7, 0xfULL, s2poi[0], 15),
	STE_SPOT("S2POI1", 7, 1ULL << 4, s2poi[1], 1),
	STE_SPOT("S2POI7", 7, 1ULL << 30, s2poi[7], 4),
	STE_SPOT("S2POI15", 7, 1ULL << 63, s2poi[15], 8),
	STE_SPOT("S2POI15", 7, 0xfULL << 60, s2poi[15], 15),
};

/* arch.md §2. */
static const struct spot cd_spots[] = {
	/* DW0 */
	CD_SPOT("T0SZ", 0, 0x3fULL, t0sz, 63),
	CD_SPOT("TG0", 0, 1ULL << 7, tg0, 2),
	CD_SPOT("IR0", 0, 1ULL << 8, ir0, 1),
	CD_SPOT("OR0", 0, 1ULL << 11, or0, 2),
	CD_SPOT("SH0", 0, 3ULL << 12, sh0, 3),
	CD_SPOT("EPD0", 0, 1ULL << 14, epd0, 1),
	CD_SPOT("ENDI", 0, 1ULL << 15, endi, 1),
	CD_SPOT("T1SZ", 0, 1ULL << 16, t1sz, 1),
	CD_SPOT("TG1", 0, 1ULL << 22, tg1, 1),
	CD_SPOT("TG1", 0, 1ULL << 23, tg1, 2),
	CD_SPOT("IR1", 0, 1ULL << 24, ir1, 1),
	CD_SPOT("OR1", 0, 1ULL << 27, or1, 2),
	CD_SPOT("SH1", 0, 1ULL << 29, sh1, 2),
	CD_SPOT("EPD1", 0, 1ULL << 30, epd1, 1),
	CD_SPOT("V", 0, 1ULL << 31, v, 1),
	CD_SPOT("IPS", 0, 5ULL << 32, ips, 5),
	CD_SPOT("AFFD", 0, 1ULL << 35, affd, 1),
	CD_SPOT("WXN", 0, 1ULL << 36, wxn, 1),
	CD_SPOT("UWXN", 0, 1ULL << 37, uwxn, 1),
	CD_SPOT("TBI0", 0, 1ULL << 38, tbi0, 1),
	CD_SPOT("TBI1", 0, 1ULL << 39, tbi1, 1),
	CD_SPOT("PAN", 0, 1ULL << 40, pan, 1),
	CD_SPOT("AA64", 0, 1ULL << 41, aa64, 1),
	CD_SPOT("HD", 0, 1ULL << 42, hd, 1),
	CD_SPOT("HA", 0, 1ULL << 43, ha, 1),
	CD_SPOT("S", 0, 1ULL << 44, s, 1),
	CD_SPOT("R", 0, 1ULL << 45, r, 1),
	CD_SPOT("A", 0, 1ULL << 46, a, 1),
	CD_SPOT("ASET", 0, 1ULL << 47, aset, 1),
	CD_SPOT("ASID", 0, 1ULL << 48, asid, 1),
	CD_SPOT("ASID", 0, 0xffffULL << 48, asid, 0xffff),
	/* DW1 */
	CD_SPOT("NSCFG0", 1, 1ULL << 0, nscfg0, 1),
	CD_SPOT("HAD0", 1, 1ULL << 1, had0, 1),
	CD_SPOT("E0PD0", 1, 1ULL << 2, e0pd0, 1),
	CD_SPOT("HAFT", 1, 1ULL << 3, haft, 1),
	CD_SPOT("TTB0", 1, 1ULL << 4, ttb0, 1),
	CD_SPOT("TTB0", 1, 1ULL << 55, ttb0, 1ULL << 51),
	CD_SPOT("RES0_DW1_57_56", 1, 1ULL << 57, res0_dw1_57_56, 2),
	CD_SPOT("PnCH", 1, 1ULL << 58, pnch, 1),
	CD_SPOT("EPAN", 1, 1ULL << 59, epan, 1),
	CD_SPOT("HWU059", 1, 1ULL << 60, hwu059, 1),
	CD_SPOT("HWU062", 1, 1ULL << 63, hwu062, 1),
	/* DW2 */
	CD_SPOT("NSCFG1", 2, 1ULL << 0, nscfg1, 1),
	CD_SPOT("HAD1", 2, 1ULL << 1, had1, 1),
	CD_SPOT("E0PD1", 2, 1ULL << 2, e0pd1, 1),
	CD_SPOT("AIE", 2, 1ULL << 3, aie, 1),
	CD_SPOT("TTB1", 2, 1ULL << 4, ttb1, 1),
	CD_SPOT("RES0_DW2_57_56", 2, 1ULL << 56, res0_dw2_57_56, 1),
	CD_SPOT("DS", 2, 1ULL << 58, ds, 1),
	CD_SPOT("PIE", 2, 1ULL << 59, pie, 1),
	CD_SPOT("HWU159", 2, 1ULL << 60, hwu159, 1),
	CD_SPOT("HWU162", 2, 1ULL << 63, hwu162, 1),
	/* DW3, DW4 */
	CD_SPOT("MAIR0", 3, 0xffffffffULL, mair0, 0xffffffff),
	CD_SPOT("MAIR1", 3, 1ULL << 32, mair1, 1),
	CD_SPOT("AMAIR0", 4, 1ULL << 31, amair0, 0x80000000),
	CD_SPOT("AMAIR1", 4, 1ULL << 63, amair1, 0x80000000),
	/* DW5 */
	CD_SPOT("IMPDEF_DW5", 5, 1ULL << 0, impdef_dw5, 1),
	CD_SPOT("PARTID", 5, 1ULL << 32, partid, 1),
	CD_SPOT("PMG", 5, 1ULL << 55, pmg, 0x80),
	CD_SPOT("RES0_DW5_63_56", 5, 1ULL << 63, res0_dw5_63_56, 0x80),
	/* DW6, DW7: index p at 3p+2:3p, RES0 above bit 47 */
	CD_SPOT("PIIU0", 6, 7ULL, piiu[0], 7),
	CD_SPOT("PIIU1", 6, 1ULL << 3, piiu[1], 1),
	CD_SPOT("PIIU15", 6, 1ULL << 47, piiu[15], 4),
	CD_SPOT("RES0_DW6_63_48", 6, 1ULL << 48, res0_dw6_63_48, 1),
	CD_SPOT("PIIP0", 7, 1ULL, piip[0], 1),
	CD_SPOT("PIIP15", 7, 7ULL << 45, piip[15], 7),
	CD_SPOT("RES0_DW7_63_48", 7, 1ULL << 63, res0_dw7_63_48, 0x8000),
};

static void spot_expect(const struct layout *l, const struct spot *s)
{
	unsigned char fields[sizeof(struct ste_fields) > sizeof(struct cd_fields) ?
			     sizeof(struct ste_fields) : sizeof(struct cd_fields)];
	const struct sn_field_desc *row = NULL;
	u64 w[8] = { 0 };

	ck_assert_msg(l->by_name(s->field, &row), "%s spot %s: field not in the table",
		      l->name, s->field);
	ck_assert_msg(row->dw == s->dw, "%s spot %s: dw expected %u, got %u",
		      l->name, s->field, s->dw, row->dw);
	ck_assert_msg(row->offset == s->offset,
		      "%s spot %s: member offset expected %u, got %u",
		      l->name, s->field, s->offset, row->offset);

	w[s->dw] = s->word;
	l->decode(w, fields);
	for (unsigned i = 0; i < l->count; i++) {
		const struct sn_field_desc *t = &l->table[i];
		u64 want = t == row ? s->value : 0;
		u64 got = member_value(fields, t->offset);

		ck_assert_msg(got == want,
			      "%s spot %s (DW%u = 0x%016llx): field %s expected 0x%llx, got 0x%llx",
			      l->name, s->field, s->dw, X(s->word), t->name, X(want), X(got));
	}
}

START_TEST(test_ste_spot)
{
	struct layout l = layout_of(0);

	spot_expect(&l, &ste_spots[_i]);
}
END_TEST

START_TEST(test_cd_spot)
{
	struct layout l = layout_of(1);

	spot_expect(&l, &cd_spots[_i]);
}
END_TEST

/* The mask macros themselves, as hex worked out from the bit ranges. */
struct mask_case {
	const char *macro;
	u64 got;
	u64 want;
};

static const struct mask_case mask_cases[] = {
	{ "STE_DW0_CONFIG (3:1)", STE_DW0_CONFIG, 0x000000000000000eULL },
	{ "STE_DW0_S1CONTEXTPTR (55:6)", STE_DW0_S1CONTEXTPTR, 0x00ffffffffffffc0ULL },
	{ "STE_DW0_S1CDMAX (63:59)", STE_DW0_S1CDMAX, 0xf800000000000000ULL },
	{ "STE_DW1_MEV (19)", STE_DW1_MEV, 0x0000000000080000ULL },
	{ "STE_DW1_EATS (29:28)", STE_DW1_EATS, 0x0000000030000000ULL },
	{ "STE_DW1_STRW (31:30)", STE_DW1_STRW, 0x00000000c0000000ULL },
	{ "STE_DW1_SHCFG (45:44)", STE_DW1_SHCFG, 0x0000300000000000ULL },
	{ "STE_DW1_IMPDEF (63:52)", STE_DW1_IMPDEF, 0xfff0000000000000ULL },
	{ "STE_DW2_S2T0SZ (37:32)", STE_DW2_S2T0SZ, 0x0000003f00000000ULL },
	{ "STE_DW2_VTCR (50:32)", STE_DW2_VTCR, 0x0007ffff00000000ULL },
	{ "STE_DW2_DPT_VMATCH (63:62)", STE_DW2_DPT_VMATCH, 0xc000000000000000ULL },
	{ "STE_DW3_S2TTB (55:4)", STE_DW3_S2TTB, 0x00fffffffffffff0ULL },
	{ "STE_DW4_MECID (63:48)", STE_DW4_MECID, 0xffff000000000000ULL },
	{ "STE_DW5_VMSPTR (55:12)", STE_DW5_VMSPTR, 0x00fffffffffff000ULL },
	{ "STE_DW6_S_S2TTB (55:4)", STE_DW6_S_S2TTB, 0x00fffffffffffff0ULL },
	{ "STE_DW7_S2POI(0) (3:0)", STE_DW7_S2POI(0), 0x000000000000000fULL },
	{ "STE_DW7_S2POI(15) (63:60)", STE_DW7_S2POI(15), 0xf000000000000000ULL },
	{ "CD_DW0_TG1 (23:22)", CD_DW0_TG1, 0x0000000000c00000ULL },
	{ "CD_DW0_V (31)", CD_DW0_V, 0x0000000080000000ULL },
	{ "CD_DW0_ASID (63:48)", CD_DW0_ASID, 0xffff000000000000ULL },
	{ "CD_DW1_TTB0 (55:4)", CD_DW1_TTB0, 0x00fffffffffffff0ULL },
	{ "CD_DW2_TTB1 (55:4)", CD_DW2_TTB1, 0x00fffffffffffff0ULL },
	{ "CD_DW6_PIIU(15) (47:45)", CD_DW6_PIIU(15), 0x0000e00000000000ULL },
	{ "CD_DW7_PIIP(15) (47:45)", CD_DW7_PIIP(15), 0x0000e00000000000ULL },
	{ "CD_DW6_RES0_63_48", CD_DW6_RES0_63_48, 0xffff000000000000ULL },
};

START_TEST(test_mask_macro)
{
	const struct mask_case *c = &mask_cases[_i];

	ck_assert_msg(c->got == c->want, "%s: expected 0x%016llx, got 0x%016llx",
		      c->macro, X(c->want), X(c->got));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* KUnit fixture qwords (linux.md §6.2) and the §3 worked example.          */

struct field_value {
	const char *field;
	u64 value;
};

struct fixture_case {
	const char *name;
	u64 q[4];                      /* qwords 0..3; 4..7 are 0 */
	struct field_value want[28];   /* every other field is 0 */
};

/* S2 fixture: vtcr {ps 1, tg 2, sh 3, orgn 1, irgn 2, sl 3, tsz 4}, VMID 0,
 * vttbr 0xdaedbeefdeadbeef masked to 51:4 => S2TTB = 0xdbeefdeadbee. */
#define S2_FIXTURE_FIELDS \
	{ "S2T0SZ", 4 }, { "S2SL0", 3 }, { "S2IR0", 2 }, { "S2OR0", 1 }, \
	{ "S2SH0", 3 }, { "S2TG", 2 }, { "S2PS", 1 }, { "S2AA64", 1 }, \
	{ "S2PTW", 1 }, { "S2R", 1 }, { "S2TTB", 0xdbeefdeadbeeULL }

/* cdtab dma 0xF0F0F0F0F0F0 masked to 51:6 => S1ContextPtr = 0x3c3c3c3c3c3. */
static const struct fixture_case fixture_cases[] = {
	{ "abort", { 0x0000000000000001ULL, 0, 0, 0 },
	  { { "V", 1 } } },
	{ "bypass", { 0x0000000000000009ULL, 0x0000100000000000ULL, 0, 0 },
	  { { "V", 1 }, { "Config", 4 }, { "SHCFG", 1 } } },
	{ "cdtable SSID0 ATS",
	  { 0xf800f0f0f0f0f0ebULL, 0x00000000180000d6ULL, 0, 0 },
	  { { "V", 1 }, { "Config", 5 }, { "S1Fmt", 2 },
	    { "S1ContextPtr", 0x3c3c3c3c3c3ULL }, { "S1CDMax", 0x1f },
	    { "S1DSS", 2 }, { "S1CIR", 1 }, { "S1COR", 1 }, { "S1CSH", 3 },
	    { "S1STALLD", 1 }, { "EATS", 1 } } },
	{ "cdtable S1DSS_BYPASS ATS",
	  { 0xf800f0f0f0f0f0ebULL, 0x00001000180000d5ULL, 0, 0 },
	  { { "V", 1 }, { "Config", 5 }, { "S1Fmt", 2 },
	    { "S1ContextPtr", 0x3c3c3c3c3c3ULL }, { "S1CDMax", 0x1f },
	    { "S1DSS", 1 }, { "S1CIR", 1 }, { "S1COR", 1 }, { "S1CSH", 3 },
	    { "S1STALLD", 1 }, { "EATS", 1 }, { "SHCFG", 1 } } },
	{ "s2 ATS",
	  { 0x000000000000000dULL, 0x0000100010000000ULL,
	    0x0449b6c400000000ULL, 0x000dbeefdeadbee0ULL },
	  { { "V", 1 }, { "Config", 6 }, { "SHCFG", 1 }, { "EATS", 1 },
	    S2_FIXTURE_FIELDS } },
	{ "s2 STALL",
	  { 0x000000000000000dULL, 0x0000100000000000ULL,
	    0x0649b6c400000000ULL, 0x000dbeefdeadbee0ULL },
	  { { "V", 1 }, { "Config", 6 }, { "SHCFG", 1 }, { "S2S", 1 },
	    S2_FIXTURE_FIELDS } },
	{ "nested S1DSS_BYPASS ATS",
	  { 0xf800f0f0f0f0f0efULL, 0x00001000180800d5ULL,
	    0x0449b6c400000000ULL, 0x000dbeefdeadbee0ULL },
	  { { "V", 1 }, { "Config", 7 }, { "S1Fmt", 2 },
	    { "S1ContextPtr", 0x3c3c3c3c3c3ULL }, { "S1CDMax", 0x1f },
	    { "S1DSS", 1 }, { "S1CIR", 1 }, { "S1COR", 1 }, { "S1CSH", 3 },
	    { "S1STALLD", 1 }, { "EATS", 1 }, { "MEV", 1 }, { "SHCFG", 1 },
	    S2_FIXTURE_FIELDS } },
	/* linux.md §3: ctxptr 0x80001000 => S1ContextPtr 0x2000040 */
	{ "worked example pSTE (v6.15+)",
	  { 0x000000008000100fULL, 0x00001000100800d6ULL,
	    0x0449b6c400000000ULL, 0x000dbeefdeadbee0ULL },
	  { { "V", 1 }, { "Config", 7 }, { "S1ContextPtr", 0x2000040 },
	    { "S1DSS", 2 }, { "S1CIR", 1 }, { "S1COR", 1 }, { "S1CSH", 3 },
	    { "EATS", 1 }, { "MEV", 1 }, { "SHCFG", 1 }, S2_FIXTURE_FIELDS } },
};

START_TEST(test_kunit_fixture_decodes)
{
	const struct fixture_case *c = &fixture_cases[_i];
	struct ste_fields f;
	u64 w[STE_DWORDS] = { c->q[0], c->q[1], c->q[2], c->q[3], 0, 0, 0, 0 };
	u64 back[STE_DWORDS];

	ste_decode(w, &f);
	for (unsigned i = 0; i < ste_field_count; i++) {
		const struct sn_field_desc *t = &ste_field_table[i];
		u64 want = 0, got = member_value(&f, t->offset);

		for (unsigned k = 0; k < ARRAY_SIZE(c->want) && c->want[k].field; k++)
			if (strcmp(c->want[k].field, t->name) == 0)
				want = c->want[k].value;
		ck_assert_msg(got == want, "fixture %s: field %s expected 0x%llx, got 0x%llx",
			      c->name, t->name, X(want), X(got));
	}
	/* and every expected field name is a real row */
	for (unsigned k = 0; k < ARRAY_SIZE(c->want) && c->want[k].field; k++) {
		const struct sn_field_desc *row;

		ck_assert_msg(ste_field_by_name(c->want[k].field, &row),
			      "fixture %s: field %s not in the STE table", c->name,
			      c->want[k].field);
	}
	ste_encode(&f, back);
	for (unsigned i = 0; i < STE_DWORDS; i++)
		ck_assert_msg(back[i] == w[i], "fixture %s: re-encoded q%u expected 0x%016llx, got 0x%016llx",
			      c->name, i, X(w[i]), X(back[i]));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* (d) sn_field_* helpers on edge masks.                                    */

enum helper_op { OP_GET, OP_PREP, OP_SET, OP_FITS };

struct helper_case {
	const char *name;
	enum helper_op op;
	u64 mask, a, b;          /* get(mask, a); prep(mask, a); set(mask, a, b); fits(mask, a) */
	u64 want;
};

static const struct helper_case helper_cases[] = {
	{ "get bit 0 from all ones", OP_GET, SN_BIT(0), ~0ULL, 0, 1 },
	{ "get bit 0 ignores other bits", OP_GET, SN_BIT(0), 0xfffffffffffffffeULL, 0, 0 },
	{ "prep bit 0 drops bits that do not fit", OP_PREP, SN_BIT(0), 3, 0, 1 },
	{ "set bit 0 keeps the rest", OP_SET, SN_BIT(0), 0xf0, 1, 0xf1 },
	{ "set bit 0 clears it", OP_SET, SN_BIT(0), 0xff, 0, 0xfe },
	{ "fits bit 0: 1", OP_FITS, SN_BIT(0), 1, 0, true },
	{ "fits bit 0: 2", OP_FITS, SN_BIT(0), 2, 0, false },
	{ "get bit 63", OP_GET, SN_BIT(63), 0x8000000000000000ULL, 0, 1 },
	{ "get bit 63 ignores bit 62", OP_GET, SN_BIT(63), 0x4000000000000000ULL, 0, 0 },
	{ "prep bit 63", OP_PREP, SN_BIT(63), 1, 0, 0x8000000000000000ULL },
	{ "prep bit 63 drops bit 1 of the value", OP_PREP, SN_BIT(63), 2, 0, 0 },
	{ "set bit 63 keeps bit 0", OP_SET, SN_BIT(63), 1, 1, 0x8000000000000001ULL },
	{ "fits bit 63: 1", OP_FITS, SN_BIT(63), 1, 0, true },
	{ "fits bit 63: 2", OP_FITS, SN_BIT(63), 2, 0, false },
	{ "get full mask", OP_GET, ~0ULL, 0x0123456789abcdefULL, 0, 0x0123456789abcdefULL },
	{ "prep full mask", OP_PREP, ~0ULL, 0xfedcba9876543210ULL, 0, 0xfedcba9876543210ULL },
	{ "set full mask replaces the word", OP_SET, ~0ULL, 0x5555, 0xaaaa, 0xaaaa },
	{ "fits full mask: all ones", OP_FITS, ~0ULL, ~0ULL, 0, true },
	{ "get top nibble 63:60", OP_GET, SN_GENMASK(63, 60), 0xa000000000000000ULL, 0, 0xa },
	{ "prep top nibble drops bit 4", OP_PREP, SN_GENMASK(63, 60), 0x1f, 0, 0xf000000000000000ULL },
	{ "fits 63:60: 0xf", OP_FITS, SN_GENMASK(63, 60), 0xf, 0, true },
	{ "fits 63:60: 0x10", OP_FITS, SN_GENMASK(63, 60), 0x10, 0, false },
	{ "get empty mask", OP_GET, 0, ~0ULL, 0, 0 },
	{ "SN_GENMASK(63, 0)", OP_GET, ~0ULL, SN_GENMASK(63, 0), 0, ~0ULL },
	{ "SN_GENMASK(0, 0)", OP_GET, ~0ULL, SN_GENMASK(0, 0), 0, 1 },
	{ "SN_GENMASK(63, 63)", OP_GET, ~0ULL, SN_GENMASK(63, 63), 0, 0x8000000000000000ULL },
	{ "SN_GENMASK(55, 4)", OP_GET, ~0ULL, SN_GENMASK(55, 4), 0, 0x00fffffffffffff0ULL },
};

START_TEST(test_field_helper)
{
	const struct helper_case *c = &helper_cases[_i];
	u64 got = 0;

	switch (c->op) {
	case OP_GET: got = sn_field_get(c->mask, c->a); break;
	case OP_PREP: got = sn_field_prep(c->mask, c->a); break;
	case OP_SET: got = sn_field_set(c->mask, c->a, c->b); break;
	case OP_FITS: got = sn_field_fits(c->mask, c->a); break;
	}
	ck_assert_msg(got == c->want, "helper %s (mask 0x%016llx): expected 0x%llx, got 0x%llx",
		      c->name, X(c->mask), X(c->want), X(got));
}
END_TEST

START_TEST(test_mask_shift)
{
	ck_assert_msg(sn_mask_shift(0) == 0, "sn_mask_shift(0): expected 0, got %u", sn_mask_shift(0));
	for (unsigned b = 0; b < 64; b++)
		ck_assert_msg(sn_mask_shift(SN_BIT(b)) == b,
			      "sn_mask_shift(bit %u): expected %u, got %u", b, b,
			      sn_mask_shift(SN_BIT(b)));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* (e) Lookup by name, case-insensitive.                                    */

struct lookup_case {
	unsigned layout;         /* 0 STE, 1 CD */
	const char *query;
	const char *want;        /* canonical row name, NULL = unknown */
};

static const struct lookup_case lookup_cases[] = {
	{ 0, "S1CDMax", "S1CDMax" },
	{ 0, "s1cdmax", "S1CDMax" },
	{ 0, "S1CDMAX", "S1CDMax" },
	{ 0, "mev", "MEV" },
	{ 0, "s2poi15", "S2POI15" },
	{ 0, "v", "V" },
	{ 0, "S1contextPTR", "S1ContextPtr" },
	{ 0, "assuredonly", "AssuredOnly" },
	{ 0, "", NULL },
	{ 0, "S2POI16", NULL },
	{ 0, "S1CDMax ", NULL },
	{ 0, "STE_DW1_MEV", NULL },
	{ 0, "TTB0", NULL },           /* a CD field, not an STE one */
	{ 0, "VTCR", NULL },           /* Linux's grouping, not a spec field */
	{ 1, "ttb0", "TTB0" },
	{ 1, "Pnch", "PnCH" },
	{ 1, "V", "V" },
	{ 1, "piip15", "PIIP15" },
	{ 1, "asid", "ASID" },
	{ 1, "PIIU16", NULL },
	{ 1, "S1CDMax", NULL },        /* an STE field, not a CD one */
	{ 1, "T0SZ0", NULL },
};

START_TEST(test_lookup)
{
	const struct lookup_case *c = &lookup_cases[_i];
	struct layout l = layout_of(c->layout);
	const struct sn_field_desc *row = NULL;
	bool found = l.by_name(c->query, &row);

	if (!c->want) {
		ck_assert_msg(!found, "%s lookup \"%s\": expected unknown, got row %s",
			      l.name, c->query, found && row ? row->name : "?");
		return;
	}
	ck_assert_msg(found, "%s lookup \"%s\": expected row %s, got unknown",
		      l.name, c->query, c->want);
	ck_assert_msg(strcmp(row->name, c->want) == 0, "%s lookup \"%s\": expected row %s, got %s",
		      l.name, c->query, c->want, row->name);
	ck_assert_msg(row >= l.table && row < l.table + l.count,
		      "%s lookup \"%s\": returned pointer is not a table row", l.name, c->query);
}
END_TEST

/* Every row is found under its own name, in upper and in lower case. */
START_TEST(test_lookup_every_row)
{
	struct layout l = layout_of((unsigned)_i);
	char buf[64];

	for (unsigned i = 0; i < l.count; i++) {
		const char *n = l.table[i].name;
		size_t len = strlen(n);

		ck_assert_msg(len < sizeof(buf), "%s row %s: name too long", l.name, n);
		for (int up = 0; up < 2; up++) {
			const struct sn_field_desc *row = NULL;

			for (size_t k = 0; k <= len; k++) {
				char ch = n[k];

				if (up && ch >= 'a' && ch <= 'z')
					ch = (char)(ch - 'a' + 'A');
				if (!up && ch >= 'A' && ch <= 'Z')
					ch = (char)(ch - 'A' + 'a');
				buf[k] = ch;
			}
			ck_assert_msg(l.by_name(buf, &row) && row == &l.table[i],
				      "%s lookup \"%s\": expected row %u (%s), got %s",
				      l.name, buf, i, n, row ? row->name : "unknown");
		}
	}
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *fields_suite(void)
{
	Suite *s = suite_create("fields");
	TCase *tc;

	tc = tcase_create("coverage");
	tcase_add_loop_test(tc, test_rows_name_valid_dword, 0, N_LAYOUTS);
	tcase_add_loop_test(tc, test_rows_masks_contiguous, 0, N_LAYOUTS);
	tcase_add_loop_test(tc, test_masks_disjoint_and_cover_each_dword, 0, N_LAYOUTS * 8);
	tcase_add_loop_test(tc, test_names_unique, 0, N_LAYOUTS);
	suite_add_tcase(s, tc);

	tc = tcase_create("roundtrip");
	tcase_add_loop_test(tc, test_roundtrip_all_zero, 0, N_LAYOUTS);
	tcase_add_loop_test(tc, test_roundtrip_all_ones, 0, N_LAYOUTS);
	tcase_add_loop_test(tc, test_roundtrip_single_bits, 0, N_LAYOUTS * 8);
	tcase_add_loop_test(tc, test_roundtrip_random_words, 0, N_LAYOUTS);
	suite_add_tcase(s, tc);

	tc = tcase_create("spot");
	tcase_add_loop_test(tc, test_ste_spot, 0, ARRAY_SIZE(ste_spots));
	tcase_add_loop_test(tc, test_cd_spot, 0, ARRAY_SIZE(cd_spots));
	tcase_add_loop_test(tc, test_mask_macro, 0, ARRAY_SIZE(mask_cases));
	tcase_add_loop_test(tc, test_kunit_fixture_decodes, 0, ARRAY_SIZE(fixture_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("helpers");
	tcase_add_loop_test(tc, test_field_helper, 0, ARRAY_SIZE(helper_cases));
	tcase_add_test(tc, test_mask_shift);
	suite_add_tcase(s, tc);

	tc = tcase_create("lookup");
	tcase_add_loop_test(tc, test_lookup, 0, ARRAY_SIZE(lookup_cases));
	tcase_add_loop_test(tc, test_lookup_every_row, 0, N_LAYOUTS);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fields_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
