// SPDX-License-Identifier: MIT
/*
 * Which planted-bug mutant this build carries (mutants.h): none, unless the
 * library was compiled with -DSN_MUTANT=<n> by scripts/fuzz-mutants.sh.
 */
#include <smmu-nest/mutants.h>

static const char *const mutant_names[SN_MUT_COUNT + 1] = {
	[0] = "none",
	[SN_MUT_STRW_MASK] = "strw-mask",
	[SN_MUT_BYPASS_PHYS_BYPASS] = "bypass-phys-bypass",
	[SN_MUT_EATS_NOT_STRIPPED] = "eats-not-stripped",
	[SN_MUT_GUEST_BITS_S2VMID] = "guest-bits-s2vmid",
	[SN_MUT_V0_NOT_SANITIZED] = "v0-not-sanitized",
	[SN_MUT_S1CHK_ACCEPTED] = "s1chk-accepted",
	[SN_MUT_S2INV_NO_NH_ALL] = "s2inv-no-nh-all",
	[SN_MUT_S2INV_NO_ATC_FULL] = "s2inv-no-atc-full",
	[SN_MUT_S2INV_NO_SYNC] = "s2inv-no-sync",
	[SN_MUT_S2INV_PARTIAL_RANGE] = "s2inv-partial-range",
	[SN_MUT_VIOMMU_VMID] = "viommu-vmid",
	[SN_MUT_VIOMMU_VSID] = "viommu-vsid",
	[SN_MUT_COMBINED_S1_SIZE] = "combined-s1-size",
	[SN_MUT_S2_IPA_REMOVES_COMBINED] = "s2-ipa-removes-combined",
	[SN_MUT_HIT_NO_S2_PERM] = "hit-no-s2-perm",
};

int sn_mutant_active(void)
{
	return SN_MUTANT;
}

const char *sn_mutant_name(void)
{
	unsigned n = (unsigned)sn_mutant_active();

	return n <= SN_MUT_COUNT && mutant_names[n] ? mutant_names[n] : "?";
}
