// SPDX-License-Identifier: MIT
/*
 * The cache store (model/tlb.c):
 *
 *  - inval: for every invalidation command, a store holding one entry of
 *    every kind and tag variant (the fixture below), the command, a check
 *    that nothing changed before the CMD_SYNC, the sync, then exactly which
 *    entries were removed -- written by hand from arch.md §4.4 and the
 *    IHI0070 section each row names.  Every row runs under `max` and under
 *    `lru:64` (both remove exactly the required set);
 *  - policy: max serves the stalest entry, lru:N evicts and serves the
 *    newest, none caches nothing, faulting entries, capacity, parsing;
 *  - lookup: tag matching per kind.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/cmdq.h>
#include <smmu-nest/smmu.h>
#include <smmu-nest/tlb.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* The fixture: VMIDs 1 and 2, ASIDs 5 and 6, SIDs 10, 11 and 300.          */

#define EL1 TLB_STRW_NS_EL1
#define S1E(name, v, a, g, va) \
	{ .kind = TLB_S1, .strw = EL1, .vmid = v, .asid = a, .global = g, .ia = va, \
	  .size_shift = 12, .level = 3, .granule_shift = 12, .desc = name }
#define NESTE(name, v, a, g, va, s1shift, lvl) \
	{ .kind = TLB_NESTED, .strw = EL1, .vmid = v, .asid = a, .global = g, .ia = va, \
	  .size_shift = 12, .s1_size_shift = s1shift, .level = lvl, .granule_shift = 12, \
	  .desc = name }
#define S2E(name, v, ipa) \
	{ .kind = TLB_S2, .strw = EL1, .vmid = v, .ia = ipa, .size_shift = 12, .level = 3, \
	  .granule_shift = 12, .desc = name }
#define WS1E(name, v, a, va) \
	{ .kind = TLB_WALK_S1, .strw = EL1, .vmid = v, .asid = a, .ia = va, \
	  .size_shift = 21, .level = 2, .granule_shift = 12, .desc = name }
#define WS2E(name, v, ipa) \
	{ .kind = TLB_WALK_S2, .strw = EL1, .vmid = v, .ia = ipa, .size_shift = 21, \
	  .level = 2, .granule_shift = 12, .desc = name }
#define EL2E(name, w, a, g) \
	{ .kind = TLB_S1, .strw = w, .asid = a, .global = g, .ia = 0x400000, \
	  .size_shift = 12, .level = 3, .granule_shift = 12, .desc = name }
#define CFGE(name, k, s, ss, span) \
	{ .kind = k, .sid = s, .ssid = ss, .span_shift = span, .desc = name }
#define ATCE(name, s, v, ss, g, a) \
	{ .kind = TLB_ATC, .sid = s, .ssv = v, .ssid = ss, .global = g, .ia = a, \
	  .size_shift = 12, .s1_perm = SN_ATS_R | SN_ATS_W, .desc = name }

static const struct tlb_entry fixture[] = {
	S1E("s1.v1a5", 1, 5, false, 0x400000),
	S1E("s1.v1a6", 1, 6, false, 0x400000),
	S1E("s1.v1g", 1, 0, true, 0x400000),
	S1E("s1.v1a5.far", 1, 5, false, 0x10000000),
	S1E("s1.v2a5", 2, 5, false, 0x400000),
	NESTE("nest.v1a5", 1, 5, false, 0x400000, 12, 3),
	NESTE("nest.v1g", 1, 0, true, 0x400000, 12, 3),
	/* a 4 KB splinter of a 2 MB stage-1 block at 0x600000 (arch.md §6.8) */
	NESTE("nest.v1a5.blk", 1, 5, false, 0x601000, 21, 2),
	NESTE("nest.v2a5", 2, 5, false, 0x400000, 12, 3),
	/* a combined entry whose VA equals the S2-only entries' IPA */
	NESTE("nest.v1a5.x", 1, 5, false, 0x80000000, 12, 3),
	S2E("s2.v1", 1, 0x80000000),
	S2E("s2.v1.far", 1, 0x90000000),
	S2E("s2.v2", 2, 0x80000000),
	WS1E("ws1.v1a5", 1, 5, 0x400000),
	WS1E("ws1.v2a5", 2, 5, 0x400000),
	WS2E("ws2.v1", 1, 0x80000000),
	WS2E("ws2.v2", 2, 0x80000000),
	EL2E("el2", TLB_STRW_NS_EL2, 0, false),
	EL2E("e2h.a5", TLB_STRW_NS_EL2_E2H, 5, false),
	EL2E("e2h.a6", TLB_STRW_NS_EL2_E2H, 6, false),
	EL2E("e2h.g", TLB_STRW_NS_EL2_E2H, 0, true),
	CFGE("ste.10", TLB_STE, 10, 0, 0),
	CFGE("ste.11", TLB_STE, 11, 0, 0),
	CFGE("ste.300", TLB_STE, 300, 0, 0),
	CFGE("l1std.0", TLB_L1STD, 0, 0, 8),       /* SIDs 0..255 (SPLIT 8) */
	CFGE("l1std.256", TLB_L1STD, 256, 0, 8),   /* SIDs 256..511 */
	CFGE("cd.10.0", TLB_CD, 10, 0, 0),
	CFGE("cd.10.3", TLB_CD, 10, 3, 0),
	CFGE("cd.11.3", TLB_CD, 11, 3, 0),
	CFGE("l1cd.10.0", TLB_L1CD, 10, 0, 6),     /* SSIDs 0..63 (4 KB leaf) */
	CFGE("l1cd.11.0", TLB_L1CD, 11, 0, 6),
	ATCE("atc.10", 10, false, 0, false, 0x400000),
	ATCE("atc.10.p3", 10, true, 3, false, 0x400000),
	ATCE("atc.10.p4g", 10, true, 4, true, 0x400000),
	ATCE("atc.10.p3.far", 10, true, 3, false, 0x10000000),
	ATCE("atc.11", 11, false, 0, false, 0x400000),
};

