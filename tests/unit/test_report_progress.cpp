#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/report/progress.hpp>
#include <prun/report/progress_line.hpp>

using namespace prun;

namespace {

// Columns a line takes on screen: colour sequences take none.
std::size_t visible_width(const std::string& line) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\x1B') {
            i = line.find('m', i); // an SGR sequence: ESC [ ... m
            REQUIRE(i != std::string::npos);
            continue;
        }
        ++width;
    }
    return width;
}

ProgressSnapshot halfway() {
    ProgressSnapshot s;
    s.done = 450;
    s.total = 1000;
    s.running = 4;
    s.failed = 2;
    s.elapsed = 12.3;
    s.eta = 14.2;
    return s;
}

} // namespace

TEST_CASE("clock times") {
    CHECK(format_clock(0) == "0:00");
    CHECK(format_clock(7.9) == "0:07");
    CHECK(format_clock(754) == "12:34");
    CHECK(format_clock(3723) == "1:02:03");
    CHECK(format_clock(-1) == "0:00");
}

TEST_CASE("a wide terminal shows every field") {
    std::string line = format_progress(halfway(), 200, {});
    CHECK(line == "45% 450/1000 | 4 running | 2 failed | 0:12 elapsed | ETA 0:15 | 36.6 jobs/s");
}

TEST_CASE("--bar draws a graph of the fraction done, as wide as the terminal allows") {
    std::string line = format_progress(halfway(), 160, {true, false});
    CHECK(line ==
          "[##################                      ] 45% 450/1000 | 4 running | 2 failed | "
          "0:12 elapsed | ETA 0:15 | 36.6 jobs/s");
    // The graph's width depends on the terminal only, not on the numbers beside it.
    ProgressSnapshot later = halfway();
    later.done = 999;
    later.elapsed = 100;
    CHECK(format_progress(later, 160, {true, false}).find("] ") == line.find("] "));
}

TEST_CASE("a narrow terminal drops the least useful fields first") {
    ProgressSnapshot s = halfway();
    CHECK(format_progress(s, 70, {}) ==
          "45% 450/1000 | 4 running | 2 failed | 0:12 elapsed | ETA 0:15");
    CHECK(format_progress(s, 50, {}) == "45% 450/1000 | 4 running | 2 failed | ETA 0:15");
    CHECK(format_progress(s, 40, {}) == "45% 450/1000 | 2 failed | ETA 0:15");
    CHECK(format_progress(s, 20, {}) == "45% 450/1000");
    CHECK(format_progress(s, 5, {}) == "45% 4");
    // The graph goes after the rate, the elapsed time and the running count.
    CHECK(format_progress(s, 60, {true, false}) ==
          "[######         ] 45% 450/1000 | 2 failed | ETA 0:15");
    CHECK(format_progress(s, 45, {true, false}) == "45% 450/1000 | 2 failed | ETA 0:15");
}

TEST_CASE("the line never exceeds the width it is given") {
    ProgressSnapshot s = halfway();
    for (bool graph : {false, true})
        for (bool color : {false, true})
            for (unsigned width = 0; width <= 200; ++width)
                CHECK(visible_width(format_progress(s, width, {graph, color})) <= width);
}

TEST_CASE("until the total is known: a count, and no percent, ETA or graph") {
    ProgressSnapshot s;
    s.done = 12;
    s.running = 3;
    s.elapsed = 2;
    CHECK(format_progress(s, 200, {true, false}) ==
          "12 done | 3 running | 0 failed | 0:02 elapsed | 6.0 jobs/s");
}

TEST_CASE("before any job has ended the ETA is unknown") {
    ProgressSnapshot s;
    s.total = 10;
    s.running = 2;
    CHECK(format_progress(s, 200, {}) ==
          "0% 0/10 | 2 running | 0 failed | 0:00 elapsed | ETA --:--");
}

