# Compiles every file under sql/migrations and sql/procs into the binary, so
# `depot migrate` needs nothing beside the executable and cannot run against
# a schema directory that differs from the code it was built with.

function(depot_embed_sql out)
  file(GLOB migs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/sql/migrations/*.sql)
  file(GLOB procs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/sql/procs/*.sql)
  list(SORT migs)
  list(SORT procs)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DMIGS=${migs}" "-DPROCS=${procs}"
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedSqlRun.cmake
    DEPENDS ${migs} ${procs} ${CMAKE_SOURCE_DIR}/cmake/EmbedSqlRun.cmake
    COMMENT "Embedding SQL migrations and procedures"
    VERBATIM)
  set(DEPOT_SQL_BUNDLE ${out} PARENT_SCOPE)
endfunction()
