#pragma once
// Perl-compatible regular expressions (PCRE2), bounded: a match that needs more than a
// fixed amount of backtracking, recursion depth or memory stops with Result::limit
// instead of spinning for minutes or overflowing the stack (as std::regex does on long
// inputs). Patterns are bytes, not UTF-8, as in GNU parallel's Perl. The JIT is used
// where the system allows it.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace prun {

class Regex {
public:
    // Compiles `pattern`; nullopt, with `error` set (PCRE2's message and the offset), if it
    // is not a valid regular expression.
    static std::optional<Regex> compile(std::string_view pattern, std::string& error);
    ~Regex();
    Regex(Regex&&) noexcept;
    Regex& operator=(Regex&&) noexcept;

    enum class Result { match, no_match, limit };
    struct Match {
        std::size_t pos = 0;
        std::size_t length = 0;
    };
    // Searches `subject` from `from` (what precedes `from` is context for \b and
    // look-behind). `anchored`: only a match starting at `from`; `non_empty`: not an
    // empty one there.
    Result search(std::string_view subject, std::size_t from, Match& match, bool anchored = false,
                  bool non_empty = false) const;
    // After a search() that returned Result::match: capture group `n` (1 is the first), or
    // nullopt if it took no part in the match or the pattern has fewer groups.
    std::optional<Match> group(std::size_t n) const;
    // How many capture groups the pattern has.
    std::size_t groups() const;

    // The limits: backtracking steps, nested backtracking depth and heap (KiB) per match.
    static constexpr unsigned k_match_limit = 10'000'000;
    static constexpr unsigned k_depth_limit = 10'000;
    static constexpr unsigned k_heap_limit_kib = 64 * 1024;

private:
    struct Impl;
    explicit Regex(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace prun
