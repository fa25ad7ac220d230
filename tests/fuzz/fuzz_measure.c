/* fuzz_measure.c - libFuzzer harness: measure comments
 * (<!-- measure key="value" ... -->) from arbitrary bytes through
 * measure_is_comment and measure_parse, and measure_split_list on the same
 * bytes as a NUL-terminated string.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "measure.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct diag d = DIAG_INIT;
	struct doc *doc = xcalloc(1, sizeof(*doc));
	struct strlist l = {NULL, 0};
	char *z;

	/* the measure belongs to a document, which releases it */
	doc->measures = xcalloc(1, sizeof(*doc->measures));
	doc->nmeasures = 1;
	(void)measure_is_comment(s, size);
	if (measure_parse(&doc->measures[0], s, size, "fuzz/a.md", 3, 1, &d) < 0 && !d.errors)
		__builtin_trap(); /* contract: -1 only after reporting */
	doc_free(doc);
	z = xstrndup(s, size);
	measure_split_list(&l, z);
	strlist_release(&l);
	free(z);
	diag_release(&d);
	return 0;
}
