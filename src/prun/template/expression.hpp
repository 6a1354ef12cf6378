#pragma once
// Perl expressions in templates ({= perl =}, --rpl definitions, --plus strings that need a
// regular expression): the table of expressions a run's templates hold, what one job asks
// of them, and the interface of whatever evaluates them (perl/, or a fake in tests).
// Templates stay pure: they only name expressions and read back the values.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace prun::tmpl {

struct Expression {
    std::string code;   // perl code run with $_ set to the value; $_ afterwards is the result
    std::string source; // as the template wrote it, for messages: "{= s/a/b/ =}", "{%.gz}"
};

// Every expression of a run's templates, each once: templates refer to them by index.
class ExpressionTable {
public:
    std::size_t add(std::string code, std::string source);
    const std::vector<Expression>& expressions() const { return m_expressions; }
    bool empty() const { return m_expressions.empty(); }
    // True if some expression calls total_jobs() (the run must count its jobs first).
    bool uses_total_jobs() const;

private:
    std::vector<Expression> m_expressions;
};

// One evaluation: expression `expr` with $_ set to the job's argument `arg_index` (0-based;
// an argument past the end, as for a job without arguments, is "").
struct ExpressionRequest {
    std::size_t expr = 0;
    std::size_t arg_index = 0;
    bool operator==(const ExpressionRequest&) const = default;
};

struct ExpressionValue {
    std::string text;
    bool unquoted = false; // the expression called uq(): substituted as shell code
};

// What a job's expressions came to: a value per request (same order), or the job is to be
// skipped (skip() was called), or an expression failed at run time.
struct ExpressionResults {
    std::vector<ExpressionRequest> requests;
    std::vector<ExpressionValue> values;
    bool skip = false;
    std::string error; // "" when all went well

    void clear();
    // The value for (expr, arg_index); it must have been requested.
    const ExpressionValue& value(std::size_t expr, std::size_t arg_index) const;
};

// The facts about a job that helpers such as seq(), slot() and total_jobs() return.
struct ExpressionJob {
    std::span<const std::string> args;
    std::uint64_t seq = 0;
    unsigned slot = 0;
    std::optional<std::uint64_t> total; // jobs in the run, when counted
};

class ExpressionEvaluator {
public:
    virtual ~ExpressionEvaluator() = default;
    // Evaluates `results.requests` for `job`, filling the rest of `results`.
    virtual void evaluate(const ExpressionJob& job, ExpressionResults& results) = 0;
};

} // namespace prun::tmpl
