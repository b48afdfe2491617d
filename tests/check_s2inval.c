// SPDX-License-Identifier: MIT
/*
 * Stage-2 invalidation (policy/s2inval.c), one table-driven case per rule.
 *
 * Every command word below was worked out by hand from linux.md §4.1 (the
 * algorithm) and §1.3 (bit positions: OP 7:0, SSV 11, SSID 31:12, SID 63:32;
 * TLBI NUM 16:12, SCALE 24:20, VMID 47:32, word 1 LEAF 0, TTL 9:8, TG 11:10,
 * IPA 51:12; ATC word 1 SIZE 5:0, ADDR 63:12; SYNC CS 13:12 = SEV 2,
 * MSH 23:22 = ISH 3, MSIATTR 27:24 = OIWB 0xf), never by running the model.
 * The derivation of each value is in the comment beside it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/cmdq.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/s2inval.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X(v) ((unsigned long long)(v))

/* Policies, as a mask per case. */
static const char *const pnames[] = { "seed-v2", "v6.13", "v6.15", "v7.0" };
#define NPOL ARRAY_SIZE(pnames)
#define P_SEED (1u << 0)
#define P_MERGED ((1u << 1) | (1u << 2) | (1u << 3))
#define P_ALL (P_SEED | P_MERGED)
#define P_V70 (1u << 3)

/* Every domain below has VMID 5: word 0 VMID 47:32 = 0x00000005_00000000. */
#define VMID 5
#define SYNC_W0   0x000000000fc02046ULL /* 0x46 | 2<<12 | 3<<22 | 0xf<<24 */
#define NH_ALL_W0 0x0000000500000010ULL /* 0x10 | VMID */
#define VMALL_W0  0x0000000500000028ULL /* 0x28 | VMID */
#define IPA_W0    0x000000050000002aULL /* 0x2a | VMID, NUM = SCALE = 0 */

enum { S2 = S2INV_STEP_S2, NH = S2INV_STEP_NH_ALL, ATC = S2INV_STEP_ATC };
#define SYNC(step) { SYNC_W0, 0, step }

/* Masters on the S2 domain. */
static const u32 sid100[] = { 0x100 };
static const u32 sid200[] = { 0x200, 0x201 };
static const u32 sid300[] = { 0x300 };
static const u32 sid400[] = { 0x400 };
static const u32 sid500[] = { 0x500 };

enum master_id { M_NONE, M_PLAIN_ATS, M_NESTED_ATS, M_NESTED_NOATS, M_NESTED_ATS_NOFLUSH,
		 M_PLAIN_SSID, M_BAD_FLUSH_NOT_NESTED, M_COUNT };

static const struct s2inv_master masters[M_COUNT] = {
	[M_PLAIN_ATS] = { sid100, 1, true, false, false, 0 },
	[M_NESTED_ATS] = { sid200, 2, true, true, true, 0 },
	[M_NESTED_NOATS] = { sid500, 1, false, true, false, 0 },
	[M_NESTED_ATS_NOFLUSH] = { sid400, 1, true, true, false, 0 },
	[M_PLAIN_SSID] = { sid300, 1, true, false, false, 3 },
	[M_BAD_FLUSH_NOT_NESTED] = { sid100, 1, true, false, true, 0 },
};

#define MAXM 3
#define MAXE 12

struct exp_cmd {
	u64 w0, w1;
	int step;
};

struct s2case {
	const char *rule;
	unsigned policies;       /* P_* mask */
	unsigned bugs;           /* enum policy_bug */
	bool nest_parent, ril, ats;
	unsigned page_shift;
	enum master_id m[MAXM];  /* M_NONE-terminated */
	struct s2inv_change ch;
	int err;
	unsigned n;
	struct exp_cmd e[MAXE];
};

#define LEAF(iova, size, gran) { S2INV_RANGE, iova, size, gran, true }
#define WALK(iova, size, gran) { S2INV_RANGE, iova, size, gran, false }
#define ALL { S2INV_FLUSH_ALL, 0, 0, 0, false }
#define K4 0x1000ULL
#define M2 0x200000ULL

