// SPDX-License-Identifier: MIT
/*
 * Fuzz harness "vste": a guest's vSTE, the host's facts, a parent STE and a
 * small guest memory layout, run under every host policy.
 *
 * Input (little-endian; missing bytes read as zero):
 *   [0, 16)   the vSTE, words 0 and 1
 *   [16, 18)  host facts to flip from host_env_default(): bit i flips
 *             host_env_keys[i]
 *   [18]      alloc-flags: 0 none, 1..0x7f one bit (1 << (b & 31)),
 *             0x80.. the next 4 bytes
 *   [..]      a parent: low 2 bits 0 none, 1 host_default_parent,
 *             2 kunit-s2, 3 eight raw words (64 bytes) follow
 *   then      the guest layout below, read as a stream of choices
 *
 * Phase A, when the input names a parent: every policy's answer for (vSTE,
 * parent, facts), and each accepted physical STE against the escape
 * invariants (invariants.h): a break is a foundation issue.  Parents that
 * host_parent_ok() refuses are skipped (among them those with word-0 bits
 * beyond V and Config: fuzz/repro/vste-parent-dw0-bit58.bin).
 *
 * Phase B: a parent whose stage 2 is real.  The host's stage-2 tables (4,
 * 16 or 64 KB, from the input) map the guest's RAM as blocks and 16 pages
 * of mixed S2AP/XN; the guest writes into its RAM a CD (or a linear or
 * 2-level CD table), stage-1 tables from the builder and any raw words it
 * likes, and points the vSTE's S1ContextPtr at its CD (or leaves the
 * input's).  Every policy's physical STE is checked against the invariants
 * again, installed, and a few transactions (DMA and ATS requests, with and
 * without SSID) are translated by the model; each must pass the semantic
 * escape checker (escape.h), which judges the access as the SMMU performed
 * it (after STE.INSTCFG; fuzz/repro/vste-instcfg-escape.bin): no CD, L1CD or stage-1 descriptor read
 * and no output outside the parent's stage-2 image, and no untranslated DMA
 * that bypasses stage 2.  A break is an architecture issue.
 */
#include <inttypes.h>
#include <string.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/cd.h>
#include <smmu-nest/escape.h>
#include <smmu-nest/invariants.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/vectors.h>

#include "fuzz.h"

#define FAIL(...) FUZZ_FAIL("vste", __VA_ARGS__)

/* Host physical layout */
#define STRTAB_PA       0x10000000ULL   /* linear, 16 STEs */
#define STRTAB_LOG2     4
#define SID             3u              /* where the physical STE goes */
#define S2_POOL_PA      0x40000000ULL
#define S2_POOL_SIZE    0x00100000ULL
#define RAM_PA          0x80000000ULL   /* guest RAM: IPA [0, ram) */
#define PAGES_PA        0xc0000000ULL   /* 16 scattered pages after the RAM */
#define N_PAGES         16
#define S1_POOL_IPA     0x00300000ULL   /* where the guest puts its stage-1 tables */
#define MEM_PAGES       4096u
#define MAX_TXNS        6
#define MAX_S1_MAPS     6

struct world {
	struct sn_mem *mem;
	struct smmu smmu;
	struct sn_tt s2;
	bool s2_built;
	struct sn_tt s1;
	bool s1_built;
	unsigned g2;                    /* stage-2 granule shift */
	u64 ram_size, block, page;      /* guest RAM and its stage-2 leaves */
	struct sn_tt_map s2m[16 + N_PAGES];
	unsigned n_s2m;
	struct sn_s2_image img;
	u64 parent[STE_DWORDS];
	struct sn_tt_map s1m[MAX_S1_MAPS];
	unsigned n_s1m;
	u64 cd_ipa;
	struct sn_txn txns[MAX_TXNS];
	unsigned ntx;
};

static u64 align_down(u64 v, u64 a)
{
	return v & ~(a - 1);
}

/* ---- Host facts, parents and the policies ------------------------------- */

