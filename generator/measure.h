/* measure.h - measure (措施) annotations:
 *
 *   <!-- measure topics="资金补贴, 技术改造" depts="市工业和信息化局" amount="最高500万元" -->
 *
 * on its own line right after the block it annotates.  Keys: topics, depts,
 * amount, beneficiaries, deadline (YYYY-MM-DD), mode (免申即享 / 快申快享 /
 * 申报), id ([a-z0-9-]+).  Values are double-quoted; lists are separated by
 * , ， or 、.  Unknown keys and malformed comments are errors.
 */
#ifndef HUIBIAN_MEASURE_H
#define HUIBIAN_MEASURE_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"

/* Does the HTML text s (len bytes) start a measure comment? */
int measure_is_comment(const char *s, size_t len);
/* Parse the comment s into *m (zeroed by the caller; released by doc_free
 * as part of its document).  line/col give the comment's position in path
 * for messages.  Returns 0, or -1 after reporting every problem. */
int measure_parse(struct measure *m, const char *s, size_t len, const char *path, int line, int col,
		  struct diag *d);
/* Split a list value on , ， 、 (trimming spaces) into l. */
void measure_split_list(struct strlist *l, const char *s);

#endif
