/*
 * device: what ldlint knows about the hardware, read from memmaps/ YAML
 * (memmaps/SCHEMA.md) or from a probe-rs target file.
 *
 * A resolved 'struct device' is a chip, or a board merged over the chip it
 * extends: its memories (with flash banks and erase sectors), the external
 * windows the chip offers, reserved ranges, and execute-never areas (the
 * architecture's defaults included).  A resolved 'struct loader' is a
 * programmer or bootloader bound to one device: what it occupies, reserves
 * and can write, how it runs what it wrote, and what its host tool prints
 * when asked to write where it cannot.
 *
 * The query functions below answer the rules' questions directly (which
 * memory holds an address, can code run there, which sector and bank,
 * can this loader program it and what will its tool say).  Every object
 * keeps the YAML location of its values, so a finding can add a note that
 * points into the description.  All memory belongs to a 'struct devdb'
 * and is freed with it.
 */
#ifndef LDLINT_DEVICE_H
#define LDLINT_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "loc.h"

enum mem_type {
	MEM_FLASH, MEM_ROM, MEM_OTP, MEM_OPTION, MEM_RAM, MEM_EXT_RAM, MEM_XIP,
	MEM_MMIO, MEM_TYPE_COUNT
};

enum { ACC_R = 1, ACC_W = 2, ACC_X = 4 };

enum dma_reach { DMA_UNSPECIFIED, DMA_ALL, DMA_NONE, DMA_LIST };

enum rww { RWW_UNSPECIFIED, RWW_NONE, RWW_OTHER_BANK, RWW_YES };

/* The Armv8-M security attribution of a memory's addresses, as the chip's
 * IDAU fixes it (a secure alias is Secure whatever the SAU says). */
enum dev_security { SEC_UNSPECIFIED, SEC_NONSECURE, SEC_SECURE };

/* 'count' erase sectors of 'size' bytes, one after the other. */
struct dev_run {
	uint64_t count;
	uint64_t size;		/* bytes */
	struct loc loc;
};

struct dev_bank {
	const char *name;
	uint64_t base, size;		/* addresses, bytes */
	unsigned first_sector;		/* the manual's number of sector 0 */
	struct dev_run *runs;
	size_t nruns;
	uint64_t nsectors;		/* sum of the runs' counts */
	struct loc loc;
};

struct dev_flash {
	struct dev_bank *banks;		/* in address order, tiling the memory */
	size_t nbanks;
	uint64_t write_unit;		/* bytes; 0 = not given */
	int erased;			/* byte value; -1 = not given */
	enum rww rww;
	struct loc loc, write_unit_loc, erased_loc, rww_loc;
};

struct dev_memory {
	const char *name;
	uint64_t base, size;		/* addresses, bytes */
	enum mem_type type;
	unsigned access;		/* ACC_* at run time, reset configuration */
	bool boot;
	const char *alias_of;		/* name, or NULL */
	const struct dev_memory *alias;	/* resolved target; NULL if unknown */
	bool is_alias;			/* alias_of given (or probe-rs is_alias) */
	enum dma_reach dma;
	const char **dma_masters;	/* DMA_LIST: names */
	size_t ndma;
	const char *init_requires;	/* NULL: usable from reset */
	const char *description;
	const char *window;		/* board memories: window populated */
	const struct dev_flash *flash;	/* erase layout, or NULL */
	enum dev_security security;	/* Armv8-M attribution, if given */
	const char *from;		/* id of the file that declared it */
	struct loc loc;			/* the list entry */
	struct loc name_loc, base_loc, size_loc, type_loc, access_loc,
		   alias_loc, dma_loc, init_loc, security_loc;
};

struct dev_window {
	const char *name;
	uint64_t base, size;
	enum mem_type type;
	unsigned access;
	const char *init_requires;
	const char *description;
	const struct dev_memory *populated_by;	/* first board memory in it */
	struct loc loc;
};

struct dev_reserved {
	uint64_t base, size;
	const char *by;			/* who reserves it */
	const char *reason;
	bool load_image_only;		/* scope: load-image */
	const char **allow;		/* output sections that belong there */
	size_t nallow;
	const char *memory;		/* 'memory:' selector, or NULL */
	struct loc loc;
};

struct dev_xn {
	uint64_t base, size;
	bool mpu_can_clear;
	const char *reason;
	struct loc loc;			/* file NULL: architecture default */
};

/* What a boot ROM reads from the image before it runs it (an RP2350
 * IMAGE_DEF block, an i.MX RT FlexSPI configuration block and IVT, the
 * RP2040's checksummed boot2): words that must be at an address, or at an
 * aligned address of a window, with optional end words and checksum. */
