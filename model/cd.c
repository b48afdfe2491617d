// SPDX-License-Identifier: MIT
/*
 * CD field layer: the CD of IHI0070 G.b §5.4, one row per field, in bit
 * order.  As for the STE, each doubleword's masks are disjoint and cover all
 * 64 bits, so decode and encode round-trip every bit.
 */
#include <stddef.h>

#include <smmu-nest/cd.h>
#include "fieldtab.h"

#define ROW(name, dw, mask, member, kind) \
	{ name, dw, mask, offsetof(struct cd_fields, member), kind }
#define PIIU(p) ROW("PIIU" #p, 6, CD_DW6_PIIU(p), piiu[p], SN_FIELD)
#define PIIP(p) ROW("PIIP" #p, 7, CD_DW7_PIIP(p), piip[p], SN_FIELD)

const struct sn_field_desc cd_field_table[] = {
	ROW("T0SZ", 0, CD_DW0_T0SZ, t0sz, SN_FIELD),
	ROW("TG0", 0, CD_DW0_TG0, tg0, SN_FIELD),
	ROW("IR0", 0, CD_DW0_IR0, ir0, SN_FIELD),
	ROW("OR0", 0, CD_DW0_OR0, or0, SN_FIELD),
	ROW("SH0", 0, CD_DW0_SH0, sh0, SN_FIELD),
	ROW("EPD0", 0, CD_DW0_EPD0, epd0, SN_FIELD),
	ROW("ENDI", 0, CD_DW0_ENDI, endi, SN_FIELD),
	ROW("T1SZ", 0, CD_DW0_T1SZ, t1sz, SN_FIELD),
	ROW("TG1", 0, CD_DW0_TG1, tg1, SN_FIELD),
	ROW("IR1", 0, CD_DW0_IR1, ir1, SN_FIELD),
	ROW("OR1", 0, CD_DW0_OR1, or1, SN_FIELD),
	ROW("SH1", 0, CD_DW0_SH1, sh1, SN_FIELD),
	ROW("EPD1", 0, CD_DW0_EPD1, epd1, SN_FIELD),
	ROW("V", 0, CD_DW0_V, v, SN_FIELD),
	ROW("IPS", 0, CD_DW0_IPS, ips, SN_FIELD),
	ROW("AFFD", 0, CD_DW0_AFFD, affd, SN_FIELD),
	ROW("WXN", 0, CD_DW0_WXN, wxn, SN_FIELD),
	ROW("UWXN", 0, CD_DW0_UWXN, uwxn, SN_FIELD),
	ROW("TBI0", 0, CD_DW0_TBI0, tbi0, SN_FIELD),
	ROW("TBI1", 0, CD_DW0_TBI1, tbi1, SN_FIELD),
	ROW("PAN", 0, CD_DW0_PAN, pan, SN_FIELD),
	ROW("AA64", 0, CD_DW0_AA64, aa64, SN_FIELD),
	ROW("HD", 0, CD_DW0_HD, hd, SN_FIELD),
	ROW("HA", 0, CD_DW0_HA, ha, SN_FIELD),
	ROW("S", 0, CD_DW0_S, s, SN_FIELD),
	ROW("R", 0, CD_DW0_R, r, SN_FIELD),
	ROW("A", 0, CD_DW0_A, a, SN_FIELD),
	ROW("ASET", 0, CD_DW0_ASET, aset, SN_FIELD),
	ROW("ASID", 0, CD_DW0_ASID, asid, SN_FIELD),

	ROW("NSCFG0", 1, CD_DW1_NSCFG0, nscfg0, SN_FIELD),
	ROW("HAD0", 1, CD_DW1_HAD0, had0, SN_FIELD),
	ROW("E0PD0", 1, CD_DW1_E0PD0, e0pd0, SN_FIELD),
	ROW("HAFT", 1, CD_DW1_HAFT, haft, SN_FIELD),
	ROW("TTB0", 1, CD_DW1_TTB0, ttb0, SN_FIELD),
	ROW("RES0_DW1_57_56", 1, CD_DW1_RES0_57_56, res0_dw1_57_56, SN_FIELD_RES0),
	ROW("PnCH", 1, CD_DW1_PNCH, pnch, SN_FIELD),
	ROW("EPAN", 1, CD_DW1_EPAN, epan, SN_FIELD),
	ROW("HWU059", 1, CD_DW1_HWU059, hwu059, SN_FIELD),
	ROW("HWU060", 1, CD_DW1_HWU060, hwu060, SN_FIELD),
	ROW("HWU061", 1, CD_DW1_HWU061, hwu061, SN_FIELD),
	ROW("HWU062", 1, CD_DW1_HWU062, hwu062, SN_FIELD),

	ROW("NSCFG1", 2, CD_DW2_NSCFG1, nscfg1, SN_FIELD),
	ROW("HAD1", 2, CD_DW2_HAD1, had1, SN_FIELD),
	ROW("E0PD1", 2, CD_DW2_E0PD1, e0pd1, SN_FIELD),
	ROW("AIE", 2, CD_DW2_AIE, aie, SN_FIELD),
	ROW("TTB1", 2, CD_DW2_TTB1, ttb1, SN_FIELD),
	ROW("RES0_DW2_57_56", 2, CD_DW2_RES0_57_56, res0_dw2_57_56, SN_FIELD_RES0),
	ROW("DS", 2, CD_DW2_DS, ds, SN_FIELD),
	ROW("PIE", 2, CD_DW2_PIE, pie, SN_FIELD),
	ROW("HWU159", 2, CD_DW2_HWU159, hwu159, SN_FIELD),
	ROW("HWU160", 2, CD_DW2_HWU160, hwu160, SN_FIELD),
	ROW("HWU161", 2, CD_DW2_HWU161, hwu161, SN_FIELD),
	ROW("HWU162", 2, CD_DW2_HWU162, hwu162, SN_FIELD),

	ROW("MAIR0", 3, CD_DW3_MAIR0, mair0, SN_FIELD),
	ROW("MAIR1", 3, CD_DW3_MAIR1, mair1, SN_FIELD),
	ROW("AMAIR0", 4, CD_DW4_AMAIR0, amair0, SN_FIELD_IMPDEF),
	ROW("AMAIR1", 4, CD_DW4_AMAIR1, amair1, SN_FIELD_IMPDEF),

	ROW("IMPDEF_DW5", 5, CD_DW5_IMPDEF, impdef_dw5, SN_FIELD_IMPDEF),
	ROW("PARTID", 5, CD_DW5_PARTID, partid, SN_FIELD),
	ROW("PMG", 5, CD_DW5_PMG, pmg, SN_FIELD),
	ROW("RES0_DW5_63_56", 5, CD_DW5_RES0_63_56, res0_dw5_63_56, SN_FIELD_RES0),

	PIIU(0), PIIU(1), PIIU(2), PIIU(3), PIIU(4), PIIU(5), PIIU(6), PIIU(7),
	PIIU(8), PIIU(9), PIIU(10), PIIU(11), PIIU(12), PIIU(13), PIIU(14), PIIU(15),
	ROW("RES0_DW6_63_48", 6, CD_DW6_RES0_63_48, res0_dw6_63_48, SN_FIELD_RES0),
	PIIP(0), PIIP(1), PIIP(2), PIIP(3), PIIP(4), PIIP(5), PIIP(6), PIIP(7),
	PIIP(8), PIIP(9), PIIP(10), PIIP(11), PIIP(12), PIIP(13), PIIP(14), PIIP(15),
	ROW("RES0_DW7_63_48", 7, CD_DW7_RES0_63_48, res0_dw7_63_48, SN_FIELD_RES0),
};

const unsigned cd_field_count = sizeof(cd_field_table) / sizeof(cd_field_table[0]);

void cd_decode(const u64 words[CD_DWORDS], struct cd_fields *f)
{
	sn_fields_decode(cd_field_table, cd_field_count, words, f);
}

void cd_encode(const struct cd_fields *f, u64 words[CD_DWORDS])
{
	sn_fields_encode(cd_field_table, cd_field_count, f, words, CD_DWORDS);
}

bool cd_field_by_name(const char *name, const struct sn_field_desc **out)
{
	return sn_fields_lookup(cd_field_table, cd_field_count, name, out);
}
