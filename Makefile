# ldlint: build, test and install.
#
#   make            build ./ldlint (installs missing Debian packages first)
#   make check      every test (T=GLOB: only the matching cases; UPDATE=1:
#                   rewrite their expected output)
#   make demo       lint a shipped example
#   make sanitize   the whole suite on an ASan+UBSan build
#   make valgrind   the whole suite under valgrind
#   make analyze    clang --analyze and cppcheck
#   make fuzz       libFuzzer on each reader in turn (FUZZ_SECONDS=600 each;
#                   make fuzz-script, -elf, -map, -device, -config: one)
#   make fuzz-replay
#                   the fuzz targets once on their seeds and corpus, built
#                   like 'make sanitize' (cc, ASan+UBSan, no libFuzzer)
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/ldlint
SHARED ?= $(CURDIR)/../shared
FUZZ_SECONDS ?= 600

CC ?= cc
PKGS = libelf yaml-0.1 libxml-2.0
WARN = -std=c11 -Wall -Wextra -Werror -Wpedantic -Wshadow -Wmissing-prototypes
OPT ?= -O2 -g
# lint/ and rules/ are searched for "quoted" headers only (-iquote), so
# that <elf.h> in libelf's headers is the system's, not lint/elf.h.
CPPFLAGS_ALL = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -iquote lint -iquote rules \
	-DLDLINT_DATADIR='"$(DATADIR)"' $(CPPFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

SRC = $(wildcard lint/*.c) $(wildcard rules/*.c)
LIB_SRC = $(filter-out lint/main.c,$(SRC))
HDR = $(wildcard lint/*.h) $(wildcard rules/*.h) rules/rules.def
BUILD ?= build
OBJ = $(SRC:%.c=$(BUILD)/%.o)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)

# Debian packages the build and the tests need.
DEPS = libelf-dev libyaml-dev libxml2-dev check pkg-config python3 libxml2-utils \
	binutils-arm-none-eabi gcc-arm-none-eabi libnewlib-arm-none-eabi \
	binutils-riscv64-unknown-elf gcc-riscv64-unknown-elf \
	clang libclang-rt-14-dev valgrind cppcheck python3-jsonschema \
	pre-commit git cmake ninja-build python3-yaml cpp
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps check demo sanitize ldlint-sanitize valgrind analyze fuzz \
	install uninstall clean

all: deps ldlint

deps:
	@missing=""; for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

ldlint: $(OBJ)
	$(CC) $(OPT) $(LDFLAGS) -o $@ $(OBJ) $(PKG_LIBS)

$(BUILD)/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

# device.c bakes in where 'make install' puts memmaps: rebuild it when
# PREFIX changes (the stamp holds the last DATADIR).
$(BUILD)/lint/device.o: $(BUILD)/datadir.stamp
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR)' >$@.new; cmp -s $@.new $@ || mv $@.new $@; rm -f $@.new
.PHONY: FORCE
FORCE:

$(BUILD)/unit_tests: $(UNIT_SRC) $(LIB_OBJ) tests/unit/unit.h
	$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(CHECK_CFLAGS) $(CFLAGS) \
	  -o $@ $(UNIT_SRC) $(LIB_OBJ) $(PKG_LIBS) $(CHECK_LIBS)

# The readers' test driver (tests/suites/readers.sh) and bench driver.
$(BUILD)/readers: tests/tools/readers.c $(LIB_OBJ) $(HDR)
	$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	  -o $@ tests/tools/readers.c $(LIB_OBJ) $(PKG_LIBS)
BENCH_OBJ = $(LIB_OBJ)
$(BUILD)/bench_readers: tests/bench/bench_readers.c $(BENCH_OBJ) $(HDR)
	$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) \
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
valgrind: deps ldlint $(BUILD)/unit_tests
	@mkdir -p build/valgrind
	@printf '#!/bin/sh\nexec $(VALGRIND) $(CURDIR)/ldlint "$$@"\n' \
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
# the chips in memmaps/) and config (.ldlint.yaml).  'make fuzz' runs each
# in turn for FUZZ_SECONDS, 'make fuzz-NAME' one of them, with ASan and
# UBSan; new inputs collect in build/fuzz/corpus-NAME, the seeds are the
# inputs the tests commit (tests/fuzz/seed.sh).
FUZZ_TARGETS = script elf map device config
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_RUNS = $(FUZZ_TARGETS:%=fuzz-%)
.PHONY: $(FUZZ_RUNS)
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(HDR)
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
$(BUILD)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJ) $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) -DFUZZ_MEMMAPS='"$(CURDIR)/memmaps"' \
	  $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB_OBJ) $(PKG_LIBS)

# Reader speed on generated 100 MB inputs against wc -l and readelf (not
# a test; see tests/bench/bench.sh).
.PHONY: bench
bench: deps $(BUILD)/bench_readers
	BENCH=$(CURDIR)/$(BUILD)/bench_readers LDLINT=$(CURDIR)/ldlint \
	  tests/bench/bench.sh $(CURDIR)/build/bench

MANDIR = $(PREFIX)/share/man/man1
COMPDIR = $(PREFIX)/share/bash-completion/completions
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR) \
	  $(DESTDIR)$(COMPDIR)
	install -m 755 ldlint $(DESTDIR)$(BINDIR)/ldlint
	cp -R memmaps $(DESTDIR)$(DATADIR)/
	install -m 644 ldlint.1 $(DESTDIR)$(MANDIR)/ldlint.1
	install -m 644 completions/ldlint.bash $(DESTDIR)$(COMPDIR)/ldlint

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ldlint $(DESTDIR)$(MANDIR)/ldlint.1 \
	  $(DESTDIR)$(COMPDIR)/ldlint
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build ldlint ldlint-sanitize