static const struct s2case cases[] = {
	/* --- step 1 without RIL: one S2_IPA per granule, TG/TTL/NUM/SCALE 0 --- */
	{ "noRIL: 3 x 4 KB leaf -> 3 S2_IPA (Leaf=1) then SYNC", P_ALL, 0, false, false, true, 12,
	  { M_NONE }, LEAF(0x80000000, 3 * K4, K4), SN_OK, 4,
	  { { IPA_W0, 0x80000001, S2 }, { IPA_W0, 0x80001001, S2 }, { IPA_W0, 0x80002001, S2 },
	    SYNC(S2) } },
	{ "noRIL: a 2 MB leaf is one S2_IPA", P_ALL, 0, false, false, true, 12,
	  { M_NONE }, LEAF(0x80200000, M2, M2), SN_OK, 2,
	  { { IPA_W0, 0x80200001, S2 }, SYNC(S2) } },
	{ "noRIL: tlb_flush_walk steps by granule with Leaf=0", P_ALL, 0, false, false, true, 12,
	  { M_NONE }, WALK(0x80000000, 2 * K4, K4), SN_OK, 3,
	  { { IPA_W0, 0x80000000, S2 }, { IPA_W0, 0x80001000, S2 }, SYNC(S2) } },

	/* --- step 1 with RIL: TG=(tg-10)/2, leaf TTL=4-((log2 g-3)/(tg-3)) --- */
	/* 4 KB: TG 1 (0x400), TTL 3 (0x300), Leaf (1): word 1 = IPA | 0x701 */
	{ "RIL: 1 page -> NUM=0 SCALE=0 TTL=3 TG=1", P_ALL, 0, false, true, true, 12,
	  { M_NONE }, LEAF(0x80000000, K4, K4), SN_OK, 2,
	  { { IPA_W0, 0x80000701, S2 }, SYNC(S2) } },
	/* 31 = 0b11111: scale 0, num 31, NUM 30 -> 30<<12 = 0x1e000 */
	{ "RIL: 31 pages -> one command NUM=30 SCALE=0", P_ALL, 0, false, true, true, 12,
	  { M_NONE }, LEAF(0x80000000, 31 * K4, K4), SN_OK, 2,
	  { { 0x000000050001e02aULL, 0x80000701, S2 }, SYNC(S2) } },
	/* 32: scale 5 (5<<20 = 0x500000), num 1, NUM 0 */
	{ "RIL: 32 pages -> one command NUM=0 SCALE=5", P_ALL, 0, false, true, true, 12,
	  { M_NONE }, LEAF(0x80000000, 32 * K4, K4), SN_OK, 2,
	  { { 0x000000050050002aULL, 0x80000701, S2 }, SYNC(S2) } },
	/* 33 = 0b100001: 1 page at +0, then 32 pages (SCALE 5) at +0x1000 */
	{ "RIL: 33 pages -> 1 page, then 32 pages at +4 KB", P_ALL, 0, false, true, true, 12,
	  { M_NONE }, LEAF(0x80000000, 33 * K4, K4), SN_OK, 3,
	  { { IPA_W0, 0x80000701, S2 }, { 0x000000050050002aULL, 0x80001701, S2 }, SYNC(S2) } },
	/* 512 pages: scale 9 (0x900000), NUM 0; leaf 2 MB: TTL 4-(18/9) = 2 -> 0x601 */
	{ "RIL: 2 MB leaf -> SCALE=9 TTL=2", P_ALL, 0, false, true, true, 12,
	  { M_NONE }, LEAF(0x80200000, M2, M2), SN_OK, 2,
	  { { 0x000000050090002aULL, 0x80200601, S2 }, SYNC(S2) } },
	/* walk, 1 page: bumped to 2 -> scale 1 (0x100000), NUM 0; TTL 0, Leaf 0: w1 = IPA | 0x400 */
	{ "RIL: non-leaf 1 page bumped to 2 -> SCALE=1 TTL=0", P_ALL, 0, false, true, true, 12,
	  { M_NONE }, WALK(0x80000000, K4, K4), SN_OK, 2,
	  { { 0x000000050010002aULL, 0x80000400, S2 }, SYNC(S2) } },
	/* walk, 33 pages: 33 & 31 == 1 -> 34 = 17<<1: SCALE 1, NUM 16 (0x10000) */
	{ "RIL: non-leaf 33 pages bumped to 34 -> NUM=16 SCALE=1", P_ALL, 0, false, true, true, 12,
	  { M_NONE }, WALK(0x80000000, 33 * K4, K4), SN_OK, 2,
	  { { 0x000000050011002aULL, 0x80000400, S2 }, SYNC(S2) } },
	/* walk, 512 pages: 512 & 31 == 0, no bump: SCALE 9 */
	{ "RIL: non-leaf 2 MB table, no bump -> SCALE=9 TTL=0", P_ALL, 0, false, true, true, 12,
	  { M_NONE }, WALK(0x80000000, M2, K4), SN_OK, 2,
	  { { 0x000000050090002aULL, 0x80000400, S2 }, SYNC(S2) } },
	/* 16 KB: TG 2 (0x800), TTL 4-(11/11) = 3 (0x300), Leaf: 0x800+0x300+1 = 0xb01; 3 pages: NUM 2 (0x2000) */
	{ "RIL: 16 KB pages -> TG=2, 3 pages NUM=2", P_ALL, 0, false, true, true, 14,
	  { M_NONE }, LEAF(0x80000000, 0xc000, 0x4000), SN_OK, 2,
	  { { 0x000000050000202aULL, 0x80000b01, S2 }, SYNC(S2) } },
	/* 64 KB: TG 3 (0xc00); 512 MB leaf: TTL 4-(26/13) = 2 (0x200) -> 0xe01;
	 * 2^29 / 2^16 = 2^13 pages: SCALE 13 (0xd00000) */
	{ "RIL: 64 KB pages, 512 MB leaf -> TG=3 TTL=2 SCALE=13", P_ALL, 0, false, true, true, 16,
	  { M_NONE }, LEAF(0x80000000, 0x20000000, 0x20000000), SN_OK, 2,
	  { { 0x0000000500d0002aULL, 0x80000e01, S2 }, SYNC(S2) } },

	/* --- step 2: NH_ALL + SYNC for a nest parent only --- */
	{ "nest parent: S2_IPA, SYNC, NH_ALL(VMID), SYNC", P_ALL, 0, true, true, true, 12,
	  { M_NONE }, LEAF(0x80000000, K4, K4), SN_OK, 4,
	  { { IPA_W0, 0x80000701, S2 }, SYNC(S2), { NH_ALL_W0, 0, NH }, SYNC(NH) } },
	{ "nest parent, walk: NH_ALL after the S2 sync too", P_ALL, 0, true, false, true, 12,
	  { M_NONE }, WALK(0x80000000, K4, K4), SN_OK, 4,
	  { { IPA_W0, 0x80000000, S2 }, SYNC(S2), { NH_ALL_W0, 0, NH }, SYNC(NH) } },

	/* --- step 3: ATC --- */
	/* full: SSV 0, SSID 0, SIZE 52 (0x34), ADDR 0; SID 0x200 -> w0 0x00000200_00000040 */
	{ "nested ATS master: full ATC_INV per SID, then SYNC", P_MERGED, 0, true, true, true, 12,
	  { M_NESTED_ATS }, LEAF(0x80000000, 3 * K4, K4), SN_OK, 7,
	  { { 0x000000050000202aULL, 0x80000701, S2 }, SYNC(S2), { NH_ALL_W0, 0, NH }, SYNC(NH),
	    { 0x0000020000000040ULL, 0x34, ATC }, { 0x0000020100000040ULL, 0x34, ATC }, SYNC(ATC) } },
	/* pages 0x80000..0x80002: fls(2) = 2 -> SIZE 2, ADDR 0x80000000 */
	{ "plain ATS master on a non-parent: ranged ATC, no NH_ALL", P_ALL, 0, false, true, true, 12,
	  { M_PLAIN_ATS }, LEAF(0x80000000, 3 * K4, K4), SN_OK, 4,
	  { { 0x000000050000202aULL, 0x80000701, S2 }, SYNC(S2),
	    { 0x0000010000000040ULL, 0x80000002, ATC }, SYNC(ATC) } },
	/* pages [8;11]: 8^11 = 3, fls 2 -> SIZE 2 at 0x8000 */
	{ "ranged ATC: pages [8;11] -> SIZE=2 ADDR=0x8000", P_ALL, 0, false, false, true, 12,
	  { M_PLAIN_ATS }, LEAF(0x8000, 4 * K4, K4), SN_OK, 7,
	  { { IPA_W0, 0x8001, S2 }, { IPA_W0, 0x9001, S2 }, { IPA_W0, 0xa001, S2 },
	    { IPA_W0, 0xb001, S2 }, SYNC(S2), { 0x0000010000000040ULL, 0x8002, ATC }, SYNC(ATC) } },
	/* pages [7;10]: 7^10 = 0b1101, fls 4 -> SIZE 4, start 7 & ~15 = 0 */
	{ "ranged ATC: pages [7;10] widen to [0;15]", P_ALL, 0, false, false, true, 12,
	  { M_PLAIN_ATS }, LEAF(0x7000, 4 * K4, K4), SN_OK, 7,
	  { { IPA_W0, 0x7001, S2 }, { IPA_W0, 0x8001, S2 }, { IPA_W0, 0x9001, S2 },
	    { IPA_W0, 0xa001, S2 }, SYNC(S2), { 0x0000010000000040ULL, 0x4, ATC }, SYNC(ATC) } },
	/* one page: start == end, fls 0 -> SIZE 0 */
	{ "ranged ATC: one page -> SIZE=0", P_ALL, 0, false, false, true, 12,
	  { M_PLAIN_ATS }, LEAF(0x80001000, K4, K4), SN_OK, 4,
	  { { IPA_W0, 0x80001001, S2 }, SYNC(S2), { 0x0000010000000040ULL, 0x80001000, ATC },
	    SYNC(ATC) } },
	/* 2 MB: pages 0x80200..0x803ff, xor 0x1ff, fls 9 */
	{ "ranged ATC: 2 MB block -> SIZE=9", P_ALL, 0, false, false, true, 12,
	  { M_PLAIN_ATS }, LEAF(0x80200000, M2, M2), SN_OK, 4,
	  { { IPA_W0, 0x80200001, S2 }, SYNC(S2), { 0x0000010000000040ULL, 0x80200009, ATC },
	    SYNC(ATC) } },
	/* ssid 3: SSV (0x800) | SSID 3<<12 (0x3000) | SID 0x300 */
	{ "ranged ATC with an ssid: SSV=1, SSID kept", P_ALL, 0, false, false, true, 12,
	  { M_PLAIN_SSID }, LEAF(0x80001000, K4, K4), SN_OK, 4,
	  { { IPA_W0, 0x80001001, S2 }, SYNC(S2), { 0x0000030000003840ULL, 0x80001000, ATC },
	    SYNC(ATC) } },
	{ "nested ATS without nested_ats_flush (bypass vSTE): ranged", P_MERGED, 0, true, false, true, 12,
	  { M_NESTED_ATS_NOFLUSH }, LEAF(0x80001000, K4, K4), SN_OK, 6,
	  { { IPA_W0, 0x80001001, S2 }, SYNC(S2), { NH_ALL_W0, 0, NH }, SYNC(NH),
	    { 0x0000040000000040ULL, 0x80001000, ATC }, SYNC(ATC) } },
	{ "no ATS master: no ATC and no third SYNC", P_ALL, 0, true, false, true, 12,
	  { M_NESTED_NOATS }, LEAF(0x80001000, K4, K4), SN_OK, 4,
	  { { IPA_W0, 0x80001001, S2 }, SYNC(S2), { NH_ALL_W0, 0, NH }, SYNC(NH) } },
	{ "seed: nested master without ATS, plain ATS master ranged", P_SEED, 0, true, false, true, 12,
	  { M_NESTED_NOATS, M_PLAIN_ATS }, LEAF(0x80001000, K4, K4), SN_OK, 6,
	  { { IPA_W0, 0x80001001, S2 }, SYNC(S2), { NH_ALL_W0, 0, NH }, SYNC(NH),
	    { 0x0000010000000040ULL, 0x80001000, ATC }, SYNC(ATC) } },
	{ "seed: a nested attach never has ATS (disable_ats)", P_SEED, 0, true, false, true, 12,
	  { M_NESTED_ATS }, LEAF(0x80001000, K4, K4), SN_EINVAL, 0, { { 0, 0, 0 } } },

	/* --- tlb_flush_all --- */
	{ "flush_all: S12_VMALL, SYNC, full ATC for nested, SIZE=52 for plain", P_MERGED, 0, true, true, true, 12,
	  { M_NESTED_ATS, M_PLAIN_ATS }, ALL, SN_OK, 6,
	  { { VMALL_W0, 0, S2 }, SYNC(S2), { 0x0000020000000040ULL, 0x34, ATC },
	    { 0x0000020100000040ULL, 0x34, ATC }, { 0x0000010000000040ULL, 0x34, ATC }, SYNC(ATC) } },
	{ "flush_all: plain ssid master gets SIZE=52 with SSV/SSID", P_ALL, 0, false, true, true, 12,
	  { M_PLAIN_SSID }, ALL, SN_OK, 4,
	  { { VMALL_W0, 0, S2 }, SYNC(S2), { 0x0000030000003840ULL, 0x34, ATC }, SYNC(ATC) } },
	{ "flush_all, nest parent, no ATS: S12_VMALL + SYNC, no NH_ALL", P_ALL, 0, true, true, true, 12,
	  { M_NONE }, ALL, SN_OK, 2, { { VMALL_W0, 0, S2 }, SYNC(S2) } },

	/* --- planted bugs --- */
	{ "BUG_S2INV_NO_NH_ALL drops NH_ALL and its SYNC", P_ALL, BUG_S2INV_NO_NH_ALL, true, true, true, 12,
	  { M_NONE }, LEAF(0x80000000, K4, K4), SN_OK, 2, { { IPA_W0, 0x80000701, S2 }, SYNC(S2) } },
	/* ranged for SID 0x200/0x201: pages 0x80000..0x80002 -> SIZE 2 */
	{ "BUG_S2INV_NO_ATC_FULL: ranged ATC for nested ATS masters", P_MERGED, BUG_S2INV_NO_ATC_FULL,
	  true, true, true, 12, { M_NESTED_ATS }, LEAF(0x80000000, 3 * K4, K4), SN_OK, 7,
	  { { 0x000000050000202aULL, 0x80000701, S2 }, SYNC(S2), { NH_ALL_W0, 0, NH }, SYNC(NH),
	    { 0x0000020000000040ULL, 0x80000002, ATC }, { 0x0000020100000040ULL, 0x80000002, ATC },
	    SYNC(ATC) } },
	{ "BUG_S2INV_NO_ATC_FULL: no change in the seed (no nested ATS)", P_SEED, BUG_S2INV_NO_ATC_FULL,
	  true, false, true, 12, { M_NESTED_NOATS }, LEAF(0x80001000, K4, K4), SN_OK, 4,
	  { { IPA_W0, 0x80001001, S2 }, SYNC(S2), { NH_ALL_W0, 0, NH }, SYNC(NH) } },
	{ "BUG_S2INV_NO_SYNC_BEFORE_NH_ALL: NH_ALL in the S2_IPA batch", P_ALL,
	  BUG_S2INV_NO_SYNC_BEFORE_NH_ALL, true, true, true, 12, { M_NONE },
	  LEAF(0x80000000, K4, K4), SN_OK, 3,
	  { { IPA_W0, 0x80000701, S2 }, { NH_ALL_W0, 0, NH }, SYNC(NH) } },
	{ "BUG_S2INV_NO_SYNC_BEFORE_NH_ALL: no NH_ALL, S2 sync kept", P_ALL,
	  BUG_S2INV_NO_SYNC_BEFORE_NH_ALL, false, true, true, 12, { M_NONE },
	  LEAF(0x80000000, K4, K4), SN_OK, 2, { { IPA_W0, 0x80000701, S2 }, SYNC(S2) } },
	{ "BUG_S2INV_PARTIAL_RANGE noRIL: first granule only, ATC still full range", P_ALL,
	  BUG_S2INV_PARTIAL_RANGE, false, false, true, 12, { M_PLAIN_ATS },
	  LEAF(0x80000000, 3 * K4, K4), SN_OK, 4,
	  { { IPA_W0, 0x80000001, S2 }, SYNC(S2), { 0x0000010000000040ULL, 0x80000002, ATC },
	    SYNC(ATC) } },
	{ "BUG_S2INV_PARTIAL_RANGE RIL: 33 pages shrink to 1", P_ALL, BUG_S2INV_PARTIAL_RANGE,
	  true, true, true, 12, { M_NONE }, LEAF(0x80000000, 33 * K4, K4), SN_OK, 4,
	  { { IPA_W0, 0x80000701, S2 }, SYNC(S2), { NH_ALL_W0, 0, NH }, SYNC(NH) } },
	{ "BUG_S2INV_PARTIAL_RANGE: flush_all unchanged", P_ALL, BUG_S2INV_PARTIAL_RANGE,
	  true, true, true, 12, { M_NONE }, ALL, SN_OK, 2, { { VMALL_W0, 0, S2 }, SYNC(S2) } },

	/* --- inputs the kernel cannot be given --- */
	{ "refused: empty range", P_ALL, 0, false, true, true, 12, { M_NONE },
	  LEAF(0x80000000, 0, K4), SN_EINVAL, 0, { { 0, 0, 0 } } },
	{ "refused: iova not page-aligned", P_ALL, 0, false, true, true, 12, { M_NONE },
	  LEAF(0x80000800, K4, K4), SN_EINVAL, 0, { { 0, 0, 0 } } },
	{ "refused: 8 KB is no leaf size of a 4 KB table", P_ALL, 0, false, true, true, 12, { M_NONE },
	  LEAF(0x80000000, 0x2000, 0x2000), SN_EINVAL, 0, { { 0, 0, 0 } } },
	{ "refused: page size 8 KB", P_ALL, 0, false, true, true, 13, { M_NONE },
	  LEAF(0x80000000, 0x2000, 0x2000), SN_EINVAL, 0, { { 0, 0, 0 } } },
	{ "refused: range beyond 52 bits", P_ALL, 0, false, true, true, 12, { M_NONE },
	  LEAF(0xffffffffff000ULL, 2 * K4, K4), SN_EINVAL, 0, { { 0, 0, 0 } } },
	{ "refused: noRIL range over S2INV_MAX_STEP_CMDS commands", P_ALL, 0, false, false, true, 12,
	  { M_NONE }, LEAF(0, (1ULL << 20) * K4 + K4, K4), SN_EINVAL, 0, { { 0, 0, 0 } } },
	{ "refused: RIL range of 2^31 pages", P_ALL, 0, false, true, true, 12,
	  { M_NONE }, LEAF(0, 1ULL << 43, K4), SN_EINVAL, 0, { { 0, 0, 0 } } },
	{ "refused: nested master on a domain that is no nest parent", P_ALL, 0, false, true, true, 12,
	  { M_NESTED_NOATS }, LEAF(0x80000000, K4, K4), SN_EINVAL, 0, { { 0, 0, 0 } } },
	{ "refused: nested_ats_flush without a nested attach", P_ALL, 0, false, true, true, 12,
	  { M_BAD_FLUSH_NOT_NESTED }, LEAF(0x80000000, K4, K4), SN_EINVAL, 0, { { 0, 0, 0 } } },
	{ "refused: ATS master on an SMMU without FEAT_ATS", P_ALL, 0, false, true, false, 12,
	  { M_PLAIN_ATS }, LEAF(0x80000000, K4, K4), SN_EINVAL, 0, { { 0, 0, 0 } } },
};
#define NCASES ARRAY_SIZE(cases)

