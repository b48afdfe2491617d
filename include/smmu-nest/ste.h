/* SPDX-License-Identifier: MIT */
/*
 * Stream Table Entry: 64 bytes, eight little-endian doublewords.
 *
 * One mask per field of IHI0070 G.b §5.2 (bit positions collected in
 * shared/reference/arch.md §1.1).  Names follow the spec; the Linux name is
 * given where the kernel defines the field (arm-smmu-v3.h, STRTAB_STE_*).
 * RES0, IMPLEMENTATION DEFINED and software-reserved ranges have masks too,
 * so that the masks of each doubleword together cover all 64 bits.
 */
#ifndef SMMU_NEST_STE_H
#define SMMU_NEST_STE_H

#include <smmu-nest/bits.h>

#define STE_DWORDS 8

/* DW0 */
#define STE_DW0_V            SN_BIT(0)           /* STRTAB_STE_0_V */
#define STE_DW0_CONFIG       SN_GENMASK(3, 1)    /* STRTAB_STE_0_CFG */
#define STE_DW0_S1FMT        SN_GENMASK(5, 4)    /* STRTAB_STE_0_S1FMT */
#define STE_DW0_S1CONTEXTPTR SN_GENMASK(55, 6)   /* Linux masks only 51:6 */
#define STE_DW0_RES0_58_56   SN_GENMASK(58, 56)
#define STE_DW0_S1CDMAX      SN_GENMASK(63, 59)  /* STRTAB_STE_0_S1CDMAX */

/* DW1 */
#define STE_DW1_S1DSS        SN_GENMASK(1, 0)    /* STRTAB_STE_1_S1DSS */
#define STE_DW1_S1CIR        SN_GENMASK(3, 2)
#define STE_DW1_S1COR        SN_GENMASK(5, 4)
#define STE_DW1_S1CSH        SN_GENMASK(7, 6)
#define STE_DW1_S2HWU59      SN_BIT(8)
#define STE_DW1_S2HWU60      SN_BIT(9)
#define STE_DW1_S2HWU61      SN_BIT(10)
#define STE_DW1_S2HWU62      SN_BIT(11)
#define STE_DW1_DRE          SN_BIT(12)
#define STE_DW1_CONT         SN_GENMASK(16, 13)
#define STE_DW1_DCP          SN_BIT(17)
#define STE_DW1_PPAR         SN_BIT(18)
#define STE_DW1_MEV          SN_BIT(19)          /* STRTAB_STE_1_MEV */
#define STE_DW1_SW_RESERVED  SN_GENMASK(23, 20)
#define STE_DW1_S1PIE        SN_BIT(24)
#define STE_DW1_S2FWB        SN_BIT(25)          /* STRTAB_STE_1_S2FWB */
#define STE_DW1_S1MPAM       SN_BIT(26)
#define STE_DW1_S1STALLD     SN_BIT(27)          /* STRTAB_STE_1_S1STALLD */
#define STE_DW1_EATS         SN_GENMASK(29, 28)  /* STRTAB_STE_1_EATS */
#define STE_DW1_STRW         SN_GENMASK(31, 30)  /* STRTAB_STE_1_STRW */
#define STE_DW1_MEMATTR      SN_GENMASK(35, 32)
#define STE_DW1_MTCFG        SN_BIT(36)
#define STE_DW1_ALLOCCFG     SN_GENMASK(40, 37)
#define STE_DW1_RES0_43_41   SN_GENMASK(43, 41)
#define STE_DW1_SHCFG        SN_GENMASK(45, 44)  /* STRTAB_STE_1_SHCFG */
#define STE_DW1_NSCFG        SN_GENMASK(47, 46)
#define STE_DW1_PRIVCFG      SN_GENMASK(49, 48)
#define STE_DW1_INSTCFG      SN_GENMASK(51, 50)
#define STE_DW1_IMPDEF       SN_GENMASK(63, 52)

