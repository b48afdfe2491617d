/* SPDX-License-Identifier: MIT */
/*
 * One SMMUv3 instance: the ID register fields that matter, the few control
 * registers the model honours, the stream table base, its memory, and the
 * log of every read it made for the last transaction.  No global state:
 * several instances can coexist.
 */
#ifndef SMMU_NEST_SMMU_H
#define SMMU_NEST_SMMU_H

#include <smmu-nest/cd.h>
#include <smmu-nest/mem.h>
#include <smmu-nest/ste.h>

/* Event codes (IHI0070 G.b §7.3; arch.md §5.1) */
enum sn_event_type {
	EVT_F_UUT = 0x01,
	EVT_C_BAD_STREAMID = 0x02,
	EVT_F_STE_FETCH = 0x03,
	EVT_C_BAD_STE = 0x04,
	EVT_F_BAD_ATS_TREQ = 0x05,
	EVT_F_STREAM_DISABLED = 0x06,
	EVT_F_TRANSL_FORBIDDEN = 0x07,
	EVT_C_BAD_SUBSTREAMID = 0x08,
	EVT_F_CD_FETCH = 0x09,
	EVT_C_BAD_CD = 0x0a,
	EVT_F_WALK_EABT = 0x0b,
	EVT_F_TRANSLATION = 0x10,
	EVT_F_ADDR_SIZE = 0x11,
	EVT_F_ACCESS = 0x12,
	EVT_F_PERMISSION = 0x13,
	EVT_F_TLB_CONFLICT = 0x20,
	EVT_F_CFG_CONFLICT = 0x21,
	EVT_E_PAGE_REQUEST = 0x24,
	EVT_F_VMS_FETCH = 0x25,
};

/* Event record CLASS: what the faulting access was for (arch.md §5.2). */
enum sn_class {
	SN_CLASS_CD = 0,        /* a CD or L1CD fetch */
	SN_CLASS_TT = 1,        /* a stage-1 translation table access */
	SN_CLASS_IN = 2,        /* the transaction's own address */
};

/* Event record fields, 4 doublewords (arch.md §5.2; Linux EVTQ_*) */
#define EVT_DW0_TYPE       SN_GENMASK(7, 0)
#define EVT_DW0_SSV        SN_BIT(11)
#define EVT_DW0_SSID       SN_GENMASK(31, 12)
#define EVT_DW0_SID        SN_GENMASK(63, 32)
#define EVT_DW1_STAG       SN_GENMASK(15, 0)
#define EVT_DW1_STALL      SN_BIT(31)
#define EVT_DW1_PNU        SN_BIT(33)
#define EVT_DW1_IND        SN_BIT(34)
#define EVT_DW1_RNW        SN_BIT(35)
#define EVT_DW1_S2         SN_BIT(39)
#define EVT_DW1_CLASS      SN_GENMASK(41, 40)
#define EVT_DW1_TTRNW      SN_BIT(44)
#define EVT_DW3_IPA        SN_GENMASK(55, 12)
#define EVT_DW3_FETCH_ADDR SN_GENMASK(55, 3)

/*
 * A decoded event record.  Which fields an event type defines follows
 * IHI0070 §7.3; sn_event_encode() writes only those, the rest stay zero.
 */
struct sn_event {
	u8 type;                /* enum sn_event_type */
	u32 sid;
	bool ssv;
	u32 ssid;
	bool stall;
	u16 stag;
	bool pnu, ind, rnw;
	bool s2;
	u8 class;               /* enum sn_class */
	bool ttrnw;
	u64 input_addr;         /* DW2 */
	u64 ipa;                /* DW3, stage-2 faults */
	u64 fetch_addr;         /* DW3, fetch aborts */
};

void sn_event_encode(const struct sn_event *e, u64 words[4]);
/*
 * A record's four doublewords back into fields (for records another
 * implementation wrote, dut.h).  Every field is read where §7.3 puts it for
 * the record's type; DW3 is FetchAddr for the fetch-abort types, else IPA.
 */
void sn_event_decode(const u64 words[4], struct sn_event *e);
const char *sn_event_name(u8 type);

