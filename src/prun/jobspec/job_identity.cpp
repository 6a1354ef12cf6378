#include <algorithm>
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include <prun/jobspec/job_identity.hpp>

namespace prun {

namespace {

constexpr std::string_view k_marker = "# prun job ";
constexpr std::size_t k_shown_name = 64;

// FNV-1a, 64 bits: stable across builds and platforms (std::hash is neither), and plenty
// for telling a few million jobs apart.
class Digest {
public:
    // Each field is length-prefixed, so ("ab", "c") and ("a", "bc") differ.
    void add(std::string_view field) {
        std::uint64_t size = field.size();
        for (int i = 0; i < 8; ++i)
            byte(static_cast<unsigned char>(size >> (8 * i)));
        for (char c : field)
            byte(static_cast<unsigned char>(c));
    }
    std::uint64_t value() const { return m_hash == 0 ? 1 : m_hash; }

private:
    void byte(unsigned char c) {
        m_hash ^= c;
        m_hash *= 0x100000001b3ULL;
    }
    std::uint64_t m_hash = 0xcbf29ce484222325ULL;
};

} // namespace

std::uint64_t job_identity(const Job& job, bool named) {
    Digest digest;
    digest.add(named ? "named" : "unnamed");
    digest.add(named ? std::string_view(job.name) : std::string_view());
    digest.add(job.command);
    digest.add(std::to_string(job.argv.size()));
    for (const std::string& word : job.argv)
        digest.add(word);
    // The same variables in another order are the same environment.
    std::vector<std::string_view> env(job.env.begin(), job.env.end());
    std::sort(env.begin(), env.end());
    digest.add(std::to_string(env.size()));
    for (std::string_view variable : env)
        digest.add(variable);
    digest.add(job.cwd);
    return digest.value();
}

std::string identity_comment(std::string_view command, std::string_view name,
                             std::uint64_t identity) {
    std::string shown;
    for (char c : name.substr(0, k_shown_name)) {
        auto byte = static_cast<unsigned char>(c);
        // No newline may reach the comment: under GNU's --retry-failed it would end it and
        // make the rest of the name shell code.
        shown.push_back(byte < 0x20 || byte == 0x7f || c == '\'' ? '?' : c);
    }
    if (name.size() > k_shown_name) shown += "...";
    char separator = command.find('\n') == std::string_view::npos ? '\t' : '\n';
    return fmt::format("{}{}'{}' {:016x}", separator, k_marker, shown, identity);
}

std::optional<std::uint64_t> identity_in_command(std::string_view tail) {
    constexpr std::size_t digits = 16;
    if (tail.size() < digits + 1 || tail[tail.size() - digits - 1] != ' ') return std::nullopt;
    auto marker = tail.rfind(k_marker);
    // The marker follows the separator; a joblog keeps a newline as a NUL byte.
    if (marker == std::string_view::npos || marker == 0 ||
        (tail[marker - 1] != '\t' && tail[marker - 1] != '\n' && tail[marker - 1] != '\0'))
        return std::nullopt;
    std::string_view hex = tail.substr(tail.size() - digits);
    std::uint64_t identity = 0;
    auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), identity, 16);
    if (ec != std::errc() || end != hex.data() + hex.size() || identity == 0 ||
        hex.find_first_not_of("0123456789abcdef") != std::string_view::npos)
        return std::nullopt;
    return identity;
}

} // namespace prun
