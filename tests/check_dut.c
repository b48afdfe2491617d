// SPDX-License-Identifier: MIT
/*
 * The device-under-test path (dut.h, dutrun.h) against the two adapters
 * make builds, and against small tables defined here that misbehave in
 * one way each:
 *
 *   model    every vector of vectors/ passes under every policy, with the
 *            hitless ones skipped (the interface has no writer hook);
 *   broken   each planted difference is reported, by the vectors of its
 *            own area only, with the field that differs;
 *   tables   a wrong ABI version, a missing operation, an open that
 *            refuses, a reset that cannot take the configuration, an
 *            answer outside dut.h's values, a field the DUT does not
 *            report -- each ends as the documented error, skip or failure.
 *
 * The adapters are found next to the CLI ($SMMU_NEST_CLI's directory,
 * adapters/), as make builds them.  Paths are relative to the repository
 * root, where make runs the tests.
 */
#include <check.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/dutrun.h>
#include <smmu-nest/scenario.h>
#include <smmu-nest/tlbscn.h>
#include "cli_run.h"

static void adapter_path(const char *which, char *buf, size_t n)
{
	const char *cli = cli_run_path();
	const char *slash = strrchr(cli, '/');
	int dir = slash ? (int)(slash - cli) : 1;

	snprintf(buf, n, "%.*s/adapters/libsmmu-nest-dut-%s.so", dir, slash ? cli : ".", which);
}

static struct sn_dut *load(const char *which, const char *arg)
{
	char path[512];
	struct sn_error err;
	struct sn_dut *d = NULL;

	adapter_path(which, path, sizeof(path));
	ck_assert_msg(sn_dut_load(path, arg, &d, &err) == 0, "%s", err.msg);
	return d;
}

/* ------------------------------------------------------------------ */
/* Running a tree of vectors                                           */

#define MAX_FAILED 1024

struct tally {
	unsigned pass, fail, skip;
	unsigned skip_hitless, skip_other;
	unsigned total, hitless;        /* vectors loaded, and of them in area hitless */
	char failed[MAX_FAILED][96];    /* "area:id" of each failed case */
	char first_diag[MAX_FAILED][640];
	unsigned n_failed;
};

static bool failed_has(const struct tally *t, const char *area_id)
{
	for (unsigned i = 0; i < t->n_failed; i++)
		if (strcmp(t->failed[i], area_id) == 0)
			return true;
	return false;
}

static const char *diag_of(const struct tally *t, const char *area_id)
{
	for (unsigned i = 0; i < t->n_failed; i++)
		if (strcmp(t->failed[i], area_id) == 0)
			return t->first_diag[i];
	return "";
}

static void run_tree(struct sn_dut *d, const char *path, const struct host_policy *p,
		     struct tally *t)
{
	const char *paths[] = { path };
	char **files = NULL;
	unsigned n_files = 0;
	struct sn_error err;

	memset(t, 0, sizeof(*t));
	ck_assert_msg(sn_collect_yaml(paths, 1, &files, &n_files, &err) == 0, "%s", err.msg);
	for (unsigned i = 0; i < n_files; i++) {
		struct sn_vector_file f;

		if (sn_is_rules_path(files[i]))
			continue;
		ck_assert_msg(sn_vector_file_load(files[i], &f, &err) == 0, "%s", err.msg);
		t->total += f.n_vectors;
		if (strcmp(f.area, "hitless") == 0)
			t->hitless += f.n_vectors;
		for (unsigned k = 0; k < f.n_vectors; k++) {
			struct sn_dut_verdict v;

			ck_assert_msg(sn_dut_run(d, &f, &f.vectors[k], p, &v, &err) == 0, "%s: %s",
				      f.vectors[k].id, err.msg);
			if (v.status == SN_CASE_PASS) {
				t->pass++;
			} else if (v.status == SN_CASE_SKIP) {
				t->skip++;
				ck_assert_msg(v.skip[0], "%s: a skip without a reason", f.vectors[k].id);
				if (strcmp(f.area, "hitless") == 0) {
					t->skip_hitless++;
				} else {
					/* the model adapter can run everything else */
					ck_assert_msg(strstr(v.skip, "under policy"), "%s: skipped: %s",
						      f.vectors[k].id, v.skip);
					t->skip_other++;
				}
			} else {
				t->fail++;
				ck_assert_msg(v.n_diags >= 1 && v.n_failed >= v.n_diags,
					      "%s: a failure without a diagnostic", f.vectors[k].id);
				if (t->n_failed < MAX_FAILED) {
					snprintf(t->failed[t->n_failed], sizeof(t->failed[0]), "%s:%s",
						 f.area, f.vectors[k].id);
					snprintf(t->first_diag[t->n_failed], sizeof(t->first_diag[0]),
						 "%s %s", v.diags[0].what, v.diags[0].msg);
					t->n_failed++;
				}
			}
		}
		sn_vector_file_free(&f);
	}
	sn_free_paths(files, n_files);
}

