/* date.c - strict ISO dates; day arithmetic after Howard Hinnant's
 * days_from_civil / civil_from_days algorithms (written out here: no
 * packaged C library offers them without time zones). */
#include "date.h"

#include <stdio.h>
#include <string.h>

static int days_in_month(int y, int m)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : mdays[m - 1];
}

int date_parse(struct date *out, const char *s, const char **why)
{
	int i;

	*out = (struct date){0, 0, 0};
	for (i = 0; i < 10; i++) {
		int want_dash = i == 4 || i == 7;
		if (want_dash ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9')) {
			*why = "expected a date as YYYY-MM-DD";
			return -1;
		}
	}
	if (s[10] != '\0') {
		*why = "expected a date as YYYY-MM-DD";
		return -1;
	}
	out->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	out->m = (s[5] - '0') * 10 + (s[6] - '0');
	out->d = (s[8] - '0') * 10 + (s[9] - '0');
	if (out->y < 1000 || out->m < 1 || out->m > 12 || out->d < 1 ||
	    out->d > days_in_month(out->y, out->m)) {
		*out = (struct date){0, 0, 0};
		*why = "no such date";
		return -1;
	}
	return 0;
}

int date_is_set(struct date d)
{
	return d.y != 0;
}

int date_cmp(struct date a, struct date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

void date_format(char *out, struct date d)
{
	if (!date_is_set(d))
		out[0] = '\0';
	else
		snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
			 (unsigned)d.d % 100u);
}

long date_to_days(struct date d)
{
	long y = d.m <= 2 ? d.y - 1 : d.y;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (d.m > 2 ? d.m - 3 : d.m + 9) + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct date date_from_days(long z)
{
	long era, doe, yoe, doy, mp;
	struct date r;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

struct date date_from_time(long long t, int offset_minutes)
{
	long long s = t + (long long)offset_minutes * 60;
	long long days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);

	return date_from_days((long)days);
}
