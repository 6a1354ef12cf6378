# Installation to the standard places, and a Debian package built by CPack:
#   cmake --install build/release --prefix /usr/local
#   (cd build/release && cpack -G DEB)        # prun_<version>_<arch>.deb
include(GNUInstallDirs)

install(TARGETS prun RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Semaphore mode under a name of its own: `sem` belongs to GNU parallel's package, which
# may be installed too (a `sem` symlink of the user's own works as well).
install(CODE "execute_process(COMMAND \"${CMAKE_COMMAND}\" -E create_symlink prun
              \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/prun-sem\")")

# Debian installs man pages compressed; man(1) reads them either way.
set(PRUN_MAN_PAGE ${PROJECT_SOURCE_DIR}/man/prun.1)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/prun.1.gz
                   COMMAND sh -c "gzip -9n < '${PRUN_MAN_PAGE}' > '${PROJECT_BINARY_DIR}/prun.1.gz'"
                   DEPENDS ${PRUN_MAN_PAGE} VERBATIM)
add_custom_target(man_page ALL DEPENDS ${PROJECT_BINARY_DIR}/prun.1.gz)
install(FILES ${PROJECT_BINARY_DIR}/prun.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Completions where each shell looks for them without any configuration.
install(FILES completions/prun.bash RENAME prun
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES completions/_prun DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES completions/prun.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

install(FILES README.md docs/guide.md docs/coming-from-parallel.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/schema DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Debian policy: the licence of the package and of what its binary embeds, machine-readable.
install(FILES cmake/debian/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(PRUN_PACKAGE_MAINTAINER "prun developers <prun-devel@lists.invalid>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME prun)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "run commands in parallel, safely and fast")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # prun_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${PRUN_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The extended description under the summary line (CPack indents it as deb-control wants).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "prun runs many commands at once, as GNU parallel and xargs -P do, and speaks
GNU parallel's language (:::, {}, -j, -k, --tag). It starts jobs about as
cheaply as the kernel allows, never tears or mixes their output, times every
job, and leaves nothing running behind it. Job files add dependencies,
per-job environments and timeouts; reports include a GNU-compatible joblog,
JSON and a timeline. Includes the man page and bash, zsh and fish completions.")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
# Depends: computed from the binary's libraries where dpkg-shlibdeps (dpkg-dev) is
# installed; otherwise the libraries Debian 12 provides for what prun links.
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
elseif(PRUN_STATIC_RUNTIME)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libgcc-s1, libstdc++6, libfmt9, libspdlog1.10, libpcre2-8-0")
endif()
include(CPack)
