#pragma once
// --filter FILTER (GNU parallel's): a job runs only if each filter, perl code holding
// replacement strings, is true for it ('{1} < {2}+1'). The filters are compiled once, with
// the run's other perl expressions; each job's are evaluated in one more exchange with perl.
//
// GNU pastes the values into the code as they are, so a value is perl code there ('1;
// system(...)' would run). prun passes them as data: each replacement string becomes a
// variable holding its value (in a "..." string, that variable interpolated; in a '...'
// string, the string cut around it), so '{1} < {2}+1', '{} =~ /x/' and '"{}" ne "a"' mean
// what they mean in GNU, and no value is ever code.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <prun/template/expression.hpp>
#include <prun/template/template.hpp>

namespace prun {

class JobFilter {
public:
    // Parses `filters` with `syntax`; the perl expressions they hold, and each filter's own
    // code, go into `table`.
    JobFilter(const std::vector<std::string>& filters, const tmpl::Syntax& syntax,
              tmpl::ExpressionTable& table);

    bool uses_total() const;
    // Adds what the filters' replacement strings ask of the expressions for a job.
    void expression_requests(const tmpl::JobValues& values,
                             std::vector<tmpl::ExpressionRequest>& requests) const;
    // Whether every filter is true for the job `values` describe (their expressions'
    // values in values.results). nullopt, with `error` set, if one failed in perl.
    std::optional<bool> passes(const tmpl::JobValues& values, tmpl::ExpressionEvaluator& evaluator,
                               std::string& error) const;

private:
    struct Filter {
        tmpl::Template text;
        std::size_t expression = 0; // its code in the table
    };
    std::vector<Filter> m_filters;
    mutable std::vector<std::string> m_args;
    mutable tmpl::ExpressionResults m_results;
};

// The perl code of a filter: `text`'s literal parts as they are, its replacement strings as
// the variables that hold their values, the whole made "1" or "0" in $_. @arg holds the
// job's arguments, then the values of all `total` replacement strings of all filters; this
// filter's are the `first`th and on. For tests.
std::string filter_code(const tmpl::Template& text, std::size_t first, std::size_t total);

} // namespace prun
