// SPDX-License-Identifier: MIT
/*
 * The entry-writer area (hitless; vectors/SCHEMA.md "Area hitless"): the
 * loader against fixtures, the runner's comparison, and the command line
 * (replay, conformance, lint) driven as a user would.
 *
 *   bad-hitless/   one broken file per rejected input, each a line changed
 *                  from the same base; every row gives the located message,
 *                  worked out from the fixture by counting columns.
 *                  replay-fail.yaml loads and fails at replay, once per
 *                  kind of mismatch.
 *   good-hitless/  writer.yaml: five transitions whose figures are derived
 *                  by hand in their comments from linux.md §6.1 (bypass to
 *                  abort, a CD coming alive, nested to stage 2 under every
 *                  policy, a no-op, and a bypass STE whose PRIVCFG the
 *                  writer drops while it is live: torn unsafe).
 *
 * Paths are relative to the repository root, where make runs the tests.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <smmu-nest/hitlessvec.h>
#include "cli_run.h"

#define GOOD "tests/good-hitless/writer.yaml"
#define FAIL "tests/bad-hitless/replay-fail.yaml"

/* ------------------------------------------------------------------ */
/* Rejected inputs                                                     */

struct bad_case {
	const char *file;        /* under tests/bad-hitless/ */
	const char *msg;         /* what follows "tests/bad-hitless/<file>:" */
};

/*
 * The base: line 10 "      kind: ste" (value at column 13), 11 "      from:
 * [...]" (list at 13), 12 "      to: [...]" (list at 11, first item at 12),
 * 13 "    expect: {syncs: 2, hitless: true}" ('{' at 13, syncs' value at 21,
 * hitless' at 33, a third key at 39 and its value at 45).
 */
static const struct bad_case bad_cases[] = {
	{ "kind-unknown.yaml", "10:13: key 'kind': unknown value 'stee' (expected ste or cd)" },
	{ "from-seven-words.yaml",
	  "11:13: key 'from': must hold exactly 8 numbers (the entry's words 0 to 7), not 7" },
	{ "to-too-wide.yaml", "12:12: key 'to': 0x10000000000000001 does not fit in 64 bits" },
	{ "syncs-missing.yaml", "13:13: a hitless outcome lacks the required key 'syncs'" },
	{ "syncs-too-many.yaml",
	  "13:21: key 'syncs': 4 is more than 3 (the writer syncs at most once after each of its "
	  "three steps)" },
	{ "path-unknown.yaml",
	  "13:45: key 'path': unknown value 'fast' (expected noop, no-critical, hitless or "
	  "breaking)" },
	{ "torn-unknown.yaml", "13:45: key 'torn': unknown value 'maybe' (expected safe or unsafe)" },
	{ "input-unknown-key.yaml",
	  "13:7: unknown key 'colour' in a hitless vector's input (expected kind, from or to)" },
	/* the vector's mapping starts at line 6, column 5 */
	{ "policy-no-expectation.yaml",
	  "6:5: vector 'bad.hitless' has no expectation for policy 'seed-v2' (give it 'expect' or "
	  "an 'expect-by-policy' entry)" },
	{ "outcome-unknown-key.yaml",
	  "13:39: unknown key 'sync' in a hitless outcome (expected syncs, hitless, path or torn)" },
	{ "hitless-not-bool.yaml", "13:33: key 'hitless': must be true or false (unquoted), not 'yes'" },
	{ "expect-not-mapping.yaml", "13:13: key 'expect': must be a mapping, not a list" },
	/* the input mapping starts at line 10, column 7 */
	{ "input-missing-to.yaml", "10:7: a hitless vector's input lacks the required key 'to'" },
	/* line 16 "      v6.13: {...}" under a vector with policies: [v7.0] */
	{ "expect-by-policy-not-run.yaml",
	  "16:7: key 'expect-by-policy': the vector is not replayed under policy 'v6.13'" },
	/* line 5 "defaults: {kind: ste, parent: default}" */
	{ "defaults-unknown-key.yaml",
	  "5:23: unknown key 'parent' in the header's defaults (expected kind, from or to)" },
	/* line 5 "defaults: {kind: pte}" */
	{ "kind-from-defaults-bad.yaml", "5:18: key 'kind': unknown value 'pte' (expected ste or cd)" },
	/* hitless left the reserved list; cmdq did not */
	{ "area-cmdq-still-reserved.yaml",
	  "2:7: key 'area': area 'cmdq' has no runner yet (schema version 1 loads vste, ste, cd, "
	  "walk, tlb and hitless files)" },
};

