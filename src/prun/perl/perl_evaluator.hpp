#pragma once
// The one perl process of a run: started when a template holds a perl expression, it
// compiles them all at once (so a bad one stops the run before any job starts) and then
// evaluates each job's in one exchange of frames over a socket pair (frame.hpp). Calls
// block until perl answers: perl is prun's own helper, not a job, and answers in
// microseconds unless an expression itself is slow.

#include <sys/types.h>

#include <prun/template/expression.hpp>
#include <prun/util/fd.hpp>

namespace prun::perl {

class PerlEvaluator final : public tmpl::ExpressionEvaluator {
public:
    // Starts `perl` (from PATH) and compiles `table`'s expressions; throws Error naming
    // the first expression that does not compile, or if perl cannot be started.
    // `max_jobs`: -j, for GNU's $Global::max_jobs_running.
    PerlEvaluator(const tmpl::ExpressionTable& table, unsigned max_jobs);
    ~PerlEvaluator() override;
    PerlEvaluator(const PerlEvaluator&) = delete;
    PerlEvaluator& operator=(const PerlEvaluator&) = delete;

    // A perl error, or perl gone, fails the job (results.error), not the run.
    void evaluate(const tmpl::ExpressionJob& job, tmpl::ExpressionResults& results) override;

private:
    void compile(unsigned max_jobs);
    // Sends one request and returns the reply's fields; false if perl is gone.
    bool exchange(const std::string& payload, std::vector<std::string>& reply);

    const tmpl::ExpressionTable& m_table;
    Fd m_socket;
    pid_t m_pid = -1;
    std::string m_buffer;
};

} // namespace prun::perl
