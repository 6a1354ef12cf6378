// Context quoting: wherever a template puts a value (bare, '...', "...", a here-document,
// $((...)), a comment), the quoted value must leave the shell exactly where it found it.
// The model is ShellScanner reading the expanded code as plain text: across each value's
// quoted bytes it may only see quotes opened and closed (no command separator, no
// substitution, no here-document ended), and after them it must be in the state it was in
// before. A template the scanner refuses is fine; one it accepts must hold this for every
// value. Deterministic: the input is the template, then NUL-separated values (with no NUL,
// a fixed hostile set).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <prun/template/shell_context.hpp>
#include <prun/template/template.hpp>
#include <prun/util/error.hpp>

#include "fuzz_support.hpp"

namespace tmpl = prun::tmpl;

using fuzz::check;
using fuzz::split_fields;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> fields =
        split_fields(std::string_view(reinterpret_cast<const char*>(data), size));
    std::vector<std::string> values(fields.begin() + 1, fields.end());
    if (values.empty())
        values = {"a;b",  "$(id)", "`id`",  "'",   "\"",       "\\",    "\nE\nid\n", "E",
                  "${x}", "$",     "a'\"b", "-1",  "a[$(id)]", "\t\tE", "",          "#",
                  "\\\n", "}",     ")",     "<<E", "$((1))",   "!"};

    tmpl::Template command = tmpl::Template::parse(fields[0]);
    command.set_context_replace(size % 2 == 1);
    try {
        command.prepare_for_shell();
    } catch (const prun::Error&) {
        return 0; // refused: no job would run
    }

    // Expand segment by segment, reading the code as the shell would.
    tmpl::ShellScanner reader;
    std::size_t next = 0;
    for (const tmpl::Segment& segment : command.segments()) {
        if (const auto* text = std::get_if<std::string>(&segment)) {
            reader.text(*text);
            continue;
        }
        const auto& ph = std::get<tmpl::Placeholder>(segment);
        if (!ph.is_value()) {
            reader.text("1");
            continue;
        }
        const std::string& value = values[next++ % values.size()];
        std::string quoted;
        tmpl::quote_for_context(tmpl::apply_modifier(value, ph.modifier), ph.context, quoted);
        reader.settle();
        tmpl::ShellScanner before = reader;
        std::size_t trace_start = reader.trace().size();
        reader.text(quoted);
        check(reader.same_state(before));
        for (char event : reader.trace().substr(trace_start))
            check(event == '\'' || event == '"' || event == ')');
    }
    return 0;
}
