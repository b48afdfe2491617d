// SPDX-License-Identifier: MIT
/*
 * prove-vste: every case of the enumerated vSTE space (prove.h) under one
 * host policy, judged by the escape invariants and, where the physical STE
 * translates over the default parent, by the semantic escape checker.
 *
 * The escape checker's world (built once per prover):
 *
 *   stream table   PA 0x10000000, linear, 16 STEs; every case writes SID 0
 *   stage 2        the default parent's own tables: 4 KB granule, 48-bit
 *                  IPA from level 0, built at its S2TTB (PA 0x40000000)
 *     IPA [0, 16 MiB)            -> PA 0x80000000, 2 MiB RW blocks
 *     IPA 0x1000000 + 16 pages   -> scattered PAs, S2AP cycling RW, RO,
 *                                   WO, none; XN on pages 4-7 and 12-15
 *     IPA 2^48 - 4 KB (the top)  -> PA 0xa0000000, RW
 *     the two L2 CD table IPAs   -> PA 0xa0010000, 0xa0020000, RW
 *   CDs            one valid CD (4 KB granule, T0SZ 17, ASID 0x100, TTB0 at
 *                  the guest's stage-1 tables) in every 64-byte slot of the
 *                  pages the pointer classes reach: IPA page 0, 0x200000
 *                  (aligned), 0x1001000 (unaligned: 0x1001fc0, read-only to
 *                  the device), the top page (at the IPA size: 2^48 - 64)
 *                  and the L2 pages.  T0SZ is odd, so a CD's first word
 *                  read as an L1CD is valid; its L2Ptr (for 4 KB and for
 *                  64 KB leaves) is mapped to a page of CDs, so 2-level
 *                  tables reach real CDs.  2^48 (beyond) is not mapped.
 *   stage 1        47-bit VA, 4 KB, tables at IPA 0x300000; VA pages
 *                  0x400000..0x406000 map to RW RAM, the RO, WO and
 *                  no-access pages, a stage-2 hole, the top page and a host
 *                  PA used as an IPA
 *
 * Each escape-checked case translates a read without substream, a write
 * with SSID 1 and, when the physical STE has EATS != 0, an ATS Translation
 * Request, at addresses picked from a fixed list by a hash of the case
 * index (so the same case always uses the same transactions).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/escape.h>
#include <smmu-nest/prove.h>
#include <smmu-nest/vectors.h>

const struct sn_prove_setup sn_prove_setups[SN_PROVE_SETUPS] = {
	{ "default+ats", "default", true, true },
	{ "kunit-s2", "kunit-s2", false, false },
};

const char *const sn_prove_ptr_class_names[SN_PROVE_PTR_CLASSES] = {
	"aligned", "unaligned", "at-ipa-size", "beyond-ipa-size",
};

#define PTR_ALIGNED   0x0000000000200000ULL
#define PTR_UNALIGNED 0x0000000001001fc0ULL
#define IAS_CAP       51u

/* World layout (see the top of the file) */
#define STRTAB_PA   0x10000000ULL
#define S2_POOL_PA  0x40000000ULL
#define S2_POOL_SZ  0x00100000ULL
#define RAM_PA      0x80000000ULL
#define RAM_SIZE    0x01000000ULL
#define PAGES_IPA   0x01000000ULL
#define PAGES_PA    0x90000000ULL
#define N_PAGES     16
#define TOP_PA      0xa0000000ULL
#define L2_4K_PA    0xa0010000ULL
#define L2_64K_PA   0xa0020000ULL
#define S1_POOL_IPA 0x00300000ULL
#define S1_POOL_SZ  0x00040000ULL
#define IPA_BITS    48u
#define TOP_IPA     ((1ULL << IPA_BITS) - 0x1000)
#define CD_ASID     0x100u
#define N_ADDRS     8
#define MAX_MAPS    (RAM_SIZE / 0x200000 + N_PAGES + 3)

