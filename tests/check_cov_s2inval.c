// SPDX-License-Identifier: MIT
/*
 * The stage-2 change sequence (policy/s2inval.c) refuses inputs the kernel
 * cannot be asked (s2inval.h: "SN_EINVAL (the input cannot occur)") and
 * emits nothing for them.  Each row names the property of the kernel's
 * data it breaks:
 *  - s2inval.h s2inv_domain.masters/nmasters: the devices list; a count
 *    without a list cannot occur;
 *  - s2inv_master.nsids "at least 1": arm_smmu_master has >= 1 stream;
 *  - s2inv_master.ssid: a PASID / SubstreamID is at most 20 bits (PCIe
 *    PASID; IHI0070 G.b §3.3.2, SMMU_IDR1.SSIDSIZE <= 20);
 *  - s2inv_change.kind: arm_smmu_tlb_inv_range_domain() or
 *    arm_smmu_tlb_inv_context(), nothing else;
 *  - s2inv_change.granule: a page or block size, a power of two of at
 *    least one page (io-pgtable's leaf sizes; linux.md §7).
 * The valid row next to them shows the same domain accepted.
 */
#include <check.h>
#include <string.h>

#include <smmu-nest/s2inval.h>

#define K4 0x1000ULL

static const u32 sid7 = 7;

struct row {
	const char *name;
	struct s2inv_master m;
	size_t nmasters;
	bool no_list;
	struct s2inv_change c;
	int err;
	const char *reason;     /* a substring of the result's reason */
};

static const struct row rows[] = {
	{ "valid", { .sids = &sid7, .nsids = 1 }, 1, false,
	  { S2INV_RANGE, 0x80000000, K4, K4, true }, SN_OK, "" },
	{ "a master count without a list", { .sids = &sid7, .nsids = 1 }, 1, true,
	  { S2INV_RANGE, 0x80000000, K4, K4, true }, SN_EINVAL, "masters missing" },
	{ "a master without a StreamID", { .sids = &sid7, .nsids = 0 }, 1, false,
	  { S2INV_RANGE, 0x80000000, K4, K4, true }, SN_EINVAL, "no StreamID" },
	{ "a 21-bit SubstreamID", { .sids = &sid7, .nsids = 1, .ssid = 0x100000 }, 1, false,
	  { S2INV_RANGE, 0x80000000, K4, K4, true }, SN_EINVAL, "wider than 20 bits" },
	{ "the widest SubstreamID", { .sids = &sid7, .nsids = 1, .ssid = 0xfffff }, 1, false,
	  { S2INV_RANGE, 0x80000000, K4, K4, true }, SN_OK, "" },
	{ "a change of no kind", { .sids = &sid7, .nsids = 1 }, 1, false,
	  { (enum s2inv_kind)2, 0x80000000, K4, K4, true }, SN_EINVAL, "unknown change kind" },
	{ "a granule of three pages", { .sids = &sid7, .nsids = 1 }, 1, false,
	  { S2INV_RANGE, 0x80000000, 3 * K4, 3 * K4, true }, SN_EINVAL, "power of two" },
	{ "a granule below the page", { .sids = &sid7, .nsids = 1 }, 1, false,
	  { S2INV_RANGE, 0x80000000, K4, K4 / 2, true }, SN_EINVAL, "power of two" },
};

static void count(void *ctx, const u64 cmd[2], enum s2inv_step step)
{
	(void)cmd;
	(void)step;
	++*(size_t *)ctx;
}

START_TEST(input_checks)
{
	const struct row *r = &rows[_i];
	struct s2inv_domain d = { .vmid = 3, .nest_parent = true, .page_shift = 12,
				  .masters = r->no_list ? NULL : &r->m, .nmasters = r->nmasters };
	size_t emitted = 0;
	struct s2inv_queue q = { count, &emitted };
	struct s2inv_result res;

	for (unsigned pi = 0; pi < host_policy_count; pi++) {
		emitted = 0;
		s2inv_run(host_policies[pi], &d, &r->c, &q, &res);
		ck_assert_msg(res.err == r->err, "%s (%s): err %d, expected %d (%s)", r->name,
			      host_policies[pi]->name, res.err, r->err, res.reason);
		if (r->err == SN_OK) {
			ck_assert_uint_gt(emitted, 0);
			ck_assert_uint_eq(emitted, res.ncmds);
			continue;
		}
		ck_assert_uint_eq(emitted, 0);
		ck_assert_uint_eq(res.ncmds, 0);
		ck_assert_msg(strstr(res.reason, r->reason), "%s (%s): reason '%s', expected '%s'",
			      r->name, host_policies[pi]->name, res.reason, r->reason);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cov_s2inval");
	TCase *tc = tcase_create("input");

	tcase_add_loop_test(tc, input_checks, 0, (int)(sizeof(rows) / sizeof(rows[0])));
	suite_add_tcase(s, tc);
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
