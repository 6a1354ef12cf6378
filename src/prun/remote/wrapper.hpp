#pragma once
// What runs on a remote host around each job, and how its end is read back.
//
// Killing the local ssh client does not stop a remote command that has no tty, so every
// remote job runs under a small POSIX sh wrapper (nothing else is assumed on the host):
//   - the job runs with stdin from /dev/null, its stdout and stderr those of the session;
//   - a watcher reads the session's stdin, which is a pipe from prun: a line naming a
//     signal (INT, TERM or HUP) sends it to the job's whole process tree; KILL or end of
//     file (prun closed the pipe, or prun, ssh or the connection died) SIGKILLs it;
//   - when the job's own process exits, what it left running is sent SIGTERM (the session,
//     and so the ssh client, would otherwise stay open while anything holds its output),
//     and the wrapper appends a status line to stderr, which prun strips off:
//       "\x1e" "prun-status-" NONCE ":" CODE ":" NODE "\n"
//     (NODE: $SLURMD_NODENAME under Slurm, else empty), and exits 0.
// The wrapper is the leader of the session sshd made for the command, so the job's tree
// is its process group ("kill 0"); the wrapper and the watcher ignore or trap the signals
// they forward. A status line distinguishes "the job exited 255" from "ssh failed" (both
// make ssh exit 255), and tells prun the job really ended.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prun/proc/exit_status.hpp>

namespace prun::remote {

// The command line for ssh: runs `code` with `shell -c` under the wrapper, with
// PARALLEL_SEQ/PARALLEL_JOBSLOT/PRUN_SEQ/PRUN_SLOT set. Every value is quoted for the
// remote login shell (any POSIX shell), so it arrives byte for byte.
std::string remote_job_command(std::string_view nonce, std::uint64_t seq, unsigned slot,
                               std::string_view shell, std::string_view code);
// The same as an argv ("/bin/sh", "-c", WRAPPER, ...), for launchers that take one (srun).
std::vector<std::string> remote_job_argv(std::string_view nonce, std::uint64_t seq, unsigned slot,
                                         std::string_view shell, std::string_view code);

// The watcher's word for `signal` ("INT", "TERM", "HUP", "KILL"), or nullptr if it has none.
const char* watcher_signal_word(int signal);

// Strips the wrapper's status line from a job's stderr as it streams, holding back only
// bytes that might be the start of it. Everything else passes through unchanged.
class StatusTrailer {
public:
    explicit StatusTrailer(std::string_view nonce);

    // Appends to `out` the bytes of `data` that are the job's own.
    void feed(std::string_view data, std::string& out);
    // The stream has ended: appends what was held back and turned out to be the job's.
    void finish(std::string& out);
    // The job's exit code (0..255, 128+N when a signal killed it), once the line was seen.
    std::optional<int> code() const { return m_code; }
    // The Slurm node the job ran on, from the same line ("" elsewhere).
    const std::string& node() const { return m_node; }

private:
    std::string m_marker;
    std::string m_node;
    std::string m_held;
    std::optional<int> m_code;
};

struct RemoteOutcome {
    ExitStatus status;
    bool lost = false; // the connection failed before the job's end was known
};

// Combines what is known about a remote job's end: the local ssh (or transfer driver)
// process's own status, the status line if one came, and the last signal prun forwarded
// (a code of 128+N after prun sent N is reported as that signal, as it is locally).
RemoteOutcome remote_outcome(const ExitStatus& local, std::optional<int> code,
                             int forwarded_signal);

} // namespace prun::remote