/* ------------------------------------------------------------------ */
/* The model adapter                                                   */

START_TEST(model_passes_every_vector)
{
	const struct host_policy *p = host_policies[_i];
	char arg[64];
	struct sn_dut *d;
	static struct tally t;

	/* under valgrind (make valgrind) one policy is enough to find a leak */
	if (getenv("SMMU_NEST_MEMCHECK") && p != host_policy_default())
		return;
	snprintf(arg, sizeof(arg), "policy=%s", p->name);
	d = load("model", arg);
	ck_assert_str_eq(sn_dut_name(d), "smmu-nest model");
	run_tree(d, "vectors", p, &t);
	sn_dut_free(d);
	ck_assert_msg(t.fail == 0, "%u failed under %s; first %s: %s", t.fail, p->name,
		      t.n_failed ? t.failed[0] : "", t.n_failed ? t.first_diag[0] : "");
	/* every hitless vector is skipped, and nothing else but for its policy */
	ck_assert_uint_ge(t.hitless, 75);
	ck_assert_uint_eq(t.skip_hitless, t.hitless);
	ck_assert_uint_eq(t.pass + t.skip, t.total);
	ck_assert_uint_ge(t.total, 977);
	ck_assert_uint_ge(t.pass, (t.total - t.hitless) * 9 / 10);
}
END_TEST

/* The model adapter with another cache retention still lies within what the vectors permit. */
START_TEST(model_lru_passes_tlb_vectors)
{
	struct sn_dut *d = load("model", "policy=v7.0,cache=lru:2");
	static struct tally t;

	run_tree(d, "vectors/tlb", host_policy_find("v7.0"), &t);
	sn_dut_free(d);
	ck_assert_msg(t.fail == 0, "%u failed; first %s: %s", t.fail,
		      t.n_failed ? t.failed[0] : "", t.n_failed ? t.first_diag[0] : "");
	ck_assert_uint_eq(t.pass + t.skip, t.total);
	ck_assert_uint_ge(t.total, 178);
}
END_TEST

