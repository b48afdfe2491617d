/* SPDX-License-Identifier: MIT */
/* Shared helpers of the smmu-nest command-line tool. */
#ifndef SMMU_NEST_CLI_H
#define SMMU_NEST_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <smmu-nest/bits.h>

#define EXIT_USAGE 2

/* A number as in vector files (sn_parse_u64): decimal or 0x-hex, 64 bits. */
bool cli_parse_u64(const char *s, u64 *out);

/* Comma-separated list of 1..@max numbers into @out (rest zeroed). */
bool cli_parse_u64_list(const char *s, u64 *out, unsigned max, unsigned *count);

/* If @arg is "--@name=VALUE" return VALUE, else NULL. */
const char *cli_opt_value(const char *arg, const char *name);

/* Print "smmu-nest CMD: MESSAGE" and a hint to --help on stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print @s as a JSON string literal. */
void cli_json_string(FILE *f, const char *s);

/* @name ("vectors" or "rules"), or its installed copy if ./@name does not exist. */
const char *cli_data_path(const char *name);

int cmd_vste(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_conformance(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_policies(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_property(int argc, char **argv);
int cmd_hitless(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_prove(int argc, char **argv);

#endif
