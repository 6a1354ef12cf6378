#include <catch2/catch.hpp>

#include <prun/remote/job_context.hpp>

using prun::LaunchSpec;
using prun::remote::code_with_job_context;

TEST_CASE("a remote job's code carries its job-file directory and environment") {
    LaunchSpec spec;
    spec.shell_code = "make -C a";
    CHECK(code_with_job_context(spec) == "make -C a");

    spec.cwd = "build dir";
    spec.env = {"CC=clang", "FLAGS=-O2 -g", "Q=it's"};
    CHECK(code_with_job_context(spec) == "cd 'build dir' || exit 1\n"
                                         "export CC=clang\n"
                                         "export FLAGS='-O2 -g'\n"
                                         "export Q='it'\"'\"'s'\n"
                                         "make -C a");
}
