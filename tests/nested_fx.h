/* SPDX-License-Identifier: MIT */
/*
 * A nested stream for the cache tests (check_oracle, check_mutants): one
 * SMMU over sparse memory, a linear stream table at NFX_STRTAB whose STE
 * for NFX_SID is nested (Config 0b111, VMID NFX_VMID, a 4 KB stage 2 of
 * S2T0SZ 24), one CD (ASID NFX_ASID, 4 KB stage 1 of T0SZ 25) at IPA
 * NFX_CD_IPA, which the caller's first stage-2 mapping must send to
 * NFX_CD_PA, and an oracle over it all.  The tables are the caller's.
 */
#ifndef SMMU_NEST_TESTS_NESTED_FX_H
#define SMMU_NEST_TESTS_NESTED_FX_H

#include <smmu-nest/builder.h>
#include <smmu-nest/oracle.h>

#define NFX_SID 3
#define NFX_VMID 1
#define NFX_ASID 3
#define NFX_STRTAB 0x10000ULL
#define NFX_CD_IPA 0x80000000ULL
#define NFX_CD_PA 0x200000ULL

struct nested_fx {
	struct sn_mem *mem;
	struct smmu smmu;
	struct sn_tt s2, s1;
	struct sn_oracle *o;
};

/*
 * Build @f: stage 2 from @s2maps (its tables in a pool at 0x100000),
 * stage 1 from @s1maps (its tables at IPA 0x80010000, behind stage 2),
 * the STE with word 1 @ste1, the CD, and an oracle under cache mode
 * @cache ("max", "lru:N", ...).  Any failure fails the test.
 */
void nested_fx_build(struct nested_fx *f, const struct sn_tt_map *s2maps, unsigned n2,
		     const struct sn_tt_map *s1maps, unsigned n1, u64 ste1, const char *cache);
void nested_fx_free(struct nested_fx *f);

#endif
