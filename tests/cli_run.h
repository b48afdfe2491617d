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

/* A run whose standard output may be of any size (cli_run keeps 64 KiB). */
struct cli_run_big {
	int status;             /* exit status */
	char *out;              /* all of stdout, NUL-terminated; cli_run_big_free() */
	size_t out_len;
	char err[4096];
};

/* As cli_run(), with all of standard output in @r->out. */
void cli_run_big(struct cli_run_big *r, const char *const *args);
void cli_run_big_free(struct cli_run_big *r);

#define CLI_RUN_BIG(r, ...) cli_run_big((r), (const char *const[]){ __VA_ARGS__, NULL })

#endif
