// SPDX-License-Identifier: MIT
/*
 * vIOMMU invalidation (policy/viommu.c), one table-driven case per rule.
 *
 * Every command word below was worked out by hand from the bit positions
 * in shared/reference/linux.md §1.3 (OP 7:0, SSV 11, SSID 31:12, SID 63:32,
 * GLOBAL 9; TLBI NUM 16:12, SCALE 24:20, VMID 47:32, ASID 63:48, word 1
 * LEAF 0, TTL 9:8, TG 11:10, VA 63:12; ATC word 1 SIZE 5:0, ADDR 63:12) and
 * the conversion table in §5, never by running the model.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/policy.h>
#include <smmu-nest/viommu.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X(v) ((unsigned long long)(v))

/* The policies that have the path (linux.md §5: I-15 and I-17 identical). */
static const char *const merged[] = { "v6.13", "v6.15", "v7.0" };
#define NMERGED ARRAY_SIZE(merged)

/* The VM: VMID 0x00a5, four vDEVICEs. */
#define VM_VMID 0x00a5
static const struct viommu_vdev vdevs[] = {
	{ 0x00000010, 0x00008100 },
	{ 0x00000020, 0x00000009 },
	{ 0xffffffff, 0x00000000 },
	{ 0x00000000, 0xfffffffe },
};
static const struct viommu vm = { VM_VMID, vdevs, ARRAY_SIZE(vdevs) };

/* A command used to fill arrays: TLBI_NH_ALL, guest VMID 0. */
#define NH_ALL_W0      0x0000000000000010ULL
#define NH_ALL_VM_W0   0x000000a500000010ULL   /* ... with VMID 0x00a5 */
#define CFGI_STE_W0    0x0000001000000003ULL   /* not whitelisted */
#define ATC_BAD_W0     0x0000001100000040ULL   /* ATC_INV, vSID 0x11 unknown */

static const struct host_policy *policy(const char *name)
{
	const struct host_policy *p = host_policy_find(name);

	ck_assert_msg(p != NULL, "policy %s not found", name);
	return p;
}

/* A log with room for @ncmds commands and @nbatches batches. */
struct rec {
	struct viommu_log log;
	struct viommu_queue q;
};

static void rec_init(struct rec *r, size_t ncmds, size_t nbatches)
{
	memset(r, 0, sizeof(*r));
	r->log.cmds = calloc(ncmds ? ncmds : 1, sizeof(r->log.cmds[0]));
	r->log.batches = calloc(nbatches ? nbatches : 1, sizeof(r->log.batches[0]));
	ck_assert(r->log.cmds && r->log.batches);
	r->log.cmd_cap = ncmds;
	r->log.batch_cap = nbatches;
	viommu_log_queue(&r->log, &r->q);
}

static void rec_free(struct rec *r)
{
	free(r->log.cmds);
	free(r->log.batches);
}

static u64 (*cmd_array(size_t n, u64 w0, u64 w1))[2]
{
	u64 (*c)[2] = calloc(n ? n : 1, sizeof(*c));

	ck_assert(c != NULL);
	for (size_t i = 0; i < n; i++) {
		c[i][0] = w0;
		c[i][1] = w1;
	}
	return c;
}

/* ------------------------------------------------------------------------ */
/* Conversion of one command, under each merged policy.                      */

struct conv_case {
	const char *rule;
	u64 in[2];
	int err;
	u64 out[2];
};

