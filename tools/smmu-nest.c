// SPDX-License-Identifier: MIT
/* smmu-nest: command dispatch, --help and --version. */
#include <stdio.h>
#include <string.h>

#include <smmu-nest/version.h>
#include "cli.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "vste", cmd_vste, "what each host policy does with one guest vSTE" },
	{ "replay", cmd_replay, "replay golden vector files against the model" },
	{ "conformance", cmd_conformance, "replay every vector under every policy, summary per area and policy" },
	{ "explain", cmd_explain, "show a vector's walk step by step, or why a cached translation is stale" },
	{ "lint", cmd_lint, "check vector and rule files: schema, ids, counts, rule coverage" },
	{ "policies", cmd_policies, "list the host policies and where each comes from" },
	{ "property", cmd_property, "random cache and invalidation scenarios judged by the staleness oracle" },
	{ "hitless", cmd_hitless, "the kernel's write sequence for a live STE/CD update and its torn states" },
	{ "export", cmd_export, "write vectors as a C header for KUnit, or all of them as normalized JSON" },
	{ "prove-vste", cmd_prove, "check every vSTE of an enumerated space against the escape invariants" },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: smmu-nest COMMAND [OPTIONS] [ARGS]\n"
		"       smmu-nest --help | --version\n\n"
		"Reference model and conformance suite for Arm SMMUv3 nested translation.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n'smmu-nest COMMAND --help' describes a command.\n"
		"Exit status: 0 success, 1 a vector failed, 2 bad input or usage.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(NULL, "missing command");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("smmu-nest %s (vector schema %d)\n", SMMU_NEST_VERSION,
		       SMMU_NEST_SCHEMA_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
}