TEST_CASE("the ETA rounds up, so it reads 0:00 only when nothing is left") {
    ProgressSnapshot s = halfway();
    s.eta = 0.2;
    CHECK(format_progress(s, 200, {}).find("ETA 0:01") != std::string::npos);
}

TEST_CASE("failures are red when colour is on, and only when there are some") {
    std::string line = format_progress(halfway(), 200, {false, true});
    CHECK(line.find("\x1B[1;31m2 failed\x1B[0m") != std::string::npos);
    ProgressSnapshot fine = halfway();
    fine.failed = 0;
    CHECK(format_progress(fine, 200, {false, true}).find('\x1B') == std::string::npos);
}

TEST_CASE("the ETA divides the work left among the slots that will be busy") {
    EtaInputs in;
    in.mean_duration = 2;
    in.queued = 10;
    in.running = 4;
    in.running_left = 4; // 4 jobs with 1 s left each
    in.longest_left = 1;
    in.max_jobs = 4;
    CHECK(estimate_eta(in) == Approx((10 * 2 + 4) / 4.0));
    in.max_jobs = 100; // only 14 jobs left to spread
    CHECK(estimate_eta(in) == Approx((10 * 2 + 4) / 14.0));
    in.queued = 0; // the last ones: the job expected to end last decides
    CHECK(estimate_eta(in) == Approx(1));
}

TEST_CASE("the reporter counts tasks and estimates from their durations") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    Terminal not_a_terminal(fds[1]);
    REQUIRE_FALSE(not_a_terminal.smart());
    MonoTime t0 = MonoClock::now();
    std::uint64_t total = 10;
    ProgressReporter progress(
        not_a_terminal, {}, 2, [&] { return std::optional(total); }, t0);

    auto task = [&](std::uint64_t seq, double start, double end, bool ok) {
        TaskRecord record;
        record.seq = seq;
        record.start = t0 + std::chrono::milliseconds(static_cast<int>(start * 1000));
        record.end = t0 + std::chrono::milliseconds(static_cast<int>(end * 1000));
        record.status = ExitStatus::exited_with(ok ? 0 : 1);
        return record;
    };
    progress.on_start(task(1, 0, 0, true));
    progress.on_start(task(2, 0, 0, true));
    progress.on_end(task(1, 0, 2, true));
    progress.on_end(task(2, 0, 2, false));
    progress.on_start(task(3, 2, 0, true));
    progress.on_start(task(4, 2, 0, true));
    TaskRecord skipped;
    skipped.seq = 5;
    skipped.skipped = true;
    progress.on_end(skipped); // never started: counted, but no duration

    ProgressSnapshot s = progress.snapshot(t0 + std::chrono::milliseconds(3000));
    CHECK(s.done == 3);
    CHECK(s.failed == 2);
    CHECK(s.running == 2);
    CHECK(s.total == 10u);
    CHECK(s.elapsed == Approx(3));
    REQUIRE(s.eta.has_value());
    // Mean 2 s; 5 queued; the two running have 1 s left each; 2 slots.
    CHECK(*s.eta == Approx((5 * 2 + 2) / 2.0));

    progress.on_run_end({});
    CHECK(progress.ms_until_due(t0) == -1);
    ::close(fds[0]);
    ::close(fds[1]);
}

TEST_CASE("the reporter asks to be woken when its next redraw is due") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    Terminal terminal(fds[1]);
    MonoTime t0 = MonoClock::now();
    ProgressReporter progress(terminal, {}, 1, nullptr, t0);
    CHECK(progress.ms_until_due(t0) >= 100);
    CHECK(progress.ms_until_due(t0) <= 101);
    CHECK(progress.ms_until_due(t0 + std::chrono::milliseconds(150)) == 0);
    progress.tick(t0 + std::chrono::milliseconds(150)); // draws, then waits 100 ms again
    CHECK(progress.ms_until_due(t0 + std::chrono::milliseconds(150)) >= 100);
    ::close(fds[0]);
    ::close(fds[1]);
}