/* ------------------------------------------------------------------------ */
/* Invalidation cases.                                                       */

struct inval_case {
	const char *name;
	const char *rule;       /* where the expectation comes from */
	struct sn_cmd cmd;
	bool e2h;
	const char *removed;    /* fixture names, comma-separated; "" none */
};

#define VMID1_S1 "s1.v1a5,s1.v1a6,s1.v1g,s1.v1a5.far,nest.v1a5,nest.v1g,nest.v1a5.blk," \
		 "nest.v1a5.x,ws1.v1a5"
#define VA1_LEAVES "s1.v1a5,s1.v1a6,s1.v1g,nest.v1a5,nest.v1g"
#define ALL_CFG "ste.10,ste.11,ste.300,l1std.0,l1std.256,cd.10.0,cd.10.3,cd.11.3," \
		"l1cd.10.0,l1cd.11.0"

static const struct inval_case inval_cases[] = {
	/* Stage 1, NS-EL1 */
	{ "NH_ALL vmid 1", "§4.4.2.1: VMALLE1, incl. global; S2-only kept",
	  { .op = CMD_TLBI_NH_ALL, .vmid = 1 }, false, VMID1_S1 },
	{ "NH_ALL vmid 2", "§4.4.2.1: other VMIDs kept",
	  { .op = CMD_TLBI_NH_ALL, .vmid = 2 }, false, "s1.v2a5,nest.v2a5,ws1.v2a5" },
	{ "NH_ASID vmid 1 asid 5", "§4.4.2.2: non-global only",
	  { .op = CMD_TLBI_NH_ASID, .vmid = 1, .asid = 5 }, false,
	  "s1.v1a5,s1.v1a5.far,nest.v1a5,nest.v1a5.blk,nest.v1a5.x,ws1.v1a5" },
	{ "NH_VA asid 5, Leaf=0", "§4.4.2.4: ASID or global, by VA, walk caches too",
	  { .op = CMD_TLBI_NH_VA, .vmid = 1, .asid = 5, .addr = 0x400000 }, false,
	  "s1.v1a5,s1.v1g,nest.v1a5,nest.v1g,ws1.v1a5" },
	{ "NH_VA asid 5, Leaf=1", "§4.4.2.4: Leaf: last level only",
	  { .op = CMD_TLBI_NH_VA, .vmid = 1, .asid = 5, .addr = 0x400000, .leaf = true },
	  false, "s1.v1a5,s1.v1g,nest.v1a5,nest.v1g" },
	{ "NH_VA asid 6, Leaf=1", "§4.4.2.4: global entries regardless of ASID",
	  { .op = CMD_TLBI_NH_VA, .vmid = 1, .asid = 6, .addr = 0x400000, .leaf = true },
	  false, "s1.v1a6,s1.v1g,nest.v1g" },
	{ "NH_VA inside the 2 MB walk entry only", "§4.4: match by containment",
	  { .op = CMD_TLBI_NH_VA, .vmid = 1, .asid = 5, .addr = 0x401000 }, false, "ws1.v1a5" },
	{ "NH_VA in the S1 block of a splintered combined entry",
	  "arch.md §6.8: VA invalidation covers the whole stage-1 block",
	  { .op = CMD_TLBI_NH_VA, .vmid = 1, .asid = 5, .addr = 0x7ff000, .leaf = true },
	  false, "nest.v1a5.blk" },
	{ "NH_VAA, Leaf=1", "§4.4.2.3: all ASIDs in VMID",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x400000, .leaf = true }, false,
	  VA1_LEAVES },
	{ "NH_VAA, Leaf=0", "§4.4.2.3: walk caches too",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x400000 }, false,
	  VA1_LEAVES ",ws1.v1a5" },
	{ "NH_VAA range 2 granules ending at 0x400fff", "§4.4.1.1: (NUM+1)*2^SCALE granules",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x3ff000, .leaf = true, .tg = 1,
	    .num = 1 }, false, VA1_LEAVES },
	{ "NH_VAA range 2 granules ending at 0x3fffff", "§4.4.1.1: Address <= A < Address+Range",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x3fe000, .leaf = true, .tg = 1,
	    .num = 1 }, false, "" },
	{ "NH_VAA range NUM=1 SCALE=1 (4 granules) stops short", "§4.4.1.1",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x3fc000, .leaf = true, .tg = 1,
	    .num = 1, .scale = 1 }, false, "" },
	{ "NH_VAA range NUM=2 SCALE=1 (6 granules) reaches", "§4.4.1.1",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x3fc000, .leaf = true, .tg = 1,
	    .num = 2, .scale = 1 }, false, VA1_LEAVES },
	{ "NH_VAA range 128 GB from 0, Leaf=0", "§4.4.1.1",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .tg = 1, .num = 31, .scale = 20 }, false,
	  VMID1_S1 },
	{ "NH_VAA TG=64K skips 4 KB-granule entries", "§4.4.1.1: TG != 0 only that granule",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x400000, .leaf = true, .tg = 3,
	    .scale = 1 }, false, "" },
	{ "NH_VAA TTL=2 hits the level-2 block", "§4.4.1.1: TTL level of the leaf",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x600000, .leaf = true, .tg = 1,
	    .ttl = 2 }, false, "nest.v1a5.blk" },
	{ "NH_VAA TTL=3 skips the level-2 block", "§4.4.1.1: TTL level of the leaf",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x600000, .leaf = true, .tg = 1,
	    .ttl = 3 }, false, "" },
	{ "NH_VAA TTL=3 Leaf=0: level-3 leaves and level-2 table", "§4.4.1.1 note",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x400000, .tg = 1, .ttl = 3 }, false,
	  VA1_LEAVES ",ws1.v1a5" },
	{ "NH_VAA TTL=2 Leaf=0: level-2 table not required", "§4.4.1.1 note (TTL=2 example)",
	  { .op = CMD_TLBI_NH_VAA, .vmid = 1, .addr = 0x400000, .tg = 1, .ttl = 2 }, false,
	  "" },
	/* Stage 2 */
	{ "S2_IPA Leaf=0 keeps combined entries", "§4.4.3.1, §16.2.1; arch.md §4.4",
	  { .op = CMD_TLBI_S2_IPA, .vmid = 1, .addr = 0x80000000 }, false, "s2.v1,ws2.v1" },
	{ "S2_IPA Leaf=1", "§4.4.3.1: Leaf: last level only",
	  { .op = CMD_TLBI_S2_IPA, .vmid = 1, .addr = 0x80000000, .leaf = true }, false,
	  "s2.v1" },
	{ "S2_IPA vmid 2", "§4.4.3.1: by VMID",
	  { .op = CMD_TLBI_S2_IPA, .vmid = 2, .addr = 0x80000000 }, false, "s2.v2,ws2.v2" },
	{ "S2_IPA range 2^16 granules stops at 0x8fffffff", "§4.4.1.1",
	  { .op = CMD_TLBI_S2_IPA, .vmid = 1, .addr = 0x80000000, .leaf = true, .tg = 1,
	    .scale = 16 }, false, "s2.v1" },
	{ "S2_IPA range 2*2^16 granules reaches 0x90000000", "§4.4.1.1",
	  { .op = CMD_TLBI_S2_IPA, .vmid = 1, .addr = 0x80000000, .leaf = true, .tg = 1,
	    .num = 1, .scale = 16 }, false, "s2.v1,s2.v1.far" },
	{ "S12_VMALL vmid 1", "§4.4.3.2: every stage of the VMID",
	  { .op = CMD_TLBI_S12_VMALL, .vmid = 1 }, false,
	  VMID1_S1 ",s2.v1,s2.v1.far,ws2.v1" },
	{ "NSNH_ALL", "§4.4.3.3: all non-EL2 of every VMID",
	  { .op = CMD_TLBI_NSNH_ALL }, false,
	  VMID1_S1 ",s2.v1,s2.v1.far,ws2.v1,s1.v2a5,nest.v2a5,s2.v2,ws1.v2a5,ws2.v2" },
	/* EL2 */
	{ "EL2_ALL", "§4.4.2.7: NS-EL2 and NS-EL2-E2H",
	  { .op = CMD_TLBI_EL2_ALL }, false, "el2,e2h.a5,e2h.a6,e2h.g" },
	{ "EL2_ASID 5", "§4.4.2.10: non-global NS-EL2-E2H by ASID",
	  { .op = CMD_TLBI_EL2_ASID, .asid = 5 }, true, "e2h.a5" },
	{ "EL2_VA E2H=1", "§4.4.2.8: EL2-E2H by ASID or global",
	  { .op = CMD_TLBI_EL2_VA, .asid = 5, .addr = 0x400000, .leaf = true }, true,
	  "e2h.a5,e2h.g" },
	{ "EL2_VA E2H=0", "§4.4.2.8: EL2 by VA, ASID ignored",
	  { .op = CMD_TLBI_EL2_VA, .asid = 5, .addr = 0x400000, .leaf = true }, false, "el2" },
	{ "EL2_VAA E2H=1", "§4.4.2.9: EL2-E2H, all ASIDs",
	  { .op = CMD_TLBI_EL2_VAA, .addr = 0x400000, .leaf = true }, true,
	  "e2h.a5,e2h.a6,e2h.g" },
	{ "EL2_VAA E2H=0", "§4.4.2.9: EL2 only",
	  { .op = CMD_TLBI_EL2_VAA, .addr = 0x400000, .leaf = true }, false, "el2" },
	/* Configuration */
	{ "CFGI_STE 10 Leaf=1", "§4.3.1; arch.md §1.4: the STE and CDs cached via it",
	  { .op = CMD_CFGI_STE, .sid = 10, .leaf = true }, false,
	  "ste.10,cd.10.0,cd.10.3,l1cd.10.0" },
	{ "CFGI_STE 10 Leaf=0", "§4.3.1; arch.md §3: also the L1STD",
	  { .op = CMD_CFGI_STE, .sid = 10 }, false,
	  "ste.10,cd.10.0,cd.10.3,l1cd.10.0,l1std.0" },
	{ "CFGI_STE_RANGE 10, Range 0 (SIDs 10-11)", "§4.3.2: 2^(Range+1) SIDs, aligned",
	  { .op = CMD_CFGI_STE_RANGE, .sid = 10, .range = 0 }, false,
	  "ste.10,ste.11,cd.10.0,cd.10.3,cd.11.3,l1cd.10.0,l1cd.11.0,l1std.0" },
	{ "CFGI_STE_RANGE 301, Range 0 (SIDs 300-301)", "§4.3.2: low Range+1 bits ignored",
	  { .op = CMD_CFGI_STE_RANGE, .sid = 301, .range = 0 }, false, "ste.300,l1std.256" },
	{ "CFGI_ALL", "§4.3.3: Range 31, every SID",
	  { .op = CMD_CFGI_STE_RANGE, .range = 31 }, false, ALL_CFG },
	{ "CFGI_CD 10/3 Leaf=1", "§4.3.4: the CD only",
	  { .op = CMD_CFGI_CD, .sid = 10, .ssid = 3, .leaf = true }, false, "cd.10.3" },
	{ "CFGI_CD 10/3 Leaf=0", "§4.3.4; arch.md §2.1: also the L1CD",
	  { .op = CMD_CFGI_CD, .sid = 10, .ssid = 3 }, false, "cd.10.3,l1cd.10.0" },
	{ "CFGI_CD_ALL 10", "§4.3.5: all CDs and L1CDs of the SID",
	  { .op = CMD_CFGI_CD_ALL, .sid = 10 }, false, "cd.10.0,cd.10.3,l1cd.10.0" },
	/* ATC */
	{ "ATC_INV 10 SSV=0", "§4.5.1; arch.md §7: no PASID: every entry of the SID",
	  { .op = CMD_ATC_INV, .sid = 10, .addr = 0x400000 }, false,
	  "atc.10,atc.10.p3,atc.10.p4g" },
	{ "ATC_INV 10 SSV=0 Global=1", "§4.5.1: Global ignored when SSV=0",
	  { .op = CMD_ATC_INV, .sid = 10, .addr = 0x400000, .global = true }, false,
	  "atc.10,atc.10.p3,atc.10.p4g" },
	{ "ATC_INV 10 SSID 3", "§4.5.1: that PASID",
	  { .op = CMD_ATC_INV, .sid = 10, .ssv = true, .ssid = 3, .addr = 0x400000 }, false,
	  "atc.10.p3" },
	{ "ATC_INV 10 SSID 3 Global", "§4.5.1: Global entries of any PASID too",
	  { .op = CMD_ATC_INV, .sid = 10, .ssv = true, .ssid = 3, .addr = 0x400000,
	    .global = true }, false, "atc.10.p3,atc.10.p4g" },
	{ "ATC_INV 10 Size 52", "§4.5.1: Size 52 = everything",
	  { .op = CMD_ATC_INV, .sid = 10, .size = CMD_ATC_SIZE_ALL }, false,
	  "atc.10,atc.10.p3,atc.10.p4g,atc.10.p3.far" },
	{ "ATC_INV 10 SSID 3 Size 16 (256 MB aligned)", "§4.5.1: span aligned to its size",
	  { .op = CMD_ATC_INV, .sid = 10, .ssv = true, .ssid = 3, .addr = 0x400000,
	    .size = 16 }, false, "atc.10.p3" },
	{ "ATC_INV 10 SSID 3 Size 17 (512 MB aligned)", "§4.5.1: span aligned to its size",
	  { .op = CMD_ATC_INV, .sid = 10, .ssv = true, .ssid = 3, .addr = 0x400000,
	    .size = 17 }, false, "atc.10.p3,atc.10.p3.far" },
	{ "ATC_INV 11 Size 52", "§4.5.1: by StreamID",
	  { .op = CMD_ATC_INV, .sid = 11, .size = CMD_ATC_SIZE_ALL }, false, "atc.11" },
	/* Not invalidations */
	{ "PREFETCH_CONFIG", "§4.2: not an invalidation",
	  { .op = CMD_PREFETCH_CONFIG, .sid = 10 }, false, "" },
};

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && !strncmp(p, name, n))
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

