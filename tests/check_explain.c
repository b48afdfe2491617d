// SPDX-License-Identifier: MIT
/*
 * The command line of the architecture areas, driven as a user would:
 * `explain` (text and dot), `replay` and `conformance` of ste/cd/walk
 * vectors, `lint --event-fields`.  Every address, index, descriptor and
 * record word below is worked out by hand in the fixtures' comments
 * (tests/explain/s2.yaml, tests/good-arch/loader.yaml) from the builder's
 * placement rule and the descriptor formats (arch.md §6.3, §6.4, §5.2).
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"

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

#define S2 "tests/explain/s2.yaml"

/* Stage-2 only, txn 0: STE, then the three stage-2 reads, then the result. */
START_TEST(explain_text_ok)
{
	struct cli_run run;
	static const char *const want[] = {
		("explain.s2 [txn 0] (" S2 ":35): sid 3, addr 0x8000001234, read, unprivileged, "
		 "data, untranslated"),
		/* STE 3 at 0x10000 + 3 * 64: V | Config 6 << 1; S2VMID 1 | S2T0SZ 24 | S2SL0 1 |
		 * S2PS 5 | S2AA64 | S2R; S2TTB */
		("  STE [sid 3]            PA 0x0000000100c0 = 0x000000000000000d 0x0000000000000000 "
		 "0x040d005800000001 0x0000000000100000"),
		("                                             0x0000000000000000 0x0000000000000000 "
		 "0x0000000000000000 0x0000000000000000"),
		"  S2 L1 [index 512]      PA 0x000000101000 = 0x0000000000102003",
		"  S2 L2 [index 0]        PA 0x000000102000 = 0x0000000000103003",
		/* page 0x50000000 | 0b11 | MemAttr 0xf << 2 | S2AP 3 << 6 | SH 3 << 8 | AF */
		"  S2 L3 [index 1]        PA 0x000000103008 = 0x00000000500007ff",
		"  result: ok",
		"    pa 0x50000234, ipa 0x8000001234, page size 0x1000",
		"    s1-perm rwxrwx (stage 1 bypassed), s2-perm rwxrwx (stage 2 translates)",
		"  expect: matches",
	};

	CLI_RUN(&run, "explain", "--txn=0", S2);
	ck_assert_int_eq(run.status, 0);
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_LINE(run.out, want[i]);
	ck_assert_ptr_null(strstr(run.out, "[txn 1]"));
}
END_TEST

/* txn 1 runs after txn 0; its event, every field as recorded, and the record. */
START_TEST(explain_text_event)
{
	struct cli_run run;
	static const char *const want[] = {
		"  S2 L3 [index 2]        PA 0x000000103010 = 0x0000000000000000",
		"  result: fault, abort",
		"  event: F_TRANSLATION (0x10)",
		"    sid 3, ssv false, ssid 0, stall false, stag 0",
		"    pnu false, ind false, rnw false, s2 true, class IN, ttrnw false",
		"    input-addr 0x8000002234, ipa 0x8000002000, fetch-addr 0x0",
		/* type 0x10 | SID 3 << 32; S2 bit 39 | CLASS 2 << 40; InputAddr; IPA[55:12] */
		("    record 0x0000000300000010 0x0000028000000000 0x0000008000002234 "
		 "0x0000008000002000"),
		"  expect: matches",
	};

	CLI_RUN(&run, "explain", "--txn=1", S2 ":explain.s2");
	ck_assert_int_eq(run.status, 0);
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_LINE(run.out, want[i]);
	ck_assert_ptr_null(strstr(run.out, "[txn 0]"));
}
END_TEST

/*
 * Nested, txn 4 of the good file: the L1CD and CD are fetched from IPAs and
 * each stage-1 descriptor address goes through stage 2 first; the stage-2
 * reads are grouped under the access they translate.
 */
