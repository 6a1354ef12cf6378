#pragma once
// What an earlier run's --joblog says was done, for --resume and --resume-failed. Read as
// GNU parallel reads it: every line starts with a sequence number, and a job succeeded if
// its Exitval and Signal are both 0 on some line (a job run again by --resume-failed has a
// line per run). A header is recognised by its content (a first field "Seq"), not by being
// the first line, so a log without one loses no job.
//
// The log is streamed, never held: what is kept is two bits per sequence number (in words
// of 64, so a dense log of a million jobs costs ~32 KB) and, for job-file jobs, one entry
// per identity (job_identity.hpp). A line longer than a joblog line can be before its
// Command column is an error, so a log that is not one (/dev/zero) fails at once.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace prun {

// --joblog and --resume/--resume-failed: where the joblog is, and whether this run reads it
// first (here, through ResumeStream) before report/ appends to it.
struct JoblogSettings {
    std::optional<std::string> joblog; // --joblog FILE (GNU parallel's format)
    enum class Resume { none, all, failed };
    Resume resume = Resume::none; // --resume / --resume-failed (need --joblog)
    bool append = false;          // --joblog +FILE (GNU): add to the log, as --resume does
};

class JoblogHistory {
public:
    enum class Outcome : unsigned char { absent, failed, succeeded };

    // A line for job `seq` (and `identity`, 0 for none) that ended as `succeeded` says.
    void add(std::uint64_t seq, std::uint64_t identity, bool succeeded);
    // How the job fared: succeeded on some line, failed on every line, or never logged.
    Outcome by_seq(std::uint64_t seq) const;
    Outcome by_identity(std::uint64_t identity) const;
    std::uint64_t lines() const { return m_lines; }

private:
    struct Word {
        std::uint64_t logged = 0;
        std::uint64_t succeeded = 0;
    };
    std::unordered_map<std::uint64_t, Word> m_by_seq; // seq / 64 -> bit seq % 64
    std::unordered_map<std::uint64_t, bool> m_by_identity;
    std::uint64_t m_lines = 0;
};

// Parses a joblog fed in pieces of any size. Throws Error naming the log (`name`) and the
// line if a line is not a joblog line.
class JoblogParser {
public:
    explicit JoblogParser(std::string name) : m_name(std::move(name)) {}
    void feed(std::string_view bytes);
    // The history, once every byte was fed (a last line without a newline counts).
    JoblogHistory finish();

private:
    void end_line();
    [[noreturn]] void bad_line() const;

    std::string m_name;
    JoblogHistory m_history;
    std::uint64_t m_line = 1;
    std::string m_fields; // the line up to its Command column
    unsigned m_tabs = 0;
    std::string m_tail; // the end of the Command column, for a job-file job's identity
    bool m_empty = true;
};

JoblogHistory parse_joblog(std::string_view text, const std::string& name);

// Reads the joblog at `path`; a file that does not exist is an empty log.
JoblogHistory read_joblog(const std::string& path);

} // namespace prun