static const u64 txn_addrs[N_ADDRS] = {
	0x400000, 0x401008, 0x402010, 0x403018, 0x404020, 0x405028, 0x406030,
	TOP_IPA + 0x40,
};

struct flip {
	u8 word;
	u8 bit;
};

struct sn_prove {
	u64 parent[SN_PROVE_SETUPS][STE_DWORDS];
	struct host_env env[SN_PROVE_SETUPS];
	u64 ptr[SN_PROVE_SETUPS][SN_PROVE_PTR_CLASSES];
	struct flip flips[SN_PROVE_FLIPS];      /* [0] unused */
	/* the escape checker's world, over the default parent */
	struct sn_mem *mem;
	struct smmu smmu;
	struct sn_tt s2, s1;
	bool have_s2, have_s1;
	struct sn_tt_map s2m[MAX_MAPS];
	struct sn_s2_image img;
};

static const char *const kind_names[SN_PROVE_KINDS] = {
	[INV_NONE] = "none", [INV_CONFIG] = "config", [INV_GUEST_BITS] = "guest-bits",
	[INV_HOST_BITS] = "host-bits", [INV_ATS] = "ats", [SN_PROVE_ESCAPE] = "escape",
};

const char *sn_prove_kind_name(unsigned kind)
{
	return kind < SN_PROVE_KINDS ? kind_names[kind] : "?";
}

/* ---- the space ----------------------------------------------------------- */

/*
 * Field index bits, low to high: V[0], Config[3:1], EATS[5:4], S1Fmt[7:6],
 * S1DSS[9:8], S1CDMax[14:10], S1CIR[16:15], S1COR[18:17], S1CSH[20:19],
 * S1STALLD[21].
 */
static inline void field_words(u32 fi, u64 *w0, u64 *w1)
{
	*w0 = sn_field_prep(STE_DW0_V, fi & 1) |
	      sn_field_prep(STE_DW0_CONFIG, (fi >> 1) & 7) |
	      sn_field_prep(STE_DW0_S1FMT, (fi >> 6) & 3) |
	      sn_field_prep(STE_DW0_S1CDMAX, (fi >> 10) & 31);
	*w1 = sn_field_prep(STE_DW1_EATS, (fi >> 4) & 3) |
	      sn_field_prep(STE_DW1_S1DSS, (fi >> 8) & 3) |
	      sn_field_prep(STE_DW1_S1CIR, (fi >> 15) & 3) |
	      sn_field_prep(STE_DW1_S1COR, (fi >> 17) & 3) |
	      sn_field_prep(STE_DW1_S1CSH, (fi >> 19) & 3) |
	      sn_field_prep(STE_DW1_S1STALLD, (fi >> 21) & 1);
}

bool sn_prove_shard(u64 total, u64 i, u64 n, u64 *first, u64 *count)
{
	u64 q, rem, k;

	if (n == 0 || i == 0 || i > n || n > total)
		return false;
	q = total / n;
	rem = total % n;
	k = i - 1;
	*first = q * k + (k < rem ? k : rem);
	*count = q + (k < rem ? 1 : 0);
	return true;
}

static void make_case(const struct sn_prove *pv, u64 index, struct sn_prove_case *c)
{
	u64 rest = index % SN_PROVE_PER_FIELDS;
	u64 w0, w1;

	c->index = index;
	c->fields = (u32)(index / SN_PROVE_PER_FIELDS);
	c->flip = (unsigned)(rest % SN_PROVE_FLIPS);
	rest /= SN_PROVE_FLIPS;
	c->ptr_class = (unsigned)(rest % SN_PROVE_PTR_CLASSES);
	c->setup = (unsigned)(rest / SN_PROVE_PTR_CLASSES);
	field_words(c->fields, &w0, &w1);
	c->vste[0] = w0 | pv->ptr[c->setup][c->ptr_class];
	c->vste[1] = w1;
	c->flip_word = c->flip_bit = -1;
	if (c->flip) {
		c->flip_word = pv->flips[c->flip].word;
		c->flip_bit = pv->flips[c->flip].bit;
		c->vste[c->flip_word] ^= SN_BIT(c->flip_bit);
	}
}