/* DW2 (Linux groups 50:32 as STRTAB_STE_2_VTCR) */
#define STE_DW2_S2VMID       SN_GENMASK(15, 0)   /* STRTAB_STE_2_S2VMID */
#define STE_DW2_IMPDEF       SN_GENMASK(31, 16)
#define STE_DW2_S2T0SZ       SN_GENMASK(37, 32)
#define STE_DW2_S2SL0        SN_GENMASK(39, 38)
#define STE_DW2_S2IR0        SN_GENMASK(41, 40)
#define STE_DW2_S2OR0        SN_GENMASK(43, 42)
#define STE_DW2_S2SH0        SN_GENMASK(45, 44)
#define STE_DW2_S2TG         SN_GENMASK(47, 46)
#define STE_DW2_S2PS         SN_GENMASK(50, 48)
#define STE_DW2_S2AA64       SN_BIT(51)          /* STRTAB_STE_2_S2AA64 */
#define STE_DW2_S2ENDI       SN_BIT(52)          /* STRTAB_STE_2_S2ENDI */
#define STE_DW2_S2AFFD       SN_BIT(53)
#define STE_DW2_S2PTW        SN_BIT(54)          /* STRTAB_STE_2_S2PTW */
#define STE_DW2_S2HD         SN_BIT(55)
#define STE_DW2_S2HA         SN_BIT(56)
#define STE_DW2_S2S          SN_BIT(57)          /* STRTAB_STE_2_S2S */
#define STE_DW2_S2R          SN_BIT(58)          /* STRTAB_STE_2_S2R */
#define STE_DW2_S2HAFT       SN_BIT(59)
#define STE_DW2_S2PIE        SN_BIT(60)
#define STE_DW2_S2POE        SN_BIT(61)
#define STE_DW2_DPT_VMATCH   SN_GENMASK(63, 62)
#define STE_DW2_VTCR         SN_GENMASK(50, 32)  /* Linux's name for 50:32 */

/* DW3 */
#define STE_DW3_S2NSW        SN_BIT(0)
#define STE_DW3_S2NSA        SN_BIT(1)
#define STE_DW3_S2SL0_2      SN_BIT(2)
#define STE_DW3_S2DS         SN_BIT(3)
#define STE_DW3_S2TTB        SN_GENMASK(55, 4)   /* Linux masks only 51:4 */
#define STE_DW3_RES0_60_56   SN_GENMASK(60, 56)
#define STE_DW3_S2SKL        SN_GENMASK(62, 61)
#define STE_DW3_RES0_63      SN_BIT(63)

/* DW4 */
#define STE_DW4_IMPDEF       SN_GENMASK(15, 0)
#define STE_DW4_PARTID       SN_GENMASK(31, 16)
#define STE_DW4_S_S2T0SZ     SN_GENMASK(37, 32)
#define STE_DW4_S_S2SL0      SN_GENMASK(39, 38)
#define STE_DW4_RES0_45_40   SN_GENMASK(45, 40)
#define STE_DW4_S_S2TG       SN_GENMASK(47, 46)
#define STE_DW4_MECID        SN_GENMASK(63, 48)

/* DW5 */
#define STE_DW5_PMG          SN_GENMASK(7, 0)
#define STE_DW5_MPAM_NS      SN_BIT(8)
#define STE_DW5_ASSUREDONLY  SN_BIT(9)
#define STE_DW5_TL0          SN_BIT(10)
#define STE_DW5_TL1          SN_BIT(11)
#define STE_DW5_VMSPTR       SN_GENMASK(55, 12)
#define STE_DW5_RES0_63_56   SN_GENMASK(63, 56)

/* DW6 (Secure stage 2) */
#define STE_DW6_S2SW         SN_BIT(0)
#define STE_DW6_S2SA         SN_BIT(1)
#define STE_DW6_S_S2SL0_2    SN_BIT(2)
#define STE_DW6_RES0_3       SN_BIT(3)
#define STE_DW6_S_S2TTB      SN_GENMASK(55, 4)
#define STE_DW6_RES0_60_56   SN_GENMASK(60, 56)
#define STE_DW6_S_S2SKL      SN_GENMASK(62, 61)
#define STE_DW6_RES0_63      SN_BIT(63)

/* DW7: stage-2 permission overlay index p (0..15) at bits 4p+3:4p */
#define STE_DW7_S2POI(p)     SN_GENMASK(4 * (p) + 3, 4 * (p))

