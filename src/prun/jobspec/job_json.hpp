#pragma once
// The pieces of job_file.cpp that know nlohmann_json (jobspec/ is the only module that
// includes it). Every function throws prun::Error with a message naming `source` or
// `where` (the file, and the line for JSON Lines) and the job; no nlohmann exception
// escapes.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <prun/jobspec/job_file.hpp>

namespace prun::job_json {

using json = nlohmann::json;

// How deep arrays and objects may nest: a job file needs 5 levels; a deeper one is an
// error, found while parsing, before anything recurses over it.
inline constexpr int k_max_json_depth = 64;

// Parses JSON text; `first_line` is the line number of its first line. Malformed JSON is
// reported with line and column, a repeated key with the job (`line_job`: the job a JSON
// Lines line holds, or 0 for a whole file) or "defaults" it is in; nesting beyond
// k_max_json_depth as such.
json parse_text(std::string_view text, const std::string& source, std::uint64_t first_line,
                std::uint64_t line_job = 0);

// The top level of a job file document, as scan_document() found it.
struct DocumentShape {
    std::string top_type;              // "object", "array", ...
    std::vector<std::string> top_keys; // of an object, in order
    std::string jobs_type;             // the type of its "jobs" member, "" if none
};

// A whole job file, read without building it as one tree (a tree costs ~1 KB a job, and
// nlohmann's callback parser takes quadratic time on a long array): scan_document()
// checks the JSON (syntax, repeated keys, with parse_text's messages), returns the top
// level's shape and hands the "defaults" value to `on_defaults`; for_each_job() then hands
// each job's value to `on_job`, in order, as it ends.
DocumentShape scan_document(std::string_view text, const std::string& source,
                            const std::function<void(json&&)>& on_defaults);
void for_each_job(std::string_view text, const std::string& source,
                  const std::function<void(json&&)>& on_job);

// Rejects any key of `object` not in `known`, with a did-you-mean for a near miss.
void check_keys(const json& object, std::span<const std::string_view> known,
                const std::string& where);

JobDefaults read_defaults(const json& value, const std::string& where);

// The job numbered `seq` from its object, over `defaults`; `needs` gets the names it needs.
Job read_job(const json& object, std::uint64_t seq, const JobDefaults& defaults,
             const std::string& where, std::vector<std::string>& needs);

// "job 3", or "job 3 ('build')" for a job named in its file.
std::string describe_job(const Job& job);

} // namespace prun::job_json
