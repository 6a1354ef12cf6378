#include <algorithm>

#include <prun/template/expression.hpp>

namespace prun::tmpl {

std::size_t ExpressionTable::add(std::string code, std::string source) {
    for (std::size_t i = 0; i < m_expressions.size(); ++i)
        if (m_expressions[i].code == code) return i;
    m_expressions.push_back({std::move(code), std::move(source)});
    return m_expressions.size() - 1;
}

bool ExpressionTable::uses_total_jobs() const {
    return std::any_of(m_expressions.begin(), m_expressions.end(), [](const Expression& e) {
        return e.code.find("total_jobs") != std::string::npos;
    });
}

void ExpressionResults::clear() {
    requests.clear();
    values.clear();
    skip = false;
    error.clear();
}

const ExpressionValue& ExpressionResults::value(std::size_t expr, std::size_t arg_index) const {
    for (std::size_t i = 0; i < requests.size(); ++i)
        if (requests[i].expr == expr && requests[i].arg_index == arg_index) return values.at(i);
    static const ExpressionValue k_none;
    return k_none;
}

} // namespace prun::tmpl
