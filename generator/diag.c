/* diag.c - path:line:col diagnostics; see diag.h. */
#include "diag.h"

#include <stdarg.h>

static void diag_add(struct diag *d, const char *kind, const char *path, int line, int col,
		     const char *fmt, va_list ap)
{
	pthread_mutex_lock(&d->lock);
	buf_printf(&d->text, "%s:%d:%d: %s: ", path, line > 0 ? line : 1, col > 0 ? col : 1, kind);
	buf_vprintf(&d->text, fmt, ap);
	buf_putc(&d->text, '\n');
	if (kind[0] == 'e')
		d->errors++;
	else
		d->warnings++;
	pthread_mutex_unlock(&d->lock);
}

void diag_error(struct diag *d, const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, "error", path, line, col, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, "warning", path, line, col, fmt, ap);
	va_end(ap);
}

int diag_flush(struct diag *d, FILE *fp)
{
	int rc = 0;

	if (d->text.len && fwrite(d->text.ptr, 1, d->text.len, fp) != d->text.len)
		rc = -1;
	if (fflush(fp) != 0 || ferror(fp))
		rc = -1;
	buf_reset(&d->text);
	return rc;
}

void diag_append(struct diag *dst, struct diag *src)
{
	pthread_mutex_lock(&dst->lock);
	buf_put(&dst->text, src->text.ptr, src->text.len);
	dst->errors += src->errors;
	dst->warnings += src->warnings;
	pthread_mutex_unlock(&dst->lock);
	buf_reset(&src->text);
	src->errors = src->warnings = 0;
}

void diag_release(struct diag *d)
{
	buf_release(&d->text);
}
