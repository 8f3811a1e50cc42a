#!/usr/bin/env python3
"""Device facts: values of the shipped descriptions that were wrong once,
or that a reader is likely to "fix" back, compared with the document they
were checked against.

Each fact names a description (a device or board id, or LOADER@DEVICE for
a loader bound to a device), what to look at in `ldlint --show-device ID
-f json`, the expected value and the source.  Prints one line per wrong
fact and a final 'checked N facts' line; exits 1 on any wrong fact.

usage: device_facts.py LDLINT
"""
import json
import subprocess
import sys

K, M = 1024, 1024 * 1024

# (description, kind, key, expected, source)
#   memory   NAME      {field: value} of the memory NAME ("absent": no such memory)
#   window   NAME      {field: value} of the window NAME ("absent": no such window)
#   reserved BASE      {field: value} of the reserved range starting at BASE
#   dfuse    ALT       the DfuSe string of alternate setting ALT
#   write    BASE      {field: value} of the loader write starting at BASE
#   applies  ID        True if the loader applies to ID
FACTS = [
    # --- STM32F429ZI: bank 2's option bytes --------------------------------
    ("stm32f429zi", "memory", "OPTION_BANK2",
     {"base": 0x1FFEC000, "size": 16, "type": "option"},
     "RM0090 rev 21 3.4 Table 6; ROM DfuSe '/0x1FFEC000/01*016 e'; stm32flash 0x419"),
    ("stm32f429zi", "memory", "OPTION",
     {"base": 0x1FFFC000, "size": 16}, "RM0090 Table 6; ROM DfuSe"),
    # --- STM32G431RB: 48 option bytes, of which ROM DFU writes 40 ------------
    ("stm32g431rb", "memory", "OPTION",
     {"base": 0x1FFF7800, "size": 0x30}, "stm32flash 0x468: 0x1FFF7800-0x1FFF782F"),
    ("stm32-rom-dfu@stm32g431rb", "dfuse", 0, "@Internal Flash   /0x08000000/64*02Kg",
     "ROM DFU listing of a G431"),
    ("stm32-rom-dfu@stm32g431rb", "dfuse", 1, "@Option Bytes   /0x1FFF7800/01*40Be",
     "ROM DFU listing of a G431"),
    ("stm32-rom-dfu@stm32g431rb", "dfuse", 2, "@OTP Memory   /0x1FFF7000/01*01Ke",
     "ROM DFU listing of a G431"),
    ("stm32-rom-dfu@stm32g431rb", "write", 0x1FFF7800,
     {"size": 40, "how": "needs", "dfuse_alt": 1}, "40 of the 48 option bytes"),
    # --- ROM DFU on the F429 and the F730 -----------------------------------
    ("stm32-rom-dfu@stm32f429zi", "dfuse", 0,
     "@Internal Flash /0x08000000/04*016Kg,01*064Kg,07*128Kg,04*016Kg,01*064Kg,07*128Kg",
     "ROM 2.2 listing (ArduPilot wiki)"),
    ("stm32-rom-dfu@stm32f429zi", "dfuse", 1,
     "@Option Bytes  /0x1FFFC000/01*016 e/0x1FFEC000/01*016 e", "ROM 2.2 listing"),
    ("stm32-rom-dfu@stm32f429zi", "write", 0x1FFEC000,
     {"size": 16, "how": "needs", "dfuse_alt": 1}, "ROM 2.2 listing"),
    ("stm32-rom-dfu@stm32f429zi", "write", 0x1FFF7800,
     {"size": 512, "how": "needs", "dfuse_alt": 2}, "ROM 2.2 listing"),
    ("stm32-rom-dfu", "applies", "stm32f730r8", True,
     "same die as the F72x/F73x (DEV_ID 0x452)"),
    # --- STM32F407VG: FSMC bank 1 only up to 0x6FFFFFFF ---------------------
    ("stm32f407vg", "window", "FSMC_NOR_SRAM",
     {"base": 0x60000000, "size": 256 * M, "type": "xip"}, "RM0090 FSMC; HAL NOR_MEMORY_ADRESS1-4"),
    ("stm32f407vg", "window", "FSMC_NAND",
     {"base": 0x70000000, "size": 512 * M, "type": "mmio"}, "HAL NAND_DEVICE1/2"),
    # --- H7 system memories --------------------------------------------------
    ("stm32h753zi", "memory", "SYSMEM", {"base": 0x1FF00000, "size": 128 * K},
     "AN5293 Table 11"),
    ("stm32h753zi", "memory", "SYSMEM_BANK2", {"base": 0x1FF40000, "size": 128 * K, "type": "rom"},
     "AN5293 Table 11; RM0399 rev 4 Table 14"),
    ("stm32h7a3xg", "memory", "SYSMEM", {"base": 0x1FF00000, "size": 64 * K, "type": "rom"},
     "AN5293 Table 11"),
    ("stm32h7a3xg", "memory", "SYSMEM_BANK2", {"base": 0x1FF10000, "size": 64 * K},
     "AN5293 Table 11"),
    ("stm32h7a3xi", "memory", "SYSMEM", {"base": 0x1FF00000, "size": 64 * K}, "AN5293 Table 11"),
    ("stm32h7a3xi", "memory", "SYSMEM_BANK2", {"base": 0x1FF10000, "size": 64 * K},
     "AN5293 Table 11"),
    # --- ESP32-C3: DMA reach and the loader's RAM ---------------------------
    ("esp32c3", "memory", "DRAM", {"base": 0x3FC80000, "size": 384 * K, "dma": ["GDMA"]},
     "ESP-IDF soc.h SOC_DMA_LOW/HIGH 0x3FC80000-0x3FCE0000"),
    ("esp32c3", "reserved", 0x3FCCE710, {"size": 0x10000, "scope": "load-image"},
     "ESP-IDF bootloader.memory.ld.in: iram_loader_seg at 0x403ce710"),
    # --- STM32F730R8: the disputed option-byte size stays ST's database's ----
    ("stm32f730r8", "memory", "OPTION", {"base": 0x1FFF0000, "size": 0x2C},
     "ST DB 0x452 (unverified against RM0431)"),
    # --- traps of the added chips and boards ----------------------------------
    ("stm32l476rg", "memory", "SRAM2_ALIAS",
     {"base": 0x20018000, "size": 32 * K, "alias_of": "SRAM2"},
     "cmsis_device_l4 stm32l476xx.h SRAM2_BASE 0x10000000, SRAM1_SIZE_MAX 0x18000"),
    ("stm32l476rg", "memory", "OPTION_BANK2", {"base": 0x1FFFF800, "type": "option"},
     "ST DB 0x415; probe-rs STM32L4 series"),
    ("stm32l4r5zi", "memory", "OPTION", {"base": 0x1FF00000, "type": "option"},
     "ST DB 0x470 (the L4+ moved its option bytes)"),
    ("stm32u585ai", "memory", "FLASH_S", {"base": 0x0C000000, "alias_of": "FLASH"},
     "cmsis_device_u5 stm32u585xx.h FLASH_BASE_S"),
    ("stm32h745zi-cm4", "reserved", 0x08000000, {"size": 1 * M},
     "RM0399 rev 4 flash chapter; ST dual-core templates (M7 in bank 1)"),
    ("nrf5340-net", "memory", "FLASH", {"base": 0x01000000, "size": 256 * K},
     "nrfx MDK nrf5340_xxaa_network_memory.h"),
    ("nrf5340-net", "reserved", 0x20000000, {"size": 512 * K},
     "nrfx MDK: APP_RAM0/APP_RAM1 belong to the application core"),
    ("lpc55s69", "reserved", 0x0009D800, {"size": 0x2800},
     "probe-rs LPC55S69.yaml and mcux-sdk core0 script: usable flash ends at 0x9D800"),
    ("rp2350", "memory", "SCRATCH_Y", {"base": 0x20081000, "size": 4 * K},
     "pico-sdk addressmap.h SRAM_SCRATCH_Y_BASE"),
    ("rp2350", "reserved", 0x400E0000, {"size": 1 * K}, "pico-sdk addressmap.h BOOTRAM"),
    ("teensy41", "reserved", 0x60001000, {"size": 0x400},
     "Teensy core imxrt1062_t41.ld: .ivt/.bootdata at ORIGIN(FLASH) + 0x1000"),
    ("teensy41", "reserved", 0x607C0000, {"size": 256 * K},
     "Teensy core eeprom.c FLASH_BASEADDR; teensy_loader_cli 8126464 bytes"),
    ("ch32v003", "memory", "FLASH_ALIAS", {"base": 0, "alias_of": "FLASH"},
     "WCH EVT Link.ld links at 0x0; FLASH_BASE 0x08000000"),
    ("esp32s3", "reserved", 0x40370000, {"size": 16 * K},
     "ESP-IDF memory.ld.in: IRAM starts after CONFIG_ESP32S3_INSTRUCTION_CACHE_SIZE"),
]


