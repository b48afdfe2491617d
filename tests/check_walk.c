// SPDX-License-Identifier: MIT
/*
 * Translation table walks (model/walk.c) against ARM DDI0487 D8 and IHI0070.
 *
 * Every case builds its own memory from scratch: an optional fixture (a
 * list of descriptor words, read-only data shared between rows) and then
 * the row's own writes, which may override fixture words.  Descriptor
 * words are written as literal values; the comment next to each says how
 * it was composed from the descriptor format (D8.3), and the expected
 * results were worked out by hand from the spec, never by running the
 * walker.  A failure names the row, the field, the expected value and the
 * value got.
 *
 * Descriptor bits used throughout (D8.3.1):
 *   [0] valid, [1] table/page, [4:2] AttrIndx (S1) / [5:2] MemAttr (S2),
 *   [7:6] AP[2:1] (S1) / S2AP (S2, bit 6 read, bit 7 write), [9:8] SH,
 *   [10] AF, [51] DBM, [53] PXN / XN[0], [54] UXN / XN[1],
 *   table [59] PXNTable, [60] UXNTable, [62:61] APTable.
 * So a stage-1 page "OA | 0x703" is valid, page, AF=1, SH=ISH, AttrIndx 0,
 * AP=00; a stage-2 page "OA | 0x7ff" is valid, page, MemAttr 1111 (Normal
 * WB/WB), S2AP=11, SH=ISH, AF=1; blocks end in ...701 / ...7fd.
 *
 * Permission bytes: R_PRIV 0x01, W_PRIV 0x02, X_PRIV 0x04, R_UNPRIV 0x08,
 * W_UNPRIV 0x10, X_UNPRIV 0x20 (smmu.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/walk.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X(v) ((unsigned long long)(v))

/*
 * MAIR: idx0 0xff WB, 1 0x44 NC, 2 0x04 Device-nGnRE, 3 0x00 nGnRnE, 4 0xbb WT,
 * 5 0x4f (outer NC, inner WB), 6 0x40 (Normal with inner 0000: UNPREDICTABLE).
 */
#define TEST_MAIR 0x00404fbb000444ffULL

/* ------------------------------------------------------------------------ */
/* Case description                                                         */

struct memw {
	u64 pa, val;
};

/* Stage-1 configuration as a case gives it; built into an s1_cfg below. */
struct s1_spec {
	bool on;
	unsigned g0, tsz0;
	u64 ttb0;
	unsigned g1, tsz1;
	u64 ttb1;
	u32 fl;
};

#define S1F_WXN    (1u << 0)
#define S1F_PAN    (1u << 1)
#define S1F_AFFD   (1u << 2)
#define S1F_HA     (1u << 3)
#define S1F_HD     (1u << 4)
#define S1F_TBI0   (1u << 5)
#define S1F_TBI1   (1u << 6)
#define S1F_EPD0   (1u << 7)
#define S1F_EPD1   (1u << 8)
#define S1F_HAD0   (1u << 9)
#define S1F_SINGLE (1u << 10)
#define S1F_ENDI   (1u << 11)
#define S1F_IPS32  (1u << 12)
#define S1F_IPS40  (1u << 13)
#define S1F_IPS52  (1u << 14)
#define S1F_AA32   (1u << 15)

struct s2_spec {
	bool on;
	unsigned tg, sl0, t0sz;
	u64 ttb;
	u32 fl;
};

#define S2F_AFFD (1u << 0)
#define S2F_HA   (1u << 1)
#define S2F_HD   (1u << 2)
#define S2F_PTW  (1u << 3)
#define S2F_FWB  (1u << 4)
#define S2F_ENDI (1u << 5)
#define S2F_PS32 (1u << 6)
#define S2F_PS40 (1u << 7)
#define S2F_PS52 (1u << 8)
#define S2F_AA32 (1u << 9)

/* Changes to smmu_idr_default() (SMMU with OAS 48, all granules, no STT/XNX/FWB). */
#define I_STT      (1u << 0)
#define I_XNX      (1u << 1)
#define I_FWB      (1u << 2)
#define I_OAS32    (1u << 3)
#define I_OAS40    (1u << 4)
#define I_OAS52    (1u << 5)
#define I_A32      (1u << 6)        /* IDR0.TTF = 0b11 */
#define I_HTTU1    (1u << 7)
#define I_HTTU2    (1u << 8)
#define I_LE_ONLY  (1u << 9)
#define I_BE_ONLY  (1u << 10)
#define I_NO16K    (1u << 11)
#define I_NO_S1P   (1u << 12)
#define I_NO_S2P   (1u << 13)
#define I_NO_A64   (1u << 14)       /* IDR0.TTF = 0b01 */

enum run_kind { RUN_XLATE, RUN_S2_IN, RUN_S2_TT, RUN_S2_CD };

#define MAXW 12

struct wcase {
	const char *name;               /* the rule the row checks */
	struct s1_spec s1;
	struct s2_spec s2;
	u32 idr;
	const struct memw *fx;          /* fixture, ended by pa == 0 */
	struct memw mem[MAXW];          /* then these, ended by pa == 0 */
	u64 abort_pa;                   /* an 8-byte range that aborts, or 0 */
	enum run_kind run;
	struct walk_req req;
	bool ok;
	struct walk_out out;
	struct walk_fault f;
	bool chk_log;
	unsigned nlog;
};

#define S1_4K3(fl)  { true, 12, 25, 0x100000, 12, 25, 0x200000, (fl) }
#define S1_4K4(fl)  { true, 12, 16, 0x300000, 12, 25, 0x200000, (fl) }
#define S1_G(g, tsz, ttb, fl) { true, g, tsz, ttb, 12, 25, 0x200000, (fl) }
#define S2_G(tg, sl0, t0sz, ttb, fl) { true, tg, sl0, t0sz, ttb, (fl) }
#define S2_NEST(fl) S2_G(0, 1, 25, 0x80000000, fl)   /* 4 KB, start L1, 39-bit IPA */
#define S2_4K_L1(fl) S2_G(0, 1, 25, 0x08000000, fl)

#define RD(a)    { .addr = (a), .priv = true }
#define RDU(a)   { .addr = (a), .priv = false }
#define WR(a)    { .addr = (a), .write = true, .priv = true }
#define WRU(a)   { .addr = (a), .write = true, .priv = false }
#define IX(a)    { .addr = (a), .instr = true, .priv = true }
#define IXU(a)   { .addr = (a), .instr = true, .priv = false }

#define OK(oa_, ipa_, shift_, perm_, s1p_, s2p_, attr_, sh_, dev_) \
	.ok = true, .out = { .oa = (oa_), .ipa = (ipa_), .page_shift = (shift_), \
			     .perm = (perm_), .s1_perm = (s1p_), .s2_perm = (s2p_), \
			     .memattr = (attr_), .sh = (sh_), .s2_device = (dev_) }
#define FLT(type_, s2_, cls_, ipa_, fetch_, ttrnw_, level_) \
	.ok = false, .f = { .type = (type_), .s2 = (s2_), .class = (cls_), .ipa = (ipa_), \
			    .fetch_addr = (fetch_), .ttrnw = (ttrnw_), .level = (level_) }
/* A stage-1 fault on the transaction's address: S2 = 0, CLASS = IN, IPA unknown (0). */
#define S1FLT(type_, level_) FLT(type_, false, SN_CLASS_IN, 0, 0, false, level_)
#define S2FLT(type_, cls_, ipa_, level_) FLT(type_, true, cls_, ipa_, 0, false, level_)

/* ------------------------------------------------------------------------ */
/* Fixtures                                                                 */

/*
 * Stage 1, 4 KB, TxSZ 25 (39-bit VA, start level 1: D8-18).  VA_A =
 * 0x40403abc has L1 index VA[38:30] = 1, L2 index VA[29:21] = 2, L3 index
 * VA[20:12] = 3, offset 0xabc.  TTB0 0x100000: L1 entry at +1*8, table at
 * 0x101000; L2 entry 0x101000 + 2*8; table 0x102000; L3 entry +3*8; page
 * 0x87654000.  TTB1 0x200000 mirrors it with page 0x99999000 for
 * VA_A1 = 0xffffff8040403abc (VA[63:39] all ones, same indices).
 */
#define VA_A  0x40403abcULL
#define VA_A1 0xffffff8040403abcULL
static const struct memw fx_s1_4k3[] = {
	{ 0x100008, 0x101003 }, { 0x101010, 0x102003 }, { 0x102018, 0x87654703 },
	{ 0x200008, 0x201003 }, { 0x201010, 0x202003 }, { 0x202018, 0x99999703 },
	{ 0, 0 },
};
/* The successful result through TTB0: AP=00 gives R/W/X priv + X unpriv = 0x27. */
#define OK_A OK(0x87654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false)

/*
 * Stage 1, 4 KB, TxSZ 16 (48-bit VA, start level 0).  VA_B =
 * 0x8080604123: L0 VA[47:39] = 1, L1 = 2, L2 = 3, L3 = 4, offset 0x123.
 */
#define VA_B 0x8080604123ULL
static const struct memw fx_s1_4k4[] = {
	{ 0x300008, 0x301003 }, { 0x301010, 0x302003 }, { 0x302018, 0x303003 },
	{ 0x303020, 0x45678703 }, { 0, 0 },
};

/*
 * Stage 1, 16 KB, TxSZ 16 (start level 0 with a 2-entry table, D8-28).
 * VA_C = 0x802006011234: L0 VA[47] = 1, L1 VA[46:36] = 2, L2 VA[35:25] = 3,
 * L3 VA[24:14] = 4, offset VA[13:0] = 0x1234.  Tables 16 KB aligned.
 */
#define VA_C 0x802006011234ULL
static const struct memw fx_s1_16k4[] = {
	{ 0x400008, 0x404003 }, { 0x404010, 0x408003 }, { 0x408018, 0x40c003 },
	{ 0x40c020, 0x12344703 }, { 0, 0 },
};

/*
 * Stage 1, 64 KB, TxSZ 16 (start level 1, D8-37).  VA_D = 0x04004003abcd:
 * L1 VA[47:42] = 1, L2 VA[41:29] = 2, L3 VA[28:16] = 3, offset 0xabcd.
 */
#define VA_D 0x04004003abcdULL
static const struct memw fx_s1_64k3[] = {
	{ 0x500008, 0x510003 }, { 0x510010, 0x520003 }, { 0x520018, 0x77770703 },
	{ 0, 0 },
};

/*
 * Stage 2, 4 KB, SL0=1 (start L1), T0SZ 25, S2TTB 0x08000000.  IPA_E =
 * 0xc0a06321: L1 IPA[38:30] = 3, L2 IPA[29:21] = 5, L3 IPA[20:12] = 6.
 * Page 0x33336000 with S2AP=11, Normal WB, ISH.
 */
#define IPA_E 0xc0a06321ULL
static const struct memw fx_s2_4k[] = {
	{ 0x08000018, 0x08100003 }, { 0x08100028, 0x08200003 }, { 0x08200030, 0x333367ff },
	{ 0, 0 },
};
/* S2-only result: stage 2 attributes as they are, all stage-1 permissions. */
#define OK_E OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false)

/*
 * Nested: S2_NEST maps IPA GB 0 to PA 0x40000000 and IPA GB 2 to PA
 * 0x100000000 with 1 GB blocks (L1 entries at 0x80000000 + n*8).  Stage 1
 * as fx_s1_4k3 but its tables are IPAs 0x100000.. (PA = 0x40000000 + IPA);
 * the leaf gives IPA 0x87654000 (GB 2), so VA_A ends at PA 0x107654abc.
 */
static const struct memw fx_nest[] = {
	{ 0x80000000, 0x400007fd }, { 0x80000010, 0x1000007fd },
	{ 0x40100008, 0x101003 }, { 0x40101010, 0x102003 }, { 0x40102018, 0x87654703 },
	{ 0, 0 },
};
#define OK_N OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false)

/*
 * A 64 KB stage-1 table (TxSZ 35: start level 3, 8192 entries, D8-37) at
 * IPA 0x200000 that stage 2 maps with two 4 KB pages far apart: IPA
 * 0x200000 -> PA 0x50000000, IPA 0x201000 -> PA 0x60000000.  S2 walk of
 * IPA 0x20xxxx: L1 idx 0 (0x80000000) -> table 0x80001000, L2 idx
 * IPA[29:21] = 1 (0x80001008) -> table 0x80002000, L3 idx IPA[20:12].
 * VA 0x2010000: L3 index VA[28:16] = 0x201, entry IPA 0x200000 + 0x1008 =
 * 0x201008 -> PA 0x60000008.  VA 0x1000000: index 0x100, IPA 0x200800 ->
 * PA 0x50000800.  A decoy at 0x50001008 catches a walker that assumed the
 * table contiguous in PA.
 */
static const struct memw fx_straddle[] = {
	{ 0x80000000, 0x80001003 }, { 0x80001008, 0x80002003 },
	{ 0x80002000, 0x500007ff }, { 0x80002008, 0x600007ff },
	{ 0x80000010, 0x1000007fd },
	{ 0x60000008, 0x87650703 }, { 0x50000800, 0x87660703 },
	{ 0x50001008, 0x99990703 },
	{ 0, 0 },
};

/* ------------------------------------------------------------------------ */
/* The cases                                                                */

