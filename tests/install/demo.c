// SPDX-License-Identifier: MIT
/*
 * A program built against an installed smmu-nest (scripts/test-install.sh),
 * with nothing but `pkg-config --cflags --libs smmu-nest`:
 *
 *   demo VECTOR_FILE
 *
 * prints the library's version, what policy v7.0 does with the README's
 * S1-translate vSTE (EATS=TRANS) on a device with ATS support under the
 * default parent, and how many vectors VECTOR_FILE holds.
 */
#include <inttypes.h>
#include <stdio.h>

#include <smmu-nest/policy.h>
#include <smmu-nest/vectors.h>
#include <smmu-nest/version.h>

static int show_vste(void)
{
	const u64 vste[2] = { 0x000000008000100bull, 0x00000000100000d6ull };
	const struct host_policy *p = host_policy_find("v7.0");
	struct host_env env;
	struct vste_result r;

	if (!p) {
		fprintf(stderr, "demo: no policy v7.0\n");
		return 1;
	}
	host_env_default(&env);
	env.ats_supported = true;
	host_policy_apply(p, vste, host_default_parent, &env, &r);
	if (r.err != SN_OK) {
		printf("%s: error %s: %s\n", p->name, sn_errno_name(r.err), r.reason);
		return 0;
	}
	printf("%s: ok ats=%s ste=", p->name, r.ats ? "true" : "false");
	for (unsigned i = 0; i < STE_DWORDS; i++)
		printf("%s0x%016" PRIx64, i ? "," : "", (uint64_t)r.ste[i]);
	printf("\n");
	return 0;
}

static int show_file(const char *path)
{
	struct sn_vector_file f;
	struct sn_error err;

	if (sn_vector_file_load(path, &f, &err) != 0) {
		fprintf(stderr, "demo: %s\n", err.msg);
		sn_vector_file_free(&f);
		return 1;
	}
	printf("%s: area %s, %u vectors\n", path, f.area, f.n_vectors);
	sn_vector_file_free(&f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: demo VECTOR_FILE\n");
		return 2;
	}
	printf("smmu-nest %s\n", SMMU_NEST_VERSION);
	if (show_vste() != 0)
		return 1;
	return show_file(argv[1]);
}
