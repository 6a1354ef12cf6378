#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

#include <prun/util/temp_file.hpp>

namespace prun {

std::string temporary_directory() {
    const char* tmpdir = std::getenv("TMPDIR");
    return tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
}

Fd open_temporary_file(const std::string& directory) {
    std::string where = directory.empty() ? temporary_directory() : directory;
    // File systems without O_TMPFILE say EOPNOTSUPP (old kernels, which ignore the flag's
    // extra bit, say EISDIR); then name it and unlink it at once.
    int fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        std::string path = where + "/prun-temp.XXXXXX";
        fd = ::mkostemp(path.data(), O_CLOEXEC);
        if (fd >= 0) ::unlink(path.c_str());
    }
    return Fd(fd);
}

} // namespace prun
