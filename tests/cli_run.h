/* SPDX-License-Identifier: MIT */
/* Running the smmu-nest binary from a test: arguments in, status and output back. */
#ifndef SMMU_NEST_TESTS_CLI_RUN_H
#define SMMU_NEST_TESTS_CLI_RUN_H

struct cli_run {
	int status;             /* exit status */
	char out[65536];
	char err[4096];
};

/* The binary: $SMMU_NEST_CLI (set by make), else build/smmu-nest. */
const char *cli_run_path(void);

/* Run the CLI with @args (NULL-terminated, without argv[0]); stdin is empty. */
void cli_run(struct cli_run *r, const char *const *args);

#define CLI_RUN(r, ...) cli_run((r), (const char *const[]){ __VA_ARGS__, NULL })

#endif