#define N_BAD_CASES (int)(sizeof(bad_cases) / sizeof(bad_cases[0]))

START_TEST(bad_input)
{
	const struct bad_case *bc = &bad_cases[_i];
	char path[256], want[768];
	struct sn_vector_file f;
	struct sn_error err = { "" };

	snprintf(path, sizeof(path), "tests/bad-hitless/%s", bc->file);
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

	snprintf(path, sizeof(path), "tests/bad-hitless/%s", bc->file);
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
	char path[] = "/tmp/sn-hitless-cut-XXXXXX";
	static char text[16384];
	size_t len;
	FILE *src = fopen(GOOD, "rb");
	int fd = mkstemp(path);

	ck_assert_ptr_nonnull(src);
	ck_assert_int_ge(fd, 0);
	len = fread(text, 1, sizeof(text), src);
	fclose(src);
	close(fd);
	ck_assert_uint_lt(len, sizeof(text));
	/* every 17th cut: the sweep is quadratic and runs under valgrind too */
	for (size_t cut = 0; cut <= len; cut += (cut % 17 == 0 && cut + 17 <= len) ? 17 : 1) {
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

static unsigned policy_at(const char *name)
{
	for (unsigned i = 0; i < host_policy_count; i++)
		if (strcmp(host_policies[i]->name, name) == 0)
			return i;
	ck_abort_msg("no policy %s", name);
	return 0;
}

START_TEST(good_header)
{
	struct sn_vector_file f;
	const unsigned all = (1u << host_policy_count) - 1;

	load(GOOD, &f);
	ck_assert_str_eq(f.area, "hitless");
	ck_assert(!f.arch);
	ck_assert_str_eq(f.default_policy->name, "v7.0");
	ck_assert_uint_eq(f.policy_mask, all);
	ck_assert_uint_eq(f.n_vectors, 5);
	ck_assert_uint_eq(f.n_flags, 1);
	ck_assert_str_eq(f.flag_names[0], "HAND");
	ck_assert_uint_eq(vec(&f, "good.bypass-to-abort")->policy_mask, all);
	ck_assert_uint_eq(vec(&f, "good.noop")->policy_mask,
			  (1u << policy_at("v6.13")) | (1u << policy_at("v7.0")));
	ck_assert_uint_eq(vec(&f, "good.nested-to-s2")->n_rules, 3);
	sn_vector_file_free(&f);
}
END_TEST

static void assert_words(const u64 *got, const u64 *want)
{
	for (unsigned i = 0; i < WRITER_QWORDS; i++)
		ck_assert_msg(got[i] == want[i], "word %u: 0x%016llx, expected 0x%016llx", i,
			      (unsigned long long)got[i], (unsigned long long)want[i]);
}

START_TEST(good_input)
{
	static const u64 bypass[WRITER_QWORDS] = { 0x9, 0x0000100000000000 };
	static const u64 abort_ste[WRITER_QWORDS] = { 0x1 };
	static const u64 cd[WRITER_QWORDS] = { 0x0005e205c0003510, 0x0000000080100000, 0,
					       0x000000040044ffff };
	static const u64 zero[WRITER_QWORDS] = { 0 };
	struct sn_vector_file f;
	const struct sn_hitless *h;

	load(GOOD, &f);
	/* kind from the header's defaults */
	h = sn_hitless_of(vec(&f, "good.bypass-to-abort"));
	ck_assert_int_eq(h->kind, WRITER_STE);
	assert_words(h->from, bypass);
	assert_words(h->to, abort_ste);
	/* the vector's own kind over the defaults' */
	h = sn_hitless_of(vec(&f, "good.cd-zero-to-valid"));
	ck_assert_int_eq(h->kind, WRITER_CD);
	assert_words(h->from, zero);
	assert_words(h->to, cd);
	sn_vector_file_free(&f);
}
END_TEST

START_TEST(good_outcomes)
{
	struct sn_vector_file f;
	const struct sn_vector *v;
	const struct sn_hitless *h;
	const struct sn_hitless_outcome *o;

	load(GOOD, &f);
	v = vec(&f, "good.bypass-to-abort");
	h = sn_hitless_of(v);
	ck_assert(h->has_expect && v->has_expect);
	o = sn_hitless_expect_for(h, policy_at("v6.13"));
	ck_assert_ptr_eq(o, &h->expect);
	ck_assert_uint_eq(o->syncs, 2);
	ck_assert(o->hitless);
	ck_assert(o->has_path);
	ck_assert_int_eq(o->path, WRITER_HITLESS);
	ck_assert(!o->torn_unsafe);
	ck_assert_uint_eq(o->loc.line, 30);
	ck_assert_uint_eq(o->loc.col, 13);

	/* expect-by-policy: flow entries and a block one */
	v = vec(&f, "good.nested-to-s2");
	h = sn_hitless_of(v);
	ck_assert(h->has_policy_expect[policy_at("v6.15")]);
	ck_assert(v->has_policy_expect[policy_at("v6.15")]);
	ck_assert(!h->has_policy_expect[policy_at("v7.0")]);
	o = sn_hitless_expect_for(h, policy_at("v7.0"));
	ck_assert_ptr_eq(o, &h->expect);
	ck_assert_int_eq(o->path, WRITER_HITLESS);
	o = sn_hitless_expect_for(h, policy_at("seed-v2"));
	ck_assert_uint_eq(o->loc.line, 66);
	ck_assert_uint_eq(o->loc.col, 16);
	ck_assert_int_eq(o->path, WRITER_BREAKING);
	ck_assert(!o->hitless);
	o = sn_hitless_expect_for(h, policy_at("v6.15"));
	ck_assert_uint_eq(o->loc.line, 69);
	ck_assert_uint_eq(o->loc.col, 9);
	ck_assert_uint_eq(o->syncs, 3);

	/* the no-op and the torn one */
	o = sn_hitless_expect_for(sn_hitless_of(vec(&f, "good.noop")), policy_at("v7.0"));
	ck_assert(o->has_path);
	ck_assert_int_eq(o->path, WRITER_NOOP);
	ck_assert_uint_eq(o->syncs, 0);
	o = sn_hitless_expect_for(sn_hitless_of(vec(&f, "good.privcfg-dropped-early")),
				  policy_at("v7.0"));
	ck_assert(o->torn_unsafe);
	ck_assert_ptr_null(sn_hitless_expect_for(&(struct sn_hitless){ 0 }, 0));
	sn_vector_file_free(&f);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Running                                                             */

/* Run vector @id of @path under @policy into @r; the number of mismatches. */
static unsigned run(const char *path, const char *id, const char *policy, struct sn_hitless_run *r,
		    struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS])
{
	struct sn_vector_file f;
	const struct sn_hitless *h;
	unsigned pi = policy_at(policy), n;

	load(path, &f);
	h = sn_hitless_of(vec(&f, id));
	n = sn_hitless_run(h, host_policies[pi], sn_hitless_expect_for(h, pi), r, fails);
	sn_vector_file_free(&f);
	return n;
}

/* The v7.0 sequence of good.nested-to-s2, as derived in its comment. */
START_TEST(run_nested_v70)
{
	static struct sn_hitless_run r;
	struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS];

	ck_assert_uint_eq(run(GOOD, "good.nested-to-s2", "v7.0", &r, fails), 0);
	ck_assert_int_eq(r.w.path, WRITER_HITLESS);
	ck_assert_uint_eq(r.w.critical_mask, 0x1);
	ck_assert_uint_eq(r.w.nsteps, 3);
	ck_assert_uint_eq(r.w.steps[0].written, 0x2);
	ck_assert_uint_eq(r.w.steps[0].after[1], 0x00001000000000d6ULL);
	ck_assert_uint_eq(r.w.steps[1].written, 0x1);
	ck_assert_uint_eq(r.w.steps[1].after[0], 0xd);
	ck_assert_uint_eq(r.w.steps[2].written, 0x2);
	ck_assert_uint_eq(r.w.steps[2].after[1], 0x0000100000000000ULL);
	ck_assert(r.w.hitless);
	ck_assert(r.torn.safe);
}
END_TEST

/* The same transition breaks before v7.0: qword 0 zeroed first. */
START_TEST(run_nested_v615)
{
	static struct sn_hitless_run r;
	struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS];

	ck_assert_uint_eq(run(GOOD, "good.nested-to-s2", "v6.15", &r, fails), 0);
	ck_assert_int_eq(r.w.path, WRITER_BREAKING);
	ck_assert_uint_eq(r.w.critical_mask, 0x3);
	ck_assert_uint_eq(r.w.steps[0].written, 0x1);
	ck_assert_uint_eq(r.w.steps[0].after[0], 0);
	ck_assert_uint_eq(r.w.steps[1].written, 0x2);
	ck_assert_uint_eq(r.w.steps[2].written, 0x1);
	ck_assert(!r.w.hitless);
	ck_assert(r.torn.safe);
}
END_TEST

