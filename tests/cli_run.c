// SPDX-License-Identifier: MIT
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_run.h"

const char *cli_run_path(void)
{
	const char *p = getenv("SMMU_NEST_CLI");

	return p && *p ? p : "build/smmu-nest";
}

/* Read @fd to its end into @buf (NUL-terminated, cut at @len - 1). */
static void drain(int fd, char *buf, size_t len)
{
	size_t used = 0;
	ssize_t n;
	char sink[256];

	while ((n = read(fd, used < len - 1 ? buf + used : sink,
			 used < len - 1 ? len - 1 - used : sizeof(sink))) > 0)
		if (used < len - 1)
			used += (size_t)n;
	buf[used] = '\0';
}

/*
 * Start the CLI with @args, stdin from /dev/null; its stdout and stderr
 * are returned as the read ends *@out and *@err.
 */
static pid_t spawn(const char *const *args, int *out_fd, int *err_fd)
{
	const char *argv[32];
	int out[2], err[2];
	unsigned n = 0;
	pid_t pid;

	argv[n++] = cli_run_path();
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	ck_assert(pipe(out) == 0 && pipe(err) == 0);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		dup2(devnull, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	*out_fd = out[0];
	*err_fd = err[0];
	return pid;
}

/* Wait for @pid, which must exit normally; its exit status. */
static int reap(pid_t pid, int out, int err)
{
	int st;

	close(out);
	close(err);
	ck_assert(waitpid(pid, &st, 0) == pid);
	ck_assert_msg(WIFEXITED(st), "CLI did not exit normally");
	return WEXITSTATUS(st);
}

void cli_run(struct cli_run *r, const char *const *args)
{
	int out, err;
	pid_t pid = spawn(args, &out, &err);

	/* stderr is small; stdout may be large: read stdout first, then stderr */
	drain(out, r->out, sizeof(r->out));
	drain(err, r->err, sizeof(r->err));
	r->status = reap(pid, out, err);
}

/* Read @fd to its end into a growing buffer. */
static char *drain_all(int fd, size_t *len)
{
	size_t cap = 65536, used = 0;
	char *buf = malloc(cap);
	ssize_t n;

	ck_assert_ptr_nonnull(buf);
	while ((n = read(fd, buf + used, cap - 1 - used)) > 0) {
		used += (size_t)n;
		if (used == cap - 1) {
			buf = realloc(buf, cap *= 2);
			ck_assert_ptr_nonnull(buf);
		}
	}
	buf[used] = '\0';
	*len = used;
	return buf;
}

void cli_run_big(struct cli_run_big *r, const char *const *args)
{
	int out, err;
	pid_t pid = spawn(args, &out, &err);

	r->out = drain_all(out, &r->out_len);
	drain(err, r->err, sizeof(r->err));
	r->status = reap(pid, out, err);
}

void cli_run_big_free(struct cli_run_big *r)
{
	free(r->out);
	r->out = NULL;
}
