#!/usr/bin/env bash
# build.sh - the two commands of the README, on a fresh Debian machine:
#
#   ./build.sh          install what is missing, build generator/huibian, and
#                       build the demo site content/ into public/
#   ./build.sh test     the same tool build, plus an ASan+UBSan build, then
#                       every test (prove -r tests/) against both builds
#   ./build.sh bench    the benchmarks of tests/bench/ (figures, not tests)
#   ./build.sh fuzz [SECONDS]  every fuzz harness of tests/fuzz/ for SECONDS each
#
# Missing Debian packages are installed with apt-get when run as root;
# otherwise the exact apt-get line is printed and the script stops.
set -euo pipefail
cd "$(dirname "$0")"

BUILD_PKGS=(gcc make pkg-config git libcmark-gfm-dev libcmark-gfm-extensions-dev
	libgit2-dev libyaml-dev libutf8proc-dev libopencc-dev libxxhash-dev libjemalloc-dev libssl-dev)
TEST_PKGS=(perl python3 chromium valgrind clang libclang-rt-14-dev time)
JOBS=$(nproc 2>/dev/null || echo 2)

say() { printf '== %s\n' "$*" >&2; }

# ensure_packages PKG...: install the Debian packages that are not installed.
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "build.sh: missing Debian packages; install them with:" >&2
		echo "  sudo apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# ensure_commands CMD:PKG...: install PKG when command CMD is missing (node
# and npm may come from a non-Debian nodejs build that bundles npm).
ensure_commands() {
	local pair pkgs=()
	for pair in "$@"; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || pkgs+=("${pair#*:}")
	done
	[ ${#pkgs[@]} -eq 0 ] || ensure_packages "${pkgs[@]}"
}

build_tool() {
	ensure_packages "${BUILD_PKGS[@]}"
	say "building generator/huibian"
	make -s -C generator -j"$JOBS"
}

build_site() {
	say "building content/ into public/"
	generator/huibian build --content content --out public
}

# Node modules for the browser tests (playwright-core drives Debian's chromium).
test_node_modules() {
	local d
	for d in tests/*/package.json; do
		[ -f "$d" ] || continue
		d=$(dirname "$d")
		if [ ! -d "$d/node_modules" ]; then
			say "npm ci in $d"
			(cd "$d" && npm ci --no-audit --no-fund --loglevel=error) >&2
		fi
	done
}

run_tests() {
	ensure_packages "${BUILD_PKGS[@]}" "${TEST_PKGS[@]}"
	ensure_commands node:nodejs npm:npm
	say "building the tool and the unit tests (normal and ASan+UBSan)"
	make -s -C generator -j"$JOBS" all tests
	make -s -C generator -j"$JOBS" SAN=1 all tests
	test_node_modules
	build_site
	say "prove -r tests/ (normal build)"
	HUIBIAN_BUILD="$PWD/generator/build" prove -r tests/
	say "prove -r tests/ (ASan+UBSan build)"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		HUIBIAN_BUILD="$PWD/generator/build-asan" prove -r tests/
}

case "${1:-}" in
"")
	build_tool
	build_site
	;;
test)
	run_tests
	;;
bench)
	ensure_packages "${BUILD_PKGS[@]}" python3 time cmark-gfm
	build_tool
	exec tests/bench/run.sh "${@:2}"
	;;
fuzz)
	ensure_packages "${BUILD_PKGS[@]}" clang libclang-rt-14-dev
	exec tests/fuzz/run.sh "${2:-60}"
	;;
*)
	echo "usage: ./build.sh [test | bench [N...] | fuzz [SECONDS]]" >&2
	exit 2
	;;
esac
