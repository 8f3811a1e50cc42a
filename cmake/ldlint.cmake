# ldlint.cmake: check a firmware's memory layout after every link.
#
#   list(APPEND CMAKE_MODULE_PATH ${CMAKE_CURRENT_SOURCE_DIR}/path/to/ldlint/cmake)
#   include(ldlint)
#
#   add_executable(app.elf startup.c main.c)
#   target_link_options(app.elf PRIVATE -T${CMAKE_CURRENT_SOURCE_DIR}/app.ld
#                       -Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/app.map)
#   ldlint_check(TARGET app.elf DEVICE stm32f411xe LOADER stm32-rom-dfu
#                SCRIPT app.ld MAP app.map)
#
# ldlint_check(TARGET <elf-target> DEVICE <id|file> [LOADER <id|file>]
#              [SCRIPT <file>...] [MAP <file>] [FAIL_ON error|warning|note]
#              [FLAGS <arg>...])
#
# adds a POST_BUILD step to <elf-target> that runs
#
#   ldlint -d DEVICE [-L LOADER] [-T SCRIPT...] [--map MAP]
#          --fail-on FAIL_ON FLAGS... --elf $<TARGET_FILE:elf-target>
#
# in the current source directory (so a .ldlint.yaml there, or above it,
# supplies rule levels and the rest; the arguments win over it).  When
# ldlint exits non-zero (findings at or above FAIL_ON, or input it cannot
# read) the build fails with ldlint's report in its output.  The next build
# links and checks again: the Makefile generators delete the failed ELF
# (.DELETE_ON_ERROR), Ninja re-runs a command its log has no record of.
#
#   SCRIPT   relative names are in the current source directory
#   MAP      relative names are in the current binary directory; the
#            target must write it (-Wl,-Map=...)
#   FAIL_ON  default: the cache variable LDLINT_FAIL_ON, which defaults to
#            'error' (a build fails on errors; warnings are printed only)
#   FLAGS    anything else: -I DIR, --cpp, -Wno-image-gap, --defsym ...
#
# Cache variables: LDLINT_EXECUTABLE (found on PATH; set it to use another
# ldlint), LDLINT_FAIL_ON, LDLINT_CHECK (OFF: ldlint_check does nothing).
# Needs CMake 3.13.

find_program(LDLINT_EXECUTABLE ldlint DOC "ldlint, the linker script linter")
set(LDLINT_FAIL_ON error CACHE STRING
    "Lowest ldlint severity that fails the build (error, warning or note)")
set_property(CACHE LDLINT_FAIL_ON PROPERTY STRINGS error warning note)
option(LDLINT_CHECK "Run ldlint after linking the targets given to ldlint_check()" ON)

function(ldlint_check)
  cmake_parse_arguments(PARSE_ARGV 0 ARG ""
                        "TARGET;DEVICE;LOADER;MAP;FAIL_ON" "SCRIPT;FLAGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ldlint_check: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_TARGET OR NOT TARGET "${ARG_TARGET}")
    message(FATAL_ERROR "ldlint_check: TARGET must name an executable target, "
            "not '${ARG_TARGET}'")
  endif()
  get_target_property(type "${ARG_TARGET}" TYPE)
  if(NOT type STREQUAL "EXECUTABLE")
    message(FATAL_ERROR "ldlint_check: '${ARG_TARGET}' is a ${type}, not the "
            "linked firmware (an add_executable target)")
  endif()
  if(NOT ARG_DEVICE)
    message(FATAL_ERROR "ldlint_check(TARGET ${ARG_TARGET}): DEVICE is required "
            "(a chip or board id such as stm32f411xe, or a YAML file; "
            "ldlint --list-devices shows them)")
  endif()
  if(NOT LDLINT_CHECK)
    return()
  endif()
  if(NOT LDLINT_EXECUTABLE)
    message(FATAL_ERROR "ldlint_check: ldlint not found on PATH; install it, "
            "set -DLDLINT_EXECUTABLE=/path/to/ldlint, or -DLDLINT_CHECK=OFF")
  endif()
  set(fail_on "${LDLINT_FAIL_ON}")
  if(ARG_FAIL_ON)
    set(fail_on "${ARG_FAIL_ON}")
  endif()
  if(NOT fail_on MATCHES "^(error|warning|note)$")
    message(FATAL_ERROR "ldlint_check(TARGET ${ARG_TARGET}): FAIL_ON is "
            "error, warning or note, not '${fail_on}'")
  endif()

  set(args -d "${ARG_DEVICE}")
  if(ARG_LOADER)
    list(APPEND args -L "${ARG_LOADER}")
  endif()
  foreach(script IN LISTS ARG_SCRIPT)
    get_filename_component(script "${script}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args -T "${script}")
  endforeach()
  if(ARG_MAP)
    get_filename_component(map "${ARG_MAP}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND args --map "${map}")
  endif()
  list(APPEND args --fail-on "${fail_on}" ${ARG_FLAGS})

  add_custom_command(TARGET "${ARG_TARGET}" POST_BUILD
    COMMAND "${LDLINT_EXECUTABLE}" ${args} --elf "$<TARGET_FILE:${ARG_TARGET}>"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "ldlint: checking the memory layout of ${ARG_TARGET} (${ARG_DEVICE})"
    VERBATIM)
endfunction()
