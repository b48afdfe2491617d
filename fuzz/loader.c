// SPDX-License-Identifier: MIT
/*
 * Fuzz harness "loader": raw bytes as a golden-vector file and as a rules
 * catalogue (vectors.h).  Refusing the input with a located error is fine;
 * a crash, a hang, a leak or a sanitizer report is a bug, as is an error
 * message that does not start with the file's name and a colon, or that
 * spans lines.
 *
 * The loaders read files, so the input goes into a memfd and is loaded as
 * /proc/self/fd/N (the loaders' behaviour is unchanged; no file is left
 * behind).  A vector file that loads is then used as smmu-nest uses one:
 * linted, and replayed -- every vste vector under every policy, every
 * architecture scenario built and run, every tlb vector under every policy
 * with max caching, every hitless vector under every policy -- with the
 * outcomes ignored (the expectations in fuzzed files are arbitrary): only
 * that the run completes counts.
 */
#define _GNU_SOURCE             /* memfd_create */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <smmu-nest/hitlessvec.h>
#include <smmu-nest/replay.h>
#include <smmu-nest/scenario.h>
#include <smmu-nest/tlbscn.h>
#include <smmu-nest/vectors.h>

#include "fuzz.h"

#define FAIL(...) FUZZ_FAIL("loader", __VA_ARGS__)

/* An error message must name the file and say something, on one line. */
static void check_error(const char *path, const struct sn_error *err)
{
	size_t len = strnlen(err->msg, sizeof(err->msg));
	size_t plen = strlen(path);

	if (len == sizeof(err->msg))
		FAIL("error message not terminated");
	if (strncmp(err->msg, path, plen) != 0 || err->msg[plen] != ':' || len < plen + 3)
		FAIL("error message does not start with \"%s:\": %s", path, err->msg);
	/* Quoted input goes through ydom_excerpt() (fuzz/repro/loader-multiline-message.yaml). */
	if (memchr(err->msg, '\n', len))
		FAIL("error message spans lines: %s", err->msg);
}

static void replay_vectors(const struct sn_vector_file *f)
{
	const struct tlb_policy max = { .kind = TLB_POLICY_MAX };

	for (unsigned i = 0; i < f->n_vectors; i++) {
		const struct sn_vector *v = &f->vectors[i];

		if (strcmp(f->area, "tlb") == 0) {
			for (unsigned pi = 0; pi < host_policy_count; pi++) {
				struct sn_error err;

				if (v->policy_mask & (1u << pi))
					sn_tlb_run(sn_tlbscn_of(v), host_policies[pi], &max, NULL, &err);
			}
		} else if (strcmp(f->area, "hitless") == 0) {
			const struct sn_hitless *h = sn_hitless_of(v);

			for (unsigned pi = 0; pi < host_policy_count; pi++) {
				const struct sn_hitless_outcome *exp = sn_hitless_expect_for(h, pi);
				struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS];

				if ((v->policy_mask & (1u << pi)) && exp)
					sn_hitless_run(h, host_policies[pi], exp, NULL, fails);
			}
		} else if (f->arch) {
			struct sn_error err;

			sn_scenario_run(v->scn, NULL, &err);
		} else {
			for (unsigned pi = 0; pi < host_policy_count; pi++) {
				struct vste_result got;
				const struct sn_outcome *exp = sn_vector_expect_for(v, pi);
				char why[640];

				if (!(v->policy_mask & (1u << pi)))
					continue;
				sn_vector_run(v, pi, &got);
				if (exp)
					sn_outcome_matches(exp, &got, why, sizeof(why), NULL);
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	const char *paths[1] = { path };
	struct sn_vector_file vf;
	struct sn_rule_file rf;
	struct sn_error err;
	FILE *null;
	int fd = memfd_create("smmu-nest-fuzz", MFD_CLOEXEC);

	if (fd < 0)
		FAIL("memfd_create: %s", strerror(errno));
	for (size_t done = 0; done < size;) {
		ssize_t n = write(fd, data + done, size - done);

		if (n <= 0)
			FAIL("write to memfd: %s", strerror(errno));
		done += (size_t)n;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	if (sn_vector_file_load(path, &vf, &err) == 0) {
		replay_vectors(&vf);
		sn_vector_file_free(&vf);
	} else {
		check_error(path, &err);
		sn_vector_file_free(&vf);       /* empty, and freeable */
	}
	if (sn_rule_file_load(path, &rf, &err) == 0)
		sn_rule_file_free(&rf);
	else
		check_error(path, &err);

	null = fopen("/dev/null", "w");
	if (null) {
		sn_lint(paths, 1, null);
		sn_lint_event_fields(paths, 1, null);
		fclose(null);
	}
	close(fd);
	return 0;
}
