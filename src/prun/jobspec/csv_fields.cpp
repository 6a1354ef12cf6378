#include <algorithm>

#include <fmt/format.h>

#include <prun/jobspec/csv_fields.hpp>

namespace prun {

bool split_csv(std::string_view record, std::string_view separator, std::vector<std::string>& out,
               std::string& error) {
    std::vector<std::string> fields;
    std::size_t at = 0;
    while (true) {
        std::string field;
        if (at < record.size() && record[at] == '"') {
            std::size_t opened = at++;
            while (true) {
                std::size_t quote = record.find('"', at);
                if (quote == std::string_view::npos) {
                    error = fmt::format("the quote at byte {} is never closed", opened + 1);
                    return false;
                }
                field.append(record.substr(at, quote - at));
                at = quote + 1;
                if (at < record.size() && record[at] == '"') { // "" is one "
                    field.push_back('"');
                    ++at;
                    continue;
                }
                break;
            }
            if (at < record.size() && record.substr(at, separator.size()) != separator) {
                error = fmt::format("text after the closing quote at byte {}", at + 1);
                return false;
            }
        } else {
            std::size_t end = std::min(record.find(separator, at), record.size());
            std::size_t quote = record.substr(0, end).find('"', at);
            if (quote != std::string_view::npos) {
                error =
                    fmt::format("a quote inside a field that is not quoted, at byte {}", quote + 1);
                return false;
            }
            field.assign(record.substr(at, end - at));
            at = end;
        }
        fields.push_back(std::move(field));
        if (at >= record.size()) break;
        at += separator.size(); // at a separator: another field follows, maybe empty
        if (at == record.size()) {
            fields.emplace_back();
            break;
        }
    }
    for (std::string& field : fields)
        out.push_back(std::move(field));
    return true;
}

bool csv_record_open(std::string_view line, bool open) {
    return (std::count(line.begin(), line.end(), '"') % 2 == 1) != open;
}

} // namespace prun
