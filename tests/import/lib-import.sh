# lib-import.sh - run_import ARGS...: `huibian import` through the real
# binary when it has the command, else through the unit-test driver.
run_import() {
	if [ -x "$HUIBIAN" ] && "$HUIBIAN" import 2>&1 | grep -q 'usage: huibian import'; then
		"$HUIBIAN" import "$@"
	else
		"$HUIBIAN_BUILD/tests/test_import" import "$@"
	fi
}
