/* viewshtml.c - the HTML of the items the views repeat: document list
 * items, measure table rows and a department's measures grouped by
 * document; see viewsint.h.
 *
 * These are written here rather than through templates: a site of 10,000
 * documents has some 90,000 measures, each on several pages, and a value
 * tree per item (then rendered and freed) cost more than the rest of the
 * build.  The page around them stays a template; it inserts the items with
 * {{{…_html}}}.  Every text and attribute value is escaped here, with
 * escape_html as the templates do. */
#include <string.h>

#include "escape.h"
#include "viewsint.h"

static void esc(struct buf *out, const char *s)
{
	escape_html(out, s, strlen(s));
}

/* href="<root><slug>/index.html<#id>" (id may be NULL). */
static void doc_href(struct buf *out, const char *root, const struct doc *doc, const char *id)
{
	buf_puts(out, "href=\"");
	buf_puts(out, root);
	esc(out, doc->slug);
	buf_puts(out, "/index.html");
	if (id) {
		buf_putc(out, '#');
		esc(out, id);
	}
	buf_putc(out, '"');
}

/* The status badge (_status.mustache). */
static void status_badge(struct buf *out, enum status st)
{
	buf_puts(out, "<span class=\"badge status-");
	esc(out, status_class(st));
	buf_puts(out, "\">");
	esc(out, status_label(st));
	buf_puts(out, "</span>");
}

/* <span class="cls">text</span> */
static void span(struct buf *out, const char *cls, const char *text)
{
	buf_puts(out, "<span class=\"");
	buf_puts(out, cls);
	buf_puts(out, "\">");
	esc(out, text);
	buf_puts(out, "</span>");
}

/* <time>date</time> (a formatted date: nothing to escape). */
static void time_tag(struct buf *out, const char *date)
{
	buf_puts(out, "<time>");
	buf_puts(out, date);
	buf_puts(out, "</time>");
}

/* The measures count of a document item. */
static void count_span(struct buf *out, size_t n)
{
	char digits[24], *p = digits + sizeof(digits);

	*--p = '\0';
	do
		*--p = (char)('0' + n % 10);
	while (n /= 10);
	buf_puts(out, "<span class=\"measures-count\">政策措施 ");
	buf_puts(out, p);
	buf_puts(out, " 条</span>");
}

/* A 施行 / 失效 date, when set. */
static void dated(struct buf *out, const char *label, struct date d)
{
	char s[11];

	date_format(s, d);
	if (!*s)
		return;
	buf_puts(out, "<span class=\"v-date\">");
	buf_puts(out, label);
	buf_puts(out, " <time>");
	buf_puts(out, s);
	buf_puts(out, "</time></span>");
}

static int is_out(const struct doc *doc)
{
	return doc->status == STATUS_EXPIRED || doc->status == STATUS_REPEALED;
}

void views_html_doc_item(struct buf *out, const struct views *v, size_t di, enum vrole role,
			 const char *root)
{
	const struct doc *doc = v->s->docs[di];
	char date[11];

	buf_puts(out,
		 is_out(doc) ? "<li class=\"doc-item is-out\">\n" : "<li class=\"doc-item\">\n");
	buf_puts(out, "<div class=\"doc-item-main\">\n<a class=\"doc-item-title\" ");
	doc_href(out, root, doc, NULL);
	buf_putc(out, '>');
	esc(out, doc->title);
	buf_puts(out, "</a>");
	if (role == VROLE_LEAD)
		buf_puts(out, " <span class=\"role role-lead\">牵头</span>");
	else if (role == VROLE_JOINT)
		buf_puts(out, " <span class=\"role role-joint\">联合</span>");
	buf_puts(out, "\n<p class=\"doc-item-meta\">");
	if (doc->issuers.n)
		span(out, "issuer", v->depts[v->docs[di].issuers[0]].name);
	if (doc->number && *doc->number)
		span(out, "number", doc->number);
	date_format(date, page_doc_date(doc));
	if (*date)
		time_tag(out, date);
	dated(out, "施行", doc->effective);
	dated(out, "失效", doc->expires);
	status_badge(out, doc->status);
	if (doc->nmeasures)
		count_span(out, doc->nmeasures);
	buf_puts(out, "</p>\n</div>\n</li>\n");
}

/* The topic links and the department links of measure i (cells 2 and 3
 * of a row).  The filter of static/views.js reads the topic and department
 * ids from these links' folders: the row carries them once.  mroot: the
 * way from the page to measures/. */
static void row_tags(struct buf *out, const struct views *v, size_t di, size_t i, const char *root,
		     const char *mroot)
{
	const struct measure *m = &v->s->docs[di]->measures[i];
	size_t k;

	buf_puts(out, "<td>");
	for (k = 0; k < m->topics.n; k++) {
		const struct vtopic *t = &v->topics[v->docs[di].mtopics[i][k]];
		buf_puts(out, "<a href=\"");
		buf_puts(out, mroot);
		esc(out, t->id);
		buf_puts(out, "/index.html\">");
		esc(out, t->name);
		buf_puts(out, "</a>");
	}
	buf_puts(out, "</td><td>");
	for (k = 0; k < m->depts.n; k++) {
		const struct vdept *d = &v->depts[v->docs[di].mdepts[i][k]];
		int lead = k == 0 && m->depts.n > 1;
		buf_puts(out, lead ? "<a class=\"lead\" href=\"" : "<a href=\"");
		buf_puts(out, root);
		buf_puts(out, "departments/");
		esc(out, d->id);
		buf_puts(out, "/index.html\">");
		esc(out, d->name);
		if (lead)
			buf_puts(out, "<small>牵头</small>");
		buf_puts(out, "</a>");
	}
	buf_puts(out, "</td>");
}

