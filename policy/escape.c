// SPDX-License-Identifier: MIT
/* The semantic escape checker; see include/smmu-nest/escape.h. */
#include <inttypes.h>
#include <stdio.h>

#include <smmu-nest/escape.h>

/* Stage-2 descriptor bits the image needs (DDI0487 D8.3; arch.md §6.4). */
#define S2AP_READ  0x1          /* S2AP[0], descriptor bit 6 */
#define S2AP_WRITE 0x2          /* S2AP[1], descriptor bit 7 */
#define XN_BIT     0x2          /* XN[1] (descriptor bit 54): no execution */

/* The mapping whose output range holds @pa, or NULL. */
static const struct sn_tt_map *image_lookup(const struct sn_s2_image *img, u64 pa)
{
	for (unsigned i = 0; i < img->n_maps; i++) {
		const struct sn_tt_map *m = &img->maps[i];

		if (pa - m->oa < m->size)
			return m;
	}
	return NULL;
}

static bool escaped(struct sn_escape *out, int index, const char *fmt, u64 pa)
{
	out->escaped = true;
	out->log_index = index;
	snprintf(out->what, sizeof(out->what), fmt, pa);
	return true;
}

static bool guest_structure(enum sn_access_what what)
{
	return what == SN_ACC_CD || what == SN_ACC_L1CD || what == SN_ACC_S1_DESC;
}

/* Every read made for the transaction, judged by whose structure it is. */
static bool check_reads(const struct sn_s2_image *img, const struct sn_access_log *log,
			struct sn_escape *out)
{
	for (unsigned i = 0; i < log->n; i++) {
		const struct sn_access *a = &log->a[i];
		const struct sn_tt_map *m;

		if (a->what == SN_ACC_S2_DESC) {
			if (a->pa - img->table_base >= img->table_size)
				return escaped(out, (int)i,
					       "stage-2 descriptor read at PA 0x%016" PRIx64
					       " outside the host's stage-2 tables", a->pa);
			continue;
		}
		if (!guest_structure(a->what))
			continue;
		m = image_lookup(img, a->pa);
		if (!m)
			return escaped(out, (int)i,
				       "guest structure read at PA 0x%016" PRIx64
				       " outside the parent's stage-2 image", a->pa);
		if (!(m->ap & S2AP_READ))
			return escaped(out, (int)i,
				       "guest structure read at PA 0x%016" PRIx64
				       " where stage 2 grants no read", a->pa);
	}
	if (log->overflow)
		return escaped(out, -1, "access log overflowed (%" PRIu64 " reads kept); cannot judge",
			       (u64)SN_LOG_MAX);
	return false;
}

/* The permission an access needs, against the mapping's S2AP and XN. */
static bool output_allowed(const struct sn_tt_map *m, const struct sn_txn *t,
			   const struct sn_xlate *x)
{
	if (t->kind == SN_TXN_ATS_REQUEST) {
		/*
		 * The device may later use whatever the completion grants.  Under
		 * the host's STE.INSTCFG == Instruction every read is a fetch, so
		 * R is judged as execute: an execute-only stage-2 page allows it,
		 * as IHI0070 §13.7.1 grants it (fuzz/repro/vste-ats-instcfg-xo.bin).
		 */
		if ((x->ats_grant & SN_ATS_R) &&
		    !(x->reads_as_fetch ? !(m->xn & XN_BIT) : (m->ap & S2AP_READ)))
			return false;
		if ((x->ats_grant & SN_ATS_W) && !(m->ap & S2AP_WRITE))
			return false;
		return !((x->ats_grant & SN_ATS_X) && (m->xn & XN_BIT));
	}
	/*
	 * Stage-2 S2AP governs data accesses only; an instruction fetch needs
	 * stage-2 execute permission (XN clear) and no read permission, so
	 * execute-only stage-2 pages exist (DDI0487 D8.4.2).
	 */
	if (t->write)
		return m->ap & S2AP_WRITE;
	/*
	 * A read is judged as the SMMU performed it: the host's own
	 * STE.INSTCFG may make it an instruction fetch (IHI0070 §5.2), which
	 * an execute-only page allows (fuzz/repro/vste-instcfg-escape.bin).
	 */
	if (x->eff_instr)
		return !(m->xn & XN_BIT);
	return m->ap & S2AP_READ;
}

bool sn_escape_check(const struct sn_s2_image *img, const struct smmu *s,
		     const struct sn_txn *t, const struct sn_xlate *x,
		     struct sn_escape *out)
{
	const struct sn_tt_map *m;

	out->escaped = false;
	out->log_index = -1;
	out->what[0] = '\0';
	if (check_reads(img, &s->log, out))
		return true;
	if (x->disp != SN_XLATE_OK)
		return false;
	if (t->kind == SN_TXN_ATS_REQUEST && x->ats_grant == 0)
		return false;       /* "no access" completion */
	m = image_lookup(img, x->pa);
	if (!m)
		return escaped(out, -1, "output PA 0x%016" PRIx64
			       " outside the parent's stage-2 image", x->pa);
	if (!output_allowed(m, t, x))
		return escaped(out, -1, "output PA 0x%016" PRIx64
			       " lacks the stage-2 permission the access needs", x->pa);
	return false;
}
