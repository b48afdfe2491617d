// SPDX-License-Identifier: MIT
/*
 * The smmu-nest command line, driven as a user would: arguments, standard
 * input, output and exit status.  Expected answers come from linux.md §3
 * (the kernel's worked example) and from the rules by hand.
 *
 * The binary is $SMMU_NEST_CLI (set by make), else build/smmu-nest.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct run {
	int status;          /* exit status */
	char out[16384];
	char err[4096];
};

static const char *cli_path(void)
{
	const char *p = getenv("SMMU_NEST_CLI");
	return p && *p ? p : "build/smmu-nest";
}

static void drain(int fd, char *buf, size_t len)
{
	size_t used = 0;
	ssize_t n;

	while ((n = read(fd, buf + used, len - 1 - used)) > 0)
		used += (size_t)n;
	buf[used] = '\0';
}

/* Run the CLI with @argv (NULL-terminated, without argv[0]) and @input on stdin. */
static void run_cli(struct run *r, const char *input, const char *const *args)
{
	int in[2], out[2], err[2];
	const char *argv[32];
	unsigned n = 0;
	pid_t pid;
	int st;

	argv[n++] = cli_path();
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	ck_assert(pipe(in) == 0 && pipe(out) == 0 && pipe(err) == 0);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[1]);
		close(out[0]);
		close(err[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (input)
		ck_assert(write(in[1], input, strlen(input)) == (ssize_t)strlen(input));
	close(in[1]);
	drain(out[0], r->out, sizeof(r->out));
	drain(err[0], r->err, sizeof(r->err));
	close(out[0]);
	close(err[0]);
	ck_assert(waitpid(pid, &st, 0) == pid);
	ck_assert_msg(WIFEXITED(st), "CLI did not exit normally");
	r->status = WEXITSTATUS(st);
}

#define RUN(r, input, ...) run_cli((r), (input), (const char *const[]){ __VA_ARGS__, NULL })

/* --- a small JSON grammar check (RFC 8259), independent of the CLI --- */

static const char *json_value(const char *s);

static const char *json_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

static const char *json_string(const char *s)
{
	if (*s++ != '"')
		return NULL;
	while (*s && *s != '"') {
		if ((unsigned char)*s < 0x20)
			return NULL;
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
						return NULL;
				s += 4;
			} else if (!*s || !strchr("\"\\/bfnrt", *s)) {
				return NULL;
			}
		}
		s++;
	}
	return *s == '"' ? s + 1 : NULL;
}

static const char *json_number(const char *s)
{
	const char *start;

	if (*s == '-')
		s++;
	start = s;
	while (*s >= '0' && *s <= '9')
		s++;
	if (s == start || (start[0] == '0' && s - start > 1))
		return NULL;
	return s;
}

