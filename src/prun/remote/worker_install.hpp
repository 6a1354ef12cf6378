#pragma once
// Putting a prun worker (prun --worker) on a remote host, over one ssh session.
//
// The session runs a small POSIX sh bootstrap, which:
//   - refuses when the host's machine (uname -m) is not this prun's;
//   - finds the binary in a private per-user cache, named by its content:
//       ${XDG_CACHE_HOME:-$HOME/.cache}/prun/SHA256/prun   (directories mode 0700)
//     so runs of different prun versions, concurrent or not, never touch each other's copy;
//   - if it is missing, asks for it (k_send_binary_line), reads exactly its size from stdin
//     into a temporary file there, checks its SHA-256, makes it executable and renames it
//     into place (a concurrent install of the same content renames the same bytes);
//   - then execs it as the worker, on the same stdin and stdout.
// Anything that fails (no writable cache, a copy that does not check out) is said on one
// line (k_no_worker_prefix) and the session ends: the caller then runs that host's jobs as
// one ssh session each, as without a worker. A binary that cannot run there (another
// libc) ends the session before the worker greets, with the same outcome.
//
// The release binary links only libc and libm dynamically (the rest is static, PCRE2 too),
// so a copy runs on a Linux host of the same machine type with those and a glibc at least as
// new as the build's; where it does not start, the host gets sessions per job.

#include <memory>
#include <string>

namespace prun::remote {

struct WorkerBinary {
    std::shared_ptr<const std::string> bytes; // the prun binary itself
    std::string sha256;                       // of bytes, hex
    std::string machine;                      // uname -m here
};

// Reads the running prun binary (/proc/self/exe). nullopt-like: `bytes` is null, with the
// reason in `why`, when it cannot be read.
WorkerBinary load_worker_binary(std::string& why);

// The command for the remote login shell that runs the bootstrap (every value quoted).
std::string worker_bootstrap_command(const WorkerBinary& binary);

} // namespace prun::remote
