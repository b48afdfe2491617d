// SPDX-License-Identifier: MIT
/*
 * The replay reporter (report.h) and `replay --format/--color`.
 *
 * Every machine format is held to its specification by the validators of
 * grammar.h (written independently of src/report.c), and to its content
 * by explicit counts and strings: a report that parses but says the wrong
 * thing must fail here too.  The validators themselves are shown to reject
 * broken samples, so that "it validates" means something.
 */
#define _XOPEN_SOURCE 700       /* posix_openpt() and friends, for the terminal tests */
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <smmu-nest/report.h>
#include "cli_run.h"
#include "grammar.h"

/* ---- helpers ----------------------------------------------------------- */

static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Lines of @text that begin with @prefix. */
static unsigned count_lines(const char *text, const char *prefix)
{
	unsigned n = 0;
	size_t len = strlen(prefix);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, prefix, len) == 0)
			n++;
	return n;
}

/* @s begins with the string literal @lit. */
#define STARTS_WITH(s, lit) (strncmp((s), (lit), sizeof(lit) - 1) == 0)

#define ASSERT_GRAMMAR(fn, text)                                                     \
	do {                                                                         \
		char why_[256] = "";                                                 \
		ck_assert_msg(fn((text), why_, sizeof(why_)), #fn ": %s in:\n%.3000s", \
			      why_, (text));                                         \
	} while (0)

