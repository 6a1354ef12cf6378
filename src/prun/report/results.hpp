#pragma once
// --results DIR: each job's output and outcome as files, in GNU parallel's layout: a
// folder per job named by its arguments, each after the name of its input source or column
// (1, 2, ... or --header's names, sorted by number, then by name, as GNU sorts them):
//
//   DIR/1/a/2/x/stdout    what the job `... ::: a ::: x` wrote, byte for byte
//   DIR/1/a/2/x/stderr
//   DIR/1/a/2/x/seq       its sequence number (no newline, as GNU)
//   DIR/1/a/2/x/exit      prun's: its exit value as a shell reports it (128+N for signal N);
//                         absent if it never ran
//   DIR/1/a/2/x/status    prun's: ok | failed | timeout | skipped | killed
//   DIR/1/a/2/x/command   prun's: the command line
//
// A job without arguments (--pipe, -N0) writes its files into DIR itself; a job-file job
// is named as if its name were its one argument (DIR/1/name/). In each name and value, as
// GNU parallel writes them, \ is \\, a tab \t, a NUL \0 and / is \_; prun also writes a
// "." or ".." as "\." or "\.." (GNU leaves them, which can step out of the folder), leaves
// out an empty one (GNU's path has "//" there) and cuts each to 255 bytes. Every component
// is therefore one path component, never "." or "..", and everything is created relative to a
// descriptor of DIR (openat, no symbolic link followed), so no argument can make prun write
// outside DIR. Jobs with the same arguments share a folder, as in GNU parallel; a later run
// into the same DIR replaces a job's files.

#include <string>
#include <unordered_map>
#include <vector>

#include <prun/output/stdout_files.hpp>
#include <prun/report/task_record.hpp>
#include <prun/util/fd.hpp>

namespace prun {

class ResultsReporter : public Reporter {
public:
    // Creates DIR (and its parents) if needed; throws Error if it cannot be used.
    // `column_names`: --header's names of the input columns (the others are numbered).
    explicit ResultsReporter(const std::string& dir, std::vector<std::string> column_names = {});

    void on_start(const TaskRecord& task) override;
    void on_output(const TaskRecord& task, Stream stream, std::string_view data) override;
    void on_end(const TaskRecord& task) override;

    // The path of a running job's stdout file (DIR/1/a/stdout), or "" if it has none.
    std::string stdout_path(std::uint64_t seq) const;
    const std::string& directory() const { return m_dir; }

private:
    // clang-tidy 14 names a parameter of the implicit copy constructor __i0, then reports it.
    // NOLINTNEXTLINE(bugprone-reserved-identifier)
    struct JobFiles {
        Fd folder;
        Fd streams[2];
        std::string path; // of the folder, from DIR
    };
    JobFiles* open_job(const TaskRecord& task);
    void write_file(const JobFiles& files, const char* name, std::string_view content,
                    const TaskRecord& task);
    void warn(const TaskRecord& task, int err);
    void warn(const TaskRecord& task, std::string_view file, int err);

    std::string m_dir;
    std::vector<std::string> m_names;
    Fd m_dir_fd;
    std::unordered_map<std::uint64_t, JobFiles> m_open;
    bool m_warned = false;
};

// --files with --results DIR: the names printed are those of the stdout files `results`
// writes (GNU's way), and nothing else is written.
class ResultsStdoutFiles : public StdoutFiles {
public:
    explicit ResultsStdoutFiles(const ResultsReporter& results) : m_results(results) {}
    bool begin(std::uint64_t) override { return true; }
    bool write(std::uint64_t, std::string_view) override { return true; }
    std::string end(std::uint64_t seq) override { return m_results.stdout_path(seq); }
    std::string where() const override { return m_results.directory(); }

private:
    const ResultsReporter& m_results;
};

// The folders of `task` under DIR, outermost first (see above).
std::vector<std::string> result_folder_path(const TaskRecord& task,
                                            const std::vector<std::string>& column_names = {});

} // namespace prun
