/* SPDX-License-Identifier: MIT */
/*
 * Context Descriptor: 64 bytes, eight little-endian doublewords.
 *
 * One mask per field of IHI0070 G.b §5.4 (arch.md §2).  Linux names
 * (CTXDESC_CD_*) are noted where the kernel defines the field.
 */
#ifndef SMMU_NEST_CD_H
#define SMMU_NEST_CD_H

#include <smmu-nest/ste.h>

#define CD_DWORDS 8

/* DW0 */
#define CD_DW0_T0SZ          SN_GENMASK(5, 0)    /* CTXDESC_CD_0_TCR_T0SZ */
#define CD_DW0_TG0           SN_GENMASK(7, 6)    /* 00 4K, 01 64K, 10 16K */
#define CD_DW0_IR0           SN_GENMASK(9, 8)    /* ..._TCR_IRGN0 */
#define CD_DW0_OR0           SN_GENMASK(11, 10)  /* ..._TCR_ORGN0 */
#define CD_DW0_SH0           SN_GENMASK(13, 12)
#define CD_DW0_EPD0          SN_BIT(14)
#define CD_DW0_ENDI          SN_BIT(15)
#define CD_DW0_T1SZ          SN_GENMASK(21, 16)
#define CD_DW0_TG1           SN_GENMASK(23, 22)  /* 01 16K, 10 4K, 11 64K */
#define CD_DW0_IR1           SN_GENMASK(25, 24)
#define CD_DW0_OR1           SN_GENMASK(27, 26)
#define CD_DW0_SH1           SN_GENMASK(29, 28)
#define CD_DW0_EPD1          SN_BIT(30)
#define CD_DW0_V             SN_BIT(31)          /* CTXDESC_CD_0_V */
#define CD_DW0_IPS           SN_GENMASK(34, 32)
#define CD_DW0_AFFD          SN_BIT(35)
#define CD_DW0_WXN           SN_BIT(36)
#define CD_DW0_UWXN          SN_BIT(37)
#define CD_DW0_TBI0          SN_BIT(38)
#define CD_DW0_TBI1          SN_BIT(39)
#define CD_DW0_PAN           SN_BIT(40)
#define CD_DW0_AA64          SN_BIT(41)
#define CD_DW0_HD            SN_BIT(42)
#define CD_DW0_HA            SN_BIT(43)
#define CD_DW0_S             SN_BIT(44)
#define CD_DW0_R             SN_BIT(45)
#define CD_DW0_A             SN_BIT(46)
#define CD_DW0_ASET          SN_BIT(47)
#define CD_DW0_ASID          SN_GENMASK(63, 48)

/* DW1 */
#define CD_DW1_NSCFG0        SN_BIT(0)
#define CD_DW1_HAD0          SN_BIT(1)           /* DisCH0 when IDR5.D128 */
#define CD_DW1_E0PD0         SN_BIT(2)
#define CD_DW1_HAFT          SN_BIT(3)
#define CD_DW1_TTB0          SN_GENMASK(55, 4)   /* Linux masks only 51:4 */
#define CD_DW1_RES0_57_56    SN_GENMASK(57, 56)
#define CD_DW1_PNCH          SN_BIT(58)
#define CD_DW1_EPAN          SN_BIT(59)
#define CD_DW1_HWU059        SN_BIT(60)
#define CD_DW1_HWU060        SN_BIT(61)
#define CD_DW1_HWU061        SN_BIT(62)
#define CD_DW1_HWU062        SN_BIT(63)

/* DW2 */
#define CD_DW2_NSCFG1        SN_BIT(0)
#define CD_DW2_HAD1          SN_BIT(1)
#define CD_DW2_E0PD1         SN_BIT(2)
#define CD_DW2_AIE           SN_BIT(3)
#define CD_DW2_TTB1          SN_GENMASK(55, 4)
#define CD_DW2_RES0_57_56    SN_GENMASK(57, 56)
#define CD_DW2_DS            SN_BIT(58)
#define CD_DW2_PIE           SN_BIT(59)
#define CD_DW2_HWU159        SN_BIT(60)
#define CD_DW2_HWU160        SN_BIT(61)
#define CD_DW2_HWU161        SN_BIT(62)
#define CD_DW2_HWU162        SN_BIT(63)

/* DW3: MAIR (AttrIndx n selects byte n) */
#define CD_DW3_MAIR0         SN_GENMASK(31, 0)
#define CD_DW3_MAIR1         SN_GENMASK(63, 32)

/* DW4: AMAIR (IMPLEMENTATION DEFINED meaning) */
#define CD_DW4_AMAIR0        SN_GENMASK(31, 0)
#define CD_DW4_AMAIR1        SN_GENMASK(63, 32)

/* DW5 */
#define CD_DW5_IMPDEF        SN_GENMASK(31, 0)
#define CD_DW5_PARTID        SN_GENMASK(47, 32)
#define CD_DW5_PMG           SN_GENMASK(55, 48)
#define CD_DW5_RES0_63_56    SN_GENMASK(63, 56)

/* DW6/DW7: permission indirection, index p (0..15) at bits 3p+2:3p */
#define CD_DW6_PIIU(p)       SN_GENMASK(3 * (p) + 2, 3 * (p))
#define CD_DW6_RES0_63_48    SN_GENMASK(63, 48)
#define CD_DW7_PIIP(p)       SN_GENMASK(3 * (p) + 2, 3 * (p))
#define CD_DW7_RES0_63_48    SN_GENMASK(63, 48)

/*
 * Granule size (log2 bytes) of a CD.TG1 value, which encodes granules
 * differently from TG0: 0b01 16 KB, 0b10 4 KB, 0b11 64 KB; 0 for the
 * reserved 0b00 (IHI0070 §5.4).
 */
static inline unsigned sn_tg1_granule_shift(u64 tg)
{
	static const unsigned shift[4] = { 0, 14, 12, 16 };

	return shift[tg & 3];
}

struct cd_fields {
	/* DW0 */
	u64 t0sz, tg0, ir0, or0, sh0, epd0, endi, t1sz, tg1, ir1, or1, sh1;
	u64 epd1, v, ips, affd, wxn, uwxn, tbi0, tbi1, pan, aa64, hd, ha;
	u64 s, r, a, aset, asid;
	/* DW1 */
	u64 nscfg0, had0, e0pd0, haft, ttb0, res0_dw1_57_56, pnch, epan;
	u64 hwu059, hwu060, hwu061, hwu062;
	/* DW2 */
	u64 nscfg1, had1, e0pd1, aie, ttb1, res0_dw2_57_56, ds, pie;
	u64 hwu159, hwu160, hwu161, hwu162;
	/* DW3, DW4 */
	u64 mair0, mair1, amair0, amair1;
	/* DW5 */
	u64 impdef_dw5, partid, pmg, res0_dw5_63_56;
	/* DW6, DW7 */
	u64 piiu[16], res0_dw6_63_48, piip[16], res0_dw7_63_48;
};

extern const struct sn_field_desc cd_field_table[];
extern const unsigned cd_field_count;

void cd_decode(const u64 words[CD_DWORDS], struct cd_fields *f);
void cd_encode(const struct cd_fields *f, u64 words[CD_DWORDS]);
bool cd_field_by_name(const char *name, const struct sn_field_desc **out);

#endif