static const struct wcase walk_cases[] = {
	/* --- Stage 1, 4 KB, start level 1 ------------------------------------ */
	{ "S1 4K TxSZ 25 starts at L1: 3-level page walk (D8-18)",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .req = RD(VA_A), OK_A, .chk_log = true, .nlog = 3 },
	{ "S1 4K L1 block, 1 GB (D8-17): OA[29:0] from VA",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x100008, 0xc0000701 } },
	  .req = RD(VA_A), OK(0xc0403abc, 0xc0403abc, 30, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 1 },
	{ "S1 4K L2 block, 2 MB",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x101010, 0x87600701 } },
	  .req = RD(VA_A), OK(0x87603abc, 0x87603abc, 21, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "S1 invalid descriptor at L1 -> F_TRANSLATION level 1",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x100008, 0 } },
	  .req = RD(VA_A), S1FLT(EVT_F_TRANSLATION, 1) },
	{ "S1 invalid descriptor at L2 (bit 0 clear, other bits set)",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x101010, 0x87600700 } },
	  .req = RD(VA_A), S1FLT(EVT_F_TRANSLATION, 2) },
	{ "S1 invalid descriptor at L3",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654702 } },
	  .req = RD(VA_A), S1FLT(EVT_F_TRANSLATION, 3) },
	{ "S1 reserved L3 encoding (bit 1 = 0) -> F_TRANSLATION (D8-48)",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654701 } },
	  .req = RD(VA_A), S1FLT(EVT_F_TRANSLATION, 3) },
	{ "S1 table address above IPS (32 bit) at L1 -> F_ADDR_SIZE level 1",
	  .s1 = S1_4K3(S1F_IPS32), .fx = fx_s1_4k3, .mem = { { 0x100008, 0x100101003 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ADDR_SIZE, 1) },
	{ "S1 table address above IPS at L2 -> F_ADDR_SIZE level 2",
	  .s1 = S1_4K3(S1F_IPS32), .fx = fx_s1_4k3, .mem = { { 0x101010, 0x200102003 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ADDR_SIZE, 2) },
	{ "S1 page OA above IPS -> F_ADDR_SIZE level 3",
	  .s1 = S1_4K3(S1F_IPS32), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x187654703 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ADDR_SIZE, 3) },
	{ "S1 block OA at 2^40 with IPS 40 -> F_ADDR_SIZE level 1",
	  .s1 = S1_4K3(S1F_IPS40), .fx = fx_s1_4k3, .mem = { { 0x100008, 0x10000000701 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ADDR_SIZE, 1) },
	{ "S1 page OA just inside IPS 40 translates",
	  .s1 = S1_4K3(S1F_IPS40), .fx = fx_s1_4k3, .mem = { { 0x102018, 0xfffffff703 } },
	  .req = RD(VA_A), OK(0xfffffffabc, 0xfffffffabc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "effective IPS is MIN(IPS, OAS): IPS 48 on an OAS-32 SMMU",
	  .s1 = S1_4K3(0), .idr = I_OAS32, .fx = fx_s1_4k3, .mem = { { 0x102018, 0x187654703 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ADDR_SIZE, 3) },
	{ "S1 AF=0 in the page -> F_ACCESS level 3",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654303 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ACCESS, 3) },
	{ "S1 AF=0 in a L2 block -> F_ACCESS level 2",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x101010, 0x87600301 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ACCESS, 2) },
	{ "CD.AFFD: AF=0 is taken as 1",
	  .s1 = S1_4K3(S1F_AFFD), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654303 } },
	  .req = RD(VA_A), OK_A },
	{ "CD.HA: AF=0 is taken as 1, memory not written",
	  .s1 = S1_4K3(S1F_HA), .idr = I_HTTU1, .fx = fx_s1_4k3,
	  .mem = { { 0x102018, 0x87654303 } }, .req = RD(VA_A), OK_A },
	{ "S1 table descriptor IGNORED bits [11:2] do not matter",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x100008, 0x101ffb } },
	  .req = RD(VA_A), OK_A },
	{ "S1 external abort on the L2 descriptor: F_WALK_EABT S2=0 CLASS=TT",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .abort_pa = 0x101010,
	  .req = RD(VA_A), FLT(EVT_F_WALK_EABT, false, SN_CLASS_TT, 0, 0x101010, false, 2) },
	{ "S1 external abort on the start-level descriptor",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .abort_pa = 0x100008,
	  .req = RD(VA_A), FLT(EVT_F_WALK_EABT, false, SN_CLASS_TT, 0, 0x100008, false, 1),
	  .chk_log = true, .nlog = 1 },
	{ "S1 TTB0 low bits below the table size are taken as zero (§5.4 TTB0)",
	  .s1 = { true, 12, 25, 0x100ab0, 12, 25, 0x200000, 0 }, .fx = fx_s1_4k3,
	  .req = RD(VA_A), OK_A },
	{ "S1 big-endian tables (CD.ENDI)",
	  .s1 = S1_4K3(S1F_ENDI),
	  .mem = { { 0x100008, 0x0310100000000000 }, { 0x101010, 0x0320100000000000 },
		   { 0x102018, 0x0347658700000000 } },
	  .req = RD(VA_A), OK_A },

	/* --- Stage 1 permissions (4 KB fixture, leaf at 0x102018) ----------- */
	{ "AP=00: unprivileged read denied",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .req = RDU(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "AP=00: privileged write allowed",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .req = WR(VA_A), OK_A },
	{ "AP=01: unprivileged write allowed; priv execute removed (R VWLLR)",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654743 } },
	  .req = WRU(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x3b, 0x3b, 0x3f, 0xff, 3, false) },
	{ "AP=01: privileged instruction fetch denied (unpriv-writable)",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654743 } },
	  .req = IX(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "AP=10: privileged write denied",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654783 } },
	  .req = WR(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "AP=10: privileged read allowed",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654783 } },
	  .req = RD(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x25, 0x25, 0x3f, 0xff, 3, false) },
	{ "AP=11: unprivileged read allowed",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x876547c3 } },
	  .req = RDU(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x2d, 0x2d, 0x3f, 0xff, 3, false) },
	{ "AP=11: unprivileged write denied",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x876547c3 } },
	  .req = WRU(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "UXN: unprivileged instruction fetch denied",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x0040000087654703 } },
	  .req = IXU(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "UXN: privileged instruction fetch allowed",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x0040000087654703 } },
	  .req = IX(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x07, 0x07, 0x3f, 0xff, 3, false) },
	{ "PXN: privileged instruction fetch denied",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x0020000087654703 } },
	  .req = IX(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "PXN with AP=00: unprivileged execute-only still allowed",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x0020000087654703 } },
	  .req = IXU(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x23, 0x23, 0x3f, 0xff, 3, false) },
	{ "instruction fetch needs execute, not read (AP=00 unpriv exec-only)",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .req = IXU(VA_A), OK_A },
	{ "writes are data accesses: a write marked instr ignores XN",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x0060000087654703 } },
	  .req = { .addr = VA_A, .write = true, .instr = true, .priv = true },
	  OK(0x87654abc, 0x87654abc, 12, 0x03, 0x03, 0x3f, 0xff, 3, false) },
	{ "WXN: privileged-writable page not privileged-executable",
	  .s1 = S1_4K3(S1F_WXN), .fx = fx_s1_4k3, .req = IX(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "WXN with AP=00: unprivileged execute kept (no unpriv write)",
	  .s1 = S1_4K3(S1F_WXN), .fx = fx_s1_4k3,
	  .req = IXU(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x23, 0x23, 0x3f, 0xff, 3, false) },
	{ "WXN with AP=01: unprivileged execute removed (R FYMXJ)",
	  .s1 = S1_4K3(S1F_WXN), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654743 } },
	  .req = IXU(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "WXN with AP=10: read-only page stays executable",
	  .s1 = S1_4K3(S1F_WXN), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654783 } },
	  .req = IX(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x25, 0x25, 0x3f, 0xff, 3, false) },
	{ "PAN: privileged read of an AP=01 page faults",
	  .s1 = S1_4K3(S1F_PAN), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654743 } },
	  .req = RD(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "PAN: privileged read of an AP=11 (unpriv read-only) page faults",
	  .s1 = S1_4K3(S1F_PAN), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x876547c3 } },
	  .req = RD(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "PAN: privileged write of an AP=01 page faults",
	  .s1 = S1_4K3(S1F_PAN), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654743 } },
	  .req = WR(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "PAN: privileged access to an AP=00 page unaffected",
	  .s1 = S1_4K3(S1F_PAN), .fx = fx_s1_4k3, .req = RD(VA_A), OK_A },
	{ "PAN: privileged instruction fetch not affected (R PMTWB)",
	  .s1 = S1_4K3(S1F_PAN), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x876547c3 } },
	  .req = IX(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x2c, 0x2c, 0x3f, 0xff, 3, false) },
	{ "PAN: unprivileged read of an AP=01 page allowed",
	  .s1 = S1_4K3(S1F_PAN), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654743 } },
	  .req = RDU(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x38, 0x38, 0x3f, 0xff, 3, false) },
	{ "APTable=01 at L1 removes unprivileged access below",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3,
	  .mem = { { 0x100008, 0x2000000000101003 }, { 0x102018, 0x87654743 } },
	  .req = RDU(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "APTable=01 with AP=01: no unpriv write left, so priv execute stays",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3,
	  .mem = { { 0x100008, 0x2000000000101003 }, { 0x102018, 0x87654743 } },
	  .req = IX(VA_A), OK_A },
	{ "APTable=10 at L2 removes writes below",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x101010, 0x4000000000102003 } },
	  .req = WR(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "APTable=10 with AP=01: permissions as AP=11",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3,
	  .mem = { { 0x101010, 0x4000000000102003 }, { 0x102018, 0x87654743 } },
	  .req = RDU(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x2d, 0x2d, 0x3f, 0xff, 3, false) },
	{ "APTable=11 with AP=01: privileged read-only",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3,
	  .mem = { { 0x100008, 0x6000000000101003 }, { 0x102018, 0x87654743 } },
	  .req = RD(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x25, 0x25, 0x3f, 0xff, 3, false) },
	{ "HAD0: APTable ignored",
	  .s1 = S1_4K3(S1F_HAD0), .fx = fx_s1_4k3,
	  .mem = { { 0x100008, 0x2000000000101003 }, { 0x102018, 0x87654743 } },
	  .req = RDU(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x3b, 0x3b, 0x3f, 0xff, 3, false) },
	{ "UXNTable at L1: unprivileged instruction fetch denied",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x100008, 0x1000000000101003 } },
	  .req = IXU(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "UXNTable at L1: privileged execute unaffected",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x100008, 0x1000000000101003 } },
	  .req = IX(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x07, 0x07, 0x3f, 0xff, 3, false) },
	{ "PXNTable at L2: privileged instruction fetch denied",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x101010, 0x0800000000102003 } },
	  .req = IX(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "HAD0: PXNTable ignored",
	  .s1 = S1_4K3(S1F_HAD0), .fx = fx_s1_4k3, .mem = { { 0x101010, 0x0800000000102003 } },
	  .req = IX(VA_A), OK_A },
	{ "HAD0 applies to TTB0 only: TTB1 keeps UXNTable",
	  .s1 = S1_4K3(S1F_HAD0), .fx = fx_s1_4k3, .mem = { { 0x200008, 0x1000000000201003 } },
	  .req = IXU(VA_A1), S1FLT(EVT_F_PERMISSION, 3) },
	{ "HA+HD: DBM makes an AP=10 page writable (writable-clean, §3.13)",
	  .s1 = S1_4K3(S1F_HA | S1F_HD), .idr = I_HTTU2, .fx = fx_s1_4k3,
	  .mem = { { 0x102018, 0x0008000087654783 } }, .req = WR(VA_A), OK_A },
	{ "HA without HD: DBM ignored, write to AP=10 denied",
	  .s1 = S1_4K3(S1F_HA), .idr = I_HTTU2, .fx = fx_s1_4k3,
	  .mem = { { 0x102018, 0x0008000087654783 } }, .req = WR(VA_A), S1FLT(EVT_F_PERMISSION, 3) },

	/* --- One-privilege regimes (any-EL2, EL3; IHI0070 §13.4.1) ----------- */
	{ "single privilege: AP[1] as 1, an unprivileged request reads AP=00",
	  .s1 = S1_4K3(S1F_SINGLE), .fx = fx_s1_4k3,
	  .req = RDU(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "single privilege: AP=10 write denied",
	  .s1 = S1_4K3(S1F_SINGLE), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654783 } },
	  .req = WR(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "single privilege: bit 54 is XN",
	  .s1 = S1_4K3(S1F_SINGLE), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x0040000087654703 } },
	  .req = IX(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "single privilege: bit 53 (PXN) is RES0, ignored",
	  .s1 = S1_4K3(S1F_SINGLE), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x0020000087654703 } },
	  .req = IX(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "single privilege: WXN removes execute from writable pages",
	  .s1 = S1_4K3(S1F_SINGLE | S1F_WXN), .fx = fx_s1_4k3,
	  .req = IX(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "single privilege: PAN ignored (AP=01 reads as RW)",
	  .s1 = S1_4K3(S1F_SINGLE | S1F_PAN), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654743 } },
	  .req = RD(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "single privilege: APTable[0] is RES0",
	  .s1 = S1_4K3(S1F_SINGLE), .fx = fx_s1_4k3, .mem = { { 0x100008, 0x2000000000101003 } },
	  .req = RDU(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "single privilege: XNTable (bit 60) removes execute",
	  .s1 = S1_4K3(S1F_SINGLE), .fx = fx_s1_4k3, .mem = { { 0x100008, 0x1000000000101003 } },
	  .req = IX(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "single privilege: only TTB0, a VA with VA[55]=1 is out of range",
	  .s1 = S1_4K3(S1F_SINGLE), .fx = fx_s1_4k3, .req = RD(VA_A1),
	  S1FLT(EVT_F_TRANSLATION, 0), .chk_log = true, .nlog = 0 },
	{ "single privilege: EPD0 reads as 0 (§5.4 EPD0)",
	  .s1 = S1_4K3(S1F_SINGLE | S1F_EPD0), .fx = fx_s1_4k3,
	  .req = RD(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },

	/* --- TTB selection, TBI, ranges, EPD (§3.4.1, §5.4) ------------------ */
	{ "TTB1 selected by VA[55]",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .req = RD(VA_A1),
	  OK(0x99999abc, 0x99999abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "TBI0: the top byte is ignored",
	  .s1 = S1_4K3(S1F_TBI0), .fx = fx_s1_4k3, .req = RD(0x5a00000040403abcULL), OK_A },
	{ "no TBI0: a tagged VA is out of range -> F_TRANSLATION level 0",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .req = RD(0x5a00000040403abcULL),
	  S1FLT(EVT_F_TRANSLATION, 0), .chk_log = true, .nlog = 0 },
	{ "TBI1: the top byte of a TTB1 VA is ignored",
	  .s1 = S1_4K3(S1F_TBI1), .fx = fx_s1_4k3, .req = RD(0xa5ffff8040403abcULL),
	  OK(0x99999abc, 0x99999abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "TBI is per half: TBI0 does not cover a TTB1 VA",
	  .s1 = S1_4K3(S1F_TBI0), .fx = fx_s1_4k3, .req = RD(0xa5ffff8040403abcULL),
	  S1FLT(EVT_F_TRANSLATION, 0) },
	{ "TTB0 VA with bit 39 set is outside T0SZ 25 -> F_TRANSLATION level 0",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .req = RD(0x8040403abcULL), S1FLT(EVT_F_TRANSLATION, 0) },
	{ "TBI0 still checks VA[55:39]",
	  .s1 = S1_4K3(S1F_TBI0), .fx = fx_s1_4k3, .req = RD(0x1200008040403abcULL),
	  S1FLT(EVT_F_TRANSLATION, 0) },
	{ "TTB1 VA not sign-extended (bit 39 clear) -> F_TRANSLATION level 0",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .req = RD(0xffffff0040403abcULL),
	  S1FLT(EVT_F_TRANSLATION, 0) },
	{ "EPD0: a TTB0 miss is F_TRANSLATION level 0, no walk",
	  .s1 = S1_4K3(S1F_EPD0), .fx = fx_s1_4k3, .req = RD(VA_A),
	  S1FLT(EVT_F_TRANSLATION, 0), .chk_log = true, .nlog = 0 },
	{ "EPD1: a TTB1 miss is F_TRANSLATION level 0",
	  .s1 = S1_4K3(S1F_EPD1), .fx = fx_s1_4k3, .req = RD(VA_A1), S1FLT(EVT_F_TRANSLATION, 0) },
	{ "EPD1 leaves TTB0 walking",
	  .s1 = S1_4K3(S1F_EPD1), .fx = fx_s1_4k3, .req = RD(VA_A), OK_A },
	{ "EPD0 leaves TTB1 walking",
	  .s1 = S1_4K3(S1F_EPD0), .fx = fx_s1_4k3, .req = RD(VA_A1),
	  OK(0x99999abc, 0x99999abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "each half uses its own TxSZ: T1SZ 16 takes a 48-bit TTB1 VA",
	  .s1 = { true, 12, 25, 0x100000, 12, 16, 0x380000, 0 },
	  /* VA 0xffff800000000123: TTB1, L0 VA[47:39] = 0x100 at 0x380800 -> ... */
	  .mem = { { 0x380800, 0x381003 }, { 0x381000, 0x382003 }, { 0x382000, 0x383003 },
		   { 0x383000, 0x11111703 } },
	  .req = RD(0xffff800000000123ULL),
	  OK(0x11111123, 0x11111123, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },

	/* --- Stage 1, 4 KB, start level 0 ------------------------------------ */
	{ "S1 4K TxSZ 16 starts at L0: 4-level walk",
	  .s1 = S1_4K4(0), .fx = fx_s1_4k4, .req = RD(VA_B),
	  OK(0x45678123, 0x45678123, 12, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 4 },
	{ "S1 4K L0 block is reserved without DS -> F_TRANSLATION level 0",
	  .s1 = S1_4K4(0), .fx = fx_s1_4k4, .mem = { { 0x300008, 0x8000000701 } },
	  .req = RD(VA_B), S1FLT(EVT_F_TRANSLATION, 0) },
	{ "fault order: an illegal block with OA above IPS is F_TRANSLATION, not F_ADDR_SIZE",
	  .s1 = S1_4K4(S1F_IPS32), .fx = fx_s1_4k4, .mem = { { 0x300008, 0xff8000000701 } },
	  .req = RD(VA_B), S1FLT(EVT_F_TRANSLATION, 0) },
	{ "S1 invalid descriptor at L0",
	  .s1 = S1_4K4(0), .fx = fx_s1_4k4, .mem = { { 0x300008, 0 } },
	  .req = RD(VA_B), S1FLT(EVT_F_TRANSLATION, 0) },
	{ "TxSZ 16: VA bit 48 set is out of range",
	  .s1 = S1_4K4(0), .fx = fx_s1_4k4, .req = RD(0x1008080604123ULL), S1FLT(EVT_F_TRANSLATION, 0) },

	{ "S1 4K TxSZ 34 starts at L2",
	  /* VA 0xa06321: L2 VA[29:21] = 5, L3 VA[20:12] = 6 */
	  .s1 = S1_G(12, 34, 0x600000, 0),
	  .mem = { { 0x600028, 0x601003 }, { 0x601030, 0x22222703 } },
	  .req = RD(0xa06321ULL), OK(0x22222321, 0x22222321, 12, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 2 },
	{ "S1 4K TxSZ 39 starts at L2 with a 16-entry table",
	  /* ia 25: L2 index VA[24:21] = 5; a 128-byte start table */
	  .s1 = S1_G(12, 39, 0x620000, 0),
	  .mem = { { 0x620028, 0x621003 }, { 0x621030, 0x22224703 } },
	  .req = RD(0xa06321ULL), OK(0x22224321, 0x22224321, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "S1 4K TxSZ 43 starts at L3 (FEAT_TTST range, D8-18)",
	  /* ia 21: L3 index VA[20:12] = 6 */
	  .s1 = S1_G(12, 43, 0x610000, 0), .idr = I_STT, .mem = { { 0x610030, 0x22223703 } },
	  .req = RD(0x6321ULL), OK(0x22223321, 0x22223321, 12, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 1 },

	/* --- Stage 1, 16 KB ---------------------------------------------------- */
	{ "S1 16K TxSZ 16 starts at L0 with 2 entries (D8-28)",
	  .s1 = S1_G(14, 16, 0x400000, 0), .fx = fx_s1_16k4, .req = RD(VA_C),
	  OK(0x12345234, 0x12345234, 14, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 4 },
	{ "S1 16K L1 block reserved without DS -> F_TRANSLATION level 1",
	  .s1 = S1_G(14, 16, 0x400000, 0), .fx = fx_s1_16k4, .mem = { { 0x404010, 0x1000000701 } },
	  .req = RD(VA_C), S1FLT(EVT_F_TRANSLATION, 1) },
	{ "S1 16K L0 block reserved -> F_TRANSLATION level 0",
	  .s1 = S1_G(14, 16, 0x400000, 0), .fx = fx_s1_16k4, .mem = { { 0x400008, 0x800000000701 } },
	  .req = RD(VA_C), S1FLT(EVT_F_TRANSLATION, 0) },
	{ "S1 16K L2 block, 32 MB",
	  .s1 = S1_G(14, 16, 0x400000, 0), .fx = fx_s1_16k4, .mem = { { 0x408018, 0x02000701 } },
	  .req = RD(VA_C), OK(0x02011234, 0x02011234, 25, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "S1 16K page: descriptor bits [13:12] are RES0, not address",
	  .s1 = S1_G(14, 16, 0x400000, 0), .fx = fx_s1_16k4, .mem = { { 0x40c020, 0x12347703 } },
	  .req = RD(VA_C), OK(0x12345234, 0x12345234, 14, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "S1 16K TxSZ 17 starts at L1 (2048-entry table)",
	  /* VA 0x2006011234: L1 VA[46:36] = 2, L2 = 3, L3 = 4 */
	  .s1 = S1_G(14, 17, 0x410000, 0),
	  .mem = { { 0x410010, 0x414003 }, { 0x414018, 0x418003 }, { 0x418020, 0x12348703 } },
	  .req = RD(0x2006011234ULL),
	  OK(0x12349234, 0x12349234, 14, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 3 },
	{ "S1 16K TxSZ 28 starts at L2",
	  /* VA 0x6011234: L2 VA[35:25] = 3, L3 = 4 */
	  .s1 = S1_G(14, 28, 0x420000, 0),
	  .mem = { { 0x420018, 0x424003 }, { 0x424020, 0x1234c703 } },
	  .req = RD(0x6011234ULL),
	  OK(0x1234d234, 0x1234d234, 14, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 2 },
	{ "S1 16K TxSZ 39 starts at L3",
	  /* VA 0x14010: L3 VA[24:14] = 5 */
	  .s1 = S1_G(14, 39, 0x428000, 0), .mem = { { 0x428028, 0x12350703 } },
	  .req = RD(0x14010ULL), OK(0x12350010, 0x12350010, 14, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 1 },

	/* --- Stage 1, 64 KB ---------------------------------------------------- */
	{ "S1 64K TxSZ 16 starts at L1: 3-level walk",
	  .s1 = S1_G(16, 16, 0x500000, 0), .fx = fx_s1_64k3, .req = RD(VA_D),
	  OK(0x7777abcd, 0x7777abcd, 16, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 3 },
	{ "S1 64K L1 block reserved without LPA -> F_TRANSLATION level 1",
	  .s1 = S1_G(16, 16, 0x500000, 0), .fx = fx_s1_64k3, .mem = { { 0x500008, 0x40000000701 } },
	  .req = RD(VA_D), S1FLT(EVT_F_TRANSLATION, 1) },
	{ "S1 64K L2 block, 512 MB",
	  .s1 = S1_G(16, 16, 0x500000, 0), .fx = fx_s1_64k3, .mem = { { 0x510010, 0x20000701 } },
	  .req = RD(VA_D), OK(0x2003abcd, 0x2003abcd, 29, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "S1 64K page with bits [15:12] set -> F_ADDR_SIZE (D8.15.1.1 R WDZFC)",
	  .s1 = S1_G(16, 16, 0x500000, 0), .fx = fx_s1_64k3, .mem = { { 0x520018, 0x77771703 } },
	  .req = RD(VA_D), S1FLT(EVT_F_ADDR_SIZE, 3) },
	{ "S1 64K table with bits [15:12] set -> F_ADDR_SIZE level 1",
	  .s1 = S1_G(16, 16, 0x500000, 0), .fx = fx_s1_64k3, .mem = { { 0x500008, 0x511003 } },
	  .req = RD(VA_D), S1FLT(EVT_F_ADDR_SIZE, 1) },
	{ "S1 64K TxSZ 22 starts at L2",
	  /* VA 0x4003abcd: L2 VA[41:29] = 2, L3 VA[28:16] = 3 */
	  .s1 = S1_G(16, 22, 0x530000, 0),
	  .mem = { { 0x530010, 0x540003 }, { 0x540018, 0x77780703 } },
	  .req = RD(0x4003abcdULL), OK(0x7778abcd, 0x7778abcd, 16, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 2 },
	{ "S1 64K TxSZ 35 starts at L3",
	  .s1 = S1_G(16, 35, 0x550000, 0), .mem = { { 0x550018, 0x77790703 } },
	  .req = RD(0x3abcdULL), OK(0x7779abcd, 0x7779abcd, 16, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 1 },

	/* --- Stage 2, 4 KB (walk_s2, CLASS=IN) --------------------------------- */
	{ "S2 4K SL0=0 starts at L2, one table (T0SZ 34)",
	  /* IPA 0xa06321: L2 IPA[29:21] = 5, L3 = 6 */
	  .s2 = S2_G(0, 0, 34, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000028, 0x08100003 }, { 0x08100030, 0x333367ff } },
	  .req = RD(0xa06321ULL), OK(0x33336321, 0xa06321, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 2 },
	{ "S2 4K L2 start, 2 concatenated tables (T0SZ 33, D8-23)",
	  /* IPA 0x40a06321: start index IPA[30:21] = 0x205, entry 0x08000000 + 0x1028 */
	  .s2 = S2_G(0, 0, 33, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08001028, 0x08100003 }, { 0x08100030, 0x333367ff } },
	  .req = RD(0x40a06321ULL), OK(0x33336321, 0x40a06321, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 4K L2 start, 16 concatenated tables (T0SZ 30)",
	  /* IPA 0x3c0a06321: index IPA[33:21] = 0x1e05, entry +0xf028 */
	  .s2 = S2_G(0, 0, 30, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x0800f028, 0x08100003 }, { 0x08100030, 0x333367ff } },
	  .req = RD(0x3c0a06321ULL), OK(0x33336321, 0x3c0a06321, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 4K SL0=1 starts at L1 (T0SZ 25)",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .req = RD(IPA_E), OK_E,
	  .chk_log = true, .nlog = 3 },
	{ "S2 4K L1 start, 2 concatenated tables (T0SZ 24, D8-22)",
	  /* IPA 0x80c0a06321: index IPA[39:30] = 0x203, entry +0x1018 */
	  .s2 = S2_G(0, 1, 24, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08001018, 0x08100003 }, { 0x08100028, 0x08200003 },
		   { 0x08200030, 0x333367ff } },
	  .req = RD(0x80c0a06321ULL),
	  OK(0x33336321, 0x80c0a06321, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 4K L1 start, 16 concatenated tables (T0SZ 21)",
	  /* IPA 0x780c0a06321: index IPA[42:30] = 0x1e03, entry +0xf018 */
	  .s2 = S2_G(0, 1, 21, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x0800f018, 0x08100003 }, { 0x08100028, 0x08200003 },
		   { 0x08200030, 0x333367ff } },
	  .req = RD(0x780c0a06321ULL),
	  OK(0x33336321, 0x780c0a06321, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 3 },
	{ "S2 4K SL0=2 starts at L0 (T0SZ 16)",
	  /* IPA 0x80c0a06321: L0 IPA[47:39] = 1, L1 = 3, L2 = 5, L3 = 6 */
	  .s2 = S2_G(0, 2, 16, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000008, 0x08100003 }, { 0x08100018, 0x08200003 },
		   { 0x08200028, 0x08300003 }, { 0x08300030, 0x333367ff } },
	  .req = RD(0x80c0a06321ULL),
	  OK(0x33336321, 0x80c0a06321, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 4 },
	{ "S2 4K SL0=3 starts at L3 with IDR3.STT (T0SZ 43, D8-24)",
	  .s2 = S2_G(0, 3, 43, 0x08000000, 0), .idr = I_STT, .run = RUN_S2_IN,
	  .mem = { { 0x08000030, 0x333367ff } },
	  .req = RD(0x6321ULL), OK(0x33336321, 0x6321, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 1 },
	{ "S2 4K L3 start, 16 concatenated tables (T0SZ 39, D8-24)",
	  /* IPA 0x1e06321: index IPA[24:12] = 0x1e06, entry +0xf030 */
	  .s2 = S2_G(0, 3, 39, 0x08000000, 0), .idr = I_STT, .run = RUN_S2_IN,
	  .mem = { { 0x0800f030, 0x333367ff } },
	  .req = RD(0x1e06321ULL), OK(0x33336321, 0x1e06321, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 invalid descriptor at L0",
	  .s2 = S2_G(0, 2, 16, 0x08000000, 0), .run = RUN_S2_IN,
	  .req = RD(0x80c0a06321ULL), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, 0x80c0a06321, 0) },
	{ "S2 4K L1 block, 1 GB",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08000018, 0x400007fd } },
	  .req = RD(IPA_E), OK(0x40a06321, IPA_E, 30, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 4K L2 block, 2 MB",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08100028, 0x332007fd } },
	  .req = RD(IPA_E), OK(0x33206321, IPA_E, 21, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 4K L0 block reserved -> F_TRANSLATION level 0",
	  .s2 = S2_G(0, 2, 16, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000008, 0x80000007fd } },
	  .req = RD(0x80c0a06321ULL), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, 0x80c0a06321, 0) },
	{ "S2 IPA above the S2T0SZ range -> F_TRANSLATION level 0 (§3.4 check 1)",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .req = RD(0x8000000000ULL), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, 0x8000000000, 0),
	  .chk_log = true, .nlog = 0 },
	{ "S2 invalid descriptor at L1",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .req = RD(IPA_E),
	  S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, IPA_E, 1) },
	{ "S2 invalid descriptor at L2",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08100028, 0 } },
	  .req = RD(IPA_E), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, IPA_E, 2) },
	{ "S2 invalid descriptor at L3",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367fe } },
	  .req = RD(IPA_E), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, IPA_E, 3) },
	{ "S2 reserved L3 encoding",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367fd } },
	  .req = RD(IPA_E), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, IPA_E, 3) },
	{ "S2 table address above S2PS (32) -> F_ADDR_SIZE level 1",
	  .s2 = S2_4K_L1(S2F_PS32), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08000018, 0x108100003 } },
	  .req = RD(IPA_E), S2FLT(EVT_F_ADDR_SIZE, SN_CLASS_IN, IPA_E, 1) },
	{ "S2 page OA above S2PS -> F_ADDR_SIZE level 3",
	  .s2 = S2_4K_L1(S2F_PS32), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x1333367ff } },
	  .req = RD(IPA_E), S2FLT(EVT_F_ADDR_SIZE, SN_CLASS_IN, IPA_E, 3) },
	{ "S2 block OA above S2PS 40 -> F_ADDR_SIZE level 1",
	  .s2 = S2_4K_L1(S2F_PS40), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08000018, 0x100000007fd } },
	  .req = RD(IPA_E), S2FLT(EVT_F_ADDR_SIZE, SN_CLASS_IN, IPA_E, 1) },
	{ "effective S2PS is MIN(S2PS, OAS): S2PS 48 on an OAS-32 SMMU",
	  .s2 = S2_G(0, 0, 34, 0x08000000, 0), .idr = I_OAS32, .run = RUN_S2_IN,
	  .mem = { { 0x08000028, 0x08100003 }, { 0x08100030, 0x1333367ff } },
	  .req = RD(0xa06321ULL), S2FLT(EVT_F_ADDR_SIZE, SN_CLASS_IN, 0xa06321, 3) },
	{ "S2 AF=0 -> F_ACCESS",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333363ff } },
	  .req = RD(IPA_E), S2FLT(EVT_F_ACCESS, SN_CLASS_IN, IPA_E, 3) },
	{ "S2AFFD: AF=0 taken as 1",
	  .s2 = S2_4K_L1(S2F_AFFD), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x333363ff } }, .req = RD(IPA_E), OK_E },
	{ "S2HA: AF=0 taken as 1, memory not written",
	  .s2 = S2_4K_L1(S2F_HA), .idr = I_HTTU1, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x333363ff } }, .req = RD(IPA_E), OK_E },
	{ "S2AP=00: read denied",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x3333673f } },
	  .req = RD(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, IPA_E, 3) },
	{ "S2AP=01 (read-only): read allowed",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x3333677f } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x2d, 0x3f, 0x2d, 0xff, 3, false) },
	{ "S2AP=01 (read-only): write denied",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x3333677f } },
	  .req = WR(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, IPA_E, 3) },
	{ "S2AP=10 (write-only): write allowed",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367bf } },
	  .req = WRU(IPA_E), OK(0x33336321, IPA_E, 12, 0x36, 0x3f, 0x36, 0xff, 3, false) },
	{ "S2AP=10 (write-only): read denied",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367bf } },
	  .req = RD(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, IPA_E, 3) },
	{ "S2 XN (bit 54): instruction fetch denied",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x00400000333367ff } },
	  .req = IX(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, IPA_E, 3) },
	{ "S2 XN: data read allowed",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x00400000333367ff } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x1b, 0x3f, 0x1b, 0xff, 3, false) },
	{ "XNX: XN[1:0]=01 forbids privileged execute",
	  .s2 = S2_4K_L1(0), .idr = I_XNX, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x00200000333367ff } },
	  .req = IX(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, IPA_E, 3) },
	{ "XNX: XN[1:0]=01 allows unprivileged execute",
	  .s2 = S2_4K_L1(0), .idr = I_XNX, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x00200000333367ff } },
	  .req = IXU(IPA_E), OK(0x33336321, IPA_E, 12, 0x3b, 0x3f, 0x3b, 0xff, 3, false) },
	{ "XNX: XN[1:0]=11 forbids unprivileged execute",
	  .s2 = S2_4K_L1(0), .idr = I_XNX, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x00600000333367ff } },
	  .req = IXU(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, IPA_E, 3) },
	{ "XNX: XN[1:0]=11 allows privileged execute",
	  .s2 = S2_4K_L1(0), .idr = I_XNX, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x00600000333367ff } },
	  .req = IX(IPA_E), OK(0x33336321, IPA_E, 12, 0x1f, 0x3f, 0x1f, 0xff, 3, false) },
	{ "XNX: XN[1:0]=10 forbids both",
	  .s2 = S2_4K_L1(0), .idr = I_XNX, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x00400000333367ff } },
	  .req = IX(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, IPA_E, 3) },
	{ "no IDR3.XNX: bit 53 is RES0, execute allowed",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x00200000333367ff } },
	  .req = IX(IPA_E), OK_E },
	{ "S2HA+S2HD: DBM makes a read-only page writable",
	  .s2 = S2_4K_L1(S2F_HA | S2F_HD), .idr = I_HTTU2, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x000800003333677f } }, .req = WR(IPA_E), OK_E },
	{ "S2HA without S2HD: DBM ignored",
	  .s2 = S2_4K_L1(S2F_HA), .idr = I_HTTU2, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x000800003333677f } },
	  .req = WR(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, IPA_E, 3) },
	{ "S2 external abort on the L2 descriptor: S2=1, FetchAddr",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .abort_pa = 0x08100028,
	  .req = RD(IPA_E), FLT(EVT_F_WALK_EABT, true, SN_CLASS_IN, IPA_E, 0x08100028, false, 2) },
	{ "S2 big-endian tables (S2ENDI)",
	  .s2 = S2_G(0, 0, 34, 0x08000000, S2F_ENDI), .run = RUN_S2_IN,
	  .mem = { { 0x08000028, 0x0300100800000000 }, { 0x08100030, 0xff67333300000000 } },
	  .req = RD(0xa06321ULL), OK(0x33336321, 0xa06321, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },

	/* --- Stage 2 attributes (D8.6.5, D8.6.6, D8.6.7) ---------------------- */
	{ "S2 MemAttr 0000: Device-nGnRnE, Outer Shareable",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367c3 } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0x00, 2, true) },
	{ "S2 MemAttr 0001: Device-nGnRE",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367c7 } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0x04, 2, true) },
	{ "S2 MemAttr 0101: Normal NC, Outer Shareable",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367d7 } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0x44, 2, false) },
	{ "S2 MemAttr 1010: Normal WT/WT",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367eb } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0xbb, 3, false) },
	{ "S2 MemAttr 1101: Outer WB, Inner NC keeps its SH",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367f7 } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0xf4, 3, false) },
	{ "S2 SH=10: Outer Shareable",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333366ff } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0xff, 2, false) },
	{ "S2FWB: MemAttr[2:0]=110 is Normal WB; bit 5 RES0",
	  .s2 = S2_4K_L1(S2F_FWB), .idr = I_FWB, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x333367fb } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2FWB=1 without IDR3.FWB is ignored: 1110 = Outer WB, Inner WT",
	  .s2 = S2_4K_L1(S2F_FWB), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x333367fb } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0xfb, 3, false) },
	{ "S2FWB: MemAttr[2]=0 is Device (MemAttr[1:0]=01 nGnRE)",
	  .s2 = S2_4K_L1(S2F_FWB), .idr = I_FWB, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x333367e7 } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0x04, 2, true) },
	{ "no FWB: the same 1001 is Outer WT, Inner NC",
	  .s2 = S2_4K_L1(0), .idr = I_FWB, .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x333367e7 } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0xb4, 3, false) },

	/* --- Stage 2 on behalf of a walk or a CD fetch ------------------------ */
	{ "walk_s2 CLASS=TT: the fault carries CLASS=TT",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_TT, .req = RD(IPA_E),
	  S2FLT(EVT_F_TRANSLATION, SN_CLASS_TT, IPA_E, 1) },
	{ "S2PTW: a CD fetch to stage-2 Device -> F_PERMISSION CLASS=CD",
	  .s2 = S2_4K_L1(S2F_PTW), .run = RUN_S2_CD, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x333367c3 } },
	  .req = RD(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_CD, IPA_E, 3) },
	{ "S2PTW: a table access to stage-2 Device -> F_PERMISSION CLASS=TT, TTRnW=1",
	  .s2 = S2_4K_L1(S2F_PTW), .run = RUN_S2_TT, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x333367c3 } },
	  .req = RD(IPA_E), FLT(EVT_F_PERMISSION, true, SN_CLASS_TT, IPA_E, 0, true, 3) },
	{ "S2PTW clear: a table access to Device is allowed",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_TT, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367c3 } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0x00, 2, true) },
	{ "S2PTW does not apply to the transaction's own access",
	  .s2 = S2_4K_L1(S2F_PTW), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x333367c3 } },
	  .req = RD(IPA_E), OK(0x33336321, IPA_E, 12, 0x3f, 0x3f, 0x3f, 0x00, 2, true) },
	{ "a table access is a data read: write-only page faults, TTRnW=1",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_TT, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x333367bf } },
	  .req = WR(IPA_E), FLT(EVT_F_PERMISSION, true, SN_CLASS_TT, IPA_E, 0, true, 3) },
	{ "a table access is a data read: an XN page is fine",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_TT, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x00400000333367ff } },
	  .req = IX(IPA_E), OK(0x33336321, IPA_E, 12, 0x1b, 0x3f, 0x1b, 0xff, 3, false) },
	{ "CD fetch permission fault: CLASS=CD, TTRnW not set",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_CD, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x3333673f } },
	  .req = RD(IPA_E), S2FLT(EVT_F_PERMISSION, SN_CLASS_CD, IPA_E, 3) },
	{ "CD fetch external abort on a stage-2 descriptor: S2=1 CLASS=CD",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_CD, .fx = fx_s2_4k, .abort_pa = 0x08000018,
	  .req = RD(IPA_E), FLT(EVT_F_WALK_EABT, true, SN_CLASS_CD, IPA_E, 0x08000018, false, 1) },

	/* --- Stage 2, 16 KB ---------------------------------------------------- */
	{ "S2 16K SL0=0 starts at L3 (T0SZ 39)",
	  /* IPA 0x14123: L3 IPA[24:14] = 5 */
	  .s2 = S2_G(2, 0, 39, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000028, 0x333347ff } },
	  .req = RD(0x14123ULL), OK(0x33334123, 0x14123, 14, 0x3f, 0x3f, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 1 },
	{ "S2 16K L3 start, 16 concatenated tables (T0SZ 35, D8-33)",
	  /* IPA 0x1e014123: index IPA[28:14] = 0x7805, entry +0x3c028 */
	  .s2 = S2_G(2, 0, 35, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x0803c028, 0x333347ff } },
	  .req = RD(0x1e014123ULL), OK(0x33334123, 0x1e014123, 14, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 16K SL0=1 starts at L2 (T0SZ 28)",
	  /* IPA 0x6014123: L2 IPA[35:25] = 3, L3 = 5 */
	  .s2 = S2_G(2, 1, 28, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000018, 0x08100003 }, { 0x08100028, 0x333347ff } },
	  .req = RD(0x6014123ULL), OK(0x33334123, 0x6014123, 14, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 16K L2 start, 2 concatenated tables (T0SZ 27, D8-32)",
	  /* IPA 0x1006014123: index IPA[36:25] = 0x803, entry +0x4018 */
	  .s2 = S2_G(2, 1, 27, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08004018, 0x08100003 }, { 0x08100028, 0x333347ff } },
	  .req = RD(0x1006014123ULL),
	  OK(0x33334123, 0x1006014123, 14, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 16K L2 start, 16 concatenated tables (T0SZ 24)",
	  /* IPA 0xf006014123: index IPA[39:25] = 0x7803, entry +0x3c018 */
	  .s2 = S2_G(2, 1, 24, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x0803c018, 0x08100003 }, { 0x08100028, 0x333347ff } },
	  .req = RD(0xf006014123ULL),
	  OK(0x33334123, 0xf006014123, 14, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 16K SL0=2 starts at L1 (T0SZ 17)",
	  /* IPA 0x2006014123: L1 IPA[46:36] = 2, L2 = 3, L3 = 5 */
	  .s2 = S2_G(2, 2, 17, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000010, 0x08100003 }, { 0x08100018, 0x08200003 },
		   { 0x08200028, 0x333347ff } },
	  .req = RD(0x2006014123ULL),
	  OK(0x33334123, 0x2006014123, 14, 0x3f, 0x3f, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 3 },
	{ "S2 16K 48-bit IPA: L1 start with 2 concatenated tables (R DXBSH)",
	  /* IPA 0x802006014123: index IPA[47:36] = 0x802, entry +0x4010 */
	  .s2 = S2_G(2, 2, 16, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08004010, 0x08100003 }, { 0x08100018, 0x08200003 },
		   { 0x08200028, 0x333347ff } },
	  .req = RD(0x802006014123ULL),
	  OK(0x33334123, 0x802006014123, 14, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 16K L2 block, 32 MB",
	  .s2 = S2_G(2, 1, 28, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000018, 0x020007fd } },
	  .req = RD(0x6014123ULL), OK(0x02014123, 0x6014123, 25, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 16K L1 block reserved -> F_TRANSLATION level 1",
	  .s2 = S2_G(2, 2, 17, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000010, 0x10000007fd } },
	  .req = RD(0x2006014123ULL), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, 0x2006014123, 1) },

	/* --- Stage 2, 64 KB ---------------------------------------------------- */
	{ "S2 64K SL0=0 starts at L3 (T0SZ 35)",
	  /* IPA 0x51234: L3 IPA[28:16] = 5 */
	  .s2 = S2_G(1, 0, 35, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000028, 0x333307ff } },
	  .req = RD(0x51234ULL), OK(0x33331234, 0x51234, 16, 0x3f, 0x3f, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 1 },
	{ "S2 64K L3 start, 2 concatenated tables (T0SZ 34)",
	  /* IPA 0x20051234: index IPA[29:16] = 0x2005, entry +0x10028 */
	  .s2 = S2_G(1, 0, 34, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08010028, 0x333307ff } },
	  .req = RD(0x20051234ULL), OK(0x33331234, 0x20051234, 16, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 64K L3 start, 16 concatenated tables (T0SZ 31, D8-41)",
	  /* IPA 0x1e0051234: index IPA[32:16] = 0x1e005, entry +0xf0028 */
	  .s2 = S2_G(1, 0, 31, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x080f0028, 0x333307ff } },
	  .req = RD(0x1e0051234ULL),
	  OK(0x33331234, 0x1e0051234, 16, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 64K SL0=1 starts at L2 (T0SZ 22)",
	  /* IPA 0x60051234: L2 IPA[41:29] = 3, L3 = 5 */
	  .s2 = S2_G(1, 1, 22, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000018, 0x08100003 }, { 0x08100028, 0x333307ff } },
	  .req = RD(0x60051234ULL), OK(0x33331234, 0x60051234, 16, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 64K L2 start, 16 concatenated tables (T0SZ 18)",
	  /* IPA 0x3c0060051234: index IPA[45:29] = 0x1e003, entry +0xf0018 */
	  .s2 = S2_G(1, 1, 18, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x080f0018, 0x08100003 }, { 0x08100028, 0x333307ff } },
	  .req = RD(0x3c0060051234ULL),
	  OK(0x33331234, 0x3c0060051234, 16, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 64K SL0=2 starts at L1 (T0SZ 16)",
	  /* IPA 0x40060051234: L1 IPA[47:42] = 1, L2 = 3, L3 = 5 */
	  .s2 = S2_G(1, 2, 16, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000008, 0x08100003 }, { 0x08100018, 0x08200003 },
		   { 0x08200028, 0x333307ff } },
	  .req = RD(0x40060051234ULL),
	  OK(0x33331234, 0x40060051234, 16, 0x3f, 0x3f, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 3 },
	{ "S2 64K L2 block, 512 MB",
	  .s2 = S2_G(1, 1, 22, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000018, 0x200007fd } },
	  .req = RD(0x60051234ULL), OK(0x20051234, 0x60051234, 29, 0x3f, 0x3f, 0x3f, 0xff, 3, false) },
	{ "S2 64K L1 block reserved -> F_TRANSLATION level 1",
	  .s2 = S2_G(1, 2, 16, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000008, 0x400000007fd } },
	  .req = RD(0x40060051234ULL), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, 0x40060051234, 1) },
	{ "S2 64K page with bits [15:12] set -> F_ADDR_SIZE",
	  .s2 = S2_G(1, 0, 35, 0x08000000, 0), .run = RUN_S2_IN,
	  .mem = { { 0x08000028, 0x333317ff } },
	  .req = RD(0x51234ULL), S2FLT(EVT_F_ADDR_SIZE, SN_CLASS_IN, 0x51234, 3) },

	/* --- Bypassed stages (IHI0070 §3.4) ----------------------------------- */
	{ "S1 bypass: the input is the IPA, stage 2 translates",
	  .s2 = S2_4K_L1(0), .fx = fx_s2_4k, .req = RD(IPA_E), OK_E },
	{ "S1 bypass: input above IAS (48) -> stage-1 F_ADDR_SIZE CLASS=IN",
	  .s2 = S2_4K_L1(0), .fx = fx_s2_4k, .req = RD(0x1000000000000ULL),
	  S1FLT(EVT_F_ADDR_SIZE, 0), .chk_log = true, .nlog = 0 },
	{ "S1 bypass: inside IAS but beyond S2T0SZ -> stage-2 F_TRANSLATION",
	  .s2 = S2_4K_L1(0), .fx = fx_s2_4k, .req = RD(0x8000000000ULL),
	  S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, 0x8000000000, 0) },
	{ "IAS = MAX(40, OAS) with AArch32 tables: a 40-bit IPA on an OAS-32 SMMU",
	  /* T0SZ 24, L1 start, 2 tables: IPA 0xf000000000 index IPA[39:30] = 0x3c0 (empty) */
	  .s2 = S2_G(0, 1, 24, 0x08000000, S2F_PS32), .idr = I_OAS32 | I_A32,
	  .req = RD(0xf000000000ULL), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, 0xf000000000, 1) },
	{ "IAS = OAS without AArch32: the same IPA is a stage-1 F_ADDR_SIZE",
	  .s2 = S2_G(0, 1, 24, 0x08000000, S2F_PS32), .idr = I_OAS32,
	  .req = RD(0xf000000000ULL), S1FLT(EVT_F_ADDR_SIZE, 0) },
	{ "both stages bypassed: input above OAS -> stage-1 F_ADDR_SIZE",
	  .req = RD(0x1000000000000ULL), S1FLT(EVT_F_ADDR_SIZE, 0) },
	{ "both stages bypassed: identity",
	  .req = WR(0x12345678ULL), OK(0x12345678, 0x12345678, 12, 0x3f, 0x3f, 0x3f, 0xff, 0, false),
	  .chk_log = true, .nlog = 0 },
	{ "S2 bypass: the stage-1 output is the PA, all stage-2 permissions",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .req = WR(VA_A), OK_A },

	/* --- Nested ------------------------------------------------------------ */
	{ "nested: 3-level stage 1, each table IPA through stage 2, then the IPA",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .req = RD(VA_A), OK_N,
	  .chk_log = true, .nlog = 7 },
	{ "nested: stage-1 table IPA unmapped -> S2 F_TRANSLATION CLASS=TT, IPA = descriptor IPA",
	  /* L1 points the L2 table at IPA 0x40001000 (GB 1, no S2 entry); entry IPA +2*8 */
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x40100008, 0x40001003 } },
	  .req = RD(VA_A), S2FLT(EVT_F_TRANSLATION, SN_CLASS_TT, 0x40001010, 1) },
	{ "nested: TTB0 IPA beyond S2T0SZ -> S2 level-0 F_TRANSLATION CLASS=TT",
	  .s1 = { true, 12, 25, 0x8000100000, 12, 25, 0x200000, 0 }, .s2 = S2_NEST(0),
	  .fx = fx_nest, .req = RD(VA_A),
	  S2FLT(EVT_F_TRANSLATION, SN_CLASS_TT, 0x8000100008, 0), .chk_log = true, .nlog = 0 },
	{ "S2PTW: stage-1 table on stage-2 Device -> S2 F_PERMISSION CLASS=TT TTRnW=1",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(S2F_PTW), .fx = fx_nest,
	  .mem = { { 0x80000000, 0x400007c1 } },
	  .req = RD(VA_A), FLT(EVT_F_PERMISSION, true, SN_CLASS_TT, 0x100008, 0, true, 1) },
	{ "S2PTW clear: stage-1 tables on Device are walked",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x80000000, 0x400007c1 } },
	  .req = RD(VA_A), OK_N },
	{ "nested: stage-2 denies read of a stage-1 table (S2AP=10) -> CLASS=TT TTRnW=1",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x80000000, 0x400007bd } },
	  .req = RD(VA_A), FLT(EVT_F_PERMISSION, true, SN_CLASS_TT, 0x100008, 0, true, 1) },
	{ "nested: stage-2 AF=0 on a stage-1 table -> S2 F_ACCESS CLASS=TT",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x80000000, 0x400003fd } },
	  .req = RD(VA_A), S2FLT(EVT_F_ACCESS, SN_CLASS_TT, 0x100008, 1) },
	{ "nested: S2AFFD covers table accesses too",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(S2F_AFFD), .fx = fx_nest,
	  .mem = { { 0x80000000, 0x400003fd } }, .req = RD(VA_A), OK_N },
	{ "stage 1 allows, stage 2 denies (write to S2 read-only) -> S2 F_PERMISSION CLASS=IN",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x80000010, 0x10000077d } },
	  .req = WR(VA_A), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, 0x87654abc, 1) },
	{ "stage 1 denies, stage 2 allows -> stage-1 F_PERMISSION",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x40102018, 0x87654783 } },
	  .req = WR(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "both deny: the stage-1 Permission fault is reported (D8.4.3)",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x40102018, 0x87654783 }, { 0x80000010, 0x10000077d } },
	  .req = WR(VA_A), S1FLT(EVT_F_PERMISSION, 3) },
	{ "nested permissions are the intersection (0x3b & 0x2d)",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x40102018, 0x87654743 }, { 0x80000010, 0x10000077d } },
	  .req = RDU(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x29, 0x3b, 0x2d, 0xff, 3, false) },
	{ "stage-2 XN under a stage-1 executable page -> S2 F_PERMISSION",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x80000010, 0x00400001000007fd } },
	  .req = IX(VA_A), S2FLT(EVT_F_PERMISSION, SN_CLASS_IN, 0x87654abc, 1) },
	{ "nested page size: S1 2 MB block over S2 1 GB block = 2 MB",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x40101010, 0x87600701 } },
	  .req = RD(VA_A), OK(0x107603abc, 0x87603abc, 21, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "nested page size: S1 1 GB block over S2 4 KB page = 4 KB",
	  /* IPA 0xc0403abc: S2 L1 idx 3 -> 0x80001000, L2 idx 2, L3 idx 3 -> PA 0x200003000 */
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x40100008, 0xc0000701 }, { 0x80000018, 0x80001003 },
		   { 0x80001010, 0x80002003 }, { 0x80002018, 0x2000037ff } },
	  .req = RD(VA_A), OK(0x200003abc, 0xc0403abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false),
	  .chk_log = true, .nlog = 5 },
	{ "nested page size: S1 4 KB page over S2 2 MB block = 4 KB",
	  /* IPA 0x87654abc: S2 L2 idx IPA[29:21] = 0x3b at 0x800011d8 -> PA 0x300000000 */
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x80000010, 0x80001003 }, { 0x800011d8, 0x3000007fd } },
	  .req = RD(VA_A), OK(0x300054abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "nested page size: S1 2 MB block over S2 2 MB block = 2 MB",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x40101010, 0x87600701 }, { 0x80000010, 0x80001003 },
		   { 0x800011d8, 0x3000007fd } },
	  .req = RD(VA_A), OK(0x300003abc, 0x87603abc, 21, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "nested: abort on a stage-1 descriptor after its IPA translated -> S2=0 CLASS=TT",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .abort_pa = 0x40102018,
	  .req = RD(VA_A), FLT(EVT_F_WALK_EABT, false, SN_CLASS_TT, 0, 0x40102018, false, 3) },
	{ "nested: abort on a stage-2 descriptor for a stage-1 table -> S2=1 CLASS=TT",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .abort_pa = 0x80000000,
	  .req = RD(VA_A), FLT(EVT_F_WALK_EABT, true, SN_CLASS_TT, 0x100008, 0x80000000, false, 1),
	  .chk_log = true, .nlog = 1 },
	{ "nested: abort on a stage-2 descriptor of the final IPA -> S2=1 CLASS=IN",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .abort_pa = 0x80000010,
	  .req = RD(VA_A), FLT(EVT_F_WALK_EABT, true, SN_CLASS_IN, 0x87654abc, 0x80000010, false, 1) },
	{ "fault order: stage-1 permission before stage 2 of the final IPA",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x40102018, 0x87654783 }, { 0x80000010, 0 } },
	  .req = WR(VA_A), S1FLT(EVT_F_PERMISSION, 3), .chk_log = true, .nlog = 6 },
	{ "fault order: stage-1 AF before a stage-2 permission fault on the final IPA",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x40102018, 0x87654303 }, { 0x80000010, 0x10000077d } },
	  .req = WR(VA_A), S1FLT(EVT_F_ACCESS, 3) },
	{ "fault order: final IPA unmapped at stage 2 once stage 1 passes",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x80000010, 0 } },
	  .req = RD(VA_A), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, 0x87654abc, 1) },
	{ "fault order: stage-1 table IPA above IPS is a stage-1 F_ADDR_SIZE, no S2 lookup of it",
	  .s1 = S1_4K3(S1F_IPS40), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x40100008, 0x10000101003 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ADDR_SIZE, 1), .chk_log = true, .nlog = 2 },
	{ "nested: stage-1 output beyond S2T0SZ -> S2 level-0 F_TRANSLATION CLASS=IN",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x40102018, 0x8000000703 } },
	  .req = RD(VA_A), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, 0x8000000abc, 0) },
	{ "nested: EPD0 faults before any stage-2 lookup",
	  .s1 = S1_4K3(S1F_EPD0), .s2 = S2_NEST(0), .fx = fx_nest, .req = RD(VA_A),
	  S1FLT(EVT_F_TRANSLATION, 0), .chk_log = true, .nlog = 0 },
	{ "nested: 64 KB stage-1 table straddling two S2 pages, entry in the second",
	  .s1 = S1_G(16, 35, 0x200000, 0), .s2 = S2_NEST(0), .fx = fx_straddle,
	  .req = RD(0x2010000ULL), OK(0x107650000, 0x87650000, 16, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "nested: 64 KB stage-1 table straddling two S2 pages, entry in the first",
	  .s1 = S1_G(16, 35, 0x200000, 0), .s2 = S2_NEST(0), .fx = fx_straddle,
	  .req = RD(0x1000000ULL), OK(0x107660000, 0x87660000, 16, 0x27, 0x27, 0x3f, 0xff, 3, false) },

	/* --- Nested attributes ------------------------------------------------ */
	{ "nested attrs: S1 Device-nGnRE over S2 Normal WB -> Device, OSH",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x40102018, 0x8765470b } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x04, 2, false) },
	{ "nested attrs: S1 WB over S2 NC -> NC, OSH",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x80000010, 0x1000007d5 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x44, 2, false) },
	{ "nested attrs: S1 WT over S2 WB -> WT",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x40102018, 0x87654713 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xbb, 3, false) },
	{ "nested attrs: S1 WB over S2 Device-nGnRE -> Device, s2_device",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x80000010, 0x1000007c5 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x04, 2, true) },
	{ "nested attrs: the stricter Device type wins (S1 nGnRnE, S2 nGnRE)",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x40102018, 0x8765470f }, { 0x80000010, 0x1000007c5 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x00, 2, true) },
	{ "FWB: S2 MemAttr 110 forces Normal WB over S1 Device (D8-101)",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(S2F_FWB), .idr = I_FWB, .fx = fx_nest,
	  .mem = { { 0x40102018, 0x8765470b }, { 0x80000010, 0x1000007d9 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "no FWB: the same S2 0110 (ONC/IWT) leaves S1 Device",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .idr = I_FWB, .fx = fx_nest,
	  .mem = { { 0x40102018, 0x8765470b }, { 0x80000010, 0x1000007d9 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x04, 2, false) },
	{ "FWB: S2 MemAttr 111 takes stage-1 attributes",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(S2F_FWB), .idr = I_FWB, .fx = fx_nest,
	  .mem = { { 0x40102018, 0x87654713 }, { 0x80000010, 0x1000007dd } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xbb, 3, false) },
	{ "FWB: S2 MemAttr 101 makes Normal WB Non-cacheable",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(S2F_FWB), .idr = I_FWB, .fx = fx_nest,
	  .mem = { { 0x80000010, 0x1000007d5 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x44, 2, false) },
	{ "nested SH: S1 NSH with S2 OSH -> OSH (D8-103)",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest,
	  .mem = { { 0x40102018, 0x87654403 }, { 0x80000010, 0x1000006fd } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xff, 2, false) },
	{ "nested SH: S1 ISH with S2 NSH -> ISH",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x80000010, 0x1000004fd } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "S1-only attrs: MAIR[AttrIndx] and SH; Normal NC/NC forced OSH",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654707 } },
	  .req = RD(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x44, 2, false) },
	{ "S1-only attrs: Outer NC / Inner WB keeps the descriptor SH (ISH)",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654717 } },
	  .req = RD(VA_A), OK(0x87654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x4f, 3, false) },

	{ "FWB: S2 Device (MemAttr[2]=0) under S1 Device: the stricter type",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(S2F_FWB), .idr = I_FWB, .fx = fx_nest,
	  .mem = { { 0x40102018, 0x8765470f }, { 0x80000010, 0x1000007c5 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x00, 2, true) },
	{ "FWB: S2 MemAttr 110 over S1 Normal NC -> WB, RW-allocate (R TBQKG)",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(S2F_FWB), .idr = I_FWB, .fx = fx_nest,
	  .mem = { { 0x40102018, 0x87654707 }, { 0x80000010, 0x1000007d9 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "FWB: S2 MemAttr 110 over S1 WT keeps stage-1 hints (R THYXB)",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(S2F_FWB), .idr = I_FWB, .fx = fx_nest,
	  .mem = { { 0x40102018, 0x87654713 }, { 0x80000010, 0x1000007d9 } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0xff, 3, false) },
	{ "MAIR Normal with inner 0000 (UNPREDICTABLE) is read as Non-cacheable",
	  .s1 = S1_4K3(0), .s2 = S2_NEST(0), .fx = fx_nest, .mem = { { 0x40102018, 0x8765471b } },
	  .req = RD(VA_A), OK(0x107654abc, 0x87654abc, 12, 0x27, 0x27, 0x3f, 0x44, 2, false) },

	/* --- Inconsistent configurations reaching the walker ----------------- */
	/* C_BAD_STE / C_BAD_CD come first in the SMMU; a PE faults at level 0. */
	{ "walker given S2TG=0b11: level-0 F_TRANSLATION, no read",
	  .s2 = S2_G(3, 1, 25, 0x08000000, 0), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .req = RD(IPA_E), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, IPA_E, 0),
	  .chk_log = true, .nlog = 0 },
	{ "walker given S2SL0 inconsistent with S2T0SZ: level-0 F_TRANSLATION",
	  .s2 = S2_G(0, 2, 25, 0x08000000, 0), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .req = RD(IPA_E), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, IPA_E, 0),
	  .chk_log = true, .nlog = 0 },
	{ "walker given S2T0SZ 12 (52-bit IPA): level-0 F_TRANSLATION",
	  .s2 = S2_G(1, 2, 12, 0x08000000, 0), .run = RUN_S2_IN,
	  .req = RD(IPA_E), S2FLT(EVT_F_TRANSLATION, SN_CLASS_IN, IPA_E, 0),
	  .chk_log = true, .nlog = 0 },
	{ "walker given a reserved TG0 (granule 0): level-0 F_TRANSLATION",
	  .s1 = { true, 0, 25, 0x100000, 12, 25, 0x200000, 0 }, .fx = fx_s1_4k3,
	  .req = RD(VA_A), S1FLT(EVT_F_TRANSLATION, 0), .chk_log = true, .nlog = 0 },
	{ "walker given T0SZ 12 (52-bit VA): level-0 F_TRANSLATION",
	  .s1 = S1_G(16, 12, 0x500000, 0), .fx = fx_s1_64k3,
	  .req = RD(VA_D), S1FLT(EVT_F_TRANSLATION, 0), .chk_log = true, .nlog = 0 },
	{ "walker given 64 KB T0SZ 48 (no bit left to resolve): level-0 F_TRANSLATION",
	  .s1 = S1_G(16, 48, 0x500000, 0), .fx = fx_s1_64k3,
	  .req = RD(0x1234ULL), S1FLT(EVT_F_TRANSLATION, 0), .chk_log = true, .nlog = 0 },

	/* --- More fault order within one stage -------------------------------- */
	{ "fault order: AF=0 on a read-only page being written -> F_ACCESS",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x87654383 } },
	  .req = WR(VA_A), S1FLT(EVT_F_ACCESS, 3) },
	{ "fault order: OA above IPS with AF=0 -> F_ADDR_SIZE",
	  .s1 = S1_4K3(S1F_IPS32), .fx = fx_s1_4k3, .mem = { { 0x102018, 0x187654303 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ADDR_SIZE, 3) },
	{ "fault order: an aborted read wins over the descriptor it would have returned",
	  .s1 = S1_4K3(0), .fx = fx_s1_4k3, .mem = { { 0x102018, 0 } }, .abort_pa = 0x102018,
	  .req = RD(VA_A), FLT(EVT_F_WALK_EABT, false, SN_CLASS_TT, 0, 0x102018, false, 3) },
	{ "fault order: S2 AF=0 with S2AP=00 -> F_ACCESS",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN, .fx = fx_s2_4k, .mem = { { 0x08200030, 0x3333633f } },
	  .req = RD(IPA_E), S2FLT(EVT_F_ACCESS, SN_CLASS_IN, IPA_E, 3) },
	{ "fault order: S2 OA above S2PS with AF=0 -> F_ADDR_SIZE",
	  .s2 = S2_4K_L1(S2F_PS32), .run = RUN_S2_IN, .fx = fx_s2_4k,
	  .mem = { { 0x08200030, 0x1333363ff } },
	  .req = RD(IPA_E), S2FLT(EVT_F_ADDR_SIZE, SN_CLASS_IN, IPA_E, 3) },
	{ "an out-of-range VA in a disabled half: one F_TRANSLATION level 0",
	  .s1 = S1_4K3(S1F_EPD0), .fx = fx_s1_4k3, .req = RD(0x8040403abcULL),
	  S1FLT(EVT_F_TRANSLATION, 0) },

	/* --- Hostile memory ---------------------------------------------------- */
	{ "a table pointing at itself ends at L3 (bounded walk)",
	  /* every entry points at 0x100000; L3 reads 0x100018 = 0x100003: page, AF=0 */
	  .s1 = S1_4K3(0),
	  .mem = { { 0x100008, 0x100003 }, { 0x100010, 0x100003 }, { 0x100018, 0x100003 } },
	  .req = RD(VA_A), S1FLT(EVT_F_ACCESS, 3), .chk_log = true, .nlog = 3 },
	{ "a table at the top of the 48-bit space reads as invalid",
	  .s1 = S1_4K3(0), .mem = { { 0x100008, 0xfffffffff003 } },
	  .req = RD(VA_A), S1FLT(EVT_F_TRANSLATION, 2) },
	{ "a stage-2 table pointing at itself ends at L3",
	  .s2 = S2_4K_L1(0), .run = RUN_S2_IN,
	  .mem = { { 0x08000018, 0x08000003 }, { 0x08000028, 0x08000003 },
		   { 0x08000030, 0x08000003 } },
	  .req = RD(IPA_E), S2FLT(EVT_F_ACCESS, SN_CLASS_IN, IPA_E, 3), .chk_log = true, .nlog = 3 },
};

