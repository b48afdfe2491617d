// SPDX-License-Identifier: MIT
/*
 * The architecture areas (ste, cd, walk; vectors/SCHEMA.md): the loader
 * against fixtures, the scenario build, and the comparison of outcomes.
 *
 *   bad-arch/   one broken file per rejected input, each a one-line change
 *               of the same base file; every row gives the located message,
 *               worked out from the fixture by counting columns
 *   good-arch/  a valid file whose loaded values, built memory and run are
 *               checked field by field; its expectations are derived by
 *               hand in its comments
 *
 * Paths are relative to the repository root, where make runs the tests.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <smmu-nest/scenario.h>

/* ------------------------------------------------------------------ */
/* Rejected inputs                                                     */

struct bad_case {
	const char *file;        /* under tests/bad-arch/ */
	const char *msg;         /* what follows "tests/bad-arch/<file>:" */
};

static const struct bad_case bad_cases[] = {
	/* Header and vector: each file is one base file with a line or two changed. */
	{ "header-policies.yaml",
	  "5:1: key 'policies': area 'walk' does not depend on a host policy" },
	{ "vector-expect.yaml",
	  "9:5: unknown key 'expect' in an architecture vector (expected id, rules, cite, "
	  "comment, flags or input)" },
	{ "defaults-unknown-key.yaml",
	  "5:12: unknown key 'transactions' in the header's defaults (expected smmu, "
	  "memory, tables, stream-table or cds)" },
	{ "defaults-smmu-range.yaml",
	  "5:28: key 'sidsize': 33 is outside 0..32" },
	/* Input and smmu: line 10 is the added "      smmu: {...}" or "memory: {...}". */
	{ "input-no-transactions.yaml",
	  "10:7: a vector's input lacks the required key 'transactions'" },
	{ "smmu-unknown-field.yaml",
	  "10:14: key 'smmu': unknown field 'colour' (expected s2p, s1p, ttf, httu, hyp, "
	  "ats, ns1ats, asid16, vmid16, cd2l, ttendian, stall-model, term-model, st-level, "
	  "sidsize, ssidsize, fwb, stt, ril, xnx, oas, gran4k, gran16k, gran64k, "
	  "cr0-atschk, cr2-recinvsid or cr2-e2h)" },
	{ "smmu-ttf-range.yaml",
	  "10:19: key 'ttf': 4 is outside 0..3" },
	{ "smmu-bool-number.yaml",
	  "10:19: key 's1p': must be true or false (unquoted), not '1'" },
	/* Memory: 6 spaces + "memory: {" puts the first key at column 16. */
	{ "memory-max-pages.yaml",
	  "10:27: key 'max-pages': 0 is outside 1..65536" },
	{ "memory-raw-misaligned.yaml",
	  "10:29: key 'addr': 0x1004 is not aligned to 0x8" },
	{ "memory-word-too-wide.yaml",
	  "10:45: key 'words': 0x10000000000000000 does not fit in 64 bits" },
	{ "memory-past-cap.yaml",
	  "10:36: writing PA 0x5000 passes the memory cap of 2 pages" },
	{ "memory-abort-empty.yaml",
	  "10:46: key 'size': an abort range must not be empty" },
	/* Tables: the table "s2" at 11:9; its keys at column 11, its mapping at 17:15. */
	{ "table-name.yaml",
	  "11:9: key 'tables': 'S2' is not a valid table name (use a lower-case letter, "
	  "then letters, digits, '-' and '_')" },
	{ "table-unknown-key.yaml",
	  "13:11: unknown key 'colour' in a table (expected stage, granule, tsz, "
	  "start-level, pool, s2 or mappings)" },
	{ "table-stage.yaml",
	  "12:18: key 'stage': 3 is outside 1..2" },
	{ "table-granule.yaml",
	  "13:20: key 'granule': unknown value '8k' (expected 4k, 16k or 64k)" },
	{ "table-tsz.yaml",
	  "14:16: key 'tsz': 12 is outside 16..48" },
	{ "table-start-level.yaml",
	  "11:9: table 's2': the IPA needs more than 16 concatenated tables at that level" },
	{ "table-s2-on-stage2.yaml",
	  "15:15: key 's2': only a stage-1 table lives behind a stage-2 table" },
	{ "table-s2-unknown.yaml",
	  "15:15: key 's2': no table named 'nope' in 'tables'" },
	{ "table-s2-is-stage1.yaml",
	  "15:15: key 's2': table 's2' is a stage-1 table" },
	{ "mapping-stage1-key.yaml",
	  "17:66: unknown key 'ap' in a stage-2 mapping (expected ia, oa, size, s2ap, xn, "
	  "memattr, sh or af)" },
	{ "mapping-s2ap-wide.yaml",
	  "17:72: key 's2ap': 4 does not fit in 2 bits" },
	{ "mapping-overlap.yaml",
	  "18:15: table 's2': the mapping at 0x80001000 (size 0x1000) overlaps mapping 0 "
	  "(at line 17, column 15)" },
	{ "mapping-misaligned.yaml",
	  "17:15: table 's2': input address 0x80000800 is not aligned to the size 0x1000" },
	{ "mapping-block-level.yaml",
	  "17:15: table 's2': size 0x8000000000 would be a block at level 0, which has no "
	  "blocks with the 4 KB granule" },
	{ "mapping-size.yaml",
	  "17:15: table 's2': size 0x3000 is no page or block size of the 4 KB granule" },
	{ "pool-exhausted.yaml",
	  "11:9: table 's2': the table pool [0x100000, 0x101000) has no room for a level-1 table" },
	{ "nested-unresolved.yaml",
	  "18:9: table 's1': table address 0x1000000000 is not mapped by the stage-2 tables "
	  "that hold it" },
	/* STE fields: line 24 is "            ste: {V: 1, ...}", V at column 19. */
	{ "ste-unknown-field.yaml",
	  "24:25: key 'ste': unknown STE field 'Colour'" },
	{ "ste-field-wide.yaml",
	  "24:33: field Config: 8 does not fit in 3 bits" },
	{ "ste-field-twice.yaml",
	  "24:36: key 'ste': field V is given twice (first at line 24, column 19)" },
	{ "ste-ref-unknown.yaml",
	  "24:43: field S2TTB: no table named 'nope' in 'tables'" },
	{ "ste-ref-kind.yaml",
	  "24:44: field S2T0SZ: 'tables.s2' is an address, but the field holds a number" },
	{ "ste-ref-property.yaml",
	  "24:43: field S2TTB: 'tables.s2.colour': unknown property (a table has ttb, sl0, "
	  "tsz and tg)" },
	{ "ste-addr-bits.yaml",
	  "24:43: field S2TTB: address 0x100008 has bits outside [55:4]" },
	{ "ste-raw-short.yaml",
	  "24:18: key 'ste': must hold exactly 8 numbers (STE words 0 to 7), not 2" },
	{ "ste-sl0-stage1.yaml",
	  "24:36: field S2SL0: table 's2' is a stage-1 table, which has no SL0" },
	/* Stream table. */
	{ "strtab-base-misaligned.yaml",
	  "21:15: key 'base': 0x10040 is not aligned to 0x400" },
	{ "strtab-sid-range.yaml",
	  "23:18: key 'sid': 16 is outside 0..15" },
	{ "strtab-sid-twice.yaml",
	  "25:18: key 'sid': StreamID 3 is given twice (first at line 23, column 13)" },
	{ "strtab-linear-split.yaml",
	  "21:16: key 'split': a linear stream table has no level 1" },
	{ "strtab-split.yaml",
	  "21:16: key 'split': must be 6, 8 or 10, not 7" },
	{ "strtab-no-l1std.yaml",
	  "24:13: SID 3: no L1STD with index 0 in 'l1'" },
	{ "strtab-span-short.yaml",
	  "26:13: SID 3: its L1STD (index 0, Span 2) does not reach it" },
	{ "strtab-l2ptr-misaligned.yaml",
	  "23:40: key 'l2ptr': 0x20080 is not aligned to 0x100" },
	/* CD tables, added after the mappings (line 18 on). */
	{ "cds-single-ssid.yaml",
	  "23:22: key 'ssid': a single CD has SubstreamID 0 only" },
	{ "cds-no-l1cd.yaml",
	  "25:15: SSID 64: no L1CD with index 1 in 'l1'" },
	{ "cds-unknown-field.yaml",
	  "23:36: key 'cd': unknown CD field 'S2TTB'" },
	{ "cds-ipa-unmapped.yaml",
	  "24:15: IPA 0x30000 is not mapped by table 's2'" },
	{ "cds-ref-unknown.yaml",
	  "24:50: field S1ContextPtr: no CD table named 'main' in 'cds'" },
	/* Transactions and outcomes: line 28 is "          expect: {result: ...", result at 20. */
	{ "txn-empty.yaml",
	  "25:21: key 'transactions': must not be empty" },
	{ "txn-instr-write.yaml",
	  "29:18: key 'instr': a write is never an instruction fetch" },
	{ "txn-kind.yaml",
	  "28:17: key 'kind': unknown value 'ats' (expected untranslated, ats-request or "
	  "ats-translated)" },
	{ "result-unknown.yaml",
	  "28:28: key 'result': unknown result 'error' (expected ok, fault or acceptable)" },
	{ "ok-event-key.yaml",
	  "28:48: unknown key 'event' in an 'ok' outcome (expected result, pa, ipa, "
	  "page-size, s1-perm, s2-perm or ats-grant)" },
	{ "ok-perm.yaml",
	  "28:57: key 's1-perm': 'rwx' is not a permission string (privileged rwx then "
	  "unprivileged rwx, '-' where denied, e.g. rw-r--)" },
	{ "ok-page-size.yaml",
	  "28:59: key 'page-size': must be a power of two of at least 0x1000, not 0x1800" },
	{ "fault-disposition.yaml",
	  "28:48: key 'disposition': unknown value 'terminate' (expected abort, stall, "
	  "razwi, ats-ur or ats-ca)" },
	{ "fault-no-event.yaml",
	  "28:19: a 'fault' outcome lacks the required key 'event'" },
	{ "event-type.yaml",
	  "28:69: key 'type': unknown event 'F_NOPE' (IHI0070 §7.3 names, e.g. F_TRANSLATION)" },
	{ "event-no-type.yaml",
	  "28:62: key 'event': an event needs at least its 'type'" },
	{ "event-field.yaml",
	  "28:80: key 'event': unknown event field 'colour' (expected type, sid, ssv, ssid, "
	  "stall, stag, pnu, ind, rnw, s2, class, ttrnw, input-addr, ipa or fetch-addr)" },
	{ "event-class.yaml",
	  "28:91: key 'class': unknown value 'XX' (expected CD, TT or IN)" },
	{ "event-ipa-low.yaml",
	  "28:89: key 'ipa': 0x1008 is more than an event record holds (IPA bits [55:12])" },
	{ "event-ssid-wide.yaml",
	  "28:86: key 'ssid': 0x100000 does not fit in 20 bits" },
	{ "acceptable-nested.yaml",
	  "28:58: key 'result': an any-of alternative must be 'ok' or 'fault', not 'acceptable'" },
	/* The less common messages: the same base file, cds added after line 17 where needed. */
	{ "memory-abort-wraps.yaml",
	  "10:58: key 'size': the range runs past the end of the address space" },
	{ "memory-words-wrap.yaml",
	  "10:56: key 'words': the words run past the end of the address space" },
	{ "memory-words-empty.yaml",
	  "10:44: key 'words': must not be empty" },
	{ "table-s2-list.yaml",
	  "15:15: key 's2': must be a table name, not a list" },
	{ "mappings-not-map.yaml",
	  "17:15: each entry of 'mappings' must be a mapping with ia, oa and size, not a scalar" },
	{ "mapping-s1-key.yaml",
	  "17:66: unknown key 's2ap' in a stage-1 mapping (expected ia, oa, size, ap, uxn, "
	  "pxn, attr-indx, sh, af or ng)" },
	{ "ste-ref-empty.yaml",
	  "24:43: field S2TTB: 'tables.' names no table" },
	{ "ste-value-list.yaml",
	  "24:33: field Config: must be a number or a table reference, not a list" },
	{ "ste-scalar.yaml",
	  "24:18: key 'ste': must be a list of 8 words or a mapping of STE fields, not a scalar" },
	{ "ste-number-ref-addr.yaml",
	  "24:43: field S2TTB: 'tables.s2.sl0' is a number, but the field holds an address" },
	{ "ste-ref-too-wide.yaml",
	  "24:36: field S2SL0: 24 does not fit" },
	{ "cds-ref-property.yaml",
	  "30:50: field S1ContextPtr: 'cds.main.colour': unknown property (a CD table has "
	  "base and fmt)" },
	{ "l1std-raw-and-fields.yaml",
	  "23:29: key 'raw': give the descriptor either raw or by span and l2ptr, not both" },
	{ "l1std-no-l2ptr.yaml",
	  "23:13: an L1 descriptor needs 'l2ptr' (or 'raw')" },
	{ "l1std-index-twice.yaml",
	  "24:21: key 'index': L1STD 0 is given twice (first at line 23, column 13)" },
	{ "l1std-span-wide.yaml",
	  "23:30: key 'span': 32 does not fit in 5 bits" },
	{ "strtab-no-split.yaml",
	  "19:9: a 2-level stream table needs 'split'" },
	{ "strtab-base-high.yaml",
	  "21:15: key 'base': 0x100000000000000 has bits above 55" },
	{ "cds-linear-l1.yaml",
	  "22:15: key 'l1': only a 2-level CD table has L1CDs" },
	{ "cds-name.yaml",
	  "19:9: key 'cds': 'Main' is not a valid CD-table name (use a lower-case letter, "
	  "then letters, digits, '-' and '_')" },
	{ "l1cd-invalid.yaml",
	  "25:15: SSID 0: its L1CD (index 0) is not valid" },
	{ "l1cd-64k-misaligned.yaml",
	  "23:33: key 'l2ptr': 0x31000 is not aligned to 0x10000" },
	{ "txn-ssid-wide.yaml",
	  "28:17: key 'ssid': 0x100000 does not fit in 20 bits" },
	{ "perm-list.yaml",
	  "28:57: key 's2-perm': must be a permission string like rw-r--, not a list" },
	{ "ats-grant-bad.yaml",
	  "28:59: key 'ats-grant': 'rwz' is not r, w and x or '-' in that order (e.g. rw-)" },
	{ "event-type-list.yaml",
	  "28:69: key 'type': must be an event name, not a list" },
	{ "event-fetch-low.yaml",
	  "28:94: key 'fetch-addr': 0x1004 is more than an event record holds (FetchAddr "
	  "bits [55:3])" },
	{ "event-not-map.yaml",
	  "28:62: key 'event': must be 'none' or a mapping of event fields" },
	{ "event-bool.yaml",
	  "28:85: key 'ssv': must be true or false (unquoted), not '1'" },
	{ "any-of-empty.yaml",
	  "28:48: key 'any-of': must list at least one outcome" },
	{ "outcome-no-result.yaml",
	  "28:19: key 'expect': the outcome lacks the required key 'result'" },
	{ "txn-not-map.yaml",
	  "25:22: each entry of 'transactions' must be a transaction mapping, not a scalar" },
};

