#pragma once
// Test helper: an anonymous file (memfd) for a Writer to write into and a test to read back.

#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/util/fd.hpp>

class MemFile {
public:
    MemFile() : m_fd(::memfd_create("prun-test", MFD_CLOEXEC)) { REQUIRE(m_fd.valid()); }
    int fd() const { return m_fd.get(); }
    std::string contents() const {
        struct stat st {};
        REQUIRE(::fstat(m_fd.get(), &st) == 0);
        std::string data(static_cast<std::size_t>(st.st_size), '\0');
        REQUIRE(::pread(m_fd.get(), data.data(), data.size(), 0) == st.st_size);
        return data;
    }

private:
    prun::Fd m_fd;
};