static const char *json_container(const char *s, char close, bool object)
{
	s = json_ws(s + 1);
	if (*s == close)
		return s + 1;
	for (;;) {
		if (object) {
			s = json_string(json_ws(s));
			if (!s)
				return NULL;
			s = json_ws(s);
			if (*s++ != ':')
				return NULL;
		}
		s = json_value(s);
		if (!s)
			return NULL;
		s = json_ws(s);
		if (*s == close)
			return s + 1;
		if (*s++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *s)
{
	s = json_ws(s);
	if (*s == '{')
		return json_container(s, '}', true);
	if (*s == '[')
		return json_container(s, ']', false);
	if (*s == '"')
		return json_string(s);
	if (strncmp(s, "true", 4) == 0)
		return s + 4;
	if (strncmp(s, "false", 5) == 0)
		return s + 5;
	if (strncmp(s, "null", 4) == 0)
		return s + 4;
	return json_number(s);
}

/* Every line of @out is exactly one JSON object; returns the line count. */
static unsigned json_lines(const char *out)
{
	unsigned lines = 0;
	char line[4096];

	while (*out) {
		size_t len = strcspn(out, "\n");
		const char *end;

		ck_assert(len < sizeof(line));
		memcpy(line, out, len);
		line[len] = '\0';
		ck_assert_msg(line[0] == '{', "not an object: %s", line);
		end = json_value(line);
		ck_assert_msg(end && *json_ws(end) == '\0', "not valid JSON: %s", line);
		lines++;
		out += len + (out[len] == '\n');
	}
	return lines;
}

/* --- the kernel's worked example (linux.md §3) --- */

#define EX_W0 "0x000000008000100b"
#define EX_W1 "0x00000000100000d6"
#define EX_STE_TAIL "\"0x0449b6c400000000\",\"0x000dbeefdeadbee0\"," \
	"\"0x0000000000000000\",\"0x0000000000000000\",\"0x0000000000000000\",\"0x0000000000000000\"]"

START_TEST(vste_json_worked_example_each_policy)
{
	static const struct {
		const char *policy, *line;
	} cases[] = {
		/* MEV (bit 19) set from v6.15: DW1 0x...100800d6 */
		{ "v7.0", "{\"policy\":\"v7.0\",\"result\":\"ok\",\"ste\":[\"0x000000008000100f\","
			  "\"0x00001000100800d6\"," EX_STE_TAIL ",\"ats\":true}\n" },
		{ "v6.15", "{\"policy\":\"v6.15\",\"result\":\"ok\",\"ste\":[\"0x000000008000100f\","
			   "\"0x00001000100800d6\"," EX_STE_TAIL ",\"ats\":true}\n" },
		/* v6.13: no MEV */
		{ "v6.13", "{\"policy\":\"v6.13\",\"result\":\"ok\",\"ste\":[\"0x000000008000100f\","
			   "\"0x00001000100000d6\"," EX_STE_TAIL ",\"ats\":true}\n" },
	};
	struct run r;

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char pol[32];

		snprintf(pol, sizeof(pol), "--policy=%s", cases[i].policy);
		RUN(&r, NULL, "vste", pol, "--parent=kunit-s2", "--ats-supported", "--json", EX_W0, EX_W1);
		ck_assert_int_eq(r.status, 0);
		ck_assert_str_eq(r.out, cases[i].line);
		ck_assert_uint_eq(json_lines(r.out), 1);
	}
	/* seed-v2 only accepts EATS=0: -EIO from the allocation */
	RUN(&r, NULL, "vste", "--policy=seed-v2", "--parent=kunit-s2", "--ats-supported", "--json", EX_W0, EX_W1);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "{\"policy\":\"seed-v2\",\"result\":\"error\",\"errno\":\"EIO\""));
	ck_assert_uint_eq(json_lines(r.out), 1);
}
END_TEST

START_TEST(vste_json_all_policies)
{
	struct run r;

	RUN(&r, NULL, "vste", "--policy=all", "--json", "0x1", "0x0");
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(json_lines(r.out), 4);
	/* V=1 Config=0 is an abort vSTE: every policy installs the abort STE */
	ck_assert_ptr_nonnull(strstr(r.out, "\"policy\":\"seed-v2\",\"result\":\"ok\",\"ste\":[\"0x0000000000000001\""));
	ck_assert_ptr_nonnull(strstr(r.out, "\"policy\":\"v7.0\",\"result\":\"ok\",\"ste\":[\"0x0000000000000001\""));
}
END_TEST

START_TEST(vste_batch_stdin)
{
	struct run r;

	/* line 3: V=1 Config=0 abort; v7.0 still enables ATS (linux.md §7 observation) */
	RUN(&r, EX_W0 " " EX_W1 "\n# comment\n\n0x1 0\n",
	    "vste", "--json", "--parent=kunit-s2", "--ats-supported", "-");
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(json_lines(r.out), 2);
	ck_assert_ptr_nonnull(strstr(r.out, "\"0x00001000100800d6\""));
	ck_assert_ptr_nonnull(strstr(r.out, "\"ste\":[\"0x0000000000000001\",\"0x0000000000000000\""));
	ck_assert_ptr_nonnull(strstr(r.out, "\"0x0000000000000000\"],\"ats\":true}\n"));
}
END_TEST

