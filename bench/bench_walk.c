// SPDX-License-Identifier: MIT
/*
 * make bench: how fast the model walks, against the floor.
 *
 * A nested walk with 4 KB granules, 4 stage-1 levels and 4 stage-2 levels,
 * no caching, makes 24 table reads: 4 stage-2 walks of 4 reads for the
 * stage-1 table IPAs plus the 4 stage-1 reads, then 4 reads for the output
 * IPA.  The floor is a loop doing the same 24 reads from the same sparse
 * memory and nothing else: no walker can beat it.  Also: vSTE decisions per
 * second under the default policy, and prove-vste (prove.h) per policy on a
 * fixed 1/64 of its space -- 64 slices of 1/4096 spread evenly over the case
 * indices (shards 1, 65, 129, ... of 4096) -- with the wall time the whole
 * space would take at that rate.  Figures only; nothing here is a test.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/cache.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/prove.h>
#include <smmu-nest/walk.h>

#define WALKS 300000u
#define REPEATS 5
#define PROVE_SHARDS 4096u
#define PROVE_STRIDE 64u         /* run shards 1, 1 + 64, ...: 1/64 of the space */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * BENCH_TSV=FILE: each figure is also appended to FILE as one
 * "name<TAB>value<TAB>unit" line, for scripts/bench-table.sh.
 */
static FILE *tsv;

static void tsv_row(const char *name, double value, const char *unit)
{
	if (tsv)
		fprintf(tsv, "%s\t%.6g\t%s\n", name, value, unit);
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench: %s: %s\n", what, why);
	exit(1);
}

struct setup {
	struct sn_mem *mem;
	struct smmu smmu;
	struct sn_tt s2, s1;
	struct s2_cfg s2c;
	struct s1_cfg s1c;
	u64 va;
};

/* Stage 2 maps IPA [0, 2 MiB) page by page to PA 0x80000000; stage 1 maps
 * one VA page to IPA 0x100000; stage-1 tables live at IPA 0x10000. */
static void build(struct setup *b)
{
	static struct sn_tt_map s2m[512];
	struct sn_tt_map s1m = { .ia = 0x0000123456789000ULL, .oa = 0x100000, .size = 0x1000,
				 .ap = 1, .attr = 0, .sh = 3, .af = true };
	struct sn_tt_cfg c2 = { .stage = 2, .granule_shift = 12, .tsz = 16, .start_level = 0,
				.pool_base = 0x40000000, .pool_size = 0x100000 };
	struct sn_tt_cfg c1 = { .stage = 1, .granule_shift = 12, .tsz = 16, .start_level = 0,
				.pool_base = 0x10000, .pool_size = 0x10000 };
	struct sn_tt_err err;

	for (unsigned i = 0; i < 512; i++)
		s2m[i] = (struct sn_tt_map){ .ia = i * 0x1000ULL, .oa = 0x80000000ULL + i * 0x1000ULL,
					     .size = 0x1000, .ap = 3, .attr = 0xf, .sh = 3, .af = true };
	b->mem = sn_mem_new(SN_MEM_DEFAULT_MAX_PAGES);
	if (!b->mem)
		die("memory", "allocation failed");
	smmu_init(&b->smmu, b->mem);
	if (sn_tt_build(b->mem, &c2, s2m, 512, &b->s2, &err))
		die("stage-2 tables", err.msg);
	c1.resolve = sn_tt_resolve_s2;
	c1.resolve_ctx = &b->s2;
	if (sn_tt_build(b->mem, &c1, &s1m, 1, &b->s1, &err))
		die("stage-1 tables", err.msg);
	b->s2c = (struct s2_cfg){ .vmid = 1, .t0sz = 16, .sl0 = b->s2.sl0, .tg = 0, .ps = 5,
				  .ttb = b->s2.ttb, .aa64 = true, .r = true };
	memset(&b->s1c, 0, sizeof(b->s1c));
	b->s1c.half[0] = (struct s1_half){ .tsz = 16, .granule_shift = 12, .ttb = b->s1.ttb };
	b->s1c.half[1].epd = true;
	b->s1c.ips = 5;
	b->s1c.aa64 = true;
	b->s1c.a = b->s1c.r = true;
	b->s1c.mair = 0xff;
	b->va = s1m.ia | 0x123;
}

/* prove-vste on 1/64 of each policy's space, spread over the whole index range. */
static void bench_prove(void)
{
	char err[256];
	struct sn_prove *pv = sn_prove_new(err, sizeof(err));

	if (!pv)
		die("prove-vste", err);
	printf("\n%-30s %12s %9s %11s %10s %12s\n", "prove-vste, 1/64 of the space",
	       "cases", "seconds", "cases/s", "violations", "full est. s");
	for (unsigned i = 0; i < host_policy_count; i++) {
		struct sn_prove_report r, part;
		double t0 = now(), t;

		sn_prove_report_init(&r, 0, 0);
		for (unsigned k = 1; k <= PROVE_SHARDS; k += PROVE_STRIDE) {
			u64 first, count;

			if (!sn_prove_shard(sn_prove_total(), k, PROVE_SHARDS, &first, &count))
				die("prove-vste", "bad shard");
			sn_prove_report_init(&part, first, count);
			sn_prove_run(pv, host_policies[i], first, count, &part);
			r.checked += part.checked;
			r.violations += part.violations;
		}
		t = now() - t0;
		printf("%-30s %12" PRIu64 " %9.2f %9.2f M %10" PRIu64 " %12.0f\n",
		       host_policies[i]->name, r.checked, t, (double)r.checked / t / 1e6,
		       r.violations, t * (double)sn_prove_total() / (double)r.checked);
		{
			char name[64];

			snprintf(name, sizeof(name), "prove-vste %s", host_policies[i]->name);
			tsv_row(name, t * (double)sn_prove_total() / (double)r.checked,
				"s (whole space, estimated from 1/64)");
		}
	}
	printf("(one core; the space is %" PRIu64 " cases per policy)\n", sn_prove_total());
	sn_prove_free(pv);
}

