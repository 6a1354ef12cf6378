#pragma once
// Builds each job's LaunchSpec from the command template and the job's values: the shell
// code (values shell-quoted), the direct-exec argv when no shell is needed, the tag, and
// the files to send to a remote host and fetch back (--transfer, --return), and the job's
// attempts when --retries holds replacement strings.

#include <optional>
#include <string>
#include <unordered_set>

#include <prun/jobspec/job.hpp>
#include <prun/runner/launch_spec.hpp>
#include <prun/sched/command_settings.hpp>
#include <prun/sched/job_filter.hpp>
#include <prun/template/argv_plan.hpp>
#include <prun/template/expression.hpp>
#include <prun/template/quote.hpp>
#include <prun/template/template.hpp>

namespace prun {

class PipeFiles;

class CommandBuilder {
public:
    // `column_names`: --header's names for the input columns ({name} is that column).
    // `pipe`: the jobs get their input on stdin (--pipe), no arguments.
    explicit CommandBuilder(const CommandSettings& settings,
                            const std::vector<std::string>& column_names = {}, bool pipe = false);

    // The perl expressions of the templates; if there are any, build() needs an evaluator
    // for them (which must outlive this builder's use).
    const tmpl::ExpressionTable& expressions() const { return m_expressions; }
    void use_evaluator(tmpl::ExpressionEvaluator& evaluator) { m_evaluator = &evaluator; }
    // --cat, --fifo: each job's {} is its file in `files` (which must outlive this builder's
    // use), also given to it as $PARALLEL_TMP.
    void use_pipe_files(const PipeFiles& files) { m_pipe_files = &files; }

    // What build() decided: run the job, or not (skip() in a perl expression, a --filter
    // that is false, or an expression that failed: error() says how).
    enum class Outcome { run, skip, fail };
    // `total`: the run's number of jobs, if known (see needs_total()).
    Outcome build(const Job& job, unsigned slot, std::optional<std::uint64_t> total,
                  LaunchSpec& out) const;
    const std::string& error() const { return m_results.error; }
    // The length of the shell code of a job with these arguments (-m, -X, -s). Perl
    // expressions are not run for it: their values count as empty.
    std::size_t command_length(std::span<const std::string> args, std::uint64_t seq) const;
    // True if a template needs the number of jobs ({##}, total_jobs()) before the first
    // job starts.
    bool needs_total() const { return m_needs_total; }

private:
    bool m_lines_are_commands; // no COMMAND was given: the input lines are the commands
    CommandSettings::ShellUse m_shell_use;
    std::string m_shell;
    std::string m_prelude;        // $PARALLEL_ENV
    tmpl::QuoteDialect m_dialect; // how m_shell wants values quoted
    // Functions bash exported to us: a command naming one needs the shell (export -f f).
    std::unordered_set<std::string> m_functions;
    tmpl::Template m_command;
    // The command is one replacement string: its values are the commands, unquoted.
    bool m_unquoted = false;
    std::optional<tmpl::ArgvPlan> m_plan;
    std::optional<tmpl::Template> m_tag;
    std::vector<std::string> m_passed_env;   // --env
    std::optional<tmpl::Template> m_workdir; // --wd
    bool m_workdir_fresh = false;            // ... followed by the job's number
    bool m_workdir_cleanup = false;
    bool m_transfer;
    bool m_quote_only; // --shellquote: print the job's shell code quoted as one word
    std::vector<tmpl::Template> m_sends; // --transferfile
    std::vector<tmpl::Template> m_returns;
    // --tmpl: each file's content and name.
    std::vector<std::pair<tmpl::Template, tmpl::Template>> m_template_files;
    bool m_remove_template_files = false;
    std::optional<JobFilter> m_filter;       // --filter
    std::optional<tmpl::Template> m_retries; // --retries with replacement strings
    std::string m_retries_text;
    tmpl::ExpressionTable m_expressions;
    tmpl::ExpressionEvaluator* m_evaluator = nullptr;
    const PipeFiles* m_pipe_files = nullptr;
    mutable tmpl::ExpressionResults m_results;
    bool m_needs_total = false;
};

} // namespace prun
