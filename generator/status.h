/* status.h - 时效性, the legal status of a document on a given day. */
#ifndef HUIBIAN_STATUS_H
#define HUIBIAN_STATUS_H

#include "date.h"

enum status {
	STATUS_CURRENT,	 /* 现行有效 */
	STATUS_AMENDED,	 /* 已修改 */
	STATUS_REPEALED, /* 已废止 */
	STATUS_EXPIRED,	 /* 已失效 */
	STATUS_PENDING,	 /* 尚未生效 */
};

/* The Chinese label ("现行有效") and the CSS class ("current"). */
const char *status_label(enum status s);
const char *status_class(enum status s);
/* Parse a label; 0 / -1. */
int status_parse(enum status *out, const char *label);
/* Status from the dates alone, on day `today`: 尚未生效 before effective,
 * 已失效 after expires, otherwise 现行有效. */
enum status status_from_dates(struct date effective, struct date expires, struct date today);

#endif
