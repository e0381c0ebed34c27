# tests/lib/tap.sh: TAP for shell test scripts run by prove.
#
#   . "$(dirname "$0")/../lib/tap.sh"
#   ok "$(echo hi)" = hi "echo says hi"     # any test(1) expression
#   contains "$output" "rtt" "output shows the rtt"
#   done_testing
#
# WARTS_BUILD is the build directory (default: build); programs under test
# are run from there by explicit path, never through PATH.

: "${WARTS_BUILD:=$(pwd)/build}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${WARTS_TESTDATA:-$TOP/tests/data}
_tap_n=0
_tap_fail=0

_tap_report() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_fail=$((_tap_fail + 1))
	fi
}

# ok EXPR... DESCRIPTION: passes when test(1) accepts EXPR.
ok() {
	_d=$(eval "echo \${$#}")
	_n=$(($# - 1))
	_args=""
	_i=1
	while [ $_i -le $_n ]; do
		_args="$_args \"\${$_i}\""
		_i=$((_i + 1))
	done
	if eval "test $_args"; then _tap_report 0 "$_d"; else _tap_report 1 "$_d"; fi
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		_tap_report 0 "$3"
	else
		_tap_report 1 "$3"
		diag "got:      '$1'"
		diag "expected: '$2'"
	fi
}

# contains HAYSTACK NEEDLE DESCRIPTION: a fixed-string search.
contains() {
	case "$1" in
	*"$2"*) _tap_report 0 "$3" ;;
	*) _tap_report 1 "$3"; diag "no '$2' in:"; printf '%s\n' "$1" | head -40 | sed 's/^/#   /' ;;
	esac
}

diag() {
	printf '# %s\n' "$*"
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

bail() {
	echo "Bail out! $*"
	exit 255
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_fail" -eq 0 ]
}