/* ------------------------------------------------------------------------ */
/* Configuration legality (C_BAD_STE / C_BAD_CD)                            */

struct lcase {
	const char *name;
	bool stage2;
	struct s1_spec s1;
	struct s2_spec s2;
	u32 idr;
	bool legal;
	const char *why;                /* a word the reason must contain */
};

static const struct lcase legal_cases[] = {
	/* STE stage 2 (IHI0070 §5.2) */
	{ "S2 4K start L1 T0SZ 25", true, .s2 = S2_NEST(0), .legal = true },
	{ "S2TG 0b11 is reserved", true, .s2 = S2_G(3, 1, 25, 0x80000000, 0), .why = "S2TG" },
	{ "S2TG 16 KB not in IDR5.GRAN16K", true, .s2 = S2_G(2, 1, 28, 0x80000000, 0),
	  .idr = I_NO16K, .why = "S2TG" },
	{ "S2T0SZ 40 above 39 without IDR3.STT", true, .s2 = S2_G(0, 0, 40, 0x80000000, 0),
	  .why = "S2T0SZ above" },
	{ "S2T0SZ 40 with IDR3.STT at L2 (D8-23)", true, .s2 = S2_G(0, 0, 40, 0x80000000, 0),
	  .idr = I_STT, .legal = true },
	{ "S2T0SZ 48 with STT is above 47 for 64 KB", true, .s2 = S2_G(1, 0, 48, 0x80000000, 0),
	  .idr = I_STT, .why = "S2T0SZ above" },
	{ "S2T0SZ 47 with STT, 64 KB L3", true, .s2 = S2_G(1, 0, 47, 0x80000000, 0),
	  .idr = I_STT, .legal = true },
	{ "4 KB SL0=3 without STT is reserved", true, .s2 = S2_G(0, 3, 39, 0x80000000, 0),
	  .why = "S2SL0 reserved" },
	{ "4 KB SL0=3 with STT, T0SZ 43", true, .s2 = S2_G(0, 3, 43, 0x80000000, 0),
	  .idr = I_STT, .legal = true },
	{ "4 KB L3 start, T0SZ 39 = 16 tables (D8-24)", true, .s2 = S2_G(0, 3, 39, 0x80000000, 0),
	  .idr = I_STT, .legal = true },
	{ "4 KB L3 start, T0SZ 38 would need 32 tables", true,
	  .s2 = S2_G(0, 3, 38, 0x80000000, 0), .idr = I_STT, .why = "inconsistent" },
	{ "4 KB L1 start, T0SZ 21 = 16 tables", true, .s2 = S2_G(0, 1, 21, 0x80000000, 0),
	  .legal = true },
	{ "4 KB L1 start, T0SZ 20 would need 32 tables", true,
	  .s2 = S2_G(0, 1, 20, 0x80000000, 0), .why = "inconsistent" },
	{ "4 KB L1 start, T0SZ 34 resolves no L1 bit", true, .s2 = S2_G(0, 1, 34, 0x80000000, 0),
	  .why = "inconsistent" },
	{ "4 KB L0 start, T0SZ 25 resolves no L0 bit", true, .s2 = S2_G(0, 2, 25, 0x80000000, 0),
	  .why = "inconsistent" },
	{ "4 KB L0 start, T0SZ 16", true, .s2 = S2_G(0, 2, 16, 0x80000000, 0), .legal = true },
	{ "4 KB L2 start, T0SZ 30 = 16 tables", true, .s2 = S2_G(0, 0, 30, 0x80000000, 0),
	  .legal = true },
	{ "4 KB L2 start, T0SZ 29 would need 32 tables", true,
	  .s2 = S2_G(0, 0, 29, 0x80000000, 0), .why = "inconsistent" },
	{ "16 KB SL0=3 (L0) needs S2DS", true, .s2 = S2_G(2, 3, 16, 0x80000000, 0),
	  .why = "S2SL0 reserved" },
	{ "16 KB L1 start, T0SZ 16 = 2 tables (R DXBSH)", true,
	  .s2 = S2_G(2, 2, 16, 0x80000000, 0), .legal = true },
	{ "16 KB L3 start, T0SZ 35 = 16 tables", true, .s2 = S2_G(2, 0, 35, 0x80000000, 0),
	  .legal = true },
	{ "16 KB L3 start, T0SZ 34 would need 32 tables", true,
	  .s2 = S2_G(2, 0, 34, 0x80000000, 0), .why = "inconsistent" },
	{ "64 KB SL0=3 is reserved", true, .s2 = S2_G(1, 3, 16, 0x80000000, 0),
	  .why = "S2SL0 reserved" },
	{ "64 KB L1 start, T0SZ 21", true, .s2 = S2_G(1, 2, 21, 0x80000000, 0), .legal = true },
	{ "64 KB L1 start, T0SZ 22 resolves no L1 bit", true,
	  .s2 = S2_G(1, 2, 22, 0x80000000, 0), .why = "inconsistent" },
	{ "64 KB L2 start, T0SZ 18 = 16 tables", true, .s2 = S2_G(1, 1, 18, 0x80000000, 0),
	  .legal = true },
	{ "64 KB L2 start, T0SZ 17 would need 32 tables", true,
	  .s2 = S2_G(1, 1, 17, 0x80000000, 0), .why = "inconsistent" },
	{ "64 KB S2T0SZ 15 on an OAS-52 SMMU needs a 52-bit IPA", true,
	  .s2 = S2_G(1, 2, 15, 0x80000000, 0), .idr = I_OAS52, .why = "52-bit IPA" },
	{ "4 KB S2T0SZ 15 on an OAS-52 SMMU needs S2DS", true,
	  .s2 = S2_G(0, 2, 15, 0x80000000, 0), .idr = I_OAS52, .why = "S2DS" },
	{ "S2T0SZ 15 below 64-IAS on an OAS-48 SMMU", true,
	  .s2 = S2_G(1, 2, 15, 0x80000000, 0), .why = "64-IAS" },
	{ "S2T0SZ 25 below 64-IAS (32)", true, .s2 = S2_G(0, 1, 25, 0x80000000, S2F_PS32),
	  .idr = I_OAS32, .why = "64-IAS" },
	{ "S2T0SZ 24 with AArch32 tables: IAS 40 on an OAS-32 SMMU", true,
	  .s2 = S2_G(0, 1, 24, 0x08000000, S2F_PS32), .idr = I_OAS32 | I_A32, .legal = true },
	{ "effective S2PS 52 rejected (52-bit tables not modelled)", true,
	  .s2 = S2_NEST(S2F_PS52), .idr = I_OAS52, .why = "S2PS" },
	{ "S2PS 52 on an OAS-48 SMMU is effectively 48", true, .s2 = S2_NEST(S2F_PS52),
	  .legal = true },
	{ "S2TTB outside the effective S2PS (40)", true,
	  .s2 = S2_G(0, 1, 25, 0x10000000000, S2F_PS40), .why = "S2TTB" },
	{ "S2TTB outside OAS through the S2PS cap", true,
	  .s2 = S2_G(0, 0, 32, 0x100000000, 0), .idr = I_OAS32, .why = "S2TTB" },
	{ "S2TTB low bits are aligned away, not ILLEGAL", true,
	  .s2 = S2_G(0, 1, 25, 0x80000ff0, 0), .legal = true },
	{ "S2AA64=0 (VMSAv8-32) rejected", true, .s2 = S2_NEST(S2F_AA32), .why = "S2AA64" },
	{ "IDR0.TTF without AArch64 tables", true, .s2 = S2_NEST(0), .idr = I_NO_A64,
	  .why = "TTF" },
	{ "S2HA without IDR0.HTTU", true, .s2 = S2_NEST(S2F_HA), .why = "S2HA" },
	{ "S2HA with IDR0.HTTU = AF", true, .s2 = S2_NEST(S2F_HA), .idr = I_HTTU1, .legal = true },
	{ "S2HD with IDR0.HTTU = AF only", true, .s2 = S2_NEST(S2F_HA | S2F_HD), .idr = I_HTTU1,
	  .why = "S2HD" },
	{ "S2ENDI big-endian on a little-endian-only SMMU", true, .s2 = S2_NEST(S2F_ENDI),
	  .idr = I_LE_ONLY, .why = "S2ENDI" },
	{ "S2ENDI little-endian on a big-endian-only SMMU", true, .s2 = S2_NEST(0),
	  .idr = I_BE_ONLY, .why = "S2ENDI" },
	{ "stage 2 not implemented", true, .s2 = S2_NEST(0), .idr = I_NO_S2P, .why = "S2P" },

	/* CD stage 1 (IHI0070 §5.4) */
	{ "CD 4 KB, TxSZ 25, both halves", false, .s1 = S1_4K3(0), .legal = true },
	{ "TG0 16 KB not in IDR5.GRAN16K", false, .s1 = S1_G(14, 16, 0x400000, 0),
	  .idr = I_NO16K, .why = "TGx" },
	{ "TG1 reserved encoding", false, .s1 = { true, 12, 25, 0x100000, 0, 25, 0x200000, 0 },
	  .why = "TGx" },
	{ "EPD0: an invalid TTB0 half is not checked (§5.4.1.1)", false,
	  .s1 = { true, 0, 0, 0x7000000000000, 12, 25, 0x200000, S1F_EPD0 }, .legal = true },
	{ "EPD1: TTB1 outside IPS is not checked", false,
	  .s1 = { true, 12, 25, 0x100000, 12, 25, 0x100000000, S1F_EPD1 | S1F_IPS32 },
	  .legal = true },
	{ "TTB1 outside the effective IPS", false,
	  .s1 = { true, 12, 25, 0x100000, 12, 25, 0x100000000, S1F_IPS32 }, .why = "TTBx" },
	{ "TTB0 outside the effective IPS", false,
	  .s1 = { true, 12, 25, 0x100000000, 12, 25, 0x200000, S1F_IPS32 }, .why = "TTBx" },
	{ "TTB0 outside IPS through the OAS cap", false,
	  .s1 = { true, 12, 25, 0x100000000, 12, 25, 0x200000, 0 }, .idr = I_OAS32, .why = "TTBx" },
	{ "TTB0 low bits are aligned away, not ILLEGAL", false,
	  .s1 = { true, 12, 25, 0x100ff0, 12, 25, 0x200000, 0 }, .legal = true },
	{ "T0SZ 40 above 39 without STT", false, .s1 = S1_G(12, 40, 0x100000, 0),
	  .why = "TxSZ above" },
	{ "T0SZ 48 with STT, 4 KB", false, .s1 = S1_G(12, 48, 0x100000, 0), .idr = I_STT,
	  .legal = true },
	{ "T0SZ 48 with STT is above 47 for 64 KB", false, .s1 = S1_G(16, 48, 0x100000, 0),
	  .idr = I_STT, .why = "TxSZ above" },
	{ "T1SZ 40 without STT", false, .s1 = { true, 12, 25, 0x100000, 12, 40, 0x200000, 0 },
	  .why = "TxSZ above" },
	{ "TxSZ 15 with 4 KB needs CD.DS", false, .s1 = S1_G(12, 15, 0x100000, 0),
	  .why = "CD.DS" },
	{ "TxSZ 15 with 64 KB needs a 52-bit VA", false, .s1 = S1_G(16, 15, 0x100000, 0),
	  .why = "52-bit VA" },
	{ "effective IPS 52 rejected (52-bit tables not modelled)", false,
	  .s1 = S1_4K3(S1F_IPS52), .idr = I_OAS52, .why = "IPS" },
	{ "IPS 52 on an OAS-48 SMMU is effectively 48", false, .s1 = S1_4K3(S1F_IPS52),
	  .legal = true },
	{ "CD.AA64=0 (VMSAv8-32) rejected", false, .s1 = S1_4K3(S1F_AA32), .why = "AA64" },
	{ "CD.HA without IDR0.HTTU", false, .s1 = S1_4K3(S1F_HA), .why = "HA" },
	{ "CD.HA with IDR0.HTTU = AF", false, .s1 = S1_4K3(S1F_HA), .idr = I_HTTU1, .legal = true },
	{ "CD.HD with IDR0.HTTU = AF only", false, .s1 = S1_4K3(S1F_HA | S1F_HD),
	  .idr = I_HTTU1, .why = "HD" },
	{ "CD.ENDI big-endian on a little-endian-only SMMU", false, .s1 = S1_4K3(S1F_ENDI),
	  .idr = I_LE_ONLY, .why = "ENDI" },
	{ "both halves disabled: ENDI not checked (CdIllegal)", false,
	  .s1 = S1_4K3(S1F_ENDI | S1F_EPD0 | S1F_EPD1), .idr = I_LE_ONLY, .legal = true },
	{ "single privilege: EPD0 reads as 0, so TTB0 is checked", false,
	  .s1 = { true, 0, 0, 0, 12, 25, 0x200000, S1F_SINGLE | S1F_EPD0 }, .why = "TGx" },
	{ "single privilege: TTB1 unreachable, not checked", false,
	  .s1 = { true, 12, 25, 0x100000, 0, 0, 0x7000000000000, S1F_SINGLE }, .legal = true },
	{ "stage 1 not implemented", false, .s1 = S1_4K3(0), .idr = I_NO_S1P, .why = "S1P" },
	{ "CD.AA64=1 with IDR0.TTF lacking AArch64 tables", false, .s1 = S1_4K3(0),
	  .idr = I_NO_A64, .why = "TTF" },
};

