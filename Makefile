# One non-recursive Makefile for the whole tree.
#
#   make                 build libraries and programs into build/
#   make test            build, then run the test suite under prove
#   make test-asan       the same with AddressSanitizer + UBSan (build/asan)
#   make check           install what is missing, test, test-asan: what CI runs
#   make demo            the main job: convert a bundled sample
#   make fuzz            libFuzzer targets (clang) into build/fuzz
#   make install PREFIX=/usr/local
#
# BUILD selects the output directory; SAN=1 adds the sanitizers.

BUILD    ?= build
V        ?= 0
PREFIX   ?= /usr/local
CC       ?= cc
OPT      ?= -O2 -g
SAN      ?=

VERSION       := 0.1.0
SOVERSION     := 0
WARTS_VERSION := $(VERSION)

CPPFLAGS_ALL := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
                -DWARTS_VERSION_STR='"$(WARTS_VERSION)"' \
                -Ilibwarts/include
CFLAGS_ALL   := -std=c11 -Wall -Wextra -Werror $(OPT) -MMD -MP
LDLIBS_WARTS := -lz -lbz2 -llzma -lzstd

ifneq ($(SAN),)
CFLAGS_ALL  += -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer
LDFLAGS_ALL += -fsanitize=address,undefined
endif

CFLAGS_ALL  += $(CFLAGS)
LDFLAGS_ALL += $(LDFLAGS)

# quiet unless V=1
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n' $(1) $(2)
endif

.PHONY: all deps test test-asan check demo fuzz bench bench-prober install clean
all: deps libs programs

deps:
	@scripts/install-deps

# ---- libwarts -------------------------------------------------------------

