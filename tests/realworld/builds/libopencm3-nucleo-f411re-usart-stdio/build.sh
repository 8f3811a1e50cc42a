#!/bin/sh
# libopencm3-examples examples/stm32/f4/nucleo-f411re/usart-stdio, built with the examples' own
# Makefiles (old style, no DEVICE=: Makefile.include sets -mcpu=cortex-m4
# -mfloat-abi=hard -mfpu=fpv4-sp-d16, -DSTM32F4, -lopencm3_stm32f4). The linker
# script is the board's hand-written examples/stm32/f4/nucleo-f411re/nucleo-f411re.ld (LDSCRIPT = ../nucleo-f411re.ld
# in the example's Makefile), which INCLUDEs libopencm3's lib/cortex-m-generic.ld
# (found through -L$(OPENCM3_DIR)/lib); startup is libopencm3's lib/cm3/vector.c.
#
#   build.sh [EXAMPLES_GIT [LIBOPENCM3_GIT]]
#     EXAMPLES_GIT:   bare mirror of github:libopencm3/libopencm3-examples
#     LIBOPENCM3_GIT: bare mirror of github:libopencm3/libopencm3 (the submodule,
#                     at the commit the examples repository pins)
# Optional: BOARDDIR=DIR (a copy of the nucleo-f411re directory, for injected mistakes),
#           WORK, OUT.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
EXAMPLES_GIT=${1:-${EXAMPLES_GIT:-$MIRRORS/libopencm3+libopencm3-examples/repo}}
LIBOPENCM3_GIT=${2:-${LIBOPENCM3_GIT:-$MIRRORS/libopencm3+libopencm3/repo}}
EX_COMMIT=15637e291b8ca228e35d5f657ed15f3b8958fa0c    # master, 2023-01-16
LIB_COMMIT=88e91c9a7cced8096c53fb942dcff1d7bdf6c91b   # the submodule commit it pins
BOARD=nucleo-f411re EXAMPLE=usart-stdio BINARY=usart-stdio BOARDLD=nucleo-f411re.ld
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}

EX=$(src_tree libopencm3-examples "$EXAMPLES_GIT" "$EX_COMMIT")
LIB=$(src_tree libopencm3 "$LIBOPENCM3_GIT" "$LIB_COMMIT")
# libopencm3 is built once per export (its own Makefile, TARGETS=stm32/f4).
if [ ! -f "$LIB/lib/libopencm3_stm32f4.a" ]; then
    make -C "$LIB" -j"$(nproc)" TARGETS=stm32/f4 > "$LIB/build-f4.log" 2>&1 || { tail -20 "$LIB/build-f4.log"; exit 1; }
fi
rm -rf "$WORK"; mkdir -p "$WORK/examples/stm32/f4"
# The example's Makefile.include expects ../../../../../libopencm3; a copy of the
# board directory with that layout, the library linked in by path.
cp "$EX/examples/rules.mk" "$WORK/examples/"
cp "$EX/examples/stm32/f4/Makefile.include" "$WORK/examples/stm32/f4/"
cp -a "${BOARDDIR:-$EX/examples/stm32/f4/$BOARD}" "$WORK/examples/stm32/f4/$BOARD"
ln -s "$LIB" "$WORK/libopencm3"
B=$WORK/examples/stm32/f4/$BOARD/$EXAMPLE
make -C "$B" V=1 > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
mkdir -p "$OUT/ld"
cp "$WORK/examples/stm32/f4/$BOARD/$BOARDLD" "$OUT/ld/"
cp "$LIB/lib/cortex-m-generic.ld" "$OUT/ld/cortex-m-generic.ld"
keep_artifacts "$B/$BINARY.elf" "$B/$BINARY.map" "$OUT"
echo "built $B/$BINARY.elf"
