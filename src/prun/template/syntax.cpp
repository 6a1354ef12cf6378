#include <algorithm>

#include <prun/template/syntax.hpp>
#include <prun/template/template.hpp>
#include <prun/util/error.hpp>

namespace prun::tmpl {

namespace {

struct Definition {
    const char* key;
    const char* code;
    Native native;
    Modifier modifier = Modifier::none;
};

// GNU parallel's %Global::replace: every string has a native implementation.
constexpr Definition k_standard[] = {
    {"{}", "", Native::value},
    {"{#}", "1 $_=$job->seq()", Native::seq},
    {"{%}", "1 $_=$job->slot()", Native::slot},
    {"{/}", "s:.*/::", Native::value, Modifier::basename},
    {"{//}",
     "$Global::use{\"File::Basename\"} ||= eval \"use File::Basename; 1;\"; $_ = dirname($_);",
     Native::value, Modifier::dirname},
    {"{/.}", "s:.*/::; s:\\.[^/.]*$::;", Native::value, Modifier::basename_no_ext},
    {"{.}", "s:\\.[^/.]*$::", Native::value, Modifier::no_ext},
};

// GNU parallel's %Global::plus (--plus), with the same perl; the simple ones native.
constexpr Definition k_plus[] = {
    {"{+/}", "s:/[^/]*$:: || s:.*$::", Native::value, Modifier::plus_dir},
    {"{+.}", "s:.*\\.:: || s:.*$::", Native::value, Modifier::plus_ext},
    {"{+..}", "s:.*\\.([^/.]*\\.[^/.]*)$:$1: || s:.*$::", Native::value, Modifier::plus_ext2},
    {"{+...}", "s:.*\\.([^/.]*\\.[^/.]*\\.[^/.]*)$:$1: || s:.*$::", Native::value,
     Modifier::plus_ext3},
    {"{..}", "s:\\.[^/.]*\\.[^/.]*$::", Native::value, Modifier::no_ext2},
    {"{...}", "s:\\.[^/.]*\\.[^/.]*\\.[^/.]*$::", Native::value, Modifier::no_ext3},
    {"{/..}", "s:.*/::; s:\\.[^/.]*\\.[^/.]*$::", Native::value, Modifier::basename_no_ext2},
    {"{/...}", "s:.*/::; s:\\.[^/.]*\\.[^/.]*\\.[^/.]*$::", Native::value,
     Modifier::basename_no_ext3},
    {"{choose_k}", "for $t (2..$#arg){ if($arg[$t-1] ge $arg[$t]) { skip() } }", Native::perl},
    {"{uniq}", "if(::uniq(@arg) != @arg) { skip(); }", Native::perl},
    {"{##}", "1 $_=total_jobs()", Native::total},
    {"{0%}",
     "1 $f=1+int((log($Global::max_jobs_running||1)/log(10)));$_=sprintf(\"%0${f}d\",slot())",
     Native::perl},
    {"{0#}", "1 $f=1+int((log(total_jobs())/log(10)));$_=sprintf(\"%0${f}d\",seq())", Native::perl},
    {"{:-([^}]+?)}", "$_ ||= $$1", Native::default_value},
    {"{:(\\d+?)}", "substr($_,0,$$1) = \"\"", Native::drop_prefix},
    {"{:(\\d+?):(\\d+?)}", "$_ = substr($_,$$1,$$2);", Native::substring},
    {"{#([^#}][^}]*?)}", "$nongreedy=::make_regexp_ungreedy($$1);s/^$nongreedy(.*)/$1/;",
     Native::perl},
    {"{##([^#}][^}]*?)}", "s/^$$1//;", Native::perl},
    {"{%([^}]+?)}", "$nongreedy=::make_regexp_ungreedy($$1);s/(.*)$nongreedy$/$1/;", Native::perl},
    {"{%%([^}]+?)}", "s/$$1$//;", Native::perl},
    {"{/([^#%}/]+?)/([^}]*?)}", "s/$$1/$$2/;", Native::perl},
    {"{/#([^}]+?)/([^}]*?)}", "s/^$$1/$$2/g;", Native::perl},
    {"{/%([^}]+?)/([^}]*?)}", "s/$$1$/$$2/g;", Native::perl},
    {"{//([^}]+?)/([^}]*?)}", "s/$$1/$$2/g;", Native::perl},
    {"{^([^}]+?)}", "s/^($$1)/uc($1)/e;", Native::perl},
    {"{^^([^}]+?)}", "s/($$1)/uc($1)/eg;", Native::perl},
    {"{,([^}]+?)}", "s/^($$1)/lc($1)/e;", Native::perl},
    {"{,,([^}]+?)}", "s/($$1)/lc($1)/eg;", Native::perl},
    {"{slot}", "1 $_=\"\\${PARALLEL_JOBSLOT}\";uq()", Native::perl},
    {"{host}", "1 $_=\"\\${PARALLEL_SSHHOST}\";uq()", Native::perl},
    {"{sshlogin}", "1 $_=\"\\${PARALLEL_SSHLOGIN}\";uq()", Native::perl},
    {"{hgrp}", "1 $_=\"\\${PARALLEL_HOSTGROUPS}\";uq()", Native::perl},
    {"{agrp}", "1 $_=\"\\${PARALLEL_ARGHOSTGROUPS}\";uq()", Native::perl},
};

std::string regex_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (std::string_view("\\^$.|?*+()[]{}/").find(c) != std::string_view::npos)
            out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

void put(std::vector<ReplacementString>& strings, ReplacementString entry) {
    auto same = std::find_if(strings.begin(), strings.end(),
                             [&](const ReplacementString& s) { return s.key == entry.key; });
    if (same != strings.end())
        *same = std::move(entry);
    else
        strings.push_back(std::move(entry));
}

ReplacementString from(const Definition& d) {
    return {d.key, d.code, d.native, static_cast<int>(d.modifier), {}, {}, {}, false, {}, {}};
}

// Splits the tag as GNU does (prefix, a group in parentheses, postfix) and compiles its
// patterns. A tag GNU's split does not fit is matched literally.
void prepare(ReplacementString& s) {
    std::string_view key = s.key;
    auto open = key.find('(');
    auto close = key.rfind(')');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open &&
        key.substr(close + 1).find('(') == std::string_view::npos) {
        s.prefix = key.substr(0, open);
        s.group = key.substr(open, close + 1 - open);
        s.postfix = key.substr(close + 1);
    } else {
        s.prefix = key;
    }
    auto compile = [&s](const std::string& pattern) {
        std::string error;
        std::optional<Regex> regex = Regex::compile(pattern, error);
        if (!regex)
            throw Error("--rpl '{}': the tag's regular expression is not valid: {}", excerpt(s.key),
                        error);
        return std::make_shared<const Regex>(std::move(*regex));
    };
    if (!s.group.empty())
        s.pattern = compile(regex_escape(s.prefix) + s.group + regex_escape(s.postfix));
    s.positional = !s.prefix.empty() && s.prefix.front() == '{';
    // GNU's \s* after the number: blanks and line breaks ({1 .}, "{1\n}").
    if (s.positional)
        s.positional_pattern =
            compile("\\{(-?[0-9]+)[ \\t\\n\\r\\f\\v]*" + regex_escape(s.prefix.substr(1)) +
                    s.group + regex_escape(s.postfix));
}

} // namespace

