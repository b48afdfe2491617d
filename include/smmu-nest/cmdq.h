/* SPDX-License-Identifier: MIT */
/*
 * SMMUv3 commands: 16 bytes, two little-endian doublewords (IHI0070 G.b
 * chapter 4; bit positions collected in arch.md §4 and linux.md §1.3).
 * Decode, encode and the legality checks that give CERROR_ILL.
 */
#ifndef SMMU_NEST_CMDQ_H
#define SMMU_NEST_CMDQ_H

#include <smmu-nest/smmu.h>

/* Opcodes (IHI0070 §4.1.1; arch.md §4.2) */
enum sn_cmd_op {
	CMD_PREFETCH_CONFIG = 0x01,
	CMD_PREFETCH_ADDR = 0x02,
	CMD_CFGI_STE = 0x03,
	CMD_CFGI_STE_RANGE = 0x04,      /* CMD_CFGI_ALL: the same with Range = 31 */
	CMD_CFGI_CD = 0x05,
	CMD_CFGI_CD_ALL = 0x06,
	CMD_CFGI_VMS_PIDM = 0x07,
	CMD_TLBI_NH_ALL = 0x10,
	CMD_TLBI_NH_ASID = 0x11,
	CMD_TLBI_NH_VA = 0x12,
	CMD_TLBI_NH_VAA = 0x13,
	CMD_TLBI_EL3_ALL = 0x18,
	CMD_TLBI_EL3_VA = 0x1a,
	CMD_TLBI_EL2_ALL = 0x20,
	CMD_TLBI_EL2_ASID = 0x21,
	CMD_TLBI_EL2_VA = 0x22,
	CMD_TLBI_EL2_VAA = 0x23,
	CMD_TLBI_S12_VMALL = 0x28,
	CMD_TLBI_S2_IPA = 0x2a,
	CMD_TLBI_NSNH_ALL = 0x30,
	CMD_ATC_INV = 0x40,
	CMD_PRI_RESP = 0x41,
	CMD_RESUME = 0x44,
	CMD_STALL_TERM = 0x45,
	CMD_SYNC = 0x46,
};

/* Common and per-command fields (arch.md §4.1, §4.3) */
#define CMD_DW0_OP            SN_GENMASK(7, 0)
#define CMD_DW0_SSEC          SN_BIT(10)
#define CMD_DW0_SSV           SN_BIT(11)
#define CMD_DW0_SSID          SN_GENMASK(31, 12)
#define CMD_DW0_SID           SN_GENMASK(63, 32)
#define CMD_CFGI_DW1_LEAF     SN_BIT(0)
#define CMD_CFGI_DW1_RANGE    SN_GENMASK(4, 0)
#define CMD_TLBI_DW0_NUM      SN_GENMASK(16, 12)
#define CMD_TLBI_DW0_SCALE    SN_GENMASK(25, 20)  /* G.b; Linux/QEMU use 24:20 */
#define CMD_TLBI_DW0_VMID     SN_GENMASK(47, 32)
#define CMD_TLBI_DW0_ASID     SN_GENMASK(63, 48)
#define CMD_TLBI_DW1_LEAF     SN_BIT(0)
#define CMD_TLBI_DW1_TTL128   SN_BIT(7)
#define CMD_TLBI_DW1_TTL      SN_GENMASK(9, 8)
#define CMD_TLBI_DW1_TG       SN_GENMASK(11, 10)
#define CMD_TLBI_DW1_VA       SN_GENMASK(63, 12)
#define CMD_TLBI_DW1_IPA      SN_GENMASK(55, 12)
#define CMD_ATC_DW0_GLOBAL    SN_BIT(9)
#define CMD_ATC_DW1_SIZE      SN_GENMASK(5, 0)
#define CMD_ATC_DW1_ADDR      SN_GENMASK(63, 12)
#define CMD_PREFETCH_DW1_SIZE SN_GENMASK(4, 0)
#define CMD_PREFETCH_DW1_ADDR SN_GENMASK(63, 12)
#define CMD_PRI_DW1_PRGINDEX  SN_GENMASK(8, 0)
#define CMD_PRI_DW1_RESP      SN_GENMASK(13, 12)
#define CMD_RESUME_DW0_AC     SN_BIT(12)
#define CMD_RESUME_DW0_AB     SN_BIT(13)
#define CMD_RESUME_DW1_STAG   SN_GENMASK(15, 0)
#define CMD_SYNC_DW0_CS       SN_GENMASK(13, 12)
#define CMD_SYNC_DW0_MSH      SN_GENMASK(23, 22)
#define CMD_SYNC_DW0_MSIATTR  SN_GENMASK(27, 24)
#define CMD_SYNC_DW0_MSIDATA  SN_GENMASK(63, 32)
#define CMD_SYNC_DW1_MSIADDR  SN_GENMASK(55, 2)

#define CMD_ATC_SIZE_ALL 52     /* ATC_INV Size: invalidate everything */
#define CMD_CFGI_RANGE_ALL 31   /* CFGI_STE_RANGE Range: every StreamID (CFGI_ALL) */

/* Command-queue errors (SMMU_CMDQ_CONS.ERR) */
enum sn_cerror {
	SN_CERROR_NONE = 0,
	SN_CERROR_ILL = 1,
	SN_CERROR_ABT = 2,
	SN_CERROR_ATC_INV_SYNC = 3,
};

/* A decoded command: every field any command has; unused ones stay 0. */
struct sn_cmd {
	u8 op;
	bool ssec, ssv;
	u32 ssid, sid;
	bool leaf;
	u8 range;               /* CFGI_STE_RANGE */
	u8 num, scale, ttl, tg; /* TLBI range fields */
	bool ttl128;
	u16 vmid, asid;
	u64 addr;               /* VA, IPA or PA, in place (low 12 bits zero) */
	bool global;            /* ATC_INV */
	u8 size;                /* ATC_INV / PREFETCH_ADDR */
	u16 prgindex;           /* PRI_RESP */
	u8 resp;                /* PRI_RESP: 0 failure, 1 invalid, 2 success */
	bool ac, ab;            /* RESUME: retry, abort */
	u16 stag;               /* RESUME */
	u8 cs, msh, msiattr;    /* CMD_SYNC */
	u32 msidata;
	u64 msiaddr;
	u64 raw[2];             /* the words as given */
};

/* Decode the two words of a command (no legality checks). */
void sn_cmd_decode(const u64 words[2], struct sn_cmd *c);
/* Encode @c into two words, writing only the fields its opcode defines. */
void sn_cmd_encode(const struct sn_cmd *c, u64 words[2]);
/* Spec name of an opcode ("CMD_TLBI_S2_IPA"), or "reserved". */
const char *sn_cmd_name(u8 op);

/*
 * Would an SMMU with @idr take this command on its Non-secure queue, or stop
 * with CERROR_ILL?  @why names the rule.  (IHI0070 §4.1.3, §4.4, arch.md §4.)
 */
enum sn_cerror sn_cmd_check(const struct sn_cmd *c, const struct smmu_idr *idr,
			    const char **why);

#endif
