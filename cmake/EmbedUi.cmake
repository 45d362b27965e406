# Compiles the web UI (web/ui/**) and its message catalogs (web/i18n/*.json)
# into the binary, as EmbedSql.cmake does for SQL: `depot serve` needs no
# file beside the executable and always serves the UI it was built with.
# Each file becomes a byte array with its URL path, content type and a strong
# ETag (the first 128 bits of its SHA-256).

function(depot_embed_ui out)
  file(GLOB_RECURSE ui CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/ui/*)
  file(GLOB i18n CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/i18n/*.json)
  list(SORT ui)
  list(SORT i18n)
  # A ';' in a custom command splits it in the shell: pass lists with '|'.
  string(REPLACE ";" "|" ui_arg "${ui}")
  string(REPLACE ";" "|" i18n_arg "${i18n}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DROOT=${CMAKE_SOURCE_DIR}/web/ui
            "-DUI=${ui_arg}" "-DI18N=${i18n_arg}"
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedUiRun.cmake
    DEPENDS ${ui} ${i18n} ${CMAKE_SOURCE_DIR}/cmake/EmbedUiRun.cmake
    COMMENT "Embedding the web UI and its catalogs"
    VERBATIM)
  set(DEPOT_UI_BUNDLE ${out} PARENT_SCOPE)
endfunction()
