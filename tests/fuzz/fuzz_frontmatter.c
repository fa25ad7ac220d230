/* fuzz_frontmatter.c - libFuzzer harness: a document file from arbitrary
 * bytes (doc_parse: UTF-8 check, front matter split, YAML through yamldoc,
 * field validation), and the same bytes as a stand-alone YAML document
 * (site.yaml / _index.md style) through yamldoc_parse.
 *
 * Built by tests/fuzz/run.sh with -fsanitize=fuzzer,address,undefined.
 */
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "doc.h"
#include "value.h"
#include "yamldoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct diag d = DIAG_INIT;
	struct doc *doc = NULL;
	struct value *v = NULL;
	const char *fm;
	size_t fm_len, body_off;
	int body_line;

	if (doc_parse(&doc, "fuzz/a.md", "fuzz/a.md@0000000", text, size, &d) == 0 && !doc)
		__builtin_trap(); /* contract: success sets *out */
	doc_free(doc);
	/* the splitter alone, on the raw bytes (no UTF-8 check in front) */
	if (doc_split(text, size, "a.md", &fm, &fm_len, &body_off, &body_line, &d) >= 0 &&
	    (body_off > size || fm_len > size))
		__builtin_trap();
	if (yamldoc_parse(&v, text, size, "fuzz/_index.md", 0, &d) == 0 && !v)
		__builtin_trap();
	value_free(v);
	diag_release(&d);
	return 0;
}
