# libFuzzer targets (label fuzz), built with clang whatever the project's
# compiler is: ASan + UBSan + the fuzzer runtime. CTest runs each for
# DEPOT_FUZZ_SECONDS on a scratch corpus seeded from tests/fuzz/corpus;
# `make fuzz` runs them for longer.
set(DEPOT_FUZZ_SECONDS 20 CACHE STRING "seconds each fuzz test runs in CTest")
set(FUZZ_DEV_SOURCES)
foreach(f dev_checkdigit dev_evdev dev_frame dev_gs1 dev_gs1_ai dev_gs1_check dev_gs1_dl
          dev_gs1_json dev_hid)
  list(APPEND FUZZ_DEV_SOURCES ${CMAKE_SOURCE_DIR}/devices/${f}.c)
endforeach()
file(GLOB FUZZ_DEV_HEADERS ${CMAKE_SOURCE_DIR}/devices/dev_*.h)

set(FUZZ_CORE_SOURCES)
foreach(f core_arena core_csv core_ec core_json core_mem core_money core_utf8)
  list(APPEND FUZZ_CORE_SOURCES ${CMAKE_SOURCE_DIR}/core/${f}.c)
endforeach()
file(GLOB FUZZ_CORE_HEADERS ${CMAKE_SOURCE_DIR}/core/core_*.h
     ${CMAKE_SOURCE_DIR}/core/core_ec.def)

# depot_fuzzer(NAME CORPUS SOURCES...): the target tests/fuzz/NAME.c with
# the library sources it exercises, run on corpus tests/fuzz/corpus/CORPUS.
function(depot_fuzzer name corpus)
  set(bin ${CMAKE_CURRENT_BINARY_DIR}/${name})
  add_custom_command(OUTPUT ${bin}
    COMMAND ${CLANG} -std=c17 -D_GNU_SOURCE -g -O1
            -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
            -I${CMAKE_SOURCE_DIR}/devices -I${CMAKE_SOURCE_DIR}/core
            -I${CMAKE_SOURCE_DIR}/web ${JANSSON_CFLAGS}
            -o ${bin} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${name}.c
            ${ARGN} ${JANSSON_LDFLAGS}
    DEPENDS fuzz/${name}.c ${ARGN} ${FUZZ_DEV_HEADERS} ${FUZZ_CORE_HEADERS}
    COMMENT "Building fuzz target ${name} with clang"
    VERBATIM)
  add_custom_target(${name}_bin ALL DEPENDS ${bin})
  file(MAKE_DIRECTORY ${TEST_TMP}/${name})
  add_test(NAME ${name}
           COMMAND ${bin} -max_total_time=${DEPOT_FUZZ_SECONDS} -timeout=10
                   -rss_limit_mb=1024 -print_final_stats=1
                   ${TEST_TMP}/${name} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${corpus})
  set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 300)
endfunction()

depot_fuzzer(fuzz_gs1 gs1 ${FUZZ_DEV_SOURCES})
depot_fuzzer(fuzz_frame frame ${FUZZ_DEV_SOURCES})
depot_fuzzer(fuzz_order_json order_json ${FUZZ_CORE_SOURCES}
             ${CMAKE_SOURCE_DIR}/web/web_order_input.c)
depot_fuzzer(fuzz_csv csv ${FUZZ_CORE_SOURCES})