START_TEST(explain_text_nested)
{
	struct cli_run run;
	static const char *const want[] = {
		/* L1STD 65 >> 6 = 1 at 0x10008: Span 7 | L2Ptr 0x20000 */
		"  L1STD [index 1]        PA 0x000000010008 = 0x0000000000020007",
		/* L1CD 0 at IPA 0x80000000: stage-2 L1 index 2, the 2 MB block at L2 index 0 */
		"  L1CD [index 0]         at IPA 0x80000000, through stage 2:",
		"      S2 L1 [index 2]        PA 0x000000100010 = 0x0000000000102003",
		"                         PA 0x000000200000 = 0x0000000080001001",
		"  CD [ssid 0]            at IPA 0x80001000, through stage 2:",
		/* VA 0x12346abc: L1 index 0, L2 index 145, L3 index 326 */
		"  S1 L1 [index 0]        at IPA 0x80010000, through stage 2:",
		"  S1 L2 [index 145]      at IPA 0x80011488, through stage 2:",
		"  S1 L3 [index 326]      at IPA 0x80012a30, through stage 2:",
		/* page 0x40002000 | 0b11 | AP 01 << 6 | SH 3 << 8 | AF */
		"                         PA 0x000000212a30 = 0x0000000040002743",
		/* the output IPA 0x40002abc: L1 index 1, then the 2 MB block */
		"  S2 L1 [index 1]        PA 0x000000100008 = 0x0000000000103003",
		"    pa 0x900002abc, ipa 0x40002abc, page size 0x1000",
		"    s1-perm rw-rwx (stage 1 translates), s2-perm rwxrwx (stage 2 translates)",
		"  expect: matches",
	};

	CLI_RUN(&run, "explain", "--txn=4", "tests/good-arch/loader.yaml:good.arch.nested");
	ck_assert_int_eq(run.status, 0);
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_LINE(run.out, want[i]);
}
END_TEST

/* A stage-2 walk that faults before the access it serves: shown on its own. */
START_TEST(explain_text_stopped)
{
	struct cli_run run;

	CLI_RUN(&run, "explain", "vectors/walk/nested.yaml:walk.nested.s1-table-not-in-s2");
	ck_assert_int_eq(run.status, 0);
	ASSERT_LINE(run.out, "  stage 2 of IPA 0x80011488 (CLASS TT), where the walk stopped:");
	/* the entry the vector's raw word cleared: 0x103000 + 17 * 8 */
	ASSERT_LINE(run.out, "      S2 L3 [index 17]       PA 0x000000103088 = 0x0000000000000000");
	ASSERT_LINE(run.out, "    pnu false, ind false, rnw true, s2 true, class TT, ttrnw false");
}
END_TEST

/* Without --txn and ID, every transaction of every vector, each block once. */
START_TEST(explain_all)
{
	struct cli_run run;
	unsigned blocks = 0;

	CLI_RUN(&run, "explain", "tests/good-arch/loader.yaml");
	ck_assert_int_eq(run.status, 0);
	for (const char *p = run.out; (p = strstr(p, "  expect: matches\n")); p++)
		blocks++;
	ck_assert_uint_eq(blocks, 7);
	ck_assert_ptr_null(strstr(run.out, "MISMATCH"));
}
END_TEST

/* A transaction that does not match its expectation: said, and exit 1. */
START_TEST(explain_mismatch)
{
	struct cli_run run;
	CLI_RUN(&run, "explain", "--txn=1", "tests/replay-arch/fail.yaml");
	ck_assert_int_eq(run.status, 1);
	ASSERT_LINE(run.out, "  expect: MISMATCH: event.class: expected TT, got IN");
}
END_TEST

static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