/* Report @n cases with @o into memory; the close status in *@rc. */
static char *render(const struct sn_report_opts *o, const struct sn_case *c, unsigned n,
		    unsigned files, unsigned vectors, int *rc)
{
	static const char *const order[] = { "seed-v2", "v6.13", "v6.15", "v7.0" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sn_report *r;

	ck_assert_ptr_nonnull(f);
	r = sn_report_open(f, o);
	ck_assert_ptr_nonnull(r);
	sn_report_policies(r, order, 4);
	for (unsigned i = 0; i < n; i++)
		sn_report_case(r, &c[i]);
	*rc = sn_report_close(r, files, vectors);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

static char *render_fmt(enum sn_report_format fmt, const struct sn_case *c, unsigned n,
			int *rc)
{
	struct sn_report_opts o = { .format = fmt, .command = "replay",
				    .colour = SN_COLOUR_NEVER };

	return render(&o, c, n, 4, 6, rc);
}

/* ---- fixtures ---------------------------------------------------------- */

static const struct sn_case_diag d_vste[] = {
	{ 0, "[v7.0]", "expected error EIO, got ok" },
};
static const struct sn_case_diag d_walk[] = {
	{ 35, "[txn 0]", "page-size: expected 0x200000, got 0x1000" },
	{ 38, "[txn 1]", "event.class: expected TT, got IN" },
};
static const struct sn_case_diag d_hitless[] = {
	{ 12, "(v6.13)", "syncs: expected 2, got 3" },
};

/* 4 areas, 8 cases: 4 passed, 3 failed, 1 skipped; vste comes back after hitless. */
static const struct sn_case mix[] = {
	{ .area = "vste", .file = "v/vste/a.yaml", .line = 9, .id = "a.ok", .policy = "v7.0",
	  .status = SN_CASE_PASS },
	{ .area = "vste", .file = "v/vste/a.yaml", .line = 19, .id = "a.bad", .policy = "v7.0",
	  .status = SN_CASE_FAIL, .diags = d_vste, .n_diags = 1 },
	{ .area = "walk", .file = "v/walk/w.yaml", .line = 14, .id = "w.bad",
	  .status = SN_CASE_FAIL, .diags = d_walk, .n_diags = 2 },
	{ .area = "tlb", .file = "v/tlb/t.yaml", .line = 5, .id = "t.one", .policy = "v6.13",
	  .mode = "max", .status = SN_CASE_PASS },
	{ .area = "tlb", .file = "v/tlb/t.yaml", .line = 5, .id = "t.one", .policy = "v7.0",
	  .mode = "lru:4", .status = SN_CASE_SKIP, .skip_reason = "no cache model in the DUT" },
	{ .area = "hitless", .file = "v/hitless/h.yaml", .line = 3, .id = "h.sync",
	  .policy = "v6.13", .status = SN_CASE_FAIL, .diags = d_hitless, .n_diags = 1 },
	{ .area = "vste", .file = "v/vste/b.yaml", .line = 4, .id = "b.ok", .policy = "seed-v2",
	  .status = SN_CASE_PASS },
	{ .area = "walk", .file = "v/walk/w.yaml", .line = 30, .id = "w.ok",
	  .status = SN_CASE_PASS },
};
#define N_MIX (sizeof(mix) / sizeof(mix[0]))

/* The same without the skipped case: what replay itself produces. */
static const struct sn_case *noskip(unsigned *n)
{
	static struct sn_case c[N_MIX];
	unsigned k = 0;

	for (unsigned i = 0; i < N_MIX; i++)
		if (mix[i].status != SN_CASE_SKIP)
			c[k++] = mix[i];
	*n = k;
	return c;
}

/* Everything a message or a name could hold that a format must escape. */
static const struct sn_case_diag d_evil[] = {
	{ 0, "[\"what\" <&>]",
	  "line one\nline two\r\n\ttab \x01\x1b[31m red \"q\" 'a' <b> & ]]> -- # no directive "
	  "\\ back \xff\xc0\x80 bad, caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	{ 7, NULL, "" },
};
static const struct sn_case evil[] = {
	{ .area = "a&<b>\"", .file = "dir/\"we ird\".yaml", .line = 1,
	  .id = "id#1 <x> & \"y\"\n2", .policy = "p'ol", .mode = "m\x7f",
	  .status = SN_CASE_FAIL, .diags = d_evil, .n_diags = 2 },
	{ .area = "a&<b>\"", .file = "f.yaml", .line = 2, .id = "ok\tid",
	  .status = SN_CASE_SKIP, .skip_reason = "why\nnot # really" },
	{ .area = "plain", .file = "f.yaml", .line = 3, .id = "fine", .status = SN_CASE_PASS },
};
#define N_EVIL (sizeof(evil) / sizeof(evil[0]))

/* ---- formats by name --------------------------------------------------- */

START_TEST(format_names)
{
	static const char *const names[] = { "text", "tap", "ktap", "json", "junit" };
	enum sn_report_format f;

	for (unsigned i = 0; i < 5; i++) {
		ck_assert(sn_report_format_parse(names[i], &f));
		ck_assert_str_eq(sn_report_format_name(f), names[i]);
	}
	f = SN_REPORT_JSON;
	ck_assert(!sn_report_format_parse("bogus", &f));
	ck_assert(!sn_report_format_parse("", &f));
	ck_assert(!sn_report_format_parse("TAP", &f));
	ck_assert(!sn_report_format_parse("json ", &f));
	ck_assert_int_eq(f, SN_REPORT_JSON);    /* untouched on failure */
}
END_TEST

/* ---- text -------------------------------------------------------------- */

START_TEST(text_lines)
{
	int rc;
	char *out = render_fmt(SN_REPORT_TEXT, mix, N_MIX, &rc);

	ck_assert_str_eq(out,
			 "v/vste/a.yaml:19: a.bad [v7.0]: expected error EIO, got ok\n"
			 "v/walk/w.yaml:35: w.bad [txn 0]: page-size: expected 0x200000, got 0x1000\n"
			 "v/walk/w.yaml:38: w.bad [txn 1]: event.class: expected TT, got IN\n"
			 "v/hitless/h.yaml:12: h.sync (v6.13): syncs: expected 2, got 3\n"
			 "4 passed, 3 failed, 1 skipped\n");
	ck_assert_int_eq(rc, 1);
	free(out);
}
END_TEST

/* Without skips, exactly the table and last line replay always printed. */
START_TEST(text_summary_historical)
{
	struct sn_report_opts o = { .format = SN_REPORT_TEXT, .command = "conformance",
				    .summary = true, .quiet = true,
				    .colour = SN_COLOUR_NEVER };
	unsigned n;
	const struct sn_case *c = noskip(&n);
	int rc;
	char *out = render(&o, c, n, 4, 6, &rc);

	ck_assert_str_eq(out,
			 "smmu-nest conformance: 4 files, 6 vectors\n"
			 "area       policy     passed   failed\n"
			 "vste       seed-v2         1        0\n"
			 "vste       v7.0            1        1\n"
			 "walk       arch            1        1\n"
			 "tlb        v6.13           1        0\n"
			 "hitless    v6.13           0        1\n"
			 "4 passed, 3 failed\n");
	ck_assert_int_eq(rc, 1);
	free(out);
}
END_TEST

/* With skips: a "skipped" column and count; policies in the declared order. */
START_TEST(text_summary_skips)
{
	struct sn_report_opts o = { .format = SN_REPORT_TEXT, .command = "conformance",
				    .summary = true, .quiet = true,
				    .colour = SN_COLOUR_NEVER };
	int rc;
	char *out = render(&o, mix, N_MIX, 4, 6, &rc);

	ck_assert_str_eq(out,
			 "smmu-nest conformance: 4 files, 6 vectors\n"
			 "area       policy     passed   failed  skipped\n"
			 "vste       seed-v2         1        0        0\n"
			 "vste       v7.0            1        1        0\n"
			 "walk       arch            1        1        0\n"
			 "tlb        v6.13           1        0        0\n"
			 "tlb        v7.0            0        0        1\n"
			 "hitless    v6.13           0        1        0\n"
			 "4 passed, 3 failed, 1 skipped\n");
	free(out);
}
END_TEST

/* Rows: "arch" first, declared policies in order, the others as they came. */
START_TEST(text_summary_order)
{
	static const struct sn_case c[] = {
		{ .area = "x", .file = "f", .line = 1, .id = "a", .policy = "zz",
		  .status = SN_CASE_PASS },
		{ .area = "x", .file = "f", .line = 1, .id = "a", .policy = "v7.0",
		  .status = SN_CASE_PASS },
		{ .area = "x", .file = "f", .line = 1, .id = "a", .policy = "aa",
		  .status = SN_CASE_PASS },
		{ .area = "x", .file = "f", .line = 1, .id = "a", .policy = "seed-v2",
		  .status = SN_CASE_PASS },
		{ .area = "x", .file = "f", .line = 2, .id = "b", .status = SN_CASE_PASS },
	};
	struct sn_report_opts o = { .format = SN_REPORT_TEXT, .command = "conformance",
				    .summary = true, .colour = SN_COLOUR_NEVER };
	int rc;
	char *out = render(&o, c, 5, 1, 2, &rc);

	ck_assert_str_eq(out,
			 "smmu-nest conformance: 1 files, 2 vectors\n"
			 "area       policy     passed   failed\n"
			 "x          arch            1        0\n"
			 "x          seed-v2         1        0\n"
			 "x          v7.0            1        0\n"
			 "x          zz              1        0\n"
			 "x          aa              1        0\n"
			 "5 passed, 0 failed\n");
	ck_assert_int_eq(rc, 0);
	free(out);
}
END_TEST

START_TEST(text_quiet)
{
	struct sn_report_opts o = { .format = SN_REPORT_TEXT, .quiet = true,
				    .colour = SN_COLOUR_NEVER };
	int rc;
	char *out = render(&o, mix, N_MIX, 4, 6, &rc);

	ck_assert_str_eq(out, "4 passed, 3 failed, 1 skipped\n");
	ck_assert_int_eq(rc, 1);
	free(out);
}
END_TEST

START_TEST(text_colour)
{
	struct sn_report_opts o = { .format = SN_REPORT_TEXT, .colour = SN_COLOUR_ALWAYS };
	unsigned n;
	const struct sn_case *c = noskip(&n);
	int rc;
	char *out = render(&o, c, n, 4, 6, &rc);

	ck_assert_ptr_nonnull(strstr(out, "\033[31mv/vste/a.yaml:19:\033[0m a.bad [v7.0]: "));
	ck_assert_ptr_nonnull(strstr(out, "\033[31m4 passed, 3 failed\033[0m\n"));
	free(out);
	/* nothing failed: green */
	out = render(&o, mix, 1, 1, 1, &rc);
	ck_assert_str_eq(out, "\033[32m1 passed, 0 failed\033[0m\n");
	free(out);
	/* never, and auto on something that is not a terminal: no escapes */
	o.colour = SN_COLOUR_NEVER;
	out = render(&o, c, n, 4, 6, &rc);
	ck_assert_ptr_null(strchr(out, '\033'));
	free(out);
	o.colour = SN_COLOUR_AUTO;
	out = render(&o, c, n, 4, 6, &rc);
	ck_assert_ptr_null(strchr(out, '\033'));
	free(out);
	/* colour is for text only */
	o.colour = SN_COLOUR_ALWAYS;
	o.format = SN_REPORT_TAP;
	out = render(&o, c, n, 4, 6, &rc);
	ck_assert_ptr_null(strchr(out, '\033'));
	ASSERT_GRAMMAR(grammar_tap, out);
	free(out);
}
END_TEST

/* ---- TAP --------------------------------------------------------------- */

START_TEST(tap_mix)
{
	int rc;
	char *out = render_fmt(SN_REPORT_TAP, mix, N_MIX, &rc);

	ASSERT_GRAMMAR(grammar_tap, out);
	ck_assert_int_eq(rc, 1);
	ck_assert(STARTS_WITH(out, "TAP version 13\n"));
	ck_assert_int_eq(count_lines(out, "ok "), 5);           /* pass and skip */
	ck_assert_int_eq(count_lines(out, "not ok "), 3);
	ck_assert_int_eq(count_lines(out, "  ---"), 3);
	ck_assert_ptr_nonnull(strstr(out, "\n1..8\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nok 1 - vste: a.ok [v7.0]\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nnot ok 2 - vste: a.bad [v7.0]\n  ---\n"));
	ck_assert_ptr_nonnull(strstr(out,
		"\nok 5 - tlb: t.one [v7.0, lru:4] # SKIP no cache model in the DUT\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nnot ok 3 - walk: w.bad\n"));
	/* the failures, each with its line and message, in the YAML block */
	ck_assert_ptr_nonnull(strstr(out, "    - line: 38\n      what: \"[txn 1]\"\n"
				     "      message: \"event.class: expected TT, got IN\"\n"));
	ck_assert_ptr_nonnull(strstr(out, "  file: \"v/hitless/h.yaml\"\n  line: 3\n"));
	free(out);
}
END_TEST

/* ---- KTAP -------------------------------------------------------------- */

START_TEST(ktap_mix)
{
	int rc;
	char *out = render_fmt(SN_REPORT_KTAP, mix, N_MIX, &rc);
	const char *diag, *res;

	ASSERT_GRAMMAR(grammar_ktap, out);
	ck_assert_int_eq(rc, 1);
	ck_assert(STARTS_WITH(out, "KTAP version 1\n1..4\n"));
	/* one subtest per area, its cases grouped even when they came apart */
	ck_assert_int_eq(count_lines(out, "    KTAP version 1"), 4);
	ck_assert_ptr_nonnull(strstr(out, "    KTAP version 1\n    1..3\n    ok 1 a.ok [v7.0]\n"));
	ck_assert_ptr_nonnull(strstr(out, "    ok 3 b.ok [seed-v2]\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nnot ok 1 vste\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nnot ok 2 walk\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nok 3 tlb\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nnot ok 4 hitless\n"));
	ck_assert_ptr_nonnull(strstr(out, "    ok 2 t.one [v7.0, lru:4] # SKIP no cache model in "
				     "the DUT\n"));
	/* the diagnostics come before the result they explain */
	diag = strstr(out, "    # v/walk/w.yaml:38: w.bad [txn 1]: event.class: expected TT, "
		      "got IN\n");
	res = strstr(out, "    not ok 1 w.bad\n");
	ck_assert(diag && res && diag < res);
	ck_assert_int_eq(count_lines(out, "    not ok "), 3);
	ck_assert_int_eq(count_lines(out, "    ok "), 5);
	free(out);
}
END_TEST

START_TEST(ktap_all_skipped_area)
{
	static const struct sn_case c[] = {
		{ .area = "dut", .file = "f", .line = 1, .id = "a", .status = SN_CASE_SKIP,
		  .skip_reason = "not built" },
		{ .area = "dut", .file = "f", .line = 2, .id = "b", .status = SN_CASE_SKIP,
		  .skip_reason = "not built" },
	};
	int rc;
	char *out = render_fmt(SN_REPORT_KTAP, c, 2, &rc);

	ASSERT_GRAMMAR(grammar_ktap, out);
	ck_assert_ptr_nonnull(strstr(out, "\nok 1 dut # SKIP every case skipped\n"));
	ck_assert_int_eq(rc, 0);
	free(out);
}
END_TEST

/* ---- JSON -------------------------------------------------------------- */

START_TEST(json_mix)
{
	int rc;
	char *out = render_fmt(SN_REPORT_JSON, mix, N_MIX, &rc);

	ASSERT_GRAMMAR(grammar_json, out);
	ck_assert_int_eq(rc, 1);
	ck_assert_int_eq(count(out, "\"status\": "), 8);
	ck_assert_int_eq(count(out, "\"status\": \"fail\""), 3);
	ck_assert_int_eq(count(out, "\"status\": \"skip\""), 1);
	ck_assert_int_eq(count(out, "\"policy\": null"), 2);
	/* the keys in their fixed order */
	ck_assert_ptr_nonnull(strstr(out,
		"{\"area\": \"vste\", \"file\": \"v/vste/a.yaml\", \"line\": 9, \"id\": \"a.ok\", "
		"\"name\": \"a.ok [v7.0]\", \"policy\": \"v7.0\", \"mode\": null, "
		"\"status\": \"pass\", \"skip_reason\": null, \"diags\": []}"));
	ck_assert_ptr_nonnull(strstr(out,
		"\"diags\": [{\"line\": 35, \"what\": \"[txn 0]\", \"message\": \"page-size: "
		"expected 0x200000, got 0x1000\"}, {\"line\": 38,"));
	/* a diagnostic on the case's own line names that line */
	ck_assert_ptr_nonnull(strstr(out, "{\"line\": 19, \"what\": \"[v7.0]\""));
	ck_assert_ptr_nonnull(strstr(out, "\"skip_reason\": \"no cache model in the DUT\""));
	ck_assert_ptr_nonnull(strstr(out, "\"summary\": {\"files\": 4, \"vectors\": 6, "
				     "\"passed\": 4, \"failed\": 3, \"skipped\": 1, \"areas\": ["));
	ck_assert_ptr_nonnull(strstr(out, "{\"area\": \"walk\", \"policy\": \"arch\", "
				     "\"passed\": 1, \"failed\": 1, \"skipped\": 0}"));
	ck_assert_ptr_nonnull(strstr(out, "\"command\": \"replay\",\n  \"dut\": null,"));
	free(out);
}
END_TEST

START_TEST(json_dut_and_command)
{
	struct sn_report_opts o = { .format = SN_REPORT_JSON, .command = "conformance",
				    .dut = "libdut \"v2\"" };
	int rc;
	char *out = render(&o, mix, 1, 1, 1, &rc);

	ASSERT_GRAMMAR(grammar_json, out);
	ck_assert_ptr_nonnull(strstr(out, "\"command\": \"conformance\""));
	ck_assert_ptr_nonnull(strstr(out, "\"dut\": \"libdut \\\"v2\\\"\""));
	free(out);
}
END_TEST

/* ---- JUnit ------------------------------------------------------------- */

/* The sum of attribute @attr over the elements that start with @tag. */
static unsigned sum_attr(const char *xml, const char *tag, const char *attr)
{
	char key[32];
	unsigned sum = 0, v;

	snprintf(key, sizeof(key), " %s=\"", attr);
	for (const char *p = xml; (p = strstr(p, tag)); p++) {
		const char *end = strchr(p, '>');
		const char *a = strstr(p, key);

		if (a && a < end && sscanf(a + strlen(key), "%u", &v) == 1)
			sum += v;
	}
	return sum;
}

START_TEST(junit_mix)
{
	int rc;
	char *out = render_fmt(SN_REPORT_JUNIT, mix, N_MIX, &rc);

	ASSERT_GRAMMAR(grammar_xml, out);
	ck_assert_int_eq(rc, 1);
	ck_assert(STARTS_WITH(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
	ck_assert_ptr_nonnull(strstr(out, "<testsuites name=\"smmu-nest replay\" tests=\"8\" "
				     "failures=\"3\" errors=\"0\" skipped=\"1\">"));
	ck_assert_int_eq(count(out, "<testsuite "), 4);
	ck_assert_int_eq(count(out, "<testcase "), 8);
	ck_assert_int_eq(count(out, "<failure "), 3);
	ck_assert_int_eq(count(out, "<skipped "), 1);
	/* the suites' counts add up to the totals */
	ck_assert_int_eq(sum_attr(out, "<testsuite ", "tests"), 8);
	ck_assert_int_eq(sum_attr(out, "<testsuite ", "failures"), 3);
	ck_assert_int_eq(sum_attr(out, "<testsuite ", "skipped"), 1);
	ck_assert_ptr_nonnull(strstr(out, "<testsuite name=\"vste\" tests=\"3\" failures=\"1\" "
				     "errors=\"0\" skipped=\"0\">"));
	ck_assert_ptr_nonnull(strstr(out, "<testcase classname=\"tlb.t\" name=\"t.one [v7.0, "
				     "lru:4]\" file=\"v/tlb/t.yaml\" line=\"5\">\n"
				     "      <skipped message=\"no cache model in the DUT\"/>"));
	ck_assert_ptr_nonnull(strstr(out, "<failure message=\"page-size: expected 0x200000, "
				     "got 0x1000\">v/walk/w.yaml:35: w.bad [txn 0]: page-size: "
				     "expected 0x200000, got 0x1000\nv/walk/w.yaml:38: w.bad "
				     "[txn 1]: event.class: expected TT, got IN\n</failure>"));
	free(out);
}
END_TEST

/* ---- hostile strings, empty runs --------------------------------------- */

START_TEST(hostile_strings)
{
	int rc;
	char *out;

	out = render_fmt(SN_REPORT_TAP, evil, N_EVIL, &rc);
	ASSERT_GRAMMAR(grammar_tap, out);
	ck_assert_int_eq(count_lines(out, "ok ") + count_lines(out, "not ok "), 3);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_nonnull(strstr(out, "not ok 1 - a&<b>\": id\\#1 <x> & \"y\"\\n2 [p'ol, m\\x7f]\n"));
	ck_assert_ptr_nonnull(strstr(out, "ok 2 - a&<b>\": ok\\tid # SKIP why\\nnot # really\n"));
	/* YAML escapes that TAP consumers read (TAP::Parser's YAMLish has no \u) */
	ck_assert_ptr_nonnull(strstr(out, "      message: \"line one\\nline two\\r\\n\\ttab "
				     "\\x01\\x1b[31m red \\\"q\\\" 'a' <b> & ]]> -- # no directive "
				     "\\\\ back \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd bad, "
				     "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"\n"));
	ck_assert_ptr_nonnull(strstr(out, "  mode: \"m\\x7f\"\n"));
	free(out);

	out = render_fmt(SN_REPORT_KTAP, evil, N_EVIL, &rc);
	ASSERT_GRAMMAR(grammar_ktap, out);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_nonnull(strstr(out, "    not ok 1 id_1 <x> & \"y\"\\n2 [p'ol, m\\x7f]\n"));
	ck_assert_ptr_nonnull(strstr(out, "    # dir/\"we ird\".yaml:1: id#1 <x> & \"y\"\\n2 "
				     "[\"what\" <&>]: line one\\nline two\\r\\n\\ttab \\x01\\x1b"));
	ck_assert_ptr_nonnull(strstr(out, "    # dir/\"we ird\".yaml:7: id#1 <x> & \"y\"\\n2: \n"));
	ck_assert_ptr_nonnull(strstr(out, "\nnot ok 1 a&<b>\"\n"));
	free(out);

	out = render_fmt(SN_REPORT_JSON, evil, N_EVIL, &rc);
	ASSERT_GRAMMAR(grammar_json, out);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_nonnull(strstr(out, "\"id\": \"id#1 <x> & \\\"y\\\"\\u000a2\""));
	ck_assert_ptr_nonnull(strstr(out, "\\u0001\\u001b[31m red \\\"q\\\" 'a' <b> & ]]> -- # no "
				     "directive \\\\ back \\ufffd\\ufffd\\ufffd bad, caf\xc3\xa9 "
				     "\xe2\x82\xac \xf0\x9f\x98\x80\""));
	ck_assert_ptr_nonnull(strstr(out, "\"mode\": \"m\x7f\""));
	ck_assert_ptr_nonnull(strstr(out, "{\"line\": 7, \"what\": null, \"message\": \"\"}"));
	free(out);

	out = render_fmt(SN_REPORT_JUNIT, evil, N_EVIL, &rc);
	ASSERT_GRAMMAR(grammar_xml, out);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_null(strstr(out, "]]>"));
	ck_assert_ptr_nonnull(strstr(out, "<testsuite name=\"a&amp;&lt;b&gt;&quot;\""));
	ck_assert_ptr_nonnull(strstr(out, " name=\"id#1 &lt;x&gt; &amp; &quot;y&quot;&#10;2 "
				     "[p'ol, m\x7f]\""));
	ck_assert_ptr_nonnull(strstr(out, "<failure message=\"line one&#10;line two&#13;&#10;"
				     "&#9;tab \\x01\\x1b[31m"));
	/* in the text, newlines stay; CR must be a reference to survive parsing */
	ck_assert_ptr_nonnull(strstr(out, "[\"what\" &lt;&amp;&gt;]: line one\nline two"
				     "&#13;\n\ttab"));
	ck_assert_ptr_nonnull(strstr(out, "&amp; ]]&gt; -- # no directive \\ back "
				     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd bad, caf\xc3\xa9"));
	ck_assert_ptr_nonnull(strstr(out, "<skipped message=\"why&#10;not # really\"/>"));
	free(out);
}
END_TEST

START_TEST(empty_runs)
{
	int rc;
	char *out;

	out = render_fmt(SN_REPORT_TEXT, NULL, 0, &rc);
	ck_assert_str_eq(out, "0 passed, 0 failed\n");
	ck_assert_int_eq(rc, 0);
	free(out);
	out = render_fmt(SN_REPORT_TAP, NULL, 0, &rc);
	ASSERT_GRAMMAR(grammar_tap, out);
	ck_assert_str_eq(out, "TAP version 13\n# 0 passed, 0 failed\n1..0\n");
	free(out);
	out = render_fmt(SN_REPORT_KTAP, NULL, 0, &rc);
	ASSERT_GRAMMAR(grammar_ktap, out);
	ck_assert_str_eq(out, "KTAP version 1\n1..0\n# 0 passed, 0 failed, 0 skipped\n");
	free(out);
	out = render_fmt(SN_REPORT_JSON, NULL, 0, &rc);
	ASSERT_GRAMMAR(grammar_json, out);
	ck_assert_ptr_nonnull(strstr(out, "\"cases\": [],"));
	ck_assert_ptr_nonnull(strstr(out, "\"areas\": []}"));
	free(out);
	out = render_fmt(SN_REPORT_JUNIT, NULL, 0, &rc);
	ASSERT_GRAMMAR(grammar_xml, out);
	ck_assert_ptr_nonnull(strstr(out, "tests=\"0\" failures=\"0\""));
	ck_assert_ptr_null(strstr(out, "<testsuite "));
	ck_assert_int_eq(rc, 0);
	free(out);
}
END_TEST

START_TEST(counts_and_status)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sn_report_opts o = { .format = SN_REPORT_JSON };
	struct sn_report *r = sn_report_open(f, &o);

	ck_assert_ptr_nonnull(r);
	sn_report_case(r, &mix[0]);
	sn_report_case(r, &mix[4]);
	ck_assert_uint_eq(sn_report_count(r, SN_CASE_PASS), 1);
	ck_assert_uint_eq(sn_report_count(r, SN_CASE_SKIP), 1);
	ck_assert_uint_eq(sn_report_count(r, SN_CASE_FAIL), 0);
	/* skips are not failures */
	ck_assert_int_eq(sn_report_close(r, 1, 1), 0);
	fclose(f);
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	r = sn_report_open(f, &o);
	sn_report_case(r, &mix[1]);
	ck_assert_uint_eq(sn_report_count(r, SN_CASE_FAIL), 1);
	ck_assert_int_eq(sn_report_close(r, 1, 1), 1);
	fclose(f);
	free(buf);
}
END_TEST

/* The reporter copies every string: the caller's buffers may change at once. */
START_TEST(strings_copied)
{
	char id[16], msg[32];
	struct sn_case_diag d = { 0, "[v7.0]", msg };
	struct sn_case c = { .area = "vste", .file = "f.yaml", .line = 3, .id = id,
			     .policy = "v7.0", .status = SN_CASE_FAIL, .diags = &d,
			     .n_diags = 1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sn_report_opts o = { .format = SN_REPORT_JSON };
	struct sn_report *r = sn_report_open(f, &o);

	strcpy(id, "first");
	strcpy(msg, "first message");
	sn_report_case(r, &c);
	strcpy(id, "second");
	strcpy(msg, "second message");
	ck_assert_int_eq(sn_report_close(r, 1, 1), 1);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\"id\": \"first\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"message\": \"first message\""));
	ck_assert_ptr_null(strstr(buf, "second"));
	free(buf);
}
END_TEST

START_TEST(abort_run)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sn_report_opts o = { .format = SN_REPORT_TAP };
	struct sn_report *r = sn_report_open(f, &o);

	sn_report_case(r, &mix[0]);
	sn_report_abort(r, "x.yaml:3:1: bad\nthing");
	fclose(f);
	ck_assert_str_eq(buf, "TAP version 13\nok 1 - vste: a.ok [v7.0]\n"
			 "Bail out! x.yaml:3:1: bad\\nthing\n");
	ASSERT_GRAMMAR(grammar_tap, buf);
	free(buf);

	/* the buffered formats write nothing at all */
	buf = NULL;
	f = open_memstream(&buf, &len);
	o.format = SN_REPORT_JUNIT;
	r = sn_report_open(f, &o);
	sn_report_case(r, &mix[1]);
	sn_report_abort(r, "stop");
	fclose(f);
	ck_assert_uint_eq(len, 0);
	free(buf);
}
END_TEST

/* ---- terminals: progress and colour ------------------------------------ */

/* A pseudo-terminal without output processing: *@slave is its terminal side. */
static int pty_open(int *slave)
{
	struct termios t;
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	ck_assert_int_ge(m, 0);
	ck_assert_int_eq(grantpt(m), 0);
	ck_assert_int_eq(unlockpt(m), 0);
	*slave = open(ptsname(m), O_RDWR | O_NOCTTY);
	ck_assert_int_ge(*slave, 0);
	ck_assert_int_eq(tcgetattr(*slave, &t), 0);
	t.c_oflag &= ~(tcflag_t)OPOST;
	ck_assert_int_eq(tcsetattr(*slave, TCSANOW, &t), 0);
	return m;
}

/* What is waiting on the master side (until it has been quiet for 100 ms). */
static size_t pty_read(int m, char *buf, size_t len)
{
	struct pollfd p = { .fd = m, .events = POLLIN };
	size_t used = 0;
	ssize_t n;

	while (used < len - 1 && poll(&p, 1, 100) > 0) {
		n = read(m, buf + used, len - 1 - used);
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	return used;
}

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(progress_on_terminal)
{
	static char got[65536];
	static const char long_name[] = "vectors/a-very-long-directory-name-indeed/and-another-"
					"one-below-it/the-file-itself.yaml";
	int slave, m = pty_open(&slave);
	FILE *tty = fdopen(slave, "w");
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct sn_report_opts o = { .format = SN_REPORT_TEXT, .colour = SN_COLOUR_NEVER,
				    .progress_stream = tty };
	struct sn_report *r = sn_report_open(out, &o);
	long long t0 = ms_now(), elapsed;
	const char *shown;

	ck_assert_ptr_nonnull(tty);
	sn_report_file(r, "vectors/vste/x.yaml");
	for (unsigned i = 0; i < 2000; i++)
		sn_report_case(r, &mix[0]);
	nanosleep(&(struct timespec){ .tv_nsec = 150 * 1000 * 1000 }, NULL);
	sn_report_file(r, long_name);   /* more than 100 ms later: drawn */
	nanosleep(&(struct timespec){ .tv_nsec = 150 * 1000 * 1000 }, NULL);
	sn_report_file(r, "bad\033name\n.yaml");
	elapsed = ms_now() - t0;
	ck_assert_int_eq(sn_report_close(r, 1, 1), 0);
	fclose(out);
	ck_assert_str_eq(buf, "2000 passed, 0 failed\n");  /* the report is untouched */
	free(buf);
	pty_read(m, got, sizeof(got));
	ck_assert_msg(STARTS_WITH(got, "\r\033[K[0 cases] vectors/vste/x.yaml"), "%s", got);
	/* not redrawn for every case: at most once per 100 ms, and a file */
	ck_assert_uint_le(count(got, "cases]"), 2 + (unsigned)(elapsed / 100));
	/* a long name is cut to its tail */
	shown = strstr(got, "[2000 cases] ...");
	ck_assert_ptr_nonnull(shown);
	ck_assert_ptr_nonnull(strstr(shown, "the-file-itself.yaml\r\033[K[2000 cases] bad"));
	ck_assert_uint_le(strcspn(shown + 13, "\r"), 60);
	/* a control character in a name does not reach the terminal */
	ck_assert_ptr_nonnull(strstr(got, "[2000 cases] bad?name?.yaml"));
	/* and the line is erased at the end */
	ck_assert_uint_ge(strlen(got), 4);
	ck_assert_str_eq(got + strlen(got) - 4, "\r\033[K");
	fclose(tty);
	close(m);
}
END_TEST

START_TEST(no_progress_off_terminal)
{
	FILE *f = tmpfile();
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct sn_report_opts o = { .format = SN_REPORT_TEXT, .progress_stream = f };
	struct sn_report *r = sn_report_open(out, &o);

	ck_assert_ptr_nonnull(f);
	sn_report_file(r, "vectors/vste/x.yaml");
	sn_report_case(r, &mix[0]);
	sn_report_close(r, 1, 1);
	fclose(out);
	free(buf);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	ck_assert_int_eq(ftell(f), 0);
	fclose(f);
}
END_TEST

/* Text through a terminal with --color=auto, NO_COLOR as @no_color (NULL: unset). */
static void auto_colour_on_terminal(const char *no_color, char *got, size_t len)
{
	int slave, m = pty_open(&slave);
	FILE *tty = fdopen(slave, "w");
	struct sn_report_opts o = { .format = SN_REPORT_TEXT, .colour = SN_COLOUR_AUTO };
	struct sn_report *r;

	ck_assert_ptr_nonnull(tty);
	if (no_color)
		setenv("NO_COLOR", no_color, 1);
	else
		unsetenv("NO_COLOR");
	r = sn_report_open(tty, &o);
	sn_report_case(r, &mix[1]);
	sn_report_close(r, 1, 1);
	unsetenv("NO_COLOR");
	fflush(tty);
	pty_read(m, got, len);
	fclose(tty);
	close(m);
}

START_TEST(colour_auto_terminal)
{
	char got[4096];

	auto_colour_on_terminal(NULL, got, sizeof(got));
	ck_assert_ptr_nonnull(strstr(got, "\033[31mv/vste/a.yaml:19:\033[0m"));
	ck_assert_ptr_nonnull(strstr(got, "\033[31m0 passed, 1 failed\033[0m\n"));
	auto_colour_on_terminal("", got, sizeof(got));  /* empty: as if unset */
	ck_assert_ptr_nonnull(strchr(got, '\033'));
	auto_colour_on_terminal("1", got, sizeof(got));
	ck_assert_ptr_null(strchr(got, '\033'));
	ck_assert_ptr_nonnull(strstr(got, "v/vste/a.yaml:19: a.bad [v7.0]: "));
}
END_TEST

/* ---- the validators reject what they must ------------------------------ */

struct sample {
	bool (*check)(const char *text, char *why, size_t n);
	const char *name;
	bool valid;
	const char *text;
};

#define TAP(v, t) { grammar_tap, "tap", v, t }
#define KTAP(v, t) { grammar_ktap, "ktap", v, t }
#define JSON(v, t) { grammar_json, "json", v, t }
#define XML(v, t) { grammar_xml, "xml", v, t }

static const struct sample samples[] = {
	/* TAP 13 */
	TAP(true, "TAP version 13\n1..2\nok 1 - a\nnot ok 2 b # TODO later\n"),
	TAP(true, "TAP version 13\nok 1\n# note\nnot ok 2 - x\n  ---\n  message: \"m\"\n"
		  "  data:\n    - line: 3\n  ...\nok 3 - y # SKIP why\n1..3\n"),
	TAP(true, "TAP version 13\nok 1 - a\nBail out! stopped\n"),
	TAP(true, "TAP version 13\n1..0 # SKIP nothing to do\n"),
	TAP(false, "ok 1 - no version\n1..1\n"),
	TAP(false, "TAP version 12\nok 1\n1..1\n"),
	TAP(false, "TAP version 13\nok 1\nok 3\n1..2\n"),
	TAP(false, "TAP version 13\nok 1\nok 2\n1..3\n"),
	TAP(false, "TAP version 13\nok 1\n1..2\nok 2\n"),
	TAP(false, "TAP version 13\nok 1\nok 2\n"),
	TAP(false, "TAP version 13\nok 1\n1..1\n1..1\n"),
	TAP(false, "TAP version 13\nnot ok 1\n  ---\n  a: \"b\"\n1..1\n"),
	TAP(false, "TAP version 13\nnot ok 1\n  ---\n  msg: \"un \"escaped\" quote\"\n  ...\n1..1\n"),
	TAP(false, "TAP version 13\nnot ok 1\n  ---\n  msg: a: b\n  ...\n1..1\n"),
	TAP(false, "TAP version 13\n# c\n  ---\n  ...\nok 1\n1..1\n"),
	TAP(false, "TAP version 13\nok 1\n\n1..1\n"),
	TAP(false, "TAP version 13\nok 1\ngarbage\n1..1\n"),
	TAP(false, "TAP version 13\nok 1\n1..1"),
	TAP(false, "TAP version 13\nok\n1..1\n"),
	TAP(false, "TAP version 13\nok 01\n1..1\n"),
	TAP(false, ""),
	/* KTAP 1, nested as in ktap.rst */
	KTAP(true, "KTAP version 1\n1..2\n  KTAP version 1\n  1..2\n    KTAP version 1\n"
		   "    1..2\n    not ok 1 t1\n    ok 2 t2\n  not ok 1 t3\n  ok 2 t4 # SKIP\n"
		   "not ok 1 e1\nok 2 e2\n"),
	KTAP(true, "KTAP version 1\n1..1\n    KTAP version 1\n    1..1\n    # d: x\n"
		   "    ok 1 a\n# area passed\nok 1 area # rcode=0\n"),
	KTAP(true, "KTAP version 1\n1..0\n"),
	KTAP(false, "TAP version 13\n1..0\n"),
	KTAP(false, "KTAP version 1\nok 1 no plan\n"),
	KTAP(false, "KTAP version 1\n1..2\nok 1 a\n"),
	KTAP(false, "KTAP version 1\n1..1\nok 2 a\n"),
	KTAP(false, "KTAP version 1\n1..1\n    KTAP version 1\n    1..1\n    ok 1 a\n"),
	KTAP(false, "KTAP version 1\n1..1\n    KTAP version 1\n    1..2\n    ok 1 a\nok 1 b\n"),
	KTAP(false, "KTAP version 1\n1..1\n    1..1\n    ok 1 a\nok 1 b\n"),
	KTAP(false, "KTAP version 1\n1..1\n    KTAP version 1\n    1..1\n      ok 1 a\nok 1 b\n"),
	KTAP(false, "KTAP version 1\n1..2\n  KTAP version 1\n  1..0\n  KTAP version 1\n"
		    "  1..0\nok 1 a\nok 2 b\n"),
	KTAP(false, "KTAP version 1\n1..1\nok 1 a#b\n"),
	KTAP(false, "KTAP version 1\n1..1\nok 1 a\nstray\n"),
	KTAP(false, "KTAP version 1\n1..1\n#no space\nok 1 a\n"),
	KTAP(false, " KTAP version 1\n1..0\n"),
	/* JSON, RFC 8259 */
	JSON(true, "{\"a\": [1, -0, 0.5, -1.5e+10, 2E-3, true, false, null, \"x\"], \"b\": {}}"),
	JSON(true, " \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 caf\xc3\xa9 \xf0\x9f\x98\x80\" "),
	JSON(true, "[[[[[]]]]]\n"),
	JSON(true, "0"),
	JSON(false, ""),
	JSON(false, "   "),
	JSON(false, "[1, 2,]"),
	JSON(false, "{\"a\": 1,}"),
	JSON(false, "{a: 1}"),
	JSON(false, "{'a': 1}"),
	JSON(false, "[01]"),
	JSON(false, "[.5]"),
	JSON(false, "[1.]"),
	JSON(false, "[1e]"),
	JSON(false, "[-]"),
	JSON(false, "[+1]"),
	JSON(false, "[NaN]"),
	JSON(false, "[tru]"),
	JSON(false, "\"tab\there\""),
	JSON(false, "\"new\nline\""),
	JSON(false, "\"\\x41\""),
	JSON(false, "\"\\u12g4\""),
	JSON(false, "\"open"),
	JSON(false, "{} {}"),
	JSON(false, "{\"a\": 1, \"a\": 2}"),
	JSON(false, "{\"a\": 1, \"\\u0061\": 2}"),
	JSON(false, "\"\xc0\x80\""),
	JSON(false, "\"\xed\xa0\x80\""),
	JSON(false, "\"\xf5\x80\x80\x80\""),
	JSON(false, "\"\xe2\x82\""),
	JSON(false, "\xef\xbb\xbf{}"),
	JSON(false, "{\"a\" 1}"),
	JSON(false, "[1 2]"),
	/* XML, the JUnit subset */
	XML(true, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1\" y='2'>t &amp; &lt;"
		  "&#65;&#x42;<b/><!-- c --><c z=\"&quot;&apos;&#10;\">caf\xc3\xa9</c>"
		  "<![CDATA[<raw> & ]]></a>\n"),
	XML(true, "<r/>"),
	XML(true, "<!-- before --><r></r ><?pi data?>\n"),
	XML(false, ""),
	XML(false, "<?xml version=\"1.0\"?>"),
	XML(false, "<a>"),
	XML(false, "<a></b>"),
	XML(false, "<a><b></a></b>"),
	XML(false, "<a x=\"1\" x=\"2\"/>"),
	XML(false, "<a x=1/>"),
	XML(false, "<a x=\"<\"/>"),
	XML(false, "<a x=\"a & b\"/>"),
	XML(false, "<a>a & b</a>"),
	XML(false, "<a>&nbsp;</a>"),
	XML(false, "<a>&#1;</a>"),
	XML(false, "<a>&#xZ;</a>"),
	XML(false, "<a>\x01</a>"),
	XML(false, "<a/><b/>"),
	XML(false, "<a/>text"),
	XML(false, "<a><!-- x -- y --></a>"),
	XML(false, " <?xml version=\"1.0\"?><a/>"),
	XML(false, "<a>]]></a>"),
	XML(false, "<a>\xff</a>"),
	XML(false, "<a x=\"1\"y=\"2\"/>"),
	XML(false, "<1a/>"),
	XML(false, "<!DOCTYPE a><a/>"),
	XML(false, "<?xml version=\"2.0\"?><a/>"),
};
#define N_SAMPLES ((int)(sizeof(samples) / sizeof(samples[0])))

START_TEST(validator_samples)
{
	const struct sample *s = &samples[_i];
	char why[256] = "";
	bool got = s->check(s->text, why, sizeof(why));

	ck_assert_msg(got == s->valid, "%s sample %d: expected %s, got %s (%s):\n%s", s->name, _i,
		      s->valid ? "valid" : "invalid", got ? "valid" : "invalid", why, s->text);
	if (!got)
		ck_assert_msg(why[0] != '\0', "%s sample %d: rejected without a reason", s->name,
			      _i);
}
END_TEST

START_TEST(json_depth_limit)
{
	enum { DEEP = 10000 };
	char *deep = malloc(2 * DEEP + 1);
	char why[128];

	ck_assert_ptr_nonnull(deep);
	memset(deep, '[', DEEP);
	memset(deep + DEEP, ']', DEEP);
	deep[2 * DEEP] = '\0';
	ck_assert(!grammar_json(deep, why, sizeof(why)));
	ck_assert_ptr_nonnull(strstr(why, "deep"));
	/* 100 '[' before 10000 ']' do not balance; 100 and 100 do */
	ck_assert(!grammar_json(deep + DEEP - 100, why, sizeof(why)));
	deep[DEEP + 100] = '\0';
	ck_assert(grammar_json(deep + DEEP - 100, why, sizeof(why)));
	free(deep);
}
END_TEST

/* why may be NULL, and a small buffer is cut, not overrun. */
START_TEST(validator_why)
{
	char small[8];

	ck_assert(!grammar_json("[1,]", NULL, 0));
	ck_assert(!grammar_xml("<a>", NULL, 0));
	ck_assert(!grammar_tap("x\n", NULL, 0));
	ck_assert(!grammar_ktap("x\n", NULL, 0));
	memset(small, 'x', sizeof(small));
	ck_assert(!grammar_json("[1,]", small, sizeof(small)));
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
}
END_TEST

/* ---- the command line -------------------------------------------------- */

static const char *const formats[] = { "text", "tap", "ktap", "json", "junit" };

/*
 * Passed and failed cases as the report in @format counts them, read the
 * way a consumer of that format would (not through the reporter).
 */
static void counts_of(const char *format, const char *out, unsigned *pass, unsigned *fail)
{
	if (strcmp(format, "text") == 0) {
		const char *last = out + strlen(out);

		ck_assert(last > out);
		for (last--; last > out && last[-1] != '\n'; last--)
			;
		ck_assert_int_eq(sscanf(last, "%u passed, %u failed", pass, fail), 2);
	} else if (strcmp(format, "tap") == 0) {
		*pass = count_lines(out, "ok ");
		*fail = count_lines(out, "not ok ");
	} else if (strcmp(format, "ktap") == 0) {
		*pass = count_lines(out, "    ok ");
		*fail = count_lines(out, "    not ok ");
	} else if (strcmp(format, "json") == 0) {
		*pass = count(out, "\"status\": \"pass\"");
		*fail = count(out, "\"status\": \"fail\"");
	} else {
		*fail = count(out, "<failure ");
		*pass = count(out, "<testcase ") - *fail - count(out, "<skipped ");
		ck_assert_uint_eq(sum_attr(out, "<testsuites ", "failures"), *fail);
		ck_assert_uint_eq(sum_attr(out, "<testsuite ", "tests"), *pass + *fail);
	}
}

static void check_grammar_of(const char *format, const char *out)
{
	if (strcmp(format, "tap") == 0)
		ASSERT_GRAMMAR(grammar_tap, out);
	else if (strcmp(format, "ktap") == 0)
		ASSERT_GRAMMAR(grammar_ktap, out);
	else if (strcmp(format, "json") == 0)
		ASSERT_GRAMMAR(grammar_json, out);
	else if (strcmp(format, "junit") == 0)
		ASSERT_GRAMMAR(grammar_xml, out);
}

#define MIXED_FAIL "tests/replay/mixed.yaml:19: replay.wrong.abort [v7.0]: expected error " \
	"EIO, got ok ste=[0x0000000000000001,0x0000000000000000,0x0000000000000000," \
	"0x0000000000000000,0x0000000000000000,0x0000000000000000,0x0000000000000000," \
	"0x0000000000000000] ats=off\n"

START_TEST(cli_text_unchanged)
{
	struct cli_run r;

	CLI_RUN(&r, "replay", "tests/replay/mixed.yaml");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, MIXED_FAIL "2 passed, 1 failed\n");
	CLI_RUN(&r, "replay", "--format=text", "--color=never", "tests/replay/mixed.yaml");
	ck_assert_str_eq(r.out, MIXED_FAIL "2 passed, 1 failed\n");
	CLI_RUN(&r, "conformance", "tests/replay", "tests/replay-arch");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out,
			 "tests/replay-arch/fail.yaml:35: replay.fail [txn 0]: page-size: "
			 "expected 0x200000, got 0x1000\n"
			 "tests/replay-arch/fail.yaml:38: replay.fail [txn 1]: event.class: "
			 "expected TT, got IN\n"
			 MIXED_FAIL
			 "smmu-nest conformance: 2 files, 4 vectors\n"
			 "area       policy     passed   failed\n"
			 "walk       arch            0        1\n"
			 "vste       v7.0            2        1\n"
			 "2 passed, 2 failed\n");
	CLI_RUN(&r, "replay", "--quiet", "tests/replay/mixed.yaml");
	ck_assert_str_eq(r.out, "2 passed, 1 failed\n");
	ck_assert_str_eq(r.err, "");
}
END_TEST

START_TEST(cli_formats_mixed)
{
	const char *f = formats[_i];
	char opt[32];
	struct cli_run r;
	unsigned pass, fail;

	snprintf(opt, sizeof(opt), "--format=%s", f);
	CLI_RUN(&r, "replay", opt, "tests/replay/mixed.yaml");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "");
	check_grammar_of(f, r.out);
	counts_of(f, r.out, &pass, &fail);
	ck_assert_uint_eq(pass, 2);
	ck_assert_uint_eq(fail, 1);
	/* the failure and its message are in every format */
	ck_assert_ptr_nonnull(strstr(r.out, "replay.wrong.abort"));
	ck_assert_ptr_nonnull(strstr(r.out, "expected error EIO, got ok"));
	/* --quiet is for text: the others keep their failures */
	CLI_RUN(&r, "replay", opt, "--quiet", "tests/replay/mixed.yaml");
	if (strcmp(f, "text") != 0)
		ck_assert_ptr_nonnull(strstr(r.out, "expected error EIO, got ok"));
	else
		ck_assert_str_eq(r.out, "2 passed, 1 failed\n");
}
END_TEST

/* Several areas (vste, walk, ste/cd, tlb, hitless): the same counts in every format. */
START_TEST(cli_formats_directory)
{
	const char *f = formats[_i];
	char opt[32];
	struct cli_run_big r;
	unsigned pass, fail;

	snprintf(opt, sizeof(opt), "--format=%s", f);
	CLI_RUN_BIG(&r, "conformance", opt, "tests/replay", "tests/replay-arch",
		    "tests/good-tlb", "tests/good-hitless", "tests/good-arch");
	ck_assert_int_eq(r.status, 1);
	check_grammar_of(f, r.out);
	counts_of(f, r.out, &pass, &fail);
	ck_assert_uint_eq(pass, 130);
	ck_assert_uint_eq(fail, 2);
	if (strcmp(f, "ktap") == 0)
		ck_assert_ptr_nonnull(strstr(r.out, "\nnot ok 1 walk\n"));
	if (strcmp(f, "junit") == 0)
		ck_assert_ptr_nonnull(strstr(r.out, "<testsuite name=\"tlb\" "));
	if (strcmp(f, "json") == 0)
		ck_assert_ptr_nonnull(strstr(r.out, "\"command\": \"conformance\""));
	cli_run_big_free(&r);
}
END_TEST

/*
 * Every golden vector, every format: valid, and the same counts as text.
 * Under valgrind (make valgrind sets SMMU_NEST_MEMCHECK), which follows
 * the CLI too, one area's vectors stand for all of them.
 */
START_TEST(cli_formats_all_vectors)
{
	const char *dir = getenv("SMMU_NEST_MEMCHECK") ? "vectors/walk" : "vectors";
	const char *f = formats[_i];
	char opt[32];
	struct cli_run_big text, r;
	unsigned tp, tf, pass, fail;

	CLI_RUN_BIG(&text, "conformance", "--color=never", dir);
	ck_assert_int_eq(text.status, 0);
	counts_of("text", text.out, &tp, &tf);
	ck_assert_uint_gt(tp, 100);
	snprintf(opt, sizeof(opt), "--format=%s", f);
	CLI_RUN_BIG(&r, "conformance", opt, dir);
	ck_assert_int_eq(r.status, 0);
	check_grammar_of(f, r.out);
	counts_of(f, r.out, &pass, &fail);
	ck_assert_uint_eq(pass, tp);
	ck_assert_uint_eq(fail, tf);
	cli_run_big_free(&text);
	cli_run_big_free(&r);
}
END_TEST

START_TEST(cli_bad_usage)
{
	struct cli_run r;

	CLI_RUN(&r, "replay", "--format=bogus", "tests/replay");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "smmu-nest replay: unknown format 'bogus'"));
	ck_assert_ptr_nonnull(strstr(r.err, "Try 'smmu-nest replay --help'"));
	CLI_RUN(&r, "conformance", "--format=", "tests/replay");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "unknown format ''"));
	CLI_RUN(&r, "conformance", "--color=bogus", "tests/replay");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "smmu-nest conformance: unknown colour mode 'bogus'"));
	CLI_RUN(&r, "replay", "--color=bogus", "tests/replay");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "Try 'smmu-nest replay --help'"));
	CLI_RUN(&r, "replay", "--format", "json", "tests/replay");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "unknown option '--format'"));
}
END_TEST

