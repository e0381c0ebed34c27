#!/bin/sh
# sc_wartscat joins warts files: a file scamper wrote comes back byte for
# byte; a join reads back (through our sc_warts2json) as the inputs did,
# one after the other; lists and cycles are numbered in sequence (checked
# by parsing the records in Python, not with our library); every output
# compression decompresses with the standard tools; records of unknown
# types pass through; -s merges as scamper's rule says (simulated in
# Python); -o appends as scamper does; damage is reported and survived.
. "$(dirname "$0")/../lib/tap.sh"

export TZ=UTC
bin=$WARTS_BUILD/bin
cat=$bin/sc_wartscat
lab=$DATA/corpus/lab
tmp=$(mktemp -d /tmp/warts-cat.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

[ -x "$cat" ] || bail "$cat is missing: run make"
command -v python3 > /dev/null || bail "python3 is missing: run scripts/install-deps"

json() { "$bin/sc_warts2json" "$@" 2> /dev/null; }

# the JSON of each file, one after the other
json_each() {
	for _f in "$@"; do json "$_f"; done
}

# lines in a file
nlines() { wc -l < "$1" | tr -d ' '; }

cat > "$tmp/h.py" << 'EOF'
import json, struct, sys

def records(path):
    data = open(path, 'rb').read()
    off = 0
    while off < len(data):
        if off + 8 > len(data):
            raise SystemExit('%s: partial header at %d' % (path, off))
        magic, typ, ln = struct.unpack('>HHI', data[off:off + 8])
        if magic != 0x1205:
            raise SystemExit('%s: bad magic at %d' % (path, off))
        yield typ, data[off:off + 8 + ln]
        off += 8 + ln

def ids(path):
    """Check list and cycle numbering; print counts of each record type."""
    nlists = ncycles = 0
    opened = set()
    counts = {}
    for typ, rec in records(path):
        counts[typ] = counts.get(typ, 0) + 1
        body = rec[8:]
        if typ == 1:
            (i,) = struct.unpack('>I', body[:4])
            if i != nlists + 1:
                raise SystemExit('list id %d after %d' % (i, nlists))
            nlists = i
        elif typ in (2, 3):
            i, l = struct.unpack('>II', body[:8])
            if i != ncycles + 1:
                raise SystemExit('cycle id %d after %d' % (i, ncycles))
            if l > nlists:
                raise SystemExit('cycle %d on undeclared list %d' % (i, l))
            ncycles = i
            opened.add(i)
        elif typ == 4:
            (i,) = struct.unpack('>I', body[:4])
            if i not in opened:
                raise SystemExit('stop of cycle %d, not open' % i)
            opened.discard(i)
    print(' '.join('%d:%d' % (t, counts[t]) for t in sorted(counts)))

def lists(path):
    """The number of different lists (by content) a file declares."""
    print(len(set(rec[12:] for typ, rec in records(path) if typ == 1)))

def split(path, a, b):
    """Measurements alternately to a and b; the rest to both, but b's
    cycles get the human id 7, so that its cycle records, which tie with
    a's on time, can be told apart."""
    fa, fb = open(a, 'wb'), open(b, 'wb')
    n = 0
    for typ, rec in records(path):
        if typ <= 5:
            fa.write(rec)
            if typ in (2, 3):
                rec = rec[:16] + struct.pack('>I', 7) + rec[20:]
            fb.write(rec)
        else:
            (fa if n % 2 == 0 else fb).write(rec)
            n += 1

def key(o):
    if o['type'] == 'cycle-start':
        return (o['start_time'], 0, 0)
    if o['type'] == 'cycle-stop':
        return (o['stop_time'], 1000000, 1)
    return (o['start']['sec'], o['start']['usec'], 2)

def merge(*paths):
    """scamper's -s: the earliest head of the inputs, ties by input."""
    heads = [open(p).read().splitlines() for p in paths]
    out = []
    while any(heads):
        best = None
        for i, h in enumerate(heads):
            if h and (best is None or key(json.loads(h[0])) <
                      key(json.loads(heads[best][0]))):
                best = i
        out.append(heads[best].pop(0))
    for line in out:
        print(line)

getattr(sys.modules[__name__], sys.argv[1])(*sys.argv[2:])
EOF
py() { python3 "$tmp/h.py" "$@"; }
# exit status 0 when a file's lists and cycles are numbered in sequence
numbered() { py ids "$1" > /dev/null 2>&1; echo $?; }

# ---- options ----------------------------------------------------------

out=$("$cat" -v)
is "$?" 0 "-v exits 0"
contains "$out" "sc_wartscat" "-v names the program"
out=$("$cat" -?)
is "$?" 0 "-? exits 0"
contains "$out" "usage: sc_wartscat" "-? prints the usage"
out=$("$cat" --help)
contains "$out" "-s  merge" "--help prints the usage"

err_case() {
	desc=$1
	shift
	"$@" > "$tmp/eout" 2> "$tmp/eerr"
	rc=$?
	ok "$rc" -ne 0 "$desc: non-zero exit"
	is "$(nlines "$tmp/eerr")" 1 "$desc: one line on stderr ($(head -1 "$tmp/eerr"))"
	ok ! -s "$tmp/eout" "$desc: nothing on stdout"
}
err_case "unknown option" "$cat" -x "$lab/new2026-ping-udp-v4.warts"
err_case "unknown long option" "$cat" --frobnicate "$lab/new2026-ping-udp-v4.warts"
err_case "-o without argument" "$cat" -o
err_case "unknown -c" "$cat" -c lz4 "$lab/new2026-ping-udp-v4.warts"
err_case "missing input" "$cat" -o "$tmp/never.warts" "$lab/new2026-ping-udp-v4.warts" "$tmp/missing.warts"
ok ! -e "$tmp/never.warts" "missing input: the output is not created"
contains "$(cat "$tmp/eerr")" "missing.warts" "missing input: the message names it"
err_case "unwritable output" "$cat" -o "$tmp/no/such/dir.warts" "$lab/new2026-ping-udp-v4.warts"
err_case "-s with stdin twice" "$cat" -s - - < "$lab/new2026-ping-udp-v4.warts"

# ---- scamper's files come back unchanged ---------------------------------

n=0 bad=""
for f in "$lab"/*.warts; do
	n=$((n + 1))
	if ! "$cat" "$f" > "$tmp/one" 2> "$tmp/err" || ! cmp -s "$tmp/one" "$f"; then
		bad="$bad $(basename "$f")"
	fi
done
is "$bad" "" "each of the $n lab files comes back byte for byte"

for f in "$lab"/*.warts.gz "$lab"/*.warts.bz2 "$lab"/*.warts.xz; do
	case "$f" in
	*.gz) dec="gzip -dc" ;;
	*.bz2) dec="bzip2 -dc" ;;
	*.xz) dec="xz -dc" ;;
	esac
	$dec < "$f" > "$tmp/plain"
	"$cat" "$f" > "$tmp/one"
	is "$?" 0 "$(basename "$f"): read"
	ok -s "$tmp/one" -a "$(cmp -s "$tmp/one" "$tmp/plain"; echo $?)" = 0 \
	    "$(basename "$f"): written uncompressed, as decompressed"
done

f=$lab/new2026-tracelb-udp-dport-v4.warts
"$cat" < "$f" > "$tmp/one"
ok "$(cmp -s "$tmp/one" "$f"; echo $?)" = 0 "no file: stdin is read"
"$cat" - < "$f" > "$tmp/one"
ok "$(cmp -s "$tmp/one" "$f"; echo $?)" = 0 "-: stdin is read"

# ---- joins ----------------------------------------------------------------

set -- "$lab"/*.warts
"$cat" "$@" > "$tmp/all.warts" 2> "$tmp/err"
is "$?" 0 "all $# lab files joined"
json "$tmp/all.warts" > "$tmp/all.json"
json_each "$@" > "$tmp/each.json"
ok "$(nlines "$tmp/all.json")" -gt 500 -a "$(cmp -s "$tmp/all.json" "$tmp/each.json"; echo $?)" = 0 \
    "the join's JSON is that of each file in turn ($(nlines "$tmp/each.json") lines)"
is "$(numbered "$tmp/all.warts")" 0 "the join's lists and cycles are numbered in sequence"
nl=$(py lists "$tmp/all.warts")
is "$(py ids "$tmp/all.warts" | tr ' ' '\n' | sed -n 's/^1://p')" "$nl" \
    "equal lists of different files are one list of the join ($# files, $nl lists)"

a=$lab/new2026-trace-udp-v4.warts b=$lab/new2026-ping-udp-v4.warts
"$cat" "$a" "$b" > "$tmp/ab.warts"
is "$(py ids "$tmp/ab.warts")" "1:1 2:2 4:2 6:1 7:1" \
    "two scamper files: one list, two cycles started and stopped (as scamper writes it)"
json "$tmp/ab.warts" > "$tmp/ab.json"
json_each "$a" "$b" > "$tmp/want.json"
ok "$(cmp -s "$tmp/ab.json" "$tmp/want.json"; echo $?)" = 0 "two scamper files: JSON of each in turn"

"$cat" "$a" "$a" > "$tmp/aa.warts"
is "$?" 0 "a file given twice is joined (scamper's fails)"
json_each "$a" "$a" > "$tmp/want.json"
ok "$(json "$tmp/aa.warts" | cmp -s - "$tmp/want.json"; echo $?)" = 0 "a file given twice: its JSON twice"
is "$(py ids "$tmp/aa.warts")" "1:1 2:2 4:2 6:2" "a file given twice: one list, two cycles"

# ---- compression ---------------------------------------------------------

set -- "$lab/new2026-trace-multi-v4v6.warts" "$lab/deb2021-tracelb-udp-dport-v4.warts.gz"
"$cat" "$@" > "$tmp/plain.warts"
json "$tmp/plain.warts" > "$tmp/plain.json"
for c in gz:"gzip -dc" bz2:"bzip2 -dc" xz:"xz -dc" zst:"zstd -qdc"; do
	ext=${c%%:*} dec=${c#*:}
	"$cat" -o "$tmp/out.warts.$ext" "$@"
	is "$?" 0 "-o x.warts.$ext written"
	$dec < "$tmp/out.warts.$ext" > "$tmp/dec" 2> /dev/null
	ok "$(cmp -s "$tmp/dec" "$tmp/plain.warts"; echo $?)" = 0 ".$ext: $dec gives the uncompressed join"
	ok "$(json "$tmp/out.warts.$ext" | cmp -s - "$tmp/plain.json"; echo $?)" = 0 ".$ext: reads back"
	"$cat" -c "$ext" "$@" > "$tmp/stdout.$ext"
	$dec < "$tmp/stdout.$ext" > "$tmp/dec" 2> /dev/null
	ok "$(cmp -s "$tmp/dec" "$tmp/plain.warts"; echo $?)" = 0 "-c $ext to stdout: $dec gives the join"
done
"$cat" -c gzip -o "$tmp/named.warts" "$@"
is "$(head -c 2 "$tmp/named.warts" | od -An -tx1 | tr -d ' ')" "1f8b" "-c gzip beats a plain name"
"$cat" -c none -o "$tmp/named.warts.xz" "$@"
ok "$(cmp -s "$tmp/named.warts.xz" "$tmp/plain.warts"; echo $?)" = 0 "-c none beats a .xz name"

# ---- records of unknown types ----------------------------------------------

# type 99 with body "hello"; type 0x1234 with an empty body
printf '\022\005\000\143\000\000\000\005hello' > "$tmp/unk99"
printf '\022\005\022\064\000\000\000\000' > "$tmp/unk1234"
cat "$tmp/unk99" "$tmp/unk1234" > "$tmp/unk.warts"
f=$lab/new2026-trace-multi-v4v6.warts
"$cat" "$tmp/unk.warts" "$f" "$tmp/unk.warts" > "$tmp/u.warts"
is "$?" 0 "unknown types: joined"
ok "$(head -c 21 "$tmp/u.warts" | cmp -s - "$tmp/unk.warts"; echo $?)" = 0 "unknown types: the first records as they were"
ok "$(tail -c 21 "$tmp/u.warts" | cmp -s - "$tmp/unk.warts"; echo $?)" = 0 "unknown types: the last records as they were"
ok "$(json "$tmp/u.warts" | cmp -s - "$(json "$f" > "$tmp/f.json"; echo "$tmp/f.json")"; echo $?)" = 0 \
    "unknown types: the known records read back"
"$cat" -s "$f" "$tmp/unk.warts" > "$tmp/us.warts"
is "$(py ids "$tmp/us.warts")" "1:1 2:1 4:1 6:5 99:1 4660:1" "-s keeps unknown types too"

# ---- -s --------------------------------------------------------------------

f=$lab/new2026-trace-multi-v4v6.warts
py split "$f" "$tmp/A.warts" "$tmp/B.warts"
json "$tmp/A.warts" > "$tmp/A.json"
json "$tmp/B.warts" > "$tmp/B.json"
"$cat" -s "$tmp/A.warts" "$tmp/B.warts" > "$tmp/s.warts"
is "$?" 0 "-s of two halves of one run"
json "$tmp/s.warts" > "$tmp/s.json"
py merge "$tmp/A.json" "$tmp/B.json" > "$tmp/want.json"
ok "$(cmp -s "$tmp/s.json" "$tmp/want.json"; echo $?)" = 0 "-s: records in the order of scamper's merge rule"
ok "$(cat "$tmp/A.json" "$tmp/B.json" | cmp -s - "$tmp/s.json"; echo $?)" != 0 "-s: the halves interleave"
"$cat" -s "$tmp/B.warts" "$tmp/A.warts" > "$tmp/s2.warts"
py merge "$tmp/B.json" "$tmp/A.json" > "$tmp/want.json"
ok "$(json "$tmp/s2.warts" | cmp -s - "$tmp/want.json"; echo $?)" = 0 "-s: records of equal time go in the order of the inputs"
is "$(numbered "$tmp/s.warts")" 0 "-s: lists and cycles numbered in sequence"

set -- "$lab/new2026-ping-udp-v4.warts" "$lab/deb2021-trace-udp-v4.warts" \
    "$lab/new2026-tracelb-udp-dport-v4.warts" "$lab/new2026-dealias-ally-v4.warts" \
    "$lab/new2026-trace-icmp-v6.warts"
i=0
for f in "$@"; do
	i=$((i + 1))
	json "$f" > "$tmp/in$i.json"
done
"$cat" -s "$@" > "$tmp/s5.warts"
json "$tmp/s5.warts" > "$tmp/s5.json"
py merge "$tmp"/in1.json "$tmp"/in2.json "$tmp"/in3.json "$tmp"/in4.json "$tmp"/in5.json > "$tmp/want.json"
ok "$(nlines "$tmp/s5.json")" -gt 10 -a "$(cmp -s "$tmp/s5.json" "$tmp/want.json"; echo $?)" = 0 \
    "-s of five files: in merge order"
"$cat" -s "$lab/new2026-trace-multi-v4v6.warts" > "$tmp/s1.warts"
ok "$(cmp -s "$tmp/s1.warts" "$lab/new2026-trace-multi-v4v6.warts"; echo $?)" = 0 "-s of one file is the file"

# ---- appending (-o to an existing file) -------------------------------------

a=$lab/new2026-trace-udp-v4.warts b=$lab/new2026-ping-udp-v4.warts
cp "$a" "$tmp/app.warts"
"$cat" -o "$tmp/app.warts" "$b"
is "$?" 0 "-o appends to an existing file"
json_each "$a" "$b" > "$tmp/want.json"
ok "$(json "$tmp/app.warts" | cmp -s - "$tmp/want.json"; echo $?)" = 0 "appended: JSON of both"
is "$(py ids "$tmp/app.warts")" "1:1 2:2 4:2 6:1 7:1" "appended: numbering continues, the list is shared"
ok "$(cmp -s "$tmp/app.warts" "$tmp/ab.warts"; echo $?)" = 0 "appended: the same bytes as the join"

cp "$lab/new2026-trace-multi-v4v6.warts.gz" "$tmp/app.warts.gz"
err_case "appending to a compressed file" "$cat" -o "$tmp/app.warts.gz" "$b"
ok "$(cmp -s "$tmp/app.warts.gz" "$lab/new2026-trace-multi-v4v6.warts.gz"; echo $?)" = 0 \
    "appending to a compressed file: it is unchanged"
cp "$lab/new2026-trace-multi-v4v6.warts.gz" "$tmp/gz-named-plain.warts"
err_case "appending to a plain name holding gzip" "$cat" -o "$tmp/gz-named-plain.warts" "$b"
cat "$a" "$a" > "$tmp/restart.warts"
cp "$tmp/restart.warts" "$tmp/restart.orig"
err_case "appending to a file whose ids start again" "$cat" -o "$tmp/restart.warts" "$b"
ok "$(cmp -s "$tmp/restart.warts" "$tmp/restart.orig"; echo $?)" = 0 "ids starting again: the file is unchanged"
cp "$a" "$tmp/self.warts"
err_case "output that is an input" "$cat" -o "$tmp/self.warts" "$b" "$tmp/self.warts"
ok "$(cmp -s "$tmp/self.warts" "$a"; echo $?)" = 0 "output that is an input: unchanged"

# ---- damage -------------------------------------------------------------------

f=$lab/new2026-trace-multi-v4v6.warts g=$lab/new2026-ping-udp-v4.warts
size=$(wc -c < "$f")
head -c $((size - 100)) "$f" > "$tmp/trunc.warts"
"$cat" "$tmp/trunc.warts" "$g" > "$tmp/d.warts" 2> "$tmp/err"
is "$?" 1 "truncated input: exit 1"
is "$(nlines "$tmp/err")" 1 "truncated input: one line on stderr"
contains "$(cat "$tmp/err")" "trunc.warts: trace record at offset" "truncated input: file, record and offset named"
json "$tmp/trunc.warts" > "$tmp/t.json"
ok "$(nlines "$tmp/t.json")" -gt 2 "truncated input: it has records before the damage"
json_each "$tmp/trunc.warts" "$g" > "$tmp/want.json"
ok "$(json "$tmp/d.warts" | cmp -s - "$tmp/want.json"; echo $?)" = 0 \
    "truncated input: what precedes the damage, then the next input"
is "$(numbered "$tmp/d.warts")" 0 "truncated input: the output is well formed"

"$cat" -s "$tmp/trunc.warts" "$g" > "$tmp/ds.warts" 2> "$tmp/err"
is "$?" 1 "-s, truncated input: exit 1"
is "$(nlines "$tmp/err")" 1 "-s, truncated input: one line on stderr"
json "$g" > "$tmp/g.json"
py merge "$tmp/t.json" "$tmp/g.json" > "$tmp/want.json"
ok "$(json "$tmp/ds.warts" | cmp -s - "$tmp/want.json"; echo $?)" = 0 "-s, truncated input: the rest is merged"

{ cat "$g"; printf 'this is not warts'; } > "$tmp/garbage.warts"
"$cat" "$tmp/garbage.warts" "$g" > "$tmp/dg.warts" 2> "$tmp/err"
is "$?" 1 "garbage after records: exit 1"
contains "$(cat "$tmp/err")" "not a warts record at offset $(wc -c < "$g" | tr -d ' ')" \
    "garbage after records: its offset is named"
json_each "$g" "$g" > "$tmp/want.json"
ok "$(json "$tmp/dg.warts" | cmp -s - "$tmp/want.json"; echo $?)" = 0 "garbage after records: the records are kept"

done_testing
