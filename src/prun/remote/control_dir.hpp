#pragma once
// A private directory for the run's ssh control sockets (and the program file scp needs),
// made mode 0700 by mkdtemp, so no other user can reach our connections, and removed with
// everything in it when the run ends. Named prun-ssh-PID-XXXXXX: what a prun killed with
// SIGKILL left behind is removed by the next one, once that pid is gone.

#include <cstddef>
#include <string>
#include <vector>

namespace prun::remote {

class ControlDir {
public:
    // Under $TMPDIR, or /tmp when $TMPDIR would make socket paths too long for a Unix
    // socket (or holds '%', which ssh would expand). Throws Error when it cannot be made.
    ControlDir();
    ~ControlDir();
    ControlDir(const ControlDir&) = delete;
    ControlDir& operator=(const ControlDir&) = delete;

    const std::string& path() const { return m_path; }
    // The control socket of host number `host`.
    std::string socket_for(std::size_t host) const;
    // Writes an executable "ssh" file that runs `words` followed by its own arguments:
    // scp -S takes a program, not a command line with options. Returns its path.
    // Throws Error when it cannot be written.
    std::string write_ssh_program(const std::vector<std::string>& words);

private:
    std::string m_path;
};

} // namespace prun::remote
