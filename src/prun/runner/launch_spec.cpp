#include <prun/runner/launch_spec.hpp>
#include <prun/template/quote.hpp>

namespace prun {

std::string shell_code_to_run(const LaunchSpec& spec) {
    if (spec.shell_prelude.empty()) return spec.shell_code;
    std::string code = spec.shell_prelude + '\n';
    if (spec.shell.find("zsh") == std::string::npos) return code + spec.shell_code;
    code += "eval ";
    tmpl::shell_quote(spec.shell_code, code);
    return code;
}

} // namespace prun
