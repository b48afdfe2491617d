// SPDX-License-Identifier: MIT
/*
 * vIOMMU cache invalidation: what the host kernel does with a guest's
 * IOMMU_HWPT_INVALIDATE array (linux.md §5).
 *
 * Sources: d68beb276ba2 "iommu/arm-smmu-v3: Support IOMMU_HWPT_INVALIDATE
 * using a VIOMMU object" (v6.13); arm_vsmmu_convert_user_cmd() and
 * arm_vsmmu_cache_invalidate() are the same in the ≈v6.15 (aedc8fa5141b)
 * and ≈v6.19 (056daec2925d) copies of arm-smmu-v3-iommufd.c, so v6.13,
 * v6.15 and v7.0 share one procedure.
 */
#include <stdio.h>
#include <string.h>

#include <smmu-nest/cmdq.h>
#include <smmu-nest/mutants.h>
#include <smmu-nest/viommu.h>

/*
 * Which policies have the path is a column of the policy rows
 * (host_policy.viommu_invalidate, policy/host.c).  seed-v2 (Aug 2024, a
 * v6.11-era core) predates IOMMU_VIOMMU_ALLOC: there is no vIOMMU object to
 * invalidate on, and the seed's nested domain has no invalidation op either
 * (linux.md §2.1: "Currently invalidation of ATC is not supported").  The
 * model answers EOPNOTSUPP, "the host offers no such operation"; a real v6.11
 * kernel would refuse earlier, at the missing vIOMMU ioctl.
 */
bool viommu_inv_supported(const struct host_policy *p)
{
	return p->viommu_invalidate;
}

/* What arm_vsmmu_convert_user_cmd() does with each guest opcode. */
enum viommu_action {
	VI_REFUSE = 0,          /* default: -EIO */
	VI_NSNH_TO_NH_ALL,      /* replaced by NH_ALL with the VM's VMID, word 1 = 0 */
	VI_FORCE_VMID,          /* VMID (47:32) overwritten, all else kept */
	VI_MAP_SID,             /* SID (63:32) is a vSID: looked up and replaced */
};

static const u8 viommu_whitelist[256] = {
	[CMD_TLBI_NSNH_ALL] = VI_NSNH_TO_NH_ALL,
	[CMD_TLBI_NH_VA] = VI_FORCE_VMID,
	[CMD_TLBI_NH_VAA] = VI_FORCE_VMID,
	[CMD_TLBI_NH_ALL] = VI_FORCE_VMID,
	[CMD_TLBI_NH_ASID] = VI_FORCE_VMID,
	[CMD_ATC_INV] = VI_MAP_SID,
	[CMD_CFGI_CD] = VI_MAP_SID,
	[CMD_CFGI_CD_ALL] = VI_MAP_SID,
};

/* arm_vsmmu_vsid_to_sid(): the vDEVICE's first StreamID. */
static bool vsid_to_sid(const struct viommu *v, u32 vsid, u32 *sid)
{
	for (size_t i = 0; i < v->nvdevs; i++) {
		if (v->vdevs[i].vsid == vsid) {
			*sid = v->vdevs[i].psid;
			return true;
		}
	}
	return false;
}

/* The VMID the host writes: the VM's, or (planted bug) the guest's own. */
static u64 host_vmid(const struct host_policy *p, const struct viommu *v, u64 guest_w0)
{
	if (p->bugs & BUG_VIOMMU_VMID_PASSTHROUGH)
		return sn_field_get(CMD_TLBI_DW0_VMID, guest_w0);
#if SN_MUTANT == SN_MUT_VIOMMU_VMID /* mutant viommu-vmid: the guest's VMID kept */
	return sn_field_get(CMD_TLBI_DW0_VMID, guest_w0);
#endif
	return v->vmid;
}

