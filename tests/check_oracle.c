// SPDX-License-Identifier: MIT
/*
 * The caches wired into smmu_translate() (model/cache.c, the hooks in
 * smmu.c, strtab.c, cd_fetch.c and walk.c) and the staleness oracle
 * (model/oracle.c).
 *
 * One nested stream, built with the table builder:
 *   SID 3, linear stream table at PA 0x10000; STE Config 0b111, VMID 1,
 *   EATS 0b01 (full ATS), one CD at IPA 0x80000000 (ASID 3);
 *   stage 2 (4 KB, S2T0SZ 24): IPA 0x80000000 -> PA 0x200000 (the CD page),
 *     IPA 0x80010000..0x80013fff -> PA 0x210000.. (stage-1 tables),
 *     IPA 0x40000000 -> PA 0x300000, IPA 0x40001000 -> PA 0x301000;
 *   stage 1 (4 KB, T0SZ 25) in the IPA pool 0x80010000: VA 0x1000 -> IPA
 *     0x40000000, VA 0x2000 -> IPA 0x40001000.
 * Each expectation is derived in its test from IHI0070 G.b and arch.md §4.4.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/cd.h>
#include <smmu-nest/cmdq.h>
#include <smmu-nest/oracle.h>
#include <smmu-nest/ste.h>
#include "nested_fx.h"

#define SID NFX_SID
#define VMID NFX_VMID
#define ASID NFX_ASID
#define STRTAB NFX_STRTAB
#define CD_IPA NFX_CD_IPA
#define CD_PA NFX_CD_PA

static void build(struct nested_fx *f, const char *policy)
{
	static const struct sn_tt_map s2maps[] = {
		{ .ia = CD_IPA, .oa = CD_PA, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x80010000, .oa = 0x210000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x80011000, .oa = 0x211000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x80012000, .oa = 0x212000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x80013000, .oa = 0x213000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x40000000, .oa = 0x300000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
		{ .ia = 0x40001000, .oa = 0x301000, .size = 0x1000, .ap = 3, .attr = 15, .sh = 3, .af = true },
	};
	static const struct sn_tt_map s1maps[] = {
		{ .ia = 0x1000, .oa = 0x40000000, .size = 0x1000, .ap = 1, .sh = 3, .af = true, .ng = true },
		{ .ia = 0x2000, .oa = 0x40001000, .size = 0x1000, .ap = 1, .sh = 3, .af = true, .ng = true },
	};
	/* EATS=0b01: the device may use ATS */
	nested_fx_build(f, s2maps, sizeof(s2maps) / sizeof(s2maps[0]), s1maps,
			sizeof(s1maps) / sizeof(s1maps[0]), sn_field_prep(STE_DW1_EATS, 1), policy);
}

static void xlate(struct nested_fx *f, u64 va, struct sn_judgement *j)
{
	struct sn_txn t = { .sid = SID, .addr = va };

	sn_oracle_translate(f->o, &t, false, j);
}

static void cmd(struct nested_fx *f, struct sn_cmd c)
{
	u64 w[2];

	sn_cmd_encode(&c, w);
	sn_oracle_cmd(f->o, w);
}

static void sync_cmd(struct nested_fx *f)
{
	cmd(f, (struct sn_cmd){ .op = CMD_SYNC });
}

/* The PA of the stage-2 leaf descriptor for @ipa, found by a cache-less
 * walk's access log (a locator, not an expectation). */
static u64 s2_leaf_pa(struct nested_fx *f, u64 va, u64 ipa)
{
	struct sn_txn t = { .sid = SID, .addr = va };
	struct sn_xlate x;
	u64 pa = 0;

	smmu_translate(&f->smmu, &t, &x);
	for (unsigned i = 0; i < f->smmu.log.n; i++) {
		const struct sn_access *a = &f->smmu.log.a[i];

		if (a->what == SN_ACC_S2_DESC && a->level == 3 && a->ia == ipa)
			pa = a->pa;
	}
	ck_assert_uint_ne(pa, 0);
	return pa;
}

/* Remap IPA 0x40000000 from PA 0x300000 to PA 0x400000 (a new page descriptor). */
static void remap_s2(struct nested_fx *f)
{
	u64 leaf = s2_leaf_pa(f, 0x1000, 0x40000000);
	u64 old = sn_mem_read64(f->mem, leaf);

	ck_assert_uint_eq(old & SN_GENMASK(47, 12), 0x300000);
	ck_assert_int_eq(sn_oracle_write(f->o, leaf, (old & ~SN_GENMASK(47, 12)) | 0x400000), 0);
}

