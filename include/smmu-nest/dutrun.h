/* SPDX-License-Identifier: MIT */
/*
 * Replaying golden vectors against a device under test (dut.h): loading
 * the adapter, and one vector at a time, with every difference from the
 * outcomes the vector permits reported field by field.
 *
 * What each area asks of the DUT (SN_DUT_CAP_*), and what it permits:
 *   vste     VSTE: the errno (and, if the DUT reports it, the stage) or
 *            the eight physical STE words and ATS that policy @p's
 *            expectation gives; an accepted STE is also held to the
 *            escape invariants (invariants.h)
 *   ste, cd, walk
 *            SMMU (and ABORTS for a vector with abort ranges): each
 *            transaction's outcome, every field the vector asserts and
 *            the DUT reports
 *   tlb      SMMU and/or S2_CHANGE, run in lockstep with the model under
 *            cache mode max: the same memory writes and commands go to
 *            both.  The DUT's SMMU may answer each translation with the
 *            fresh outcome the vector expects or, where the model's
 *            oracle finds a cached result the architecture still allows
 *            (ACCEPTABLE, or STALE under a planted bug), with the stalest
 *            one.  With S2_CHANGE the DUT's own commands replace the
 *            policy's stage-2 change sequence, and any STALE translation
 *            after it is the DUT's failure, shown with its culprit; a
 *            vector that plants a bug in the model's policy then runs
 *            with the policy's sequence.
 *   hitless  nothing: it tests the host's entry writer, which the DUT
 *            interface has no hook for -- skipped.
 */
#ifndef SMMU_NEST_DUTRUN_H
#define SMMU_NEST_DUTRUN_H

#include <smmu-nest/dut.h>
#include <smmu-nest/report.h>
#include <smmu-nest/vectors.h>

struct sn_dut;

/*
 * Load the adapter at @path (dlopen) and open one instance with @arg.
 * 0, or -1 with @err saying what is wrong (no such file, no entry point,
 * another ABI version, an inconsistent table, open() refused).
 */
int sn_dut_load(const char *path, const char *arg, struct sn_dut **out, struct sn_error *err);
/* The same for a table already linked in (tests). */
int sn_dut_attach(const struct sn_dut_ops *ops, const char *arg, struct sn_dut **out,
		  struct sn_error *err);
void sn_dut_free(struct sn_dut *d);

const char *sn_dut_name(const struct sn_dut *d);
uint32_t sn_dut_caps(const struct sn_dut *d);

#define SN_DUT_MAX_DIAGS 16

struct sn_dut_diag {
	unsigned line;
	char what[64];          /* "[txn 3]", "[step 2]", "[step 4 during 1]", "" */
	char msg[560];          /* "field: expected X, got Y" */
};

struct sn_dut_verdict {
	enum sn_case_status status;
	char skip[200];                 /* SN_CASE_SKIP: why */
	unsigned n_failed;              /* failed checks (may exceed n_diags) */
	unsigned n_diags;
	struct sn_dut_diag diags[SN_DUT_MAX_DIAGS];
};

/*
 * Run vector @v of file @f against @d, judged by host policy @p's
 * expectations (vste, tlb).  0 with @out filled; -1 with @err set when the
 * vector itself cannot be run (bad input: exit status 2).
 */
int sn_dut_run(struct sn_dut *d, const struct sn_vector_file *f, const struct sn_vector *v,
	       const struct host_policy *p, struct sn_dut_verdict *out, struct sn_error *err);

#endif