/* The ID register fields the model honours (arch.md §3; IHI0070 §6.3). */
struct smmu_idr {
	/* IDR0 */
	bool s2p, s1p;
	u8 ttf;                 /* bit 0 AArch32 tables, bit 1 AArch64 tables */
	u8 httu;                /* 0 none, 1 AF, 2 AF + dirty */
	bool hyp, ats, ns1ats, asid16, vmid16, cd2l;
	u8 ttendian;            /* 0 mixed, 2 little, 3 big */
	u8 stall_model;         /* 0 stall+terminate, 1 terminate only, 2 stall forced */
	bool term_model;        /* 1: terminate always aborts (no RAZ/WI) */
	u8 st_level;            /* 0 linear only, 1 two-level too */
	/* IDR1 */
	u8 sidsize, ssidsize;
	/* IDR3 */
	bool fwb, stt, ril, xnx;
	/* IDR5 */
	u8 oas;                 /* encoded: 0 32b .. 5 48b, 6 52b */
	bool gran4k, gran16k, gran64k;
};

/* ID register fields as SMMU_IDR0..5 hold them (IHI0070 §6.3.1-6; arch.md §3). */
#define IDR0_S2P          SN_BIT(0)
#define IDR0_S1P          SN_BIT(1)
#define IDR0_TTF          SN_GENMASK(3, 2)
#define IDR0_HTTU         SN_GENMASK(7, 6)
#define IDR0_HYP          SN_BIT(9)
#define IDR0_ATS          SN_BIT(10)
#define IDR0_NS1ATS       SN_BIT(11)
#define IDR0_ASID16       SN_BIT(12)
#define IDR0_VMID16       SN_BIT(18)
#define IDR0_CD2L         SN_BIT(19)
#define IDR0_TTENDIAN     SN_GENMASK(22, 21)
#define IDR0_STALL_MODEL  SN_GENMASK(25, 24)
#define IDR0_TERM_MODEL   SN_BIT(26)
#define IDR0_ST_LEVEL     SN_GENMASK(28, 27)
#define IDR1_SIDSIZE      SN_GENMASK(5, 0)
#define IDR1_SSIDSIZE     SN_GENMASK(10, 6)
#define IDR3_XNX          SN_BIT(4)
#define IDR3_FWB          SN_BIT(8)
#define IDR3_STT          SN_BIT(9)
#define IDR3_RIL          SN_BIT(10)
#define IDR5_OAS          SN_GENMASK(2, 0)
#define IDR5_GRAN4K       SN_BIT(4)
#define IDR5_GRAN16K      SN_BIT(5)
#define IDR5_GRAN64K      SN_BIT(6)

/* struct smmu_idr to and from the registers; the other bits are 0 / ignored. */
void smmu_idr_encode(const struct smmu_idr *idr, u32 regs[6]);
void smmu_idr_decode(const u32 regs[6], struct smmu_idr *idr);

/* A capable SMMU: both stages, AArch64, 16-bit ASID/VMID, 2-level tables,
 * SIDSIZE 16, SSIDSIZE 20, OAS 48 bits, all granules, ATS, no HTTU/STT/FWB. */
void smmu_idr_default(struct smmu_idr *idr);

/* Output address size in bits for an encoded PS/IPS/OAS value (3 bits). */
unsigned sn_pa_bits(unsigned encoded);

/* What a logged read was for. */
enum sn_access_what {
	SN_ACC_L1STD, SN_ACC_STE, SN_ACC_L1CD, SN_ACC_CD,
	SN_ACC_S1_DESC, SN_ACC_S2_DESC, SN_ACC_DATA,
};

struct sn_access {
	u64 pa;
	u8 size;                /* bytes */
	bool write;
	bool aborted;           /* an injected external abort answered */
	enum sn_access_what what;
	u8 stage;               /* 1 or 2 for descriptors, else 0 */
	s8 level;               /* table level for descriptors */
	u64 ia;                 /* the address this step translates */
	u64 value;              /* the (first) word read */
	u8 for_class;           /* stage-2 steps: whose IPA (enum sn_class) */
};

#define SN_LOG_MAX 512
struct sn_access_log {
	struct sn_access a[SN_LOG_MAX];
	unsigned n;
	bool overflow;          /* more accesses than SN_LOG_MAX happened */
};

struct sn_cache;

struct smmu {
	struct smmu_idr idr;
	bool cr0_atschk;        /* SMMU_CR0.ATSCHK */
	bool cr2_recinvsid;     /* SMMU_CR2.RECINVSID */
	bool cr2_e2h;           /* SMMU_CR2.E2H */
	u64 strtab_base;        /* SMMU_STRTAB_BASE: ADDR [55:6], RA bit 62 */
	u32 strtab_base_cfg;    /* LOG2SIZE [5:0], SPLIT [10:6], FMT [17:16] */
	struct sn_mem *mem;     /* borrowed */
	struct sn_access_log log;
	struct sn_cache *cache; /* borrowed; NULL: no caching (cache.h) */
};