static bool used_kind(const struct sn_judgement *j, enum tlb_kind k)
{
	for (unsigned i = 0; i < j->n_used; i++)
		if (j->used[i].kind == k)
			return true;
	return false;
}

/* ------------------------------------------------------------------------ */

START_TEST(fills_and_serves)
{
	struct nested_fx f;
	struct sn_judgement j;

	build(&f, "max");
	xlate(&f, 0x1234, &j);
	/* Cold: VA 0x1234 -> IPA 0x40000234 -> PA 0x300234.  The only entries
	 * that serve are those this very walk created: the stage-2 walk entries
	 * of the CD fetch serve the stage-1 table addresses after it. */
	ck_assert_int_eq(j.served.disp, SN_XLATE_OK);
	ck_assert_uint_eq(j.served.pa, 0x300234);
	ck_assert_uint_gt(j.n_used, 0);
	for (unsigned i = 0; i < j.n_used; i++) {
		ck_assert_uint_eq(j.used[i].origin, j.txn);
		ck_assert_int_eq(j.used[i].kind, TLB_WALK_S2);
	}
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	/* The fill: STE, CD, one combined entry, the stage-2 entries for the CD
	 * page, the three stage-1 table pages and the final IPA (5), stage-1
	 * walk entries at levels 1 and 2, stage-2 walk entries. */
	ck_assert_uint_eq(tlb_count(sn_oracle_tlb(f.o), TLB_STE), 1);
	ck_assert_uint_eq(tlb_count(sn_oracle_tlb(f.o), TLB_CD), 1);
	ck_assert_uint_eq(tlb_count(sn_oracle_tlb(f.o), TLB_NESTED), 1);
	ck_assert_uint_eq(tlb_count(sn_oracle_tlb(f.o), TLB_S2), 5);
	ck_assert_uint_eq(tlb_count(sn_oracle_tlb(f.o), TLB_WALK_S1), 2);
	ck_assert_uint_ge(tlb_count(sn_oracle_tlb(f.o), TLB_WALK_S2), 2);
	xlate(&f, 0x1238, &j);
	/* Warm: STE, CD and the combined entry serve; no walk. */
	ck_assert_uint_eq(j.served.pa, 0x300238);
	ck_assert(used_kind(&j, TLB_STE));
	ck_assert(used_kind(&j, TLB_CD));
	ck_assert(used_kind(&j, TLB_NESTED));
	ck_assert(!used_kind(&j, TLB_WALK_S1));
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	/* Another page of the same tables: stage-1 walk caches serve levels 1 and 2. */
	xlate(&f, 0x2010, &j);
	ck_assert_uint_eq(j.served.pa, 0x301010);
	ck_assert(used_kind(&j, TLB_WALK_S1));
	ck_assert(!used_kind(&j, TLB_NESTED));
	nested_fx_free(&f);
}
END_TEST

/*
 * IHI0070 §4.4.3.1, arch.md §4.4: TLBI_S2_IPA need not remove combined
 * entries; the nested translation stays on the old PA until NH_ALL.
 */
START_TEST(s2_remap_needs_nh_all)
{
	struct nested_fx f;
	struct sn_judgement j;

	build(&f, "max");
	xlate(&f, 0x1000, &j);
	remap_s2(&f);
	/* Inside the update (no settle yet): either answer is allowed. */
	xlate(&f, 0x1000, &j);
	ck_assert_int_eq(j.verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert_uint_eq(j.served.pa, 0x300000);
	ck_assert_uint_eq(j.fresh.pa, 0x400000);
	ck_assert_str_eq(j.diff, "pa: served 0x300000, fresh 0x400000");
	/* S2_IPA + SYNC, settled: the combined entry survives, STALE. */
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_S2_IPA, .vmid = VMID, .addr = 0x40000000, .leaf = true });
	sync_cmd(&f);
	sn_oracle_settle(f.o);
	xlate(&f, 0x1000, &j);
	ck_assert_int_eq(j.verdict, SN_VERDICT_STALE);
	ck_assert_uint_eq(j.n_culprits, 1);
	ck_assert_int_eq(j.culprits[0].entry.kind, TLB_NESTED);
	ck_assert_uint_eq(j.culprits[0].was & SN_GENMASK(47, 12), 0x300000);
	ck_assert_uint_eq(j.culprits[0].now & SN_GENMASK(47, 12), 0x400000);
	ck_assert(j.culprits[0].has_remover);
	{
		struct sn_cmd rc;

		sn_cmd_decode(j.culprits[0].remover, &rc);
		/* a non-global stage-1 page: TLBI_NH_VA with its VMID, ASID and VA */
		ck_assert_uint_eq(rc.op, CMD_TLBI_NH_VA);
		ck_assert_uint_eq(rc.vmid, VMID);
		ck_assert_uint_eq(rc.asid, ASID);
		ck_assert_uint_eq(rc.addr, 0x1000);
		ck_assert(rc.leaf);
	}
	/* NH_ALL of the VMID + SYNC: now fresh. */
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_NH_ALL, .vmid = VMID });
	sync_cmd(&f);
	sn_oracle_settle(f.o);
	xlate(&f, 0x1000, &j);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(j.served.pa, 0x400000);
	nested_fx_free(&f);
}
END_TEST

