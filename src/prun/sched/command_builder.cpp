#include <prun/sched/command_builder.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

std::string join(const std::vector<std::string>& words, char separator) {
    std::string joined;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) joined.push_back(separator);
        joined.append(words[i]);
    }
    return joined;
}

} // namespace

CommandBuilder::CommandBuilder(const Options& options)
    : m_lines_are_commands(options.command.empty()), m_shell_use(options.shell_use),
      m_shell(options.shell), m_transfer(options.transfer) {
    if (!m_lines_are_commands) {
        m_command = tmpl::Template::parse(join(options.command, ' '), options.replace_token);
        // GNU parallel: a command without replacement strings gets the arguments appended.
        if (!m_command.uses_args()) m_command.append_all_args();
        if (m_shell_use == Options::ShellUse::never)
            m_plan = tmpl::ArgvPlan::split_words(m_command);
        else if (m_shell_use == Options::ShellUse::automatic)
            m_plan = tmpl::ArgvPlan::from(m_command);
        if (m_shell_use == Options::ShellUse::never && !m_plan)
            throw Error("--no-shell: the command has no words to run");
    }
    if (options.tagstring)
        m_tag = tmpl::Template::parse(*options.tagstring, options.replace_token);
    else if (options.tag)
        m_tag = tmpl::Template::parse("{}", "{}");
    for (const auto& file : options.return_files)
        m_returns.push_back(tmpl::Template::parse(file, options.replace_token));
}

void CommandBuilder::build(const Job& job, unsigned slot, LaunchSpec& out) const {
    tmpl::JobValues values{job.args, job.seq, slot};
    out.shell = m_shell;
    out.shell_code.clear();
    out.argv.clear();
    if (m_lines_are_commands) {
        // Each input line is shell code as it stands (GNU: no quoting, no substitution).
        out.shell_code = join(job.args, ' ');
        if (m_shell_use != Options::ShellUse::always) {
            auto plan = m_shell_use == Options::ShellUse::never
                            ? tmpl::ArgvPlan::split_words(tmpl::Template::literal(out.shell_code))
                            : tmpl::ArgvPlan::from(tmpl::Template::literal(out.shell_code));
            if (plan) plan->expand(values, out.argv);
        }
    } else {
        m_command.expand_for_shell(values, out.shell_code);
        if (m_plan) m_plan->expand(values, out.argv);
    }
    out.tag.clear();
    if (m_tag) {
        m_tag->expand_raw(values, out.tag);
        out.tag.push_back('\t');
    }
    // File names are data, not shell code: expanded raw, used as single words.
    out.transfer_files.clear();
    if (m_transfer)
        for (const auto& arg : job.args)
            if (!arg.empty()) out.transfer_files.push_back(arg);
    out.return_files.resize(m_returns.size());
    for (std::size_t i = 0; i < m_returns.size(); ++i) {
        out.return_files[i].clear();
        m_returns[i].expand_raw(values, out.return_files[i]);
    }
}

} // namespace prun