struct dev_boot_header {
	const char *name;		/* unique in the resolved device */
	const char *what;		/* what it is, with its source */
	const char *hint;		/* how projects put it there, or NULL */
	uint64_t at;			/* address (where the search starts) */
	uint64_t within;		/* bytes searched from 'at'; 0: exactly
					   at 'at' */
	uint64_t align;			/* search step, bytes */
	const uint32_t *words, *mask;	/* first words and the bits compared */
	size_t nwords;			/* 0 when only a checksum is checked */
	const uint32_t *end;		/* words that must follow, or NULL */
	size_t nend;
	uint64_t end_within;		/* bytes after the start they lie in */
	uint64_t crc32;			/* size of a block whose last 4 bytes
					   are the CRC-32/MPEG-2 of the rest,
					   or 0 */
	int entry;			/* index of the word holding where the
					   ROM enters the image, or -1 */
	const char *from;		/* id of the file that declared it */
	struct loc loc;
};

struct device {
	const char *id;
	const char *kind;		/* "device" or "board" */
	const char *description;
	const char *path;		/* the file */
	const char **match;		size_t nmatch;
	const char **sources;		size_t nsources;
	const char *core, *arch;
	const char *extends;		/* parent id, or NULL */
	struct loc extends_loc;
	const struct device *parent;
	struct dev_memory *mems;	size_t nmems;	/* parent's first */
	struct dev_window *windows;	size_t nwindows;
	struct dev_reserved *reserved;	size_t nreserved;
	struct dev_xn *xn;		size_t nxn;
	bool from_probers;		/* read from a probe-rs target file */
	bool has_vector_table;		/* 'vector_table' was given */
	uint64_t vector_table;		/* where the application's vector table
					   must be when the boot memory is a
					   ROM that starts it (RP2040: after
					   boot2, 0x10000100) */
	struct loc vector_table_loc;
	struct dev_boot_header *boot_headers;	size_t nboot_headers;
	struct loc loc;			/* the 'id' value */
};

/* How a loader writes a range. */
enum write_how { WRITE_NO = 0, WRITE_YES, WRITE_DEBUG_ONLY, WRITE_NEEDS };

struct ldr_range {
	uint64_t base, size;		/* resolved (0/0 when unresolved) */
	bool resolved;
	const char *memory;		/* 'memory:' selector, or NULL */
	int type;			/* 'type:' selector (enum mem_type), -1 */
	const char *name;		/* runs_from name */
	bool has_stored_at;
	uint64_t stored_at;		/* runs_from: where the image is kept */
	enum write_how how;		/* writes only */
	const char *requires;		/* WRITE_NEEDS: the extra set-up */
	bool ram_image;			/* writes: this is the set-up it needs
					   when the image is a RAM-only one
					   (its entry point in RAM), which the
					   loader then writes and starts there */
	const char *note;
	int dfuse_alt;			/* derived from a DfuSe string; -1 */
	uint64_t page;			/* DfuSe page size, 0 = n/a */
	struct loc loc;
};

struct dfuse_segment {
	uint64_t start, end;		/* inclusive, as dfu-util keeps them */
	uint64_t pagesize;		/* bytes */
	unsigned memtype;		/* low 3 bits: 1 read, 2 erase, 4 write */
};

struct ldr_dfuse {
	const char *text;		/* as announced */
	const char *name;		/* the part before the first '/' */
	struct dfuse_segment *segs;	size_t nsegs;
	struct loc loc;
};

struct loader {
	const char *id, *description, *path, *tool;
	const char **applies_to;	size_t napplies;
	const char **sources;		size_t nsources;
	const char *variant;		/* the variant's description, or NULL */
	const struct device *device;	/* resolved against; NULL = unbound */
	const char *image_format;	/* "bin", "elf", ... or NULL */
	bool has_download_at;
	uint64_t download_at;
	const char *message;		/* tool message template, or NULL */
	uint64_t transfer_size;		/* DfuSe wTransferSize; 0 = unknown */
	struct ldr_range *occupies;	size_t noccupies;
	struct dev_reserved *reserves;	size_t nreserves;
	struct ldr_range *writes;	size_t nwrites;
	struct ldr_range *runs_from;	size_t nruns_from;
	struct ldr_dfuse *dfuse;	size_t ndfuse;
	struct loc loc;
};

/* The loaded descriptions of one run and where they are searched. */
struct devdb {
	struct arena arena;		/* everything below lives here */
	struct diag *diag;		/* errors go here (rule device-file) */
	const char **dirs;		/* memmaps directories, in search order */
	size_t ndirs;
	struct devfile *files;		/* parsed files, by path */
	bool failed;			/* an error was reported */
	struct loc spec_at;		/* where the id or path being looked up
					   was written (a configuration), or
					   none: the command line */
};

/* --- queries --------------------------------------------------------- */

const char *mem_type_name(enum mem_type t);

/* flash, rom, otp, option, xip: can hold load-image content. */
bool mem_type_nonvolatile(enum mem_type t);
/* ram, ext-ram: content is lost at reset. */
bool mem_type_volatile(enum mem_type t);

/* "rwx" style, '-' for a missing right (buf of 4). */
const char *access_string(unsigned access, char buf[4]);

/* Default access letters (ACC_*) of a memory type. */
unsigned mem_type_access(enum mem_type t);

