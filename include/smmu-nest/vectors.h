/* SPDX-License-Identifier: MIT */
/*
 * Golden-vector and rules-catalogue files (vectors/SCHEMA.md), loaded with
 * libyaml.  Every failure is returned as one "file:line:col: message" string;
 * nothing is printed and nothing aborts.
 */
#ifndef SMMU_NEST_VECTORS_H
#define SMMU_NEST_VECTORS_H

#include <stdio.h>
#include <smmu-nest/policy.h>

#define SN_MAX_POLICIES 8   /* >= host_policy_count */

struct sn_loc {
	const char *file;       /* borrowed from the owning file struct */
	unsigned line, col;     /* 1-based */
};

struct sn_error {
	char msg[512];          /* "file:line:col: message" */
};

enum sn_result_kind { SN_RES_OK, SN_RES_ERROR, SN_RES_ACCEPTABLE };

struct sn_scenario;                     /* scenario.h: the architecture areas */

struct sn_outcome {
	enum sn_result_kind kind;
	struct sn_loc loc;
	/* SN_RES_OK */
	u64 ste[STE_DWORDS];
	bool ats;
	/* SN_RES_ERROR */
	int err;                 /* enum sn_errno */
	bool has_stage;
	enum sn_stage stage;
	/* SN_RES_ACCEPTABLE */
	struct sn_outcome *any_of;
	unsigned n_any_of;
};

struct sn_vector {
	char *id;
	struct sn_loc loc;                 /* of the vector's mapping */
	char **rules;
	struct sn_loc *rule_locs;
	unsigned n_rules;
	char **cites;
	unsigned n_cites;
	char *comment;                     /* NULL if absent */
	char **flags;
	unsigned n_flags;
	unsigned policy_mask;              /* bit i: host_policies[i] runs it */
	/* areas ste, cd, walk (policy_mask 0, no expectations here: each
	 * transaction carries its own) */
	struct sn_scenario *scn;
	/* area vste */
	u64 vste[2];
	u64 parent[STE_DWORDS];
	struct host_env env;
	/* expectations */
	bool has_expect;
	struct sn_outcome expect;
	bool has_policy_expect[SN_MAX_POLICIES];
	struct sn_outcome policy_expect[SN_MAX_POLICIES];
};

struct sn_vector_file {
	char *path;
	char *area;
	bool arch;                         /* ste, cd or walk: policy-independent */
	char *spec;
	char *description;                 /* NULL if absent */
	const struct host_policy *default_policy;
	unsigned policy_mask;
	unsigned test_count;
	char **flag_names;
	char **flag_texts;
	unsigned n_flags;
	struct sn_vector *vectors;
	unsigned n_vectors;
};

struct sn_rule {
	char *id;
	struct sn_loc loc;
	char *kind;                        /* "arch" or "policy" */
	char *text;
	char **sources;
	unsigned n_sources;
	unsigned policy_mask;              /* 0 if the rule names no policies */
	char *choice;                      /* NULL if absent */
	char *waiver;                      /* NULL if absent */
};

struct sn_rule_file {
	char *path;
	struct sn_rule *rules;
	unsigned n_rules;
};

/* 0 on success; -1 with @err set (the struct is then empty and freeable). */
int sn_vector_file_load(const char *path, struct sn_vector_file *out,
			struct sn_error *err);
void sn_vector_file_free(struct sn_vector_file *f);

int sn_rule_file_load(const char *path, struct sn_rule_file *out,
		      struct sn_error *err);
void sn_rule_file_free(struct sn_rule_file *f);

/* Is @path a rules file (it lies in a directory named "rules")? */
bool sn_is_rules_path(const char *path);

/*
 * Every *.yaml / *.yml file named by @paths (files taken as given,
 * directories searched recursively), sorted, without duplicates.
 * 0 on success; -1 with @err set for a path that does not exist.
 */
int sn_collect_yaml(const char *const *paths, unsigned n_paths,
		    char ***files, unsigned *n_files, struct sn_error *err);
void sn_free_paths(char **files, unsigned n_files);

/* The expectation of @v under host_policies[@policy_index], or NULL. */
const struct sn_outcome *sn_vector_expect_for(const struct sn_vector *v,
					      unsigned policy_index);

/*
 * Lint @paths: print one "file:line:col: message" line per problem to @out
 * and a summary line; 0 if clean, 2 if any problem was found.
 */
int sn_lint(const char *const *paths, unsigned n_paths, FILE *out);

/*
 * For each architecture or cache vector file (areas ste, cd, walk, tlb) under @paths, one
 * line: how many expected events assert each event field, and which fields
 * none does.  0; 2 if a path is missing or a file does not load.
 */
int sn_lint_event_fields(const char *const *paths, unsigned n_paths, FILE *out);

/* Named parent STEs accepted by the loader and the CLI. */
bool host_parent_by_name(const char *name, u64 parent[STE_DWORDS]);

#endif