int main(void)
{
	struct setup b;
	struct walk_env w;
	struct walk_req req;
	struct walk_out out;
	struct walk_fault f;
	u64 pas[SN_LOG_MAX], sink = 0, vste[2] = { 0x000000008000100bULL, 0x00000000100000d6ULL };
	unsigned n_reads;
	double best_walk = 1e9, best_floor = 1e9, t0, best_vste = 1e9, best_hit = 1e9;
	struct tlb_policy maxp = { TLB_POLICY_MAX, 0 };
	struct sn_cache cache = { .tlb = tlb_create(&maxp, 256, false) };
	struct host_env env;
	struct vste_result r;

	if (getenv("BENCH_TSV") && !(tsv = fopen(getenv("BENCH_TSV"), "a")))
		die("BENCH_TSV", "cannot open the file for appending");
	build(&b);
	w = (struct walk_env){ .smmu = &b.smmu, .s1 = &b.s1c, .s2 = &b.s2c };
	req = (struct walk_req){ .addr = b.va, .priv = true };
	b.smmu.log.n = 0;
	if (!walk_translate(&w, &req, &out, &f))
		die("walk", "the benchmark walk faulted");
	n_reads = b.smmu.log.n;
	if (n_reads != 24)
		fprintf(stderr, "bench: note: the walk made %u reads, not 24\n", n_reads);
	for (unsigned i = 0; i < n_reads; i++)
		pas[i] = b.smmu.log.a[i].pa;

	for (unsigned rep = 0; rep < REPEATS; rep++) {
		t0 = now();
		for (unsigned i = 0; i < WALKS; i++) {
			b.smmu.log.n = 0;
			walk_translate(&w, &req, &out, &f);
			sink += out.oa;
		}
		if (now() - t0 < best_walk)
			best_walk = now() - t0;
		t0 = now();
		for (unsigned i = 0; i < WALKS; i++)
			for (unsigned k = 0; k < n_reads; k++)
				sink += sn_mem_read64(b.mem, pas[k]);
		if (now() - t0 < best_floor)
			best_floor = now() - t0;
		/* The same walk served by the combined TLB entry (cache.h), warm. */
		b.smmu.cache = &cache;
		sn_cache_begin(&cache);
		walk_translate(&w, &req, &out, &f);
		t0 = now();
		for (unsigned i = 0; i < WALKS; i++) {
			b.smmu.log.n = 0;
			sn_cache_begin(&cache);
			walk_translate(&w, &req, &out, &f);
			sink += out.oa;
		}
		if (now() - t0 < best_hit)
			best_hit = now() - t0;
		b.smmu.cache = NULL;
		host_env_default(&env);
		t0 = now();
		for (unsigned i = 0; i < WALKS; i++) {
			vste[0] ^= (u64)(i & 1) << 4;
			host_policy_apply(host_policy_default(), vste, host_default_parent, &env, &r);
			sink += r.ste[1];
		}
		if (now() - t0 < best_vste)
			best_vste = now() - t0;
	}
	printf("%-44s %14s %10s\n", "benchmark", "rate", "vs floor");
	printf("%-44s %11.0f /s %10s\n", "nested 4K 4+4-level walk (24 reads), no cache",
	       WALKS / best_walk, "");
	printf("%-44s %11.0f /s %10s\n", "floor: the same 24 reads, nothing else", WALKS / best_floor, "");
	printf("%-44s %14s %9.2fx\n", "walk time / floor time", "", best_walk / best_floor);
	printf("%-44s %11.0f /s %10s\n", "nested translation, combined-TLB hit (max)",
	       WALKS / best_hit, "");
	printf("%-44s %11.0f /s %10s\n", "vSTE decisions (v7.0)", WALKS / best_vste, "");
	printf("(best of %d runs of %u; checksum %" PRIx64 ")\n", REPEATS, WALKS, sink & 0xff);
	tsv_row("nested 4K 4+4-level walk (24 reads), no cache", WALKS / best_walk, "walks/s");
	tsv_row("walk time / floor time", best_walk / best_floor, "x");
	tsv_row("nested translation, combined-TLB hit", WALKS / best_hit, "translations/s");
	tsv_row("vSTE validations (v7.0)", WALKS / best_vste, "decisions/s");
	bench_prove();
	tlb_destroy(cache.tlb);
	sn_tt_free(&b.s1);
	sn_tt_free(&b.s2);
	sn_mem_free(b.mem);
	if (tsv)
		fclose(tsv);
	return 0;
}
