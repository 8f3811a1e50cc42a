#!/usr/bin/env python3
"""Writes the ELF files of the input cases in this directory (committed;
rerun only to change them).  The malformed ones are tests/elfgen.py's small
image with one field broken, the way truncated copies and buggy tools break
real files; a file NAME.elf goes to the case elf-NAME/ (NAME when it starts
with 'elf'), whose 'expected' holds what ldlint must print.  The ELF files
that are not linked images (an object, a shared object, a core file) go to
elf-rel/, elf-dyn/ and elf-core/; the first two are made by
arm-none-eabi-gcc when it is installed."""
import os
import struct
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", ".."))
import elfgen  # noqa: E402

base = elfgen.small_image()
# ELF32 header fields and section header layout (little endian)
E_PHOFF, E_SHOFF, E_PHENTSIZE, E_PHNUM, E_SHENTSIZE, E_SHNUM, E_SHSTRNDX = \
    28, 32, 42, 44, 46, 48, 50
# the reset vector: .isr_vector follows the ELF header and two program headers
RESET_VECTOR = 52 + 2 * 32 + 4
shoff = struct.unpack_from("<I", base, E_SHOFF)[0]
shnum = struct.unpack_from("<H", base, E_SHNUM)[0]


def shdr(img, i):
    return shoff + 40 * i


def patch(img, off, fmt, value):
    img = bytearray(img)
    struct.pack_into("<" + fmt, img, off, value)
    return bytes(img)


def section_index(name):
    strndx = struct.unpack_from("<H", base, E_SHSTRNDX)[0]
    str_off = struct.unpack_from("<I", base, shdr(base, strndx) + 16)[0]
    for i in range(shnum):
        n = struct.unpack_from("<I", base, shdr(base, i))[0]
        end = base.index(b"\0", str_off + n)
        if base[str_off + n:end].decode() == name:
            return i
    raise KeyError(name)


text = section_index(".text")
bss = section_index(".bss")
symtab = section_index(".symtab")
strtab = section_index(".strtab")
shstrtab = section_index(".shstrtab")
sym_off = struct.unpack_from("<I", base, shdr(base, symtab) + 16)[0]
str_off = struct.unpack_from("<I", base, shdr(base, strtab) + 16)[0]
str_size = struct.unpack_from("<I", base, shdr(base, strtab) + 20)[0]


def rv64_bss_wraps():
    """A riscv64 image whose .bss is 0xffffffffffffffff bytes long: its
    end wraps past 2^64 (ELF64 section header: sh_size at 32)."""
    img = elfgen.small_image(True, False, elfgen.EM_RISCV)
    shoff64 = struct.unpack_from("<Q", img, 40)[0]
    return patch(img, shoff64 + 64 * bss + 32, "Q", 0xffffffffffffffff)


files = {
    "empty.elf": b"",
    "not-elf.elf": b"this is a text file, not an ELF image\n",
    "truncated-header.elf": base[:30],
    "truncated.elf": base[:shoff + 100],
    "bad-class.elf": base[:4] + b"\x03" + base[5:],
    "shoff-past-eof.elf": patch(base, E_SHOFF, "I", 0x100000),
    "phoff-past-eof.elf": patch(base, E_PHOFF, "I", 0xfffff0),
    "shentsize-zero.elf": patch(base, E_SHENTSIZE, "H", 0),
    "phentsize-zero.elf": patch(base, E_PHENTSIZE, "H", 0),
    "shstrndx-range.elf": patch(base, E_SHSTRNDX, "H", 42),
    "shname-range.elf": patch(base, shdr(base, text), "I", 0x1234),
    "shstrtab-empty.elf": patch(base, shdr(base, shstrtab) + 20, "I", 0),
    "shstrtab-type.elf": patch(base, shdr(base, shstrtab) + 4, "I",
                               elfgen.SHT_PROGBITS),
    "section-past-eof.elf": patch(base, shdr(base, text) + 16, "I",
                                  0x7fff0000),
    "symtab-entsize-zero.elf": patch(base, shdr(base, symtab) + 36, "I", 0),
    "symtab-link-range.elf": patch(base, shdr(base, symtab) + 24, "I", 77),
    "symtab-link-type.elf": patch(base, shdr(base, symtab) + 24, "I", text),
    "phoff-header.elf": patch(base, E_PHOFF, "I", 0x10),
    "symname-range.elf": patch(base, sym_off + 16, "I", 0xffff),
    "strtab-no-nul.elf": patch(base, str_off + str_size - 1, "B", 0x41),
    "load-filesz.elf": patch(base, 52 + 20, "I", 0x8),
    "shnum-zero.elf": patch(base, E_SHNUM, "H", 0),
    # readable files: extended numbering (the counts in section header 0)
    # and no section headers at all (the reset vector made even, so that
    # the case shows the vector table read from the segments)
    "xnum.elf": elfgen.small_image(xnum=True),
    "no-shdrs.elf": patch(elfgen.small_image(shdrs=False), RESET_VECTOR,
                          "I", 0x08000010),
    "phnum-xnum-no-shdrs.elf": patch(elfgen.small_image(shdrs=False),
                                     E_PHNUM, "H", 0xffff),
    # addresses that wrap past the top of the address space: a section
    # (riscv64) and a load address (segment 1's p_paddr, ELF32)
    "section-wrap.elf": rv64_bss_wraps(),
    "segment-wrap.elf": patch(base, 52 + 32 + 12, "I", 0xfffffff0),
    "elf64-be-shoff.elf": (lambda b: b[:40] + struct.pack(">Q", 0x10000000)
                           + b[48:])(elfgen.small_image(True, True,
                                                        elfgen.EM_PPC64)),
}


def toolchain_files():
    """An object (gcc -c) and a shared object (gcc -shared), as
    arm-none-eabi-gcc writes them: the wrong files to give as the image."""
    gcc = ["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-O2"]
    src = "int counter = 3;\nint next_value(void) { return ++counter; }\n"
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        c = os.path.join(tmp, "main.c")
        with open(c, "w") as f:
            f.write(src)
        for case, name, flags in (("elf-rel", "obj.o", ["-c"]),
                                  ("elf-dyn", "lib.so", ["-fPIC", "-shared",
                                                         "-nostdlib"])):
            dst = os.path.join(tmp, name)
            try:
                subprocess.run(gcc + flags + [c, "-o", dst], check=True)
            except (OSError, subprocess.CalledProcessError) as e:
                print("skipping %s: %s" % (name, e))
                continue
            with open(dst, "rb") as f:
                out[case + "/" + name] = f.read()
    return out


for name, data in files.items():
    stem = name.rsplit(".", 1)[0]
    case = stem if stem.startswith("elf") else "elf-" + stem
    os.makedirs(os.path.join(here, case), exist_ok=True)
    with open(os.path.join(here, case, name), "wb") as f:
        f.write(data)
others = dict(toolchain_files())
others["elf-core/core"] = elfgen.core_image()
for name, data in others.items():
    os.makedirs(os.path.join(here, os.path.dirname(name)), exist_ok=True)
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)
print("%d files in %s" % (len(files) + len(others), here))
