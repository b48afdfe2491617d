// SPDX-License-Identifier: MIT
/*
 * Commands: decode, encode, names and the CERROR_ILL rules (model/cmdq.c).
 *
 *  - decode: for every opcode, hand-built words and every field expected,
 *    worked out by hand from the bit positions of arch.md §4.3 / cmdq.h;
 *    bits a command does not define are set where possible, to show they
 *    are not read;
 *  - round trip: random words keep exactly the bits of the hand-written
 *    per-opcode mask; random field values survive encode then decode;
 *  - Linux: the words arm_smmu_cmdq_build_cmd() builds (linux.md §1.3),
 *    as literal words;
 *  - check: every CERROR_ILL rule fires once, with its legal counterparts;
 *  - names: every opcode of IHI0070 §4.1.1 and some reserved ones.
 *
 * Every case is a row of a table naming its rule; a failure names the row,
 * the field, the expected value and the value got.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/cmdq.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X(v) ((unsigned long long)(v))

/* ------------------------------------------------------------------------ */
/* Every member of struct sn_cmd as a number, so cases compare them all.    */

enum member {
	M_OP, M_SSEC, M_SSV, M_SSID, M_SID, M_LEAF, M_RANGE, M_NUM, M_SCALE,
	M_TTL, M_TG, M_TTL128, M_VMID, M_ASID, M_ADDR, M_GLOBAL, M_SIZE,
	M_PRGINDEX, M_RESP, M_AC, M_AB, M_STAG, M_CS, M_MSH, M_MSIATTR,
	M_MSIDATA, M_MSIADDR, M_COUNT
};

static const char *const member_names[M_COUNT] = {
	"op", "ssec", "ssv", "ssid", "sid", "leaf", "range", "num", "scale",
	"ttl", "tg", "ttl128", "vmid", "asid", "addr", "global", "size",
	"prgindex", "resp", "ac", "ab", "stag", "cs", "msh", "msiattr",
	"msidata", "msiaddr",
};

static void cmd_to_vals(const struct sn_cmd *c, u64 v[M_COUNT])
{
	v[M_OP] = c->op; v[M_SSEC] = c->ssec; v[M_SSV] = c->ssv;
	v[M_SSID] = c->ssid; v[M_SID] = c->sid; v[M_LEAF] = c->leaf;
	v[M_RANGE] = c->range; v[M_NUM] = c->num; v[M_SCALE] = c->scale;
	v[M_TTL] = c->ttl; v[M_TG] = c->tg; v[M_TTL128] = c->ttl128;
	v[M_VMID] = c->vmid; v[M_ASID] = c->asid; v[M_ADDR] = c->addr;
	v[M_GLOBAL] = c->global; v[M_SIZE] = c->size;
	v[M_PRGINDEX] = c->prgindex; v[M_RESP] = c->resp; v[M_AC] = c->ac;
	v[M_AB] = c->ab; v[M_STAG] = c->stag; v[M_CS] = c->cs;
	v[M_MSH] = c->msh; v[M_MSIATTR] = c->msiattr;
	v[M_MSIDATA] = c->msidata; v[M_MSIADDR] = c->msiaddr;
}

static void vals_to_cmd(const u64 v[M_COUNT], struct sn_cmd *c)
{
	memset(c, 0, sizeof(*c));
	c->op = (u8)v[M_OP]; c->ssec = v[M_SSEC]; c->ssv = v[M_SSV];
	c->ssid = (u32)v[M_SSID]; c->sid = (u32)v[M_SID]; c->leaf = v[M_LEAF];
	c->range = (u8)v[M_RANGE]; c->num = (u8)v[M_NUM]; c->scale = (u8)v[M_SCALE];
	c->ttl = (u8)v[M_TTL]; c->tg = (u8)v[M_TG]; c->ttl128 = v[M_TTL128];
	c->vmid = (u16)v[M_VMID]; c->asid = (u16)v[M_ASID]; c->addr = v[M_ADDR];
	c->global = v[M_GLOBAL]; c->size = (u8)v[M_SIZE];
	c->prgindex = (u16)v[M_PRGINDEX]; c->resp = (u8)v[M_RESP];
	c->ac = v[M_AC]; c->ab = v[M_AB]; c->stag = (u16)v[M_STAG];
	c->cs = (u8)v[M_CS]; c->msh = (u8)v[M_MSH]; c->msiattr = (u8)v[M_MSIATTR];
	c->msidata = (u32)v[M_MSIDATA]; c->msiaddr = v[M_MSIADDR];
}

