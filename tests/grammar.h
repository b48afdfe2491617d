/* SPDX-License-Identifier: MIT */
/*
 * Validators for the machine-readable output formats, written from the
 * formats' own specifications (TAP 13, KTAP v1, RFC 8259 JSON, XML 1.0)
 * and independently of the code that writes them, so that a test which
 * checks output with them is not checking the writer against itself.
 *
 * Each returns true when @text conforms; otherwise false with a short
 * human-readable reason (including a line or byte position) in @why,
 * which is always NUL-terminated when @n > 0.  @why may be NULL.
 */
#ifndef SMMU_NEST_TESTS_GRAMMAR_H
#define SMMU_NEST_TESTS_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>

/*
 * TAP version 13: "TAP version 13" first, then only test lines, one plan
 * (first or last), "#" diagnostics, indented YAML blocks ("  ---" ..
 * "  ...") right after a test line, or "Bail out!".  Test numbers run
 * 1, 2, ... and the plan counts them.
 */
bool grammar_tap(const char *text, char *why, size_t n);

/*
 * KTAP version 1: "KTAP version 1", a plan, results "ok N name" /
 * "not ok N name" with optional "# SKIP ..." directives, "#" diagnostics,
 * and subtests indented by four spaces, each with its own version line and
 * plan, closed by the parent's result line.  Every level's plan equals
 * its number of results, which run 1, 2, ...
 */
bool grammar_ktap(const char *text, char *why, size_t n);

/* RFC 8259: exactly one JSON value, optionally surrounded by whitespace. */
bool grammar_json(const char *text, char *why, size_t n);

/*
 * XML well-formedness for the subset JUnit reports use: an optional
 * declaration, comments, one root element, properly nested and closed
 * elements, quoted and unique attributes, only the five predefined and
 * numeric character references, no '<' or bare '&' in text or values.
 */
bool grammar_xml(const char *text, char *why, size_t n);

#endif
