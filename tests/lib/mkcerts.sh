#!/bin/sh
# tests/lib/mkcerts.sh DIR: a small PKI for the TLS tests, made fresh in
# DIR with the openssl command (EC P-256 keys, quick to make):
#
#   ca.pem        "Test CA"            ca2.pem     "Other CA"
#   server.pem    remoted.example, *.ctl.example, IP 127.0.0.1, ::1 (ca)
#   server-cn.pem CN cn.example, no subjectAltName                 (ca)
#   server-other.pem remoted.example                              (ca2)
#   expired.pem   remoted.example, valid only in January 2020      (ca)
#   vp1.pem vp2.pem  client certificates for monitors vp1, vp2     (ca)
#   vp1-other.pem    vp1, but from the other CA                   (ca2)
#   vp1-expired.pem  vp1, valid only in January 2020               (ca)
#
# each with its key as NAME.key.
set -e
d=$1
mkdir -p "$d"
cd "$d"

key() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$1.key" 2>/dev/null
}

ca() {
	key "$1"
	openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -days 30 \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		-out "$1.pem" 2>/dev/null
}

# cert NAME CA CN SAN [start end]
cert() {
	key "$1"
	openssl req -new -key "$1.key" -subj "/CN=$3" -out "$1.csr" 2>/dev/null
	{
		echo "basicConstraints=CA:FALSE"
		[ -n "$4" ] && echo "subjectAltName=$4"
	} > "$1.ext"
	if [ -n "${5:-}" ]; then
		: > index.txt
		echo 1000 > serial
		cat > ca.cnf <<CNF
[ca]
default_ca = d
[d]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = p
[p]
commonName = supplied
CNF
		openssl ca -batch -notext -config ca.cnf -cert "$2.pem" \
			-keyfile "$2.key" -in "$1.csr" -out "$1.pem" \
			-startdate "$5" -enddate "$6" -extfile "$1.ext" \
			>/dev/null 2>&1
	else
		openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" \
			-CAcreateserial -days 30 -extfile "$1.ext" \
			-out "$1.pem" 2>/dev/null
	fi
	rm -f "$1.csr" "$1.ext"
}

ca ca "Test CA"
ca ca2 "Other CA"
cert server ca remoted.example \
	"DNS:remoted.example,DNS:*.ctl.example,IP:127.0.0.1,IP:::1"
cert server-cn ca cn.example ""
cert server-other ca2 remoted.example "DNS:remoted.example"
cert expired ca remoted.example "DNS:remoted.example" \
	20200101000000Z 20200201000000Z
cert vp1 ca vp1 "DNS:vp1"
cert vp2 ca vp2 "DNS:vp2"
cert vp1-other ca2 vp1 "DNS:vp1"
cert vp1-expired ca vp1 "DNS:vp1" 20200101000000Z 20200201000000Z