START_TEST(explain_dot)
{
	struct cli_run run;
	static const char *const want[] = {
		"digraph smmu_walk {",
		"  subgraph cluster_0 {",
		"    label=\"explain.s2 [txn 0]\";",
		"    n0 [label=\"STE [sid 3]\\nPA 0x100c0\\n0x000000000000000d ...\"];",
		"    n1 [label=\"S2 L1 [index 512]\\nPA 0x101000\\n0x0000000000102003\", style=bold];",
		"    n0 -> n1;",
		"    n3 [label=\"S2 L3 [index 1]\\nPA 0x103008\\n0x00000000500007ff\", style=bold];",
		"    n4 [label=\"ok\\nPA 0x50000234\\npage 0x1000\", shape=ellipse];",
		"    n3 -> n4;",
		"  subgraph cluster_1 {",
		"    n9 [label=\"fault: abort\\nF_TRANSLATION\", shape=ellipse];",
		"}",
	};

	CLI_RUN(&run, "explain", "--format=dot", S2);
	ck_assert_int_eq(run.status, 0);
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_LINE(run.out, want[i]);
	ck_assert_uint_eq(count(run.out, "{"), count(run.out, "}"));
	ck_assert(run.out[strlen(run.out) - 1] == '\n');
}
END_TEST

/* The nested walk: stage-2 resolution edges are dashed and come back to the access. */
START_TEST(explain_dot_nested)
{
	struct cli_run run;
	CLI_RUN(&run, "explain", "--format=dot", "--txn=4",
		"tests/good-arch/loader.yaml:good.arch.nested");
	ck_assert_int_eq(run.status, 0);
	ck_assert_ptr_nonnull(strstr(run.out, "[style=dashed, label=\"IPA 0x80012a30\"];"));
	ck_assert_ptr_nonnull(strstr(run.out, "[style=dashed, label=\"PA\"];"));
	ck_assert_uint_eq(count(run.out, "subgraph cluster_"), 1);
	ck_assert_uint_eq(count(run.out, "{"), count(run.out, "}"));
}
END_TEST

static const struct {
	const char *args[4];
	const char *err;
} usage_cases[] = {
	{ { "explain" }, "smmu-nest explain: no vector file given\n" },
	{ { "explain", "--txn=x", S2 }, "smmu-nest explain: --txn needs a transaction number, "
	  "not 'x'\n" },
	{ { "explain", "--format=svg", S2 }, "smmu-nest explain: unknown format 'svg' (text or "
	  "dot)\n" },
	{ { "explain", "--bogus", S2 }, "smmu-nest explain: unknown option '--bogus'\n" },
	{ { "explain", S2, S2 }, "smmu-nest explain: one FILE[:ID] at a time\n" },
	{ { "explain", "--txn=2", S2 }, "smmu-nest explain: vector 'explain.s2' has 2 "
	  "transactions; --txn=2 is out of range\n" },
	{ { "explain", S2 ":nope" }, "smmu-nest explain: " S2 " has no vector 'nope'\n" },
	{ { "explain", "tests/good/loader.yaml" }, "smmu-nest explain: tests/good/loader.yaml: "
	  "area 'vste' has no transactions to explain (ste, cd, walk or tlb)\n" },
	{ { "explain", "tests/bad-arch/txn-kind.yaml" }, "tests/bad-arch/txn-kind.yaml:28:17: "
	  "key 'kind': unknown value 'ats' (expected untranslated, ats-request or "
	  "ats-translated)\n" },
};

START_TEST(explain_usage)
{
	struct cli_run run;
	const char *const *a = usage_cases[_i].args;

	cli_run(&run, a);
	ck_assert_int_eq(run.status, 2);
	ck_assert_str_eq(run.out, "");
	ck_assert_msg(strncmp(run.err, usage_cases[_i].err, strlen(usage_cases[_i].err)) == 0,
		      "got '%s'", run.err);
}
END_TEST

