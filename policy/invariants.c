// SPDX-License-Identifier: MIT
/*
 * Escape invariants for accepted vSTEs (issue: foundation, item 4).
 *
 * The kernel's nesting masks (STRTAB_STE_{0,1}_NESTING_ALLOWED, linux.md
 * §1.1) say which vSTE bits a guest may choose; arm_smmu_make_nested_*_ste()
 * (linux.md §3) says where they go.  Everything else in the physical STE is
 * the host's: either a copy of the parent's stage-2 STE, or a value the host
 * decides (V, Config, EATS, MEV).
 */
#include <stdarg.h>
#include <stdio.h>

#include <smmu-nest/invariants.h>

#define KERNEL_ALLOWED_DW0 0xf80fffffffffffffULL
#define KERNEL_ALLOWED_DW1 0x00000000380000ffULL

static const char *const inv_names[INV_COUNT] = {
	[INV_NONE] = "none",
	[INV_CONFIG] = "config",
	[INV_GUEST_BITS] = "guest-bits",
	[INV_HOST_BITS] = "host-bits",
	[INV_ATS] = "ats",
};

const char *sn_invariant_name(enum sn_invariant inv)
{
	return (unsigned)inv < INV_COUNT ? inv_names[inv] : "?";
}

static enum sn_invariant broke(enum sn_invariant inv, char *detail, size_t n,
			       const char *fmt, ...)
{
	va_list ap;

	if (detail && n) {
		va_start(ap, fmt);
		vsnprintf(detail, n, fmt, ap);
		va_end(ap);
	}
	return inv;
}

/* Physical Config the guest's request must produce. */
static u64 wanted_config(const u64 vste[2])
{
	if (!(vste[0] & STE_DW0_V))
		return STE_CFG_ABORT;
	switch (sn_field_get(STE_DW0_CONFIG, vste[0])) {
	case STE_CFG_BYPASS:
		return STE_CFG_S2_TRANS;
	case STE_CFG_S1_TRANS:
		return STE_CFG_NESTED;
	default:
		return STE_CFG_ABORT;
	}
}

static bool is_abort_ste(const u64 ste[STE_DWORDS])
{
	u64 abort_ste[STE_DWORDS];

	ste_make_abort(abort_ste);
	for (unsigned i = 0; i < STE_DWORDS; i++)
		if (ste[i] != abort_ste[i])
			return false;
	return true;
}

/* (b): the abort STE exactly, or every host-owned bit as in the parent. */
static enum sn_invariant check_host_bits(const struct host_policy *p,
					 const u64 parent[STE_DWORDS],
					 const u64 ste[STE_DWORDS],
					 char *detail, size_t n)
{
	u64 cfg = sn_field_get(STE_DW0_CONFIG, ste[0]);
	bool nested = cfg == STE_CFG_NESTED;

	if (cfg == STE_CFG_ABORT) {
		if (!is_abort_ste(ste))
			return broke(INV_HOST_BITS, detail, n,
				     "abort STE carries bits beyond V and Config");
		return INV_NONE;
	}
	for (unsigned w = 0; w < STE_DWORDS; w++) {
		u64 host = ~0ULL;

		if (w == 0)
			host = ~((nested ? GUEST_OWNED_DW0 : 0) | STE_DW0_V | STE_DW0_CONFIG);
		if (w == 1)
			host = ~((nested ? GUEST_OWNED_DW1 : 0) | STE_DW1_EATS | STE_DW1_MEV);
		if ((ste[w] ^ parent[w]) & host)
			return broke(INV_HOST_BITS, detail, n,
				     "DW%u host-owned bits 0x%016llx differ from the parent",
				     w, (unsigned long long)((ste[w] ^ parent[w]) & host));
	}
	if ((ste[1] & STE_DW1_MEV) != (parent[1] & STE_DW1_MEV) && !(nested && p->mev_nested))
		return broke(INV_HOST_BITS, detail, n,
			     "MEV differs from the parent without the policy setting it");
	return INV_NONE;
}