/* ------------------------------------------------------------------------ */
/* Building the environment                                                 */

static void apply_idr(struct smmu_idr *idr, u32 t)
{
	if (t & I_STT)
		idr->stt = true;
	if (t & I_XNX)
		idr->xnx = true;
	if (t & I_FWB)
		idr->fwb = true;
	if (t & I_OAS32)
		idr->oas = 0;
	if (t & I_OAS40)
		idr->oas = 2;
	if (t & I_OAS52)
		idr->oas = 6;
	if (t & I_A32)
		idr->ttf = 3;
	if (t & I_NO_A64)
		idr->ttf = 1;
	if (t & I_HTTU1)
		idr->httu = 1;
	if (t & I_HTTU2)
		idr->httu = 2;
	if (t & I_LE_ONLY)
		idr->ttendian = 2;
	if (t & I_BE_ONLY)
		idr->ttendian = 3;
	if (t & I_NO16K)
		idr->gran16k = false;
	if (t & I_NO_S1P)
		idr->s1p = false;
	if (t & I_NO_S2P)
		idr->s2p = false;
}

static bool has(u32 fl, u32 bit)
{
	return (fl & bit) != 0;
}

static void build_s1(const struct s1_spec *sp, struct s1_cfg *c)
{
	u32 fl = sp->fl;

	memset(c, 0, sizeof(*c));
	c->half[0] = (struct s1_half){
		.epd = has(fl, S1F_EPD0), .tsz = sp->tsz0, .granule_shift = sp->g0,
		.ttb = sp->ttb0, .tbi = has(fl, S1F_TBI0), .had = has(fl, S1F_HAD0),
	};
	c->half[1] = (struct s1_half){
		.epd = has(fl, S1F_EPD1), .tsz = sp->tsz1, .granule_shift = sp->g1,
		.ttb = sp->ttb1, .tbi = has(fl, S1F_TBI1),
	};
	c->ips = has(fl, S1F_IPS32) ? 0 : has(fl, S1F_IPS40) ? 2 : has(fl, S1F_IPS52) ? 6 : 5;
	c->affd = has(fl, S1F_AFFD);
	c->wxn = has(fl, S1F_WXN);
	c->pan = has(fl, S1F_PAN);
	c->ha = has(fl, S1F_HA);
	c->hd = has(fl, S1F_HD);
	c->aa64 = !has(fl, S1F_AA32);
	c->endi = has(fl, S1F_ENDI);
	c->a = c->r = true;
	c->asid = 1;
	c->mair = TEST_MAIR;
	c->single_priv = has(fl, S1F_SINGLE);
}