struct rec {
	struct s2inv_entry entries[64];
	struct s2inv_log log;
	struct s2inv_queue q;
};

static void rec_init(struct rec *r, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->log.entries = r->entries;
	r->log.cap = cap;
	s2inv_log_queue(&r->log, &r->q);
}

static void domain_of(const struct s2case *c, struct s2inv_domain *d, struct s2inv_master *ms)
{
	size_t n = 0;

	while (n < MAXM && c->m[n] != M_NONE) {
		ms[n] = masters[c->m[n]];
		n++;
	}
	*d = (struct s2inv_domain){
		.vmid = VMID, .nest_parent = c->nest_parent, .page_shift = c->page_shift,
		.range_inv = c->ril, .ats = c->ats, .masters = n ? ms : NULL, .nmasters = n,
	};
}

/* The SMMU the commands go to: every emitted command must be legal on it. */
static void idr_of(const struct s2case *c, struct smmu_idr *idr)
{
	smmu_idr_default(idr);
	idr->ril = c->ril;
	idr->ats = c->ats;
}

START_TEST(test_case)
{
	const struct s2case *c = &cases[(size_t)_i / NPOL];
	const unsigned pi = (unsigned)_i % NPOL;
	struct host_policy p;
	struct s2inv_master ms[MAXM];
	struct s2inv_domain d;
	struct s2inv_result res;
	struct smmu_idr idr;
	struct rec r;
	size_t syncs = 0;

	if (!(c->policies & (1u << pi)))
		return;
	p = *host_policy_find(pnames[pi]);
	p.bugs = c->bugs;
	domain_of(c, &d, ms);
	idr_of(c, &idr);
	rec_init(&r, ARRAY_SIZE(r.entries));

	s2inv_run(&p, &d, &c->ch, &r.q, &res);
	ck_assert_msg(res.err == c->err, "[%s] %s: err %d, expected %d (%s)", pnames[pi],
		      c->rule, res.err, c->err, res.reason);
	ck_assert_msg(r.log.n == c->n && !r.log.overflow, "[%s] %s: %zu commands, expected %u (%s)",
		      pnames[pi], c->rule, r.log.n, c->n, res.reason);
	ck_assert_msg(res.ncmds == c->n, "[%s] %s: result counts %zu", pnames[pi], c->rule, res.ncmds);
	for (unsigned i = 0; i < c->n; i++) {
		const struct s2inv_entry *g = &r.entries[i];
		struct sn_cmd dec;
		const char *why;

		ck_assert_msg(g->cmd[0] == c->e[i].w0 && g->cmd[1] == c->e[i].w1 &&
			      (int)g->step == c->e[i].step,
			      "[%s] %s: command %u: expected %016llx %016llx step %d, got %016llx %016llx step %d",
			      pnames[pi], c->rule, i, X(c->e[i].w0), X(c->e[i].w1), c->e[i].step,
			      X(g->cmd[0]), X(g->cmd[1]), (int)g->step);
		sn_cmd_decode(g->cmd, &dec);
		ck_assert_msg(sn_cmd_check(&dec, &idr, &why) == SN_CERROR_NONE,
			      "[%s] %s: command %u is illegal: %s", pnames[pi], c->rule, i, why);
		syncs += dec.op == CMD_SYNC;
	}
	ck_assert_msg(res.nsyncs == syncs, "[%s] %s: nsyncs %zu, counted %zu", pnames[pi], c->rule,
		      res.nsyncs, syncs);
	/* Every batch ends in a CMD_SYNC. */
	if (c->n)
		ck_assert_msg(r.entries[c->n - 1].cmd[0] == SYNC_W0, "[%s] %s: last is not a SYNC",
			      pnames[pi], c->rule);
}
END_TEST

