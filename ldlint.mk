# ldlint.mk: check a firmware's memory layout from make.
#
# Include it from the Makefile that links the firmware, name the files,
# and run 'make lint-layout':
#
#   LDLINT_DEVICE = stm32f411xe         chip or board (memmaps id or YAML file)
#   LDLINT_LOADER = stm32-rom-dfu       programmer or bootloader (optional)
#   LDLINT_SCRIPT = app.ld              linker script(s) (optional)
#   LDLINT_ELF    = build/app.elf       the linked image: a target of your Makefile
#   LDLINT_MAP    = build/app.map       its map, from -Wl,-Map=build/app.map (optional)
#   LDLINT_FLAGS  = --fail-on error     anything else for ldlint (-I, --cpp, -W...)
#   include path/to/ldlint.mk
#
#   LDLINT ?= ldlint                    the program (make lint-layout LDLINT=./ldlint)
#
# 'lint-layout' depends on $(LDLINT_ELF) and $(LDLINT_MAP) (and the script),
# so make links the firmware first, then runs
#
#   $(LDLINT) -d DEVICE -L LOADER -T SCRIPT --elf ELF --map MAP $(LDLINT_FLAGS)
#
# An empty variable leaves its option out; ldlint then takes it from the
# nearest .ldlint.yaml (device, loader, rules, fail-on), and the command
# line wins over that file.  The target fails when ldlint exits non-zero:
# 1 for findings at or above --fail-on (default warning; say --fail-on
# error in LDLINT_FLAGS to pass warnings), 2 for input it cannot read.
# To lint on every build, make it a prerequisite:
#
#   all: app.elf lint-layout
#
# With none of LDLINT_SCRIPT, LDLINT_ELF and LDLINT_MAP set, ldlint reads
# its inputs from .ldlint.yaml (and make does not build them first).
#
# A map written by the link (-Wl,-Map) has no rule of its own; the rule
# '%.map: %.elf ;' below says that app.map comes with app.elf.  A map named
# otherwise needs the same line in your Makefile: 'out/fw.map: out/fw.elf ;'.
#
# The variables may be set before or after the include: the prerequisites
# are read with .SECONDEXPANSION (in effect for the rest of the Makefile;
# it only changes prerequisites written with '$$').  Including this
# file does not change the default goal.

LDLINT ?= ldlint
LDLINT_DEVICE ?=
LDLINT_LOADER ?=
LDLINT_SCRIPT ?=
LDLINT_ELF ?=
LDLINT_MAP ?=
LDLINT_FLAGS ?=

# the whole command line, expanded when the recipe runs
LDLINT_COMMAND = $(LDLINT) $(if $(strip $(LDLINT_DEVICE)),-d $(LDLINT_DEVICE)) \
	$(if $(strip $(LDLINT_LOADER)),-L $(LDLINT_LOADER)) \
	$(addprefix -T ,$(LDLINT_SCRIPT)) \
	$(addprefix --elf ,$(LDLINT_ELF)) $(addprefix --map ,$(LDLINT_MAP)) \
	$(LDLINT_FLAGS)

ldlint_default_goal := $(.DEFAULT_GOAL)

.SECONDEXPANSION:
.PHONY: lint-layout
lint-layout: $$(LDLINT_ELF) $$(LDLINT_MAP) $$(LDLINT_SCRIPT)
	$(strip $(LDLINT_COMMAND))

%.map: %.elf ;

.DEFAULT_GOAL := $(ldlint_default_goal)
