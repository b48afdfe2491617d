// SPDX-License-Identifier: MIT
/*
 * A deliberately non-conforming device under test: the model adapter
 * (adapters/model) with three planted differences, so that `make check`
 * proves the replay reports each one, field by field, at the vector that
 * shows it.  --dut-arg takes the model adapter's settings plus
 *   bugs=LIST     '+'-separated, default all three:
 *
 *   fault-order   the SSID is checked against STE.S1CDMax before the STE's
 *                 own validity, so an ILLEGAL STE met with an out-of-range
 *                 SubstreamID reports C_BAD_SUBSTREAMID where IHI0070
 *                 §7.3.22's order gives C_BAD_STE
 *   s2-ipa        CMD_TLBI_S2_IPA is dropped, so stage-2-only TLB entries
 *                 (and stage-2 walk-cache entries) outlive a stage-2 change
 *                 that IHI0070 §4.4.3.1 says it removes
 *   lax-mask      the vSTE word-1 mask lets STRW (DW1[31:30]) through into
 *                 the physical STE, where every kernel refuses the vSTE
 *                 with EIO (linux.md §2.1)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/cmdq.h>
#include <smmu-nest/ste.h>

#include "../model/dut_model.h"

#define BUG_FAULT_ORDER 0x1u
#define BUG_S2_IPA      0x2u
#define BUG_LAX_MASK    0x4u
#define BUG_ALL         0x7u

struct broken {
	void *model;                    /* a struct model_dut */
	unsigned bugs;
};

static const struct sn_dut_ops *model(void)
{
	return sn_dut_model_ops();
}

static bool parse_bugs(const char *list, unsigned *bugs)
{
	char *copy = strdup(list), *save = NULL;
	bool ok = copy != NULL;

	*bugs = 0;
	for (char *b = copy ? strtok_r(copy, "+", &save) : NULL; ok && b;
	     b = strtok_r(NULL, "+", &save)) {
		if (strcmp(b, "fault-order") == 0)
			*bugs |= BUG_FAULT_ORDER;
		else if (strcmp(b, "s2-ipa") == 0)
			*bugs |= BUG_S2_IPA;
		else if (strcmp(b, "lax-mask") == 0)
			*bugs |= BUG_LAX_MASK;
		else
			ok = false;
	}
	free(copy);
	return ok;
}

/* Split --dut-arg: bugs= for us, the rest for the model adapter. */
static void *br_open(const char *arg, char msg[SN_DUT_MSG])
{
	struct broken *b = calloc(1, sizeof(*b));
	char *rest = calloc(1, strlen(arg) + 1), *copy = strdup(arg), *save = NULL;
	bool ok = b && rest && copy;

	if (!ok)
		snprintf(msg, SN_DUT_MSG, "out of memory");
	else
		b->bugs = BUG_ALL;
	for (char *kv = ok ? strtok_r(copy, ",", &save) : NULL; ok && kv;
	     kv = strtok_r(NULL, ",", &save)) {
		if (strncmp(kv, "bugs=", 5) == 0) {
			ok = parse_bugs(kv + 5, &b->bugs);
			if (!ok)
				snprintf(msg, SN_DUT_MSG, "bad bugs '%s' (fault-order, s2-ipa, "
					 "lax-mask, joined by '+')", kv + 5);
			continue;
		}
		if (rest[0])
			strcat(rest, ",");
		strcat(rest, kv);
	}
	if (ok) {
		b->model = model()->open(rest, msg);
		ok = b->model != NULL;
	}
	free(copy);
	free(rest);
	if (!ok) {
		free(b);
		return NULL;
	}
	return b;
}

static void br_close(void *dut)
{
	struct broken *b = dut;

	model()->close(b->model);
	free(b);
}

static int br_reset(void *dut, const struct sn_dut_config *cfg, char msg[SN_DUT_MSG])
{
	return model()->reset(((struct broken *)dut)->model, cfg, msg);
}

static int br_write64(void *dut, uint64_t pa, uint64_t value, char msg[SN_DUT_MSG])
{
	return model()->write64(((struct broken *)dut)->model, pa, value, msg);
}

static int br_set_strtab(void *dut, uint64_t base, uint32_t base_cfg, char msg[SN_DUT_MSG])
{
	return model()->set_strtab(((struct broken *)dut)->model, base, base_cfg, msg);
}

static int br_add_abort(void *dut, uint64_t pa, uint64_t size, char msg[SN_DUT_MSG])
{
	return model()->add_abort(((struct broken *)dut)->model, pa, size, msg);
}

