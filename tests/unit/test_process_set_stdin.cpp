// ProcessSet's stdin pipes: what is queued reaches the job in order, however much it is
// (more than a pipe holds), and closing gives the job EOF.

#include <fcntl.h>
#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/proc/process_set.hpp>

namespace {

struct Collect : prun::ProcessObserver {
    std::string out;
    bool exited = false;
    int drained = 0;
    prun::ExitStatus status;
    void on_output(std::uint64_t, prun::Stream stream, std::string_view data) override {
        if (stream == prun::Stream::out) out.append(data);
    }
    void on_exit(std::uint64_t, const prun::ProcessExit& exit) override {
        exited = true;
        status = exit.status;
    }
    void on_signal(int) override {}
    void on_input_ready() override {}
    void on_stdin_drained(std::uint64_t) override { ++drained; }
};

} // namespace

TEST_CASE("stdin pipe feeds a job more than a pipe buffer holds") {
    prun::Fd devnull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    prun::SpawnContext context;
    context.devnull_fd = devnull.get();
    ::getrlimit(RLIMIT_NOFILE, &context.original_nofile);
    prun::ProcessSet processes(context);

    // The job reads nothing for a moment, so the pipe fills and the rest must wait.
    char arg0[] = "sh";
    char arg1[] = "-c";
    char arg2[] = "sleep 0.2; exec cat";
    char* argv[] = {arg0, arg1, arg2, nullptr};
    char* envp[] = {nullptr};
    prun::SpawnRequest request;
    request.path = "/bin/sh";
    request.argv = argv;
    request.envp = envp;
    int err = 0;
    REQUIRE(processes.start(7, request, true, err, true) > 0);

    std::string expected;
    for (int i = 0; expected.size() < 3 * 1024 * 1024; ++i)
        expected += "line " + std::to_string(i) + "\n";
    processes.write_stdin(7, expected.substr(0, 1000));
    processes.write_stdin(7, expected.substr(1000));
    CHECK(processes.stdin_pending(7) > 0); // cat cannot have taken 3 MiB yet
    processes.close_stdin(7);

    Collect collect;
    while (!collect.exited)
        processes.wait(5000, -1, collect);
    CHECK(collect.status.success());
    CHECK(collect.drained >= 1);
    CHECK(collect.out.size() == expected.size());
    CHECK(collect.out == expected);
}

TEST_CASE("closing stdin at once discards what is queued") {
    prun::Fd devnull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    prun::SpawnContext context;
    context.devnull_fd = devnull.get();
    ::getrlimit(RLIMIT_NOFILE, &context.original_nofile);
    prun::ProcessSet processes(context);

    char arg0[] = "sh";
    char arg1[] = "-c";
    char arg2[] = "sleep 0.2; exec wc -c";
    char* argv[] = {arg0, arg1, arg2, nullptr};
    char* envp[] = {nullptr};
    prun::SpawnRequest request;
    request.path = "/bin/sh";
    request.argv = argv;
    request.envp = envp;
    int err = 0;
    REQUIRE(processes.start(1, request, true, err, true) > 0);
    processes.write_stdin(1, std::string(4 * 1024 * 1024, 'x'));
    processes.close_stdin(1, true);
    CHECK(processes.stdin_pending(1) == 0);

    Collect collect;
    while (!collect.exited)
        processes.wait(5000, -1, collect);
    CHECK(collect.status.success());
    CHECK(std::stoul(collect.out) < 4u * 1024 * 1024);
}
