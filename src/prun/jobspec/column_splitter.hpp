#pragma once
// --colsep and --trim: an input value split into columns ({1} {2} ...) by a regular
// expression, and white space trimmed off values, both as GNU parallel does it.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prun/jobspec/input_spec.hpp>

namespace prun {

class Regex;

// Parses a --trim value: n, l, r, lr or rl.
std::optional<Trim> parse_trim(std::string_view text);

// Removes white space (Perl's \s: space, \t, \n, \r, \f, \v) from the ends `trim` names.
void trim_value(std::string& value, Trim trim);

class ColumnSplitter {
public:
    // `pattern` is a Perl regular expression (PCRE2), as GNU parallel's. Throws Error if it
    // is invalid. With `csv` (--csv), values are CSV records (csv_fields.hpp) and `pattern`
    // must be a plain separator (",", ";", "\t", "::"); throws Error if it is not.
    explicit ColumnSplitter(const std::string& pattern, bool csv = false);
    ~ColumnSplitter();
    ColumnSplitter(ColumnSplitter&&) noexcept;
    ColumnSplitter& operator=(ColumnSplitter&&) noexcept;

    // Appends the columns of `value` to `out`, as Perl's split(/pattern/, value, -1): empty
    // fields are kept (leading, inner and trailing), and an empty match never splits at
    // the start or right where the previous separator ended. An empty value is one empty
    // column (GNU parallel's rule). Throws Error if a match needs more work than the
    // limits of util/regex.hpp allow, or, with `csv`, if `value` is not CSV.
    void split(std::string_view value, std::vector<std::string>& out) const;

private:
    struct Match {
        std::size_t pos = 0;
        std::size_t length = 0;
    };
    // The first match from `from`; with `non_empty_here`, only a non-empty one at `from`.
    bool search(std::string_view value, std::size_t from, Match& match, bool non_empty_here) const;

    std::string m_pattern;
    std::string m_literal; // the separator, when the pattern can only match itself
    bool m_csv = false;
    std::unique_ptr<const Regex> m_regex;
};

} // namespace prun
