// Templates: parsing (GNU's standard strings, and again with --plus, a --rpl with a group
// and --parens), expansion and the shell-free ArgvPlan. Perl expressions get values from
// a fake evaluator (the job's own hostile values). Besides not crashing:
//   - every value shell-quoted by shell_quote() reads back, as one word, as itself;
//   - when ArgvPlan says a command needs no shell, its argv is exactly the words the shell
//     would make of expand_for_shell()'s code (checked with a small POSIX word splitter
//     that knows only what that code may contain, and traps on anything else).
//
// Input: fields separated by NUL bytes: the template, then the -I token ("" means {}),
// then the job's values. With no NUL at all, the input is the template and the values
// are a fixed hostile set.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prun/template/argv_plan.hpp>
#include <prun/template/quote.hpp>
#include <prun/template/template.hpp>
#include <prun/util/error.hpp>

#include "fuzz_support.hpp"

namespace tmpl = prun::tmpl;

namespace {

using fuzz::check;
using fuzz::split_fields;

// The words /bin/sh makes of `code`, which may hold only blanks, plain characters (those
// ArgvPlan accepts outside quotes), '...' and "'". nullopt if it holds anything else.
std::optional<std::vector<std::string>> shell_words(std::string_view code) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (c == ' ' || c == '\t') {
            if (in_word) words.push_back(word);
            word.clear();
            in_word = false;
            continue;
        }
        in_word = true;
        if (c == '\'') {
            auto close = code.find('\'', i + 1);
            if (close == std::string_view::npos) return std::nullopt;
            word.append(code.substr(i + 1, close - i - 1));
            i = close;
        } else if (c == '"') {
            // shell_quote() writes a lone ' as '"'"': only "'" can occur.
            if (code.substr(i, 3) != "\"'\"") return std::nullopt;
            word.push_back('\'');
            i += 2;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   std::string_view("-_./,:=@%+^").find(c) != std::string_view::npos) {
            word.push_back(c);
        } else {
            return std::nullopt;
        }
    }
    if (in_word) words.push_back(word);
    return words;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> fields =
        split_fields(std::string_view(reinterpret_cast<const char*>(data), size));
    std::string text = fields[0];
    std::string token = fields.size() > 1 && !fields[1].empty() ? fields[1] : "{}";
    std::vector<std::string> args;
    if (fields.size() > 2)
        args.assign(fields.begin() + 2, fields.end());
    else
        args = {"a b", "it's", "", "$(rm -rf ~)", "dir/file.tar.gz", "\n\t*"};

    // Quoting round-trips every value.
    for (const std::string& value : args) {
        auto words = shell_words(tmpl::shell_quote(value));
        check(words && words->size() == 1 && words->front() == value);
    }

    for (auto modifier :
         {tmpl::Modifier::none, tmpl::Modifier::no_ext, tmpl::Modifier::basename,
          tmpl::Modifier::dirname, tmpl::Modifier::basename_no_ext, tmpl::Modifier::plus_dir,
          tmpl::Modifier::plus_ext, tmpl::Modifier::plus_ext2, tmpl::Modifier::plus_ext3,
          tmpl::Modifier::no_ext2, tmpl::Modifier::no_ext3, tmpl::Modifier::basename_no_ext2,
          tmpl::Modifier::basename_no_ext3})
        for (const std::string& value : args)
            tmpl::apply_modifier(value, modifier);

    tmpl::SyntaxOptions plus;
    plus.plus = true;
    plus.rpl = {"{x(\\d+)} s/$$1//"};
    plus.parens = "<<>>";
    // Compiling --plus's patterns is slow: once for the usual token.
    static const tmpl::Syntax k_standard_plus = tmpl::Syntax::make("{}", plus);
    std::optional<tmpl::Syntax> own, own_plus;
    if (token != "{}") {
        // A token with parentheses is split as a --rpl tag (GNU's rule): one that does not
        // make a valid regex is refused with an Error, which is the user's message.
        try {
            own = tmpl::Syntax::make(token, {});
            own_plus = tmpl::Syntax::make(token, plus);
        } catch (const prun::Error&) {
            return 0;
        }
    }
    for (const tmpl::Syntax* syntax :
         {own ? &*own : &tmpl::Syntax::standard(), own_plus ? &*own_plus : &k_standard_plus}) {
        tmpl::ExpressionTable expressions;
        tmpl::Template command = tmpl::Template::parse(text, *syntax, expressions);
        if (!command.has_placeholders()) command.append_all_args(); // as CommandBuilder does
        command.set_context_replace(size % 3 == 0);
        tmpl::JobValues values{args, size, static_cast<unsigned>(size % 7) + 1};
        values.total = size;
        tmpl::ExpressionResults results;
        command.expression_requests(values, results.requests);
        for (const auto& request : results.requests) {
            check(request.expr < expressions.expressions().size());
            check(request.arg_index < std::max<std::size_t>(args.size(), 1));
            results.values.push_back(
                {std::string(tmpl::expression_arg(values, request.arg_index)), false});
        }
        values.results = &results;

        std::string code, raw;
        command.expand_for_shell(values, code);
        command.expand_raw(values, raw);

        std::vector<std::string> argv;
        if (auto plan = tmpl::ArgvPlan::from(command)) {
            plan->expand(values, argv);
            auto words = shell_words(code);
            check(words.has_value()); // a plan exists only for code without shell syntax
            check(*words == argv);
            check(!argv.empty() && !tmpl::is_shell_word(argv.front()));
        }
        if (auto plan = tmpl::ArgvPlan::split_words(command)) plan->expand(values, argv);
    }
    return 0;
}