#define N_BAD_CASES (int)(sizeof(bad_cases) / sizeof(bad_cases[0]))

START_TEST(bad_input)
{
	const struct bad_case *bc = &bad_cases[_i];
	char path[256], want[768];
	struct sn_vector_file f;
	struct sn_error err = { "" };

	snprintf(path, sizeof(path), "tests/bad-arch/%s", bc->file);
	snprintf(want, sizeof(want), "%s:%s", path, bc->msg);
	ck_assert_msg(sn_vector_file_load(path, &f, &err) == -1, "%s: loaded", path);
	ck_assert_ptr_null(f.vectors);
	ck_assert_msg(strcmp(err.msg, want) == 0, "%s:\n  got      '%s'\n  expected '%s'", path,
		      err.msg, want);
	sn_vector_file_free(&f);
}
END_TEST

/* Every prefix of the good file loads or fails with a located message, never crashes or leaks. */
START_TEST(truncated_inputs)
{
	char path[] = "/tmp/sn-arch-cut-XXXXXX";
	char text[16384];
	size_t len;
	FILE *src = fopen("tests/good-arch/loader.yaml", "rb");
	int fd = mkstemp(path);

	ck_assert_ptr_nonnull(src);
	ck_assert_int_ge(fd, 0);
	len = fread(text, 1, sizeof(text), src);
	fclose(src);
	close(fd);
	ck_assert_uint_lt(len, sizeof(text));
	/* every 7th cut: the whole sweep is quadratic and runs under valgrind too */
	for (size_t cut = 0; cut <= len; cut += (cut % 7 == 0 && cut + 7 <= len) ? 7 : 1) {
		struct sn_vector_file vf;
		struct sn_error err;
		FILE *f = fopen(path, "wb");

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(text, 1, cut, f), cut);
		fclose(f);
		if (sn_vector_file_load(path, &vf, &err) != 0)
			ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0 &&
				      err.msg[strlen(path)] == ':',
				      "cut at %zu: unlocated message '%s'", cut, err.msg);
		sn_vector_file_free(&vf);
	}
	unlink(path);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The good file, field by field                                       */