START_TEST(cli_help)
{
	struct cli_run r;

	CLI_RUN(&r, "replay", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "--format=F"));
	ck_assert_ptr_nonnull(strstr(r.out, "--color=WHEN"));
	ck_assert_ptr_nonnull(strstr(r.out, "NO_COLOR"));
	CLI_RUN(&r, "conformance", "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "junit"));
	ck_assert_ptr_nonnull(strstr(r.out, "--color=WHEN"));
}
END_TEST

/* A file that does not load stops the run: stderr, exit 2, no report but TAP's bail-out. */
START_TEST(cli_load_error)
{
	struct cli_run r;

	CLI_RUN(&r, "replay", "--format=tap", "tests/cli-bad/unclosed.yaml");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "tests/cli-bad/unclosed.yaml"));
	ck_assert(STARTS_WITH(r.out, "TAP version 13\nBail out! tests/cli-bad/unclosed.yaml"));
	ASSERT_GRAMMAR(grammar_tap, r.out);
	CLI_RUN(&r, "replay", "--format=json", "tests/cli-bad/unclosed.yaml");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "tests/cli-bad/unclosed.yaml"));
	CLI_RUN(&r, "replay", "--format=junit", "tests/no/such/dir");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
}
END_TEST

START_TEST(cli_colour_pipe)
{
	struct cli_run r;

	CLI_RUN(&r, "replay", "--color=always", "tests/replay/mixed.yaml");
	ck_assert_int_eq(r.status, 1);
	ck_assert(STARTS_WITH(r.out, "\033[31mtests/replay/mixed.yaml:19:\033[0m replay.wrong.abort"));
	ck_assert_ptr_nonnull(strstr(r.out, "\033[31m2 passed, 1 failed\033[0m\n"));
	CLI_RUN(&r, "replay", "--color=always", "tests/good-hitless");
	ck_assert_int_eq(r.status, 0);
	ck_assert(STARTS_WITH(r.out, "\033[32m"));
	/* auto: standard output here is a pipe */
	CLI_RUN(&r, "replay", "--color=auto", "tests/replay/mixed.yaml");
	ck_assert_ptr_null(strchr(r.out, '\033'));
	CLI_RUN(&r, "replay", "--color=always", "--format=json", "tests/replay/mixed.yaml");
	ck_assert_ptr_null(strchr(r.out, '\033'));
	ASSERT_GRAMMAR(grammar_json, r.out);
}
END_TEST

