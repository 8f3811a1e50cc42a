#!/bin/sh
# STM32CubeG4 Projects/NUCLEO-G431RB/Examples/GPIO/GPIO_IOToggle
# with its own STM32CubeIDE linker script (STM32G431RBTX_FLASH.ld) and startup, unchanged,
# built by this folder's Makefile (ours: the sources and flags of the CubeIDE project).
#
#   build.sh [CUBE_GIT]   CUBE_GIT: bare mirror of github:STMicroelectronics/STM32CubeG4
#                         (default $MIRRORS/STMicroelectronics+STM32CubeG4/repo)
# The submodules, at the commits STM32CubeG4 records: HAL_GIT, CMSISDEV_GIT, BSP_GIT
# (defaults $MIRRORS/STMicroelectronics+stm32g4xx_hal_driver/repo, +cmsis_device_g4/repo, +stm32g4xx-nucleo-bsp/repo).
# Optional: LDSCRIPT=FILE (a modified copy of STM32G431RBTX_FLASH.ld), PROJDIR=DIR (a copy of the
#           project directory), WORK=DIR, OUT=DIR.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
CUBE_GIT=${1:-${CUBE_GIT:-$MIRRORS/STMicroelectronics+STM32CubeG4/repo}}
HAL_GIT=${HAL_GIT:-$MIRRORS/STMicroelectronics+stm32g4xx_hal_driver/repo}
CMSISDEV_GIT=${CMSISDEV_GIT:-$MIRRORS/STMicroelectronics+cmsis_device_g4/repo}
BSP_GIT=${BSP_GIT:-$MIRRORS/STMicroelectronics+stm32g4xx-nucleo-bsp/repo}
# master, 2024-09-17: the newest STM32CubeG4 commit whose submodule commits the mirrors hold
CUBE_COMMIT=3324ac34c4f072d09348bb318751699a6e5b2c56
HAL_COMMIT=3d08880e8d7f96454675d48888a3a207388268b0        # Drivers/STM32G4xx_HAL_Driver
CMSISDEV_COMMIT=f4ee399953e3b5c437788526e93b10efa5fad4fa   # Drivers/CMSIS/Device/ST/STM32G4xx
BSP_COMMIT=5e2662384e8494adff049bbe76a58841b40bc595        # Drivers/BSP/STM32G4xx_Nucleo
PROJ_REL=Projects/NUCLEO-G431RB/Examples/GPIO/GPIO_IOToggle
LDNAME=STM32G431RBTX_FLASH.ld
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}

for pair in "Drivers/STM32G4xx_HAL_Driver:$HAL_COMMIT" "Drivers/CMSIS/Device/ST/STM32G4xx:$CMSISDEV_COMMIT" "Drivers/BSP/STM32G4xx_Nucleo:$BSP_COMMIT"; do
    got=$(git --git-dir "$CUBE_GIT" ls-tree "$CUBE_COMMIT" "${pair%:*}" | awk '{print $3}')
    [ "$got" = "${pair#*:}" ] || { echo "build.sh: STM32CubeG4@$CUBE_COMMIT records $got for ${pair%:*}" >&2; exit 1; }
done
# The Cube repository is large: only the project and Drivers/CMSIS/Include are exported.
CUBE=$WORKROOT/src/STM32CubeG4-$(basename "$PROJ_REL")@$(printf %.12s "$CUBE_COMMIT")
if [ ! -f "$CUBE/.export-complete" ]; then
    rm -rf "$CUBE"; mkdir -p "$CUBE"
    git --git-dir "$CUBE_GIT" archive "$CUBE_COMMIT" "$PROJ_REL" Drivers/CMSIS/Include | tar -x -C "$CUBE"
    touch "$CUBE/.export-complete"
fi
HAL=$(src_tree stm32g4xx_hal_driver "$HAL_GIT" "$HAL_COMMIT")
CMSISDEV=$(src_tree cmsis_device_g4 "$CMSISDEV_GIT" "$CMSISDEV_COMMIT")
BSP=$(src_tree stm32g4xx-nucleo-bsp "$BSP_GIT" "$BSP_COMMIT")
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