START_TEST(vste_batch_bad_line)
{
	struct run r;

	RUN(&r, "0x1 0\n0x1 0xZZ\n", "vste", "-");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "<stdin>:2:5: '0xZZ' is not a 64-bit number"));
	RUN(&r, "0x1\n", "vste", "-");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "<stdin>:1:1: expected two numbers"));
	RUN(&r, "1 2 3\n", "vste", "-");
	ck_assert_int_eq(r.status, 2);
}
END_TEST

START_TEST(vste_text_and_v0)
{
	struct run r;

	/* V=0 with every other bit set: merged code zeroes and accepts it (abort STE) */
	RUN(&r, NULL, "vste", "--policy=v6.13", "0xfffffffffffffffe", "0xffffffffffffffff");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "v6.13: ok ste=[0x0000000000000001,0x0000000000000000,"
			 "0x0000000000000000,0x0000000000000000,0x0000000000000000,"
			 "0x0000000000000000,0x0000000000000000,0x0000000000000000] ats=off\n");
	/* ... seed-v2 checks the masks even with V=0 */
	RUN(&r, NULL, "vste", "--policy=seed-v2", "0xfffffffffffffffe", "0xffffffffffffffff");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "seed-v2: error EIO (alloc)"));
	/* a host fact: no FEAT_NESTING */
	RUN(&r, NULL, "vste", "--host=nesting=0", "0x1", "0");
	ck_assert_ptr_nonnull(strstr(r.out, "v7.0: error EOPNOTSUPP (viommu)"));
}
END_TEST

START_TEST(help_and_version)
{
	static const char *const cmds[] = { "vste", "replay", "conformance", "lint", "policies" };
	struct run r;

	RUN(&r, NULL, "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Usage: smmu-nest COMMAND"));
	RUN(&r, NULL, "--version");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "smmu-nest 0."));
	for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		RUN(&r, NULL, cmds[i], "--help");
		ck_assert_int_eq(r.status, 0);
		ck_assert_ptr_nonnull(strstr(r.out, "Usage: smmu-nest "));
		RUN(&r, NULL, cmds[i], "--version");
		ck_assert_int_eq(r.status, 0);
		ck_assert_ptr_nonnull(strstr(r.out, cmds[i]));
	}
	/* the default parent is documented in vste --help */
	RUN(&r, NULL, "vste", "--help");
	ck_assert_ptr_nonnull(strstr(r.out, "W2 = 0x044d359000000001"));
}
END_TEST

/* Each bad command line: exit status 2 and a message naming the problem. */
static const struct {
	const char *args[6];
	const char *err;
} bad_cli[] = {
	{ { NULL }, "missing command" },
	{ { "frobnicate" }, "unknown command 'frobnicate'" },
	{ { "vste", "--policy=v9.9", "1", "2" }, "unknown policy 'v9.9'" },
	{ { "vste", "1" }, "expected two vSTE words" },
	{ { "vste", "1", "2", "3" }, "too many arguments" },
	{ { "vste", "0xZZ", "0" }, "'0xZZ' is not a 64-bit number" },
	{ { "vste", "-1", "0" }, "'-1' is not a 64-bit number" },
	{ { "vste", "18446744073709551616", "0" }, "is not a 64-bit number" },
	{ { "vste", "0x10000000000000000", "0" }, "is not a 64-bit number" },
	{ { "vste", "0x", "0" }, "is not a 64-bit number" },
	/* the same number rules as vector files: no octal-looking decimal */
	{ { "vste", "010", "0" }, "'010' is not a 64-bit number" },
	{ { "vste", "1", "0X1" }, "'0X1' is not a 64-bit number" },
	{ { "vste", "--parent=1,2,3,4,5,6,7,8,9", "1", "0" }, "--parent takes 1 to 8" },
	{ { "vste", "--parent=0x9", "1", "0" }, "Config=6" },
	{ { "vste", "--parent=0xc", "1", "0" }, "V=1" },
	{ { "vste", "--parent=0xd,0x10000000", "1", "0" }, "EATS=0" },
	{ { "vste", "--host=bogus=1", "1", "0" }, "unknown host fact" },
	{ { "vste", "--parent=0xd,0,0x0200000000000000", "--ats-supported", "1", "0" },
	  "stall-enabled master" },
	{ { "vste", "--host=nesting=2", "1", "0" }, "out of range" },
	{ { "vste", "--host=nesting", "1", "0" }, "missing '='" },
	{ { "vste", "--frob", "1", "0" }, "unknown option '--frob'" },
	{ { "vste", "1", "0", "-" }, "not both" },
	{ { "replay" }, "no vector files" },
	{ { "replay", "--policy=x", "vectors" }, "unknown policy 'x'" },
	{ { "replay", "tests/no/such/dir" }, "tests/no/such/dir" },
	{ { "replay", "--cache=maximal", "vectors" }, "unknown cache mode 'maximal'" },
	{ { "conformance", "--cache=lru:x" }, "unknown cache mode 'lru:x'" },
	{ { "lint", "--frob" }, "unknown option" },
	{ { "policies", "extra" }, "unexpected argument" },
};

