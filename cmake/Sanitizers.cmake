# ASan + UBSan for the whole build (the asan preset). UBSan aborts on the first finding so
# a test cannot pass with undefined behaviour in it.
if(PRUN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
