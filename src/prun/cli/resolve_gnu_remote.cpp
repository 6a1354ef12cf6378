#include <cerrno>
#include <iostream>
#include <unistd.h>

#include <prun/cli/resolve_gnu_remote.hpp>
#include <prun/util/duration.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

// Names of files to send: none empty; without hosts, ignored with a warning as --transfer.
void check_files_to_send(std::vector<std::string>& files, const char* option, bool hosts) {
    for (const auto& file : files)
        if (file.empty()) throw Error("{} needs a file name {}", option, k_usage_hint);
    if (hosts || files.empty()) return;
    std::cerr << "prun: warning: " << option
              << " ignored as there are no remote hosts (-S/--sshlogin, --slf)\n";
    files.clear();
}

} // namespace

void resolve_gnu_remote_options(const RawValues& raw, Options& options) {
    apply_group_only_entries(options.hosts); // -S @G: only the hosts of G
    bool hosts = !options.hosts.empty();
    check_files_to_send(options.transfer_file_templates, "--transferfile", hosts);
    check_files_to_send(options.basefiles, "--basefile", hosts);
    // Read once here: a base file that is not there fails the run before any host is asked.
    for (const auto& file : options.basefiles)
        if (::access(file.c_str(), R_OK) != 0) {
            int err = errno;
            throw Error("--basefile: cannot read '{}': {}", file, errno_text(err));
        }
    if (raw.ssh_delay) {
        auto seconds = parse_duration(*raw.ssh_delay);
        if (!seconds)
            throw Error("invalid value '{}' for --ssh-delay: expected a duration such as 0.5, "
                        "2s, 1m {}",
                        *raw.ssh_delay, k_usage_hint);
        // GNU parallel: --ssh-delay is the delay between job starts unless --delay is given
        // (each of its remote jobs is an ssh of its own).
        if (!raw.delay) options.delay_seconds = *seconds;
    }
}

} // namespace prun
