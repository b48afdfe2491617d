/* SPDX-License-Identifier: MIT */
/*
 * The escape invariants for an accepted vSTE.  They are written from the
 * kernel's nesting masks and the architecture, not from any policy row, so
 * a broken policy (wider masks, planted bugs) is caught by them.
 */
#ifndef SMMU_NEST_INVARIANTS_H
#define SMMU_NEST_INVARIANTS_H

#include <stddef.h>
#include <smmu-nest/policy.h>

enum sn_invariant {
	INV_NONE = 0,
	INV_CONFIG,      /* (a) V=1, Config in {abort, S2 only, nested}, as asked */
	INV_GUEST_BITS,  /* (c) guest bits only inside the nesting masks */
	INV_HOST_BITS,   /* (b) every host-owned bit equals the parent */
	INV_ATS,         /* EATS and the ATS decision agree and are allowed */
	INV_COUNT
};

const char *sn_invariant_name(enum sn_invariant inv);

/* Guest-owned bits of the physical nested STE (V and Config excluded). */
#define GUEST_OWNED_DW0 0xf80ffffffffffff0ULL /* S1Fmt, S1ContextPtr[51:6], S1CDMax */
#define GUEST_OWNED_DW1 0x00000000080000ffULL /* S1DSS, S1CIR, S1COR, S1CSH, S1STALLD */

/*
 * Check one accepted result (r->err == SN_OK).  Returns INV_NONE, or the
 * first invariant broken, in the order of the enum; @detail (if not NULL)
 * receives one sentence saying what broke.
 */
enum sn_invariant vste_check_invariants(const struct host_policy *p,
					const u64 vste[2],
					const u64 parent[STE_DWORDS],
					const struct host_env *env,
					const struct vste_result *r,
					char *detail, size_t detail_len);

#endif
