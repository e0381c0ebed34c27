#!/bin/sh
# tests/lab/netlab.t: the emulated network is what netlab says it is.
#
# Builds topologies/standard.topo (and features.topo) under a prefix of
# its own, and checks from inside the vantage point's namespace, with
# ping, UDP probes at every TTL, TCP and HTTP, that every router and
# destination answers as `netlab truth --json` says; that the diamond
# spreads flows by source port; that addresses outside the documentation
# ranges are refused before anything is made; and that `netlab down`
# leaves no namespace, interface or process behind, also after an `up`
# killed halfway.  Needs root (network namespaces).
. "$(dirname "$0")/../lib/tap.sh"

[ "$(id -u)" -eq 0 ] || skip_all "needs root"

lab=$TOP/tests/lab
netlab=$lab/netlab
topos=$lab/topologies
py=/usr/bin/python3
P=nlt$$_
PF=nlf$$_
PK=nlk$$_
PT=nlm$$_
tmp=$(mktemp -d /tmp/netlab-t.XXXXXX)
cleanup() {
	for p in "$P" "$PF" "$PK" "$PT"; do "$netlab" down "$p" >/dev/null 2>&1; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

for t in ip nft ethtool; do
	command -v $t >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
	command -v $t >/dev/null 2>&1 || bail "$t is missing (scripts/install-deps)"
done

# invp PREFIX CMD...: run CMD in that lab's vantage point
invp() { _p=$1; shift; "$netlab" exec "$_p" vp "$@"; }

# -- every shipped topology is valid ---------------------------------------
for t in "$topos"/*.topo; do
	out=$("$netlab" check "$t" 2>&1)
	ok $? -eq 0 "netlab check $(basename "$t")"
done

# -- refusals, before anything is created ----------------------------------
refuse() {	# refuse NAME LINE WHAT: the file tmp/NAME is refused, naming LINE
	out=$("$netlab" check "$tmp/$1" 2>&1)
	rc=$?
	ok $rc -eq 1 "check refuses $3"
	contains "$out" "$1:$2:" "  ... naming line $2"
}
printf 'host vp\nrouter r1\nlink vp r1 10.0.0.0/30\n' > "$tmp/bad1.topo"
refuse bad1.topo 3 "a private-range link subnet"
printf 'host vp\nrouter r1\nlink vp r1 192.0.2.0/30 vp=192.0.2.1\nlink vp r1 198.51.100.0/31 2001:db9::/64\n' > "$tmp/bad2.topo"
refuse bad2.topo 4 "an IPv6 subnet outside 2001:db8::/32"
printf 'host vp\nrouter r1\nlink vp r1 192.0.2.0/30\nroute r1 0.0.0.0/0 blackhole\n' > "$tmp/bad3.topo"
refuse bad3.topo 4 "a default route"
printf 'host vp\nrouter r1\nlink vp r1 192.0.2.0/30\nnft r1 add rule inet netlab forward ip daddr 8.8.8.8 drop\n' > "$tmp/bad4.topo"
refuse bad4.topo 4 "an outside address in a raw nft rule"
printf 'host vp\nrouter r1\nlink vp r1 192.0.2.0/30\ndest x 2001:4860::8888\n' > "$tmp/bad5.topo"
refuse bad5.topo 4 "an outside destination"
printf 'host vp\nrouter r1\nlink vp r1 192.0.2.0/30\nanyip vp 10.0.0.0/8\n' > "$tmp/bad6.topo"
refuse bad6.topo 4 "an outside AnyIP prefix"
printf 'host vp\nrouter r1\nlink vp r9 192.0.2.0/30\n' > "$tmp/bad7.topo"
refuse bad7.topo 3 "an undefined node"
contains "$out" "not defined" "  ... saying it is not defined"
printf 'host vp\nrouter r1\nlink vp r1 192.0.2.0/30 vp=198.51.100.1\n' > "$tmp/bad8.topo"
refuse bad8.topo 3 "an address outside its link's subnet"

before=$(ip -o link show | sed 's/^[0-9]*: //; s/:.*//' | sort)
out=$("$netlab" up "$PT" "$tmp/bad1.topo" 2>&1)
ok $? -eq 1 "up refuses an outside address"
contains "$out" "outside the allowed ranges" "  ... saying why"
ok ! -e "/run/netlab/$PT.json" "  ... and records nothing"
ok -z "$(ip netns list | grep "^$PT")" "  ... and creates no namespace"
out=$("$netlab" truth "$topos/standard.topo" 10.1.2.3 2>&1)
ok $? -eq 1 "truth refuses an outside address"
out=$("$netlab" probe -w 0.1 10.1.2.3 2>&1)
ok $? -eq 1 "probe refuses an outside address"

# -- build standard.topo -----------------------------------------------------
"$netlab" truth --json "$topos/standard.topo" > "$tmp/truth.json"
ok $? -eq 0 "truth --json standard.topo"
t0=$(date +%s)
out=$("$netlab" up "$P" "$topos/standard.topo" 2>&1)
rc=$?
ok $rc -eq 0 "up standard.topo ($(($(date +%s) - t0)) s)"
[ $rc -eq 0 ] || { diag "$out"; bail "cannot build the lab"; }
ok -e "/run/netlab/$P.json" "  ... state recorded"
out=$("$netlab" up "$P" "$topos/standard.topo" 2>&1)
ok $? -eq 1 "a second up with the same prefix is refused"
ok -e "/run/netlab/$P.json" "  ... and leaves the first alone"

# -- the routers' settings ------------------------------------------------------
is "$("$netlab" exec "$P" r1 sysctl -n net.ipv4.ip_forward net.ipv6.conf.all.forwarding net.ipv4.icmp_ratelimit net.ipv6.icmp.ratelimit net.ipv4.conf.all.rp_filter | tr '\n' ' ')" \
	"1 1 0 0 0 " "r1 forwards, does not rate-limit ICMP, no rp_filter"
is "$("$netlab" exec "$P" rl sysctl -n net.ipv4.icmp_ratelimit)" 1000 "rl rate-limits ICMP"
is "$("$netlab" exec "$P" d1 sysctl -n net.ipv4.fib_multipath_hash_policy net.ipv6.fib_multipath_hash_policy | tr '\n' ' ')" \
	"1 1 " "d1 hashes on the 5-tuple"
contains "$("$netlab" exec "$P" r1 ethtool -k r2)" "tx-checksumming: off" "checksum offload off on r1's veth"
contains "$("$netlab" exec "$P" s2 nft list ruleset)" "time-exceeded" "s2 drops its ICMP errors"
contains "$("$netlab" exec "$P" d1 ip route show 203.0.113.128/30)" "nexthop via 198.51.100.42" "d1 has a multipath route"
contains "$("$netlab" exec "$P" big ip route show table local)" "local 198.18.0.0/16 dev lo" "big has the AnyIP route"

# -- every destination, every TTL, against the ground truth -----------------
$py - "$tmp/truth.json" > "$tmp/dests" <<'EOF'
import json, sys
for d in json.load(open(sys.argv[1]))["destinations"]:
    print(d["name"], d["dst"], len(d["hops"]) + 1)
EOF
while read -r name dst n; do
	invp "$P" "$netlab" probe -w 0.4 -t "1-$n" "$dst" > "$tmp/probe.$name" 2>&1
done < "$tmp/dests"

cat > "$tmp/compare.py" <<'EOF'
import json, re, sys
truth, pdir = sys.argv[1], sys.argv[2]
CODES = {"host": "host-unreachable", "net": "net-unreachable", "prohibited": "prohibited",
         "no-route": "no-route", "admin-prohibited": "prohibited",
         "address": "address-unreachable"}
def parse(path):
    got = {}
    for line in open(path):
        f = dict(w.split("=", 1) for w in line.split() if "=" in w)
        got[int(f["ttl"])] = (f.get("from"), f.get("reply"))
    return got
for d in json.load(open(truth))["destinations"]:
    got = parse("%s/probe.%s" % (pdir, d["name"]))
    end = d["end"]
    bad = []
    def want(ttl, h):
        if h["addrs"] == ["*"]:
            return {"*"}, {"none"}
        if h["reply"] == ["reached"]:
            return {end.get("icmp_error_src", d["dst"])}, {"port-unreachable"}
        if h["reply"] == ["unreachable"]:
            return set(h["addrs"]), {CODES[end["code"]]}
        return set(h["addrs"]), {"time-exceeded"}
    hops = d["hops"]
    for h in hops:
        addrs, replies = want(h["ttl"], h)
        g = got.get(h["ttl"])
        if g is None or g[0] not in addrs or g[1] not in replies:
            bad.append("ttl %d: got %s, want %s %s" % (h["ttl"], g, sorted(addrs), sorted(replies)))
    # one TTL beyond what the truth lists
    beyond = len(hops) + 1
    if end["kind"] in ("reached", "unreachable"):
        h = hops[-1]
    elif end["kind"] == "loop":
        h = hops[beyond - end["period"] - 1]
    else:
        h = {"addrs": ["*"], "reply": ["none"]}
    addrs, replies = want(beyond, h)
    g = got.get(beyond)
    if g is None or g[0] not in addrs or g[1] not in replies:
        bad.append("ttl %d: got %s, want %s %s" % (beyond, g, sorted(addrs), sorted(replies)))
    desc = "%s %s: %d hops, %s, as the truth says" % (
        d["name"], d["dst"], len(hops), end["kind"])
    print("%s\t%s\t%s" % ("ok" if not bad else "fail", desc, "; ".join(bad)))
EOF
$py "$tmp/compare.py" "$tmp/truth.json" "$tmp" > "$tmp/results"
while IFS='	' read -r res desc why; do
	if [ "$res" = ok ]; then _tap_report 0 "$desc"; else _tap_report 1 "$desc"; diag "$why"; fi
done < "$tmp/results"
is "$(wc -l < "$tmp/results")" "$(wc -l < "$tmp/dests")" "every destination compared"

# -- ping: which router answers at each TTL ------------------------------------
# ping -t TTL; where iputils-ping is missing, the same ICMP echo from netlab probe
ping_from() {	# ping_from FAMILY TTL DST: the address that answered, or *
	if command -v ping >/dev/null 2>&1; then
		invp "$P" ping "-$1" -n -c 1 -W 1 -t "$2" "$3" 2>&1 |
			sed -n 's/^From \([^ ]*\) .*/\1/p; s/^[0-9]* bytes from \([^ ]*\): .*/\1/p' |
			sed 's/:$//' | head -1 | grep . || echo '*'
	else
		invp "$P" "$netlab" probe --icmp -w 1 -t "$2" "$3" | sed 's/.* from=\([^ ]*\) .*/\1/'
	fi
}
hop_addr() {	# hop_addr DEST TTL: the truth's address(es) at that TTL
	$py -c 'import json,sys
for d in json.load(open(sys.argv[1]))["destinations"]:
    if d["name"] == sys.argv[2]:
        print(" ".join(d["hops"][int(sys.argv[3]) - 1]["addrs"]))' "$tmp/truth.json" "$1" "$2"
}
command -v ping >/dev/null 2>&1 || diag "no ping here: ICMP echo checks use netlab probe --icmp"
for fam_dest in 4:chain 6:chain6 4:silent 6:silent6; do
	fam=${fam_dest%%:*} dest=${fam_dest#*:}
	dst=$(awk -v n="$dest" '$1 == n { print $2 }' "$tmp/dests")
	for ttl in 1 2 3 4 5; do
		want=$(hop_addr "$dest" $ttl)
		got=$(ping_from $fam $ttl "$dst")
		is "$got" "$want" "ping -$fam -t $ttl $dst: answered by $want"
	done
done
# pings do not spread over the diamond: the hash sees no ports in ICMP
for dest in diamond diamond6; do
	dst=$(awk -v n="$dest" '$1 == n { print $2 }' "$tmp/dests")
	fam=4; case $dst in *:*) fam=6 ;; esac
	want=$(hop_addr "$dest" 3)
	a=$(ping_from $fam 3 "$dst"); b=$(ping_from $fam 3 "$dst"); c=$(ping_from $fam 3 "$dst")
	ok "$a" = "$b" -a "$b" = "$c" "ping -t 3 $dst: every echo takes one branch ($a)"
	contains " $want " " $a " "  ... one of the diamond's ($want)"
done
# AnyIP: any address of the prefixes answers, from itself
for dst in 198.18.0.0 198.18.0.1 198.18.123.45 198.18.255.255 2001:db8:80::1 2001:db8:80::1:1 2001:db8:80:ffff:ffff:ffff:ffff:fffe; do
	fam=4; case $dst in *:*) fam=6 ;; esac
	got=$(ping_from $fam 64 $dst)
	is "$got" "$(echo $dst | $py -c 'import ipaddress,sys; print(ipaddress.ip_address(sys.stdin.read().strip()))')" "ping $dst: AnyIP echo reply from the address itself"
