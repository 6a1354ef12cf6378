#include <algorithm>
#include <charconv>

#include <prun/proc/job_shell.hpp>
#include <prun/sched/command_builder.hpp>
#include <prun/sched/pipe_files.hpp>
#include <prun/sched/policy.hpp>
#include <prun/template/column_names.hpp>
#include <prun/template/quote.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

// Values larger than this in all get the command's room reserved up front.
constexpr std::size_t k_reserve_above = 1 << 20;

std::string join(const std::vector<std::string>& words, char separator) {
    std::string joined;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) joined.push_back(separator);
        joined.append(words[i]);
    }
    return joined;
}

// The shell code that runs `argv` as it is: every word quoted.
void quote_words(const std::vector<std::string>& argv, std::string& out,
                 tmpl::QuoteDialect dialect) {
    out.clear();
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (i > 0) out.push_back(' ');
        tmpl::shell_quote(argv[i], out, dialect);
    }
}

} // namespace

CommandBuilder::CommandBuilder(const CommandSettings& settings,
                               const std::vector<std::string>& column_names, bool pipe)
    : m_lines_are_commands(settings.command.empty()), m_shell_use(settings.shell_use),
      m_shell(settings.shell), m_prelude(settings.shell_prelude),
      m_dialect(tmpl::quote_dialect_of(settings.shell)), m_transfer(settings.transfer),
      m_quote_only(settings.shell_quote_only) {
    if (m_shell_use == CommandSettings::ShellUse::automatic)
        m_functions = exported_shell_functions();
    tmpl::Syntax syntax = tmpl::Syntax::make(settings.replace_token, settings.syntax);
    if (!m_lines_are_commands) {
        std::string command = join(settings.command, ' ');
        if (settings.quote_command) quote_words(settings.command, command, m_dialect);
        std::string text = tmpl::substitute_column_names(command, column_names);
        m_command = tmpl::Template::parse(text, syntax, m_expressions);
        // GNU parallel: a command without replacement strings gets the arguments appended
        // (not with --pipe: its jobs have no arguments, their input is stdin; but with
        // --cat and --fifo, the file holding it is the argument).
        bool has_argument = !pipe || settings.pipe_file != CommandSettings::PipeFile::none;
        if (!m_command.has_placeholders() && has_argument) m_command.append_all_args();
        m_command.set_context_replace(settings.context_replace);
        m_unquoted = m_command.is_one_replacement_string();
        // Values are quoted for where they stand in POSIX shell code; --no-shell has no
        // shell code to place them in, fish and csh code is not read (values are quoted as
        // words there).
        if (!m_unquoted && m_shell_use != CommandSettings::ShellUse::never &&
            m_dialect == tmpl::QuoteDialect::posix)
            m_command.prepare_for_shell();
        if (m_shell_use == CommandSettings::ShellUse::never)
            m_plan = tmpl::ArgvPlan::split_words(m_command);
        else if (m_shell_use == CommandSettings::ShellUse::automatic)
            m_plan = tmpl::ArgvPlan::from(m_command);
        if (m_plan && m_functions.contains(std::string(m_plan->program()))) m_plan.reset();
        if (m_shell_use == CommandSettings::ShellUse::never && !m_plan)
            throw Error("--no-shell: the command has no words to run");
    }
    if (settings.tagstring)
        m_tag =
            tmpl::Template::parse(tmpl::substitute_column_names(*settings.tagstring, column_names),
                                  syntax, m_expressions);
    else if (settings.tag)
        m_tag = tmpl::Template::parse("{}", "{}");
    if (m_tag) m_tag->set_context_replace(settings.context_replace);
    for (const auto& file : settings.transfer_file_templates)
        m_sends.push_back(tmpl::Template::parse(file, syntax, m_expressions));
    if (!settings.filters.empty()) {
        std::vector<std::string> filters;
        for (const auto& filter : settings.filters)
            filters.push_back(tmpl::substitute_column_names(filter, column_names));
        m_filter.emplace(filters, syntax, m_expressions);
    }
    for (const auto& file : settings.return_files)
        m_returns.push_back(tmpl::Template::parse(file, syntax, m_expressions));
    for (const auto& file : settings.template_files)
        m_template_files.emplace_back(
            tmpl::Template::parse(tmpl::substitute_column_names(file.content, column_names), syntax,
                                  m_expressions),
            tmpl::Template::parse(tmpl::substitute_column_names(file.name, column_names), syntax,
                                  m_expressions));
    m_remove_template_files = settings.remove_template_files;
    if (settings.workdir)
        m_workdir = settings.workdir_literal || settings.workdir_fresh
                        ? tmpl::Template::literal(*settings.workdir)
                        : tmpl::Template::parse(*settings.workdir, syntax, m_expressions);
    m_workdir_fresh = settings.workdir_fresh;
    m_passed_env = settings.passed_env;
    m_workdir_cleanup = settings.workdir_cleanup;
    if (settings.retries_template) {
        m_retries_text = *settings.retries_template;
        m_retries = tmpl::Template::parse(m_retries_text, syntax, m_expressions);
        if (!m_retries->has_placeholders())
            throw Error("invalid value '{}' for --retries: expected a number of attempts (0 "
                        "for no limit) or a replacement string (see 'prun --help')",
                        m_retries_text);
    }
    m_needs_total = m_expressions.uses_total_jobs() || m_command.uses_total() ||
                    (m_tag && m_tag->uses_total()) || (m_retries && m_retries->uses_total()) ||
                    (m_filter && m_filter->uses_total());
    for (const auto& file : m_sends)
        m_needs_total = m_needs_total || file.uses_total();
    for (const auto& file : m_returns)
        m_needs_total = m_needs_total || file.uses_total();
    for (const auto& [content, name] : m_template_files)
        m_needs_total = m_needs_total || content.uses_total() || name.uses_total();
    if (m_workdir) m_needs_total = m_needs_total || m_workdir->uses_total();
}

