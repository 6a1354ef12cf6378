#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <unistd.h>

#include <prun/jobspec/joblog_history.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

namespace prun {

namespace {

// GNU pads JobRuntime with spaces ("%10.3f").
bool is_number(std::string_view field) {
    field.remove_prefix(std::min(field.find_first_not_of(' '), field.size()));
    if (!field.empty() && field.front() == '-') field.remove_prefix(1);
    return !field.empty() && field.find_first_not_of("0123456789.") == std::string_view::npos;
}

} // namespace

std::unordered_map<std::uint64_t, bool> parse_joblog(std::string_view text,
                                                     const std::string& name) {
    std::unordered_map<std::uint64_t, bool> done;
    std::size_t line_number = 0;
    while (!text.empty()) {
        auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        if (++line_number == 1 || line.empty()) continue; // the header
        // Seq Host Starttime JobRuntime Send Receive Exitval Signal Command: the command
        // may hold TABs, so only the first eight fields are split off.
        std::string_view fields[8];
        std::string_view rest = line;
        bool complete = true;
        for (auto& field : fields) {
            auto tab = rest.find('\t');
            if (tab == std::string_view::npos) {
                complete = false;
                break;
            }
            field = rest.substr(0, tab);
            rest.remove_prefix(tab + 1);
        }
        std::uint64_t seq = 0;
        auto [end, ec] =
            std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), seq);
        bool valid = complete && ec == std::errc() && end == fields[0].data() + fields[0].size() &&
                     !fields[1].empty();
        for (int i = 2; valid && i < 8; ++i)
            valid = is_number(fields[i]);
        if (!valid)
            throw Error("{} line {} is not a joblog line (Seq, Host, Starttime, JobRuntime, "
                        "Send, Receive, Exitval, Signal, Command, TAB-separated)",
                        name, line_number);
        bool succeeded = fields[6] == "0" && fields[7] == "0";
        done[seq] = done[seq] || succeeded;
    }
    return done;
}

std::unordered_map<std::uint64_t, bool> read_joblog(const std::string& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return {};
        throw Error("cannot read --joblog '{}': {}", path, errno_text(errno));
    }
    std::string text;
    char buffer[64 * 1024];
    while (true) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error("cannot read --joblog '{}': {}", path, errno_text(errno));
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return parse_joblog(text, "--joblog '" + path + "'");
}

} // namespace prun