static void build_s2(const struct s2_spec *sp, struct s2_cfg *c)
{
	u32 fl = sp->fl;

	*c = (struct s2_cfg){
		.vmid = 1, .t0sz = sp->t0sz, .sl0 = sp->sl0, .tg = sp->tg,
		.ps = has(fl, S2F_PS32) ? 0 : has(fl, S2F_PS40) ? 2 : has(fl, S2F_PS52) ? 6 : 5,
		.ttb = sp->ttb, .affd = has(fl, S2F_AFFD), .ptw = has(fl, S2F_PTW),
		.ha = has(fl, S2F_HA), .hd = has(fl, S2F_HD), .r = true,
		.fwb = has(fl, S2F_FWB), .aa64 = !has(fl, S2F_AA32), .endi = has(fl, S2F_ENDI),
	};
}

/* One case's world: memory, an SMMU and the two stages. */
struct world {
	struct sn_mem *mem;
	struct smmu *smmu;
	struct s1_cfg s1;
	struct s2_cfg s2;
	struct walk_env env;
};

static void world_init(struct world *w, u32 idr)
{
	w->mem = sn_mem_new(256);
	ck_assert_ptr_nonnull(w->mem);
	w->smmu = calloc(1, sizeof(*w->smmu));
	ck_assert_ptr_nonnull(w->smmu);
	smmu_init(w->smmu, w->mem);
	apply_idr(&w->smmu->idr, idr);
	w->env = (struct walk_env){ .smmu = w->smmu };
}

