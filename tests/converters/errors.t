#!/bin/sh
# The converters on bad input: truncated files give every object before
# the damage and one line naming the file, offset and record, with exit
# status 1; empty files are empty; non-warts files, unreadable paths and
# bad options get a one-line error and a non-zero exit.
. "$(dirname "$0")/../lib/tap.sh"

export TZ=UTC
bin=$WARTS_BUILD/bin
tmp=$(mktemp -d /tmp/warts-errors.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
f=$DATA/corpus/lab/new2026-trace-multi-v4v6.warts
size=$(wc -c < "$f")

# cut the file inside its fourth record (two traces, after list and cycle)
off=0 n=0
while [ $n -lt 3 ]; do
	len=$(od -An -tu4 --endian=big -j $((off + 4)) -N4 "$f" | tr -d ' ')
	off=$((off + 8 + len))
	n=$((n + 1))
done
head -c $((off + 20)) "$f" > "$tmp/cut.warts"
printf 'this is not a warts file\n' > "$tmp/text.warts"
: > "$tmp/empty.warts"

for tool in sc_warts2json sc_warts2text sc_wartsdump; do
	"$bin/$tool" "$f" > "$tmp/whole" 2>/dev/null
	"$bin/$tool" "$tmp/cut.warts" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	is "$rc" 1 "$tool: a truncated file exits 1"
	is "$(wc -l < "$tmp/err")" 1 "$tool: with one line on stderr"
	contains "$(cat "$tmp/err")" "cut.warts: trace record at offset $off" \
		"$tool: naming the file, the record and its offset"
	# what was printed is what the whole file gives for those records
	"$bin/$tool" "$tmp/cut.warts" 2>/dev/null > "$tmp/part"
	n=$(wc -c < "$tmp/part")
	head -c "$n" "$tmp/whole" | cmp -s - "$tmp/part"
	is "$?" 0 "$tool: everything before the damage is printed, as from the whole file"

	"$bin/$tool" "$tmp/empty.warts" > "$tmp/out" 2> "$tmp/err"
	is "$?.$(wc -c < "$tmp/out").$(wc -c < "$tmp/err")" "0.0.0" "$tool: an empty file is empty output"

	"$bin/$tool" "$tmp/text.warts" > "$tmp/out" 2> "$tmp/err"
	is "$?" 1 "$tool: a file that is not warts exits 1"
	contains "$(cat "$tmp/err")" "not a warts record at offset 0" "$tool: and says so"

	"$bin/$tool" "$tmp/no-such-file" > "$tmp/out" 2> "$tmp/err"
	is "$?" 1 "$tool: an unreadable path exits 1"
	contains "$(cat "$tmp/err")" "no-such-file: No such file or directory" "$tool: naming it"

	"$bin/$tool" -Z "$f" > "$tmp/out" 2> "$tmp/err"
	is "$?" 1 "$tool: a bad option exits 1"
	is "$(wc -l < "$tmp/err")" 1 "$tool: with one line"
	"$bin/$tool" --no-such-option "$f" > "$tmp/out" 2> "$tmp/err"
	is "$?" 1 "$tool: a bad long option exits 1"

	"$bin/$tool" -? > "$tmp/out" 2>&1
	is "$?" 0 "$tool: -? prints help"
	contains "$(cat "$tmp/out")" "usage: $tool" "$tool: the usage line"
	"$bin/$tool" -v > "$tmp/out" 2>&1
	contains "$(cat "$tmp/out")" "warts toolkit" "$tool: -v says which implementation it is"

	# stdin, and - for stdin, compressed or not
	gzip -c "$f" | "$bin/$tool" > "$tmp/out" 2>/dev/null
	cmp -s "$tmp/out" "$tmp/whole"
	is "$?" 0 "$tool: gzip'd standard input"
	"$bin/$tool" - < "$f" > "$tmp/out" 2>/dev/null
	cmp -s "$tmp/out" "$tmp/whole"
	is "$?" 0 "$tool: - reads standard input"

	# a later good file still converts after a bad one; status stays 1
	"$bin/$tool" "$tmp/text.warts" "$f" > "$tmp/out" 2>/dev/null
	rc=$?
	cmp -s "$tmp/out" "$tmp/whole"
	is "$rc.$?" "1.0" "$tool: goes on to the next file, exit status 1"
done

# sc_json2warts: bad JSON lines name the line
printf '{"type":"cycle-start", "list_name":"x", "id":1, "start_time":5}\n{"type":"trace", "dst":"not an address"}\n' > "$tmp/bad.json"
"$bin/sc_json2warts" "$tmp/bad.json" > "$tmp/out" 2> "$tmp/err"
is "$?" 1 "sc_json2warts: a bad line exits 1"
contains "$(cat "$tmp/err")" "bad.json:2:" "sc_json2warts: naming the file and line"
printf 'not json\n' | "$bin/sc_json2warts" > "$tmp/out" 2> "$tmp/err"
is "$?" 1 "sc_json2warts: a line that is not JSON exits 1"
contains "$(cat "$tmp/err")" "stdin:1:" "sc_json2warts: naming the line"
"$bin/sc_json2warts" -c rar < /dev/null > /dev/null 2> "$tmp/err"
is "$?" 1 "sc_json2warts: an unknown compression is refused"
done_testing
