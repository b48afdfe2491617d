/* SPDX-License-Identifier: MIT */
/* Running golden vectors against the model and comparing outcomes. */
#ifndef SMMU_NEST_REPLAY_H
#define SMMU_NEST_REPLAY_H

#include <stddef.h>
#include <smmu-nest/vectors.h>

/*
 * Does @got match @exp?  On a mismatch @why (if not NULL) receives
 * "expected ..., got ..." naming the first field that differs.  For an
 * "acceptable" outcome @alt (if not NULL) receives the index of the
 * alternative that matched.
 */
bool sn_outcome_matches(const struct sn_outcome *exp, const struct vste_result *got,
			char *why, size_t why_len, unsigned *alt);

/* Run @v under host_policies[@policy_index] into @got. */
void sn_vector_run(const struct sn_vector *v, unsigned policy_index,
		   struct vste_result *got);

/* Format @r as one line of text ("ok ste=[...] ats=on" or "error EIO (alloc): why"). */
void sn_result_format(const struct vste_result *r, char *buf, size_t len);

#endif