/* Batches of CMDQ_BATCH_ENTRIES go out unsynced: 100 pages, one SYNC at the end. */
START_TEST(test_long_range_one_sync)
{
	const struct s2inv_domain d = { .vmid = VMID, .page_shift = 12 };
	const struct s2inv_change ch = LEAF(0x80000000, 100 * K4, K4);
	struct s2inv_entry big[128];
	struct s2inv_log log = { .entries = big, .cap = ARRAY_SIZE(big) };
	struct s2inv_queue q;
	struct s2inv_result res;

	s2inv_log_queue(&log, &q);
	s2inv_run(host_policy_find("v7.0"), &d, &ch, &q, &res);
	ck_assert_int_eq(res.err, SN_OK);
	ck_assert_uint_eq(log.n, 101);
	ck_assert_uint_eq(res.nsyncs, 1);
	for (unsigned i = 0; i < 100; i++) {
		ck_assert(big[i].cmd[0] == IPA_W0);
		ck_assert(big[i].cmd[1] == 0x80000001ULL + (u64)i * K4);
	}
	ck_assert(big[100].cmd[0] == SYNC_W0);
}
END_TEST

/* A log too small keeps what fits, counts the rest and says so. */
START_TEST(test_log_overflow)
{
	const struct s2inv_domain d = { .vmid = VMID, .page_shift = 12 };
	const struct s2inv_change ch = LEAF(0x80000000, 3 * K4, K4);
	struct rec r;
	struct s2inv_result res;

	rec_init(&r, 2);
	s2inv_run(host_policy_find("v6.13"), &d, &ch, &r.q, &res);
	ck_assert_int_eq(res.err, SN_OK);
	ck_assert_uint_eq(r.log.n, 2);
	ck_assert_uint_eq(r.log.total, 4);
	ck_assert(r.log.overflow);
	ck_assert(r.entries[1].cmd[1] == 0x80001001ULL);
}
END_TEST