done

# -- the diamond: flows spread by source port, each flow keeps its path ------
$py - "$tmp/truth.json" > "$tmp/diamond" <<'EOF'
import json, sys
for d in json.load(open(sys.argv[1]))["destinations"]:
    if d["name"] in ("diamond", "diamond6"):
        print(d["name"], d["dst"], " ".join(d["hops"][2]["addrs"]),
              "/", " ".join(",".join(p[2:4]) for p in d["paths"]))
EOF
while read -r name dst rest; do
	want3=${rest%% / *}
	pairs=${rest#* / }
	invp "$P" "$netlab" probe -w 0.4 -t 3-4 -s 40000-40015 "$dst" > "$tmp/d.$name"
	seen=$(awk '$1 == "ttl=3" { sub("from=", "", $3); print $3 }' "$tmp/d.$name" | sort -u | tr '\n' ' ')
	is "$seen" "$(echo $want3 | tr ' ' '\n' | sort | tr '\n' ' ')" "$name: 16 source ports reach both branches at TTL 3"
	badpair=$(awk '{ sub("ttl=", "", $1); sub("sport=", "", $2); sub("from=", "", $3); a[$2, $1] = $3; s[$2] = 1 }
		END { for (p in s) print a[p, 3] "," a[p, 4] }' "$tmp/d.$name" |
		while read -r pr; do case " $pairs " in *" $pr "*) ;; *) echo "$pr" ;; esac; done)
	ok -z "$badpair" "$name: each flow's TTL 3 and 4 answers lie on one path of the truth"
	one=$(invp "$P" "$netlab" probe -w 0.4 -t 3 -s 40007 -c 5 "$dst" | awk '{ print $3 }' | sort -u | wc -l)
	is "$one" 1 "$name: one flow (source port 40007) always takes the same branch"
