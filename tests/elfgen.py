"""Writes small ELF executables byte by byte, for the reader tests.

Used for what no installed toolchain links: images for other machines
(Xtensa, 64-bit big-endian) and, through tests/cases/inputs/make.py, the
malformed files.  The layout is the one ld uses: ELF header, program
headers, section contents, .symtab, .strtab, .shstrtab, section headers.
"""
import struct

SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_NOBITS = 1, 2, 3, 8
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4
PT_LOAD = 1
PF_X, PF_W, PF_R = 1, 2, 4
EM_ARM, EM_XTENSA, EM_PPC64, EM_RISCV = 40, 94, 21, 243


class Section:
    def __init__(self, name, type_, flags, addr, data=b"", size=None, align=4,
                 lma=None):
        self.name, self.type, self.flags, self.addr = name, type_, flags, addr
        self.data = data
        self.size = len(data) if size is None else size
        self.align = align
        self.lma = addr if lma is None else lma
        self.offset = 0
        self.link = self.info = self.entsize = 0


def build(is64, big, machine, sections, segments, symbols=(), entry=0,
          xnum=False, shdrs=True):
    """sections: list of Section; segments: list of (flags, [section names])
    made into PT_LOAD headers whose paddr is the first section's lma;
    symbols: (name, value, size, info, section name or None).  xnum: the
    ELF header's counts are the escapes of extended numbering (e_phnum
    PN_XNUM, e_shnum 0, e_shstrndx SHN_XINDEX) and section header 0 holds
    the real ones, as tools write files with 0xff00 or more sections or
    0xffff program headers; shdrs=False: no section header table at all
    (e_shoff 0), as some post-link tools and loaders leave an image."""
    e = ">" if big else "<"
    w = "Q" if is64 else "I"
    ehsize, phentsize, shentsize = (64, 56, 64) if is64 else (52, 32, 40)
    secs = [Section("", 0, 0, 0, align=0)] + list(sections)

    strtab = b"\0"
    syms = [bytes(24 if is64 else 16)]
    symbols = sorted(symbols, key=lambda y: y[3] >> 4 != 0)  # locals first
    for name, value, size, info, sec in symbols:
        shndx = 0xfff1 if sec is None else \
            [s.name for s in secs].index(sec)
        off = len(strtab)
        strtab += name.encode() + b"\0"
        if is64:
            syms.append(struct.pack(e + "IBBHQQ", off, info, 0, shndx,
                                    value, size))
        else:
            syms.append(struct.pack(e + "IIIBBH", off, value, size, info, 0,
                                    shndx))
    symtab = Section(".symtab", SHT_SYMTAB, 0, 0, b"".join(syms),
                     align=8 if is64 else 4)
    symtab.entsize = 24 if is64 else 16
    symtab.info = 1 + sum(1 for y in symbols if y[3] >> 4 == 0)
    strsec = Section(".strtab", SHT_STRTAB, 0, 0, strtab, align=1)
    shstr = Section(".shstrtab", SHT_STRTAB, 0, 0, b"", align=1)
    secs += [symtab, strsec, shstr]
    symtab.link = len(secs) - 2

    names = b"\0"
    name_off = []
    for s in secs:
        if s.name:
            name_off.append(len(names))
            names += s.name.encode() + b"\0"
        else:
            name_off.append(0)
    shstr.data = names
    shstr.size = len(names)

    off = ehsize + phentsize * len(segments)
    body = b""
    for s in secs[1:]:
        if s.align > 1:
            pad = (-off) % s.align
            body += bytes(pad)
            off += pad
        s.offset = off
        if s.type != SHT_NOBITS:
            body += s.data
            off += len(s.data)
    pad = (-off) % 8
    body += bytes(pad)
    shoff = off + pad

    phdrs = b""
    for flags, member_names in segments:
        members = [s for s in secs if s.name in member_names]
        first, last = members[0], members[-1]
        bits = [s for s in members if s.type != SHT_NOBITS]
        filesz = (bits[-1].offset + bits[-1].size - first.offset) if bits else 0
        memsz = last.addr + last.size - first.addr
        if is64:
            phdrs += struct.pack(e + "IIQQQQQQ", PT_LOAD, flags, first.offset,
                                 first.addr, first.lma, filesz, memsz, 0x1000)
        else:
            phdrs += struct.pack(e + "IIIIIIII", PT_LOAD, first.offset,
                                 first.addr, first.lma, filesz, memsz, flags,
                                 0x1000)

    if xnum:
        secs[0].size, secs[0].link = len(secs), len(secs) - 1
        secs[0].info = len(segments)
    table = b""
    for s, n in zip(secs, name_off):
        if is64:
            table += struct.pack(e + "IIQQQQIIQQ", n, s.type, s.flags, s.addr,
                                 s.offset, s.size, s.link, s.info, s.align,
                                 s.entsize)
        else:
            table += struct.pack(e + "IIIIIIIIII", n, s.type, s.flags, s.addr,
                                 s.offset, s.size, s.link, s.info, s.align,
                                 s.entsize)
    phnum, shnum, shstrndx = len(segments), len(secs), len(secs) - 1
    if xnum:
        phnum, shnum, shstrndx = 0xffff, 0, 0xffff
    if not shdrs:
        table, shoff, shnum, shstrndx = b"", 0, 0, 0

    ident = b"\x7fELF" + bytes([2 if is64 else 1, 2 if big else 1, 1]) + \
        bytes(9)
    phoff = ehsize if segments else 0
    ehdr = ident + struct.pack(e + "HHI" + w + w + w + "IHHHHHH", 2, machine,
                               1, entry, phoff, shoff, 0, ehsize, phentsize,
                               phnum, shentsize, shnum, shstrndx)
    return ehdr + phdrs + body + table


