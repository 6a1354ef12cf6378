#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include <prun/remote/control_dir.hpp>
#include <prun/template/quote.hpp>
#include <prun/util/error.hpp>

namespace prun::remote {

namespace {
// sun_path holds 108 bytes, and ssh adds a 17-character suffix while it binds.
constexpr std::size_t k_max_base_length = 60;
constexpr std::string_view k_prefix = "prun-ssh-";

// A prun killed with SIGKILL cannot remove its directory (its masters die with it, their
// sockets stay). Its name holds its pid: the next prun removes it once that pid is gone.
void remove_stale(const std::string& base) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(base, ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind(k_prefix, 0) != 0) continue;
        pid_t pid = 0;
        const char* first = name.data() + k_prefix.size();
        auto [end, err] = std::from_chars(first, name.data() + name.size(), pid);
        if (err != std::errc() || end == first || *end != '-' || pid <= 0) continue;
        struct stat st {};
        if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
            st.st_uid != ::geteuid())
            continue;
        if (::kill(pid, 0) == 0 || errno != ESRCH) continue; // alive, or not ours to judge
        std::error_code ignored;
        std::filesystem::remove_all(entry.path(), ignored);
    }
}
} // namespace

ControlDir::ControlDir() {
    std::string base = "/tmp";
    const char* tmpdir = std::getenv("TMPDIR");
    if (tmpdir != nullptr && tmpdir[0] == '/' &&
        std::string_view(tmpdir).size() < k_max_base_length &&
        std::string_view(tmpdir).find('%') == std::string_view::npos)
        base = tmpdir;
    remove_stale(base);
    std::string templ = base + "/" + std::string(k_prefix) + std::to_string(::getpid()) + "-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr)
        throw Error("cannot create a directory for ssh connections in {}: {}", base,
                    errno_text(errno));
    m_path = templ;
}

ControlDir::~ControlDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::string ControlDir::socket_for(std::size_t host) const {
    return m_path + "/h" + std::to_string(host);
}

std::string ControlDir::write_ssh_program(const std::vector<std::string>& words) {
    std::string file = m_path + "/ssh";
    std::string script = "#!/bin/sh\nexec";
    for (const auto& word : words) {
        script += ' ';
        tmpl::shell_quote(word, script);
    }
    script += " \"$@\"\n";
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << script;
    out.close();
    if (!out || ::chmod(file.c_str(), 0700) != 0)
        throw Error("cannot write {}: {}", file, errno_text(errno));
    return file;
}

} // namespace prun::remote
