/* Unit tests for date.c and status.c. */
#include <string.h>

#include "date.h"
#include "status.h"
#include "tap.h"

static struct date D(int y, int m, int d) {
	struct date r = {y, m, d};
	return r;
}

/* date_parse s; 1 when it parses to y-m-d, 0 when refused (and unset). */
static int
parses(const char *s, int y, int m, int d)
{
	struct date out = {9, 9, 9};
	const char *why = NULL;

	if (date_parse(&out, s, &why) != 0)
		return 0;
	return out.y == y && out.m == m && out.d == d;
}

static int refused(const char *s)
{
	struct date out = {9, 9, 9};
	const char *why = NULL;

	return date_parse(&out, s, &why) == -1 && why && *why && !date_is_set(out);
}

int main(void)
{
	char buf[11];
	struct date d, e;
	long day, bad = 0;
	enum status st;
	size_t i;
	static const char *const labels[] = {"现行有效", "已修改", "已废止", "已失效", "尚未生效"};
	static const char *const classes[] = {"current", "amended", "repealed", "expired",
					      "pending"};

	ok(parses("2024-07-25", 2024, 7, 25), "2024-07-25 parses");
	ok(parses("2024-02-29", 2024, 2, 29), "2024-02-29 (leap year) parses");
	ok(parses("2000-02-29", 2000, 2, 29), "2000-02-29 (400-year leap) parses");
	ok(parses("1000-01-01", 1000, 1, 1), "1000-01-01 (lowest year) parses");
	ok(parses("9999-12-31", 9999, 12, 31), "9999-12-31 parses");
	ok(refused("2023-02-29"), "2023-02-29 refused");
	ok(refused("1900-02-29"), "1900-02-29 refused (century not leap)");
	ok(refused("2024-02-30"), "2024-02-30 refused");
	ok(refused("2024-04-31"), "2024-04-31 refused");
	ok(refused("2024-13-01"), "2024-13-01 refused");
	ok(refused("2024-00-10"), "month 00 refused");
	ok(refused("2024-01-00"), "day 00 refused");
	ok(refused("0999-01-01"), "0999-01-01 refused (years 1000-9999)");
	ok(refused("2024-1-1"), "2024-1-1 refused (exact shape)");
	ok(refused("2024/02/03"), "2024/02/03 refused");
	ok(refused("2024-07-25 "), "trailing space refused");
	ok(refused("2024-07-25T00:00"), "a time refused");
	ok(refused(" 2024-07-25"), "leading space refused");
	ok(refused("2024-07"), "a short string refused (no over-read)");
	ok(refused(""), "empty refused");
	ok(refused("２０２４-07-25"), "full-width digits refused");

	ok(!date_is_set(D(0, 0, 0)) && date_is_set(D(2024, 1, 1)), "date_is_set");
	ok(date_cmp(D(2024, 1, 2), D(2024, 1, 10)) < 0, "cmp: day");
	ok(date_cmp(D(2024, 2, 1), D(2024, 1, 31)) > 0, "cmp: month before day");
	ok(date_cmp(D(2023, 12, 31), D(2024, 1, 1)) < 0, "cmp: year before month");
	ok(date_cmp(D(2024, 5, 5), D(2024, 5, 5)) == 0, "cmp: equal");
	ok(date_cmp(D(0, 0, 0), D(1000, 1, 1)) < 0, "cmp: unset sorts first");

	date_format(buf, D(2024, 7, 5));
	is_str(buf, "2024-07-05", "format pads with zeros");
	date_format(buf, D(0, 0, 0));
	is_str(buf, "", "format of an unset date is empty");

	is_int(date_to_days(D(1970, 1, 1)), 0, "1970-01-01 is day 0");
	is_int(date_to_days(D(2000, 3, 1)), 11017, "2000-03-01 is day 11017");
	is_int(date_to_days(D(1969, 12, 31)), -1, "1969-12-31 is day -1");
	d = date_from_days(19723);
	ok(d.y == 2024 && d.m == 1 && d.d == 1, "day 19723 is 2024-01-01");
	/* Every day 1900-01-01 .. 2100-12-31 round-trips, and consecutive days
	 * follow the calendar. */
	d = D(1900, 1, 1);
	for (day = date_to_days(d); day <= date_to_days(D(2100, 12, 31)); day++) {
		e = date_from_days(day);
		if (date_cmp(e, d) != 0 || date_to_days(e) != day) {
			if (bad++ < 3)
				printf("# day %ld: %d-%d-%d expected %d-%d-%d\n", day, e.y, e.m,
				       e.d, d.y, d.m, d.d);
		}
		/* advance d by one calendar day through date_parse's validation */
		d.d++;
		date_format(buf, d);
		if (date_parse(&e, buf, &(const char *){NULL}) != 0) {
			d.d = 1;
			if (++d.m > 12) {
				d.m = 1;
				d.y++;
			}
		}
	}
	is_int(bad, 0, "every day 1900-2100 round-trips through days");
	ok(d.y == 2101 && d.m == 1 && d.d == 1, "the walk ended on 2101-01-01");

	d = date_from_time(0, 0);
	ok(d.y == 1970 && d.m == 1 && d.d == 1, "Unix time 0 is 1970-01-01");
	/* 2024-07-24T16:30:00Z = 1721838600 */
	d = date_from_time(1721838600LL, 0);
	ok(d.y == 2024 && d.m == 7 && d.d == 24, "16:30 UTC is still the 24th in UTC");
	d = date_from_time(1721838600LL, 8 * 60);
	ok(d.y == 2024 && d.m == 7 && d.d == 25, "UTC+8 crosses midnight to the 25th");
	d = date_from_time(1721838600LL - 30 * 60 - 1, 8 * 60);
	ok(d.y == 2024 && d.m == 7 && d.d == 24, "one second before Beijing midnight is the 24th");
	d = date_from_time(1721838600LL - 30 * 60, 8 * 60);
	ok(d.y == 2024 && d.m == 7 && d.d == 25, "Beijing midnight exactly is the 25th");
	d = date_from_time(3600, -5 * 60);
	ok(d.y == 1969 && d.m == 12 && d.d == 31, "negative offset before the epoch: 1969-12-31");
	d = date_from_time(-1, 0);
	ok(d.y == 1969 && d.m == 12 && d.d == 31, "time -1 is 1969-12-31");
	d = date_from_time(-86400, 0);
	ok(d.y == 1969 && d.m == 12 && d.d == 31, "time -86400 is exactly 1969-12-31");

	/* status */
	is_int(status_from_dates(D(2024, 3, 1), D(2026, 2, 28), D(2024, 2, 29)), STATUS_PENDING,
	       "the day before effective: 尚未生效");
	is_int(status_from_dates(D(2024, 3, 1), D(2026, 2, 28), D(2024, 3, 1)), STATUS_CURRENT,
	       "the effective day itself is in force");
	is_int(status_from_dates(D(2024, 3, 1), D(2026, 2, 28), D(2026, 2, 28)), STATUS_CURRENT,
	       "the expires day itself is in force");
	is_int(status_from_dates(D(2024, 3, 1), D(2026, 2, 28), D(2026, 3, 1)), STATUS_EXPIRED,
	       "the day after expires: 已失效");
	is_int(status_from_dates(D(0, 0, 0), D(0, 0, 0), D(2024, 1, 1)), STATUS_CURRENT,
	       "no dates: 现行有效");
	is_int(status_from_dates(D(0, 0, 0), D(2020, 1, 1), D(2024, 1, 1)), STATUS_EXPIRED,
	       "only expires, passed: 已失效");
	is_int(status_from_dates(D(2030, 1, 1), D(0, 0, 0), D(2024, 1, 1)), STATUS_PENDING,
	       "only effective, in the future: 尚未生效");
	for (i = 0; i < 5; i++) {
		is_str(status_label((enum status)i), labels[i], "label of status %zu", i);
		is_str(status_class((enum status)i), classes[i], "class of status %zu", i);
		st = (enum status)99;
		ok(status_parse(&st, labels[i]) == 0 && st == (enum status)i, "parse %s",
		   labels[i]);
	}
	ok(status_parse(&st, "有效") == -1, "parse refuses an unknown label");
	ok(status_parse(&st, "current") == -1, "parse refuses the CSS class");
	ok(status_parse(&st, "") == -1, "parse refuses the empty string");
	return tap_done();
}