bool sn_prove_decode(const struct sn_prove *pv, u64 index, struct sn_prove_case *c)
{
	if (index >= SN_PROVE_TOTAL)
		return false;
	make_case(pv, index, c);
	return true;
}

const u64 *sn_prove_parent(const struct sn_prove *pv, unsigned setup)
{
	return pv->parent[setup];
}

const struct host_env *sn_prove_env(const struct sn_prove *pv, unsigned setup)
{
	return &pv->env[setup];
}

u64 sn_prove_ptr(const struct sn_prove *pv, unsigned setup, unsigned ptr_class)
{
	return pv->ptr[setup][ptr_class];
}

void sn_prove_describe_fields(const u64 vste[2], char *buf, size_t len)
{
	snprintf(buf, len,
		 "V=%u Config=%u EATS=%u S1Fmt=%u S1DSS=%u S1CDMax=%u S1CIR=%u S1COR=%u "
		 "S1CSH=%u S1STALLD=%u S1ContextPtr=0x%" PRIx64,
		 (unsigned)sn_field_get(STE_DW0_V, vste[0]),
		 (unsigned)sn_field_get(STE_DW0_CONFIG, vste[0]),
		 (unsigned)sn_field_get(STE_DW1_EATS, vste[1]),
		 (unsigned)sn_field_get(STE_DW0_S1FMT, vste[0]),
		 (unsigned)sn_field_get(STE_DW1_S1DSS, vste[1]),
		 (unsigned)sn_field_get(STE_DW0_S1CDMAX, vste[0]),
		 (unsigned)sn_field_get(STE_DW1_S1CIR, vste[1]),
		 (unsigned)sn_field_get(STE_DW1_S1COR, vste[1]),
		 (unsigned)sn_field_get(STE_DW1_S1CSH, vste[1]),
		 (unsigned)sn_field_get(STE_DW1_S1STALLD, vste[1]),
		 (u64)(vste[0] & SN_GENMASK(51, 6)));
}

void sn_prove_describe_flip(const struct sn_prove_case *c, char *buf, size_t len)
{
	if (!c->flip)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "dw%d bit %d", c->flip_word, c->flip_bit);
}

/* ---- the escape checker's world --------------------------------------------- */

static int fail(char *err, size_t n, const char *what, const char *why)
{
	if (err && n)
		snprintf(err, n, "prove-vste: %s: %s", what, why);
	return -1;
}

static void cd_words(u64 s1_ttb, u64 cd[CD_DWORDS])
{
	memset(cd, 0, CD_DWORDS * sizeof(*cd));
	cd[0] = sn_field_prep(CD_DW0_T0SZ, 17) | sn_field_prep(CD_DW0_TG0, 0) |
		sn_field_prep(CD_DW0_IR0, 1) | sn_field_prep(CD_DW0_OR0, 1) |
		sn_field_prep(CD_DW0_SH0, 3) | CD_DW0_EPD1 | CD_DW0_V |
		sn_field_prep(CD_DW0_IPS, 5) | CD_DW0_AA64 | CD_DW0_A | CD_DW0_R |
		sn_field_prep(CD_DW0_ASID, CD_ASID);
	cd[1] = s1_ttb & CD_DW1_TTB0;
	cd[3] = 0x000000000044ff04ULL;  /* MAIR: 0 Device-nGnRE, 1 WB, 2 NC */
}

/* A page of CDs at the PA behind @ipa's page. */
static int fill_cd_page(struct sn_prove *pv, u64 ipa, const u64 cd[CD_DWORDS])
{
	u64 pa;

	if (!sn_tt_translate(&pv->s2, ipa & ~0xfffULL, &pa))
		return -1;
	for (u64 off = 0; off < 0x1000; off += 8)
		if (sn_mem_write64(pv->mem, pa + off, cd[(off / 8) % CD_DWORDS]))
			return -1;
	return 0;
}