/* One measure's row: text (linked to its anchor), topics, departments,
 * amount, mode, deadline. */
static void measure_row(struct buf *out, const struct views *v, size_t di, size_t i,
			const char *root, const char *mroot)
{
	const struct doc *doc = v->s->docs[di];
	const struct measure *m = &doc->measures[i];
	char deadline[11];

	buf_puts(out, "<tr><td><a ");
	doc_href(out, root, doc, m->id);
	buf_putc(out, '>');
	views_put_summary(out, m);
	buf_puts(out, "</a></td>");
	row_tags(out, v, di, i, root, mroot);
	buf_puts(out, "<td>");
	if (m->amount)
		esc(out, m->amount);
	buf_puts(out, "</td><td>");
	if (m->mode)
		esc(out, m->mode);
	buf_puts(out, "</td><td>");
	date_format(deadline, m->deadline);
	if (*deadline)
		time_tag(out, deadline);
	buf_puts(out, "</td></tr>\n");
}

/* The <tbody> of document di's group, with its heading row: the document
 * (title, 发文字号) and its status; data-level and data-status for the
 * filter. */
static void table_group_head(struct buf *out, const struct views *v, size_t di, const char *root)
{
	const struct doc *doc = v->s->docs[di];

	buf_puts(out,
		 is_out(doc) ? "<tbody class=\"is-out\" data-level=\"" : "<tbody data-level=\"");
	buf_puts(out, views_doc_level(doc));
	buf_puts(out, "\" data-status=\"");
	buf_puts(out, status_class(doc->status));
	buf_puts(out, "\">\n<tr class=\"v-ghead\"><th scope=\"rowgroup\" colspan=\"6\"><a ");
	doc_href(out, root, doc, NULL);
	buf_putc(out, '>');
	esc(out, doc->title);
	buf_puts(out, "</a>");
	if (doc->number && *doc->number)
		span(out, "number", doc->number);
	status_badge(out, doc->status);
	buf_puts(out, "</th></tr>\n");
}

void views_html_measure_table(struct buf *out, const struct views *v, const struct vref *refs,
			      size_t n, const char *root)
{
	/* every table is on a page in a folder of measures/: one "../" less */
	const char *mroot = strlen(root) >= 3 ? root + 3 : root;
	size_t k, last = VIEWS_NONE;

	for (k = 0; k < n; k++) {
		if (refs[k].doc != last) {
			if (last != VIEWS_NONE)
				buf_puts(out, "</tbody>\n");
			last = refs[k].doc;
			table_group_head(out, v, last, root);
		}
		measure_row(out, v, refs[k].doc, refs[k].m, root, mroot);
	}
	if (last != VIEWS_NONE)
		buf_puts(out, "</tbody>\n");
}

/* The heading of one document's group: its title, number and status (no
 * classes but is-out: static/views.css styles them as .v-mgroups > li …). */
static void mgroup_head(struct buf *out, const struct doc *doc, const char *root)
{
	buf_puts(out, is_out(doc) ? "<li class=\"is-out\">\n<p><a " : "<li>\n<p><a ");
	doc_href(out, root, doc, NULL);
	buf_putc(out, '>');
	esc(out, doc->title);
	buf_puts(out, "</a>");
	if (doc->number && *doc->number)
		span(out, "number", doc->number);
	status_badge(out, doc->status);
	buf_puts(out, "</p>\n<ul>\n");
}

void views_html_mgroups(struct buf *out, const struct views *v, const struct vref *refs, size_t n,
			const char *root)
{
	size_t k, last = VIEWS_NONE;

	for (k = 0; k < n; k++) {
		const struct doc *doc = v->s->docs[refs[k].doc];
		const struct measure *m = &doc->measures[refs[k].m];
		if (refs[k].doc != last) {
			if (last != VIEWS_NONE)
				buf_puts(out, "</ul>\n</li>\n");
			last = refs[k].doc;
			mgroup_head(out, doc, root);
		}
		buf_puts(out, "<li>");
		if (refs[k].role != VROLE_SOLE)
			buf_puts(out, refs[k].role == VROLE_LEAD
					  ? "<span class=\"role\">牵头</span> "
					  : "<span class=\"role\">配合</span> ");
		buf_puts(out, "<a ");
		doc_href(out, root, doc, m->id);
		buf_putc(out, '>');
		views_put_summary(out, m);
		buf_puts(out, "</a></li>\n");
	}
	if (last != VIEWS_NONE)
		buf_puts(out, "</ul>\n</li>\n");
}

struct value *views_html_value(char *s, size_t len)
{
	struct value *v = value_new(VALUE_STRING);

	v->str = s;
	v->len = len;
	return v;
}
