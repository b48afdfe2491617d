// SPDX-License-Identifier: MIT
/*
 * The cache area (tlb; vectors/SCHEMA.md "Area tlb"): the loader against
 * fixtures, the runner and its verdict rules per cache mode, the command
 * and entry formats, and the command line (replay, conformance, lint,
 * explain) driven as a user would.
 *
 *   bad-tlb/    one broken file per rejected input, each a line or two
 *               changed from the same base; every row gives the located
 *               message, worked out from the fixture by counting columns.
 *               replay-fail.yaml loads and fails at replay, once per kind
 *               of check.
 *   good-tlb/   nested.yaml: one nested stream and eight vectors whose
 *               expectations are derived by hand in its comments from
 *               IHI0070 and arch.md §4.4 (S2 unmap with the v7.0 host
 *               sequence, the same with no-nh-all, S2_IPA then NH_VA, a CD
 *               change, ATC with and without the full flush, guest NH_VA
 *               through the vIOMMU with and without vmid-passthrough);
 *               stage2.yaml: a stage-2-only stream, a flush-all host change
 *               and an STE change with and without CFGI_ALL.
 *
 * Command words below are encoded by hand from the field positions of
 * IHI0070 chapter 4 (arch.md §4.3, linux.md §1.3).  Paths are relative to
 * the repository root, where make runs the tests.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <smmu-nest/tlbscn.h>
#include "cli_run.h"

#define GOOD "tests/good-tlb/nested.yaml"
#define FAIL "tests/bad-tlb/replay-fail.yaml"
#define S2ONLY "tests/good-tlb/stage2.yaml"

/* CMD_SYNC as Linux builds it: opcode 0x46, CS=SEV (2) at 13:12, MSH=ISH (3)
 * at 23:22, MSIAttr=OIWB (0xf) at 27:24. */
#define SYNC_W0 0x000000000fc02046ULL

/* ------------------------------------------------------------------ */
/* Rejected inputs                                                     */

struct bad_case {
	const char *file;        /* under tests/bad-tlb/ */
	const char *msg;         /* what follows "tests/bad-tlb/<file>:" */
};

static const struct bad_case bad_cases[] = {
	/* Steps: line 28 is the first step, "        - translate: ..." (its keys at column 11). */
	{ "step-unknown-key.yaml",
	  "30:11: unknown key 'colour' in a translate step (expected translate, expect, verdict "
	  "or served)" },
	{ "step-two-actions.yaml",
	  "32:11: key 'guest': a step has exactly one action, and this one already has 'host' "
	  "(line 31, column 11)" },
	{ "step-no-action.yaml",
	  "33:11: a step needs one of the keys translate, write, commands, host or guest" },
	{ "step-unknown-no-action.yaml",
	  "33:11: unknown key 'translat' in a step (expected one of translate, write, commands, "
	  "host or guest, with the keys that action allows)" },
	{ "served-with-fresh.yaml",
	  "30:11: key 'served': allowed only with verdict stale or acceptable (a fresh "
	  "translation is served its expected outcome)" },
	{ "verdict-unknown.yaml",
	  "30:20: key 'verdict': unknown value 'stalest' (expected fresh, stale or acceptable)" },
	{ "txn-kind.yaml",
	  "28:55: key 'kind': unknown value 'atcx' (expected untranslated, ats-request, "
	  "ats-translated or atc)" },
	/* Commands: "        - commands: [{op: " puts the first field at column 23. */
	{ "cmd-bad-op.yaml",
	  "32:24: key 'op': unknown command 'TLBI_EVERYTHING' (expected a name of IHI0070 "
	  "§4.1.1 without CMD_, e.g. TLBI_NH_VA, TLBI_S2_IPA, CFGI_STE, CFGI_CD, ATC_INV or "
	  "SYNC)" },
	{ "cmd-field-not-allowed.yaml",
	  "30:49: key 'asid': CMD_TLBI_S2_IPA has no field 'asid' (its fields: vmid, addr, "
	  "leaf, num, scale, tg and ttl)" },
	{ "cmd-value-too-wide.yaml",
	  "30:46: key 'vmid': 0x10000 does not fit in 16 bits" },
	{ "cmd-addr-does-not-fit.yaml",
	  "30:55: key 'addr': 0x40000800 does not fit the field of CMD_TLBI_S2_IPA (it would "
	  "be sent as 0x40000000)" },
	{ "cmd-unknown-key.yaml",
	  "32:30: unknown key 'colour' in a command (expected op, vmid, asid, addr, leaf, num, "
	  "scale, tg, ttl, sid, ssid, ssv, range, global or size)" },
	{ "cmd-no-op.yaml",
	  "30:22: a command lacks the required key 'op'" },
	{ "cmd-illegal.yaml",
	  "30:22: opcode 0x0f (reserved): the SMMU would stop the command queue with "
	  "CERROR_ILL: reserved opcode (IHI0070 §4.1.1, §4.1.3)" },
	{ "commands-empty.yaml",
	  "30:21: key 'commands': must hold at least one command" },
	{ "settle-without-sync.yaml",
	  "31:19: key 'settle': a commands step settles only when its last command is a SYNC" },
	/* Host and guest steps. */
	{ "during-after-range.yaml",
	  "33:22: key 'after': 5 is beyond the host sequence, which has 4 commands under "
	  "policy v6.13" },
	{ "during-order.yaml",
	  "34:23: key 'after': 1 comes before the previous entry's 2 (list 'during' in the "
	  "order the translations run)" },
	{ "during-after-zero.yaml",
	  "33:23: key 'after': counts commands from 1 (a translation before the sequence is a "
	  "translate step)" },
	{ "host-no-change.yaml",
	  "31:17: a host change lacks the required key 'change'" },
	{ "host-flush-all-extra.yaml",
	  "31:37: unknown key 'size' in a flush-all change (expected change)" },
	{ "host-change-invalid.yaml",
	  "31:17: key 'host': policy v6.13 cannot make this change: range not aligned to the "
	  "page size" },
	{ "host-no-domain.yaml",
	  "30:11: key 'host': a host step needs the input's 'domain' (the host's stage-2 "
	  "domain)" },
	{ "guest-no-viommu.yaml",
	  "31:11: key 'guest': a guest step needs the input's 'viommu'" },
	{ "guest-error-unknown.yaml",
	  "33:18: key 'error': unknown errno 'EWHAT' (expected EIO, EINVAL, EOPNOTSUPP, EBUSY "
	  "or ENOENT)" },
	{ "domain-page-shift.yaml",
	  "25:37: key 'page-shift': must be 12, 14 or 16 (4 KB, 16 KB or 64 KB pages), not 13" },
	{ "write-past-cap.yaml",
	  "31:19: writing PA 0x900000 passes the memory cap of 4 pages" },
	{ "write-misaligned.yaml",
	  "30:26: key 'addr': 0x104004 is not aligned to 0x8" },
	/* Vector, input and header. */
	{ "bug-unknown.yaml",
	  "9:10: key 'bug': unknown bug 'everything' (expected no-nh-all, no-atc-full, "
	  "no-sync-before-nh-all, partial-range or vmid-passthrough)" },
	{ "bug-unused.yaml",
	  "9:10: key 'bug': 'no-nh-all' changes the host's stage-2 sequence, but the vector has "
	  "no host step" },
	{ "vector-expect.yaml",
	  "9:5: key 'expect': a tlb vector has no vector-level expectation (each translate "
	  "step carries its own 'expect')" },
	{ "vector-expect-by-policy.yaml",
	  "9:5: key 'expect-by-policy': a tlb vector has no vector-level expectation (each "
	  "translate step carries its own 'expect')" },
	{ "policy-without-viommu.yaml",
	  "9:22: key 'policies': policy 'seed-v2' has no vIOMMU invalidation path, which the "
	  "guest step at line 33 needs" },
	{ "policies-none-left.yaml",
	  "7:5: vector 'bad.tlb' has a guest step, but none of its policies has a vIOMMU "
	  "invalidation path" },
	{ "input-transactions.yaml",
	  "27:7: key 'transactions': a tlb vector's input has 'steps' instead (each translate "
	  "step is a transaction)" },
	{ "defaults-domain.yaml",
	  "5:12: unknown key 'domain' in the header's defaults (expected smmu, memory, tables, "
	  "stream-table or cds)" },
};