static unsigned s2_maps(struct sn_tt_map *m, u64 l2_4k, u64 l2_64k)
{
	static const u8 ap[4] = { 3, 1, 2, 0 };
	unsigned n = 0;

	for (u64 ipa = 0; ipa < RAM_SIZE; ipa += 0x200000)
		m[n++] = (struct sn_tt_map){ .ia = ipa, .oa = RAM_PA + ipa, .size = 0x200000,
					     .ap = 3, .attr = 0xf, .sh = 3, .af = true };
	for (unsigned p = 0; p < N_PAGES; p++)
		m[n++] = (struct sn_tt_map){ .ia = PAGES_IPA + p * 0x1000ULL,
					     .oa = PAGES_PA + (N_PAGES - 1 - p) * 0x2000ULL,
					     .size = 0x1000, .ap = ap[p % 4], .xn = (p & 4) ? 2 : 0,
					     .attr = 0xf, .sh = 3, .af = true };
	m[n++] = (struct sn_tt_map){ .ia = TOP_IPA, .oa = TOP_PA, .size = 0x1000, .ap = 3,
				     .attr = 0xf, .sh = 3, .af = true };
	m[n++] = (struct sn_tt_map){ .ia = l2_4k, .oa = L2_4K_PA, .size = 0x1000, .ap = 3,
				     .attr = 0xf, .sh = 3, .af = true };
	if (l2_64k != l2_4k)
		m[n++] = (struct sn_tt_map){ .ia = l2_64k, .oa = L2_64K_PA, .size = 0x1000,
					     .ap = 3, .attr = 0xf, .sh = 3, .af = true };
	return n;
}

static int build_world(struct sn_prove *pv, char *err, size_t errn)
{
	const u64 *parent = pv->parent[0];
	struct sn_tt_cfg c2 = {
		.stage = 2, .granule_shift = 12,
		.tsz = (unsigned)sn_field_get(STE_DW2_S2T0SZ, parent[2]),
		.start_level = SN_TT_LEVEL_AUTO, .pool_base = S2_POOL_PA, .pool_size = S2_POOL_SZ,
	};
	struct sn_tt_cfg c1 = {
		.stage = 1, .granule_shift = 12, .tsz = 17, .start_level = SN_TT_LEVEL_AUTO,
		.pool_base = S1_POOL_IPA, .pool_size = S1_POOL_SZ,
	};
	struct sn_tt_map s1m[7];
	static const u64 s1_out[7] = {
		0x400000, PAGES_IPA + 0x1000, PAGES_IPA + 0x2000, 0x2000000, TOP_IPA,
		RAM_PA, PAGES_IPA + 0x3000,
	};
	struct sn_tt_err e;
	u64 cd[CD_DWORDS], l2_4k, l2_64k;
	unsigned n;

	/* The L2 tables a CD's first word points at, read as an L1CD. */
	cd_words(0, cd);
	if (!(cd[0] & L1CD_V))
		return fail(err, errn, "world", "CD word 0 is not a valid L1CD");
	l2_4k = cd[0] & L1CD_L2PTR & ~0xfffULL;
	l2_64k = cd[0] & L1CD_L2PTR & ~0xffffULL;
	if (l2_4k >> IPA_BITS || l2_4k < PAGES_IPA + N_PAGES * 0x1000ULL || l2_4k >= TOP_IPA)
		return fail(err, errn, "world", "the L2 CD table IPA collides with the layout");

	pv->mem = sn_mem_new(4096);
	if (!pv->mem)
		return fail(err, errn, "world", "out of memory");
	n = s2_maps(pv->s2m, l2_4k, l2_64k);
	if (sn_tt_build(pv->mem, &c2, pv->s2m, n, &pv->s2, &e))
		return fail(err, errn, "stage-2 tables", e.msg);
	pv->have_s2 = true;
	if (pv->s2.ttb != (parent[3] & STE_DW3_S2TTB) || pv->s2.sl0 != sn_field_get(STE_DW2_S2SL0, parent[2]))
		return fail(err, errn, "stage-2 tables",
			    "built tables do not sit at the default parent's S2TTB/S2SL0");
	pv->img = (struct sn_s2_image){ .maps = pv->s2m, .n_maps = n,
					.table_base = S2_POOL_PA, .table_size = S2_POOL_SZ };

	for (unsigned i = 0; i < 7; i++)
		s1m[i] = (struct sn_tt_map){ .ia = 0x400000 + i * 0x1000ULL, .oa = s1_out[i],
					     .size = 0x1000, .ap = 1, .attr = 1, .sh = 3, .af = true };
	c1.resolve = sn_tt_resolve_s2;
	c1.resolve_ctx = &pv->s2;
	if (sn_tt_build(pv->mem, &c1, s1m, 7, &pv->s1, &e))
		return fail(err, errn, "stage-1 tables", e.msg);
	pv->have_s1 = true;

	cd_words(pv->s1.ttb, cd);
	if (fill_cd_page(pv, 0, cd) || fill_cd_page(pv, PTR_ALIGNED, cd) ||
	    fill_cd_page(pv, PTR_UNALIGNED, cd) || fill_cd_page(pv, TOP_IPA, cd) ||
	    fill_cd_page(pv, l2_4k, cd) || fill_cd_page(pv, l2_64k, cd))
		return fail(err, errn, "CD tables", "cannot write a page of CDs");

	smmu_init(&pv->smmu, pv->mem);
	pv->smmu.strtab_base = STRTAB_PA;
	pv->smmu.strtab_base_cfg = (u32)sn_field_prep(STRTAB_BASE_CFG_LOG2SIZE, 4);
	return 0;
}

