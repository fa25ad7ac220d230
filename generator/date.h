/* date.h - calendar dates (YYYY-MM-DD), validated. A struct date is a
 * plain value; {0,0,0} means "not set". */
#ifndef HUIBIAN_DATE_H
#define HUIBIAN_DATE_H

struct date {
	int y, m, d;
};

/* Parse exactly "YYYY-MM-DD" (years 1000-9999) into *out.  Returns 0, or -1
 * with *why set to a static message ("expected YYYY-MM-DD", "no such day
 * 2024-02-30" style messages are composed by the caller). */
int date_parse(struct date *out, const char *s, const char **why);
int date_is_set(struct date d);
/* <0, 0, >0 like strcmp; an unset date sorts first. */
int date_cmp(struct date a, struct date b);
/* Write "YYYY-MM-DD" (or "" when unset) into out (at least 11 bytes). */
void date_format(char *out, struct date d);
/* Days since 1970-01-01 (proleptic Gregorian) and back. */
long date_to_days(struct date d);
struct date date_from_days(long days);
/* The UTC date of a Unix time plus an offset in minutes. */
struct date date_from_time(long long t, int offset_minutes);

#endif