static const struct conv_case conv_cases[] = {
	{ "NSNH_ALL becomes NH_ALL (0x10) with the VM's VMID, word 1 zero",
	  { 0x0000000000000030ULL, 0 }, SN_OK, { 0x000000a500000010ULL, 0 } },
	{ "NSNH_ALL: every other guest bit in both words is dropped",
	  { 0xffffffffffffff30ULL, 0xffffffffffffffffULL }, SN_OK,
	  { 0x000000a500000010ULL, 0 } },
	{ "NH_ALL: guest VMID 1 replaced by the VM's",
	  { 0x0000000100000010ULL, 0 }, SN_OK, { 0x000000a500000010ULL, 0 } },
	{ "NH_ALL: guest VMID 0xffff replaced by the VM's",
	  { 0x0000ffff00000010ULL, 0 }, SN_OK, { 0x000000a500000010ULL, 0 } },
	{ "NH_ALL: every bit but VMID 47:32 passes through",
	  { 0xffffffffffffff10ULL, 0xffffffffffffffffULL }, SN_OK,
	  { 0xffff00a5ffffff10ULL, 0xffffffffffffffffULL } },
	{ "NH_ASID: ASID 7 kept, VMID forced",
	  { 0x0007000000000011ULL, 0 }, SN_OK, { 0x000700a500000011ULL, 0 } },
	/* ASID 0x42, VMID 0xdead, SCALE 2, NUM 3; VA 0x123456789000, TG 2, TTL 3, LEAF */
	{ "NH_VA: ASID, NUM, SCALE, VA, TG, TTL, LEAF kept, VMID forced",
	  { 0x0042dead00203012ULL, 0x0000123456789b01ULL }, SN_OK,
	  { 0x004200a500203012ULL, 0x0000123456789b01ULL } },
	{ "NH_VAA: VMID forced, word 1 kept",
	  { 0x0000beef00000013ULL, 0x00007ffffffff001ULL }, SN_OK,
	  { 0x000000a500000013ULL, 0x00007ffffffff001ULL } },
	{ "opcode is bits 7:0 only: bit 8 set on NH_ASID passes through",
	  { 0x0000000000000111ULL, 0 }, SN_OK, { 0x000000a500000111ULL, 0 } },
	/* GLOBAL (9), SSV (11), SSID 5; ADDR 0x40000000, SIZE 12 */
	{ "ATC_INV: vSID 0x10 becomes pSID 0x8100, SSV/SSID/GLOBAL/SIZE/ADDR kept",
	  { 0x0000001000005a40ULL, 0x000000004000000cULL }, SN_OK,
	  { 0x0000810000005a40ULL, 0x000000004000000cULL } },
	{ "CFGI_CD: vSID 0x20 becomes pSID 0x9, SSID 7 and LEAF kept",
	  { 0x0000002000007005ULL, 1 }, SN_OK, { 0x0000000900007005ULL, 1 } },
	{ "CFGI_CD_ALL: vSID 0x10 becomes pSID 0x8100",
	  { 0x0000001000000006ULL, 0 }, SN_OK, { 0x0000810000000006ULL, 0 } },
	{ "CFGI_CD_ALL: full-width vSID 0xffffffff becomes pSID 0",
	  { 0xffffffff00000006ULL, 0 }, SN_OK, { 0x0000000000000006ULL, 0 } },
	{ "CFGI_CD: vSID 0 becomes pSID 0xfffffffe, all low bits and word 1 kept",
	  { 0x00000000ffffff05ULL, 0xffffffffffffffffULL }, SN_OK,
	  { 0xfffffffeffffff05ULL, 0xffffffffffffffffULL } },
	{ "ATC_INV: unknown vSID 0x11 is EIO",
	  { 0x0000001100000040ULL, 0 }, SN_EIO, { 0, 0 } },
	{ "CFGI_CD: unknown vSID 0x21 is EIO",
	  { 0x0000002100000005ULL, 0 }, SN_EIO, { 0, 0 } },
	{ "CFGI_CD_ALL: a pSID (0x8100) is not a vSID: EIO",
	  { 0x0000810000000006ULL, 0 }, SN_EIO, { 0, 0 } },
	{ "CFGI_STE (0x03) is not whitelisted: EIO",
	  { 0x0000001000000003ULL, 0 }, SN_EIO, { 0, 0 } },
	{ "CFGI_ALL (0x04, Range 31) is not whitelisted: EIO",
	  { 0x0000000000000004ULL, 31 }, SN_EIO, { 0, 0 } },
	{ "TLBI_S2_IPA (0x2a) is not whitelisted: EIO",
	  { 0x000000a50000002aULL, 0x0000000040000000ULL }, SN_EIO, { 0, 0 } },
	{ "TLBI_S12_VMALL (0x28) is not whitelisted: EIO",
	  { 0x000000a500000028ULL, 0 }, SN_EIO, { 0, 0 } },
	{ "TLBI_EL2_ALL (0x20) is not whitelisted: EIO",
	  { 0x0000000000000020ULL, 0 }, SN_EIO, { 0, 0 } },
	{ "CMD_SYNC (0x46) is not whitelisted: EIO",
	  { 0x0000000000000046ULL, 0 }, SN_EIO, { 0, 0 } },
	{ "PRI_RESP (0x41) is not whitelisted: EIO",
	  { 0x0000001000000041ULL, 0 }, SN_EIO, { 0, 0 } },
};

