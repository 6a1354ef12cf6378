# Warnings every target of ours gets; errors only when PRUN_WERROR is on (CI), so a newer
# compiler's new warning does not break a user's build.
add_library(prun_warnings INTERFACE)
target_compile_options(prun_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
                       -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(PRUN_WERROR)
  target_compile_options(prun_warnings INTERFACE -Werror)
endif()