/*
 * Run the CLI with standard output (or, @on_stderr, standard error) on a
 * terminal, the other stream into @other_fd, NO_COLOR as @no_color (NULL:
 * unset).  What the terminal received in @buf; the exit status returned.
 */
static int run_on_pty(const char *const *args, const char *no_color, bool on_stderr,
		      int other_fd, char *buf, size_t len)
{
	const char *argv[16];
	unsigned n = 0;
	int slave, m = pty_open(&slave), st;
	size_t used = 0;
	ssize_t k;
	pid_t pid;

	argv[n++] = cli_run_path();
	while (*args && n < 15)
		argv[n++] = *args++;
	argv[n] = NULL;
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		if (no_color)
			setenv("NO_COLOR", no_color, 1);
		else
			unsetenv("NO_COLOR");
		dup2(slave, on_stderr ? 2 : 1);
		dup2(other_fd, on_stderr ? 1 : 2);
		close(m);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(slave);
	/* read until the child's side closes (EIO on Linux) */
	while (used < len - 1 && (k = read(m, buf + used, len - 1 - used)) > 0)
		used += (size_t)k;
	buf[used] = '\0';
	ck_assert(waitpid(pid, &st, 0) == pid);
	close(m);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

START_TEST(cli_colour_terminal)
{
	static const char *const auto_args[] = { "replay", "--color=auto",
						 "tests/replay/mixed.yaml", NULL };
	static const char *const never_args[] = { "replay", "--color=never",
						  "tests/replay/mixed.yaml", NULL };
	static const char *const always_args[] = { "replay", "--color=always",
						   "tests/replay/mixed.yaml", NULL };
	static const char *const default_args[] = { "replay", "tests/replay/mixed.yaml", NULL };
	char got[8192];
	int null = open("/dev/null", O_WRONLY);

	ck_assert_int_ge(null, 0);
	/* auto on a terminal: colour, unless NO_COLOR says no */
	ck_assert_int_eq(run_on_pty(auto_args, NULL, false, null, got, sizeof(got)), 1);
	ck_assert_ptr_nonnull(strstr(got, "\033[31mtests/replay/mixed.yaml:19:\033[0m"));
	ck_assert_int_eq(run_on_pty(default_args, NULL, false, null, got, sizeof(got)), 1);
	ck_assert_ptr_nonnull(strchr(got, '\033'));
	ck_assert_int_eq(run_on_pty(auto_args, "1", false, null, got, sizeof(got)), 1);
	ck_assert_ptr_null(strchr(got, '\033'));
	ck_assert_ptr_nonnull(strstr(got, "2 passed, 1 failed"));
	ck_assert_int_eq(run_on_pty(default_args, "1", false, null, got, sizeof(got)), 1);
	ck_assert_ptr_null(strchr(got, '\033'));
	ck_assert_int_eq(run_on_pty(never_args, NULL, false, null, got, sizeof(got)), 1);
	ck_assert_ptr_null(strchr(got, '\033'));
	/* an explicit --color=always wins over NO_COLOR */
	ck_assert_int_eq(run_on_pty(always_args, "1", false, null, got, sizeof(got)), 1);
	ck_assert_ptr_nonnull(strchr(got, '\033'));
	close(null);
}
END_TEST

START_TEST(cli_progress_terminal)
{
	static const char *const args[] = { "replay", "vectors/vste", NULL };
	char got[65536], out[4096];
	FILE *f = tmpfile();
	struct cli_run plain;
	size_t n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(run_on_pty(args, "1", true, fileno(f), got, sizeof(got)), 0);
	/* progress on the terminal, naming a file, erased at the end */
	ck_assert_ptr_nonnull(strstr(got, "cases] vectors/vste/"));
	ck_assert_uint_ge(strlen(got), 4);
	ck_assert_str_eq(got + strlen(got) - 4, "\r\033[K");
	/* and the report itself as without a terminal */
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	CLI_RUN(&plain, "replay", "vectors/vste");
	ck_assert_str_eq(out, plain.out);
	ck_assert_str_eq(plain.err, "");        /* not a terminal: no progress */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report");
	TCase *unit = tcase_create("reporter");
	TCase *grammar = tcase_create("validators");
	TCase *term = tcase_create("terminal");
	TCase *cli = tcase_create("cli");
	SRunner *sr;
	int failed;

	tcase_add_test(unit, format_names);
	tcase_add_test(unit, text_lines);
	tcase_add_test(unit, text_summary_historical);
	tcase_add_test(unit, text_summary_skips);
	tcase_add_test(unit, text_summary_order);
	tcase_add_test(unit, text_quiet);
	tcase_add_test(unit, text_colour);
	tcase_add_test(unit, tap_mix);
	tcase_add_test(unit, ktap_mix);
	tcase_add_test(unit, ktap_all_skipped_area);
	tcase_add_test(unit, json_mix);
	tcase_add_test(unit, json_dut_and_command);
	tcase_add_test(unit, junit_mix);
	tcase_add_test(unit, hostile_strings);
	tcase_add_test(unit, empty_runs);
	tcase_add_test(unit, counts_and_status);
	tcase_add_test(unit, strings_copied);
	tcase_add_test(unit, abort_run);
	suite_add_tcase(s, unit);

	tcase_add_loop_test(grammar, validator_samples, 0, N_SAMPLES);
	tcase_add_test(grammar, json_depth_limit);
	tcase_add_test(grammar, validator_why);
	suite_add_tcase(s, grammar);

	tcase_add_test(term, progress_on_terminal);
	tcase_add_test(term, no_progress_off_terminal);
	tcase_add_test(term, colour_auto_terminal);
	suite_add_tcase(s, term);

	tcase_set_timeout(cli, 120);
	tcase_add_test(cli, cli_text_unchanged);
	tcase_add_loop_test(cli, cli_formats_mixed, 0, 5);
	tcase_add_loop_test(cli, cli_formats_directory, 0, 5);
	tcase_add_loop_test(cli, cli_formats_all_vectors, 0, 5);
	tcase_add_test(cli, cli_bad_usage);
	tcase_add_test(cli, cli_help);
	tcase_add_test(cli, cli_load_error);
	tcase_add_test(cli, cli_colour_pipe);
	tcase_add_test(cli, cli_colour_terminal);
	tcase_add_test(cli, cli_progress_terminal);
	suite_add_tcase(s, cli);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