static void world_free(struct world *w)
{
	free(w->smmu);
	sn_mem_free(w->mem);
}

static void world_write(struct world *w, u64 pa, u64 val)
{
	ck_assert_msg(sn_mem_write64(w->mem, pa, val) == 0, "write 0x%llx failed", X(pa));
}

static unsigned write_list(struct world *w, const struct memw *l, unsigned max,
			   u64 *pas, unsigned n)
{
	for (unsigned i = 0; i < max && l[i].pa; i++) {
		world_write(w, l[i].pa, l[i].val);
		pas[n++] = l[i].pa;
	}
	return n;
}

/* ------------------------------------------------------------------------ */
/* Walk cases                                                               */

#define EXPECT(c, field, exp, got) \
	ck_assert_msg((u64)(exp) == (u64)(got), "[%s] %s: expected 0x%llx, got 0x%llx", \
		      (c)->name, field, X(exp), X(got))

static void check_out(const struct wcase *c, const struct walk_out *o)
{
	EXPECT(c, "oa", c->out.oa, o->oa);
	EXPECT(c, "ipa", c->out.ipa, o->ipa);
	EXPECT(c, "page_shift", c->out.page_shift, o->page_shift);
	EXPECT(c, "perm", c->out.perm, o->perm);
	EXPECT(c, "s1_perm", c->out.s1_perm, o->s1_perm);
	EXPECT(c, "s2_perm", c->out.s2_perm, o->s2_perm);
	EXPECT(c, "memattr", c->out.memattr, o->memattr);
	EXPECT(c, "sh", c->out.sh, o->sh);
	EXPECT(c, "s2_device", c->out.s2_device, o->s2_device);
}

