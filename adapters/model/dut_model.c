// SPDX-License-Identifier: MIT
/*
 * The model itself behind the device-under-test interface (dut.h): the
 * adapter `make check` replays every vector against, so that the replay
 * path -- image copy, register encoding, event records, lockstep caching
 * -- is proven on an implementation that must pass everything.
 *
 * The SMMU is the model with caches under the staleness oracle's
 * retention (cache mode max by default: the weakest SMMU the architecture
 * allows), and answers with what its caches serve.  The host policy is one
 * of the model's policies.  --dut-arg takes comma-separated settings:
 *   policy=NAME   seed-v2, v6.13, v6.15 or v7.0 (default: the default policy)
 *   cache=MODE    none, max or lru:N (default max)
 *
 * Built as a shared library exporting smmu_nest_dut(); compiled with
 * SN_DUT_MODEL_NO_ENTRY it leaves the entry point out and exposes
 * sn_dut_model_ops() instead, for adapters that wrap it (dut_broken.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/dut.h>
#include <smmu-nest/oracle.h>
#include <smmu-nest/s2inval.h>
#include <smmu-nest/tlbscn.h>

#include "dut_model.h"

static bool parse_arg(struct model_dut *m, const char *arg, char msg[SN_DUT_MSG])
{
	char *copy = strdup(arg), *save = NULL;
	bool ok = copy != NULL;

	if (!copy)
		snprintf(msg, SN_DUT_MSG, "out of memory");
	for (char *kv = copy ? strtok_r(copy, ",", &save) : NULL; ok && kv;
	     kv = strtok_r(NULL, ",", &save)) {
		char *val = strchr(kv, '=');

		if (val)
			*val++ = '\0';
		if (val && strcmp(kv, "policy") == 0 && host_policy_find(val)) {
			m->pol = host_policy_find(val);
		} else if (val && strcmp(kv, "cache") == 0 && tlb_policy_parse(val, &m->cache)) {
			continue;
		} else {
			snprintf(msg, SN_DUT_MSG, "bad setting '%s%s%s' (policy=seed-v2|v6.13|v6.15|"
				 "v7.0, cache=none|max|lru:N)", kv, val ? "=" : "", val ? val : "");
			ok = false;
		}
	}
	free(copy);
	return ok;
}

static void *md_open(const char *arg, char msg[SN_DUT_MSG])
{
	struct model_dut *m = calloc(1, sizeof(*m));

	if (!m) {
		snprintf(msg, SN_DUT_MSG, "out of memory");
		return NULL;
	}
	m->pol = host_policy_default();
	(void)tlb_policy_parse("max", &m->cache);
	m->j = malloc(sizeof(*m->j));
	if (!m->j || !parse_arg(m, arg, msg)) {
		if (!m->j)
			snprintf(msg, SN_DUT_MSG, "out of memory");
		free(m->j);
		free(m);
		return NULL;
	}
	return m;
}

static void drop_smmu(struct model_dut *m)
{
	sn_oracle_free(m->o);
	sn_mem_free(m->mem);
	m->o = NULL;
	m->mem = NULL;
}

static void md_close(void *dut)
{
	struct model_dut *m = dut;

	drop_smmu(m);
	free(m->j);
	free(m);
}

static int md_reset(void *dut, const struct sn_dut_config *cfg, char msg[SN_DUT_MSG])
{
	struct model_dut *m = dut;

	drop_smmu(m);
	m->mem = sn_mem_new(cfg->max_pages ? cfg->max_pages : SN_MEM_DEFAULT_MAX_PAGES);
	if (!m->mem) {
		snprintf(msg, SN_DUT_MSG, "out of memory");
		return SN_DUT_FAILED;
	}
	smmu_init(&m->smmu, m->mem);
	smmu_idr_decode(cfg->idr, &m->smmu.idr);
	m->smmu.cr0_atschk = cfg->cr0 & (1u << 4);
	m->smmu.cr2_e2h = cfg->cr2 & 1u;
	m->smmu.cr2_recinvsid = cfg->cr2 & (1u << 1);
	m->o = sn_oracle_new(&m->smmu, &m->cache, SN_TLB_CAPACITY);
	if (!m->o) {
		snprintf(msg, SN_DUT_MSG, "out of memory");
		return SN_DUT_FAILED;
	}
	return SN_DUT_OK;
}

static bool have_smmu(struct model_dut *m, char msg[SN_DUT_MSG])
{
	if (m->o)
		return true;
	snprintf(msg, SN_DUT_MSG, "no reset() yet");
	return false;
}

static int md_write64(void *dut, uint64_t pa, uint64_t value, char msg[SN_DUT_MSG])
{
	struct model_dut *m = dut;

	if (!have_smmu(m, msg))
		return SN_DUT_FAILED;
	if (sn_oracle_write(m->o, pa, value) != 0) {
		snprintf(msg, SN_DUT_MSG, "PA 0x%llx is unaligned or passes the memory cap",
			 (unsigned long long)pa);
		return SN_DUT_FAILED;
	}
	return SN_DUT_OK;
}

static int md_add_abort(void *dut, uint64_t pa, uint64_t size, char msg[SN_DUT_MSG])
{
	struct model_dut *m = dut;

	if (!have_smmu(m, msg))
		return SN_DUT_FAILED;
	if (sn_mem_add_abort(m->mem, pa, size) != 0) {
		snprintf(msg, SN_DUT_MSG, "abort table full, or size 0");
		return SN_DUT_FAILED;
	}
	return SN_DUT_OK;
}

static int md_set_strtab(void *dut, uint64_t base, uint32_t base_cfg, char msg[SN_DUT_MSG])
{
	struct model_dut *m = dut;

	if (!have_smmu(m, msg))
		return SN_DUT_FAILED;
	m->smmu.strtab_base = base;
	m->smmu.strtab_base_cfg = base_cfg;
	return SN_DUT_OK;
}

static int md_command(void *dut, const uint64_t cmd[2], char msg[SN_DUT_MSG])
{
	struct model_dut *m = dut;

	if (!have_smmu(m, msg))
		return SN_DUT_FAILED;
	/* An illegal command stops the queue inside the oracle, as dut.h asks. */
	(void)sn_oracle_cmd(m->o, cmd);
	return SN_DUT_OK;
}