int viommu_convert_cmd(const struct host_policy *p, const struct viommu *v,
		       const u64 in[2], u64 out[2], const char **why)
{
	u8 op = (u8)sn_field_get(CMD_DW0_OP, in[0]);
	const char *dummy;
	u32 sid;

	if (!why)
		why = &dummy;

	switch ((enum viommu_action)viommu_whitelist[op]) {
	case VI_NSNH_TO_NH_ALL:
		out[0] = sn_field_prep(CMD_DW0_OP, CMD_TLBI_NH_ALL) |
			 sn_field_prep(CMD_TLBI_DW0_VMID, host_vmid(p, v, in[0]));
		out[1] = 0;
		*why = "TLBI_NSNH_ALL becomes TLBI_NH_ALL of the VM's VMID";
		return SN_OK;
	case VI_FORCE_VMID:
		out[0] = sn_field_set(CMD_TLBI_DW0_VMID, in[0], host_vmid(p, v, in[0]));
		out[1] = in[1];
		*why = "stage-1 TLBI: VMID forced to the VM's";
		return SN_OK;
	case VI_MAP_SID:
		if (!vsid_to_sid(v, (u32)sn_field_get(CMD_DW0_SID, in[0]), &sid)) {
			*why = "vSID has no vDEVICE on this vIOMMU";
			return SN_EIO;
		}
#if SN_MUTANT == SN_MUT_VIOMMU_VSID /* mutant viommu-vsid: the guest's vSID kept */
		sid = (u32)sn_field_get(CMD_DW0_SID, in[0]);
#endif
		out[0] = sn_field_set(CMD_DW0_SID, in[0], sid);
		out[1] = in[1];
		*why = "vSID replaced by the device's physical StreamID";
		return SN_OK;
	case VI_REFUSE:
	default:
		*why = "opcode is not on the vIOMMU whitelist";
		return SN_EIO;
	}
}

static int issue(const struct viommu_queue *q, const u64 (*cmds)[2], unsigned n)
{
	if (!q || !q->issue)
		return 0;
	return q->issue(q->ctx, cmds, n, true);
}

void viommu_invalidate(const struct host_policy *p, const struct viommu *v,
		       const u64 (*cmds)[2], size_t n,
		       const struct viommu_queue *q, struct viommu_inv_result *out)
{
	/* The open batch, [last, cur): all the kernel's copy that matters. */
	u64 batch[VIOMMU_BATCH_MAX][2];
	size_t cur = 0, last = 0;
	const char *why = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	if (!viommu_inv_supported(p)) {
		out->err = SN_EOPNOTSUPP;
		snprintf(out->reason, sizeof(out->reason),
			 "%s has no vIOMMU invalidation path", p->name);
		return;
	}

	while (cur != n) {
		err = viommu_convert_cmd(p, v, cmds[cur], batch[cur - last], &why);
		if (err) {
			/* (a): entry_num = cur, though [last, cur) never reached the queue */
			out->err = err;
			out->unissued = cur - last;
			snprintf(out->reason, sizeof(out->reason), "entry %zu: %s", cur, why);
			break;
		}
		cur++;
		if (cur != n && cur - last != VIOMMU_BATCH_MAX)
			continue;
		out->issues++;
		err = issue(q, (const u64 (*)[2])batch, (unsigned)(cur - last));
		if (err) {
			/* (b): one back from the end of the failed batch */
			cur--;
			out->err = err;
			snprintf(out->reason, sizeof(out->reason),
				 "issue %zu of entries [%zu, %zu) failed", out->issues,
				 last, cur + 1);
			break;
		}
		last = cur;
	}
	out->entry_num = cur;
	if (!out->err)
		snprintf(out->reason, sizeof(out->reason), "%zu commands in %zu batches",
			 n, out->issues);
}

static int log_issue(void *ctx, const u64 (*cmds)[2], unsigned n, bool sync)
{
	struct viommu_log *log = ctx;
	int err = 0;

	log->calls++;
	log->total_cmds += n;
	if (log->fail_issue && log->calls == log->fail_issue)
		err = log->fail_err ? log->fail_err : SN_EIO;

	if (log->nbatches >= log->batch_cap || log->cmd_cap - log->ncmds < n) {
		log->overflow = true;
		return err;
	}
	log->batches[log->nbatches++] = (struct viommu_batch){
		.first = log->ncmds, .n = n, .sync = sync, .err = err,
	};
	memcpy(log->cmds + log->ncmds, cmds, n * sizeof(cmds[0]));
	log->ncmds += n;
	return err;
}

void viommu_log_queue(struct viommu_log *log, struct viommu_queue *q)
{
	q->issue = log_issue;
	q->ctx = log;
}
