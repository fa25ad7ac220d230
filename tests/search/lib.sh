# tests/search/lib.sh - helpers of the search tests and benchmark; source
# after tests/lib.sh.

# build_driver OUT: compile tests/bench/search_driver.c against the objects
# of $HUIBIAN_BUILD (make -C generator tests builds them).
build_driver() {
	local objs pkgs san=
	case "$HUIBIAN_BUILD" in *asan*) san=SAN=1 ;; esac
	pkgs=$(sed -n 's/^PKGS := //p' "$HUIBIAN_TOP/generator/Makefile")
	objs=$(ls "$HUIBIAN_BUILD"/*.o | grep -v '/main\.o$')
	# shellcheck disable=SC2046,SC2086
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -I"$HUIBIAN_TOP/generator" \
		$(pkg-config --cflags $pkgs) -o "$1" "$HUIBIAN_TOP/tests/bench/search_driver.c" $objs \
		$(case "$HUIBIAN_BUILD" in *asan*) echo -fsanitize=address,undefined ;; esac) \
		$(make -s -C "$HUIBIAN_TOP/generator" $san libs) # as the Makefile links
}

# make_page SITE: put static/search.js and a search page into the driver's
# SITE the way the build does: templates/search.mustache with root "../"
# inside a minimal layout with the same CSP.
make_page() {
	mkdir -p "$1/static"
	cp "$HUIBIAN_TOP/static/search.js" "$1/static/search.js"
	{
		cat <<'HEAD'
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'">
<title>检索</title><script src="../static/search.js" defer></script></head><body><main>
HEAD
		sed -e 's|{{root}}|../|g' -e 's|{{page_title}}|全文检索|g' "$HUIBIAN_TOP/templates/search.mustache"
		echo '</main></body></html>'
	} >"$1/search/index.html"
}
