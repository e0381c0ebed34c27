#!/bin/sh
# Our sc_warts2json, sc_warts2text and sc_wartsdump print every corpus
# file exactly as scamper 20260420's tools did (the X.new2026.* files),
# apart from the deliberate, listed differences in divergences.txt, each
# of which is checked to be exactly what it says.  Every JSON line we
# write, on every corpus file, is valid JSON to jansson.
. "$(dirname "$0")/../lib/tap.sh"

export TZ=UTC
bin=$WARTS_BUILD/bin
list=$(dirname "$0")/divergences.txt
tmp=$(mktemp -d /tmp/warts-golden.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# the rule for a file and kind, or nothing
rule_for() {
	base=$1 kind=$2
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list" |
	while read -r pat k rule why; do
		[ "$k" = "$kind" ] || continue
		case "$base" in
		$pat) echo "$rule"; break ;;
		esac
	done
}

check() {
	f=$1 kind=$2 tool=$3
	want=$f.new2026.$kind
	base=$(basename "$f")
	[ -f "$want" ] || return 0
	"$bin/$tool" "$f" > "$tmp/out" 2> "$tmp/err"
	rule=$(rule_for "$base" "$kind")
	case "$rule" in
	"")
		if cmp -s "$tmp/out" "$want"; then
			_tap_report 0 "$base: $kind identical"
		else
			_tap_report 1 "$base: $kind identical"
			diff "$want" "$tmp/out" | head -10 | sed 's/^/#   /'
		fi ;;
	prefix)
		n=$(wc -c < "$want")
		if [ "$(wc -c < "$tmp/out")" -gt "$n" ] &&
		   head -c "$n" "$tmp/out" | cmp -s - "$want"; then
			_tap_report 0 "$base: $kind has scamper's output, then more (scamper stopped early)"
		else
			_tap_report 1 "$base: $kind has scamper's output, then more (scamper stopped early)"
		fi ;;
	drop:*)
		types=${rule#drop:}
		pat=$(echo "$types" | sed 's/,/\\|/g')
		grep -v "^{\"type\":\"\($pat\)\"" "$tmp/out" > "$tmp/kept"
		if cmp -s "$tmp/kept" "$want" && ! cmp -s "$tmp/out" "$want"; then
			_tap_report 0 "$base: $kind is scamper's plus the $types objects it drops"
		else
			_tap_report 1 "$base: $kind is scamper's plus the $types objects it drops"
		fi ;;
	tsps-comma)
		sed 's/""/","/g' "$want" > "$tmp/fixed"
		if cmp -s "$tmp/out" "$tmp/fixed" && ! cmp -s "$tmp/out" "$want"; then
			_tap_report 0 "$base: $kind is scamper's with the missing commas"
		else
			_tap_report 1 "$base: $kind is scamper's with the missing commas"
		fi ;;
	*)
		_tap_report 1 "$base: unknown rule $rule" ;;
	esac
	if [ "$kind" = json ]; then
		res=$("$WARTS_BUILD/tests/tools/jsoncheck" < "$tmp/out")
		is "$?" 0 "$base: every JSON line is valid ($res)"
	fi
}

for f in "$DATA"/corpus/lab/*.warts* "$DATA"/corpus/real/*.warts*; do
	case "$f" in
	*.json|*.txt|*.dump|*.err) continue ;;
	esac
	check "$f" json sc_warts2json
	check "$f" txt sc_warts2text
	check "$f" dump sc_wartsdump
done
done_testing
