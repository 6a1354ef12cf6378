#pragma once
// Who a job-file job is, across runs, for --resume and --resume-failed: its name (when the
// file gives one) and what it runs (cmd or argv, env, cwd), as a 64-bit digest. Adding,
// removing or reordering jobs in a file changes their sequence numbers, not their identity;
// editing a job's command (or environment, or directory) makes it a new job.
//
// The joblog carries the identity at the end of the Command column, as a shell comment, so
// the log stays GNU parallel's format (GNU reads the first eight columns, and its
// --retry-failed runs the Command column, to which a comment changes nothing):
//
//   echo b-fixed<TAB># prun job 'b' 6b1f3c0a9e2d4f17
//
// (after a newline instead of a TAB when the command has several lines: the comment must
// not end a here-document). The name is shown for people, with control characters as '?'
// and cut after 64 bytes; only the 16 hex digits identify the job.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <prun/jobspec/job.hpp>

namespace prun {

// The identity of a job read from a job file; `named` says whether the file named it (an
// unnamed job is identified by what it runs alone). Never 0 (0 means "no identity").
std::uint64_t job_identity(const Job& job, bool named);

// The comment for the joblog's Command column of `command`, separator included.
std::string identity_comment(std::string_view command, std::string_view name,
                             std::uint64_t identity);

// The identity a joblog Command column ends with, if it ends with identity_comment();
// `tail` need only hold the column's last k_identity_tail bytes.
std::optional<std::uint64_t> identity_in_command(std::string_view tail);
inline constexpr std::size_t k_identity_tail = 128;

} // namespace prun
