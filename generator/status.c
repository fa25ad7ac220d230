/* status.c - see status.h. */
#include "status.h"

#include <string.h>

static const struct {
	const char *label, *css;
} statuses[] = {
    [STATUS_CURRENT] = {"现行有效", "current"}, [STATUS_AMENDED] = {"已修改", "amended"},
    [STATUS_REPEALED] = {"已废止", "repealed"}, [STATUS_EXPIRED] = {"已失效", "expired"},
    [STATUS_PENDING] = {"尚未生效", "pending"},
};

const char *status_label(enum status s)
{
	return statuses[s].label;
}

const char *status_class(enum status s)
{
	return statuses[s].css;
}

int status_parse(enum status *out, const char *label)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		if (strcmp(statuses[i].label, label) == 0) {
			*out = (enum status)i;
			return 0;
		}
	}
	return -1;
}

enum status status_from_dates(struct date effective, struct date expires, struct date today)
{
	if (date_is_set(effective) && date_cmp(today, effective) < 0)
		return STATUS_PENDING;
	if (date_is_set(expires) && date_cmp(today, expires) > 0)
		return STATUS_EXPIRED;
	return STATUS_CURRENT;
}