static bool entry_live(const struct tlb *t, const char *name)
{
	for (size_t i = 0; i < tlb_slots(t); i++) {
		const struct tlb_entry *e = tlb_slot(t, i);
		if (e && !strcmp(e->desc, name))
			return true;
	}
	return false;
}

static size_t live_count(const struct tlb *t)
{
	size_t n = 0;
	for (size_t i = 0; i < tlb_slots(t); i++)
		n += tlb_slot(t, i) != NULL;
	return n;
}

static struct tlb *filled_store(const char *policy, bool e2h)
{
	struct tlb_policy p;
	ck_assert(tlb_policy_parse(policy, &p));
	struct tlb *t = tlb_create(&p, 64, e2h);
	ck_assert_ptr_nonnull(t);
	for (size_t i = 0; i < ARRAY_SIZE(fixture); i++)
		ck_assert_int_eq(tlb_insert(t, &fixture[i]), TLB_INS_OK);
	return t;
}

static void run_inval_case(const struct inval_case *c, const char *policy)
{
	struct tlb *t = filled_store(policy, c->e2h);
	u64 w[2];

	/* the expectation names only fixture entries */
	for (const char *p = c->removed; *p;) {
		const char *comma = strchr(p, ',');
		char name[TLB_DESC_LEN] = { 0 };
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		ck_assert_uint_lt(len, sizeof(name));
		memcpy(name, p, len);
		ck_assert_msg(entry_live(t, name), "[%s] %s: no fixture entry %s", policy,
			      c->name, name);
		p = comma ? comma + 1 : p + len;
	}

	sn_cmd_encode(&c->cmd, w);
	enum tlb_queue_result q = tlb_queue_cmd(t, w);
	ck_assert_int_eq(q, tlb_inval_rule_for(c->cmd.op) ? TLB_Q_QUEUED : TLB_Q_IGNORED);
	/* IHI0070 §4.7.3: consumption guarantees nothing; only the sync */
	ck_assert_msg(live_count(t) == ARRAY_SIZE(fixture), "[%s] %s: removed before CMD_SYNC",
		      policy, c->name);
	tlb_sync(t);
	ck_assert_uint_eq(tlb_pending(t), 0);

	for (size_t i = 0; i < ARRAY_SIZE(fixture); i++) {
		const char *name = fixture[i].desc;
		bool want_removed = in_list(c->removed, name);
		bool live = entry_live(t, name);
		ck_assert_msg(live != want_removed, "[%s] %s (%s): %s expected %s, got %s", policy,
			      c->name, c->rule, name, want_removed ? "removed" : "kept",
			      live ? "kept" : "removed");
	}
	tlb_destroy(t);
}