static int br_command(void *dut, const uint64_t cmd[2], char msg[SN_DUT_MSG])
{
	struct broken *b = dut;

	if ((b->bugs & BUG_S2_IPA) && sn_field_get(CMD_DW0_OP, cmd[0]) == CMD_TLBI_S2_IPA)
		return SN_DUT_OK;       /* planted: dropped */
	return model()->command(b->model, cmd, msg);
}

/* The STE's address for @sid in a linear or 2-level stream table, or false. */
static bool ste_addr(const struct model_dut *m, uint32_t sid, uint64_t *pa)
{
	const uint64_t base = m->smmu.strtab_base & STRTAB_BASE_ADDR;
	const unsigned fmt = (unsigned)sn_field_get(STRTAB_BASE_CFG_FMT, m->smmu.strtab_base_cfg);
	const unsigned split = (unsigned)sn_field_get(STRTAB_BASE_CFG_SPLIT, m->smmu.strtab_base_cfg);
	uint64_t l1;

	if (fmt == 0) {
		*pa = base + (uint64_t)sid * 64;
		return true;
	}
	if (fmt != 1 || split == 0 || split > 24)
		return false;
	l1 = sn_mem_read64(m->mem, base + (uint64_t)(sid >> split) * 8);
	if (sn_field_get(L1STD_SPAN, l1) == 0)
		return false;
	*pa = (l1 & L1STD_L2PTR) + (uint64_t)(sid & ((1u << split) - 1)) * 64;
	return true;
}

static int br_translate(void *dut, const struct sn_dut_txn *t, struct sn_dut_result *r,
			char msg[SN_DUT_MSG])
{
	struct broken *b = dut;
	const struct model_dut *m = b->model;
	uint64_t pa, dw0;

	if ((b->bugs & BUG_FAULT_ORDER) && t->ssv && m->mem && ste_addr(m, t->sid, &pa) &&
	    ((dw0 = sn_mem_read64(m->mem, pa)) & STE_DW0_V) &&
	    t->ssid >> sn_field_get(STE_DW0_S1CDMAX, dw0) != 0) {
		/* planted: the SubstreamID judged before the STE is checked */
		const struct sn_event e = { .type = EVT_C_BAD_SUBSTREAMID, .sid = t->sid,
					    .ssid = t->ssid };

		memset(r, 0, sizeof(*r));
		r->disp = SN_DUT_XLATE_ABORT;
		r->has_event = true;
		sn_event_encode(&e, r->event);
		return SN_DUT_OK;
	}
	return model()->translate(b->model, t, r, msg);
}

static int br_validate_vste(void *dut, const struct sn_dut_vste_in *in,
			    struct sn_dut_vste_out *out, char msg[SN_DUT_MSG])
{
	struct broken *b = dut;
	struct sn_dut_vste_in lax = *in;
	uint64_t strw = in->vste[1] & STE_DW1_STRW;
	int rc;

	if (!(b->bugs & BUG_LAX_MASK) || !strw)
		return model()->validate_vste(b->model, in, out, msg);
	/* planted: STRW is not checked, and reaches the physical STE */
	lax.vste[1] &= ~STE_DW1_STRW;
	rc = model()->validate_vste(b->model, &lax, out, msg);
	if (rc == SN_DUT_OK && out->err == 0)
		out->ste[1] |= strw;
	return rc;
}

static int br_s2_change(void *dut, const struct sn_dut_s2_change *c, sn_dut_emit_fn emit,
			void *emit_ctx, char msg[SN_DUT_MSG])
{
	return model()->s2_change(((struct broken *)dut)->model, c, emit, emit_ctx, msg);
}

static const struct sn_dut_ops broken_ops = {
	.abi_version = SN_DUT_ABI_VERSION,
	.name = "smmu-nest broken (fault-order, s2-ipa, lax-mask)",
	.caps = SN_DUT_CAP_SMMU | SN_DUT_CAP_ABORTS | SN_DUT_CAP_VSTE | SN_DUT_CAP_S2_CHANGE,
	.open = br_open,
	.close = br_close,
	.reset = br_reset,
	.write64 = br_write64,
	.set_strtab = br_set_strtab,
	.command = br_command,
	.translate = br_translate,
	.add_abort = br_add_abort,
	.validate_vste = br_validate_vste,
	.s2_change = br_s2_change,
};

const struct sn_dut_ops *smmu_nest_dut(uint32_t abi_version);

const struct sn_dut_ops *smmu_nest_dut(uint32_t abi_version)
{
	return abi_version == SN_DUT_ABI_VERSION ? &broken_ops : NULL;
}
