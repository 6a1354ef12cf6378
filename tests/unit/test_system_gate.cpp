// --load, --memfree, --noswap and --limit: the /proc parsers, the gate over files a test
// writes (a directory standing in for /proc), and the scheduler driven through a fake gate.

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#include <catch2/catch.hpp>

#include <prun/sched/scheduler.hpp>
#include <prun/sched/system_gate.hpp>
#include <prun/util/error.hpp>

#include "fake_runner.hpp"
#include "mem_file.hpp"

using namespace prun;
using prun::testing::FakeClock;
using prun::testing::FakeRunner;

namespace {

const char* const k_stat = "cpu  1 2 3 4\nintr 5\nctxt 6\nprocs_running 4\nprocs_blocked 2\n";
const char* const k_meminfo = "MemTotal:       16000000 kB\n"
                              "MemFree:         1000000 kB\n"
                              "MemAvailable:    9000000 kB\n"
                              "Buffers:           20000 kB\n"
                              "Cached:           400000 kB\n"
                              "SwapCached:         1000 kB\n"
                              "Active:          5000000 kB\n";

// A directory that stands in for /proc, with the files a test writes into it.
class FakeProc {
public:
    FakeProc() {
        const char* root = std::getenv("PRUN_TEST_TMP");
        std::string base = root ? root : "/tmp";
        ::mkdir(base.c_str(), 0700);
        std::string templ = base + "/fake-proc.XXXXXX";
        m_dir = ::mkdtemp(templ.data());
        set_load(1);
        set_free_kib(1000000);
        set_swap(0, 0);
        write("diskstats", "   8       0 sda 1 2 3 4 5 6 7 8 0 1000 20\n");
    }
    ~FakeProc() {
        for (const char* name : {"stat", "meminfo", "vmstat", "diskstats", "load"})
            ::unlink((m_dir + '/' + name).c_str());
        ::rmdir(m_dir.c_str());
    }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(m_dir + '/' + name) << text;
    }
    // prun reading counts as one running process.
    void set_load(int busy) {
        write("stat", "procs_running " + std::to_string(busy + 1) + "\nprocs_blocked 0\n");
    }
    void set_free_kib(long kib) { write("meminfo", "MemFree: " + std::to_string(kib) + " kB\n"); }
    void set_swap(int in, int out) {
        write("vmstat",
              "pgpgin 1\npswpin " + std::to_string(in) + "\npswpout " + std::to_string(out) + "\n");
    }
    const std::string& dir() const { return m_dir; }

private:
    std::string m_dir;
};

MonoTime at_ms(long long ms) {
    return MonoTime(std::chrono::milliseconds(ms));
}

SystemGate gate(const FakeProc& proc, LoadLimits limits, MonoTime now = at_ms(0)) {
    return SystemGate(std::move(limits), SystemState(proc.dir()), 4, "/bin/sh", now);
}

} // namespace

TEST_CASE("system state: GNU's measures from /proc's text") {
    CHECK(instant_load(k_stat) == 5.0); // 4 running (one of them prun) + 2 blocked
    CHECK(instant_load("procs_running 0\nprocs_blocked 0\n") == 0.0);
    CHECK_FALSE(instant_load("cpu 1 2 3\n"));
    CHECK(free_memory(k_meminfo) == (1000000ULL + 20000 + 400000 + 1000) * 1024);
    CHECK_FALSE(free_memory("nothing: 1\n"));
    auto swap = swap_counters("nr_free_pages 3\npswpin 17\npswpout 42\npgfault 1\n");
    REQUIRE(swap);
    CHECK(swap->in == 17);
    CHECK(swap->out == 42);
    CHECK_FALSE(swap_counters("pswpin 1\n"));
    auto disks = disk_busy_ms("   8       0 sda 1 2 3 4 5 6 7 8 0 1500 20 0 0 0 0\n"
                              "   8       1 sda1 1 2 3 4 5 6 7 8 0 700 20\n"
                              "   7       0 loop0 short\n");
    CHECK(disks == std::map<std::string, std::uint64_t>{{"sda", 1500}, {"sda1", 700}});
    CHECK(busiest_disk_percent({{"sda", 1000}, {"sdb", 0}}, {{"sda", 1250}, {"sdb", 900}}, 1000) ==
          Approx(90));
    CHECK(busiest_disk_percent({{"sda", 0}}, {{"sda", 5000}}, 1000) == 100);
}