START_TEST(test_conv_case)
{
	const struct conv_case *c = &conv_cases[(size_t)_i / NMERGED];
	const char *pname = merged[(size_t)_i % NMERGED];
	const struct host_policy *p = policy(pname);
	u64 out[2] = { 0, 0 };
	const char *why = NULL;
	struct viommu_inv_result r;
	struct rec rec;
	int err;

	err = viommu_convert_cmd(p, &vm, c->in, out, &why);
	ck_assert_msg(err == c->err, "%s [%s] convert: expected %s, got %s", c->rule,
		      pname, sn_errno_name(c->err), sn_errno_name(err));
	ck_assert_msg(why != NULL, "%s [%s]: no reason", c->rule, pname);
	if (c->err == SN_OK) {
		for (int w = 0; w < 2; w++)
			ck_assert_msg(out[w] == c->out[w],
				      "%s [%s] word %d: expected 0x%016llx, got 0x%016llx",
				      c->rule, pname, w, X(c->out[w]), X(out[w]));
	}

	/* The same command as a one-entry array. */
	rec_init(&rec, 4, 4);
	viommu_invalidate(p, &vm, (const u64 (*)[2])c->in, 1, &rec.q, &r);
	ck_assert_msg(r.err == c->err, "%s [%s] invalidate: expected %s, got %s (%s)",
		      c->rule, pname, sn_errno_name(c->err), sn_errno_name(r.err), r.reason);
	ck_assert_msg(r.entry_num == (c->err ? 0u : 1u), "%s [%s] entry_num: got %zu",
		      c->rule, pname, r.entry_num);
	ck_assert_msg(rec.log.nbatches == (c->err ? 0u : 1u), "%s [%s] batches: got %zu",
		      c->rule, pname, rec.log.nbatches);
	if (c->err == SN_OK) {
		ck_assert_msg(rec.log.batches[0].n == 1 && rec.log.batches[0].sync,
			      "%s [%s]: expected one synced command", c->rule, pname);
		for (int w = 0; w < 2; w++)
			ck_assert_msg(rec.log.cmds[0][w] == c->out[w],
				      "%s [%s] issued word %d: expected 0x%016llx, got 0x%016llx",
				      c->rule, pname, w, X(c->out[w]), X(rec.log.cmds[0][w]));
	}
	rec_free(&rec);
}
END_TEST