START_TEST(model_rejects_bad_arg)
{
	char path[512];
	struct sn_error err;
	struct sn_dut *d = (struct sn_dut *)&err;

	adapter_path("model", path, sizeof(path));
	ck_assert_int_eq(sn_dut_load(path, "policy=v9.9", &d, &err), -1);
	ck_assert_ptr_null(d);
	ck_assert_msg(strstr(err.msg, "open failed: bad setting 'policy=v9.9'"), "%s", err.msg);
	ck_assert_int_eq(sn_dut_load(path, "cache=lru:0", &d, &err), -1);
	ck_assert_msg(strstr(err.msg, "bad setting 'cache=lru:0'"), "%s", err.msg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The non-conforming adapter                                          */

/*
 * Only the vectors of the planted bug's area fail, and the named ones do,
 * with the field the spec decides:
 *  - cd.order.bad-ste-before-ssid: STRW=0b01 makes the STE ILLEGAL and the
 *    SSID is beyond S1CDMax=0; IHI0070 §7.3.22 reports C_BAD_STE first.
 *  - vste.mask.bypass.w1.strw: STRW is outside every kernel's word-1 mask
 *    (linux.md §2.1): EIO.
 */
START_TEST(broken_fault_order)
{
	struct sn_dut *d = load("broken", "bugs=fault-order");
	static struct tally t;

	run_tree(d, "vectors", host_policy_find("v7.0"), &t);
	sn_dut_free(d);
	ck_assert_uint_ge(t.fail, 1);
	ck_assert_msg(failed_has(&t, "cd:cd.order.bad-ste-before-ssid"), "failed: %s",
		      t.n_failed ? t.failed[0] : "none");
	ck_assert_msg(strstr(diag_of(&t, "cd:cd.order.bad-ste-before-ssid"),
			     "event.type: expected C_BAD_STE, got C_BAD_SUBSTREAMID"), "%s",
		      diag_of(&t, "cd:cd.order.bad-ste-before-ssid"));
	for (unsigned i = 0; i < t.n_failed; i++)
		ck_assert_msg(strncmp(t.failed[i], "cd:", 3) == 0 || strncmp(t.failed[i], "ste:", 4) == 0 ||
			      strncmp(t.failed[i], "walk:", 5) == 0 || strncmp(t.failed[i], "tlb:", 4) == 0,
			      "fault-order failed %s", t.failed[i]);
}
END_TEST

START_TEST(broken_lax_mask)
{
	struct sn_dut *d = load("broken", "bugs=lax-mask");
	static struct tally t;

	run_tree(d, "vectors", host_policy_find("v7.0"), &t);
	sn_dut_free(d);
	ck_assert_uint_ge(t.fail, 1);
	ck_assert_msg(failed_has(&t, "vste:vste.mask.bypass.w1.strw"), "failed: %s",
		      t.n_failed ? t.failed[0] : "none");
	ck_assert_msg(strstr(diag_of(&t, "vste:vste.mask.bypass.w1.strw"), "expected error EIO"),
		      "%s", diag_of(&t, "vste:vste.mask.bypass.w1.strw"));
	for (unsigned i = 0; i < t.n_failed; i++)
		ck_assert_msg(strncmp(t.failed[i], "vste:", 5) == 0, "lax-mask failed %s",
			      t.failed[i]);
}
END_TEST

START_TEST(broken_s2_ipa)
{
	struct sn_dut *d = load("broken", "bugs=s2-ipa");
	static struct tally t;

	run_tree(d, "vectors", host_policy_find("v7.0"), &t);
	sn_dut_free(d);
	ck_assert_uint_ge(t.fail, 1);
	for (unsigned i = 0; i < t.n_failed; i++) {
		ck_assert_msg(strncmp(t.failed[i], "tlb:", 4) == 0, "s2-ipa failed %s", t.failed[i]);
		/* the DUT served the old output address where the fresh one was due */
		ck_assert_msg(strstr(t.first_diag[i], "[step "), "%s: %s", t.failed[i],
			      t.first_diag[i]);
	}
}
END_TEST

START_TEST(broken_all_and_bad_arg)
{
	char path[512];
	struct sn_error err;
	struct sn_dut *d;
	static struct tally t;

	d = load("broken", "");
	run_tree(d, "vectors", host_policy_find("v7.0"), &t);
	sn_dut_free(d);
	ck_assert_msg(failed_has(&t, "cd:cd.order.bad-ste-before-ssid") &&
		      failed_has(&t, "vste:vste.mask.bypass.w1.strw"), "all three planted");
	adapter_path("broken", path, sizeof(path));
	ck_assert_int_eq(sn_dut_load(path, "bugs=fault-order+typo", &d, &err), -1);
	ck_assert_msg(strstr(err.msg, "bad bugs 'fault-order+typo'"), "%s", err.msg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Tables that misbehave                                               */

/* The model adapter's table, from its .so (the tables below wrap it). */
static const struct sn_dut_ops *sn_dut_model_ops_for_tests(void)
{
	static const struct sn_dut_ops *ops;
	union { void *obj; const struct sn_dut_ops *(*fn)(void); } get;
	char path[512];
	void *h;

	if (ops)
		return ops;
	adapter_path("model", path, sizeof(path));
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	ck_assert_msg(h, "%s", dlerror());
	get.obj = dlsym(h, "sn_dut_model_ops");
	ck_assert_msg(get.obj, "sn_dut_model_ops missing from %s", path);
	ops = get.fn();
	return ops;
}

static int fake_state;          /* what the fake table's operations do */

enum { FAKE_OK, FAKE_BAD_DISP, FAKE_BAD_ERRNO, FAKE_RESET_UNSUPPORTED, FAKE_TRANSLATE_FAILS,
       FAKE_OPEN_REFUSES, FAKE_NO_FIELDS, FAKE_WRONG_IPA, FAKE_WRONG_IPA_HIDDEN };

static void *fake_open(const char *arg, char msg[SN_DUT_MSG])
{
	(void)arg;
	if (fake_state == FAKE_OPEN_REFUSES) {
		snprintf(msg, SN_DUT_MSG, "no licence");
		return NULL;
	}
	return sn_dut_model_ops_for_tests()->open("", msg);
}

static void fake_close(void *dut)
{
	sn_dut_model_ops_for_tests()->close(dut);
}

static int fake_reset(void *dut, const struct sn_dut_config *cfg, char msg[SN_DUT_MSG])
{
	if (fake_state == FAKE_RESET_UNSUPPORTED) {
		snprintf(msg, SN_DUT_MSG, "no stage 1");
		return SN_DUT_UNSUPPORTED;
	}
	return sn_dut_model_ops_for_tests()->reset(dut, cfg, msg);
}

static int fake_translate(void *dut, const struct sn_dut_txn *t, struct sn_dut_result *r,
			  char msg[SN_DUT_MSG])
{
	int rc = sn_dut_model_ops_for_tests()->translate(dut, t, r, msg);

	switch (fake_state) {
	case FAKE_BAD_DISP:
		r->disp = 99;
		break;
	case FAKE_TRANSLATE_FAILS:
		snprintf(msg, SN_DUT_MSG, "emulator crashed");
		return SN_DUT_FAILED;
	case FAKE_NO_FIELDS:
		r->valid = 0;
		r->ipa = r->page_shift = r->s1_perm = r->s2_perm = r->ats_grant = 0;
		break;
	case FAKE_WRONG_IPA:
		r->ipa ^= 0x1000;
		break;
	case FAKE_WRONG_IPA_HIDDEN:
		r->ipa ^= 0x1000;
		r->valid &= ~SN_DUT_R_IPA;
		break;
	}
	return rc;
}

static int fake_validate(void *dut, const struct sn_dut_vste_in *in, struct sn_dut_vste_out *out,
			 char msg[SN_DUT_MSG])
{
	int rc = sn_dut_model_ops_for_tests()->validate_vste(dut, in, out, msg);

	if (fake_state == FAKE_BAD_ERRNO)
		out->err = 7;   /* E2BIG: no vSTE decision returns it */
	return rc;
}

static struct sn_dut_ops fake_ops;

static void fake_setup(void)
{
	fake_ops = *sn_dut_model_ops_for_tests();
	fake_ops.name = "fake";
	fake_ops.open = fake_open;
	fake_ops.close = fake_close;
	fake_ops.reset = fake_reset;
	fake_ops.translate = fake_translate;
	fake_ops.validate_vste = fake_validate;
}

/* One file through the fake table; the verdict of vector @k. */
static void run_fake(int state, const char *file, unsigned k, struct sn_dut_verdict *v)
{
	struct sn_vector_file f;
	struct sn_error err;
	struct sn_dut *d;

	fake_setup();
	fake_state = state;
	ck_assert_msg(sn_dut_attach(&fake_ops, "", &d, &err) == 0, "%s", err.msg);
	ck_assert_msg(sn_vector_file_load(file, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_gt(f.n_vectors, k);
	ck_assert_msg(sn_dut_run(d, &f, &f.vectors[k], host_policy_find("v7.0"), v, &err) == 0,
		      "%s", err.msg);
	sn_vector_file_free(&f);
	sn_dut_free(d);
}

#define WALK_FILE "vectors/walk/gen-nested.yaml"
#define VSTE_FILE "vectors/vste/masks.yaml"

START_TEST(fake_bad_disposition)
{
	struct sn_dut_verdict v;

	run_fake(FAKE_BAD_DISP, WALK_FILE, 0, &v);
	ck_assert_int_eq(v.status, SN_CASE_FAIL);
	ck_assert_str_eq(v.diags[0].what, "[txn 0]");
	ck_assert_msg(strstr(v.diags[0].msg, "disposition: the DUT answered 99"), "%s",
		      v.diags[0].msg);
}
END_TEST

START_TEST(fake_bad_errno)
{
	struct sn_dut_verdict v;

	run_fake(FAKE_BAD_ERRNO, VSTE_FILE, 0, &v);
	ck_assert_int_eq(v.status, SN_CASE_FAIL);
	ck_assert_msg(strstr(v.diags[0].msg, "err: the DUT returned 7"), "%s", v.diags[0].msg);
}
END_TEST

START_TEST(fake_reset_unsupported_skips)
{
	struct sn_dut_verdict v;

	run_fake(FAKE_RESET_UNSUPPORTED, WALK_FILE, 0, &v);
	ck_assert_int_eq(v.status, SN_CASE_SKIP);
	ck_assert_str_eq(v.skip, "the DUT does not support reset: no stage 1");
}
END_TEST

START_TEST(fake_translate_failure)
{
	struct sn_dut_verdict v;

	run_fake(FAKE_TRANSLATE_FAILS, WALK_FILE, 0, &v);
	ck_assert_int_eq(v.status, SN_CASE_FAIL);
	ck_assert_str_eq(v.diags[0].msg, "translate failed: emulator crashed");
}
END_TEST

/* Fields the DUT leaves out are not compared; fields it reports are. */
START_TEST(fake_unreported_fields)
{
	struct sn_dut_verdict v;

	run_fake(FAKE_NO_FIELDS, WALK_FILE, 0, &v);
	ck_assert_msg(v.status == SN_CASE_PASS, "%s", v.n_diags ? v.diags[0].msg : v.skip);
	run_fake(FAKE_WRONG_IPA_HIDDEN, WALK_FILE, 0, &v);
	ck_assert_msg(v.status == SN_CASE_PASS, "%s", v.n_diags ? v.diags[0].msg : v.skip);
	run_fake(FAKE_WRONG_IPA, WALK_FILE, 0, &v);
	ck_assert_int_eq(v.status, SN_CASE_FAIL);
	ck_assert_msg(strstr(v.diags[0].msg, "ipa: expected"), "%s", v.diags[0].msg);
}
END_TEST

START_TEST(fake_open_refuses)
{
	struct sn_error err;
	struct sn_dut *d;

	fake_setup();
	fake_state = FAKE_OPEN_REFUSES;
	ck_assert_int_eq(sn_dut_attach(&fake_ops, "", &d, &err), -1);
	ck_assert_str_eq(err.msg, "fake: open failed: no licence");
}
END_TEST

START_TEST(table_checks)
{
	struct sn_error err;
	struct sn_dut *d;

	fake_setup();
	fake_state = FAKE_OK;
	fake_ops.abi_version = 2;
	ck_assert_int_eq(sn_dut_attach(&fake_ops, "", &d, &err), -1);
	ck_assert_str_eq(err.msg, "the adapter's table is ABI version 2, this replay speaks 1");
	fake_setup();
	fake_ops.translate = NULL;
	ck_assert_int_eq(sn_dut_attach(&fake_ops, "", &d, &err), -1);
	ck_assert_msg(strstr(err.msg, "lacks an SMMU operation"), "%s", err.msg);
	fake_setup();
	fake_ops.caps = SN_DUT_CAP_VSTE;
	fake_ops.validate_vste = NULL;
	ck_assert_int_eq(sn_dut_attach(&fake_ops, "", &d, &err), -1);
	ck_assert_str_eq(err.msg, "the adapter's table lacks validate_vste");
	fake_setup();
	fake_ops.caps = 0;
	ck_assert_int_eq(sn_dut_attach(&fake_ops, "", &d, &err), -1);
	ck_assert_msg(strstr(err.msg, "caps names none"), "%s", err.msg);
	ck_assert_int_eq(sn_dut_attach(NULL, "", &d, &err), -1);
	ck_assert_msg(strstr(err.msg, "no table for ABI version 1"), "%s", err.msg);
}
END_TEST

/* A DUT with only the vSTE decision skips the SMMU areas, with the reason. */
START_TEST(caps_limit_areas)
{
	struct sn_dut_verdict v;
	struct sn_vector_file f;
	struct sn_error err;
	struct sn_dut *d;

	fake_setup();
	fake_state = FAKE_OK;
	fake_ops.caps = SN_DUT_CAP_VSTE;
	ck_assert_msg(sn_dut_attach(&fake_ops, "", &d, &err) == 0, "%s", err.msg);
	ck_assert_msg(sn_vector_file_load(WALK_FILE, &f, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sn_dut_run(d, &f, &f.vectors[0], host_policy_find("v7.0"), &v, &err), 0);
	ck_assert_int_eq(v.status, SN_CASE_SKIP);
	ck_assert_str_eq(v.skip, "the DUT provides no SMMU (SN_DUT_CAP_SMMU)");
	sn_vector_file_free(&f);
	ck_assert_msg(sn_vector_file_load(VSTE_FILE, &f, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sn_dut_run(d, &f, &f.vectors[0], host_policy_find("v7.0"), &v, &err), 0);
	ck_assert_int_eq(v.status, SN_CASE_PASS);
	sn_vector_file_free(&f);
	sn_dut_free(d);
}
END_TEST

START_TEST(load_errors)
{
	struct sn_error err;
	struct sn_dut *d;

	ck_assert_int_eq(sn_dut_load("./no/such/adapter.so", "", &d, &err), -1);
	ck_assert_msg(strstr(err.msg, "./no/such/adapter.so: cannot load:"), "%s", err.msg);
	/* a real shared library without the entry point */
	ck_assert_int_eq(sn_dut_load("libyaml-0.so.2", "", &d, &err), -1);
	ck_assert_str_eq(err.msg, "libyaml-0.so.2: no function smmu_nest_dut()");
}
END_TEST

/* ------------------------------------------------------------------ */
/* The command line                                                    */

START_TEST(cli_model_adapter)
{
	char path[512], opt[600];
	struct cli_run *r = malloc(sizeof(*r));

	ck_assert_ptr_nonnull(r);
	adapter_path("model", path, sizeof(path));
	snprintf(opt, sizeof(opt), "--dut=%s", path);
	if (getenv("SMMU_NEST_MEMCHECK")) {
		/* under valgrind: the 39 vectors of vectors/cd (the library tests run them all) */
		CLI_RUN(r, "replay", opt, "--quiet", "vectors/cd");
		ck_assert_msg(r->status == 0, "status %d: %s", r->status, r->err);
		ck_assert_msg(strstr(r->out, "39 passed, 0 failed\n"), "%s", r->out);
	} else {
		static struct tally t;
		struct sn_dut *d = load("model", "");
		char want[96];

		/* the same counts as the library's own run (every vector, v7.0) */
		run_tree(d, "vectors", host_policy_find("v7.0"), &t);
		sn_dut_free(d);
		ck_assert_uint_eq(t.skip, t.hitless);
		snprintf(want, sizeof(want), "%u passed, 0 failed, %u skipped\n", t.pass, t.skip);
		CLI_RUN(r, "replay", opt, "--quiet", "vectors");
		ck_assert_msg(r->status == 0, "status %d: %s", r->status, r->err);
		ck_assert_msg(strstr(r->out, want), "want %s in %s", want, r->out);
	}
	CLI_RUN(r, "conformance", opt, "--policy=v6.13", "--format=json", "vectors/cd/gen-order.yaml");
	ck_assert_msg(r->status == 0, "status %d: %s", r->status, r->err);
	ck_assert_msg(strstr(r->out, "\"dut\": \"smmu-nest model\""), "%s", r->out);
	free(r);
}
END_TEST

START_TEST(cli_broken_adapter)
{
	char path[512], opt[600];
	struct cli_run *r = malloc(sizeof(*r));

	ck_assert_ptr_nonnull(r);
	adapter_path("broken", path, sizeof(path));
	snprintf(opt, sizeof(opt), "--dut=%s", path);
	CLI_RUN(r, "replay", opt, "vectors/cd/gen-order.yaml", "vectors/vste/masks.yaml");
	ck_assert_int_eq(r->status, 1);
	ck_assert_msg(strstr(r->out, "vectors/cd/gen-order.yaml:117: cd.order.bad-ste-before-ssid "
			     "[txn 0]: event.type: expected C_BAD_STE, got C_BAD_SUBSTREAMID\n"),
		      "%s", r->out);
	ck_assert_msg(strstr(r->out, ": vste.mask.bypass.w1.strw [v7.0]: expected error EIO, got ok"),
		      "%s", r->out);
	CLI_RUN(r, "replay", opt, "--dut-arg=bugs=s2-ipa", "--format=tap", "vectors/tlb/gen-host.yaml");
	ck_assert_int_eq(r->status, 1);
	ck_assert_msg(strstr(r->out, "not ok "), "%s", r->out);
	ck_assert_msg(strstr(r->out, "(v7.0, max)"), "%s", r->out);
	free(r);
}
END_TEST

START_TEST(cli_dut_usage)
{
	char path[512], opt[600];
	struct cli_run *r = malloc(sizeof(*r));

	ck_assert_ptr_nonnull(r);
	adapter_path("model", path, sizeof(path));
	snprintf(opt, sizeof(opt), "--dut=%s", path);
	CLI_RUN(r, "replay", "--dut=libfoo.so", "vectors");
	ck_assert_int_eq(r->status, 2);
	ck_assert_msg(strstr(r->err, "--dut=libfoo.so: give a path (./libfoo.so"), "%s", r->err);
	CLI_RUN(r, "replay", "--dut=./no-such.so", "vectors");
	ck_assert_int_eq(r->status, 2);
	ck_assert_msg(strstr(r->err, "./no-such.so: cannot load:"), "%s", r->err);
	CLI_RUN(r, "replay", "--dut-arg=x", "vectors");
	ck_assert_int_eq(r->status, 2);
	ck_assert_msg(strstr(r->err, "--dut-arg without --dut"), "%s", r->err);
	CLI_RUN(r, "replay", opt, "--cache=max", "vectors");
	ck_assert_int_eq(r->status, 2);
	ck_assert_msg(strstr(r->err, "--cache has no meaning with --dut"), "%s", r->err);
	CLI_RUN(r, "replay", opt, "--dut-arg=policy=v1", "vectors");
	ck_assert_int_eq(r->status, 2);
	ck_assert_msg(strstr(r->err, "open failed: bad setting 'policy=v1'"), "%s", r->err);
	CLI_RUN(r, "replay", "--dut=", "vectors");
	ck_assert_int_eq(r->status, 2);
	free(r);
}
END_TEST

static Suite *dut_suite(void)
{
	Suite *s = suite_create("dut");
	TCase *tc = tcase_create("adapters");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, model_passes_every_vector, 0, (int)host_policy_count);
	tcase_add_test(tc, model_lru_passes_tlb_vectors);
	tcase_add_test(tc, model_rejects_bad_arg);
	tcase_add_test(tc, broken_fault_order);
	tcase_add_test(tc, broken_lax_mask);
	tcase_add_test(tc, broken_s2_ipa);
	tcase_add_test(tc, broken_all_and_bad_arg);
	suite_add_tcase(s, tc);
	tc = tcase_create("tables");
	tcase_add_test(tc, fake_bad_disposition);
	tcase_add_test(tc, fake_bad_errno);
	tcase_add_test(tc, fake_reset_unsupported_skips);
	tcase_add_test(tc, fake_translate_failure);
	tcase_add_test(tc, fake_unreported_fields);
	tcase_add_test(tc, fake_open_refuses);
	tcase_add_test(tc, table_checks);
	tcase_add_test(tc, caps_limit_areas);
	tcase_add_test(tc, load_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, cli_model_adapter);
	tcase_add_test(tc, cli_broken_adapter);
	tcase_add_test(tc, cli_dut_usage);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dut_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
