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

TEST_CASE("--wd ... on a host: the job's folder is made first, and removed with --cleanup") {
    LaunchSpec spec;
    spec.shell_code = "pwd";
    spec.cwd = ".parallel/tmp/h-1-7";
    spec.make_cwd = true;
    CHECK(code_with_job_context(spec) ==
          "mkdir -p -- .parallel/tmp/h-1-7 && cd .parallel/tmp/h-1-7 || exit 255\npwd");
    spec.remove_cwd = true;
    spec.cwd = "it's";
    CHECK(code_with_job_context(spec) ==
          "mkdir -p -- 'it'\"'\"'s' && cd 'it'\"'\"'s' || exit 255\n"
          "trap 'cd && rm -rf -- '\"'\"'it'\"'\"'\"'\"'\"'\"'\"'\"'s'\"'\" EXIT\npwd");
}

TEST_CASE("--env: variables are exported as data, bash functions imported by bash itself") {
    LaunchSpec spec;
    spec.shell_code = "f $X";
    spec.env = {"X=$(date)", "BASH_FUNC_f%%=() {  echo \"in f $1\"\n}"};
    CHECK(code_with_job_context(spec) == "exec env 'BASH_FUNC_f%%=() {  echo \"in f $1\"\n}' bash "
                                         "-c 'export X='\"'\"'$(date)'\"'\"'\nf $X'");
}
