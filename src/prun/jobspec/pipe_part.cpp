#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

#include <prun/jobspec/pipe_part.hpp>
#include <prun/util/error.hpp>
#include <prun/util/regex.hpp>

namespace prun {

namespace {

// Up to `size` bytes at `offset` (fewer at the end of the file).
std::string read_at(int fd, std::uint64_t offset, std::size_t size) {
    std::string data(size, '\0');
    std::size_t got = 0;
    while (got < size) {
        ssize_t n = ::pread(fd, data.data() + got, size - got, static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error("--pipepart: cannot read the file: {}", errno_text(errno));
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    data.resize(got);
    return data;
}

// Where the first recend+recstart at or after `from` begins, or nullopt if none does.
std::optional<std::uint64_t> find_separator_from(int fd, std::uint64_t from, std::uint64_t end,
                                                 const std::string& separator) {
    constexpr std::size_t k_window = 128 * 1024; // GNU reads 2^17 at a time too
    for (std::uint64_t at = from; at < end;) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(k_window, end - at));
        std::string window = read_at(fd, at, want);
        std::size_t hit = window.find(separator);
        if (hit != std::string::npos) return at + hit;
        if (window.size() < separator.size()) break;
        at += window.size() - separator.size() + 1; // a match across the edge is seen next
    }
    return std::nullopt;
}

// --regexp: GNU matches /^(.*recend)recstart/s on what it has read from `from` (a window
// at a time, until it matches): the boundary is after the last recend followed by recstart
// in the first window that has one.
std::optional<std::uint64_t> find_regex_boundary(int fd, std::uint64_t from, std::uint64_t end,
                                                 const Regex& boundary) {
    constexpr std::size_t k_window = 128 * 1024;
    std::string read;
    for (std::uint64_t at = from; at < end;) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(k_window, end - at));
        read += read_at(fd, at, want);
        at += want;
        std::optional<std::size_t> last;
        Regex::Match match;
        for (std::size_t pos = 0; pos <= read.size();) {
            Regex::Result result = boundary.search(read, pos, match);
            if (result == Regex::Result::limit)
                throw Error("--recend/--recstart: the regular expression needs too much "
                            "backtracking");
            if (result == Regex::Result::no_match) break;
            if (match.pos + match.length > 0) last = match.pos + match.length;
            pos = std::max(match.pos + 1, match.pos + match.length);
        }
        if (last) return from + *last;
    }
    return std::nullopt;
}

Regex compile_boundary(const RecordFormat& format) {
    auto group = [](const std::string& pattern) { return "(?:" + pattern + ")"; };
    std::string pattern = format.recend.empty() ? "(?=" + group(format.recstart) + ")"
                          : format.recstart.empty()
                              ? group(format.recend)
                              : group(format.recend) + "(?=" + group(format.recstart) + ")";
    std::string error;
    auto regex = Regex::compile(pattern, error);
    if (!regex)
        throw Error("invalid regular expression for --recend/--recstart: {}: {}", excerpt(pattern),
                    error);
    return std::move(*regex);
}

} // namespace

std::vector<std::uint64_t> find_part_starts(int fd, std::uint64_t begin, std::uint64_t end,
                                            std::uint64_t block_size, const RecordFormat& format) {
    // GNU's find_split_positions: from each cut, a block further on, the next separator.
    std::vector<std::uint64_t> starts;
    if (begin >= end) return starts;
    starts.push_back(begin);
    std::string separator = format.recend + format.recstart;
    std::optional<Regex> boundary;
    if (format.regexp && !separator.empty()) boundary = compile_boundary(format);
    block_size = std::max<std::uint64_t>(block_size, 1);
    for (std::uint64_t at = begin + block_size; at < end; at += block_size) {
        if (boundary) {
            auto hit = find_regex_boundary(fd, at, end, *boundary);
            if (!hit) break;
            at = *hit;
            if (at >= end) break;
        } else if (!separator.empty()) {
            auto hit = find_separator_from(fd, at, end, separator);
            if (!hit) break;
            at = *hit + format.recend.size();
            if (at >= end) break;
        }
        starts.push_back(at);
    }
    return starts;
}

std::string read_part_header(int fd, const BlockHeader& header) {
    if (header.lines == 0 && header.regex.empty()) return std::string();
    std::string start = read_at(fd, 0, 1 << 20);
    if (header.lines > 0) {
        std::size_t size = 0;
        for (std::uint64_t line = 0; line < header.lines && size < start.size(); ++line) {
            std::size_t newline = start.find('\n', size);
            size = newline == std::string::npos ? start.size() : newline + 1;
        }
        return start.substr(0, size);
    }
    std::string error;
    auto regex = Regex::compile(header.regex, error);
    if (!regex) throw Error("invalid regular expression for --header: {}", error);
    Regex::Match match;
    if (regex->search(start, 0, match, true) != Regex::Result::match) return std::string();
    return start.substr(0, match.length);
}

PipePartSource::PipePartSource(const std::string& path, std::int64_t block_size, unsigned slots,
                               const RecordFormat& format, const BlockHeader& header)
    // O_NONBLOCK: a FIFO must not block the open (it is refused just after).
    : m_file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)) {
    if (!m_file) throw Error("--pipepart: cannot open '{}': {}", excerpt(path), errno_text(errno));
    struct stat st {};
    if (::fstat(m_file.get(), &st) != 0 || !S_ISREG(st.st_mode))
        throw Error("--pipepart needs a regular file; '{}' is not one (use --pipe for a pipe)",
                    excerpt(path));
    auto size = static_cast<std::uint64_t>(st.st_size);
    std::string head = read_part_header(m_file.get(), header);
    if (!head.empty()) m_header = std::make_shared<const std::string>(std::move(head));
    std::uint64_t begin = m_header ? m_header->size() : 0;
    std::uint64_t block = 0;
    if (block_size > 0) {
        block = static_cast<std::uint64_t>(block_size);
    } else {
        // GNU: 1 + size / slots / N, the header included.
        std::uint64_t blocks = static_cast<std::uint64_t>(-block_size) * std::max(slots, 1u);
        block = 1 + size / blocks;
    }
    // (The file's size is the end of its range.)
    m_starts = find_part_starts(m_file.get(), begin, size, block, // NOLINT(*-suspicious-call-*)
                                format);
    m_starts.push_back(size);
}

JobStream::Status PipePartSource::next(Job& job) {
    if (exhausted()) return Status::done;
    job = Job{};
    job.seq = m_next + 1;
    job.stdin_data = m_header;
    job.stdin_range =
        FileRange{m_file.get(), m_starts[m_next], m_starts[m_next + 1] - m_starts[m_next]};
    ++m_next;
    return Status::ready;
}

} // namespace prun