done < "$tmp/diamond"

# -- TCP and HTTP ---------------------------------------------------------------
for dst in 203.0.113.2 2001:db8:10::2; do
	contains "$(invp "$P" "$netlab" probe --tcp -p 5000 $dst)" "reply=connected rtt" "TCP to $dst port 5000 connects"
	contains "$(invp "$P" "$netlab" probe --tcp -p 5000 $dst)" "banner=netlab_dst_tcp_5000" "  ... and the listener speaks"
	contains "$(invp "$P" "$netlab" probe --tcp -p 5001 $dst)" "reply=refused" "TCP to $dst port 5001 is refused (RST)"
	url=http://$dst/
	case $dst in *:*) url="http://[$dst]/" ;; esac
	got=$(invp "$P" $py -c 'import sys, urllib.request as u
r = u.urlopen(sys.argv[1], timeout=5)
print(r.status, r.read().decode().strip())' "$url" 2>&1)
	contains "$got" "200 <html><body>netlab dst http 80</body></html>" "HTTP GET $url"
done
contains "$(invp "$P" "$netlab" probe --tcp -p 80 198.18.200.7)" "reply=refused" "TCP to an AnyIP address is answered (RST)"

# -- ICMP rate limiting ---------------------------------------------------------
# rl allows a burst of 6, then one a second
n=$(invp "$P" "$netlab" probe -w 0.1 -t 2 -c 20 203.0.113.162 | grep -c "from=198.51.100.54")
ok "$n" -ge 5 -a "$n" -le 12 "rl answers a burst of 20 probes only in part ($n of 20)"
n=$(invp "$P" "$netlab" probe -w 0.1 -t 2 -c 20 203.0.113.2 | grep -c "from=198.51.100.2")
is "$n" 20 "r2 answers all of 20 probes (no rate limit)"
n=$(invp "$P" "$netlab" probe -w 0.1 -c 20 203.0.113.33 | grep -c "reply=host-unreachable")
is "$n" 20 "the reject route at r3 answers all of 20 probes"

# -- features.topo: LAN transit, asymmetric return paths, kernel routes -------
"$netlab" truth --json "$topos/features.topo" > "$tmp/ftruth.json"
out=$("$netlab" up "$PF" "$topos/features.topo" 2>&1)
rc=$?
ok $rc -eq 0 "up features.topo alongside"
[ $rc -eq 0 ] || diag "$out"
mkdir "$tmp/f"
$py - "$tmp/ftruth.json" > "$tmp/f/dests" <<'EOF'
import json, sys
for d in json.load(open(sys.argv[1]))["destinations"]:
    print(d["name"], d["dst"], len(d["hops"]) + 1)
EOF
while read -r name dst n; do
	invp "$PF" "$netlab" probe -w 0.4 -t "1-$n" "$dst" > "$tmp/f/probe.$name" 2>&1
done < "$tmp/f/dests"
$py "$tmp/compare.py" "$tmp/ftruth.json" "$tmp/f" > "$tmp/f/results"
while IFS='	' read -r res desc why; do
	if [ "$res" = ok ]; then _tap_report 0 "features: $desc"; else _tap_report 1 "features: $desc"; diag "$why"; fi
done < "$tmp/f/results"
contains "$(invp "$PF" "$netlab" probe --tcp -w 0.5 -p 5001 198.19.2.2)" "reply=timeout" "features: h1's firewall drops TCP port 5001"
udp_ask() {	# udp_ask ADDR FAMILY: send a datagram to h1's UDP service
	invp "$PF" $py -c '
import socket, sys
s = socket.socket(int(sys.argv[2]), socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(b"hello", (sys.argv[1], 5353))
print(s.recvfrom(100)[0].decode().strip())' "$1" "$2" 2>&1
}
is "$(udp_ask 198.19.2.2 2)" "netlab h1 udp 5353" "features: h1's UDP service answers over IPv4"
is "$(udp_ask 2001:db8:f2::2 10)" "netlab h1 udp 5353" "  ... and over IPv6"

# -- teardown -------------------------------------------------------------------
pids=$($py -c 'import json,sys; print(" ".join(str(p["pid"]) for p in json.load(open(sys.argv[1]))["pids"]))' "/run/netlab/$P.json")
ok -n "$pids" "services recorded ($pids)"
"$netlab" down "$P" > /dev/null 2>&1
ok $? -eq 0 "down"
ok -z "$(ip netns list | grep "^$P")" "  ... no namespace of $P remains"
ok ! -e "/run/netlab/$P.json" -a ! -e "/run/netlab/$P.d" "  ... nor its state"
alive=
for p in $pids; do	# gone, or a zombie waiting for init to reap it
	st=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$st" ] && [ "$st" != Z ] && alive="$alive $p"
done
ok -z "$alive" "  ... nor its services"
"$netlab" down "$P" > /dev/null 2>&1
ok $? -eq 0 "down again is harmless"
"$netlab" down "$PF" > /dev/null 2>&1
ok $? -eq 0 "down features"

# -- an up killed halfway ---------------------------------------------------------
"$netlab" up "$PK" "$topos/standard.topo" > /dev/null 2>&1 &
upid=$!
sleep 0.4
kill -KILL $upid 2>/dev/null
wait $upid 2>/dev/null
"$netlab" down "$PK" > /dev/null 2>&1
ok $? -eq 0 "down after an up killed with SIGKILL"
ok -z "$(ip netns list | grep "^$PK")" "  ... no namespace remains"
ok ! -e "/run/netlab/$PK.json" "  ... nor state"

"$netlab" up "$PK" "$topos/standard.topo" > /dev/null 2>&1 &
upid=$!
sleep 0.4
kill -TERM $upid 2>/dev/null
wait $upid
rc=$?
ok $rc -ne 0 "up interrupted with SIGTERM fails"
ok -z "$(ip netns list | grep "^$PK")" "  ... and cleans up after itself"
ok ! -e "/run/netlab/$PK.json" "  ... state too"

after=$(ip -o link show | sed 's/^[0-9]*: //; s/:.*//' | sort)
is "$after" "$before" "the root namespace's interfaces are as they were"

done_testing
