#!/bin/sh
# sc_wartsfilter keeps exactly the records scamper's would: for every
# selection tried on the whole lab corpus (joined with cat(1)), the JSON of
# what it writes is the JSON of the input with only the lines that an
# independent selector in Python keeps, which works from the JSON alone.
# Also: the lists and cycles the output needs are declared in sequence;
# output compression; damage; the one-line errors.
. "$(dirname "$0")/../lib/tap.sh"

export TZ=UTC
bin=$WARTS_BUILD/bin
flt=$bin/sc_wartsfilter
lab=$DATA/corpus/lab
tmp=$(mktemp -d /tmp/warts-filter.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

[ -x "$flt" ] || bail "$flt is missing: run make"
command -v python3 > /dev/null || bail "python3 is missing: run scripts/install-deps"

json() { "$bin/sc_warts2json" "$@" 2> /dev/null; }
nlines() { wc -l < "$1" | tr -d ' '; }

cat > "$tmp/h.py" << 'EOF'
import ipaddress, json, struct, sys

# scamper's choices for its five types, and the obvious address for the
# others; records that are not measurements have none and always pass
def addrs(o, check_hops):
    t = o['type']
    if t in ('ping', 'tbit', 'sting', 'host', 'http', 'udpprobe', 'owamp'):
        return [o.get('dst')]
    if t == 'neighbourdisc':
        return [o.get('dst_ip')]
    if t == 'trace':
        a = [o.get('dst')]
        if check_hops:
            a += [h.get('addr') for h in o.get('hops', [])]
        return a
    if t == 'tracelb':
        a = [o.get('dst')]
        if check_hops:
            a += [n.get('addr') for n in o.get('nodes', [])]
        return a
    if t == 'dealias':
        defs = [d.get('dst') for d in o.get('probedefs', [])]
        n = {'mercator': 1, 'ally': 2, 'radargun': len(defs),
             'prefixscan': len(defs)}.get(o.get('method'), 0)
        return defs[:n]
    if t == 'sniff':
        return []
    return None

def select(path, types, prefixes, check_hops):
    nets = [ipaddress.ip_network(p) for p in prefixes]
    for line in open(path):
        o = json.loads(line)
        if o['type'] not in types:
            continue
        a = addrs(o, check_hops)
        if nets and a is not None:
            hit = False
            for x in a:
                if x is None:
                    continue
                ip = ipaddress.ip_address(x)
                if any(ip.version == n.version and ip in n for n in nets):
                    hit = True
            if not hit:
                continue
        sys.stdout.write(line)

def expect(path, *args):
    types, prefixes, ch = [], [], False
    it = iter(args)
    for a in it:
        if a == '-t':
            types.append(next(it).lower())
        elif a == '-a':
            prefixes.append(next(it))
        elif a == '-O':
            ch = next(it).lower() == 'check-hops'
    if not types:
        types = ['dealias', 'ping', 'tbit', 'trace', 'tracelb']
    select(path, types, prefixes, ch)

def records(path):
    data = open(path, 'rb').read()
    off = 0
    while off < len(data):
        magic, typ, ln = struct.unpack('>HHI', data[off:off + 8])
        if magic != 0x1205:
            raise SystemExit('bad magic at %d' % off)
        yield typ, data[off + 8:off + 8 + ln]
        off += 8 + ln

def ids(path):
    """Lists and cycles numbered in sequence, each declared before the
    measurements; print the record types in order, runs collapsed."""
    nlists = ncycles = 0
    seq = []
    for typ, body in records(path):
        if typ == 1:
            if struct.unpack('>I', body[:4])[0] != nlists + 1:
                raise SystemExit('list out of sequence')
            nlists += 1
        elif typ in (2, 3):
            i, l = struct.unpack('>II', body[:8])
            if i != ncycles + 1 or l > nlists:
                raise SystemExit('cycle out of sequence')
            ncycles += 1
        if not seq or seq[-1] != typ:
            seq.append(typ)
    print(' '.join(str(t) for t in seq))

getattr(sys.modules[__name__], sys.argv[1])(*sys.argv[2:])
EOF
py() { python3 "$tmp/h.py" "$@"; }

# ---- errors: one line, exit 1, nothing written ----------------------------

f=$lab/new2026-trace-multi-v4v6.warts
err_case() {
	desc=$1
	shift
	"$@" > "$tmp/eout" 2> "$tmp/eerr"
	is "$?" 1 "$desc: exit 1"
	is "$(nlines "$tmp/eerr")" 1 "$desc: one line on stderr ($(head -1 "$tmp/eerr"))"
	ok ! -s "$tmp/eout" "$desc: nothing on stdout"
}
err_case "bad address" "$flt" -a 192.0.2.256 -i "$f"
err_case "bad IPv6 address" "$flt" -a 2001:db8::g -i "$f"
err_case "IPv4 prefix length 33" "$flt" -a 192.0.2.0/33 -i "$f"
err_case "IPv6 prefix length 129" "$flt" -a 2001:db8::/129 -i "$f"
err_case "prefix length not a number" "$flt" -a 192.0.2.0/2x -i "$f"
err_case "empty prefix length" "$flt" -a 192.0.2.0/ -i "$f"
err_case "bits set past the prefix length" "$flt" -a 192.0.2.1/24 -i "$f"
err_case "unknown type" "$flt" -t traceroute -i "$f"
err_case "unknown -O option" "$flt" -O check-everything -a 192.0.2.1 -i "$f"
err_case "neither -a nor -t" "$flt" -i "$f"
err_case "an argument that is not an option" "$flt" -t trace "$f"
err_case "-i twice" "$flt" -t trace -i "$f" -i "$f"
err_case "unknown option" "$flt" -x -t trace -i "$f"
err_case "-t without its argument" "$flt" -i "$f" -t
err_case "missing input" "$flt" -t trace -i "$tmp/missing.warts" -o "$tmp/never.warts"
ok ! -e "$tmp/never.warts" "missing input: no output file"
err_case "bad prefix with -o" "$flt" -a 198.18.0.0/14 -i "$f" -o "$tmp/never.warts"
ok ! -e "$tmp/never.warts" "bad prefix: no output file"
cp "$f" "$tmp/self.warts"
err_case "output that is the input" "$flt" -t trace -i "$tmp/self.warts" -o "$tmp/self.warts"
ok "$(cmp -s "$tmp/self.warts" "$f"; echo $?)" = 0 "output that is the input: unchanged"

out=$("$flt" -v)
is "$?" 0 "-v exits 0"
contains "$out" "sc_wartsfilter" "-v names the program"
out=$("$flt" -?)
is "$?" 0 "-? exits 0"
contains "$out" "check-hops" "-? prints the usage"

# ---- selections on the whole corpus ---------------------------------------

cat "$lab"/*.warts > "$tmp/all.warts"
json "$tmp/all.warts" > "$tmp/all.json"
ok "$(nlines "$tmp/all.json")" -gt 500 "the corpus joined with cat(1) reads ($(nlines "$tmp/all.json") objects)"

check() {
	"$flt" "$@" -i "$tmp/all.warts" > "$tmp/out.warts" 2> "$tmp/err"
	rc=$?
	json "$tmp/out.warts" > "$tmp/out.json"
	py expect "$tmp/all.json" "$@" > "$tmp/want.json"
	n=$(nlines "$tmp/want.json")
	if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && cmp -s "$tmp/out.json" "$tmp/want.json"; then
		_tap_report 0 "$* keeps the $n expected"
	else
		_tap_report 1 "$* keeps the $n expected"
		diag "exit $rc; $(head -1 "$tmp/err")"
		diff "$tmp/want.json" "$tmp/out.json" | cut -c1-120 | head -6 | sed 's/^/#   /'
	fi
	[ "$n" -gt 0 ] || diag "(none expected)"
	py ids "$tmp/out.warts" > /dev/null 2>&1
	_tap_report $? "$*: lists and cycles declared in sequence"
}

# by type
for t in trace ping tracelb dealias tbit neighbourdisc sting sniff host \
         http udpprobe; do
	check -t "$t"
done
check -t TRACE -t Ping
check -t cycle-start -t cycle-stop

# by address and prefix, default types
check -a 198.18.0.1
check -a 2001:db8:100::1
check -a 198.18.0.0/15
check -a 198.18.0.0/16
check -a 198.19.0.0/16
check -a 2001:db8::/32
check -a 2001:db8:500::/48
check -a 203.0.113.5 -a 2001:db8:300::1
check -a 203.0.113.0/24 -a 2001:db8:400::/40
check -a 198.18.200.1 -a 198.18.200.1
check -a 198.18.0.0/31
check -a 198.18.0.2
check -a 0.0.0.0/0
check -a ::/0
check -a 198.51.100.6
check -a 198.51.100.0/24
check -a 192.0.2.0/24

# with -O check-hops
check -O check-hops -a 198.51.100.6
check -O check-hops -a 198.51.100.26
check -O CHECK-HOPS -a 2001:db8:0:12::2
check -O check-hops -a 198.51.100.0/24 -t trace -t tracelb
check -O check-hops -a 2001:db8:0:23::/64 -t trace
check -O check-hops -a 192.0.2.1

# types and addresses together
check -t ping -a 198.18.0.0/15
check -t trace -a 2001:db8::/32
check -t host -a 2001:db8::/32
check -t http -t udpprobe -a 198.18.0.1
check -t neighbourdisc -a 192.0.2.1
check -t sniff -a 0.0.0.0/0
check -t dealias -a 198.51.100.9
check -t cycle-start -t trace -a 198.18.0.1

# the lists and cycles the kept records need are declared before them
"$flt" -t ping -i "$lab/new2026-ping-udp-v4.warts" > "$tmp/p.warts"
is "$(py ids "$tmp/p.warts")" "1 3 7" "a list, then a cycle definition, then the ping"
"$flt" -t ping -a 198.18.0.1 -i "$tmp/all.warts" > "$tmp/p.warts"
seq=$(py ids "$tmp/p.warts")
ok "$(echo "$seq" | grep -c '^1 3 7')" = 1 -a "$(echo "$seq" | sed 's/3 7//g' | grep -c 7)" = 0 \
   "pings of many cycles: each run of them follows its cycle's definition"

# ---- input and output -------------------------------------------------------

f=$lab/new2026-trace-multi-v4v6.warts
"$flt" -a 198.18.0.0/15 -i "$f" > "$tmp/plain.warts"
json "$tmp/plain.warts" > "$tmp/plain.json"
is "$(nlines "$tmp/plain.json")" 3 "three of the five traces go into 198.18.0.0/15"
for c in gz:"gzip -dc" bz2:"bzip2 -dc" xz:"xz -dc" zst:"zstd -qdc"; do
	ext=${c%%:*} dec=${c#*:}
	"$flt" -a 198.18.0.0/15 -i "$f" -o "$tmp/out.warts.$ext"
	is "$?" 0 "-o x.warts.$ext written"
	$dec < "$tmp/out.warts.$ext" > "$tmp/dec" 2> /dev/null
	ok "$(cmp -s "$tmp/dec" "$tmp/plain.warts"; echo $?)" = 0 ".$ext: $dec gives the uncompressed output"
	"$flt" -a 198.18.0.0/15 -i "$lab/new2026-trace-multi-v4v6.warts.$ext" > "$tmp/in" 2> /dev/null
	[ "$ext" = zst ] || ok "$(cmp -s "$tmp/in" "$tmp/plain.warts"; echo $?)" = 0 ".$ext input read"
done
"$flt" -a 198.18.0.0/15 < "$f" > "$tmp/stdin.warts"
ok "$(cmp -s "$tmp/stdin.warts" "$tmp/plain.warts"; echo $?)" = 0 "no -i: stdin"
"$flt" -a 198.18.0.0/15 -i - -o - < "$f" > "$tmp/stdin.warts"
ok "$(cmp -s "$tmp/stdin.warts" "$tmp/plain.warts"; echo $?)" = 0 "-i - -o -: stdin to stdout"

# ---- damage -------------------------------------------------------------------

size=$(wc -c < "$f")
head -c $((size - 100)) "$f" > "$tmp/trunc.warts"
"$flt" -t trace -i "$tmp/trunc.warts" > "$tmp/d.warts" 2> "$tmp/err"
is "$?" 1 "truncated input: exit 1"
is "$(nlines "$tmp/err")" 1 "truncated input: one line on stderr"
contains "$(cat "$tmp/err")" "trunc.warts: trace record at offset" "truncated input: file, record and offset named"
json "$tmp/trunc.warts" | grep '"type":"trace"' > "$tmp/want.json"
ok "$(nlines "$tmp/want.json")" -gt 0 -a "$(json "$tmp/d.warts" | cmp -s - "$tmp/want.json"; echo $?)" = 0 \
    "truncated input: the traces before the damage are written"

done_testing