#define N_BAD_CASES (int)(sizeof(bad_cases) / sizeof(bad_cases[0]))

START_TEST(bad_input)
{
	const struct bad_case *bc = &bad_cases[_i];
	char path[256], want[768];
	struct sn_vector_file f;
	struct sn_error err = { "" };

	snprintf(path, sizeof(path), "tests/bad-tlb/%s", bc->file);
	snprintf(want, sizeof(want), "%s:%s", path, bc->msg);
	ck_assert_msg(sn_vector_file_load(path, &f, &err) == -1, "%s: loaded", path);
	ck_assert_ptr_null(f.vectors);
	ck_assert_msg(strcmp(err.msg, want) == 0, "%s:\n  got      '%s'\n  expected '%s'", path,
		      err.msg, want);
	sn_vector_file_free(&f);
}
END_TEST

/* The same through the command line: nothing on stdout, the message on stderr, status 2. */
START_TEST(bad_input_cli)
{
	const struct bad_case *bc = &bad_cases[_i];
	char path[256], want[800];
	struct cli_run run;

	snprintf(path, sizeof(path), "tests/bad-tlb/%s", bc->file);
	snprintf(want, sizeof(want), "%s:%s\n", path, bc->msg);
	CLI_RUN(&run, "replay", path);
	ck_assert_int_eq(run.status, 2);
	ck_assert_str_eq(run.out, "");
	ck_assert_str_eq(run.err, want);
	CLI_RUN(&run, "lint", path);
	ck_assert_int_eq(run.status, 2);
	ck_assert_ptr_nonnull(strstr(run.out, want));
}
END_TEST

/* Every prefix of the good file loads or fails with a located message, never crashes or leaks. */
START_TEST(truncated_inputs)
{
	char path[] = "/tmp/sn-tlb-cut-XXXXXX";
	static char text[32768];
	size_t len;
	FILE *src = fopen(GOOD, "rb");
	int fd = mkstemp(path);

	ck_assert_ptr_nonnull(src);
	ck_assert_int_ge(fd, 0);
	len = fread(text, 1, sizeof(text), src);
	fclose(src);
	close(fd);
	ck_assert_uint_lt(len, sizeof(text));
	/* every 23rd cut: the sweep is quadratic and runs under valgrind too */
	for (size_t cut = 0; cut <= len; cut += (cut % 23 == 0 && cut + 23 <= len) ? 23 : 1) {
		struct sn_vector_file vf;
		struct sn_error err;
		FILE *f = fopen(path, "wb");

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(text, 1, cut, f), cut);
		fclose(f);
		if (sn_vector_file_load(path, &vf, &err) != 0)
			ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0 &&
				      err.msg[strlen(path)] == ':',
				      "cut at %zu: unlocated message '%s'", cut, err.msg);
		sn_vector_file_free(&vf);
	}
	unlink(path);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The good file, as loaded                                            */

static void load(const char *path, struct sn_vector_file *f)
{
	struct sn_error err;

	ck_assert_msg(sn_vector_file_load(path, f, &err) == 0, "%s", err.msg);
}

static const struct sn_vector *vec(const struct sn_vector_file *f, const char *id)
{
	for (unsigned i = 0; i < f->n_vectors; i++)
		if (strcmp(f->vectors[i].id, id) == 0)
			return &f->vectors[i];
	ck_abort_msg("no vector %s", id);
	return NULL;
}

static unsigned policy_bit(const char *name)
{
	for (unsigned i = 0; i < host_policy_count; i++)
		if (strcmp(host_policies[i]->name, name) == 0)
			return 1u << i;
	ck_abort_msg("no policy %s", name);
	return 0;
}

static void assert_words(const u64 w[2], u64 w0, u64 w1)
{
	ck_assert_msg(w[0] == w0 && w[1] == w1, "command 0x%016llx 0x%016llx, expected 0x%016llx "
		      "0x%016llx", (unsigned long long)w[0], (unsigned long long)w[1],
		      (unsigned long long)w0, (unsigned long long)w1);
}

START_TEST(good_header_and_policies)
{
	struct sn_vector_file f;
	const unsigned all = policy_bit("seed-v2") | policy_bit("v6.13") | policy_bit("v6.15") |
			     policy_bit("v7.0");
	const unsigned merged = all & ~policy_bit("seed-v2");

	load(GOOD, &f);
	ck_assert_str_eq(f.area, "tlb");
	ck_assert(!f.arch);
	ck_assert_uint_eq(f.n_vectors, 8);
	ck_assert_str_eq(f.default_policy->name, "v7.0");
	/* default: every policy of the file */
	ck_assert_uint_eq(vec(&f, "tlb.good.s2-unmap-v70")->policy_mask, all);
	/* its own list */
	ck_assert_uint_eq(vec(&f, "tlb.good.atc-full-flush")->policy_mask, merged);
	/* a guest step and no list: seed-v2 left out (no vIOMMU path) */
	ck_assert_uint_eq(vec(&f, "tlb.good.guest-nh-va")->policy_mask, merged);
	ck_assert_ptr_null(sn_tlbscn_of(vec(&f, "tlb.good.s2-unmap-v70"))->bug_name);
	ck_assert_uint_eq(sn_tlbscn_of(vec(&f, "tlb.good.s2-unmap-no-nh-all"))->bug,
			  BUG_S2INV_NO_NH_ALL);
	ck_assert_str_eq(sn_tlbscn_of(vec(&f, "tlb.good.guest-vmid-passthrough"))->bug_name,
			 "vmid-passthrough");
	sn_vector_file_free(&f);
}
END_TEST

