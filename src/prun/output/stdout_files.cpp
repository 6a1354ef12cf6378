#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <string_view>
#include <sys/random.h>
#include <unistd.h>

#include <prun/output/stdout_files.hpp>
#include <prun/util/temp_file.hpp>

namespace prun {

TempStdoutFiles::TempStdoutFiles(std::string directory)
    : m_directory(directory.empty() ? temporary_directory() : std::move(directory)) {}

bool TempStdoutFiles::begin(std::uint64_t seq) {
    auto it = m_open.find(seq);
    if (it != m_open.end()) {
        // Another attempt: only its output is kept, in the same file.
        if (::ftruncate(it->second.fd.get(), 0) != 0) return false;
        return ::lseek(it->second.fd.get(), 0, SEEK_SET) == 0;
    }
    File file;
    // GNU's name, whose five random characters mkstemps (six) cannot make; created as
    // File::Temp creates it: O_EXCL, 0600 (a job's output is its own).
    constexpr std::string_view k_chars =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
    for (int attempt = 0; attempt < 100 && !file.fd; ++attempt) {
        unsigned char random[5];
        if (::getrandom(random, sizeof random, 0) != sizeof random) return false;
        file.name = m_directory + "/par";
        for (unsigned char byte : random)
            file.name.push_back(k_chars[byte % k_chars.size()]);
        file.name += ".par";
        file.fd.reset(::open(file.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        if (!file.fd && errno != EEXIST) return false;
    }
    if (!file.fd) return false;
    m_open.emplace(seq, std::move(file));
    return true;
}

bool TempStdoutFiles::write(std::uint64_t seq, std::string_view data) {
    auto it = m_open.find(seq);
    if (it == m_open.end()) return true;
    return write_all(it->second.fd.get(), data);
}

std::string TempStdoutFiles::end(std::uint64_t seq) {
    auto it = m_open.find(seq);
    if (it == m_open.end()) return {};
    std::string name = std::move(it->second.name);
    m_open.erase(it);
    return name;
}

} // namespace prun