static void check_fault(const struct wcase *c, const struct walk_fault *f)
{
	EXPECT(c, "fault type", c->f.type, f->type);
	EXPECT(c, "fault s2", c->f.s2, f->s2);
	EXPECT(c, "fault class", c->f.class, f->class);
	EXPECT(c, "fault ipa", c->f.ipa, f->ipa);
	EXPECT(c, "fault fetch_addr", c->f.fetch_addr, f->fetch_addr);
	EXPECT(c, "fault ttrnw", c->f.ttrnw, f->ttrnw);
	EXPECT(c, "fault level", (u64)(long long)c->f.level, (u64)(long long)f->level);
}

static bool run_case(const struct wcase *c, struct world *w, struct walk_out *o,
		     struct walk_fault *f)
{
	switch (c->run) {
	case RUN_S2_IN:
		return walk_s2(&w->env, c->req.addr, SN_CLASS_IN, &c->req, o, f);
	case RUN_S2_TT:
		return walk_s2(&w->env, c->req.addr, SN_CLASS_TT, &c->req, o, f);
	case RUN_S2_CD:
		return walk_s2(&w->env, c->req.addr, SN_CLASS_CD, &c->req, o, f);
	case RUN_XLATE:
		break;
	}
	return walk_translate(&w->env, &c->req, o, f);
}

