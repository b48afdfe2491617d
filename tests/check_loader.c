// SPDX-License-Identifier: MIT
/*
 * The vector and rules loaders (vectors/SCHEMA.md), sn_collect_yaml() and
 * sn_lint(), against fixtures under tests/:
 *
 *   bad/      one broken file per rejected input; each table row gives the
 *             located message it must produce, worked out from the fixture
 *   good/     valid files whose loaded values are checked field by field
 *   collect/  a small tree for sn_collect_yaml()
 *   lint/     one small vectors + rules tree per lint outcome
 *
 * Paths are relative to the repository root, where make runs the tests.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <smmu-nest/vectors.h>

static unsigned policy_bit(const char *name)
{
	for (unsigned i = 0; i < host_policy_count; i++)
		if (strcmp(host_policies[i]->name, name) == 0)
			return 1u << i;
	ck_abort_msg("no policy '%s'", name);
	return 0;
}

static unsigned policy_at(const char *name)
{
	return (unsigned)__builtin_ctz(policy_bit(name));
}

/* ------------------------------------------------------------------ */
/* Rejected inputs                                                     */

enum file_kind { VECTORS, RULES };

struct bad_case {
	const char *file;        /* under tests/bad/ */
	enum file_kind kind;
	const char *msg;         /* what follows "tests/bad/<file>:", from line:col on */
};

