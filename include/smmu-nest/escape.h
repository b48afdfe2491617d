/* SPDX-License-Identifier: MIT */
/*
 * The semantic escape checker.
 *
 * A physical STE built from a guest's vSTE is safe only if everything the
 * SMMU does on the guest's behalf stays inside the parent's stage-2 image:
 * every CD, L1CD and stage-1 descriptor it reads, and every address it lets
 * the device reach, must be a PA that the parent's stage 2 maps, with the
 * permission stage 2 grants there; otherwise the transaction must fault.
 *
 * The image is given as the parent's declared stage-2 mappings (the list the
 * tables were built from), not by walking memory, so the checker does not
 * share its notion of "mapped" with the walker it judges.
 */
#ifndef SMMU_NEST_ESCAPE_H
#define SMMU_NEST_ESCAPE_H

#include <stddef.h>
#include <smmu-nest/builder.h>
#include <smmu-nest/smmu.h>

struct sn_s2_image {
	const struct sn_tt_map *maps;   /* stage-2 mappings: IPA -> PA, S2AP, XN */
	unsigned n_maps;
	u64 table_base, table_size;     /* where the host's stage-2 tables live */
};

struct sn_escape {
	bool escaped;
	int log_index;                  /* the offending read, or -1 for the output */
	char what[256];                 /* one sentence */
};

/*
 * Check one translation of @t, whose reads are in @s->log and result in @x.
 * STE and L1STD reads are the host's and are not judged; stage-2 descriptor
 * reads must lie in the host's stage-2 table area; CD, L1CD and stage-1
 * descriptor reads must hit a readable page of the image; an OK result must
 * land in the image with the permission the access needs.  Returns true
 * when something escaped, with @out saying what.
 */
bool sn_escape_check(const struct sn_s2_image *img, const struct smmu *s,
		     const struct sn_txn *t, const struct sn_xlate *x,
		     struct sn_escape *out);

#endif
