#include <algorithm>
#include <charconv>
#include <csignal>

#include <prun/remote/wrapper.hpp>
#include <prun/template/quote.hpp>

namespace prun::remote {

namespace {

// The wrapper, run as `sh -c WRAPPER prun-job NONCE SEQ SLOT SHELL CODE`. POSIX sh only:
// dash refuses `set -m` without a tty, so the job shares the wrapper's process group and
// the wrapper protects itself with a trap instead. Notes, in order:
//  - fd 3 keeps the session's stdin for the watcher, fd 4 and 5 its stderr and stdout for
//    the job; the wrapper's own stderr goes to /dev/null, so the shell's "Terminated"
//    notices never reach the job's stderr.
//  - A trap (not an ignore) in the wrapper: its children get default dispositions. (An `&`
//    job of a shell without job control would ignore SIGINT, so the job is not one.)
//  - The job's subshell starts the watcher, then execs the job. Started any earlier, the
//    watcher could forward a signal (already queued on stdin) before the subshell exists
//    or has reset its dispositions, and it would be lost. The subshell is a command
//    substitution, so the wrapper learns the watcher's pid (to stop it afterwards) and,
//    as the substitution's status, the job's.
//  - The watcher ignores what it forwards, holds nothing of the session but its stdin,
//    and SIGKILLs the group (itself included) on KILL, anything unexpected, end of file.
//  - The wrapper exits 0: the job's status is in the status line (with the Slurm node it
//    ran on, if any), and srun would otherwise add an error line for every failed job.
constexpr std::string_view k_wrapper =
    "exec 3<&0 </dev/null 4>&2 2>/dev/null 5>&1\n"
    "trap : INT TERM HUP\n"
    "PARALLEL_SEQ=$2 PARALLEL_JOBSLOT=$3 PRUN_SEQ=$2 PRUN_SLOT=$3\n"
    "export PARALLEL_SEQ PARALLEL_JOBSLOT PRUN_SEQ PRUN_SLOT\n"
    "w=$({ trap \"\" INT TERM HUP\n"
    "while IFS= read -r s <&3; do case $s in\n"
    "INT|TERM|HUP) kill -s $s 0;; *) break;; esac; done\n"
    "kill -s KILL 0; } >/dev/null 4>&- 5>&- &\n"
    "echo $!\n"
    "exec \"$4\" -c \"$5\" >&5 5>&- 3<&- 2>&4 4>&-)\n"
    "s=$?\n"
    "[ -z \"$w\" ] || kill -s KILL $w\n"
    "kill -s TERM 0\n"
    "printf \"\\036prun-status-%s:%s:%s\\n\" \"$1\" $s \"${SLURMD_NODENAME-}\" >&4\n"
    "exit 0";

constexpr char k_marker_start = '\x1e';

} // namespace

std::vector<std::string> remote_job_argv(std::string_view nonce, std::uint64_t seq, unsigned slot,
                                         std::string_view shell, std::string_view code) {
    return {"/bin/sh",
            "-c",
            std::string(k_wrapper),
            "prun-job",
            std::string(nonce),
            std::to_string(seq),
            std::to_string(slot),
            std::string(shell),
            std::string(code)};
}

std::string remote_job_command(std::string_view nonce, std::uint64_t seq, unsigned slot,
                               std::string_view shell, std::string_view code) {
    std::string command = "exec";
    for (const auto& word : remote_job_argv(nonce, seq, slot, shell, code)) {
        command.push_back(' ');
        tmpl::shell_quote(word, command);
    }
    return command;
}

const char* watcher_signal_word(int signal) {
    switch (signal) {
    case SIGINT:
        return "INT";
    case SIGTERM:
        return "TERM";
    case SIGHUP:
        return "HUP";
    case SIGKILL:
        return "KILL";
    default:
        return nullptr;
    }
}

StatusTrailer::StatusTrailer(std::string_view nonce) {
    m_marker.push_back(k_marker_start);
    m_marker += "prun-status-";
    m_marker += nonce;
    m_marker += ':';
}

void StatusTrailer::feed(std::string_view data, std::string& out) {
    if (m_code) {
        out.append(data); // after the status line: whatever comes is the job's
        return;
    }
    m_held.append(data);
    std::size_t at = m_held.find(m_marker);
    if (at != std::string::npos) {
        std::size_t digits = at + m_marker.size();
        std::size_t newline = m_held.find('\n', digits);
        if (newline == std::string::npos) {
            out.append(m_held, 0, at); // wait for the rest of the line
            m_held.erase(0, at);
            return;
        }
        int code = -1;
        auto [end, ec] = std::from_chars(m_held.data() + digits, m_held.data() + newline, code);
        if (ec == std::errc() && end < m_held.data() + newline && *end == ':' && code >= 0 &&
            code <= 255) {
            m_code = code;
            m_node.assign(end + 1, static_cast<std::size_t>(m_held.data() + newline - end - 1));
            out.append(m_held, 0, at);
            out.append(m_held, newline + 1);
        } else {
            out.append(m_held); // not ours after all
        }
        m_held.clear();
        return;
    }
    // Hold back the longest tail that could still become the marker.
    std::size_t keep = 0;
    std::size_t from = m_held.size() - std::min(m_held.size(), m_marker.size() - 1);
    for (std::size_t i = m_held.find(k_marker_start, from); i != std::string::npos;
         i = m_held.find(k_marker_start, i + 1)) {
        if (m_held.compare(i, std::string::npos, m_marker, 0, m_held.size() - i) == 0) {
            keep = m_held.size() - i;
            break;
        }
    }
    out.append(m_held, 0, m_held.size() - keep);
    m_held.erase(0, m_held.size() - keep);
}

void StatusTrailer::finish(std::string& out) {
    out.append(m_held);
    m_held.clear();
}

RemoteOutcome remote_outcome(const ExitStatus& local, std::optional<int> code,
                             int forwarded_signal) {
    if (!code) {
        // No status line: the job's end is unknown. ssh exits 255 when the connection
        // fails (and the transfer driver when a transfer does); a signal means prun
        // killed the local side itself; anything else is the remote shell's own failure.
        bool lost = local.kind == ExitStatus::Kind::exited && local.code == 255;
        return {local, lost};
    }
    ExitStatus status = forwarded_signal != 0 && *code == 128 + forwarded_signal
                            ? ExitStatus::killed_by(forwarded_signal)
                            : ExitStatus::exited_with(*code);
    if (*code == 0 && local.kind == ExitStatus::Kind::exited && local.code != 0) {
        // The job succeeded but fetching its --return files did not: the driver's status.
        // 255 is a failed connection, and the job may run again elsewhere.
        return {local, local.code == 255};
    }
    return {status, false};
}

} // namespace prun::remote
