#!/bin/sh
# STM32CubeF4 Projects/STM32F411RE-Nucleo/Examples/GPIO/GPIO_IOToggle
# with its own STM32CubeIDE linker script (STM32F411RETX_FLASH.ld) and startup, unchanged,
# built by this folder's Makefile (ours: the sources and flags of the CubeIDE project).
#
#   build.sh [CUBE_GIT]   CUBE_GIT: bare mirror of github:STMicroelectronics/STM32CubeF4
#                         (default $MIRRORS/STMicroelectronics+STM32CubeF4/repo)
# The submodules, at the commits STM32CubeF4 records: HAL_GIT, CMSISDEV_GIT, BSP_GIT
# (defaults $MIRRORS/STMicroelectronics+stm32f4xx_hal_driver/repo, +cmsis_device_f4/repo, +stm32f4xx-nucleo-bsp/repo).
# Optional: LDSCRIPT=FILE (a modified copy of STM32F411RETX_FLASH.ld), PROJDIR=DIR (a copy of the
#           project directory), WORK=DIR, OUT=DIR.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
CUBE_GIT=${1:-${CUBE_GIT:-$MIRRORS/STMicroelectronics+STM32CubeF4/repo}}
HAL_GIT=${HAL_GIT:-$MIRRORS/STMicroelectronics+stm32f4xx_hal_driver/repo}
CMSISDEV_GIT=${CMSISDEV_GIT:-$MIRRORS/STMicroelectronics+cmsis_device_f4/repo}
BSP_GIT=${BSP_GIT:-$MIRRORS/STMicroelectronics+stm32f4xx-nucleo-bsp/repo}
# master, 2024-08-02: the newest STM32CubeF4 commit whose submodule commits the mirrors hold
CUBE_COMMIT=82738194a5e85ee5331975b04905daa0a17053ec
HAL_COMMIT=d232197f12c592d87944f0f462b2d5297750f762        # Drivers/STM32F4xx_HAL_Driver
CMSISDEV_COMMIT=cdbad761857acedcdd07ece7939b4cb209ed826a   # Drivers/CMSIS/Device/ST/STM32F4xx
BSP_COMMIT=84b99c762908ef56f711acf970ab13d4ec278df6        # Drivers/BSP/STM32F4xx-Nucleo
PROJ_REL=Projects/STM32F411RE-Nucleo/Examples/GPIO/GPIO_IOToggle
LDNAME=STM32F411RETX_FLASH.ld
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}

for pair in "Drivers/STM32F4xx_HAL_Driver:$HAL_COMMIT" "Drivers/CMSIS/Device/ST/STM32F4xx:$CMSISDEV_COMMIT" "Drivers/BSP/STM32F4xx-Nucleo:$BSP_COMMIT"; do
    got=$(git --git-dir "$CUBE_GIT" ls-tree "$CUBE_COMMIT" "${pair%:*}" | awk '{print $3}')
    [ "$got" = "${pair#*:}" ] || { echo "build.sh: STM32CubeF4@$CUBE_COMMIT records $got for ${pair%:*}" >&2; exit 1; }
done
# The Cube repository is large: only the project and Drivers/CMSIS/Include are exported.
CUBE=$WORKROOT/src/STM32CubeF4-$(basename "$PROJ_REL")@$(printf %.12s "$CUBE_COMMIT")
if [ ! -f "$CUBE/.export-complete" ]; then
    rm -rf "$CUBE"; mkdir -p "$CUBE"
    git --git-dir "$CUBE_GIT" archive "$CUBE_COMMIT" "$PROJ_REL" Drivers/CMSIS/Include | tar -x -C "$CUBE"
    touch "$CUBE/.export-complete"
fi
HAL=$(src_tree stm32f4xx_hal_driver "$HAL_GIT" "$HAL_COMMIT")
CMSISDEV=$(src_tree cmsis_device_f4 "$CMSISDEV_GIT" "$CMSISDEV_COMMIT")
BSP=$(src_tree stm32f4xx-nucleo-bsp "$BSP_GIT" "$BSP_COMMIT")
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
