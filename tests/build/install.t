#!/bin/sh
# make install puts a working library where pkg-config finds it: a program
# built against the installed headers links and runs, shared (with the
# versioned soname) and static; the programs and man pages are installed.
. "$(dirname "$0")/../lib/tap.sh"

prefix=$(mktemp -d /tmp/warts-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT

make -s -C "$TOP" BUILD="$WARTS_BUILD" PREFIX="$prefix" install >/dev/null 2>&1
is "$?" 0 "make install PREFIX=$prefix"
ok -f "$prefix/include/warts/warts.h" "public headers installed"
ok -f "$prefix/lib/libwarts.a" "static library installed"
ok -L "$prefix/lib/libwarts.so" "shared library link installed"
soname=$(readelf -d "$prefix/lib/libwarts.so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
is "$soname" "libwarts.so.0" "the shared library has a versioned soname"
ok -x "$prefix/bin/sc_warts2json" "programs installed"
ok -f "$prefix/share/man/man1/sc_warts2json.1" "man pages installed"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
is "$(pkg-config --modversion libwarts)" "0.1.0" "pkg-config knows the version"
cat > "$prefix/count.c" <<'C'
#include <stdio.h>
#include <warts/warts.h>
int main(int argc, char **argv)
{
	warts_error err;
	warts_reader *r = warts_reader_open(argv[argc - 1], &err);
	warts_object obj;
	long n = 0;
	if (r == NULL)
		return 1;
	while (warts_reader_read(r, &obj) > 0) {
		n += obj.type == WARTS_TYPE_TRACE;
		warts_object_clear(&obj);
	}
	warts_reader_close(r);
	printf("%ld %s\n", n, warts_version());
	return 0;
}
C
sample="$DATA/corpus/lab/new2026-trace-multi-v4v6.warts.xz"
# how many traces scamper's own sc_warts2json found in the same file
want=$(grep -c '"type":"trace"' "$sample.new2026.json")
cc -std=c11 -o "$prefix/count" "$prefix/count.c" $(pkg-config --cflags --libs libwarts) 2>&1
is "$?" 0 "a program builds against the installed library"
is "$(LD_LIBRARY_PATH=$prefix/lib "$prefix/count" "$sample")" "$want 0.1.0" \
	"and reads a compressed file through the shared library"
cc -std=c11 -o "$prefix/count-static" "$prefix/count.c" \
	$(pkg-config --cflags libwarts) "$prefix/lib/libwarts.a" \
	$(pkg-config --libs-only-other --static libwarts) -lz -lbz2 -llzma -lzstd 2>&1
is "$("$prefix/count-static" "$sample")" "$want 0.1.0" "and through the static library"
done_testing