LIBWARTS_SRC := $(sort $(wildcard libwarts/src/*.c libwarts/src/*/*.c))
LIBWARTS_OBJ := $(LIBWARTS_SRC:%.c=$(BUILD)/obj/%.o)
LIBWARTS_PIC := $(LIBWARTS_SRC:%.c=$(BUILD)/pic/%.o)
LIBWARTS_A   := $(BUILD)/lib/libwarts.a
LIBWARTS_SO  := $(BUILD)/lib/libwarts.so.$(VERSION)
LIBWARTS_HDR := $(sort $(wildcard libwarts/include/warts/*.h))

$(BUILD)/obj/libwarts/%.o: libwarts/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -fvisibility=hidden -c $< -o $@

$(BUILD)/pic/libwarts/%.o: libwarts/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -fvisibility=hidden -fPIC -c $< -o $@

$(LIBWARTS_A): $(LIBWARTS_OBJ)
	@mkdir -p $(@D)
	$(call say,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(LIBWARTS_SO): $(LIBWARTS_PIC)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) -shared -Wl,-soname,libwarts.so.$(SOVERSION) $(LDFLAGS_ALL) \
	    -o $@ $^ $(LDLIBS_WARTS)
	$(Q)ln -sf libwarts.so.$(VERSION) $(BUILD)/lib/libwarts.so.$(SOVERSION)
	$(Q)ln -sf libwarts.so.$(SOVERSION) $(BUILD)/lib/libwarts.so

$(BUILD)/lib/pkgconfig/libwarts.pc: libwarts/libwarts.pc.in Makefile
	@mkdir -p $(@D)
	$(call say,GEN,$@)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@LIBS@|$(LDLIBS_WARTS)|' $< > $@

# ---- libctrl --------------------------------------------------------------
#
# The event loop and, later, the control protocol: everything that runs
# programs on sockets rather than files.

LIBCTRL_SRC := $(sort $(wildcard libctrl/src/*.c))
LIBCTRL_OBJ := $(LIBCTRL_SRC:%.c=$(BUILD)/obj/%.o)
LIBCTRL_A   := $(BUILD)/lib/libctrl.a
CPPFLAGS_ALL += -Ilibctrl/include

$(BUILD)/obj/libctrl/%.o: libctrl/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -fvisibility=hidden -c $< -o $@

$(LIBCTRL_A): $(LIBCTRL_OBJ)
	@mkdir -p $(@D)
	$(call say,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

# ctrl/tls.h is over OpenSSL: what links tls.o links these too
LDLIBS_CTRL := -lssl -lcrypto

libs: $(LIBWARTS_A) $(LIBWARTS_SO) $(BUILD)/lib/pkgconfig/libwarts.pc \
      $(LIBCTRL_A)

# ---- programs ------------------------------------------------------------
#
# A program is built from the .c files of the directories given (its own
# and any shared ones), linked with libwarts and any extra libraries.

PROGRAMS :=

define program
PROGRAMS += $(BUILD)/bin/$(1)
$(1)_SRC := $(sort $(foreach d,$(2),$(wildcard $(d)/*.c)))
$(1)_OBJ := $$($(1)_SRC:%.c=$(BUILD)/obj/%.o)
$(1)_INC := $(foreach d,$(2),-I$(d))
$$($(1)_OBJ): CPPFLAGS_PROG := $$($(1)_INC)
$(BUILD)/bin/$(1): $$($(1)_OBJ) $(LIBWARTS_A)
	@mkdir -p $$(@D)
	$$(call say,LD,$$@)
	$$(Q)$$(CC) $(LDFLAGS_ALL) -o $$@ $$($(1)_OBJ) $(LIBWARTS_A) $(LDLIBS_WARTS) $(3)
endef

$(BUILD)/obj/converters/%.o: converters/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS_PROG) $(CFLAGS_ALL) -c $< -o $@

# the prober: scamper
PROBER_DIRS := prober prober/pkt prober/net prober/trace prober/ping \
               prober/control
PROBER_SRC  := $(sort $(foreach d,$(PROBER_DIRS),$(wildcard $(d)/*.c)))
PROBER_OBJ  := $(PROBER_SRC:%.c=$(BUILD)/obj/%.o)
PROGRAMS    += $(BUILD)/bin/scamper

$(BUILD)/obj/prober/%.o: prober/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) -Iprober $(CFLAGS_ALL) -c $< -o $@

# Linked statically: a vantage point may be a home router, and the pages
# of shared libraries a dynamic prober touches count against it (about
# 0.6 MB more resident when idle; see bench/README.md).  The sanitizers
# need the dynamic runtime, so SAN=1 builds link dynamically.
ifeq ($(SAN),)
PROBER_LDFLAGS ?= -static $(PROBER_ORDER)
endif
# With lld, the functions an idle or measuring prober runs are laid out
# together (prober/scamper.order, made by scripts/prober-order): the
# kernel maps text 64 kB around each page touched, so this is what sets
# a static prober's resident memory (idle 1.8 -> 1.1 MB).  Without lld
# the link is the same, the memory larger.  (Asked when linking, not
# when make starts: `make deps` may have just installed lld.)
PROBER_ORDER = $$(command -v ld.lld >/dev/null 2>&1 && echo -fuse-ld=lld \
               -Wl,--symbol-ordering-file=prober/scamper.order \
               -Wl,--no-warn-symbol-ordering)

$(BUILD)/bin/scamper: $(PROBER_OBJ) $(LIBCTRL_A) $(LIBWARTS_A) prober/scamper.order
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS_ALL) $(PROBER_LDFLAGS) -o $@ $(PROBER_OBJ) \
	    $(LIBCTRL_A) $(LIBWARTS_A) $(LDLIBS_WARTS) $(LDLIBS_CTRL)

CONV_COMMON := converters/common
$(eval $(call program,sc_warts2json,converters/sc_warts2json $(CONV_COMMON),))
$(eval $(call program,sc_warts2text,converters/sc_warts2text $(CONV_COMMON),))
$(eval $(call program,sc_wartsdump,converters/sc_wartsdump $(CONV_COMMON),))
$(eval $(call program,sc_json2warts,converters/sc_json2warts $(CONV_COMMON),-ljansson -lm))
$(eval $(call program,sc_wartscat,converters/sc_wartscat $(CONV_COMMON),))
$(eval $(call program,sc_wartsfilter,converters/sc_wartsfilter $(CONV_COMMON),))

# drivers: programs that schedule measurements through a prober's control
# socket.  libctrl comes before libwarts on the link line: it uses it.
define driver
PROGRAMS += $(BUILD)/bin/$(1)
$(1)_SRC := $(sort $(wildcard $(2)/*.c))
$(1)_OBJ := $$($(1)_SRC:%.c=$(BUILD)/obj/%.o)
$$($(1)_OBJ): CPPFLAGS_PROG := -I$(2)
$(BUILD)/bin/$(1): $$($(1)_OBJ) $(LIBCTRL_A) $(LIBWARTS_A)
	@mkdir -p $$(@D)
	$$(call say,LD,$$@)
	$$(Q)$$(CC) $(LDFLAGS_ALL) -o $$@ $$($(1)_OBJ) $(LIBCTRL_A) \
	    $(LIBWARTS_A) $(LDLIBS_WARTS) $(3)
endef

$(BUILD)/obj/drivers/%.o: drivers/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS_PROG) $(CFLAGS_ALL) -c $< -o $@

$(eval $(call driver,sc_filterpolicy,drivers/sc_filterpolicy,))
$(eval $(call driver,sc_attach,drivers/sc_attach,))

# sc_remoted: the controller end of remote control (remoted/)
REMOTED_SRC := $(sort $(wildcard remoted/*.c))
REMOTED_OBJ := $(REMOTED_SRC:%.c=$(BUILD)/obj/%.o)
PROGRAMS    += $(BUILD)/bin/sc_remoted

$(BUILD)/obj/remoted/%.o: remoted/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) -Iremoted $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/bin/sc_remoted: $(REMOTED_OBJ) $(LIBCTRL_A)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(REMOTED_OBJ) $(LIBCTRL_A) $(LDLIBS_CTRL)

programs: $(PROGRAMS)

# ---- tests ---------------------------------------------------------------
#
# tests/unit/*.c are TAP programs; tests/*/*.t are TAP scripts.  prove runs
# them all; WARTS_BUILD tells scripts where the binaries are.

UNIT_SRC  := $(sort $(wildcard tests/unit/*.c))
UNIT_SRC  := $(filter-out tests/unit/tap.c tests/unit/testlib.c,$(UNIT_SRC))
UNIT_EXTRA_fuzz_regress := $(BUILD)/obj/fuzz/fuzz_reader.o

# the prober's packet layer and reply matching are pure functions over
# bytes: unit tests and fuzz_pkt link just these objects
PROBER_PKT_SRC := $(sort $(wildcard prober/pkt/*.c)) prober/probe.c
PROBER_PKT_OBJ := $(PROBER_PKT_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_EXTRA_test_pkt   := $(PROBER_PKT_OBJ)
UNIT_EXTRA_test_probe := $(PROBER_PKT_OBJ)
UNIT_EXTRA_fuzz_client_regress := $(BUILD)/obj/fuzz/fuzz_client.o
UNIT_EXTRA_fuzz_remote_regress := $(BUILD)/obj/fuzz/fuzz_remote.o \
                                  $(filter-out %/main.o,$(REMOTED_OBJ))
$(BUILD)/obj/fuzz/fuzz_remote.o: CPPFLAGS_ALL += -Iremoted
UNIT_EXTRA_fuzz_pkt_regress := $(BUILD)/obj/fuzz/fuzz_pkt.o $(PROBER_PKT_OBJ)
$(BUILD)/obj/tests/unit/test_pkt.o $(BUILD)/obj/tests/unit/test_probe.o \
$(BUILD)/obj/fuzz/fuzz_pkt.o: CPPFLAGS_ALL += -Iprober

# unit tests of a measurement's parts (a command parser) link the whole
# prober but its main.o: give each its UNIT_EXTRA_ line and -Iprober
PROBER_LIB_OBJ := $(filter-out $(BUILD)/obj/prober/main.o,$(PROBER_OBJ))
UNIT_EXTRA_test_ping_cmd = $(PROBER_LIB_OBJ)
$(BUILD)/obj/tests/unit/test_ping_cmd.o: CPPFLAGS_ALL += -Iprober
UNIT_EXTRA_test_trace_cmd = $(PROBER_LIB_OBJ)
UNIT_EXTRA_test_srccache = $(PROBER_LIB_OBJ)
$(BUILD)/obj/tests/unit/test_srccache.o: CPPFLAGS_ALL += -Iprober
$(BUILD)/obj/tests/unit/test_trace_cmd.o: CPPFLAGS_ALL += -Iprober
UNIT_EXTRA_test_input = $(BUILD)/obj/prober/input.o
UNIT_EXTRA_test_route = $(BUILD)/obj/prober/net/route_linux.o
$(BUILD)/obj/tests/unit/test_route.o: CPPFLAGS_ALL += -Iprober
$(BUILD)/obj/tests/unit/test_input.o: CPPFLAGS_ALL += -Iprober
# sc_filterpolicy's parts (all but its main)
UNIT_EXTRA_test_filterpolicy = $(filter-out %/sc_filterpolicy.o,$(sc_filterpolicy_OBJ))
$(BUILD)/obj/tests/unit/test_filterpolicy.o: CPPFLAGS_ALL += -Idrivers/sc_filterpolicy
# the control socket's tests and fuzz target run the prober without a
# network: net_fake.c stands in for net_linux.c
PROBER_FAKE_OBJ := $(filter-out $(BUILD)/obj/prober/net/net_linux.o,\
                     $(PROBER_LIB_OBJ)) $(BUILD)/obj/tests/fake/net_fake.o \
                   $(BUILD)/obj/tests/fake/prober_fake.o
UNIT_EXTRA_test_control = $(PROBER_FAKE_OBJ)
UNIT_EXTRA_test_quiet = $(PROBER_FAKE_OBJ)
UNIT_EXTRA_test_ping_replies = $(PROBER_FAKE_OBJ)
UNIT_EXTRA_test_src_batch = $(PROBER_FAKE_OBJ)
UNIT_EXTRA_test_trace_replies = $(PROBER_FAKE_OBJ)
UNIT_EXTRA_test_pacing = $(PROBER_FAKE_OBJ)
UNIT_EXTRA_fuzz_control_regress = $(BUILD)/obj/fuzz/fuzz_control.o \
                                  $(PROBER_FAKE_OBJ)
$(BUILD)/obj/tests/unit/test_control.o $(BUILD)/obj/tests/fake/net_fake.o \
$(BUILD)/obj/tests/fake/prober_fake.o \
$(BUILD)/obj/tests/unit/test_quiet.o \
$(BUILD)/obj/tests/unit/test_ping_replies.o \
$(BUILD)/obj/tests/unit/test_src_batch.o \
$(BUILD)/obj/tests/unit/test_trace_replies.o \
$(BUILD)/obj/tests/unit/test_pacing.o \
$(BUILD)/obj/fuzz/fuzz_control.o: CPPFLAGS_ALL += -Iprober
# the example program of ctrl/client.h's comment, cut out of the header
# and compiled by tests/unit/test_client_example.c, so that it cannot rot
$(BUILD)/gen/client_example.c: libctrl/include/ctrl/client.h
	@mkdir -p $(@D)
	$(call say,GEN,$@)
	$(Q)sed -n '/^ \* Example:/,/^ \* (A real driver/p' $< | \
	    sed -n -e 's/^ \*   //p' -e 's/^ \*$$//p' > $@
$(BUILD)/obj/tests/unit/test_client_example.o: $(BUILD)/gen/client_example.c
$(BUILD)/obj/tests/unit/test_client_example.o: CPPFLAGS_ALL += -I$(BUILD)/gen
UNIT_LIB  := $(BUILD)/obj/tests/unit/tap.o $(BUILD)/obj/tests/unit/testlib.o
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
TEST_SCRIPTS := $(sort $(wildcard tests/*/*.t))

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) -Ilibwarts/src -Itests/unit $(CFLAGS_ALL) \
	    -c $< -o $@

$(BUILD)/obj/fuzz/%.o: fuzz/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

# the regression runner links the fuzz target itself; a second copy
# runs the converters' target (which needs jansson) over the same inputs
$(BUILD)/tests/unit/fuzz_regress: $(BUILD)/obj/fuzz/fuzz_reader.o

$(BUILD)/tests/unit/fuzz_regress_convert: $(BUILD)/obj/tests/unit/fuzz_regress.o \
		$(BUILD)/obj/fuzz/fuzz_convert.o $(UNIT_LIB) $(LIBWARTS_A)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/obj/fuzz/fuzz_convert.o \
	    $(UNIT_LIB) $(LIBWARTS_A) $(LDLIBS_WARTS) -ljansson

UNIT_BIN += $(BUILD)/tests/unit/fuzz_regress_convert

.SECONDEXPANSION:
$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(UNIT_LIB) $(LIBWARTS_A) \
                       $(LIBCTRL_A) $$(UNIT_EXTRA_$$*)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(UNIT_EXTRA_$*) $(UNIT_LIB) \
	    $(LIBCTRL_A) $(LIBWARTS_A) $(LDLIBS_WARTS) $(LDLIBS_CTRL)

# tests/interop/gen_*.c write files for scamper's own tools to read
INTEROP_SRC := $(sort $(wildcard tests/interop/gen_*.c))
INTEROP_BIN := $(INTEROP_SRC:tests/interop/%.c=$(BUILD)/tests/interop/%)

$(BUILD)/tests/interop/%: $(BUILD)/obj/tests/interop/%.o $(LIBWARTS_A)
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< \
	    $(LIBWARTS_A) $(LDLIBS_WARTS)

# tests/tools: small programs the test scripts use
$(BUILD)/tests/tools/jsoncheck: $(BUILD)/obj/tests/tools/jsoncheck.o
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< -ljansson

TEST_TOOLS := $(BUILD)/tests/tools/jsoncheck

tests: $(UNIT_BIN) $(INTEROP_BIN) $(TEST_TOOLS)

test: all tests
	scripts/run-tests $(abspath $(BUILD)) $(UNIT_BIN) $(TEST_SCRIPTS)

# tests/build checks installation, which the sanitizer build is not for
test-asan:
	$(MAKE) BUILD=build/asan SAN=1 OPT='-O1 -g' \
	    TEST_SCRIPTS='$(filter-out tests/build/%,$(TEST_SCRIPTS))' test

check: deps
	$(MAKE) test
	$(MAKE) test-asan

demo: all
	scripts/demo $(BUILD)

# ---- benchmarks ----------------------------------------------------------

$(BUILD)/bench/warts_read: bench/warts_read.c $(LIBWARTS_A)
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(LIBWARTS_A) $(LDLIBS_WARTS)

bench: all $(BUILD)/bench/warts_read
	bench/run $(BUILD)

# the prober against scamper in an emulated network (root; bench/README.md)
bench-prober: all
	bench/prober $(BUILD)

# ---- fuzzing -------------------------------------------------------------

FUZZ_SRC := $(sort $(wildcard fuzz/*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=all $(CPPFLAGS_ALL) -Ilibwarts/src

$(BUILD)/fuzz/%: fuzz/%.c $(LIBWARTS_SRC) $(LIBWARTS_HDR)
	@mkdir -p $(@D)
	$(call say,FUZZ,$@)
	$(Q)clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_EXTRA_$*) $(LIBWARTS_SRC) \
	    $(LDLIBS_WARTS) -ljansson

# fuzz_control runs the prober (on the fake net) and libctrl
FUZZ_PROBER_SRC := $(filter-out prober/main.c prober/net/net_linux.c,\
                     $(PROBER_SRC)) tests/fake/net_fake.c
FUZZ_EXTRA_fuzz_control := -Iprober $(FUZZ_PROBER_SRC) \
                           $(LIBCTRL_SRC) $(LDLIBS_CTRL)
$(BUILD)/fuzz/fuzz_control: $(FUZZ_PROBER_SRC) $(LIBCTRL_SRC) \
                            $(wildcard prober/*.h prober/*/*.h)

# fuzz_client drives libctrl's control client over a socketpair
LIBCTRL_CLIENT_SRC := $(addprefix libctrl/src/,client.c client_data.c \
                      client_net.c conn.c loop.c loop_epoll.c proto.c)
FUZZ_EXTRA_fuzz_client := $(LIBCTRL_CLIENT_SRC)
$(BUILD)/fuzz/fuzz_client: $(LIBCTRL_CLIENT_SRC) \
                           $(wildcard libctrl/include/ctrl/*.h libctrl/src/*.h)

# fuzz_remote drives libctrl's remote framing, session, link and mux,
# and sc_remoted's parts (all but its main)
FUZZ_REMOTED_SRC := $(filter-out remoted/main.c,$(REMOTED_SRC))
FUZZ_EXTRA_fuzz_remote := -Iremoted $(FUZZ_REMOTED_SRC) $(LIBCTRL_SRC) \
                          $(LDLIBS_CTRL)
$(BUILD)/fuzz/fuzz_remote: $(FUZZ_REMOTED_SRC) remoted/remoted.h \
                           $(LIBCTRL_SRC) \
                           $(wildcard libctrl/include/ctrl/*.h libctrl/src/*.h)

# fuzz_pkt also needs the prober's packet layer
FUZZ_EXTRA_fuzz_pkt := -Iprober $(PROBER_PKT_SRC)
$(BUILD)/fuzz/fuzz_pkt: $(PROBER_PKT_SRC) $(wildcard prober/pkt/*.h) \
                        prober/probe.h

fuzz: $(FUZZ_BIN)

# ---- install -------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include/warts $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man3 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 0755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin
	install -m 0644 $(LIBWARTS_A) $(DESTDIR)$(PREFIX)/lib
	install -m 0755 $(LIBWARTS_SO) $(DESTDIR)$(PREFIX)/lib
	ln -sf libwarts.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libwarts.so.$(SOVERSION)
	ln -sf libwarts.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/libwarts.so
	install -m 0644 $(LIBWARTS_HDR) $(DESTDIR)$(PREFIX)/include/warts
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@LIBS@|$(LDLIBS_WARTS)|' libwarts/libwarts.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/libwarts.pc
	for m in man/*.1; do [ -f "$$m" ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man1; done; true
	for m in man/*.3; do [ -f "$$m" ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man3; done; true
	for m in man/*.5; do [ -f "$$m" ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man5; done; true

clean:
	rm -rf $(BUILD)

# keep the objects of the tests' pattern rules between runs
.SECONDARY:

-include $(shell find $(BUILD)/obj $(BUILD)/pic -name '*.d' 2>/dev/null)