START_TEST(good_steps)
{
	struct sn_vector_file f;
	const struct sn_tlbscn *t;
	const struct sn_tlb_step *st;

	load(GOOD, &f);
	t = sn_tlbscn_of(vec(&f, "tlb.good.s2-unmap-v70"));
	ck_assert_uint_eq(t->n_steps, 5);
	ck_assert(t->domain.present && !t->viommu.present && t->has_host && !t->has_guest);
	ck_assert_uint_eq(t->domain.vmid, 1);
	ck_assert_uint_eq(t->domain.page_shift, 12);
	ck_assert(t->domain.nest_parent);
	/* the defaults' scenario: the stream table and two tables */
	ck_assert_uint_eq(t->scn.n_tables, 2);
	ck_assert_uint_eq(t->scn.strtab.base, 0x10000);
	st = &t->steps[0];
	ck_assert_int_eq(st->kind, SN_TLB_TRANSLATE);
	ck_assert_uint_eq(st->loc.line, 104);
	ck_assert_uint_eq(st->x.t.sid, 3);
	ck_assert_uint_eq(st->x.t.addr, 0x1234);
	ck_assert_int_eq(st->x.verdict, SN_VERDICT_FRESH);
	ck_assert(!st->x.has_served);
	st = &t->steps[1];
	ck_assert_int_eq(st->kind, SN_TLB_WRITE);
	ck_assert_uint_eq(st->n_writes, 1);
	ck_assert_uint_eq(st->writes[0].addr, 0x105000);
	ck_assert_uint_eq(st->writes[0].words[0], 0);
	st = &t->steps[2];
	ck_assert_int_eq(st->x.verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert(st->x.has_served);
	ck_assert_uint_eq(st->x.served.pa, 0x300234);
	st = &t->steps[3];
	ck_assert_int_eq(st->kind, SN_TLB_HOST);
	ck_assert_int_eq(st->change.kind, S2INV_RANGE);
	ck_assert_uint_eq(st->change.iova, 0x40000000);
	ck_assert_uint_eq(st->change.size, 0x1000);
	ck_assert_uint_eq(st->change.granule, 0x1000);      /* the domain's page size */
	ck_assert(st->change.leaf);
	ck_assert_uint_eq(st->n_during, 3);
	ck_assert_uint_eq(st->during[2].after, 3);
	ck_assert_int_eq(st->during[2].x.verdict, SN_VERDICT_FRESH);

	/* commands by op and by raw words */
	t = sn_tlbscn_of(vec(&f, "tlb.good.s2-ipa-then-nh-va"));
	st = &t->steps[2];
	ck_assert_int_eq(st->kind, SN_TLB_COMMANDS);
	ck_assert(st->settle);                  /* ends with a SYNC */
	/* TLBI_S2_IPA 0x2a, VMID 1 at 47:32; IPA at 55:12, Leaf bit 0 */
	assert_words(st->cmds[0].w, 0x000000010000002aULL, 0x40000001);
	assert_words(st->cmds[1].w, 0x46, 0);
	st = &t->steps[4];
	/* TLBI_NH_VA 0x12, VMID 1 at 47:32, ASID 3 at 63:48; VA 0x1000, Leaf */
	assert_words(st->cmds[0].w, 0x0003000100000012ULL, 0x1001);
	assert_words(st->cmds[1].w, SYNC_W0, 0);

	t = sn_tlbscn_of(vec(&f, "tlb.good.cd-change"));
	ck_assert(!t->steps[2].settle);         /* settle: false */
	ck_assert(t->steps[4].settle);
	/* CFGI_CD 0x05, SID 3 at 63:32, SSID 0 at 31:12; Leaf bit 0 of word 1 */
	assert_words(t->steps[6].cmds[0].w, 0x0000000300000005ULL, 1);

	t = sn_tlbscn_of(vec(&f, "tlb.good.atc-full-flush"));
	ck_assert_uint_eq(t->domain.n_masters, 1);
	ck_assert(t->domain.masters[0].ats && t->domain.masters[0].nested);
	ck_assert(t->domain.masters[0].nested_ats_flush);  /* default: ats and nested */
	ck_assert(t->steps[0].x.device_atc);
	ck_assert_int_eq(t->steps[0].x.t.kind, SN_TXN_ATS_REQUEST);

	t = sn_tlbscn_of(vec(&f, "tlb.good.guest-nh-va"));
	ck_assert(t->viommu.present);
	ck_assert_uint_eq(t->viommu.vmid, 1);
	ck_assert_uint_eq(t->viommu.n_vdevs, 1);
	ck_assert_uint_eq(t->viommu.vdevs[0].vsid, 0x10);
	ck_assert_uint_eq(t->viommu.vdevs[0].psid, 3);
	ck_assert_int_eq(t->steps[3].kind, SN_TLB_GUEST);
	ck_assert_int_eq(t->steps[3].error, SN_OK);
	ck_assert_int_eq(t->steps[5].error, SN_EIO);
	/* the guest's NH_VA keeps its own VMID 0 until the vIOMMU converts it */
	assert_words(t->steps[3].cmds[0].w, 0x0003000000000012ULL, 0x1001);
	sn_vector_file_free(&f);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Running                                                             */

#define REC_MAX 16

struct rec {
	unsigned n;
	unsigned step[REC_MAX];
	int during[REC_MAX];
	struct sn_judgement j[REC_MAX];
	unsigned n_cmds;
	unsigned cmd_step[64];
	u64 cmds[64][2];
	unsigned n_fails;
	unsigned fail_step[8], fail_line[8];
	char fails[8][640];
	int guest_err;
	unsigned n_settled;
};

static void rec_translate(void *ctx, unsigned step, int during, const struct sn_tlb_xlate *x,
			  const struct sn_judgement *j)
{
	struct rec *r = ctx;

	(void)x;
	ck_assert_uint_lt(r->n, REC_MAX);
	r->step[r->n] = step;
	r->during[r->n] = during;
	r->j[r->n++] = *j;
}

static void rec_command(void *ctx, unsigned step, unsigned n, const u64 cmd[2],
			enum tlb_queue_result q)
{
	struct rec *r = ctx;

	(void)n;
	(void)q;
	ck_assert_uint_lt(r->n_cmds, 64);
	r->cmd_step[r->n_cmds] = step;
	r->cmds[r->n_cmds][0] = cmd[0];
	r->cmds[r->n_cmds++][1] = cmd[1];
}

static void rec_failure(void *ctx, unsigned step, int during, const struct sn_loc *at,
			const char *why)
{
	struct rec *r = ctx;

	(void)during;
	ck_assert_uint_lt(r->n_fails, 8);
	r->fail_step[r->n_fails] = step;
	r->fail_line[r->n_fails] = at->line;
	snprintf(r->fails[r->n_fails++], sizeof(r->fails[0]), "%s", why);
}

static void rec_guest(void *ctx, unsigned step, const struct viommu_inv_result *res)
{
	struct rec *r = ctx;

	(void)step;
	r->guest_err = res->err;
}

static void rec_step_end(void *ctx, unsigned step, u64 clock, bool settled)
{
	struct rec *r = ctx;

	(void)step;
	(void)clock;
	r->n_settled += settled;
}

/* Run vector @id of @path under @policy and @mode; the records in a fresh struct rec. */
static struct rec *run(const char *path, const char *id, const char *policy, const char *mode,
		       int *rc)
{
	struct rec *r = calloc(1, sizeof(*r));
	const struct sn_tlb_obs obs = {
		.ctx = r, .translate = rec_translate, .command = rec_command,
		.failure = rec_failure, .guest = rec_guest, .step_end = rec_step_end,
	};
	struct sn_vector_file f;
	struct tlb_policy m;
	struct sn_error err;

	ck_assert_ptr_nonnull(r);
	ck_assert(tlb_policy_parse(mode, &m));
	load(path, &f);
	*rc = sn_tlb_run(sn_tlbscn_of(vec(&f, id)), host_policy_find(policy), &m, &obs, &err);
	ck_assert_msg(*rc >= 0, "%s", err.msg);
	sn_vector_file_free(&f);
	return r;
}

/* The judgement of step @step (during @during, or -1). */
static const struct sn_judgement *judged(const struct rec *r, unsigned step, int during)
{
	for (unsigned i = 0; i < r->n; i++)
		if (r->step[i] == step && r->during[i] == during)
			return &r->j[i];
	ck_abort_msg("step %u during %d was not judged", step, during);
	return NULL;
}

static void assert_cmd(const u64 w[2], u8 op, u16 vmid, u16 asid, u64 addr, bool leaf)
{
	struct sn_cmd c;

	sn_cmd_decode(w, &c);
	ck_assert_msg(c.op == op, "opcode 0x%02x, expected 0x%02x", c.op, op);
	ck_assert_uint_eq(c.vmid, vmid);
	ck_assert_uint_eq(c.asid, asid);
	ck_assert_uint_eq(c.addr, addr);
	ck_assert_int_eq(c.leaf, leaf);
}

/*
 * A nested S2 unmap and the v7.0 host sequence under max: ACCEPTABLE while
 * the update is in progress, FRESH once NH_ALL has gone, FRESH after.
 */
START_TEST(run_v70_max)
{
	int rc;
	struct rec *r = run(GOOD, "tlb.good.s2-unmap-v70", "v7.0", "max", &rc);
	const struct sn_judgement *j;

	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(r->n, 6);
	j = judged(r, 0, -1);
	ck_assert_int_eq(j->verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(j->fresh.pa, 0x300234);
	ck_assert_uint_eq(j->txn, 1);
	/* between the write and any settle point: ACCEPTABLE, the combined entry */
	j = judged(r, 2, -1);
	ck_assert_int_eq(j->verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert_uint_eq(j->served.pa, 0x300234);
	ck_assert_int_eq(j->fresh.disp, SN_XLATE_ABORT);
	ck_assert_uint_eq(j->settled_at, 0);
	ck_assert_uint_eq(j->n_culprits, 1);
	ck_assert_int_eq(j->culprits[0].entry.kind, TLB_NESTED);
	ck_assert_uint_eq(j->culprits[0].pa, 0x105000);
	ck_assert_uint_eq(j->culprits[0].was, 0x3007ff);
	ck_assert_uint_eq(j->culprits[0].now, 0);
	ck_assert_uint_eq(j->culprits[0].entry.origin, 1);   /* built by step 0's translation */
	ck_assert_int_eq(judged(r, 3, 0)->verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert_int_eq(judged(r, 3, 1)->verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert_int_eq(judged(r, 3, 2)->verdict, SN_VERDICT_FRESH);
	ck_assert_int_eq(judged(r, 4, -1)->verdict, SN_VERDICT_FRESH);
	ck_assert_uint_ne(judged(r, 4, -1)->settled_at, 0);
	/* the queue: S2_IPA (RIL: TG 1 at 11:10, TTL 3 at 9:8, NUM = SCALE = 0), SYNC,
	 * NH_ALL of VMID 1, SYNC */
	ck_assert_uint_eq(r->n_cmds, 4);
	assert_words(r->cmds[0], 0x000000010000002aULL, 0x40000701);
	assert_words(r->cmds[1], SYNC_W0, 0);
	assert_words(r->cmds[2], 0x0000000100000010ULL, 0);
	assert_words(r->cmds[3], SYNC_W0, 0);
	ck_assert_uint_eq(r->n_settled, 1);
	free(r);
}
END_TEST

/* no-nh-all: STALE, the culprit a combined entry whose remover is TLBI_NH_VA. */
START_TEST(run_no_nh_all_max)
{
	int rc;
	struct rec *r = run(GOOD, "tlb.good.s2-unmap-no-nh-all", "v6.15", "max", &rc);
	const struct sn_judgement *j = judged(r, 3, -1);

	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(r->n_cmds, 2);
	ck_assert_uint_eq(sn_field_get(CMD_DW0_OP, r->cmds[0][0]), CMD_TLBI_S2_IPA);
	assert_words(r->cmds[1], SYNC_W0, 0);
	ck_assert_int_eq(judged(r, 2, 0)->verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert_int_eq(j->verdict, SN_VERDICT_STALE);
	ck_assert_uint_eq(j->served.pa, 0x300234);
	ck_assert_uint_eq(j->n_culprits, 1);
	ck_assert_int_eq(j->culprits[0].entry.kind, TLB_NESTED);
	ck_assert_uint_eq(j->culprits[0].entry.vmid, 1);
	ck_assert_uint_eq(j->culprits[0].entry.asid, 3);
	ck_assert(!j->culprits[0].entry.global);
	ck_assert(j->culprits[0].written_at < j->settled_at);
	ck_assert(j->culprits[0].has_remover);
	assert_cmd(j->culprits[0].remover, CMD_TLBI_NH_VA, 1, 3, 0x1000, true);
	free(r);
}
END_TEST

/* The verdict rules per cache mode on the same vector. */
START_TEST(run_modes)
{
	int rc;
	struct rec *r = run(GOOD, "tlb.good.s2-unmap-no-nh-all", "v7.0", "none", &rc);

	/* none: nothing cached, every translation FRESH */
	ck_assert_int_eq(rc, 0);
	for (unsigned i = 0; i < r->n; i++) {
		ck_assert_int_eq(r->j[i].verdict, SN_VERDICT_FRESH);
		ck_assert_uint_eq(r->j[i].n_used, 0);
	}
	free(r);
	/* lru:4: one combined entry is kept, as under max */
	r = run(GOOD, "tlb.good.s2-unmap-no-nh-all", "v7.0", "lru:4", &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(judged(r, 3, -1)->verdict, SN_VERDICT_STALE);
	free(r);
	/* lru:4 lets a pending NH_ALL wait for its SYNC: ACCEPTABLE where max says FRESH */
	r = run(GOOD, "tlb.good.s2-unmap-v70", "v7.0", "lru:4", &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(judged(r, 3, 2)->verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert_uint_eq(r->n_fails, 0);
	free(r);
}
END_TEST

/* S2_IPA alone leaves the combined entry (§4.4.3.1); NH_VA removes it. */
START_TEST(run_s2_ipa_then_nh_va)
{
	int rc;
	struct rec *r = run(GOOD, "tlb.good.s2-ipa-then-nh-va", "seed-v2", "max", &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(judged(r, 3, -1)->verdict, SN_VERDICT_STALE);
	ck_assert_int_eq(judged(r, 3, -1)->culprits[0].entry.kind, TLB_NESTED);
	ck_assert_int_eq(judged(r, 5, -1)->verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(r->n_settled, 2);
	free(r);
}
END_TEST

/* A CD change: ACCEPTABLE before a settle, STALE after one without CFGI_CD, FRESH with it. */
START_TEST(run_cd_change)
{
	int rc;
	struct rec *r = run(GOOD, "tlb.good.cd-change", "v7.0", "max", &rc);
	const struct sn_judgement *j = judged(r, 5, -1);
	bool cd = false;

	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(judged(r, 3, -1)->verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert_int_eq(j->verdict, SN_VERDICT_STALE);
	ck_assert_int_eq(j->fresh.event.type, EVT_C_BAD_CD);
	for (unsigned i = 0; i < j->n_culprits; i++) {
		struct sn_cmd c;

		if (j->culprits[i].entry.kind != TLB_CD)
			continue;
		cd = true;
		ck_assert_uint_eq(j->culprits[i].pa, 0x200000);
		ck_assert(j->culprits[i].has_remover);
		sn_cmd_decode(j->culprits[i].remover, &c);
		ck_assert_uint_eq(c.op, CMD_CFGI_CD);
		ck_assert_uint_eq(c.sid, 3);
		ck_assert_uint_eq(c.ssid, 0);
	}
	ck_assert(cd);
	ck_assert_int_eq(judged(r, 7, -1)->verdict, SN_VERDICT_FRESH);
	ck_assert_int_eq(judged(r, 7, -1)->served.event.type, EVT_C_BAD_CD);
	free(r);
}
END_TEST

/* ATS: the full ATC flush of a nested master, and the ranged one that misses. */
START_TEST(run_atc)
{
	int rc;
	struct rec *r = run(GOOD, "tlb.good.atc-full-flush", "v7.0", "max", &rc);
	const struct sn_judgement *j;
	struct sn_cmd c;

	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(r->n_cmds, 6);
	/* ATC_INV 0x40, SID 3 at 63:32; Size 52 (everything) at 5:0 */
	assert_words(r->cmds[4], 0x0000000300000040ULL, 52);
	j = judged(r, 2, 0);
	ck_assert(j->from_atc);
	ck_assert_int_eq(j->verdict, SN_VERDICT_ACCEPTABLE);
	j = judged(r, 3, -1);
	ck_assert(!j->from_atc);
	ck_assert_int_eq(j->verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(j->served.ats_grant, 0);
	free(r);

	r = run(GOOD, "tlb.good.atc-no-full-flush", "v6.13", "max", &rc);
	ck_assert_int_eq(rc, 0);
	/* ranged: Address 0x40000000, Size 0 */
	assert_words(r->cmds[4], 0x0000000300000040ULL, 0x40000000);
	j = judged(r, 3, -1);
	ck_assert(j->from_atc);
	ck_assert_int_eq(j->verdict, SN_VERDICT_STALE);
	ck_assert_uint_eq(j->n_culprits, 1);
	ck_assert_int_eq(j->culprits[0].entry.kind, TLB_ATC);
	sn_cmd_decode(j->culprits[0].remover, &c);
	ck_assert_uint_eq(c.op, CMD_ATC_INV);
	ck_assert_uint_eq(c.sid, 3);
	ck_assert_uint_eq(c.addr, 0x1000);
	ck_assert_uint_eq(c.size, 0);
	free(r);
}
END_TEST

/* The vIOMMU path: the VMID forced to the VM's, or (bug) not. */
START_TEST(run_guest)
{
	int rc;
	struct rec *r = run(GOOD, "tlb.good.guest-nh-va", "v6.13", "max", &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(r->n_cmds, 2);            /* step 5 issues nothing: EIO */
	ck_assert_uint_eq(r->cmd_step[0], 3);
	assert_words(r->cmds[0], 0x0003000100000012ULL, 0x1001);
	assert_words(r->cmds[1], SYNC_W0, 0);
	ck_assert_int_eq(r->guest_err, SN_EIO);
	ck_assert_int_eq(judged(r, 2, -1)->verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert_int_eq(judged(r, 4, -1)->verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(judged(r, 4, -1)->served.pa, 0x301234);
	ck_assert_uint_eq(r->n_settled, 2);
	free(r);

	r = run(GOOD, "tlb.good.guest-vmid-passthrough", "v7.0", "max", &rc);
	ck_assert_int_eq(rc, 0);
	assert_words(r->cmds[0], 0x0003000000000012ULL, 0x1001);
	ck_assert_int_eq(judged(r, 3, -1)->verdict, SN_VERDICT_STALE);
	assert_cmd(judged(r, 3, -1)->culprits[0].remover, CMD_TLBI_NH_VA, 1, 3, 0x1000, true);
	free(r);
}
END_TEST

/* Stage 2 only: flush-all (S12_VMALL stays pending under max), and an STE change. */
START_TEST(run_stage2_only)
{
	int rc;
	struct rec *r = run(S2ONLY, "tlb.good.s2-only.flush-all", "seed-v2", "max", &rc);
	const struct sn_judgement *j;
	struct sn_cmd c;

	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(r->n_cmds, 2);
	/* TLBI_S12_VMALL 0x28, VMID 1 at 47:32 */
	assert_words(r->cmds[0], 0x0000000100000028ULL, 0);
	assert_words(r->cmds[1], SYNC_W0, 0);
	ck_assert_int_eq(judged(r, 2, 0)->verdict, SN_VERDICT_ACCEPTABLE);
	ck_assert_int_eq(judged(r, 2, 0)->culprits[0].entry.kind, TLB_S2);
	ck_assert_int_eq(judged(r, 3, -1)->verdict, SN_VERDICT_FRESH);
	ck_assert_uint_eq(judged(r, 3, -1)->served.pa, 0x301010);
	free(r);

	r = run(S2ONLY, "tlb.good.s2-only.ste-change", "v7.0", "max", &rc);
	ck_assert_int_eq(rc, 0);
	/* CFGI_ALL: CFGI_STE_RANGE 0x04, Range 31 at 4:0 of word 1 */
	assert_words(r->cmds[1], 0x04, 31);
	j = judged(r, 3, -1);
	ck_assert_int_eq(j->verdict, SN_VERDICT_STALE);
	ck_assert_int_eq(j->culprits[0].entry.kind, TLB_STE);
	ck_assert_uint_eq(j->culprits[0].pa, 0x100c0);
	sn_cmd_decode(j->culprits[0].remover, &c);
	ck_assert_uint_eq(c.op, CMD_CFGI_STE);
	ck_assert_uint_eq(c.sid, 3);
	ck_assert(c.leaf);
	ck_assert_int_eq(judged(r, 5, -1)->verdict, SN_VERDICT_FRESH);
	ck_assert_int_eq(judged(r, 5, -1)->fresh.event.type, EVT_C_BAD_STE);
	free(r);
}
END_TEST

/* Each kind of failed check, at its step's line. */
START_TEST(run_failures)
{
	int rc;
	struct rec *r = run(FAIL, "fail.tlb", "v7.0", "max", &rc);

	ck_assert_int_eq(rc, 4);
	ck_assert_uint_eq(r->n_fails, 4);
	ck_assert_uint_eq(r->fail_step[0], 0);
	ck_assert_uint_eq(r->fail_line[0], 34);
	ck_assert_str_eq(r->fails[0], "pa: expected 0x300008, got 0x300000");
	ck_assert_uint_eq(r->fail_line[1], 39);
	ck_assert_str_eq(r->fails[1], "served: pa: expected 0x300008, got 0x300000");
	ck_assert_uint_eq(r->fail_line[2], 45);
	ck_assert_str_eq(r->fails[2], "verdict: expected STALE, got FRESH");
	ck_assert_uint_eq(r->fail_step[3], 5);
	ck_assert_str_eq(r->fails[3], "error: expected EIO, got none (1 commands in 1 batches)");
	free(r);
	/* none: the served outcome and the verdict are not max's to check */
	r = run(FAIL, "fail.tlb", "v7.0", "none", &rc);
	ck_assert_int_eq(rc, 2);
	free(r);
}
END_TEST

/* A run that cannot go on (the loader stops these; the runner says where too). */
START_TEST(run_cannot_proceed)
{
	struct sn_vector_file f;
	struct sn_tlbscn *t;
	struct tlb_policy m = { TLB_POLICY_MAX, 0 };
	struct sn_error err;

	load(GOOD, &f);
	t = (struct sn_tlbscn *)(void *)vec(&f, "tlb.good.s2-unmap-v70")->scn;
	t->steps[3].during[2].after = 9;
	ck_assert_int_eq(sn_tlb_run(t, host_policy_find("v7.0"), &m, NULL, &err), -1);
	ck_assert_str_eq(err.msg, GOOD ":126:22: key 'after': 9 is beyond the host sequence, "
			 "which has 4 commands under policy v7.0");
	sn_vector_file_free(&f);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Names and formats                                                   */

START_TEST(formats)
{
	const u64 s2ipa[2] = { 0x000000010000002aULL, 0x40000701 };
	const u64 sync[2] = { SYNC_W0, 0 };
	const u64 all[2] = { 0x04, 31 };
	const u64 atc[2] = { (3ULL << 32) | (5ULL << 12) | (1ULL << 11) | (1ULL << 9) | 0x40, 0x1000 };
	struct tlb_entry e = {
		.kind = TLB_NESTED, .strw = TLB_STRW_NS_EL1, .vmid = 1, .asid = 3, .ia = 0x1000,
		.size_shift = 12, .level = 3, .s1_size_shift = 21, .oa = 0x300000,
	};
	struct tlb_policy m;
	char buf[256];
	unsigned bug;
	bool host;

	sn_tlb_cmd_format(s2ipa, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CMD_TLBI_S2_IPA vmid=1 addr=0x40000000 leaf=1 tg=1 ttl=3");
	sn_tlb_cmd_format(sync, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CMD_SYNC cs=SEV");
	sn_tlb_cmd_format(all, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CMD_CFGI_STE_RANGE sid=0 range=31 (CFGI_ALL)");
	/* ATC_INV with SSV (bit 11), SSID 5 and Global (bit 9) */
	sn_tlb_cmd_format(atc, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CMD_ATC_INV sid=3 ssv=1 ssid=5 global=1 addr=0x1000 size=0");
	sn_tlb_entry_format(&e, buf, sizeof(buf));
	ck_assert_str_eq(buf, "NESTED NS-EL1 vmid=1 asid=3 va=0x1000 size=0x1000 level=3 "
			 "s1-size=0x200000 -> 0x300000");
	e = (struct tlb_entry){ .kind = TLB_ATC, .sid = 3, .ssv = true, .ssid = 2, .ia = 0x5000,
				.size_shift = 12, .oa = 0x9000 };
	sn_tlb_entry_format(&e, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ATC sid=3 ssid=2 addr=0x5000 size=0x1000 -> 0x9000");
	e = (struct tlb_entry){ .kind = TLB_S2, .vmid = 7, .ia = 0x40000000, .size_shift = 21,
				.level = 2, .oa = 0x800000 };
	sn_tlb_entry_format(&e, buf, sizeof(buf));
	ck_assert_str_eq(buf, "S2 vmid=7 ipa=0x40000000 size=0x200000 level=2 -> 0x800000");

	ck_assert(tlb_policy_parse("lru:7", &m));
	sn_tlb_mode_format(&m, buf, sizeof(buf));
	ck_assert_str_eq(buf, "lru:7");
	ck_assert_str_eq(sn_tlb_modes[0], "none");
	ck_assert_str_eq(sn_tlb_modes[1], "max");
	ck_assert_str_eq(sn_tlb_modes[2], "lru:4");

	ck_assert(sn_tlb_bug_parse("partial-range", &bug, &host));
	ck_assert_uint_eq(bug, BUG_S2INV_PARTIAL_RANGE);
	ck_assert(host);
	ck_assert(sn_tlb_bug_parse("vmid-passthrough", &bug, &host));
	ck_assert(!host);
	ck_assert_str_eq(sn_tlb_bug_name(BUG_S2INV_NO_SYNC_BEFORE_NH_ALL), "no-sync-before-nh-all");
	ck_assert(!sn_tlb_bug_parse("no-such-bug", &bug, &host));
	ck_assert_ptr_null(sn_tlb_bug_name(BUG_EATS_NOT_STRIPPED));
}
END_TEST

/* Which fields each opcode has (IHI0070 chapter 4), as the loader asks the encoder. */
START_TEST(command_fields)
{
	ck_assert(sn_tlb_cmd_has_field(CMD_TLBI_NH_VA, SN_CF_ASID));
	ck_assert(!sn_tlb_cmd_has_field(CMD_TLBI_NH_VAA, SN_CF_ASID));
	ck_assert(sn_tlb_cmd_has_field(CMD_TLBI_NH_VAA, SN_CF_VMID));
	ck_assert(!sn_tlb_cmd_has_field(CMD_TLBI_EL2_ALL, SN_CF_VMID));
	ck_assert(!sn_tlb_cmd_has_field(CMD_TLBI_S2_IPA, SN_CF_ASID));
	ck_assert(sn_tlb_cmd_has_field(CMD_TLBI_S2_IPA, SN_CF_TTL));
	ck_assert(sn_tlb_cmd_has_field(CMD_CFGI_CD, SN_CF_SSID));
	ck_assert(!sn_tlb_cmd_has_field(CMD_CFGI_CD, SN_CF_SSV));
	ck_assert(sn_tlb_cmd_has_field(CMD_CFGI_STE, SN_CF_LEAF));
	ck_assert(!sn_tlb_cmd_has_field(CMD_CFGI_STE_RANGE, SN_CF_LEAF));
	ck_assert(sn_tlb_cmd_has_field(CMD_CFGI_STE_RANGE, SN_CF_RANGE));
	ck_assert(sn_tlb_cmd_has_field(CMD_ATC_INV, SN_CF_GLOBAL));
	ck_assert(sn_tlb_cmd_has_field(CMD_ATC_INV, SN_CF_SIZE));
	ck_assert(!sn_tlb_cmd_has_field(CMD_ATC_INV, SN_CF_LEAF));
	for (unsigned f = 0; f < SN_CF_COUNT; f++)
		ck_assert(!sn_tlb_cmd_has_field(CMD_SYNC, f));
	ck_assert_uint_eq(sn_tlb_cmd_field_bits(SN_CF_SSID), 20);
	ck_assert(sn_tlb_cmd_field_is_bool(SN_CF_LEAF));
	ck_assert(!sn_tlb_cmd_field_is_bool(SN_CF_SIZE));
}
END_TEST

/* ------------------------------------------------------------------ */
/* The command line                                                    */

/* @hay contains @needle as a whole line. */
static bool has_line(const char *hay, const char *needle)
{
	size_t len = strlen(needle);

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		if ((p == hay || p[-1] == '\n') && (p[len] == '\n' || p[len] == '\0'))
			return true;
	return false;
}

#define ASSERT_LINE(out, line) \
	ck_assert_msg(has_line((out), (line)), "missing line '%s' in:\n%s", (line), (out))

/*
 * One result per vector, policy and cache mode.  nested.yaml: 4 vectors
 * under the 4 policies and 4 under the 3 merged ones, so 28 per mode;
 * stage2.yaml: 2 vectors under 4 policies, 8 per mode.
 */
START_TEST(cli_replay)
{
	struct cli_run run;

	CLI_RUN(&run, "replay", "tests/good-tlb");
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out, "108 passed, 0 failed\n");
	CLI_RUN(&run, "replay", "--cache=max", "tests/good-tlb");
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out, "36 passed, 0 failed\n");
	CLI_RUN(&run, "replay", "--cache=lru:1", "--policy=v7.0", "tests/good-tlb");
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out, "10 passed, 0 failed\n");
	CLI_RUN(&run, "replay", "--policy=seed-v2", GOOD);
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out, "12 passed, 0 failed\n");
}
END_TEST

START_TEST(cli_replay_failures)
{
	struct cli_run run;

	CLI_RUN(&run, "replay", FAIL);
	ck_assert_int_eq(run.status, 1);
	ck_assert_str_eq(run.out,
		FAIL ":34: fail.tlb [step 0] (v7.0, none): pa: expected 0x300008, got 0x300000\n"
		FAIL ":50: fail.tlb [step 5] (v7.0, none): error: expected EIO, got none (1 "
		"commands in 1 batches)\n"
		FAIL ":34: fail.tlb [step 0] (v7.0, max): pa: expected 0x300008, got 0x300000\n"
		FAIL ":39: fail.tlb [step 2] (v7.0, max): served: pa: expected 0x300008, got "
		"0x300000\n"
		FAIL ":45: fail.tlb [step 4] (v7.0, max): verdict: expected STALE, got FRESH\n"
		FAIL ":50: fail.tlb [step 5] (v7.0, max): error: expected EIO, got none (1 "
		"commands in 1 batches)\n"
		FAIL ":34: fail.tlb [step 0] (v7.0, lru:4): pa: expected 0x300008, got 0x300000\n"
		FAIL ":50: fail.tlb [step 5] (v7.0, lru:4): error: expected EIO, got none (1 "
		"commands in 1 batches)\n"
		"0 passed, 3 failed\n");
	CLI_RUN(&run, "replay", "--quiet", "--cache=none", FAIL);
	ck_assert_int_eq(run.status, 1);
	ck_assert_str_eq(run.out, "0 passed, 1 failed\n");
}
END_TEST

static const struct {
	const char *args[5];
	const char *err;
} usage_cases[] = {
	{ { "replay", "--cache=bogus", GOOD }, "smmu-nest replay: unknown cache mode 'bogus' "
	  "(none, max or lru:N with N >= 1)\n" },
	{ { "replay", "--cache=lru:0", GOOD }, "smmu-nest replay: unknown cache mode 'lru:0' "
	  "(none, max or lru:N with N >= 1)\n" },
	{ { "conformance", "--cache=", GOOD }, "smmu-nest conformance: unknown cache mode '' "
	  "(none, max or lru:N with N >= 1)\n" },
	{ { "explain", "--cache=lru", GOOD }, "smmu-nest explain: unknown cache mode 'lru' "
	  "(none, max or lru:N with N >= 1)\n" },
	{ { "explain", "--step=8", GOOD ":tlb.good.cd-change" }, "smmu-nest explain: vector "
	  "'tlb.good.cd-change' has 8 steps; --step=8 is out of range\n" },
	{ { "explain", "--step=x", GOOD }, "smmu-nest explain: --step needs a step number, not "
	  "'x'\n" },
	{ { "explain", "--policy=seed-v2", GOOD ":tlb.good.guest-nh-va" }, "smmu-nest explain: "
	  "vector 'tlb.good.guest-nh-va' does not run under policy 'seed-v2'\n" },
	{ { "explain", "--policy=v9", GOOD }, "smmu-nest explain: unknown policy 'v9' (seed-v2, "
	  "v6.13, v6.15, v7.0)\n" },
	{ { "explain", "--txn=0", GOOD }, "smmu-nest explain: " GOOD ": a tlb vector has steps, "
	  "not transactions: use --step=N\n" },
	{ { "explain", "--format=dot", GOOD }, "smmu-nest explain: " GOOD ": --format=dot draws "
	  "walks of architecture vectors (ste, cd or walk), not tlb steps\n" },
	{ { "explain", "--step=0", "tests/explain/s2.yaml" }, "smmu-nest explain: "
	  "tests/explain/s2.yaml: --step, --policy and --cache are for tlb vectors\n" },
	{ { "explain", GOOD ":nope" }, "smmu-nest explain: " GOOD " has no vector 'nope'\n" },
	{ { "explain", "tests/bad-tlb/bug-unknown.yaml" }, "tests/bad-tlb/bug-unknown.yaml:9:10: "
	  "key 'bug': unknown bug 'everything'" },
};

START_TEST(cli_usage)
{
	struct cli_run run;

	cli_run(&run, usage_cases[_i].args);
	ck_assert_int_eq(run.status, 2);
	ck_assert_str_eq(run.out, "");
	ck_assert_msg(strncmp(run.err, usage_cases[_i].err, strlen(usage_cases[_i].err)) == 0,
		      "got '%s'", run.err);
}
END_TEST

START_TEST(cli_conformance_and_lint)
{
	struct cli_run run;

	CLI_RUN(&run, "conformance", "tests/good-tlb");
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out,
			 "smmu-nest conformance: 2 files, 10 vectors\n"
			 "area       policy     passed   failed\n"
			 "tlb        seed-v2        18        0\n"
			 "tlb        v6.13          30        0\n"
			 "tlb        v6.15          30        0\n"
			 "tlb        v7.0           30        0\n"
			 "108 passed, 0 failed\n");
	CLI_RUN(&run, "lint", "tests/good-tlb");
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out,
			 "lint: note: no rules file given, so rule ids are not checked\n"
			 "lint: 2 files, 10 vectors, 0 rules: ok\n");
	/*
	 * Expected events, counted in the file: 5 in the first vector (type 5,
	 * s2 5, sid 1, class 2, ipa 2, input-addr 1), 2 in the second and 2 in
	 * the third (type and s2), 3 C_BAD_CD with sid in the fourth; the ATS
	 * and guest vectors expect no event.
	 */
	CLI_RUN(&run, "lint", "--event-fields", GOOD);
	ck_assert_int_eq(run.status, 0);
	ASSERT_LINE(run.out, GOOD ": 12 events expected; asserted: type 12, sid 4, s2 9, "
		    "class 2, input-addr 1, ipa 2; never: ssv, ssid, stall, stag, pnu, ind, rnw, "
		    "ttrnw, fetch-addr");
}
END_TEST

/* A stale translation explained: the entry, where it came from, what would have removed it. */
START_TEST(cli_explain_stale)
{
	struct cli_run run;
	static const char *const want[] = {
		("tlb.good.s2-unmap-no-nh-all [step 3] (v7.0 with bug no-nh-all, max) (" GOOD
		 ":161): translate"),
		"  translate sid 3, addr 0x1234, read, unprivileged, data, untranslated",
		("  served: ok pa=0x300234 ipa=0x40000234 page-size=0x1000 s1-perm=rw-rwx "
		 "s2-perm=rwxrwx"),
		"  fresh:  fault abort, F_TRANSLATION",
		"  verdict: STALE (the vector expects STALE under max)",
		"  difference: disposition: served ok, fresh abort",
		"  last settle point: the end of step 2",
		"  served by 3 cache entries",
		("  culprit 1: NESTED NS-EL1 vmid=1 asid=3 va=0x1000 size=0x1000 level=3 "
		 "s1-size=0x1000 -> 0x300000"),
		("    from: PA 0x105000, 0x00000000003007ff -> 0x0000000000000000, written by "
		 "step 1 (before the last settle point)"),
		"    removed by: CMD_TLBI_NH_VA vmid=1 asid=3 addr=0x1000 leaf=1, then a CMD_SYNC",
		"  expect: matches",
		"  served (max): matches",
	};

	CLI_RUN(&run, "explain", "--step=3", GOOD ":tlb.good.s2-unmap-no-nh-all");
	ck_assert_int_eq(run.status, 0);
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_LINE(run.out, want[i]);
	ck_assert_ptr_nonnull(strstr(run.out, "    built: entry "));
	ck_assert_ptr_nonnull(strstr(run.out, " of the store, by translation 1 (step 0)\n"));
	/* under none the same step is FRESH, served from no entry */
	CLI_RUN(&run, "explain", "--step=3", "--cache=none", GOOD ":tlb.good.s2-unmap-no-nh-all");
	ck_assert_int_eq(run.status, 0);
	ASSERT_LINE(run.out, "  verdict: FRESH (the vector expects STALE under max)");
	ASSERT_LINE(run.out, "  served by 0 cache entries");
}
END_TEST

/* The other steps: what they queue and whether they settle. */
START_TEST(cli_explain_steps)
{
	struct cli_run run;

	CLI_RUN(&run, "explain", "--step=1", GOOD ":tlb.good.s2-unmap-v70");
	ck_assert_int_eq(run.status, 0);
	ASSERT_LINE(run.out, "  PA 0x105000 <- 0x0000000000000000");
	CLI_RUN(&run, "explain", "--step=3", "--policy=v6.13", GOOD ":tlb.good.s2-unmap-v70");
	ck_assert_int_eq(run.status, 0);
	ck_assert_ptr_nonnull(strstr(run.out, "(v6.13, max)"));
	ASSERT_LINE(run.out, "  the policy's sequence (4 commands):");
	ck_assert_ptr_nonnull(strstr(run.out, "    1 CMD_TLBI_S2_IPA vmid=1 addr=0x40000000 "
				     "leaf=1 tg=1 ttl=3 "));
	ck_assert_ptr_nonnull(strstr(run.out, "    3 CMD_TLBI_NH_ALL vmid=1 "));
	ASSERT_LINE(run.out, "    during 2 (line 126): translate sid 3, addr 0x1234, read, "
		    "unprivileged, data, untranslated");
	ASSERT_LINE(run.out, "  settles: yes, at the end of the sequence");
	CLI_RUN(&run, "explain", "--step=2", GOOD ":tlb.good.cd-change");
	ck_assert_int_eq(run.status, 0);
	ASSERT_LINE(run.out, "  settles: no (settle: false)");
	CLI_RUN(&run, "explain", "--step=5", GOOD ":tlb.good.guest-nh-va");
	ck_assert_int_eq(run.status, 0);
	ASSERT_LINE(run.out, "  guest 0: CMD_CFGI_STE sid=16 leaf=1");
	ASSERT_LINE(run.out, "  kernel: EIO (entry 0: opcode is not on the vIOMMU whitelist)");
	CLI_RUN(&run, "explain", "--step=3", GOOD ":tlb.good.guest-nh-va");
	ck_assert_int_eq(run.status, 0);
	ck_assert_ptr_nonnull(strstr(run.out, "    1 CMD_TLBI_NH_VA vmid=1 asid=3 addr=0x1000 "
				     "leaf=1 "));
	/* every step of every vector, from a clean start each time */
	CLI_RUN(&run, "explain", GOOD ":tlb.good.cd-change");
	ck_assert_int_eq(run.status, 0);
	ck_assert_ptr_nonnull(strstr(run.out, "[step 7]"));
	/* a step that fails its check: said, and exit 1 */
	CLI_RUN(&run, "explain", "--step=4", FAIL);
	ck_assert_int_eq(run.status, 1);
	ASSERT_LINE(run.out, "  FAILED: verdict: expected STALE, got FRESH");
}
END_TEST

/* The required-removal table, to be read next to arch.md §4.4. */
START_TEST(cli_invalidation_table)
{
	struct cli_run run;

	CLI_RUN(&run, "explain", "--invalidation-table");
	ck_assert_int_eq(run.status, 0);
	/* NH_ALL: stage-1 and combined entries of the VMID, not stage-2 ones */
	ASSERT_LINE(run.out, "CMD_TLBI_NH_ALL (opcode 0x10)");
	ASSERT_LINE(run.out, "  removes: S1, NESTED, WALK_S1");
	/* S2_IPA: stage-2 entries only; combined ones are not required (§4.4.3.1) */
	ASSERT_LINE(run.out, "CMD_TLBI_S2_IPA (opcode 0x2a)");
	ASSERT_LINE(run.out, "  Leaf=0 removes: S2, WALK_S2");
	ASSERT_LINE(run.out, "  Leaf=1 removes: S2");
	ASSERT_LINE(run.out, "  cite: IHI0070 §4.4.3.1: S2-only by VMID, IPA; combined entries "
		    "NOT required");
	ASSERT_LINE(run.out, "CMD_ATC_INV (opcode 0x40)");
	ASSERT_LINE(run.out, "  removes: ATC");
}
END_TEST

static Suite *tlbscn_suite(void)
{
	Suite *s = suite_create("tlbscn");
	TCase *ld = tcase_create("loader");
	TCase *rn = tcase_create("run");
	TCase *cl = tcase_create("cli");

	tcase_set_timeout(ld, 120);
	tcase_set_timeout(rn, 60);
	tcase_set_timeout(cl, 120);
	tcase_add_loop_test(ld, bad_input, 0, N_BAD_CASES);
	tcase_add_loop_test(ld, bad_input_cli, 0, N_BAD_CASES);
	tcase_add_test(ld, truncated_inputs);
	tcase_add_test(ld, good_header_and_policies);
	tcase_add_test(ld, good_steps);
	suite_add_tcase(s, ld);
	tcase_add_test(rn, run_v70_max);
	tcase_add_test(rn, run_no_nh_all_max);
	tcase_add_test(rn, run_modes);
	tcase_add_test(rn, run_s2_ipa_then_nh_va);
	tcase_add_test(rn, run_cd_change);
	tcase_add_test(rn, run_atc);
	tcase_add_test(rn, run_guest);
	tcase_add_test(rn, run_stage2_only);
	tcase_add_test(rn, run_failures);
	tcase_add_test(rn, run_cannot_proceed);
	tcase_add_test(rn, formats);
	tcase_add_test(rn, command_fields);
	suite_add_tcase(s, rn);
	tcase_add_test(cl, cli_replay);
	tcase_add_test(cl, cli_replay_failures);
	tcase_add_loop_test(cl, cli_usage, 0, (int)(sizeof(usage_cases) / sizeof(usage_cases[0])));
	tcase_add_test(cl, cli_conformance_and_lint);
	tcase_add_test(cl, cli_explain_stale);
	tcase_add_test(cl, cli_explain_steps);
	tcase_add_test(cl, cli_invalidation_table);
	suite_add_tcase(s, cl);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tlbscn_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
