/* Unit tests for the pagination helpers of views.c: page counts, page
 * paths, the page navigation (first, last, two on each side, gaps) and
 * the root of a page. */
#include <stdlib.h>

#include "buf.h"
#include "tap.h"
#include "viewsint.h"

/* The navigation of page n of np as text: "<" when there is a previous
 * page, then each item ("[n]" for the current one, "…" for a gap, n with
 * its path checked), then ">" when there is a next page. */
static void pager(struct buf *out, size_t n, size_t np)
{
	struct value *pg = views_pager("measures/all", n, np, 1), *items = value_get(pg, "items");
	size_t k;

	buf_reset(out);
	if (value_get(pg, "prev"))
		buf_puts(out, "<");
	for (k = 0; k < items->n; k++) {
		const struct value *it = items->items[k];
		const char *href = value_get_str(it, "href");
		struct buf want = BUF_INIT;
		if (value_get(it, "gap")) {
			buf_puts(out, " …");
			continue;
		}
		buf_printf(&want, "measures/all/%s/index.html", value_get(it, "n")->str);
		if (value_get(it, "current"))
			buf_printf(out, " [%s]", value_get(it, "n")->str);
		else if (href && !strcmp(href, want.ptr))
			buf_printf(out, " %s", value_get(it, "n")->str);
		else
			buf_puts(out, " (bad href)");
		buf_release(&want);
	}
	if (value_get(pg, "next"))
		buf_puts(out, " >");
	value_free(pg);
}

static void test_pager(void)
{
	struct buf b = BUF_INIT;

	pager(&b, 1, 1);
	is_str(b.ptr, " [1]", "one page: no links");
	pager(&b, 1, 2);
	is_str(b.ptr, " [1] 2 >", "first of two");
	pager(&b, 2, 2);
	is_str(b.ptr, "< 1 [2]", "last of two");
	pager(&b, 1, 10);
	is_str(b.ptr, " [1] 2 3 … 10 >", "first of ten");
	pager(&b, 4, 10);
	is_str(b.ptr, "< 1 2 3 [4] 5 6 … 10 >", "no gap before 2");
	pager(&b, 5, 10);
	is_str(b.ptr, "< 1 … 3 4 [5] 6 7 … 10 >", "gaps on both sides");
	pager(&b, 8, 10);
	is_str(b.ptr, "< 1 … 6 7 [8] 9 10 >", "no gap before the last");
	pager(&b, 10, 10);
	is_str(b.ptr, "< 1 … 8 9 [10]", "last of ten");
	buf_release(&b);
}

static void test_paths(void)
{
	char *s;

	is_int((int)views_npages(0, 0), 1, "an empty list has one page");
	is_int((int)views_npages(VIEWS_PAGE_ROWS, 3), 1, "a full page is one page");
	is_int((int)views_npages(5, VIEWS_PAGE_ROWS + 1), 2, "the longer list counts");
	is_int((int)views_npages(VIEWS_PAGE_ROWS * 3 + 1, 0), 4, "rounded up");
	s = views_paged_href("departments/d-1", 1, 0);
	is_str(s, "departments/d-1/index.html", "page 1 in the folder itself");
	free(s);
	s = views_paged_href("departments/d-1", 3, 0);
	is_str(s, "departments/d-1/3/index.html", "later pages numbered");
	free(s);
	s = views_paged_href("measures/all", 1, 1);
	is_str(s, "measures/all/1/index.html", "numbered from page 1");
	free(s);
	s = views_root("measures/t-1/2/index.html");
	is_str(s, "../../../", "root of a page three folders down");
	free(s);
	s = views_root("index.html");
	is_str(s, "", "root of the top page");
	free(s);
}

int main(void)
{
	test_pager();
	test_paths();
	return tap_done();
}