START_TEST(test_inval_max)
{
	run_inval_case(&inval_cases[_i], "max");
}
END_TEST

START_TEST(test_inval_lru)
{
	run_inval_case(&inval_cases[_i], "lru:64");
}
END_TEST

/* Every row of the table names its command and a citation. */
START_TEST(test_rule_table)
{
	size_t n;
	const struct tlb_inval_rule *r = tlb_inval_rules(&n);
	ck_assert_uint_eq(n, 16);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(r[i].name, sn_cmd_name(r[i].op));
		ck_assert_ptr_nonnull(r[i].cite);
		ck_assert_msg(r[i].kinds != 0, "%s removes nothing", r[i].name);
		ck_assert_msg((r[i].kinds_leaf & ~r[i].kinds) == 0, "%s: Leaf=1 wider", r[i].name);
	}
	ck_assert_ptr_null(tlb_inval_rule_for(CMD_SYNC));
	ck_assert_ptr_null(tlb_inval_rule_for(CMD_PREFETCH_ADDR));
	/* arch.md §4.4 key table: S2_IPA never lists combined entries */
	ck_assert_uint_eq(tlb_inval_rule_for(CMD_TLBI_S2_IPA)->kinds &
			  TLB_KIND_BIT(TLB_NESTED), 0);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Queue and sync.                                                           */

