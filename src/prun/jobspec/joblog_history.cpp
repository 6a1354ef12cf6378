#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <unistd.h>

#include <prun/jobspec/job_identity.hpp>
#include <prun/jobspec/joblog_history.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

namespace prun {

namespace {

// The first eight fields are numbers and a host name: far shorter than this.
constexpr std::size_t k_max_fields = 4096;

// GNU pads JobRuntime with spaces ("%10.3f").
bool is_number(std::string_view field) {
    field.remove_prefix(std::min(field.find_first_not_of(' '), field.size()));
    if (!field.empty() && field.front() == '-') field.remove_prefix(1);
    return !field.empty() && field.find_first_not_of("0123456789.") == std::string_view::npos;
}

} // namespace

void JoblogHistory::add(std::uint64_t seq, std::uint64_t identity, bool succeeded) {
    ++m_lines;
    Word& word = m_by_seq[seq / 64];
    std::uint64_t bit = std::uint64_t{1} << (seq % 64);
    word.logged |= bit;
    if (succeeded) word.succeeded |= bit;
    if (identity != 0) {
        bool& done = m_by_identity[identity];
        done = done || succeeded;
    }
}

JoblogHistory::Outcome JoblogHistory::by_seq(std::uint64_t seq) const {
    auto it = m_by_seq.find(seq / 64);
    std::uint64_t bit = std::uint64_t{1} << (seq % 64);
    if (it == m_by_seq.end() || !(it->second.logged & bit)) return Outcome::absent;
    return it->second.succeeded & bit ? Outcome::succeeded : Outcome::failed;
}

JoblogHistory::Outcome JoblogHistory::by_identity(std::uint64_t identity) const {
    auto it = m_by_identity.find(identity);
    if (it == m_by_identity.end()) return Outcome::absent;
    return it->second ? Outcome::succeeded : Outcome::failed;
}

void JoblogParser::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        if (m_tabs < 8) {
            // Seq Host Starttime JobRuntime Send Receive Exitval Signal: kept whole.
            auto stop = bytes.find_first_of("\t\n");
            m_fields.append(bytes.substr(0, stop));
            m_empty = m_empty && stop == 0;
            if (m_fields.size() > k_max_fields) bad_line();
            if (stop == std::string_view::npos) return;
            char c = bytes[stop];
            bytes.remove_prefix(stop + 1);
            if (c == '\n') {
                end_line();
                continue;
            }
            m_empty = false;
            m_fields.push_back('\t');
            ++m_tabs;
            continue;
        }
        // Command: only its end matters, and it may be long (or never end).
        auto newline = bytes.find('\n');
        m_tail.append(bytes.substr(0, newline));
        if (m_tail.size() > 2 * k_identity_tail) m_tail.erase(0, m_tail.size() - k_identity_tail);
        if (newline == std::string_view::npos) return;
        bytes.remove_prefix(newline + 1);
        end_line();
    }
}

void JoblogParser::end_line() {
    std::string_view line = m_fields;
    bool header = line == "Seq" || line.starts_with("Seq\t");
    if (!m_empty && !header) {
        if (m_tabs < 8) bad_line();
        std::string_view fields[8];
        for (auto& field : fields) {
            auto tab = line.find('\t');
            field = line.substr(0, tab);
            line.remove_prefix(tab + 1);
        }
        std::uint64_t seq = 0;
        auto [end, ec] =
            std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), seq);
        bool valid =
            ec == std::errc() && end == fields[0].data() + fields[0].size() && !fields[1].empty();
        for (int i = 2; valid && i < 8; ++i)
            valid = is_number(fields[i]);
        if (!valid) bad_line();
        bool succeeded = fields[6] == "0" && fields[7] == "0";
        m_history.add(seq, identity_in_command(m_tail).value_or(0), succeeded);
    }
    ++m_line;
    m_fields.clear();
    m_tail.clear();
    m_tabs = 0;
    m_empty = true;
}

void JoblogParser::bad_line() const {
    throw Error("{} line {} is not a joblog line (Seq, Host, Starttime, JobRuntime, Send, "
                "Receive, Exitval, Signal, Command, TAB-separated)",
                m_name, m_line);
}

JoblogHistory JoblogParser::finish() {
    if (!m_empty || m_tabs > 0) end_line();
    return std::move(m_history);
}

JoblogHistory parse_joblog(std::string_view text, const std::string& name) {
    JoblogParser parser(name);
    parser.feed(text);
    return parser.finish();
}

JoblogHistory read_joblog(const std::string& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return {};
        throw Error("cannot read --joblog '{}': {}", path, errno_text(errno));
    }
    JoblogParser parser("--joblog '" + path + "'");
    char buffer[64 * 1024];
    while (true) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error("cannot read --joblog '{}': {}", path, errno_text(errno));
        if (n == 0) return parser.finish();
        parser.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    }
}

} // namespace prun