/* NH_ALL alone leaves the stage-2 entry, from which the walk refills. */
START_TEST(s2_remap_needs_s2_ipa)
{
	struct nested_fx f;
	struct sn_judgement j;

	build(&f, "max");
	xlate(&f, 0x1000, &j);
	remap_s2(&f);
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_NH_ALL, .vmid = VMID });
	sync_cmd(&f);
	sn_oracle_settle(f.o);
	xlate(&f, 0x1000, &j);
	ck_assert_int_eq(j.verdict, SN_VERDICT_STALE);
	ck_assert_int_eq(j.culprits[0].entry.kind, TLB_S2);
	{
		struct sn_cmd rc;

		sn_cmd_decode(j.culprits[0].remover, &rc);
		ck_assert_uint_eq(rc.op, CMD_TLBI_S2_IPA);
		ck_assert_uint_eq(rc.addr, 0x40000000);
	}
	nested_fx_free(&f);
}
END_TEST

/*
 * IHI0070 §4.7.3: commands between two SYNCs have no order.  S2_IPA and
 * NH_ALL before one SYNC: under max NH_ALL takes effect first, a DMA in
 * between refills the combined entry from the old stage-2 entry, and
 * S2_IPA never removes it.  With a SYNC in between, the refill reads the
 * new stage 2.
 */
START_TEST(sync_between_s2_and_nh_all)
{
	for (int with_sync = 0; with_sync < 2; with_sync++) {
		struct nested_fx f;
		struct sn_judgement j;
		u64 mid;

		build(&f, "max");
		xlate(&f, 0x1000, &j);
		remap_s2(&f);
		cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_S2_IPA, .vmid = VMID, .addr = 0x40000000,
					 .leaf = true });
		if (with_sync)
			sync_cmd(&f);
		cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_NH_ALL, .vmid = VMID });
		xlate(&f, 0x1000, &j);
		mid = j.txn;
		ck_assert_uint_eq(j.served.pa, with_sync ? 0x400000 : 0x300000);
		sync_cmd(&f);
		sn_oracle_settle(f.o);
		xlate(&f, 0x1000, &j);
		if (with_sync) {
			ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
		} else {
			ck_assert_int_eq(j.verdict, SN_VERDICT_STALE);
			ck_assert_int_eq(j.culprits[0].entry.kind, TLB_NESTED);
			ck_assert_uint_eq(j.culprits[0].entry.origin, mid);
		}
		nested_fx_free(&f);
	}
}
END_TEST

/* arch.md §4.4: a CD change needs CFGI_CD; no TLBI removes a CD. */
START_TEST(cd_change)
{
	for (int cfgi = 0; cfgi < 2; cfgi++) {
		struct nested_fx f;
		struct sn_judgement j;
		u64 w0;

		build(&f, "max");
		xlate(&f, 0x1000, &j);
		w0 = sn_mem_read64(f.mem, CD_PA);
		ck_assert_int_eq(sn_oracle_write(f.o, CD_PA, w0 & ~CD_DW0_V), 0);
		if (cfgi)
			cmd(&f, (struct sn_cmd){ .op = CMD_CFGI_CD, .sid = SID, .ssid = 0, .leaf = true });
		cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_NH_ASID, .vmid = VMID, .asid = ASID });
		sync_cmd(&f);
		sn_oracle_settle(f.o);
		xlate(&f, 0x1000, &j);
		/* Fresh: a CD with V == 0 is C_BAD_CD (IHI0070 §5.4.2). */
		ck_assert(j.fresh.has_event);
		ck_assert_uint_eq(j.fresh.event.type, EVT_C_BAD_CD);
		if (cfgi) {
			ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
		} else {
			ck_assert_int_eq(j.verdict, SN_VERDICT_STALE);
			ck_assert_int_eq(j.culprits[0].entry.kind, TLB_CD);
			ck_assert_uint_eq(j.culprits[0].pa, CD_PA);
		}
		nested_fx_free(&f);
	}
}
END_TEST