static const struct bad_case bad_cases[] = {
	/* The YAML layer: syntax, and what the tree refuses to build. */
	{ "syntax-error.yaml", VECTORS,
	  "3:14: YAML syntax error: mapping values are not allowed in this context" },
	{ "alias.yaml", VECTORS, "3:7: aliases are not allowed (found '*ref')" },
	{ "anchor.yaml", VECTORS, "3:7: anchors are not allowed (found '&ref')" },
	{ "tag.yaml", VECTORS, "1:9: tags are not allowed (found 'tag:yaml.org,2002:int')" },
	{ "two-documents.yaml", VECTORS, "12:1: a second YAML document; a file holds exactly one" },
	{ "empty.yaml", VECTORS, "1:1: the file holds no YAML document" },
	/* root mapping + 63 lists open: the 64th '[' (column 4 + 63) is one too many */
	{ "too-deep.yaml", VECTORS, "1:67: lists and mappings nest deeper than 64 levels" },
	{ "dup-key.yaml", VECTORS, "4:1: duplicate key 'area' (first at line 2, column 1)" },
	{ "non-scalar-key.yaml", VECTORS, "2:3: a mapping key must be a plain string, not a list" },
	{ "nul-in-value.yaml", VECTORS, "3:7: a NUL character is not allowed in a value" },
	{ "invalid-utf8.yaml", VECTORS, "3:15: cannot read the text: invalid leading UTF-8 octet" },

	/* File header. */
	{ "top-level-list.yaml", VECTORS,
	  "1:1: a vector file must be a mapping of header keys, not a list" },
	{ "unknown-key.yaml", VECTORS,
	  "4:1: unknown key 'colour' in the file header (expected schema, area, spec, "
	  "description, default-policy, policies, test-count, flags, defaults or vectors)" },
	{ "missing-key.yaml", VECTORS, "1:1: the file header lacks the required key 'spec'" },
	{ "schema-version.yaml", VECTORS,
	  "1:9: key 'schema': unsupported schema version 2 (this loader reads version 1)" },
	{ "string-empty.yaml", VECTORS, "3:7: key 'spec': must be a non-empty string" },
	{ "string-is-list.yaml", VECTORS, "3:7: key 'spec': must be a string, not a list" },
	{ "area-unknown.yaml", VECTORS,
	  "2:7: key 'area': unknown area 'fridge' (expected vste, ste, cd, walk, tlb or hitless; "
	  "cmdq is reserved)" },
	{ "area-no-runner.yaml", VECTORS,
	  "2:7: key 'area': area 'cmdq' has no runner yet (schema version 1 loads vste, ste, cd, "
	  "walk, tlb and hitless files)" },
	{ "vectors/cd/area-dir-mismatch.yaml", VECTORS,
	  "2:7: key 'area': area 'vste' does not match the directory vectors/cd/ the file "
	  "lives in" },
	{ "test-count-mismatch.yaml", VECTORS,
	  "4:13: key 'test-count': test-count is 2 but the file has 1 vector" },
	{ "default-policy-unknown.yaml", VECTORS,
	  "4:17: key 'default-policy': unknown policy 'v5' (expected seed-v2, v6.13, v6.15 or "
	  "v7.0)" },
	{ "policy-unknown.yaml", VECTORS,
	  "4:19: key 'policies': unknown policy 'v9.9' (expected seed-v2, v6.13, v6.15 or v7.0)" },
	{ "policy-listed-twice.yaml", VECTORS, "4:18: key 'policies': policy 'v7.0' is listed twice" },
	{ "flags-not-mapping.yaml", VECTORS, "5:8: key 'flags': must be a mapping, not a list" },
	{ "defaults-unknown-key.yaml", VECTORS,
	  "5:12: unknown key 'vste' in the header's defaults (expected parent or env)" },
	{ "defaults-parent-invalid.yaml", VECTORS,
	  "5:20: key 'parent': not usable as a nest parent: parent STE must be valid (V=1)" },

	/* Numbers: line 10 is "      vste: [N, 0]", so N starts at column 14. */
	{ "number-negative.yaml", VECTORS,
	  "4:13: key 'test-count': '-1' is not an unsigned number (write decimal like 42 or hex "
	  "like 0x2a)" },
	{ "number-float.yaml", VECTORS, "10:14: key 'vste': '1.5' is not an unsigned number" },
	{ "number-hex-no-digits.yaml", VECTORS, "10:14: key 'vste': '0x' is not an unsigned number" },
	{ "number-underscore.yaml", VECTORS, "10:14: key 'vste': '1_000' is not an unsigned number" },
	{ "number-octal.yaml", VECTORS, "10:14: key 'vste': '0o7' is not an unsigned number" },
	{ "number-leading-zero.yaml", VECTORS, "10:14: key 'vste': '010' is not an unsigned number" },
	{ "number-upper-prefix.yaml", VECTORS, "10:14: key 'vste': '0X2A' is not an unsigned number" },
	/* parent S2S=1 (stall master) with an ATS device: no real host has both */
	{ "stall-parent-ats.yaml", VECTORS,
	  "10:7: input: a stall-enabled master (parent S2S=1) cannot support ATS" },
	{ "number-too-wide.yaml", VECTORS,
	  "10:14: key 'vste': 0x10000000000000000 does not fit in 64 bits" },
	{ "number-too-wide-decimal.yaml", VECTORS,
	  "10:17: key 'vste': 18446744073709551616 does not fit in 64 bits" },
	{ "vste-wrong-length.yaml", VECTORS,
	  "10:13: key 'vste': must hold exactly 2 numbers (vSTE words 0 and 1), not 1" },

	/* Input: line 11 is the added parent or env line. */
	{ "alloc-flags-too-wide.yaml", VECTORS,
	  "11:26: key 'alloc-flags': 0x100000000 does not fit in 32 bits" },
	{ "bool-not-true-false.yaml", VECTORS,
	  "11:22: key 'nesting': must be true or false (unquoted), not 'yes'" },
	{ "bool-quoted.yaml", VECTORS,
	  "11:22: key 'nesting': must be true or false (unquoted), not 'true'" },
	{ "env-unknown-key.yaml", VECTORS,
	  "11:13: key 'env': unknown host fact 'turbo' (expected nesting, trans-s1, s2fwb, "
	  "cmdq-force-sync, canwbs, ats-supported, parent-paging, parent-s2, parent-same-smmu, "
	  "parent-nest-parent, ssids-in-use, vdevice or alloc-flags)" },
	{ "parent-unknown.yaml", VECTORS,
	  "11:15: key 'parent': unknown parent 'host' (expected default, kunit-s2 or a list of "
	  "1 to 8 numbers)" },
	{ "parent-too-long.yaml", VECTORS, "11:15: key 'parent': must hold 1 to 8 numbers, not 9" },
	{ "parent-not-stage2.yaml", VECTORS,
	  "11:15: key 'parent': not usable as a nest parent: parent STE must be stage-2 only "
	  "(Config=6)" },
	/* fuzz/repro/vste-parent-dw0-host-bits.yaml: a bit a kernel parent never has */
	{ "parent-dw0-extra-bit.yaml", VECTORS,
	  "11:15: key 'parent': not usable as a nest parent: parent STE word 0 may hold only V "
	  "and Config, as a kernel stage-2 STE does" },
	{ "input-missing-vste.yaml", VECTORS, "9:12: a vector's input lacks the required key 'vste'" },

	/* Vectors: the first one's mapping starts at line 6, column 5, its id at column 9. */
	{ "vector-not-mapping.yaml", VECTORS, "6:5: each entry of 'vectors' must be a mapping, not a scalar" },
	{ "vector-unknown-key.yaml", VECTORS,
	  "9:5: unknown key 'colour' in a vector (expected id, rules, cite, comment, flags, "
	  "policies, input, expect or expect-by-policy)" },
	{ "vector-missing-key.yaml", VECTORS, "6:5: a vector lacks the required key 'cite'" },
	{ "id-charset.yaml", VECTORS,
	  "6:9: key 'id': 'T.One' is not a valid id (use lower-case letters, digits, '.', '-' "
	  "and '_', starting with a letter or digit)" },
	{ "dup-vector-id.yaml", VECTORS,
	  "12:9: duplicate vector id 't.one' (first at line 6, column 9)" },
	{ "rules-empty.yaml", VECTORS, "7:12: key 'rules': must not be empty" },
	{ "rule-listed-twice.yaml", VECTORS,
	  "7:20: key 'rules': 'r.one' is listed twice (first at line 7, column 13)" },
	{ "flag-undeclared.yaml", VECTORS,
	  "9:13: key 'flags': flag 'NOPE' is not declared in the header's flags" },
	{ "policy-not-in-file.yaml", VECTORS,
	  "10:16: key 'policies': policy 'v6.13' is not among the file's policies (v7.0)" },
	{ "no-expectation.yaml", VECTORS,
	  "6:5: vector 't.one' has no expectation for policy 'seed-v2' (give it 'expect' or an "
	  "'expect-by-policy' entry)" },
	{ "expect-for-unrun-policy.yaml", VECTORS,
	  "13:24: key 'expect-by-policy': the vector is not replayed under policy 'v6.13'" },

	/* Outcomes: line 11 is "    expect: {...}", its '{' at column 13. */
	{ "ok-ste-short.yaml", VECTORS,
	  "11:31: key 'ste': must hold exactly 8 numbers (STE words 0 to 7), not 7" },
	{ "ok-missing-ats.yaml", VECTORS, "11:13: an 'ok' outcome lacks the required key 'ats'" },
	{ "errno-unknown.yaml", VECTORS,
	  "11:36: key 'errno': unknown errno 'EFOO' (expected EIO, EINVAL, EOPNOTSUPP, EBUSY or "
	  "ENOENT)" },
	{ "stage-unknown.yaml", VECTORS,
	  "11:48: key 'stage': unknown stage 'probe' (expected viommu, alloc or attach)" },
	{ "result-unknown.yaml", VECTORS,
	  "11:22: key 'result': unknown result 'maybe' (expected ok, error or acceptable)" },
	{ "outcome-key-not-allowed.yaml", VECTORS,
	  "11:41: unknown key 'ats' in an 'error' outcome (expected result, errno or stage)" },
	{ "acceptable-empty.yaml", VECTORS, "11:42: key 'any-of': must list at least one outcome" },
	{ "acceptable-nested.yaml", VECTORS,
	  "15:20: key 'result': an any-of alternative must be 'ok' or 'error', not 'acceptable'" },

	/* Rules catalogues: the first rule's id is at line 3, column 9. */
	{ "rules/kind-unknown.yaml", RULES,
	  "4:11: key 'kind': unknown kind 'law' (expected arch or policy)" },
	{ "rules/dup-rule-id.yaml", RULES,
	  "7:9: duplicate rule id 'r.one' (first at line 3, column 9)" },
	{ "rules/missing-sources.yaml", RULES, "3:5: a rule lacks the required key 'sources'" },
	{ "rules/policy-unknown.yaml", RULES, "7:16: key 'policies': unknown policy 'v1'" },
	{ "rules/unknown-top-key.yaml", RULES,
	  "2:1: unknown key 'area' in a rules file (expected schema or rules)" },
	{ "no-such-file.yaml", VECTORS, " cannot open: No such file or directory" },
};