START_TEST(bad_command_lines)
{
	struct run r;
	const char *args[8];
	unsigned n = 0;

	while (bad_cli[_i].args[n]) {
		args[n] = bad_cli[_i].args[n];
		n++;
	}
	args[n] = NULL;
	run_cli(&r, NULL, args);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, bad_cli[_i].err), "case %d: stderr '%s' lacks '%s'",
		      _i, r.err, bad_cli[_i].err);
}
END_TEST

/* Replay reports each failing vector as file:line: id [policy]: expected, got. */
START_TEST(replay_reports_failures)
{
	struct run r;

	RUN(&r, NULL, "replay", "tests/replay");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.out,
		"tests/replay/mixed.yaml:19: replay.wrong.abort [v7.0]: expected error EIO, "
		"got ok ste=[0x0000000000000001,"));
	/* the right vector and the acceptable one (second alternative) pass */
	ck_assert_ptr_nonnull(strstr(r.out, "\n2 passed, 1 failed\n"));
	ck_assert_ptr_null(strstr(r.out, "replay.right.abort"));
	ck_assert_ptr_null(strstr(r.out, "replay.acceptable.cfg6"));
	/* --quiet drops the per-vector lines, keeps the count */
	RUN(&r, NULL, "replay", "--quiet", "tests/replay/mixed.yaml");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "2 passed, 1 failed\n");
	/* the file runs only under v7.0: nothing to run under v6.13 */
	RUN(&r, NULL, "replay", "--policy=v6.13", "tests/replay");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "0 passed, 0 failed\n");
	/* conformance: a summary row per area and policy */
	RUN(&r, NULL, "conformance", "tests/replay");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "vste       v7.0            2        1\n"));
}
END_TEST

START_TEST(replay_malformed_file)
{
	struct run r;

	RUN(&r, NULL, "replay", "tests/cli-bad/unclosed.yaml");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "tests/cli-bad/unclosed.yaml:4:1: YAML syntax error"));
	ck_assert_str_eq(r.out, "");
	RUN(&r, NULL, "lint", "tests/cli-bad");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.out, "tests/cli-bad/unclosed.yaml:4:1: YAML syntax error"));
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, vste_json_worked_example_each_policy);
	tcase_add_test(tc, vste_json_all_policies);
	tcase_add_test(tc, vste_batch_stdin);
	tcase_add_test(tc, vste_batch_bad_line);
	tcase_add_test(tc, vste_text_and_v0);
	tcase_add_test(tc, help_and_version);
	tcase_add_test(tc, replay_reports_failures);
	tcase_add_test(tc, replay_malformed_file);
	tcase_add_loop_test(tc, bad_command_lines, 0, (int)(sizeof(bad_cli) / sizeof(bad_cli[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cli_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