def small_image(is64=False, big=False, machine=EM_ARM, **kw):
    """A little firmware image: vectors and code in flash, .data loaded
    from flash into RAM, .bss; the base the malformed files start from.
    kw: build()'s xnum and shdrs."""
    e = ">" if big else "<"
    vec = struct.pack(e + "IIII", 0x20001000, 0x08000011, 0x08000011,
                      0x08000011)
    text = bytes(range(32))
    data = struct.pack(e + "IIII", 1, 2, 3, 4)
    sections = [
        Section(".isr_vector", SHT_PROGBITS, SHF_ALLOC, 0x08000000, vec),
        Section(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x08000010,
                text),
        Section(".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0x20000000, data,
                lma=0x08000030),
        Section(".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0x20000010,
                size=0x40),
        Section(".comment", SHT_PROGBITS, 0, 0, b"elfgen\0", align=1),
    ]
    segments = [(PF_R | PF_X, [".isr_vector", ".text"]),
                (PF_R | PF_W, [".data", ".bss"])]
    symbols = [("_estack", 0x20001000, 0, 0x10, None),
               ("Reset_Handler", 0x08000011, 16, 0x12, ".text"),
               ("local_thing", 0x20000000, 4, 0x01, ".data")]
    return build(is64, big, machine, sections, segments, symbols,
                 entry=0x08000011, **kw)


def core_image(machine=EM_ARM):
    """A core file as a debugger writes one for a Cortex-M target: an
    ELF32 ET_CORE with a PT_NOTE (one NT_PRSTATUS note) and a PT_LOAD
    holding a dump of RAM, and no section headers."""
    ET_CORE, PT_NOTE, NT_PRSTATUS = 4, 4, 1
    desc = bytes(148)                         # ARM elf_prstatus, zeroed
    note = struct.pack("<III", 5, len(desc), NT_PRSTATUS) + b"CORE\0\0\0\0" \
        + desc
    ram = bytes(range(64))
    phoff, nph = 52, 2
    note_off = phoff + 32 * nph
    ram_off = note_off + len(note)
    phdrs = struct.pack("<IIIIIIII", PT_NOTE, note_off, 0, 0, len(note), 0,
                        0, 4)
    phdrs += struct.pack("<IIIIIIII", PT_LOAD, ram_off, 0x20000000,
                         0x20000000, len(ram), len(ram), PF_R | PF_W, 4)
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH", ET_CORE, machine, 1, 0,
                               phoff, 0, 0, 52, 32, nph, 0, 0, 0)
    return ehdr + phdrs + note + ram
