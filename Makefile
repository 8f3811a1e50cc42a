# ldlint: build, test and install.
#
#   make            build ./ldlint (each goal installs the Debian packages
#                   it needs first: see 'deps' below)
#   make check      every test (T=GLOB: only the matching cases; UPDATE=1:
#                   rewrite their expected output)
#   make demo       build and lint a shipped example
#   make sanitize   the whole suite on an ASan+UBSan build
#   make valgrind   the whole suite under valgrind
#   make analyze    clang --analyze and cppcheck
#   make fuzz       libFuzzer on each reader in turn (FUZZ_SECONDS=600 each;
#                   make fuzz-script, -elf, -map, -device, -pdsc, -config:
#                   one)
#   make fuzz-replay
#                   the fuzz targets once on their seeds and corpus, built
#                   like 'make sanitize' (cc, ASan+UBSan, no libFuzzer)
#   make install    PREFIX=/usr/local DESTDIR= (build first as yourself,
#                   then install as root: it only copies)

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/ldlint
SHARED ?= $(CURDIR)/../shared
FUZZ_SECONDS ?= 600

CC ?= cc
PKGS = libelf yaml-0.1
WARN = -std=c11 -Wall -Wextra -Werror -Wpedantic -Wshadow -Wmissing-prototypes
OPT ?= -O2 -g
# lint/ and rules/ are searched for "quoted" headers only (-iquote), so
# that <elf.h> in libelf's headers is the system's, not lint/elf.h.
CPPFLAGS_ALL = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -iquote lint -iquote rules \
	-DLDLINT_DATADIR='"$(DATADIR)"' $(CPPFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# The ldlint binary is linked statically (not position-independent) when
# the static archives of the C library, libelf, libyaml and zlib are all
# installed (Debian's -dev packages ship them): a run then maps, loads and
# relocates no shared library, and the time it takes to start is about
# that of an empty program (see make bench).  STATIC_DEPS=no, or a missing
# archive, links them as shared libraries.  The builds for valgrind and
# the sanitizers are linked with shared libraries.
STATIC_DEPS ?= yes
PKG_STATIC_LIBS = $(shell pkg-config --static --libs $(PKGS) 2>/dev/null)
STATIC_MISSING = $(shell for l in c $(patsubst -l%,%,$(filter -l%,$(PKG_STATIC_LIBS))); do \
	  f=$$($(CC) -print-file-name=lib$$l.a); [ -f "$$f" ] || echo $$l; done)
STATIC_LINK = -static -no-pie $(PKG_STATIC_LIBS)
LDLINT_LIBS = $(if $(and $(filter yes,$(STATIC_DEPS)),$(PKG_STATIC_LIBS),$(if $(STATIC_MISSING),,ok)),$(STATIC_LINK),$(PKG_LIBS))
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

SRC = $(wildcard lint/*.c) $(wildcard rules/*.c)
LIB_SRC = $(filter-out lint/main.c,$(SRC))
HDR = $(wildcard lint/*.h) $(wildcard rules/*.h) rules/rules.def
BUILD ?= build
OBJ = $(SRC:%.c=$(BUILD)/%.o)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)

# Debian packages, in sets by what needs them (README.md lists them too).
# The build (make, make install): the C compiler and the libraries.
BUILD_PKGS = gcc libc6-dev pkg-config libelf-dev libyaml-dev
# make demo links its example with the Arm cross compiler (freestanding:
# no C library).
DEMO_PKGS = binutils-arm-none-eabi gcc-arm-none-eabi
# make check: the unit-test library, firmware fixtures linked with newlib's
# headers and the RISC-V toolchain, python3 and the modules the suites
# import, xmllint (svg), groff (man), and the tools the integrations run.
TEST_PKGS = check python3 python3-yaml python3-jsonschema libxml2-utils \
	groff-base libnewlib-arm-none-eabi binutils-riscv64-unknown-elf \
	gcc-riscv64-unknown-elf git pre-commit cmake ninja-build
# The development targets (analyze, valgrind, fuzz*, bench) add the
# analyzers, valgrind and libFuzzer to all of the above.
DEV_PKGS = clang libclang-rt-14-dev cppcheck valgrind

# 'deps' installs what the goals on the command line need, once, before
# anything is compiled (every compile waits for it: make -jN is safe).
dev_goals = analyze valgrind fuzz $(FUZZ_RUNS) bench
test_goals = check sanitize ldlint-sanitize fuzz-replay fuzz-replay-run \
	$(dev_goals)
deps_for = $(filter $(1),$(or $(MAKECMDGOALS),all))
DEPS_PKGS = $(BUILD_PKGS) \
	$(if $(call deps_for,demo $(test_goals)),$(DEMO_PKGS)) \
	$(if $(call deps_for,$(test_goals)),$(TEST_PKGS)) \
	$(if $(call deps_for,$(dev_goals)),$(DEV_PKGS))

.PHONY: all deps check demo sanitize ldlint-sanitize valgrind analyze fuzz \
	install uninstall clean

all: ldlint

# Missing packages are installed with apt-get (through sudo when not root),
# its output in $(BUILD)/deps.log; silent when nothing is missing.
# (tests/suites/build.sh replaces DEPS_SH with a slow one to check that
# nothing is compiled before it ends.)
DEPS_SH = sh build-aux/deps.sh
deps:
	@$(DEPS_SH) $(BUILD)/deps.log "'$(strip make $(MAKECMDGOALS))'" $(DEPS_PKGS)

# One line per file, so that what make demo and make check say is not
# buried; V=1 shows the compiler's command lines.
Q = $(if $(filter 1,$(V)),,@)
SAY = $(if $(filter 1,$(V)),@:,@echo)

# The shipped descriptions compiled (lint/ytcache.h, build-aux/ytc.c): a
# run reads them without parsing YAML.
MEMMAPS_YAML := $(shell find memmaps -name '*.yaml' 2>/dev/null | LC_ALL=C sort)
$(BUILD)/ytc: build-aux/ytc.c $(LIB_OBJ) | deps
	$(SAY) "  LINK    $@"
	$(Q)$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	  -o $@ build-aux/ytc.c $(LIB_OBJ) $(PKG_LIBS)
$(BUILD)/memmaps.stamp: $(BUILD)/ytc $(MEMMAPS_YAML)
	$(SAY) "  YTC     memmaps"
	$(Q)$(BUILD)/ytc $(MEMMAPS_YAML) && touch $@

ldlint: $(OBJ) | $(BUILD)/memmaps.stamp
	$(SAY) "  LINK    $@"
	$(Q)$(CC) $(OPT) $(LDFLAGS) -o $@ $(OBJ) $(LDLINT_LIBS)

$(BUILD)/%.o: %.c $(HDR) | deps
	@mkdir -p $(dir $@)
	$(SAY) "  CC      $<"
	$(Q)$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(VERSION_FLAGS) $(CFLAGS) -c -o $@ $<

# --version names the commit ldlint was built from (this checkout's HEAD,
# with '-dirty' when tracked files differ from it; git reads the index and
# never writes it, so root leaves nothing in a user's tree).  Outside a git
# checkout (a release tarball) it says only the version; where git cannot
# read the checkout (root in a user's tree: git's safe.directory) the last
# commit seen is kept, so that 'sudo make install' does not rebuild.  The
# stamp changes with the commit.
$(BUILD)/lint/main.o: $(BUILD)/commit.stamp
$(BUILD)/lint/main.o: VERSION_FLAGS = -DLDLINT_COMMIT='"$(shell cat $(BUILD)/commit.stamp)"'
$(BUILD)/commit.stamp: FORCE
	@mkdir -p $(BUILD)
	@c=; if [ -e .git ]; then \
	  c=$$(git rev-parse --verify -q HEAD 2>/dev/null | tr -cd 0-9a-f) && [ -n "$$c" ] && \
	    d=$$(git --no-optional-locks status --porcelain -uno 2>/dev/null) && \
	    c=$$c$${d:+-dirty} || c=; \
	  [ -n "$$c" ] || [ ! -f $@ ] || exit 0; \
	fi; \
	echo "$$c" >$@.new; cmp -s $@.new $@ || mv $@.new $@; rm -f $@.new

# device.c bakes in where 'make install' puts memmaps: rebuild it when
# PREFIX changes (the stamp holds the last DATADIR).
$(BUILD)/lint/device.o: $(BUILD)/datadir.stamp
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR)' >$@.new; cmp -s $@.new $@ || mv $@.new $@; rm -f $@.new
.PHONY: FORCE
FORCE:

$(BUILD)/unit_tests: $(UNIT_SRC) $(LIB_OBJ) tests/unit/unit.h | deps
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(CHECK_CFLAGS) $(CFLAGS) \
	  -o $@ $(UNIT_SRC) $(LIB_OBJ) $(PKG_LIBS) $(CHECK_LIBS)

# The readers' test driver (tests/suites/readers.sh) and bench driver.
$(BUILD)/readers: tests/tools/readers.c $(LIB_OBJ) $(HDR) | deps
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	  -o $@ tests/tools/readers.c $(LIB_OBJ) $(PKG_LIBS)
BENCH_OBJ = $(LIB_OBJ)
$(BUILD)/bench_readers: tests/bench/bench_readers.c $(BENCH_OBJ) $(HDR) | deps
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	  -o $@ tests/bench/bench_readers.c $(BENCH_OBJ) $(PKG_LIBS)
check: $(BUILD)/readers
ldlint-sanitize: $(BUILD)/readers
valgrind: $(BUILD)/readers

check: deps ldlint $(BUILD)/unit_tests
	@LDLINT=$(CURDIR)/ldlint UNIT=$(CURDIR)/$(BUILD)/unit_tests \
	  SHARED=$(SHARED) T="$(T)" UPDATE="$(UPDATE)" tests/run.sh

demo: deps ldlint
	@tests/demo.sh

SANITIZE = BUILD=build/sanitize OPT="-O1 -g -fsanitize=address,undefined \
	  -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined"
sanitize: deps
	$(MAKE) $(SANITIZE) ldlint-sanitize
ldlint-sanitize: $(OBJ) $(BUILD)/unit_tests
	$(CC) $(OPT) $(LDFLAGS) -o $@ $(OBJ) $(PKG_LIBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LDLINT=$(CURDIR)/ldlint-sanitize UNIT=$(CURDIR)/$(BUILD)/unit_tests \
	  SHARED=$(SHARED) tests/run.sh

VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect
# valgrind runs ldlint linked with shared libraries: it checks the heap
# through the C library's malloc, which a static binary does not let it
# replace.  It sits beside ./ldlint, where both find memmaps/.
ldlint-shared: $(OBJ) | $(BUILD)/memmaps.stamp
	$(SAY) "  LINK    $@"
	$(Q)$(CC) $(OPT) $(LDFLAGS) -o $@ $(OBJ) $(PKG_LIBS)
valgrind: deps ldlint ldlint-shared $(BUILD)/unit_tests
	@mkdir -p build/valgrind
	@printf '#!/bin/sh\nexec $(VALGRIND) $(CURDIR)/ldlint-shared "$$@"\n' \
	  >build/valgrind/ldlint
	@printf '#!/bin/sh\nCK_FORK=no exec $(VALGRIND) $(CURDIR)/$(BUILD)/unit_tests "$$@"\n' \
	  >build/valgrind/unit_tests
	@printf '#!/bin/sh\nexec $(VALGRIND) $(CURDIR)/$(BUILD)/readers "$$@"\n' \
	  >build/valgrind/readers && chmod +x build/valgrind/readers
	@chmod +x build/valgrind/ldlint build/valgrind/unit_tests
	@LDLINT=$(CURDIR)/build/valgrind/ldlint UNIT=$(CURDIR)/build/valgrind/unit_tests \
	  SHARED=$(SHARED) tests/run.sh

# Static analysis: clang's analyzer and cppcheck must both be silent.
analyze: deps
	@status=0; for f in $(SRC); do \
	  out=$$(clang --analyze -std=c11 $(CPPFLAGS_ALL) $(PKG_CFLAGS) -o /dev/null $$f 2>&1); \
	  [ -z "$$out" ] || { echo "$$out"; status=1; }; \
	done; \
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --std=c11 --inline-suppr -D_POSIX_C_SOURCE=200809L -Ilint lint rules || status=1; \
	[ $$status = 0 ] && echo "analyze: clang --analyze and cppcheck found nothing"; \
	exit $$status

# libFuzzer, one target per reader: script (the front end: lexer, parser,
# INCLUDE, evaluator), elf, map, device (memmaps YAML, boards merged over
# the chips in memmaps/), pdsc (CMSIS pack XML) and config (.ldlint.yaml).  'make fuzz' runs each
# in turn for FUZZ_SECONDS, 'make fuzz-NAME' one of them, with ASan and
# UBSan; new inputs collect in build/fuzz/corpus-NAME, the seeds are the
# inputs the tests commit (tests/fuzz/seed.sh).
FUZZ_TARGETS = script elf map device pdsc config
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_RUNS = $(FUZZ_TARGETS:%=fuzz-%)
.PHONY: $(FUZZ_RUNS)
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(HDR) | deps
	@mkdir -p build/fuzz
	clang -std=c11 $(FUZZ_CFLAGS) $(CPPFLAGS_ALL) -DFUZZ_MEMMAPS='"$(CURDIR)/memmaps"' \
	  $(PKG_CFLAGS) -o $@ $< $(LIB_SRC) $(PKG_LIBS)

fuzz: deps
	@for t in $(FUZZ_TARGETS); do $(MAKE) --no-print-directory fuzz-$$t || exit 1; done

$(FUZZ_RUNS): fuzz-%: deps build/fuzz/fuzz_%
	tests/fuzz/seed.sh $* build/fuzz/seeds-$*
	@mkdir -p build/fuzz/corpus-$*
	cd build/fuzz && ./fuzz_$* -max_total_time=$(FUZZ_SECONDS) \
	  -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	  $(if $(wildcard tests/fuzz/$*.dict),-dict=../../tests/fuzz/$*.dict) \
	  corpus-$* seeds-$*

# The fuzz targets built like 'make sanitize' (cc, ASan+UBSan, no
# libFuzzer: tests/fuzz/replay.c) and run once on every seed and every
# input the fuzzer kept.
.PHONY: fuzz-replay fuzz-replay-run
fuzz-replay: deps
	$(MAKE) $(SANITIZE) fuzz-replay-run
fuzz-replay-run: $(FUZZ_TARGETS:%=$(BUILD)/replay/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	  tests/fuzz/seed.sh $$t build/fuzz/seeds-$$t && \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    $(BUILD)/replay/fuzz_$$t build/fuzz/seeds-$$t \
	    $$(ls -d build/fuzz/corpus-$$t 2>/dev/null) || exit 1; \
	done
$(BUILD)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJ) $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) -DFUZZ_MEMMAPS='"$(CURDIR)/memmaps"' \
	  $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB_OBJ) $(PKG_LIBS)

# Reader speed on generated 100 MB inputs against wc -l and readelf (not
# a test; see tests/bench/bench.sh).
.PHONY: bench
bench: deps $(BUILD)/bench_readers
	BENCH=$(CURDIR)/$(BUILD)/bench_readers LDLINT=$(CURDIR)/ldlint \
	  tests/bench/bench.sh $(CURDIR)/build/bench

# 'make' as yourself, then 'sudo make install': with ldlint built and
# PREFIX unchanged, install only copies files, so root writes nothing in
# the source tree.  It says where each file went and how to read the page.
MANDIR = $(PREFIX)/share/man/man1
COMPDIR = $(PREFIX)/share/bash-completion/completions
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR) \
	  $(DESTDIR)$(COMPDIR)
	install -m 755 ldlint $(DESTDIR)$(BINDIR)/ldlint
	cp -R memmaps $(DESTDIR)$(DATADIR)/
	install -m 644 ldlint.1 $(DESTDIR)$(MANDIR)/ldlint.1
	install -m 644 completions/ldlint.bash $(DESTDIR)$(COMPDIR)/ldlint
	@echo "installed: $(DESTDIR)$(BINDIR)/ldlint"
	@echo "           $(DESTDIR)$(DATADIR)/memmaps/ (device, board and loader descriptions)"
	@echo "           $(DESTDIR)$(MANDIR)/ldlint.1 (the man page)"
	@echo "           $(DESTDIR)$(COMPDIR)/ldlint (bash completion)"
	@if ! command -v man >/dev/null 2>&1; then \
	  echo "man is not installed: 'ldlint --help' lists the options; for the page," \
	    "apt-get install --no-install-recommends man-db, then man ldlint"; \
	elif man -w ldlint >/dev/null 2>&1; then \
	  echo "the page: man ldlint"; \
	else \
	  echo "the page: man -l $(DESTDIR)$(MANDIR)/ldlint.1 (not in man's search path)"; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ldlint $(DESTDIR)$(MANDIR)/ldlint.1 \
	  $(DESTDIR)$(COMPDIR)/ldlint
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build ldlint ldlint-sanitize ldlint-shared
