/* SPDX-License-Identifier: MIT */
/*
 * The staleness oracle (vectors/SCHEMA.md "The oracle and verdict").
 *
 * One SMMU with caches and a per-device ATC, driven by memory writes,
 * commands and translations.  Every translation runs twice: through the
 * caches (served) and as a cache-less walk of current memory (fresh).  When
 * they differ, the entries that served it are checked against memory word
 * by word (tlb_entry.src): those built from a word that has changed are the
 * culprits, each reported with when and from what it was built and the
 * weakest command that would have removed it.
 *
 * Settle points: the software declares its update complete (the end of a
 * host or guest invalidation sequence).  A difference caused by a write
 * made before the last settle point is STALE; one caused only by writes
 * after it is ACCEPTABLE: the update is still in progress and the
 * architecture allows either result.
 */
#ifndef SMMU_NEST_ORACLE_H
#define SMMU_NEST_ORACLE_H

#include <smmu-nest/cache.h>

enum sn_verdict {
	SN_VERDICT_FRESH,
	SN_VERDICT_STALE,
	SN_VERDICT_ACCEPTABLE,
};

struct sn_culprit {
	struct tlb_entry entry;         /* as it served (a copy) */
	u64 pa, was, now;               /* the first source word that changed */
	u64 written_at;                 /* oracle clock of the last write to @pa */
	bool has_remover;
	u64 remover[2];                 /* weakest command that removes it (verified) */
};

#define SN_ORACLE_CULPRITS 8

struct sn_judgement {
	enum sn_verdict verdict;
	struct sn_xlate served, fresh;
	bool from_atc;                  /* the device's ATC answered */
	u64 txn;                        /* this translation's number (tlb_entry.origin) */
	u64 at;                         /* oracle clock */
	u64 settled_at;                 /* the last settle point before it (0: none) */
	char diff[128];                 /* the first difference, or "" */
	unsigned n_used;                /* entries that served it */
	struct tlb_entry used[SN_CACHE_USED_MAX + 1];
	unsigned n_culprits;
	struct sn_culprit culprits[SN_ORACLE_CULPRITS];
};

struct sn_oracle;

/*
 * An oracle over @s (its memory, ID registers, stream table; borrowed).
 * @capacity bounds the cache entries.  NULL if out of memory.
 */
struct sn_oracle *sn_oracle_new(struct smmu *s, const struct tlb_policy *p, size_t capacity);
void sn_oracle_free(struct sn_oracle *o);
struct tlb *sn_oracle_tlb(struct sn_oracle *o);
u64 sn_oracle_clock(const struct sn_oracle *o);

/* A memory change (one 64-bit word).  0, or -1 if the memory cap is reached. */
int sn_oracle_write(struct sn_oracle *o, u64 pa, u64 value);
/*
 * A command on the host queue; CMD_SYNC completes the pending ones.  A
 * command the SMMU's ID registers make illegal (sn_cmd_check()) raises
 * CERROR_ILL: it is not executed, and the queue stops there -- every later
 * command returns TLB_Q_STOPPED unconsumed -- until software acknowledges
 * the error with sn_oracle_cmdq_skip() (IHI0070 §4.1.3, §7.1).
 */
enum tlb_queue_result sn_oracle_cmd(struct sn_oracle *o, const u64 cmd[2]);
/* The command that stopped the queue (CERROR_ILL), if any; @why names the rule. */
bool sn_oracle_cmdq_stopped(const struct sn_oracle *o, const char **why);
/* Software skips the faulting command and restarts the queue. */
void sn_oracle_cmdq_skip(struct sn_oracle *o);
/* The software declares its update complete. */
void sn_oracle_settle(struct sn_oracle *o);

/*
 * One transaction.  @device_atc with an SN_TXN_ATS_REQUEST: the device
 * looks in its ATC first and caches a successful completion.
 */
void sn_oracle_translate(struct sn_oracle *o, const struct sn_txn *t, bool device_atc,
			 struct sn_judgement *j);

const char *sn_verdict_name(enum sn_verdict v);
/* The command that removes @e with the least scope, or false if none does. */
bool sn_oracle_remover(const struct tlb *t, const struct tlb_entry *e, u64 cmd[2]);

#endif
