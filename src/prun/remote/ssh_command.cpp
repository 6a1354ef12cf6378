#include <algorithm>
#include <cctype>

#include <prun/remote/ssh_command.hpp>
#include <prun/util/shell_words.hpp>

namespace prun::remote {

namespace {
bool contains_ignoring_case(std::string_view text, std::string_view part) {
    auto it = std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    });
    return it != text.end();
}
} // namespace

std::optional<std::vector<std::string>> split_command_words(std::string_view text) {
    std::string error;
    auto words = split_shell_words(text, error);
    if (!words || words->empty()) return std::nullopt;
    return words;
}

std::vector<std::string> SshCommand::master(const std::string& login,
                                            const std::string& control_path) const {
    std::vector<std::string> argv{
        m_words.front(), "-S", control_path, "-o", "ControlMaster=yes", "-o", "ControlPersist=no",
        // Runs locally once the connection is up and the control
        // socket listens: our "ready" event.
        "-o", "PermitLocalCommand=yes", "-o", "LocalCommand=echo " + std::string(k_ready_line)};
    argv.insert(argv.end(), m_words.begin() + 1, m_words.end());
    // Defaults: never prompt (prun runs unattended, and a prompt would stop the master in
    // the background), give up on an unreachable host, notice a dead peer.
    for (const char* option : {"BatchMode=yes", "ConnectTimeout=20", "ServerAliveInterval=10",
                               "ServerAliveCountMax=3"}) {
        argv.emplace_back("-o");
        argv.emplace_back(option);
    }
    argv.insert(argv.end(), {"-N", "-T", "--", login});
    return argv;
}

SshCommand::SshCommand(std::vector<std::string> words) : m_words(std::move(words)) {
    // ssh refuses -J together with a ProxyCommand; then sessions do without the guard.
    m_user_proxy = std::any_of(m_words.begin() + 1, m_words.end(), [](const std::string& word) {
        return word.rfind("-J", 0) == 0 || contains_ignoring_case(word, "ProxyJump") ||
               contains_ignoring_case(word, "ProxyCommand");
    });
}

std::vector<std::string> SshCommand::session(const std::string& login,
                                             const std::string& control_path,
                                             const std::string& command) const {
    std::vector<std::string> argv{m_words.front(), "-S", control_path, "-o", "ControlMaster=no"};
    if (!m_user_proxy) argv.insert(argv.end(), {"-o", "ProxyCommand=false"});
    argv.insert(argv.end(), m_words.begin() + 1, m_words.end());
    argv.insert(argv.end(), {"-T", "--", login, command});
    return argv;
}

std::vector<std::string> SshCommand::scp_options(const std::string& control_path) const {
    std::vector<std::string> options{"-o", "ControlPath=" + control_path, "-o", "ControlMaster=no"};
    if (!m_user_proxy) options.insert(options.end(), {"-o", "ProxyCommand=false"});
    return options;
}

} // namespace prun::remote
