#include <algorithm>
#include <array>

#include <prun/template/argv_plan.hpp>

namespace prun::tmpl {

namespace {

// Characters that mean the same inside and outside a POSIX shell word.
bool is_plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '/' || c == ',' || c == ':' || c == '=' || c == '@' ||
           c == '%' || c == '+' || c == '^';
}

bool has_all_args(const std::vector<Segment>& word) {
    for (const Segment& segment : word)
        if (const auto* ph = std::get_if<Placeholder>(&segment))
            if (ph->per_argument()) return true;
    return false;
}

} // namespace

bool is_shell_word(std::string_view word) {
    // dash's keywords and builtins. true and false are absent on purpose: the programs of
    // those names behave identically, and they are the commonest benchmark job.
    static constexpr std::array<std::string_view, 52> k_words = {
        "!",       "{",        "}",     "case", "do",    "done",   "elif",   "else", "esac",
        "fi",      "for",      "if",    "in",   "then",  "until",  "while",  "time", "function",
        "select",  ".",        ":",     "[",    "alias", "bg",     "break",  "cd",   "chdir",
        "command", "continue", "echo",  "eval", "exec",  "exit",   "export", "fc",   "fg",
        "getopts", "hash",     "jobs",  "kill", "local", "printf", "pwd",    "read", "readonly",
        "return",  "set",      "shift", "test", "times", "trap",   "type"};
    static constexpr std::array<std::string_view, 6> k_more = {"ulimit", "umask", "unalias",
                                                               "unset",  "wait",  "source"};
    // Builtins of the other shells prun may run jobs in: never a program on PATH, so a
    // direct exec would only fail (and make prun hint at 'export -f' for nothing).
    static constexpr std::array<std::string_view, 31> k_other = {
        "declare",  "typeset", "let",    "shopt",    "mapfile",  "readarray", "builtin",
        "caller",   "enable",  "dirs",   "pushd",    "popd",     "disown",    "suspend",
        "logout",   "history", "setopt", "unsetopt", "autoload", "bindkey",   "print",
        "whence",   "string",  "math",   "contains", "argparse", "functions", "setenv",
        "unsetenv", "foreach", "repeat"};
    return std::find(k_words.begin(), k_words.end(), word) != k_words.end() ||
           std::find(k_more.begin(), k_more.end(), word) != k_more.end() ||
           std::find(k_other.begin(), k_other.end(), word) != k_other.end();
}

std::string_view ArgvPlan::program() const {
    const auto& first = m_words.front();
    if (first.size() != 1 || !std::holds_alternative<std::string>(first.front())) return {};
    return std::get<std::string>(first.front());
}

std::optional<ArgvPlan> ArgvPlan::from(const Template& command) {
    auto plan = build(command, true);
    if (!plan) return std::nullopt;
    // The command name must be literal: a substituted name could be a builtin or keyword.
    const auto& first = plan->m_words.front();
    if (first.size() != 1 || !std::holds_alternative<std::string>(first.front()))
        return std::nullopt;
    const auto& name = std::get<std::string>(first.front());
    if (name.find('=') != std::string::npos || is_shell_word(name)) return std::nullopt;
    return plan;
}

std::optional<ArgvPlan> ArgvPlan::split_words(const Template& command) {
    return build(command, false);
}

std::optional<ArgvPlan> ArgvPlan::build(const Template& command, bool literal_only) {
    ArgvPlan plan;
    plan.m_context_replace = command.context_replace();
    bool in_word = false;
    for (const Segment& segment : command.segments()) {
        if (const auto* ph = std::get_if<Placeholder>(&segment)) {
            if (!in_word) plan.m_words.emplace_back();
            in_word = true;
            plan.m_words.back().push_back(*ph);
            continue;
        }
        for (char c : std::get<std::string>(segment)) {
            if (is_template_blank(c)) {
                in_word = false;
                continue;
            }
            if (literal_only && !is_plain(c)) return std::nullopt;
            if (!in_word) plan.m_words.emplace_back();
            in_word = true;
            auto& word = plan.m_words.back();
            if (word.empty() || !std::holds_alternative<std::string>(word.back()))
                word.emplace_back(std::string());
            std::get<std::string>(word.back()).push_back(c);
        }
    }
    if (plan.m_words.empty()) return std::nullopt;
    return plan;
}

void ArgvPlan::expand(const JobValues& values, std::vector<std::string>& argv) const {
    argv.clear();
    for (const auto& word : m_words) {
        if (m_context_replace && !values.args.empty() && has_all_args(word)) {
            // GNU's context replacement: the whole word once per argument.
            for (std::size_t i = 0; i < values.args.size(); ++i)
                expand_word(word, values, &i, argv);
        } else {
            expand_word(word, values, nullptr, argv);
        }
    }
}

void ArgvPlan::expand_word(const std::vector<Segment>& word, const JobValues& values,
                           const std::size_t* single, std::vector<std::string>& argv) {
    // A word exists once it has text or a quoted (possibly empty) value, as in sh; a
    // positional string with no argument behind it expands to nothing, unquoted.
    bool started = false;
    auto current = [&]() -> std::string& {
        if (!started) argv.emplace_back();
        started = true;
        return argv.back();
    };
    for (const Segment& segment : word) {
        if (const auto* text = std::get_if<std::string>(&segment)) {
            current().append(*text);
            continue;
        }
        // Several values are several words, as the shell splits 'a' 'b'.
        for_each_value(
            std::get<Placeholder>(segment), values, single,
            [&](std::string_view value, bool) { current().append(value); },
            [&] { started = false; });
    }
}

} // namespace prun::tmpl