#define N_BAD_CASES (int)(sizeof(bad_cases) / sizeof(bad_cases[0]))

/* Load @path as @kind; it must fail with a message starting @want, leaving the struct empty. */
static void expect_rejected(const char *path, enum file_kind kind, const char *want)
{
	struct sn_vector_file vf;
	struct sn_rule_file rf;
	struct sn_error err = { "" };
	int rc;

	if (kind == VECTORS) {
		rc = sn_vector_file_load(path, &vf, &err);
		ck_assert_ptr_null(vf.path);
		ck_assert_uint_eq(vf.n_vectors, 0);
		sn_vector_file_free(&vf);
	} else {
		rc = sn_rule_file_load(path, &rf, &err);
		ck_assert_ptr_null(rf.path);
		ck_assert_uint_eq(rf.n_rules, 0);
		sn_rule_file_free(&rf);
	}
	ck_assert_msg(rc == -1, "%s: loaded, but should fail with '%s'", path, want);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0,
		      "%s:\n  got      '%s'\n  expected '%s...'", path, err.msg, want);
}

START_TEST(bad_input)
{
	const struct bad_case *bc = &bad_cases[_i];
	char path[256], want[768];

	snprintf(path, sizeof(path), "tests/bad/%s", bc->file);
	snprintf(want, sizeof(want), "%s:%s", path, bc->msg);
	expect_rejected(path, bc->kind, want);
}
END_TEST