static int md_translate(void *dut, const struct sn_dut_txn *dt, struct sn_dut_result *r,
			char msg[SN_DUT_MSG])
{
	struct model_dut *m = dut;
	const struct sn_txn t = {
		.sid = dt->sid, .ssv = dt->ssv, .ssid = dt->ssid, .addr = dt->addr,
		.write = dt->write, .priv = dt->priv, .instr = dt->instr,
		.kind = (enum sn_txn_kind)dt->kind,
	};
	const struct sn_xlate *x = &m->j->served;

	if (!have_smmu(m, msg))
		return SN_DUT_FAILED;
	if (dt->kind > SN_DUT_TXN_ATS_TRANSLATED) {
		snprintf(msg, SN_DUT_MSG, "transaction kind %u", (unsigned)dt->kind);
		return SN_DUT_UNSUPPORTED;
	}
	sn_oracle_translate(m->o, &t, dt->device_atc, m->j);
	memset(r, 0, sizeof(*r));
	r->disp = (uint32_t)x->disp;    /* enum sn_disposition and dut.h share their numbers */
	r->pa = x->pa;
	r->valid = SN_DUT_R_IPA | SN_DUT_R_PAGE_SHIFT | SN_DUT_R_S1_PERM | SN_DUT_R_S2_PERM |
		   SN_DUT_R_ATS_GRANT;
	r->ipa = x->ipa;
	r->page_shift = x->page_shift;
	r->s1_perm = x->s1_perm;
	r->s2_perm = x->s2_perm;
	r->ats_grant = x->ats_grant;
	r->has_event = x->has_event;
	if (x->has_event)
		sn_event_encode(&x->event, r->event);
	return SN_DUT_OK;
}

static int to_errno(int err)
{
	switch (err) {
	case SN_EIO: return SN_DUT_EIO;
	case SN_EINVAL: return SN_DUT_EINVAL;
	case SN_EOPNOTSUPP: return SN_DUT_EOPNOTSUPP;
	case SN_EBUSY: return SN_DUT_EBUSY;
	case SN_ENOENT: return SN_DUT_ENOENT;
	default: return 0;
	}
}