Syntax Syntax::make(std::string_view all_args_token, const SyntaxOptions& options) {
    Syntax syntax;
    if (options.parens.size() < 2 || options.parens.size() % 2 != 0)
        throw Error("--parens needs an even number of characters, left half and right half "
                    "(like '{{==}}'): '{}'",
                    options.parens);
    syntax.m_left = options.parens.substr(0, options.parens.size() / 2);
    syntax.m_right = options.parens.substr(options.parens.size() / 2);
    auto& strings = syntax.m_strings;
    if (options.plus)
        for (const Definition& d : k_plus)
            put(strings, from(d));
    for (const Definition& d : k_standard)
        put(strings, from(d));
    if (all_args_token != "{}")
        for (auto& s : strings)
            if (s.key == "{}") s.key = all_args_token;
    for (const auto& [standard, renamed] : options.renames) {
        if (renamed.empty())
            throw Error("a replacement string needs a non-empty name (for {})", standard);
        for (auto& s : strings)
            if (s.key == standard) s.key = renamed;
    }
    for (const std::string& rpl : options.rpl) {
        auto blank = rpl.find_first_of(" \t\n");
        if (blank == 0 || blank == std::string::npos)
            throw Error("--rpl needs a tag, a blank and perl code (like '{{..}} s:\\.[^.]+$::'): "
                        "'{}'",
                        rpl);
        put(strings, {rpl.substr(0, blank),
                      rpl.substr(blank + 1),
                      Native::perl,
                      0,
                      {},
                      {},
                      {},
                      false,
                      {},
                      {}});
    }
    for (auto& s : strings)
        prepare(s);
    std::stable_sort(strings.begin(), strings.end(), [](const auto& a, const auto& b) {
        return a.key.size() != b.key.size() ? a.key.size() > b.key.size() : a.key < b.key;
    });
    return syntax;
}

const Syntax& Syntax::standard() {
    static const Syntax k_syntax = make("{}", {});
    return k_syntax;
}

} // namespace prun::tmpl