static void read_env(struct fz *f, struct host_env *env)
{
	unsigned flip = fz_u16(f);
	u8 af = fz_u8(f);

	host_env_default(env);
	for (unsigned i = 0; i < host_env_key_count && i < 16; i++)
		if (flip & (1u << i)) {
			bool *b = (bool *)(void *)((char *)env + host_env_keys[i].offset);

			*b = !*b;
		}
	env->alloc_flags = af == 0 ? 0 : af < 0x80 ? 1u << (af & 31) : fz_u32(f);
}

static void fmt_words(const u64 *w, unsigned n, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s0x%016" PRIx64, i ? "," : "", w[i]);
}

static void fail_policy(const char *what, const struct host_policy *p, const u64 vste[2],
			const u64 parent[STE_DWORDS], const struct host_env *env,
			const char *detail)
{
	char pw[160];

	fmt_words(parent, STE_DWORDS, pw, sizeof(pw));
	FAIL("%s under %s: %s\n  vSTE 0x%016" PRIx64 " 0x%016" PRIx64 "\n  parent %s\n"
	     "  facts nesting=%d trans-s1=%d s2fwb=%d cmdq-force-sync=%d canwbs=%d "
	     "ats-supported=%d parent-paging=%d parent-s2=%d parent-same-smmu=%d "
	     "parent-nest-parent=%d ssids-in-use=%d vdevice=%d alloc-flags=0x%x",
	     what, p->name, detail, vste[0], vste[1], pw, env->nesting, env->trans_s1,
	     env->s2fwb, env->cmdq_force_sync, env->canwbs, env->ats_supported,
	     env->parent_paging, env->parent_s2, env->parent_same_smmu,
	     env->parent_nest_parent, env->ssids_in_use, env->vdevice, env->alloc_flags);
}

/*
 * host_policy_apply() under @p, twice (it must not depend on anything but
 * its arguments), with the accepted result held against the invariants.
 */
static void apply(const struct host_policy *p, const u64 vste[2], const u64 parent[STE_DWORDS],
		  const struct host_env *env, struct vste_result *r)
{
	struct vste_result again;
	char detail[256];
	enum sn_invariant inv;

	memset(r, 0, sizeof(*r));
	memset(&again, 0, sizeof(again));
	host_policy_apply(p, vste, parent, env, r);
	host_policy_apply(p, vste, parent, env, &again);
	if (memcmp(r, &again, sizeof(*r)) != 0)
		fail_policy("host_policy_apply is not deterministic", p, vste, parent, env, "");
	if (r->err < 0 || r->err >= SN_ERRNO_COUNT || r->stage >= SN_STAGE_COUNT ||
	    r->check >= CHK_COUNT || memchr(r->reason, '\0', sizeof(r->reason)) == NULL)
		fail_policy("malformed result", p, vste, parent, env, "");
	/*
	 * linux.md §2.2: the merged code zeroes a V=0 vSTE and accepts it, its
	 * other bits unchecked, so the answer is the all-zero vSTE's.
	 */
	if (p->v0_sanitized && !(vste[0] & STE_DW0_V) && (vste[0] | vste[1])) {
		static const u64 zero[2];
		struct vste_result z;

		memset(&z, 0, sizeof(z));
		host_policy_apply(p, zero, parent, env, &z);
		if (r->err != z.err || r->ats != z.ats || memcmp(r->ste, z.ste, sizeof(z.ste)) != 0)
			fail_policy("a V=0 vSTE is answered unlike the all-zero vSTE (linux.md §2.2)",
				    p, vste, parent, env, r->reason);
	}
	if (r->err != SN_OK) {
		if (r->stage == SN_STAGE_NONE || !r->reason[0])
			fail_policy("a refusal without a stage or a reason", p, vste, parent, env,
				    sn_errno_name(r->err));
		return;
	}
	detail[0] = '\0';
	inv = vste_check_invariants(p, vste, parent, env, r, detail, sizeof(detail));
	if (inv != INV_NONE) {
		char msg[320];

		snprintf(msg, sizeof(msg), "invariant %s: %s", sn_invariant_name(inv), detail);
		fail_policy("escape invariant broken (foundation issue)", p, vste, parent, env, msg);
	}
}