std::size_t CommandBuilder::command_length(std::span<const std::string> args,
                                           std::uint64_t seq) const {
    if (m_lines_are_commands) {
        std::size_t length = 0;
        for (const auto& arg : args)
            length += arg.size() + 1;
        return length > 0 ? length - 1 : 0;
    }
    tmpl::JobValues values{args, seq, 1};
    std::string code;
    if (m_unquoted)
        m_command.expand_raw(values, code);
    else
        m_command.expand_for_shell(values, code, m_dialect);
    return code.size();
}

CommandBuilder::Outcome CommandBuilder::build(const Job& job, unsigned slot,
                                              std::optional<std::uint64_t> total,
                                              LaunchSpec& out) const {
    bool from_file = !job.command.empty() || !job.argv.empty();
    // A job-file job has no arguments; its name stands for them in --tag and --tagstring.
    std::string name_arg[1];
    if (from_file) name_arg[0] = job.name;
    // --cat, --fifo: the job's file is its one argument.
    if (m_pipe_files != nullptr) name_arg[0] = m_pipe_files->path(job.seq);
    bool one_arg = from_file || m_pipe_files != nullptr;
    tmpl::JobValues values{one_arg ? std::span<const std::string>(name_arg)
                                   : std::span<const std::string>(job.args),
                           job.seq, slot};
    values.total = total;
    m_results.clear();
    if (!m_expressions.empty()) {
        if (m_evaluator == nullptr) {
            m_results.error = "no evaluator for the template's perl expressions";
            return Outcome::fail;
        }
        // All of the job's expressions in one exchange with perl, before any expansion.
        if (!m_lines_are_commands && !from_file)
            m_command.expression_requests(values, m_results.requests);
        if (m_tag) m_tag->expression_requests(values, m_results.requests);
        for (const auto& file : m_sends)
            file.expression_requests(values, m_results.requests);
        for (const auto& file : m_returns)
            file.expression_requests(values, m_results.requests);
        if (m_retries) m_retries->expression_requests(values, m_results.requests);
        for (const auto& [content, name] : m_template_files) {
            content.expression_requests(values, m_results.requests);
            name.expression_requests(values, m_results.requests);
        }
        if (m_workdir) m_workdir->expression_requests(values, m_results.requests);
        if (m_filter) m_filter->expression_requests(values, m_results.requests);
        if (!m_results.requests.empty()) {
            m_evaluator->evaluate({values.args, job.seq, slot, total}, m_results);
            if (!m_results.error.empty()) return Outcome::fail;
        }
        values.results = &m_results;
    }
    // --filter: a job it rules out is skipped as one that called skip() (GNU's way).
    bool filtered_out = false;
    if (m_filter && m_evaluator != nullptr && !m_results.skip) {
        auto passes = m_filter->passes(values, *m_evaluator, m_results.error);
        if (!passes) return Outcome::fail;
        filtered_out = !*passes;
    }
    // No shell at all for --no-shell, not even as a fallback when the exec fails.
    if (m_shell_use == CommandSettings::ShellUse::never)
        out.shell.clear();
    else
        out.shell = m_shell;
    out.shell_code.clear();
    out.argv.clear();
    if (m_passed_env.empty()) {
        out.env = job.env;
    } else {
        out.env = m_passed_env;
        out.env.insert(out.env.end(), job.env.begin(), job.env.end());
    }
    if (m_pipe_files != nullptr) out.env.push_back("PARALLEL_TMP=" + name_arg[0]);
    out.cwd = job.cwd;
    out.make_cwd = out.remove_cwd = false;
    if (m_workdir && job.cwd.empty()) {
        m_workdir->expand_raw(values, out.cwd);
        if (m_workdir_fresh) out.cwd += std::to_string(job.seq);
        out.make_cwd = m_workdir_fresh;
        out.remove_cwd = m_workdir_fresh && m_workdir_cleanup;
    }
    if (!job.argv.empty()) {
        // Executed as given: no shell, no expansion. The shell code is for people (and the
        // joblog), and runs the same words should the direct exec fail.
        out.argv = job.argv;
        quote_words(job.argv, out.shell_code, m_dialect);
    } else if (m_lines_are_commands || from_file) {
        // An input line or a job's cmd is shell code as it stands (GNU: no quoting, no
        // substitution).
        out.shell_code = from_file ? job.command : join(job.args, ' ');
        if (m_shell_use != CommandSettings::ShellUse::always) {
            auto plan = m_shell_use == CommandSettings::ShellUse::never
                            ? tmpl::ArgvPlan::split_words(tmpl::Template::literal(out.shell_code))
                            : tmpl::ArgvPlan::from(tmpl::Template::literal(out.shell_code));
            if (plan) plan->expand(values, out.argv);
            if (!out.argv.empty() && m_functions.contains(out.argv.front())) out.argv.clear();
        }
    } else {
        // Room for the values and their quotes at once: grown by doubling, the code of a
        // 100 MB argument would take up to twice that, and three times while it moves.
        std::size_t value_bytes = 0;
        for (const auto& arg : job.args)
            value_bytes += arg.size();
        if (value_bytes > k_reserve_above) out.shell_code.reserve(value_bytes + value_bytes / 16);
        if (m_unquoted)
            m_command.expand_raw(values, out.shell_code);
        else
            m_command.expand_for_shell(values, out.shell_code, m_dialect);
        if (m_plan) m_plan->expand(values, out.argv);
        // A value that called uq() is shell code: only the shell can run it.
        for (const auto& value : m_results.values)
            if (value.unquoted) out.argv.clear();
    }
    // --no-shell runs the words as split, whatever they hold: the shell code that means
    // the same (shown by --dry-run, and run if the program cannot be executed) quotes them.
    if (m_shell_use == CommandSettings::ShellUse::never && !out.argv.empty())
        quote_words(out.argv, out.shell_code, m_dialect);
    if (m_quote_only) {
        // GNU's --shellquote: the job's shell code, quoted once more as one word.
        std::string code = std::move(out.shell_code);
        out.shell_code.clear();
        tmpl::shell_quote(code, out.shell_code, m_dialect);
        out.argv.clear();
    }
    // $PARALLEL_ENV is shell code: the job needs the shell (not with --no-shell).
    out.shell_prelude.clear();
    if (!m_prelude.empty() && m_shell_use != CommandSettings::ShellUse::never) {
        out.shell_prelude = m_prelude;
        out.argv.clear();
    }
    out.stdin_data = job.stdin_data;
    out.stdin_range = job.stdin_range;
    out.tag.clear();
    if (!job.tag.empty()) {
        out.tag = job.tag + '\t';
    } else if (m_tag) {
        m_tag->expand_raw(values, out.tag);
        out.tag.push_back('\t');
    }
    // File names are data, not shell code: expanded raw, used as single words.
    out.transfer_files.clear();
    if (m_transfer)
        for (const auto& arg : job.args)
            if (!arg.empty()) out.transfer_files.push_back(arg);
    // --transferfile: a name already sent (--transfer, or another --transferfile) goes once.
    for (const auto& file : m_sends) {
        std::string name;
        file.expand_raw(values, name);
        if (!name.empty() && std::find(out.transfer_files.begin(), out.transfer_files.end(),
                                       name) == out.transfer_files.end())
            out.transfer_files.push_back(std::move(name));
    }
    out.return_files.resize(m_returns.size());
    for (std::size_t i = 0; i < m_returns.size(); ++i) {
        out.return_files[i].clear();
        m_returns[i].expand_raw(values, out.return_files[i]);
    }
    // --tmpl: the content and the name are data, filled in raw (GNU does not quote them).
    out.write_files.resize(m_template_files.size());
    for (std::size_t i = 0; i < m_template_files.size(); ++i) {
        auto& [name, content] = out.write_files[i];
        name.clear();
        content.clear();
        m_template_files[i].second.expand_raw(values, name);
        m_template_files[i].first.expand_raw(values, content);
    }
    out.remove_written_files = m_remove_template_files;
    out.attempts.reset();
    if (m_retries) {
        std::string text;
        m_retries->expand_raw(values, text);
        unsigned attempts = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), attempts);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
            m_results.error = fmt::format("--retries '{}' is '{}': expected a number of "
                                          "attempts (0 for no limit)",
                                          excerpt(m_retries_text), excerpt(text));
            return Outcome::fail;
        }
        // GNU parallel: 0 means retry forever.
        out.attempts = attempts == 0 ? k_attempts_forever : attempts;
    }
    // Expanded all the same: GNU's joblog shows a skipped job's command.
    return m_results.skip || filtered_out ? Outcome::skip : Outcome::run;
}

} // namespace prun
