// SPDX-License-Identifier: MIT
/*
 * A plain driver for the fuzz harnesses: every file named on the command
 * line, and every regular file under every directory named (recursively,
 * in sorted order), goes once through LLVMFuzzerTestOneInput().  With no
 * arguments, standard input is the one input.  Built with the project's
 * compiler and flags (and under SANITIZE=1 with ASan + UBSan), it replays
 * seed corpora and fuzzer queues without any fuzzing engine; a harness
 * failure aborts, a sanitizer report ends the process non-zero.
 *
 *   build/fuzz/walk vectors-corpus/walk crash-file
 *   SMMU_NEST_FUZZ_RANDOM=1000 build/fuzz/walk     1000 random inputs (fixed seed)
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define MAX_INPUT (1u << 20)

static unsigned long runs;

static int run_buf(const unsigned char *buf, size_t len)
{
	LLVMFuzzerTestOneInput(buf, len);
	runs++;
	return 0;
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	size_t len;

	if (!f) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(MAX_INPUT);
	if (!buf) {
		fclose(f);
		return -1;
	}
	len = fread(buf, 1, MAX_INPUT, f);
	fclose(f);
	/* An exact-size copy, so a read past the input is a sanitizer report. */
	unsigned char *exact = malloc(len ? len : 1);

	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, len);
	free(buf);
	run_buf(exact, len);
	free(exact);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return S_ISREG(st.st_mode) ? run_file(path) : 0;
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len;
		char *full;

		if (e->d_name[0] == '.')
			continue;       /* ., .., and AFL++'s .state and .synced */
		if (n == cap) {
			char **bigger = realloc(names, (cap ? 2 * cap : 64) * sizeof(*names));

			if (!bigger) {
				rc = -1;
				break;
			}
			names = bigger;
			cap = cap ? 2 * cap : 64;
		}
		len = strlen(path) + strlen(e->d_name) + 2;
		full = malloc(len);
		if (!full) {
			rc = -1;
			break;
		}
		snprintf(full, len, "%s/%s", path, e->d_name);
		names[n++] = full;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && run_path(names[i]) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Random inputs of random length from a fixed xorshift seed. */
static int run_random(unsigned long count)
{
	u64 s = 0x9e3779b97f4a7c15ULL;
	unsigned char *buf = malloc(4096);

	if (!buf)
		return -1;
	for (unsigned long i = 0; i < count; i++) {
		size_t len;

		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		len = (size_t)(s % 4096);
		for (size_t k = 0; k < len; k++) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			buf[k] = (unsigned char)(s >> 24);
		}
		run_buf(buf, len);
	}
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	const char *random = getenv("SMMU_NEST_FUZZ_RANDOM");
	int rc = 0;

	if (random && run_random(strtoul(random, NULL, 10)) != 0)
		rc = 1;
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i]) != 0)
			rc = 1;
	if (argc == 1 && !random) {
		unsigned char *buf = malloc(MAX_INPUT);
		size_t len;

		if (!buf)
			return 1;
		len = fread(buf, 1, MAX_INPUT, stdin);
		run_buf(buf, len);
		free(buf);
	}
	fprintf(stderr, "standalone: %lu inputs, no failure\n", runs);
	return rc;
}