TEST_CASE("system gate: --load's values as -j takes them, 0 as 0.01") {
    CHECK(parse_max_load("3", 8) == 3.0);
    CHECK(parse_max_load("2.5", 8) == 2.5);
    CHECK(parse_max_load("50%", 8) == 4.0);
    CHECK(parse_max_load("+2", 8) == 10.0);
    CHECK(parse_max_load("-2", 8) == 6.0);
    CHECK(parse_max_load("-20", 8) == 0.01);
    CHECK(parse_max_load("0", 8) == 0.01);
    CHECK(parse_max_load(" 3\n", 8) == 3.0);
    CHECK_FALSE(parse_max_load("", 8));
    CHECK_FALSE(parse_max_load("x", 8));
    CHECK_FALSE(parse_max_load("3x", 8));
    CHECK_FALSE(parse_max_load("%", 8));
}

TEST_CASE("system gate: --limit's built-ins") {
    auto mem = parse_limit_builtin("mem 2K");
    REQUIRE(mem);
    CHECK(mem->kind == LimitBuiltin::Kind::mem);
    CHECK(mem->value == 2048);
    auto load = parse_limit_builtin("load 3");
    REQUIRE(load);
    CHECK(load->kind == LimitBuiltin::Kind::load);
    CHECK(parse_limit_builtin("io 50")->kind == LimitBuiltin::Kind::io);
    CHECK_FALSE(parse_limit_builtin("mem"));
    CHECK_FALSE(parse_limit_builtin("load x"));
    CHECK_FALSE(parse_limit_builtin("load 3 4"));
    CHECK_FALSE(parse_limit_builtin("my_check 3"));
}

TEST_CASE("system gate: --load holds starts while the load is at or over it") {
    FakeProc proc;
    LoadLimits limits;
    limits.load = "2";
    SystemGate g = gate(proc, limits);
    proc.set_load(1);
    CHECK(g.may_start(at_ms(0)));
    proc.set_load(2);
    CHECK_FALSE(g.may_start(at_ms(10)));
    CHECK(g.why() == "load 2 is at or over --load 2");
    CHECK_FALSE(g.watches_running_jobs());
    // A file: read again when it changes.
    proc.write("load", "4\n");
    limits.load = proc.dir() + "/load";
    SystemGate from_file = gate(proc, limits);
    CHECK(from_file.may_start(at_ms(0)));
    limits.load = "lots";
    CHECK_THROWS_WITH(gate(proc, limits),
                      "invalid value 'lots' for --load: expected N, N%, +N or -N (as -j), or a "
                      "file holding one");
}

TEST_CASE("system gate: --memfree holds starts below SIZE and kills below half") {
    FakeProc proc;
    LoadLimits limits;
    limits.memfree = 1000 * 1024;
    SystemGate g = gate(proc, limits);
    CHECK(g.watches_running_jobs());
    proc.set_free_kib(1000);
    CHECK(g.may_start(at_ms(0)));
    CHECK_FALSE(g.must_kill_youngest(at_ms(0)));
    proc.set_free_kib(999);
    CHECK_FALSE(g.may_start(at_ms(0)));
    CHECK_FALSE(g.must_kill_youngest(at_ms(0)));
    proc.set_free_kib(499);
    CHECK(g.must_kill_youngest(at_ms(0)));
    CHECK(g.why() == "free memory 0.5 MiB is under half of --memfree 1.0 MiB");
}

TEST_CASE("system gate: --noswap holds starts while pages go both in and out") {
    FakeProc proc;
    LoadLimits limits;
    limits.noswap = true;
    proc.set_swap(10, 10);
    SystemGate g = gate(proc, limits);
    proc.set_swap(20, 10); // only in
    CHECK(g.may_start(at_ms(1000)));
    proc.set_swap(30, 20); // in and out
    CHECK_FALSE(g.may_start(at_ms(2000)));
    CHECK(g.why() == "the machine is swapping in and out (--noswap)");
    // Within the second the verdict stands; a quiet second after, starts go on.
    CHECK_FALSE(g.may_start(at_ms(2500)));
    CHECK(g.may_start(at_ms(3100)));
}