static void phase_a(const u64 vste[2], const u64 parent[STE_DWORDS], const struct host_env *env)
{
	const char *why;
	struct vste_result r;

	if (!host_parent_ok(parent, &why) || !host_setup_ok(parent, env, &why))
		return;
	for (unsigned i = 0; i < host_policy_count; i++)
		apply(host_policies[i], vste, parent, env, &r);
}

/* ---- Phase B: a world with a real stage 2 -------------------------------- */

/* An IPA a guest might point the SMMU at: mostly its RAM, often not. */
static u64 guest_ipa(struct fz *f, const struct world *w, u64 align)
{
	u64 pages = w->ram_size, hole = pages + N_PAGES * w->page;

	switch (fz_below(f, 10)) {
	case 6:
		return align_down(pages + fz_below(f, N_PAGES * w->page), align);
	case 7:
		return align_down(hole + fz_below(f, 1ULL << 30), align);
	case 8:
		return align_down(fz_u64(f) & SN_GENMASK(51, 0), align);
	case 9:
		return align_down(RAM_PA + fz_below(f, w->ram_size), align);  /* a host PA */
	default:
		return align_down(fz_below(f, w->ram_size), align);
	}
}

/* The guest writes a word at an IPA of its memory (nothing where stage 2 maps none). */
static void guest_write(struct world *w, u64 ipa, u64 v)
{
	u64 pa;

	if (sn_tt_translate(&w->s2, ipa, &pa))
		sn_mem_write64(w->mem, pa, v);
}

static bool build_s2(struct fz *f, struct world *w)
{
	static const unsigned grans[] = { 12, 14, 16 };
	static const unsigned ias[] = { 40, 48, 44, 39, 36, 33, 31 };
	static const u8 aps[4] = { 3, 1, 2, 0 };
	struct sn_tt_cfg cfg = { .stage = 2, .start_level = SN_TT_LEVEL_AUTO,
				 .pool_base = S2_POOL_PA, .pool_size = S2_POOL_SIZE };
	unsigned ia, ps = fz_chance(f, 30) ? (unsigned)fz_below(f, 6) : 5;
	u16 apbits = fz_u16(f), xnbits = fz_u16(f);
	struct sn_tt_err err;

	w->g2 = FZ_PICK(f, grans);
	w->page = SN_BIT(w->g2);
	w->block = SN_BIT(sn_tt_level_shift(w->g2, 2));
	w->ram_size = w->block > 0x1000000 ? w->block : 0x1000000;
	ia = FZ_PICK(f, ias);
	if (SN_BIT(ia) < 2 * w->ram_size)
		ia = 40;
	cfg.granule_shift = w->g2;
	cfg.tsz = 64 - ia;
	for (u64 ipa = 0; ipa < w->ram_size; ipa += w->block)
		w->s2m[w->n_s2m++] = (struct sn_tt_map){ .ia = ipa, .oa = RAM_PA + ipa,
							 .size = w->block, .ap = 3, .attr = 0xf,
							 .sh = 3, .af = true };
	/* Pages cycling S2AP RW, RO, WO, none unless the input says otherwise; reversed PAs. */
	for (unsigned p = 0; p < N_PAGES; p++)
		w->s2m[w->n_s2m++] = (struct sn_tt_map){
			.ia = w->ram_size + p * w->page,
			.oa = PAGES_PA + (N_PAGES - 1 - p) * 2 * w->page, .size = w->page,
			.ap = apbits ? (u8)((apbits >> p) & 1 ? 3 : aps[p % 4]) : aps[p % 4],
			.xn = (xnbits >> p) & 1 ? 2 : 0, .attr = 0xf, .sh = 3, .af = true };
	if (sn_tt_build(w->mem, &cfg, w->s2m, w->n_s2m, &w->s2, &err) != 0)
		return false;
	w->s2_built = true;
	w->img = (struct sn_s2_image){ .maps = w->s2m, .n_maps = w->n_s2m,
				       .table_base = S2_POOL_PA, .table_size = S2_POOL_SIZE };

	/* The host's stage-2-only STE for this domain. */
	memset(w->parent, 0, sizeof(w->parent));
	w->parent[0] = STE_DW0_V | sn_field_prep(STE_DW0_CONFIG, STE_CFG_S2_TRANS);
	w->parent[1] = sn_field_prep(STE_DW1_SHCFG, 1);
	w->parent[2] = sn_field_prep(STE_DW2_S2VMID, 1 + fz_below(f, 0xffff)) |
		       sn_field_prep(STE_DW2_S2T0SZ, cfg.tsz) |
		       sn_field_prep(STE_DW2_S2SL0, w->s2.sl0) | sn_field_prep(STE_DW2_S2IR0, 1) |
		       sn_field_prep(STE_DW2_S2OR0, 1) | sn_field_prep(STE_DW2_S2SH0, 3) |
		       sn_field_prep(STE_DW2_S2TG, w->s2.tg) | sn_field_prep(STE_DW2_S2PS, ps) |
		       STE_DW2_S2AA64 | STE_DW2_S2PTW | STE_DW2_S2R;
	w->parent[3] = w->s2.ttb & STE_DW3_S2TTB;
	/* Host choices the policies must carry through untouched. */
	if (fz_chance(f, 30)) {
		static const u64 dw1[] = { STE_DW1_MEV, STE_DW1_SHCFG, STE_DW1_S1STALLD,
					   STE_DW1_MEMATTR, STE_DW1_PRIVCFG, STE_DW1_INSTCFG };
		static const u64 dw2[] = { STE_DW2_S2AFFD, STE_DW2_S2PTW, STE_DW2_S2S,
					   STE_DW2_S2R, STE_DW2_S2IR0, STE_DW2_S2SH0 };

		w->parent[1] ^= FZ_PICK(f, dw1) & fz_u64(f);
		w->parent[2] ^= FZ_PICK(f, dw2) & fz_u64(f);
	}
	return true;
}

