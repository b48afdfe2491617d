/* SPDX-License-Identifier: MIT */
/*
 * Results of `replay` and `conformance` (and of a replay against a device
 * under test, dut.h), written in one of five formats:
 *
 *   text   the historical format: one "file:line: id <what>: message" line
 *          per failed check, then (conformance) the summary table, then
 *          "N passed, M failed" (", K skipped" only when K > 0, which also
 *          adds a "skipped" column to the table)
 *   tap    TAP version 13, streamed: "ok N - area: name",
 *          "not ok N - area: name", "# SKIP why", failures as "  ---" YAML
 *          blocks (area, file, line, id, policy, mode, failures), the plan
 *          "1..N" at the end
 *   ktap   KTAP version 1 (Documentation/dev-tools/ktap.rst): one subtest
 *          per area, indented four spaces (as KUnit prints them), each with
 *          its own plan, failed checks as "# file:line: ..." lines before
 *          their result; the outer plan counts areas
 *   json   one JSON document: {"command", "dut", "cases": [{"area", "file",
 *          "line", "id", "name", "policy", "mode", "status", "skip_reason",
 *          "diags": [{"line", "what", "message"}]}], "summary": {"files",
 *          "vectors", "passed", "failed", "skipped", "areas": [{"area",
 *          "policy", "passed", "failed", "skipped"}]}}, keys in that order
 *   junit  JUnit XML: <testsuites>, one <testsuite> per area, one
 *          <testcase classname="area.file-stem" name file line> per case,
 *          <failure message> (the checks as text) / <skipped message>
 *
 * One case is one vector under one policy (and, for tlb vectors, one cache
 * mode): the unit the "N passed" line counts.  Its name in every machine
 * format is "id [policy, mode]", "id [policy]" or "id".  The reporter owns
 * no knowledge of areas: the caller names each case's area, policy and
 * mode, and pre-formats each failed check.
 *
 * text writes the caller's strings as they are.  The machine formats
 * escape them so that no string can break their syntax: TAP and KTAP lines
 * show control characters as C escapes ("\n", "\x1b"), a KTAP name cannot
 * hold '#' (it becomes '_'), a TAP name escapes it ("\#"); JSON and XML get
 * their own escapes, and invalid UTF-8 becomes U+FFFD.
 */
#ifndef SMMU_NEST_REPORT_H
#define SMMU_NEST_REPORT_H

#include <stdbool.h>
#include <stdio.h>

enum sn_report_format {
	SN_REPORT_TEXT,
	SN_REPORT_TAP,
	SN_REPORT_KTAP,
	SN_REPORT_JSON,
	SN_REPORT_JUNIT,
};

/* "text", "tap", "ktap", "json" or "junit"; false for anything else. */
bool sn_report_format_parse(const char *s, enum sn_report_format *f);
const char *sn_report_format_name(enum sn_report_format f);

enum sn_case_status { SN_CASE_PASS, SN_CASE_FAIL, SN_CASE_SKIP };

/*
 * One failed check of a case.  In text it prints as
 * "<file>:<line>: <id> <what>: <msg>", or "<file>:<line>: <id>: <msg>"
 * when @what is empty or NULL, exactly as replay printed before formats
 * existed (e.g. what "[v7.0]", "[txn 3]", "[step 2] (v7.0, max)",
 * "(v6.13)").
 */
struct sn_case_diag {
	unsigned line;          /* 0: the case's own line */
	const char *what;
	const char *msg;
};

struct sn_case {
	const char *area;       /* "vste", "ste", "cd", "walk", "tlb", "hitless", ... */
	const char *file;       /* the vector file's path as given */
	unsigned line;          /* the vector's line */
	const char *id;         /* the vector's id */
	const char *policy;     /* NULL: a policy-independent case (counted as "arch") */
	const char *mode;       /* the cache mode of a tlb case, else NULL */
	enum sn_case_status status;
	const char *skip_reason;        /* SN_CASE_SKIP: why (never NULL then) */
	const struct sn_case_diag *diags;
	unsigned n_diags;       /* SN_CASE_FAIL: at least one */
};

struct sn_report_opts {
	enum sn_report_format format;
	const char *command;    /* "replay" or "conformance" */
	const char *dut;        /* the adapter's name when replaying a DUT, else NULL */
	bool summary;           /* text: print the per-area, per-policy table (conformance) */
	bool quiet;             /* text: no per-failure lines */
	/*
	 * Colour (text only): SN_COLOUR_AUTO is on when the output stream is a
	 * terminal and NO_COLOR is unset or empty (https://no-color.org).
	 */
	enum { SN_COLOUR_AUTO, SN_COLOUR_ALWAYS, SN_COLOUR_NEVER } colour;
	/*
	 * Progress ("\r[N cases] file") on @progress_stream, only when that is
	 * a terminal; NULL: no progress.  Erased before the report ends.
	 */
	FILE *progress_stream;
};

struct sn_report;

/* NULL on allocation failure.  @out receives the report. */
struct sn_report *sn_report_open(FILE *out, const struct sn_report_opts *o);

/*
 * Progress: the run is now in @file (the reporter shows it when progress
 * is on).  Optional.
 */
void sn_report_file(struct sn_report *r, const char *file);

/*
 * The order of the policy rows of each area in the text summary table (and
 * of the JSON summary): "arch" first, then the @n names as given, then any
 * other policy in the order its first case came.  Optional; without it the
 * order is that of first appearance.  The names are copied.
 */
void sn_report_policies(struct sn_report *r, const char *const *names, unsigned n);

/* Record one case; every string is copied, the caller keeps its own. */
void sn_report_case(struct sn_report *r, const struct sn_case *c);

/* Counts so far. */
unsigned sn_report_count(const struct sn_report *r, enum sn_case_status s);

/*
 * Write whatever the format writes at the end (text: the summary lines;
 * tap: the plan; ktap, json, junit: everything, as they are buffered),
 * free @r, and return 0 when no case failed, 1 otherwise (also when memory
 * ran out and the report is incomplete).  @files and @vectors are the
 * totals the conformance summary (text) and the JSON summary print.
 */
int sn_report_close(struct sn_report *r, unsigned files, unsigned vectors);

/*
 * The run stopped on bad input (the caller reports the error itself, on
 * stderr): write nothing more except, in tap, "Bail out! @why", so that a
 * harness reading the stream sees why it ended; the buffered formats write
 * nothing at all.  Frees @r.
 */
void sn_report_abort(struct sn_report *r, const char *why);

#endif
