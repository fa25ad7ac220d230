/* fuzz_import.c - libFuzzer harness for `huibian import`, in memory: the
 * same steps as import_main without the file system.  Arbitrary bytes go
 * through it_decode (UTF-8 / UTF-16 / GB18030 detection), it_split,
 * import_parse (which marks junk lines and finds the documents), then
 * import_render_index and import_render_doc for every document, as
 * write_all does.  Each generated file is read back with doc_parse, as the
 * build would (its verdict is not checked here: a crash is what counts).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "import.h"
#include "importtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse one generated file like the build would. */
static void read_back(const struct buf *b, const char *name)
{
	struct diag d = DIAG_INIT;
	struct doc *doc = NULL;
	struct buf rel = BUF_INIT;

	buf_printf(&rel, "imported/%s", name);
	(void)doc_parse(&doc, rel.ptr, rel.ptr, b->ptr, b->len, &d);
	doc_free(doc);
	buf_release(&rel);
	diag_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = DIAG_INIT;
	struct import_comp c;
	struct buf text = BUF_INIT, out = BUF_INIT, name = BUF_INIT;
	size_t i;

	memset(&c, 0, sizeof(c));
	if (it_decode(&text, &d, "in.txt", (const char *)data, size) < 0)
		goto out;
	it_split(&c.lines, "in.txt", text.ptr);
	import_parse(&c, NULL);
	import_render_index(&out, &c, "编者", "2024-07-25");
	for (i = 0; i < c.ndocs; i++) {
		if (!c.docs[i].slug)
			__builtin_trap(); /* write_all prints it as the file name */
		buf_reset(&out);
		import_render_doc(&out, &c, &c.docs[i]);
		buf_reset(&name);
		buf_printf(&name, "%s.md", c.docs[i].slug);
		read_back(&out, name.ptr);
	}
out:
	import_free(&c);
	buf_release(&text);
	buf_release(&out);
	buf_release(&name);
	diag_release(&d);
	return 0;
}
