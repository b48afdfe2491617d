// SPDX-License-Identifier: MIT
/*
 * STE field layer: the table below is the STE of IHI0070 G.b §5.2, one row
 * per field, in bit order.  The masks of each doubleword are disjoint and
 * cover all 64 bits (tests/check_fields.c proves it), so decode followed by
 * encode reproduces every bit, reserved and IMPLEMENTATION DEFINED included.
 */
#include <stddef.h>

#include <smmu-nest/ste.h>
#include "fieldtab.h"

#define ROW(name, dw, mask, member, kind) \
	{ name, dw, mask, offsetof(struct ste_fields, member), kind }
#define POI(p) ROW("S2POI" #p, 7, STE_DW7_S2POI(p), s2poi[p], SN_FIELD)

const struct sn_field_desc ste_field_table[] = {
	ROW("V", 0, STE_DW0_V, v, SN_FIELD),
	ROW("Config", 0, STE_DW0_CONFIG, config, SN_FIELD),
	ROW("S1Fmt", 0, STE_DW0_S1FMT, s1fmt, SN_FIELD),
	ROW("S1ContextPtr", 0, STE_DW0_S1CONTEXTPTR, s1contextptr, SN_FIELD),
	ROW("RES0_DW0_58_56", 0, STE_DW0_RES0_58_56, res0_dw0_58_56, SN_FIELD_RES0),
	ROW("S1CDMax", 0, STE_DW0_S1CDMAX, s1cdmax, SN_FIELD),

	ROW("S1DSS", 1, STE_DW1_S1DSS, s1dss, SN_FIELD),
	ROW("S1CIR", 1, STE_DW1_S1CIR, s1cir, SN_FIELD),
	ROW("S1COR", 1, STE_DW1_S1COR, s1cor, SN_FIELD),
	ROW("S1CSH", 1, STE_DW1_S1CSH, s1csh, SN_FIELD),
	ROW("S2HWU59", 1, STE_DW1_S2HWU59, s2hwu59, SN_FIELD),
	ROW("S2HWU60", 1, STE_DW1_S2HWU60, s2hwu60, SN_FIELD),
	ROW("S2HWU61", 1, STE_DW1_S2HWU61, s2hwu61, SN_FIELD),
	ROW("S2HWU62", 1, STE_DW1_S2HWU62, s2hwu62, SN_FIELD),
	ROW("DRE", 1, STE_DW1_DRE, dre, SN_FIELD),
	ROW("CONT", 1, STE_DW1_CONT, cont, SN_FIELD),
	ROW("DCP", 1, STE_DW1_DCP, dcp, SN_FIELD),
	ROW("PPAR", 1, STE_DW1_PPAR, ppar, SN_FIELD),
	ROW("MEV", 1, STE_DW1_MEV, mev, SN_FIELD),
	ROW("SW_RESERVED", 1, STE_DW1_SW_RESERVED, sw_reserved, SN_FIELD_SW),
	ROW("S1PIE", 1, STE_DW1_S1PIE, s1pie, SN_FIELD),
	ROW("S2FWB", 1, STE_DW1_S2FWB, s2fwb, SN_FIELD),
	ROW("S1MPAM", 1, STE_DW1_S1MPAM, s1mpam, SN_FIELD),
	ROW("S1STALLD", 1, STE_DW1_S1STALLD, s1stalld, SN_FIELD),
	ROW("EATS", 1, STE_DW1_EATS, eats, SN_FIELD),
	ROW("STRW", 1, STE_DW1_STRW, strw, SN_FIELD),
	ROW("MemAttr", 1, STE_DW1_MEMATTR, memattr, SN_FIELD),
	ROW("MTCFG", 1, STE_DW1_MTCFG, mtcfg, SN_FIELD),
	ROW("ALLOCCFG", 1, STE_DW1_ALLOCCFG, alloccfg, SN_FIELD),
	ROW("RES0_DW1_43_41", 1, STE_DW1_RES0_43_41, res0_dw1_43_41, SN_FIELD_RES0),
	ROW("SHCFG", 1, STE_DW1_SHCFG, shcfg, SN_FIELD),
	ROW("NSCFG", 1, STE_DW1_NSCFG, nscfg, SN_FIELD),
	ROW("PRIVCFG", 1, STE_DW1_PRIVCFG, privcfg, SN_FIELD),
	ROW("INSTCFG", 1, STE_DW1_INSTCFG, instcfg, SN_FIELD),
	ROW("IMPDEF_DW1", 1, STE_DW1_IMPDEF, impdef_dw1, SN_FIELD_IMPDEF),

	ROW("S2VMID", 2, STE_DW2_S2VMID, s2vmid, SN_FIELD),
	ROW("IMPDEF_DW2", 2, STE_DW2_IMPDEF, impdef_dw2, SN_FIELD_IMPDEF),
	ROW("S2T0SZ", 2, STE_DW2_S2T0SZ, s2t0sz, SN_FIELD),
	ROW("S2SL0", 2, STE_DW2_S2SL0, s2sl0, SN_FIELD),
	ROW("S2IR0", 2, STE_DW2_S2IR0, s2ir0, SN_FIELD),
	ROW("S2OR0", 2, STE_DW2_S2OR0, s2or0, SN_FIELD),
	ROW("S2SH0", 2, STE_DW2_S2SH0, s2sh0, SN_FIELD),
	ROW("S2TG", 2, STE_DW2_S2TG, s2tg, SN_FIELD),
	ROW("S2PS", 2, STE_DW2_S2PS, s2ps, SN_FIELD),
	ROW("S2AA64", 2, STE_DW2_S2AA64, s2aa64, SN_FIELD),
	ROW("S2ENDI", 2, STE_DW2_S2ENDI, s2endi, SN_FIELD),
	ROW("S2AFFD", 2, STE_DW2_S2AFFD, s2affd, SN_FIELD),
	ROW("S2PTW", 2, STE_DW2_S2PTW, s2ptw, SN_FIELD),
	ROW("S2HD", 2, STE_DW2_S2HD, s2hd, SN_FIELD),
	ROW("S2HA", 2, STE_DW2_S2HA, s2ha, SN_FIELD),
	ROW("S2S", 2, STE_DW2_S2S, s2s, SN_FIELD),
	ROW("S2R", 2, STE_DW2_S2R, s2r, SN_FIELD),
	ROW("S2HAFT", 2, STE_DW2_S2HAFT, s2haft, SN_FIELD),
	ROW("S2PIE", 2, STE_DW2_S2PIE, s2pie, SN_FIELD),
	ROW("S2POE", 2, STE_DW2_S2POE, s2poe, SN_FIELD),
	ROW("DPT_VMATCH", 2, STE_DW2_DPT_VMATCH, dpt_vmatch, SN_FIELD),

	ROW("S2NSW", 3, STE_DW3_S2NSW, s2nsw, SN_FIELD),
	ROW("S2NSA", 3, STE_DW3_S2NSA, s2nsa, SN_FIELD),
	ROW("S2SL0_2", 3, STE_DW3_S2SL0_2, s2sl0_2, SN_FIELD),
	ROW("S2DS", 3, STE_DW3_S2DS, s2ds, SN_FIELD),
	ROW("S2TTB", 3, STE_DW3_S2TTB, s2ttb, SN_FIELD),
	ROW("RES0_DW3_60_56", 3, STE_DW3_RES0_60_56, res0_dw3_60_56, SN_FIELD_RES0),
	ROW("S2SKL", 3, STE_DW3_S2SKL, s2skl, SN_FIELD),
	ROW("RES0_DW3_63", 3, STE_DW3_RES0_63, res0_dw3_63, SN_FIELD_RES0),

	ROW("IMPDEF_DW4", 4, STE_DW4_IMPDEF, impdef_dw4, SN_FIELD_IMPDEF),
	ROW("PARTID", 4, STE_DW4_PARTID, partid, SN_FIELD),
	ROW("S_S2T0SZ", 4, STE_DW4_S_S2T0SZ, s_s2t0sz, SN_FIELD),
	ROW("S_S2SL0", 4, STE_DW4_S_S2SL0, s_s2sl0, SN_FIELD),
	ROW("RES0_DW4_45_40", 4, STE_DW4_RES0_45_40, res0_dw4_45_40, SN_FIELD_RES0),
	ROW("S_S2TG", 4, STE_DW4_S_S2TG, s_s2tg, SN_FIELD),
	ROW("MECID", 4, STE_DW4_MECID, mecid, SN_FIELD),

	ROW("PMG", 5, STE_DW5_PMG, pmg, SN_FIELD),
	ROW("MPAM_NS", 5, STE_DW5_MPAM_NS, mpam_ns, SN_FIELD),
	ROW("AssuredOnly", 5, STE_DW5_ASSUREDONLY, assuredonly, SN_FIELD),
	ROW("TL0", 5, STE_DW5_TL0, tl0, SN_FIELD),
	ROW("TL1", 5, STE_DW5_TL1, tl1, SN_FIELD),
	ROW("VMSPtr", 5, STE_DW5_VMSPTR, vmsptr, SN_FIELD),
	ROW("RES0_DW5_63_56", 5, STE_DW5_RES0_63_56, res0_dw5_63_56, SN_FIELD_RES0),

	ROW("S2SW", 6, STE_DW6_S2SW, s2sw, SN_FIELD),
	ROW("S2SA", 6, STE_DW6_S2SA, s2sa, SN_FIELD),
	ROW("S_S2SL0_2", 6, STE_DW6_S_S2SL0_2, s_s2sl0_2, SN_FIELD),
	ROW("RES0_DW6_3", 6, STE_DW6_RES0_3, res0_dw6_3, SN_FIELD_RES0),
	ROW("S_S2TTB", 6, STE_DW6_S_S2TTB, s_s2ttb, SN_FIELD),
	ROW("RES0_DW6_60_56", 6, STE_DW6_RES0_60_56, res0_dw6_60_56, SN_FIELD_RES0),
	ROW("S_S2SKL", 6, STE_DW6_S_S2SKL, s_s2skl, SN_FIELD),
	ROW("RES0_DW6_63", 6, STE_DW6_RES0_63, res0_dw6_63, SN_FIELD_RES0),

	POI(0), POI(1), POI(2), POI(3), POI(4), POI(5), POI(6), POI(7),
	POI(8), POI(9), POI(10), POI(11), POI(12), POI(13), POI(14), POI(15),
};

const unsigned ste_field_count =
	sizeof(ste_field_table) / sizeof(ste_field_table[0]);

void ste_decode(const u64 words[STE_DWORDS], struct ste_fields *f)
{
	sn_fields_decode(ste_field_table, ste_field_count, words, f);
}

void ste_encode(const struct ste_fields *f, u64 words[STE_DWORDS])
{
	sn_fields_encode(ste_field_table, ste_field_count, f, words, STE_DWORDS);
}

bool ste_field_by_name(const char *name, const struct sn_field_desc **out)
{
	return sn_fields_lookup(ste_field_table, ste_field_count, name, out);
}