/* arch.md §4.4: an STE change needs CFGI_STE + SYNC. */
START_TEST(ste_change)
{
	for (int cfgi = 0; cfgi < 2; cfgi++) {
		struct nested_fx f;
		struct sn_judgement j;
		u64 pa = STRTAB + 64 * SID;

		build(&f, "max");
		xlate(&f, 0x1000, &j);
		ck_assert_int_eq(sn_oracle_write(f.o, pa, sn_mem_read64(f.mem, pa) & ~STE_DW0_V), 0);
		if (cfgi)
			cmd(&f, (struct sn_cmd){ .op = CMD_CFGI_STE, .sid = SID, .leaf = true });
		sync_cmd(&f);
		sn_oracle_settle(f.o);
		xlate(&f, 0x1000, &j);
		ck_assert_uint_eq(j.fresh.event.type, EVT_C_BAD_STE);
		if (cfgi) {
			ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
		} else {
			struct sn_cmd rc;

			ck_assert_int_eq(j.verdict, SN_VERDICT_STALE);
			ck_assert_int_eq(j.culprits[0].entry.kind, TLB_STE);
			sn_cmd_decode(j.culprits[0].remover, &rc);
			ck_assert_uint_eq(rc.op, CMD_CFGI_STE);
			ck_assert_uint_eq(rc.sid, SID);
		}
		nested_fx_free(&f);
	}
}
END_TEST

/*
 * arch.md §7, IHI0070 §3.9.1: the device's ATC holds the final PA; an
 * SMMU TLB invalidation does not reach it, ATC_INV does.
 */
START_TEST(atc)
{
	struct nested_fx f;
	struct sn_judgement j;
	struct sn_txn t = { .sid = SID, .addr = 0x1000, .kind = SN_TXN_ATS_REQUEST };

	build(&f, "max");
	sn_oracle_translate(f.o, &t, true, &j);
	ck_assert_uint_eq(j.served.pa, 0x300000);
	ck_assert(!j.from_atc);
	sn_oracle_translate(f.o, &t, true, &j);
	ck_assert(j.from_atc);
	remap_s2(&f);
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_S12_VMALL, .vmid = VMID });
	sync_cmd(&f);
	sn_oracle_settle(f.o);
	sn_oracle_translate(f.o, &t, true, &j);
	ck_assert_int_eq(j.verdict, SN_VERDICT_STALE);
	ck_assert_int_eq(j.culprits[0].entry.kind, TLB_ATC);
	ck_assert_uint_eq(j.served.pa, 0x300000);
	ck_assert_uint_eq(j.fresh.pa, 0x400000);
	/* Full ATC invalidation: SSV 0, Size 52 (arch.md §7). */
	cmd(&f, (struct sn_cmd){ .op = CMD_ATC_INV, .sid = SID, .size = 52 });
	sync_cmd(&f);
	sn_oracle_settle(f.o);
	sn_oracle_translate(f.o, &t, true, &j);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(j.served.pa, 0x400000);
	nested_fx_free(&f);
}
END_TEST

/* Under none nothing is cached, so nothing is ever stale. */
START_TEST(none_is_always_fresh)
{
	struct nested_fx f;
	struct sn_judgement j;

	build(&f, "none");
	xlate(&f, 0x1000, &j);
	remap_s2(&f);
	sn_oracle_settle(f.o);
	xlate(&f, 0x1000, &j);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(j.served.pa, 0x400000);
	ck_assert_uint_eq(j.n_used, 0);
	nested_fx_free(&f);
}
END_TEST

/* The caches change nothing while memory does not change. */
START_TEST(cached_equals_uncached)
{
	static const char *const modes[] = { "max", "lru:1", "lru:4" };

	for (unsigned m = 0; m < 3; m++) {
		struct nested_fx f;
		struct sn_judgement j;

		build(&f, modes[m]);
		for (int rep = 0; rep < 3; rep++) {
			for (u64 va = 0; va < 0x4000; va += 0x800) {
				xlate(&f, va, &j);
				ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
			}
		}
		nested_fx_free(&f);
	}
}
END_TEST