static void expect_cmd(const char *row, const struct sn_cmd *want, const struct sn_cmd *got)
{
	u64 w[M_COUNT], g[M_COUNT];

	cmd_to_vals(want, w);
	cmd_to_vals(got, g);
	for (unsigned m = 0; m < M_COUNT; m++)
		ck_assert_msg(w[m] == g[m], "%s: field %s expected 0x%llx, got 0x%llx",
			      row, member_names[m], X(w[m]), X(g[m]));
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
/* (a) Decode of hand-built words, every opcode.                            */

struct decode_case {
	const char *rule;
	u64 w0, w1;
	struct sn_cmd want;     /* raw is filled in by the test */
};

static const struct decode_case decode_cases[] = {
	/* DW0: SID 0xdeadbeef [63:32], SSID 0x12345 [31:12], SSV [11], SSec [10] */
	{ "PREFETCH_CONFIG: SSec, SSV, SSID, SID; DW1 not read",
	  0xdeadbeef12345c01ULL, 0xffffffffffffffffULL,
	  { .op = 0x01, .ssec = true, .ssv = true, .ssid = 0x12345, .sid = 0xdeadbeef } },
	/* DW0: SID 7, SSID 1, SSV; DW1: Addr 0x123456789000, Size 31 [4:0] */
	{ "PREFETCH_ADDR: SSV, SSID, SID, Size, Addr",
	  0x0000000700001802ULL, 0x000012345678901fULL,
	  { .op = 0x02, .ssv = true, .ssid = 1, .sid = 7, .size = 31, .addr = 0x123456789000ULL } },
	/* DW0 [31:12] all ones: CFGI_STE has no SSID, so ssid stays 0 */
	{ "CFGI_STE: SID, Leaf; no SSID field",
	  0x00000100fffff003ULL, 0x0000000000000001ULL,
	  { .op = 0x03, .sid = 0x100, .leaf = true } },
	{ "CFGI_STE_RANGE: SSec, SID, Range 31 (CFGI_ALL); no Leaf",
	  0x0000ffff00000404ULL, 0x000000000000001fULL,
	  { .op = 0x04, .ssec = true, .sid = 0xffff, .range = 31 } },
	/* DW0: SID 0x42, SSID 0xab at [31:12] = 0x000ab000 */
	{ "CFGI_CD: SID, SSID, Leaf",
	  0x00000042000ab005ULL, 0x0000000000000001ULL,
	  { .op = 0x05, .ssid = 0xab, .sid = 0x42, .leaf = true } },
	{ "CFGI_CD_ALL: SID only; DW1 not read",
	  0x0000123400000006ULL, 0xffffffffffffffffULL,
	  { .op = 0x06, .sid = 0x1234 } },
	{ "CFGI_VMS_PIDM: SSec, VMID [47:32]",
	  0x0000003300000407ULL, 0,
	  { .op = 0x07, .ssec = true, .vmid = 0x33 } },
	/* ASID bits [63:48] set: NH_ALL has no ASID */
	{ "TLBI_NH_ALL: VMID only",
	  0xffff000500000010ULL, 0,
	  { .op = 0x10, .vmid = 5 } },
	{ "TLBI_NH_ASID: ASID [63:48], VMID [47:32]",
	  0x0007000500000011ULL, 0,
	  { .op = 0x11, .vmid = 5, .asid = 7 } },
	/* DW0: ASID 0xbeef, VMID 0x0102, SCALE 19 [24:20] = 0x01300000,
	 * NUM 31 [16:12] = 0x1f000.  DW1: VA, TG 1 = 0x400, TTL 3 = 0x300,
	 * TTL128 = 0x80, Leaf = 1. */
	{ "TLBI_NH_VA: ASID, VMID, NUM, SCALE, VA, TG, TTL, TTL128, Leaf",
	  0xbeef01020131f012ULL, 0xffff800012345781ULL,
	  { .op = 0x12, .num = 31, .scale = 19, .vmid = 0x102, .asid = 0xbeef, .leaf = true,
	    .ttl128 = true, .ttl = 3, .tg = 1, .addr = 0xffff800012345000ULL } },
	/* DW1: TG 3 = 0xc00, TTL 2 = 0x200, Leaf 0; ASID bits set but unused */
	{ "TLBI_NH_VAA: VMID, VA, TG, TTL; no ASID",
	  0xaaaa000900000013ULL, 0x00007ffffffffe00ULL,
	  { .op = 0x13, .vmid = 9, .tg = 3, .ttl = 2, .addr = 0x00007ffffffff000ULL } },
	{ "TLBI_EL3_ALL: no fields",
	  0xffffffffffffff18ULL, 0xffffffffffffffffULL,
	  { .op = 0x18 } },
	{ "TLBI_EL3_VA: VA, Leaf",
	  0x000000000000001aULL, 0x0000000000001001ULL,
	  { .op = 0x1a, .addr = 0x1000, .leaf = true } },
	{ "TLBI_EL2_ALL: no fields",
	  0x0000000000000020ULL, 0,
	  { .op = 0x20 } },
	/* VMID bits [47:32] = 0x5678 set: EL2_ASID has no VMID */
	{ "TLBI_EL2_ASID: ASID; no VMID",
	  0x1234567800000021ULL, 0,
	  { .op = 0x21, .asid = 0x1234 } },
	/* DW0: ASID 1, NUM 1 = 0x1000.  DW1: VA 0x40000000, TG 1, TTL 2, Leaf */
	{ "TLBI_EL2_VA: ASID, NUM, VA, TG, TTL, Leaf",
	  0x0001000000001022ULL, 0x0000000040000601ULL,
	  { .op = 0x22, .asid = 1, .num = 1, .addr = 0x40000000, .tg = 1, .ttl = 2, .leaf = true } },
	/* DW0: SCALE 1 = 0x100000.  DW1: VA 0xffe00000, TG 2 = 0x800 */
	{ "TLBI_EL2_VAA: SCALE, VA, TG",
	  0x0000000000100023ULL, 0x00000000ffe00800ULL,
	  { .op = 0x23, .scale = 1, .addr = 0xffe00000ULL, .tg = 2 } },
	{ "TLBI_S12_VMALL: VMID",
	  0x0000abcd00000028ULL, 0,
	  { .op = 0x28, .vmid = 0xabcd } },
	/* DW0: VMID 1, SCALE 2 = 0x200000, NUM 3 = 0x3000.  DW1: bits [63:56]
	 * set (outside IPA [55:12]), IPA 0x8000000000, TG 1, TTL 3, Leaf */
	{ "TLBI_S2_IPA: VMID, NUM, SCALE, IPA [55:12] only, TG, TTL, Leaf",
	  0x000000010020302aULL, 0xff00008000000701ULL,
	  { .op = 0x2a, .vmid = 1, .num = 3, .scale = 2, .addr = 0x0000008000000000ULL,
	    .tg = 1, .ttl = 3, .leaf = true } },
	{ "TLBI_NSNH_ALL: no fields",
	  0x0000000000000030ULL, 0,
	  { .op = 0x30 } },
	/* DW0: SID 0x10, SSID 1 = 0x1000, SSV = 0x800, Global [9] = 0x200.
	 * DW1: Addr 0x100000, Size 8 */
	{ "ATC_INV: SID, SSID, SSV, Global, Size, Addr",
	  0x0000001000001a40ULL, 0x0000000000100008ULL,
	  { .op = 0x40, .sid = 0x10, .ssid = 1, .ssv = true, .global = true, .size = 8,
	    .addr = 0x100000 } },
	/* DW0: SID 0x20, SSID 5, SSV.  DW1: PRGIndex 0x1ff [8:0], Resp 2 [13:12] */
	{ "PRI_RESP: SID, SSID, SSV, PRGIndex, Resp",
	  0x0000002000005841ULL, 0x00000000000021ffULL,
	  { .op = 0x41, .sid = 0x20, .ssid = 5, .ssv = true, .prgindex = 0x1ff, .resp = 2 } },
	/* DW0: SID 0x30, Ab [13], Ac [12], SSec [10].  DW1: STAG 0xabcd */
	{ "RESUME: SID, SSec, Ac, Ab, STAG",
	  0x0000003000003444ULL, 0x000000000000abcdULL,
	  { .op = 0x44, .sid = 0x30, .ssec = true, .ac = true, .ab = true, .stag = 0xabcd } },
	{ "STALL_TERM: SID; DW1 not read",
	  0x0000003100000045ULL, 0xffffffffffffffffULL,
	  { .op = 0x45, .sid = 0x31 } },
	/* DW0: MSIData 0xcafef00d, MSIAttr 0xf [27:24], MSH 3 [23:22], CS 1.
	 * DW1: bits [63:56] and [1:0] outside MSIAddress [55:2] */
	{ "CMD_SYNC: CS, MSH, MSIAttr, MSIData, MSIAddress [55:2]",
	  0xcafef00d0fc01046ULL, 0xff000000fee00007ULL,
	  { .op = 0x46, .cs = 1, .msh = 3, .msiattr = 0xf, .msidata = 0xcafef00d,
	    .msiaddr = 0xfee00004ULL } },
	{ "reserved 0x00: opcode only",
	  0xffffffffffffff00ULL, 0xffffffffffffffffULL,
	  { .op = 0x00 } },
	{ "Secure-only 0x5a (TLBI_S_S2_IPA): opcode only",
	  0xffffffffffffff5aULL, 0xffffffffffffffffULL,
	  { .op = 0x5a } },
	{ "IMPLEMENTATION DEFINED 0x85: opcode only",
	  0xffffffffffffff85ULL, 0xffffffffffffffffULL,
	  { .op = 0x85 } },
};

START_TEST(test_decode)
{
	const struct decode_case *t = &decode_cases[_i];
	const u64 words[2] = { t->w0, t->w1 };
	struct sn_cmd want = t->want, got;

	want.raw[0] = t->w0;
	want.raw[1] = t->w1;
	memset(&got, 0xa5, sizeof(got));
	sn_cmd_decode(words, &got);
	expect_cmd(t->rule, &want, &got);
	ck_assert_msg(got.raw[0] == t->w0 && got.raw[1] == t->w1,
		      "%s: raw expected 0x%016llx/0x%016llx, got 0x%016llx/0x%016llx",
		      t->rule, X(t->w0), X(t->w1), X(got.raw[0]), X(got.raw[1]));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* (b) Round trips.  Per opcode, by hand from arch.md §4.3 / cmdq.h:        */
/* the bits each command defines, and the struct members it defines.       */

#define B(m) (1u << (m))
#define MS_TLBI_RANGE (B(M_NUM) | B(M_SCALE) | B(M_TTL) | B(M_TG) | B(M_TTL128) | B(M_LEAF) | B(M_ADDR))

struct op_layout {
	u8 op;
	u64 mask0, mask1;       /* defined bits of DW0, DW1 */
	unsigned members;       /* defined members besides op */
};

static const struct op_layout op_layouts[] = {
	/* OP 0xff, SSec 0x400, SSV 0x800, SSID 0xfffff000, SID 0xffffffff00000000 */
	{ 0x01, 0xfffffffffffffcffULL, 0, B(M_SSEC) | B(M_SSV) | B(M_SSID) | B(M_SID) },
	/* + Size [4:0], Addr [63:12] */
	{ 0x02, 0xfffffffffffffcffULL, 0xfffffffffffff01fULL,
	  B(M_SSEC) | B(M_SSV) | B(M_SSID) | B(M_SID) | B(M_SIZE) | B(M_ADDR) },
	{ 0x03, 0xffffffff000004ffULL, 0x1, B(M_SSEC) | B(M_SID) | B(M_LEAF) },
	{ 0x04, 0xffffffff000004ffULL, 0x1f, B(M_SSEC) | B(M_SID) | B(M_RANGE) },
	{ 0x05, 0xfffffffffffff4ffULL, 0x1, B(M_SSEC) | B(M_SSID) | B(M_SID) | B(M_LEAF) },
	{ 0x06, 0xffffffff000004ffULL, 0, B(M_SSEC) | B(M_SID) },
	{ 0x07, 0x0000ffff000004ffULL, 0, B(M_SSEC) | B(M_VMID) },
	{ 0x10, 0x0000ffff000000ffULL, 0, B(M_VMID) },
	{ 0x11, 0xffffffff000000ffULL, 0, B(M_VMID) | B(M_ASID) },
	/* NUM 0x1f000, SCALE 0x3f00000; DW1 VA [63:12], TG+TTL 0xf00, TTL128 0x80, Leaf 1 */
	{ 0x12, 0xffffffff03f1f0ffULL, 0xffffffffffffff81ULL, B(M_VMID) | B(M_ASID) | MS_TLBI_RANGE },
	{ 0x13, 0x0000ffff03f1f0ffULL, 0xffffffffffffff81ULL, B(M_VMID) | MS_TLBI_RANGE },
	{ 0x18, 0xff, 0, 0 },
	{ 0x1a, 0x0000000003f1f0ffULL, 0xffffffffffffff81ULL, MS_TLBI_RANGE },
	{ 0x20, 0xff, 0, 0 },
	{ 0x21, 0xffff0000000000ffULL, 0, B(M_ASID) },
	{ 0x22, 0xffff000003f1f0ffULL, 0xffffffffffffff81ULL, B(M_ASID) | MS_TLBI_RANGE },
	{ 0x23, 0x0000000003f1f0ffULL, 0xffffffffffffff81ULL, MS_TLBI_RANGE },
	{ 0x28, 0x0000ffff000000ffULL, 0, B(M_VMID) },
	/* IPA [55:12] */
	{ 0x2a, 0x0000ffff03f1f0ffULL, 0x00ffffffffffff81ULL, B(M_VMID) | MS_TLBI_RANGE },
	{ 0x30, 0xff, 0, 0 },
	/* Global 0x200, SSV 0x800, SSID, SID; Size [5:0], Addr [63:12] */
	{ 0x40, 0xfffffffffffffaffULL, 0xfffffffffffff03fULL,
	  B(M_SSV) | B(M_SSID) | B(M_SID) | B(M_GLOBAL) | B(M_SIZE) | B(M_ADDR) },
	/* PRGIndex [8:0], Resp [13:12] */
	{ 0x41, 0xfffffffffffff8ffULL, 0x31ffULL,
	  B(M_SSV) | B(M_SSID) | B(M_SID) | B(M_PRGINDEX) | B(M_RESP) },
	/* SSec 0x400, Ac 0x1000, Ab 0x2000, SID; STAG [15:0] */
	{ 0x44, 0xffffffff000034ffULL, 0xffff, B(M_SSEC) | B(M_SID) | B(M_AC) | B(M_AB) | B(M_STAG) },
	{ 0x45, 0xffffffff000004ffULL, 0, B(M_SSEC) | B(M_SID) },
	/* CS 0x3000, MSH 0xc00000, MSIAttr 0xf000000, MSIData; MSIAddress [55:2] */
	{ 0x46, 0xffffffff0fc030ffULL, 0x00fffffffffffffcULL,
	  B(M_CS) | B(M_MSH) | B(M_MSIATTR) | B(M_MSIDATA) | B(M_MSIADDR) },
	{ 0x00, 0xff, 0, 0 },
	{ 0x50, 0xff, 0, 0 },
	{ 0x85, 0xff, 0, 0 },
	{ 0xff, 0xff, 0, 0 },
};

/* Random words: encode(decode(w)) keeps exactly the defined bits. */
START_TEST(test_roundtrip_words)
{
	const struct op_layout *l = &op_layouts[_i];
	u64 seed = 0x9e3779b97f4a7c15ULL + (u64)l->op;

	for (unsigned n = 0; n < 64; n++) {
		u64 in[2] = { (xorshift64(&seed) & ~0xffULL) | l->op, xorshift64(&seed) };
		u64 out[2];
		struct sn_cmd c1, c2;
		char row[64];

		snprintf(row, sizeof(row), "op 0x%02x iteration %u", l->op, n);
		sn_cmd_decode(in, &c1);
		sn_cmd_encode(&c1, out);
		ck_assert_msg(out[0] == (in[0] & l->mask0) && out[1] == (in[1] & l->mask1),
			      "%s: words 0x%016llx/0x%016llx expected 0x%016llx/0x%016llx, got 0x%016llx/0x%016llx",
			      row, X(in[0]), X(in[1]), X(in[0] & l->mask0), X(in[1] & l->mask1),
			      X(out[0]), X(out[1]));
		sn_cmd_decode(out, &c2);
		c1.raw[0] = out[0];
		c1.raw[1] = out[1];
		expect_cmd(row, &c1, &c2);
	}
}
END_TEST

/* Width of each member for opcode @op (hand-derived from the masks above). */
static u64 member_width(u8 op, unsigned m)
{
	switch (m) {
	case M_SSEC: case M_SSV: case M_LEAF: case M_TTL128: case M_GLOBAL:
	case M_AC: case M_AB:
		return 1;
	case M_SSID: return 0xfffff;
	case M_SID: case M_MSIDATA: return 0xffffffff;
	case M_RANGE: case M_NUM: return 0x1f;
	case M_SCALE: return 0x3f;
	case M_TTL: case M_TG: case M_RESP: case M_CS: case M_MSH: return 3;
	case M_VMID: case M_ASID: case M_STAG: return 0xffff;
	case M_PRGINDEX: return 0x1ff;
	case M_MSIATTR: return 0xf;
	case M_SIZE: return op == 0x02 ? 0x1f : 0x3f;
	case M_ADDR: return op == 0x2a ? 0x00fffffffffff000ULL : 0xfffffffffffff000ULL;
	case M_MSIADDR: return 0x00fffffffffffffcULL;
	default: return 0xff;
	}
}

/* Random field values: encode then decode gives them back, and no others. */
START_TEST(test_roundtrip_fields)
{
	const struct op_layout *l = &op_layouts[_i];
	u64 seed = 0x2545f4914f6cdd1dULL ^ ((u64)l->op << 32);

	for (unsigned n = 0; n < 64; n++) {
		u64 v[M_COUNT], want[M_COUNT] = { 0 };
		u64 words[2];
		struct sn_cmd in, out, expected;
		char row[64];

		for (unsigned m = 0; m < M_COUNT; m++)
			v[m] = xorshift64(&seed) & member_width(l->op, m);
		v[M_OP] = l->op;
		want[M_OP] = l->op;
		for (unsigned m = 1; m < M_COUNT; m++)
			if (l->members & B(m))
				want[m] = v[m];
		vals_to_cmd(v, &in);
		vals_to_cmd(want, &expected);
		snprintf(row, sizeof(row), "op 0x%02x iteration %u", l->op, n);
		sn_cmd_encode(&in, words);
		sn_cmd_decode(words, &out);
		expected.raw[0] = words[0];
		expected.raw[1] = words[1];
		expect_cmd(row, &expected, &out);
		ck_assert_msg((words[0] & ~l->mask0) == 0 && (words[1] & ~l->mask1) == 0,
			      "%s: bits outside the defined fields written: 0x%016llx/0x%016llx",
			      row, X(words[0] & ~l->mask0), X(words[1] & ~l->mask1));
	}
}
END_TEST

/* ------------------------------------------------------------------------ */
/* (c) The words Linux builds (linux.md §1.3, arm_smmu_cmdq_build_cmd).     */

struct linux_case {
	const char *rule;
	struct sn_cmd cmd;      /* the fields Linux fills */
	u64 w0, w1;             /* by hand from the bit positions */
};

static const struct linux_case linux_cases[] = {
	{ "NH_ALL(VMID 5): VMID only",
	  { .op = 0x10, .vmid = 5 }, 0x0000000500000010ULL, 0 },
	{ "S12_VMALL(VMID 2): VMID only",
	  { .op = 0x28, .vmid = 2 }, 0x0000000200000028ULL, 0 },
	{ "NH_ASID(ASID 3, VMID 4)",
	  { .op = 0x11, .asid = 3, .vmid = 4 }, 0x0003000400000011ULL, 0 },
	/* No RIL: ASID 3, VA 0x40000, Leaf */
	{ "NH_VA(ASID 3, VA 0x40000, Leaf), no range",
	  { .op = 0x12, .asid = 3, .addr = 0x40000, .leaf = true },
	  0x0003000000000012ULL, 0x0000000000040001ULL },
	/* 2 MB of 4 KB pages at IPA 0x80000000, leaf: TG = (12-10)/2 = 1,
	 * num_pages 512, scale = ffs = 9, NUM = 1-1 = 0, TTL = 4-(9/9) = 3.
	 * DW0 = VMID 1 << 32 | 9 << 20 | 0x2a; DW1 = IPA | 0x400 | 0x300 | 1 */
	{ "S2_IPA range: VMID 1, 2 MB at 0x80000000, 4 KB leaf",
	  { .op = 0x2a, .vmid = 1, .num = 0, .scale = 9, .tg = 1, .ttl = 3, .leaf = true,
	    .addr = 0x80000000ULL },
	  0x000000010090002aULL, 0x0000000080000701ULL },
	/* Non-leaf, one 64 KB granule page: TG 3, TTL 0, num_pages 1 -> 2 (bumped),
	 * scale = ffs(2) = 1, NUM = 0 */
	{ "S2_IPA range: VMID 7, non-leaf, 64 KB granule",
	  { .op = 0x2a, .vmid = 7, .num = 0, .scale = 1, .tg = 3, .ttl = 0,
	    .addr = 0x40010000ULL },
	  0x000000070010002aULL, 0x0000000040010c00ULL },
	/* CS = SEV 2 << 12, MSH = ISH 3 << 22, MSIATTR = OIWB 0xf << 24 */
	{ "CMD_SYNC: CS=SEV, MSH=ISH, MSIATTR=OIWB",
	  { .op = 0x46, .cs = 2, .msh = 3, .msiattr = 0xf },
	  0x000000000fc02046ULL, 0 },
	{ "CMD_SYNC: CS=IRQ, MSH=ISH, MSIATTR=OIWB, MSIAddress 0x80000040",
	  { .op = 0x46, .cs = 1, .msh = 3, .msiattr = 0xf, .msiaddr = 0x80000040ULL },
	  0x000000000fc01046ULL, 0x0000000080000040ULL },
	{ "ATC_INV full flush: SID 0x10, SSV 0, SIZE 52, ADDR 0",
	  { .op = 0x40, .sid = 0x10, .size = 52 }, 0x0000001000000040ULL, 0x0000000000000034ULL },
	/* Ranged: 8 KB at 0x3000 -> start 3, end 4, fls(3^4) = 3, ADDR 0, SIZE 3;
	 * SSID 2 -> SSV 1 */
	{ "ATC_INV ranged: SID 0x10, SSID 2, ADDR 0, SIZE 3",
	  { .op = 0x40, .sid = 0x10, .ssid = 2, .ssv = true, .size = 3 },
	  0x0000001000002840ULL, 0x0000000000000003ULL },
	{ "CFGI_STE(SID 0x20, Leaf)",
	  { .op = 0x03, .sid = 0x20, .leaf = true }, 0x0000002000000003ULL, 1 },
	{ "CFGI_ALL: Range 31",
	  { .op = 0x04, .range = 31 }, 0x0000000000000004ULL, 0x000000000000001fULL },
	{ "CFGI_CD(SID 0x20, SSID 3, Leaf)",
	  { .op = 0x05, .sid = 0x20, .ssid = 3, .leaf = true }, 0x0000002000003005ULL, 1 },
	{ "CFGI_CD_ALL(SID 0x20)",
	  { .op = 0x06, .sid = 0x20 }, 0x0000002000000006ULL, 0 },
	{ "NSNH_ALL",
	  { .op = 0x30 }, 0x0000000000000030ULL, 0 },
	/* RESUME: SID 9, RESP RETRY = 1 at [13:12] (Ac), STAG 0x44 */
	{ "RESUME(SID 9, RETRY, STAG 0x44)",
	  { .op = 0x44, .sid = 9, .ac = true, .stag = 0x44 }, 0x0000000900001044ULL, 0x44 },
	{ "PREFETCH_CONFIG(SID 0x21)",
	  { .op = 0x01, .sid = 0x21 }, 0x0000002100000001ULL, 0 },
};

START_TEST(test_linux_words)
{
	const struct linux_case *t = &linux_cases[_i];
	struct smmu_idr idr;
	u64 w[2];
	struct sn_cmd back, want = t->cmd;
	const char *why = NULL;

	sn_cmd_encode(&t->cmd, w);
	ck_assert_msg(w[0] == t->w0 && w[1] == t->w1,
		      "%s: words expected 0x%016llx/0x%016llx, got 0x%016llx/0x%016llx",
		      t->rule, X(t->w0), X(t->w1), X(w[0]), X(w[1]));
	sn_cmd_decode(w, &back);
	want.raw[0] = t->w0;
	want.raw[1] = t->w1;
	expect_cmd(t->rule, &want, &back);
	smmu_idr_default(&idr);
	ck_assert_msg(sn_cmd_check(&back, &idr, &why) == SN_CERROR_NONE,
		      "%s: expected legal on the default SMMU, got CERROR_ILL (%s)", t->rule, why);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* (d) sn_cmd_check: each rule firing, and legal counterparts.              */

enum idr_variant {
	IDR_DEFAULT, IDR_NO_S1, IDR_NO_S2, IDR_NO_HYP, IDR_NO_ATS, IDR_NO_RIL,
	IDR_STALL_TERM_ONLY, IDR_STALL_FORCED, IDR_NO_SSID, IDR_VMID8, IDR_ASID8,
};

static void make_idr(enum idr_variant v, struct smmu_idr *idr)
{
	smmu_idr_default(idr);
	switch (v) {
	case IDR_DEFAULT: break;
	case IDR_NO_S1: idr->s1p = false; break;
	case IDR_NO_S2: idr->s2p = false; break;
	case IDR_NO_HYP: idr->hyp = false; break;
	case IDR_NO_ATS: idr->ats = false; break;
	case IDR_NO_RIL: idr->ril = false; break;
	case IDR_STALL_TERM_ONLY: idr->stall_model = 1; break;
	case IDR_STALL_FORCED: idr->stall_model = 2; break;
	case IDR_NO_SSID: idr->ssidsize = 0; break;
	case IDR_VMID8: idr->vmid16 = false; break;
	case IDR_ASID8: idr->asid16 = false; break;
	}
}

struct check_case {
	const char *rule;
	u64 w0, w1;
	enum idr_variant idr;
	enum sn_cerror want;
	const char *why;        /* a substring of the reason, for ILL */
};

static const struct check_case check_cases[] = {
	/* Opcodes (§4.1.1, §4.1.3) */
	{ "reserved opcode 0x00", 0x00, 0, IDR_DEFAULT, SN_CERROR_ILL, "reserved opcode" },
	{ "reserved opcode 0x08", 0x08, 0, IDR_DEFAULT, SN_CERROR_ILL, "reserved opcode" },
	{ "reserved opcode 0x19", 0x19, 0, IDR_DEFAULT, SN_CERROR_ILL, "reserved opcode" },
	{ "reserved opcode 0x47", 0x47, 0, IDR_DEFAULT, SN_CERROR_ILL, "reserved opcode" },
	{ "reserved opcode 0x90", 0x90, 0, IDR_DEFAULT, SN_CERROR_ILL, "reserved opcode" },
	{ "reserved opcode 0xff", 0xff, 0, IDR_DEFAULT, SN_CERROR_ILL, "reserved opcode" },
	{ "IMPLEMENTATION DEFINED 0x80", 0x80, 0, IDR_DEFAULT, SN_CERROR_ILL, "IMPLEMENTATION DEFINED" },
	{ "IMPLEMENTATION DEFINED 0x8f", 0x8f, 0, IDR_DEFAULT, SN_CERROR_ILL, "IMPLEMENTATION DEFINED" },
	{ "Secure-only TLBI_S_EL2_ALL 0x50", 0x50, 0, IDR_DEFAULT, SN_CERROR_ILL, "Secure-only" },
	{ "Secure-only TLBI_S_EL2_ASID 0x51", 0x51, 0, IDR_DEFAULT, SN_CERROR_ILL, "Secure-only" },
	{ "Secure-only TLBI_S_EL2_VA 0x52", 0x52, 0, IDR_DEFAULT, SN_CERROR_ILL, "Secure-only" },
	{ "Secure-only TLBI_S_EL2_VAA 0x53", 0x53, 0, IDR_DEFAULT, SN_CERROR_ILL, "Secure-only" },
	{ "Secure-only TLBI_S_S12_VMALL 0x58", 0x58, 0, IDR_DEFAULT, SN_CERROR_ILL, "Secure-only" },
	{ "Secure-only TLBI_S_S2_IPA 0x5a", 0x5a, 0, IDR_DEFAULT, SN_CERROR_ILL, "Secure-only" },
	{ "Secure-only TLBI_SNH_ALL 0x60", 0x60, 0, IDR_DEFAULT, SN_CERROR_ILL, "Secure-only" },
	{ "TLBI_EL3_ALL on the NS queue", 0x18, 0, IDR_DEFAULT, SN_CERROR_ILL, "EL3" },
	{ "TLBI_EL3_VA on the NS queue", 0x1a, 0x1000, IDR_DEFAULT, SN_CERROR_ILL, "EL3" },
	{ "DPTI_ALL without IDR3.DPT", 0x70, 0, IDR_DEFAULT, SN_CERROR_ILL, "DPT" },
	{ "DPTI_PA without IDR3.DPT", 0x73, 0, IDR_DEFAULT, SN_CERROR_ILL, "DPT" },

	/* SSec == 1 on the Non-secure queue (§4.1.6): bit 10 = 0x400 */
	{ "SSec=1: PREFETCH_CONFIG", 0x0000000000000401ULL, 0, IDR_DEFAULT, SN_CERROR_ILL, "SSec == 1" },
	{ "SSec=1: PREFETCH_ADDR", 0x0000000000000402ULL, 0, IDR_DEFAULT, SN_CERROR_ILL, "SSec == 1" },
	{ "SSec=1: CFGI_STE", 0x0000000000000403ULL, 1, IDR_DEFAULT, SN_CERROR_ILL, "SSec == 1" },
	{ "SSec=1: CFGI_ALL", 0x0000000000000404ULL, 0x1f, IDR_DEFAULT, SN_CERROR_ILL, "SSec == 1" },
	{ "SSec=1: CFGI_CD", 0x0000000000000405ULL, 0, IDR_DEFAULT, SN_CERROR_ILL, "SSec == 1" },
	{ "SSec=1: CFGI_CD_ALL", 0x0000000000000406ULL, 0, IDR_DEFAULT, SN_CERROR_ILL, "SSec == 1" },
	{ "SSec=1: CFGI_VMS_PIDM", 0x0000000000000407ULL, 0, IDR_DEFAULT, SN_CERROR_ILL, "SSec == 1" },
	{ "SSec=1: RESUME", 0x0000000000000444ULL, 0, IDR_DEFAULT, SN_CERROR_ILL, "SSec == 1" },
	{ "SSec=1: STALL_TERM", 0x0000000000000445ULL, 0, IDR_DEFAULT, SN_CERROR_ILL, "SSec == 1" },
	{ "legal: bit 10 of NH_ALL is not SSec (unnamed RES0, ignored)",
	  0x0000000000000410ULL, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: bit 10 of CMD_SYNC is not SSec (unnamed RES0, ignored)",
	  0x0000000000000446ULL, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },

	/* Stage 1 (§4.3.3, §4.3.4, §4.4.2) */
	{ "NH_ALL without stage 1", 0x10, 0, IDR_NO_S1, SN_CERROR_ILL, "without stage 1" },
	{ "NH_ASID without stage 1", 0x11, 0, IDR_NO_S1, SN_CERROR_ILL, "without stage 1" },
	{ "NH_VA without stage 1", 0x12, 0, IDR_NO_S1, SN_CERROR_ILL, "without stage 1" },
	{ "NH_VAA without stage 1", 0x13, 0, IDR_NO_S1, SN_CERROR_ILL, "without stage 1" },
	{ "CFGI_CD without stage 1", 0x05, 0, IDR_NO_S1, SN_CERROR_ILL, "without stage 1" },
	{ "CFGI_CD_ALL without stage 1", 0x06, 0, IDR_NO_S1, SN_CERROR_ILL, "without stage 1" },
	{ "legal: CFGI_STE without stage 1", 0x03, 0, IDR_NO_S1, SN_CERROR_NONE, NULL },
	{ "legal: S2_IPA without stage 1", 0x2a, 0, IDR_NO_S1, SN_CERROR_NONE, NULL },
	{ "legal: NSNH_ALL on a stage 2-only SMMU", 0x30, 0, IDR_NO_S1, SN_CERROR_NONE, NULL },
	{ "legal: NSNH_ALL on a stage 1-only SMMU", 0x30, 0, IDR_NO_S2, SN_CERROR_NONE, NULL },
	/* §4.4.2: VMID of NH_* without stage 2 is RES0 with a stated effect */
	{ "legal: NH_ALL VMID 5 on a stage 1-only SMMU",
	  0x0000000500000010ULL, 0, IDR_NO_S2, SN_CERROR_NONE, NULL },

	/* Stage 2 (§4.4.3.1, §4.4.3.2) */
	{ "S2_IPA without stage 2", 0x2a, 0, IDR_NO_S2, SN_CERROR_ILL, "without stage 2" },
	{ "S12_VMALL without stage 2", 0x28, 0, IDR_NO_S2, SN_CERROR_ILL, "without stage 2" },
	{ "legal: NH_VA without stage 2", 0x12, 0, IDR_NO_S2, SN_CERROR_NONE, NULL },

	/* Hyp (§4.4.2.7-10) */
	{ "EL2_ALL without Hyp", 0x20, 0, IDR_NO_HYP, SN_CERROR_ILL, "Hyp == 0" },
	{ "EL2_ASID without Hyp", 0x21, 0, IDR_NO_HYP, SN_CERROR_ILL, "Hyp == 0" },
	{ "EL2_VA without Hyp", 0x22, 0, IDR_NO_HYP, SN_CERROR_ILL, "Hyp == 0" },
	{ "EL2_VAA without Hyp", 0x23, 0, IDR_NO_HYP, SN_CERROR_ILL, "Hyp == 0" },

	/* ATS (§4.5.1) */
	{ "ATC_INV without ATS", 0x0000001000000040ULL, 0x34, IDR_NO_ATS, SN_CERROR_ILL, "ATS == 0" },
	{ "ATC_INV Size 53 (> 52; the model raises)", 0x40, 0x35, IDR_DEFAULT, SN_CERROR_ILL, "Size > 52" },
	{ "ATC_INV Size 63", 0x40, 0x3f, IDR_DEFAULT, SN_CERROR_ILL, "Size > 52" },
	{ "legal: ATC_INV Size 52 (invalidate all)", 0x40, 0x34, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	/* Global [9] = 0x200 with SSV 0: Global is IGNORED */
	{ "legal: ATC_INV Global=1, SSV=0 (Global IGNORED)", 0x0000000000000240ULL, 0x34,
	  IDR_DEFAULT, SN_CERROR_NONE, NULL },
	/* SSV [11] with SSIDSIZE 0: CONSTRAINED UNPREDICTABLE, not ILLEGAL */
	{ "legal: ATC_INV SSV=1 with SSIDSIZE 0", 0x0000000000001840ULL, 0,
	  IDR_NO_SSID, SN_CERROR_NONE, NULL },
	{ "legal: PREFETCH_CONFIG SSV=1 with SSIDSIZE 0", 0x0000000000001801ULL, 0,
	  IDR_NO_SSID, SN_CERROR_NONE, NULL },
	{ "legal: CFGI_CD SSID 1 with SSIDSIZE 0 (out of range, §4.1.7)", 0x0000000000001005ULL, 0,
	  IDR_NO_SSID, SN_CERROR_NONE, NULL },

	/* MPAM, PRI: not in the model (§4.3.5, §4.5.2) */
	{ "CFGI_VMS_PIDM without MPAM", 0x07, 0, IDR_DEFAULT, SN_CERROR_ILL, "MPAM == 0" },
	{ "PRI_RESP Resp=0b11", 0x41, 0x3000, IDR_DEFAULT, SN_CERROR_ILL, "Resp == 0b11" },
	{ "PRI_RESP without PRI", 0x41, 0x2000, IDR_DEFAULT, SN_CERROR_ILL, "PRI == 0" },

	/* Stall model (§4.7.1, §4.7.2) */
	{ "RESUME with STALL_MODEL 0b01", 0x0000000100001044ULL, 0, IDR_STALL_TERM_ONLY,
	  SN_CERROR_ILL, "STALL_MODEL == 0b01" },
	{ "STALL_TERM with STALL_MODEL 0b01", 0x0000000100000045ULL, 0, IDR_STALL_TERM_ONLY,
	  SN_CERROR_ILL, "STALL_MODEL == 0b01" },
	{ "legal: RESUME with STALL_MODEL 0b10 (stall forced)", 0x0000000100001044ULL, 0,
	  IDR_STALL_FORCED, SN_CERROR_NONE, NULL },
	{ "legal: STALL_TERM with STALL_MODEL 0b00", 0x0000000100000045ULL, 0,
	  IDR_DEFAULT, SN_CERROR_NONE, NULL },

	/* CMD_SYNC CS (§4.7.3): CS [13:12] */
	{ "CMD_SYNC CS=0b11", 0x0000000000003046ULL, 0, IDR_DEFAULT, SN_CERROR_ILL, "CS == 0b11" },
	{ "legal: CMD_SYNC CS=0b00", 0x0000000000000046ULL, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: CMD_SYNC CS=0b01", 0x0000000000001046ULL, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: CMD_SYNC CS=0b10", 0x0000000000002046ULL, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	/* MSH 0b01 [23:22] = 0x400000: Reserved, treated as 0b00 */
	{ "legal: CMD_SYNC MSH=0b01", 0x0000000000402046ULL, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },

	/* Range fields with IDR3.RIL == 0 (§4.4.1.1): NUM 0x1000, SCALE 0x100000,
	 * TG 1 = 0x400, TTL 1 = 0x100, TTL128 = 0x80 */
	{ "RIL=0: NH_VA TG=1", 0x12, 0x400, IDR_NO_RIL, SN_CERROR_ILL, "RIL == 0" },
	{ "RIL=0: NH_VA NUM=1", 0x1012, 0, IDR_NO_RIL, SN_CERROR_ILL, "RIL == 0" },
	{ "RIL=0: NH_VAA SCALE=1", 0x100013, 0, IDR_NO_RIL, SN_CERROR_ILL, "RIL == 0" },
	{ "RIL=0: S2_IPA TTL=1", 0x2a, 0x100, IDR_NO_RIL, SN_CERROR_ILL, "RIL == 0" },
	{ "RIL=0: EL2_VA TTL128", 0x22, 0x80, IDR_NO_RIL, SN_CERROR_ILL, "RIL == 0" },
	{ "RIL=0: EL2_VAA TG=3 TTL=3 NUM=1", 0x1023, 0xf00, IDR_NO_RIL, SN_CERROR_ILL, "RIL == 0" },
	{ "legal: RIL=0 NH_VA VA 0x40000 Leaf, range fields zero", 0x0003000000000012ULL,
	  0x40001, IDR_NO_RIL, SN_CERROR_NONE, NULL },
	{ "legal: RIL=0 NH_ALL with DW0[16:12] set (not a range field of NH_ALL)",
	  0x0000000000001010ULL, 0, IDR_NO_RIL, SN_CERROR_NONE, NULL },

	/* RIL == 1: SCALE bit 25 without IDR5.DS (0x2000000) */
	{ "SCALE=32 (bit 25) without DS", 0x2000012, 0x400, IDR_DEFAULT, SN_CERROR_ILL, "SCALE bit 25" },
	{ "legal: SCALE=31 TG=1", 0x1f00012, 0x400, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	/* TG == 0 makes NUM, SCALE, TTL, TTL128 RES0 */
	{ "TG=0 with NUM=1", 0x1012, 0, IDR_DEFAULT, SN_CERROR_ILL, "with TG == 0" },
	{ "TG=0 with SCALE=1", 0x100012, 0, IDR_DEFAULT, SN_CERROR_ILL, "with TG == 0" },
	{ "TG=0 with TTL=2", 0x12, 0x200, IDR_DEFAULT, SN_CERROR_ILL, "with TG == 0" },
	{ "TG=0 with TTL128", 0x2a, 0x80, IDR_DEFAULT, SN_CERROR_ILL, "with TG == 0" },
	/* TTL128 with TG != 0 and TTL == 0: NUM 1 so not the reserved combination */
	{ "TTL128 with TG=1 TTL=0", 0x1012, 0x480, IDR_DEFAULT, SN_CERROR_ILL, "TTL128 set with TTL == 0" },
	{ "legal: TTL128 with TG=1 TTL=3", 0x12, 0x780, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	/* TG != 0, NUM = SCALE = TTL = 0 */
	{ "TG=1 NUM=SCALE=TTL=0 (NH_VA)", 0x12, 0x400, IDR_DEFAULT, SN_CERROR_ILL, "NUM == SCALE == TTL == 0" },
	{ "TG=2 NUM=SCALE=TTL=0 (S2_IPA)", 0x2a, 0x800, IDR_DEFAULT, SN_CERROR_ILL, "NUM == SCALE == TTL == 0" },
	{ "TG=3 NUM=SCALE=TTL=0 (EL2_VAA)", 0x23, 0xc00, IDR_DEFAULT, SN_CERROR_ILL, "NUM == SCALE == TTL == 0" },
	{ "legal: TG=1 TTL=3 single page", 0x12, 0x700, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TG=1 NUM=0 SCALE=1 TTL=0", 0x100012, 0x400, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TG=1 NUM=1 SCALE=0 TTL=0", 0x1012, 0x400, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	/* TG 16 KB = 0x800, TTL 1 = 0x100 */
	{ "TG=16KB TTL=01 NUM=SCALE=0 without DS", 0x2a, 0x900, IDR_DEFAULT, SN_CERROR_ILL, "16KB, TTL == 0b01" },
	{ "legal: TG=16KB TTL=01 NUM=1 (TTL treated as 0b00)", 0x102a, 0x900, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TG=4KB TTL=01 single", 0x2a, 0x500, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TG=64KB TTL=01 single", 0x2a, 0xd00, IDR_DEFAULT, SN_CERROR_NONE, NULL },

	/* ASID/VMID upper byte without ASID16/VMID16 (§4.4): no effect required, not ILL */
	{ "legal: NH_ALL VMID 0x100 with VMID16=0", 0x0000010000000010ULL, 0, IDR_VMID8,
	  SN_CERROR_NONE, NULL },
	{ "legal: NH_ASID ASID 0x100 with ASID16=0", 0x0100000000000011ULL, 0, IDR_ASID8,
	  SN_CERROR_NONE, NULL },
	/* Unnamed reserved bits (§4.1.5: the model ignores them) */
	{ "legal: NH_ALL with DW1 all ones", 0x10, 0xffffffffffffffffULL, IDR_DEFAULT,
	  SN_CERROR_NONE, NULL },
	{ "legal: S2_IPA with DW1[63:56] set", 0x102a, 0xff00000000000400ULL, IDR_DEFAULT,
	  SN_CERROR_NONE, NULL },

	/* Every opcode legal on the default SMMU with all fields zero */
	{ "legal: PREFETCH_CONFIG", 0x01, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: PREFETCH_ADDR", 0x02, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: CFGI_STE", 0x03, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: CFGI_STE_RANGE", 0x04, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: CFGI_CD", 0x05, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: CFGI_CD_ALL", 0x06, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_NH_ALL", 0x10, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_NH_ASID", 0x11, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_NH_VA", 0x12, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_NH_VAA", 0x13, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_EL2_ALL", 0x20, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_EL2_ASID", 0x21, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_EL2_VA", 0x22, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_EL2_VAA", 0x23, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_S12_VMALL", 0x28, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_S2_IPA", 0x2a, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: TLBI_NSNH_ALL", 0x30, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: ATC_INV", 0x40, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: RESUME", 0x44, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: STALL_TERM", 0x45, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
	{ "legal: CMD_SYNC", 0x46, 0, IDR_DEFAULT, SN_CERROR_NONE, NULL },
};

START_TEST(test_check)
{
	const struct check_case *t = &check_cases[_i];
	const u64 words[2] = { t->w0, t->w1 };
	struct smmu_idr idr;
	struct sn_cmd c;
	const char *why = NULL;
	enum sn_cerror got;

	make_idr(t->idr, &idr);
	sn_cmd_decode(words, &c);
	got = sn_cmd_check(&c, &idr, &why);
	ck_assert_msg(got == t->want, "%s: error expected %d, got %d (%s)",
		      t->rule, (int)t->want, (int)got, why ? why : "(null)");
	ck_assert_msg(why != NULL, "%s: why expected set, got NULL", t->rule);
	if (t->why)
		ck_assert_msg(strstr(why, t->why) != NULL && strstr(why, "IHI0070") != NULL,
			      "%s: reason expected to contain \"%s\" and a citation, got \"%s\"",
			      t->rule, t->why, why);
	/* The answer does not depend on being asked for a reason. */
	ck_assert_msg(sn_cmd_check(&c, &idr, NULL) == t->want,
		      "%s: error differs when why is NULL", t->rule);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* (e) Names (IHI0070 §4.1.1)                                               */

struct name_case {
	u8 op;
	const char *name;
};

static const struct name_case name_cases[] = {
	{ 0x01, "CMD_PREFETCH_CONFIG" }, { 0x02, "CMD_PREFETCH_ADDR" },
	{ 0x03, "CMD_CFGI_STE" }, { 0x04, "CMD_CFGI_STE_RANGE" },
	{ 0x05, "CMD_CFGI_CD" }, { 0x06, "CMD_CFGI_CD_ALL" },
	{ 0x07, "CMD_CFGI_VMS_PIDM" },
	{ 0x10, "CMD_TLBI_NH_ALL" }, { 0x11, "CMD_TLBI_NH_ASID" },
	{ 0x12, "CMD_TLBI_NH_VA" }, { 0x13, "CMD_TLBI_NH_VAA" },
	{ 0x18, "CMD_TLBI_EL3_ALL" }, { 0x1a, "CMD_TLBI_EL3_VA" },
	{ 0x20, "CMD_TLBI_EL2_ALL" }, { 0x21, "CMD_TLBI_EL2_ASID" },
	{ 0x22, "CMD_TLBI_EL2_VA" }, { 0x23, "CMD_TLBI_EL2_VAA" },
	{ 0x28, "CMD_TLBI_S12_VMALL" }, { 0x2a, "CMD_TLBI_S2_IPA" },
	{ 0x30, "CMD_TLBI_NSNH_ALL" },
	{ 0x40, "CMD_ATC_INV" }, { 0x41, "CMD_PRI_RESP" },
	{ 0x44, "CMD_RESUME" }, { 0x45, "CMD_STALL_TERM" }, { 0x46, "CMD_SYNC" },
	{ 0x50, "CMD_TLBI_S_EL2_ALL" }, { 0x51, "CMD_TLBI_S_EL2_ASID" },
	{ 0x52, "CMD_TLBI_S_EL2_VA" }, { 0x53, "CMD_TLBI_S_EL2_VAA" },
	{ 0x58, "CMD_TLBI_S_S12_VMALL" }, { 0x5a, "CMD_TLBI_S_S2_IPA" },
	{ 0x60, "CMD_TLBI_SNH_ALL" }, { 0x70, "CMD_DPTI_ALL" }, { 0x73, "CMD_DPTI_PA" },
	{ 0x80, "IMPLEMENTATION DEFINED" }, { 0x8f, "IMPLEMENTATION DEFINED" },
	{ 0x00, "reserved" }, { 0x08, "reserved" }, { 0x0a, "reserved" },
	{ 0x14, "reserved" }, { 0x19, "reserved" }, { 0x29, "reserved" },
	{ 0x42, "reserved" }, { 0x59, "reserved" }, { 0x71, "reserved" },
	{ 0x90, "reserved" }, { 0xff, "reserved" },
};

START_TEST(test_name)
{
	const struct name_case *t = &name_cases[_i];
	const char *got = sn_cmd_name(t->op);

	ck_assert_msg(got != NULL && strcmp(got, t->name) == 0,
		      "opcode 0x%02x: name expected \"%s\", got \"%s\"", t->op, t->name,
		      got ? got : "(null)");
}
END_TEST

/* Every opcode not listed above is reserved (§4.1.1). */
START_TEST(test_name_every_other_opcode_reserved)
{
	for (unsigned op = 0; op < 256; op++) {
		bool listed = false;

		for (unsigned i = 0; i < ARRAY_SIZE(name_cases); i++)
			listed |= name_cases[i].op == op;
		if (listed || (op >= 0x80 && op <= 0x8f))
			continue;
		ck_assert_msg(strcmp(sn_cmd_name((u8)op), "reserved") == 0,
			      "opcode 0x%02x: name expected \"reserved\", got \"%s\"",
			      op, sn_cmd_name((u8)op));
	}
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *cmdq_suite(void)
{
	Suite *s = suite_create("cmdq");
	TCase *tc;

	tc = tcase_create("decode");
	tcase_add_loop_test(tc, test_decode, 0, ARRAY_SIZE(decode_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("roundtrip");
	tcase_add_loop_test(tc, test_roundtrip_words, 0, ARRAY_SIZE(op_layouts));
	tcase_add_loop_test(tc, test_roundtrip_fields, 0, ARRAY_SIZE(op_layouts));
	suite_add_tcase(s, tc);

	tc = tcase_create("linux");
	tcase_add_loop_test(tc, test_linux_words, 0, ARRAY_SIZE(linux_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_loop_test(tc, test_check, 0, ARRAY_SIZE(check_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_name, 0, ARRAY_SIZE(name_cases));
	tcase_add_test(tc, test_name_every_other_opcode_reserved);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cmdq_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
