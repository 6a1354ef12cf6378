#pragma once
// --transfer, --return and --cleanup: a remote job with files runs as a small local sh
// script (the "driver") instead of a bare ssh session. It sends the files with scp over the
// host's master connection, runs the job's session (the only step that gets the driver's
// stdin, the watcher's pipe), fetches the --return files, and removes the files from the
// host if asked. Being one local process for the whole job keeps it one pid for the
// scheduler, and SIGKILL to its process group stops every step.
//
// Paths: a relative file goes to the same relative path under the remote home directory
// (where the job runs), an absolute one to the same absolute path, as in GNU parallel.
// Missing remote directories are created first.
//
// The driver's exit status, read together with the job's status line (wrapper.hpp):
//   no status line, 255  a file could not be sent, or the connection failed: run elsewhere
//   no status line, 1    a --transfer file cannot be read here (the job fails)
//   status line 0, N>0   the job succeeded but a --return file could not be fetched (scp's N)
//   otherwise            the session's own status

#include <string>
#include <vector>

#include <prun/remote/ssh_command.hpp>

namespace prun::remote {

struct FileJob {
    std::string login;                     // the host, as ssh and scp take it
    std::string control_path;              // its master's socket
    std::string scp_program;               // for scp -S (ControlDir::write_ssh_program)
    std::vector<std::string> session_argv; // the job itself (SshCommand::session)
    std::vector<std::string> sends;        // --transfer files
    std::vector<std::string> returns;      // --return files
    bool cleanup = false;                  // remove sends and returns from the host after
};

// The driver script, for `/bin/sh -c`.
std::string transfer_driver_script(const SshCommand& ssh, const FileJob& job);

// The driver's steps before and after the job, for a job that a worker runs instead of a
// session (`session_argv` is not used): each a script for `/bin/sh -c`, or "" when there is
// nothing to do. The first exits 1 when a --transfer file cannot be read here and 255 when
// the connection failed; the second exits with the status of the first --return file that
// could not be fetched (0 if none).
std::string send_files_script(const SshCommand& ssh, const FileJob& job);
std::string fetch_files_script(const SshCommand& ssh, const FileJob& job);

// The directory part of `path` that may need creating ("" for none: no '/', or only the
// root).
std::string parent_directory(const std::string& path);

// `path` as a local operand for scp: "./" is put before a relative path with a ':' before
// its first '/', which scp would take for host:path.
std::string scp_local_operand(const std::string& path);

// "login:path" for a file scp fetches from the host; scp expands globs in those, so glob
// characters in the name are escaped.
std::string scp_remote_source(const std::string& login, const std::string& path);

} // namespace prun::remote
