/* Unit tests for docnum.c: loose comparison of 发文字号. */
#include <string.h>

#include "buf.h"
#include "docnum.h"
#include "tap.h"

static void check(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	docnum_normalize(&b, in);
	is_str(b.ptr, want, "%s -> %s", in, want);
	buf_release(&b);
}

int main(void)
{
	static const char *const same[] = {
	    "豫政办〔2024〕40号", "豫政办[2024]40号",	      "豫政办〔2024〕40 号",
	    "豫政办［2024］40号", "豫政办(2024)40号",	      "豫政办（2024）40号",
	    "豫政办【2024】40号", "豫政办〔２０２４〕４０号", " 豫政办 〔2024〕\u300040号 ",
	};
	struct buf first = BUF_INIT, b = BUF_INIT;
	size_t i;

	docnum_normalize(&first, same[0]);
	is_str(first.ptr, "豫政办[2024]40号", "canonical form uses [ ] and ASCII digits");
	for (i = 1; i < sizeof(same) / sizeof(same[0]); i++) {
		buf_reset(&b);
		docnum_normalize(&b, same[i]);
		is_str(b.ptr, first.ptr, "'%s' normalises like '%s'", same[i], same[0]);
	}
	check("豫政〔2024〕４０号", "豫政[2024]40号");
	check("国办发〔2023〕1号", "国办发[2023]1号");
	buf_reset(&b);
	docnum_normalize(&b, "豫政办〔2024〕41号");
	ok(strcmp(b.ptr, first.ptr) != 0, "a different number stays different");
	buf_reset(&b);
	docnum_normalize(&b, "豫政〔2024〕40号");
	ok(strcmp(b.ptr, first.ptr) != 0, "a different issuer code stays different");
	buf_reset(&b);
	buf_puts(&b, "x=");
	docnum_normalize(&b, "a〔1〕");
	is_str(b.ptr, "x=a[1]", "appends to the buffer");
	check("", "");
	buf_release(&first);
	buf_release(&b);
	return tap_done();
}
