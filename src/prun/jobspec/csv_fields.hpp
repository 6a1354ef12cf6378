#pragma once
// --csv: input records as CSV, the way GNU parallel reads them (Perl's Text::CSV with
// binary => 1 and --colsep's separator, ',' by default).
//
// A field is either plain (no '"' anywhere in it) or quoted: it starts with '"', ends with
// the '"' that is followed by the separator or the end of the record, and holds '""' for
// each '"' of its value; it may hold the separator, newlines and any other byte. Nothing
// is trimmed. Anything else (a '"' inside a plain field, text after a closing quote, a
// quote left open) is not CSV. An empty record is one empty field.
//
// A record may span lines: GNU's rule, which csv_record_open() follows, is that a line
// with an odd number of '"' opens a record or closes the one it continues.

#include <string>
#include <string_view>
#include <vector>

namespace prun {

// Appends the fields of `record` to `out`, or returns false with `error` saying what is
// wrong (and `out` as it was) if it is not CSV. `separator` is not empty and holds no '"'.
bool split_csv(std::string_view record, std::string_view separator, std::vector<std::string>& out,
               std::string& error);

// Whether a record is still open after `line`, when it was `open` before it.
bool csv_record_open(std::string_view line, bool open);

} // namespace prun