/* Config encodings (IHI0070 §5.2; Linux STRTAB_STE_0_CFG_*) */
enum ste_config {
	STE_CFG_ABORT = 0,      /* 0b000; 0b001..0b011 reserved, behave as abort */
	STE_CFG_BYPASS = 4,     /* S1 bypass, S2 bypass */
	STE_CFG_S1_TRANS = 5,   /* S1 translate, S2 bypass */
	STE_CFG_S2_TRANS = 6,   /* S1 bypass, S2 translate */
	STE_CFG_NESTED = 7,     /* S1 translate, S2 translate */
};

/* EATS encodings (Linux STRTAB_STE_1_EATS_*) */
enum ste_eats {
	STE_EATS_ABT = 0,       /* ATS Translation Requests get UR */
	STE_EATS_TRANS = 1,     /* full ATS */
	STE_EATS_S1CHK = 2,     /* split-stage ATS */
	STE_EATS_DPT = 3,       /* full ATS with DPT checks (IDR3.DPT) */
};

enum ste_s1dss {
	STE_S1DSS_TERMINATE = 0,
	STE_S1DSS_BYPASS = 1,
	STE_S1DSS_SSID0 = 2,
};

/*
 * Granule size (log2 bytes) of a STE.S2TG or CD.TG0 value: 0b00 4 KB,
 * 0b01 64 KB, 0b10 16 KB; 0 for the reserved 0b11 (IHI0070 §5.2, §5.4).
 */
static inline unsigned sn_tg0_granule_shift(u64 tg)
{
	static const unsigned shift[4] = { 12, 16, 14, 0 };

	return shift[tg & 3];
}

/* Every field of an STE, one member per spec field, values right-aligned. */
struct ste_fields {
	/* DW0 */
	u64 v, config, s1fmt, s1contextptr, res0_dw0_58_56, s1cdmax;
	/* DW1 */
	u64 s1dss, s1cir, s1cor, s1csh, s2hwu59, s2hwu60, s2hwu61, s2hwu62;
	u64 dre, cont, dcp, ppar, mev, sw_reserved, s1pie, s2fwb, s1mpam;
	u64 s1stalld, eats, strw, memattr, mtcfg, alloccfg, res0_dw1_43_41;
	u64 shcfg, nscfg, privcfg, instcfg, impdef_dw1;
	/* DW2 */
	u64 s2vmid, impdef_dw2, s2t0sz, s2sl0, s2ir0, s2or0, s2sh0, s2tg, s2ps;
	u64 s2aa64, s2endi, s2affd, s2ptw, s2hd, s2ha, s2s, s2r, s2haft;
	u64 s2pie, s2poe, dpt_vmatch;
	/* DW3 */
	u64 s2nsw, s2nsa, s2sl0_2, s2ds, s2ttb, res0_dw3_60_56, s2skl;
	u64 res0_dw3_63;
	/* DW4 */
	u64 impdef_dw4, partid, s_s2t0sz, s_s2sl0, res0_dw4_45_40, s_s2tg;
	u64 mecid;
	/* DW5 */
	u64 pmg, mpam_ns, assuredonly, tl0, tl1, vmsptr, res0_dw5_63_56;
	/* DW6 */
	u64 s2sw, s2sa, s_s2sl0_2, res0_dw6_3, s_s2ttb, res0_dw6_60_56;
	u64 s_s2skl, res0_dw6_63;
	/* DW7 */
	u64 s2poi[16];
};

/* One row of the field table: where a member lives in the STE. */
struct sn_field_desc {
	const char *name;       /* spec name, e.g. "S1ContextPtr" */
	unsigned dw;            /* doubleword index 0..7 */
	u64 mask;               /* mask within that doubleword */
	unsigned offset;        /* offsetof the u64 member in the struct */
	unsigned kind;          /* enum sn_field_kind */
};

enum sn_field_kind {
	SN_FIELD = 0,           /* architected field */
	SN_FIELD_RES0,          /* reserved, should be zero */
	SN_FIELD_IMPDEF,        /* IMPLEMENTATION DEFINED */
	SN_FIELD_SW,            /* reserved for software, ignored by the SMMU */
};

extern const struct sn_field_desc ste_field_table[];
extern const unsigned ste_field_count;

void ste_decode(const u64 words[STE_DWORDS], struct ste_fields *f);
void ste_encode(const struct ste_fields *f, u64 words[STE_DWORDS]);

/* Value of the named field (case-insensitive spec name); false if unknown. */
bool ste_field_by_name(const char *name, const struct sn_field_desc **out);

#endif
