/* SPDX-License-Identifier: MIT */
/*
 * Planted-bug mutants, selected at build time (`make fuzz-mutants`,
 * scripts/fuzz-mutants.sh).
 *
 * Building with -DSN_MUTANT=<n> (or a name below) turns on exactly one
 * planted bug, in code between `#if SN_MUTANT == SN_MUT_<name>` and
 * `#endif` in the file named; without SN_MUTANT every such block is left
 * out and the model and policies are the reviewed ones.  Each mutant must
 * be caught by the test suite and by a fuzz harness: a mutant nothing
 * catches is a hole in the suite, not in the mutant.
 *
 * The runtime planted bugs of policy.h (enum policy_bug) are set on a copy
 * of a policy row by the tests that prove them caught; the mutants with the
 * same name plant them in every real row instead, so the real policies are
 * broken and the suite, not a test's own copy, has to notice.
 *
 * One line per mutant, read by scripts/fuzz-mutants.sh; keep its shape:
 *   / * <n> <name> (<file>): <what is planted> * /
 *   #define SN_MUT_<NAME> <n>
 */
#ifndef SMMU_NEST_MUTANTS_H
#define SMMU_NEST_MUTANTS_H

#ifndef SN_MUTANT
#define SN_MUTANT 0
#endif

/* 1 strw-mask (policy/host.c): STRW bit 31 (EL2 StreamWorld) is let through the vSTE word-1 nesting mask. */
#define SN_MUT_STRW_MASK 1
/* 2 bypass-phys-bypass (policy/host.c): a bypass vSTE is installed as a physical bypass STE (Config 4), not stage-2 only (6). */
#define SN_MUT_BYPASS_PHYS_BYPASS 2
/* 3 eats-not-stripped (policy/host.c): the guest's EATS is kept in the stored vSTE and so reaches the physical STE. */
#define SN_MUT_EATS_NOT_STRIPPED 3
/* 4 guest-bits-s2vmid (policy/host.c): the guest's word 1 is ORed into DW2, so S1DSS/S1CIR/... bits reach S2VMID. */
#define SN_MUT_GUEST_BITS_S2VMID 4
/* 5 v0-not-sanitized (policy/host.c): merged policies check and keep a V=0 vSTE like a valid one instead of zeroing and accepting it. */
#define SN_MUT_V0_NOT_SANITIZED 5
/* 6 s1chk-accepted (policy/host.c): vSTE EATS=0b10 (S1CHK) is accepted, as a request for ATS. */
#define SN_MUT_S1CHK_ACCEPTED 6
/* 7 s2inv-no-nh-all (policy/s2inval.c): a stage-2 change of a nest parent issues no TLBI_NH_ALL (+SYNC). */
#define SN_MUT_S2INV_NO_NH_ALL 7
/* 8 s2inv-no-atc-full (policy/s2inval.c): nested ATS masters get a ranged ATC_INV by IPA, never the full flush. */
#define SN_MUT_S2INV_NO_ATC_FULL 8
/* 9 s2inv-no-sync (policy/s2inval.c): no CMD_SYNC between the TLBI_S2_IPA batch and TLBI_NH_ALL. */
#define SN_MUT_S2INV_NO_SYNC 9
/* 10 s2inv-partial-range (policy/s2inval.c): TLBI_S2_IPA covers only the first granule of a changed range. */
#define SN_MUT_S2INV_PARTIAL_RANGE 10
/* 11 viommu-vmid (policy/viommu.c): the vIOMMU path keeps the guest's VMID field instead of writing the VM's. */
#define SN_MUT_VIOMMU_VMID 11
/* 12 viommu-vsid (policy/viommu.c): the vIOMMU path keeps the guest's vSID in ATC_INV/CFGI_CD instead of the physical SID. */
#define SN_MUT_VIOMMU_VSID 12
/* 13 combined-s1-size (model/walk.c): a combined S1+S2 TLB entry is sized by the stage-1 leaf only, not the smaller leaf. */
#define SN_MUT_COMBINED_S1_SIZE 13
/* 14 s2-ipa-removes-combined (model/tlb.c): TLBI_S2_IPA removes the VMID's combined entries, hiding a missing NH_ALL. */
#define SN_MUT_S2_IPA_REMOVES_COMBINED 14
/* 15 hit-no-s2-perm (model/walk.c): a combined TLB hit drops the stage-2 permissions the entry was built with (takes them as all). */
#define SN_MUT_HIT_NO_S2_PERM 15

#define SN_MUT_COUNT 15

/* The SN_MUTANT this library was built with: 0 in every normal build. */
int sn_mutant_active(void);
/* Its name as above, or "none". */
const char *sn_mutant_name(void);

#endif
