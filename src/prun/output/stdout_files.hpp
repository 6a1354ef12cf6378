#pragma once
// --files: each job's standard output goes to a file of its own, and the multiplexer prints
// the file's name where the output would have been (with the job's tag, in order with -k),
// as GNU parallel's --files does. The files stay after prun exits.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include <prun/util/fd.hpp>

namespace prun {

// Where the jobs' standard output goes, and the names printed for it.
class StdoutFiles {
public:
    virtual ~StdoutFiles() = default;
    // Job `seq` starts (again, after a failed attempt: its file then starts over). False,
    // with errno set, if it has no file: its output is then printed as usual.
    virtual bool begin(std::uint64_t seq) = 0;
    // False, with errno set, if `data` could not be written.
    virtual bool write(std::uint64_t seq, std::string_view data) = 0;
    // The job has ended: its file's name, to print.
    virtual std::string end(std::uint64_t seq) = 0;
    // Where the files are, for messages.
    virtual std::string where() const = 0;
};

// GNU's names: DIRECTORY/parXXXXX.par (mkstemps), DIRECTORY being $TMPDIR, or /tmp.
class TempStdoutFiles : public StdoutFiles {
public:
    explicit TempStdoutFiles(std::string directory = {});
    bool begin(std::uint64_t seq) override;
    bool write(std::uint64_t seq, std::string_view data) override;
    std::string end(std::uint64_t seq) override;
    std::string where() const override { return m_directory; }

private:
    struct File {
        Fd fd;
        std::string name;
    };
    std::string m_directory;
    std::unordered_map<std::uint64_t, File> m_open;
};

} // namespace prun
