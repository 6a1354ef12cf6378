#include <prun/template/column_names.hpp>

namespace prun::tmpl {

std::string substitute_column_names(std::string_view text, const std::vector<std::string>& names) {
    std::string result(text);
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty()) continue;
        std::string position = std::to_string(i + 1);
        for (std::string_view modifier : {"", ".", "/", "//", "/."}) {
            std::string from = "{" + names[i] + std::string(modifier) + "}";
            std::string to = "{" + position + std::string(modifier) + "}";
            for (auto at = result.find(from); at != std::string::npos;
                 at = result.find(from, at + to.size()))
                result.replace(at, from.size(), to);
        }
    }
    return result;
}

} // namespace prun::tmpl