static void build_s1(struct fz *f, struct world *w)
{
	static const unsigned grans[] = { 12, 14, 16 };
	unsigned g = FZ_PICK(f, grans);
	unsigned tsz = fz_chance(f, 30) ? 16 + (unsigned)fz_below(f, 24) : 25;
	struct sn_tt_cfg cfg = {
		.stage = 1, .granule_shift = g, .tsz = tsz, .start_level = SN_TT_LEVEL_AUTO,
		.pool_base = S1_POOL_IPA, .pool_size = 0x100000,
		.resolve = sn_tt_resolve_s2, .resolve_ctx = &w->s2,
	};
	unsigned want = 1 + (unsigned)fz_below(f, MAX_S1_MAPS);
	struct sn_tt_err err;

	if (fz_chance(f, 15)) {
		/* Tables in odd pages, or wherever the guest likes. */
		cfg.pool_base = fz_bool(f) ? w->ram_size + fz_below(f, N_PAGES) * w->page
				: guest_ipa(f, w, SN_BIT(g));
		cfg.pool_size = SN_BIT(g) * 8;
	}
	for (unsigned i = 0; i < want; i++) {
		u64 ia = ((u64)(i * 7 + 1) << 21 | fz_below(f, 512) << g) & (SN_BIT(64 - tsz) - 1);

		ia = align_down(ia, SN_BIT(g));
		w->s1m[w->n_s1m++] = (struct sn_tt_map){
			.ia = ia, .oa = guest_ipa(f, w, SN_BIT(g)) & SN_GENMASK(47, 0),
			.size = SN_BIT(g), .ap = fz_chance(f, 40) ? (u8)fz_below(f, 4) : 1,
			.xn = fz_chance(f, 40) ? (u8)fz_below(f, 4) : 0,
			.attr = (u8)fz_below(f, 8), .sh = 3, .af = !fz_chance(f, 10),
		};
		for (unsigned k = 0; k + 1 < w->n_s1m; k++)
			if (w->s1m[k].ia == ia) {
				w->n_s1m--;
				break;
			}
	}
	if (sn_tt_build(w->mem, &cfg, w->s1m, w->n_s1m, &w->s1, &err) == 0)
		w->s1_built = true;

	/* The CD (or several, or a 2-level table's L1 descriptors) at cd_ipa. */
	w->cd_ipa = guest_ipa(f, w, 64);
	unsigned ncd = 1 + (unsigned)fz_below(f, 4);
	u64 ttb0 = w->s1_built ? w->s1.ttb : guest_ipa(f, w, SN_BIT(g));

	for (unsigned k = 0; k < ncd; k++) {
		u64 cd[CD_DWORDS] = { 0 };
		u64 at = w->cd_ipa + 64 * k;

		cd[0] = sn_field_prep(CD_DW0_T0SZ, tsz) |
			sn_field_prep(CD_DW0_TG0, g == 12 ? 0 : g == 16 ? 1 : 2) |
			sn_field_prep(CD_DW0_IR0, 1) | sn_field_prep(CD_DW0_OR0, 1) |
			sn_field_prep(CD_DW0_SH0, 3) | CD_DW0_EPD1 | CD_DW0_V |
			sn_field_prep(CD_DW0_IPS, fz_chance(f, 20) ? fz_below(f, 6) : 5) |
			CD_DW0_AA64 | CD_DW0_A | CD_DW0_R |
			sn_field_prep(CD_DW0_ASID, fz_u16(f));
		if (fz_chance(f, 20))
			cd[0] ^= (CD_DW0_EPD1 | CD_DW0_TBI0 | CD_DW0_PAN | CD_DW0_WXN | CD_DW0_AFFD |
				  CD_DW0_S | CD_DW0_R | CD_DW0_A) & fz_u64(f);
		cd[1] = ttb0 & CD_DW1_TTB0;
		cd[3] = 0x000000000044ff04ULL;
		if (fz_chance(f, 15))
			cd[fz_below(f, CD_DWORDS)] ^= fz_u64(f);            /* a guest mistake, or worse */
		if (k > 0 && fz_chance(f, 25)) {
			/* A 2-level CD table: an L1CD at cd_ipa + 8k, the CD in its L2 table. */
			u64 l2 = guest_ipa(f, w, 0x1000);

			guest_write(w, w->cd_ipa + 8 * k, l2 | (fz_chance(f, 10) ? 0 : L1CD_V));
			at = l2 + 64 * fz_below(f, 4);
		}
		for (unsigned i = 0; i < CD_DWORDS; i++)
			guest_write(w, at + 8 * i, cd[i]);
	}
	/* Any words the guest likes, anywhere in its memory. */
	for (unsigned k = (unsigned)fz_below(f, 9); k; k--) {
		u64 ipa = guest_ipa(f, w, 8);

		guest_write(w, ipa, fz_u64(f));
	}
}

