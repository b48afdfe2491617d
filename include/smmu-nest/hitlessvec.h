/* SPDX-License-Identifier: MIT */
/*
 * Live-update vectors (area hitless; vectors/SCHEMA.md "Area hitless: live
 * STE and CD updates"): one transition of a live STE or CD, from one value
 * to another, with the figures the kernel's entry writer must produce under
 * each policy -- the number of syncs, whether the KUnit harness calls it
 * hitless, optionally the path the writer takes, and whether the torn-state
 * checker finds an unsafe mix (writer.h).
 *
 * The loader (src/vectors_hitless.c) fills struct sn_hitless; the runner
 * (src/replay_hitless.c) runs writer_run() and torn_check() under one
 * policy and compares.
 *
 * A hitless vector's struct sn_vector points (v->scn) at the empty scenario
 * that starts its struct sn_hitless, as a tlb vector's does at its struct
 * sn_tlbscn, so the vector is freed as every other one; sn_hitless_of()
 * gives the whole.  Only vectors of a file whose area is "hitless" have one.
 */
#ifndef SMMU_NEST_HITLESSVEC_H
#define SMMU_NEST_HITLESSVEC_H

#include <smmu-nest/scenario.h>
#include <smmu-nest/vectors.h>
#include <smmu-nest/writer.h>

/* What one policy's run must give (SCHEMA.md outcome keys). */
struct sn_hitless_outcome {
	unsigned syncs;                 /* 0..3 */
	bool hitless;
	bool has_path;
	enum writer_path path;
	bool torn_unsafe;               /* torn: unsafe (default safe) */
	struct sn_loc loc;              /* of the outcome mapping */
};

struct sn_hitless {
	struct sn_scenario scn;         /* first, and empty: sn_vector.scn points here */
	enum writer_kind kind;
	u64 from[WRITER_QWORDS];
	u64 to[WRITER_QWORDS];
	bool has_expect;
	struct sn_hitless_outcome expect;
	bool has_policy_expect[SN_MAX_POLICIES];
	struct sn_hitless_outcome policy_expect[SN_MAX_POLICIES];
};

/* The hitless data of a vector loaded from a file whose area is "hitless". */
static inline const struct sn_hitless *sn_hitless_of(const struct sn_vector *v)
{
	return (const struct sn_hitless *)(const void *)v->scn;
}

/* The expectation of @h under host_policies[@policy_index], or NULL. */
const struct sn_hitless_outcome *sn_hitless_expect_for(const struct sn_hitless *h,
							unsigned policy_index);

/* SCHEMA.md names: "noop", "no-critical", "hitless", "breaking"; NULL if out of range. */
const char *sn_hitless_path_name(enum writer_path p);
bool sn_hitless_path_parse(const char *name, enum writer_path *p);

/* "ste" or "cd". */
const char *sn_hitless_kind_name(enum writer_kind k);

/* ------------------------------------------------------------------ */
/* Running (src/replay_hitless.c)                                      */

/* What one run found: the writer's result and the checker's report. */
struct sn_hitless_run {
	struct writer_result w;
	struct torn_report torn;
};

/* The field of the first mismatch and its texts, for a failure line. */
#define SN_HITLESS_MAX_FAILS 4

struct sn_hitless_fail {
	const char *field;              /* "syncs", "hitless", "path" or "torn" */
	char expected[32];
	char got[224];
};

/*
 * Run @h under @p: writer_run() and torn_check(), into @run (may be NULL),
 * and compare with @exp.  The number of mismatching fields (0: the vector
 * passes under @p), each in @fails (at most SN_HITLESS_MAX_FAILS, in the
 * order syncs, hitless, path, torn).
 */
unsigned sn_hitless_run(const struct sn_hitless *h, const struct host_policy *p,
			const struct sn_hitless_outcome *exp, struct sn_hitless_run *run,
			struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS]);

#endif