void sn_prove_free(struct sn_prove *pv)
{
	if (!pv)
		return;
	if (pv->have_s1)
		sn_tt_free(&pv->s1);
	if (pv->have_s2)
		sn_tt_free(&pv->s2);
	sn_mem_free(pv->mem);
	free(pv);
}

struct sn_prove *sn_prove_new(char *err, size_t errn)
{
	struct sn_prove *pv = calloc(1, sizeof(*pv));
	unsigned nf = 1;

	if (!pv) {
		fail(err, errn, "prover", "out of memory");
		return NULL;
	}
	for (unsigned s = 0; s < SN_PROVE_SETUPS; s++) {
		u64 *parent = pv->parent[s];
		unsigned ias;

		if (!host_parent_by_name(sn_prove_setups[s].parent, parent)) {
			fail(err, errn, "setup", "unknown parent name");
			sn_prove_free(pv);
			return NULL;
		}
		host_env_default(&pv->env[s]);
		pv->env[s].ats_supported = sn_prove_setups[s].ats_supported;
		ias = 64 - (unsigned)sn_field_get(STE_DW2_S2T0SZ, parent[2]);
		if (ias > IAS_CAP)
			ias = IAS_CAP;
		pv->ptr[s][0] = PTR_ALIGNED;
		pv->ptr[s][1] = PTR_UNALIGNED;
		pv->ptr[s][2] = (1ULL << ias) - 64;
		pv->ptr[s][3] = 1ULL << ias;
	}
	for (unsigned w = 0; w < 2; w++) {
		u64 mask = w ? SN_PROVE_MASK_DW1 : SN_PROVE_MASK_DW0;

		for (unsigned b = 0; b < 64; b++)
			if (!(mask & SN_BIT(b)) && nf < SN_PROVE_FLIPS)
				pv->flips[nf++] = (struct flip){ (u8)w, (u8)b };
	}
	if (nf != SN_PROVE_FLIPS || sn_prove_setups[0].world != true ||
	    strcmp(sn_prove_setups[0].parent, "default") != 0) {
		fail(err, errn, "prover", "the space does not match prove.h");
		sn_prove_free(pv);
		return NULL;
	}
	if (build_world(pv, err, errn)) {
		sn_prove_free(pv);
		return NULL;
	}
	return pv;
}

/* ---- one case ---------------------------------------------------------------- */