START_TEST(explain_help_version)
{
	struct cli_run run;
	CLI_RUN(&run, "explain", "--help");
	ck_assert_int_eq(run.status, 0);
	ck_assert(strncmp(run.out, "Usage: smmu-nest explain [--txn=N] [--format=text|dot] "
			  "FILE[:ID]\n", 64) == 0);
	CLI_RUN(&run, "explain", "--version");
	ck_assert_int_eq(run.status, 0);
	ck_assert(strncmp(run.out, "smmu-nest explain ", 18) == 0);
	CLI_RUN(&run, "--help");
	ck_assert_ptr_nonnull(strstr(run.out, "  explain      show a vector's walk step by step, or why a cached translation is stale"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* replay, conformance, lint --event-fields (files in sorted order)   */

START_TEST(replay_arch_failures)
{
	struct cli_run run;
	CLI_RUN(&run, "replay", "tests/replay-arch/fail.yaml");
	ck_assert_int_eq(run.status, 1);
	ck_assert_str_eq(run.out,
			 "tests/replay-arch/fail.yaml:35: replay.fail [txn 0]: page-size: expected "
			 "0x200000, got 0x1000\n"
			 "tests/replay-arch/fail.yaml:38: replay.fail [txn 1]: event.class: expected "
			 "TT, got IN\n"
			 "0 passed, 1 failed\n");
}
END_TEST

/* Each architecture vector counts once, whatever --policy says. */
START_TEST(replay_arch_passes)
{
	struct cli_run run;
	CLI_RUN(&run, "replay", "--policy=v6.13", "tests/good-arch", S2);
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out, "3 passed, 0 failed\n");
}
END_TEST

START_TEST(conformance_arch_row)
{
	struct cli_run run;
	CLI_RUN(&run, "conformance", "tests/good-arch", "tests/replay-arch");
	ck_assert_int_eq(run.status, 1);
	ck_assert_str_eq(run.out,
			 "tests/replay-arch/fail.yaml:35: replay.fail [txn 0]: page-size: expected "
			 "0x200000, got 0x1000\n"
			 "tests/replay-arch/fail.yaml:38: replay.fail [txn 1]: event.class: expected "
			 "TT, got IN\n"
			 "smmu-nest conformance: 2 files, 3 vectors\n"
			 "area       policy     passed   failed\n"
			 "walk       arch            2        1\n"
			 "2 passed, 1 failed\n");
}
END_TEST

START_TEST(lint_event_fields)
{
	struct cli_run run;
	CLI_RUN(&run, "lint", "--event-fields", "tests/good-arch", S2);
	ck_assert_int_eq(run.status, 0);
	ck_assert_str_eq(run.out,
			 "lint: note: no rules file given, so rule ids are not checked\n"
			 "lint: 2 files, 3 vectors, 0 rules: ok\n"
			 "tests/explain/s2.yaml: 1 event expected; asserted: type 1, sid 1, rnw 1, "
			 "s2 1, class 1, ipa 1; never: ssv, ssid, stall, stag, pnu, ind, ttrnw, "
			 "input-addr, fetch-addr\n"
			 "tests/good-arch/loader.yaml: 4 events expected; asserted: type 4, sid 4, "
			 "ssv 3, ssid 3, stall 2, stag 1, pnu 2, ind 2, rnw 2, s2 2, class 2, "
			 "ttrnw 1, input-addr 2, ipa 1, fetch-addr 1; never: none\n");
}
END_TEST

static Suite *explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *ex = tcase_create("explain");
	TCase *rp = tcase_create("replay");

	tcase_set_timeout(ex, 60);
	tcase_set_timeout(rp, 60);
	tcase_add_test(ex, explain_text_ok);
	tcase_add_test(ex, explain_text_event);
	tcase_add_test(ex, explain_text_nested);
	tcase_add_test(ex, explain_text_stopped);
	tcase_add_test(ex, explain_all);
	tcase_add_test(ex, explain_mismatch);
	tcase_add_test(ex, explain_dot);
	tcase_add_test(ex, explain_dot_nested);
	tcase_add_loop_test(ex, explain_usage, 0,
			    (int)(sizeof(usage_cases) / sizeof(usage_cases[0])));
	tcase_add_test(ex, explain_help_version);
	suite_add_tcase(s, ex);
	tcase_add_test(rp, replay_arch_failures);
	tcase_add_test(rp, replay_arch_passes);
	tcase_add_test(rp, conformance_arch_row);
	tcase_add_test(rp, lint_event_fields);
	suite_add_tcase(s, rp);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(explain_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