TEST_CASE("system gate: --limit's exit status: 0 start, 1 wait, 2 kill the youngest") {
    FakeProc proc;
    LoadLimits limits;
    std::string answer = proc.dir() + "/answer";
    limits.limit = "exit $(cat " + answer + ")";
    SystemGate g = gate(proc, limits);
    CHECK(g.watches_running_jobs());
    std::ofstream(answer) << "0";
    CHECK(g.may_start(at_ms(0)));
    CHECK_FALSE(g.must_kill_youngest(at_ms(0)));
    std::ofstream(answer) << "1";
    CHECK_FALSE(g.may_start(at_ms(0)));
    CHECK_FALSE(g.must_kill_youngest(at_ms(0)));
    std::ofstream(answer) << "2";
    CHECK_FALSE(g.may_start(at_ms(0)));
    CHECK(g.must_kill_youngest(at_ms(0)));
    ::unlink(answer.c_str());
    // $SSHLOGIN is ":" (this machine), as in GNU.
    limits.limit = "test \"$SSHLOGIN\" = :";
    CHECK(gate(proc, limits).may_start(at_ms(0)));
    limits.limit = "mem 1000K";
    SystemGate mem = gate(proc, limits);
    proc.set_free_kib(400);
    CHECK(mem.must_kill_youngest(at_ms(0)));
    limits.limit = "load 1";
    proc.set_load(2);
    CHECK_FALSE(gate(proc, limits).may_start(at_ms(0)));
    limits.limit = "io 50";
    SystemGate io = gate(proc, limits);
    proc.write("diskstats", "   8       0 sda 1 2 3 4 5 6 7 8 0 1900 20\n");
    CHECK_FALSE(io.may_start(at_ms(1000))); // 900 ms busy of 1000
    proc.write("diskstats", "   8       0 sda 1 2 3 4 5 6 7 8 0 2000 20\n");
    CHECK(io.may_start(at_ms(2000))); // 100 ms of 1000
}

TEST_CASE("system gate: what cannot be measured is an error before any job") {
    FakeProc proc;
    proc.write("stat", "cpu 1\n");
    proc.write("vmstat", "nothing 1\n");
    LoadLimits limits;
    limits.load = "3";
    CHECK_THROWS_WITH(gate(proc, limits), "--load: cannot read the number of running processes "
                                          "(procs_running in /proc/stat)");
    limits = {};
    limits.noswap = true;
    CHECK_THROWS_WITH(gate(proc, limits), "--noswap: cannot read the swap activity (pswpin and "
                                          "pswpout in /proc/vmstat)");
}

namespace {

// A gate a test opens, closes and has kill, counting how often it is asked.
class FakeGate final : public StartGate {
public:
    bool may_start(MonoTime) override {
        ++asked;
        return open;
    }
    bool must_kill_youngest(MonoTime) override {
        ++kill_asked;
        return std::exchange(kill, false);
    }
    bool watches_running_jobs() const override { return true; }
    std::string why() const override { return "test"; }

    bool open = true;
    bool kill = false;
    int asked = 0;
    int kill_asked = 0;
};

class Jobs final : public JobStream {
public:
    explicit Jobs(int n) : m_n(n) {}
    Status next(Job& job) override {
        if (m_next == m_n) return Status::done;
        job = Job{};
        job.seq = static_cast<std::uint64_t>(++m_next);
        job.command = "job";
        return Status::ready;
    }
    bool exhausted() const override { return m_next == m_n; }
    std::uint64_t count() const override { return static_cast<std::uint64_t>(m_next); }

private:
    int m_n;
    int m_next = 0;
};

struct GateFixture {
    FakeClock clock;
    FakeRunner runner{clock};
    SchedulerPolicy policy;
    MemFile out_file, err_file;
    Writer out{out_file.fd()};
    Writer err{err_file.fd()};
    OutputMux mux{OutputMode::group, false, out, err};
    FakeGate gate;

    RunResult run(int jobs) {
        Jobs stream(jobs);
        CommandSettings settings;
        CommandBuilder commands(settings);
        Scheduler scheduler(policy, stream, commands, runner, mux, out, err, {}, clock);
        scheduler.use_gate(gate);
        return scheduler.run();
    }
};

// Opens the gate once the clock reaches `ms`.
class OpensAt final : public StartGate {
public:
    OpensAt(const FakeClock& clock, long long ms) : m_clock(clock), m_ms(ms) {}
    bool may_start(MonoTime) override {
        ++asked;
        return m_clock.ms() >= m_ms;
    }
    bool must_kill_youngest(MonoTime) override { return false; }
    bool watches_running_jobs() const override { return false; }
    std::string why() const override { return "closed"; }
    int asked = 0;

private:
    const FakeClock& m_clock;
    long long m_ms;
};

} // namespace

