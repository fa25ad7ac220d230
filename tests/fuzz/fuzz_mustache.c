/* fuzz_mustache.c - libFuzzer harness for the template engine.
 *
 * Input layout: TEMPLATES \0 DATA.  TEMPLATES is cut at every \x01 byte
 * into templates named t0, t1, … (so {{>t1}} reaches another template and
 * {{>t0}} recursion is possible); DATA (if any) is parsed with
 * yamldoc_parse as YAML or JSON and used as the context.  Every template
 * goes through mustache_add (strict compile errors), then the set through
 * mustache_check, then t0 (or any that compiled) through mustache_render.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"
#include "yamldoc.h"

#define MAX_TEMPLATES 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nul = memchr(s, '\0', size);
	size_t tlen = nul ? (size_t)(nul - s) : size, start = 0, i;
	struct diag d = DIAG_INIT;
	struct mustache *m = mustache_new();
	struct value *ctx = NULL;
	struct buf out = BUF_INIT;
	char name[8];
	int n = 0;

	if (nul)
		(void)yamldoc_parse(&ctx, nul + 1, size - tlen - 1, "data.yaml", 0, &d);
	for (i = 0; i <= tlen && n < MAX_TEMPLATES; i++) {
		if (i < tlen && s[i] != '\x01')
			continue;
		snprintf(name, sizeof(name), "t%d", n);
		if (mustache_add(m, name, s + start, i - start, name, &d) < 0 && !d.errors)
			__builtin_trap(); /* contract: -1 reports the error */
		if (!mustache_has(m, name) && !d.errors)
			__builtin_trap();
		n++;
		start = i + 1;
	}
	(void)mustache_check(m, &d);
	for (i = 0; i < (size_t)n; i++) {
		snprintf(name, sizeof(name), "t%d", (int)i);
		if (!mustache_has(m, name))
			continue;
		buf_reset(&out);
		(void)mustache_render(&out, m, name, ctx);
		if (out.ptr[out.len] != '\0')
			__builtin_trap(); /* struct buf is always terminated */
	}
	buf_release(&out);
	value_free(ctx);
	mustache_free(m);
	diag_release(&d);
	return 0;
}