/* PRIVCFG dropped while the bypass STE is live: an unsafe mix in step 0. */
START_TEST(run_privcfg_torn)
{
	static struct sn_hitless_run r;
	struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS];

	ck_assert_uint_eq(run(GOOD, "good.privcfg-dropped-early", "seed-v2", &r, fails), 0);
	ck_assert(!r.torn.safe);
	ck_assert_uint_ge(r.torn.n_unsafe, 1);
	ck_assert_uint_eq(r.torn.unsafe[0].step, 0);
	ck_assert_uint_eq(r.torn.unsafe[0].new_mask, 0x2);
	ck_assert_uint_eq(r.torn.unsafe[0].words[1], 0x0000100000000000ULL);
}
END_TEST

/* Each kind of mismatch, in the order syncs, hitless, path, torn. */
START_TEST(run_failures)
{
	static struct sn_hitless_run r;
	struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS];

	ck_assert_uint_eq(run(FAIL, "fail.bypass-to-abort", "v7.0", &r, fails), 4);
	ck_assert_str_eq(fails[0].field, "syncs");
	ck_assert_str_eq(fails[0].expected, "3");
	ck_assert_str_eq(fails[0].got, "2");
	ck_assert_str_eq(fails[1].field, "hitless");
	ck_assert_str_eq(fails[1].expected, "false");
	ck_assert_str_eq(fails[1].got, "true");
	ck_assert_str_eq(fails[2].field, "path");
	ck_assert_str_eq(fails[2].expected, "breaking");
	ck_assert_str_eq(fails[2].got, "hitless");
	ck_assert_str_eq(fails[3].field, "torn");
	ck_assert_str_eq(fails[3].expected, "unsafe");
	ck_assert_str_eq(fails[3].got, "safe (4 mixes examined)");
	/* v6.15's own entry: only the path is wrong */
	ck_assert_uint_eq(run(FAIL, "fail.bypass-to-abort", "v6.15", &r, fails), 1);
	ck_assert_str_eq(fails[0].field, "path");
	ck_assert_str_eq(fails[0].expected, "no-critical");
	/* the run struct is optional */
	ck_assert_uint_eq(run(FAIL, "fail.privcfg-dropped-early", "v7.0", NULL, fails), 1);
	ck_assert_str_eq(fails[0].field, "torn");
	ck_assert_str_eq(fails[0].expected, "safe");
	ck_assert_msg(strncmp(fails[0].got, "unsafe (", 8) == 0, "got '%s'", fails[0].got);
	ck_assert_ptr_nonnull(strstr(fails[0].got, "first at step 0 with new q1: "));
}
END_TEST

