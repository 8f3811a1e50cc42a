#!/bin/sh
# STM32CubeH7 Projects/NUCLEO-H743ZI/Templates
# with its own STM32CubeIDE linker script (STM32H743ZITx_FLASH_DTCMRAM.ld) and startup, unchanged,
# built by this folder's Makefile (ours: the sources and flags of the CubeIDE project).
#
#   build.sh [CUBE_GIT]   CUBE_GIT: bare mirror of github:STMicroelectronics/STM32CubeH7
#                         (default $MIRRORS/STMicroelectronics+STM32CubeH7/repo)
# The submodules, at the commits STM32CubeH7 records: HAL_GIT, CMSISDEV_GIT, BSP_GIT
# (defaults $MIRRORS/STMicroelectronics+stm32h7xx_hal_driver/repo, +cmsis_device_h7/repo, +stm32h7xx-nucleo-bsp/repo).
# Optional: LDSCRIPT=FILE (a modified copy of STM32H743ZITx_FLASH_DTCMRAM.ld), PROJDIR=DIR (a copy of the
#           project directory), WORK=DIR, OUT=DIR.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
CUBE_GIT=${1:-${CUBE_GIT:-$MIRRORS/STMicroelectronics+STM32CubeH7/repo}}
HAL_GIT=${HAL_GIT:-$MIRRORS/STMicroelectronics+stm32h7xx_hal_driver/repo}
CMSISDEV_GIT=${CMSISDEV_GIT:-$MIRRORS/STMicroelectronics+cmsis_device_h7/repo}
BSP_GIT=${BSP_GIT:-$MIRRORS/STMicroelectronics+stm32h7xx-nucleo-bsp/repo}
# master, 2024-10-14: the newest STM32CubeH7 commit whose submodule commits the mirrors hold
CUBE_COMMIT=d0e2e3886ee013b56082e57f48ae9bc6c34c849a
HAL_COMMIT=6f5e35e30ac09ba7bf44139a97b289d3df53cf9c        # Drivers/STM32H7xx_HAL_Driver
CMSISDEV_COMMIT=13ba9da797a30e1563a8795f974425fb26dd0457   # Drivers/CMSIS/Device/ST/STM32H7xx
BSP_COMMIT=4bd60ca0740b9553a0edaab94b53c22d80cc451c        # Drivers/BSP/STM32H7xx_Nucleo
PROJ_REL=Projects/NUCLEO-H743ZI/Templates
LDNAME=STM32H743ZITx_FLASH_DTCMRAM.ld
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}

for pair in "Drivers/STM32H7xx_HAL_Driver:$HAL_COMMIT" "Drivers/CMSIS/Device/ST/STM32H7xx:$CMSISDEV_COMMIT" "Drivers/BSP/STM32H7xx_Nucleo:$BSP_COMMIT"; do
    got=$(git --git-dir "$CUBE_GIT" ls-tree "$CUBE_COMMIT" "${pair%:*}" | awk '{print $3}')
    [ "$got" = "${pair#*:}" ] || { echo "build.sh: STM32CubeH7@$CUBE_COMMIT records $got for ${pair%:*}" >&2; exit 1; }
done
# The Cube repository is large: only the project and Drivers/CMSIS/Include are exported.
CUBE=$WORKROOT/src/STM32CubeH7-$(basename "$PROJ_REL")@$(printf %.12s "$CUBE_COMMIT")
if [ ! -f "$CUBE/.export-complete" ]; then
    rm -rf "$CUBE"; mkdir -p "$CUBE"
    git --git-dir "$CUBE_GIT" archive "$CUBE_COMMIT" "$PROJ_REL" Drivers/CMSIS/Include | tar -x -C "$CUBE"
    touch "$CUBE/.export-complete"
fi
HAL=$(src_tree stm32h7xx_hal_driver "$HAL_GIT" "$HAL_COMMIT")
CMSISDEV=$(src_tree cmsis_device_h7 "$CMSISDEV_GIT" "$CMSISDEV_COMMIT")
BSP=$(src_tree stm32h7xx-nucleo-bsp "$BSP_GIT" "$BSP_COMMIT")
PROJ=${PROJDIR:-$CUBE/$PROJ_REL}
LDSCRIPT=${LDSCRIPT:-$PROJ/STM32CubeIDE/$LDNAME}
rm -rf "$WORK"; mkdir -p "$WORK"
cp "$HERE/Makefile" "$WORK/"
make -C "$WORK" -j"$(nproc)" OUT="$WORK/build" PROJ="$PROJ" HAL="$HAL" CMSISDEV="$CMSISDEV" BSP="$BSP" \
     CMSIS="$CUBE/Drivers/CMSIS/Include" LDSCRIPT="$LDSCRIPT" > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
mkdir -p "$OUT/ld"
cp "$LDSCRIPT" "$OUT/ld/$LDNAME"
keep_artifacts "$WORK/build/fw.elf" "$WORK/build/fw.map" "$OUT"
echo "built $WORK/build/fw.elf"
