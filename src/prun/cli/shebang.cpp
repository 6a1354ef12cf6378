#include <algorithm>
#include <string_view>

#include <prun/cli/shebang.hpp>
#include <prun/util/error.hpp>
#include <prun/util/shell_words.hpp>

namespace prun {

namespace {

// The rest of `word` after the option `name` (nullopt if it does not start with it as a
// word of its own: "--shebangx" is not --shebang).
std::optional<std::string_view> after_option(std::string_view word, std::string_view name) {
    if (!word.starts_with(name)) return std::nullopt;
    word.remove_prefix(name.size());
    if (!word.empty() && word.front() != ' ' && word.front() != '\t') return std::nullopt;
    return word;
}

} // namespace

std::optional<std::vector<std::string>> expand_shebang(const std::vector<std::string>& args) {
    if (args.empty()) return std::nullopt;
    std::string_view first = args.front();
    bool wrap = false;
    std::optional<std::string_view> rest;
    for (std::string_view name : {"--shebang-wrap", "--shebangwrap"})
        if (!rest && (rest = after_option(first, name))) wrap = true;
    for (std::string_view name : {"--shebang", "--hashbang"})
        if (!rest) rest = after_option(first, name);
    if (!rest) return std::nullopt;
    std::string option(first.substr(0, first.size() - rest->size()));

    std::string error;
    auto words = split_shell_words(*rest, error);
    if (!words) throw Error("cannot split the #! line's words after {}: {}", option, error);
    // The kernel's form: the #! line's words in one, then the script and its arguments.
    // env -S's: the words one by one, the script last.
    std::vector<std::string> extra(args.begin() + 1, args.end());
    std::string script;
    if (!words->empty() || wrap) {
        if (extra.empty()) throw Error("{} needs the script's path after the #! line", option);
        script = extra.front();
        extra.erase(extra.begin());
    } else {
        if (extra.empty()) throw Error("{} needs the script's path after the #! line", option);
        script = extra.back();
        extra.pop_back();
    }

    std::vector<std::string> expanded;
    if (!wrap) {
        expanded = {"--skip-first-line", "-a", script};
        expanded.insert(expanded.end(), words->begin(), words->end());
        expanded.insert(expanded.end(), extra.begin(), extra.end());
        return expanded;
    }
    expanded = std::move(*words);
    bool pipe = std::any_of(expanded.begin(), expanded.end(), [](const std::string& word) {
        return word == "--pipe" || word == "--spreadstdin";
    });
    expanded.push_back(script);
    // With --pipe, the arguments are files to read the input from; without any, stdin.
    if (!pipe || !extra.empty()) expanded.emplace_back(pipe ? "::::" : ":::");
    expanded.insert(expanded.end(), extra.begin(), extra.end());
    return expanded;
}

} // namespace prun
