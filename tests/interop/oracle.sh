# tests/interop/oracle.sh: find Debian's scamper tools, the independent
# oracle for what we write.  Only tests/interop may use them.  They are
# installed by scripts/install-deps, so their absence is a failure, not a
# reason to skip.
SC_WARTSDUMP=/usr/bin/sc_wartsdump
SC_WARTS2JSON=/usr/bin/sc_warts2json
SC_WARTS2TEXT=/usr/bin/sc_warts2text
for _t in "$SC_WARTSDUMP" "$SC_WARTS2JSON" "$SC_WARTS2TEXT"; do
	[ -x "$_t" ] || bail "$_t is missing: run scripts/install-deps"
done
