# ASan + UBSan for the whole build (the asan preset). UBSan aborts on the first finding so
# a test cannot pass with undefined behaviour in it.
if(PRUN_SANITIZE)
  # GCC 12 reports -Wmaybe-uninitialized false positives inside <regex> (used by CLI11)
  # when instrumenting; the same code is clean in the other presets.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -Wno-maybe-uninitialized)
  add_link_options(-fsanitize=address,undefined)
endif()
