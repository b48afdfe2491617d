// SPDX-License-Identifier: MIT
/* The nested stream of nested_fx.h. */
#include <check.h>
#include <string.h>

#include <smmu-nest/cd.h>
#include <smmu-nest/ste.h>
#include "nested_fx.h"

void nested_fx_build(struct nested_fx *f, const struct sn_tt_map *s2maps, unsigned n2,
		     const struct sn_tt_map *s1maps, unsigned n1, u64 ste1, const char *cache)
{
	struct sn_tt_cfg c2 = { .stage = 2, .granule_shift = 12, .tsz = 24,
				.start_level = SN_TT_LEVEL_AUTO, .pool_base = 0x100000,
				.pool_size = 0x10000 };
	struct sn_tt_cfg c1 = { .stage = 1, .granule_shift = 12, .tsz = 25,
				.start_level = SN_TT_LEVEL_AUTO, .pool_base = 0x80010000,
				.pool_size = 0x4000, .resolve = sn_tt_resolve_s2 };
	struct sn_tt_err err;
	struct tlb_policy p;
	u64 ste[8] = { 0 }, cd[8] = { 0 };

	memset(f, 0, sizeof(*f));
	f->mem = sn_mem_new(256);
	ck_assert_ptr_nonnull(f->mem);
	smmu_init(&f->smmu, f->mem);
	f->smmu.strtab_base = NFX_STRTAB;
	f->smmu.strtab_base_cfg = 4;            /* linear, LOG2SIZE 4 */
	ck_assert_int_eq(sn_tt_build(f->mem, &c2, s2maps, n2, &f->s2, &err), 0);
	c1.resolve_ctx = &f->s2;
	ck_assert_int_eq(sn_tt_build(f->mem, &c1, s1maps, n1, &f->s1, &err), 0);

	ste[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_NESTED) |
		 (NFX_CD_IPA & STE_DW0_S1CONTEXTPTR);
	ste[1] = ste1;
	ste[2] = sn_field_prep(STE_DW2_S2VMID, NFX_VMID) | sn_field_prep(STE_DW2_S2T0SZ, 24) |
		 sn_field_prep(STE_DW2_S2SL0, f->s2.sl0) | sn_field_prep(STE_DW2_S2PS, 5) |
		 STE_DW2_S2AA64 | STE_DW2_S2R;
	ste[3] = f->s2.ttb & STE_DW3_S2TTB;
	for (unsigned i = 0; i < 8; i++)
		ck_assert_int_eq(sn_mem_write64(f->mem, NFX_STRTAB + 64 * NFX_SID + 8 * i, ste[i]), 0);
	cd[0] = sn_field_prep(CD_DW0_T0SZ, 25) | CD_DW0_EPD1 | CD_DW0_V |
		sn_field_prep(CD_DW0_IPS, 5) | CD_DW0_AA64 | CD_DW0_R | CD_DW0_A |
		sn_field_prep(CD_DW0_ASID, NFX_ASID);
	cd[1] = f->s1.ttb & CD_DW1_TTB0;
	cd[3] = 0xff;                           /* MAIR: Attr0 Normal WB */
	for (unsigned i = 0; i < 8; i++)
		ck_assert_int_eq(sn_mem_write64(f->mem, NFX_CD_PA + 8 * i, cd[i]), 0);
	ck_assert(tlb_policy_parse(cache, &p));
	f->o = sn_oracle_new(&f->smmu, &p, 512);
	ck_assert_ptr_nonnull(f->o);
}

void nested_fx_free(struct nested_fx *f)
{
	sn_oracle_free(f->o);
	sn_tt_free(&f->s1);
	sn_tt_free(&f->s2);
	sn_mem_free(f->mem);
}