START_TEST(names)
{
	enum writer_path p;

	ck_assert_str_eq(sn_hitless_path_name(WRITER_NOOP), "noop");
	ck_assert_str_eq(sn_hitless_path_name(WRITER_NO_CRITICAL), "no-critical");
	ck_assert_str_eq(sn_hitless_path_name(WRITER_HITLESS), "hitless");
	ck_assert_str_eq(sn_hitless_path_name(WRITER_BREAKING), "breaking");
	ck_assert_ptr_null(sn_hitless_path_name((enum writer_path)4));
	ck_assert(sn_hitless_path_parse("no-critical", &p));
	ck_assert_int_eq(p, WRITER_NO_CRITICAL);
	ck_assert(!sn_hitless_path_parse("hitless ", &p));
	ck_assert_str_eq(sn_hitless_kind_name(WRITER_STE), "ste");
	ck_assert_str_eq(sn_hitless_kind_name(WRITER_CD), "cd");
}
END_TEST

/* ------------------------------------------------------------------ */
/* The command line                                                    */

/*
 * writer.yaml: four vectors under the four policies and good.noop under
 * two, so 18 results.
 */
START_TEST(cli_replay)
{
	struct cli_run run;

	CLI_RUN(&run, "replay", "tests/good-hitless");
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out, "18 passed, 0 failed\n");
	ck_assert_str_eq(run.err, "");
	CLI_RUN(&run, "replay", "--policy=v6.13", GOOD);
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out, "5 passed, 0 failed\n");
	CLI_RUN(&run, "replay", "--policy=seed-v2", GOOD);
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out, "4 passed, 0 failed\n");
}
END_TEST