/* Every opcode: exactly the eight whitelisted ones pass (linux.md §5). */
START_TEST(test_every_opcode)
{
	static const u8 whitelist[] = { 0x05, 0x06, 0x10, 0x11, 0x12, 0x13, 0x30, 0x40 };
	unsigned op = (unsigned)_i;
	/* SID/VMID field 63:32 = 0x10, a known vSID */
	u64 in[2] = { 0x0000001000000000ULL | op, 0 };
	bool listed = false;

	for (size_t k = 0; k < ARRAY_SIZE(whitelist); k++)
		listed |= whitelist[k] == op;
	for (size_t k = 0; k < NMERGED; k++) {
		u64 out[2];
		int err = viommu_convert_cmd(policy(merged[k]), &vm, in, out, NULL);

		ck_assert_msg(err == (listed ? SN_OK : SN_EIO),
			      "opcode 0x%02x [%s]: expected %s, got %s", op, merged[k],
			      listed ? "OK" : "EIO", sn_errno_name(err));
	}
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Batching: at most CMDQ_BATCH_ENTRIES - 1 = 63 per issue, each synced.     */

struct batch_case {
	const char *rule;
	size_t n;
	size_t nb;
	unsigned sizes[4];
};

static const struct batch_case batch_cases[] = {
	{ "no commands, no issue", 0, 0, { 0 } },
	{ "one command, one batch", 1, 1, { 1 } },
	{ "63 commands fill one batch", 63, 1, { 63 } },
	{ "64 commands: 63 then 1", 64, 2, { 63, 1 } },
	{ "126 commands: two full batches", 126, 2, { 63, 63 } },
	{ "127 commands: 63, 63, 1", 127, 3, { 63, 63, 1 } },
	{ "130 commands: 63, 63, 4", 130, 3, { 63, 63, 4 } },
};

START_TEST(test_batch_case)
{
	const struct batch_case *c = &batch_cases[(size_t)_i / NMERGED];
	const char *pname = merged[(size_t)_i % NMERGED];
	u64 (*in)[2] = cmd_array(c->n, 0, 0);
	struct viommu_inv_result r;
	struct rec rec;

	/* NH_ASID with ASID = index, so the order can be checked */
	for (size_t i = 0; i < c->n; i++)
		in[i][0] = ((u64)i << 48) | 0x11;
	rec_init(&rec, c->n, 8);
	viommu_invalidate(policy(pname), &vm, (const u64 (*)[2])in, c->n, &rec.q, &r);
	ck_assert_msg(r.err == SN_OK, "%s [%s]: %s", c->rule, pname, r.reason);
	ck_assert_msg(r.entry_num == c->n, "%s [%s] entry_num: expected %zu, got %zu",
		      c->rule, pname, c->n, r.entry_num);
	ck_assert_msg(r.issues == c->nb && rec.log.nbatches == c->nb,
		      "%s [%s] batches: expected %zu, got %zu", c->rule, pname, c->nb,
		      rec.log.nbatches);
	for (size_t b = 0; b < c->nb; b++) {
		ck_assert_msg(rec.log.batches[b].n == c->sizes[b],
			      "%s [%s] batch %zu: expected %u commands, got %u", c->rule,
			      pname, b, c->sizes[b], rec.log.batches[b].n);
		ck_assert_msg(rec.log.batches[b].sync, "%s [%s] batch %zu not synced",
			      c->rule, pname, b);
	}
	for (size_t i = 0; i < c->n; i++) {
		u64 want = ((u64)i << 48) | 0x000000a500000011ULL;

		ck_assert_msg(rec.log.cmds[i][0] == want,
			      "%s [%s] command %zu: expected 0x%016llx, got 0x%016llx",
			      c->rule, pname, i, X(want), X(rec.log.cmds[i][0]));
	}
	ck_assert(!rec.log.overflow);
	rec_free(&rec);
	free(in);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Edge case (a): conversion failure at entry k reports entry_num = k.      */

struct conv_fail_case {
	const char *rule;
	size_t n, bad;          /* array length, index of the bad entry */
	u64 bad_w0;
	size_t issues;          /* batches issued before the failure */
	size_t unissued;        /* converted, never issued */
};

static const struct conv_fail_case conv_fail_cases[] = {
	{ "first entry bad: nothing done", 4, 0, CFGI_STE_W0, 0, 0 },
	{ "entry 2 bad: entries 0-1 converted, not issued, counted", 4, 2, CFGI_STE_W0, 0, 2 },
	{ "entry 62 bad (last slot of batch 1): 62 unissued", 63, 62, ATC_BAD_W0, 0, 62 },
	{ "entry 63 bad (first of batch 2): batch 1 issued", 64, 63, CFGI_STE_W0, 1, 0 },
	{ "entry 66 bad: batch 1 issued, 63-65 unissued", 70, 66, ATC_BAD_W0, 1, 3 },
	{ "entry 129 bad: two batches issued, 126-128 unissued", 130, 129, CFGI_STE_W0, 2, 3 },
};

START_TEST(test_conv_fail_case)
{
	const struct conv_fail_case *c = &conv_fail_cases[(size_t)_i / NMERGED];
	const char *pname = merged[(size_t)_i % NMERGED];
	u64 (*in)[2] = cmd_array(c->n, NH_ALL_W0, 0);
	struct viommu_inv_result r;
	struct rec rec;

	in[c->bad][0] = c->bad_w0;
	rec_init(&rec, c->n, 8);
	viommu_invalidate(policy(pname), &vm, (const u64 (*)[2])in, c->n, &rec.q, &r);
	ck_assert_msg(r.err == SN_EIO, "%s [%s]: expected EIO, got %s", c->rule, pname,
		      sn_errno_name(r.err));
	ck_assert_msg(r.entry_num == c->bad, "%s [%s] entry_num: expected %zu, got %zu",
		      c->rule, pname, c->bad, r.entry_num);
	ck_assert_msg(r.issues == c->issues && rec.log.nbatches == c->issues,
		      "%s [%s] issues: expected %zu, got %zu", c->rule, pname, c->issues,
		      r.issues);
	ck_assert_msg(rec.log.ncmds == 63 * c->issues, "%s [%s] issued commands: got %zu",
		      c->rule, pname, rec.log.ncmds);
	ck_assert_msg(r.unissued == c->unissued, "%s [%s] unissued: expected %zu, got %zu",
		      c->rule, pname, c->unissued, r.unissued);
	/* the quirk itself: reported done, yet only issued ones reached the queue */
	ck_assert_msg(r.entry_num - rec.log.ncmds == c->unissued,
		      "%s [%s]: entry_num - issued != unissued", c->rule, pname);
	rec_free(&rec);
	free(in);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Edge case (b): an issue failure gives entry_num = end of that batch - 1. */

struct issue_fail_case {
	const char *rule;
	size_t n;
	size_t fail;            /* 1-based issue call that fails */
	size_t entry_num;
};

static const struct issue_fail_case issue_fail_cases[] = {
	{ "1 command, issue 1 fails: entry_num 0", 1, 1, 0 },
	{ "63 commands, issue 1 fails: entry_num 62, not 0", 63, 1, 62 },
	{ "130 commands, issue 1 fails: entry_num 62", 130, 1, 62 },
	{ "130 commands, issue 2 ([63,126)) fails: entry_num 125", 130, 2, 125 },
	{ "130 commands, issue 3 ([126,130)) fails: entry_num 129", 130, 3, 129 },
};

START_TEST(test_issue_fail_case)
{
	const struct issue_fail_case *c = &issue_fail_cases[(size_t)_i / NMERGED];
	const char *pname = merged[(size_t)_i % NMERGED];
	u64 (*in)[2] = cmd_array(c->n, NH_ALL_W0, 0);
	struct viommu_inv_result r;
	struct rec rec;

	rec_init(&rec, c->n, 8);
	rec.log.fail_issue = c->fail;
	rec.log.fail_err = SN_EBUSY;    /* any errno: passed back unchanged */
	viommu_invalidate(policy(pname), &vm, (const u64 (*)[2])in, c->n, &rec.q, &r);
	ck_assert_msg(r.err == SN_EBUSY, "%s [%s]: expected the queue's EBUSY, got %s",
		      c->rule, pname, sn_errno_name(r.err));
	ck_assert_msg(r.entry_num == c->entry_num, "%s [%s] entry_num: expected %zu, got %zu",
		      c->rule, pname, c->entry_num, r.entry_num);
	ck_assert_msg(r.issues == c->fail && rec.log.nbatches == c->fail,
		      "%s [%s] issues: expected %zu, got %zu", c->rule, pname, c->fail,
		      r.issues);
	ck_assert_msg(rec.log.batches[c->fail - 1].err == SN_EBUSY,
		      "%s [%s]: failed batch not marked", c->rule, pname);
	ck_assert_msg(r.unissued == 0, "%s [%s] unissued: got %zu", c->rule, pname,
		      r.unissued);
	rec_free(&rec);
	free(in);
}
END_TEST

/* fail_err 0 in the log is taken as EIO */
START_TEST(test_issue_fail_default_errno)
{
	u64 in[1][2] = { { NH_ALL_W0, 0 } };
	struct viommu_inv_result r;
	struct rec rec;

	rec_init(&rec, 1, 1);
	rec.log.fail_issue = 1;
	viommu_invalidate(policy("v7.0"), &vm, (const u64 (*)[2])in, 1, &rec.q, &r);
	ck_assert_msg(r.err == SN_EIO && r.entry_num == 0,
		      "expected EIO, entry_num 0; got %s, %zu", sn_errno_name(r.err),
		      r.entry_num);
	rec_free(&rec);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Policies: seed-v2 has no path; the merged ones all have it.              */

struct support_case {
	const char *policy;
	bool has;
};

static const struct support_case support_cases[] = {
	{ "seed-v2", false }, { "v6.13", true }, { "v6.15", true }, { "v7.0", true },
};

START_TEST(test_support_case)
{
	const struct support_case *c = &support_cases[_i];
	const struct host_policy *p = policy(c->policy);
	u64 in[1][2] = { { NH_ALL_W0, 0 } };
	struct viommu_inv_result r;
	struct rec rec;

	ck_assert_msg(viommu_inv_supported(p) == c->has, "%s: supported: expected %d",
		      c->policy, c->has);
	rec_init(&rec, 1, 1);
	viommu_invalidate(p, &vm, (const u64 (*)[2])in, 1, &rec.q, &r);
	if (c->has) {
		ck_assert_msg(r.err == SN_OK && r.entry_num == 1 && rec.log.nbatches == 1,
			      "%s: expected one issued command; got %s (%s)", c->policy,
			      sn_errno_name(r.err), r.reason);
	} else {
		ck_assert_msg(r.err == SN_EOPNOTSUPP, "%s: expected EOPNOTSUPP, got %s",
			      c->policy, sn_errno_name(r.err));
		ck_assert_msg(r.entry_num == 0 && r.issues == 0 && rec.log.calls == 0,
			      "%s: nothing may be issued", c->policy);
	}
	rec_free(&rec);
}
END_TEST

/* The policy row's viommu_invalidate column decides, not the row's name. */
START_TEST(test_unknown_policy_row)
{
	struct host_policy p = *policy("v7.0");
	struct viommu_inv_result r;

	p.viommu_invalidate = false;
	ck_assert(!viommu_inv_supported(&p));
	viommu_invalidate(&p, &vm, NULL, 0, NULL, &r);
	ck_assert_msg(r.err == SN_EOPNOTSUPP, "got %s", sn_errno_name(r.err));
	p = *policy("seed-v2");
	p.viommu_invalidate = true;
	ck_assert(viommu_inv_supported(&p));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The planted bug: VMID not rewritten.                                     */

struct bug_case {
	const char *rule;
	u64 in[2];
	u64 out[2];
};

static const struct bug_case bug_cases[] = {
	{ "NH_VA keeps guest VMID 0xdead",
	  { 0x0042dead00203012ULL, 0x0000123456789b01ULL },
	  { 0x0042dead00203012ULL, 0x0000123456789b01ULL } },
	{ "NH_ALL keeps guest VMID 1",
	  { 0x0000000100000010ULL, 0 }, { 0x0000000100000010ULL, 0 } },
	{ "NSNH_ALL becomes NH_ALL with the guest's VMID 0xdead",
	  { 0x0000dead00000030ULL, 0x1234ULL }, { 0x0000dead00000010ULL, 0 } },
	{ "SID mapping is unaffected: ATC_INV vSID 0x10 still becomes 0x8100",
	  { 0x0000001000005a40ULL, 0x000000004000000cULL },
	  { 0x0000810000005a40ULL, 0x000000004000000cULL } },
};

START_TEST(test_bug_case)
{
	const struct bug_case *c = &bug_cases[(size_t)_i / NMERGED];
	const char *pname = merged[(size_t)_i % NMERGED];
	struct host_policy p = *policy(pname);
	u64 out[2] = { 0, 0 };
	int err;

	p.bugs |= BUG_VIOMMU_VMID_PASSTHROUGH;
	err = viommu_convert_cmd(&p, &vm, c->in, out, NULL);
	ck_assert_msg(err == SN_OK, "%s [%s]: got %s", c->rule, pname, sn_errno_name(err));
	for (int w = 0; w < 2; w++)
		ck_assert_msg(out[w] == c->out[w],
			      "%s [%s] word %d: expected 0x%016llx, got 0x%016llx", c->rule,
			      pname, w, X(c->out[w]), X(out[w]));
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Large arrays: no fixed-size limit in the model; the log bounds and says. */

START_TEST(test_large_array_log_overflow)
{
	const size_t n = 200000;        /* 200000 = 63 * 3174 + 38: 3175 issues */
	u64 (*in)[2] = cmd_array(n, NH_ALL_W0, 0);
	struct viommu_inv_result r;
	struct rec rec;

	rec_init(&rec, 100, 2);
	viommu_invalidate(policy("v7.0"), &vm, (const u64 (*)[2])in, n, &rec.q, &r);
	ck_assert_msg(r.err == SN_OK && r.entry_num == n, "got %s, entry_num %zu",
		      sn_errno_name(r.err), r.entry_num);
	ck_assert_msg(r.issues == 3175 && rec.log.calls == 3175, "issues: got %zu", r.issues);
	ck_assert_msg(rec.log.total_cmds == n, "commands seen: got %zu", rec.log.total_cmds);
	ck_assert_msg(rec.log.overflow, "overflow not reported");
	/* batch 1 (63) fits in 100; batch 2 (63) does not and is not stored */
	ck_assert_msg(rec.log.nbatches == 1 && rec.log.ncmds == 63,
		      "stored: %zu batches, %zu commands", rec.log.nbatches, rec.log.ncmds);
	ck_assert(rec.log.cmds[62][0] == NH_ALL_VM_W0);
	rec_free(&rec);
	free(in);
}
END_TEST

/* No queue: every issue succeeds. */
START_TEST(test_null_queue)
{
	u64 (*in)[2] = cmd_array(64, NH_ALL_W0, 0);
	struct viommu_inv_result r;

	viommu_invalidate(policy("v6.13"), &vm, (const u64 (*)[2])in, 64, NULL, &r);
	ck_assert_msg(r.err == SN_OK && r.entry_num == 64 && r.issues == 2,
		      "got %s, entry_num %zu, issues %zu", sn_errno_name(r.err), r.entry_num,
		      r.issues);
	free(in);
}
END_TEST

/* A vIOMMU without vDEVICEs refuses every SID-carrying command. */
START_TEST(test_no_vdevices)
{
	static const struct viommu bare = { VM_VMID, NULL, 0 };
	u64 in[2] = { 0x0000001000000006ULL, 0 };
	u64 out[2];

	ck_assert(viommu_convert_cmd(policy("v7.0"), &bare, in, out, NULL) == SN_EIO);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *viommu_suite(void)
{
	Suite *s = suite_create("viommu");
	TCase *tc;

	tc = tcase_create("convert");
	tcase_add_loop_test(tc, test_conv_case, 0, (int)(ARRAY_SIZE(conv_cases) * NMERGED));
	tcase_add_loop_test(tc, test_every_opcode, 0, 256);
	tcase_add_test(tc, test_no_vdevices);
	suite_add_tcase(s, tc);

	tc = tcase_create("batch");
	tcase_add_loop_test(tc, test_batch_case, 0, (int)(ARRAY_SIZE(batch_cases) * NMERGED));
	tcase_add_test(tc, test_null_queue);
	tcase_add_test(tc, test_large_array_log_overflow);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_conv_fail_case, 0,
			    (int)(ARRAY_SIZE(conv_fail_cases) * NMERGED));
	tcase_add_loop_test(tc, test_issue_fail_case, 0,
			    (int)(ARRAY_SIZE(issue_fail_cases) * NMERGED));
	tcase_add_test(tc, test_issue_fail_default_errno);
	suite_add_tcase(s, tc);

	tc = tcase_create("policy");
	tcase_add_loop_test(tc, test_support_case, 0, (int)ARRAY_SIZE(support_cases));
	tcase_add_test(tc, test_unknown_policy_row);
	tcase_add_loop_test(tc, test_bug_case, 0, (int)(ARRAY_SIZE(bug_cases) * NMERGED));
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(viommu_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