/* Glob match for part numbers and ids: '*' any run, '?' one character,
 * case-insensitive; linear in the lengths. */
bool dev_glob(const char *pattern, const char *s);

/* Whether [a, a+as) and [b, b+bs) share a byte. */
bool dev_ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs);

/* Reports a device-file error at 'l' and marks the database failed. */
struct finding *dev_error(struct devdb *db, struct loc l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The memory holding 'addr' (an alias window counts as a memory), or NULL. */
const struct dev_memory *device_memory_at(const struct device *d, uint64_t addr);

/* The memory holding all of [addr, addr+size), or NULL. */
const struct dev_memory *device_memory_range(const struct device *d,
					     uint64_t addr, uint64_t size);

const struct dev_memory *device_memory_named(const struct device *d,
					     const char *name);

/* The window holding 'addr' that no board memory populates there, or NULL. */
const struct dev_window *device_window_at(const struct device *d, uint64_t addr);

/* The storage behind an alias window: the target memory and the address
 * there; for a plain memory, itself and 'addr'. */
const struct dev_memory *device_resolve_alias(const struct dev_memory *m,
					      uint64_t addr, uint64_t *target);

enum exec_verdict {
	EXEC_YES,	/* code can run there */
	EXEC_MPU,	/* only after an MPU region makes it executable */
	EXEC_NO,	/* the memory's bus cannot fetch instructions (F4 CCM) */
	EXEC_NEVER,	/* architecturally execute-never; no MPU can change it */
	EXEC_XN,	/* execute-never in the default memory map (an MPU region
			   could allow it, but the description does not say
			   that the board's software sets one up) */
	EXEC_NOMEM	/* no memory there and no execute-never area */
};

/* Whether a verdict means instruction fetches there fault. */
bool exec_faults(enum exec_verdict v);

/* Can code execute at 'addr'?  *why gets the XN area or the memory that
 * decided (either may be NULL). */
enum exec_verdict device_exec_at(const struct device *d, uint64_t addr,
				 const struct dev_xn **xn,
				 const struct dev_memory **mem);

/* The XN area holding 'addr', or NULL. */
const struct dev_xn *device_xn_at(const struct device *d, uint64_t addr);

/* Plain stores work at run time (RAM, not flash/ROM/MMIO-less areas). */
bool device_writable_at(const struct device *d, uint64_t addr);

/* One erase sector. */
struct dev_sector {
	const struct dev_memory *memory;	/* the flash (alias resolved) */
	const struct dev_bank *bank;
	unsigned number;		/* as the manual numbers it */
	uint64_t index;			/* 0-based within the bank */
	uint64_t base, size;		/* in the memory's own addresses */
};

/* The erase sector holding 'addr' (through aliases too). */
bool device_sector_at(const struct device *d, uint64_t addr,
		      struct dev_sector *s);

/* The bank holding 'addr', or NULL (memories without a layout). */
const struct dev_bank *device_bank_at(const struct device *d, uint64_t addr,
				      const struct dev_memory **mem);

/* Calls 'fn' for each reserved range (device, board, and 'l' when not NULL)
 * overlapping [addr, addr+size); stops when fn returns false. */
void device_reserved_in(const struct device *d, const struct loader *l,
			uint64_t addr, uint64_t size,
			bool (*fn)(const struct dev_reserved *, void *), void *arg);

/* The range of 'l' that occupies 'addr', or NULL. */
const struct ldr_range *loader_occupies_at(const struct loader *l, uint64_t addr);

/* The best write covering 'addr' (WRITE_YES over DEBUG_ONLY over NEEDS),
 * or NULL: the loader cannot write there. */
const struct ldr_range *loader_write_at(const struct loader *l, uint64_t addr);

/* The runs_from entry whose run addresses hold 'addr', or NULL. */
const struct ldr_range *loader_runs_at(const struct loader *l, uint64_t addr);

/* Where the loader keeps content whose load address is 'lma': the stored_at
 * translation of a runs_from entry (Daisy SRAM apps live in QSPI), else
 * 'lma' itself. */
uint64_t loader_storage_address(const struct loader *l, uint64_t lma);

/* What the loader does with an image element of 'size' bytes written at
 * 'start' (after any stored_at translation). */
struct ldr_verdict {
	enum write_how how;		/* weakest way over the element */
	const struct ldr_range *write;	/* the write deciding 'how' */
	bool ok;			/* every byte writable, somehow */
	uint64_t bad;			/* !ok: first address it refuses */
	char message[256];		/* !ok: what the tool prints */
};
void loader_check(const struct loader *l, uint64_t start, uint64_t size,
		  struct ldr_verdict *v);

/* --- DfuSe ----------------------------------------------------------- */

/* Parses a DfuSe interface string exactly as dfu-util's
 * parse_memory_layout(); returns false (with dfu-util's reason in 'why')
 * when dfu-util would fail.  Segments go to the arena. */
bool dfuse_parse(struct arena *a, const char *desc, struct ldr_dfuse *out,
		 char *why, size_t whylen);

#endif
