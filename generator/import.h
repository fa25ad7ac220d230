/* import.h - `huibian import`: turn a raw compilation (text extracted from
 * a PDF or a gazette web page) into huibian's annotated Markdown format.
 *
 *     huibian import FILE... --out DIR [--title T] [--editor E]
 *                    [--date YYYY-MM-DD] [--topics SITE.YAML] [--force] [--report]
 *
 * Measures get topics from the `topics` of --topics, else of the site.yaml
 * in the parent folder of --out (the content folder) when there is one.
 *
 * The library part (import_parse, import_render_*) works on memory only and
 * is what the unit tests call; import_main does the file handling.
 */
#ifndef HUIBIAN_IMPORT_H
#define HUIBIAN_IMPORT_H

#include <stddef.h>

#include "buf.h"
#include "importdepts.h"
#include "importmeta.h"
#include "importtext.h"
#include "importtopic.h"

/* One official document found in the compilation. */
struct import_doc {
	size_t first, last; /* line indexes (into the it_lines) it covers */
	size_t body;	    /* index of its first body line */
	int order;	    /* 1-based */
	char *title, *number, *section, *attachment, *slug; /* owned; may be NULL */
	char *issuers;					    /* owned, one per line ("" if none) */
	char *raw_title;	  /* owned: title lines joined with spaces */
	const char *kind, *level; /* static */
	struct im_date signed_, effective, expires;
};

/* A parsed compilation.  Free with import_free. */
struct import_comp {
	struct it_lines lines;
	struct import_doc *docs;
	size_t ndocs;
	char *title;	     /* compilation title (owned) */
	char *sections;	     /* section names in order, one per line (owned) */
	int title_from_name; /* title is the input file name: no source: lines */
	struct im_date date;
	struct it_topics topics; /* for measures; empty if none (owned) */
};

/* Split the lines already in c->lines into documents and fill in their
 * metadata.  title may be NULL: then it is guessed from the cover (the
 * lines before the first document: its first Markdown heading, else its
 * first title-like line, never a section word like 序言/目录/前言), else
 * the first input's file name without extension (title_from_name set). */
void import_parse(struct import_comp *c, const char *title);
/* Append the whole file text of document d (front matter + body). */
void import_render_doc(struct buf *out, const struct import_comp *c, const struct import_doc *d);
/* Append _index.md: front matter (title, editor, date, sections) and the
 * preface.  editor and date may be NULL. */
void import_render_index(struct buf *out, const struct import_comp *c, const char *editor,
			 const char *date);
/* Append s as a double-quoted YAML scalar. */
void import_yaml_quote(struct buf *out, const char *s);
/* Join lines of running text: CJK without space, Latin words with one. */
void import_join(struct buf *para, const char *line);
/* Extract the measure attributes of a paragraph: departments (see
 * importdepts.h) and amount (appended to depts/amount, empty if none). */
void import_measure(struct buf *depts, struct buf *amount, const char *para);
void import_free(struct import_comp *c);

/* Helpers shared by import.c and importout.c. */
/* Length of a 第X章/第X节/第X条 label (unit "章", …) at the start of s, 0 if none. */
size_t import_di_label(const char *s, const char *unit);
/* Numbering at the start of s: 1 一、, 2 （一）, 3 1. / 1、, 4 （1）; 0 none;
 * *len gets the label length. */
int import_numbering(const char *s, size_t *len);
/* Is t a plausible title (ends with a 文种, no sentence punctuation)? */
int import_title_like(const char *t);
/* Is s the heading of a compilation section (一、国家惠企政策汇编, 【…】)? */
int import_is_section(const char *s);
/* Does s end with sentence-final punctuation? */
int import_ends_sentence(const char *s);

/* The command; argv[0] is "import".  Returns 0, 1 (input error) or 2
 * (usage error). */
int import_main(int argc, char **argv);

#endif