static u64 mix(u64 x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

/* The transactions an escape-checked case translates. */
static unsigned case_txns(u64 index, const u64 ste[STE_DWORDS], struct sn_txn t[SN_PROVE_MAX_TXN])
{
	u64 h = mix(index);
	unsigned n = 0;

	t[n++] = (struct sn_txn){ .sid = 0, .addr = txn_addrs[h % N_ADDRS], .priv = true,
				  .instr = (h >> 8) & 1, .kind = SN_TXN_UNTRANSLATED };
	t[n++] = (struct sn_txn){ .sid = 0, .ssv = true, .ssid = 1,
				  .addr = txn_addrs[(h >> 16) % N_ADDRS], .write = true,
				  .kind = SN_TXN_UNTRANSLATED };
	if (sn_field_get(STE_DW1_EATS, ste[1]) != STE_EATS_ABT)
		t[n++] = (struct sn_txn){ .sid = 0, .addr = txn_addrs[(h >> 24) % N_ADDRS],
					  .priv = (h >> 32) & 1, .kind = SN_TXN_ATS_REQUEST };
	return n;
}

/* Does the physical STE translate (and so get the escape checker)? */
static bool translates(unsigned setup, const u64 ste[STE_DWORDS])
{
	return sn_prove_setups[setup].world && (ste[0] & STE_DW0_V) &&
	       sn_field_get(STE_DW0_CONFIG, ste[0]) >= STE_CFG_BYPASS;
}

static void describe_txn(const struct sn_txn *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s at 0x%" PRIx64 "%s",
		 t->kind == SN_TXN_ATS_REQUEST ? "ATS request" : t->write ? "write" : "read",
		 t->instr ? " (fetch)" : "", t->priv ? " priv" : "", t->addr,
		 t->ssv ? ", SSID 1" : ", no SSID");
}

/*
 * Write @ste at SID 0 and translate the case's transactions.  Returns the
 * index of the first escaping transaction or -1; fills @d if not NULL.
 */
static int escape_case(struct sn_prove *pv, u64 index, const u64 ste[STE_DWORDS],
		       struct sn_prove_report *r, struct sn_prove_detail *d, char *what, size_t len)
{
	struct sn_txn t[SN_PROVE_MAX_TXN];
	struct sn_xlate x;
	struct sn_escape esc;
	unsigned n = case_txns(index, ste, t);
	int first = -1;

	for (unsigned i = 0; i < STE_DWORDS; i++)
		sn_mem_write64(pv->mem, STRTAB_PA + 8 * i, ste[i]);
	for (unsigned i = 0; i < n; i++) {
		bool e;

		smmu_translate(&pv->smmu, &t[i], &x);
		e = sn_escape_check(&pv->img, &pv->smmu, &t[i], &x, &esc);
		if (r) {
			r->translations++;
			if (x.disp == SN_XLATE_OK)
				r->translated_ok++;
			else
				r->translated_fault++;
		}
		if (e && first < 0) {
			char tb[128];

			first = (int)i;
			describe_txn(&t[i], tb, sizeof(tb));
			snprintf(what, len, "%.120s: %.250s", tb, esc.what);
		}
		if (d) {
			d->txn[i] = t[i];
			d->x[i] = x;
			d->escaped[i] = e;
			snprintf(d->esc_what[i], sizeof(d->esc_what[i]), "%.250s", e ? esc.what : "");
		}
	}
	if (d)
		d->n_txn = n;
	return first;
}

static void record(struct sn_prove_report *r, u64 index, unsigned kind, const char *what,
		   const u64 vste[2])
{
	struct sn_prove_violation *v;

	if (r->n_first >= SN_PROVE_MAX_FIRST)
		return;
	v = &r->first_v[r->n_first++];
	v->index = index;
	v->kind = kind;
	snprintf(v->what, sizeof(v->what), "vSTE 0x%016" PRIx64 " 0x%016" PRIx64 ": %.400s",
		 vste[0], vste[1], what);
}

