#pragma once
// Running a command without a shell. A template whose literal text has no shell syntax
// (no quotes, variables, globs, redirections, keywords, builtins, assignments) means the
// same thing whether /bin/sh parses it or prun splits it into words itself; then prun can
// execve() it directly and skip the shell's startup cost.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prun/template/template.hpp>

namespace prun::tmpl {

class ArgvPlan {
public:
    // The plan for `command`, or nullopt if it needs a shell to mean what it says.
    static std::optional<ArgvPlan> from(const Template& command);
    // The plan for --no-shell: words split at blanks, every other character taken
    // literally; nullopt only if there are no words.
    static std::optional<ArgvPlan> split_words(const Template& command);

    // The literal command name of a plan made by from() (empty for split_words plans
    // whose first word has a replacement string).
    std::string_view program() const;

    // Expands into argv exactly as /bin/sh would split the quoted expansion.
    void expand(const JobValues& values, std::vector<std::string>& argv) const;

private:
    static std::optional<ArgvPlan> build(const Template& command, bool literal_only);
    // Appends the argv words `word` expands to; `single`: {} stands for that one argument
    // (an index into the job's arguments).
    static void expand_word(const std::vector<Segment>& word, const JobValues& values,
                            const std::size_t* single, std::vector<std::string>& argv);

    std::vector<std::vector<Segment>> m_words;
    bool m_context_replace = false; // the template's (see Template::set_context_replace)
};

// True for words the shell treats specially as a command name (keywords, builtins whose
// behaviour differs from the program of the same name, such as echo and cd): those of
// dash, and the builtins bash, zsh, ksh, fish and csh add, which no program provides.
bool is_shell_word(std::string_view word);

} // namespace prun::tmpl