static void gen_txns(struct fz *f, struct world *w)
{
	w->ntx = 1 + (unsigned)fz_below(f, MAX_TXNS);
	for (unsigned k = 0; k < w->ntx; k++) {
		struct sn_txn *t = &w->txns[k];
		unsigned pick = (unsigned)fz_below(f, 8);

		*t = (struct sn_txn){ .sid = fz_chance(f, 10) ? (u32)fz_below(f, 16) : SID };
		if (pick < 5 && w->n_s1m)
			t->addr = w->s1m[fz_below(f, w->n_s1m)].ia | fz_below(f, 0x1000);
		else if (pick == 6)
			t->addr = fz_u64(f);
		else
			t->addr = guest_ipa(f, w, 1);
		if (fz_chance(f, 25)) {
			t->ssv = true;
			t->ssid = (u32)fz_below(f, 8);
		}
		t->write = fz_bool(f);
		t->priv = fz_bool(f);
		t->instr = !t->write && fz_chance(f, 20);
		if (fz_chance(f, 20))
			t->kind = SN_TXN_ATS_REQUEST;
	}
}

static void phase_b(struct fz *f, struct world *w, const u64 vste_in[2],
		    const struct host_env *env_in)
{
	struct host_env env = *env_in;
	u64 vste[2] = { vste_in[0], vste_in[1] };
	const char *why;

	w->mem = sn_mem_new(MEM_PAGES);
	if (!w->mem)
		return;
	smmu_init(&w->smmu, w->mem);
	w->smmu.strtab_base = STRTAB_PA;
	w->smmu.strtab_base_cfg = (u32)sn_field_prep(STRTAB_BASE_CFG_LOG2SIZE, STRTAB_LOG2);
	if (!build_s2(f, w))
		return;
	build_s1(f, w);
	switch (fz_below(f, 3)) {
	case 0:                 /* the vSTE points at the guest's CD */
		vste[0] = (vste[0] & ~STE_DW0_S1CONTEXTPTR) | (w->cd_ipa & STE_DW0_S1CONTEXTPTR);
		break;
	case 1:                 /* the input's pointer */
		break;
	default:                /* near it */
		vste[0] = (vste[0] & ~STE_DW0_S1CONTEXTPTR) |
			  ((w->cd_ipa + 64 * fz_below(f, 64)) & STE_DW0_S1CONTEXTPTR);
		break;
	}
	gen_txns(f, w);
	if ((w->parent[2] & STE_DW2_S2S) && env.ats_supported)
		w->parent[2] &= ~STE_DW2_S2S;
	if (!host_parent_ok(w->parent, &why) || !host_setup_ok(w->parent, &env, &why))
		return;

	for (unsigned i = 0; i < host_policy_count; i++) {
		const struct host_policy *p = host_policies[i];
		struct vste_result r;

		apply(p, vste, w->parent, &env, &r);
		if (r.err != SN_OK)
			continue;
		for (unsigned k = 0; k < STE_DWORDS; k++)
			sn_mem_write64(w->mem, STRTAB_PA + SID * 64ULL + 8 * k, r.ste[k]);
		for (unsigned k = 0; k < w->ntx; k++) {
			const struct sn_txn *t = &w->txns[k];
			struct sn_xlate x;
			struct sn_escape esc;
			char msg[512];

			memset(&x, 0, sizeof(x));
			smmu_translate(&w->smmu, t, &x);
			if (sn_escape_check(&w->img, &w->smmu, t, &x, &esc)) {
				snprintf(msg, sizeof(msg), "transaction %u (SID %u%s SSID %u, %s 0x%016"
					 PRIx64 "%s): %s (read %d of %u)", k, t->sid, t->ssv ? "" : " no",
					 t->ssid, t->kind == SN_TXN_ATS_REQUEST ? "ATS request" :
					 t->write ? "write" : t->instr ? "fetch" : "read", t->addr,
					 t->priv ? " priv" : "", esc.what, esc.log_index, w->smmu.log.n);
				fail_policy("semantic escape (architecture issue)", p, vste, w->parent,
					    &env, msg);
			}
			if (t->kind == SN_TXN_UNTRANSLATED && x.disp == SN_XLATE_OK && !x.s2_enabled) {
				snprintf(msg, sizeof(msg), "transaction %u (SID %u, 0x%016" PRIx64
					 ") translated to PA 0x%016" PRIx64 " without stage 2", k, t->sid,
					 t->addr, x.pa);
				fail_policy("semantic escape (architecture issue)", p, vste, w->parent,
					    &env, msg);
			}
		}
		for (unsigned k = 0; k < STE_DWORDS; k++)
			sn_mem_write64(w->mem, STRTAB_PA + SID * 64ULL + 8 * k, 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f;
	struct host_env env;
	u64 vste[2], parent[STE_DWORDS];
	struct world *w;
	unsigned pm;

	fz_init(&f, data, size);
	vste[0] = fz_u64(&f);
	vste[1] = fz_u64(&f);
	read_env(&f, &env);
	pm = fz_u8(&f) & 3;
	if (pm == 1) {
		memcpy(parent, host_default_parent, sizeof(parent));
	} else if (pm == 2) {
		host_parent_by_name("kunit-s2", parent);
	} else if (pm == 3) {
		for (unsigned i = 0; i < STE_DWORDS; i++)
			parent[i] = fz_u64(&f);
	}
	if (pm)
		phase_a(vste, parent, &env);

	w = calloc(1, sizeof(*w));
	if (!w)
		return 0;
	phase_b(&f, w, vste, &env);
	if (w->s1_built)
		sn_tt_free(&w->s1);
	if (w->s2_built)
		sn_tt_free(&w->s2);
	sn_mem_free(w->mem);
	free(w);
	return 0;
}