/* A file one byte over the limit: generated here, since 16 MiB has no place in git. */
START_TEST(bad_input_too_large)
{
	char path[] = "/tmp/sn-loader-large-XXXXXX", want[128];
	static char block[1 << 16];
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(f);
	memset(block, '\n', sizeof(block));
	for (unsigned i = 0; i < (16u << 20) / sizeof(block); i++)
		ck_assert_uint_eq(fwrite(block, 1, sizeof(block), f), sizeof(block));
	ck_assert_int_eq(fputc('\n', f), '\n');
	ck_assert_int_eq(fclose(f), 0);
	snprintf(want, sizeof(want), "%s:1:1: the file is larger than the 16 MiB limit", path);
	expect_rejected(path, VECTORS, want);
	unlink(path);
}
END_TEST

/*
 * Every prefix of a valid file (most are broken YAML or break the schema)
 * must load cleanly or fail with a located message: never crash or leak.
 */
START_TEST(truncated_inputs)
{
	char path[] = "/tmp/sn-loader-cut-XXXXXX";
	char text[4096];
	size_t len;
	FILE *src = fopen("tests/good/loader.yaml", "rb");
	int fd = mkstemp(path);

	ck_assert_ptr_nonnull(src);
	ck_assert_int_ge(fd, 0);
	len = fread(text, 1, sizeof(text), src);
	fclose(src);
	close(fd);
	ck_assert_uint_lt(len, sizeof(text));
	for (size_t cut = 0; cut <= len; cut++) {
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
/* A valid vector file, field by field (tests/good/loader.yaml)        */

static void load_good(struct sn_vector_file *f)
{
	struct sn_error err;

	ck_assert_msg(sn_vector_file_load("tests/good/loader.yaml", f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f->n_vectors, 4);
}

static void assert_loc(const struct sn_loc *loc, unsigned line, unsigned col)
{
	ck_assert_str_eq(loc->file, "tests/good/loader.yaml");
	ck_assert_msg(loc->line == line && loc->col == col, "location %u:%u, expected %u:%u",
		      loc->line, loc->col, line, col);
}

#define ENV_FIELD_EQ(got, want, field) \
	ck_assert_msg((got)->field == (want)->field, "env." #field ": got %u, expected %u", \
		      (unsigned)(got)->field, (unsigned)(want)->field)

static void assert_env_eq(const struct host_env *got, const struct host_env *want)
{
	ENV_FIELD_EQ(got, want, nesting);
	ENV_FIELD_EQ(got, want, trans_s1);
	ENV_FIELD_EQ(got, want, s2fwb);
	ENV_FIELD_EQ(got, want, cmdq_force_sync);
	ENV_FIELD_EQ(got, want, canwbs);
	ENV_FIELD_EQ(got, want, ats_supported);
	ENV_FIELD_EQ(got, want, parent_paging);
	ENV_FIELD_EQ(got, want, parent_s2);
	ENV_FIELD_EQ(got, want, parent_same_smmu);
	ENV_FIELD_EQ(got, want, parent_nest_parent);
	ENV_FIELD_EQ(got, want, ssids_in_use);
	ENV_FIELD_EQ(got, want, vdevice);
	ENV_FIELD_EQ(got, want, alloc_flags);
}

static void assert_words_eq(const u64 *got, const u64 *want, unsigned n, const char *what)
{
	for (unsigned i = 0; i < n; i++)
		ck_assert_msg(got[i] == want[i], "%s word %u: got 0x%016llx, expected 0x%016llx",
			      what, i, (unsigned long long)got[i], (unsigned long long)want[i]);
}

static void assert_error_outcome(const struct sn_outcome *o, int err, bool has_stage,
				 enum sn_stage stage)
{
	ck_assert_int_eq(o->kind, SN_RES_ERROR);
	ck_assert_str_eq(sn_errno_name(o->err), sn_errno_name(err));
	ck_assert_int_eq(o->has_stage, has_stage);
	if (has_stage)
		ck_assert_str_eq(sn_stage_name(o->stage), sn_stage_name(stage));
}

START_TEST(good_header)
{
	struct sn_vector_file f;

	load_good(&f);
	ck_assert_str_eq(f.path, "tests/good/loader.yaml");
	ck_assert_str_eq(f.area, "vste");
	ck_assert_str_eq(f.spec, "IHI0070 G.b");
	ck_assert_str_eq(f.description, "Every part of the schema the loader fills in.");
	ck_assert_ptr_eq(f.default_policy, host_policy_find("v6.13"));
	ck_assert_uint_eq(f.policy_mask,
			  policy_bit("seed-v2") | policy_bit("v6.13") | policy_bit("v7.0"));
	ck_assert_uint_eq(f.test_count, 4);
	ck_assert_uint_eq(f.n_flags, 2);
	ck_assert_str_eq(f.flag_names[0], "F-ONE");
	ck_assert_str_eq(f.flag_texts[0], "first flag");
	ck_assert_str_eq(f.flag_names[1], "F-TWO");
	ck_assert_str_eq(f.flag_texts[1], "second flag");
	sn_vector_file_free(&f);
	ck_assert_ptr_null(f.vectors);
}
END_TEST

/* Vector 1 takes parent and env from the header's defaults; a quoted, mixed-case hex word. */
START_TEST(good_vector_from_defaults)
{
	struct sn_vector_file f;
	const struct sn_vector *v;
	struct host_env env;
	u64 kunit[STE_DWORDS];

	load_good(&f);
	v = &f.vectors[0];
	ck_assert_str_eq(v->id, "good.defaults");
	assert_loc(&v->loc, 15, 5);
	ck_assert_uint_eq(v->n_rules, 1);
	ck_assert_str_eq(v->rules[0], "r.one");
	assert_loc(&v->rule_locs[0], 16, 13);
	ck_assert_uint_eq(v->n_cites, 1);
	ck_assert_str_eq(v->cites[0], "IHI0070 G.b §5.2");
	ck_assert_ptr_null(v->comment);
	ck_assert_uint_eq(v->n_flags, 0);
	ck_assert_uint_eq(v->policy_mask, f.policy_mask);
	assert_words_eq(v->vste, (const u64[]){ 0x8000100b, 0x100000d6 }, 2, "vste");
	ck_assert(host_parent_by_name("kunit-s2", kunit));
	assert_words_eq(v->parent, kunit, STE_DWORDS, "parent");
	host_env_default(&env);
	env.ats_supported = true;
	env.s2fwb = true;
	assert_env_eq(&v->env, &env);
	ck_assert(v->has_expect);
	assert_error_outcome(&v->expect, SN_EIO, true, SN_STAGE_ALLOC);
	assert_loc(&v->expect.loc, 20, 13);
	for (unsigned i = 0; i < SN_MAX_POLICIES; i++)
		ck_assert(!v->has_policy_expect[i]);
	sn_vector_file_free(&f);
}
END_TEST

/* Vector 2: a named parent and env keys over the defaults; per-policy expectations only. */
START_TEST(good_vector_named_parent)
{
	static const u64 ste[STE_DWORDS] = { 1, 2, 3, 4, 5, 6, 7, UINT64_MAX };
	struct sn_vector_file f;
	const struct sn_vector *v;
	const struct sn_outcome *o;
	struct host_env env;

	load_good(&f);
	v = &f.vectors[1];
	ck_assert_str_eq(v->id, "good.named-parent");
	assert_loc(&v->loc, 21, 5);
	ck_assert_uint_eq(v->n_rules, 2);
	ck_assert_str_eq(v->rules[1], "r.two");
	assert_loc(&v->rule_locs[1], 22, 20);
	ck_assert_uint_eq(v->n_cites, 2);
	ck_assert_str_eq(v->cites[1], "b");
	ck_assert_str_eq(v->comment, "Overrides the defaults key by key.");
	ck_assert_uint_eq(v->n_flags, 1);
	ck_assert_str_eq(v->flags[0], "F-TWO");
	ck_assert_uint_eq(v->policy_mask, policy_bit("v6.13") | policy_bit("v7.0"));
	assert_words_eq(v->vste, (const u64[]){ 0, UINT64_MAX }, 2, "vste");
	assert_words_eq(v->parent, host_default_parent, STE_DWORDS, "parent");
	host_env_default(&env);
	env.ats_supported = true;       /* from defaults */
	env.s2fwb = false;              /* defaults say true; the vector overrides */
	env.alloc_flags = 0xffffffffu;
	env.nesting = false;
	assert_env_eq(&v->env, &env);
	ck_assert(!v->has_expect);
	ck_assert(v->has_policy_expect[policy_at("v6.13")]);
	assert_error_outcome(&v->policy_expect[policy_at("v6.13")], SN_EOPNOTSUPP, false, 0);
	assert_loc(&v->policy_expect[policy_at("v6.13")].loc, 32, 14);
	o = &v->policy_expect[policy_at("v7.0")];
	ck_assert(v->has_policy_expect[policy_at("v7.0")]);
	ck_assert_int_eq(o->kind, SN_RES_OK);
	assert_words_eq(o->ste, ste, STE_DWORDS, "expected STE");
	ck_assert(o->ats);
	assert_loc(&o->loc, 34, 9);
	sn_vector_file_free(&f);
}
END_TEST

/* Vector 3: an explicit 3-word parent (words 3..7 zero); a common expect plus one override. */
START_TEST(good_vector_explicit_parent)
{
	static const u64 parent[STE_DWORDS] = { 0xd, 0x100000000000, 0x44d359000000001 };
	static const u64 zero[STE_DWORDS];
	struct sn_vector_file f;
	const struct sn_vector *v;
	struct host_env env;

	load_good(&f);
	v = &f.vectors[2];
	ck_assert_str_eq(v->id, "good.explicit-parent");
	assert_words_eq(v->parent, parent, STE_DWORDS, "parent");
	host_env_default(&env);
	env.ats_supported = true;
	env.s2fwb = true;
	assert_env_eq(&v->env, &env);
	ck_assert(v->has_expect);
	ck_assert_int_eq(v->expect.kind, SN_RES_OK);
	assert_words_eq(v->expect.ste, zero, STE_DWORDS, "expected STE");
	ck_assert(!v->expect.ats);
	assert_error_outcome(&v->policy_expect[policy_at("seed-v2")], SN_EINVAL, true,
			     SN_STAGE_VIOMMU);
	sn_vector_file_free(&f);
}
END_TEST

START_TEST(good_vector_acceptable)
{
	struct sn_vector_file f;
	const struct sn_outcome *o;

	load_good(&f);
	o = &f.vectors[3].expect;
	ck_assert_str_eq(f.vectors[3].id, "good.acceptable");
	ck_assert_int_eq(o->kind, SN_RES_ACCEPTABLE);
	assert_loc(&o->loc, 51, 7);
	ck_assert_uint_eq(o->n_any_of, 2);
	assert_error_outcome(&o->any_of[0], SN_EBUSY, true, SN_STAGE_ATTACH);
	ck_assert_int_eq(o->any_of[1].kind, SN_RES_OK);
	ck_assert(o->any_of[1].ste[0] == 9 && o->any_of[1].ste[7] == 0);
	ck_assert(!o->any_of[1].ats);
	assert_loc(&o->any_of[1].loc, 54, 11);
	sn_vector_file_free(&f);
}
END_TEST

/* The per-policy expectation wins, then the common one, else none. */
START_TEST(expect_for_picks_policy_then_common)
{
	struct sn_vector_file f;
	const struct sn_vector *named, *explicit;

	load_good(&f);
	named = &f.vectors[1];
	explicit = &f.vectors[2];
	ck_assert_ptr_eq(sn_vector_expect_for(named, policy_at("v6.13")),
			 &named->policy_expect[policy_at("v6.13")]);
	ck_assert_ptr_null(sn_vector_expect_for(named, policy_at("seed-v2")));
	ck_assert_ptr_eq(sn_vector_expect_for(explicit, policy_at("seed-v2")),
			 &explicit->policy_expect[policy_at("seed-v2")]);
	ck_assert_ptr_eq(sn_vector_expect_for(explicit, policy_at("v7.0")), &explicit->expect);
	ck_assert_ptr_eq(sn_vector_expect_for(explicit, SN_MAX_POLICIES), &explicit->expect);
	sn_vector_file_free(&f);
}
END_TEST

START_TEST(good_rules)
{
	struct sn_rule_file f;
	struct sn_error err;
	const struct sn_rule *r;

	ck_assert_msg(sn_rule_file_load("tests/good/rules/catalogue.yaml", &f, &err) == 0,
		      "%s", err.msg);
	ck_assert_uint_eq(f.n_rules, 2);
	r = &f.rules[0];
	ck_assert_str_eq(r->id, "r.one");
	ck_assert_str_eq(r->loc.file, "tests/good/rules/catalogue.yaml");
	ck_assert_uint_eq(r->loc.line, 3);
	ck_assert_uint_eq(r->loc.col, 9);
	ck_assert_str_eq(r->kind, "arch");
	ck_assert_str_eq(r->text, "The first rule.");
	ck_assert_uint_eq(r->n_sources, 2);
	ck_assert_str_eq(r->sources[1], "arch.md §1.2");
	ck_assert_uint_eq(r->policy_mask, 0);
	ck_assert_ptr_null(r->choice);
	ck_assert_ptr_null(r->waiver);
	r = &f.rules[1];
	ck_assert_str_eq(r->kind, "policy");
	ck_assert_uint_eq(r->policy_mask, policy_bit("v6.15") | policy_bit("v7.0"));
	ck_assert_str_eq(r->choice, "The model picks one.");
	ck_assert_str_eq(r->waiver, "Checked elsewhere.");
	sn_rule_file_free(&f);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Paths                                                               */

static const struct {
	const char *path;
	bool rules;
} rules_paths[] = {
	{ "rules/vste.yaml", true },
	{ "tests/lint/clean/rules/r.yaml", true },
	{ "rules/sub/x.yaml", true },
	{ "vectors/vste/a.yaml", false },
	{ "/home/rules/smmu-nest/vectors/vste/a.yaml", false }, /* nearest is vectors/ */
	{ "vectors/rules/x.yaml", true },                      /* nearest is rules/ */
	{ "rules.yaml", false },
	{ "myrules/x.yaml", false },
};

START_TEST(is_rules_path)
{
	ck_assert_msg(sn_is_rules_path(rules_paths[_i].path) == rules_paths[_i].rules,
		      "%s", rules_paths[_i].path);
}
END_TEST

static void assert_collected(const char *const *paths, unsigned n_paths,
			     const char *const *want, unsigned n_want)
{
	char **files;
	unsigned n;
	struct sn_error err;

	ck_assert_msg(sn_collect_yaml(paths, n_paths, &files, &n, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(n, n_want);
	for (unsigned i = 0; i < n; i++)
		ck_assert_str_eq(files[i], want[i]);
	sn_free_paths(files, n);
}

/* Sorted, recursive; other suffixes and hidden entries are skipped. */
START_TEST(collect_sorted_recursive)
{
	static const char *const paths[] = { "tests/collect" };
	static const char *const want[] = {
		"tests/collect/a.yaml", "tests/collect/b.yml", "tests/collect/sub/d.yaml",
		"tests/collect/sub/deeper/e.yaml",
	};

	assert_collected(paths, 1, want, 4);
}
END_TEST

/* A named file is kept whatever its suffix; a file reached twice is listed once. */
START_TEST(collect_files_and_repeats)
{
	static const char *const paths[] = {
		"tests/collect/sub", "tests/collect/c.txt", "tests/collect/sub/",
		"tests/collect/sub/d.yaml",
	};
	static const char *const want[] = {
		"tests/collect/c.txt", "tests/collect/sub/d.yaml", "tests/collect/sub/deeper/e.yaml",
	};

	assert_collected(paths, 4, want, 3);
}
END_TEST

START_TEST(collect_missing_path)
{
	static const char *const paths[] = { "tests/collect", "tests/no/such/dir" };
	char **files = (char **)1;
	unsigned n = 1;
	struct sn_error err;

	ck_assert_int_eq(sn_collect_yaml(paths, 2, &files, &n, &err), -1);
	ck_assert_ptr_null(files);
	ck_assert_uint_eq(n, 0);
	ck_assert_str_eq(err.msg, "tests/no/such/dir: No such file or directory");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Lint                                                                */

static const struct {
	const char *paths[2];
	int status;
	const char *out;          /* all of it */
} lint_cases[] = {
	{ { "tests/lint/clean" }, 0, "lint: 3 files, 3 vectors, 3 rules: ok\n" },
	{ { "tests/lint/clean/vectors", "tests/lint/clean/rules/r.yaml" }, 0,
	  "lint: 3 files, 3 vectors, 3 rules: ok\n" },
	{ { "tests/lint/uncovered" }, 2,
	  "tests/lint/uncovered/rules/r.yaml:7:9: rule 'r.two' is checked by no vector and has "
	  "no waiver\n"
	  "lint: 2 files, 1 vector, 2 rules: 1 problem\n" },
	{ { "tests/lint/dup-id" }, 2,
	  "tests/lint/dup-id/vectors/vste/b.yaml:6:5: duplicate vector id 'x.same' (first at "
	  "tests/lint/dup-id/vectors/vste/a.yaml:11:5)\n"
	  "tests/lint/dup-id/rules/s.yaml:8:9: duplicate rule id 'r.one' (first at "
	  "tests/lint/dup-id/rules/r.yaml:3:9)\n"
	  "lint: 4 files, 3 vectors, 3 rules: 2 problems\n" },
	{ { "tests/lint/unknown-rule" }, 2,
	  "tests/lint/unknown-rule/vectors/vste/a.yaml:7:20: vector 'x.one' checks unknown rule "
	  "'r.nope'\n"
	  "lint: 2 files, 1 vector, 1 rule: 1 problem\n" },
	/* the broken file hides its vectors, so r.one's coverage is not judged */
	{ { "tests/lint/load-error" }, 2,
	  "tests/lint/load-error/vectors/vste/a.yaml:10:36: key 'errno': unknown errno 'EFOO' "
	  "(expected EIO, EINVAL, EOPNOTSUPP, EBUSY or ENOENT)\n"
	  "lint: 2 files, 0 vectors, 1 rule: 1 problem\n" },
	/* with only one side given, the checks that need the other are skipped, and said so */
	{ { "tests/lint/clean/vectors" }, 0,
	  "lint: note: no rules file given, so rule ids are not checked\n"
	  "lint: 2 files, 3 vectors, 0 rules: ok\n" },
	{ { "tests/lint/clean/rules" }, 0,
	  "lint: note: no vector file given, so rule coverage is not checked\n"
	  "lint: 1 file, 0 vectors, 3 rules: ok\n" },
	{ { "tests/lint/clean", "tests/lint/none" }, 2,
	  "tests/lint/none: No such file or directory\n"
	  "lint: 0 files, 0 vectors, 0 rules: 1 problem\n" },
};

START_TEST(lint_trees)
{
	const char *paths[2];
	unsigned n = 0;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int status;

	ck_assert_ptr_nonnull(f);
	while (n < 2 && lint_cases[_i].paths[n]) {
		paths[n] = lint_cases[_i].paths[n];
		n++;
	}
	status = sn_lint(paths, n, f);
	fclose(f);
	ck_assert_msg(strcmp(out, lint_cases[_i].out) == 0, "lint %s:\n--- got\n%s--- expected\n%s",
		      paths[0], out, lint_cases[_i].out);
	ck_assert_int_eq(status, lint_cases[_i].status);
	free(out);
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *bad = tcase_create("bad input");
	TCase *good = tcase_create("good input");
	TCase *paths = tcase_create("paths and lint");

	tcase_set_timeout(bad, 120);   /* the truncation sweep under valgrind */
	tcase_add_loop_test(bad, bad_input, 0, N_BAD_CASES);
	tcase_add_test(bad, bad_input_too_large);
	tcase_add_test(bad, truncated_inputs);
	suite_add_tcase(s, bad);

	tcase_add_test(good, good_header);
	tcase_add_test(good, good_vector_from_defaults);
	tcase_add_test(good, good_vector_named_parent);
	tcase_add_test(good, good_vector_explicit_parent);
	tcase_add_test(good, good_vector_acceptable);
	tcase_add_test(good, expect_for_picks_policy_then_common);
	tcase_add_test(good, good_rules);
	suite_add_tcase(s, good);

	tcase_add_loop_test(paths, is_rules_path, 0,
			    (int)(sizeof(rules_paths) / sizeof(rules_paths[0])));
	tcase_add_test(paths, collect_sorted_recursive);
	tcase_add_test(paths, collect_files_and_repeats);
	tcase_add_test(paths, collect_missing_path);
	tcase_add_loop_test(paths, lint_trees, 0, (int)(sizeof(lint_cases) / sizeof(lint_cases[0])));
	suite_add_tcase(s, paths);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(loader_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