TEST_CASE("scheduler: a closed gate is asked again about once a second, never in a spin") {
    GateFixture f;
    f.policy.max_jobs = 2;
    f.runner.script("job", {{.run_ms = 100}});
    OpensAt gate(f.clock, 2500);
    Jobs stream(2);
    CommandSettings settings;
    CommandBuilder commands(settings);
    Scheduler scheduler(f.policy, stream, commands, f.runner, f.mux, f.out, f.err, {}, f.clock);
    scheduler.use_gate(gate);
    RunResult result = scheduler.run();
    CHECK(f.runner.log == std::vector<std::string>{"3000 start 1 slot 1", "3000 start 2 slot 2",
                                                   "3100 exit 1", "3100 exit 2"});
    CHECK(gate.asked == 5); // at 0, 1000, 2000, 3000 (job 1) and 3000 (job 2)
    CHECK(f.runner.waits <= 6);
    CHECK(result.summary.jobs == 2);
}

TEST_CASE("scheduler: the gate's kill takes the youngest job, retried if --retries allows") {
    GateFixture f;
    f.policy.max_jobs = 3;
    f.policy.attempts = 2;
    f.runner.script("job", {{.run_ms = 1500}});
    f.gate.kill = true;
    RunResult result = f.run(3);
    // Job 3 (the youngest) gets SIGTERM at the first check, then runs again when a slot is
    // free and the gate lets it start.
    CHECK(f.runner.log == std::vector<std::string>{"0 start 1 slot 1", "0 start 2 slot 2",
                                                   "0 start 3 slot 3", "0 SIGTERM 3", "0 exit 3",
                                                   "0 start 3 slot 3", "1500 exit 1", "1500 exit 2",
                                                   "1500 exit 3"});
    CHECK(result.summary.failed == 0);
    CHECK(f.err_file.contents() == "prun: test: killing job 3, the youngest\n");
}

TEST_CASE("scheduler: without --retries the gate's kill fails the youngest job") {
    GateFixture f;
    f.policy.max_jobs = 2;
    f.runner.script("job", {{.run_ms = 1500}});
    f.gate.kill = true;
    RunResult result = f.run(2);
    CHECK(result.summary.failed == 1);
    CHECK(f.gate.kill_asked >= 1);
}

TEST_CASE("system gate: --memsuspend holds starts below SIZE and shares memory as GNU") {
    CHECK(jobs_to_run_in_memory(2000, 1000, 5) == std::nullopt);
    CHECK(jobs_to_run_in_memory(999, 1000, 5) == 1u);
    CHECK(jobs_to_run_in_memory(1000, 1000, 5) == 2u); // int(1 / 1) + 1
    CHECK(jobs_to_run_in_memory(1500, 1000, 5) == 3u); // int(1 / 0.5) + 1
    CHECK(jobs_to_run_in_memory(1900, 1000, 5) == 5u); // int(10) + 1, at most all
    CHECK(jobs_to_run_in_memory(1500, 1000, 2) == 2u);
    CHECK(jobs_to_run_in_memory(0, 1000, 3) == 1u);
    FakeProc proc;
    LoadLimits limits;
    limits.memsuspend = 1000 * 1024;
    limits.memfree = 100 * 1024;
    SystemGate g = gate(proc, limits);
    CHECK(g.watches_running_jobs());
    CHECK(g.suspends_jobs());
    proc.set_free_kib(1100);
    CHECK(g.may_start(at_ms(0)));
    proc.set_free_kib(1099);
    CHECK_FALSE(g.may_start(at_ms(0)));
    CHECK(g.why() == "free memory 1.1 MiB is under --memsuspend + --memfree 1.1 MiB");
    CHECK(g.jobs_to_run(4) == 2u);
    CHECK(g.why() == "free memory 1.1 MiB is under twice --memsuspend 1.0 MiB");
    proc.set_free_kib(2000);
    CHECK(g.jobs_to_run(4) == std::nullopt);
}
