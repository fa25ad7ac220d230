/* chardiff.h - paragraph-aligned, character-level diffs of Chinese prose.
 *
 * git's line diff is useless for Chinese policy texts (no spaces, one
 * paragraph per line), so two Markdown bodies are compared like this:
 *
 *  1. Each body is split into paragraphs: blocks separated by blank lines;
 *     the lines of a block are one paragraph (re-wrapping is no change);
 *     an ATX heading line ("## 第一章 总则") is a paragraph of its own.
 *  2. Every paragraph is normalised for comparison: each code point is
 *     replaced by its compatibility decomposition (NFKC/NFKD equivalence:
 *     "ＡＢＣ１２３" equals "ABC123", the full-width comma "，" equals ","
 *     and "（" equals "("), combining marks are attached to their base
 *     character, and white space (including U+3000) and default-ignorable
 *     code points (zero-width space, BOM) are dropped.  The displayed text
 *     stays as written: every normalised character keeps the byte range of
 *     the characters it came from.
 *  3. Paragraphs are aligned: identical (normalised) paragraphs in order
 *     first (a Myers diff over paragraphs), then the rest are paired by
 *     similarity (Dice coefficient of character bigrams, label excluded),
 *     where an equal numbering label (第三条, 第二章, 一、, （一）, 1.)
 *     lowers the threshold and breaks ties.  So an edited article is paired
 *     with its old self, a renumbered article (第三条 → 第四条, same text) is
 *     paired and the label change shows, and a moved paragraph is paired
 *     and flagged moved.  Unpaired paragraphs are added or removed.
 *  4. Each changed pair is diffed character by character (a hand-written
 *     Myers diff, bounded: above CHARDIFF_MAX_EDITS edits the paragraph is
 *     shown as replaced), followed by a semantic clean-up that folds tiny
 *     equalities between larger edits into the edits.
 *
 * Invalid UTF-8 and NUL bytes in the input are replaced by U+FFFD first, so
 * all stored text is valid UTF-8 and can go straight to escape_html.
 *
 * Ownership: chardiff_compute allocates a struct chardiff owning all its
 * paragraphs, texts and spans; the inputs are not referenced afterwards.
 * chardiff_free frees it (NULL is a no-op).  Likewise chardiff_meta.
 * Everything here is reentrant (no shared state).
 */
#ifndef HUIBIAN_CHARDIFF_H
#define HUIBIAN_CHARDIFF_H

#include <stddef.h>

#include "buf.h"
#include "value.h"

/* Above this many character edits in one paragraph, show it replaced. */
#define CHARDIFF_MAX_EDITS 1000
/* Unchanged paragraphs shown before and after a change (inline view). */
#define CHARDIFF_CONTEXT 1

enum chardiff_kind { CHARDIFF_SAME, CHARDIFF_CHANGED, CHARDIFF_ADDED, CHARDIFF_REMOVED };

struct chardiff_span {
	int op;		  /* '=' unchanged, '-' removed, '+' inserted */
	const char *text; /* '=' and '+': bytes of the para's new_text; '-': of old_text */
	size_t len;
	const char *old; /* '=' only: the same characters as written in old_text */
	size_t old_len;	 /* (they differ from text only in width/white space) */
};

struct chardiff_para {
	enum chardiff_kind kind;
	int moved;	 /* SAME or CHANGED, but out of order relative to the others */
	char *label;	 /* numbering label as written (new side; old side if REMOVED), or NULL */
	char *old_label; /* the old label when it differs (renumbered article), else NULL */
	char *old_text;	 /* the paragraph as written, NULL for ADDED */
	char *new_text;	 /* the paragraph as written, NULL for REMOVED */
	size_t old_len, new_len;
	long old_index, new_index; /* 0-based paragraph numbers, -1 when absent */
	/* CHANGED only: the character diff, covering new_text (and the
	 * removed parts of old_text) in order; NULL/0 otherwise. */
	struct chardiff_span *spans;
	size_t nspans;
};

struct chardiff {
	struct chardiff_para *paras; /* new order, removed paragraphs at their old place */
	size_t n;
	int changes; /* paragraphs that are not SAME, plus moved ones */
};

/* Compare two Markdown bodies (front matter removed).  Returns 0 and a new
 * diff in *out (free with chardiff_free); -1 only on absurd input sizes.
 * The paragraphs of an unchanged document are all CHARDIFF_SAME. */
int chardiff_compute(struct chardiff **out, const char *old_md, size_t old_len, const char *new_md,
		     size_t new_len);
void chardiff_free(struct chardiff *d);

/* The inline diff: <div class="chardiff"> with one <p> per paragraph,
 * <del>/<ins> for changes, classes diff-changed/-added/-removed/-same/
 * -moved, and runs of unchanged paragraphs further than CHARDIFF_CONTEXT
 * from a change collapsed into <p class="diff-skip">.  Nothing is written
 * for a NULL diff; "no changes" is said in <p class="diff-none">. */
void chardiff_render_inline(struct buf *out, const struct chardiff *d);
/* The 新旧对照 table: <table class="chardiff-table"> with the columns
 * 旧条文 | 新条文 and one row per changed, added, removed or moved paragraph. */
void chardiff_render_table(struct buf *out, const struct chardiff *d);

/* Metadata (front matter) diff: one row per top-level field whose value
 * differs, in the new field order followed by removed fields.  Values are
 * shown as text: scalars as written, lists joined with "、", maps as
 * "key: value；...".  Absent values are NULL. */
struct chardiff_meta_row {
	char *field;
	char *old_value; /* NULL: the field was added */
	char *new_value; /* NULL: the field was removed */
};

struct chardiff_meta {
	struct chardiff_meta_row *rows;
	size_t n;
};

/* Either tree may be NULL or not a map (treated as no fields).  Always
 * succeeds; free the result with chardiff_meta_free. */
struct chardiff_meta *chardiff_meta_compute(const struct value *old_fm, const struct value *new_fm);
void chardiff_meta_free(struct chardiff_meta *m);
/* <table class="chardiff-meta"> with the columns 字段 | 旧值 | 新值;
 * nothing when m has no rows. */
void chardiff_meta_render(struct buf *out, const struct chardiff_meta *m);

/* Append len bytes of s to out as valid UTF-8: every invalid sequence and
 * every NUL byte becomes U+FFFD.  (Shared with history.c for commit
 * messages, author names and paths.) */
void chardiff_utf8_clean(struct buf *out, const char *s, size_t len);

#endif