/*
 * IHI0070 §4.1.3: a command the SMMU does not support stops the queue with
 * CERROR_ILL; the invalidation queued behind it does not run until the
 * error is acknowledged, so the combined entry keeps serving.
 */
START_TEST(cerror_ill_stops_the_queue)
{
	struct nested_fx f;
	struct sn_judgement j;
	const char *why;
	u64 w[2];

	build(&f, "max");
	f.smmu.idr.hyp = false;         /* no EL2: TLBI_EL2_ALL is illegal (§4.4.2.7) */
	xlate(&f, 0x1000, &j);
	remap_s2(&f);
	sn_cmd_encode(&(struct sn_cmd){ .op = CMD_TLBI_EL2_ALL }, w);
	ck_assert_int_eq(sn_oracle_cmd(f.o, w), TLB_Q_STOPPED);
	ck_assert(sn_oracle_cmdq_stopped(f.o, &why));
	ck_assert_ptr_nonnull(why);
	sn_cmd_encode(&(struct sn_cmd){ .op = CMD_TLBI_S12_VMALL, .vmid = VMID }, w);
	ck_assert_int_eq(sn_oracle_cmd(f.o, w), TLB_Q_STOPPED);
	sn_cmd_encode(&(struct sn_cmd){ .op = CMD_SYNC }, w);
	ck_assert_int_eq(sn_oracle_cmd(f.o, w), TLB_Q_STOPPED);
	sn_oracle_settle(f.o);
	xlate(&f, 0x1000, &j);
	ck_assert_int_eq(j.verdict, SN_VERDICT_STALE);
	/* Acknowledged: the software reissues the invalidation. */
	sn_oracle_cmdq_skip(f.o);
	ck_assert(!sn_oracle_cmdq_stopped(f.o, NULL));
	cmd(&f, (struct sn_cmd){ .op = CMD_TLBI_S12_VMALL, .vmid = VMID });
	sync_cmd(&f);
	sn_oracle_settle(f.o);
	xlate(&f, 0x1000, &j);
	ck_assert_int_eq(j.verdict, SN_VERDICT_FRESH);
	nested_fx_free(&f);
}
END_TEST

/* Removers are verified against the store's own table. */
START_TEST(remover_kinds)
{
	struct tlb_policy p = { TLB_POLICY_MAX, 0 };
	struct tlb *t = tlb_create(&p, 4, false);
	struct tlb_entry e = { .kind = TLB_L1CD, .sid = 7, .ssid = 0x40, .span_shift = 6,
			       .live = true };
	u64 w[2];
	struct sn_cmd c;

	ck_assert(sn_oracle_remover(t, &e, w));
	sn_cmd_decode(w, &c);
	/* An L1CD needs the non-leaf CFGI_CD (arch.md §2.1). */
	ck_assert_uint_eq(c.op, CMD_CFGI_CD);
	ck_assert(!c.leaf);
	e = (struct tlb_entry){ .kind = TLB_WALK_S2, .vmid = 9, .ia = 0x40000000,
				.size_shift = 21, .level = 2, .live = true };
	ck_assert(sn_oracle_remover(t, &e, w));
	sn_cmd_decode(w, &c);
	ck_assert_uint_eq(c.op, CMD_TLBI_S2_IPA);
	ck_assert(!c.leaf);
	e = (struct tlb_entry){ .kind = TLB_S1, .strw = TLB_STRW_NS_EL1, .vmid = 2, .global = true,
				.ia = 0x5000, .size_shift = 12, .level = 3, .live = true };
	ck_assert(sn_oracle_remover(t, &e, w));
	sn_cmd_decode(w, &c);
	ck_assert_uint_eq(c.op, CMD_TLBI_NH_VAA);
	ck_assert_str_eq(sn_verdict_name(SN_VERDICT_ACCEPTABLE), "ACCEPTABLE");
	tlb_destroy(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("oracle");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, fills_and_serves);
	tcase_add_test(tc, s2_remap_needs_nh_all);
	tcase_add_test(tc, s2_remap_needs_s2_ipa);
	tcase_add_test(tc, sync_between_s2_and_nh_all);
	tcase_add_test(tc, cd_change);
	tcase_add_test(tc, ste_change);
	tcase_add_test(tc, atc);
	tcase_add_test(tc, none_is_always_fresh);
	tcase_add_test(tc, cached_equals_uncached);
	tcase_add_test(tc, remover_kinds);
	tcase_add_test(tc, cerror_ill_stops_the_queue);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
