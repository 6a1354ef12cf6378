#pragma once
// The ssh command lines prun runs: one master connection per host, and sessions (jobs,
// mkdir/rm for transfers) multiplexed over it.
//
// Options that must hold whatever the user's --ssh or ssh_config says go first (ssh keeps
// the first value it sees of an option); defaults the user may override go after the
// user's words. Sessions get ProxyCommand=false: should the master's socket be gone (the
// host dropped out), ssh would otherwise quietly open a new connection of its own; this
// way it fails at once and prun runs the job elsewhere (unless the user's own words set a
// proxy: ssh refuses -J with ProxyCommand).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prun::remote {

// Splits a command such as --ssh's value into words, as sh(1) would (split_shell_words).
// nullopt for an unterminated quote, a trailing backslash, or no words at all.
std::optional<std::vector<std::string>> split_command_words(std::string_view text);

class SshCommand {
public:
    // `words`: the ssh program and the user's options (from --ssh or PRUN_SSH).
    explicit SshCommand(std::vector<std::string> words);

    // The master connection for `login`, listening on `control_path`. It prints
    // k_ready_line on stdout once the socket accepts sessions, and runs until killed.
    std::vector<std::string> master(const std::string& login,
                                    const std::string& control_path) const;
    static constexpr std::string_view k_ready_line = "prun-ready";

    // A session over the master that runs `command` through the remote login shell.
    std::vector<std::string> session(const std::string& login, const std::string& control_path,
                                     const std::string& command) const;

    // Options for scp so that it uses the master (scp passes -o options on to ssh).
    std::vector<std::string> scp_options(const std::string& control_path) const;

    const std::vector<std::string>& words() const { return m_words; }

private:
    std::vector<std::string> m_words;
    bool m_user_proxy = false; // the user's words set a proxy (-J, ProxyJump, ProxyCommand)
};

} // namespace prun::remote
