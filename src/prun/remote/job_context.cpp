#include <prun/remote/job_context.hpp>
#include <prun/template/quote.hpp>

namespace prun::remote {

std::string code_with_job_context(const LaunchSpec& spec) {
    if (spec.env.empty() && spec.cwd.empty()) return shell_code_to_run(spec);
    std::string code;
    if (!spec.cwd.empty()) {
        code += "cd ";
        tmpl::shell_quote(spec.cwd, code);
        code += " || exit 1\n";
    }
    for (const std::string& entry : spec.env) {
        auto equals = entry.find('=');
        if (equals == std::string::npos || equals == 0) continue; // job files reject these
        code += "export ";
        code += entry.substr(0, equals + 1);
        tmpl::shell_quote(std::string_view(entry).substr(equals + 1), code);
        code += '\n';
    }
    return code + shell_code_to_run(spec);
}

LaunchSpec spec_for_worker(const LaunchSpec& spec) {
    if ((spec.env.empty() && spec.cwd.empty()) || spec.shell.empty()) return spec;
    LaunchSpec sent = spec;
    sent.shell_code = code_with_job_context(spec);
    sent.argv.clear();
    sent.env.clear();
    sent.cwd.clear();
    return sent;
}

} // namespace prun::remote
