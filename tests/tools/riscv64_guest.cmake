# Shared by tests/guest and tests/isa: finds the riscv64 cross compilers, the oracle and python3,
# builds riscv64 programs and registers diff_run.py tests (polyvm vs qemu-riscv64).
find_program(POLYVM_RISCV64_CC riscv64-linux-gnu-gcc)
find_program(POLYVM_RISCV64_CXX riscv64-linux-gnu-g++)
find_program(POLYVM_QEMU_RISCV64 qemu-riscv64)
find_package(Python3 COMPONENTS Interpreter)
set(POLYVM_DIFF_RUN ${CMAKE_CURRENT_LIST_DIR}/diff_run.py)
set(POLYVM_RISCV64_SYSROOT /usr/riscv64-linux-gnu)

# Sets ${result} to TRUE when everything the riscv64 guest tests need is installed; otherwise says
# what is missing and sets it to FALSE, so the caller can skip its directory.
function(polyvm_riscv64_tools_found result what)
  set(missing)
  foreach(tool POLYVM_RISCV64_CC POLYVM_RISCV64_CXX POLYVM_QEMU_RISCV64)
    if(NOT ${tool})
      list(APPEND missing ${tool})
    endif()
  endforeach()
  if(NOT Python3_Interpreter_FOUND)
    list(APPEND missing python3)
  endif()
  if(NOT EXISTS ${POLYVM_RISCV64_SYSROOT}/lib/ld-linux-riscv64-lp64d.so.1)
    list(APPEND missing ${POLYVM_RISCV64_SYSROOT})
  endif()
  if(missing)
    message(STATUS "${what}: skipped, not found: ${missing} (scripts/setup installs them)")
    set(${result} FALSE PARENT_SCOPE)
  else()
    set(${result} TRUE PARENT_SCOPE)
  endif()
endfunction()

# polyvm_riscv64_program(OUTPUT file SOURCE file [FLAGS ...] [LIBS ...] [DEPENDS ...])
# Compiles one C, C++ or assembly source with the cross compiler chosen by its extension.
function(polyvm_riscv64_program)
  cmake_parse_arguments(P "" "OUTPUT;SOURCE" "FLAGS;LIBS;DEPENDS" ${ARGN})
  get_filename_component(ext ${P_SOURCE} LAST_EXT)
  set(compiler ${POLYVM_RISCV64_CC})
  if(ext STREQUAL ".cpp")
    set(compiler ${POLYVM_RISCV64_CXX})
  endif()
  get_filename_component(name ${P_OUTPUT} NAME)
  add_custom_command(OUTPUT ${P_OUTPUT}
    COMMAND ${compiler} ${P_FLAGS} -o ${P_OUTPUT} ${P_SOURCE} ${P_LIBS}
    DEPENDS ${P_SOURCE} ${P_DEPENDS}
    COMMENT "riscv64 ${name}"
    VERBATIM)
endfunction()

# polyvm_diff_test(NAME test LABEL label PROGRAM file [RUNNER_ARGS ...] [ARGS ...]
#                  [ORACLE_ARGS ...] [EMULATOR_ARGS ...])
# The test passes when polyvm and qemu-riscv64 give the program the same stdout, stderr and status.
# ORACLE_ARGS and EMULATOR_ARGS are options for qemu-riscv64 and for `polyvm run` (e.g. -cpu, --isa).
function(polyvm_diff_test)
  cmake_parse_arguments(T "" "NAME;LABEL;PROGRAM" "RUNNER_ARGS;ARGS;ORACLE_ARGS;EMULATOR_ARGS" ${ARGN})
  list(JOIN T_ORACLE_ARGS " " oracle_args)
  list(JOIN T_EMULATOR_ARGS " " emulator_args)
  add_test(NAME ${T_NAME}
    COMMAND ${Python3_EXECUTABLE} ${POLYVM_DIFF_RUN}
      --oracle "${POLYVM_QEMU_RISCV64} ${oracle_args}" --emulator "$<TARGET_FILE:polyvm> run"
      --emulator-args "${emulator_args}"
      --sysroot ${POLYVM_RISCV64_SYSROOT} ${T_RUNNER_ARGS} -- ${T_PROGRAM} ${T_ARGS})
  set_tests_properties(${T_NAME} PROPERTIES LABELS ${T_LABEL} TIMEOUT 300)
endfunction()
