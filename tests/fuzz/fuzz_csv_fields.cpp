// split_csv (--csv): never crashes; what it accepts has balanced quotes (so a record read
// line by line ends where csv_record_open says), and its fields, written back as CSV
// (every field quoted, quotes doubled), split into the same fields. Refused input leaves
// the output as it was. The first byte picks the separator; the rest is the record.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <prun/jobspec/csv_fields.hpp>

#include "fuzz_support.hpp"

namespace {

std::string quoted(const std::vector<std::string>& fields, std::string_view separator) {
    std::string record;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) record.append(separator);
        record.push_back('"');
        for (char c : fields[i]) {
            if (c == '"') record.push_back('"');
            record.push_back(c);
        }
        record.push_back('"');
    }
    return record;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    constexpr std::string_view k_separators[] = {",", ";", "\t", "::"};
    std::string_view separator = k_separators[data[0] % 4];
    std::string_view record(reinterpret_cast<const char*>(data) + 1, size - 1);

    std::vector<std::string> fields{"before"};
    std::string error;
    if (!prun::split_csv(record, separator, fields, error)) {
        fuzz::check(!error.empty());
        fuzz::check(fields.size() == 1 && fields[0] == "before");
        return 0;
    }
    fuzz::check(fields.size() >= 2);
    fields.erase(fields.begin());
    fuzz::check(!prun::csv_record_open(record, false));

    std::vector<std::string> again;
    fuzz::check(prun::split_csv(quoted(fields, separator), separator, again, error));
    fuzz::check(again == fields);
    return 0;
}
