#!/bin/sh
# sc_json2warts turns JSON back into warts:
#  - from sc_warts2json -A, every corpus file scamper wrote comes back
#    byte for byte (decompressed, for the compressed copies);
#  - from scamper's default JSON, the warts it writes prints the same
#    JSON again, for every corpus file.
. "$(dirname "$0")/../lib/tap.sh"

export TZ=UTC
bin=$WARTS_BUILD/bin
tmp=$(mktemp -d /tmp/warts-j2w.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

raw() {
	case "$1" in
	*.gz)  gzip -dc "$1" ;;
	*.bz2) bzip2 -dc "$1" ;;
	*.xz)  xz -dc "$1" ;;
	*)     cat "$1" ;;
	esac
}

for f in "$DATA"/corpus/lab/*.warts* "$DATA"/corpus/real/*.warts*; do
	case "$f" in
	*.json|*.txt|*.dump|*.err) continue ;;
	esac
	base=$(basename "$f")

	# every field: byte for byte, for files scamper wrote
	case "$base" in
	pantrace-*) ;;  # written by a third-party tool, not scamper
	*)
		raw "$f" > "$tmp/raw"
		"$bin/sc_warts2json" -A "$f" > "$tmp/all.json" 2> "$tmp/err"
		"$bin/sc_json2warts" < "$tmp/all.json" > "$tmp/back" 2>> "$tmp/err"
		if cmp -s "$tmp/back" "$tmp/raw"; then
			_tap_report 0 "$base: -A JSON back to warts is byte for byte the file"
		else
			_tap_report 1 "$base: -A JSON back to warts is byte for byte the file"
			head -3 "$tmp/err" | sed 's/^/#   /'
			cmp "$tmp/back" "$tmp/raw" 2>&1 | sed 's/^/#   /'
		fi ;;
	esac

	# scamper's JSON: the warts we write prints the same JSON
	"$bin/sc_warts2json" "$f" > "$tmp/def.json" 2> /dev/null
	"$bin/sc_json2warts" < "$tmp/def.json" > "$tmp/back2" 2> "$tmp/err"
	"$bin/sc_warts2json" "$tmp/back2" > "$tmp/again.json" 2>> "$tmp/err"
	if cmp -s "$tmp/again.json" "$tmp/def.json"; then
		_tap_report 0 "$base: default JSON back to warts prints the same JSON"
	else
		_tap_report 1 "$base: default JSON back to warts prints the same JSON"
		head -3 "$tmp/err" | sed 's/^/#   /'
		diff "$tmp/def.json" "$tmp/again.json" | head -4 | cut -c1-300 | sed 's/^/#   /'
	fi
done
done_testing