def show(ldlint, what):
    args = ["--show-device", what, "-f", "json"]
    if "@" in what:
        loader, device = what.split("@")
        args = ["-d", device, "--show-device", loader, "-f", "json"]
    p = subprocess.run([ldlint, *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"ldlint {' '.join(args)}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def fields(found, want):
    """The fields of `found` that differ from `want`, as text."""
    bad = []
    for k, v in want.items():
        got = found.get(k)
        if got != v:
            show_v = hex(v) if isinstance(v, int) and v > 255 else repr(v)
            show_g = hex(got) if isinstance(got, int) and got > 255 else repr(got)
            bad.append(f"{k} is {show_g}, expected {show_v}")
    return bad


def check(d, kind, key, want):
    if kind in ("memory", "window"):
        items = {m["name"]: m for m in d["memories" if kind == "memory" else "windows"]}
        if want == "absent":
            return [f"{kind} {key} exists"] if key in items else []
        if key not in items:
            return [f"no {kind} {key}"]
        return fields(items[key], want)
    if kind == "reserved":
        found = [r for r in d["reserved"] if r["base"] == key]
        return fields(found[0], want) if found else [f"no reserved range at {key:#x}"]
    if kind == "dfuse":
        alts = {a["alt"]: a["text"] for a in d.get("dfuse") or []}
        got = alts.get(key)
        return [] if got == want else [f"alt {key} is {got!r}, expected {want!r}"]
    if kind == "write":
        found = [w for w in d["writes"] if w["base"] == key]
        return fields(found[0], want) if found else [f"no write at {key:#x}"]
    if kind == "applies":
        return [] if (key in d["applies_to"]) == want else [f"applies_to {key}: not {want}"]
    raise ValueError(kind)


def main():
    ldlint = sys.argv[1]
    cache, wrong = {}, 0
    for what, kind, key, want, source in FACTS:
        try:
            if what not in cache:
                cache[what] = show(ldlint, what)
            problems = check(cache[what], kind, key, want)
        except RuntimeError as e:
            problems = [str(e)]
        for p in problems:
            wrong += 1
            k = hex(key) if isinstance(key, int) and key > 255 else key
            print(f"{what} {kind} {k}: {p} ({source})")
    print(f"checked {len(FACTS)} facts, {wrong} wrong")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