#define STRTAB_BASE_ADDR       SN_GENMASK(55, 6)
#define STRTAB_BASE_RA         SN_BIT(62)
#define STRTAB_BASE_CFG_LOG2SIZE SN_GENMASK(5, 0)
#define STRTAB_BASE_CFG_SPLIT  SN_GENMASK(10, 6)
#define STRTAB_BASE_CFG_FMT    SN_GENMASK(17, 16)
#define L1STD_SPAN             SN_GENMASK(4, 0)
#define L1STD_L2PTR            SN_GENMASK(55, 6)
#define L1CD_V                 SN_BIT(0)
#define L1CD_L2PTR             SN_GENMASK(55, 12)

void smmu_init(struct smmu *s, struct sn_mem *mem);

/*
 * Read the 64-bit word at @pa on behalf of one step, log it, and return
 * false if memory answers with an external abort.  Every read the model
 * makes while translating goes through here, so the log is complete.
 */
bool smmu_read64(struct smmu *s, u64 pa, enum sn_access_what what, u8 stage,
		 s8 level, u64 ia, u8 for_class, u64 *value);

/* One incoming transaction. */
enum sn_txn_kind {
	SN_TXN_UNTRANSLATED,    /* an ordinary DMA */
	SN_TXN_ATS_REQUEST,     /* an ATS Translation Request */
	SN_TXN_ATS_TRANSLATED,  /* traffic marked ATS-translated */
};

struct sn_txn {
	u32 sid;
	bool ssv;
	u32 ssid;
	u64 addr;
	bool write;
	bool priv;
	bool instr;             /* reads only; writes are always data */
	enum sn_txn_kind kind;
};

/* What happens to the transaction. */
enum sn_disposition {
	SN_XLATE_OK,            /* translated (or bypassed): goes to @pa */
	SN_XLATE_ABORT,         /* terminated with an abort */
	SN_XLATE_STALL,         /* stalled, waiting for CMD_RESUME */
	SN_XLATE_RAZWI,         /* terminated as read-as-zero, write-ignored */
	SN_XLATE_ATS_UR,        /* ATS request: Unsupported Request */
	SN_XLATE_ATS_CA,        /* ATS request: Completer Abort */
};

/* Permission bits, for stage 1, stage 2 and their intersection. */
#define SN_PERM_R_PRIV   0x01
#define SN_PERM_W_PRIV   0x02
#define SN_PERM_X_PRIV   0x04
#define SN_PERM_R_UNPRIV 0x08
#define SN_PERM_W_UNPRIV 0x10
#define SN_PERM_X_UNPRIV 0x20
#define SN_PERM_ALL      0x3f

struct sn_xlate {
	enum sn_disposition disp;
	bool has_event;
	struct sn_event event;
	/* SN_XLATE_OK */
	u64 pa;
	u64 ipa;                /* stage-1 output (the input address if S1 bypassed) */
	unsigned page_shift;    /* log2 of the size this translation covers */
	u8 s1_perm, s2_perm;    /* SN_PERM_ALL for a bypassed stage */
	u8 memattr;             /* final memory attributes (MAIR-style byte) */
	u8 sh;                  /* shareability: 0 NSH, 2 OSH, 3 ISH */
	bool s1_enabled, s2_enabled;
	/*
	 * The access as the SMMU performed it, after the STE's PRIVCFG and
	 * INSTCFG overrides (IHI0070 §5.2, §13.1.2): what the output's
	 * permissions were checked against.
	 */
	bool eff_priv, eff_instr;
	/*
	 * STE.INSTCFG == Instruction: every read is an instruction fetch, so
	 * an ATS Translation Completion grants R wherever X is allowed, an
	 * execute-only page included (IHI0070 §13.7.1).
	 */
	bool reads_as_fetch;
	/*
	 * SN_TXN_ATS_REQUEST answered SN_XLATE_OK: the permissions of the
	 * Translation Completion (SN_ATS_*, IHI0070 §13.7.1); @pa is the
	 * translated address (the IPA for split-stage ATS).  0 is the
	 * "Success, R == W == 0" answer to a translation-related fault (§3.9.1.2).
	 */
	u8 ats_grant;
};

#define SN_ATS_R 0x1
#define SN_ATS_W 0x2
#define SN_ATS_X 0x4

/* Translate @t against the stream table in memory; clears and refills s->log. */
void smmu_translate(struct smmu *s, const struct sn_txn *t, struct sn_xlate *out);

#endif
