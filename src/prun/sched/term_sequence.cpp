#include <charconv>
#include <csignal>
#include <string>

#include <prun/sched/term_sequence.hpp>

namespace prun {

namespace {

struct SignalName {
    std::string_view name;
    int number;
};

constexpr SignalName k_signals[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ABRT", SIGABRT},
    {"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE},
    {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"CONT", SIGCONT}, {"STOP", SIGSTOP},
    {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU}, {"WINCH", SIGWINCH}};

template <class Number>
std::optional<Number> whole_number(std::string_view text) {
    Number value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<int> parse_signal(std::string_view text) {
    if (auto number = whole_number<int>(text)) {
        if (*number > 0 && *number < NSIG) return number;
        return std::nullopt;
    }
    if (text.starts_with("SIG")) text.remove_prefix(3);
    for (const auto& [name, number] : k_signals)
        if (name == text) return number;
    return std::nullopt;
}

} // namespace

std::optional<std::vector<TermStep>> parse_term_sequence(std::string_view text) {
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        std::size_t comma = text.find(',', start);
        fields.push_back(text.substr(start, comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    std::vector<TermStep> steps;
    for (std::size_t i = 0; i < fields.size(); i += 2) {
        auto signal = parse_signal(fields[i]);
        if (!signal) return std::nullopt;
        double wait = 0;
        if (i + 1 < fields.size()) {
            auto ms = whole_number<unsigned>(fields[i + 1]);
            if (!ms) return std::nullopt;
            wait = *ms / 1000.0;
        }
        steps.push_back({*signal, wait});
    }
    return steps;
}

} // namespace prun