#define GOOD "tests/good-arch/loader.yaml"

static void load_good(struct sn_vector_file *f)
{
	struct sn_error err;

	ck_assert_msg(sn_vector_file_load(GOOD, f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f->n_vectors, 2);
}

static void assert_loc(const struct sn_loc *loc, unsigned line, unsigned col)
{
	ck_assert_str_eq(loc->file, GOOD);
	ck_assert_msg(loc->line == line && loc->col == col, "location %u:%u, expected %u:%u",
		      loc->line, loc->col, line, col);
}

static void assert_map(const struct sn_tt_map *m, u64 ia, u64 oa, u64 size, unsigned ap,
		       unsigned xn, unsigned attr, unsigned sh, bool af, bool ng)
{
	ck_assert_uint_eq(m->ia, ia);
	ck_assert_uint_eq(m->oa, oa);
	ck_assert_uint_eq(m->size, size);
	ck_assert_uint_eq(m->ap, ap);
	ck_assert_uint_eq(m->xn, xn);
	ck_assert_uint_eq(m->attr, attr);
	ck_assert_uint_eq(m->sh, sh);
	ck_assert_int_eq(m->af, af);
	ck_assert_int_eq(m->ng, ng);
}

START_TEST(good_header)
{
	struct sn_vector_file f;

	load_good(&f);
	ck_assert_str_eq(f.area, "walk");
	ck_assert(f.arch);
	ck_assert_uint_eq(f.policy_mask, 0);
	ck_assert_uint_eq(f.test_count, 2);
	ck_assert_uint_eq(f.n_flags, 1);
	ck_assert_str_eq(f.flag_names[0], "HAND");
	ck_assert_str_eq(f.vectors[0].id, "good.arch.nested");
	assert_loc(&f.vectors[0].loc, 26, 5);
	ck_assert_uint_eq(f.vectors[0].policy_mask, 0);
	ck_assert(!f.vectors[0].has_expect);
	ck_assert_str_eq(f.vectors[0].flags[0], "HAND");
	ck_assert_ptr_nonnull(f.vectors[0].scn);
	sn_vector_file_free(&f);
}
END_TEST

/* smmu: the vector's keys over the defaults' over smmu_idr_default(). */
START_TEST(good_smmu_merge)
{
	struct sn_vector_file f;
	struct smmu_idr idr;
	const struct sn_scn_smmu *a, *b;

	load_good(&f);
	a = &f.vectors[0].scn->smmu;
	b = &f.vectors[1].scn->smmu;
	smmu_idr_default(&idr);
	idr.oas = 5;            /* the vector's, over the defaults' 4 */
	idr.stall_model = 1;
	idr.sidsize = 8;
	idr.gran16k = false;
	ck_assert(memcmp(&a->idr, &idr, sizeof(idr)) == 0);
	ck_assert(a->cr0_atschk && a->cr2_recinvsid && !a->cr2_e2h);
	smmu_idr_default(&idr);
	idr.oas = 4;
	ck_assert(memcmp(&b->idr, &idr, sizeof(idr)) == 0);
	ck_assert(b->cr0_atschk && b->cr2_recinvsid);
	sn_vector_file_free(&f);
}
END_TEST

START_TEST(good_memory)
{
	struct sn_vector_file f;
	const struct sn_scn_memory *m;

	load_good(&f);
	m = &f.vectors[0].scn->memory;
	/* the vector's 'memory' replaces the defaults' whole: no max-pages, so 1024 */
	ck_assert_uint_eq(m->max_pages, SN_SCN_DEFAULT_PAGES);
	ck_assert_uint_eq(m->n_raw, 1);
	ck_assert_uint_eq(m->raw[0].addr, 0x7000);
	ck_assert_uint_eq(m->raw[0].n_words, 2);
	ck_assert_uint_eq(m->raw[0].words[1], 0xffffffffffffffffULL);
	assert_loc(&m->raw[0].loc, 35, 13);
	ck_assert_uint_eq(m->n_aborts, 1);
	ck_assert_uint_eq(m->aborts[0].addr, 0x9000);
	ck_assert_uint_eq(m->aborts[0].size, 0x1000);
	ck_assert_uint_eq(f.vectors[1].scn->memory.max_pages, 64);     /* the defaults' */
	ck_assert_uint_eq(f.vectors[1].scn->memory.n_raw, 0);
	sn_vector_file_free(&f);
}
END_TEST

/* Tables in file order; 's2' resolved although defined after its user; defaults filled. */
START_TEST(good_tables)
{
	struct sn_vector_file f;
	const struct sn_scenario *s;
	const struct sn_scn_table *t;

	load_good(&f);
	s = f.vectors[0].scn;
	ck_assert_uint_eq(s->n_tables, 2);
	t = &s->tables[0];
	ck_assert_str_eq(t->name, "s1");
	assert_loc(&t->loc, 39, 9);
	ck_assert_uint_eq(t->cfg.stage, 1);
	ck_assert_uint_eq(t->cfg.granule_shift, 12);
	ck_assert_uint_eq(t->cfg.tsz, 25);
	ck_assert_int_eq(t->cfg.start_level, SN_TT_LEVEL_AUTO);
	ck_assert_uint_eq(t->cfg.pool_base, 0x80010000);
	ck_assert_uint_eq(t->cfg.pool_size, 0x3000);
	ck_assert_int_eq(t->s2, 1);
	ck_assert_uint_eq(t->n_maps, 2);
	/* ap 0, uxn+pxn = XN bits 11, AttrIndx 2, SH 2, AF 0, nG 1 */
	assert_map(&t->maps[0], 0x12345000, 0x40001000, 0x1000, 0, 3, 2, 2, false, true);
	/* stage-1 defaults: AP 01, no XN, AttrIndx 0, ISH, AF, global */
	assert_map(&t->maps[1], 0x12346000, 0x40002000, 0x1000, 1, 0, 0, 3, true, false);
	t = &s->tables[1];
	ck_assert_str_eq(t->name, "s2");
	ck_assert_uint_eq(t->cfg.stage, 2);
	ck_assert_int_eq(t->cfg.start_level, 1);
	ck_assert_int_eq(t->s2, -1);
	assert_map(&t->maps[0], 0x80000000, 0x200000, 0x200000, 1, 2, 5, 0, true, false);
	/* stage-2 defaults: S2AP 11, XN 0, MemAttr 1111, ISH, AF */
	assert_map(&t->maps[1], 0x40000000, 0x900000000, 0x200000, 3, 0, 0xf, 3, true, false);
	ck_assert_uint_eq(f.vectors[1].scn->tables[0].cfg.granule_shift, 16);
	sn_vector_file_free(&f);
}
END_TEST

static const struct sn_field_value *field_named(const struct sn_struct_spec *sp, const char *name)
{
	for (unsigned i = 0; i < sp->n_fields; i++)
		if (strcmp(sp->fields[i].field->name, name) == 0)
			return &sp->fields[i];
	ck_abort_msg("no field %s", name);
	return NULL;
}

START_TEST(good_stream_table)
{
	struct sn_vector_file f;
	const struct sn_scn_strtab *st;
	const struct sn_struct_spec *ste;
	const struct sn_field_value *fv;

	load_good(&f);
	st = &f.vectors[0].scn->strtab;
	ck_assert(st->present);
	ck_assert_int_eq(st->fmt, SN_STRTAB_2LEVEL);
	ck_assert_uint_eq(st->log2size, 8);
	ck_assert_uint_eq(st->split, 6);
	ck_assert_uint_eq(st->base, 0x10000);
	ck_assert_uint_eq(st->n_l1, 2);
	ck_assert_uint_eq(st->l1[0].index, 1);
	ck_assert_uint_eq(st->l1[0].word, 0x20007);     /* L2Ptr 0x20000 | Span 7 */
	ck_assert_uint_eq(st->l1[1].word, 0x30001);
	ck_assert_uint_eq(st->n_stes, 2);
	ck_assert_uint_eq(st->stes[0].index, 65);
	assert_loc(&st->stes[0].loc, 82, 13);
	ste = &st->stes[0].desc;
	ck_assert(!ste->raw);
	ck_assert_uint_eq(ste->n_fields, 13);
	fv = field_named(ste, "S1ContextPtr");
	ck_assert(fv->is_addr);
	ck_assert_int_eq(fv->ref, SN_REF_CDS);
	ck_assert_int_eq(fv->ref_attr, SN_REF_ADDR);
	fv = field_named(ste, "S1Fmt");
	ck_assert(!fv->is_addr);
	ck_assert_int_eq(fv->ref_attr, SN_REF_FMT);
	fv = field_named(ste, "S1CDMax");
	ck_assert_int_eq(fv->ref, SN_REF_NONE);
	ck_assert_uint_eq(fv->value, 7);
	fv = field_named(ste, "S2SL0");
	ck_assert_int_eq(fv->ref, SN_REF_TABLE);
	ck_assert_uint_eq(fv->ref_index, 1);
	ck_assert_int_eq(fv->ref_attr, SN_REF_SL0);
	fv = field_named(ste, "S2TTB");
	ck_assert(fv->is_addr);
	ck_assert_int_eq(fv->ref_attr, SN_REF_ADDR);
	assert_loc(&fv->loc, 85, 47);
	ste = &st->stes[1].desc;
	ck_assert(ste->raw);
	ck_assert_uint_eq(ste->words[0], 1);
	ck_assert_int_eq(f.vectors[1].scn->strtab.fmt, SN_STRTAB_LINEAR);
	sn_vector_file_free(&f);
}
END_TEST

START_TEST(good_cd_tables)
{
	struct sn_vector_file f;
	const struct sn_scn_cdtab *t;
	const struct sn_field_value *fv;

	load_good(&f);
	ck_assert_uint_eq(f.vectors[0].scn->n_cdtabs, 1);
	t = &f.vectors[0].scn->cdtabs[0];
	ck_assert_str_eq(t->name, "main");
	ck_assert_int_eq(t->fmt, SN_CD_2L_4K);
	ck_assert_uint_eq(t->base, 0x80000000);
	ck_assert_int_eq(t->s2, 1);
	ck_assert_uint_eq(t->n_l1, 2);
	ck_assert_uint_eq(t->l1[0].word, 0x80001001);   /* L2Ptr | V */
	ck_assert_uint_eq(t->l1[1].index, 1);
	ck_assert_uint_eq(t->l1[1].word, 0x80002001);
	ck_assert_uint_eq(t->n_cds, 2);
	ck_assert_uint_eq(t->cds[1].index, 65);
	ck_assert(t->cds[1].desc.raw);
	ck_assert_uint_eq(t->cds[1].desc.words[7], 8);
	/* 'mair0' in any case finds MAIR0 */
	fv = field_named(&t->cds[0].desc, "MAIR0");
	ck_assert_uint_eq(fv->value, 0x44ff);
	assert_loc(&fv->loc, 70, 58);
	fv = field_named(&t->cds[0].desc, "TG0");
	ck_assert_int_eq(fv->ref_attr, SN_REF_TG);
	ck_assert_int_eq(f.vectors[1].scn->cdtabs[0].fmt, SN_CD_SINGLE);
	ck_assert_int_eq(f.vectors[1].scn->cdtabs[0].s2, -1);
	sn_vector_file_free(&f);
}
END_TEST

START_TEST(good_transactions)
{
	struct sn_vector_file f;
	const struct sn_scenario *s;
	const struct sn_arch_outcome *o;

	load_good(&f);
	s = f.vectors[0].scn;
	ck_assert_uint_eq(s->n_txns, 5);
	assert_loc(&s->txns[0].loc, 89, 11);
	ck_assert_uint_eq(s->txns[0].t.sid, 65);
	ck_assert(s->txns[0].t.ssv);
	ck_assert_uint_eq(s->txns[0].t.ssid, 0);
	ck_assert_uint_eq(s->txns[0].t.addr, 0x12345678);
	ck_assert(s->txns[0].t.priv && !s->txns[0].t.write && !s->txns[0].t.instr);
	ck_assert_int_eq(s->txns[0].t.kind, SN_TXN_UNTRANSLATED);
	o = &s->txns[0].expect;
	ck_assert_int_eq(o->kind, SN_ARCH_FAULT);
	ck_assert_int_eq(o->disp, SN_XLATE_ABORT);
	ck_assert(o->has_event);
	ck_assert_uint_eq(o->event.type, EVT_F_ACCESS);
	ck_assert_uint_eq(o->event_fields,
			  1u << SN_EVF_TYPE | 1u << SN_EVF_SID | 1u << SN_EVF_SSV |
			  1u << SN_EVF_SSID | 1u << SN_EVF_S2 | 1u << SN_EVF_CLASS |
			  1u << SN_EVF_RNW | 1u << SN_EVF_PNU | 1u << SN_EVF_IND |
			  1u << SN_EVF_INPUT_ADDR | 1u << SN_EVF_STALL);
	ck_assert(o->event.ssv && o->event.rnw && o->event.pnu && !o->event.ind);
	ck_assert_uint_eq(o->event.class, SN_CLASS_IN);
	ck_assert_uint_eq(o->event.input_addr, 0x12345678);
	o = &s->txns[1].expect;
	ck_assert_int_eq(o->kind, SN_ARCH_FAULT);
	ck_assert(!o->has_event);
	ck_assert(!s->txns[1].t.ssv);
	o = &s->txns[2].expect;
	ck_assert(s->txns[2].t.write);
	ck_assert_int_eq(o->kind, SN_ARCH_ACCEPTABLE);
	ck_assert_uint_eq(o->n_any_of, 2);
	ck_assert_int_eq(o->any_of[0].kind, SN_ARCH_OK);
	ck_assert_uint_eq(o->any_of[0].ok_fields, SN_OKF_ATS_GRANT);
	ck_assert_uint_eq(o->any_of[0].ats_grant, SN_ATS_R | SN_ATS_W);
	ck_assert_uint_eq(o->any_of[1].event.type, EVT_C_BAD_CD);
	ck_assert(s->txns[3].t.instr);
	o = &s->txns[4].expect;
	ck_assert_int_eq(o->kind, SN_ARCH_OK);
	ck_assert_uint_eq(o->pa, 0x900002abc);
	ck_assert_uint_eq(o->ok_fields,
			  SN_OKF_IPA | SN_OKF_PAGE_SIZE | SN_OKF_S1_PERM | SN_OKF_S2_PERM);
	ck_assert_uint_eq(o->ipa, 0x40002abc);
	ck_assert_uint_eq(o->page_size, 0x1000);
	ck_assert_uint_eq(o->s1_perm, SN_PERM_ALL & ~SN_PERM_X_PRIV);
	ck_assert_uint_eq(o->s2_perm, SN_PERM_ALL);
	/* the second vector asserts every event field */
	ck_assert_uint_eq(f.vectors[1].scn->txns[1].expect.event_fields, (1u << SN_EVF_COUNT) - 1);
	sn_vector_file_free(&f);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Building                                                            */

struct word {
	u64 pa, value;
};

/* The words the nested vector's build must put in memory, worked out by hand. */
static const struct word nested_words[] = {
	/* L1STD 1 (base + 8): Span 7 | L2Ptr 0x20000; L1STD 2 raw */
	{ 0x10008, 0x20007 }, { 0x10010, 0x30001 },
	/* STE 65 at L2Ptr + 64 * (65 mod 64): V | Config 7 << 1 | S1Fmt 1 << 4 |
	 * S1ContextPtr 0x80000000 | S1CDMax 7 << 59 */
	{ 0x20040, 0x380000008000001f },
	{ 0x20048, 0 },
	/* S2VMID 1 | S2T0SZ 24 << 32 | S2SL0 1 << 38 | S2PS 5 << 48 | S2AA64 | S2R */
	{ 0x20050, 0x040d005800000001 },
	{ 0x20058, 0x100000 },                 /* S2TTB: the stage-2 start table */
	{ 0x30000, 1 },                        /* STE 128: raw */
	/* L1CD 0 at IPA 0x80000000 -> PA 0x200000 (the 2 MB stage-2 block) */
	{ 0x200000, 0x80001001 }, { 0x200008, 0x80002001 },
	/* CD 0 at IPA 0x80001000: T0SZ 25 | EPD1 | V | IPS 5 | AA64 | R | A | ASID 3 */
	{ 0x201000, 0x00036205c0000019 }, { 0x201008, 0x80010000 }, { 0x201018, 0x44ff },
	/* CD 65 at IPA 0x80002040: raw */
	{ 0x202040, 1 }, { 0x202078, 8 },
	/* stage-1 level-1 table at IPA 0x80010000 -> PA 0x210000: entry 0 -> IPA 0x80011000 */
	{ 0x210000, 0x80011003 },
	/* stage-2 start (2 tables, level 1) at 0x100000: IPA 0x80000000 >> 30 = 2 */
	{ 0x100010, 0x102003 },
	{ 0x7000, 1 }, { 0x7008, 0xffffffffffffffffULL },
};

START_TEST(build_nested)
{
	struct sn_vector_file f;
	struct sn_built b;
	struct sn_error err;

	load_good(&f);
	ck_assert_msg(sn_scenario_build(f.vectors[0].scn, &b, &err) == 0, "%s", err.msg);
	for (unsigned i = 0; i < sizeof(nested_words) / sizeof(nested_words[0]); i++) {
		u64 got = sn_mem_read64(b.mem, nested_words[i].pa);

		ck_assert_msg(got == nested_words[i].value, "PA 0x%llx: got 0x%016llx, expected "
			      "0x%016llx", (unsigned long long)nested_words[i].pa,
			      (unsigned long long)got, (unsigned long long)nested_words[i].value);
	}
	ck_assert(sn_mem_aborts(b.mem, 0x9000) && sn_mem_aborts(b.mem, 0x9ff8));
	ck_assert(!sn_mem_aborts(b.mem, 0x8ff8) && !sn_mem_aborts(b.mem, 0xa000));
	ck_assert_uint_eq(sn_mem_max_pages(b.mem), SN_SCN_DEFAULT_PAGES);
	ck_assert_uint_eq(b.smmu.strtab_base, 0x10000);
	/* LOG2SIZE 8 | SPLIT 6 << 6 | FMT 1 << 16 */
	ck_assert_uint_eq(b.smmu.strtab_base_cfg, 0x10188);
	ck_assert_uint_eq(b.smmu.idr.oas, 5);
	ck_assert(b.smmu.cr0_atschk && b.smmu.cr2_recinvsid);
	ck_assert_ptr_eq(b.smmu.mem, b.mem);
	ck_assert_uint_eq(b.n_tts, 2);
	ck_assert_uint_eq(b.tts[1].ttb, 0x100000);
	ck_assert_uint_eq(b.tts[0].ttb, 0x80010000);
	sn_built_free(&b);
	ck_assert_ptr_null(b.mem);
	sn_vector_file_free(&f);
}
END_TEST

START_TEST(ref_values)
{
	struct sn_vector_file f;
	struct sn_built b;
	struct sn_error err;
	const struct sn_scenario *s;
	const struct sn_struct_spec *cd;
	u64 v;

	load_good(&f);
	s = f.vectors[0].scn;
	ck_assert(sn_scenario_build(s, &b, &err) == 0);
	ck_assert(sn_ref_value(s, &b, field_named(&s->strtab.stes[0].desc, "S2SL0"), &v));
	ck_assert_uint_eq(v, 1);
	ck_assert(sn_ref_value(s, &b, field_named(&s->strtab.stes[0].desc, "S2T0SZ"), &v));
	ck_assert_uint_eq(v, 24);
	ck_assert(sn_ref_value(s, &b, field_named(&s->strtab.stes[0].desc, "S2TG"), &v));
	ck_assert_uint_eq(v, 0);
	ck_assert(sn_ref_value(s, &b, field_named(&s->strtab.stes[0].desc, "S1Fmt"), &v));
	ck_assert_uint_eq(v, 1);
	ck_assert(sn_ref_value(s, &b, field_named(&s->strtab.stes[0].desc, "S1ContextPtr"), &v));
	ck_assert_uint_eq(v, 0x80000000);
	cd = &s->cdtabs[0].cds[0].desc;
	ck_assert(sn_ref_value(s, &b, field_named(cd, "TTB0"), &v));
	ck_assert_uint_eq(v, 0x80010000);
	ck_assert(sn_ref_value(s, &b, field_named(cd, "MAIR0"), &v));
	ck_assert_uint_eq(v, 0x44ff);
	sn_built_free(&b);
	sn_vector_file_free(&f);
}
END_TEST

/* The 64 KB table's TG1 encoding differs from its TG0 one (arch.md §2). */
START_TEST(ref_tg1)
{
	struct sn_vector_file f;
	struct sn_built b;
	struct sn_error err;
	struct sn_field_value fv;
	const struct sn_field_desc *tg1;
	u64 v;

	load_good(&f);
	ck_assert(sn_scenario_build(f.vectors[1].scn, &b, &err) == 0);
	ck_assert(cd_field_by_name("TG1", &tg1));
	fv = field_named(&f.vectors[1].scn->cdtabs[0].cds[0].desc, "TG0")[0];
	ck_assert(sn_ref_value(f.vectors[1].scn, &b, &fv, &v));
	ck_assert_uint_eq(v, 1);                /* TG0 0b01: 64 KB */
	fv.field = tg1;
	ck_assert(sn_ref_value(f.vectors[1].scn, &b, &fv, &v));
	ck_assert_uint_eq(v, 3);                /* TG1 0b11: 64 KB */
	sn_built_free(&b);
	sn_vector_file_free(&f);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Running the good file                                               */

START_TEST(run_good)
{
	struct sn_vector_file f;
	struct sn_txn_report r[5];
	struct sn_error err;
	unsigned alt = 9;

	load_good(&f);
	ck_assert_int_eq(sn_scenario_run(f.vectors[0].scn, r, &err), 0);
	for (unsigned i = 0; i < 5; i++)
		ck_assert_msg(r[i].passed, "txn %u: %s", i, r[i].why);
	ck_assert_int_eq(r[4].got.disp, SN_XLATE_OK);
	ck_assert(sn_arch_outcome_matches(&f.vectors[0].scn->txns[2].expect, &r[2].got, NULL, 0,
					  &alt));
	ck_assert_uint_eq(alt, 1);              /* the C_BAD_CD alternative */
	ck_assert_int_eq(sn_scenario_run(f.vectors[1].scn, NULL, &err), 0);
	sn_vector_file_free(&f);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Comparing outcomes                                                  */

static struct sn_xlate got_ok(void)
{
	struct sn_xlate x;

	memset(&x, 0, sizeof(x));
	x.disp = SN_XLATE_OK;
	x.pa = 0x40001234;
	x.ipa = 0x80001234;
	x.page_shift = 12;
	x.s1_perm = SN_PERM_R_PRIV | SN_PERM_W_PRIV | SN_PERM_R_UNPRIV;
	x.s2_perm = SN_PERM_ALL;
	x.ats_grant = SN_ATS_R;
	return x;
}

static struct sn_xlate got_fault(void)
{
	struct sn_xlate x;

	memset(&x, 0, sizeof(x));
	x.disp = SN_XLATE_ABORT;
	x.has_event = true;
	x.event = (struct sn_event){ .type = EVT_F_TRANSLATION, .sid = 3, .s2 = true,
				     .class = SN_CLASS_TT, .rnw = true, .ipa = 0x80010008,
				     .input_addr = 0x1234 };
	return x;
}

static struct sn_arch_outcome exp_ok(void)
{
	struct sn_arch_outcome o;

	memset(&o, 0, sizeof(o));
	o.kind = SN_ARCH_OK;
	o.pa = 0x40001234;
	o.ok_fields = SN_OKF_IPA | SN_OKF_PAGE_SIZE | SN_OKF_S1_PERM | SN_OKF_S2_PERM |
		      SN_OKF_ATS_GRANT;
	o.ipa = 0x80001234;
	o.page_size = 0x1000;
	o.s1_perm = SN_PERM_R_PRIV | SN_PERM_W_PRIV | SN_PERM_R_UNPRIV;
	o.s2_perm = SN_PERM_ALL;
	o.ats_grant = SN_ATS_R;
	return o;
}

static struct sn_arch_outcome exp_fault(void)
{
	struct sn_arch_outcome o;

	memset(&o, 0, sizeof(o));
	o.kind = SN_ARCH_FAULT;
	o.disp = SN_XLATE_ABORT;
	o.has_event = true;
	o.event = (struct sn_event){ .type = EVT_F_TRANSLATION, .sid = 3, .s2 = true,
				     .class = SN_CLASS_TT, .ipa = 0x80010000 };
	o.event_fields = 1u << SN_EVF_TYPE | 1u << SN_EVF_SID | 1u << SN_EVF_S2 |
			 1u << SN_EVF_CLASS | 1u << SN_EVF_IPA;
	return o;
}

static void assert_mismatch(const struct sn_arch_outcome *e, const struct sn_xlate *g,
			    const char *want)
{
	char why[320] = "";

	ck_assert(!sn_arch_outcome_matches(e, g, why, sizeof(why), NULL));
	ck_assert_str_eq(why, want);
}

START_TEST(compare_ok)
{
	struct sn_arch_outcome e = exp_ok();
	struct sn_xlate g = got_ok();
	char why[320] = "";

	ck_assert(sn_arch_outcome_matches(&e, &g, why, sizeof(why), NULL));
	ck_assert_str_eq(why, "");
	g.pa++;
	assert_mismatch(&e, &g, "pa: expected 0x40001234, got 0x40001235");
	g = got_ok();
	g.ipa = 0;
	assert_mismatch(&e, &g, "ipa: expected 0x80001234, got 0x0");
	g = got_ok();
	g.page_shift = 21;
	assert_mismatch(&e, &g, "page-size: expected 0x1000, got 0x200000");
	g = got_ok();
	g.s1_perm |= SN_PERM_X_UNPRIV;
	assert_mismatch(&e, &g, "s1-perm: expected rw-r--, got rw-r-x");
	g = got_ok();
	g.s2_perm = SN_PERM_R_PRIV;
	assert_mismatch(&e, &g, "s2-perm: expected rwxrwx, got r-----");
	g = got_ok();
	g.ats_grant = SN_ATS_R | SN_ATS_X;
	assert_mismatch(&e, &g, "ats-grant: expected r--, got r-x");
	/* fields not asserted are not compared */
	e.ok_fields = 0;
	g.ipa = 7;
	g.page_shift = 30;
	ck_assert(sn_arch_outcome_matches(&e, &g, NULL, 0, NULL));
}
END_TEST

START_TEST(compare_result_kind)
{
	struct sn_arch_outcome ok = exp_ok(), fault = exp_fault();
	struct sn_xlate g = got_fault();

	assert_mismatch(&ok, &g, "result: expected ok, got fault abort, F_TRANSLATION");
	g = got_ok();
	assert_mismatch(&fault, &g, "result: expected fault, got ok pa=0x40001234 "
			"ipa=0x80001234 page-size=0x1000 s1-perm=rw-r-- s2-perm=rwxrwx");
}
END_TEST

START_TEST(compare_fault)
{
	struct sn_arch_outcome e = exp_fault();
	struct sn_xlate g = got_fault();

	/* the record holds IPA[55:12]: 0x80010008 is recorded as 0x80010000 */
	ck_assert(sn_arch_outcome_matches(&e, &g, NULL, 0, NULL));
	g.disp = SN_XLATE_STALL;
	assert_mismatch(&e, &g, "disposition: expected abort, got stall");
	g = got_fault();
	g.has_event = false;
	assert_mismatch(&e, &g, "event: expected F_TRANSLATION, got none");
	g = got_fault();
	g.event.type = EVT_F_PERMISSION;
	assert_mismatch(&e, &g, "event.type: expected F_TRANSLATION, got F_PERMISSION");
	g = got_fault();
	g.event.sid = 4;
	assert_mismatch(&e, &g, "event.sid: expected 3, got 4");
	g = got_fault();
	g.event.class = SN_CLASS_IN;
	assert_mismatch(&e, &g, "event.class: expected TT, got IN");
	g = got_fault();
	g.event.s2 = false;     /* a stage-1 fault records no IPA: s2 differs first */
	assert_mismatch(&e, &g, "event.s2: expected true, got false");
	g = got_fault();
	g.event.ipa = 0x80011000;
	assert_mismatch(&e, &g, "event.ipa: expected 0x80010000, got 0x80011000");
	e.has_event = false;
	g = got_fault();
	assert_mismatch(&e, &g, "event: expected none, got F_TRANSLATION");
	g.has_event = false;
	ck_assert(sn_arch_outcome_matches(&e, &g, NULL, 0, NULL));
}
END_TEST

/* Event fields are compared as the record holds them: InD of a write reads 0. */
START_TEST(compare_as_recorded)
{
	struct sn_arch_outcome e = exp_fault();
	struct sn_xlate g = got_fault();

	e.event_fields |= 1u << SN_EVF_IND | 1u << SN_EVF_SSID;
	e.event.ind = false;
	e.event.ssid = 0;
	g.event.rnw = false;
	g.event.ind = true;             /* not recorded for a write */
	g.event.ssid = 9;               /* not recorded without SSV */
	ck_assert(sn_arch_outcome_matches(&e, &g, NULL, 0, NULL));
	g.event.ssv = true;
	assert_mismatch(&e, &g, "event.ssid: expected 0, got 9");
}
END_TEST

/* DW3 is FetchAddr for F_WALK_EABT: an IPA is not recorded, the fetch address is. */
START_TEST(compare_fetch_addr)
{
	struct sn_arch_outcome e = exp_fault();
	struct sn_xlate g = got_fault();

	g.event.type = EVT_F_WALK_EABT;
	g.event.fetch_addr = 0x103088;
	e.event.type = EVT_F_WALK_EABT;
	e.event_fields = 1u << SN_EVF_TYPE | 1u << SN_EVF_FETCH_ADDR | 1u << SN_EVF_IPA;
	e.event.fetch_addr = 0x103088;
	e.event.ipa = 0;
	ck_assert(sn_arch_outcome_matches(&e, &g, NULL, 0, NULL));
	e.event.fetch_addr = 0x103080;
	assert_mismatch(&e, &g, "event.fetch-addr: expected 0x103080, got 0x103088");
}
END_TEST

START_TEST(compare_acceptable)
{
	struct sn_arch_outcome alts[2] = { exp_ok(), exp_fault() }, e;
	struct sn_xlate g = got_fault();
	unsigned alt = 9;

	memset(&e, 0, sizeof(e));
	e.kind = SN_ARCH_ACCEPTABLE;
	e.any_of = alts;
	e.n_any_of = 2;
	ck_assert(sn_arch_outcome_matches(&e, &g, NULL, 0, &alt));
	ck_assert_uint_eq(alt, 1);
	g = got_ok();
	ck_assert(sn_arch_outcome_matches(&e, &g, NULL, 0, &alt));
	ck_assert_uint_eq(alt, 0);
	g.pa = 0;
	assert_mismatch(&e, &g, "result: expected one of 2 acceptable outcomes, got ok pa=0x0 "
			"ipa=0x80001234 page-size=0x1000 s1-perm=rw-r-- s2-perm=rwxrwx");
}
END_TEST

START_TEST(names_and_perms)
{
	char buf[7];
	u8 p;

	for (unsigned perm = 0; perm <= SN_PERM_ALL; perm++) {
		sn_perm_format((u8)perm, buf);
		ck_assert(sn_perm_parse(buf, &p));
		ck_assert_uint_eq(p, perm);
	}
	sn_perm_format(SN_PERM_R_PRIV | SN_PERM_X_UNPRIV, buf);
	ck_assert_str_eq(buf, "r----x");
	ck_assert(!sn_perm_parse("rwx", &p));
	ck_assert(!sn_perm_parse("wr----", &p));
	ck_assert(!sn_perm_parse("rwxrwxr", &p));
	ck_assert_str_eq(sn_disposition_name(SN_XLATE_ATS_CA), "ats-ca");
	ck_assert_str_eq(sn_disposition_name((enum sn_disposition)42), "?");
	ck_assert_str_eq(sn_class_name(SN_CLASS_CD), "CD");
	ck_assert_str_eq(sn_class_name(3), "reserved");
	ck_assert_str_eq(sn_evf_names[SN_EVF_FETCH_ADDR], "fetch-addr");
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *arch_suite(void)
{
	Suite *s = suite_create("arch");
	TCase *bad = tcase_create("bad input");
	TCase *good = tcase_create("good input");
	TCase *cmp = tcase_create("compare");

	tcase_set_timeout(bad, 120);
	tcase_add_loop_test(bad, bad_input, 0, N_BAD_CASES);
	tcase_add_test(bad, truncated_inputs);
	suite_add_tcase(s, bad);
	tcase_add_test(good, good_header);
	tcase_add_test(good, good_smmu_merge);
	tcase_add_test(good, good_memory);
	tcase_add_test(good, good_tables);
	tcase_add_test(good, good_stream_table);
	tcase_add_test(good, good_cd_tables);
	tcase_add_test(good, good_transactions);
	tcase_add_test(good, build_nested);
	tcase_add_test(good, ref_values);
	tcase_add_test(good, ref_tg1);
	tcase_add_test(good, run_good);
	suite_add_tcase(s, good);
	tcase_add_test(cmp, compare_ok);
	tcase_add_test(cmp, compare_result_kind);
	tcase_add_test(cmp, compare_fault);
	tcase_add_test(cmp, compare_as_recorded);
	tcase_add_test(cmp, compare_fetch_addr);
	tcase_add_test(cmp, compare_acceptable);
	tcase_add_test(cmp, names_and_perms);
	suite_add_tcase(s, cmp);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(arch_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
