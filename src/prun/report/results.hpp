#pragma once
// --results DIR: each job's output and outcome as files, one folder per job:
//
//   DIR/<seq>-<label>/stdout    what the job wrote, byte for byte
//   DIR/<seq>-<label>/stderr
//   DIR/<seq>-<label>/exit      its exit value as a shell reports it (128+N for signal N);
//                               absent if it never ran
//   DIR/<seq>-<label>/status    ok | failed | timeout | skipped | killed
//   DIR/<seq>-<label>/command   the command line
//
// The label is the job-file name or the arguments, with every byte other than
// [A-Za-z0-9._+,=@-] replaced by '_' and cut to 64 bytes ("3-a_b.txt"; just "3" when there
// is nothing to show). A folder name is therefore one path component, never "." or "..",
// and everything is created relative to a descriptor of DIR (openat), so no argument
// can make prun write outside DIR. A later run into the same DIR replaces a job's files.

#include <string>
#include <unordered_map>

#include <prun/report/task_record.hpp>
#include <prun/util/fd.hpp>

namespace prun {

class ResultsReporter : public Reporter {
public:
    // Creates DIR (and its parents) if needed; throws Error if it cannot be used.
    explicit ResultsReporter(const std::string& dir);

    void on_start(const TaskRecord& task) override;
    void on_output(const TaskRecord& task, Stream stream, std::string_view data) override;
    void on_end(const TaskRecord& task) override;

private:
    // clang-tidy 14 names a parameter of the implicit copy constructor __i0, then reports it.
    // NOLINTNEXTLINE(bugprone-reserved-identifier)
    struct JobFiles {
        Fd folder;
        Fd streams[2];
    };
    JobFiles* open_job(const TaskRecord& task);
    void write_file(const JobFiles& files, const char* name, std::string_view content,
                    const TaskRecord& task);
    void warn(const TaskRecord& task, int err);
    void warn(const TaskRecord& task, std::string_view file, int err);

    std::string m_dir;
    Fd m_dir_fd;
    std::unordered_map<std::uint64_t, JobFiles> m_open;
    bool m_warned = false;
};

// The folder name of `task` under DIR (see above).
std::string result_folder_name(const TaskRecord& task);

} // namespace prun
