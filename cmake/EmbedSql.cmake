# Compiles SQL files into the binary, so `depot migrate` needs nothing beside
# the executable and cannot run against a schema directory that differs from
# the code it was built with.
#
# depot_embed_sql_tables(OUT TABLE DIR [TABLE DIR ...]) writes the C file OUT
# holding, for each pair, `const struct core_sql_file TABLE[]`: every
# DIR/*.sql in name order (core_sql.h declares the struct).
function(depot_embed_sql_tables out)
  set(args ${ARGN})
  set(names "")
  set(defs "")
  set(deps "")
  while(args)
    list(POP_FRONT args table dir)
    file(GLOB files CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${dir}/*.sql)
    list(SORT files)
    # A ';' in a custom command splits it in the shell: pass lists with '|'.
    string(REPLACE ";" "|" files_arg "${files}")
    list(APPEND names ${table})
    list(APPEND defs "-DFILES_${table}=${files_arg}")
    list(APPEND deps ${files})
  endwhile()
  string(REPLACE ";" "|" names_arg "${names}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DNAMES=${names_arg}" ${defs}
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedSqlRun.cmake
    DEPENDS ${deps} ${CMAKE_SOURCE_DIR}/cmake/EmbedSqlRun.cmake
    COMMENT "Embedding SQL files: ${names}"
    VERBATIM)
endfunction()

# The schema: sql/migrations and sql/procs, for core_migrate.
function(depot_embed_sql out)
  depot_embed_sql_tables(${out} core_sql_migrations sql/migrations
                         core_sql_procs sql/procs)
  set(DEPOT_SQL_BUNDLE ${out} PARENT_SCOPE)
endfunction()
