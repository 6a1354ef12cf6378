#pragma once
// Job files: named jobs with their own command, environment, directory, limits and
// dependencies, as JSON. Two forms:
//
//   .json   { "defaults": {...}, "jobs": [ {...}, ... ] }  or a bare array of jobs; read
//           whole and checked whole (keys, types, names, needs, cycles) before any job runs.
//   .jsonl  one job object per line (blank lines ignored; a first line {"defaults": {...}}
//           sets defaults), read as a stream. `needs` may only name jobs of earlier lines,
//           so a stream can never form a cycle or wait for a job that is not yet known.
//
// A job: exactly one of "cmd" (shell code, run as given) or "argv" (executed directly: no
// shell, no expansion); optional "name" (unique; default: its sequence number), "env"
// (added to the environment), "cwd", "timeout" (seconds or "2m"), "retries" (attempts in
// total), "needs" (names of jobs that must succeed first) and "tag". "defaults" may give
// env, cwd, timeout, retries and tag; a job's own values override them (env per variable).
//
// Every problem is an Error with a one-line message naming the source, the place (line
// and column for malformed JSON, the line for JSON Lines) and the job. A key given twice
// in one object is an error too (JSON parsers usually keep the last silently).
//
// The JSON itself is handled in job_json.cpp (nlohmann_json stays in jobspec/); none of
// its exceptions escape.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <prun/jobspec/job.hpp>

namespace prun {

struct FileJob {
    Job job;                          // seq: 1-based position in the file; name always set
    std::vector<std::uint64_t> needs; // the seqs of the jobs it needs, without repeats
};

// Which of the two forms a job file is, from its first bytes: a JSON document when it
// starts with an array, or with an object that has "jobs" or an array of objects (or spans
// several lines); JSON Lines when its first line is another object (a job, or the
// defaults line), or when it is empty (no jobs).
// `undecided` while `start` (not `complete`) may be too short to tell.
enum class JobFileForm { json, json_lines, undecided };
JobFileForm sniff_job_file(std::string_view start, bool complete);

// (Whole .json files are read by parse_job_file(), in job_table.hpp.)

// The defaults a job file gives (fields the jobs inherit).
struct JobDefaults {
    std::vector<std::string> env; // "NAME=value"
    std::string cwd;
    std::string tag;
    std::optional<double> timeout_seconds;
    std::optional<unsigned> retries;
};

// What a job's own object says, before the file's defaults apply (a .json file's defaults
// may come after its jobs). `env` is in the order it is merged in.
struct OwnJob {
    bool named = false;
    std::string name; // "" when not named
    std::string command;
    std::vector<std::string> argv;
    std::vector<std::string> env; // "NAME=value"
    std::string cwd;              // "" for none
    std::optional<std::string> tag;
    std::optional<double> timeout_seconds;
    std::optional<unsigned> retries;
};

// The job numbered `seq`: `own` over `defaults` (env merged per variable), its identity set.
Job make_job(const OwnJob& own, std::uint64_t seq, const JobDefaults& defaults);

// Parses a JSON Lines job file one line at a time, remembering the names seen so far.
class JobLineParser {
public:
    explicit JobLineParser(std::string source) : m_source(std::move(source)) {}

    // The job on the next line, or nullopt for a blank line or the defaults line.
    std::optional<FileJob> parse(std::string_view line);
    std::uint64_t line_number() const { return m_line; }

private:
    // The seq of the job named `name` so far, or 0.
    std::uint64_t find(const std::string& name) const;

    std::string m_source;
    JobDefaults m_defaults;
    // The names given in the file; a job without one is known by its number, which costs a
    // bit (m_unnamed), not a map entry: a million-line stream of unnamed jobs stays small.
    std::unordered_map<std::string, std::uint64_t> m_seq_by_name;
    std::vector<bool> m_unnamed; // by seq
    std::uint64_t m_line = 0;
    std::uint64_t m_seq = 0;
};

// A dependency cycle in a graph where needs[i] lists the jobs job i needs: the indices of
// its jobs in order (a, b, c for a -> b -> c -> a), or empty if there is none.
std::vector<std::size_t> find_cycle(const std::vector<std::vector<std::size_t>>& needs);

} // namespace prun