static void encode(const struct sn_cmd *c, u64 w[2])
{
	sn_cmd_encode(c, w);
}

START_TEST(test_window_until_sync)
{
	struct tlb *t = filled_store("max", false);
	const struct sn_cmd nh = { .op = CMD_TLBI_NH_ALL, .vmid = 1 };
	const struct sn_cmd s2 = { .op = CMD_TLBI_S2_IPA, .vmid = 1, .addr = 0x80000000 };
	const struct sn_cmd sync = { .op = CMD_SYNC };
	u64 w[2];

	encode(&s2, w);
	ck_assert_int_eq(tlb_queue_cmd(t, w), TLB_Q_QUEUED);
	encode(&nh, w);
	ck_assert_int_eq(tlb_queue_cmd(t, w), TLB_Q_QUEUED);
	ck_assert_uint_eq(tlb_pending(t), 2);
	/* the window: stale entries still serve lookups */
	ck_assert_ptr_nonnull(tlb_lookup_nested(t, 1, 5, 0x400000));
	ck_assert_ptr_nonnull(tlb_lookup_s2(t, 1, 0x80000000));
	encode(&sync, w);
	ck_assert_int_eq(tlb_queue_cmd(t, w), TLB_Q_SYNCED);
	ck_assert_uint_eq(tlb_pending(t), 0);
	ck_assert_ptr_null(tlb_lookup_nested(t, 1, 5, 0x400000));
	ck_assert_ptr_null(tlb_lookup_s2(t, 1, 0x80000000));
	ck_assert_ptr_nonnull(tlb_lookup_s2(t, 2, 0x80000000));
	ck_assert_uint_eq(tlb_get_stats(t)->removed, 9 + 2);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_queue_full)
{
	struct tlb *t = filled_store("max", false);
	const struct sn_cmd nh = { .op = CMD_TLBI_NH_ALL, .vmid = 1 };
	u64 w[2];

	encode(&nh, w);
	for (unsigned i = 0; i < TLB_PENDING_MAX; i++)
		ck_assert_int_eq(tlb_queue_cmd(t, w), TLB_Q_QUEUED);
	ck_assert_uint_eq(live_count(t), ARRAY_SIZE(fixture));
	/* One more: the oldest completes early (IHI0070 §4.7.3), none is dropped. */
	ck_assert_int_eq(tlb_queue_cmd(t, w), TLB_Q_QUEUED);
	ck_assert_uint_eq(tlb_get_stats(t)->queue_overflow, 1);
	ck_assert_uint_eq(tlb_pending(t), TLB_PENDING_MAX);
	ck_assert_uint_eq(live_count(t), ARRAY_SIZE(fixture) - 9);
	tlb_sync(t);
	ck_assert_uint_eq(tlb_pending(t), 0);
	ck_assert_uint_eq(live_count(t), ARRAY_SIZE(fixture) - 9);
	tlb_destroy(t);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Policies.                                                                 */

static struct tlb *store(const char *policy, size_t cap)
{
	struct tlb_policy p;
	ck_assert(tlb_policy_parse(policy, &p));
	struct tlb *t = tlb_create(&p, cap, false);
	ck_assert_ptr_nonnull(t);
	return t;
}

static struct tlb_entry s1_page(u64 va, u64 oa, const char *desc)
{
	struct tlb_entry e = S1E("", 1, 5, false, 0);
	e.ia = va;
	e.oa = oa;
	snprintf(e.desc, sizeof(e.desc), "%s", desc);
	return e;
}

START_TEST(test_max_serves_stalest)
{
	struct tlb *t = store("max", 8);
	struct tlb_entry a = s1_page(0x400000, 0x1000, "old"), b = s1_page(0x400000, 0x2000, "new");

	ck_assert_int_eq(tlb_insert(t, &a), TLB_INS_OK);
	ck_assert_int_eq(tlb_insert(t, &b), TLB_INS_OK);
	const struct tlb_entry *hit = tlb_lookup_s1(t, EL1, 1, 5, 0x400abc);
	ck_assert_ptr_nonnull(hit);
	ck_assert_str_eq(hit->desc, "old");
	ck_assert_uint_eq(hit->seq, 1);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_lru_serves_newest)
{
	struct tlb *t = store("lru:4", 8);
	struct tlb_entry a = s1_page(0x400000, 0x1000, "old"), b = s1_page(0x400000, 0x2000, "new");

	tlb_insert(t, &a);
	tlb_insert(t, &b);
	ck_assert_str_eq(tlb_lookup_s1(t, EL1, 1, 5, 0x400000)->desc, "new");
	tlb_destroy(t);
}
END_TEST

START_TEST(test_max_keeps_everything)
{
	struct tlb *t = store("max", 128);
	for (unsigned i = 0; i < 100; i++) {
		struct tlb_entry e = s1_page(0x400000 + (u64)i * 0x1000, 0, "p");
		ck_assert_int_eq(tlb_insert(t, &e), TLB_INS_OK);
	}
	ck_assert_uint_eq(tlb_count(t, TLB_S1), 100);
	ck_assert_uint_eq(tlb_get_stats(t)->evicted, 0);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_lru_evicts_least_recent)
{
	struct tlb *t = store("lru:2", 16);
	struct tlb_entry x = s1_page(0x1000, 0, "x"), y = s1_page(0x2000, 0, "y"),
			 z = s1_page(0x3000, 0, "z");
	struct tlb_entry s2 = S2E("s2", 1, 0x80000000);

	tlb_insert(t, &x);
	tlb_insert(t, &y);
	ck_assert_ptr_nonnull(tlb_lookup_s1(t, EL1, 1, 5, 0x1000));  /* x now recent */
	tlb_insert(t, &s2);                                            /* other kind */
	ck_assert_uint_eq(tlb_count(t, TLB_S1), 2);
	tlb_insert(t, &z);
	ck_assert_uint_eq(tlb_count(t, TLB_S1), 2);
	ck_assert_ptr_nonnull(tlb_lookup_s1(t, EL1, 1, 5, 0x1000));
	ck_assert_ptr_null(tlb_lookup_s1(t, EL1, 1, 5, 0x2000));
	ck_assert_ptr_nonnull(tlb_lookup_s1(t, EL1, 1, 5, 0x3000));
	ck_assert_ptr_nonnull(tlb_lookup_s2(t, 1, 0x80000000));
	ck_assert_uint_eq(tlb_get_stats(t)->evicted, 1);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_none_caches_nothing)
{
	struct tlb *t = store("none", 8);
	for (size_t i = 0; i < ARRAY_SIZE(fixture); i++)
		ck_assert_int_eq(tlb_insert(t, &fixture[i]), TLB_INS_DISABLED);
	ck_assert_uint_eq(live_count(t), 0);
	ck_assert_ptr_null(tlb_lookup_s1(t, EL1, 1, 5, 0x400000));
	tlb_destroy(t);
}
END_TEST

/* arch.md §6.6; ARM DDI0487 D8.15.1, D8.16 */
static const struct {
	const char *name;
	u8 fault;
	enum tlb_insert_result want;
} fault_cases[] = {
	{ "Translation fault: never cached", EVT_F_TRANSLATION, TLB_INS_NEVER_CACHED },
	{ "Address size fault: never cached", EVT_F_ADDR_SIZE, TLB_INS_NEVER_CACHED },
	{ "Access flag fault: never cached", EVT_F_ACCESS, TLB_INS_NEVER_CACHED },
	{ "Permission fault: may be cached", EVT_F_PERMISSION, TLB_INS_OK },
	{ "no fault", 0, TLB_INS_OK },
};

START_TEST(test_fault_insert)
{
	struct tlb *t = store("max", 8);
	struct tlb_entry e = s1_page(0x400000, 0x1000, "f");
	e.fault = fault_cases[_i].fault;
	ck_assert_msg(tlb_insert(t, &e) == fault_cases[_i].want, "%s", fault_cases[_i].name);
	const struct tlb_entry *hit = tlb_lookup_s1(t, EL1, 1, 5, 0x400000);
	if (fault_cases[_i].want == TLB_INS_OK) {
		ck_assert_ptr_nonnull(hit);
		ck_assert_uint_eq(hit->fault, fault_cases[_i].fault);
	} else {
		ck_assert_ptr_null(hit);
		ck_assert_uint_eq(tlb_get_stats(t)->refused_fault, 1);
	}
	tlb_destroy(t);
}
END_TEST

START_TEST(test_capacity_overflow)
{
	struct tlb *t = store("max", 2);
	struct tlb_entry e = s1_page(0x1000, 0, "a");
	ck_assert_int_eq(tlb_insert(t, &e), TLB_INS_OK);
	e.ia = 0x2000;
	ck_assert_int_eq(tlb_insert(t, &e), TLB_INS_OK);
	e.ia = 0x3000;
	ck_assert_int_eq(tlb_insert(t, &e), TLB_INS_FULL);
	ck_assert_uint_eq(tlb_get_stats(t)->overflow, 1);
	e.kind = TLB_KIND_COUNT;
	ck_assert_int_eq(tlb_insert(t, &e), TLB_INS_BAD);
	tlb_destroy(t);
}
END_TEST

static const struct {
	const char *s;
	bool ok;
	enum tlb_policy_kind kind;
	unsigned n;
} parse_cases[] = {
	{ "none", true, TLB_POLICY_NONE, 0 },
	{ "max", true, TLB_POLICY_MAX, 0 },
	{ "lru:1", true, TLB_POLICY_LRU, 1 },
	{ "lru:64", true, TLB_POLICY_LRU, 64 },
	{ "lru:0", false, 0, 0 },
	{ "lru:", false, 0, 0 },
	{ "lru:-3", false, 0, 0 },
	{ "lru:4x", false, 0, 0 },
	{ "lru", false, 0, 0 },
	{ "maximum", false, 0, 0 },
	{ "", false, 0, 0 },
};

START_TEST(test_policy_parse)
{
	struct tlb_policy p = { 0 };
	bool ok = tlb_policy_parse(parse_cases[_i].s, &p);
	ck_assert_msg(ok == parse_cases[_i].ok, "\"%s\"", parse_cases[_i].s);
	if (ok) {
		ck_assert_int_eq(p.kind, parse_cases[_i].kind);
		ck_assert_uint_eq(p.lru_n, parse_cases[_i].n);
	}
}
END_TEST

START_TEST(test_create_rejects)
{
	struct tlb_policy p = { TLB_POLICY_MAX, 0 };
	ck_assert_ptr_null(tlb_create(&p, 0, false));
	p.kind = TLB_POLICY_LRU;
	ck_assert_ptr_null(tlb_create(&p, 8, false));
	tlb_destroy(NULL);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Lookups and provenance.                                                   */

START_TEST(test_lookup_tags)
{
	struct tlb *t = filled_store("max", false);

	/* S1: VMID, ASID or global, StreamWorld */
	ck_assert_str_eq(tlb_lookup_s1(t, EL1, 1, 6, 0x400000)->desc, "s1.v1a6");
	ck_assert_str_eq(tlb_lookup_s1(t, EL1, 1, 7, 0x400000)->desc, "s1.v1g");
	ck_assert_str_eq(tlb_lookup_s1(t, EL1, 2, 5, 0x400000)->desc, "s1.v2a5");
	ck_assert_ptr_null(tlb_lookup_s1(t, EL1, 3, 5, 0x400000));
	ck_assert_str_eq(tlb_lookup_s1(t, TLB_STRW_NS_EL2, 0, 9, 0x400fff)->desc, "el2");
	ck_assert_str_eq(tlb_lookup_s1(t, TLB_STRW_NS_EL2_E2H, 0, 6, 0x400000)->desc, "e2h.a6");
	ck_assert_ptr_null(tlb_lookup_s1(t, EL1, 1, 5, 0x401000));
	/* nested: looked up at the combined size, not the stage-1 block */
	ck_assert_str_eq(tlb_lookup_nested(t, 1, 5, 0x601234)->desc, "nest.v1a5.blk");
	ck_assert_ptr_null(tlb_lookup_nested(t, 1, 5, 0x600000));
	/* S2 and walk caches */
	ck_assert_str_eq(tlb_lookup_s2(t, 2, 0x80000fff)->desc, "s2.v2");
	ck_assert_str_eq(tlb_lookup_walk_s1(t, EL1, 1, 5, 0x5fffff, 2)->desc, "ws1.v1a5");
	ck_assert_ptr_null(tlb_lookup_walk_s1(t, EL1, 1, 5, 0x400000, 1));
	ck_assert_str_eq(tlb_lookup_walk_s2(t, 1, 0x801fffff, 2)->desc, "ws2.v1");
	/* configuration */
	ck_assert_str_eq(tlb_lookup_ste(t, 300)->desc, "ste.300");
	ck_assert_ptr_null(tlb_lookup_ste(t, 12));
	ck_assert_str_eq(tlb_lookup_l1std(t, 255)->desc, "l1std.0");
	ck_assert_str_eq(tlb_lookup_l1std(t, 256)->desc, "l1std.256");
	ck_assert_ptr_null(tlb_lookup_l1std(t, 512));
	ck_assert_str_eq(tlb_lookup_cd(t, 11, 3)->desc, "cd.11.3");
	ck_assert_str_eq(tlb_lookup_l1cd(t, 10, 63)->desc, "l1cd.10.0");
	ck_assert_ptr_null(tlb_lookup_l1cd(t, 10, 64));
	/* ATC: per device, PASID or none */
	ck_assert_str_eq(tlb_lookup_atc(t, 10, false, 0, 0x400000)->desc, "atc.10");
	ck_assert_str_eq(tlb_lookup_atc(t, 10, true, 3, 0x400800)->desc, "atc.10.p3");
	ck_assert_ptr_null(tlb_lookup_atc(t, 10, true, 5, 0x400000));
	ck_assert_ptr_null(tlb_lookup_atc(t, 12, false, 0, 0x400000));
	tlb_destroy(t);
}
END_TEST

START_TEST(test_provenance_and_alignment)
{
	struct tlb *t = store("max", 8);
	struct tlb_entry e = s1_page(0x400abc, 0x1000, "walk 7: VA 0x400abc");
	e.origin = 7;
	tlb_insert(t, &e);
	e.origin = 8;
	e.ia = 0x500000;
	tlb_insert(t, &e);
	const struct tlb_entry *hit = tlb_lookup_s1(t, EL1, 1, 5, 0x400000);
	ck_assert_uint_eq(hit->ia, 0x400000);   /* aligned to the entry size */
	ck_assert_uint_eq(hit->seq, 1);
	ck_assert_uint_eq(hit->origin, 7);
	ck_assert_str_eq(hit->desc, "walk 7: VA 0x400abc");
	ck_assert_uint_eq(tlb_lookup_s1(t, EL1, 1, 5, 0x500000)->seq, 2);
	ck_assert_str_eq(tlb_kind_name(TLB_NESTED), "NESTED");
	ck_assert_str_eq(tlb_kind_name(TLB_KIND_COUNT), "?");
	tlb_destroy(t);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *tlb_suite(void)
{
	Suite *s = suite_create("tlb");
	TCase *tc;

	tc = tcase_create("inval");
	tcase_add_loop_test(tc, test_inval_max, 0, ARRAY_SIZE(inval_cases));
	tcase_add_loop_test(tc, test_inval_lru, 0, ARRAY_SIZE(inval_cases));
	tcase_add_test(tc, test_rule_table);
	tcase_add_test(tc, test_window_until_sync);
	tcase_add_test(tc, test_queue_full);
	suite_add_tcase(s, tc);

	tc = tcase_create("policy");
	tcase_add_test(tc, test_max_serves_stalest);
	tcase_add_test(tc, test_lru_serves_newest);
	tcase_add_test(tc, test_max_keeps_everything);
	tcase_add_test(tc, test_lru_evicts_least_recent);
	tcase_add_test(tc, test_none_caches_nothing);
	tcase_add_loop_test(tc, test_fault_insert, 0, ARRAY_SIZE(fault_cases));
	tcase_add_test(tc, test_capacity_overflow);
	tcase_add_loop_test(tc, test_policy_parse, 0, ARRAY_SIZE(parse_cases));
	tcase_add_test(tc, test_create_rejects);
	suite_add_tcase(s, tc);

	tc = tcase_create("lookup");
	tcase_add_test(tc, test_lookup_tags);
	tcase_add_test(tc, test_provenance_and_alignment);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tlb_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
