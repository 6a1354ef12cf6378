#include <catch2/catch.hpp>

#include <prun/report/joblog.hpp>
#include <prun/report/json_text.hpp>
#include <prun/report/results.hpp>
#include <prun/report/results_table.hpp>
#include <prun/report/timeline.hpp>
#include <prun/util/utf8.hpp>

using namespace prun;
using namespace std::string_literals;

namespace {

TaskRecord make_task(std::uint64_t seq, double seconds) {
    TaskRecord task;
    task.seq = seq;
    task.command = "echo hi";
    task.start_wall = WallTime(std::chrono::milliseconds(1714567890123));
    task.start = MonoTime(std::chrono::seconds(100));
    task.end = task.start + std::chrono::duration_cast<MonoClock::duration>(
                                std::chrono::duration<double>(seconds));
    task.stdout_bytes = 3;
    return task;
}

} // namespace

TEST_CASE("joblog lines are GNU parallel's") {
    TaskRecord task = make_task(7, 1.23456);
    CHECK(joblog_line(task) == "7\t:\t1714567890.123\t     1.234\t0\t3\t0\t0\techo hi\n");
    task.status = ExitStatus::exited_with(3);
    task.command = "printf 'a\nb'";
    CHECK(joblog_line(task) == "7\t:\t1714567890.123\t     1.234\t0\t3\t3\t0\tprintf 'a\0b'\n"s);
    task.command = std::string(1, 'x');
    task.status = ExitStatus::killed_by(9);
    CHECK(joblog_line(task) == "7\t:\t1714567890.123\t     1.234\t0\t3\t0\t9\tx\n");
    task.timed_out = true;
    task.status = ExitStatus::killed_by(15);
    CHECK(joblog_line(task) == "7\t:\t1714567890.123\t     1.234\t0\t3\t-1\t15\tx\n");
    task.timed_out = false;
    task.status = ExitStatus::failed_to_start(2);
    task.host = "server";
    CHECK(joblog_line(task) == "7\tserver\t1714567890.123\t     1.234\t0\t3\t127\t0\tx\n");
}