enum sn_invariant vste_check_invariants(const struct host_policy *p,
					const u64 vste[2],
					const u64 parent[STE_DWORDS],
					const struct host_env *env,
					const struct vste_result *r,
					char *detail, size_t n)
{
	const u64 *ste = r->ste;
	u64 cfg = sn_field_get(STE_DW0_CONFIG, ste[0]);
	u64 eats = sn_field_get(STE_DW1_EATS, ste[1]);
	bool nested = cfg == STE_CFG_NESTED;
	enum sn_invariant inv;

	/* (a) never bypass, never stage-1 only, and what the guest asked for */
	if (!(ste[0] & STE_DW0_V))
		return broke(INV_CONFIG, detail, n, "physical STE is not valid (V=0)");
	if (cfg != STE_CFG_ABORT && cfg != STE_CFG_S2_TRANS && cfg != STE_CFG_NESTED)
		return broke(INV_CONFIG, detail, n,
			     "physical Config %llu is not abort, stage-2 only or nested",
			     (unsigned long long)cfg);
	if (cfg != wanted_config(vste))
		return broke(INV_CONFIG, detail, n,
			     "physical Config %llu but the vSTE asks for Config %llu",
			     (unsigned long long)cfg,
			     (unsigned long long)wanted_config(vste));

	/* (c) a valid vSTE with bits outside the masks must not be accepted */
	if ((vste[0] & STE_DW0_V) &&
	    ((vste[0] & ~KERNEL_ALLOWED_DW0) || (vste[1] & ~KERNEL_ALLOWED_DW1)))
		return broke(INV_GUEST_BITS, detail, n,
			     "accepted vSTE bits outside the nesting masks (0x%016llx, 0x%016llx)",
			     (unsigned long long)(vste[0] & ~KERNEL_ALLOWED_DW0),
			     (unsigned long long)(vste[1] & ~KERNEL_ALLOWED_DW1));
	if (nested && ((ste[0] ^ vste[0]) & GUEST_OWNED_DW0))
		return broke(INV_GUEST_BITS, detail, n,
			     "DW0 guest fields 0x%016llx differ from the vSTE's",
			     (unsigned long long)((ste[0] ^ vste[0]) & GUEST_OWNED_DW0));
	if (nested && ((ste[1] ^ (vste[1] | parent[1])) & GUEST_OWNED_DW1))
		return broke(INV_GUEST_BITS, detail, n,
			     "DW1 guest fields 0x%016llx differ from the vSTE's",
			     (unsigned long long)((ste[1] ^ (vste[1] | parent[1])) & GUEST_OWNED_DW1));

	/* (b) host-owned bits */
	inv = check_host_bits(p, parent, ste, detail, n);
	if (inv != INV_NONE)
		return inv;

	/* ATS: the host decides, only for devices that support it */
	if (r->ats && !env->ats_supported)
		return broke(INV_ATS, detail, n, "ATS enabled on a device without ATS support");
	/* An abort STE keeps EATS=0 even with ATS on (v7.0, linux.md §7). */
	if (cfg == STE_CFG_ABORT)
		return INV_NONE;
	if (eats != (r->ats ? STE_EATS_TRANS : STE_EATS_ABT))
		return broke(INV_ATS, detail, n, "EATS %llu but the host decided ATS %s",
			     (unsigned long long)eats, r->ats ? "on" : "off");
	/* IHI0070 §5.2 (arch.md §1.2): EATS=0b01 with stage 2 and S2S=1 is ILLEGAL */
	if (eats != STE_EATS_ABT && (ste[2] & STE_DW2_S2S))
		return broke(INV_ATS, detail, n,
			     "EATS %llu with S2S=1 in a stage-2 STE is ILLEGAL (C_BAD_STE)",
			     (unsigned long long)eats);
	if (r->ats && nested &&
	    sn_field_get(STE_DW1_EATS, vste[1]) != STE_EATS_TRANS)
		return broke(INV_ATS, detail, n,
			     "ATS enabled for a guest S1 that did not ask for EATS=TRANS");
	return INV_NONE;
}
