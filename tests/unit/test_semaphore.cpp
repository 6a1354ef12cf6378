// The counting semaphore's slot files (sem/semaphore.hpp). flock(2) locks belong to open
// files, so two opens in one process contend like two processes do.

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/sem/semaphore.hpp>

using namespace prun::sem;

namespace {

std::string scratch_root() {
    return std::string(std::getenv("TMPDIR")) + "/semaphores";
}

} // namespace

TEST_CASE("semaphore root: PARALLEL_HOME, XDG_RUNTIME_DIR, then ~/.parallel") {
    std::map<std::string, std::string> env;
    prun::Environment get = [&env](const std::string& name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
    env["HOME"] = "/home/u";
    CHECK(semaphore_root(get) == "/home/u/.parallel/semaphores");
    env["XDG_RUNTIME_DIR"] = "/run/user/7";
    CHECK(semaphore_root(get) == "/run/user/7/prun/semaphores");
    env["PARALLEL_HOME"] = "/p";
    CHECK(semaphore_root(get) == "/p/semaphores");
    env["PARALLEL_HOME"] = ""; // empty is unset
    CHECK(semaphore_root(get) == "/run/user/7/prun/semaphores");
}

TEST_CASE("semaphore names are escaped into one directory name") {
    CHECK(semaphore_dir_name("build-1.x_y") == "id-build-1.x_y");
    CHECK(semaphore_dir_name("/dev/pts/3") == "id-%2fdev%2fpts%2f3");
    CHECK(semaphore_dir_name("..") == "id-..");
    CHECK(semaphore_dir_name("a b") != semaphore_dir_name("a_b"));
}

TEST_CASE("three slots: a fourth taker waits; a released slot is taken again") {
    Semaphore sem(scratch_root(), "three", 3);
    auto a = sem.acquire(0);
    auto b = sem.acquire(0);
    auto c = sem.acquire(0);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(a->number == 0);
    CHECK(b->number == 1);
    CHECK(c->number == 2);
    auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(sem.acquire(-0.05)); // gives up
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(50));
    auto stolen = sem.acquire(0.05); // takes it anyway, without a lock
    REQUIRE(stolen);
    CHECK_FALSE(stolen->fd);
    b.reset();
    auto d = sem.acquire(-1);
    REQUIRE(d);
    CHECK(d->number == 1);
}

TEST_CASE("a holder that dies frees its slot") {
    Semaphore sem(scratch_root(), "killed", 1);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        Semaphore mine(scratch_root(), "killed", 1);
        auto slot = mine.acquire(0);
        ::pause(); // holds it until killed
        ::_exit(0);
    }
    // Wait until the child has it, then kill it.
    for (int i = 0; i < 400; ++i) {
        auto probe = sem.acquire(-0.001);
        if (!probe) break;
        probe.reset();
        ::usleep(5000);
    }
    CHECK_FALSE(sem.acquire(-0.01));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(sem.acquire(-1));
}

TEST_CASE("wait_all returns once every slot is free") {
    Semaphore sem(scratch_root(), "drain", 2);
    auto a = sem.acquire(0);
    REQUIRE(a);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Our copy of the parent's descriptor closed: the lock then lives in the parent
        // alone, and wait_all (fresh opens) must block until the parent lets go.
        a.reset();
        Semaphore mine(scratch_root(), "drain", 2);
        mine.wait_all();
        ::_exit(0);
    }
    ::usleep(50000);
    int status = 0;
    CHECK(::waitpid(child, &status, WNOHANG) == 0); // still waiting
    a.reset();
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
}