START_TEST(test_walk_case)
{
	const struct wcase *c = &walk_cases[_i];
	u64 pas[64], vals[64];
	struct walk_out o;
	struct walk_fault f;
	struct world w;
	unsigned n = 0;
	bool ok;

	world_init(&w, c->idr);
	if (c->fx)
		n = write_list(&w, c->fx, 32, pas, n);
	n = write_list(&w, c->mem, MAXW, pas, n);
	for (unsigned i = 0; i < n; i++)
		vals[i] = sn_mem_read64(w.mem, pas[i]);
	if (c->abort_pa)
		ck_assert_int_eq(sn_mem_add_abort(w.mem, c->abort_pa, 8), 0);
	if (c->s1.on) {
		build_s1(&c->s1, &w.s1);
		w.env.s1 = &w.s1;
	}
	if (c->s2.on) {
		build_s2(&c->s2, &w.s2);
		w.env.s2 = &w.s2;
	}

	ok = run_case(c, &w, &o, &f);
	ck_assert_msg(ok == c->ok, "[%s] expected %s, got %s (fault type 0x%x s2 %d class %u level %d)",
		      c->name, c->ok ? "success" : "a fault", ok ? "success" : "a fault",
		      f.type, f.s2, f.class, f.level);
	if (ok)
		check_out(c, &o);
	else
		check_fault(c, &f);

	/* The walker only reads, 8 bytes at a time, and logs every read. */
	for (unsigned i = 0; i < n; i++)
		EXPECT(c, "memory unchanged", vals[i], sn_mem_read64(w.mem, pas[i]));
	ck_assert_msg(!w.smmu->log.overflow, "[%s] log overflow", c->name);
	for (unsigned i = 0; i < w.smmu->log.n; i++) {
		const struct sn_access *a = &w.smmu->log.a[i];

		ck_assert_msg(a->size == 8 && !a->write, "[%s] log[%u] not an 8-byte read",
			      c->name, i);
		ck_assert_msg((a->what == SN_ACC_S1_DESC && a->stage == 1) ||
			      (a->what == SN_ACC_S2_DESC && a->stage == 2),
			      "[%s] log[%u] not a descriptor read", c->name, i);
	}
	if (c->chk_log)
		EXPECT(c, "descriptor reads", c->nlog, w.smmu->log.n);
	world_free(&w);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The access log of a full nested walk: 4 stage-1 levels x (4 + 1) + 4     */

/*
 * Stage 1: 4 KB, TxSZ 16, TTB0 IPA 0x100000, VA_B (indices 1, 2, 3, 4).
 * Its tables are IPAs 0x100000..0x103000 and the page IPA 0x104000.
 * Stage 2: 4 KB, SL0=2 (L0), T0SZ 16, S2TTB 0x90000000; every IPA here
 * has L0/L1/L2 index 0 and L3 index IPA[20:12] = 0x100..0x104, pages at
 * PA 0xa0000000 + IPA.  So the stage-1 descriptor IPAs 0x100008,
 * 0x101010, 0x102018, 0x103020 sit at PAs 0xa0100008.. and the final IPA
 * 0x104123 at PA 0xa0104123.
 */
static const struct memw fx_log[] = {
	{ 0x90000000, 0x90001003 }, { 0x90001000, 0x90002003 }, { 0x90002000, 0x90003003 },
	{ 0x90003800, 0xa01007ff }, { 0x90003808, 0xa01017ff }, { 0x90003810, 0xa01027ff },
	{ 0x90003818, 0xa01037ff }, { 0x90003820, 0xa01047ff },
	{ 0xa0100008, 0x101003 }, { 0xa0101010, 0x102003 }, { 0xa0102018, 0x103003 },
	{ 0xa0103020, 0x104703 },
	{ 0, 0 },
};

struct log_step {
	enum sn_access_what what;
	u8 stage;
	s8 level;
	u64 pa;
	u64 ia;
	u8 for_class;
};

#define S2STEPS(ipa, l3, cls) \
	{ SN_ACC_S2_DESC, 2, 0, 0x90000000, ipa, cls }, \
	{ SN_ACC_S2_DESC, 2, 1, 0x90001000, ipa, cls }, \
	{ SN_ACC_S2_DESC, 2, 2, 0x90002000, ipa, cls }, \
	{ SN_ACC_S2_DESC, 2, 3, l3, ipa, cls }

static const struct log_step nested_log[24] = {
	S2STEPS(0x100008, 0x90003800, SN_CLASS_TT),
	{ SN_ACC_S1_DESC, 1, 0, 0xa0100008, VA_B, SN_CLASS_TT },
	S2STEPS(0x101010, 0x90003808, SN_CLASS_TT),
	{ SN_ACC_S1_DESC, 1, 1, 0xa0101010, VA_B, SN_CLASS_TT },
	S2STEPS(0x102018, 0x90003810, SN_CLASS_TT),
	{ SN_ACC_S1_DESC, 1, 2, 0xa0102018, VA_B, SN_CLASS_TT },
	S2STEPS(0x103020, 0x90003818, SN_CLASS_TT),
	{ SN_ACC_S1_DESC, 1, 3, 0xa0103020, VA_B, SN_CLASS_TT },
	S2STEPS(0x104123, 0x90003820, SN_CLASS_IN),
};

START_TEST(test_nested_log)
{
	struct s1_spec s1 = { true, 12, 16, 0x100000, 12, 25, 0x200000, 0 };
	struct s2_spec s2 = S2_G(0, 2, 16, 0x90000000, 0);
	struct walk_req req = RD(VA_B);
	struct walk_out o;
	struct walk_fault f;
	struct world w;
	u64 pas[32];

	world_init(&w, 0);
	write_list(&w, fx_log, 32, pas, 0);
	build_s1(&s1, &w.s1);
	build_s2(&s2, &w.s2);
	w.env.s1 = &w.s1;
	w.env.s2 = &w.s2;
	ck_assert_msg(walk_translate(&w.env, &req, &o, &f),
		      "nested 4+4 walk faulted: type 0x%x s2 %d level %d", f.type, f.s2, f.level);
	ck_assert_msg(o.oa == 0xa0104123, "oa: expected 0xa0104123, got 0x%llx", X(o.oa));
	ck_assert_msg(o.ipa == 0x104123, "ipa: expected 0x104123, got 0x%llx", X(o.ipa));
	ck_assert_msg(o.page_shift == 12, "page_shift: expected 12, got %u", o.page_shift);
	ck_assert_msg(w.smmu->log.n == 24, "reads: expected 24, got %u", w.smmu->log.n);
	for (unsigned i = 0; i < 24; i++) {
		const struct sn_access *a = &w.smmu->log.a[i];
		const struct log_step *e = &nested_log[i];

		ck_assert_msg(a->what == e->what && a->stage == e->stage && a->level == e->level,
			      "read %u: expected %s stage %u level %d, got what %d stage %u level %d",
			      i, e->what == SN_ACC_S1_DESC ? "S1_DESC" : "S2_DESC", e->stage,
			      e->level, a->what, a->stage, a->level);
		ck_assert_msg(a->pa == e->pa, "read %u: pa expected 0x%llx, got 0x%llx",
			      i, X(e->pa), X(a->pa));
		ck_assert_msg(a->ia == e->ia, "read %u: ia expected 0x%llx, got 0x%llx",
			      i, X(e->ia), X(a->ia));
		ck_assert_msg(a->for_class == e->for_class, "read %u: class expected %u, got %u",
			      i, e->for_class, a->for_class);
		ck_assert_msg(!a->aborted, "read %u aborted", i);
	}
	world_free(&w);
}
END_TEST

/* The stage-1-only walk of fx_s1_4k3 reads L1, L2, L3 at their PAs. */
START_TEST(test_s1_log)
{
	static const struct log_step steps[3] = {
		{ SN_ACC_S1_DESC, 1, 1, 0x100008, VA_A, SN_CLASS_TT },
		{ SN_ACC_S1_DESC, 1, 2, 0x101010, VA_A, SN_CLASS_TT },
		{ SN_ACC_S1_DESC, 1, 3, 0x102018, VA_A, SN_CLASS_TT },
	};
	struct s1_spec s1 = S1_4K3(0);
	struct walk_req req = RD(VA_A);
	struct walk_out o;
	struct walk_fault f;
	struct world w;
	u64 pas[32];

	world_init(&w, 0);
	write_list(&w, fx_s1_4k3, 32, pas, 0);
	build_s1(&s1, &w.s1);
	w.env.s1 = &w.s1;
	ck_assert(walk_translate(&w.env, &req, &o, &f));
	ck_assert_uint_eq(w.smmu->log.n, 3);
	for (unsigned i = 0; i < 3; i++) {
		const struct sn_access *a = &w.smmu->log.a[i];

		ck_assert_msg(a->what == steps[i].what && a->stage == 1 &&
			      a->level == steps[i].level && a->pa == steps[i].pa &&
			      a->ia == VA_A,
			      "read %u: expected level %d pa 0x%llx, got level %d pa 0x%llx",
			      i, steps[i].level, X(steps[i].pa), a->level, X(a->pa));
	}
	world_free(&w);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Hostile memory: random descriptors never crash or loop the walker        */

static u64 xorshift64(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* Mostly table/page/block words pointing into a small window, some garbage. */
static u64 random_desc(u64 *seed)
{
	u64 r = xorshift64(seed);
	u64 addr = (r >> 8) & 0x3ff000;

	switch (r & 7) {
	case 0:
		return xorshift64(seed);
	case 1:
		return addr | 0x401;
	case 2:
		return addr | (r & 0xfff0000000000000ULL) | 0x7ff;
	default:
		return addr | 3;
	}
}

/*
 * Each round walks, then gives the last descriptor read (if it was never
 * written) a random value, so the walk goes one step deeper next round.
 * Properties: every walk ends with at most 24 reads (D8.2.1: (4+1)*(4+1)-1)
 * and never writes.
 */
START_TEST(test_hostile_random)
{
	u64 seed = 0x9e3779b97f4a7c15ULL ^ (u64)(_i + 1) * 0x100000001b3ULL;
	struct s1_spec s1 = { true, 12, 16, 0x100000, 12, 16, 0x200000,
			      (u32)(_i % 3 == 0 ? S1F_PAN : 0) };
	struct s2_spec s2 = S2_G(0, 2, 16, 0x0, (u32)(_i % 2 ? S2F_PTW : 0));
	u64 written[64];
	unsigned nw = 0;
	struct world w;

	world_init(&w, 0);
	build_s1(&s1, &w.s1);
	build_s2(&s2, &w.s2);
	w.env.s1 = &w.s1;
	w.env.s2 = (_i % 4 == 3) ? NULL : &w.s2;
	for (unsigned round = 0; round < 48; round++) {
		struct walk_req req = { .addr = xorshift64(&seed) & 0xffffffffffffULL,
					.write = round & 1, .priv = round & 2 };
		struct walk_out o;
		struct walk_fault f;
		const struct sn_access *last;
		bool seen = false;

		w.smmu->log.n = 0;
		(void)walk_translate(&w.env, &req, &o, &f);
		ck_assert_msg(w.smmu->log.n <= 24 && !w.smmu->log.overflow,
			      "seed %d round %u: %u reads", _i, round, w.smmu->log.n);
		if (w.smmu->log.n == 0)
			continue;
		last = &w.smmu->log.a[w.smmu->log.n - 1];
		for (unsigned i = 0; i < nw; i++)
			seen |= written[i] == last->pa;
		if (seen || nw == ARRAY_SIZE(written))
			continue;
		written[nw++] = last->pa;
		world_write(&w, last->pa, random_desc(&seed));
	}
	world_free(&w);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Legality                                                                 */

START_TEST(test_legal_case)
{
	const struct lcase *c = &legal_cases[_i];
	struct smmu_idr idr;
	const char *why = "unset";
	bool legal;

	smmu_idr_default(&idr);
	apply_idr(&idr, c->idr);
	if (c->stage2) {
		struct s2_cfg s2;

		build_s2(&c->s2, &s2);
		legal = s2_cfg_legal(&s2, &idr, &why);
	} else {
		struct s1_cfg s1;

		build_s1(&c->s1, &s1);
		legal = s1_cfg_legal(&s1, &idr, &why);
	}
	ck_assert_msg(legal == c->legal, "[%s] expected %s, got %s (%s)", c->name,
		      c->legal ? "legal" : "ILLEGAL", legal ? "legal" : "ILLEGAL",
		      why ? why : "no reason");
	if (legal) {
		ck_assert_msg(why == NULL, "[%s] legal but reason set: %s", c->name, why);
	} else {
		ck_assert_msg(why && strstr(why, c->why), "[%s] reason \"%s\" does not mention \"%s\"",
			      c->name, why ? why : "(null)", c->why);
	}
}
END_TEST

/* A NULL @why is allowed. */
START_TEST(test_legal_null_why)
{
	struct smmu_idr idr;
	struct s2_cfg s2;
	struct s1_cfg s1;
	struct s2_spec s2s = S2_G(3, 1, 25, 0x80000000, 0);
	struct s1_spec s1s = S1_4K3(S1F_AA32);

	smmu_idr_default(&idr);
	build_s2(&s2s, &s2);
	build_s1(&s1s, &s1);
	ck_assert(!s2_cfg_legal(&s2, &idr, NULL));
	ck_assert(!s1_cfg_legal(&s1, &idr, NULL));
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *walk_suite(void)
{
	Suite *s = suite_create("walk");
	TCase *tc;

	tc = tcase_create("walk");
	tcase_add_loop_test(tc, test_walk_case, 0, (int)ARRAY_SIZE(walk_cases));
	tcase_add_test(tc, test_nested_log);
	tcase_add_test(tc, test_s1_log);
	tcase_add_loop_test(tc, test_hostile_random, 0, 64);
	suite_add_tcase(s, tc);

	tc = tcase_create("legal");
	tcase_add_loop_test(tc, test_legal_case, 0, (int)ARRAY_SIZE(legal_cases));
	tcase_add_test(tc, test_legal_null_why);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(walk_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
