/* Unit tests for escape.c: one escaper per output context. */
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "tap.h"

typedef void (*escaper)(struct buf *, const char *, size_t);

/* Escape s (len bytes) with f into a fresh buffer and compare with want. */
static void check(escaper f, const char *s, size_t len, const char *want, const char *name)
{
	struct buf b = BUF_INIT;

	f(&b, s, len);
	is_str(b.ptr, want, "%s", name);
	buf_release(&b);
}

#define CHECK(f, lit, want, name) check(f, lit, sizeof(lit) - 1, want, name)

int main(void)
{
	struct buf b = BUF_INIT;

	/* HTML */
	CHECK(escape_html, "a & b < c > d \" e ' f", "a &amp; b &lt; c &gt; d &quot; e &#39; f",
	      "html: & < > \" ' escaped");
	CHECK(escape_html, "政策 <script>alert(1)</script>",
	      "政策 &lt;script&gt;alert(1)&lt;/script&gt;", "html: CJK kept, tags neutralised");
	CHECK(escape_html, "&amp;", "&amp;amp;",
	      "html: an entity is escaped again (no double-decode)");
	CHECK(escape_html, "", "", "html: empty input gives nothing");
	check(escape_html, "<>&", 2, "&lt;&gt;", "html: only len bytes are read");
	buf_puts(&b, "pre:");
	escape_html(&b, "<", 1);
	is_str(b.ptr, "pre:&lt;", "html: appends to what the buffer holds");
	buf_release(&b);

	/* URL in an attribute */
	CHECK(escape_url, "/a b/政策.html", "/a%20b/%E6%94%BF%E7%AD%96.html",
	      "url: space and CJK percent-encoded");
	CHECK(escape_url, "/s?q=1&r=2#frag", "/s?q=1&amp;r=2#frag",
	      "url: & becomes &amp;, ? = # kept");
	CHECK(escape_url, "x\"y'z<w>", "x%22y%27z%3Cw%3E",
	      "url: quotes and angle brackets encoded");
	CHECK(escape_url, "https://example.org/a-b_c.~d%20e:80",
	      "https://example.org/a-b_c.~d%20e:80", "url: safe characters and % kept");
	CHECK(escape_url, "a\nb\x7f", "a%0Ab%7F", "url: control bytes encoded, hex upper case");

	/* URL component */
	CHECK(escape_url_component, "a b&c=d/e?f#g", "a%20b%26c%3Dd%2Fe%3Ff%23g",
	      "url_component: reserved characters encoded");
	CHECK(escape_url_component, "AZaz09-_.~", "AZaz09-_.~", "url_component: unreserved kept");
	CHECK(escape_url_component, "资金", "%E8%B5%84%E9%87%91", "url_component: CJK encoded");
	CHECK(escape_url_component, "100%", "100%25", "url_component: % encoded");

	/* JSON */
	CHECK(escape_json, "say \"hi\" \\ ok", "say \\\"hi\\\" \\\\ ok",
	      "json: quote and backslash escaped");
	CHECK(escape_json, "a\nb\rc\td", "a\\nb\\rc\\td", "json: \\n \\r \\t");
	CHECK(escape_json, "\x01\x1f", "\\u0001\\u001f", "json: other control chars as \\u00XX");
	CHECK(escape_json, "</script>&", "\\u003c/script\\u003e\\u0026",
	      "json: < > & as \\u003c \\u003e \\u0026");
	CHECK(escape_json,
	      "a\xe2\x80\xa8"
	      "b\xe2\x80\xa9"
	      "c",
	      "a\\u2028b\\u2029c", "json: U+2028/U+2029 escaped");
	CHECK(escape_json, "政策—“引号”", "政策—“引号”",
	      "json: other E2 80 xx characters (— “ ”) and CJK kept");
	check(escape_json, "x\0y", 3, "x\\u0000y", "json: NUL as \\u0000");
	check(escape_json, "\xe2\x80", 2, "\xe2\x80",
	      "json: truncated E2 80 at the end is not over-read");

	/* XML */
	CHECK(escape_xml, "a & b < c > d \" e ' f", "a &amp; b &lt; c &gt; d &quot; e &apos; f",
	      "xml: entities");
	CHECK(escape_xml,
	      "a\x01\x08\x0b\x0c\x1f"
	      "b\tc\nd\re",
	      "ab\tc\nd\re", "xml: forbidden control chars dropped, tab/LF/CR kept");
	check(escape_xml, "a\0b", 3, "ab", "xml: NUL dropped");
	CHECK(escape_xml, "通知", "通知", "xml: CJK kept");

	/* CSV */
	CHECK(escape_csv, "plain", "\"plain\"", "csv: always quoted");
	CHECK(escape_csv, "say \"hi\"", "\"say \"\"hi\"\"\"", "csv: quotes doubled");
	CHECK(escape_csv, "a,b\nc", "\"a,b\nc\"", "csv: comma and newline kept inside quotes");
	CHECK(escape_csv, "", "\"\"", "csv: empty field");
	CHECK(escape_csv, "\"\"", "\"\"\"\"\"\"", "csv: only quotes, each doubled");
	CHECK(escape_csv, "《\"办法\"》", "\"《\"\"办法\"\"》\"", "csv: quotes among CJK text");
	return tap_done();
}
