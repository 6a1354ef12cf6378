#include <fmt/format.h>

#include <prun/sched/job_filter.hpp>

namespace prun {

namespace {

std::size_t placeholder_count(const tmpl::Template& text) {
    std::size_t count = 0;
    for (const auto& segment : text.segments())
        if (std::holds_alternative<tmpl::Placeholder>(segment)) ++count;
    return count;
}

// Where the perl code stands, as far as a value's variable is concerned: in code (and in
// a regular expression, which interpolates a variable too), or in a string.
enum class PerlContext { code, single_quoted, double_quoted };

} // namespace

std::string filter_code(const tmpl::Template& text, std::size_t first, std::size_t total) {
    std::string body;
    PerlContext context = PerlContext::code;
    bool escaped = false;
    std::size_t quote_start = 0;  // where the current '...' began in `body`
    bool quote_has_value = false; // ... and whether a value cut it
    std::size_t index = first;
    for (const auto& segment : text.segments()) {
        if (const auto* literal = std::get_if<std::string>(&segment)) {
            for (char c : *literal) {
                bool was_escaped = escaped;
                escaped = false;
                if (context == PerlContext::code) {
                    if (c == '\'') {
                        quote_start = body.size();
                        quote_has_value = false;
                        context = PerlContext::single_quoted;
                    } else if (c == '"') {
                        context = PerlContext::double_quoted;
                    }
                } else if (c == '\\' && !was_escaped) {
                    escaped = true;
                } else if (!was_escaped && c == '\'' && context == PerlContext::single_quoted) {
                    context = PerlContext::code;
                    if (quote_has_value) {
                        // 'a'.$v.'b' made one operand: ('a'.$v.'b') =~ ..., x 3, ...
                        body.insert(quote_start, 1, '(');
                        body += "')";
                        continue;
                    }
                } else if (!was_escaped && c == '"' && context == PerlContext::double_quoted) {
                    context = PerlContext::code;
                }
                body.push_back(c);
            }
            continue;
        }
        // The value: an element of @arg, counted from its end.
        std::string element = fmt::format("$arg[-{}]", total - index);
        ++index;
        switch (context) {
        case PerlContext::code:
            body += element;
            break;
        case PerlContext::single_quoted:
            body += "'." + element + ".'";
            quote_has_value = true;
            break;
        case PerlContext::double_quoted:
            body += "@{[" + element + "]}";
            break;
        }
    }
    return "$_ = (do {\n" + body + "\n}) ? 1 : 0;";
}

JobFilter::JobFilter(const std::vector<std::string>& filters, const tmpl::Syntax& syntax,
                     tmpl::ExpressionTable& table) {
    std::size_t total = 0;
    for (const std::string& filter : filters) {
        m_filters.push_back({tmpl::Template::parse(filter, syntax, table), 0});
        total += placeholder_count(m_filters.back().text);
    }
    std::size_t first = 0;
    for (std::size_t i = 0; i < m_filters.size(); ++i) {
        Filter& filter = m_filters[i];
        filter.expression = table.add(filter_code(filter.text, first, total),
                                      fmt::format("--filter '{}'", filters[i]));
        first += placeholder_count(filter.text);
    }
}

bool JobFilter::uses_total() const {
    for (const Filter& filter : m_filters)
        if (filter.text.uses_total()) return true;
    return false;
}

void JobFilter::expression_requests(const tmpl::JobValues& values,
                                    std::vector<tmpl::ExpressionRequest>& requests) const {
    for (const Filter& filter : m_filters)
        filter.text.expression_requests(values, requests);
}

std::optional<bool> JobFilter::passes(const tmpl::JobValues& values,
                                      tmpl::ExpressionEvaluator& evaluator,
                                      std::string& error) const {
    m_args.assign(values.args.begin(), values.args.end());
    m_results.clear();
    for (const Filter& filter : m_filters) {
        for (const auto& segment : filter.text.segments()) {
            const auto* placeholder = std::get_if<tmpl::Placeholder>(&segment);
            if (placeholder == nullptr) continue;
            std::string& value = m_args.emplace_back();
            // As GNU expands a filter: every value as it is, {} with several arguments
            // joined by spaces.
            tmpl::for_each_value(
                *placeholder, values, nullptr,
                [&value](std::string_view text, bool) { value.append(text); },
                [&value] { value.push_back(' '); });
        }
        m_results.requests.push_back({filter.expression, 0});
    }
    evaluator.evaluate({m_args, values.seq, values.slot, values.total}, m_results);
    if (!m_results.error.empty()) {
        error = m_results.error;
        return std::nullopt;
    }
    if (m_results.skip) return false;
    for (const auto& value : m_results.values)
        if (value.text != "1") return false;
    return true;
}

} // namespace prun