void sn_prove_report_init(struct sn_prove_report *r, u64 first, u64 count)
{
	memset(r, 0, sizeof(*r));
	r->first = first;
	r->count = count;
}

/* Judge one case; the hot path of sn_prove_run. */
static inline void judge(struct sn_prove *pv, const struct host_policy *p, u64 index,
			 unsigned setup, const u64 vste[2], struct sn_prove_report *r)
{
	const u64 *parent = pv->parent[setup];
	const struct host_env *env = &pv->env[setup];
	struct vste_result res;
	enum sn_invariant inv;
	bool bad = false;
	char detail[400];

	host_policy_apply(p, vste, parent, env, &res);
	r->checked++;
	if (res.err != SN_OK) {
		r->refused++;
		r->by_errno[(unsigned)res.err < SN_ERRNO_COUNT ? res.err : 0]++;
		return;
	}
	r->accepted++;
	inv = vste_check_invariants(p, vste, parent, env, &res, NULL, 0);
	if (inv != INV_NONE) {
		bad = true;
		r->by_kind[inv]++;
		if (r->n_first < SN_PROVE_MAX_FIRST) {
			vste_check_invariants(p, vste, parent, env, &res, detail, sizeof(detail));
			record(r, index, inv, detail, vste);
		}
	}
	if (translates(setup, res.ste)) {
		r->escape_cases++;
		if (escape_case(pv, index, res.ste, r, NULL, detail, sizeof(detail)) >= 0) {
			bad = true;
			r->by_kind[SN_PROVE_ESCAPE]++;
			record(r, index, SN_PROVE_ESCAPE, detail, vste);
		}
	}
	if (bad)
		r->violations++;
}

void sn_prove_run(struct sn_prove *pv, const struct host_policy *p, u64 first, u64 count,
		  struct sn_prove_report *r)
{
	u64 end = first + count, index = first;

	if (first >= SN_PROVE_TOTAL)
		return;
	if (count > SN_PROVE_TOTAL - first)
		end = SN_PROVE_TOTAL;
	while (index < end) {
		/* one field combination: its setups, pointer classes and bit variants */
		u32 fi = (u32)(index / SN_PROVE_PER_FIELDS);
		unsigned rest = (unsigned)(index % SN_PROVE_PER_FIELDS);
		u64 w0, w1;

		field_words(fi, &w0, &w1);
		for (; rest < SN_PROVE_PER_FIELDS && index < end; rest++, index++) {
			unsigned flip = rest % SN_PROVE_FLIPS;
			unsigned pc = (rest / SN_PROVE_FLIPS) % SN_PROVE_PTR_CLASSES;
			unsigned setup = rest / (SN_PROVE_FLIPS * SN_PROVE_PTR_CLASSES);
			u64 vste[2] = { w0 | pv->ptr[setup][pc], w1 };

			if (flip)
				vste[pv->flips[flip].word] ^= SN_BIT(pv->flips[flip].bit);
			judge(pv, p, index, setup, vste, r);
		}
	}
}

bool sn_prove_one(struct sn_prove *pv, const struct host_policy *p, u64 index,
		  struct sn_prove_detail *d)
{
	const u64 *parent;
	const struct host_env *env;
	char what[400];

	memset(d, 0, sizeof(*d));
	if (!sn_prove_decode(pv, index, &d->c))
		return false;
	parent = pv->parent[d->c.setup];
	env = &pv->env[d->c.setup];
	host_policy_apply(p, d->c.vste, parent, env, &d->r);
	if (d->r.err != SN_OK)
		return true;
	d->inv = vste_check_invariants(p, d->c.vste, parent, env, &d->r, d->inv_detail,
				       sizeof(d->inv_detail));
	d->violation = d->inv != INV_NONE;
	if (translates(d->c.setup, d->r.ste)) {
		d->escape_checked = true;
		if (escape_case(pv, index, d->r.ste, NULL, d, what, sizeof(what)) >= 0)
			d->violation = true;
	}
	return true;
}
