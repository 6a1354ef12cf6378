# ASan + UBSan for the whole build (the asan preset). UBSan aborts on the first finding so
# a test cannot pass with undefined behaviour in it.
if(PRUN_SANITIZE)
  # GCC 12 reports -Wmaybe-uninitialized false positives inside <regex> (used by CLI11)
  # when instrumenting; the same code is clean in the other presets.
  # -O1 -g1 (after the build type's flags, so they win): the optimisation level ASan
  # recommends and line tables for its stack traces, at half the compile time of -O2 -g
  # (CLI11's parser alone: 38 s -> 18 s), which kept the suite from its 10-minute budget.
  add_compile_options(-O1 -g1 -fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -Wno-maybe-uninitialized)
  add_link_options(-fsanitize=address,undefined)
endif()