START_TEST(cli_replay_failures)
{
	struct cli_run run;
	static const char head[] =
		FAIL ":17: fail.bypass-to-abort (v6.15): path: expected no-critical, got hitless\n"
		FAIL ":15: fail.bypass-to-abort (v7.0): syncs: expected 3, got 2\n"
		FAIL ":15: fail.bypass-to-abort (v7.0): hitless: expected false, got true\n"
		FAIL ":15: fail.bypass-to-abort (v7.0): path: expected breaking, got hitless\n"
		FAIL ":15: fail.bypass-to-abort (v7.0): torn: expected unsafe, got safe (4 mixes "
		"examined)\n"
		FAIL ":26: fail.privcfg-dropped-early (v7.0): torn: expected safe, got unsafe (";
	const char *tail;

	CLI_RUN(&run, "replay", FAIL);
	ck_assert_int_eq(run.status, 1);
	ck_assert_msg(strncmp(run.out, head, strlen(head)) == 0, "got:\n%s", run.out);
	tail = strstr(run.out, ")\n0 passed, 3 failed\n");
	ck_assert_ptr_nonnull(tail);
	ck_assert_str_eq(tail, ")\n0 passed, 3 failed\n");
	CLI_RUN(&run, "replay", "--quiet", FAIL);
	ck_assert_int_eq(run.status, 1);
	ck_assert_str_eq(run.out, "0 passed, 3 failed\n");
	CLI_RUN(&run, "replay", "--policy=v6.13", FAIL);
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out, "0 passed, 0 failed\n");
}
END_TEST

START_TEST(cli_conformance_and_lint)
{
	struct cli_run run;

	CLI_RUN(&run, "conformance", "tests/good-hitless");
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out,
			 "smmu-nest conformance: 1 files, 5 vectors\n"
			 "area       policy     passed   failed\n"
			 "hitless    seed-v2         4        0\n"
			 "hitless    v6.13           5        0\n"
			 "hitless    v6.15           4        0\n"
			 "hitless    v7.0            5        0\n"
			 "18 passed, 0 failed\n");
	CLI_RUN(&run, "lint", "tests/good-hitless");
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out,
			 "lint: note: no rules file given, so rule ids are not checked\n"
			 "lint: 1 file, 5 vectors, 0 rules: ok\n");
	/* the hitless rules catalogue names every rule writer.yaml cites */
	CLI_RUN(&run, "lint", GOOD, "rules/hitless.yaml");
	ck_assert_ptr_null(strstr(run.out, "checks unknown rule"));
	/* no events in this area */
	CLI_RUN(&run, "lint", "--event-fields", GOOD);
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out,
			 "lint: note: no rules file given, so rule ids are not checked\n"
			 "lint: 1 file, 5 vectors, 0 rules: ok\n");
	/* explain has nothing to explain here */
	CLI_RUN(&run, "explain", GOOD);
	ck_assert_int_eq(run.status, 2);
	ck_assert_str_eq(run.out, "");
}
END_TEST

static Suite *hitlessvec_suite(void)
{
	Suite *s = suite_create("hitlessvec");
	TCase *bad = tcase_create("bad");
	TCase *good = tcase_create("good");
	TCase *runs = tcase_create("run");
	TCase *cli = tcase_create("cli");

	tcase_add_loop_test(bad, bad_input, 0, N_BAD_CASES);
	tcase_add_loop_test(bad, bad_input_cli, 0, N_BAD_CASES);
	tcase_add_test(bad, truncated_inputs);
	tcase_set_timeout(bad, 120);
	tcase_add_test(good, good_header);
	tcase_add_test(good, good_input);
	tcase_add_test(good, good_outcomes);
	tcase_add_test(runs, run_nested_v70);
	tcase_add_test(runs, run_nested_v615);
	tcase_add_test(runs, run_privcfg_torn);
	tcase_add_test(runs, run_failures);
	tcase_add_test(runs, names);
	tcase_add_test(cli, cli_replay);
	tcase_add_test(cli, cli_replay_failures);
	tcase_add_test(cli, cli_conformance_and_lint);
	tcase_set_timeout(cli, 60);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, good);
	suite_add_tcase(s, runs);
	suite_add_tcase(s, cli);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(hitlessvec_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
