/* fuzz_chardiff.c - libFuzzer harness for the character diff: the input is
 * cut in two halves (old, new) → chardiff_compute + the inline and table
 * renderers; both halves are also parsed as YAML and, when that works,
 * compared with chardiff_meta_compute + chardiff_meta_render.
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "chardiff.h"
#include "diag.h"
#include "value.h"
#include "yamldoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a = (const char *)data, *b = a + size / 2;
	size_t alen = size / 2, blen = size - size / 2;
	struct chardiff *cd = NULL;
	struct chardiff_meta *cm;
	struct value *va = NULL, *vb = NULL;
	struct diag d = DIAG_INIT;
	struct buf out = BUF_INIT;

	if (chardiff_compute(&cd, a, alen, b, blen) == 0) {
		chardiff_render_inline(&out, cd);
		chardiff_render_table(&out, cd);
	}
	chardiff_free(cd);
	/* the same text on both sides must not differ */
	if (chardiff_compute(&cd, a, alen, a, alen) == 0 && cd->changes)
		__builtin_trap();
	chardiff_free(cd);
	(void)yamldoc_parse(&va, a, alen, "old.md", 0, &d);
	(void)yamldoc_parse(&vb, b, blen, "new.md", 0, &d);
	cm = chardiff_meta_compute(va, vb);
	chardiff_meta_render(&out, cm);
	chardiff_meta_free(cm);
	value_free(va);
	value_free(vb);
	buf_release(&out);
	diag_release(&d);
	return 0;
}
