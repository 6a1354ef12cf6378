// The unit tests' main: each run in a scratch directory of its own (ccache's
// unittest/main.cpp), so files a test or the code under test writes (through TMPDIR too)
// never meet another run's. Removed when every test passed; kept, and named, when one
// failed.
#define CATCH_CONFIG_RUNNER
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

#include <catch2/catch.hpp>

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    const char* base = std::getenv("PRUN_TEST_TMP");
    if (base == nullptr || *base == '\0') base = std::getenv("TMPDIR");
    if (base == nullptr || *base == '\0') base = "/tmp";
    std::error_code ec;
    fs::create_directories(base, ec);
    std::string scratch = std::string(base) + "/prun-unit.XXXXXX";
    if (::mkdtemp(scratch.data()) == nullptr || ::chdir(scratch.c_str()) != 0) {
        std::perror(
            ("unit tests: cannot make a scratch directory in " + std::string(base)).c_str());
        return 2;
    }
    ::setenv("TMPDIR", scratch.c_str(), 1);

    int failed = Catch::Session().run(argc, argv);

    if (::chdir("/") != 0) return 2;
    if (failed == 0)
        fs::remove_all(scratch, ec);
    else
        std::fprintf(stderr, "unit tests: scratch directory kept: %s\n", scratch.c_str());
    return failed;
}