TEST_CASE("JSON strings are valid UTF-8 whatever the bytes") {
    CHECK(json_string("plain") == "\"plain\"");
    CHECK(json_string("q\"b\\n\nt\tc\x01") == "\"q\\\"b\\\\n\\nt\\tc\\u0001\"");
    CHECK(json_string("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
    CHECK(json_string("bad\xFF\xC3") == "\"bad\xEF\xBF\xBD\xEF\xBF\xBD\"");
    CHECK(json_string("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""); // surrogate
    CHECK(utf8_sequence_length("\xF0\x9F\x98\x80") == 4);
    CHECK(utf8_sequence_length("\xC0\xAF") == 0); // overlong '/'
    CHECK(json_number(0.25) == "0.25");
    CHECK(json_number(3) == "3");
    CHECK(json_number(1.0 / 3) == "0.333333");
    CHECK(iso8601(WallTime(std::chrono::milliseconds(1714567890123))) ==
          "2024-05-01T12:51:30.123Z");
}

TEST_CASE("task members hold every fact a report promises") {
    TaskRecord task = make_task(2, 0.5);
    task.name = "build";
    task.pid = 1234;
    task.slot = 1;
    task.status = ExitStatus::killed_by(9);
    std::string json = "{";
    append_task_members(json, task);
    json += "}";
    for (const char* key :
         {"\"seq\":2", "\"name\":\"build\"", "\"command\":\"echo hi\"", "\"host\":", "\"pid\":1234",
          "\"start\":\"2024-05-01T12:51:30.123Z\"", "\"end\":\"2024-05-01T12:51:30.623Z\"",
          "\"duration\":0.5", "\"exit_code\":null", "\"signal\":9", "\"status\":\"failed\"",
          "\"attempts\":1", "\"user_cpu\":0", "\"sys_cpu\":0", "\"max_rss_kb\":0",
          "\"stdout_bytes\":3", "\"stderr_bytes\":0"})
        CHECK_THAT(json, Catch::Contains(key));
    task.skipped = true;
    json = std::string(1, '{');
    append_task_members(json, task);
    CHECK_THAT(json, Catch::Contains("\"pid\":null"));
    CHECK_THAT(json, Catch::Contains("\"status\":\"skipped\""));
    CHECK_THAT(json, Catch::Contains("\"attempts\":0"));
}

TEST_CASE("results folders are GNU parallel's, each one safe path component") {
    using Path = std::vector<std::string>;
    TaskRecord task = make_task(3, 0);
    CHECK(result_folder_path(task) == Path{}); // no arguments: DIR itself, as GNU
    task.args = {"a.txt"};
    CHECK(result_folder_path(task) == Path{"1", "a.txt"});
    task.args = {"../../etc/passwd", "x\ty\\"};
    CHECK(result_folder_path(task) == Path{"1", "..\\_..\\_etc\\_passwd", "2", "x\\ty\\\\"});
    task.args = {"..", ".", ""};
    CHECK(result_folder_path(task) == Path{"1", "\\..", "2", "\\.", "3"});
    task.args = {std::string(300, 'a')};
    CHECK(result_folder_path(task) == Path{"1", std::string(255, 'a')});
    // --header's names, sorted by number, then by name (GNU: "m" before "n", 2 before 10).
    task.args = {"a", "x", "y", "z"};
    CHECK(result_folder_path(task, {"n", "m", "10", "2"}) ==
          Path{"m", "x", "n", "a", "2", "z", "10", "y"});
    CHECK(result_folder_path(task, {"../up", "", "", ""}) ==
          Path{"..\\_up", "a", "2", "x", "3", "y", "4", "z"});
    task.name = "build/all"; // a job file's job: its name stands for its argument
    CHECK(result_folder_path(task) == Path{"1", "build\\_all"});
}

TEST_CASE("the timeline has a bar per job, a row per slot, an axis and a legend") {
    std::vector<TimelineEntry> entries = {
        {1, "gen", "./gen.sh", 1, 0.0, 1.0, "ok", "exited 0"},
        {2, "build <all>", "make & co", 2, 0.1, 2.5, "failed", "exited 2"},
        {3, "3", "never", 0, 2.5, 2.5, "skipped", "skipped"},
        {4, "bad\xFF", "x\x01y", 1, 1.0, 1.5, "timeout", "killed by SIGTERM"}};
    std::string svg = render_timeline(entries, false);
    CHECK_THAT(svg, Catch::StartsWith("<?xml"));
    CHECK_THAT(svg, Catch::Contains("<title>gen (job 1)\n./gen.sh\nexited 0, 1.00 s</title>"));
    CHECK_THAT(svg, Catch::Contains("build &lt;all&gt; (job 2)\nmake &amp; co"));
    CHECK_THAT(svg, Catch::Contains(">slot 2<"));
    CHECK_THAT(svg, Catch::Contains(">skipped<"));
    CHECK_THAT(svg, Catch::Contains(">2.5 s<"));        // the axis
    CHECK_THAT(svg, Catch::Contains(">failed (1)<"));   // the legend
    CHECK_THAT(svg, Catch::Contains("x\xEF\xBF\xBDy")); // no control bytes in XML
    CHECK(svg.find('\x01') == std::string::npos);
    CHECK(svg.find("<script") == std::string::npos);
    CHECK(svg.find("href") == std::string::npos); // self-contained
    std::string html = render_timeline(entries, true);
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
    CHECK_THAT(html, Catch::Contains("<svg"));
}

TEST_CASE("--results tables: GNU's CSV, TSV and JSON rows") {
    CHECK(results_table_format("x.csv") == TableFormat::csv);
    CHECK(results_table_format("X.CSV") == TableFormat::csv);
    CHECK(results_table_format("-.tsv") == TableFormat::tsv);
    CHECK(results_table_format("a/b.json") == TableFormat::json);
    CHECK_FALSE(results_table_format("dir"));
    CHECK_FALSE(results_table_format("csv"));
    CHECK(results_table_on_stdout("-.json"));
    CHECK_FALSE(results_table_on_stdout("x.json"));

    CHECK(table_field("plain", ',') == "plain");
    CHECK(table_field("", ',') == "");
    CHECK(table_field("a,b", ',') == "\"a,b\"");
    CHECK(table_field("a,b", '\t') == "a,b");
    CHECK(table_field("a b", ',') == "\"a b\"");
    CHECK(table_field("say \"hi\"", ',') == "\"say \"\"hi\"\"\"");
    CHECK(table_field("x\n", ',') == "\"x\n\"");
    CHECK(table_field("a\0b"s, ',') == "\"a\0b\""s);
    CHECK(table_json_text("a\"b\\c\n\x01\xc3\xa9") == "a\\\"b\\\\c\\u000a\\u0001\xc3\xa9");

    CHECK(
        table_header(TableFormat::csv, 2, {}) ==
        "Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1,V2,Stdout,Stderr\n");
    CHECK(table_header(TableFormat::tsv, 1, {"my name"}) ==
          "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\t\"my "
          "name\"\tStdout\tStderr\n"); // white space is quoted, as GNU quotes it
    CHECK(table_header(TableFormat::csv, 1, {"my name"}).find(",\"my name\",") !=
          std::string::npos);

    TaskRecord task = make_task(2, 0.0126);
    task.command = "echo \"o a\"";
    task.args = {"a", "b,c"};
    task.status = ExitStatus::exited_with(2);
    CHECK(table_row(TableFormat::csv, task, "o a\n", "") ==
          "2,:,1714567890.123,0.013,0,3,2,0,\"echo \"\"o a\"\"\",a,\"b,c\",\"o a\n\",\n");
    CHECK(table_row(TableFormat::tsv, task, "x", "e") ==
          "2\t:\t1714567890.123\t0.013\t0\t3\t2\t0\t\"echo \"\"o a\"\"\"\ta\tb,c\tx\te\n");
    CHECK(
        table_row(TableFormat::json, task, "o a\n", "") ==
        R"({ "Seq": 2, "Host": ":", "Starttime": 1714567890.123, "JobRuntime": 0.013, "Send": 0, )"
        R"("Receive": 3, "Exitval": 2, "Signal": 0, "Command": "echo \"o a\"", "V": [ "a","b,c" ], )"
        R"("Stdout": "o a\u000a", "Stderr": "" })"
        "\n");
    task.args.clear();
    CHECK(table_row(TableFormat::json, task, "", "").find(R"("V": [  ], )") != std::string::npos);
}