/* No queue: nothing is emitted anywhere, the counts remain. */
START_TEST(test_null_queue)
{
	const struct s2inv_domain d = { .vmid = VMID, .nest_parent = true, .page_shift = 12 };
	const struct s2inv_change ch = LEAF(0x80000000, 3 * K4, K4);
	struct s2inv_result res;

	s2inv_run(host_policy_find("v6.15"), &d, &ch, NULL, &res);
	ck_assert_int_eq(res.err, SN_OK);
	ck_assert_uint_eq(res.ncmds, 6);
	ck_assert_uint_eq(res.nsyncs, 2);
	ck_assert_uint_eq(res.per_step[S2INV_STEP_S2], 4);
	ck_assert_uint_eq(res.per_step[S2INV_STEP_NH_ALL], 2);
	ck_assert_uint_eq(res.per_step[S2INV_STEP_ATC], 0);
}
END_TEST

/* A policy the module has no rules for is refused, not guessed. */
START_TEST(test_unknown_policy)
{
	struct host_policy p = *host_policy_find("v7.0");
	const struct s2inv_domain d = { .vmid = VMID, .page_shift = 12 };
	const struct s2inv_change ch = LEAF(0x80000000, K4, K4);
	struct rec r;
	struct s2inv_result res;

	p.name = "v9.9";
	rec_init(&r, 4);
	s2inv_run(&p, &d, &ch, &r.q, &res);
	ck_assert_int_eq(res.err, SN_EINVAL);
	ck_assert_uint_eq(r.log.total, 0);
}
END_TEST

/* The CMD_SYNC word, from its fields. */
START_TEST(test_sync_word)
{
	u64 w[2];

	s2inv_sync_cmd(w);
	ck_assert(w[0] == SYNC_W0 && w[1] == 0);
}
END_TEST

static Suite *s2inval_suite(void)
{
	Suite *s = suite_create("s2inval");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_case, 0, (int)(NCASES * NPOL));
	tcase_add_test(tc, test_long_range_one_sync);
	tcase_add_test(tc, test_log_overflow);
	tcase_add_test(tc, test_null_queue);
	tcase_add_test(tc, test_unknown_policy);
	tcase_add_test(tc, test_sync_word);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(s2inval_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