static int md_validate_vste(void *dut, const struct sn_dut_vste_in *in,
			    struct sn_dut_vste_out *out, char msg[SN_DUT_MSG])
{
	struct model_dut *m = dut;
	const struct host_env env = {
		.nesting = in->nesting, .trans_s1 = in->trans_s1, .s2fwb = in->s2fwb,
		.cmdq_force_sync = in->cmdq_force_sync, .canwbs = in->canwbs,
		.ats_supported = in->ats_supported, .parent_paging = in->parent_paging,
		.parent_s2 = in->parent_s2, .parent_same_smmu = in->parent_same_smmu,
		.parent_nest_parent = in->parent_nest_parent, .ssids_in_use = in->ssids_in_use,
		.vdevice = in->vdevice, .alloc_flags = in->alloc_flags,
	};
	struct vste_result r;

	(void)msg;
	memset(&r, 0, sizeof(r));
	host_policy_apply(m->pol, in->vste, in->parent, &env, &r);
	memset(out, 0, sizeof(*out));
	out->err = to_errno(r.err);
	out->stage = (uint32_t)r.stage;
	if (r.err == SN_OK) {
		memcpy(out->ste, r.ste, sizeof(out->ste));
		out->ats = r.ats;
	}
	return SN_DUT_OK;
}

struct emit_ctx {
	sn_dut_emit_fn emit;
	void *ctx;
};

static void md_emit(void *ctx, const u64 cmd[2], enum s2inv_step step)
{
	const struct emit_ctx *e = ctx;

	(void)step;
	e->emit(e->ctx, cmd);
}

static int md_s2_change(void *dut, const struct sn_dut_s2_change *c, sn_dut_emit_fn emit,
			void *emit_ctx, char msg[SN_DUT_MSG])
{
	struct model_dut *m = dut;
	struct s2inv_master *ms = calloc(c->nmasters + 1, sizeof(*ms));
	struct emit_ctx e = { emit, emit_ctx };
	const struct s2inv_queue q = { md_emit, &e };
	struct s2inv_domain d = {
		.vmid = c->vmid, .nest_parent = c->nest_parent, .page_shift = c->page_shift,
		.range_inv = c->range_inv, .ats = c->ats, .masters = ms, .nmasters = c->nmasters,
	};
	const struct s2inv_change ch = {
		.kind = c->flush_all ? S2INV_FLUSH_ALL : S2INV_RANGE, .iova = c->iova,
		.size = c->size, .granule = c->granule, .leaf = c->leaf,
	};
	struct s2inv_result res;

	if (!ms) {
		snprintf(msg, SN_DUT_MSG, "out of memory");
		return SN_DUT_FAILED;
	}
	for (size_t i = 0; i < c->nmasters; i++)
		ms[i] = (struct s2inv_master){
			.sids = c->masters[i].sids, .nsids = c->masters[i].nsids,
			.ats_enabled = c->masters[i].ats_enabled, .nested = c->masters[i].nested,
			.nested_ats_flush = c->masters[i].nested_ats_flush,
			.ssid = c->masters[i].ssid,
		};
	s2inv_run(m->pol, &d, &ch, &q, &res);
	free(ms);
	if (res.err != SN_OK) {
		snprintf(msg, SN_DUT_MSG, "%s", res.reason);
		return SN_DUT_FAILED;
	}
	return SN_DUT_OK;
}

static const struct sn_dut_ops model_ops = {
	.abi_version = SN_DUT_ABI_VERSION,
	.name = "smmu-nest model",
	.caps = SN_DUT_CAP_SMMU | SN_DUT_CAP_ABORTS | SN_DUT_CAP_VSTE | SN_DUT_CAP_S2_CHANGE,
	.open = md_open,
	.close = md_close,
	.reset = md_reset,
	.write64 = md_write64,
	.set_strtab = md_set_strtab,
	.command = md_command,
	.translate = md_translate,
	.add_abort = md_add_abort,
	.validate_vste = md_validate_vste,
	.s2_change = md_s2_change,
};

const struct sn_dut_ops *sn_dut_model_ops(void)
{
	return &model_ops;
}

#ifndef SN_DUT_MODEL_NO_ENTRY
const struct sn_dut_ops *smmu_nest_dut(uint32_t abi_version);

const struct sn_dut_ops *smmu_nest_dut(uint32_t abi_version)
{
	return abi_version == SN_DUT_ABI_VERSION ? &model_ops : NULL;
}
#endif
